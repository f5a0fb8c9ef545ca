"""`plans search`: BM25 over normalized terms; spelling variants agree; exact top results."""

import json

import pytest

from pipeline.cli import main
from pipeline.query.search import mark_segments, matched_segments, query_terms, search, window


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("コミュニティ", ["コミュニティー"]),
        ("コミュニティー", ["コミュニティー"]),
        ("ｺﾐｭﾆﾃｨ", ["コミュニティー"]),  # half-width katakana
        ("子ども", ["子供"]),
        ("子供", ["子供"]),
        ("こども", ["子供"]),
        ("ＩＣＴ", ["ICT"]),  # full-width Latin
        ("ICT", ["ICT"]),
        ("ＮＰＯ", ["NPO"]),
        ("まちづくり", ["町作り"]),
        ("町づくり", ["町作り"]),
        ("防災　訓練", ["訓練", "防災"]),  # ideographic space
        ("防災訓練の実施", ["実施", "訓練", "防災"]),
        ("自主防災組織", ["組織", "自主", "防災"]),
    ],
)
def test_query_terms_are_normalized_forms(query, expected):
    assert query_terms(query) == expected


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("コミュニティー", "コミュニティ"),
        ("コミュニティ", "ｺﾐｭﾆﾃｨ"),
        ("子供", "子ども"),
        ("ICT", "ＩＣＴ"),
        ("まちづくり", "町づくり"),
        ("防災 訓練", "防災　訓練"),
    ],
)
def test_spelling_variants_give_the_same_results(con, one, other):
    def ranked(q):
        return [(h.measure_id, h.score) for h in search(con, q, limit=50)]

    assert ranked(one) == ranked(other)
    assert ranked(one)


# `plans search 防災`: the disaster-prevention actions of 鶴岡市, 日立市 and 那須塩原市 first.
BOSAI_TOP = [
    (
        "06203-community-2@06203_tsuruoka_community_policy_review/5/5-7",
        "鶴岡市",
        4.738354,
    ),  # 地域防災リーダーの育成 … 地区防災計画 … 防災訓練
    (
        "06203-community-1@06203_tsuruoka_community_policy_review/7/7-5",
        "鶴岡市",
        4.548047,
    ),  # 自主防災組織との連携 … 地区防災計画の整備
    (
        "08202-community@08202_hitachi_community_action_plan/2/28",
        "日立市",
        4.526549,
    ),  # 自主防災組織活動の活性化
    (
        "09213-kyodo@09213_nasushiobara_kyodo_progress_r5/3/1/n7",
        "那須塩原市",
        4.514661,
    ),  # 自主防災組織結成促進・活動支援事業
    (
        "06203-community-2@06203_tsuruoka_community_policy_review/5/5-6",
        "鶴岡市",
        4.113277,
    ),  # 地域防災計画や避難行動要支援者支援計画に基づき …
    (
        "06203-community-1@06203_tsuruoka_community_policy_review/2/2-5",
        "鶴岡市",
        3.492299,
    ),  # 福祉、防災、地域づくり活動等の … 拠点施設
    (
        "06203-community-2@06203_tsuruoka_community_policy_review/3/3-5",
        "鶴岡市",
        3.492299,
    ),  # the same text in the 第2期 plan: a tie, plan order
    (
        "06203-community-1@06203_tsuruoka_community_policy_review/7/7-6",
        "鶴岡市",
        3.439266,
    ),  # 避難行動要支援者 … 各自主防災組織
]


def test_bosai_ranks_disaster_prevention_actions_first(con):
    hits = search(con, "防災", limit=len(BOSAI_TOP))
    assert [(h.measure_id, h.city, h.score) for h in hits] == BOSAI_TOP
    assert [h.rank for h in hits] == list(range(1, len(BOSAI_TOP) + 1))
    assert {h.city for h in hits[:4]} == {"日立市", "鶴岡市", "那須塩原市"}
    assert all(h.tier == "action" and h.matched_terms == ["防災"] for h in hits)


def test_hit_carries_snippet_and_provenance(con):
    hitachi = next(h for h in search(con, "防災") if h.city == "日立市")
    assert hitachi.title == "自主防災組織活動の活性化"
    assert hitachi.code == "28"
    assert hitachi.plan_id == "08202-community@08202_hitachi_community_action_plan"
    assert hitachi.snippet_field == "description"
    assert hitachi.snippet.startswith(
        "災害時の「共助」の体制を確立するため、自主【防災】組織活動の活性化を図る。"
    )
    assert (hitachi.document_id, hitachi.line, hitachi.page) == (
        "08202_hitachi_community_action_plan",
        471,
        None,
    )
    assert hitachi.source == "08202_hitachi_community_action_plan:471"


