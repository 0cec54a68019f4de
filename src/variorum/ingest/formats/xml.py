"""Any XML: its text nodes in document order, never its markup; TEI-like XML read as TEI.

The parser never resolves entities, loads a DTD or touches the network, and documents whose
DOCTYPE declares entities are refused outright (entity expansion bombs, external entities).
The TEI reader (:mod:`.tei`) parses with the same parser and walks with the same walker.

A document in no namespace (or the TEI one) holding elements that only TEI uses together
(``<pb/>``, ``<lb/>``, ``<del>``, ``<add>``, ``<choice>``, ...: a root ``<xml>`` around a TEI
transcription, as the Frankenstein Variorum's collation files have) is read as TEI. Any
other XML is read as its text: an element whose content is only elements (and white space)
holds blocks, each of its child elements a paragraph; an element with text of its own
holds inline markup, read straight through. Attributes, comments and processing
instructions are never text.

Offsets of the text read are led back to the source (:class:`~variorum.model.SourceMap`):
the start tags are found in the decoded text, in document order, and matched one to one
with the parsed elements (if the counts differ, the map is left out rather than wrong).
"""

from __future__ import annotations

import re
from array import array
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ...errors import FormatError
from ..extracted import Extracted
from ..options import ReadOptions
from .markup import LINE, PARAGRAPH, TextFlow, decode_markup

__all__ = ["Positions", "Walk", "element_name", "parse_xml", "read_xml", "tei_like"]

_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S)
_POSITION = re.compile(r",? line \d+, column \d+\s*$")
_REFUSED = "XML entity declarations are refused"
_REFUSED_HINT = "replace the entities by the characters they stand for"
TEI_NAMESPACE = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _parser() -> Any:
    # Every option that could read a file, fetch a URL or expand an entity is off.
    # ``encoding`` is given because we hand lxml UTF-8 bytes of text we decoded ourselves
    # (and recorded why); the document's own declaration must not decode them a second time.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, encoding="utf-8")


def parse_xml(text: str, source: str) -> Any:
    """The root element, or a one-line FormatError; entity declarations are refused."""
    # Looked for before parsing, so an expansion bomb is refused without being parsed.
    subset = _DOCTYPE_SUBSET.search(text)
    if subset and "<!ENTITY" in subset.group(1):
        raise FormatError(f"{source}: {_REFUSED}", hint=_REFUSED_HINT)
    try:
        # surrogatepass: a lone surrogate reaches libxml2 as bytes it rejects, with a line
        root = etree.fromstring(text.encode("utf-8", "surrogatepass"), _parser())
    except etree.XMLSyntaxError as error:
        if subset and "<!ENTITY" in text:  # a subset the pattern above did not see whole
            raise FormatError(f"{source}: {_REFUSED}", hint=_REFUSED_HINT) from None
        # libxml2 may quote the document after its message, on lines of their own.
        first = (str(error.msg or error).strip().splitlines() or [""])[0]
        message = _POSITION.sub("", first).strip() or "cannot be parsed"
        line, column = error.position if error.position else (error.lineno, 0)
        if "XML_PARSE_HUGE" in message:  # well-formed, perhaps, but past the safe limits
            raise FormatError(f"{source}: XML too large to read safely at line {line}: "
                              f"{message.partition(',')[0]}",
                              hint="elements nest at most 256 deep and a run of text without "
                                   "markup holds at most 10 MB") from None
        raise FormatError(f"{source}: malformed XML at line {line}: {message}",
                          hint=f"check the markup near column {column} of line {line}"
                          ) from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(iter(dtd.iterentities()), None) is not None:
        raise FormatError(f"{source}: {_REFUSED}", hint=_REFUSED_HINT)
    # An entity left unexpanded: declared, for all the parser knows, in an external DTD it
    # does not read. Dropping it would lose text without a word.
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        raise FormatError(f"{source}: entity {entity.text} is not defined in the file",
                          hint="external DTDs are not read; replace the entity by its "
                               "character")
    return root


def element_name(node: Any) -> str | None:
    """The local name of an element (no namespace); None for comments and PIs."""
    tag = node.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else None


