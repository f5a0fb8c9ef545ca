"""Real municipal PDFs (`shared/real/`, beside the repository; never copied into it) read right.

What is checked is what a reader sees on the pages (ground truth: the project's notes
on these files): table cells of ruled project tables, wrapped cells read whole,
overprinted (fake-bold) headlines once, white and covered text not read, letter-spaced
names without spaces. The folder is looked for as `shared/real` beside the repository
or beside any folder above it (a worktree in `/work/wt/x` finds `/work/shared/real`),
or at `$PLANS_REAL_DIR`; the tests skip when it is absent.
"""

from __future__ import annotations

import re

import pytest

from pipeline.model.ir import Block, Document
from pipeline.normalize.text import clean
from tests.conftest import NO_REAL, real_dir

pytestmark = pytest.mark.slow


REAL = real_dir()
if REAL is None:
    pytest.skip(NO_REAL, allow_module_level=True)

FILES = {
    "sogo": "01470_otoineppu_sogo_senryaku.pdf",
    "kodo": "01470_otoineppu_tokutei_jigyonushi_kodo_keikaku.pdf",
    "nankoku": "39204_nankoku_r8_budget_main_projects.pdf",
    "nobeoka": "45203_nobeoka_r8_june_hosei_yosan.pdf",
    "takamatsu": "37201_takamatsu_r7_shimin_manzokudo.pdf",
}


@pytest.fixture(scope="session")
def real_docs() -> dict[str, Document]:
    """Each real PDF read once for the session."""
    from pipeline.read.pdf import read_pdf

    docs = {}
    for key, name in FILES.items():
        path = REAL / name
        if path.exists():
            docs[key] = read_pdf(path, path.read_bytes())
    return docs


def doc(real_docs, key: str) -> Document:
    if key not in real_docs:
        pytest.skip(f"{FILES[key]} is not in {REAL}")
    return real_docs[key]


def tables(document: Document, page: int) -> list[Block]:
    return [b for b in document.blocks if b.kind == "table" and b.page == page]


def page_text(document: Document, page: int) -> str:
    """Everything read on a page: text blocks and table cells."""
    parts = []
    for b in document.blocks:
        if b.page == page:
            parts.append(b.raw)
            parts.extend(c.raw for r in b.rows for c in r.cells)
    return "\n".join(parts)


def row_of(table: Block, first: str) -> list[str]:
    return next([c.raw for c in r.cells] for r in table.rows if r.cells and r.cells[0].raw == first)


def test_nankoku_project_table_header_and_wrapped_cells(real_docs):
    (table,) = tables(doc(real_docs, "nankoku"), 14)
    header = [clean(c.raw) for c in table.rows[0].cells]
    assert header[:7] == [
        "番号",
        "主管課",
        "款項目",
        "事業名",
        "R8年度当初予算額",
        "R7年度当初予算額",
        "増減",
    ]
    assert clean(table.rows[0].cells[-1].raw) == "主な事業内容"
    assert [c.raw for c in table.rows[1].cells][7:12] == ["国", "県", "地方債", "その他", "一般財源"]
    assert row_of(table, "1")[:7] == [
        "1", "情報政策課", "２．１．１", "電子自治体推進事業費", "375,206", "457,868", "△82,662",
    ]  # fmt: skip
    # Wrapped cells read whole: 主管課 `こども家庭↵　　　センター`, 事業名 `…セン↵ター事業費`.
    row9 = row_of(table, "9")
    assert row9[1:4] == ["こども家庭センター", "３．２．１", "子育て世代包括支援センター事業費"]
    assert row9[11] == "4,099"
    assert row_of(table, "5")[3] == "コミュニティバス等運行事業費"


def test_nobeoka_department_in_the_project_name_cell_without_the_white_digit(real_docs):
    document = doc(real_docs, "nobeoka")
    table = tables(document, 5)[-2]  # 【一般会計】 (the first is the 【企業会計】 heading row)
    names = [r.cells[3].raw for r in table.rows[2:] if r.cells[0].raw.isdigit()]
    assert names[0].split("\n")[-1] == "【総務課】"
    assert clean(names[0]) == "私立学校等給食等支援金給付事業【総務課】"
    assert "指定ごみ袋等作製管理事業\n【資源対策課】" in names  # not `…\n1-1\n【資源対策課】`
    for name in names:
        assert not re.search(r"\s[\d-]+(\n|$)", name), name
    # p.1: the date typed in white is not read; the warning names the page and the count.
    assert "財政課作成" not in page_text(document, 1)
    assert any(p[2] == 1 and "14 invisible characters" in p[1] for p in document.problems)


def test_sogo_senryaku_overprinted_headlines_read_once(real_docs):
    document = doc(real_docs, "sogo")
    assert "高校の入学者数４０人（2014年度）→年４０人（2019年度）" in page_text(document, 11)
    overview = tables(document, 10)
    cells = [c.raw for t in overview for r in t.rows for c in r.cells]
    assert any(c.startswith("２．卒業生のための雇用の場の創出\n") for c in cells), cells
    for page in range(10, 17):
        text = page_text(document, page)
        assert "創創" not in text and "重重" not in text
        assert not re.search(r"([^\d\s０-９・－])\1\1", text), page  # no character 3× or 4× in a row
    kpi = tables(document, 11)[0]
    assert [c.raw for c in kpi.rows[0].cells] == [
        "重要業績評価指標\n（ＫＰＩ）",
        "現状値\n（2014年度）",
        "目標値\n（2019年度）",
    ]
    # White text on coloured fills (banners, KPI headers) is visible: nothing was dropped.
    assert not [p for p in document.problems if "invisible" in p[1]]


def test_kodo_keikaku_letter_spaced_names_joined(real_docs):
    document = doc(real_docs, "kodo")
    (table,) = tables(document, 3)
    actors = [r.cells[-1].raw for r in table.rows[1:]]
    assert actors[0].split("\n") == ["総務課長", "所属長"]
    assert all("所 属 長" not in a for a in actors)
    assert sum(a.split("\n").count("所属長") for a in actors) >= 3


def test_takamatsu_hidden_paragraph_under_the_figure_is_read_once(real_docs):
    document = doc(real_docs, "takamatsu")
    text = page_text(document, 21)
    assert text.count("散布図を作成") == 1
    assert any(p[2] == 21 and "invisible" in p[1] for p in document.problems)
