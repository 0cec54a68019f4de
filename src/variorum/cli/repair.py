"""``variorum repair``: the repaired text of a source, or the log of what was repaired."""

from __future__ import annotations

from typing import Any

import click

from .common import cli, read_options, reading_options, refuse_output_onto_input

__all__ = ["repair"]

REPAIR_EPILOG = """\b
Examples:
  variorum repair scraped.txt > repaired.txt
  variorum repair scraped.txt --log
  variorum repair page.html --format json -o repair.json
"""


@cli.command(epilog=REPAIR_EPILOG)
@click.argument("source", metavar="SOURCE")
@click.option("--log", "show_log", is_flag=True,
              help="Print the log of repairs and damage instead of the text.")
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (json: schema variorum.repair/1).")
@click.option("-o", "--output", metavar="PATH", help="Write here instead of standard output.")
@reading_options
def repair(source: str, show_log: bool, format_: str, output: str | None,
           **reading: Any) -> None:
    """Undo encoding damage (mojibake) in SOURCE and say exactly what was changed.

    The text is read as collate reads it (format, encoding); the repaired text is printed,
    or with --log each repaired span (offsets into the text as found, damaged and repaired
    string, reason, suspect) and each place of damage that could not be repaired.
    """
    from ..ingest import parse_label, read_source
    from ..output import write_output
    from ..reports import ReportOptions, render

    inputs = [parse_label(source)[1]]
    refuse_output_onto_input(output, inputs)
    witnesses = read_source(source, options=read_options(**reading))
    write_output(render(witnesses, format_, ReportOptions(log=show_log)), output,
                 inputs=inputs)


