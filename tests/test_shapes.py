"""Small whole documents through the shape recognizers (`pipeline.segment.shapes.segment`), exact records."""

from __future__ import annotations

import pytest

from pipeline.read.text import parse_lines
from tests.conftest import segment_text, segmented

NOTHING = "no action and no indicator recognized in this document"


def read(text: str) -> dict:
    """The records of a document, by table, in a form a test can state exactly."""
    ext, title = segmented(text)
    return {
        "plans": [p.title for p in ext.get("plans")],
        "measures": [(m.tier, m.code, m.title, title(m.parent_id)) for m in ext.get("measures")],
        "departments": [(title(d.measure_id), d.department) for d in ext.get("measure_departments")],
        "schedules": [(title(s.measure_id), s.fy_start, s.fy_end, s.phase) for s in ext.get("schedules")],
        "indicators": [
            (title(i.measure_id), i.name, i.unit, i.baseline_text, i.baseline_fy, i.target_text, i.target_fy)
            for i in ext.get("indicators")
        ],
        "evaluations": [
            (title(e.measure_id), e.fiscal_year, e.grade, e.status) for e in ext.get("evaluations")
        ],
        "actors": [(title(a.measure_id), a.actor) for a in ext.get("measure_actors")],
        "marks": [
            (m.title, m.novelty, m.is_priority, m.is_repost)
            for m in ext.get("measures")
            if m.novelty or m.is_priority or m.is_repost
        ],
        "warnings": [p.message for p in ext.problems],
    }


EMPTY = {
    "plans": ["doc"],
    "measures": [],
    "departments": [],
    "schedules": [],
    "indicators": [],
    "evaluations": [],
    "actors": [],
    "marks": [],
    "warnings": [],
}

