"""鶴岡市 市の地域コミュニティ施策(案)検討経過シート: a crosswalk sheet read by the shape
recognizers (`pipeline/segment/crosswalk*.py`), record by record."""

import re
from pathlib import Path

import pytest

from pipeline.ingest.manifest import read_manifest
from pipeline.model.ir import Document
from pipeline.read.text import parse_lines
from pipeline.segment import segment_document
from pipeline.segment.base import Context
from tests.conftest import PDF_STYLES, RAW, by, extract, extract_text

FILE = "06203_tsuruoka_community_policy_review.txt"
OLD = "06203-community-1@06203_tsuruoka_community_policy_review"
NEW = "06203-community-2@06203_tsuruoka_community_policy_review"


LAYOUT = "crosswalk (56% of blocks)"  # its four text lines above the tables are not plan content


def records(table: str):
    return extract(FILE)[1].get(table)


def test_layout():
    assert extract(FILE)[0] == LAYOUT


def short(measure_id: str) -> str:
    """`06203-community-1@06203_tsuruoka_community_policy_review/1/1-3` → `1/1/1-3` (plan edition first)."""
    return measure_id.removeprefix("06203-community-").replace("@06203_tsuruoka_community_policy_review", "")


def test_plans():
    plans = by(records("plans"), "plan_id")
    assert list(plans) == [OLD, NEW]
    old, new = plans[OLD], plans[NEW]
    assert (old.title, old.edition, old.status, old.fy_start, old.fy_end) == (
        "市の地域コミュニティ施策(現行計画)",
        1,
        "final",
        None,
        None,
    )
    assert (new.title, new.edition, new.status, new.fy_start, new.fy_end) == (
        "市の地域コミュニティ施策(第2期計画)",
        2,
        "draft",
        None,
        None,
    )
    assert {(p.municipality_code, p.city, p.line) for p in plans.values()} == {("06203", "鶴岡市", 10)}


def test_counts():
    counts = {table: len(rows) for table, rows in extract(FILE)[1].records.items()}
    assert counts == {"plans": 2, "measures": 94, "measure_departments": 82, "measure_links": 65}


OLD_GOALS = [
    ("1", "住民主体による地域課題解決に向けた取組"),
    ("5", "持続可能な住民自治組織体制づくり"),
    ("3", "住民自治組織の強化に向けた新たな担い手の確保"),
    ("4", "次代へつなぐコミュニティ意識の醸成"),
    ("2", "広域コミュニティ機能の強化"),
    ("6", "小規模な単位自治組織の維持、負担軽減"),
    ("7", "安全・安心な暮らしの確保に向けた地域体制づくり"),
    ("9", "地域づくりにつながる生涯学習活動"),
    ("8", "住民自治組織と行政の連携の強化"),
]
NEW_GOALS = [
    ("1", "住民主体による地域課題解決を多面的に支援"),
    ("2", "コミュニティ意識の醸成と担い手の育成促進"),
    ("3", "広域コミュニティ機能の強化"),
    ("4", "小規模な単位自治組織への支援"),
    ("5", "安全・安心な暮らしの確保に向けた地域体制づくり"),
    ("6", "生涯学習活動を通じた地域づくりの推進"),
    ("7", "住民自治組織と行政の連携強化"),
]


@pytest.mark.parametrize(("plan", "expected"), [(OLD, OLD_GOALS), (NEW, NEW_GOALS)])
def test_goals(plan, expected):
    goals = [m for m in records("measures") if m.plan_id == plan and m.tier == "goal"]
    assert [(m.code, m.title) for m in goals] == expected
    assert all(
        m.kind == "施策" and m.parent_id is None and m.code_raw == chr(0x245F + int(m.code)) for m in goals
    )
    assert [m.measure_id for m in goals] == [f"{plan}/{code}" for code, _ in expected]


