"""Pathological input: bounded time and memory per document, honest statuses, the run goes on."""

import faulthandler
import math
import os
import shutil
import signal
import time
import zlib
from pathlib import Path

import duckdb
import pytest

from pipeline.app.executors import WorkerFailed, map_unordered
from pipeline.app.run import run
from pipeline.app.settings import Settings, SettingsError
from pipeline.cli import main
from pipeline.normalize.text import clean, nfkc
from pipeline.normalize.tokenize import pieces, terms, tokenize
from pipeline.read import read_document
from pipeline.read.cells import cell_lines
from tests.conftest import RAW
from tests.test_failures import records

SEED, GOOD = "08201_mito_kyodo_basic_plan_3.txt", "mito.txt"

PATHOLOGICAL_CELLS = {
    "open brackets": "<" * 200_000,
    "unclosed tags": "<a" * 100_000,
    "unclosed break tags": "<p" * 100_000,
    "unclosed footnote marks": "^{" * 100_000,
    "white space before no bullet": " " * 200_000 + "x",
    "spaced letters": "a " * 100_000 + "aa",
}


@pytest.mark.parametrize("cell", PATHOLOGICAL_CELLS.values(), ids=PATHOLOGICAL_CELLS.keys())
def test_tag_stripping_takes_linear_time(cell: str):
    start = time.perf_counter()
    cell_lines(cell)
    nfkc(cell)
    clean(cell)
    assert time.perf_counter() - start < 5


def test_tags_are_still_stripped():
    assert cell_lines("<p>一行目</p><li>二行目<b>太字</b></li> ・項目") == ["一行目", "二行目太字", "・項目"]
    assert nfkc("施策<span class='x'>名</span>^{※1}") == "施策 名"


@pytest.mark.parametrize("line", ["-" * 200_000 + "x", "- " * 100_000, "=" * 200_000])
def test_a_long_line_of_rules_is_read_in_linear_time(tmp_path: Path, line: str):
    path = tmp_path / "rules.txt"
    path.write_text("計画\n" + line + "\n" + "<a" * 50_000 + "\t項目\n", encoding="utf-8")
    start = time.perf_counter()
    doc = read_document(path)
    assert time.perf_counter() - start < 5
    assert doc.blocks[0].raw == "計画"


def test_long_text_is_tokenized_in_pieces():
    text = "地域の防災訓練を実施します。" * 8_000 + "\n" + "あ" * 40_000 + "\n最後に子育て支援を行う。"
    assert len(text.encode()) > 200_000
    cut = list(pieces(text))
    assert "".join(cut) == text and max(len(p.encode()) for p in cut) < 49_149
    counts = terms(text)
    assert counts[("防災", "名詞")] == 8_000
    assert counts[("子育て", "名詞")] == 1  # the end of the text is not dropped
    assert tokenize("研修を行います。")[0].surface == "研修"


# ---- 1, 2: a time and memory budget per document; a worker that dies costs only its document ----


@pytest.mark.parametrize("key", ["max_mb", "timeout_s", "max_memory_mb"])
@pytest.mark.parametrize("value", [math.inf, math.nan, 0, -1.0, "1"])
def test_limits_must_be_finite_and_positive(key: str, value):
    with pytest.raises(SettingsError, match=f"^{key} must be a finite number > 0, not "):
        Settings(**{key: value})


@pytest.mark.parametrize(
    ("flag", "key"), [("--max-mb", "max_mb"), ("--timeout", "timeout_s"), ("--max-memory", "max_memory_mb")]
)
def test_an_infinite_limit_on_the_command_line_is_a_clear_error(tmp_path: Path, capsys, flag: str, key: str):
    assert main(["run", "--raw", str(RAW), "--out", str(tmp_path / "out"), flag, "inf"]) == 1
    assert f"{key} must be a finite number > 0, not inf" in capsys.readouterr().err


