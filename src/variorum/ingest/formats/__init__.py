"""Format readers, registered by format name (see :data:`variorum.ingest.extracted.Reader`)."""

from __future__ import annotations

from ..extracted import Reader
from .docx import read_docx
from .epub import read_epub
from .html import read_html
from .markdown import read_markdown
from .pdf import read_pdf
from .tei import read_tei
from .text import read_text
from .warc import read_warc

__all__ = ["READERS"]

READERS: dict[str, Reader] = {
    "text": read_text,
    "docx": read_docx,
    "epub": read_epub,
    "pdf": read_pdf,
    "warc": read_warc,
    "html": read_html,
    "markdown": read_markdown,
    "tei": read_tei,
}
