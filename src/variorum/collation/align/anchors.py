"""Exact matching of two key sequences in near-linear time.

The method is patience-style: tokens (then n-grams) that occur exactly once in each side of
a region are anchors; the longest increasing subsequence of anchor positions keeps those in
the same order in both; the stretches between anchors are matched recursively; regions small
enough (or without any unique n-gram but still of moderate size) go to rapidfuzz's bit-parallel
LCS. In a region without any unique n-gram (text standing twice or more), n-grams found equally
often on both sides (at most :data:`RANKED_MAX` times) are paired occurrence by occurrence,
the k-th with the k-th, and the LIS keeps those in order: each copy then faces its own copy.
A large region with no such n-gram at all is left unmatched instead of paying for a
quadratic step.
"""

from __future__ import annotations

import bisect

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from ...arrays import sorted_intersection, unique_first

__all__ = ["Run", "earliest_increasing_subsequence", "exact_runs", "id_list",
           "longest_increasing_subsequence"]

IntArray = npt.NDArray[np.int64]
Run = tuple[int, int, int]  # (start in a, start in b, length)

SMALL_CELLS = 1 << 16  # below this many cells a region goes straight to rapidfuzz
LCS_CELLS = 1 << 26  # bit-parallel LCS up to this size (about 8 MB of work matrix)
_NGRAMS = (1, 2, 4)
_RANKED_NGRAMS = (8, 4)  # n-grams paired by rank in repeated text: long ones first
RANKED_MAX = 8  # an n-gram found more often than this on a side is not paired by rank


def id_list(ids: IntArray) -> list[int]:
    """``ids.tolist()``, each distinct id one shared int object.

    ``tolist`` makes a new int (32 bytes) for every element; key ids repeat (a text is mostly
    the same few thousand words), so a list of shared ints costs 8 bytes an element instead
    of 40, which for two witnesses of ten million tokens is 600 MB less.

    >>> id_list(np.array([1, 0, 1, 1]))
    [1, 0, 1, 1]
    """
    # Only worth it when there are fewer distinct ids than elements (a whole witness).
    if not len(ids) or int(ids.min()) < 0 or int(ids.max()) >= len(ids):
        values: list[int] = ids.tolist()
        return values
    shared = np.arange(int(ids.max()) + 1).astype(object)
    listed: list[int] = shared[ids].tolist()
    return listed


