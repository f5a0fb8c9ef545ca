"""`recognize`: the shape of small tables (item, indicator, year strip, sheet, tree, unknown)."""

from __future__ import annotations

import pytest

from pipeline.model.ir import Block, Cell, Row
from pipeline.read.text import parse_lines
from pipeline.segment.tables import recognize
from pipeline.segment.vocabulary import load_vocabulary
from tests.conftest import segment_text

VOCAB = load_vocabulary()


def table(text: str) -> Block:
    (block,) = parse_lines(text.strip("\n").split("\n"))
    assert block.kind == "table"
    return block


# table (TAB-separated lines) → (kind, roles, years, header rows)
SHAPES = [
    (  # item table
        "事業名\t事業内容\t担当課\n防災訓練\t年1回実施\t危機管理課\n見守り活動\t訪問\t福祉課",
        ("items", {0: "name", 1: "content", 2: "department"}, {}, 1),
    ),
    (  # the same columns in another order, with a number and a period
        "担当課\tNo.\t取組名\t実施年度\n危機管理課\t1\t防災訓練\tR7",
        ("items", {0: "department", 1: "code", 2: "name", 3: "period"}, {}, 1),
    ),
    (  # no name column: the content column names the rows
        "取組の内容\t所管区局・課\t新規\n防災訓練の実施\t危機管理課\t○",
        ("items", {0: "name", 1: "department", 2: "novelty"}, {}, 1),
    ),
    (  # 目標 | 推進者: the text column is what the rows do
        "目標\t推進者\n地域の防災訓練\t市民・自治会",
        ("items", {0: "name", 1: "actor"}, {}, 1),
    ),
    (  # two name-like columns: the better-named one is the name
        "主な取組の概要\t事業名\t担当課\n防災の推進\t防災訓練\t危機管理課",
        ("items", {0: "content", 1: "name", 2: "department"}, {}, 1),
    ),
    (  # indicator table, the years in the header
        "指標名\t現状値（令和5年度）\t目標値（令和12年度）\t単位\n参加率\t40\t60\t%",
        ("indicators", {0: "indicator", 1: "baseline", 2: "target", 3: "unit"}, {1: 2023, 2: 2030}, 1),
    ),
    (  # the years in a second header row
        "成果指標\t現状値\t目標値\t単位\n\tR5\tR12\t\n参加率\t40\t60\t%",
        ("indicators", {0: "indicator", 1: "baseline", 2: "target", 3: "unit"}, {1: 2023, 2: 2030}, 2),
    ),
    (
        "重要業績評価指標（ＫＰＩ）\t基準値\t目標値\n自治会加入率\t70.5%\t75%",
        ("indicators", {0: "indicator", 1: "baseline", 2: "target"}, {}, 1),
    ),
    (
        "指標\t策定時\t実績値\t目標値\n避難訓練参加者数\t1,200人\t1,350人\t1,500人",
        ("indicators", {0: "indicator", 1: "baseline", 2: "actual", 3: "target"}, {}, 1),
    ),
    (  # year strips: R7 R8 R9 / 2025年度 / 令和7年度
        "取組\tR7\tR8\tR9\n防災訓練\t●\t●\t●",
        ("strip", {0: "name"}, {1: 2025, 2: 2026, 3: 2027}, 1),
    ),
    (
        "事業名\t2025年度\t2026年度\t2027年度\n防災訓練\t検討\t実施\t→",
        ("strip", {0: "name"}, {1: 2025, 2: 2026, 3: 2027}, 1),
    ),
    (
        "事業名\t令和7年度\t令和8年度\t令和9年度\n防災訓練\t検討\t実施\t→",
        ("strip", {0: "name"}, {1: 2025, 2: 2026, 3: 2027}, 1),
    ),
    (  # the years in a second header row under スケジュール
        "事業名\t担当課\tスケジュール\t\t\n\t\t令和7年度\t令和8年度\t令和9年度\n防災訓練\t危機管理課\t検討\t実施\t→",
        ("strip", {0: "name", 1: "department"}, {2: 2025, 3: 2026, 4: 2027}, 2),
    ),
    (  # key–value card: a column of labels
        "事業名\t防災訓練の実施\n担当課\t危機管理課\n実施期間\t令和7年度～令和9年度\n事業内容\t年1回の訓練",
        ("sheet", {0: "label"}, {}, 1),
    ),
    (  # label–value form across a row
        "事業名\t防災訓練\t担当課\t危機管理課\n事業内容\t年1回の訓練\t評価\tA",
        ("sheet", {0: "label"}, {}, 1),
    ),
    (  # tree table
        "基本目標\t施策\n安心して暮らせるまち\t防災力の強化\n\t地域福祉の充実",
        ("tree", {0: "group", 1: "group"}, {}, 1),
    ),
    (
        "基本目標\t基本施策\t施策\n安心\t防災\t訓練",
        ("tree", {0: "group", 1: "group", 2: "group"}, {}, 1),
    ),
    (  # tier columns and an item column: the last tier column names the rows
        "施策\t担当課\n防災力の強化\t危機管理課",
        ("items", {0: "name", 1: "department"}, {}, 1),
    ),
    (  # crosswalks: the plan in force and the plan replacing it, in words or by edition
        "現計画\t見直し内容\t改定計画\t所管課\n1 支援\t継続\t1 推進\t",
        ("crosswalk", {0: "old", 1: "note", 2: "new", 3: "department"}, {}, 1),
    ),
    (  # beside 現行計画, the column naming an edition is the new plan
        "現行計画\t第2期計画(案)\t作業経過等\n①-1 支援\t①-1 推進\t",
        ("crosswalk", {0: "old", 1: "new", 2: "note"}, {}, 1),
    ),
    (  # two editions and no plan words: the older is the old plan
        "第２次計画\t第１次計画\t担当課\n(1) 推進\t(1) 支援\t市民課",
        ("crosswalk", {0: "new", 1: "old", 2: "department"}, {}, 1),
    ),
    (  # one edition alone is no crosswalk
        "第2期計画\t担当課\n(1) 支援\t市民課",
        ("unknown", {1: "department"}, {}, 1),
    ),
    (  # unknown tables
        "地区\t人口\t世帯数\n北地区\t1,200\t500\n南地区\t980\t410",
        ("unknown", {}, {}, 1),
    ),
    (
        "区分\t人数\n男性\t120\n女性\t135",
        ("unknown", {0: "novelty"}, {}, 1),
    ),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_recognize(text, expected):
    shape = recognize(table(text), VOCAB, None)
    assert (shape.kind, shape.roles, shape.years, shape.header_rows) == expected
    assert shape.reason


def test_reasons_name_the_header_words():
    shape = recognize(table("事業名\t担当課\n防災訓練\t危機管理課"), VOCAB, None)
    assert shape.reason == "item table: 事業名→name, 担当課→department"
    shape = recognize(table("取組\tR7\tR8\tR9\n防災訓練\t●\t●\t●"), VOCAB, None)
    assert shape.reason == "year strip 2025–2027; 取組→name"
    shape = recognize(table("基本目標\t施策\n安心\t防災"), VOCAB, None)
    assert shape.reason == "tree table of 基本目標/施策"


def _cells(*texts: str) -> Row:
    return Row([Cell(t, [t]) for t in texts])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([_cells("単独"), _cells("値")], ("unknown", "fewer than two columns")),
        ([_cells("地区", "人口")], ("unknown", "one row, no labels")),
        (
            [_cells("事業名", "防災訓練"), _cells("担当課", "危機管理課")],
            ("sheet", "key–value sheet (name, department)"),
        ),
    ],
)
def test_small_blocks(rows, expected):
    shape = recognize(Block("table", rows=rows), VOCAB, None)
    assert (shape.kind, shape.reason) == expected


