"""Repair: the scrambled text order of an evaluation sheet's text export.

Source: 那須塩原市 協働のまちづくり行動計画 令和5年度実施状況（プロセス３）, the text export
of a landscape table 項目 | 事業名 | 担当課 | 取組内容 | 協働の相手 | 事業の評価 | 効果、理由
| 指標 | 基準値 | 目標値 | 現状値.

What is broken: the export lost the table. It keeps each project's cells in column order
but floats the header cells and the merged 項目 cells (`（１）市民の…`) anywhere on the
page, cuts cells over lines and glues neighbours (`事業名 担当課`, `⑤ Ｂ 効果…`).

Signature (`applies`): a text document without tables whose lines show at least
`MIN_PIVOTS` pivots (circled partner codes with a grade letter) and the sheet's column
headers printed as lines of their own.

The repair (`repair`) puts each project's lines back into the sheet's columns and gives the
IR what the printed pages show, which the recognizers read as they read the PDF: the title
lines, the goal heading, then for each page (the text between runs of blank lines) the
（n） headings it prints, in code order, over a table of its projects (the sheet's column
headers, then one row per project; each cell keeps the line it starts on, its provenance).
Which heading a row belongs to is the recognizers' rule for headings printed together over
a table (`pipeline.segment.heading_runs`). It anchors on what the text itself shows:

- a project's *pivot*: its circled partner codes and its grade letter;
- before a pivot: the title, the department (a token ending in 課/室/センター, or a rename
  `危機管理室→危機管理課`, possibly cut after the arrow), then 取組内容;
- after a pivot: the effect text (labels 効果 / 問題点), then the indicator, its name printed
  before each value (or once before all of them); the first complete name/value pattern
  ends the project, what follows is the next project's title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.model.ir import Block, Cell, Document, Row
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.repair.sheet_lines import (
    ARROWS,
    CODES,
    DEFAULT_VALUE_ORDER,
    FY_HEADING,
    GRADE,
    MEASURE_HEADING,
    Item,
    Project,
    department_line,
    is_header,
    is_value,
    read_items,
    split_effect,
    split_headings,
    text_of,
    value_headers,
)

NAME = "scrambled_sheet"
MIN_PIVOTS = 2
# The sheet's column headers in its column order (the value columns take their printed header
# with its year, `基準値（R3)`).
HEADERS = {
    "title": "事業名",
    "department": "担当課",
    "description": "取組内容",
    "partners": "協働の相手",
    "grade": "事業の評価",
    "effect": "効果、理由（問題点）",
    "indicator": "指標",
    "baseline": "基準値",
    "target": "目標値",
    "actual": "現状値",
}


def find_pivots(items: list[Item]) -> list[tuple[int, int, str, str | None, str]]:
    """(start, lines used, circled codes, grade, text after the grade) of every pivot."""
    pivots = []
    i = 0
    while i < len(items):
        codes, j, found = "", i, None
        while j < len(items) and (m := CODES.match(items[j].text)) and found is None:
            rest = nfkc(m.group(2))
            if rest and not GRADE.match(rest):
                break
            codes, j, found = codes + m.group(1), j + 1, GRADE.match(rest)
        g = GRADE.match(items[j].norm) if found is None and j < len(items) else None
        if g and (codes or not g.group(2)):
            found, j = g, j + 1
        while found and not codes and j < len(items) and (m := CODES.match(items[j].text)) and not m.group(2):
            codes, j = codes + m.group(1), j + 1  # codes printed after a grade printed alone
        if codes or found:
            grade, rest = (found.group(1), found.group(2) or "") if found else (None, "")
            pivots.append((i, j - i, codes, grade, rest))
        i = max(j, i + 1)
    return pivots


def _find_department(items: list[Item]) -> tuple[int, int, str, str] | None:
    """(index, lines used, title prefix, department) of the first department line."""
    for i, item in enumerate(items):
        text, used = item.text, 1
        if i + 1 < len(items) and (text.endswith(ARROWS) or items[i + 1].text.startswith(ARROWS)):
            text, used = text + items[i + 1].text, 2
        if found := department_line(text):
            return i, used, *found
    return None


def _key(items: list[Item]) -> str:
    return re.sub(r"\s", "", clean("".join(it.text for it in items)))


def _match_back(items: list[Item], end: int, name: str) -> int | None:
    """The start s such that items[s:end] spell `name`, or None."""
    acc = ""
    for s in range(end - 1, -1, -1):
        acc = _key([items[s]]) + acc
        if acc == name:
            return s
        if not name.endswith(acc):
            return None
    return None


def find_indicator(items: list[Item], n_values: int) -> tuple[int, list[int]] | None:
    """(name start, value indexes) of the first indicator: its name before each value, or once before all."""
    cands = [i for i, it in enumerate(items) if is_value(it.text)]
    for c in cands:
        for q in reversed([x for x in cands if x < c]):
            name = _key(items[q + 1 : c])
            vals = [q, c] if name else []
            while vals and len(vals) < n_values:
                s = _match_back(items, vals[0], name)
                vals = [s - 1, *vals] if s and s - 1 in cands else []
            if vals and (start := _match_back(items, vals[0], name)) is not None:
                return start, vals
        run = list(range(c - n_values + 1, c + 1))
        if run[0] > 0 and all(x in cands for x in run):
            start = run[0] - 1
            while start > 0 and items[start - 1].para == items[run[0] - 1].para:
                start -= 1
            return start, run
    return None


def read_projects(items: list[Item], n_values: int, ext: Warnings) -> list[Project]:
    """Split the content lines into projects around their pivots."""
    pivots = find_pivots(items)
    projects: list[Project] = []
    head = items[: pivots[0][0]] if pivots else items
    for k, (start, used, codes, grade, rest) in enumerate(pivots):
        project = Project(items[start], codes, grade)
        _read_head(project, head, ext)
        if project.title and MEASURE_HEADING.match(project.title[0].text):
            title = clean(text_of(project.title))
            message = f"project title {title!r} starts like a （n） heading; heading and title may be mixed"
            ext.warn(message, project.first.page, project.first.line)
        end = pivots[k + 1][0] if k + 1 < len(pivots) else len(items)
        head = _read_tail(project, items[start + used : end], rest, n_values, k + 1 == len(pivots), ext)
        if grade is None:
            ext.warn(
                f"project {clean(text_of(project.title))!r}: no grade letter after its partner codes",
                project.pivot.page,
                project.pivot.line,
            )
        projects.append(project)
    if head:
        ext.warn(
            f"{len(head)} line(s) after the last project belong to none: {clean(text_of(head))[:60]!r}",
            head[0].page,
            head[0].line,
        )
    return projects


def _read_head(project: Project, head: list[Item], ext: Warnings) -> None:
    """Title, department and 取組内容 printed before a pivot."""
    found = _find_department(head)
    if found is None:
        project.title = [it for it in head if it.para == head[0].para] if head else []
        project.desc = head[len(project.title) :]
        ext.warn(
            f"project {clean(text_of(project.title))!r}: no department (課/室/センター) before its grade",
            project.first.page,
            project.first.line,
        )
        return
    i, used, prefix, dept = found
    a = head[i]
    title_part = Item(prefix, a.line, a.page, a.bbox, a.para, a.page_key, a.idx)
    project.title = head[:i] + ([title_part] if prefix else [])
    project.dept, project.dept_raw, project.desc = head[i : i + used], dept, head[i + used :]


def _read_tail(
    project: Project, tail: list[Item], rest: str, n: int, last: bool, ext: Warnings
) -> list[Item]:
    """Effect, problems and indicator after a pivot; returns the lines left for the next project."""
    found = find_indicator(tail, n)
    if found:
        start, vals = found
        effect, carry = tail[:start], tail[vals[-1] + 1 :]
        project.name, project.values = tail[start : vals[0]], [tail[v] for v in vals]
    else:
        # No indicator: the next project's title is the paragraph before its department line.
        dept = None if last else _find_department(tail)
        cut = len(tail) if dept is None else dept[0]
        if dept and not dept[2] and cut > 0:
            cut = next(j for j in range(cut) if tail[j].para == tail[cut - 1].para)
        effect, carry = tail[:cut], tail[cut:]
        where = tail[0] if tail else project.pivot
        ext.warn(
            f"project {clean(text_of(project.title))!r}: no indicator name/value pattern after its grade",
            where.page,
            where.line,
        )
    project.reasons = [t for t in [rest, *(it.text for it in effect)] if t.strip()]
    project.effect, project.problems = split_effect(project.reasons)
    return carry


def applies(doc: Document) -> bool:
    """The signature: a text export without tables, with code+grade pivots and header lines."""
    if doc.format != "text" or doc.tables():
        return False
    items = read_items(doc)
    pivots = sum(1 for _, _, codes, grade, _ in find_pivots(items) if codes and grade)
    return pivots >= MIN_PIVOTS and any(is_header(it.text) for it in items)


@dataclass(slots=True)
class Warnings:
    """What the repair could not settle, as the IR's problems: (severity, message, page, line)."""

    found: list[tuple[str, str, int | None, int | None]] = field(default_factory=list)

    def warn(self, message: str, page: int | None = None, line: int | None = None) -> None:
        self.found.append(("warning", message, page, line))


