"""From chains to passage pairs: extend each chain to where the copies stop agreeing, join
the pieces of one re-ordered passage, and measure how alike the two copies are.

*Extension* walks word by word outward from a chain's ends, scoring +1 for an equal word and
-2 for a different one, and stops once the score falls ``XDROP`` below its best (an X-drop
extension, as in BLAST): a stray OCR error or substituted word does not stop it, a real end
of the copy does, and the copy is cut where the score was best.

*Similarity* is the share of words (of both copies together) that stand in a run of three
words found in the other copy: 1.0 for exact copies, about 0.95 for copies with 5% of their
words changed, and insensitive to the order of paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .chains import Chains, chain_anchors
from .index import ANCHOR, NpyFile, anchor_path, batch_of, load_partition, words_paths
from .model import FindSettings
from .words import Words, in_sorted, ngram_hashes

__all__ = ["ChainTask", "FoundPair", "WordStore", "extend", "refine_chains", "run_chain_task",
           "similarity"]

IntArray = npt.NDArray[np.int64]
HashArray = npt.NDArray[np.uint64]

XDROP = 6
EXTEND_STEP = 512  # words compared at once while extending


@dataclass(frozen=True)
class FoundPair:
    """Words ``[a_start, a_end)`` of ``doc_a`` are a version of ``[b_start, b_end)`` of
    ``doc_b``; ``*_chars`` are the same spans as offsets into the texts as found."""

    doc_a: int
    a_start: int
    a_end: int
    doc_b: int
    b_start: int
    b_end: int
    similarity: float
    a_chars: tuple[int, int]
    b_chars: tuple[int, int]


class WordStore:
    """The words of scanned documents, read from the work folder on demand (only the bytes of
    the documents asked for). Their hashes are the top 32 bits of the scan's (see
    ``index._save_words``): enough to compare words."""

    def __init__(self, work_dir: str) -> None:
        self.work_dir = work_dir
        self._batches: dict[int, tuple[IntArray, NpyFile]] = {}

    def words(self, doc: int) -> Words:
        batch = batch_of(doc)
        if batch not in self._batches:
            paths = words_paths(self.work_dir, batch)
            self._batches[batch] = (np.load(paths["offsets"]), NpyFile(paths["words"]))
        offsets, file = self._batches[batch]
        index = doc & 0xFFFFFFFF
        records = file.slice(int(offsets[index]), int(offsets[index + 1]))
        starts = records["start"].astype(np.int64)
        return Words(records["hash"].astype(np.uint64), starts,
                     starts + records["length"].astype(np.int64))

    def close(self) -> None:
        for _, file in self._batches.values():
            file.close()
        self._batches.clear()


class MemoryWords:
    """Words held in memory (for callers that already have them)."""

    def __init__(self, words: dict[int, Words]) -> None:
        self._words = words

    def words(self, doc: int) -> Words:
        return self._words[doc]


def extend(first: HashArray, second: HashArray, a: int, b: int, step: int,
           limit: int) -> int:
    """How many words to add to a match at ``a`` / ``b`` going ``step`` (+1 forward from
    the positions, -1 backward before them), comparing at most ``limit`` words."""
    added = 0
    while limit > 0:
        span = min(limit, EXTEND_STEP)
        if step > 0:
            left, right = first[a + added : a + added + span], second[b + added : b + added + span]
        else:
            left = first[max(0, a - added - span) : a - added][::-1]
            right = second[max(0, b - added - span) : b - added][::-1]
        size = min(len(left), len(right))
        if size == 0:
            break
        score = np.cumsum(np.where(left[:size] == right[:size], 1, -2))
        best = np.maximum.accumulate(np.maximum(score, 0))
        dropped = np.flatnonzero(best - score >= XDROP)
        stop = int(dropped[0]) if len(dropped) else size
        if stop == 0:
            break
        reach = int(np.argmax(score[:stop]))
        gained = reach + 1 if score[reach] > 0 else 0
        added += gained
        if len(dropped) or size < span or gained < size:
            break
        limit -= size
    return added


def _covered(grams: npt.NDArray[np.bool_], length: int, n: int) -> int:
    covered = np.zeros(length, dtype=np.bool_)
    for offset in range(n):
        covered[offset : offset + len(grams)] |= grams
    return int(covered.sum())


def _member(values: HashArray, pool: HashArray) -> npt.NDArray[np.bool_]:
    """``np.isin(values, pool)``, by binary search in the sorted pool: for the few hundred
    words of a passage, ten times faster than ``isin``'s general method."""
    return in_sorted(values, np.sort(pool))


