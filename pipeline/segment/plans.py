"""Several plans in one document: the review of the plan the document's plan succeeds.

A new plan often reviews its predecessor in a section of its own: a section heading (not a
goal or measure: its word gives no tier) that names the document's plan with an earlier edition (`3 ○○計画（第2次）の取組`, `第1期○○プランの検証`),
then that plan's heading tree, its items and their evaluation rows. Everything under that
heading belongs to the predecessor. The section ends where a heading of its level (or a
chapter) follows, or where the numbering of its top headings restarts: the new plan's goals
printed right after the review.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalize.text import clean, nfkc
from pipeline.segment.base import parse_edition
from pipeline.segment.tree import Node, Outline, _number
from pipeline.segment.vocabulary import Vocabulary, key

_EDITION = r"第\s*([0-9一二三四五六七八九十]+)\s*[次期]"
_EDITION_PART = re.compile(rf"[(]?\s*{_EDITION}\s*[)]?")
_BRACKETED = re.compile(r"\([^()]*\)$")
_NUMBER = re.compile(r"第\s*[0-9一二三四五六七八九十]+\s*([次期])")


def _unbracketed(title: str) -> str:
    """A title without the brackets that follow it (`(素案)`), its edition `(第3次)` kept."""
    while (m := _BRACKETED.search(title)) and not _NUMBER.search(m.group(0)):
        title = title[: m.start()].rstrip()
    return title


def named_plan(text: str, main_title: str | None, vocab: Vocabulary) -> tuple[str, int] | None:
    """(title, edition) of the earlier edition of the document's plan that a heading names, else None.

    The name is the plan's own (its title without the edition) or just a plan noun (`第2次計画`),
    printed with the edition before it (`第2次○○計画`) or after it in brackets (`○○計画（第2次）`).
    """
    main = clean(main_title)
    main_edition = parse_edition(main)
    main_base = key(_BRACKETED.sub("", _EDITION_PART.sub("", main)))  # without (第3次), (素案)
    nouns = "|".join(re.escape(w) for w in vocab.plan_words)
    text = clean(nfkc(text))
    patterns = (
        rf"(?P<base>[^\s()、。]*?(?:{nouns}))\s*\(\s*{_EDITION}\s*\)",
        rf"{_EDITION}\s*(?P<base>[^\s()、。]*?(?:{nouns}))",
    )
    for pattern in patterns:
        for m in re.finditer(pattern, text):
            edition, base = parse_edition(m.group(0)), key(m.group("base"))
            if edition is None or (main_edition is not None and edition >= main_edition):
                continue
            if base == main_base and base:
                return m.group(0), edition
            if base in vocab.plan_words and main_edition is not None:  # `第2次計画`: the plan's own name
                return _NUMBER.sub(rf"第{edition}\1", _unbracketed(main), count=1), edition
    return None


@dataclass(slots=True)
class Sections:
    """The open section about another plan, while the headings are read."""

    main_title: str | None
    vocab: Vocabulary
    heading: Node | None = None  # the heading that named the other plan
    top_style: str | None = None  # the numbering style of its top headings
    top_code: str | None = None  # … and the last one's code

    def before(self, style: str, code: str | None, outline: Outline) -> None:
        """Before a heading opens: close the section when its top numbering restarts, or it was closed."""
        if self.heading is None:
            return
        levels = [n for _, n in outline.levels]
        if self.heading not in levels:
            self.heading = None
        elif style == self.top_style and _number(code) <= _number(self.top_code):
            del outline.levels[levels.index(self.heading) :]
            self.heading = None

    def opened(self, node: Node, style: str, outline: Outline) -> None:
        """After a heading opened: a top heading of the open section, or a heading naming another plan."""
        if self.heading is not None and any(n is self.heading for _, n in outline.levels):
            if node.parent is self.heading and self.top_style in (None, style):
                self.top_style, self.top_code = style, node.code
            return
        # a section heading, not a goal or measure of the plan (its word gives no tier)
        named = named_plan(node.title, self.main_title, self.vocab) if node.tier is None else None
        self.heading = None
        if named:
            node.plan = named
            self.heading, self.top_style, self.top_code = node, None, None


def split_plans(roots: list[Node]) -> list[tuple[Node, list[Node]]]:
    """Detach the sections about another plan that hold items; their children become that plan's roots.

    Returns (the first heading naming the plan, the roots) per plan, in document order: sections
    naming the same plan join. A section without items (prose about the old plan) stays where it is.
    """
    plans: dict[tuple[str, int], tuple[Node, list[Node]]] = {}
    for node in [n for r in roots for n in r.walk() if n.plan is not None]:
        if not node.has_items():
            node.plan = None
            continue
        siblings = node.parent.children if node.parent is not None else roots
        if node in siblings:
            siblings.remove(node)
        node.parent = None
        for child in node.children:
            child.parent = None
        first, found = plans.setdefault(node.plan, (node, []))
        found.extend(node.children)
        if first is not node:
            first.indicators.extend(node.indicators)
    return list(plans.values())
