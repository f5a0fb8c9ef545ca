"""那須塩原市 協働のまちづくり行動計画 令和5年度実施状況（プロセス３）: an evaluation sheet, read by the shapes.

Its text export scrambled the sheet; the repair `scrambled_sheet` gives the IR its pages
back (headings over key–value rows), which the generic recognizers read: cards
(`segment/cards.py`) and headings printed together over a table (`segment/heading_runs.py`).
"""

from __future__ import annotations

import pytest

from pipeline.model.ir import Block, Cell, Document, Row
from pipeline.segment import segment_document
from pipeline.segment.base import Context
from pipeline.segment.repair.scrambled_sheet import find_pivots
from pipeline.segment.repair.sheet_lines import Item, is_header
from pipeline.segment.tables import recognize
from pipeline.segment.vocabulary import load_vocabulary
from tests.conftest import by, extract, extract_text

FILE = "09213_nasushiobara_kyodo_progress_r5.txt"
PLAN = "09213-kyodo@09213_nasushiobara_kyodo_progress_r5"
GOAL = f"{PLAN}/3"


@pytest.fixture(scope="module")
def ext():
    layout, extraction = extract(FILE)
    assert layout == "headings+items (100% of blocks)"
    return extraction


# ---------------------------------------------------------------- plan and tree


def test_plan(ext):
    (plan,) = ext.get("plans")
    assert (
        plan.model_dump(exclude={"bbox", "page"})
        == {
            "document_id": "09213_nasushiobara_kyodo_progress_r5",
            "plan_id": PLAN,
            "plan_key": PLAN.split("@")[0],
            "municipality_code": "09213",
            "city": "那須塩原市",
            "title": "協働のまちづくり行動計画",  # a progress report (the manifest says so): the plan its title names
            "edition": None,
            "status": "final",
            "fy_start": None,
            "fy_end": None,
            "line": None,  # the title is the manifest's: nothing printed names the plan
        }
    )


def test_goal_and_measures(ext):
    heads = [m for m in ext.get("measures") if m.tier != "action"]
    got = [
        (m.measure_id, m.parent_id, m.tier, m.kind, m.code, m.code_raw, m.title, m.title_raw, m.seq, m.line)
        for m in heads
    ]
    # kind: the document's own word (プロセス), else the tier (the （n） headings print no word);
    # title_raw: the heading as printed, its numbering included.
    assert got == [
        (GOAL, None, "goal", "プロセス", "3", "プロセス3", "夢を描く(集う)", "プロセス３　夢を描く（集う） 【行動計画Ｐ．８～１０】", 1, 2),
        (f"{GOAL}/1", GOAL, "measure", "measure", "1", "(1)", "市民の組織機能を強化するための支援",
         "（１）市民の組織機能\nを強化するための支\n援", 2, 170),
        (f"{GOAL}/2", GOAL, "measure", "measure", "2", "(2)", "相互交流のネットワーク化", "（２）相互交流のネット\nワーク化", 14, 399),
        (f"{GOAL}/3", GOAL, "measure", "measure", "3", "(3)", "市職員の市民団体活動などへの参加促進",
         "（３）市職員の市民団\n体活動などへの参加\n促進", 18, 469),
    ]  # fmt: skip


# (position, parent, title, department, former department, partner codes, grade, seq, line)
PROJECTS = [
    (1, "/1", "各種助成制度の情報提供", "市民協働推進課", None, "①②③④⑤⑥⑦", "B", 3, 6),
    (2, "/1", "コミュニティ設立支援", "市民協働推進課", None, "⑤", "D", 4, 34),
    (3, "/1", "自治会活動支援", "市民協働推進課", None, "⑤", "A", 5, 61),
    (4, "/1", "自治会加入促進に関する連携", "市民協働推進課", None, "⑤", "C", 6, 89),
    (5, "/1", "コミュニティ助成", "市民協働推進課", None, "⑤", "B", 7, 115),
    (6, "/1", "自治公民館施設整備", "市民協働推進課", None, "⑤", "B", 8, 132),
    (7, "/1", "自主防災組織結成促進・活動支援事業", "危機管理課", "危機管理室", "⑤", "C", 9, 179),
    (8, "", "消費者団体の育成(消費生活推進連絡会・生活学校)", "交通防犯課", "生活課", "②", "A", 10, 220),
    (9, "", "食生活改善推進員養成育成事業", "健康増進課", None, "②", "B", 11, 253),
    (10, "", "市民活動センター団体登録事業", "市民協働推進課", None, "①②③④⑤⑦", "B", 12, 288),
    (11, "", "避難行動要支援者の支援", "社会福祉課", None, "①②③⑤⑦", "B", 13, 318),
    (12, "/2", "地域共生社会推進支援事業", "社会福祉課", None, "③⑦", "B", 15, 354),
    (13, "/2", "地域住民助け合い事業", "高齢福祉課", None, "①③⑤", "A", 16, 404),
    (14, "", "コミュニティ・スクールの導入", "生涯学習課", None, "②⑤⑦", "B", 17, 431),
    (15, "/3", "市職員研修", "市民協働推進課", None, "⑦", "D", 19, 473),
]


