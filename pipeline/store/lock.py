"""One writer per output folder: a second `plans run`/`plans load` on it stops with a clear message."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PlansError

LOCK_NAME = ".plans.lock"


class OutputLocked(PlansError):
    """Another process is writing to the same output folder."""


@contextmanager
def output_lock(out_dir: Path, db_path: Path | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `out_dir` (released on exit, and by the OS if the process dies).

    A database outside `out_dir` (`--db elsewhere/plans.duckdb`) is locked too, by a
    sibling `elsewhere/plans.duckdb.lock`: two outputs never build into one file at once.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir / LOCK_NAME, out_dir):
        if db_path is not None and db_path.resolve().parent != out_dir.resolve():
            db_path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(db_path.with_name(f"{db_path.name}.lock"), db_path):
                yield
        else:
            yield


@contextmanager
def _locked(path: Path, what: Path) -> Iterator[None]:
    with path.open("a+") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another process"
            raise OutputLocked(f"{what} is being written by {holder}; wait for it to finish") from None
        f.seek(0)
        f.truncate()
        f.write(f"plans (pid {os.getpid()})")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)
