"""Encoding damage: found, repaired for matching, and logged with positions.

The text as found is never changed. :func:`repair_log` finds the lines that may hold mojibake
(a fast scan), asks ftfy, in a conservative configuration, what each such line should be, and
records every changed span with its offsets in the text as found, the damaged and the
repaired string, and why. ftfy explains its fixes without positions; the positions come from a
character alignment of each changed line with its fixed form.

A repair that produces an apostrophe where no contraction, possessive or elision can stand
(``Committee’a``, ``07)’has``, an opening ``’monolithic``) is marked ``suspect``: the mark that
was there before the mojibake happened was most likely a dash or a quote, not an apostrophe.
What cannot be repaired (U+FFFD, stray C1 controls, a ``Ã``/``Â``/``Å`` fragment inside a word)
is logged as damage.

>>> log = repair_log("their job wonâ€™t be easy, the Committeeâ€™a Georgian")
>>> [(r.found, r.repaired, r.suspect) for r in log.repairs]
[('â€™', '’', False), ('â€™', '’', True)]
>>> log.repaired_text
'their job won’t be easy, the Committee’a Georgian'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import Indel

from ..model import Damage, Repair, apply_repairs

if TYPE_CHECKING:
    import ftfy

__all__ = ["RepairLog", "apply_repairs", "repair_log"]

@functools.lru_cache(maxsize=1)
def _config() -> ftfy.TextFixerConfig:
    """ftfy's configuration here, built on first use: ftfy is imported only when some text
    looks damaged, which most text does not."""
    import ftfy
    import ftfy.bad_codecs  # registers sloppy-windows-1252

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=True,
        # A sequence that was UTF-8 but lost a byte becomes U+FFFD, and is logged as damage too.
        replace_lossy_sequences=True,
        decode_inconsistent_utf8=True,
        fix_c1_controls=True,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
    )

# UTF-8 read as Latin-1 or windows-1252 starts with a lead byte shown as Â..ô followed by a
# continuation byte shown as \x80-\xbf or one of windows-1252's own characters; C1 controls
# betray Latin-1 read for windows-1252. Lines without any of these are not sent to ftfy.
# The single-byte code pages ftfy can undo, as seen through the bytes of UTF-8.
_CODE_PAGES = ("cp1252", "latin-1", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257",
               "iso8859_2", "mac_roman", "cp437")


def _spot_pairs() -> list[tuple[set[str], set[str]]]:
    """For each of :data:`_CODE_PAGES`, the characters that a UTF-8 lead byte (0xC2-0xF4)
    and a continuation byte (0x80-0xBF) become when read in it."""
    # C1 controls: continuation bytes that a sloppy code page (or Latin-1) kept as such;
    # U+FFFD: a continuation byte that was lost (ftfy turns the rest into U+FFFD too).
    shared = {chr(c) for c in range(0x80, 0xA0)} | {"\ufffd"}
    pairs = []
    for codec in _CODE_PAGES:
        leads = {bytes([b]).decode(codec, "ignore") for b in range(0xC2, 0xF5)} - {""}
        continuations = {bytes([b]).decode(codec, "ignore") for b in range(0x80, 0xC0)}
        pairs.append((leads, (continuations | shared) - {""}))
    return pairs


def _spot_characters() -> tuple[set[str], set[str]]:
    """Characters that a UTF-8 lead byte or a continuation byte becomes in some code page."""
    pairs = _spot_pairs()
    return set().union(*(p[0] for p in pairs)), set().union(*(p[1] for p in pairs))


def _suspicious_pattern() -> re.Pattern[str]:
    """Where mojibake can start: a UTF-8 lead byte (0xC2-0xF4) followed by a continuation
    byte (0x80-0xBF), both read in the same code page; or a C1 control; or a lead byte whose
    continuation, a no-break space, became a plain space.

    One code page for both: ftfy undoes one code page at a time, and a lead of one with a
    continuation of another is common clean text. ``—”`` (MacRoman's lead byte 0xD1, then
    windows-1252's 0x94) ends many a quoted sentence; taken for a spot, it sent its whole
    line to ftfy, for nothing.
    """
    def chars(found: set[str]) -> str:
        return "".join(re.escape(char) for char in sorted(found))

    pairs = "|".join(f"[{chars(leads)}][{chars(continuations)}]"
                     for leads, continuations in _spot_pairs())
    return re.compile(f"{pairs}|[\u0080-\u009f]|[ÃÂ] ")


@functools.cache
def _suspicious() -> re.Pattern[str]:
    """:func:`_suspicious_pattern`, compiled on first need: compiling it costs more than
    reading a short file, and text without a character beyond ASCII never needs it."""
    return _suspicious_pattern()


# Flags of a code point, for finding with numpy where _suspicious() may match and where damage
# shows (one byte for every code point: 1.1 MB, and no clipping of code points before lookup).
_LEAD, _CONTINUATION, _ALONE, _BEFORE_SPACE, _DAMAGED = 1, 2, 4, 8, 16


@functools.cache
def _flag_table() -> npt.NDArray[np.uint8]:
    leads, continuations = _spot_characters()
    table = np.zeros(0x110000, dtype=np.uint8)
    for chars, flag in ((leads, _LEAD), (continuations, _CONTINUATION)):
        table[[ord(char) for char in chars]] |= flag
    table[0x80:0xA0] |= _ALONE | _DAMAGED  # C1 controls
    for char in "ÃÂ":
        table[ord(char)] |= _BEFORE_SPACE
    for char in "\ufffdÃÂÅ":
        table[ord(char)] |= _DAMAGED
    return table


_FLAG_BLOCK = 1 << 20  # characters looked up at once: their code points take 4 MB, not 4 x text


def _flags(text: str) -> npt.NDArray[np.uint8]:
    """The flags of every character of ``text``."""
    table = _flag_table()
    flags: npt.NDArray[np.uint8] = np.empty(len(text), dtype=np.uint8)
    for start in range(0, len(text), _FLAG_BLOCK):
        block = text[start : start + _FLAG_BLOCK]
        codes = np.frombuffer(block.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        # np.take, not fancy indexing: twice as fast for a table lookup (no index checks).
        np.take(table, codes, out=flags[start : start + len(block)])
    return flags


def _suspicious_spots(text: str,
                      flags: npt.NDArray[np.uint8] | None = None) -> list[re.Match[str]]:
    """What ``_suspicious().finditer(text)`` gives, found faster.

    The regular expression runs at about 30 million characters a second, the better part of
    reading a plain-text file; here numpy finds the few characters where a match may start,
    and the expression is tried there only, leftmost first, as ``finditer`` would.
    """
    if text.isascii():
        return []
    flags = _flags(text) if flags is None else flags
    spots: list[re.Match[str]] = []
    reached = 0
    may_start = flags & (_ALONE | _BEFORE_SPACE)
    # A lead followed by a continuation: the lead's bit (1) moved onto the continuation's (2).
    # (In place, so that a long text costs one temporary array, not three.)
    pair = flags[:-1] << 1
    pair &= flags[1:]
    pair &= _CONTINUATION
    may_start[:-1] |= pair
    del pair
    for position in np.flatnonzero(may_start).tolist():
        if position < reached:
            continue
        match = _suspicious().match(text, position)
        if match is not None:
            spots.append(match)
            reached = match.end()
    return spots


_WHOLE_LINE = 100  # a line up to this long goes to ftfy whole, as ftfy itself would take it
# A longer line where some word is not repaired alone is judged by ftfy whole, up to this long:
# single words may not hold the evidence.
_LONGEST_WHOLE_LINE = 2000
_BREAKS = " \t\r\n"  # not the no-break space: mojibake of "Р" is "Ð" + no-break space


def _around(text: str, position: int, step: int, words: int, limit: int) -> int:
    """From ``position``, go to the end (``step`` 1) or start (-1) of the written word there,
    then on over ``words - 1`` more words."""
    look = -1 if step < 0 else 0

    def inside(at: int) -> bool:
        return at > limit if step < 0 else at < limit

    for word in range(words):
        if word:  # the first word is the one we stand in: no white space to cross first
            while inside(position) and text[position + look] in _BREAKS:
                position += step
        while inside(position) and text[position + look] not in _BREAKS:
            position += step
    return position


def _line_of(text: str, start: int, end: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return line_start, len(text) if line_end < 0 else line_end + 1


def _word_chunks(text: str, spots: list[re.Match[str]], line: tuple[int, int],
                 ) -> list[tuple[int, int]]:
    """Each suspicious spot with its written word; a lost no-break space ("Ã " + space)
    shows only with the word after it."""
    spans: list[tuple[int, int]] = []
    for spot in spots:
        start = _around(text, spot.start(), -1, 1, line[0])
        end = _around(text, spot.end(), 1, 2 if spot.group()[-1] == " " else 1, line[1])
        if spans and start <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _chunks(text: str, flags: npt.NDArray[np.uint8] | None = None) -> list[tuple[int, int]]:
    """Spans to hand to ftfy, line by line.

    ftfy judges a string as a whole, and its cost grows with the string's length. A short
    line goes whole, as ftfy itself would take it. In a longer line each suspicious word goes
    alone; if any of them is not repaired alone, the line goes whole after all (the evidence
    may lie in the other words: a line of MacRoman mojibake), up to a length beyond which
    words alone must do. Lossy damage (``â€�``, a byte lost) takes the same path: sent
    whole, a long line's lossy words could be left as found, where alone ftfy repairs them as
    far as U+FFFD, as its own ``fix_text`` does line by line.
    """
    spans: list[tuple[int, int]] = []
    by_line: dict[tuple[int, int], list[re.Match[str]]] = {}
    for match in _suspicious_spots(text, flags):
        by_line.setdefault(_line_of(text, match.start(), match.end()), []).append(match)
    for (line_start, line_end), spots in by_line.items():
        length = line_end - line_start
        if length <= _WHOLE_LINE:
            spans.append((line_start, line_end))
            continue
        words = _word_chunks(text, spots, (line_start, line_end))
        unrepaired = any(_fix(text[start:end])[0] == text[start:end] for start, end in words)
        if unrepaired and length <= _LONGEST_WHOLE_LINE:
            spans.append((line_start, line_end))
        else:
            spans.extend(words)
    return spans


_APOSTROPHES = "’'"
_CONTRACTION_ENDINGS = frozenset({"s", "t", "re", "ve", "ll", "d", "m", "em", "n"})
_ELISIONS = frozenset({"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu",
                       "puisqu", "o", "dell", "all", "nell", "sull", "un"})

_STEP_NAMES = {"sloppy-windows-1252": "windows-1252", "latin-1": "Latin-1",
               "utf-8-variants": "UTF-8", "utf-8": "UTF-8"}


@dataclass(frozen=True)
class RepairLog:
    """What repair found in one text: repaired spans, damage, and the repaired text."""

    repairs: tuple[Repair, ...]
    damage: tuple[Damage, ...]
    repaired_text: str


def _reason(steps: Sequence[tuple[str, str]] | None) -> str:
    """ftfy's explanation in words: which encoding the bytes were, and what read them."""
    steps = list(steps or [])
    encoded = [name for action, name in steps if action == "encode"]
    decoded = [name for action, name in steps if action == "decode"]
    if encoded and decoded:
        was = _STEP_NAMES.get(decoded[-1], decoded[-1])
        read_as = _STEP_NAMES.get(encoded[0], encoded[0])
        return f"{was} read as {read_as}"
    applied = {name for action, name in steps if action == "apply"}
    if "decode_inconsistent_utf8" in applied:
        return "UTF-8 read as windows-1252 (in part of the line)"
    if "fix_c1_controls" in applied:
        return "windows-1252 read as Latin-1 (C1 control codes)"
    if "replace_lossy_sequences" in applied:
        return "UTF-8 that lost a byte, read as windows-1252"
    return "encoding damage undone by ftfy"


def _word_before(text: str, position: int) -> str:
    start = position
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:position]


