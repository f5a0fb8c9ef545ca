"""Key–value sheets: a card per action, its labelled rows read into fields.

A card may open with a head row that numbers it with a tier word (`推進事項 No. 1 | title`,
`事業 3 | title`); its rows print a label and a value (`担当部課 | …`, `課題 | …`); where a
row prints two labels (`推進内容 | 具体の行動 | …`) the last one names the value. Rows
without a label continue the field above (a second paragraph, another year of a yearly plan).
A yearly-plan row (`年度別行動計画 | 令和5年度～令和8年度 | ◆ … ◆ …`) gives one activity per
item of its text: the items start with the bullet its first line prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.model.ir import Row
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.elements import Inline
from pipeline.segment.names import marks, named
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import Vocabulary, key

_YEAR = r"(?:(?:令和|平成|R|H)\s*(?:元|\d{1,2})|(?:19|20)\d{2})\s*年?度?"
_YEAR_RANGE = re.compile(rf"^{_YEAR}(?:\s*(?:~|-|から|–)\s*{_YEAR}(?:まで)?)?$")


@dataclass(slots=True)
class YearRow:
    """One row of a yearly plan: its years and the lines printed for them."""

    fy_start: int
    fy_end: int
    lines: list[str]
    row: Row


@dataclass(slots=True)
class Card:
    """One card of a sheet: its head (when numbered) and its labelled fields as printed."""

    row: Row
    word: str | None = None  # the tier word of a numbered head (推進事項)
    code: str | None = None
    code_raw: str | None = None
    fields: dict[str, list[tuple[str, Row]]] = field(default_factory=dict)  # label → [(raw text, row)]
    years: list[YearRow] = field(default_factory=list)

    def text(self, label: str) -> str | None:
        """A field's texts joined (None where the card has none)."""
        return clean(" ".join(raw for raw, _ in self.fields.get(label, []))) or None

    def first(self, label: str) -> tuple[str, Row] | None:
        return next(iter(self.fields.get(label, [])), None)


def card_head(row: Row, vocab: Vocabulary) -> tuple[str, str, str, str] | None:
    """(word, code, code_raw, title_raw) when a row opens a numbered card: `<tier word> [No.] N | title`."""
    cells = [c.raw.strip() for c in row.cells if clean(c.raw)]
    if not cells:
        return None
    heads, code = _head_patterns(vocab)
    for word, pattern in heads:
        m = pattern.match(cells[0])
        if not m or not code.fullmatch(nfkc(m.group(1))):
            continue
        prefix = re.sub(r"[\s0-9０-９]+$", "", m.group(1))
        if prefix and vocab.label_of(word + prefix):  # 事業番号 7: a label and its value
            return None
        title = m.group(2).strip() or (cells[1] if len(cells) > 1 else "")
        if not clean(title) or vocab.label_of(title):
            return None
        number = str(int(re.search(r"\d+", nfkc(m.group(1))).group(0)))
        return word, number, nfkc(cells[0][: m.start(2)]).strip(), title  # code_raw: the numbering as printed
    return None


@cache
def _head_patterns(vocab: Vocabulary) -> tuple[list[tuple[str, re.Pattern]], re.Pattern]:
    """(word, pattern) of each word that may number a card (longest first), and the code's form."""
    words = sorted(
        {*vocab.tiers.action, *vocab.tiers.measure, *vocab.sheet_labels.name}, key=len, reverse=True
    )
    tail = r"\s*(.*?[0-9０-９]+)(?![0-9０-９])(.*)$"
    heads = [(w, re.compile(r"\s*" + r"\s*".join(map(re.escape, w)) + tail, re.S)) for w in words]
    codes = "|".join(re.escape(c) for c in sorted(vocab.roles.code, key=len, reverse=True))
    return heads, re.compile(rf"(?:(?:{codes})\s*)?\d{{1,3}}", re.I)


def row_label(row: Row, vocab: Vocabulary) -> tuple[int, str] | None:
    """(cell index, field) of the last label cell of a row that a value follows."""
    found = None
    for i, cell in enumerate(row.cells):
        label = vocab.label_of(cell.raw) if clean(cell.raw) else None
        if label:
            found = (i, label)
        elif clean(cell.raw):
            break
    if found and any(clean(c.raw) for c in row.cells[found[0] + 1 :]):
        return found
    return None


def is_card_table(rows: list[Row], vocab: Vocabulary) -> bool:
    """A sheet of numbered cards: it opens with a card head and labels at least two rows."""
    return (
        bool(rows)
        and card_head(rows[0], vocab) is not None
        and sum(1 for r in rows if row_label(r, vocab)) >= 2
    )


