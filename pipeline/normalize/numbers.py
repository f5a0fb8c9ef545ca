"""Printed quantities → number, unit and qualifier (`1,000 人`, `49.7%`, `3.77 回/年`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalize.text import nfkc

QUALIFIERS = ("以上", "以下", "未満", "超", "累計", "程度")
_NUMBER = re.compile(r"(?<![\d.])([-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:\.\d+)?)")
_UNIT = re.compile(
    r"^\s*([%％]|[^\s\d().,（）]{1,6}?(?:/[^\s\d().,（）]{1,3})?)(?=$|\s|[(（※]|以上|以下|未満|累計)"
)
_PERIOD = re.compile(r"\s*(?:年間|か年|ヵ年|ヶ年|カ年)")
DASHES = frozenset({"-", "—", "―", "–", "ー", "－", "‐", "…"})  # a printed dash: no value


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float | None
    unit: str | None
    qualifier: str | None
    text: str


def parse_quantity(text: str | None, unit: str | None = None) -> Quantity:
    """Parse the first number of `text` with its unit; words and dashes give value None.

    `unit` is the column's unit when the table prints it separately.
    """
    printed = nfkc(text)
    qualifier = next((q for q in QUALIFIERS if q in printed), None)
    if not printed or printed in DASHES:
        return Quantity(None, unit, qualifier, printed)
    m = _NUMBER.search(printed)
    while m and _PERIOD.match(printed, m.end()):  # `5年間で6人`: the value follows the period
        m = _NUMBER.search(printed, m.end())
    if not m or _is_year_context(printed, m):
        return Quantity(None, unit, qualifier, printed)
    value = float(m.group(1).replace(",", ""))
    rest = printed[m.end() :]
    um = _UNIT.match(rest)
    found = um.group(1).replace("％", "%") if um else None
    if found in QUALIFIERS:
        found = None
    return Quantity(value, found or unit, qualifier, printed)


def _is_year_context(printed: str, m: re.Match[str]) -> bool:
    """True when the first number is part of a date (`2022（令和4）年度末`), not a value."""
    after = printed[m.end() : m.end() + 2]
    return after.startswith(("年", "(")) and len(m.group(1)) == 4
