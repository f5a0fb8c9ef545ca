"""What every table, view and column means: the one place `docs/schema.md`, the database's
`COMMENT ON` and `plans describe` take their text from.

`column_description(table, column)` looks in the table's own entries first, then in
`COMMON` (provenance and ids that mean the same everywhere). A test requires a
description for every column of every table and view.
"""

from __future__ import annotations

TABLES: dict[str, str] = {
    "documents": "One row per source file: what it is, where it came from, how it was read.",
    "plans": "One row per plan a document describes (a crosswalk or a review of a predecessor yields two).",
    "measures": "Every node of a plan's tree: goals, measures between, and actions (the unit cities are compared on).",
    "measure_departments": "The departments responsible for a measure, in printed order.",
    "schedules": "What happens when: a measure's fiscal-year span, phase and activity.",
    "indicators": "Indicators with their baseline, final target and latest actual value (wide form).",
    "indicator_values": "Every value printed for an indicator (long form: interim targets, several actuals).",
    "evaluations": "A measure's yearly evaluation: grade, status, summary and problems as printed.",
    "measure_links": "Links between items: crosswalk successors, reposts (再掲), support and references.",
    "measure_actors": "Who carries a measure besides the city's departments (市民等, 協働体 …) and in which role.",
    "terms": "Sudachi tokens of each measure's title, description and scheduled activities (search, themes, similarity).",
    "problems": "Everything the pipeline could not do cleanly, per document (the run summary's warnings and errors).",
    "meta": "Versions and fingerprints of this build (schema, parser, dictionary, tables used).",
    "themes": "The policy-theme taxonomy (pipeline/data/themes.toml), in its order.",
    "measure_themes": "A theme of a measure, with the taxonomy keywords that gave it.",
    "similar_actions": "For every action, the 5 most similar actions of other municipalities (TF-IDF cosine).",
    "action_overview": "One row per action with its goal, departments, themes, years and indicator count.",
    "theme_matrix": "Actions per city and theme, zeros included (`plans compare` pivots it).",
    "schedule_years": "One row per scheduled measure and fiscal year.",
    "indicator_progress": "One row per indicator with its direction and progress toward the target.",
    "unthemed_actions": "Actions without a theme (empty for the seed corpus).",
}

COMMON: dict[str, str] = {
    "document_id": "the source document (the manifest's document_id, else the file stem)",
    "page": "PDF page (1-based) the record was read from; NULL for text",
    "line": "text line (1-based) the record was read from; NULL for PDF",
    "bbox": "bounding box [x0, top, x1, bottom] on the PDF page, where the reader knows it",
    "plan_id": "the plan: `<plan_key>@<document_id>`, unique",
    "measure_id": "the measure: its plan_id plus the printed numbering level by level, unique",
    "indicator_id": "the indicator: its measure (or plan) id plus `/i<n>`, unique",
    "municipality_code": "全国地方公共団体コード, 5 digits without check digit (08202); NULL when unknown",
    "city": "the municipality's name (日立市, 世田谷区, 横浜市青葉区)",
    "prefecture": "the prefecture (茨城県)",
    "seq": "order within its parent, as printed",
    "code": "printed numbering in ASCII (`1-1`, `5-2`, `18`); NULL when none is printed",
    "title": "the title, normalized (NFKC, layout spaces removed)",
    "tier": "`goal` (top level), `measure` (between) or `action` (the concrete unit)",
    "plan_title": "the plan's title",
    "plan_status": "`draft` or `final`",
    "measure_title": "the nearest ancestor of tier measure (indicator_progress: the measure the indicator is attached to)",
    "fy_start": "first fiscal year",
    "fy_end": "last fiscal year",
    "fiscal_year": "a fiscal year (Gregorian: 令和6年度 → 2024)",
    "note": "a note printed beside the item",
}

