"""Evaluation sheets: one row per project with its grade and indicator, as a table or as a scrambled export.

The printed sheet is a landscape table: 項目 | 事業名 | 担当課 | 取組内容 | 協働の相手
(circled codes ①…⑦) | 事業の評価 (A–D) | 効果、理由（問題点） | 指標 | 基準値（R3) |
目標値（R9) | 現状値（R5). Two ways in:

- *Table path* (a PDF, or a text export that kept the cells): tables whose header rows
  (one or two; a header may be split over them, a group title such as
  `（２）目標指標の状況` above them) carry the column words are read row by row, each
  cell by the column its header names (`COLUMN_WORDS`), whatever the column order.
  The headings are the text lines printed around the tables: a goal (`プロセス３ …`)
  and the （n） headings of each page, that is, the text since the previous sheet
  table. A （n） heading printed in a 項目 cell (or as a row of its own) is explicit:
  it holds for its row and the rows below it in that table.
- *Text path* (a text export that scrambled the table): it keeps each project's
  cells in column order but floats the header cells and the merged 項目 cells
  (`（１）市民の…`) anywhere on the page, cuts cells over lines and glues neighbours
  (`事業名 担当課`, `⑤ Ｂ 効果…`). So the reader anchors on what the text itself shows:
  - a project's *pivot*: its circled partner codes and its grade letter;
  - before a pivot: the title, the department (a token ending in 課/室/センター, or a
    rename `危機管理室→危機管理課`, possibly cut after the arrow), then 取組内容;
  - after a pivot: the effect text (labels 効果 / 問題点), then the indicator, its name
    printed before each value (or once before all of them); the first complete
    name/value pattern ends the project, what follows is the next project's title.

Both paths place projects under headings by one rule, since neither shows which
project a page's headings belong to: on a page (a PDF page's table and the text
above it; in a text export the text between runs of blank lines) that prints k
headings over n projects in heading order, project i can be heading j only for
max(1, k-n+i) ≤ j ≤ min(k, i); projects left with a choice stay under the goal (one
warning lists them). `seq` follows the recovered tree in project order: the goal
first, each heading right before its first project (a heading without projects
before the next heading), so it does not depend on where a heading was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import BBox, Block, Cell, Document, Row
from pipeline.model.records import Evaluation, Measure, MeasureActor
from pipeline.normalize.departments import parse_departments
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.numbers import DASHES, parse_quantity
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import Context, Extraction, add_department_records, add_plan, child_id, provenance
from pipeline.segment.indicator_tables import IndicatorRow, Value, add_indicator

NAME = "evaluation_sheet"

GOAL_WORDS = ("プロセス", "基本目標", "基本方針")
DEFAULT_MEASURE_KIND = "施策"
DEFAULT_ACTION_KIND = "事業"
HEADER_WORDS = (
    "項目",
    "事業名",
    "担当課",
    "取組内容",
    "協働の相手",
    "事業の評価",
    "効果、理由",
    "指標",
    "目標指標の状況",
)
VALUE_COLUMNS = {"baseline": ("基準値", "策定時"), "target": ("目標値",), "actual": ("現状値", "実績値")}
DEFAULT_VALUE_ORDER = ("baseline", "target", "actual")  # the sheet's column order
DEPARTMENT_SUFFIXES = ("課", "室", "センター", "事務局", "委員会")
BUREAU_SUFFIXES = ("部", "局")
EFFECT_LABELS = ("効果",)
PROBLEM_LABELS = ("問題点", "理由", "課題")
VALUE_WORDS = ("実施", "充実", "継続", "拡充", "維持", "達成", "未実施", "完了")
GRADES = "ABCDES"
# Table columns by the words of their header, tried in this order (a header naming two takes the first):
# 事業の評価 is a grade column, not a title one; 目標値 a value column, not an indicator one.
COLUMN_WORDS = (
    ("grade", ("事業の評価", "評価")),
    ("title", ("事業名", "取組名", "施策名")),
    ("department", ("担当課", "所管課", "担当部署", "担当")),
    ("description", ("取組内容", "実施内容", "事業内容", "事業概要")),
    ("partners", ("協働の相手", "協働相手", "連携先")),
    ("effect", ("効果", "理由", "問題点", "課題")),
    ("baseline", VALUE_COLUMNS["baseline"]),
    ("target", VALUE_COLUMNS["target"]),
    ("actual", VALUE_COLUMNS["actual"]),
    ("indicator", ("指標",)),
    ("item", ("項目",)),
)
SHEET_ROLES = {"title", "grade"}  # a sheet table names these columns, and two more
MIN_SHEET_COLUMNS = 4
MAX_HEADER_ROWS = 3
MAX_HEADER_CHARS = 20
MAX_HEADING_CHARS = 40
PAGE_BREAK_BLANKS = 2  # a text export marks a page break with this many blank lines or more

_CIRCLED = "\u2460-\u2473\u3251-\u325f"
_CODES = re.compile(rf"^([{_CIRCLED}]+)\s*(.*)$")
_CODE_RANGE = re.compile(rf"^[{_CIRCLED}]\s*[~～〜]\s*[{_CIRCLED}]$")
_GRADE = re.compile(rf"^([{GRADES}])(?:\s+(.*))?$")
_GOAL = re.compile(rf"^(({'|'.join(GOAL_WORDS)})\s*([0-9０-９]+))\s*(.*)$")
_MEASURE = re.compile(r"^([（(]\s*([0-9０-９]+)\s*[)）])\s*(\S.*)$")
_FY_HEADING = re.compile(r"((?:令和|平成)\s*(?:元|\d{1,2})|\d{4})\s*年度\s*(?:実施状況|進捗状況)")
_PRINTED_TITLE = re.compile(r"^(.*計画)\s*" + _FY_HEADING.pattern)
_PROGRESS_TAIL = re.compile(r"\s*(?:(?:令和|平成)\s*(?:元|\d+)|\d{4}|R\d+)\s*年度.*$")
_PERIOD = re.compile(r"計画期間\s*[:：]?\s*(.+)")
_YEAR_LABEL = re.compile(r"^\(([^()]{1,12})\)$")
_TOKEN_AFFIX = re.compile(r"^\(\d+\)|^(?:(?:令和|平成)(?:元|\d+)|\d{4})年度|\([^()]*\)$")
_VALUE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*[^\s\d。、,.]{0,5}$")
_NOT_DEPARTMENT = re.compile(r"[、。,.()「」:\d]")
_REF = re.compile(r"【[^】]*】")
_ARROWS = ("→", "⇒")
_SENTENCE_BREAK = re.compile(r"。[^\S\n]*\n\s*")
_PARTNER_SPLIT = re.compile(r"[、,，\n]")


@dataclass(slots=True)
class Item:
    """One printed line with its provenance, paragraph, page and reading position."""

    text: str
    line: int | None
    page: int | None
    bbox: BBox | None
    para: int = 0
    page_key: int = 0
    idx: int = 0

    @property
    def norm(self) -> str:
        return nfkc(self.text)


@dataclass(slots=True)
class Heading:
    code: str
    code_raw: str
    title: str
    title_raw: str
    item: Item
    kind: str = DEFAULT_MEASURE_KIND


@dataclass(slots=True)
class Project:
    """One sheet row as recovered from the text."""

    pivot: Item
    codes: str
    grade: str | None
    title: list[Item] = field(default_factory=list)
    dept: list[Item] = field(default_factory=list)
    dept_raw: str = ""
    desc: list[Item] = field(default_factory=list)
    effect: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    name: list[Item] = field(default_factory=list)
    values: list[Item] = field(default_factory=list)
    kinds: tuple[str, ...] = DEFAULT_VALUE_ORDER  # the value column of each of `values`
    others: list[str] = field(default_factory=list)  # partners printed as names, not codes

    @property
    def first(self) -> Item:
        return (self.title or [self.pivot])[0]


def _text(items: list[Item]) -> str:
    return "\n".join(it.text for it in items)


def prose(lines: list[str]) -> str:
    """Lines read as one text: a break after a sentence end (。) is no space, another break may be one."""
    return clean(_SENTENCE_BREAK.sub("。", "\n".join(lines)))


# ---------------------------------------------------------------- lines, header


def read_items(doc: Document) -> list[Item]:
    """Every printed line in reading order, table cells flattened in cell order."""
    items: list[Item] = []
    prev: tuple | None = None  # (line, bbox, page) of the previous line
    page_key = para = 0
    for block in doc.blocks:
        if block.kind == "toc":
            continue
        rows = [(None, block.line, block.page, block.bbox)] if block.kind == "text" else []
        rows += [(c.lines or [c.raw], r.line, r.page, c.bbox or r.bbox) for r in block.rows for c in r.cells]
        for lines, line, page, bbox in rows:
            if prev and line is not None and prev[0] is not None and line - prev[0] - 1 >= PAGE_BREAK_BLANKS:
                page_key += 1
            para += lines is not None or not prev or not _adjacent(prev, (line, bbox, page))
            prev = (line, bbox, page)
            for text in [t.strip() for t in (lines if lines is not None else [block.raw])]:
                if text:
                    key = page if page is not None else page_key
                    items.append(Item(text, line, page, bbox, para, key, len(items)))
    return items


def _adjacent(prev: tuple, cur: tuple) -> bool:
    """True when a line continues the previous one (the next text line, or just below it in a PDF)."""
    (pl, pb, pp), (cl, cb, cp) = prev, cur
    if pl is not None and cl is not None:
        return cl == pl + 1
    return bool(pb and cb and pp == cp and 0 <= cb[1] - pb[3] < 0.8 * (pb[3] - pb[1]))


def is_header(text: str) -> bool:
    """A column-header line (`項目 事業名 担当課`, `基準値`, `（R3)`, `①～⑦`, `令和5年度実施状況`)."""
    norm = nfkc(text)
    if _CODE_RANGE.match(text) or (_YEAR_LABEL.match(norm) and parse_fy(norm)):
        return True
    if _FY_HEADING.search(norm) and "。" not in norm:
        return True
    words = HEADER_WORDS + tuple(w for ws in VALUE_COLUMNS.values() for w in ws)
    tokens = [_TOKEN_AFFIX.sub("", _TOKEN_AFFIX.sub("", t)) for t in norm.split()]
    return bool(tokens) and all(t in words for t in tokens)


def value_years(items: list[Item]) -> dict[str, int | None]:
    """The fiscal year of each value column, from `基準値（R3)` (the label on the same or the next line)."""
    years: dict[str, int | None] = {}
    for i, item in enumerate(items):
        tokens = item.norm.split()
        for t_i, token in enumerate(tokens):
            for kind, words in VALUE_COLUMNS.items():
                m = re.match(rf"^(?:\(\d+\))?(?:{'|'.join(words)})(\(.+\))?$", token)
                if not m or years.get(kind):
                    continue
                label = m.group(1)
                if label is None and t_i == len(tokens) - 1 and i + 1 < len(items):
                    label = items[i + 1].norm if _YEAR_LABEL.match(items[i + 1].norm) else None
                years[kind] = parse_fy(label) if label else None
    return years


def report_year(items: list[Item]) -> int | None:
    """The fiscal year the sheet reports on, from its `令和5年度実施状況` heading."""
    return next((parse_fy(m.group(1) + "年度") for it in items if (m := _FY_HEADING.search(it.norm))), None)


# ---------------------------------------------------------------- headings


def split_headings(items: list[Item]) -> tuple[list[Item], list[Heading], list[Heading]]:
    """Content lines, goal headings and every printing of a （n） heading (header lines dropped)."""
    body = [it for it in items if not is_header(it.text)]
    content: list[Item] = []
    goals: list[Heading] = []
    measures: list[Heading] = []
    i = 0
    while i < len(body):
        end = i + 1
        while end < len(body) and body[end].para == body[i].para and not _stops_heading(body[end].text):
            end += 1
        starts_para = i == 0 or body[i - 1].para != body[i].para
        heading = _heading(body[i:end]) if starts_para else None
        if heading is None:
            content.append(body[i])
            i += 1
        else:
            (goals if heading.kind in GOAL_WORDS else measures).append(heading)
            i = end
    return content, goals, measures


def _stops_heading(text: str) -> bool:
    """A line that cannot continue a heading: a department, partner codes, a value or another heading."""
    codes = _CODES.match(text)
    starts = _GOAL.match(text) or _MEASURE.match(text)
    return bool(_department_line(text) or (codes and not codes.group(2)) or is_value(text) or starts)


def _heading(para: list[Item]) -> Heading | None:
    """A goal (`プロセス３ 夢を描く`) or a short measure (`（１）市民の…`) heading paragraph."""
    rest = [it.text for it in para[1:]]
    if m := _GOAL.match(para[0].text):
        title_raw = "\n".join([m.group(4), *rest])
        title = clean(_REF.sub("", title_raw))
        return Heading(nfkc(m.group(3)), m.group(1), title, title_raw, para[0], m.group(2))
    norm = clean("".join(it.text for it in para))
    if (m := _MEASURE.match(para[0].text)) and "。" not in norm and len(norm) <= MAX_HEADING_CHARS:
        title_raw = "\n".join([m.group(3), *rest])
        return Heading(nfkc(m.group(2)), m.group(1), clean(title_raw), title_raw, para[0])
    return None


# ---------------------------------------------------------------- projects


def is_value(text: str) -> bool:
    """An indicator value as printed: `85.19％`, `17件`, `-`, or a word such as 実施."""
    norm = nfkc(text)
    return bool(_VALUE.match(norm)) or norm in DASHES or norm in VALUE_WORDS


def find_pivots(items: list[Item]) -> list[tuple[int, int, str, str | None, str]]:
    """(start, lines used, circled codes, grade, text after the grade) of every pivot."""
    pivots = []
    i = 0
    while i < len(items):
        codes, j, found = "", i, None
        while j < len(items) and (m := _CODES.match(items[j].text)) and found is None:
            rest = nfkc(m.group(2))
            if rest and not _GRADE.match(rest):
                break
            codes, j, found = codes + m.group(1), j + 1, _GRADE.match(rest)
        g = _GRADE.match(items[j].norm) if found is None and j < len(items) else None
        if g and (codes or not g.group(2)):
            found, j = g, j + 1
        while (
            found and not codes and j < len(items) and (m := _CODES.match(items[j].text)) and not m.group(2)
        ):
            codes, j = codes + m.group(1), j + 1  # codes printed after a grade printed alone
        if codes or found:
            grade, rest = (found.group(1), found.group(2) or "") if found else (None, "")
            pivots.append((i, j - i, codes, grade, rest))
        i = max(j, i + 1)
    return pivots


def _department_line(text: str) -> tuple[str, str] | None:
    """(title prefix, department) when a line ends with a department name."""
    tokens = text.split()
    n = 0
    while n < len(tokens) and _is_department(nfkc(tokens[-1 - n]), last=n == 0):
        n += 1
    return (" ".join(tokens[: len(tokens) - n]), " ".join(tokens[len(tokens) - n :])) if n else None


def _is_department(token: str, last: bool) -> bool:
    """A department (or, before one, a bureau) name; renames `危機管理室→危機管理課` included."""
    suffixes = DEPARTMENT_SUFFIXES if last else DEPARTMENT_SUFFIXES + BUREAU_SUFFIXES
    parts = re.split("|".join(_ARROWS), token)
    return all(0 < len(p) <= 20 and p.endswith(suffixes) and not _NOT_DEPARTMENT.search(p) for p in parts)


def _find_department(items: list[Item]) -> tuple[int, int, str, str] | None:
    """(index, lines used, title prefix, department) of the first department line."""
    for i, item in enumerate(items):
        text, used = item.text, 1
        if i + 1 < len(items) and (text.endswith(_ARROWS) or items[i + 1].text.startswith(_ARROWS)):
            text, used = text + items[i + 1].text, 2
        if found := _department_line(text):
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


def read_projects(items: list[Item], n_values: int, ext: Extraction) -> list[Project]:
    """Split the content lines into projects around their pivots."""
    pivots = find_pivots(items)
    projects: list[Project] = []
    head = items[: pivots[0][0]] if pivots else items
    for k, (start, used, codes, grade, rest) in enumerate(pivots):
        project = Project(items[start], codes, grade)
        _read_head(project, head, ext)
        if project.title and _MEASURE.match(project.title[0].text):
            title = clean(_text(project.title))
            message = f"project title {title!r} starts like a （n） heading; heading and title may be mixed"
            ext.warn(message, project.first.page, project.first.line)
        end = pivots[k + 1][0] if k + 1 < len(pivots) else len(items)
        head = _read_tail(project, items[start + used : end], rest, n_values, k + 1 == len(pivots), ext)
        if grade is None:
            ext.warn(
                f"project {clean(_text(project.title))!r}: no grade letter after its partner codes",
                project.pivot.page,
                project.pivot.line,
            )
        projects.append(project)
    if head:
        ext.warn(
            f"{len(head)} line(s) after the last project belong to none: {clean(_text(head))[:60]!r}",
            head[0].page,
            head[0].line,
        )
    return projects


def _read_head(project: Project, head: list[Item], ext: Extraction) -> None:
    """Title, department and 取組内容 printed before a pivot."""
    found = _find_department(head)
    if found is None:
        project.title = [it for it in head if it.para == head[0].para] if head else []
        project.desc = head[len(project.title) :]
        ext.warn(
            f"project {clean(_text(project.title))!r}: no department (課/室/センター) before its grade",
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
    project: Project, tail: list[Item], rest: str, n: int, last: bool, ext: Extraction
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
            f"project {clean(_text(project.title))!r}: no indicator name/value pattern after its grade",
            where.page,
            where.line,
        )
    project.effect, project.problems = split_effect([rest, *(it.text for it in effect)])
    return carry


def split_effect(texts: list[str]) -> tuple[list[str], list[str]]:
    """(effect, problems) texts: a label (効果, 問題点/理由) starting a line switches between them."""
    effect: list[str] = []
    problems: list[str] = []
    target = effect
    for text in texts:
        norm = nfkc(text)
        label = next((w for w in EFFECT_LABELS + PROBLEM_LABELS if re.match(rf"^{w}(?:$|\s|:)", norm)), None)
        if label:
            target = problems if label in PROBLEM_LABELS else effect
            text = norm[len(label) :].lstrip(" :")
        if text.strip():
            target.append(text)
    return effect, problems


def assign_measures(projects: list[Project], occurrences: list[Heading]) -> list[str | None]:
    """The （n） code of each project where its page's headings leave one choice, else None."""
    pages = [p.first.page_key for p in projects]
    result: list[str | None] = []
    for index, page in enumerate(pages):
        labels = sorted({h.code for h in occurrences if h.item.page_key == page}, key=int)
        n, k, i = pages.count(page), len(labels), pages[: index + 1].count(page)
        lo, hi = max(1, k - n + i), min(k, i)
        result.append(labels[lo - 1] if k <= n and lo == hi else None)
    return result


