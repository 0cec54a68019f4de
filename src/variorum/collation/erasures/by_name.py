"""Names present in one edition and absent from another, and names respelled.

Only the words where the witnesses differ are read for names: each witness's readings of
the collation's variants, widened to their sentences, go through the recognizer of the
register of persons (:func:`variorum.text.recognize.names_of`, with the evidence of the
whole witness gathered once from its token table: the words it capitalizes inside a
sentence, and those it writes in lower case). A name nobody changed stands outside every
variant and cannot have been erased. Common words and title-case phrases of common words
(:func:`~variorum.text.recognize.is_common`: "Effects of Habit", "Roughly"), headings, web
addresses and their fragments, handles and hashtags are no names, nor are the names of
genera and families (:func:`~variorum.text.recognize.taxon_at`: "the paint-root
(Lachnanthes)"); places and bodies are ("U.S. Department of Health and Human Services"
whole).

A name of one witness counts as present in another when that witness writes it anywhere
(its word-token index, made once): its words in order, the first capitalized, or its last
word capitalized after words compatible with it (the same, or initials of each other:
``Varnhagen``, ``I. Varnhagen``, ``Ilse Varnhagen``).

A name absent from a witness whose reading *at the same place* holds a name absent from the
first, close to it in spelling (edit distance at most a fifth of the length,
``Quill``/``Quil``) or the same under transliteration and a phonetic key
(:func:`variorum.text.spelling.same_name`, ``Chichirin``/``Tchitcherin``), was respelled,
not erased: it goes to the name changes. Forms of one name erased together (``Ilse
Varnhagen``, ``I. Varnhagen``, ``Varnhagen``) make one entry, under its longest form.
Names are shown repaired (encoding damage undone); readings cite the text as found.

Cost: one vectorised pass per witness over its token table, then work in proportion to the
variants' sentences.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt

from ...model import Collation, Erasure, NameChange, Reading, Witness
from ...text.function_words import ABBREVIATIONS, FUNCTION_WORDS
from ...text.lexicon import detect_language, wordfreq_words
from ...text.names import Evidence, name_key, word_key
from ...text.recognize import is_common, is_taxon_name, names_of, taxon_at
from ...text.sentences import heading_breaks
from ...text.spelling import respelling_distance, same_name
from ...text.tokens import TokenTable, Vocabulary
from ...text.words import WORD
from ..repaired import RepairedContent
from .common import ordered, reading, relation

__all__ = ["name_changes", "name_erasures"]

Key = tuple[str, ...]
Span = tuple[int, int]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SENTENCE_REACH = 1000  # characters looked at before and after a reading for its sentence
_BOUNDARY = re.compile(r"[.!?…][\"'”’»)\]]*\s+|\n[^\S\n]*\n")
_PARTS = re.compile(r"[-']")
_CAPITAL = re.compile(r"[^\W\d_]")  # a letter; with the reading not all lower case, a capital
_STOPS = frozenset(".!?…:")
_OPENERS = frozenset("\"'“‘«([")


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


class _Surfaces:
    """Per distinct token of a collation (its vocabulary's surfaces): capitalized word, word
    in lower case, sentence stop, opening mark, initial or abbreviation, and the key of
    :func:`variorum.text.names.name_key` as an integer."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        surfaces = vocabulary.surfaces
        self.key_ids: dict[str, int] = {}
        self.keys = [word_key(s) for s in surfaces]
        self.key_of: IntArray = np.fromiter(
            (self.key_ids.setdefault(k, len(self.key_ids)) for k in self.keys),
            dtype=np.int64, count=len(surfaces))
        # One pass over the distinct tokens: a bit per property.
        bits = np.fromiter(map(_surface_bits, surfaces), dtype=np.int64, count=len(surfaces))
        self.capital: BoolArray = (bits & 1).astype(np.bool_)
        self.lower: BoolArray = (bits & 2).astype(np.bool_)
        self.stop: BoolArray = (bits & 4).astype(np.bool_)
        self.opener: BoolArray = (bits & 8).astype(np.bool_)
        self.short: BoolArray = (bits & 16).astype(np.bool_)
        self.function: BoolArray = np.fromiter((k in FUNCTION_WORDS for k in self.keys),
                                               dtype=np.bool_, count=len(surfaces))


def _surface_bits(surface: str) -> int:
    """Capitalized word 1, lower-case word 2, sentence stop 4, opening mark 8, initial or
    abbreviation 16."""
    if not surface:
        return 0
    first = surface[0]
    if first.isalpha():
        bits = 1 if first.isupper() or first.istitle() else 2 if first.islower() else 0
        if len(surface) == 1 or surface.casefold() in ABBREVIATIONS:
            bits |= 16
        return bits
    return (4 if surface[-1] in _STOPS else 0) | (8 if surface in _OPENERS else 0)


class _Index:
    """One witness's words from its token table, found in one vectorised pass: the evidence
    for sentence-initial names, and where each capitalized word stands."""

    def __init__(self, witness: Witness, tokens: TokenTable, surfaces: _Surfaces) -> None:
        self.witness = witness
        self.tokens = tokens
        ids = tokens.surface_ids
        count = len(ids)
        previous = np.arange(count, dtype=np.int64) - 1
        if count:
            before = np.maximum(previous, 0)
            skip = (previous >= 0) & surfaces.opener[ids[before]]
            previous = np.where(skip, previous - 1, previous)
            before = np.maximum(previous, 0)
            stop = (previous >= 0) & surfaces.stop[ids[before]]
            # "I. Varnhagen", "Dr. Brisk": a full stop after an initial or a title ends nothing
            two_back = np.maximum(previous - 1, 0)
            stop &= ~((previous >= 1) & surfaces.short[ids[two_back]]
                      & surfaces.capital[ids[two_back]])
            opens = (previous < 0) | stop
            text = tokens.source_text
            breaks = [m.end() for m in re.finditer(r"\n[^\S\n]*\n", text)]
            if "\n" in text:
                # a line after a heading line opens a sentence, as sentence_spans has it
                breaks = sorted([*breaks, *heading_breaks(text)])
            if breaks:
                after = np.searchsorted(tokens.starts, np.asarray(breaks, dtype=np.int64))
                opens[after[after < count]] = True
        else:
            opens = np.zeros(0, dtype=np.bool_)
        capital = surfaces.capital[ids]
        inside = capital & ~opens & ~surfaces.short[ids]
        keys = surfaces.keys
        self.evidence = Evidence(
            # return_counts: np.unique without its masked-array check, which imports
            # numpy.ma (start-up); the counts are not used.
            frozenset(keys[i] for i in np.unique(ids[inside], return_counts=True)[0].tolist()),
            frozenset(keys[i] for i in np.unique(ids[surfaces.lower[ids]],
                                                 return_counts=True)[0].tolist()))
        # Words only (punctuation left out): their tokens, keys, capitals, openings.
        words = np.flatnonzero(capital | surfaces.lower[ids])
        self.word_token = words
        self.word_key = surfaces.key_of[ids[words]]
        self.word_capital = capital[words]
        self.word_opens = opens[words]
        self.word_plain = ~surfaces.function[ids[words]]
        self.word_short = surfaces.short[ids[words]]
        capitals = np.flatnonzero(self.word_capital)
        order = np.argsort(self.word_key[capitals], kind="stable")
        self._capitals = capitals[order]
        self._capital_keys = self.word_key[self._capitals]
        self.surfaces = surfaces

    def _positions(self, key: str) -> IntArray:
        """Word positions where ``key`` (one token's key) stands capitalized."""
        key_id = self.surfaces.key_ids.get(key)
        if key_id is None:
            return np.zeros(0, dtype=np.int64)
        lo = np.searchsorted(self._capital_keys, key_id, side="left")
        hi = np.searchsorted(self._capital_keys, key_id, side="right")
        found: IntArray = self._capitals[lo:hi]
        return found

    def occurrences(self, key: Key) -> list[Span]:
        """Where the name stands in this witness (text-as-found spans; empty: absent)."""
        last = [p for p in _PARTS.split(key[-1]) if p]
        if not last:
            return []
        spans: list[Span] = []
        starts, ends = self.tokens.starts, self.tokens.ends
        for position in self._positions(last[-1]).tolist():
            first = position - len(last) + 1
            if first < 0 or any(int(self.word_key[first + j]) != self.surfaces.key_ids.get(
                    last[j], -1) for j in range(len(last) - 1)):
                continue
            before = self._name_words_before(first, len(key) - 1)
            if not compatible(key, (*before, key[-1])):
                continue
            begin = first - len(before)
            spans.append((int(starts[self.word_token[begin]]),
                          int(ends[self.word_token[position]])))
        return spans

    def _name_words_before(self, first: int, most: int) -> tuple[str, ...]:
        """Up to ``most`` words of a name before word ``first``: capitalized, no function
        word, joined by white space or an initial's full stop, and not a sentence's first
        word unless the witness capitalizes it inside sentences too."""
        found: list[str] = []
        at = first
        text, starts, ends = self.tokens.source_text, self.tokens.starts, self.tokens.ends
        while len(found) < most and at > 0:
            prev = at - 1
            if not (self.word_capital[prev] and self.word_plain[prev]):
                break
            left, right = int(self.word_token[prev]), int(self.word_token[at])
            gap = text[int(ends[left]) : int(starts[right])]
            if self.word_short[prev]:
                gap = gap.removeprefix(".")
            if not (gap.isspace() and gap.count("\n") < 2) and not (
                    gap == "" and self.word_short[prev]):
                break
            key = self.surfaces.keys[int(self.tokens.surface_ids[left])]
            if self.word_opens[prev] and not self.evidence.capitalized_inside(key):
                break
            found.append(key)
            at = prev
        return tuple(reversed(found))


@dataclass
class _Found:
    """A name found in a witness's variant: its key, form (repaired) and span as found."""

    key: Key
    form: str
    start: int
    end: int


def _repaired_offsets(view: RepairedContent, offsets: list[int]) -> list[int]:
    """Offsets of the text as found, in the repaired text (inside a repair: its start)."""
    if view.offsets is None:
        return offsets
    om = view.offsets
    found = np.asarray(offsets, dtype=np.int64)
    index = np.searchsorted(om.found_starts, found, side="right") - 1
    safe = np.maximum(index, 0)
    inside = (index >= 0) & (found < om.found_ends[safe])
    shift = np.where(index >= 0, om.shift_after[safe], 0)
    mapped = np.where(inside, om.starts[safe], found - om.base + shift)
    return [int(x) for x in mapped.tolist()]


def _windows(text: str, spans: list[Span], start: int, end: int) -> list[Span]:
    """The readings ``spans`` widened to the sentences holding them, merged."""
    windows: list[Span] = []
    for first, last in spans:
        lo = max(start, first - SENTENCE_REACH)
        begin = lo
        for match in _BOUNDARY.finditer(text, lo, first):
            begin = match.end()
        stop = _BOUNDARY.search(text, last, min(end, last + SENTENCE_REACH))
        finish = stop.start() + 1 if stop else min(end, last + SENTENCE_REACH)
        if windows and begin <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], finish))
        else:
            windows.append((begin, finish))
    return windows


