"""Numbered cards, yearly plans, strips beside item tables, goal rows: the shapes of a plan printed
as an overview table, a year strip and a card per action (`pipeline.segment.sheets`, `strips`)."""

from __future__ import annotations

import pytest

from pipeline.model.ir import Bar, Block, Cell, Document, Row
from pipeline.read.text import parse_lines
from pipeline.segment.sheets import activities, card_head, legend_cell, own_header, read_cards, references
from pipeline.segment.strips import row_phases
from pipeline.segment.vocabulary import load_vocabulary
from tests.conftest import segmented

VOCAB = load_vocabulary()


def row(*cells: str) -> Row:
    return Row([Cell(c, c.split("\n") if c else []) for c in cells], line=1)


def table(text: str) -> Block:
    (block,) = parse_lines(text.strip("\n").split("\n"))
    assert block.kind == "table"
    return block


# ---------------------------------------------------------------- card heads


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ("推進事項 No. 1", "", "【重点】人材の発掘"),
            ("推進事項", "1", "推進事項 No. 1", "【重点】人材の発掘"),
        ),
        (("推進事項　Ｎｏ．１２", "研修会の開催"), ("推進事項", "12", "推進事項 No.12", "研修会の開催")),
        (("事業 3", "防災訓練の実施"), ("事業", "3", "事業 3", "防災訓練の実施")),  # another city's word
        (
            ("取組№2 見守り活動の推進",),
            ("取組", "2", "取組No2", "見守り活動の推進"),
        ),  # the title in the same cell
        (("事業番号 7", "広報紙の発行"), None),  # 事業番号 is a label, not a tier word
        (("担当課", "危機管理課"), None),
        (("事業名", "防災訓練"), None),  # a label without a number
        (("推進事項 No.4", "担当部課"), None),  # a label where the title would be
        (("1", "防災訓練"), None),
    ],
)
def test_card_head(cells, expected):
    assert card_head(row(*cells), VOCAB) == expected


# ---------------------------------------------------------------- cards

HITACHI_LIKE = """
推進事項 No. 1\t\t【重点】人材の発掘\t
担当部課\t\t生活環境部 コミュニティ推進課\t
課題\t\t担い手が足りない。\t
推進内容\t具体の行動\t人材バンクを作る（No.3）。\t
\t年度別行動計画\t令和4年度\t◆検討委員会の設置
\t\t令和5年度 ～ 令和8年度\t◆制度の運用
推進事項 No.2\t\t研修会の開催\t
担当部課\t\t市民部 市民協働課\t
課題\t\t知識が足りない。\t
\t\t研修の機会も少ない。\t
推進内容\t具体の行動\t研修会を開く。\t
"""

