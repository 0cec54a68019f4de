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
>>> classify_pair("", ";").class_
'punctuation'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from ..model import ACCIDENTAL_CLASSES, SUBSTANTIVE_CLASSES
from ..text.normalize import typography_fold
from ..text.spelling import MAX_AFFIX, inflects, is_respelling
from ..text.words import TOKEN

if TYPE_CHECKING:
    from ..text.lexicon import Lexicon

__all__ = ["CLASS_ORDER", "RULES", "Verdict", "classify_pair", "compared_words",
           "most_substantive"]

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


# A spacing accent or abbreviation mark (´ ¯ ¨ ˘ ˜: Unicode's modifier symbols) becomes under
# NFKC a space and the combining mark: standing after a space, that mark belongs to no letter.
_ORPHAN_MARKS = re.compile(r"(?:^|(?<=\s))[\u0300-\u036f]+")


# An apostrophe between letters marks an elision or a contraction inside one written word
# ("n'est", "won't", after typography folded ’ to '): without it the word is "nest", "wont",
# not two words.
_INNER_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def _no_punctuation(text: str) -> str:
    """The text with punctuation, symbols and detached marks (``ի´``, ``εϲτι¯``: accents
    and abbreviation strokes written beside a word, which editors count with punctuation as
    accidentals) turned into spaces."""
    return _collapse(_ORPHAN_MARKS.sub(" ", text.translate(_PUNCTUATION_TO_SPACE)))


def _apostrophe_dropped(base_typographic: str, other_typographic: str) -> bool:
    """Is one reading the other with an apostrophe inside a word left out ("won't" /
    "wont")? (Typography folded: ’ is '.) A mark standing for another mark between letters
    ("Committee—a" / "Committee'a") is not this, but punctuation replaced."""
    if ("'" in base_typographic) == ("'" in other_typographic):
        return False
    return (_no_punctuation(_INNER_APOSTROPHE.sub("", base_typographic)).casefold()
            == _no_punctuation(_INNER_APOSTROPHE.sub("", other_typographic)).casefold())


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
    collapsed = _collapse(text)
    if collapsed.isascii():
        # The same transformations, cut short where ASCII cannot be touched (NFKC), and in
        # plain string methods: most readings of most texts are ASCII, and this is 3x faster.
        typographic = typography_fold(collapsed)
        unpunctuated = _no_punctuation(typographic)
        lower = unpunctuated.lower()
        return (collapsed, collapsed, typographic, unpunctuated, lower, lower.replace(" ", ""))
    forms = [collapsed]
    for _, _, transform in RULES:
        forms.append(transform(forms[-1]))
    return tuple(forms)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def compared_words(text: str) -> list[str]:
    """The reading's words as respellings are judged: case and punctuation aside."""
    return _forms(text)[4].split()


@functools.lru_cache(maxsize=1 << 16)  # asked again for the same readings (speed only)
def _respelled_words(left: str, right: str) -> tuple[tuple[str, str], ...] | None:
    """The pairs of words that differ, if the rest is equal and each pair is one word
    respelled ("ἐν αὐτῷ" / "εν αυτω": two words, each in another spelling)."""
    left_words, right_words = left.split(), right.split()
    if len(left_words) != len(right_words):
        return None
    differing = tuple((a, b) for a, b in zip(left_words, right_words, strict=True) if a != b)
    if not differing or not all(is_respelling(a, b) for a, b in differing):
        return None
    return differing


def _differing_words(base_forms: tuple[str, ...], other_forms: tuple[str, ...]
                     ) -> tuple[tuple[str, str], ...] | None:
    """The pairs of words respelled between two readings (as :func:`_respelled_words`),
    case and punctuation aside; a word cut in two by a mark (no space) and respelled too
    (λέγοντες / λεγο¯τεϲ, a stroke for the ν left out) is judged as the one word it is once
    joined. Two words written apart ("Kyrlenko, Dybenko") are never joined so."""
    left, right = base_forms[4], other_forms[4]
    respelled = _respelled_words(left, right)
    if respelled is None and sorted((left.count(" "), right.count(" "))) == [0, 1] and \
            not any(char.isspace() for char in base_forms[0] + other_forms[0]):
        respelled = _respelled_words(base_forms[5], other_forms[5])
    return respelled


MAX_REORDERED_RESPELLINGS = 8  # words of a reordered reading that may be respelled


def _reordered(left: str, right: str) -> Verdict | None:
    """The same words in another order ("lamp and the blue kettle" / "blue kettle and the
    lamp"), case and punctuation aside, some of them perhaps respelled ("անցւմն լինէր" /
    "լինէր անցումն"): a transposition, as an editor types an exchange of words, not a
    substitution of the whole."""
    left_words, right_words = left.split(), right.split()
    if len(left_words) != len(right_words) or len(left_words) < 2 or left_words == right_words:
        return None
    counts_left, counts_right = Counter(left_words), Counter(right_words)
    only_left = list((counts_left - counts_right).elements())
    unused = list((counts_right - counts_left).elements())
    if len(only_left) > MAX_REORDERED_RESPELLINGS:
        return None  # other words, not the same ones respelled (and no quadratic search)
    respelled = 0
    for word in only_left:
        match = next((other for other in unused if is_respelling(word, other)), None)
        if match is None:
            return None
        unused.remove(match)
        respelled += 1
    if respelled:
        return Verdict("transposition", f"the same words in another order, {respelled} of "
                       "them respelled")
    return _REORDERED


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


