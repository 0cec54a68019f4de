"""``variorum people``: the register of persons and fates of one or more editions."""

from __future__ import annotations

from typing import Any

import click

from ..errors import VariorumError
from .common import (
    cli,
    read_options,
    read_sources,
    reading_options,
    refuse_output_onto_input,
    show,
    too_large,
)

__all__ = ["people"]

PEOPLE_EPILOG = """\b
Examples:
  variorum people 1938.txt
  variorum people 1938=first.txt 1953=second.txt --format json -o people.json
  variorum people 1938.txt 1953.txt --format csv -o register.csv
  variorum people 1938.txt 1953.txt --format html -o register.html
"""


@cli.command(epilog=PEOPLE_EPILOG)
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--format", "format_", type=click.Choice(["text", "json", "csv", "tei", "html"]),
              default="text", show_default=True,
              help="Output format (json: schema variorum.people/1; html: a self-contained page).")
@click.option("-o", "--output", metavar="PATH", help="Write here instead of standard output.")
@click.option("--csv-bom", is_flag=True,
              help="CSV: begin with a byte-order mark (spreadsheets that need it for UTF-8).")
@reading_options
def people(sources: tuple[str, ...], format_: str, output: str | None, csv_bom: bool,
           **reading: Any) -> None:
    """List the persons each SOURCE names, what it says became of each (fate) and who
    they were (role), with the offsets of the words that say so.

    Several sources are editions of one text, in order: one register across them, aligned
    through the collation, with who was erased, respelled, or given another fate or role.
    Each SOURCE is a path, or LABEL=PATH to name the witness.
    """
    from ..ingest import parse_label
    from ..people import build_register
    from ..reports import ReportOptions, render

    inputs = [parse_label(source)[1] for source in sources]
    refuse_output_onto_input(output, inputs)
    options = read_options(**reading)
    with too_large(False, inputs):
        witnesses = read_sources(sources, options)
    if not witnesses:
        raise VariorumError("people found no text in the sources",
                            hint="give one or more text files")
    result = build_register(witnesses)
    show(render(result, format_, ReportOptions(bom=csv_bom)), output, inputs,
         page=format_ == "text")