# (seq, id below the plan, code as printed, line, title start): every measure of each plan.
OLD_MEASURES = [
    (1, "1", "①", 13, "住民主体による地域課題解決に向け"),
    (2, "1/1-3", "①-3", 14, "住民自治組織総合交付金や広域コミ"),
    (3, "1/1-5", "①-5", 15, "地域の実態を踏まえ、今後の地域の"),
    (4, "1/1-1", "①-1", 16, "地域で行う住民ワークショップや住"),
    (5, "1/1-4", "①-4", 17, "地域課題の解決や地域づくりに向け"),
    (6, "1/1-2", "①-2", 18, "事例集の作成事例発表等の研修会を"),
    (7, "5", "⑤", 21, "持続可能な住民自治組織体制づくり"),
    (8, "5/5-1", "⑤-1", 22, "単位自治組織と広域コミュニティ組"),
    (9, "3", "③", 26, "住民自治組織の強化に向けた新たな"),
    (10, "3/3-1", "③-1", 27, "ライフステージに合わせた事業や世"),
    (11, "3/3-2", "③-2", 28, "地域の中核となる住民自治組織代表"),
    (12, "3/3-3", "③-3", 29, "就労者の地域コミュニティ活動への"),
    (13, "3/3-4", "③-4", 30, "転入者に対して、市民課等窓口での"),
    (14, "3/3-5", "③-5", 31, "移住定住の促進に向け、リーフレッ"),
    (15, "3/3-6", "③-6", 32, "各地域、各団体との連携のもと、情"),
    (16, "4", "④", 33, "次代へつなぐコミュニティ意識の醸"),
    (17, "4/4-1", "④-1", 34, "様々な地域活動において、一人ひと"),
    (18, "4/4-2", "④-2", 35, "学校と地域が連携し、子どもの郷土"),
    (19, "4/4-3", "④-3", 36, "若者や女性、退職者等の活躍の場の"),
    (20, "2", "②", 41, "広域コミュニティ機能の強化"),
    (21, "2/2-6", "②-6", 44, "広域コミュニティ組織と単位自治組"),
    (22, "2/2-2", "②-2", 45, "国、県等の各種支援事業の情報収集"),
    (23, "2/2-3", "②-3", 46, "広域コミュニティ組織や地域の高等"),
    (24, "2/2-5", "②-5", 47, "福祉、防災、地域づくり活動等の地"),
    (25, "2/2-4", "②-4", 48, "楡引、温海地域においては、地域の"),
    (26, "2/2-1", "②-1", 49, "交流、学習の場として、また、様々"),
    (27, "6", "⑥", 50, "小規模な単位自治組織の維持、負担"),
    (28, "6/6-1", "⑥-1", 51, "世帯数に配慮した住民自治組織総合"),
    (29, "6/6-2", "⑥-2", 52, "単位自治組織が体制や事業のあり方"),
    (30, "6/6-3", "⑥-3", 53, "近隣の単位自治組織との連携や統合"),
    (31, "7", "⑦", 57, "安全・安心な暮らしの確保に向けた"),
    (32, "7/7-2", "⑦-2", 58, "住民自治組織が、社会福祉協議会を"),
    (33, "7/7-1", "⑦-1", 59, "高齢者や障害者等が地域で安心して"),
    (34, "7/7-3", "⑦-3", 60, "放課後における子どもの安全で安心"),
    (35, "7/7-4", "⑦-4", 61, "子どもを犯罪や事故から守るため、"),
    (36, "7/7-6", "⑦-6", 62, "避難行動要支援者情報に基づく避難"),
    (37, "7/7-7", "⑦-7", 63, "災害時、緊急時に備えた住民自治組"),
    (38, "7/7-5", "⑦-5", 64, "住民自治組織や自主防災組織との連"),
    (39, "9", "⑨", 71, "地域づくりにつながる生涯学習活動"),
    (40, "9/9-1", "⑨-1", 72, "生涯学習推進員を配置し、住民自治"),
    (41, "9/9-2", "⑨-2", 73, "住民自治組織総合交付金等の交付に"),
    (42, "9/9-3", "⑨-3", 74, "住民ニーズに対応した事業や誰もが"),
    (43, "8", "⑧", 75, "住民自治組織と行政の連携の強化"),
    (44, "8/8-1", "⑧-1", 76, "地域と行政とのパイプ役を担う地区"),
    (45, "8/8-2", "⑧-2", 77, "事業の実施等において、地域の状況"),
    (46, "5/5-2", "⑤-2", 79, "住民自治組織に対する行政からの依"),
]
NEW_MEASURES = [
    (1, "1", "①", 13, "住民主体による地域課題解決を多面"),
    (2, "1/1-1", "①-1", 14, "住民自治組織総合交付金や広域コミ"),
    (3, "1/1-4", "①-4", 14, "地域まちづくり未来事業や市民まち"),
    (4, "1/1-2", "①-2", 15, "地域ビジョンの策定を通して、多く"),
    (5, "1/1-3", "①-3", 16, "地域が行うワークショップやアンケ"),
    (6, "1/1-5", "①-5", 17, "地域資源を活かしたコミュニティビ"),
    (7, "1/1-6", "①-6", 18, "住民自治組織の課題をタイムリーに"),
    (8, "1/1-7", "①-7", 19, "住民自治組織における活動状況等の"),
    (9, "1/1-8", "①-8", 20, "全世代・全員活躍型のコミュニティ"),
    (10, "2", "②", 26, "コミュニティ意識の醸成と担い手の"),
    (11, "2/2-1", "②-1", 27, "各住民自治組織において、子どもか"),
    (12, "2/2-2", "②-2", 28, "住民活動の担い手を対象に、人々が"),
    (13, "2/2-3", "②-3", 29, "得意分野を活かした役割分担など、"),
    (14, "2/2-8", "②-8", 30, "転入者等に対して住民自治組織への"),
    (15, "2/2-7", "②-7", 32, "婚活における地域組織との連携や、"),
    (16, "2/2-4", "②-4", 34, "様々な地域活動において、世代間交"),
    (17, "2/2-5", "②-5", 35, "学校と地域が連携・協働し、子ども"),
    (18, "2/2-6", "②-6", 37, "幅広い地域住民の参画によるコミュ"),
    (19, "3", "③", 41, "広域コミュニティ機能の強化"),
    (20, "3/3-1", "③-1", 42, "地域課題の解決を目指す地域運営組"),
    (21, "3/3-2", "③-2", 43, "コミセンの貸館業務の省力化を図る"),
    (22, "3/3-3", "③-3", 44, "広域コミュニティ組織と単位自治組"),
    (23, "3/3-4", "③-4", 45, "国県等の各種支援事業情報を収集し"),
    (24, "3/3-5", "③-5", 47, "福祉、防災、地域づくり活動等の地"),
    (25, "3/3-6", "③-6", 48, "楡引、温海地域においては、単位組"),
    (26, "4", "④", 50, "小規模な単位自治組織への支援"),
    (27, "4/4-1", "④-1", 51, "世帯数に配慮した住民自治組織総合"),
    (28, "4/4-2", "④-2", 52, "単位自治組織が組織体制や事業のあ"),
    (29, "5", "⑤", 57, "安全・安心な暮らしの確保に向けた"),
    (30, "5/5-2", "⑤-2", 58, "住民自治組織が、社会福祉協議会を"),
    (31, "5/5-3", "⑤-3", 59, "高齢者や障害者等が地域で安心して"),
    (32, "5/5-4", "⑤-4", 60, "学童期のすべての児童が放課後等を"),
    (33, "5/5-5", "⑤-5", 61, "子どもを犯罪や事故から守るため、"),
    (34, "5/5-6", "⑤-6", 62, "地域防災計画や避難行動要支援者支"),
    (35, "5/5-7", "⑤-7", 64, "講習会等による地域防災リーダーの"),
    (36, "5/5-8", "⑤-8", 65, "住民の防犯や交通安全に対する意識"),
    (37, "5/5-9", "⑤-9", 66, "空き家等対策計画に基づき、空き家"),
    (38, "5/5-10", "⑤-10", 67, "日常の移動手段として重要な役割を"),
    (39, "6", "⑥", 71, "生涯学習活動を通じた地域づくりの"),
    (40, "6/6-1", "⑥-1", 72, "広域コミュニティ組織等に生涯学習"),
    (41, "6/6-2", "⑥-2", 73, "住民自治組織総合交付金等の交付に"),
    (42, "6/6-3", "⑥-3", 74, "住民ニーズに対応した事業や誰もが"),
    (43, "7", "⑦", 75, "住民自治組織と行政の連携強化"),
    (44, "7/7-1", "⑦-1", 76, "アドバイザー職員やコミュニティ支"),
    (45, "7/7-5", "⑦-5", 77, "市の地域コミュニティ施策の推進に"),
    (46, "7/7-4", "⑦-4", 79, "住民自治組織にかかる負担軽減を図"),
    (47, "7/7-2", "⑦-2", 80, "住民自治組織が本計画の取組を推進"),
    (48, "7/7-3", "⑦-3", 81, "コミュニティセンターの使用料につ"),
]


