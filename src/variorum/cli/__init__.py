"""The command line: a thin click layer over the library, one module per command.

Each command parses its options into the library's option objects, reads its sources, makes
one library call, renders the result through the report registry and writes it. Every
handled error is one line on stderr and exit status 1; usage errors exit 2; no traceback
reaches the user.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..errors import VariorumError
from ..terminal import visible
from .common import cli  # each command's module is imported when the command is asked for

__all__ = ["Terminated", "cli", "main", "run"]


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that every ``finally`` runs (temporary output
    and work folders are removed) before the command exits."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``variorum`` command."""
    import signal
    import threading

    if "numpy" not in sys.modules:
        # variorum does no linear algebra: numpy's OpenBLAS need not start a thread per core
        # when it is loaded (start-up, issue 14; on a busy machine that took 70 ms). A value
        # the user set is kept; child processes (compare's workers) inherit it.
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

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
