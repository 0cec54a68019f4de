"""Numbers, years, date ranges, amounts and ordinals written in figures.

Recognised: plain and decimal numbers (``7``, ``3.5``), grouped thousands (``12,300``,
``12 300`` with a no-break or thin space, ``12.300``), years and decades (``1929``, ``1930s``),
ranges (``1925–26``, ``1917-18``, ``10–12``), amounts (``£41``, ``$3.5``, ``41 million``,
``2 тыс.``), percentages (``64%``, ``12 per cent``) and ordinals (``1st``, ``3rd``, ``5º``,
``2-й``). Numbers spelled out in words (``two million``) are not: they need a lexicon per
language, and a changed one is still reported as a substitution.

>>> for number in find_numbers("In 1925–26 the 3rd plan cost £41 (64%), 41 million."):
...     print(number.text, number.kind)
1925–26 range
3rd ordinal
£41 amount
64% percent
41 million amount
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .normalize import typography_fold

__all__ = ["NumberSpan", "find_numbers", "has_number", "number_key"]

_GROUP = "[,\u00a0\u202f\u2009]"
_FIGURES = (rf"\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:\.\d+)?"  # 12,300 / 12 300
            r"|\d{1,3}(?:\.\d{3})+(?:,\d+)?"  # 12.300,5
            r"|\d+(?:[.,]\d+)?")
_MULTIPLIERS = ("thousand|million|billion|trillion|milliard|тыс\\.?|тысяч[аи]?|млн\\.?|"
                "миллион(?:а|ов)?|млрд\\.?|миллиард(?:а|ов)?")
_NUMBER = re.compile(
    rf"""(?<![\w.,])
    (?P<currency>[£$€¥₽₴₹]\s?)?
    (?P<figures>{_FIGURES})
    (?: (?P<range>[-–—‐‑]\d+(?:[.,]\d+)?)
      | (?P<ordinal>st|nd|rd|th|º|ª|-й|-я|-е|-го|-м)
      | (?P<decade>(?<=\d0)'?s) )?
    (?: (?P<percent>\s?(?:%|‰|per\s?cent\b|percent\b))
      | (?P<multiplier>\s(?:{_MULTIPLIERS})s?) )?
    (?![^\W_])""",
    re.VERBOSE,
)
_SEPARATOR = re.compile(rf"(?<=\d){_GROUP}(?=\d{{3}}(?!\d))")


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number as found: ``source[start:end] == text``; ``kind`` is one of ``number``,
    ``year``, ``range``, ``amount``, ``percent``, ``ordinal``."""

    start: int
    end: int
    text: str
    kind: str

    @property
    def key(self) -> str:
        return number_key(self.text)


def _kind(match: re.Match[str]) -> str:
    if match.group("range"):
        return "range"
    if match.group("ordinal"):
        return "ordinal"
    if match.group("percent"):
        return "percent"
    if match.group("currency") or match.group("multiplier"):
        return "amount"
    figures = match.group("figures")
    if match.group("decade") or (len(figures) == 4 and figures.isdigit()
                                 and 1000 <= int(figures) <= 2099):
        return "year"
    return "number"


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[NumberSpan]:
    """The numbers written in figures in ``text[start:end]``, offsets into ``text``.

    >>> [n.text for n in find_numbers("On 1 May 1929, 12,300 men; in the 1930s, 1917-18.")]
    ['1', '1929', '12,300', '1930s', '1917-18']
    """
    end = len(text) if end is None else end
    return [NumberSpan(m.start(), m.end(), m.group(), _kind(m))
            for m in _NUMBER.finditer(text, start, end)]


def has_number(text: str) -> bool:
    """Whether ``text`` holds a number written in figures.

    >>> has_number("in 1937"), has_number("in the spring"), has_number("B52")
    (True, False, False)
    """
    return any(ch.isdigit() for ch in text) and _NUMBER.search(text) is not None


def number_key(text: str) -> str:
    """A number as compared across editions: dashes, spaces and thousands separators folded.

    >>> number_key("12 300") == number_key("12,300"), number_key("1925–26")
    (True, '1925-26')
    """
    folded = typography_fold(unicodedata.normalize("NFKC", text))
    return re.sub(r"\s+", "", _SEPARATOR.sub("", folded)).casefold()
