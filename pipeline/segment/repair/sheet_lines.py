"""The printed lines of an evaluation sheet: header lines, headings, departments, values, projects.

What the repair `scrambled_sheet` reads in a sheet's lines when its text export lost the
table: goal (`プロセス３ …`) and （n） headings, department names, indicator values, the
effect/problem labels, and the pages (the text between runs of blank lines).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.model.ir import BBox, Document
from pipeline.normalize.eras import parse_fy
from pipeline.normalize.numbers import DASHES
from pipeline.normalize.text import CIRCLED, clean, nfkc

GOAL_WORDS = ("プロセス", "基本目標", "基本方針")
DEFAULT_MEASURE_KIND = "施策"
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
MAX_HEADING_CHARS = 40
PAGE_BREAK_BLANKS = 2  # a text export marks a page break with this many blank lines or more

CODES = re.compile(rf"^([{CIRCLED}]+)\s*(.*)$")
_CODE_RANGE = re.compile(rf"^[{CIRCLED}]\s*[~～〜]\s*[{CIRCLED}]$")
GRADE = re.compile(rf"^([{GRADES}])(?:\s+(.*))?$")
_GOAL = re.compile(rf"^(({'|'.join(GOAL_WORDS)})\s*([0-9０-９]+))\s*(.*)$")
MEASURE_HEADING = re.compile(r"^([（(]\s*([0-9０-９]+)\s*[)）])\s*(\S.*)$")
FY_HEADING = re.compile(r"((?:令和|平成)\s*(?:元|\d{1,2})|\d{4})\s*年度\s*(?:実施状況|進捗状況)")
_YEAR_LABEL = re.compile(r"^\(([^()]{1,12})\)$")
_TOKEN_AFFIX = re.compile(r"^\(\d+\)|^(?:(?:令和|平成)(?:元|\d+)|\d{4})年度|\([^()]*\)$")
_VALUE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?\s*[^\s\d。、,.]{0,5}$")
_NOT_DEPARTMENT = re.compile(r"[、。,.()「」:\d]")
_REF = re.compile(r"【[^】]*】")
ARROWS = ("→", "⇒")


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
    lines: list[Item] = field(default_factory=list)  # the heading's printed lines


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
    reasons: list[str] = field(default_factory=list)  # the effect cell's lines as printed (labels kept)
    name: list[Item] = field(default_factory=list)
    values: list[Item] = field(default_factory=list)
    kinds: tuple[str, ...] = DEFAULT_VALUE_ORDER  # the value column of each of `values`
    others: list[str] = field(default_factory=list)  # partners printed as names, not codes

    @property
    def first(self) -> Item:
        return (self.title or [self.pivot])[0]


def text_of(items: list[Item]) -> str:
    return "\n".join(it.text for it in items)


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
    if FY_HEADING.search(norm) and "。" not in norm:
        return True
    words = HEADER_WORDS + tuple(w for ws in VALUE_COLUMNS.values() for w in ws)
    tokens = [_TOKEN_AFFIX.sub("", _TOKEN_AFFIX.sub("", t)) for t in norm.split()]
    return bool(tokens) and all(t in words for t in tokens)


def value_headers(items: list[Item]) -> dict[str, str]:
    """The printed header of each value column with its year: `基準値(R3)` (the year on the same or the next line)."""
    headers: dict[str, str] = {}
    for i, item in enumerate(items):
        tokens = item.norm.split()
        for t_i, token in enumerate(tokens):
            for kind, words in VALUE_COLUMNS.items():
                m = re.match(rf"^(?:\(\d+\))?({'|'.join(words)})(\(.+\))?$", token)
                if not m or parse_fy(headers.get(kind, "")):
                    continue
                label = m.group(2)
                if label is None and t_i == len(tokens) - 1 and i + 1 < len(items):
                    label = items[i + 1].norm if _YEAR_LABEL.match(items[i + 1].norm) else None
                headers[kind] = m.group(1) + (label or "")
    return headers


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
        heading = heading_of(body[i:end]) if starts_para else None
        if heading is None:
            content.append(body[i])
            i += 1
        else:
            (goals if heading.kind in GOAL_WORDS else measures).append(heading)
            i = end
    return content, goals, measures


def _stops_heading(text: str) -> bool:
    """A line that cannot continue a heading: a department, partner codes, a value or another heading."""
    codes = CODES.match(text)
    starts = _GOAL.match(text) or MEASURE_HEADING.match(text)
    return bool(department_line(text) or (codes and not codes.group(2)) or is_value(text) or starts)


def heading_of(para: list[Item]) -> Heading | None:
    """A goal (`プロセス３ 夢を描く`) or a short measure (`（１）市民の…`) heading paragraph."""
    rest = [it.text for it in para[1:]]
    if m := _GOAL.match(para[0].text):
        title_raw = "\n".join([m.group(4), *rest])
        title = clean(_REF.sub("", title_raw))
        return Heading(nfkc(m.group(3)), m.group(1), title, title_raw, para[0], m.group(2), list(para))
    norm = clean("".join(it.text for it in para))
    if (m := MEASURE_HEADING.match(para[0].text)) and "。" not in norm and len(norm) <= MAX_HEADING_CHARS:
        title_raw = "\n".join([m.group(3), *rest])
        return Heading(nfkc(m.group(2)), m.group(1), clean(title_raw), title_raw, para[0], lines=list(para))
    return None


def is_value(text: str) -> bool:
    """An indicator value as printed: `85.19％`, `17件`, `-`, or a word such as 実施."""
    norm = nfkc(text)
    return bool(_VALUE.match(norm)) or norm in DASHES or norm in VALUE_WORDS


def department_line(text: str) -> tuple[str, str] | None:
    """(title prefix, department) when a line ends with a department name."""
    tokens = text.split()
    n = 0
    while n < len(tokens) and _is_department(nfkc(tokens[-1 - n]), last=n == 0):
        n += 1
    return (" ".join(tokens[: len(tokens) - n]), " ".join(tokens[len(tokens) - n :])) if n else None


def _is_department(token: str, last: bool) -> bool:
    """A department (or, before one, a bureau) name; renames `危機管理室→危機管理課` included."""
    suffixes = DEPARTMENT_SUFFIXES if last else DEPARTMENT_SUFFIXES + BUREAU_SUFFIXES
    parts = re.split("|".join(ARROWS), token)
    return all(0 < len(p) <= 20 and p.endswith(suffixes) and not _NOT_DEPARTMENT.search(p) for p in parts)


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
