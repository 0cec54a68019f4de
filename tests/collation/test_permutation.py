"""Issue 14, F: the order in which the witnesses are given (same base) changes nothing.

A property over random sets of three to five witnesses, each made from the base or from an
earlier witness by a few edits (so that several witnesses share additions, omissions and
rewrites, as successive editions do), and the cases the issue names: two witnesses sharing an
addition at one place of the base, and a word all witnesses share at different lengths.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import variorum

WORDS = ["the", "old", "road", "home", "rain", "cold", "more", "tonight", "king", "kings",
         "rode", "out", "of", "city", "town", "and", "men", "walls", ",", ".", "colour",
         "color", "I", "returned", "return", "to"]

edit = st.tuples(st.sampled_from(["delete", "insert", "replace"]), st.integers(0, 30),
                 st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))


def edited(words: list[str], edits: list[tuple[str, int, list[str]]]) -> list[str]:
    words = list(words)
    for kind, at, new in edits:
        at = at % (len(words) + 1)
        if kind == "insert":
            words[at:at] = new
        elif at < len(words):
            words[at : at + 1] = [] if kind == "delete" else new
    return words


@st.composite
def witness_sets(draw: st.DrawFn) -> tuple[dict[str, str], str]:
    base = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=20))
    count = draw(st.integers(3, 5))
    made = [base]
    for _ in range(count - 1):
        parent = made[draw(st.integers(0, len(made) - 1))]  # the base or an earlier witness
        made.append(edited(parent, draw(st.lists(edit, max_size=4))))
    ids = draw(st.permutations("ABCDE"))[:count]
    texts = {w: " ".join(words) for w, words in zip(ids, made, strict=True)}
    return texts, draw(st.sampled_from(sorted(texts)))


def variants(texts: dict[str, str], order: list[str], base: str) -> list[tuple[Any, ...]]:
    collation = variorum.collate([variorum.Witness.from_text(w, texts[w]) for w in order],
                                 base=base)
    return [(v.class_, v.tags, v.change,
             tuple(sorted((w, r.text, r.start, r.end) for w, r in v.readings.items())),
             frozenset(frozenset(group) for group in v.groups))
            for v in collation.variants]


@settings(max_examples=120, deadline=None)
@given(witness_sets(), st.data())
def test_any_order_of_three_to_five_witnesses_gives_the_same_variants(
        case: tuple[dict[str, str], str], data: st.DataObject) -> None:
    texts, base = case
    ids = sorted(texts)
    first = variants(texts, ids, base)
    for _ in range(2):
        order = data.draw(st.permutations(ids))
        assert variants(texts, list(order), base) == first, order


def readings(texts: dict[str, str], base: str) -> list[dict[str, str]]:
    collation = variorum.collate([variorum.Witness.from_text(w, t) for w, t in texts.items()],
                                 base=base)
    return [{w: r.text for w, r in v.readings.items()} for v in collation.variants]


def test_two_witnesses_adding_at_one_place_of_the_base_are_aligned_with_each_other() -> None:
    texts = {"A": "The road ran home.", "B": "The long road ran home.",
             "C": "The broad road ran home."}
    assert readings(texts, "A") == [{"A": "", "B": "long", "C": "broad"}]
    # Sharing part of an addition: the shared words share columns, the rest faces itself; the
    # witnesses group differently on the two sides, so these are two places of one change.
    texts = {"A": "He came back and slept.", "B": "He came back late in the evening and slept.",
             "C": "He came back early in the evening and slept."}
    assert readings(texts, "A") == [{"A": "", "B": "late", "C": "early"},
                                    {"A": "", "B": "in the evening", "C": "in the evening"}]
    collation = variorum.collate([variorum.Witness.from_text(w, t) for w, t in texts.items()],
                                 base="A")
    (change,) = collation.changes
    assert {w: r.text for w, r in change.readings.items()} == {
        "A": "", "B": "late in the evening", "C": "early in the evening"}


def test_a_word_all_witnesses_share_at_different_lengths_is_an_anchor() -> None:
    texts = {"A": "road", "B": "old road home", "C": "home road"}
    assert readings(texts, "A") == [{"A": "", "B": "old", "C": "home"},
                                    {"A": "", "B": "home", "C": ""}]