OTHER_CITY = """
事業 3\t防災訓練の実施\t
所管課\t危機管理課\t
取組の内容\t地域ごとに訓練を行う。\t
スケジュール\tR7\t・計画づくり
\tR8～R10\t・実施
事業 4\t見守り活動\t
主管課\t福祉課\t
現状と課題\t独居の高齢者が増えている。\t
実施期間\t2025年度～2027年度\t
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HITACHI_LIKE,
            [
                (
                    "推進事項",
                    "1",
                    {
                        "name": "【重点】人材の発掘",
                        "department": "生活環境部コミュニティ推進課",
                        "issue": "担い手が足りない。",
                        "content": "人材バンクを作る(No.3)。",
                    },
                    [(2022, 2022, ["◆検討委員会の設置"]), (2023, 2026, ["◆制度の運用"])],
                ),
                (
                    "推進事項",
                    "2",
                    {
                        "name": "研修会の開催",
                        "department": "市民部市民協働課",
                        "issue": "知識が足りない。研修の機会も少ない。",  # a row without label continues
                        "content": "研修会を開く。",
                    },
                    [],
                ),
            ],
        ),
        (
            OTHER_CITY,
            [
                (
                    "事業",
                    "3",
                    {
                        "name": "防災訓練の実施",
                        "department": "危機管理課",
                        "content": "地域ごとに訓練を行う。",
                    },
                    [(2025, 2025, ["・計画づくり"]), (2026, 2028, ["・実施"])],  # スケジュール | year | text
                ),
                (
                    "事業",
                    "4",
                    {
                        "name": "見守り活動",
                        "department": "福祉課",
                        "issue": "独居の高齢者が増えている。",
                        "period": "2025年度~2027年度",  # one year range: the period, no yearly plan
                    },
                    [],
                ),
            ],
        ),
    ],
    ids=["推進事項 No. N", "事業 N"],
)
def test_read_cards(text, expected):
    cards = read_cards(table(text).rows, VOCAB, "令和")
    assert [
        (c.word, c.code, {k: c.text(k) for k in c.fields}, [(y.fy_start, y.fy_end, y.lines) for y in c.years])
        for c in cards
    ] == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["◆設置", "・委員の選任", "・会議の開催", "◆報告"],
            [["◆設置", "・委員の選任", "・会議の開催"], ["◆報告"]],
        ),
        (["・計画づくり", "・実施"], [["・計画づくり"], ["・実施"]]),  # the first line's bullet starts items
        (
            ["◆配布方式の選択", "①単会方式", "②併用方式", "◆検討"],
            [["◆配布方式の選択", "①単会方式", "②併用方式"], ["◆検討"]],
        ),
        (["人材バンクの運用"], [["人材バンクの運用"]]),  # no bullet: the text itself
        (["■運用", "※ 令和5年度から", "■見直し"], [["■運用", "※ 令和5年度から"], ["■見直し"]]),
    ],
)
def test_activities(lines, expected):
    assert activities(lines, VOCAB) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("まちづくりコーディネーター（No.18）による支援", [("18", "No.18")]),
        ("改訂（No.13）及び作成（No.14）", [("13", "No.13"), ("14", "No.14")]),
        ("事例集（№3）を活用", [("3", "No3")]),  # labels in normal form
        ("（番号12、No.5 参照）", [("12", "番号12"), ("5", "No.5")]),
        ("No.5 を参照", []),  # outside parentheses: prose
        ("（令和5年度）", []),
    ],
)
def test_references(text, expected):
    assert references(text, VOCAB) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("◎ 特に関連が強いもの ○ 関連があるもの", True),
        ("● 主担当", True),
        ("◎", False),
        ("○", False),
        ("関連あり", False),
    ],
)
def test_legend_cell(text, expected):
    assert legend_cell(text, VOCAB) is expected


def test_own_header_is_the_lowest_header_cell():
    rows = [
        row("推進事項", "提言との関連性", "", "担当課"),
        row("", "提言Ⅰ 組織づくり", "提言Ⅱ 活躍の場", ""),
    ]
    assert [own_header(rows, 2, c) for c in range(4)] == [
        "推進事項",
        "提言I 組織づくり",
        "提言II 活躍の場",
        "担当課",
    ]


# ---------------------------------------------------------------- strip rows


@pytest.mark.parametrize(
    ("cells", "bars", "expected"),
    [
        (("", "", "実施", "", ""), [Bar(0, 0, 4, "実施")], [(2022, 2026, "実施")]),
        (
            ("準備", "", "実施", "", ""),
            [Bar(0, 0, 1, ""), Bar(0, 2, 4, "")],
            [(2022, 2023, "準備"), (2024, 2026, "実施")],
        ),
        (("", "", "", "", ""), [Bar(0, 1, 3, "")], [(2023, 2025, None)]),  # a bar without a word
        (("", "", "", "", ""), [Bar(0, 6, 7, "")], []),  # drawn beyond the year columns
        (
            ("検討", "→", "実施", "→", "→"),
            [],
            [(2022, 2023, "検討"), (2024, 2026, "実施")],
        ),  # no bar: the cells
        (("●", "●", "", "●", ""), [], [(2022, 2023, None), (2025, 2025, None)]),  # a mark per year
    ],
)
def test_row_phases(cells, bars, expected):
    block = Block("table", rows=[row(*cells)], bars=bars)
    years = {c: 2022 + c for c in range(5)}
    assert [p[:3] for p in row_phases(block, 0, years, VOCAB)] == expected


# ---------------------------------------------------------------- whole documents


def read(text: str) -> dict:
    ext, title = segmented(text)
    return {
        "measures": [
            (m.tier, m.code, m.title, title(m.parent_id), m.description) for m in ext.get("measures")
        ],
        "schedules": [
            (title(s.measure_id), s.fy_start, s.fy_end, s.phase, s.activity) for s in ext.get("schedules")
        ],
        "links": [
            (title(x.src_id), x.dst_label, x.strength, title(x.dst_id)) for x in ext.get("measure_links")
        ],
        "departments": [
            (title(d.measure_id), d.bureau, d.department) for d in ext.get("measure_departments")
        ],
        "issues": {m.title: m.issue for m in ext.get("measures") if m.issue},
        "warnings": [p.message for p in ext.problems],
    }


OVERVIEW = """
○○市地域活動推進計画
第1章 計画の考え方
1 計画の視点
基本目標 1 担い手を育てる
地域活動の担い手を育てます。
基本目標 2 つながりを広げる
第2章 推進事項
推進事項\t関連\t\t担当課
\t提言Ⅰ 組織\t提言Ⅱ 活動\t
1 担い手を育てる\t◎ 特に関連が強いもの ○ 関連があるもの\t\t
1 人材バンクの設置\t◎\t○\t市民協働課
2 研修会の開催\t\t◎\t生涯学習課
2 つながりを広げる\t\t\t
3 交流会の開催\t○\t\t市民協働課

