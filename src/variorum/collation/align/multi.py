"""The N-witness layer: every witness aligned to the base, merged into one alignment table.

Each other witness is aligned to the base on its own (so the order in which the others are
given cannot change anything), then the pairwise alignments are merged: a column per base
token, holding what each witness has facing it, and between base tokens the columns for what
witnesses add there. Additions made by several witnesses at the same place are aligned with
each other around a pivot chosen by content (longest, then smallest keys, then id), never by
the order of the arguments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from .pairwise import PairAlignment, align_pair
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


def _align(a: IntArray, b: IntArray, glued_a: BoolArray, glued_b: BoolArray,
           settings: PairSettings) -> PairAlignment:
    if not settings.ignore_punctuation:
        return align_pair(a, b, keys=settings.keys, weak=settings.weak, punct=settings.punct,
                          glued_a=glued_a, glued_b=glued_b)
    # Punctuation takes no part in matching: align the words, then pair equal marks that
    # fall between the same two words.
    words_a = np.flatnonzero(~settings.punct[a])
    words_b = np.flatnonzero(~settings.punct[b])
    inner = align_pair(a[words_a], b[words_b], keys=settings.keys, weak=settings.weak,
                       punct=settings.punct)
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


def _merge_additions(segments: dict[int, list[int]], keys: Sequence[IntArray],
                     rank: Mapping[int, tuple[object, ...]]) -> list[dict[int, int]]:
    """Columns for what several witnesses add at one place.

    Witnesses are taken in ``rank`` order (by content, never by argument order); each is
    aligned with the columns built so far, so equal additions share columns.
    """
    ranked = sorted(segments, key=lambda w: rank[w])
    columns: list[dict[int, int]] = []
    column_keys: list[int] = []
    for witness in ranked:
        tokens = segments[witness]
        own_keys = [int(keys[witness][t]) for t in tokens]
        merged: list[dict[int, int]] = []
        merged_keys: list[int] = []
        for op in Indel.opcodes(own_keys, column_keys):
            if op.tag in ("equal", "delete"):
                own = range(op.src_start, op.src_end)
                if op.tag == "delete":
                    merged.extend({witness: tokens[i]} for i in own)
                    merged_keys.extend(own_keys[i] for i in own)
                    continue
                for offset, i in enumerate(own):
                    column = dict(columns[op.dest_start + offset])
                    column[witness] = tokens[i]
                    merged.append(column)
                    merged_keys.append(own_keys[i])
            else:  # columns this witness has nothing in
                merged.extend(columns[op.dest_start : op.dest_end])
                merged_keys.extend(column_keys[op.dest_start : op.dest_end])
        columns, column_keys = merged, merged_keys
    return columns


def align_witnesses(witness_ids: Sequence[str], keys: Sequence[IntArray],
                    glued: Sequence[BoolArray], base: int,
                    settings: PairSettings) -> AlignmentTable:
    """Align every witness's key sequence to the base and merge into one table.

    ``glued[w][i]`` says token ``i`` of witness ``w`` and the next one form one written word.
    """
    count = len(witness_ids)
    base_keys = keys[base]
    n_base = len(base_keys)
    partner = np.full((count, n_base), -1, dtype=np.int64)
    partner[base] = np.arange(n_base, dtype=np.int64)
    additions: dict[int, dict[int, list[int]]] = defaultdict(dict)
    pair_moves: dict[int, list[Move]] = {}
    for w in range(count):
        if w == base:
            continue
        pairs = _align(base_keys, keys[w], glued[base], glued[w], settings)
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
        for g, token in zip(gap.tolist(), free_tokens.tolist(), strict=True):
            additions[g].setdefault(w, []).append(token)
    gap_columns: dict[int, list[dict[int, int]]] = {}
    key_strings = settings.keys
    for g, segments in additions.items():
        if len(segments) == 1:
            ((w, tokens),) = segments.items()
            gap_columns[g] = [{w: t} for t in tokens]
        else:
            rank = {w: (-len(s), tuple(key_strings[int(keys[w][t])] for t in s), witness_ids[w])
                    for w, s in segments.items()}
            gap_columns[g] = _merge_additions(segments, keys, rank)
    widths = np.zeros(n_base + 1, dtype=np.int64)
    for g, columns in gap_columns.items():
        widths[g] = len(columns)
    before = np.cumsum(widths)  # columns of additions at or before each gap
    base_column = np.arange(n_base, dtype=np.int64) + before[:n_base]
    total = n_base + int(before[-1])
    cells = np.full((count, total), -1, dtype=np.int64)
    cells[:, base_column] = partner
    for g, columns in gap_columns.items():
        first = (int(base_column[g]) if g < n_base else total) - len(columns)
        for offset, column in enumerate(columns):
            for w, token in column.items():
                cells[w, first + offset] = token
    cells.flags.writeable = False
    moves = _column_moves(witness_ids, cells, base, pair_moves)
    return AlignmentTable(tuple(witness_ids), cells, moves)


def _column_moves(witness_ids: Sequence[str], cells: IntArray, base: int,
                  pair_moves: dict[int, list[Move]]) -> tuple[ColumnMove, ...]:
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
            found.append(ColumnMove(
                witness_ids[w],
                (int(base_col[move.a_start]), int(base_col[move.a_end - 1]) + 1),
                (int(own_col[move.b_start]), int(own_col[move.b_end - 1]) + 1),
            ))
    return tuple(found)