def _names_in_variants(collation: Collation, witness: Witness, index: _Index,
                       language: str | None) -> list[_Found]:
    # A name is capitalized: a reading without a capital letter holds no part of one.
    readings = sorted({(r.start, r.end) for v in collation.variants
                       if (r := v.readings.get(witness.id)) is not None and r.end > r.start
                       and not r.text.islower() and _CAPITAL.search(r.text)})
    if not readings:
        return []
    view = RepairedContent(witness)
    text = _without_suspect_repairs(view)
    flat = _repaired_offsets(view, [x for span in readings for x in span])
    spans = list(zip(flat[0::2], flat[1::2], strict=True))
    span_starts = [s for s, _ in spans]
    found: list[_Found] = []
    words = wordfreq_words(language) if language else None
    for begin, finish in _windows(text, spans, view.start, view.end):
        for candidate in names_of(text, language, begin, finish, index.evidence):
            at = bisect.bisect_right(span_starts, candidate.end - 1) - 1
            if at < 0 or not _overlaps(spans, at, candidate.start, candidate.end):
                continue
            if is_common(candidate, language, index.evidence):
                continue
            if words is not None and (is_taxon_name(candidate.text)
                                      or taxon_at(text, candidate, words)):
                continue  # a genus or a family ("the paint-root (Lachnanthes)"): no one's name
            starts, ends = view.found(np.asarray([candidate.start], dtype=np.int64),
                                      np.asarray([candidate.end], dtype=np.int64))
            key = name_key(candidate.text)
            if key:
                found.append(_Found(key, view.text[candidate.start : candidate.end],
                                    int(starts[0]), int(ends[0])))
    return found


