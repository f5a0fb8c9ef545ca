"""Command-line habits: fitting output, typed CSV/JSON, stdin and files, paths from the environment."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from rich.console import Console

from pipeline.app.output import plural, render_rows
from pipeline.app.settings import resolve_paths
from pipeline.cli import main, run_footer
from tests.conftest import ROOT


@pytest.fixture
def with_db(seed_db, monkeypatch, tmp_path):
    """Every command finds a copy of the seed database through PLANS_DB alone (a copy: `plans
    query` opens it sandboxed, which DuckDB refuses while this process holds it otherwise)."""
    import shutil

    db = tmp_path / "plans.duckdb"
    shutil.copy(seed_db, db)
    monkeypatch.setenv("PLANS_DB", str(db))
    monkeypatch.delenv("PLANS_OUT", raising=False)
    return db


def out_of(capsys, argv) -> str:
    capsys.readouterr()
    assert main(argv) == 0
    return capsys.readouterr().out


def test_paths_come_from_options_then_environment_then_defaults(monkeypatch, tmp_path):
    monkeypatch.delenv("PLANS_DB", raising=False)
    monkeypatch.delenv("PLANS_OUT", raising=False)
    assert resolve_paths() == (
        ROOT.joinpath("normalized").relative_to(ROOT),
        ROOT.joinpath("normalized/plans.duckdb").relative_to(ROOT),
    )
    monkeypatch.setenv("PLANS_OUT", str(tmp_path / "o"))
    assert resolve_paths() == (tmp_path / "o", tmp_path / "o" / "plans.duckdb")
    monkeypatch.setenv("PLANS_DB", str(tmp_path / "x.duckdb"))
    assert resolve_paths() == (tmp_path / "o", tmp_path / "x.duckdb")
    assert resolve_paths(tmp_path / "given") == (tmp_path / "given", tmp_path / "given" / "plans.duckdb")
    assert resolve_paths(None, tmp_path / "y.duckdb")[1] == tmp_path / "y.duckdb"


def test_every_reading_command_honours_plans_db(with_db, capsys):
    for argv in (["tables"], ["describe", "measures"], ["problems"], ["compare"], ["search", "防災"],
                 ["query", "select 1"]):  # fmt: skip
        capsys.readouterr()
        assert main(argv) == 0, argv


def test_tables_and_describe_show_the_meanings(with_db, capsys):
    rows = json.loads(out_of(capsys, ["tables", "--format", "json"]))
    by_name = {r["name"]: r for r in rows}
    assert by_name["measures"]["kind"] == "table" and by_name["measures"]["rows"] == 249
    assert by_name["action_overview"]["kind"] == "view" and by_name["action_overview"]["rows"] is None
    columns = json.loads(out_of(capsys, ["describe", "indicators", "--format", "json"]))
    from pipeline.model.descriptions import column_description

    assert {c["column"]: c["meaning"] for c in columns}["baseline_fy"] == column_description(
        "indicators", "baseline_fy"
    )
    assert main(["describe", "nowhere"]) == 1
    assert "no table or view 'nowhere'" in capsys.readouterr().err


def test_problems_filter_by_document_and_severity(with_db, capsys):
    rows = json.loads(out_of(capsys, ["problems", "--format", "json"]))
    assert rows and {r["severity"] for r in rows} <= {"error", "warning"}
    one = rows[0]["document_id"]
    only = json.loads(out_of(capsys, ["problems", "--document", one, "--format", "json"]))
    assert only and {r["document_id"] for r in only} == {one}
    assert json.loads(out_of(capsys, ["problems", "--severity", "error", "--format", "json"])) == []
    capsys.readouterr()
    assert main(["problems", "--severity", "warning"]) == 0
    assert f"0 errors, {plural(len(rows), 'warning')}" in capsys.readouterr().err


def test_query_reads_a_file_and_standard_input(with_db, capsys, tmp_path, monkeypatch):
    sql = tmp_path / "q.sql"
    sql.write_text("select count(*) as n from documents", encoding="utf-8")
    assert out_of(capsys, ["query", "--file", str(sql), "--format", "csv"]) == "n\n5\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO("select 2 as two"))
    assert out_of(capsys, ["query", "-", "--format", "csv"]) == "two\n2\n"
    assert main(["query"]) == 1
    assert "no SQL" in capsys.readouterr().err


def test_csv_and_json_keep_types_lists_and_nulls(with_db, capsys):
    sql = "select 1 as n, 2.5 as x, null as nothing, ['防災', 'ICT'] as l, true as b, 'あ' as t"
    assert (
        out_of(capsys, ["query", sql, "--format", "csv"])
        == 'n,x,nothing,l,b,t\n1,2.5,,"[""防災"", ""ICT""]",true,あ\n'
    )
    excel = out_of(capsys, ["query", sql, "--format", "csv", "--excel"])
    assert excel.startswith("\ufeffn,x") and "\r\n" in excel
    (row,) = json.loads(out_of(capsys, ["query", sql, "--format", "json"]))
    assert row == {"n": 1, "x": 2.5, "nothing": None, "l": ["防災", "ICT"], "b": True, "t": "あ"}
    compare = json.loads(out_of(capsys, ["compare", "--format", "json"]))
    assert all(isinstance(v, int) for r in compare for k, v in r.items() if k != "theme")


def test_null_is_visible_and_numbers_align_right(with_db, capsys):
    out = out_of(capsys, ["query", "select null as nothing, 12 as n"])
    assert "NULL" in out


def test_long_japanese_text_is_cut_to_the_terminal_by_display_width():
    long = "地域コミュニティ活動を中心とした支え合いのまちづくりの推進" * 3
    console = Console(width=60, file=io.StringIO(), color_system=None)
    console.print(render_rows(["id", "title"], [(1, long)], console))
    lines = console.file.getvalue().splitlines()
    from rich.cells import cell_len

    assert all(cell_len(line) <= 60 for line in lines)
    assert "…" in console.file.getvalue()
    wide = Console(width=60, file=io.StringIO(), color_system=None)
    wide.print(render_rows(["id", "title"], [(1, long)], wide, wide=True))
    assert "…" not in wide.file.getvalue() and "推進" in wide.file.getvalue()


def test_a_narrow_terminal_gets_one_block_per_row():
    console = Console(width=40, file=io.StringIO(), color_system=None)
    names = ["document_id", "severity", "stage", "message"]
    console.print(render_rows(names, [("d1", "warning", "segment", "長い説明" * 10)], console))
    text = console.file.getvalue()
    assert "── 1 ──" in text and "severity" in text and "…" not in text


@pytest.mark.parametrize(("n", "word", "expected"), [(1, "document", "1 document"), (2, "document", "2 documents"), (0, "warning", "0 warnings"), (1200, "row", "1,200 rows")])  # fmt: skip
def test_plurals(n, word, expected):
    assert plural(n, word) == expected


def test_run_footer_counts_and_points_to_problems(tmp_path):
    from pipeline.app.process import DocumentResult

    one = DocumentResult("a", status="parsed", summary={"warnings": 2, "errors": 0})
    footer = run_footer([one], 10, tmp_path / "plans.duckdb")
    assert footer.startswith("1 document (1 parsed), 0 failed; 10 measures →")
    assert "2 warnings: `plans problems` lists them" in footer
    assert "plans problems" not in run_footer([DocumentResult("a", summary={})], 1, tmp_path / "p")


@pytest.mark.slow
def test_quiet_prints_only_errors_and_verbose_every_warning(tmp_path, capsys):
    import shutil

    from tests.conftest import RAW

    shutil.copytree(RAW, tmp_path / "raw")
    args = ["--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]
    capsys.readouterr()
    assert main(["--quiet", "run", *args]) == 0
    quiet = capsys.readouterr()
    assert quiet.out == "" and quiet.err == ""
    assert main(["run", *args, "--verbose"]) == 0
    verbose = capsys.readouterr()
    assert "warning" in verbose.err and "unchanged" in verbose.out


def test_a_closed_pipe_is_quiet(seed_db):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PLANS_DB": str(seed_db)}
    proc = subprocess.run(
        f"'{sys.executable}' -m pipeline.cli query 'select * from terms' --format csv | head -1",
        shell=True, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.stdout == "measure_id,term,pos,freq,document_id,page,line,bbox\n"
    assert proc.stderr == ""
