"""The vocabulary: header words → column roles, heading words → tiers, sheet labels, grades,
novelty marks; and a bad vocabulary file is an error that names its key."""

from __future__ import annotations

import copy
import tomllib
from importlib import resources

import pytest

from pipeline.errors import InvalidInput
from pipeline.segment.vocabulary import load_vocabulary, parse_vocabulary

VOCAB = load_vocabulary()


ROLES = [
    ("事業名", "name"),
    ("施策名", "name"),
    ("主な取組", "name"),
    ("取組の内容", "content"),
    ("事業の概要", "content"),
    ("担当課名", "department"),
    ("主管課", "department"),
    ("所管区局・課", "department"),
    ("担当部署", "department"),
    ("所管課等", "department"),
    ("関係課", "department"),
    ("現状値（令和5年度）", "baseline"),
    ("基準値(H30)", "baseline"),
    ("目標値(R12)", "target"),
    ("目標（令和12年度）", "target"),
    ("実績値（令和6年度）", "actual"),
    ("重要業績評価指標（ＫＰＩ）", "indicator"),
    ("ＫＰＩ", "indicator"),
    ("指標名", "indicator"),
    ("単位", "unit"),
    ("No.", "code"),
    ("事業番号", "code"),
    ("新規", "novelty"),
    ("新規・継続", "novelty"),
    ("実施年度", "period"),
    ("計画期間", "period"),
    ("評価", "grade"),
    ("進捗状況", "grade"),
    ("推進者", "actor"),
    ("実施主体", "actor"),
    ("備考", "note"),
    ("事業の評価", "grade"),  # not a name although it prints 事業
    ("協働の相手①～⑦", "partner"),
    ("連携先", "partner"),
    ("効果、理由（問題点）", "summary"),
    ("取組の成果", "summary"),
    ("令和7年度", None),
    ("ページ", None),
    ("", None),
]


@pytest.mark.parametrize(("header", "role"), ROLES)
def test_role_of(header, role):
    assert VOCAB.role_of(header) == role


@pytest.mark.parametrize(
    ("header", "fit"),
    [("担当課名", 3), ("現状値（令和5年度）", 2), ("具体的な取組内容", 2), ("ページ", 0)],
)
def test_role_fit(header, fit):
    assert VOCAB.role_fit(header) == fit


TIERS = [
    ("基本目標", "goal"),
    ("政策", "goal"),
    ("重点プロジェクト", "goal"),
    ("章", "goal"),
    ("施策", "measure"),
    ("基本施策", "measure"),
    ("施策の方向", "measure"),
    ("方針", "measure"),
    ("事業", "action"),
    ("取組", "action"),
    ("推進事項", "action"),
    ("目標値", None),  # tiers match whole words only
    ("基本目標1", None),
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("word", "tier"), TIERS)
def test_tier_of(word, tier):
    assert VOCAB.tier_of(word) == tier


LABELS = [
    ("事業名", "name"),
    ("事業名※再掲", "name"),
    ("所管課", "department"),
    ("担当課名", "department"),
    ("【担当課】", "department"),
    ("担当課（関係課）", "department"),
    ("実施期間（予定期間）", "period"),
    ("年度計画", "period"),
    ("評価", "grade"),
    ("区分", "novelty"),
    ("No.", "code"),
    ("事業の目的", "content"),
    ("取組内容", "content"),
    ("備考", None),
    # an evaluation sheet's labels, with a year or an original header around them
    ("令和5年度 事業の評価", "grade"),
    ("基準値（R3)", "baseline"),
    ("策定時", "baseline"),
    ("目標値（R9)", "target"),
    ("実績値", "actual"),
    ("現状値（R5)", "current"),
    ("協働の相手", "partner"),
    ("連携先", "partner"),
    ("効果、理由（問題点）", "summary"),
    ("成果", "summary"),
    ("今後の課題", "problems"),
    ("指標", "indicator"),
]


