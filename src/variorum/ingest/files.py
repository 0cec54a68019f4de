"""Opening a source: only a regular file, with a one-line error for anything else.

A FIFO or a terminal would block the reader for ever and a device such as ``/dev/zero``
never ends, so the file is opened without blocking and refused unless it is a regular file;
the check is made on the open file (``fstat``), so what is read is what was checked.
"""

from __future__ import annotations

import errno
import io
import os
import stat

from ..errors import InputError

__all__ = ["file_kind", "open_source"]

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def file_kind(mode: int) -> str:
    """What a file that is not regular is, in words (``a named pipe (FIFO)``)."""
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def _refusal(path_text: str, error: OSError) -> InputError:
    if error.errno == errno.ENOENT:
        if os.path.islink(path_text):
            return InputError(f"{path_text}: is a broken symbolic link (what it points to "
                              "does not exist)", hint="check the link's target")
        return InputError(f"{path_text}: no such file", hint="check the path")
    if error.errno == errno.ELOOP:
        return InputError(f"{path_text}: symbolic links in a loop (the link leads back to "
                          "itself)", hint="point the link at a file")
    return InputError(f"{path_text}: cannot be read: {error.strerror or error}",
                      hint="check the path and its permissions")


def open_source(path_text: str) -> io.BufferedReader:
    """The file at ``path_text`` opened for reading in binary; an :class:`InputError` if it
    is missing, unreadable, a folder, or not a regular file (FIFO, socket, device)."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one.
        descriptor = os.open(path_text, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise _refusal(path_text, error) from None
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path_text}: is a folder, not a file",
                             hint="give the files inside it, e.g. "
                                  f"{path_text.rstrip('/')}/*.txt")
        if not stat.S_ISREG(mode):
            raise InputError(f"{path_text}: is {file_kind(mode)}, not a regular file",
                             hint="variorum reads only regular files; save the data to a "
                                  "file first")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
