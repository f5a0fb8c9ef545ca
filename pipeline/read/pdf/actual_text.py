"""Marked content's /ActualText for the pdfplumber engine: what the glyphs inside stand for.

A producer whose font maps one glyph to several characters (the wave dash `〜` and the
full-width tilde `～`, the dashes `―` and `—`) writes the character it printed as an
`/ActualText` span around the glyph (Chromium does). pdfium reads the span; pdfminer reads the
glyph's one ToUnicode entry. With this hook the span's text is the first glyph's text and the
span's other glyphs have none (dropped with the empty characters).
"""

from __future__ import annotations

from pdfminer.utils import decode_text


def install() -> None:
    """Make pdfplumber's page device give the glyphs of an /ActualText span its text. Idempotent."""
    from pdfplumber.page import PDFPageAggregatorWithMarkedContent as Device

    if getattr(Device, "_plans_actual_text", False):
        return
    begin, end, render_char = Device.begin_tag, Device.end_tag, Device.render_char

    def begin_tag(self, tag, props=None):
        text = props.get("ActualText") if isinstance(props, dict) else None
        if isinstance(text, bytes):
            text = decode_text(text)
        spans = self.__dict__.setdefault("_actual", [])
        spans.append([text, False] if isinstance(text, str) else None)  # [text, given to a glyph]
        begin(self, tag, props)

    def end_tag(self):
        spans = self.__dict__.get("_actual")
        if spans:
            spans.pop()
        end(self)

    def render_char_(self, *args, **kwargs):
        advance = render_char(self, *args, **kwargs)
        span = next((s for s in reversed(self.__dict__.get("_actual") or []) if s is not None), None)
        if span is not None and self.cur_item._objs:
            glyph = self.cur_item._objs[-1]
            glyph._text = "" if span[1] else span[0]
            span[1] = True
        return advance

    Device.begin_tag, Device.end_tag, Device.render_char = begin_tag, end_tag, render_char_
    Device._plans_actual_text = True