def test_snippet_from_an_activity_points_at_its_line(con):
    hit = next(h for h in search(con, "防災 訓練") if h.city == "日立市")
    assert hit.snippet_field == "activity"
    assert hit.snippet == "総合ハザードマップ及び個人【防災】行動計画を活用した【防災訓練】のプラン提供"
    assert hit.line == 477


def test_variant_spelling_is_marked_as_printed(con):
    hit = search(con, "子供", limit=1)[0]
    assert hit.measure_id == "06203-community-1@06203_tsuruoka_community_policy_review/7/7-3"
    assert "放課後における【子ども】の安全" in hit.snippet


@pytest.mark.parametrize(
    ("kwargs", "cities", "tiers"),
    [
        ({"city": "日立市"}, {"日立市"}, {"action"}),
        ({"city": "09213"}, {"那須塩原市"}, {"action"}),
        ({"tier": "action"}, {"日立市", "鶴岡市", "那須塩原市"}, {"action"}),
        ({"city": "水戸市"}, set(), set()),
    ],
)
def test_filters(con, kwargs, cities, tiers):
    hits = search(con, "防災", limit=50, **kwargs)
    assert {h.city for h in hits} == cities
    assert {h.tier for h in hits} == tiers


def test_filters_never_change_scores(con):
    everything = {h.measure_id: h.score for h in search(con, "コミュニティ", limit=500)}
    for h in search(con, "コミュニティ", city="日立市", limit=500):
        assert everything[h.measure_id] == h.score


def test_ranking_is_deterministic(con):
    assert search(con, "地域 活動", limit=40) == search(con, "地域 活動", limit=40)


@pytest.mark.parametrize("query", ["の", "、。", "   "])
def test_query_without_content_words_is_an_error(con, query):
    with pytest.raises(ValueError, match="no searchable words"):
        search(con, query)


@pytest.mark.parametrize(
    ("text", "wanted", "expected"),
    [
        ("地域防災リーダー", {"防災"}, "地域【防災】リーダー"),
        ("子どもと子供", {"子供"}, "【子ども】と【子供】"),
        ("防災訓練", {"防災", "訓練"}, "【防災訓練】"),
        ("何もない", {"防災"}, "何もない"),
    ],
)
def test_marking(text, wanted, expected):
    assert mark_segments(matched_segments(text, wanted)) == expected


def test_window_cuts_long_text_around_the_first_match():
    text = "あ" * 100 + "防災" + "い" * 100
    snippet = mark_segments(window(matched_segments(text, {"防災"})))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "【防災】" in snippet
    assert len(snippet) < 100


def test_cli_search_json(db, capsys):
    capsys.readouterr()
    assert main(["search", "防災", "--db", str(db), "--limit", "3", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["rank"], r["city"], r["measure_id"]) for r in rows] == [
        (1, "鶴岡市", "06203-community-2@06203_tsuruoka_community_policy_review/5/5-7"),
        (2, "鶴岡市", "06203-community-1@06203_tsuruoka_community_policy_review/7/7-5"),
        (3, "日立市", "08202-community@08202_hitachi_community_action_plan/2/28"),
    ]
    assert rows[2]["snippet"].startswith("災害時の「共助」")
    assert rows[2]["line"] == 471


def test_cli_search_table_marks_matches_when_piped(db, capsys):
    capsys.readouterr()
    assert main(["search", "コミュニティー", "--db", str(db), "--city", "日立市", "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "【コミュニティ】" in out
    assert "コミュニティ憲章の策定" in out


def test_cli_search_same_output_for_variants(db, capsys):
    outputs = []
    for q in ("コミュニティー", "コミュニティ"):
        capsys.readouterr()
        assert main(["search", q, "--db", str(db), "--format", "csv"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert outputs[0].count("\n") == 11  # header + 10 results


def test_cli_search_errors_are_clear(db, tmp_path, capsys):
    assert main(["search", "の", "--db", str(db)]) == 1
    assert "no searchable words" in capsys.readouterr().err
    assert main(["search", "防災", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "run `plans run`" in capsys.readouterr().err
