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
import math
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from ..errors import InputError
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
from .runner import InProcessRunner, Runner
from .textstore import TextReader, text_paths

__all__ = ["Progress", "find", "list_sources"]

T = TypeVar("T")
R = TypeVar("R")

# Bytes of index per byte of text: a shingle record is 20 bytes, about one per 6 characters.
_INDEX_BYTES_PER_CHAR = 3.4
PARTITION_BYTES = 384 * 1024 * 1024  # index bytes one pairing task may hold

EXCERPT_CHARS = 72
MIN_BATCH_BYTES = 1 << 20


@dataclass
class Progress:
    """Callbacks the caller may give: a stage starts with so many tasks; one task is done."""

    stage: Callable[[str, int], None] = lambda name, total: None
    advance: Callable[[], None] = lambda: None


def list_sources(paths: Iterable[str]) -> list[str]:
    """Files named, and the files inside folders named (recursively, hidden ones left out),
    in a stable order. A folder with no file is an error."""
    found: list[str] = []
    for argument in paths:
        if not os.path.isdir(argument):
            found.append(argument)  # a missing file is reported by the scan, as unreadable
            continue
        inside: list[str] = []
        # Joined as strings: a Path per file cost more than listing a large corpus itself.
        for root, folders, files in os.walk(argument):
            folders[:] = sorted(name for name in folders if not name.startswith("."))
            inside.extend(os.path.join(root, name) for name in sorted(files)
                          if not name.startswith("."))
        if not inside:
            raise InputError(f"{argument}: the folder holds no files",
                             hint="give a folder with text files in it")
        found.extend(inside)
    return found


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
         work_dir: str | None = None, progress: Progress | None = None) -> FindResult:
    """Groups of passages that are versions of one another, in sources (paths) or witnesses.

    Unreadable sources are skipped and listed in the result. ``work_dir`` is where the
    stages' files go (a temporary folder inside it, removed afterwards); with a remote
    cluster it must be a folder that every worker sees at the same path.
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
    with tempfile.TemporaryDirectory(prefix="variorum-find-", dir=work_dir) as folder, \
            _Sweeper() as sweeper:
        batches = _batches(items, sizes, settings.batch_bytes, runner.workers)
        scans = [ScanTask(index, batch, folder, partitions, settings, read_options)
                 for index, batch in enumerate(batches)]
        scanned = _run(runner, scan, scans, "reading", progress)
        scanned.sort(key=lambda result: result.batch)
        pair_tasks = [PairTask(p, tuple(r.batch for r in scanned), folder, partitions,
                               settings) for p in range(partitions)]
        _run(runner, pair_anchors, pair_tasks, "indexing", progress)
        sweeper.remove(_with_bounds(shingle_path(folder, r.batch)) for r in scanned)
        chain_tasks = [ChainTask(q, partitions, folder, settings) for q in range(partitions)]
        found = [pair for pairs in _run(runner, run_chain_task, chain_tasks, "chaining",
                                        progress) for pair in pairs]
        sweeper.remove(_with_bounds(anchor_path(folder, p)) for p in range(partitions))
        sweeper.remove([path] for r in scanned for path in words_paths(folder, r.batch).values())
        found.sort(key=lambda p: (p.doc_a, p.a_start, p.doc_b, p.b_start))
        skipped = tuple(line for result in scanned for line in result.skipped)
        groups = _with_excerpts(group_pairs(found), folder, len(batches), runner, progress,
                                sweeper)
    return FindResult(tuple(groups), sum(r.documents for r in scanned),
                      sum(r.sources for r in scanned), skipped, settings)


class _Sweeper:
    """Deletes a stage's files once no later stage needs them, in a background thread: the
    work folder holds about four times the corpus, and deleting it all at the end took
    seconds in which nothing else ran. Leaving the ``with`` block waits for it."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="variorum-sweep")

    def remove(self, groups: Iterable[Iterable[Path]]) -> None:
        self._pool.submit(_unlink, [path for group in groups for path in group])

    def __enter__(self) -> _Sweeper:
        return self

    def __exit__(self, *exception: object) -> None:
        self._pool.shutdown(wait=True)


def _with_bounds(path: Path) -> tuple[Path, Path]:
    return path, path.with_suffix(".bounds.npy")


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        # What cannot be deleted now is left to the work folder's removal.
        with contextlib.suppress(OSError):
            path.unlink()


def _run(runner: Runner, function: Callable[[T], R], tasks: Sequence[T], stage: str,
         progress: Progress) -> list[R]:
    progress.stage(stage, len(tasks))
    results: list[R] = []
    for result in runner.map(function, tasks):
        results.append(result)
        progress.advance()
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


def _with_excerpts(groups: list[SpanGroup], work_dir: str, batches: int, runner: Runner,
                   progress: Progress, sweeper: _Sweeper) -> list[Group]:
    """Groups with their passages' sources and excerpts, read from what the scan kept (in
    parallel, on a cluster: a few batches per task, a batch's reads being short). A batch's
    texts are deleted as soon as its excerpts are in."""
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
    for results in _run(runner, read_excerpts, tasks, "excerpts", progress):
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
                            tuple(PassagePair(a, b, s) for a, b, s in group.pairs)))
    return result
