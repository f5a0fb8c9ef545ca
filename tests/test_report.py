"""`plans report`: one self-contained HTML file whose Japanese renders without system fonts."""

import base64
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from pipeline.cli import main
from pipeline.query.connect import open_database
from pipeline.query.report import render_report

CITIES = ["日立市", "水戸市", "一関市", "鶴岡市", "那須塩原市"]
CHROMIUM = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)
FONT_DATA = re.compile(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)")


@pytest.fixture(scope="module")
def report(tmp_path_factory, seed_db) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--db", str(seed_db), "--out", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def page(report) -> str:
    return report.read_text(encoding="utf-8")


def test_report_is_self_contained(page):
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert not re.search(r"(?:src|href)=\"?(?:https?:)?//", page)  # nothing to fetch
    assert not re.search(r"url\((?!data:)", page)
    assert len(FONT_DATA.findall(page)) == 1


def test_report_shows_every_city_and_section(page):
    for city in CITIES:
        assert page.count(city) >= 3, city  # plans table, heatmap, timelines (and more)
    for heading in (
        "対象の計画",
        "テーマ別の取組数",
        "年度別の取組",
        "指標：現状 → 目標",
        "取組の多い担当課",
    ):
        assert heading in page
    assert "自主防災組織の世帯カバー率" in page  # an indicator
    assert "コミュニティ推進課" in page  # a department
    assert "<svg" in page


def test_embedded_font_covers_every_character_of_the_page(page):
    font = TTFont(io.BytesIO(base64.b64decode(FONT_DATA.search(page).group(1))))
    cmap = font.getBestCmap()
    text = FONT_DATA.sub("", page)
    missing = sorted({c for c in text if not c.isspace() and ord(c) not in cmap})
    assert missing == []
    assert font["name"].getDebugName(1).startswith("IPAexGothic")
    assert len(cmap) < 2000  # a subset, not the whole font


def test_report_is_deterministic(seed_db, page):
    con = open_database(seed_db)
    try:
        assert render_report(con) == page
    finally:
        con.close()


def test_report_without_a_database_is_a_clear_error(tmp_path, capsys):
    assert main(["report", "--db", str(tmp_path / "none.duckdb"), "--out", str(tmp_path / "r.html")]) == 1
    assert "run `plans run`" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def _chromium(*args: str, cwd: Path) -> None:
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-extensions",
            f"--user-data-dir={cwd / 'profile'}",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=120,
    )


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary on PATH")
def test_report_renders_in_headless_chromium(report, tmp_path):
    """One headless run renders a PNG (kept beside the report, to look at) and a PDF, whose text and fonts we read."""
    png, pdf = report.with_suffix(".png"), tmp_path / "report.pdf"
    _chromium(
        f"--screenshot={png}",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        "--window-size=1200,1600",
        report.as_uri(),
        cwd=tmp_path,
    )
    import matplotlib.image as mpimg

    pixels = mpimg.imread(png)
    assert pixels.shape[:2] == (1600, 1200)
    assert 0.01 < (pixels[..., :3].mean(axis=2) < 0.5).mean() < 0.5  # text and charts, not a blank page

    import pdfplumber

    with pdfplumber.open(pdf) as doc:  # the first pages hold every city (plans table, heatmap)
        chars = [c for p in doc.pages[:2] for c in p.chars]
        text = "".join(p.extract_text() or "" for p in doc.pages[:2])
    for city in CITIES:
        assert city in text
    japanese = [c for c in chars if ord(c["text"][0]) > 0x2000]
    assert japanese
    assert {c["fontname"].split("+")[-1] for c in japanese} == {"IPAexGothic"}  # no fallback font, no tofu
