"""From an alignment table to variants: where the texts as found differ.

A column is in agreement when every witness has a token there and all of them are the same
text as found (white space aside). Runs of columns not in agreement are variants. A variant is
widened to whole written words (tokens not separated by white space), as editors cite them:
``police.1`` against ``police.¹``, not ``1`` against ``¹``; two differences inside one written
word are one variant.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..model import Reading
from ..text.spelling import may_stand_for
from ..text.tokens import TokenTable, Vocabulary
from .align import AlignmentTable
from .place_moves import join_swaps, move_labels, sentence_ends

__all__ = ["Place", "find_places"]

IntArray = npt.NDArray[np.int64]
MAX_WIDEN = 32  # never widen a variant by more tokens than this (scripts without spaces)
# A departure that lacks this many times more base words than it adds is an omission (a
# fragment's lacuna, a dropped passage) with a few words of its own, not a rewording.
LACUNA_RATIO = 3
FRAGMENT_MIN = 8  # a witness lacking this many base tokens at its start or end is a fragment


@dataclass(frozen=True)
class Place:
    """A variant before classification: its columns, readings and the moves it holds."""

    columns: tuple[int, int]
    readings: Mapping[str, Reading]
    groups: tuple[tuple[str, ...], ...]
    move_sides: tuple[tuple[int, str], ...]  # (move index, "from" | "to")
    moved_by: tuple[str, ...] = ()  # the witnesses whose moves have an end here


class _Rows:
    """Per witness: token of each column, last token up to each column, column of each token."""

    def __init__(self, table: AlignmentTable, tokens: Sequence[TokenTable],
                 glued: Sequence[npt.NDArray[np.bool_]]) -> None:
        # Arrays, not lists: widening looks at a few elements per variant, and converting
        # whole rows of a long text to lists would cost more than all those looks.
        self.tokens = tokens
        self.last_upto: list[IntArray] = [
            np.maximum.accumulate(row) if len(row) else row for row in table.cells]
        self.column_of: list[IntArray] = []
        self.glued = glued
        for row, table_w in zip(table.cells, tokens, strict=True):
            column_of = np.full(len(table_w), -1, dtype=np.int64)
            present = row >= 0
            column_of[row[present]] = np.flatnonzero(present)
            self.column_of.append(column_of)

    def widen(self, starts: IntArray, stops: IntArray, barred: npt.NDArray[np.bool_],
              fixed: npt.NDArray[np.bool_]) -> tuple[IntArray, IntArray]:
        """Widen every column range ``starts[k]:stops[k]`` to whole written words.

        A range grows while, in some witness, the token just before it is glued to the next
        one, or its last token is glued to the one after; all ranges are widened at once.
        It never grows into a ``barred`` column, and ``fixed`` ranges do not grow.
        """
        starts, stops = starts.copy(), stops.copy()
        free = ~fixed
        for _ in range(MAX_WIDEN):
            changed = False
            for w, glued in enumerate(self.glued):
                if not len(glued):
                    continue
                last_upto, column_of = self.last_upto[w], self.column_of[w]
                before = np.where(starts > 0, last_upto[np.maximum(starts - 1, 0)], -1)
                grow = ((before >= 0) & (before < len(glued))
                        & glued[np.clip(before, 0, len(glued) - 1)] & free)
                grow &= ~barred[column_of[np.maximum(before, 0)]]
                # ... only if the witness's next token is inside the range: a witness with
                # nothing there has no word the range could cut ("end." where the others
                # have words between "end" and ".").
                after_before = np.minimum(before + 1, len(column_of) - 1)
                grow &= (before + 1 < len(column_of)) & (column_of[after_before] < stops)
                if grow.any():
                    starts = np.where(grow, column_of[np.maximum(before, 0)], starts)
                    changed = True
                last = last_upto[stops - 1]
                grow = ((last >= 0) & (last < len(glued))
                        & glued[np.clip(last, 0, len(glued) - 1)] & free
                        & (column_of[np.maximum(last, 0)] >= starts))
                grow &= ~barred[column_of[np.minimum(last + 1, len(column_of) - 1)]]
                if grow.any():
                    stops = np.where(grow, column_of[np.minimum(last + 1, len(column_of) - 1)]
                                     + 1, stops)
                    changed = True
            if not changed:
                break
        return starts, stops


def _disagreeing_runs(table: AlignmentTable, tokens: Sequence[TokenTable], labels: IntArray,
                      base: int) -> tuple[list[tuple[int, int]], npt.NDArray[np.bool_], IntArray,
                                  npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """Runs of columns where the witnesses disagree, which columns are agreeing marks, the
    surface id of every cell (witnesses x columns, -1 for none), which columns agree, and
    which cells hold a word (:func:`_word_cells`).

    Among many witnesses nearly every column has someone departing from the base, so a run
    of disagreeing columns is also cut between two columns that no single witness departs on
    both sides of: one witness's "A'" beside another's "B'" are two variants, while one
    witness's rewritten stretch stays one, however the others vary inside it.
    """
    def matrix(ids: str) -> IntArray:
        return np.stack([
            np.where(row >= 0, getattr(table_w, ids)[np.maximum(row, 0)] if len(table_w) else -1,
                     -1)
            for row, table_w in zip(table.cells, tokens, strict=True)
        ])

    surfaces, keys = matrix("surface_ids"), matrix("key_ids")
    words = _word_cells(table, tokens)
    present = (surfaces >= 0).all(axis=0)
    agree = (surfaces == surfaces[0]).all(axis=0) & present
    differ = ~agree
    # A column whose tokens differ only in form (equal match keys) is kept apart from one
    # whose words differ: "State fell" / "state rose" is a case variant and a substitution.
    formal = (keys == keys[0]).all(axis=0) & present
    # A run also ends where the move label changes, so a moved block stands on its own.
    boundary = np.ones(len(differ) + 1, dtype=np.bool_)
    respelled = _respelled(surfaces, keys, base, tokens[0].vocabulary)
    bridged = _bridged(surfaces, respelled, base)
    regrouped = _regrouped(surfaces, differ)
    if regrouped.any():  # never with two witnesses: then no replacement need be looked for
        regrouped &= ~_inside_replacement(surfaces, keys, words, respelled, base)
    boundary[1:-1] = ((differ[1:] != differ[:-1]) | (labels[1:] != labels[:-1])
                      | (formal[1:] != formal[:-1]) | (~bridged & differ[1:] & differ[:-1])
                      | (regrouped & differ[1:] & differ[:-1]))
    edges = np.flatnonzero(boundary)
    run_starts, run_stops = edges[:-1], edges[1:]
    keep = differ[run_starts]
    runs = list(zip(run_starts[keep].tolist(), run_stops[keep].tolist(), strict=True))
    first = tokens[0]
    punct_keys = first.vocabulary.punct_of_keys()
    row = table.cells[0]
    marks = np.zeros(len(row), dtype=np.bool_)
    if len(first):
        marks = (row >= 0) & punct_keys[first.key_ids[np.maximum(row, 0)]]
    return runs, agree & marks, surfaces, agree, words


def _word_cells(table: AlignmentTable, tokens: Sequence[TokenTable]) -> npt.NDArray[np.bool_]:
    """For each cell (witnesses x columns): is there a token that is not punctuation?"""
    result = np.zeros(table.cells.shape, dtype=np.bool_)
    for w, (row, table_w) in enumerate(zip(table.cells, tokens, strict=True)):
        if len(table_w):
            punct = table_w.vocabulary.punct_of_keys()
            result[w] = (row >= 0) & ~punct[table_w.key_ids[np.maximum(row, 0)]]
    return result


def _marks_columns(table: AlignmentTable, tokens: Sequence[TokenTable]) -> npt.NDArray[np.bool_]:
    """For each column: does every witness have punctuation (or nothing) there?"""
    all_marks = np.ones(table.columns, dtype=np.bool_)
    for row, table_w in zip(table.cells, tokens, strict=True):
        if not len(table_w):
            continue
        punct = table_w.vocabulary.punct_of_keys()
        all_marks &= (row < 0) | punct[table_w.key_ids[np.maximum(row, 0)]]
    return all_marks


def _lone_marks(table: AlignmentTable, all_marks: npt.NDArray[np.bool_],
                agree: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Columns of marks where some witness has nothing: a mark added or removed."""
    gap = (table.cells < 0).any(axis=0) if table.cells.shape[0] else np.zeros(0, np.bool_)
    result: npt.NDArray[np.bool_] = all_marks & ~agree & gap
    return result


