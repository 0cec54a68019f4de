"""``--format csv``: one row per variant (or per change), for a spreadsheet.

Columns: ``id``, ``class``, ``tags`` (separated by ``; ``), then for each witness
``<id> reading``, ``<id> start`` and ``<id> end`` (offsets into its text as found),
``reason`` and ``change`` (the id of the act of revision the variant belongs to). With
``--granularity changes``, one row per change: ``tags`` gives way to ``variants`` (the ids of
its variants, separated by spaces) and there is no ``change`` column. UTF-8, RFC 4180
quoting, CRLF row ends; ``--csv-bom`` puts a byte-order mark first (some spreadsheets need it
to read UTF-8). ``--ignore`` leaves out rows of those classes.

Witness text is untrusted: a spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or
``@`` (or a tab or carriage return before one) as a formula whatever the quoting, so such a
cell gets a leading apostrophe, as OWASP advises. Only text cells are neutralized: the numbers
are ours.
"""

from __future__ import annotations

import csv
import io

from ..model import Change, Collation, Variant
from . import ReportOptions, register

__all__ = ["FORMULA_STARTS", "neutralize", "write_csv"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralize(cell: str) -> str:
    """``cell`` as a spreadsheet will show it rather than run it.

    >>> neutralize("=HYPERLINK(1)"), neutralize("-2"), neutralize("plain")
    ("'=HYPERLINK(1)", "'-2", 'plain')
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


@register("csv")
def write_csv(collation: Collation, options: ReportOptions) -> str:
    buffer = io.StringIO()
    if options.bom:
        buffer.write(BOM)
    rows = csv.writer(buffer, lineterminator="\r\n")
    by_change = options.granularity == "changes"
    header = ["id", "class", "variants" if by_change else "tags"]
    for witness in collation.witnesses:
        header += [f"{witness.id} reading", f"{witness.id} start", f"{witness.id} end"]
    header += ["reason"] if by_change else ["reason", "change"]
    rows.writerow([neutralize(cell) for cell in header])
    for entry in collation.changes if by_change else collation.variants:
        if entry.class_ in options.ignore:
            continue
        third = (" ".join(map(str, entry.variants)) if isinstance(entry, Change)
                 else neutralize("; ".join(entry.tags)))
        row: list[str | int] = [entry.id, entry.class_, third]
        for witness in collation.witnesses:
            reading = entry.readings[witness.id]
            row += [neutralize(reading.text), reading.start, reading.end]
        row.append(neutralize(entry.reason))
        if isinstance(entry, Variant):
            row.append(entry.change)
        rows.writerow(row)
    return buffer.getvalue()
