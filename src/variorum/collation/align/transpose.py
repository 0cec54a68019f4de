"""Transpositions: the same text standing at different places in two witnesses.

After alignment, a block of ``a`` that is not matched where it stands (absent there from
``b``) and the same block unmatched in ``b`` somewhere else is a candidate :class:`Move`.
Equal words are common in any text, so a candidate is reported only on evidence that it is
the *same* text moved, not two different occurrences of a common phrase:

* it is no repeat: its words occur once in each witness within the window that holds both
  of its places (so "in my mind" matched between a new introduction and a cut passage, with
  the phrase standing elsewhere in between, is not a move); and
* either it has at least ``min_length`` words, punctuation not counted, not all of them
  function words (a long move, however far it went);
* or it is a *swap*: the text it crossed is the same in both witnesses (``A B`` / ``B A``,
  or ``A x B`` / ``B x A`` around a shared ``x``), and either the block is whole sentences
  and the crossed text has ``min_length`` words (sentences exchanged: "Rain fell." put after
  the long sentence it stood before) or the whole swap stands in one sentence ("dixit deus"
  / "deus dixit"), whatever its length.

A block of punctuation alone is never a move (it is a punctuation variant). Only tokens left
unmatched (or, for swaps, facing a different word) are searched, so the cost follows the
amount of change: far moves through n-grams of the unmatched tokens, swaps through a sorted
index of unmatched keys near each changed stretch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .pairwise import PairAlignment
from .weak import ends_sentence

__all__ = ["Move", "find_moves"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

WINDOW_MARGIN = 100  # tokens around both places of a far move searched for repeats
SWAP_REACH = 40  # tokens from its old place within which a swapped block is looked for
SENTENCE_REACH = 80  # tokens searched either side for the ends of the sentence of a swap
CROSSED_MAX = 400  # tokens: a block that crossed more than this is no swap


@dataclass(frozen=True)
class Move:
    """Tokens ``a_start:a_end`` of ``a`` stand as ``b_start:b_end`` elsewhere in ``b``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int


class _Side:
    """One witness's tokens: which are free, and how they face the other witness.

    Everything stays in arrays: only the few stretches looked at become lists.
    """

    def __init__(self, keys: IntArray, exact: IntArray, other_exact: IntArray,
                 other_length: int, matched: IntArray, near: IntArray, near_other: IntArray,
                 other_keys: IntArray) -> None:
        self.keys = keys
        self.length = len(keys)
        self.loose = np.ones(len(keys), dtype=np.bool_)  # not matched to an equal token
        self.loose[exact] = False
        self.free = np.ones(len(keys), dtype=np.bool_)  # not matched to any token
        self.free[matched] = False
        self.partner = np.full(len(keys), -1, dtype=np.int64)  # key facing it, if not equal
        self.partner[near] = other_keys[near_other]
        self.exact, self.other_exact, self.other_length = exact, other_exact, other_length
        self.counts: IntArray | None = None
        self.free_runs: IntArray | None = None
        self.run_sizes: IntArray | None = None

    def tokens(self, lo: int, hi: int) -> list[int]:
        listed: list[int] = self.keys[max(lo, 0) : max(hi, 0)].tolist()
        return listed

    def gap(self, position: int) -> tuple[int, int]:
        """The stretch of the other witness facing this free position: between the
        images of the exact matches around it."""
        k = int(np.searchsorted(self.exact, position))
        lo = int(self.other_exact[k - 1]) + 1 if k > 0 else 0
        hi = int(self.other_exact[k]) if k < len(self.exact) else self.other_length
        return lo, hi

    def free_around(self, lo: int, hi: int) -> int:
        """How many free tokens stand next to ``lo:hi`` (itself free), before and after it
        without a matched token between: the unmatched text the block is part of."""
        if self.free_runs is None:
            # number of each maximal run of free tokens, 0 for matched ones
            starts = self.free & ~np.concatenate(([False], self.free[:-1]))
            self.free_runs = np.where(self.free, np.cumsum(starts), 0)
            self.run_sizes = np.bincount(self.free_runs)
        assert self.run_sizes is not None
        return int(self.run_sizes[self.free_runs[lo]]) - (hi - lo)

    def occurrences(self, block: list[int], lo: int, hi: int) -> int:
        """How often ``block`` stands in ``keys[lo:hi]`` (up to 2: more is no different)."""
        lo, hi = max(lo, 0), min(hi, self.length)
        if self.counts is None:
            self.counts = np.bincount(self.keys)
        counts = self.counts
        rare = min(block, key=lambda key: int(counts[key]))
        if int(counts[rare]) <= 1:
            return int(counts[rare])
        offset = block.index(rare)
        found = 0
        for p in (np.flatnonzero(self.keys[lo:hi] == rare) + lo).tolist():
            start = p - offset
            if start >= lo and start + len(block) <= hi and \
                    self.tokens(start, start + len(block)) == block:
                found += 1
                if found > 1:
                    break
        return found