# A project prints no numbering: its id is its position among its parent's children (n1, n2 …).
# The goal's children: （１）, projects 8–11, （２）, project 14, （３）.
SIBLING = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: 2, 9: 3, 10: 4, 11: 5, 12: 1, 13: 2, 14: 7, 15: 1}


def _mid(pos: int, parent: str) -> str:
    return f"{GOAL}{parent}/n{SIBLING[pos]}"


def test_actions_in_order(ext):
    actions = [m for m in ext.get("measures") if m.tier == "action"]
    assert [(m.measure_id, m.title) for m in actions] == [(_mid(p[0], p[1]), p[2]) for p in PROJECTS]
    assert [m.seq for m in ext.get("measures")] == list(range(1, 20))


@pytest.mark.parametrize(
    ("pos", "parent", "title", "dept", "former", "codes", "grade", "seq", "line"), PROJECTS
)
def test_project(ext, pos, parent, title, dept, former, codes, grade, seq, line):
    mid = _mid(pos, parent)
    m = by(ext.get("measures"), "measure_id")[mid]
    assert (m.parent_id, m.tier, m.kind, m.code, m.code_raw, m.title, m.seq, m.line) == (
        f"{GOAL}{parent}", "action", "事業", None, None, title, seq, line
    )  # fmt: skip
    (d,) = [d for d in ext.get("measure_departments") if d.measure_id == mid]
    assert (d.seq, d.department, d.former_department, d.bureau) == (1, dept, former, None)
    actors = [a for a in ext.get("measure_actors") if a.measure_id == mid]
    assert "".join(a.actor for a in actors) == codes
    assert {a.role for a in actors} == {"partner"}
    e = by(ext.get("evaluations"), "measure_id")[mid]
    assert (e.fiscal_year, e.grade, e.status) == (2023, grade, None)


def test_split_titles_and_renames(ext):
    measures = by(ext.get("measures"), "measure_id")
    assert measures[_mid(4, "/1")].title_raw == "自治会加入促進に関する連\n携"
    assert measures[_mid(8, "")].title_raw == "消費者団体の育成（消費生\n活推進連絡会・生活学校）"
    assert measures[_mid(1, "/1")].title_raw == "各種助成制度の情報提供"
    departments = by(ext.get("measure_departments"), "measure_id")
    assert departments[_mid(7, "/1")].department_raw == "危機管理室→危機管理課"
    assert (departments[_mid(7, "/1")].line, departments[_mid(8, "")].line) == (182, 223)
    assert departments[_mid(8, "")].department_raw == "生活課→交通防犯課"


def test_texts(ext):
    measures = by(ext.get("measures"), "measure_id")
    evaluations = by(ext.get("evaluations"), "measure_id")
    staff = _mid(15, "/3")
    assert measures[staff].description == (
        "市職員として採用後2年以上5年以下で研修未受講の職員に対し、とちぎ協働アドバイザーを講師に迎え研修を実施した。"
    )
    assert evaluations[staff].summary == (
        "協働に関する基礎知識を得る機会を創出でき、自治会などの地域活動への理解を深めることができた。"
    )
    assert evaluations[staff].problems == "研修の実施方法、対象や内容の検討が必要。"
    assert evaluations[staff].line == 478
    # Effect printed on the grade line, no label.
    grant = _mid(5, "/1")
    assert (
        measures[grant].description
        == "市コミュニティ連絡協議会加入団体に対し、コミュニティ活動支援補助金を交付した。"
    )
    assert evaluations[grant].summary == "コミュニティ活動の活性化につながった。"
    assert evaluations[grant].problems is None
    # 効果 label on its own line after a grade on its own line; (1)(2)(3) inside a description.
    assert (
        evaluations[_mid(1, "/1")].summary
        == "情報提供を機に助成金の申請をしたとの話もあり、情報提供の成果が見られた。"
    )
    assert measures[_mid(3, "/1")].description == (
        "(1)自治会が行う地域振興を図るための事業及び活動等を要する費用の一部を補助した。申請した198自治会に補助"
        "(全213自治会) (2)自治会全体会で「事務事業説明資料」及び「自治会活動の手引き」を配布した。 "
        "(3)自治会長研修を開催し「自治会の現状について」「活動事例紹介」資料を配布した。"
    )
    assert evaluations[_mid(2, "/1")].summary == (
        "共英コミュニティでは、設立以来初の総会が開催された。新規設立に必要な共通認識や地域での連帯感が醸成されていない。"
    )
    assert all(e.problems is None for e in ext.get("evaluations") if e.measure_id != staff)


