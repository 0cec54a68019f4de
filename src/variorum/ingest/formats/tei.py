"""TEI XML: the text of ``<text>`` in document order, in the original or regularized view.

The parser never resolves entities, loads a DTD or touches the network, and documents whose
DOCTYPE declares entities are refused outright (entity expansion bombs, external entities).
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ...errors import FormatError
from ..extracted import Extracted
from ..options import ReadOptions
from .markup import LINE, PARAGRAPH, SPACE, TextFlow, decode_markup

__all__ = ["read_tei"]

_VIEWS = {"orig": frozenset({"orig", "sic", "abbr"}), "reg": frozenset({"reg", "corr", "expan"})}
_PARAGRAPH_BLOCKS = frozenset({
    "p", "head", "ab", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "lg",
    "sp", "list", "table", "trailer", "byline", "dateline", "opener", "closer", "salute",
    "signed", "argument", "epigraph", "titlePage", "titlePart", "docTitle", "docImprint",
    "docAuthor", "docDate", "front", "body", "back", "group", "text", "figure", "floatingText",
})
_LINE_BLOCKS = frozenset({"l", "item", "row", "speaker"})
_MILESTONES = {"lb": LINE, "pb": SPACE, "cb": SPACE}  # break="no" joins the word instead

_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S)
_POSITION = re.compile(r",? line \d+, column \d+\s*$")
_REFUSED = "XML entity declarations are refused"
_REFUSED_HINT = "replace the entities by the characters they stand for"


def _parser() -> Any:
    # Every option that could read a file, fetch a URL or expand an entity is off.
    # ``encoding`` is given because we hand lxml UTF-8 bytes of text we decoded ourselves
    # (and recorded why); the document's own declaration must not decode them a second time.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           load_dtd=False, dtd_validation=False, encoding="utf-8")


def _parse(text: str, source: str) -> Any:
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
        message = _POSITION.sub("", str(error.msg or error)).strip() or "cannot be parsed"
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


def _name(node: Any) -> str | None:
    """The local name of an element (no namespace); None for comments and PIs."""
    tag = node.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else None


class _Walk:
    """Document-order walk with an explicit stack: nesting depth never meets recursion."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.flow = TextFlow()

    def read(self, root: Any) -> None:
        stack: list[tuple[str, Any]] = [("open", root)]
        while stack:
            action, node = stack.pop()
            if action == "tail":
                self.flow.text(node)
            elif action == "close":
                self._close(node)
            else:
                self._open(node, stack)

    def _skipped(self, name: str) -> bool:
        return name == "teiHeader" or (name == "note" and not self.options.tei_notes)

    def _open(self, node: Any, stack: list[tuple[str, Any]]) -> None:
        name = _name(node)
        if name is None or self._skipped(name):
            return
        if name in _MILESTONES:
            if node.get("break") == "no":
                self.flow.join()
            else:
                self.flow.brk(_MILESTONES[name])
            return
        self._break(name)
        stack.append(("close", node))
        if name in ("choice", "app"):
            # Alternatives: one is read. The white space around them is layout, and a choice
            # inside a word must not split it.
            stack.extend(("open", child) for child in reversed(self._alternatives(node, name)))
            return
        for child in reversed(node):
            stack.append(("tail", child.tail))
            stack.append(("open", child))
        self.flow.text(node.text)

    def _alternatives(self, node: Any, name: str) -> list[Any]:
        """What is read of a <choice> (the view's side) or an <app> (the lemma)."""
        wanted = _VIEWS[self.options.tei_view] if name == "choice" else frozenset({"lem"})
        found = [child for child in node if _name(child) in wanted]
        # Otherwise (two <unclear>, an <app> without <lem>) the first alternative.
        return found or [child for child in node if _name(child) not in (None, "note")][:1]

    def _break(self, name: str) -> None:
        """The break an element makes before and after itself."""
        if name in _PARAGRAPH_BLOCKS:
            self.flow.brk(PARAGRAPH)
        elif name in _LINE_BLOCKS:
            self.flow.brk(LINE)
        elif name in ("note", "cell", "space"):
            self.flow.brk(SPACE)  # a kept note never runs into the word it is attached to

    def _close(self, node: Any) -> None:
        name = _name(node)
        if name is not None:
            self._break(name)


def _texts(root: Any) -> list[Any]:
    """The outermost <text> elements (a teiCorpus has several), or the root if none."""
    found = []
    for node in root.iter():
        if _name(node) == "text" and not any(_name(a) == "text" for a in node.iterancestors()):
            found.append(node)
    return found or [root]


def read_tei(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    # Only the XML declaration speaks for an XML file's encoding; an HTML <meta> quoted
    # in its first bytes does not.
    decoded = decode_markup(data, source, options, ("XML declaration",))
    root = _parse(decoded.text, source)
    walk = _Walk(options)
    for text in _texts(root):
        walk.flow.brk(PARAGRAPH)
        walk.read(text)
    return [Extracted(walk.flow.result(), "tei", decoded.encoding, decoded.reason)]
