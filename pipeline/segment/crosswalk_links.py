"""Crosswalk sheets, the links: `supports` to what a row's marks name, `successor` from old to new items.

Old → new by row: a top item to the new top item on its row (else to the one of the section
it is printed in), an item to the new items on its row. The note words (vocabulary
`[crosswalk]`) say more: a merge (`2つの項目を統合`) also leads the next old-only rows to the
row's new item; a deletion (`削除`, `廃止`) ends an item unless its note names where it went
(`②-8に集約`), in the old numbering or the new one (resolved by existence and, when both exist,
by text similarity, with a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.model.records import MeasureLink
from pipeline.normalize.text import CIRCLED, circled_to_int, clean, nfkc
from pipeline.segment.base import Extraction
from pipeline.segment.crosswalk_rows import CrossRow, Item, Pair, where_at
from pipeline.segment.vocabulary import Vocabulary

_DASH = "-‐－ー−―"
_NUM = "0-9０-９"
# A code of an item below a top item, with more numbers after it: `②-2、3`, `1-4`, `(2)-1`.
_REF = re.compile(
    rf"(?<![{_NUM}])([{CIRCLED}]|[{_NUM}]{{1,3}}|[(（][{_NUM}]{{1,3}}[)）])\s*[{_DASH}]\s*([{_NUM}]{{1,3}})"
    rf"((?:\s*[、,，・]\s*[{_NUM}]{{1,3}})*)"
)
_COUNT = re.compile(rf"([{_NUM}]+)\s*(?:つ|件|個)")  # `2つの項目を統合`: how many items


@dataclass(slots=True)
class Merge:
    """An open merge: the new items that the next old-only rows also lead to."""

    targets: list[Item]
    remaining: int | None  # old rows still expected (None: not printed, take all that follow)
    note: str


def new_note(vocab: Vocabulary) -> re.Pattern[str]:
    """A note that marks a new item, with its reason: `新規追加(SNSの活用)`."""
    words = "|".join(map(re.escape, sorted(vocab.crosswalk.new, key=len, reverse=True)))
    return re.compile(rf"(?:{words})(?:\([^)]*\))?")


def add_supports(rows: list[CrossRow], ext: Extraction, ids: dict) -> None:
    """Marks → `supports` links from the old top item printed on the marked row."""
    seen: set[tuple[str, str]] = set()
    for row in rows:
        if not row.marks:
            continue
        tops = [i for i in row.old if i.parent is None and i.key in ids]
        if not tops:
            ext.warn("marks on a row without an old top item", *where_at(row))
            continue
        for label, strength in row.marks:
            src = ids[tops[0].key]
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


def add_successors(rows: list[CrossRow], ext: Extraction, ids: dict, vocab: Vocabulary) -> None:
    """Old → new links: top items, paired items, merges, then targets named in notes."""
    notes = Notes(vocab)
    items, named = item_pairs(rows, ext, notes)
    pairs = [p for p in goal_pairs(rows, notes) + items if p[0].key in ids and p[1].key in ids]
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


class Notes:
    """The note words of the vocabulary, read from a row's note."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.words = vocab.crosswalk
        self.new = new_note(vocab)

    def text(self, row: CrossRow) -> str:
        """The row's note for its links: cleaned, numbers kept, new-item parts (`新規追加(…)`) dropped."""
        return self.new.sub("", clean(row.note_raw)).strip()

    def deleted(self, note: str) -> bool:
        return note.startswith(self.words.deleted)

    def count(self, note: str, words: tuple[str, ...]) -> tuple[bool, int | None]:
        """Whether the note says one of `words`, and how many items it counts before it (`2つの`)."""
        at = min((note.find(w) for w in words if w in note), default=-1)
        if at < 0:
            return False, None
        counts = _COUNT.findall(note[:at])
        return True, int(nfkc(counts[-1])) if counts else None


