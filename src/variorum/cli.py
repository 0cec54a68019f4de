"""The command line: a thin click layer over the library.

Every handled error is one line on stderr and exit status 1; usage errors exit 2; no
traceback reaches the user.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import __version__
from .errors import VariorumError
from .output import write_output
from .reports import formats as report_formats
from .terminal import visible

__all__ = ["main"]

if TYPE_CHECKING:
    from .ingest.options import ReadOptions

F = TypeVar("F", bound=Callable[..., Any])

COLLATE_EPILOG = """\b
Examples:
  variorum collate 1938.txt 1953.txt
  variorum collate A=first.txt B=second.txt --format json -o collation.json
  variorum collate --input witnesses.json --format collatex-json
"""


def _wants_color(output: str | None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def _refuse_output_onto_input(output: str | None, inputs: list[str]) -> None:
    """Fail before any work when ``-o`` names one of the inputs (the writer checks again)."""
    if output is None or output == "-":
        return
    from .output import is_one_of

    source = is_one_of(output, inputs)
    if source is not None:
        raise click.BadParameter(f"{output!r} is one of the inputs ({source}); it would be "
                                 "overwritten", param_hint="-o/--output")


def _needs_pager(document: str) -> bool:
    """Page a report longer than the screen, only when a person is at the terminal."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()) or os.environ.get("TERM") == "dumb":
        return False
    import shutil

    return document.count("\n") >= shutil.get_terminal_size().lines


PROGRESS_MIN_CHARS = 2_000_000  # below this a collation takes well under a second


@contextlib.contextmanager
def _progress(size: int) -> Iterator[Callable[[str], None]]:
    """A spinner with the current stage on stderr, for long runs on a terminal only."""
    if size < PROGRESS_MIN_CHARS or not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda stage: None
        return
    from rich.console import Console

    with Console(stderr=True).status("collating") as status:
        yield lambda stage: status.update(stage)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="variorum")
def cli() -> None:
    """variorum: compare and confront the successive editions of a text."""


def _read_options(encoding: str | None, max_bytes: int, tei_view: str,
                  tei_notes: bool) -> ReadOptions:
    from .ingest.options import ReadOptions

    return ReadOptions(encoding=encoding, max_bytes=max_bytes,
                       tei_view="reg" if tei_view == "reg" else "orig", tei_notes=tei_notes)


def reading_options(function: F) -> F:
    """The options every command that reads sources shares."""
    from .ingest.options import DEFAULT_MAX_BYTES

    for option in reversed([
        click.option("--encoding", metavar="NAME",
                     help="Decode sources with this encoding instead of detecting it."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
                     show_default=True, help="Refuse sources larger than this."),
        click.option("--tei-view", type=click.Choice(["orig", "reg"]), default="orig",
                     show_default=True,
                     help="TEI: original (orig/sic/abbr) or regularized (reg/corr/expan)."),
        click.option("--tei-notes", is_flag=True, help="TEI: keep <note> text."),
    ]):
        function = option(function)
    return function


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
              help="Least tokens in a moved block reported as a transposition (0: off).")
@click.option("--erasures/--no-erasures", default=True, show_default=True,
              help="Report the names, numbers and sentences one edition has and another lacks "
                   "(about 1 s per 100,000 words of each witness; --no-erasures for speed).")
@click.option("--csv-bom", is_flag=True,
              help="CSV: begin with a byte-order mark (spreadsheets that need it for UTF-8).")
