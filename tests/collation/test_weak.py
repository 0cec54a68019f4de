"""Weak tokens: too common to prove, alone, that two stretches correspond."""

from __future__ import annotations

import numpy as np

from variorum.collation.align.weak import FREQUENT_MIN, weak_keys


def test_frequency_is_judged_per_witness_not_summed_over_them() -> None:
    """A word standing 10 times in each of 39 copies of a 1,000-token text is no more
    frequent there than in one copy; FREQUENT_MIN times in each copy, it is."""
    keys = ["the", "lamp", "kettle", "filler"]
    punct = np.zeros(len(keys), dtype=np.bool_)

    def copies(lamps: int, count: int) -> list[np.ndarray]:
        row = np.array([1] * lamps + [3] * (1000 - lamps), dtype=np.int64)
        return [row] * count

    assert not weak_keys(keys, punct, copies(10, 39))[1]
    assert not weak_keys(keys, punct, copies(10, 1))[1]
    assert weak_keys(keys, punct, copies(FREQUENT_MIN, 39))[1]
    assert weak_keys(keys, punct, copies(FREQUENT_MIN, 1))[1]
    assert weak_keys(keys, punct, copies(10, 1))[0]  # "the": a function word, always weak
