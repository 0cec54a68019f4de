"""Changes: the variants that make one act of revision, grouped.

An editor's apparatus cuts a rewritten sentence at the words that truly correspond; a
revision study counts the rewrite once. Two neighbouring variants belong to one change when
one witness departs from the base at both (or at the later one and anywhere in the change
the earlier one ends) and, in every witness, what separates them is at
most :data:`MAX_WEAK_GAP` weak words (function words, punctuation) inside one sentence: no
sentence end, no paragraph break, no agreeing content word. Changes that different witnesses
made side by side stay apart. A transposition is a change of its own, except that the two
ends of a swap within one sentence (linked to each other, only weak words between) are one
change, class ``transposition``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from types import MappingProxyType

from ..model import Change, Reading, Variant, Witness
from ..text.function_words import is_function_word
from ..text.words import TERM
from .classify import Verdict, most_substantive
from .compare import Comparer

__all__ = ["MAX_WEAK_GAP", "group_changes"]

MAX_WEAK_GAP = 2  # agreeing function words that may separate two places of one change
# Longer than this, the agreeing text between two places holds more than two weak words (the
# longest function words have a dozen letters): it is not read at all.
_MAX_GAP_CHARS = 48
_SENTENCE_END = re.compile(r"[.!?…;]|\n[^\S\n]*\n")


def _joined(before: Variant, after: Variant, texts: dict[str, str], base: str,
            weak_gaps: dict[str, bool] | None = None,
            departing: dict[str, int] | None = None) -> bool:
    """Are the two variants one act of revision: made by one witness (it departs from the
    base at both), with only weak words between them, within one sentence?

    ``departing``, if given, are the witnesses departing anywhere in the change ``before``
    ends, each with where its last departure ends: one of them departing at ``after``, with
    only weak words between in its own text, is enough (a witness that drops ", Bukharin"
    departs at the comma and at the name, with another's "and" standing between them).
    ``weak_gaps`` keeps the verdict on each gap's text (speed: the witnesses agree between
    two places, so most gaps are the same text in every witness)."""
    moved = _moved(before)
    if moved != _moved(after):
        return False
    if moved and not _linked(before, after):
        return False  # a move's ends far apart, or two unrelated moves
    for wid, text in texts.items():
        start, end = before.readings[wid].end, after.readings[wid].start
        if end - start > _MAX_GAP_CHARS:
            return False
        gap = text[start:end]
        weak = weak_gaps.get(gap) if weak_gaps is not None else None
        if weak is None:
            weak = _weak_gap(gap)
            if weak_gaps is not None:
                weak_gaps[gap] = weak
        if not weak:
            return False
    if departing is None:
        return bool(_departing(before, base) & _departing(after, base))
    # A witness departing here and earlier in the change: only weak words in its own text
    # since its last departure ("Rykov and Bukharin died": 1956's "and" and "died" stand on
    # either side of an agreeing name, two acts).
    for wid in _departing(after, base):
        last = departing.get(wid)
        if last is not None and last <= after.readings[wid].start and (
                after.readings[wid].start - last <= _MAX_GAP_CHARS
                and _weak_gap(texts[wid][last : after.readings[wid].start])):
            return True
    return False


def _weak_gap(gap: str) -> bool:
    """Is the text between two places at most :data:`MAX_WEAK_GAP` weak words, within one
    sentence?"""
    if _SENTENCE_END.search(gap):
        return False
    words = TERM.findall(gap)
    return len(words) <= MAX_WEAK_GAP and all(is_function_word(word) for word in words)


def _departing(variant: Variant, base: str) -> set[str]:
    return {wid for group in variant.groups if base not in group for wid in group}


def _linked(before: Variant, after: Variant) -> bool:
    """Are the two variants the two ends of one move (a swap within a sentence)?"""
    return (f"moved-to:{after.id}" in before.tags or f"moved-from:{after.id}" in before.tags)


def _moved(variant: Variant) -> bool:
    if not variant.tags:  # most variants (speed: no generator to start)
        return False
    return any(tag.startswith(("moved-to:", "moved-from:")) for tag in variant.tags)


def group_changes(variants: Sequence[Variant], witnesses: Sequence[Witness], base: str,
                  comparer: Comparer) -> tuple[tuple[Variant, ...], tuple[Change, ...]]:
    """The variants, each with the id of its change, and the changes."""
    texts = {witness.id: witness.text for witness in witnesses}
    runs: list[list[Variant]] = []
    weak_gaps: dict[str, bool] = {}
    # The witnesses departing in the last run, each with where its last departure ends.
    departing: dict[str, int] = {}
    for variant in variants:
        if runs and _joined(runs[-1][-1], variant, texts, base, weak_gaps, departing):
            runs[-1].append(variant)
        else:
            runs.append([variant])
            departing = {}
        departing.update((wid, variant.readings[wid].end)
                         for wid in _departing(variant, base))
    changes: list[Change] = []
    grouped: list[Variant] = []
    for number, run in enumerate(runs, start=1):
        changes.append(_change(number, run, texts, base, comparer))
        grouped.extend(_with_change(variant, number) for variant in run)
    return tuple(grouped), tuple(changes)


def _with_change(v: Variant, change: int) -> Variant:
    """A copy of the variant with its change's id. Made field dict to field dict, not by
    dataclasses.replace or the constructor (a frozen dataclass sets each field through
    ``object.__setattr__``): this runs for every variant of a collation."""
    copy: Variant = object.__new__(Variant)
    copy.__dict__.update(v.__dict__, change=change)
    return copy


def _change(number: int, run: list[Variant], texts: dict[str, str], base: str,
            comparer: Comparer) -> Change:
    first, last = run[0], run[-1]
    ids = tuple(variant.id for variant in run)
    if len(run) == 1:
        return Change(number, first.class_, first.reason, ids, first.readings)
    readings = {wid: Reading(texts[wid][first.readings[wid].start : last.readings[wid].end],
                             first.readings[wid].start, last.readings[wid].end)
                for wid in first.readings}
    if all(_moved(variant) for variant in run):  # the two ends of a swap: one move
        return Change(number, first.class_, first.reason, ids, MappingProxyType(readings))
    verdicts = [comparer.compare_readings(base, readings[base], wid, readings[wid])
                for wid in readings if wid != base and readings[wid].text != readings[base].text]
    verdict = most_substantive(verdicts) if verdicts else Verdict(first.class_, first.reason)
    reason = (f"{verdict.reason}; one act of revision: {len(run)} places separated only by "
              f"weak words within one sentence")
    return Change(number, verdict.class_, reason, ids, MappingProxyType(readings))