def repair(doc: Document) -> Document:
    """`doc` as its pages print it: title lines, the goal, then each page's headings over its sheet table."""
    items = read_items(doc)
    content, goals, occurrences = split_headings(items)
    warnings = Warnings()
    projects = read_projects(content, len(DEFAULT_VALUE_ORDER), warnings)
    header = Row([Cell(h, [h]) for h in {**HEADERS, **value_headers(items)}.values()])
    blocks = [_line_block([it]) for it in items if _title_line(it)]
    blocks += [_line_block(h.lines) for h in goals]
    pages = sorted({p.first.page_key for p in projects} | {h.item.page_key for h in occurrences})
    for page in pages:
        headings = {h.code: h for h in reversed(occurrences) if h.item.page_key == page}  # one printing each
        blocks += [_line_block(headings[code].lines) for code in sorted(headings, key=int)]
        rows = [_row(p) for p in projects if p.first.page_key == page]
        if rows:
            blocks.append(Block("table", rows=[header, *rows], line=rows[0].line, page=rows[0].page))
    return replace(doc, blocks=blocks, problems=[*doc.problems, *warnings.found])


def _title_line(item: Item) -> bool:
    """A header line that titles the document (`…計画 令和6年度実施状況`), not a column header."""
    return bool(FY_HEADING.search(item.norm)) and not MEASURE_HEADING.match(item.norm)


