"""Characters → visual lines: fake-bold duplicates dropped, runs and spaces from the gaps, superscripts.

How a cell's visual lines are joined back into its text is `cell_text`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pipeline.model.ir import BBox
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings

LINE_BREAK_AFTER = "。"
LINE_BREAK_BEFORE = "◆◇■□●○・※"
_JP = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_WORD_CHAR = re.compile(r"[\u3005\u3006\u3041-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # kana, kanji
_KATAKANA = re.compile(r"[\u30a1-\u30fa\u30fc\uff66-\uff9f]")
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(slots=True)
class Line:
    """One visual line: its characters in reading order and the runs they form."""

    chars: list[dict]
    size: float
    x0: float
    top: float
    x1: float
    bottom: float
    segments: list[list[dict]] = field(default_factory=list)
    page: int = 0
    baseline: float = 0.0  # bottom of the characters of the line's own size (superscripts ignored)
    settings: PdfSettings = DEFAULTS  # how its text is read (spaces, superscripts)
    tracked: set[int] = field(default_factory=set)  # id() of characters after a letter-spacing gap
    distributed: bool = False  # the whole line is letter-spaced (均等割付): a label of its own
    texts: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # text() by separator

    def __post_init__(self) -> None:
        self.tracked = set(self.tracked)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    def text(self, sep: str = " ") -> str:
        """The line's runs joined by `sep` (once per separator: the line is complete when read)."""
        text = self.texts.get(sep)
        if text is None:
            text = self.texts[sep] = sep.join(run_text(seg, self) for seg in self.segments).strip()
        return text


