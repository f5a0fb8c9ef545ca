"""Every benchmark script runs (on a tiny input), so `make bench` does not rot."""

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SCRIPTS = [
    ("bench_run.py", []),
    ("bench_pdf.py", []),
    ("bench_scale.py", []),
    ("make_corpus.py", ["{tmp}/corpus"]),
    ("accuracy.py", ["--keep", "{tmp}/plans"]),
]


@pytest.mark.slow
@pytest.mark.parametrize(("script", "args"), SCRIPTS, ids=[s for s, _ in SCRIPTS])
def test_bench_script_runs_in_tiny_mode(script, args, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANS_BENCH_TINY": "1"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *(a.format(tmp=tmp_path) for a in args), "--tiny"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip()
