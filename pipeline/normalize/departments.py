"""Printed department lists → canonical departments with their bureau.

`生活環境部 コミュニティ推進課 教育委員会 郷土博物館` gives two departments, each
with its bureau; `コミ推` expands to コミュニティ推進課 (see data/departments.toml);
`危機管理室→危機管理課` gives the new name with the former one.
"""

from __future__ import annotations

import re
import tomllib
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


_RUN = re.compile(r"(?<=..[課室係])(?![課税題→])|(?<=センター)(?!→)")


def _cuts(text: str) -> list[int]:
    """Where one name may end and the next begin: after 課・室・係・センター, and around an
    abbreviation of the vocabulary (`コミ推`, `…総企`)."""
    rules = _rules()
    cuts = {m.start() for m in _RUN.finditer(text)}
    for short in rules["abbreviations"]:
        for m in re.finditer(re.escape(short), text):
            cuts |= {m.start(), m.end()}
    for short in rules["suffix_abbreviations"]:
        cuts |= {m.end() for m in re.finditer(re.escape(short), text)}
    return sorted(c for c in cuts if 0 < c < len(text))


def _split_run(text: str) -> list[str]:
    """Names printed one after another (a cell's lines joined where a wrap hid the space between
    them): `社会福祉課地域福祉課`, `福祉課長寿介護課`, `コミ推各庁舎総企` → two names each; `課税課`,
    `地域課題対策課`, `保健センター` and `総務課長` stay one (each cut leaves a name on both sides)."""
    parts, start = [], 0
    for cut in _cuts(text):
        head, rest = text[start:cut], text[cut:]
        if cut > start and _is_complete(head) and len(rest) >= 3 and _is_complete(rest):
            parts.append(head)
            start = cut
    return [*parts, text[start:]]


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
