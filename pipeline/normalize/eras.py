"""Japanese eras → Gregorian (fiscal) years.

A fiscal year (年度) is its Gregorian start year: 令和4年度 → 2022, 令和元年度 → 2019,
平成30年度 → 2018, `R5` → 2023, `2028（令和10）年度末` → 2028.
"""

from __future__ import annotations

import re
import unicodedata

ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018}
_ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
MIN_YEAR, MAX_YEAR = 1900, 2100

_WESTERN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ERA = re.compile(r"(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})")
_ERA_LETTER = re.compile(r"(?<![A-Za-z])([MTSHR])\.?\s*(元|\d{1,2})(?!\d)")
_BARE = re.compile(r"(?<!\d)(元|\d{1,2})\s*年")


def _era_year(era: str, number: str) -> int | None:
    """令和 + 4 → 2022; an era year 0 does not exist (None)."""
    n = 1 if number == "元" else int(number)
    return ERAS[era] + n if n > 0 else None


def parse_year(text: str | None, default_era: str | None = None) -> int | None:
    """The first year printed in `text` as a Gregorian integer, or None.

    Western years win when both forms are printed (`2028（令和10）年度`). A bare
    `6年度` needs `default_era` (the era the document prints elsewhere).
    """
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    for pattern in (_WESTERN,):
        m = pattern.search(text)
        if m:
            return int(m.group(1))
    m = _ERA.search(text)
    if m:
        return _era_year(m.group(1), m.group(2))
    m = _ERA_LETTER.search(text)
    if m:
        return _era_year(_ERA_LETTERS[m.group(1)], m.group(2))
    m = _BARE.search(text) if default_era else None
    return _era_year(default_era, m.group(1)) if m else None


def parse_fy(text: str | None, default_era: str | None = None) -> int | None:
    """A fiscal year (same rule as `parse_year`; the name says what the caller means)."""
    return parse_year(text, default_era)


def parse_fy_range(text: str | None, default_era: str | None = None) -> tuple[int | None, int | None]:
    """`令和5年度～令和8年度` → (2023, 2026); a single year gives (y, y)."""
    if not text:
        return None, None
    text = unicodedata.normalize("NFKC", text).replace("〜", "~").replace("～", "~")
    parts = re.split(r"\s*[~\-–―]\s*|から|まで", text, maxsplit=1)
    start = parse_year(parts[0], default_era)
    era = default_era
    m = _ERA.search(parts[0])
    if m:
        era = m.group(1)
    end = parse_year(parts[1], era) if len(parts) > 1 else start
    return start, end if end is not None else start


def era_of(text: str | None) -> str | None:
    """The era named in `text` (`令和`…), for reading later bare years."""
    m = _ERA.search(unicodedata.normalize("NFKC", text or ""))
    return m.group(1) if m else None