# ---------------------------------------------------------------- indicators

# (position, name, unit, baseline value/text, target value/text, actual value/text, line)
INDICATORS = [
    (1, "センターへの相談件数", "件", 17, "17件", 30, "30件", 45, "45件", 19),
    (2, "コミュニティ未設置地区", "地区", 3, "3地区", 2, "2地区", 3, "3地区", 46),
    (3, "補助金活用自治会の割合", "%", 85.19, "85.19%", 87, "87%", 89.7, "89.7%", 74),
    (4, "自治会加入率", "%", 60.4, "60.4%", 60, "60%", 58.2, "58.2%", 103),
    (5, "補助金交付割合", "%", 75, "75%", 100, "100%", 93.75, "93.75%", 120),
    (6, "補助金活用経験のある自治公民館の割合", "%", 77.9, "77.9%", 80, "80%", 79.9, "79.9%", 140),
    (7, "自主防災組織の世帯カバー率", "%", 81.6, "81.6%", 95, "95%", 81.6, "81.6%", 205),
    (8, "継続的な支援", None, None, "実施", None, "充実", None, "充実", 241),
    (9, "食生活改善推進員会員数", "人", 43, "43人", 55, "55人", 45, "45人", 273),
    (10, "登録団体数", "団体", 129, "129団体", 150, "150団体", 134, "134団体", 306),
    (11, "同意取得者に対する個別計画の作成率", "%", 60, "60%", 80, "80%", 56.5, "56.5%", 335),
    (12, "多機関協働による相談支援の実施", None, None, "実施", None, "充実", None, "充実", 380),
    (13, "地域住民助け合い団体数", "団体", 122, "122団体", 133, "133団体", 147, "147団体", 416),
    (14, "コミュニティ・スクールの導入率", "%", None, "-", 100, "100%", 30, "30%", 454),
    (15, "実施回数", "回", 2, "2回", 3, "3回", 1, "1回", 488),
]
PARENTS = {p[0]: p[1] for p in PROJECTS}


def test_indicator_ids(ext):
    assert [i.indicator_id for i in ext.get("indicators")] == [
        f"{_mid(p, PARENTS[p])}/i1" for p, *_ in INDICATORS
    ]


@pytest.mark.parametrize(("pos", "name", "unit", "bv", "bt", "tv", "tt", "av", "at", "line"), INDICATORS)
def test_indicator(ext, pos, name, unit, bv, bt, tv, tt, av, at, line):
    mid = _mid(pos, PARENTS[pos])
    i = by(ext.get("indicators"), "indicator_id")[f"{mid}/i1"]
    assert (i.plan_id, i.measure_id, i.seq, i.name, i.unit, i.line, i.note) == (
        PLAN,
        mid,
        pos,
        name,
        unit,
        line,
        None,
    )
    assert (i.baseline_value, i.baseline_text, i.baseline_fy) == (bv, bt, 2021)
    assert (i.target_value, i.target_text, i.target_fy) == (tv, tt, 2027)
    assert (i.actual_value, i.actual_text, i.actual_fy) == (av, at, 2023)
    values = [v for v in ext.get("indicator_values") if v.indicator_id == i.indicator_id]
    assert [(v.kind, v.fiscal_year, v.year_kind, v.value, v.value_text, v.unit) for v in values] == [
        ("baseline", 2021, "fiscal", bv, bt, unit),
        ("target", 2027, "fiscal", tv, tt, unit),
        ("actual", 2023, "fiscal", av, at, unit),
    ]


