"""Several plans in one document, headings printed twice, reposts, and tables that hold no records:
table-driven, in the wording of several cities (`pipeline.segment.plans`, `headings`, `reposts`,
`skipped`)."""

from __future__ import annotations

import pytest

from pipeline.model.ir import Block, Cell, Row
from pipeline.segment.elements import classify
from pipeline.segment.headings import add_paragraph, is_paragraph, title_key
from pipeline.segment.plans import named_plan
from pipeline.segment.skipped import is_figures
from pipeline.segment.vocabulary import load_vocabulary
from tests.conftest import segment_text, segmented

VOCAB = load_vocabulary()


@pytest.mark.parametrize(
    ("heading", "main", "expected"),
    [
        (
            "水戸市協働推進基本計画(第2次)の取組",
            "水戸市協働推進基本計画(第3次)(素案)",
            ("水戸市協働推進基本計画(第2次)", 2),
        ),
        (
            "第1期さくら市まちづくりプランの検証",
            "第2期さくら市まちづくりプラン",
            ("第1期さくら市まちづくりプラン", 1),
        ),
        # only the plan noun: the document's own plan, another edition (its printed style kept)
        ("第２次計画の評価", "第3次みどり町男女共同参画計画", ("第2次みどり町男女共同参画計画", 2)),
        (
            "第2次計画の評価",
            "みどり町男女共同参画計画（第３次）（案）",
            ("みどり町男女共同参画計画(第2次)", 2),
        ),
        (
            "第1次協働推進計画の検証",
            "協働推進計画",
            ("第1次協働推進計画", 1),
        ),  # the new one prints no edition
        ("第3次みどり町男女共同参画計画の取組", "第3次みどり町男女共同参画計画", None),  # its own edition
        ("第4次協働推進計画に向けて", "第3次協働推進計画", None),  # a later one: not reviewed here
        ("第2次総合計画との関係", "第3次協働推進計画", None),  # another plan
        ("前計画の評価", "第3次協働推進計画", None),  # no edition printed
        ("計画策定の趣旨", "第3次協働推進計画", None),
    ],
)
def test_named_plan(heading, main, expected):
    assert named_plan(heading, main, VOCAB) == expected


def read(text: str) -> dict:
    ext, _ = segmented(text)
    ids = {m.measure_id: m for m in ext.get("measures")}

    def short(mid):
        return mid.split("@doc")[1] if mid else None

    return {
        "plans": [(p.title, p.edition, p.fy_start, p.status, p.line) for p in ext.get("plans")],
        "measures": [
            (
                m.plan_id.split("@")[0],
                short(m.measure_id),
                m.tier,
                m.kind,
                m.title,
                m.seq,
                m.line,
                m.description,
            )
            for m in ext.get("measures")
        ],
        "evaluations": [
            (short(e.measure_id), e.fiscal_year, e.grade, e.status) for e in ext.get("evaluations")
        ],
        "links": [
            (short(x.src_id), short(x.dst_id), x.dst_label, x.note)
            for x in ext.get("measure_links")
            if x.link_type == "repost_of"
        ],
        "indicators": [(short(i.measure_id), i.name, i.note, i.seq) for i in ext.get("indicators")],
        "warnings": [p.message for p in ext.problems],
        "titles": {short(k): m.title for k, m in ids.items()},
    }


REVIEW_WITH_LEGEND = """
第2期みどり町地域福祉プラン
計画期間 令和7年度～令和11年度
Ⅱ 第1期みどり町地域福祉プランの検証
評価の区分
A：計画どおり実施　B：一部実施　C：未実施
施策1 見守り
取組名\t実施状況
見守り訓練の実施\tA
配食サービス\tC
施策2 交流
取組名\t実施状況
交流サロンの運営\tB
Ⅲ 計画の内容
施策1 見守りの充実
地域で見守る体制をつくります。
取組名\t内容
見守り訓練の実施\t訓練を行います。
"""

