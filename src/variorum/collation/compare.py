"""Classifying the places of a collation: every comparison of two witnesses' readings made
once (:class:`Comparer`), the class of each variant (:func:`classify_place`), the relations
between its groups, and the per-pair counts. The rules themselves are in :mod:`.classify`;
this module only decides which readings are compared and keeps the results.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np

from ..model import Reading, Relation, Variant, Witness
from ..text.words import WORD
from .align.multi import AlignmentTable
from .classify import Verdict, classify_pair, compared_words, most_substantive
from .places import Place
from .repaired import RepairedReading, RepairIndex

if TYPE_CHECKING:  # imported where first needed: most runs judge no respelling
    from ..text.lexicon import Lexicon
    from ..text.tokens import TokenTable

__all__ = ["NAME_CONTEXT", "Comparer", "classify_place", "pair_classes", "relations_of",
           "variants_of"]

ENCODING = Verdict("encoding", "equal once encoding damage is repaired")
MOVED = Verdict("transposition", "the same text stands elsewhere")


NAME_CONTEXT = 300  # characters before a sentence-initial word read for evidence of a name


def _capitalized(reading: Reading) -> bool:
    return reading.text.lstrip("([“‘\"'")[:1].isupper()


def _stands_as_name(witness: Witness, reading: Reading, scarce: bool = False) -> bool:
    """Is the reading (part of) a proper name, judged with the text before it?

    A capitalized word inside a sentence is taken as a name at once — unless the witness
    marks few sentences (``scarce``), where a capital is no evidence; at the start of a
    sentence, :func:`variorum.text.names.is_name` looks for evidence in the text before it.
    """
    if scarce or not _capitalized(reading):
        return False
    before = witness.text[max(witness.start, reading.start - 40) : reading.start].rstrip()
    if before and before[-1] not in ".!?:\n":
        return True
    from ..text.names import is_name

    context = witness.text[max(witness.start, reading.start - NAME_CONTEXT) : reading.start]
    return is_name(reading.text, context)


def _compare(base: RepairedReading, other: RepairedReading, name: bool = False,
             words: Lexicon | None = None) -> Verdict:
    """Classify on the repaired readings; say so in the tags when damage took part."""
    verdict = ENCODING if base.text == other.text else classify_pair(base.text, other.text,
                                                                     name, words)
    tags = list(verdict.tags)
    if verdict is not ENCODING and (base.repaired or other.repaired or base.damaged
                                    or other.damaged):
        tags.append("encoding-damage")
    if base.suspect or other.suspect:
        tags.append("suspect-repair")
    return Verdict(verdict.class_, verdict.reason, tuple(tags)) if tags else verdict


class Comparer:
    """Compares two witnesses' readings at a place, each comparison made once: the variant's
    class and the per-pair counts ask for many of the same ones."""

    def __init__(self, witnesses: Mapping[str, Witness], places: Sequence[Place] = (),
                 tokens: Mapping[str, TokenTable] | None = None) -> None:
        self.indexes = {witness_id: RepairIndex(w) for witness_id, w in witnesses.items()}
        self.done: dict[tuple[int, str, str], Verdict] = {}
        self.places = places  # all the places: what the witnesses agree on lies between them
        self.tokens = tokens or {}
        self._scarce: dict[str, float] = {}
        # (word, word opposite) -> witness -> places: plain dicts, not Counters (speed).
        self._opposite: dict[tuple[str, str], dict[str, int]] | None = None
        self._counts: dict[str, np.ndarray] = {}  # per witness: tokens per case-folded word
        self._fold_ids: dict[str, int] | None = None  # case-folded surface -> its number
        self._surface_folds: np.ndarray | None = None  # surface id -> number of its folding

    def compare(self, at: int, place: Place, left: str, right: str) -> Verdict:
        if (left in place.moved_by) != (right in place.moved_by):
            return MOVED  # one of the two moved this text here: not an addition or omission
        key = (at, left, right)
        found = self.done.get(key)
        if found is None:
            found = self._verdict(place, left, right)
            # Only a respelled word can be a respelled name or another word; both tests read
            # more than the readings, so they are asked only then.
            if found.class_ == "spelling":
                found = self._respelled(place, left, right, found)
            elif found.class_ == "substitution":
                found = self._transliterated(place, left, right, found)
            self.done[key] = found
        return found

    def _respelled(self, place: Place, left: str, right: str, found: Verdict) -> Verdict:
        from ..text.names import SCARCE_WORDS_PER_SENTENCE_END

        reading = place.readings[left]
        scarce = _capitalized(reading) and self.words_per_sentence_end(left) > \
            SCARCE_WORDS_PER_SENTENCE_END
        if _stands_as_name(self.indexes[left].witness, reading, scarce) and \
                not self._common_words(reading.text, place.readings[right].text):
            return self._verdict(place, left, right, name=True)
        found = self._verdict(place, left, right, words=self.lexicon)
        if scarce and found.class_ == "spelling":
            found = Verdict(found.class_, f"{found.reason}; a capital is no evidence of a name "
                            f"in {left}, which ends a sentence only once in "
                            f"{self.words_per_sentence_end(left):.0f} words", found.tags)
        return found

    def _common_words(self, one: str, other: str) -> bool:
        """Are both readings common words of the text's language, by its lexicon (wordfreq;
        not the fallback of the text's own words)? Then a capital says the word opens a line
        or a sentence, not that it is a name: "Perd" / "Perds" at a verse's start are two
        forms of a verb, where a name respelled ("Quill" / "Quil") is rarely two words."""
        if not self.lexicon.has_language_words:
            return False
        words = compared_words(one) + compared_words(other)
        return bool(words) and all(self.lexicon.is_word(word) for word in words)

    def _transliterated(self, place: Place, left: str, right: str, found: Verdict) -> Verdict:
        """A name written in another transliteration ("Chichirin" / "Tchitcherin"): the same
        number of words, each pair that differs one name under
        :func:`variorum.text.spelling.same_name`, both readings capitalized and standing
        where a proper name does (or, at a sentence's start, words of neither witness's
        language)."""
        one, other = place.readings[left], place.readings[right]
        if not (_capitalized(one) and _capitalized(other)):
            return found
        words_one, words_other = WORD.findall(one.text), WORD.findall(other.text)
        if not words_one or len(words_one) != len(words_other) or len(words_one) > 4:
            return found
        if WORD.sub("#", one.text).split() != WORD.sub("#", other.text).split():
            return found  # other punctuation too
        differing = [(a, b) for a, b in zip(words_one, words_other, strict=True) if a != b]
        from ..text.spelling import same_name

        if not differing or not all(a[:1].isupper() and b[:1].isupper() and same_name(a, b)
                                    for a, b in differing):
            return found
        # Where a name stands, or (at a sentence's start) words of no language's lexicon.
        unknown = all(not self.lexicon.is_word(a.casefold())
                      and not self.lexicon.is_word(b.casefold()) for a, b in differing)
        if not unknown and not (_stands_as_name(self.indexes[left].witness, one)
                                and _stands_as_name(self.indexes[right].witness, other)):
            return found
        if self._common_words(one.text, other.text):
            return found
        pairs = ", ".join(f"{a} / {b}" for a, b in differing)
        return Verdict("name", f"a proper name in another transliteration ({pairs})",
                       (*found.tags, "proper-name"))

    def words_per_sentence_end(self, witness_id: str) -> float:
        """How much the witness marks its sentences (see :mod:`variorum.text.names`)."""
        found = self._scarce.get(witness_id)
        if found is None:
            from ..text.names import words_per_sentence_end

            witness = self.indexes[witness_id].witness
            found = self._scarce[witness_id] = words_per_sentence_end(
                witness.text[witness.start : witness.end])
        return found

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """The words of the collation's language, made when a respelling is first judged."""
        from ..text.lexicon import Lexicon, detect_language

        texts = [index.witness.text[index.witness.start : index.witness.end]
                 for index in self.indexes.values()]
        return Lexicon(detect_language(texts), agreed=self._agreed_words,
                       respelled_throughout=self._respelled_throughout)

    def _agreed_words(self) -> Collection[str]:
        """The case-folded words of the first witness outside every place: what all the
        witnesses agree on."""
        if not self.indexes:
            return frozenset()
        from ..text.lexicon import words_outside

        first = next(iter(self.indexes))
        witness = self.indexes[first].witness
        return words_outside(witness.text, witness.start, witness.end,
                             ((p.readings[first].start, p.readings[first].end)
                              for p in self.places if first in p.readings))

    def _respelled_throughout(self, a: str, b: str) -> bool:
        """Does some witness write ``b`` at every place where another writes ``a`` (and at
        two places at least), as an edition that modernizes a spelling does?"""
        for left, count in self._opposites().get((a, b), {}).items():
            if count >= 2 and count >= self._occurrences(left, a):
                return True
        return False

    def _opposites(self) -> dict[tuple[str, str], dict[str, int]]:
        """For each pair of different case-folded words standing opposite each other at a
        place (in readings of as many words), how often each witness reads the first there.
        One comparison per pair of agreeing groups, counted for every witness of the first."""
        if self._opposite is None:
            # One pass over every place of the collation, on the first respelling judged: the
            # loop is written for speed (plain dicts, lengths compared before any word).
            opposite: dict[tuple[str, str], dict[str, int]] = {}
            for place in self.places:
                groups = place.groups
                if len(groups) < 2:
                    continue
                readings = place.readings
                words = [compared_words(readings[group[0]].text) for group in groups]
                # Each pair of groups once (i < j), counted both ways round.
                for i, left in enumerate(words):
                    for j in range(i + 1, len(words)):
                        right = words[j]
                        if len(left) != len(right):
                            continue
                        for x, y in zip(left, right, strict=True):
                            if x == y:
                                continue
                            for pair, group in (((x, y), groups[i]), ((y, x), groups[j])):
                                by_witness = opposite.get(pair)
                                if by_witness is None:
                                    by_witness = opposite[pair] = {}
                                for witness in group:
                                    by_witness[witness] = by_witness.get(witness, 0) + 1
            self._opposite = opposite
        return self._opposite

    def _occurrences(self, witness_id: str, word: str) -> int:
        """How often the witness has the case-folded word as a token."""
        table = self.tokens.get(witness_id)
        if table is None:
            witness = self.indexes[witness_id].witness
            return compared_words(witness.text[witness.start : witness.end]).count(word)
        if self._fold_ids is None:  # one vocabulary for all the witnesses
            # Each surface's case folding numbered, in C-speed passes (map, dict.fromkeys):
            # a book has tens of thousands of distinct surfaces.
            folded = list(map(str.casefold, table.vocabulary.surfaces))
            self._fold_ids = {fold: number for number, fold in
                              enumerate(dict.fromkeys(folded))}
            self._surface_folds = np.fromiter(map(self._fold_ids.__getitem__, folded),
                                              dtype=np.int64, count=len(folded))
        fold = self._fold_ids.get(word)
        if fold is None:
            return 0
        counts = self._counts.get(witness_id)
        if counts is None:
            assert self._surface_folds is not None
            counts = self._counts[witness_id] = np.bincount(
                self._surface_folds[table.surface_ids], minlength=len(self._fold_ids))
        return int(counts[fold])

    def _verdict(self, place: Place, left: str, right: str, name: bool = False,
                 words: Lexicon | None = None) -> Verdict:
        return self.compare_readings(left, place.readings[left], right, place.readings[right],
                                     name, words)

    def compare_readings(self, left: str, left_reading: Reading, right: str,
                         right_reading: Reading, name: bool = False,
                         words: Lexicon | None = None) -> Verdict:
        """Classify two witnesses' readings (not cached: for readings outside a place)."""
        left_index, right_index = self.indexes[left], self.indexes[right]
        if left_index.clean and right_index.clean:
            # Nothing repaired or damaged on either side: the readings as found are compared.
            return classify_pair(left_reading.text, right_reading.text, name, words)
        return _compare(left_index.reading(left_reading), right_index.reading(right_reading),
                        name, words)