# Markup that holds no element: comments, CDATA sections, processing instructions, the
# DOCTYPE (with its internal subset). Any other "<" not followed by "/" opens a start tag
# (well-formed XML has no "<" in attribute values or character data).
_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>"
                     r"|<!DOCTYPE(?:[^\[>]|\[.*?\])*>|(<)[^/!?]", re.S)


class Positions:
    """Line and column (from 1) of every element's start tag, by document-order index."""

    def __init__(self, text: str, root: Any) -> None:
        lines: array[int] = array("q")
        columns: array[int] = array("q")
        line, line_start, last = 1, 0, 0
        for match in _MARKUP.finditer(text):
            if match.group(1) is None:
                continue
            where = match.start()
            newlines = text.count("\n", last, where)
            if newlines:
                line += newlines
                line_start = text.rindex("\n", last, where) + 1
            last = where
            lines.append(line)
            columns.append(where - line_start + 1)
        count, last_node = 0, root
        for node in root.iter(etree.Element):
            count += 1
            last_node = node
        # The tags found are the elements parsed: as many, the first and the last on the
        # lines the parser saw them on (its line numbers stop at 65535 in some builds).
        self.usable = count == len(lines) and (not lines or (
            lines[0] == root.sourceline
            and (lines[-1] == last_node.sourceline or lines[-1] >= 65535)))
        self.lines = lines
        self.columns = columns

    def at(self, index: int) -> tuple[int, int] | None:
        if not self.usable:
            return None
        return self.lines[index], self.columns[index]


# Stack actions of the walk, and their flags.
_OPEN, _SKIP, _CLOSE = 0, 1, 2
TAIL, BLOCK = 1, 2


class Walk:
    """Document-order walk with an explicit stack (nesting depth never meets recursion),
    counting elements in document order so that each text read is mapped to its element.

    Subclasses say which elements are not read (:meth:`skipped`), which are containers
    whose children are alternatives or parts and whose own white space is layout
    (:meth:`parts`), and what each element does before and after its content
    (:meth:`opened`, :meth:`closed`).
    """

    def __init__(self, options: ReadOptions, positions: Positions) -> None:
        self.options = options
        self.flow = TextFlow()
        self.positions = positions
        self.index = 0  # document-order index of the next element opened

    def read(self, node: Any, index: int) -> None:
        """Read ``node`` (the element of document-order ``index``), not its tail."""
        self.index = index
        stack: list[tuple[int, Any, int, tuple[int, int] | None]] = [(_OPEN, node, 0, None)]
        while stack:
            action, node, flags, where = stack.pop()
            if action == _CLOSE:
                self.closed(node, element_name(node) or "", flags)
                self._tail(node, flags, where)
                continue
            name = element_name(node)
            if name is None:  # a comment or PI: nothing of it is text, its tail is
                self._tail(node, flags, None)
                continue
            where = self.positions.at(self.index)
            if action == _SKIP or self.skipped(node, name):
                self.index += sum(1 for _ in node.iter(etree.Element))
                self._tail(node, flags, where)
                continue
            self.index += 1
            self.opened(node, name, flags, where)
            stack.append((_CLOSE, node, flags, where))
            parts = self.parts(node, name)
            if parts is not None:  # alternatives or parts: the white space between is layout
                chosen = {id(child) for child in parts}
                for child in reversed(node):
                    stack.append((_OPEN if id(child) in chosen else _SKIP, child, 0, None))
                continue
            child_flags = TAIL | (BLOCK if self.blocks(node) else 0)
            for child in reversed(node):
                stack.append((_OPEN, child, child_flags, None))
            self.flow.at(where)
            self.content(node.text)

    def _tail(self, node: Any, flags: int, where: tuple[int, int] | None) -> None:
        if flags & TAIL and node.tail:
            if where is not None:
                self.flow.at(where)
            self.content(node.tail)

    def content(self, text: str | None) -> None:
        """Character data read (a subclass may hide it)."""
        self.flow.text(text)

    # --- what subclasses decide ------------------------------------------------------

    def skipped(self, node: Any, name: str) -> bool:
        return False

    def parts(self, node: Any, name: str) -> list[Any] | None:
        return None

    def blocks(self, node: Any) -> bool:
        """Are the children of ``node`` blocks (its content is only elements)?"""
        return False

    def opened(self, node: Any, name: str, flags: int,
               where: tuple[int, int] | None) -> None:
        pass

    def closed(self, node: Any, name: str, flags: int) -> None:
        pass