def test_indicator_names_as_printed(ext):
    names = {i.measure_id: i.name_raw for i in ext.get("indicators")}
    assert names[_mid(6, "/1")] == "補助金活用経験\nのある自治公民\n館の割合"
    assert (
        names[_mid(11, "")] == "同意取得者に対\nする個別計画の\n作成率"
    )  # its first printing; a later one has a blank line inside


def test_counts_and_problems(ext):
    counts = {table: len(records) for table, records in ext.records.items()}
    assert counts == {
        "plans": 1,
        "measures": 19,
        "measure_departments": 15,
        "measure_actors": 35,
        "evaluations": 15,
        "indicators": 15,
        "indicator_values": 45,
    }
    # Projects 8–11 and 14: their page prints two headings over them and does not show whose they are.
    assert [(p.severity, p.stage, p.line, p.message) for p in ext.problems] == [
        (
            "warning",
            "segment",
            220,
            "the headings printed together above this table ((1) (2)) do not show which of them these rows "
            "belong to, so they stay under 夢を描く(集う): 消費者団体の育成(消費生活推進連絡会・生活学校); "
            "食生活改善推進員養成育成事業; 市民活動センター団体登録事業; 避難行動要支援者の支援",
        ),
        (
            "warning",
            "segment",
            431,
            "the headings printed together above this table ((2) (3)) do not show which of them these rows "
            "belong to, so they stay under 夢を描く(集う): コミュニティ・スクールの導入",
        ),
    ]


# ---------------------------------------------------------------- the repair's rules and other exports of the same shape
# (the rule placing rows under headings printed together: tests/test_heading_runs.py)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("①②③④⑤", (1, "①②③④⑤", None, "")),
        (
            "⑤ Ｂ コミュニティ活動の活性化につながった。",
            (1, "⑤", "B", "コミュニティ活動の活性化につながった。"),
        ),
        ("③⑦Ｂ", (1, "③⑦", "B", "")),
        ("Ｃ", (1, "", "C", "")),
        ("①②③④⑤\n⑥⑦\nＢ", (3, "①②③④⑤⑥⑦", "B", "")),
        ("Ｂ\n③⑦", (2, "③⑦", "B", "")),
        ("①市民が主体となる", None),
        ("①～⑦", None),
    ],
)
def test_pivot(text, expected):
    pivots = find_pivots([Item(t, n, None, None) for n, t in enumerate(text.split("\n"), start=1)])
    assert (pivots[0][1:] if pivots else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("項目 事業名 担当課", True),
        ("（１）令和5年度実施状況 （２）目標指標の状況", True),
        ("事業の評価 効果、理由（問題点）", True),
        ("基準値（R3)", True),
        ("（R5)", True),
        ("①～⑦", True),
        ("効果", False),
        ("（２団体）", False),
        ("実施回数", False),
    ],
)
def test_is_header(text, expected):
    assert is_header(text) is expected


SCRAMBLED = """那須市民協働行動計画 令和6年度実施状況

基本目標２ 人を育てる

まちづくり講座
生涯学習課
市民向け講座を年3回開催した。

①③
B
効果：参加者が増えた。
問題点：若年層の参加が少ない。

講座参加者数
120人
講座参加者数
150人
講座参加者数
98人

（１）人材の育成

ボランティア養成 生活環境部 市民活動推進室
養成講座を開催した。
② A 修了者が活動を始めた。
修了者数

10人

20人

15人

事業名 担当課 取組内容 協働の相手 事業の評価 効果、理由（問題点） 指標 基準値（R4) 目標値（R10) 現状値（R6)
"""
TABBED = """令和6年度実施状況
項目\t事業名\t担当課\t取組内容\t協働の相手\t事業の評価\t効果、理由（問題点）\t指標\t基準値（R4)\t目標値（R10)\t現状値（R6)
（１）人材の育成\tまちづくり講座\t生涯学習課\t市民向け講座を年3回開催した。\t①③\tB\t効果 参加者が増えた。\t講座参加者数\t120人\t150人\t98人
\tボランティア養成\t生活環境部 市民活動推進室\t養成講座を開催した。\t②\tＡ\t修了者が活動を始めた。\t修了者数\t10人\t20人\t15人
"""


def segmented(doc: Document, document_id: str):
    return segment_document(doc, Context(document_id))


