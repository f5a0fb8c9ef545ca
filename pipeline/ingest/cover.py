"""Metadata of a document the manifest does not list, detected from its own text.

What the cover states: the municipality from the first cover line that starts with
a name of the 全国地方公共団体コード table (`pipeline.ingest.municipalities`), after
an ordinal (`第3次水戸市…`) and a printed prefecture (`千葉県佐倉市…` → 千葉県 / 佐倉市);
the title from the first title-like line that starts with it. A name that several
municipalities share (府中市 in 東京都 and 広島県, 伊達市) takes the prefecture printed
on the cover; without one the city is kept and the code and prefecture stay empty,
with a warning. A cover that names no municipality falls back on a file name that
starts with a code of the table (`09213_….txt`). The note returned says what was
inferred and from where (it becomes the document's `manifest` warning).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from pipeline.ingest.manifest import Entry
from pipeline.ingest.municipalities import Municipality, NameMatch, by_code, match_name, prefectures_in
from pipeline.model.ir import Document
from pipeline.normalize.text import clean

COVER_BLOCKS = 30  # the cover and contents are within the first blocks
TITLE_WORDS = ("計画", "プラン", "指針", "ビジョン", "戦略", "施策", "実施状況", "シート")
_FILE_CODE = re.compile(r"^(\d{5,6})(?!\d)")


def cover_lines(doc: Document) -> list[str]:
    return [clean(b.raw) for b in doc.blocks[:COVER_BLOCKS] if b.kind == "text" and b.raw.strip()]


def is_title(line: str) -> bool:
    return any(w in line for w in TITLE_WORDS) and len(line) <= 60


def find_municipality(lines: list[str]) -> tuple[NameMatch | None, str | None]:
    """(the name read, the line it was read from): a title line first, else any cover line."""
    matches = [(m, line) for line in lines if (m := match_name(line))]
    titled = [(m, line) for m, line in matches if is_title(line)]
    return (titled or matches or [(None, None)])[0]


def resolve(found: NameMatch, lines: list[str]) -> tuple[Municipality | None, str]:
    """The one municipality meant, and a note; a shared name needs a prefecture printed on the cover."""
    if found.municipality:
        return found.municipality, ""
    printed = prefectures_in("\n".join(lines))
    chosen = [m for m in found.candidates if m.prefecture in printed]
    if len(chosen) == 1:
        return chosen[0], f" (the prefecture {chosen[0].prefecture} printed on the cover)"
    names = ", ".join(f"{m.prefecture} {m.code}" for m in found.candidates)
    return None, (
        f"; {found.name} is the name of {len(found.candidates)} municipalities ({names}) and the cover "
        "prints none of their prefectures, so the code and prefecture are left empty"
    )


def detect_entry(doc: Document, entry: Entry) -> tuple[Entry, str]:
    """The entry with the municipality and title the cover prints, and a note saying what was found."""
    lines = cover_lines(doc)
    title = next((line for line in lines if is_title(line) and match_name(line)), None)
    found, where = find_municipality(lines + ([entry.title] if entry.title else []))
    notes = []
    city = prefecture = code = None
    if found:
        municipality, how = resolve(found, lines)
        city = found.name
        if municipality:
            city, prefecture, code = municipality.name, municipality.prefecture, municipality.code
            notes.append(f"{prefecture} {city} ({code}) from the cover line {where!r}{how}")
        else:
            prefecture = found.prefecture
            notes.append(f"city {city} from the cover line {where!r}{how}")
    elif (m := _FILE_CODE.match(Path(entry.file).name)) and (municipality := by_code(m.group(1))):
        city, prefecture, code = municipality.name, municipality.prefecture, municipality.code
        notes.append(
            f"{prefecture} {city} ({code}) from the code the file name starts with (the cover names none)"
        )
    if title:
        notes.append(f"title {title!r} from the cover")
    if not notes:
        return entry, "no municipality or title found on the cover"
    detected = replace(
        entry,
        city=entry.city or city,
        prefecture=entry.prefecture or prefecture,
        municipality_code=entry.municipality_code or code,
        title=entry.title or title,
    )
    return detected, "; ".join(notes)
