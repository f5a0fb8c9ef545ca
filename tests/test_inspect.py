"""`plans inspect`: block by block, which recognizer claimed each block and why, and the unclaimed blocks."""

from __future__ import annotations

import io

from rich.console import Console

from pipeline.app.inspect import inspect_document
from pipeline.cli import main

DOCUMENT = """地域安全推進計画
はじめに、本市の取組を示します。
基本目標1 安心のまち
施策1-1 防災力の強化
＜主な取組＞
・防災訓練の実施（担当：危機管理課）
事業名\t担当課
備蓄の充実\t防災課

地区\t人口
北地区\t1,200
"""


def _render(path) -> list[str]:
    console = Console(file=io.StringIO(), width=400, record=True, color_system=None)
    for renderable in inspect_document(path):
        console.print(renderable)
    return [" ".join(line.replace("│", " ").split()) for line in console.export_text().splitlines()]


def test_each_block_with_its_recognizer_and_reason(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    lines = _render(path)
    start = lines.index("blocks (first 12) and their claims")
    rows = [line for line in lines[start:] if line[:1].isdigit()][:8]
    assert rows == [
        "0 l.1 text 地域安全推進計画 - no recognizer claimed it (a paragraph, or a line outside a list)",
        "1 l.2 text はじめに、本市の取組を示します。 - no recognizer claimed it (a paragraph, or a line outside a list)",
        "2 l.3 text 基本目標1 安心のまち headings numbered heading (word:基本目標)",
        "3 l.4 text 施策1-1 防災力の強化 headings numbered heading (word:施策:2)",
        "4 l.5 text ＜主な取組＞ labels label 主な取組 (actions follow)",
        "5 l.6 text ・防災訓練の実施（担当：危機管理課） action_lists bullet ・ with department",
        "6 l.7 table (2 rows) 事業名 | 担当課 items item table: 事業名→name, 担当課→department",
        "7 l.10 table (2 rows) 地区 | 人口 - a table no recognizer reads (no name or indicator column "
        "(no known header words)); header: 地区 | 人口",
    ]
    unclaimed = lines.index("unclaimed blocks (3, first 12)")
    assert [line.split(" ", 1)[0] for line in lines[unclaimed:] if line[:1].isdigit()][:3] == ["0", "1", "7"]
    assert any(
        line.startswith("layout: headings+labels+action_lists+items (62% of blocks)") for line in lines
    )


def test_a_document_fully_claimed_has_no_unclaimed_blocks(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text("基本目標1 安心のまち\n事業名\t担当課\n防災訓練\t危機管理課\n", encoding="utf-8")
    lines = _render(path)
    assert "unclaimed blocks: none" in lines


def test_cli_inspect_prints_the_claims(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(DOCUMENT, encoding="utf-8")
    assert main(["inspect", str(path), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "blocks (first 3) and their claims" in out and "unclaimed blocks (3, first 3)" in out
    assert "headings" in out
