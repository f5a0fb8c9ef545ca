"""Sudachi-backed rules as tables of input → expected output."""

import pytest

from pipeline.normalize.tokenize import dictionary_version, is_heading, terms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("基本方針1 協働のための人づくり", True),
        ("(1) 市民意識の啓発", True),
        ("第4章 計画の推進に向けて", True),
        ("6 成果指標", True),
        ("市民活動事例集の募集・提供【新】", True),
        ("協働のまちづくりに関する総合的な情報提供を行います。", False),
        ("職員研修に取り組みます", False),
        ("地域の課題を共有する", False),
        ("必要である", False),
        ("", False),
        ("あ" * 61, False),
    ],
)
def test_is_heading(text, expected):
    assert is_heading(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "コミュニティ活動事例集の作成",
            {("コミュニティー", "名詞"), ("活動", "名詞"), ("事例集", "名詞"), ("作成", "名詞")},
        ),
        ("子供たちと子どもたち", {("子供達", "名詞")}),
        ("研修を行います。", {("研修", "名詞"), ("行う", "動詞")}),
        ("12 の こと", set()),
    ],
)
def test_terms_are_normalized_content_words(text, expected):
    assert set(terms(text)) == expected


def test_dictionary_version_is_pinned():
    assert dictionary_version() == "sudachidict-core 20261015"
