"""``variorum find``: passages that are versions of one another, on a runner."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import click

from ..errors import VariorumError
from ..terminal import visible
from .common import cli, read_options, reading_options, refuse_output_onto_input

__all__ = ["find"]

FIND_EPILOG = """\b
Examples:
  variorum find scraped.txt
  variorum find newspapers/ --min-words 60 --format json -o reuse.json
  variorum find captures.warc.gz --within
  variorum find corpus/ --workers 2
  variorum find corpus/ --scheduler tcp://scheduler.example:8786 --work-dir /shared/tmp
"""


@cli.command(epilog=FIND_EPILOG)
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "format_", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output format (json: schema variorum.passages/1).")
@click.option("-o", "--output", metavar="PATH", help="Write here instead of standard output.")
@click.option("--min-words", type=click.IntRange(min=1), default=40, show_default=True,
              help="Least words in a passage.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="Least similarity (share of words in runs found in the other copy).")
@click.option("--within", "scope", flag_value="within",
              help="Only passages repeated inside one document.")
@click.option("--across", "scope", flag_value="across",
              help="Only passages shared by different documents.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Run on a Dask cluster of N processes started on this machine.")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run on an existing Dask cluster (workers must see --work-dir).")
@click.option("--work-dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Folder for the index's temporary files (default: the system's); "
                   "they take about 3.4 times the corpus's size.")
@click.option("--keep-work", is_flag=True,
              help="Keep the work folder and all its files (its path is printed on stderr) "
                   "instead of removing it.")
@reading_options
def find(paths: tuple[str, ...], format_: str, output: str | None, min_words: int,
         threshold: float, scope: str | None, workers: int | None, scheduler: str | None,
         work_dir: str | None, keep_work: bool, **reading: Any) -> None:
    """Find passages that are versions of one another, inside and across documents.

    Each PATH is a file (text, HTML, PDF, DOCX, EPUB, TEI, WARC, ...) or a folder, read
    recursively. Matching is on repaired, normalized words, so mojibake, OCR errors, light
    edits, truncation and re-ordered paragraphs do not hide a copy. Unreadable files are
    reported and skipped. A file given more than once (or inside a folder also given) is
    read once. The work folder is removed at the end, also on an error or an interruption,
    unless --keep-work.
    """
    from ..find import FindSettings
    from ..find import find as find_passages
    from ..find.pipeline import check_work_dir, gather_sources
    from ..find.runner import make_runner
    from ..output import write_output
    from ..reports import render

    if workers is not None and scheduler is not None:
        raise click.UsageError("give --workers or --scheduler, not both")
    refuse_output_onto_input(output, list(paths))
    settings = FindSettings(min_words=min_words, threshold=threshold,
                            scope="all" if scope is None else scope)  # type: ignore[arg-type]
    check_work_dir(work_dir)  # missing: said before any work
    listing = gather_sources(paths)
    sources = listing.files
    if listing.repeated:
        click.echo(f"variorum: note: {listing.repeated} "
                   f"file{' was' if listing.repeated == 1 else 's were'} given more than once "
                   "(the same path, or inside a folder also given) and read once", err=True)
    options = read_options(**reading)
    made: list[str] = []
    try:
        with make_runner(scheduler, workers) as runner, _find_progress() as progress:
            progress.work_folder = made.append
            result = find_passages(sources, settings, runner=runner, read_options=options,
                                   work_dir=work_dir, progress=progress, keep_work=keep_work)
    finally:
        for folder in made:
            if keep_work:
                click.echo(f"variorum: note: the work folder is kept: {visible(folder)}",
                           err=True)
            elif os.path.lexists(folder):
                click.echo(f"variorum: note: the work folder {visible(folder)} could not be "
                           "removed (tasks on the cluster may still write to it); remove it "
                           "yourself", err=True)
    for line in result.skipped:
        click.echo(f"variorum: skipped: {visible(line)}", err=True)
    if not result.documents:
        raise VariorumError(f"none of the {len(sources)} sources could be read",
                            hint="see the reasons above")
    write_output(render(result, format_), output, inputs=list(paths))
    if result.skipped:
        click.echo(f"variorum: skipped {len(result.skipped)} unreadable "
                   f"source{'' if len(result.skipped) == 1 else 's'} of {len(sources)}",
                   err=True)


@contextlib.contextmanager
def _find_progress() -> Iterator[Any]:
    """A progress bar per stage on a terminal; nothing on a pipe or under CI."""
    from ..find import Progress

    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield Progress()
        return
    from rich.progress import Progress as Bar

    with Bar(transient=True, console=None) as bar:
        current: list[Any] = []

        def stage(name: str, total: int) -> None:
            if current:
                bar.remove_task(current.pop())
            current.append(bar.add_task(name, total=total))

        def advance() -> None:
            if current:
                bar.advance(current[0])

        yield Progress(stage, advance)


