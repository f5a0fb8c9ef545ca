"""Crosswalk sheets, the links: `supports` to the pillars, `successor` from old to new items."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model.records import MeasureLink
from pipeline.normalize.text import circled_to_int, clean, nfkc
from pipeline.segment.base import Extraction
from pipeline.segment.layouts.crosswalk_rows import (
    CIRCLED,
    DASH,
    NEW_NOTE,
    NUM,
    CrossRow,
    Item,
    Pair,
    where_at,
)

DELETE_WORDS = ("削除", "廃止")
_REF = re.compile(rf"([{CIRCLED}])\s*[{DASH}]\s*([{NUM}]+)((?:\s*[、,，・]\s*[{NUM}]+)*)")
_MERGE = re.compile(r"(?:(\d+)\s*つの)?項目を統合")
_SPLIT = re.compile(r"(\d+)\s*つの項目に分割")


@dataclass(slots=True)
class Merge:
    """An open merge: the new items that the next old-only rows also lead to."""

    targets: list[Item]
    remaining: int | None  # old rows still expected (None: not printed, take all that follow)
    note: str


def add_supports(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """● marks → `supports` links from the old measure printed on the marked row."""
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if not row.marks:
            continue
        measures = [i for i in row.old if i.sub is None and i.key in ids]
        if not measures:
            ext.warn("pillar marks on a row without an old measure", *where_at(row))
            continue
        for label, strength in row.marks:
            src = ids[measures[0].key]
            if (src, label) not in seen:
                seen.add((src, label))
                ext.add(
                    MeasureLink,
                    src_id=src,
                    dst_label=label,
                    link_type="supports",
                    strength=strength,
                    page=row.page,
                    line=row.line,
                    bbox=row.bbox,
                )


def add_successors(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """Old → new links: measure rows, paired sub-items, merges, then targets named in notes."""
    items, named = item_pairs(rows, ext)
    pairs = [p for p in goal_pairs(rows) + items if p[0].key in ids and p[1].key in ids]
    successors: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for old, new, _, _ in pairs:
        successors.setdefault(old.key, []).append(new.key)
    titles = {i.key: i.title for r in rows for i in r.old + r.new}
    links: dict[tuple[str, str], tuple[str, CrossRow]] = {}
    for old, new, note, row in pairs:
        links.setdefault((ids[old.key], ids[new.key]), (note, row))
    for old, row, note in named:
        for dst in resolve_targets(old, row, ids, titles, successors, ext):
            links.setdefault((ids[old.key], ids[dst]), (note, row))
    for (src, dst), (note, row) in links.items():
        ext.add(
            MeasureLink,
            src_id=src,
            dst_id=dst,
            link_type="successor",
            note=note or None,
            page=row.page,
            line=row.line,
            bbox=row.bbox,
        )


def goal_pairs(rows: list[CrossRow]) -> list[Pair]:
    """Old measure → the new measure on its row, else the new measure of the section it sits in."""
    pairs: list[Pair] = []
    section: Item | None = None
    for row in rows:
        note = link_note(row)
        new_goal = next((i for i in row.new if i.sub is None), None)
        section = new_goal or section
        for old in (i for i in row.old if i.sub is None):
            if new_goal or (section and not note.startswith(DELETE_WORDS)):
                pairs.append((old, new_goal or section, note, row))
    return pairs


def item_pairs(rows: list[CrossRow], ext: Extraction) -> tuple[list[Pair], list[tuple[Item, CrossRow, str]]]:
    """Old → new sub-items paired on a row or by a merge note; old items whose note names targets."""
    pairs: list[Pair] = []
    named: list[tuple[Item, CrossRow, str]] = []
    merge: Merge | None = None
    for row in rows:
        note = link_note(row)
        olds, news = row.subs("old"), row.subs("new")
        if merge and (news or note or not olds):
            if merge.remaining:
                ext.warn(
                    f"merge note {merge.note!r}: {merge.remaining} more old item(s) expected", *where_at(row)
                )
            merge = None
        split = _SPLIT.search(note)
        if split and int(split.group(1)) != len(news):
            ext.warn(f"note {split.group(0)!r} but {len(news)} new item(s) printed", *where_at(row))
        for old in olds:
            if news or merge:
                pairs += [(old, new, merge.note if merge else note, row) for new in news or merge.targets]
            elif _REF.search(row.note_raw):
                named.append((old, row, note))
            elif not note.startswith(DELETE_WORDS):
                ext.warn(
                    f"old {old.code_raw} has no new item and its note names no target: no successor",
                    *where_at(row),
                )
        merge = next_merge(merge, olds, news, note)
    return pairs, named


def next_merge(merge: Merge | None, olds: list[Item], news: list[Item], note: str) -> Merge | None:
    """The merge still open after a row: `2つの項目を統合` takes the next old-only row(s)."""
    if news:
        m = _MERGE.search(note)
        remaining = (int(m.group(1)) - len(olds) if m.group(1) else None) if m and olds else 0
        return Merge(news, remaining, note) if remaining != 0 else None
    if merge and merge.remaining is not None:
        merge.remaining -= len(olds)
        return merge if merge.remaining > 0 else None
    return merge


def link_note(row: CrossRow) -> str:
    """The row's note for its links: cleaned, circled numbers kept, 新規追加(…) parts dropped."""
    return NEW_NOTE.sub("", clean(row.note_raw)).strip()


def resolve_targets(
    old: Item, row: CrossRow, ids: dict, titles: dict, successors: dict, ext: Extraction
) -> list[tuple[str, str]]:
    """New items that a note's target codes (`②-8に集約`, `施策②-2、3`) lead to."""
    codes = note_targets(row.note_raw)
    in_old = all(("old", c) in ids for c in codes)
    in_new = all(("new", c) in ids for c in codes)
    where = f"old {old.code_raw}: target {'、'.join(m.group(0) for m in _REF.finditer(row.note_raw))}"
    if in_old and in_new:
        old_score = _similarity(old.title, [titles[("old", c)] for c in codes])
        new_score = _similarity(old.title, [titles[("new", c)] for c in codes])
        in_new = new_score >= old_score
        side = "new" if in_new else "old"
        ext.warn(
            f"{where} exists in both plans; read as {side} numbering by text similarity ({new_score:.2f} new vs {old_score:.2f} old)",
            *where_at(row),
        )
    elif not (in_old or in_new):
        ext.warn(f"{where} not found in either plan; no successor", *where_at(row))
        return []
    if in_new:
        return [("new", c) for c in codes]
    targets = [dst for c in codes for dst in successors.get(("old", c), [])]
    if not targets:
        ext.warn(f"{where} (old numbering) has no successor itself; no link", *where_at(row))
    return list(dict.fromkeys(targets))


def note_targets(note_raw: str) -> list[str]:
    """Sub-item codes a note names: `施策②-2、3に集約` → ['2-2', '2-3']."""
    codes = []
    for m in _REF.finditer(note_raw):
        circled = circled_to_int(m.group(1))
        for number in [m.group(2), *re.findall(rf"[{NUM}]+", m.group(3))]:
            codes.append(f"{circled}-{int(nfkc(number))}")
    return codes


def _similarity(text: str, others: list[str]) -> float:
    """Mean Dice overlap of character bigrams between `text` and each of `others`."""
    grams = _bigrams(text)
    scores = [2 * len(grams & _bigrams(o)) / (len(grams) + len(_bigrams(o)) or 1) for o in others]
    return sum(scores) / len(scores) if scores else 0.0


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s、。,.]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}
