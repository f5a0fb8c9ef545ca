"""水戸市協働推進基本計画（第3次）素案 → the shape recognizers: exact records and variants.

The document holds two plans: the new one (第3次: an overview of its 基本方針 with paragraphs, then
the detailed chapter with 事業名 | 事業内容 tables and indicator tables) and, in chapter 2, the
review of its predecessor (第2次: its own heading tree, 実施事業 | 取組状況 rows).
"""

from __future__ import annotations

import pytest

from pipeline.ingest.manifest import Entry
from pipeline.segment.elements import classify, inline
from pipeline.segment.vocabulary import load_vocabulary
from tests.conftest import by, extract, extract_text

FILE = "08201_mito_kyodo_basic_plan_3.txt"
P3, P2 = "08201-kyodo-3@08201_mito_kyodo_basic_plan_3", "08201-kyodo-2@08201_mito_kyodo_basic_plan_3"
LAYOUT = "headings+labels+items+indicators+figures+notes+proposals (37% of blocks)"  # a table continued after a blank line counts once


@pytest.fixture(scope="module")
def ext():
    layout, extraction = extract(FILE)
    assert layout == LAYOUT
    return extraction


def measures(ext, plan: str, tier: str | None = None) -> list:
    return [m for m in ext.get("measures") if m.plan_id == plan and (tier is None or m.tier == tier)]


# ---------------------------------------------------------------- plans


def test_plans(ext):
    plans = by(ext.get("plans"), "plan_id")
    assert set(plans) == {P3, P2}
    p3, p2 = plans[P3], plans[P2]
    assert (p3.title, p3.edition, p3.fy_start, p3.fy_end, p3.status, p3.line) == (
        "水戸市協働推進基本計画(第3次)",
        3,
        2024,
        2028,
        "draft",
        5,
    )
    assert (p2.title, p2.edition, p2.fy_start, p2.fy_end, p2.status, p2.line) == (
        "水戸市協働推進基本計画(第2次)",
        2,
        None,
        None,
        "final",  # the reviewed plan was in force; the draft status is the new plan's
        329,  # the heading that opens its review: `3 水戸市協働推進基本計画（第2次）の取組`
    )
    assert {(p.municipality_code, p.city) for p in plans.values()} == {("08201", "水戸市")}


def test_no_problems(ext):
    assert ext.problems == []


def test_record_counts(ext):
    counts = {table: len(records) for table, records in ext.records.items()}
    assert counts == {
        "plans": 2,
        "measures": 38 + 29,
        "indicators": 5,
        "indicator_values": 10,
        "measure_links": 4,
        "evaluations": 21,
    }


# ---------------------------------------------------------------- plan 3 tree

# A goal printed twice (the overview at lines 449–457, then the detailed chapter) keeps the title
# it is first printed with and the line and numbering where it is printed with its content.
GOALS_3 = [
    ("1", "市民意識の醸成とつながりの創出", 476),
    ("2", "担い手の育成、支援", 519),  # the detailed chapter prints `担い手の育成, 支援`
    ("3", "協働推進の仕組みづくり", 554),
]

MEASURES_3 = [
    ("1/1-1", "1-1", "市民活動情報の発信", 486),
    ("1/1-2", "1-2", "情報交換できる場づくり", 505),
    ("2/2-1", "2-1", "活動の支援", 529),
    ("2/2-2", "2-2", "組織運営力強化に向けた支援", 542),
    ("3/3-1", "3-1", "基本的ルールの確認と制度の充実", 561),
    ("3/3-2", "3-2", "推進体制の強化", 575),
]

