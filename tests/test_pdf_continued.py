"""Pages → blocks across a page break: a table without rules continued on the next page with other
visible columns, and a table of contents continued on the next page.

Each case builds the pages' items (tables as grids and rows, text lines from characters) and
checks the blocks `assemble` makes.
"""

from __future__ import annotations

import pytest

from pipeline.model.ir import Block, Cell, Row
from pipeline.read.pdf.assemble import assemble
from pipeline.read.pdf.chars import build_lines
from pipeline.read.pdf.grid import Grid
from pipeline.read.pdf.pages import Item, Page
from pipeline.read.pdf.settings import DEFAULTS
from tests.page_chars import run

SIZE = 10.0


def table(number: int, top: float, xs: list[float], rows: list[list[str]]) -> Item:
    ys = [top + 15 * i for i in range(len(rows) + 1)]
    grid = Grid(bbox=(xs[0], ys[0], xs[-1], ys[-1]), xs=xs, ys=ys, ruled=False, page=number)
    block = Block("table", page=number, bbox=grid.bbox)
    block.rows = [Row([Cell(t, [t] if t else []) for t in row], page=number) for row in rows]
    return Item("table", ys[0], ys[-1], block=block, grid=grid)


def lines(number: int, top: float, texts: list[str]) -> list[Item]:
    """Lines of text; a tab puts the rest at x = 400 (a page number in a table of contents)."""
    chars = []
    for n, text in enumerate(texts):
        y = top + 15 * n
        title, _, page = text.partition("\t")
        for x0, part in ((50.0, title), (400.0, page)):
            chars += run(part, x0, y, SIZE)
    out = []
    for line in build_lines(chars, DEFAULTS):
        line.page = number
        out.append(Item("text", line.top, line.bottom, line=line))
    return out


def texts(block: Block) -> list[list[str]]:
    return [[c.raw for c in r.cells] for r in block.rows]


def test_a_continued_table_without_rules_is_merged_on_the_columns_of_both_parts():
    # Page 1 ends with a card's first rows, which leave its year columns empty; page 2 repeats the
    # header row (whose empty second column is not seen there) and prints the years.
    first = table(
        1,
        730.0,
        [50, 100, 400, 600, 650],
        [["事業4", "", "市政への参画", "新規"], ["内容", "登録を促進", "実施年度", ""]],
    )
    part = table(
        2, 50.0, [50, 400, 500, 600, 650], [["事業4", "市政への参画", "", "新規"], ["", "6年度", "7年度", ""]]
    )
    blocks = assemble(
        [Page(1, 700.0, 800.0, [*lines(1, 700.0, ["本文"]), first]), Page(2, 700.0, 800.0, [part])]
    )
    assert [b.kind for b in blocks] == ["text", "table"]
    assert texts(blocks[1]) == [
        ["事業4", "", "市政への参画", "", "新規"],
        ["内容", "登録を促進", "実施年度", "", ""],
        ["", "", "6年度", "7年度", ""],
    ]


def test_a_table_after_a_table_with_other_columns_and_no_repeated_header_is_its_own():
    first = table(
        1,
        730.0,
        [50, 100, 400, 600, 650],
        [["事業4", "", "市政への参画", "新規"], ["内容", "登録を促進", "実施年度", ""]],
    )
    other = table(
        2,
        50.0,
        [50, 400, 500, 600, 650],
        [["指標", "現状値", "目標値", "単位"], ["登録数", "10", "20", "件"]],
    )
    blocks = assemble(
        [Page(1, 700.0, 800.0, [*lines(1, 700.0, ["本文"]), first]), Page(2, 700.0, 800.0, [other])]
    )
    assert [b.kind for b in blocks] == ["text", "table", "table"]


def test_a_table_of_contents_goes_on_over_a_page_that_starts_with_a_chapter_title():
    page1 = lines(1, 50.0, ["目次", "第1章計画の基本的事項", "1.計画の背景\t1", "2.計画の期間\t3"])
    page2 = lines(2, 50.0, ["第2章計画の推進", "1.推進体制\t25"])
    page2.append(table(2, 90.0, [50, 400, 450], [["資料編", "26"]]))
    page2 += lines(2, 130.0, ["第1章計画の基本的事項", "1.計画の背景"])
    blocks = assemble([Page(1, 700.0, 800.0, page1), Page(2, 700.0, 800.0, page2)])
    assert [b.kind for b in blocks] == ["toc", "text", "text"]
    assert [r.cells[0].raw for r in blocks[0].rows] == [
        "第1章計画の基本的事項",
        "1.計画の背景\t1",
        "2.計画の期間\t3",
        "第2章計画の推進",
        "1.推進体制\t25",
        "資料編\t26",
    ]