@pytest.mark.parametrize(("plan", "expected"), [(OLD, OLD_MEASURES), (NEW, NEW_MEASURES)])
def test_all_measures(plan, expected):
    got = [m for m in records("measures") if m.plan_id == plan]
    assert [
        (m.seq, m.measure_id.removeprefix(plan + "/"), m.code_raw, m.line, m.title[:16]) for m in got
    ] == expected


def test_measure_fields():
    m = by(records("measures"), "measure_id")
    item = m[f"{NEW}/1/1-4"]
    assert (item.parent_id, item.tier, item.kind, item.code, item.code_raw) == (
        f"{NEW}/1",
        "action",
        "主な施策",
        "1-4",
        "①-4",
    )
    assert item.title == (
        "地域まちづくり未来事業や市民まちづくり活動促進事業、アドバイザー職員制度、ワークショップ開催支援等を通して、"
        "地域の自発性と自主性を尊重し、活動を支援します。"
    )
    assert item.title_raw.startswith("○地域まちづくり未来事業")
    # a sub-item printed without the ○ bullet
    assert m[f"{NEW}/4/4-2"].title.startswith("単位自治組織が組織体制や事業のあり方を検討する")
    assert m[f"{OLD}/5"].line == 21  # ⑤ is printed twice (lines 21 and 78): one measure