# ---------------------------------------------------------------- the two paths


@dataclass(slots=True)
class Sheet:
    """What a path recovered: goals, every printing of a （n） heading, projects and the heading of each."""

    goals: list[Heading]
    occurrences: list[Heading]
    projects: list[Project]
    assigned: list[str | None]
    unplaced: str  # why projects without a heading have none: the start of the warning


TEXT_UNPLACED = (
    "the export's text order does not show which （n） heading these projects belong to "
    "(their page prints several headings or none)"
)
TABLE_UNPLACED = (
    "the page does not show which （n） heading these projects belong to "
    "(it prints several headings over its table or none)"
)


def read_text_sheet(items: list[Item], ext: Extraction) -> Sheet:
    """Projects and headings recovered from the text order of a scrambled export."""
    content, goals, occurrences = split_headings(items)
    projects = read_projects(content, len(DEFAULT_VALUE_ORDER), ext)
    assigned = assign_measures(projects, occurrences)
    return Sheet(goals, occurrences, projects, assigned, TEXT_UNPLACED)


# ---------------------------------------------------------------- the sheet as a table


@dataclass(slots=True)
class Column:
    """A sheet column: what its header names, its position and its header text."""

    role: str
    index: int
    header: str


@dataclass(slots=True)
class SheetTable:
    """A table whose header rows name the sheet's columns."""

    block: Block
    header_rows: int
    frame: list[BBox | None]  # the columns' boxes, from the header row with the most cells
    columns: dict[str, Column]


