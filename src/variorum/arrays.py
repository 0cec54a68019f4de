"""Sorting helpers for the tokenizer and the aligner: :func:`numpy.unique` and
:func:`numpy.intersect1d` with the same results, faster (speed only, issue 14).

Asked for the index of each value's first occurrence, ``np.unique`` sorts with a stable
sort (mergesort or radix), four to five times slower on 64-bit keys than numpy's default
sort. Here the default (unstable) sort orders the values and the first occurrence of each is
then the least index in its run, found in one vectorised pass; two sorted sets of distinct
values are intersected by binary search instead of sorting them together again.

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
    if values.dtype == np.uint64 and size > _PACKED_FROM:
        grouped = _grouped_by_sort(values)
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


_PACKED_FROM = 4096  # below this many values the plain argsort is as quick
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd: multiplying by it permutes the 64-bit numbers


def _grouped_by_sort(values: npt.NDArray[np.uint64]
                     ) -> tuple[npt.NDArray[np.uint64], IntArray, IntArray, IntArray] | None:
    """:func:`unique_first` of many 64-bit values, sorting numbers instead of indexes: numpy
    sorts plain 64-bit numbers about twice as fast as it argsorts them (speed only).

    Each value is first mixed (multiplied by an odd constant, which keeps equal values
    equal and different ones different, and carries a difference in the low bits, such as
    the last letter of a hashed token, into the high ones), then its low bits are replaced
    by its index: sorted, equal values stand together, by index. Only the distinct values
    are then put in their own order. Should two different values agree in all the high bits
    kept (for hashes, about once in 2**40 pairs of distinct values), they would not stand
    together: that is checked, and ``None`` returned, for the plain argsort.
    """
    size = len(values)
    bits = (size - 1).bit_length()
    if bits > 32:
        return None
    low = np.uint64((1 << bits) - 1)
    mixed = values * _MIX
    packed = mixed & ~low
    packed |= np.arange(size, dtype=np.uint64)
    packed.sort()
    order = (packed & low).astype(np.intp)
    starts_run = _run_starts(mixed[order])
    packed >>= np.uint64(bits)
    if not np.array_equal(_run_starts(packed), starts_run):
        return None
    runs = np.flatnonzero(starts_run)
    first = order[runs]  # the least index of each value: equal values stand by index
    counts = np.diff(np.append(runs, size))
    # The groups stand in the order of the mixed values; put them in the values' order.
    distinct = values[first]
    rank_order = np.argsort(distinct)
    rank = np.empty(len(runs), dtype=np.intp)
    rank[rank_order] = np.arange(len(runs), dtype=np.intp)
    inverse = np.empty(size, dtype=np.intp)
    inverse[order] = rank[np.cumsum(starts_run) - 1]
    return (distinct[rank_order], first[rank_order].astype(np.intp, copy=False),
            counts[rank_order].astype(np.intp, copy=False), inverse)


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
