"""The local government code table: names on covers, unlisted documents, manifest codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.app.run import run
from pipeline.ingest.cover import detect_entry
from pipeline.ingest.manifest import Entry, municipality_problems
from pipeline.ingest.municipalities import by_code, match_name, table, table_version
from pipeline.model.ir import Block, Document
from pipeline.store.database import connect_readonly
from tests.conftest import RAW


def test_the_table_covers_every_municipality_and_the_wards():
    t = table()
    plain = [m for m in t.by_code.values() if not m.ward_of]
    wards = [m for m in t.by_code.values() if m.ward_of]
    assert len(plain) == 1741  # 792 市, 743 町, 183 村 and the 23 special wards
    assert sum(m.name.endswith("区") for m in plain) == 23
    assert len(wards) >= 170  # the wards of the 20 designated cities
    assert by_code("08202").name == "日立市" and by_code("082023").name == "日立市"  # 6 digits: check digit
    assert by_code("14117").name == "横浜市青葉区" and by_code("14117").ward_of == "横浜市"
    assert by_code("08202").reading == "ひたちし"
    assert table_version().startswith("japancode ")


@pytest.mark.parametrize(
    ("line", "name", "prefecture", "codes"),
    [
        ("さくら市総合計画", "さくら市", None, ["09214"]),
        ("つくば市協働のまちづくり指針", "つくば市", None, ["08220"]),
        ("世田谷区地域行政推進計画", "世田谷区", None, ["13112"]),
        ("横浜市青葉区区民活動推進計画", "横浜市青葉区", None, ["14117"]),
        ("横浜市市民協働推進計画", "横浜市", None, ["14100"]),
        ("大洗町まちづくり計画", "大洗町", None, ["08309"]),
        ("檜原村地域福祉計画", "檜原村", None, ["13307"]),
        ("千葉県佐倉市協働のまちづくり計画", "佐倉市", "千葉県", ["12212"]),
        ("第3次水戸市協働推進基本計画", "水戸市", None, ["08201"]),
        ("第２期 一関市協働推進計画", "一関市", None, ["03209"]),
        ("一 関 市", "一関市", None, ["03209"]),
        ("市川三郷町総合計画", "市川三郷町", None, ["19346"]),
        ("府中市市民協働推進計画", "府中市", None, ["13206", "34208"]),
        ("東京都府中市市民協働推進計画", "府中市", "東京都", ["13206"]),
        ("広島県府中市協働のまちづくり", "府中市", "広島県", ["34208"]),
        ("伊達市総合計画", "伊達市", None, ["01233", "07213"]),
        ("市民協働推進課", None, None, []),
        ("茨城県", None, None, []),
        ("計画の概要", None, None, []),
    ],
)
def test_names_read_at_the_start_of_a_line(line, name, prefecture, codes):
    found = match_name(line)
    if name is None:
        assert found is None
    else:
        assert (found.name, found.prefecture, [m.code for m in found.candidates]) == (name, prefecture, codes)


def cover(*lines: str) -> Document:
    return Document(
        path="x.txt",
        format="text",
        blocks=[Block(kind="text", raw=t, line=i + 1) for i, t in enumerate(lines)],
    )


@pytest.mark.parametrize(
    ("lines", "file", "expected", "note"),
    [
        (
            ("千葉県佐倉市協働のまちづくり計画",),
            "a.txt",
            ("12212", "千葉県", "佐倉市"),
            "千葉県 佐倉市 (12212)",
        ),
        (
            ("府中市市民協働推進計画", "東京都"),
            "a.txt",
            ("13206", "東京都", "府中市"),
            "printed on the cover",
        ),
        (("伊達市総合計画",), "a.txt", (None, None, "伊達市"), "01233, 福島県 07213"),
        (("第3次水戸市協働推進基本計画",), "a.txt", ("08201", "茨城県", "水戸市"), "水戸市 (08201)"),
        (("活動報告",), "09213_x.txt", ("09213", "栃木県", "那須塩原市"), "file name starts with"),
        (("活動報告",), "a.txt", (None, None, None), "no municipality"),
    ],
)
def test_detection_from_cover_says_what_was_inferred(lines, file, expected, note):
    entry, found = detect_entry(cover(*lines), Entry(file=file, document_id="a", in_manifest=False))
    assert (entry.municipality_code, entry.prefecture, entry.city) == expected
    assert note in found


@pytest.mark.slow
def test_unlisted_seed_copies_get_their_municipality_code(tmp_path: Path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for path in RAW.glob("*.txt"):
        shutil.copy(path, raw / path.name)
    report = run([], raw, tmp_path / "out")
    assert report.exit_code == 0
    con = connect_readonly(tmp_path / "out" / "plans.duckdb")
    try:
        rows = con.execute("select municipality_code, prefecture, city from documents order by 1").fetchall()
        keys = {r[0] for r in con.execute("select plan_key from plans").fetchall()}
    finally:
        con.close()
    assert rows == [
        ("03209", "岩手県", "一関市"),
        ("06203", "山形県", "鶴岡市"),
        ("08201", "茨城県", "水戸市"),
        ("08202", "茨城県", "日立市"),
        ("09213", "栃木県", "那須塩原市"),
    ]
    assert not any(k.startswith("00000") for k in keys)
    notes = [p.message for r in report.results for p in r.problems]
    assert any("岩手県 一関市 (03209) from the cover line" in n for n in notes)


@pytest.mark.parametrize(
    ("row", "errors", "warning"),
    [
        ({"municipality_code": "08201", "city": "水戸市", "prefecture": "茨城県"}, [], None),
        ({"municipality_code": "082015", "city": "水戸市"}, [], None),
        ({"municipality_code": "14117", "city": "横浜市"}, [], None),  # a ward of the city
        (
            {"municipality_code": "08201", "city": "日立市"},
            [],
            "is 茨城県水戸市, not the row's city 日立市 (茨城県日立市 08202)",
        ),
        ({"municipality_code": "08201", "prefecture": "栃木県"}, [], "not in the row's prefecture 栃木県"),
        (
            {"municipality_code": "99999", "city": "某市"},
            ["'99999' is not in the local government code table"],
            None,
        ),
        ({"municipality_code": "8201"}, [], None),  # malformed: row_errors says so
    ],
)
def test_manifest_codes_are_checked_against_the_table(row, errors, warning):
    found_errors, warnings = municipality_problems(row)
    assert len(found_errors) == len(errors) and all(e in f for e, f in zip(errors, found_errors, strict=True))
    assert (warning is None and not warnings) or (warning and warning in warnings[0])
