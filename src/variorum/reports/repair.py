"""``variorum repair``: the repaired text, its log, or schema ``variorum.repair/1``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..model import Witness, apply_repairs
from . import ReportOptions, register
from .json_report import damage_document

__all__ = ["repair_document", "write_repair_json", "write_repair_text"]

SCHEMA = "variorum.repair/1"


def repair_document(witness: Witness) -> dict[str, Any]:
    """One witness's repair as the contract's JSON document (a plain dict)."""
    return {
        "schema": SCHEMA,
        "source": witness.source,
        "witness": witness.id,
        "sha256": witness.sha256,
        "format": witness.format,
        "encoding": witness.encoding,
        "encoding_reason": witness.encoding_reason,
        "repairs": [{"start": r.start, "end": r.end, "found": r.found, "repaired": r.repaired,
                     "suspect": r.suspect, "reason": r.reason} for r in witness.repairs],
        "damage": [damage_document(d) for d in witness.damage],
        "text": apply_repairs(witness.text, witness.repairs),
    }


def _log_lines(witness: Witness) -> list[str]:
    lines = [f"{witness.source} ({witness.id}): {witness.format}, {witness.encoding} "
             f"({witness.encoding_reason}); {len(witness.repairs)} repairs, "
             f"{len(witness.damage)} damaged places"]
    for r in witness.repairs:
        flag = "  SUSPECT" if r.suspect else ""
        lines.append(f"  repair {r.start}-{r.end}  {r.found!r} -> {r.repaired!r}  "
                     f"({r.reason}){flag}")
    for d in witness.damage:
        lines.append(f"  damage {d.start}-{d.end}  {d.found!r}  ({d.reason})")
    return lines


@register("json", kind="repair")
def write_repair_json(witnesses: Sequence[Witness], options: ReportOptions) -> str:
    """Schema ``variorum.repair/1``: one document, or a list for a source of several texts."""
    documents = [repair_document(witness) for witness in witnesses]
    body: Any = documents[0] if len(documents) == 1 else documents
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


@register("text", kind="repair")
def write_repair_text(witnesses: Sequence[Witness], options: ReportOptions) -> str:
    """The repaired text, or with ``options.log`` the log of repairs and damage."""
    if options.log:
        return "\n".join(line for w in witnesses for line in _log_lines(w)) + "\n"
    return "".join(apply_repairs(witness.text, witness.repairs) for witness in witnesses)
