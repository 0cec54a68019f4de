"""The corpus job: scan, index, chain, group, excerpts — each stage but grouping a set of
independent tasks.

::

    sources ──scan──▶ words + shingles by hash range ──pair──▶ anchors by document pair
            ──chain──▶ passage pairs ──group (here)──▶ groups ──excerpts──▶ groups with
            their passages' names and first words

Every stage writes numpy files into a work folder and hands the next stage only their
names, so a task holds one batch of sources, one hash range of the index or one set of
document pairs — never the whole corpus. The runner decides where tasks run.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from .. import interrupts
from ..errors import InputError, RunError
from ..ingest.options import ReadOptions
from ..model import Witness
from .groups import SpanGroup, group_pairs
from .index import (
    PairTask,
    ScanTask,
    anchor_path,
    batch_of,
    load_documents,
    pair_anchors,
    scan,
    shingle_path,
    words_paths,
)
from .model import FindResult, FindSettings, Group, Passage, PassagePair
from .refine import ChainTask, run_chain_task
from .runner import InProcessRunner, Runner, signals_held
from .textstore import TextReader, text_paths

__all__ = ["Progress", "Sources", "check_work_dir", "find", "gather_sources", "list_sources",
           "work_folder"]

T = TypeVar("T")
R = TypeVar("R")

# Bytes of index per byte of text: a shingle record is 20 bytes, about one per 6 characters.
_INDEX_BYTES_PER_CHAR = 3.4
PARTITION_BYTES = 384 * 1024 * 1024  # index bytes one pairing task may hold

EXCERPT_CHARS = 72
MIN_BATCH_BYTES = 1 << 20
# Work folder bytes per byte of source at its fullest (after the scan): 3.3 measured on
# generated prose (docs/scaling.md), and a little margin.
WORK_BYTES_PER_BYTE = 3.4
# How long removing the work folder may keep trying while tasks still running on a cluster
# write into it (a scan task takes a few seconds at most).
REMOVAL_PATIENCE = 5.0


@dataclass
class Progress:
    """Callbacks the caller may give: a stage starts with so many tasks; one task is done."""

    stage: Callable[[str, int], None] = lambda name, total: None
    advance: Callable[[], None] = lambda: None
    # The work folder has been made, at this path.
    work_folder: Callable[[str], None] = lambda path: None


@dataclass(frozen=True)
class Sources:
    """The files to read, each once, and how many of them were given more than once."""

    files: list[str] = field(default_factory=list)
    repeated: int = 0


def list_sources(paths: Iterable[str]) -> list[str]:
    """Files named, and the files inside folders named (recursively, hidden ones left out),
    in a stable order, each once. A folder with no file is an error."""
    return gather_sources(paths).files


def gather_sources(paths: Iterable[str]) -> Sources:
    """:func:`list_sources`, and how many files were given more than once: the same path
    twice, a folder twice, or a file and a folder holding it (read where first given).

    A file is known by its folder's real path and its name: only the arguments are resolved
    (a ``realpath`` per file would cost more than listing a large corpus), so two names of
    one file through a symbolic link to the file itself are two files.
    """
    found: list[str] = []
    seen: set[str] = set()
    repeated: set[str] = set()
    for argument in paths:
        if not os.path.isdir(argument):
            # A missing file is reported by the scan, as unreadable.
            folder, name = os.path.split(argument)
            key = os.path.join(os.path.realpath(folder or os.curdir), name)
            if key in seen:
                repeated.add(key)
            else:
                seen.add(key)
                found.append(argument)
            continue
        holds_files = False
        real = os.path.realpath(argument)
        # Joined as strings: a Path per file cost more than listing a large corpus itself.
        for root, folders, files in os.walk(argument):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            names = [name for name in sorted(files) if not name.startswith(".")]
            if not names:
                continue
            holds_files = True  # even if all of them were given before
            # The key of a file: its folder's real path (once per folder) and its name.
            prefix = os.path.join(
                os.path.normpath(os.path.join(real, os.path.relpath(root, argument))), "")
            for name in names:
                key = prefix + name
                if key in seen:
                    repeated.add(key)
                else:
                    seen.add(key)
                    found.append(os.path.join(root, name))
        if not holds_files:
            raise InputError(f"{argument}: the folder holds no files",
                             hint="give a folder with text files in it")
    return Sources(found, len(repeated))


def _size(item: str | Witness) -> int:
    if isinstance(item, Witness):
        return item.end - item.start
    try:
        return os.path.getsize(item)
    except OSError:
        return 0


def _batches(items: Sequence[str | Witness], sizes: Sequence[int], limit: int, workers: int
             ) -> list[tuple[str | Witness, ...]]:
    """Consecutive items cut into batches of about ``limit`` bytes, and into at least as
    many batches as there are workers when there are enough items."""
    total = sum(sizes)
    # Enough batches to share among the workers and for a progress bar to move.
    limit = max(1, min(limit, max(MIN_BATCH_BYTES, math.ceil(total / 16)),
                       math.ceil(total / max(1, 2 * workers))))
    batches: list[list[str | Witness]] = [[]]
    filled = 0
    for item, size in zip(items, sizes, strict=True):
        if batches[-1] and filled + size > limit:
            batches.append([])
            filled = 0
        batches[-1].append(item)
        filled += size
    return [tuple(batch) for batch in batches if batch]


def find(items: Sequence[str | Witness], settings: FindSettings | None = None, *,
         runner: Runner | None = None, read_options: ReadOptions | None = None,
         work_dir: str | None = None, progress: Progress | None = None,
         keep_work: bool = False) -> FindResult:
    """Groups of passages that are versions of one another, in sources (paths) or witnesses.

    Unreadable sources are skipped and listed in the result. ``work_dir`` is where the
    stages' files go (a temporary folder inside it, removed afterwards even on an error or
    an interruption, unless ``keep_work``: then it keeps every stage's files, and
    ``progress.work_folder`` is told where it is); with a remote cluster it must be a folder
    that every worker sees at the same path. A work folder that is missing or fills up, or
    a cluster that fails, is a :class:`~variorum.errors.RunError`.
    """
    settings = settings or FindSettings()
    runner = runner or InProcessRunner()
    read_options = read_options or ReadOptions()
    progress = progress or Progress()
    sizes = [_size(item) for item in items]
    total = sum(sizes)
    partitions = settings.partitions or max(
        1, math.ceil(total * _INDEX_BYTES_PER_CHAR / settings.effective_sample
                     / PARTITION_BYTES),
        2 * runner.workers if runner.workers > 1 else 1)
    with work_folder(work_dir, keep=keep_work) as folder, \
            _Sweeper(active=not keep_work) as sweeper:
        progress.work_folder(folder)
        job = _Job(runner, progress, folder, work_dir or tempfile.gettempdir(), total)
        batches = _batches(items, sizes, settings.batch_bytes, runner.workers)
        scans = [ScanTask(index, batch, folder, partitions, settings, read_options)
                 for index, batch in enumerate(batches)]
        scanned = _run(job, scan, scans, "reading")
        scanned.sort(key=lambda result: result.batch)
        pair_tasks = [PairTask(p, tuple(r.batch for r in scanned), folder, partitions,
                               settings) for p in range(partitions)]
        _run(job, pair_anchors, pair_tasks, "indexing")
        sweeper.remove(_with_bounds(shingle_path(folder, r.batch)) for r in scanned)
        chain_tasks = [ChainTask(q, partitions, folder, settings) for q in range(partitions)]
        found = [pair for pairs in _run(job, run_chain_task, chain_tasks, "chaining")
                 for pair in pairs]
        sweeper.remove(_with_bounds(anchor_path(folder, p)) for p in range(partitions))
        sweeper.remove([path] for r in scanned for path in words_paths(folder, r.batch).values())
        found.sort(key=lambda p: (p.doc_a, p.a_start, p.doc_b, p.b_start))
        skipped = tuple(line for result in scanned for line in result.skipped)
        groups = _with_excerpts(group_pairs(found), len(batches), job, sweeper)
    return FindResult(tuple(groups), sum(r.documents for r in scanned),
                      sum(r.sources for r in scanned), skipped, settings)


@contextlib.contextmanager
def work_folder(work_dir: str | None = None, *, keep: bool = False) -> Iterator[str]:
    """A new folder ``variorum-find-*`` inside ``work_dir`` (default: the system's temporary
    folder), removed with everything in it when the block ends — normally, on an error, on
    KeyboardInterrupt or on the command line's SIGTERM — unless ``keep``.

    A ``work_dir`` that does not exist, or in which no folder can be made, is a
    :class:`~variorum.errors.RunError`.
    """
    check_work_dir(work_dir)
    parent = work_dir or tempfile.gettempdir()
    try:
        folder = tempfile.mkdtemp(prefix="variorum-find-", dir=work_dir)
    except OSError as error:
        if error.errno in _FULL:
            raise _full(error, parent, 0, None) from None
        raise RunError(f"cannot make a folder in the work folder {parent}: "
                       f"{error.strerror or error}",
                       hint="give --work-dir a folder you can write to") from None
    try:
        yield folder
    finally:
        if not keep:
            _remove(folder)


def check_work_dir(work_dir: str | None) -> None:
    """The :class:`~variorum.errors.RunError` :func:`find` would raise for a ``work_dir``
    that does not exist or is no folder, raised now (before any work)."""
    if work_dir is not None and not os.path.isdir(work_dir):
        if os.path.exists(work_dir):
            raise RunError(f"--work-dir {work_dir}: is not a folder",
                           hint="give a folder, or leave --work-dir out to use the system's")
        raise RunError(f"--work-dir {work_dir}: no such folder",
                       hint="create it, or leave --work-dir out to use the system's")


def _remove(folder: str) -> None:
    """Remove the work folder. Tasks still running on a cluster after an error may write
    into it meanwhile (their results are no longer wanted, but Dask cannot stop a running
    task): removal is tried again until they are done, for at most ``REMOVAL_PATIENCE``
    seconds, after which what is left stays (the command line says so). A SIGINT or SIGTERM
    arriving meanwhile takes effect once it is done."""
    deadline = time.monotonic() + REMOVAL_PATIENCE
    with signals_held():
        while os.path.lexists(folder):
            try:
                shutil.rmtree(folder)
            except OSError:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.05)


_FULL = frozenset(code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None))
                  if code is not None)


def _amount(size: float) -> str:
    if size >= 1e9:
        return f"{size / 1e9:.1f} GB"
    return f"{size / 1e6:.0f} MB" if size >= 1e7 else f"{size / 1e6:.1f} MB"


def _full(error: OSError, parent: str, written: int, corpus: int | None) -> RunError:
    """The work folder's disk (or the user's quota on it) is full."""
    code = errno.errorcode.get(error.errno or 0, "ENOSPC")
    reason = error.strerror or os.strerror(error.errno or errno.ENOSPC)
    need = ("" if corpus is None else
            f": {_amount(corpus * WORK_BYTES_PER_BYTE)} for these {_amount(corpus)}")
    return RunError(f"the work folder {parent} is full ({code}: {reason}) after writing "
                    f"{_amount(written)}",
                    hint=f"give --work-dir a folder with about {WORK_BYTES_PER_BYTE}x the "
                         f"corpus size free{need}")


def _held(folder: str) -> int:
    """Bytes of the files in the work folder (it holds a few files per batch)."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        return sum(entry.stat(follow_symlinks=False).st_size for entry in entries
                   if entry.is_file(follow_symlinks=False))
    return 0


