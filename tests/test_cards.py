"""`read_cards`: one small table per action (numbered header row, labelled fields, year strip), exact fields."""

from __future__ import annotations

import pytest

from pipeline.read.text import parse_lines
from pipeline.segment.action_cards import read_cards
from pipeline.segment.vocabulary import load_vocabulary

VOCAB = load_vocabulary()


def cards_of(text: str, era: str | None = "令和") -> list[tuple]:
    (block,) = parse_lines(text.strip("\n").split("\n"))
    return [
        (
            c.numbering.code,
            c.code_raw,
            c.numbering.word,
            c.title,
            c.novelty,
            c.node().description,
            c.node().departments,
            [s[:3] for s in c.schedules],
            [r.line for r in c.unread],
        )
        + ((c.grades,) if c.grades else ())
        for c in read_cards(block, VOCAB, era)
    ]


# a card table (TAB-separated lines) → (code, code_raw, word, title, novelty, description lines,
# departments, schedules (fy start, fy end, phase), unread row lines) per card
CARDS = [
    pytest.param(  # title after an empty cell, novelty at the row's end, bullets split, 6年度 in 令和
        "事業1\t\t情報発信の強化\t\t拡充\n"
        "内容\t○広報を行います。○説明会を開きます。\t実施年度\n"
        "\t\t6年度\t7年度\t8年度\n"
        "\t\t検討\t→\t実施",
        [
            (
                "1",
                "事業1",
                "事業",
                "情報発信の強化",
                "expanded",
                ["広報を行います。", "説明会を開きます。"],
                [],
                [(2024, 2025, "検討"), (2026, 2026, "実施")],
                [],
            )
        ],
        id="事業N card with a year strip",
    ),
    pytest.param(  # another city: 取組, full-width number, bracketed novelty, a department row, 令和 years
        "取組３\t防災訓練の充実\t【新規】\n"
        "取組内容\t・訓練を年2回行います。\n"
        "担当課\t危機管理課\n"
        "\t令和7年度\t令和8年度\n"
        "\t準備\t実施",
        [
            (
                "3",
                "取組3",
                "取組",
                "防災訓練の充実",
                "new",
                ["訓練を年2回行います。"],
                ["危機管理課"],
                [(2025, 2025, "準備"), (2026, 2026, "実施")],
                [],
            )
        ],
        id="取組N card with a department",
    ),
    pytest.param(  # the title in the header cell, a period field instead of a strip, a row continuing 概要
        "推進事項 2 見守り活動\t継続\n概要\t高齢者を訪問します。\n\t※民生委員と協力します。\n実施期間\t令和7年度～令和9年度",
        [
            (
                "2",
                "推進事項 2",
                "推進事項",
                "見守り活動",
                "continued",
                ["高齢者を訪問します。", "※民生委員と協力します。"],
                [],
                [(2025, 2027, None)],
                [],
            )
        ],
        id="title in the header cell and a period",
    ),
    pytest.param(  # two cards in one table; the phase cells of the second are shifted against its strip
        "事業１\t相談窓口\t新規\n"
        "内容\t相談を受けます。\n"
        "\t\t7年度\t8年度\t9年度\n"
        "\t\t実施\t→\t→\n"
        "事業２\t交流会\n"
        "内容\t交流会を開きます。\n"
        "\t7年度\t8年度\t9年度\n"
        "検討\t→\t実施\n"
        "備考\t\n"
        "\t写真を載せます",
        [
            ("1", "事業1", "事業", "相談窓口", "new", ["相談を受けます。"], [], [(2025, 2027, "実施")], []),
            (
                "2",
                "事業2",
                "事業",
                "交流会",
                None,
                ["交流会を開きます。"],
                [],
                [(2025, 2026, "検討"), (2027, 2027, "実施")],
                [9, 10],
            ),
        ],
        id="two cards, shifted phases",
    ),
    pytest.param(  # a strip whose row below is a field, not phases; a grade field
        "事業5\t点検\n\t6年度\t7年度\n評価\tA\n内容\t点検します。",
        [("5", "事業5", "事業", "点検", None, ["点検します。"], [], [], [], [("A", "A")])],
        id="a strip without phases",
    ),
    pytest.param("事業1\t情報発信\n事業2\t相談窓口", [], id="numbered rows without fields: not cards"),
    pytest.param("内容\t広報\n事業1\t情報発信\n内容\t広報", [], id="a table that does not open with a card"),
    pytest.param("基本目標1\t安心なまち\n内容\t防災", [], id="a goal word: not an action card"),
]


@pytest.mark.parametrize(("text", "expected"), CARDS)
def test_read_cards(text, expected):
    assert cards_of(text) == expected


# the phase row under a strip of 6年度 7年度 8年度 (columns 1–3) → schedules
PHASES = [
    (["", "実施", "→", "→"], [(2024, 2026, "実施")]),
    (["", "検討", "→", "実施"], [(2024, 2025, "検討"), (2026, 2026, "実施")]),
    (["", "検討 →", "", "実施"], [(2024, 2024, "検討"), (2026, 2026, "実施")]),
    (["実施", "→", "→", ""], [(2024, 2026, "実施")]),  # shifted one cell left: read in order
    (["", "●", "●", ""], [(2024, 2025, None)]),  # marks: in these years, no phase named
    (["", "", "", ""], []),
]


@pytest.mark.parametrize(("cells", "expected"), PHASES)
def test_phase_row(cells, expected):
    text = "事業1\t試行\n内容\t試します。\n\t6年度\t7年度\t8年度\n" + "\t".join(cells)
    ((*_, schedules, _),) = cards_of(text)
    assert schedules == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("実施主体\t市民、地域、市", [("市民", None), ("地域", None), ("市", None)]),
        ("推進者\t住民・事業者／行政", [("住民", None), ("事業者", None), ("行政", None)]),
        ("備考\t市民と協力", []),
    ],
)
def test_card_actors(row, expected):
    """A card's actor field (実施主体, 推進者) names who takes part, without a lead or partner mark."""
    (block,) = parse_lines(["事業1\t見守り", "内容\t訪問します。", row])
    (card,) = read_cards(block, VOCAB, "令和")
    assert card.node().actors == expected
