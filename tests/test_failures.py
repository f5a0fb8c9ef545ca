"""Bad input and failures: clear problems, nothing lost, the previous database intact."""

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.app.run import run
from pipeline.cli import main
from pipeline.store.lock import output_lock
from tests.conftest import RAW, ROOT

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out

GOOD = "08201_mito_kyodo_basic_plan_3.txt"
MANIFEST_HEADER = (
    "file,municipality_code,prefecture,city,title,doc_kind,status,published,plan_fy_start,plan_fy_end,notes\n"
)
GOOD_ROW = "08201_mito_kyodo_basic_plan_3.txt,08201,茨城県,水戸市,水戸市協働推進基本計画（第3次）,plan,draft,,2024,2028,\n"


def problems(out: Path) -> list[tuple]:
    con = duckdb.connect(str(out / "plans.duckdb"), read_only=True)
    try:
        return con.execute(
            "select document_id, severity, stage, line, message from problems order by all"
        ).fetchall()
    finally:
        con.close()


def records(out: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(out / "plans.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / GOOD, raw / GOOD)
    return raw


def test_bad_manifest_rows_are_named_and_the_good_document_loads(folder: Path, tmp_path: Path, capsys):
    (folder / "empty.txt").write_bytes(b"")
    (folder / "manifest.csv").write_text(
        MANIFEST_HEADER
        + GOOD_ROW
        + "missing.txt,08999,茨城県,某市,計画,plan,final,,2024,2028,\n"
        + "empty.txt,8201,茨城県,某市,計画,report,done,,2028,2024,\n"
        + "08201_mito_kyodo_basic_plan_3.txt,08201,茨城県,水戸市,again,plan,draft,,2024,2028,\n"
        + ",08201,茨城県,水戸市,no file,plan,draft,,,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["run", "--raw", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "missing.txt: the manifest names this file but it does not exist" in err
    rows = [(d, s, st, m) for d, s, st, _, m in problems(out)]
    assert (
        "empty",
        "error",
        "manifest",
        "manifest line 4: municipality_code '8201' is not a 5-digit local government code",
    ) in rows
    assert (
        "empty",
        "error",
        "manifest",
        "manifest line 4: doc_kind 'report' is not one of plan, crosswalk, progress_report",
    ) in rows
    assert ("empty", "error", "manifest", "manifest line 4: status 'done' is not one of draft, final") in rows
    assert (
        "empty",
        "error",
        "manifest",
        "manifest line 4: plan_fy_end 2024 is before plan_fy_start 2028",
    ) in rows
    assert ("empty", "error", "read", "empty.txt: the file is empty") in rows
    assert (
        "08201_mito_kyodo_basic_plan_3.line5",
        "error",
        "manifest",
        "manifest line 5: document_id '08201_mito_kyodo_basic_plan_3' is already used by line 2; row skipped",
    ) in rows
    assert ("manifest-line-6", "error", "manifest", "manifest line 6: the row names no file") in rows
    assert records(
        out, "select count(*) from measures where document_id = '08201_mito_kyodo_basic_plan_3'"
    ) == [(67,)]
    assert records(out, "select document_id from documents order by 1") == [
        ("08201_mito_kyodo_basic_plan_3",),
        ("empty",),
    ]


def test_file_not_in_manifest_is_read_with_a_warning(folder: Path, tmp_path: Path):
    report = run([], folder, tmp_path / "out")
    (result,) = report.results
    assert result.status == "parsed" and result.layout.startswith(
        "headings+labels+items"
    )  # the shape recognizers
    assert [p.message for p in result.problems] == [
        f"{GOOD} is not in the manifest; 茨城県 水戸市 (08201) from the cover line "
        "'水戸市協働推進基本計画(第3次)'; title '水戸市協働推進基本計画(第3次)' from the cover"
    ]
    assert records(tmp_path / "out", "select city, title, municipality_code, prefecture from documents") == [
        ("水戸市", "水戸市協働推進基本計画(第3次)", "08201", "茨城県")
    ]
    assert records(tmp_path / "out", "select plan_id, city from plans order by 1") == [
        ("08201-kyodo-2@08201_mito_kyodo_basic_plan_3", "水戸市"),
        ("08201-kyodo-3@08201_mito_kyodo_basic_plan_3", "水戸市"),
    ]


def test_document_in_no_known_layout_keeps_its_record_and_warns(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.txt").write_text("会議メモ\n\n今日は天気が良い。\n", encoding="utf-8")
    report = run([], raw, tmp_path / "out")
    (result,) = report.results
    assert (result.status, result.layout) == ("parsed", "none (0% of blocks)")
    assert result.problems[-1].message == "no action and no indicator recognized in this document"
    assert records(tmp_path / "out", "select document_id, layout from documents") == [
        ("notes", "none (0% of blocks)")
    ]
    assert records(tmp_path / "out", "select count(*) from plans") == [(0,)]


SHEETS = "08202_hitachi_community_action_plan.txt"


@pytest.mark.parametrize(
    ("encoding", "bom", "detected"),
    [
        ("cp932", b"", "cp932"),
        ("euc_jis_2004", b"", "euc_jis_2004"),
        ("utf-16-le", b"\xff\xfe", "utf-16"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
    ],
)
def test_other_encodings_and_crlf_give_the_same_records(tmp_path: Path, encoding, bom, detected):
    text = (RAW / SHEETS).read_text(encoding="utf-8")
    if encoding.startswith("euc"):
        text = text.replace("～", "〜")  # EUC has no FULLWIDTH TILDE; its files print WAVE DASH
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SHEETS).write_bytes(bom + text.replace("\n", "\r\n").encode(encoding))
    shutil.copy(RAW / "manifest.csv", raw / "manifest.csv")
    run([raw / SHEETS], raw, tmp_path / "out")
    run([RAW / SHEETS], RAW, tmp_path / "expected")
    for sql in (
        "select measure_id, title, description, issue, line from measures order by all",
        "select measure_id, fy_start, fy_end, activity from schedules order by all",
        "select measure_id, department, bureau from measure_departments order by all",
    ):
        assert records(tmp_path / "out", sql) == records(tmp_path / "expected", sql)
    assert records(tmp_path / "out", "select encoding from documents") == [(detected,)]
    said = records(tmp_path / "out", "select message from problems where stage = 'read'")
    assert said == ([] if detected.startswith("utf-8") else [(f"the text is not UTF-8: read as {detected}",)])


def test_second_writer_on_the_same_output_is_refused(folder: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    with output_lock(out):
        assert main(["run", "--raw", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{out} is being written by plans (pid {os.getpid()}); wait for it to finish" in err
    assert main(["run", "--raw", str(folder), "--out", str(out)]) == 0


def export(out: Path) -> dict[str, list]:
    """Every table's rows, sorted, except the build time."""
    con = duckdb.connect(str(out / "plans.duckdb"), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        result = {
            t: sorted(
                map(
                    repr,
                    con.execute(
                        f"select * exclude (path) from {t}" if t == "documents" else f"select * from {t}"
                    ).fetchall(),
                )
            )
            for t in tables
        }
    finally:
        con.close()
    result["meta"] = [r for r in result["meta"] if "built_at" not in r and "normalized_fingerprint" not in r]
    return result


def test_runs_are_idempotent(tmp_path: Path):
    run([], RAW, tmp_path / "a")
    run([], RAW, tmp_path / "b")
    a, b = export(tmp_path / "a"), export(tmp_path / "b")
    assert a == b and sum(map(len, a.values())) > 1000


BUILD_FOREVER = """
import sys
from pathlib import Path
from pipeline.app.build import build_database

print("ready", flush=True)
while True:
    build_database(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_killed_database_build_leaves_the_previous_database(tmp_path: Path):
    out = tmp_path / "out"
    run([], RAW, out)
    db = out / "plans.duckdb"
    expected = records(out, "select count(*) from measures")
    for delay in (0.0, 0.05, 0.15, 0.3, 0.6):
        proc = subprocess.Popen(
            [sys.executable, "-c", BUILD_FOREVER, str(out), str(db)], stdout=subprocess.PIPE, cwd=ROOT
        )
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdout.close()
        assert records(out, "select count(*) from measures") == expected
    assert json.dumps(expected) == "[[249]]"
    run([], RAW, out)  # unchanged documents: the database is kept as it is
    assert main(["load", "--out", str(out)]) == 0  # a rebuild removes what killed builds left
    assert [p.name for p in out.iterdir() if ".tmp" in p.name] == []


def test_a_new_parser_version_reparses_every_document(tmp_path: Path, monkeypatch):
    import pipeline.app.settings

    assert {r.status for r in run([], RAW, tmp_path / "out").results} == {"parsed"}
    assert {r.status for r in run([], RAW, tmp_path / "out").results} == {"unchanged"}
    monkeypatch.setattr(pipeline.app.settings, "PARSER_VERSION", "next")
    assert {r.status for r in run([], RAW, tmp_path / "out").results} == {"parsed"}
    assert records(tmp_path / "out", "select distinct parser_version from documents") == [("next",)]


def test_another_pdf_engine_reparses_and_is_recorded(tmp_path: Path):
    from pipeline import PARSER_VERSION
    from pipeline.app.settings import Settings

    out, reference = tmp_path / "out", Settings(pdf_engine="pdfplumber")
    assert {r.status for r in run([], RAW, out).results} == {"parsed"}
    assert {r.status for r in run([], RAW, out, settings=reference).results} == {"parsed"}
    assert records(out, "select distinct parser_version from documents") == [
        (f"{PARSER_VERSION}+pdfplumber",)
    ]
    assert {r.status for r in run([], RAW, out, settings=reference).results} == {"unchanged"}
    assert {r.status for r in run([], RAW, out).results} == {"parsed"}
    assert records(out, "select distinct parser_version from documents") == [(PARSER_VERSION,)]


def test_pdf_over_the_page_limit_is_skipped_with_a_problem(tmp_path: Path, capsys):
    from tests.conftest import PDF_FIXTURES

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PDF_FIXTURES / "grid" / "06203_tsuruoka_community_policy_review.pdf", raw / "long.pdf")
    assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out"), "--max-pages", "2"]) == 2
    assert (
        "long.pdf: the PDF has 10 pages, over the limit of 2 pages (--max-pages)" in capsys.readouterr().err
    )


def test_two_versions_of_one_plan_get_their_own_ids_and_share_the_plan_key(tmp_path: Path):
    """The seed text of one city loaded twice (a draft and the final version): no id collides."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / GOOD, raw / "mito_draft.txt")
    shutil.copy(RAW / GOOD, raw / "mito_final.txt")
    shutil.copy(RAW / GOOD, raw / "unlisted_copy.txt")  # no manifest row: the code from the cover
    (raw / "manifest.csv").write_text(
        MANIFEST_HEADER
        + GOOD_ROW.replace(GOOD, "mito_draft.txt")
        + GOOD_ROW.replace(GOOD, "mito_final.txt").replace(",draft,", ",final,"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = run([], raw, out)
    assert {r.status for r in report.results} == {"parsed"}
    assert records(
        out, "select plan_key, count(*), list(plan_id order by plan_id) from plans group by 1 order by 1"
    ) == [
        (
            "08201-kyodo-2",
            3,
            ["08201-kyodo-2@mito_draft", "08201-kyodo-2@mito_final", "08201-kyodo-2@unlisted_copy"],
        ),
        (
            "08201-kyodo-3",
            3,
            ["08201-kyodo-3@mito_draft", "08201-kyodo-3@mito_final", "08201-kyodo-3@unlisted_copy"],
        ),
    ]
    for table, key in (("plans", "plan_id"), ("measures", "measure_id"), ("indicators", "indicator_id")):
        assert records(out, f"select count(*) = count(distinct {key}) from {table}") == [(True,)]
    # a comparison across versions groups by plan_key
    assert records(
        out,
        "select p.plan_key, p.status, count(*) from measures m join plans p using (plan_id) "
        "where p.plan_key = '08201-kyodo-3' and m.tier = 'action' group by all order by all",
    ) == [("08201-kyodo-3", "draft", 29), ("08201-kyodo-3", "final", 29), ("08201-kyodo-3", None, 29)]


def test_a_repeated_id_fails_the_build_with_a_message_naming_it(tmp_path: Path, capsys):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run([], RAW, out)
    before = records(out, "select count(*) from measures")
    source = out / "measures" / "08201_mito_kyodo_basic_plan_3.parquet"
    pq.write_table(
        pq.read_table(source).slice(0, 2), out / "measures" / "08202_hitachi_community_action_plan.parquet"
    )
    assert main(["load", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "measures: 2 id(s) used more than once; the database was not replaced" in err
    assert "in 08201_mito_kyodo_basic_plan_3" in err and "Traceback" not in err
    assert records(out, "select count(*) from measures") == before


# --- identity and paths ---------------------------------------------------------------------


def test_unsafe_document_ids_and_files_outside_raw_are_manifest_errors(folder: Path, tmp_path: Path):
    outside = tmp_path / "secret.txt"
    shutil.copy(RAW / GOOD, outside)
    (folder / "link.txt").symlink_to(outside)
    (folder / "sub").mkdir()
    os.mkfifo(folder / "pipe.txt")
    header = MANIFEST_HEADER.replace("notes\n", "notes,document_id\n")
    (folder / "manifest.csv").write_text(
        header
        + GOOD_ROW.replace("\n", ",mito\n")
        + GOOD_ROW.replace(GOOD, "other.txt").replace("\n", ",../../escape\n")
        + GOOD_ROW.replace(GOOD, "star.txt").replace("\n", ",*\n")
        + GOOD_ROW.replace(GOOD, str(outside)).replace("\n", ",absolute\n")
        + GOOD_ROW.replace(GOOD, "../secret.txt").replace("\n", ",dotdot\n")
        + GOOD_ROW.replace(GOOD, "link.txt").replace("\n", ",link\n")
        + GOOD_ROW.replace(GOOD, "sub").replace("\n", ",sub\n")
        + GOOD_ROW.replace(GOOD, "pipe.txt").replace("\n", ",pipe\n"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    report = run([], folder, out)
    status = {r.document_id: r.status for r in report.results}
    assert status == {
        "mito": "parsed",
        "manifest-line-3": "failed",
        "manifest-line-4": "failed",
        "absolute": "failed",
        "dotdot": "failed",
        "link": "failed",
        "sub": "failed",
        "pipe": "failed",
    }
    messages = {r.document_id: r.problems[0].message for r in report.results if r.problems}
    assert "document_id '../../escape' is not a safe id" in messages["manifest-line-3"]
    assert "document_id '*' is not a safe id" in messages["manifest-line-4"]
    for document_id in ("absolute", "dotdot", "link"):
        assert "is outside the raw folder" in messages[document_id]
    assert messages["sub"].endswith("sub: this is a directory, not a document file")
    assert messages["pipe"].endswith("pipe.txt: this is a FIFO (named pipe), not a document file")
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["mito.parquet"]
    assert not (tmp_path / "escape").exists()
    assert not [p for p in tmp_path.rglob("*") if "*" in p.name and p.suffix == ".parquet"]
    # with --allow-outside-raw the absolute path, .. and the symlink are read
    (folder / "pipe.txt").unlink()
    assert main(["run", "--raw", str(folder), "--out", str(out), "--allow-outside-raw"]) == 2
    assert records(out, "select document_id from documents order by 1") == [
        ("absolute",),
        ("dotdot",),
        ("link",),
        ("mito",),
    ]


def test_unsafe_file_stem_gets_a_sanitized_id_and_a_same_stem_pdf_its_own(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / GOOD, raw / "水戸 計画*.txt")
    shutil.copy(RAW / GOOD, raw / "X.txt")
    shutil.copy(RAW / GOOD, raw / "X.text")
    (raw / "manifest.csv").write_text(MANIFEST_HEADER + GOOD_ROW.replace(GOOD, "X.txt"), encoding="utf-8")
    report = run([], raw, tmp_path / "out")
    ids = [r.document_id for r in report.results]
    assert ids[:2] == ["X", "X_text"]
    (sanitized,) = ids[2:]
    assert re.fullmatch(r"_-[0-9a-f]{8}", sanitized) or re.fullmatch(
        r"[A-Za-z0-9][\w.-]*-[0-9a-f]{8}", sanitized
    )
    warnings = {r.document_id: [p.message for p in r.problems] for r in report.results}
    assert "X.text: id 'X' is another document's; this one is 'X_text'" in warnings["X_text"]
    assert (
        f"水戸 計画*.txt: the file name is not a safe document id; the id is {sanitized!r}"
        in warnings[sanitized]
    )
    assert records(tmp_path / "out", "select count(*) from documents") == [(3,)]


def test_table_path_refuses_unsafe_ids(tmp_path: Path):
    from pipeline.errors import InvalidInput
    from pipeline.store.parquet import table_path

    for bad in ("../x", "*", "a/b", "..", ".hidden", ""):
        with pytest.raises(InvalidInput):
            table_path(tmp_path, "measures", bad)
    assert table_path(tmp_path, "measures", "a.b-c_1") == tmp_path / "measures" / "a.b-c_1.parquet"


# --- in step: a killed run is redone -------------------------------------------------------------

RUN_THEN_HANG = """
import sys, time
from pathlib import Path
import pipeline.app.run as r
def hang(*args):
    print("building", flush=True)
    time.sleep(600)
r.build_database = hang
r.run([], Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_run_killed_during_the_build_is_redone_by_the_next_run(tmp_path: Path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "out"
    run([], raw, out)
    doc = raw / GOOD
    doc.write_text(doc.read_text(encoding="utf-8").replace("協働", "共働", 1), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN_THEN_HANG, str(raw), str(out)], stdout=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdout.readline().strip() == b"building"  # the Parquet files are written
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    old = records(out, "select sha256 from documents where document_id = '08201_mito_kyodo_basic_plan_3'")
    report = run([], raw, out)  # every document is unchanged, but the database is not in step
    assert {r.status for r in report.results} == {"unchanged"}
    new = records(out, "select sha256 from documents where document_id = '08201_mito_kyodo_basic_plan_3'")
    assert new != old and new == [(hashlib.sha256(doc.read_bytes()).hexdigest(),)]


def test_kill_between_parquet_writes_never_mixes_versions(tmp_path: Path, capsys):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    run([], RAW, out)
    doc_id = "08201_mito_kyodo_basic_plan_3"
    # a kill while the new version's files were being renamed: documents gone, measures new, the rest old
    measures = pq.read_table(out / "measures" / f"{doc_id}.parquet")
    (out / "documents" / f"{doc_id}.parquet").unlink()
    pq.write_table(measures.slice(0, 3), out / "measures" / f"{doc_id}.parquet")
    (out / "measures" / f".{doc_id}.parquet.999.tmp").write_bytes(b"partial")
    (out / ".plans.duckdb.999.tmp.wal").write_bytes(b"wal")
    assert main(["load", "--out", str(out)]) == 0
    for table in ("documents", "measures", "schedules", "indicators", "terms"):
        assert records(out, f"select count(*) from {table} where document_id = '{doc_id}'") == [(0,)]
    assert [p.name for p in out.rglob("*.tmp*")] == []
    report = run([], RAW, out)  # the cut-off document is parsed again, whole
    assert {r.document_id: r.status for r in report.results}[doc_id] == "parsed"
    assert records(out, f"select count(*) from measures where document_id = '{doc_id}'") == [(67,)]


def test_the_lock_covers_a_database_outside_the_output(tmp_path: Path, capsys):
    db = tmp_path / "elsewhere" / "plans.duckdb"
    (tmp_path / "out").mkdir()
    with output_lock(tmp_path / "other_out", db):
        assert main(["load", "--out", str(tmp_path / "out"), "--db", str(db)]) == 1
    assert f"{db} is being written by plans" in capsys.readouterr().err


# --- nothing pruned by surprise ----------------------------------------------------------------


def test_empty_or_missing_raw_folder_is_an_error_and_nothing_is_removed(tmp_path: Path, capsys):
    out = tmp_path / "out"
    run([], RAW, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*.parquet"))
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["run", "--raw", str(empty), "--out", str(out)]) == 1
    assert "no documents and no manifest rows; nothing was written or removed" in capsys.readouterr().err
    assert main(["run", "--raw", str(tmp_path / "missing"), "--out", str(out)]) == 1
    assert sorted(p.relative_to(out) for p in out.rglob("*.parquet")) == before
    assert main(["run", "--raw", str(empty), "--out", str(tmp_path / "fresh")]) == 1
    assert not (tmp_path / "fresh").exists()


def test_another_raw_folder_adds_documents_and_never_prunes_the_others(folder: Path, tmp_path: Path):
    out = tmp_path / "out"
    run([], RAW, out)
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(RAW / SHEETS, other / "hitachi_copy.txt")
    report = run([], other, out)
    assert [r.document_id for r in report.results] == ["hitachi_copy"]
    assert records(out, "select count(*) from documents") == [(6,)]
    sources = json.loads((out / ".sources.json").read_text(encoding="utf-8"))["documents"]
    assert sources["hitachi_copy"] == str(other.resolve())
    assert sources[GOOD.removesuffix(".txt")] == str(RAW.resolve())
    # the same id from a third folder: an error for that document, the first one stays
    third = tmp_path / "third"
    third.mkdir()
    (third / "hitachi_copy.txt").write_text("別の文書\n", encoding="utf-8")
    report = run([], third, out)
    (result,) = report.results
    assert result.status == "failed" and report.exit_code == 2
    assert f"is already in the output from {other.resolve()}; not replaced" in result.problems[0].message
    assert records(out, "select count(*) from measures where document_id = 'hitachi_copy'") != [(0,)]
    # a document leaves only when it is gone from the folder that put it there
    (other / "hitachi_copy.txt").unlink()
    shutil.copy(RAW / GOOD, other / "mito_copy.txt")
    run([], other, out)
    assert records(out, "select document_id from documents where document_id like '%copy' order by 1") == [
        ("mito_copy",)
    ]
    assert records(out, "select count(*) from documents") == [(6,)]


def test_an_output_written_before_sources_were_recorded_is_pruned_only_by_its_folder(tmp_path: Path):
    out = tmp_path / "out"
    run([], RAW, out)
    (out / ".sources.json").unlink()  # as an older version left it
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(RAW / SHEETS, other / "hitachi_copy.txt")
    run([], other, out)  # the seeds' stored paths name raw/: they stay
    assert records(out, "select count(*) from documents") == [(6,)]


def test_a_build_that_runs_out_of_disk_is_redone_by_the_next_run(tmp_path: Path, monkeypatch):
    import errno

    import pipeline.app.run as app_run

    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "out"
    run([], raw, out)
    doc = raw / GOOD
    doc.write_text(doc.read_text(encoding="utf-8").replace("協働", "共働", 1), encoding="utf-8")
    real_build = app_run.build_database

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(app_run, "build_database", disk_full)
    with pytest.raises(OSError, match="No space left"):
        run([], raw, out)  # the Parquet files are written, the build fails
    monkeypatch.setattr(app_run, "build_database", real_build)
    report = run([], raw, out)
    assert {r.status for r in report.results} == {"unchanged"}
    assert records(
        out, "select sha256 from documents where document_id = '08201_mito_kyodo_basic_plan_3'"
    ) == [(hashlib.sha256(doc.read_bytes()).hexdigest(),)]


@pytest.mark.parametrize(
    ("document_id", "why"),
    [("x" * 300, "a 300-character id"), ("a/b", "a slash")],
)
def test_long_and_slash_ids_fail_their_row_only(folder: Path, tmp_path: Path, document_id: str, why: str):
    header = MANIFEST_HEADER.replace("notes\n", "notes,document_id\n")
    shutil.copy(RAW / GOOD, folder / "other.txt")
    (folder / "manifest.csv").write_text(
        header
        + GOOD_ROW.replace("\n", ",mito\n")
        + GOOD_ROW.replace(GOOD, "other.txt").replace("\n", f",{document_id}\n"),
        encoding="utf-8",
    )
    report = run([], folder, tmp_path / "out")
    assert {r.document_id: r.status for r in report.results} == {
        "mito": "parsed",
        "manifest-line-3": "failed",
    }, why
    assert records(tmp_path / "out", "select document_id from documents") == [("mito",)]


def test_a_nul_in_the_manifest_is_a_clear_fatal_error(folder: Path, tmp_path: Path, capsys):
    """A NUL byte makes the manifest no text file: the run stops before writing, naming it."""
    (folder / "manifest.csv").write_text(
        MANIFEST_HEADER + GOOD_ROW.replace("水戸市", "水\x00戸市"), encoding="utf-8"
    )
    assert main(["run", "--raw", str(folder), "--out", str(tmp_path / "out")]) == 1
    assert "manifest.csv: the manifest is not text" in capsys.readouterr().err
    assert not (tmp_path / "out" / "documents").exists()
