"""Proper names (people, places, bodies) found by capitalization alone: no model, no download.

A name is a run of capitalized words joined by white space: ``Victor Serge``, ``Central Asia``,
``NORTHERN RAILWAY COMMISSION``, with initials (``I. Varnhagen``, ``V.I. Lenin``), particles
between capitals (``Vincent van Gogh``, ``Commissariat of Transport``) and a regnal numeral
after it (``Nicholas II``). A comma ends a name, so a list gives one name per item. Works for
any script with letter case (Latin, Cyrillic, Greek).

A capitalized word that opens a sentence is a name only on evidence from the same text: it
also stands capitalized inside a sentence somewhere, or (if it is never seen in lower case)
the next word, after white space or a comma, is capitalized too. Never a name: function words
(``The``, ``In``, ``Its``), a month, weekday or heading word standing alone (``March``,
``CHAPTER``), a roman numeral alone. All-caps words count as capitalized, since an
encyclopedia's headword or an acronym (``NKVD``) is a name.

Decisions: a hyphenated word is one name (``Brest-Litovsk``, ``Anonov-Ovseenko``) unless it
has three or more capitalized parts (``Stalin-Rykov-Bukharin`` is three names: a bloc, not a
double-barrelled name); an en dash always separates (``Molotov–Ribbentrop``). A possessive
``'s`` is left out at the end of a name but kept inside one (``People's Commissariat``), and
so is a plural's apostrophe (``Council of Peoples' Commissars``).

>>> text = "In 1937 Zinoviev, Kamenev and Vincent van Gogh met I. Varnhagen in Brest-Litovsk."
>>> [name.text for name in find_names(text)]
['Zinoviev', 'Kamenev', 'Vincent van Gogh', 'I. Varnhagen', 'Brest-Litovsk']
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from ._unicode_ranges import UPPER_RANGES
from .function_words import ABBREVIATIONS, CONVENTIONAL_CAPITALS, FUNCTION_WORDS, PARTICLES
from .sentences import sentence_spans
from .words import HYPHENS, WORD

__all__ = ["SCARCE_WORDS_PER_SENTENCE_END", "Evidence", "Name", "WordSpan", "find_names",
           "is_name", "name_key", "names_and_words", "names_with_words", "names_words_evidence",
           "not_prose", "word_key", "words_per_sentence_end"]

_HYPHENS = re.compile("[\u2010\u2011]")
_ANY_HYPHEN = re.compile(f"[{HYPHENS}]")
_ROMAN = re.compile(r"(?=[MDCLXVI])M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ELIDED = re.compile(r"(?:al|el|ibn|bin)[-\u2010\u2011](?=.)|[dl]['’](?=.)", re.IGNORECASE)
_OPENERS = "\"'“‘«(["
CONTEXT_LIMIT = 4000  # is_name looks at most this far back for evidence
# Where sentence punctuation is scarce (manuscripts, verse, notes), a capital letter inside a
# sentence is no evidence of a name: printed prose ends a sentence every 15-40 words; fewer
# than one sentence end in this many words is a text that does not mark sentences.
SCARCE_WORDS_PER_SENTENCE_END = 60
_SENTENCE_END = re.compile(r"[.!?…]+(?=[\s\"'”’»)\]]|$)")
# The same count, a mark at a time: a run of marks is one match of _SENTENCE_END exactly
# when its last mark stands before white space, a closing mark or the end (a mark inside a run
# stands before another mark, which is none of those), so counting the marks so placed counts
# the matches; the regular expression runs three times faster without the repetition.
_SENTENCE_END_MARK = re.compile(r"[.!?…](?=[\s\"'”’»)\]]|$)")
# Not prose, so no names: a web address and everything in it ("pic.twitter.com/CQCpH"), an
# e-mail address, a handle or a hashtag ("@HHSGov", "#HurricaneMaria").
_NOT_PROSE = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|gov|net|edu|mil|int|info|io|ly|co|uk|ru|de|"
    r"fr)(?:/\S*)?|\S+@\S+\.\w+|[@#]\w+", re.IGNORECASE)


# Where a trigger of _NOT_PROSE stands (every match of it holds one): the costly pattern is
# tried only on the runs of non-space characters holding one.
# (written to open on a class of characters, matched case-sensitively, which ``re`` looks for
# fast: the same matches as ``://|www\.|\.(?:com|...)|[@#]`` ignoring case, three times faster)
_NOT_PROSE_TRIGGER = re.compile(
    r"[:wW.@#](?:(?<=:)//|(?<=[wW])(?i:ww)\.|"
    r"(?<=\.)(?i:com|org|gov|net|edu|mil|int|info|io|ly|co|uk|ru|de|fr)|(?<=[@#]))")


def words_per_sentence_end(text: str) -> float:
    """Words of the text per sentence-ending mark (``.``, ``!``, ``?``, ``…`` before white
    space, a closing mark or the end): the measure of how much a text marks its sentences.

    >>> words_per_sentence_end("He came. She left!")
    2.0
    >>> words_per_sentence_end("in principio erat verbum")
    inf
    """
    ends, words = _count_ends_and_words(text)
    return words / ends if ends else float("inf")


_COUNT_BLOCK = 1 << 20  # characters counted at once, so the temporary arrays stay small
_MARKS, _CLOSERS = ".!?…", "\"'”’»)]"


@functools.cache
def _follow_table() -> Any:
    """For every code point: 1 for a sentence-ending mark, 2 for a closing mark (one
    lookup per character, where ``np.isin`` sorts or compares once per mark)."""
    import numpy as np

    table = np.zeros(0x110000, dtype=np.uint8)
    table[[ord(mark) for mark in _MARKS]] = 1
    table[[ord(mark) for mark in _CLOSERS]] = 2
    return table


def _count_ends_and_words(text: str) -> tuple[int, int]:
    """``len(_SENTENCE_END_MARK.findall(text))`` and ``len(text.split())``, counted with
    numpy over the code points (speed only, issue 14: a third of the time of the two counts
    on a book). White space is :data:`~variorum.text.charclass.SPACE`, exactly what ``re``
    calls ``\\s`` and ``str.split`` splits at."""
    import numpy as np

    from .charclass import SPACE, class_table

    table, follow = class_table(), _follow_table()
    ends = words = 0
    space_before = True  # a word starts at the text's first character
    for start in range(0, len(text), _COUNT_BLOCK):
        size = min(_COUNT_BLOCK, len(text) - start)
        # One character more than the block: what follows its last mark.
        codes = np.frombuffer(text[start : start + size + 1].encode("utf-32-le",
                                                                    "surrogatepass"),
                              dtype=np.uint32)
        space = np.take(table, codes) == SPACE
        kind = np.take(follow, codes)
        followed = np.ones(size, dtype=np.bool_)  # the text's last character: by its end
        following = len(codes) - 1
        followed[:following] = space[1:] | (kind[1:] == 2)
        ends += int(np.count_nonzero((kind[:size] == 1) & followed))
        before = np.empty(size, dtype=np.bool_)
        before[0] = space_before
        before[1:] = space[: size - 1]
        words += int(np.count_nonzero(~space[:size] & before))
        space_before = bool(space[size - 1])
    return ends, words


@dataclass(frozen=True, slots=True)
class Name:
    """A proper name: ``text == source[start:end]`` of the text it was found in."""

    start: int
    end: int
    text: str


def not_prose(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` that are no prose: addresses, handles, hashtags.

    >>> text = "See pic.twitter.com/CQCpH and @HHSGov #PuertoRico now."
    >>> [text[s:e] for s, e in not_prose(text)]
    ['pic.twitter.com/CQCpH', '@HHSGov', '#PuertoRico']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    done = start
    # Every match of _NOT_PROSE lies inside one run of non-space characters and holds a
    # trigger: the pattern is run over those runs only (the same matches, far faster).
    for trigger in _NOT_PROSE_TRIGGER.finditer(text, start, end):
        if trigger.start() < done:
            continue
        lo, hi = _run_around(text, trigger.start(), trigger.end(), done, end)
        spans += [match.span() for match in _NOT_PROSE.finditer(text, lo, hi)]
        done = hi
    return spans


def _run_around(text: str, first: int, last: int, low: int, high: int) -> tuple[int, int]:
    """The run of non-space characters of ``text[low:high]`` holding ``text[first:last]``."""
    while first > low and not text[first - 1].isspace():
        first -= 1
    while last < high and not text[last].isspace():
        last += 1
    return first, last


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a whole text shows of its words (casefolded keys): those it capitalizes inside a
    sentence, and those it writes in lower case. A hyphenated word is known by its parts
    when the evidence was gathered part by part (from a token table)."""

    inside: frozenset[str]
    lower: frozenset[str]

    def capitalized_inside(self, key: str) -> bool:
        return key in self.inside or _by_parts(key, self.inside)

    def in_lower_case(self, key: str) -> bool:
        return key in self.lower or _by_parts(key, self.lower)


