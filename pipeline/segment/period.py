"""What a plan document says about itself: its title and its period."""

from __future__ import annotations

import re

from pipeline.model.ir import Document
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.numbering import parse_numbering
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.vocabulary import Vocabulary, key

_TITLE_WORDS = ("計画", "プラン", "戦略", "ビジョン", "指針", "方針", "報告", "評価", "シート", "予算")


_REPORT_YEAR = r"\s*(?:(?:令和|平成|R|H)\s*(?:元|\d{1,2})|\d{4})\s*年度\s*の?\s*"


_PLAN_WORDS = ("計画", "プラン", "戦略", "ビジョン", "指針", "方針")


def plan_name(title: str, vocab: Vocabulary) -> str:
    """The plan a report's title names: `協働のまちづくり行動計画 令和5年度実施状況（…）` → its plan's title.

    A title that names a plan (ending in 計画, プラン …) and then a year's report (the vocabulary's
    `report_words`) gives the title before the year; any other stays whole.
    """
    words = "|".join(re.escape(w) for w in vocab.report_words)
    m = re.match(rf"^(.*?(?:{'|'.join(_PLAN_WORDS)}))(?:{_REPORT_YEAR})(?:{words})", nfkc(title))
    return clean(m.group(1)) if m else title


def report_year(doc: Document, vocab: Vocabulary) -> int | None:
    """The year a report names in a line of its own near its start (`令和6年度実施状況`), else None."""
    words = "|".join(re.escape(w) for w in vocab.report_words)
    for block in doc.blocks[:30]:
        text = nfkc(block.raw) if block.kind == "text" else ""
        m = re.search(rf"({_REPORT_YEAR})(?:{words})", text) if len(text) <= 40 and "。" not in text else None
        if m and (fy := parse_fy(m.group(1).strip())):
            return fy
    return None


def plan_title(doc: Document) -> str | None:
    """The first title-like line of the cover, with the line it wraps onto (a long title in a large font)."""
    raws = [b.raw for b in doc.blocks[:30] if b.kind == "text" and b.raw.strip()]
    lines = [clean(raw) for raw in raws]
    for i, line in enumerate(lines):
        if 4 <= len(line) <= 60 and any(w in line for w in _TITLE_WORDS) and "。" not in line:
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            numbered = parse_numbering(raws[i + 1]) if nxt else None
            if _continues_title(line, nxt) and not (numbered and numbered.style == "word"):  # not 基本目標2 …
                line += nxt
            return line
    return None


def title_block(doc: Document, title: str | None):
    """The cover block that prints the plan's title (its first line, for a title wrapped onto two)."""
    want = key(title)
    for b in doc.blocks[:30]:
        text = key(b.raw) if b.kind == "text" else ""
        if text and (
            text == want
            or (
                len(text) >= 4
                and want.startswith(text)
                and (len(text) * 2 >= len(want) or len(want) - len(text) <= 12)
            )
        ):
            return b
    return None


def _continues_title(title: str, nxt: str) -> bool:
    """The next cover line finishes the title: an open bracket closes in it, or it is a short tail
    (`評価シート`, `年度)`) rather than a subtitle, a date or the municipality."""
    if title.count("(") > title.count(")"):
        return ")" in nxt and len(nxt) <= 20
    return (
        0 < len(nxt) <= 12
        and not _COVER_LINE.search(nxt)
        and (len(title) >= 18 or nxt.startswith(("(", ")")))
    )


_COVER_LINE = re.compile(r"^[~〜～]|年\s*\d{1,2}\s*月|[市町村区]$|^\d+$")


COVER_LINES = 12  # the text lines of a cover
_YEAR = r"(?:令和|平成|R|H)?\s*(?:元|\d{1,4})\s*(?:\([^)]*\))?\s*(?:年度?)?"
_PERIOD = re.compile(rf"({_YEAR})\s*(?:から|~|-|–|―|－)\s*({_YEAR})")
_FIRST_LAST = re.compile(rf"({_YEAR})を初年度とし.{{0,6}}?({_YEAR})を(?:目標|最終)年度")


def plan_period(doc: Document, era: str | None, title: str | None = None) -> tuple[int | None, int | None]:
    """The plan period the document states: `計画期間は令和3年度～令和7年度`, `R8年度を初年度とし、
    R10年度を目標年度とする`, or a range in the title; else (None, None)."""
    lines = [nfkc(b.raw) for b in doc.blocks[:400] if b.kind == "text" and b.raw.strip()]
    for i, text in enumerate(lines):
        m = _FIRST_LAST.search(text)
        if not m and ("期間" in text or (i and "期間" in lines[i - 1] and len(lines[i - 1]) < 20)):
            m = _PERIOD.search(text[text.index("期間") :] if "期間" in text else text)
        if m:
            found = _period(m, era)
            if found:
                return found
    for text in lines[:COVER_LINES]:  # a cover line that is only the period: `令和6年度～令和10年度`
        m = _PERIOD.fullmatch(text.strip())
        if m and _period(m, era):
            return _period(m, era)
    m = _PERIOD.search(nfkc(title)) if title else None
    return (_period(m, era) or (None, None)) if m else (None, None)


def _period(m: re.Match[str], era: str | None) -> tuple[int, int] | None:
    start, end = parse_fy_range(f"{m.group(1)}~{m.group(2)}", era)
    return (start, end) if start and end and start <= end else None
