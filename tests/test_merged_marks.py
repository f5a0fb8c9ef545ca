"""Marks printed in cells merged over rows: the reader says how many rows a cell covers (`Cell.rows`,
over a page break too), and a mark in a merged cell marks the rows it covers at its first row's level
(`pipeline/segment/merged_marks.py`).

The segment cases print a text sheet as a word processor does when its user merges mark cells: the
mark once, in a cell over the rows given, the rows below it empty at its column.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.model.ir import Block, Cell, Document, Row
from pipeline.read.pdf.assemble import merge_table
from pipeline.read.pdf.grid import drop_separator_rows, grid_rows, place_chars
from pipeline.read.pdf.tables import grid_from_cells
from pipeline.read.text import parse_lines
from pipeline.segment import segment_document
from pipeline.segment.base import Context
from pipeline.segment.merged_marks import covering, spread_marks
from pipeline.segment.vocabulary import load_vocabulary
from tests.page_chars import run
from tests.test_shapes import MATRIX  # an item table with actor and SDG marks

SIZE = 10.0

# ---- the reader: rows a cell covers


def test_a_cell_drawn_over_rows_covers_them():
    # Three columns (mark | name | note), four rows of 20 pt; the mark cell of row 1 is drawn over rows
    # 1–2, the note cell of row 0 over rows 0–3.
    xs, ys = [50.0, 70.0, 200.0, 300.0], [100.0, 120.0, 140.0, 160.0, 180.0]
    boxes = [(xs[2], ys[0], xs[3], ys[4])]  # the note, over every row
    boxes += [(xs[1], ys[r], xs[2], ys[r + 1]) for r in range(4)]  # the names
    boxes += [(xs[0], ys[0], xs[1], ys[1]), (xs[0], ys[1], xs[1], ys[3]), (xs[0], ys[3], xs[1], ys[4])]
    grid = grid_from_cells(boxes)
    chars = run("●", 52, 122, SIZE) + run("備考", 202, 102, SIZE)
    for r, name in enumerate(["①支援", "②確保", "③醸成", "④強化"]):
        chars += run(name, 72, ys[r] + 2, SIZE)
    place_chars(grid, chars)
    rows = grid_rows(grid, 1)
    assert [[c.raw for c in r.cells] for r in rows] == [
        ["", "①支援", "備考"],
        ["●", "②確保", ""],
        ["", "③醸成", ""],
        ["", "④強化", ""],
    ]
    assert [[c.rows for c in r.cells] for r in rows] == [[1, 1, 4], [2, 1, 1], [1, 1, 1], [1, 1, 1]]


def test_a_separator_row_left_out_of_a_merged_cell_is_not_counted():
    rows = [
        Row([Cell("●", ["●"], rows=3), Cell("①支援", ["①支援"])]),
        Row([Cell("-----", ["-----"]), Cell("-----", ["-----"])]),
        Row([Cell(""), Cell("②確保", ["②確保"])]),
    ]
    kept, _ = drop_separator_rows(rows, [])
    assert [[(c.raw, c.rows) for c in r.cells] for r in kept] == [
        [("●", 2), ("①支援", 1)],
        [("", 1), ("②確保", 1)],
    ]


HEAD = ["柱", "施策"]


def part(rows: list[tuple[str, int, str]]) -> Block:
    """A table part: its repeated header, then (mark, rows the mark cell covers, name) per row."""
    out = [Row([Cell(t, [t]) for t in HEAD], page=1)]
    out += [Row([Cell(m, [m] if m else [], rows=n), Cell(t, [t] if t else [])], page=1) for m, n, t in rows]
    return Block("table", rows=out, page=1)


# (first part, next part, whether the page cut the last row, the rows each mark cell covers after
# the join: (name of its row, rows))
CONTINUED = [
    # An empty box over rows at the top of the next page: the rest of the mark cell at the foot.
    (
        [("●", 2, "①支援"), ("", 1, "①-1 交付")],
        [("", 2, "①-2 研修"), ("", 1, "①-3 交流")],
        False,
        [("①支援", 4)],
    ),
    # An empty cell over one row: a cell of its own (the page cannot tell it from a rest).
    (
        [("●", 2, "①支援"), ("", 1, "①-1 交付")],
        [("", 1, "②確保"), ("", 1, "②-1 研修")],
        False,
        [("①支援", 2)],
    ),
    # A single-row mark at the foot meets an empty box: a box of its own.
    (
        [("", 1, "①支援"), ("●", 1, "②確保")],
        [("", 2, "②-1 研修"), ("", 1, "②-2 交流")],
        False,
        [("②確保", 1)],
    ),
    # A mark printed in the next part's first row: nothing goes on.
    (
        [("●", 2, "①支援"), ("", 1, "①-1 交付")],
        [("●", 2, "②確保"), ("", 1, "②-1 研修")],
        False,
        [("①支援", 2), ("②確保", 2)],
    ),
    # A row the page cut: its rest covers one more row there, so the mark cell does.
    (
        [("●", 2, "①支援"), ("", 1, "①-1 交付")],
        [("", 2, "です。"), ("", 1, "①-2 研修")],
        True,
        [("①支援", 3)],
    ),
]


@pytest.mark.parametrize(("before", "after", "cut", "expected"), CONTINUED)
def test_a_merged_cell_goes_on_over_the_page_break(before, after, cut, expected):
    first, rest = part(before), part(after)
    merge_table(first, rest, cut=(cut, cut))
    spans = [(r.cells[1].raw, r.cells[0].rows) for r in first.rows[1:] if r.cells[0].raw]
    assert spans == expected
    if not cut:
        assert len(first.rows) == 1 + len(before) + len(after)


# ---- the segment rule: a merged mark marks the rows it covers at its first row's level

VOCAB = load_vocabulary()


def mark_rows(cells: list[tuple[str, int, str]]) -> list[Row]:
    return [Row([Cell(m, [m] if m else [], rows=n), Cell(t, [t])]) for m, n, t in cells]


def level(row: Row) -> str | None:
    name = row.cells[1].raw
    return None if not name else "sub" if "-" in name else "top"


# (rows: (mark, rows its cell covers, name), the marks read per row)
SPREAD = [
    # A mark over a heading and its actions: the heading's only.
    ([("●", 3, "①"), ("", 1, "①-1"), ("", 1, "①-2"), ("", 1, "②")], ["●", "", "", ""]),
    # A mark over two headings with their actions: both headings.
    ([("●", 4, "①"), ("", 1, "①-1"), ("", 1, "②"), ("", 1, "②-1"), ("", 1, "③")], ["●", "", "●", "", ""]),
    # A mark over actions: the actions it covers.
    ([("", 1, "①"), ("○", 2, "①-1"), ("", 1, "①-2"), ("", 1, "①-3")], ["", "○", "○", ""]),
    # A row without a level (an empty name) is never marked.
    ([("●", 3, "①"), ("", 1, ""), ("", 1, "②")], ["●", "", "●"]),
    # A cell merged over rows that holds no mark gives nothing.
    ([("重点", 2, "①"), ("", 1, "②")], ["重点", ""]),
]


@pytest.mark.parametrize(("cells", "expected"), SPREAD)
def test_a_merged_mark_marks_the_rows_at_its_first_rows_level(cells, expected):
    rows = mark_rows(cells)
    assert [r.cells[0].raw for r in spread_marks(rows, [0], VOCAB, level)] == expected


def test_covering_names_the_row_of_the_merged_cell():
    rows = mark_rows([("●", 3, "①"), ("", 1, "①-1"), ("", 1, "①-2"), ("○", 2, "②"), ("", 1, "②-1")])
    assert covering(rows, 0) == {1: 0, 2: 0, 4: 3}


SHEET = """\
□□市地域コミュニティ計画 見直しシート

