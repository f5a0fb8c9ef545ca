"""Project cards, the reading: card tables, the tree table (体系図) and the plan title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pipeline.model.ir import Block, Document, Row
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.text import circled_to_int, clean, nfkc
from pipeline.segment import indicator_tables
from pipeline.segment.base import Context, Extraction, add_plan, provenance

GOAL_WORDS = ("基本方針", "基本目標")
MEASURE_KIND = "施策"
CARD_WORDS = ("事業",)
CONTENT_WORDS = ("内容", "事業内容", "取組内容")
YEAR_LABELS = ("実施年度", "スケジュール")
NOVELTY = {"新規": "new", "拡充": "expanded", "継続": "continued"}
ARROWS = "→⇒➡"
ACTOR_ROLES = {"◎": "lead", "○": "partner"}
PLAN_TITLE_ENDINGS = ("計画", "プラン", "指針", "ビジョン")
MAX_HEADING_LEN = 40
# Headings are matched on the printed text: \d and \s also match full-width digits and spaces.
GOAL_HEADING = re.compile(rf"^({'|'.join(GOAL_WORDS)})\s*(\d+)\s*(\S.*)?$")
MEASURE_HEADING = re.compile(r"^[(（]\s*(\d+)\s*[)）]\s*(\S.*)$")
_CARD = re.compile(rf"^({'|'.join(CARD_WORDS)})\s*(\d+)$")
SECTION = re.compile(r"^(?:第\s*\d+\s*章|\d+(?:-\d+)?\s+\S)")
_YEAR = re.compile(r"^(?:令和|平成|R|H)?\s*(?:元|\d{1,4})\s*年度$")
_EDITION_LINE = re.compile(r"^\(?\s*第\s*\S{1,3}\s*[次期]\s*\)?$")
_PERIOD = re.compile(r"年度\s*[~\-–―]\s*\S*年度")
BULLET = re.compile(r"^[-*•・]\s*")
_ITEM_SPLIT = re.compile(r"(?<=。)\s*(?=○)")


@dataclass(slots=True)
class Node:
    """A measure id with its position in the tree (goal code, measure code)."""

    measure_id: str
    goal_code: str | None
    measure_code: str | None


@dataclass(slots=True)
class TreeItem:
    """One 体系図 item (①…) with its tree position and actor marks."""

    label: str
    number: int
    goal_code: str | None
    measure_code: str | None
    actors: list[tuple[str, str]]
    row: Row


def first_text(row: Row) -> str:
    """The first non-empty cell of a row, NFKC-normalized."""
    return next((t for c in row.cells if (t := nfkc(c.raw))), "")


def card_groups(block: Block) -> list[list[Row]]:
    """The cards of a table block: rows from one `事業N` header row to the next."""
    groups: list[list[Row]] = []
    for row in block.rows:
        if _CARD.match(first_text(row)):
            groups.append([row])
        elif groups:
            groups[-1].append(row)
    return groups


def year_columns(row: Row, era: str | None) -> list[tuple[int, int]]:
    """(cell index, fiscal year) of a year strip row; empty when `row` is not one."""
    found = [(i, parse_fy(nfkc(c.raw), era)) for i, c in enumerate(row.cells) if _YEAR.match(nfkc(c.raw))]
    years = [(i, fy) for i, fy in found if fy is not None]
    return years if len(years) >= 2 else []


def find_year_row(rows: list[Row], era: str | None) -> int | None:
    """Index of the year strip row among a card's rows."""
    return next((i for i, r in enumerate(rows) if year_columns(r, era)), None)


def find_content_row(rows: list[Row]) -> int | None:
    """Index of the card's `内容` row."""
    return next((i for i, r in enumerate(rows) if first_text(r).replace(" ", "") in CONTENT_WORDS), None)


def description_lines(rows: list[Row]) -> list[str]:
    """The ○ items of a card's `内容` rows (label cells left out), cleaned, one per line."""
    lines = []
    for cell in (c for row in rows for c in row.cells):
        if nfkc(cell.raw).replace(" ", "") in CONTENT_WORDS + YEAR_LABELS:
            continue
        for line in cell.lines:
            lines += [t for piece in _ITEM_SPLIT.split(line) if (t := clean(piece.lstrip("○ ")))]
    return lines


def phase_spans(years: list[tuple[int, int]], row: Row | None) -> list[tuple[str, int, int]] | None:
    """(phase, first year, last year) per span of a phase row; None when it cannot be read."""
    if row is None:
        return None
    cells = [nfkc(c.raw) for c in row.cells]
    filled = [i for i, t in enumerate(cells) if t]
    if filled and set(filled) <= {i for i, _ in years}:
        texts = [cells[i] if i < len(cells) else "" for i, _ in years]
    elif filled and len(filled) == len(years):  # cells shifted against the strip: read in order
        texts = [cells[i] for i in filled]
    else:
        return None
    spans: list[list[Any]] = []
    current: list[Any] | None = None
    for text, (_, fy) in zip(texts, years, strict=True):
        word = clean(text.strip(ARROWS + " "))
        if word:
            current = [word, fy, fy]
            spans.append(current)
        elif text and current is not None:
            current[2] = fy
        elif text:
            return None  # an arrow with no phase before it
        else:
            current = None
    return [(w, a, b) for w, a, b in spans]


@dataclass(slots=True)
class Card:
    """What one card table prints, with the problems found reading it."""

    word: str
    code: str
    code_raw: str
    title_raw: str
    novelty: str | None
    description: str | None
    spans: list[tuple[str, int, int]]
    phase_row: Row
    problems: list[tuple[str, Row]]


