"""Inside a changed stretch: which tokens truly correspond.

Between the runs of equal text that :mod:`~variorum.collation.align.anchors` finds, a stretch
of ``a`` and a stretch of ``b`` differ. An editor's apparatus cuts such a stretch only at the
words that truly correspond; everything else is one reading against another. Three steps:

1. **Content words** (equal, or one respelled or inflected for the other) are paired by an
   affine-gap dynamic programme: opening a gap costs far more than extending it, so a pairing
   that would break an addition or a rewrite into pieces must be worth two gap openings. The
   programme is bounded (:data:`STRETCH_CELLS`); larger stretches are cut at anchors first.
2. A pairing inside a long unmatched stretch must be a run long enough not to be chance
   (:func:`credible_runs`): one shared word in a 2,000-word new introduction is not the place
   where the old text stands.
3. **Weak tokens** (function words, punctuation) match only where their neighbours support it
   (:func:`supported_weak`): a run of them continuing a correspondence, or a function word just
   before a corresponding content word ("I returned" / "I hastened to return": the word leans on
   its head, which follows it) or a mark just after one (marks lean on the word before), within
   :data:`WEAK_SUPPORT` tokens on the two sides together. "the", "of", "," scattered through a
   rewritten sentence are not correspondences.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel
from rapidfuzz.process import cdist

from ...text.spelling import is_respelling, may_stand_for

__all__ = ["STRETCH_CELLS", "Pair", "align_stretch", "credible_runs", "run_need"]

IntArray = npt.NDArray[np.int64]
Pair = tuple[int, int, bool]  # (index in a, index in b, exact)

STRETCH_CELLS = 4096  # largest stretch (tokens of a x tokens of b) the programme fills
# Scores, in tenths: an equal content word is worth 10, a gap opening 4, a gap token 0.5. A
# gap is whatever stands unpaired between two pairs, on one side or both, so a pairing that
# splits a gap in two must be worth more than 4 to be made.
MATCH = 100
RESPELLED = 80  # is_respelling: one word spelled two ways
ALIKE = 60  # may_stand_for and letter bags at least 0.8 alike (continue/continues)
SAME_START = 30  # may_stand_for by a shared first letter only: paired only where it costs no gap
WEAK_MATCH = 10  # an equal function word or mark: 1, far less than a gap opening
GAP_OPEN = 40
GAP_EXTEND = 5
WEAK_SUPPORT = 2  # tokens between a weak match and the correspondence it leans on, both sides
_NEG = -(1 << 40)
_NEAR_MIN = 0.5  # letter-bag similarity below which two words are never paired


def run_need(gap: int) -> int:
    """Least length of a run standing between two unmatched stretches of at least ``gap``
    tokens: 1 beside small changes, growing with the logarithm of the text it could have
    matched by chance (8 → 2, 32 → 4, 256 → 7, 2,000 → 9).

    >>> [run_need(g) for g in (0, 7, 8, 32, 256, 2000)]
    [1, 1, 2, 4, 7, 9]
    """
    return 1 if gap < 8 else 1 + int(math.log2(gap / 4))


def credible_runs(runs: Sequence[tuple[int, int, int]], n_a: int, n_b: int) -> list[bool]:
    """Which runs ``(start_a, start_b, length)`` (increasing in both sequences) are long
    enough for the unmatched text around them: :func:`run_need` of the smaller of the two
    gaps beside a run, each gap measured on its longer side. Dropping a run joins its gaps,
    so this is repeated until nothing more is dropped.

    >>> credible_runs([(0, 0, 5), (5, 40, 2), (8, 80, 5)], 13, 85)
    [True, False, True]

    Runs a few tokens apart are judged together (:func:`_drop_thin_clusters`): two single
    words three tokens apart amid 290 unmatched tokens on either side are chance.

    >>> credible_runs([(0, 0, 10), (20, 300, 1), (23, 303, 1), (30, 600, 10)], 40, 610)
    [True, False, False, True]
    """
    count = len(runs)
    keep = [True] * count
    if max(n_a, n_b) < 8:
        return keep  # no gap here is long enough to ask more than one token
    before = list(range(-1, count - 1))  # the kept neighbours of each run
    after = list(range(1, count + 1))
    pending = list(range(count - 1, -1, -1))
    while pending:
        k = pending.pop()
        if not keep[k]:
            continue
        start_a, start_b, length = runs[k]
        if before[k] >= 0:
            prev_a, prev_b, prev_length = runs[before[k]]
            prev_a, prev_b = prev_a + prev_length, prev_b + prev_length
        else:
            prev_a = prev_b = 0
        next_a, next_b = runs[after[k]][:2] if after[k] < count else (n_a, n_b)
        left = max(start_a - prev_a, start_b - prev_b)
        right = max(next_a - start_a - length, next_b - start_b - length)
        if length < run_need(min(left, right)):
            keep[k] = False
            if before[k] >= 0:
                after[before[k]] = after[k]
                pending.append(before[k])
            if after[k] < count:
                before[after[k]] = before[k]
                pending.append(after[k])
    while _drop_thin_clusters(runs, keep, n_a, n_b):
        pass
    return keep


def _drop_thin_clusters(runs: Sequence[tuple[int, int, int]], keep: list[bool], n_a: int,
                        n_b: int) -> bool:
    """Drop the kept runs of each *cluster* (runs with gaps of under 8 tokens between them,
    which ask nothing of one another) that is too short for the gaps around the whole
    cluster; say whether any was dropped.

    Two chance matches a few words apart inside a long rewrite ("act" ... "during" in a
    paragraph an edition replaced) each stand beside a small gap, so each passes alone; as
    one stretch of correspondence they are two words amid hundreds.
    """
    kept = np.flatnonzero(np.asarray(keep, dtype=np.bool_))
    if len(kept) < 2:
        return False
    table = np.asarray(runs, dtype=np.int64)[kept]
    starts_a, starts_b, lengths = table[:, 0], table[:, 1], table[:, 2]
    # the gap after each kept run (to the next, or to the ends), on its longer side
    next_a = np.append(starts_a[1:], n_a)
    next_b = np.append(starts_b[1:], n_b)
    after = np.maximum(next_a - starts_a - lengths, next_b - starts_b - lengths)
    before = np.append(max(int(starts_a[0]), int(starts_b[0])), after[:-1])
    opens = np.ones(len(kept), dtype=np.bool_)
    opens[1:] = before[1:] >= 8  # run_need(gap) > 1: a new cluster
    cluster = np.cumsum(opens) - 1
    first = np.flatnonzero(opens)
    last = np.append(first[1:], len(kept)) - 1
    sizes = np.bincount(cluster, weights=lengths).astype(np.int64)
    members = np.bincount(cluster)
    gaps = np.minimum(before[first], after[last])
    need = np.fromiter((run_need(int(gap)) for gap in gaps.tolist()), dtype=np.int64,
                       count=len(gaps))
    thin = (members > 1) & (sizes < need)
    if not thin.any():
        return False
    for k in kept[thin[cluster]].tolist():
        keep[k] = False
    return True


@functools.lru_cache(maxsize=1 << 16)
def _near_score(key_a: str, key_b: str) -> int:
    if is_respelling(key_a, key_b):
        return RESPELLED
    if may_stand_for(key_a, key_b):
        return ALIKE if Indel.normalized_similarity(key_a, key_b) >= 0.8 else SAME_START
    return _NEG


SMALL_STRETCH = 256  # cells up to which the programme runs on Python lists (numpy costs more)

Matrix = list[list[int]]


def _content(keys: Sequence[int], weak: Sequence[bool], punct: Sequence[bool]) -> list[int]:
    return sorted({k for k in keys if not weak[k] and not punct[k]})


def _pair_table(content_a: list[int], content_b: list[int],
                keys: Sequence[str]) -> dict[tuple[int, int], int]:
    """Scores of the content words that may be paired, by (key of a, key of b)."""
    table: dict[tuple[int, int], int] = {}
    in_b = set(content_b)
    for k in content_a:
        if k in in_b:
            table[k, k] = MATCH
    if len(content_a) * len(content_b) <= 32:  # cdist costs more than a few direct calls
        candidates = [(ka, kb) for ka in content_a for kb in content_b if ka != kb
                      and Indel.normalized_similarity(keys[ka], keys[kb],
                                                      score_cutoff=_NEAR_MIN)]
    else:
        similar = cdist([keys[k] for k in content_a], [keys[k] for k in content_b],
                        scorer=Indel.normalized_similarity, score_cutoff=_NEAR_MIN,
                        dtype=np.float32)
        candidates = [(content_a[i], content_b[j])
                      for i, j in zip(*np.nonzero(similar), strict=True)]
    for pair in candidates:
        if pair[0] != pair[1]:
            score = _near_score(keys[pair[0]], keys[pair[1]])
            if score > _NEG:
                table[pair] = score
    return table


def _scores(a: Sequence[int], b: Sequence[int], keys: Sequence[str], weak: Sequence[bool],
            punct: Sequence[bool]) -> Matrix | None:
    """Pair scores (``None`` when no content word can be paired at all).

    Equal weak tokens are worth little (:data:`WEAK_MATCH`): taken where they continue a run
    of pairs (no gap to open), never where they would split a gap.
    """
    content_a, content_b = _content(a, weak, punct), _content(b, weak, punct)
    if not content_a or not content_b:
        return None
    table = _pair_table(content_a, content_b, keys)
    if not table:
        return None
    light = [weak[k] or punct[k] for k in b]
    scores: Matrix = []
    for k in a:
        if weak[k] or punct[k]:
            scores.append([WEAK_MATCH if k == kb else _NEG for kb in b])
        else:
            scores.append([_NEG if is_light else table.get((k, kb), _NEG)
                           for kb, is_light in zip(b, light, strict=True)])
    return scores


def _affine(scores: Matrix) -> list[tuple[int, int]]:
    """Best pairing under ``scores`` with affine gaps (Gotoh).

    A gap is a stretch of unpaired tokens on either side or both (one reading replacing
    another): it costs :data:`GAP_OPEN` once and :data:`GAP_EXTEND` a token."""
    n, m = len(scores), len(scores[0])
    if n * m <= SMALL_STRETCH:
        states = _fill_lists(scores, n, m)
    else:
        filled = _fill_arrays(np.asarray(scores, dtype=np.int64), n, m)
        states = (filled[0].tolist(), filled[1].tolist(), filled[2].tolist())
    pair, skip_a, skip_b = states

    def best_at(i: int, j: int) -> int:
        values = [pair[i][j], skip_a[i][j], skip_b[i][j]]
        return values.index(max(values))

    i, j = n, m
    state = best_at(i, j)
    found: list[tuple[int, int]] = []
    while i > 0 or j > 0:
        value = int(states[state][i][j])
        if state == 0:
            found.append((i - 1, j - 1))
            i, j = i - 1, j - 1
            state = best_at(i, j)
            continue
        if state == 1:
            i -= 1
        else:
            j -= 1
        if int(states[state][i][j]) - GAP_EXTEND == value:
            continue  # the same gap, one token longer
        other = 3 - state
        state = other if int(states[other][i][j]) - GAP_EXTEND == value else 0
    found.reverse()
    return found


def _fill_lists(scores: Matrix, n: int, m: int) -> tuple[Matrix, Matrix, Matrix]:
    """The programme's three tables: ending with a pair, with a[i-1] unpaired, with b[j-1]
    unpaired."""
    neg, opening, extend = _NEG, GAP_OPEN, GAP_EXTEND
    pair: Matrix = [[neg] * (m + 1) for _ in range(n + 1)]
    skip_a: Matrix = [[neg] * (m + 1) for _ in range(n + 1)]
    skip_b: Matrix = [[neg] * (m + 1) for _ in range(n + 1)]
    pair[0][0] = 0
    row_b = skip_b[0]
    for j in range(1, m + 1):
        row_b[j] = -opening - extend * j
    for i in range(1, n + 1):
        p_up, a_up, b_up = pair[i - 1], skip_a[i - 1], skip_b[i - 1]
        p_row, a_row, b_row, s_row = pair[i], skip_a[i], skip_b[i], scores[i - 1]
        a_row[0] = max(p_up[0] - opening, b_up[0], a_up[0]) - extend
        for j in range(1, m + 1):
            score = s_row[j - 1]
            if score > neg:
                p_row[j] = max(p_up[j - 1], a_up[j - 1], b_up[j - 1]) + score
            a_row[j] = max(p_up[j] - opening, b_up[j], a_up[j]) - extend
            b_row[j] = max(p_row[j - 1] - opening, a_row[j - 1], b_row[j - 1]) - extend
    return pair, skip_a, skip_b


def _fill_arrays(scores: IntArray, n: int, m: int) -> tuple[IntArray, IntArray, IntArray]:
    """:func:`_fill_lists` a row at a time with numpy (the gap along a row is a running
    maximum)."""
    pair = np.full((n + 1, m + 1), _NEG, dtype=np.int64)
    skip_a = np.full((n + 1, m + 1), _NEG, dtype=np.int64)
    skip_b = np.full((n + 1, m + 1), _NEG, dtype=np.int64)
    pair[0, 0] = 0
    steps = GAP_EXTEND * np.arange(m + 1, dtype=np.int64)
    scorable = scores > _NEG

    def fill_skip_b(i: int) -> None:
        opened = np.maximum(pair[i] - GAP_OPEN, skip_a[i]) + steps
        skip_b[i, 1:] = np.maximum.accumulate(opened)[:-1] - steps[1:]

    fill_skip_b(0)
    for i in range(1, n + 1):
        before = np.maximum(np.maximum(pair[i - 1], skip_a[i - 1]), skip_b[i - 1])
        pair[i, 1:] = np.where(scorable[i - 1], before[:-1] + scores[i - 1], _NEG)
        skip_a[i] = np.maximum(np.maximum(pair[i - 1] - GAP_OPEN, skip_b[i - 1]),
                               skip_a[i - 1]) - GAP_EXTEND
        fill_skip_b(i)
    return pair, skip_a, skip_b


def _credible(found: list[tuple[int, int]], n: int, m: int) -> list[tuple[int, int]]:
    """The pairs of runs (pairs continuing one another) that :func:`credible_runs` keeps."""
    if not found:
        return found
    starts = [0] + [k for k in range(1, len(found))
                    if found[k][0] != found[k - 1][0] + 1 or found[k][1] != found[k - 1][1] + 1]
    bounds = [*starts, len(found)]
    runs = [(*found[s], bounds[r + 1] - s) for r, s in enumerate(starts)]
    keep = credible_runs(runs, n, m)
    return [p for r, s in enumerate(starts) if keep[r] for p in found[s : bounds[r + 1]]]


def supported_weak(a: Sequence[int], b: Sequence[int], punct: Sequence[bool],
                   anchors: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Equal weak tokens of ``a`` and ``b`` that their neighbours support.

    ``anchors`` are the content pairs (increasing). Between two consecutive anchors (or an
    anchor and the stretch's end, which touches the runs around it), equal tokens continuing
    either are paired; then one function word just before the anchor after the gap, or one
    mark just after the anchor before it, within :data:`WEAK_SUPPORT` tokens on the two sides
    together, and whatever continues it.
    """
    found: list[tuple[int, int]] = []
    bounds = [(-1, -1), *anchors, (len(a), len(b))]
    for (lo_a, lo_b), (hi_a, hi_b) in itertools.pairwise(bounds):
        i, j = lo_a + 1, lo_b + 1
        while i < hi_a and j < hi_b and a[i] == b[j]:
            found.append((i, j))
            i, j = i + 1, j + 1
        right: list[tuple[int, int]] = []
        p, q = hi_a - 1, hi_b - 1
        while p >= i and q >= j and a[p] == b[q]:
            right.append((p, q))
            p, q = p - 1, q - 1
        if p >= i and q >= j:
            # A weak token leans on a word of the stretch that corresponds, never on the runs
            # around it: "the" before "morning" / "dawn" is no correspondence.
            found.extend(_leaning(a, b, punct, (i, p + 1, j, q + 1),
                                  (lo_a >= 0, hi_a < len(a))))
        found.extend(reversed(right))
    found.sort()
    return found


