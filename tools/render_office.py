"""Seed content → a flat ODF text document (.fodt), printed by LibreOffice Writer as a word processor would.

The look of a municipal Word/一太郎 export: IPA Mincho (fixed-pitch) body text, table headers in
IPA Gothic on a grey fill, every cell ruled inside a thicker outer border, columns sized by their
content (autofit), the header row repeated on each page, rows allowed to break across pages (the
word processors' default), a centred page number in the footer, and landscape sections: from a
wide table on, up to the next narrow table (a document opening with a wide table is landscape).
Cells are merged where a word processor's user merges them: a header cell followed by empty ones
spans them, a row with only its first cell filled spans the table, and in a tree's leading
columns (each starting with a value, more than one) an empty cell under a filled one, or a
repeat of it in the first column, continues that cell downwards; a mark (●) continues over the
rows of its group only, up to the next row with a mark of its own (a mark matrix's user merges a
mark over the rows it marks: a repeat is the next row's own mark).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

BODY, HEAD = "IPAMincho", "IPAGothic"
PORTRAIT, LANDSCAPE = ("21.0cm", "29.7cm"), ("29.7cm", "21.0cm")
MARGIN_X, MARGIN_Y = 2.0, 2.2  # cm
THIN, THICK = "0.5pt solid #000000", "1.5pt solid #000000"


def _cell_width(text: str) -> float:
    """The longest line of a cell, in full-width characters (a half-width one counts half)."""
    return max(sum(1 if ord(ch) > 0xFF else 0.5 for ch in part) for part in text.split("<br>"))


def column_weights(rows: list[list[str]], merged: dict[tuple[int, int], tuple[int, int]]) -> list[float]:
    """Autofit: each column's share grows with its longest line (cells spanning columns left out),
    within bounds."""
    n = len(rows[0])
    widths = [
        [_cell_width(row[c]) for r, row in enumerate(rows) if merged.get((r, c), (1, 1))[1] == 1]
        for c in range(n)
    ]
    return [min(max(max(w, default=0), 3.0), 24.0) for w in widths]


def spans(rows: list[list[str]]) -> dict[tuple[int, int], tuple[int, int]]:
    """(row, col) of each merged cell → (rows, cols) it spans; covered positions are left out."""
    n = len(rows[0])
    out: dict[tuple[int, int], tuple[int, int]] = {}
    head, body = rows[0], range(1, len(rows))
    c = 0
    while c < n:  # header groups: a filled header cell spans the empty ones after it
        end = c + 1
        while head[c] and end < n and not head[end]:
            end += 1
        if end - c > 1:
            out[(0, c)] = (1, end - c)
        c = end
    section = {r for r in body if n > 1 and rows[r][0] and not any(rows[r][1:])}
    for r in section:
        out[(r, 0)] = (1, n)
    rows_in = [r for r in body if r not in section and any(rows[r])]
    for c in range(n - 1):  # the last column is never a tree column
        if not rows_in or not rows[rows_in[0]][c] or sum(1 for r in rows_in if rows[r][c]) < 2:
            continue  # a tree column starts with a value and has more than one
        top = None
        for r in body:
            if r in section or not any(rows[r]):
                top = None
                continue
            left_continues = all(_covered(out, r, k) for k in range(c))
            same = c == 0 and top is not None and rows[r][c] == rows[top][c] and not _mark(rows[r][c])
            marked = top is not None and _mark(rows[top][c]) and any(_mark(v) for v in rows[r][: n - 1])
            if (
                top is not None
                and (not rows[r][c] or same)
                and not marked
                and left_continues
                and any(rows[r][c + 1 :])
            ):
                out[(top, c)] = (out.get((top, c), (1, 1))[0] + 1, 1)
                continue
            top = r if rows[r][c] else None
    return out


def _mark(text: str) -> bool:
    """A mark (●, ○, ◎ …: one symbol): each is its own, a repeat is a new mark, not the same cell."""
    return len(text) == 1 and not text.isalnum()


def _covered(out: dict, r: int, c: int) -> bool:
    """Whether (r, c) lies inside a merged cell that starts above it."""
    return any(r0 < r < r0 + h and c0 <= c < c0 + w for (r0, c0), (h, w) in out.items())


def _paragraph(text: str, style: str) -> str:
    parts = [escape(p) for p in text.split("<br>")]
    return f'<text:p text:style-name="{style}">' + "<text:line-break/>".join(parts) + "</text:p>"


def _table(index: int, rows: list[list[str]], width_cm: float, master: str | None) -> tuple[str, str]:
    """A table's automatic styles and its body."""
    n, name = len(rows[0]), f"T{index}"
    merged = spans(rows)
    weights = column_weights(rows, merged)
    total = sum(weights)
    page = f' style:master-page-name="{master}"' if master else ""
    styles = [
        f'<style:style style:name="{name}" style:family="table"{page}>'
        f'<style:table-properties style:width="{width_cm:.2f}cm" table:align="margins" '
        'fo:margin-top="0.15cm" fo:margin-bottom="0.25cm"/></style:style>'
    ]
    for c, w in enumerate(weights):
        styles.append(
            f'<style:style style:name="{name}.C{c}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width_cm * w / total:.3f}cm"/></style:style>'
        )
    body = [f'<table:table table:name="{name}" table:style-name="{name}">']
    body += [f'<table:table-column table:style-name="{name}.C{c}"/>' for c in range(n)]
    for r, row in enumerate(rows):
        if r == 0:
            body.append("<table:table-header-rows>")
        body.append("<table:table-row>")
        for c, text in enumerate(row):
            if _covered(merged, r, c) or any(
                r == r0 and c0 < c < c0 + w for (r0, c0), (_, w) in merged.items()
            ):
                body.append("<table:covered-table-cell/>")
                continue
            h, w = merged.get((r, c), (1, 1))
            sides = (r == 0, c + w == n, r + h == len(rows), c == 0)  # top, right, bottom, left
            cell = f"{name}.{'H' if r == 0 else 'B'}{''.join('1' if s else '0' for s in sides)}"
            styles.append(_cell_style(cell, r == 0, sides))
            span = (f' table:number-rows-spanned="{h}"' if h > 1 else "") + (
                f' table:number-columns-spanned="{w}"' if w > 1 else ""
            )
            para = "Head" if r == 0 else "Cell"
            body.append(
                f'<table:table-cell table:style-name="{cell}" office:value-type="string"{span}>'
                f"{_paragraph(text, para)}</table:table-cell>"
            )
        body.append("</table:table-row>")
        if r == 0:
            body.append("</table:table-header-rows>")
    body.append("</table:table>")
    return "".join(dict.fromkeys(styles)), "".join(body)


