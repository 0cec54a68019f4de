"""Where the finder's tasks run: in this process, or on a Dask cluster.

A runner maps a module-level function over task descriptions (small frozen dataclasses that
name files in the work folder) and yields the results as they complete, so the caller can
show progress. Tasks talk to each other only through the work folder: with an existing
cluster (``--scheduler``) it must be a folder every worker sees at the same path.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol, TypeVar

from ..errors import VariorumError

__all__ = ["DaskRunner", "InProcessRunner", "Runner", "make_runner"]

T = TypeVar("T")
R = TypeVar("R")


class Runner(Protocol):
    """Maps a function over tasks; results come in completion order."""

    workers: int

    def map(self, function: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class InProcessRunner:
    """Runs tasks one after the other in this process (the default)."""

    workers = 1

    def map(self, function: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        for task in tasks:
            yield function(task)

    def close(self) -> None:
        pass

    def __enter__(self) -> InProcessRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class DaskRunner:
    """Runs tasks on Dask: an existing cluster at ``address`` (``tcp://HOST:PORT``), or a
    ``LocalCluster`` of ``workers`` processes on this machine, started here and stopped by
    :meth:`close`."""

    def __init__(self, address: str | None = None, workers: int | None = None,
                 connect_timeout: str = "10s") -> None:
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise VariorumError(
                "running on Dask needs the dask and distributed packages",
                hint="install them with: pip install 'variorum[dask]'") from None
        self._cluster: Any = None
        try:
            if address is not None:
                self._client: Any = distributed.Client(address, timeout=connect_timeout)
            else:
                with _config().set(_WORKER_CONFIG):
                    self._cluster = distributed.LocalCluster(
                        n_workers=workers or 2, threads_per_worker=1, processes=True,
                        dashboard_address=None)
                self._client = distributed.Client(self._cluster)
        except (OSError, TimeoutError) as error:
            self.close()
            where = address or "a local cluster"
            raise VariorumError(f"cannot reach the Dask scheduler at {where}: {error}",
                                hint="check that the scheduler runs and the address is "
                                     "tcp://HOST:PORT") from None
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        # Each worker imports the finder and builds its tables once, now, rather than in the
        # middle of its first task (half a second each, which a short run would feel).
        self._client.run(warm_up)

    def map(self, function: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        as_completed: Any = importlib.import_module("distributed").as_completed
        if not tasks:
            return
        futures = self._client.map(function, list(tasks), pure=False)
        for future in as_completed(futures):
            yield future.result()
            future.release()

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _config() -> Any:
    return importlib.import_module("dask").config


# How the local cluster's workers are set up.
#
# Dask starts its workers with MALLOC_TRIM_THRESHOLD_ set, so that they hand freed memory back
# to the system at once. Setting it turns off glibc's adaptive threshold for large blocks:
# every numpy array of a task is then mapped afresh and its pages faulted in again, which
# made the scan stage 25% slower here. The other variables Dask sets are kept.
#
# Dask's workers also sample their threads' stacks every 10 ms for its dashboard's profiler,
# which holds the interpreter lock each time: the finder's tasks are mostly Python, and run
# with no dashboard here.
_WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
    "distributed.worker.profile.enabled": False,
}


def warm_up() -> None:
    """Import what the tasks use, build the tables they look characters up in, and load the
    compiled loops (numba's cache: half a second per process)."""
    import numpy as np

    from ..charclass import class_table
    from ..ingest import repair
    from . import index, refine  # noqa: F401
    from .kernels import batch_word_spans, sampled_shingles
    from .words import fold_table

    batch_word_spans(np.zeros(1, dtype=np.uint32), class_table(), fold_table())
    sampled_shingles(np.zeros(1, dtype=np.uint64), np.zeros(2, dtype=np.int64), 1, 1)
    repair._flag_table()
    repair._config()


def make_runner(scheduler: str | None = None, workers: int | None = None
                ) -> InProcessRunner | DaskRunner:
    """The runner asked for on the command line: Dask if a scheduler or workers are given."""
    if scheduler is not None:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://")):
            raise VariorumError(f"--scheduler {scheduler!r} is not a scheduler address",
                                hint="give it as tcp://HOST:PORT")
        return DaskRunner(address=scheduler)
    if workers is not None and workers > 1:
        return DaskRunner(workers=workers)
    return InProcessRunner()
