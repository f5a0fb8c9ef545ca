"""日立市コミュニティ活動推進行動計画: the exact records the shape recognizers extract.

Its shapes: goal headings (取組の視点 N) with a paragraph each, overview item tables whose rows
name those goals and list the actions (◎○ per recommendation, departments last), a year
strip beside each overview, and a numbered card per action (推進事項 No. N | title) with its
department, issue, description and yearly plan."""

from __future__ import annotations

from collections import Counter

import pytest

from pipeline.ingest.manifest import read_manifest
from pipeline.model.ir import Bar, Document
from pipeline.normalize.text import clean
from pipeline.read.text import parse_lines
from pipeline.segment import segment_document
from pipeline.segment.base import Context
from pipeline.segment.repair import centred_timeline
from tests.conftest import PDF_STYLES, RAW, by, extract, extract_text

FILE = "08202_hitachi_community_action_plan.txt"
PLAN = "08202-community@08202_hitachi_community_action_plan"


def records(table: str) -> list:
    return extract(FILE)[1].get(table)


def mid(path: str) -> str:
    return f"{PLAN}/{path}"


# ---------------------------------------------------------------- detection


def test_read_by_the_shapes():
    layout = extract(FILE)[0]  # the generic path's description, e.g. headings+cards+strip+… (34% of blocks)
    assert {"headings", "cards", "strip", "items"} <= set(layout.split(" ")[0].split("+"))


def test_counts():
    ext = extract(FILE)[1]
    assert {table: len(rows) for table, rows in ext.records.items()} == {
        "plans": 1,
        "measures": 38,
        "measure_departments": 53,
        "measure_links": 58,
        "schedules": 193,
    }
    assert Counter(s.source for s in ext.get("schedules")) == {"yearly_plan": 177, "timeline": 16}
    assert Counter(link.link_type for link in ext.get("measure_links")) == {"supports": 52, "references": 6}


def test_warnings():
    assert [(p.severity, p.line, p.message[:40]) for p in extract(FILE)[1].problems] == [
        ("warning", 251, "year strip has 23 rows but the overview "),
        # the appendix tables (策定経過, 名簿, 奥付) hold no plan items
        ("warning", 673, "a table no recognizer reads (no name or "),
        ("warning", 692, "a table no recognizer reads (no name or "),
        ("warning", 749, "a table no recognizer reads (no name or "),
        ("warning", 771, "a table no recognizer reads (no name or "),
    ]


# ---------------------------------------------------------------- plan and tree


def test_plan():
    (plan,) = records("plans")
    assert plan.model_dump(exclude={"document_id"}) == {
        "plan_id": PLAN,
        "plan_key": PLAN.split("@")[0],
        "municipality_code": "08202",
        "city": "日立市",
        "title": "日立市コミュニティ活動推進行動計画",
        "edition": None,
        "status": "final",
        "fy_start": 2022,
        "fy_end": 2031,
        "page": None,
        "line": 3,
        "bbox": None,
    }


def test_goals():
    goals = [m for m in records("measures") if m.tier == "goal"]
    assert [
        (m.measure_id, m.seq, m.kind, m.code, m.code_raw, m.title, m.parent_id, m.line) for m in goals
    ] == [
        # printed first at lines 99–108, then with their actions: the line is where they are printed with them
        (mid("1"), 1, "取組の視点", "1", "取組の視点 1", "組織・活動の活性化・透明化", None, 120),
        (mid("2"), 16, "取組の視点", "2", "取組の視点 2", "協働体制の強化", None, 138),
        (mid("3"), 31, "取組の視点", "3", "取組の視点 3", "全世代の居場所づくり", None, 148),
    ]
    assert goals[0].description == (
        "持続可能な組織や活動とするための点検や見直しを行い、その結果を適切に反映させることにより、"
        "スムーズな世代交代、住民にとって魅力的な活動の選定や透明性のある組織づくりを行う。"
    )
    assert goals[1].description == (
        "市とコミュニティが連携・協力する事業について、事業内容の点検や見直しによる適切な協働の形態(事業の主体性)"
        "の判断を行うほか、新たな地域課題の解決に向けた市とコミュニティの協働体制を強化する。"
    )
    assert goals[2].description.startswith("地域への愛着やまちづくり・地域づくりに")
    assert goals[2].description.endswith("誰もが気軽に立ち寄れるよりどころを創出する。")