# (id below the plan, line, title, novelty, is_repost); an unnumbered action's id is `n` + its
# position (identity rule: printed numbering level by level, `n1` where none is printed)
ACTIONS_3 = [
    ("1/1-1/n1", 493, "市民活動情報サイト「こみっと広場」の運営", None, False),
    ("1/1-1/n2", 495, "市民活動情報コーナーの活用", None, False),
    ("1/1-1/n3", 496, "地域円卓会議の開催", None, False),
    ("1/1-1/n4", 497, "広報みと、ホームページ等を活用した情報発信の充実", None, False),
    ("1/1-1/n5", 498, "市民活動事例集の募集・提供", "new", False),
    ("1/1-1/n6", 502, "デジタル技術を活用した情報発信手法の確立", "new", False),
    ("1/1-2/n1", 512, "こみっとフェスティバルの開催", None, False),
    ("1/1-2/n2", 513, "若い世代に向けた市民活動団体との交流の機会の提供", None, False),
    ("1/1-2/n3", 514, "外国人市民との交流の機会の創出", "new", False),
    ("1/1-2/n4", 516, "ボランティア体験学習などの実施", None, False),
    ("1/1-2/n5", 517, "市職員・市民活動団体・市民に対する研修の実施", None, False),
    ("2/2-1/n1", 536, "「こみっとネット」の結成", "new", False),
    ("2/2-1/n2", 538, "市民協働会議室の活用促進", None, False),
    ("2/2-1/n3", 539, "市民活動情報サイト「こみっと広場」の活用", None, True),
    ("2/2-1/n4", 540, "こみっとフェスティバルの開催", None, True),
    ("2/2-2/n1", 549, "市民活動団体の組織運営能力向上に向けた研修の実施", None, False),
    ("2/2-2/n2", 551, "デジタル技術を活用した市民活動の支援", None, False),
    ("2/2-2/n3", 552, "助成金情報の積極的な提供", None, False),
    ("3/3-1/n1", 568, "協働推進のためのガイドブックの作成", None, False),
    ("3/3-1/n2", 569, "協働事業提案制度の実施", None, False),
    ("3/3-1/n3", 570, "若者応援枠の創設", "new", False),
    ("3/3-1/n4", 572, "企業との連携による市民活動支援策の検討", "new", False),
    ("3/3-2/n1", 582, "協働推進委員会の運営", None, False),
    ("3/3-2/n2", 583, "庁内推進体制の強化", None, False),
    ("3/3-2/n3", 584, "関係機関と連携した市民活動の支援", None, False),
    ("3/3-2/n4", 586, "地域における多様な主体との協働・連携の推進", None, False),
    ("3/3-2/n5", 587, "団体活動の継続・発展に向けた支援", "new", False),
    ("3/3-2/n6", 588, "市民アンケートの実施", None, False),
    ("3/3-2/n7", 589, "市民活動団体・企業・行政などが一体となった支援体制の強化", None, False),
]


def test_goals_plan3(ext):
    goals = measures(ext, P3, "goal")
    assert [(g.code, g.title, g.line) for g in goals] == GOALS_3
    assert [g.measure_id for g in goals] == [f"{P3}/1", f"{P3}/2", f"{P3}/3"]
    assert [(g.kind, g.parent_id, g.code_raw) for g in goals] == [
        ("基本方針", None, "基本方針1"),
        ("基本方針", None, "基本方針 2"),
        ("基本方針", None, "基本方針 3"),
    ]


def test_goal_descriptions_from_the_overview(ext):
    goals = by(measures(ext, P3, "goal"), "code")
    assert goals["1"].description.startswith(
        "協働の担い手である市民、市民活動団体の協働に対する意識の向上を図ります。"
    )
    assert goals["2"].description.endswith("団体の組織基盤の強化をサポートする施策を推進します。")
    # two paragraphs under 基本方針3, read as one: a print cannot tell a paragraph from a wrap after 。
    assert goals["3"].description == "".join(
        [
            "NPO・ボランティア団体、地域コミュニティ団体、企業、行政などが連携・協力して地域の課題等に取り組めるよう、"
            "基本となる協働に関するルールづくりや協働事業提案制度の拡充等により、団体が活動しやすい環境づくりを目指します。"
            "また、本市でこれまでに取組まれてきた様々な市民活動に対して、団体活動の継続・発展に向けた支援を行っていきます。",
            "さらには、より多くの市民及び市民活動団体がまちづくりに参加することができるための交流や対話の機会を設け、"
            "新たな取組へつなげていくなど、協働のまちづくりを力強く推進します。",
        ]
    )


