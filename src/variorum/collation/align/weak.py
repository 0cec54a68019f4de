"""Weak tokens: words too common to prove, alone, that two stretches correspond.

A token is weak when it is punctuation, a function word of a common European language, or
so frequent in the witnesses being collated that its matching proves nothing (this last test
makes the notion work for languages the list does not cover).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["FUNCTION_WORDS", "STOP_MARKS", "ends_sentence", "weak_keys"]

STOP_MARKS = frozenset(".!?…。！？")  # a mark holding one of these ends a sentence


def ends_sentence(key: str) -> bool:
    """Does the token (a match key) hold a mark that ends a sentence?"""
    return not STOP_MARKS.isdisjoint(key)

_FUNCTION_WORDS_BY_LANGUAGE: dict[str, str] = {
    "en": "a an and are as at be but by for from had has have he her his i in is it its not of "
          "on or she that the their they this to was were which who with you",
    "fr": "au aux ce dans de des du elle en et il la le les leur mais ne ou par pas pour qu que "
          "qui se son sur un une",
    "de": "auf aus das dem den der des die ein eine er es im ist mit nicht sich und von zu",
    "es it pt": "al con del el era los las lo por se su y e il gli di che per non una do da "
                "em os",
    "la": "ad atque cum est et in non per quae qui quod sed ut",
    "ru": "в и к на не но о от по с что это как",
}
FUNCTION_WORDS = frozenset(
    word for words in _FUNCTION_WORDS_BY_LANGUAGE.values() for word in words.split()
)

FREQUENT_SHARE = 0.004  # a key making up this share of all tokens is weak...
FREQUENT_MIN = 50  # ...once it occurs at least this often (short texts prove nothing)
DOMINANT_SHARE = 0.03  # a key making up this share of a text of any length is weak...
DOMINANT_MIN = 5  # ...once it stands at least this often in each witness


def weak_keys(keys: Sequence[str], punct: npt.NDArray[np.bool_],
              key_arrays: Sequence[npt.NDArray[np.int64]]) -> npt.NDArray[np.bool_]:
    """For every key id: is it weak?"""
    function = np.fromiter((key.casefold() in FUNCTION_WORDS for key in keys),
                           dtype=np.bool_, count=len(keys))
    total = sum(len(array) for array in key_arrays)
    counts = np.zeros(len(keys), dtype=np.int64)
    for array in key_arrays:
        counts += np.bincount(array, minlength=len(keys))
    # Counted over all the witnesses, so the least count grows with their number: a word
    # standing 10 times in each of 39 copies of a 1,000-word text is no more frequent there
    # than in one copy (it was weak among many witnesses and not between two).
    witnesses = max(len(key_arrays), 1)
    frequent = counts >= max(FREQUENT_MIN * witnesses, total * FREQUENT_SHARE)
    # In a short text (a manuscript tradition's page) no word reaches FREQUENT_MIN, but one
    # making up a large share of it is the language's glue all the same ("և", "and", is 13%
    # of a 161-word Armenian witness): weak too, once it stands a few times in each witness.
    frequent |= (counts >= DOMINANT_MIN * witnesses) & (counts >= total * DOMINANT_SHARE)
    return punct[: len(keys)] | function | frequent
