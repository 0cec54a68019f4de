"""TEI XML: the text of ``<text>`` in document order, before or after its revision.

Three views (``--tei-view``):

- ``orig``, the text before revision: deletions kept (``<del>``, text from ``<delSpan/>`` to
  its anchor), additions dropped (``<add>``, ``<addSpan/>`` to its anchor); in ``<choice>``
  the document's own form: ``<orig>``, ``<sic>``, ``<abbr>``;
- ``reg``, the text after revision: additions kept, deletions dropped (a ``<del>`` inside
  ``<restore>`` is kept: the deletion was undone); ``<reg>``, ``<corr>``, ``<expan>``;
- ``diplomatic``, everything on the page: deletions and additions both, deleted text between
  ``[-`` and ``-]``, added text between ``{+`` and ``+}`` (the marks of ``wdiff`` and of
  ``git diff --word-diff``); in ``<choice>``, what the page shows (orig, sic, abbr).

A ``<subst>`` is its ``<del>`` and ``<add>``, read by these rules. A page, line or column
break (``<pb/>``, ``<lb/>``, ``<cb/>``) with ``break="no"``, or with no white space on
either side, is inside a word and joins it (``ex<pb n="12"/>ample`` reads ``example``).

Parsing is that of :mod:`.xml` (no entities, no DTD, no network); so is the map from
offsets of the text read back to the line and column of each source element.
"""

from __future__ import annotations

from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ..decode import Decoded
from ..extracted import Extracted
from ..options import ReadOptions
from .markup import LINE, PARAGRAPH, SPACE, decode_markup
from .xml import XML_ID, Positions, Walk, element_name, indexes, parse_xml

__all__ = ["read_tei", "read_tree"]

_CHOICES = {"orig": frozenset({"orig", "sic", "abbr"}),
            "reg": frozenset({"reg", "corr", "expan"}),
            "diplomatic": frozenset({"orig", "sic", "abbr"})}
_PARAGRAPH_BLOCKS = frozenset({
    "p", "head", "ab", "div", "div1", "div2", "div3", "div4", "div5", "div6", "div7", "lg",
    "sp", "list", "table", "trailer", "byline", "dateline", "opener", "closer", "salute",
    "signed", "argument", "epigraph", "titlePage", "titlePart", "docTitle", "docImprint",
    "docAuthor", "docDate", "front", "body", "back", "group", "text", "figure", "floatingText",
})
_LINE_BLOCKS = frozenset({"l", "item", "row", "speaker"})
_MILESTONES = {"lb": LINE, "pb": SPACE, "cb": SPACE}  # break="no" joins the word instead
_MARKS = {"del": ("[-", "-]"), "delSpan": ("[-", "-]"),
          "add": ("{+", "+}"), "addSpan": ("{+", "+}")}