def column_role(text: str) -> str | None:
    """The column a header names (`事業の評価` → grade, `基準値（R3)` → baseline), or None."""
    norm = re.sub(r"\s", "", nfkc(text))
    return next((role for role, words in COLUMN_WORDS if any(w in norm for w in words)), None)


def _cell_lines(cell: Cell | None) -> list[str]:
    """A cell's non-empty lines."""
    if cell is None:
        return []
    return [t.strip() for t in (cell.lines or [cell.raw]) if t.strip()]


def _header_cell(lines: list[str]) -> bool:
    """A short cell that names a column or is a header line (`（１）令和5年度実施状況`, `①～⑦`)."""
    text = re.sub(r"\s", "", nfkc("".join(lines)))
    return len(text) <= MAX_HEADER_CHARS and bool(column_role(text) or all(map(is_header, lines)))


def _is_header_row(row: Row) -> bool:
    """A row whose cells are mostly headers (the rest may be parts of a header split over rows: `協働の`)."""
    texts = [lines for c in row.cells if (lines := _cell_lines(c))]
    named = sum(1 for t in texts if _header_cell(t))
    return named > 0 and 2 * named >= len(texts)


def _overlap(a: BBox, b: BBox) -> float:
    """How far two boxes overlap horizontally, in points (negative when apart)."""
    return min(a[2], b[2]) - max(a[0], b[0])


