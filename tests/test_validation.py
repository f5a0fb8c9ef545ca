"""Records that break a rule go to `problems` with their provenance, not into the tables."""

import pytest

from pipeline.model.records import Indicator, Measure, Schedule
from pipeline.segment.base import Extraction, parse_edition, plan_id


def test_target_before_baseline_becomes_a_problem():
    ext = Extraction("doc")
    ok = ext.add(
        Indicator, indicator_id="p/i1", plan_id="p", seq=1, name="x", baseline_fy=2022, target_fy=2020, line=7
    )
    assert ok is None and ext.get("indicators") == []
    (problem,) = ext.problems
    assert (problem.severity, problem.stage, problem.line) == ("error", "validate", 7)
    assert problem.message == "indicators p/i1: target year 2020 is before baseline year 2022"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"fy_start": 1800, "fy_end": 2022}, "fiscal year 1800 is outside 1900–2100"),
        ({"fy_start": 2024, "fy_end": 2022}, "schedule ends (2022) before it starts (2024)"),
    ],
)
def test_schedule_rules(fields, message):
    ext = Extraction("doc")
    ext.add(Schedule, measure_id="p/1", seq=1, source="yearly_plan", **fields)
    assert ext.problems[0].message.endswith(message)


def test_measure_code_must_be_ascii_numbering():
    ext = Extraction("doc")
    ext.add(Measure, measure_id="p/1", plan_id="p", tier="action", kind="事業", code="①-3", seq=1, title="t")
    assert "is not ASCII numbering" in ext.problems[0].message
    assert ext.add(
        Measure, measure_id="p/2", plan_id="p", tier="action", kind="事業", code="1-3", seq=2, title="t"
    )


@pytest.mark.parametrize(
    ("title", "edition"),
    [("水戸市協働推進基本計画（第3次）", 3), ("第２期計画（案）", 2), ("第三次計画", 3), ("行動計画", None)],
)
def test_parse_edition(title, edition):
    assert parse_edition(title) == edition


@pytest.mark.parametrize(
    ("code", "title", "edition", "expected"),
    [
        ("08201", "水戸市協働推進基本計画（第3次）", 3, "08201-kyodo-3"),
        ("08202", "日立市コミュニティ活動推進行動計画", None, "08202-community"),
        (None, "総合計画", 1, "00000-plan-1"),
    ],
)
def test_plan_id(code, title, edition, expected):
    assert plan_id(code, title, edition) == expected


def test_ids_never_repeat_within_a_document():
    from pipeline.model.records import Measure
    from pipeline.segment.base import Context, Extraction, add_plan

    ext = Extraction("doc")
    ctx = Context("doc")
    first = add_plan(ext, ctx, "協働推進計画(第2次)")
    second = add_plan(ext, ctx, "協働推進計画(第2次)", line=9)  # the same key again
    assert (first, second) == ("00000-kyodo-2@doc", "00000-kyodo-2-2@doc")
    assert [p.plan_key for p in ext.get("plans")] == ["00000-kyodo-2", "00000-kyodo-2-2"]
    fields = {"plan_id": first, "tier": "action", "kind": "事業", "seq": 1, "title": "t"}
    assert ext.add(Measure, measure_id=f"{first}/1", **fields) is not None
    assert ext.add(Measure, measure_id=f"{first}/1", line=12, **fields) is None
    assert [p.message for p in ext.problems] == [
        "a second plan with key 00000-kyodo-2 in this document is 00000-kyodo-2-2",
        f"measures {first}/1: the id is already used in this document; record skipped",
    ]
