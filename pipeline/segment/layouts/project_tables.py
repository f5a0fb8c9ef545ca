"""Project tables: a plan tree printed as headings, each node with a `事業名 | 事業内容` table.

The shape (seed: `tests/test_mito.py`, and plans like it):

- headings `基本方針1 市民意識の醸成…` (goal) and `基本施策1-1 市民活動情報の発信` (measure),
  spaces anywhere (`基本方針 2`, `基本施策 1-2`), each optionally followed by its paragraph
  (the node's description: the sentences printed right under the heading);
- under a 基本施策, a table whose header row is `事業名 | 事業内容`: one row per action
  (kind from the `【実施事業】` label above the table, else the header word). The table
  may be interrupted by footnotes and blank lines and continue without a header; a row
  with an empty name continues the previous row. `【新】`/`【拡充】`/`【継続】` give the
  novelty, `【重点】` the priority, `（再掲）` marks a repost, linked (`repost_of`) to the
  original action of the same plan with the same 事業内容 or, failing that, the same title;
- per goal an indicator table (`指標 | 現況 | 目標`, read by `indicator_tables`) with `※`
  notes under it, attached to the innermost open node.

The tree is usually printed more than once: an overview (`基本方針1 …` with its paragraph)
and the detailed chapter (the same headings with indicators and tables). Each restart of
the goal numbering (or a numbered section heading such as `2 基本方針`) begins a new *run*
of headings. Runs are merged by printed code; a node is recorded where it is first printed
(its title and line), the later runs add description, measures, actions and indicators.

A run whose action tables have a status column (`実施事業 | 取組状況`) is the review of the
previous plan, which becomes a second plan (title `…計画(第2次)` as printed before the review,
period NULL unless printed). Each of its actions gets one `evaluations` row with the status
as printed and fiscal_year = the year before the reviewing plan starts: the review is written
while the new plan is drafted, i.e. in the last year of the old one. Its 【主な成果】/【今後に
向けた方向性】 bullet lists are per goal, not per action, and are deliberately left out.

This module scores the document and reads the plan titles and period; the headings and
action tables are read into runs of nodes by `project_tables_read`, whose merged tree
`project_tables_emit` records.
"""

from __future__ import annotations

import re

from pipeline.model.ir import Document
from pipeline.normalize.eras import parse_fy_range
from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import (
    Context,
    Extraction,
    add_plan,
    dominant_era,
    parse_edition,
)
from pipeline.segment.layouts.project_tables_emit import emit_tree
from pipeline.segment.layouts.project_tables_read import (
    EDITION_PART,
    SECTION,
    action_header,
    merge_runs,
    read_runs,
)
from pipeline.segment.layouts.project_tables_read import (
    parse_heading as parse_heading,
)
from pipeline.segment.layouts.project_tables_read import (
    strip_marks as strip_marks,
)

NAME = "project_tables"
PERIOD_WORDS = ("計画の期間", "計画期間")


def detect(doc: Document) -> float:
    """Score from action-table header rows (strong) and 基本方針/基本施策 headings (weak)."""
    tables = sum(1 for b in doc.tables() if b.rows and action_header(b.rows[0]))
    headings = sum(1 for b in doc.text_blocks() if parse_heading(b.raw))
    return round(0.7 * min(tables, 3) / 3 + 0.3 * min(headings, 3) / 3, 3)


def plan_title(doc: Document) -> tuple[str, int | None] | None:
    """The cover title and its line: the first short line naming a 計画, before any heading."""
    for block in doc.text_blocks():
        text = clean(block.raw)
        if parse_heading(block.raw) or SECTION.match(text):
            return None
        if "計画" in text and len(text) <= 40 and not text.endswith("。"):
            return text, block.line
    return None


def plan_period(doc: Document, era: str | None) -> tuple[int | None, int | None]:
    """`本計画の期間は、2024（令和6）年度から2028（令和10）年度まで` → (2024, 2028)."""
    for block in doc.text_blocks():
        if any(w in nfkc(block.raw) for w in PERIOD_WORDS):
            start, end = parse_fy_range(block.raw, era)
            if start and end and end > start:
                return start, end
    return None, None


def reviewed_title(doc: Document, title: str, edition: int | None, before: int) -> tuple[str, int] | None:
    """The reviewed plan's title and line: the same title with another edition, printed before its review."""
    base = EDITION_PART.sub("", title)
    pattern = re.compile(re.escape(base) + r"\s*\(\s*第\s*[0-9一二三四五六七八九十]+\s*[次期]\s*\)")
    found = [
        (m.group(0), b.line or 0)
        for b in doc.text_blocks()
        for m in pattern.finditer(clean(b.raw))
        if parse_edition(m.group(0)) not in (None, edition)
    ]
    preceding = [f for f in found if f[1] < before]
    if preceding:
        return preceding[-1]
    earlier = [f for f in found if (parse_edition(f[0]) or 0) < (edition or 0)]
    return max(earlier, key=lambda f: parse_edition(f[0]) or 0) if earlier else None


def segment(doc: Document, ctx: Context) -> Extraction:
    """Read the plan (and the reviewed previous plan, if any) with their trees."""
    ext = Extraction(ctx.document_id)
    era = dominant_era(doc)
    entry = ctx.entry
    title, title_line = plan_title(doc) or (clean(entry.title if entry else "") or "計画", None)
    fy = plan_period(doc, era)
    if fy == (None, None) and entry:
        fy = (entry.plan_fy_start, entry.plan_fy_end)
    runs = read_runs(doc, ext)
    main_runs = [r for r in runs if not r.is_review]
    review_runs = [r for r in runs if r.is_review]
    pid = add_plan(ext, ctx, title, fy=fy, line=title_line)
    emit_tree(ext, pid, merge_runs(main_runs, ext), era, None)
    if review_runs:
        first_line = review_runs[0].goals[0].block.line or 0
        old = reviewed_title(doc, title, parse_edition(title), first_line)
        if old is None:
            old = (f"{EDITION_PART.sub('', title)}(前計画)", first_line)
            ext.warn(f"title of the reviewed plan not printed; using {old[0]!r}", line=first_line)
        old_pid = add_plan(
            ext, ctx, old[0], fy=(None, None), status="final", line=old[1]
        )  # reviewed: it was in force
        eval_fy = fy[0] - 1 if fy[0] else None
        emit_tree(ext, old_pid, merge_runs(review_runs, ext), era, eval_fy)
    if not ext.get("measures"):
        ext.warn("no 基本方針/基本施策 headings with action tables found")
    return ext
