"""Progressive alignment of several readings of one stretch, guided by their similarity.

Where two or more witnesses add text at the same stretch of the base, aligning each to the
base alone says nothing about how they stand to each other: "cold rain" and "more rain"
against "rain" are two additions, "cold" and "more", and only aligning the two witnesses
with each other puts them at one place. Here the distinct readings of such a stretch (one
*group* per distinct reading; witnesses reading alike share one) are aligned as sequence
aligners and CollateX do:

1. a *library* of pairwise alignments, one per pair of groups (each pair aligned by the
   editorial pairwise aligner, so every correspondence in it is one that aligner accepts),
   an exact pair weighing :data:`EXACT_WEIGHT`, a near one :data:`NEAR_WEIGHT`;
2. a guide: the two most similar profiles (sets of groups already aligned) are merged first
   (average similarity of their groups, the weight of their pairs over their tokens), ties
   broken by the groups' names, so the order in which witnesses are given never matters;
3. merging two profiles keeps the heaviest chain of column pairs that the library supports
   (increasing in both), so that a correspondence of any two members of one profile with
   any two of the other counts; what is left stands between the chain's pairs, the columns
   of the profile holding the base (or else of the one with the smaller name) first.

With two groups this is exactly their pairwise alignment.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["EXACT_WEIGHT", "NEAR_WEIGHT", "align_groups"]

EXACT_WEIGHT = 2  # a pair of equal tokens in the library
NEAR_WEIGHT = 1  # a pair the pairwise aligner made of different tokens (respelled, replaced)

Column = list[int]  # per group: its token at this column, or -1
Library = Callable[[int, int], Sequence[tuple[int, int, int]]]  # (g, h) -> (i, j, weight)


class _Profile:
    def __init__(self, groups: list[int], columns: list[Column], name: str,
                 has_base: bool) -> None:
        self.groups = groups
        self.columns = columns
        self.name = name
        self.has_base = has_base


def _heaviest_chain(weights: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """The column pairs ``(p, q)`` of greatest total weight, increasing in both."""
    if not weights:
        return []
    cells = sorted(weights)
    width = max(q for _, q in cells) + 2
    # A Fenwick tree of (best total, index of its last pair) over q, filled a p at a time.
    tree: list[tuple[int, int]] = [(0, -1)] * (width + 1)
    before: list[int] = [-1] * len(cells)
    totals: list[int] = [0] * len(cells)
    start = 0
    while start < len(cells):
        stop = start
        p = cells[start][0]
        while stop < len(cells) and cells[stop][0] == p:
            stop += 1
        for k in range(start, stop):  # best chain ending before column q, from earlier p
            q = cells[k][1]
            best = (0, -1)
            i = q  # positions 1..q hold columns 0..q-1
            while i > 0:
                if tree[i] > best:
                    best = tree[i]
                i -= i & -i
            totals[k] = best[0] + weights[cells[k]]
            before[k] = best[1]
        for k in range(start, stop):
            value = (totals[k], k)
            i = cells[k][1] + 1
            while i <= width:
                if value > tree[i]:
                    tree[i] = value
                i += i & -i
        start = stop
    last = max(range(len(cells)), key=lambda k: (totals[k], -k))
    chain: list[tuple[int, int]] = []
    while last >= 0:
        chain.append(cells[last])
        last = before[last]
    chain.reverse()
    return chain


def _merge(first: _Profile, second: _Profile, library: Library) -> _Profile:
    col_first = {g: {c[g]: k for k, c in enumerate(first.columns) if c[g] >= 0}
                 for g in first.groups}
    col_second = {h: {c[h]: k for k, c in enumerate(second.columns) if c[h] >= 0}
                  for h in second.groups}
    weights: dict[tuple[int, int], int] = {}
    for g in first.groups:
        for h in second.groups:
            own, other = col_first[g], col_second[h]
            for i, j, weight in (library(g, h) if g < h else
                                 [(j, i, w) for i, j, w in library(h, g)]):
                cell = (own[i], other[j])
                weights[cell] = weights.get(cell, 0) + weight
    columns: list[Column] = []
    p = q = 0

    def joined(a: Column, b: Column) -> Column:
        return [x if x >= 0 else y for x, y in zip(a, b, strict=True)]

    for cp, cq in [*_heaviest_chain(weights), (len(first.columns), len(second.columns))]:
        columns.extend(first.columns[p:cp])
        columns.extend(second.columns[q:cq])
        if cp < len(first.columns):
            columns.append(joined(first.columns[cp], second.columns[cq]))
        p, q = cp + 1, cq + 1
    return _Profile(first.groups + second.groups, columns, min(first.name, second.name),
                    first.has_base or second.has_base)


def align_groups(lengths: Sequence[int], names: Sequence[str], base: int,
                 library: Library) -> list[Column]:
    """Columns aligning every group's tokens, each group's in order.

    ``lengths[g]`` is the number of tokens of group ``g``, ``names[g]`` a name that does not
    depend on the order of the witnesses (the smallest id of its witnesses), ``base`` the
    group holding the base. ``library(g, h)`` for ``g < h`` gives the pairs ``(i, j, weight)``
    of their pairwise alignment.

    >>> pairs = {(0, 1): [], (0, 2): [], (1, 2): [(0, 0, 1)]}
    >>> align_groups([0, 1, 1], ["A", "B", "C"], 0, lambda g, h: pairs[g, h])
    [[-1, 0, 0]]
    """
    count = len(lengths)
    similarity = [[0.0] * count for _ in range(count)]
    for g in range(count):
        for h in range(g + 1, count):
            size = lengths[g] + lengths[h]
            total = sum(weight for _, _, weight in library(g, h))
            similarity[g][h] = similarity[h][g] = total / size if size else 0.0
    profiles: list[_Profile] = []
    for g in range(count):
        columns = [[-1] * count for _ in range(lengths[g])]
        for i, column in enumerate(columns):
            column[g] = i
        profiles.append(_Profile([g], columns, names[g], g == base))
    while len(profiles) > 1:
        best: tuple[float, str, str, int, int] | None = None
        for x in range(len(profiles)):
            for y in range(x + 1, len(profiles)):
                one, two = profiles[x], profiles[y]
                mean = sum(similarity[g][h] for g in one.groups for h in two.groups) / (
                    len(one.groups) * len(two.groups))
                low, high = sorted((one.name, two.name))
                key = (-mean, low, high, x, y)
                if best is None or key < best:
                    best = key
        assert best is not None
        one, two = profiles[best[3]], profiles[best[4]]
        if two.has_base or (not one.has_base and two.name < one.name):
            one, two = two, one
        merged = _merge(one, two, library)
        profiles = [p for k, p in enumerate(profiles) if k not in (best[3], best[4])]
        profiles.append(merged)
    return profiles[0].columns if profiles else []
