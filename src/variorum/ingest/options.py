"""What a reader may be told: encoding override, TEI view, size limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["DEFAULT_MAX_BYTES", "ReadOptions"]

# Per source. Two sources this large collate in about 3 GB and two minutes with the erasure
# report (variorum.budget, fitted to benchmarks/bench_memory.py); 200 MB ones took 7 GB and
# did not finish in three minutes.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """Options shared by every format reader.

    ``encoding`` overrides detection; ``tei_view`` picks orig/sic/abbr (``orig``) or
    reg/corr/expan (``reg``); ``tei_notes`` keeps TEI notes; ``max_bytes`` refuses larger
    sources (and bounds what an archive may unpack to); ``repair`` turns mojibake repair on;
    ``errors="replace"`` reads a file that cannot be decoded, or holds NULs, with each bad
    byte as U+FFFD and listed as damage, instead of refusing it.
    """

    encoding: str | None = None
    tei_view: Literal["orig", "reg"] = "orig"
    tei_notes: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    repair: bool = True
    errors: Literal["strict", "replace"] = "strict"