def _by_parts(key: str, known: frozenset[str]) -> bool:
    if "-" not in key and "'" not in key:
        return False
    parts = [part for part in re.split(r"[-']", key) if len(part) > 1]
    return bool(parts) and all(part in known for part in parts)


@dataclass(slots=True)
class _Token:
    start: int
    end: int
    word: str
    key: str  # casefolded, apostrophes plain, possessive off
    capital: bool
    initial: bool  # one capital letter followed by a full stop
    opens: bool  # first word of a sentence, or right after a colon


def _possessive(word: str) -> int:
    """Length of a possessive ending (``'s``) on ``word``, or 0."""
    return 2 if len(word) > 2 and word[-2] in "'’" and word[-1] in "sS" else 0


@functools.lru_cache(maxsize=1 << 16)  # a text repeats its words: normalize each once
def _key(word: str) -> str:
    word = word[: len(word) - _possessive(word)]
    word = _HYPHENS.sub("-", unicodedata.normalize("NFKC", word.replace("’", "'")))
    return word.casefold()


def word_key(word: str) -> str:
    """One word's key as in :func:`name_key`; ``""`` for no word (punctuation, numbers).

    >>> word_key("Varnhagen’s"), word_key(",")
    ('varnhagen', '')
    """
    if not word[:1].isalpha():
        return ""
    if word.isascii() and word.isalpha():
        return word.casefold()  # no apostrophe, hyphen or compatibility form to undo
    return _key(word)


