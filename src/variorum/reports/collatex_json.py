"""``--format collatex-json``: the alignment table as the ``collatex`` package writes it.

One row per witness (in the order given), each cell ``null`` or a list holding one token
``{"t": text with trailing white space, "n": match key}``, as ``collatex``'s
``collate(..., output="json", segmentation=False)`` produces it; tokens that came from
CollateX JSON input with other fields carry them too, as CollateX passes them through.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Collation
from . import ReportOptions, register

__all__ = ["collatex_table"]


def collatex_table(collation: Collation) -> dict[str, Any]:
    rows: list[list[list[dict[str, Any]] | None]] = []
    for witness_id, row in zip(collation.table.witness_ids, collation.table.cells, strict=True):
        tokens = collation.tokens[witness_id]
        witness = collation.witness(witness_id)
        extra, given = witness.token_properties, witness.pretokens
        rows.append([
            None if index < 0 else [{**(extra[index] if extra else {}),
                                     "t": given[index][0] if given else tokens.raw(index),
                                     "n": tokens.key(index)}]
            for index in row.tolist()
        ])
    return {"table": rows, "witnesses": list(collation.table.witness_ids)}


@register("collatex-json")
def write_collatex_json(collation: Collation, options: ReportOptions) -> str:
    del options
    return json.dumps(collatex_table(collation), ensure_ascii=False, sort_keys=True) + "\n"