def _cell_style(name: str, head: bool, sides: tuple[bool, bool, bool, bool]) -> str:
    top, right, bottom, left = (THICK if s else THIN for s in sides)
    fill = ' fo:background-color="#d9d9d9"' if head else ""
    return (
        f'<style:style style:name="{name}" style:family="table-cell"><style:table-cell-properties '
        f'fo:padding-top="0.05cm" fo:padding-bottom="0.05cm" fo:padding-left="0.12cm" fo:padding-right="0.12cm" '
        f'fo:border-top="{top}" fo:border-right="{right}" fo:border-bottom="{bottom}" fo:border-left="{left}"'
        f'{fill} style:vertical-align="top"/></style:style>'
    )


def to_fodt(content: list, wide_columns: int) -> str:
    """Paragraphs (str) and tables (`.rows`, first row the header) → the .fodt document."""
    automatic, body = [], []
    tables = [item for item in content if not isinstance(item, str)]
    # A section's orientation is its first table's: a document that opens with a wide one is landscape.
    current = "Landscape" if tables and len(tables[0].rows[0]) >= wide_columns else "Standard"
    if current == "Landscape":
        automatic.append(
            '<style:style style:name="Opening" style:family="paragraph" style:parent-style-name="Body" '
            'style:master-page-name="Landscape"/>'
        )
    for i, item in enumerate(content):
        if item == "\f":  # a page break (render_producers.PAGE_BREAK)
            if not any("PageBreak" in a for a in automatic):
                automatic.append(
                    '<style:style style:name="PageBreak" style:family="paragraph" '
                    'style:parent-style-name="Body"><style:paragraph-properties fo:break-before="page"/>'
                    "</style:style>"
                )
            body.append('<text:p text:style-name="PageBreak"/>')
            continue
        if isinstance(item, str):
            opening = i == 0 and current == "Landscape"
            body.append(_paragraph(item, "Opening" if opening else "Body"))
            continue
        wanted = "Landscape" if len(item.rows[0]) >= wide_columns else "Standard"
        master = wanted if wanted != current or (i == 0 and wanted == "Landscape") else None
        current = wanted
        size = LANDSCAPE if wanted == "Landscape" else PORTRAIT
        width = float(size[0].removesuffix("cm")) - 2 * MARGIN_X
        rows = item.rows
        if getattr(item, "groups", None):  # a header row above, its cells spanning their columns
            rows = [[cell for text, n in item.groups for cell in [text] + [""] * (n - 1)], *rows]
        styles, table = _table(i, rows, width, master)
        automatic.append(styles)
        body.append(table)
    return TEMPLATE.format(
        automatic="".join(automatic), body="\n".join(body) or '<text:p text:style-name="Body"/>'
    )


