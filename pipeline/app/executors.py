"""Where per-document work runs: worker processes on this machine, or a Dask cluster.

Every executor streams: each local worker holds one document at a time (a Dask
cluster at most `IN_FLIGHT_PER_WORKER × workers`), and results are yielded as they
complete, so memory stays flat however many documents there are. The caller writes
each result before it asks for the next one.

Locally every document runs in a worker process, even with one worker, so that one
document cannot take the run down with it: a worker is given `max_memory_mb` of
address space (`RLIMIT_AS`) beyond what it holds at start-up, and one still busy
after `timeout_s` is killed. A worker that is killed or dies (segfault, `os._exit`,
the system's out-of-memory killer) is replaced; its document becomes
`on_failure(item, reason)` and the others go on. Workers are reused, so start-up is
paid once per worker, not once per document.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait as wait_ready
from typing import Any, TypeVar

from pipeline.app.settings import Settings, SettingsError
from pipeline.errors import PlansError

IN_FLIGHT_PER_WORKER = 2
T = TypeVar("T")
R = TypeVar("R")


class WorkerFailed(PlansError):
    """A document's worker was stopped or died, and the caller gave no `on_failure`."""


def map_unordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    settings: Settings,
    on_failure: Callable[[T, str], R] | None = None,
) -> Iterator[R]:
    """`fn` over `items` with the executor of `settings`, results in completion order.

    When an item's worker fails (time or memory limit, crash, an exception out of `fn`),
    `on_failure(item, reason)` stands in for its result; without it `WorkerFailed` is raised.
    """
    items = list(items)
    if not items:
        return
    on_failure = on_failure or _raise
    if settings.executor == "dask":
        yield from _dask(fn, items, settings, on_failure)
    else:
        yield from _isolated(fn, items, settings, on_failure)


def _raise(item: Any, reason: str) -> Any:
    raise WorkerFailed(reason)


# ---- local worker processes ----------------------------------------------------------------