COLUMNS: dict[str, dict[str, str]] = {
    "documents": {
        "path": "the file as read",
        "sha256": "SHA-256 of the file's bytes (a changed file is parsed again)",
        "format": "`pdf` or `text`",
        "pages": "number of PDF pages; NULL for text",
        "title": "the document's title (manifest, else the cover)",
        "doc_kind": "`plan`, `crosswalk` or `progress_report`",
        "status": "`draft` or `final`",
        "published": "publication month as given (YYYY-MM)",
        "layout": "what was recognized: the shapes read, most blocks first, with the share of blocks claimed (`headings+cards+strip (34% of blocks)`); NULL when none",
        "parser_version": "the parser version that read it (`pipeline.PARSER_VERSION`; `+pdfplumber` when read with `--pdf-engine pdfplumber`)",
        "encoding": "the text encoding detected",
        "entry_hash": "hash of the manifest row (an edited row re-parses the document)",
    },
    "plans": {
        "plan_key": "the plan across versions and formats: `<municipality_code>-<theme>-<edition>` (00000 when the code is unknown)",
        "title": "the plan's title as printed",
        "edition": "edition number (第3次 → 3)",
        "status": "`draft` or `final`",
        "fy_start": "first fiscal year of the plan period",
        "fy_end": "last fiscal year of the plan period",
    },
    "measures": {
        "parent_id": "the parent node's measure_id; NULL at the top",
        "kind": "the document's own word for the level (基本方針, 基本施策, 実施事業, 推進事項 …)",
        "code_raw": "the numbering as printed",
        "seq": "document order within the plan",
        "title_raw": "the title as printed",
        "description": "the item's description as running text; each bulleted or numbered item and ※ note starts a line (not a sentence: a print cannot tell a paragraph from a wrap after 。)",
        "issue": "the issue (課題) printed for it",
        "is_priority": "marked as a priority (【重点】)",
        "novelty": "`new` (新規/【新】), `expanded` (拡充) or `continued` (継続)",
        "is_repost": "a repeat of an item printed elsewhere (再掲)",
    },
    "measure_departments": {
        "seq": "printed order among the measure's departments",
        "department": "canonical full name (コミ推 → コミュニティ推進課)",
        "bureau": "部・局・委員会 where printed (生活環境部)",
        "department_raw": "the department as printed",
        "former_department": "the former name when the document records a rename",
    },
    "schedules": {
        "seq": "order among the measure's schedule rows",
        "fy_start": "first fiscal year of the span",
        "fy_end": "last fiscal year of the span",
        "phase": "phase as printed (準備, 検討, 試行, 実施 …); NULL when none",
        "activity": "one listed activity, normalized; NULL for a bare timeline bar",
        "activity_raw": "the activity as printed (its lines)",
        "source": "`yearly_plan` (a printed yearly plan) or `timeline` (bars of a timeline)",
    },
    "indicators": {
        "measure_id": "the node the indicator is attached to; NULL when it is the whole plan's",
        "seq": "order within the plan",
        "name": "the indicator's name, normalized",
        "name_raw": "the name as printed",
        "unit": "unit (人, 件, %)",
        "baseline_value": "baseline as a number; NULL when not numeric",
        "baseline_text": "baseline as printed",
        "baseline_fy": "fiscal year of the baseline",
        "target_value": "final target as a number",
        "target_text": "final target as printed",
        "target_fy": "fiscal year of the final target",
        "actual_value": "latest actual value as a number",
        "actual_text": "latest actual value as printed",
        "actual_fy": "fiscal year of the latest actual value",
    },
    "indicator_values": {
        "kind": "`baseline`, `target` or `actual`",
        "fiscal_year": "the year of the value",
        "year_kind": "`fiscal` (年度) or `calendar` (年)",
        "value": "the value as a number; NULL when not numeric",
        "value_text": "the value as printed",
        "unit": "unit (人, 件, %)",
        "qualifier": "以上, 以下, 累計 … as printed",
    },
    "evaluations": {
        "fiscal_year": "the year evaluated",
        "grade": "letter grade as printed (A–E, S)",
        "status": "implementation status as printed (実施, 一部実施, 未実施)",
        "summary": "what was done (実施状況)",
        "problems": "problems and next steps as printed (課題)",
    },
    "measure_links": {
        "src_id": "the item the link starts from (a measure_id)",
        "dst_id": "the measure it points to; NULL when the target is not a measure",
        "dst_label": "the target as printed",
        "link_type": "`successor` (old → new plan item), `repost_of`, `supports` or `references`",
        "strength": "`strong` (◎/●) or `weak` (○)",
        "note": "the link's note (a crosswalk's 作業経過 text)",
    },
    "measure_actors": {
        "actor": "as printed: 市民等, 協働体, 市, or a code such as ⑤",
        "role": "`lead` (◎) or `partner` (○ or listed)",
    },
    "terms": {
        "term": "Sudachi normalized form of a content word",
        "pos": "its first part-of-speech field (名詞, 動詞 …)",
        "freq": "occurrences in the measure's title, description and activities",
    },
    "problems": {
        "severity": "`error` (the document failed) or `warning`",
        "stage": "`manifest`, `read`, `segment` or `validate`",
        "message": "what is wrong, in words",
    },
    "meta": {"key": "name of the setting", "value": "its value"},
    "themes": {
        "theme": "theme name (Japanese, the key)",
        "seq": "order in the taxonomy",
        "en": "English gloss",
        "description": "what the theme covers",
        "keywords": "the taxonomy's keywords, as written",
    },
    "measure_themes": {
        "theme": "one of the measure's themes",
        "score": "sum over matched keywords of 1 + ln tf (+1 in the title); × 0.5 when inherited",
        "matched_terms": "the keywords that matched, strongest first",
        "inherited_from": "NULL, or the ancestor whose themes an action without matches took",
    },
    "similar_actions": {
        "measure_id": "an action",
        "other_measure_id": "an action of another municipality",
        "score": "TF-IDF cosine of their terms (0–1]",
        "rank": "1–5 among the action's counterparts (ties by other_measure_id)",
    },
    "action_overview": {
        "measure_id": "the action",
        "seq": "document order within the plan",
        "goal_title": "the top ancestor of tier goal",
        "departments": "departments (list, printed order)",
        "themes": "themes (list, best first)",
        "primary_theme": "the best theme",
        "fy_start": "first year: the schedule's span, else the plan period",
        "fy_end": "last year: the schedule's span, else the plan period",
        "fy_source": "`schedule`, `plan` or NULL: where fy_start/fy_end come from",
        "indicator_count": "indicators attached to the action",
        "is_priority": "marked as a priority (【重点】)",
        "novelty": "`new`, `expanded` or `continued`",
    },
    "theme_matrix": {
        "theme": "the theme",
        "theme_seq": "the theme's order in the taxonomy",
        "actions": "actions of all the city's plans carrying the theme",
        "city_actions": "all actions of the city",
        "share": "actions / city_actions",
    },
    "schedule_years": {
        "measure_id": "the scheduled measure",
        "phase": "the printed phases of that year joined by ・; NULL for a yearly plan without phase",
        "activity_count": "activities scheduled that year",
        "activities": "the activities (list)",
    },
    "indicator_progress": {
        "seq": "order within the plan",
        "name": "the indicator's name",
        "unit": "unit",
        "baseline_value": "baseline as a number",
        "baseline_text": "baseline as printed",
        "baseline_fy": "fiscal year of the baseline",
        "target_value": "final target as a number",
        "target_text": "final target as printed",
        "target_fy": "fiscal year of the target",
        "actual_value": "latest actual as a number",
        "actual_text": "latest actual as printed",
        "actual_fy": "fiscal year of the latest actual",
        "direction": "`increase`, `decrease` or `maintain` (printed signs, words, else the values); NULL when unknown",
        "progress": "(actual − baseline) / (target − baseline) for an increase or decrease; NULL otherwise",
        "achieved": "the actual reached the target in its direction",
    },
    "unthemed_actions": {"measure_id": "the action"},
}

