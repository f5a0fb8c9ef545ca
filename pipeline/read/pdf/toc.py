"""A table of contents in a PDF: a 目次 heading and the entries after it become one `toc` block,
as the text reader makes one — entries printed as lines (a title and its page number, on one
or more pages, a chapter's title above its entries) or as a table whose rows end in page
numbers. The contents end where the first entry is printed again or a long line without a page
number comes.
"""

from __future__ import annotations

import re

from pipeline.model.ir import Block, Cell, Row
from pipeline.normalize.radicals import TABLE as RADICALS
from pipeline.read.cells import TOC_ENTRY, TOC_HEADING, TOC_LEADERS
from pipeline.read.pdf.settings import DEFAULTS


def mark_toc(
    blocks: list[Block], columns: dict[int, str], paragraph_length: int = DEFAULTS.toc_paragraph_length
) -> list[Block]:
    """A 目次 heading and the entries after it become one `toc` block (as the text reader does)."""
    out: list[Block] = []
    toc: Block | None = None
    first: str | None = None
    for i, block in enumerate(blocks):
        if toc is not None and block.kind == "table" and _toc_table(block):
            for row in block.rows:  # a contents table (entries in cells, page numbers last): its entries
                entry = "\t".join(c.raw for c in row.cells if c.raw.strip())
                toc.rows.append(Row([Cell(entry, [entry])], page=row.page or block.page, bbox=row.bbox))
                first = first or entry
            continue
        if toc is not None and block.kind == "text":
            entry = columns.get(id(block), block.raw)
            new_page = bool(toc.rows) and block.page != toc.rows[-1].page
            # A page of the contents starts with an entry, or with a chapter's title above its entries
            # (lines, or a contents table).
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            goes_on = TOC_ENTRY.search(block.raw) or (
                following is not None
                and following.page == block.page
                and (
                    (following.kind == "table" and _toc_table(following))
                    or (
                        following.kind == "text"
                        and TOC_ENTRY.search(following.raw)
                        and not _ends_toc(following.raw, first, paragraph_length)
                    )
                )
            )
            if _ends_toc(block.raw, first, paragraph_length) or (new_page and not goes_on):
                toc = None
            else:
                toc.rows.append(Row([Cell(entry, [entry])], page=block.page, bbox=block.bbox))
                first = first or block.raw
                continue
        elif toc is not None:
            toc = None
        if block.kind == "text" and TOC_HEADING.match(block.raw.translate(RADICALS)):
            toc = Block("toc", raw=block.raw, page=block.page, bbox=block.bbox)
            first = None
            out.append(toc)
            continue
        out.append(block)
    return out


def _toc_table(block: Block) -> bool:
    """True when every row of the table is a contents entry: its last cell with text a page number."""
    return bool(block.rows) and all(
        TOC_ENTRY.search("\t" + "\t".join(c.raw for c in row.cells if c.raw.strip())) for row in block.rows
    )


def _ends_toc(text: str, first: str | None, paragraph_length: int) -> bool:
    if first is not None and _entry_title(text) == _entry_title(first):
        return True  # the first entry printed again: the body starts
    return len(text) > paragraph_length and not TOC_ENTRY.search(text)


def _entry_title(text: str) -> str:
    """A contents entry without its leader dots, page number and spaces."""
    return re.sub(rf"[\s{TOC_LEADERS}-]*\d{{1,3}}\s*$", "", text).replace(" ", "").replace("\u3000", "")
