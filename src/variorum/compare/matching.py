"""Pairing the articles of editions: first by key (case- and accent-insensitive), then, for
what stays unmatched between two successive editions, by content: word shingles shared
between an article the earlier edition alone has and one the later alone has.

One old article whose text is found in one new article was ``renamed``; found in several
new ones, it was ``split``; several old ones found in one new one were ``merged``.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .editions import Article, Edition, fold_key

__all__ = ["CONTAINMENT", "SHINGLE", "Group", "match_by_content", "match_by_key", "shingles"]

SHINGLE = 4  # words in a shingle: a run of 4 words rarely recurs by chance in one language
# Least share of the smaller article's shingles found in the other for them to be one text:
# more than half of the words of one stand, in order, in the other.
CONTAINMENT = 0.5
MIN_SHARED = 3  # and at least this many shingles (a 10-word article has 7)
COMMON = 50  # a shingle in more articles than this is boilerplate (a footer), not evidence

_WORD = re.compile(r"\w+")


@dataclass
class Group:
    """Articles that are one article across editions: ``members`` by edition label, how
    they were matched (``kind``: ``key``, ``renamed``, ``merged``, ``split``), and for a
    match by content its similarity and reason."""

    members: dict[str, Article]
    kind: str = "key"
    similarity: float | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)


def match_by_key(editions: Sequence[Edition]) -> list[Group]:
    """One group per folded key, in the order the keys first appear. Two articles of one
    edition with the same folded key (``Radek.txt`` and ``radek.txt``) are told apart by
    their order (the second is matched with the second of another edition)."""
    groups: dict[tuple[str, int], Group] = {}
    for edition in editions:
        seen: Counter[str] = Counter()
        for article in edition.articles:
            folded = fold_key(article.key)
            seen[folded] += 1
            slot = (folded, seen[folded])
            group = groups.setdefault(slot, Group(members={}))
            group.members[edition.label] = article
    return list(groups.values())


def shingles(text: str) -> set[int]:
    """The hashed runs of :data:`SHINGLE` words of a text, its words folded (case and
    accents); a text shorter than that gives its whole word sequence as one shingle."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    words = _WORD.findall("".join(c for c in decomposed if not unicodedata.combining(c)))
    if len(words) < SHINGLE:
        return {hash(tuple(words))} if words else set()
    return {hash(tuple(words[i : i + SHINGLE])) for i in range(len(words) - SHINGLE + 1)}


def _array(found: set[int]) -> np.ndarray[Any, np.dtype[np.int64]]:
    """A set of shingles as a sorted array (8 bytes a shingle, not the ~70 of a set)."""
    return np.sort(np.fromiter(found, dtype=np.int64, count=len(found)))


class _Postings:
    """Which articles (by their place in the list given) hold each shingle, as two sorted
    arrays rather than a dictionary of lists: the shingles held by more than
    :data:`COMMON` articles are left out (boilerplate, not evidence)."""

    def __init__(self, sets: list[np.ndarray[Any, np.dtype[np.int64]]]) -> None:
        self.sizes = np.array([len(found) for found in sets], dtype=np.int64)
        hashes = np.concatenate(sets) if sets else np.zeros(0, dtype=np.int64)
        sets.clear()
        order = np.argsort(hashes)
        self.owners = np.repeat(np.arange(len(self.sizes), dtype=np.int32),
                                self.sizes)[order]
        hashes = hashes[order]
        del order
        # each distinct shingle: where its run of holders starts, and how long it is
        starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1]))) \
            if len(hashes) else np.zeros(0, dtype=np.int64)
        counts = np.diff(np.append(starts, len(hashes)))
        kept = counts <= COMMON
        self.hashes, self.starts, self.counts = hashes[starts[kept]], starts[kept], counts[kept]

    def shared(self, found: np.ndarray[Any, np.dtype[np.int64]]
               ) -> list[tuple[int, int]]:
        """``(article, shingles shared with found)`` for each article holding one."""
        at = np.searchsorted(self.hashes, found)
        inside = at < len(self.hashes)
        at = at[inside]
        at = at[self.hashes[at] == found[inside]]
        if not len(at):
            return []
        counts = self.counts[at]
        # the owners of each shingle found: runs of ``counts`` from ``starts``
        ends = np.cumsum(counts)
        spans = np.repeat(self.starts[at] - (ends - counts), counts) + np.arange(ends[-1])
        holders, shared = np.unique(self.owners[spans], return_counts=True)
        return list(zip(holders.tolist(), shared.tolist(), strict=True))