DOCUMENTS = [
    pytest.param(
        """
基本目標1 安心して暮らせるまち
施策1-1 防災力の強化
事業名\t担当課
防災訓練の実施\t危機管理課

施策1-2 地域福祉の充実
事業名\t担当課
見守り活動\t福祉課
""",
        {
            "measures": [
                ("goal", "1", "安心して暮らせるまち", None),
                ("measure", "1-1", "防災力の強化", "安心して暮らせるまち"),
                ("action", None, "防災訓練の実施", "防災力の強化"),
                ("measure", "1-2", "地域福祉の充実", "安心して暮らせるまち"),
                ("action", None, "見守り活動", "地域福祉の充実"),
            ],
            "departments": [("防災訓練の実施", "危機管理課"), ("見守り活動", "福祉課")],
        },
        id="word headings and item tables",
    ),
    pytest.param(
        """
1 協働のまちづくり
(1) 市民活動の支援
＜主な取組＞
・市民活動補助金の交付（担当：市民協働課）
・活動拠点の運営
(2) 情報発信
・広報紙の発行（担当：広報課）
・この段落は担当のない箇条書きです
""",
        {
            "measures": [
                ("goal", "1", "協働のまちづくり", None),
                ("measure", "1", "市民活動の支援", "協働のまちづくり"),
                ("action", None, "市民活動補助金の交付", "市民活動の支援"),
                ("action", None, "活動拠点の運営", "市民活動の支援"),
                ("measure", "2", "情報発信", "協働のまちづくり"),
                ("action", None, "広報紙の発行", "情報発信"),
            ],
            "departments": [("市民活動補助金の交付", "市民協働課"), ("広報紙の発行", "広報課")],
        },
        id="(1) headings and bullets with departments",
    ),
    pytest.param(
        """
基本目標1 安心のまち
取組1 防災訓練の実施
担当課\t危機管理課
実施期間\t令和7年度～令和9年度
内容\t年1回の総合防災訓練

取組2 備蓄の充実
担当課\t防災課
実施期間\t令和8年度
""",
        {
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("action", "1", "防災訓練の実施", "安心のまち"),
                ("action", "2", "備蓄の充実", "安心のまち"),
            ],
            "departments": [("防災訓練の実施", "危機管理課"), ("備蓄の充実", "防災課")],
            "schedules": [("防災訓練の実施", 2025, 2027, None), ("備蓄の充実", 2026, 2026, None)],
        },
        id="cards headed 取組1",
    ),
    pytest.param(
        """
基本目標1 安心のまち
施策1-1 防災力の強化
事業名\t担当課\tR7\tR8\tR9
防災訓練\t危機管理課\t検討\t●\t●
備蓄の充実\t防災課\t●\t●\t●
""",
        {
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1-1", "防災力の強化", "安心のまち"),
                ("action", None, "防災訓練", "防災力の強化"),
                ("action", None, "備蓄の充実", "防災力の強化"),
            ],
            "departments": [("防災訓練", "危機管理課"), ("備蓄の充実", "防災課")],
            "schedules": [
                ("防災訓練", 2025, 2025, "検討"),
                ("防災訓練", 2026, 2027, None),
                ("備蓄の充実", 2025, 2027, None),
            ],
        },
        id="year strip R7 R8 R9",
    ),
    pytest.param(
        """
令和6年度 評価シート
評価の基準
◎：計画以上に進んでいる
○：計画どおり進んでいる
△：遅れている
基本目標1 安心のまち
施策1-1 防災
事業名\t担当課\t評価
防災訓練\t危機管理課\t◎
備蓄の充実\t防災課\t△
""",
        {
            "plans": ["令和6年度評価シート"],
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1-1", "防災", "安心のまち"),
                ("action", None, "防災訓練", "防災"),
                ("action", None, "備蓄の充実", "防災"),
            ],
            "departments": [("防災訓練", "危機管理課"), ("備蓄の充実", "防災課")],
            "evaluations": [("防災訓練", 2024, "A", "◎"), ("備蓄の充実", 2024, "C", "△")],
        },
        id="grades ◎ ○ △ with a legend",
    ),
    pytest.param(
        """
令和6年度 進捗評価
基本目標1 安心のまち
A：達成　B：概ね達成　C：未達成
施策1-1 防災
事業名\t評価
防災訓練\t概ね達成
備蓄\tC
""",
        {
            "plans": ["令和6年度進捗評価"],
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1-1", "防災", "安心のまち"),
                ("action", None, "防災訓練", "防災"),
                ("action", None, "備蓄", "防災"),
            ],
            "evaluations": [("防災訓練", 2024, "B", "概ね達成"), ("備蓄", 2024, "C", None)],
        },
        id="letter grades with a one-line legend",
    ),
    pytest.param(
        """
基本目標1 みんなでつくるまち
施策1-1 協働の推進
取組\t推進者
地域の清掃活動\t市民<br>自治会
協働事業の提案制度\t市
""",
        {
            "measures": [
                ("goal", "1", "みんなでつくるまち", None),
                ("measure", "1-1", "協働の推進", "みんなでつくるまち"),
                ("action", None, "地域の清掃活動", "協働の推進"),
                ("action", None, "協働事業の提案制度", "協働の推進"),
            ],
            "actors": [
                ("地域の清掃活動", "市民"),
                ("地域の清掃活動", "自治会"),
                ("協働事業の提案制度", "市"),
            ],
        },
        id="measure_actors from a 推進者 column",
    ),
    pytest.param(
        """
基本目標1 安心のまち
施策1-1 防災力の強化
指標名\t現状値（令和5年度）\t目標値（令和12年度）\t単位
防災訓練参加者数\t1,200\t1,500\t人

事業名\t担当課
防災訓練\t危機管理課
""",
        {
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1-1", "防災力の強化", "安心のまち"),
                ("action", None, "防災訓練", "防災力の強化"),
            ],
            "departments": [("防災訓練", "危機管理課")],
            "indicators": [("防災力の強化", "防災訓練参加者数", "人", "1,200", 2023, "1,500", 2030)],
        },
        id="indicators with values and years",
    ),
    pytest.param(
        """
基本目標1 安心のまち
施策1-1 防災
事業名\t担当課
防災訓練\t危機管理課

地区\t人口\t世帯数
北地区\t1,200\t500
""",
        {
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1-1", "防災", "安心のまち"),
                ("action", None, "防災訓練", "防災"),
            ],
            "departments": [("防災訓練", "危機管理課")],
            "warnings": [
                "a table no recognizer reads (no name or indicator column (no known header words)); "
                "header: 地区 | 人口 | 世帯数"
            ],
        },
        id="an unclaimed table is a warning naming its header",
    ),
    pytest.param(
        """
基本目標\t施策
安心して暮らせるまち\t防災力の強化
\t地域福祉の充実

施策1-1 防災力の強化
・防災訓練の実施（担当：危機管理課）
""",
        {
            "measures": [
                ("goal", None, "安心して暮らせるまち", None),
                ("measure", "1-1", "防災力の強化", "安心して暮らせるまち"),
                ("action", None, "防災訓練の実施", "防災力の強化"),
            ],
            "departments": [("防災訓練の実施", "危機管理課")],
        },
        id="a tree table reopened by a heading; a measure without actions is dropped",
    ),
    pytest.param(
        """
●【基本目標1】市民が主役のまち
1 市民活動の促進
2 協働の仕組みづくり
●【基本目標2】つながるまち
1 地域の見守り
""",
        {
            "measures": [
                ("goal", "1", "市民が主役のまち", None),
                ("action", "1", "市民活動の促進", "市民が主役のまち"),
                ("action", "2", "協働の仕組みづくり", "市民が主役のまち"),
                ("goal", "2", "つながるまち", None),
                ("action", "1", "地域の見守り", "つながるまち"),
            ],
        },
        id="decorated goals; a plan of headings only has its leaves as actions",
    ),
    pytest.param(
        """
基本目標1 安心のまち
施策1-1 防災
主な事業
防災訓練 / 備蓄の充実 / 避難所運営
""",
        {
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1-1", "防災", "安心のまち"),
                ("action", None, "防災訓練", "防災"),
                ("action", None, "備蓄の充実", "防災"),
                ("action", None, "避難所運営", "防災"),
            ],
        },
        id="an inline list of actions",
    ),
    pytest.param(
        """
地域安全推進計画
第1章 計画の概要
1 計画の趣旨
第2章 施策の展開
基本目標1 安心のまち
施策1-1 防災
・【新】防災アプリの導入（担当：危機管理課）
・防災訓練の実施（再掲）（担当：危機管理課）
・【重点】自主防災組織の育成（担当：危機管理課）
""",
        {
            "plans": ["地域安全推進計画"],
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1-1", "防災", "安心のまち"),
                ("action", None, "防災アプリの導入", "防災"),
                ("action", None, "防災訓練の実施", "防災"),
                ("action", None, "自主防災組織の育成", "防災"),
            ],
            "departments": [
                ("防災アプリの導入", "危機管理課"),
                ("防災訓練の実施", "危機管理課"),
                ("自主防災組織の育成", "危機管理課"),
            ],
            "marks": [
                ("防災アプリの導入", "new", False, False),
                ("防災訓練の実施", None, False, True),
                ("自主防災組織の育成", None, True, False),
            ],
            # a repost whose original this document does not print: its link has no target
            "warnings": ["reposted action '防災訓練の実施': no original with the same content or title"],
        },
        id="chapters; marks 新 再掲 重点; the preface heading is dropped",
    ),
    pytest.param(
        """
基本目標1 安心のまち
事業名\t新規\t担当課\t実施年度
防災訓練\t○\t危機管理課\t令和7年度～令和9年度
備蓄の充実\t継続\t防災課\t令和8年度
""",
        {
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("action", None, "防災訓練", "安心のまち"),
                ("action", None, "備蓄の充実", "安心のまち"),
            ],
            "departments": [("防災訓練", "危機管理課"), ("備蓄の充実", "防災課")],
            "schedules": [("防災訓練", 2025, 2027, None), ("備蓄の充実", 2026, 2026, None)],
            "marks": [("防災訓練", "new", False, False), ("備蓄の充実", "continued", False, False)],
        },
        id="novelty and period columns",
    ),
    pytest.param(
        """
はじめに
本市では、市民と行政が協働してまちづくりを進めてきました。
今後も引き続き取り組みます。
""",
        {"plans": [], "warnings": [NOTHING]},
        id="nothing recognizable",
    ),
]