ACTIONS = [
    ("1", "No. 1", "コミュニティ持続のための新たな人材の発掘", True, "1"),
    ("2", "No.2", "子どもたちのコミュニティを学ぶ環境の整備", True, "1"),
    ("3", "No.3", "コミュニティで取り組んでいる活動の再点検", True, "1"),
    ("4", "No.4", "コミュニティ憲章の策定", True, "1"),
    ("5", "No.5", "コミュニティプランの改訂", True, "1"),
    ("6", "No.6", "コミュニティマップの改訂", True, "1"),
    ("7", "No.7", "脱炭素社会に向けた全世代型コミュニティ環境活動の充実", True, "1"),
    ("8", "No.8", "コミュニティ活動アプリポイント制の導入", True, "1"),
    ("9", "No.9", "コミュニティ活動参加者のスキルアップ等支援", False, "1"),
    ("10", "No.10", "会計処理方法等の統一及び財政強化策の検討", False, "1"),
    ("11", "No.11", "地域とともにある学校づくりの推進(コミュニティスクールの推進)", False, "1"),
    ("12", "No.12", "NPO・ボランティア団体等との連携の強化", False, "1"),
    ("13", "No.13", "コミュニティ活動等に関する広報の充実", False, "1"),
    ("14", "No.14", "コミュニティ活動事例集の作成", False, "1"),
    ("15", "No.15", "地域のつながり向上の取組", True, "2"),
    ("16", "No.16", "コミュニティが行う地域福祉活動の推進", True, "2"),
    ("17", "No.17", "個別避難計画による避難行動要支援者支援の強化", True, "2"),
    (
        "18",
        "No.18",
        "(仮称)まちづくりコーディネーターの配置とソーシャルデザインセンター設置の検討",
        True,
        "2",
    ),
    ("19", "No.19", "市職員の積極的な地域活動への参画", False, "2"),
    ("20", "No.20", "ボランティア募集アプリの構築", False, "2"),
    ("21", "No.21", "市報の新たな配布方式の定着", False, "2"),
    ("22", "No.22", "ごみ等収集システムの見直し", False, "2"),
    ("23", "No.23", "防犯灯の市への移管及び新たな管理体制づくり", False, "2"),
    ("24", "No.24", "不法投棄防止策の推進", False, "2"),
    ("25", "No.25", "地域公共交通の充実", False, "2"),
    ("26", "No.26", "街区公園等の維持管理の推進", False, "2"),
    ("27", "No.27", "有償ボランティアの検討", False, "2"),
    ("28", "No.28", "自主防災組織活動の活性化", False, "2"),
    ("29", "No.29", "フリースペースや学習室の設置", True, "3"),
    ("30", "No.30", "ICTを活用した高齢者のつながりの創出", True, "3"),
    ("31", "No.31", "デジタル化の推進", True, "3"),
    ("32", "No.32", "大学生との関係づくり支援", False, "3"),
    ("33", "No.33", "コミュニティへの若者参画促進", False, "3"),
    ("34", "No.34", "子育て世代の相談機会の充実", False, "3"),
    ("35", "No.35", "交流センター施設予約方法の変更", False, "3"),
]


def test_all_actions_in_order():
    actions = [m for m in records("measures") if m.tier == "action"]
    assert [
        (m.code, m.code_raw.removeprefix("推進事項 "), m.title, m.is_priority, m.parent_id.rsplit("/", 1)[1])
        for m in actions
    ] == ACTIONS
    # seq follows the overview: each goal, then the actions listed under it
    assert [m.seq for m in actions] == [*range(2, 16), *range(17, 31), *range(32, 39)]
    assert {(m.kind, m.plan_id, m.novelty, m.is_repost) for m in actions} == {("推進事項", PLAN, None, False)}


@pytest.mark.parametrize(("code", "code_raw", "title", "priority", "goal"), ACTIONS)
def test_action(code, code_raw, title, priority, goal):
    m = by(records("measures"), "measure_id")[mid(f"{goal}/{code}")]
    assert (m.code, m.code_raw, m.title, m.is_priority, m.parent_id) == (
        code,
        f"推進事項 {code_raw}",  # the numbering as printed, its word included (as headings keep it)
        title,
        priority,
        mid(goal),
    )
    assert clean(m.title_raw).endswith(title)
    assert m.issue and m.description