def _context():
    """`fork` where there is one (fast, and the worker sees the parent's state), else `spawn`."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _worker_main(conn, fn: Callable, max_memory_mb: float, parent: int) -> None:
    """A worker: apply `fn` to each item received until the pipe closes; send back outcomes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the workers
    _die_with(parent)
    _limit_memory(max_memory_mb)
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:  # stop
            return
        try:
            outcome: tuple = ("ok", fn(item))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as exc:
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except MemoryError:
            conn.send(("memory", None))
        except Exception as exc:  # an unpicklable result
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _die_with(parent: int) -> None:
    """End this worker when the run that started it ends, even by `kill -9`: an orphan busy
    for ever on a document would keep the output folder's lock (Linux: PR_SET_PDEATHSIG)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def _limit_memory(max_memory_mb: float) -> None:
    """Cap this process's address space at its current size plus `max_memory_mb`."""
    import resource

    extra = int(max_memory_mb * 2**20)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = _address_space() + extra
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """This process's virtual memory size in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _Worker:
    """One worker process, the item it holds and when that item is due."""

    def __init__(self, ctx, fn: Callable, settings: Settings) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, fn, settings.max_memory_mb, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.item: Any = None
        self.busy = False
        self.deadline = 0.0

    def give(self, item: Any, timeout_s: float) -> None:
        self.item, self.busy, self.deadline = item, True, time.monotonic() + timeout_s
        try:
            self.conn.send(item)
        except OSError:  # it died while idle: its sentinel is ready, and the item reported as failed
            pass

    def take(self) -> Any:
        item, self.item, self.busy = self.item, None, False
        return item

    def stop(self) -> None:
        """End the process: at once when busy, else by asking it to stop."""
        if self.busy and self.process.is_alive():
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.conn.close()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


def _isolated(fn, items: list, settings: Settings, on_failure) -> Iterator:
    """Each item in a worker process, at most `settings.workers` at once; see the module doc."""
    ctx = _context()
    queue = iter(items)
    workers = [_Worker(ctx, fn, settings) for _ in range(min(settings.workers, len(items)))]
    try:
        for w in workers:
            w.give(next(queue), settings.timeout_s)
        while busy := [w for w in workers if w.busy]:
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(wait_ready([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout))
            for w in busy:
                if w.conn in ready or w.process.sentinel in ready:
                    outcome = _receive(w, settings)
                elif time.monotonic() >= w.deadline:
                    outcome = ("failed", f"took longer than {settings.timeout_s:g} s (--timeout)")
                else:
                    continue
                kind, value = outcome
                item = w.take()
                if kind != "ok":  # a worker that failed once is not trusted with another document
                    w.busy = True  # kill it, whatever it is doing
                    w.stop()
                    workers[workers.index(w)] = w = _Worker(ctx, fn, settings)
                nxt = next(queue, _END)
                if nxt is not _END:
                    w.give(nxt, settings.timeout_s)
                yield value if kind == "ok" else on_failure(item, value)
    finally:
        for w in workers:
            w.stop()


_END = object()


def _receive(w: _Worker, settings: Settings) -> tuple[str, Any]:
    """The outcome a worker sent, or why it sent none (it died)."""
    memory = f"needed more than {settings.max_memory_mb:g} MB of memory (--max-memory)"
    try:
        if w.conn.poll():
            kind, value = w.conn.recv()
            if kind == "ok":
                return "ok", value
            return "failed", memory if kind == "memory" else value
    except (EOFError, OSError):
        pass
    except MemoryError:
        return "failed", "its result was too large to receive"
    w.process.join(timeout=5)
    if w.process.exitcode == -signal.SIGABRT:  # pdfium aborts where Python would raise MemoryError
        return "failed", f"its worker process aborted, most likely {memory}"
    return "failed", f"its worker process died ({_how(w.process.exitcode)})"


def _how(exitcode: int | None) -> str:
    """A worker's end in words: `exit status 3`, `signal SIGSEGV`."""
    if exitcode is None:
        return "it stopped answering"
    if exitcode >= 0:
        return f"exit status {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = str(-exitcode)
    if -exitcode == signal.SIGKILL:
        return f"signal {name}: killed, perhaps by the system for lack of memory"
    return f"signal {name}"


# ---- Dask ------------------------------------------------------------------------------------


def _bounded(submit, fn, items, workers: int, wait_some, on_failure) -> Iterator:
    """Keep at most IN_FLIGHT_PER_WORKER × workers futures pending; yield results as they finish."""
    queue = iter(items)
    pending: dict = {}
    limit = IN_FLIGHT_PER_WORKER * workers

    def collect(done) -> Iterator:
        for f in done:
            item = pending.pop(f)
            try:
                result = f.result()
            except Exception as exc:  # the worker died (Dask gives up on it) or `fn` raised
                result = on_failure(item, f"its worker failed ({type(exc).__name__}: {exc})")
            yield result

    for item in queue:
        pending[submit(fn, item)] = item
        if len(pending) >= limit:
            done, _ = wait_some(set(pending))
            yield from collect(done)
    while pending:
        done, _ = wait_some(set(pending))
        yield from collect(done)


def _dask(fn, items, settings: Settings, on_failure) -> Iterator:
    """Run on the Dask scheduler at `settings.scheduler`, or on a local cluster of `workers` processes."""
    try:
        from distributed import Client, LocalCluster
        from distributed import wait as dask_wait
    except ImportError:
        raise SettingsError("executor 'dask' needs Dask: pip install 'plans[dask]'") from None

    def wait_some(pending: set) -> tuple[set, set]:
        done, not_done = dask_wait(list(pending), return_when="FIRST_COMPLETED")
        return set(done), set(not_done)

    if settings.scheduler:
        client, cluster = Client(settings.scheduler), None
    else:
        cluster = LocalCluster(
            n_workers=settings.workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )
        client = Client(cluster)
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), settings.workers)
        yield from _bounded(
            lambda f, x: client.submit(f, x, pure=False), fn, items, workers, wait_some, on_failure
        )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
