"""The one exception hierarchy of variorum.

Every error that a user can cause is a :class:`VariorumError`; the command line turns it
into a one-line message and exit status 1, so a user never sees a traceback::

    VariorumError
    ├── InputError              a source cannot be read or is not usable text
    │   ├── TooLargeError       a source is over the size limit (``--max-bytes``)
    │   ├── EncodingError       the bytes do not decode as the expected encoding
    │   └── FormatError         a structured input (CollateX JSON, ...) is malformed
    ├── SettingsError           an option has a value it cannot take (a layer, a class)
    ├── CollationError          the witnesses cannot be collated as asked
    │   │                       (too few, duplicate ids, unknown base, ...)
    │   └── UnknownWitnessError no witness has that id (also a KeyError)
    ├── ReportError             no writer for that format and result
    ├── OutputError             the report cannot be written where asked
    └── RunError                a corpus job's runner failed (a cluster lost, a work folder
                                missing or full)
"""

from __future__ import annotations

__all__ = ["CollationError", "EncodingError", "FormatError", "InputError", "OutputError",
           "ReportError", "RunError", "SettingsError", "TooLargeError", "UnknownWitnessError",
           "VariorumError"]


class VariorumError(Exception):
    """Base of every error variorum raises on purpose.

    ``message`` says what went wrong and where; ``hint`` says what to try next.
    """

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        """The message and the hint, runs of spaces made one, as the command line prints it
        (through :func:`variorum.terminal.visible`, which writes a newline or a control
        character that a file name brings as an escape: the line stays one line)."""
        text = self.message if not self.hint else f"{self.message} ({self.hint})"
        return " ".join(part for part in text.strip(" ").split(" ") if part)


class InputError(VariorumError):
    """A source cannot be read or does not hold usable text."""


class TooLargeError(InputError):
    """A source is over the size limit; ``size`` is what it holds (at least), ``limit`` the
    limit, so that a command can say what reading it would cost."""

    def __init__(self, message: str, *, size: int, limit: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.size = size
        self.limit = limit


class EncodingError(InputError):
    """The bytes of a source do not decode as expected."""


class FormatError(InputError):
    """A structured input is malformed."""


class CollationError(VariorumError):
    """The witnesses cannot be collated as asked."""


class SettingsError(VariorumError):
    """An option has a value it cannot take (an unknown layer or class)."""


class UnknownWitnessError(CollationError, KeyError):
    """No witness of the collation has the id asked for."""

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.message


class ReportError(VariorumError):
    """No writer is registered for that format and kind of result."""


class OutputError(VariorumError):
    """The report cannot be written where asked (a folder, one of the inputs, a full disk)."""


class RunError(VariorumError):
    """A corpus job's runner failed: a Dask cluster lost or unreachable, a worker killed, the
    work folder missing or full."""
