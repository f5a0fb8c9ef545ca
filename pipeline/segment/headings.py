"""What is printed with a heading: the paragraphs under it, and the heading printed again.

The sentences printed right under a heading (before any table, list or label) describe its
node. A plan often prints its tree twice: an overview (the headings with their paragraphs) and
the detailed chapter (the same headings with tables). A heading printed again with the same
numbering and title (spaces and punctuation aside) is the same node: the first printing keeps
its title and description, the later one gives its line and numbering as printed, and the node
moves to where the later printing stands, among the items the detailed chapter gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.normalize.numbering import parse_numbering
from pipeline.normalize.text import nfkc
from pipeline.segment.tree import Node
from pipeline.segment.vocabulary import key, load_vocabulary

_PUNCTUATION = re.compile(r"[\s、,，・.。･]")


def title_key(title: str | None) -> str:
    """A title without spaces and punctuation: `担い手の育成、支援` and `担い手の育成, 支援` are one."""
    return _PUNCTUATION.sub("", key(title))


def is_paragraph(text: str) -> bool:
    """A sentence (ends with 。) or a long wrapped line; not a note, a bullet or a label."""
    return not text.startswith(("※", "-", "・", "【")) and (text.endswith("。") or len(text) >= 30)


def starts_paragraph(line: str) -> bool:
    """Whether a printed line starts a paragraph rather than continuing the one above (a wrapped
    line): when it opens with a bullet, a `※` note or a numbering. Not after a sentence end: a
    print cannot tell a paragraph's end from a line wrapped right after its 。, and records must not
    depend on where a producer wrapped."""
    head = nfkc(line.strip())
    return head.startswith((*load_vocabulary().bullets, "※")) or parse_numbering(head, ()) is not None


def add_paragraph(paragraphs: list[str], text: str) -> None:
    """Add a printed line to paragraphs: a new one, or the wrapped rest of the last."""
    if paragraphs and not starts_paragraph(text):
        paragraphs[-1] += text.strip()
    else:
        paragraphs.append(text.strip())


@dataclass(slots=True)
class Printed:
    """The headings read so far, by plan section, numbering style, code and title."""

    nodes: dict[tuple, Node] = field(default_factory=dict)

    def find(self, scope: Node | None, style: str, node: Node) -> Node | None:
        """The heading printed before with the same numbering and title in the same plan, if any."""
        return self.nodes.get((id(scope), style, node.code, title_key(node.title)))

    def add(self, scope: Node | None, style: str, node: Node) -> None:
        if node.code:
            self.nodes.setdefault((id(scope), style, node.code, title_key(node.title)), node)


def move(node: Node, parent: Node | None, roots: list[Node]) -> None:
    """Detach `node` from where it was read (the overview) to go under `parent` (None: a root)."""
    (node.parent.children if node.parent is not None else roots).remove(node)
    node.parent = None
    if parent is None:
        roots.append(node)
    else:
        parent.add(node)
