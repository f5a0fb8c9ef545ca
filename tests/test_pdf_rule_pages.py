"""Tables drawn with horizontal rules only, as a browser engine prints them over pages: a row the
page edge cuts (its rule off the page), a row padded wider than the others, the parts of one table
on two pages with different empty columns, a line printed on both sides of the cut, and rows of
rule characters.

Pages are drawn as lines of runs — `(x, text)` at 10 pt, one full-width character per 10 pt — at
given tops, with horizontal rules (`Segment(x0, x1, y)`) across the table.
"""

from __future__ import annotations

from pipeline.model.ir import Bar, Block, Cell, Row
from pipeline.read.pdf.assemble import merge_table
from pipeline.read.pdf.chars import build_lines
from pipeline.read.pdf.continued import printed_twice, unify_continued_columns
from pipeline.read.pdf.grid import drop_separator_rows, grid_rows, place_lines
from pipeline.read.pdf.pages import Item, Page
from pipeline.read.pdf.rule_tables import rule_tables
from pipeline.read.pdf.rules import Segment
from pipeline.read.pdf.settings import DEFAULTS
from pipeline.read.pdf.toc import mark_toc
from tests.page_chars import run

SIZE = 10.0


def lines_at(rows: list[tuple[float, list[tuple[float, str]]]]) -> list:
    return build_lines(
        [c for top, runs in rows for x, text in runs for c in run(text, x, top, SIZE)], DEFAULTS
    )


def rules(*ys: float) -> list[Segment]:
    return [Segment(40.0, 400.0, y) for y in ys]


def tables(ys, rows, height=None) -> list[tuple]:
    lines = lines_at(rows)
    out = []
    for grid in rule_tables(rules(*ys), lines, SIZE, DEFAULTS, height):
        mine = [ln for ln in lines if grid.bbox[1] - 1 <= (ln.top + ln.bottom) / 2 <= grid.bbox[3] + 1]
        place_lines(grid, mine, DEFAULTS)
        grid.lines = mine
        out.append((grid, [r.texts() for r in grid_rows(grid, 1)]))
    return out


ROWS = [
    (24, [(50, "事業名"), (200, "内容")]),
    (42, [(50, "研修"), (200, "年二回開催")]),
    (64, [(50, "交流会の"), (200, "地域ごとに")]),
    (77.5, [(50, "開催"), (200, "開催する")]),
]


def test_a_row_the_page_edge_cuts_is_a_row_of_the_table():
    # A table's last row at the foot of a page (200 pt high), its rule below the page: the row goes
    # on on the next page, its bottom padding not seen.
    [(grid, texts)] = tables([160, 230], [(164, [(50, "交流会の"), (200, "地域ごとに")])], height=200.0)
    assert texts == [["交流会の", "地域ごとに"]]
    assert grid.cut == (False, True)
    assert grid.ys == [160, 200.0] and grid.bbox[3] == 200.0
    # Its rest at the top of the next page, its rule above the page.
    [(grid, texts)] = tables([-30, 20], [(5, [(50, "開催"), (200, "開催する")])], height=200.0)
    assert texts == [["開催", "開催する"]]
    assert grid.cut == (True, False)


def test_without_the_page_height_the_cut_row_is_no_row():
    # A row far from its rules with no rows above: a heading or a paragraph, not a table.
    assert tables([160, 230], [(164, [(50, "交流会の"), (200, "地域ごとに")])]) == []


def test_a_row_padded_wider_is_still_a_row_when_its_runs_are_at_the_columns():
    rows = [*ROWS[:2], (68, [(50, "交流会"), (200, "地域ごと")])]  # 12 pt above it, not 4
    [(_, texts)] = tables([20, 38, 56, 82], rows)
    assert texts == [["事業名", "内容"], ["研修", "年二回開催"], ["交流会", "地域ごと"]]


def test_a_heading_padded_between_rules_still_ends_the_table():
    rows = [*ROWS[:2], (68, [(50, "第三章　推進体制")])]
    found = tables([20, 38, 56, 82], rows)
    assert [texts for _, texts in found] == [[["事業名", "内容"], ["研修", "年二回開催"]]]


def _page(number: int, ys, rows, height=200.0) -> Page:
    [(grid, _)] = tables(ys, rows, height)
    grid.page = number
    block = Block("table", page=number, bbox=grid.bbox, rows=grid_rows(grid, number))
    return Page(number, 420.0, height, [Item("table", grid.bbox[1], grid.bbox[3], block=block, grid=grid)])


def test_the_parts_of_a_continued_table_get_the_columns_of_both():
    first = _page(
        1,
        [20, 38, 56],
        [(24, [(50, "年度"), (150, "準備"), (250, "実施")]), (42, [(50, "R4"), (150, "○"), (250, "○")])],
    )
    second = _page(2, [20, 38, 56], [(24, [(50, "R5"), (250, "○")]), (42, [(50, "R6"), (250, "○")])])
    assert second.items[0].grid.columns == 2
    unify_continued_columns([first, second], DEFAULTS)
    assert second.items[0].grid.columns == 3
    assert [r.texts() for r in second.items[0].block.rows] == [["R5", "", "○"], ["R6", "", "○"]]