計画の柱\t\t現行計画\t作業経過等\t第2期計画\t関係課
I\tII\t主な施策\t\t主な施策\t
●\t\t①地域活動の支援\t施策①→施策①\t①地域活動の推進\t
\t\t①-1 交付金を交付します。\t\t①-1 交付金を交付します。\t総務課
●\t●\t②担い手の確保\t施策②+施策③⇒施策②\t②担い手の育成\t
\t\t②-1 研修会を開きます。\t\t②-1 研修会を開きます。\t総務課
●\t\t③意識の醸成\t施策②+施策③⇒施策②\t\t
\t\t③-1 交流事業を支援します。\t\t②-2 交流事業を支援します。\t総務課
"""


def supports(merges: dict[tuple[int, int], int]) -> list[tuple[str, str]]:
    """The `supports` links of the sheet printed with its mark cells merged: (row, column) of the
    table → the rows the cell there covers (the cells it covers printed empty)."""
    doc = Document("cw.txt", "text", parse_lines(SHEET.split("\n")))
    table = next(b for b in doc.blocks if b.kind == "table")
    for (r, c), n in merges.items():
        table.rows[r].cells[c] = replace(table.rows[r].cells[c], rows=n)
        for k in range(r + 1, r + n):
            table.rows[k].cells[c] = Cell("", [])
    _, ext = segment_document(doc, Context("cw", None))
    links = [lk for lk in ext.get("measure_links") if lk.link_type == "supports"]
    return sorted((lk.src_id.partition("@cw")[2], lk.dst_label) for lk in links)


TEXT = [("/1", "計画の柱I"), ("/2", "計画の柱I"), ("/2", "計画の柱II"), ("/3", "計画の柱I")]

# (merged cells, the links the print gives)
MERGES = [
    ({}, TEXT),
    # Each mark over its group (the heading's row and its actions' rows): the text's links.
    ({(2, 0): 2, (4, 0): 2, (4, 1): 2, (6, 0): 2}, TEXT),
    # ② and ③ under one I mark (both marked), over a group each below: the text's links.
    ({(2, 0): 2, (4, 0): 4, (4, 1): 2}, TEXT),
    # II over ③ too: the print says ③ supports II as well.
    ({(4, 1): 4}, [*TEXT[:3], ("/3", "計画の柱I"), ("/3", "計画の柱II")]),
]


@pytest.mark.parametrize(("merges", "expected"), MERGES)
def test_a_crosswalk_reads_a_merged_mark_for_each_top_item_it_covers(merges, expected):
    assert supports(merges) == sorted(expected)


def test_an_item_tables_merged_mark_marks_each_named_row():
    # The SDG's ● drawn over both rows; 地域's ◎ over both rows (printed once).
    doc = Document("m.txt", "text", parse_lines(MATRIX.splitlines()))
    table = next(b for b in doc.blocks if b.kind == "table")
    for c in (2, 5):
        table.rows[1].cells[c] = replace(table.rows[1].cells[c], rows=2)
        table.rows[2].cells[c] = Cell("", [])
    _, ext = segment_document(doc, Context("m", None))
    titles = {m.measure_id: m.title for m in ext.get("measures")}
    assert [(titles[lk.src_id], lk.dst_label) for lk in ext.get("measure_links")] == [
        ("自治会加入の促進", "SDGs目標11"),
        ("防災訓練の実施", "SDGs目標11"),
    ]
    assert [
        (titles[a.measure_id], a.actor, a.role) for a in ext.get("measure_actors") if a.actor == "地域"
    ] == [
        ("自治会加入の促進", "地域", "lead"),
        ("防災訓練の実施", "地域", "lead"),
    ]


def test_an_overviews_merged_mark_marks_each_action_row():
    from pipeline.segment.overview import read_overview

    (block,) = parse_lines(
        "方向\t事業\t住民\t行政\tSDGs11\n安心\t(1)防災訓練\t○\t◎\t●\n\t(2)見守り\t◎\t\t".split("\n")
    )
    block.rows[1].cells[4] = replace(block.rows[1].cells[4], rows=2)
    found = read_overview(block, VOCAB)
    assert [(i.title, i.marks) for i in found.items] == [
        ("防災訓練", [("住民", "weak"), ("行政", "strong"), ("SDGs11", "strong")]),
        ("見守り", [("住民", "strong"), ("SDGs11", "strong")]),
    ]
