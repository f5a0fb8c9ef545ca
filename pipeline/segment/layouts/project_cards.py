"""Project cards: a plan tree whose concrete units are printed as one card table each.

The shape (seed: `tests/test_ichinoseki.py`):

- goal headings `基本方針1 協働のための人づくり` (they may also be listed once in an
  overview before their sections; a goal's record is added where its content starts),
- measure headings `(1) 市民意識の啓発`, numbered within the goal, followed by
  their aims (`① …` paragraphs, kept as the description),
- one card table per action: a header row `事業1 | title | 拡充` (novelty word
  anywhere in the row), a `内容 | ○… ○… | 実施年度` row, a year strip
  (`6年度 7年度 …`, bare years in the document's era) and a phase row
  (`検討 → 実施 → →`: an arrow continues the phase before it),
- a tree table (体系図) listing the actions as `①…⑱` with actor columns marked
  ◎ (lead) / ○ (partner); its items are matched to the cards by number and tree
  position and never become measures of their own,
- indicator tables (指標 | 単位 | 現状 | 目標): inside a goal section they belong to
  the goal, outside every goal section to the whole plan.

Numbered section headings (`6 成果指標`, `第4章 …`) close the current goal.

This module scores the cards and walks the blocks; the cards, the tree table and the plan
title are read by `project_cards_read`, the records made by `project_cards_build`.
"""

from __future__ import annotations

from pipeline.model.ir import Document
from pipeline.segment.base import Context, Extraction, dominant_era
from pipeline.segment.layouts.project_cards_build import Builder
from pipeline.segment.layouts.project_cards_read import (
    card_groups,
    find_content_row,
    find_year_row,
    following_notes,
    read_plan,
)
from pipeline.segment.layouts.project_cards_read import (
    parse_card as parse_card,
)
from pipeline.segment.layouts.project_cards_read import (
    phase_spans as phase_spans,
)

NAME = "project_cards"


def detect(doc: Document) -> float:
    """Score cards (`事業N` header rows) by how many carry a year strip and a `内容` row."""
    era = dominant_era(doc)
    cards = [g for b in doc.tables() for g in card_groups(b)]
    if not cards:
        return 0.0
    n = len(cards)
    strips = sum(1 for g in cards if find_year_row(g, era) is not None)
    content = sum(1 for g in cards if find_content_row(g) is not None)
    return round(0.3 + 0.35 * strips / n + 0.25 * content / n + 0.1 * min(n, 3) / 3, 3)


def segment(doc: Document, ctx: Context) -> Extraction:
    """Read the plan, its goal/measure/card tree, schedules, actors and indicators."""
    ext = Extraction(ctx.document_id)
    era = dominant_era(doc)
    builder = Builder(ext, read_plan(ext, doc, ctx, era), era)
    for i, block in enumerate(doc.blocks):
        if block.kind == "text":
            builder.visit_text(block)
        elif block.kind == "table" and block.rows:
            builder.visit_table(block, following_notes(doc.blocks, i))
    builder.flush()
    builder.add_listed_goals()
    builder.add_actors()
    return ext
