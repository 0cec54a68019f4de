"""Where the finder's tasks run: in this process, or on a Dask cluster.

A runner maps a module-level function over task descriptions (small frozen dataclasses that
name files in the work folder) and yields the results as they complete, so the caller can
show progress. Tasks talk to each other only through the work folder: with an existing
cluster (``--scheduler``) it must be a folder every worker sees at the same path.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import signal
import threading
import warnings
from collections.abc import Callable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol, TypeVar

from .. import interrupts
from ..errors import RunError, VariorumError

__all__ = ["DaskRunner", "InProcessRunner", "Runner", "make_runner", "signals_held"]

T = TypeVar("T")
R = TypeVar("R")


class Runner(Protocol):
    """Maps a function over tasks; results come in completion order."""

    workers: int

    def map(self, function: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


_warmed: list[bool] = []  # whether this process has loaded the compiled loops


class InProcessRunner:
    """Runs tasks one after the other in this process (the default).

    Before the first task the compiled loops are loaded (as on a Dask worker: :func:`warm_up`)
    with SIGINT and SIGTERM held: numba's compiler calls back into Python through ctypes,
    where a signal's exception is swallowed ("Exception ignored") or leaves llvmlite's
    objects half made (their ``__del__`` then fails at exit). The signal takes effect once
    they are loaded (half a second; the first run on a machine compiles them, seconds)."""

    workers = 1

    def map(self, function: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        if tasks and not _warmed:
            with signals_held():
                warm_up()
            _warmed.append(True)
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
    :meth:`close`.

    A task that Dask gives up on (its workers died running it: ``KilledWorker``) and a
    scheduler lost mid-run are a :class:`~variorum.errors.RunError`. With ``quiet``, Dask's
    own log lines (warnings, and the tracebacks it logs when the scheduler goes away) are
    not printed while the runner is open: the command line says what happened in one line.
    """

    def __init__(self, address: str | None = None, workers: int | None = None,
                 connect_timeout: str = "10s", quiet: bool = False) -> None:
        try:
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise VariorumError(
                "running on Dask needs the dask and distributed packages",
                hint="install them with: pip install 'variorum[dask]'") from None
        self._cluster: Any = None
        self._quiet = contextlib.ExitStack()
        if quiet:
            self._quiet.enter_context(
                distributed.utils.silence_logging_cmgr(level=logging.CRITICAL))
        try:
            # A local cluster's start (seconds) is not interrupted half-way: its processes
            # would be left to Dask's exit handler. A SIGINT or SIGTERM meanwhile takes
            # effect once it is up, and it is then stopped (below).
            with contextlib.nullcontext() if address is not None else signals_held():
                self._start(distributed, address, workers, connect_timeout, quiet)
        except BaseException:
            self.close()
            raise

    def _start(self, distributed: Any, address: str | None, workers: int | None,
               connect_timeout: str, quiet: bool) -> None:
        try:
            if address is not None:
                self._client: Any = distributed.Client(address, timeout=connect_timeout)
            else:
                with _config().set(_WORKER_CONFIG), warnings.catch_warnings():
                    if quiet:  # its scheduler's HTTP server takes another port: no matter
                        warnings.filterwarnings("ignore", "Port .* is already in use")
                    self._cluster = distributed.LocalCluster(
                        n_workers=workers or 2, threads_per_worker=1, processes=True,
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL if quiet else logging.WARN)
                self._client = distributed.Client(self._cluster)
        except (OSError, TimeoutError) as error:
            where = address or "a local cluster"
            raise VariorumError(f"cannot reach the Dask scheduler at {where}: {error}",
                                hint="check that the scheduler runs and the address is "
                                     "tcp://HOST:PORT") from None
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        # Each worker imports the finder and builds its tables once, now, rather than in the
        # middle of its first task (half a second each, which a short run would feel).
        self._client.run(warm_up, quiet and self._cluster is not None)

    def map(self, function: Callable[[T], R], tasks: Sequence[T]) -> Iterator[R]:
        """The results as tasks complete. Left early (an error, an interruption, the
        generator closed), the tasks not yet run are let go of: they will not start, but
        Dask cannot stop those running."""
        distributed: Any = importlib.import_module("distributed")
        if not tasks:
            return
        futures: list[Any] = []
        numbers: dict[Any, int] = {}
        completed: Any = None
        try:
            futures = self._client.map(function, list(tasks), pure=False)
            numbers = {future.key: number for number, future in enumerate(futures, start=1)}
            completed = distributed.as_completed(futures)
            for future in completed:
                yield future.result()
                future.release()
        except distributed.KilledWorker as error:
            deaths = error.allowed_failures + 1
            number = numbers.get(error.task)
            which = f"{function.__name__} task {number} of {len(futures)}" if number else ""
            raise RunError(
                f"a Dask worker died {'once' if deaths == 1 else f'{deaths} times'} on the "
                f"same task (KilledWorker{': ' + which if which else ''}); a worker dies "
                "most often of running out of memory",
                hint="try --workers 1 or more memory per worker") from None
        except distributed.comm.CommClosedError as error:
            raise _lost(f"connection closed: {error}") from None
        except distributed.client.FutureCancelledError as error:
            if getattr(error, "reason", None) != "scheduler-connection-lost":
                raise
            raise _lost("scheduler-connection-lost") from None
        finally:
            if completed is not None:
                completed.clear()
            for future in futures:
                future.release()

    def close(self) -> None:
        """Disconnect, and stop the local cluster. A SIGINT or SIGTERM arriving meanwhile
        takes effect once it is done: interrupted, the cluster would be left to Dask's exit
        handler, which waits for it for ten seconds."""
        client = getattr(self, "_client", None)
        with signals_held():
            try:
                if client is not None:
                    client.close()
                if self._cluster is not None:
                    self._cluster.close()
                    self._cluster = None
            finally:
                self._quiet.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM that arrive inside the block are delivered when it ends, to the
    handlers they had (a second Ctrl-C must not leave the work folder half removed): the
    first of them only, once. They are recorded for the command line at once (see
    :mod:`variorum.interrupts`)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def hold(number: int, frame: Any) -> None:
        interrupts.note(number)
        arrived.append(number)

    previous: dict[signal.Signals, Any] = {}
    for kind in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(kind)
        if handler is not None and handler != signal.SIG_IGN:  # None: not set from Python
            previous[kind] = signal.signal(kind, hold)
    try:
        yield
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler)
        if arrived:
            signal.raise_signal(arrived[0])


def _lost(what: str) -> RunError:
    return RunError(f"lost the connection to the Dask scheduler mid-run: {what}",
                    hint="check that the scheduler and its workers are still running, "
                         "then run find again")


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
_WORKER_CONFIG: dict[str, Any] = {
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
    "distributed.worker.profile.enabled": False,
}


def warm_up(quiet: bool = False) -> None:
    """Import what the tasks use, build the tables they look characters up in, and load the
    compiled loops (numba's cache: half a second per process). ``quiet``: the worker logs
    nothing (a local cluster's workers write to the command's stderr)."""
    import numpy as np

    if quiet:
        logging.getLogger("distributed").setLevel(logging.CRITICAL)

    from ..ingest import repair
    from ..text.charclass import class_table
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
        return DaskRunner(address=scheduler, quiet=True)
    if workers is not None and workers > 1:
        return DaskRunner(workers=workers, quiet=True)
    return InProcessRunner()
