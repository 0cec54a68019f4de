"""Moves in the table of places: which columns are the ends of one move, and where the
two ends of a swap, or two blocks exchanged side by side, are one place.

Split from :mod:`.places` (which asks :func:`move_labels` and :func:`join_swaps`): the rules
here say when a move makes one place of what the disagreeing columns would cut in two or
three.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..text.tokens import TokenTable
from .align import AlignmentTable
from .align.multi import ColumnMove
from .align.weak import ends_sentence

__all__ = ["MAX_CROSSED_WORDS", "join_swaps", "move_labels", "sentence_ends"]

IntArray = npt.NDArray[np.int64]


def sentence_ends(row: IntArray, table_w: TokenTable) -> npt.NDArray[np.bool_]:
    """For each column: does the witness's token there end a sentence
    (:func:`~.align.weak.ends_sentence`)?"""
    result = np.zeros(len(row), dtype=np.bool_)
    if not len(table_w):
        return result
    present = row >= 0
    key_ids = table_w.key_ids[row[present]]
    # only the marks among the witness's keys are read (most keys are words)
    punct = table_w.vocabulary.punct_of_keys()
    marks = np.unique(key_ids[punct[key_ids]])
    keys = table_w.vocabulary.keys
    stops = marks[np.fromiter((ends_sentence(keys[k]) for k in marks.tolist()),
                              dtype=np.bool_, count=len(marks))]
    result[present] = np.isin(key_ids, stops)
    return result


def move_labels(table: AlignmentTable) -> tuple[IntArray, list[tuple[tuple[int, str], ...]]]:
    """A label per column: 0, or the number of the stretch of move ends it is in.

    Ends of moves that overlap or touch share one label, so that they make one place: the
    two halves of a swap ("late" against "cold", each the end of one move), or the same block
    moved by several witnesses. ``sides[label]`` lists the ``(move index, "from" | "to")``
    ends of that label.
    """
    labels = np.zeros(table.columns, dtype=np.int64)
    sides: list[tuple[tuple[int, str], ...]] = [()]
    ends = sorted(((columns, (index, side)) for index, move in enumerate(table.moves)
                   for columns, side in ((move.base_columns, "from"),
                                         (move.witness_columns, "to"))),
                  key=lambda end: (end[0], end[1]))
    stop = -1
    for (start, end), side in ends:
        if start > stop:  # apart from the ends before: a new label
            sides.append(())
        stop = max(stop, end)
        labels[start:end] = len(sides) - 1
        sides[-1] = (*sides[-1], side)
    return labels, sides


MAX_CROSSED_WORDS = 3  # words a block may cross and still be one half of an adjacent swap


def _adjacent_swap(mover: IntArray, base: IntArray, words: npt.NDArray[np.bool_],
                   sentence_ends: npt.NDArray[np.bool_], moved_words: int) -> bool:
    """Did the block cross only the other half of a swap ("սով սաստիկ" / "սաստիկ սով")?
    The columns between its two ends hold no end of a sentence and one to
    :data:`MAX_CROSSED_WORDS` words of the base, which the mover reads the same, and no
    more words than the block itself has: two blocks exchanged, not one word put after a
    longer phrase ("members of the first" / "first members of the": "first" moved)."""
    present = (mover >= 0) | (base >= 0)
    if not present.any() or (mover[present] != base[present]).any():
        return False
    crossed = int(words.sum())
    return 1 <= crossed <= min(MAX_CROSSED_WORDS, moved_words) and not sentence_ends.any()


def _touching(move: ColumnMove, lo: int, hi: int, moves: Sequence[ColumnMove]) -> bool:
    """Does another move of the same witness have an end within or next to ``lo:hi``? (Then
    the blocks are more than two exchanged: "blue kettle and the lamp" / "lamp and the blue
    kettle" is two moves around shared words.) Asked only of the few adjacent swaps."""
    return any(other is not move and other.witness == move.witness
               and any(start <= hi and stop >= lo for start, stop in
                       (other.base_columns, other.witness_columns))
               for other in moves)


def join_swaps(runs: list[tuple[int, int]], table: AlignmentTable,
                surfaces: IntArray, base: int, words: npt.NDArray[np.bool_],
                stops_between: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """Join the runs from one end of a move to its other when nothing agrees in between.

    A swap inside one changed stretch ("mill to the river" / "river to the mill") has both
    ends of its moves in one stretch of disagreeing columns; cut at the move ends, the words
    between them ("to the") would be an omission and an addition although they did not
    change. Such a stretch is one place: the transposition of the whole.

    "Nothing agrees" is judged between the witness that moved the text and the base: among
    many witnesses hardly a column has all of them agreeing (a fragment lacks whole pages),
    and one witness's swap of two words must not swallow everything up to its other end.

    Two blocks exchanged side by side ("A B" / "B A", :func:`_adjacent_swap`) are one place
    too: the moved block lacked at its old place and added at its new, the text it crossed
    (the other block) agreeing; which of the two moved cannot be told, and an apparatus gives
    the exchange as one lemma. Swapped blocks with shared words between them ("red house and
    the barn" / "barn and the red house") face each other at both ends, or are two moves
    touching each other, and stay two places.
    ``words`` (per column: the base has a word there) and ``stops_between`` (the base has a
    mark ending a sentence there) serve that test.
    """
    starts = np.asarray([start for start, _ in runs], dtype=np.int64)
    stops = np.asarray([stop for _, stop in runs], dtype=np.int64)
    joined = np.zeros(len(runs), dtype=np.bool_)  # joined[k]: run k joins run k - 1
    for move in table.moves:
        lo = min(move.base_columns[0], move.witness_columns[0])
        hi = max(move.base_columns[1], move.witness_columns[1])
        first = int(np.searchsorted(stops, lo, side="right"))
        last = int(np.searchsorted(starts, hi, side="left")) - 1
        if first >= last or starts[first] > lo or stops[last] < hi:
            continue
        w = table.witness_ids.index(move.witness)
        between = slice(min(move.base_columns[1], move.witness_columns[1]),
                        max(move.base_columns[0], move.witness_columns[0]))
        lacked = (surfaces[w, slice(*move.base_columns)] < 0).all() and \
            (surfaces[base, slice(*move.witness_columns)] < 0).all()
        moved_words = int(words[slice(*move.base_columns)].sum())
        if lacked and _adjacent_swap(surfaces[w, between], surfaces[base, between],
                                     words[between], stops_between[between], moved_words) \
                and not _touching(move, lo, hi, table.moves):
            joined[first + 1 : last + 1] = True  # "A B" / "B A": one lemma, as editors give
            continue
        if ((surfaces[w, between] == surfaces[base, between])
                & (surfaces[base, between] >= 0)).any():
            continue  # the mover reads as the base somewhere between the two ends
        if (starts[first + 1 : last + 1] == stops[first:last]).all():
            joined[first + 1 : last + 1] = True
    if not joined.any():
        return runs
    merged: list[tuple[int, int]] = []
    for (start, stop), join in zip(runs, joined.tolist(), strict=True):
        if join and merged:
            merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    return merged
