"""The report of ``variorum collate`` with one source: each group of its repeated passages
collated, with what each copy has that the others lack (text and JSON show every group;
the other formats the first, with a note)."""

from __future__ import annotations

import json

from ..find.repeats import Extra, RepeatCollation, Repeats
from . import ReportOptions, register, render
from .json_report import collation_document

__all__ = ["found_document", "repeats_note"]


def _extra_document(extra: Extra | None) -> dict[str, object] | None:
    if extra is None:
        return None
    return {"start": extra.start, "end": extra.end, "words": extra.words,
            "excerpt": extra.excerpt}


def found_document(repeat: RepeatCollation) -> dict[str, object]:
    """What the finder adds to a collation document: the group and each copy's unshared
    text (``unshared_before``/``unshared_after``: in this copy, not in the others)."""
    group = repeat.group
    return {
        "group": group.id,
        "similarity": round(group.similarity, 4),
        "passages": [
            {"witness": witness.id, "start": witness.start, "end": witness.end,
             "words": passage.words,
             "unshared_before": _extra_document(repeat.before[witness.id]),
             "unshared_after": _extra_document(repeat.after[witness.id])}
            for passage, witness in zip(group.passages, repeat.collation.witnesses,
                                        strict=True)],
    }


def _notes(repeat: RepeatCollation) -> list[str]:
    lines = []
    ids = [w.id for w in repeat.collation.witnesses]
    for witness_id in ids:
        others = [other for other in ids if other != witness_id]
        lacking = others[0] if len(others) == 1 else "the other copies"
        for where, extra in (("before", repeat.before[witness_id]),
                             ("after", repeat.after[witness_id])):
            if extra is None:
                continue
            lines.append(f"  {witness_id} has {extra.words} words {where} the shared text "
                         f"that {lacking} lacks: [{extra.start}:{extra.end}] “{extra.excerpt}”")
    return lines


@register("json", kind="repeats")
def write_repeats_json(repeats: Repeats, options: ReportOptions) -> str:
    """The first group's collation document with the fields ``found`` (this group) and
    ``other_groups`` (the others' documents, each with its ``found``)."""
    documents = []
    for repeat in repeats:
        document = collation_document(repeat.collation)
        document["found"] = found_document(repeat)
        documents.append(document)
    first = documents[0]
    first["other_groups"] = documents[1:]
    return json.dumps(first, ensure_ascii=False, indent=2) + "\n"


@register("text", kind="repeats")
def write_repeats_text(repeats: Repeats, options: ReportOptions) -> str:
    """Every group, headed, with what each copy has that the others lack."""
    parts = []
    for repeat in repeats:
        group = repeat.group
        header = [f"group {group.id} of {len(repeats)}: {len(group.passages)} copies of a "
                  f"repeated passage, similarity {group.similarity:.3f}"]
        parts.append("\n".join(header + _notes(repeat)) + "\n\n"
                     + render(repeat.collation, "text", options))
    return "\n".join(parts)


def repeats_note(repeats: Repeats, name: str) -> str | None:
    """A note for stderr when the format shows only the first group."""
    if name in ("json", "text") or len(repeats) < 2:
        return None
    return (f"the source holds {len(repeats)} groups of repeated passages; this report "
            f"shows group 1 (--format text or json shows all)")
