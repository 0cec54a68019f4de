"""Which format a source is in: by content, with the file name only as a hint.

>>> sniff(b"%PDF-1.7 ...", "x.txt")
'pdf'
>>> sniff(b"<!DOCTYPE html><html><body>Hi</body></html>", "page")
'html'
>>> sniff(b"# Title\\n\\nSome *text*.", "notes.md")
'markdown'
>>> sniff(b"Plain words.", "a.html")
'text'
"""

from __future__ import annotations

import io
import re
import zipfile

__all__ = ["sniff"]

_TEI = re.compile(rb"<TEI[\s>]|xmlns\s*=\s*[\"']http://www\.tei-c\.org/ns/1\.0", re.I)
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<p[\s>]|<div[\s>]",
                   re.I)
_XML = re.compile(rb"^\s*<\?xml", re.I)
_MARKDOWN_NAMES = (".md", ".markdown", ".mdown", ".mkd")
_MARKDOWN_SIGNS = re.compile(rb"^(#{1,6} |\* |- |> |```)|\]\([^)]*\)", re.M)


def _ascii_view(head: bytes) -> bytes:
    """The head with UTF-16/32 NULs dropped, so markup is seen whatever the encoding."""
    if head.count(0) > len(head) // 4:
        return head.replace(b"\x00", b"")
    return head


def _zip_kind(head: bytes, name: str) -> str:
    lowered = name.lower()
    if lowered.endswith(".epub") or b"mimetypeapplication/epub+zip" in head[:200]:
        return "epub"
    if lowered.endswith((".docx", ".docm")) or b"word/" in head:
        return "docx"
    try:  # the head may hold the whole archive
        names = zipfile.ZipFile(io.BytesIO(head)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        names = []
    if "word/document.xml" in names:
        return "docx"
    if "META-INF/container.xml" in names:
        return "epub"
    return "docx"  # the reader says clearly if it is neither


def sniff(head: bytes, name: str) -> str:
    """The format name of a source from its first bytes (and its name, as a hint)."""
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, name)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b")
                                     and name.lower().endswith((".warc.gz", ".warc"))):
        return "warc"
    if head.startswith(b"\x1f\x8b"):
        return "warc"  # gzip: the WARC reader is the only one that reads it, and says so
    view = _ascii_view(head[:8192])
    if _TEI.search(view):
        return "tei"
    if _HTML.search(view) and not _XML.match(view):
        return "html"
    if _XML.match(view) and _HTML.search(view):
        return "html"  # XHTML
    if name.lower().endswith(_MARKDOWN_NAMES):
        return "markdown"
    if name.lower().endswith((".html", ".htm", ".xhtml")) and b"<" in view:
        return "html"
    if len(_MARKDOWN_SIGNS.findall(view)) >= 3:
        return "markdown"
    return "text"