# Cards, overviews and the sections around them: whole documents, the seed's shape in other words.
SECTIONS = [
    pytest.param(
        """
○○市協働推進計画
第3章 施策の展開
5 成果指標
【計画全体の指標】
指標\t\t単位\t現状（令和5年度）\t目標（令和11年度）
1\t自治会加入率\t%\t60\t65
6 主な取組
重点目標１ 安心のまち
（１） 防災の推進
・① 地域の防災力を高めます。
取組１\t防災訓練\t新規
取組内容\t○訓練を行います。
担当課\t危機管理課
\t7年度\t8年度\t9年度
\t検討\t→\t実施
（２） 見守りの充実
取組２\t見守り\t継続
取組内容\t○訪問します。
指標
指標\t\t単位\t現状（令和5年度）\t目標（令和11年度）
1\t訓練参加者数\t人\t100\t150
重点目標２ 元気なまち
（１） 交流の場
取組３\t交流会\t継続
取組内容\t○交流会を開きます。
（２） 情報発信
取組４\t広報\t継続
取組内容\t○広報します。
指標
指標\t\t単位\t現状（令和5年度）\t目標（令和11年度）
1\t交流会参加者数\t人\t50\t80
""",
        {
            "plans": ["○○市協働推進計画"],
            "measures": [
                ("goal", "1", "安心のまち", None),
                ("measure", "1", "防災の推進", "安心のまち"),
                ("action", "1", "防災訓練", "防災の推進"),
                ("measure", "2", "見守りの充実", "安心のまち"),
                ("action", "2", "見守り", "見守りの充実"),
                ("goal", "2", "元気なまち", None),
                ("measure", "1", "交流の場", "元気なまち"),
                ("action", "3", "交流会", "交流の場"),
                ("measure", "2", "情報発信", "元気なまち"),
                ("action", "4", "広報", "情報発信"),
            ],
            "departments": [("防災訓練", "危機管理課")],
            "schedules": [("防災訓練", 2025, 2026, "検討"), ("防災訓練", 2027, 2027, "実施")],
            "indicators": [
                (None, "自治会加入率", "%", "60", 2023, "65", 2029),
                ("安心のまち", "訓練参加者数", "人", "100", 2023, "150", 2029),
                ("元気なまち", "交流会参加者数", "人", "50", 2023, "80", 2029),
            ],
            "marks": [("防災訓練", "new", False, False), ("見守り", "continued", False, False)]
            + [("交流会", "continued", False, False), ("広報", "continued", False, False)],
        },
        id="取組 cards under 重点目標 goals in a numbered section; indicators closing each goal",
    ),
    pytest.param(
        """
△△町協働推進プラン
基本方針1
参加のしくみ
(1) 情報の共有
事業1\t情報の発信\t拡充
内容\t○発信します。
事業2\t相談の窓口\t新規
内容\t○相談を受けます。
施策の体系
方針\t施策\t事業\t住民\t事業者\t行政
基本方針1\t情報の共有\t(1)情報発信\t○\t\t◎
\t\t(2)相談窓口\t◎\t○\t
""",
        {
            "plans": ["△△町協働推進プラン"],
            "measures": [
                ("goal", "1", "参加のしくみ", None),
                ("measure", "1", "情報の共有", "参加のしくみ"),
                ("action", "1", "情報の発信", "情報の共有"),
                ("action", "2", "相談の窓口", "情報の共有"),
            ],
            "actors": [
                ("情報の発信", "住民"),
                ("情報の発信", "行政"),
                ("相談の窓口", "住民"),
                ("相談の窓口", "事業者"),
            ],
            "marks": [("情報の発信", "expanded", False, False), ("相談の窓口", "new", False, False)],
        },
        id="an overview after the cards, other actor words, items found by number",
    ),
    pytest.param(
        """
□□村地域福祉計画
令和7年度～令和11年度
1 計画の概要
2 基本的な考え方
3-1 協働の考え方
3-2 推進体制
4 施策の展開
(1) 防災の推進
・地域の防災力を高めます。
・避難の体制を整えます。
＜主な取組＞
・防災訓練（担当：危機管理課）
""",
        {
            "plans": ["□□村地域福祉計画"],
            "measures": [
                ("goal", "4", "施策の展開", None),
                ("measure", "1", "防災の推進", "施策の展開"),
                ("action", None, "防災訓練", "防災の推進"),
            ],
            "departments": [("防災訓練", "危機管理課")],
        },
        id="4 after 3-2 closes the dash level; a cover line that is only the period",
    ),
]