def test_action_texts():
    m = by(records("measures"), "measure_id")
    a10 = m[mid("1/10")]
    assert a10.title_raw == "会計処理方法等の統一及び財政強化策の検討"
    assert a10.issue == (
        "各コミュニティによって予算書等の様式が異なっており、事務処理が複雑になっているため、住民にとって分かりにくい"
        "会計処理になっている。また、新しい活動を展開しようとしても、予算が限られているため、活動の範囲が制約されてしまう。"
    )
    assert m[mid("1/1")].title_raw == "【重点】コミュニティ持続のための新たな人材の発掘"
    assert m[mid("1/1")].line == 278
    assert m[mid("2/22")].issue.startswith("平成27年度に再生資源集積所の立ち当番を廃止し")
    assert m[mid("2/23")].description.startswith("引き続き町内会等が所有するLED防犯灯を市に移管し")
    assert m[mid("3/35")].description == (
        "交流センターの利用方法について、施設予約のためのシステムの導入を検討することに合わせ、"
        "住民からの意見を取り入れながら「利用のきまり」を地域ごとにばらつきがないように点検し、住民にとって利用しやすい施設とする。"
    )


# ---------------------------------------------------------------- departments


@pytest.mark.parametrize(
    ("path", "departments"),
    [
        ("1/1", [("コミュニティ推進課", "生活環境部")]),
        ("1/6", [("コミュニティ推進課", "生活環境部"), ("郷土博物館", "教育委員会")]),
        (
            "1/8",
            [
                ("デジタル推進課", "市長公室"),
                ("コミュニティ推進課", "生活環境部"),
                ("生涯学習課", "教育委員会"),
            ],
        ),
        ("1/9", [("コミュニティ推進課", "生活環境部"), ("デジタル推進課", "市長公室"), ("人事課", "総務部")]),
        ("1/11", [("指導課", "教育委員会"), ("生涯学習課", "教育委員会"), ("学校再編課", "教育委員会")]),
        (
            "1/13",
            [
                ("コミュニティ推進課", "生活環境部"),
                ("シティプロモーション推進課", "市長公室"),
                ("デジタル推進課", "市長公室"),
            ],
        ),
        ("2/16", [("社会福祉課", "保健福祉部")]),
        ("2/22", [("リサイクル推進課", "生活環境部"), ("清掃センター", "生活環境部")]),
        ("3/33", [("女性若者支援課", "生活環境部")]),
    ],
)
def test_departments(path, departments):
    rows = [d for d in records("measure_departments") if d.measure_id == mid(path)]
    assert [(d.department, d.bureau) for d in rows] == departments
    assert [d.seq for d in rows] == list(range(1, len(departments) + 1))
    assert all(d.department_raw == d.department and d.former_department is None for d in rows)


def test_every_action_has_departments():
    assert {d.measure_id for d in records("measure_departments")} == {
        mid(f"{goal}/{code}") for code, _, _, _, goal in ACTIONS
    }


# ---------------------------------------------------------------- schedules


def schedules(path: str) -> list[tuple]:
    return [
        (s.seq, s.fy_start, s.fy_end, s.phase, s.source, s.line, s.activity)
        for s in records("schedules")
        if s.measure_id == mid(path)
    ]


def test_schedules_action_1():
    assert schedules("1/1") == [
        (1, 2022, 2026, "実施", "timeline", 207, None),
        (
            2,
            2022,
            2022,
            None,
            "yearly_plan",
            282,
            "コミュニティ推進協議会内への検討委員会の設置(委員会での検討事項)・役員の期数制限や定年制等"
            "・会則への役員の期数制限や定年制について定めるためのガイドラインの作成"
            "・経験を次の世代に受け継ぐための、役員退任者による顧問会議の創設"
            "・人材を育成するための、段階的にスキルアップする人づくりスキーム(担当者→事務局長、副会長→会長など)"
            "・自治会・町内会に限らず幅広い団体から役員を選出する方法・女性リーダー育成のため、役員への女性登用率の設定",
        ),
        (
            3,
            2023,
            2026,
            None,
            "yearly_plan",
            283,
            "検討結果に基づく選考や規定の改正等・透明性を高めるため、役員の選考基準や選考過程、選考結果を"
            "ホームページや広報紙で公開・総会等のZoomや動画配信による公開",
        ),
    ]
    raw = [s.activity_raw for s in records("schedules") if s.measure_id == mid("1/1")]
    assert raw[0] is None
    assert raw[2] == (
        "◆検討結果に基づく選考や規定の改正等\n"
        "・ 透明性を高めるため、役員の選考基準や選考過程、選考結果をホームページや広報紙で公開\n"
        "・ 総会等のZ o o mや動画配信による公開"
    )


