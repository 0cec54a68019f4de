"""Pairwise alignment: exact runs, then editorial judgement on the stretches between them.

1. :func:`~variorum.collation.align.anchors.exact_runs` finds what is equal (near-linear;
   small regions by LCS, in C).
2. A short run of *weak* tokens (function words, punctuation) with changes on both sides is
   not evidence of correspondence: "the" in a rewritten sentence is not the same "the". Such
   runs are dropped, and so is a run too short for the unmatched text around it
   (:func:`~.stretch.credible_runs`); the stretches around a dropped run become one, and are
   judged again whole.
3. Inside each changed stretch :func:`~.stretch.align_stretch` pairs the words that truly
   correspond (equal or respelled content words by an affine-gap programme, weak tokens only
   where their neighbours support it), so ``bafoonish`` faces ``bafoenish``, a rewrite is cut
   only at its real correspondences, and a changed word never faces a comma. What is left
   faces itself token by token where both sides are equally long (big/small).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from ...text.spelling import without_marks
from .anchors import Run, exact_runs, id_list
from .stretch import STRETCH_CELLS, align_stretch, credible_runs
from .weak import ends_sentence

__all__ = ["SHORT_PAIR", "PairAlignment", "StretchMemo", "align_pair", "align_short", "near_pairs"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# A changed stretch's tokens -> (its pairs: exact in a, exact in b, near in a, near in b).
StretchMemo = dict[tuple[tuple[int, ...], tuple[int, ...]],
                   tuple[list[int], list[int], list[int], list[int]]]
Flags = Sequence[bool] | BoolArray  # per token or key id: a list, or an array of the same
WEAK_RUN_MAX = 2  # runs of at most this many weak tokens between changes are dropped
NEAR_MATCH_MIN = 0.5  # least similarity (0..1) for two different words to face each other
NEAR_MATCH_CELLS = 2500  # larger changed stretches are not searched for near matches


@dataclass(frozen=True, eq=False)
class PairAlignment:
    """Positions of ``a`` and ``b`` that face each other, increasing in both."""

    a_index: IntArray
    b_index: IntArray
    exact: BoolArray

    def __len__(self) -> int:
        return int(self.a_index.shape[0])


def near_pairs(a_keys: list[str], b_keys: list[str], a_punct: list[bool],
               b_punct: list[bool]) -> list[tuple[int, int]]:
    """Pair the tokens of two changed stretches by similarity, keeping their order.

    >>> near_pairs(["the", "bafoonish", ","], ["bafoenish", ";"], [False, False, True],
    ...            [False, True])
    [(1, 0), (2, 1)]
    >>> near_pairs(["big"], ["small"], [False], [False])
    [(0, 0)]
    """
    rows, cols = len(a_keys), len(b_keys)
    if rows == 0 or cols == 0:
        return []
    if rows == cols == 1:  # the commonest change: one token for another
        return [(0, 0)] if a_punct[0] == b_punct[0] and a_keys[0] != b_keys[0] else []
    if rows * cols > NEAR_MATCH_CELLS:
        return _positional(a_keys, b_keys, a_punct, b_punct, [])
    score = [[0.0] * cols for _ in range(rows)]
    for i, (key_a, punct_a) in enumerate(zip(a_keys, a_punct, strict=True)):
        for j, (key_b, punct_b) in enumerate(zip(b_keys, b_punct, strict=True)):
            if key_a == key_b or punct_a != punct_b:
                continue  # equal keys here were dropped on purpose; a word never faces a mark
            similarity = 0.5 if punct_a else fuzz.ratio(key_a, key_b) / 100.0
            if similarity >= NEAR_MATCH_MIN:
                score[i][j] = similarity
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        row, below, here = score[i], best[i + 1], best[i]
        for j in range(cols - 1, -1, -1):
            take = row[j] + below[j + 1] if row[j] else 0.0
            here[j] = max(take, below[j], here[j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if score[i][j] and best[i][j] == score[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return _positional(a_keys, b_keys, a_punct, b_punct, pairs)


def _positional(a_keys: list[str], b_keys: list[str], a_punct: list[bool], b_punct: list[bool],
                pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Between near matches, stretches of equal length face each other token by token.

    "big" and "small" share no letters, but in "The big dog" / "The small dog" one replaces
    the other. Not done where a word would face a mark, or where equal tokens would face each
    other (those were set apart on purpose as weak matches).
    """
    filled: list[tuple[int, int]] = []
    bounds = [(-1, -1), *pairs, (len(a_keys), len(b_keys))]
    for (lo_a, lo_b), (hi_a, hi_b) in itertools.pairwise(bounds):
        if lo_a >= 0:
            filled.append((lo_a, lo_b))
        span_a, span_b = range(lo_a + 1, hi_a), range(lo_b + 1, hi_b)
        if len(span_a) != len(span_b) or not span_a:
            continue
        if all(a_punct[i] == b_punct[j] and a_keys[i] != b_keys[j]
               for i, j in zip(span_a, span_b, strict=True)):
            filled.extend(zip(span_a, span_b, strict=True))
    return filled