NEW_ONLY = ["1/1-7", "1/1-8", "2/2-6", "3/3-1", "3/3-2", "5/5-8", "5/5-9", "5/5-10", "7/7-2", "7/7-3"]


def test_new_only_items():
    with_predecessor = {link.dst_id for link in records("measure_links") if link.link_type == "successor"}
    new_items = [m for m in records("measures") if m.plan_id == NEW and m.tier == "action"]
    assert [
        m.measure_id.removeprefix(NEW + "/") for m in new_items if m.measure_id not in with_predecessor
    ] == NEW_ONLY
    assert [
        m.measure_id.removeprefix(NEW + "/") for m in records("measures") if m.novelty == "new"
    ] == NEW_ONLY
    assert all(m.novelty is None for m in records("measures") if m.plan_id == OLD)


DEPARTMENTS = {
    "1/1-1": ["コミ推", "各庁舎総企", "地域振興課"],
    "1/1-4": ["コミ推", "各庁舎総企"],
    "1/1-2": ["コミ推", "各庁舎総企"],
    "1/1-3": ["コミ推", "各庁舎総企"],
    "1/1-5": ["コミ推", "各庁舎総企"],
    "1/1-6": ["コミ推", "各庁舎総企"],
    "1/1-7": ["コミ推", "各庁舎総企"],
    "1/1-8": ["コミ推", "各庁舎総企"],
    "2/2-1": ["コミ推", "各庁舎総企"],
    "2/2-2": ["コミ推", "各庁舎総企"],
    "2/2-3": ["商工課", "コミ推", "各庁舎総企"],
    "2/2-8": ["市民課", "コミ推", "各庁舎総企"],
    "2/2-7": ["地域振興課"],
    "2/2-4": ["コミ推", "各庁舎総企"],
    "2/2-5": ["学校教育課", "社会教育課", "コミ推", "各庁舎総企"],
    "2/2-6": ["学校教育課", "社会教育課", "コミ推", "各庁舎総企"],
}
CANONICAL = {"コミ推": "コミュニティ推進課", "各庁舎総企": "各庁舎総務企画課"}


@pytest.mark.parametrize(("measure", "printed"), DEPARTMENTS.items())
def test_departments_of_new_items_1_and_2(measure, printed):
    rows = [d for d in records("measure_departments") if d.measure_id == f"{NEW}/{measure}"]
    assert [(d.seq, d.department_raw, d.department, d.bureau) for d in rows] == [
        (n, raw, CANONICAL.get(raw, raw), None) for n, raw in enumerate(printed, start=1)
    ]


def test_departments_elsewhere():
    deps: dict[str, list[tuple[str, str]]] = {}
    for d in records("measure_departments"):
        deps.setdefault(short(d.measure_id), []).append((d.department_raw, d.department))
    assert deps["2/3/3-6"] == [("楡引・温海庁舎総企", "楡引・温海庁舎総務企画課")]  # a layout space mended
    assert deps["2/5/5-6"] == [("防災安全課", "防災安全課"), ("地域包括ケア推進室", "地域包括ケア推進室")]
    assert deps["2/3/3-2"] == [("コミ推", "コミュニティ推進課")]
    assert all(m.startswith("2/") and "-" in m for m in deps)  # only the new plan's items have 関係課
    assert len(deps) == 41  # every new sub-item


