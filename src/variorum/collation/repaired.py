"""Collating through encoding damage: match on the repaired text, report the text as found.

A witness with repairs is tokenized in its repaired form, so ``wonâ€™t`` aligns with ``won’t``
token for token; every token's offsets are then mapped back into the text as found, and its
surface (what decides whether witnesses agree) is the text as found. A variant thus still
shows ``wonâ€™t`` against ``won’t``, and classification sees both forms.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ..model import Reading, Repair, Witness, apply_repairs
from ..text.tokens import TokenTable, Vocabulary, tokenize

__all__ = ["RepairIndex", "RepairedContent", "RepairedReading", "tokenize_repaired"]

IntArray = npt.NDArray[np.int64]


class _OffsetMap:
    """Maps offsets in the repaired content back to offsets in the text as found."""

    def __init__(self, repairs: list[Repair], base: int) -> None:
        found_starts = np.asarray([r.start for r in repairs], dtype=np.int64)
        found_ends = np.asarray([r.end for r in repairs], dtype=np.int64)
        deltas = np.asarray([len(r.repaired) - (r.end - r.start) for r in repairs],
                            dtype=np.int64)
        before = np.concatenate([[0], np.cumsum(deltas)[:-1]]) if len(repairs) else deltas
        self.base = base
        self.found_starts, self.found_ends = found_starts, found_ends
        self.starts = found_starts - base + before  # where each repair stands once repaired
        self.ends = self.starts + np.asarray([len(r.repaired) for r in repairs], dtype=np.int64)
        self.shift_after = before + deltas  # total length change up to each repair's end

    def _shift(self, index: IntArray) -> IntArray:
        shifted: IntArray = np.where(index >= 0, self.shift_after[np.maximum(index, 0)], 0)
        return shifted

    def starts_of(self, positions: IntArray) -> IntArray:
        """Found offsets of token starts (a start inside a repair goes to its start)."""
        index = np.searchsorted(self.starts, positions, side="right") - 1
        inside = (index >= 0) & (positions < self.ends[np.maximum(index, 0)])
        mapped: IntArray = np.where(inside, self.found_starts[np.maximum(index, 0)],
                                    self.base + positions - self._shift(index))
        return mapped

    def ends_of(self, positions: IntArray) -> IntArray:
        """Found offsets of token ends (an end inside a repair goes to its end)."""
        index = np.searchsorted(self.starts, positions, side="left") - 1
        inside = (index >= 0) & (positions <= self.ends[np.maximum(index, 0)])
        mapped: IntArray = np.where(inside, self.found_ends[np.maximum(index, 0)],
                                    self.base + positions - self._shift(index))
        return mapped


class RepairedContent:
    """A witness's content with its encoding damage repaired, and the way back to offsets in
    the text as found. Without repairs it is the witness's own text and span."""

    def __init__(self, witness: Witness) -> None:
        repairs = [r for r in witness.repairs
                   if witness.start <= r.start and r.end <= witness.end]
        self.repairs = repairs  # the repairs applied, in order (those inside the span)
        self.offsets = _OffsetMap(repairs, witness.start) if repairs else None
        if self.offsets is None:
            self.text, self.start, self.end = witness.text, witness.start, witness.end
        else:
            self.text = apply_repairs(witness.text, repairs, witness.start, witness.end)
            self.start, self.end = 0, len(self.text)

    def found(self, starts: IntArray, ends: IntArray) -> tuple[IntArray, IntArray]:
        """Offsets in the text as found of spans ``starts[i]:ends[i]`` of ``self.text``."""
        if self.offsets is None:
            return starts, ends
        return self.offsets.starts_of(starts), self.offsets.ends_of(ends)


def tokenize_repaired(witness: Witness, vocab: Vocabulary) -> TokenTable:
    """Tokens of the repaired content, with offsets and surfaces of the text as found."""
    content = RepairedContent(witness)
    if content.offsets is None:
        return tokenize(witness.text, vocab, witness.start, witness.end)
    repaired = tokenize(content.text, vocab)
    starts, ends = content.found(repaired.starts, repaired.ends)
    surface_ids = repaired.surface_ids.copy()
    # Where the text as found differs from the repaired token, agreement is judged on it.
    found = [witness.text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
    changed = [i for i, text in enumerate(found) if text != repaired.text(i)]
    if changed:
        surface_ids[changed] = vocab.surface_ids_of([found[i] for i in changed])
    leading = witness.text[witness.start : int(starts[0])] if len(starts) else ""
    for array in (starts, ends, surface_ids):
        array.flags.writeable = False
    return TokenTable(witness.text, leading, witness.end, starts, ends, repaired.type_ids,
                      surface_ids, repaired.key_ids, vocab)


class RepairedReading(NamedTuple):
    """A reading once repaired, and what encoding damage touched it.

    A named tuple, not a dataclass: one is made for every reading compared, and a tuple is
    made several times faster.
    """

    text: str
    repaired: bool
    suspect: bool
    damaged: bool


class RepairIndex:
    """A witness's repairs and damage, indexed by position for quick lookups by reading."""

    def __init__(self, witness: Witness) -> None:
        self.witness = witness
        self.repair_starts = [r.start for r in witness.repairs]
        self.damage_starts = [d.start for d in witness.damage]
        self.clean = not witness.repairs and not witness.damage  # nothing repaired or damaged

    def reading(self, reading: Reading) -> RepairedReading:
        """The reading with the witness's repairs inside it applied."""
        if self.clean:
            return RepairedReading(reading.text, False, False, False)
        witness = self.witness
        first = bisect.bisect_left(self.repair_starts, reading.start)
        last = bisect.bisect_left(self.repair_starts, reading.end)
        inside = [r for r in witness.repairs[first:last] if r.end <= reading.end]
        damaged = bisect.bisect_left(self.damage_starts, reading.start) < bisect.bisect_left(
            self.damage_starts, reading.end)
        if not inside:
            return RepairedReading(reading.text, False, False, damaged)
        text = apply_repairs(witness.text, inside, reading.start, reading.end)
        return RepairedReading(text, True, any(r.suspect for r in inside), damaged)