{strip}
"""


@pytest.mark.parametrize(
    ("strip", "phases"),
    [
        (  # the phases centred in the text export of a drawn strip: as printed, a year each
            "令和6年度\t令和7年度\t令和8年度\n準備\t実施\t\n\t実施\t\n実施\t\t",
            [
                ("人材バンクの設置", 2024, 2024, "準備"),
                ("人材バンクの設置", 2025, 2025, "実施"),
                ("研修会の開催", 2025, 2025, "実施"),
                ("交流会の開催", 2024, 2024, "実施"),
            ],
        ),
        (  # R7 R8 R9 and arrows carrying the word before them
            "R7\tR8\tR9\n検討\t→\t実施\n実施\t→\t→\n\t検討\t→",
            [
                ("人材バンクの設置", 2025, 2026, "検討"),
                ("人材バンクの設置", 2027, 2027, "実施"),
                ("研修会の開催", 2025, 2027, "実施"),
                ("交流会の開催", 2026, 2027, "検討"),
            ],
        ),
        (  # 2025年度 … and a mark per year
            "2025年度\t2026年度\t2027年度\n●\t●\t\n\t●\t●\n●\t●\t●",
            [
                ("人材バンクの設置", 2025, 2026, None),
                ("研修会の開催", 2026, 2027, None),
                ("交流会の開催", 2025, 2027, None),
            ],
        ),
    ],
    ids=["令和N年度 words", "RN arrows", "YYYY年度 marks"],
)
def test_overview_rows_goals_and_the_strip_beside_them(strip, phases):
    got = read(OVERVIEW.format(strip=strip))
    assert got["measures"] == [
        ("goal", "1", "担い手を育てる", None, "地域活動の担い手を育てます。"),  # the section above is dropped
        ("action", "1", "人材バンクの設置", "担い手を育てる", None),
        ("action", "2", "研修会の開催", "担い手を育てる", None),
        ("goal", "2", "つながりを広げる", None, None),
        ("action", "3", "交流会の開催", "つながりを広げる", None),
    ]
    assert got["links"] == [
        ("人材バンクの設置", "提言I 組織", "strong", None),  # the legend in the goal row is no mark
        ("人材バンクの設置", "提言II 活動", "weak", None),
        ("研修会の開催", "提言II 活動", "strong", None),
        ("交流会の開催", "提言I 組織", "weak", None),
    ]
    assert [s[:4] for s in got["schedules"]] == phases


def test_a_strip_with_other_row_counts_is_not_assigned():
    got = read(OVERVIEW.format(strip="R7\tR8\n実施\t→\n実施\t→"))
    assert got["schedules"] == []
    assert got["warnings"] == [
        "year strip has 2 rows but the overview before it lists 3 actions; its bars are not assigned"
    ]


def test_the_plan_period_strip_schedules_no_action():
    got = read("""
