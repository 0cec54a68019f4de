"""The register of persons: each witness read on its own, then one register across
editions, aligned through the collation.

Within a witness, mentions with the same name key are one person, and a surname standing
alone joins the one full name ending in it ("Radek" with "Karl Radek"; with two Smirnovs,
"Smirnov" alone stays apart). Across witnesses a person is the same when a form is the same
(name key), or when a mention stands at the same place of the collation (within
:data:`SAME_PLACE_COLUMNS` columns of the alignment table) as a mention whose form matches it
under transliteration (anyascii), a phonetic key (jellyfish's Metaphone) or a small edit
distance: Chichirin and Tchitcherin are one person, respelled.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..model import Collation, Witness
from ..text.function_words import FUNCTION_WORDS
from ..text.lexicon import detect_language
from ..text.names import name_key
from ..text.recognize import genus_keys, listed_places
from ..text.sentences import sentence_spans
from ..text.spelling import same_name
from ..text.words import WORD
from .fates import MentionFacts, read_fates
from .model import Citation, Fate, Person, PersonChange, Register
from .recognize import Candidate, Repaired, kind_of_name, names_and_evidence, sure_kind

__all__ = ["SAME_PLACE_COLUMNS", "build_register", "same_name"]

SAME_PLACE_COLUMNS = 12  # a respelled name stands within this many columns of its original


@dataclass
class _Local:
    """One person of one witness."""

    key: tuple[str, ...]
    name: str
    forms: list[str] = field(default_factory=list)
    mentions: list[Citation] = field(default_factory=list)
    roles: list[Citation] = field(default_factory=list)
    fates: list[Fate] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)  # found offsets of mentions


@dataclass
class _Read:
    people: list[_Local]
    places: list[Citation]
    organisations: list[Citation]


def _read_witness(witness: Witness, language: str | None) -> _Read:
    repaired = Repaired(witness)
    text = repaired.text

    def cite(start: int, end: int) -> Citation:
        f_start, f_end = repaired.span(start, end)
        return Citation(witness.id, witness.text[f_start:f_end], f_start, f_end)

    people: dict[tuple[str, ...], _Local] = {}
    places: list[Citation] = []
    organisations: list[Citation] = []
    candidates = []
    sentences = sentence_spans(text)
    found, evidence = names_and_evidence(text, language, sentences=sentences)
    for candidate in found:
        sure = sure_kind(candidate, language)
        if sure is None:
            candidates.append(candidate)
        elif sure == "place":
            places.append(cite(candidate.start, candidate.end))
        elif sure == "organisation":
            organisations.append(cite(candidate.start, candidate.end))
    spans = [(c.start, c.end) for c in candidates]
    facts = read_fates(text, spans, sentences)
    genera = genus_keys(text, candidates, language)
    listed = listed_places(text, found, language)
    for candidate, fact in zip(candidates, facts, strict=True):
        kind = kind_of_name(candidate, language, evidence=bool(fact.fates or fact.roles),
                            text_evidence=evidence, genera=genera, listed=listed,
                            unsure=True,
                            personal=bool(fact.fates) or any(
                                _personal_role(text, *role) for role in fact.roles))
        if kind == "place":
            places.append(cite(candidate.start, candidate.end))
            continue
        if kind == "organisation":
            organisations.append(cite(candidate.start, candidate.end))
            continue
        if kind != "person":
            continue
        _add(people, candidate, fact, cite, witness.id)
    return _Read(_merge_surnames(list(people.values())), places, organisations)


PERSONAL_OPENERS = frozenset(("who", "whom", "whose"))


def _personal_role(text: str, start: int, end: int) -> bool:
    """Whether a role reads as a person's: a relative clause on *who* ("who led the
    mutiny"), or an appositive opening on a bare noun ("envoy at the talks", "negotiator at
    Brest-Litovsk"). A clause opening on another function word or on a capital ("as Mr.
    Youatt remarks", "India") is said of anything, a place as well."""
    match = WORD.search(text, start, end)
    if match is None:
        return False
    first = match.group()
    folded = first.casefold()
    return folded in PERSONAL_OPENERS or (first[0].islower() and folded not in FUNCTION_WORDS)