def _overlaps(spans: list[Span], at: int, start: int, end: int) -> bool:
    """Whether a reading at or before index ``at`` overlaps ``start:end``."""
    while at >= 0:
        first, last = spans[at]
        if first < end and start < last:
            return True
        if last <= start and first < start - SENTENCE_REACH:
            return False
        at -= 1
    return False


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


def _respelled(key: Key, other: Key) -> bool:
    """Whether ``other`` is ``key`` respelled: compared on as many of their last words as the
    shorter has ("N. Yezhov" / "Ezhov"), by edit distance or transliteration."""
    length = min(len(key), len(other))
    a, b = " ".join(key[-length:]), " ".join(other[-length:])
    return a != b and (respelling_distance(a, b) > 0 or same_name(a, b))


def _apostrophe_lost(key: Key, other: Key) -> bool:
    """One is the other's possessive without its apostrophe ("Plinys" for "Pliny's")."""
    if len(key) != len(other) or key[:-1] != other[:-1]:
        return False
    a, b = key[-1], other[-1]
    return a == b + "s" or b == a + "s"


@dataclass
class _Analysis:
    collation: Collation
    witnesses: dict[str, _Index]
    present: dict[Key, dict[str, list[Span]]]  # key -> witness id -> occurrences
    form: dict[Key, str]  # as first written (repaired)
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
    witnesses: dict[str, _Index] = {}
    found: dict[str, list[_Found]] = {}
    if collation.witnesses:
        vocabulary = collation.tokens[collation.witnesses[0].id].vocabulary
        surfaces = _Surfaces(vocabulary)
        language = detect_language(w.content for w in collation.witnesses)
        for witness in collation.witnesses:
            witnesses[witness.id] = _Index(witness, collation.tokens[witness.id], surfaces)
            found[witness.id] = _names_in_variants(collation, witness, witnesses[witness.id],
                                                   language)
    form: dict[Key, str] = {}
    for names in found.values():
        for name in names:
            form.setdefault(name.key, name.form)
    present: dict[Key, dict[str, list[Span]]] = {}
    for key in form:
        where: dict[str, list[Span]] = {}
        for wid, index in witnesses.items():
            spans = index.occurrences(key)
            spans += [(n.start, n.end) for n in found[wid] if compatible(n.key, key)]
            if spans:
                where[wid] = sorted(set(spans))
        if where:
            present[key] = where
    form = {key: text for key, text in form.items() if key in present}
    analysis = _Analysis(collation, witnesses, present, form, {key: key for key in form})
    analysis.lowered = _lowered(collation, present)
    _join_respellings(analysis, found)
    return analysis


