"""Pathological input: bounded time and memory per document, honest statuses, the run goes on."""

import time
from pathlib import Path

import pytest

from pipeline.normalize.text import clean, nfkc
from pipeline.normalize.tokenize import pieces, terms, tokenize
from pipeline.read import read_document
from pipeline.read.cells import cell_lines

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