@dataclass(frozen=True)
class _Job:
    """What every stage runs with."""

    runner: Runner
    progress: Progress
    folder: str  # the work folder
    parent: str  # the folder it is in (--work-dir, or the system's)
    corpus: int  # bytes of sources

    def failure(self, error: OSError) -> RunError | None:
        """The one-line error for a task's failing to write or read the work folder (raised
        here or sent back by a worker), or None if it is something else."""
        if error.errno in _FULL:
            return _full(error, self.parent, _held(self.folder), self.corpus)
        if error.errno == errno.ENOENT and not os.path.isdir(self.folder):
            return RunError(f"the work folder {self.folder} was removed while find ran",
                            hint="give --work-dir a folder that nothing else cleans up")
        return None


class _Sweeper:
    """Deletes a stage's files once no later stage needs them, in a background thread: the
    work folder holds about four times the corpus, and deleting it all at the end took
    seconds in which nothing else ran. Leaving the ``with`` block waits for it; after an
    error (or an interruption) only for the deletion under way, the rest going with the
    work folder. When not ``active`` (the work folder is kept) nothing is deleted."""

    def __init__(self, active: bool = True) -> None:
        self._active = active
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="variorum-sweep")

    def remove(self, groups: Iterable[Iterable[Path]]) -> None:
        if self._active:
            self._pool.submit(_unlink, [path for group in groups for path in group])

    def __enter__(self) -> _Sweeper:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exception: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=kind is not None)


