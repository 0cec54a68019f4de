"""``variorum history``: when each word and sentence of a chain of editions came and went."""

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
    settings,
    show,
    too_large,
)

__all__ = ["history"]

HISTORY_EPILOG = """\b
Examples:
  variorum history 1859.txt 1860.txt 1861.txt 1866.txt
  variorum history first=a.txt second=b.txt third=c.txt --format json -o history.json
  variorum history Article.xml --revisions yearly
  variorum history Article.xml --revisions 2010..2012 --format csv -o sentences.csv
"""


@cli.command(epilog=HISTORY_EPILOG)
@click.argument("sources", nargs=-1, required=True, metavar="SOURCE...")
@click.option("--format", "format_", type=click.Choice(["text", "json", "csv", "html"]),
              default="text", show_default=True,
              help="Output format (json: schema variorum.history/1; csv: one row per "
                   "sentence per edition; html: one self-contained page, the text coloured "
                   "by the edition each word dates from).")
@click.option("-o", "--output", metavar="PATH", help="Write here instead of standard output.")
@click.option("--revisions", "revisions", default="all", show_default=True, metavar="SPEC",
              help="A MediaWiki export: which revisions are the editions: all, yearly (the "
                   "last of each year), every:N, or FROM..TO (ISO dates, both included).")
@click.option("--page", metavar="TITLE",
              help="A MediaWiki export holding several pages: the page (default: the first).")
@click.option("--people", "with_people", is_flag=True,
              help="Also the register of persons: the editions naming each, and when they "
                   "vanished.")
@click.option("--csv-bom", is_flag=True,
              help="CSV: begin with a byte-order mark (spreadsheets that need it for UTF-8).")
@reading_options
def history(sources: tuple[str, ...], format_: str, output: str | None, revisions: str,
            page: str | None, with_people: bool, csv_bom: bool, **reading: Any) -> None:
    """For every word and sentence of each edition: the edition that introduced it, the
    first later edition without it, and whether it was removed and put back.

    SOURCEs are the editions in order (a path, or LABEL=PATH to name it), or one MediaWiki
    XML export of a page's revisions (--revisions picks which).
    """
    from ..history import build_history
    from ..history.mediawiki import check_spec, is_export, read_export
    from ..ingest import parse_label
    from ..reports import ReportOptions, render

    inputs = [parse_label(source)[1] for source in sources]
    refuse_output_onto_input(output, inputs)
    with settings("--revisions"):
        check_spec(revisions)
    options = read_options(**reading)
    meta: list[dict[str, str]] | None = None
    if len(sources) == 1 and is_export(inputs[0]):
        _, witnesses, meta = read_export(inputs[0], spec=revisions, page=page,
                                         max_bytes=options.max_bytes)
    else:
        if revisions != "all" or page is not None:
            raise click.UsageError("--revisions and --page are for one MediaWiki export")
        with too_large(False, inputs):
            witnesses = read_sources(sources, options)
    if not witnesses:
        raise VariorumError("history found no text in the sources",
                            hint="give the editions in order, or a MediaWiki export")
    result = build_history(witnesses, revisions=meta, people=with_people)
    show(render(result, format_, ReportOptions(bom=csv_bom)), output, inputs,
         page=format_ == "text")