def _line_block(lines: list[Item]) -> Block:
    """One text block of printed lines (a heading wrapped over lines keeps its breaks)."""
    first = lines[0]
    return Block(
        "text", "\n".join(it.text for it in lines), line=first.line, page=first.page, bbox=first.bbox
    )


def _row(p: Project) -> Row:
    """A project's row of the sheet table, each cell with the line it starts on."""
    cells = [
        _cell([it.text for it in p.title], p.first),
        _cell([p.dept_raw] if p.dept_raw else [], (p.dept or [p.first])[0]),
        _cell([it.text for it in p.desc], (p.desc or [p.first])[0]),
        _cell([p.codes] if p.codes else [], p.pivot),
        _cell([p.grade] if p.grade else [], p.pivot),
        _cell(p.reasons, p.pivot),
        _cell([it.text for it in p.name], (p.name or [p.pivot])[0]),
    ]
    values = dict(zip(p.kinds, p.values, strict=False))  # a cut export may print fewer
    cells += [
        _cell([v.text], v) if (v := values.get(kind)) else _cell([], p.pivot) for kind in DEFAULT_VALUE_ORDER
    ]
    return Row(cells, p.first.line, p.first.page, p.first.bbox)


def _cell(lines: list[str], where: Item) -> Cell:
    return Cell("\n".join(lines), list(lines), where.bbox, where.line if lines else None)