def place_cells(row: Row, frame: list[BBox | None]) -> list[Cell | None]:
    """The row's cells by column: by position when the counts agree (or boxes are unknown), else by overlap."""
    cells = row.cells
    if len(cells) == len(frame) or not all(frame) or not all(c.bbox for c in cells):
        return [*cells[: len(frame)], *[None] * (len(frame) - len(cells))]
    placed: list[Cell | None] = [None] * len(frame)
    for cell in cells:
        overlaps = [_overlap(cell.bbox, box) for box in frame]  # type: ignore[arg-type]
        j = max(range(len(frame)), key=overlaps.__getitem__)
        if overlaps[j] > 0 and _cell_lines(cell):
            before = placed[j]
            placed[j] = (
                cell if before is None else Cell(f"{before.raw} {cell.raw}", [*before.lines, *cell.lines])
            )
    return placed


def sheet_table(block: Block) -> SheetTable | None:
    """The table's header rows and columns when they name the sheet's columns, else None."""
    if not block.is_table:
        return None
    n = 0
    while n < min(MAX_HEADER_ROWS, len(block.rows)) and _is_header_row(block.rows[n]):
        n += 1
    if n == 0:
        return None
    heads = block.rows[:n]
    frame = [c.bbox for c in max(reversed(heads), key=lambda r: len(r.cells)).cells]
    placed = [place_cells(r, frame) for r in heads]
    columns: dict[str, Column] = {}
    for j in range(len(frame)):
        texts = ["".join(lines) for row in placed if (lines := _cell_lines(row[j]))]
        # The lowest header cell naming a column decides (a group title may sit above it);
        # else the header split over the rows (`協働の` / `相手`).
        role = next((r for t in reversed(texts) if (r := column_role(t))), None) or column_role(
            "".join(texts)
        )
        if role and role not in columns:
            columns[role] = Column(role, j, "".join(texts))
    if not SHEET_ROLES <= columns.keys() or len(columns) < MIN_SHEET_COLUMNS:
        return None
    return SheetTable(block, n, frame, columns)