class _Judge:
    """The evidence rules of the module docstring, for one pair of witnesses."""

    def __init__(self, a: _Side, b: _Side, min_length: int, weak: BoolArray,
                 punct: BoolArray, keys: Sequence[str] | None) -> None:
        self.a, self.b, self.min_length = a, b, min_length
        self.weak, self.punct, self.keys = weak, punct, keys
        self.stops: dict[int, bool] = {}

    def words(self, block: Sequence[int]) -> list[int]:
        return [key for key in block if not self.punct[key]]

    def substantial(self, block: Sequence[int]) -> bool:
        """At least ``min_length`` words, not all function words."""
        words = self.words(block)
        return len(words) >= self.min_length and not all(self.weak[key] for key in words)

    def is_stop(self, key: int) -> bool:
        found = self.stops.get(key)
        if found is None:
            found = bool(self.keys is not None and self.punct[key]
                         and ends_sentence(self.keys[key]))
            self.stops[key] = found
        return found

    def one_sentence(self, side: _Side, lo: int, hi: int) -> bool:
        """No sentence ends inside ``lo:hi`` (a stop as its last token is allowed); never
        known without the key strings."""
        return self.keys is not None and not any(self.is_stop(key)
                                                 for key in side.tokens(lo, hi - 1))

    def whole_sentences(self, side: _Side, lo: int, hi: int) -> bool:
        """``lo:hi`` is one or more whole sentences (never known without the key strings)."""
        if self.keys is None:
            return False
        edges = side.tokens(lo - 1, lo) + side.tokens(hi - 1, hi)
        return (lo == 0 or self.is_stop(edges[0])) and self.is_stop(edges[-1])

    def sentence_bounds(self, side: _Side, lo: int, hi: int) -> tuple[int, int]:
        before = side.tokens(lo - SENTENCE_REACH, lo)
        start = lo
        while before and not self.is_stop(before.pop()):
            start -= 1
        after = side.tokens(hi - 1, hi + SENTENCE_REACH)
        end = hi - 1
        for key in after:
            end += 1
            if self.is_stop(key):
                break
        return start, end

    def crossed(self, i: int, j: int, length: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """What the block ``a[i:i+length]`` / ``b[j:j+length]`` crossed, in each witness
        (empty ranges when ``b``'s copy stands where ``a``'s would: no move)."""
        lo_b, hi_b = self.a.gap(i)
        lo_a, hi_a = self.b.gap(j)
        if j >= hi_b:  # later in b
            return (i + length, lo_a), (hi_b, j)
        if j + length <= lo_b:  # earlier in b
            return (hi_a, i), (j + length, lo_b)
        # Both copies in one changed stretch ("mill to the river" / "river to the mill"):
        # what the block crossed, counted from the stretch's start in each witness.
        p, q = i - lo_a, j - lo_b
        if q > p:
            return (i + length, min(hi_a, lo_a + q + length)), (lo_b + p, j)
        if q < p:
            return (lo_a + q, i), (j + length, min(hi_b, lo_b + p + length))
        return (i, i), (j, j)

    def judge(self, i: int, j: int, length: int) -> bool:
        """Is ``a[i:i+length]`` moved to ``b[j:j+length]``?"""
        block = self.a.tokens(i, i + length)
        if not self.words(block) or self.min_length < 1:
            return False
        (ya_lo, ya_hi), (yb_lo, yb_hi) = self.crossed(i, j, length)
        if ya_lo >= ya_hi and yb_lo >= yb_hi:
            return False  # both copies stand in one changed stretch: not moved
        span_a = (min(i, ya_lo), max(i + length, ya_hi))
        span_b = (min(j, yb_lo), max(j + length, yb_hi))
        window_a = (span_a[0] - WINDOW_MARGIN, span_a[1] + WINDOW_MARGIN)
        window_b = (span_b[0] - WINDOW_MARGIN, span_b[1] + WINDOW_MARGIN)
        absent = bool(self.a.free[i : i + length].all() and self.b.free[j : j + length].all())
        if absent and self.substantial(block) and self._unique(block, window_a, window_b) \
                and self._stands_out(block, i, j, length):
            return True  # a long move
        if max(ya_hi - ya_lo, yb_hi - yb_lo) > CROSSED_MAX:
            return False
        # Where the block faces other words, they must be exchanged too ("late" / "cold"
        # both ways): "raising" for "getting" here and "keeping" for "raising" there are two
        # substitutions, not a move.
        facing_a = self.a.partner[i : i + length]
        facing_b = self.b.partner[j : j + length]
        if ((facing_a >= 0).any() or (facing_b >= 0).any()) and \
                Counter(facing_a.tolist()) != Counter(facing_b.tolist()):
            return False
        if self._respelled_in_place(block, facing_a):
            return False
        crossed_a = self.a.tokens(ya_lo, ya_hi)
        if not self._same_text(crossed_a, self.b.tokens(yb_lo, yb_hi)):
            return False
        if self.substantial(crossed_a) and self.whole_sentences(self.a, i, i + length) and \
                self.whole_sentences(self.b, j, j + length) and \
                self._unique(block, window_a, window_b):
            return True  # whole sentences exchanged with a long stretch
        if not (self.one_sentence(self.a, *span_a) and self.one_sentence(self.b, *span_b)):
            return False
        return self._unique(block, self.sentence_bounds(self.a, *span_a),
                            self.sentence_bounds(self.b, *span_b))  # a swap in a sentence

    def _stands_out(self, block: list[int], i: int, j: int, length: int) -> bool:
        """Is the block long enough for the unmatched text it is part of at either place?

        A phrase found again inside a long stretch of new text ("they may be", "of distinct
        species" in a paragraph an edition added) is the language's stock, not the text
        moved: as a run of equal words inside a long unmatched stretch must be
        (:func:`.stretch.run_need`), the block must have as many words as chance would
        not give in that much text. A moved sentence beside unchanged text needs nothing
        more than its ``min_length``."""
        from .stretch import run_need

        around = max(self.a.free_around(i, i + length), self.b.free_around(j, j + length))
        return len(self.words(block)) >= run_need(around)

    def _respelled_in_place(self, block: list[int], facing: IntArray) -> bool:
        """Does a word of the block face, where it stood, a respelling of itself ("εϲτιν"
        facing "εϲτι¯")? Then the two witnesses spell a word that stands twice differently
        at each place, which is two spellings, not a move."""
        if self.keys is None:
            return False
        from ...text.spelling import may_stand_for

        keys = self.keys
        return any(other >= 0 and may_stand_for(keys[other], keys[key])
                   for key, other in zip(block, facing.tolist(), strict=True))

    def _unique(self, block: list[int], window_a: tuple[int, int],
                window_b: tuple[int, int]) -> bool:
        return (self.a.occurrences(block, *window_a) == 1
                and self.b.occurrences(block, *window_b) == 1)

    def _same_text(self, one: list[int], other: list[int]) -> bool:
        """The crossed stretches hold the same words, but for at most one in three."""
        words_one, words_other = Counter(self.words(one)), Counter(self.words(other))
        common = sum((words_one & words_other).values())
        differ = sum(words_one.values()) + sum(words_other.values()) - 2 * common
        return common >= 1 and 2 * differ <= common


def _extend(a: _Side, b: _Side, i: int, j: int, loose: bool) -> int:
    """How many tokens from ``a[i]`` and ``b[j]`` on are equal and unmatched on both sides."""
    open_a, open_b = (a.loose, b.loose) if loose else (a.free, b.free)
    length, step = 0, 16
    while True:
        width = min(step, a.length - i - length, b.length - j - length)
        if width <= 0:
            return length
        lo_a, lo_b = i + length, j + length
        same = ((a.keys[lo_a : lo_a + width] == b.keys[lo_b : lo_b + width])
                & open_a[lo_a : lo_a + width] & open_b[lo_b : lo_b + width])
        if not same.all():
            return length + int(np.argmin(same))
        length += width
        step *= 2


def _claim(a: _Side, b: _Side, move: Move, moves: list[Move]) -> None:
    moves.append(move)
    for side, start, end in ((a, move.a_start, move.a_end), (b, move.b_start, move.b_end)):
        side.free[start:end] = side.loose[start:end] = False


def _run_starts(free: BoolArray, seed: int) -> IntArray:
    """Positions from which ``seed`` tokens in a row are free."""
    if len(free) < seed:
        return np.zeros(0, dtype=np.int64)
    totals = np.concatenate([[0], np.cumsum(free, dtype=np.int64)])
    starts: IntArray = np.flatnonzero(totals[seed:] - totals[:-seed] == seed)
    return starts


def _grams(keys: IntArray, starts: IntArray, seed: int) -> list[tuple[int, ...]]:
    columns = [keys[starts + offset].tolist() for offset in range(seed)]
    return list(zip(*columns, strict=True))


def _far_moves(a: _Side, b: _Side, judge: _Judge, seed: int, moves: list[Move]) -> None:
    """Blocks of at least ``seed`` tokens unmatched on both sides, found by their first
    ``seed`` keys wherever they stand."""
    starts_b = _run_starts(b.free, seed)
    starts_a = _run_starts(a.free, seed)
    if not len(starts_b) or not len(starts_a):
        return
    starts: dict[tuple[int, ...], list[int]] = {}
    for gram, j in zip(_grams(b.keys, starts_b, seed), starts_b.tolist(), strict=True):
        starts.setdefault(gram, []).append(j)
    resume = 0
    for gram, i in zip(_grams(a.keys, starts_a, seed), starts_a.tolist(), strict=True):
        found = starts.get(gram)
        if found is None or i < resume or not a.free[i]:
            continue
        candidates = [(_extend(a, b, i, j, loose=False), j) for j in found]
        for length, j in sorted(candidates, key=lambda c: (-c[0], c[1])):
            if length >= seed and judge.judge(i, j, length):
                _claim(a, b, Move(i, i + length, j, j + length), moves)
                resume = i + length
                break


def _near_moves(a: _Side, b: _Side, judge: _Judge, moves: list[Move]) -> None:
    """Blocks of any length, not matched to an equal token on either side, whose other copy
    stands within :data:`SWAP_REACH` tokens of where they would face it: swaps."""
    seeds_a = np.flatnonzero(a.loose)
    seeds_a = seeds_a[~judge.punct[a.keys[seeds_a]]]
    loose_b = np.flatnonzero(b.loose)
    if not len(seeds_a) or not len(loose_b):
        return
    # Where each seed would stand in b: between the images of the exact matches around it.
    k = np.searchsorted(a.exact, seeds_a)
    lo = np.where(k > 0, b_of(a.other_exact, k - 1) + 1, 0)
    hi = np.where(k < len(a.exact), b_of(a.other_exact, k), b.length)
    # Loose tokens of b sorted by (key, position); a seed looks up its key near [lo, hi).
    width = b.length + 2 * SWAP_REACH + 2
    combined = np.sort(b.keys[loose_b] * width + loose_b + SWAP_REACH)
    seed_keys = a.keys[seeds_a] * width
    left = np.searchsorted(combined, seed_keys + np.maximum(lo - SWAP_REACH, 0) + SWAP_REACH)
    right = np.searchsorted(combined, seed_keys + hi + 2 * SWAP_REACH, side="right")
    found = np.flatnonzero(right > left)
    resume = 0
    for index in found.tolist():
        i = int(seeds_a[index])
        if i < resume or not a.loose[i]:
            continue
        gap_lo, gap_hi = int(lo[index]), int(hi[index])
        positions = ((combined[left[index] : right[index]] % width) - SWAP_REACH).tolist()
        # A copy in the stretch facing the seed's own is a move only if both stretches are
        # short (a swap inside a rewritten phrase), never at the same offset.
        inside = gap_hi - gap_lo <= SWAP_REACH
        candidates = [(_extend(a, b, i, j, loose=True), j) for j in positions
                      if b.loose[j] and (inside or not gap_lo <= j < gap_hi)]
        near = (gap_lo + gap_hi) // 2
        for length, j in sorted(candidates, key=lambda c: (-c[0], abs(c[1] - near), c[1])):
            if length and judge.judge(i, j, length):
                _claim(a, b, Move(i, i + length, j, j + length), moves)
                resume = i + length
                break


def b_of(images: IntArray, index: IntArray) -> IntArray:
    """``images[index]`` where ``index`` is in range (0 elsewhere; masked by the caller)."""
    if not len(images):
        return np.zeros(len(index), dtype=np.int64)
    result: IntArray = images[np.clip(index, 0, len(images) - 1)]
    return result


def find_moves(a: IntArray, b: IntArray, pairs: PairAlignment, *, min_length: int,
               weak: BoolArray, punct: BoolArray | None = None,
               keys: Sequence[str] | None = None) -> list[Move]:
    """The moves between ``a`` and ``b`` (key ids) as aligned by ``pairs``, in order of ``a``.

    ``min_length`` is the least number of words (punctuation not counted) of a move that is
    not a swap; 0 finds no moves at all. ``weak`` and ``punct`` flag key ids that are function
    words and punctuation; ``keys`` (key strings by id) tells which marks end a sentence.
    Without ``punct`` every token counts as a word; without ``keys`` no swap is known to
    stand in one sentence.
    """
    if min_length < 1 or not len(a) or not len(b):
        return []
    size = int(max(int(a.max()), int(b.max()))) + 1
    punct = punct if punct is not None else np.zeros(size, dtype=np.bool_)
    exact_a, exact_b = pairs.a_index[pairs.exact], pairs.b_index[pairs.exact]
    near_a, near_b = pairs.a_index[~pairs.exact], pairs.b_index[~pairs.exact]
    side_a = _Side(a, exact_a, exact_b, len(b), pairs.a_index, near_a, near_b, b)
    side_b = _Side(b, exact_b, exact_a, len(a), pairs.b_index, near_b, near_a, a)
    if not side_a.loose.any() or not side_b.loose.any():
        return []
    judge = _Judge(side_a, side_b, min_length, weak, punct, keys)
    moves: list[Move] = []
    _far_moves(side_a, side_b, judge, min_length, moves)
    _near_moves(side_a, side_b, judge, moves)
    return sorted(moves, key=lambda move: move.a_start)
