"""一関市協働推進計画（第3次）案: project cards, read by the shape recognizers, exact records."""

from __future__ import annotations

import pytest

from pipeline.ingest.manifest import read_manifest
from pipeline.model.ir import Document
from pipeline.read.text import parse_lines
from pipeline.segment import segment_document
from pipeline.segment.base import Context
from tests.conftest import RAW, by, extract, extract_text

FILE = "03209_ichinoseki_kyodo_plan_3.txt"
PLAN = "03209-kyodo-3@03209_ichinoseki_kyodo_plan_3"
LAYOUT = "headings+aims+cards+indicators+labels+overview+legend (54% of blocks)"


@pytest.fixture(scope="module")
def ext():
    layout, extraction = extract(FILE)
    assert layout == LAYOUT
    return extraction


def records(ext, table):
    return ext.get(table)


def test_no_problems_but_the_tables_outside_the_plan(ext):
    """The shape recognizers name every table they do not read: here a history (年度 | 経過) and a
    table of examples (区分 | 活動の事例), neither part of the plan's tree."""
    assert [(p.severity, p.message.split(" (")[0], p.line) for p in ext.problems] == [
        ("warning", "a table no recognizer reads", 131),
        ("warning", "a table no recognizer reads", 298),
    ]


def test_plan(ext):
    (plan,) = records(ext, "plans")
    assert plan.model_dump(exclude={"document_id", "bbox"}) == {
        "plan_id": PLAN,
        "plan_key": PLAN.split("@")[0],
        "municipality_code": "03209",
        "city": "一関市",
        "title": "一関市協働推進計画(第3次)",
        "edition": 3,
        "status": "draft",
        "fy_start": 2024,
        "fy_end": 2028,
        "page": None,
        "line": 5,
    }


def test_counts(ext):
    counts = {table: len(recs) for table, recs in ext.records.items()}
    assert counts == {
        "plans": 1,
        "measures": 31,
        "schedules": 19,
        "measure_actors": 45,
        "indicators": 9,
        "indicator_values": 18,
    }


def test_goals(ext):
    goals = [m for m in records(ext, "measures") if m.tier == "goal"]
    assert [
        (m.measure_id, m.parent_id, m.kind, m.code, m.code_raw, m.title, m.seq, m.line) for m in goals
    ] == [
        (f"{PLAN}/1", None, "基本方針", "1", "基本方針1", "協働のための人づくり", 1, 381),
        (f"{PLAN}/2", None, "基本方針", "2", "基本方針 2", "協働のための環境づくり", 11, 436),
        (f"{PLAN}/3", None, "基本方針", "3", "基本方針3", "協働のための仕組みづくり", 18, 474),
    ]


MEASURES = [
    ("1/1", "市民意識の啓発", 383),
    ("1/2", "地域の人材育成", 399),
    ("1/3", "市職員の意識高揚", 414),
    ("2/1", "協働の主体の充実", 438),
    ("2/2", "協働を進めるための場づくり", 453),
    ("3/1", "情報の共有と意見の反映", 476),
    ("3/2", "行政等の支援", 491),
    ("3/3", "中間支援組織による支援", 505),
    ("3/4", "事業形態の選択活用", 514),
    ("3/5", "地域協働の仕組みづくり", 523),
]


def test_measures(ext):
    measures = [m for m in records(ext, "measures") if m.tier == "measure"]
    got = [(m.measure_id, m.parent_id, m.kind, m.code, m.code_raw, m.title, m.line) for m in measures]
    assert got == [
        (f"{PLAN}/{path}", f"{PLAN}/{path[0]}", "施策", path[2], f"({path[2]})", title, line)
        for path, title, line in MEASURES
    ]


def test_measure_descriptions(ext):
    measures = by(records(ext, "measures"), "measure_id")
    assert measures[f"{PLAN}/1/1"].description == (
        "地域の課題や将来像をお互いに共有し、役割を分担して取り組む、協働のまちづくりに関する総合的な情報提供を行います。"
    )
    assert measures[f"{PLAN}/2/1"].description == (
        "協働の主体となる持続可能な組織に向けて、若者など幅広い年代が参画しやすい仕組みづくりを進めます。\n"
        "市内の各地域や民間事業者(企業)などの様々な主体との交流や連携を進め、多様な人材が参画するまちづくりを促進します。"
    )
    assert all(m.description for m in measures.values() if m.tier == "measure")


