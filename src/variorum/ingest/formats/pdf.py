"""PDF: the text layer, page by page, without the furniture of the printed page.

pypdf extracts each page's text. Then, so that two printings of one text collate on their
words and not on their pages:

- running heads and feet are dropped: lines at the top or bottom of a page that recur there,
  digits aside, on other pages ("12  THE COMMITTEE" / "THE COMMITTEE  13");
- lines at the top or bottom that are only a page number ("14", "- 14 -", "Page 14 of 80")
  are dropped;
- a word hyphenated across a line end is joined ("inter-" + "national") when a lowercase
  letter follows the break; "Anglo-\\nSaxon" and "1936-\\n37" stay as they are.

A scanned PDF without a text layer is an error that says so. pypdf is guarded: it can raise
almost anything, or loop, on a crafted file, so its exceptions become one-line errors, the
number of pages is bounded, and its warnings are kept off stderr while it reads.
"""

from __future__ import annotations

import binascii
import contextlib
import io
import logging
import re
import struct
import threading
import warnings
import zlib
from collections import defaultdict
from collections.abc import Iterator

from ...errors import FormatError, InputError
from ..extracted import Extracted
from ..options import ReadOptions
from .zipsafe import reason

__all__ = ["MAX_PAGES", "join_hyphenated", "read_pdf", "strip_furniture"]

MAX_PAGES = 20_000  # far beyond any book; a page tree claiming more is crafted or broken

_quiet_lock = threading.Lock()
_quiet_depth = 0
_saved_level = logging.NOTSET


@contextlib.contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Keep pypdf's log messages and warnings off stderr while it reads.

    pypdf logs every oddity of a damaged file at WARNING, which Python's last-resort
    handler prints; the reader turns what matters into its own error. The level is
    restored afterwards (counted, so overlapping reads in threads restore it once).
    """
    global _quiet_depth, _saved_level
    logger = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_depth == 0:
            _saved_level = logger.level
            logger.setLevel(logging.CRITICAL + 1)
        _quiet_depth += 1
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # only pypdf runs in here
            yield
    finally:
        with _quiet_lock:
            _quiet_depth -= 1
            if _quiet_depth == 0:
                logger.setLevel(_saved_level)


def _page_texts(data: bytes, source: str, options: ReadOptions) -> list[str]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:
            # Many PDFs are encrypted only to restrict printing or copying, with an empty
            # password for reading.
            opened = reader.decrypt("")
        except DependencyError:
            raise InputError(f"{source}: is encrypted (AES), and reading it needs the "
                             "'cryptography' package",
                             hint="pip install cryptography, or save the PDF unencrypted"
                             ) from None
        if not opened:
            raise InputError(f"{source}: is encrypted with a password",
                             hint="save it again without a password") from None
    count = len(reader.pages)
    if count > MAX_PAGES:
        raise InputError(f"{source}: has {count:,} pages, more than the {MAX_PAGES:,} read",
                         hint="split the PDF")
    texts: list[str] = []
    total = 0
    for index in range(count):
        text = reader.pages[index].extract_text()
        total += len(text)
        if total > options.max_bytes:
            raise InputError(f"{source}: its text is over the limit of {options.max_bytes:,} "
                             "characters", hint="raise the limit with --max-bytes")
        texts.append(text)
    return texts


_PAGE_NUMBER = re.compile(
    r"^[^\w\s]*\s*(?:page\s+)?\d{1,5}(?:\s*(?:/|of)\s*\d{1,5})?\s*[^\w\s]*$", re.I)
_DIGITS = re.compile(r"\d+")
_EDGE = 2  # lines looked at, at the top and at the bottom of each page


def _key(line: str) -> str:
    """A line as a running head: digits aside (page numbers), spacing aside."""
    return _DIGITS.sub("#", " ".join(line.split()))


def _edge_lines(lines: list[str]) -> tuple[list[int], list[int]]:
    """Indexes of the first and the last few non-blank lines of a page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:_EDGE], filled[::-1][:_EDGE]


