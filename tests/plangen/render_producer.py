"""A generated plan printed by another PDF producer (WeasyPrint, wkhtmltopdf, Typst).

The plan's text rendering is laid out by `tools/render_producers.py` exactly as the seeds are:
paragraphs and tables, each producer in its own font and table style. Dev-only: the
producers are not dependencies of `plans`; the PDFs they print are committed under
`tests/fixtures/plangen/<producer>/` with the answers beside them.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

from tests.plangen.generate import GeneratedPlan
from tests.plangen.render_text import render_text

TOOL = Path(__file__).resolve().parents[2] / "tools" / "render_producers.py"


def producers_tool() -> ModuleType:
    """`tools/render_producers.py`, loaded as a module (tools/ is not a package)."""
    if "render_producers" not in sys.modules:
        spec = importlib.util.spec_from_file_location("render_producers", TOOL)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # its dataclasses look their module up
        spec.loader.exec_module(module)
    return sys.modules["render_producers"]


def render_producer(producer: str, plan: GeneratedPlan, rng: random.Random, path: Path) -> Path:
    tool = producers_tool()
    tool.render(producer, tool.parse(render_text(plan, rng)), Path(path))
    return Path(path)
