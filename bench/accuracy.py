"""Field-by-field accuracy of the recognizers on generated plans with known answers.

Plans are drawn by `tests/plangen` (tier words, numbering styles, item tables, cards,
bullets with departments, year strips, indicator and evaluation tables …), written as
text and as PDF, read by the pipeline, and scored against the records they must yield.
Usage: python bench/accuracy.py [--n 300] [--pdf 60] [--seed 1] [--producer NAME] [--keep DIR] [--tiny]
(`--producer`: the PDFs printed by a producer of tools/render_producers.py — weasyprint, chromium,
libreoffice … where installed — instead of reportlab; `--keep`: the plans and their answers are
written there, and the documents whose PDF reads worse than their text are listed, to look at;
`--tiny`, or PLANS_BENCH_TINY=1: a handful of plans, to check that the script runs.)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.plangen import accuracy, evaluate, pipeline_extract  # noqa: E402
from tests.plangen.score import FIELDS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="text plans (default 300)")
    parser.add_argument("--pdf", type=int, default=60, help="PDF plans (default 60)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--producer", default="pdf", help="PDF producer (default: reportlab)")
    parser.add_argument("--keep", type=Path, help="write the plans here and list the PDFs that read worse")
    parser.add_argument("--tiny", action="store_true", default=bool(os.environ.get("PLANS_BENCH_TINY")))
    args = parser.parse_args()
    n_text, n_pdf = (4, 2) if args.tiny else (args.n, args.pdf)
    columns, details = {}, {}
    for fmt, n in (("text", n_text), (args.producer, n_pdf)):
        t0 = time.perf_counter()
        details[fmt] = []
        workdir = args.keep / fmt if args.keep else None
        totals = evaluate(n, args.seed, pipeline_extract, fmt=fmt, workdir=workdir, details=details[fmt])
        columns[fmt] = (totals, time.perf_counter() - t0, n)
    print(f"{'field':<18} " + " ".join(f"{f'{fmt} ({n} plans)':>22}" for fmt, (_, _, n) in columns.items()))
    for field in FIELDS:
        cells = []
        for totals, _, _ in columns.values():
            correct, total = totals[field]
            cells.append(f"{accuracy(totals)[field]:>8.3f} {f'({correct}/{total})':>13}")
        print(f"{field:<18} " + " ".join(cells))
    print("seconds            " + " ".join(f"{s:>22.1f}" for _, s, _ in columns.values()))
    print("spurious_actions is the share of extracted actions that match no expected node (lower is better).")
    if args.keep:
        for (path, pdf), (_, text) in zip(
            details[args.producer], details["text"], strict=False
        ):  # plan i is the same
            worse = [f for f in FIELDS if f != "spurious_actions" and pdf[f][0] < text[f][0]]
            if worse:
                print(f"{path}: fewer right than its text in {', '.join(worse)}")


if __name__ == "__main__":
    main()