def indexes(root: Any, wanted: list[Any]) -> list[int]:
    """The document-order indexes of the ``wanted`` elements (in document order)."""
    targets = {id(node): node for node in wanted}
    found: list[int] = []
    for index, node in enumerate(root.iter(etree.Element)):
        if id(node) in targets:
            found.append(index)
            if len(found) == len(targets):
                break
    return found


# Generic XML ---------------------------------------------------------------------------

_BLOCK_NAMES = frozenset({"p", "para", "div", "section", "chapter", "head", "title", "ab",
                          "lg", "stanza", "paragraph", "heading"})
_LINE_NAMES = frozenset({"l", "line", "item", "li", "entry", "row", "verse"})
_BREAK_NAMES = frozenset({"lb", "br"})


class _XmlWalk(Walk):
    def blocks(self, node: Any) -> bool:
        if len(node) == 0 or (node.text and node.text.strip()):
            return False
        return all(not (child.tail and child.tail.strip()) for child in node)

    def opened(self, node: Any, name: str, flags: int,
               where: tuple[int, int] | None) -> None:
        self._break(name, flags)

    def closed(self, node: Any, name: str, flags: int) -> None:
        self._break(name, flags)

    def _break(self, name: str, flags: int) -> None:
        if name in _BLOCK_NAMES or flags & BLOCK:
            self.flow.brk(PARAGRAPH)
        elif name in _LINE_NAMES:
            self.flow.brk(LINE)
        elif name in _BREAK_NAMES:
            self.flow.milestone(LINE)


# TEI recognised by element names -----------------------------------------------------

# Elements that TEI transcriptions use and other vocabularies (DocBook, JATS, XHTML, ...)
# do not use together: three different ones in a document in no namespace make it TEI.
_TEI_NAMES = frozenset({
    "pb", "lb", "cb", "milestone", "choice", "subst", "del", "add", "delSpan", "addSpan",
    "sic", "corr", "orig", "reg", "abbr", "expan", "lg", "ab", "fw", "unclear", "gap",
    "anchor", "handShift", "metamark", "mod", "app", "lem", "rdg", "persName", "placeName",
    "teiHeader", "supplied", "surplus", "damage", "restore", "retrace", "zone", "surface",
})
_TEI_ENOUGH = 3
_TEI_LOOK_AT = 100_000  # elements looked at, at most, before deciding


def tei_like(root: Any) -> bool:
    """Is this TEI: the TEI namespace, a ``TEI``/``teiCorpus`` root, or (in no namespace)
    three distinct elements that TEI transcriptions use?"""
    tag = root.tag if isinstance(root.tag, str) else ""
    namespace = tag[1:].partition("}")[0] if tag.startswith("{") else ""
    if namespace == TEI_NAMESPACE or element_name(root) in ("TEI", "teiCorpus"):
        return True
    if namespace:
        return False  # another vocabulary's namespace: its own names, not TEI's
    seen: set[str] = set()
    for count, node in enumerate(root.iter(etree.Element)):
        if count >= _TEI_LOOK_AT:
            break
        name = element_name(node)
        if name in _TEI_NAMES and not node.tag.startswith("{"):
            seen.add(name)
            if len(seen) >= _TEI_ENOUGH:
                return True
    return False


_DECLARATION = re.compile(r"^\ufeff?\s*<\?xml", re.I)


def read_xml(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    # Only the XML declaration speaks for an XML file's encoding; an HTML <meta> quoted
    # in its first bytes does not.
    decoded = decode_markup(data, source, options, ("XML declaration",))
    try:
        root = parse_xml(decoded.text, source)
    except FormatError:
        # Sniffed as XML only because it opens with a tag: without an XML declaration or
        # an .xml name it may be text that begins with one, read as text as it always was.
        if _DECLARATION.match(decoded.text) or source.lower().endswith(".xml"):
            raise
        from .text import read_text

        return read_text(data, source, options)
    if tei_like(root):
        from .tei import read_tree

        return [read_tree(root, decoded, options)]
    walk = _XmlWalk(options, Positions(decoded.text, root))
    walk.read(root, 0)
    return [Extracted(walk.flow.result(), "xml", decoded.encoding, decoded.reason,
                      reader="xml", source_map=walk.flow.source_map())]
