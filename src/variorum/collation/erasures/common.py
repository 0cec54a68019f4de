"""What the three erasure analyses share: entry pieces and the order of witnesses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...model import Collation

__all__ = ["Entry", "ordered", "reading", "relation"]

# Entries are JSON-ready dicts; Any spares every reader of a nested field an isinstance check.
Entry = dict[str, Any]


def reading(text: str, start: int, end: int) -> dict[str, Any]:
    """A reading as the contract writes it: ``text[start:end]`` with its offsets."""
    return {"text": text[start:end], "start": start, "end": end}


def ordered(collation: Collation, ids: Iterable[str]) -> list[str]:
    """Witness ids in the order of the collation (the order the editions were given)."""
    wanted = set(ids)
    return [witness.id for witness in collation.witnesses if witness.id in wanted]


def relation(collation: Collation, present_in: Iterable[str]) -> str:
    """``omission`` when the base has the erased thing, else ``addition`` (a later edition
    brought it in), in the contract's sense of the two classes."""
    return "omission" if collation.base in set(present_in) else "addition"
