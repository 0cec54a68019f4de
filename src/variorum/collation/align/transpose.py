"""Transpositions: the same block of text found in both witnesses at different places.

After alignment, what is left unmatched in ``a`` (omitted there) and in ``b`` (added there)
is searched for common blocks of at least ``min_length`` tokens. A block found in both is one
:class:`Move`, so the report links its two places instead of showing an unrelated omission
and addition. Only unmatched tokens are indexed, so the cost follows the amount of change.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .anchors import id_list
from .pairwise import PairAlignment

__all__ = ["Move", "find_moves"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Move:
    """Tokens ``a_start:a_end`` of ``a`` stand as ``b_start:b_end`` elsewhere in ``b``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


def _unmatched(length: int, matched: IntArray) -> BoolArray:
    mask = np.ones(length, dtype=np.bool_)
    mask[matched] = False
    return mask


def find_moves(a: IntArray, b: IntArray, pairs: PairAlignment, *, min_length: int,
               weak: BoolArray) -> list[Move]:
    """Blocks of at least ``min_length`` equal keys left unmatched on both sides.

    A block made only of weak tokens ("of the ,") is not reported as moved.
    """
    if min_length < 1:
        return []
    free_a = _unmatched(len(a), pairs.a_index)
    free_b = _unmatched(len(b), pairs.b_index)
    a_list, b_list = id_list(a), id_list(b)
    starts: dict[tuple[int, ...], list[int]] = {}
    free_b_positions = np.flatnonzero(free_b).tolist()
    free_b_list: list[bool] = free_b.tolist()
    for j in free_b_positions:
        if j + min_length <= len(b_list) and all(free_b_list[j : j + min_length]):
            starts.setdefault(tuple(b_list[j : j + min_length]), []).append(j)
    if not starts:
        return []
    free_a_list: list[bool] = free_a.tolist()
    weak_list: list[bool] = weak.tolist()
    moves: list[Move] = []
    resume = 0
    for i in np.flatnonzero(free_a).tolist():
        if i < resume or not free_a_list[i]:
            continue
        best_start, best_length = -1, 0
        for j in starts.get(tuple(a_list[i : i + min_length]), ()):
            length = 0
            while (i + length < len(a_list) and j + length < len(b_list)
                   and free_a_list[i + length] and free_b_list[j + length]
                   and a_list[i + length] == b_list[j + length]):
                length += 1
            if length > best_length:
                best_start, best_length = j, length
        block = a_list[i : i + best_length]
        if best_length >= min_length and not all(weak_list[key] for key in block):
            moves.append(Move(i, i + best_length, best_start, best_start + best_length))
            for offset in range(best_length):
                free_a_list[i + offset] = False
                free_b_list[best_start + offset] = False
            resume = i + best_length
    return moves
