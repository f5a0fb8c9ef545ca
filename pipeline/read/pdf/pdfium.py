"""The pdfium engine: a page's characters, rules, filled shapes and images read once with pypdfium2.

pdfminer (through pdfplumber) parses a page's content in Python, which is nearly all
of the reader's time; pdfium parses it in C. This module asks pdfium, through
`pypdfium2.raw`, for what the reader uses of pdfminer's objects and hands them on as
the dicts pdfplumber makes (`chars`, `rects`, `lines`, `curves`, `images`, same keys
and coordinates: points from the top-left corner of the page), so that the rest of
the reader, pdfplumber's table finder included, runs unchanged on either engine.

- A character's box is pdfminer's: from its origin to its advance, from the font's
  descent to one font size above it (pdfium's loose box gives the advance, the
  font's descriptor the descent). Its size, font name, fill colour (as RGB) and
  the drawing position of its text object come with it; characters in an invisible
  render mode (3, 7) are counted and left out, as the pdfplumber engine does.
- Paths (`pdfium_paths`) are split into subpaths and classified as pdfminer does; images are
  the boxes of their unit squares; forms are walked into, their matrices applied.
- pdfium's text page leaves out what it thinks no text: a text object of a lone space (no
  ink), a space after a space (it collapses runs), a repeated object (fake bold). The first
  two are put back as one space each (`_blank_objects`); the third is what the reader's own
  de-duplication drops anyway. The spaces it inserts itself are left out.
- A page pdfium would place differently — rotated, a media box off the origin, rotated glyphs
  (no advance along their baseline), a font without ascent and descent (glyph boxes, not
  advances) — raises `Unsupported`: the reader reads that page with pdfplumber.

Known differences (tests/test_pdf_engines.py): pdfium's advance widths can differ from
pdfminer's by a tenth of a point on a glyph, which moves a gap across a threshold now and then;
a line ending in a run of spaces ends at its first space; colours are pdfium's RGB, so a
Separation colour at tint 0 is white here (ink to the pdfplumber engine); a glyph that maps
to a ligature (U+FB00–FB06) gives its letters; a font whose descriptor says /Descent 0
(LibreOffice writes that) descends as its font program says here, not at all to pdfminer.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium

from pipeline.read.pdf.pdfium_paths import box_dict, multiply, object_colour, path_dicts, transform
from pipeline.read.pdf.unsupported import Unsupported

_INVISIBLE_MODES = (3, 7)
_SUSPECT = " \t\r\n\x02\ufffe"  # what pdfium may have generated
_VP = ctypes.c_void_p
_INT, _DOUBLE = ctypes.c_int, ctypes.c_double


def _prototype(function, restype, *argtypes):
    """A pdfium function that takes and returns addresses as ints: faster per call than pypdfium2's
    typed pointers, and an object's address keys caches."""
    return ctypes.cast(function, ctypes.CFUNCTYPE(restype, *argtypes))


_page_object = _prototype(pdfium.FPDFPage_GetObject, _VP, _VP, _INT)
_form_object = _prototype(pdfium.FPDFFormObj_GetObject, _VP, _VP, ctypes.c_ulong)
_object_type = _prototype(pdfium.FPDFPageObj_GetType, _INT, _VP)
_text_object = _prototype(pdfium.FPDFText_GetTextObject, _VP, _VP, _INT)
_loose = _prototype(pdfium.FPDFText_GetLooseCharBox, _INT, _VP, _INT, _VP)
_origin = _prototype(pdfium.FPDFText_GetCharOrigin, _INT, _VP, _INT, _VP, _VP)
_unmapped = _prototype(pdfium.FPDFText_HasUnicodeMapError, _INT, _VP, _INT)
_render_mode = _prototype(pdfium.FPDFTextObj_GetTextRenderMode, _INT, _VP)
_font_of = _prototype(pdfium.FPDFTextObj_GetFont, _VP, _VP)
_char_matrix = _prototype(pdfium.FPDFText_GetMatrix, _INT, _VP, _INT, _VP)
_font_size = _prototype(pdfium.FPDFText_GetFontSize, _DOUBLE, _VP, _INT)
_fill = _prototype(pdfium.FPDFText_GetFillColor, _INT, _VP, _INT, _VP, _VP, _VP, _VP)


