"""Japanese normalization rules as tables of input → expected output."""

import pytest

from pipeline.normalize.departments import parse_departments
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.numbers import parse_quantity
from pipeline.normalize.text import circled_numbers, clean, nfkc


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("L E D化された防犯灯", "LED化された防犯灯"),
        ("総会等のZ o o mや動画配信", "総会等のZoomや動画配信"),
        ("I C Tを活用した**高齢者のつながり**の創出", "ICTを活用した高齢者のつながりの創出"),
        ("令和 4 年度", "令和4年度"),
        ("平成 27 年度に再生資源集積所", "平成27年度に再生資源集積所"),
        ("(仮称) まちづくりコーディネーター", "(仮称)まちづくりコーディネーター"),
        ("（仮称）交流のひろば", "(仮称)交流のひろば"),
        ("SDGs¹の理念", "SDGsの理念"),
        ("1,000 人 ^{※1}", "1,000人"),
        ("72 人 [※]", "72人"),
        ("ＮＰＯ　法人", "NPO法人"),
        ("Non-Profit Organizationの略", "Non-Profit Organizationの略"),
        ("<p>◆町内会等が所有する</p>", "◆町内会等が所有する"),
        ("令和5年度～令和8年度", "令和5年度~令和8年度"),
        ("2019 (令和元) 年度参考 1,700 人", "2019(令和元)年度参考1,700人"),
        ("⽅針", "方針"),
        ("施策⑤は、施策①⑧へ分割", "施策⑤は、施策①⑧へ分割"),  # circled numbers are marks, not digits
        ("\u0336", "—"),  # a long stroke over nothing: the dash of an empty cell
        ("a\u0336b", "a\u0336b"),  # over a letter it strikes it through
        ("施策②→施策③ 新規追加（地域運営組織）", "施策②→施策③新規追加(地域運営組織)"),
        ("として活用 ※ コミュニティ", "として活用※コミュニティ"),
        ("", ""),
    ],
)
def test_clean(printed, expected):
    assert clean(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [("市長公室 デジタル推進課", "市長公室 デジタル推進課"), ("Ａ　Ｂ", "A B"), (None, "")],
)
def test_nfkc_keeps_word_spaces(printed, expected):
    assert nfkc(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("令和4年度", 2022),
        ("令和元年度", 2019),
        ("平成30年度", 2018),
        ("平成 30 年度", 2018),
        ("昭和64年", 1989),
        ("R5", 2023),
        ("（R3)", 2021),
        ("（Ｒ９）", 2027),
        ("H30", 2018),
        ("2028（令和10）年度末", 2028),
        ("現況 (2022 (令和4) 年度末)", 2022),
        ("令和１０年度", 2028),
        ("年度", None),
        ("令和0年度", None),
        ("", None),
    ],
)
def test_parse_fy(printed, expected):
    assert parse_fy(printed) == expected


@pytest.mark.parametrize(
    ("printed", "era", "expected"), [("6年度", "令和", 2024), ("10年度", "令和", 2028), ("6年度", None, None)]
)
def test_parse_fy_bare_years_need_an_era(printed, era, expected):
    assert parse_fy(printed, era) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("令和5年度～令和8年度", (2023, 2026)),
        ("令和 4 年度 ～ 令和 6 年度", (2022, 2024)),
        ("令和4年度", (2022, 2022)),
        ("令和4年度から令和13年度まで", (2022, 2031)),
        ("2024（令和6）年度から2028（令和10）年度まで", (2024, 2028)),
        ("令和6年度～10年度", (2024, 2028)),
        ("", (None, None)),
    ],
)
def test_parse_fy_range(printed, expected):
    assert parse_fy_range(printed) == expected


@pytest.mark.parametrize(
    ("printed", "value", "unit", "qualifier"),
    [
        ("1,000 人", 1000.0, "人", None),
        ("49.7%", 49.7, "%", None),
        ("85.19％", 85.19, "%", None),
        ("3.77 回/年", 3.77, "回/年", None),
        ("129団体", 129.0, "団体", None),
        ("101 事業", 101.0, "事業", None),
        ("2,000 人以上", 2000.0, "人", "以上"),
        ("49.7% (2022 (令和4) 年度調査)", 49.7, "%", None),
        ("１７件", 17.0, "件", None),
        ("—", None, None, None),
        ("-", None, None, None),
        ("実施", None, None, None),
        ("充実", None, None, None),
        ("", None, None, None),
    ],
)
def test_parse_quantity(printed, value, unit, qualifier):
    q = parse_quantity(printed)
    assert (q.value, q.unit, q.qualifier) == (value, unit, qualifier)