REVIEW_THEN_RESTART = """
さくら市市民協働推進計画（第３次）
計画期間 令和6年度から令和10年度まで
1 第２次計画の振り返り
基本目標１ 参加のまちづくり
主要事業\t進捗状況
広報の充実\t実施
講座の開催\t一部実施
基本目標１ 参加と協働のまちづくり
本市は市民参加を進めます。
施策１－１ 情報の共有
【主な事業】
事業名\t事業内容
広報の充実\t広報紙で活動を紹介します。
講座の開催\t講座を開きます。
\t続きの説明です。
施策１－２ 人づくり
事業名\t事業内容
講座の開催（再掲）\t講座を開きます。
続きの説明は本文にあります。
基本目標１ 参加と協働の まちづくり
指標\t現状値\t目標値
講座の参加者数\t120人^{※1}\t200人
※1 令和5年度の実績
"""

PROSE_ABOUT_THE_OLD_PLAN = """
第3次協働推進計画
1 第2次計画の主な成果
地域の活動が広がりました。
2 施策の展開
(1) 交流
事業名\t内容
交流会の開催\t交流します。
"""

GOAL_NAMING_THE_OLD_PLAN = """
第3次協働推進計画
基本目標1 第2次計画の成果を生かすまちづくり
施策1-1 交流
事業名\t内容
交流会の開催\t交流します。
"""

DOCUMENTS = [
    pytest.param(
        REVIEW_WITH_LEGEND,
        {
            "plans": [
                ("第2期みどり町地域福祉プラン", 2, 2025, None, 1),
                ("第1期みどり町地域福祉プラン", 1, None, "final", 3),  # in force until the new one
            ],
            "measures": [
                ("00000-plan-2", "/3", "goal", "goal", "計画の内容", 1, 13, None),
                (
                    "00000-plan-2",
                    "/3/1",
                    "measure",
                    "施策",
                    "見守りの充実",
                    2,
                    14,
                    "地域で見守る体制をつくります。",
                ),
                ("00000-plan-2", "/3/1/n1", "action", "取組", "見守り訓練の実施", 3, 17, "訓練を行います。"),
                ("00000-plan-1", "/1", "measure", "施策", "見守り", 1, 6, None),
                ("00000-plan-1", "/1/n1", "action", "取組", "見守り訓練の実施", 2, 8, None),
                ("00000-plan-1", "/1/n2", "action", "取組", "配食サービス", 3, 9, None),
                ("00000-plan-1", "/2", "measure", "施策", "交流", 4, 10, None),
                ("00000-plan-1", "/2/n1", "action", "取組", "交流サロンの運営", 5, 12, None),
            ],
            # grades as printed; the year before the new plan starts (the review is written then)
            "evaluations": [
                ("/1/n1", 2024, "A", None),
                ("/1/n2", 2024, "C", None),
                ("/2/n1", 2024, "B", None),
            ],
        },
        id="みどり町: Ⅱ 第1期…プランの検証, letter grades with a legend, closed by Ⅲ",
    ),
    pytest.param(
        REVIEW_THEN_RESTART,
        {
            "plans": [
                ("さくら市市民協働推進計画(第3次)", 3, 2024, None, 1),
                ("さくら市市民協働推進計画(第2次)", 2, None, "final", 3),
            ],
            "measures": [
                # the goal printed again (a space in its title) is one node: its first printing's line
                (
                    "00000-kyodo-3",
                    "/1",
                    "goal",
                    "基本目標",
                    "参加と協働のまちづくり",
                    1,
                    8,
                    "本市は市民参加を進めます。",
                ),
                ("00000-kyodo-3", "/1/1-1", "measure", "施策", "情報の共有", 2, 10, None),
                (
                    "00000-kyodo-3",
                    "/1/1-1/n1",
                    "action",
                    "主な事業",
                    "広報の充実",
                    3,
                    13,
                    "広報紙で活動を紹介します。",
                ),
                # a row without a name continues the row above
                (
                    "00000-kyodo-3",
                    "/1/1-1/n2",
                    "action",
                    "主な事業",
                    "講座の開催",
                    4,
                    14,
                    "講座を開きます。\n続きの説明です。",
                ),
                ("00000-kyodo-3", "/1/1-2", "measure", "施策", "人づくり", 5, 16, None),
                ("00000-kyodo-3", "/1/1-2/n1", "action", "事業", "講座の開催", 6, 18, "講座を開きます。"),
                ("00000-kyodo-2", "/1", "goal", "基本目標", "参加のまちづくり", 1, 4, None),
                ("00000-kyodo-2", "/1/n1", "action", "主要事業", "広報の充実", 2, 6, None),
                ("00000-kyodo-2", "/1/n2", "action", "主要事業", "講座の開催", 3, 7, None),
            ],
            # 実施 / 一部実施 report what was done: no letter without a legend
            "evaluations": [("/1/n1", 2023, None, "実施"), ("/1/n2", 2023, None, "一部実施")],
            # the repost's content is not its original's (a line outside the table): matched on its title
            "links": [("/1/1-2/n1", "/1/1-1/n2", "講座の開催", "matched on title")],
            "indicators": [("/1", "講座の参加者数", "令和5年度の実績", 1)],
        },
        id="さくら市: 1 第２次計画の振り返り, 進捗状況 statuses, closed by the 基本目標 numbering restarting",
    ),
    pytest.param(
        PROSE_ABOUT_THE_OLD_PLAN,
        {
            "plans": [("第3次協働推進計画", 3, None, None, 1)],
            "measures": [
                ("00000-kyodo-3", "/2", "goal", "goal", "施策の展開", 1, 4, None),
                ("00000-kyodo-3", "/2/1", "measure", "measure", "交流", 2, 5, None),
                ("00000-kyodo-3", "/2/1/n1", "action", "事業", "交流会の開催", 3, 7, "交流します。"),
            ],
        },
        id="a section about the old plan without items is prose: no second plan",
    ),
    pytest.param(
        GOAL_NAMING_THE_OLD_PLAN,
        {
            "plans": [("第3次協働推進計画", 3, None, None, 1)],
            "measures": [
                ("00000-kyodo-3", "/1", "goal", "基本目標", "第2次計画の成果を生かすまちづくり", 1, 2, None),
                ("00000-kyodo-3", "/1/1-1", "measure", "施策", "交流", 2, 3, None),
                ("00000-kyodo-3", "/1/1-1/n1", "action", "事業", "交流会の開催", 3, 5, "交流します。"),
            ],
        },
        id="a goal that names the old plan is the new plan's goal",
    ),
]
STATUS_LEGENDS = [
    pytest.param(
        "評価の基準\nA：実施　B：一部実施　C：未実施",
        [("/1/n1", 2024, "B", "一部実施"), ("/1/n2", 2024, "C", "未実施"), ("/1/n3", 2024, None, "完了")],
        id="a legend on one line grades the statuses it names (完了 it does not name)",
    ),
    pytest.param(
        "【評価の基準】\n◎：完了\n○：未実施\n△：一部実施",
        [("/1/n1", 2024, "C", "一部実施"), ("/1/n2", 2024, "B", "未実施"), ("/1/n3", 2024, "A", "完了")],
        id="a grade per line, the document's own order",
    ),
    pytest.param(
        "",
        [("/1/n1", 2024, None, "一部実施"), ("/1/n2", 2024, None, "未実施"), ("/1/n3", 2024, None, "完了")],
        id="no legend: statuses without a letter",
    ),
]