def test_schedules_action_2():
    assert schedules("1/2") == [
        (1, 2022, 2026, "実施", "timeline", 208, None),
        (
            2,
            2022,
            2022,
            None,
            "yearly_plan",
            289,
            "児童・生徒が取材し作成した記事の各コミュニティの広報紙やコミュニティ情報紙「こみこみ」等への掲載",
        ),
        (
            3,
            2022,
            2022,
            None,
            "yearly_plan",
            289,
            "清掃活動のような身近な環境美化活動などを通じた地域の自然環境への愛着の醸成",
        ),
        (
            4,
            2023,
            2026,
            None,
            "yearly_plan",
            290,
            "コミュニティマップを活用し、地域の自然や歴史を学ぶ教材として活用※コミュニティマップの改訂(No.6)が"
            "令和4年度予定であるため、令和5年度の事業とする。",
        ),
        (
            5,
            2023,
            2026,
            None,
            "yearly_plan",
            290,
            "コミュニティ活動ハンドブックやコミュニティ活動事例集などを活用し、小学生に分かりやすい内容に編集した"
            "「子ども版のコミュニティ活動ハンドブック」を作成し、コミュニティ教育の教材として活用※コミュニティ活動"
            "ハンドブックの改訂(No.13)及びコミュニティ活動事例集の作成(No.14)が令和5年度予定であるため、令和6年度の事業とする。",
        ),
    ]


def test_schedules_action_22():
    assert schedules("2/22") == [
        (
            1,
            2022,
            2024,
            None,
            "yearly_plan",
            436,
            "日立市コミュニティ推進協議会代表者と市関係課所による合同検討会を設置(令和4年度上期)",
        ),
        (
            2,
            2022,
            2024,
            None,
            "yearly_plan",
            436,
            "問題点の洗い出しと改善方法等に関する意見交換、報告書まとめ",
        ),
        (3, 2022, 2024, None, "yearly_plan", 436, "報告書を基本とした「ごみ等収集システム」の全体的な見直し"),
        (4, 2025, 2025, None, "yearly_plan", 437, "限定した地域において試行・検証"),
        (5, 2026, 2026, None, "yearly_plan", 438, "全コミュニティにおいて実施"),
    ]


def test_schedules_action_33():
    assert schedules("3/33") == [
        (1, 2022, 2022, None, "yearly_plan", 513, "コミュニティの歴史や仕組みの把握"),
        (2, 2022, 2022, None, "yearly_plan", 513, "コミュニティ活動との連携方法の整理"),
        (
            3,
            2023,
            2023,
            None,
            "yearly_plan",
            514,
            "コミュニティ活動への理解を深めるための、コミュニティ活動の目的や内容を学ぶ講座やフィールドワーク、まち歩き等の実施",
        ),
        (4, 2023, 2023, None, "yearly_plan", 514, "コミュニティと若者かがやき会議が連携した事業の実施"),
        (
            5,
            2024,
            2024,
            None,
            "yearly_plan",
            515,
            "若者人材バンクを活用した、コミュニティ活動に参画する若者人材の発掘・把握",
        ),
        (
            6,
            2024,
            2024,
            None,
            "yearly_plan",
            515,
            "まちづくりや地域課題解決等に若者の視点を反映させるための仕組みづくり",
        ),
        (7, 2025, 2026, None, "yearly_plan", 516, "若者の視点を反映させた地域課題等の解決"),
    ]


def test_yearly_activity_counts():
    counts = Counter(s.measure_id for s in records("schedules") if s.source == "yearly_plan")
    assert counts[mid("1/7")] == 8  # eight ◆ items in one 令和4年度～令和8年度 row
    assert counts[mid("2/21")] == 2  # ①②③ lines stay inside the first ◆ item
    assert counts[mid("1/14")] == 4
    assert all(s.activity_raw.startswith("◆") for s in records("schedules") if s.source == "yearly_plan")


