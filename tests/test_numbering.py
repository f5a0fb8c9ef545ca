"""`parse_numbering`: every numbering style of Japanese plans, and numbers that are not numbering."""

from __future__ import annotations

import pytest

from pipeline.normalize.numbering import is_mark, parse_numbering
from pipeline.segment.vocabulary import load_vocabulary

VOCAB = load_vocabulary()
WORDS = VOCAB.tiers.goal + VOCAB.tiers.measure + VOCAB.tiers.action


# text → (style key, code, title, word)
PARSED = [
    ("第2章 計画の基本的な考え方", ("chapter:章", "2", "計画の基本的な考え方", "章")),
    ("第三章　施策の展開", ("chapter:章", "3", "施策の展開", "章")),
    ("第１０節 推進体制", ("chapter:節", "10", "推進体制", "節")),
    ("1 地域コミュニティの活性化", ("num", "1", "地域コミュニティの活性化", None)),
    ("１．市民活動の促進", ("num", "1", "市民活動の促進", None)),
    ("１）地域の活性化", ("num", "1", "地域の活性化", None)),
    ("1-2 協働の推進", ("dash:2", "1-2", "協働の推進", None)),
    ("１－２－３　担い手の育成", ("dash:3", "1-2-3", "担い手の育成", None)),
    ("1.2 情報発信の充実", ("dot:2", "1-2", "情報発信の充実", None)),
    ("１.２.３ 推進体制の整備", ("dot:3", "1-2-3", "推進体制の整備", None)),
    ("(1) 情報共有の推進", ("paren", "1", "情報共有の推進", None)),
    ("（２）人材の育成", ("paren", "2", "人材の育成", None)),
    ("(10) 防災意識の向上", ("paren", "10", "防災意識の向上", None)),
    ("① 地域活動の支援", ("circled", "1", "地域活動の支援", None)),
    ("⑫ 空き家対策の推進", ("circled", "12", "空き家対策の推進", None)),
    ("ア 広報紙の発行", ("kana", "1", "広報紙の発行", None)),
    ("(イ) 相談窓口の設置", ("paren_kana", "2", "相談窓口の設置", None)),
    ("（ウ）講座の開催", ("paren_kana", "3", "講座の開催", None)),
    ("Ⅱ 計画の内容", ("roman", "2", "計画の内容", None)),
    ("Ⅳ．施策の展開", ("roman", "4", "施策の展開", None)),
    ("一 総則", ("kanji", "1", "総則", None)),
    ("三、基本方針", ("kanji", "3", "基本方針", None)),
    ("【1】地域の担い手づくり", ("bracket", "1", "地域の担い手づくり", None)),
    ("【３】防災力の向上", ("bracket", "3", "防災力の向上", None)),
    ("基本目標1 安心して暮らせるまち", ("word:基本目標", "1", "安心して暮らせるまち", "基本目標")),
    ("基本目標１　安心して暮らせるまち", ("word:基本目標", "1", "安心して暮らせるまち", "基本目標")),
    ("施策1-2 地域防災力の強化", ("word:施策:2", "1-2", "地域防災力の強化", "施策")),
    ("施策１－２　子育て支援の充実", ("word:施策:2", "1-2", "子育て支援の充実", "施策")),
    ("基本施策1-1 地域福祉の推進", ("word:基本施策:2", "1-1", "地域福祉の推進", "基本施策")),
    ("推進事項No.4 防災訓練の実施", ("word:推進事項", "4", "防災訓練の実施", "推進事項")),
    ("取組３ 見守り活動の推進", ("word:取組", "3", "見守り活動の推進", "取組")),
    ("●【基本目標1】市民が主役のまち", ("word:基本目標", "1", "市民が主役のまち", "基本目標")),
    ("【基本目標２】つながるまち", ("word:基本目標", "2", "つながるまち", "基本目標")),
    ("＜基本目標１＞ 安心のまち", ("word:基本目標", "1", "安心のまち", "基本目標")),
    ("◆基本目標３ 健康づくり", ("word:基本目標", "3", "健康づくり", "基本目標")),
    ("■ 1 協働の推進", ("num", "1", "協働の推進", None)),
]


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_parse_numbering(text, expected):
    n = parse_numbering(text, WORDS)
    assert n is not None
    assert (n.key, n.code, n.title, n.word) == expected


NOT_NUMBERING = [
    "1,380人",
    "2025年度",
    "令和7年度",
    "49.7%",
    "10年先",
    "100人",
    "5年間",
    "3つの基本目標",
    "2030年までに",
    "H30年度",
    "第1回 推進委員会",
    "第2次計画の策定",
    "1",
    "3.5",
    "12345 事業",
    "一人ひとりが輝くまち",
    "地域の活性化",
    "",
    "1.5倍に増加",
    "3.11の教訓を生かす",
]


@pytest.mark.parametrize("text", NOT_NUMBERING)
def test_not_numbering(text):
    assert parse_numbering(text, WORDS) is None


def test_words_restrict_the_word_style():
    """Without the vocabulary's words any short word counts; with them `令和7` is no heading."""
    assert parse_numbering("令和7 年度の取組", WORDS) is None
    loose = parse_numbering("令和7 年度の取組")
    assert (loose.key, loose.code, loose.word) == ("word:令和", "7", "令和")


def test_raw_and_depth():
    n = parse_numbering("施策 1-2 地域の安全", WORDS)
    assert (n.raw, n.depth, n.code) == ("施策 1-2", 2, "1-2")


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("1", True),
        ("１．", True),
        ("1)", True),
        ("1-2", True),
        ("1.2.3", True),
        ("（1）", True),
        ("①", True),
        ("㉑", True),
        ("ア", True),
        ("(イ)", True),
        ("ウ.", True),
        ("1 はじめに", False),  # a mark and its text: parse_numbering's
        ("1234", False),  # a year or an amount
        ("ガ", False),  # a kana that numbers nothing
        ("●", False),  # a bullet (read.cells.is_marker)
        ("", False),
    ],
)
def test_a_mark_alone(text, mark):
    assert is_mark(text) is mark
