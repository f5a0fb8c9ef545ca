"""Pages per second of `read_pdf` over the PDF fixtures, next to pdfplumber's own `extract_text`
and pypdfium2's raw text extraction, on the same files in one run.

`extract_text` is the anchor: the same parser (pdfminer through pdfplumber) with no table
finding or line rebuilding. pypdfium2 (which comes with pdfplumber) only pulls each page's
text out in C: a floor for what reading a PDF costs. `read_pdf` parses every character and rule
with pdfminer (through pdfplumber) and rebuilds lines, tables and paragraphs.
Usage: python bench/bench_pdf.py [FOLDER …] [--repeat N] [--tiny]   (default: tests/fixtures/pdf/*)
(`--tiny`, or PLANS_BENCH_TINY=1: the smallest PDF only, to check that the benchmark runs.)
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDERS = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*/"))


def time_read_pdf(path: Path) -> tuple[float, int]:
    from pipeline.read.pdf import read_pdf

    data = path.read_bytes()
    t0 = time.perf_counter()
    doc = read_pdf(path, data)
    return time.perf_counter() - t0, doc.pages or 0


def time_plumber(path: Path) -> tuple[float, int]:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # the same quiet read_pdf has
    t0 = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        pages = len(pdf.pages)
    return time.perf_counter() - t0, pages


def time_pdfium(path: Path) -> tuple[float, int]:
    import pypdfium2

    t0 = time.perf_counter()
    pdf = pypdfium2.PdfDocument(str(path))
    pages = len(pdf)
    for index in range(pages):
        page = pdf[index]
        text_page = page.get_textpage()
        text_page.get_text_range()
        text_page.close()
        page.close()
    pdf.close()
    return time.perf_counter() - t0, pages


def best(measure, path: Path, repeat: int) -> tuple[float, int]:
    runs = [measure(path) for _ in range(repeat)]
    return min(r[0] for r in runs), runs[0][1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, default=DEFAULT_FOLDERS)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per file (default 1)")
    parser.add_argument(
        "--tiny", action="store_true", default=bool(os.environ.get("PLANS_BENCH_TINY")),
        help="the smallest PDF only: checks that the benchmark runs (also PLANS_BENCH_TINY=1)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    files = [p for folder in args.folders for p in sorted(folder.glob("*.pdf"))]
    if args.tiny and files:
        files = [min(files, key=lambda p: p.stat().st_size)]
    if not files:
        raise SystemExit("no PDF files found (render them with tools/make_pdfs.py)")
    for measure in (time_read_pdf, time_plumber, time_pdfium):
        measure(files[0])  # imports and first-use costs out of the measurement
    head = f"{'file':58} {'pages':>5} {'read_pdf p/s':>13} {'extract_text p/s':>17} {'pdfium p/s':>11}"
    print(head + f" {'vs extract_text':>16}")
    total = {"read": 0.0, "plumber": 0.0, "pdfium": 0.0, "pages": 0}
    for path in files:
        read_s, pages = best(time_read_pdf, path, args.repeat)
        plumber_s, _ = best(time_plumber, path, args.repeat)
        raw_s, _ = best(time_pdfium, path, args.repeat)
        total["read"] += read_s
        total["plumber"] += plumber_s
        total["pdfium"] += raw_s
        total["pages"] += pages
        name = f"{path.parent.name}/{path.name}"
        print(
            f"{name:58} {pages:5d} {pages / read_s:13.1f} {pages / plumber_s:17.1f} {pages / raw_s:11.1f}"
            f" {plumber_s / read_s:15.2f}x"
        )
    pages = total["pages"]
    print(
        f"{'total':58} {pages:5d} {pages / total['read']:13.1f} {pages / total['plumber']:17.1f}"
        f" {pages / total['pdfium']:11.1f} {total['plumber'] / total['read']:15.2f}x"
    )
    print(
        f"read_pdf: {total['read']:.2f} s for {pages} pages; pdfplumber extract_text: "
        f"{total['plumber']:.2f} s; pypdfium2 text: {total['pdfium']:.2f} s"
    )


if __name__ == "__main__":
    main()