def match_by_content(groups: list[Group], labels: Sequence[str],
                     shingles_of: Callable[[str, Article], set[int]]) -> list[Group]:
    """``groups`` with, for each pair of successive editions, the articles only the earlier
    has matched by content to those only the later has. A rename joins the two groups into
    one; a merge or split gives one group per pair of articles it joins, in place of the
    groups they came from (a group that also has other editions' articles stays too)."""
    for before, after in itertools.pairwise(labels):
        groups = _match_pair(groups, before, after, shingles_of)
    return groups


def _match_pair(groups: list[Group], before: str, after: str,
                shingles_of: Callable[[str, Article], set[int]]) -> list[Group]:
    olds = [i for i, g in enumerate(groups)
            if before in g.members and after not in g.members and g.kind == "key"]
    news = [i for i, g in enumerate(groups)
            if after in g.members and before not in g.members and g.kind == "key"]
    if not olds or not news:
        return groups
    postings = _Postings([_array(shingles_of(after, groups[i].members[after])) for i in news])
    edges: dict[tuple[int, int], tuple[float, float, float]] = {}
    for o in olds:
        old_set = _array(shingles_of(before, groups[o].members[before]))
        if not len(old_set):
            continue
        for at, count in postings.shared(old_set):
            n, size, count = news[at], int(postings.sizes[at]), int(count)
            in_new = count / len(old_set)  # share of the old article found in the new one
            in_old = count / size  # share of the new article found in the old one
            if count >= min(MIN_SHARED, len(old_set), size) and max(in_new, in_old) >= \
                    CONTAINMENT:
                edges[o, n] = (count / (len(old_set) + size - count), in_new, in_old)
    if not edges:
        return groups
    olds_of: dict[int, list[int]] = defaultdict(list)
    news_of: dict[int, list[int]] = defaultdict(list)
    # in the order of the groups: the edges were found in the order of the shingles' hashes,
    # which changes from run to run (``hash`` of a string is salted per process)
    for o, n in sorted(edges):
        olds_of[n].append(o)
        news_of[o].append(n)
    consumed: set[int] = set()
    joined: list[Group] = []
    for (o, n), (jaccard, in_new, in_old) in sorted(edges.items()):
        old, new = groups[o], groups[n]
        old_key, new_key = old.members[before].key, new.members[after].key
        figures = (f"Jaccard {jaccard:.2f} over {SHINGLE}-word shingles; "
                   f"{in_new:.0%} of {old_key!r} ({before}) stands in {new_key!r} ({after}), "
                   f"{in_old:.0%} of {new_key!r} in {old_key!r}")
        if len(news_of[o]) == 1 and len(olds_of[n]) == 1:
            reason = f"no {old_key!r} in {after} nor {new_key!r} in {before}; {figures}"
            if not set(old.members) & set(new.members):
                old.members.update(new.members)
                old.kind, old.similarity, old.reason = "renamed", round(jaccard, 4), reason
                consumed.add(n)
                continue
            joined.append(Group({before: old.members[before], after: new.members[after]},
                                "renamed", round(jaccard, 4), reason))
        elif len(olds_of[n]) > 1:
            others = ", ".join(repr(groups[k].members[before].key) for k in olds_of[n])
            joined.append(Group({before: old.members[before], after: new.members[after]},
                                "merged", round(in_new, 4),
                                f"{others} of {before} are merged into {new_key!r} of "
                                f"{after}; {figures}"))
        else:
            parts = ", ".join(repr(groups[k].members[after].key) for k in news_of[o])
            joined.append(Group({before: old.members[before], after: new.members[after]},
                                "split", round(in_old, 4),
                                f"{old_key!r} of {before} is split into {parts} of {after}; "
                                f"{figures}"))
        for i, label in ((o, before), (n, after)):
            if set(groups[i].members) <= {label}:
                consumed.add(i)
    return [g for i, g in enumerate(groups) if i not in consumed] + joined