def read_cards(rows: list[Row], vocab: Vocabulary, era: str | None) -> list[Card]:
    """The numbered cards of a sheet in printed order (rows before the first head are not read)."""
    cards: list[Card] = []
    label = None
    for row in rows:
        if head := card_head(row, vocab):
            word, code, code_raw, title = head
            cards.append(Card(row, word, code, code_raw, {"name": [(title, row)]}))
            for cell in row.cells[2:]:  # a novelty word beside the title (事業1 | title | 拡充)
                if vocab.novelty_of(cell.raw):
                    cards[-1].fields["novelty"] = [(cell.raw, row)]
            label = None
            continue
        if not cards:
            continue
        found = row_label(row, vocab)
        if found:
            index, label = found
            values = [c for c in row.cells[index + 1 :] if clean(c.raw)]
        elif label and not clean(row.cells[0].raw):
            values = [c for c in row.cells if clean(c.raw)]
        else:
            label = None
            continue
        if label == "period" and len(values) > 1 and _YEAR_RANGE.match(nfkc(values[0].raw)):
            label = "yearly"  # スケジュール | R7 | ◆ …: a year, then what is done in it
        if label == "yearly":
            _year_row(cards[-1], values, row, era)
        elif values:
            cards[-1].fields.setdefault(label, []).append((" ".join(c.raw for c in values), row))
    return cards


def _year_row(card: Card, values: list, row: Row, era: str | None) -> None:
    """A yearly-plan row: years then activities; a row without years continues the one above."""
    if not values:
        return
    if _YEAR_RANGE.match(nfkc(values[0].raw)):
        start, end = parse_fy_range(values[0].raw, era)
        lines = [line for c in values[1:] for line in c.lines]
        if start and lines:
            card.years.append(YearRow(start, end or start, lines, row))
    elif card.years:
        card.years[-1].lines.extend(line for c in values for line in c.lines)


def activities(lines: list[str], vocab: Vocabulary) -> list[list[str]]:
    """The items of a yearly plan's text: each line with the bullet of its first line starts one."""
    lines = [line for line in lines if clean(line)]
    bullet = next((b for b in vocab.bullets if lines and lines[0].startswith(b)), None)
    items: list[list[str]] = []
    for line in lines:
        if not items or (bullet and line.startswith(bullet)):
            items.append([line])
        else:
            items[-1].append(line)
    return items


def references(text: str, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(code, label) of each other item a text names in parentheses: `（No.18）` → ("18", "No.18")."""
    codes = "|".join(re.escape(c) for c in sorted(vocab.roles.code, key=len, reverse=True))
    found = []
    for inner in re.findall(r"\(([^()]*)\)", nfkc(text)):
        for m in re.finditer(rf"(?:{codes})\s*(\d+)", inner):
            found.append((str(int(m.group(1))), m.group(0)))
    return found


def card_node(card: Card, known: dict[str, Node], vocab: Vocabulary) -> Node | None:
    """The action a card describes: the one of its title read before (an overview row), else a new one.

    The card is the action's own page: its head gives the action's place, printed number and word,
    its departments replace an overview's short names; its texts, yearly plan and cross-references
    are added.
    """
    title_raw, row = card.first("name")
    found = named(title_raw, vocab, "item", row, card.word)
    if not found.title:
        return None
    node = known.get(key(found.title))
    if node is None:
        node = known[key(found.title)] = found
    else:
        node.where, node.title_raw, node.word = row, title_raw, card.word or node.word
        marks(node, Inline(node.title, [], found.novelty, found.is_priority, found.is_repost))
    node.code = node.code or card.code
    node.code_raw = card.code_raw
    if novelty := card.first("novelty"):
        node.novelty = vocab.novelty_of(novelty[0])
    if department := card.first("department"):
        node.departments = [raw for raw, _ in card.fields["department"]]
        node.where_of["departments"] = department[1]
    if text := card.text("content"):
        node.description.append(text)
    if text := card.text("issue"):
        node.issue.append(text)
    for y in card.years:
        for item in activities(y.lines, vocab):
            text = clean(" ".join(item))
            bullet = next((b for b in vocab.bullets if text.startswith(b)), "")
            node.schedules.append(
                (
                    y.fy_start,
                    y.fy_end,
                    None,
                    "yearly_plan",
                    y.row,
                    "\n".join(item),
                    text[len(bullet) :].strip(),
                )
            )
    texts = [(raw, r) for label in ("issue", "content") for raw, r in card.fields.get(label, [])]
    texts += [(" ".join(y.lines), y.row) for y in card.years]
    node.references += [(code, label, r) for raw, r in texts for code, label in references(raw, vocab)]
    return node


def tier_headings(roots: list[Node]) -> dict[str, Node]:
    """Headings that print a tier word (取組の視点 1 …), the first of each title: rows naming them group."""
    found: dict[str, Node] = {}
    for root in roots:
        for n in root.walk():
            if n.origin == "heading" and n.tier:
                found.setdefault(key(n.title), n)
    return found


def legend_cell(text: str, vocab: Vocabulary) -> bool:
    """A legend printed in a mark column (`◎ 特に関連が強いもの ○ 関連があるもの`), not a mark."""
    t = key(text)
    return len(t) > 1 and vocab.mark_strength(t[0]) is not None and vocab.mark_strength(t) is None


def own_header(rows: list[Row], header_rows: int, col: int) -> str:
    """A column's own header: its lowest header cell (under a spanning one such as 提言との関連性)."""
    for row in reversed(rows[:header_rows]):
        if col < len(row.cells) and nfkc(row.cells[col].text):
            return nfkc(row.cells[col].text)
    return ""