def similarity(first: HashArray, second: HashArray, n: int = 3) -> float:
    """Share of the words of both that stand in an ``n``-word run found in the other."""
    total = len(first) + len(second)
    if total == 0:
        return 0.0
    if min(len(first), len(second)) < n:
        common = _member(first, second).sum() + _member(second, first).sum()
        return float(common) / total
    grams_a, grams_b = ngram_hashes(first, n), ngram_hashes(second, n)
    covered = _covered(_member(grams_a, grams_b), len(first), n) + _covered(
        _member(grams_b, grams_a), len(second), n)
    return covered / total


@dataclass
class _Piece:
    a_start: int
    a_end: int
    b_start: int
    b_end: int


def _extended(piece: _Piece, words_a: Words, words_b: Words, same: bool) -> _Piece:
    ha, hb = words_a.hashes, words_b.hashes
    a0, a1, b0, b1 = piece.a_start, piece.a_end, piece.b_start, piece.b_end
    if same and a1 > b0:  # overlapping copies of a periodic text: keep them apart
        a1 = b0
    back = extend(ha, hb, a0, b0, -1, min(a0, b0 - a1 if same else b0))
    a0, b0 = a0 - back, b0 - back
    room_a = (b0 - a1) if same else len(ha) - a1
    forward = extend(ha, hb, a1, b1, +1, min(room_a, len(hb) - b1))
    return _Piece(a0, a1 + forward, b0, b1 + forward)


def _gap(start_1: int, end_1: int, start_2: int, end_2: int) -> int:
    return max(0, max(start_1, start_2) - min(end_1, end_2))


MAX_PIECES_JOINED = 64  # pieces of one pair of documents tried for re-ordering


def _contiguous(pieces: list[_Piece], gap: int) -> bool:
    """Do the pieces' spans in the second document leave no hole wider than ``gap``?"""
    reach = None
    for piece in sorted(pieces, key=lambda p: p.b_start):
        if reach is not None and piece.b_start - reach > gap:
            return False
        reach = piece.b_end if reach is None else max(reach, piece.b_end)
    return True


def _merged(pieces: list[_Piece], settings: FindSettings, same: bool) -> list[_Piece]:
    """Join pieces that tile one stretch of each document (paragraphs of one passage in
    another order, or one passage cut by edits): taken in their order in the first
    document, each run of pieces as long as possible whose spans leave no hole wider than
    ``merge_gap`` in either document becomes one passage. Inside one document, a join that
    would make the two copies overlap is not made.
    """
    ordered = sorted(pieces, key=lambda p: (p.a_start, p.b_start))
    if len(ordered) > MAX_PIECES_JOINED:
        return ordered
    result = []
    first = 0
    while first < len(ordered):
        best, reach = first, ordered[first].a_end
        for last in range(first + 1, len(ordered)):
            if ordered[last].a_start - reach > settings.merge_gap:
                break  # a hole in the first document: no longer run is possible
            reach = max(reach, ordered[last].a_end)
            window = ordered[first : last + 1]
            hull = _hull(window)
            if _contiguous(window, settings.merge_gap) and not (
                    same and hull.a_end > hull.b_start):
                best = last
        result.append(_hull(ordered[first : best + 1]))
        first = best + 1
    return result


def _hull(pieces: list[_Piece]) -> _Piece:
    return _Piece(min(p.a_start for p in pieces), max(p.a_end for p in pieces),
                  min(p.b_start for p in pieces), max(p.b_end for p in pieces))


# Earlier pieces (in the first document's order) a piece may continue that are looked at,
# and of those, the nearest that are measured. Ordinary pairs of documents have a handful of
# pieces; the bounds keep a degenerate pair (thousands of short pieces, none continuing
# another) from costing the square of their number.
MAX_LOOKBACK = 64
MAX_BRIDGES_TRIED = 4


