"""The committed PDF fixtures are what `tools/make_pdfs.py` renders from the seeds today."""

from __future__ import annotations

import csv

import pytest

from tests.conftest import RAW, ROOT
from tests.test_read_pdf import FIXTURES, STYLES, generator

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out


def test_fixtures_are_up_to_date(capsys):
    pytest.importorskip("reportlab")
    pytest.importorskip("matplotlib_fontja")
    pytest.importorskip("fontTools")
    assert generator().main(["--check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("style", STYLES)
def test_fixture_manifests_list_the_seeds_as_pdfs(style):
    def rows(path):
        with path.open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    seeds, pdfs = rows(RAW / "manifest.csv"), rows(FIXTURES / style / "manifest.csv")
    assert [r["file"].removesuffix(".txt") + ".pdf" for r in seeds] == [r["file"] for r in pdfs]
    assert [{k: v for k, v in r.items() if k != "file"} for r in seeds] == [
        {k: v for k, v in r.items() if k != "file"} for r in pdfs
    ]
    for row in pdfs:
        path = FIXTURES / style / row["file"]
        assert path.read_bytes()[:5] == b"%PDF-"
        assert path.stat().st_size < 300 * 1024, f"{path.relative_to(ROOT)} is over 300 KB"
