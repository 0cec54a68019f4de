"""Chains of anchors: runs of shared shingles that line up in two documents.

Two copies of a passage share shingles at positions ``(i, j)`` whose *diagonal* ``j - i``
is constant, up to the words added or dropped by edits (the diagonal drifts) and with gaps
where edits or damage broke the shingles. Anchors of one pair of documents are grouped by
diagonal (neighbouring diagonals join while they differ by at most ``drift``), then cut
where consecutive anchors lie more than ``max_gap`` words apart or jump off the diagonal.
Everything is sorting and cumulative sums over all anchors of a partition at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .model import FindSettings

__all__ = ["Chains", "chain_anchors"]

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Chains:
    """Candidate passage pairs: words ``[a_start, a_end)`` of ``doc_a`` against
    ``[b_start, b_end)`` of ``doc_b``, and the number of anchors behind each."""

    doc_a: IntArray
    a_start: IntArray
    a_end: IntArray
    doc_b: IntArray
    b_start: IntArray
    b_end: IntArray
    anchors: IntArray

    def __len__(self) -> int:
        return int(self.doc_a.shape[0])


def _breaks(*conditions: npt.NDArray[np.bool_]) -> IntArray:
    """Run ids: a new run starts where any condition holds (conditions are on i vs i - 1)."""
    starts = np.zeros(len(conditions[0]) + 1, dtype=np.bool_)
    for condition in conditions:
        starts[1:] |= condition
    return np.cumsum(starts, dtype=np.int64)


def chain_anchors(anchors: npt.NDArray[np.void], settings: FindSettings) -> Chains:
    """Chains of at least two anchors spanning at least half of ``min_words``."""
    doc_a = anchors["doc_a"].astype(np.int64)
    doc_b = anchors["doc_b"].astype(np.int64)
    pos_a = anchors["pos_a"].astype(np.int64)
    pos_b = anchors["pos_b"].astype(np.int64)
    if len(doc_a) < 2:
        return _empty()
    diagonal = pos_b - pos_a
    order = np.lexsort((pos_a, diagonal, doc_b, doc_a))
    doc_a, doc_b, pos_a, pos_b, diagonal = (x[order] for x in (doc_a, doc_b, pos_a, pos_b,
                                                                 diagonal))
    band = _breaks((doc_a[1:] != doc_a[:-1]) | (doc_b[1:] != doc_b[:-1]),
                   diagonal[1:] - diagonal[:-1] > settings.drift)
    order = np.lexsort((pos_a, band))
    band, doc_a, doc_b, pos_a, pos_b, diagonal = (x[order] for x in (band, doc_a, doc_b, pos_a,
                                                                       pos_b, diagonal))
    chain = _breaks(band[1:] != band[:-1],
                    pos_a[1:] - pos_a[:-1] > settings.max_gap,
                    np.abs(diagonal[1:] - diagonal[:-1]) > settings.drift)
    firsts = np.flatnonzero(np.concatenate([[True], chain[1:] != chain[:-1]]))
    counts = np.diff(np.append(firsts, len(chain)))
    n = settings.ngram
    result = Chains(
        doc_a[firsts], np.minimum.reduceat(pos_a, firsts), np.maximum.reduceat(pos_a, firsts) + n,
        doc_b[firsts], np.minimum.reduceat(pos_b, firsts), np.maximum.reduceat(pos_b, firsts) + n,
        counts,
    )
    keep = (counts >= 2) & (result.a_end - result.a_start >= settings.min_words // 2) & (
        result.b_end - result.b_start >= settings.min_words // 2)
    return Chains(*(getattr(result, name)[keep] for name in (
        "doc_a", "a_start", "a_end", "doc_b", "b_start", "b_end", "anchors")))


def _empty() -> Chains:
    empty = np.zeros(0, dtype=np.int64)
    return Chains(empty, empty, empty, empty, empty, empty, empty)
