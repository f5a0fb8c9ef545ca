"""Evaluation sheets and rows in other cities' wording: key–value cards, evaluation tables, headings
printed together over a table, and the small rules they rest on (exact records, table-driven)."""

from __future__ import annotations

import pytest

from pipeline.model.ir import Block, Cell, Document, Row
from pipeline.read.text import parse_lines
from pipeline.segment.elements import inline
from pipeline.segment.evaluation_rows import reasons, split_actors
from pipeline.segment.heading_runs import run_choices
from pipeline.segment.period import plan_name, report_year
from pipeline.segment.tables import aligned
from pipeline.segment.tables import recognize as recognize_table
from pipeline.segment.vocabulary import load_vocabulary
from tests.conftest import segmented

VOCAB = load_vocabulary()


def read(text: str) -> dict:
    """The records of a small document, in a form a test can state exactly."""
    ext, title = segmented(text)
    return {
        "plans": [p.title for p in ext.get("plans")],
        "measures": [(m.tier, m.kind, m.code, m.title, title(m.parent_id)) for m in ext.get("measures")],
        "departments": [(title(d.measure_id), d.department) for d in ext.get("measure_departments")],
        "actors": [(title(a.measure_id), a.actor, a.role) for a in ext.get("measure_actors")],
        "evaluations": [
            (title(e.measure_id), e.fiscal_year, e.grade, e.status, e.summary, e.problems)
            for e in ext.get("evaluations")
        ],
        "indicators": [
            (title(i.measure_id), i.name, i.unit, i.baseline_fy, i.target_fy, i.actual_text, i.actual_fy)
            for i in ext.get("indicators")
        ],
        "warnings": [p.message for p in ext.problems],
    }


