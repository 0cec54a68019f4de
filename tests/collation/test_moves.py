"""Transpositions (issue 14, part D): real moves only, both ends linked, never an omission plus
an addition, the moved text shown in each witness at its own place.

A move is reported when a stretch is absent at its old place and present at the new, is no
repeat within its window, and either has at least ``min_transposition`` words (punctuation
not counted), was exchanged with such a stretch, or is a swap within one sentence (then
whatever its length). All sentences here are written for these tests.
"""

from __future__ import annotations

import re

import pytest

from variorum import Collation, Variant, Witness, collate
from variorum.reports import ReportOptions
from variorum.reports.text import write_text

from ..conftest import SHARED, needs_shared


def collated(*texts: str, **options: object) -> Collation:
    witnesses = [Witness.from_text(f"W{n}", text) for n, text in enumerate(texts, 1)]
    return collate(witnesses, **options)  # type: ignore[arg-type]


def moves(result: Collation) -> list[Variant]:
    return [v for v in result.variants if v.class_ == "transposition"]


def linked(variant: Variant) -> set[int]:
    return {int(tag.split(":")[1]) for tag in variant.tags if tag.startswith("moved-")}


def assert_linked_moves(result: Collation) -> None:
    """Every transposition names its other end, which is a transposition naming it back."""
    by_id = {v.id: v for v in result.variants}
    for variant in moves(result):
        others = linked(variant)
        assert others, variant
        for other in others:
            assert by_id[other].class_ == "transposition"
            assert variant.id in linked(by_id[other])
    for variant in result.variants:
        if variant.class_ != "transposition":
            assert not linked(variant), variant


def readings(result: Collation) -> list[tuple[str, ...]]:
    return [tuple(v.readings[w.id].text for w in result.witnesses) for v in moves(result)]


# --- true moves --------------------------------------------------------------------------

def test_a_sentence_moved_far_is_one_transposition_with_both_ends() -> None:
    result = collated(
        "The lamp hung low over the table. Nobody spoke. Outside the dogs barked at the "
        "moon. Then the door opened.",
        "Nobody spoke. Outside the dogs barked at the moon. The lamp hung low over the "
        "table. Then the door opened.")
    assert [v.class_ for v in result.variants] == ["transposition", "transposition"]
    assert readings(result) == [("The lamp hung low over the table.", ""),
                                ("", "The lamp hung low over the table.")]
    assert_linked_moves(result)


def test_a_local_swap_of_two_words_is_a_transposition() -> None:
    # "dixit deus" / "deus dixit" in the shape of a sentence written for this test
    # Two words exchanged side by side are one place, "respondit magister" / "magister
    # respondit", the move linked to the place that holds both its ends (an apparatus gives
    # an exchange as one lemma; which word moved cannot be told).
    result = collated("Tunc respondit magister discipulis suis.",
                      "Tunc magister respondit discipulis suis.")
    assert [v.class_ for v in result.variants] == ["transposition"]
    assert readings(result) == [("respondit magister", "magister respondit")]
    assert_linked_moves(result)


def test_a_swap_of_phrases_around_shared_words_is_no_omission_plus_addition() -> None:
    result = collated("She packed the blue kettle and the lantern before dawn.",
                      "She packed the lantern and the blue kettle before dawn.")
    assert result.variants and all(v.class_ == "transposition" for v in result.variants)
    assert_linked_moves(result)


def test_a_swap_inside_one_changed_stretch_is_one_transposition() -> None:
    # At the places level a swap around shared words is two places linked as a
    # transposition, the shared words ("to the") agreeing between them (issue 14, item 3;
    # benchmarks/fidelity/README.md), never an omission and an addition of the shared words.
    result = collated("They walked from the mill to the river at noon.",
                      "They walked from the river to the mill at noon.")
    assert [(v.class_, v.readings["W1"].text, v.readings["W2"].text)
            for v in result.variants] == [
        ("transposition", "mill", "river"), ("transposition", "river", "mill")]
    assert_linked_moves(result)


def test_a_swap_inside_one_changed_stretch_is_one_change() -> None:
    result = collated("They walked from the mill to the river at noon.",
                      "They walked from the river to the mill at noon.")
    assert [(c.class_, c.readings["W1"].text, c.readings["W2"].text)
            for c in result.changes] == [
        ("transposition", "mill to the river", "river to the mill")]


