"""The `plans` command line: help, run, incremental re-run, load, query, inspect."""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import EXAMPLES, main
from tests.conftest import RAW

COMMANDS = tuple(EXAMPLES)  # every command


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One `plans run` over a copy of raw/, shared by the tests of this module."""
    root = tmp_path_factory.mktemp("cli")
    shutil.copytree(RAW, root / "raw")
    assert main(["run", "--raw", str(root / "raw"), "--out", str(root / "out")]) == 0
    return root


def query(built: Path, sql: str, capsys) -> list[dict]:
    capsys.readouterr()
    assert main(["query", sql, "--db", str(built / "out" / "plans.duckdb"), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "example: plans " + command in out
    assert EXAMPLES[command] in out


def test_run_writes_parquet_per_table_and_document(built):
    out = built / "out"
    assert (out / "plans.duckdb").is_file()
    stems = {p.stem for p in (out / "documents").glob("*.parquet")}
    assert stems == {p.stem for p in RAW.glob("*.txt")}
    assert (out / "measures" / "08201_mito_kyodo_basic_plan_3.parquet").is_file()


def test_actions_per_city_answer_for_all_five_cities(built, capsys):
    rows = query(
        built,
        "select city, count(*) as n from measures join plans using (plan_id) where tier = 'action' group by city order by city",
        capsys,
    )
    assert {r["city"] for r in rows} == {"日立市", "水戸市", "一関市", "鶴岡市", "那須塩原市"}
    assert all(r["n"] > 0 for r in rows)


def test_meta_records_versions(built, capsys):
    meta = {r["key"]: r["value"] for r in query(built, "select * from meta", capsys)}
    assert meta["schema_version"] == "1"
    assert meta["sudachi_dictionary"] == "sudachidict-core 20261015"
    assert meta["municipality_table"] == "japancode 0.1.0"
    assert set(meta) == {
        "schema_version",
        "parser_version",
        "sudachi_dictionary",
        "municipality_table",
        "built_at",
        "themes_version",
        "normalized_fingerprint",
    }


def test_second_run_reparses_nothing(built, capsys):
    capsys.readouterr()
    assert main(["run", "--raw", str(built / "raw"), "--out", str(built / "out")]) == 0
    out = capsys.readouterr().out
    assert sum("unchanged" in line for line in out.splitlines() if line.startswith("│")) == 5
    assert "5 documents (5 unchanged)" in out
    assert "parsed" not in out


def test_changed_document_is_reparsed_alone(tmp_path):
    shutil.copytree(RAW, tmp_path / "raw")
    args = ["run", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]
    assert main(args) == 0
    doc = tmp_path / "raw" / "09213_nasushiobara_kyodo_progress_r5.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    from pipeline.app.run import run

    report = run([], tmp_path / "raw", tmp_path / "out")
    assert {r.document_id: r.status for r in report.results}[
        "09213_nasushiobara_kyodo_progress_r5"
    ] == "parsed"
    assert sum(r.status == "unchanged" for r in report.results) == 4


def test_load_rebuilds_the_same_database(built, capsys):
    before = query(built, "select count(*) as n from measures", capsys)
    db = built / "out" / "rebuilt.duckdb"
    assert main(["load", "--out", str(built / "out"), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["query", "select count(*) as n from measures", "--db", str(db), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == before


@pytest.mark.parametrize(("fmt", "expected"), [("csv", "n\n5\n"), ("table", "5")])
def test_query_formats(built, capsys, fmt, expected):
    capsys.readouterr()
    assert (
        main(
            [
                "query",
                "select count(*) as n from documents",
                "--db",
                str(built / "out" / "plans.duckdb"),
                "--format",
                fmt,
            ]
        )
        == 0
    )
    assert expected in capsys.readouterr().out


def test_query_errors_are_clear(built, capsys):
    assert main(["query", "select * from nowhere", "--db", str(built / "out" / "plans.duckdb")]) == 1
    assert "nowhere" in capsys.readouterr().err
    assert main(["query", "select 1", "--db", str(built / "missing.duckdb")]) == 1
    assert "run `plans run`" in capsys.readouterr().err


def test_run_with_missing_raw_folder_is_fatal(tmp_path, capsys):
    assert main(["run", "--raw", str(tmp_path / "nope"), "--out", str(tmp_path / "out")]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_inspect_shows_layout_records_and_problems(capsys):
    assert main(["inspect", str(RAW / "08201_mito_kyodo_basic_plan_3.txt"), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "layout: headings+labels+items" in out
    assert "blocks (first 3)" in out and "measures (first 3)" in out


@pytest.mark.parametrize(
    "sql",
    [
        "copy measures to '{tmp}/leak.csv'",
        "attach '{tmp}/other.duckdb' as other",
        "select * from read_text('/etc/passwd')",
        "select * from read_csv('/etc/passwd')",
        "install httpfs",
        "set enable_external_access = true",
    ],
)
def test_query_cannot_touch_files_by_default(built, capsys, tmp_path, sql):
    capsys.readouterr()
    assert main(["query", sql.format(tmp=tmp_path), "--db", str(built / "out" / "plans.duckdb")]) == 1
    err = capsys.readouterr().err
    assert "--allow-files" in err or "configuration has been locked" in err
    assert list(tmp_path.iterdir()) == []


def test_query_with_allow_files_can_copy_and_read_files(built, capsys, tmp_path):
    db = str(built / "out" / "plans.duckdb")
    target = tmp_path / "measures.parquet"
    assert main(["query", f"copy measures to '{target}'", "--db", db, "--allow-files"]) == 0
    assert target.is_file()
    capsys.readouterr()
    sql = f"select count(*) as n from read_parquet('{target}')"
    assert main(["query", sql, "--db", db, "--allow-files", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("n\n")


def test_query_help_says_files_are_refused(capsys):
    with pytest.raises(SystemExit):
        main(["query", "--help"])
    assert "--allow-files" in capsys.readouterr().out