def _word_after(text: str, position: int) -> str:
    end = position
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[position:end]


def _is_suspect(repaired: str, before: str, after: str) -> bool:
    """Is a repaired apostrophe standing where no apostrophe can?

    ``before`` and ``after`` are the repaired text around it (up to the line's ends).
    """
    if repaired not in _APOSTROPHES:
        return False
    word_before, word_after = _word_before(before, len(before)), _word_after(after, 0)
    if not word_after:
        return False  # closing quote or plural possessive ("Peoples’ Commissars")
    if not word_before:
        return True  # an opening quote made an apostrophe: ’monolithic’, 07)’has
    if word_after.lower() in _CONTRACTION_ENDINGS:
        return False  # won’t, Lenin’s, that’s
    return word_before.lower() not in _ELISIONS  # l’homme, d’abord are fine


def _changed_spans(found: str, fixed: str) -> list[tuple[int, int, int, int]]:
    """Where two strings differ, as (found start, end, fixed start, end); a deletion next to
    an insertion is one change (rapidfuzz's character alignment, in C)."""
    spans: list[tuple[int, int, int, int]] = []
    for op in Indel.opcodes(found, fixed):
        if op.tag == "equal":
            continue
        if spans and spans[-1][1] == op.src_start and spans[-1][3] == op.dest_start:
            spans[-1] = (spans[-1][0], op.src_end, spans[-1][2], op.dest_end)
        else:
            spans.append((op.src_start, op.src_end, op.dest_start, op.dest_end))
    return spans


