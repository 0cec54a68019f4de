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


@pytest.mark.parametrize("crowd", [40, 200])
def test_unique_first_when_values_crowd_into_one_slot(crowd: int) -> None:
    # Values whose mixed forms share their high bits start at one slot of the hash table and
    # are placed one a round: 40 within the rounds allowed, 200 sent to the plain argsort.
    undo = pow(int(arrays._MIX), -1, 1 << 64)
    crowded = [((1 << 60) + k) * undo % (1 << 64) for k in range(crowd)]
    values = np.array(crowded * 50, dtype=np.uint64)
    assert (arrays._grouped_by_hashing(values) is None) == (crowd > arrays._MAX_PROBES)
    _same(values)


def test_unique_first_on_small_and_signed_arrays() -> None:
    _same(np.array([5, 3, 5, 1, 3, 5], dtype=np.int64))
    _same(np.array([7], dtype=np.uint64))
    _same(np.arange(10_000, dtype=np.uint64)[::-1].copy())
