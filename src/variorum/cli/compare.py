"""``variorum compare``: confront whole editions (folders of articles, or files cut at their
headword lines), article by article."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from ..terminal import visible
from .common import cli, read_options, reading_options, refuse_output_onto_input, show

__all__ = ["compare"]

COMPARE_EPILOG = """\b
Examples:
  variorum compare 1949/ 1953/
  variorum compare 1949=ed1949/ 1953=ed1953/ --format json -o comparison.json
  variorum compare A=first.txt B=second.txt --split '^[A-Z][A-Z -]+$' --format csv
  variorum compare 1949=bse1949.md 1953=bse1953.md --split headwords
  variorum compare 2017=crawl-2017.warc.gz 2018=crawl-2018.warc.gz
  variorum compare old/ new/ --workers 2 --resume
  variorum compare 1949/ 1953/ --format html -o comparison/
"""


@cli.command(epilog=COMPARE_EPILOG)
@click.argument("editions", nargs=-1, required=True, metavar="EDITION...")
@click.option("--split", metavar="REGEX|headwords",
              help="An edition that is one file is cut into articles at the lines this "
                   "pattern matches (at their start); the headword is its first group, or "
                   "the matched text. 'headwords': the built-in rule for dictionaries, an "
                   "entry opens with a bold (**X**, <b>X</b>) or upper-case (X, followed "
                   "by punctuation) headword at the start of a line.")
@click.option("--format", "format_", type=click.Choice(["text", "json", "csv", "html"]),
              default="text", show_default=True,
              help="Output format (json: schema variorum.comparison/1; html: a folder, "
                   "given with -o, of an index page and one collation page per article "
                   "whose versions differ).")
@click.option("-o", "--output", metavar="PATH",
              help="Write here instead of standard output (with --format html: a folder).")
@click.option("--normalize", metavar="LAYER,...", default="nfc,typography,compat,case",
              show_default=True, help="Matching layers of the collations (as in collate).")
@click.option("--erasures/--no-erasures", default=True, show_default=True,
              help="Report the names, numbers and sentences each article lost or gained.")
@click.option("--people/--no-people", default=True, show_default=True,
              help="Read the people of every article into one register for the edition: "
                   "who is named in one edition and in no article of the next, whose own "
                   "article was dropped or cut by more than half, whose fate changed.")
@click.option("--workers", type=click.IntRange(min=1), metavar="N",
              help="Collate on N local worker processes (Dask).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Collate on an existing Dask cluster (workers must see --work-dir).")
@click.option("--work-dir", metavar="DIR", type=click.Path(file_okay=False),
              help="Where the collations' results are written (default: a folder named "
                   "after the editions in the temporary folder).")
@click.option("--resume", is_flag=True,
              help="Keep the results an interrupted run wrote for the same files and "
                   "options, and collate only the rest.")
@click.option("--keep-work", is_flag=True, help="Keep the work folder after a run.")
@click.option("--csv-bom", is_flag=True,
              help="CSV: begin with a byte-order mark (spreadsheets that need it for UTF-8).")
@reading_options
def compare(editions: tuple[str, ...], split: str | None, format_: str, output: str | None,
            normalize: str, erasures: bool, people: bool, workers: int | None,
            scheduler: str | None, work_dir: str | None, resume: bool, keep_work: bool,
            csv_bom: bool, **reading: Any) -> None:
    """Match the articles of two or more EDITIONs (in order), collate each matched group,
    and report every article as same, changed, added, dropped, renamed, merged or split.

    An EDITION is a folder (one article per file, any format collate reads; the key is the
    path relative to the folder, without its extension), a WARC capture (.warc or
    .warc.gz: one article per URL, the key the URL without its scheme, www. and trailing
    slash) or, with --split, one file cut at its headword lines. LABEL=PATH names an
    edition (default: the folder's or file's name).
    Articles are matched by key (case and accents aside), then what is left by content.
    The work folder is kept when a run is interrupted, so that --resume can go on from it.
    """
    import re

    from ..collation.options import CollateOptions
    from ..compare import compare_editions
    from ..compare.pipeline import remove_work
    from ..find.runner import make_runner
    from ..ingest import distinct_ids, parse_label
    from ..reports import ReportOptions, render
    from .common import settings

    if len(editions) < 2:
        raise click.UsageError("compare needs at least two editions")
    if format_ == "html" and not output:
        raise click.UsageError("--format html writes a folder: give it with -o DIR")
    if workers is not None and scheduler is not None:
        raise click.UsageError("give --workers or --scheduler, not both")
    if split == "":
        raise click.BadParameter("an empty pattern: give the pattern of the headword lines "
                                 "or 'headwords'", param_hint="--split")
    if split is not None and split != "headwords":
        try:
            re.compile(split)
        except re.error as error:
            raise click.BadParameter(f"{split!r} is not a pattern: {error}",
                                     param_hint="--split") from None
    parsed = [parse_label(edition) for edition in editions]
    paths = [path.rstrip("/") or path for _, path in parsed]
    refuse_output_onto_input(output, paths)
    _refuse_inside_editions(output, "-o", paths, folder=format_ == "html")
    _refuse_inside_editions(work_dir, "--work-dir", paths, folder=False)
    if output and output != "-" and not Path(output).resolve().parent.is_dir():
        # before the work: a report that cannot be written would waste the whole run
        raise _Refused(f"-o {visible(output)}: the folder it would be written in does not "
                       f"exist")
    named = iter(distinct_ids([p for (label, _), p in zip(parsed, paths, strict=True)
                               if label is None]))
    labels = [label or next(named) for label, _ in parsed]
    with settings("--normalize"):
        collate_options = CollateOptions.parse(normalize=normalize, erasures=erasures)
    read = read_options(**reading)
    work = Path(work_dir) if work_dir else _default_work(paths, split)
    finished = False
    try:
        with make_runner(scheduler, workers) as runner, _progress() as say:
            result = compare_editions(list(zip(labels, paths, strict=True)), work_dir=work,
                                      split=split, read=read, collate=collate_options,
                                      runner=runner, resume=resume, people=people,
                                      html=format_ == "html", progress=say)
        if format_ == "html":
            from ..reports.comparison_html import write_site

            assert output is not None
            write_site(result, output)
        elif format_ == "text":
            show(render(result, format_, ReportOptions(bom=csv_bom)), output, paths,
                 page=True)
        else:  # written a piece at a time from the work folder, before it is removed
            from ..output import write_output
            from ..reports.comparison import iter_report

            write_output(iter_report(result, format_, ReportOptions(bom=csv_bom)), output,
                         inputs=paths)
        finished = True
    finally:
        written = work.is_dir() and any((work / "results").glob("*.json"))
        if (finished or not written) and not keep_work:
            remove_work(work)  # nothing an interrupted run could reuse
        elif not finished:
            click.echo(f"variorum: note: the work folder is kept for --resume: "
                       f"{visible(str(work))}", err=True)
    if keep_work:
        click.echo(f"variorum: note: the work folder is kept: {visible(str(work))}", err=True)


class _Refused(click.ClickException):
    """A usage refused in one line (``Error: ...``), with the exit code of a usage error."""

    exit_code = 2


def _refuse_inside_editions(target_text: str | None, option: str, paths: list[str], *,
                            folder: bool) -> None:
    """What compare writes (the report; with ``folder``, a folder it replaces or fills)
    must not stand inside an edition folder: the next run would read it as an article.
    Nor may it be an edition, nor (a folder replaced whole) hold one."""
    if target_text is None or target_text == "-":
        return
    target = Path(target_text).resolve()
    for path in paths:
        source = Path(path).resolve()
        inside = source in target.parents and source.is_dir()
        if target == source:
            why = f"is the edition {visible(path)}"
        elif inside:
            why = (f"stands inside the edition {visible(path)} (what is written there "
                   f"would be read as an article by the next run)")
        elif folder and target in source.parents:
            why = f"would replace a folder holding the edition {visible(path)}"
        else:
            continue
        raise _Refused(f"{option} {visible(target_text)} {why}; give a path outside "
                       f"every edition")


def _default_work(paths: list[str], split: str | None) -> Path:
    """A folder of this user's in the temporary folder, named after the editions (so that a
    run given the same editions again finds it for --resume)."""
    import tempfile

    digest = hashlib.sha256(repr(([os.path.abspath(p) for p in paths], split)).encode())
    folder = Path(tempfile.gettempdir()) / f"variorum-compare-{digest.hexdigest()[:16]}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
        raise click.UsageError(f"{folder} belongs to another user; give --work-dir")
    return folder


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar of the collations on stderr, at a terminal only."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda done, total: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("collating articles", total=None)

        def say(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield say
