"""Changes: the variants that make one act of revision, grouped (contract, wave 2)."""

from __future__ import annotations

import dataclasses
import json

import pytest

import variorum
from variorum.collation.changes import group_changes
from variorum.collation.compare import Comparer
from variorum.errors import SettingsError
from variorum.model import Variant
from variorum.reports import ReportOptions, render

from ..conftest import collate_texts


def changes_of(result: variorum.Collation) -> list[tuple[tuple[int, ...], str, str, str]]:
    """Each change as (variant ids, class, base reading, other reading)."""
    return [(c.variants, c.class_, c.readings["A"].text, c.readings["B"].text)
            for c in result.changes]


def _variants(witnesses: list[variorum.Witness], words: list[dict[str, str]],
              ) -> list[Variant]:
    """Variants at the first occurrence of each witness's word (hand-made places)."""
    variants = []
    for number, reading in enumerate(words, start=1):
        readings = {}
        for witness in witnesses:
            start = witness.text.index(reading[witness.id])
            readings[witness.id] = variorum.Reading(reading[witness.id], start,
                                                    start + len(reading[witness.id]))
        groups = tuple((w.id,) for w in witnesses)
        variants.append(Variant(number, "substitution", (), "different words", readings,
                                groups, (0, 0)))
    return variants


def _grouped(texts: dict[str, str], words: list[dict[str, str]]) -> list[tuple[int, ...]]:
    witnesses = [variorum.Witness.from_text(wid, text) for wid, text in texts.items()]
    comparer = Comparer({w.id: w for w in witnesses})
    variants, changes = group_changes(_variants(witnesses, words), witnesses, "A", comparer)
    assert [v.change for v in variants] == [c.id for c in changes for _ in c.variants]
    return [c.variants for c in changes]


def test_places_one_weak_word_apart_in_a_sentence_are_one_change() -> None:
    texts = {"A": "She sold the grey horse to a farmer.",
             "B": "She gave the black horse to a farmer."}
    words = [{"A": "sold", "B": "gave"}, {"A": "grey", "B": "black"}]
    assert _grouped(texts, words) == [(1, 2)]


def test_changes_apart_by_a_content_word_a_sentence_end_or_by_other_witnesses_stay_apart(
) -> None:
    words = [{"A": "sold", "B": "gave"}, {"A": "grey", "B": "black"}]
    assert _grouped({"A": "She sold each grey horse.", "B": "She gave each black horse."},
                    words) == [(1, 2)]
    assert _grouped({"A": "She sold horses grey ones.", "B": "She gave horses black ones."},
                    words) == [(1,), (2,)]
    assert _grouped({"A": "She sold. The grey horse.", "B": "She gave. The black horse."},
                    words) == [(1,), (2,)]
    by_word = collate_texts("The grey horse ran to the barn.", "The black horse ran to the shed.")
    assert changes_of(by_word) == [((1,), "substitution", "grey", "black"),
                                   ((2,), "substitution", "barn", "shed")]
    # B changed the verb, C the colour: two witnesses' acts side by side are two changes.
    result = variorum.collate([
        variorum.Witness.from_text("A", "She sold the grey horse to a farmer."),
        variorum.Witness.from_text("B", "She gave the grey horse to a farmer."),
        variorum.Witness.from_text("C", "She sold the black horse to a farmer.")])
    assert [c.variants for c in result.changes] == [(1,), (2,)]


def test_a_lone_change_keeps_its_variants_class_and_reason() -> None:
    result = collate_texts("It was built in 1931 by the state.",
                           "It was built in 1932 by the state.")
    (variant,) = result.variants
    (change,) = result.changes
    assert (change.class_, change.reason, change.readings) == (
        variant.class_, variant.reason, variant.readings)


def test_every_variant_is_in_exactly_one_change_in_order() -> None:
    result = collate_texts(
        "Anna wrote the first letter in May, and the second in June. Nobody answered her.",
        "Anna sent the first letter in April, then the second in June. Somebody answered.")
    ids = [i for change in result.changes for i in change.variants]
    assert ids == [v.id for v in result.variants]
    for change in result.changes:
        assert {result.variants[i - 1].change for i in change.variants} == {change.id}
        for wid, reading in change.readings.items():
            witness = result.witness(wid)
            assert witness.text[reading.start : reading.end] == reading.text
            first = result.variants[change.variants[0] - 1].readings[wid]
            last = result.variants[change.variants[-1] - 1].readings[wid]
            assert (reading.start, reading.end) == (first.start, last.end)


def test_a_transposition_is_a_change_of_its_own() -> None:
    result = collate_texts(
        "The committee met in the old town hall on Monday. Everyone came early that day.",
        "Everyone came early that day. The committee met in the old town hall on Monday.")
    moved = [v for v in result.variants if v.class_ == "transposition"]
    assert moved
    for variant in moved:
        assert result.changes[variant.change - 1].variants == (variant.id,)


def test_json_carries_changes_relations_and_each_variants_change() -> None:
    result = variorum.collate([
        variorum.Witness.from_text("A", "The colour of the old house was grey."),
        variorum.Witness.from_text("B", "The color of the old house was grey."),
        variorum.Witness.from_text("C", "The shade of the old house was grey."),
    ])
    document = json.loads(render(result, "json"))
    (variant,) = document["variants"]
    assert variant["groups"] == [["A"], ["B"], ["C"]]
    assert variant["relations"] == [
        {"groups": [0, 1], "class": "spelling", "reason": variant["relations"][0]["reason"]},
        {"groups": [0, 2], "class": "substitution", "reason": "different words"},
        {"groups": [1, 2], "class": "substitution", "reason": "different words"},
    ]
    assert variant["change"] == 1
    assert document["changes"] == [{
        "id": 1, "class": "substitution", "reason": "different words", "variants": [1],
        "readings": variant["readings"]}]


def test_text_report_lists_changes_as_blocks_with_their_places() -> None:
    texts = {"A": "She sold the grey horse to a farmer.",
             "B": "She gave the black horse to a farmer."}
    witnesses = [variorum.Witness.from_text(wid, text) for wid, text in texts.items()]
    result = collate_texts(*texts.values())
    variants, changes = group_changes(
        _variants(witnesses, [{"A": "sold", "B": "gave"}, {"A": "grey", "B": "black"}]),
        witnesses, "A", Comparer({w.id: w for w in witnesses}))
    result = dataclasses.replace(result, variants=variants, changes=changes)
    places = render(result, "text")
    assert "#1 substitution [change 1]" in places and "#2 substitution [change 1]" in places
    blocks = render(result, "text", ReportOptions(granularity="changes"))
    assert "substitution: 1 change ──" in blocks
    assert "change 1 substitution" in blocks
    assert blocks.index("[sold the grey]") < blocks.index("    #1 substitution")


def test_text_report_says_per_reading_how_it_differs_where_readings_differ_variously() -> None:
    result = variorum.collate([
        variorum.Witness.from_text("A", "The colour of the house."),
        variorum.Witness.from_text("B", "The color of the house."),
        variorum.Witness.from_text("C", "The shade of the house."),
    ])
    lines = render(result, "text").splitlines()
    # The class of each reading against the base's, in a column after the siglum.
    assert any(line.startswith("  B  spelling      …The [color]") for line in lines)
    assert any(line.startswith("  C  substitution  …The [shade]") for line in lines)
    assert any(line.startswith("  A                …The [colour]") for line in lines)


def test_an_unknown_granularity_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="granularity"):
        ReportOptions.parse(granularity="sentences")
