"""``variorum history`` on a real chain: the first chapter of Darwin's *Origin* in its six
editions (1859-1872, ``../shared/data/darwin``; skipped when absent). Its only ground truth is
paragraph-level: four paragraphs stand only in the fifth and sixth editions (added in 1869)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from variorum.history import History, build_history
from variorum.model import Witness

from ..conftest import SHARED, needs_shared

DARWIN = SHARED / "data" / "darwin" / "darwin_chapter1_paragraphs.json"
ORDER = ["1859", "1860", "1861", "1866", "1869", "1872"]


@cache
def _chain() -> tuple[History, dict[str, list[tuple[int, int, int]]], set[int]]:
    """The history, each edition's paragraphs as (unit, start, end) and the units that
    stand only in 1869 and 1872."""
    units: list[dict[str, Any]] = json.loads(DARWIN.read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = {w: [] for w in ORDER}
    spans: dict[str, list[tuple[int, int, int]]] = {w: [] for w in ORDER}
    for number, unit in enumerate(units):
        for witness in unit["witnesses"]:
            parts = texts[witness["id"]]
            start = sum(len(t) + 2 for t in parts)
            spans[witness["id"]].append((number, start, start + len(witness["content"])))
            parts.append(witness["content"])
    late = {n for n, unit in enumerate(units)
            if {w["id"] for w in unit["witnesses"]} == {"1869", "1872"}}
    history = build_history([Witness.from_text(w, "\n\n".join(texts[w])) for w in ORDER])
    return history, spans, late


def _share(history: History, edition: str, start: int, end: int, introduced: str) -> float:
    k = ORDER.index(edition)
    inside = dated = 0
    for r in history.editions[k].tokens:
        low, high = max(r.start, start), min(r.end, end)
        if low < high:
            inside += high - low
            dated += high - low if r.introduced_in == introduced else 0
    return dated / inside


@needs_shared(DARWIN)
def test_every_range_is_dated_within_the_chain() -> None:
    history, _, _ = _chain()
    for k, edition in enumerate(history.editions):
        for r in edition.tokens:
            assert ORDER.index(r.introduced_in) <= k
            assert r.removed_in is None or ORDER.index(r.removed_in) > k
            # A life alternates: introduced, removed, put back, removed...
            steps = [r.introduced_in]
            for gone, back in zip(r.removals, [*r.reintroduced_in, None], strict=False):
                steps += [gone] + ([back] if back else [])
            assert len(r.reintroduced_in) in (len(r.removals), len(r.removals) - 1)
            order = [ORDER.index(e) for e in steps]
            assert order == sorted(set(order))
    assert history.editions[0].summary.words_added == history.editions[0].summary.words


@needs_shared(DARWIN)
def test_the_paragraphs_added_in_1869_date_from_1869() -> None:
    history, spans, late = _chain()
    assert len(late) == 4
    for unit, start, end in spans["1869"]:
        if unit in late:
            # Mostly new words; a sentence or two moved in from elsewhere keeps its date.
            assert _share(history, "1869", start, end, "1869") >= 0.85
    fifth = history.editions[ORDER.index("1869")].summary
    assert fifth.words_added == max(e.summary.words_added for e in history.editions[1:])


@needs_shared(DARWIN)
def test_the_old_paragraphs_of_1872_mostly_date_from_1859() -> None:
    history, spans, late = _chain()
    inside = dated = 0.0
    for unit, start, end in spans["1872"]:
        if unit not in late:
            size = end - start
            inside += size
            dated += size * _share(history, "1872", start, end, "1859")
    assert dated / inside >= 0.8
    assert history.longest_lived and history.longest_lived[0].editions == len(ORDER)
