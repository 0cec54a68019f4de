"""Run each measured case in a fresh process: honest peak memory, hard time and memory limits.

Two kinds of measurement:

* :func:`run_measured` starts ``python benchmarks/measure.py TOOL FILE...`` (the *worker*,
  bottom of this file), which reads the files, runs the tool in-process and prints its own
  best time as JSON. Timing starts from the texts in memory, so each tool pays for its own
  tokenization, but not for reading files or importing modules.
* :func:`run_command` times a whole command (a CLI, start-up included) from the outside.

Either way the peak resident memory is the child's ``ru_maxrss`` as reported by
:func:`os.wait4` for that very child, which, unlike ``RUSAGE_CHILDREN``, is not a maximum
over every child ever waited for. tracemalloc is not used: it slows numpy-heavy code down
and does not see memory allocated outside Python's allocator.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil  # type: ignore[import-untyped]  # no stubs in the venv

HERE = Path(__file__).resolve().parent

# A run this fast is repeated and its best time kept; slower runs are measured once.
REPEAT_BELOW_SECONDS = 3.0
DEFAULT_MEMORY_LIMIT_MB = 8_000.0


@dataclass(slots=True)
class Result:
    status: str  # "ok", "timeout", "out of memory", "error", "skipped"
    seconds: float | None = None
    peak_mb: float | None = None
    note: str = ""
    at_least: float | None = None  # a run that did not finish took at least this long

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def describe(self) -> str:
        if not self.ok:
            bound = f"(> {self.at_least:.0f} s)" if self.at_least is not None else ""
            peak = f"peak ≥ {self.peak_mb:.0f} MB" if self.peak_mb is not None else ""
            return " ".join(part for part in (self.status, bound, peak, self.note) if part)
        return f"{self.seconds:.3f} s, peak {self.peak_mb:.0f} MB {self.note}".strip()


@dataclass(slots=True)
class _Run:
    exit_code: int
    wall: float
    peak_mb: float
    killed: str  # "" or "timeout" or "out of memory"
    stdout: str
    stderr: str


def _run_once(cmd: Sequence[str], timeout: float, memory_limit_mb: float) -> _Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        done = threading.Event()
        killed: list[str] = []

        def watchdog() -> None:
            # Polls in a thread so that the main thread can block in wait4 and note the
            # end time exactly; polling only decides when to give up.
            try:
                ps = psutil.Process(proc.pid)
            except psutil.Error:
                return
            while not done.wait(0.05):
                try:
                    rss_mb = ps.memory_info().rss / 2**20
                except psutil.Error:
                    return
                reason = ""
                if time.perf_counter() - start > timeout:
                    reason = "timeout"
                elif rss_mb > memory_limit_mb:
                    reason = "out of memory"
                if reason and not done.is_set():
                    killed.append(reason)
                    proc.kill()
                    return

        thread = threading.Thread(target=watchdog, daemon=True)
        thread.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        thread.join()
        # We reaped the child ourselves; tell Popen so it never waits for it again.
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return _Run(
            exit_code=proc.returncode,
            wall=wall,
            peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
            killed=killed[0] if killed else "",
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def _failure(run: _Run, timeout: float, memory_limit_mb: float) -> Result | None:
    if run.killed == "timeout":
        return Result("timeout", at_least=timeout, peak_mb=run.peak_mb)
    if run.killed == "out of memory":
        return Result("out of memory", note=f"(> {memory_limit_mb:.0f} MB RSS)")
    if run.exit_code == -9:
        return Result("out of memory", note="(killed by the system)")
    if "MemoryError" in run.stderr:
        return Result("out of memory", note="(MemoryError)")
    if run.exit_code != 0:
        last = (run.stdout + run.stderr).strip().splitlines()[-1:] or [f"exit {run.exit_code}"]
        return Result("error", note=last[0][:120])
    return None


def run_measured(
    worker_args: Sequence[str],
    timeout: float = 300.0,
    memory_limit_mb: float = DEFAULT_MEMORY_LIMIT_MB,
) -> Result:
    """Run the worker (``TOOL FILE...``) in a fresh interpreter and return its best time."""
    cmd = [sys.executable, str(HERE / "measure.py"), *worker_args]
    run = _run_once(cmd, timeout, memory_limit_mb)
    failed = _failure(run, timeout, memory_limit_mb)
    if failed is not None:
        return failed
    report = json.loads(run.stdout.strip().splitlines()[-1])
    if "error" in report:
        return Result("error", note=str(report["error"]))
    runs = report["runs"]
    note = f"best of {len(runs)}" if len(runs) > 1 else ""
    return Result("ok", seconds=min(runs), peak_mb=run.peak_mb, note=note)


def run_command(
    cmd: Sequence[str],
    timeout: float = 300.0,
    memory_limit_mb: float = DEFAULT_MEMORY_LIMIT_MB,
    max_runs: int = 3,
) -> Result:
    """Wall time of a whole command (start-up included), best of up to ``max_runs``."""
    times: list[float] = []
    peak = 0.0
    while len(times) < max_runs:
        run = _run_once(cmd, timeout, memory_limit_mb)
        failed = _failure(run, timeout, memory_limit_mb)
        if failed is not None:
            return failed
        times.append(run.wall)
        peak = max(peak, run.peak_mb)
        if run.wall > REPEAT_BELOW_SECONDS:
            break
    note = f"best of {len(times)}" if len(times) > 1 else ""
    return Result("ok", seconds=min(times), peak_mb=peak, note=note)


# --------------------------------------------------------------------------- worker side


def _variorum_tool() -> Callable[[list[str]], object]:
    import variorum

    missing = [name for name in ("Witness", "collate") if not hasattr(variorum, name)]
    if missing:  # the package core is being written alongside this benchmark
        raise ImportError(f"variorum has no {', '.join(missing)} yet")

    def run(texts: list[str]) -> object:
        witnesses = [variorum.Witness.from_text(f"W{i}", t) for i, t in enumerate(texts)]
        return variorum.collate(witnesses)

    return run


def _pairwise_tool(diff: Callable[[list[str], list[str]], object]) -> Callable[[list[str]], object]:
    from baselines import tokenize

    def run(texts: list[str]) -> object:
        # A pairwise tool compares each edition with the one before it: that aligns every
        # witness with n - 1 diffs, each as hard as the two-witness case (the editions are
        # successive revisions, so the last one is farther from the first than any pair).
        tokens = [tokenize(t) for t in texts]
        return [diff(before, after) for before, after in itertools.pairwise(tokens)]

    return run


def _load_tool(name: str) -> Callable[[list[str]], object]:
    if name == "variorum":
        return _variorum_tool()
    from baselines import collatex_collate, difflib_opcodes, dmp_word_diff

    if name == "dmp":
        return _pairwise_tool(dmp_word_diff)
    if name == "difflib":
        return _pairwise_tool(difflib_opcodes)
    if name == "collatex":
        import collatex  # noqa: F401 - slow to import; keep that out of the timed runs

        return collatex_collate
    raise SystemExit(f"unknown tool {name!r}")


def _worker(argv: list[str]) -> None:
    name, *files = argv
    texts = [Path(f).read_text(encoding="utf-8") for f in files]
    try:
        tool = _load_tool(name)
    except ImportError as exc:
        print(json.dumps({"error": f"{name} not importable: {exc}"}))
        return
    runs: list[float] = []
    while len(runs) < 3:
        start = time.perf_counter()
        tool(texts)
        runs.append(time.perf_counter() - start)
        if runs[-1] > REPEAT_BELOW_SECONDS:
            break
    print(json.dumps({"runs": runs}))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    _worker(sys.argv[1:])
