"""Collating one source with itself: find its repeated passages, collate each group.

Each passage of a group becomes a witness whose ``span`` is the passage, so the collation
reports offsets into the source as found. Around each passage, the text of its section that
no other passage of the group covers is what this copy has and the others lack (the opening
paragraphs a later copy dropped, a continuation an earlier copy stops before): it is
reported as *unshared* text before and after the passage.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..collation.options import CollateOptions
from ..collation.pipeline import collate
from ..errors import CollationError
from ..model import Collation, Span, Witness
from ..text.charclass import SPACE, class_table
from .model import FindSettings, Group, Passage
from .pipeline import EXCERPT_CHARS, find

__all__ = ["Extra", "RepeatCollation", "Repeats", "collate_repeats", "section_of", "unshared"]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_NON_SPACE = re.compile(r"\S+")  # the words of str.split() (both use str.isspace)
_SENTENCE_END = ".!?…"
_CLOSERS = "\"'”’»)]*_"
HEADING_MAX_WORDS = 12


@dataclass(frozen=True)
class Extra:
    """Text of a passage's section next to it that the group's other passages lack."""

    start: int
    end: int
    words: int
    excerpt: str


@dataclass(frozen=True)
class RepeatCollation:
    """One group of repeated passages, collated; ``before``/``after`` per witness id."""

    group: Group
    collation: Collation
    before: dict[str, Extra | None]
    after: dict[str, Extra | None]


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans, position = [], start
    for match in _PARAGRAPH_BREAK.finditer(text, start, end):
        if match.start() > position:
            spans.append((position, match.start()))
        position = match.end()
    if position < end:
        spans.append((position, end))
    return spans


def _is_heading(text: str, start: int, end: int) -> bool:
    """A one-line paragraph of a few words not ending a sentence: a title, a byline, a
    link such as "[Subscribe now](#)". (Read in place: a text on one line is one paragraph,
    which must not be copied and split whole to see that it has more than a few words.)"""
    for count, _ in enumerate(_NON_SPACE.finditer(text, start, end), 1):
        if count > HEADING_MAX_WORDS:
            return False
    stripped = text[start:end].strip()
    return "\n" not in stripped and not stripped.rstrip(_CLOSERS).endswith(
        tuple(_SENTENCE_END))


def section_of(text: str, start: int, end: int, limit: tuple[int, int] | None = None
               ) -> tuple[int, int]:
    """The section around ``text[start:end]``: out to the nearest headings (short lines that
    end no sentence) before and after it, within ``limit``."""
    low, high = limit or (0, len(text))
    first, last = low, high
    for paragraph_start, paragraph_end in _paragraphs(text, low, high):
        if not _is_heading(text, paragraph_start, paragraph_end):
            continue
        if paragraph_end <= start:
            first = max(first, paragraph_end)
        elif paragraph_start >= end:
            last = min(last, paragraph_start)
            break
    return first, last


_LONG_SPAN = 1 << 20  # characters; a longer span's words are counted with the text's index


@functools.lru_cache(maxsize=2)
def _word_starts(text: str) -> npt.NDArray[np.int64]:
    """Where a word of ``str.split()`` starts in ``text`` (white space, then not), in order;
    found a block at a time with the tokenizer's table, whose white space is str.isspace's."""
    table = class_table()
    parts = []
    block = 1 << 20
    for first in range(0, len(text), block):
        codes = np.frombuffer(text[first : first + block].encode("utf-32-le", "surrogatepass"),
                              dtype=np.uint32)
        space = np.take(table, codes) == SPACE
        previous = np.empty_like(space)
        previous[0] = True if first == 0 else text[first - 1].isspace()
        previous[1:] = space[:-1]
        parts.append(np.flatnonzero(previous & ~space) + first)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _word_count(text: str, start: int, end: int) -> int:
    """``len(text[start:end].split())`` for a span without white space at either end,
    without copying a long one."""
    if end - start <= _LONG_SPAN:
        return len(text[start:end].split())
    starts = _word_starts(text)
    # The first word is counted even if it began before ``start``.
    inside = np.searchsorted(starts, end) - np.searchsorted(starts, start, side="right")
    return 1 + int(inside)


def _extra(text: str, start: int, end: int) -> Extra | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    words = _word_count(text, start, end)
    if not words:
        return None
    excerpt = " ".join(text[start : start + 4 * EXCERPT_CHARS].split())
    if len(excerpt) > EXCERPT_CHARS:
        excerpt = excerpt[:EXCERPT_CHARS].rstrip() + "…"
    return Extra(start, end, words, excerpt)


def unshared(text: str, passage: Passage, others: list[Passage],
             limit: tuple[int, int]) -> tuple[Extra | None, Extra | None]:
    """Text of the passage's section before and after it that no other passage covers."""
    first, last = section_of(text, passage.start, passage.end, limit)
    for other in others:
        if other.end <= passage.start:
            first = max(first, other.end)
        elif other.start >= passage.end:
            last = min(last, other.start)
    return _extra(text, first, passage.start), _extra(text, passage.end, last)


def passage_id(witness: Witness, passage: Passage) -> str:
    return f"{witness.id}:{passage.start}-{passage.end}"


class Repeats(tuple[RepeatCollation, ...]):
    """The groups of repeated passages of one source, each collated (what ``variorum
    collate`` with one source reports)."""

    __slots__ = ()


def collate_repeats(witness: Witness, settings: FindSettings | None = None,
                    options: CollateOptions | None = None,
                    progress: Callable[[str], None] | None = None) -> Repeats:
    """Collate each group of repeated passages of one witness (base: its first copy, unless
    ``options`` names another)."""
    result = find([witness], settings or FindSettings())
    if not result.groups:
        raise CollationError(
            f"{witness.source or witness.id}: no passage of at least "
            f"{(settings or FindSettings()).min_words} words is repeated in it",
            hint="give two or more sources to collate whole texts")
    collated = []
    for group in result.groups:
        passages = list(group.passages)
        copies = [dataclasses.replace(witness, id=passage_id(witness, p),
                                      span=Span(p.start, p.end)) for p in passages]
        before: dict[str, Extra | None] = {}
        after: dict[str, Extra | None] = {}
        for passage, copy in zip(passages, copies, strict=True):
            others = [p for p in passages if p is not passage]
            before[copy.id], after[copy.id] = unshared(witness.text, passage, others,
                                                       (witness.start, witness.end))
        collated.append(RepeatCollation(group, collate(copies, options=options,
                                                       progress=progress), before, after))
    return Repeats(collated)
