"""The intermediate representation every reader produces and every segmenter reads.

A document is a flat sequence of blocks in reading order. A block is a paragraph
line, a table (rows of cells) or a table of contents. Text is kept exactly as
printed (`raw`); normalization happens later, in `pipeline.normalize`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points


@dataclass(slots=True)
class Cell:
    """One table cell: its printed text and its lines (bullet structure kept)."""

    raw: str
    lines: list[str] = field(default_factory=list)
    bbox: BBox | None = None
    line: int | None = None  # its own text line where it has one (a repaired export), else its row's
    # the rows of its table it covers, its own first: more than 1 for a cell merged over the rows
    # below it (a PDF's drawn cell box; the rows it covers hold empty cells at its position)
    rows: int = 1

    @property
    def text(self) -> str:
        """The cell's lines joined with newlines."""
        return "\n".join(self.lines)


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    line: int | None = None  # text line number (1-based)
    page: int | None = None  # PDF page number (1-based)
    bbox: BBox | None = None

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Bar:
    """A filled bar drawn across columns of a table row (a fiscal-year timeline), read from a PDF."""

    row: int  # index into the table's rows
    first: int  # first column the bar covers
    last: int  # last column it covers (inclusive)
    text: str = ""  # the label printed on the bar, if any
    bbox: BBox | None = None


@dataclass(slots=True)
class Block:
    """A paragraph line (`text`), a table (`table`) or a table of contents (`toc`)."""

    kind: str
    raw: str = ""
    rows: list[Row] = field(default_factory=list)
    line: int | None = None
    page: int | None = None
    bbox: BBox | None = None
    bars: list[Bar] = field(default_factory=list)  # PDF tables only: timeline bars over the rows
    # PDF text blocks only (None elsewhere): how the block was set, for headings known by their look
    size: float | None = None  # the font size of its first line, in points
    bold: bool | None = None  # set bold (a bold face, a fake-bold overprint, Gothic in a Mincho body)

    @property
    def is_table(self) -> bool:
        return self.kind == "table"


@dataclass(slots=True)
class Document:
    """What a reader made of one file."""

    path: str
    format: str  # "pdf" | "text"
    blocks: list[Block]
    pages: int | None = None
    encoding: str | None = None
    problems: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)
    # (severity, message, page, line) found while reading

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]

    def text_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "text"]