@pytest.mark.parametrize(("legend", "evaluations"), STATUS_LEGENDS)
def test_statuses_graded_by_the_legend(legend, evaluations):
    text = (
        "第2次協働計画\n計画期間 令和7年度～令和11年度\n1 第1次協働計画の評価\n"
        f"{legend}\n施策1 交流\n事業名\t実施状況\n交流会\t一部実施\n研修会\t未実施\n講演会\t完了"
    )
    got = read(text)
    assert [p[:2] for p in got["plans"]] == [("第2次協働計画", 2), ("第1次協働計画", 1)]
    assert got["evaluations"] == evaluations


EMPTY = {"evaluations": [], "links": [], "indicators": [], "warnings": []}


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS)
def test_documents(text, expected):
    got = read(text)
    got.pop("titles")
    assert got == {**EMPTY, **expected}


REPOSTS = [
    pytest.param(
        "事業名\t事業内容\n広報の充実\t広報紙で紹介します。\n広報紙の発行（再掲）\t広報紙で紹介します。",
        [("/1/1-1/n2", "/1/1-1/n1", "広報の充実", "matched on content")],
        [],
        id="the same content under another title",
    ),
    pytest.param(
        "取組名\t内容\n見守り訓練\t訓練を行います。\n見守り訓練【再掲】\t",
        [("/1/1-1/n2", "/1/1-1/n1", "見守り訓練", "matched on title")],
        [],
        id="【再掲】 with no content: the same title",
    ),
    pytest.param(
        "取組名\t内容\n見守り訓練(再掲)\t訓練を行います。",
        [("/1/1-1/n1", None, "見守り訓練", None)],
        ["reposted action '見守り訓練': no original with the same content or title"],
        id="the original is not printed",
    ),
]


