"""Tables without rules: rows and columns from the alignment of the text, line-head brackets set
half an em early, and cell fills (shaded rows or cells) standing in for rules.

Each case is a page drawn as lines of runs — `(x, text)` at 10 pt, one full-width character per
10 pt, lines 13.5 pt apart — with the filled rectangles under them, and the table expected.
"""

from __future__ import annotations

import pytest

from pipeline.read.pdf.chars import build_lines
from pipeline.read.pdf.grid import grid_rows, place_lines
from pipeline.read.pdf.settings import DEFAULTS
from pipeline.read.pdf.tables import aligned_tables
from tests.page_chars import run

SIZE, PITCH = 10.0, 13.5


def page_lines(lines: list[list[tuple[float, str]]], top: float = 100.0) -> list:
    chars = [
        c for n, runs in enumerate(lines) for x, text in runs for c in run(text, x, top + n * PITCH, SIZE)
    ]
    return build_lines(chars, DEFAULTS)


def band(x0: float, x1: float, first: int, last: int, top: float = 100.0) -> dict:
    """A fill behind lines first..last (a shaded row or cell), padded half a pitch."""
    return {"x0": x0, "x1": x1, "top": top + first * PITCH - 2, "bottom": top + last * PITCH + SIZE + 2}


def table(lines, fills=()) -> list[list[str]]:
    found = aligned_tables(page_lines(lines), None, DEFAULTS, list(fills))
    assert len(found) == 1
    grid, mine = found[0]
    place_lines(grid, mine, DEFAULTS)
    return [row.texts() for row in grid_rows(grid, 1)]


def _ending_in(space: str, rest: str) -> tuple:
    """A rule-less table whose cell's full line ends in `space` and goes on with `rest`."""
    head, first = ["取組", "担当課"], ["担い手の育成", "市民協働推進課等"]
    lines = [[(50, head[0]), (200, head[1])], [(50, first[0]), (200, first[1])]]
    lines += [[(50, "情報の発信"), (200, "広報課と各課など" + space)], [(200, rest)]]
    lines += [[(50, "交流の場"), (200, "地域振興課")]]
    return lines, [], [head, first, ["情報の発信", "広報課と各課など\n" + rest], ["交流の場", "地域振興課"]]


