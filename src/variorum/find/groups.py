"""Groups: passage pairs joined transitively into sets of versions of one passage.

Every pair gives two spans. Spans of one document that overlap by at least half of the
shorter are one passage (a quotation found against three other copies is found three times,
with slightly different ends); passages linked by a pair are in one group (union-find). A
passage is the hull of its spans; each measured pair of passages keeps its own spans, the
extent of the two copies that were aligned with each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .refine import FoundPair

__all__ = ["SpanGroup", "group_pairs"]


@dataclass(frozen=True)
class SpanGroup:
    """A group before excerpts are read: passages as (doc, first word, end word, start char,
    end char), and measured pairs as (passage index, passage index, similarity), the lower
    index first, with ``pair_spans`` beside them: the characters of each copy aligned in
    that pair, ((start, end) in the first passage's document, (start, end) in the
    second's)."""

    spans: tuple[tuple[int, int, int, int, int], ...]
    pairs: tuple[tuple[int, int, float], ...]
    pair_spans: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def root(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def join(self, first: int, second: int) -> None:
        a, b = self.root(first), self.root(second)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def group_pairs(pairs: Sequence[FoundPair]) -> list[SpanGroup]:
    """Groups of passages, in order of their first passage (document, then offset)."""
    # Each pair contributes two span nodes: 2k for its first copy, 2k + 1 for its second.
    nodes: list[tuple[int, int, int, int, int]] = []
    for pair in pairs:
        nodes.append((pair.doc_a, pair.a_start, pair.a_end, *pair.a_chars))
        nodes.append((pair.doc_b, pair.b_start, pair.b_end, *pair.b_chars))
    spans = _UnionFind(len(nodes))  # which nodes are the same passage
    order = sorted(range(len(nodes)), key=lambda i: (nodes[i][0], nodes[i][1], -nodes[i][2]))
    open_: list[int] = []  # nodes of the current document still overlapping the sweep
    for index in order:
        doc, start, end = nodes[index][:3]
        open_ = [o for o in open_ if nodes[o][0] == doc and nodes[o][2] > start]
        for other in open_:
            overlap = min(end, nodes[other][2]) - start
            if 2 * overlap >= min(end - start, nodes[other][2] - nodes[other][1]):
                spans.join(index, other)
        open_.append(index)
    # A passage is the hull of its spans; pairs link passages.
    passage_of: dict[int, int] = {}
    hulls: list[list[int]] = []
    for index, node in enumerate(nodes):
        root = spans.root(index)
        if root not in passage_of:
            passage_of[root] = len(hulls)
            hulls.append(list(node))
        else:
            hull = hulls[passage_of[root]]
            hull[1], hull[3] = min(hull[1], node[1]), min(hull[3], node[3])
            hull[2], hull[4] = max(hull[2], node[2]), max(hull[4], node[4])
    links = _UnionFind(len(hulls))
    edges: list[tuple[int, int, float, int]] = []  # passages, similarity, pair
    for k, pair in enumerate(pairs):
        first, second = passage_of[spans.root(2 * k)], passage_of[spans.root(2 * k + 1)]
        if first != second:
            links.join(first, second)
            edges.append((first, second, pair.similarity, k))
    members: dict[int, list[int]] = {}
    for passage in range(len(hulls)):
        members.setdefault(links.root(passage), []).append(passage)
    edges_of: dict[int, list[tuple[int, int, float, int]]] = {}
    for edge in edges:
        edges_of.setdefault(links.root(edge[0]), []).append(edge)
    groups = []
    for root, passages in members.items():
        if len(passages) < 2:
            continue
        passages.sort(key=lambda p: (hulls[p][0], hulls[p][1]))
        local = {p: i for i, p in enumerate(passages)}
        best: dict[tuple[int, int], float] = {}
        extent: dict[tuple[int, int], list[int]] = {}  # first's start, end; second's
        for first, second, score, k in edges_of.get(root, []):
            ends = (nodes[2 * k][3:], nodes[2 * k + 1][3:])
            if local[first] > local[second]:
                first, second, ends = second, first, (ends[1], ends[0])
            key = (local[first], local[second])
            best[key] = max(score, best.get(key, 0.0))
            # Two pairs measured between the same passages (pieces of them found apart):
            # the pair's extent is the hull of theirs.
            known = extent.setdefault(key, [*ends[0], *ends[1]])
            known[0], known[2] = min(known[0], ends[0][0]), min(known[2], ends[1][0])
            known[1], known[3] = max(known[1], ends[0][1]), max(known[3], ends[1][1])
        keys = sorted(best)
        groups.append(SpanGroup(
            tuple((h[0], h[1], h[2], h[3], h[4]) for h in (hulls[p] for p in passages)),
            tuple((a, b, best[a, b]) for a, b in keys),
            tuple(((extent[key][0], extent[key][1]), (extent[key][2], extent[key][3]))
                  for key in keys)))
    groups.sort(key=lambda g: (g.spans[0][0], g.spans[0][1]))
    return groups
