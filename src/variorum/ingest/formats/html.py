"""HTML: the page's title, then its main text, without navigation, subscribe boxes, footers.

Readers (the witness's ``reader``):

- ``html-main`` (the default, ``--html-main``): trafilatura finds the main text;
- ``html-body``: trafilatura found none (a page too small for its heuristics), so the
  visible text of ``<body>`` is taken, page furniture (nav, aside, footer, subscribe boxes)
  still dropped;
- ``html-all`` (``--html-all``): all the visible text of ``<body>``, furniture included.

The ``<title>`` is the first line (a paragraph of its own) of the text as found, unless
``--html-no-title``: a page whose only change is its title then shows it. Either way the
page is parsed by us, from text we decoded (so the encoding and its reason are ours to
record), and trafilatura is handed the tree: it never sees a URL or fetches anything.
A fragment without ``<html>`` or ``<body>`` (``<a href="/x">Before</a>``) is parsed the
same way (the sniffer sends markup that opens with an HTML element here).
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html  # type: ignore[import-untyped]
from lxml import etree

from ...errors import FormatError, InputError
from ..extracted import Extracted
from ..options import ReadOptions
from .markup import HTML_SPACE, LINE, PARAGRAPH, SPACE, TextFlow, decode_markup

__all__ = ["html_to_text", "parse_html", "read_html", "visible_text"]

# Dropped before extraction, whichever extractor runs: page furniture by element (a <header>
# inside an article holds its title, so only page headers go), and boxes whose class or id
# says what they are. Never <html>, <body>, <main> or <article> themselves, whatever their
# class, and never <form>: some sites wrap the whole page in one.
_BOILERPLATE = etree.XPath(
    "//script | //style | //noscript | //template | //nav | //aside | //footer"
    " | //header[not(ancestor::article or ancestor::main)]"
    " | //*[not(self::html or self::body or self::main or self::article)]"
    "[re:test(concat(@class, ' ', @id),"
    " '(^|[\\s_-])(subscribe|newsletter|signup|sign-up)([\\s_-]|$)',"
    " 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)

_PARAGRAPH_BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "blockquote", "pre",
    "table", "section", "article", "main", "figure", "figcaption", "address", "hr", "details",
    "summary", "fieldset", "center",
})
_LINE_BLOCKS = frozenset({"li", "tr", "dt", "dd", "br", "caption", "legend"})
# Never shown as text (the page furniture is gone already, see _BOILERPLATE).
_INVISIBLE = frozenset({"head", "title", "script", "style", "noscript", "template", "iframe",
                        "object", "svg", "math", "select", "button"})


def parse_html(markup: str, source: str, *, furniture: bool = False) -> Any | None:
    """The page as an lxml.html tree with the boilerplate dropped (kept if ``furniture``);
    None if there is no document at all (only white space or comments)."""
    # UTF-8 bytes with the parser told so: the page's <meta> or XML declaration must not
    # decode our already decoded text a second time. huge_tree: real pages pass libxml2's
    # default limits (a whole book in one <pre> is over 10 MB of text node; thousands of
    # unclosed <font> tags nest over 256 deep), and the HTML parser expands no entities
    # and reads no DTD, so the limits guard against nothing here but lose text.
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                                  huge_tree=True)
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8", "surrogatepass"),
                                             parser=parser)
    except etree.ParserError:  # libxml2: "Document is empty"
        return None
    except (etree.XMLSyntaxError, ValueError) as error:
        message = " ".join(str(error).split()) or "cannot be parsed"
        raise FormatError(f"{source}: malformed HTML: {message}",
                          hint="check that the file is an HTML page") from None
    for entry in parser.error_log:
        # The parser recovers from everything else, but past a limit it stops reading: say
        # so rather than return part of the page as if it were all of it.
        if entry.type_name == "ERR_RESOURCE_LIMIT":
            message = entry.message.partition(",")[0].strip()
            raise FormatError(f"{source}: HTML too large to read at line {entry.line}: "
                              f"{message}", hint="elements nest at most 2048 deep")
    if not furniture:
        for node in _BOILERPLATE(root):
            node.drop_tree()  # keeps the node's tail: the text after it is not boilerplate
    return root


def _main_text(root: Any, source: str) -> str | None:
    # Default balance, not favor_precision: precision mode drops short genuine paragraphs
    # (a line of dialogue, a verse), and a line missing from one edition is reported as an
    # omission, while the usual boilerplate is already gone (above, and trafilatura's own
    # rules). Tables are text; comments sections, images and link targets are not.
    try:
        import trafilatura  # imported when first needed: it takes a third of a second

        return trafilatura.extract(
            root, output_format="txt", include_comments=False, include_tables=True,
            include_images=False, include_links=False, include_formatting=False,
            deduplicate=False, with_metadata=False, favor_precision=False, fast=False,
        )
    except ImportError as error:  # an install without a dependency (lxml_html_clean was one)
        raise InputError(
            f"{source}: reading HTML needs trafilatura, which cannot be imported ({error})",
            hint="reinstall variorum with its dependencies: pip install --force-reinstall "
                 "variorum") from None
    except Exception:  # a heuristic extractor failing on odd input: our own fallback follows
        return None


def visible_text(root: Any) -> str:
    """The visible text of <body> (or of the page if it has none), blocks on their lines."""
    body = root.find("body")
    flow = TextFlow(HTML_SPACE)
    stack: list[tuple[str, Any]] = [("open", root if body is None else body)]
    preformatted = 0  # depth of <pre> elements around the current node
    while stack:
        action, node = stack.pop()
        if action == "tail":
            _add(flow, node, preformatted)
            continue
        tag = node.tag if isinstance(node.tag, str) else ""  # comments are gone; PIs too
        block = PARAGRAPH if tag in _PARAGRAPH_BLOCKS else LINE if tag in _LINE_BLOCKS else 0
        if action == "close":
            flow.brk(block)
            if tag == "pre":
                preformatted -= 1
            continue
        if not tag or tag in _INVISIBLE or node.get("hidden") is not None:
            continue
        flow.brk(block or (SPACE if tag in ("td", "th") else 0))
        if block:
            stack.append(("close", node))
        if tag == "pre":
            preformatted += 1
        for child in reversed(node):
            stack.append(("tail", child.tail))
            stack.append(("open", child))
        _add(flow, node.text, preformatted)
    return flow.result()


def _add(flow: TextFlow, text: str | None, preformatted: int) -> None:
    if preformatted:
        flow.raw(text)  # inside <pre> white space is text
    else:
        flow.text(text)


def _page_text(root: Any, source: str, options: ReadOptions) -> tuple[str, str]:
    """The page's text and the reader that found it (see the module's docstring)."""
    if options.html_main:
        text = _main_text(root, source)
        if text and text.strip():
            reader, body = "html-main", text
        else:
            reader, body = "html-body", visible_text(root)
    else:
        reader, body = "html-all", visible_text(root)
    title = _title(root) if options.html_title else ""
    if title and body.strip():
        return f"{title}\n\n{body}", reader
    return title or body, reader


def _title(root: Any) -> str:
    """The page's <title> (its white space collapsed), or ""."""
    head = root.find("head")
    node = head.find("title") if head is not None else None
    if node is None:
        return ""
    flow = TextFlow(HTML_SPACE)
    flow.text(node.text_content())
    return flow.result()