@pytest.mark.parametrize(("label", "field"), LABELS)
def test_label_of(label, field):
    assert VOCAB.label_of(label) == field


GRADES = [
    ("A", ("A", "A")),
    ("S", ("S", "S")),
    ("E", ("E", "E")),
    ("c", ("C", "c")),
    ("【A】", ("A", "A")),
    ("（B）", ("B", "B")),
    ("◎", ("A", "◎")),
    ("○", ("B", "○")),
    ("×", ("D", "×")),
    ("概ね達成", ("B", "概ね達成")),
    ("未達成", ("D", "未達成")),
    ("やや遅れ", ("C", "やや遅れ")),
    ("一部実施", (None, "一部実施")),  # a status, not a grade: a letter only from the document's legend
    ("実施済み", None),
    ("順調に推移していない", ("C", "順調に推移していない")),
    ("未着手", ("D", "未着手")),
    ("F", None),
    ("AB", None),
    ("良好", None),
    ("", None),
    ("B.順調に推移していない", ("B", "B.順調に推移していない")),
    ("Ｂ：概ね順調", ("B", "B:概ね順調")),
]


@pytest.mark.parametrize(("printed", "grade"), GRADES)
def test_grade_of(printed, grade):
    assert VOCAB.grade_of(printed) == grade


NOVELTY = [
    ("新規", "new"),
    ("新", "new"),
    ("【新】", "new"),
    ("(拡)", "expanded"),
    ("拡充", "expanded"),
    ("継続事業", "continued"),
    ("継", "continued"),
    ("再掲", None),
    ("重点", None),
    ("○", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "novelty"), NOVELTY)
def test_novelty_of(text, novelty):
    assert VOCAB.novelty_of(text) == novelty


def _packaged() -> dict:
    with resources.files("pipeline.data").joinpath("vocabulary.toml").open("rb") as f:
        return tomllib.load(f)


def _set(path: str, value):
    def change(data: dict) -> None:
        *parents, last = path.split(".")
        for p in parents:
            data = data[p]
        data[last] = value

    return change


INVALID = [
    (_set("colour", ["赤"]), "vocabulary: colour: Extra inputs are not permitted"),
    (_set("roles.owner", ["所有者"]), "vocabulary: roles.owner: Extra inputs are not permitted"),
    (_set("sheet_labels.note", ["備考"]), "vocabulary: sheet_labels.note: Extra inputs are not permitted"),
    (_set("roles.unit", []), "vocabulary: roles.unit: Value error, needs at least one word"),
    (_set("tiers.goal", []), "vocabulary: tiers.goal: Value error, needs at least one word"),
    (_set("action_labels", []), "vocabulary: action_labels: Value error, needs at least one word"),
    (_set("marks.new", ["  "]), "vocabulary: marks.new: Value error, needs at least one word"),
    (_set("bullets", []), "vocabulary: bullets: Value error, bullets are one or two characters each"),
    (
        _set("bullets", ["・", "長い印"]),
        "vocabulary: bullets: Value error, bullets are one or two characters each",
    ),
    (
        lambda d: d["grades"].append({"marks": []}),
        "vocabulary: grades.6.marks: Value error, needs at least one word",
    ),
    (lambda d: d.pop("phases"), "vocabulary: phases: Field required"),
]


@pytest.mark.parametrize(("change", "message"), INVALID)
def test_invalid_vocabulary_names_its_key(change, message):
    data = copy.deepcopy(_packaged())
    change(data)
    with pytest.raises(InvalidInput) as exc:
        parse_vocabulary(data)
    assert str(exc.value) == message


def test_packaged_vocabulary_is_valid_and_normalized():
    vocab = parse_vocabulary(_packaged())
    assert vocab == VOCAB
    assert "KPI" in vocab.roles.indicator  # words in matching form
    assert "所管区局・課" in vocab.roles.department
