"""Headings known by their look: the reader records each text block's size and weight
(`pipeline/read/pdf/look.py`), the recognizer opens a heading at a short unnumbered line set
larger than the body or bold (`pipeline/segment/look.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.app.process import process_document
from pipeline.ingest.manifest import Entry
from pipeline.model.ir import Block, Document
from pipeline.read.pdf import dedupe_chars
from pipeline.read.pdf.chars import build_lines
from pipeline.read.pdf.look import Looks, bold_font, family
from pipeline.read.text import read_text
from pipeline.segment.look import Body, body_of, emphasized, look_headings
from pipeline.segment.tree import Node, Outline
from tests.test_read_pdf import _char, _pdf, _read_bytes, rl  # noqa: F401  (rl: a fixture)

# -- the reader: what a font's name says


@pytest.mark.parametrize(
    ("name", "bold", "face"),
    [
        ("AAAAAA+IPAexGothic", False, "gothic"),
        ("IPAexMincho", False, "mincho"),
        ("MS-PGothic,Bold", True, "gothic"),
        ("NotoSansCJKjp-Bold", True, "gothic"),
        ("NotoSerifCJKjp-Regular", False, "mincho"),
        ("HiraKakuProN-W6", True, "gothic"),
        ("HiraMinProN-W3", False, "mincho"),
        ("KozGoPr6N-Heavy", True, "gothic"),
        ("KozMinPr6N-Regular", False, "mincho"),
        ("YuGothic-Semibold", True, "gothic"),
        ("SourceHanSans-Black", True, "gothic"),
        ("TimesNewRomanPS-BoldMT", True, None),
        ("Century", False, None),
        (b"ZEPEDO+HG\x8a\xdb\xba\xde\xbc\xaf\xb8M-PRO", False, None),  # pdfminer's undecoded name
        (None, False, None),
    ],
)
def test_a_font_name_tells_weight_and_face(name, bold, face):
    assert bold_font(name) is bold
    assert family(name) == face


def test_dedupe_marks_the_copy_it_keeps_of_an_overprint():
    first = [_char("計", 10, 10), _char("画", 20, 10)]
    again = [_char("計", 10.4, 10.1)]
    kept = dedupe_chars(first + again)
    assert kept == first
    assert [bool(c.get("overprinted")) for c in kept] == [True, False]


def _looks(lines: list[tuple[str, str, float]]) -> list[tuple[float, bool]]:
    """(text, font, size) lines, each a text block → the (size, bold) the reader records."""
    looks, blocks = Looks(), []
    for n, (text, font, size) in enumerate(lines):
        chars = [_char(ch, 10 + i * size, 20 * n, size, font) for i, ch in enumerate(text)]
        blocks.append(Block("text", raw=text))
        looks.add(blocks[-1], build_lines(chars)[0])
    looks.finish()
    return [(b.size, b.bold) for b in blocks]


def test_gothic_in_a_mincho_body_is_emphasis_and_not_in_a_gothic_body():
    lines = [("計画の推進体制", "IPAexGothic", 10.5), ("本文の文章です。" * 3, "IPAexMincho", 10.5)]
    assert _looks(lines) == [(10.5, True), (10.5, False)]
    lines = [("計画の推進体制", "IPAexMincho", 10.5), ("本文の文章です。" * 3, "IPAexGothic", 10.5)]
    assert _looks(lines) == [(10.5, False), (10.5, False)]
    lines = [("計画の推進体制", "MS-Gothic,Bold", 14.0), ("本文の文章です。" * 3, "MS-Gothic", 10.5)]
    assert _looks(lines) == [(14.0, True), (10.5, False)]


# -- the recognizer: which lines are headings by their look

BODY = Body(10.5, False)


@pytest.mark.parametrize(
    ("text", "size", "bold", "body", "heading"),
    [
        ("計画の推進体制", 14.0, True, BODY, True),  # larger and bold
        ("協働によるまちづくりの推進", 14.0, False, BODY, True),  # larger
        ("協働によるまちづくりの推進", 12.0, False, BODY, True),  # 12 over 10.5: clearly larger
        ("協働によるまちづくりの推進", 11.5, False, BODY, False),  # a point larger: not clearly
        ("協働によるまちづくりの推進", 10.5, True, BODY, True),  # bold over a body that is not
        ("協働によるまちづくりの推進", 10.5, True, Body(10.5, True), False),  # bold body: bold says nothing
        ("協働によるまちづくりの推進", 9.0, True, BODY, False),  # smaller: a caption
        ("協働によるまちづくりの推進", 10.5, False, BODY, False),  # body text
        ("市民と行政が協働してまちづくりを進めます。", 14.0, True, BODY, False),  # a sentence
        ("市民と行政が協働し、", 14.0, True, BODY, False),  # a clause
        ("市民・事業者・行政がそれぞれの役割を担い協働によるまちづくりを進める", 14.0, True, BODY, False),
        ("令和6年3月", 14.0, True, BODY, False),  # a date
        ("平成30年度第2回", 14.0, True, BODY, False),  # a date and a count
        ("明治150年", 14.0, True, BODY, False),  # a date of another era
        ("平和のまち", 14.0, False, BODY, True),  # 平和 is a word, not an era's letters
        ("育成支援", 14.0, False, BODY, True),  # 成 outside 平成 is a word's
        ("2,500", 14.0, True, BODY, False),  # a number
        ("62.6% その他", 14.0, False, BODY, False),  # a figure's label
        ("くり", 10.5, True, BODY, False),  # a fragment
        ("機能強化 創出", 10.5, True, BODY, False),  # bold runs apart: a figure's labels
        ("※計画の推進体制", 14.0, True, BODY, False),  # a note
        ("（計画の推進体制）", 14.0, True, BODY, False),  # an aside
        ("計画の推進体制", None, None, BODY, False),  # a text document's line
        ("計画の推進体制", 14.0, True, None, False),  # a text document
    ],
)
def test_which_lines_are_headings_by_their_look(text, size, bold, body, heading):
    assert emphasized(text, size, bold, body) is heading


def _doc(*blocks: tuple[str, float, bool]) -> Document:
    return Document("x.pdf", "pdf", [Block("text", raw=r, page=1, size=s, bold=b) for r, s, b in blocks])


def test_the_body_is_the_size_most_characters_have():
    doc = _doc(("協働推進計画", 20.0, True), ("本文" * 20, 10.5, False), ("見出し", 14.0, True))
    assert body_of(doc) == Body(10.5, False)
    assert body_of(Document("x.txt", "text", [Block("text", raw="本文")])) is None


def test_cover_title_lone_looks_and_lines_without_content_open_no_heading():
    doc = _doc(
        ("協働推進のための計画書", 20.0, True),  # the cover, before the body's first line
        ("本計画は協働を推進するための計画である。", 10.5, False),
        ("協働によるまちづくりの推進", 14.0, True),
        ("市民活動を支援する。", 10.5, False),
        ("計画の推進体制", 14.0, True),
        ("推進会議を置く。", 10.5, False),
        ("資料編の構成について", 16.0, True),  # its look printed once
        ("資料を載せる。", 10.5, False),
        ("重点的な取組の一覧", 14.0, True),  # followed by a line as large: no content of its own
        ("協働推進のための計画書", 20.0, True),
    )
    assert look_headings(doc, "協働推進のための計画書") == {2: "look:14.0:b", 4: "look:14.0:b"}


# -- synthetic plans

TITLE = "第3次協働推進計画"
PLAN = [  # (text, size, bold: fake-bold overprint)
    (TITLE, 20, True),
    ("本計画は、市民と行政の協働によるまちづくりを進めるための計画です。", 10.5, False),
    ("協働によるまちづくりの推進", 14, True),
    ("市民が主体となる活動を広げます。", 10.5, False),
    ("(1) 市民活動の支援", 10.5, False),
    ("【主な事業】", 10.5, False),
    ("・市民活動補助事業（市民協働課）", 10.5, False),
    ("・市民活動センター運営事業（市民協働課）", 10.5, False),
    ("(2) 人材の育成", 10.5, False),
    ("【主な事業】", 10.5, False),
    ("・まちづくり講座の開催（生涯学習課）", 10.5, False),
    ("計画の推進体制", 14, True),
    ("計画を着実に進めます。", 10.5, False),
    ("(1) 推進会議の運営", 10.5, False),
    ("【主な事業】", 10.5, False),
    ("・協働推進会議の開催（市民協働課）", 10.5, False),
]


def _plan_pdf(rl, lines, bold_only: bool = False) -> bytes:  # noqa: F811
    def draw(c, n):
        y = 780
        for text, size, bold in lines:
            if bold_only and size == 14:
                size = 10.5
            c.setFont(rl.FONT_NAME, size)
            c.drawString(72, y, text)
            if bold:
                c.drawString(72 + rl.FAKE_BOLD_OFFSET, y, text)
            y -= size * 2.2

    return _pdf(draw)


def _records(tmp_path: Path, data: bytes, name: str = "plan.pdf") -> list[tuple]:
    path = tmp_path / name
    path.write_bytes(data)
    recs = process_document(path, Entry(file=name, document_id="plan", municipality_code="99999")).records
    by_id = {m.measure_id: m for m in recs["measures"]}
    return [
        (m.tier, m.code, m.title, by_id[m.parent_id].title if m.parent_id else None) for m in recs["measures"]
    ]


EXPECTED = [
    ("goal", None, "協働によるまちづくりの推進", None),
    ("measure", "1", "市民活動の支援", "協働によるまちづくりの推進"),
    ("action", None, "市民活動補助事業", "市民活動の支援"),
    ("action", None, "市民活動センター運営事業", "市民活動の支援"),
    ("measure", "2", "人材の育成", "協働によるまちづくりの推進"),
    ("action", None, "まちづくり講座の開催", "人材の育成"),
    ("goal", None, "計画の推進体制", None),
    ("measure", "1", "推進会議の運営", "計画の推進体制"),
    ("action", None, "協働推進会議の開催", "推進会議の運営"),
]


def test_unnumbered_large_headings_are_goals_over_numbered_measures(rl, tmp_path):  # noqa: F811
    data = _plan_pdf(rl, PLAN)
    doc = _read_bytes(data)
    looks = {b.raw: (b.size, b.bold) for b in doc.blocks}
    assert looks["協働によるまちづくりの推進"] == (14.0, True)
    assert looks["(1) 市民活動の支援"] == (10.5, False)
    assert _records(tmp_path, data) == EXPECTED


def test_bold_headings_at_the_body_size_are_goals_too(rl, tmp_path):  # noqa: F811
    data = _plan_pdf(rl, PLAN, bold_only=True)
    doc = _read_bytes(data)
    assert {b.raw: (b.size, b.bold) for b in doc.blocks}["計画の推進体制"] == (10.5, True)
    assert _records(tmp_path, data) == EXPECTED


def test_numbered_headings_set_large_stay_what_their_numbering_says(rl, tmp_path):  # noqa: F811
    lines = [(t, 12, True) if t.startswith("(") else (t, s, b) for t, s, b in PLAN]
    assert _records(tmp_path, _plan_pdf(rl, lines)) == EXPECTED


def test_the_same_plan_as_text_is_read_by_its_numbering_only(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(text for text, _, _ in PLAN) + "\n", encoding="utf-8")
    doc = read_text(path, path.read_bytes())
    assert {b.size for b in doc.blocks} == {None}
    assert _records(tmp_path, path.read_bytes(), "plan.txt") == [
        ("goal", "1", "市民活動の支援", None),
        ("action", None, "市民活動補助事業", "市民活動の支援"),
        ("action", None, "市民活動センター運営事業", "市民活動の支援"),
        ("goal", "2", "人材の育成", None),
        ("action", None, "まちづくり講座の開催", "人材の育成"),
        ("goal", "1", "推進会議の運営", None),
        ("action", None, "協働推進会議の開催", "推進会議の運営"),
    ]


def test_a_look_level_closes_looks_not_larger_and_numbered_headings_of_its_look():
    def node(raw: str, size: float, bold: bool, code: str | None = None) -> Node:
        return Node(raw, raw, "heading", Block("text", raw=raw, size=size, bold=bold), code)

    outline = Outline()
    overview = node("1 計画の概要", 14.0, True, "1")
    assert outline.open("num", overview) is None
    assert outline.open("paren", node("(1) 計画の趣旨", 10.5, False, "1")) is overview
    goal = node("計画の推進体制", 14.0, True)
    assert outline.open("look:14.0:b", goal) is None  # the numbered heading's look: its sibling
    part = node("推進会議", 12.0, True)
    assert outline.open("look:12.0:b", part) is goal  # smaller: inside
    assert outline.open("paren", node("(1) 会議の運営", 10.5, False, "1")) is part
    assert outline.open("look:12.0:b", node("評価", 12.0, True)) is goal  # the same look: a sibling
    assert outline.open("look:16.0:b", node("資料編", 16.0, True)) is None  # larger: outer
    assert [k for k, _ in outline.levels] == ["look:16.0:b"]


def test_numbered_lines_do_not_make_a_lone_look_a_level():
    doc = _doc(
        ("本計画は協働を推進するための計画である。", 10.5, False),
        ("9. 債務負担行為", 12.0, False),
        ("表を載せる。", 10.5, False),
        ("令和8年度当初予算 (単位:円)", 12.0, False),  # a table's caption, as large as the numbered lines
        ("表を載せる。", 10.5, False),
        ("10. 主な継続事業", 12.0, False),
        ("表を載せる。", 10.5, False),
    )
    assert set(look_headings(doc, None)) == {1, 3, 5}  # every line a candidate: the numbered ones count
    assert look_headings(doc, None, plain=lambda raw: not raw[0].isdigit()) == {}
