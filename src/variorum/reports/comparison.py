"""Reports of a :class:`~variorum.compare.Comparison`: JSON (``variorum.comparison/1``),
CSV (one row per article) and a text summary."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..compare import SCHEMA, Comparison
from . import ReportOptions, register
from .csv_report import neutralize

__all__ = ["iter_csv", "iter_json", "iter_report", "write_csv", "write_json", "write_text"]


@register("json", "comparison")
def write_json(comparison: Comparison, options: ReportOptions) -> str:
    return "".join(iter_json(comparison))


def _nested(value: object, depth: int) -> str:
    """``value`` as ``json.dumps(..., indent=1)`` writes it ``depth`` levels deep (a JSON
    string holds no line break: every one is the layout's)."""
    return json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + " " * depth)


def iter_json(comparison: Comparison) -> Iterator[str]:
    """The JSON document in pieces, an article at a time: the same text as
    ``json.dumps(comparison.document(), ensure_ascii=False, indent=1)`` and a line break,
    without the edition's articles in memory together."""
    yield f'{{\n "schema": {_nested(SCHEMA, 1)},\n "editions": {_nested(comparison.editions, 1)}'
    yield ',\n "articles": '
    first = True
    for article in comparison.articles:
        yield ("[\n  " if first else ",\n  ") + _nested(article, 2)
        first = False
    yield "[]" if first else "\n ]"
    yield f',\n "people": {_nested(comparison.people, 1)}'
    yield f',\n "summary": {_nested(comparison.summary, 1)}\n}}\n'


def iter_report(comparison: Comparison, format_: str, options: ReportOptions
                ) -> Iterator[str]:
    """The ``json`` or ``csv`` report in pieces (the text report in one)."""
    if format_ == "json":
        return iter_json(comparison)
    if format_ == "csv":
        return iter_csv(comparison, options)
    return iter([write_text(comparison, options)])


def _labels(comparison: Comparison) -> list[str]:
    return [str(edition["id"]) for edition in comparison.editions]


@register("csv", "comparison")
def write_csv(comparison: Comparison, options: ReportOptions) -> str:
    """One row per article: key, status, the source and words in each edition, changed
    words, similarity, classes, erasures, reason. Cells a spreadsheet would run as a
    formula are neutralised."""
    return "".join(iter_csv(comparison, options))


def iter_csv(comparison: Comparison, options: ReportOptions) -> Iterator[str]:
    """:func:`write_csv` in pieces, a row at a time."""
    labels = _labels(comparison)
    buffer = io.StringIO()
    if options.bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["key", "status", *(f"source {label}" for label in labels),
                     *(f"words {label}" for label in labels), "changed_words", "similarity",
                     "by_class", "erasures", "people_changes", "reason"])
    for article in comparison.articles:
        classes = "; ".join(f"{name} {n}" for name, n in article["by_class"].items())
        row = [article["key"], article["status"],
               *(article["sources"][label] or "" for label in labels),
               *("" if article["words"][label] is None else str(article["words"][label])
                 for label in labels),
               str(article["changed_words"]),
               "" if article["similarity"] is None else f"{article['similarity']:.4f}",
               classes, str(len(article["erasures"])), str(len(article["people_changes"])),
               article["reason"]]
        writer.writerow([neutralize(cell) for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


@register("text", "comparison")
def write_text(comparison: Comparison, options: ReportOptions) -> str:
    """The totals, then every article that is not the same, most changed first within each
    status."""
    from ..terminal import visible

    labels = _labels(comparison)
    summary = comparison.summary
    lines = [f"compare {' → '.join(labels)}: {summary['articles']} articles"]
    for edition in comparison.editions:
        lines.append(f"  {edition['id']}: {visible(str(edition['path']))}, "
                     f"{edition['articles']} articles, "
                     f"{summary['words'][edition['id']]} words")
    lines.append("  " + ", ".join(f"{n} {status}" for status, n in
                                  summary["by_status"].items()))
    if summary["by_class"]:
        lines.append("  variants: " + ", ".join(f"{n} {name}" for name, n in
                                                summary["by_class"].items()))
    lines.append(f"  changed words: {summary['changed_words']}; erasures: "
                 f"{summary['erasures']}")
    for article in _shown(comparison):
        sources = " | ".join(f"{label}: {visible(article['sources'][label] or '—')}"
                             for label in labels)
        words = " → ".join("—" if article["words"][label] is None else
                           str(article["words"][label]) for label in labels)
        lines.append("")
        lines.append(f"{article['status']:<8} {visible(article['key'])}  ({words} words)")
        lines.append(f"         {sources}")
        if article["by_class"]:
            lines.append("         " + ", ".join(f"{n} {name}" for name, n in
                                                 article["by_class"].items()))
        names = [p["name"] for p in article["people_changes"] if p["change"] == "erased"]
        if names:
            lines.append(f"         names erased: {visible(', '.join(names))}")
        lines.append(f"         {visible(article['reason'])}")
    lines += _people_lines(comparison)
    return "\n".join(lines) + "\n"


SHOWN = ("dropped", "renamed", "merged", "split", "changed", "added")


def _shown(comparison: Comparison) -> Iterator[dict[str, Any]]:
    """The articles that are not the same, in the order of ``SHOWN``, most changed first
    within each status (in the order of the comparison between equals): ranked on their
    numbers, then read one at a time."""
    order = {status: i for i, status in enumerate(SHOWN)}
    ranked = sorted((order.get(a["status"], 9), -a["changed_words"], n)
                    for n, a in enumerate(comparison.articles) if a["status"] != "same")
    for _, _, n in ranked:
        yield comparison.articles[n]


def _people_lines(comparison: Comparison) -> list[str]:
    """The edition-wide register's findings: people erased from a whole edition, whose own
    article was dropped or cut by more than half, whose fate changed."""
    from ..terminal import visible

    if "people" not in comparison.summary:
        return []
    counts = comparison.summary["people"]
    lines = ["", f"people: {counts['named']} named; {counts['absent_from_next']} absent from "
             f"the whole of a later edition; {counts['own_article_dropped_or_shortened']} "
             f"with their own article dropped or shortened; {counts['fate_changed']} with "
             f"another fate"]
    for person in comparison.people:
        notes = [f"{c['kind']} {c['from']} → {c['to']}: {c['detail']}"
                 for c in person["changes"] if c["kind"] in ("erased", "fate-changed")]
        own = person["own_article"]
        if own and own["change"]:
            notes.append(f"own article {own['key']!r} {own['change']}: {own['detail']}")
        if notes:
            lines.append(f"  {visible(person['name'])}")
            lines += [f"         {visible(note)}" for note in notes]
    return lines
