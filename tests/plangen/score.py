"""Score extracted records against a generated plan's expected answer.

`score(expected, records)` gives, per field, `(correct, total)`. Expected nodes are
matched to extracted `measures` records by normalized title (NFKC, no spaces):
exactly first, then (for the fields other than `actions_found`) by a fuzzy match
so that a slightly wrong title does not hide a right parent or department.

Fields:
- actions_found: expected actions whose exact title an extracted record has.
- action_titles: of the actions matched at all (exact or fuzzy), those matched exactly.
- nodes_found: expected goals and measures found by exact title.
- parents, tiers, codes: over all expected nodes; a node not found counts as wrong.
  A code is right when it is the printed numbering in ASCII (`（１）` → `1`, `.` and
  `-` alike) or the path of the printed numbers above it (`1-1` for `(1)` under `1`).
- departments: nodes printed with departments: same set (`部` prefix optional).
- years: nodes printed with a period or a year strip: min/max of its schedules.
- phases: printed schedule cells with a phase: a schedule covering that year with it.
- indicators_found (exact name), indicator_values, indicator_years, units,
  indicator_nodes (attached to the node printed above the table, or to none).
- grades: printed grade, or its letter by the legend's order (◎ → A).
- plan: title and period of the `plans` record, when records carry one.
- spurious_actions: (extracted actions matching no expected node, extracted actions).

`evaluate(n, seed, extract)` runs a caller's extractor over n generated documents.
"""

from __future__ import annotations

import difflib
import json
import random
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tests.plangen.spec import ExpectedPlan, Node, norm

Scores = dict[str, tuple[int, int]]
FIELDS = (
    "actions_found",
    "action_titles",
    "nodes_found",
    "parents",
    "tiers",
    "codes",
    "departments",
    "years",
    "phases",
    "indicators_found",
    "indicator_values",
    "indicator_years",
    "units",
    "indicator_nodes",
    "grades",
    "plan",
    "spurious_actions",
)
FUZZY = 0.8


def get(record: Any, name: str, default: Any = None) -> Any:
    """A field of a pydantic record or a dict."""
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


# ---------------------------------------------------------------------------
# Matching


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if a in b or b in a:
        return min(len(a), len(b)) / max(len(a), len(b)) * 0.5 + 0.5
    return difflib.SequenceMatcher(None, a, b).ratio()


def match_nodes(expected: ExpectedPlan, measures: list) -> tuple[dict[str, Any], set[str]]:
    """Expected node key → extracted record, and the keys matched exactly by title."""
    by_id = {get(m, "measure_id"): m for m in measures}
    by_title: dict[str, list] = defaultdict(list)
    for m in measures:
        by_title[norm(get(m, "title"))].append(m)
    used: set[int] = set()
    matched: dict[str, Any] = {}
    for node in expected.nodes:
        candidates = [m for m in by_title.get(norm(node.title), []) if id(m) not in used]
        if candidates:
            best = max(candidates, key=lambda m: _affinity(expected, node, m, by_id))
            matched[node.key] = best
            used.add(id(best))
    exact = set(matched)
    for node in expected.nodes:
        if node.key in matched:
            continue
        title = norm(node.title)
        scored = [
            (_similar(title, norm(get(m, "title"))), i) for i, m in enumerate(measures) if id(m) not in used
        ]
        if scored:
            ratio, i = max(scored)
            if ratio >= FUZZY:
                matched[node.key] = measures[i]
                used.add(id(measures[i]))
    return matched, exact


def _affinity(expected: ExpectedPlan, node: Node, record: Any, by_id: dict) -> tuple[bool, bool]:
    """Prefer the record with the right tier and the right parent among same-titled ones."""
    return (get(record, "tier") == node.tier, _parent_ok(expected, node, record, by_id))


def _parent_ok(expected: ExpectedPlan, node: Node, record: Any, by_id: dict) -> bool:
    parent = by_id.get(get(record, "parent_id"))
    want = expected.node(node.parent_key)
    if want is None:
        return parent is None
    return parent is not None and norm(get(parent, "title")) == norm(want.title)


# ---------------------------------------------------------------------------
# Field checks


