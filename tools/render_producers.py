"""Render the seed texts with other PDF producers: an HTML/CSS typesetter, a browser engine, a markup
typesetter, an office suite, and a second encoding of one of them.

    python tools/render_producers.py [--out tests/fixtures/pdf] [--only weasyprint,...] [--check]

The seed text format (`raw/*.txt`): paragraphs are lines; a run of lines with TAB-separated
cells is a table (its first line the header), `<br>` inside a cell is a line break, a
blank line ends the table. Each seed is parsed once into paragraphs and tables, written
once as HTML, and that HTML is printed by each HTML producer; Typst gets the same
content as Typst markup, LibreOffice as a flat ODF text document (`render_office.py`).
Each producer prints its own table style, so that the reader meets what real PDFs have:

- `weasyprint/` (WeasyPrint, HTML/CSS typesetter): IPAex Mincho, every cell ruled,
  repeated header rows (`thead`), landscape pages when a table has 8 columns or more;
- `wkhtmltopdf/` (Qt WebKit, a browser engine): IPAex Gothic, horizontal rules only;
- `chromium/` (headless Chromium's print to PDF, Skia: what Chrome and Edge print): proportional
  IPA P Gothic, grey 1px rules on every cell, headers on a light fill, repeated header rows;
- `typst/` (Typst, a markup typesetter): IPAex Gothic, no rules, alternate rows filled;
- `libreoffice/` (LibreOffice Writer, the word processor most municipal PDFs come from):
  IPA Mincho body, headers in IPA Gothic on a grey fill, every cell ruled inside a thicker
  outer border, merged cells (header groups, section rows, tree columns), columns sized by
  content, page numbers in the footer, landscape pages from a wide table on;
- `cairo/` (WeasyPrint's print printed again through poppler's cairo backend, `pdftocairo -pdf`,
  as a viewer's print to file on Linux does): the same pages in another encoding — fonts split
  into a simple (WinAnsi) and a CID subset each, text positioned run by run, some spaces moved
  over instead of drawn.

那須塩原市's text is the scrambled export of a landscape sheet: every producer prints the
sheet it came from (`make_pdfs.nasushiobara_rows`, as the reportlab fixtures do), one
table per page under that page's headings, with the two-level header of the original.

Dev-only tools, not dependencies of `plans`: `pip install weasyprint typst pikepdf` (the
`[fixtures]` extra), `apt-get install wkhtmltopdf fonts-ipaexfont fonts-ipafont libreoffice-writer
poppler-utils chromium`.
A producer that is not installed is skipped with a message. `--check` re-renders into a temporary folder
and compares the text of each page with the committed PDFs.
"""

from __future__ import annotations

import argparse
import csv
import html
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.read.text import read_text  # noqa: E402
from tools.make_pdfs import NASU_COLUMNS, NASUSHIOBARA, nasushiobara_rows  # noqa: E402

RAW = ROOT / "raw"
OUT = ROOT / "tests" / "fixtures" / "pdf"
FONT_DIRS = [
    Path("/usr/share/fonts/opentype/ipaexfont-mincho"),
    Path("/usr/share/fonts/opentype/ipaexfont-gothic"),
]
PRODUCERS = ("weasyprint", "wkhtmltopdf", "typst", "libreoffice", "cairo", "chromium")
PLANS, PLAN_SEED = 8, 5  # generated plans printed by each producer (answers beside them)
WIDE = 8  # columns: a table this wide is printed on landscape pages


@dataclass
class Table:
    rows: list[list[str]] = field(default_factory=list)
    groups: list[tuple[str, int]] = field(default_factory=list)  # a header row above: (text, columns)


PAGE_BREAK = "\f"  # a content item: the next item starts a new page


def parse(text: str) -> list[str | Table]:
    """Seed text → paragraphs (str) and tables, in order."""
    out: list[str | Table] = []
    table: Table | None = None
    for line in text.splitlines():
        if "\t" in line:
            if table is None:
                table = Table()
                out.append(table)
            table.rows.append(line.split("\t"))
            continue
        table = None
        if line.strip():
            out.append(line.strip())
    for item in out:
        if isinstance(item, Table):
            width = max(len(r) for r in item.rows)
            for r in item.rows:
                r.extend([""] * (width - len(r)))
    return out