@reading_options
def collate(sources: tuple[str, ...], input_json: str | None, format_: str,
            output: str | None, base: str | None, ignore: str, normalize: str,
            min_transposition: int, erasures: bool, csv_bom: bool, encoding: str | None,
            max_bytes: int, tei_view: str, tei_notes: bool) -> None:
    """Collate two or more editions word by word and report where they differ.

    Each SOURCE is a path, or LABEL=PATH to name the witness (default: the file name
    without its extension). A source holding several texts (a DOCX with tracked changes, a
    WARC capture) gives several witnesses, named SOURCE#part.
    """
    from .collation.pipeline import collate as collate_witnesses
    from .ingest import parse_label, read_source
    from .model import ACCIDENTAL_CLASSES, SUBSTANTIVE_CLASSES
    from .reports import ReportOptions, render

    inputs = [parse_label(source)[1] for source in sources] + ([input_json] if input_json else [])
    _refuse_output_onto_input(output, inputs)
    options = _read_options(encoding, max_bytes, tei_view, tei_notes)
    witnesses = []
    if input_json:
        from .ingest.collatex import read_collatex_input

        witnesses += read_collatex_input(input_json, max_bytes=max_bytes)
    for source in sources:
        witnesses += read_source(source, options=options)
    hidden = frozenset(name.strip() for name in ignore.split(",") if name.strip())
    unknown = hidden - set(ACCIDENTAL_CLASSES) - set(SUBSTANTIVE_CLASSES)
    if unknown:
        raise click.BadParameter(f"unknown class {', '.join(sorted(unknown))}",
                                 param_hint="--ignore")
    if len(witnesses) == 1 and not input_json:
        # One source: collate its repeated passages with one another.
        from .find.repeats import collate_repeats, render_repeats

        single_options = ReportOptions(ignore=hidden, color=_wants_color(output), bom=csv_bom)

        def collate_group(copies: list[Any]) -> Any:
            return collate_witnesses(copies, base=base, normalize=normalize,
                                     min_transposition=min_transposition, erasures=erasures)

        repeats = collate_repeats(witnesses[0], collate_with=collate_group)
        document, note = render_repeats(
            repeats, format_, lambda result: render(result, format_, single_options))
        write_output(document, output, inputs=inputs)
        if note:
            click.echo(f"variorum: note: {visible(note)}", err=True)
        return
    if len(witnesses) < 2:
        raise VariorumError(
            f"collate needs at least two witnesses, got {len(witnesses)}",
            hint="give two or more files, or one file holding repeated passages",
        )
    with _progress(sum(len(w.text) for w in witnesses)) as say:
        result = collate_witnesses(witnesses, base=base, normalize=normalize,
                                   min_transposition=min_transposition, progress=say,
                                   erasures=erasures)
    report_options = ReportOptions(ignore=hidden, color=_wants_color(output), bom=csv_bom)
    document = render(result, format_, report_options)
    if format_ == "text" and output is None and _needs_pager(document):
        # None lets click keep colours for `less` (it sets LESS=-R); False strips them.
        click.echo_via_pager(document.removesuffix("\n"),  # the pager adds a newline
                             color=None if report_options.color else False)
    else:
        write_output(document, output, inputs=inputs)


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
         work_dir: str | None, keep_work: bool, encoding: str | None, max_bytes: int,
         tei_view: str, tei_notes: bool) -> None:
    """Find passages that are versions of one another, inside and across documents.

    Each PATH is a file (text, HTML, PDF, DOCX, EPUB, TEI, WARC, ...) or a folder, read
    recursively. Matching is on repaired, normalized words, so mojibake, OCR errors, light
    edits, truncation and re-ordered paragraphs do not hide a copy. Unreadable files are
    reported and skipped. A file given more than once (or inside a folder also given) is
    read once. The work folder is removed at the end, also on an error or an interruption,
    unless --keep-work.
    """
    from .find import FindSettings
    from .find import find as find_passages
    from .find.pipeline import check_work_dir, gather_sources
    from .find.runner import make_runner
    from .reports.find import render_find

    if workers is not None and scheduler is not None:
        raise click.UsageError("give --workers or --scheduler, not both")
    _refuse_output_onto_input(output, list(paths))
    settings = FindSettings(min_words=min_words, threshold=threshold,
                            scope="all" if scope is None else scope)  # type: ignore[arg-type]
    check_work_dir(work_dir)  # missing: said before any work
    listing = gather_sources(paths)
    sources = listing.files
    if listing.repeated:
        click.echo(f"variorum: note: {listing.repeated} "
                   f"file{' was' if listing.repeated == 1 else 's were'} given more than once "
                   "(the same path, or inside a folder also given) and read once", err=True)
    options = _read_options(encoding, max_bytes, tei_view, tei_notes)
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
    write_output(render_find(result, format_), output, inputs=paths)
    if result.skipped:
        click.echo(f"variorum: skipped {len(result.skipped)} unreadable "
                   f"source{'' if len(result.skipped) == 1 else 's'} of {len(sources)}",
                   err=True)


@contextlib.contextmanager
def _find_progress() -> Iterator[Any]:
    """A progress bar per stage on a terminal; nothing on a pipe or under CI."""
    from .find import Progress

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
           encoding: str | None, max_bytes: int, tei_view: str, tei_notes: bool) -> None:
    """Undo encoding damage (mojibake) in SOURCE and say exactly what was changed.

    The text is read as collate reads it (format, encoding); the repaired text is printed,
    or with --log each repaired span (offsets into the text as found, damaged and repaired
    string, reason, suspect) and each place of damage that could not be repaired.
    """
    from .ingest import parse_label, read_source
    from .reports.repair import render_repair

    inputs = [parse_label(source)[1]]
    _refuse_output_onto_input(output, inputs)
    witnesses = read_source(source, options=_read_options(encoding, max_bytes, tei_view,
                                                          tei_notes))
    write_output(render_repair(witnesses, format_, log=show_log), output, inputs=inputs)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``finally`` runs (temporary output
    and work folders are removed) before the command exits."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``variorum`` command."""
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return _main(argv)
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


def _main(argv: list[str] | None) -> int:
    try:
        cli.main(args=argv, prog_name="variorum", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("variorum: interrupted", err=True)
        return 130
    except Terminated:
        click.echo("variorum: terminated", err=True)
        return 143
    except click.ClickException as error:
        import io

        shown = io.StringIO()
        error.show(file=shown)  # its message may quote a file name: escaped line by line
        for line in shown.getvalue().splitlines():
            click.echo(visible(line), err=True)
        return error.exit_code
    except VariorumError as error:
        click.echo(f"variorum: error: {visible(error.one_line())}", err=True)
        return 1
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except MemoryError:
        click.echo("variorum: error: out of memory (try fewer or smaller witnesses)", err=True)
        return 1
    except Exception as error:  # a bug: one line to report, the traceback only if asked
        if os.environ.get("VARIORUM_TRACEBACK"):
            raise
        click.echo(f"variorum: internal error: {visible(_bug_line(error))} (this is a bug in "
                   "variorum: please report it with the command that caused it; set "
                   "VARIORUM_TRACEBACK=1 to see where it happened)", err=True)
        return 1
    return 0


def _bug_line(error: BaseException) -> str:
    """The exception and the innermost frame of variorum's own code, on one line."""
    import traceback

    where = ""
    for frame in traceback.extract_tb(error.__traceback__):
        if "variorum" in frame.filename:
            where = f" at {Path(frame.filename).name}:{frame.lineno}"
    message = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}{': ' + message if message else ''}{where}"


def run() -> None:
    """Console-script entry point: exit with :func:`main`'s status."""
    sys.exit(main())