def _drop_weak_runs(runs: list[Run], weak: Flags, a: list[int], n_b: int) -> list[Run]:
    n_a = len(a)
    kept: list[Run] = []
    for index, (start_a, start_b, length) in enumerate(runs):
        if length <= WEAK_RUN_MAX and all(weak[key] for key in a[start_a : start_a + length]):
            prev_a, prev_b = (kept[-1][0] + kept[-1][2], kept[-1][1] + kept[-1][2]) if kept \
                else (0, 0)
            changed_before = start_a > prev_a or start_b > prev_b
            next_a, next_b = (runs[index + 1][0], runs[index + 1][1]) if index + 1 < len(runs) \
                else (n_a, n_b)
            changed_after = next_a > start_a + length or next_b > start_b + length
            if changed_before and changed_after:
                continue
        kept.append((start_a, start_b, length))
    return kept


@functools.lru_cache(maxsize=1 << 14)
def _function_word(key: str) -> bool:
    """A function word of the lists for names and sentences (English, Russian, Greek
    without its accents and breathings: "ἢ" is "η"), for where a slid block should end:
    those lists cover languages the alignment's weak words do not, and here a function word
    only breaks a tie."""
    from ...text.function_words import is_function_word

    return is_function_word(key) or (not key.isascii() and is_function_word(without_marks(key)))


def _best_shift(seq: list[int], glued: Flags, start: int, end: int,
                left_room: int, right_room: int, keys: Sequence[str],
                weak: Sequence[bool]) -> int:
    """How far to slide the block ``seq[start:end]`` so that it covers whole written words.

    The block can slide left while the token before it equals its last token, and right while
    the token after it equals its first (``left_room``/``right_room`` bound this by the runs
    of matches around it). The slide covering whole written words is taken, then one covering
    whole sentences, then one ending on a word that is not a function word (a phrase: "or in
    the street" added before "or in the square", not "street or in the"); remaining ties go
    to the smallest slide.
    """
    def whole_words(shift: int) -> tuple[int, int, int]:
        s, e = start + shift, end + shift
        words = int(s == 0 or not glued[s - 1]) + int(e >= len(seq) or not glued[e - 1])
        # Then whole sentences: an added sentence is cited from its first word to its stop.
        sentences = int(s == 0 or ends_sentence(keys[seq[s - 1]])) + int(
            ends_sentence(keys[seq[e - 1]]))
        return words, sentences, int(not (weak[seq[e - 1]] or _function_word(keys[seq[e - 1]])))

    candidates = [0]
    shift = 0
    if not (left_room and start and seq[start - 1] == seq[end - 1]) and not (
            right_room and end < len(seq) and seq[start] == seq[end]):
        return 0  # it cannot slide
    while -shift < left_room and start + shift - 1 >= 0 and \
            seq[start + shift - 1] == seq[end + shift - 1]:
        shift -= 1
        candidates.append(shift)
    shift = 0
    while shift < right_room and end + shift < len(seq) and seq[start + shift] == seq[end + shift]:
        shift += 1
        candidates.append(shift)
    return max(candidates, key=lambda c: (whole_words(c), -abs(c), -c))


