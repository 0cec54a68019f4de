"""What finding repeated passages is asked and what it hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..errors import VariorumError

__all__ = ["DocInfo", "FindResult", "FindSettings", "Group", "Passage", "PassagePair"]

Scope = Literal["all", "within", "across"]


@dataclass(frozen=True)
class FindSettings:
    """How passages are found. The defaults suit prose; see docs/find.md for the method.

    ``ngram`` words make one shingle; one shingle in ``sample`` (chosen by hash, so the same
    in every document) is indexed; a shingle seen more than ``max_repeats`` times links only
    neighbouring occurrences instead of every pair; anchors of one chain lie at most
    ``max_gap`` words apart and drift at most ``drift`` words off their diagonal; pieces at
    most ``merge_gap`` words apart in both copies are one passage (re-ordered paragraphs).
    """

    min_words: int = 40
    threshold: float = 0.5
    scope: Scope = "all"
    ngram: int = 5
    sample: int = 0  # 0: chosen from min_words (see effective_sample)
    max_repeats: int = 100
    max_gap: int = 60
    drift: int = 12
    merge_gap: int = 40
    partitions: int | None = None  # hash partitions of the shingle index (None: by size)
    # Source bytes read by one scan task: at 8 MB a batch's arrays stay small enough that the
    # scan ran about 15% faster than at 32 MB (1 GB corpus), while the index stays in few files.
    batch_bytes: int = 8 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.min_words < 1:
            raise VariorumError("--min-words must be at least 1")
        if not 0.0 <= self.threshold <= 1.0:
            raise VariorumError("--threshold must be between 0 and 1")
        if self.scope not in ("all", "within", "across"):
            raise VariorumError(f"unknown scope {self.scope!r}",
                                hint="choose all, within or across")
        if self.ngram < 1 or self.sample < 0 or self.max_repeats < 2:
            raise VariorumError("ngram must be at least 1, sample at least 0 and "
                                "max_repeats at least 2")

    @property
    def effective_sample(self) -> int:
        """One shingle in how many is indexed: given, or one in three for passages of 40
        words (a copy then still has about a dozen anchors), fewer for shorter ones."""
        if self.sample:
            return self.sample
        return max(1, min(4, self.min_words // 12))


@dataclass(frozen=True)
class DocInfo:
    """One document (a witness of a source) as the finder saw it."""

    doc: int  # the finder's id: scan batch in the high 32 bits, place in the batch below
    source: str
    part: int  # which witness of the source (a WARC holds several)
    witness_id: str
    words: int
    chars: int


@dataclass(frozen=True)
class Passage:
    """A passage of a document: ``text_as_found[start:end]``, ``words`` words long."""

    doc: int
    source: str
    witness_id: str
    start: int
    end: int
    words: int
    first_word: int
    excerpt: str = ""


@dataclass(frozen=True)
class PassagePair:
    """Two passages found to be versions of one another (indices into the group's list).

    ``spans`` are the code-point spans, ``((start, end), (start, end))``, of the two copies
    as aligned with each other in this pair: within the passages ``first`` and ``second``,
    and narrower than them where a passage is the hull of copies reused at different extents
    (a source quoted whole by one document and in part by another). :func:`find` always sets
    them; None only for a pair built without them.
    """

    first: int
    second: int
    similarity: float
    spans: tuple[tuple[int, int], tuple[int, int]] | None = None


@dataclass(frozen=True)
class Group:
    """Passages that are versions of one another, and the pairs that were measured."""

    id: int
    passages: tuple[Passage, ...]
    pairs: tuple[PassagePair, ...]

    @property
    def similarity(self) -> float:
        """The mean similarity of the measured pairs."""
        if not self.pairs:
            return 0.0
        return sum(pair.similarity for pair in self.pairs) / len(self.pairs)


@dataclass(frozen=True)
class FindResult:
    """Groups found, the documents read, and the sources that could not be read."""

    groups: tuple[Group, ...]
    documents: int  # documents read (a WARC source gives several)
    sources: int  # sources read
    skipped: tuple[str, ...] = ()  # one line per unreadable source
    settings: FindSettings = field(default_factory=FindSettings)
