"""The shingle index: which runs of words occur more than once, and where.

Stage 1 (:func:`scan`) reads a batch of sources, hashes their words and writes, for every
hash range (partition) of the index, the shingles of the batch that fall in it: one numpy
file per batch and partition. Stage 2 (:func:`pair_anchors`) takes one partition, finds the
shingles that occur more than once and writes every pair of their occurrences (an *anchor*)
into files partitioned by pair of documents, for the chaining stage. No stage holds more
than one batch of text or one partition of the index.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..errors import VariorumError
from ..ingest.options import ReadOptions
from ..model import Witness
from .kernels import sampled_shingles
from .model import DocInfo, FindSettings
from .textstore import TextWriter, save_array
from .words import Words, batch_words, in_sorted

__all__ = ["ANCHOR", "SHINGLE", "NpyFile", "PairTask", "ScanResult", "ScanTask", "load_partition",
           "pair_anchors", "scan"]

IntArray = npt.NDArray[np.int64]
HashArray = npt.NDArray[np.uint64]

SHINGLE = np.dtype([("hash", "<u8"), ("doc", "<i8"), ("pos", "<i4")])
ANCHOR = np.dtype([("doc_a", "<i8"), ("pos_a", "<i4"), ("doc_b", "<i8"), ("pos_b", "<i4")])

# Occurrences of one shingle beyond this are boilerplate (or a degenerate text such as one
# word repeated): they take no part, whatever max_repeats says.
MAX_OCCURRENCES = 50_000


def doc_id(batch: int, index: int) -> int:
    """The finder's id of the ``index``-th document of a scan batch."""
    return (batch << 32) | index


def batch_of(doc: int) -> int:
    return doc >> 32


@dataclass(frozen=True)
class ScanTask:
    """Read these sources (paths, or witnesses already read) and index their shingles."""

    batch: int
    items: tuple[str | Witness, ...]
    work_dir: str
    partitions: int
    settings: FindSettings
    read_options: ReadOptions


@dataclass(frozen=True)
class ScanResult:
    batch: int
    documents: int
    sources: int
    skipped: tuple[str, ...]
    shingles: int
    chars: int


def words_paths(work_dir: str, batch: int) -> dict[str, Path]:
    base = Path(work_dir)
    return {name: base / f"b{batch}-{name}.npy" for name in ("words", "offsets")}


def _save_partitioned(path: Path, records: npt.NDArray[np.void], partition: IntArray,
                      partitions: int) -> None:
    """Records grouped by partition in one file, and where each partition begins beside it
    (two files per task, whatever the number of partitions)."""
    order = np.argsort(partition, kind="stable")  # keeps (document, position) order
    bounds = np.searchsorted(partition[order], np.arange(partitions + 1))
    save_array(path, records[order])
    save_array(path.with_suffix(".bounds.npy"), bounds)