def _join_respellings(analysis: _Analysis, found: dict[str, list[_Found]]) -> None:
    """Join a name absent from a witness with a name of that witness at the same place
    (inside the readings of one variant), absent from the first, that respells it."""
    collation = analysis.collation
    at_place: dict[tuple[int, str], list[Key]] = defaultdict(list)
    starts: dict[str, list[tuple[int, int, int]]] = {}
    for wid in analysis.witnesses:
        places = sorted((r.start, r.end, i) for i, v in enumerate(collation.variants)
                        if (r := v.readings.get(wid)) is not None)
        starts[wid] = places
        firsts = [p[0] for p in places]
        for name in found[wid]:
            at = bisect.bisect_right(firsts, name.end - 1) - 1
            while at >= 0 and places[at][1] > name.start - SENTENCE_REACH:
                if places[at][0] < name.end and name.start < places[at][1]:
                    at_place[(places[at][2], wid)].append(name.key)
                at -= 1
    for (variant, wid), keys in at_place.items():
        for other_wid in analysis.witnesses:
            if other_wid == wid:
                continue
            for key in keys:
                if other_wid in analysis.present.get(key, {}) or key not in analysis.present:
                    continue
                for other in at_place.get((variant, other_wid), ()):
                    if other in analysis.present and (
                            _apostrophe_lost(key, other) or (
                                wid not in analysis.present[other] and _respelled(key, other))):
                        analysis.family[analysis.root(key)] = analysis.root(other)
                        break


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


# The last collation analysed, with its analysis: the erasures and the name changes ask for
# the same collation one after the other. (A WeakKeyDictionary never let go of any: each
# analysis holds its collation, so a long run, compare's thousands of articles, kept every
# collation it made in memory, about 0.2 MB an article.)
_LAST: list[tuple[Collation, _Analysis]] = []


def _analysis(collation: Collation) -> _Analysis:
    """Names are found once per collation, for both the erasures and the name changes."""
    if _LAST and _LAST[0][0] is collation:
        return _LAST[0][1]
    found = _analyse(collation)
    _LAST[:] = [(collation, found)]
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
        # A witness writing several of the forms shows the one fewest witnesses write: the
        # respelling ("Plinys" in the edition that also has "Pliny" elsewhere).
        rarity = {key: len(analysis.present[key]) for key in kin}
        for wid, names in analysis.witnesses.items():
            keys = [key for key in kin if wid in analysis.present[key]]
            fewest = min((rarity[key] for key in keys), default=0)
            spans = [span for key in keys if rarity[key] == fewest
                     for span in analysis.present[key][wid]]
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
