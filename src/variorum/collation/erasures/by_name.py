"""Names present in one edition and absent from another, and names respelled.

Each witness's names are found once (:func:`variorum.text.names.names_and_words` over its span) and
indexed by their last word. A name counts as present in a witness when that witness

- names it, or names someone compatible with it: the same last word, the words before it
  equal or initials of each other (``Varnhagen``, ``I. Varnhagen``, ``Ilse Varnhagen``), or
- writes its words, the first capitalized, even where they were not recognised as a name
  (a name that only ever opens sentences there).

A name absent from a witness that has, instead, a name absent from the first witness having
the original, and close to it in spelling (edit distance at most a fifth of the length,
``Quill``/``Quil``, ``Djughachvili``/``Djugachvili``), was respelled, not erased: it goes to
the name changes. Forms of one name erased together (``Ilse Varnhagen``, ``I. Varnhagen``,
``Varnhagen``) make one entry, under its longest form.

The work is linear in the length of the texts plus, for each name absent somewhere, a
comparison with the names the other witness has and the first does not.
"""

from __future__ import annotations

import bisect
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from ...model import Collation, Erasure, NameChange, Reading, Witness
from ...text.names import Name, name_key, names_and_words
from ...text.spelling import respelling_distance
from ...text.words import WORD, WORD_PART
from ..repaired import RepairedContent
from .common import ordered, reading, relation

__all__ = ["name_changes", "name_erasures"]

Key = tuple[str, ...]
Span = tuple[int, int]
IntArray = npt.NDArray[np.int64]


def compatible(one: Key, other: Key) -> bool:
    """Two names that may be one person: same last word, the words before it equal or
    initials of each other where both have them.

    >>> compatible(("i", "varnhagen"), ("ilse", "varnhagen")), compatible(("varnhagen",),
    ...     ("ilse", "varnhagen")), compatible(("karl", "varnhagen"), ("ilse", "varnhagen"))
    (True, True, False)
    """
    if one[-1] != other[-1]:
        return False
    for a, b in zip(reversed(one[:-1]), reversed(other[:-1]), strict=False):
        if a != b and not (len(a) == 1 and b.startswith(a)) and not (
                len(b) == 1 and a.startswith(b)):
            return False
    return True