def test_a_table_of_contents_set_as_a_table_ends_where_its_first_entry_is_printed_again():
    page1 = lines(1, 50.0, ["目次"])
    page1.append(table(1, 70.0, [50, 400, 450], [["第1章計画の基本的事項", "1"], ["1.計画の背景", "1"]]))
    page1 += lines(1, 120.0, ["第1章計画の基本的事項", "1.計画の背景"])
    blocks = assemble([Page(1, 700.0, 800.0, page1)])
    assert [b.kind for b in blocks] == ["toc", "text", "text"]
    assert [r.cells[0].raw for r in blocks[0].rows] == ["第1章計画の基本的事項\t1", "1.計画の背景\t1"]


def placed(number: int, top: float, xs: list[float], rows: list[list[str]]) -> Item:
    """A table whose cells' text is placed as lines (the grid knows where each cell's text ends)."""
    item = table(number, top, xs, rows)
    grid = item.grid
    grid.rights = [xs[c + 1] - 5 for c in range(len(xs) - 1)]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                grid.texts[(r, c)] = build_lines(run(text, xs[c] + 2, grid.ys[r] + 2, SIZE), DEFAULTS)
    return item


def test_a_row_the_page_break_cut_is_joined_again():
    # The last cell on page 1 runs to its edge (30 characters in 300 pt) and ends no sentence.
    cut = "地" * 29 + "の"
    first = placed(1, 740.0, [50, 100, 400], [["課題", "内容"], ["課題", cut]])
    part = placed(2, 50.0, [50, 100, 400], [["課題", "内容"], ["", "続きです。"], ["次", "新しい行"]])
    blocks = assemble(
        [Page(1, 700.0, 800.0, [*lines(1, 700.0, ["本文"]), first]), Page(2, 700.0, 800.0, [part])]
    )
    assert texts(blocks[1]) == [["課題", "内容"], ["課題", cut + "続きです。"], ["次", "新しい行"]]


@pytest.mark.parametrize(
    ("last", "after"),
    [
        ("短い", "続きです。"),  # the line ended early: a row of its own (a merged cell's next child)
        ("地" * 29 + "。", "続きです。"),  # a sentence ended
        ("地" * 30, "・次の項目"),  # a bullet starts the next row
    ],
)
def test_a_first_row_that_does_not_go_on_with_the_last_is_a_row(last, after):
    first = placed(1, 740.0, [50, 100, 400], [["課題", "内容"], ["課題", last]])
    part = placed(2, 50.0, [50, 100, 400], [["課題", "内容"], ["", after]])
    blocks = assemble(
        [Page(1, 700.0, 800.0, [*lines(1, 700.0, ["本文"]), first]), Page(2, 700.0, 800.0, [part])]
    )
    assert texts(blocks[1]) == [["課題", "内容"], ["課題", last], ["", after]]


def ruled(number: int, top: float, xs: list[float], rows: list[list[str]]) -> Item:
    """A table with every cell ruled, each part drawn as a closed box (no cut in its rules)."""
    item = placed(number, top, xs, rows)
    item.grid.ruled = True
    return item


RULED_XS = [50, 100, 165, 400, 450]  # key | department (6 characters) | text (23) | a mark or number


def on_pages(first: Item, part: Item, foot: float | None = None) -> list[list[str]]:
    """The table's rows when `first` ends page 1 and `part` starts page 2 (whose text ends at `foot`)."""
    page2 = [part, *(lines(2, foot - SIZE, ["注"]) if foot else [])]
    blocks = assemble(
        [Page(1, 700.0, 800.0, [*lines(1, 700.0, ["本文"]), first]), Page(2, 700.0, 800.0, page2)]
    )
    return texts(next(b for b in blocks if b.kind == "table"))


def test_a_ruled_row_cut_at_the_frames_foot_goes_on_where_its_cells_were_filled_to_the_edge():
    # Writer draws each part of a cut row as a closed box: the row ends at the page's foot, its
    # cells filled to their edge; a cell ended by a line break (効果) goes on on a line of its own.
    text = "地" * 22 + "、"
    header = ["事業", "担当", "内容", "評価"]
    first = ruled(1, 740.0, RULED_XS, [header, ["登録事業", "市民協働推進", text, "効果"]])
    part = ruled(
        2, 50.0, RULED_XS, [header, ["", "課", "続きです。", "増加。"], ["次", "課", "新しい行", "Ａ"]]
    )
    assert on_pages(first, part) == [
        header,
        ["登録事業", "市民協働推進課", text + "続きです。", "効果\n増加。"],
        ["次", "課", "新しい行", "Ａ"],
    ]


@pytest.mark.parametrize(
    ("key", "rest", "rows"),
    [
        # a numbered key broken by a line break the page cut goes on without a number
        ("(1)着地型観", "光商品の開発", [["(1)着地型観\n光商品の開発", "市民協働推進課", "地" * 23 + "続きです。", "Ｂ"]]),
        # a numbered key on the next page is a row of its own
        ("(1)着地型観光", "(2)研修会", [["(1)着地型観光", "市民協働推進", "地" * 23, "Ｂ"], ["(2)研修会", "課", "続きです。", ""]]),
    ],
)  # fmt: skip
def test_a_ruled_row_cut_at_the_foot_goes_on_its_numbered_key(key, rest, rows):
    # The key column is wide: its line ends early (a line break in the key), the other cells full.
    xs = [50, 160, 225, 460, 510]
    header = ["事業", "担当", "内容", "評価"]
    first = ruled(1, 740.0, xs, [header, [key, "市民協働推進", "地" * 23, "Ｂ"]])
    part = ruled(2, 50.0, xs, [header, [rest, "課", "続きです。", ""]])
    assert on_pages(first, part)[1:] == rows


