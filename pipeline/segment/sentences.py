"""Indicators stated inside a sentence: `指標：相談件数（令和8年度まで）【数値目標：18,463件※（令和5年度：13,363件）】`.

A prose sheet names its indicator, its target (with the year it is due) and its base value
(with the base year) in one line rather than in a table. The words are the vocabulary's
indicator, target and baseline words; the values are read as in a table cell.
"""

from __future__ import annotations

import re

from pipeline.normalize.eras import parse_fy
from pipeline.normalize.numbers import parse_quantity
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.indicator_tables import IndicatorRow, Value, year_kind
from pipeline.segment.vocabulary import Vocabulary

_YEAR = r"(?:令和|平成|R|H)?\s*(?:元|\d{1,4})\s*年度?"
_VALUE = r"[\d,.]+\s*[^\s※()（）【】\[\]:：,、。]{0,6}"


def sentence_indicators(text: str, vocab: Vocabulary, era: str | None) -> list[IndicatorRow]:
    """The indicators a line states as `<indicator word>：name … <target word>：value`, with a base value
    printed as `（<year>：value）` after the target."""
    line = nfkc(text).replace("\n", "")
    names = "|".join(re.escape(w) for w in sorted(vocab.roles.indicator, key=len, reverse=True))
    targets = "|".join(re.escape(w) for w in sorted(vocab.roles.target, key=len, reverse=True))
    rows = []
    for m in re.finditer(
        rf"(?:{names})\s*[:：]\s*([^【\[:：]+?)\s*[【\[]?\s*[^:：【\[]{{0,3}}?(?:{targets})\s*[:：]\s*({_VALUE})",
        line,
    ):
        name, target_text = m.group(1), m.group(2)
        due = re.search(rf"[(（]\s*({_YEAR})\s*(?:まで|末)?\s*[)）]\s*$", name)
        if due:
            name = name[: due.start()]
        values = [
            Value(
                "target", parse_quantity(target_text), parse_fy(due.group(1), era) if due else None, "fiscal"
            )
        ]
        base = re.match(rf"\s*※?\s*[(（]\s*({_YEAR})\s*[:：]\s*({_VALUE})\s*[)）]", line[m.end() :])
        if base:
            values.insert(
                0,
                Value(
                    "baseline",
                    parse_quantity(base.group(2)),
                    parse_fy(base.group(1), era),
                    year_kind(base.group(1)),
                ),
            )
        note = "累計" if "累計" in line[m.end() : m.end() + 80] else None
        rows.append(IndicatorRow(clean(name), m.group(1), None, None, values, note=note))
    return rows
