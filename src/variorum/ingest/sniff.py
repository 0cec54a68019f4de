"""Which format a source is in: by content, with the file name only as a hint."""

from __future__ import annotations

__all__ = ["sniff"]


def sniff(head: bytes, name: str) -> str:
    """The format name of a source from its first bytes (and its name, as a hint)."""
    del head, name
    return "text"