class _Colours(dict):
    """pdfium's 0–255 RGB → pdfplumber's 0–1 RGB tuple, one tuple per colour (None when unknown)."""

    def __missing__(self, key):
        value = None if not key else tuple(v / 255 for v in key)
        self[key] = value
        return value


class PdfiumPage:
    """What the reader takes from a pdfplumber page, read with pdfium."""

    def __init__(self, number: int, width: float, height: float) -> None:
        self.page_number = number
        self.width = width
        self.height = height
        self.bbox = (0.0, 0.0, width, height)
        self.chars: list[dict] = []
        self.rects: list[dict] = []
        self.lines: list[dict] = []
        self.curves: list[dict] = []
        self.images: list[dict] = []
        self.order: dict[str, list[int]] = {"char": [], "rect": [], "line": [], "curve": [], "image": []}
        self.invisible_chars = 0

    def find_tables(self, table_settings: dict) -> list:
        """pdfplumber's table finder on this page (explicit rules only: it needs no more of the page)."""
        from pdfplumber.table import TableFinder, TableSettings

        return TableFinder(self, TableSettings.resolve(table_settings)).tables

    def close(self) -> None:
        pass


def _f32(value: float) -> float:
    """A float32 box value as the file wrote it (595.3200073 → 595.32)."""
    return float(f"{value:.7g}")


