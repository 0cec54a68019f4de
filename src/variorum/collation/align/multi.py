"""The N-witness layer: every witness aligned to the base, merged into one alignment table.

Each other witness is aligned to the base on its own, giving a column per base token (what
each witness has facing it) and, between base tokens, columns for what a witness adds there.
Where two or more witnesses have text of their own at one stretch of the base (additions at
the same place, or a rewrite they share), aligning each to the base alone says nothing of
how they stand to each other; there their readings are aligned with each other by
progressive alignment guided by similarity (:mod:`.progressive`): "cold rain tonight" and
"more rain" against "rain" put "cold" and "more" at one place. Nothing depends on the order
in which the witnesses are given: groups, guide and ties go by content and by witness id.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from .anchors import id_list
from .pairwise import SHORT_PAIR, PairAlignment, StretchMemo, align_pair, align_short
from .progressive import EXACT_WEIGHT, NEAR_WEIGHT, align_groups
from .transpose import Move, find_moves

__all__ = ["AlignmentTable", "ColumnMove", "align_witnesses"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class ColumnMove:
    """A transposition of ``witness`` against the base, as column ranges of the table."""

    witness: str
    base_columns: tuple[int, int]
    witness_columns: tuple[int, int]


@dataclass(frozen=True, eq=False)
class AlignmentTable:
    """``cells[w, c]`` is the index of witness ``w``'s token in column ``c``, or -1.

    Every token of every witness is in exactly one column, and reading a row left to right
    gives that witness's tokens in order.
    """

    witness_ids: tuple[str, ...]
    cells: IntArray
    moves: tuple[ColumnMove, ...]

    @property
    def columns(self) -> int:
        return int(self.cells.shape[1])

    def row(self, witness_id: str) -> IntArray:
        row: IntArray = self.cells[self.witness_ids.index(witness_id)]
        return row


@dataclass(frozen=True)
class PairSettings:
    keys: list[str]
    weak: BoolArray
    punct: BoolArray
    ignore_punctuation: bool
    min_transposition: int
    # The pairs found in each changed stretch, by its tokens: the same change recurs in the
    # alignment of every witness that inherited it (successive editions), and small stretches
    # recur within one text. Valid for one collation's vocabulary.
    memo: StretchMemo = field(default_factory=dict, compare=False, repr=False)


def _align(a: IntArray, b: IntArray, glued_a: BoolArray, glued_b: BoolArray,
           settings: PairSettings) -> PairAlignment:
    if not settings.ignore_punctuation:
        return align_pair(a, b, keys=settings.keys, weak=settings.weak, punct=settings.punct,
                          glued_a=glued_a, glued_b=glued_b, memo=settings.memo)
    # Punctuation takes no part in matching: align the words, then pair equal marks that
    # fall between the same two words.
    words_a = np.flatnonzero(~settings.punct[a])
    words_b = np.flatnonzero(~settings.punct[b])
    inner = align_pair(a[words_a], b[words_b], keys=settings.keys, weak=settings.weak,
                       punct=settings.punct, memo=settings.memo)
    index_a, index_b = words_a[inner.a_index], words_b[inner.b_index]
    extra_a: list[int] = []
    extra_b: list[int] = []
    bounds = zip([-1, *index_a.tolist()], [-1, *index_b.tolist()],
                 [*index_a.tolist(), len(a)], [*index_b.tolist(), len(b)], strict=True)
    for lo_a, lo_b, hi_a, hi_b in bounds:
        marks_a = [i for i in range(lo_a + 1, hi_a) if settings.punct[a[i]]]
        marks_b = [j for j in range(lo_b + 1, hi_b) if settings.punct[b[j]]]
        if marks_a and marks_b:
            for op in Indel.opcodes([int(a[i]) for i in marks_a], [int(b[j]) for j in marks_b]):
                if op.tag == "equal":
                    extra_a.extend(marks_a[op.src_start : op.src_end])
                    extra_b.extend(marks_b[op.dest_start : op.dest_end])
    all_a = np.concatenate([index_a, np.asarray(extra_a, dtype=np.int64)])
    all_b = np.concatenate([index_b, np.asarray(extra_b, dtype=np.int64)])
    exact = np.concatenate([inner.exact, np.ones(len(extra_a), dtype=np.bool_)])
    order = np.argsort(all_a, kind="stable")
    return PairAlignment(all_a[order], all_b[order], exact[order])


def _shared_stretches(n_base: int, lengths: Sequence[int],
                      pairs_of: Mapping[int, PairAlignment]) -> list[tuple[int, int]]:
    """Stretches of the base where two or more witnesses have text of their own.

    A witness's *unpaired stretch* lies between two consecutive pairs with it and the base,
    where either side has tokens facing nothing: as gaps ``(g0, g1)`` of the base (gap ``g``
    stands before base token ``g``), it covers base tokens ``g0 .. g1 - 1`` and the gaps
    between. Overlapping stretches of all witnesses are joined; a joined stretch where at
    least two witnesses add tokens of their own needs their readings aligned with each other
    (:mod:`.progressive`). Every witness has a partner at base token ``g0 - 1`` and ``g1``.
    """
    if len(pairs_of) < 2:
        return []  # one witness besides the base: no stretch has two witnesses' own text
    lows: list[IntArray] = []
    highs: list[IntArray] = []
    owners: list[IntArray] = []
    adds: list[BoolArray] = []
    for w, pairs in pairs_of.items():
        prev_a = np.concatenate([[-1], pairs.a_index])
        next_a = np.concatenate([pairs.a_index, [n_base]])
        prev_b = np.concatenate([[-1], pairs.b_index])
        next_b = np.concatenate([pairs.b_index, [lengths[w]]])
        own = next_b - prev_b > 1
        gap = own | (next_a - prev_a > 1)
        lows.append(prev_a[gap] + 1)
        highs.append(next_a[gap])
        owners.append(np.full(int(gap.sum()), w, dtype=np.int64))
        adds.append(own[gap])
    if not lows:
        return []
    low, high = np.concatenate(lows), np.concatenate(highs)
    owner, add = np.concatenate(owners), np.concatenate(adds)
    order = np.lexsort((high, low))
    low, high, owner, add = low[order], high[order], owner[order], add[order]
    reach = np.maximum.accumulate(high)
    new = np.ones(len(low), dtype=np.bool_)
    new[1:] = low[1:] > reach[:-1]
    component = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    stops = np.append(starts[1:], len(low))
    # Components where two different witnesses add tokens.
    witnesses = len(lengths)
    # return_counts: the same sorted values without np.unique's masked-array check, which
    # imports numpy.ma (start-up of the command; the counts are not used).
    adding = np.unique(component[add] * witnesses + owner[add], return_counts=True)[0]
    per_component = np.bincount(adding // witnesses, minlength=len(starts))
    found: list[tuple[int, int]] = []
    for k in np.flatnonzero(per_component >= 2).tolist():
        found.append((int(low[starts[k]]), int(reach[stops[k] - 1])))
    return found


class _Stretches:
    """Aligns the witnesses' readings at each stretch :func:`_shared_stretches` finds."""

    def __init__(self, witness_ids: Sequence[str], keys: Sequence[IntArray],
                 glued: Sequence[BoolArray], base: int, partner: IntArray,
                 pairs_of: Mapping[int, PairAlignment], settings: PairSettings) -> None:
        self.ids = witness_ids
        self.by_id = sorted(range(len(witness_ids)), key=witness_ids.__getitem__)
        self.keys = keys
        self.key_lists = [id_list(k) for k in keys]
        self.glued = glued
        self.base = base
        self.partner = partner
        self.pair_lists = {w: (id_list(pairs.a_index), id_list(pairs.b_index))
                           for w, pairs in pairs_of.items()}
        self.settings = settings
        self.punct: list[bool] = settings.punct.tolist()
        self.weak: list[bool] = settings.weak.tolist()

    def columns(self, region: tuple[int, int]) -> IntArray:
        """The columns of one stretch: witnesses reading the same tokens there share one
        group; the base's group is aligned to each other group as the whole witness was
        aligned to the base, other groups with each other by the pairwise aligner on the
        stretch (:func:`.progressive.align_groups`)."""
        g0, g1 = region
        ids, base, count = self.ids, self.base, len(self.ids)
        n_base = len(self.keys[base])
        starts = self.partner[:, g0 - 1] + 1 if g0 > 0 else np.zeros(count, dtype=np.int64)
        stops = self.partner[:, g1] if g1 < n_base else np.asarray(
            [len(k) for k in self.keys], dtype=np.int64)
        bounds = list(zip(starts.tolist(), stops.tolist(), strict=True))
        by_reading: dict[tuple[int, ...], list[int]] = {}
        key_lists = self.key_lists
        for w in self.by_id:  # so each group lists its witnesses, and groups come, by id
            start, stop = bounds[w]
            by_reading.setdefault(tuple(key_lists[w][start:stop]), []).append(w)
        groups = list(by_reading.values())
        # The witness standing for each group: the base, or the one with the smallest id.
        speaker = [base if base in members else members[0] for members in groups]
        if len(groups) == 2:  # the base's reading and one other: their pairwise alignment
            other = speaker[1] if speaker[0] == base else speaker[0]
            pairs = self._base_pairs(other, region, bounds[other][0])
            rows = dict(zip((base, other), _pair_columns(bounds[base][1] - bounds[base][0],
                                                         bounds[other][1] - bounds[other][0],
                                                         pairs), strict=True))
            local_of = {w: rows[base if base in members else other]
                        for members in groups for w in members}
        else:
            cache: dict[tuple[int, int], list[tuple[int, int, int]]] = {}

            def library(g: int, h: int) -> list[tuple[int, int, int]]:
                found = cache.get((g, h))
                if found is None:
                    found = self._library(speaker[g], speaker[h], region, bounds)
                    cache[g, h] = found
                return found

            lengths = [bounds[w][1] - bounds[w][0] for w in speaker]
            names = [ids[members[0]] for members in groups]
            base_group = next(g for g, members in enumerate(groups) if base in members)
            columns = align_groups(lengths, names, base_group, library)
            by_group = [[column[g] for column in columns] for g in range(len(groups))]
            local_of = {w: by_group[g] for g, members in enumerate(groups) for w in members}
        block = [[t + bounds[w][0] if t >= 0 else -1 for t in local_of[w]] for w in range(count)]
        return np.asarray(block, dtype=np.int64).reshape(count, -1)

    def _base_pairs(self, other: int, region: tuple[int, int],
                    offset: int) -> list[tuple[int, int, int]]:
        """The pairs of ``other``'s alignment with the base inside ``region``, local."""
        a_index, b_index = self.pair_lists[other]
        lo, hi = bisect_left(a_index, region[0]), bisect_left(a_index, region[1])
        base_keys, own_keys = self.key_lists[self.base], self.key_lists[other]
        g0 = region[0]
        return [(i - g0, j - offset,
                 EXACT_WEIGHT if base_keys[i] == own_keys[j] else NEAR_WEIGHT)
                for i, j in zip(a_index[lo:hi], b_index[lo:hi], strict=True)]

    def _library(self, u: int, v: int, region: tuple[int, int],
                 bounds: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
        (su, eu), (sv, ev) = bounds[u], bounds[v]
        if eu == su or ev == sv:
            return []
        if u == self.base:
            return self._base_pairs(v, region, sv)
        if v == self.base:
            return [(j, i, x) for i, j, x in self._base_pairs(u, region, su)]
        if eu - su == 1 and ev - sv == 1:
            # One token against one, as align_pair has it: equal, or facing each other
            # unless a word would face a mark (marks left out of matching: only equal ones).
            ku, kv = self.key_lists[u][su], self.key_lists[v][sv]
            if ku == kv:
                return [(0, 0, EXACT_WEIGHT)]
            punct = self.punct[ku]
            if punct != self.punct[kv] or (punct and self.settings.ignore_punctuation):
                return []
            return [(0, 0, NEAR_WEIGHT)]
        if max(eu - su, ev - sv) <= SHORT_PAIR and not self.settings.ignore_punctuation:
            a_list, b_list = self.key_lists[u][su:eu], self.key_lists[v][sv:ev]
            return [(i, j, EXACT_WEIGHT if a_list[i] == b_list[j] else NEAR_WEIGHT)
                    for i, j, _ in align_short(a_list, b_list, self.settings.keys, self.weak,
                                               self.punct, self.glued[u][su:eu].tolist(),
                                               self.glued[v][sv:ev].tolist(),
                                               self.settings.memo)]
        a, b = self.keys[u][su:eu], self.keys[v][sv:ev]
        pairs = _align(a, b, self.glued[u][su:eu], self.glued[v][sv:ev], self.settings)
        weight = np.where(a[pairs.a_index] == b[pairs.b_index], EXACT_WEIGHT, NEAR_WEIGHT)
        return list(zip(pairs.a_index.tolist(), pairs.b_index.tolist(), weight.tolist(),
                        strict=True))


def _pair_columns(n_a: int, n_b: int,
                  pairs: Sequence[tuple[int, int, int]]) -> tuple[list[int], list[int]]:
    """Two rows of columns from a pairwise alignment: between pairs, what ``a`` has alone,
    then what ``b`` has alone (as the table places a witness's additions)."""
    row_a: list[int] = []
    row_b: list[int] = []
    i = j = 0
    for pi, pj, _ in [*pairs, (n_a, n_b, 0)]:
        row_a.extend(range(i, pi))
        row_b.extend([-1] * (pi - i))
        row_a.extend([-1] * (pj - j))
        row_b.extend(range(j, pj))
        if pi < n_a:
            row_a.append(pi)
            row_b.append(pj)
        i, j = pi + 1, pj + 1
    return row_a, row_b


def align_witnesses(witness_ids: Sequence[str], keys: Sequence[IntArray],
                    glued: Sequence[BoolArray], base: int,
                    settings: PairSettings) -> AlignmentTable:
    """Align every witness's key sequence to the base and merge into one table; where two
    or more witnesses have text of their own at one stretch of the base, align their
    readings there with each other (:func:`.progressive.align_groups`).

    ``glued[w][i]`` says token ``i`` of witness ``w`` and the next one form one written word.
    """
    count = len(witness_ids)
    base_keys = keys[base]
    n_base = len(base_keys)
    partner = np.full((count, n_base), -1, dtype=np.int64)
    partner[base] = np.arange(n_base, dtype=np.int64)
    # Every token a witness adds: the gap of the base it goes into, the witness, the token.
    added_gaps: list[IntArray] = []
    added_witnesses: list[IntArray] = []
    added_tokens: list[IntArray] = []
    pair_moves: dict[int, list[Move]] = {}
    pairs_of: dict[int, PairAlignment] = {}
    for w in range(count):
        if w == base:
            continue
        pairs = _align(base_keys, keys[w], glued[base], glued[w], settings)
        pairs_of[w] = pairs
        partner[w, pairs.a_index] = pairs.b_index
        pair_moves[w] = find_moves(base_keys, keys[w], pairs,
                                   min_length=settings.min_transposition, weak=settings.weak,
                                   punct=settings.punct, keys=settings.keys)
        free = np.ones(len(keys[w]), dtype=np.bool_)
        free[pairs.b_index] = False
        free_tokens = np.flatnonzero(free)
        # An added token goes just before the next base token its witness has facing one.
        next_pair = np.searchsorted(pairs.b_index, free_tokens)
        gap = np.where(next_pair < len(pairs.a_index),
                       pairs.a_index[np.minimum(next_pair, max(len(pairs.a_index) - 1, 0))],
                       n_base) if len(pairs.a_index) else np.full(len(free_tokens), n_base)
        added_gaps.append(np.asarray(gap, dtype=np.int64))
        added_witnesses.append(np.full(len(free_tokens), w, dtype=np.int64))
        added_tokens.append(free_tokens.astype(np.int64, copy=False))
    # Additions of several witnesses at one gap are placed here one witness after another,
    # each witness's in its order, a column each; the stretches holding them are aligned
    # again below. (Placed with numpy, not token by token: speed only.)
    gaps = np.concatenate([np.zeros(0, dtype=np.int64), *added_gaps])
    order = np.argsort(gaps, kind="stable")  # by gap, then witness, then token, as gathered
    gaps = gaps[order]
    widths = np.bincount(gaps, minlength=n_base + 1).astype(np.int64, copy=False)
    before = np.cumsum(widths)  # columns of additions at or before each gap
    base_column = np.arange(n_base, dtype=np.int64) + before[:n_base]
    total = n_base + int(before[-1])
    cells = np.full((count, total), -1, dtype=np.int64)
    cells[:, base_column] = partner
    if len(gaps):
        # The additions at gap g fill the columns just before base token g (or the end).
        ends = np.append(base_column, total)
        offset = np.arange(len(gaps), dtype=np.int64) - (before - widths)[gaps]
        columns = ends[gaps] - widths[gaps] + offset
        cells[np.concatenate(added_witnesses)[order], columns] = \
            np.concatenate(added_tokens)[order]
    regions = _shared_stretches(n_base, [len(k) for k in keys], pairs_of)
    if regions:
        stretches = _Stretches(witness_ids, keys, glued, base, partner, pairs_of, settings)
        pieces: list[IntArray] = []
        done = 0
        for region in regions:
            g0, g1 = region
            start = int(base_column[g0 - 1]) + 1 if g0 > 0 else 0
            stop = int(base_column[g1]) if g1 < n_base else total
            pieces.append(cells[:, done:start])
            pieces.append(stretches.columns(region))
            done = stop
        pieces.append(cells[:, done:])
        cells = np.concatenate(pieces, axis=1)
    cells.flags.writeable = False
    moves = _column_moves(witness_ids, cells, base, pair_moves, keys, settings.punct)
    return AlignmentTable(tuple(witness_ids), cells, moves)


def _run_beside(cells: IntArray, start: int, step: int, present: int, absent: int,
                mark: Callable[[int, int], bool]) -> list[int]:
    """The columns from ``start`` going by ``step`` where row ``present`` has a token and
    row ``absent`` none, columns where neither has one (other witnesses' text) skipped, and
    those where only ``absent`` has a mark (``mark(row, column)``: a full stop the other
    witness left out beside the swap)."""
    found: list[int] = []
    column = start
    while 0 <= column < cells.shape[1]:
        here, there = cells[present, column] >= 0, cells[absent, column] >= 0
        if here and not there:
            found.append(column)
        elif here or (there and not mark(absent, column)):
            break
        column += step
    return found


def _displaced(cells: IntArray, keys: Sequence[IntArray], punct: BoolArray, base: int,
               w: int, lo: int, hi: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """For a swap the table aligned in place (the moved block, columns ``lo:hi``, faces
    itself): the other block of the swap, which the table shows lacked on one side of it and
    added on the other, as ``(base columns, witness columns)``, or ``None``.

    Two blocks exchanged ("sov sastik" / "sastik sov") can be aligned either way: the pair
    alignment keeps one in place and moves the other, the multiple alignment may keep the
    other. The move is then the block it displaced, with the same words on both sides.
    """
    def mark(row: int, column: int) -> bool:
        token = int(cells[row, column])
        return token >= 0 and bool(punct[keys[row][token]])

    for before_row, after_row in ((base, w), (w, base)):
        before = _run_beside(cells, lo - 1, -1, before_row, after_row, mark)[::-1]
        after = _run_beside(cells, hi, 1, after_row, before_row, mark)
        # The longest block next to the in-place one on one side found on the other, next
        # to it first: a mark lacked beyond it ("սով" lacked after a full stop) is not part
        # of it, and words added beside it stay additions (Greek "τοῦ ἁγίου πνεύματος" /
        # "τοῦ πνεύματος τοῦ ἁγίου": "ἁγίου" moved, the second "τοῦ" added).
        for length in range(min(len(before), len(after)), 0, -1):
            for near_before, near_after in _facing(before, after, length):
                base_cols, own_cols = ((near_before, near_after) if before_row == base
                                       else (near_after, near_before))
                if np.array_equal(keys[base][cells[base, base_cols]],
                                  keys[w][cells[w, own_cols]]):
                    return (base_cols[0], base_cols[-1] + 1), (own_cols[0], own_cols[-1] + 1)
    return None


def _facing(before: list[int], after: list[int], length: int
            ) -> Iterator[tuple[list[int], list[int]]]:
    """Blocks of ``length`` columns to compare, one of them next to the in-place block:
    both next to it first, then the one before next to it against each later block after,
    then each earlier block before against the one after next to it."""
    yield before[-length:], after[:length]
    for start in range(1, len(after) - length + 1):
        yield before[-length:], after[start : start + length]
    for stop in range(len(before) - 1, length - 1, -1):
        yield before[stop - length : stop], after[:length]


def _column_moves(witness_ids: Sequence[str], cells: IntArray, base: int,
                  pair_moves: dict[int, list[Move]], keys: Sequence[IntArray],
                  punct: BoolArray) -> tuple[ColumnMove, ...]:
    found: list[ColumnMove] = []
    for w, moves in sorted(pair_moves.items()):
        if not moves:
            continue
        base_col = np.full(int(cells[base].max()) + 1 if cells.shape[1] else 0, -1, np.int64)
        present = cells[base] >= 0
        base_col[cells[base][present]] = np.flatnonzero(present)
        own_col = np.full(int(cells[w].max()) + 1 if cells.shape[1] else 0, -1, np.int64)
        present = cells[w] >= 0
        own_col[cells[w][present]] = np.flatnonzero(present)
        for move in moves:
            base_columns = (int(base_col[move.a_start]), int(base_col[move.a_end - 1]) + 1)
            own_columns = (int(own_col[move.b_start]), int(own_col[move.b_end - 1]) + 1)
            if base_columns == own_columns:
                other = _displaced(cells, keys, punct, base, w, *base_columns)
                if other is not None:
                    base_columns, own_columns = other
            found.append(ColumnMove(witness_ids[w], base_columns, own_columns))
    return tuple(found)