def _leaning(a: Sequence[int], b: Sequence[int], punct: Sequence[bool],
             gap: tuple[int, int, int, int], paired: tuple[bool, bool]) -> list[tuple[int, int]]:
    """In a gap between correspondences: the best-placed supported weak match and its run.

    ``paired`` says whether the correspondence before and after the gap is a pair of the
    stretch (rather than its end)."""
    lo_a, hi_a, lo_b, hi_b = gap
    sides = [side for side, ok in zip(("mark", "word"), paired, strict=True) if ok]
    best: tuple[int, int, int] | None = None
    for da in range(min(WEAK_SUPPORT, hi_a - lo_a - 1) + 1):
        for db in range(min(WEAK_SUPPORT - da, hi_b - lo_b - 1) + 1):
            # A word leaning on the pair after it, and a mark leaning on the pair before.
            for side in sides:
                i, j = (hi_a - 1 - da, hi_b - 1 - db) if side == "word" else (lo_a + da,
                                                                              lo_b + db)
                if a[i] == b[j] and punct[a[i]] == (side == "mark") and (best is None
                                                                         or da + db < best[0]):
                    best = (da + db, i, j)
    if best is None:
        return []
    _, i, j = best
    run = [(i, j)]
    p, q = i - 1, j - 1
    while p >= lo_a and q >= lo_b and a[p] == b[q]:
        run.append((p, q))
        p, q = p - 1, q - 1
    p, q = i + 1, j + 1
    while p < hi_a and q < hi_b and a[p] == b[q]:
        run.append((p, q))
        p, q = p + 1, q + 1
    return run