def _recurring(keys_by_page: list[set[str]]) -> set[str]:
    """Keys that recur at one edge often enough to be running heads or feet.

    Either on half the pages (a book's title on every verso), or three times within five
    pages (a chapter's title on the rectos of that chapter only).
    """
    pages: dict[str, list[int]] = defaultdict(list)
    for index, keys in enumerate(keys_by_page):
        for key in keys:
            pages[key].append(index)
    total = len(keys_by_page)
    found = set()
    for key, where in pages.items():
        if len(where) < 2:
            continue
        if 2 * len(where) >= total or any(where[i + 2] - where[i] <= 4
                                          for i in range(len(where) - 2)):
            found.add(key)
    return found


def strip_furniture(pages: list[str]) -> list[str]:
    """The pages without running heads, running feet and page numbers.

    >>> strip_furniture(["THE COMMITTEE\\nFirst words.\\n1", "THE COMMITTEE\\nMore words.\\n2"])
    ['First words.', 'More words.']
    """
    split = [page.split("\n") for page in pages]
    edges = [_edge_lines(lines) for lines in split]
    tops = _recurring([{_key(lines[i]) for i in top}
                       for lines, (top, _) in zip(split, edges, strict=True)])
    bottoms = _recurring([{_key(lines[i]) for i in bottom}
                          for lines, (_, bottom) in zip(split, edges, strict=True)])
    result = []
    for lines, (top, bottom) in zip(split, edges, strict=True):
        dropped: set[int] = set()
        # From each edge inwards, and only while every line so far was furniture: a line
        # of text between furniture and the edge keeps what lies behind it.
        for indexes, recurring in ((top, tops), (bottom, bottoms)):
            for index in indexes:
                line = lines[index]
                if _key(line) in recurring or _PAGE_NUMBER.match(line.strip()):
                    dropped.add(index)
                else:
                    break
        kept = [line for index, line in enumerate(lines) if index not in dropped]
        result.append("\n".join(kept).strip("\n"))
    return result


_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\n[ \t]*(?=[^\W\d_])")


def join_hyphenated(text: str) -> str:
    """Join words hyphenated across a line end when a lowercase letter follows.

    >>> join_hyphenated("inter-\\nnational, Anglo-\\nSaxon, 1936-\\n37")
    'international, Anglo-\\nSaxon, 1936-\\n37'
    """
    return _LINE_END_HYPHEN.sub(
        lambda match: "" if match.string[match.end()].islower() else match.group(0), text)


# What pypdf lets through from its parsers on a damaged or crafted file, besides its own
# PyPdfError: the built-in errors of reading bytes that are not what they claim. Anything
# else (an ImportError, a NameError) is a bug to report, not damage.
_PARSE_ERRORS: tuple[type[Exception], ...] = (
    ValueError, KeyError, IndexError, TypeError, AttributeError, AssertionError, EOFError,
    OverflowError, ZeroDivisionError, UnicodeError, struct.error, zlib.error, binascii.Error)


def read_pdf(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    from pypdf.errors import LimitReachedError, PyPdfError

    damage: tuple[type[Exception], ...] = (PyPdfError, *_PARSE_ERRORS)
    with _quiet_pypdf():
        try:
            pages = _page_texts(data, source, options)
        except LimitReachedError:
            raise InputError(f"{source}: a compressed stream of the PDF unpacks past pypdf's "
                             "limit (75 MB): a decompression bomb, or a huge image",
                             hint="variorum reads the text layer; save the PDF without "
                                  "the oversized stream") from None
        except RecursionError:
            raise FormatError(f"{source}: damaged PDF (objects nested without end)") from None
        except damage as error:
            raise FormatError(f"{source}: damaged PDF ({reason(error)})",
                              hint="the file may be truncated; try saving it again") from None
    if not any(page.strip() for page in pages):
        raise InputError(f"{source}: has no text layer (a scanned PDF?)",
                         hint="run OCR on it first, e.g. with ocrmypdf")
    text = join_hyphenated("\n".join(strip_furniture(pages)))
    return [Extracted(text, "pdf", None, "text layer of a PDF")]