def _follows(p: _Piece, q: _Piece) -> bool:
    """Does ``q`` continue ``p`` in both documents: later in each, and overlapping it by
    less than half of the shorter in each (more is the same text matched twice)?"""
    if q.a_start < p.a_start or q.b_start < p.b_start or q.a_end <= p.a_end or \
            q.b_end <= p.b_end:
        return False
    overlap_a, overlap_b = p.a_end - q.a_start, p.b_end - q.b_start
    return (2 * overlap_a < min(p.a_end - p.a_start, q.a_end - q.a_start)
            and 2 * overlap_b < min(p.b_end - p.b_start, q.b_end - q.b_start))


def _gaps(p: _Piece, q: _Piece) -> tuple[int, int]:
    """Words between ``p`` and the piece ``q`` continuing it, in each document."""
    return max(0, q.a_start - p.a_end), max(0, q.b_start - p.b_end)


def _bridged(p: _Piece, q: _Piece, words_a: Words, words_b: Words,
             settings: FindSettings) -> bool:
    """May ``q`` join ``p`` across the words between them? Yes when those are at most
    ``merge_gap`` words in each document (a copy cut by edits); otherwise when the stretch
    around the gap is itself a version of the other copy's: the words between the two,
    with as much of each on either side as the shorter of them has (in each document), are
    at least ``threshold`` similar. An inserted section, a rewritten or added paragraph
    between two stretches of shared text then keeps one passage; a short quotation far from
    a long shared passage, the words between them unrelated, stays apart."""
    gap_a, gap_b = _gaps(p, q)
    if gap_a <= settings.merge_gap and gap_b <= settings.merge_gap:
        return True
    side_a = min(p.a_end - p.a_start, q.a_end - q.a_start)
    side_b = min(p.b_end - p.b_start, q.b_end - q.b_start)
    score = similarity(words_a.hashes[p.a_end - side_a : q.a_start + side_a],
                       words_b.hashes[p.b_end - side_b : q.b_start + side_b])
    return score >= settings.threshold


def _chained(pieces: list[_Piece], words_a: Words, words_b: Words, settings: FindSettings,
             same: bool) -> list[list[_Piece]]:
    """Pieces that continue one another in both documents, joined into chains.

    Each piece may continue the nearest earlier pieces it follows (:func:`_follows`); these
    links are tried from the shortest gap to the longest, each joining two chains — the one
    ending with the earlier piece and the one starting with the later — when the gap between
    the two chains is bridged (:func:`_bridged`, judged on the chains: a short piece already
    joined to a long one across a small gap lends it its length). Inside one document, a
    join that would make the two copies overlap is not made.
    """
    ordered = sorted(pieces, key=lambda p: (p.a_start, p.b_start))
    links: list[tuple[int, int, int]] = []  # (gap, earlier piece, later piece)
    for later, piece in enumerate(ordered):
        followed = [(sum(_gaps(ordered[e], piece)), e)
                    for e in range(max(0, later - MAX_LOOKBACK), later)
                    if _follows(ordered[e], piece)]
        links.extend((gap, e, later) for gap, e in sorted(followed)[:MAX_BRIDGES_TRIED])
    links.sort()
    chain_of = list(range(len(ordered)))  # the chain's first piece, for its first and last
    following: dict[int, int] = {}  # piece -> the piece after it in its chain
    last = list(range(len(ordered)))  # for a chain's first piece: its last
    hulls = {i: _Piece(p.a_start, p.a_end, p.b_start, p.b_end) for i, p in enumerate(ordered)}
    for _, earlier, later in links:
        first = chain_of[earlier]
        if last[first] != earlier or chain_of[later] != later or first == later:
            continue  # the earlier piece no longer ends its chain, or the later starts one
        head, tail = hulls[first], hulls[later]
        joined = _hull([head, tail])
        if not _follows(head, tail) or (same and joined.a_end > joined.b_start):
            continue
        if not _bridged(head, tail, words_a, words_b, settings):
            continue
        following[earlier] = later
        end = last[later]
        last[first] = end
        member = later
        while True:
            chain_of[member] = first
            if member == end:
                break
            member = following[member]
        hulls[first] = joined
        del hulls[later]
    chains = []
    for first in sorted(hulls):
        chain, member = [ordered[first]], first
        while member in following:
            member = following[member]
            chain.append(ordered[member])
        chains.append(chain)
    return chains


