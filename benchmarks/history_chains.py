"""Generated revision chains with their truth, for ``variorum history`` (issue 19).

An article is a list of sentences, each a list of words; every word written carries a
lineage number. Each revision applies a few planted edits: a sentence inserted (fresh
words), a sentence removed, a sentence moved elsewhere, a removed sentence put back (its
old words, a reintroduction), a word inserted, deleted or replaced inside a sentence, and
now and then vandalism (a large stretch blanked) reverted in the next revision. The truth of
each word of each edition is the edition its lineage first stood in and the first later
edition without it.

Words are invented (letters only) and drawn from a Zipf-like vocabulary, so common words
repeat as in prose and a new sentence shares words with old ones.
"""

from __future__ import annotations

import difflib
import itertools
import random
from dataclasses import dataclass, field

__all__ = ["Chain", "difflib_provenance", "make_chain", "score"]

_ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]


@dataclass
class Chain:
    """Editions' texts in order, and for each edition its words' lineages in order."""

    texts: list[str] = field(default_factory=list)
    lineages: list[list[int]] = field(default_factory=list)

    def truth(self) -> list[list[tuple[int, int | None]]]:
        """Per edition, per word: (introducing edition, first later edition without it)."""
        present: dict[int, list[int]] = {}
        for k, words in enumerate(self.lineages):
            for lineage in words:
                present.setdefault(lineage, []).append(k)
        n = len(self.lineages)
        sets = {lineage: set(editions) for lineage, editions in present.items()}
        out = []
        for k, words in enumerate(self.lineages):
            row = []
            for lineage in words:
                editions = present[lineage]
                after = k + 1
                while after < n and after in sets[lineage]:
                    after += 1
                row.append((editions[0], None if after == n else after))
            out.append(row)
        return out


def _vocabulary(rng: random.Random, size: int) -> tuple[list[str], list[float]]:
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS)
                       for _ in range(rng.choice((1, 2, 2, 3))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    weights = list(itertools.accumulate(1.0 / (rank + 2.7) for rank in range(size)))
    return words, weights


def make_chain(revisions: int = 20, words: int = 1000, *, seed: int = 1,
               edits: int = 4) -> Chain:
    """A chain of ``revisions`` editions of an article of about ``words`` words."""
    rng = random.Random(seed)
    vocabulary, cum = _vocabulary(rng, 3000)
    counter = itertools.count()
    text_of: dict[int, str] = {}

    def fresh(n: int) -> list[int]:
        ids = []
        for word in rng.choices(vocabulary, cum_weights=cum, k=n):
            lineage = next(counter)
            text_of[lineage] = word
            ids.append(lineage)
        return ids

    def sentence() -> list[int]:
        return fresh(max(3, int(rng.gauss(16, 6))))

    article: list[list[int]] = []
    while sum(map(len, article)) < words:
        article.append(sentence())
    graveyard: list[list[int]] = []
    chain = Chain()
    pending_revert: list[list[int]] | None = None

    def record() -> None:
        chain.lineages.append([w for s in article for w in s])
        paragraphs = []
        for start in range(0, len(article), 6):
            paragraphs.append(" ".join(
                " ".join([text_of[s[0]].capitalize(), *(text_of[w] for w in s[1:])]) + "."
                for s in article[start:start + 6] if s))
        chain.texts.append("\n\n".join(paragraphs) + "\n")

    record()
    for _ in range(revisions - 1):
        if pending_revert is not None:
            article[:] = pending_revert
            pending_revert = None
            record()
            continue
        for _ in range(edits):
            op = rng.random()
            if op < 0.2:
                article.insert(rng.randrange(len(article) + 1), sentence())
            elif op < 0.35 and len(article) > 3:
                graveyard.append(article.pop(rng.randrange(len(article))))
            elif op < 0.5 and len(article) > 3:
                moved = article.pop(rng.randrange(len(article)))
                article.insert(rng.randrange(len(article) + 1), moved)
            elif op < 0.62 and graveyard:
                back = graveyard.pop(rng.randrange(len(graveyard)))
                article.insert(rng.randrange(len(article) + 1), back)
            elif op < 0.97 and article:
                s = article[rng.randrange(len(article))]
                kind = rng.random()
                if kind < 0.4:
                    where = rng.randrange(len(s) + 1)
                    s[where:where] = fresh(rng.randint(1, 3))
                elif kind < 0.7 and len(s) > 4:
                    where = rng.randrange(len(s) - 2)
                    del s[where:where + rng.randint(1, 2)]
                else:
                    s[rng.randrange(len(s))] = fresh(1)[0]
            elif len(article) > 6:
                pending_revert = [list(s) for s in article]
                start = rng.randrange(len(article) - 4)
                del article[start:start + rng.randint(3, len(article) // 2)]
        if not article:
            article.append(sentence())
        record()
    return chain


def _word_tokens(text: str) -> list[tuple[int, str]]:
    out = []
    start = None
    for i, c in enumerate(text + " "):
        if c.isalpha():
            if start is None:
                start = i
        elif start is not None:
            out.append((start, text[start:i].lower()))
            start = None
    return out


def score(chain: Chain, predicted: list[list[tuple[int, int | None]]]) -> float:
    """Share of words (over all editions) whose predicted (introduced, removed) is right."""
    truth = chain.truth()
    right = total = 0
    for want, got in zip(truth, predicted, strict=True):
        if len(want) != len(got):
            raise ValueError("a prediction must have one entry per word")
        right += sum(1 for w, g in zip(want, got, strict=True) if w == g)
        total += len(want)
    return right / total if total else 1.0


def history_provenance(chain: Chain, history: object) -> list[list[tuple[int, int | None]]]:
    """The word provenance a :class:`variorum.history.History` gives, per edition's word."""
    import bisect

    labels = [e.witness.id for e in history.editions]  # type: ignore[attr-defined]
    index = {label: k for k, label in enumerate(labels)}
    out = []
    for text, edition in zip(chain.texts, history.editions, strict=True):  # type: ignore[attr-defined]
        starts = [r.start for r in edition.tokens]
        row = []
        for offset, _ in _word_tokens(text):
            r = edition.tokens[bisect.bisect_right(starts, offset) - 1]
            row.append((index[r.introduced_in],
                        None if r.removed_in is None else index[r.removed_in]))
        out.append(row)
    return out


def difflib_provenance(chain: Chain) -> list[list[tuple[int, int | None]]]:
    """The baseline: each consecutive pair diffed with difflib, provenance carried forward
    (a removed word put back is new again)."""
    n = len(chain.texts)
    ids_per: list[list[int]] = []
    intro: list[int] = []
    previous: list[str] = []
    previous_ids: list[int] = []
    for k, text in enumerate(chain.texts):
        words = [w for _, w in _word_tokens(text)]
        ids = [-1] * len(words)
        matcher = difflib.SequenceMatcher(None, previous, words, autojunk=False)
        for a, b, size in matcher.get_matching_blocks():
            ids[b:b + size] = previous_ids[a:a + size]
        for i, lineage in enumerate(ids):
            if lineage < 0:
                ids[i] = len(intro)
                intro.append(k)
        ids_per.append(ids)
        previous, previous_ids = words, ids
    last: dict[int, int] = {}
    for k, ids in enumerate(ids_per):
        for lineage in ids:
            last[lineage] = k
    return [[(intro[lineage], None if last[lineage] + 1 == n else last[lineage] + 1)
             for lineage in ids] for ids in ids_per]