def test_two_words_exchanged_at_two_places_of_a_sentence() -> None:
    result = collated("He said that it was late, and that it was cold.",
                      "He said that it was cold, and that it was late.")
    assert [(v.class_, v.readings["W1"].text, v.readings["W2"].text)
            for v in result.variants] == [("transposition", "late", "cold"),
                                          ("transposition", "cold", "late")]
    assert_linked_moves(result)


def test_a_short_sentence_exchanged_with_a_long_one_is_a_transposition() -> None:
    result = collated("Rain fell. The farmers waited for the harvest to dry in the barns.",
                      "The farmers waited for the harvest to dry in the barns. Rain fell.")
    assert [v.class_ for v in result.variants] == ["transposition", "transposition"]
    assert_linked_moves(result)


def test_the_reason_names_every_witness_that_moved_the_text() -> None:
    before = ("The lamp hung low over the table. Nobody spoke. Outside the dogs barked at the "
              "moon. Then the door opened.")
    after = ("Nobody spoke. Outside the dogs barked at the moon. The lamp hung low over the "
             "table. Then the door opened.")
    result = collated(before, after, before, after)
    assert len(moves(result)) == 2
    for variant in moves(result):
        assert re.search(r"\bW2\b", variant.reason) and re.search(r"\bW4\b", variant.reason)
        assert "W3" not in variant.reason
        assert variant.classes.get("W2") == variant.classes.get("W4") == "transposition"
        assert "W3" not in variant.classes
    assert_linked_moves(result)


def test_a_move_is_counted_as_a_transposition_for_the_pair_and_its_relations() -> None:
    result = collated("Tunc respondit magister discipulis suis.",
                      "Tunc magister respondit discipulis suis.")
    ((_, _, by_class),) = result.pair_classes
    assert dict(by_class) == {"transposition": 1}  # one place: the exchange
    for variant in result.variants:
        assert [r.class_ for r in variant.relations] == ["transposition"]


# --- not moves ---------------------------------------------------------------------------

def test_punctuation_shifted_is_no_transposition() -> None:
    result = collated("He rode over the hill, and home again.",
                      "He rode over the hill and, home again.")
    assert not moves(result)


def test_a_phrase_that_also_stands_in_between_is_no_move() -> None:
    result = collated(
        "He waited at the door for an hour. The rain went on and on. She came to stand at "
        "the door with him. They talked.",
        "He waited for an hour. The rain went on and on. She came to stand at the door with "
        "him. They talked at the door.")
    assert not moves(result)
    assert [v.class_ for v in result.variants] == ["omission", "addition"]


def test_a_word_repeated_in_its_sentence_is_no_swap() -> None:
    result = collated("The old man and the old dog slept by the fire.",
                      "The man and the old dog slept by the old fire.")
    assert not moves(result)


def test_a_short_block_across_a_sentence_end_is_no_swap() -> None:
    # "grey" leaves one sentence for the next: neither three words nor a swap in a sentence
    # nor exchanged with a stretch that stands unchanged around it.
    result = collated("The grey cat slept. The dog woke early.",
                      "The cat slept. The grey dog woke early.")
    assert not moves(result)


@pytest.mark.parametrize("texts", [
    ("Tunc respondit magister discipulis suis.", "Tunc magister respondit discipulis suis."),
    ("The lamp hung low over the table. Nobody spoke. Outside the dogs barked at the moon.",
     "Nobody spoke. Outside the dogs barked at the moon. The lamp hung low over the table."),
])
def test_min_transposition_zero_finds_no_move(texts: tuple[str, str]) -> None:
    result = collated(*texts, min_transposition=0)
    assert not moves(result)


def test_min_transposition_counts_words_not_punctuation() -> None:
    # "Soon, very soon." is three words and two marks: moved only when 3 words suffice
    # (the text it crossed was partly rewritten: no exchange of two stretches).
    texts = ("Soon, very soon. The boats came in with the tide and the gulls followed them "
             "home.",
             "The boats came in with the tide and the gulls flew over the harbour wall. Soon, "
             "very soon.")
    assert moves(collated(*texts, min_transposition=3))
    assert not moves(collated(*texts, min_transposition=4))


# --- reports ------------------------------------------------------------------------------

