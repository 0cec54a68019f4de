"""Cutting text into sentences, by punctuation and paragraph breaks (no model).

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) when white
space and a capital letter follow, or at a blank line. A full stop after an initial ("I.
Varnhagen") or a common abbreviation ("Dr.", "St.") ends nothing. Text in scripts without
letter case is cut at blank lines and stops followed by anything but a lower-case letter.

>>> text = 'Rehn succeeded her. In 1937 Dr. Brisk and I. Varnhagen left! "Why?" he asked.'
>>> [text[s:e] for s, e in sentence_spans(text)]
['Rehn succeeded her.', 'In 1937 Dr. Brisk and I. Varnhagen left!', '"Why?" he asked.']
"""

from __future__ import annotations

import re

from .function_words import ABBREVIATIONS

__all__ = ["sentence_spans"]

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_BREAK = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)|\n[^\S\n]*\n")


def _ends_sentence(text: str, stop_start: int, after: int, end: int) -> bool:
    """Whether the stop at ``stop_start`` (its marks end at ``after``) ends a sentence."""
    position = after
    while position < end and (text[position].isspace() or text[position] in _OPENERS):
        position += 1
    if position == end:
        return True
    following = text[position]
    if following.islower():
        return False
    if text[stop_start:after].rstrip(_CLOSERS) == ".":
        word = _word_before(text, stop_start)
        if (len(word) == 1 and word.isupper()) or word.casefold() in ABBREVIATIONS:
            return False  # an initial or an abbreviation, not the end of a sentence
    return True


_JOINERS = "-'’\u2010\u2011"


def _word_before(text: str, stop: int) -> str:
    """The word (a term: letters and digits, apostrophes and hyphens inside) that ends
    before ``text[stop]``, across any other marks between, within 24 characters; the same as
    the last match of ``TERM`` there, found without a regular expression (this runs at
    every full stop of a text)."""
    low = max(0, stop - 24)
    end = stop
    while end > low and not (text[end - 1].isalnum() or text[end - 1] == "_"):
        end -= 1
    start = end
    while start > low:
        char = text[start - 1]
        inside = char in _JOINERS and start - 1 > low and text[start - 2].isalpha() and \
            text[start].isalpha()
        if not (char.isalnum() or char == "_" or inside):
            break
        start -= 1
    return text[start:end]


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as ``(start, end)`` offsets into ``text``,
    without the white space around them."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    position = start
    for match in _BREAK.finditer(text, start, end):
        if match.group().strip() and not _ends_sentence(text, match.start(), match.end(), end):
            continue
        cut = match.end() if match.group().strip() else match.start()
        spans.append((position, cut))
        position = match.end()
    spans.append((position, end))
    trimmed = []
    for first, last in spans:
        piece = text[first:last]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            trimmed.append((first + lead, first + lead + len(stripped)))
    return trimmed
