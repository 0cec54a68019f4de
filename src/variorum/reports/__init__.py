"""Every renderer in one registry, each registered by kind of result and format name, the
way a plugin would register one.

Kinds: ``collation`` (a :class:`~variorum.model.Collation`), ``repeats`` (one source's
repeated passages collated, :class:`~variorum.find.repeats.Repeats`), ``find`` (a
:class:`~variorum.find.FindResult`), ``repair`` (the witnesses of one source), ``people``
(a :class:`~variorum.people.Register`), ``comparison`` (a
:class:`~variorum.compare.Comparison`) and ``history`` (a
:class:`~variorum.history.History`). A writer
takes the result and :class:`ReportOptions` and returns the whole document as a string;
writers only read what they are given. :func:`render` picks the writer from the result's
kind, so every command renders through the same call.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import ReportError, SettingsError
from ..model import ACCIDENTAL_CLASSES, SUBSTANTIVE_CLASSES, Collation, Witness

__all__ = ["GRANULARITIES", "Kind", "ReportOptions", "Writer", "formats", "kind_of",
           "provenance", "register", "render"]

Kind = Literal["collation", "repeats", "find", "repair", "people", "comparison", "history"]
# What CSV and text list: the places of an editor's apparatus, or the acts of revision.
GRANULARITIES = ("places", "changes")


@dataclass(frozen=True)
class ReportOptions:
    """What a reader asked of a report: classes to hide (never in JSON), colour, a byte-order
    mark before a CSV (for spreadsheets that need one to read UTF-8), for ``repair`` the
    log instead of the text, and whether CSV and text list the places of an apparatus or the
    changes (acts of revision) they make (``granularity``), and whether the text report lists
    every erasure or sums them up (``erasure_details``)."""

    ignore: frozenset[str] = field(default_factory=frozenset)
    color: bool = False
    width: int | None = None
    bom: bool = False
    log: bool = False
    granularity: str = "places"
    erasure_details: bool = False
    people: Any = None  # HTML: the register of persons (people.model.Register) for a People tab

    @classmethod
    def parse(cls, *, ignore: str | Iterable[str] = (), color: bool = False,
              bom: bool = False, log: bool = False, granularity: str = "places",
              erasure_details: bool = False) -> ReportOptions:
        """Options from loose values (``ignore`` as ``"case,typography"`` or names), checked:
        a :class:`~variorum.errors.SettingsError` names an unknown class."""
        names = ignore.split(",") if isinstance(ignore, str) else list(ignore)
        hidden = frozenset(name.strip() for name in names if name.strip())
        unknown = hidden - set(ACCIDENTAL_CLASSES) - set(SUBSTANTIVE_CLASSES)
        if unknown:
            raise SettingsError(f"unknown class {', '.join(sorted(unknown))}",
                                hint="choose from "
                                     f"{', '.join(SUBSTANTIVE_CLASSES + ACCIDENTAL_CLASSES)}")
        if granularity not in GRANULARITIES:
            raise SettingsError(f"unknown granularity {granularity!r}",
                                hint=f"choose from {', '.join(GRANULARITIES)}")
        return cls(ignore=hidden, color=color, bom=bom, log=log, granularity=granularity,
                   erasure_details=erasure_details)


Writer = Callable[[Any, ReportOptions], str]


def provenance(witness: Witness) -> dict[str, str | None]:
    """Where a witness comes from, as every report names it: id, source, sha256, format,
    the reader that extracted its text (``html-main``, ``tei-orig``, ...; the format's name
    when it has one reader), encoding and why that encoding."""
    return {"id": witness.id, "source": witness.source, "sha256": witness.sha256,
            "format": witness.format, "reader": witness.reader or witness.format,
            "encoding": witness.encoding, "encoding_reason": witness.encoding_reason}


_WRITERS: dict[tuple[str, str], Writer] = {}


def register(name: str, kind: Kind = "collation") -> Callable[[Writer], Writer]:
    """Decorator: make ``writer`` the ``--format name`` of results of ``kind``."""

    def decorate(writer: Writer) -> Writer:
        _WRITERS[kind, name] = writer
        return writer

    return decorate


# Built-in formats and the module that registers each, by kind. A new format adds one line
# here; the module is imported only when that format is asked for (so `--format json` never
# pays for rich).
BUILTIN_FORMATS: dict[str, dict[str, str]] = {
    "collation": {"text": "text", "json": "json_report", "html": "html", "tei": "tei",
                  "csv": "csv_report", "collatex-json": "collatex_json"},
    "repeats": {"text": "repeats", "json": "repeats"},
    "find": {"text": "find", "json": "find"},
    "repair": {"text": "repair", "json": "repair"},
    "people": {"text": "people", "json": "people", "csv": "people", "tei": "people",
               "html": "people"},
    "comparison": {"text": "comparison", "json": "comparison", "csv": "comparison"},
    "history": {"text": "history", "json": "history", "csv": "history",
                "html": "history_html"},
}


def formats(kind: Kind = "collation") -> tuple[str, ...]:
    """Names accepted by ``--format`` for results of ``kind``, built-ins first."""
    return tuple(dict.fromkeys([*BUILTIN_FORMATS[kind],
                                *(name for k, name in _WRITERS if k == kind)]))


def kind_of(result: object) -> Kind:
    """The kind of a result, from its type."""
    if isinstance(result, Collation):
        return "collation"
    from ..find.model import FindResult
    from ..find.repeats import Repeats

    if isinstance(result, Repeats):
        return "repeats"
    if isinstance(result, FindResult):
        return "find"
    from ..people.model import Register

    if isinstance(result, Register):
        return "people"
    from ..compare import Comparison

    if isinstance(result, Comparison):
        return "comparison"
    from ..history.model import History

    if isinstance(result, History):
        return "history"
    if isinstance(result, (list, tuple)) and all(isinstance(w, Witness) for w in result):
        return "repair"
    raise ReportError(f"no report is made of a {type(result).__name__}")


def render(result: object, name: str, options: ReportOptions | None = None) -> str:
    """The report ``name`` of ``result`` (its kind found from its type) as a string. A
    one-source collation in a format that shows one collation at a time shows its first
    group of repeated passages."""
    kind = kind_of(result)
    writer = _writer(kind, name)
    if writer is None and kind == "repeats" and name in formats("collation"):
        return render(result[0].collation, name, options)  # type: ignore[index]
    if writer is None:
        choices = formats("collation") if kind == "repeats" else formats(kind)
        raise ReportError(f"unknown format {name!r}", hint=f"choose from {', '.join(choices)}")
    return writer(result, options or ReportOptions())


def _writer(kind: Kind, name: str) -> Writer | None:
    module = BUILTIN_FORMATS[kind].get(name)
    if module is not None and (kind, name) not in _WRITERS:
        importlib.import_module(f"{__name__}.{module}")
    return _WRITERS.get((kind, name))