@pytest.mark.parametrize(("text", "expected"), SECTIONS)
def test_sections(text, expected):
    assert read(text) == {**EMPTY, **expected}


def test_an_overview_gives_its_word_and_marks_with_their_rows():
    """The overview's 施策 column names the level of the unworded measure headings; the actors keep
    the overview row as their provenance; the goal heading printed bare takes the next line."""
    text = SECTIONS[1].values[0]
    ext, _ = segmented(text)
    assert [(m.kind, m.code_raw, m.line) for m in ext.get("measures")] == [
        ("基本方針", "基本方針1", 2),
        ("施策", "(1)", 4),
        ("事業", "事業1", 5),
        ("事業", "事業2", 7),
    ]
    assert [(a.role, a.line) for a in ext.get("measure_actors")] == [
        ("partner", 11),
        ("lead", 11),
        ("lead", 12),
        ("partner", 12),
    ]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS)
def test_segment(text, expected):
    assert read(text) == {**EMPTY, **expected}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "指標：相談件数（令和8年度まで）【数値目標：1,200件※（令和5年度：800件）】",
            [("相談件数", "件", 800.0, 2023, 1200.0, 2026)],
        ),
        ("成果指標：参加者数【目標値：50人】", [("参加者数", "人", None, None, 50.0, None)]),
        ("指標の考え方：上半期の実績から算出する。", []),
    ],
)
def test_indicators_stated_in_a_sentence(line, expected):
    from pipeline.segment.sentences import sentence_indicators
    from pipeline.segment.vocabulary import load_vocabulary

    rows = sentence_indicators(line, load_vocabulary(), "令和")
    by_kind = [{v.kind: v for v in r.values} for r in rows]
    got = [
        (
            r.name,
            (k.get("target") or k.get("baseline")).quantity.unit,
            k["baseline"].quantity.value if "baseline" in k else None,
            k["baseline"].fy if "baseline" in k else None,
            k["target"].quantity.value,
            k["target"].fy,
        )
        for r, k in zip(rows, by_kind, strict=True)
    ]
    assert got == expected


