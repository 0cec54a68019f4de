"""Tests of the alignment inside changed stretches and across repeated text (issue 14, A and C).

- ``stretch.align_stretch``: pairs monotone, exact iff equal, a word never faces a mark; the
  list and the numpy fillings of the programme agree;
- a rewritten sentence is cut only at the words that truly correspond; a long insertion is
  one reading, never broken by stray "the", "of", ","; one shared word inside a long new
  passage is not a correspondence;
- ``stretch.credible_runs``: short runs between long unmatched stretches are dropped;
- text standing three times over gives three times the variants of one copy and no moves.
"""

from __future__ import annotations

import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from variorum import Witness, collate
from variorum.collation.align import stretch
from variorum.collation.align.stretch import align_stretch, credible_runs, run_need

from .test_align import pair_up

SETTINGS = settings(max_examples=150, deadline=None)

KEYS = ["the", "of", ",", ".", "mill", "mills", "river", "stone", "grey", "gray", "i", "went"]
WEAK = [k in ("the", "of", ",", ".", "i") for k in KEYS]
PUNCT = [k in (",", ".") for k in KEYS]


@SETTINGS
@given(st.lists(st.integers(0, len(KEYS) - 1), max_size=14),
       st.lists(st.integers(0, len(KEYS) - 1), max_size=14))
def test_stretch_pairs_are_monotone_exact_iff_equal_and_never_word_for_mark(
        a: list[int], b: list[int]) -> None:
    pairs = align_stretch(a, b, KEYS, WEAK, PUNCT)
    assert [i for i, _, _ in pairs] == sorted({i for i, _, _ in pairs})
    assert [j for _, j, _ in pairs] == sorted({j for _, j, _ in pairs})
    for i, j, exact in pairs:
        assert exact == (a[i] == b[j])
        assert PUNCT[a[i]] == PUNCT[b[j]]


@SETTINGS
@given(st.integers(1, 9), st.integers(1, 9), st.randoms(use_true_random=False))
def test_list_and_array_fillings_of_the_programme_agree(n: int, m: int,
                                                        rng: random.Random) -> None:
    choices = [stretch._NEG, stretch._NEG, stretch.WEAK_MATCH, stretch.MATCH, stretch.ALIKE]
    scores = [[rng.choice(choices) for _ in range(m)] for _ in range(n)]
    lists = stretch._fill_lists(scores, n, m)
    arrays = stretch._fill_arrays(np.asarray(scores, dtype=np.int64), n, m)
    for listed, array in zip(lists, arrays, strict=True):
        assert listed == array.tolist()


def facing(a_text: str, b_text: str) -> list[tuple[str, str]]:
    tables, pairs = pair_up(a_text, b_text)
    return [(tables[0].text(i), tables[1].text(j)) for i, j, _ in pairs]


def test_a_rewritten_sentence_is_cut_only_where_words_truly_correspond() -> None:
    # The shape of issue 14's example: one pronoun and one verb correspond, nothing else.
    before = "The rain stopped. As I departed the gate was open."
    after = ("The rain stopped. Nobody spoke of the harvest; what would the whole village "
             "say, if I stayed here? I prepared to depart the gate was open.")
    pairs = facing(before, after)
    inside = [pair for pair in pairs if pair[0] in ("As", "I", "departed")]
    assert inside == [("I", "I"), ("departed", "depart")]
    tables, index_pairs = pair_up(before, after)
    i_token = next(j for i, j, _ in index_pairs if tables[0].text(i) == "I")
    assert tables[1].text(i_token + 1) == "prepared"  # the last "I", not the first
    result = collate([Witness.from_text("A", before), Witness.from_text("B", after)])
    readings = [(v.readings["A"].text, v.readings["B"].text) for v in result.variants]
    assert readings == [
        ("As", "Nobody spoke of the harvest; what would the whole village say, if I stayed here?"),
        ("", "prepared to"),
        ("departed", "depart"),
    ]