def test_measures_plan3(ext):
    got = [(m.measure_id, m.code, m.title, m.line) for m in measures(ext, P3, "measure")]
    assert got == [(f"{P3}/{i}", code, title, line) for i, code, title, line in MEASURES_3]
    for m in measures(ext, P3, "measure"):
        assert (m.kind, m.parent_id) == ("基本施策", f"{P3}/{m.code.split('-')[0]}")


def test_measure_descriptions(ext):
    ms = by(measures(ext, P3, "measure"), "code")
    assert ms["2-1"].description == (
        "市民活動を行う上で生じる様々な課題の解決やネットワークづくりを支援するため、交流の拠点づくりを行います。"
    )
    assert ms["3-2"].description == (
        "NPO・ボランティア団体、地域コミュニティ団体、企業、行政など市民活動に関わる様々な主体が一体となり、"
        "協働のまちづくりを推進します。"
    )


def test_all_actions_plan3(ext):
    got = [(a.measure_id, a.line, a.title, a.novelty, a.is_repost) for a in measures(ext, P3, "action")]
    assert got == [(f"{P3}/{i}", line, title, nov, rep) for i, line, title, nov, rep in ACTIONS_3]


def test_action_fields_plan3(ext):
    for a in measures(ext, P3, "action"):
        assert (a.kind, a.code, a.code_raw, a.is_priority) == ("実施事業", None, None, False)
        assert a.parent_id == a.measure_id.rsplit("/", 1)[0]
        assert a.description


def test_seq_is_document_order(ext):
    for plan, n in ((P3, 38), (P2, 29)):
        assert [m.seq for m in measures(ext, plan)] == list(range(1, n + 1))
    order = [m.measure_id for m in measures(ext, P3)][:9]
    assert order == [f"{P3}/1", f"{P3}/1/1-1"] + [f"{P3}/1/1-1/n{i}" for i in range(1, 7)] + [f"{P3}/1/1-2"]


def test_action_titles_and_descriptions_are_clean(ext):
    acts = by(measures(ext, P3), "measure_id")
    a = acts[f"{P3}/1/1-1/n3"]
    assert a.title_raw == "地域円卓会議 ⁸ の開催"  # the footnote mark stays in the raw title only
    assert a.description == (
        "NPO・ボランティア団体、地域コミュニティ団体、企業、行政など、様々な立場の関係者が、一つのテーブルを囲んで、"
        "地域課題などのテーマに基づき、将来の姿や実現に向けた具体策などについて、それぞれの視点から意見を出し合い、"
        "解決に向けた実践方法を探っていく地域円卓会議を開催します。"
        "開催に当たっては、地域のNPOやボランティア団体等の市民活動団体、企業、行政などで構成された実行委員会との連携により実施します。"
    )
    assert acts[f"{P3}/3/3-1/n3"].title_raw == "若者応援枠の創設 【新】"
    assert acts[f"{P3}/2/2-1/n3"].title_raw == "市民活動情報サイト「こみっと広場」の活用（再掲）"
    assert acts[f"{P3}/1/1-2/n4"].title_raw == "ボランティア体験学習などの実施"  # <p> tags dropped
    # a repost carries the same 事業内容 as its original
    assert acts[f"{P3}/2/2-1/n3"].description == acts[f"{P3}/1/1-1/n1"].description


# ---------------------------------------------------------------- indicators

# (id, goal, name, unit, baseline, baseline text, target, target text, note)
INDICATORS = [
    ("1/i1", "1", "こみっとフェスティバル来場者数(年間)", "人", 1000.0, "1,000 人", 2000.0, "2,000 人",
     "2019(令和元)年度参考1,700人"),
    ("1/i2", "1", "地域活動やボランティア活動などに今後参加したいと回答する市民の割合", "%", 49.7,
     "49.7% (2022 (令和4) 年度調査)", 60.0, "60.0%", None),
    ("2/i1", "2", "様々な団体との連携・協働事業実施数", "事業", 101.0, "101 事業", 170.0, "170 事業", None),
    ("2/i2", "2", "NPO組織基盤・組織運営力アップセミナー参加者数(計画期間累計)", "人", 72.0, "72 人", 140.0,
     "140 人", "2018(平成30)年度~2022(令和4)年度参考"),
    ("3/i1", "3", "協働事業提案制度事業実施数(累計)", "件", 83.0, "83 件", 120.0, "120 件", None),
]  # fmt: skip