def _slide_blocks(runs: list[Run], a: list[int], b: list[int], glued_a: Flags,
                  glued_b: Flags, keys: Sequence[str], weak: Sequence[bool]) -> list[Run]:
    """Slide pure additions and omissions onto word boundaries (``eleven. Two`` → ``Two .``)."""
    runs = list(runs)
    for index in range(len(runs) - 1):
        start_a, start_b, length = runs[index]
        next_a, next_b, next_length = runs[index + 1]
        end_a, end_b = start_a + length, start_b + length
        if end_a < next_a and end_b == next_b:
            seq, glued, gap_start, gap_end = a, glued_a, end_a, next_a
        elif end_b < next_b and end_a == next_a:
            seq, glued, gap_start, gap_end = b, glued_b, end_b, next_b
        else:
            continue
        shift = _best_shift(seq, glued, gap_start, gap_end, length, next_length, keys, weak)
        if shift:
            runs[index] = (start_a, start_b, length + shift)
            runs[index + 1] = (next_a + shift, next_b + shift, next_length - shift)
    return [run for run in runs if run[2] > 0]


def align_pair(a: IntArray, b: IntArray, *, keys: list[str], weak: BoolArray,
               punct: BoolArray, glued_a: BoolArray | None = None,
               glued_b: BoolArray | None = None,
               near: Callable[[list[str], list[str], list[bool], list[bool]],
                              list[tuple[int, int]]] = near_pairs,
               memo: StretchMemo | None = None) -> PairAlignment:
    """Align two sequences of key ids.

    ``keys`` maps a key id to its string (for similarity); ``weak`` and ``punct`` flag key ids
    that are function words or punctuation; ``glued_a[i]`` says token ``i`` of ``a`` and the
    next one form one written word (pure additions and omissions slide to word boundaries).
    Stretches too large for :func:`~.stretch.align_stretch` are paired by ``near``. ``memo``,
    if given, keeps what each changed stretch gave, for stretches of the same tokens later
    (only for one ``keys``, ``weak`` and ``punct``).
    """
    a_list, b_list = id_list(a), id_list(b)
    runs = exact_runs(a, b, a_list, b_list)
    runs, near_a, near_b = _judge(runs, a_list, b_list, keys, weak.tolist(), punct.tolist(),
                                  glued_a, glued_b, near, memo)
    run_a, run_b, run_length = (np.asarray(column, dtype=np.int64)
                                for column in (zip(*runs, strict=True) if runs else ([], [], [])))
    all_exact_a = _expand(run_a, run_length)
    all_exact_b = _expand(run_b, run_length)
    all_a = np.concatenate([all_exact_a, np.asarray(near_a, dtype=np.int64)])
    all_b = np.concatenate([all_exact_b, np.asarray(near_b, dtype=np.int64)])
    exact = np.concatenate([np.ones(len(all_exact_a), dtype=np.bool_),
                            np.zeros(len(near_a), dtype=np.bool_)])
    order = np.argsort(all_a, kind="stable")
    return PairAlignment(all_a[order], all_b[order], exact[order])


SHORT_PAIR = 64  # tokens on each side up to which align_short works on lists alone


def align_short(a: list[int], b: list[int], keys: list[str], weak: list[bool],
                punct: list[bool], glued_a: Flags, glued_b: Flags,
                memo: StretchMemo | None = None) -> list[tuple[int, int, bool]]:
    """:func:`align_pair` of two short sequences (at most :data:`SHORT_PAIR` tokens each),
    on Python lists: the same pairs ``(i, j, exact)``, in order, without numpy's cost per
    call (the stretches where several witnesses add text are many and small)."""
    runs: list[Run] = []
    n_a, n_b = len(a), len(b)
    prefix = 0
    while prefix < min(n_a, n_b) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(n_a, n_b) - prefix and a[n_a - 1 - suffix] == b[n_b - 1 - suffix]:
        suffix += 1
    if prefix:
        runs.append((0, 0, prefix))
    for op in Indel.opcodes(a[prefix : n_a - suffix], b[prefix : n_b - suffix]):
        if op.tag == "equal":
            runs.append((prefix + op.src_start, prefix + op.dest_start,
                         op.src_end - op.src_start))
    if suffix:
        runs.append((n_a - suffix, n_b - suffix, suffix))
    runs = _join_touching(runs)
    runs, near_a, near_b = _judge(runs, a, b, keys, weak, punct, glued_a, glued_b, near_pairs,
                                  memo)
    found = [(start_a + k, start_b + k, True) for start_a, start_b, length in runs
             for k in range(length)]
    found.extend((i, j, False) for i, j in zip(near_a, near_b, strict=True))
    found.sort()
    return found