def classify_place(at: int, place: Place, base: str, comparer: Comparer) -> Verdict:
    """The weightiest difference between the base's reading and each other group's."""
    return _weightiest([comparer.compare(at, place, base, group[0])
                        for group in place.groups if base not in group])


def _weightiest(verdicts: list[Verdict]) -> Verdict:
    """The weightiest of the base's verdicts against the other groups, with all their tags."""
    if len(verdicts) == 1:
        return verdicts[0]  # two witnesses, or all others agreeing: the common case
    verdict = most_substantive(verdicts)
    tags = dict.fromkeys(tag for v in verdicts for tag in v.tags)
    return Verdict(verdict.class_, verdict.reason, tuple(tags))


_REVERSED = {"addition": "omission", "omission": "addition"}


def pair_classes(places: list[Place], ids: Sequence[str],
                  comparer: Comparer) -> tuple[tuple[str, str, Mapping[str, int]], ...]:
    """For every pair of witnesses, how many places of each class set them apart.

    At each place one comparison is made per pair of agreeing groups (between their first
    members), not per pair of witnesses; the group holding the earlier witness plays the base.
    """
    if len(ids) == 2:
        # One pair of witnesses: one comparison per place and no groups to order (the
        # general loop below costs a few percent of a two-witness collation more).
        first, second = ids
        by_class: dict[str, int] = {}
        for at, place in enumerate(places):
            class_ = comparer.compare(at, place, first, second).class_
            by_class[class_] = by_class.get(class_, 0) + 1
        return ((first, second, _by_count(by_class)),)
    order = {witness_id: index for index, witness_id in enumerate(ids)}
    counts: dict[tuple[str, str], dict[str, int]] = {
        (a, b): {} for index, a in enumerate(ids) for b in ids[index + 1 :]}
    for at, place in enumerate(places):
        groups = sorted(place.groups, key=lambda g: min(map(order.__getitem__, g)))
        for i, left in enumerate(groups):
            for right in groups[i + 1 :]:
                class_ = comparer.compare(at, place, left[0], right[0]).class_
                reverse = _REVERSED.get(class_, class_)
                for a in left:
                    for b in right:
                        # Seen from the later witness, an addition is an omission.
                        pair, seen = ((a, b), class_) if order[a] < order[b] else ((b, a),
                                                                                    reverse)
                        by_class = counts[pair]
                        by_class[seen] = by_class.get(seen, 0) + 1
    return tuple((a, b, _by_count(c)) for (a, b), c in counts.items())


