"""Build the history of a chain of editions (:func:`build_history`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..errors import CollationError
from ..model import Witness
from ..text.normalize import DEFAULT_LAYERS, Normalizer
from ..text.sentences import sentence_spans
from ..text.tokens import TokenTable, Vocabulary, tokenize
from .chain import Chain, IntArray, Lineages
from .model import EditionHistory, EditionSummary, History, Passage, Range

__all__ = ["MIN_BLOCK", "build_history"]

MIN_BLOCK = 4  # tokens a moved or reintroduced block needs, unless it comes back whole
TOP_PASSAGES = 10


@dataclass
class _Edition:
    witness: Witness
    table: TokenTable
    token_ids: IntArray
    sentence_spans: list[tuple[int, int]]
    sentence_ids: IntArray


_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at blank lines: a sentence never runs across a paragraph
    (a heading, a line of a list, stands alone)."""
    pieces = []
    for match in _BLANK_LINE.finditer(text, start, end):
        if match.start() > start:
            pieces.append((start, match.start()))
        start = match.end()
    if end > start:
        pieces.append((start, end))
    return pieces


def _sentences(witness: Witness, table: TokenTable, sentence_keys: dict[tuple[int, ...], int],
               cut: dict[str, list[tuple[int, int]]]) -> tuple[list[tuple[int, int]], list[int]]:
    """The sentences of an edition that hold a token, with the id of their token keys.

    A sentence never runs across a blank line, so each paragraph is cut on its own, and
    ``cut`` keeps how each paragraph met so far was cut (offsets into it): successive
    editions share most of their paragraphs."""
    text = witness.text
    start, end = (witness.span.start, witness.span.end) if witness.span else (0, len(text))
    spans: list[tuple[int, int]] = []
    for first, after in _paragraphs(text, start, end):
        piece = text[first:after]
        known = cut.get(piece)
        if known is None:
            known = cut[piece] = sentence_spans(piece)
        spans.extend((first + s, first + e) for s, e in known)
    key_ids = table.key_ids
    firsts = np.searchsorted(table.starts, [s for s, _ in spans], side="left")
    lasts = np.searchsorted(table.starts, [e for _, e in spans], side="left")
    kept: list[tuple[int, int]] = []
    ids: list[int] = []
    for (s, e), first, last in zip(spans, firsts.tolist(), lasts.tolist(), strict=True):
        if last <= first:
            continue
        key = tuple(key_ids[first:last].tolist())
        ids.append(sentence_keys.setdefault(key, len(sentence_keys)))
        kept.append((s, e))
    return kept, ids


class _Lives:
    """The lineages of a chain as arrays, to answer for a whole edition at once: when each
    unit came (``introduced``), when it first goes after an edition (``after``), since when
    it stands unbroken (``since``), and its whole life (``life``: an id shared by the
    lineages with the same stretches of editions)."""

    def __init__(self, lineages: Lineages, editions: int) -> None:
        intervals = lineages.intervals
        count = len(intervals)
        self.introduced = np.fromiter((spans[0][0] for spans in intervals), np.int64, count)
        known: dict[tuple[tuple[int, int], ...], int] = {}
        self.life = np.fromiter((known.setdefault(tuple(spans), len(known))
                                 for spans in intervals), np.int64, count)
        self.lives = list(known)
        # Every stretch of every lineage, sorted by (lineage, first edition): the stretch of
        # a unit standing in edition k is the last one of its lineage starting at or before k.
        sizes = np.fromiter((len(spans) for spans in intervals), np.int64, count)
        flat = np.fromiter((edge for spans in intervals for span in spans for edge in span),
                           np.int64, 2 * int(sizes.sum())).reshape(-1, 2)
        self._scale = editions + 1
        self._keys = np.repeat(np.arange(count, dtype=np.int64), sizes) * self._scale \
            + flat[:, 0]
        self._firsts, self._afters = flat[:, 0], flat[:, 1]
        self._named: list[tuple[str, tuple[str, ...], tuple[str, ...]]] | None = None

    def named(self, labels: Sequence[str]
              ) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
        """For each life: the edition that introduced it, those that put it back, those it
        went missing from (labels; one tuple per life, shared by every range of it)."""
        if self._named is None:
            n = len(labels)
            self._named = [(labels[spans[0][0]], tuple(labels[f] for f, _ in spans[1:]),
                            tuple(labels[a] for _, a in spans if a < n))
                           for spans in self.lives]
        return self._named

    def _stretch(self, ids: IntArray, edition: int) -> IntArray:
        return np.searchsorted(self._keys, ids * self._scale + edition, side="right") - 1

    def after(self, ids: IntArray, edition: int) -> IntArray:
        """For each unit of ``edition``: the first later edition without it."""
        return self._afters[self._stretch(ids, edition)]

    def since(self, ids: IntArray, edition: int) -> IntArray:
        """For each unit of ``edition``: the first edition of its unbroken stretch."""
        return self._firsts[self._stretch(ids, edition)]