def test_indicators(ext):
    got = [
        (i.indicator_id, i.measure_id, i.name, i.unit, i.baseline_value, i.baseline_text, i.target_value,
         i.target_text, i.note)
        for i in ext.get("indicators")
    ]  # fmt: skip
    want = [(f"{P3}/{i}", f"{P3}/{g}", *rest) for i, g, *rest in INDICATORS]
    assert got == want
    for n, i in enumerate(ext.get("indicators"), start=1):
        assert (i.plan_id, i.seq, i.baseline_fy, i.target_fy, i.actual_value) == (P3, n, 2022, 2028, None)
    assert [i.line for i in ext.get("indicators")] == [481, 482, 524, 525, 559]


def test_indicator_values(ext):
    values = [(v.indicator_id, v.kind, v.fiscal_year, v.value, v.unit) for v in ext.get("indicator_values")]
    want = []
    for ident, _goal, _name, unit, base, _bt, target, _tt, _note in INDICATORS:
        want += [
            (f"{P3}/{ident}", "baseline", 2022, base, unit),
            (f"{P3}/{ident}", "target", 2028, target, unit),
        ]
    assert values == want


# ---------------------------------------------------------------- repost links


def test_repost_links(ext):
    links = [(x.src_id, x.dst_id, x.dst_label, x.link_type, x.note, x.line) for x in ext.get("measure_links")]
    assert links == [
        (
            f"{P3}/2/2-1/n3",
            f"{P3}/1/1-1/n1",
            "市民活動情報サイト「こみっと広場」の運営",
            "repost_of",
            "matched on content",
            539,
        ),
        (
            f"{P3}/2/2-1/n4",
            f"{P3}/1/1-2/n1",
            "こみっとフェスティバルの開催",
            "repost_of",
            "matched on content",
            540,
        ),
        (
            f"{P2}/2/2-1/n2",
            f"{P2}/1/1-1/n1",
            "市民活動情報Webサイト「こみっと広場」の活用",
            "repost_of",
            "matched on title",
            371,
        ),
        (
            f"{P2}/2/2-1/n3",
            f"{P2}/1/1-2/n3",
            "こみっとフェスティバルの開催",
            "repost_of",
            "matched on title",
            372,
        ),
    ]


# ---------------------------------------------------------------- plan 2 (reviewed in chapter 2 section 3)

GOALS_2 = [
    ("1", "パートナーシップの構築 ~つながる~", 333),
    ("2", "自立の促進 ~育つ~", 365),
    ("3", "推進体制の強化 ~支え合う~", 392),
]
MEASURES_2 = [
    ("1-1", "情報の共有", 335),
    ("1-2", "意識の醸成", 342),
    ("2-1", "組織基盤の強化", 367),
    ("2-2", "財政基盤の強化", 375),
    ("3-1", "基本的ルールの徹底及び推進体制の強化", 394),
]
# (id below the plan, line, title, is_repost, status)
ACTIONS_2 = [
    ("1/1-1/n1", 338, "市民活動情報Webサイト「こみっと広場」の活用", False, "実施"),
    ("1/1-1/n2", 339, "市民活動情報コーナーの活用", False, "実施"),
    ("1/1-1/n3", 340, "(仮称)交流のひろばの開催", False, "一部実施"),
    ("1/1-2/n1", 345, "活動ポイント制度の検討", False, "一部実施"),
    ("1/1-2/n2", 346, "ボランティア体験学習などの実施", False, "実施"),
    ("1/1-2/n3", 347, "こみっとフェスティバルの開催", False, "実施"),
    ("1/1-2/n4", 348, "市民アンケートの実施", False, "実施"),
    ("1/1-2/n5", 349, "市職員・市民活動団体・市民に対する研修の実施", False, "一部実施"),
    ("1/1-2/n6", 350, "広報みと、ホームページ等の活用", False, "実施"),
    ("2/2-1/n1", 370, "市民活動団体の組織運営能力向上に向けた研修の実施", False, "実施"),
    ("2/2-1/n2", 371, "市民活動情報Webサイト「こみっと広場」の活用", True, "実施"),
    ("2/2-1/n3", 372, "こみっとフェスティバルの開催", True, "実施"),
    ("2/2-1/n4", 373, "市民活動推進のための拠点づくり", False, "実施"),
    ("2/2-2/n1", 378, "活動状況に応じた支援施策の充実", False, "実施"),
    ("2/2-2/n2", 379, "委託契約のルールづくり", False, "一部実施"),
    ("2/2-2/n3", 380, "活動の場の確保に対する支援", False, "一部実施"),
    ("3/3-1/n1", 397, "協働マニュアルの改訂・運用", False, "未実施"),
    ("3/3-1/n2", 398, "協働事業提案制度の拡充", False, "実施"),
    ("3/3-1/n3", 399, "協働推進委員会の運営", False, "実施"),
    ("3/3-1/n4", 400, "庁内推進組織の強化", False, "一部実施"),
    ("3/3-1/n5", 401, "市民活動団体・企業・行政などが一体となった支援体制の強化", False, "実施"),
]


