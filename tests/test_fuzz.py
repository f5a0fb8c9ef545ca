"""Property-based tests: random and mutated input gives records or problems, never an exception."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.app.process import process_document
from pipeline.ingest.manifest import Entry
from pipeline.normalize.departments import parse_departments
from pipeline.normalize.eras import parse_fy, parse_fy_range
from pipeline.normalize.numbers import parse_quantity
from pipeline.normalize.text import circled_numbers, clean, nfkc
from pipeline.read.text import decode
from tests.conftest import RAW, extract_text

pytestmark = pytest.mark.slow  # end-to-end, PDF or scale: `make test-fast` leaves it out

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters that matter to the rules: digits in both widths, eras, brackets, bullets, marks.
JAPANESE = st.sampled_from(
    list("0123456789０１２３４５６７８９令和平成元年度～~-‐→、。・◆○●◎※①②③⑤⑳（）()【】「」 \t課室部局")
    + [
        "令和",
        "平成",
        "R",
        "No.",
        "事業",
        "基本方針",
        "基本施策",
        "推進事項",
        "指標",
        "目標",
        "現状",
        "%",
        "人",
        "件",
    ]
)
TEXT = st.one_of(st.text(max_size=60), st.lists(JAPANESE, max_size=25).map("".join))
SEEDS = sorted(RAW.glob("*.txt"))


@FUZZ
@given(TEXT)
def test_text_normalizers_never_raise(text):
    assert isinstance(nfkc(text), str)
    cleaned = clean(text)
    assert clean(cleaned) == cleaned  # the normal form is stable
    assert all(1 <= n <= 35 for n in circled_numbers(text))


@FUZZ
@given(TEXT, st.sampled_from([None, "令和", "平成"]))
def test_year_parsers_return_a_year_or_none(text, era):
    year = parse_fy(text, era)
    assert year is None or isinstance(year, int)
    for value in parse_fy_range(text, era):  # an open range (`~令和8年度`) has one side None
        assert value is None or isinstance(value, int)


@FUZZ
@given(TEXT)
def test_quantities_and_departments_never_raise(text):
    q = parse_quantity(text)
    assert q.value is None or isinstance(q.value, float)
    for d in parse_departments(text):
        assert d.department


@FUZZ
@given(st.binary(max_size=400))
def test_decoding_any_bytes_never_raises(data):
    text, encoding = decode(data)
    assert isinstance(text, str) and encoding


@FUZZ
@given(st.lists(st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=6).map("\t".join)), max_size=30))
def test_reader_and_segmentation_never_raise(lines):
    name, ext = extract_text(lines, "fuzz")
    assert name.endswith("% of blocks)")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    seed=st.sampled_from(SEEDS),
    cuts=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 40), TEXT), min_size=1, max_size=6),
)
def test_mutated_seed_documents_give_records_or_problems(tmp_path_factory, seed: Path, cuts):
    """Delete stretches of a real document and insert noise: segmenters must cope."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    for at, length, noise in cuts:
        at %= max(len(lines), 1)
        lines[at : at + length] = [noise]
    path = tmp_path_factory.mktemp("fuzz") / seed.name
    path.write_text("\n".join(lines), encoding="utf-8")
    result = process_document(path, Entry(file=seed.name, document_id=seed.stem, municipality_code="99999"))
    crashes = [p.message for p in result.problems if p.stage == "segment" and p.severity == "error"]
    assert crashes == []
