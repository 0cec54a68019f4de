"""What the three erasure analyses share: entry pieces and the order of witnesses."""

from __future__ import annotations

from collections.abc import Iterable

from ...model import Collation, Reading

__all__ = ["ordered", "reading", "relation"]


def reading(text: str, start: int, end: int) -> Reading:
    """``text[start:end]`` with its offsets."""
    return Reading(text[start:end], start, end)


def ordered(collation: Collation, ids: Iterable[str]) -> tuple[str, ...]:
    """Witness ids in the order of the collation (the order the editions were given)."""
    wanted = set(ids)
    return tuple(witness.id for witness in collation.witnesses if witness.id in wanted)


def relation(collation: Collation, present_in: Iterable[str]) -> str:
    """``omission`` when the base has the erased thing, else ``addition`` (a later edition
    brought it in), in the contract's sense of the two classes."""
    return "omission" if collation.base in set(present_in) else "addition"