def test_plan2_tree(ext):
    goals = measures(ext, P2, "goal")
    assert [(g.measure_id, g.code, g.title, g.kind, g.line, g.description) for g in goals] == [
        (f"{P2}/{c}", c, t, "基本方針", line, None) for c, t, line in GOALS_2
    ]
    ms = measures(ext, P2, "measure")
    assert [(m.measure_id, m.title, m.kind, m.line) for m in ms] == [
        (f"{P2}/{c[0]}/{c}", t, "基本施策", line) for c, t, line in MEASURES_2
    ]


def test_plan2_actions_and_evaluations(ext):
    acts = measures(ext, P2, "action")
    assert [(a.measure_id, a.line, a.title, a.is_repost) for a in acts] == [
        (f"{P2}/{i}", line, title, rep) for i, line, title, rep, _ in ACTIONS_2
    ]
    assert {(a.kind, a.code, a.novelty, a.description) for a in acts} == {("実施事業", None, None, None)}
    evals = [(e.measure_id, e.fiscal_year, e.grade, e.status, e.line) for e in ext.get("evaluations")]
    assert evals == [(f"{P2}/{i}", 2023, None, status, line) for i, line, _, _, status in ACTIONS_2]


def test_nothing_from_chapter2_sections_1_and_2(ext):
    """Statistics tables and the 市民懇話会 idea table (lines 1–328) create no records."""
    lines = [m.line for m in ext.get("measures")] + [i.line for i in ext.get("indicators")]
    assert min(lines) == 333


# ---------------------------------------------------------------- units


VOCAB = load_vocabulary()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "基本方針1 市民意識の醸成とつながりの創出",
            ("heading", "goal", "基本方針", "1", "基本方針1", "市民意識の醸成とつながりの創出"),
        ),
        (
            "基本方針 2 担い手の育成, 支援",
            ("heading", "goal", "基本方針", "2", "基本方針 2", "担い手の育成, 支援"),
        ),
        (
            "基本施策 1-2 情報交換できる場づくり",
            ("heading", "measure", "基本施策", "1-2", "基本施策 1-2", "情報交換できる場づくり"),
        ),
        (
            "基本施策１－２　情報交換できる場づくり",
            ("heading", "measure", "基本施策", "1-2", "基本施策1-2", "情報交換できる場づくり"),
        ),
        ("基本目標 3 安心なまち", ("heading", "goal", "基本目標", "3", "基本目標 3", "安心なまち")),
        ("基本方針", ("paragraph", None, None, None, None, None)),
        ("基本方針1では、市民の意識を高めます。", ("paragraph", None, None, None, None, None)),
        ("2 基本方針", ("heading", None, None, "2", "2", "基本方針")),  # a section: tier from its depth
    ],
)
def test_headings(text, expected):
    el = classify(text, VOCAB)
    n = el.numbering
    got = (el.kind, VOCAB.tier_of(n.word) if n and n.word else None) + (
        (n.word, n.code, n.raw, n.title) if n else (None,) * 4
    )
    assert got == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("若者応援枠の創設 【新】", ("若者応援枠の創設", "new", False, False)),
        (
            "<p>企業との連携による市民活動支援策の検討【新】</p>",
            ("企業との連携による市民活動支援策の検討", "new", False, False),
        ),
        ("こみっとフェスティバルの開催（再掲）", ("こみっとフェスティバルの開催", None, False, True)),
        ("研修の実施【拡充】【重点】", ("研修の実施", "expanded", True, False)),
        ("地域円卓会議 ⁸ の開催", ("地域円卓会議の開催", None, False, False)),
    ],
)
def test_marks(name, expected):
    info = inline(name, VOCAB)
    assert (info.title, info.novelty, info.is_priority, info.is_repost) == expected


