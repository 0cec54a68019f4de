"""DOCX: the body text of a Word document, and both sides of its tracked changes.

``word/document.xml`` is read with lxml through :mod:`.zipsafe`: ``w:t`` is text, ``w:tab``
a tab, ``w:br``/``w:cr`` a line break, each paragraph a line. A document with tracked
changes (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``) holds two texts, and gives two
parts: ``original`` (every change rejected) and ``revised`` (every change accepted), so that
collating the one file shows its tracked changes as variants.

Only the main story is read: headers, footers, footnotes and comments live in other parts.
"""

from __future__ import annotations

import codecs

from ...errors import FormatError
from ..extracted import Extracted
from ..options import ReadOptions
from .package import WORD_DOCUMENT
from .zipsafe import Element, SafeZip, parse_xml

__all__ = ["read_docx_package"]

# Transitional (what Word writes) and Strict OOXML.
_W = frozenset({"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "http://purl.oclc.org/ooxml/wordprocessingml/main"})
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"

_CHANGES = frozenset({"ins", "del", "moveFrom", "moveTo"})
# What each view leaves out: rejecting all changes drops insertions and the new place of a
# move; accepting them all drops deletions and the old place.
_LEFT_OUT = {"original": frozenset({"ins", "moveTo"}),
             "revised": frozenset({"del", "moveFrom"})}
# Elements whose text is not shown: field codes (their result is shown instead).
_HIDDEN = frozenset({"instrText", "delInstrText"})
_CHARACTERS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n",
               "noBreakHyphen": "\u2011", "softHyphen": "\u00ad"}


def _split(tag: str) -> tuple[str, str]:
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return namespace, local


def _word_name(element: Element) -> str | None:
    """The local name of a WordprocessingML element; ``None`` for anything else."""
    if not isinstance(element.tag, str):
        return None
    namespace, name = _split(element.tag)
    return name if namespace in _W else None


def _word_children(element: Element, name: str) -> list[Element]:
    return [child for child in element if _word_name(child) == name]


def _changed(element: Element, properties: str, view: str) -> bool:
    """Is this paragraph mark (``pPr/rPr``) or table row (``trPr``) left out of ``view``?"""
    for props in _word_children(element, properties):
        if properties == "pPr":
            props = next(iter(_word_children(props, "rPr")), None)
            if props is None:
                continue
        if any(_word_name(child) in _LEFT_OUT[view] for child in props):
            return True
    return False


def _symbol(element: Element) -> str:
    """A ``w:sym`` character (its code is hexadecimal, often in a symbol font's range)."""
    for name, value in element.attrib.items():
        if _split(name)[1] == "char":
            try:
                return chr(int(value, 16))
            except (ValueError, OverflowError):
                return ""
    return ""


class _Text:
    """Text of one view, with paragraph breaks that a later paragraph may take back."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._last_break = -1

    def add(self, text: str) -> None:
        self.parts.append(text)

    def end_paragraph(self, joined: bool) -> None:
        # A paragraph whose mark is left out of this view runs on into the next one.
        if not joined:
            self.parts.append("\n")
            self._last_break = len(self.parts) - 1

    def result(self) -> str:
        if self._last_break == len(self.parts) - 1:
            self.parts.pop()  # no break after the last paragraph
        return "".join(self.parts)


def _walk(element: Element, view: str, out: _Text) -> None:
    """Add the text under ``element`` as ``view`` shows it.

    Recursive: the XML parser (without ``huge_tree``) refuses nesting deeper than libxml2's
    limit of 256, well within Python's.
    """
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        namespace, name = _split(child.tag)
        if namespace == _MC:
            if name == "AlternateContent":
                # Choice and Fallback hold the same content (e.g. a text box, for old and
                # new Word): read one, the first Choice, else the Fallback.
                options = [c for c in child if isinstance(c.tag, str)]
                choice = next((c for c in options if _split(c.tag)[1] == "Choice"), None)
                fallback = next((c for c in options if _split(c.tag)[1] == "Fallback"), None)
                chosen = choice if choice is not None else fallback
                if chosen is not None:
                    _walk(chosen, view, out)
            continue
        if namespace not in _W:
            _walk(child, view, out)  # drawing wrappers around text boxes
            continue
        if name in _LEFT_OUT[view] or name in _HIDDEN:
            continue
        if name.endswith(("Pr", "PrChange", "PrEx")):
            continue  # properties: formatting, and the paragraph-mark changes read below
        if name in ("t", "delText"):
            out.add(child.text or "")
        elif name in _CHARACTERS:
            out.add(_CHARACTERS[name])
        elif name == "sym":
            out.add(_symbol(child))
        elif name == "p":
            _walk(child, view, out)
            out.end_paragraph(joined=_changed(child, "pPr", view))
        elif name == "tr" and _changed(child, "trPr", view):
            continue  # a table row inserted (or deleted) as a whole
        else:
            _walk(child, view, out)


def _has_changes(body: Element) -> bool:
    return any(_word_name(element) in _CHANGES for element in body.iter())


def read_docx_package(package: SafeZip, source: str,
                      options: ReadOptions | None = None) -> list[Extracted]:
    """The text(s) of the Word document in an opened package (see :mod:`.package`)."""
    root = parse_xml(package.read(WORD_DOCUMENT), source, WORD_DOCUMENT)
    body = next(iter(_word_children(root, "body")), None)
    if _word_name(root) != "document" or body is None:
        raise FormatError(f"{source}: {WORD_DOCUMENT} holds no Word document body (w:body)",
                          hint="the document may be damaged")
    encoding = codecs.lookup(root.getroottree().docinfo.encoding or "utf-8").name
    reason = "XML in a DOCX package"
    if not _has_changes(body):
        out = _Text()
        _walk(body, "revised", out)  # no changes: either view is the text
        return [Extracted(out.result(), "docx", encoding, reason)]
    parts = []
    for view in ("original", "revised"):
        out = _Text()
        _walk(body, view, out)
        parts.append(Extracted(out.result(), "docx", encoding, reason, name=view))
    return parts
