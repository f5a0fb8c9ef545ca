"""Bad PDFs: each is named with what is wrong, and a good document beside them still loads."""

import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import PDF_FIXTURES
from tests.test_failures import MANIFEST_HEADER, records

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out

GOOD = "06203_tsuruoka_community_policy_review.pdf"
reportlab = pytest.importorskip("reportlab")


def encrypted(path: Path, user_password: str) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption(user_password, ownerPassword="owner"))
    c.drawString(72, 760, "Plan 2024")
    c.save()


def scanned(path: Path) -> None:
    """A page with an image and no text layer."""
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.rect(72, 400, 300, 300, fill=1)
    c.save()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PDF_FIXTURES / "grid" / GOOD, raw / GOOD)
    good = (PDF_FIXTURES / "grid" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    row = next(line for line in good if line.startswith(GOOD))
    data = (PDF_FIXTURES / "grid" / GOOD).read_bytes()
    (raw / "binary.pdf").write_bytes(b"\x00\x01binary" * 100)
    (raw / "truncated.pdf").write_bytes(data[: len(data) // 2])
    encrypted(raw / "locked.pdf", "secret")
    encrypted(raw / "open.pdf", "")
    scanned(raw / "scan.pdf")
    (raw / "manifest.csv").write_text(MANIFEST_HEADER + row + "\n", encoding="utf-8")
    return raw


def test_bad_pdfs_are_named_and_the_good_one_loads(folder: Path, tmp_path: Path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--raw", str(folder), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    found = {
        (d, s, m)
        for d, s, st, _, m in records(out, "select document_id, severity, stage, line, message from problems")
        if st == "read"
    }
    assert (
        "binary",
        "error",
        "binary.pdf: not a readable PDF (PSSyntaxError: No /Root object! - Is this really a PDF?)",
    ) in found or any(d == "binary" and "not a readable PDF" in m for d, _, m in found)
    assert any(d == "truncated" and s == "error" and "damaged or truncated" in m for d, s, m in found)
    assert (
        "locked",
        "error",
        "locked.pdf: the PDF is encrypted and opens only with a password; an unprotected copy is needed",
    ) in found
    assert ("scan", "error", "no page has a text layer: nothing could be read") in found
    assert not any(d == "open" for d, _, _ in found)  # empty user password: read as is
    assert "locked.pdf: the PDF is encrypted" in err
    assert records(
        out, "select count(*) > 0 from measures where document_id = '06203_tsuruoka_community_policy_review'"
    ) == [(True,)]
    assert records(
        out,
        "select document_id, format, pages from documents where document_id in ('open', 'scan') order by 1",
    ) == [
        ("open", "pdf", 1),
        ("scan", "pdf", 1),
    ]