@pytest.mark.parametrize(
    ("text", "root", "layout"),
    [
        (SCRAMBLED, "00000-kyodo@sheet/2", "headings+items (75% of blocks)"),
        (TABBED, "00000-plan@sheet", "items (50% of blocks)"),
    ],
)
def test_other_exports(text, root, layout):
    """Title and department on separate lines, half-width grades, 効果： labels, names printed once, tabs."""
    found, ext = extract_text(text, "sheet")
    assert found == layout
    actions = [m for m in ext.get("measures") if m.tier == "action"]
    assert [(m.measure_id, m.parent_id, m.title, m.description) for m in actions] == [
        (f"{root}/1/n1", f"{root}/1", "まちづくり講座", "市民向け講座を年3回開催した。"),
        (f"{root}/1/n2", f"{root}/1", "ボランティア養成", "養成講座を開催した。"),
    ]
    departments = [(d.department, d.bureau) for d in ext.get("measure_departments")]
    assert departments == [("生涯学習課", None), ("市民活動推進室", "生活環境部")]
    assert [(a.actor, a.role) for a in ext.get("measure_actors")] == [
        ("①", "partner"),
        ("③", "partner"),
        ("②", "partner"),
    ]
    assert [(e.fiscal_year, e.grade, e.summary) for e in ext.get("evaluations")] == [
        (2024, "B", "参加者が増えた。"),
        (2024, "A", "修了者が活動を始めた。"),
    ]
    fields = (
        "name",
        "baseline_value",
        "baseline_fy",
        "target_value",
        "target_fy",
        "actual_value",
        "actual_fy",
    )
    indicators = [tuple(getattr(i, f) for f in fields) for i in ext.get("indicators")]
    assert indicators == [
        ("講座参加者数", 120, 2022, 150, 2028, 98, 2024),
        ("修了者数", 10, 2022, 20, 2028, 15, 2024),
    ]
    assert [p.message for p in ext.problems] == []


def test_scrambled_plan_title_and_problems_label():
    _, ext = extract_text(SCRAMBLED, "sheet")
    assert [p.title for p in ext.get("plans")] == ["那須市民協働行動計画令和6年度実施状況"]
    assert ext.get("evaluations")[0].problems == "若年層の参加が少ない。"
    goal = ext.get("measures")[0]
    assert (goal.tier, goal.kind, goal.code, goal.code_raw, goal.title) == (
        "goal",
        "基本目標",
        "2",
        "基本目標2",
        "人を育てる",
    )


# ---------------------------------------------------------------- the table path


def _pdf_row(texts: list[str | None], page: int, top: float) -> Row:
    """A PDF table row: 60-point columns from x=40; None leaves a column without a cell (the reader lost it)."""
    cells = [
        Cell(t, t.split("\n"), (40.0 + 60 * j, top, 100.0 + 60 * j, top + 30))
        for j, t in enumerate(texts)
        if t is not None
    ]
    return Row(cells, page=page, bbox=(40.0, top, 640.0, top + 30))


def _pdf_text(text: str, page: int, top: float) -> Block:
    return Block("text", text, page=page, bbox=(40.0, top, 300.0, top + 10))


# Another city's sheet: the columns in another order, a group title over the indicator columns,
# 協働の相手 split over the two header rows, years in the second header row.
OTHER_HEADER = [
    ["事業名", "評価", "（２）目標指標の状況", "", "", "", "担当課", "協働の", "取組内容", "効果、理由（問題点）"],
    ["", "", "指標", "実績値（R6)", "目標値（R10)", "策定時（R4)", "", "相手", "", ""],
]  # fmt: skip
OTHER_PAGES = [
    (
        ["（１）見守りの輪を広げる"],
        [
            ["見守り活動支援", "Ａ", "見守り訪問回数", "12回", "20回", "10回", "福祉課", "①③",
             "地区の見守り活動を支援した。", "効果\n訪問が増えた。"],
            ["防犯パトロール", "C", "パトロールの実施", "実施", "充実", "実施", "生活課→\n交通防犯課",
             "自治会、NPO法人", "青色パトロールを行った。", "効果\n防犯意識が高まった。\n課題\n担い手が不足している。"],
        ],
    ),
    (
        ["（１）見守りの輪を広げる", "（２）担い手を育てる"],
        [
            ["見守り研修", "B", "研修参加者数", "45人", "60人", "-", "福祉課", "①",
             "研修会を開いた。\n（2回）", "参加者が増えた。"],
            ["地域リーダー養成", "Ｄ", "修了者数", "3人", "10人", "5人", "生活環境部\n市民活動推進室", "②⑤",
             None, "効果\n修了者が活動を始めた。\n問題点\n修了者が少ない。"],
            ["人材バンク運営", "B", "登録者数", "30人", "50人", "25人", "市民活動推進室", "⑤",
             "人材バンクを運営した。", "登録者が増えた。"],
        ],
    ),
]  # fmt: skip


