"""Build the history of a chain of editions (:func:`build_history`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import CollationError
from ..model import Witness
from ..text.normalize import DEFAULT_LAYERS, Normalizer
from ..text.sentences import sentence_spans
from ..text.tokens import TokenTable, Vocabulary, tokenize
from .chain import Chain, Lineages
from .model import EditionHistory, EditionSummary, History, Passage, Range

__all__ = ["MIN_BLOCK", "build_history"]

MIN_BLOCK = 4  # tokens a moved or reintroduced block needs, unless it comes back whole
TOP_PASSAGES = 10


@dataclass
class _Edition:
    witness: Witness
    table: TokenTable
    word: list[bool]
    token_ids: list[int]
    sentence_spans: list[tuple[int, int]]
    sentence_ids: list[int]


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


def _sentences(witness: Witness, table: TokenTable, sentence_keys: dict[tuple[int, ...], int]
               ) -> tuple[list[tuple[int, int]], list[int]]:
    """The sentences of an edition that hold a token, with the id of their token keys."""
    start, end = (witness.span.start, witness.span.end) if witness.span else (0, None)
    spans = [piece for s, e in sentence_spans(witness.text, start, end)
             for piece in _paragraphs(witness.text, s, e)]
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


def _ranges(starts: Sequence[int], ends: Sequence[int], ids: Sequence[int], edition: int,
            lineages: Lineages, labels: Sequence[str], *, merge: bool = True
            ) -> tuple[Range, ...]:
    """Consecutive units of equal provenance as one range (with ``merge``)."""
    out: list[Range] = []
    last = len(labels)
    for start, end, lineage in zip(starts, ends, ids, strict=True):
        intro = labels[lineages.introduced(lineage)]
        after = lineages.removed_after(lineage, edition)
        removed = None if after == last else labels[after]
        if merge and out and out[-1].introduced_in == intro and out[-1].removed_in == removed:
            out[-1] = Range(out[-1].start, end, intro, removed)
        else:
            out.append(Range(start, end, intro, removed))
    return tuple(out)


def _counts(ids: Sequence[int], flags: Sequence[bool], edition: int,
            lineages: Lineages) -> tuple[int, int, int]:
    """Of the flagged units: how many are new here, how many reintroduced, how many in all."""
    added = reintroduced = total = 0
    for lineage, flag in zip(ids, flags, strict=True):
        if not flag:
            continue
        total += 1
        intro = lineages.introduced(lineage)
        if intro == edition:
            added += 1
        elif lineages.since(lineage, edition) == edition:
            reintroduced += 1
    return added, reintroduced, total


def _removed(ids: Sequence[int], flags: Sequence[bool], edition: int,
             lineages: Lineages) -> int:
    """Of the flagged units of the edition before ``edition``: how many are not in it."""
    return sum(1 for lineage, flag in zip(ids, flags, strict=True)
               if flag and lineages.removed_after(lineage, edition - 1) == edition)


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
    editions: list[_Edition] = []
    for witness in witnesses:
        start, end = (witness.span.start, witness.span.end) if witness.span else (0, None)
        table = tokenize(witness.text, vocab, start, end)
        token_ids = words.add(table.key_ids)
        spans, keys = _sentences(witness, table, sentence_keys)
        sentence_ids = sentences.add(np.asarray(keys, dtype=np.int64))
        editions.append(_Edition(witness, table, [], token_ids, spans, sentence_ids))
    punct = vocab.punct_of_keys()
    for edition in editions:
        edition.word = (~punct[edition.table.key_ids]).tolist()
    out: list[EditionHistory] = []
    for k, edition in enumerate(editions):
        table = edition.table
        token_ranges = _ranges(table.starts.tolist(), table.ends.tolist(), edition.token_ids,
                               k, words.lineages, labels)
        sentence_starts = [s for s, _ in edition.sentence_spans]
        sentence_ends = [e for _, e in edition.sentence_spans]
        sentence_ranges = _ranges(sentence_starts, sentence_ends, edition.sentence_ids,
                                  k, sentences.lineages, labels)
        sentence_list = _ranges(sentence_starts, sentence_ends, edition.sentence_ids,
                                k, sentences.lineages, labels, merge=False)
        w_added, w_back, w_total = _counts(edition.token_ids, edition.word, k, words.lineages)
        all_sentences = [True] * len(edition.sentence_ids)
        s_added, s_back, s_total = _counts(edition.sentence_ids, all_sentences, k,
                                           sentences.lineages)
        before = editions[k - 1] if k else None
        w_removed = _removed(before.token_ids, before.word, k, words.lineages) if before else 0
        s_removed = _removed(before.sentence_ids, [True] * len(before.sentence_ids), k,
                             sentences.lineages) if before else 0
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
    """The sentences removed and put back most often, and those that stood longest."""
    last_seen: dict[int, tuple[int, int, int]] = {}
    for k, edition in enumerate(editions):
        for (start, end), lineage in zip(edition.sentence_spans, edition.sentence_ids,
                                         strict=True):
            last_seen[lineage] = (k, start, end)
    n = len(labels)
    passages: list[tuple[int, Passage]] = []
    for order, (lineage, (k, start, end)) in enumerate(last_seen.items()):
        spans = lineages.intervals[lineage]
        removals = sum(1 for _, after in spans if after < n)
        passages.append((order, Passage(
            edition=labels[k], start=start, end=end,
            text=editions[k].witness.text[start:end],
            introduced_in=labels[spans[0][0]],
            removed_in=None if spans[0][1] == n else labels[spans[0][1]],
            editions=sum(after - first for first, after in spans),
            removals=removals, reintroductions=len(spans) - 1)))
    fought = sorted((p for p in passages if p[1].reintroductions),
                    key=lambda p: (-p[1].reintroductions, -p[1].removals, p[0]))
    lived = sorted(passages, key=lambda p: (-p[1].editions, p[0]))
    return (tuple(p for _, p in fought[:TOP_PASSAGES]),
            tuple(p for _, p in lived[:TOP_PASSAGES]))
