"""Derived tables and views: themes, similar actions, comparison views, `plans compare`/`similar`."""

import json
import re

import duckdb
import pytest

from pipeline.cli import main
from pipeline.derive.similar import exhaustive_similar
from pipeline.derive.themes import keyword_terms, load_taxonomy, parse_taxonomy
from pipeline.derive.views import VIEWS
from pipeline.model.records import DERIVED_TABLES
from pipeline.model.schema import columns
from pipeline.query.connect import open_database
from pipeline.query.similar import similar_to
from tests.conftest import ROOT

CITIES = {"日立市", "水戸市", "一関市", "鶴岡市", "那須塩原市"}


def rows(con, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


# --- the taxonomy -------------------------------------------------------------------------


def test_taxonomy_is_versioned_and_recorded_in_meta(con):
    taxonomy = load_taxonomy()
    assert taxonomy.version == "1"
    assert rows(con, "SELECT value FROM meta WHERE key = 'themes_version'") == [("1",)]
    themes = rows(con, "SELECT theme FROM themes ORDER BY seq")
    assert [t for (t,) in themes] == [t.name for t in taxonomy.themes]
    issue_themes = "防災 福祉・見守り 子ども・子育て 若者 高齢者 多文化共生 デジタル・ICT 情報発信・広報 人材育成・担い手 財政支援・補助金 拠点・施設 環境 地域組織・自治会 協働・連携体制 行政の体制・職員"
    assert set(issue_themes.split()) <= {t for (t,) in themes}


@pytest.mark.parametrize(
    ("keyword", "terms"),
    [
        ("子ども", ("子供",)),
        ("子ども会", ("子供会",)),
        ("コミュニティ・スクール", ("コミュニティー", "スクール")),
        ("ＩＣＴ", ("ICT",)),
        ("見守り", ("見守る",)),
        ("多文化共生", ("共生", "文化")),
    ],
)
def test_keywords_are_matched_as_normalized_terms(keyword, terms):
    assert keyword_terms(keyword) == terms


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"version": "1", "themes": [], "extra": 1}, "unknown key 'extra'"),
        ({"themes": [{"name": "a", "keywords": ["防災"]}]}, "`version` is required"),
        ({"version": "1", "themes": []}, "no \\[\\[themes\\]\\]"),
        (
            {"version": "1", "themes": [{"name": "a", "keywords": ["防災"], "colour": "red"}]},
            "unknown key 'colour'",
        ),
        (
            {
                "version": "1",
                "themes": [{"name": "a", "keywords": ["防災"]}, {"name": "a", "keywords": ["環境"]}],
            },
            "'a' is defined twice",
        ),
        (
            {"version": "1", "themes": [{"name": "a", "keywords": ["の"]}]},
            "keyword 'の' has no content words",
        ),
        ({"version": "1", "themes": [{"name": "a", "keywords": ["避難", "避難所"]}]}, "match the same terms"),
        ({"version": "1", "themes": [{"name": "a", "keywords": []}]}, "has no keywords"),
        (
            {"version": "1", "settings": {"min_scor": 1}, "themes": [{"name": "a", "keywords": ["防災"]}]},
            "unknown key 'min_scor'",
        ),
        (
            {"version": "1", "settings": {"relative": 2}, "themes": [{"name": "a", "keywords": ["防災"]}]},
            "relative must be between 0 and 1",
        ),
    ],
)
def test_bad_taxonomy_is_named(data, message):
    with pytest.raises(ValueError, match=message):
        parse_taxonomy(data)


# --- measure_themes ------------------------------------------------------------------------