@pytest.mark.parametrize(("table", "links", "warnings"), REPOSTS)
def test_reposts(table, links, warnings):
    got = read(f"基本目標1 安心\n施策1-1 見守り\n{table}")
    assert (got["links"], got["warnings"]) == (links, warnings)


def _table(*rows: tuple[str, ...]) -> Block:
    return Block("table", rows=[Row([Cell(t, [t]) for t in r]) for r in rows])


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ((("平日", "携帯", "メール"), ("全年代", "6.4", "35.7"), ("10代", "8.4", "19.6")), True),
        ((("区分", "人数", "割合"), ("男性", "1,200", "48%"), ("女性", "1,300", "52%")), True),
        ((("地区", "団体数"), ("北部", "12"), ("南部", "△3")), True),
        ((("事業名", "内容"), ("広報", "紹介します。"), ("講座", "開きます。")), False),
        ((("指標", "現状", "目標"), ("参加者数", "120人", "200人")), False),  # one row, and units
    ],
)
def test_is_figures(rows, expected):
    assert is_figures(_table(*rows)) is expected


SKIPPED = [
    pytest.param(
        "年代\t利用時間\t行為者率\n10代\t64.4\t62.8\n20代\t84.1\t72.1", "figures", id="statistics by age"
    ),
    pytest.param(
        "事業アイデア名\t「こみっとネット」の結成\n概要\t団体がつながります。\n実施内容\t交流します。",
        "proposals",
        id="an idea from a citizens' panel (水戸市)",
    ),
    pytest.param(
        "ご意見\t対応\n公園を増やしてほしい\t検討します。", "proposals", id="opinions and responses"
    ),
    pytest.param("提案内容\t提案者\n空き家の活用\t市民団体", "proposals", id="proposals with their authors"),
]


@pytest.mark.parametrize(("table", "claim"), SKIPPED)
def test_tables_without_records(table, claim):
    lines = ["基本目標1 安心のまち", "施策1-1 見守り", *table.split("\n")]
    _, ext, reading = segment_text(lines, "t")
    assert [c.recognizer for c in reading.claims if c.index == 2] == [claim]
    assert ([m.line for m in ext.get("measures") if m.line > 2], ext.problems) == ([], [])


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("担い手の育成、支援", "担い手の育成, 支援", True),
        ("参加と協働のまちづくり", "参加と協働の まちづくり", True),
        ("安全・安心なまち", "安全安心なまち", True),
        ("安全なまち", "安心なまち", False),
    ],
)
def test_title_key(a, b, same):
    assert (title_key(a) == title_key(b)) is same


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["本市は参加を進めます。", "また、協働を進めます。"],
            [
                "本市は参加を進めます。また、協働を進めます。"
            ],  # a print cannot tell a paragraph from a wrap after 。
        ),
        (
            ["本市は参加を進めます。", "(1)協働の担い手を育てます。", "②交流の場をつくります。"],
            [
                "本市は参加を進めます。",
                "(1)協働の担い手を育てます。",
                "②交流の場をつくります。",
            ],  # items start anew
        ),
        (
            ["本市は市民の参加と協働のまちづくりを一層進めていくため、様々な", "取組を行います。"],
            ["本市は市民の参加と協働のまちづくりを一層進めていくため、様々な取組を行います。"],
        ),
        (["※ 注記です。"], []),
        (["・箇条書きです。"], []),
        (["短い行"], []),
    ],
)
def test_paragraphs(lines, expected):
    paragraphs: list[str] = []
    for line in lines:
        if is_paragraph(line):
            add_paragraph(paragraphs, line)
    assert paragraphs == expected


@pytest.mark.parametrize(
    ("line", "word"),
    [
        ("【実施事業】", "実施事業"),
        ("＜主な事業＞", "主な事業"),
        ("◆主な取組", "主な取組"),
        ("・【主な事業】", "主な事業"),
    ],
)
def test_action_label_word(line, word):
    """The word of an action label names the rows of the table under it (the actions' kind)."""
    el = classify(line, VOCAB)
    assert (el.kind, el.label_role, el.word) == ("label", "actions", word)
