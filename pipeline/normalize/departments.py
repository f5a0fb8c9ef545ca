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
    for part in (p for piece in _SPLIT.split(_RENAME.sub("→", nfkc(text))) for p in _split_dots(piece)):
        if not part:
            continue
        pending += part
        if _is_complete(pending.split("→")[-1]):
            tokens.append(pending)
            pending = ""
    if pending:
        tokens.append(pending)
    return tokens


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
