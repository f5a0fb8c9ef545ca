"""Layout detection: every layout's score on every seed document, in one table."""

import pytest

from pipeline.read import read_document
from pipeline.segment import detect_layout, layouts
from tests.conftest import RAW

LAYOUTS = ("measure_sheets", "project_tables", "crosswalk", "evaluation_sheet")
# Document → its layout's scores, in LAYOUTS order. 一関市's plan has no seed layout (the shape
# recognizers read its cards); only project_tables sees something in it: its 基本方針 headings,
# but no 事業名 | 事業内容 table.
SCORES = {
    "08202_hitachi_community_action_plan.txt": (1.0, 0.0, 0.0, 0.0),
    "08201_mito_kyodo_basic_plan_3.txt": (0.0, 1.0, 0.0, 0.0),
    "03209_ichinoseki_kyodo_plan_3.txt": (0.0, 0.3, 0.0, 0.0),
    "06203_tsuruoka_community_policy_review.txt": (0.0, 0.0, 1.0, 0.0),
    "09213_nasushiobara_kyodo_progress_r5.txt": (0.0, 0.0, 0.0, 1.0),
}


def test_the_table_covers_every_layout_and_seed():
    assert tuple(m.NAME for m in layouts()) == LAYOUTS
    assert set(SCORES) == {p.name for p in RAW.glob("*.txt")}


@pytest.mark.parametrize(("filename", "scores"), SCORES.items())
def test_detection_scores(filename, scores):
    layout, found = detect_layout(read_document(RAW / filename))
    assert found == dict(zip(LAYOUTS, scores, strict=True))
    assert (layout.NAME if layout else None) == (LAYOUTS[scores.index(1.0)] if 1.0 in scores else None)
