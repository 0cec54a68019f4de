"""Classifying the places of a collation: every comparison of two witnesses' readings made
once (:class:`Comparer`), the class of each variant (:func:`classify_place`), the relations
between its groups, and the per-pair counts. The rules themselves are in :mod:`.classify`;
this module only decides which readings are compared and keeps the results.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from ..model import Reading, Relation, Variant, Witness
from .align.multi import AlignmentTable
from .classify import Verdict, classify_pair, most_substantive
from .places import Place
from .repaired import RepairedReading, RepairIndex

__all__ = ["NAME_CONTEXT", "Comparer", "classify_place", "pair_classes", "relations_of",
           "variants_of"]

ENCODING = Verdict("encoding", "equal once encoding damage is repaired")
MOVED = Verdict("transposition", "the same text stands elsewhere")


NAME_CONTEXT = 300  # characters before a sentence-initial word read for evidence of a name


def _stands_as_name(witness: Witness, reading: Reading) -> bool:
    """Is the reading (part of) a proper name, judged with the text before it?

    A capitalized word inside a sentence is taken as a name at once; at the start of a
    sentence, :func:`variorum.text.names.is_name` looks for evidence in the text before it.
    """
    if not reading.text.lstrip("([“‘\"'")[:1].isupper():
        return False
    before = witness.text[max(witness.start, reading.start - 40) : reading.start].rstrip()
    if before and before[-1] not in ".!?:\n":
        return True
    from ..text.names import is_name

    context = witness.text[max(witness.start, reading.start - NAME_CONTEXT) : reading.start]
    return is_name(reading.text, context)


def _compare(base: RepairedReading, other: RepairedReading, name: bool = False) -> Verdict:
    """Classify on the repaired readings; say so in the tags when damage took part."""
    verdict = ENCODING if base.text == other.text else classify_pair(base.text, other.text,
                                                                     name)
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

    def __init__(self, witnesses: Mapping[str, Witness]) -> None:
        self.indexes = {witness_id: RepairIndex(w) for witness_id, w in witnesses.items()}
        self.done: dict[tuple[int, str, str], Verdict] = {}

    def compare(self, at: int, place: Place, left: str, right: str) -> Verdict:
        if (left in place.moved_by) != (right in place.moved_by):
            return MOVED  # one of the two moved this text here: not an addition or omission
        key = (at, left, right)
        found = self.done.get(key)
        if found is None:
            found = self._verdict(place, left, right)
            # Only a respelled word can be a respelled name; the name test reads context,
            # so it is asked only then.
            if found.class_ == "spelling" and _stands_as_name(self.indexes[left].witness,
                                                              place.readings[left]):
                found = self._verdict(place, left, right, name=True)
            self.done[key] = found
        return found

    def _verdict(self, place: Place, left: str, right: str, name: bool = False) -> Verdict:
        left_index, right_index = self.indexes[left], self.indexes[right]
        if left_index.clean and right_index.clean:
            # Nothing repaired or damaged on either side: the readings as found are compared.
            return classify_pair(place.readings[left].text, place.readings[right].text, name)
        return _compare(left_index.reading(place.readings[left]),
                        right_index.reading(place.readings[right]), name)


def classify_place(at: int, place: Place, base: str, comparer: Comparer) -> Verdict:
    """The weightiest difference between the base's reading and each other group's."""
    verdicts = [comparer.compare(at, place, base, group[0])
                for group in place.groups if base not in group]
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
    for index, place in enumerate(places):
        verdict = classify_place(index, place, base, comparer)
        class_, reason, tags = verdict.class_, verdict.reason, list(verdict.tags)
        classes = {witness: comparer.compare(index, place, base, group[0]).class_
                   for group in place.groups if base not in group for witness in group}
        for move, side in place.move_sides:
            other = place_of_side.get((move, "to" if side == "from" else "from"))
            if other is None:
                continue
            class_ = "transposition"
            witness = table.moves[move].witness
            classes[witness] = class_
            reason = f"the same text stands elsewhere in {', '.join(place.moved_by)}"
            tags.append(f"moved-to:{other}" if side == "from" else f"moved-from:{other}")
        variants.append(Variant(
            id=index + 1, class_=class_, tags=tuple(dict.fromkeys(tags)), reason=reason,
            readings=MappingProxyType(dict(place.readings)), groups=place.groups,
            columns=place.columns, classes=MappingProxyType(classes),
            relations=relations_of(index, place, comparer),
        ))
    return tuple(variants)


def relations_of(at: int, place: Place, comparer: Comparer) -> tuple[Relation, ...]:
    """Every pair of the place's groups, classed, the earlier group (base's first, then the
    larger) as base: the groups' order, like the variant, does not depend on the order in
    which the other witnesses were given."""
    groups = place.groups
    return tuple(
        Relation((i, j), verdict.class_, verdict.reason)
        for i in range(len(groups)) for j in range(i + 1, len(groups))
        for verdict in (comparer.compare(at, place, groups[i][0], groups[j][0]),))