def test_split_cell():
    """`①-1 … ①-4 …` in one cell: two items, each with its share of the department list."""
    m = by(records("measures"), "measure_id")
    assert (m[f"{NEW}/1/1-1"].line, m[f"{NEW}/1/1-4"].line) == (14, 14)
    links = [(short(link.src_id), short(link.dst_id)) for link in records("measure_links") if link.line == 14]
    assert links == [("1/1/1-3", "2/1/1-1"), ("1/1/1-3", "2/1/1-4")]
    deps = [(short(d.measure_id), d.department_raw) for d in records("measure_departments") if d.line == 14]
    assert deps == [
        ("2/1/1-1", "コミ推"), ("2/1/1-1", "各庁舎総企"), ("2/1/1-1", "地域振興課"),
        ("2/1/1-4", "コミ推"), ("2/1/1-4", "各庁舎総企"),
    ]  # fmt: skip


SUPPORTS = [
    ("1", "計画の柱III", 13), ("1", "計画の柱IV", 13), ("5", "計画の柱I", 21), ("3", "計画の柱I", 26),
    ("4", "計画の柱I", 33), ("4", "計画の柱IV", 33), ("2", "計画の柱I", 41), ("2", "計画の柱II", 41),
    ("2", "計画の柱III", 41), ("6", "計画の柱I", 50), ("7", "計画の柱II", 57), ("9", "計画の柱I", 71),
    ("9", "計画の柱III", 71), ("9", "計画の柱IV", 71), ("8", "計画の柱III", 75),
]  # fmt: skip


def test_supports_links():
    links = [link for link in records("measure_links") if link.link_type == "supports"]
    assert [(link.src_id.removeprefix(OLD + "/"), link.dst_label, link.line) for link in links] == SUPPORTS
    assert {(link.dst_id, link.strength, link.note) for link in links} == {(None, "strong", None)}


# Every successor link: (src, dst, line, note); ids below `06203-community-`.
SUCCESSORS = [
    ("1/1", "2/1", 13, "施策①→施策①"),
    ("1/5", "2/1", 21, "施策⑤は、施策①⑧へ分割"),
    ("1/3", "2/2", 26, "施策③+施策④⇒施策②"),
    ("1/4", "2/2", 33, "施策③+施策④⇒施策②"),
    ("1/2", "2/3", 41, "施策②→施策③"),
    ("1/6", "2/4", 50, "施策⑥→施策④"),
    ("1/7", "2/5", 57, "施策⑦→施策⑤"),
    ("1/9", "2/6", 71, "施策⑨→施策⑥"),
    ("1/8", "2/7", 75, "施策⑧→施策⑦"),
    ("1/5", "2/7", 78, "施策⑤は、施策①⑧へ分割"),
    (
        "1/1/1-3",
        "2/1/1-1",
        14,
        "・事業の変更(住民自治組織ステップアップ事業→市民まちづくり活動促進事業へ)・事業の追加(アドバイザー職員制度、ワークショップ開催支援)・2つの項目に分割",
    ),
    (
        "1/1/1-3",
        "2/1/1-4",
        14,
        "・事業の変更(住民自治組織ステップアップ事業→市民まちづくり活動促進事業へ)・事業の追加(アドバイザー職員制度、ワークショップ開催支援)・2つの項目に分割",
    ),
    ("1/1/1-5", "2/1/1-2", 15, "後半追加(人材育成)"),
    ("1/1/1-1", "2/1/1-3", 16, None),
    ("1/1/1-4", "2/1/1-5", 17, "後半追加(コミュニティビジネスの定着)"),
    ("1/1/1-2", "2/1/1-6", 18, None),
    ("1/3/3-1", "2/2/2-1", 27, None),
    ("1/3/3-2", "2/2/2-2", 28, None),
    ("1/3/3-3", "2/2/2-3", 29, None),
    ("1/3/3-4", "2/2/2-8", 30, None),
    ("1/3/3-6", "2/2/2-7", 32, None),
    ("1/4/4-1", "2/2/2-4", 34, None),
    ("1/4/4-2", "2/2/2-5", 35, None),
    ("1/2/2-6", "2/3/3-3", 44, None),
    ("1/2/2-2", "2/3/3-4", 45, "2つの項目を統合"),
    ("1/2/2-3", "2/3/3-4", 46, "2つの項目を統合"),
    ("1/2/2-5", "2/3/3-5", 47, None),
    ("1/2/2-4", "2/3/3-6", 48, None),
    ("1/6/6-1", "2/4/4-1", 51, None),
    ("1/6/6-2", "2/4/4-2", 52, "2つの項目を統合"),
    ("1/6/6-3", "2/4/4-2", 53, "2つの項目を統合"),
    ("1/7/7-2", "2/5/5-2", 58, None),
    ("1/7/7-1", "2/5/5-3", 59, None),
    ("1/7/7-3", "2/5/5-4", 60, None),
    ("1/7/7-4", "2/5/5-5", 61, None),
    (
        "1/7/7-6",
        "2/5/5-6",
        62,
        "2つの項目を統合(個人情報の取扱は各住民自治組織で十分に理解し、注意を払って収集・管理を行っているため、研修会等の開催は不要)",
    ),
    (
        "1/7/7-7",
        "2/5/5-6",
        63,
        "2つの項目を統合(個人情報の取扱は各住民自治組織で十分に理解し、注意を払って収集・管理を行っているため、研修会等の開催は不要)",
    ),
    ("1/7/7-5", "2/5/5-7", 64, None),
    ("1/9/9-1", "2/6/6-1", 72, None),
    ("1/9/9-2", "2/6/6-2", 73, None),
    ("1/9/9-3", "2/6/6-3", 74, None),
    ("1/8/8-1", "2/7/7-1", 76, "・事業の変更(地区担当職員→アドバイザー職員)・事業の追加(集落支援員)"),
    ("1/8/8-2", "2/7/7-5", 77, None),
    ("1/5/5-2", "2/7/7-4", 79, "施策⑧へ"),
    ("1/5/5-1", "2/1/1-6", 22, "施策①-2へ集約"),
    ("1/3/3-5", "2/2/2-8", 31, "削除(②-8に集約。個別に対応しているため)"),
    ("1/4/4-3", "2/2/2-2", 36, "施策②-2、3に集約"),
    ("1/4/4-3", "2/2/2-3", 36, "施策②-2、3に集約"),
    ("1/2/2-1", "2/1/1-1", 49, "施策①-3に集約"),
    ("1/2/2-1", "2/1/1-4", 49, "施策①-3に集約"),
]