def refine_chains(chains: Chains, store: WordStore | MemoryWords,
                  settings: FindSettings) -> list[FoundPair]:
    """Passage pairs from chains: extended, joined, measured and filtered."""
    by_pair: dict[tuple[int, int], list[_Piece]] = {}
    columns = [chains.doc_a.tolist(), chains.a_start.tolist(), chains.a_end.tolist(),
               chains.doc_b.tolist(), chains.b_start.tolist(), chains.b_end.tolist()]
    for doc_a, a0, a1, doc_b, b0, b1 in zip(*columns, strict=True):
        by_pair.setdefault((doc_a, doc_b), []).append(_Piece(a0, a1, b0, b1))
    found: list[FoundPair] = []
    for (doc_a, doc_b), pieces in sorted(by_pair.items()):
        words_a, words_b = store.words(doc_a), store.words(doc_b)
        same = doc_a == doc_b
        extended = [_extended(piece, words_a, words_b, same) for piece in pieces]
        merged = _merged(extended, settings, same)
        for chain in _chained(merged, words_a, words_b, settings, same):
            hull = _hull(chain) if same else _to_ends(_hull(chain), words_a, words_b, settings)
            pair = _measured(doc_a, doc_b, hull, words_a, words_b, settings)
            if pair is not None or len(chain) == 1:
                found.extend([pair] if pair is not None else [])
                continue
            # Joined, the copies are too unlike (each join looked only at its neighbours):
            # the pieces are measured one by one instead.
            measured = (_measured(doc_a, doc_b, piece, words_a, words_b, settings)
                        for piece in chain)
            found.extend(pair for pair in measured if pair is not None)
    return found


def _to_ends(piece: _Piece, words_a: Words, words_b: Words, settings: FindSettings
             ) -> _Piece:
    """The copies run on to the start (or end) of both documents when both stop short of it
    by at most ``merge_gap`` words and those words are themselves versions of each other (a
    closing sentence rewritten with words added: the extension, which compares word with
    word, stops at the first word added). A heading or a signature only one copy has stays
    out: it is no version of nothing."""
    a0, a1, b0, b1 = piece.a_start, piece.a_end, piece.b_start, piece.b_end
    if max(a0, b0) > 0 and a0 <= settings.merge_gap and b0 <= settings.merge_gap and \
            similarity(words_a.hashes[:a0], words_b.hashes[:b0]) >= settings.threshold:
        a0 = b0 = 0
    rest_a, rest_b = len(words_a.hashes) - a1, len(words_b.hashes) - b1
    if max(rest_a, rest_b) > 0 and rest_a <= settings.merge_gap and \
            rest_b <= settings.merge_gap and similarity(
                words_a.hashes[a1:], words_b.hashes[b1:]) >= settings.threshold:
        a1, b1 = len(words_a.hashes), len(words_b.hashes)
    return _Piece(a0, a1, b0, b1)


def _measured(doc_a: int, doc_b: int, piece: _Piece, words_a: Words, words_b: Words,
              settings: FindSettings) -> FoundPair | None:
    """The passage pair of a piece, or None if it is too short or its copies too unlike."""
    if min(piece.a_end - piece.a_start, piece.b_end - piece.b_start) < settings.min_words:
        return None
    score = similarity(words_a.hashes[piece.a_start : piece.a_end],
                       words_b.hashes[piece.b_start : piece.b_end])
    if score < settings.threshold:
        return None
    return FoundPair(
        doc_a, piece.a_start, piece.a_end, doc_b, piece.b_start, piece.b_end, round(score, 4),
        (int(words_a.starts[piece.a_start]), int(words_a.ends[piece.a_end - 1])),
        (int(words_b.starts[piece.b_start]), int(words_b.ends[piece.b_end - 1])))


@dataclass(frozen=True)
class ChainTask:
    """Chain and refine the anchors of one partition of document pairs."""

    pair_partition: int
    partitions: int
    work_dir: str
    settings: FindSettings


def run_chain_task(task: ChainTask) -> list[FoundPair]:
    """Stage 3: the passage pairs of the document pairs of one partition."""
    parts = [load_partition(anchor_path(task.work_dir, partition), task.pair_partition)
             for partition in range(task.partitions)]
    anchors = np.concatenate(parts) if parts else np.zeros(0, dtype=ANCHOR)
    chains = chain_anchors(anchors, task.settings)
    store = WordStore(task.work_dir)
    try:
        return refine_chains(chains, store, task.settings)
    finally:
        store.close()