ACTIONS = [
    # code, code_raw, title, novelty, parent 施策 (goal/measure)
    ("1", "事業1", "情報発信機能及び体制の強化", "expanded", "1/1"),
    ("2", "事業2", "地域協働体職員等情報交換会、活動成果報告会の開催", "expanded", "1/1"),
    ("3", "事業3", "学習機会の提供", "new", "1/2"),
    ("4", "事業4", "市政への参画", "new", "1/2"),
    ("5", "事業5", "職員研修の実施", "continued", "1/3"),
    ("6", "事業 6", "職員意識調査の実施", "new", "1/3"),
    ("7", "事業 7", "市民がつながる交流の場の充実", "new", "2/1"),
    ("8", "事業 8", "事業者との連携", "continued", "2/1"),
    ("9", "事業 9", "自治会等活動費総合補助金の活用", "continued", "2/2"),
    ("10", "事業 10", "話し合いの促進", "new", "2/2"),
    ("11", "事業 11", "「地域づくり計画」の市政への反映", "continued", "3/1"),
    ("12", "事業 12", "「地域協働体と行政との意見交換の場」の設置", "continued", "3/1"),
    ("13", "事業 13", "地域づくり交付金などによる支援", "continued", "3/2"),
    ("14", "事業 14", "職員による活動支援", "continued", "3/2"),
    ("15", "事業 15", "中間支援組織による支援", "continued", "3/3"),
    ("16", "事業 16", "事業形態の活用", "continued", "3/4"),
    ("17", "事業 17", "地域協働体の組織づくり", "continued", "3/5"),
    ("18", "事業 18", "地域による市民センターの管理", "continued", "3/5"),
]


@pytest.mark.parametrize(("code", "code_raw", "title", "novelty", "parent"), ACTIONS)
def test_action(ext, code, code_raw, title, novelty, parent):
    measures = by(records(ext, "measures"), "measure_id")
    m = measures[f"{PLAN}/{parent}/{code}"]
    assert (m.tier, m.kind, m.code, m.code_raw, m.title, m.title_raw, m.novelty, m.parent_id) == (
        "action",
        "事業",
        code,
        code_raw,
        title,
        title,
        novelty,
        f"{PLAN}/{parent}",
    )


def test_actions_in_order(ext):
    actions = [m for m in records(ext, "measures") if m.tier == "action"]
    assert [m.code for m in actions] == [a[0] for a in ACTIONS]


def test_seq_is_document_order(ext):
    measures = records(ext, "measures")
    assert [m.seq for m in measures] == list(range(1, 32))
    assert [m.line for m in measures] == sorted(m.line for m in measures)


def test_action_descriptions(ext):
    measures = by(records(ext, "measures"), "measure_id")
    assert measures[f"{PLAN}/1/1/2"].description == (
        "地域協働体・自治会の担い手としての意識の醸成を図るため、地域活動の成功事例や悩みを共有する情報交換会を開催します。\n"
        "地域協働体の活動成果を広く周知するとともに、まちづくりへの自発的な関わりを促進するため、活動成果発表会を開催します。"
    )
    assert measures[f"{PLAN}/1/3/5"].description == (
        "職員が協働の意味を正しく理解し、実践できるよう職員研修や新採用職員研修等を行います。"
        "また、職員も地域の一人として地域活動に積極的に参加するよう意識の醸成を図ります。"
    )
    assert measures[f"{PLAN}/3/4/16"].description == (
        "事業形態の選択に当たっては、相乗効果が最も見込まれるものを選択し、その機能が十分生かされるよう努めます。\n"
        "※事業形態:共催、後援、実行委員会、委託、補助、協定など"
    )
    assert all(m.description and "○" not in m.description for m in measures.values() if m.tier == "action")


def schedules_of(ext, measure_id):
    return [
        (s.seq, s.fy_start, s.fy_end, s.phase, s.activity, s.source, s.line)
        for s in records(ext, "schedules")
        if s.measure_id == measure_id
    ]


def test_schedules(ext):
    assert schedules_of(ext, f"{PLAN}/1/1/1") == [(1, 2024, 2028, "実施", None, "timeline", 390)]
    assert schedules_of(ext, f"{PLAN}/3/1/11") == [
        (1, 2024, 2025, "検討", None, "timeline", 484),
        (2, 2026, 2028, "実施", None, "timeline", 484),
    ]
    actions = [m.measure_id for m in records(ext, "measures") if m.tier == "action"]
    assert {s.measure_id for s in records(ext, "schedules")} == set(actions)


def actors_of(ext, measure_id):
    return [(a.actor, a.role) for a in records(ext, "measure_actors") if a.measure_id == measure_id]