def sheet_tables(doc: Document) -> list[SheetTable]:
    """Every table of the document that is a sheet table."""
    return [t for b in doc.tables() if (t := sheet_table(b))]


def column_year(header: str) -> int | None:
    """The fiscal year in a value column's header: `基準値（R3)` → 2021."""
    return next(
        (y for m in re.finditer(r"\([^()]{1,12}\)", nfkc(header)) if (y := parse_fy(m.group(0)))), None
    )


def table_years(tables: list[SheetTable], items: list[Item]) -> dict[str, int | None]:
    """The fiscal year of each value column from the tables' headers, else from the lines around them."""
    printed = value_years(items)
    years: dict[str, int | None] = {}
    for kind in DEFAULT_VALUE_ORDER:
        found = [column_year(t.columns[kind].header) for t in tables if kind in t.columns]
        years[kind] = next((y for y in found if y), None) or printed.get(kind)
    return years


def row_cells(table: SheetTable, row: Row, page_key: int) -> dict[str, list[Item]]:
    """The lines of each named column of one row, as items with the row's provenance."""
    placed = place_cells(row, table.frame)
    cells: dict[str, list[Item]] = {}
    for role, column in table.columns.items():
        cell = placed[column.index] if column.index < len(placed) else None
        bbox = (cell.bbox if cell else None) or row.bbox
        cells[role] = [Item(t, row.line, row.page, bbox, 0, page_key) for t in _cell_lines(cell)]
    return cells


