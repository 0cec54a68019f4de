"""``--format collatex-json``: the alignment table as the ``collatex`` package writes it.

One row per witness (in the order given), each cell ``null`` or a list holding one token
``{"t": text with trailing white space, "n": match key}``, as ``collatex``'s
``collate(..., output="json", segmentation=False)`` produces it.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Collation
from . import ReportOptions, register

__all__ = ["collatex_table"]


def collatex_table(collation: Collation) -> dict[str, Any]:
    rows: list[list[list[dict[str, str]] | None]] = []
    for witness_id, row in zip(collation.table.witness_ids, collation.table.cells, strict=True):
        tokens = collation.tokens[witness_id]
        rows.append([
            None if index < 0 else [{"t": tokens.raw(index), "n": tokens.key(index)}]
            for index in row.tolist()
        ])
    return {"table": rows, "witnesses": list(collation.table.witness_ids)}


@register("collatex-json")
def write_collatex_json(collation: Collation, options: ReportOptions) -> str:
    del options
    return json.dumps(collatex_table(collation), ensure_ascii=False, sort_keys=True) + "\n"