DOCUMENTS = [
    pytest.param(
        """
令和6年度 施策評価シート
基本目標2 健やかなまち
取組名\t健康教室の開催
所管課\t健康推進課
取組の内容\t市内各地区で健康教室を開いた。
連携先\t保健推進員、医師会
達成状況\t概ね達成
成果\t参加者の運動習慣が定着した。
今後の課題\t若い世代の参加が少ない。
成果指標\t教室参加者数
策定時（R4)\t200人
目標値（R9)\t400人
実績値（R6)\t310人
""",
        {
            "plans": ["令和6年度施策評価シート"],
            "measures": [
                ("goal", "基本目標", "2", "健やかなまち", None),
                ("action", "取組", None, "健康教室の開催", "健やかなまち"),
            ],
            "departments": [("健康教室の開催", "健康推進課")],
            "actors": [("健康教室の開催", "保健推進員", "partner"), ("健康教室の開催", "医師会", "partner")],
            "evaluations": [
                (
                    "健康教室の開催",
                    2024,
                    "B",
                    "概ね達成",
                    "参加者の運動習慣が定着した。",
                    "若い世代の参加が少ない。",
                )
            ],
            "indicators": [("健康教室の開催", "教室参加者数", "人", 2022, 2027, "310人", 2024)],
            "warnings": [],
        },
        id="a key–value sheet: 取組名 / 所管課 / 取組の内容, 達成状況 概ね達成, 策定時 | 目標値 | 実績値",
    ),
    pytest.param(
        """
市民協働推進計画 令和6年度実施状況
◎：計画以上　○：計画どおり　△：遅れ
(1)地域の支え合い
評価\t取組名\t連携先\t所管課\t成果、課題\t指標\t現状値\t目標値\t基準値
○\t見守り訪問\t民生委員、自治会\t福祉課\t成果<br>訪問数が増えた。<br>課題<br>担い手が不足している。\t訪問世帯数\t120世帯\t150世帯\t80世帯
◎\t買い物支援\t③⑤\t商工課\t店舗の協力が広がった。\t協力店舗数\t12店\t10店\t5店
""",
        {
            "plans": ["市民協働推進計画令和6年度実施状況"],
            "measures": [
                ("goal", "goal", "1", "地域の支え合い", None),
                ("action", "取組", None, "見守り訪問", "地域の支え合い"),
                ("action", "取組", None, "買い物支援", "地域の支え合い"),
            ],
            "departments": [("見守り訪問", "福祉課"), ("買い物支援", "商工課")],
            "actors": [
                ("見守り訪問", "民生委員", "partner"),
                ("見守り訪問", "自治会", "partner"),
                ("買い物支援", "③", "partner"),
                ("買い物支援", "⑤", "partner"),
            ],
            "evaluations": [
                ("見守り訪問", 2024, "B", "○", "訪問数が増えた。", "担い手が不足している。"),
                ("買い物支援", 2024, "A", "◎", "店舗の協力が広がった。", None),
            ],
            "indicators": [
                ("見守り訪問", "訪問世帯数", "世帯", None, None, "120世帯", None),  # no years printed
                ("買い物支援", "協力店舗数", "店", None, None, "12店", None),
            ],
            "warnings": [],
        },
        id="an evaluation table: ◎○ under a legend, names and circled codes as partners, 現状値 beside 基準値",
    ),
    pytest.param(
        """
基本目標1 安心のまち
施策1-1 防災
施策1-2 防犯
事業名\t担当課\t評価
防災訓練\t危機管理課\t達成
防犯灯の設置\t生活安全課\t未達成
見守りパトロール\t生活安全課\t達成
""",
        {
            "plans": ["doc"],
            "measures": [
                ("goal", "基本目標", "1", "安心のまち", None),
                ("measure", "施策", "1-1", "防災", "安心のまち"),
                ("action", "事業", None, "防災訓練", "防災"),
                ("action", "事業", None, "防犯灯の設置", "安心のまち"),
                ("measure", "施策", "1-2", "防犯", "安心のまち"),
                ("action", "事業", None, "見守りパトロール", "防犯"),
            ],
            "departments": [
                ("防災訓練", "危機管理課"),
                ("防犯灯の設置", "生活安全課"),
                ("見守りパトロール", "生活安全課"),
            ],
            "actors": [],
            "evaluations": [],  # no year printed anywhere
            "indicators": [],
            "warnings": [
                "the headings printed together above this table (施策1-1 施策1-2) do not show which of them these "
                "rows belong to, so they stay under 安心のまち: 防犯灯の設置"
            ],
        },
        id="two headings printed together over one table: the rows each can only be, the rest under their parent",
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS)
def test_document(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    ("k", "n", "expected"),
    [
        (1, 3, [0, 0, 0]),
        (2, 6, [0, None, None, None, None, 1]),
        (2, 3, [0, None, 1]),
        (2, 2, [0, 1]),
        (3, 3, [0, 1, 2]),
        (3, 4, [0, None, None, 2]),
        (3, 2, [None, None]),  # more headings than rows: nothing is certain
        (0, 2, [None, None]),
    ],
)
def test_run_choices(k, n, expected):
    assert run_choices(k, n) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("①②③④⑤⑥⑦", ["①", "②", "③", "④", "⑤", "⑥", "⑦"]),
        ("自治会、NPO法人", ["自治会", "NPO法人"]),
        ("社会福祉協議会\n民生委員", ["社会福祉協議会", "民生委員"]),
        ("①③、商工会", ["①", "③", "商工会"]),
        ("", []),
    ],
)
def test_split_actors(text, expected):
    assert split_actors(text, "partner") == [(a, "partner") for a in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("効果\n訪問が増えた。", (["訪問が増えた。"], [])),
        ("効果：参加者が増えた。\n問題点：若年層が少ない。", (["参加者が増えた。"], ["若年層が少ない。"])),
        ("成果\n店舗が増えた。\n今後の課題\n担い手の確保", (["店舗が増えた。"], ["担い手の確保"])),
        ("課題\n周知が足りない。", ([], ["周知が足りない。"])),
        ("課題解決に向けて協議した。", (["課題解決に向けて協議した。"], [])),  # a word, not a label
    ],
)
def test_reasons(text, expected):
    assert reasons(text, VOCAB) == expected


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("協働のまちづくり行動計画 令和5年度実施状況（プロセス３）", 2023),
        ("令和6年度実施状況", 2024),
        ("第2次健康増進計画 R6年度 進捗状況", 2024),
        ("子ども・子育て支援プラン 2024年度評価結果", 2024),
        ("水戸市協働推進基本計画(第3次)", None),
        ("令和6年度 施策評価シート", None),  # no report word right after the year
        ("令和5年度は、実施状況を確認した。", None),  # a sentence, not a heading
    ],
)
def test_report_year(line, year):
    doc = Document("t.txt", "text", [Block("text", line, line=1)])
    assert report_year(doc, VOCAB) == year