def _grade(cells: dict[str, list[Item]]) -> re.Match | None:
    """The grade letter of a row (and text printed after it)."""
    return _GRADE.match(" ".join(it.norm for it in cells.get("grade", [])))


def _joined(items: list[Item]) -> Item | None:
    """One item for a cell's lines (a value wrapped over lines)."""
    if not items:
        return None
    first = items[0]
    return Item(
        "".join(it.text for it in items), first.line, first.page, first.bbox, first.para, first.page_key
    )


def _department_text(items: list[Item]) -> str:
    """A department cell's lines, joined by spaces except around a rename arrow."""
    text = ""
    for it in items:
        glue = "" if not text or text.endswith(_ARROWS) or it.text.startswith(_ARROWS) else " "
        text += glue + it.text
    return text


def _partners(items: list[Item]) -> tuple[str, list[str]]:
    """(circled partner codes, partners printed as names) of a 協働の相手 cell."""
    matches = [_CODES.match(it.text) for it in items]
    if all(m and not m.group(2).strip() for m in matches):
        return "".join(m.group(1) for m in matches if m), []
    names = _PARTNER_SPLIT.split("\n".join(it.text for it in items))
    return "", [name for n in names if (name := clean(n))]


def row_project(cells: dict[str, list[Item]], ext: Extraction) -> Project:
    """One project from its row's cells by column."""
    grade = _grade(cells)
    codes, others = _partners(cells.get("partners", []))
    title = cells.get("title", [])
    pivot = next(iter(cells.get("grade") or cells.get("partners") or title))
    project = Project(pivot, codes, grade.group(1) if grade else None, title=title, others=others)
    name = clean(_text(title))
    if grade is None:
        printed = clean(_text(cells.get("grade", [])))
        message = f"project {name!r}: no grade letter in its 評価 cell" + (
            f" ({printed!r})" if printed else ""
        )
        ext.warn(message, pivot.page, pivot.line)
    project.dept = cells.get("department", [])
    project.dept_raw = _department_text(project.dept)
    if not project.dept:
        ext.warn(f"project {name!r}: its 担当課 cell is empty", project.first.page, project.first.line)
    project.desc = cells.get("description", [])
    rest = (grade.group(2) or "") if grade else ""
    project.effect, project.problems = split_effect([rest, *(it.text for it in cells.get("effect", []))])
    project.name = cells.get("indicator", [])
    values = [(kind, v) for kind in DEFAULT_VALUE_ORDER if (v := _joined(cells.get(kind, [])))]
    project.kinds, project.values = tuple(k for k, _ in values), [v for _, v in values]
    return project


def _groups(doc: Document, tables: list[SheetTable]) -> list[tuple[list[Block], SheetTable | None]]:
    """Each sheet table with the text lines since the previous one (its page), then the text after the last."""
    by_block = {id(t.block): t for t in tables}
    groups: list[tuple[list[Block], SheetTable | None]] = []
    lines: list[Block] = []
    for block in doc.blocks:
        if id(block) in by_block:
            groups.append((lines, by_block[id(block)]))
            lines = []
        elif block.kind == "text":
            lines.append(block)
    return [*groups, (lines, None)] if lines else groups


