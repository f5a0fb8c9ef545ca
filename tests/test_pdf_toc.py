"""Tables of contents in a PDF (toc.mark_toc): the entries after a 目次 heading become one `toc`
block, as the text reader makes it, whether printed as lines or as a table (ruled or not)."""

from __future__ import annotations

import pytest

from pipeline.model.ir import Block, Cell, Row
from pipeline.read.cells import TOC_ENTRY, TOC_PAGE
from pipeline.read.pdf.toc import mark_toc


def _text(raw: str, page: int = 1) -> Block:
    return Block("text", raw=raw, page=page)


def _table(*rows: tuple[str, ...], page: int = 1) -> Block:
    return Block(
        "table", page=page, rows=[Row([Cell(c, [c] if c else []) for c in r], page=page) for r in rows]
    )


def _entries(block: Block) -> list[str]:
    return [r.cells[0].raw for r in block.rows]


@pytest.mark.parametrize(
    ("blocks", "kinds", "entries"),
    [
        (
            [
                _text("目次"),
                _text("第1章 計画について"),
                _table(("1", "計画策定の趣旨", "1"), ("", "（1）計画の期間", "2")),
                _text("第2章 現状と課題"),
                _table(("基本方針1", "市民意識の醸成", "25")),
                _text("第1章 計画について", page=2),
                _table(("指標", "現況", "目標"), ("参加者数", "1,000 人", "2,000 人"), page=2),
            ],
            ["toc", "text", "table"],
            ["第1章 計画について", "1\t計画策定の趣旨\t1", "（1）計画の期間\t2", "第2章 現状と課題",
             "基本方針1\t市民意識の醸成\t25"],
        ),
        # a page of the contents opening with a chapter's title above a contents table goes on
        (
            [
                _text("目次"),
                _text("第1章 計画について"),
                _table(("1 計画策定の趣旨", "1"), ("2 計画の期間", "2")),
                _text("第2章 現状と課題", page=2),
                _table(("1 地域の現状", "5"), ("2 課題", "8"), page=2),
                _text("第1章 計画について", page=2),
                _text("1 計画策定の趣旨", page=2),
            ],
            ["toc", "text", "text"],
            ["第1章 計画について", "1 計画策定の趣旨\t1", "2 計画の期間\t2", "第2章 現状と課題",
             "1 地域の現状\t5", "2 課題\t8"],
        ),
    ],
    ids=["one page", "over a page break"],
)  # fmt: skip
def test_contents_printed_as_tables_are_toc_entries(blocks, kinds, entries):
    out = mark_toc(blocks, {})
    assert [b.kind for b in out] == kinds
    assert _entries(out[0]) == entries


def test_a_table_that_is_no_contents_ends_the_toc():
    blocks = [
        _text("目次"),
        _text("1 はじめに 1"),
        _table(("事業名", "担当課"), ("研修の実施", "市民協働課")),
        _text("本文。"),
    ]
    out = mark_toc(blocks, {})
    assert [b.kind for b in out] == ["toc", "table", "text"]
    assert _entries(out[0]) == ["1 はじめに 1"]


@pytest.mark.parametrize(
    ("line", "entry"),
    [
        ("1 はじめに 1", True),  # a page number after a space
        ("1\t計画の趣旨\t12", True),  # after a TAB (a cell's edge)
        ("（1）計画の期間　2", True),  # after an ideographic space
        ("計画の趣旨……1", True),  # after leader dots
        ("計画の趣旨・・・・3", True),
        ("計画の趣旨‥‥25", True),
        ("計画の趣旨...7", True),
        ("計画の趣旨 1234", False),  # four digits: a year or an amount, no page
        ("基本方針1", False),  # a number that is the title's own
        ("第1章 計画について", False),
    ],
)
def test_a_contents_entry_ends_in_a_page_number_after_space_or_leader_dots(line, entry):
    """One rule for both readers (`read.cells.TOC_ENTRY`)."""
    assert bool(TOC_ENTRY.search(line)) is entry


@pytest.mark.parametrize(
    ("run", "page"),
    [("12", True), ("……3", True), ("・・・ 45", True), ("１２", True), ("1234", False), ("計画 3", False)],
)
def test_a_run_that_is_a_page_number(run, page):
    """The last run of an aligned contents line (`read.cells.TOC_PAGE`): no table, a contents."""
    assert bool(TOC_PAGE.match(run)) is page


def test_contents_lines_with_leader_dots_are_toc_entries():
    blocks = [_text("目次"), _text("1 はじめに……1"), _text("2 施策の体系・・・・3"), _text("はじめに" * 20)]
    out = mark_toc(blocks, {})
    assert [b.kind for b in out] == ["toc", "text"]
    assert _entries(out[0]) == ["1 はじめに……1", "2 施策の体系・・・・3"]
