"""Markdown: the text a reader sees, without the markup and without link-only lines.

Parsed by markdown-it-py (CommonMark, with GFM tables and strikethrough). Each block
(paragraph, heading, list item, quoted paragraph, code block, table) becomes one stretch of
text, blocks separated by a blank line (the items of a tight list by a line break); inside
a block the source's line breaks are kept. Emphasis markers, list markers, link targets and
images go; link text and code stay. A paragraph made only of links ("[Subscribe now](#)",
"[Share](…) | [Leave a comment](#)") is page furniture, not text, and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from ..extracted import Extracted
from ..options import ReadOptions
from .html import parse_html, visible_text
from .markup import decode_markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["read_markdown"]


@cache
def _parser() -> MarkdownIt:
    # Built when first needed: importing markdown-it is not free, and most sources are not
    # Markdown.
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


# Between the links of a link-only line: white space and separators such as "|" or "·".
_SEPARATORS = re.compile(r"[\s|·•,;/–—-]*")
# YAML front matter (Jekyll, Hugo, Pandoc) is metadata: "---", "key: value" lines, "---".
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n[\w-]+[ \t]*:.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                           re.S)
_MARKERS = frozenset({"em_open", "em_close", "strong_open", "strong_close", "s_open",
                      "s_close", "link_open", "link_close", "softbreak", "hardbreak"})


def _inline(children: Sequence[Token]) -> str:
    """The text of an inline run: markers dropped, line breaks kept, images left out."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        # image (its alt text is a description, not text), html_inline (a tag) and the
        # emphasis and link markers give nothing.
    return "".join(parts)


def _links_only(children: Sequence[Token]) -> bool:
    """Is this inline run nothing but one or more links (and separators between them)?"""
    depth = links = 0
    for child in children:
        if child.type == "link_open":
            depth += 1
            links += 1
        elif child.type == "link_close":
            depth -= 1
        elif depth == 0 and child.type not in _MARKERS and child.type != "html_inline" \
                and not (child.type == "text" and _SEPARATORS.fullmatch(child.content)):
            return False
    return links > 0


def _html_block(content: str, source: str) -> str:
    root = parse_html(content, source)  # None for a comment
    return "" if root is None else visible_text(root)


class _Blocks:
    """The text blocks in order, joined by a blank line (tight list items: one line break)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self._tight = False

    def add(self, text: str, *, tight: bool = False) -> None:
        if not text.strip():
            return
        if self.parts:
            self.parts.append("\n" if tight and self._tight else "\n\n")
        self.parts.append(text)
        self._tight = tight


def _render(tokens: Sequence[Token], source: str) -> str:
    blocks = _Blocks()
    row: list[str] = []
    rows: list[str] = []
    for index, token in enumerate(tokens):
        opener = tokens[index - 1] if index else None
        if token.type == "inline" and opener is not None:
            children = token.children or []
            if opener.type in ("th_open", "td_open"):
                row.append(_inline(children))
            elif opener.type == "paragraph_open" and _links_only(children):
                continue
            else:
                blocks.add(_inline(children), tight=opener.hidden)
        elif token.type in ("fence", "code_block"):
            blocks.add(token.content.rstrip("\n"))  # code is text, kept exactly
        elif token.type == "html_block":
            blocks.add(_html_block(token.content, source))
        elif token.type == "tr_close":
            rows.append("\t".join(row))  # cells apart, so their words never run together
            row = []
        elif token.type == "table_close":
            blocks.add("\n".join(rows))
            rows = []
    return "".join(blocks.parts)


def read_markdown(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    decoded = decode_markup(data, source, options)
    markdown = decoded.text
    front = _FRONT_MATTER.match(markdown)
    if front:  # metadata, not text: left out like the page furniture
        markdown = markdown[front.end():]
    text = _render(_parser().parse(markdown), source)
    return [Extracted(text, "markdown", decoded.encoding, decoded.reason)]
