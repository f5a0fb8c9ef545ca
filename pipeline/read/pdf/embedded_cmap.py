"""CID fonts whose encoding is a CMap embedded in the PDF, read as pdfminer does not.

A Type0 font's `/Encoding` is either a predefined CMap's name (`/Identity-H`,
`/UniJIS-UCS2-H` …) or a CMap stream of the file's own (`begincidchar <2fcf> 0 endcidchar`:
code → CID), which producers write when their codes are not the glyph ids (a subset font
re-encoded, a glyph the font lacks mapped to CID 0). pdfminer looks an embedded CMap up by
its `/CMapName` among the predefined ones, finds nothing, and decodes every string to no
character: the page reads as empty though it prints text. `install` makes pdfminer's CID
fonts parse such a stream into a code → CID map, and re-key the font's `/ToUnicode` map
(which maps the codes) by CID, the key pdfminer looks characters up by.
"""

from __future__ import annotations

import struct
from io import BytesIO

from pdfminer.cmapdb import CMapParser, FileCMap, FileUnicodeMap
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.utils import choplist, nunpack


class _CodeToCidParser(CMapParser):
    """CMapParser reading `cidchar`/`cidrange` as code → CID (pdfminer's reads them for ToUnicode maps)."""

    def __init__(self, cmap: FileCMap, fp: BytesIO) -> None:
        super().__init__(cmap, fp)
        self.codes: dict[bytes, int] = {}

    def do_keyword(self, pos: int, token) -> None:
        if token is self.KEYWORD_ENDCIDCHAR:
            for code, cid in choplist(2, [obj for _, obj in self.popall()]):
                if isinstance(code, bytes) and code and isinstance(cid, int):
                    self._add(code, cid)
            return
        if token is self.KEYWORD_ENDCIDRANGE:
            for first, last, cid in choplist(3, [obj for _, obj in self.popall()]):
                if not (isinstance(first, bytes) and isinstance(last, bytes) and isinstance(cid, int)):
                    continue
                if not first or len(first) != len(last) or len(first) > 4 or first[:-1] != last[:-1]:
                    continue  # a range varies in its last byte only (PDF 32000 9.7.5.3)
                start, end = nunpack(first), nunpack(last)
                for offset in range(max(0, min(end - start + 1, 0x10000))):
                    self._add(struct.pack(">L", start + offset)[-len(first) :], cid + offset)
            return
        super().do_keyword(pos, token)

    def _add(self, code: bytes, cid: int) -> None:
        self.codes[code] = cid
        self.cmap.add_code2cid(code.decode("latin-1"), cid)


def parse_encoding(data: bytes) -> tuple[FileCMap, dict[bytes, int]]:
    """An embedded CMap stream's content → (pdfminer CMap decoding codes to CIDs, {code: CID})."""
    cmap = FileCMap()
    parser = _CodeToCidParser(cmap, BytesIO(data))
    parser.run()
    return cmap, parser.codes


def install() -> None:
    """Make pdfminer's CID fonts decode with an embedded encoding CMap. Idempotent."""
    from pdfminer.pdffont import PDFCIDFont

    if getattr(PDFCIDFont, "_plans_embedded_cmap", False):
        return
    original_cmap, original_init = PDFCIDFont.get_cmap_from_spec, PDFCIDFont.__init__

    def get_cmap_from_spec(self, spec, strict):
        self.embedded_codes = {}
        encoding = resolve1(spec.get("Encoding"))
        if isinstance(encoding, PDFStream):
            try:
                cmap, self.embedded_codes = parse_encoding(encoding.get_data())
            except Exception:  # a broken CMap leaves pdfminer's reading as it was
                self.embedded_codes = {}
            if self.embedded_codes:
                return cmap
        return original_cmap(self, spec, strict)

    def __init__(self, rsrcmgr, spec, *args, **kwargs) -> None:
        original_init(self, rsrcmgr, spec, *args, **kwargs)
        if self.embedded_codes and isinstance(self.unicode_map, FileUnicodeMap):
            by_code, by_cid = self.unicode_map.cid2unichr, FileUnicodeMap()
            for code, cid in self.embedded_codes.items():  # ToUnicode maps codes; pdfminer asks by CID
                text = by_code.get(nunpack(code))
                if text is not None and cid not in by_cid.cid2unichr:
                    by_cid.cid2unichr[cid] = text
            self.unicode_map = by_cid

    PDFCIDFont.get_cmap_from_spec = get_cmap_from_spec
    PDFCIDFont.__init__ = __init__
    PDFCIDFont._plans_embedded_cmap = True
