"""Hypothesis properties of collation on random editions of a small vocabulary."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import variorum
from variorum import Witness

WORDS = ["the", "State", "state", "shot", "died", "Rykov", "Bukharin", "1937", "1938", "in",
         "and", "were", "prison", ",", ".", ";", "“", "”", "’", "—", "police.¹", "won’t",
         "bafoonish", "bafoenish", "革", "命", "Троцкий", "e\u0301"]

texts = st.lists(st.sampled_from(WORDS), max_size=40).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "", "\n", "  "]), min_size=len(words),
                           max_size=len(words)).map(
        lambda spaces: "".join(w + s for w, s in zip(words, spaces, strict=True))))

SETTINGS = settings(max_examples=150, deadline=None)


def check_invariants(result: variorum.Collation) -> None:
    for row, witness in zip(result.table.cells, result.witnesses, strict=True):
        tokens = result.tokens[witness.id]
        assert row[row >= 0].tolist() == list(range(len(tokens)))  # each token once, in order
    assert (result.table.cells >= 0).any(axis=0).all()  # no empty column
    for variant in result.variants:
        for witness in result.witnesses:
            reading = variant.readings[witness.id]
            assert witness.text[reading.start : reading.end] == reading.text
        distinct = {" ".join(r.text.split()) for r in variant.readings.values()}
        assert len(distinct) > 1  # a variant is a real difference


@SETTINGS
@given(texts)
def test_a_text_collated_with_itself_has_no_variants(text: str) -> None:
    result = variorum.collate([Witness.from_text("A", text), Witness.from_text("B", text)])
    assert result.variants == ()


@SETTINGS
@given(texts, texts, texts)
def test_table_partitions_every_witness_and_readings_are_true(a: str, b: str, c: str) -> None:
    result = variorum.collate([Witness.from_text(k, t) for k, t in zip("ABC", (a, b, c),
                                                                        strict=True)])
    check_invariants(result)


@SETTINGS
@given(texts, texts, texts, texts)
def test_order_of_the_other_witnesses_does_not_change_the_variants(a: str, b: str, c: str,
                                                                   d: str) -> None:
    w = {k: Witness.from_text(k, t) for k, t in zip("ABCD", (a, b, c, d), strict=True)}
    first = variorum.collate([w["A"], w["B"], w["C"], w["D"]])
    second = variorum.collate([w["A"], w["D"], w["B"], w["C"]])
    assert first.variants == second.variants


@SETTINGS
@given(texts, texts)
def test_collation_is_deterministic(a: str, b: str) -> None:
    witnesses = [Witness.from_text("A", a), Witness.from_text("B", b)]
    first, second = variorum.collate(witnesses), variorum.collate(witnesses)
    assert first.variants == second.variants
    assert first.table.cells.tolist() == second.table.cells.tolist()


@SETTINGS
@given(texts, texts)
def test_variants_exactly_when_tokens_differ(a: str, b: str) -> None:
    """White space between tokens is never a variant; any other difference is."""
    result = variorum.collate([Witness.from_text("A", a), Witness.from_text("B", b)])
    token_texts = [[table.text(i) for i in range(len(table))] for table in result.tokens.values()]
    assert (result.variants == ()) == (token_texts[0] == token_texts[1])
