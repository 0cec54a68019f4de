"""When two words are one word spelled two ways — the one respelling rule.

Classification asks :func:`is_respelling` ("is this variant a spelling?": Levenshtein, one
edit in five letters, marks aside, abbreviations); alignment asks :func:`may_stand_for`, a
looser likeness of letter bags (Indel), since putting two words in one column is cheaper to
get wrong than calling a change accidental. The two were separate rules in separate modules
before; they are kept as they were measured (the places' rule widened by
:func:`is_respelling` changed 3 of 4,973 variants of two synthetic 100k-word editions and no
fidelity figure), but defined here side by side.

>>> is_respelling("bafoonish", "bafoenish"), is_respelling("he", "she")
(True, False)
>>> is_respelling("Դձլ", "Դարձեալ"), is_respelling("αὐτῷ", "αυτω")
(True, True)
>>> may_stand_for("charged", "charges"), may_stand_for("charges", "harmless")
(True, False)
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz.distance import Indel, Levenshtein

__all__ = ["LETTERS_PER_EDIT", "SPELLING_MIN_SIMILARITY", "abbreviates", "edits_allowed",
           "inflects", "is_respelling", "may_stand_for", "respelling_distance", "revowelled",
           "same_name", "sounds_alike",
           "without_marks"]

# Two spellings of one word differ by at most one letter in five (Levenshtein edits against
# the longer spelling): "Djughachvili"/"Djugachvili", "bafoonish"/"bafoenish"; "them"/"then"
# (one in four) is another word.
LETTERS_PER_EDIT = 5
SPELLING_MIN_SIMILARITY = 1 - 1 / LETTERS_PER_EDIT  # the same, as normalized similarity
# Alignment also joins words this alike as letter bags (rapidfuzz Indel): a word cut at a
# line end ("tinues" for "continues") anywhere, and an inflected or abbreviated one when the
# first letters agree, since a shared first letter keeps "charges" and "harmless" apart.
ALIKE_MIN_SIMILARITY = 0.8
SAME_START_MIN_SIMILARITY = 0.6
# Below three letters resemblance as letter bags means little ("he", "she", "an", "in").
ALIKE_MIN_LENGTH = 3
_NUMBER = re.compile(r"\d")
_SIGMAS = str.maketrans({"ς": "σ", "ϲ": "σ", "Ϲ": "Σ"})


@functools.lru_cache(maxsize=1 << 16)
def without_marks(word: str) -> str:
    """The word without accents, breathings or abbreviation marks, and with one sigma."""
    if word.isascii():
        return word  # the only ASCII modifier symbols, ^ and `, are gone with punctuation
    decomposed = unicodedata.normalize("NFD", word.translate(_SIGMAS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)
                   and unicodedata.category(ch) not in ("Sk", "Lm"))


def abbreviates(a: str, b: str) -> bool:
    """Is the shorter word a contraction of the longer (same first and last letter, its
    letters found in order in the longer: Դձլ for Դարձեալ, bzm for bazum)?"""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < 2 or short[0] != long[0] or short[-1] != long[-1]:
        return False
    remaining = iter(long)
    return all(letter in remaining for letter in short)


# An ending or prefix of one or two letters: the size of the commonest inflections (French
# -e, -s, -es; Latin -m, -s; Greek -ν; Armenian -ն, -ս, -դ and the prefix յ-).
MAX_AFFIX = 2
MIN_STEM = 3


def inflects(a: str, b: str) -> bool:
    """Is one word the other with an ending or a prefix of at most :data:`MAX_AFFIX` letters
    added ("seul" / "seule", "conviée" / "conviées", "ժամանակի" / "ժամանակին")?

    Such a pair is one letter or two apart, yet editors class it as grammatical (another
    form of the word: number, gender, case, an article or preposition joined to it), not as a
    spelling: in the expert-typed Stemmaweb traditions (French, Greek, Armenian) most pairs
    of this shape are typed ``grammatical``. A letter dropped beside the same letter, or a
    vowel beside a vowel ("Quill" / "Quil", "harbour" / "harbor"), is a spelling still.

    Accents and breathings are not letters here: a word written with and without a mark
    ("αὐτῷ" / "αυτω", decomposed or not) is one form.

    >>> inflects("seul", "seule"), inflects("Quill", "Quil"), inflects("color", "colour")
    (True, False, False)
    >>> inflects("αυτω\u0342", "αυτω")
    False
    """
    if without_marks(a) == without_marks(b):
        return False
    short, long = (a, b) if len(a) < len(b) else (b, a)
    extra = len(long) - len(short)
    if not 0 < extra <= MAX_AFFIX or len(short) < MIN_STEM:
        return False
    if long.startswith(short):
        added, beside = long[len(short):], short[-1]
    elif long.endswith(short):
        added, beside = long[:extra], short[0]
    else:
        return False
    if added[0] == beside or added[-1] == beside:
        return False  # a doubled letter written once
    if long.startswith(short) and without_marks(beside) in _SILENT_FINALS.get(added, "-"):
        return False  # a letter not sounded there, written or left out
    if added in _UNWRITTEN:
        return False
    vowels = _VOWELS
    return not (added in vowels and beside in vowels)


# Vowel letters of the scripts the traditions are written in (Latin, Greek, Armenian with its
# ւ of ու and աւ, Cyrillic), marks aside.
_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿæœαεηιουωաեէըիոօւаеиоуыэюяё")
# Letters that scribes write or leave out at the end of a word after the letters given, the
# word unchanged: Armenian յ after a vowel, not sounded (արքայ / արքա); Greek movable ν
# after ε or ι (ἐστίν / ἐστί, the ν ephelkystikon). A spelling, not an ending.
_SILENT_FINALS = {"յ": "աեէըիոօւ", "ν": "ει"}
# Armenian ը, the neutral vowel, written or not anywhere in a word (ըզ / զ, սովըն / սովն).
_UNWRITTEN = frozenset("ը")
# Below two consonants a word's skeleton says nothing ("a" / "o", "he" / "ha").
MIN_SKELETON = 2


# Letters that scribes put for one another because they stood for one sound, or nearly, in
# the scribes' speech: Armenian's voiced, voiceless and aspirated stops and affricates
# (բ/պ/փ, գ/կ/ք, դ/տ/թ, ձ/ծ/ց, ջ/ճ/չ), shifted in Middle Armenian, its two r's (ր/ռ) and
# ղ/խ; Latin u/v/w and i/j, one letter each in Roman and medieval writing. Each letter
# maps to the first of its set.
_SOUND_ALIKE = str.maketrans({letter: group[0]
                              for group in ("բպփ", "գկք", "դտթ", "ձծց", "ջճչ", "րռ", "ղխ",
                                            "uvw", "ij")
                              for letter in group})
# Latin "ti" before a vowel was sounded and written as "ci" (gratia / gracia, suetia / suecia).
_TI_BEFORE_VOWEL = re.compile(r"ti(?=[aeiou])")


def sounds_alike(word: str) -> str:
    """The word with the letters of :data:`_SOUND_ALIKE` folded together, and Latin "ti"
    before a vowel written "ci" (lower-case, marks already removed).

    >>> sounds_alike("տիգրան") == sounds_alike("դիգրան"), sounds_alike("gratia")
    (True, 'gracia')
    """
    return _TI_BEFORE_VOWEL.sub("ci", word.translate(_SOUND_ALIKE))


def revowelled(a: str, b: str) -> bool:
    """Are the two words the same consonants in the same order, ending alike, with only vowels
    written differently inside ("աւրինակ" / "օրինակ", "Djugashvili" / "Djugashvely")?

    Scribes and transcribers change the vowels of a word, not its consonants: Armenian աւ / օ
    and ու / ւ, Greek ει / ι and ο / ω, English -our / -or. In the expert-typed Stemmaweb
    traditions pairs of this shape are typed spelling or orthographic far more often than
    grammatical, as long as the words end alike: endings carry the grammar ("seul" / "seule",
    which :func:`inflects` keeps apart).

    >>> revowelled("աւրինակ", "օրինակ"), revowelled("seul", "seule"), revowelled("cat", "dog")
    (True, False, False)
    """
    if a == b or not a or not b or a[-1] != b[-1]:
        return False
    skeleton_a = [letter for letter in a if letter not in _VOWELS]
    skeleton_b = [letter for letter in b if letter not in _VOWELS]
    return len(skeleton_a) >= MIN_SKELETON and skeleton_a == skeleton_b


def is_respelling(a: str, b: str) -> bool:
    """Is ``b`` the word ``a`` in another spelling, marks or abbreviation?

    A changed number is a change of substance, never a respelling; one letter words are too
    short to tell, but for their marks (accents, breathings).
    """
    if _NUMBER.search(a) or _NUMBER.search(b):
        return False
    plain_a, plain_b = without_marks(a), without_marks(b)
    if plain_a == plain_b:
        return True  # marks only, however short the word ("ὁ" / "ο")
    if min(len(a), len(b)) < 2:
        return False
    if abbreviates(plain_a, plain_b):
        return True
    alike_a, alike_b = sounds_alike(plain_a), sounds_alike(plain_b)
    if alike_a == alike_b or revowelled(alike_a, alike_b):
        return True
    return respelling_distance(plain_a, plain_b) > 0


def edits_allowed(length: int) -> int:
    """How many letters a respelling of a word this long may change."""
    return length // LETTERS_PER_EDIT


def respelling_distance(a: str, b: str) -> int:
    """The Levenshtein distance of two spellings of one word, 0 when they are not (or equal)."""
    limit = edits_allowed(max(len(a), len(b)))
    if abs(len(a) - len(b)) > limit:
        return 0
    distance = Levenshtein.distance(a, b, score_cutoff=limit)
    return distance if distance <= limit else 0


def may_stand_for(key: str, base_key: str) -> bool:
    """May ``key`` stand in the column of ``base_key`` as the same word respelled?

    Words of at least three letters alike as letter bags, marks aside:
    :data:`ALIKE_MIN_SIMILARITY` anywhere, :data:`SAME_START_MIN_SIMILARITY` with the same
    first letter; never a changed number.
    """
    if min(len(key), len(base_key)) < ALIKE_MIN_LENGTH or _NUMBER.search(key + base_key):
        return False
    key, base_key = without_marks(key), without_marks(base_key)
    similarity = Indel.normalized_similarity(key, base_key)
    return similarity >= ALIKE_MIN_SIMILARITY or (
        similarity >= SAME_START_MIN_SIMILARITY and key[0] == base_key[0])


@functools.lru_cache(maxsize=1 << 14)
def _ascii(form: str) -> str:
    from anyascii import anyascii

    return "".join(c for c in anyascii(form).casefold() if c.isalpha())


@functools.lru_cache(maxsize=1 << 14)
def _phonetic(form: str) -> str:
    import jellyfish

    return str(jellyfish.metaphone(_ascii(form)))


def same_name(a: str, b: str) -> bool:
    """Whether two forms (one word each, or whole names) can be one name spelled two ways:
    equal once transliterated to ASCII, the same Metaphone key, or at most one edit in four
    letters.

    >>> same_name("Chichirin", "Tchitcherin"), same_name("Радек", "Radek")
    (True, True)
    >>> same_name("Radek", "Rykov"), same_name("Li", "Lu")
    (False, False)
    """
    import jellyfish

    x, y = _ascii(a), _ascii(b)
    if not x or not y:
        return False
    if x == y:
        return True
    if len(x) >= 4 and len(y) >= 4 and _phonetic(a) == _phonetic(b):
        return True
    # One edit in four letters; a name shorter than that is another name once a letter
    # changes ("Li" / "Lu", and letters standing alone as numerals: Ե / Է).
    limit = min(len(x), len(y)) // 4
    return limit > 0 and int(jellyfish.levenshtein_distance(x, y)) <= limit