def test_a_ruled_row_goes_on_a_run_of_numbers():
    header = ["事業", "担当", "内容", "番号"]
    first = ruled(1, 740.0, [50, 100, 165, 400, 430], [header, ["登録事業", "市民協働推進", "地" * 23, "①②"]])
    part = ruled(2, 50.0, [50, 100, 165, 400, 430], [header, ["", "課", "続きです。", "④⑤"]])
    assert on_pages(first, part)[1] == ["登録事業", "市民協働推進課", "地" * 23 + "続きです。", "①②④⑤"]


def test_a_ruled_row_ended_above_the_frames_foot_is_not_cut():
    # The page's text goes on 25 pt below the table: the row was not cut, the next row moved down whole.
    header = ["事業", "担当", "内容", "評価"]
    first = ruled(1, 740.0, RULED_XS, [header, ["登録事業", "市民協働推進", "地" * 23, "効果"]])
    part = ruled(2, 50.0, RULED_XS, [header, ["", "課", "続きです。", "増加。"]])
    part.grid.ys[2] += 20  # a row taller than the room left on page 1
    assert on_pages(first, part, foot=795.0)[1:] == [
        ["登録事業", "市民協働推進", "地" * 23, "効果"],
        ["", "課", "続きです。", "増加。"],
    ]


def test_a_ruled_row_of_narrow_cells_each_ended_by_a_wrap_is_not_cut():
    # A year strip in columns two and a half characters wide: `7年度` wraps as `7年⏎度`, its last line
    # not full. The row ends at the frame's foot only because the next row did not fit: that row is its own.
    xs = [50, 100, 125, 150, 175]
    header = ["事業", "実施年度", "", ""]
    years = ["", "6年度", "7年度", "8年度"]
    first = ruled(1, 740.0, xs, [header, years])
    grid = first.grid
    for c in range(1, 4):
        top = grid.ys[1] + 1
        grid.texts[(1, c)] = [
            *build_lines(run(years[c][:2], xs[c] + 2, top, SIZE), DEFAULTS),
            *build_lines(run(years[c][2:], xs[c] + 2, top + SIZE, SIZE), DEFAULTS),
        ]
    part = ruled(2, 50.0, xs, [header, ["", "実施", "→", "→"]])
    assert on_pages(first, part)[1:] == [years, ["", "実施", "→", "→"]]


@pytest.mark.parametrize("marks", [["○", "◎"], ["◎", "◎"], ["◎", ""]])
def test_a_tree_row_under_a_merged_key_at_the_top_of_a_page_is_a_row(marks):
    # | | 話し合いの促進 | ○ | ◎ |: the key is merged over the rows above; the marks end no line
    # at their cell's edge (○ starts an item too), so the row is a row of its own even when the
    # title before it filled its cell.
    xs = [50, 100, 400, 450, 500]
    header = ["目標", "施策", "市", "地域"]
    first = ruled(1, 740.0, xs, [header, ["協働", "地" * 29 + "り", "◎", "◎"]])
    part = ruled(2, 50.0, xs, [header, ["", "話し合いの促進", *marks]])
    assert on_pages(first, part)[1:] == [["協働", "地" * 29 + "り", "◎", "◎"], ["", "話し合いの促進", *marks]]


@pytest.mark.parametrize(
    ("shades", "joined"),
    [
        ([("h",), ("g",), ()], True),  # the first row keeps the last row's shade: the same row
        ([("h",), (), ("g",)], False),  # the shade alternates on: a row of its own
    ],
)
def test_a_row_cut_by_the_page_in_a_table_banded_by_fills(shades, joined):
    # Rows banded by fills, shaded and unshaded in turn; page 2 repeats the header, then a row whose
    # text follows a sentence's end, with no key in its first column.
    first = table(
        1,
        700.0,
        [50, 150, 400],
        [["事業名", "内容"], ["研修", "講座"], ["交流", "交流会"], ["広報", "発行した。"]],
    )
    first.grid.shades = [("h",), ("g",), (), ("g",)]
    part = table(2, 50.0, [50, 150, 400], [["事業名", "内容"], ["", "(3)研修会"], ["相談", "窓口"]])
    part.grid.shades = shades
    blocks = assemble([Page(1, 700.0, 800.0, [first]), Page(2, 700.0, 800.0, [part])])
    rows = texts(blocks[0])
    if joined:
        assert rows[3:] == [["広報", "発行した。\n(3)研修会"], ["相談", "窓口"]]
    else:
        assert rows[3:] == [["広報", "発行した。"], ["", "(3)研修会"], ["相談", "窓口"]]
