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
  variorum history Articles.xml --all-pages --workers 2 --format html -o histories/
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
@click.option("--all-pages", is_flag=True,
              help="A MediaWiki export holding several pages: the history of every page, "
                   "one report each (and index.json) in the folder -o names.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="--all-pages: build the pages' histories on N local worker processes "
                   "(Dask).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="--all-pages: build them on an existing Dask cluster (its workers must "
                   "see --work-dir and the -o folder).")
@click.option("--work-dir", metavar="DIR", type=click.Path(file_okay=False),
              help="--all-pages: where each page's revisions are put for its task (default: "
                   "a new folder in the temporary folder, removed at the end).")
@click.option("--people", "with_people", is_flag=True,
              help="Also the register of persons: the editions naming each, and when they "
                   "vanished.")
@click.option("--csv-bom", is_flag=True,
              help="CSV: begin with a byte-order mark (spreadsheets that need it for UTF-8).")
@reading_options
def history(sources: tuple[str, ...], format_: str, output: str | None, revisions: str,
            page: str | None, all_pages: bool, workers: int | None, scheduler: str | None,
            work_dir: str | None, with_people: bool, csv_bom: bool, **reading: Any) -> None:
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
    one_export = len(sources) == 1 and is_export(inputs[0])
    if (workers is not None or scheduler is not None or work_dir is not None) \
            and not all_pages:
        raise click.UsageError("--workers, --scheduler and --work-dir are for --all-pages")
    if all_pages:
        if not one_export:
            raise click.UsageError("--all-pages is for one MediaWiki export")
        if page is not None:
            raise click.UsageError("give --page or --all-pages, not both")
        _all_pages(inputs[0], output, revisions, format_, with_people, csv_bom, workers,
                   scheduler, work_dir, options.max_bytes)
        return
    if one_export:
        titles: list[str] = []
        _, witnesses, meta = read_export(inputs[0], spec=revisions, page=page,
                                         max_bytes=options.max_bytes, titles=titles)
        if page is None and len(titles) > 1:
            click.echo(f"variorum: note: the export holds {len(titles)} pages; this is the "
                       "history of the first (--page TITLE for another, --all-pages for "
                       "each)", err=True)
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


def _all_pages(export: str, output: str | None, revisions: str, format_: str, people: bool,
               bom: bool, workers: int | None, scheduler: str | None, work_dir: str | None,
               max_bytes: int) -> None:
    """Every page's history, one report each in the folder ``output``, built on a Runner."""
    import json
    import shutil
    import tempfile
    from pathlib import Path

    from ..find.runner import make_runner
    from ..history.mediawiki import check_size
    from ..history.pages import histories_of_pages
    from ..output import write_output
    from ..terminal import visible

    if output is None or output == "-":
        raise click.UsageError("--all-pages writes one report per page: name a folder with -o")
    if Path(output).exists() and not Path(output).is_dir():
        raise click.BadParameter(f"{output!r} is a file; --all-pages needs a folder",
                                 param_hint="-o/--output")
    if workers is not None and scheduler is not None:
        raise click.UsageError("give --workers or --scheduler, not both")
    check_size(export, max_bytes)
    work = Path(work_dir) if work_dir else Path(tempfile.mkdtemp(prefix="variorum-history-"))
    try:
        with make_runner(scheduler, workers) as runner:
            listing, skipped = histories_of_pages(
                export, output, work_dir=work, spec=revisions, format_=format_,
                people=people, bom=bom, runner=runner)
    finally:
        if work_dir is None:
            shutil.rmtree(work, ignore_errors=True)
    for line in skipped:
        click.echo(f"variorum: skipped: {visible(line)}", err=True)
    if not listing:
        raise VariorumError(f"{export}: no page has a revision to make a history of")
    index = {"schema": "variorum.history-pages/1", "export": export, "revisions": revisions,
             "pages": [{**entry, "output": Path(entry["output"]).name} for entry in listing],
             "skipped": skipped}
    write_output(json.dumps(index, ensure_ascii=False, indent=2) + "\n",
                 str(Path(output) / "index.json"), inputs=[export])
    titles = [visible(entry["title"]) for entry in listing]
    width = min(40, max(len(title) for title in titles))
    lines = [f"{len(listing)} pages of {visible(export)}, one report each in "
             f"{visible(output)}", "",
             f"{'page':<{width}} {'editions':>8} {'words':>7} {'+new':>6} "
             f"{'-gone':>6} {'+back':>6}  file"]
    for entry, title in zip(listing, titles, strict=True):
        title = title if len(title) <= 40 else title[:39] + "…"
        lines.append(f"{title:<{width}} {entry['editions']:>8} {entry['words']:>7} "
                     f"{entry['words_added']:>6} {entry['words_removed']:>6} "
                     f"{entry['words_reintroduced']:>6}  {Path(entry['output']).name}")
    click.echo("\n".join(lines))