def _add(people: dict[tuple[str, ...], _Local], candidate: Candidate, fact: MentionFacts,
         cite: object, witness_id: str) -> None:
    assert callable(cite)
    key = name_key(candidate.text)
    local = people.get(key)
    if local is None:
        local = people[key] = _Local(key, candidate.text)
    if candidate.text not in local.forms:
        local.forms.append(candidate.text)
    mention = cite(candidate.start, candidate.end)
    local.mentions.append(mention)
    local.starts.append(mention.start)
    for start, end in fact.roles:
        role = cite(start, end)
        if role not in local.roles:
            local.roles.append(role)
    for found in fact.fates:
        words = cite(found.start, found.end)
        fate = Fate(witness_id, found.fate, words.text, words.start, words.end, found.tags)
        if fate not in local.fates:
            local.fates.append(fate)


def _merge_surnames(people: list[_Local]) -> list[_Local]:
    full: dict[str, list[_Local]] = {}
    for person in people:
        if len(person.key) > 1:
            full.setdefault(person.key[-1], []).append(person)
    kept: list[_Local] = []
    for person in people:
        owners = full.get(person.key[0], []) if len(person.key) == 1 else []
        if len(owners) == 1:
            owner = owners[0]
            owner.forms += [f for f in person.forms if f not in owner.forms]
            owner.mentions += person.mentions
            owner.starts += person.starts
            owner.roles += [r for r in person.roles if r not in owner.roles]
            owner.fates += [f for f in person.fates if f not in owner.fates]
        else:
            kept.append(person)
    for person in kept:
        order = sorted(range(len(person.mentions)), key=lambda i: person.mentions[i].start)
        person.mentions = [person.mentions[i] for i in order]
        person.starts = [person.starts[i] for i in order]
    return sorted(kept, key=lambda p: p.starts[0])


class _Columns:
    """The column of the alignment table each found offset of each witness stands in."""

    def __init__(self, witnesses: Sequence[Witness], collation: Collation | None = None) -> None:
        if collation is None:
            from ..collation.pipeline import collate

            collation = collate(list(witnesses))
        self._starts: dict[str, np.ndarray] = {}
        self._column: dict[str, np.ndarray] = {}
        for witness in witnesses:
            tokens = collation.tokens[witness.id]
            row = collation.table.row(witness.id)
            column = np.empty(len(tokens), dtype=np.int64)
            present = np.flatnonzero(row >= 0)
            column[row[present]] = present
            self._starts[witness.id] = tokens.starts
            self._column[witness.id] = column

    def at(self, witness: str, offset: int) -> int:
        starts = self._starts[witness]
        if len(starts) == 0:
            return 0
        index = max(0, int(np.searchsorted(starts, offset, side="right")) - 1)
        return int(self._column[witness][index])


def _forms_match(a: _Local | Person, b: _Local) -> bool:
    forms_a = a.forms
    return any(same_name(x, y) or same_name(x.split()[-1], y.split()[-1])
               for x in forms_a for y in b.forms)


def build_register(witnesses: Iterable[Witness], *, language: str | None = None,
                   collation: Collation | None = None) -> Register:
    """The register of the persons named in ``witnesses`` (one or more editions, in order);
    ``collation``, their collation when already made (else they are collated)."""
    witnesses = tuple(witnesses)
    if language is None:
        language = detect_language(w.content for w in witnesses)
    reads = [_read_witness(w, language) for w in witnesses]
    columns = _Columns(witnesses, collation) if len(witnesses) > 1 else None
    people: list[Person] = []
    by_key: dict[tuple[str, ...], Person] = {}
    placed: list[tuple[str, int, Person]] = []  # (witness, column, person) of each mention
    for witness, read in zip(witnesses, reads, strict=True):
        claimed: set[int] = set()
        placed.sort(key=lambda item: item[1])
        index = ([c for _, c, _ in placed], placed)
        for local in read.people:
            person = _match(local, witness.id, by_key, index, columns, claimed)
            if person is None:
                person = Person(len(people) + 1, local.name)
                people.append(person)
            claimed.add(person.id)
            _absorb(person, local)
            for key in {name_key(f) for f in local.forms}:
                by_key.setdefault(key, person)
            if columns is not None:
                placed += [(witness.id, columns.at(witness.id, s), person) for s in local.starts]
    ids = [w.id for w in witnesses]
    for person in people:
        person.absent_from = [w for w in ids if not person.in_witness(w)]
        person.changes = _changes(person, ids)
    return Register(witnesses, tuple(people),
                    tuple(c for r in reads for c in r.places),
                    tuple(c for r in reads for c in r.organisations), language)


