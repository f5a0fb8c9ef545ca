"""A generated plan as a text extraction (the format `pipeline.read.text` reads).

Table rows are TAB-separated lines, a line break inside a cell is `<br>`, a blank
line ends a table. Other blocks are one line each. The `rng` only decides what
does not change the answer: blank lines between paragraphs, page numbers left
by the extraction at page breaks, running text broken into lines, header words
spaced out (`担 当 課`).
"""

from __future__ import annotations

import random

from tests.plangen.generate import Block, GeneratedPlan

PAGE_NUMBERS = ["- {n} -", "{n}", "－{n}－", "― {n} ―", None]


def render_text(plan: GeneratedPlan, rng: random.Random | None = None) -> str:
    rng = rng or random.Random(plan.seed or 0)
    spaced = rng.random() < 0.5  # a blank line after every paragraph
    break_prose = rng.random() < 0.4
    width = rng.randint(30, 45)
    page_style = rng.choice(PAGE_NUMBERS)
    spread_headers = rng.random() < 0.15
    lines: list[str] = []
    page = 1
    for block in plan.blocks:
        match block.kind:
            case "title" | "heading":
                lines += ["", block.text, ""]
            case "text":
                pieces = _break(block.text, width) if block.prose and break_prose else [block.text]
                lines += pieces + ([""] if spaced else [])
            case "toc":
                lines += ["", block.text, ""] + [row[0] for row in block.rows] + [""]
            case "table":
                lines += [""] + _table(block, spread_headers) + [""]
            case "pagebreak":
                page += 1
                if page_style:
                    lines += ["", page_style.format(n=page), ""]
    return _squeeze(lines)


def _table(block: Block, spread_headers: bool) -> list[str]:
    rows = []
    for i, row in enumerate(block.rows):
        cells = [c.replace("\n", "<br>") for c in row]
        if spread_headers and i < block.header_rows:
            cells = [" ".join(c) if 2 <= len(c) <= 3 and not c.isascii() else c for c in cells]
        rows.append("\t".join(cells))
    return rows


def _break(text: str, width: int) -> list[str]:
    """Running text cut into lines of `width` characters, as a PDF extraction leaves it."""
    return [text[i : i + width] for i in range(0, len(text), width)]


def _squeeze(lines: list[str]) -> str:
    """At most one blank line in a row, none at the start; a final newline."""
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