def test_parts_whose_columns_would_cut_text_keep_their_own():
    first = _page(
        1,
        [20, 38, 56],
        [(24, [(50, "年度"), (150, "準備"), (250, "実施")]), (42, [(50, "R4"), (150, "○"), (250, "○")])],
    )
    second = _page(2, [20, 38], [(24, [(50, "見直しの結果を踏まえて"), (300, "○")])])
    unify_continued_columns([first, second], DEFAULTS)
    assert [r.texts() for r in second.items[0].block.rows] == [["見直しの結果を踏まえて", "○"]]


def _row(*texts: str) -> Row:
    return Row([Cell(t, [t] if t else []) for t in texts])


def test_a_cut_row_goes_on_in_the_last_row_less_the_line_printed_twice():
    first = Block("table", rows=[_row("事業名", "内容"), _row("推進内容", "具体の行")])
    part = Block("table", rows=[_row("", "行動"), _row("研修", "開催")])
    merge_table(first, part, cut=(True, True), twice={1: ["行"]})
    assert [r.texts() for r in first.rows] == [
        ["事業名", "内容"],
        ["推進内容", "具体の行動"],
        ["研修", "開催"],
    ]


def test_a_row_printed_again_above_the_cut_is_dropped():
    # The last row of a page printed whole, and again at the top of the next page cut by its edge.
    first = Block("table", rows=[_row("事業名", "内容"), _row("研修", "開催")])
    part = Block("table", rows=[_row("研修", "開催"), _row("交流会", "実施")])
    merge_table(first, part, cut=(False, True))
    assert [r.texts() for r in first.rows] == [["事業名", "内容"], ["研修", "開催"], ["交流会", "実施"]]
    # Only the last line of the row printed again (its other cells empty there): dropped too.
    first = Block("table", rows=[_row("年度", "7年\n度"), _row("研修", "実施")])
    first.rows[0], first.rows[1] = first.rows[1], first.rows[0]
    merge_table(
        first, Block("table", rows=[_row("", "度"), _row("交流会", "実施")]), (False, True), {1: ["度"]}
    )
    assert [r.texts() for r in first.rows][1:] == [["年度", "7年\n度"], ["交流会", "実施"]]
    # Not cut: two rows alike are two rows.
    first = Block("table", rows=[_row("事業名", "内容"), _row("研修", "開催")])
    merge_table(first, Block("table", rows=[_row("研修", "開催"), _row("交流会", "実施")]))
    assert [r.texts() for r in first.rows][1:] == [["研修", "開催"], ["研修", "開催"], ["交流会", "実施"]]


def test_the_line_printed_on_both_sides_of_the_cut():
    rows = [(164, [(50, "推進"), (200, "具")]), (177.5, [(200, "体")])]  # vertical text, one character a line
    [(before, _)] = tables([160, 230], rows, 200.0)
    [(after, _)] = tables([-30, 20], [(5, [(50, "内容"), (200, "体")])], 200.0)
    assert printed_twice(before, after) == {1: ["体"]}
    [(after, _)] = tables([-30, 20], [(5, [(50, "内容"), (200, "の")])], 200.0)
    assert printed_twice(before, after) == {}


def test_rows_of_rule_characters_are_dropped_and_bars_renumbered():
    rows = [_row("事業", "R5"), _row("-----------", "--"), _row("研修", "実施")]
    kept, bars = drop_separator_rows(rows, [Bar(2, 1, 1, "実施")])
    assert [r.texts() for r in kept] == [["事業", "R5"], ["研修", "実施"]]
    assert [(b.row, b.first, b.last) for b in bars] == [(1, 1, 1)]


def test_a_contents_table_after_its_heading_is_the_toc():
    # 目次 printed with a radical code point (⽬, U+2F6C), its entries as a table of title | page.
    blocks = [
        Block("text", raw="⽬ 次", page=1),
        Block("text", raw="第1章 計画の基本的事項", page=1),
        Block("table", page=1, rows=[_row("1 計画策定の背景", "1"), _row("2 計画の期間", "3")]),
        Block("table", page=1, rows=[_row("指標", "単位"), _row("参加者数", "人")]),
        Block("text", raw="第1章 計画の基本的事項", page=2),
    ]
    toc, *rest = mark_toc(blocks, {})
    assert toc.kind == "toc"
    assert [r.cells[0].raw for r in toc.rows] == [
        "第1章 計画の基本的事項",
        "1 計画策定の背景\t1",
        "2 計画の期間\t3",
    ]
    assert [b.kind for b in rest] == ["table", "text"]  # a table of other rows ends it


def test_text_after_a_space_inside_a_cell_starts_no_column():
    # `14回　延べ194人`: runs a full-width space after the cell's text on their line, each start on
    # one line only, while other lines of the cell run over them. The 担当 column's text also wraps to a line
    # of its own, and a heading row spanning the table runs over it: still a column.
    rows = [
        (24, [(50, "事業名"), (110, "担当"), (150, "内容")]),
        (42, [(50, "全体の取組を次のとおり行った")]),
        (60, [(50, "研修"), (110, "福祉"), (150, "講座を5回"), (210, "延べ40人")]),
        (73.5, [(110, "課"), (150, "研修会等"), (200, "14回"), (240, "延べ194人")]),
        (87, [(150, "交流会を地域ごとに開催")]),
    ]
    [(grid, texts)] = tables([20, 38, 56, 102], rows)
    assert len(grid.xs) == 4
    assert texts[2] == [
        "研修",
        "福祉課",
        "講座を5回 延べ40人\n研修会等 14回 延べ194人\n交流会を地域ごとに開催",
    ]
