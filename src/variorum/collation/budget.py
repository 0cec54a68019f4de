"""What collating a given amount of text costs, estimated before any work is done.

Fitted to ``benchmarks/bench_memory.py`` (the ``variorum collate --format json`` command on
generated two-witness inputs of 10 to 200 MB in all, multi-line and single-line, and on one
source holding a repeated passage): peak memory and time grow linearly with the text, with
a fixed part for the interpreter and its tables. The erasure report (names found word by
word in Python) costs more than the collation itself. The estimates are rounded up from the
worst shape measured, so a run takes at most about this much on a machine like the one they
were measured on (2 cores); a faster machine takes less time, never less memory.

>>> estimated_peak_bytes(200_000_000, erasures=False) > estimated_peak_bytes(10_000_000, False)
True
>>> print(budget_message(205_000_000, erasures=True))
collating these witnesses (205 MB of text) would take about 8.1 GB of memory and 6 minutes
"""

from __future__ import annotations

__all__ = ["budget_message", "estimated_peak_bytes", "estimated_seconds"]

MB = 1_000_000

FIXED_BYTES = 300 * MB  # the interpreter, numpy, the code-point tables, numba for one source
# Peak memory per byte of text (all witnesses together), measured worst case.
PEAK_PER_BYTE = {False: 20.0, True: 38.0}
# Seconds per MB of text on the measuring machine, measured worst case.
SECONDS_PER_MB = {False: 0.65, True: 1.75}
FIXED_SECONDS = 1.0


def estimated_peak_bytes(total_text_bytes: int, erasures: bool) -> int:
    """Peak resident memory of collating ``total_text_bytes`` of text (all witnesses
    together, as read from their files), with or without the erasure report."""
    if total_text_bytes < 0:
        raise ValueError("a size cannot be negative")
    return FIXED_BYTES + int(PEAK_PER_BYTE[erasures] * total_text_bytes)


def estimated_seconds(total_text_bytes: int, erasures: bool) -> float:
    """Wall time of the same collation, in seconds, on the measuring machine."""
    if total_text_bytes < 0:
        raise ValueError("a size cannot be negative")
    return FIXED_SECONDS + SECONDS_PER_MB[erasures] * total_text_bytes / MB


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} seconds"
    return f"{round(seconds / 60)} minutes"


def _size(count: int) -> str:
    if count >= 1_000 * MB:
        return f"{count / (1_000 * MB):.1f} GB"
    return f"{round(count / MB)} MB"


def budget_message(total_text_bytes: int, erasures: bool) -> str:
    """What such a collation would take, in words, for an error message."""
    peak = estimated_peak_bytes(total_text_bytes, erasures)
    seconds = estimated_seconds(total_text_bytes, erasures)
    return (f"collating these witnesses ({_size(total_text_bytes)} of text) would take about "
            f"{_size(peak)} of memory and {_duration(seconds)}")
