"""ZIP packages: the one place that tells a Word document from an EPUB.

Sniffing guesses the kind of a ZIP archive from its name and first bytes; a DOCX saved as
``.epub`` or an EPUB named ``.docx`` is told apart here from what the package holds
(``word/document.xml`` or ``META-INF/container.xml``), and handed to that format's reader.
"""

from __future__ import annotations

from collections.abc import Callable

from ...errors import FormatError
from ..extracted import Extracted
from ..options import ReadOptions
from .zipsafe import SafeZip

__all__ = ["read_docx", "read_epub"]

WORD_DOCUMENT = "word/document.xml"
EPUB_CONTAINER = "META-INF/container.xml"


def _read(data: bytes, source: str, options: ReadOptions, guessed: str) -> list[Extracted]:
    package = SafeZip(data, source, options, guessed.upper())
    read: Callable[[SafeZip, str, ReadOptions], list[Extracted]]
    kind = _kind(package, guessed)
    if kind == "docx":
        from .docx import read_docx_package as read
    elif kind == "epub":
        from .epub import read_epub_package as read
    elif guessed == "epub":
        raise FormatError(f"{source}: not a readable EPUB: {EPUB_CONTAINER} is missing",
                          hint="the file may be damaged or not an EPUB")
    else:
        raise FormatError(f"{source}: is a ZIP archive but not a DOCX or EPUB "
                          f"({WORD_DOCUMENT} is missing)",
                          hint="give a Word document (.docx) or an EPUB")
    return read(package, source, options)


def _kind(package: SafeZip, guessed: str) -> str | None:
    """What the package is: the guess when its mark is there, else the other's mark."""
    marks = {"docx": WORD_DOCUMENT, "epub": EPUB_CONTAINER}
    for kind in (guessed, *(k for k in marks if k != guessed)):
        if marks[kind] in package:
            return kind
    return None


def read_docx(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    """A package sniffed as a Word document."""
    return _read(data, source, options, "docx")


def read_epub(data: bytes, source: str, options: ReadOptions) -> list[Extracted]:
    """A package sniffed as an EPUB."""
    return _read(data, source, options, "epub")
