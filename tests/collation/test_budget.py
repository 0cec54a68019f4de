"""The memory and time budget of a collation, and the pieces that keep large inputs lean."""

from __future__ import annotations

import numpy as np
import pytest

from variorum.collation.align.anchors import id_list
from variorum.collation.budget import budget_message, estimated_peak_bytes, estimated_seconds
from variorum.ingest import repair
from variorum.ingest.options import DEFAULT_MAX_BYTES

MB = 1_000_000

# Measured by benchmarks/bench_memory.py after this round's changes (total text MB,
# erasures, peak RSS MB, seconds): the worst of multi-line, single-line and one source.
MEASURED = [
    (10, False, 464, 4.2), (50, False, 1_185, 19.2), (100, False, 2_291, 66.5),
    (200, False, 3_697, 127.5),
    (10, True, 661, 16.4), (50, True, 2_082, 76.5), (100, True, 3_720, 175.6),
]


@pytest.mark.parametrize(("megabytes", "erasures", "peak_mb", "seconds"), MEASURED)
def test_estimates_bound_what_was_measured(megabytes: int, erasures: bool, peak_mb: int,
                                           seconds: float) -> None:
    peak = estimated_peak_bytes(megabytes * MB, erasures)
    assert peak_mb * MB <= peak <= 1.6 * peak_mb * MB
    assert estimated_seconds(megabytes * MB, erasures) >= 0.8 * seconds


def test_estimates_grow_with_the_text_and_the_erasure_report() -> None:
    for erasures in (False, True):
        sizes = [0, MB, 10 * MB, 100 * MB, 1_000 * MB]
        peaks = [estimated_peak_bytes(size, erasures) for size in sizes]
        assert peaks == sorted(peaks) and len(set(peaks)) == len(peaks)
    assert estimated_peak_bytes(50 * MB, True) > estimated_peak_bytes(50 * MB, False)
    assert estimated_seconds(50 * MB, True) > estimated_seconds(50 * MB, False)
    with pytest.raises(ValueError):
        estimated_peak_bytes(-1, False)


def test_message_says_memory_and_time() -> None:
    message = budget_message(205 * MB, erasures=True)
    assert message.startswith("collating these witnesses (205 MB of text) would take about ")
    assert " GB of memory and " in message and message.endswith(" minutes")
    assert budget_message(2 * MB, erasures=False).endswith("seconds")


def test_default_limit_lets_two_sources_finish_in_a_few_gigabytes() -> None:
    # Two sources at the default limit, collated with the erasure report (the default).
    total = 2 * DEFAULT_MAX_BYTES
    assert estimated_peak_bytes(total, erasures=True) < 4_000 * MB
    assert estimated_seconds(total, erasures=True) < 180


def test_id_list_is_tolist_with_shared_ints() -> None:
    ids = np.array([4, 0, 4, 2, 4, 1], dtype=np.int64)
    listed = id_list(ids)
    assert listed == ids.tolist() and all(type(value) is int for value in listed)
    assert listed[0] is listed[2] is listed[4]
    assert id_list(np.zeros(0, dtype=np.int64)) == []
    assert id_list(np.array([-1, 5], dtype=np.int64)) == [-1, 5]


def test_flags_by_blocks_equal_flags_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "their job wonâ€™t be easy \U0001f600 Ã  the Committeeâ€™a Georgian \x85 end" * 7
    whole = repair._flags(text)
    monkeypatch.setattr(repair, "_FLAG_BLOCK", 5)
    assert np.array_equal(repair._flags(text), whole)
    assert repair.repair_log(text).repairs


def test_word_count_of_a_long_span_is_that_of_split(monkeypatch: pytest.MonkeyPatch) -> None:
    from variorum.find import repeats

    text = "  Une\u00a0ligne,  d'un seul\ttenant;\u2003sans fin  " * 50 + "fin."
    monkeypatch.setattr(repeats, "_LONG_SPAN", 0)
    for start, end in ((2, len(text)), (3, 400), (10, 11), (7, 7)):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        assert repeats._word_count(text, start, end) == len(text[start:end].split())


def test_heading_test_reads_in_place() -> None:
    from variorum.find.repeats import _is_heading

    text = "Body. Chapter Two\n\nWords " + "and more words " * 10
    assert _is_heading(text, 6, 17)
    assert not _is_heading(text, 19, len(text))
    assert not _is_heading(text, 0, 5)  # ends a sentence
