"""Scale benchmark: throughput per executor, peak memory as the corpus grows, build and query times.

Prints documents/s for workers 1 and 2 and a local Dask cluster, the peak RSS of a
sequential run at each corpus size (it must not grow with N: documents are streamed),
the database build time and the latency of the comparison queries at the largest size.
Each run is a fresh Python process that reports its own figures.

Usage: python bench/bench_scale.py [--sizes 100 1000] [--skip-dask] [--tiny]
(`--tiny`, or PLANS_BENCH_TINY=1: 3 text documents, no Dask, no PDFs: checks that the benchmark runs.)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make_corpus  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
import pipeline.app.run
from pipeline.app.run import run
from pipeline.app.settings import Settings
raw, out, workers, executor = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before_build = {}
build = pipeline.app.run.build_database
def measured_build(*args):
    before_build["rss"] = peak()  # the documents are processed and written by now
    return build(*args)
pipeline.app.run.build_database = measured_build
t0 = time.perf_counter()
report = run([], raw, out, settings=Settings(workers=workers, executor=executor))
seconds = time.perf_counter() - t0
import duckdb
pages = duckdb.connect(str(out / "plans.duckdb"), read_only=True).execute("select sum(pages) from documents").fetchone()[0]
print(json.dumps({"seconds": seconds, "documents": len(report.results), "pages": pages or 0,
                  "failed": sum(r.status == "failed" for r in report.results),
                  "processing_rss_mb": before_build.get("rss", 0), "peak_rss_mb": peak()}))
"""

QUERIES = {
    "actions per city": "select city, count(*) from measures join plans using (plan_id) "
    "where tier = 'action' group by city",
    "indicators with targets": "select count(*) from indicators where target_value is not null",
    "actions per fiscal year": "select fy, count(distinct measure_id) from "
    "(select measure_id, unnest(range(fy_start, fy_end + 1)) as fy from schedules) group by fy",
}
OPTIONAL_QUERIES = {"theme matrix": "select * from theme_matrix"}


def child_run(raw: Path, out: Path, workers: int, executor: str = "local") -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(raw), str(out), str(workers), executor],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(proc.stdout.strip().splitlines()[-1])


def timed(fn, repeat: int = 5) -> float:
    import time

    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def query_latencies(db: Path) -> dict[str, float]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    queries = dict(QUERIES)
    names = {r[0] for r in con.execute("select table_name from information_schema.tables").fetchall()}
    queries.update({k: v for k, v in OPTIONAL_QUERIES.items() if v.split()[-1] in names})
    result = {name: timed(lambda sql=sql: con.execute(sql).fetchall()) for name, sql in queries.items()}
    try:
        from pipeline.query.search import search  # the researcher's search, where present

        result["search 防災"] = timed(lambda: search(con, "防災", limit=20))
    except ImportError:
        pass
    con.close()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--pdf-docs", type=int, default=50, help="size of the PDF corpus (0: none)")
    parser.add_argument(
        "--tiny", action="store_true", default=bool(os.environ.get("PLANS_BENCH_TINY")),
        help="3 text documents, no Dask, no PDFs: checks that the benchmark runs (also PLANS_BENCH_TINY=1)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    if args.tiny:
        args.sizes, args.skip_dask, args.pdf_docs = [3], True, 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        largest = max(args.sizes)
        for n in sorted(args.sizes):
            raw = tmp / f"raw{n}"
            make_corpus(raw, n)
            configs = [("workers 1", 1, "local")]
            if n == largest:
                configs += [("workers 2", 2, "local")] + (
                    [] if args.skip_dask else [("dask local x2", 2, "dask")]
                )
            for label, workers, executor in configs:
                out = tmp / f"out{n}-{label.replace(' ', '')}"
                r = child_run(raw, out, workers, executor)
                print(
                    f"N={n:5d}  {label:14s} {r['seconds']:7.1f} s  {n / r['seconds']:6.1f} docs/s  "
                    f"peak RSS (main process) while processing {r['processing_rss_mb']:5.0f} MB, "
                    f"with the database build {r['peak_rss_mb']:5.0f} MB  failed {r['failed']}"
                )
        if args.pdf_docs:
            raw = tmp / "pdf"
            make_corpus(raw, args.pdf_docs, pdf_style="grid")
            for label, workers in (("workers 1", 1), ("workers 2", 2)):
                r = child_run(raw, tmp / f"outpdf{workers}", workers)
                print(
                    f"PDF N={args.pdf_docs:4d} {label:14s} {r['seconds']:7.1f} s  "
                    f"{args.pdf_docs / r['seconds']:6.2f} docs/s  {r['pages'] / r['seconds']:6.1f} pages/s  "
                    f"({r['pages']} pages)  peak RSS {r['peak_rss_mb']:6.0f} MB  failed {r['failed']}"
                )
        out = tmp / f"out{largest}-workers1"
        from pipeline.app.build import build_database

        db = tmp / "bench.duckdb"
        print(
            f"database build from normalized/ at N={largest}: {timed(lambda: build_database(out, db), 3):.2f} s"
        )
        for name, seconds in query_latencies(db).items():
            print(f"query at N={largest}: {name:24s} {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
