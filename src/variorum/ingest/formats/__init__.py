"""Format readers, registered by format name (see :data:`variorum.ingest.extracted.Reader`)."""

from __future__ import annotations

from ..extracted import Reader
from .text import read_text

__all__ = ["READERS"]

READERS: dict[str, Reader] = {
    "text": read_text,
}
