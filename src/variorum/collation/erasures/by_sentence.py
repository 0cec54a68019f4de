"""Whole sentences removed or added between editions.

For each pair of witnesses, every sentence (:func:`variorum.text.sentences.sentence_spans`) that
the alignment shows unchanged is present in the other. A changed sentence looks for its
counterpart among the other witness's sentences whose columns of the alignment table overlap
its own: pairs are taken greedily, the pair sharing the most content words (words that are not
function words) first, and a pair qualifies when the shared words are at least a fifth of the
content words of the shorter sentence. A changed sentence left without a counterpart is absent
from the other witness.

Why a counterpart and not a share of aligned words: the aligner pairs a word with the nearest
equal one, so in ``Rehn succeeded her. In 1937 Rehn and Brisk were arrested...`` rewritten as
``In 1937 a group of wreckers led by Rehn was unmasked...`` the later ``Rehn`` may face the
first sentence's; matching whole sentences gives the rewrite to the 1937 sentence (two shared
words against one) and leaves ``Rehn succeeded her.`` without one. Why a fifth: a rewritten
sentence keeps a few of its names, dates and nouns (``1937``, ``Rehn``); one that shares less
than a fifth of the shorter sentence's content words says something else. The overlap is
measured against the shorter sentence so that pairing is symmetric: one matching serves both
directions of the pair.

Cost: per pair of witnesses, linear in the tokens, plus the sentence pairs whose column ranges
overlap (each sentence overlaps only its neighbours).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from ...model import Collation, Erasure, Witness
from ...text.function_words import is_function_word
from ...text.sentences import sentence_spans
from .common import ordered, reading, relation

__all__ = ["sentence_erasures"]

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]
MIN_SHARED = 0.2  # of the shorter sentence's content words, for two sentences to pair


class _Sentences:
    """One witness's sentences: for each token its sentence and column; for each sentence its
    tokens (a range, as tokens and sentences both run in text order) and column range."""

    def __init__(self, collation: Collation, witness: Witness, content_key: BoolArray) -> None:
        tokens = collation.tokens[witness.id]
        self.witness = witness
        self.spans = sentence_spans(witness.text, witness.start, witness.end)
        starts = np.asarray([start for start, _ in self.spans], dtype=np.int64)
        ends = np.asarray([end for _, end in self.spans], dtype=np.int64)
        self.sentence_of: IntArray = np.searchsorted(starts, tokens.starts, side="right") - 1
        self.first_token = np.searchsorted(tokens.starts, starts, side="left")
        self.stop_token = np.searchsorted(tokens.starts, ends, side="left")
        self.row = collation.table.row(witness.id)  # column -> token (-1: none)
        self.column_of: IntArray = np.empty(len(tokens), dtype=np.int64)
        present = self.row >= 0
        self.column_of[self.row[present]] = np.flatnonzero(present)
        # A row runs left to right in token order, so a sentence's columns run from that of
        # its first token to that of its last; -1 for a sentence without tokens.
        empty = self.first_token >= self.stop_token
        padded = np.append(self.column_of, -1)
        self.first_column = np.where(empty, -1, padded[self.first_token]).tolist()
        self.last_column = np.where(empty, -1, padded[self.stop_token - 1]).tolist()
        self.key_ids = tokens.key_ids
        self.is_content = content_key[tokens.key_ids]
        self._content: dict[int, frozenset[int]] = {}

    def content(self, sentence: int) -> frozenset[int]:
        """Key ids of the sentence's content words (computed for the few sentences asked)."""
        found = self._content.get(sentence)
        if found is None:
            window = slice(int(self.first_token[sentence]), int(self.stop_token[sentence]))
            found = frozenset(self.key_ids[window][self.is_content[window]].tolist())
            self._content[sentence] = found
        return found


def _content_keys(collation: Collation) -> BoolArray:
    vocabulary = next(iter(collation.tokens.values())).vocabulary
    # (key.isalnum() first: most keys are words, whose letters need not be read one by one)
    return np.fromiter(((key.isalnum() or any(ch.isalnum() for ch in key))
                        and not is_function_word(key)
                        for key in vocabulary.keys), dtype=np.bool_, count=len(vocabulary.keys))


def _kept(collation: Collation, one: _Sentences, other: _Sentences) -> BoolArray:
    """Per token of ``one``: the same word faces it in ``other`` (or it moved, vs the base)."""
    facing = other.row[one.column_of]
    kept: BoolArray = facing >= 0
    kept[kept] = other.key_ids[facing[kept]] == one.key_ids[kept]
    for move in collation.table.moves:
        if {move.witness, collation.base} == {one.witness.id, other.witness.id}:
            lo, hi = (move.base_columns if one.witness.id == collation.base
                      else move.witness_columns)
            kept |= (one.column_of >= lo) & (one.column_of < hi)
    return kept