def _ranges(starts: IntArray, ends: IntArray, ids: IntArray, edition: int, lives: _Lives,
            labels: Sequence[str], *, merge: bool = True) -> tuple[Range, ...]:
    """Consecutive units of equal provenance (the same life) as one range (with
    ``merge``)."""
    if not len(ids):
        return ()
    life = lives.life[ids]
    after = lives.after(ids, edition)
    if merge:
        cut = np.flatnonzero((life[1:] != life[:-1]) | (after[1:] != after[:-1])) + 1
        firsts = np.concatenate(([0], cut))
        lasts = np.concatenate((cut, [len(ids)])) - 1
    else:
        firsts = lasts = np.arange(len(ids))
    n = len(labels)
    out: list[Range] = []
    named = lives.named(labels)
    for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
        introduced, reintroduced, removals = named[int(life[first])]
        gone = int(after[first])
        out.append(Range(int(starts[first]), int(ends[last]), introduced,
                         None if gone == n else labels[gone], reintroduced, removals))
    return tuple(out)


def _counts(ids: IntArray, flags: npt.NDArray[np.bool_], edition: int,
            lives: _Lives) -> tuple[int, int, int]:
    """Of the flagged units: how many are new here, how many reintroduced, how many in all."""
    ids = ids[flags]
    introduced = lives.introduced[ids]
    added = int(np.count_nonzero(introduced == edition))
    back = int(np.count_nonzero((introduced != edition)
                                & (lives.since(ids, edition) == edition)))
    return added, back, len(ids)


def _removed(ids: IntArray, flags: npt.NDArray[np.bool_], edition: int,
             lives: _Lives) -> int:
    """Of the flagged units of the edition before ``edition``: how many are not in it."""
    ids = ids[flags]
    return int(np.count_nonzero(lives.after(ids, edition - 1) == edition))


