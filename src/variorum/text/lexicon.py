"""Which words are words of the text's language, so that two of them are not called one word
respelled ("from" / "form", "seul" / "seule").

* **Language.** Detected from the witnesses' function words: the language whose commonest
  function words (:data:`FUNCTION_WORDS`, written for this module) make up the largest share
  of the first :data:`SAMPLE_WORDS` words, if that share is at least
  :data:`MIN_FUNCTION_SHARE` (running prose in these languages: 15–30 %); otherwise unknown.
  Latin is recognised so that it is not taken for Italian or French, and has no lexicon.
* **A word of the language**, for a language that wordfreq covers: the word (case-folded) is
  in wordfreq's ``small`` list for it, i.e. its frequency is at least 10⁻⁶ (Zipf ≥ 3, about
  the 30,000 commonest words). wordfreq is imported only when a pair of words is asked
  about, and its bundled data is read (no download).
* **Otherwise** (language unknown or not covered): a word is a word of the text when it stands
  elsewhere as a word of its own in text all the witnesses agree on (outside every variant).
  Occurring *somewhere* in the witnesses is not enough: in manuscripts a scribe writes one
  word two ways, and both spellings occur elsewhere.

Two forms are one word's spellings whatever the lexicon says when they differ only in marks
(accents, breathings: "connaît" / "connait"), or by one letter dropped beside the same letter
or a vowel dropped beside a vowel (``kindred_spellings``: "travelled" / "traveled",
"harbour" / "harbor", "mediaeval" / "medieval"), or when one witness turns one into the
other at every place (``respelled_throughout``: "centre" → "center" all through a later
edition).

>>> detect_language(["the house of the man and the dog was in the town"])
'en'
>>> detect_language(["in principio erat verbum et verbum erat apud deum"])
'la'
>>> lexicon = Lexicon("en")
>>> lexicon.distinct("from", "form"), lexicon.distinct("bafoonish", "bafoenish")
('both words of en (wordfreq)', None)
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from pathlib import Path

from .spelling import without_marks
from .words import WORD

__all__ = [
    "FUNCTION_WORDS",
    "MIN_FUNCTION_SHARE",
    "MIN_ZIPF",
    "SAMPLE_WORDS",
    "Lexicon",
    "detect_language",
    "kindred_spellings",
    "wordfreq_words",
    "words_outside",
]

def words_outside(text: str, start: int, end: int,
                  spans: Iterable[tuple[int, int]]) -> frozenset[str]:
    """The case-folded words of ``text[start:end]`` outside the ``spans`` (a collation's
    places in one witness): the text every witness agrees on."""
    pieces, position = [], start
    for span_start, span_end in sorted(spans):
        pieces.append(text[position:span_start])
        position = max(position, span_end)
    pieces.append(text[position:end])
    return frozenset(match.group().casefold() for piece in pieces
                     for match in WORD.finditer(piece))


MIN_ZIPF = 3.0  # wordfreq's "small" lists: frequency >= 1e-6
SAMPLE_WORDS = 5000  # words of each witness read to detect the language
MIN_FUNCTION_SHARE = 0.10

# The commonest function words of each language (articles, prepositions, conjunctions,
# pronouns, the copula), chosen so that the sets of related languages differ.
FUNCTION_WORDS: Mapping[str, frozenset[str]] = {
    language: frozenset(words.split()) for language, words in {
        "en": "the of and to a in is that it was for with as his he on be by at not this "
              "which",
        "fr": "le la les de des du et est un une que qui dans il pour pas ne se au sur ce "
              "elle",
        "de": "der die das und ist nicht ein eine zu den von mit sich des auf dem ich es er",
        "es": "el la los las de del y que en un una por con se no es lo su para",
        "it": "il la lo gli le di del della e che un una per non è in con si sono",
        "pt": "o a os as de do da e que em um uma não para com se por é dos",
        "nl": "de het een en van is dat niet op te zijn met voor ik hij er",
        "sv": "och att det som en är på av för med den till inte jag har",
        "da": "og at det som en er på af for med den til ikke jeg har de",
        "nb": "og at det som en er på av for med den til ikke jeg har å",
        "fi": "ja on ei se että oli hän mutta kun niin joka ovat tai mitä",
        "pl": "i w nie na się z że do to jest jak o co po ale",
        "cs": "a v se na je že to s z do o jako ale by jsem",
        "ro": "și în de la cu o un pe nu ce care este mai din",
        "ca": "el la els les de del i que en un una per amb no és",
        "tr": "ve bir bu da de için ile ne çok daha olan gibi ama",
        "el": "και το να της του η ο την με σε για που δεν θα είναι",
        "ru": "и в не на что он я с как это по но его она к",
        "uk": "і в не на що та з як це до його але він вона й",
        "bg": "и на се да в не за от е че с по то са",
        "la": "et in est non ad cum quod sed ut qui quae ex per enim autem",
    }.items()
}


_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüÿæœ")


def kindred_spellings(a: str, b: str) -> bool:
    """Is one form the other with a letter dropped beside the same letter (a doubled
    consonant) or a vowel dropped beside a vowel, the commonest ways one word is spelled two
    ways in languages with a lexicon?

    >>> kindred_spellings("harbour", "harbor"), kindred_spellings("seule", "seul")
    (True, False)
    """
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(long) != len(short) + 1:
        return False
    at = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y),
              len(short))
    if short[:at] + long[at + 1 :] != short:
        return False
    dropped = long[at]
    neighbours = long[at - 1 : at] + long[at + 1 : at + 2]
    return dropped in neighbours or (dropped in _VOWELS and any(n in _VOWELS
                                                                 for n in neighbours))


def detect_language(texts: Iterable[str]) -> str | None:
    """The language of the texts by their function words, or ``None`` when none stands out.

    >>> detect_language(["le chat de la maison est dans le jardin et il dort"])
    'fr'
    >>> detect_language(["Դարձեալ ասէ"]) is None
    True
    """
    counts: Counter[str] = Counter()
    total = 0
    for text in texts:
        # The first SAMPLE_WORDS words, counted in C (islice, map, Counter.update): the
        # same counts as a loop over the matches, in half the time.
        words = list(map(str.casefold, map(re.Match.group,
                                           itertools.islice(WORD.finditer(text),
                                                            SAMPLE_WORDS))))
        counts.update(words)
        total += len(words)
    if not total:
        return None
    share = {language: sum(counts[word] for word in words) / total
             for language, words in FUNCTION_WORDS.items()}
    best = max(share, key=lambda language: (share[language], language))
    return best if share[best] >= MIN_FUNCTION_SHARE else None


@functools.cache
def wordfreq_words(language: str) -> Mapping[str, float] | None:
    """wordfreq's ``small`` list for the language (word -> frequency), or ``None`` when
    wordfreq does not cover it (never its "nearest match") or is not installed."""
    packed = _small_list(language)
    if packed is not None:
        return packed
    try:
        import wordfreq  # imported here: it costs 0.5 s, and most runs never need it
    except ImportError:  # a declared dependency, but the rest works without it
        return None
    if language not in wordfreq.available_languages("small"):
        return None
    words: Mapping[str, float] = wordfreq.get_frequency_dict(language, "small")
    return words


def _small_list(language: str) -> dict[str, float] | None:
    """wordfreq's ``small`` list read from its bundled file without importing wordfreq
    (whose import costs half a second, the file 15 ms): the documented cBpack format
    (``wordfreq.read_cBpack``), a gzipped msgpack list of a header and one list of words per
    centibel of frequency. ``None`` when the file or its header is not as documented (then
    wordfreq's own functions are asked)."""
    import gzip
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / \
        f"small_{language}.msgpack.gz"
    if not path.is_file():
        return None
    try:
        import msgpack  # type: ignore[import-untyped]

        with gzip.open(path, "rb") as packed:
            data = msgpack.unpackb(packed.read(), raw=False)
    except (ImportError, OSError, ValueError):
        return None
    header = data[0] if isinstance(data, list) and data else None
    if not isinstance(header, dict) or header.get("format") != "cB" or \
            header.get("version") != 1:
        return None
    words: dict[str, float] = {}
    for index, bucket in enumerate(data[1:]):
        words.update(dict.fromkeys(bucket, 10 ** (-index / 100)))
    return words


class Lexicon:
    """The words of one collation's language: see the module's description.

    ``agreed`` gives (on first need) the case-folded words standing in text all witnesses
    agree on; ``respelled_throughout(a, b)`` says whether a witness writes ``b`` at every
    place where the base writes ``a``.
    """

    def __init__(self, language: str | None,
                 agreed: Callable[[], Collection[str]] | None = None,
                 respelled_throughout: Callable[[str, str], bool] | None = None) -> None:
        self.language = language
        self._agreed_of = agreed
        self._agreed: Collection[str] | None = None
        self._respelled_throughout = respelled_throughout
        self._known: dict[str, bool] = {}

    @functools.cached_property
    def _words(self) -> Mapping[str, float] | None:
        return wordfreq_words(self.language) if self.language else None

    @property
    def has_language_words(self) -> bool:
        """Does a word list of the language (wordfreq) back this lexicon?"""
        return self._words is not None

    @property
    def source(self) -> str:
        """Where the words come from, as said in a reason."""
        if self._words is not None:
            return f"words of {self.language} (wordfreq)"
        return "words standing elsewhere in text all witnesses agree on"

    def is_word(self, word: str) -> bool:
        """Is the (case-folded) word a word of the language, or of the text?"""
        known = self._known.get(word)
        if known is None:
            if self._words is not None:
                known = self._words.get(word, 0.0) >= 10 ** (MIN_ZIPF - 9)
            else:
                if self._agreed is None:
                    self._agreed = self._agreed_of() if self._agreed_of else frozenset()
                known = word in self._agreed
            self._known[word] = known
        return known

    def distinct(self, a: str, b: str) -> str | None:
        """Why ``a`` and ``b`` (case-folded words, one respelling the other by letters) are
        two words rather than one word's spellings, or ``None`` if they are not known to be."""
        if without_marks(a) == without_marks(b) or kindred_spellings(a, b):
            return None
        if not (self.is_word(a) and self.is_word(b)):
            return None
        if self._respelled_throughout is not None and self._respelled_throughout(a, b):
            return None
        return "both " + self.source