○○市協働推進計画
第1章 総論
1 計画の期間
【計画の推進期間】
年度\t令和6年度\t令和7年度\t令和8年度
取組推進\t前期 →\t\t後期 →
評価・改善\t→\t→\t→
第2章 取組
事業名\t担当課
防災訓練\t危機管理課
""")
    assert [m[2] for m in got["measures"]] == ["防災訓練"]
    assert got["schedules"] == []


CARDS = """
○○市協働推進計画
基本目標 1 担い手を育てる
推進事項\t担当課
1 担い手を育てる\t
1 【重点】人材バンクの設置\t市民協働課
2 研修会の開催\t市民協働課、生涯学習課
1 推進事項の内容
推進事項 No. 1\t\t【重点】人材バンクの設置\t
担当部課\t\t市民部 市民協働課\t
課題\t\t担い手が不足している。\t
推進内容\t具体の行動\t人材バンクを設置する（No.2）。\t
\t年度別行動計画\t令和6年度～令和7年度\t◆制度設計 ・登録方法の検討
\t\t令和8年度\t◆運用 ◆見直し
事業 No.9\t\t新しい取組\t
担当部課\t\t市民部 市民協働課\t
課題\t\t未定である。\t
"""


def test_a_card_completes_the_overview_row_of_its_action():
    got = read(CARDS)
    assert got["measures"] == [
        ("goal", "1", "担い手を育てる", None, None),
        ("action", "1", "人材バンクの設置", "担い手を育てる", "人材バンクを設置する(No.2)。"),
        ("action", "2", "研修会の開催", "担い手を育てる", None),
        ("measure", "1", "推進事項の内容", "担い手を育てる", None),
        ("action", "9", "新しい取組", "推進事項の内容", None),  # a card no row lists: under the open heading
    ]
    assert got["departments"] == [
        ("人材バンクの設置", "市民部", "市民協働課"),  # the card's, with its bureau
        ("研修会の開催", None, "市民協働課"),
        ("研修会の開催", None, "生涯学習課"),
        ("新しい取組", "市民部", "市民協働課"),
    ]
    assert got["issues"] == {"人材バンクの設置": "担い手が不足している。", "新しい取組": "未定である。"}
    assert got["schedules"] == [
        ("人材バンクの設置", 2024, 2025, None, "制度設計・登録方法の検討"),
        ("人材バンクの設置", 2026, 2026, None, "運用"),
        ("人材バンクの設置", 2026, 2026, None, "見直し"),
    ]
    assert got["links"] == [("人材バンクの設置", "No.2", None, "研修会の開催")]


def test_a_strip_naming_no_row_after_no_item_table_is_not_read():
    got = read("""
○○市協働推進計画
1 取組
事業名\t担当課
防災訓練\t危機管理課
見守り\t福祉課
2 工程
R7\tR8
実施\t→
""")
    assert got["schedules"] == []
    assert got["warnings"][0].startswith("a table no recognizer reads (a year strip that names no row")


@pytest.mark.parametrize(
    ("cells", "bars", "problems"),
    [
        (("準備", "", "実施", "", ""), [Bar(0, 2, 4, "")], ["label 準備 in 2022 lies under no bar"]),
        (
            ("", "検討", "実施", "", ""),
            [Bar(0, 0, 4, "")],
            ["the bar over 2022–2026 has no single label (検討、実施); its phase is left empty"],
        ),
        (("", "", "", "", ""), [Bar(0, 6, 7, "")], ["a bar drawn outside the year columns; not read"]),
        (("", "", "実施", "", ""), [Bar(0, 0, 4, "")], []),
    ],
)
def test_row_phases_problems(cells, bars, problems):
    found: list[str] = []
    row_phases(
        Block("table", rows=[row(*cells)], bars=bars), 0, {c: 2022 + c for c in range(5)}, VOCAB, found
    )
    assert found == problems


@pytest.mark.parametrize(
    ("heading", "schedules"),
    [
        ("【計画期間】", []),  # the plan's own period: its strip schedules no action
        ("2 計画の推進期間", []),
        ("2 計画期間中の取組", [("防災訓練", 2025, 2026, "実施", None)]),  # a section about the actions
    ],
)
def test_a_strip_in_the_plan_period_section(heading, schedules):
    got = read(f"""
○○市協働推進計画
1 取組
{heading}
事業名\tR7\tR8
防災訓練\t実施\t→
""")
    assert got["schedules"] == schedules


@pytest.mark.parametrize(
    ("lines", "title", "line"),
    [
        (["", "南北市地域活動推進計画", "～副題～"], "南北市地域活動推進計画", 2),
        (
            ["東西町まちづくり", "協働推進計画（第2次）"],
            "東西町まちづくり協働推進計画(第2次)",
            1,
        ),  # wrapped: its first line
        (["はじめに", "本計画は…"], "南北市地域活動推進計画", None),  # not printed: no provenance
    ],
)
def test_title_block(lines, title, line):
    from pipeline.segment.period import title_block

    found = title_block(Document("t.txt", "text", parse_lines(lines)), title)
    assert (found.line if found else None) == line
