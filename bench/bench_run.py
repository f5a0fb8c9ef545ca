"""Time and peak memory of a cold `plans run` over the corpus and of an incremental no-op run.

Each measurement runs in a fresh Python process, which reports its own peak RSS.
Usage: python bench/bench_run.py [--raw DIR] [--workers N] [--tiny]
(`--tiny`, or PLANS_BENCH_TINY=1: one seed document, to check that the benchmark runs.)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from pipeline.app.run import run
from pipeline.app.settings import Settings
t_import = time.perf_counter() - t0
t0 = time.perf_counter()
report = run(raw_dir=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), settings=Settings(workers=int(sys.argv[3])))
elapsed = time.perf_counter() - t0
print(json.dumps({
    "seconds": elapsed, "import_seconds": t_import,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "documents": len(report.results),
    "parsed": sum(r.status != "unchanged" for r in report.results),
    "measures": report.table_counts.get("measures", 0),
}))
"""


def measure(raw: Path, out: Path, workers: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, str(raw), str(out), str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=Path(__file__).resolve().parent.parent / "raw")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument(
        "--tiny", action="store_true", default=bool(os.environ.get("PLANS_BENCH_TINY")),
        help="one seed document only: checks that the benchmark runs (also PLANS_BENCH_TINY=1)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "normalized"
        if args.tiny:
            tiny = Path(tmp) / "raw"
            tiny.mkdir()
            shutil.copy(sorted(args.raw.glob("*.txt"))[0], tiny)
            args.raw = tiny
        for label in ("cold run", "no-op run"):
            r = measure(args.raw, out, args.workers)
            print(
                f"{label:10}  {r['seconds']:6.2f} s  (+{r['import_seconds']:.2f} s imports)  "
                f"peak RSS {r['peak_rss_mb']:6.1f} MB  documents {r['documents']} (parsed {r['parsed']})  "
                f"measures {r['measures']}"
            )


if __name__ == "__main__":
    main()
