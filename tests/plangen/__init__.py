"""plangen: random Japanese municipal plan documents with known answers.

A parser that only knows the five seed documents in raw/ should fail on many of
these. `generate(seed)` draws a document (tier vocabulary, numbering styles, tree,
action layouts, indicator and evaluation tables, prose, table of contents) and the
records it must yield (`spec.ExpectedPlan`); `render_text` writes it as a text
extraction, `render_pdf` as a PDF; `score` compares extracted records with the
expected ones and `evaluate(n, seed, extract)` does so over n documents:

    from tests.plangen import evaluate, accuracy, pipeline_extract
    accuracy(evaluate(50, seed=1, extract=pipeline_extract))

The vocabulary is data in `vocab.py`; nothing is copied from the seed documents.
"""

from tests.plangen.generate import GeneratedPlan, generate
from tests.plangen.render_text import render_text
from tests.plangen.score import accuracy, evaluate, perfect_records, pipeline_extract, score, write_corpus
from tests.plangen.spec import ExpectedPlan

__all__ = [
    "ExpectedPlan",
    "GeneratedPlan",
    "accuracy",
    "evaluate",
    "generate",
    "perfect_records",
    "pipeline_extract",
    "render_pdf",
    "render_text",
    "score",
    "write_corpus",
]


def render_pdf(plan, rng, path):
    """`render_pdf.render_pdf`, imported on use (reportlab is a development dependency)."""
    from tests.plangen.render_pdf import render_pdf as render

    return render(plan, rng, path)