# Named actions → their themes, best first (and the keywords that gave the first theme).
THEMED = [
    (
        "08202-community@08202_hitachi_community_action_plan/2/28",
        ["防災"],
        ["防災", "災害時", "避難", "ハザードマップ", "避難行動要支援者", "共助"],
    ),
    ("09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n7", ["防災"], ["防災", "災害"]),
    (
        "06203-community-2@06203_tsuruoka_community_policy_review/5/5-10",
        ["交通・生活基盤"],
        ["公共交通", "交通手段", "移動手段", "路線バス"],
    ),
    (
        "08202-community@08202_hitachi_community_action_plan/3/31",
        ["デジタル・ICT"],
        ["デジタル", "Zoom", "Wi-Fi", "オンライン", "タブレット", "動画配信"],
    ),
    (
        "08201-kyodo-3@08201_mito_kyodo_basic_plan_3/1/1-2/n3",
        ["多文化共生", "交流・参加促進"],
        ["外国人", "多文化共生"],
    ),
    ("03209-kyodo-3@03209_ichinoseki_kyodo_plan_3/1/3/5", ["行政の体制・職員", "人材育成・担い手"], ["職員"]),
    (
        "03209-kyodo-3@03209_ichinoseki_kyodo_plan_3/2/2/9",
        ["財政支援・補助金", "地域組織・自治会"],
        ["補助金", "補助"],
    ),
    (
        "08202-community@08202_hitachi_community_action_plan/1/14",
        ["情報発信・広報", "地域組織・自治会"],
        ["事例集", "周知", "ホームページ"],
    ),
    (
        "08201-kyodo-3@08201_mito_kyodo_basic_plan_3/1/1-1/n5",
        ["情報発信・広報", "協働・連携体制"],
        ["事例集", "情報提供"],
    ),
]


@pytest.mark.parametrize(("measure_id", "themes", "keywords"), THEMED)
def test_themes_of_named_actions(con, measure_id, themes, keywords):
    found = rows(
        con,
        "SELECT theme, matched_terms, inherited_from FROM measure_themes WHERE measure_id = ? "
        "ORDER BY score DESC, theme",
        [measure_id],
    )
    assert [t for t, _, _ in found] == themes
    assert found[0][1] == keywords
    assert all(inherited is None for _, _, inherited in found)


def test_an_action_without_keywords_inherits_its_parents_themes(con):
    # 活動の場の確保に対する支援 (水戸市 第2次) sits under 財政基盤の強化.
    assert rows(con, "SELECT theme, score, matched_terms, inherited_from FROM measure_themes WHERE measure_id = ?", ["08201-kyodo-2@08201_mito_kyodo_basic_plan_3/2/2-2/n3"]) == [
        ("財政支援・補助金", 1.0, ["財政"], "08201-kyodo-2@08201_mito_kyodo_basic_plan_3/2/2-2")
    ]  # fmt: skip
    assert rows(con, "SELECT count(*) FROM measure_themes WHERE inherited_from IS NOT NULL") == [(1,)]


def test_every_action_has_a_theme(con):
    assert rows(con, "SELECT * FROM unthemed_actions") == []
    assert rows(
        con,
        "SELECT count(*) FROM measures WHERE tier = 'action' "
        "AND measure_id NOT IN (SELECT measure_id FROM measure_themes)",
    ) == [(0,)]


def test_theme_scores_respect_the_relative_threshold(con):
    settings = load_taxonomy().settings
    worst = rows(
        con,
        """
        SELECT min(score / best) FROM (
            SELECT score, max(score) OVER (PARTITION BY measure_id) AS best
            FROM measure_themes WHERE inherited_from IS NULL
        )
        """,
    )[0][0]
    assert worst >= settings.relative - 1e-9


# --- similar_actions -----------------------------------------------------------------------


def test_hitachi_case_collection_pairs_with_mito(con):
    top = rows(
        con,
        "SELECT rank, other_measure_id FROM similar_actions WHERE measure_id = ? ORDER BY rank",
        ["08202-community@08202_hitachi_community_action_plan/1/14"],  # 日立市 コミュニティ活動事例集の作成
    )
    assert ("08201-kyodo-3@08201_mito_kyodo_basic_plan_3/1/1-1/n5") in [
        o for r, o in top if r <= 3
    ]  # 水戸市 市民活動事例集の募集・提供
    assert top[0] == (1, "08201-kyodo-3@08201_mito_kyodo_basic_plan_3/1/1-1/n5")


