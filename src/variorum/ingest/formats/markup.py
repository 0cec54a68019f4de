"""What the markup readers (HTML, Markdown, TEI) share: decoding, and text out of a tree.

:func:`decode_markup` decodes with the charset the document declares. Walking a tree, a
reader sees character data in pieces (an element's text, a child's tail) and structural
events (a paragraph ends, a line break, a word joined across a line break).
:class:`TextFlow` turns them into text: a run of markup white space becomes one space, and
the strongest break asked for between two pieces of content is written once, so that
``</p>  <pb/>  <p>`` gives one paragraph break rather than a pile of blank lines.

>>> flow = TextFlow()
>>> flow.text("  The  keeper\\n   climbed ")
>>> flow.brk(PARAGRAPH)
>>> flow.text("\\n exam-")
>>> flow.join()
>>> flow.text("\\n    ple ")
>>> flow.result()
'The keeper climbed\\n\\nexam-ple'

A break element (TEI ``<pb/>``, ``<lb/>``) is a :meth:`milestone`: a break when white space
stands on either side of it, none inside a word (``ex<pb/>ample``).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Collection

from ...model import SourceMap
from ..decode import Decoded, declared_charset, decode
from ..options import ReadOptions

__all__ = ["LINE", "PARAGRAPH", "SPACE", "TextFlow", "decode_markup"]

SPACE, LINE, PARAGRAPH = 1, 2, 3
_SEPARATOR = {SPACE: " ", LINE: "\n", PARAGRAPH: "\n\n"}

# Only markup white space collapses. str.split() would also eat NO-BREAK SPACE and the
# other Unicode spaces, which are characters of the text as found, not layout.
XML_SPACE = re.compile(r"[ \t\r\n]+")
HTML_SPACE = re.compile(r"[ \t\n\f\r]+")
_SPACE_CHARS = {XML_SPACE.pattern: " \t\r\n", HTML_SPACE.pattern: " \t\n\f\r"}


def decode_markup(data: bytes, source: str, options: ReadOptions,
                  declarations: Collection[str] = ("HTML meta", "XML declaration")) -> Decoded:
    """Decode a markup source: --encoding, else a byte order mark, else the charset it
    declares in one of ``declarations`` (see :func:`declared_charset`), else UTF-8."""
    found = declared_charset(data)
    name, by = found if found and found[1] in declarations else (None, "")
    return decode(data, source=source, declared=name, declared_by=by,
                  override=options.encoding, errors=options.errors)


class TextFlow:
    """Collects content and the breaks between it; :meth:`result` is the text."""

    def __init__(self, space: re.Pattern[str] = XML_SPACE) -> None:
        self._space = space
        self._chars = _SPACE_CHARS[space.pattern]
        self._parts: list[str] = []
        self._pending = 0  # strongest break asked for since the last content
        self._joined = False  # a word continues across a break (TEI break="no")
        self._milestone = 0  # a break element met inside a word: a break only if space follows
        self._length = 0
        # The source map: where (line, column) the next content comes from, and the table.
        self._where: tuple[int, int] | None = None
        self._mapped: tuple[int, int] | None = None
        self._offsets: array[int] = array("q")
        self._lines: array[int] = array("q")
        self._columns: array[int] = array("q")

    def text(self, value: str | None) -> None:
        """Character data: each run of white space is (at most) one space."""
        if not value:
            return
        # One piece of content for the whole value (a piece per word cost a third of the
        # time of reading a TEI edition): white space inside it is one space, at its ends a
        # break asked for, as if each word were given alone.
        core = value.strip(self._chars)
        if len(core) < len(value) and value[0] in self._chars:
            self.brk(SPACE)
        if core:
            self._content(self._space.sub(" ", core))
            if value[-1] in self._chars:
                self.brk(SPACE)

    def raw(self, value: str | None) -> None:
        """Character data kept exactly (preformatted text)."""
        if value:
            self._content(value)

    def at(self, where: tuple[int, int] | None) -> None:
        """The content that follows comes from the element at (line, column) of the source."""
        self._where = where

    def milestone(self, strength: int) -> None:
        """A break element: a break of ``strength`` if white space (or a break) stands before
        or after it, else none: the word goes on across it."""
        if self._joined:
            return  # inside a word already joined across a break
        if self._pending or not self._parts:
            self.brk(strength)
        else:
            self._milestone = max(self._milestone, strength)

    def open_mark(self, mark: str) -> None:
        """A mark opening a stretch (diplomatic ``[-``): after the pending break, before the
        stretch's first content with nothing between."""
        self._content(mark)

    def close_mark(self, mark: str) -> None:
        """A mark closing a stretch (``-]``): right after its last content; the break asked
        for after that content still comes after the mark."""
        self._parts.append(mark)
        self._length += len(mark)

    def brk(self, strength: int) -> None:
        """Ask for a break (SPACE, LINE or PARAGRAPH) before the next content."""
        if self._milestone:
            strength = max(strength, self._milestone)  # white space after a break element
            self._milestone = 0
        if self._joined and strength <= SPACE:
            return  # the white space around a joined word is layout, not a word boundary
        if strength > SPACE:
            self._joined = False
        self._pending = max(self._pending, strength)

    def join(self) -> None:
        """The next content continues the current word: no space before it."""
        self._milestone = 0
        if self._pending <= SPACE:
            self._pending = 0
            self._joined = True

    def _content(self, piece: str) -> None:
        if self._parts and self._pending:
            separator = _SEPARATOR[self._pending]
            self._parts.append(separator)
            self._length += len(separator)
        if self._where is not None and self._where != self._mapped:
            self._offsets.append(self._length)
            self._lines.append(self._where[0])
            self._columns.append(self._where[1])
            self._mapped = self._where
        self._parts.append(piece)
        self._length += len(piece)
        self._pending = 0
        self._joined = False
        self._milestone = 0

    def result(self) -> str:
        return "".join(self._parts)

    def source_map(self) -> SourceMap | None:
        """Where the text came from, if the reader said (:meth:`at`); else None."""
        if not self._offsets:
            return None
        return SourceMap(self._offsets, self._lines, self._columns)
