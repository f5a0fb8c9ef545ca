"""The package's imports flow one way: no module imports a stage above its own, and no cycles."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
# Bottom to top: a module may import its own stage and the stages before it.
STAGES = (
    "base", "model", "normalize", "ingest", "read", "segment", "store", "derive", "query", "app", "api", "cli"
)  # fmt: skip
BASE = {"pipeline", "pipeline.errors", "pipeline.data"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage(module: str) -> str:
    if module in BASE:
        return "base"
    part = module.split(".")[1]
    return part if part in STAGES else "base"


def imports(path: Path) -> set[str]:
    """The `pipeline` modules a file imports (at any depth, lazy imports included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipeline"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("pipeline"))
    return found


GRAPH = {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_no_upward_import(module):
    upward = [m for m in GRAPH[module] if STAGES.index(stage(m)) > STAGES.index(stage(module))]
    assert not upward, f"{module} ({stage(module)}) imports a later stage: {upward}"


def test_no_cycle():
    known = set(GRAPH)

    def targets(module: str) -> set[str]:
        # `from pipeline.x import y` may name the module pipeline.x.y or a name in pipeline.x.
        return {m for m in GRAPH[module] if m in known and m != module}

    state: dict[str, int] = {}  # 1 visiting, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for nxt in sorted(targets(module)):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :] + [nxt] if nxt in path else [module, nxt]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])
