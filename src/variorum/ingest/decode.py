"""Decoding bytes to text, with the reason for the encoding chosen.

Order: byte order mark, then the declared charset (HTTP header, HTML meta, XML declaration,
passed in by the reader), then strict UTF-8. ``override`` (``--encoding``) wins over all.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import EncodingError

__all__ = ["Decoded", "declared_charset", "decode"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    reason: str


def _codec(name: str, source: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise EncodingError(f"{source}: unknown encoding {name!r}",
                            hint="give a name Python knows, e.g. utf-8, cp1252, latin-1") from None


def decode(data: bytes, *, source: str, declared: str | None = None,
           declared_by: str = "declared charset", override: str | None = None) -> Decoded:
    """Decode ``data``; raise :class:`EncodingError` naming the byte offset when it cannot."""
    if override:
        name = _codec(override, source)
        try:
            return Decoded(data.decode(name), name, "given with --encoding")
        except UnicodeDecodeError as error:
            raise EncodingError(
                f"{source}: not valid {name} at byte offset {error.start}",
                hint="check the --encoding you gave",
            ) from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(name), name, "byte order mark")
            except UnicodeDecodeError:
                break  # a BOM-like start that is not one: go on
    if declared:
        name = _codec(declared, source)
        try:
            return Decoded(data.decode(name), name, declared_by)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: fall through to what the bytes say
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "valid UTF-8")
    except UnicodeDecodeError as error:
        raise EncodingError(
            f"{source}: not valid UTF-8 at byte offset {error.start} "
            f"(byte 0x{data[error.start]:02x})",
            hint="give the encoding with --encoding, e.g. --encoding cp1252",
        ) from None


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """The charset a document declares in its first bytes: (name, where it was declared).

    >>> declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><TEI/>')
    ('ISO-8859-1', 'XML declaration')
    >>> declared_charset(b'<html><head><meta charset="windows-1252">')
    ('windows-1252', 'HTML meta')
    """
    head = data[:4096]
    found = _XML_ENCODING.search(head)
    if found:
        return found.group(1).decode("ascii"), "XML declaration"
    found = _META_CHARSET.search(head)
    if found:
        return found.group(1).decode("ascii"), "HTML meta"
    return None
