"""The sorting helpers give numpy's own results (speed only: they must change nothing)."""

from __future__ import annotations

import numpy as np
import pytest

from variorum import arrays


def _numpy_unique(values: np.ndarray) -> tuple[np.ndarray, ...]:
    unique, first, inverse, counts = np.unique(values, return_index=True, return_inverse=True,
                                               return_counts=True)
    return unique, first, counts, inverse.reshape(-1)


def _same(values: np.ndarray) -> None:
    for got, expected in zip(arrays.unique_first(values), _numpy_unique(values), strict=True):
        assert got.dtype == expected.dtype
        assert np.array_equal(got, expected)


@pytest.mark.parametrize("seed", range(6))
def test_unique_first_is_numpys_unique_on_hashes(seed: int) -> None:
    rng = np.random.default_rng(seed)
    vocabulary = rng.integers(0, 2**64 - 1, 3_000, dtype=np.uint64, endpoint=True)
    _same(vocabulary[rng.zipf(1.3, 50_000) % len(vocabulary)])


def test_unique_first_on_values_apart_only_in_their_low_bits() -> None:
    # Token hashes of words that differ in their last letter differ in the low bits only.
    rng = np.random.default_rng(7)
    _same(np.uint64(0xABCDEF << 30) + rng.integers(0, 64, 20_000).astype(np.uint64))


def test_unique_first_when_mixed_values_collide_in_their_high_bits() -> None:
    # Two values whose mixed forms differ only in the bits that carry the index: the sort
    # would interleave them, so the plain argsort must take over.
    undo = pow(int(arrays._MIX), -1, 1 << 64)
    a, b = (12_345 * undo) % (1 << 64), (12_346 * undo) % (1 << 64)
    values = np.array([a, b, b, a] * 2_500, dtype=np.uint64)
    assert arrays._grouped_by_sort(values) is None
    _same(values)


def test_unique_first_on_small_and_signed_arrays() -> None:
    _same(np.array([5, 3, 5, 1, 3, 5], dtype=np.int64))
    _same(np.array([7], dtype=np.uint64))
    _same(np.arange(10_000, dtype=np.uint64)[::-1].copy())