def test_a_long_insertion_is_one_reading_not_broken_by_function_words() -> None:
    before = "The mill stood by the river, and the wheel was of stone."
    after = ("The mill stood by the water. In the spring of that year the farmers of the "
             "valley came down with their carts, and the children of the village ran beside "
             "them, and the wheel was of stone.")
    tables, pairs = pair_up(before, after)
    inserted = range(after.index("water"), after.index(", and the wheel"))
    paired_b = {tables[1].starts[j] for _, j, _ in pairs}
    assert not paired_b & set(inserted)
    result = collate([Witness.from_text("A", before), Witness.from_text("B", after)])
    assert len(result.variants) == 1
    assert result.variants[0].readings["A"].text == "river"


def test_one_shared_word_inside_a_long_new_passage_is_no_correspondence() -> None:
    passage = ("Years later the travellers who came along the northern road would remember "
               "the lanterns, the dogs barking in the yards, the smell of bread at dawn, and "
               "a grey stone bridge that nobody could date, built before the abbey or the "
               "town or any record that the clerks had kept in their long cold rooms")
    before = "The mill stood by the grey river. It was old."
    after = f"The mill stood by the {passage} river. It was old."
    pairs = facing(before, after)
    assert ("grey", "grey") not in pairs
    assert ("river", "river") in pairs


def test_a_short_run_between_long_unmatched_stretches_is_dropped() -> None:
    assert run_need(4) == 1 and run_need(40) == 4
    runs = [(0, 0, 10), (10, 60, 2), (12, 120, 10)]
    assert credible_runs(runs, 22, 130) == [True, False, True]
    beside_small_change = [(0, 0, 10), (11, 11, 1), (12, 70, 10)]
    assert credible_runs(beside_small_change, 22, 80) == [True, True, True]


def synthetic_editions(seed: int, words: int = 3000,
                       changes: int = 30) -> tuple[str, str]:
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "gu", "li", "no",
                 "ra", "se", "to"]
    content = ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 3)))
               for _ in range(500)]
    vocabulary = content + ["the", "of", "and", "a", "to", "in", "was", "it"] * 15
    text: list[str] = []
    while len(text) < words:
        sentence = [rng.choice(vocabulary) for _ in range(rng.randint(6, 16))]
        text.extend([*sentence[:-1], sentence[-1] + "."])
    edited = list(text)
    for _ in range(changes):
        at = rng.randrange(1, len(edited) - 1)
        kind = rng.choice(["substitute", "insert", "delete"])
        if kind == "substitute":
            edited[at] = rng.choice(content) + ("." if edited[at].endswith(".") else "")
        elif kind == "insert":
            edited.insert(at, rng.choice(content))
        elif not edited[at].endswith("."):
            del edited[at]
    return " ".join(text), " ".join(edited)


def variant_count(a: str, b: str) -> tuple[int, int]:
    result = collate([Witness.from_text("A", a), Witness.from_text("B", b)])
    moves = sum(1 for v in result.variants if v.class_ == "transposition")
    return len(result.variants), moves


def test_text_standing_three_times_gives_three_times_the_variants() -> None:
    for seed in (1, 2):
        a, b = synthetic_editions(seed)
        once, once_moves = variant_count(a, b)
        thrice, thrice_moves = variant_count("\n\n".join([a] * 3), "\n\n".join([b] * 3))
        assert once >= 20 and once_moves == 0
        assert abs(thrice - 3 * once) <= 2, (once, thrice)
        assert thrice_moves == 0


def test_a_long_new_passage_of_stock_phrases_is_one_reading_not_matched_piecemeal() -> None:
    a, b = synthetic_editions(3)
    rng = random.Random(5)
    words = a.split()
    passage: list[str] = []
    while len(passage) < 2000:  # phrases of three to six words taken from the text itself
        at = rng.randrange(len(words) - 6)
        passage.extend(words[at : at + rng.randint(3, 6)])
    middle_a, middle_b = a.index(" ", len(a) // 2), b.index(" ", len(b) // 2)
    new = f"{b[:middle_b]} {' '.join(passage)}. {b[middle_b:]}"
    once, _ = variant_count(a, b)
    result = collate([Witness.from_text("A", a[:middle_a] + a[middle_a:]),
                      Witness.from_text("B", new)])
    assert not any(v.class_ == "transposition" for v in result.variants)
    assert len(result.variants) <= once + 1
    longest = max(result.variants, key=lambda v: len(v.readings["B"].text))
    assert " ".join(passage) in longest.readings["B"].text
