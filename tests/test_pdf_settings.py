"""PdfSettings: its defaults are the PDF reader's former constants (and the later ones); a bad value names its key."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.errors import InvalidInput
from pipeline.read.pdf import PdfSettings, PdfSettingsError, read_pdf

# The module-level constants of pipeline/read/pdf.py before it became a package.
FORMER_CONSTANTS = {
    "dedupe_tolerance": 1.0,  # DEFAULT_DEDUPE_TOLERANCE
    "margin_zone": 0.06,  # MARGIN_ZONE
    "min_running_pages": 3,  # MIN_RUNNING_PAGES
    "rule_max_thickness": 2.0,  # RULE_MAX_THICKNESS
    "segment_gap": 0.3,  # SEGMENT_GAP
    "space_gap": 0.45,  # SPACE_GAP
    "superscript_size": 0.85,  # SUPERSCRIPT_SIZE
    "table_tolerance": 2.0,  # TABLE_TOLERANCE
    "bar_max_row_fraction": 0.92,  # BAR_MAX_ROW_FRACTION
    "toc_paragraph_length": 60,  # _PARAGRAPH_LEN
    # Added later: the padding slack of rows between horizontal rules (a constant before) and
    # tables without any rules.
    "row_pad_slack": 0.4,
    "row_size_slack": 0.1,
    "aligned_min_lines": 3,
    "aligned_min_columns": 3,
    "aligned_max_pitch": 2.5,
    "aligned_row_gap": 0.3,
    # The engine that parses the pages (pdfium: pypdfium2, the default since it reads the same IR 3×
    # faster; pdfplumber: pdfminer, the reference; tests/test_pdf_engines.py).
    "engine": "pdfium",
}

BAD = [
    ("dedupe_tolerance", 0),
    ("dedupe_tolerance", -1.0),
    ("margin_zone", 0.0),
    ("margin_zone", 0.5),
    ("min_running_pages", 1),
    ("min_running_pages", 2.5),
    ("min_running_pages", True),
    ("rule_max_thickness", 0.0),
    ("segment_gap", -0.1),
    ("space_gap", "0.45"),
    ("superscript_size", 1.2),
    ("superscript_size", 0),
    ("table_tolerance", -1.0),
    ("table_tolerance", None),
    ("bar_max_row_fraction", 1.5),
    ("toc_paragraph_length", 0),
    ("toc_paragraph_length", 60.0),
    ("row_pad_slack", -0.1),
    ("row_size_slack", "0.1"),
    ("aligned_min_lines", 1),
    ("aligned_min_columns", 2.0),
    ("aligned_max_pitch", 0),
    ("aligned_row_gap", -0.3),
    ("engine", "pdfminer"),
    ("engine", None),
    ("engine", "PDFium"),
]


def test_defaults_are_the_former_constants():
    defaults = PdfSettings()
    assert {f.name for f in dataclasses.fields(PdfSettings)} == set(FORMER_CONSTANTS)
    for name, value in FORMER_CONSTANTS.items():
        assert getattr(defaults, name) == value, name
        assert type(getattr(defaults, name)) is type(value), name


@pytest.mark.parametrize(("key", "value"), BAD)
def test_bad_value_names_the_key(key, value):
    with pytest.raises(PdfSettingsError) as caught:
        PdfSettings(**{key: value})
    assert key in str(caught.value)
    assert repr(value) in str(caught.value)
    assert isinstance(caught.value, InvalidInput)


def test_good_values_and_frozen():
    settings = PdfSettings(table_tolerance=0, margin_zone=0.1, min_running_pages=2, superscript_size=1)
    assert settings.table_tolerance == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.space_gap = 1.0  # type: ignore[misc]


def test_read_pdf_takes_only_settings():
    with pytest.raises(PdfSettingsError, match="settings must be a PdfSettings"):
        read_pdf(Path("x.pdf"), b"", settings={"space_gap": 0.5})  # type: ignore[arg-type]