class _TeiWalk(Walk):
    def __init__(self, options: ReadOptions, positions: Positions, anchors: set[str]) -> None:
        super().__init__(options, positions)
        view = options.tei_view
        self.view = view
        # What this view leaves out: additions before the revision, deletions after it.
        self.dropped = {"orig": "add", "reg": "del"}.get(view)
        self.anchors = anchors  # xml:ids that a delSpan/addSpan's spanTo names
        self.hidden: set[str] = set()  # spans being left out, by the anchor that ends them
        self.marked: dict[str, str] = {}  # diplomatic spans open: anchor -> closing mark

    def content(self, text: str | None) -> None:
        if not self.hidden:
            self.flow.text(text)

    def skipped(self, node: Any, name: str) -> bool:
        if name == "teiHeader" or (name == "note" and not self.options.tei_notes):
            return True
        if name == self.dropped:
            return not (name == "del" and _restored(node))
        return False

    def parts(self, node: Any, name: str) -> list[Any] | None:
        """What is read of a <choice> (the view's side), an <app> (the lemma) or a <subst>
        (its parts, by the rules for del and add)."""
        if name == "subst":
            return [child for child in node if element_name(child) is not None]
        if name not in ("choice", "app"):
            return None
        wanted = _CHOICES[self.view] if name == "choice" else frozenset({"lem"})
        found = [child for child in node if element_name(child) in wanted]
        # Otherwise (two <unclear>, an <app> without <lem>) the first alternative.
        return found or [child for child in node
                         if element_name(child) not in (None, "note")][:1]

    def opened(self, node: Any, name: str, flags: int,
               where: tuple[int, int] | None) -> None:
        anchor = node.get(XML_ID)
        if anchor is not None:
            self._anchor(anchor)
        if name in _MILESTONES:
            if node.get("break") == "no":
                self.flow.join()
            else:
                self.flow.milestone(_MILESTONES[name])
            return
        if name in ("delSpan", "addSpan"):
            self._span(node, name, where)
            return
        self._break(name)
        if self.view == "diplomatic" and name in ("del", "add"):
            self.flow.at(where)
            self.flow.open_mark(_MARKS[name][0])

    def closed(self, node: Any, name: str, flags: int) -> None:
        if self.view == "diplomatic" and name in ("del", "add"):
            self.flow.close_mark(_MARKS[name][1])
        self._break(name)

    def _span(self, node: Any, name: str, where: tuple[int, int] | None) -> None:
        """A <delSpan/> or <addSpan/>: what follows, up to the anchor its spanTo names."""
        target = (node.get("spanTo") or "").removeprefix("#")
        if target not in self.anchors:
            return  # no such anchor after it: nothing is left out on a broken pointer
        if self.view == "diplomatic":
            self.flow.at(where)
            self.flow.open_mark(_MARKS[name][0])
            self.marked[target] = _MARKS[name][1]
        elif name == ("addSpan" if self.view == "orig" else "delSpan"):
            self.hidden.add(target)

    def _anchor(self, anchor: str) -> None:
        self.hidden.discard(anchor)
        mark = self.marked.pop(anchor, None)
        if mark is not None:
            self.flow.close_mark(mark)

    def _break(self, name: str) -> None:
        """The break an element makes before and after itself."""
        if name in _PARAGRAPH_BLOCKS:
            self.flow.brk(PARAGRAPH)
        elif name in _LINE_BLOCKS:
            self.flow.brk(LINE)
        elif name in ("note", "cell", "space"):
            self.flow.brk(SPACE)  # a kept note never runs into the word it is attached to


def _restored(node: Any) -> bool:
    """Is this deletion inside a <restore> (the deletion undone)?"""
    return any(element_name(parent) == "restore" for parent in node.iterancestors())


def _texts(root: Any) -> list[Any]:
    """The outermost <text> elements (a teiCorpus has several), or the root if none."""
    found = []
    for node in root.iter(etree.Element):
        if element_name(node) == "text" and \
                not any(element_name(a) == "text" for a in node.iterancestors()):
            found.append(node)
    return found or [root]


def _span_anchors(root: Any) -> set[str]:
    """The xml:ids named by a delSpan's or addSpan's spanTo and found after it."""
    pending: set[str] = set()
    found: set[str] = set()
    for node in root.iter(etree.Element):
        anchor = node.get(XML_ID)
        if anchor is not None and anchor in pending:
            pending.discard(anchor)
            found.add(anchor)
        if element_name(node) in ("delSpan", "addSpan"):
            target = (node.get("spanTo") or "").removeprefix("#")
            if target:
                pending.add(target)
    return found


def read_tree(root: Any, decoded: Decoded, options: ReadOptions) -> Extracted:
    """The text of a parsed TEI (or TEI-like) document in the view asked for."""
    walk = _TeiWalk(options, Positions(decoded.text, root), _span_anchors(root))
    texts = _texts(root)
    for text, index in zip(texts, indexes(root, texts), strict=True):
        walk.flow.brk(PARAGRAPH)
        walk.read(text, index)
    return Extracted(walk.flow.result(), "tei", decoded.encoding, decoded.reason,
                     reader=f"tei-{options.tei_view}", source_map=walk.flow.source_map())


def read_tei(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    # Only the XML declaration speaks for an XML file's encoding; an HTML <meta> quoted
    # in its first bytes does not.
    decoded = decode_markup(data, source, options, ("XML declaration",))
    return [read_tree(parse_xml(decoded.text, source), decoded, options)]