def _touched(one: _Sentences, kept: BoolArray) -> list[bool]:
    changed = np.bincount(one.sentence_of[(~kept) & (one.sentence_of >= 0)],
                          minlength=len(one.spans))
    return [bool(n) for n in changed.tolist()]


def _overlapping(one: _Sentences, other: _Sentences) -> list[tuple[int, int]]:
    """Sentence pairs whose column ranges overlap (both witnesses' ranges run in order)."""
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < len(one.spans) and j < len(other.spans):
        if one.first_column[i] < 0:
            i += 1
            continue
        if other.first_column[j] < 0:
            j += 1
            continue
        if (one.first_column[i] <= other.last_column[j]
                and other.first_column[j] <= one.last_column[i]):
            pairs.append((i, j))
        if one.last_column[i] < other.last_column[j]:
            i += 1
        else:
            j += 1
    return pairs


@dataclass
class _PairResult:
    absent: list[bool]  # per sentence of the first witness: absent from the second
    partner: dict[int, int]  # sentence of the first -> its counterpart in the second


def _match(collation: Collation, one: _Sentences,
           other: _Sentences) -> tuple[_PairResult, _PairResult]:
    kept_one, kept_other = _kept(collation, one, other), _kept(collation, other, one)
    touched_one, touched_other = _touched(one, kept_one), _touched(other, kept_other)
    scored = []
    for i, j in _overlapping(one, other):
        if not (touched_one[i] or touched_other[j]):
            continue
        mine, theirs = one.content(i), other.content(j)
        shared = len(mine & theirs)
        shorter = min(len(mine), len(theirs))
        if shared and shared >= MIN_SHARED * shorter:
            scored.append((-shared, i, j))
    forth: dict[int, int] = {}
    back: dict[int, int] = {}
    for _, i, j in sorted(scored):
        if i not in forth and j not in back:
            forth[i], back[j] = j, i
    _untouched_partners(one, other, kept_one, touched_one, forth)
    _untouched_partners(other, one, kept_other, touched_other, back)
    return (_PairResult(_absent(one, touched_one, forth), forth),
            _PairResult(_absent(other, touched_other, back), back))


def _untouched_partners(one: _Sentences, other: _Sentences, kept: BoolArray,
                        touched: list[bool], partner: dict[int, int]) -> None:
    """An unchanged sentence's counterpart: the sentence facing its first kept token."""
    tokens = np.flatnonzero(kept & (one.sentence_of >= 0))
    sentences, first = np.unique(one.sentence_of[tokens], return_index=True)
    facing = other.row[one.column_of[tokens[first]]]
    for sentence, token in zip(sentences.tolist(), facing.tolist(), strict=True):
        if not touched[sentence] and sentence not in partner and token >= 0:
            partner[sentence] = int(other.sentence_of[token])


def _absent(one: _Sentences, touched: list[bool], partner: dict[int, int]) -> list[bool]:
    return [touched[i] and i not in partner and bool(one.content(i))
            for i in range(len(one.spans))]


def sentence_erasures(collation: Collation) -> list[Erasure]:
    """One entry per sentence some witnesses have and others lack."""
    content_key = _content_keys(collation)
    witnesses = {w.id: _Sentences(collation, w, content_key) for w in collation.witnesses}
    results: dict[tuple[str, str], _PairResult] = {}
    for first, second in itertools.combinations(witnesses, 2):
        results[first, second], results[second, first] = _match(
            collation, witnesses[first], witnesses[second])
    entries: list[Erasure] = []
    covered: set[tuple[str, int]] = set()
    for wid, own in witnesses.items():
        for index, span in enumerate(own.spans):
            absent = [other for other in witnesses
                      if other != wid and results[wid, other].absent[index]]
            if not absent or (wid, index) in covered:
                continue
            present = [wid, *(other for other in witnesses
                              if other != wid and other not in absent)]
            readings = {wid: reading(own.witness.text, *span)}
            for other in present[1:]:
                counterpart = results[wid, other].partner.get(index)
                if counterpart is None:
                    continue  # a sentence of no aligned token (user-given tokens)
                covered.add((other, counterpart))
                readings[other] = reading(witnesses[other].witness.text,
                                          *witnesses[other].spans[counterpart])
            in_order = ordered(collation, present)
            entries.append(Erasure(
                "sentence", own.witness.text[span[0] : span[1]], in_order,
                ordered(collation, absent),
                MappingProxyType({w: readings[w] for w in in_order if w in readings}),
                relation=relation(collation, in_order)))
    return entries
