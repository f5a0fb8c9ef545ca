"""The `plans` command: thin argument parsing around the library, clear messages at the edge.

`parser` defines the commands and options, `commands` runs them; `main` turns the
project's own errors into a message and an exit status (0 ok, 1 fatal, 2 some documents failed).
"""

from __future__ import annotations

import os
import sys

import duckdb
from rich.console import Console
from rich.markup import escape

from pipeline.app.settings import resolve_paths
from pipeline.cli.commands import COMMANDS, run_footer, summary_table, write_rows
from pipeline.cli.parser import EXAMPLES, build_parser
from pipeline.errors import PlansError

__all__ = ["EXAMPLES", "build_parser", "main", "run_footer", "summary_table", "write_rows"]


def _console(stderr: bool = False) -> Console:
    """A console; piped output is not wrapped (tables get room, messages stay on one line)."""
    console = Console(stderr=stderr)
    return console if console.is_terminal else Console(stderr=stderr, width=200, soft_wrap=True)


def _quiet_stdout() -> None:
    """After a closed pipe (`plans query … | head`): send what is left to /dev/null, silently."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # a captured stdout without a descriptor
        pass


SIGPIPE_STATUS = 141  # 128 + SIGPIPE, what a shell reports for a reader that went away


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 1 fatal, 2 some documents failed)."""
    args = build_parser().parse_args(argv)
    args.quiet = getattr(args, "quiet", False) or False
    args.verbose = getattr(args, "verbose", False) or False
    out, err = _console(), _console(stderr=True)
    args.info = Console(quiet=True) if args.quiet else err  # progress and counts; errors go to err
    if hasattr(args, "db"):  # every command but inspect: paths from options, environment, defaults
        out_dir = args.out if args.command in ("run", "load") else None  # report/export: --out is a target
        args.out_dir, args.db = resolve_paths(out_dir, args.db)
    try:
        return COMMANDS[args.command](args, out, err)
    except BrokenPipeError:
        _quiet_stdout()
        return SIGPIPE_STATUS
    except PlansError as exc:
        err.print(f"[bold red]error:[/] {escape(str(exc))}")
        return 1
    except (duckdb.Error, OSError) as exc:  # SQL errors, unreadable files: say what, not a traceback
        err.print(f"[bold red]error:[/] {type(exc).__name__}: {escape(str(exc))}")
        if args.verbose:
            err.print_exception()
        return 1