class NpyFile:
    """Slices of a ``.npy`` file, read straight into arrays (unbuffered). A memory map made
    every first touch of a page a page fault, and the later stages read small slices all over
    the files: with two workers on two cores the faults scaled far worse than the work."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            version = np.lib.format.read_magic(handle)
            header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                      else np.lib.format.read_array_header_2_0)
            _, _, self.dtype = header(handle)
            self.offset = handle.tell()
        self.path = path
        self._file = path.open("rb", buffering=0)

    def slice(self, first: int, last: int) -> npt.NDArray[Any]:
        """Records ``first:last``, read straight into a new array."""
        array = np.empty(last - first, dtype=self.dtype)
        buffer = array.view(np.uint8).data
        self._file.seek(self.offset + first * self.dtype.itemsize)
        done = 0
        while done < len(buffer):  # a read returns at most about 2 GB
            count = self._file.readinto(buffer[done:])
            if not count:
                raise VariorumError(f"{self.path}: ends early; was the work folder changed?")
            done += count
        return array

    def close(self) -> None:
        self._file.close()


def load_partition(path: Path, partition: int) -> npt.NDArray[np.void]:
    """One partition's records from a file written by :func:`_save_partitioned` (only its
    bytes are read)."""
    bounds = np.load(path.with_suffix(".bounds.npy"))
    file = NpyFile(path)
    try:
        return file.slice(int(bounds[partition]), int(bounds[partition + 1]))
    finally:
        file.close()


def shingle_path(work_dir: str, batch: int) -> Path:
    return Path(work_dir) / f"s{batch}.npy"


def anchor_path(work_dir: str, partition: int) -> Path:
    return Path(work_dir) / f"a{partition}.npy"


def _read(item: str | Witness, options: ReadOptions) -> list[Witness]:
    """The witnesses of a source (a path, never split as ``LABEL=PATH``), or a witness given."""
    if isinstance(item, Witness):
        return [item]
    from ..ingest import read_path

    return read_path(item, options=options)


def scan(task: ScanTask) -> ScanResult:
    """Stage 1: words and shingles of one batch of sources, written to the work folder.

    A source that cannot be read is skipped with its one-line reason.
    """
    settings = task.settings
    documents: list[DocInfo] = []
    sources = 0
    skipped: list[str] = []
    words: list[Words] = []
    read: list[tuple[int, Witness]] = []  # (part of its source, witness)
    chars = 0
    texts = TextWriter(task.work_dir, task.batch)
    for item in task.items:
        try:
            witnesses = _read(item, task.read_options)
        except VariorumError as error:
            skipped.append(error.one_line())
            continue
        except (OSError, ValueError) as error:  # pragma: no cover - readers raise InputError
            skipped.append(f"{item}: cannot be read: {error}")
            continue
        sources += 1
        read.extend(enumerate(witnesses))
    # All the batch's words in one pass (see batch_words), then each document's record.
    for (part, witness), found in zip(read, batch_words([w for _, w in read]), strict=True):
        documents.append(DocInfo(doc_id(task.batch, len(documents)),
                                 witness.source or witness.id, part, witness.id,
                                 len(found), witness.end - witness.start))
        chars += witness.end - witness.start
        words.append(found)
        texts.add(witness.text)
    texts.close()
    # The batch's words one after another: document k holds [offsets[k], offsets[k + 1]).
    offsets = np.zeros(len(words) + 1, dtype=np.int64)
    np.cumsum([len(w) for w in words], out=offsets[1:])
    hashes: HashArray = np.concatenate([np.zeros(0, np.uint64), *(w.hashes for w in words)])
    _save_words(words_paths(task.work_dir, task.batch), words, hashes, offsets)
    records = _shingles(hashes, offsets, task.batch, settings)
    _save_partitioned(shingle_path(task.work_dir, task.batch), records,
                      _partition_of(records["hash"], task.partitions), task.partitions)
    save_documents(task.work_dir, task.batch, documents)
    return ScanResult(task.batch, len(documents), sources, tuple(skipped), len(records), chars)


def _save_words(paths: dict[str, Path], words: list[Words], hashes: HashArray,
                offsets: IntArray) -> None:
    """The batch's ``words`` (``hashes``: theirs, joined), for the chaining stage, in as few
    bytes as serve it: they are the largest part of the work folder, and writing (then
    deleting) it costs time.

    One record per word, so that the chaining stage reads a document's words in one read.
    It only compares words with words (extending copies, measuring their likeness), so 32
    bits of each hash do: a false equality is a 1 in 4 billion event, and would add one word
    to a score. Starts are 32-bit unless a text is longer than that; extents are lengths,
    16-bit unless a written word is longer. (Readers cast all back.)
    """
    starts: IntArray = np.concatenate([np.zeros(0, np.int64), *(w.starts for w in words)])
    ends: IntArray = np.concatenate([np.zeros(0, np.int64), *(w.ends for w in words)])
    lengths = ends - starts
    records = np.empty(len(hashes), dtype=[
        ("hash", "<u4"), ("start", "<i4" if _fits(starts, 2**31) else "<i8"),
        ("length", "<u2" if _fits(lengths, 2**16) else "<i8")])
    records["hash"] = hashes >> np.uint64(32)
    records["start"], records["length"] = starts, lengths
    save_array(paths["words"], records)
    save_array(paths["offsets"], offsets)


def _fits(values: npt.NDArray[np.generic], bound: int) -> bool:
    return not len(values) or int(values.max()) < bound


def _documents_path(work_dir: str, batch: int) -> Path:
    return Path(work_dir) / f"b{batch}-documents.json"


def save_documents(work_dir: str, batch: int, documents: list[DocInfo]) -> None:
    """The batch's document table, kept in the work folder (the driver reads back only the
    batches its groups need)."""
    rows = [[d.source, d.part, d.witness_id, d.words, d.chars] for d in documents]
    _documents_path(work_dir, batch).write_text(json.dumps(rows), encoding="utf-8")


def load_documents(work_dir: str, batch: int) -> list[DocInfo]:
    rows = json.loads(_documents_path(work_dir, batch).read_text(encoding="utf-8"))
    return [DocInfo(doc_id(batch, index), source, part, witness_id, words, chars)
            for index, (source, part, witness_id, words, chars) in enumerate(rows)]


def _shingles(hashes: HashArray, offsets: IntArray, batch: int, settings: FindSettings
              ) -> npt.NDArray[np.void]:
    """Every (sampled) shingle of the batch's documents (their word ``hashes`` one after
    another, cut at ``offsets``): its hash, document and position.

    Sampled by value, so a shingle kept in one document is kept in every other; no shingle
    runs from one document into the next.
    """
    shingles, document, positions = sampled_shingles(hashes, offsets, settings.ngram,
                                                     settings.effective_sample)
    records = np.empty(len(shingles), dtype=SHINGLE)
    records["hash"] = shingles
    records["doc"] = doc_id(batch, 0) + document
    records["pos"] = positions
    return records


def _partition_of(hashes: HashArray, partitions: int) -> IntArray:
    """Hash range of each shingle: the top 32 bits scaled to ``partitions``."""
    top = hashes >> np.uint64(32)
    return ((top * np.uint64(partitions)) >> np.uint64(32)).astype(np.int64)


@dataclass(frozen=True)
class PairTask:
    """Find the repeated shingles of one hash partition, over all scanned batches."""

    partition: int
    batches: tuple[int, ...]
    work_dir: str
    pair_partitions: int
    settings: FindSettings


def pair_anchors(task: PairTask) -> int:
    """Stage 2: anchors (pairs of occurrences of one shingle), written by pair of documents.

    Returns the number of anchors written.
    """
    parts = [load_partition(shingle_path(task.work_dir, batch), task.partition)
             for batch in task.batches]
    records = np.concatenate(parts) if parts else np.zeros(0, dtype=SHINGLE)
    del parts
    anchors = repeated_pairs(records, task.settings)
    _save_partitioned(anchor_path(task.work_dir, task.partition), anchors,
                      pair_partition_of(anchors["doc_a"], anchors["doc_b"],
                                        task.pair_partitions), task.pair_partitions)
    return len(anchors)


def pair_partition_of(doc_a: IntArray, doc_b: IntArray, partitions: int) -> IntArray:
    """Which chaining task handles a pair of documents (all anchors of a pair go together)."""
    with np.errstate(over="ignore"):
        mixed = (doc_a.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)) ^ (
            doc_b.astype(np.uint64) * np.uint64(0xBF58476D1CE4E5B9))
        mixed ^= mixed >> np.uint64(29)
    return (mixed % np.uint64(partitions)).astype(np.int64)


def repeated_pairs(records: npt.NDArray[np.void], settings: FindSettings
                   ) -> npt.NDArray[np.void]:
    """Anchors from shingle occurrences: every pair of occurrences of a shingle seen at most
    ``max_repeats`` times; for a more frequent one, each occurrence with the next (so copies
    of a page captured a thousand times still link up, in a chain rather than all pairs).

    Records must be in (document, position) order; anchors are ordered so that
    ``(doc_a, pos_a) < (doc_b, pos_b)``.
    """
    hashes = records["hash"]
    if len(hashes) < 2:
        return np.zeros(0, dtype=ANCHOR)
    # Sorting bare hashes is several times cheaper than an argsort of all records, and most
    # shingles occur once: only the repeated ones are then sorted with their records.
    ordered = np.sort(hashes)
    repeated = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    if not len(repeated):
        return np.zeros(0, dtype=ANCHOR)
    chosen = _occurrences_of(repeated, hashes)
    chosen = chosen[np.argsort(hashes[chosen], kind="stable")]
    keys = hashes[chosen]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    counts = np.diff(np.append(starts, len(keys)))
    few = counts <= settings.max_repeats
    many = ~few & (counts <= MAX_OCCURRENCES)
    left_all, right_all = _all_pairs(starts[few], counts[few])
    left_path, right_path = _neighbour_pairs(starts[many], counts[many])
    left = chosen[np.concatenate([left_all, left_path])]
    right = chosen[np.concatenate([right_all, right_path])]
    return _anchors(records, left, right, settings)


def _occurrences_of(repeated: HashArray, hashes: HashArray) -> IntArray:
    """Indices (in order) of the ``hashes`` that are among the sorted ``repeated`` ones.

    A bitmap of the repeated hashes' top bits first rules out most occurrences in one
    sequential pass; only the rest are looked up by binary search, which, done for every
    occurrence, took longer than the sorting.
    """
    shift = np.uint64(64 - _BITMAP_BITS)
    bitmap = np.zeros(1 << _BITMAP_BITS, dtype=np.bool_)
    bitmap[(repeated >> shift).astype(np.int64)] = True
    candidates = np.flatnonzero(bitmap[(hashes >> shift).astype(np.int64)])
    chosen: IntArray = candidates[in_sorted(hashes[candidates], repeated)]
    return chosen


_BITMAP_BITS = 24  # 16 MB of bitmap


def _all_pairs(starts: IntArray, counts: IntArray) -> tuple[IntArray, IntArray]:
    """Every pair (i < j) of positions inside each run ``[start, start + count)``."""
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    members = np.repeat(starts, counts) + _ranks(counts)
    later = np.repeat(starts + counts, counts) - members - 1  # partners after each member
    left = np.repeat(members, later)
    right = left + _ranks(later) + 1
    return left, right


def _neighbour_pairs(starts: IntArray, counts: IntArray) -> tuple[IntArray, IntArray]:
    if not len(starts):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    left = np.repeat(starts, counts - 1) + _ranks(counts - 1)
    return left, left + 1


def _ranks(counts: IntArray) -> IntArray:
    """0, 1, ..., count - 1 for each count, concatenated."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    firsts = np.cumsum(counts) - counts
    ranks: IntArray = np.arange(total, dtype=np.int64) - np.repeat(firsts, counts)
    return ranks


def _anchors(records: npt.NDArray[np.void], left: IntArray, right: IntArray,
             settings: FindSettings) -> npt.NDArray[np.void]:
    doc_a, pos_a = records["doc"][left], records["pos"][left]
    doc_b, pos_b = records["doc"][right], records["pos"][right]
    swap = (doc_a > doc_b) | ((doc_a == doc_b) & (pos_a > pos_b))
    doc_a, doc_b = np.where(swap, doc_b, doc_a), np.where(swap, doc_a, doc_b)
    pos_a, pos_b = np.where(swap, pos_b, pos_a), np.where(swap, pos_a, pos_b)
    same = doc_a == doc_b
    # Inside one document, overlapping occurrences (a word repeated) are no copy.
    keep = ~same | (pos_b - pos_a >= settings.ngram)
    if settings.scope == "within":
        keep &= same
    elif settings.scope == "across":
        keep &= ~same
    anchors = np.empty(int(keep.sum()), dtype=ANCHOR)
    anchors["doc_a"], anchors["pos_a"] = doc_a[keep], pos_a[keep]
    anchors["doc_b"], anchors["pos_b"] = doc_b[keep], pos_b[keep]
    return anchors
