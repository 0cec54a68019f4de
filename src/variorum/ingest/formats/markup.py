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
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..decode import Decoded, declared_charset, decode
from ..options import ReadOptions

__all__ = ["LINE", "PARAGRAPH", "SPACE", "TextFlow", "decode_markup"]

SPACE, LINE, PARAGRAPH = 1, 2, 3
_SEPARATOR = {SPACE: " ", LINE: "\n", PARAGRAPH: "\n\n"}

# Only markup white space collapses. str.split() would also eat NO-BREAK SPACE and the
# other Unicode spaces, which are characters of the text as found, not layout.
XML_SPACE = re.compile(r"[ \t\r\n]+")
HTML_SPACE = re.compile(r"[ \t\n\f\r]+")


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
        self._parts: list[str] = []
        self._pending = 0  # strongest break asked for since the last content
        self._joined = False  # a word continues across a break (TEI break="no")

    def text(self, value: str | None) -> None:
        """Character data: each run of white space is (at most) one space."""
        if not value:
            return
        for index, piece in enumerate(self._space.split(value)):
            if index:
                self.brk(SPACE)
            if piece:
                self._content(piece)

    def raw(self, value: str | None) -> None:
        """Character data kept exactly (preformatted text)."""
        if value:
            self._content(value)

    def brk(self, strength: int) -> None:
        """Ask for a break (SPACE, LINE or PARAGRAPH) before the next content."""
        if self._joined and strength <= SPACE:
            return  # the white space around a joined word is layout, not a word boundary
        if strength > SPACE:
            self._joined = False
        self._pending = max(self._pending, strength)

    def join(self) -> None:
        """The next content continues the current word: no space before it."""
        if self._pending <= SPACE:
            self._pending = 0
            self._joined = True

    def _content(self, piece: str) -> None:
        if self._parts and self._pending:
            self._parts.append(_SEPARATOR[self._pending])
        self._parts.append(piece)
        self._pending = 0
        self._joined = False

    def result(self) -> str:
        return "".join(self._parts)
