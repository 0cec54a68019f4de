"""Provenance of units (tokens, sentences) across a chain of editions, built incrementally.

Each unit of each edition gets a *lineage*: an id shared by every edition in which the same
unit stands. Edition ``k`` is matched against what is alive after ``k - 1`` (edition
``k - 1``'s units, in order) by the project's exact-run alignment
(:func:`~variorum.collation.align.anchors.exact_runs`, near-linear), runs too short for the
unmatched text around them dropped (:func:`~variorum.collation.align.stretch.credible_runs`:
a lone "the" in a rewritten sentence is not the old "the"). What is left unmatched on the
new side is then looked up, block by block, in the *pool*: every unit ever removed
(including those of ``k - 1`` just left unmatched), most recent first. A block found there
keeps its lineage, so

* a passage moved elsewhere in the same edition stays the same passage (its units were
  unmatched in order but found in the pool as the units just left behind), and
* a passage removed and later put back keeps its first introduction (a *reintroduction*).

A pool block must be ``min_block`` units long (evidence that it is the same passage, not
a common phrase written afresh), or be a whole removed stretch that comes back whole in a
gap of the same length (a name struck out and put back). Lookups are by hashed
``min_block``-grams, so the whole chain costs time near-linear in its total size.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..collation.align.anchors import exact_runs, id_list
from ..collation.align.stretch import credible_runs

__all__ = ["Chain", "Lineages"]

IntArray = npt.NDArray[np.int64]

CANDIDATES = 6  # pool occurrences of a gram tried, most recent first


class Lineages:
    """What the chain knows of each lineage: the editions it stands in, as ``intervals``
    ``[first, after)`` of edition indexes. Kept as arrays while the chain grows (the
    stretch each lineage is in, and the last edition it stood in) so that an edition's
    units are recorded at once, not one by one."""

    def __init__(self) -> None:
        self._first = np.zeros(1024, dtype=np.int64)  # the first edition of the open stretch
        self._last = np.zeros(1024, dtype=np.int64)  # the last edition it stood in
        self._closed: dict[int, list[tuple[int, int]]] = {}  # earlier stretches
        self.count = 0
        self._intervals: list[list[tuple[int, int]]] | None = None

    def new(self, edition: int, count: int = 1) -> IntArray:
        """``count`` new lineages, first standing in ``edition``: their ids."""
        end = self.count + count
        if end > len(self._first):
            size = max(end, 2 * len(self._first))
            self._first = np.resize(self._first, size)
            self._last = np.resize(self._last, size)
        self._first[self.count:end] = edition
        self._last[self.count:end] = edition
        ids = np.arange(self.count, end, dtype=np.int64)
        self.count = end
        self._intervals = None
        return ids

    def stand(self, ids: IntArray, edition: int) -> None:
        """The lineages ``ids`` (each once) stand in ``edition`` (later than any before)."""
        back = ids[self._last[ids] < edition - 1]
        for lineage, first, last in zip(back.tolist(), self._first[back].tolist(),
                                        self._last[back].tolist(), strict=True):
            self._closed.setdefault(lineage, []).append((first, last + 1))
        self._first[back] = edition
        self._last[ids] = edition
        self._intervals = None

    @property
    def intervals(self) -> list[list[tuple[int, int]]]:
        if self._intervals is None:
            closed = self._closed
            self._intervals = [
                [*closed.get(lineage, ()), (first, last + 1)]
                for lineage, first, last in zip(range(self.count),
                                                self._first[:self.count].tolist(),
                                                self._last[:self.count].tolist(), strict=True)]
        return self._intervals

    def introduced(self, lineage: int) -> int:
        return self.intervals[lineage][0][0]

    def reintroductions(self, lineage: int) -> int:
        return len(self.intervals[lineage]) - 1


class Chain:
    """Feed the editions in order with :meth:`add`; each call returns the lineage of every
    unit of that edition."""

    def __init__(self, *, min_block: int = 4, credible: bool = True) -> None:
        self.min_block = max(1, min_block)
        self.credible = credible
        self.lineages = Lineages()
        self.editions = 0
        self._keys: IntArray = np.zeros(0, dtype=np.int64)  # the last edition's units
        self._ids: list[int] = []
        # The pool: removed units in the order they stood, segments ended by -1.
        self._pool_keys: list[int] = []
        self._pool_ids: list[int] = []
        self._grams: dict[tuple[int, ...], list[int]] = {}
        self._segments: dict[tuple[int, ...], list[int]] = {}
        self._alive: set[int] = set()

    # The pool ------------------------------------------------------------------------

    def _to_pool(self, keys: Sequence[int], ids: Sequence[int]) -> None:
        if not keys:
            return
        base = len(self._pool_keys)
        self._pool_keys.extend(keys)
        self._pool_ids.extend(ids)
        self._pool_keys.append(-1)
        self._pool_ids.append(-1)
        n = self.min_block
        for i in range(len(keys) - n + 1):
            self._grams.setdefault(tuple(keys[i:i + n]), []).append(base + i)
        if len(keys) < n:
            self._segments.setdefault(tuple(keys), []).append(base)

    def _extend(self, start: int, keys: list[int], i: int, hi: int, taken: set[int]) -> int:
        length = 0
        pool_keys, pool_ids = self._pool_keys, self._pool_ids
        while i + length < hi:
            lineage = pool_ids[start + length]
            if (lineage < 0 or pool_keys[start + length] != keys[i + length]
                    or lineage in taken or lineage in self._alive):
                break
            length += 1
        return length

    def _from_pool(self, keys: list[int], lo: int, hi: int, ids: list[int],
                   taken: set[int]) -> None:
        """Fill ``ids[lo:hi]`` (a gap of the new edition) from the pool where it can."""
        n = self.min_block
        if hi - lo < n:
            for start in reversed(self._segments.get(tuple(keys[lo:hi]), [])[-CANDIDATES:]):
                if self._extend(start, keys, lo, hi, taken) == hi - lo:
                    for offset in range(hi - lo):
                        lineage = self._pool_ids[start + offset]
                        ids[lo + offset] = lineage
                        taken.add(lineage)
                    return
            return
        i = lo
        while i + n <= hi:
            best_start, best = -1, 0
            for start in reversed(self._grams.get(tuple(keys[i:i + n]), [])[-CANDIDATES:]):
                length = self._extend(start, keys, i, hi, taken)
                if length > best:
                    best_start, best = start, length
            if best >= n:
                for offset in range(best):
                    lineage = self._pool_ids[best_start + offset]
                    ids[i + offset] = lineage
                    taken.add(lineage)
                i += best
            else:
                i += 1

    # The chain -----------------------------------------------------------------------

    def add(self, keys: IntArray) -> list[int]:
        """The lineage of each unit of the next edition (``keys``: its unit key ids)."""
        edition = self.editions
        keys = np.ascontiguousarray(keys, dtype=np.int64)
        b_list = id_list(keys)
        a_list = id_list(self._keys)
        runs = exact_runs(self._keys, keys, a_list, b_list) if len(a_list) and len(b_list) \
            else []
        if self.credible and runs:
            keep = credible_runs(runs, len(a_list), len(b_list))
            runs = [run for run, kept in zip(runs, keep, strict=True) if kept]
        ids = [-1] * len(b_list)
        matched_a = np.zeros(len(a_list) + 2, dtype=np.int8)  # with a guard at each end
        for start_a, start_b, length in runs:
            ids[start_b:start_b + length] = self._ids[start_a:start_a + length]
            matched_a[start_a + 1:start_a + length + 1] = 1
        matched_a[0] = matched_a[-1] = 1
        # What edition k - 1 had and k does not stand in order: into the pool (so a move
        # finds it), in stretches as they stood.
        edges = np.flatnonzero(np.diff(matched_a)).tolist()
        for first, after in zip(edges[::2], edges[1::2], strict=True):
            self._to_pool(a_list[first:after], self._ids[first:after])
        self._alive = {ids[i] for i in range(len(ids)) if ids[i] >= 0}
        taken: set[int] = set()
        i = 0
        while i < len(ids):
            if ids[i] >= 0:
                i += 1
                continue
            j = i
            while j < len(ids) and ids[j] < 0:
                j += 1
            self._from_pool(b_list, i, j, ids, taken)
            i = j
        found = np.asarray(ids, dtype=np.int64)
        fresh = found < 0
        self.lineages.stand(found[~fresh], edition)
        found[fresh] = self.lineages.new(edition, int(np.count_nonzero(fresh)))
        listed: list[int] = found.tolist()
        self._keys, self._ids = keys, listed
        self.editions += 1
        return listed