def sheet_content(source: Path) -> list[str | Table]:
    """那須塩原市's scrambled export → the sheet its pages print (title, then per page headings and table)."""
    title, pages = nasushiobara_rows(read_text(source, source.read_bytes()).blocks)
    content: list[str | Table] = [title]
    for index, (headings, projects) in enumerate(pages):
        if index:
            content.append(PAGE_BREAK)
        content += headings
        rows = [[c.replace("\n", "<br>") for c in row] for row in [NASU_COLUMNS, *projects]]
        content.append(Table(rows, groups=[("（１）令和5年度実施状況", 6), ("（２）目標指標の状況", 4)]))
    return content


def wide(content: list[str | Table]) -> bool:
    return any(isinstance(i, Table) and len(i.rows[0]) >= WIDE for i in content)


def _cell_html(text: str) -> str:
    return "<br>".join(html.escape(part) for part in text.split("<br>"))


CSS = {
    "weasyprint": """
        body { font-family: 'IPAexMincho'; font-size: 9.5pt; line-height: 1.45; }
        table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
        th, td { border: 0.6pt solid #000; padding: 2pt 3pt; vertical-align: top; text-align: left; }
        th { font-weight: normal; background: none; }
    """,
    "wkhtmltopdf": """
        body { font-family: 'IPAexGothic'; font-size: 10pt; line-height: 1.5; }
        table { border-collapse: collapse; width: 100%; margin: 8pt 0; page-break-inside: auto; }
        thead { display: table-header-group; }
        tr { page-break-inside: avoid; }
        th, td { border-top: 0.5pt solid #000; border-bottom: 0.5pt solid #000; padding: 3pt 4pt;
                 vertical-align: top; text-align: left; font-weight: normal; }
    """,
    "chromium": """
        body { font-family: 'IPAPGothic'; font-size: 10.5pt; line-height: 1.6; }
        table { border-collapse: collapse; width: 100%; margin: 8pt 0; }
        th, td { border: 1px solid #999; padding: 4px 6px; vertical-align: top; text-align: left; }
        th { background: #e8eef7; font-weight: normal; }
    """,
}