MATRIX = """第2次○○市協働のまちづくり推進計画
基本目標1 地域の力を高める
施策1-1 地域活動の活性化
取組\t市民\t地域\t事業者\t市\tSDGs目標11
自治会加入の促進\t○\t◎\t\t○\t●
防災訓練の実施\t○\t◎\t○\t◎\t
"""


def test_a_mark_matrix_gives_actors_and_links():
    """◎○ under actor headers (市民, 地域, 事業者, 市) say who leads and who partners; marks under
    another header (an SDG) link the action to it."""
    ext, title = segmented(MATRIX)
    assert [(title(a.measure_id), a.actor, a.role) for a in ext.get("measure_actors")] == [
        ("自治会加入の促進", "市民", "partner"),
        ("自治会加入の促進", "地域", "lead"),
        ("自治会加入の促進", "市", "partner"),
        ("防災訓練の実施", "市民", "partner"),
        ("防災訓練の実施", "地域", "lead"),
        ("防災訓練の実施", "事業者", "partner"),
        ("防災訓練の実施", "市", "lead"),
    ]
    assert [
        (title(lk.src_id), lk.dst_label, lk.link_type, lk.strength) for lk in ext.get("measure_links")
    ] == [("自治会加入の促進", "SDGs目標11", "supports", "strong")]
    assert all(m.description is None for m in ext.get("measures"))


CROSSWALK = """第3次○○市協働推進計画
基本目標1 協働の基盤づくり
施策1-1 情報の共有
現行計画\t改定計画\t見直しの内容
①-1 情報サイトの運営\t1 市民活動情報サイトの運営\t名称を変更
①-2 広報紙の発行\t2 広報紙の発行\t
①-3 交流会の開催\t\t廃止（他事業に統合）
"""