def test_timeline_first_strip():
    rows = [
        (s.measure_id, s.fy_start, s.fy_end, s.phase, s.line)
        for s in records("schedules")
        if s.source == "timeline"
    ]
    expected = []
    for line, code in enumerate(range(1, 15), start=207):
        if code in (8, 14):  # 準備 printed under 令和4年度, 実施 under 令和6年度
            expected += [
                (mid(f"1/{code}"), 2022, 2022, "準備", line),
                (mid(f"1/{code}"), 2023, 2026, "実施", line),
            ]
        else:  # 実施 alone under 令和6年度: one bar over the whole strip
            expected.append((mid(f"1/{code}"), 2022, 2026, "実施", line))
    assert rows == expected


# ---------------------------------------------------------------- links


def links(path: str, link_type: str) -> list[tuple]:
    return [
        (link.dst_id, link.dst_label, link.strength, link.line)
        for link in records("measure_links")
        if link.src_id == mid(path) and link.link_type == link_type
    ]


def test_supports_links():
    assert links("1/1", "supports") == [(None, "提言I 組織づくり", "strong", 191)]
    assert links("1/8", "supports") == [(None, "提言III 意識醸成", "strong", 198)]
    assert links("1/13", "supports") == [
        (None, "提言I 組織づくり", "weak", 203),
        (None, "提言II 活躍の場", "strong", 203),
        (None, "提言III 意識醸成", "weak", 203),
    ]
    assert links("2/16", "supports") == [
        (None, "提言I 組織づくり", "weak", 228),
        (None, "提言II 活躍の場", "strong", 228),
        (None, "提言III 意識醸成", "weak", 228),
    ]
    assert links("3/35", "supports") == [(None, "提言III 意識醸成", "strong", 248)]
    strong = Counter(link.dst_label for link in records("measure_links") if link.strength == "strong")
    assert strong == {"提言I 組織づくり": 17, "提言II 活躍の場": 9, "提言III 意識醸成": 9}


def test_reference_links():
    assert [
        (link.src_id, link.dst_id, link.dst_label, link.line)
        for link in records("measure_links")
        if link.link_type == "references"
    ] == [
        (mid("1/2"), mid("1/6"), "No.6", 290),
        (mid("1/2"), mid("1/13"), "No.13", 290),
        (mid("1/2"), mid("1/14"), "No.14", 290),
        (mid("1/5"), mid("2/18"), "No.18", 313),
        (mid("1/7"), mid("2/18"), "No.18", 326),
        (mid("2/19"), mid("1/13"), "No.13", 416),
    ]


# ---------------------------------------------------------------- rules


@pytest.mark.parametrize(
    ("positions", "width", "bars"),
    [
        ([2], 5, [[(0, 4)]]),
        ([0, 2], 5, [[(0, 0), (1, 4)]]),
        ([1, 3], 5, [[(0, 2), (3, 4)]]),
        ([1], 4, [[(0, 3)]]),
        ([0], 5, []),  # a lone label off-centre: no bar covers the strip
        ([0, 3], 5, [[(0, 1), (2, 4)]]),
        ([0, 3], 6, [[(0, 0), (1, 5)], [(0, 1), (2, 5)]]),  # two splits fit: ambiguous
        ([0, 1], 5, []),  # 実施 right after 準備 leaves 実施 off its centre
        ([], 5, []),
    ],
)
def test_centred_bars(positions, width, bars):
    assert centred_timeline.centred_bars(positions, width) == bars


