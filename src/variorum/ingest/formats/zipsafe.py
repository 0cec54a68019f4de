"""Unpacking archives without trusting what they say about themselves.

A small archive can unpack to gigabytes (a "zip bomb"), whatever sizes its headers claim;
member names can point outside the archive (``../x``, ``/etc/passwd``); members can be
encrypted or damaged; XML inside can declare entities that expand without end or read local
files. Every reader of a packaged format (DOCX, EPUB, gzip-compressed WARC) unpacks through
here, so each of those cases ends in one clear error naming the file, never in a traceback,
a hang or an exhausted memory.

The limits: everything unpacked from one source together stays within
:attr:`ReadOptions.max_bytes`, and anything that unpacks to more than
:data:`RATIO_FLOOR` bytes may not be compressed more than :data:`MAX_RATIO` to 1. Both are
checked while the bytes come out, a chunk at a time, so a lie in a header cannot get past.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from ...errors import FormatError, InputError
from ..options import ReadOptions

__all__ = ["MAX_RATIO", "RATIO_FLOOR", "Budget", "SafeZip", "gunzip", "parse_xml",
           "safe_member_name"]

MAX_RATIO = 100
# Text and markup compress well, so a small member may legitimately exceed the ratio (a page
# of spaces); only large outputs are suspicious. Real DOCX/EPUB/WARC parts stay near 10:1.
RATIO_FLOOR = 1 << 20
_CHUNK = 1 << 16

# lxml ships no type information; its elements are handled as Any.
Element = Any

_LIMIT_HINT = "raise the limit with --max-bytes if you trust this file"
_BOMB_HINT = "it looks like a decompression bomb; do not open it"


def reason(error: BaseException) -> str:
    """A library's exception as a short clause for a one-line message."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


class Budget:
    """What is left of the bytes one source may unpack to, shared by all its members."""

    def __init__(self, source: str, options: ReadOptions) -> None:
        self.source = source
        self.limit = options.max_bytes
        self.left = options.max_bytes

    def check(self, what: str, produced: int, compressed: int) -> None:
        """Refuse once ``what`` has produced too much, or too much for its compressed size.

        ``produced`` counts bytes actually unpacked so far (not a header's claim) and
        ``compressed`` the compressed bytes they came from (at most).
        """
        if produced > self.left:
            raise InputError(
                f"{self.source}: {what} unpacks to more than the limit of {self.limit:,} bytes",
                hint=_LIMIT_HINT)
        if produced > RATIO_FLOOR and produced > MAX_RATIO * max(compressed, 1):
            raise InputError(
                f"{self.source}: {what} is compressed more than {MAX_RATIO}:1 "
                f"({produced:,} bytes from {compressed:,})", hint=_BOMB_HINT)

    def spend(self, produced: int) -> None:
        self.left -= produced


_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_member_name(name: str) -> str | None:
    """The member name, or ``None`` when it could point outside the archive.

    >>> safe_member_name("word/document.xml")
    'word/document.xml'
    >>> safe_member_name("../../etc/passwd") is None, safe_member_name("/etc/passwd") is None
    (True, True)
    >>> safe_member_name("OEBPS\\\\..\\\\..\\\\x") is None, safe_member_name("C:/x") is None
    (True, True)
    """
    # Some tools write Windows separators; treat them as separators for this check.
    unified = name.replace("\\", "/")
    if not unified or "\x00" in unified or unified.startswith("/") or _DRIVE.match(unified):
        return None
    if ".." in unified.split("/"):
        return None
    return name


def resolve_href(base_dir: str, href: str) -> str | None:
    """A path inside the archive for ``href`` relative to ``base_dir``; ``None`` if outside.

    >>> resolve_href("OEBPS", "../Text/ch1.xhtml")
    'Text/ch1.xhtml'
    >>> resolve_href("OEBPS", "../../secret") is None
    True
    """
    if href.startswith("/") or _DRIVE.match(href):
        return None
    joined = posixpath.normpath(posixpath.join(base_dir, href)) if base_dir else \
        posixpath.normpath(href)
    if joined == ".." or joined.startswith("../") or joined.startswith("/"):
        return None
    return joined


# Errors zipfile and zlib raise on damaged archives (struct.error: cut-off headers).
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
               KeyError, IndexError, struct.error, zlib.error, NotImplementedError, RuntimeError)


