"""The public entry point: :func:`collate` a set of witnesses."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from ..errors import CollationError
from ..model import Collation, Reading, Relation, Settings, Variant, Witness
from ..text.normalize import DEFAULT_LAYERS, Normalizer
from ..text.tokens import TokenTable, Vocabulary, tokenize_pretokens
from .align.multi import AlignmentTable, PairSettings, align_witnesses
from .align.weak import weak_keys
from .classify import Verdict, classify_pair, most_substantive
from .places import Place, find_places
from .repaired import RepairedReading, RepairIndex, tokenize_repaired

__all__ = ["collate"]


def _check(witnesses: Sequence[Witness], base: str | None, min_transposition: int) -> str:
    if len(witnesses) < 2:
        raise CollationError(
            f"collation needs at least two witnesses, got {len(witnesses)}",
            hint="give two or more sources",
        )
    seen: dict[str, Witness] = {}
    for witness in witnesses:
        first = seen.get(witness.id)
        if first is not None:
            where = f" ({first.source} and {witness.source})" \
                if first.source and witness.source else ""
            raise CollationError(
                f"two witnesses have the id {witness.id!r}{where}",
                hint="name them with LABEL=PATH, e.g. A=first.txt B=second.txt",
            )
        seen[witness.id] = witness
    if min_transposition < 0:
        raise CollationError("min_transposition cannot be negative")
    if base is None:
        return witnesses[0].id
    if base not in seen:
        raise CollationError(
            f"--base {base!r} is not a witness id",
            hint=f"choose one of {', '.join(w.id for w in witnesses)}",
        )
    return base


def _tokens(witness: Witness, vocab: Vocabulary) -> TokenTable:
    if witness.pretokens is not None:
        return tokenize_pretokens(witness.text, witness.pretokens, vocab)
    return tokenize_repaired(witness, vocab)


ENCODING = Verdict("encoding", "equal once encoding damage is repaired")


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


class _Comparer:
    """Compares two witnesses' readings at a place, each comparison made once: the variant's
    class and the per-pair counts ask for many of the same ones."""

    def __init__(self, witnesses: Mapping[str, Witness]) -> None:
        self.indexes = {witness_id: RepairIndex(w) for witness_id, w in witnesses.items()}
        self.done: dict[tuple[int, str, str], Verdict] = {}

    def compare(self, at: int, place: Place, left: str, right: str) -> Verdict:
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


def _classify(at: int, place: Place, base: str, comparer: _Comparer) -> Verdict:
    """The weightiest difference between the base's reading and each other group's."""
    verdicts = [comparer.compare(at, place, base, group[0])
                for group in place.groups if base not in group]
    if len(verdicts) == 1:
        return verdicts[0]  # two witnesses, or all others agreeing: the common case
    verdict = most_substantive(verdicts)
    tags = dict.fromkeys(tag for v in verdicts for tag in v.tags)
    return Verdict(verdict.class_, verdict.reason, tuple(tags))


_REVERSED = {"addition": "omission", "omission": "addition"}


def _pair_classes(places: list[Place], ids: Sequence[str],
                  comparer: _Comparer) -> tuple[tuple[str, str, Mapping[str, int]], ...]:
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


def _variants(places: list[Place], table: AlignmentTable, base: str,
              comparer: _Comparer) -> tuple[Variant, ...]:
    # Each side of a move sits in one place; find it so the two places can name each other.
    place_of_side = {side: index + 1 for index, place in enumerate(places)
                     for side in place.move_sides}
    variants: list[Variant] = []
    for index, place in enumerate(places):
        verdict = _classify(index, place, base, comparer)
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
            reason = f"the same text stands elsewhere in {witness}"
            tags.append(f"moved-to:{other}" if side == "from" else f"moved-from:{other}")
        variants.append(Variant(
            id=index + 1, class_=class_, tags=tuple(dict.fromkeys(tags)), reason=reason,
            readings=MappingProxyType(dict(place.readings)), groups=place.groups,
            columns=place.columns, classes=MappingProxyType(classes),
            relations=_relations(index, place, comparer),
        ))
    return tuple(variants)


def _relations(at: int, place: Place, comparer: _Comparer) -> tuple[Relation, ...]:
    """Every pair of the place's groups, classed, the earlier group (base's first, then the
    larger) as base: the groups' order, like the variant, does not depend on the order in
    which the other witnesses were given."""
    groups = place.groups
    return tuple(
        Relation((i, j), verdict.class_, verdict.reason)
        for i in range(len(groups)) for j in range(i + 1, len(groups))
        for verdict in (comparer.compare(at, place, groups[i][0], groups[j][0]),))


def collate(witnesses: Iterable[Witness], *, base: str | None = None,
            normalize: Iterable[str] | str = DEFAULT_LAYERS,
            min_transposition: int = 3,
            progress: Callable[[str], None] | None = None,
            erasures: bool = False) -> Collation:
    """Align two or more witnesses word by word and list where they differ.

    ``base`` is the reference witness (default: the first); ``normalize`` the matching layers
    (see :mod:`variorum.text.normalize`); ``min_transposition`` the least number of tokens a moved
    block must have to be reported as a transposition (0 turns detection off);
    ``progress``, if given, is called with a short description of each stage as it starts;
    ``erasures`` adds the erasure report (names, numbers and sentences one edition has and
    another lacks, and names respelled), which costs about 1 s per 100,000-word witness.

    >>> from variorum import Witness, collate
    >>> result = collate([Witness.from_text("A", "The most bafoonish falsifications."),
    ...                   Witness.from_text("B", "The most bafoenish falsifications.")])
    >>> [(v.class_, v.readings["A"].text, v.readings["B"].text) for v in result.variants]
    [('spelling', 'bafoonish', 'bafoenish')]
    """
    witnesses = tuple(witnesses)
    base_id = _check(witnesses, base, min_transposition)
    say = progress or (lambda stage: None)
    normalizer = Normalizer(normalize)
    vocab = Vocabulary(normalizer)
    tables = []
    for witness in witnesses:
        say(f"tokenizing {witness.id}")
        tables.append(_tokens(witness, vocab))
    key_arrays = [table.key_ids for table in tables]
    punct = vocab.punct_of_keys()
    settings = PairSettings(
        keys=vocab.keys,
        weak=weak_keys(vocab.keys, punct, key_arrays),
        punct=punct,
        ignore_punctuation=normalizer.ignore_punctuation,
        min_transposition=min_transposition,
    )
    ids = [witness.id for witness in witnesses]
    glued = [table.glued() for table in tables]
    say(f"aligning {len(witnesses) - 1} witness(es) to {base_id}")
    table = align_witnesses(ids, key_arrays, glued, ids.index(base_id), settings)
    say("finding and classifying variants")
    places = find_places(table, tables, base_id, glued)
    comparer = _Comparer({witness.id: witness for witness in witnesses})
    result = Collation(
        witnesses=witnesses,
        base=base_id,
        settings=Settings(normalizer.layers, min_transposition),
        table=table,
        tokens=MappingProxyType(dict(zip(ids, tables, strict=True))),
        variants=_variants(places, table, base_id, comparer),
        pair_classes=_pair_classes(places, ids, comparer),
    )
    if not erasures:
        return result
    from .erasures import find_erasures, find_name_changes

    say("finding erasures")
    return dataclasses.replace(result, erasures=find_erasures(result),
                               name_changes=find_name_changes(result))