def read_table_sheet(doc: Document, tables: list[SheetTable], ext: Extraction) -> Sheet:
    """Projects row by row from the sheet tables; headings from the text lines of each page and 項目 cells."""
    goals: list[Heading] = []
    printed: list[Heading] = []  # （n） headings printed as lines above a table
    explicit: list[Heading] = []  # in a 項目 cell or a row of their own
    projects: list[Project] = []
    codes: list[str | None] = []
    for key, (lines, table) in enumerate(_groups(doc, tables)):
        items = read_items(Document(doc.path, doc.format, lines))
        for item in items:
            item.page_key = key
        _, page_goals, page_headings = split_headings(items)
        goals += page_goals
        printed += page_headings
        if table is None:
            continue
        current: str | None = None
        for row in table.block.rows[table.header_rows :]:
            cells = row_cells(table, row, key)
            heading, alone = _row_heading(cells, row, key)
            if heading and heading.kind in GOAL_WORDS:
                goals.append(heading)
            elif heading:
                explicit.append(heading)
                current = heading.code
            if alone or not (cells.get("title") or _grade(cells)):
                if not heading and (text := clean(" ".join(t for c in row.cells for t in _cell_lines(c)))):
                    ext.warn(
                        f"a table row without a project name or grade is skipped: {text[:60]!r}",
                        row.page,
                        row.line,
                    )
                continue
            projects.append(row_project(cells, ext))
            codes.append(current)
    implicit = [p for p, c in zip(projects, codes, strict=True) if c is None]
    placed = iter(assign_measures(implicit, printed))
    assigned = [c if c is not None else next(placed) for c in codes]
    return Sheet(goals, printed + explicit, projects, assigned, TABLE_UNPLACED)


def _row_heading(cells: dict[str, list[Item]], row: Row, key: int) -> tuple[Heading | None, bool]:
    """(heading, printed alone): a heading in the row's 項目 cell, or as the row's only text."""
    if cells.get("item"):
        return _heading(cells["item"]), False
    filled = [c for c in row.cells if _cell_lines(c)]
    if len(filled) != 1:
        return None, False
    lines = [Item(t, row.line, row.page, filled[0].bbox or row.bbox, 0, key) for t in _cell_lines(filled[0])]
    heading = _heading(lines)
    return heading, heading is not None


# ---------------------------------------------------------------- records


def detect(doc: Document) -> float:
    """Score grade pivots or graded table rows, value columns with years and the sheet's header words."""
    items = read_items(doc)
    tables = sheet_tables(doc)
    pivots = sum(1 for p in find_pivots(items) if p[2] and p[3])
    graded = sum(1 for t in tables for r in t.block.rows[t.header_rows :] if _grade(row_cells(t, r, 0)))
    text = "".join(re.sub(r"\s", "", it.norm) for it in items)
    years = table_years(tables, items) if tables else value_years(items)
    columns = sum(1 for y in years.values() if y)
    score = 0.55 * min(1.0, max(pivots, graded) / 3) + 0.15 * (columns >= 2)
    score += 0.15 * ("担当課" in text and ("事業名" in text or "取組内容" in text))
    score += 0.15 * ("評価" in text and report_year(items) is not None)
    return round(score, 2)


def segment(doc: Document, ctx: Context) -> Extraction:
    """Read the sheet into its plan, goal, （n） headings, projects, evaluations and indicators."""
    ext = Extraction(ctx.document_id)
    items = read_items(doc)
    tables = sheet_tables(doc)
    years = table_years(tables, items) if tables else value_years(items)
    printed = [k for k in DEFAULT_VALUE_ORDER if not tables or any(k in t.columns for t in tables)]
    if missing := [k for k in printed if years.get(k) is None]:
        ext.warn(f"no year printed in the header for the value columns {missing}")
    fy = report_year(items)
    if fy is None and years.get("actual"):
        fy = years["actual"]
        ext.warn(f"no 年度実施状況 heading printed; evaluations take the 現状値 year {fy}")
    elif fy is None:
        ext.warn("no report year printed (年度実施状況 or a 現状値 year), so no evaluations are recorded")
    sheet = read_table_sheet(doc, tables, ext) if tables else read_text_sheet(items, ext)
    pid = read_plan(ext, ctx, items)
    goals = _unique_headings(sheet.goals, ext)
    if len(goals) > 1:
        ext.warn(
            f"{len(goals)} goal headings printed; everything is attached to the plan instead",
            goals[1].item.page,
            goals[1].item.line,
        )
    goal = goals[0] if len(goals) == 1 else None
    root = child_id(pid, goal.code) if goal else None
    measures = _unique_headings(sheet.occurrences, ext)
    ids = {h.code: child_id(root or pid, h.code) for h in measures}
    headings = {h.code: _heading_node(h, ids[h.code], root, "measure") for h in measures}
    nodes: list[tuple[str | None, dict]] = []
    for pos, (project, code) in enumerate(zip(sheet.projects, sheet.assigned, strict=True), start=1):
        parent = ids[code] if code else root
        mid = child_id(parent or pid, str(pos))
        if mid in ids.values():
            mid = child_id(parent or pid, f"p{pos}")
            ext.warn(
                f"project {pos}: its position is also a heading code; its id is {mid}",
                project.first.page,
                project.first.line,
            )
        nodes.append((code, _project_node(project, mid, parent)))
        _add_project(ext, pid, mid, pos, project, fy, years)
    pairs = zip(sheet.projects, sheet.assigned, strict=True)
    unassigned = [(pos, p) for pos, (p, c) in enumerate(pairs, 1) if not c]
    if measures and unassigned:
        first = unassigned[0][1].first
        listed = "; ".join(f"{pos} {clean(_text(p.title))}" for pos, p in unassigned)
        ext.warn(f"{sheet.unplaced}, so they are attached to the goal: {listed}", first.page, first.line)
    top = _heading_node(goal, root, None, "goal") if goal and root else None
    for seq, fields in enumerate(tree_order(top, headings, nodes), start=1):
        ext.add(Measure, plan_id=pid, seq=seq, **fields)
    return ext