def _count_upto(flags: npt.NDArray[np.bool_]) -> IntArray:
    """``result[k]`` is the number of true flags before index ``k`` (length ``len + 1``)."""
    return np.concatenate(([0], np.cumsum(flags))).astype(np.int64)


def _regrouped(surfaces: IntArray, differ: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """For each pair of adjacent columns: do the witnesses fall into different groups (by the
    text they read there) on the two sides?

    An editor's apparatus gives one lemma for as long as the same witnesses read alike, and a
    new one where the grouping changes: a witness omitting "venerabilis pontifex" while
    another reads "uenerabilis" for the first word only is two places, not one covering both
    (critical apparatuses, and collations by rank such as Stemmaweb's, are cut this way). With
    two witnesses the grouping never changes inside a run, so this cut matters only for three
    or more.
    """
    columns = surfaces.shape[1]
    result = np.zeros(max(columns - 1, 0), dtype=np.bool_)
    if columns < 2 or surfaces.shape[0] < 3:
        return result
    # Only columns where someone differs can be cut; look at those and their right neighbours.
    left = np.flatnonzero(differ[:-1] & differ[1:])
    if not len(left):
        return result
    both = np.union1d(left, left + 1)
    sub = surfaces[:, both]
    # Each witness labelled by the first witness reading the same there: equal label rows
    # are equal partitions.
    labels = np.stack([(sub == sub[w]).argmax(axis=0) for w in range(sub.shape[0])])
    position = np.searchsorted(both, left)
    result[left] = (labels[:, position] != labels[:, position + 1]).any(axis=0)
    return result


def _inside_replacement(surfaces: IntArray, keys: IntArray, words: npt.NDArray[np.bool_],
                        respelled: npt.NDArray[np.bool_], base: int) -> npt.NDArray[np.bool_]:
    """For each pair of adjacent columns: are both inside one witness's replacement?

    A witness's departure from the base (a stretch of columns where it does not read as the
    base) that both lacks base words and has words the base lacks replaces one text by
    another: its words do not correspond to the base's one by one, so where the alignment
    put each of them says nothing, and the stretch is not cut however the other witnesses
    group inside it. Omissions, additions and word-for-word substitutions can be cut.
    Columns where both the witness and the base have nothing (another witness's addition)
    carry the stretch across. Only words count as lacked or added (``words``: cells holding a
    token that is not punctuation): a mark added or removed is a place of its own, so
    "hayoc." read as "hyc" is a respelling beside a lost full stop, not a replacement. Nor
    is a word merely respelled (``respelled``) a departure: a witness that writes every
    word with accents would otherwise be one departure from end to end. And a stretch whose
    added words are all among the words it lacks (or the other way round) puts no other
    words: the alignment placed the same words in other columns (:func:`_drop_shifts`).
    """
    witnesses, columns = surfaces.shape
    result = np.zeros(max(columns - 1, 0), dtype=np.bool_)
    if columns < 2:
        return result
    has_base = surfaces[base] >= 0
    for w in range(witnesses):
        if w == base:
            continue
        has = surfaces[w] >= 0
        kept = np.flatnonzero(has | has_base)  # not neutral for this witness
        if len(kept) < 2:
            continue
        departs = (surfaces[w, kept] != surfaces[base, kept]) & ~respelled[w, kept]
        lacked = departs & ~has[kept] & words[base, kept]
        starts = departs & ~np.concatenate(([False], departs[:-1]))
        stretch = np.where(departs, np.cumsum(starts), 0)
        lacks = np.bincount(stretch, weights=departs & lacked)
        adds = np.bincount(stretch, weights=departs & ~has_base[kept] & words[w, kept])
        # Mostly an omission (a fragment's lacuna with a few letters of its own, a dropped
        # passage): its few added words do not make the whole a rewording.
        # One word for one word, though the alignment put them in two columns, is a
        # word-for-word substitution, and can be cut.
        replacing = ((lacks > 0) & (adds > 0) & (lacks + adds > 2)
                     & (lacks < LACUNA_RATIO * adds))
        replacing[0] = False
        _drop_shifts(replacing, stretch, kept, keys[w], keys[base],
                     ~has_base[kept] & words[w, kept], ~has[kept] & words[base, kept])
        # Each column's stretch: that of the last kept column at or before it.
        position = np.searchsorted(kept, np.arange(columns), side="right") - 1
        at = np.where(position >= 0, stretch[np.maximum(position, 0)], 0)
        after = np.searchsorted(kept, np.arange(1, columns), side="left")
        next_stretch = np.where(after < len(kept), stretch[np.minimum(after, len(kept) - 1)], 0)
        result |= (at[:-1] == next_stretch) & replacing[at[:-1]]
    return result


def _drop_shifts(replacing: npt.NDArray[np.bool_], stretch: IntArray, kept: IntArray,
                 witness_keys: IntArray, base_keys: IntArray, added: npt.NDArray[np.bool_],
                 lacked: npt.NDArray[np.bool_]) -> None:
    """Unmark the replacing stretches whose added words (match keys) are all among the words
    they lack, or whose lacked words are all among those they add."""
    inside = np.flatnonzero(replacing[stretch] & (stretch > 0))
    if not len(inside):
        return
    cuts = np.flatnonzero(np.diff(stretch[inside])) + 1
    for group in np.split(inside, cuts):
        columns = kept[group]
        put = Counter(witness_keys[columns[added[group]]].tolist())
        lost = Counter(base_keys[columns[lacked[group]]].tolist())
        if not put - lost or not lost - put:
            replacing[int(stretch[group[0]])] = False


def _bridged(surfaces: IntArray, respelled: npt.NDArray[np.bool_],
             base: int) -> npt.NDArray[np.bool_]:
    """For each pair of adjacent columns: does some witness depart from the base on both sides?

    A word merely respelled (``respelled``: "ἐν" for "εν", "Quil" for "Quill") is a variant of
    its own and bridges nothing: among many witnesses, one spelled differently everywhere
    would otherwise fuse the whole text into one place.

    A column where both the witness and the base have no token (another witness's addition)
    is neutral for that witness: it carries the witness's state across, so an omission
    stays one even where a third witness adds words inside it.

    A fragment's missing beginning or end (:func:`_unwritten_edges`) bridges only where no
    other witness departs from the base.
    """
    columns = surfaces.shape[1]
    if columns < 2:
        return np.zeros(0, dtype=np.bool_)
    departs = (surfaces != surfaces[base]) & ~respelled
    # Column numbers as 32 bits: the (witnesses x columns) arrays below are half the size.
    index = np.arange(columns, dtype=np.int32 if columns < 2**31 else np.int64)
    neutral = (surfaces < 0) & (surfaces[base] < 0)
    unwritten = _unwritten_edges(surfaces, base)
    ordinary = departs & ~unwritten
    last = np.maximum.accumulate(np.where(neutral, 0, index), axis=1)
    following = np.minimum.accumulate(np.where(neutral, columns - 1, index)[:, ::-1],
                                      axis=1)[:, ::-1]
    before = np.take_along_axis(ordinary, last, axis=1)
    after = np.take_along_axis(ordinary, following, axis=1)
    bridged = (before[:, :-1] & after[:, 1:]).any(axis=0)
    # Where no one else departs, a fragment's missing beginning or end is one omission.
    alone = ~ordinary.any(axis=0)
    within = (unwritten[:, :-1] & unwritten[:, 1:]).any(axis=0) & alone[:-1] & alone[1:]
    result: npt.NDArray[np.bool_] = bridged | within
    return result


def _unwritten_edges(surfaces: IntArray, base: int) -> npt.NDArray[np.bool_]:
    """Columns before a witness's first token or after its last, when it lacks at least
    :data:`FRAGMENT_MIN` base tokens there: a fragment, or a copy that starts or stops
    early. Such a stretch does not bridge the other witnesses' variants inside it."""
    present = surfaces >= 0
    columns = surfaces.shape[1]
    seen_before = np.maximum.accumulate(present, axis=1)
    seen_after = np.maximum.accumulate(present[:, ::-1], axis=1)[:, ::-1]
    base_tokens = np.cumsum(present[base])
    first = np.where(present.any(axis=1), present.argmax(axis=1), columns)
    last = columns - 1 - present[:, ::-1].argmax(axis=1)
    lacking_before = np.where(first > 0, base_tokens[np.maximum(first - 1, 0)], 0)
    lacking_after = base_tokens[-1] - base_tokens[np.minimum(last, columns - 1)]
    head = ~seen_before & (lacking_before >= FRAGMENT_MIN)[:, None]
    tail = ~seen_after & (lacking_after >= FRAGMENT_MIN)[:, None]
    result: npt.NDArray[np.bool_] = head | tail
    result[base] = False
    return result


def _respelled(surfaces: IntArray, keys: IntArray, base: int,
               vocabulary: Vocabulary) -> npt.NDArray[np.bool_]:
    """Cells whose token is the base's token in another form or spelling.

    Judged on the match keys by :func:`may_stand_for`, once per distinct pair.
    """
    candidates = (surfaces >= 0) & (surfaces[base] >= 0) & (surfaces != surfaces[base])
    result: npt.NDArray[np.bool_] = candidates & (keys == keys[base])
    rows, columns = np.nonzero(candidates & ~result)
    if not len(rows):
        return result
    width = len(vocabulary.keys) + 1
    distinct, inverse = np.unique(keys[rows, columns] * width + keys[base, columns],
                                  return_inverse=True)
    near = np.fromiter((may_stand_for(vocabulary.keys[pair // width], vocabulary.keys[pair % width])
                        for pair in distinct.tolist()), dtype=np.bool_, count=len(distinct))
    result[rows, columns] = near[inverse.reshape(-1)]
    return result


def _linked(places: list[Place], table: AlignmentTable) -> list[Place]:
    """Keep in each place only the ends of moves whose other end is in a place too, and name
    the witnesses that moved text there."""
    moving = [index for index, place in enumerate(places) if place.move_sides]
    found = {side for index in moving for side in places[index].move_sides}
    linked = list(places)
    for index in moving:
        place = places[index]
        sides = tuple(side for side in place.move_sides
                      if (side[0], "to" if side[1] == "from" else "from") in found)
        # by id, not by the order the witnesses were given: the reason that names them
        # must not change when they are given in another order
        movers = tuple(sorted({table.moves[move].witness for move, _ in sides}))
        linked[index] = dataclasses.replace(place, move_sides=sides, moved_by=movers)
    return linked


def _group(normalized: Sequence[str], order: Sequence[int], ids: Sequence[str],
           base: int) -> tuple[tuple[str, ...], ...]:
    """Witnesses whose readings agree, largest group first, then the base's, then by id."""
    by_text: dict[str, list[int]] = {}
    for w in order:  # base first, then by id: the order within each group
        by_text.setdefault(normalized[w], []).append(w)
    groups = sorted(by_text.values(), key=lambda g: (-len(g), g[0] != base, ids[g[0]]))
    return tuple(tuple(ids[w] for w in group) for group in groups)


def _readings(rows: _Rows, w: int, starts: IntArray, stops: IntArray) -> list[Reading]:
    """The reading of witness ``w`` at every place (columns ``starts[k]:stops[k]``)."""
    table_w = rows.tokens[w]
    last_upto = rows.last_upto[w]
    first = np.where(starts > 0, last_upto[np.maximum(starts - 1, 0)], -1) + 1
    last = last_upto[stops - 1]
    count = len(table_w)
    if count:
        # A reading starts at its first token; an empty one stands where the next token
        # starts, or after the last token at the end of the text.
        token_starts = np.append(table_w.starts, table_w.ends[-1])
        begin = token_starts[np.minimum(first, count)]
        end = np.where(last >= first, table_w.ends[np.maximum(last, 0)], begin)
    else:
        begin = end = np.full(len(starts), table_w.limit, dtype=np.int64)
    text = table_w.source_text
    return [Reading(text[b:e], b, e) for b, e in zip(begin.tolist(), end.tolist(), strict=True)]


def find_places(table: AlignmentTable, tokens: Sequence[TokenTable], base: str,
                glued: Sequence[npt.NDArray[np.bool_]] | None = None) -> list[Place]:
    """Every place where the witnesses differ, widened to whole written words.

    ``glued`` (per witness, from :meth:`TokenTable.glued`) may be passed if already computed.
    """
    rows = _Rows(table, tokens, glued if glued is not None else [t.glued() for t in tokens])
    labels, sides = move_labels(table)
    spans: list[tuple[int, int, set[tuple[int, str]]]] = []
    ids = table.witness_ids
    base_index = ids.index(base)
    runs, agreeing_marks, surfaces, agree_all, words = _disagreeing_runs(table, tokens, labels,
                                                                         base_index)
    if not runs:
        return []
    if table.moves:
        runs = join_swaps(runs, table, surfaces, base_index, words[base_index],
                           sentence_ends(table.cells[base_index], tokens[base_index]))
    run_starts = np.asarray([start for start, _ in runs], dtype=np.int64)
    run_stops = np.asarray([stop for _, stop in runs], dtype=np.int64)
    # A mark added or removed beside a word all witnesses share ("wet," / "wet") is a place
    # of its own, the mark against nothing, as collations by token (CollateX, Stemmaweb's
    # ranks) give it: there is no other reading of the word to cite. Nor is such a mark pulled
    # into the place of the word it is glued to, where some witnesses respell the word and
    # others add the mark: those are two places, read by different witnesses. A mark against
    # another mark ("end." / "end!", “no” / "no") is cited with its word, as editors do, and
    # so is a mark inside a written word ("won’t" / "wonâ€™t").
    all_marks = _marks_columns(table, tokens)
    words_upto = _count_upto(~all_marks)
    lone = _lone_marks(table, all_marks, agree_all)
    nothing_fixed = np.zeros(len(run_starts), dtype=np.bool_)
    wide_starts, wide_stops = rows.widen(run_starts, run_stops, lone, nothing_fixed)
    inside_word = (wide_starts < run_starts) & (wide_stops > run_stops)
    lone_upto = _count_upto(~lone)
    only_marks = ((words_upto[run_stops] == words_upto[run_starts])
                  & (lone_upto[run_stops] < run_stops - run_starts + lone_upto[run_starts])
                  & ~inside_word)
    wide_starts = np.where(only_marks, run_starts, wide_starts)
    wide_stops = np.where(only_marks, run_stops, wide_stops)
    for start, stop, wide_start, wide_stop in zip(run_starts.tolist(), [s for _, s in runs],
                                                  wide_starts.tolist(), wide_stops.tolist(),
                                                  strict=True):
        label_set = set(sides[int(labels[start])])
        if labels[stop - 1] != labels[start]:  # runs joined by join_swaps
            # (return_counts: np.unique without the masked-array check importing numpy.ma)
            label_set = {side for label in np.unique(labels[start:stop],
                                                     return_counts=True)[0].tolist()
                         for side in sides[label]}
        while spans and wide_start < spans[-1][1]:  # widened back over earlier places
            previous = spans.pop()
            wide_start = min(wide_start, previous[0])
            wide_stop = max(wide_stop, previous[1])
            label_set |= previous[2]
        spans.append((wide_start, wide_stop, label_set))
    marks: list[bool] = agreeing_marks.tolist()
    bounds: list[tuple[int, int]] = []
    for start, stop, _ in spans:
        # Widening stops short of marks that all witnesses share: "said," against "spoke,"
        # is the variant "said" against "spoke".
        while stop - start > 1 and marks[start]:
            start += 1
        while stop - start > 1 and marks[stop - 1]:
            stop -= 1
        bounds.append((start, stop))
    if not bounds:
        return []
    starts = np.asarray([start for start, _ in bounds], dtype=np.int64)
    stops = np.asarray([stop for _, stop in bounds], dtype=np.int64)
    per_witness = [_readings(rows, w, starts, stops) for w in range(len(ids))]
    order = sorted(range(len(ids)), key=lambda w: (w != base_index, ids[w]))
    places: list[Place] = []
    # The groups depend only on which witnesses read alike (the first witness reading each
    # one's text: the pattern), and few patterns occur: each is grouped once (speed).
    groupings: dict[tuple[int, ...], tuple[tuple[str, ...], ...]] = {}
    for index, (bound, (_, _, label_set)) in enumerate(zip(bounds, spans, strict=True)):
        readings = [per_witness[w][index] for w in range(len(ids))]
        normalized = [" ".join(reading.text.split()) for reading in readings]
        first: dict[str, int] = {}
        pattern = tuple([first.setdefault(text, w) for w, text in enumerate(normalized)])
        if len(first) < 2:
            continue  # the texts differ only in white space between words
        groups = groupings.get(pattern)
        if groups is None:
            groups = groupings[pattern] = _group(normalized, order, ids, base_index)
        move_sides = tuple(sorted(label_set))
        places.append(Place(bound, dict(zip(ids, readings, strict=True)), groups, move_sides))
    return _linked(places, table) if table.moves else places
