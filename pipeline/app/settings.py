"""Run settings: one object that validates itself and names the bad key."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline import PARSER_VERSION
from pipeline.errors import PlansError
from pipeline.read.pdf.settings import ENGINES, PdfSettings

DEFAULT_RAW = Path("raw")  # the embedded default corpus
DEFAULT_OUT = Path("normalized")
DB_NAME = "plans.duckdb"
# Environment variables every command honours (an option given on the command line wins).
OUT_ENV = "PLANS_OUT"  # the output folder (normalized/)
DB_ENV = "PLANS_DB"  # the database file

EXECUTORS = ("local", "dask")
DEFAULT_MAX_MB = 200.0  # a larger file is skipped with a problem, not read
DEFAULT_MAX_PAGES = 1000  # a longer PDF (e.g. a 2,000-page scan) is skipped with a problem
DEFAULT_TIMEOUT_S = 300.0  # a document still being processed after this is stopped with a problem
DEFAULT_MAX_MEMORY_MB = 2048.0  # a document that needs more memory than this is stopped with a problem


class SettingsError(PlansError, ValueError):
    """A setting with a value it cannot have; the message names the key."""


@dataclass(frozen=True, slots=True)
class Settings:
    """How `plans run` processes documents.

    workers: documents processed at once (processes locally, Dask workers for a local cluster);
    executor: `local` (this machine) or `dask` (a Dask cluster: `scheduler` address, or a
    local cluster when none); max_mb / max_pages: limits above which a document is skipped;
    timeout_s / max_memory_mb: the time and memory one document may take (its worker process is
    stopped beyond them, and the document reported as an error); pdf_engine: what parses PDF
    pages (`pdfium`, or `pdfplumber`, the slower reference).
    """

    workers: int = 1
    executor: str = "local"
    scheduler: str | None = None
    max_mb: float = DEFAULT_MAX_MB
    max_pages: int = DEFAULT_MAX_PAGES
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: float = DEFAULT_MAX_MEMORY_MB
    pdf_engine: str = ENGINES[0]

    def __post_init__(self) -> None:
        if not isinstance(self.workers, int) or self.workers < 1:
            raise SettingsError(f"workers must be a whole number ≥ 1, not {self.workers!r}")
        if self.executor not in EXECUTORS:
            raise SettingsError(f"executor must be one of {', '.join(EXECUTORS)}, not {self.executor!r}")
        if self.scheduler and self.executor != "dask":
            raise SettingsError("scheduler is a Dask scheduler address: it needs executor 'dask'")
        for key in ("max_mb", "timeout_s", "max_memory_mb"):
            _check_positive(key, getattr(self, key))
        if not isinstance(self.max_pages, int) or self.max_pages < 1:
            raise SettingsError(f"max_pages must be a whole number ≥ 1, not {self.max_pages!r}")
        if self.pdf_engine not in ENGINES:
            raise SettingsError(f"pdf_engine must be one of {', '.join(ENGINES)}, not {self.pdf_engine!r}")

    @property
    def pdf(self) -> PdfSettings:
        return PdfSettings(engine=self.pdf_engine)

    @property
    def parser_version(self) -> str:
        """What a document read with these settings records as its parser: `PARSER_VERSION`, with
        `+engine` when PDFs are read by another engine than the default (a switch re-reads them)."""
        return PARSER_VERSION if self.pdf_engine == ENGINES[0] else f"{PARSER_VERSION}+{self.pdf_engine}"

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)

    @property
    def max_inflated(self) -> int:
        """Bytes one compressed PDF stream may inflate to: a quarter of the memory budget
        (pdfminer holds a stream more than once while it parses it)."""
        return int(self.max_memory_mb * 1024 * 1024 / 4)


def _check_positive(key: str, value: object) -> None:
    """A finite number > 0: not 0, negative, inf or nan (which every comparison lets through)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and value > 0)
    ):
        raise SettingsError(f"{key} must be a finite number > 0, not {value!r}")


def database_path(out_dir: Path, db_path: Path | None = None) -> Path:
    """The database file: `db_path` when given, else `plans.duckdb` in the output folder."""
    return db_path or out_dir / DB_NAME


def default_out() -> Path:
    """The output folder when none is given: `$PLANS_OUT`, else `normalized`."""
    return Path(os.environ[OUT_ENV]) if os.environ.get(OUT_ENV) else DEFAULT_OUT


def resolve_paths(out_dir: Path | None = None, db_path: Path | None = None) -> tuple[Path, Path]:
    """(output folder, database file) from the options given, the environment and the defaults.

    `--db` wins; else `--out` given on the command line means `OUT/plans.duckdb`; else
    `$PLANS_DB`; else `plans.duckdb` in `$PLANS_OUT` or `normalized`.
    """
    out = out_dir or default_out()
    if db_path:
        return out, db_path
    if out_dir is None and os.environ.get(DB_ENV):
        return out, Path(os.environ[DB_ENV])
    return out, out / DB_NAME