def tree_order(
    goal: dict | None, headings: dict[str, dict], projects: list[tuple[str | None, dict]]
) -> list[dict]:
    """Measures in tree order: the goal, then the projects with each heading right before its first one."""
    pending = sorted(headings, key=int)
    out = [goal] if goal else []
    for code, node in projects:
        while code is not None and pending and int(pending[0]) <= int(code):
            out.append(headings[pending.pop(0)])
        out.append(node)
    return out + [headings[c] for c in pending]


def _unique_headings(occurrences: list[Heading], ext: Extraction) -> list[Heading]:
    """One heading per code (its first printing); warn when a later printing differs."""
    first: dict[str, Heading] = {}
    for h in occurrences:
        if h.code in first and first[h.code].title != h.title:
            message = f"heading ({h.code}) printed as {h.title!r} and {first[h.code].title!r}"
            ext.warn(message, h.item.page, h.item.line)
        first.setdefault(h.code, h)
    return sorted(first.values(), key=lambda h: int(h.code))


def _heading_node(h: Heading, mid: str, parent: str | None, tier: str) -> dict:
    """The measure fields of a goal or （n） heading."""
    fields = {"measure_id": mid, "parent_id": parent, "tier": tier, "kind": h.kind, "code": h.code}
    texts = {"code_raw": h.code_raw, "title": h.title, "title_raw": h.title_raw}
    return {**fields, **texts, **provenance(h.item)}


def _project_node(p: Project, mid: str, parent: str | None) -> dict:
    """The measure fields of a project."""
    fields = {"measure_id": mid, "parent_id": parent, "tier": "action", "kind": DEFAULT_ACTION_KIND}
    texts = {"title": clean(_text(p.title)), "title_raw": _text(p.title) or None}
    texts["description"] = prose([it.text for it in p.desc]) or None
    return {**fields, **texts, **provenance(p.first)}


def read_plan(ext: Extraction, ctx: Context, items: list[Item]) -> str:
    """The plan: its title printed before `…年度実施状況`, else the manifest title without that part."""
    entry = ctx.entry
    printed = next(((m.group(1), it) for it in items if (m := _PRINTED_TITLE.match(it.norm))), None)
    manifest_title = nfkc(entry.title if entry else "")
    title = clean(printed[0] if printed else _PROGRESS_TAIL.sub("", manifest_title))
    if not title:
        title = ctx.document_id
        ext.warn("no plan title printed or in the manifest; the document id stands in for it")
    period = next((parse_fy_range(m.group(1)) for it in items if (m := _PERIOD.search(it.norm))), None)
    if period is None or period[0] is None:
        period = (entry.plan_fy_start, entry.plan_fy_end) if entry else (None, None)
    where = printed[1] if printed else (items[0] if items else None)
    return add_plan(ext, ctx, title, fy=period, **(provenance(where) if where else {}))


def _add_project(
    ext: Extraction, pid: str, mid: str, pos: int, p: Project, fy: int | None, years: dict
) -> None:
    """Departments, partner codes, the evaluation and the indicator of one project."""
    if p.dept:
        add_department_records(ext, mid, parse_departments(p.dept_raw), **provenance(p.dept[0]))
    for actor in [*p.codes, *p.others]:
        ext.add(MeasureActor, measure_id=mid, actor=actor, role="partner", **provenance(p.pivot))
    if fy is not None:
        ext.add(
            Evaluation,
            measure_id=mid,
            fiscal_year=fy,
            grade=p.grade,
            status=None,
            summary=prose(p.effect) or None,
            problems=prose(p.problems) or None,
            **provenance(p.pivot),
        )
    if p.values:
        values = [
            Value(k, parse_quantity(v.text), years.get(k)) for k, v in zip(p.kinds, p.values, strict=True)
        ]
        first = (p.name or p.values)[0]
        row = IndicatorRow(
            clean(_text(p.name)),
            _text(p.name),
            None,
            None,
            values,
            line=first.line,
            page=first.page,
            bbox=first.bbox,
        )
        add_indicator(ext, f"{mid}/i1", pid, mid, pos, row)
