"""Character classes for the tokenizer, as one lookup table over all code points.

=====  ============================================================================
class  characters
=====  ============================================================================
0      white space (what ``re`` calls ``\\s``)
1      word characters: letters, digits, combining marks, soft hyphen, zero-width
       (non-)joiners, outside the scripts written without spaces
2      characters of scripts written without spaces between words (Han, kana, Hangul):
       each is a token of its own
3      everything else (punctuation, symbols): each is a token of its own, except that
       runs of dots or of hyphens make one token
=====  ============================================================================

The table (1.1 MB) is built once from the ranges in :mod:`variorum.text._unicode_ranges`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ._unicode_ranges import MARK_RANGES, SPACE_RANGES, WORD_RANGES

__all__ = ["CJK_RANGES", "OTHER", "SPACE", "UNSPACED", "WORD", "class_table"]

SPACE, WORD, UNSPACED, OTHER = 0, 1, 2, 3

CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F),
    (0x3130, 0x318F), (0x3190, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA960, 0xA97F),
    (0xAC00, 0xD7FF), (0xF900, 0xFAFF), (0xFF66, 0xFF9F), (0x20000, 0x3134F),
)
_INSIDE_WORDS = (0x00AD, 0x200C, 0x200D)  # soft hyphen, zero-width non-joiner and joiner


@lru_cache(maxsize=1)
def class_table() -> npt.NDArray[np.uint8]:
    """The class of every code point (index) as a read-only uint8 array."""
    table = np.full(0x110000, OTHER, dtype=np.uint8)
    for start, stop in WORD_RANGES:
        table[start : stop + 1] = WORD
    for start, stop in MARK_RANGES:
        table[start : stop + 1] = WORD
    table[list(_INSIDE_WORDS)] = WORD
    for start, stop in CJK_RANGES:
        table[start : stop + 1] = UNSPACED
    for start, stop in SPACE_RANGES:
        table[start : stop + 1] = SPACE
    table.flags.writeable = False
    return table