def fake_work(item: str) -> str:
    """Stand-in for `process_document`: some items misbehave the way pathological documents do."""
    if item == "slow":
        time.sleep(120)
    elif item == "hungry":
        bytearray(8 * 2**30)  # 8 GB: over the memory limit
    elif item == "exits":
        os._exit(3)
    elif item == "segfault":
        faulthandler.disable()  # pytest's handler would print the worker's stack
        os.kill(os.getpid(), signal.SIGSEGV)
    elif item == "raises":
        raise ValueError("no rule for this")
    return item.upper()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_misbehaving_item_is_reported_and_the_others_go_on(workers: int):
    items = ["a", "slow", "b", "hungry", "c", "exits", "d", "segfault", "e", "raises", "f"]
    settings = Settings(workers=workers, timeout_s=2, max_memory_mb=256)
    start = time.monotonic()
    results = list(map_unordered(fake_work, items, settings, lambda item, reason: (item, reason)))
    assert time.monotonic() - start < 60
    assert sorted(r for r in results if isinstance(r, str)) == list("ABCDEF")
    assert dict(r for r in results if isinstance(r, tuple)) == {
        "slow": "took longer than 2 s (--timeout)",
        "hungry": "needed more than 256 MB of memory (--max-memory)",
        "exits": "its worker process died (exit status 3)",
        "segfault": "its worker process died (signal SIGSEGV)",
        "raises": "ValueError: no rule for this",
    }


def test_without_on_failure_a_failed_item_raises():
    with pytest.raises(WorkerFailed, match="exit status 3"):
        list(map_unordered(fake_work, ["a", "exits"], Settings()))


def test_workers_are_reused_not_started_per_document():
    pids = set(map_unordered(_pid, range(20), Settings(workers=2)))
    assert len(pids) <= 2 and os.getpid() not in pids


def _pid(_: int) -> int:
    return os.getpid()


def test_a_dying_worker_is_reported_against_its_document(tmp_path: Path, monkeypatch, capsys):
    """`--workers 2`: one document kills its worker; it is an error row, the others load."""
    import pipeline.app.run

    real = pipeline.app.run._process

    def dies_on_hitachi(job):
        if job[1].document_id == "08202_hitachi_community_action_plan":
            os._exit(1)
        return real(job)

    monkeypatch.setattr(pipeline.app.run, "_process", dies_on_hitachi)
    out = tmp_path / "out"
    assert main(["run", "--raw", str(RAW), "--out", str(out), "--workers", "2"]) == 2
    assert records(
        out, "select document_id, severity, stage, message from problems where severity = 'error'"
    ) == [
        (
            "08202_hitachi_community_action_plan",
            "error",
            "process",
            "08202_hitachi_community_action_plan.txt: its worker process died (exit status 1)",
        )
    ]
    assert records(out, "select count(distinct document_id) from measures") == [(4,)]
    assert records(out, "select count(*) from documents") == [(5,)]
    err = capsys.readouterr().err
    assert "08202_hitachi_community_action_plan: 08202_hitachi_community_action_plan.txt: its worker" in err


# ---- 3: a PDF that loops for ever, a decompression bomb ----------------------------------------


