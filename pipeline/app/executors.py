"""Where per-document work runs: in this process, a process pool, or a Dask cluster.

Every executor streams: at most `IN_FLIGHT_PER_WORKER × workers` documents are
submitted and not yet collected, and results are yielded as they complete, so
memory stays flat however many documents there are. The caller writes each
result before it asks for the next one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import TypeVar

from pipeline.app.settings import Settings, SettingsError

IN_FLIGHT_PER_WORKER = 2
T = TypeVar("T")
R = TypeVar("R")


def map_unordered(fn: Callable[[T], R], items: Iterable[T], settings: Settings) -> Iterator[R]:
    """`fn` over `items` with the executor of `settings`, results in completion order."""
    items = list(items)
    if settings.executor == "dask":
        yield from _dask(fn, items, settings)
    elif settings.workers <= 1 or len(items) <= 1:
        yield from map(fn, items)
    else:
        with ProcessPoolExecutor(max_workers=settings.workers) as pool:
            yield from _bounded(pool.submit, fn, items, settings.workers, _wait_local)


def _wait_local(pending: set) -> tuple[set, set]:
    return wait(pending, return_when=FIRST_COMPLETED)


def _bounded(submit, fn, items, workers: int, wait_some) -> Iterator:
    """Keep at most IN_FLIGHT_PER_WORKER × workers futures pending; yield results as they finish."""
    queue = iter(items)
    pending: set = set()
    limit = IN_FLIGHT_PER_WORKER * workers
    for item in queue:
        pending.add(submit(fn, item))
        if len(pending) >= limit:
            done, pending = wait_some(pending)
            yield from (f.result() for f in done)
    while pending:
        done, pending = wait_some(pending)
        yield from (f.result() for f in done)


def _dask(fn, items, settings: Settings) -> Iterator:
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
            n_workers=settings.workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = Client(cluster)
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), settings.workers)
        yield from _bounded(lambda f, x: client.submit(f, x, pure=False), fn, items, workers, wait_some)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