def _by_count(counts: dict[str, int]) -> Mapping[str, int]:
    """Class counts, commonest first (then by name), read-only."""
    return MappingProxyType(dict(sorted(counts.items(), key=lambda i: (-i[1], i[0]))))


def variants_of(places: list[Place], table: AlignmentTable, base: str,
              comparer: Comparer) -> tuple[Variant, ...]:
    # Each side of a move sits in one place; find it so the two places can name each other.
    place_of_side = {side: index + 1 for index, place in enumerate(places)
                     for side in place.move_sides}
    variants: list[Variant] = []
    compare = comparer.compare
    for index, place in enumerate(places):
        groups = place.groups
        # The base against each other group (by its index): the variant's class, each
        # witness's class and the relations of the base's group are read from these, each
        # comparison asked once here (speed only: the comparer keeps them all anyway).
        against = {j: compare(index, place, base, group[0])
                   for j, group in enumerate(groups) if base not in group}
        verdict = _weightiest(list(against.values()))
        class_, reason, tags = verdict.class_, verdict.reason, list(verdict.tags)
        move_tags: set[tuple[int, str]] = set()
        classes = {witness: against[j].class_ for j in against for witness in groups[j]}
        for move, side in place.move_sides:
            other = place_of_side.get((move, "to" if side == "from" else "from"))
            if other is None:
                continue
            class_ = "transposition"
            witness = table.moves[move].witness
            classes[witness] = class_
            reason = f"the same text stands elsewhere in {', '.join(place.moved_by)}"
            move_tags.add((other, "moved-to" if side == "from" else "moved-from"))
        # By the linked place, not by move: the moves' numbering follows the witnesses' order.
        tags += [f"{kind}:{other}" for other, kind in sorted(move_tags)]
        variants.append(_variant(
            id=index + 1, class_=class_, tags=tuple(dict.fromkeys(tags)), reason=reason,
            readings=MappingProxyType(dict(place.readings)), groups=place.groups,
            columns=place.columns, classes=MappingProxyType(classes),
            relations=relations_of(index, place, comparer, against, base),
        ))
    return tuple(variants)


