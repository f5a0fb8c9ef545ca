"""PDF → Document IR, the same blocks the text reader makes.

Two engines parse the pages (`PdfSettings.engine`): `pdfplumber` (pdfminer, the default and
the reference) and `pdfium` (`pdfium.py`: pypdfium2 reads each page's characters, rules and
images once, in C, as the dicts pdfplumber makes; about 3× faster than pdfplumber's own
`extract_text`). Everything after that — visibility, lines, tables (pdfplumber's table finder
included), paragraphs — is the same code for both; tests/test_pdf_engines.py checks that they
give the same IR on every fixture and real document, and lists where they do not. A page pdfium
does not place as pdfminer does (a rotated page or rotated glyphs, a font without ascent and
descent) is read by pdfplumber within a pdfium read.

What a page becomes:
- characters a reader can see (`visibility`: white text on white paper, text under
  a picture drawn over it, render mode 3, no size, off the crop box are dropped and
  counted in one warning per page), with fake-bold duplicates removed
  (`dedupe_chars`: the same glyph printed 2×, 4× … within a point, found by position
  over all the page's characters) and `(cid:NNN)` glyphs of fonts without a Unicode
  map dropped and reported as a problem naming the page; letter-spaced words
  (均等割付, `所 属 長`) are read without spaces and as lines of their own; pdfminer's
  own warnings are silenced while a PDF is read;
- tables found by their rules: ruled grids through pdfplumber's `find_tables` (on
  the page's rules only: stroked lines, thin rectangles and rectangle outlines —
  filled shapes such as timeline bars or cell shading are not rules); tables drawn
  with horizontal rules only get their columns from the alignment of their text, and
  tables drawn with no rules at all are found by it: consecutive lines whose runs of
  text start at the same column starts, rows told apart by the cell padding between
  them (or, where every line is as close as the next, by text in the first column),
  wrapped cell lines joined to the cell above.
  A table becomes rows of cells; a merged cell keeps its text at its top-left
  position and leaves empty cells at the positions it spans, so that every row has
  one cell per column; `Cell.rows` tells how many rows it covers (a cell that a page
  break splits goes on over the next part's rows where an empty box over rows shows its rest,
  `continued.continue_spans`). Filled bars inside a table (fiscal-year timelines) are kept
  in `Block.bars` with the columns they cover;
- the other characters become visual lines; running headers and footers (page
  numbers, lines repeated at the same place on many pages) are dropped; a line
  that wraps into the next (the next line's first word would not have fitted) is
  joined to it, so that a paragraph is one text block, as in a text extraction; each text
  block records its look (`look`: `Block.size`, its first line's size, and `Block.bold`, most
  of its characters in a bold face, a fake-bold overprint, or Gothic in a Mincho body), from
  which the recognizer knows unnumbered headings (`pipeline.segment.look`);
  a table of contents (目次) becomes a `toc` block, its entries' columns tab-separated;
- a table continued on the next page (the previous part ends at the foot of the
  page, the next part starts the page with the same columns) is merged into one
  block, its repeated header rows dropped, its parts on one set of columns (a column empty
  on one page is not seen there: parts with horizontal rules only take the columns of
  both, parts without rules under a repeated header the union of theirs). A row the page
  break cut is joined to its rest on the next page (`continued`): drawn as an open box
  (its vertical rules run to the page's foot unclosed, `cut_tables`), its rule at the page
  edge or past it (less the lines a producer printed on both sides of the cut), or, without
  rules or drawn closed at the cut, when its text goes on (a closed ruled row only when it
  ends at the foot of the page's frame). A ruled grid's column edges are its own rules' (pdfplumber
  snaps nearby rules of different tables to their mean). A row of rule characters only
  (`-----`) is left out, as the text reader leaves such lines out; a table of contents
  printed as a table (rows ending in page numbers) after 目次 becomes toc entries.
- fonts whose encoding is a CMap embedded in the file (not a predefined one) are
  decoded through it (`embedded_cmap`; pdfminer alone reads them as no text).

Cell text: a cell's visual lines are joined without a break where a line wraps; a
break is kept after a sentence end (。), before a bullet (◆・※○●■…) and where a
line ends early (the next line's first word would have fitted before the cell's
padding: a real line break — a label such as 効果, one name per line — or a wrap at
a space, which the normalizer reads as the space it was); a wrap between Latin letters
is a space, unless the line ends at the edge in a word set close after other text
(`のS⏎NS`, `(N⏎o.13)`: a producer that breaks inside words); vertical text (one
character per line, 縦書き) reads top to bottom. Superscripts (footnote marks) are
written as the text extractions write them: `¹²³` for digits, `^{…}` otherwise.
No knowledge of particular documents: only of PDF structure.

Known limits: a column empty in every row of a table without vertical rules cannot
be seen; a table without any rules needs two lines of aligned runs in three columns
or three such lines, and a row of first-column text alone ends it; a centred header over
several columns of such a table may add a column; running headers are recognised
on documents of three pages or more (page numbers on any); text in several columns
side by side is read line by line across them.

The modules, in the order they depend on each other: `settings` (the tuning,
`PdfSettings`), `unsupported`, `pdfium_paths` and `pdfium` (the pdfium engine), `embedded_cmap` and `actual_text` (pdfminer hooks: fonts
whose encoding is an embedded CMap, the text of an /ActualText span), `visibility` (which characters are seen), `chars` (characters → lines), `cell_text` (a cell's lines → its text), `rules` (drawn rules and
filled shapes), `grid` (a table's cells, rows and bars), `cut_tables` (rows cut by a page break), `tables` (finding tables),
`rule_tables` (tables with horizontal rules only), `look` (a text block's size and weight), `pages` (a page → lines and tables; page
furniture), `continued` (a table continued over pages: one set of columns, rows the page
cuts), `toc` (tables of contents), `assemble` (pages → blocks, `read_pdf`).
"""

from __future__ import annotations

from pipeline.read.pdf.assemble import read_pdf
from pipeline.read.pdf.cell_text import join_cell, join_lines
from pipeline.read.pdf.chars import dedupe_chars
from pipeline.read.pdf.settings import PdfSettings, PdfSettingsError

__all__ = ["PdfSettings", "PdfSettingsError", "dedupe_chars", "join_cell", "join_lines", "read_pdf"]
