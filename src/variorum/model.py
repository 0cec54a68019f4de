"""The immutable records variorum hands out: witnesses, readings, variants, collations."""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .errors import CollationError, UnknownWitnessError

if TYPE_CHECKING:
    from .collation.align import AlignmentTable
    from .text.tokens import TokenTable

__all__ = [
    "ACCIDENTAL_CLASSES",
    "SUBSTANTIVE_CLASSES",
    "Change",
    "Collation",
    "Damage",
    "Erasure",
    "NameChange",
    "Reading",
    "Repair",
    "Settings",
    "SourceMap",
    "Span",
    "Variant",
    "Witness",
    "apply_repairs",
]

ACCIDENTAL_CLASSES: tuple[str, ...] = (
    "encoding", "unicode", "typography", "punctuation", "case", "hyphenation", "spelling", "name",
)
SUBSTANTIVE_CLASSES: tuple[str, ...] = (
    "number", "substitution", "addition", "omission", "transposition",
)


@dataclass(frozen=True, slots=True)
class Span:
    """Part of a source's text as found: ``text[start:end]``."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Repair:
    """Encoding damage undone for matching; offsets into the text as found."""

    start: int
    end: int
    found: str
    repaired: str
    suspect: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Damage:
    """Encoding damage that could not be undone (``byte_offset``: where in the file, for a
    byte that could not be decoded at all)."""

    start: int
    end: int
    found: str
    reason: str
    byte_offset: int | None = None


@dataclass(frozen=True, eq=False)
class SourceMap:
    """Where the text as found of a markup source (TEI, XML) comes from: the text from
    ``offsets[i]`` up to ``offsets[i + 1]`` was read from the element whose start tag opens
    at line ``lines[i]``, column ``columns[i]`` (both from 1, columns in characters) of the
    decoded source, or from the text that follows that element's end. ``offsets`` ascend.
    """

    offsets: array[int]
    lines: array[int]
    columns: array[int]

    def at(self, offset: int) -> tuple[int, int] | None:
        """(line, column) of the element the text at ``offset`` comes from (None before
        the first text read)."""
        index = bisect_right(self.offsets, offset) - 1
        if index < 0:
            return None
        return self.lines[index], self.columns[index]

    def __len__(self) -> int:
        return len(self.offsets)


@dataclass(frozen=True)
class Witness:
    """One edition taking part in a collation.

    ``text`` is the whole text as found in the source; ``span`` (if any) is the part of it
    that this witness is. ``pretokens`` holds user-given tokens (CollateX input) as pairs of
    raw text (with trailing white space) and optional match key; ``token_properties`` the
    other fields each such token came with, passed through to the reports. ``reader`` names
    the reader that extracted the text (``html-main``, ``tei-orig``, ...; None: the format's
    own); ``source_map`` (markup sources) leads offsets back to source elements.
    """

    id: str
    text: str
    source: str | None = None
    sha256: str | None = None
    format: str = "text"
    encoding: str | None = None
    encoding_reason: str | None = None
    span: Span | None = None
    repairs: tuple[Repair, ...] = ()
    damage: tuple[Damage, ...] = ()
    pretokens: tuple[tuple[str, str | None], ...] | None = field(default=None, repr=False)
    token_properties: tuple[Mapping[str, Any], ...] | None = field(default=None, repr=False)
    reader: str | None = None
    source_map: SourceMap | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise CollationError("a witness needs a non-empty id")
        if self.span is not None and not 0 <= self.span.start <= self.span.end <= len(self.text):
            raise CollationError(f"witness {self.id}: span {self.span} is outside its text")

    @classmethod
    def from_text(cls, id: str, text: str, *, source: str | None = None) -> Witness:
        """A witness from a string (its sha256 is that of the UTF-8 encoding)."""
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(id=id, text=text, source=source, sha256=digest, encoding="utf-8")

    @classmethod
    def from_tokens(cls, id: str, tokens: Iterable[tuple[str, str | None]], *,
                    source: str | None = None,
                    properties: Iterable[Mapping[str, Any]] | None = None) -> Witness:
        """A witness whose tokens are given: raw text and a match key (None: the text under
        the normalization layers).

        As CollateX joins them, white space stands between tokens where their text has it;
        a token without trailing white space is followed by one space in the text, for
        display (``A``, ``black``, ``cat`` reads "A black cat").
        """
        given = tuple((raw, key) for raw, key in tokens)
        text = "".join(raw + display_gap(raw, at == len(given) - 1)
                       for at, (raw, _) in enumerate(given))
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return cls(id=id, text=text, source=source, sha256=digest, encoding="utf-8",
                   format="tokens", pretokens=given,
                   token_properties=tuple(MappingProxyType(dict(p)) for p in properties)
                   if properties is not None else None)

    @property
    def start(self) -> int:
        return self.span.start if self.span else 0

    @property
    def end(self) -> int:
        return self.span.end if self.span else len(self.text)

    @property
    def content(self) -> str:
        """The witness's own text: its span of the text as found."""
        return self.text[self.start : self.end]


def display_gap(raw: str, last: bool) -> str:
    """What stands after a given token in its witness's text: nothing when the token's text
    ends in white space (or it is the last), else one space, as CollateX shows tokens."""
    return "" if last or raw[-1:].isspace() else " "


