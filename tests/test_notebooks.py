"""The notebooks run top to bottom against a freshly built database: the seeds, and the seeds
with the real municipal documents of `shared/real/` (skipped where that folder is absent)."""

import csv
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import NO_REAL, RAW, ROOT, real_dir

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def real_db(tmp_path_factory) -> Path:
    """The seeds and the real documents in one database (their manifests joined)."""
    from pipeline.app.run import run

    real = real_dir()
    if real is None:
        pytest.skip(NO_REAL)
    raw = tmp_path_factory.mktemp("real") / "raw"
    raw.mkdir()
    rows = []
    for folder in (RAW, real):
        with (folder / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if (folder / row["file"]).is_file():
                    shutil.copy(folder / row["file"], raw / row["file"])
                    rows.append(row)
    with (raw / "manifest.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    out = raw.parent / "normalized"
    run(raw_dir=raw, out_dir=out)
    return out / "plans.duckdb"


def execute(path: Path, database: Path, monkeypatch) -> None:
    monkeypatch.setenv("PLANS_DB", str(database))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
    ]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes(path: Path, seed_db: Path, monkeypatch):
    execute(path, seed_db, monkeypatch)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_on_seeds_and_real_documents(path: Path, real_db: Path, monkeypatch):
    execute(path, real_db, monkeypatch)


def test_the_real_folder_is_found_from_a_nested_checkout(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANS_REAL_DIR", str(tmp_path))
    assert real_dir() == tmp_path
    monkeypatch.setenv("PLANS_REAL_DIR", str(tmp_path / "missing"))
    assert real_dir() is None