def other_city_sheet() -> Document:
    """Two landscape pages: title and goal lines, the page's （n） headings, then the sheet table."""
    blocks = [
        _pdf_text("架空市協働推進計画 令和6年度進捗状況", 1, 40),
        _pdf_text("基本方針１ 地域の力を育てる", 1, 60),
    ]
    for page, (headings, rows) in enumerate(OTHER_PAGES, start=1):
        top = 80.0
        for heading in headings:
            blocks.append(_pdf_text(heading, page, top))
            top += 20
        table_rows = [_pdf_row(r, page, top + 30 * i) for i, r in enumerate([*OTHER_HEADER, *rows])]
        blocks.append(Block("table", rows=table_rows, page=page, bbox=(40.0, top, 640.0, top + 200)))
    return Document("other.pdf", "pdf", blocks, pages=2)


def test_table_columns_by_header_words():
    """The lowest header row names each column (a group title above it); 現状値 beside 策定時 would be the actual."""
    shape = recognize(other_city_sheet().blocks[3], load_vocabulary(), None)
    assert (shape.kind, shape.header_rows) == ("items", 2)
    assert shape.roles == {
        0: "name", 1: "grade", 2: "indicator", 3: "actual", 4: "target", 5: "baseline",
        6: "department", 7: "partner", 8: "content", 9: "summary",
    }  # fmt: skip
    assert shape.years == {3: 2024, 4: 2028, 5: 2022}


def test_table_path_records():
    doc = other_city_sheet()
    layout, ext = segmented(doc, "other")
    assert layout == "headings+items (86% of blocks)"  # the title line is no record
    root = "00000-kyodo@other/1"
    assert [p.title for p in ext.get("plans")] == ["架空市協働推進計画令和6年度進捗状況"]
    got = [(m.measure_id, m.parent_id, m.tier, m.kind, m.code, m.title, m.description, m.seq, m.page)
           for m in ext.get("measures")]  # fmt: skip
    assert got == [
        (root, None, "goal", "基本方針", "1", "地域の力を育てる", None, 1, 1),
        (f"{root}/1", root, "measure", "measure", "1", "見守りの輪を広げる", None, 2, 1),
        (f"{root}/1/n1", f"{root}/1", "action", "事業", None, "見守り活動支援", "地区の見守り活動を支援した。", 3, 1),
        (f"{root}/1/n2", f"{root}/1", "action", "事業", None, "防犯パトロール", "青色パトロールを行った。", 4, 1),
        (f"{root}/1/n3", f"{root}/1", "action", "事業", None, "見守り研修", "研修会を開いた。(2回)", 5, 2),  # a break after a sentence is no paragraph
        (f"{root}/n2", root, "action", "事業", None, "地域リーダー養成", None, 6, 2),
        (f"{root}/2", root, "measure", "measure", "2", "担い手を育てる", None, 7, 2),
        (f"{root}/2/n1", f"{root}/2", "action", "事業", None, "人材バンク運営", "人材バンクを運営した。", 8, 2),
    ]  # fmt: skip
    departments = [
        (d.measure_id, d.department, d.former_department, d.bureau) for d in ext.get("measure_departments")
    ]
    assert departments == [
        (f"{root}/1/n1", "福祉課", None, None),
        (f"{root}/1/n2", "交通防犯課", "生活課", None),
        (f"{root}/1/n3", "福祉課", None, None),
        (f"{root}/n2", "市民活動推進室", None, "生活環境部"),
        (f"{root}/2/n1", "市民活動推進室", None, None),
    ]
    actors = [(a.measure_id.rsplit("/", 1)[1], a.actor) for a in ext.get("measure_actors")]
    assert actors == [("n1", "①"), ("n1", "③"), ("n2", "自治会"), ("n2", "NPO法人"), ("n3", "①"),
                      ("n2", "②"), ("n2", "⑤"), ("n1", "⑤")]  # fmt: skip
    evaluations = [(e.fiscal_year, e.grade, e.summary, e.problems) for e in ext.get("evaluations")]
    assert evaluations == [
        (2024, "A", "訪問が増えた。", None),
        (2024, "C", "防犯意識が高まった。", "担い手が不足している。"),
        (2024, "B", "参加者が増えた。", None),
        (2024, "D", "修了者が活動を始めた。", "修了者が少ない。"),
        (2024, "B", "登録者が増えた。", None),
    ]
    fields = (
        "name",
        "unit",
        "baseline_text",
        "baseline_fy",
        "target_text",
        "target_fy",
        "actual_text",
        "actual_fy",
    )
    indicators = [tuple(getattr(i, f) for f in fields) for i in ext.get("indicators")]
    assert indicators == [
        ("見守り訪問回数", "回", "10回", 2022, "20回", 2028, "12回", 2024),
        ("パトロールの実施", None, "実施", 2022, "充実", 2028, "実施", 2024),
        ("研修参加者数", "人", "-", 2022, "60人", 2028, "45人", 2024),
        ("修了者数", "人", "5人", 2022, "10人", 2028, "3人", 2024),
        ("登録者数", "人", "25人", 2022, "50人", 2028, "30人", 2024),
    ]
    assert [(p.page, p.message) for p in ext.problems] == [
        (
            2,
            "the headings printed together above this table ((1) (2)) do not show which of them these rows "
            "belong to, so they stay under 地域の力を育てる: 地域リーダー養成",
        )
    ]