def test_successor_links():
    links = [link for link in records("measure_links") if link.link_type == "successor"]
    assert [(short(link.src_id), short(link.dst_id), link.line, link.note) for link in links] == SUCCESSORS
    assert all(link.dst_label is None and link.strength is None for link in links)


def successors_of(old_code: str) -> list[tuple[str, str]]:
    """(new code, note) of every successor link from old measure `old_code` and its items."""
    ids = by(records("measures"), "measure_id")
    return [
        (ids[link.src_id].code, ids[link.dst_id].code, link.note)
        for link in records("measure_links")
        if link.link_type == "successor" and ids[link.src_id].code.split("-")[0] == old_code
    ]


def test_successors_of_old_1_merged_and_split():
    assert successors_of("1") == [
        ("1", "1", "施策①→施策①"),
        ("1-3", "1-1", NOTE_1_3),
        ("1-3", "1-4", NOTE_1_3),
        ("1-5", "1-2", "後半追加(人材育成)"),
        ("1-1", "1-3", None),
        ("1-4", "1-5", "後半追加(コミュニティビジネスの定着)"),
        ("1-2", "1-6", None),
    ]


NOTE_1_3 = (
    "・事業の変更(住民自治組織ステップアップ事業→市民まちづくり活動促進事業へ)"
    "・事業の追加(アドバイザー職員制度、ワークショップ開催支援)・2つの項目に分割"
)


def test_successors_of_old_3_with_deleted_item():
    assert successors_of("3") == [
        ("3", "2", "施策③+施策④⇒施策②"),
        ("3-1", "2-1", None),
        ("3-2", "2-2", None),
        ("3-3", "2-3", None),
        ("3-4", "2-8", None),
        ("3-6", "2-7", None),
        # ③-5 is deleted but its note names new ②-8 (no old ②-8 exists)
        ("3-5", "2-8", "削除(②-8に集約。個別に対応しているため)"),
    ]


def test_successors_of_old_5_split_over_two_measures():
    assert successors_of("5") == [
        ("5", "1", "施策⑤は、施策①⑧へ分割"),  # ⑤ printed in new ①'s section (line 21) …
        ("5", "7", "施策⑤は、施策①⑧へ分割"),  # … and again in new ⑦'s (line 78)
        ("5-2", "7-4", "施策⑧へ"),
        # ⑤-1 names ①-2 in the OLD numbering (old ①-2 → new ①-6), resolved by text similarity
        ("5-1", "1-6", "施策①-2へ集約"),
    ]