def _capitalized(word: str) -> bool:
    if word[0].isupper() or word[0].istitle():
        return True
    if word.isalpha():
        return False  # the common case, decided without a regular expression
    # "al-Rashid", "d'Artagnan": a lower-case article elided onto a capitalized name.
    elided = _ELIDED.match(word)
    return elided is not None and word[elided.end()].isupper()


@functools.lru_cache(maxsize=1 << 16)  # a register asks again for the keys of each name
def name_key(text: str) -> tuple[str, ...]:
    """A name's words as compared across editions: NFKC, plain apostrophes and hyphens,
    casefolded, without a possessive ending.

    >>> name_key("I. Varnhagen’s")
    ('i', 'varnhagen')
    """
    return tuple(_key(match.group()) for match in WORD.finditer(text))


def _tokens(text: str, start: int, end: int) -> list[_Token]:
    openings = iter(first for first, _ in sentence_spans(text, start, end))
    next_opening = next(openings, end + 1)
    tokens: list[_Token] = []
    skipped = iter(not_prose(text, start, end))
    skip = next(skipped, (end + 1, end + 1))
    for match in WORD.finditer(text, start, end):
        word, first, last = match.group(), match.start(), match.end()
        while skip[1] <= first:
            skip = next(skipped, (end + 1, end + 1))
        if skip[0] <= first < skip[1]:
            continue  # inside an address, a handle or a hashtag
        opens = False
        while next_opening <= first:
            opens = True  # the first word at or after a sentence's first character
            next_opening = next(openings, end + 1)
        capital = _capitalized(word)
        if capital and not opens:
            before = text[max(start, first - 8) : first].rstrip()
            opens = before.rstrip(_OPENERS).endswith(":")  # a capital after a colon proves nothing
        initial = capital and len(word) == 1 and last < end and text[last] == "."
        tokens.append(_Token(first, last, word, _key(word), capital, initial, opens))
    return tokens


# An upper-case or title-case character, or any beyond the Basic Multilingual Plane (a
# superset: each word is tested again; ``re`` tests a class of the plane by a table, one with
# ranges beyond it range by range).
_UPPER = re.compile("[" + "".join(f"\\u{a:04x}-\\u{min(b, 0xFFFF):04x}"
                                  for a, b in UPPER_RANGES if a <= 0xFFFF)
                    + "\\U00010000-\\U0010ffff]")
