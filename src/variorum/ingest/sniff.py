r"""Which format a source is in: by content, with the file name only as a hint.

>>> sniff(b"%PDF-1.7 ...", "x.txt")
'pdf'
>>> sniff(b"<!DOCTYPE html><html><body>Hi</body></html>", "page")
'html'
>>> sniff(b"# Title\\n\\nSome *text*.", "notes.md")
'markdown'
>>> sniff(b"Plain words.", "a.html")
'text'
>>> sniff(b"A note on the <p> element in old pages.", "notes.txt")
'text'
>>> sniff(b"# Notes\n\n<div>raw HTML block</div>", "notes.md")
'markdown'
>>> sniff(b'<tei:TEI xmlns:tei="http://www.tei-c.org/ns/1.0">', "x.xml")
'tei'
>>> sniff(b'<a href="/x">Before</a>', "before.txt")
'html'
>>> sniff(b'<xml><p>An ex<pb n="014"/>ample.</p></xml>', "chapter")
'xml'
>>> sniff(b'<?xml version="1.0"?><catalogue><entry>One</entry></catalogue>', "c")
'xml'
>>> sniff(b"<draft> begins the notes, and nothing closes it.", "notes.txt")
'text'
"""

from __future__ import annotations

import io
import re

__all__ = ["sniff"]

_TEI = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?TEI[\s>]|[\"']http://www\.tei-c\.org/ns/1\.0[\"']")
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*"
                         rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|!--)[\s>]",
                         re.I | re.S)
_HTML_ANYWHERE = re.compile(rb"<html[\s>]|<body[\s>]", re.I)
_XML = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml", re.I)
# A fragment: the first thing in the file is the start tag of an HTML element, and the
# head holds an end tag (``<a href="/x">Before</a>``, ``<ins>before</ins>``).
_HTML_ELEMENTS = (
    "a|abbr|address|article|aside|audio|b|bdi|bdo|blockquote|br|button|canvas|caption|cite|"
    "code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|dl|dt|em|fieldset|figcaption|"
    "figure|font|footer|form|h[1-6]|header|hgroup|hr|i|iframe|img|input|ins|kbd|label|legend|"
    "li|link|main|mark|menu|nav|noscript|ol|optgroup|option|output|picture|pre|q|s|samp|"
    "script|section|select|small|source|span|strong|style|sub|summary|sup|table|tbody|td|"
    "template|textarea|tfoot|th|thead|time|tr|u|ul|var|video|center|big|tt|strike")
_HTML_FRAGMENT = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(" +
                            _HTML_ELEMENTS.encode() + rb")[\s>/]", re.I | re.S)
_END_TAG = re.compile(rb"</[A-Za-z][\w.-]*\s*>")
# XML: a declaration, or a start tag first (after comments, PIs and a DOCTYPE), with an end
# tag or an empty-element tag in the head: text that merely opens with "<word>" is not.
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*"
                        rb"(?:(?:<!--.*?-->|<\?.*?\?>|<!DOCTYPE(?:[^\[>]|\[.*?\])*>)\s*)*"
                        rb"<[A-Za-z_][\w.:-]*[\s>/]", re.S)
_XML_CLOSES = re.compile(rb"</[A-Za-z_][\w.:-]*\s*>|/>")
_MARKDOWN_NAMES = (".md", ".markdown", ".mdown", ".mkd")
_HTML_NAMES = (".html", ".htm", ".xhtml", ".shtml")
# Markdown's signs: a line opening with a heading, list, quote or fence mark, or a link.
_MARKDOWN_LINE_STARTS = (b"# ", b"## ", b"### ", b"#### ", b"##### ", b"###### ", b"* ",
                         b"- ", b"> ", b"```")
# The same marks after a line break: one pass of a regular expression that starts at line
# breaks only (ten bytes.count calls, one per mark, took twenty times as long).
_MARKDOWN_LINE = re.compile(rb"\n(?:#{1,6} |[*>-] |`{3})")
_MARKDOWN_LINK = re.compile(rb"\]\([^)]*\)")


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
    import zipfile  # here: it imports shutil, bz2 and lzma, which plain text never needs

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
    lowered = name.lower()
    # Plain substring tests first: the regular expressions cost more than all the rest of
    # reading a short plain-text file, and most files are plain text.
    if (b"TEI" in view or b"tei-c.org" in view) and _TEI.search(view):
        return "tei"
    if lowered.endswith(_MARKDOWN_NAMES) and not _HTML_ANYWHERE.search(view):
        return "markdown"  # Markdown may hold raw HTML blocks: the name decides
    if _HTML_START.match(view) or (_XML.match(view) and _HTML_ANYWHERE.search(view)):
        return "html"
    if lowered.endswith(_HTML_NAMES) and b"<" in view:
        return "html"
    if b"<" in view[:1024]:
        if _XML.match(view) or (lowered.endswith(".xml") and _XML_START.match(view)):
            return "xml"
        if _HTML_FRAGMENT.match(view) and _END_TAG.search(view):
            return "html"
        if _XML_START.match(view) and _XML_CLOSES.search(view):
            return "xml"
    if _markdown_signs(view) >= 3:
        return "markdown"
    return "text"


def _markdown_signs(view: bytes) -> int:
    """How many lines open with a Markdown mark, plus how many links there are."""
    # Counted as line break + mark; the first line has none. No mark holds a line break, so
    # the matches never overlap and each line counts once.
    signs = len(_MARKDOWN_LINE.findall(view))
    signs += view.startswith(_MARKDOWN_LINE_STARTS)
    if b"](" in view:
        signs += len(_MARKDOWN_LINK.findall(view))
    return signs