def _match(local: _Local, witness: str, by_key: dict[tuple[str, ...], Person],
           index: tuple[list[int], list[tuple[str, int, Person]]], columns: _Columns | None,
           claimed: set[int]) -> Person | None:
    for form in local.forms:
        person = by_key.get(name_key(form))
        if person is not None and person.id not in claimed:
            return person
    if columns is None:
        return None
    here = [columns.at(witness, s) for s in local.starts]
    sorted_columns, placed = index
    for column in here:
        lo = bisect.bisect_left(sorted_columns, column - SAME_PLACE_COLUMNS)
        hi = bisect.bisect_right(sorted_columns, column + SAME_PLACE_COLUMNS)
        for i in range(lo, hi):
            other_witness, _, person = placed[i]
            if (other_witness != witness and person.id not in claimed
                    and not person.in_witness(witness) and _forms_match(person, local)):
                return person
    return None


def _absorb(person: Person, local: _Local) -> None:
    person.forms += [f for f in local.forms if f not in person.forms]
    person.mentions += local.mentions
    person.roles += local.roles
    person.fates += local.fates
    if len(local.name) > len(person.name) and not person.mentions[: -len(local.mentions)]:
        person.name = local.name
    longest = max(person.forms, key=lambda f: (len(name_key(f)), len(f)))
    if len(name_key(longest)) > len(name_key(person.name)):
        person.name = longest


def _first(citations: Sequence[Citation | Fate], witness: str) -> Citation | Fate | None:
    return next((c for c in citations if c.witness == witness), None)


def _cited(item: Citation | Fate) -> Citation:
    return Citation(item.witness, item.text, item.start, item.end)


def _changes(person: Person, ids: list[str]) -> list[PersonChange]:
    changes: list[PersonChange] = []
    for before, after in itertools.pairwise(ids):
        had, has = person.in_witness(before), person.in_witness(after)
        if had and not has:
            mention = _first(person.mentions, before)
            assert mention is not None
            changes.append(PersonChange("erased", before, after,
                                        f"{person.name} is named in {before}, not in {after}",
                                        (_cited(mention),)))
            continue
        if not (had and has):
            continue
        forms_before = {m.text for m in person.mentions if m.witness == before}
        forms_after = {m.text for m in person.mentions if m.witness == after}
        keys_before = {name_key(f)[-1:] for f in forms_before}
        keys_after = {name_key(f)[-1:] for f in forms_after}
        if keys_before != keys_after and not keys_before & keys_after:
            a, b = _first(person.mentions, before), _first(person.mentions, after)
            assert a is not None and b is not None
            changes.append(PersonChange("respelled", before, after, f"{a.text} → {b.text}",
                                        (_cited(a), _cited(b))))
        fates_before = [f for f in person.fates if f.witness == before]
        fates_after = [f for f in person.fates if f.witness == after]
        if {f.fate for f in fates_before} != {f.fate for f in fates_after}:
            changes.append(PersonChange(
                "fate-changed", before, after,
                f"{_fate_words(fates_before)} → {_fate_words(fates_after)}",
                tuple(_cited(f) for f in (*fates_before[:1], *fates_after[:1]))))
        roles_before = [r for r in person.roles if r.witness == before]
        roles_after = [r for r in person.roles if r.witness == after]
        if {_plain(r.text) for r in roles_before} != {_plain(r.text) for r in roles_after}:
            changes.append(PersonChange(
                "role-changed", before, after,
                f"{_role_words(roles_before)} → {_role_words(roles_after)}",
                tuple(_cited(r) for r in (*roles_before[:1], *roles_after[:1]))))
    return changes


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def _fate_words(fates: list[Fate]) -> str:
    if not fates:
        return "no fate"
    return "; ".join(f"{f.fate} (“{f.text}” at {f.start}–{f.end})" for f in fates)


def _role_words(roles: list[Citation]) -> str:
    if not roles:
        return "no role"
    return "; ".join(f"“{r.text}” at {r.start}–{r.end}" for r in roles)
