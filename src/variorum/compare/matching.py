"""Pairing the articles of editions: first by key (case- and accent-insensitive), then, for
what stays unmatched between two successive editions, by content: word shingles shared
between an article the earlier edition alone has and one the later alone has.

One old article whose text is found in one new article was ``renamed``; found in several
new ones, it was ``split``; several old ones found in one new one were ``merged``. An
article both editions have under its key is matched too, by what it gained (an unmatched
old article found there was merged into it) and what it lost (an unmatched new article
found there was split from it). An article matched by content between two editions goes
on being matched between the next two (a chain of renames is one group).
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
    if not decomposed.isascii():
        # the accents: the distinct characters' combining marks, removed in one pass (a
        # test of every character in Python took most of the time of matching by content)
        marks = {ord(c): None for c in set(decomposed) if unicodedata.combining(c)}
        if marks:
            decomposed = decomposed.translate(marks)
    words = _WORD.findall(decomposed)
    if len(words) < SHINGLE:
        return {hash(tuple(words))} if words else set()
    # the hash of each run of SHINGLE words as a tuple (zip's, ended by the shortest slice)
    return set(map(hash, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))


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
                     shingles_of: Callable[[str, Article], set[int]],
                     differ: Callable[[Article, Article], bool] | None = None) -> list[Group]:
    """``groups`` with, for each pair of successive editions, the articles only the earlier
    has matched by content to those only the later has, and to the articles both have
    under one key (an article absorbed into one that keeps its key is merged into it; one
    cut out of an article that keeps its key is split from it). A rename joins the two
    groups into one (and a chain of renames over several editions stays one group); a
    merge or split gives one group per pair of articles it joins, in place of the groups
    they came from (a group that also has other editions' articles stays too).
    ``differ(old, new)`` tells whether an article kept under its key changed at all (an
    unchanged one absorbed nothing and lost nothing: its text is not read); by default
    every kept article is read."""
    for before, after in itertools.pairwise(labels):
        groups = _match_pair(groups, labels, before, after, shingles_of, differ)
    return groups


@dataclass
class _Edge:
    """What joins an old article to a new one: the shingles shared, and the sizes they are
    shares of (for an article kept under its key, of what it gained or lost)."""

    shared: int
    old_size: int
    new_size: int

    @property
    def in_new(self) -> float:  # share of the old article found in the new one
        return self.shared / self.old_size

    @property
    def in_old(self) -> float:  # share of the new article found in the old one
        return self.shared / self.new_size

    @property
    def jaccard(self) -> float:
        return self.shared / (self.old_size + self.new_size - self.shared)


def _evidence(shared: int, old_size: int, new_size: int, share: float) -> bool:
    """Enough shingles in common, and enough of the smaller side found in the other."""
    return shared >= min(MIN_SHARED, old_size, new_size) and share >= CONTAINMENT


def _match_pair(groups: list[Group], labels: Sequence[str], before: str, after: str,
                shingles_of: Callable[[str, Article], set[int]],
                differ: Callable[[Article, Article], bool] | None = None) -> list[Group]:
    # The old side: the articles of ``before`` whose group has no ``after`` (of any kind:
    # one renamed, merged or split between earlier editions goes on being matched), each
    # once with the groups holding it (a merged article stands in one group per pair).
    holders: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        if before in g.members and after not in g.members:
            holders.setdefault(g.members[before].path, []).append(i)
    olds = [places[0] for places in holders.values()]
    news = [i for i, g in enumerate(groups)
            if after in g.members and before not in g.members and g.kind == "key"]
    # Articles both editions have under one key: an unmatched old one may have been
    # absorbed into what such an article gained, an unmatched new one cut out of what it
    # lost. (Several groups may hold one pair: each pair once.)
    kept: list[int] = []
    pairs_seen: set[tuple[str, str]] = set()
    if olds or news:
        for i, g in enumerate(groups):
            if before in g.members and after in g.members:
                pair = (g.members[before].path, g.members[after].path)
                if pair not in pairs_seen:
                    pairs_seen.add(pair)
                    kept.append(i)
    if not (olds and news) and not kept:
        return groups
    old_sets = [_array(shingles_of(before, groups[i].members[before])) for i in olds]
    new_postings = _Postings([_array(shingles_of(after, groups[i].members[after]))
                              for i in news]) if news else None
    # nodes: ("old", group) / ("kept", group) on the old side; ("new", group) / ("kept",
    # group) on the new side
    edges: dict[tuple[tuple[str, int], tuple[str, int]], _Edge] = {}
    if new_postings is not None:
        for group, old_set in zip(olds, old_sets, strict=True):
            if not len(old_set):
                continue
            for at, count in new_postings.shared(old_set):
                edge = _Edge(int(count), len(old_set), int(new_postings.sizes[at]))
                if _evidence(edge.shared, edge.old_size, edge.new_size,
                             max(edge.in_new, edge.in_old)):
                    edges[("old", group), ("new", news[at])] = edge
    if kept:
        old_postings = _Postings(list(old_sets)) if olds else None
        for k in kept:
            was, now = groups[k].members[before], groups[k].members[after]
            if differ is not None and not differ(was, now):
                continue
            had, has = shingles_of(before, was), shingles_of(after, now)
            if not had or not has:
                continue  # a version unread (or empty) says nothing of what moved
            gained, lost = _array(has - had), _array(had - has)
            if old_postings is not None and len(gained):
                for at, count in old_postings.shared(gained):
                    size = int(old_postings.sizes[at])
                    edge = _Edge(int(count), size, len(gained))
                    if _evidence(edge.shared, size, size, edge.in_new):
                        edges[("old", olds[at]), ("kept", k)] = edge
            if new_postings is not None and len(lost):
                for at, count in new_postings.shared(lost):
                    size = int(new_postings.sizes[at])
                    edge = _Edge(int(count), len(lost), size)
                    if _evidence(edge.shared, size, size, edge.in_old):
                        edges[("kept", k), ("new", news[at])] = edge
    del old_sets
    if not edges:
        return groups
    olds_of: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    news_of: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    # in the order of the groups: the edges were found in the order of the shingles' hashes,
    # which changes from run to run (``hash`` of a string is salted per process)
    order = sorted(edges, key=lambda e: (e[0][1], e[1][1]))
    for o, n in order:
        olds_of[n].append(o)
        news_of[o].append(n)

    def old_article(node: tuple[str, int]) -> Article:
        return groups[node[1]].members[before]

    def new_article(node: tuple[str, int]) -> Article:
        return groups[node[1]].members[after]

    rank = {label: i for i, label in enumerate(labels)}

    def earlier(group: Group) -> dict[str, Article]:  # its articles up to ``before``
        return {k: v for k, v in group.members.items() if rank[k] <= rank[before]}

    def later(group: Group) -> dict[str, Article]:  # its articles from ``after`` on
        return {k: v for k, v in group.members.items() if rank[k] >= rank[after]}

    consumed: set[int] = set()
    joined: list[Group] = []
    for o, n in order:
        edge = edges[o, n]
        old, new = old_article(o), new_article(n)
        overlap = (f"Jaccard {edge.jaccard:.2f} over {SHINGLE}-word shingles; "
                   f"{edge.in_new:.0%} of {old.key!r} ({before}) stands in {new.key!r} "
                   f"({after}), {edge.in_old:.0%} of {new.key!r} in {old.key!r}")
        if o[0] == "old" and n[0] == "new" and news_of[o] == [n] and olds_of[n] == [o]:
            figures = overlap
            reason = f"no {old.key!r} in {after} nor {new.key!r} in {before}; {figures}"
            if _rename(groups, holders[old.path], groups[n[1]], edge, reason):
                consumed.add(n[1])
                continue
            kind, similarity = "renamed", round(edge.jaccard, 4)
        elif n[0] == "kept" or len(olds_of[n]) > 1:
            # with a kept article, the old one is merged into the article of its own key
            merged = ([old_article(n)] if n[0] == "kept" else []) + \
                [old_article(k) for k in olds_of[n]]
            others = ", ".join(repr(a.key) for a in merged)
            if n[0] == "kept":
                figures = (f"{edge.in_new:.0%} of {old.key!r} ({before}) stands in what "
                           f"{new.key!r} gained in {after}")
                groups[n[1]].notes.append(f"{old.key!r} of {before} is merged into it in "
                                          f"{after}")
            else:
                figures = overlap
            kind, similarity = "merged", round(edge.in_new, 4)
            reason = f"{others} of {before} are merged into {new.key!r} of {after}; {figures}"
        else:
            parts = ", ".join(repr(a.key) for a in
                              ([new_article(o)] if o[0] == "kept" else []) +
                              [new_article(k) for k in news_of[o]])
            if o[0] == "kept":
                figures = (f"{edge.in_old:.0%} of {new.key!r} ({after}) stands in what "
                           f"{old.key!r} lost from {before} to {after}")
                groups[o[1]].notes.append(f"{new.key!r} of {after} is split from it")
            else:
                figures = overlap
            kind, similarity = "split", round(edge.in_old, 4)
            reason = f"{old.key!r} of {before} is split into {parts} of {after}; {figures}"
        # One entry per pair of articles joined, each carrying the editions its two sides
        # had before and after (a group matched earlier goes on: its status stays, its
        # reason tells what followed); a group left with nothing else is replaced by it.
        for i in holders[old.path] if o[0] == "old" else [o[1]]:
            side = groups[i]
            going_on = o[0] == "old" and side.kind in ("merged", "split")
            joined.append(Group(
                {**earlier(side), **later(groups[n[1]])},
                side.kind if going_on else kind,
                side.similarity if going_on else similarity,
                f"{side.reason}; then {reason}" if side.kind != "key" and o[0] == "old"
                else reason))
            if o[0] == "old" and set(side.members) == set(earlier(side)):
                consumed.add(i)
        if n[0] == "new" and set(groups[n[1]].members) == set(later(groups[n[1]])):
            consumed.add(n[1])
    return [g for i, g in enumerate(groups) if i not in consumed] + joined


def _rename(groups: list[Group], places: list[int], new: Group, edge: _Edge,
            reason: str) -> bool:
    """Join the group ``new`` to each group holding the old article (``places``), when
    they have no edition in common; whether all could. A group matched by key becomes
    ``renamed``; one already matched by content (renamed, merged or split between earlier
    editions) keeps its status, and its reason says what followed (a chain of renames
    keeps the least similarity of its steps)."""
    if any(set(groups[i].members) & set(new.members) for i in places):
        return False
    for i in places:
        group = groups[i]
        group.members.update(new.members)
        if group.kind == "key":
            group.kind, group.similarity, group.reason = "renamed", round(edge.jaccard, 4), \
                reason
        else:
            if group.kind == "renamed" and group.similarity is not None:
                group.similarity = min(group.similarity, round(edge.jaccard, 4))
            group.reason += f"; then {reason}"
    return True
