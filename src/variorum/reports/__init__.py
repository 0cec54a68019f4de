"""Output formats, registered by name the way a plugin would register one.

A writer takes a :class:`~variorum.model.Collation` and :class:`ReportOptions` and returns the
whole document as a string; writers only read the collation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import ReportError
from ..model import Collation, Witness

__all__ = ["ReportOptions", "Writer", "formats", "provenance", "register", "render"]


@dataclass(frozen=True)
class ReportOptions:
    """What a reader asked of a report: classes to hide (never in JSON), colour, and a
    byte-order mark before a CSV (for spreadsheets that need one to read UTF-8)."""

    ignore: frozenset[str] = field(default_factory=frozenset)
    color: bool = False
    width: int | None = None
    bom: bool = False


Writer = Callable[[Collation, ReportOptions], str]


def provenance(witness: Witness) -> dict[str, str | None]:
    """Where a witness comes from, as every report names it: id, source, sha256, format,
    encoding and why that encoding."""
    return {"id": witness.id, "source": witness.source, "sha256": witness.sha256,
            "format": witness.format, "encoding": witness.encoding,
            "encoding_reason": witness.encoding_reason}
_WRITERS: dict[str, Writer] = {}


def register(name: str) -> Callable[[Writer], Writer]:
    """Decorator: make ``writer`` available as ``--format name``."""

    def decorate(writer: Writer) -> Writer:
        _WRITERS[name] = writer
        return writer

    return decorate


# Built-in formats and the module that registers each. A new format adds one line here; the
# module is imported only when that format is asked for (so `--format json` never pays for rich).
BUILTIN_FORMATS: dict[str, str] = {
    "text": "text",
    "json": "json_report",
    "html": "html",
    "tei": "tei",
    "csv": "csv_report",
    "collatex-json": "collatex_json",
}


def formats() -> tuple[str, ...]:
    """Names accepted by ``--format``, built-ins first."""
    return tuple(dict.fromkeys([*BUILTIN_FORMATS, *_WRITERS]))


def render(collation: Collation, name: str, options: ReportOptions | None = None) -> str:
    """The report ``name`` of ``collation`` as a string."""
    _load_builtin(name)
    writer = _WRITERS.get(name)
    if writer is None:
        raise ReportError(f"unknown format {name!r}", hint=f"choose from {', '.join(formats())}")
    return writer(collation, options or ReportOptions())


def _load_builtin(name: str) -> None:
    module = BUILTIN_FORMATS.get(name)
    if module is not None and name not in _WRITERS:
        importlib.import_module(f"{__name__}.{module}")
