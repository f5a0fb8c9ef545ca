"""Metadata of a document the manifest does not list, detected from its own text.

Only what the cover states unambiguously: the municipality's name, from the first
title-like line that starts with one (`水戸市協働推進基本計画（第3次）` → 水戸市), and
that line as the title. The local government code needs the national code list,
which the project does not ship, so it stays empty.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.ingest.manifest import Entry
from pipeline.model.ir import Document
from pipeline.normalize.text import clean

COVER_BLOCKS = 30  # the cover and contents are within the first blocks
TITLE_WORDS = ("計画", "プラン", "指針", "ビジョン", "戦略", "施策", "実施状況", "シート")
_CITY_TITLE = re.compile(
    r"^([\u4e00-\u9fff]{1,5}?[市町村])(?![\u4e00-\u9fff]*[市町村]{2})(?=[\u3040-\u30ff\u4e00-\u9fff])"
)


def detect_entry(doc: Document, entry: Entry) -> tuple[Entry, str]:
    """The entry with the city and title the cover prints, and a note saying what was found."""
    for block in doc.blocks[:COVER_BLOCKS]:
        line = clean(block.raw) if block.kind == "text" else ""
        m = _CITY_TITLE.match(line)
        if m and any(w in line for w in TITLE_WORDS) and len(line) <= 60:
            found = replace(entry, city=entry.city or m.group(1), title=entry.title or line)
            return found, f"city {found.city} and title {found.title!r} from the cover"
    return entry, "no city or title found on the cover"
