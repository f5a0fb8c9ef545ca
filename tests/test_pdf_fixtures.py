"""The committed PDF fixtures are what `tools/make_pdfs.py` renders from the seeds today."""

from __future__ import annotations

import csv
import sys

import pytest

from tests.conftest import PDF_PRODUCERS, RAW, ROOT
from tests.test_read_pdf import FIXTURES, STYLES, generator

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out


def test_fixtures_are_up_to_date(capsys):
    pytest.importorskip("reportlab")
    pytest.importorskip("matplotlib_fontja")
    pytest.importorskip("fontTools")
    assert generator().main(["--check"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("style", STYLES)
def test_fixture_manifests_list_the_seeds_as_pdfs(style, largest_kb=300):
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
        assert path.stat().st_size < largest_kb * 1024, f"{path.relative_to(ROOT)} is over {largest_kb} KB"


def producers_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("render_producers", ROOT / "tools" / "render_producers.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("producer", PDF_PRODUCERS)
def test_producer_fixtures_list_the_seeds_and_stay_small(producer):
    # Typst embeds a larger font subset: its 33-page 日立市 plan is ~440 KB
    test_fixture_manifests_list_the_seeds_as_pdfs(producer, largest_kb=500)
    total = sum(p.stat().st_size for p in (FIXTURES / producer).glob("*.pdf"))
    assert total < 1500 * 1024


@pytest.mark.parametrize("producer", PDF_PRODUCERS)
def test_producer_fixtures_are_up_to_date(producer, capsys):
    tool = producers_tool()
    if not tool.available(producer):
        pytest.skip(f"{producer} is not installed (a dev-only fixture producer)")
    assert tool.main(["--only", producer, "--check"]) == 0, capsys.readouterr().err