@pytest.mark.parametrize(
    ("title", "plan"),
    [
        ("協働のまちづくり行動計画 令和5年度実施状況（プロセス３）", "協働のまちづくり行動計画"),
        ("第2次健康増進計画 R6年度 進捗状況", "第2次健康増進計画"),
        ("子ども・子育て支援プラン 2024年度評価結果", "子ども・子育て支援プラン"),
        ("水戸市協働推進基本計画(第3次)", "水戸市協働推進基本計画(第3次)"),
        ("令和6年度 施策評価シート", "令和6年度 施策評価シート"),  # names no plan before the year
    ],
)
def test_plan_a_progress_report_names(title, plan):
    assert plan_name(title, VOCAB) == plan


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("夢を描く（集う） 【行動計画Ｐ．８～１０】", "夢を描く(集う)"),
        ("地域づくり（p.12）", "地域づくり"),
        ("子育て支援 [P 5-6]", "子育て支援"),
        ("P1グランプリの開催", "P1グランプリの開催"),
    ],
)
def test_page_reference_is_no_part_of_a_title(text, title):
    assert inline(text, VOCAB).title == title


def test_a_row_that_lost_a_cell_is_aligned_by_its_boxes():
    def cell(text, x):
        return Cell(text, [text], (x, 0.0, x + 50.0, 10.0))

    header = Row([cell("事業名", 0), cell("取組内容", 60), cell("評価", 120)])
    short = Row([cell("見守り", 0), cell("B", 125)])
    table = aligned(Block("table", rows=[header, short]), 1)
    assert [c.raw for c in table.rows[1].cells] == ["見守り", "", "B"]


def _table(text: str) -> Block:
    (block,) = [b for b in parse_lines(text.split("\n")) if b.kind == "table"]
    return block


@pytest.mark.parametrize(
    ("text", "kind", "roles"),
    [
        (
            "事業名\t担当課\t評価\t指標\t基準値\t目標値\t現状値\n広報\t広報課\tB\t発行回数\t10回\t12回\t11回",
            "items",  # an evaluation table: rows with a grade print their indicator too; 現状値 beside 基準値
            {0: "name", 1: "department", 2: "grade", 3: "indicator", 4: "baseline", 5: "target", 6: "actual"},
        ),
        (
            "施策名\t指標\t現状値\t目標値\n防災\t訓練回数\t3回\t5回",
            "indicators",  # no grade, no department: an indicator table by measure, 現状値 its baseline
            {0: "group", 1: "indicator", 2: "baseline", 3: "target"},
        ),
        (
            "項目\t事業名\t所管課\n（１）人材の育成\t講座\t生涯学習課\n\t養成\t市民課",
            "items",  # numbered headings over merged cells before the name column group the rows
            {0: "group", 1: "name", 2: "department"},
        ),
        (
            "取組の内容\t取組名\t所管課\t達成度\n講座を開く\t市民講座\t生涯学習課\t達成",
            "items",
            {0: "content", 1: "name", 2: "department", 3: "grade"},
        ),
        (
            "担当部署名\t発達支援課\t事務事業名\t発達支援システム推進事業",
            "sheet",  # label–value pairs in one row: a form, not a header
            {0: "label"},
        ),
    ],
)
def test_evaluation_table_shapes(text, kind, roles):
    shape = recognize_table(_table(text), VOCAB, None)
    assert (shape.kind, shape.roles) == (kind, roles)
