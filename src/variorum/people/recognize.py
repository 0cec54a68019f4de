"""A witness's own text with its encoding repairs applied, for the register of persons; the
recognizer itself (shared with collate's erasure report) is :mod:`variorum.text.recognize`."""

from __future__ import annotations

import bisect

from ..model import Witness, apply_repairs
from ..text.recognize import (
    COMMON_ZIPF,
    Candidate,
    countries,
    kind_of_name,
    names_and_evidence,
    names_of,
    places,
    sure_kind,
)

__all__ = ["COMMON_ZIPF", "Candidate", "Repaired", "countries", "kind_of_name",
           "names_and_evidence", "names_of", "places", "sure_kind"]


class Repaired:
    """A witness's own text with its encoding repairs applied, and the way back from an
    offset in it to an offset in the text as found."""

    def __init__(self, witness: Witness) -> None:
        self.witness = witness
        start, end = witness.start, witness.end
        repairs = [r for r in witness.repairs if start <= r.start and r.end <= end]
        self.text = apply_repairs(witness.text, repairs, start, end)
        # Piecewise map: at repaired offset self._at[i] the found offset is self._found[i]
        # and offsets grow together until the next piece.
        self._at: list[int] = [0]
        self._found: list[int] = [start]
        self._inside: list[tuple[int, int, int, int]] = []  # repaired span -> found span
        shift = 0
        for r in repairs:
            r_start = r.start - start + shift
            r_end = r_start + len(r.repaired)
            self._inside.append((r_start, r_end, r.start, r.end))
            shift += len(r.repaired) - (r.end - r.start)
            self._at.append(r_end)
            self._found.append(r.end)
        self._inside_starts = [piece[0] for piece in self._inside]

    def found(self, offset: int, *, end: bool = False) -> int:
        """The offset in the text as found of repaired ``offset`` (one inside a repair goes
        to its start, or its end when ``end``)."""
        if not self._inside:
            return self._found[0] + offset  # no repair: the same text from the start
        index = bisect.bisect_right(self._inside_starts, offset) - 1
        if index >= 0:
            r_start, r_end, f_start, f_end = self._inside[index]
            if r_start < offset < r_end:
                return f_end if end else f_start
        piece = bisect.bisect_right(self._at, offset) - 1
        return self._found[piece] + offset - self._at[piece]

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.found(start), self.found(end, end=True)