_SHORT_WORD = 48
_WINDOWS_1252_STEPS = (("encode", "sloppy-windows-1252"), ("decode", "utf-8"))


def _as_windows_1252_mojibake(word: str) -> str | None:
    """The commonest damage, UTF-8 read as windows-1252, undone directly in one word when the
    whole word reverses cleanly and ftfy's own test calls it bad; otherwise None."""
    import ftfy.badness

    _config()  # makes sure the sloppy codecs are registered
    try:
        fixed = word.encode("sloppy-windows-1252").decode("utf-8")
    except UnicodeError:
        return None
    if fixed == word or not ftfy.badness.is_bad(word) or ftfy.badness.is_bad(fixed):
        return None
    return fixed


@functools.lru_cache(maxsize=1 << 16)
def _fix(chunk: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """ftfy's fix of one chunk; remembered, since a damaged word tends to recur."""
    if len(chunk) <= _SHORT_WORD and not any(char in _BREAKS for char in chunk):
        direct = _as_windows_1252_mojibake(chunk)
        if direct is not None:
            return direct, _WINDOWS_1252_STEPS
    import ftfy

    fixed, steps = ftfy.fix_and_explain(chunk, _config())
    return fixed, tuple((step.action, step.parameter) for step in steps or [])


def _chunk_repairs(line: str, offset: int) -> tuple[list[Repair], str]:
    fixed, steps = _fix(line)
    if fixed == line:
        return [], line
    reason = _reason(steps)
    repairs: list[Repair] = []
    for i1, i2, j1, j2 in _changed_spans(line, fixed):
        repaired = fixed[j1:j2]
        suspect = _is_suspect(repaired, fixed[:j1], fixed[j2:])
        repairs.append(Repair(offset + i1, offset + i2, line[i1:i2], repaired, suspect, reason))
    return repairs, fixed


def repair_log(text: str) -> RepairLog:
    """Find and log the encoding damage in ``text`` (which is never changed)."""
    if text.isascii():
        return RepairLog((), (), text)  # mojibake and damage are all outside ASCII
    repairs: list[Repair] = []
    pieces: list[str] = []
    copied = 0
    flags = _flags(text)  # once, for finding both the suspicious spots and the damage
    for start, end in _chunks(text, flags):
        found, fixed = _chunk_repairs(text[start:end], start)
        if found:
            pieces.append(text[copied:start])
            pieces.append(fixed)
            copied = end
            repairs.extend(found)
    pieces.append(text[copied:])
    repaired_text = "".join(pieces)
    damage = _damage(text, repairs, flags)
    return RepairLog(tuple(repairs), damage, repaired_text)


def _damage(text: str, repairs: list[Repair],
            flags: npt.NDArray[np.uint8] | None = None) -> tuple[Damage, ...]:
    covered = [(r.start, r.end) for r in repairs]
    found: list[Damage] = [
        Damage(r.start, r.end, r.found, "a byte was lost: repaired only as far as U+FFFD")
        for r in repairs if "\ufffd" in r.repaired
    ]
    flags = _flags(text) if flags is None else flags
    # Damage shows as U+FFFD, a C1 control, or a stray Ã, Â or Å (a fragment of a character
    # mis-decoded); found with numpy, faster than a regular expression by far.
    index = 0
    for at in np.flatnonzero(flags & _DAMAGED).tolist():
        while index < len(covered) and covered[index][1] <= at:
            index += 1
        if index < len(covered) and covered[index][0] <= at < covered[index][1]:
            continue  # part of a repaired span
        char = text[at]
        if char in "ÃÂÅ" and not (0 < at < len(text) - 1 and text[at - 1].isalpha()
                                  and text[at - 1].islower() and text[at + 1].isalpha()):
            continue  # only a capital inside a lowercase word is a fragment: FayÅulla
        if char == "\ufffd":
            reason = "replacement character: the original character was lost"
        elif "\u0080" <= char <= "\u009f":
            reason = f"C1 control character U+{ord(char):04X}: a byte decoded wrongly"
        else:
            reason = "unrepairable: a fragment of a mis-decoded character, a byte was lost"
        found.append(Damage(at, at + 1, char, reason))
    return tuple(sorted(found, key=lambda damage: damage.start))
