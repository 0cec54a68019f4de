"""Deterministic generator of synthetic edition sets for the collation benchmarks.

Everything here is invented: the vocabulary is built from syllables, so no outside text is
ever copied into the repository, and a given ``seed`` always yields the same editions.

A base text is a list of paragraphs, each a list of sentences, each a list of word slots.
A slot keeps the punctuation glued to a word apart from the word itself (``pre``, ``core``,
``post``), so that word edits and punctuation edits can be applied independently, as an
editor or a compositor would, and so that rendering gives natural text (``"Word,``).

Derived editions are *successive*: edition k is made from edition k-1, the way a text is
revised from one printing to the next. With two witnesses this is simply base vs. derived.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

__all__ = ["edition_stats", "make_editions"]


def _words(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


# Frequent short words first: with Zipf weights these ranks dominate running text, as the
# function words of a natural language do (roughly 40-50% of tokens).
FUNCTION_WORDS = _words(
    "the of and to a in that is was he for it with as his on be at by had not are but "
    "from or have an they which one you were her all she there would their we him been "
    "has when who will more no if out so said what up its about into than them can only "
    "other new some could time these two may then do first any my now such like our over "
    "man me even most made after also did many before must through back years where much "
    "your way well down should because each just those people how too little state good "
    "very make world still own see men work long get here between both life being under "
    "never day same another know while last might us great old year off come since against "
    "go came right used take three"
)

_ONSETS = _words("b br c ch cl d dr f fl g gr h j k l m n p pl pr r s sh sk st str t th tr v w wh")
_VOWELS = _words("a e i o u a e i o ai ea ou")
_CODAS = ["", "", "", "", "n", "r", "s", "t", "l", "nd", "st", "rk", "ng", "m"]
_SUFFIXES = ["", "", "", "", "ed", "ing", "es", "ly", "tion", "ment", "ness", "er"]

MONTHS = _words(
    "January February March April May June July August September October November December"
)
EN_DASH = "\u2013"  # year ranges such as 1917-18 are printed with an en dash

# Probabilities of the kinds of edit applied to a word chosen for revision. Near-miss
# spellings dominate, as in real variant apparatuses (typos, modernised spellings).
EDIT_KINDS = ("similar", "different", "insert", "delete", "case", "punct")
EDIT_WEIGHTS = (0.30, 0.20, 0.15, 0.15, 0.10, 0.10)


@dataclass(slots=True)
class Slot:
    """One word with the punctuation attached to it on either side."""

    pre: str
    core: str
    post: str

    def render(self) -> str:
        return self.pre + self.core + self.post


Sentence = list[Slot]
Paragraph = list[Sentence]
Document = list[Paragraph]


def _make_vocabulary(rng: random.Random, size: int) -> list[str]:
    """Return ``size`` distinct words: function words first, then invented content words."""
    seen = set(FUNCTION_WORDS)
    words = list(FUNCTION_WORDS)
    while len(words) < size:
        syllables = rng.choice((1, 2, 2, 2, 3, 3))
        word = "".join(
            rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS) for _ in range(syllables)
        )
        word += rng.choice(_SUFFIXES)
        # A few capitalised entries stand in for proper names (places, persons).
        if rng.random() < 0.06:
            word = word.capitalize()
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _WordSource:
    """Zipf-distributed word sampler (weight ~ 1 / (rank + 2.7)), batched for speed."""

    def __init__(self, rng: random.Random, vocabulary: list[str]) -> None:
        self._rng = rng
        self.vocabulary = vocabulary
        weights = [1.0 / (rank + 2.7) for rank in range(len(vocabulary))]
        self._cum = list(itertools.accumulate(weights))
        self._buffer: list[str] = []

    def take(self, n: int) -> list[str]:
        # random.choices is much faster per word when asked for many words at once.
        if len(self._buffer) < n:
            self._buffer.extend(
                self._rng.choices(self.vocabulary, cum_weights=self._cum, k=max(4096, n))
            )
        out = self._buffer[-n:]
        del self._buffer[-n:]
        return out

    def one(self) -> str:
        return self.take(1)[0]


def _number(rng: random.Random) -> list[str]:
    """Numbers and dates as they appear in prose: 42, 1,250, 1917-18, 3 March 1921."""
    kind = rng.random()
    if kind < 0.35:
        return [str(rng.randint(2, 99))]
    if kind < 0.5:
        return [f"{rng.randint(1, 99)},{rng.randint(0, 999):03d}"]
    year = rng.randint(1640, 1990)
    if kind < 0.7:
        return [str(year)]
    if kind < 0.85:
        return [f"{year}{EN_DASH}{(year + rng.randint(1, 3)) % 100:02d}"]
    return [str(rng.randint(1, 28)), rng.choice(MONTHS), str(year)]


def _sentence(rng: random.Random, source: _WordSource, length: int) -> Sentence:
    cores: list[str] = []
    while len(cores) < length:
        if rng.random() < 0.025:
            cores.extend(_number(rng))
        else:
            cores.extend(source.take(min(4, length - len(cores))))
    cores = cores[:length]
    slots = [Slot("", core, "") for core in cores]
    slots[0].core = slots[0].core[:1].upper() + slots[0].core[1:]
    # Commas after roughly one word in nine, never on the last word.
    for slot in slots[:-1]:
        if rng.random() < 0.11:
            slot.post = ","
    if length > 8 and rng.random() < 0.12:
        slots[rng.randrange(3, length - 3)].post = ";"
    # A quoted span now and then; typographic and straight quotes both occur in editions.
    if length > 6 and rng.random() < 0.08:
        start = rng.randrange(1, length - 3)
        end = min(length - 2, start + rng.randint(1, 5))
        opening, closing = rng.choice((("“", "”"), ('"', '"')))
        slots[start].pre = opening + slots[start].pre
        slots[end].post = slots[end].post.rstrip(",;") + closing
    slots[-1].post += rng.choices((".", "?", "!", ":"), weights=(90, 5, 3, 2))[0]
    return slots


def _base_document(rng: random.Random, source: _WordSource, words: int) -> Document:
    document: Document = []
    remaining = words
    while remaining > 0:
        paragraph: Paragraph = []
        for _ in range(rng.randint(2, 8)):
            if remaining <= 0:
                break
            length = min(remaining, max(2, int(rng.gauss(18, 8))))
            paragraph.append(_sentence(rng, source, length))
            remaining -= length
        document.append(paragraph)
    return document


def _similar_spelling(rng: random.Random, word: str) -> str:
    """One-letter change: substitution, doubling, dropping or swapping, like a typo."""
    if len(word) < 3 or not word.isalpha():
        return word + "e" if word.isalpha() else str(rng.randint(2, 99))
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.4:
        letter = rng.choice("aeiourstnl")
        if letter == word[i]:
            letter = "y"
        return word[:i] + letter + word[i + 1 :]
    if kind < 0.6:
        return word[:i] + word[i] + word[i:]
    if kind < 0.8:
        return word[:i] + word[i + 1 :]
    i = min(i, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _keep_case(model: str, word: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def _revise_sentence(
    rng: random.Random, source: _WordSource, sentence: Sentence, rate: float
) -> Sentence:
    out: Sentence = []
    carry_pre = ""  # opening punctuation of a deleted word moves to the next word
    for original in sentence:
        slot = Slot(carry_pre + original.pre, original.core, original.post)
        carry_pre = ""
        if rng.random() >= rate:
            out.append(slot)
            continue
        kind = rng.choices(EDIT_KINDS, weights=EDIT_WEIGHTS)[0]
        if kind == "similar":
            slot.core = _similar_spelling(rng, slot.core)
        elif kind == "different":
            slot.core = _keep_case(slot.core, source.one())
        elif kind == "insert":
            # The new word goes after this one and takes over its trailing punctuation,
            # so that nothing is ever inserted after a sentence's final period.
            out.append(Slot(slot.pre, slot.core, ""))
            slot = Slot("", source.one(), slot.post)
        elif kind == "delete":
            # Keep the sentence's punctuation: a deleted last word leaves its period behind.
            carry_pre = slot.pre
            if out:
                out[-1].post = (out[-1].post + slot.post).replace(",.", ".")
                continue
            if len(sentence) > 1:
                continue
        elif kind == "case":
            first = slot.core[:1]
            rest = slot.core[1:]
            slot.core = (first.lower() if first.isupper() else first.upper()) + rest
        else:
            slot.post = _revise_punctuation(rng, slot.post)
        out.append(slot)
    if carry_pre and out:
        out[-1].post += carry_pre.replace("“", "”")
    return out or sentence


def _revise_punctuation(rng: random.Random, post: str) -> str:
    if "," in post:
        return post.replace(",", rng.choice(("", ";", " —")), 1)
    if ";" in post:
        return post.replace(";", ",", 1)
    if post.endswith("."):
        return post[:-1] + rng.choice(("!", ";", "…"))
    return post + ","


def _move_sentences(rng: random.Random, document: Document, moves: int) -> None:
    """Move ``moves`` sentences to another place, often in another paragraph."""
    for _ in range(moves):
        sources = [i for i, paragraph in enumerate(document) if len(paragraph) > 1]
        if not sources:
            return
        p = rng.choice(sources)
        sentence = document[p].pop(rng.randrange(len(document[p])))
        q = rng.randrange(len(document))
        document[q].insert(rng.randint(0, len(document[q])), sentence)


def _render(document: Document) -> str:
    return (
        "\n\n".join(
            " ".join(" ".join(slot.render() for slot in sentence) for sentence in paragraph)
            for paragraph in document
        )
        + "\n"
    )


def make_editions(
    words: int, witnesses: int, edit_rate: float, moves: int = 2, seed: int = 0
) -> list[str]:
    """Return ``witnesses`` texts: a base text of ``words`` words, then revised editions.

    Each edition after the first is made from the previous one: every word is revised with
    probability ``edit_rate`` (spelling variants, other words, insertions, deletions, case
    and punctuation changes), then ``moves`` sentences are moved elsewhere.

    >>> a, b = make_editions(200, 2, 0.05, seed=1)
    >>> len(a.split()) >= 200 and a != b
    True
    >>> make_editions(200, 2, 0.05, seed=1) == [a, b]
    True
    """
    if witnesses < 1:
        raise ValueError("need at least one witness")
    rng = random.Random(seed)
    # A larger text uses more distinct words, as real corpora do (Heaps' law).
    vocabulary = _make_vocabulary(rng, max(400, min(60_000, int(12 * words**0.7))))
    source = _WordSource(rng, vocabulary)
    document = _base_document(rng, source, words)
    texts = [_render(document)]
    for _ in range(witnesses - 1):
        # Revision builds new slots, so earlier editions' documents are never mutated.
        document = [
            [_revise_sentence(rng, source, sentence, edit_rate) for sentence in paragraph]
            for paragraph in document
        ]
        _move_sentences(rng, document, moves)
        texts.append(_render(document))
    return texts


def edition_stats(text: str) -> dict[str, int]:
    """Counts used by the benchmark report (word tokens, paragraphs, characters)."""
    return {
        "words": len(text.split()),
        "paragraphs": text.count("\n\n") + 1,
        "chars": len(text),
    }


if __name__ == "__main__":
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 120
    for i, edition in enumerate(make_editions(n, 2, 0.05, seed=0)):
        print(f"--- edition {i} ---")
        print(edition)