def code_forms(expected: ExpectedPlan, node: Node) -> set[str]:
    """Accepted codes of a node (normalized by `_code`)."""
    if node.code is None:
        return {""}
    forms = {_code(node.code)}
    if node.code_printed:
        forms.add(_code(node.code_printed.strip("()（）【】")))
    path, current = [], node
    while current is not None:
        if current.code is None:
            break
        path.insert(0, current.code)
        current = expected.node(current.parent_key)
    else:
        forms.add(_code("-".join(path)))
    return forms


def _code(code: str | None) -> str:
    return norm(code).replace(".", "-").lower() if code else ""


def _departments(records: Iterable) -> dict[str, list[tuple[str, str]]]:
    """measure_id → [(bureau + department, department)]."""
    result: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in records:
        dept = norm(get(r, "department"))
        result[get(r, "measure_id")].append((norm(get(r, "bureau") or "") + dept, dept))
    return result


def _same_departments(expected: list[str], found: list[tuple[str, str]]) -> bool:
    want = [norm(d) for d in expected]
    if len(set(want)) != len({full for full, _ in found}):
        return False
    return all(any(w in (full, dept) for full, dept in found) for w in want)


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-6 * max(1.0, abs(a))


def _add(scores: dict[str, list[int]], name: str, ok: bool, total: int = 1) -> None:
    scores[name][0] += int(ok)
    scores[name][1] += total


# ---------------------------------------------------------------------------
# Scoring


def score(expected: ExpectedPlan, records: dict[str, list]) -> Scores:
    """Per field (correct, total); `spurious_actions` is (false positives, extracted actions)."""
    s: dict[str, list[int]] = {f: [0, 0] for f in FIELDS}
    measures = list(records.get("measures", []))
    by_id = {get(m, "measure_id"): m for m in measures}
    matched, exact = match_nodes(expected, measures)
    _score_nodes(s, expected, matched, exact, by_id, records)
    _score_indicators(s, expected, records.get("indicators", []), by_id)
    _score_grades(s, expected, matched, records.get("evaluations", []))
    _score_plan(s, expected, records.get("plans"))
    matched_ids = {id(m) for m in matched.values()}
    extracted_actions = [m for m in measures if get(m, "tier") == "action"]
    s["spurious_actions"] = [sum(id(m) not in matched_ids for m in extracted_actions), len(extracted_actions)]
    return {k: (v[0], v[1]) for k, v in s.items()}


def _score_nodes(s, expected: ExpectedPlan, matched, exact, by_id, records) -> None:
    departments = _departments(records.get("measure_departments", []))
    schedules: dict[str, list] = defaultdict(list)
    for r in records.get("schedules", []):
        schedules[get(r, "measure_id")].append(r)
    for node in expected.nodes:
        record = matched.get(node.key)
        found = record is not None
        if node.tier == "action":
            _add(s, "actions_found", node.key in exact)
            if found:
                _add(s, "action_titles", node.key in exact)
        else:
            _add(s, "nodes_found", node.key in exact)
        _add(s, "parents", found and _parent_ok(expected, node, record, by_id))
        _add(s, "tiers", found and get(record, "tier") == node.tier)
        _add(s, "codes", found and _code(get(record, "code")) in code_forms(expected, node))
        mid = get(record, "measure_id") if found else None
        if node.departments:
            _add(s, "departments", found and _same_departments(node.departments, departments.get(mid, [])))
        if node.fy_start is not None:
            rows = schedules.get(mid, [])
            span = (
                (min(get(r, "fy_start") for r in rows), max(get(r, "fy_end") for r in rows)) if rows else None
            )
            _add(s, "years", span == (node.fy_start, node.fy_end))
    for entry in expected.schedules:
        if entry.phase is None:
            continue
        record = matched.get(entry.node_key)
        rows = schedules.get(get(record, "measure_id"), []) if record is not None else []
        ok = any(
            get(r, "fy_start") <= entry.fiscal_year <= get(r, "fy_end")
            and norm(get(r, "phase")) == norm(entry.phase)
            for r in rows
        )
        _add(s, "phases", ok)