class SafeZip:
    """The members of a ZIP archive with safe names, read within the source's budget."""

    def __init__(self, data: bytes, source: str, options: ReadOptions, kind: str) -> None:
        self.source = source
        self.kind = kind
        self.budget = Budget(source, options)
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS as error:
            raise FormatError(f"{source}: not a readable {kind}: damaged ZIP archive "
                              f"({reason(error)})",
                              hint="the file may be truncated; try saving it again") from None
        self._members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            # Unsafe names are ignored, not refused: nothing outside the archive is ever
            # looked up, and the rest of a document may still be good.
            name = safe_member_name(info.filename)
            if name is not None and not info.is_dir():
                self._members[name] = info

    def __contains__(self, name: str) -> bool:
        return name in self._members

    def names(self) -> list[str]:
        return list(self._members)

    def read(self, name: str) -> bytes:
        """The bytes of member ``name``; a clear error when missing, encrypted or damaged."""
        info = self._members.get(name)
        if info is None:
            raise FormatError(f"{self.source}: not a readable {self.kind}: {name} is missing",
                              hint="the file may be damaged or not a " + self.kind)
        if info.flag_bits & 0x1:
            raise InputError(f"{self.source}: {name} is encrypted",
                             hint="save the document again without a password")
        # DOCX (OPC) and EPUB (OCF) allow only these two; others (bzip2, lzma) decompress
        # a whole input block at once, so their output could not be bounded as it comes.
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FormatError(f"{self.source}: {name} uses ZIP compression method "
                              f"{info.compress_type}, which a {self.kind} may not use")
        what = f"member {name}"
        # The header's size is checked first only to fail early; the read below is what
        # counts, since the header may lie.
        self.budget.check(what, info.file_size, info.compress_size)
        chunks: list[bytes] = []
        produced = 0
        try:
            with self._zip.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    produced += len(chunk)
                    self.budget.check(what, produced, info.compress_size)
                    chunks.append(chunk)
        except _ZIP_ERRORS as error:
            raise FormatError(f"{self.source}: {name} is damaged ({reason(error)})",
                              hint="the file may be truncated; try saving it again") from None
        self.budget.spend(produced)
        return b"".join(chunks)


def gunzip(data: bytes, source: str, options: ReadOptions) -> bytes:
    """All members of a gzip stream, one after the other, within the limits.

    Trailing NUL padding is allowed (some tools pad to a block size); anything else after
    the last member, or a member that stops before its end, is an error.
    """
    budget = Budget(source, options)
    out = bytearray()
    view = memoryview(data)
    position = 0
    fed_total = 0
    while position < len(data):
        if data[position:position + 2] != b"\x1f\x8b":
            if not data[position:].strip(b"\x00"):
                break
            raise FormatError(f"{source}: damaged gzip data: no gzip member at byte offset "
                              f"{position}")
        inflater = zlib.decompressobj(wbits=31)  # 31: gzip header and trailer
        index = position
        pending = b""
        try:
            while not inflater.eof:
                if not pending and index < len(data):
                    pending = bytes(view[index:index + _CHUNK])
                    index += len(pending)
                    fed_total += len(pending)
                # Bounded output per call: a bomb cannot fill memory between checks.
                piece = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                if not piece and not inflater.eof and not pending and index >= len(data):
                    raise FormatError(f"{source}: truncated gzip data (the member at byte "
                                      f"offset {position} stops before its end)",
                                      hint="the download or copy may be incomplete")
                out += piece
                budget.check("the gzip data", len(out), fed_total)
        except zlib.error as error:
            raise FormatError(f"{source}: damaged gzip data in the member at byte offset "
                              f"{position} ({reason(error)})") from None
        position = index - len(inflater.unused_data) - len(pending)
    view.release()
    return bytes(out)


def parse_xml(data: bytes, source: str, what: str,
              recover: Callable[[bytes], Element] | None = None) -> Element:
    """Parse XML from inside a package, refusing what could harm the reader.

    Entities are not expanded (no "billion laughs"), nothing is fetched (no external
    entities or DTDs), and the parser keeps libxml2's limits on depth and text size
    (``huge_tree`` off). A document that declares entities is refused outright: no DOCX or
    EPUB needs them, and what they would have expanded to is not text as found.
    ``recover``, if given, parses what is not well-formed XML another way (EPUB chapters
    that are really tag soup).
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False)
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        if recover is not None:
            return recover(data)
        raise FormatError(f"{source}: {what} is not well-formed XML ({reason(error)})") \
            from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError(f"{source}: {what} declares XML entities, which are refused",
                          hint="a genuine document does not need them")
    return root