@pytest.mark.parametrize(
    ("measure_id", "expected_first"),
    [
        (
            "08202-community@08202_hitachi_community_action_plan/2/28",
            "06203-community-2@06203_tsuruoka_community_policy_review/5/5-7",
        ),  # 自主防災組織 → 鶴岡市 地域防災リーダー・地区防災計画
        (
            "03209-kyodo-3@03209_ichinoseki_kyodo_plan_3/1/3/5",
            "08202-community@08202_hitachi_community_action_plan/2/19",
        ),  # 一関市 職員研修 → 日立市 市職員の地域活動への参画
        (
            "09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/n5",
            "08202-community@08202_hitachi_community_action_plan/2/17",
        ),  # 避難行動要支援者の支援 → 日立市 個別避難計画
    ],
)
def test_similar_pairs_make_sense(con, measure_id, expected_first):
    assert rows(con, "SELECT other_measure_id FROM similar_actions WHERE measure_id = ? AND rank = 1", [measure_id]) == [
        (expected_first,)
    ]  # fmt: skip


def test_similar_actions_are_other_cities_actions_top_five(con):
    pairs = rows(
        con,
        """
        SELECT s.measure_id, s.rank, s.score, pa.municipality_code, pb.municipality_code, mb.tier
        FROM similar_actions s
        JOIN measures ma ON ma.measure_id = s.measure_id JOIN plans pa ON pa.plan_id = ma.plan_id
        JOIN measures mb ON mb.measure_id = s.other_measure_id JOIN plans pb ON pb.plan_id = mb.plan_id
        """,
    )
    assert all(a != b and tier == "action" for _, _, _, a, b, tier in pairs)
    by_action: dict[str, list] = {}
    for mid, rank, score, *_ in pairs:
        by_action.setdefault(mid, []).append((rank, score))
    assert len(by_action) == rows(con, "SELECT count(*) FROM measures WHERE tier = 'action'")[0][0]
    for ranked in by_action.values():
        ranked.sort()
        assert [r for r, _ in ranked] == list(range(1, len(ranked) + 1)) and len(ranked) <= 5
        assert [s for _, s in ranked] == sorted((s for _, s in ranked), reverse=True)
        assert all(0 < s <= 1 for _, s in ranked)


def test_two_step_search_equals_all_pairs_on_the_seed_corpus(con):
    stored = rows(
        con, "SELECT measure_id, other_measure_id, score, rank FROM similar_actions ORDER BY measure_id, rank"
    )
    assert stored == exhaustive_similar(con)


def test_derived_tables_are_the_same_on_every_build(db, con, tmp_path):
    from pipeline.app.build import build_database

    again = tmp_path / "again.duckdb"
    build_database(db.parent, again)
    rebuilt = open_database(again)
    try:
        for table in DERIVED_TABLES:
            sql = f"SELECT * FROM {table} ORDER BY ALL"
            assert con.execute(sql).fetchall() == rebuilt.execute(sql).fetchall()
    finally:
        rebuilt.close()


def test_similar_to_explains_with_shared_terms(con):
    found = similar_to(con, "08202-community@08202_hitachi_community_action_plan/1/14")
    assert [f.measure_id for f in found][:1] == ["08201-kyodo-3@08201_mito_kyodo_basic_plan_3/1/1-1/n5"]
    assert found[0].city == "水戸市"
    assert found[0].shared_terms[0] == "事例集"


@pytest.mark.parametrize(
    ("measure_id", "message"),
    [
        ("08202-community@08202_hitachi_community_action_plan/1", "is a goal"),
        (
            "08202-community@08202_hitachi_community_action_plan/1/99",
            "no measure '08202-community@08202_hitachi_community_action_plan/1/99'",
        ),
    ],
)
def test_similar_to_bad_ids(con, measure_id, message):
    with pytest.raises(ValueError, match=message):
        similar_to(con, measure_id)