def _score_indicators(s, expected: ExpectedPlan, indicators: list, by_id: dict) -> None:
    pool = list(indicators)
    for ind in expected.indicators:
        name = norm(ind.name)
        record = next((r for r in pool if norm(get(r, "name")) == name), None)
        _add(s, "indicators_found", record is not None)
        if record is None:
            scored = [(_similar(name, norm(get(r, "name"))), i) for i, r in enumerate(pool)]
            best = max(scored, default=(0.0, -1))
            record = pool[best[1]] if best[0] >= FUZZY else None
        if record is not None:
            pool.remove(record)
        kinds = ["baseline", "target"] + (["actual"] if ind.actual_value is not None else [])
        for kind in kinds:
            ok = record is not None and _close(get(record, f"{kind}_value"), getattr(ind, f"{kind}_value"))
            _add(s, "indicator_values", ok)
            ok = record is not None and get(record, f"{kind}_fy") == getattr(ind, f"{kind}_fy")
            _add(s, "indicator_years", ok)
        _add(s, "units", record is not None and norm(get(record, "unit")) == norm(ind.unit))
        node = expected.node(ind.node_key)
        attached = by_id.get(get(record, "measure_id")) if record is not None else None
        if node is None:
            ok = record is not None and attached is None
        else:
            ok = attached is not None and norm(get(attached, "title")) == norm(node.title)
        _add(s, "indicator_nodes", ok)


def _score_grades(s, expected: ExpectedPlan, matched, evaluations: list) -> None:
    grades: dict[str, set[str]] = defaultdict(set)
    for r in evaluations:
        grades[get(r, "measure_id")].add(norm(get(r, "grade")))
    for ev in expected.evaluations:
        record = matched.get(ev.node_key)
        found = grades.get(get(record, "measure_id"), set()) if record is not None else set()
        _add(s, "grades", bool(found & {norm(ev.grade), ev.grade_letter}))


def _score_plan(s, expected: ExpectedPlan, plans: list | None) -> None:
    if plans is None:
        return
    ok = any(
        norm(get(p, "title")) == norm(expected.title)
        and (get(p, "fy_start"), get(p, "fy_end")) == (expected.fy_start, expected.fy_end)
        for p in plans
    )
    _add(s, "plan", ok)


# ---------------------------------------------------------------------------
# Totals over many documents


def add_scores(total: Scores, one: Scores) -> Scores:
    keys = set(total) | set(one)
    return {
        k: tuple(a + b for a, b in zip(total.get(k, (0, 0)), one.get(k, (0, 0)), strict=True)) for k in keys
    }


def accuracy(scores: Scores) -> dict[str, float]:
    """correct / total per field (1.0 where nothing was expected); `spurious_actions` is a rate."""
    result = {}
    for k, (correct, total) in scores.items():
        if k == "spurious_actions":
            result[k] = correct / total if total else 0.0
        else:
            result[k] = correct / total if total else 1.0
    return result


def perfect_records(expected: ExpectedPlan) -> dict[str, list[dict]]:
    """The records of a perfect reader, in the contract's field names (dicts)."""
    ids = {n.key: f"m{i}" for i, n in enumerate(expected.nodes)}
    measures, departments, schedules = [], [], []
    for n in expected.nodes:
        measures.append(
            {
                "measure_id": ids[n.key],
                "parent_id": ids.get(n.parent_key),
                "tier": n.tier,
                "kind": n.kind or n.tier,
                "code": n.code,
                "title": n.title,
                "novelty": n.novelty,
            }
        )
        departments += [{"measure_id": ids[n.key], "department": d, "bureau": None} for d in n.departments]
        if n.fy_start is not None:
            phases = [e for e in expected.schedules if e.node_key == n.key]
            if phases:
                schedules += [
                    {
                        "measure_id": ids[n.key],
                        "fy_start": e.fiscal_year,
                        "fy_end": e.fiscal_year,
                        "phase": e.phase,
                    }
                    for e in phases
                ]
            else:
                schedules.append(
                    {"measure_id": ids[n.key], "fy_start": n.fy_start, "fy_end": n.fy_end, "phase": None}
                )
    indicators = [
        {
            "name": i.name,
            "unit": i.unit,
            "baseline_value": i.baseline_value,
            "baseline_fy": i.baseline_fy,
            "target_value": i.target_value,
            "target_fy": i.target_fy,
            "actual_value": i.actual_value,
            "actual_fy": i.actual_fy,
            "measure_id": ids.get(i.node_key),
        }
        for i in expected.indicators
    ]
    evaluations = [
        {"measure_id": ids[e.node_key], "grade": e.grade_letter, "fiscal_year": e.fiscal_year}
        for e in expected.evaluations
    ]
    plans = [{"title": expected.title, "fy_start": expected.fy_start, "fy_end": expected.fy_end}]
    return {
        "plans": plans,
        "measures": measures,
        "measure_departments": departments,
        "schedules": schedules,
        "indicators": indicators,
        "evaluations": evaluations,
    }