def pdf_file(objects: dict[int, bytes]) -> bytes:
    """A PDF of these numbered objects, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    xref, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def one_page(media_box: bytes, content: bytes, filters: bytes = b"") -> dict[int, bytes]:
    return {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Contents 4 0 R >>" % media_box,
        4: b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(content), filters, content),
    }


def self_referencing_pdf() -> bytes:
    """`/MediaBox 5 0 R` where object 5 is `5 0 R`: pdfminer follows it for ever."""
    objects = one_page(b"5 0 R", b"BT /F1 12 Tf 72 720 Td (Plan) Tj ET")
    objects[5] = b"5 0 R"
    return pdf_file(objects)


def deflated_zeros(size: int) -> bytes:
    """A zlib stream of `size` zero bytes (a multiple of 16 MiB), about 1/1000 of it, made fast:
    after a full flush deflate starts afresh, so the compressed 16 MiB block repeats as is."""
    chunk = 1 << 24
    z = zlib.compressobj(9)
    first = z.compress(bytes(chunk)) + z.flush(zlib.Z_FULL_FLUSH)
    again = z.compress(bytes(chunk)) + z.flush(zlib.Z_FULL_FLUSH)
    adler = (size % 65521) << 16 | 1  # Adler-32 of zeros: a stays 1, b counts the bytes
    return first + again * (size // chunk - 1) + b"\x03\x00" + adler.to_bytes(4, "big")


def bomb_pdf(size: int = 3 << 29) -> bytes:
    """A page whose content stream inflates to `size` bytes (default 1.5 GiB) from ~1.5 MB."""
    return pdf_file(one_page(b"[0 0 612 792]", deflated_zeros(size), b"/Filter /FlateDecode "))


def test_the_bomb_is_what_it_claims():
    data = deflated_zeros(1 << 28)
    assert len(data) < 300_000 and len(zlib.decompress(data)) == 1 << 28


@pytest.fixture
def pathological(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEED, raw / GOOD)
    (raw / "loop.pdf").write_bytes(self_referencing_pdf())
    (raw / "bomb.pdf").write_bytes(bomb_pdf())
    return raw


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_looping_pdf_and_a_bomb_are_named_and_the_good_text_loads(
    pathological: Path, tmp_path: Path, capsys, workers: str
):
    out = tmp_path / "out"
    start = time.monotonic()
    assert main(["run", "--raw", str(pathological), "--out", str(out), "--workers", workers]) == 2
    assert time.monotonic() - start < 60
    assert records(out, "select document_id, message from problems where severity = 'error' order by 1") == [
        (
            "bomb",
            "bomb.pdf: not a readable PDF: a compressed stream (at byte 260) inflates to more than 512 MB:"
            " a decompression bomb, not read",
        ),
        ("loop", "loop.pdf: not a readable PDF: object 5 0 R refers to itself"),
    ]
    assert records(out, "select count(*) > 50 from measures where document_id = 'mito'") == [(True,)]
    err = capsys.readouterr().err
    assert "loop.pdf: not a readable PDF" in err and "bomb.pdf: not a readable PDF" in err


@pytest.mark.parametrize(
    ("engine", "timeout", "bomb", "loop"),
    [
        # pdfminer loops on the self-reference and raises MemoryError on the bomb
        (
            "pdfplumber",
            "12",
            "needed more than 768 MB of memory (--max-memory)",
            "took longer than 12 s (--timeout)",
        ),
        # pdfium reads the loop (an empty page) and aborts on the bomb where Python would raise
        (
            "pdfium",
            "50",  # only the bomb: time for it to reach the memory limit on a busy machine
            "its worker process aborted, most likely needed more than 768 MB of memory (--max-memory)",
            None,
        ),
    ],
)
def test_without_the_checks_the_time_and_memory_limits_stop_them(
    pathological: Path, tmp_path: Path, monkeypatch, engine, timeout, bomb, loop
):
    """What the byte checks miss, the worker limits catch: the same files, the checks turned off."""
    import pipeline.read

    monkeypatch.setattr(pipeline.read, "reference_loop", lambda data: None)
    monkeypatch.setattr(pipeline.read, "inflation_bomb", lambda data, limit: None)
    out = tmp_path / "out"
    start = time.monotonic()
    argv = ["run", "--raw", str(pathological), "--out", str(out), "--workers", "2", "--timeout", timeout]
    assert main([*argv, "--max-memory", "768", "--pdf-engine", engine]) == 2
    assert time.monotonic() - start < 90
    errors = [("bomb", "process", f"bomb.pdf: {bomb}")] + (
        [("loop", "process", f"loop.pdf: {loop}")] if loop else []
    )
    assert (
        records(out, "select document_id, stage, message from problems where severity = 'error' order by 1")
        == errors
    )
    assert records(out, "select count(*) > 50 from measures where document_id = 'mito'") == [(True,)]


# ---- 6: true statuses -------------------------------------------------------------------------

BINARIES = {
    "nul.txt": b"\x00\x01binary" * 100,
    "elf.txt": b"\x7fELF\x02\x01\x01" + bytes(200) + b"text",
    "zeros.txt": bytes(4096),
    "controls.txt": bytes(range(1, 32)) * 50,
}


def test_a_binary_file_is_an_error_not_warnings(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, data in BINARIES.items():
        (raw / name).write_bytes(data)
    shutil.copy(RAW / SEED, raw / GOOD)
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out)]) == 2
    assert records(
        out, "select document_id, severity, stage, message from problems where document_id != 'mito'"
    ) == [
        (Path(name).stem, "error", "read", f"{name}: binary file, not text or PDF")
        for name in sorted(BINARIES)
    ]


def test_control_characters_are_removed_with_a_warning(tmp_path: Path):
    text = (RAW / SEED).read_text(encoding="utf-8").splitlines(keepends=True)
    text[9] = text[9].rstrip("\n") + "\x00\x00\x07\x0c\n"
    text[20] = "\x1b" + text[20]
    path = tmp_path / "mito.txt"
    path.write_text("".join(text), encoding="utf-8")
    report = run([path], tmp_path, tmp_path / "out")
    assert report.results[0].status == "parsed"
    assert (
        "warning",
        "read",
        10,
        "removed 4 control characters (NUL ×2, U+0007, U+001B) that are not text, the first on line 10",
    ) in {(p.severity, p.stage, p.line, p.message) for p in report.results[0].problems}
    con = duckdb.connect(str(tmp_path / "out" / "plans.duckdb"), read_only=True)
    try:
        for table, column in (("measures", "title"), ("measures", "description"), ("terms", "term")):
            bad = con.execute(
                f"select count(*) from {table} where regexp_matches({column}, '[\\x00-\\x08\\x0b-\\x1f]')"
            )
            assert bad.fetchone() == (0,)
    finally:
        con.close()


MANIFEST = (
    "file,municipality_code,prefecture,city,title,doc_kind,status,published,plan_fy_start,plan_fy_end,notes\n"
)
ROW = "mito.txt,08201,茨城県,水戸市,水戸市協働推進基本計画（第3次）,plan,draft,,2024,2028,\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "utf-16"])
def test_the_manifest_is_read_in_what_excel_saves(tmp_path: Path, encoding: str):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEED, raw / GOOD)
    (raw / "manifest.csv").write_bytes((MANIFEST + ROW).replace("\n", "\r\n").encode(encoding))
    report = run([], raw, tmp_path / "out")
    assert [(r.document_id, r.status, r.problems) for r in report.results] == [("mito", "parsed", [])]
    assert records(tmp_path / "out", "select city, title from documents") == [
        ("水戸市", "水戸市協働推進基本計画（第3次）")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x80\x81\xff\xfe\x00" * 50, "the manifest is not text in UTF-8, CP932 or UTF-16"),
        (
            MANIFEST.encode() + b'"' + b"x" * 200_000 + b'"\n',
            "the manifest is not valid CSV (line 2: field larger",
        ),
    ],
)
def test_an_unreadable_manifest_is_a_fatal_error_naming_it(tmp_path: Path, capsys, data: bytes, message: str):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEED, raw / GOOD)
    (raw / "manifest.csv").write_bytes(data)
    assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{raw / 'manifest.csv'}: {message}" in err.replace("\n", "")


def test_a_rerun_reports_stored_errors_and_keeps_exit_status_2(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEED, raw / GOOD)
    (raw / "elf.txt").write_bytes(BINARIES["elf.txt"])
    out = tmp_path / "out"
    assert main(["run", "--raw", str(raw), "--out", str(out)]) == 2
    capsys.readouterr()
    assert main(["run", "--raw", str(raw), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert "error elf: elf.txt: binary file, not text or PDF" in captured.err
    assert "2 documents (2 unchanged), 1 failed;" in captured.out
    report = run([], raw, out)
    assert [(r.status, r.failed) for r in report.results] == [("unchanged", True), ("unchanged", False)]


def test_markup_in_printed_values_is_shown_as_is(tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEED, raw / "[red]x[-x].txt")
    (raw / "[bold]e.txt").write_bytes(b"")
    (raw / "manifest.csv").write_text(
        MANIFEST
        + "[red]x[-x].txt,08201,茨城県,水戸市,[/x] [bold]title,plan,draft,,2024,2028,\n"
        + "[bold]e.txt,08201,茨城県,[/x],[/x],[/x],draft,,2024,2028,\n",
        encoding="utf-8",
    )
    assert main(["run", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 2
    captured = capsys.readouterr()
    # The unsafe file stems become sanitized ids (`bold_e-…`); the printed values stay as printed.
    assert "(line 3): manifest line 3: doc_kind '[/x]' is not one of" in captured.err
    assert ": [bold]e.txt: the file is empty" in captured.err


def test_every_problem_says_where_when_it_is_known(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RAW / SEED, raw / GOOD)
    (raw / "manifest.csv").write_text(MANIFEST + ROW.replace("08201", "8201", 1), encoding="utf-8")
    report = run([], raw, tmp_path / "out")
    assert [(p.stage, p.line) for p in report.results[0].problems] == [("manifest", 2)]
