"""What the commands share: the group, the reading options, colour, pager, progress, and the
check that ``-o`` is not an input."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .. import __version__
from ..errors import SettingsError, TooLargeError
from ..terminal import visible

if TYPE_CHECKING:
    from ..ingest.options import ReadOptions
    from ..model import Witness

__all__ = ["cli", "progress", "read_options", "reading_options", "refuse_output_onto_input",
           "settings", "show", "too_large", "wants_color"]

F = TypeVar("F", bound=Callable[..., Any])


# Each command's module, imported when the command is run or listed (start-up: a run of one
# command does not import the others and what they need).
COMMAND_MODULES = {name: f"{__package__}.{name}"
                   for name in ("collate", "compare", "find", "history", "people", "repair")}


class _LazyGroup(click.Group):
    """The group of commands, each registered by its module on first need."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            import importlib

            # An unknown name loads them all, so that the error suggests the nearest.
            for name in [cmd_name] if cmd_name in COMMAND_MODULES else COMMAND_MODULES:
                importlib.import_module(COMMAND_MODULES[name])  # registers the command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="variorum")
def cli() -> None:
    """variorum: compare and confront the successive editions of a text."""


def wants_color(output: str | None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def refuse_output_onto_input(output: str | None, inputs: list[str]) -> None:
    """Fail before any work when ``-o`` names one of the inputs (the writer checks again)."""
    if output is None or output == "-":
        return
    from ..output import is_one_of

    source = is_one_of(output, inputs)
    if source is not None:
        raise click.BadParameter(f"{output!r} is one of the inputs ({source}); it would be "
                                 "overwritten", param_hint="-o/--output")


@contextlib.contextmanager
def settings(option: str) -> Iterator[None]:
    """A value the library's options refuse is a usage error of that option."""
    try:
        yield
    except SettingsError as error:
        raise click.BadParameter(error.one_line(), param_hint=option) from None


@contextlib.contextmanager
def too_large(erasures: bool, inputs: list[str]) -> Iterator[None]:
    """A source over --max-bytes: the error says what collating all the inputs (their file
    sizes together, the refused one's at least) would cost."""
    try:
        yield
    except TooLargeError as error:
        from ..collation.budget import budget_message

        sizes = []
        for path in inputs:  # the refused source is one of them
            with contextlib.suppress(OSError):
                sizes.append(os.path.getsize(path))
        total = max(error.size, sum(sizes))
        raise TooLargeError(error.message, size=error.size, limit=error.limit,
                            hint=f"{budget_message(total, erasures)}; raise the limit "
                                 "with --max-bytes if this machine has that") from None


def _needs_pager(document: str) -> bool:
    """Page a report longer than the screen, only when a person is at the terminal."""
    if not (sys.stdout.isatty() and sys.stdin.isatty()) or os.environ.get("TERM") == "dumb":
        return False
    import shutil

    return document.count("\n") >= shutil.get_terminal_size().lines


def show(document: str, output: str | None, inputs: list[str], *, page: bool = False,
         color: bool = False) -> None:
    """Write the report: atomically to ``output``, else to standard output, through a pager
    when ``page`` and it is longer than the screen."""
    from ..output import write_output

    if page and output is None and _needs_pager(document):
        # None lets click keep colours for `less` (it sets LESS=-R); False strips them.
        click.echo_via_pager(document.removesuffix("\n"),  # the pager adds a newline
                             color=None if color else False)
    else:
        write_output(document, output, inputs=inputs)


PROGRESS_MIN_CHARS = 2_000_000  # below this a collation takes well under a second


@contextlib.contextmanager
def progress(size: int) -> Iterator[Callable[[str], None]]:
    """A spinner with the current stage on stderr, for long runs on a terminal only."""
    if size < PROGRESS_MIN_CHARS or not sys.stderr.isatty() or os.environ.get("CI"):
        yield lambda stage: None
        return
    from rich.console import Console

    with Console(stderr=True).status("collating") as status:
        yield lambda stage: status.update(stage)


def read_options(**reading: Any) -> ReadOptions:
    """The reading options from the values of :func:`reading_options`' options (click has
    checked each against its choices)."""
    from ..ingest.options import ReadOptions

    html_title = not reading.pop("html_no_title", False)
    return ReadOptions(**reading, html_title=html_title)


def reading_options(function: F) -> F:
    """The options every command that reads sources shares."""
    from ..ingest.options import DEFAULT_MAX_BYTES, TEI_VIEWS

    for option in reversed([
        click.option("--encoding", metavar="NAME",
                     help="Decode sources with this encoding instead of detecting it."),
        click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
                     show_default=True, help="Refuse sources larger than this."),
        click.option("--tei-view", type=click.Choice(TEI_VIEWS),
                     default="orig", show_default=True,
                     help="TEI: before revision (del kept, add dropped; orig/sic/abbr), "
                          "after it (add kept, del dropped; reg/corr/expan), or diplomatic "
                          "(both, as [-deleted-]{+added+})."),
        click.option("--tei-notes", is_flag=True, help="TEI: keep <note> text."),
        click.option("--errors", type=click.Choice(["strict", "replace"]), default="strict",
                     show_default=True,
                     help="replace: read bytes that cannot be decoded, and NULs, as U+FFFD, "
                          "each listed as damage with its byte offset, instead of refusing "
                          "the file."),
        click.option("--html-main/--html-all", "html_main", default=True, show_default=True,
                     help="HTML: the main text (trafilatura), or all the visible text."),
        click.option("--html-no-title", "html_no_title", is_flag=True,
                     help="HTML: leave out the page's <title> (by default its first line)."),
    ]):
        function = option(function)
    return function




def read_sources(sources: tuple[str, ...], options: ReadOptions) -> list[Witness]:
    """The witnesses of the sources given on the command line (``PATH`` or ``LABEL=PATH``),
    named by :func:`witness_ids`."""
    from ..ingest import read_source

    witnesses: list[Witness] = []
    for source, witness_id in zip(sources, witness_ids(sources), strict=True):
        witnesses += read_source(source, witness_id=witness_id, options=options)
    return witnesses


def witness_ids(sources: tuple[str, ...]) -> list[str | None]:
    """The id of each source's witness: its label, else its file's stem, else (stems that
    collide) the shortest path telling the files apart, said once on stderr."""
    from ..ingest import distinct_ids, parse_label

    labels, paths = zip(*map(parse_label, sources), strict=True) if sources else ((), ())
    unlabelled = [path for label, path in zip(labels, paths, strict=True) if label is None]
    named = iter(distinct_ids(unlabelled))
    ids = [label or next(named) for label in labels]
    longer = [wid for wid, label, path in zip(ids, labels, paths, strict=True)
              if label is None and wid != distinct_ids([path])[0]]
    if longer:
        click.echo(f"variorum: note: files with the same name are told apart by their paths: "
                   f"{visible(', '.join(longer))} (name them with LABEL=PATH)", err=True)
    return list(ids)
