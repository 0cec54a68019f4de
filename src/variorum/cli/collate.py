"""``variorum collate``: parse the options, read the sources, collate (or, with one source,
collate its repeated passages), render, write."""

from __future__ import annotations

from typing import Any

import click

from ..errors import VariorumError
from ..reports import formats as report_formats
from ..terminal import visible
from .common import (
    cli,
    progress,
    read_options,
    read_sources,
    reading_options,
    refuse_output_onto_input,
    settings,
    show,
    too_large,
    wants_color,
)

__all__ = ["collate"]

COLLATE_EPILOG = """\b
Examples:
  variorum collate 1938.txt 1953.txt
  variorum collate A=first.txt B=second.txt --format json -o collation.json
  variorum collate --input witnesses.json --format collatex-json
"""



@cli.command(epilog=COLLATE_EPILOG)
@click.argument("sources", nargs=-1, metavar="SOURCE...")
@click.option("--input", "input_json", metavar="FILE.json",
              help="CollateX JSON input (witnesses with content or t/n tokens).")
@click.option("--format", "format_", type=click.Choice(report_formats()), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", metavar="PATH", help="Write here instead of standard output.")
@click.option("--base", metavar="ID", help="Reference witness (default: the first).")
@click.option("--ignore", metavar="CLASS,...", default="",
              help="Hide these variant classes in the text and CSV reports, and at first in "
                   "the HTML report (JSON and TEI keep all).")
@click.option("--normalize", metavar="LAYER,...", default="nfc,typography,compat,case",
              show_default=True,
              help="Matching layers: nfc, typography, compat, case, punctuation, diacritics.")
@click.option("--min-transposition", type=click.IntRange(min=0), default=3, show_default=True,
              help="Least words in a moved block reported as a transposition; swaps within "
                   "a sentence count whatever their length (0: off).")
@click.option("--erasures/--no-erasures", default=True, show_default=True,
              help="Report the names, numbers and sentences one edition has and another lacks "
                   "(about 0.15 s per 100,000 words of each witness; --no-erasures for speed).")
@click.option("--people", "with_people", is_flag=True,
              help="HTML: add a People tab, the register of `variorum people` (persons, "
                   "their fates and roles, changes across editions).")
@click.option("--granularity", type=click.Choice(("places", "changes")), default="places",
              show_default=True,
              help="What the text and CSV reports list: the places of an apparatus (cut at "
                   "the words that correspond), or the changes they make (acts of revision).")
@click.option("--csv-bom", is_flag=True,
              help="CSV: begin with a byte-order mark (spreadsheets that need it for UTF-8).")
@reading_options
def collate(sources: tuple[str, ...], input_json: str | None, format_: str,
            output: str | None, base: str | None, ignore: str, normalize: str,
            min_transposition: int, erasures: bool, with_people: bool, granularity: str,
            csv_bom: bool, **reading: Any) -> None:
    """Collate two or more editions word by word and report where they differ.

    Each SOURCE is a path, or LABEL=PATH to name the witness (default: the file name
    without its extension). A source holding several texts (a DOCX with tracked changes, a
    WARC capture) gives several witnesses, named SOURCE#part.
    """
    from ..collation.options import CollateOptions
    from ..collation.pipeline import collate as collate_witnesses
    from ..ingest import parse_label
    from ..reports import ReportOptions, render

    inputs = [parse_label(source)[1] for source in sources] + ([input_json] if input_json else [])
    refuse_output_onto_input(output, inputs)
    with settings("--normalize"):
        collate_options = CollateOptions.parse(base=base, normalize=normalize,
                                               min_transposition=min_transposition,
                                               erasures=erasures)
    with settings("--ignore"):
        report_options = ReportOptions.parse(ignore=ignore, color=wants_color(output),
                                             bom=csv_bom, granularity=granularity,
                                             erasure_details=_given("erasures"))
    options = read_options(**reading)
    witnesses = []
    with too_large(erasures, inputs):
        if input_json:
            from ..ingest.collatex import read_collatex_input

            witnesses += read_collatex_input(input_json, max_bytes=options.max_bytes)
        witnesses += read_sources(sources, options)
    if not witnesses:
        raise VariorumError("collate needs at least two witnesses, got 0",
                            hint="give two or more files, or one file holding repeated passages")
    note = None
    with progress(sum(len(w.text) for w in witnesses)) as say:
        if len(witnesses) == 1 and not input_json:  # its repeated passages, with one another
            # Imported here: the finder's compiled kernels cost a collation of two sources
            # a third of a second at start-up.
            from ..find.repeats import collate_repeats
            from ..reports.repeats import repeats_note

            repeats = collate_repeats(witnesses[0], options=collate_options, progress=say)
            note = repeats_note(repeats, format_)
            result: object = repeats
        else:
            result = collate_witnesses(witnesses, options=collate_options, progress=say)
            if with_people and format_ == "html":
                from dataclasses import replace

                from ..people import build_register

                report_options = replace(report_options, people=build_register(
                    witnesses, collation=result))
    show(render(result, format_, report_options), output, inputs, page=format_ == "text",
         color=report_options.color)
    if note:
        click.echo(f"variorum: note: {visible(note)}", err=True)


def _given(parameter: str) -> bool:
    """Was the option given on the command line (not left at its default)?"""
    source = click.get_current_context().get_parameter_source(parameter)
    return source is click.core.ParameterSource.COMMANDLINE