class Reader:
    """One open PDF: pages read one at a time; `close` frees pdfium's document."""

    def __init__(self, data: bytes) -> None:
        self._buffer = ctypes.create_string_buffer(data, len(data))
        self.doc = pdfium.FPDF_LoadMemDocument64(self._buffer, len(data), None)
        if not self.doc:
            raise OSError(f"pdfium cannot open the PDF (error {pdfium.FPDF_GetLastError()})")
        # font address → (name, pdfminer's descent, pdfium's loose-box descent or None), in font sizes
        self._fonts: dict[int, tuple[str, float, float | None]] = {}
        self._spaces: dict[int, float] = {}  # font address → advance of its space (font sizes)
        self._colours = _Colours()
        # Reused out-parameters of pdfium's calls.
        self._rect, self._ox, self._oy = pdfium.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
        self._matrix = pdfium.FS_MATRIX()
        self._rgba = [ctypes.c_uint() for _ in range(4)]
        self._rgba_p = [ctypes.addressof(v) for v in self._rgba]

    def __len__(self) -> int:
        return pdfium.FPDF_GetPageCount(self.doc)

    def close(self) -> None:
        if self.doc:
            pdfium.FPDF_CloseDocument(self.doc)
            self.doc = None
        self._buffer = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def page(self, index: int) -> PdfiumPage:
        handle = pdfium.FPDF_LoadPage(self.doc, index)
        if not handle:
            raise OSError(f"pdfium cannot load page {index + 1}")
        try:
            return self._read_page(handle, index + 1)
        finally:
            pdfium.FPDF_ClosePage(handle)

    def _read_page(self, handle: Any, number: int) -> PdfiumPage:
        if pdfium.FPDFPage_GetRotation(handle) != 0:
            raise Unsupported(f"page {number} is rotated")
        box = pdfium.FS_RECTF()
        pdfium.FPDF_GetPageBoundingBox(handle, box)
        media = [ctypes.c_float() for _ in range(4)]
        if pdfium.FPDFPage_GetMediaBox(handle, *media):
            left, bottom, right, top = (m.value for m in media)
            if (left, bottom) != (0.0, 0.0) or (right, top) != (box.right, box.top):
                raise Unsupported(f"page {number} has a media box that pdfium places differently")
        if (box.left, box.bottom) != (0.0, 0.0):
            raise Unsupported(f"page {number} has a media box that does not start at the origin")
        page = PdfiumPage(number, _f32(box.right), _f32(box.top))
        texts: list = []
        text_order = self._objects(handle, page, texts)
        seen = self._chars(handle, page, text_order)
        self._blank_objects(page, texts, seen)
        return page

    def _blank_objects(self, page: PdfiumPage, texts: list, seen: set[int]) -> None:
        """Text objects of blank glyphs only that pdfium's text page leaves out — a space set in a font
        of its own (no width to its ink), a space that follows a space in pdfium's line (it collapses
        runs of spaces) — as one space each, where pdfminer has its characters. Narrow objects only,
        and not a repeat of an object before (fake bold, which pdfium leaves out on purpose)."""
        bounds = [ctypes.c_float() for _ in range(4)]
        matrix = pdfium.FS_MATRIX()
        size = ctypes.c_float()
        typed = pdfium.FPDFPage_GetObject.restype
        earlier: dict[
            tuple[int, int], list[tuple[float, ...]]
        ] = {}  # text objects' bounds by where they start
        overprints: list[tuple[float, ...]] = []  # the bounds of the objects printed again
        for address, outer, seq in texts:
            obj = ctypes.cast(address, typed)
            if not pdfium.FPDFPageObj_GetBounds(obj, *bounds):
                continue
            box = tuple(v.value for v in bounds)
            left, right = box[0], box[2]
            gx, gy = int(left), int(box[1])
            repeat = address not in seen and any(
                all(abs(k - v) <= 1 for k, v in zip(other, box, strict=True))
                for dx in (-1, 0, 1)
                for dy in (-1, 0, 1)
                for other in earlier.get((gx + dx, gy + dy), ())
            )
            earlier.setdefault((gx, gy), []).append(box)
            if repeat:
                overprints.append(box)
            if address in seen or repeat:
                continue  # read, or an object printed again (fake bold), which pdfium leaves out on purpose
            if not pdfium.FPDFTextObj_GetFontSize(obj, size) or right - left >= 0.05 * size.value:
                overprints.append(box)  # ink pdfium left out: printed again over itself (fake bold)
                continue
            if pdfium.FPDFTextObj_GetTextRenderMode(obj) in _INVISIBLE_MODES:
                page.invisible_chars += 1
                continue
            if not pdfium.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
            if outer is not None:
                m = multiply(m, outer)
            a, b, c, d, x0, y = m
            if not (b == 0 and c == 0 and a > 0 and d > 0):
                continue
            fontname, descent, key, _ = self._font(ctypes.cast(pdfium.FPDFTextObj_GetFont(obj), _VP).value)
            advance = self._spaces.get(key)
            fs = size.value
            y0 = y + descent * fs * d
            x1 = x0 + (advance if advance is not None else 0.25) * fs * a
            page.chars.append(_char(" ", fontname, fs * d, True, x0, x1, y0, y0 + fs * d, page.height,
                                    object_colour(pdfium.FPDFPageObj_GetFillColor, obj)))  # fmt: skip
            page.order["char"].append(seq)
        _mark_overprinted(
            page.chars, [(b[0], page.height - b[3], b[2], page.height - b[1]) for b in overprints]
        )

    # -- drawn objects -------------------------------------------------------------------------

    def _objects(self, handle: Any, page: PdfiumPage, texts: list) -> dict[int, int]:
        """Paths and images into the page's lists; the drawing position of each text object.

        `texts` receives each text object with the matrix of the forms around it and its position.
        """
        text_order: dict[int, int] = {}
        counter = 0
        matrix = pdfium.FS_MATRIX()

        typed = pdfium.FPDFPage_GetObject.restype
        text_kind = pdfium.FPDF_PAGEOBJ_TEXT
        painted = (pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_IMAGE, pdfium.FPDF_PAGEOBJ_FORM)

        def walk(get, holder: int, count: int, outer: tuple | None) -> None:
            nonlocal counter
            for i in range(count):
                address = get(holder, i)
                kind = _object_type(address)
                if kind == text_kind:
                    text_order[address] = counter
                    texts.append((address, outer, counter))
                    counter += 1
                    continue
                if kind not in painted:
                    continue
                obj = ctypes.cast(address, typed)
                pdfium.FPDFPageObj_GetMatrix(obj, matrix)
                m = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                if outer is not None:
                    m = multiply(m, outer)
                if kind == pdfium.FPDF_PAGEOBJ_FORM:
                    walk(_form_object, address, pdfium.FPDFFormObj_CountObjects(obj), m)
                elif kind == pdfium.FPDF_PAGEOBJ_IMAGE:
                    xs_ys = [transform(m, x, y) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
                    x0, x1 = min(p[0] for p in xs_ys), max(p[0] for p in xs_ys)
                    y0, y1 = min(p[1] for p in xs_ys), max(p[1] for p in xs_ys)
                    page.images.append(box_dict("image", x0, y0, x1, y1, page.height))
                    page.order["image"].append(counter)
                    counter += 1
                else:
                    for kind_name, obj_dict in path_dicts(obj, m, page.height):
                        getattr(page, kind_name + "s").append(obj_dict)
                        page.order[kind_name].append(counter)
                        counter += 1

        walk(_page_object, ctypes.cast(handle, _VP).value, pdfium.FPDFPage_CountObjects(handle), None)
        return text_order

    # -- characters ----------------------------------------------------------------------------

    def _chars(self, handle: Any, page: PdfiumPage, text_order: dict[int, int]) -> set[int]:
        """The page's characters into `page.chars`; the text objects they came from."""
        textpage = pdfium.FPDFText_LoadPage(handle)
        if not textpage:
            return set()
        try:
            return self._read_chars(textpage, page, text_order)
        finally:
            pdfium.FPDFText_ClosePage(textpage)

    def _read_chars(self, textpage: Any, page: PdfiumPage, text_order: dict[int, int]) -> set[int]:
        n = pdfium.FPDFText_CountChars(textpage)
        if n <= 0:
            return set()
        texts = _page_text(textpage, n)
        tp = ctypes.cast(textpage, _VP).value
        rect, ox, oy = self._rect, self._ox, self._oy
        rect_p, ox_p, oy_p = ctypes.addressof(rect), ctypes.addressof(ox), ctypes.addressof(oy)
        height = page.height
        objects: dict[int, tuple | None] = {}
        chars, order = page.chars, page.order["char"]
        last, style = None, None
        for i in range(n):
            obj = _text_object(tp, i)
            if not obj:
                continue  # a space or line break pdfium inserted
            if obj != last:  # characters of one text object come together: their style once
                last = obj
                style = objects.get(obj, False)
                if style is False:
                    style = objects[obj] = self._style(tp, i, obj, text_order.get(obj, 0))
                if style is not None:
                    seq, fontname, size, descent, a, b, c, d, colour, plain, font = style
                    lift = descent * d
            if style is None:
                page.invisible_chars += 1
                continue
            text = texts[i] if texts is not None else chr(pdfium.FPDFText_GetUnicode(textpage, i))
            if text in _SUSPECT:
                if pdfium.FPDFText_IsGenerated(textpage, i):
                    continue  # a space pdfium inserted for a gap
                if text in "\x02\ufffe" and pdfium.FPDFText_IsHyphen(textpage, i):
                    text = "-"  # pdfium marks a hyphen at a line end
            if text == "\x00" or _unmapped(tp, i):  # no Unicode for the glyph (pdfium gives U+0000)
                text = f"(cid:{pdfium.FPDFText_GetUnicode(textpage, i)})"
            _loose(tp, i, rect_p)
            _origin(tp, i, ox_p, oy_p)
            if plain:
                x0, x1 = rect.left, rect.right
                y0 = oy.value + lift  # the baseline less pdfminer's descent
                y1 = y0 + size
                if text == " " and font not in self._spaces and size:
                    self._spaces[font] = (x1 - x0) / (size / d * a)
                chars.append({
                    "text": text, "fontname": fontname, "size": size, "upright": True,
                    "x0": x0, "x1": x1, "top": height - y1, "bottom": height - y0, "non_stroking_color": colour,
                })  # fmt: skip
            else:  # a slanted (oblique) or mirrored glyph: pdfminer's box around the transformed one
                advance = (rect.right - rect.left) / a  # pdfium's loose box is the advance times a
                xs = [ox.value + a * u + c * v for u in (0.0, advance) for v in (descent, descent + size)]
                ys = [oy.value + b * u + d * v for u in (0.0, advance) for v in (descent, descent + size)]
                x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
                chars.append(_char(text, fontname, y1 - y0, a * d > 0 and b * c <= 0, x0, x1, y0, y1, height,
                                   colour))  # fmt: skip
            order.append(seq)
        return set(objects)

    def _style(self, tp: int, i: int, obj: int, seq: int) -> tuple | None:
        """What the characters of one text object share; None for an invisible render mode."""
        if _render_mode(obj) in _INVISIBLE_MODES:
            return None
        fontname, descent, key, _ = self._font(_font_of(obj))
        m = self._matrix
        _char_matrix(tp, i, ctypes.addressof(m))
        fs = _font_size(tp, i)
        if abs(m.a) < 1e-6:
            raise Unsupported("rotated glyphs: pdfium gives no advance along their baseline")
        r, g, b, _ = self._rgba
        colour = self._colours[_fill(tp, i, *self._rgba_p) and (r.value, g.value, b.value)]
        plain = m.b == 0 and m.c == 0 and m.a > 0 and m.d > 0
        if plain:
            return (seq, fontname, fs * m.d, descent * fs, m.a, m.b, m.c, m.d, colour, True, key)
        # Slanted: the box is built in text space (font size, descent) and transformed per character.
        return (seq, fontname, fs, descent * fs, m.a, m.b, m.c, m.d, colour, False, key)

    def _font(self, font: Any) -> tuple[str, float, int]:
        """A font's name, descent (a fraction of the font size) and key.

        The name is its BaseFont without the subset tag; two fonts of one name (two subsets)
        are told apart, as pdfminer's names tell them apart.
        """
        key = font or 0
        known = self._fonts.get(key)
        if known is None:
            typed = ctypes.cast(key, pdfium.FPDFTextObj_GetFont.restype) if key else None
            name, descent = _font(typed)
            same = sum(1 for other, *_ in self._fonts.values() if other.split("#")[0] == name)
            known = self._fonts[key] = (f"{name}#{same}" if same else name, descent, _loose_descent(typed))
        if known[2] is None:
            raise Unsupported(
                f"the font {known[0]} has no ascent and descent: pdfium gives no advance widths"
            )
        return known[0], known[1], key, known[2]


def _mark_overprinted(chars: list[dict], boxes: list[tuple[float, ...]]) -> None:
    """The characters an object printed again covers (its box: x0, top, x1, bottom) marked `overprinted`, as
    `dedupe_chars` marks the copy it keeps with the pdfplumber engine."""
    for c in chars if boxes else ():
        x = (c["x0"] + c["x1"]) / 2
        if any(b[0] - 1 <= x <= b[2] + 1 and c["top"] < b[3] and c["bottom"] > b[1] for b in boxes):
            c["overprinted"] = True


def _char(text: str, fontname: str, size: float, upright: bool, x0: float, x1: float, y0: float, y1: float,
          height: float, colour: tuple | None) -> dict:  # fmt: skip
    return {
        "text": text,
        "fontname": fontname,
        "size": size,
        "upright": upright,
        "x0": x0,
        "x1": x1,
        "top": height - y1,
        "bottom": height - y0,
        "y0": y0,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "non_stroking_color": colour,
        "ncs": "DeviceRGB",
        "object_type": "char",
    }


def _font(font: Any) -> tuple[str, float]:
    """A font's name (its BaseFont, without a subset tag) and descent as a fraction of the font size."""
    if not font:
        return "", 0.0
    length = pdfium.FPDFFont_GetBaseFontName(font, None, 0)
    name = ""
    if length > 0:
        buffer = ctypes.create_string_buffer(length)
        pdfium.FPDFFont_GetBaseFontName(font, buffer, length)
        name = buffer.value.decode("utf-8", "replace")
    from pdfminer.fontmetrics import FONT_METRICS

    if name in FONT_METRICS:  # a standard font: pdfminer takes its metrics from the font's AFM
        return name, -abs(FONT_METRICS[name][0].get("Descent", 0)) / 1000
    descent = ctypes.c_float()
    if not pdfium.FPDFFont_GetDescent(font, ctypes.c_float(1.0), descent):
        return name, 0.0
    return name, -abs(descent.value)  # a positive descent is a sign error pdfminer corrects


def _loose_descent(font: Any) -> float | None:
    """Where pdfium's loose boxes end below the baseline, in font sizes (its descent over ascent less
    descent); None when the font has no ascent and descent: pdfium then gives glyph boxes, not advances."""
    if not font:
        return 0.0
    ascent, descent = ctypes.c_float(), ctypes.c_float()
    if not (pdfium.FPDFFont_GetAscent(font, 1.0, ascent) and pdfium.FPDFFont_GetDescent(font, 1.0, descent)):
        return None
    if ascent.value == descent.value:
        return None
    return descent.value / (ascent.value - descent.value)


def _page_text(textpage: Any, n: int) -> str | None:
    """All the characters' text in one call; None when it does not give one code unit per character."""
    buffer = (ctypes.c_ushort * (n + 1))()
    written = pdfium.FPDFText_GetText(textpage, 0, n, buffer)
    if written != n + 1:
        return None
    text = bytes(buffer)[: 2 * n].decode("utf-16-le", "surrogatepass")
    if len(text) != n or any("\ud800" <= ch <= "\udfff" for ch in text):
        return None
    return text
