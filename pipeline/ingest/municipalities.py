"""The 全国地方公共団体コード table: municipalities by code and by name.

The table is the one the PyPI package `japancode` ships (`japancode/data/municipalities.json`,
MIT): the 1,741 municipalities (市町村 and the 23 special wards of Tokyo) and the wards
of the designated cities (政令市の区, `横浜市青葉区`), each with its prefecture, its
5-digit code (the 6-digit form adds a check digit) and a reading in hiragana. The
readings are kept on `Municipality.reading` but used nowhere yet (ids stay
code-based). `table_version()` names the package and version; the database build
records it in `meta` as `municipality_table`.

Known gap of the table as shipped: 浜松市's wards are those before the 2024-01-01
reorganization (中区, 東区 … instead of 中央区, 浜名区, 天竜区).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources

PACKAGE = "japancode"
_PREFECTURE = re.compile(r"^(北海道|東京都|大阪府|京都府|.{2,3}県)")


@dataclass(frozen=True, slots=True)
class Municipality:
    code: str  # 5 digits: 2 of the prefecture, 3 of the municipality (no check digit)
    prefecture: str  # 茨城県
    name: str  # 日立市; a designated city's ward with its city: 横浜市青葉区
    reading: str  # hiragana (ひたちし); not used yet
    ward_of: str | None = None  # the designated city of a ward (横浜市), else None

    @property
    def full_name(self) -> str:
        return self.prefecture + self.name


@dataclass(frozen=True)
class Table:
    by_code: dict[str, Municipality]
    by_name: dict[str, tuple[Municipality, ...]]  # a name → every municipality of that name
    prefectures: tuple[str, ...]
    longest_name: int


def table_version() -> str:
    """`japancode 0.1.0`: which table the codes are checked against."""
    try:
        return f"{PACKAGE} {metadata.version(PACKAGE)}"
    except metadata.PackageNotFoundError:  # pragma: no cover - a declared dependency
        return f"{PACKAGE} (unknown version)"


@cache
def table() -> Table:
    data = resources.files(PACKAGE).joinpath("data")
    rows = json.loads(data.joinpath("municipalities.json").read_text(encoding="utf-8"))
    prefectures = tuple(
        p["pref"] for p in json.loads(data.joinpath("prefectures.json").read_text(encoding="utf-8"))
    )
    by_code: dict[str, Municipality] = {}
    by_name: dict[str, list[Municipality]] = {}
    for row in rows:
        parts = row["city"].split()
        m = Municipality(
            code=row["cid"].zfill(5),
            prefecture=row["pref"],
            name="".join(parts),
            reading="".join(row.get("citykana", "").split()),
            ward_of=parts[0] if len(parts) > 1 else None,
        )
        by_code[m.code] = m
        by_name.setdefault(m.name, []).append(m)
    return Table(
        by_code=by_code,
        by_name={k: tuple(v) for k, v in by_name.items()},
        prefectures=prefectures,
        longest_name=max(map(len, by_name)),
    )


def normalize_code(code: str | None) -> str | None:
    """The 5-digit code of a 5- or 6-digit (with check digit) local government code."""
    code = (code or "").strip()
    return code[:5] if code.isdigit() and len(code) in (5, 6) else None


def by_code(code: str | None) -> Municipality | None:
    five = normalize_code(code)
    return table().by_code.get(five) if five else None


def named(name: str, prefecture: str | None = None) -> tuple[Municipality, ...]:
    """The municipalities called `name` (in `prefecture` when given)."""
    found = table().by_name.get(name, ())
    return tuple(m for m in found if m.prefecture == prefecture) if prefecture else found


ORDINAL = re.compile(r"^第\s*[0-9０-９一二三四五六七八九十]+\s*[次期回号]\s*")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A municipality name read at the start of a line (after an ordinal and a prefecture)."""

    name: str  # as in the table: 横浜市青葉区
    prefecture: str | None  # printed before the name, when it was
    candidates: tuple[Municipality, ...]  # of that name (in the printed prefecture, when one was)
    rest: str  # what follows the name

    @property
    def municipality(self) -> Municipality | None:
        return self.candidates[0] if len(self.candidates) == 1 else None


def match_name(line: str) -> NameMatch | None:
    """The municipality a line starts with: `第3次水戸市…`, `千葉県佐倉市…`, `横浜市青葉区…`, `さくら市`.

    The longest name of the table wins (`横浜市青葉区` over `横浜市`, `市川三郷町` over `市川市`);
    a printed prefecture keeps only the municipalities in it. None when no name starts the line.
    """
    t = table()
    text = ORDINAL.sub("", re.sub(r"[\s\u3000]+", "", line))
    prefecture = None
    m = _PREFECTURE.match(text)
    if m and m.group(1) in t.prefectures:
        prefecture, text = m.group(1), text[m.end() :]
    for size in range(min(len(text), t.longest_name), 1, -1):
        name = text[:size]
        if name in t.by_name:
            found = named(name, prefecture)
            if found:
                return NameMatch(name, prefecture, found, text[size:])
    return None


def prefectures_in(text: str) -> set[str]:
    """The prefecture names printed anywhere in `text`."""
    return {p for p in table().prefectures if p in text}