SYNTHETIC = """\
南北市地域活動推進計画

計画の期間
令和６年度から令和10年度までの5年間とします。

基本目標 １ 担い手の育成
地域活動の担い手を育てる。

推進事項\t提言との関連性\t\t担当課
\t提言Ⅰ 組織\t提言Ⅱ 活動\t
1 担い手の育成\t\t\t
1 【重点】 人材バンクの設置\t◎\t○\t市民協働課
2 研修会の開催\t\t◎\t市民協働課、 生涯学習課
3 事例集の作成\t○\t\t市民協働課

令和６年度\t令和７年度\t令和８年度\t令和９年度\t令和10年度
\t\t実施\t\t
準備\t\t実施\t\t
実施\t\t\t\t

推進事項　Ｎｏ．１\t\t【重点】人材バンクの設置
担 当 部 課\t\t市民部 市民協働課
課題\t\t担い手が不足している。
推進内容\t具体の行動\t人材バンクを設置する（No.2）。
\t年度別行動計画\t令和６年度～令和７年度\t◆制度設計 ・登録方法の検討
\t\t令和８年度\t人材バンクの運用

推進事項 No.2\t\t研修会の開催
担当部課\t\t市民部 市民協働課
課題\t\t知識が不足している。
推進内容\t具体の行動\t研修会を開く。
\t年度別行動計画\t令和６年度 ～ 令和10年度\t◆研修会の開催 ◆講師の派遣
"""


def synthetic() -> tuple[str, object]:
    return extract_text(SYNTHETIC, "synthetic")


def test_synthetic_shapes():
    assert {"headings", "cards", "strip", "items"} <= set(synthetic()[0].split(" ")[0].split("+"))


def test_synthetic_tree():
    ext = synthetic()[1]
    (plan,) = ext.get("plans")
    assert (plan.plan_id, plan.title, plan.fy_start, plan.fy_end, plan.line) == (
        "00000-plan@synthetic",
        "南北市地域活動推進計画",
        2024,
        2028,
        1,
    )
    measures = ext.get("measures")
    assert [
        (m.measure_id, m.tier, m.kind, m.code, m.code_raw, m.title, m.is_priority, m.seq, m.line)
        for m in measures
    ] == [
        ("00000-plan@synthetic/1", "goal", "基本目標", "1", "基本目標 1", "担い手の育成", False, 1, 6),
        (
            "00000-plan@synthetic/1/1",
            "action",
            "推進事項",
            "1",
            "推進事項 No.1",
            "人材バンクの設置",
            True,
            2,
            21,
        ),
        (
            "00000-plan@synthetic/1/2",
            "action",
            "推進事項",
            "2",
            "推進事項 No.2",
            "研修会の開催",
            False,
            3,
            28,
        ),
        (
            "00000-plan@synthetic/1/3",
            "action",
            "推進事項",
            "3",
            "3",
            "事例集の作成",
            False,
            4,
            14,
        ),  # overview row only
    ]
    assert [(m.description, m.issue) for m in measures] == [
        ("地域活動の担い手を育てる。", None),
        ("人材バンクを設置する(No.2)。", "担い手が不足している。"),
        ("研修会を開く。", "知識が不足している。"),
        (None, None),
    ]


def test_synthetic_records():
    ext = synthetic()[1]
    assert [(d.measure_id, d.department, d.bureau, d.line) for d in ext.get("measure_departments")] == [
        ("00000-plan@synthetic/1/1", "市民協働課", "市民部", 22),  # 担 当 部 課: spaced label
        ("00000-plan@synthetic/1/2", "市民協働課", "市民部", 29),
        ("00000-plan@synthetic/1/3", "市民協働課", None, 14),  # from the overview: the action has no sheet
    ]
    assert [
        (s.measure_id, s.seq, s.fy_start, s.fy_end, s.phase, s.activity, s.source)
        for s in ext.get("schedules")
    ] == [  # each action's schedules in printed order: its strip row, then its yearly plan
        ("00000-plan@synthetic/1/1", 1, 2024, 2028, "実施", None, "timeline"),
        ("00000-plan@synthetic/1/1", 2, 2024, 2025, None, "制度設計・登録方法の検討", "yearly_plan"),
        (
            "00000-plan@synthetic/1/1",
            3,
            2026,
            2026,
            None,
            "人材バンクの運用",
            "yearly_plan",
        ),  # no ◆: the text
        ("00000-plan@synthetic/1/2", 1, 2024, 2024, "準備", None, "timeline"),
        ("00000-plan@synthetic/1/2", 2, 2025, 2028, "実施", None, "timeline"),
        ("00000-plan@synthetic/1/2", 3, 2024, 2028, None, "研修会の開催", "yearly_plan"),
        ("00000-plan@synthetic/1/2", 4, 2024, 2028, None, "講師の派遣", "yearly_plan"),
        # 実施 printed in the first year: no bar is centred there (the repair draws none), the cell as printed
        ("00000-plan@synthetic/1/3", 1, 2024, 2024, "実施", None, "timeline"),
    ]
    assert [(x.src_id, x.dst_id, x.dst_label, x.link_type, x.strength) for x in ext.get("measure_links")] == [
        ("00000-plan@synthetic/1/1", None, "提言I 組織", "supports", "strong"),
        ("00000-plan@synthetic/1/1", None, "提言II 活動", "supports", "weak"),
        ("00000-plan@synthetic/1/2", None, "提言II 活動", "supports", "strong"),
        ("00000-plan@synthetic/1/3", None, "提言I 組織", "supports", "weak"),
        ("00000-plan@synthetic/1/1", "00000-plan@synthetic/1/2", "No.2", "references", None),
    ]


