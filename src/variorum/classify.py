"""First classification of variants: one small rule per class, most accidental first.

A pair of readings (the base's and another witness's) is compared under cumulative
normalizations, from the most accidental to the most substantive; the first under which they
become equal names the class. The full classifier (spelling, names, numbers, encoding) extends
:data:`RULES`.

>>> classify_pair("police.1", "police.¹").class_
'unicode'
>>> classify_pair("Committee—a", "Committee'a").class_
'punctuation'
>>> classify_pair("were shot", "died").class_
'substitution'
>>> classify_pair("Rykov, Bukharin", "Rykov").class_
'omission'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from .model import ACCIDENTAL_CLASSES, SUBSTANTIVE_CLASSES
from .normalize import typography_fold

__all__ = ["CLASS_ORDER", "RULES", "Verdict", "classify_pair", "most_substantive"]

CLASS_ORDER: tuple[str, ...] = ACCIDENTAL_CLASSES + SUBSTANTIVE_CLASSES


@dataclass(frozen=True)
class Verdict:
    class_: str
    reason: str
    tags: tuple[str, ...] = ()


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text.replace("\u00ad", ""))


class _PunctuationToSpace(dict[int, str]):
    """A ``str.translate`` table turning every punctuation mark or symbol into a space,
    filled one character at a time as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        keep = char.isalnum() or char.isspace() or unicodedata.category(char)[0] == "M"
        self[code] = value = char if keep else " "
        return value


_PUNCTUATION_TO_SPACE = _PunctuationToSpace()


def _no_punctuation(text: str) -> str:
    return _collapse(text.translate(_PUNCTUATION_TO_SPACE))


_JOINERS = re.compile(r"[\s\-\u00ad\u2010\u2011]+")


def _joined(text: str) -> str:
    return _JOINERS.sub("", text)


# (class, reason, transformation applied on top of the previous ones)
RULES: tuple[tuple[str, str, Callable[[str], str]], ...] = (
    ("unicode", "equal under Unicode compatibility (NFKC)", _nfkc),
    ("typography", "differs only in the typographic form of quotes, dashes or ellipses",
     typography_fold),
    ("punctuation", "differs only in punctuation", _no_punctuation),
    ("case", "differs only in letter case", str.casefold),
    ("hyphenation", "a word joined or split", _joined),
)


@functools.lru_cache(maxsize=1 << 17)
def _forms(text: str) -> tuple[str, ...]:
    """The reading under each rule's transformation, applied cumulatively."""
    forms = [_collapse(text)]
    for _, _, transform in RULES:
        forms.append(transform(forms[-1]))
    return tuple(forms)


@functools.lru_cache(maxsize=1 << 16)
def classify_pair(base: str, other: str) -> Verdict:
    """The class of the difference between the base's reading and another's."""
    base_forms, other_forms = _forms(base), _forms(other)
    if not base_forms[0]:
        return Verdict("addition", "text absent from the base")
    if not other_forms[0]:
        return Verdict("omission", "text of the base absent here")
    for (class_, reason, _), left, right in zip(RULES, base_forms[1:], other_forms[1:],
                                                strict=True):
        if left == right:
            return Verdict(class_, reason)
    base_words, other_words = _WORDS.findall(base), _WORDS.findall(other)
    if _is_subsequence(other_words, base_words):
        return Verdict("omission", "text of the base absent here")
    if _is_subsequence(base_words, other_words):
        return Verdict("addition", "text absent from the base")
    return Verdict("substitution", "different words")


_WORDS = re.compile(r"\w+|[^\w\s]")


def _is_subsequence(short: list[str], long: list[str]) -> bool:
    """``short`` is ``long`` with some tokens left out ("Rykov" in "Rykov, Bukharin")."""
    if len(short) >= len(long):
        return False
    remaining = iter(long)
    return all(any(token == candidate for candidate in remaining) for token in short)


# When witnesses differ from the base in several ways at one place, the place takes the
# weightiest class: different words outweigh a mere omission or addition by another witness.
_WEIGHT: tuple[str, ...] = (*ACCIDENTAL_CLASSES, "number", "transposition", "addition",
                            "omission", "substitution")


def most_substantive(verdicts: list[Verdict]) -> Verdict:
    """Of several pairwise verdicts, the one that weighs most.

    >>> most_substantive([Verdict("omission", "o"), Verdict("substitution", "s")]).class_
    'substitution'
    """
    return max(verdicts, key=lambda verdict: _WEIGHT.index(verdict.class_))
