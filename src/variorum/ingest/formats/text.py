"""Plain text in any encoding."""

from __future__ import annotations

from ...errors import InputError
from ..decode import decode
from ..extracted import Extracted
from ..options import ReadOptions

__all__ = ["read_text"]


def read_text(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    decoded = decode(data, source=source, override=options.encoding)
    if "\x00" in decoded.text:
        offset = decoded.text.index("\x00")
        raise InputError(f"{source}: looks binary (NUL character at offset {offset})",
                         hint="give a text file, or its encoding with --encoding")
    return [Extracted(decoded.text, "text", decoded.encoding, decoded.reason)]