def test_cli_similar(db, capsys):
    capsys.readouterr()
    assert (
        main(
            [
                "similar",
                "08202-community@08202_hitachi_community_action_plan/1/14",
                "--db",
                str(db),
                "--format",
                "json",
            ]
        )
        == 0
    )
    found = json.loads(capsys.readouterr().out)
    assert [(f["rank"], f["city"], f["title"]) for f in found[:1]] == [
        (1, "水戸市", "市民活動事例集の募集・提供")
    ]
    assert main(["similar", "08202-community@08202_hitachi_community_action_plan/1/14", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "日立市 コミュニティ活動事例集の作成" in out and "市民活動事例集の募集・提供" in out
    assert main(["similar", "nope", "--db", str(db)]) == 1
    assert "no measure 'nope'" in capsys.readouterr().err


# --- views ---------------------------------------------------------------------------------


def test_action_overview_has_one_row_per_action(con):
    assert rows(con, "SELECT count(*), count(DISTINCT measure_id) FROM action_overview") == rows(
        con, "SELECT count(*), count(*) FROM measures WHERE tier = 'action'"
    )
    assert {c for (c,) in rows(con, "SELECT DISTINCT city FROM action_overview")} == CITIES


@pytest.mark.parametrize(
    ("measure_id", "expected"),
    [
        (
            "03209-kyodo-3@03209_ichinoseki_kyodo_plan_3/3/1/11",
            (
                "一関市",
                "協働のための仕組みづくり",
                "情報の共有と意見の反映",
                [],
                "行政の体制・職員",
                2024,
                2028,
                "schedule",
                0,
            ),
        ),
        (
            "08202-community@08202_hitachi_community_action_plan/2/28",
            (
                "日立市",
                "協働体制の強化",
                None,
                ["防災対策課", "コミュニティ推進課"],
                "防災",
                2022,
                2026,
                "schedule",
                0,
            ),
        ),
        (
            "09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n7",
            (
                "那須塩原市",
                "夢を描く(集う)",
                "市民の組織機能を強化するための支援",
                ["危機管理課"],
                "防災",
                None,
                None,
                None,
                1,
            ),
        ),
        (
            "08201-kyodo-3@08201_mito_kyodo_basic_plan_3/1/1-1/n5",
            (
                "水戸市",
                "市民意識の醸成とつながりの創出",
                "市民活動情報の発信",
                [],
                "情報発信・広報",
                2024,
                2028,
                "plan",
                0,
            ),
        ),
    ],
)
def test_action_overview_rows(con, measure_id, expected):
    found = rows(
        con,
        "SELECT city, goal_title, measure_title, departments, primary_theme, fy_start, fy_end, fy_source, "
        "indicator_count FROM action_overview WHERE measure_id = ?",
        [measure_id],
    )
    assert found == [expected]


# Actions per theme and city (the seed corpus; counts all plans of a city).
MATRIX = {
    ("鶴岡市", "防災"): 5,
    ("日立市", "防災"): 2,
    ("那須塩原市", "防災"): 2,
    ("水戸市", "防災"): 0,
    ("一関市", "防災"): 0,
    ("水戸市", "協働・連携体制"): 15,
    ("鶴岡市", "地域組織・自治会"): 36,
    ("日立市", "環境"): 6,
    ("水戸市", "多文化共生"): 1,
}


def test_theme_matrix(con):
    matrix = {(c, t): (n, share, total) for c, t, n, share, total in rows(
        con, "SELECT city, theme, actions, share, city_actions FROM theme_matrix"
    )}  # fmt: skip
    assert len(matrix) == len(CITIES) * rows(con, "SELECT count(*) FROM themes")[0][0]
    for key, n in MATRIX.items():
        assert matrix[key][0] == n
    assert matrix[("鶴岡市", "防災")][1:] == (round(5 / 78, 4), 78)


def test_schedule_years(con):
    assert rows(
        con,
        "SELECT fiscal_year, phase, activity_count FROM schedule_years WHERE measure_id = ? ORDER BY fiscal_year",
        ["03209-kyodo-3@03209_ichinoseki_kyodo_plan_3/3/1/11"],
    ) == [(2024, "検討", 0), (2025, "検討", 0), (2026, "実施", 0), (2027, "実施", 0), (2028, "実施", 0)]
    first = rows(
        con,
        "SELECT phase, activity_count, activities[5] FROM schedule_years WHERE measure_id = ? AND fiscal_year = 2022",
        ["08202-community@08202_hitachi_community_action_plan/1/8"],
    )
    assert first == [("準備", 5, "システム構築")]
    assert rows(
        con,
        "SELECT count(*) FROM (SELECT measure_id, fiscal_year FROM schedule_years GROUP BY ALL HAVING count(*) > 1)",
    ) == [(0,)]


@pytest.mark.parametrize(
    ("indicator_id", "expected"),
    [
        ("09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n1/i1", ("increase", 2.1538, True)),
        ("09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n2/i1", ("decrease", 0.0, False)),
        ("09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n5/i1", ("increase", 0.75, False)),
        (
            "09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/n7/i1",
            (None, None, False),
        ),  # baseline "-": no progress, but the target is not reached
        (
            "09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/n2/i1",
            (None, None, None),
        ),  # 実施 → 充実: words, not numbers
        # 自治会加入率 60.4 → target 60 (no 以下, no falling word): a floor to keep, not a 550 % decrease
        ("09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n4/i1", ("maintain", None, False)),
        (
            "09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n2/i1",
            ("decrease", 0.0, False),
        ),  # コミュニティ未設置地区: a falling word
        ("08201-kyodo-3@08201_mito_kyodo_basic_plan_3/1/i1", ("increase", None, None)),  # no actual yet
    ],
)
def test_indicator_progress(con, indicator_id, expected):
    assert rows(
        con,
        "SELECT direction, progress, achieved FROM indicator_progress WHERE indicator_id = ?",
        [indicator_id],
    ) == [expected]


def test_views_are_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in [*VIEWS, *DERIVED_TABLES]:
        assert f"`{name}`" in readme, name
    for model in DERIVED_TABLES.values():
        for column, _type, _list in columns(model):
            assert f"`{column}`" in readme, column


def test_readme_example_queries_run(con):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    assert len(queries) >= 8
    for sql in queries:
        assert con.execute(sql).fetchall(), sql


def test_cli_compare(db, capsys):
    capsys.readouterr()
    assert main(["compare", "--db", str(db), "--format", "json"]) == 0
    table = {r["theme"]: r for r in json.loads(capsys.readouterr().out)}
    assert {k: v for k, v in table["防災"].items() if k != "theme"} == {
        "一関市": 0, "鶴岡市": 5, "水戸市": 0, "日立市": 2, "那須塩原市": 2
    }  # fmt: skip
    assert table["actions"]["鶴岡市"] == 78
    assert main(["compare", "--db", str(db), "--share"]) == 0
    out = capsys.readouterr().out
    assert "防災" in out and "6%" in out


def test_old_database_without_derived_tables_is_a_clear_error(tmp_path, capsys):
    old = tmp_path / "old.duckdb"
    duckdb.connect(str(old)).close()
    assert main(["compare", "--db", str(old)]) == 1
    assert "rebuild it with `plans load`" in capsys.readouterr().err


def _tiny_database():
    """An in-memory database with the record and derived tables, empty."""
    from pipeline.model.records import DERIVED_TABLES as DERIVED
    from pipeline.model.schema import duckdb_ddl
    from pipeline.store.database import create_tables

    con = duckdb.connect()
    create_tables(con)
    for table, model in DERIVED.items():
        con.execute(duckdb_ddl(table, model))
    return con


@pytest.mark.parametrize(
    ("name", "note", "qualifier", "values", "expected"),
    [
        ("自治会加入率", None, None, (60.4, 60, 58.2), ("maintain", None, False)),
        ("交通事故件数", None, None, (100, 80, 90), ("decrease", 0.5, False)),
        ("待機児童数", None, None, (10, 0, 0), ("decrease", 1.0, True)),
        ("空き家の数", None, None, (50, 60, 55), ("decrease", None, True)),  # falling word wins
        ("参加率", None, "以上", (70, 70, 75), ("increase", None, True)),
        ("相談件数", None, "以下", (30, 20, 25), ("decrease", 0.5, False)),
        ("ごみの量", "前年度から減少", None, (100, 90, 95), ("decrease", 0.5, False)),
        ("会員数", "現状を維持", None, (40, 40, 41), ("maintain", None, True)),
        ("登録者数", None, None, (40, 50, 45), ("increase", 0.5, False)),
        ("登録者数", None, None, (None, 50, 45), (None, None, False)),  # no baseline: no direction
    ],
)
def test_indicator_direction_from_signs_words_and_numbers(name, note, qualifier, values, expected):
    from pipeline.derive.views import create_views

    con = _tiny_database()
    con.execute("INSERT INTO plans (plan_id, document_id, title) VALUES ('p', 'd', 't')")
    baseline, target, actual = values
    con.execute(
        "INSERT INTO indicators (indicator_id, plan_id, seq, name, note, baseline_value, target_value, "
        "actual_value, document_id) VALUES ('i', 'p', 1, ?, ?, ?, ?, ?, 'd')",
        [name, note, baseline, target, actual],
    )
    if qualifier:
        con.execute(
            "INSERT INTO indicator_values (indicator_id, kind, value, value_text, qualifier, document_id) "
            "VALUES ('i', 'target', ?, ?, ?, 'd')",
            [target, f"{target}{qualifier}", qualifier],
        )
    create_views(con)
    assert rows(con, "SELECT direction, progress, achieved FROM indicator_progress") == [expected]


@pytest.mark.slow
def test_similar_actions_are_the_same_on_every_build_and_ties_go_to_the_smaller_id():
    """Many exact ties (identical term bags in other towns): 20 builds, one table; ties by other id."""
    from pipeline.derive.similar import build_similar

    con = _tiny_database()
    words = ["防災", "訓練", "地域", "清掃", "見守り", "子ども", "高齢者", "広報", "会議", "講座"]
    for town in range(6):
        pid = f"p{town}"
        con.execute(
            "INSERT INTO plans (plan_id, document_id, municipality_code, title) VALUES (?, 'd', ?, 't')",
            [pid, f"0{town}000"],
        )
        for n in range(12):
            mid = f"{pid}/{n:02d}"
            con.execute(
                "INSERT INTO measures (measure_id, plan_id, tier, kind, seq, title, document_id) "
                "VALUES (?, ?, 'action', '事業', ?, 't', 'd')",
                [mid, pid, n],
            )
            bag = [words[n % 10], words[(n * 3) % 10], words[(n + town) % 10 if n % 4 == 0 else 0]]
            for term in bag:
                con.execute(
                    "INSERT INTO terms (measure_id, term, pos, freq, document_id) VALUES (?, ?, '名詞', 1, 'd')",
                    [mid, term],
                )
    tables = set()
    for _ in range(20):
        con.execute("DELETE FROM similar_actions")
        build_similar(con, candidates=3)
        tables.add(tuple(rows(con, "SELECT * FROM similar_actions ORDER BY measure_id, rank")))
    (table,) = tables
    assert len(table) > 100
    by_action: dict = {}
    for measure_id, other, score, rank in table:
        by_action.setdefault(measure_id, []).append((rank, -score, other))
    for found in by_action.values():
        assert [r for r, _, _ in found] == list(range(1, len(found) + 1))
        assert sorted(found, key=lambda f: (f[1], f[2])) == found  # score, then the smaller id