STRIP_OR_FIGURES = [
    ("事業名\tR7\tR8\tR9\n防災訓練\t●\t●\t●", ("strip", "year strip 2025–2027; 事業名→name"), []),
    (
        "項目\tR5\tR6\tR7\n参加者数\t120\t135\t150\n訓練回数\t3\t4\t5",
        None,
        [
            "a table no recognizer reads (a table of yearly figures, not a schedule); header: 項目 | R5 | R6 | R7"
        ],
    ),
    (
        "事業名\tR5\tR6\tR7\n参加者数\t120\t135\t150\n訓練回数\t3\t4\t5",
        None,
        [
            "a table no recognizer reads (a table of yearly figures, not a schedule); header: 事業名 | R5 | R6 | R7"
        ],
    ),
]


@pytest.mark.parametrize(("text", "claim", "warnings"), STRIP_OR_FIGURES)
def test_yearly_numbers_are_no_strip(text, claim, warnings):
    """recognize() sees years in the header; the Reader reads a table of figures as no schedule."""
    lines = ["基本目標1 安心のまち", "施策1-1 防災力の強化", *text.split("\n")]
    _, ext, reading = segment_text(lines, "t")
    table_claims = [(c.recognizer, c.reason) for c in reading.claims if c.index == 2]
    assert table_claims == ([claim] if claim else [])
    assert [p.message for p in ext.problems] == warnings
    assert bool(ext.get("schedules")) == bool(claim)


# indicator table → (name, unit, values) per row: a `指標` header over a column of row numbers
# names the unheaded column after it; a named first column stays the name
INDICATOR_NAMES = [
    (
        "指標\t\t単位\t現状（令和4年度）\t目標（令和10年度）\n1\t相談件数\t件\t7,033\t10,000\n2\t登録者数\t人\t41\t61",
        [("相談件数", "件", [7033.0, 10000.0]), ("登録者数", "人", [41.0, 61.0])],
    ),
    (
        "成果指標\t\t現状値\t目標値\n1\t参加率（%）\t40\t60",
        [("参加率", "%", [40.0, 60.0])],
    ),
    (
        "指標名\t単位\t基準値\t目標値\n自治会加入率\t%\t70\t75",
        [("自治会加入率", "%", [70.0, 75.0])],
    ),
]


@pytest.mark.parametrize(("text", "expected"), INDICATOR_NAMES)
def test_indicator_name_column(text, expected):
    from pipeline.segment.table_values import parse_indicators

    block = table(text)
    shape = recognize(block, VOCAB, "令和")
    assert shape.kind == "indicators"
    rows = parse_indicators(block, shape, "令和")
    assert [(r.name, r.unit, [v.quantity.value for v in r.values]) for r in rows] == expected
