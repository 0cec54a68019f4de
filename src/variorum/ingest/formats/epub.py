"""EPUB: the chapters of the book in reading order, as one text.

``META-INF/container.xml`` names the package document (OPF); its spine gives the reading
order of the manifest's XHTML items; each item's body text is taken with block elements on
lines of their own, and the chapters are joined with blank lines. Read with zipfile and
lxml through :mod:`.zipsafe` (not EbookLib, which is AGPL).

:func:`markup_text` (XHTML/HTML element → text) is also the fallback HTML-to-text of the
WARC reader.
"""

from __future__ import annotations

import codecs
import html.entities
import posixpath
import re
from urllib.parse import unquote, urldefrag

from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from lxml import html as lxml_html  # type: ignore[import-untyped, unused-ignore]

from ...errors import FormatError
from ..decode import declared_charset, decode
from ..extracted import Extracted
from ..options import ReadOptions
from .package import EPUB_CONTAINER
from .zipsafe import Element, SafeZip, parse_xml, resolve_href

__all__ = ["html_text", "markup_text", "read_epub_package"]

_OPF_TYPE = "application/oebps-package+xml"
# EPUB 3 requires XHTML; EPUB 2 books made by older tools sometimes declare text/html.
_CHAPTER_TYPES = frozenset({"application/xhtml+xml", "text/html"})