def _layout(name: str, size: tuple[str, str]) -> str:
    return (
        f'<style:page-layout style:name="{name}"><style:page-layout-properties fo:page-width="{size[0]}" '
        f'fo:page-height="{size[1]}" style:print-orientation="{"landscape" if size[0] > size[1] else "portrait"}" '
        f'fo:margin-top="{MARGIN_Y}cm" fo:margin-bottom="{MARGIN_Y - 0.8}cm" fo:margin-left="{MARGIN_X}cm" '
        f'fo:margin-right="{MARGIN_X}cm"/><style:footer-style><style:header-footer-properties '
        'fo:min-height="0.6cm" fo:margin-top="0.3cm"/></style:footer-style></style:page-layout>'
    )


_FOOTER = '<style:footer><text:p text:style-name="Footer">- <text:page-number text:select-page="current"/> -</text:p></style:footer>'

TEMPLATE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
    "<office:font-face-decls>"
    f'<style:font-face style:name="{BODY}" svg:font-family="{BODY}" style:font-family-generic="roman"/>'
    f'<style:font-face style:name="{HEAD}" svg:font-family="{HEAD}" style:font-family-generic="modern"/>'
    "</office:font-face-decls>"
    "<office:styles>"
    '<style:default-style style:family="paragraph"><style:text-properties '
    f'style:font-name="{BODY}" style:font-name-asian="{BODY}" fo:font-size="10.5pt" '
    'style:font-size-asian="10.5pt" fo:language="ja" fo:country="JP" style:language-asian="ja" '
    'style:country-asian="JP"/></style:default-style>'
    '<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties '
    'fo:margin-bottom="0.12cm" fo:line-height="140%"/></style:style>'
    '<style:style style:name="Cell" style:family="paragraph"><style:paragraph-properties fo:line-height="120%"/>'
    '<style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>'
    '<style:style style:name="Head" style:family="paragraph"><style:paragraph-properties '
    'fo:line-height="120%" fo:text-align="center"/><style:text-properties '
    f'style:font-name="{HEAD}" style:font-name-asian="{HEAD}" fo:font-size="9pt" '
    'style:font-size-asian="9pt"/></style:style>'
    '<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties '
    'fo:text-align="center"/><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>'
    "</office:styles>"
    "<office:automatic-styles>"
    + _layout("PortraitPage", PORTRAIT)
    + _layout("LandscapePage", LANDSCAPE)
    + "{automatic}</office:automatic-styles>"
    "<office:master-styles>"
    f'<style:master-page style:name="Standard" style:page-layout-name="PortraitPage">{_FOOTER}</style:master-page>'
    f'<style:master-page style:name="Landscape" style:page-layout-name="LandscapePage">{_FOOTER}</style:master-page>'
    "</office:master-styles>"
    "<office:body><office:text>{body}</office:text></office:body></office:document>\n"
)


def render_office(content: list, target: Path, wide_columns: int) -> None:
    """LibreOffice Writer, headless, with a throwaway profile (runs do not share one)."""
    with tempfile.TemporaryDirectory(prefix="lo-") as tmp:
        source = Path(tmp) / (target.stem + ".fodt")
        source.write_text(to_fodt(content, wide_columns), encoding="utf-8")
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        command = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)]
        subprocess.run(command, check=True, capture_output=True)
        shutil.move(Path(tmp) / (target.stem + ".pdf"), target)
    compact(target)


def compact(target: Path) -> None:
    """Drop the TrueType hinting (instructions for rasterizers, which no reader of the text
    uses) from the embedded font subsets and pack the objects into object streams: the file
    halves; glyphs, widths and page content stay Writer's. Skipped without pikepdf/fontTools."""
    try:
        import pikepdf
        from fontTools.ttLib import TTFont
        from fontTools.ttLib.tables import ttProgram
    except ImportError:
        return
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        for obj in pdf.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
                continue
            if "/FontFile2" not in obj:
                continue
            font = TTFont(io.BytesIO(obj.FontFile2.read_bytes()))
            for table in ("fpgm", "prep", "cvt "):
                if table in font:
                    del font[table]
            glyf = font["glyf"]
            for name in font.getGlyphOrder():
                glyph = glyf[name]
                if hasattr(glyph, "program"):
                    glyph.program = ttProgram.Program()
                    glyph.program.fromBytecode(b"")
            out = io.BytesIO()
            font.save(out)
            data = out.getvalue()
            obj.FontFile2.write(data)
            obj.FontFile2.Length1 = len(data)
        pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
