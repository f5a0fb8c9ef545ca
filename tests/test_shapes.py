"""Small whole documents through the shape recognizers (`pipeline.segment.shapes.segment`), exact records."""

from __future__ import annotations

import pytest

from pipeline.model.ir import Document
from pipeline.read.text import parse_lines
from pipeline.segment.base import Context
from pipeline.segment.shapes import segment

NOTHING = "no action and no indicator recognized in this document"


def read(text: str) -> dict:
    """The records of a document, by table, in a form a test can state exactly."""
    doc = Document("t.txt", "text", parse_lines(text.strip("\n").split("\n")))
    _, ext, _ = segment(doc, Context("doc"))
    measures = {m.measure_id: m for m in ext.get("measures")}

    def title(mid):
        return measures[mid].title if mid in measures else None

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
    from pipeline.model.ir import Document
    from pipeline.read.text import parse_lines
    from pipeline.segment.base import Context
    from pipeline.segment.shapes import segment

    doc = Document(path="m.txt", format="text", blocks=parse_lines(MATRIX.splitlines()))
    _, ext, _ = segment(doc, Context("m"))
    titles = {m.measure_id: m.title for m in ext.get("measures")}
    assert [(titles[a.measure_id], a.actor, a.role) for a in ext.get("measure_actors")] == [
        ("自治会加入の促進", "市民", "partner"),
        ("自治会加入の促進", "地域", "lead"),
        ("自治会加入の促進", "市", "partner"),
        ("防災訓練の実施", "市民", "partner"),
        ("防災訓練の実施", "地域", "lead"),
        ("防災訓練の実施", "事業者", "partner"),
        ("防災訓練の実施", "市", "lead"),
    ]
    assert [
        (titles[lk.src_id], lk.dst_label, lk.link_type, lk.strength) for lk in ext.get("measure_links")
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
    from pipeline.model.ir import Document
    from pipeline.read.text import parse_lines
    from pipeline.segment.base import Context
    from pipeline.segment.shapes import segment

    doc = Document(path="cw.txt", format="text", blocks=parse_lines(CROSSWALK.splitlines()))
    _, ext, _ = segment(doc, Context("cw"))
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
