"""Reports of a :class:`~variorum.compare.Comparison`: JSON (``variorum.comparison/1``),
CSV (one row per article) and a text summary."""

from __future__ import annotations

import csv
import io
import json

from ..compare import Comparison
from . import ReportOptions, register
from .csv_report import neutralize

__all__ = ["write_csv", "write_json", "write_text"]


@register("json", "comparison")
def write_json(comparison: Comparison, options: ReportOptions) -> str:
    return json.dumps(comparison.document(), ensure_ascii=False, indent=1) + "\n"


def _labels(comparison: Comparison) -> list[str]:
    return [str(edition["id"]) for edition in comparison.editions]


@register("csv", "comparison")
def write_csv(comparison: Comparison, options: ReportOptions) -> str:
    """One row per article: key, status, the source and words in each edition, changed
    words, similarity, classes, erasures, reason. Cells a spreadsheet would run as a
    formula are neutralised."""
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
    return buffer.getvalue()


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
    shown = [a for a in comparison.articles if a["status"] != "same"]
    order = {status: i for i, status in enumerate(
        ("dropped", "renamed", "merged", "split", "changed", "added"))}
    shown.sort(key=lambda a: (order.get(a["status"], 9), -a["changed_words"]))
    for article in shown:
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
