"""What a word is — defined once, for names, classification, sentences and erasures.

A **word** is a run of letters (with any combining marks among them: decomposed accents,
Cyrillic titlos, Greek breathings), joined inside by apostrophes ("l’Humanité", "O'Brien") and
hyphens ("Stalin-Rykov"). A **term** is a word or, failing that, any other run of word
characters (numbers, "1st"). A **token** is a term or a single mark of punctuation.

>>> [m.group() for m in WORD.finditer("l’Humanité, 1937: Stalin-Rykov")]
['l’Humanité', 'Stalin-Rykov']
>>> [m.group() for m in WORD_PART.finditer("Stalin-Rykov")]
['Stalin', 'Rykov']
>>> [m.group() for m in TERM.finditer("l’Humanité, 1937")]
['l’Humanité', '1937']
>>> TOKEN.findall("Rykov, Bukharin")
['Rykov', ',', 'Bukharin']
"""

from __future__ import annotations

import re

__all__ = ["HYPHENS", "LETTERS", "TERM", "TOKEN", "WORD", "WORD_PART"]

# Combining marks: the general, extended, supplement, for-symbols and half-mark blocks, and
# the Cyrillic combining marks (titlo, palatalization).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen
_APOSTROPHES = "'’"
LETTERS = rf"[^\W\d_]+(?:[{_MARKS}]+[^\W\d_]*)*"
WORD_PART = re.compile(rf"{LETTERS}(?:[{_APOSTROPHES}]{LETTERS})*")
WORD = re.compile(rf"{LETTERS}(?:[{HYPHENS}{_APOSTROPHES}]{LETTERS})*")
TERM = re.compile(rf"{WORD.pattern}|\w+")
TOKEN = re.compile(rf"{TERM.pattern}|[^\w\s]")