def _join_touching(runs: list[Run]) -> list[Run]:
    joined: list[Run] = []
    for start_a, start_b, length in runs:
        if joined and joined[-1][0] + joined[-1][2] == start_a \
                and joined[-1][1] + joined[-1][2] == start_b:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + length)
        else:
            joined.append((start_a, start_b, length))
    return joined


def _judge(runs: list[Run], a_list: list[int], b_list: list[int], keys: list[str],
           weak_list: list[bool], punct_list: list[bool], glued_a: Flags | None,
           glued_b: Flags | None,
           near: Callable[[list[str], list[str], list[bool], list[bool]],
                          list[tuple[int, int]]],
           memo: StretchMemo | None = None) -> tuple[list[Run], list[int], list[int]]:
    """Steps 2 and 3 of the module's method: the runs kept (with the exact pairs found inside
    stretches joined to them) and the near pairs, as positions of ``a`` and ``b``."""
    runs = _drop_weak_runs(runs, weak_list, a_list, len(b_list))
    runs = _credible(runs, len(a_list), len(b_list))
    exact_a: list[int] = []
    exact_b: list[int] = []
    near_a: list[int] = []
    near_b: list[int] = []
    end_a = end_b = 0
    for start_a, start_b, length in [*runs, (len(a_list), len(b_list), 0)]:
        if start_a > end_a and start_b > end_b:
            gap_a, gap_b = a_list[end_a:start_a], b_list[end_b:start_b]
            if start_a - end_a == start_b - end_b == 1:
                # The commonest change, one token for another: they face each other unless
                # a word would face a mark.
                near_pairs_found = [(0, 0)] if punct_list[gap_a[0]] == punct_list[gap_b[0]] \
                    else []
            elif len(gap_a) * len(gap_b) <= STRETCH_CELLS:
                memo_key = (tuple(gap_a), tuple(gap_b))
                known = memo.get(memo_key) if memo is not None else None
                if known is None:
                    known = _stretch_pairs(gap_a, gap_b, keys, weak_list, punct_list)
                    if memo is not None:
                        memo[memo_key] = known
                exact_a.extend(end_a + i for i in known[0])
                exact_b.extend(end_b + j for j in known[1])
                near_a.extend(end_a + i for i in known[2])
                near_b.extend(end_b + j for j in known[3])
                end_a, end_b = start_a + length, start_b + length
                continue
            else:
                near_pairs_found = near([keys[k] for k in gap_a], [keys[k] for k in gap_b],
                                        [punct_list[k] for k in gap_a],
                                        [punct_list[k] for k in gap_b])
            for i, j in near_pairs_found:
                near_a.append(end_a + i)
                near_b.append(end_b + j)
        end_a, end_b = start_a + length, start_b + length
    runs = _swaps_around_shared(_with_pairs(runs, exact_a, exact_b), a_list, b_list, keys)
    if glued_a is not None and glued_b is not None:
        runs = _slide_blocks(runs, a_list, b_list, glued_a, glued_b, keys, weak_list)
    return runs, near_a, near_b


def _stretch_pairs(gap_a: list[int], gap_b: list[int], keys: list[str], weak: list[bool],
                   punct: list[bool]) -> tuple[list[int], list[int], list[int], list[int]]:
    """The pairs of one changed stretch: :func:`~.stretch.align_stretch`, then what is left
    facing itself token by token where both sides are equally long (exact in a, in b; near
    in a, in b; positions in the stretch)."""
    found = align_stretch(gap_a, gap_b, keys, weak, punct)
    pairs = [(i, j) for i, j, _ in found]
    exact_a = [i for i, _, is_exact in found if is_exact]
    exact_b = [j for _, j, is_exact in found if is_exact]
    near_a = [i for i, _, is_exact in found if not is_exact]
    near_b = [j for _, j, is_exact in found if not is_exact]
    taken = set(pairs)
    for i, j in _positional([keys[k] for k in gap_a], [keys[k] for k in gap_b],
                            [punct[k] for k in gap_a], [punct[k] for k in gap_b], pairs):
        if (i, j) not in taken:
            near_a.append(i)
            near_b.append(j)
    return exact_a, exact_b, near_a, near_b


