"""Cutting text into sentences, by punctuation and paragraph breaks (no model).

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) when white
space and a capital letter follow, or at a blank line. A full stop after an initial ("I.
Varnhagen") or a common abbreviation ("Dr.", "St.") ends nothing. Text in scripts without
letter case is cut at blank lines and stops followed by anything but a lower-case letter.
A heading standing on a line of its own ends too (:func:`heading_breaks`: "On Social Media"
above a post), when the next line opens on a capital.

>>> text = 'Rehn succeeded her. In 1937 Dr. Brisk and I. Varnhagen left! "Why?" he asked.'
>>> [text[s:e] for s, e in sentence_spans(text)]
['Rehn succeeded her.', 'In 1937 Dr. Brisk and I. Varnhagen left!', '"Why?" he asked.']
"""

from __future__ import annotations

import re

from .function_words import ABBREVIATIONS, FUNCTION_WORDS
from .words import WORD

__all__ = ["heading_breaks", "sentence_spans"]

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
        reach = _LONGEST_ABBREVIATION + 1
        if stop_start >= reach and text[stop_start - reach : stop_start].isalnum():
            return True  # a word too long for an abbreviation (most stops: read no further)
        word = _word_before(text, stop_start)
        if (len(word) == 1 and word.isupper()) or word.casefold() in ABBREVIATIONS:
            return False  # an initial or an abbreviation, not the end of a sentence
    return True


_JOINERS = "-'’\u2010\u2011"
_LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))


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


HEADING_WORDS = 6  # a heading line holds at most this many words ("On Social Media")
# A line break before a line opening on a letter (after white space and opening marks):
# where a heading may end; the line before it is tested after (found from the line break, a
# literal that ``re`` looks for fast, not tried at every character as a line's start is).
_LINE_BREAK = re.compile(rf"\n(?=[^\S\n]*[{re.escape(_OPENERS)}]*[^\W\d_])")
_LETTER = re.compile(r"[^\W\d_]")
HEADING_CHARACTERS = 80  # a heading line's length, from its first letter
_LOOK_BACK = 4096  # characters looked back for a line's start (an indent and a heading)
_INDENT = re.compile(r"[^\S\n]*")


def heading_breaks(text: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where a sentence begins after a heading standing alone on its line inside
    ``text[start:end]``: a line of at most :data:`HEADING_WORDS` words, all capitalized but
    function words, the last no function word, with no stop or comma at its end, followed
    (after one line break) by a line opening on a capital. Such a line is a heading, a menu
    entry or a caption, not the first part of a sentence, and the capital after it is the
    opening of the next ("On Social Media" / "Landslide or Road Blocked after ..."). Prose
    broken into lines seldom has a line so short and so capitalized, and its next line then
    opens in lower case.

    >>> text = "On Social Media\\nLandslide or road blocked. See Karl\\nRadek speak."
    >>> [text[at:at + 9] for at in heading_breaks(text)]
    ['Landslide']
    """
    end = len(text) if end is None else end
    found: list[int] = []
    for match in _LINE_BREAK.finditer(text, start, end):
        line_break = match.start()
        low = max(0, line_break - _LOOK_BACK)
        line_start = text.rfind("\n", low, line_break) + 1
        if line_start == 0 and low > 0:
            continue  # a line longer than any heading with its indent
        indent = _INDENT.match(text, line_start)  # (matches everywhere: it may be empty)
        first = indent.end() if indent is not None else line_start
        if (line_start < start or line_break - first > HEADING_CHARACTERS
                or _LETTER.match(text, first, line_break) is None or line_break + 1 >= end):
            continue
        line = text[first:line_break].rstrip()
        if line[-1] in ".!?…:;,-":
            continue
        words = WORD.findall(line)
        if not 1 <= len(words) <= HEADING_WORDS or words[-1].casefold() in FUNCTION_WORDS:
            continue
        if all(w[0].isupper() or w.casefold() in FUNCTION_WORDS for w in words):
            following = line_break + 1
            while text[following] in " \t" or text[following] in _OPENERS:
                following += 1
            if text[following].isupper():
                found.append(match.end())
    return found


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as ``(start, end)`` offsets into ``text``,
    without the white space around them."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    position = start
    headings = heading_breaks(text, start, end) if text.find("\n", start, end) >= 0 else []
    next_heading = 0
    for match in _BREAK.finditer(text, start, end):
        while next_heading < len(headings) and headings[next_heading] <= match.start():
            if headings[next_heading] > position:
                spans.append((position, headings[next_heading]))
                position = headings[next_heading]
            next_heading += 1
        if match.group().strip() and not _ends_sentence(text, match.start(), match.end(), end):
            continue
        cut = match.end() if match.group().strip() else match.start()
        spans.append((position, cut))
        position = match.end()
    for heading in headings[next_heading:]:
        if heading > position:
            spans.append((position, heading))
            position = heading
    spans.append((position, end))
    trimmed = []
    for first, last in spans:
        piece = text[first:last]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            trimmed.append((first + lead, first + lead + len(stripped)))
    return trimmed
