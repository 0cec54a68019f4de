"""Numbers and dates changed between editions, found at the variants.

At a variant, each reading is widened to the whole numbers it touches (the reading ``41``
stands in ``41 million``). A witness changed a number of the base when its widened reading
says the same as the base's once every number is masked (``41 million crowns`` /
``38 million crowns``) and the number in that position differs. A rewritten passage that
also holds other numbers (``In 1931 Varnhagen was removed...`` / ``In 1937 Rehn was...``)
is no number change: its numbers went with its words, and the sentence analysis reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from ...model import Collation, Erasure, Reading, Witness
from ...text.numbers import NumberSpan, find_numbers
from ...text.words import TERM
from .common import ordered, reading

__all__ = ["number_changes"]

_REACH = 40  # characters looked at around a reading for the rest of a number it cuts


@dataclass(frozen=True)
class _Shape:
    """A reading widened to whole numbers: its words with numbers masked, and the numbers."""

    masked: tuple[str, ...]
    numbers: tuple[NumberSpan, ...]


def _shape(witness: Witness, found: Reading) -> _Shape | None:
    lo, hi = max(witness.start, found.start - _REACH), min(witness.end, found.end + _REACH)
    numbers = tuple(n for n in find_numbers(witness.text, lo, hi)
                    if n.start < found.end and n.end > found.start)
    if not numbers:
        return None
    start, end = min(found.start, numbers[0].start), max(found.end, numbers[-1].end)
    masked: list[str] = []
    position = start
    for number in numbers:
        masked.extend(TERM.findall(witness.text[position : number.start].casefold()))
        masked.append("#")
        position = number.end
    masked.extend(TERM.findall(witness.text[position:end].casefold()))
    return _Shape(tuple(masked), numbers)


def number_changes(collation: Collation) -> list[Erasure]:
    """One entry per number of the base that another witness reads differently."""
    base = collation.witness(collation.base)
    entries: list[Erasure] = []
    for variant in collation.variants:
        shape = _shape(base, variant.readings[base.id])
        if shape is None:
            continue
        others = {w.id: _shape(w, variant.readings[w.id]) for w in collation.witnesses
                  if w.id != base.id}
        comparable = {wid: other.numbers for wid, other in others.items()
                      if other is not None and other.masked == shape.masked}
        for position, number in enumerate(shape.numbers):
            changed = {wid: numbers[position] for wid, numbers in comparable.items()
                       if numbers[position].key != number.key}
            if not changed:
                continue
            present = [base.id, *(wid for wid, numbers in comparable.items()
                                  if numbers[position].key == number.key)]
            readings = {}
            for witness in collation.witnesses:
                if witness.id in comparable or witness.id == base.id:
                    spot = (comparable[witness.id][position] if witness.id in comparable
                            else number)
                    readings[witness.id] = reading(witness.text, spot.start, spot.end)
                else:
                    at = variant.readings[witness.id]
                    readings[witness.id] = reading(witness.text, at.start, at.end)
            entries.append(Erasure(
                "number", number.text, ordered(collation, present),
                ordered(collation, set(others) - set(present)), MappingProxyType(readings),
                changed_to=MappingProxyType({wid: changed[wid].text
                                             for wid in ordered(collation, changed)}),
                variant=variant.id))
    return entries