def test_the_text_report_shows_the_moved_text_in_each_witness_at_its_own_place() -> None:
    result = collated(
        "The lamp hung low over the table. Nobody spoke. Outside the dogs barked at the "
        "moon. Then the door opened.",
        "Nobody spoke. Outside the dogs barked at the moon. The lamp hung low over the "
        "table. Then the door opened.")
    report = write_text(result, ReportOptions(color=False, width=200))
    first, second = moves(result)
    block = report[report.index(f"#{first.id} transposition"):
                   report.index(f"#{second.id} transposition")]
    # W1's place is the other variant, W2's this one: both show the sentence, W1 "at #2"
    lines = [line for line in block.splitlines() if line.strip().startswith("W")]
    assert len(lines) == 2
    for line in lines:
        assert "[The lamp hung low over the table.]" in line
    assert f"(at #{second.id})" in block
    assert "[—]" not in block


def test_a_word_standing_twice_spelled_each_way_in_turn_is_two_spellings_not_a_swap() -> None:
    # No sentence mark: the whole text is one "sentence", and "est" / "esst" swap places
    # between the witnesses; each place faces a respelling of itself, so nothing moved.
    collation = collate([Witness.from_text("A", "et illa causa est in illo quod dixit verum esst"),
                         Witness.from_text("B", "et illa causa esst in illo quod dixit verum est")])
    assert [(v.class_, v.tags) for v in collation.variants] == [("spelling", ()),
                                                              ("spelling", ())]


def test_a_swap_the_multiple_alignment_kept_in_place_moves_the_other_block() -> None:
    """Base "came . famine severe ." against X "came severe famine": the pair alignment
    moved "severe"; the multiple alignment (another witness reading "evere" there) put X's
    "severe" opposite the base's and "famine" lacked before it and added after it. The move
    is then "famine", the block the table displaced: two places, linked, not one place
    linked to itself."""
    import numpy as np

    from variorum.collation.align.multi import _column_moves
    from variorum.collation.align.transpose import Move

    # keys: 0 came, 1 ".", 2 famine, 3 severe; columns: came | . | famine | severe | famine
    base_keys = np.array([0, 1, 2, 3], dtype=np.int64)
    x_keys = np.array([0, 3, 2], dtype=np.int64)
    cells = np.array([[0, 1, 2, 3, -1],
                      [0, -1, -1, 1, 2]], dtype=np.int64)
    moved = {1: [Move(a_start=3, a_end=4, b_start=1, b_end=2)]}  # "severe" moved
    no_marks = np.zeros(4, dtype=np.bool_)  # no key is punctuation
    (move,) = _column_moves(["J", "X"], cells, 0, moved, [base_keys, x_keys], no_marks)
    assert (move.base_columns, move.witness_columns) == ((2, 3), (4, 5))
    # "the holy spirit" / "the spirit the holy": "holy" moved past "spirit", a second "the"
    # added before it; the moved word is found beyond the added one
    # keys: 0 the, 1 holy, 2 spirit; columns: the | holy | spirit | the | holy
    cells_greek = np.array([[0, 1, 2, -1, -1],
                            [0, -1, 1, 2, 3]], dtype=np.int64)
    spirit = {1: [Move(a_start=2, a_end=3, b_start=1, b_end=2)]}
    (move,) = _column_moves(["S", "A"], cells_greek, 0, spirit,
                            [np.array([0, 1, 2]), np.array([0, 2, 0, 1])], no_marks)
    assert (move.base_columns, move.witness_columns) == ((1, 2), (4, 5))
    # a mark the witness left out beside the swap does not part the displaced block from
    # it: "came famine severe ." / "came severe famine"
    cells_mark = np.array([[0, 1, 2, 3, -1],
                           [0, -1, 1, -1, 2]], dtype=np.int64)
    severe = {1: [Move(a_start=2, a_end=3, b_start=1, b_end=2)]}
    full_stop = np.array([False, True, False, False])
    (move,) = _column_moves(["J", "X"], cells_mark, 0, severe,
                            [np.array([0, 2, 3, 1]), x_keys], full_stop)
    assert (move.base_columns, move.witness_columns) == ((1, 2), (4, 5))
    # a block that faces itself with nothing displaced beside it stays as it was
    cells = np.array([[0, 1, 2, 3, -1],
                      [0, -1, -1, 1, -1]], dtype=np.int64)
    (move,) = _column_moves(["J", "X"], cells, 0, moved, [base_keys, np.array([0, 3])],
                            no_marks)
    assert (move.base_columns, move.witness_columns) == ((3, 4), (3, 4))


