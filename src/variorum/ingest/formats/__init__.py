"""Format readers, registered by format name (see :data:`variorum.ingest.extracted.Reader`).

A reader's module is imported the first time that format is read: most runs read plain text,
and the libraries behind the other formats (trafilatura, pypdf, warcio) take time to import.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping

from ..extracted import Reader

__all__ = ["READERS"]

_WHERE: dict[str, tuple[str, str]] = {
    "text": ("text", "read_text"),
    "docx": ("package", "read_docx"),  # one place tells a DOCX from an EPUB
    "epub": ("package", "read_epub"),
    "pdf": ("pdf", "read_pdf"),
    "warc": ("warc", "read_warc"),
    "html": ("html", "read_html"),
    "markdown": ("markdown", "read_markdown"),
    "tei": ("tei", "read_tei"),
    "xml": ("xml", "read_xml"),  # TEI-like XML is read as TEI (format "tei")
}


class _Readers(Mapping[str, Reader]):
    """Format name -> reader, importing each reader's module when first asked for."""

    def __getitem__(self, name: str) -> Reader:
        module, function = _WHERE[name]
        reader: Reader = getattr(importlib.import_module(f"{__name__}.{module}"), function)
        return reader

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


READERS: Mapping[str, Reader] = _Readers()
