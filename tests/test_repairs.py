"""Repairs: each signature is found on its seed and on no other; the repair changes nothing else."""

from __future__ import annotations

import pytest

from pipeline.model.ir import Bar, Document
from pipeline.read import read_document
from pipeline.read.text import parse_lines
from pipeline.segment.base import Context
from pipeline.segment.repair import (
    REPAIRS,
    apply_repairs,
    centred_timeline,
    scrambled_sheet,
    signatures,
)
from pipeline.segment.shapes import segment
from tests.conftest import PDF_STYLES, RAW
from tests.test_hitachi import SYNTHETIC
from tests.test_nasushiobara import other_city_sheet

HITACHI = "08202_hitachi_community_action_plan.txt"
NASUSHIOBARA = "09213_nasushiobara_kyodo_progress_r5.txt"
SEEDS = {
    "03209_ichinoseki_kyodo_plan_3.txt": [],
    "06203_tsuruoka_community_policy_review.txt": [],
    "08201_mito_kyodo_basic_plan_3.txt": [],
    HITACHI: ["centred_timeline"],
    NASUSHIOBARA: ["scrambled_sheet"],
}


def test_every_repair_has_a_name_and_a_signature():
    for module in REPAIRS:
        assert module.NAME and callable(module.applies) and callable(module.repair)


@pytest.mark.parametrize(("filename", "expected"), SEEDS.items())
def test_signature_found_on_its_seed_only(filename, expected):
    assert signatures(read_document(RAW / filename)) == expected


@pytest.mark.parametrize("style", PDF_STYLES)
def test_no_signature_on_the_pdfs(pdf_irs, style):
    """The PDFs draw their bars and keep their tables: nothing to repair."""
    assert {stem: signatures(doc) for (s, stem), doc in pdf_irs.items() if s == style} == {
        f.removesuffix(".txt"): [] for f in SEEDS
    }


# ---------------------------------------------------------------- centred_timeline


def test_centred_timeline_draws_the_bars_back():
    doc = read_document(RAW / HITACHI)
    fixed, applied = apply_repairs(doc)
    assert applied == ["centred_timeline"]
    assert not any(b.bars for b in doc.tables())  # the input is left as read
    strip = centred_timeline.strips(fixed)[0]
    assert strip.years == [2022, 2023, 2024, 2025, 2026]
    by_row = {}
    for bar in strip.block.bars:
        by_row.setdefault(bar.row, []).append((bar.first, bar.last, bar.text))
    assert by_row[1] == [(0, 4, "実施")]  # action 1: 実施 printed in 令和6年度, the middle of five
    assert by_row[8] == [(0, 0, "準備"), (1, 4, "実施")]  # action 8: 準備 in 令和4年度, 実施 in 令和6年度
    assert not centred_timeline.applies(fixed)  # repaired once


def test_centred_timeline_gives_the_centred_reading():
    """The shapes read the repaired bars: each label spans the years it is printed in the middle of."""
    doc = read_document(RAW / HITACHI)

    def action_8(d) -> list[tuple]:
        ext = segment(d, Context("hitachi"))[1]
        return [
            (s.fy_start, s.fy_end, s.phase)
            for s in ext.get("schedules")
            if s.source == "timeline" and s.measure_id.endswith("/8")
        ]

    assert action_8(doc) == [(2022, 2022, "準備"), (2024, 2024, "実施")]  # as read: a year per label
    assert action_8(centred_timeline.repair(doc)) == [(2022, 2022, "準備"), (2023, 2026, "実施")]


def test_centred_timeline_leaves_a_row_no_split_fits():
    doc = Document("synthetic.txt", "text", parse_lines(SYNTHETIC.split("\n")))
    assert centred_timeline.applies(doc)
    (strip,) = centred_timeline.strips(centred_timeline.repair(doc))
    assert [(b.row, b.first, b.last, b.text) for b in strip.block.bars] == [
        (1, 0, 4, "実施"),
        (2, 0, 0, "準備"),
        (2, 1, 4, "実施"),
    ]  # row 3 prints 実施 in its first year: no bar is centred there, its cells are read as printed


def test_centred_timeline_not_on_drawn_bars():
    doc = Document("synthetic.txt", "text", parse_lines(SYNTHETIC.split("\n")))
    next(b for b in doc.tables() if b.rows[0].cells[0].raw.startswith("令和")).bars = [Bar(1, 0, 4, "実施")]
    assert not centred_timeline.applies(doc)
    assert not centred_timeline.applies(Document("synthetic.pdf", "pdf", doc.blocks))


# ---------------------------------------------------------------- scrambled_sheet


def test_scrambled_sheet_rebuilds_the_pages_in_the_ir():
    """The goal, then each page's headings over its sheet table; each cell keeps the line it starts on."""
    doc = read_document(RAW / NASUSHIOBARA)
    assert scrambled_sheet.applies(doc) and not doc.tables()  # no table survived the export
    fixed, applied = apply_repairs(doc)
    assert applied == ["scrambled_sheet"] and not scrambled_sheet.applies(fixed)
    outline = [
        (b.kind, b.line, b.raw.split("\n")[0] if b.kind == "text" else len(b.rows)) for b in fixed.blocks
    ]
    assert outline == [
        ("text", 2, "プロセス３\u3000夢を描く（集う） 【行動計画Ｐ．８～１０】"),
        ("text", 170, "（１）市民の組織機能"),
        ("table", 6, 7),  # the header and 6 projects
        ("text", 395, "（１）市民の組織機能"),
        ("text", 399, "（２）相互交流のネット"),
        ("table", 179, 7),
        ("text", 500, "（２）相互交流のネット"),  # printed at the page's end; a page's headings in code order
        ("text", 469, "（３）市職員の市民団"),
        ("table", 404, 4),
    ]
    header, row = fixed.tables()[1].rows[:2]
    assert [c.raw for c in header.cells] == [
        "事業名", "担当課", "取組内容", "協働の相手", "事業の評価", "効果、理由（問題点）", "指標",
        "基準値(R3)", "目標値(R9)", "現状値(R5)",
    ]  # fmt: skip
    cells = [(c.line, c.raw) for c in row.cells]
    assert (row.line, cells[:2], cells[3:5], cells[6:]) == (
        179,
        [(179, "自主防災組織結成促進・活\n動支援事業"), (182, "危機管理室→危機管理課")],
        [(193, "⑤"), (193, "C")],
        [(205, "自主防災組織の\n世帯カバー率"), (208, "81.6％"), (213, "95％"), (218, "81.6％")],
    )
    assert fixed.tables()[2].rows[-1].cells[5].lines[-3:] == [
        "問題点",
        "研修の実施方法、対象や内容の検討が必",
        "要。",
    ]
    assert fixed.problems == []


def test_scrambled_sheet_not_on_a_sheet_in_tables():
    assert not scrambled_sheet.applies(other_city_sheet())
    text_export = Document("other.txt", "text", other_city_sheet().blocks)
    assert not scrambled_sheet.applies(text_export)  # its tables kept the cells
