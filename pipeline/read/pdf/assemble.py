"""Pages → blocks, and the public `read_pdf`.

A line that wraps into the next is joined to it (one paragraph, one text block, its size and
weight recorded: `look.py`); a
table continued on the next page is merged into one block, its repeated header rows
dropped; a table of contents (目次) becomes a `toc` block.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.model.ir import Bar, BBox, Block, Document, Row
from pipeline.normalize.numbering import parse_numbering
from pipeline.read.pdf.actual_text import install as install_actual_text
from pipeline.read.pdf.cell_text import wrap_joint
from pipeline.read.pdf.chars import LINE_BREAK_BEFORE, Line, first_unit_width, ink_x0
from pipeline.read.pdf.continued import (
    continue_spans,
    continued_row,
    cut_shown,
    join_row,
    on_common_columns,
    unify_continued_columns,
    without_lines,
)
from pipeline.read.pdf.embedded_cmap import install as install_embedded_cmaps
from pipeline.read.pdf.grid import Grid
from pipeline.read.pdf.look import Looks
from pipeline.read.pdf.pages import Item, Page, drop_running_lines, read_page
from pipeline.read.pdf.settings import DEFAULTS, PdfSettings, PdfSettingsError
from pipeline.read.pdf.toc import mark_toc
from pipeline.read.pdf.unsupported import Unsupported
from pipeline.read.pdf.visibility import install as install_render_mode_hook

# A line that is one bracketed phrase and nothing else: a label (【実施事業】, ＜主な取組＞).
_BRACKETED = re.compile(r"【[^【】]+】|［[^［］]+］|〔[^〔〕]+〕|＜[^＜＞]+＞|〈[^〈〉]+〉|《[^《》]+》")


@dataclass(slots=True)
class Frame:
    """The text frame of the pages of one size: where lines start and end, line pitch per font size."""

    left: float
    right: float
    bottom: float
    pitch: dict[float, float]


def frames(pages: list[Page]) -> dict[tuple[int, int], Frame]:
    by_size: dict[tuple[int, int], list[Page]] = defaultdict(list)
    for page in pages:
        by_size[(round(page.width), round(page.height))].append(page)
    out = {}
    for key, group in by_size.items():
        lines = [it.line for p in group for it in p.items if it.kind == "text"]
        bottoms = [
            min(it.bottom, p.height) for p in group for it in p.items
        ]  # a cut row's rule is off the page
        pitches: dict[float, Counter] = defaultdict(Counter)
        for p in group:
            texts = [it.line for it in p.items if it.kind == "text"]
            for a, b in zip(texts, texts[1:], strict=False):
                if abs(a.size - b.size) < 0.3:
                    pitches[a.size][round((b.baseline - a.baseline) * 4) / 4] += 1
        pitch = {}
        for s, counter in pitches.items():
            # The line pitch inside a paragraph: the smallest distance between baselines that is
            # common (paragraph spacing only adds to it).
            top = max(counter.values(), default=0)
            common = [p for p, n in counter.items() if p >= s and n >= max(2, 0.1 * top)]
            if common:
                pitch[s] = min(common)
        # Full lines end within a character of the right edge; a few overflow it (a 。 that may not
        # start a line): the upper quartile of the long lines' ends is a robust edge.
        longest = max((ln.x1 for ln in lines), default=0.0)
        ends = sorted(ln.x1 for ln in lines if ln.x1 > longest - 2.5 * ln.size)
        # A line-head bracket set half an em early (JIS X 4051) starts left of the frame: its ink does not.
        left = min((ink_x0(ln.chars) if ln.chars else ln.x0 for ln in lines), default=0.0)
        estimate = ends[int(0.75 * (len(ends) - 1))] if ends else longest
        out[key] = Frame(
            left=left,
            # Few or short lines (a page of tables) say little about the right edge: margins are
            # at least as wide on the right as on the left, unless many lines end at one place.
            right=_common_end(lines, max(estimate, group[0].width - left)),
            bottom=max(bottoms, default=0.0),
            pitch=pitch,
        )
    return out


def _common_end(lines: list[Line], fallback: float) -> float:
    """The right edge: the right-most place where many lines end (a tenth of them, five at least,
    within a point) and hardly any beyond, when it is well left of `fallback` (a frame narrower
    than the page's margins say)."""
    if not lines:
        return fallback
    size = statistics.median(ln.size for ln in lines)
    ends = sorted(ln.x1 for ln in lines)
    for at in sorted({round(x) for x in ends}, reverse=True):
        if fallback - at < 2 * size:
            continue
        near = [x for x in ends if abs(x - at) <= 1.0]
        beyond = sum(1 for x in ends if x > at + 1.0)
        if len(near) >= max(5, 0.1 * len(lines)) and beyond <= len(near) / 4:
            return max(near)
        if beyond > len(lines) / 2:
            break
    return fallback


def continues(a: Line, b: Line, frame: Frame, same_page: bool) -> bool:
    """True when line `b` is the wrapped continuation of line `a`."""
    if abs(a.size - b.size) > 0.6:
        return False
    text = b.text()
    if not text or text[0] in LINE_BREAK_BEFORE or text.startswith("- "):
        return False
    if a.distributed or b.distributed:
        return False  # a letter-spaced line (均等割付) is a label or a title of its own
    if len(a.segments) > 1 or len(b.segments) > 1:
        return False  # runs apart on one line (a table of contents, aligned columns): not running text
    if a.text().endswith("。") and parse_numbering(text) is not None:
        return False  # a sentence ends the line and a numbered heading or item starts the next
    if a.text().endswith("。") and _BRACKETED.fullmatch(text):
        return False  # a sentence ends the line and a bracketed label (【実施事業】) is the next
    if a.x1 + first_unit_width(b) <= frame.right - 0.25 * a.size:
        return False  # the next word would have fitted: a real line end
    if b.x0 > a.x0 + 0.5 * a.size and b.x0 > frame.left + 0.5 * a.size:
        return False
    if same_page:
        pitch = frame.pitch.get(a.size, a.size * 1.2)
        if b.baseline - a.baseline > pitch + 0.2 * a.size or b.top <= a.top:
            return False
    return True


def assemble(pages: list[Page], settings: PdfSettings = DEFAULTS) -> list[Block]:
    """Pages → blocks: paragraphs joined, tables of contents marked, continued tables merged."""
    frame_of = frames(pages)
    blocks: list[Block] = []
    columns: dict[int, str] = {}  # id(text block) → its first line with runs tab-separated (for toc entries)
    open_text: tuple[Block, Line] | None = None
    looks = Looks()  # each text block's size and weight
    last_table: tuple[Block, Grid, Page] | None = None
    for page in pages:
        frame = frame_of[_size(page)]
        for position, item in enumerate(page.items):
            if item.kind == "table":
                open_text = None
                if position == 0 and last_table is not None:
                    first, part = _on_common_columns(last_table, item, settings.table_tolerance)
                    if continues_table(first, part, page, frame_of, settings.table_tolerance) and (
                        first is last_table or _repeated_rows(first[0], part.block)
                    ):
                        last_table[0].rows, last_table[0].bars = first[0].rows, first[0].bars
                        header = _repeated_rows(first[0], part.block)
                        bottom = frame_of[_size(first[2])].bottom
                        cut, twice, foot = cut_shown(first[1], part.grid, header, bottom)
                        merge_table(last_table[0], part.block, cut, twice, first[1], foot)
                        last_table = (last_table[0], part.grid, page)
                        continue
                blocks.append(item.block)
                last_table = (item.block, item.grid, page)
                continue
            line = item.line
            if open_text is not None:
                block, previous = open_text
                if continues(previous, line, frame, previous.page == line.page):
                    flush = previous.x1 >= frame.right - 0.3 * previous.size
                    block.raw += wrap_joint(block.raw, line.text(), flush) + line.text()
                    if previous.page == line.page:
                        block.bbox = _union(block.bbox, line.bbox)
                    open_text = (block, line)
                    looks.add(block, line)
                    continue
            block = Block("text", raw=line.text(), page=page.number, bbox=line.bbox)
            looks.add(block, line)
            columns[id(block)] = line.text("\t")
            blocks.append(block)
            open_text = (block, line)
            last_table = None
    looks.finish()
    return mark_toc(blocks, columns, settings.toc_paragraph_length)


def _size(page: Page) -> tuple[int, int]:
    return (round(page.width), round(page.height))


def continues_table(
    last: tuple[Block, Grid, Page],
    item: Item,
    page: Page,
    frame_of,
    tolerance: float = DEFAULTS.table_tolerance,
) -> bool:
    """True when the table `item` (first on its page) carries on the table that ended the previous page."""
    block, grid, prev_page = last
    new = item.grid
    if prev_page.number != page.number - 1 or new is None or grid.columns != new.columns:
        return False
    slack = 3 * tolerance
    # without rules a table's right edge is where its longest text ends: it may differ from page to page
    edges = len(grid.xs) if grid.ruled and new.ruled else len(grid.xs) - 1
    if any(abs(a - b) > slack for a, b in zip(grid.xs[:edges], new.xs[:edges], strict=True)):
        return False
    frame = frame_of[(round(prev_page.width), round(prev_page.height))]
    header = _repeated_rows(block, item.block)
    if not header and _series(block, item.block):
        return False  # starts the way the previous table started, numbered on: the next of a series
    body = new.ys[header + 1] - new.ys[header] if header < len(new.ys) - 1 else 0.0
    return grid.bbox[3] + body >= frame.bottom - slack


def _on_common_columns(
    last: tuple[Block, Grid, Page], item: Item, tolerance: float
) -> tuple[tuple[Block, Grid, Page], Item]:
    """The previous part and `item` on the union of their columns when they have no rules and
    differ in them (`continued.py`); a part so widened continues only under a repeated header."""
    block, grid, page = last
    widened = (
        None if item.grid is None else on_common_columns(block, grid, item.block, item.grid, 3 * tolerance)
    )
    if widened is None:
        return last, item
    first, first_grid, part, part_grid = widened
    return (first, first_grid, page), replace(item, block=part, grid=part_grid)


def _series(first: Block, part: Block) -> bool:
    """True when `part` opens with the same kinds of rows as `first` (事業5 | … / 内容 | …, then
    事業6 | … / 内容 | …): a series of small tables, not one table going on (whose rows look alike)."""
    if len(first.rows) < 2 or len(part.rows) < 2:
        return False
    opening = [_shape(r) for r in first.rows[:2]]
    return opening == [_shape(r) for r in part.rows[:2]] and opening[0] != opening[1]


def _shape(row: Row) -> tuple:
    """A row with its numbers masked: rows of the same series (事業 5 / 事業 6) look alike."""
    return tuple(
        re.sub(r"[\d０-９]+", "#", re.sub(r"\s+", "", c.raw)) if c.raw else "" for c in row.cells[:1]
    ) + tuple(bool(c.raw) for c in row.cells)


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(re.sub(r"\s+", "", c.raw) for c in row.cells)


def _repeated_rows(first: Block, part: Block) -> int:
    """How many leading rows of `part` repeat the leading rows of `first` (a repeated header)."""
    n = 0
    while n < min(len(first.rows), len(part.rows) - 1) and _row_key(first.rows[n]) == _row_key(part.rows[n]):
        n += 1
    return n


def merge_table(
    first: Block,
    part: Block,
    cut: tuple[bool, bool] = (False, False),
    twice: dict[int, list[str]] | None = None,
    grid: Grid | None = None,
    foot: bool = False,
) -> None:
    """`part` (the table's part on the next page) appended to `first`, its repeated header rows dropped,
    and a row the page cut joined again (`continued.py`).

    `cut`: whether the rules show the page cutting `first`'s last row at the foot and `part`'s first
    row at the top. A producer that slices the pages with an overlap prints the lines at the cut on
    both pages (`twice`: per column, the first lines of `part`'s first row that end `first`'s last
    row). A first row cut at the top that holds nothing else is dropped; one that goes on a row cut
    at the foot is joined to it. Without rules (`grid`: the grid of `first`'s last part) the text
    says whether the first row goes on (`continued_row`); a ruled part closed at the cut may go on
    only when its last row reaches the page's foot (`foot`)."""
    header = _repeated_rows(first, part)
    rows = part.rows[header:]
    offset = len(first.rows) - header
    head: Row | None = None  # the part's first row when it is the rest of `first`'s last row
    if rows and first.rows:
        joined: Row | None = None
        by_text = None  # the grid whose text says the row goes on
        if cut[1]:
            rest = without_lines(rows[0], twice or {})
            if not any(c.raw for c in rest.cells) or _row_key(rows[0]) == _row_key(first.rows[-1]):
                head = rows.pop(0)
                offset -= 1
            elif cut[0]:
                joined = rest
        elif grid is not None and continued_row(first, grid, rows[0], foot):
            joined, by_text = rows[0], grid
        if joined is not None:
            join_row(first, joined, by_text)
            head = rows.pop(0)
            offset -= 1
        continue_spans(first, head, rows)
    first.rows.extend(rows)
    first.bars.extend(
        Bar(b.row + offset, b.first, b.last, b.text, b.bbox) for b in part.bars if b.row >= header
    )


def _union(a: BBox | None, b: BBox) -> BBox:
    if a is None:
        return b
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def open_error(exc: Exception) -> str:
    """What to tell the user about a PDF that cannot be opened."""
    reason = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    name = type(reason).__name__
    if name in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
        return "the PDF is encrypted and opens only with a password; an unprotected copy is needed"
    if "EOF" in str(reason) or name in ("PSEOF", "PDFNoValidXRef"):
        return f"the PDF is damaged or truncated ({name}: {reason})"
    return f"not a readable PDF ({name}: {reason})"


def read_pdf(
    path: Path, data: bytes, max_pages: int | None = None, settings: PdfSettings | None = None
) -> Document:
    """Read a PDF into the IR: text blocks, tables and tables of contents, with page and box.

    A PDF of more than `max_pages` pages is not read (`ReadError`); `settings` tunes the
    reader (`PdfSettings()` when None).
    """
    settings = DEFAULTS if settings is None else settings
    if not isinstance(settings, PdfSettings):
        raise PdfSettingsError(f"settings must be a PdfSettings, not {type(settings).__name__}")

    install_render_mode_hook()
    install_embedded_cmaps()
    install_actual_text()
    with quiet_pdfminer():
        return _read(path, data, max_pages, settings)


@contextmanager
def quiet_pdfminer():
    """pdfminer's warnings (`Could not get FontBBox` …) silenced while a PDF is read, restored after.

    What matters of them reaches the user as problems naming the page.
    """
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _read(path: Path, data: bytes, max_pages: int | None, settings: PdfSettings) -> Document:
    problems: list[tuple[str, str, int | None, int | None]] = []
    pages: list[Page] = []
    count = _read_pdfium(data, max_pages, settings, pages, problems) if settings.engine == "pdfium" else None
    if count is None:  # the pdfplumber engine, or a PDF pdfium does not place as pdfminer does
        problems, pages = [], []
        count = _read_plumber(data, max_pages, settings, pages, problems)
    if count and not any(p.items for p in pages):
        problems.append(("error", "no page has a text layer: nothing could be read", None, None))
    drop_running_lines(pages, settings)
    unify_continued_columns(pages, settings)
    return Document(
        path=str(path), format="pdf", blocks=assemble(pages, settings), pages=count, problems=problems
    )


def _check_count(count: int, max_pages: int | None) -> None:
    from pipeline.errors import ReadError

    if max_pages is not None and count > max_pages:
        raise ReadError(f"the PDF has {count} pages, over the limit of {max_pages} pages (--max-pages)")


def _read_pages(numbered, settings: PdfSettings, pages: list[Page], problems: list) -> None:
    """Each (number, page opener) read into `pages`; a page that fails is a problem, the others go on."""
    for number, open_page in numbered:
        page = None
        try:
            page = open_page()
            pages.append(read_page(page, number, problems, settings))
        except Exception as exc:  # one broken page must not lose the others
            problems.append(
                ("error", f"page {number} could not be read: {type(exc).__name__}: {exc}", number, None)
            )
        finally:
            if page is not None:
                page.close()


def _read_plumber(
    data: bytes, max_pages: int | None, settings: PdfSettings, pages: list, problems: list
) -> int:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    from pipeline.errors import ReadError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))  # an encryption with an empty password opens as is
    except PDFSyntaxError as exc:
        raise ReadError(f"not a readable PDF ({exc})") from exc
    except Exception as exc:  # pdfplumber wraps pdfminer's reason in args[0]
        raise ReadError(open_error(exc)) from exc
    with pdf:
        count = len(pdf.pages)
        _check_count(count, max_pages)
        _read_pages(((n, lambda p=p: p) for n, p in enumerate(pdf.pages, start=1)), settings, pages, problems)
    return count


def _read_pdfium(
    data: bytes, max_pages: int | None, settings: PdfSettings, pages: list, problems: list
) -> int | None:
    """The pages read with pdfium; None when pdfium cannot open the PDF (then the pdfplumber engine reads
    it, and names what is wrong with a broken file). A page pdfium does not place as pdfminer does
    (`Unsupported`: rotated glyphs, a rotated page …) is read with pdfplumber."""
    import pdfplumber

    from pipeline.read.pdf.pdfium import Reader

    try:
        reader = Reader(data)
    except Exception:
        return None
    plumber = None

    def open_page(index: int):
        nonlocal plumber
        try:
            return reader.page(index)
        except Unsupported:
            if plumber is None:
                plumber = pdfplumber.open(io.BytesIO(data))
            return plumber.pages[index]

    with reader:
        count = len(reader)
        _check_count(count, max_pages)
        try:
            _read_pages(((k + 1, lambda k=k: open_page(k)) for k in range(count)), settings, pages, problems)
        finally:
            if plumber is not None:
                plumber.close()
    return count
