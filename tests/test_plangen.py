"""The plan generator (tests/plangen): deterministic, readable by the text reader, scored right.

The pipeline's accuracy on generated plans is not asserted yet (the recognizers are
being rewritten); `tests.plangen.evaluate(n, seed, extract)` is the hook for that.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from tests.plangen import evaluate, generate, perfect_records, render_text, score
from tests.plangen.score import FIELDS, accuracy
from tests.plangen.spec import Evaluation, ExpectedPlan, Indicator, Node, ScheduleEntry

try:
    from pipeline.read.text import read_text
except ImportError:  # the reader moved in a restructuring
    from pipeline.read import read_text

SEEDS = range(40)
CODE = re.compile(r"^[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*$")


def _text(seed: int) -> str:
    return render_text(generate(seed), random.Random(seed))


def _perfect(scores: dict) -> bool:
    return all((c == 0 if k == "spurious_actions" else c == t) for k, (c, t) in scores.items())


# ---------------------------------------------------------------------------
# Generator


def test_same_seed_same_document():
    for seed in (0, 7, 123):
        a, b = generate(seed), generate(seed)
        assert a.expected.to_dict() == b.expected.to_dict()
        assert render_text(a, random.Random(seed)) == render_text(b, random.Random(seed))


def test_seeds_differ():
    titles = {generate(seed).expected.title for seed in SEEDS}
    assert len(titles) > len(SEEDS) * 0.8


def test_expected_answers_are_consistent():
    for seed in SEEDS:
        exp = generate(seed).expected
        keys = [n.key for n in exp.nodes]
        assert len(keys) == len(set(keys))
        titles = [n.title for n in exp.nodes]
        assert len(titles) == len(set(titles)), seed
        seen = set()
        for node in exp.nodes:
            assert node.parent_key is None or node.parent_key in seen, (seed, node)
            assert (node.tier == "goal") == (node.parent_key is None)
            assert node.code is None or CODE.match(node.code), (seed, node.code)
            if node.fy_start is not None:
                assert exp.fy_start <= node.fy_start <= node.fy_end <= exp.fy_end
            seen.add(node.key)
        assert exp.of_tier("action"), seed
        for ind in exp.indicators:
            assert ind.baseline_fy <= ind.target_fy
            assert ind.node_key is None or ind.node_key in seen
        actions = {n.key for n in exp.of_tier("action")}
        assert {e.node_key for e in exp.evaluations} <= actions
        assert {s.node_key for s in exp.schedules} <= actions
        assert json.loads(json.dumps(exp.to_dict(), ensure_ascii=False)) == exp.to_dict()
        assert ExpectedPlan.from_dict(exp.to_dict()) == exp


def test_generator_covers_the_variations():
    """Over a few dozen seeds every layout and field shows up."""
    texts = [_text(seed) for seed in range(60)]
    plans = [generate(seed).expected for seed in range(60)]
    assert any(p.evaluations for p in plans)
    assert any(p.schedules for p in plans)
    assert any(i.actual_value is not None for p in plans for i in p.indicators)
    assert any(i.qualifier for p in plans for i in p.indicators)
    assert any(n.kind for p in plans for n in p.nodes)
    assert any(len(n.departments) > 1 for p in plans for n in p.nodes)
    assert any(n.novelty for p in plans for n in p.nodes)
    assert any("<br>" in t for t in texts)
    assert any(re.search(r"^[・○◆●]", t, re.M) for t in texts)  # bullet lines
    assert any("目次" in t or "目　次" in t for t in texts)


# ---------------------------------------------------------------------------
# Text rendering → the pipeline's text reader


@pytest.mark.parametrize("seed", SEEDS)
def test_text_reads_back(seed):
    plan = generate(seed)
    text = render_text(plan, random.Random(seed))
    doc = read_text(Path(f"plan_{seed}.txt"), text.encode("utf-8"))
    tables = [b for b in doc.blocks if b.kind == "table"]
    printed = [b for b in plan.blocks if b.kind == "table"]
    assert [len(t.rows) for t in tables] == [len(t.rows) for t in printed]
    for got, want in zip(tables, printed, strict=True):
        assert [len(r.cells) for r in got.rows] == [len(r) for r in want.rows]
    texts = "\n".join(b.raw for b in doc.blocks if b.kind == "text")
    for node in plan.expected.nodes:
        if node.tier != "action":
            assert node.title in texts or node.title in text.replace("<br>", ""), node


def test_wrapped_cell_titles_join_to_the_expected_title():
    found = 0
    for seed in SEEDS:
        plan = generate(seed)
        titles = {n.title for n in plan.expected.of_tier("action")}
        doc = read_text(Path("x.txt"), render_text(plan, random.Random(seed)).encode())
        for block in doc.blocks:
            for row in block.rows if block.kind == "table" else []:
                for cell in row.cells:
                    joined = "".join(cell.lines)
                    if len(cell.lines) == 2 and joined in titles:
                        found += 1
    assert found > 0


@pytest.mark.slow
def test_pdf_renders(tmp_path):
    pytest.importorskip("reportlab")
    pdfplumber = pytest.importorskip("pdfplumber")
    from tests.plangen.render_pdf import render_pdf

    plan = generate(3)
    path = render_pdf(plan, random.Random(3), tmp_path / "plan.pdf")
    assert path.read_bytes()[:5] == b"%PDF-"
    with pdfplumber.open(path) as pdf:
        text = "".join(page.dedupe_chars().extract_text() or "" for page in pdf.pages)  # bold is overprinted
    assert plan.city in text


# ---------------------------------------------------------------------------
# Scoring


def _tiny() -> ExpectedPlan:
    return ExpectedPlan(
        title="さくら市協働推進計画",
        fy_start=2025,
        fy_end=2027,
        nodes=[
            Node("1", "goal", "地域で支え合うまち", None, "基本目標", "1", "基本目標1"),
            Node("1-1", "measure", "自治会活動への支援", "1", None, "1", "（１）"),
            Node(
                "1-1-1",
                "action",
                "自治会加入促進キャンペーン",
                "1-1",
                departments=["市民生活部市民協働課"],
                fy_start=2025,
                fy_end=2027,
            ),
            Node("1-1-2", "action", "地域担当職員制度の運用", "1-1", departments=["総務課", "市民協働課"]),
        ],
        indicators=[
            Indicator("自治会加入率", "%", 62.5, 2023, 70.0, 2027, qualifier="以上", node_key="1"),
        ],
        evaluations=[Evaluation("1-1-2", "○", "B", 2025)],
        schedules=[
            ScheduleEntry("1-1-1", 2025, "準備"),
            ScheduleEntry("1-1-1", 2026, "実施"),
            ScheduleEntry("1-1-1", 2027, "実施"),
        ],
    )


def _records() -> dict[str, list[dict]]:
    return {
        "measures": [
            {
                "measure_id": "g",
                "parent_id": None,
                "tier": "goal",
                "code": "1",
                "title": "地域で支え合うまち",
            },
            {
                "measure_id": "m",
                "parent_id": "g",
                "tier": "measure",
                "code": "1-1",
                "title": "自治会活動への支援",
            },
            {
                "measure_id": "a1",
                "parent_id": "m",
                "tier": "action",
                "code": None,
                "title": "自治会加入促進 キャンペーン",
            },
            {
                "measure_id": "a2",
                "parent_id": "m",
                "tier": "action",
                "code": None,
                "title": "地域担当職員制度の運用",
            },
        ],
        "measure_departments": [
            {"measure_id": "a1", "department": "市民協働課", "bureau": "市民生活部"},
            {"measure_id": "a2", "department": "総務課", "bureau": None},
            {"measure_id": "a2", "department": "市民協働課", "bureau": None},
        ],
        "schedules": [
            {"measure_id": "a1", "fy_start": 2025, "fy_end": 2025, "phase": "準備"},
            {"measure_id": "a1", "fy_start": 2026, "fy_end": 2027, "phase": "実施"},
        ],
        "indicators": [
            {
                "name": "自治会加入率",
                "unit": "％",
                "baseline_value": 62.5,
                "baseline_fy": 2023,
                "target_value": 70.0,
                "target_fy": 2027,
                "actual_value": None,
                "actual_fy": None,
                "measure_id": "g",
            },
        ],
        "evaluations": [{"measure_id": "a2", "grade": "B", "fiscal_year": 2025}],
        "plans": [{"title": "さくら市協働推進計画", "fy_start": 2025, "fy_end": 2027}],
    }


def test_score_perfect_records():
    scores = score(_tiny(), _records())
    assert set(scores) == set(FIELDS)
    assert _perfect(scores), scores
    ratios = accuracy(scores)
    assert all(v == 1.0 for k, v in ratios.items() if k != "spurious_actions")
    assert ratios["spurious_actions"] == 0.0
    assert scores["actions_found"] == (2, 2)
    assert scores["phases"] == (3, 3)


def test_score_missing_action_lowers_the_fields():
    records = _records()
    records["measures"] = [m for m in records["measures"] if m["measure_id"] != "a2"]
    scores = score(_tiny(), records)
    assert scores["actions_found"] == (1, 2)
    assert scores["departments"] == (1, 2)
    assert scores["grades"] == (0, 1)
    assert scores["parents"] == (3, 4)
    assert accuracy(scores)["actions_found"] == 0.5


def test_score_wrong_fields_and_spurious_actions():
    records = _records()
    records["measures"][2] = dict(
        records["measures"][2], title="自治会加入促進キャンペーンの実施", tier="measure"
    )
    records["measures"].append({"measure_id": "x", "parent_id": "m", "tier": "action", "title": "研修会"})
    records["measure_departments"][0] = {"measure_id": "a1", "department": "総務課", "bureau": None}
    records["indicators"][0] = dict(records["indicators"][0], target_value=75.0, unit=None)
    scores = score(_tiny(), records)
    assert scores["actions_found"] == (1, 2)
    assert scores["action_titles"] == (1, 2)  # found fuzzily: the title is wrong, the node is still judged
    assert scores["tiers"] == (3, 4)
    assert scores["departments"] == (1, 2)
    assert scores["years"] == (1, 1)
    assert scores["indicator_values"] == (1, 2)
    assert scores["units"] == (0, 1)
    assert scores["spurious_actions"] == (1, 2)


def test_score_accepts_printed_or_path_codes():
    records = _records()
    records["measures"][1] = dict(records["measures"][1], code="1")
    assert score(_tiny(), records)["codes"] == (4, 4)
    records["measures"][1] = dict(records["measures"][1], code="2")
    assert score(_tiny(), records)["codes"] == (3, 4)


def test_perfect_records_of_generated_plans_score_perfectly():
    for seed in SEEDS:
        exp = generate(seed).expected
        assert _perfect(score(exp, perfect_records(exp))), seed


def test_evaluate_runs_an_extractor_over_generated_files(tmp_path):
    def extract(path: Path) -> dict:
        assert path.read_text(encoding="utf-8").strip()
        data = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
        return perfect_records(ExpectedPlan.from_dict(data))

    details: list = []
    totals = evaluate(5, seed=11, extract=extract, workdir=tmp_path, details=details)
    assert len(details) == 5
    assert len(list(tmp_path.glob("plan_*.txt"))) == 5
    assert totals["actions_found"][1] > 0
    assert _perfect(totals)
    assert evaluate(1, seed=11, extract=lambda p: {})["actions_found"][0] == 0
