"""The text reader: tables, cell lines, tables of contents, encodings, line numbers."""

from pathlib import Path

import pytest

from pipeline.normalize.text import group_items
from pipeline.read import ReadError, read_document
from pipeline.read.cells import cell_lines, is_marker
from pipeline.read.text import parse_lines

SAMPLE = """\
目 次

第1章 基本事項

1\t計画の趣旨\t1
2\t計画の期間\t3

第1章 基本事項

本文の段落です。
事業名\t事業内容
研修の実施\t<p>研修を行います。</p> <p>また、交流します。</p>
-------------------------\t--
（続き）\t<ul style="list-style-type: none"> ◆調査 <ul style="list-style-type: none"> ・回数、人数 ◆実施

次の段落
"""


def test_blocks_keep_their_line_numbers_and_kinds():
    blocks = parse_lines(SAMPLE.split("\n"))
    assert [(b.kind, b.line) for b in blocks] == [
        ("toc", 1),
        ("text", 8),
        ("text", 10),
        ("table", 11),
        ("text", 16),
    ]
    toc = blocks[0]
    assert [r.cells[0].raw for r in toc.rows] == ["第1章 基本事項", "1\t計画の趣旨\t1", "2\t計画の期間\t3"]


def test_table_rows_and_cell_lines():
    table = parse_lines(SAMPLE.split("\n"))[3]
    assert [r.line for r in table.rows] == [11, 12, 14]  # the separator line is dropped, not a row
    assert table.rows[1].cells[1].lines == ["研修を行います。", "また、交流します。"]
    assert table.rows[2].cells[1].lines == ["◆調査", "・回数、人数", "◆実施"]


@pytest.mark.parametrize(
    ("raw", "lines"),
    [
        ("<p>◆会長会議での審議</p>", ["◆会長会議での審議"]),
        ("◆A ◆B", ["◆A", "◆B"]),
        ("児童・生徒が取材", ["児童・生徒が取材"]),
        ("○協働の意味 ○地域協働体", ["○協働の意味", "○地域協働体"]),
        ('<ul style="x"> ◆A <ul> ※ 注記', ["◆A", "※ 注記"]),
        ("", []),
    ],
)
def test_cell_lines(raw, lines):
    assert cell_lines(raw) == lines


def test_group_items_keeps_sub_points_with_their_item():
    assert group_items(["前文", "◆A", "・a1", "・a2", "◆B"]) == [["前文"], ["◆A", "・a1", "・a2"], ["◆B"]]


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [
        ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp932", b""), ("euc_jis_2004", b""), ("utf-16", b""),
        ("shift_jis_2004", b""),
    ],
)  # fmt: skip
def test_encodings_are_detected(tmp_path: Path, encoding, prefix):
    # `¹` (a footnote mark) and `㋐` are in JIS X 0213 (Shift_JIS-2004, EUC-JIS-2004), not in CP932
    text = "基本方針1 市民意識の醸成\r\n事業名\t事業内容\r\n" + ("注¹ ㋐\r\n" if "2004" in encoding else "")
    path = tmp_path / "doc.txt"
    path.write_bytes(prefix + text.encode(encoding))
    doc = read_document(path)
    assert doc.blocks[0].raw == "基本方針1 市民意識の醸成"
    assert doc.blocks[1].rows[0].cells[1].raw == "事業内容"
    assert doc.encoding.startswith(encoding.split("_")[0])
    if "2004" in encoding:
        assert doc.blocks[-1].raw == "注¹ ㋐"


def test_empty_file_is_a_read_error(tmp_path: Path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"  \n")
    with pytest.raises(ReadError, match="empty"):
        read_document(path)


def test_seed_tables_of_contents_are_not_content(raw_dir: Path):
    doc = read_document(raw_dir / "08201_mito_kyodo_basic_plan_3.txt")
    toc = [b for b in doc.blocks if b.kind == "toc"]
    assert len(toc) == 1 and toc[0].line == 10
    assert toc[0].rows[-1].cells[0].raw == "2\t進行管理\t35"
    first_content = next(b for b in doc.blocks if b.line and b.line > 10 and b.kind != "toc")
    assert first_content.raw == "第1章 水戸市協働推進基本計画（第3次）について"


def test_short_toc_ends_at_the_first_line_that_is_no_entry():
    blocks = parse_lines(["目次", "1 はじめに 1", "2 施策 3", "", "はじめに", "本文"])
    assert [(b.kind, b.line) for b in blocks] == [("toc", 1), ("text", 5), ("text", 6)]


def test_toc_entries_with_leader_dots():
    lines = ["目次", "1 はじめに……1", "2 施策の体系・・・・3", "3 推進体制‥‥12", "はじめに", "本文"]
    blocks = parse_lines(lines)
    assert [(b.kind, b.line) for b in blocks] == [("toc", 1), ("text", 5), ("text", 6)]
    assert [r.cells[0].raw for r in blocks[0].rows] == lines[1:4]


@pytest.mark.parametrize(
    ("run", "marker"),
    [("1.", True), ("（1）", True), ("①", True), ("ア", True), ("・", True), ("●", True), ("◇", True)]
    + [("※", False), ("●●", False), ("", False), ("1 はじめに", False), ("事業名", False)],
)
def test_a_list_items_marker_printed_apart(run, marker):
    """A numbering mark or an item's bullet (a note's ※ is none): a PDF line of a marker and text is no table."""
    assert is_marker(run) is marker