@pytest.mark.parametrize(
    ("measure_id", "actors"),
    [
        ("1/1/1", [("市民等", "partner"), ("協働体", "partner"), ("市", "lead")]),  # ①
        ("1/2/4", [("市民等", "lead"), ("協働体", "partner"), ("市", "partner")]),  # ④
        ("1/3/5", [("市", "lead")]),  # ⑤
        ("2/1/7", [("市民等", "partner"), ("協働体", "lead"), ("市", "partner")]),  # ⑦ (different wording)
        ("2/2/9", [("市民等", "lead"), ("市", "partner")]),  # ⑨ (empty 協働体 cell)
        ("3/2/13", [("協働体", "partner"), ("市", "lead")]),  # ⑬ (different wording)
        ("3/5/18", [("市民等", "partner"), ("協働体", "lead"), ("市", "partner")]),  # ⑱
    ],
)
def test_actors(ext, measure_id, actors):
    assert actors_of(ext, f"{PLAN}/{measure_id}") == actors


# The 体系図 marks of ①…⑱ in its column order 市民等 | 協働体 | 市 ("-" = empty cell).
TREE_MARKS = "○○◎ ○○◎ ○○◎ ◎○○ --◎ --◎ ○◎○ ○○◎ ◎-○ ○◎○ -○◎ -○◎ -○◎ -○◎ ○○◎ ○○◎ ○○◎ ○◎○".split()


def test_all_actors(ext):
    actions = [m.measure_id for m in records(ext, "measures") if m.tier == "action"]
    roles = {"◎": "lead", "○": "partner"}
    expected = [
        (mid, actor, roles[mark], 356 + n + (n >= 6) + (n >= 10))
        for n, (mid, marks) in enumerate(zip(actions, TREE_MARKS, strict=True))
        for actor, mark in zip(("市民等", "協働体", "市"), marks, strict=True)
        if mark != "-"
    ]
    assert [(a.measure_id, a.actor, a.role, a.line) for a in records(ext, "measure_actors")] == expected


def test_actors_only_on_cards(ext):
    measures = by(records(ext, "measures"), "measure_id")
    assert {measures[a.measure_id].tier for a in records(ext, "measure_actors")} == {"action"}
    assert len({a.measure_id for a in records(ext, "measure_actors")}) == 18


INDICATORS = [
    # indicator_id, measure_id, name, unit, baseline value/text, target value/text, line
    ("i1", None, "市民1人当たりの市民センター利用回数", "回/年", 3.77, "3.77", 4.23, "4.23", 345),
    ("1/i1", "1", "輪っしょい!!WEBへの年間アクセス数", "件", 7033.0, "7,033", 10000.0, "10,000", 432),
    ("1/i2", "1", "まちづくりスタッフバンクの登録者数", "人", 41.0, "41", 61.0, "61", 433),
    ("1/i3", "1", "市職員の協働に対する認知度", "%", None, "—", 90.0, "90", 434),
    ("2/i1", "2", "地域協働体の活動件数", "件", 466.0, "466", 486.0, "486", 471),
    (
        "2/i2",
        "2",
        "いちのせき市民活動センターによる話し合い支援の件数",
        "件",
        138.0,
        "138",
        150.0,
        "150",
        472,
    ),
    ("3/i1", "3", "チーム会議の開催数", "回", 125.0, "125", 170.0, "170", 541),
    ("3/i2", "3", "いちのせき市民活動センター年間相談件数", "件", 2335.0, "2,335", 2500.0, "2,500", 542),
    ("3/i3", "3", "地域協働体の設立件数", "件", 33.0, "33", 34.0, "34", 543),
]


def test_indicators(ext):
    got = [
        (
            i.indicator_id,
            i.measure_id,
            i.seq,
            i.name,
            i.unit,
            i.baseline_value,
            i.baseline_text,
            i.baseline_fy,
            i.target_value,
            i.target_text,
            i.target_fy,
            i.actual_value,
            i.actual_text,
            i.line,
        )
        for i in records(ext, "indicators")
    ]
    assert got == [
        (
            f"{PLAN}/{iid}",
            mid and f"{PLAN}/{mid}",
            n,
            name,
            unit,
            bv,
            bt,
            2022,
            tv,
            tt,
            2028,
            None,
            None,
            line,
        )
        for n, (iid, mid, name, unit, bv, bt, tv, tt, line) in enumerate(INDICATORS, start=1)
    ]


def test_indicator_values_of_dash_baseline(ext):
    values = [v for v in records(ext, "indicator_values") if v.indicator_id == f"{PLAN}/1/i3"]
    assert [(v.kind, v.fiscal_year, v.value, v.value_text, v.unit) for v in values] == [
        ("baseline", 2022, None, "—", "%"),
        ("target", 2028, 90.0, "90", "%"),
    ]