# Verdicts without particulars, made once: classify_pair runs for every variant.
_RULE_VERDICTS = tuple(Verdict(class_, reason) for class_, reason, _ in RULES)
_ADDITION = Verdict("addition", "text absent from the base")
_OMISSION = Verdict("omission", "text of the base absent here")
_SUBSTITUTION = Verdict("substitution", "different words")
_PUNCTUATION_ADDED = Verdict("punctuation", "a punctuation mark absent from the base")
_REORDERED = Verdict("transposition", "the same words in another order")
_APOSTROPHE_DROPPED = Verdict("punctuation", "an apostrophe inside a word written or left out")
_PUNCTUATION_REMOVED = Verdict("punctuation", "a punctuation mark of the base absent here")


def classify_pair(base: str, other: str, name: bool = False,
                  words: Lexicon | None = None) -> Verdict:
    """The class of the difference between the base's reading and another's.

    ``name`` says that the reading stands where a proper name does (decided by the caller,
    who sees the context): a respelled name is then ``name`` rather than ``spelling``.
    ``words`` (a :class:`variorum.text.lexicon.Lexicon`) tells real words of the text's
    language: a respelling that turns one such word into another ("from" / "form") is a
    ``substitution``.

    >>> from variorum.text.lexicon import Lexicon
    >>> classify_pair("grate", "grade").class_, classify_pair(
    ...     "grate", "grade", words=Lexicon("en")).class_
    ('spelling', 'substitution')
    """
    verdict = _classify_pair(base, other, name)
    if verdict.class_ != "spelling":
        return verdict
    respelled = _differing_words(_forms(base), _forms(other)) or ()
    inflected = [(a, b) for a, b in respelled if inflects(a, b)]
    if inflected:
        a, b = inflected[0]
        return Verdict("substitution", f"another form of the word: {a} / {b} (an ending or "
                       f"prefix of at most {MAX_AFFIX} letters)")
    if words is None:
        return verdict
    for a, b in respelled:
        evidence = words.distinct(a, b)
        if evidence is not None:
            return Verdict("substitution", f"different words: {a} / {b}, {evidence}")
    return verdict


@functools.lru_cache(maxsize=1 << 16)
def _classify_pair(base: str, other: str, name: bool = False) -> Verdict:
    """:func:`classify_pair` without a lexicon (one verdict per pair of texts, cached).

    >>> classify_pair("bafoonish", "bafoenish").class_
    'spelling'
    >>> classify_pair("Djughachvili", "Djugachvili", name=True).class_
    'name'
    >>> classify_pair("cost 41 million", "cost 38 million").reason
    'a number changed: 41 → 38'
    """
    base_forms, other_forms = _forms(base), _forms(other)
    if not base_forms[0]:
        # Lone punctuation added is accidental, as an editor's apparatus counts it.
        return _PUNCTUATION_ADDED if _only_punctuation(other_forms[0]) else _ADDITION
    if not other_forms[0]:
        return _PUNCTUATION_REMOVED if _only_punctuation(base_forms[0]) else _OMISSION
    if base_forms[-1] == other_forms[-1]:  # the forms are cumulative: some rule explains it
        if base_forms[3] != other_forms[3] and _apostrophe_dropped(base_forms[2],
                                                                   other_forms[2]):
            return _APOSTROPHE_DROPPED
        for verdict, left, right in zip(_RULE_VERDICTS, base_forms[1:], other_forms[1:],
                                        strict=True):
            if left == right:
                return verdict
    # Case and punctuation aside (forms[4]), are its words spelled differently?
    respelled = _differing_words(base_forms, other_forms)
    if respelled:
        distance = sum(Levenshtein.distance(a, b) for a, b in respelled)
        if name:
            return Verdict("name", f"a proper name spelled differently (edit distance "
                           f"{distance})", ("proper-name",))
        if len(respelled) > 1:
            return Verdict("spelling", f"{len(respelled)} words respelled (edit distance "
                           f"{distance})")
        return Verdict("spelling", f"edit distance {distance} within one word")
    reordered = _reordered(base_forms[4], other_forms[4])
    if reordered is not None:
        return reordered
    base_numbers, other_numbers = _numbers(base_forms[1]), _numbers(other_forms[1])
    numbers_changed = base_numbers != other_numbers
    if numbers_changed and _NUMBER.sub("#", base_forms[4]) == _NUMBER.sub("#", other_forms[4]):
        old = " ".join(base_numbers) or "no number"
        new = " ".join(other_numbers) or "no number"
        return Verdict("number", f"a number changed: {old} → {new}")
    # Beyond this point the words differ too; a changed number is still worth a tag.
    tags = ("number-changed",) if numbers_changed else ()
    base_words, other_words = TOKEN.findall(base), TOKEN.findall(other)
    if _is_subsequence(other_words, base_words):
        return Verdict("omission", _OMISSION.reason, tags) if tags else _OMISSION
    if _is_subsequence(base_words, other_words):
        return Verdict("addition", _ADDITION.reason, tags) if tags else _ADDITION
    return Verdict("substitution", _SUBSTITUTION.reason, tags) if tags else _SUBSTITUTION


# The verdicts are cached without the lexicon (which holds a collation's words); callers that
# start cold (benchmarks/bench_classify.py) clear that cache through classify_pair.
classify_pair.cache_clear = _classify_pair.cache_clear  # type: ignore[attr-defined]


# Marks that Unicode files under punctuation but that stand for words ("and", "per cent",
# "section", "number"): added or removed alone, they are words added or removed.
_WORD_MARKS = frozenset("&%‰‱#@§¶")


def _only_punctuation(text: str) -> bool:
    """Marks of punctuation only (not a mark that stands for words, such as "&" or "%"),
    or detached accents and abbreviation strokes (modifier symbols: ´ ¯ ¨), which carry no
    word either."""
    return all(char.isspace() or (unicodedata.category(char) in _MARK_CATEGORIES
                                  and char not in _WORD_MARKS) for char in text)


_MARK_CATEGORIES = frozenset(("Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sk"))


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