def _strong_blocks(a: Sequence[int], b: Sequence[int], weak: Sequence[bool],
                   punct: Sequence[bool]) -> list[tuple[int, int, int]]:
    """Blocks of a longest common subsequence that are at least two tokens long and hold a
    content word: in a stretch this small they are correspondences whatever the rest is,
    and cutting there leaves the programme only the small gaps between them."""
    blocks: list[tuple[int, int, int]] = []
    for op in Indel.opcodes(a, b):
        if op.tag == "equal" and op.src_end - op.src_start >= 2 and any(
                not weak[k] and not punct[k] for k in a[op.src_start : op.src_end]):
            blocks.append((op.src_start, op.dest_start, op.src_end - op.src_start))
    return blocks


def _content_pairs(a: Sequence[int], b: Sequence[int], keys: Sequence[str],
                   weak: Sequence[bool], punct: Sequence[bool],
                   shared: bool) -> list[tuple[int, int]]:
    """Steps 1 and 2 of the module's method on a stretch of at most :data:`STRETCH_CELLS`
    (``shared``: whether the two sides have any token in common)."""
    n, m = len(a), len(b)
    blocks: list[tuple[int, int, int]] = []
    if shared:
        blocks = _strong_blocks(a, b, weak, punct)
        keep = credible_runs(blocks, n, m)
        blocks = [block for block, kept in zip(blocks, keep, strict=True) if kept]
    found: list[tuple[int, int]] = []
    end_a = end_b = 0
    for start_a, start_b, length in [*blocks, (n, m, 0)]:
        gap_a, gap_b = a[end_a:start_a], b[end_b:start_b]
        if gap_a and gap_b and not (len(gap_a) == len(gap_b) == 1):
            scores = _scores(gap_a, gap_b, keys, weak, punct)
            if scores is not None:
                found.extend((end_a + i, end_b + j) for i, j in _affine(scores))
        found.extend((start_a + k, start_b + k) for k in range(length))
        end_a, end_b = start_a + length, start_b + length
    return _credible(found, n, m)