def _found(view: RepairedContent, starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """Spans of the repaired text as offsets in the text as found."""
    found_starts, found_ends = view.found(np.asarray(starts, dtype=np.int64),
                                          np.asarray(ends, dtype=np.int64))
    return list(zip(found_starts.tolist(), found_ends.tolist(), strict=True))


@dataclass
class _WitnessNames:
    """One witness's names by key, and its capitalized words for names it did not find."""

    witness: Witness
    found: dict[Key, list[Name]] = field(default_factory=dict)
    by_last: dict[str, list[Key]] = field(default_factory=lambda: defaultdict(list))
    # Every word's key and end, in order (one string shared per distinct word and 8 bytes
    # an end, not a tuple a word: a witness has millions of words).
    word_keys: list[str] = field(default_factory=list)
    word_ends: IntArray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    capitals: dict[str, list[tuple[int, int, int]]] = field(
        default_factory=lambda: defaultdict(list))

    @classmethod
    def of(cls, witness: Witness) -> _WitnessNames:
        self = cls(witness)
        view = RepairedContent(witness)
        names, words = names_and_words(_without_suspect_repairs(view), view.start,
                                       view.end)
        spans = _found(view, [n.start for n in names], [n.end for n in names])
        for name, (start, end) in zip(names, spans, strict=True):
            key = name_key(name.text)
            if key not in self.found:
                self.found[key] = []
                self.by_last[key[-1]].append(key)
            self.found[key].append(Name(start, end, witness.text[start:end]))
        starts = np.fromiter((w[0] for w in words), dtype=np.int64, count=len(words))
        ends = np.fromiter((w[1] for w in words), dtype=np.int64, count=len(words))
        starts, ends = view.found(starts, ends)
        self.word_keys = [w[2] for w in words]
        capitals = [index for index, w in enumerate(words) if w[3]]
        del words
        self.word_ends = ends
        for index, start, end in zip(capitals, starts[capitals].tolist(),
                                     ends[capitals].tolist(), strict=True):
            word = self.word_keys[index]
            self.capitals[word].append((start, end, index))
            if "-" in word:  # the parts of "Stalin-Rykov-Bukharin" stand alone too
                for part in WORD_PART.finditer(witness.text, start, end):
                    self.capitals[name_key(part.group())[0]].append(
                        (part.start(), part.end(), -1))
        return self

    def occurrences(self, key: Key) -> list[Span]:
        """Where the name stands in this witness (empty: it is absent)."""
        spans = {(name.start, name.end) for other in self.by_last.get(key[-1], ())
                 if compatible(other, key) for name in self.found[other]}
        return sorted(spans) if spans else self._written(key)

    def _written(self, key: Key) -> list[Span]:
        spans = []
        for start, end, index in self.capitals.get(key[0], ()):
            if len(key) == 1:
                spans.append((start, end))
            elif index >= 0 and index + len(key) <= len(self.word_keys) and all(
                    self.word_keys[index + j] == key[j] for j in range(1, len(key))):
                spans.append((start, int(self.word_ends[index + len(key) - 1])))
        return spans


def _without_suspect_repairs(view: RepairedContent) -> str:
    """The repaired text, a suspect repair blanked out: the apostrophe that repair put where a
    dash was probably lost ("Committee’a") must not join two words into one name."""
    if view.offsets is None:
        return view.text
    text = view.text
    for repair, start, end in zip(view.repairs, view.offsets.starts.tolist(),
                                  view.offsets.ends.tolist(), strict=True):
        if repair.suspect:
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _respelling(key: Key, candidates: list[Key]) -> Key | None:
    """The candidate closest in spelling to ``key``, if one is a respelling of it (compared
    on as many of their last words as the shorter has: "N. Yezhov" / "Ezhov")."""
    best: Key | None = None
    best_distance = 0
    for other in candidates:
        length = min(len(key), len(other))
        distance = respelling_distance(" ".join(key[-length:]), " ".join(other[-length:]))
        if distance and (best is None or distance < best_distance):
            best, best_distance = other, distance
    return best


@dataclass
class _Analysis:
    collation: Collation
    witnesses: dict[str, _WitnessNames]
    present: dict[Key, dict[str, list[Span]]]  # key -> witness id -> occurrences
    form: dict[Key, str]  # as first written
    family: dict[Key, Key]  # respelled names share a family (union-find parent)
    # key -> witness id -> where that witness writes the name's words in lower case, at the
    # place the collation aligned with the name ("the State" / "the state"): not an erasure.
    lowered: dict[Key, dict[str, list[Span]]] = field(default_factory=dict)

    def root(self, key: Key) -> Key:
        while self.family[key] != key:
            self.family[key] = key = self.family[self.family[key]]
        return key

    def members(self) -> dict[Key, list[Key]]:
        families: dict[Key, list[Key]] = defaultdict(list)
        for key in self.present:
            families[self.root(key)].append(key)
        return families


def _analyse(collation: Collation) -> _Analysis:
    witnesses = {w.id: _WitnessNames.of(w) for w in collation.witnesses}
    form: dict[Key, str] = {}
    for names in witnesses.values():
        for key, found in names.found.items():
            form.setdefault(key, found[0].text)
    present = {key: {wid: spans for wid, names in witnesses.items()
                     if (spans := names.occurrences(key))} for key in form}
    analysis = _Analysis(collation, witnesses, present, form, {key: key for key in form})
    analysis.lowered = _lowered(collation, present)
    candidates: dict[tuple[str, str], list[Key]] = {}
    for key, where in present.items():
        reference = next(iter(where))
        for wid in witnesses:
            if wid in where:
                continue
            pool = candidates.get((wid, reference))
            if pool is None:
                pool = candidates[(wid, reference)] = [
                    other for other in witnesses[wid].found if reference not in present[other]]
            match = _respelling(key, pool)
            if match is not None:
                analysis.family[analysis.root(key)] = analysis.root(match)
    return analysis


def _lowered(collation: Collation,
             present: dict[Key, dict[str, list[Span]]]) -> dict[Key, dict[str, list[Span]]]:
    """For names absent from a witness: where that witness's aligned reading holds the same
    words in lower case (a change of case, which the collation reports as ``case``)."""
    readings: dict[str, tuple[list[int], list[tuple[int, int, int]]]] = {}
    for wid in (w.id for w in collation.witnesses):
        places = sorted((v.readings[wid].start, v.readings[wid].end, index)
                        for index, v in enumerate(collation.variants))
        readings[wid] = ([start for start, _, _ in places], places)
    texts = {w.id: w.text for w in collation.witnesses}
    result: dict[Key, dict[str, list[Span]]] = {}
    for key, where in present.items():
        for wid in texts:
            if wid in where:
                continue
            spans = [span for holder, occurrences in where.items() for occurrence in occurrences
                     if (span := _aligned_lower(key, occurrence, readings[holder],
                                                collation, wid)) is not None]
            if spans:
                result.setdefault(key, {})[wid] = sorted(set(spans))
    return result


def _aligned_lower(key: Key, occurrence: Span,
                   holder: tuple[list[int], list[tuple[int, int, int]]],
                   collation: Collation, wid: str) -> Span | None:
    """The span of ``key``'s words in ``wid``'s reading aligned with ``occurrence``, if any."""
    starts, spans = holder
    at = bisect.bisect_right(starts, occurrence[0]) - 1
    if at < 0 or spans[at][1] < occurrence[1]:
        return None
    found = collation.variants[spans[at][2]].readings[wid]
    words = [(m.start(), m.end(), name_key(m.group())) for m in WORD.finditer(found.text)]
    for first in range(len(words) - len(key) + 1):
        run = words[first : first + len(key)]
        if tuple(k[0] for _, _, k in run if k) == key:
            return found.start + run[0][0], found.start + run[-1][1]
    return None


_CACHE: weakref.WeakKeyDictionary[Collation, _Analysis] = weakref.WeakKeyDictionary()


def _analysis(collation: Collation) -> _Analysis:
    """Names are found once per collation, for both the erasures and the name changes."""
    found = _CACHE.get(collation)
    if found is None:
        found = _CACHE[collation] = _analyse(collation)
    return found


def _outermost(spans: list[Span]) -> list[Span]:
    """Spans in order, without those inside another ("Varnhagen" in "Ilse Varnhagen")."""
    kept: list[Span] = []
    for start, end in sorted(set(spans), key=lambda span: (span[0], -span[1])):
        if not kept or end > kept[-1][1]:
            kept.append((start, end))
    return kept


def _entry(analysis: _Analysis, keys: list[Key], absent: tuple[str, ...]) -> Erasure:
    collation = analysis.collation
    present = ordered(collation, analysis.present[keys[0]])
    forms = tuple(dict.fromkeys(analysis.form[key] for key in keys))
    text = max(forms, key=lambda form: (len(name_key(form)), len(form)))
    readings: dict[str, Reading] = {}
    occurrences: dict[str, tuple[Reading, ...]] = {}
    for wid in present:
        source = analysis.witnesses[wid].witness.text
        spans = _outermost([span for key in keys for span in analysis.present[key][wid]])
        readings[wid] = reading(source, *spans[0])
        occurrences[wid] = tuple(reading(source, *span) for span in spans)
    return Erasure("name", text, present, absent, MappingProxyType(readings),
                   relation=relation(collation, present), forms=forms,
                   occurrences=MappingProxyType(occurrences))


def name_erasures(collation: Collation) -> list[Erasure]:
    """One entry per name (all its forms) present in some witnesses and absent from others."""
    analysis = _analysis(collation)
    families = analysis.members()
    groups: dict[tuple[str, tuple[str, ...], tuple[str, ...]], list[list[Key]]] = {}
    for key, where in analysis.present.items():
        kin = families[analysis.root(key)]
        absent = tuple(wid for wid in analysis.witnesses
                       if not any(wid in analysis.present[other]
                                  or wid in analysis.lowered.get(other, {}) for other in kin))
        if not absent:
            continue
        bucket = groups.setdefault((key[-1], tuple(where), absent), [])
        for group in bucket:
            if any(compatible(key, other) for other in group):
                group.append(key)
                break
        else:
            bucket.append([key])
    entries = [_entry(analysis, group, ordered(collation, absent))
               for (_, _, absent), bucket in groups.items() for group in bucket]
    order = {w.id: i for i, w in enumerate(collation.witnesses)}
    return sorted(entries, key=lambda e: _position(e, order))


def _position(entry: Erasure | NameChange, order: dict[str, int]) -> tuple[int, int]:
    """Sort key: the first witness having the entry, then where it stands there."""
    readings = entry.readings
    first = min(readings, key=order.__getitem__)
    return order[first], readings[first].start


def name_changes(collation: Collation) -> list[NameChange]:
    """One entry per respelled name: how each witness having it writes it."""
    analysis = _analysis(collation)
    entries: list[NameChange] = []
    for kin in analysis.members().values():
        if len(kin) < 2:
            continue
        texts: dict[str, str] = {}
        readings: dict[str, Reading] = {}
        for wid, names in analysis.witnesses.items():
            spans = [span for key in kin for span in analysis.present[key].get(wid, ())]
            if spans:
                start, end = min(spans)
                readings[wid] = reading(names.witness.text, start, end)
                texts[wid] = names.witness.text[start:end]
        entries.append(NameChange("name-spelling", MappingProxyType(texts),
                                  MappingProxyType(readings)))
    entries += _case_changes(analysis)
    order = {w.id: i for i, w in enumerate(collation.witnesses)}
    return sorted(entries, key=lambda e: _position(e, order))


def _case_changes(analysis: _Analysis) -> list[NameChange]:
    """One entry per name that some witness writes in lower case where others capitalize it."""
    entries: list[NameChange] = []
    for key, lowered in analysis.lowered.items():
        texts: dict[str, str] = {}
        readings: dict[str, Reading] = {}
        for wid, names in analysis.witnesses.items():
            spans = analysis.present[key].get(wid) or lowered.get(wid)
            if spans:
                start, end = spans[0]
                readings[wid] = reading(names.witness.text, start, end)
                texts[wid] = names.witness.text[start:end]
        entries.append(NameChange("name-case", MappingProxyType(texts),
                                  MappingProxyType(readings)))
    return entries
