"""The pdfium engine's drawn objects: pdfium's path objects as pdfminer's lines, rects and curves.

A path is split into subpaths at each move, as pdfminer does; a subpath of one segment is a
`line`, a closed axis-parallel four-sided one a `rect`, anything else a `curve`, with the keys
and coordinates pdfplumber gives them (points from the top-left corner of the page).
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium


def multiply(m: tuple, n: tuple) -> tuple:
    """m then n (PDF row-vector matrices)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def transform(m: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def box_dict(kind: str, x0: float, y0: float, x1: float, y1: float, height: float, **extra) -> dict:
    out = {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "y0": y0,
        "y1": y1,
        "top": height - y1,
        "bottom": height - y0,
        "doctop": height - y1,
        "width": x1 - x0,
        "height": y1 - y0,
    }
    out.update(extra)
    return out


def object_colour(get, obj: Any) -> tuple | None:
    r, g, b, alpha = (ctypes.c_uint() for _ in range(4))
    if not get(obj, r, g, b, alpha):
        return None
    return (r.value / 255, g.value / 255, b.value / 255)


def path_dicts(obj: Any, m: tuple, height: float) -> list[tuple[str, dict]]:
    """A path object → pdfplumber's line, rect and curve dicts, one per subpath, as pdfminer makes them."""
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return []
    fill = fillmode.value != pdfium.FPDF_FILLMODE_NONE
    if not fill and not stroke.value:
        return []
    # pdfium's segments → pdfminer's operators: (op, points), `h` after a closing segment.
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, list[tuple[float, float]]]] = []
    pending: list[tuple[float, float]] = []
    for k in range(pdfium.FPDFPath_CountSegments(obj)):
        segment = pdfium.FPDFPath_GetPathSegment(obj, k)
        pdfium.FPDFPathSegment_GetPoint(segment, x, y)
        point = transform(m, x.value, y.value)
        kind = pdfium.FPDFPathSegment_GetType(segment)
        if kind == pdfium.FPDF_SEGMENT_MOVETO:
            ops.append(("m", [point]))
        elif kind == pdfium.FPDF_SEGMENT_BEZIERTO:
            pending.append(point)
            if len(pending) == 3:
                ops.append(("c", pending))
                pending = []
        else:
            ops.append(("l", [point]))
        if pdfium.FPDFPathSegment_GetClose(segment) and not pending:
            ops.append(("h", []))
    style = {
        "fill": fill,
        "stroke": bool(stroke.value),
        "evenodd": fillmode.value == pdfium.FPDF_FILLMODE_ALTERNATE,
        "linewidth": _stroke_width(obj),
        "non_stroking_color": object_colour(pdfium.FPDFPageObj_GetFillColor, obj),
        "stroking_color": object_colour(pdfium.FPDFPageObj_GetStrokeColor, obj),
    }
    out: list[tuple[str, dict]] = []
    start = None
    for k, (op, _) in enumerate(ops):
        if op == "m":
            if start is not None:
                out += _subpath(ops[start:k], style, height)
            start = k
    if start is not None:
        out += _subpath(ops[start:], style, height)
    return out


def _stroke_width(obj: Any) -> float:
    width = ctypes.c_float()
    return float(width.value) if pdfium.FPDFPageObj_GetStrokeWidth(obj, width) else 0.0


def _subpath(path: list, style: dict, height: float) -> list[tuple[str, dict]]:
    """pdfminer's `paint_path` for one subpath (starting with m)."""
    shape = "".join(op for op, _ in path)
    if len(shape) < 2:
        return []
    pts = [pts[-1] if op != "h" else path[0][1][-1] for op, pts in path]
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts.pop()
    if shape in ("mlh", "ml"):
        (ax, ay), (bx, by) = pts[0], pts[1]
        return [("line", box_dict("line", min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), height,
                              pts=_flip(pts[:2], height), **style))]  # fmt: skip
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = pts[0] == pts[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if closed and square:
            return [
                (
                    "rect",
                    box_dict("rect", min(x0, x2), min(y0, y2), max(x0, x2), max(y0, y2), height, **style),
                )
            ]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return [
        (
            "curve",
            box_dict("curve", min(xs), min(ys), max(xs), max(ys), height, pts=_flip(pts, height), **style),
        )
    ]


def _flip(pts: list[tuple[float, float]], height: float) -> list[tuple[float, float]]:
    return [(x, height - y) for x, y in pts]