def _text_table(rows: list[list[str]], first_line: int) -> Block:
    return Block(
        "table",
        rows=[Row([Cell(t, [t] if t else []) for t in r], line=n) for n, r in enumerate(rows, first_line)],
    )


def test_table_path_tolerates_a_split_header_and_a_heading_row():
    """Text rows (no boxes): a header split over two rows, a heading printed as a row of its own."""
    rows = [
        ["事業名", "担当", "事業の", "指標", "基準値", "目標値"],
        ["", "課", "評価", "", "(R3)", "(R9)"],
        ["（３）情報の発信"],
        ["広報紙の発行", "広報課", "B", "発行回数", "12回", "12回"],
    ]
    doc = Document("sheet.txt", "text", [Block("text", "令和5年度実施状況", line=1), _text_table(rows, 2)])
    _, ext = segmented(doc, "sheet")
    assert [(m.measure_id, m.parent_id, m.title, m.seq, m.line) for m in ext.get("measures")] == [
        ("00000-plan@sheet/3", None, "情報の発信", 1, 4),
        ("00000-plan@sheet/3/n1", "00000-plan@sheet/3", "広報紙の発行", 2, 5),
    ]
    assert [(e.fiscal_year, e.grade, e.summary) for e in ext.get("evaluations")] == [(2023, "B", None)]
    (d,) = ext.get("measure_departments")
    assert d.department == "広報課"
    (i,) = ext.get("indicators")
    assert (i.baseline_fy, i.target_fy, i.actual_fy, i.actual_text) == (2021, 2027, None, None)
    assert ext.problems == []


def test_table_path_without_a_grade():
    """A row whose 評価 cell prints no grade gives no evaluation; a note row under it is no action."""
    rows = [
        ["事業名", "担当課", "事業の評価", "指標", "基準値（R3)", "目標値（R9)", "現状値（R5)"],
        ["出前講座", "", "－", "開催回数", "2回", "4回", "3回"],
        ["", "", "", "※令和5年度は中止", "", "", ""],
    ]
    doc = Document(
        "sheet.txt", "text", [Block("text", "市民協働計画 令和5年度実施状況", line=1), _text_table(rows, 2)]
    )
    _, ext = segmented(doc, "sheet")
    assert [p.title for p in ext.get("plans")] == ["市民協働計画令和5年度実施状況"]
    assert [(m.measure_id, m.title) for m in ext.get("measures")] == [("00000-kyodo@sheet/n1", "出前講座")]
    assert ext.get("evaluations") == [] and ext.get("measure_departments") == []
    (i,) = ext.get("indicators")
    assert (i.name, i.baseline_fy, i.target_fy, i.actual_fy, i.actual_value) == (
        "開催回数",
        2021,
        2027,
        2023,
        3,
    )