@dataclass(frozen=True, slots=True)
class Reading:
    """What one witness reads at a variant; ``text == witness.text[start:end]``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Relation:
    """How two groups of agreeing witnesses at a variant differ: ``groups`` are indexes
    ``(i, j)``, ``i < j``, into the variant's ``groups``, group ``i`` playing the base, with
    the class and reason of that difference alone."""

    groups: tuple[int, int]
    class_: str
    reason: str


@dataclass(frozen=True)
class Variant:
    """A place where the witnesses' texts as found differ other than in white space."""

    id: int
    class_: str
    tags: tuple[str, ...]
    reason: str
    readings: Mapping[str, Reading]
    groups: tuple[tuple[str, ...], ...]
    columns: tuple[int, int]  # first and one-past-last column of the alignment table
    # For each witness whose reading differs from the base's: the class of that difference
    # alone (the variant's class is the weightiest of them).
    classes: Mapping[str, str] = field(default_factory=dict)
    # Every pair of groups, classed: what a writer needs to gather readings that differ
    # only accidentally from one another, without classifying anything itself.
    relations: tuple[Relation, ...] = ()
    # The id of the revision act (:class:`Change`) this place belongs to.
    change: int = 0

    @property
    def substantive(self) -> bool:
        return self.class_ in SUBSTANTIVE_CLASSES


@dataclass(frozen=True)
class Change:
    """One act of revision: the variants (places) it is made of, and the class of the whole.

    Places an editor's apparatus keeps apart (cut at the words that truly correspond) are one
    change when only one or two weak agreeing words within one sentence separate them; the
    ``readings`` then run from the first place's reading to the last's in each witness.
    """

    id: int
    class_: str
    reason: str
    variants: tuple[int, ...]
    readings: Mapping[str, Reading]

    @property
    def substantive(self) -> bool:
        return self.class_ in SUBSTANTIVE_CLASSES


def apply_repairs(text: str, repairs: Iterable[Repair], start: int = 0,
                  end: int | None = None) -> str:
    """``text[start:end]`` with the repairs (sorted by offset) that fall inside it applied.

    >>> apply_repairs("it wonâ€™t", [Repair(6, 9, "â€™", "’", False, "")])
    'it won’t'
    """
    end = len(text) if end is None else end
    pieces: list[str] = []
    position = start
    for repair in repairs:
        if repair.start < start or repair.end > end:
            continue
        pieces.append(text[position : repair.start])
        pieces.append(repair.repaired)
        position = repair.end
    pieces.append(text[position:end])
    return "".join(pieces)


def frozen_mapping(items: Mapping[str, Reading]) -> Mapping[str, Reading]:
    return MappingProxyType(dict(items))


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Erasure:
    """A name, number or sentence (``kind``) some witnesses have and others lack.

    ``readings`` say where it stands in each witness having it; ``relation`` is ``omission``
    when the base has it, ``addition`` when a later edition brought it in (None for numbers,
    which are read at the base's variants). A name also lists its ``forms`` and every
    ``occurrence``; a number says what each other witness reads instead (``changed_to``) and
    at which ``variant``.
    """

    kind: str
    text: str
    present_in: tuple[str, ...]
    absent_from: tuple[str, ...]
    readings: Mapping[str, Reading]
    relation: str | None = None
    forms: tuple[str, ...] = ()
    occurrences: Mapping[str, tuple[Reading, ...]] = field(default_factory=_empty)
    changed_to: Mapping[str, str] = field(default_factory=_empty)
    variant: int | None = None


@dataclass(frozen=True)
class NameChange:
    """A name written differently by different witnesses: respelled (``kind``
    ``name-spelling``) or in lower case by some (``name-case``); ``texts`` is how each
    witness having it writes it, ``readings`` where (its first occurrence)."""

    kind: str
    texts: Mapping[str, str]
    readings: Mapping[str, Reading] = field(default_factory=_empty)


@dataclass(frozen=True)
class Settings:
    """How a collation was made (recorded in its output)."""

    normalize: tuple[str, ...]
    min_transposition: int


@dataclass(frozen=True, eq=False)
class Collation:
    """The result of :func:`variorum.collate`: witnesses, alignment table, variants."""

    witnesses: tuple[Witness, ...]
    base: str
    settings: Settings
    table: AlignmentTable
    tokens: Mapping[str, TokenTable]
    variants: tuple[Variant, ...]
    erasures: tuple[Erasure, ...] = ()
    # The acts of revision the variants make (every variant's ``change`` is one of them).
    changes: tuple[Change, ...] = ()
    name_changes: tuple[NameChange, ...] = ()
    # For each pair of witnesses (in the order given), the classes of the places where they
    # differ from each other.
    pair_classes: tuple[tuple[str, str, Mapping[str, int]], ...] = ()

    def witness(self, witness_id: str) -> Witness:
        """The witness with that id (an :class:`UnknownWitnessError`, also a ``KeyError``,
        if none has it)."""
        for witness in self.witnesses:
            if witness.id == witness_id:
                return witness
        ids = ", ".join(witness.id for witness in self.witnesses)
        raise UnknownWitnessError(f"no witness has the id {witness_id!r}",
                                  hint=f"the witnesses are {ids}")

    def by_class(self) -> dict[str, int]:
        """Number of variants of each class, most frequent first."""
        counts: dict[str, int] = {}
        for variant in self.variants:
            counts[variant.class_] = counts.get(variant.class_, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
