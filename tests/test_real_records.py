"""Records the shape recognizers make of real municipal PDFs (`shared/real/`, never copied here).

Each expectation was read off the pages themselves (the project's notes on these files);
the tests say what each document gives and, in comments, what it does not give yet.
They skip where the folder is absent.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from pipeline.app.process import process_document
from pipeline.ingest.manifest import read_manifest
from tests.conftest import NO_REAL, real_dir

pytestmark = pytest.mark.slow

REAL = real_dir()
if REAL is None:
    pytest.skip(NO_REAL, allow_module_level=True)

CONTINUED = "令和8年度当初予算に計上した主な継続事業"
NEW = "令和8年度当初予算に計上した主な新規事業"


@pytest.fixture(scope="module")
def records():
    """Each real document processed once: file → records by table."""
    entries = {e.file: e for e in read_manifest(Path(REAL) / "manifest.csv")}
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = process_document(Path(REAL) / name, entries[name]).records
        return cache[name]

    return get


def actions(recs: dict) -> list[tuple]:
    """(code, title, parent title, departments) of every action, in document order."""
    by_id = {m.measure_id: m for m in recs["measures"]}
    departments: dict[str, list[str]] = {}
    for d in recs.get("measure_departments", []):
        departments.setdefault(d.measure_id, []).append(d.department)
    return [
        (
            m.code,
            m.title,
            by_id[m.parent_id].title if m.parent_id else None,
            ", ".join(departments.get(m.measure_id, [])),
        )
        for m in recs["measures"]
        if m.tier == "action"
    ]


NANKOKU = [
    ("1", "電子自治体推進事業費", "令和8年度当初予算に計上した主な継続事業", "情報政策課"),
    ("2", "人事管理費(退職手当)", "令和8年度当初予算に計上した主な継続事業", "総務課"),
    ("3", "ふるさと寄附金事業費", "令和8年度当初予算に計上した主な継続事業", "財政課"),
    ("4", "交通関係事業費", "令和8年度当初予算に計上した主な継続事業", "企画課"),
    ("5", "コミュニティバス等運行事業費", "令和8年度当初予算に計上した主な継続事業", "企画課"),
    ("6", "戸籍住民基本台帳費", "令和8年度当初予算に計上した主な継続事業", "市民課"),
    ("7", "障害者自立支援給付事業費", "令和8年度当初予算に計上した主な継続事業", "福祉事務所"),
    ("8", "後期高齢者医療関連事業費", "令和8年度当初予算に計上した主な継続事業", "長寿支援課"),
    (
        "9",
        "子育て世代包括支援センター事業費",
        "令和8年度当初予算に計上した主な継続事業",
        "こども家庭センター",
    ),
    ("10", "民営保育所等費", "令和8年度当初予算に計上した主な継続事業", "子育て支援課"),
    ("11", "認定こども園事業費", "令和8年度当初予算に計上した主な継続事業", "子育て支援課"),
    ("12", "放課後児童対策事業費", "令和8年度当初予算に計上した主な継続事業", "子育て支援課"),
    ("13", "十市・稲生保育園建設事業費", "令和8年度当初予算に計上した主な継続事業", "子育て支援課"),
    ("14", "市単独農道水路維持管理費", "令和8年度当初予算に計上した主な継続事業", "建設課"),
    ("15", "道路維持費", "令和8年度当初予算に計上した主な継続事業", "建設課"),
    (
        "16",
        "社会資本整備総合交付金事業費(道路新設改良費)",
        "令和8年度当初予算に計上した主な継続事業",
        "建設課",
    ),
    ("17", "道路更新防災等対策事業費", "令和8年度当初予算に計上した主な継続事業", "建設課"),
    ("18", "都市再生整備事業費(道路)", "令和8年度当初予算に計上した主な継続事業", "都市整備課"),
    ("19", "防災費", "令和8年度当初予算に計上した主な継続事業", "危機管理課"),
    ("20", "住宅耐震対策促進事業費", "令和8年度当初予算に計上した主な継続事業", "住宅課"),
    ("21", "事務局費(学校指導)", "令和8年度当初予算に計上した主な継続事業", "学校教育課"),
    ("22", "図書館費", "令和8年度当初予算に計上した主な継続事業", "学校教育課"),
    ("23", "給食一般管理費", "令和8年度当初予算に計上した主な継続事業", "学校教育課"),
    ("24", "公債費元金", "令和8年度当初予算に計上した主な継続事業", "財政課"),
    ("25", "公債費利子", "令和8年度当初予算に計上した主な継続事業", "財政課"),
    (
        "1",
        "ごめん・なはり線関連事業費(第三セクター鉄道維持対策事業費補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "企画課",
    ),
    ("2", "県議会議員選挙費", "令和8年度当初予算に計上した主な新規事業", "選挙管理委員会事務局"),
    (
        "3",
        "老人福祉一般管理費(介護保険)(中山間地域介護サービス確保対策事業費補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "長寿支援課",
    ),
    ("4", "地域包括支援センター運営事業費", "令和8年度当初予算に計上した主な新規事業", "長寿支援課"),
    ("5", "地域介護予防活動支援事業費", "令和8年度当初予算に計上した主な新規事業", "長寿支援課"),
    ("6", "生活支援体制整備事業費", "令和8年度当初予算に計上した主な新規事業", "長寿支援課"),
    (
        "7",
        "再生可能エネルギー活用推進事業費(住宅用太陽光発電設備等導入推進事業費補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "環境課",
    ),
    (
        "8",
        "農業振興育成補助金等事業費(こうち強くしなやかな水田農業づくり支援事業費補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "農林水産課",
    ),
    (
        "9",
        "農業振興育成補助金等事業費(園芸品目共同利用設備整備支援事業費補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "農林水産課",
    ),
    (
        "10",
        "中山間振興費(簡易給水施設整備等事業費補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "農林水産課",
    ),
    (
        "11",
        "森林環境整備事業費(危険木伐採等森林整備補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "農林水産課",
    ),
    ("12", "地域振興券発行事業費", "令和8年度当初予算に計上した主な新規事業", "商工観光課"),
    (
        "13",
        "観光費(ドローンフェスタ三山ひろしCUP事業委託料)",
        "令和8年度当初予算に計上した主な新規事業",
        "商工観光課",
    ),
    (
        "14",
        "都市計画一般管理費(事前復興まちづくり計画策定業務委託料)",
        "令和8年度当初予算に計上した主な新規事業",
        "都市整備課",
    ),
    ("15", "公用車管理費(消防用自動車等購入費)", "令和8年度当初予算に計上した主な新規事業", "消防本部"),
    (
        "16",
        "地域スポーツクラブ活動体制整備事業費(認定地域クラブ補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "学校教育課",
    ),
    (
        "17",
        "中学校教育振興費(学校教育)(水泳授業民間プール等使用料)",
        "令和8年度当初予算に計上した主な新規事業",
        "学校教育課",
    ),
    (
        "18",
        "文化芸術振興費(国民文化祭開催事業費補助金)",
        "令和8年度当初予算に計上した主な新規事業",
        "生涯学習課",
    ),
]
NOBEOKA = [
    ("1", "私立学校等給食等支援金給付事業", None, "総務課"),
    ("2", "市上水道未使用世帯等支援事業", None, "生活環境課"),
    ("3", "指定ごみ袋等作製管理事業", None, "資源対策課"),
    ("4", "水道事業補助金", None, "業務課"),
    ("5", "学校給食支援金給付事業", None, "学校支援課"),
    ("1", "水道料金の基本料金免除による物価高騰対策事業", None, "業務課"),
    ("1", "ワーカーズコレクティブ支援事業", None, "地域政策課"),
    ("2", "南延岡駅バリアフリー化整備促進事業", None, "地域政策課"),
    ("3", "延岡市南部地域子育て支援施設建設事業", None, "こども保育課"),
    ("4", "アピアランスケア支援事業", None, "健康長寿課"),
    ("5", "漁業共同利用施設更新事業", None, "水産課"),
    ("6", "道の駅「北方よっちみろ屋」施設維持管理事業", None, "観光戦略課"),
    ("7", "祝子川エリア五感解放ガストロノミー&宿泊造成事業", None, "観光戦略課"),
    ("8", "島野浦ヨイトの宴造成事業", None, "観光戦略課"),
    ("9", "道の駅「北川はゆま」機能強化事業", None, "観光戦略課"),
    ("10", "UIJターン人材雇用応援事業", None, "産業政策課"),
    ("11", "都市公園施設長寿命化事業(補助)", None, "都市計画課"),
    ("12", "延岡植物園魅力アップ整備事業", None, "都市計画課"),
    ("13", "市営住宅PFI集約建替整備事業(一ケ岡D・E団地)", None, "建築住宅課"),
    ("14", "自治公民館建設補助事業", None, "社会教育課"),
    ("15", "自治公民館施設等整備助成事業", None, "社会教育課"),
    ("16", "児童生徒むし歯予防事業", None, "学校教育課"),
    ("1", "下水道事業(補助)", None, "下水道課"),
]
SOGO_TREE = [
    ("goal", "1", "村の振興の要となる高校の機能強化"),
    ("measure", "1", "高校の仕組みの強化"),
    ("goal", "2", "卒業生のための雇用の場の創出"),
    ("measure", "1", "新エネルギー産業等立ち上げによる雇用の創出"),
    ("measure", "2", "新規就農者・農業後継者の育成強化"),
    ("goal", "3", "高校を軸とした人の流れの促進"),
    ("measure", "1", "卒業生のUターン・定住促進"),
    ("measure", "2", "高校を活用した交流の拡大"),
    ("measure", "3", "学校間連携の強化"),
    ("goal", "4", "高校生参加による個性的で魅力ある村づくり"),
    ("measure", "1", "高校生の村づくりへの参加促進"),
]
SOGO_KPI = [
    ("中学校訪問実施校数", "校", 111.0, 2014, 111.0, 2019),
    ("バイオガスプラント事業関連就業者数", "人", None, 2014, 1.0, 2019),
    ("高齢者複合型施設関連の就業者数", "人", None, 2014, 2.0, 2019),
    ("新規就農者数", "人", None, 2014, 3.0, 2019),
    ("農業後継者数", "人", None, 2014, 2.0, 2019),
    ("高齢者複合型施設就業に関わるUターン者数", "人", None, 2014, 5.0, 2019),
    ("短期移住体験者数", "人", 9.0, 2014, 12.0, 2019),
    ("展覧会の開催数", "回", 1.0, 2014, 1.0, 2019),
    ("学校紹介DVDの制作", None, None, 2014, None, 2019),
    ("おといねっぷ美術工芸高等学校応援団の組織化", None, None, 2014, 1.0, 2019),
    ("レクサンド校への生徒派遣数", "人", 3.0, 2014, 3.0, 2019),
    ("留学生の受入数", "人", 2.0, 2014, 3.0, 2019),
    ("大学との連携授業数", "回", 3.0, 2014, 3.0, 2019),
    ("高校生によりデザイン化された村内施設数", "か所", None, 2014, 2.0, 2019),
]
KODO_MEASURES = [
    ("1", "妊娠中及び出産後における配慮"),
    ("2", "子どもの出産時における父親の休暇の取得"),
    ("3", "育児休業を取得しやすい環境整備等"),
    ("4", "時間外勤務の縮減"),
    ("5", "休暇の取得の推進"),
    ("1", "子育てバリアフリーの検討"),
    ("2", "受動喫煙の防止"),
    ("3", "子ども子育てに関する地域貢献活動"),
]


def test_nankoku_every_project_with_its_department(records):
    """南国市: the 25 continued and 18 new projects of the budget briefing, one 主管課 each."""
    assert actions(records("39204_nankoku_r8_budget_main_projects.pdf")) == NANKOKU


def test_nobeoka_every_project_with_the_department_in_its_name_cell(records):
    """延岡市: 23 projects; the department is printed as 【…課】 inside the 事業名 cell."""
    assert actions(records("45203_nobeoka_r8_june_hosei_yosan.pdf")) == NOBEOKA


def test_sogo_senryaku_tree_and_kpis(records):
    """音威子府村 総合戦略: 4 基本目標, 7 施策 ①②③, 26 主な事業 bullets, 14 KPI with baseline
    (2014年度) and target (2019年度); `5年間で6人` is 6, a dash baseline is no value."""
    recs = records("01470_otoineppu_sogo_senryaku.pdf")
    assert [(m.tier, m.code, m.title) for m in recs["measures"] if m.tier != "action"] == SOGO_TREE
    assert Counter(m.tier for m in recs["measures"])["action"] == 26
    kpis = [
        (i.name, i.unit, i.baseline_value, i.baseline_fy, i.target_value, i.target_fy)
        for i in recs["indicators"]
    ]
    assert kpis == SOGO_KPI


def test_kodo_keikaku_goals_as_items_with_their_actors(records):
    """音威子府村 特定事業主行動計画: (１)…(５) under 1 and 2; each 目標 row an action, 推進者 its actors."""
    recs = records("01470_otoineppu_tokutei_jigyonushi_kodo_keikaku.pdf")
    assert [(m.code, m.title) for m in recs["measures"] if m.tier == "measure"] == KODO_MEASURES
    by_id = {m.measure_id: m for m in recs["measures"]}
    first = [
        m
        for m in recs["measures"]
        if m.tier == "action" and by_id[m.parent_id].title == "妊娠中及び出産後における配慮"
    ]
    assert [m.code for m in first] == ["1", "2", "3", "4"]
    actors = {
        (by_id[a.measure_id].code, a.actor)
        for a in recs["measure_actors"]
        if a.measure_id in {m.measure_id for m in first}
    }
    assert actors == {
        ("1", "総務課長"),
        ("1", "所属長"),
        ("2", "総務課長"),
        ("2", "所属長"),
        ("3", "所属長"),
        ("3", "職員"),
        ("4", "所属長"),
        ("4", "職員"),
    }


def test_takamatsu_policies_from_the_tree_table_and_their_projects(records):
    """高松市: the 施策体系 table gives 目標 → 政策 → 施策; each ▶施策（code） lists its 主な取組事業
    separated by / (99 of the 102: some 施策 are printed under another wording)."""
    recs = records("37201_takamatsu_r7_shimin_manzokudo.pdf")
    rows = actions(recs)
    assert len(rows) == 99
    assert [r for r in rows if r[2] == "子育て支援の充実"] == [
        (None, "妊娠期からの子育て世代包括支援事業", "子育て支援の充実", ""),
        (None, "不妊治療支援事業", "子育て支援の充実", ""),
        (None, "保育士確保対策事業", "子育て支援の充実", ""),
    ]
    by_id = {m.measure_id: m for m in recs["measures"]}
    policy = next(m for m in recs["measures"] if m.title == "子育て支援の充実")
    assert by_id[policy.parent_id].title == "子どもが健やかに生まれ育つ社会の形成"
    assert by_id[by_id[policy.parent_id].parent_id].title == "誰もが自分らしく健やかに暮らせるまち"


def test_ikeda_sheet_names_its_project_and_department(records):
    """池田市 目標設定シート: the label–value form gives the project and its 担当部署名."""
    rows = actions(records("27204_ikeda_jimujigyo_hyoka_094_extract.pdf"))
    assert rows == [(None, "発達支援システム推進事業", "事務事業名・総合計画の体系等", "発達支援課")]


def test_yokohama_sheet_names_its_project_and_department(records):
    """横浜市 事業評価書: the header grid gives the project and its 所管区局・課 (`デジタル統括本部ＤＸ基盤課`:
    the bureau, then the department). (Its 細事業 blocks are not read as actions yet: their label rows
    come out as spurious items.)"""
    recs = records("14100_yokohama_jigyo_hyokasho_013_extract.pdf")
    assert actions(recs)[0] == (None, "電子市役所システム運用事業", None, "DX基盤課")
    assert recs["measure_departments"][0].bureau == "デジタル統括本部"


def test_kyoto_indicator_stated_in_a_sentence(records):
    """京都市: `指標：…（令和8年度まで）【数値目標：18,463件※（令和5年度：13,363件）…累計値】` is one
    indicator with its target, due year, base value and base year. (The sheet's numbered section
    bars are still read as spurious actions.)"""
    (indicator,) = records("26100_kyoto_shinki_jujitsu_039_extract.pdf")["indicators"]
    assert (
        indicator.name, indicator.unit, indicator.baseline_value, indicator.baseline_fy,
        indicator.target_value, indicator.target_fy, indicator.note,
    ) == ("成年後見支援センターへの相談件数", "件", 13363.0, 2023, 18463.0, 2026, "累計")  # fmt: skip
