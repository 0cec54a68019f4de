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
from .words import TERM

__all__ = ["sentence_spans"]

_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_BREAK = re.compile(rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s)|\n[^\S\n]*\n")
_LAST_WORD = re.compile(rf"({TERM.pattern})\W*$")


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
        word = _LAST_WORD.search(text, max(0, stop_start - 24), stop_start + 1)
        if word and ((len(word.group(1)) == 1 and word.group(1).isupper())
                     or word.group(1).casefold() in ABBREVIATIONS):
            return False  # an initial or an abbreviation, not the end of a sentence
    return True


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
