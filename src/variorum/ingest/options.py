"""What a reader may be told: encoding override, TEI view, HTML extraction, size limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["DEFAULT_MAX_BYTES", "TEI_VIEWS", "ReadOptions"]

# Per source. Two sources this large collate in about 3 GB and two minutes with the erasure
# report (variorum.budget, fitted to benchmarks/bench_memory.py); 200 MB ones took 7 GB and
# did not finish in three minutes.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024

TEI_VIEWS = ("orig", "reg", "diplomatic")


@dataclass(frozen=True)
class ReadOptions:
    """Options shared by every format reader.

    ``encoding`` overrides detection; ``tei_view`` reads a TEI (or TEI-like XML) document
    before its revision (``orig``: deletions kept, additions dropped, orig/sic/abbr), after it
    (``reg``: additions kept, deletions dropped, reg/corr/expan) or as found on the page
    (``diplomatic``: both, deletions and additions marked; see docs/formats.md);
    ``tei_notes`` keeps TEI notes; ``html_main`` reads an HTML page's main text (trafilatura),
    else all its visible text; ``html_title`` puts the page's ``<title>`` first;
    ``max_bytes`` refuses larger sources (and bounds what an archive may unpack to);
    ``repair`` turns mojibake repair on; ``errors="replace"`` reads a file that cannot be
    decoded, or holds NULs, with each bad byte as U+FFFD and listed as damage, instead of
    refusing it.
    """

    encoding: str | None = None
    tei_view: Literal["orig", "reg", "diplomatic"] = "orig"
    tei_notes: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    repair: bool = True
    errors: Literal["strict", "replace"] = "strict"
    html_main: bool = True
    html_title: bool = True