def _with_bounds(path: Path) -> tuple[Path, Path]:
    return path, path.with_suffix(".bounds.npy")


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        # What cannot be deleted now is left to the work folder's removal.
        with contextlib.suppress(OSError):
            path.unlink()


def _run(job: _Job, function: Callable[[T], R], tasks: Sequence[T], stage: str) -> list[R]:
    job.progress.stage(stage, len(tasks))
    results: list[R] = []
    running = job.runner.map(function, tasks)
    try:
        for result in running:
            # A SIGTERM or SIGINT swallowed inside the task (numba's compiler calls back into
            # Python, where it may land) ends the run here.
            interrupts.check()
            results.append(result)
            job.progress.advance()
    except OSError as error:
        failure = job.failure(error)
        if failure is None:
            raise
        raise failure from None
    finally:
        # At once, not when the traceback goes: a Dask runner then lets go of the tasks
        # not yet run, before the work folder is removed.
        close = getattr(running, "close", None)
        if close is not None:
            close()
    return results


def _excerpt(text: str, length: int) -> str:
    """The start of a passage (``text``, of a passage ``length`` long) on one line."""
    excerpt = " ".join(text.split())
    if len(excerpt) > EXCERPT_CHARS or length > len(text):
        excerpt = excerpt[:EXCERPT_CHARS].rstrip() + "…"
    return excerpt


