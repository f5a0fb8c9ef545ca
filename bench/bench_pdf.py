"""Pages per second of `read_pdf` over the PDF fixtures, with each engine (pdfplumber, pdfium),
next to pdfplumber's own `extract_text` and pypdfium2's raw text extraction, on the same files
in one run.

`extract_text` is the anchor: the same parser (pdfminer through pdfplumber) with no table
finding or line rebuilding. pypdfium2 (which comes with pdfplumber) only pulls each page's
text out in C: a floor for what reading a PDF costs. `read_pdf` parses every character and rule
with pdfminer (engine `pdfplumber`) or pdfium (engine `pdfium`) and rebuilds lines, tables and
paragraphs; the `vs extract_text` columns say how many times faster than the anchor each engine is.
Usage: python bench/bench_pdf.py [FOLDER …] [--repeat N] [--tiny] [--cpu]   (default: tests/fixtures/pdf/*)
(`--tiny`, or PLANS_BENCH_TINY=1: the smallest PDF only, to check that the benchmark runs.)
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK = [time.perf_counter]  # --cpu: the process's CPU time (a fairer measure on a shared machine)
DEFAULT_FOLDERS = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*/"))


def time_read_pdf(path: Path, engine: str = "pdfplumber") -> tuple[float, int]:
    from pipeline.read.pdf import PdfSettings, read_pdf

    data = path.read_bytes()
    settings = PdfSettings(engine=engine)
    t0 = CLOCK[0]()
    doc = read_pdf(path, data, settings=settings)
    return CLOCK[0]() - t0, doc.pages or 0


def time_read_pdfium(path: Path) -> tuple[float, int]:
    return time_read_pdf(path, "pdfium")


def time_plumber(path: Path) -> tuple[float, int]:
    import logging

    import pdfplumber

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # the same quiet read_pdf has
    t0 = CLOCK[0]()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
        pages = len(pdf.pages)
    return CLOCK[0]() - t0, pages


def time_pdfium(path: Path) -> tuple[float, int]:
    import pypdfium2

    t0 = CLOCK[0]()
    pdf = pypdfium2.PdfDocument(str(path))
    pages = len(pdf)
    for index in range(pages):
        page = pdf[index]
        text_page = page.get_textpage()
        text_page.get_text_range()
        text_page.close()
        page.close()
    pdf.close()
    return CLOCK[0]() - t0, pages


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
    parser.add_argument(
        "--cpu", action="store_true", help="CPU time of this process instead of wall time (on a busy machine)"
    )
    args = parser.parse_args(argv)
    if args.cpu:
        CLOCK[0] = time.process_time
    files = [p for folder in args.folders for p in sorted(folder.glob("*.pdf"))]
    if args.tiny and files:
        files = [min(files, key=lambda p: p.stat().st_size)]
    if not files:
        raise SystemExit("no PDF files found (render them with tools/make_pdfs.py)")
    measures = {
        "read_pdf plumber": time_read_pdf,
        "read_pdf pdfium": time_read_pdfium,
        "extract_text": time_plumber,
        "pdfium text": time_pdfium,
    }
    for measure in measures.values():
        measure(files[0])  # imports and first-use costs out of the measurement
    names = list(measures)
    print(
        f"{'file':52} {'pages':>5}"
        + "".join(f" {n + ' p/s':>21}" for n in names)
        + f" {'plumber, pdfium vs extract_text':>32}"
    )
    total = dict.fromkeys(names, 0.0)
    all_pages = 0
    for path in files:
        seconds = {}
        for name, measure in measures.items():
            seconds[name], pages = best(measure, path, args.repeat)
            total[name] += seconds[name]
        all_pages += pages
        _row(f"{path.parent.name}/{path.name}", pages, seconds)
    _row("total", all_pages, total)
    print("; ".join(f"{name}: {total[name]:.2f} s" for name in names) + f" for {all_pages} pages")


def _row(name: str, pages: int, seconds: dict[str, float]) -> None:
    rates = "".join(f" {pages / s:21.1f}" for s in seconds.values())
    anchor = seconds["extract_text"]
    ratio = f"{anchor / seconds['read_pdf plumber']:.2f}x, {anchor / seconds['read_pdf pdfium']:.2f}x"
    print(f"{name[-52:]:52} {pages:5d}{rates} {ratio:>32}")


if __name__ == "__main__":
    main()