def write_corpus(n: int, seed: int, out: Path, fmt: str = "text") -> list[tuple[Path, ExpectedPlan]]:
    """Generate n plans into `out`: `plan_000.txt` (or .pdf) with `plan_000.expected.json` beside it.

    `fmt`: "text", "pdf" (reportlab) or a producer of `tools/render_producers.py`."""
    from tests.plangen.generate import generate
    from tests.plangen.render_text import render_text

    out.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(n):
        doc_seed = seed * 1_000_003 + i
        plan = generate(doc_seed)
        path = out / f"plan_{i:03d}.{'txt' if fmt == 'text' else 'pdf'}"
        if fmt == "pdf":
            from tests.plangen.render_pdf import render_pdf

            render_pdf(plan, random.Random(doc_seed), path)
        elif fmt != "text":  # another producer's PDF (tools/render_producers.py)
            from tests.plangen.render_producer import render_producer

            render_producer(fmt, plan, random.Random(doc_seed), path)
        else:
            path.write_text(render_text(plan, random.Random(doc_seed)), encoding="utf-8")
        expected = plan.expected
        path.with_suffix(".expected.json").write_text(
            json.dumps(expected.to_dict(), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        written.append((path, expected))
    return written


def evaluate(
    n: int,
    seed: int,
    extract: Callable[[Path], dict[str, list]],
    fmt: str = "text",
    workdir: Path | None = None,
    details: list | None = None,
) -> Scores:
    """Generate n plans, run `extract(path) -> records` on each, and sum the scores.

    Files go to `workdir` (kept) or a temporary folder (removed). `details`, when given,
    receives (path, scores) per document, to find the documents that fail.
    """
    totals: Scores = {f: (0, 0) for f in FIELDS}
    with tempfile.TemporaryDirectory(prefix="plangen-") as tmp:
        out = Path(workdir) if workdir else Path(tmp)
        for path, expected in write_corpus(n, seed, out, fmt):
            one = score(expected, extract(path))
            if details is not None:
                details.append((path, one))
            totals = add_scores(totals, one)
    return totals


def evaluate_folder(folder: Path, extract: Callable[[Path], dict[str, list]]) -> Scores:
    """Sum the scores of the documents already written in `folder` (each beside its answers)."""
    totals: Scores = {f: (0, 0) for f in FIELDS}
    for answers in sorted(Path(folder).glob("*.expected.json")):
        path = next(
            p for p in folder.glob(answers.name.removesuffix(".expected.json") + ".*") if p != answers
        )
        expected = ExpectedPlan.from_dict(json.loads(answers.read_text(encoding="utf-8")))
        totals = add_scores(totals, score(expected, extract(path)))
    return totals


def pipeline_extract(path: Path) -> dict[str, list]:
    """Records of one file through the current pipeline (read → detect layout → segment).

    Imported lazily: the pipeline's modules are being restructured.
    """
    try:
        from pipeline.ingest.manifest import Entry
    except ImportError:  # before the restructuring
        from pipeline.manifest import Entry
    from pipeline.read import read_document
    from pipeline.segment import segment_document
    from pipeline.segment.base import Context

    entry = Entry.unlisted(Path(path))
    _, extraction = segment_document(read_document(path), Context(entry.document_id, entry))
    return extraction.records
