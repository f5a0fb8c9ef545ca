"""Crosswalk sheets (`pipeline/segment/crosswalk*.py`): other cities' words, numbering and columns.

鶴岡市's sheet (①/①-3, 現行計画 | 作業経過等 | 第2期計画(案) | 関係課, 計画の柱 I–IV) is read
record by record in tests/test_tsuruoka.py; these sheets print the same shape otherwise.
"""

from __future__ import annotations

import pytest

from pipeline.segment.crosswalk_links import note_targets
from tests.conftest import extract_text

# `1 / 1-1` numbering, headed 現計画 | 見直し内容 | 改定計画 | 所管課, no edition printed, no marks.
DASH = """\
△△町協働のまちづくり計画 新旧対照表

現計画\t見直し内容\t改定計画\t所管課
1 地域活動の支援\t継続\t1 地域活動の推進\t
1-1 自治会への補助を行います。\t\t1-1 自治会への補助を行います。\t総務課
1-2 集会所を整備します。\t2つの項目を統合\t1-2 集会所と広場を整備します。\t建設課
1-3 広場を整備します。\t\t\t
\t新規(SNS)\t1-3 SNSで発信します。\t企画課 総務課
\t新規追加\t1-4 交流の場をつくります。\t総務課
2 人材の育成\t\t2 人材の育成\t
2-1 講座を開きます。\t\t2-1 講座を開きます。\t生涯学習課
2-2 交流会を開きます。\t1-4に統合\t\t
2-3 冊子を配ります。\t廃止\t\t
"""

# `(1) / ア` numbering, editions as the plan headers (第1期計画 | 第2期計画), the items' words in a
# second header row, one mark column (重点) before the plans.
PAREN = """\
□□市市民活動推進計画 見直しシート

重点\t第1期計画\t備考\t第2期計画\t担当課
\t基本施策 取組\t\t基本施策 取組\t
●\t(1) 情報の発信\t\t(1) 情報発信の強化\t
\tア 広報紙を発行します。\t\tア 広報紙とSNSで発信します。\t広報課
\tイ 講演会を開きます。\t\tイ 講演会と出前講座を開きます。\t市民活動課
\t(2) 拠点の運営\t廃止\t\t
\tア 拠点を運営します。\t削除(役割を終えたため)\t\t
"""

# (sheet, measures: (plan key, id below the plan, tier, kind, code_raw, title, novelty))
MEASURES = [
    (
        DASH,
        [
            ("00000-kyodo-current", "1", "goal", "goal", "1", "地域活動の支援", None),
            ("00000-kyodo-next", "1", "goal", "goal", "1", "地域活動の推進", None),
            ("00000-kyodo-current", "1/1-1", "action", "action", "1-1", "自治会への補助を行います。", None),
            ("00000-kyodo-next", "1/1-1", "action", "action", "1-1", "自治会への補助を行います。", None),
            ("00000-kyodo-current", "1/1-2", "action", "action", "1-2", "集会所を整備します。", None),
            ("00000-kyodo-next", "1/1-2", "action", "action", "1-2", "集会所と広場を整備します。", None),
            ("00000-kyodo-current", "1/1-3", "action", "action", "1-3", "広場を整備します。", None),
            ("00000-kyodo-next", "1/1-3", "action", "action", "1-3", "SNSで発信します。", "new"),
            ("00000-kyodo-next", "1/1-4", "action", "action", "1-4", "交流の場をつくります。", "new"),
            ("00000-kyodo-current", "2", "goal", "goal", "2", "人材の育成", None),
            ("00000-kyodo-next", "2", "goal", "goal", "2", "人材の育成", None),
            ("00000-kyodo-current", "2/2-1", "action", "action", "2-1", "講座を開きます。", None),
            ("00000-kyodo-next", "2/2-1", "action", "action", "2-1", "講座を開きます。", None),
            ("00000-kyodo-current", "2/2-2", "action", "action", "2-2", "交流会を開きます。", None),
            ("00000-kyodo-current", "2/2-3", "action", "action", "2-3", "冊子を配ります。", None),
        ],
    ),
    (
        PAREN,
        [
            ("00000-shimin-1", "1", "goal", "基本施策", "(1)", "情報の発信", None),
            ("00000-shimin-2", "1", "goal", "基本施策", "(1)", "情報発信の強化", None),
            ("00000-shimin-1", "1/1-1", "action", "取組", "ア", "広報紙を発行します。", None),
            ("00000-shimin-2", "1/1-1", "action", "取組", "ア", "広報紙とSNSで発信します。", None),
            ("00000-shimin-1", "1/1-2", "action", "取組", "イ", "講演会を開きます。", None),
            ("00000-shimin-2", "1/1-2", "action", "取組", "イ", "講演会と出前講座を開きます。", None),
            ("00000-shimin-1", "2", "goal", "基本施策", "(2)", "拠点の運営", None),
            ("00000-shimin-1", "2/2-1", "action", "取組", "ア", "拠点を運営します。", None),
        ],
    ),
]


def read(text: str):
    layout, ext = extract_text(text, "cw")
    assert layout.startswith("crosswalk (")
    return ext


def short(measure_id: str | None) -> str | None:
    """`00000-kyodo-next@cw/1/1-3` → `next/1/1-3`."""
    if measure_id is None:
        return None
    plan, _, rest = measure_id.partition("@cw")
    return plan.rsplit("-", 1)[-1] + rest