def test_successors_of_old_6_two_items_merged():
    assert successors_of("6") == [
        ("6", "4", "施策⑥→施策④"),
        ("6-1", "4-1", None),
        ("6-2", "4-2", "2つの項目を統合"),
        ("6-3", "4-2", "2つの項目を統合"),
    ]


def test_successors_of_old_7_merge_note_with_reason():
    note = "2つの項目を統合(個人情報の取扱は各住民自治組織で十分に理解し、注意を払って収集・管理を行っているため、研修会等の開催は不要)"
    assert successors_of("7") == [
        ("7", "5", "施策⑦→施策⑤"),
        ("7-2", "5-2", None),
        ("7-1", "5-3", None),
        ("7-3", "5-4", None),
        ("7-4", "5-5", None),
        ("7-6", "5-6", note),
        ("7-7", "5-6", note),
        ("7-5", "5-7", None),
    ]


def test_deleted_item_3_5():
    m = by(records("measures"), "measure_id")[f"{OLD}/3/3-5"]
    assert (m.seq, m.line, m.code_raw) == (14, 31, "③-5")
    assert (
        m.title
        == "移住定住の促進に向け、リーフレットやガイドブック等で情報提供を行うとともに、ふるさと会等と連携したPR活動を展開します。"
    )
    assert not [d for d in records("measure_departments") if d.measure_id == m.measure_id]
    links = [link for link in records("measure_links") if link.src_id == m.measure_id]
    assert [(link.dst_id, link.note) for link in links] == [
        (f"{NEW}/2/2-8", "削除(②-8に集約。個別に対応しているため)")
    ]


def test_warnings():
    assert [(p.severity, p.stage, p.line, p.message) for p in extract(FILE)[1].problems] == [
        ("warning", "segment", 42, "note '新規追加(地域運営組織)' of line 41 assigned to new item ③-1 (note printed one row early)"),
        ("warning", "segment", 43, "note '新規追加(貸館業務の省力化)' of line 42 assigned to new item ③-2 (note printed one row early)"),
        ("warning", "segment", 57, "note '新規追加(生活支援コーディネーター)' of line 57 matches no new item on its row or the next"),
        ("warning", "segment", 57, "new plan 施策⑤: sub-item ⑤-1 not printed (numbering gap)"),
        ("warning", "segment", 22, "old ⑤-1: target ①-2 exists in both plans; read as old numbering by text similarity (0.03 new vs 0.18 old)"),
        ("warning", "segment", 36, "old ④-3: target ②-2、3 exists in both plans; read as new numbering by text similarity (0.17 new vs 0.10 old)"),
        ("warning", "segment", 49, "old ②-1: target ①-3 exists in both plans; read as old numbering by text similarity (0.10 new vs 0.38 old)"),
    ]  # fmt: skip


# The page of each warning's row in the PDFs: grid, rules.
PDF_WARNING_PAGES = [(5, 7), (5, 7), (7, 10), (7, 10), (2, 3), (4, 5), (5, 8)]
TEXT_LINE = re.compile(r"\bline \d+")


@pytest.mark.parametrize("style", PDF_STYLES)
def test_pdf_warnings_are_the_texts(pdf_irs, style):
    """Row order, not line numbers, places the notes: the PDF warns as the text does, with pages."""
    entry = next(e for e in read_manifest(RAW / "manifest.csv") if e.file == FILE)
    layout, ext = segment_document(pdf_irs[(style, entry.document_id)], Context(entry.document_id, entry))
    assert layout == LAYOUT
    column = PDF_STYLES.index(style)
    text = extract(FILE)[1].problems
    expected = []
    for p, pages in zip(text, PDF_WARNING_PAGES, strict=True):
        page = pages[column]
        message = TEXT_LINE.sub(f"page {page}", p.message)  # the note's row is on the warning row's page
        expected.append((p.severity, p.stage, page, None, message))
    assert [(p.severity, p.stage, p.page, p.line, p.message) for p in ext.problems] == expected
    assert ext.problems[0].message == (
        f"note '新規追加(地域運営組織)' of page {PDF_WARNING_PAGES[0][column]} assigned to new item ③-1 "
        "(note printed one row early)"
    )
    assert {(plan.page, plan.line) for plan in ext.get("plans")} == {(1, None)}


