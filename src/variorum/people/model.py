"""The records of a register of persons: mentions, roles, fates, changes, people."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Witness

__all__ = ["FATES", "PERSON_CHANGES", "Citation", "Fate", "Person", "PersonChange",
           "Register"]

FATES: tuple[str, ...] = ("executed", "died", "suicide", "imprisoned", "disappeared",
                          "exiled", "survived", "rehabilitated", "unknown")
PERSON_CHANGES: tuple[str, ...] = ("erased", "respelled", "fate-changed", "role-changed")


@dataclass(frozen=True, slots=True)
class Citation:
    """Words of one witness: ``text == witness.text[start:end]`` (the text as found)."""

    witness: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Fate:
    """What the text says became of a person (``fate`` one of :data:`FATES`), citing its words.

    Tags: ``hedged`` (the text hedges: "probably", "if they are still living"), ``carried``
    (the fate is said of another person or clause and carried to this one: "the same fate
    as", "Also X").
    """

    witness: str
    fate: str
    text: str
    start: int
    end: int
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PersonChange:
    """How a person differs between two witnesses; ``citations`` give the words of each."""

    kind: str
    from_: str
    to: str
    detail: str
    citations: tuple[Citation, ...] = ()


@dataclass
class Person:
    """One person of the register, across every witness."""

    id: int
    name: str
    forms: list[str] = field(default_factory=list)
    mentions: list[Citation] = field(default_factory=list)
    roles: list[Citation] = field(default_factory=list)
    fates: list[Fate] = field(default_factory=list)
    absent_from: list[str] = field(default_factory=list)
    changes: list[PersonChange] = field(default_factory=list)

    def in_witness(self, witness: str) -> bool:
        return any(m.witness == witness for m in self.mentions)


@dataclass(frozen=True)
class Register:
    """The register of persons named in one or more witnesses (editions), in first-mention
    order of the first witness naming each; ``places`` and ``organisations`` are the other
    names found, kept out of the people."""

    witnesses: tuple[Witness, ...]
    people: tuple[Person, ...]
    places: tuple[Citation, ...] = ()
    organisations: tuple[Citation, ...] = ()
    language: str | None = None
