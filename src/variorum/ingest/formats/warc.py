"""WARC (and WARC.gz): each captured page of a web archive as one text.

One part per ``response`` record with HTTP status 200 and an HTML or plain-text body,
named ``URI@WARC-Date`` (the witness id is then ``STEM#URI@date``). The body is decoded
with the charset of the HTTP Content-Type header, else the one the body declares, else
UTF-8; HTML bodies become text through the HTML reader.

A gzip-compressed WARC is unpacked here first, within the limits of :mod:`.zipsafe`, so a
gzip bomb is refused before warcio sees it; bodies sent with a Content-Encoding are unpacked
by warcio and counted the same way. warcio reports damage by writing to stderr and reading
on; here damage is an error naming the file.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import zlib
from typing import Any

from ...errors import FormatError, InputError
from ..decode import declared_charset, decode
from ..extracted import Extracted
from ..options import ReadOptions
from .html import html_to_text
from .zipsafe import Budget, gunzip, reason

__all__ = ["read_warc"]

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_CHUNK = 1 << 16


def _charset(content_type: str) -> str | None:
    """The charset of a Content-Type header, if Python knows it (else it is ignored)."""
    found = _CHARSET.search(content_type)
    if not found:
        return None
    try:
        codecs.lookup(found.group(1))
    except LookupError:
        return None
    return found.group(1)


def _body(record: Any, what: str, budget: Budget) -> bytes:
    """The record's HTTP body (de-chunked, Content-Encoding undone), within the budget."""
    stream = record.content_stream()
    chunks: list[bytes] = []
    produced = 0
    compressed = int(record.length or 0)
    while chunk := stream.read(_CHUNK):
        produced += len(chunk)
        budget.check(what, produced, compressed)
        chunks.append(chunk)
    budget.spend(produced)
    return b"".join(chunks)


def _text(record: Any, body: bytes, where: str, html: bool, options: ReadOptions) -> Extracted:
    content_type = record.http_headers.get_header("Content-Type") or ""
    declared = _charset(content_type)
    declared_by = "HTTP Content-Type header"
    if declared is None:
        found = declared_charset(body)
        if found is not None:
            declared, declared_by = found
            try:
                codecs.lookup(declared)
            except LookupError:
                declared = None
    decoded = decode(body, source=where, declared=declared, declared_by=declared_by,
                     override=options.encoding)
    text = html_to_text(decoded.text, where, options) if html else decoded.text
    return Extracted(text, "warc", decoded.encoding, decoded.reason)


def _records(raw: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    from warcio.archiveiterator import ArchiveIterator

    budget = Budget(source, options)
    parts: list[Extracted] = []
    seen: dict[str, int] = {}
    iterator = ArchiveIterator(io.BytesIO(raw))
    for record in iterator:
        if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
            # What warcio makes of a file cut inside a record's header block.
            raise FormatError(f"{source}: damaged WARC (a record has no valid Content-Length)",
                              hint="the file may be truncated")
        if record.rec_type == "response" and record.http_headers is not None \
                and record.http_headers.get_statuscode() == "200":
            content_type = record.http_headers.get_header("Content-Type") or ""
            media_type = content_type.split(";")[0].strip().lower()
            if media_type in _HTML_TYPES or media_type in _TEXT_TYPES:
                uri = record.rec_headers.get_header("WARC-Target-URI") or "?"
                date = record.rec_headers.get_header("WARC-Date") or "?"
                where = f"{source} ({uri})"
                body = _body(record, f"the record of {uri}", budget)
                part = _text(record, body, where, media_type in _HTML_TYPES, options)
                if part.text.strip():  # an empty page is not a witness
                    name = f"{uri}@{date}"
                    seen[name] = seen.get(name, 0) + 1
                    if seen[name] > 1:  # the same capture twice: keep ids distinct
                        name = f"{name}~{seen[name]}"
                    parts.append(Extracted(part.text, part.format, part.encoding,
                                           part.encoding_reason, name=name))
        iterator.read_to_end()
        # warcio reads a record cut short by the end of the file without complaint.
        left = getattr(record.raw_stream, "limit", 0)
        if isinstance(left, int) and left > 0:
            raise FormatError(f"{source}: truncated WARC (a {record.rec_type} record stops "
                              f"{left:,} bytes before its end)",
                              hint="the download or copy may be incomplete")
    # warcio stops without complaint at a record cut inside its header block: anything
    # but white space after the last whole record is such a record.
    end = int(iterator.offset)
    if raw[end:].strip():
        raise FormatError(f"{source}: truncated WARC (the record at byte offset {end:,} of "
                          "the WARC data is incomplete)",
                          hint="the download or copy may be incomplete")
    if iterator.err_count:
        raise FormatError(f"{source}: damaged WARC (a record's Content-Length does not "
                          "match its content)")
    return parts


def _warcio_errors() -> tuple[type[Exception], ...]:
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    return ArchiveLoadFailed, ChunkedDataException, StatusAndHeadersParserException


# What reading a damaged WARC raises: warcio's errors, and the built-in ones its parsers let
# through on bytes they did not expect. Anything else (an ImportError, a TypeError in our
# code) is a bug to report, not damage.
_DAMAGE: tuple[type[Exception], ...] = (
    *_warcio_errors(), ValueError, IndexError, KeyError, AttributeError, EOFError,
    zlib.error, UnicodeError)


def read_warc(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    compressed = data.startswith(b"\x1f\x8b")
    raw = gunzip(data, source, options) if compressed else data
    if not raw[:64].lstrip(b"\r\n").startswith(b"WARC/"):
        what = "gzip-compressed, but not a WARC inside" if compressed else "no WARC header"
        raise FormatError(f"{source}: not a WARC archive ({what})",
                          hint="give a .warc or .warc.gz file")
    complaints = io.StringIO()
    try:
        # warcio writes what it finds wrong to stderr and goes on; keep it, then judge.
        with contextlib.redirect_stderr(complaints):
            parts = _records(raw, source, options)
    except _DAMAGE as error:
        # warcio's own exceptions say what is wrong; the built-in ones only that warcio
        # tripped over a malformed record (a header it cannot parse, a body it cannot
        # decompress or de-chunk).
        what = reason(error) if isinstance(error, _warcio_errors()) else "a record is malformed"
        raise FormatError(f"{source}: damaged WARC ({what})",
                          hint="the file may be truncated; try copying it again") from None
    complaint = " ".join(complaints.getvalue().split())
    if complaint:
        raise FormatError(f"{source}: damaged WARC ({complaint[:120]})")
    if not parts:
        raise InputError(f"{source}: holds no HTML or plain-text page captured with status 200",
                         hint="variorum reads the response records of a WARC")
    return parts
