"""The PDF reader's tuning: one frozen object that validates itself and names the bad key.

In the style of pdfplumber's `TableSettings`. Distances are in points unless said
otherwise; gaps and sizes "in font sizes" are fractions of the line's font size.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from pipeline.errors import InvalidInput


class PdfSettingsError(InvalidInput):
    """A PDF reader setting with a value it cannot have; the message names the key and the value."""


@dataclass(frozen=True, slots=True)
class PdfSettings:
    """How the PDF reader turns characters and rules into lines, tables and blocks."""

    dedupe_tolerance: float = 1.0  # points: a fake-bold second impression lies within this of the first
    margin_zone: float = 0.06  # fraction of the page height at top and bottom where headers/footers live
    min_running_pages: int = 3  # a line repeated at one place on this many pages is a running header/footer
    rule_max_thickness: float = 2.0  # points: a filled rectangle thinner than this is a rule
    segment_gap: float = 0.3  # gap (in font sizes) that separates two runs of text on one line
    space_gap: float = 0.45  # gap (in font sizes) read as a space between two characters
    superscript_size: float = 0.85  # a raised character this much smaller than its line is a superscript
    table_tolerance: float = 2.0  # points: snapping of rule coordinates and column starts
    bar_max_row_fraction: float = 0.92  # a filled shape lower than this part of its row is a bar, not shading
    toc_paragraph_length: int = 60  # characters: a longer line without a page number ends a table of contents
    row_pad_slack: float = 0.4  # font sizes: a band between rules whose padding differs more is no row
    row_size_slack: float = 0.1  # fraction: a band between rules whose font size differs more is no row
    aligned_min_lines: int = 3  # a table without rules has at least this many lines of several aligned runs
    aligned_min_columns: int = 3  # … or two such lines with runs in at least this many columns
    aligned_max_pitch: float = 2.5  # font sizes: lines of a table without rules are at most this far apart
    aligned_row_gap: float = 0.3  # font sizes: a gap this much wider than a cell's line pitch starts a row
    engine: str = (
        "pdfium"  # what parses the pages: "pdfium" (pypdfium2) or "pdfplumber" (pdfminer, the reference)
    )

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise PdfSettingsError(
                f"PdfSettings.engine must be one of {', '.join(ENGINES)}, not {self.engine!r}"
            )
        for f in fields(self):
            if f.name == "engine":
                continue
            kind, low, low_open, high, high_open = _BOUNDS[f.name]
            value = getattr(self, f.name)
            number = (int,) if kind is int else (int, float)
            ok = isinstance(value, number) and not isinstance(value, bool)
            if ok:
                ok = (value > low if low_open else value >= low) and (
                    high is None or (value < high if high_open else value <= high)
                )
            if not ok:
                raise PdfSettingsError(f"PdfSettings.{f.name} must be {_describe(f.name)}, not {value!r}")


ENGINES = ("pdfium", "pdfplumber")  # the first is the default

# field → (type, low, low excluded, high or None, high excluded)
_BOUNDS: dict[str, tuple[type, float, bool, float | None, bool]] = {
    "dedupe_tolerance": (float, 0, True, None, False),
    "margin_zone": (float, 0, True, 0.5, True),
    "min_running_pages": (int, 2, False, None, False),
    "rule_max_thickness": (float, 0, True, None, False),
    "segment_gap": (float, 0, True, None, False),
    "space_gap": (float, 0, True, None, False),
    "superscript_size": (float, 0, True, 1, False),
    "table_tolerance": (float, 0, False, None, False),
    "bar_max_row_fraction": (float, 0, True, 1, False),
    "toc_paragraph_length": (int, 1, False, None, False),
    "row_pad_slack": (float, 0, False, None, False),
    "row_size_slack": (float, 0, False, None, False),
    "aligned_min_lines": (int, 2, False, None, False),
    "aligned_min_columns": (int, 2, False, None, False),
    "aligned_max_pitch": (float, 0, True, None, False),
    "aligned_row_gap": (float, 0, True, None, False),
}


def _describe(name: str) -> str:
    """The allowed values of a field, for messages: 'a number > 0 and < 0.5'."""
    kind, low, low_open, high, high_open = _BOUNDS[name]
    text = ("a whole number" if kind is int else "a number") + (" > " if low_open else " ≥ ") + f"{low:g}"
    if high is not None:
        text += (" and < " if high_open else " and ≤ ") + f"{high:g}"
    return text


DEFAULTS = PdfSettings()