# The comparison views' columns, in order (the views are SQL in pipeline/derive/views.py;
# a test checks these lists against the built database).
_PROVENANCE = ("document_id", "page", "line")
VIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "action_overview": (
        "measure_id", "city", "municipality_code", "plan_id", "plan_title", "plan_status", "code", "seq",
        "title", "goal_title", "measure_title", "departments", "themes", "primary_theme", "fy_start",
        "fy_end", "fy_source", "indicator_count", "is_priority", "novelty", *_PROVENANCE,
    ),
    "theme_matrix": ("municipality_code", "city", "theme", "theme_seq", "actions", "city_actions", "share"),
    "schedule_years": (
        "measure_id", "city", "municipality_code", "plan_id", "tier", "code", "title", "fiscal_year",
        "phase", "activity_count", "activities",
    ),
    "indicator_progress": (
        "indicator_id", "city", "municipality_code", "plan_id", "measure_id", "measure_title", "seq",
        "name", "unit", "baseline_value", "baseline_text", "baseline_fy", "target_value", "target_text",
        "target_fy", "actual_value", "actual_text", "actual_fy", "direction", "progress", "achieved",
        *_PROVENANCE,
    ),
    "unthemed_actions": ("measure_id", "city", "plan_id", "code", "title", *_PROVENANCE),
}  # fmt: skip


def table_description(table: str) -> str:
    return TABLES.get(table, "")


def column_description(table: str, column: str) -> str:
    """The column's meaning ('' when none is written: a test forbids that)."""
    return COLUMNS.get(table, {}).get(column) or COMMON.get(column, "")
