"""SIGTERM and SIGINT while a command runs: recorded, and raised in the main thread so that
every ``finally`` runs (temporary outputs and work folders are removed) before it exits.

Python raises a signal's exception wherever the main thread is when it runs the handler, and
some places swallow it: a ctypes callback (numba's compiler calls back into Python through
llvmlite: seen under load, a SIGTERM 0.3 s into ``find`` was lost there and the report was
written), a ``__del__``, a weakref callback. Python prints "Exception ignored" and carries
on. So the handler also records the signal: :func:`check` raises it again where a run goes
on to its next task or commits its output, and the command line's top level reports the run
as terminated or interrupted whatever the command did after the signal.

Without :func:`handled` (the library used from Python) nothing is recorded and
:func:`check` does nothing.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

__all__ = ["Interrupted", "Terminated", "check", "handled", "note", "received", "settle"]


class Terminated(BaseException):
    """SIGTERM."""


class Interrupted(KeyboardInterrupt):
    """SIGINT. A KeyboardInterrupt, so that code catching one (click's) still does; not
    KeyboardInterrupt itself: CPython 3.11 makes ``python -m variorum`` kill itself with
    SIGINT at exit (status -2, not the 130 asked for) once a KeyboardInterrupt — that exact
    type — has left any ``exec`` or ``eval`` of a string (numba and dataclasses run such
    code), even if it was caught afterwards."""


class _State:
    """The signals received since :func:`handled` began (the first decides the outcome),
    and whether the handler still raises (not once the outcome is being reported)."""

    def __init__(self) -> None:
        self.active = False
        self.raising = False
        self.received: list[int] = []


_state = _State()


def _exception(number: int) -> BaseException:
    return Terminated() if number == signal.SIGTERM else Interrupted()


def _on_signal(number: int, frame: Any) -> None:
    _state.received.append(number)
    if _state.raising:
        raise _exception(number)


def note(number: int) -> None:
    """Record a signal that arrived while signals were held (delivered later, or lost if
    that delivery is swallowed too)."""
    if _state.active:
        _state.received.append(number)


def received() -> int | None:
    """The first signal received while :func:`handled` is active, or None."""
    return _state.received[0] if _state.active and _state.received else None


def check() -> None:
    """Raise the first signal's exception again if one was received: its first raising
    may have been swallowed. For the points where a run goes on to more work or commits
    its output; not for ``finally`` blocks (the exception may be on its way already)."""
    if _state.raising and _state.received:
        raise _exception(_state.received[0])


def settle() -> None:
    """From now on signals are only recorded: the command's outcome is being reported."""
    _state.raising = False


@contextlib.contextmanager
def handled() -> Iterator[None]:
    """Handle SIGTERM, and SIGINT unless it is ignored or someone else's (a shell's
    background job ignores it), inside the block; in the main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous: dict[int, Any] = {signal.SIGTERM: signal.signal(signal.SIGTERM, _on_signal)}
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        previous[signal.SIGINT] = signal.signal(signal.SIGINT, _on_signal)
    _state.received.clear()
    _state.active = _state.raising = True
    hook = sys.unraisablehook
    sys.unraisablehook = functools.partial(_unraisable, hook)
    try:
        yield
    finally:
        _state.active = _state.raising = False
        sys.unraisablehook = hook
        for number, handler in previous.items():
            signal.signal(number, handler)


def _unraisable(hook: Callable[[Any], object], unraisable: Any) -> None:
    """Python's "Exception ignored" for the signals' exceptions swallowed where they were
    raised is left out: the signal was recorded, and takes effect. Others are shown."""
    if not isinstance(unraisable.exc_value, Terminated | Interrupted):
        hook(unraisable)