def variant(line: str) -> str:
    """The same sheet as another extractor might print it: spaced, full-width, other marks."""
    line = (
        line.replace("現行計画", "現 行 計 画")
        .replace("第2期計画(案)", "第２期計画（案）")
        .replace("関係課", "関 係 課")
    )
    line = re.sub(r"(?<=[\u2460-\u2473])-", "－", line).replace("(", "（").replace(")", "）")
    return re.sub(r"^I\tII\tIII\tIV", "Ⅰ\tⅡ\tⅢ\tⅣ", line)


def test_another_extraction_of_the_same_sheet():
    entry = next(e for e in read_manifest(RAW / "manifest.csv") if e.file == FILE)
    lines = Path(RAW / FILE).read_text(encoding="utf-8").split("\n")
    doc = Document("variant.txt", "text", parse_lines([variant(line) for line in lines]))
    layout, ext = segment_document(doc, Context(entry.document_id, entry))
    assert layout == LAYOUT
    base = extract(FILE)[1]
    for table in ("plans", "measure_departments", "measure_links"):
        assert ext.get(table) == base.get(table)
    strip = ("code_raw", "title_raw")
    assert [m.model_copy(update=dict.fromkeys(strip)) for m in ext.get("measures")] == [
        m.model_copy(update=dict.fromkeys(strip)) for m in base.get("measures")
    ]
    assert [p.message.replace("－", "-") for p in ext.problems] == [p.message for p in base.problems]


OTHER_CITY = """\
○○市協働推進計画 新旧対照表

現行計画\t変更内容\t第３次計画\t担当課
①協働の意識づくり\t施策①→施策①\t①協働意識の醸成\t
①-1 ○広報紙で周知します。\t項目を統合\t①-1 ○広報紙やSNSで周知します。\t市民協働課
①-2 ○講座を開きます。\t\t\t
①-3 ○冊子を配ります。\t削除(役割を終えたため)\t\t
\t新規追加(大学連携)\t①-2 ○大学と連携します。\t市民協働課 企画課
②人材の育成\t削除\t\t
"""


def test_another_city_in_the_same_shape():
    """Other header words, no pillar columns, no repeated header, an uncounted merge, a deleted measure."""
    layout, ext = extract_text(OTHER_CITY, "other")
    assert layout == "crosswalk (50% of blocks)"
    assert [(p.plan_id, p.title, p.edition, p.status) for p in ext.get("plans")] == [
        ("00000-kyodo-2@other", "○○市協働推進計画(現行計画)", 2, "final"),
        ("00000-kyodo-3@other", "○○市協働推進計画(第3次計画)", 3, None),
    ]
    assert [(m.measure_id, m.tier, m.title, m.novelty) for m in ext.get("measures")] == [
        ("00000-kyodo-2@other/1", "goal", "協働の意識づくり", None),
        ("00000-kyodo-3@other/1", "goal", "協働意識の醸成", None),
        ("00000-kyodo-2@other/1/1-1", "action", "広報紙で周知します。", None),
        ("00000-kyodo-3@other/1/1-1", "action", "広報紙やSNSで周知します。", None),
        ("00000-kyodo-2@other/1/1-2", "action", "講座を開きます。", None),
        ("00000-kyodo-2@other/1/1-3", "action", "冊子を配ります。", None),
        ("00000-kyodo-3@other/1/1-2", "action", "大学と連携します。", "new"),
        ("00000-kyodo-2@other/2", "goal", "人材の育成", None),
    ]
    assert [(link.src_id, link.dst_id, link.note) for link in ext.get("measure_links")] == [
        ("00000-kyodo-2@other/1", "00000-kyodo-3@other/1", "施策①→施策①"),
        ("00000-kyodo-2@other/1/1-1", "00000-kyodo-3@other/1/1-1", "項目を統合"),
        ("00000-kyodo-2@other/1/1-2", "00000-kyodo-3@other/1/1-1", "項目を統合"),
    ]
    assert [(d.measure_id, d.department) for d in ext.get("measure_departments")] == [
        ("00000-kyodo-3@other/1/1-1", "市民協働課"),
        ("00000-kyodo-3@other/1/1-2", "市民協働課"),
        ("00000-kyodo-3@other/1/1-2", "企画課"),
    ]
    assert ext.problems == []
