"""Headings printed together over one table: which of them each row belongs to.

A landscape sheet prints, on each page, the headings of the rows below it as a run of
headings of one level (`（１）… （２）…`) right above its table, and does not say where
one heading's rows end. In heading order, of k headings over n rows, row i can be
heading j only for max(1, k-n+i) ≤ j ≤ min(k, i): a row left with one choice goes under
that heading, a row left with several stays under the headings' parent (and is reported).
A heading the run prints for the first time takes its place among its parent's children
right before its first row (after the rows that stayed under the parent), so the tree
reads in the order of the rows.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.segment.tree import Node


def run_choices(k: int, n: int) -> list[int | None]:
    """For each of n rows, the index of its heading among k, or None where the rule leaves a choice."""
    if k > n:
        return [None] * n
    return [lo - 1 if (lo := max(1, k - n + i)) == min(k, i) else None for i in range(1, n + 1)]


class RunPlacement:
    """Where the rows of a table go under a run of k ≥ 2 headings of one level printed right above it."""

    def __init__(
        self, run: list[Node], n: int, roots: list[Node], attach: Callable[[Node, Node | None], Node]
    ):
        self.run, self.roots, self.attach = run, roots, attach
        self.parent = run[0].parent
        self.choices = run_choices(len(run), n)
        self.unplaced: list[Node] = []
        self.row = 0
        siblings = self.parent.children if self.parent is not None else roots
        self.pending: list[Node] = []  # first printed here (a heading printed again is one node)
        for h in run:
            if not h.children and any(h is s for s in siblings) and not any(h is p for p in self.pending):
                self.pending.append(h)
        siblings[:] = [s for s in siblings if not any(s is p for p in self.pending)]

    def place(self, node: Node) -> Node:
        """Attach the table's next row's node where the rule puts it."""
        j = self.choices[self.row] if self.row < len(self.choices) else None
        self.row += 1
        if j is None:
            self.unplaced.append(node)
            return self.attach(node, self.parent)
        heading = self.run[j]
        if heading in self.pending:
            self.pending.remove(heading)
            self.attach(heading, self.parent)
        return self.attach(node, heading)

    def finish(self) -> tuple[object, str] | None:
        """Put back the headings no row went under; (the first row left under the parent, the warning), if any."""
        for heading in list(self.pending):
            self.attach(heading, self.parent)
        self.pending = []
        if not self.unplaced:
            return None
        codes = " ".join(h.code_raw or h.title for h in self.run)
        where = f"under {self.parent.title}" if self.parent is not None else "at the top"
        names = "; ".join(n.title for n in self.unplaced)
        return self.unplaced[0].where, (
            f"the headings printed together above this table ({codes}) do not show which of them "
            f"these rows belong to, so they stay {where}: {names}"
        )