CASES = {
    # A two-level header on shaded cells: its first line two groups merged over two columns each, both
    # starting with a line-head bracket set half an em early (their padding is from the ink, not the
    # bracket's blank half), the first group's title longer than its first column (no column's text
    # ends there: the cells below still wrap at their edge). Then rows banded in another shade.
    "a two-level shaded header over banded rows": (
        [
            [(45, "（１）令和5年度実施状況"), (245, "（２）目標指標")],
            [(50, "事業名"), (150, "取組"), (250, "指標"), (330, "現状値")],
            [(50, "相談事業の実施"), (150, "窓口を開設しま"), (250, "相談件数"), (330, "45件")],
            [(150, "した。")],
            [(50, "交流事業"), (150, "交流会を開催"), (250, "参加人数"), (330, "120人")],
            [(50, "広報事業"), (150, "広報を発行"), (250, "発行回数"), (330, "12回")],
        ],
        [
            band(46, 246, 0, 0),
            band(246, 400, 0, 0),
            band(46, 146, 1, 1),
            band(146, 246, 1, 1),
            band(246, 326, 1, 1),
            band(326, 400, 1, 1),
            band(46, 400, 2, 3),
            band(46, 400, 5, 5),
        ],  # fmt: skip
        [
            ["（１）令和5年度実施状況", "", "（２）目標指標", ""],
            ["事業名", "取組", "指標", "現状値"],
            ["相談事業の実施", "窓口を開設しました。", "相談件数", "45件"],
            ["交流事業", "交流会を開催", "参加人数", "120人"],
            ["広報事業", "広報を発行", "発行回数", "12回"],
        ],
    ),
    # A line-head bracket set half an em early (JIS X 4051; Typst does it) is still in its column,
    # in the header's wrapped second line and in the cells.
    "brackets at the head of a line": (
        [
            [(50, "指標"), (200, "単位"), (260, "現状値")],
            [(255, "（令和5年度）")],
            [(45, "（仮称）交流人数"), (200, "人"), (260, "120")],
            [(50, "相談件数"), (200, "件"), (260, "45")],
        ],
        [],
        [
            ["指標", "単位", "現状値\n（令和5年度）"],
            ["（仮称）交流人数", "人", "120"],
            ["相談件数", "件", "45"],
        ],
    ),
    # Every other row shaded: the edges of the fills part the rows, also where a first-column
    # cell wraps onto a line of its own.
    "rows banded by fills": (
        [
            [(50, "取組"), (160, "担当課"), (260, "R7"), (300, "R8")],
            [(45, "（１）通学路の安全対"), (160, "都市計画課"), (260, "検討"), (300, "実施")],
            [(50, "策")],
            [(45, "（２）運転免許の自主"), (160, "交通政策課"), (300, "実施")],
            [(50, "返納の支援")],
        ],
        [band(45, 350, 0, 0), band(45, 350, 3, 4)],
        [
            ["取組", "担当課", "R7", "R8"],
            ["（１）通学路の安全対策", "都市計画課", "検討", "実施"],
            ["（２）運転免許の自主返納の支援", "交通政策課", "", "実施"],
        ],
    ),
    # Shaded header cells give the columns: a wide space inside a cell starts no column.
    "columns from filled header cells": (
        [
            [(50, "基本施策"), (160, "取組"), (260, "関係課")],
            [(50, "1-1"), (90, "権利擁護"), (160, "成年後見の周知"), (260, "福祉課")],
            [(50, "1-2"), (90, "見守り"), (160, "相談窓口の設置"), (260, "福祉課")],
        ],
        [band(45, 155, 0, 0), band(155, 255, 0, 0), band(255, 330, 0, 0)],
        [
            ["基本施策", "取組", "関係課"],
            ["1-1 権利擁護", "成年後見の周知", "福祉課"],
            ["1-2 見守り", "相談窓口の設置", "福祉課"],
        ],
    ),
    # A card continued on the next page: its header repeated on shaded cells (one of them empty),
    # then the rest of its last row, whose text is in the last column only. The shaded header's cells
    # and the run right of all the text of the column before it give the columns.
    "a repeated header over the rest of a row": (
        [
            [(50, "推進事項"), (200, "重点の取組")],
            [(405, "の続きです。")],
            [(405, "二行目です。")],
        ],
        [band(45, 115, 0, 0), band(115, 195, 0, 0), band(195, 400, 0, 0), band(400, 560, 0, 0)],
        [["推進事項", "重点の取組", ""], ["", "", "の続きです。\n二行目です。"]],
    ),
    # The rows of a continued card below its header: the runs at 120 start a column of their
    # own, right of all the first column's text, though nothing is left of them on their lines.
    "an empty first column below the header": (
        [
            [(50, "推進事項"), (200, "重点の取組"), (405, "新規")],
            [(120, "年度"), (200, "令和4年度"), (405, "実施する")],
            [(120, "計画"), (200, "令和5年度"), (405, "拡充する")],
        ],
        [band(45, 560, 0, 0), band(45, 560, 2, 2)],  # shaded rows, one in two
        [
            ["推進事項", "", "重点の取組", "新規"],
            ["", "年度", "令和4年度", "実施する"],
            ["", "計画", "令和5年度", "拡充する"],
        ],
    ),
    # A tree (施策の体系) whose codes and titles are a full-width space apart in one cell: the gap
    # after a code of one width lines up over rows, but other rows' text runs over it and the header
    # has no text there: no column. A heading after the table, left of its first column, is no row.
    "code and title a space apart in one cell": (
        [
            [(50, "基本方針"), (235, "基本施策")],
            [(50, "1地域のまち"), (235, "1.1社会参加の促進")],
            [(235, "1.2"), (275, "権利擁護の推進")],
            [(50, "2"), (70, "豊かなまち"), (235, "2.1"), (275, "温暖化対策")],
            [(235, "2.2生活環境の保全")],
        ],
        [band(45, 400, 0, 0), band(45, 400, 2, 2), band(45, 400, 4, 4)],
        [
            ["基本方針", "基本施策"],
            ["1地域のまち", "1.1社会参加の促進"],
            ["", "1.2 権利擁護の推進"],
            ["2 豊かなまち", "2.1 温暖化対策"],
            ["", "2.2生活環境の保全"],
        ],
    ),
    # No rules, no fills, no gaps: a line with text in the first column starts a row unless both
    # its first column and another go on from full lines above (wrapped cells).
    "wrapped cells without rules or fills": (
        [
            [(50, "事業名"), (160, "内容"), (370, "担当")],
            [
                (50, "地域交流拠点の運営支"),
                (160, "空き家を活用した交流拠点の運営を民間と協"),
                (370, "市民課"),
            ],
            [(50, "援"), (160, "働で支援する")],
            [(50, "広報"), (160, "情報誌の発行"), (370, "広報課")],
        ],
        [],
        [
            ["事業名", "内容", "担当"],
            ["地域交流拠点の運営支援", "空き家を活用した交流拠点の運営を民間と協働で支援する", "市民課"],
            ["広報", "情報誌の発行", "広報課"],
        ],
    ),
    # A full line ending in a printed space (Typst wraps `など ～` there: `～` may not start a line
    # alone): the words part there, as in a ruled cell (join_cell), not joined as a wrap.
    "a cell line ending in a printed space": _ending_in(" ", "～各支所"),
    "a cell line ending in an ideographic space": _ending_in("\u3000", "各支所"),
}


@pytest.mark.parametrize("case", CASES)
def test_table_without_rules(case):
    lines, fills, expected = CASES[case]
    assert table(lines, fills) == expected


@pytest.mark.parametrize(
    "lines",
    [
        [
            [(50, "1"), (62, "やさしい日本語の普及【国際交流室】")],
            [(50, "2"), (62, "外国人相談窓口の運営【市民協働課】")],
            [(50, "3"), (62, "国際交流イベントの開催")],
        ],
        [
            [(50, "(1)"), (80, "空き家の活用")],
            [(50, "(2)"), (80, "移住相談会の開催")],
            [(50, "(3)"), (80, "情報発信")],
        ],
        [
            [(50, "①"), (62, "防災訓練の実施")],
            [(50, "②"), (62, "避難所の運営")],
            [(50, "③"), (62, "備蓄品の整備")],
        ],
    ],
    ids=["numbers", "parenthesized", "circled"],
)
def test_a_numbered_list_is_no_table(lines):
    assert aligned_tables(page_lines(lines), None, DEFAULTS, []) == []


def test_a_number_column_under_a_header_is_a_table():
    lines = [
        [(50, "No"), (80, "事業名")],
        [(50, "1"), (80, "空き家の活用")],
        [(50, "2"), (80, "移住相談会の開催")],
    ]
    assert table(lines) == [["No", "事業名"], ["1", "空き家の活用"], ["2", "移住相談会の開催"]]
