"""The command line: a thin click layer over the library, one module per command.

Each command parses its options into the library's option objects, reads its sources, makes
one library call, renders the result through the report registry and writes it. Every
handled error is one line on stderr and exit status 1; usage errors exit 2; no traceback
reaches the user.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from .. import interrupts
from ..errors import VariorumError
from ..interrupts import Terminated
from ..terminal import visible
from .common import cli  # each command's module is imported when the command is asked for

__all__ = ["Terminated", "cli", "main", "run"]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``variorum`` command."""
    if "numpy" not in sys.modules:
        # variorum does no linear algebra: numpy's OpenBLAS need not start a thread per core
        # when it is loaded (start-up, issue 14; on a busy machine that took 70 ms). A value
        # the user set is kept; child processes (compare's workers) inherit it.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    with interrupts.handled():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    """The command's status and its one line (or a usage error's lines). A SIGTERM or SIGINT
    received at any moment makes it "terminated" (143) or "interrupted" (130), whatever the
    command did afterwards: where its exception was first raised, it may have been
    swallowed (see :mod:`variorum.interrupts`), and the run then went on."""
    status, lines = 0, list[str]()
    try:
        try:
            status, lines = _command(argv)
        finally:
            interrupts.settle()  # a signal from now on is only recorded
    except (Terminated, KeyboardInterrupt) as error:  # arrived while the outcome was made
        status, lines = _signalled(
            signal.SIGTERM if isinstance(error, Terminated) else signal.SIGINT)
    number = interrupts.received()
    if number is not None:
        status, lines = _signalled(number)
    for line in lines:
        click.echo(line, err=True)
    return status


def _signalled(number: int) -> tuple[int, list[str]]:
    if number == signal.SIGTERM:
        return 143, ["variorum: terminated"]
    return 130, ["variorum: interrupted"]


def _command(argv: list[str] | None) -> tuple[int, list[str]]:
    """Run the command: its status and the lines to print on stderr."""
    try:
        cli.main(args=argv, prog_name="variorum", standalone_mode=False)
    except click.exceptions.Abort:  # SIGINT, or the end of input at a prompt
        return _signalled(signal.SIGINT)
    except Terminated:
        return _signalled(signal.SIGTERM)
    except click.ClickException as error:
        import io

        shown = io.StringIO()
        error.show(file=shown)  # its message may quote a file name: escaped line by line
        return error.exit_code, [visible(line) for line in shown.getvalue().splitlines()]
    except VariorumError as error:
        return 1, [f"variorum: error: {visible(error.one_line())}"]
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0, []
    except MemoryError:
        return 1, ["variorum: error: out of memory (try fewer or smaller witnesses)"]
    except Exception as error:  # a bug: one line to report, the traceback only if asked
        if os.environ.get("VARIORUM_TRACEBACK") and interrupts.received() is None:
            raise
        return 1, [f"variorum: internal error: {visible(_bug_line(error))} (this is a bug in "
                   "variorum: please report it with the command that caused it; set "
                   "VARIORUM_TRACEBACK=1 to see where it happened)"]
    return 0, []


def _bug_line(error: BaseException) -> str:
    """The exception and the innermost frame of variorum's own code, on one line."""
    import traceback

    # The package's own folder, not any path holding the word "variorum" (a checkout named
    # so holds the tests too, whose frames are not the code's).
    package = Path(__file__).resolve().parent.parent
    where = ""
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename).resolve().is_relative_to(package):
            where = f" at {Path(frame.filename).name}:{frame.lineno}"
    message = " ".join(str(error).split())[:200]
    return f"{type(error).__name__}{': ' + message if message else ''}{where}"


def run() -> None:
    """Console-script entry point: exit with :func:`main`'s status."""
    sys.exit(main())
