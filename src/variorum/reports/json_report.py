"""``--format json``: the schema ``variorum.collation/1`` of the public contract."""

from __future__ import annotations

import json
from typing import Any

from ..model import (
    ACCIDENTAL_CLASSES,
    Collation,
    Damage,
    Erasure,
    NameChange,
    Reading,
    SourceMap,
    Witness,
)
from . import ReportOptions, provenance, register

__all__ = ["collation_document", "damage_document", "erasure_document", "name_change_document",
           "summary_document"]

SCHEMA = "variorum.collation/1"


def _reading(reading: Reading, source_map: SourceMap | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {"text": reading.text, "start": reading.start,
                                "end": reading.end}
    where = source_map.at(reading.start) if source_map is not None else None
    if where is not None:  # a markup source (TEI, XML): the element the reading is read from
        document["source_line"], document["source_column"] = where
    return document


def _maps(collation: Collation) -> dict[str, SourceMap]:
    """The source maps of the witnesses that have one, by witness id."""
    return {w.id: w.source_map for w in collation.witnesses if w.source_map is not None}


def damage_document(damage: Damage) -> dict[str, Any]:
    """A place of damage as the contract writes it (``byte_offset`` only when known)."""
    document: dict[str, Any] = {"start": damage.start, "end": damage.end,
                                "found": damage.found, "reason": damage.reason}
    if damage.byte_offset is not None:
        document["byte_offset"] = damage.byte_offset
    return document


def _witness(witness: Witness, collation: Collation) -> dict[str, Any]:
    tokens = collation.tokens[witness.id]
    return {
        **provenance(witness),
        "span": {"start": witness.span.start, "end": witness.span.end} if witness.span else None,
        "tokens": len(tokens),
        "repairs": [
            {"start": r.start, "end": r.end, "found": r.found, "repaired": r.repaired,
             "suspect": r.suspect, "reason": r.reason} for r in witness.repairs
        ],
        "damage": [damage_document(d) for d in witness.damage],
        **({"token_properties": [dict(p) for p in witness.token_properties]}
           if witness.token_properties is not None else {}),
    }


def erasure_document(erasure: Erasure) -> dict[str, Any]:
    """An entry of the contract's ``erasures``, with the fields its kind has."""
    document: dict[str, Any] = {
        "kind": erasure.kind, "text": erasure.text, "present_in": list(erasure.present_in),
        "absent_from": list(erasure.absent_from),
        "readings": {wid: _reading(r) for wid, r in erasure.readings.items()},
    }
    if erasure.kind == "number":
        document["changed_to"] = dict(erasure.changed_to)
        document["variant"] = erasure.variant
    else:
        document["relation"] = erasure.relation
    if erasure.kind == "name":
        document["forms"] = list(erasure.forms)
        document["occurrences"] = {wid: [_reading(r) for r in spans]
                                   for wid, spans in erasure.occurrences.items()}
    return document


def name_change_document(change: NameChange) -> dict[str, Any]:
    """An entry of ``name_changes``: how each witness writes the name, and where."""
    return {"kind": change.kind, "texts": dict(change.texts),
            "readings": {wid: _reading(r) for wid, r in change.readings.items()}}


def summary_document(collation: Collation) -> dict[str, Any]:
    """The ``summary`` of the JSON document: counts by class, in all and for each pair."""
    by_class = collation.by_class()
    accidental = sum(n for name, n in by_class.items() if name in ACCIDENTAL_CLASSES)
    return {
        "variants": len(collation.variants),
        "by_class": by_class,
        "accidental": accidental,
        "substantive": len(collation.variants) - accidental,
        "pairs": [
            {"witnesses": [a, b], "variants": sum(counts.values()), "by_class": dict(counts),
             "accidental": sum(n for name, n in counts.items()
                               if name in ACCIDENTAL_CLASSES),
             "substantive": sum(n for name, n in counts.items()
                                if name not in ACCIDENTAL_CLASSES)}
            for a, b, counts in collation.pair_classes
        ],
    }


def collation_document(collation: Collation) -> dict[str, Any]:
    """The collation as the contract's JSON document (a plain dict)."""
    maps = _maps(collation)
    return {
        "schema": SCHEMA,
        "base": collation.base,
        "settings": {
            "normalize": list(collation.settings.normalize),
            "min_transposition": collation.settings.min_transposition,
        },
        "witnesses": [_witness(witness, collation) for witness in collation.witnesses],
        "variants": [
            {
                "id": variant.id,
                "class": variant.class_,
                "tags": list(variant.tags),
                "reason": variant.reason,
                "readings": {wid: _reading(r, maps.get(wid))
                             for wid, r in variant.readings.items()},
                "groups": [list(group) for group in variant.groups],
                "classes": dict(variant.classes),
                "relations": [{"groups": list(r.groups), "class": r.class_, "reason": r.reason}
                              for r in variant.relations],
                "change": variant.change,
            }
            for variant in collation.variants
        ],
        "changes": [
            {"id": change.id, "class": change.class_, "reason": change.reason,
             "variants": list(change.variants),
             "readings": {wid: _reading(r, maps.get(wid))
                          for wid, r in change.readings.items()}}
            for change in collation.changes
        ],
        "erasures": [erasure_document(erasure) for erasure in collation.erasures],
        "name_changes": [name_change_document(change) for change in collation.name_changes],
        "summary": summary_document(collation),
    }


@register("json")
def write_json(collation: Collation, options: ReportOptions) -> str:
    del options  # JSON keeps every class: --ignore only hides classes in reports for reading
    # No indent: only then does the json module use its C encoder (ten times faster).
    return json.dumps(collation_document(collation), ensure_ascii=False) + "\n"
