"""Writing a command's output: atomically, never onto one of its inputs, nothing left behind.

The document goes to a new file with a random name in the target's folder (created with
``O_EXCL`` by :func:`tempfile.mkstemp`, so a file or symbolic link planted there is never
followed or reused, and two runs writing the same target never share one), is flushed to
disk, and then renamed over the target in one step: a reader sees the old report or the new
one, never half of one. On any failure, or when the command is interrupted or terminated,
the temporary file is removed.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from . import interrupts
from .errors import OutputError
from .terminal import visible

__all__ = ["is_one_of", "write_output"]


def write_output(document: str | bytes | Iterable[str], output: str | None, *,
                 inputs: Iterable[str] = ()) -> None:
    """Write ``document`` (UTF-8 if text; pieces of text are written as they come, so
    that a long report need not be in memory whole) to ``output``, or to standard output
    when it is ``None`` or ``-``. Refuses an ``output`` that is one of ``inputs`` (files,
    or folders whose files are read)."""
    interrupts.check()  # a signal swallowed where it was raised: no report
    if output is None or output == "-":
        if isinstance(document, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(document)
            sys.stdout.buffer.flush()
        else:
            for piece in [document] if isinstance(document, str) else document:
                sys.stdout.write(piece)
            sys.stdout.flush()
        return
    # A lone surrogate cannot be UTF-8; the reports escape them, this is the last guard.
    data: Iterable[bytes] = [document] if isinstance(document, bytes) else (
        piece.encode("utf-8", "replace")
        for piece in ([document] if isinstance(document, str) else document))
    shown = visible(output)
    if os.path.isdir(output):
        raise OutputError(f"{shown}: is a folder", hint="give -o a file name, e.g. "
                            f"{shown.rstrip('/')}/report.txt")
    source = is_one_of(output, inputs)
    if source is not None:
        raise OutputError(f"{shown}: is one of the inputs ({visible(source)}); it would "
                            "be overwritten", hint="write the report to another file")
    try:
        found = os.stat(output)
    except OSError:
        found = None
    if found is not None and not stat.S_ISREG(found.st_mode):
        # A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written as it is: replaced
        # like a report file, it would become a plain file where the device was.
        try:
            with open(output, "wb") as handle:
                handle.writelines(data)
        except OSError as error:
            raise _cannot_write(shown, error) from None
        return
    target = Path(output)
    try:
        descriptor, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    except OSError as error:
        raise _cannot_write(shown, error) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(target))
        interrupts.check()  # the report's pieces may have been made in the meantime
        os.replace(temporary, target)
    except BaseException as error:  # interrupted or failed: leave nothing behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _cannot_write(shown, error) from None
        raise
    _sync_folder(target.parent)


def _cannot_write(shown: str, error: OSError) -> OutputError:
    return OutputError(f"{shown}: cannot write: {error.strerror or error}",
                         hint="check that the folder exists, is writable and has room")


def _mode_for(target: Path) -> int:
    """The permissions a new file gets from the umask (mkstemp makes it private), or those
    of the file it replaces."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def is_one_of(output: str, inputs: Iterable[str]) -> str | None:
    """The input ``output`` would overwrite: the same file (through any link), or a file
    inside an input folder that the folder's reading takes in (not hidden). None if none."""
    try:
        written = os.stat(output)
    except OSError:
        return None  # a file that does not exist yet is no input
    real = os.path.realpath(output)
    for source in inputs:
        try:
            info = os.stat(source)
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode):
            inside = os.path.relpath(real, os.path.realpath(source))
            parts = Path(inside).parts
            if parts and parts[0] != ".." and not any(p.startswith(".") for p in parts):
                return source
        elif (info.st_dev, info.st_ino) == (written.st_dev, written.st_ino):
            return source
    return None
