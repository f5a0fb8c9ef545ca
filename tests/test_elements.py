"""`classify`: what one text line of a plan is; `inline`: a title's departments and marks."""

from __future__ import annotations

import pytest

from pipeline.segment.elements import bare_numbering, classify, inline
from pipeline.segment.vocabulary import load_vocabulary

VOCAB = load_vocabulary()


# line → (kind, numbering key or bullet, what the kind carries: title / label role / legend / parts)
CLASSIFIED = [
    ("基本目標1 安心して暮らせるまち", ("heading", "word:基本目標", "安心して暮らせるまち")),
    ("施策1-2 地域防災力の強化", ("heading", "word:施策:2", "地域防災力の強化")),
    ("(1) 情報共有の推進", ("heading", "paren", "情報共有の推進")),
    ("ア 広報紙の発行", ("heading", "kana", "広報紙の発行")),
    ("▶子育て支援の充実（111）", ("heading", "bullet▶", "子育て支援の充実")),
    ("第2章 施策の展開", ("chapter", "chapter:章", "施策の展開")),
    ("第３節　推進体制", ("chapter", "chapter:節", "推進体制")),
    ("・防災訓練の実施（担当：危機管理課）", ("item", "・", None)),
    ("・防災訓練の実施", ("item", "・", None)),
    ("○自主防災組織の育成【防災課】", ("item", "○", None)),
    ("● 見守り活動の推進（福祉課、健康課）", ("item", "●", None)),
    ("- 手話通訳者の派遣（障がい福祉課）", ("item", "-", None)),
    ("★ 重点的に取り組む事業", ("item", "★", None)),
    (
        "1 地域の担い手が不足しているため、若い世代の参加を促す取組が必要です。",
        ("item", "num", "地域の担い手が不足しているため、若い世代の参加を促す取組が必要です。"),
    ),
    ("＜主な事業＞", ("label", None, "actions")),
    ("【主な取組】", ("label", None, "actions")),
    ("■具体的な取組", ("label", None, "actions")),
    ("主な事業", ("label", None, "actions")),
    ("【現状と課題】", ("label", None, None)),
    ("＜施策の方向性＞", ("label", None, None)),
    ("A：達成　B：概ね達成　C：未達成", ("legend", None, ["A", "B", "C"])),
    ("◎：計画以上　○：計画どおり　△：遅れ", ("legend", None, ["◎", "○", "△"])),
    ("◎：計画以上に進んでいる", ("legend", None, ["◎"])),
    ("A：計画どおり実施", ("legend", None, ["A"])),
    ("A事業 / B事業", ("inline_list", None, ["A事業", "B事業"])),
    ("防災訓練／避難所運営／備蓄の充実", ("inline_list", None, ["防災訓練", "避難所運営", "備蓄の充実"])),
    ("(対象 33 団体／回答 32 団体 97%)", ("paragraph", None, None)),  # a note in brackets
    ("［調査：令和5年度／対象：全世帯］", ("paragraph", None, None)),
    ("地域では高齢化が進み、担い手の確保が課題となっています。", ("paragraph", None, None)),
    ("※ 再掲の事業は除く", ("paragraph", None, None)),
    ("評価の区分", ("paragraph", None, None)),
]


def _summary(el):
    if el.kind in ("heading", "chapter"):
        return (el.kind, el.numbering.key, el.numbering.title)
    if el.kind == "item":
        return (el.kind, el.bullet or el.numbering.key, None if el.bullet else el.numbering.title)
    if el.kind == "label":
        return (el.kind, None, el.label_role)
    if el.kind == "legend":
        return (el.kind, None, el.legend)
    if el.kind == "inline_list":
        return (el.kind, None, el.parts)
    return (el.kind, None, None)


@pytest.mark.parametrize(("line", "expected"), CLASSIFIED)
def test_classify(line, expected):
    el = classify(line, VOCAB)
    assert _summary(el) == expected
    assert el.reason


def test_bullet_keeps_the_numbering_of_its_body():
    el = classify("・(1) 町内会の支援", VOCAB)
    assert (el.kind, el.bullet, el.numbering.key, el.numbering.title) == (
        "item",
        "・",
        "paren",
        "町内会の支援",
    )


# text → (title, departments, novelty, priority, repost)
INLINE = [
    ("防災訓練の実施（担当：危機管理課）", ("防災訓練の実施", ["危機管理課"], None, False, False)),
    ("健康づくり（担当課：健康推進課）", ("健康づくり", ["健康推進課"], None, False, False)),
    ("自主防災組織の育成【防災課】", ("自主防災組織の育成", ["防災課"], None, False, False)),
    ("見守り活動（福祉課、健康課）", ("見守り活動", ["福祉課、健康課"], None, False, False)),
    ("情報発信の充実（市民協働課・広報課）", ("情報発信の充実", ["市民協働課・広報課"], None, False, False)),
    ("【新】子ども食堂への支援", ("子ども食堂への支援", [], "new", False, False)),
    ("（拡）学習支援事業", ("学習支援事業", [], "expanded", False, False)),
    ("【継続】防災訓練（所管：危機管理課）", ("防災訓練", ["危機管理課"], "continued", False, False)),
    (
        "【新規】地域ポイント制度【市民活動推進課】",
        ("地域ポイント制度", ["市民活動推進課"], "new", False, False),
    ),
    ("地域清掃活動（再掲）", ("地域清掃活動", [], None, False, True)),
    ("【重点】移住定住の促進", ("移住定住の促進", [], None, True, False)),
    ("★空き家バンクの運営", ("空き家バンクの運営", [], None, True, False)),
    ("市民活動支援センターの運営", ("市民活動支援センターの運営", [], None, False, False)),
    ("講座（年３回）", ("講座(年3回)", [], None, False, False)),
    ("地域づくり（市民と行政の協働）", ("地域づくり(市民と行政の協働)", [], None, False, False)),
    ("公民館講座の開催（生涯学習課）【再掲】", ("公民館講座の開催", ["生涯学習課"], None, False, True)),
    ("（担当部署：総務部総務課）防災計画", ("防災計画", ["総務部総務課"], None, False, False)),
]


@pytest.mark.parametrize(("text", "expected"), INLINE)
def test_inline(text, expected):
    i = inline(text, VOCAB)
    assert (i.title, i.departments, i.novelty, i.is_priority, i.is_repost) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("基本方針１", ("word:基本方針", "1")),
        ("重点目標 2", ("word:重点目標", "2")),
        ("取組No.3", ("word:取組", "3")),
        ("基本方針1 協働のための人づくり", None),  # the title on the same line: a heading of its own
        ("令和7", None),  # not a tier word
        ("第2章", None),
    ],
)
def test_bare_numbering(line, expected):
    """A tier word and a number alone on a line: a heading whose title is printed on the next line."""
    n = bare_numbering(line, VOCAB)
    assert (n.key, n.code) == expected if expected else n is None
