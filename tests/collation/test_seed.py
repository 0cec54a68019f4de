"""The founding document: two copies of Serge's 1938 preface inside one scraped page."""

from __future__ import annotations

import json

import pytest

import variorum
from variorum.cli import main
from variorum.ingest import read_source
from variorum.model import Span

from ..conftest import SEED, needs_shared

pytestmark = needs_shared(SEED)

START, END = "owning one is punishable", "hardnosed leader."

EXPECTED = [
    ("bafoonish", "bafoenish"),
    ("police.1", "police.¹"),
    ("won’t", "wonâ€™t"),
    ("1925–26", "1925â€“26"),
    ("1917–18", "1917â€“18"),
    ("Committee—a", "Committeeâ€™a"),
    ("Djughachvili", "Djugachvili"),
    ("1906–07)—has", "1906â€“07)â€™has"),
]


def copies() -> tuple[variorum.Witness, variorum.Witness]:
    (source,) = read_source(str(SEED))
    text = source.text
    first_start = text.index(START)
    first_end = text.index(END) + len(END)
    second_start = text.index(START, first_end)
    second_end = text.index(END, second_start) + len(END)
    first = variorum.Witness(id="first", text=text, source=source.source, sha256=source.sha256,
                             span=Span(first_start, first_end))
    second = variorum.Witness(id="second", text=text, source=source.source, sha256=source.sha256,
                              span=Span(second_start, second_end))
    return first, second


def test_the_two_copies_differ_at_exactly_eight_places() -> None:
    first, second = copies()
    result = variorum.collate([first, second])
    found = [(v.readings["first"].text, v.readings["second"].text) for v in result.variants]
    assert found == EXPECTED


def test_variant_words_are_one_word_variants_with_true_offsets() -> None:
    first, second = copies()
    result = variorum.collate([first, second])
    by_reading = {v.readings["first"].text: v for v in result.variants}
    for word in ("bafoonish", "Djughachvili"):
        variant = by_reading[word]
        assert variant.columns[1] - variant.columns[0] == 1  # one column: one word against one
        for witness in (first, second):
            reading = variant.readings[witness.id]
            assert witness.text[reading.start : reading.end] == reading.text
            assert witness.start <= reading.start <= reading.end <= witness.end


def test_superscript_footnote_mark_is_a_unicode_variant() -> None:
    result = variorum.collate(list(copies()))
    (variant,) = [v for v in result.variants if v.readings["first"].text == "police.1"]
    assert variant.class_ == "unicode"


def test_order_of_the_copies_only_swaps_the_readings() -> None:
    first, second = copies()
    forward = variorum.collate([first, second])
    backward = variorum.collate([second, first])
    assert [(v.readings["first"].text, v.readings["second"].text) for v in backward.variants] \
        == EXPECTED
    assert len(forward.variants) == len(backward.variants)


def test_json_spans_point_into_the_file(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    text = SEED.read_text(encoding="utf-8")
    first = text[text.index(START) : text.index(END) + len(END)]
    second_start = text.index(START, text.index(END))
    second = text[second_start : text.index(END, second_start) + len(END)]
    (tmp_path / "first.txt").write_text(first, encoding="utf-8")
    (tmp_path / "second.txt").write_text(second, encoding="utf-8")
    assert main(["collate", str(tmp_path / "first.txt"), str(tmp_path / "second.txt"),
                 "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["summary"]["variants"] == 8


def test_encoding_damage_is_classed_and_never_passes_for_a_real_change() -> None:
    (source,) = read_source(str(SEED))
    text = source.text
    first_end = text.index(END) + len(END)
    second_start = text.index(START, first_end)
    import dataclasses

    first = dataclasses.replace(source, id="first", span=Span(text.index(START), first_end))
    second = dataclasses.replace(
        source, id="second",
        span=Span(second_start, text.index(END, second_start) + len(END)))
    result = variorum.collate([first, second])
    found = {v.readings["first"].text: (v.class_, v.tags) for v in result.variants}
    assert len(found) == 8
    for pure_mojibake in ("won’t", "1925–26", "1917–18"):
        assert found[pure_mojibake] == ("encoding", ())
    for lost_dash in ("Committee—a", "1906–07)—has"):
        class_, tags = found[lost_dash]
        assert class_ == "punctuation" and "encoding-damage" in tags
    assert found["police.1"][0] == "unicode"
    assert found["bafoonish"][0] != "encoding"