def goal_pairs(rows: list[CrossRow], notes: Notes) -> list[Pair]:
    """Old top item → the new top item on its row, else the new top item of the section it sits in."""
    pairs: list[Pair] = []
    section: Item | None = None
    for row in rows:
        note = notes.text(row)
        new_top = next((i for i in row.new if i.parent is None), None)
        section = new_top or section
        for old in (i for i in row.old if i.parent is None):
            if new_top or (section and not notes.deleted(note)):
                pairs.append((old, new_top or section, note, row))
    return pairs


def item_pairs(
    rows: list[CrossRow], ext: Extraction, notes: Notes
) -> tuple[list[Pair], list[tuple[Item, CrossRow, str]]]:
    """Old → new items paired on a row or by a merge note; old items whose note names targets."""
    pairs: list[Pair] = []
    named: list[tuple[Item, CrossRow, str]] = []
    merge: Merge | None = None
    for row in rows:
        note = notes.text(row)
        olds, news = row.subs("old"), row.subs("new")
        if merge and (news or note or not olds):
            if merge.remaining:
                ext.warn(
                    f"merge note {merge.note!r}: {merge.remaining} more old item(s) expected", *where_at(row)
                )
            merge = None
        split, parts = notes.count(note, notes.words.split)
        if split and parts is not None and parts != len(news):
            ext.warn(f"note {note!r} counts {parts} new items but {len(news)} are printed", *where_at(row))
        for old in olds:
            if news or merge:
                pairs += [(old, new, merge.note if merge else note, row) for new in news or merge.targets]
            elif _REF.search(nfkc(row.note_raw)):
                named.append((old, row, note))
            elif not notes.deleted(note):
                ext.warn(
                    f"old {old.code_raw} has no new item and its note names no target: no successor",
                    *where_at(row),
                )
        merge = next_merge(merge, olds, news, note, notes)
    return pairs, named


def next_merge(
    merge: Merge | None, olds: list[Item], news: list[Item], note: str, notes: Notes
) -> Merge | None:
    """The merge still open after a row: `2つの項目を統合` takes the next old-only row(s)."""
    if news:
        merged, count = notes.count(note, notes.words.merged)
        remaining = (count - len(olds) if count else None) if merged and olds else 0
        return Merge(news, remaining, note) if remaining != 0 else None
    if merge and merge.remaining is not None:
        merge.remaining -= len(olds)
        return merge if merge.remaining > 0 else None
    return merge


def resolve_targets(
    old: Item, row: CrossRow, ids: dict, titles: dict, successors: dict, ext: Extraction
) -> list[tuple[str, str]]:
    """New items that a note's target codes (`②-8に集約`, `施策②-2、3`) lead to."""
    codes = note_targets(row.note_raw)
    in_old = all(("old", c) in ids for c in codes)
    in_new = all(("new", c) in ids for c in codes)
    printed = "、".join(m.group(0) for m in _REF.finditer(nfkc(row.note_raw)))
    where = f"old {old.code_raw}: target {printed}"
    if in_old and in_new:
        old_score = _similarity(old.title, [titles[("old", c)] for c in codes])
        new_score = _similarity(old.title, [titles[("new", c)] for c in codes])
        in_new = new_score >= old_score
        side = "new" if in_new else "old"
        ext.warn(
            f"{where} exists in both plans; read as {side} numbering by text similarity"
            f" ({new_score:.2f} new vs {old_score:.2f} old)",
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
    """Codes of items a note names: `施策②-2、3に集約` → ['2-2', '2-3'], `1-4へ` → ['1-4']."""
    codes = []
    for m in _REF.finditer(nfkc(note_raw)):
        top = m.group(1).strip("()（）")
        top = str(circled_to_int(top)) if re.fullmatch(f"[{CIRCLED}]", top) else str(int(nfkc(top)))
        for number in [m.group(2), *re.findall(rf"[{_NUM}]+", m.group(3))]:
            codes.append(f"{top}-{int(nfkc(number))}")
    return codes


def _similarity(text: str, others: list[str]) -> float:
    """Mean Dice overlap of character bigrams between `text` and each of `others`."""
    grams = _bigrams(text)
    scores = [2 * len(grams & _bigrams(o)) / (len(grams) + len(_bigrams(o)) or 1) for o in others]
    return sum(scores) / len(scores) if scores else 0.0


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"[\s、。,.]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)}
