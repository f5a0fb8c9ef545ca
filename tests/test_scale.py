"""Parallel and distributed runs give the same database as a sequential one; settings and limits."""

import shutil
from pathlib import Path

import pytest

from pipeline.app.run import run
from pipeline.app.settings import Settings, SettingsError
from pipeline.cli import main
from tests.conftest import RAW
from tests.test_failures import export, records

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out


@pytest.fixture(scope="module")
def sequential(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("seq") / "out"
    run([], RAW, out)
    return export(out)


@pytest.mark.parametrize(
    "settings",
    [Settings(workers=2), Settings(workers=2, executor="dask")],
    ids=["process-pool", "dask-local-cluster"],
)
def test_executors_give_identical_tables(tmp_path: Path, sequential: dict, settings: Settings):
    out = tmp_path / "out"
    report = run([], RAW, out, settings=settings)
    assert [r.status for r in report.results] == ["parsed"] * 5
    assert [r.document_id for r in report.results] == [
        p.stem for p in sorted(RAW.glob("*.txt"), key=_manifest_order)
    ]
    assert export(out) == sequential


def _manifest_order(path: Path) -> int:
    order = [
        line.split(",")[0] for line in (RAW / "manifest.csv").read_text(encoding="utf-8").splitlines()[1:]
    ]
    return order.index(path.name)


def test_results_are_written_then_dropped(tmp_path: Path):
    report = run([], RAW, tmp_path / "out")
    assert all(r.records == {} for r in report.results)
    assert report.results[0].summary["actions"] == 35


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"workers": 0}, "workers must be a whole number ≥ 1, not 0"),
        ({"executor": "spark"}, "executor must be one of local, dask, not 'spark'"),
        ({"scheduler": "tcp://x:8786"}, "scheduler is a Dask scheduler address: it needs executor 'dask'"),
        ({"max_mb": 0}, "max_mb must be a finite number > 0, not 0"),
        ({"max_pages": 0}, "max_pages must be a whole number ≥ 1, not 0"),
        ({"pdf_engine": "pdfminer"}, "pdf_engine must be one of pdfium, pdfplumber, not 'pdfminer'"),
    ],
)
def test_settings_name_the_bad_key(fields, message):
    with pytest.raises(SettingsError) as exc:
        Settings(**fields)
    assert str(exc.value) == message


def test_bad_setting_on_the_command_line_is_a_clear_error(tmp_path: Path, capsys):
    assert main(["run", "--raw", str(RAW), "--out", str(tmp_path), "--workers", "0"]) == 1
    assert "workers must be a whole number ≥ 1, not 0" in capsys.readouterr().err


def test_file_over_the_size_limit_is_skipped_with_a_problem(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out), "--max-mb", "0.03"]) == 2
    big = {
        r for (r,) in records(out, "select document_id from problems where message like '%over the limit%'")
    }
    assert big == {
        "08202_hitachi_community_action_plan",
        "08201_mito_kyodo_basic_plan_3",
        "03209_ichinoseki_kyodo_plan_3",
    }
    assert records(
        out, "select count(*) from measures where document_id = '09213_nasushiobara_kyodo_progress_r5'"
    ) == [(19,)]
    assert (
        "08202_hitachi_community_action_plan.txt: the file is 0.07 MB, over the limit of 0.03 MB (--max-mb)"
        in capsys.readouterr().err
    )