def parse_card(rows: list[Row], era: str | None) -> Card:
    """Read a card: header row (`事業N | title | 新規`), `内容` rows, year strip and phase row."""
    head, problems = rows[0], []
    cells = [t for c in head.cells if (t := c.raw.strip())]
    m = _CARD.match(nfkc(cells[0]))
    word, code = (m.group(1), nfkc(m.group(2))) if m else (cells[0], cells[0])
    words = [nfkc(t).strip("【】[]() ") for t in cells[1:]]
    novelty = [NOVELTY[w] for w in words if w in NOVELTY]
    titles = [t for t, w in zip(cells[1:], words, strict=True) if w not in NOVELTY]
    if len(titles) > 1 or len(novelty) > 1:
        problems.append((": several titles or novelty words in the header row; titles joined", head))
    ci, yi = find_content_row(rows), find_year_row(rows, era)
    if ci is None:
        problems.append((" has no 内容 row", head))
    content = [] if ci is None else rows[ci : yi if yi is not None and yi > ci else None]
    strip = rows[yi] if yi is not None else None
    phase_row = rows[yi + 1] if yi is not None and yi + 1 < len(rows) else None
    read = [head, *content, strip, phase_row]
    unread = [r for r in rows if not any(r is x for x in read) and first_text(r)]
    problems += [(": a row outside 内容 and the year strip is not read", r) for r in unread]
    spans = phase_spans(year_columns(strip, era), phase_row) if strip else None
    at = phase_row or strip or head
    if spans is None:
        problems.append(
            (": the phase row cannot be read against the year strip" if strip else " has no year strip", at)
        )
    return Card(
        word=word,
        code=code,
        code_raw=cells[0],
        title_raw=" ".join(titles),
        novelty=novelty[0] if novelty else None,
        description="\n".join(description_lines(content)) or None,
        spans=spans or [],
        phase_row=at,
        problems=problems,
    )


def find_plan_title(doc: Document) -> tuple[str, Block, str | None] | None:
    """(printed title with its edition line, title block, printed period) from the cover."""
    cover: list[Block] = []
    for block in doc.blocks:
        if block.kind != "text" or SECTION.match(block.raw.strip()):
            break
        cover.append(block)
    period = next((b.raw for b in cover if _PERIOD.search(nfkc(b.raw))), None)
    for i, block in enumerate(cover):
        text = clean(block.raw)
        if len(text) <= MAX_HEADING_LEN and text.endswith(PLAN_TITLE_ENDINGS):
            edition = next(
                (b.raw.strip() for b in cover[i + 1 : i + 2] if _EDITION_LINE.match(nfkc(b.raw))), ""
            )
            return block.raw.strip() + edition, block, period
    return None


def read_plan(ext: Extraction, doc: Document, ctx: Context, era: str | None) -> str:
    """The plan record: title, edition and period as printed, else from the manifest."""
    entry = ctx.entry
    found = find_plan_title(doc)
    if found is None:
        ext.warn("no plan title printed on the cover; using the manifest title")
    title = clean(found[0]) if found else clean(entry.title if entry else "") or ctx.document_id
    start, end = parse_fy_range(found[2], era) if found and found[2] else (None, None)
    if start is None and entry:
        start, end = entry.plan_fy_start, entry.plan_fy_end
    return add_plan(ext, ctx, title, fy=(start, end), **(provenance(found[1]) if found else {}))


def item_index(raws: list[str]) -> int | None:
    """Index of the cell holding a circled-number item (`①情報発信…`)."""
    return next((i for i, t in enumerate(raws) if t and circled_to_int(t[0])), None)


def is_tree(block: Block) -> bool:
    """A 体系図: rows with a circled-number item followed by actor marks."""
    for row in block.rows:
        raws = [c.raw.strip() for c in row.cells]
        i = item_index(raws)
        if i is not None and any(t in ACTOR_ROLES for t in raws[i + 1 :]):
            return True
    return False


def parse_tree(block: Block, names: dict[int, str]) -> list[TreeItem]:
    """Items of a 体系図 table with their goal, measure number and actor marks.

    `names` maps an actor column index to the printed actor; it is filled from the
    header rows and reused by a continuation table printed without them.
    """
    items: list[TreeItem] = []
    goal = measure = None
    for row in block.rows:
        raws = [c.raw.strip() for c in row.cells]
        i = item_index(raws)
        position = [nfkc(t) for t in raws[: len(raws) if i is None else i]]
        for text in position:
            if m := GOAL_HEADING.match(text):
                goal, measure = nfkc(m.group(2)), None
            elif text.isdigit():
                measure = text
        if i is None:
            if not items and not any(GOAL_HEADING.match(t) for t in position):
                names.update({j: clean(t) for j, t in enumerate(raws) if t})
            continue
        actors = [(names.get(j, ""), t) for j, t in enumerate(raws) if j > i and t in ACTOR_ROLES]
        label, number = raws[i][0] + clean(raws[i][1:]), circled_to_int(raws[i][0]) or 0
        items.append(TreeItem(label, number, goal, measure, actors, row))
    return items


def following_notes(blocks: list[Block], i: int) -> list[str]:
    """The `※` note lines printed right after block `i`."""
    notes = []
    for block in blocks[i + 1 :]:
        if block.kind != "text" or not indicator_tables.is_note(block.raw):
            break
        notes.append(block.raw)
    return notes
