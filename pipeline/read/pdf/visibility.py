"""What a page shows: characters nobody can see are dropped before lines are built.

A text layer holds more than the printed page: a date typed in white, a digit in
white beside a cell's text, a paragraph left under a picture, text in render mode 3
(OCR layers, invisible by definition), glyphs of size zero, glyphs outside the crop
box. A character is dropped, and counted in one warning per page, when it is

- **invisible by its render mode** (3: neither filled nor stroked; 7: clip only) —
  pdfplumber does not keep the mode, so the page's device counts and skips those
  strings while the page is parsed (`install`);
- **white** (fill colour white in gray, RGB or CMYK) and not drawn over a coloured
  fill: white text on a coloured banner or a table header is what the reader sees;
  on white paper (or a white box) it is what nobody sees. "Over" means a filled
  shape drawn *before* the character whose box holds the character's centre;
- **covered**: an image drawn *after* the character covers the character's whole
  box (a figure placed over a leftover paragraph). Filled shapes drawn after text
  are not taken as covers: pdfminer does not know their opacity, and charts draw
  transparent plot areas over their own labels;
- **of no size**, or with its centre **outside the page's crop box**.

The drawing order comes from the order of pdfminer's layout objects (the page's
content stream order), which pdfplumber keeps within each kind of object.
"""

from __future__ import annotations

import re
from collections import defaultdict

from pdfminer.layout import LTContainer

_KIND = re.compile(r"^LT")
_INVISIBLE_MODES = (3, 7)
_BUCKET = 48.0  # points: the side of the squares characters are indexed by


def install() -> None:
    """Make pdfplumber's page device skip text drawn in an invisible render mode, counting it.

    The count lands on the page's layout (`LTPage.invisible_chars`). Idempotent.
    """
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent as Device

    if getattr(Device, "_plans_render_mode", False):
        return
    original = Device.render_string

    def render_string(self, textstate, seq, ncs, graphicstate):
        if textstate.render in _INVISIBLE_MODES and textstate.font is not None:
            count = 0
            for item in seq:
                if isinstance(item, bytes):
                    count += sum(1 for _ in textstate.font.decode(item))
            page = self.cur_item
            page.invisible_chars = getattr(page, "invisible_chars", 0) + count
            return
        original(self, textstate, seq, ncs, graphicstate)

    Device.render_string = render_string
    Device._plans_render_mode = True


def stream_order(page) -> dict[str, list[int]]:
    """For each kind of object (`char`, `rect`, `curve`, `image` …), the drawing position of each one.

    pdfplumber lists the objects of one kind in the order of its walk over the layout
    tree; the same walk numbers every object, so `order["char"][i]` is when
    `page.chars[i]` was drawn, comparable with `order["rect"][j]`.
    """
    order: dict[str, list[int]] = defaultdict(list)
    counter = 0

    def walk(objs) -> None:
        nonlocal counter
        for obj in objs:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
                continue
            order[_KIND.sub("", type(obj).__name__).lower()].append(counter)
            counter += 1

    walk(page.layout._objs)
    return order


def is_white(color, space: str | None = None) -> bool:
    """True for white paint: gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if color is None or isinstance(color, str):
        return False
    if isinstance(color, (int, float)):
        color = (color,)
    try:
        values = [float(v) for v in color]
    except (TypeError, ValueError):
        return False
    if len(values) == 1:
        if space and any(s in space for s in ("Separation", "DeviceN", "Indexed", "Pattern")):
            return False  # a tint of 1 is full ink
        return values[0] >= 0.98
    if len(values) == 3:
        return min(values) >= 0.98
    if len(values) == 4:
        return max(values) <= 0.02
    return False


def _filled(obj: dict) -> bool:
    return bool(obj.get("fill")) and obj["x1"] - obj["x0"] > 0 and obj["bottom"] - obj["top"] > 0


def visible_chars(
    page, chars: list[dict], order: dict[str, list[int]] | None = None
) -> tuple[list[dict], int]:
    """The characters of `page.chars` (a sub-list, same dicts) a reader can see, and how many were dropped."""
    x0, top, x1, bottom = page.bbox
    if order is None:
        order = stream_order(page)
    seq = {id(c): s for c, s in zip(page.chars, order.get("char", ()), strict=False)}
    fills = [
        (s, obj)
        for kind in ("rect", "curve")
        for obj, s in zip(getattr(page, kind + "s"), order.get(kind, ()), strict=False)
        if _filled(obj)
    ]
    images = list(zip(page.images, order.get("image", ()), strict=False))
    # What can cover text: images. Not filled shapes: pdfminer does not know their opacity, and
    # charts draw (transparent) plot areas over their labels.
    covers = [(s, o) for o, s in images]
    hidden: set[int] = set()
    kept: list[dict] = []
    white: dict = {}  # (colour, colour space) → is_white: a page has few colours and many characters

    def is_white_paint(c: dict) -> bool:
        key = (c.get("non_stroking_color"), c.get("ncs"))
        try:
            return white[key]
        except KeyError:
            white[key] = is_white(*key)
            return white[key]
        except TypeError:  # an unhashable colour
            return is_white(*key)

    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if c.get("size", 0) <= 0 or (c["x1"] - c["x0"] <= 0 and c["bottom"] - c["top"] <= 0):
            hidden.add(id(c))
        elif not (x0 <= cx <= x1 and top <= cy <= bottom):
            hidden.add(id(c))
        elif c["text"].strip() and is_white_paint(c):
            s = seq.get(id(c), 0)
            under = any(
                so < s and o["x0"] <= cx <= o["x1"] and o["top"] <= cy <= o["bottom"]
                and not is_white(o.get("non_stroking_color"))
                for so, o in fills
            )  # fmt: skip
            if not under:
                hidden.add(id(c))
    if covers:
        buckets: dict[tuple[int, int], list[dict]] = defaultdict(list)
        for c in chars:
            if id(c) not in hidden and c["text"].strip():
                buckets[(int(c["x0"] // _BUCKET), int(c["top"] // _BUCKET))].append(c)
        for s, o in covers:
            for bx in range(int(o["x0"] // _BUCKET) - 1, int(o["x1"] // _BUCKET) + 1):
                for by in range(int(o["top"] // _BUCKET) - 1, int(o["bottom"] // _BUCKET) + 1):
                    for c in buckets.get((bx, by), ()):
                        if (
                            seq.get(id(c), s) < s
                            and o["x0"] - 0.5 <= c["x0"] and c["x1"] <= o["x1"] + 0.5
                            and o["top"] - 0.5 <= c["top"] and c["bottom"] <= o["bottom"] + 0.5
                        ):  # fmt: skip
                            hidden.add(id(c))
    kept = [c for c in chars if id(c) not in hidden]
    dropped = sum(1 for c in chars if id(c) in hidden and c["text"].strip())
    return kept, dropped
