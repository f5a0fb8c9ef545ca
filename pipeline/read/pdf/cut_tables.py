"""Ruled tables cut by a page break: the rule a producer left out at the cut, and the row it split.

A producer that lets a row break across pages (CSS tables, a word processor's "allow row to
break across pages") may draw the row's part on each page as an open box: its vertical
rules run down to the page's foot, or start at the page's head, with no horizontal rule
closing them there. `closing_rules` draws that rule, so that the part is a grid like the
rest of its table: two or more vertical rules that end together, each with a free end (no
rule meets it, none carries it on: a merged cell's border drawn row by row is no cut), and
that all reach a horizontal rule spanning them at their other end.
`continued.join_row` then makes the row split by the cut one row again, when the table goes
on on the next page (`Grid.cut`).
"""

from __future__ import annotations

from pipeline.read.pdf.rules import Segment, snap


def closing_rules(
    horizontal: list[Segment],
    vertical: list[Segment],
    chars: list[dict],
    height: float,
    tolerance: float,
    margin: float,
) -> list[Segment]:
    """The horizontal rules that close tables left open where a page break cut them.

    The cut is at the foot (or head) of what the page prints: no character beyond it over the
    table's width but in the page's margin zones (`margin`, a fraction of `height`: page numbers).
    """
    out: list[Segment] = []
    rows = _by_height(horizontal, tolerance)
    for foot, free_end, other_end in (
        (True, lambda s: s.a1, lambda s: s.a0),
        (False, lambda s: s.a0, lambda s: s.a1),
    ):
        free = [
            v
            for v in vertical
            if not _meets(rows, v.at, free_end(v), tolerance)
            and not _goes_on(vertical, v, free_end(v), tolerance)
        ]
        for y in snap([free_end(v) for v in free], tolerance):
            group = [v for v in free if abs(free_end(v) - y) <= tolerance]
            xs = snap([v.at for v in group], tolerance)
            if len(xs) < 2:
                continue
            ends = snap([other_end(v) for v in group], tolerance)
            if (
                len(ends) == 1
                and _spans(horizontal, ends[0], xs[0], xs[-1], tolerance)
                and not _printed_beyond(chars, xs[0], xs[-1], y, foot, height * margin, height * (1 - margin))
            ):
                out.append(Segment(xs[0], xs[-1], y))
    return out


def _printed_beyond(
    chars: list[dict], x0: float, x1: float, y: float, foot: bool, head: float, tail: float
) -> bool:
    """True when a character over x0…x1 is printed below `y` (`foot`) or above it, outside the margin zones."""
    for c in chars:
        if c["x1"] <= x0 or c["x0"] >= x1 or not c["text"].strip():
            continue
        if (c["top"] >= y and c["top"] < tail) if foot else (c["bottom"] <= y and c["bottom"] > head):
            return True
    return False


def _by_height(horizontal: list[Segment], tolerance: float) -> dict[int, list[Segment]]:
    """Horizontal rules by their height in steps of the tolerance, a point at least (a page drawn cell
    by cell has hundreds)."""
    rows: dict[int, list[Segment]] = {}
    for h in horizontal:
        rows.setdefault(int(h.at // max(tolerance, 1.0)), []).append(h)
    return rows


def _meets(rows: dict[int, list[Segment]], x: float, y: float, tolerance: float) -> bool:
    """Whether a horizontal rule (`_by_height`) passes through (x, y)."""
    step = int(y // max(tolerance, 1.0))
    return any(
        abs(h.at - y) <= tolerance and h.a0 - tolerance <= x <= h.a1 + tolerance
        for k in (step - 1, step, step + 1)
        for h in rows.get(k, ())
    )


def _goes_on(vertical: list[Segment], rule: Segment, y: float, tolerance: float) -> bool:
    """True when another vertical rule carries `rule` on past its end at `y` (a border drawn piece by piece)."""
    return any(
        v is not rule and abs(v.at - rule.at) <= tolerance and v.a0 - tolerance <= y <= v.a1 + tolerance
        and (v.a0 < y - tolerance or v.a1 > y + tolerance)
        for v in vertical
    )  # fmt: skip


def _spans(horizontal: list[Segment], y: float, x0: float, x1: float, tolerance: float) -> bool:
    """True when rules at `y` (drawn whole or cell by cell) cover x0…x1."""
    reach = x0
    for h in sorted((h for h in horizontal if abs(h.at - y) <= tolerance), key=lambda h: h.a0):
        if h.a0 - tolerance <= reach:
            reach = max(reach, h.a1)
    return reach >= x1 - tolerance
