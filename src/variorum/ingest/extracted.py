"""What a format reader returns: the text as found in one part of a source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..model import Damage, SourceMap
from .options import ReadOptions

__all__ = ["Extracted", "Reader"]


@dataclass(frozen=True)
class Extracted:
    """One text taken out of a source.

    ``text`` is the text as found (after format extraction, before any repair); ``name`` is
    ``None`` for the one text of a source, or a suffix naming the part when a source holds
    several (``original``/``revised`` for a DOCX with tracked changes, ``URI@date`` for a
    WARC record): the witness id is then ``STEM#name``. ``reader`` names the reader and
    mode that extracted the text when the format has several (``html-main``, ``tei-reg``);
    ``source_map`` leads offsets in ``text`` back to the source's elements; ``damage`` is what
    the reader itself found damaged (bytes it could not decode, with ``--errors replace``).
    """

    text: str
    format: str
    encoding: str | None = None
    encoding_reason: str | None = None
    name: str | None = None
    damage: tuple[Damage, ...] = ()
    reader: str | None = None
    source_map: SourceMap | None = None


# A reader takes the source's bytes, its name (for messages) and the options, and returns
# the texts it holds, raising InputError/FormatError/EncodingError with a one-line message.
Reader = Callable[[bytes, str, ReadOptions], list[Extracted]]