def test_synthetic_warnings():
    # An action without a card keeps its overview row; a card's departments replace the overview's
    # short names; neither is a problem of the document.
    assert [(p.line, p.message) for p in synthetic()[1].problems] == []


def synthetic_with_bars(bars: list[Bar]) -> object:
    """The synthetic plan with `bars` drawn over its year strip, as the PDF reader gives them."""
    doc = Document("synthetic.pdf", "pdf", parse_lines(SYNTHETIC.split("\n")))
    next(b for b in doc.tables() if b.rows[0].cells[0].raw.startswith("令和")).bars = bars
    return segment_document(doc, Context("synthetic"))[1]


def test_synthetic_drawn_bars():
    ext = synthetic_with_bars(
        [
            Bar(1, 0, 4, "実施", (0, 1, 50, 2)),
            Bar(2, 0, 1, "", (0, 2, 20, 3)),  # no text on the bar: the label cell inside it (準備)
            Bar(2, 2, 4, "実施", (20, 2, 50, 3)),
            Bar(3, 1, 4, "", (10, 3, 50, 4)),  # 実施 printed left of the bar, none inside
            Bar(3, 5, 5, "", (50, 3, 60, 4)),  # beyond the year columns
        ]
    )
    assert [
        (s.measure_id, s.seq, s.fy_start, s.fy_end, s.phase, s.line, s.bbox)
        for s in ext.get("schedules")
        if s.source == "timeline"
    ] == [
        ("00000-plan@synthetic/1/1", 1, 2024, 2028, "実施", 17, [0, 1, 50, 2]),
        (
            "00000-plan@synthetic/1/2",
            1,
            2024,
            2025,
            "準備",
            18,
            [0, 2, 20, 3],
        ),  # the text's centred reading: 2024
        ("00000-plan@synthetic/1/2", 2, 2026, 2028, "実施", 18, [20, 2, 50, 3]),
        ("00000-plan@synthetic/1/3", 1, 2025, 2028, None, 19, [10, 3, 50, 4]),
    ]
    assert [(p.line, p.message) for p in ext.problems] == [
        (19, "action 3: label 実施 in 2024 lies under no bar"),
        (19, "action 3: the bar over 2025–2028 has no single label (no label); its phase is left empty"),
        (19, "action 3: a bar drawn outside the year columns; not read"),
    ]


def test_synthetic_row_without_bars_is_read_as_printed():
    """In a PDF, a row over which no bar is drawn gives its labels in the years they are printed in
    (the centred reading is the repair's, for the text export that lost its bars)."""
    ext = synthetic_with_bars([Bar(1, 0, 4, "実施", (0, 1, 50, 2))])
    assert [
        (s.measure_id, s.fy_start, s.fy_end, s.phase, s.bbox)
        for s in ext.get("schedules")
        if s.source == "timeline"
    ] == [
        ("00000-plan@synthetic/1/1", 2024, 2028, "実施", [0, 1, 50, 2]),
        ("00000-plan@synthetic/1/2", 2024, 2024, "準備", None),
        ("00000-plan@synthetic/1/2", 2026, 2026, "実施", None),
        ("00000-plan@synthetic/1/3", 2024, 2024, "実施", None),
    ]
    assert ext.problems == []


# ---------------------------------------------------------------- the PDF: bars drawn in the strip

