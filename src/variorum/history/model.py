"""The history of a chain of editions: per edition, the provenance of its words and sentences."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Witness

if TYPE_CHECKING:
    from ..people.model import Register

__all__ = ["EditionHistory", "EditionSummary", "History", "Passage", "Range"]


@dataclass(frozen=True, slots=True)
class Range:
    """``[start, end)`` in the edition's text as found, whose units were introduced in the
    edition ``introduced_in`` and are first missing from ``removed_in`` (None: they live to
    the last edition). Over their whole life (not only after this edition) they were put
    back in the editions ``reintroduced_in`` and were missing from each of ``removals``."""

    start: int
    end: int
    introduced_in: str
    removed_in: str | None
    reintroduced_in: tuple[str, ...] = ()
    removals: tuple[str, ...] = ()


@dataclass(frozen=True)
class EditionSummary:
    """What an edition changed against the one before it, in words (word tokens, not marks)
    and sentences: ``added`` never seen before, ``removed`` stood in the edition before and
    not here, ``reintroduced`` stood in some earlier edition, not the one before, and here."""

    words: int
    words_added: int
    words_removed: int
    words_reintroduced: int
    sentences: int
    sentences_added: int
    sentences_removed: int
    sentences_reintroduced: int


@dataclass(frozen=True)
class EditionHistory:
    """One edition's provenance: ``tokens`` and ``sentences`` as ranges of equal provenance
    run together, ``sentence_list`` one range per sentence; ``revision`` what a revision
    export says of it (id, timestamp, user, comment)."""

    witness: Witness
    tokens: tuple[Range, ...]
    sentences: tuple[Range, ...]
    sentence_list: tuple[Range, ...]
    summary: EditionSummary
    revision: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Passage:
    """A sentence's life: where it last stands (``edition`` and offsets there), its text, the
    editions it stands in, and how often it was removed and put back: the editions it came back
    in (``reintroduced_in``) and every edition it went missing from (``removed_in_all``)."""

    edition: str
    start: int
    end: int
    text: str
    introduced_in: str
    removed_in: str | None
    editions: int
    removals: int
    reintroductions: int
    reintroduced_in: tuple[str, ...] = ()
    removed_in_all: tuple[str, ...] = ()


@dataclass(frozen=True)
class History:
    editions: tuple[EditionHistory, ...]
    fought_over: tuple[Passage, ...]
    longest_lived: tuple[Passage, ...]
    people: Register | None = None
