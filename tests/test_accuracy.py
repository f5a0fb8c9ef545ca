"""Accuracy of the shape recognizers on generated plans whose answers are known (tests/plangen).

The plans vary tier words, numbering styles, item tables, cards, bullets with departments,
year strips, indicator and evaluation tables — written from general knowledge of Japanese
plans, not from the seeds. `bench/accuracy.py` prints the same table for a larger sample.
"""

import pytest

from tests.plangen import accuracy, evaluate, pipeline_extract

FLOOR = 0.95  # every field, over a few hundred text plans and tens of PDF plans
SPURIOUS_CEILING = 0.1  # extracted actions that match nothing
FIELDS = [
    "actions_found", "action_titles", "nodes_found", "parents", "tiers", "codes", "departments",
    "years", "phases", "indicators_found", "indicator_values", "indicator_years", "units",
    "indicator_nodes", "grades", "plan",
]  # fmt: skip


@pytest.fixture(scope="module")
def text_scores():
    return accuracy(evaluate(300, 1, pipeline_extract))


@pytest.fixture(scope="module")
def pdf_scores():
    return accuracy(evaluate(40, 3, pipeline_extract, fmt="pdf"))


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS)
def test_text_plans_reach_the_floor(text_scores, field):
    assert text_scores[field] >= FLOOR, f"{field}: {text_scores[field]:.3f}"


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS)
def test_pdf_plans_reach_the_floor(pdf_scores, field):
    assert pdf_scores[field] >= FLOOR, f"{field}: {pdf_scores[field]:.3f}"


@pytest.mark.slow
@pytest.mark.parametrize("scores", ["text_scores", "pdf_scores"])
def test_few_spurious_actions(request, scores):
    assert request.getfixturevalue(scores)["spurious_actions"] <= SPURIOUS_CEILING