def _variant(*, id: int, class_: str, tags: tuple[str, ...], reason: str,
             readings: Mapping[str, Reading], groups: tuple[tuple[str, ...], ...],
             columns: tuple[int, int], classes: Mapping[str, str],
             relations: tuple[Relation, ...]) -> Variant:
    """``Variant(...)`` of every field (``change`` 0), made field dict at once: a frozen
    dataclass's constructor sets each field through ``object.__setattr__``, three times
    slower, and one variant is made per place (speed only; as ``changes._with_change``)."""
    variant: Variant = object.__new__(Variant)
    variant.__dict__.update(id=id, class_=class_, tags=tags, reason=reason, readings=readings,
                            groups=groups, columns=columns, classes=classes,
                            relations=relations, change=0)
    return variant


def relations_of(at: int, place: Place, comparer: Comparer,
                 against: Mapping[int, Verdict] | None = None,
                 base: str | None = None) -> tuple[Relation, ...]:
    """Every pair of the place's groups, classed, the earlier group (base's first, then the
    larger) as base: the groups' order, like the variant, does not depend on the order in
    which the other witnesses were given. ``against`` may give the verdicts of ``base``
    against groups (by index), already asked of the comparer."""
    groups = place.groups
    relations: list[Relation] = []
    for i in range(len(groups)):
        known = against if against is not None and groups[i][0] == base else None
        for j in range(i + 1, len(groups)):
            verdict = known.get(j) if known is not None else None
            if verdict is None:
                verdict = comparer.compare(at, place, groups[i][0], groups[j][0])
            relations.append(Relation((i, j), verdict.class_, verdict.reason))
    return tuple(relations)
