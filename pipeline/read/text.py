"""Plain-text extractions → Document IR.

Tab-separated lines become table rows (a blank line ends a table), other lines
become text blocks, a table of contents is recognised and marked `toc` so that
no segmenter mistakes its entries for content.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.model.ir import Block, Cell, Document, Row
from pipeline.normalize.encoding import decode, describe_controls, strip_controls
from pipeline.read.cells import TOC_ENTRY, TOC_HEADING, cell_lines, is_separator

_TOC_CHAPTER = re.compile(r"^(?:第\s*[0-9０-９一二三四五六七八九十]+\s*[章部編]|資料編|参考資料)")


def read_text(path: Path, data: bytes) -> Document:
    """Read a text extraction into blocks, keeping each block's line number."""
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned, controls, first = strip_controls(text)
    first_line = text.count("\n", 0, first) + 1 if first is not None else None
    lines = cleaned.split("\n")
    blocks = parse_lines(lines)
    problems = (
        []
        if encoding.startswith("utf-8")
        else [("warning", f"the text is not UTF-8: read as {encoding}", None, None)]
    )
    if "replacement" in encoding:
        problems = [
            ("warning", "no encoding decodes the text cleanly: undecodable bytes were replaced", None, None)
        ]
    if controls:
        message = f"removed {describe_controls(controls)} that are not text, the first on line {first_line}"
        problems.append(("warning", message, None, first_line))
    return Document(path=str(path), format="text", blocks=blocks, encoding=encoding, problems=problems)


def parse_lines(lines: list[str]) -> list[Block]:
    """Group numbered lines into text, table and toc blocks."""
    blocks: list[Block] = []
    table: Block | None = None
    toc: Block | None = None
    toc_first: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if toc is not None:
            if _ends_toc(stripped, toc_first):
                toc = None
            else:
                if stripped:
                    toc.rows.append(Row([Cell(stripped, [stripped])], line=number))
                    toc_first = toc_first or stripped
                continue
        if not stripped:
            table = None
            continue
        if is_separator(line):
            continue
        if TOC_HEADING.match(stripped):
            table = None
            toc = Block("toc", raw=stripped, line=number)
            toc_first = None
            blocks.append(toc)
            continue
        if "\t" in line:
            cells = [Cell(c, cell_lines(c)) for c in line.rstrip("\n").split("\t")]
            if table is None:
                table = Block("table", line=number)
                blocks.append(table)
            table.rows.append(Row(cells, line=number))
            table.raw += line + "\n"
            continue
        table = None
        blocks.append(Block("text", raw=stripped, line=number))
    return blocks


def _ends_toc(stripped: str, first: str | None) -> bool:
    """A toc ends where its first entry is printed again or a line is no toc entry.

    Entries end in a page number (`1\t計画の趣旨\t1`) or are chapter headings (`第1章 …`).
    """
    if not stripped:
        return False
    if first is not None and stripped == first:
        return True
    return not (TOC_ENTRY.search(stripped) or _TOC_CHAPTER.match(stripped))
