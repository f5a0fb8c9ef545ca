"""Text lines → typed elements: heading, list item, label, legend, paragraph.

One place decides what a line of a plan is, whatever the document: a numbered
heading (any numbering style, `pipeline.normalize.numbering`), a list item (a
bullet from the vocabulary, or a numbered sentence), a label that introduces
actions (＜主な事業＞) or other content (【現状と課題】), a grade legend
(`A：達成　B：概ね達成`), or a paragraph. Inline departments (`（担当：○○課）`,
`【○○課】`) and marks (新規, 再掲, 重点) are read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipeline.model.ir import Block
from pipeline.normalize.numbering import Numbering, parse_numbering
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.vocabulary import Vocabulary, key

MAX_HEADING = 50  # characters of a heading's title at most
_DEPT_END = r"(?:課|室|部|局|所|館|センター|委員会|事務局|本部|署|係|公室)"
_LABEL = re.compile(r"^[【\[〔<＜《■□●◆◇▼▽]\s*([^】\]〕>＞》]{1,20}?)\s*[】\]〕>＞》]?$")
_TRAILING_CODE = re.compile(r"[(（]\s*(\d{2,6}(?:-\d{1,3})?)\s*[)）]\s*$")
_SLASHES = re.compile(r"\s*[/／]\s*")
_ENCLOSED = re.compile(r"^[(（［\[〔][^()（）]*[)）］\]〕]$")
_LEGEND_ITEM = re.compile(r"([^\s:：、,]{1,6})\s*[:：]\s*([^\s:：]+?)(?=\s+[^\s:：]{1,6}\s*[:：]|\s*$)")


@dataclass(slots=True)
class Inline:
    """What a line carries besides its title: departments and marks."""

    title: str
    departments: list[str] = field(default_factory=list)
    novelty: str | None = None
    is_priority: bool = False
    is_repost: bool = False


@dataclass(slots=True)
class Element:
    kind: str  # heading | chapter | item | label | legend | inline_list | paragraph
    text: str  # normal form of the line
    numbering: Numbering | None = None
    bullet: str | None = None
    label_role: str | None = None  # for labels: "actions" or None
    word: str | None = None  # for labels: the label's word without brackets and bullet (主な事業)
    legend: list[str] = field(default_factory=list)  # for legends: grades, best first
    parts: list[str] = field(default_factory=list)  # for inline lists: the names
    reason: str = ""


def classify(raw: str, vocab: Vocabulary) -> Element:
    """What one text line is."""
    text = nfkc(raw)
    words = vocab.tiers.goal + vocab.tiers.measure + vocab.tiers.action
    legend = _legend(text)
    if legend:
        return Element("legend", text, legend=legend, reason=f"grade legend {'/'.join(legend)}")
    grade = legend_line(text)
    if grade and (vocab.grade_of(grade) or len(grade) == 1):  # one grade of a legend: `◎：計画以上`
        return Element("legend", text, legend=[grade], reason=f"legend line {grade}")
    bullet = next((b for b in vocab.bullets if text.startswith(b)), None)
    numbering = parse_numbering(text, words)
    if numbering and numbering.style == "chapter":
        return Element("chapter", text, numbering, reason=f"chapter {numbering.raw}")
    if bullet and not (numbering and (numbering.style == "word" or _heading_like(numbering.title))):
        body = text[len(bullet) :].strip()
        if _is_label(body, vocab):
            return _label(text, body, vocab)
        coded = _TRAILING_CODE.search(body)
        if coded and _heading_like(body[: coded.start()]):  # ▶子育て支援の充実（111）
            n = Numbering(f"bullet{bullet}", coded.group(1), coded.group(0), body[: coded.start()].strip())
            return Element("heading", text, n, reason=f"bullet heading with code {coded.group(1)}")
        return Element("item", text, parse_numbering(body, words), bullet=bullet, reason=f"bullet {bullet}")
    if numbering:
        if _heading_like(numbering.title):
            return Element("heading", text, numbering, reason=f"numbered heading ({numbering.key})")
        return Element("item", text, numbering, reason=f"numbered sentence ({numbering.key})")
    if _is_label(text, vocab):
        return _label(text, text, vocab)
    parts = [p.strip() for p in _SLASHES.split(text)]
    enclosed = _ENCLOSED.match(text)  # `（対象33団体／回答32団体）`: a note in brackets, not names
    if (
        len(parts) >= 2
        and "。" not in text
        and not enclosed
        and all(0 < len(p) <= MAX_HEADING for p in parts)
    ):
        return Element("inline_list", text, parts=parts, reason=f"{len(parts)} names separated by /")
    return Element("paragraph", text, reason="paragraph")


def bare_numbering(text: str, vocab: Vocabulary) -> Numbering | None:
    """A tier word and a number alone on a line (`基本方針１`): a heading whose title is on the next line."""
    words = vocab.tiers.goal + vocab.tiers.measure + vocab.tiers.action
    n = parse_numbering(f"{nfkc(text).strip()} {_END}", words)
    return n if n is not None and n.style == "word" and n.title == _END else None


_END = "#"


def bare_heading(block: Block, after: list[Block], vocab: Vocabulary) -> Block | None:
    """A heading number alone on its line, joined with the next line when that is its title
    (`基本方針1` + `参加のしくみ`): one heading block, where the number is printed."""
    nxt = next((b for b in after if b.kind != "text" or b.raw.strip()), None)
    if nxt is None or nxt.kind != "text" or not bare_numbering(block.raw, vocab):
        return None
    title = classify(nxt.raw, vocab)
    if title.kind != "paragraph" or not _heading_like(title.text) or len(title.text) > 40:
        return None
    return replace(block, raw=f"{block.raw.strip()} {nxt.raw.strip()}")


def _heading_like(title: str) -> bool:
    return bool(title) and len(title) <= MAX_HEADING and "。" not in title


def _is_label(text: str, vocab: Vocabulary) -> bool:
    m = _LABEL.match(text)
    return bool(m) and len(key(m.group(1))) <= 12 or key(text) in vocab.action_labels


def _label(text: str, body: str, vocab: Vocabulary) -> Element:
    m = _LABEL.match(body)
    word = key(m.group(1) if m else body)
    role = "actions" if word in vocab.action_labels else None
    return Element(
        "label",
        text,
        label_role=role,
        word=word,
        reason=f"label {word}" + (" (actions follow)" if role else ""),
    )


def _legend(text: str) -> list[str]:
    """Grades of a legend line (`A：達成　B：概ね達成　C：未達成`), best first; [] for other lines."""
    items = _LEGEND_ITEM.findall(text)
    if len(items) >= 2 and all(len(g) <= 6 for g, _ in items) and len(items) * 3 >= text.count(" ") + 1:
        return [key(g) for g, _ in items]
    return []


def legend_meanings(text: str) -> dict[str, str]:
    """What each grade of a legend line means, as printed: `A：実施　B：一部実施` → {実施: A, 一部実施: B}.
    A table printing the meaning (実施状況: 一部実施) takes the grade from here."""
    return {key(meaning): key(grade) for grade, meaning in _LEGEND_ITEM.findall(nfkc(text))}


def legend_line(text: str) -> str | None:
    """The grade of a one-grade legend line (`A：計画どおり実施`), for legends printed a line each."""
    items = _LEGEND_ITEM.findall(nfkc(text))
    if len(items) == 1 and len(items[0][0]) <= 6 and nfkc(text).startswith(items[0][0]):
        return key(items[0][0])
    return None


_INLINE_DEPT = [
    re.compile(
        r"[(（\[【]\s*(?:担当部署|担当部局|担当課|担当|所管課|所管|主管課)\s*[:：]?\s*([^)）\]】]+?)\s*[)）\]】]"
    ),
    re.compile(rf"[【\[]\s*([^】\]]*?{_DEPT_END})\s*[】\]]"),
    re.compile(rf"[(（]\s*([^)）]*?{_DEPT_END}(?:[、・,][^)）]*?{_DEPT_END})*)\s*[)）]\s*$"),
]
_MARK = re.compile(r"[【\[(（〔]\s*([^】\])）〕]{1,4})\s*[】\])）〕]|^[★☆◎](?=\S)")
# A page reference after a title: `【行動計画P.8~10】`, `(p.12)`.
_PAGE_REF = re.compile(r"\s*[【\[(〔][^】\])〔]{0,20}?[Pp]\s*\.?\s*\d+(?:\s*[~\-]\s*\d+)?\s*[】\])〕]")


def inline(text: str, vocab: Vocabulary) -> Inline:
    """A line's title with inline departments and marks taken out."""
    text = _PAGE_REF.sub("", nfkc(text))
    result = Inline("")
    for m in _MARK.finditer(text):  # marks first: a department may stand before 【再掲】
        word = key(m.group(1) or "") if m.group(1) else "重点"
        novelty = vocab.novelty_of(word)
        if novelty:
            result.novelty = novelty
        elif word in vocab.marks.repost:
            result.is_repost = True
        elif word in vocab.marks.priority or m.group(0) in ("★", "☆", "◎"):
            result.is_priority = True
        else:
            continue
        text = text.replace(m.group(0), " ", 1)
    text = text.rstrip()
    for pattern in _INLINE_DEPT:
        for m in list(pattern.finditer(text)):
            result.departments.append(m.group(1))  # parse_departments splits it into names
        text = pattern.sub(" ", text).rstrip()
    result.title = clean(text).strip(" 　:：")
    return result