def _swaps_around_shared(runs: list[Run], a: list[int], b: list[int],
                         keys: list[str]) -> list[Run]:
    """Re-pair a swap around shared words within one sentence: ``M y Z`` / ``Z y M``.

    Matching the longest common text pairs ``M`` across the swap, leaving ``y Z`` unpaired
    in one witness and ``Z y`` in the other ("blue kettle" matched in "the blue kettle and
    the lamp" / "the lamp and the blue kettle"), so the words between the two exchanged
    phrases, which did not change, would read as an omission and an addition. Where a run
    has text of only one witness before it and of only the other after it, and those two
    texts are ``y Z`` and ``Z y`` (``y`` not empty) with no sentence end inside the whole,
    ``y`` is paired instead of ``M``: the two phrases then face each other at two places
    around ``y``, which is how a transposition of ``M`` and ``Z`` is found and shown.
    """
    if len(runs) < 1:
        return runs
    changed = False
    bounded = [(0, 0, 0), *runs, (len(a), len(b), 0)]
    out: list[Run] = [bounded[0]]
    for k in range(1, len(bounded) - 1):
        prev_a, prev_b, prev_length = out[-1]
        start_a, start_b, length = bounded[k]
        next_a, next_b, _ = bounded[k + 1]
        end_prev_a, end_prev_b = prev_a + prev_length, prev_b + prev_length
        before_a, before_b = start_a - end_prev_a, start_b - end_prev_b
        after_a, after_b = next_a - start_a - length, next_b - start_b - length
        swapped: tuple[int, int] | None = None
        if before_a == 0 and after_b == 0 and before_b == after_a > 0:
            # a = .. M F .. ; b = .. G M ..: F = y Z and G = Z y?
            free_a = a[start_a + length : next_a]
            free_b = b[end_prev_b:start_b]
            swapped = _split_swap(free_a, free_b)
            if swapped is not None:
                cut, _ = swapped  # y = free_a[:cut], in b at free_b[len - cut:]
                y_a, y_b, lo_a = start_a + length, start_b - cut, start_a
        elif before_b == 0 and after_a == 0 and before_a == after_b > 0:
            # a = .. F M .. ; b = .. M G ..: F = Z y and G = y Z?
            free_a = a[end_prev_a:start_a]
            free_b = b[start_b + length : next_b]
            swapped = _split_swap(free_b, free_a)
            if swapped is not None:
                cut, _ = swapped
                y_a, y_b, lo_a = start_a - cut, start_b + length, end_prev_a
        if swapped is not None:
            span = a[lo_a : lo_a + length + len(free_a)]
            if not any(ends_sentence(keys[key]) for key in span[:-1]):
                out.append((y_a, y_b, swapped[0]))
                changed = True
                continue
        out.append(bounded[k])
    if not changed:
        return runs
    return sorted(run for run in out[1:] if run[2] > 0)


def _split_swap(first: list[int], second: list[int]) -> tuple[int, int] | None:
    """``(len(y), len(Z))`` where ``first`` is ``y Z`` and ``second`` is ``Z y``, ``y``
    and ``Z`` not empty (the shortest ``Z``), or ``None``."""
    n = len(first)
    for z in range(1, n):
        if first[n - z :] == second[:z] and first[: n - z] == second[z:]:
            return n - z, z
    return None


def _credible(runs: list[Run], n_a: int, n_b: int) -> list[Run]:
    """Runs long enough for the unmatched text around them (:func:`.stretch.credible_runs`)."""
    keep = credible_runs(runs, n_a, n_b)
    return runs if all(keep) else [run for run, kept in zip(runs, keep, strict=True) if kept]


def _with_pairs(runs: list[Run], extra_a: list[int], extra_b: list[int]) -> list[Run]:
    """``runs`` with the single exact pairs added, pairs continuing one another joined."""
    if not extra_a:
        return runs
    merged = sorted([*runs, *((i, j, 1) for i, j in zip(extra_a, extra_b, strict=True))])
    joined: list[Run] = [merged[0]]
    for start_a, start_b, length in merged[1:]:
        last_a, last_b, last_length = joined[-1]
        if start_a == last_a + last_length and start_b == last_b + last_length:
            joined[-1] = (last_a, last_b, last_length + length)
        else:
            joined.append((start_a, start_b, length))
    return joined


def _expand(starts: IntArray, lengths: IntArray) -> IntArray:
    """All positions ``start, start + 1, ..., start + length - 1`` of each run, in order."""
    total = int(lengths.sum()) if len(lengths) else 0
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    within = np.arange(total, dtype=np.int64) - np.repeat(offsets, lengths)
    expanded: IntArray = np.repeat(starts, lengths) + within
    return expanded