def to_html(content: list[str | Table], producer: str) -> str:
    page = "A4 landscape" if wide(content) else "A4"
    parts = [
        "<!DOCTYPE html><html lang='ja'><head><meta charset='utf-8'><style>",
        f"@page {{ size: {page}; margin: 18mm 16mm; }}",
        CSS[producer],
        "</style></head><body>",
    ]
    for item in content:
        if item == PAGE_BREAK:
            parts.append("<div style='page-break-after: always'></div>")
            continue
        if isinstance(item, str):
            parts.append(f"<p>{html.escape(item)}</p>")
            continue
        head, *body = item.rows
        groups = "".join(f"<th colspan='{n}'>{html.escape(t)}</th>" for t, n in item.groups)
        parts.append(
            "<table><thead>"
            + (f"<tr>{groups}</tr>" if groups else "")
            + "<tr>"
            + "".join(f"<th>{_cell_html(c)}</th>" for c in head)
            + "</tr></thead><tbody>"
        )
        for row in body:
            parts.append("<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in row) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def _typst_text(text: str) -> str:
    special = "\\#*_`$<>@[]=-+/~\"'"
    out = "".join("\\" + ch if ch in special else ch for ch in text)
    return out


def to_typst(content: list[str | Table]) -> str:
    flipped = "true" if wide(content) else "false"
    parts = [
        f'#set page(paper: "a4", flipped: {flipped}, margin: (x: 16mm, y: 18mm))',
        '#set text(font: "IPAexGothic", size: 9.5pt, lang: "ja")',
        "#set par(leading: 0.7em)",
    ]
    for item in content:
        if item == PAGE_BREAK:
            parts.append("#pagebreak()\n")
            continue
        if isinstance(item, str):
            parts.append(_typst_text(item) + "\n")
            continue
        head, *body = item.rows
        n = len(head)

        def cell(text: str) -> str:
            return "[" + " \\ ".join(_typst_text(p) for p in text.split("<br>")) + "]"

        groups = [f"table.cell(colspan: {span}, {cell(text)})" for text, span in item.groups]
        parts.append(
            f"#table(columns: {n}, stroke: none, inset: 4pt, align: left + top,\n"
            f"  fill: (x, y) => if y < {1 + bool(groups)} {{ luma(205) }} else if calc.even(y) {{ luma(238) }},\n"
            "  table.header("
            + ", ".join([*groups, *(cell(c) for c in head)])
            + "),\n"
            + ",\n".join("  " + ", ".join(cell(c) for c in row) for row in body)
            + ")\n"
        )
    return "\n".join(parts)


def available(producer: str) -> bool:
    if producer == "cairo":
        return available("weasyprint") and shutil.which("pdftocairo") is not None
    if producer == "weasyprint":
        try:
            import weasyprint  # noqa: F401
        except ImportError:
            return False
        return True
    if producer == "typst":
        try:
            import typst  # noqa: F401
        except ImportError:
            return False
        return True
    if producer == "libreoffice":
        return shutil.which("soffice") is not None
    if producer == "chromium":
        return shutil.which("chromium") is not None
    return shutil.which("wkhtmltopdf") is not None


def _office() -> ModuleType:
    """`tools/render_office.py`, loaded beside this file (tools/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "render_office", Path(__file__).with_name("render_office.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(producer: str, content: list[str | Table], target: Path) -> None:
    if producer == "cairo":  # WeasyPrint's print, printed again through poppler's cairo backend
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "weasyprint.pdf"
            render("weasyprint", content, source)
            subprocess.run(["pdftocairo", "-pdf", str(source), str(target)], check=True)
        compact(target)
        return
    if producer == "libreoffice":
        _office().render_office(content, target, WIDE)
        return
    if producer == "typst":
        import typst

        source = target.with_suffix(".typ")
        source.write_text(to_typst(content), encoding="utf-8")
        try:
            typst.compile(str(source), output=str(target), font_paths=[str(d) for d in FONT_DIRS])
        finally:
            source.unlink()
        compact(target)
        return
    page = to_html(content, producer)
    if producer == "weasyprint":
        import weasyprint

        weasyprint.HTML(string=page).write_pdf(str(target))
        return
    if producer == "chromium":  # Skia, without the date and title it prints by default
        _print_html(page, lambda source, tmp: [
            "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--user-data-dir={tmp}", f"--print-to-pdf={target}", source.as_uri(),
        ])  # fmt: skip
        compact(target)
        return
    orientation = "Landscape" if wide(content) else "Portrait"
    _print_html(page, lambda source, _: [
        "wkhtmltopdf", "--quiet", "-O", orientation, "--page-size", "A4", "--encoding", "utf-8",
        str(source), str(target),
    ])  # fmt: skip


def _print_html(page: str, command) -> None:
    """A browser's print of `page`: `command(source, folder)` run on it written to a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(command(source, tmp), check=True, capture_output=True)


def compact(target: Path) -> None:
    """Pack the object dictionaries into object streams (halves Typst's files); the page
    content streams stay the producer's own. Skipped without pikepdf."""
    try:
        import pikepdf
    except ImportError:
        return
    with pikepdf.open(target, allow_overwriting_input=True) as pdf:
        pdf.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)


def seeds() -> list[dict]:
    with (RAW / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def render_plans(producer: str, out: Path) -> None:
    """Generated plans (tests/plangen) with their answers, into out/plangen/<producer>/: documents
    the seeds never were, with known records, in this producer's print."""
    from tests.plangen.score import write_corpus

    write_corpus(PLANS, PLAN_SEED, out / "plangen" / producer, fmt=producer)


def render_all(producer: str, out: Path) -> None:
    render_plans(producer, out)
    folder = out / producer
    folder.mkdir(parents=True, exist_ok=True)
    rows = seeds()
    for row in rows:
        source = RAW / row["file"]
        sheet = row["municipality_code"] == NASUSHIOBARA
        content = sheet_content(source) if sheet else parse(source.read_text(encoding="utf-8"))
        render(producer, content, folder / (Path(row["file"]).stem + ".pdf"))
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "file": Path(row["file"]).stem + ".pdf"})


def page_texts(path: Path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return ["".join((p.extract_text() or "").split()) for p in pdf.pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--only", default=",".join(PRODUCERS))
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    status = 0
    for producer in args.only.split(","):
        if not available(producer):
            print(f"{producer}: not installed, skipped", file=sys.stderr)
            continue
        if not args.check:
            render_all(producer, args.out)
            print(f"{producer}: rendered into {args.out / producer}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            render_all(producer, Path(tmp))
            rendered = sorted((Path(tmp) / producer).glob("*.pdf"))
            rendered += sorted((Path(tmp) / "plangen" / producer).glob("*.pdf"))
            for pdf in rendered:
                committed = args.out / pdf.relative_to(tmp)
                if not committed.exists() or page_texts(pdf) != page_texts(committed):
                    print(f"{producer}/{pdf.name}: differs from the committed fixture", file=sys.stderr)
                    status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