def build_history(witnesses: Sequence[Witness], *, normalize: Sequence[str] = DEFAULT_LAYERS,
                  min_block: int = MIN_BLOCK,
                  revisions: Sequence[Mapping[str, str]] | None = None,
                  people: bool = False) -> History:
    """The provenance of every token and sentence of ``witnesses`` (editions in order).

    Tokens are matched by their keys under ``normalize`` (by default case and typography
    do not make a new word); a sentence is the same sentence when all its token keys are.
    ``revisions`` (one per edition) is what a revision export says of each; with ``people``
    the register of persons across the editions is built too.
    """
    witnesses = tuple(witnesses)
    if not witnesses:
        raise CollationError("a history needs at least one edition")
    labels = [w.id for w in witnesses]
    if len(set(labels)) != len(labels):
        raise CollationError("two editions have the same label",
                             hint="name them with LABEL=PATH")
    vocab = Vocabulary(Normalizer(tuple(normalize)))
    words = Chain(min_block=min_block)
    sentences = Chain(min_block=1, credible=False)
    sentence_keys: dict[tuple[int, ...], int] = {}
    paragraph_cuts: dict[str, list[tuple[int, int]]] = {}
    editions: list[_Edition] = []
    for witness in witnesses:
        start, end = (witness.span.start, witness.span.end) if witness.span else (0, None)
        table = tokenize(witness.text, vocab, start, end)
        token_ids = np.asarray(words.add(table.key_ids), dtype=np.int64)
        spans, keys = _sentences(witness, table, sentence_keys, paragraph_cuts)
        sentence_ids = np.asarray(sentences.add(np.asarray(keys, dtype=np.int64)),
                                  dtype=np.int64)
        editions.append(_Edition(witness, table, token_ids, spans, sentence_ids))
    punct = vocab.punct_of_keys()
    word_lives = _Lives(words.lineages, len(labels))
    sentence_lives = _Lives(sentences.lineages, len(labels))
    token_arrays = [e.token_ids for e in editions]
    sentence_arrays = [e.sentence_ids for e in editions]
    word_flags = [~punct[e.table.key_ids] for e in editions]
    out: list[EditionHistory] = []
    for k, edition in enumerate(editions):
        table = edition.table
        tokens, units = token_arrays[k], sentence_arrays[k]
        token_ranges = _ranges(table.starts, table.ends, tokens, k, word_lives, labels)
        cuts = np.asarray(edition.sentence_spans, dtype=np.int64).reshape(-1, 2)
        sentence_ranges = _ranges(cuts[:, 0], cuts[:, 1], units, k,
                                  sentence_lives, labels)
        sentence_list = _ranges(cuts[:, 0], cuts[:, 1], units, k, sentence_lives,
                                labels, merge=False)
        w_added, w_back, w_total = _counts(tokens, word_flags[k], k, word_lives)
        every = np.ones(len(units), dtype=np.bool_)
        s_added, s_back, s_total = _counts(units, every, k, sentence_lives)
        w_removed = _removed(token_arrays[k - 1], word_flags[k - 1], k, word_lives) if k else 0
        s_removed = _removed(sentence_arrays[k - 1],
                             np.ones(len(sentence_arrays[k - 1]), dtype=np.bool_), k,
                             sentence_lives) if k else 0
        summary = EditionSummary(w_total, w_added, w_removed, w_back,
                                 s_total, s_added, s_removed, s_back)
        out.append(EditionHistory(edition.witness, token_ranges, sentence_ranges,
                                  sentence_list, summary,
                                  revisions[k] if revisions is not None else None))
    fought, lived = _passages(editions, sentences.lineages, labels)
    register = None
    if people:
        from ..people import build_register

        register = build_register(list(witnesses))
    return History(tuple(out), fought, lived, register)


def _passages(editions: Sequence[_Edition], lineages: Lineages, labels: Sequence[str]
              ) -> tuple[tuple[Passage, ...], tuple[Passage, ...]]:
    """The sentences removed and put back most often, and those that stood longest (ties
    in the order the sentences were first seen)."""
    last_seen: dict[int, tuple[int, int, int]] = {}
    for k, edition in enumerate(editions):
        for (start, end), lineage in zip(edition.sentence_spans,
                                         edition.sentence_ids.tolist(), strict=True):
            last_seen[lineage] = (k, start, end)
    n = len(labels)

    def passage(lineage: int) -> Passage:
        k, start, end = last_seen[lineage]
        spans = lineages.intervals[lineage]
        return Passage(
            edition=labels[k], start=start, end=end,
            text=editions[k].witness.text[start:end],
            introduced_in=labels[spans[0][0]],
            removed_in=None if spans[0][1] == n else labels[spans[0][1]],
            editions=sum(after - first for first, after in spans),
            removals=sum(1 for _, after in spans if after < n),
            reintroductions=len(spans) - 1,
            reintroduced_in=tuple(labels[first] for first, _ in spans[1:]),
            removed_in_all=tuple(labels[after] for _, after in spans if after < n))

    order = list(last_seen)
    intervals = lineages.intervals
    fought = sorted((lineage for lineage in order if len(intervals[lineage]) > 1),
                    key=lambda lineage: (-len(intervals[lineage]),
                                         -sum(1 for _, a in intervals[lineage] if a < n)))
    lived = sorted(order, key=lambda lineage: -sum(a - f for f, a in intervals[lineage]))
    return (tuple(passage(lineage) for lineage in fought[:TOP_PASSAGES]),
            tuple(passage(lineage) for lineage in lived[:TOP_PASSAGES]))
