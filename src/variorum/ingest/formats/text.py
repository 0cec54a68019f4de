"""Plain text in any encoding."""

from __future__ import annotations

import re

from ...errors import InputError
from ...model import Damage
from ..decode import decode
from ..extracted import Extracted
from ..options import ReadOptions

__all__ = ["read_text"]


def read_text(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    decoded = decode(data, source=source, override=options.encoding, errors=options.errors)
    text = decoded.text
    if "\x00" in text and options.errors != "replace":
        offset = text.index("\x00")
        raise InputError(f"{source}: looks binary (NUL character at offset {offset})",
                         hint=BINARY_HINT)
    damage = [Damage(at, at + 1, "\ufffd", f"byte 0x{byte:02x} at byte offset {offset} could "
                     f"not be decoded as {decoded.encoding}: read as U+FFFD (--errors replace)",
                     offset)
              if offset >= 0 else
              Damage(at, at + 1, "\ufffd", f"bytes that could not be decoded as "
                     f"{decoded.encoding}: read as U+FFFD (--errors replace)")
              for at, offset, byte in decoded.replaced]
    if "\x00" in text:
        damage += _nuls(text, decoded.encoding)
        damage.sort(key=lambda d: d.start)
        text = text.replace("\x00", "\ufffd")
    return [Extracted(text, "text", decoded.encoding, decoded.reason, damage=tuple(damage))]


BINARY_HINT = ("give a text file, its encoding with --encoding, or read it anyway with "
               "--errors replace (each bad byte read as U+FFFD and listed as damage)")


def _nuls(text: str, codec: str) -> list[Damage]:
    """Each NUL character as damage, with the offset of its bytes in the file."""
    found = []
    position = offset = 0
    for match in re.finditer("\x00", text):
        offset += len(text[position : match.start()].encode(codec, "surrogatepass"))
        found.append(Damage(match.start(), match.start() + 1, "\ufffd",
                            f"a NUL at byte offset {offset}: read as U+FFFD (--errors replace)",
                            offset))
        offset += len("\x00".encode(codec))
        position = match.start() + 1
    return found