# C1 control characters are evidence of encoding damage ("â\x80\x9croaming" is a curly quote
# read as Latin-1), but the extractors drop them (and private-use characters too), leaving
# "âroaming", which no repair can undo. They are carried through extraction as a rare letter
# followed by a code letter, which every text filter keeps, and put back after.
# The no-break space (U+00A0) is carried too: the extractors make it a plain space, which
# loses both the text as found and the evidence of "Â" + no-break space mojibake.
_MARK = "\ua7f8"
_CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
_CARRY_C1 = str.maketrans({0x80 + i: _MARK + code for i, code in enumerate(_CODES)})
_CARRIED = re.compile(_MARK + "([" + _CODES + "])")
_HAS_C1 = re.compile("[\u0080-\u00a0]")


def _restore_c1(text: str) -> str:
    return _CARRIED.sub(lambda match: chr(0x80 + _CODES.index(match.group(1))), text)


def _text_keeping_c1(markup: str, source: str,
                     options: ReadOptions) -> tuple[str, str] | None:
    """The page's text with its C1 control characters kept, and the reader that found it
    (None if there is no document)."""
    carry = bool(_HAS_C1.search(markup)) and _MARK not in markup
    root = parse_html(markup.translate(_CARRY_C1) if carry else markup, source,
                      furniture=not options.html_main)
    if root is None:
        return None
    text, reader = _page_text(root, source, options)
    return (_restore_c1(text) if carry else text), reader


def html_to_text(markup: str, source: str = "page", options: ReadOptions | None = None) -> str:
    """The text of an already decoded page, as :func:`read_html` finds it ("" if there is
    no document): for the readers of containers (WARC), so that a page reads the same inside
    them as alone. A page past the parser's limits is a FormatError naming ``source``."""
    found = _text_keeping_c1(markup, source, options or ReadOptions())
    return found[0] if found else ""


def read_html(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    decoded = decode_markup(data, source, options)
    found = _text_keeping_c1(decoded.text, source, options)
    if found is None:
        raise FormatError(f"{source}: holds no HTML document",
                          hint="it holds only white space or comments")
    text, reader = found
    return [Extracted(text, "html", decoded.encoding, decoded.reason, reader=reader)]
