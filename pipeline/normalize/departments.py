"""Printed department lists → canonical departments with their bureau.

`生活環境部 コミュニティ推進課 教育委員会 郷土博物館` gives two departments, each
with its bureau; `コミ推` expands to コミュニティ推進課 (see data/departments.toml);
`危機管理室→危機管理課` gives the new name with the former one.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.normalize.text import clean, nfkc

_SPLIT = re.compile(r"[、，,／/]|\s+")
_RENAME = re.compile(r"\s*(?:→|⇒|->)\s*")


@dataclass(frozen=True, slots=True)
class Department:
    department: str
    bureau: str | None
    department_raw: str
    former_department: str | None = None


@cache
def _rules() -> dict:
    with resources.files("pipeline.data").joinpath("departments.toml").open("rb") as f:
        return tomllib.load(f)


def canonical_department(name: str) -> str:
    """Expand a printed department name to its canonical full form."""
    name = clean(name)
    rules = _rules()
    if name in rules["abbreviations"]:
        return rules["abbreviations"][name]
    for short, full in rules["suffix_abbreviations"].items():
        if name.endswith(short):
            return name[: -len(short)] + full
    return name


def _is_complete(token: str) -> bool:
    rules = _rules()
    if token in rules["abbreviations"]:
        return True
    endings = [*rules["names"]["suffixes"], *rules["suffix_abbreviations"]]
    return token.endswith(tuple(endings))


def _is_bureau(token: str) -> bool:
    return token.endswith(tuple(_rules()["names"]["bureau_suffixes"]))


def _tokens(text: str) -> list[str]:
    """Split on separators, joining fragments that a layout space cut apart."""
    tokens: list[str] = []
    pending = ""
    pieces = _SPLIT.split(_RENAME.sub("→", nfkc(text)))
    for part in (r for piece in pieces for p in _split_dots(piece) for r in _split_run(p)):
        if not part:
            continue
        pending += part
        if _is_complete(pending.split("→")[-1]):
            tokens.append(pending)
            pending = ""
    if pending:
        tokens.append(pending)
    return tokens


# Where one name may end and the next begin, in names printed one after another: after a
# department's ending (not 課税課, 地域課題…, 課長), after a bureau's (生活環境部|コミュニティ推進課).
_RUN = re.compile(
    r"(?<=..[課室係])(?![課税題→])|(?<=センター)(?!→)|(?<=..[部局])(?![長→])|(?<=委員会)(?!→)|(?<=公室)(?!→)"
)
_LONGEST = 40  # characters: no department name is longer


def _split_run(text: str) -> list[str]:
    """Names printed one after another (a cell's lines joined): `社会福祉課地域福祉課` → two names,
    `学校教育課社会教育課コミ推各庁舎総企` → four, `教育委員会郷土博物館` → bureau and department;
    `課税課`, `地域課題対策課`, `保健センター` and `選挙管理委員会事務局` stay one. A cut leaves a
    name before it and names only after it, each of three characters or more and more than an ending."""
    cuts = sorted({m.start() for m in _RUN.finditer(text)} | _abbreviation_ends(text))
    cuts = [i for i in cuts if 0 < i < len(text)]
    names_after: dict[int, bool] = {}  # cut → the text after it is names only
    tail_is_name = _is_name(text[-_LONGEST:])  # a rest longer than any name: does it end as one?
    for k in range(len(cuts) - 1, -1, -1):
        i = cuts[k]
        names_after[i] = (_is_name(text[i:]) if len(text) - i <= _LONGEST else tail_is_name) or any(
            names_after[j] and _is_name(text[i:j]) for j in cuts[k + 1 : bisect_right(cuts, i + _LONGEST)]
        )
    parts, start = [], 0
    for i in cuts:
        if i > start and names_after[i] and _is_name(text[start:i]):
            parts.append(text[start:i])
            start = i
    return [*parts, text[start:]]


def _is_name(token: str) -> bool:
    return len(token) >= 3 and _is_complete(token) and token not in _rules()["names"]["suffixes"]


def _abbreviation_ends(text: str) -> set[int]:
    """Where an abbreviation printed in `text` ends (コミ推|各庁舎総企): a name may end there."""
    rules = _rules()
    ends = set()
    for short in (*rules["abbreviations"], *rules["suffix_abbreviations"]):
        at = text.find(short)
        while at >= 0:
            if not text.startswith("→", at + len(short)):
                ends.add(at + len(short))
            at = text.find(short, at + 1)
    return ends


def _split_dots(text: str) -> list[str]:
    """`市民協働課・人事課` → two names; `人権・男女共同参画課` stays one (its first part is no name)."""
    parts, start = [], 0
    for i, ch in enumerate(text):
        if ch == "・" and _is_complete(text[start:i]):
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def parse_departments(text: str | None) -> list[Department]:
    """Every department printed in `text`, in order, with the bureau printed before it."""
    tokens = _tokens(text or "")
    result: list[Department] = []
    bureau: str | None = None
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if _is_bureau(token) and nxt is not None and not _is_bureau(nxt):
            bureau = clean(token)
            continue
        former = None
        current = token
        if "→" in token:
            former, current = token.rsplit("→", 1)
            former = canonical_department(former)
        if canonical_department(current):  # a stray arrow or separator names nothing
            result.append(Department(canonical_department(current), bureau, token, former or None))
    return result