# ---------------------------------------------------------------- the same shape, printed differently

VARIANT = """\
協働のまちづくり推進計画（第２次）

３ 計画の期間
本計画の期間は、令和７年度から令和11年度までの５年間とします。

２ 協働のまちづくり推進計画（第１次）の取組

基本方針　１　つながる

基本施策　１－１　情報の共有

実施事業\t取組状況
広報紙の活用\t実施
交流会の開催\t未実施

基本方針　１　市民意識の醸成

基本施策　１－１　情報の発信

情報を発信していきます。

【主な事業】

事業内容\t事業名
広報紙で市民活動を紹介します。\t広報紙の活用 【新】
ウェブサイトで紹介します。\tウェブサイトの運営

※　脚注の説明。

交流会を開催します。\t交流会の開催（再掲）
続きの説明です。\t
"""


def _variant_ext():
    entry = Entry(
        file="variant.txt", document_id="variant", municipality_code="99999", city="某市", status="final"
    )
    return extract_text(VARIANT, "variant", entry)


def test_variant_detected_and_read():
    """Full-width digits and spaces, swapped columns, a split row and a footnote between rows; the
    review of the 第１次 plan ends where the 基本方針 numbering restarts."""
    layout, ext = _variant_ext()
    assert layout.startswith("headings+items")
    plans = by(ext.get("plans"), "plan_id")
    assert {(p.plan_id, p.title, p.edition, p.fy_start, p.fy_end) for p in plans.values()} == {
        ("99999-kyodo-2@variant", "協働のまちづくり推進計画(第2次)", 2, 2025, 2029),
        ("99999-kyodo-1@variant", "協働のまちづくり推進計画(第1次)", 1, None, None),
    }
    acts = [(a.measure_id, a.kind, a.title, a.description, a.novelty, a.is_repost) for a in ext.get("measures")
            if a.tier == "action"]  # fmt: skip
    assert acts == [
        (
            "99999-kyodo-2@variant/1/1-1/n1",
            "主な事業",
            "広報紙の活用",
            "広報紙で市民活動を紹介します。",
            "new",
            False,
        ),
        (
            "99999-kyodo-2@variant/1/1-1/n2",
            "主な事業",
            "ウェブサイトの運営",
            "ウェブサイトで紹介します。",
            None,
            False,
        ),
        (
            "99999-kyodo-2@variant/1/1-1/n3",
            "主な事業",
            "交流会の開催",
            "交流会を開催します。\n続きの説明です。",
            None,
            True,
        ),
        ("99999-kyodo-1@variant/1/1-1/n1", "実施事業", "広報紙の活用", None, None, False),
        ("99999-kyodo-1@variant/1/1-1/n2", "実施事業", "交流会の開催", None, None, False),
    ]
    assert [(e.measure_id, e.fiscal_year, e.status) for e in ext.get("evaluations")] == [
        ("99999-kyodo-1@variant/1/1-1/n1", 2024, "実施"),
        ("99999-kyodo-1@variant/1/1-1/n2", 2024, "未実施"),
    ]
    # the repost has no original with the same content or title in its plan
    assert [p.message for p in ext.problems] == [
        "reposted action '交流会の開催': no original with the same content or title"
    ]
    assert [(x.src_id, x.dst_id, x.dst_label) for x in ext.get("measure_links")] == [
        ("99999-kyodo-2@variant/1/1-1/n3", None, "交流会の開催")
    ]