def test_a_crosswalk_gives_the_replaced_plan_and_successor_links():
    """現行計画 | 改定計画 | 見直しの内容: the old items are a plan of their own (edition 2 of a 第3次
    plan); each is linked to its successor with the note; an item with no successor has no link."""
    ext, _ = segmented(CROSSWALK)
    assert [(p.plan_key, p.title, p.edition) for p in ext.get("plans")] == [
        ("00000-kyodo-3", "第3次○○市協働推進計画", 3),
        ("00000-kyodo-2", "第3次○○市協働推進計画 (現行計画)", 2),
    ]
    by_id = {m.measure_id: m for m in ext.get("measures")}
    old_plan = ext.get("plans")[1].plan_id
    assert [(m.code, m.title) for m in ext.get("measures") if m.plan_id == old_plan] == [
        ("1-1", "情報サイトの運営"),
        ("1-2", "広報紙の発行"),
        ("1-3", "交流会の開催"),
    ]
    assert [
        (by_id[lk.src_id].title, by_id[lk.dst_id].title, lk.link_type, lk.note)
        for lk in ext.get("measure_links")
    ] == [
        ("情報サイトの運営", "市民活動情報サイトの運営", "successor", "名称を変更"),
        ("広報紙の発行", "広報紙の発行", "successor", None),
    ]


def test_aims_and_period_of_a_plan():
    """Sentences listed right below a heading are its aims (its description); the cover's period line."""
    text = SECTIONS[2].values[0]
    ext, _ = segmented(text)
    (plan,) = ext.get("plans")
    assert (plan.fy_start, plan.fy_end, plan.line) == (2025, 2029, 1)
    assert [m.description for m in ext.get("measures")] == [
        None,
        "地域の防災力を高めます。\n避難の体制を整えます。",
        None,
    ]


# table → (code, title, marks, groups) per overview row, or None: not an overview
OVERVIEWS = [
    (  # two header rows, a goal row across the table, measures carried down, actors under 取組主体
        "基本方針\t\t\t取組主体\t\t\nNo.\t施策\t具体的な取組\t市民等\t協働体\t市\n"
        "基本方針1 人づくり\t\t\t\t\t\n1\t意識の啓発\t①情報発信\t○\t\t◎\n\t\t②交流会\t◎\t○\t",
        [
            (
                "1",
                "情報発信",
                [("市民等", "weak"), ("市", "strong")],
                [("No.", "基本方針1人づくり"), ("施策", "意識の啓発")],
            ),
            (
                "2",
                "交流会",
                [("市民等", "strong"), ("協働体", "weak")],
                [("No.", "基本方針1人づくり"), ("施策", "意識の啓発")],
            ),
        ],
    ),
    (  # other words: 住民 | 行政 and an SDG column, actions numbered (1)
        "方向\t事業\t住民\t行政\tSDGs11\n安心\t(1)防災訓練\t○\t◎\t●\n\t(2)見守り\t◎\t\t",
        [
            (
                "1",
                "防災訓練",
                [("住民", "weak"), ("行政", "strong"), ("SDGs11", "strong")],
                [("方向", "安心")],
            ),
            ("2", "見守り", [("住民", "strong")], [("方向", "安心")]),
        ],
    ),
    ("事業名\t評価\n防災訓練\t◎\n見守り\t△", None),  # marks under 評価 grade the rows
    ("防災訓練\t◎\n見守り\t○", None),  # no header: nothing says what the marks are
]


@pytest.mark.parametrize(("text", "expected"), OVERVIEWS)
def test_read_overview(text, expected):
    from pipeline.segment.overview import read_overview
    from pipeline.segment.vocabulary import load_vocabulary

    (block,) = parse_lines(text.split("\n"))
    found = read_overview(block, load_vocabulary())
    got = [(i.code, i.title, i.marks, i.groups) for i in found.items] if found else None
    assert got == expected


def test_a_table_continued_after_a_blank_line_is_one_table():
    """Header-less rows of the same width after a blank line (an extraction's page break) go on the
    table above: its items, and one table in the layout, as a PDF reader's merged parts are."""
    text = """
1 協働の推進

事業名\t事業内容
交流会の開催\t年2回開催します。
講座の開催\t担い手を育てます。

広報の充実\t情報誌を発行します。
"""
    layout, ext, reading = segment_text(text)
    assert [(m.tier, m.title, m.description) for m in ext.get("measures")] == [
        ("goal", "協働の推進", None),
        ("action", "交流会の開催", "年2回開催します。"),
        ("action", "講座の開催", "担い手を育てます。"),
        ("action", "広報の充実", "情報誌を発行します。"),
    ]
    assert [(c.recognizer, c.reason) for c in reading.claims if c.recognizer in ("items", "continued")] == [
        ("items", "item table: 事業名→name, 事業内容→content"),
        ("continued", "continues the table above (items)"),
    ]
    assert layout == "headings+items (100% of blocks)"