def longest_increasing_subsequence(values: list[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of ``values``.

    >>> longest_increasing_subsequence([3, 1, 2, 5, 4, 6])
    [1, 2, 4, 5]
    """
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        slot = bisect.bisect_left(tails, value)
        if slot == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[slot] = value
            tail_index[slot] = index
        previous[index] = tail_index[slot - 1] if slot else -1
    chain: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        chain.append(index)
        index = previous[index]
    chain.reverse()
    return chain


def earliest_increasing_subsequence(values: list[int]) -> list[int]:
    """Indices of the longest strictly increasing subsequence of distinct ``values`` that
    stands earliest: of all the longest, the one whose k-th index is least for every k (it
    exists: of two longest, the lesser index at each step makes a longest one too).

    That is the one rapidfuzz's LCS of the values with the sorted values gives (its
    traceback, from the end, drops a value whenever the rest keeps the length, so each
    index it keeps is the least it can be), which this module used up to
    :data:`LIS_BY_LCS_MAX` values; found here by patience sorting from the end (the length
    of the longest run starting at each index), then the least index at each step, in
    O(n log n) instead of the LCS's O(n²/64) (speed only, issue 14: the same indices).

    >>> earliest_increasing_subsequence([3, 1, 2, 5, 4, 6])
    [1, 2, 3, 5]
    """
    tails: list[int] = []  # tails[k]: the greatest first value of k + 1 values increasing
    lengths = [0] * len(values)
    for index in range(len(values) - 1, -1, -1):
        negated = -values[index]
        slot = bisect.bisect_left(tails, negated)
        if slot == len(tails):
            tails.append(negated)
        else:
            tails[slot] = negated
        lengths[index] = slot + 1
    chain: list[int] = []
    need = len(tails)
    for index, value in enumerate(values):
        if not need:
            break
        if lengths[index] == need and (not chain or value > values[chain[-1]]):
            chain.append(index)
            need -= 1
    return chain


LIS_BY_LCS_MAX = 20_000  # up to here, the earliest longest chain (once an LCS, 50 MB of bits)


def _increasing_chain(values: IntArray) -> list[int]:
    """Indices of a longest increasing subsequence of distinct ``values``: the earliest one
    up to :data:`LIS_BY_LCS_MAX` values, the one patience sorting ends with above (the
    choices the collation has always made)."""
    if len(values) > LIS_BY_LCS_MAX:
        return longest_increasing_subsequence(values.tolist())
    return earliest_increasing_subsequence(values.tolist())


def _ngram_codes(keys: IntArray, n: int) -> npt.NDArray[np.uint64]:
    codes = keys.astype(np.uint64)
    if n == 1:
        return codes
    # A multiplicative hash of n consecutive keys; anchors are checked for equality after.
    mixed = np.zeros(len(keys) - n + 1, dtype=np.uint64)
    factor = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for offset in range(n):
            mixed = mixed * factor + codes[offset : offset + len(mixed)] + np.uint64(1)
    return mixed


def _ranked_pairs(codes_a: npt.NDArray[np.uint64], codes_b: npt.NDArray[np.uint64],
                  most: int) -> tuple[IntArray, IntArray]:
    """Occurrences of the codes found equally often (2 to ``most`` times) on both sides, the
    k-th in ``a`` paired with the k-th in ``b``."""
    order_a = np.argsort(codes_a, kind="stable")  # positions grouped by code, in order
    order_b = np.argsort(codes_b, kind="stable")
    values_a, first_a, counts_a = np.unique(codes_a[order_a], return_index=True,
                                            return_counts=True)
    values_b, first_b, counts_b = np.unique(codes_b[order_b], return_index=True,
                                            return_counts=True)
    _, where_a, where_b = np.intersect1d(values_a, values_b, assume_unique=True,
                                         return_indices=True)
    counts = counts_a[where_a]
    same = (counts == counts_b[where_b]) & (counts >= 2) & (counts <= most)
    counts = counts[same].astype(np.int64)
    if not len(counts):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    offsets = np.concatenate([[0], np.cumsum(counts)[:-1]])
    within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(offsets, counts)
    pos_a = order_a[np.repeat(first_a[where_a][same], counts) + within].astype(np.int64)
    pos_b = order_b[np.repeat(first_b[where_b][same], counts) + within].astype(np.int64)
    return pos_a, pos_b


def _counted_once(a: IntArray, b: IntArray) -> tuple[IntArray, IntArray] | None:
    """The positions of the keys found once in ``a`` and once in ``b``, in the order of
    ``a``, counted rather than sorted (speed only, issue 14: sorting a whole witness's keys
    was a sixth of a collation of two books); ``None`` when the keys are not small
    non-negative numbers (key ids are: numbers of a collation's distinct keys)."""
    low = min(int(a.min()), int(b.min()))
    size = max(int(a.max()), int(b.max())) + 1
    if low < 0 or size > 2 * (len(a) + len(b)):
        return None
    once = (np.bincount(a, minlength=size) == 1) & (np.bincount(b, minlength=size) == 1)
    pos_a = np.flatnonzero(once[a]).astype(np.int64, copy=False)
    in_b = np.flatnonzero(once[b])
    where_b = np.zeros(size, dtype=np.int64)
    where_b[b[in_b]] = in_b
    return pos_a, where_b[a[pos_a]]


SORT_TOGETHER_MAX = 1 << 15  # tokens of both sides up to which they are sorted as one


def _once_on_each_side(codes_a: npt.NDArray[np.uint64], codes_b: npt.NDArray[np.uint64]
                       ) -> tuple[IntArray, IntArray]:
    """Where the codes found once in ``a`` and once in ``b`` stand in each (in no particular
    order), by one stable sort of both sides together: such a code is a run of two, the
    first from ``a``, the second from ``b``. The same positions as counting each side apart
    and intersecting, in a third of the numpy calls (speed only: the regions between anchors
    of long texts are many and small)."""
    together = np.concatenate([codes_a, codes_b])
    order = np.argsort(together, kind="stable")
    ordered = together[order]
    same = ordered[1:] == ordered[:-1]  # same[i]: sorted i and i + 1 are one code
    pair = same.copy()
    pair[1:] &= ~same[:-1]  # ... and i is the first of its run
    pair[:-1] &= ~same[1:]  # ... and i + 1 the last
    at = np.flatnonzero(pair)
    first, second = order[at], order[at + 1]
    split = len(codes_a)
    crossing = (first < split) & (second >= split)
    return (first[crossing].astype(np.int64, copy=False),
            (second[crossing] - split).astype(np.int64, copy=False))


def _unique_anchors(a: IntArray, b: IntArray, n: int,
                    repeated: int = 0) -> tuple[IntArray, IntArray]:
    """Start positions of n-grams that occur once in ``a`` and once in ``b``, in LIS order.

    With ``repeated``, n-grams occurring equally often on both sides, up to that many times,
    paired in order of occurrence, instead.
    """
    if len(a) < n or len(b) < n:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    counted = _counted_once(a, b) if n == 1 and not repeated else None
    if counted is not None:
        pos_a, pos_b = counted
    elif repeated:
        codes_a, codes_b = _ngram_codes(a, n), _ngram_codes(b, n)
        pos_a, pos_b = _ranked_pairs(codes_a, codes_b, repeated)
    elif len(a) + len(b) <= SORT_TOGETHER_MAX:
        pos_a, pos_b = _once_on_each_side(_ngram_codes(a, n), _ngram_codes(b, n))
    else:
        codes_a, codes_b = _ngram_codes(a, n), _ngram_codes(b, n)
        values_a, first_a, counts_a, _ = unique_first(codes_a)
        values_b, first_b, counts_b, _ = unique_first(codes_b)
        once_a, once_b = counts_a == 1, counts_b == 1
        where_a, where_b = sorted_intersection(values_a[once_a], values_b[once_b])
        pos_a = first_a[once_a][where_a].astype(np.int64)
        pos_b = first_b[once_b][where_b].astype(np.int64)
    if n > 1 and len(pos_a):
        same = np.ones(len(pos_a), dtype=np.bool_)
        for offset in range(n):
            same &= a[pos_a + offset] == b[pos_b + offset]
        pos_a, pos_b = pos_a[same], pos_b[same]
    order = np.argsort(pos_a, kind="stable")
    pos_a, pos_b = pos_a[order], pos_b[order]
    if len(pos_b) > 1 and not (np.diff(pos_b) > 0).all():  # in order already: nothing moved
        keep = _increasing_chain(pos_b)
        pos_a, pos_b = pos_a[keep], pos_b[keep]
    if n > 1 and len(pos_a) > 1:
        # Overlapping n-gram anchors would match a token twice: keep a non-overlapping chain.
        chosen = [0]
        for index in range(1, len(pos_a)):
            last = chosen[-1]
            if pos_a[index] >= pos_a[last] + n and pos_b[index] >= pos_b[last] + n:
                chosen.append(index)
        pos_a, pos_b = pos_a[chosen], pos_b[chosen]
    return pos_a, pos_b


_SHORT_SCAN = 32  # compare this many tokens one by one before switching to numpy


def _common_length(a: IntArray, b: IntArray) -> int:
    """Length of the common prefix of two arrays, in growing windows."""
    limit = min(len(a), len(b))
    done, window = 0, 256
    while done < limit:
        stop = min(limit, done + window)
        differ = np.flatnonzero(a[done:stop] != b[done:stop])
        if len(differ):
            return done + int(differ[0])
        done, window = stop, window * 4
    return limit


def _prefix_length(a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int,
                   arrays: tuple[IntArray, IntArray]) -> int:
    limit = min(ahi - alo, bhi - blo)
    length = 0
    while length < limit and a[alo + length] == b[blo + length]:
        length += 1
        if length == _SHORT_SCAN:
            return length + _common_length(arrays[0][alo + length : ahi],
                                           arrays[1][blo + length : bhi])
    return length


def _suffix_length(a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int,
                   arrays: tuple[IntArray, IntArray]) -> int:
    limit = min(ahi - alo, bhi - blo)
    length = 0
    while length < limit and a[ahi - 1 - length] == b[bhi - 1 - length]:
        length += 1
        if length == _SHORT_SCAN:
            tail_a = arrays[0][alo : ahi - length][::-1]
            tail_b = arrays[1][blo : bhi - length][::-1]
            return length + _common_length(tail_a, tail_b)
    return length


def _lcs_runs(a: list[int], b: list[int], alo: int, ahi: int, blo: int, bhi: int) -> list[Run]:
    runs: list[Run] = []
    for op in Indel.opcodes(a[alo:ahi], b[blo:bhi]):
        if op.tag == "equal":
            runs.append((alo + op.src_start, blo + op.dest_start, op.src_end - op.src_start))
    return runs


class _Matcher:
    def __init__(self, a: IntArray, b: IntArray, a_list: list[int], b_list: list[int],
                 leave: int = 0) -> None:
        self.a, self.b = a, b
        self.leave = leave
        self.a_list, self.b_list = a_list, b_list
        self.runs: list[Run] = []
        self.run_arrays: list[tuple[IntArray, IntArray, IntArray]] = []
        self.stack: list[tuple[int, int, int, int]] = []

    def run(self) -> list[Run]:
        self.stack.append((0, len(self.a_list), 0, len(self.b_list)))
        while self.stack:
            self._region(*self.stack.pop())
        if self.runs:
            runs = np.asarray(self.runs, dtype=np.int64).reshape(-1, 3)
            self.run_arrays.append((runs[:, 0], runs[:, 1], runs[:, 2]))
        return _merge_touching(self.run_arrays)

    def _region(self, alo: int, ahi: int, blo: int, bhi: int) -> None:
        a, b = self.a_list, self.b_list
        if not self.leave and (ahi - alo) * (bhi - blo) <= SMALL_CELLS:
            # Small enough for the LCS however much is trimmed: rapidfuzz trims the common
            # prefix and suffix itself, as below, and gives them as equal runs (speed only).
            self.runs.extend(_lcs_runs(a, b, alo, ahi, blo, bhi))
            return
        prefix = _prefix_length(a, b, alo, ahi, blo, bhi, (self.a, self.b))
        if prefix:
            self.runs.append((alo, blo, prefix))
            alo, blo = alo + prefix, blo + prefix
        suffix = _suffix_length(a, b, alo, ahi, blo, bhi, (self.a, self.b))
        if suffix:
            self.runs.append((ahi - suffix, bhi - suffix, suffix))
            ahi, bhi = ahi - suffix, bhi - suffix
        cells = (ahi - alo) * (bhi - blo)
        if cells <= self.leave:
            return  # left to the caller's judgement (pairwise.align_pair)
        if cells <= SMALL_CELLS and not self.leave:
            self.runs.extend(_lcs_runs(a, b, alo, ahi, blo, bhi))
            return
        for n in _NGRAMS:
            pos_a, pos_b = _unique_anchors(self.a[alo:ahi], self.b[blo:bhi], n)
            if len(pos_a):
                self._split_at_anchors(pos_a + alo, pos_b + blo, n, (alo, ahi, blo, bhi))
                return
        for n in _RANKED_NGRAMS:
            # Text standing twice or more: no n-gram is unique, but one found as often on
            # each side is paired occurrence by occurrence, in order (chaining by position).
            pos_a, pos_b = _unique_anchors(self.a[alo:ahi], self.b[blo:bhi], n,
                                           repeated=RANKED_MAX)
            if len(pos_a):
                self._split_at_anchors(pos_a + alo, pos_b + blo, n, (alo, ahi, blo, bhi))
                return
        if cells <= LCS_CELLS:
            self.runs.extend(_lcs_runs(a, b, alo, ahi, blo, bhi))
        # Otherwise: a large region sharing no unique n-gram is left unmatched (rewritten).

    def _split_at_anchors(self, pos_a: IntArray, pos_b: IntArray, n: int,
                          region: tuple[int, int, int, int]) -> None:
        alo, ahi, blo, bhi = region
        self.run_arrays.append((pos_a, pos_b, np.full(len(pos_a), n, dtype=np.int64)))
        gap_a_start = np.concatenate([[alo], pos_a + n])
        gap_a_stop = np.concatenate([pos_a, [ahi]])
        gap_b_start = np.concatenate([[blo], pos_b + n])
        gap_b_stop = np.concatenate([pos_b, [bhi]])
        len_a, len_b = gap_a_stop - gap_a_start, gap_b_stop - gap_b_start
        equal = _equal_gaps(self.a, self.b, gap_a_start, gap_b_start, len_a, len_b)
        self.run_arrays.append((gap_a_start[equal], gap_b_start[equal], len_a[equal]))
        pending = ~equal & ((len_a > 0) | (len_b > 0))
        where = np.flatnonzero(pending)
        self.stack.extend(zip(gap_a_start[where].tolist(), gap_a_stop[where].tolist(),
                              gap_b_start[where].tolist(), gap_b_stop[where].tolist(),
                              strict=True))


def _equal_gaps(a: IntArray, b: IntArray, start_a: IntArray, start_b: IntArray,
                len_a: IntArray, len_b: IntArray) -> npt.NDArray[np.bool_]:
    """Which gaps between anchors hold the same keys on both sides (checked vectorially)."""
    candidate = (len_a == len_b) & (len_a > 0)
    equal = np.zeros(len(len_a), dtype=np.bool_)
    if not candidate.any():
        return equal
    lengths = len_a[candidate]
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    within = np.arange(int(lengths.sum()), dtype=np.int64) - np.repeat(offsets, lengths)
    positions_a = np.repeat(start_a[candidate], lengths) + within
    positions_b = np.repeat(start_b[candidate], lengths) + within
    mismatches = np.add.reduceat((a[positions_a] != b[positions_b]).astype(np.int64), offsets)
    equal[np.flatnonzero(candidate)[mismatches == 0]] = True
    return equal


def _merge_touching(parts: list[tuple[IntArray, IntArray, IntArray]]) -> list[Run]:
    """All runs in order, runs that continue one another joined into one."""
    if not parts:
        return []
    start_a, start_b, length = (np.concatenate(column) for column in zip(*parts, strict=True))
    order = np.argsort(start_a, kind="stable")
    start_a, start_b, length = start_a[order], start_b[order], length[order]
    keep = length > 0
    start_a, start_b, length = start_a[keep], start_b[keep], length[keep]
    if not len(start_a):
        return []
    continues = np.zeros(len(start_a), dtype=np.bool_)
    continues[1:] = ((start_a[1:] == start_a[:-1] + length[:-1])
                     & (start_b[1:] == start_b[:-1] + length[:-1]))
    first = np.flatnonzero(~continues)
    merged_length = np.add.reduceat(length, first)
    return list(zip(start_a[first].tolist(), start_b[first].tolist(), merged_length.tolist(),
                    strict=True))


def exact_runs(a: IntArray, b: IntArray, a_list: list[int] | None = None,
               b_list: list[int] | None = None, *, leave: int = 0) -> list[Run]:
    """Runs of equal keys ``(start_a, start_b, length)``, increasing in both sequences.

    With ``leave``, a region between anchors of at most that many cells (tokens of ``a``
    times tokens of ``b``) is left unmatched for the caller to judge, rather than matched by
    LCS.

    >>> exact_runs(np.array([1, 2, 3, 4, 5]), np.array([1, 2, 9, 4, 5]))
    [(0, 0, 2), (3, 3, 2)]
    """
    a = np.ascontiguousarray(a, dtype=np.int64)
    b = np.ascontiguousarray(b, dtype=np.int64)
    return _Matcher(a, b, id_list(a) if a_list is None else a_list,
                    id_list(b) if b_list is None else b_list, leave).run()