# Page of the first strip and of the second (whose 23 rows do not match the 21 actions before it).
STRIP_PAGES = {"grid": (7, 10), "rules": (9, 12)}
# The bar boxes of actions 1, 8 and 14 (rounded to 0.01 pt).
BAR_BOXES = {
    "grid": {
        "1": [(58.0, 518.29, 351.12, 531.51)],
        "8": [(58.0, 640.09, 172.85, 653.31), (176.85, 640.09, 351.12, 653.31)],
        "14": [(58.0, 744.49, 113.42, 757.71), (117.42, 744.49, 351.12, 757.71)],
    },
    "rules": {
        "1": [(74.0, 108.1, 369.08, 125.8)],
        "8": [(74.0, 271.2, 189.63, 288.9), (193.63, 271.2, 369.08, 288.9)],
        "14": [(74.0, 411.0, 129.82, 428.7), (133.82, 411.0, 369.08, 428.7)],
    },
}


@pytest.fixture(scope="module")
def pdf_extractions(pdf_irs) -> dict:
    entry = next(e for e in read_manifest(RAW / "manifest.csv") if e.file == FILE)
    return {
        style: segment_document(pdf_irs[(style, entry.document_id)], Context(entry.document_id, entry))
        for style in PDF_STYLES
    }


def pdf_timeline(ext) -> list[tuple]:
    return [
        (s.measure_id, s.seq, s.fy_start, s.fy_end, s.phase, s.page, s.line)
        for s in ext.get("schedules")
        if s.source == "timeline"
    ]


@pytest.mark.parametrize("style", PDF_STYLES)
def test_pdf_timeline_from_bars(pdf_extractions, style):
    layout, ext = pdf_extractions[style]
    assert "cards" in layout.split(" ")[0].split("+")
    page = STRIP_PAGES[style][0]
    expected = []
    for code in range(1, 15):
        if code == 8:  # 準備 bar over 令和4–5年度, 実施 over 令和6–8年度 (the text reads 2022 / 2023–2026)
            expected += [
                (mid("1/8"), 1, 2022, 2023, "準備", page, None),
                (mid("1/8"), 2, 2024, 2026, "実施", page, None),
            ]
        elif code == 14:  # 準備 over 令和4年度 only: as the centred reading of the text
            expected += [
                (mid("1/14"), 1, 2022, 2022, "準備", page, None),
                (mid("1/14"), 2, 2023, 2026, "実施", page, None),
            ]
        else:  # one 実施 bar over the whole strip
            expected.append((mid(f"1/{code}"), 1, 2022, 2026, "実施", page, None))
    assert pdf_timeline(ext) == expected


@pytest.mark.parametrize("style", PDF_STYLES)
@pytest.mark.parametrize("code", ["1", "8", "14"])
def test_pdf_timeline_boxes_are_the_bars(pdf_extractions, style, code):
    ext = pdf_extractions[style][1]
    boxes = [
        tuple(round(v, 2) for v in s.bbox)
        for s in ext.get("schedules")
        if s.source == "timeline" and s.measure_id == mid(f"1/{code}")
    ]
    assert boxes == BAR_BOXES[style][code]


@pytest.mark.parametrize("style", PDF_STYLES)
def test_pdf_timeline_differs_from_the_text_only_where_the_bars_say_more(pdf_extractions, style):
    def rows(ext) -> set[tuple]:
        return {
            (s.measure_id, s.fy_start, s.fy_end, s.phase)
            for s in ext.get("schedules")
            if s.source == "timeline"
        }

    pdf, text = rows(pdf_extractions[style][1]), rows(extract(FILE)[1])
    assert pdf - text == {(mid("1/8"), 2022, 2023, "準備"), (mid("1/8"), 2024, 2026, "実施")}
    assert text - pdf == {(mid("1/8"), 2022, 2022, "準備"), (mid("1/8"), 2023, 2026, "実施")}


@pytest.mark.parametrize("style", PDF_STYLES)
def test_pdf_warnings(pdf_extractions, style):
    """The second strip stays unassigned: it is a table of its own, on another page than the overview."""
    problems = [(p.severity, p.page, p.line, p.message) for p in pdf_extractions[style][1].problems]
    assert problems[0] == (
        "warning",
        STRIP_PAGES[style][1],
        None,
        "year strip has 23 rows but the overview before it lists 21 actions; its bars are not assigned",
    )
    # the rest: the appendix tables (策定経過, 名簿, 奥付), which hold no plan items
    assert [p[3][:27] for p in problems[1:]] == ["a table no recognizer reads"] * 4