@pytest.mark.parametrize(("text", "expected"), MEASURES)
def test_measures_of_both_plans(text, expected):
    ext = read(text)
    assert [
        (
            m.plan_id.removesuffix("@cw"),
            m.measure_id.partition("@cw/")[2],
            m.tier,
            m.kind,
            m.code_raw,
            m.title,
            m.novelty,
        )
        for m in ext.get("measures")
    ] == expected
    parents = {m.measure_id: m.parent_id for m in ext.get("measures")}
    assert all(parents[m] == m.rsplit("/", 1)[0] for m in parents if m.count("/") == 2)


PLANS = [
    (
        DASH,
        [
            ("00000-kyodo-current", "△△町協働のまちづくり計画(現計画)", None, "final"),
            ("00000-kyodo-next", "△△町協働のまちづくり計画(改定計画)", None, None),
        ],
    ),
    (
        PAREN,
        [
            ("00000-shimin-1", "□□市市民活動推進計画(第1期計画)", 1, "final"),
            ("00000-shimin-2", "□□市市民活動推進計画(第2期計画)", 2, None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), PLANS)
def test_plans_from_the_headers(text, expected):
    assert [(p.plan_key, p.title, p.edition, p.status) for p in read(text).get("plans")] == expected


# (sheet, links: (type, src, dst or label, note))
LINKS = [
    (
        DASH,
        [
            ("successor", "current/1", "next/1", "継続"),  # top items first, then their items
            ("successor", "current/2", "next/2", None),
            ("successor", "current/1/1-1", "next/1/1-1", None),
            ("successor", "current/1/1-2", "next/1/1-2", "2つの項目を統合"),
            ("successor", "current/1/1-3", "next/1/1-2", "2つの項目を統合"),  # the merge's second item
            ("successor", "current/2/2-1", "next/2/2-1", None),
            ("successor", "current/2/2-2", "next/1/1-4", "1-4に統合"),  # the target its note names
        ],  # 2-3 廃止: no successor
    ),
    (
        PAREN,
        [
            ("supports", "1/1", "重点", None),
            ("successor", "1/1", "2/1", None),
            ("successor", "1/1/1-1", "2/1/1-1", None),
            ("successor", "1/1/1-2", "2/1/1-2", None),
        ],  # (2) 廃止 and its item 削除: no successor
    ),
]


@pytest.mark.parametrize(("text", "expected"), LINKS)
def test_links(text, expected):
    assert [
        (lk.link_type, short(lk.src_id), short(lk.dst_id) or lk.dst_label, lk.note)
        for lk in read(text).get("measure_links")
    ] == expected


DEPARTMENTS = [
    (
        DASH,
        [
            ("next/1/1-1", "総務課"),
            ("next/1/1-2", "建設課"),
            ("next/1/1-3", "企画課"),
            ("next/1/1-3", "総務課"),
            ("next/1/1-4", "総務課"),
            ("next/2/2-1", "生涯学習課"),
        ],
    ),
    (PAREN, [("2/1/1-1", "広報課"), ("2/1/1-2", "市民活動課")]),
]


@pytest.mark.parametrize(("text", "expected"), DEPARTMENTS)
def test_departments_of_the_new_items(text, expected):
    assert [(short(d.measure_id), d.department) for d in read(text).get("measure_departments")] == expected


WARNINGS = [
    (DASH, ["no edition printed for either plan; plan ids get -current/-next"]),
    (PAREN, []),
]


@pytest.mark.parametrize(("text", "expected"), WARNINGS)
def test_warnings(text, expected):
    assert [p.message for p in read(text).problems] == expected


@pytest.mark.parametrize(
    ("note", "codes"),
    [
        ("施策②-2、3に集約", ["2-2", "2-3"]),
        ("削除(②-8に集約。個別に対応しているため)", ["2-8"]),
        ("施策⑧へ", []),
        ("施策①－３へ", ["1-3"]),
        ("1-4に統合", ["1-4"]),  # another city's numbering
        ("(2)-1、2へ集約", ["2-1", "2-2"]),
        ("2つの項目を統合", []),  # a count, not a code
        ("令和2年度に廃止", []),
    ],
)
def test_note_targets(note, codes):
    assert note_targets(note) == codes


def test_a_flat_crosswalk_is_no_sheet():
    """Items on one side only, no top items with items below them: the flat old | new reading."""
    text = "第3次○○市協働推進計画\n基本目標1 協働の基盤づくり\n現行計画\t改定計画\n①-1 情報サイト\t1 情報サイトの運営\n"
    _, ext = extract_text(text, "cw")
    assert [p.title for p in ext.get("plans")] == [
        "第3次○○市協働推進計画",
        "第3次○○市協働推進計画 (現行計画)",
    ]


def reordered(text: str, order: list[int]) -> str:
    """The same sheet with its table columns in another order."""
    lines = text.split("\n")
    return "\n".join(
        "\t".join(cells[i] for i in order) if len(cells := line.split("\t")) > 1 else line for line in lines
    )


def comparable(ext, *leave_out: str) -> dict:
    return {
        table: [r.model_dump(exclude=set(leave_out)) for r in rows] for table, rows in ext.records.items()
    }


def test_column_order_is_free():
    """所管課 | 改定計画 | 現計画 | 見直し内容: the same records as the printed order."""
    assert comparable(read(reordered(DASH, [3, 2, 0, 1]))) == comparable(read(DASH))


def test_a_table_split_by_a_blank_line_goes_on():
    """Rows after a page break (here a blank line) without the header continue the sheet."""
    split = DASH.replace("\n2 人材の育成", "\n\n2 人材の育成")
    assert comparable(read(split), "line") == comparable(read(DASH), "line")  # the blank line moves lines