def align_stretch(a: Sequence[int], b: Sequence[int], keys: Sequence[str],
                  weak: Sequence[bool], punct: Sequence[bool]) -> list[Pair]:
    """Pairs ``(i, j, exact)`` of a changed stretch, increasing in both.

    ``a`` and ``b`` are key ids; ``weak``/``punct`` are flags by key id. Stretches larger
    than :data:`STRETCH_CELLS` pair only supported weak tokens around their ends.

    >>> keys = ["when", "i", "returned", "such", "news", "if", "hastened", "to", "return"]
    >>> weak = [k in ("i", "if", "to") for k in keys]
    >>> align_stretch([0, 1, 2], [3, 4, 5, 1, 3, 1, 6, 7, 8], keys, weak, [False] * 9)
    [(1, 5, True), (2, 8, False)]
    """
    n, m = len(a), len(b)
    if n == 1 and m == 1 and a[0] != b[0]:
        return []  # one token for another: nothing corresponds but the place itself
    shared = not set(a).isdisjoint(b)
    content = _content_pairs(a, b, keys, weak, punct, shared) \
        if n and m and n * m <= STRETCH_CELLS else []
    if not shared:
        return [(i, j, False) for i, j in content]
    pairs = sorted(set(content) | set(supported_weak(a, b, punct, content)))
    return [(i, j, a[i] == b[j]) for i, j in pairs]
