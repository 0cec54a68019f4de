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


def test_a_word_making_up_a_large_share_of_a_short_text_is_weak() -> None:
    """A 160-token witness in which "ke" stands 20 times (12%): no count reaches
    FREQUENT_MIN, but such a word is the language's glue, and matching it proves nothing."""
    keys = ["ke", "lamp", "filler"]
    punct = np.zeros(len(keys), dtype=np.bool_)
    row = np.array([0] * 20 + [1] * 3 + [2] * 137, dtype=np.int64)
    weak = weak_keys(keys, punct, [row, row])
    assert weak[0] and not weak[1]  # "lamp": 3 times, 2%: a word of the text
    # a word standing twice in a 40-token text (5%) is too rare to judge
    short = np.array([0] * 2 + [2] * 38, dtype=np.int64)
    assert not weak_keys(keys, punct, [short])[0]