def dedupe_chars(chars: list[dict], tolerance: float = DEFAULTS.dedupe_tolerance) -> list[dict]:
    """Drop characters printed again at (almost) the same place: the same text, font and size.
    The copy kept is marked `overprinted` (a fake-bold impression: `look.py`).

    pdfplumber's `dedupe_chars` rule, in linear time (its version restores the order
    with `list.index`, quadratic on a page of Japanese text).
    """
    kept: list[dict] = []
    # Kept characters (x0, top, char) by what they print, then by cell of a grid twice the tolerance wide: a duplicate
    # within the tolerance lies in the cell or in the neighbouring ones on the sides it is nearer to.
    seen: dict[tuple, dict[tuple[int, int], list[tuple[float, float]]]] = {}
    step = 2 * tolerance
    for c in chars:
        x0, top = c["x0"], c["top"]
        try:
            key = (c["text"], c["upright"], c["fontname"], round(c["size"], 3))
        except KeyError:  # characters made by hand (tests) may leave these out
            key = (c["text"], c.get("upright", True), c.get("fontname"), round(c.get("size", 0), 3))
        cells = seen.get(key)
        fx, fy = x0 / step, top / step
        gx, gy = int(fx // 1), int(fy // 1)
        if cells is None:
            seen[key] = {(gx, gy): [(x0, top, c)]}
            kept.append(c)
            continue
        sx = gx - 1 if fx - gx < 0.5 else gx + 1
        sy = gy - 1 if fy - gy < 0.5 else gy + 1
        duplicate = False
        for cell in ((gx, gy), (sx, gy), (gx, sy), (sx, sy)):
            near = cells.get(cell)
            if near is not None:
                for ox, ot, first in near:
                    if abs(ox - x0) <= tolerance and abs(ot - top) <= tolerance:
                        duplicate = True
                        first["overprinted"] = True  # a fake-bold impression (`look.py`)
                        break
                if duplicate:
                    break
        if not duplicate:
            cells.setdefault((gx, gy), []).append((x0, top, c))
            kept.append(c)
    return kept


_SUBSET = re.compile(r"^[A-Z]{6}\+")  # an embedded subset's tag before the font's name


def mark_space_widths(chars: list[dict]) -> None:
    """Give each character the width of its font's printed space (in font sizes) where the page
    prints one: a producer that moves over a space instead of drawing it (cairo does at a change of
    font subset) leaves a gap that wide, which `run_text` reads as the space. Subsets of one font
    share their space."""
    widths: dict[str, list[float]] = defaultdict(list)
    for c in chars:
        if c["text"] == " " and c.get("size"):
            widths[_SUBSET.sub("", c.get("fontname") or "")].append((c["x1"] - c["x0"]) / c["size"])
    if not widths:
        return
    space = {font: statistics.median(w) for font, w in widths.items()}
    by_name: dict[str, float | None] = {}  # a page's characters share a few font names
    for c in chars:
        name = c.get("fontname") or ""
        if name not in by_name:
            by_name[name] = space.get(_SUBSET.sub("", name))
        if (width := by_name[name]) is not None:
            c["space"] = width


def build_lines(chars: list[dict], settings: PdfSettings = DEFAULTS) -> list[Line]:
    """Group characters into visual lines (top to bottom), each sorted left to right."""
    upright = [c for c in chars if c.get("upright", True)]
    rotated = [c for c in chars if not c.get("upright", True)]
    # A character joins the line above when it overlaps the line's extent so far by half the lower of
    # the two (the extent in locals: this loop runs once per character).
    groups: list[list[dict]] = []
    current: list[dict] | None = None
    top = bottom = 0.0
    for c in sorted(upright, key=lambda c: (c["top"] + c["bottom"]) / 2):
        c_top, c_bottom = c["top"], c["bottom"]
        if current is not None:
            low = bottom if bottom < c_bottom else c_bottom
            high = top if top > c_top else c_top
            height, extent = c_bottom - c_top, bottom - top
            if low - high >= 0.5 * (height if height < extent else extent):
                current.append(c)
                if c_top < top:
                    top = c_top
                if c_bottom > bottom:
                    bottom = c_bottom
                continue
        current = [c]
        groups.append(current)
        top, bottom = c_top, c_bottom
    lines = [
        Line(g, g[0]["size"], g[0]["x0"], g[0]["top"], g[0]["x1"], g[0]["bottom"], settings=settings)
        for g in groups
    ]
    for line in lines:  # finish_line sets each line's box and size from all its characters
        line.chars.sort(key=lambda c: c["x0"])
        finish_line(line)
    # Rotated text (縦書き drawn with rotated glyphs): columns right to left, each read top to bottom.
    columns: list[list[dict]] = []
    for c in sorted(rotated, key=lambda c: -c["x1"]):
        if columns and min(columns[-1][-1]["x1"], c["x1"]) - max(columns[-1][-1]["x0"], c["x0"]) > 0:
            columns[-1].append(c)
        else:
            columns.append([c])
    for col in columns:
        col.sort(key=lambda c: c["top"])
        line = Line(col, statistics.median(c["size"] for c in col), min(c["x0"] for c in col),
                    col[0]["top"], max(c["x1"] for c in col), col[-1]["bottom"],
                    settings=settings)  # fmt: skip
        line.baseline = line.bottom
        line.segments = [col]
        lines.append(line)
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def finish_line(line: Line) -> None:
    """Set the line's box, dominant size and runs (split where the gap is wide)."""
    chars = line.chars
    sizes = Counter(round(c["size"], 1) for c in chars if c["text"].strip())
    line.size = sizes.most_common(1)[0][0] if sizes else chars[0]["size"]
    line.x0, line.x1 = min([c["x0"] for c in chars]), max([c["x1"] for c in chars])
    line.top, line.bottom = min([c["top"] for c in chars]), max([c["bottom"] for c in chars])
    base = [c["bottom"] for c in chars if abs(c["size"] - line.size) < 0.2]
    line.baseline = statistics.median(base) if base else line.bottom
    gap = line.settings.segment_gap * line.size
    line.tracked = letter_spaced(chars, line.size, line.settings)
    ink = [c for c in chars if c["text"].strip()]
    line.distributed = len(ink) > 1 and all(id(c) in line.tracked for c in ink[1:])
    segments: list[list[dict]] = []
    last_ink: dict | None = None
    blanks: list[dict] = []  # the blank characters since the last ink
    for c in chars:
        if (
            c["text"].strip()
            and last_ink is not None
            and c["x0"] - last_ink["x1"] > gap
            and id(c) not in line.tracked
            and not word_space(last_ink, blanks, c, line.size)
        ):
            segments.append([])
        if not segments:
            segments.append([])
        segments[-1].append(c)
        if c["text"].strip():
            last_ink, blanks = c, []
        else:
            blanks.append(c)
    line.segments = [trim(s) for s in segments if trim(s)]


def word_space(before: dict, blanks: list[dict], after: dict, size: float) -> bool:
    """Whether the gap between two characters is one printed half-width space and no more: a word
    space, also where a fixed-pitch font (MS明朝, IPA明朝) makes it half an em wide. A column's gap
    is wider than its space, or drawn without one."""
    if len(blanks) != 1 or blanks[0]["text"] != " ":
        return False
    width = blanks[0]["x1"] - blanks[0]["x0"]
    return width <= 0.55 * size and after["x0"] - before["x1"] <= width + 0.1 * size


def letter_spaced(chars: list[dict], size: float, settings: PdfSettings = DEFAULTS) -> set[int]:
    """The Japanese characters that follow a letter-spacing gap (`所 属 長` printed 均等割付).

    Letter spacing (tracking) spreads a word's characters evenly: a run of three or more
    kana or kanji with equal gaps wider than a space (up to one character), no space
    character between them (digits and full-width Latin never: they are the values of
    aligned columns; two characters never: `市 税` may be two columns' edges). Such a word is one run
    and its text has no spaces (a printed space, U+3000 or ASCII, stays).
    """
    ink = [c for c in chars if c["text"]]
    out: set[int] = set()
    low = settings.space_gap * size
    i = 0
    while i < len(ink) - 1:
        j = i
        gaps: list[float] = []
        while j < len(ink) - 1:
            a, b = ink[j], ink[j + 1]
            g = b["x0"] - a["x1"]
            if not (low < g <= size):  # the cheap test first: most characters are set solid
                break
            if not (_WORD_CHAR.match(a["text"]) and _WORD_CHAR.match(b["text"])):
                break
            if gaps and abs(g - gaps[0]) > 0.15 * size:
                break
            gaps.append(g)
            j += 1
        if len(gaps) >= 2:
            out.update(id(c) for c in ink[i + 1 : j + 1])
            i = j
        else:
            i += 1
    return out


def trim(chars: list[dict]) -> list[dict]:
    start, end = 0, len(chars)
    while start < end and not chars[start]["text"].strip():
        start += 1
    while end > start and not chars[end - 1]["text"].strip():
        end -= 1
    return chars[start:end]


OPENING_BRACKETS = frozenset("（「『【〔［｛〈《")
_ONE_PHRASE = re.compile(
    r"（[^（）]*）|「[^「」]*」|『[^『』]*』|【[^【】]*】|〔[^〔〕]*〕|［[^［］]*］|〈[^〈〉]*〉|《[^《》]*》|\([^()]*\)"
)


def ink_x0(run: list[dict]) -> float:
    """Where a run's ink starts. A full-width opening bracket is drawn in the right half of its
    box, and at the head of a line many typesetters set it half an em to the left (JIS X 4051):
    its box then starts before the column it belongs to."""
    first = run[0]
    width = first["x1"] - first["x0"]
    if first["text"] in OPENING_BRACKETS and width >= 0.8 * first["size"]:
        return first["x0"] + width / 2
    return first["x0"]


_NO_SPACE = 0.15  # font sizes: a gap this narrow is never a space (`run_text` tests it first)


def _unprinted_space(before: dict, after: dict, gap: float) -> bool:
    """Whether a gap wider than `_NO_SPACE` is a space the producer moved over: as wide as the font's
    printed space (`mark_space_widths`), and not where typesetters add a quarter em between Japanese
    and Latin letters or digits (和欧間隔: `令和 4` is printed for `令和4`)."""
    space = before.get("space")
    if not space or gap < 0.8 * space * before["size"]:
        return False
    a, b = before["text"], after["text"]
    return not ((_WORD_CHAR.match(a) and _western(b)) or (_WORD_CHAR.match(b) and _western(a)))


def _western(ch: str) -> bool:
    """A half-width letter or digit (also `Ⅲ`): what 和欧間隔 sets apart from Japanese."""
    return ch.isalnum() and not _JP.match(ch)


def run_text(chars: list[dict], line: Line) -> str:
    """The text of a run: spaces where the gap is a space, superscripts marked."""
    baseline = line.baseline or line.bottom
    out: list[str] = []
    sup: list[str] = []
    prev: dict | None = None

    def flush() -> None:
        if sup:
            text = "".join(sup)
            out.append(text.translate(_SUPERSCRIPTS) if text.isdigit() else "^{" + text + "}")
            sup.clear()

    space = line.settings.space_gap * line.size
    small, raised = line.settings.superscript_size * line.size, baseline - 0.2 * line.size
    tracked = line.tracked
    for c in chars:
        text = c["text"]
        if prev is not None and text.strip() and prev["text"].strip() and id(c) not in tracked:
            gap = c["x0"] - prev["x1"]
            if gap > space or (gap > _NO_SPACE * prev["size"] and _unprinted_space(prev, c, gap)):
                flush()
                out.append(" ")
        is_sup = c["size"] < small and c["bottom"] < raised and c.get("upright", True) and text.strip()
        if is_sup:
            sup.append(text)
        else:
            flush()
            out.append(text)
        prev = c
    flush()
    return "".join(out)


NO_LINE_START = frozenset(
    "、。，．）」』】〉》〕］｝ー・：；？！ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ"
)


def first_unit_width(line: Line) -> float:
    """Width of what would have had to fit at the end of the previous line: a word, or one character.

    A word is a Latin word or a katakana word of three or more characters (wrapping
    producers and authors keep `センター` whole; `コミ推` is an abbreviation); other
    Japanese text wraps at any character, with the characters that may not start a line
    (small kana, closing brackets, 。) and, before it, the opening brackets that may not
    end one (行頭・行末禁則). An indent (leading spaces) is no word.
    """
    chars = trim([c for c in line.chars if c["text"]])  # an indent is not a word
    if not chars:
        return 0.0
    first = chars[0]
    start = 0
    # An opening bracket goes with what follows it, unless the line is one bracketed phrase: a
    # parenthetical set on a line of its own (`重要業績評価指標` / `（ＫＰＩ）`) needed only its bracket.
    while (
        start < len(chars) - 1
        and chars[start]["text"] in OPENING_BRACKETS
        and not _ONE_PHRASE.fullmatch("".join(c["text"] for c in chars))
    ):
        start += 1
    rest = chars[start:]
    run = 0
    while run < len(rest) and _KATAKANA.match(rest[run]["text"]):
        run += 1
    if run >= 3:  # a katakana word is not broken (センター), like a Latin word; コミ推 is no such word
        return rest[run - 1]["x1"] - first["x0"]
    if _JP.match(rest[0]["text"]):
        end = rest[0]["x1"]
        for c in rest[1:]:
            if c["text"] in NO_LINE_START:
                end = c["x1"]
            else:
                break
        return end - first["x0"]
    end = rest[0]["x1"]
    for i, c in enumerate(rest[1:], start=1):
        if not c["text"].strip() or _JP.match(c["text"]):
            for d in rest[i:]:  # a word and what may not start a line after it (`NPO・`)
                if d["text"] not in NO_LINE_START:
                    break
                end = d["x1"]
            break
        end = c["x1"]
    return end - first["x0"]
    end = first["x1"]
    for c in chars[1:]:
        if not c["text"].strip() or _JP.match(c["text"]):
            break
        end = c["x1"]
    return end - first["x0"]