# Elements that start and end a line of their own in rendered (X)HTML.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# Not shown to a reader: the text inside is not part of the text as found.
_DROPPED = frozenset({"script", "style", "head", "template", "noscript"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # http:, data:, ... (not a drive letter)
# HTML collapses runs of these to one space (NO-BREAK SPACE is not among them).
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _entity(node: Element) -> str:
    """The character of an entity an XHTML 1.1 book uses from its (unread) DTD."""
    name = str(node.name)
    return html.entities.html5.get(name + ";", f"&{name};")


class _Lines:
    """Text gathered line by line, collapsing white space the way a browser shows it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._parts: list[tuple[str, bool]] = []  # (text, preformatted)

    def text(self, text: str, pre: bool) -> None:
        self._parts.append((text, pre))

    def end_line(self, keep_empty: bool) -> None:
        line = ""
        for text, pre in self._parts:
            if pre:
                line += text
                continue
            collapsed = _HTML_SPACE.sub(" ", text)
            if not line or line.endswith((" ", "\n")):
                collapsed = collapsed.lstrip(" ")
            line += collapsed
        if self._parts and not self._parts[-1][1]:
            line = line.rstrip(" ")
        if line or keep_empty:
            self.lines.append(line)
        self._parts.clear()


def markup_text(root: Element) -> str:
    """The text of an (X)HTML element: block elements on lines of their own, ``br`` a line
    break, white space collapsed except in ``pre``, script and style dropped.

    Iterative, not recursive: tag soup parsed by the HTML parser has no depth limit.
    """
    lines = _Lines()
    pre_depth = 0
    stack: list[tuple[Element, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tail = node.tail if node is not root else None
        if not isinstance(node.tag, str):  # comment, processing instruction or entity
            if node.tag is etree.Entity:
                lines.text(_entity(node), pre_depth > 0)
            if tail:
                lines.text(tail, pre_depth > 0)
            continue
        name = _local(node.tag)
        if closing:
            if name in _BLOCKS:
                lines.end_line(keep_empty=False)
            if name == "pre":
                pre_depth -= 1
            if tail:
                lines.text(tail, pre_depth > 0)
            continue
        if name in _DROPPED:
            if tail:  # the tail is the parent's text
                lines.text(tail, pre_depth > 0)
            continue
        if name in _BLOCKS:
            lines.end_line(keep_empty=False)
        elif name == "br":
            lines.end_line(keep_empty=True)
        if name == "pre":
            pre_depth += 1
        if node.text:
            lines.text(node.text, pre_depth > 0)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    lines.end_line(keep_empty=False)
    return "\n".join(lines.lines)


def _body(root: Element) -> Element:
    for element in root.iter():
        if isinstance(element.tag, str) and _local(element.tag) == "body":
            return element
    return root


def _soup(data: bytes) -> Element:
    """Parse what is not well-formed XML with libxml2's forgiving HTML parser."""
    parser = lxml_html.HTMLParser(no_network=True, remove_comments=True, encoding="utf-8")
    try:
        return lxml_html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):  # e.g. a document of nothing but comments
        return etree.Element("html")


def html_text(text: str) -> str:
    """The body text of an HTML document given as a string (the WARC reader's fallback)."""
    return markup_text(_body(_soup(text.encode("utf-8"))))


def _read_chapter(package: SafeZip, name: str, source: str,
                  options: ReadOptions) -> tuple[str, str, str | None]:
    """The text of one spine item, the encoding it was read in, and why, if not as XML."""
    decoded_as: list[tuple[str, str]] = []

    def recover(raw: bytes) -> Element:
        # Books made by careless tools hold tag soup; their text is still there to read.
        # The bytes are decoded as declared first, so bad bytes are an EncodingError
        # naming the chapter rather than something the HTML parser guesses around.
        declared = declared_charset(raw)
        decoded = decode(raw, source=f"{source} ({name})",
                         declared=declared[0] if declared else None,
                         declared_by=declared[1] if declared else "declared charset",
                         override=options.encoding)
        decoded_as.append((decoded.encoding, f"{name} read as HTML: {decoded.reason}"))
        return _soup(decoded.text.encode("utf-8"))

    root = parse_xml(package.read(name), source, name, recover=recover)
    if decoded_as:
        return markup_text(_body(root)), decoded_as[0][0], decoded_as[0][1]
    encoding = codecs.lookup(root.getroottree().docinfo.encoding or "utf-8").name
    return markup_text(_body(root)), encoding, None


def _attribute(element: Element, name: str) -> str:
    value = element.get(name)
    return str(value) if value is not None else ""


def _children(root: Element, parent: str, child: str) -> list[Element]:
    """``child`` elements of the first ``parent`` element, whatever their namespace."""
    for element in root.iter():
        if isinstance(element.tag, str) and _local(element.tag) == parent:
            return [node for node in element
                    if isinstance(node.tag, str) and _local(node.tag) == child]
    return []


def _package_path(package: SafeZip, source: str) -> str:
    container = parse_xml(package.read(EPUB_CONTAINER), source, EPUB_CONTAINER)
    rootfiles = _children(container, "rootfiles", "rootfile")
    preferred = [r for r in rootfiles if _attribute(r, "media-type") == _OPF_TYPE] or rootfiles
    for rootfile in preferred:
        path = resolve_href("", _attribute(rootfile, "full-path"))
        if path is not None and path in package:
            return path
    raise FormatError(f"{source}: not a readable EPUB: {EPUB_CONTAINER} names no package "
                      "document in the archive", hint="the book may be damaged")


def _spine(package: SafeZip, opf_path: str, source: str) -> list[str]:
    """The archive names of the XHTML items of the spine, in reading order."""
    opf = parse_xml(package.read(opf_path), source, opf_path)
    base = posixpath.dirname(opf_path)
    manifest: dict[str, tuple[str | None, str]] = {}
    for item in _children(opf, "manifest", "item"):
        href = urldefrag(unquote(_attribute(item, "href"))).url
        # An href leading outside the archive (a remote URL, ../..) is ignored like an
        # unsafe member name: nothing outside the archive is read.
        inside = href and not _SCHEME.match(href)
        manifest[_attribute(item, "id")] = (resolve_href(base, href) if inside else None,
                                            _attribute(item, "media-type"))
    names: list[str] = []
    for itemref in _children(opf, "spine", "itemref"):
        path, media_type = manifest.get(_attribute(itemref, "idref"), (None, ""))
        # Non-linear items (notes, pop-ups) are kept: they are text of the edition too.
        if path is not None and media_type in _CHAPTER_TYPES:
            names.append(path)
    if not names:
        raise FormatError(f"{source}: not a readable EPUB: its spine lists no XHTML chapter",
                          hint="the book may be damaged or hold only images")
    return names


def read_epub_package(package: SafeZip, source: str, options: ReadOptions) -> list[Extracted]:
    """The book in an opened package (see :mod:`.package`)."""
    chapters: list[str] = []
    encodings: set[str] = set()
    notes: list[str] = []
    for name in _spine(package, _package_path(package, source), source):
        text, encoding, note = _read_chapter(package, name, source, options)
        encodings.add(encoding)
        if note:
            notes.append(note)
        if text.strip():  # a cover or a page holding only an image adds no empty lines
            chapters.append(text)
    common = encodings.pop() if len(encodings) == 1 else None
    reason = "XML in an EPUB package" + (f" ({'; '.join(notes)})" if notes else "")
    return [Extracted("\n\n".join(chapters), "epub", common, reason)]