_NON_SPACE = re.compile(r"\S*")
_PARTICLE = re.compile(rf"(?<!\S)(?:{'|'.join(sorted(PARTICLES, key=len, reverse=True))})(?=\s)")
# The same particles found from the white space before them (a pattern opening on a class of
# characters, which ``re`` looks for fast): the match starts one character early.
_SPACE_PARTICLE = re.compile(rf"\s(?:{'|'.join(sorted(PARTICLES, key=len, reverse=True))})(?=\s)")


def _distinct_words(text: str, start: int, end: int) -> set[str]:
    """The distinct words of ``text[start:end]``: those of its distinct runs of non-space
    characters (a word never holds white space, so each run is cut alone; a text repeats
    its runs, so this is far fewer words to cut)."""
    # (the distinct runs joined by spaces and cut at once: no word holds white space)
    return set(WORD.findall(" ".join(set(text[start:end].split()))))


def _particles(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of ``_PARTICLE``'s matches in ``text[start:end]``."""
    spans = [(m.start() + 1, m.end())
             for m in _SPACE_PARTICLE.finditer(text, max(0, start - 1), end)]
    if start == 0:
        at_start = _PARTICLE.match(text, 0, end)
        if at_start is not None:
            spans.insert(0, at_start.span())
    return spans


def _scan(text: str, start: int, end: int, sentences: list[tuple[int, int]] | None = None
          ) -> tuple[list[_Token], Evidence, frozenset[str]]:
    """What :func:`_tokens` and :func:`_evidence` give, without a Python step per word: the
    tokens of the capitalized words and of the particles only (a lower-case word between
    two tokens leaves letters in their gap, which ends a name as the word itself did), the
    evidence (the lower-case words from the set of distinct words), and every distinct word
    of ``text[start:end]``, addresses included. Runs of non-space characters are cut apart
    the same whatever precedes them, so each run is read on its own."""
    skips = not_prose(text, start, end)
    outside: set[str] = set()
    skipped_words: set[str] = set()
    kept_in_runs: list[tuple[int, int]] = []  # tokens of address runs that are no address
    position = start
    for skip_start, skip_end in skips:
        if skip_start < position:
            continue
        lo, hi = _run_around(text, skip_start, skip_end, position, end)
        outside.update(_distinct_words(text, position, lo))
        for match in WORD.finditer(text, lo, hi):
            if any(s <= match.start() < e for s, e in skips):
                skipped_words.add(match.group())
            else:
                outside.add(match.group())
                kept_in_runs.append(match.span())
        position = hi
    outside.update(_distinct_words(text, position, end))

    def skipped(first: int) -> bool:
        at = bisect.bisect_right(skips, (first, math.inf)) - 1
        return at >= 0 and skips[at][0] <= first < skips[at][1]

    if sentences is None:
        sentences = sentence_spans(text, start, end)
    opening_words: set[int] = set()
    for opening, _ in sentences:
        word_found = WORD.search(text, opening, end)
        while word_found is not None and skips and skipped(word_found.start()):
            word_found = WORD.search(text, word_found.end(), end)
        if word_found is not None:
            opening_words.add(word_found.start())
    # The runs of non-space characters holding an upper-case letter (a capitalized word, or
    # an elided "al-Rashid"), and the particles standing alone before white space: the only
    # words a name is made of.
    runs = _particles(text, start, end)
    done = start
    for upper in _UPPER.finditer(text, start, end):
        first = upper.start()
        if first < done:
            continue
        while first > done and not text[first - 1].isspace():
            first -= 1
        rest = _NON_SPACE.match(text, upper.end(), end)
        done = rest.end() if rest is not None else upper.end()
        runs.append((first, done))
    runs.sort()
    tokens: list[_Token] = []
    for run_start, run_end in runs:
        for match in WORD.finditer(text, run_start, run_end):
            word, first, last = match.group(), match.start(), match.end()
            if skips and skipped(first):
                continue
            capital = _capitalized(word)
            if not capital and word not in PARTICLES:
                continue
            opens = first in opening_words
            if capital and not opens:
                before = text[max(start, first - 8) : first]
                opens = ":" in before and before.rstrip().rstrip(_OPENERS).endswith(":")
            initial = capital and len(word) == 1 and last < end and text[last] == "."
            tokens.append(_Token(first, last, word, _key(word), capital, initial, opens))
    inside = frozenset(t.key for t in tokens if t.capital and not t.opens and not t.initial)
    lower = frozenset(w.casefold() if w.isascii() and w.isalpha() else _key(w)
                      for w in outside if not _capitalized(w))
    return tokens, Evidence(inside, lower), frozenset(outside | skipped_words)


def _evidence(tokens: list[_Token]) -> Evidence:
    """Words seen capitalized inside a sentence, and words seen in lower case."""
    inside: set[str] = set()
    lower: set[str] = set()
    for token in tokens:
        if token.capital and not token.opens and not token.initial:
            inside.add(token.key)
        elif not token.capital:
            lower.add(token.key)
    return Evidence(frozenset(inside), frozenset(lower))


def _gap(text: str, left: _Token, right: _Token) -> str:
    return text[left.end : right.start]


def _joined(text: str, left: _Token, right: _Token) -> bool:
    """Whether ``right`` continues a name ending in ``left``: white space only, no blank line,
    or the full stop of an initial or a title."""
    gap = _gap(text, left, right)
    if left.initial or left.key in ABBREVIATIONS:
        gap = gap.removeprefix(".")
    elif gap[:1] in "'’" and left.word[-1:] in "sS":
        gap = gap[1:]  # a plural's possessive inside a name: "Council of Peoples' Commissars"
        return gap.isspace() and "\n" not in gap
    return (gap == "" and left.initial) or (gap.isspace() and gap.count("\n") < 2)


class _Finder:
    """One pass over the tokens of a text, building runs of name words."""

    def __init__(self, text: str, tokens: list[_Token], evidence: Evidence) -> None:
        self.text, self.tokens, self.evidence = text, tokens, evidence

    def _plain_candidate(self, token: _Token) -> bool:
        return (token.capital and len(token.word) > 1 and token.key not in FUNCTION_WORDS
                and _ROMAN.fullmatch(token.word) is None)

    def qualifies(self, index: int) -> bool:
        """Whether token ``index`` is a name word in its own right."""
        token = self.tokens[index]
        if not self._plain_candidate(token):
            return False
        if not token.opens or self.evidence.capitalized_inside(token.key):
            return True
        if self.evidence.in_lower_case(token.key):
            return False  # a common word that happens to open a sentence
        if index + 1 < len(self.tokens):
            following = self.tokens[index + 1]
            gap = _gap(self.text, token, following).replace(",", "", 1)
            return (gap.isspace() and gap.count("\n") < 2
                    and (self._plain_candidate(following)
                         or _ROMAN.fullmatch(following.word) is not None))
        return False

    def runs(self) -> list[list[_Token]]:
        runs: list[list[_Token]] = []
        run: list[_Token] = []
        tokens = self.tokens
        for index, token in enumerate(tokens):
            if not run and not token.capital and token.word not in PARTICLES:
                continue  # most words: lower case, with no run to end or continue
            joins = bool(run) and _joined(self.text, run[-1], token)
            if self.qualifies(index) or token.initial:
                if not joins:
                    runs.append(run)
                    run = []
                run.append(token)
            elif joins and self._continues(run, index):
                run.append(token)
            else:
                runs.append(run)
                run = []
        runs.append(run)
        return [run for run in runs if run]

    def _continues(self, run: list[_Token], index: int) -> bool:
        """A particle between capitals, or a regnal numeral after a name."""
        token = self.tokens[index]
        if any(not t.initial for t in run) and _ROMAN.fullmatch(token.word):
            return True
        if token.word in PARTICLES and index + 1 < len(self.tokens):
            following = self.tokens[index + 1]
            return _joined(self.text, token, following) and self.qualifies(index + 1)
        return False


def _names_of_run(text: str, run: list[_Token]) -> list[Name]:
    while run and run[-1].initial:
        run = run[:-1]  # an initial must stand before a name ("Plan B." is not one)
    words = [t for t in run if not t.initial and t.word not in PARTICLES
             and not _ROMAN.fullmatch(t.word)]
    if all(t.key in CONVENTIONAL_CAPITALS for t in words):
        return []  # nothing but numerals, or "March", "CHAPTER IV"
    if len(run) == 1:
        token = run[0]
        parts = list(WORD.finditer(_ANY_HYPHEN.sub(" ", token.word)))
        if len(parts) >= 3 and all(_capitalized(p.group()) for p in parts):
            return [_name(text, token.start + p.start(), token.start + p.end()) for p in parts]
    start, end = run[0].start, run[-1].end
    return [_name(text, start, end - _possessive(run[-1].word))]


def _name(text: str, start: int, end: int) -> Name:
    end -= _possessive(text[start:end])
    return Name(start, end, text[start:end])


def _find(text: str, start: int, end: int,
          evidence: Evidence | None = None) -> tuple[list[Name], list[_Token]]:
    tokens = _tokens(text, start, end)
    finder = _Finder(text, tokens, evidence if evidence is not None else _evidence(tokens))
    return [name for run in finder.runs() for name in _names_of_run(text, run)], tokens


def names_with_words(text: str, start: int = 0, end: int | None = None,
                     evidence: Evidence | None = None,
                     sentences: list[tuple[int, int]] | None = None
                     ) -> tuple[list[Name], frozenset[str]]:
    """:func:`find_names`, and every distinct word of ``text[start:end]``; ``sentences``
    are its :func:`~variorum.text.sentences.sentence_spans` when already cut."""
    names, words, _ = names_words_evidence(text, start, end, evidence, sentences)
    return names, words


def names_words_evidence(text: str, start: int = 0, end: int | None = None,
                         evidence: Evidence | None = None,
                         sentences: list[tuple[int, int]] | None = None
                         ) -> tuple[list[Name], frozenset[str], Evidence]:
    """:func:`names_with_words`, and the evidence the names were found with (``evidence``,
    else that of ``text[start:end]`` itself, gathered in the same pass)."""
    end = len(text) if end is None else end
    tokens, own, words = _scan(text, start, end, sentences)
    used = evidence if evidence is not None else own
    finder = _Finder(text, tokens, used)
    return [name for run in finder.runs() for name in _names_of_run(text, run)], words, used


def find_names(text: str, start: int = 0, end: int | None = None,
               evidence: Evidence | None = None) -> list[Name]:
    """The proper names in ``text[start:end]``, in order, with offsets into ``text``.

    Evidence for sentence-initial words comes from ``evidence`` (gathered once from the
    whole text) or else from ``text[start:end]`` itself. Addresses, handles and hashtags
    (:func:`not_prose`) hold no names.

    >>> [n.text for n in find_names("Brisk died. Marta Quill and Brisk's sister emigrated.")]
    ['Brisk', 'Marta Quill', 'Brisk']
    >>> [n.text for n in find_names("The survey began. Work on the Stalin-Rykov-Bukharin bloc.")]
    ['Stalin', 'Rykov', 'Bukharin']
    """
    return names_with_words(text, start, end, evidence)[0]


WordSpan = tuple[int, int, str, bool]


def names_and_words(text: str, start: int = 0, end: int | None = None
                    ) -> tuple[list[Name], list[WordSpan]]:
    """:func:`find_names`, and in the same pass every word as ``(start, end, key,
    capitalized)``: ``key`` as in :func:`name_key`, ``end`` before a possessive ending. The
    words are where a name is looked for in a text that did not reveal it as a name.

    >>> names, words = names_and_words("the Kessel coast's")
    >>> names
    [Name(start=4, end=10, text='Kessel')]
    >>> words
    [(0, 3, 'the', False), (4, 10, 'kessel', True), (11, 16, 'coast', False)]
    """
    end = len(text) if end is None else end
    names, tokens = _find(text, start, end)
    return names, [(t.start, t.end - _possessive(t.word), t.key, t.capital) for t in tokens]


def _core(text: str) -> tuple[int, int] | None:
    """From the first letter to the last of ``text``, a possessive ending left out."""
    words = list(WORD.finditer(text))
    if not words:
        return None
    return words[0].start(), words[-1].end() - _possessive(words[-1].group())


def is_name(text: str, context_before: str = "") -> bool:
    """Whether ``text`` (a reading) is one proper name or part of one, read after
    ``context_before`` (the witness's text before it; its last few thousand characters serve
    as evidence).

    >>> is_name("Djughachvili", "the real name of Stalin was Joseph ")
    True
    >>> is_name("were shot", "Zinoviev and Kamenev "), is_name("Zinoviev, Kamenev", "Then ")
    (False, False)
    """
    context = context_before[-CONTEXT_LIMIT:]
    core = _core(text)
    if core is None:
        return False
    whole = context + text
    first, last = core[0] + len(context), core[1] + len(context)
    names, _ = _find(whole, 0, len(whole))
    return any(name.start <= first and last <= name.end for name in names)