@dataclass(frozen=True)
class ExcerptTask:
    """Read the excerpts (and the documents' names) of passages of some scan batches: for
    each batch, spans of (document index in the batch, first code point, end code point)."""

    work_dir: str
    batches: tuple[tuple[int, tuple[tuple[int, int, int], ...]], ...]


def read_excerpts(task: ExcerptTask) -> list[tuple[int, list[tuple[str, str, str]]]]:
    """Stage 4: for each batch of the task, source, witness id and excerpt of each of its
    spans, in their order (results may come back in any order)."""
    found = []
    for batch, spans in task.batches:
        documents = load_documents(task.work_dir, batch)
        reader = TextReader(task.work_dir, batch)
        try:
            found.append((batch, [
                (documents[index].source, documents[index].witness_id,
                 _excerpt(reader.read(index, start, min(end, start + 4 * EXCERPT_CHARS)),
                          end - start))
                for index, start, end in spans]))
        finally:
            reader.close()
    return found


def _with_excerpts(groups: list[SpanGroup], batches: int, job: _Job, sweeper: _Sweeper
                   ) -> list[Group]:
    """Groups with their passages' sources and excerpts, read from what the scan kept (in
    parallel, on a cluster: a few batches per task, a batch's reads being short). A batch's
    texts are deleted as soon as its excerpts are in."""
    runner, work_dir = job.runner, job.folder
    wanted: dict[int, dict[tuple[int, int, int], None]] = {}  # ordered sets, by batch
    for group in groups:
        for doc_id, _, _, start, end in group.spans:
            wanted.setdefault(batch_of(doc_id), {})[doc_id & 0xFFFFFFFF, start, end] = None
    sweeper.remove(text_paths(work_dir, batch) for batch in range(batches)
                   if batch not in wanted)
    needed = [(batch, tuple(spans)) for batch, spans in sorted(wanted.items())]
    # One task per batch in this process; on a cluster, about four per worker.
    size = 1 if runner.workers == 1 else max(1, math.ceil(len(needed) / (4 * runner.workers)))
    tasks = [ExcerptTask(work_dir, tuple(needed[i : i + size]))
             for i in range(0, len(needed), size)]
    spans_of = dict(needed)
    found: dict[tuple[int, int, int, int], tuple[str, str, str]] = {}
    for results in _run(job, read_excerpts, tasks, "excerpts"):
        for batch, read in results:
            sweeper.remove([text_paths(work_dir, batch)])
            found.update(((batch, *span), item)
                         for span, item in zip(spans_of[batch], read, strict=True))
    result = []
    for number, group in enumerate(groups, start=1):
        passages = []
        for doc_id, first_word, end_word, start, end in group.spans:
            source, witness_id, excerpt = found[batch_of(doc_id), doc_id & 0xFFFFFFFF, start,
                                                end]
            passages.append(Passage(doc_id, source, witness_id, start, end,
                                    end_word - first_word, first_word, excerpt))
        result.append(Group(number, tuple(passages),
                            tuple(PassagePair(a, b, s, spans) for (a, b, s), spans
                                  in zip(group.pairs, group.pair_spans, strict=True))))
    return result
