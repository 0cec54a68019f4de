"""The history of a chain of editions (``variorum history``): schema ``variorum.history/1`` as
JSON, a summary for the terminal, and CSV with one row per sentence per edition.

Every offset is into the edition's text as found. CSV cells of edition text are neutralized
(:func:`~variorum.reports.csv_report.neutralize`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from ..history.model import History, Passage, Range
from ..people.model import Person
from . import ReportOptions, provenance, register
from .csv_report import BOM, neutralize

__all__ = ["SCHEMA", "history_document", "person_life", "write_history_csv", "write_history_json",
           "write_history_text"]

SCHEMA = "variorum.history/1"


def _range(r: Range) -> list[Any]:
    return [r.start, r.end, r.introduced_in, r.removed_in]


def _passage(p: Passage) -> dict[str, Any]:
    return {"edition": p.edition, "start": p.start, "end": p.end, "text": p.text,
            "introduced_in": p.introduced_in, "removed_in": p.removed_in,
            "editions": p.editions, "removals": p.removals,
            "reintroductions": p.reintroductions,
            "reintroduced_in": list(p.reintroduced_in),
            "removed_in_all": list(p.removed_in_all)}


def _reintroduced(ranges: Sequence[Range]) -> list[list[Any]]:
    """The ranges whose units were removed and put back at some time of their life:
    ``[start, end, reintroduced_in, removals]`` (both lists of editions)."""
    return [[r.start, r.end, list(r.reintroduced_in), list(r.removals)]
            for r in ranges if r.reintroduced_in]


def person_life(person: Person, ids: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """The editions naming ``person``, those that no longer name them (the edition before
    did), and those that name them again after such a silence."""
    named = {m.witness for m in person.mentions}
    vanished = [ids[k] for k in range(1, len(ids))
                if ids[k - 1] in named and ids[k] not in named]
    returned = [ids[k] for k in range(1, len(ids))
                if ids[k] in named and ids[k - 1] not in named
                and any(i in named for i in ids[:k - 1])]
    return [i for i in ids if i in named], vanished, returned


def history_document(result: History) -> dict[str, Any]:
    """The history as the contract's JSON document (a plain dict)."""
    from .people import people_document

    editions = []
    for edition in result.editions:
        w = edition.witness
        entry: dict[str, Any] = {
            **provenance(w),
            "span": {"start": w.span.start, "end": w.span.end} if w.span else None,
            "tokens": [_range(r) for r in edition.tokens],
            "sentences": [_range(r) for r in edition.sentences],
            "summary": vars(edition.summary).copy(),
            "reintroductions": {"tokens": _reintroduced(edition.tokens),
                                "sentences": _reintroduced(edition.sentences)}}
        if edition.revision is not None:
            entry["revision"] = dict(edition.revision)
        editions.append(entry)
    people: list[dict[str, Any]] = []
    if result.people is not None:
        ids = [e.witness.id for e in result.editions]
        for entry, person in zip(people_document(result.people)["people"],
                                 result.people.people, strict=True):
            named, vanished, returned = person_life(person, ids)
            people.append({**entry, "named_in": named, "vanished_in": vanished,
                           "returned_in": returned})
    return {
        "schema": SCHEMA,
        "editions": editions,
        "people": people,
        "summary": {
            "editions": len(result.editions),
            "words_added": sum(e.summary.words_added for e in result.editions),
            "words_removed": sum(e.summary.words_removed for e in result.editions),
            "words_reintroduced": sum(e.summary.words_reintroduced for e in result.editions),
            "sentences_added": sum(e.summary.sentences_added for e in result.editions),
            "sentences_removed": sum(e.summary.sentences_removed for e in result.editions),
            "sentences_reintroduced": sum(e.summary.sentences_reintroduced
                                          for e in result.editions),
            "fought_over": [_passage(p) for p in result.fought_over],
            "longest_lived": [_passage(p) for p in result.longest_lived]},
    }


@register("json", "history")
def write_history_json(result: History, options: ReportOptions) -> str:
    return json.dumps(history_document(result), ensure_ascii=False, indent=2) + "\n"


def _one_line(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@register("text", "history")
def write_history_text(result: History, options: ReportOptions) -> str:
    """A timeline of the editions (words and sentences added, removed, put back), then the
    passages removed and put back most often and those that stood longest."""
    lines = [f"{len(result.editions)} editions", "",
             f"{'edition':<16} {'words':>7} {'+new':>6} {'-gone':>6} {'+back':>6}"
             f"   {'sent.':>5} {'+new':>5} {'-gone':>5} {'+back':>5}"]
    for edition in result.editions:
        s = edition.summary
        lines.append(f"{_one_line(edition.witness.id, 16):<16} {s.words:>7} "
                     f"{s.words_added:>6} {s.words_removed:>6} {s.words_reintroduced:>6}"
                     f"   {s.sentences:>5} {s.sentences_added:>5} {s.sentences_removed:>5}"
                     f" {s.sentences_reintroduced:>5}")
    if result.fought_over:
        lines += ["", "Most fought over (removed and put back):"]
        for p in result.fought_over:
            lines.append(f"  {p.reintroductions}× back, {p.removals}× removed, in "
                         f"{p.editions} editions since {p.introduced_in}: "
                         f"“{_one_line(p.text)}”")
    if result.longest_lived:
        lines += ["", "Longest lived:"]
        for p in result.longest_lived:
            lines.append(f"  {p.editions} editions, since {p.introduced_in}"
                         f"{', gone in ' + p.removed_in if p.removed_in else ''}: "
                         f"“{_one_line(p.text)}”")
    if result.people is not None and result.people.people:
        ids = [e.witness.id for e in result.editions]
        lines += ["", "Persons (editions naming them; when they vanished):"]
        for person in result.people.people:
            named, vanished, returned = person_life(person, ids)
            lines.append(f"  {person.name}: {', '.join(named) or '—'}"
                         + (f"; vanished in {', '.join(vanished)}" if vanished else "")
                         + (f"; named again in {', '.join(returned)}" if returned else ""))
    return "\n".join(lines) + "\n"


@register("csv", "history")
def write_history_csv(result: History, options: ReportOptions) -> str:
    """One row per sentence of each edition: where it stands, when it was introduced and
    first missing, its text, and over its whole life the editions that put it back and
    those it was missing from (``; ``-separated)."""
    buffer = io.StringIO()
    if options.bom:
        buffer.write(BOM)
    rows = csv.writer(buffer, lineterminator="\r\n")
    rows.writerow(["edition", "start", "end", "introduced_in", "removed_in", "text",
                   "reintroduced_in", "removals"])
    for edition in result.editions:
        text = edition.witness.text
        for r in edition.sentence_list:
            rows.writerow([neutralize(edition.witness.id), r.start, r.end,
                           neutralize(r.introduced_in), neutralize(r.removed_in or ""),
                           neutralize(" ".join(text[r.start:r.end].split())),
                           neutralize("; ".join(r.reintroduced_in)),
                           neutralize("; ".join(r.removals))])
    return buffer.getvalue()