# --- the shape in other hands: full-width forms, other spacing, other words, an overview mismatch


SYNTHETIC = """\
架空市協働推進計画
（第２次）
令和７年度～令和９年度
１　計画の目的
基本方針１
参加のしくみ
（１）　情報の共有
・① 情報を共有します。
事業１\t情報発信\t【新規】
内容\t○広報を行います。○説明会を開きます。\t実施年度
\t\t７年度\t８年度\t９年度
\t\t準備\t→\t実施

事業２\t相談窓口\t継続
内容\t○相談を受けます。\t実施年度
\t７年度\t８年度\t９年度
検討\t→\t実施

体系図
基本方針\tNo.\t取組\t市民\t市
基本方針１\t1\t①情報発信\t○\t◎
\t2\t②相談窓口\t◎\t○
\t\t③交流の場\t○\t◎
"""


@pytest.fixture(scope="module")
def synthetic():
    return extract_text(SYNTHETIC, "synthetic")


def test_synthetic_layout(synthetic):
    assert synthetic[0] == "headings+cards+aims+overview (67% of blocks)"


def test_synthetic_tree(synthetic):
    ext = synthetic[1]
    (plan,) = ext.get("plans")
    assert (plan.plan_id, plan.title, plan.edition, plan.fy_start, plan.fy_end) == (
        "00000-kyodo-2@synthetic",
        "架空市協働推進計画(第2次)",
        2,
        2025,
        2027,
    )
    got = [
        (m.measure_id, m.tier, m.code, m.code_raw, m.title, m.novelty, m.description)
        for m in ext.get("measures")
    ]
    assert got == [
        ("00000-kyodo-2@synthetic/1", "goal", "1", "基本方針1", "参加のしくみ", None, None),
        ("00000-kyodo-2@synthetic/1/1", "measure", "1", "(1)", "情報の共有", None, "情報を共有します。"),
        (
            "00000-kyodo-2@synthetic/1/1/1",
            "action",
            "1",
            "事業1",
            "情報発信",
            "new",
            "広報を行います。\n説明会を開きます。",
        ),
        (
            "00000-kyodo-2@synthetic/1/1/2",
            "action",
            "2",
            "事業2",
            "相談窓口",
            "continued",
            "相談を受けます。",
        ),
    ]


def test_synthetic_schedules(synthetic):
    got = [(s.measure_id[-1], s.seq, s.fy_start, s.fy_end, s.phase) for s in synthetic[1].get("schedules")]
    # 事業１ is read by column; 事業２'s phase cells are shifted against its strip and read in order.
    assert got == [
        ("1", 1, 2025, 2026, "準備"),
        ("1", 2, 2027, 2027, "実施"),
        ("2", 1, 2025, 2026, "検討"),
        ("2", 2, 2027, 2027, "実施"),
    ]


def test_synthetic_actors_and_warnings(synthetic):
    ext = synthetic[1]
    assert [(a.measure_id, a.actor, a.role, a.line) for a in ext.get("measure_actors")] == [
        ("00000-kyodo-2@synthetic/1/1/1", "市民", "partner", 21),
        ("00000-kyodo-2@synthetic/1/1/1", "市", "lead", 21),
        ("00000-kyodo-2@synthetic/1/1/2", "市民", "lead", 22),
        ("00000-kyodo-2@synthetic/1/1/2", "市", "partner", 22),
    ]
    assert [(p.severity, p.message, p.line) for p in ext.problems] == [
        ("warning", "overview row ③交流の場 matches no action: its marks are not recorded", 23),
    ]


def test_full_width_printing_gives_the_same_records(ext):
    """The same plan printed with full-width digits, brackets and spaces reads the same."""
    entry = next(e for e in read_manifest(RAW / "manifest.csv") if e.file == FILE)
    text = (RAW / FILE).read_text(encoding="utf-8")
    wide = text.translate(str.maketrans("0123456789() ", "０１２３４５６７８９（）\u3000"))
    _, other = segment_document(
        Document("wide.txt", "text", parse_lines(wide.split("\n"))), Context(entry.document_id, entry)
    )
    assert [p.message for p in other.problems] == [p.message for p in ext.problems]
    skip = {"code_raw", "title_raw", "name_raw", "baseline_text", "target_text", "value_text"}
    for table in ("plans", "measures", "schedules", "measure_actors", "indicators", "indicator_values"):
        assert [r.model_dump(exclude=skip) for r in other.get(table)] == [
            r.model_dump(exclude=skip) for r in ext.get(table)
        ]
