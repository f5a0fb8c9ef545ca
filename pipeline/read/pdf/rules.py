"""Drawn rules: stroked lines, thin rectangles and outlines (table rules) apart from filled shapes (bars)."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.read.pdf.settings import DEFAULTS, PdfSettings


@dataclass(slots=True)
class Segment:
    """A straight rule: horizontal (y fixed) or vertical (x fixed)."""

    a0: float  # start along the rule
    a1: float  # end along the rule
    at: float  # the fixed coordinate


def is_white(color) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    try:
        values = [float(v) for v in values]
    except (TypeError, ValueError):
        return False
    if len(values) == 4:  # CMYK
        return all(v <= 0.05 for v in values)
    return all(v >= 0.95 for v in values)


def page_rules(
    page, settings: PdfSettings = DEFAULTS
) -> tuple[list[dict], list[Segment], list[Segment], list[dict]]:
    """(rule objects for find_tables, horizontal rules, vertical rules, filled shapes)."""
    thickness = settings.rule_max_thickness
    objects: list[dict] = []
    fills: list[dict] = []
    for line in page.lines:
        objects.append(line)
    for rect in page.rects:
        thin = min(rect["width"], rect["height"]) <= thickness
        filled = rect.get("fill") and not is_white(rect.get("non_stroking_color"))
        if thin:
            objects.append(rect)
        elif filled:
            fills.append(rect)
        elif rect.get("stroke"):
            objects.append(rect)
    horizontal: list[Segment] = []
    vertical: list[Segment] = []
    for obj in objects:
        w, h = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if obj["object_type"] == "rect" and min(w, h) > thickness:  # an outline: four rules
            horizontal += [
                Segment(obj["x0"], obj["x1"], obj["top"]),
                Segment(obj["x0"], obj["x1"], obj["bottom"]),
            ]
            vertical += [
                Segment(obj["top"], obj["bottom"], obj["x0"]),
                Segment(obj["top"], obj["bottom"], obj["x1"]),
            ]
        elif h <= thickness and w > thickness:
            horizontal.append(Segment(obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2))
        elif w <= thickness and h > thickness:
            vertical.append(Segment(obj["top"], obj["bottom"], (obj["x0"] + obj["x1"]) / 2))
    return objects, horizontal, vertical, fills


def snap(values: list[float], tolerance: float) -> list[float]:
    """Sorted values with near-equal ones merged (the first of each run kept)."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def index_of(value: float, edges: list[float]) -> int:
    """The index of the edge nearest to `value`."""
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value)) if edges else 0


def own_positions(
    edges: list[float], top: float, bottom: float, rules: list[Segment], reach: float
) -> list[float]:
    """A table's column edges moved back onto its own rules (those over top…bottom within `reach`).

    pdfplumber snaps rules that lie within its tolerance of each other anywhere on the page to
    their mean: two tables whose columns nearly line up get the same edges, a point off each
    table's own rule, and a cell's right edge then says a line ended early when it did not.
    """
    out = list(edges)
    for i, x in enumerate(edges):
        mine = [
            r.at
            for r in rules
            if abs(r.at - x) <= reach
            and r.a0 < bottom - reach
            and r.a1 > top + reach
            and min(range(len(edges)), key=lambda k: abs(edges[k] - r.at)) == i
        ]
        if mine:
            mine.sort()
            out[i] = mine[len(mine) // 2]
    return out