def test_a_stock_phrase_in_a_new_paragraph_is_no_move_out_of_a_rewritten_sentence() -> None:
    """A sentence rewritten without "they may be" and a new paragraph holding the phrase:
    three words amid a 60-word addition are the language's stock, not text moved there
    (issue 14: a match inside a long unmatched stretch needs a long enough run)."""
    intro = "The miller kept his accounts in a small book and wrote in it every evening. "
    old = ("It was argued for years in the town at what season the floods, whatever they may "
           "be called, rise highest. ")
    new = "Old men in the town still quarrel about the season of the great floods. "
    rest = ("The harvest was poor and the prices high. Nobody in the valley remembered such a "
            "spring, and the children were sent to their cousins until the roads were dry. ")
    added = ("Travellers who came over the pass in those weeks wrote of roads cut by water, of "
             "bridges carried away and of farms standing like islands in a brown sea. Some of "
             "them, they may be forgiven for it, thought the whole country lost; the letters of "
             "the merchants speak of nothing but delays, debts and quarrels between carriers "
             "and owners of the barges. ")
    collation = collate([Witness.from_text("A", intro + old + rest),
                         Witness.from_text("B", intro + new + rest + added)])
    assert not [v for v in collation.variants if v.class_ == "transposition"]
    last = collation.variants[-1]
    assert (last.class_, last.readings["B"].text) == ("addition", added.strip())
    # the same three words moved alone beside unchanged text are still a move
    text = ("We crossed the river at dawn. The ferryman, they may be sure, was asleep. Then "
            "the rain began and the road to the mill turned to mud.")
    moved = text.replace("The ferryman, they may be sure, was asleep. ",
                         "The ferryman was asleep. ").replace(
                             "the road to the mill", "the road, they may be sure, to the mill")
    found = collate([Witness.from_text("A", text), Witness.from_text("B", moved)])
    assert any(v.class_ == "transposition" and "they may be sure" in v.readings["B"].text
               for v in found.variants), [(v.class_, v.readings["B"].text)
                                          for v in found.variants]


DARWIN = SHARED / "data" / "darwin" / "darwin_chapter1_paragraphs.json"


@needs_shared(DARWIN)
def test_a_paragraph_darwin_added_in_1869_is_one_addition() -> None:
    """The third of the four paragraphs the fifth edition added stands between unchanged
    paragraphs: one addition, not two split by a three-word phrase moved out of a sentence
    the edition rewrote elsewhere (issue 14, item 7)."""
    import json

    units = json.loads(DARWIN.read_text(encoding="utf-8"))
    texts = {e: "\n\n".join(w["content"] for u in units for w in u["witnesses"] if w["id"] == e)
             for e in ("1866", "1869")}
    added = [next(w["content"] for w in u["witnesses"] if w["id"] == "1869")
             for u in units if len(u["witnesses"]) == 2]
    collation = collate([Witness.from_text(e, t) for e, t in texts.items()], base="1866")
    start = texts["1869"].index(added[2])
    end = start + len(added[2])
    inside = [v for v in collation.variants
              if v.readings["1869"].start < end and v.readings["1869"].end > start]
    assert [v.class_ for v in inside] == ["addition"], [(v.class_, v.readings["1869"].text[:30])
                                                        for v in inside]


def test_two_words_exchanged_side_by_side_are_one_place() -> None:
    """"A B" / "B A": which of the two moved cannot be told, and an apparatus gives the
    exchange as one lemma; a third witness that only respells a word inside stays in it."""
    texts = {"A": "Tunc respondit magister discipulis suis et tacuit.",
             "B": "Tunc magister respondit discipulis suis et tacuit.",
             "C": "Tunc respondit magistr discipulis suis et tacuit."}
    collation = collate([Witness.from_text(k, v) for k, v in texts.items()])
    (variant,) = collation.variants
    assert variant.class_ == "transposition"
    assert {w: r.text for w, r in variant.readings.items()} == {
        "A": "respondit magister", "B": "magister respondit", "C": "respondit magistr"}
    # one word put after a longer phrase is that word moved: two places
    longer = collate([Witness.from_text("A", "Then the master answered them at once."),
                      Witness.from_text("B", "Then answered the master them at once.")])
    assert [v.readings["B"].text for v in longer.variants] == ["answered", ""]
    # blocks exchanged around shared words face each other: two places (local_swap fixture)
    apart = collate([Witness.from_text("A", "She packed the blue kettle and the lamp today."),
                     Witness.from_text("B", "She packed the lamp and the blue kettle today.")])
    assert [v.readings["B"].text for v in apart.variants] == ["lamp", "blue kettle"]
