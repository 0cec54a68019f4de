"""Sorting helpers for the tokenizer and the aligner: :func:`numpy.unique` and
:func:`numpy.intersect1d` with the same results, faster (speed only, issue 14).

Asked for the index of each value's first occurrence, ``np.unique`` sorts with a stable
sort (mergesort or radix), four to five times slower on 64-bit keys than numpy's default
sort. Here the default (unstable) sort orders the values and the first occurrence of each is
then the least index in its run, found in one vectorised pass; many 64-bit values (token
hashes, n-gram codes) are grouped by a hash table built with numpy instead, and only the
distinct ones sorted. Two sorted sets of distinct values are intersected by binary search
instead of sorting them together again.

>>> values = np.array([5, 3, 5, 1, 3, 5])
>>> unique, first, counts, inverse = unique_first(values)
>>> unique.tolist(), first.tolist(), counts.tolist(), inverse.tolist()
([1, 3, 5], [3, 1, 0], [1, 2, 3], [2, 1, 2, 0, 1, 2])
>>> [array.tolist() for array in sorted_intersection(np.array([1, 3, 5]), np.array([3, 4, 5]))]
[[1, 2], [0, 2]]
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["sorted_intersection", "unique_first"]

IntArray = npt.NDArray[np.intp]


def unique_first(values: npt.NDArray[Any]
                 ) -> tuple[npt.NDArray[Any], IntArray, IntArray, IntArray]:
    """``np.unique(values, return_index=True, return_counts=True, return_inverse=True)`` of
    a one-dimensional array: the sorted distinct values, the index of the first occurrence
    of each, how often each occurs, and for every element the index of its value."""
    size = len(values)
    if not size:
        empty = np.zeros(0, dtype=np.intp)
        return values[:0].copy(), empty, empty.copy(), empty.copy()
    if values.dtype == np.uint64 and size > _HASHED_FROM:
        grouped = _grouped_by_hashing(values)
        if grouped is not None:
            return grouped
    order = np.argsort(values)  # unstable: the first occurrence is found below
    ordered = values[order]
    starts_run = _run_starts(ordered)
    runs = np.flatnonzero(starts_run)
    first = np.minimum.reduceat(order, runs).astype(np.intp, copy=False)
    counts = np.diff(np.append(runs, size)).astype(np.intp, copy=False)
    inverse = np.empty(size, dtype=np.intp)
    inverse[order] = np.cumsum(starts_run) - 1
    return ordered[runs], first, counts, inverse


def _run_starts(ordered: npt.NDArray[Any]) -> npt.NDArray[np.bool_]:
    """Where each run of equal values of a sorted array begins."""
    starts_run = np.empty(len(ordered), dtype=np.bool_)
    starts_run[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts_run[1:])
    return starts_run


_HASHED_FROM = 4096  # below this many values the plain argsort is as quick
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it permutes the 64-bit numbers
_MAX_PROBES = 64  # rounds of probing before the plain argsort takes over (never seen)


def _grouped_by_hashing(values: npt.NDArray[np.uint64]
                        ) -> tuple[npt.NDArray[np.uint64], IntArray, IntArray, IntArray] | None:
    """:func:`unique_first` of many 64-bit values by a hash table built with numpy, not
    by sorting them all (speed only: two and a half times as fast on a block of tokens,
    where a few thousand distinct values stand a hundred thousand times).

    Each value starts at the slot named by the high bits of its mixed form (multiplied by
    an odd constant: equal values mix alike, a difference in the low bits reaches the high
    ones) in a table of at least twice as many slots as values. In each round the values not
    yet placed claim the free slots they stand at (one value wins a slot), those that find
    their own value there are placed, the others step to the next slot: all the copies of
    a value step together, so each distinct value ends in one slot of its own. The distinct
    values alone are then sorted. ``None`` after :data:`_MAX_PROBES` rounds, for the plain
    argsort (values made to collide).
    """
    size = len(values)
    bits = (2 * size - 1).bit_length()
    slots = 1 << bits
    table = np.zeros(slots, dtype=np.uint64)
    used = np.zeros(slots, dtype=np.bool_)
    slot = ((values * _MIX) >> np.uint64(64 - bits)).astype(np.intp)
    where = np.empty(size, dtype=np.intp)
    pending = np.arange(size, dtype=np.intp)
    wanted = values
    for _ in range(_MAX_PROBES):
        free = ~used[slot]
        claimed = slot[free]
        table[claimed] = wanted[free]
        used[claimed] = True
        placed = table[slot] == wanted
        where[pending[placed]] = slot[placed]
        left = ~placed
        if not left.any():
            break
        pending = pending[left]
        slot = (slot[left] + 1) & (slots - 1)
        wanted = wanted[left]
    else:
        return None
    taken = np.flatnonzero(used)
    distinct = table[taken]
    order = np.argsort(distinct)
    rank = np.empty(slots, dtype=np.intp)
    rank[taken[order]] = np.arange(len(taken), dtype=np.intp)
    inverse = rank[where]
    counts = np.bincount(inverse, minlength=len(taken)).astype(np.intp, copy=False)
    first = np.full(len(taken), size, dtype=np.intp)
    np.minimum.at(first, inverse, np.arange(size, dtype=np.intp))
    return distinct[order], first, counts, inverse


def sorted_intersection(a: npt.NDArray[Any], b: npt.NDArray[Any]) -> tuple[IntArray, IntArray]:
    """Where the values common to ``a`` and ``b`` (each sorted, without repeats) stand in
    each, in increasing order: the indices ``np.intersect1d(a, b, assume_unique=True,
    return_indices=True)`` gives."""
    if not len(a) or not len(b):
        empty = np.zeros(0, dtype=np.intp)
        return empty, empty.copy()
    at = np.searchsorted(b, a)
    inside = at < len(b)
    found = np.zeros(len(a), dtype=np.bool_)
    found[inside] = b[at[inside]] == a[inside]
    where_a = np.flatnonzero(found)
    return where_a, at[where_a].astype(np.intp, copy=False)