def test_parse_quantity_keeps_the_text_and_the_column_unit():
    q = parse_quantity("3.77", unit="回/年")
    assert (q.value, q.unit, q.text) == (3.77, "回/年", "3.77")
    assert parse_quantity("—").text == "—"


@pytest.mark.parametrize(
    ("printed", "expected"), [("①②③④⑤", [1, 2, 3, 4, 5]), ("③⑦ Ｂ", [3, 7]), ("⑳㉑", [20, 21]), ("B", [])]
)
def test_circled_numbers(printed, expected):
    assert circled_numbers(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("生活環境部 コミュニティ推進課", [("コミュニティ推進課", "生活環境部", None)]),
        (
            "市長公室 デジタル推進課 生活環境部 コミュニティ推進課 教育委員会 生涯学習課",
            [
                ("デジタル推進課", "市長公室", None),
                ("コミュニティ推進課", "生活環境部", None),
                ("生涯学習課", "教育委員会", None),
            ],
        ),
        (
            "教育委員会 指導課、生涯学習課",
            [("指導課", "教育委員会", None), ("生涯学習課", "教育委員会", None)],
        ),
        (
            "シティプロモーション 推進課、デジタル推進課",
            [("シティプロモーション推進課", None, None), ("デジタル推進課", None, None)],
        ),
        ("コミ推 各庁舎総企", [("コミュニティ推進課", None, None), ("各庁舎総務企画課", None, None)]),
        ("楡引・温海庁 舎総企", [("楡引・温海庁舎総務企画課", None, None)]),
        ("危機管理室→\n危機管理課", [("危機管理課", None, "危機管理室")]),
        ("生活課→交通防犯課", [("交通防犯課", None, "生活課")]),
        # a cell's lines joined: names one after another
        ("社会福祉課地域福祉課", [("社会福祉課", None, None), ("地域福祉課", None, None)]),
        (
            "学校教育課社会教育課コミ推 各庁舎総企",
            [
                ("学校教育課", None, None),
                ("社会教育課", None, None),
                ("コミュニティ推進課", None, None),
                ("各庁舎総務企画課", None, None),
            ],
        ),
        ("コミ推各庁舎総企", [("コミュニティ推進課", None, None), ("各庁舎総務企画課", None, None)]),
        ("福祉課長寿介護課", [("福祉課", None, None), ("長寿介護課", None, None)]),
        ("教育委員会郷土博物館", [("郷土博物館", "教育委員会", None)]),
        ("生活環境部コミュニティ推進課", [("コミュニティ推進課", "生活環境部", None)]),
        ("選挙管理委員会事務局", [("選挙管理委員会事務局", None, None)]),
        ("福祉課長", [("福祉課長", None, None)]),
        ("保健センター健康増進課", [("保健センター", None, None), ("健康増進課", None, None)]),
        ("福祉課長寿介護課", [("福祉課", None, None), ("長寿介護課", None, None)]),
        ("コミ推各庁舎総企", [("コミュニティ推進課", None, None), ("各庁舎総務企画課", None, None)]),
        ("各庁舎総企地域振興課", [("各庁舎総務企画課", None, None), ("地域振興課", None, None)]),
        ("総務課長", [("総務課長", None, None)]),
        ("課税課", [("課税課", None, None)]),
        ("地域課題対策室", [("地域課題対策室", None, None)]),
        ("こども家庭センター", [("こども家庭センター", None, None)]),
        ("", []),
    ],
)
def test_parse_departments(printed, expected):
    assert [(d.department, d.bureau, d.former_department) for d in parse_departments(printed)] == expected


@pytest.mark.parametrize(
    ("printed", "kind"),
    [
        ("現状 (R4年)", "calendar"),
        ("2022年", "calendar"),
        ("令和元年", "calendar"),
        ("現況 (2022 (令和4) 年度末)", "fiscal"),
        ("現状 (令和4年度)", "fiscal"),
        ("基準値（R3)", "fiscal"),
    ],
)
def test_indicator_year_kind(printed, kind):
    from pipeline.segment.indicator_tables import year_kind

    assert year_kind(printed) == kind
