"""Unit and property tests of the alignment layer (``variorum.collation.align``), no collate.

- ``anchors.longest_increasing_subsequence`` against an O(n²) dynamic programme, and
  ``earliest_increasing_subsequence`` against rapidfuzz's LCS with the sorted values (which
  it replaced: the same indices);
- ``anchors.exact_runs``: runs increasing in both sequences, non-overlapping, of equal keys;
  as long as the LCS on small inputs; on long ones, one run when nothing changed and nothing
  lost but the edited tokens after one edit, or two far apart (the anchor path);
- ``pairwise.align_pair`` / ``near_pairs``: pairs monotone, a respelled word faces its
  counterpart, a word never faces a mark;
- ``transpose.find_moves``: a moved block is one move with both places, nothing below
  ``min_length`` moved far or when nothing moved;
- ``multi.align_witnesses``: every row lossless and in order, the table independent of the
  order of the other witnesses.
"""

from __future__ import annotations

import itertools
import random

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from variorum.collation.align.anchors import (
    earliest_increasing_subsequence,
    exact_runs,
    longest_increasing_subsequence,
)
from variorum.collation.align.multi import AlignmentTable, PairSettings, align_witnesses
from variorum.collation.align.pairwise import align_pair, align_short, near_pairs
from variorum.collation.align.transpose import SWAP_REACH, Move, find_moves
from variorum.collation.align.weak import weak_keys
from variorum.text.normalize import DEFAULT_LAYERS, Normalizer
from variorum.text.tokens import TokenTable, Vocabulary, tokenize

SETTINGS = settings(max_examples=150, deadline=None)
FEW = settings(max_examples=40, deadline=None)

WORDS = ["the", "State", "state", "shot", "died", "Rykov", "Bukharin", "1937", "1938", "in",
         "and", "were", "prison", ",", ".", "“", "”", "won’t", "bafoonish", "bafoenish", "革"]


def lis_length(values: list[int]) -> int:
    """Length of a longest strictly increasing subsequence, by the O(n²) programme."""
    best = [1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] < values[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


def lcs_length(a: list[int], b: list[int]) -> int:
    row = [0] * (len(b) + 1)
    for x in a:
        diagonal, row[0] = 0, 0
        for j, y in enumerate(b, 1):
            diagonal, row[j] = row[j], diagonal + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def increasing(values: list[int]) -> bool:
    return all(x < y for x, y in itertools.pairwise(values))


def check_runs(a: np.ndarray, b: np.ndarray, runs: list[tuple[int, int, int]]) -> None:
    end_a = end_b = 0
    for start_a, start_b, length in runs:
        assert length > 0
        assert start_a >= end_a and start_b >= end_b  # increasing in both, no overlap
        assert a[start_a : start_a + length].tolist() == b[start_b : start_b + length].tolist()
        end_a, end_b = start_a + length, start_b + length
    assert end_a <= len(a) and end_b <= len(b)


# --- anchors ---------------------------------------------------------------------------

@SETTINGS
@given(st.lists(st.integers(0, 30), max_size=60))
def test_lis_is_a_longest_strictly_increasing_subsequence(values: list[int]) -> None:
    chain = longest_increasing_subsequence(values)
    assert chain == sorted(set(chain))  # indices of a subsequence, in order
    assert increasing([values[i] for i in chain])
    assert len(chain) == lis_length(values)


def _lcs_with_sorted(values: list[int]) -> list[int]:
    """The chain anchors.py took before: rapidfuzz's LCS of the values and the sorted ones."""
    return [index for op in Indel.opcodes(values, sorted(values)) if op.tag == "equal"
            for index in range(op.src_start, op.src_end)]


@SETTINGS
@given(st.lists(st.integers(0, 80), max_size=70, unique=True))
def test_earliest_lis_is_rapidfuzz_lcs_with_the_sorted_values(values: list[int]) -> None:
    assert earliest_increasing_subsequence(values) == _lcs_with_sorted(values)


def test_earliest_lis_is_rapidfuzz_lcs_on_long_shuffled_and_moved_values() -> None:
    rng = random.Random(14)
    for size in (65, 200, 1_000, 5_000, 12_000):  # one machine word of bits and many
        shuffled = rng.sample(range(3 * size), size)
        moved = list(range(size))
        for _ in range(20):  # blocks moved, as sentences of an edition are
            at, length = rng.randrange(size), rng.randint(1, 40)
            block = moved[at : at + length]
            del moved[at : at + length]
            to = rng.randrange(len(moved) + 1)
            moved[to:to] = block
        for values in (shuffled, moved):
            chain = earliest_increasing_subsequence(values)
            assert chain == _lcs_with_sorted(values)
            assert len(chain) == len(longest_increasing_subsequence(values))


@SETTINGS
@given(st.lists(st.integers(0, 6), max_size=50), st.lists(st.integers(0, 6), max_size=50))
def test_exact_runs_on_small_inputs_are_valid_and_as_long_as_the_lcs(a: list[int],
                                                                     b: list[int]) -> None:
    arr_a, arr_b = np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    runs = exact_runs(arr_a, arr_b)
    check_runs(arr_a, arr_b, runs)
    assert sum(length for _, _, length in runs) == lcs_length(a, b)


def long_text(seed: int, n: int = 3000, vocabulary: int = 400) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, vocabulary, n).astype(np.int64)


@FEW
@given(st.integers(0, 2**32 - 1), st.integers(0, 2999), st.booleans())
def test_one_insertion_or_deletion_leaves_everything_else_matched(seed: int, at: int,
                                                                  insert: bool) -> None:
    a = long_text(seed)
    b = np.insert(a, at, 999) if insert else np.delete(a, at)
    runs = exact_runs(a, b)
    check_runs(a, b, runs)
    assert sum(length for _, _, length in runs) == min(len(a), len(b))


@FEW
@given(st.integers(0, 2**32 - 1), st.integers(0, 999), st.integers(2000, 2998))
def test_two_edits_far_apart_go_through_anchors_and_lose_nothing(seed: int, deleted: int,
                                                                 substituted: int) -> None:
    # The region between the edits (> 65,536 cells) is split at unique n-grams; the gaps
    # between anchors are checked for equality, the substitution's gap among them.
    a = long_text(seed)
    b = a.copy()
    b[substituted] = 999
    b = np.delete(b, deleted)
    runs = exact_runs(a, b)
    check_runs(a, b, runs)
    assert sum(length for _, _, length in runs) == len(a) - 2


def test_identical_inputs_are_one_run() -> None:
    a = long_text(7)
    assert exact_runs(a, a.copy()) == [(0, 0, len(a))]


# --- pairwise --------------------------------------------------------------------------

def tokenized(*texts: str) -> tuple[Vocabulary, list[TokenTable]]:
    vocab = Vocabulary(Normalizer(DEFAULT_LAYERS))
    return vocab, [tokenize(text, vocab) for text in texts]


def pair_up(a_text: str, b_text: str) -> tuple[list[TokenTable], list[tuple[int, int, bool]]]:
    vocab, tables = tokenized(a_text, b_text)
    punct = vocab.punct_of_keys()
    weak = weak_keys(vocab.keys, punct, [t.key_ids for t in tables])
    pairs = align_pair(tables[0].key_ids, tables[1].key_ids, keys=vocab.keys, weak=weak,
                       punct=punct, glued_a=tables[0].glued(), glued_b=tables[1].glued())
    return tables, list(zip(pairs.a_index.tolist(), pairs.b_index.tolist(),
                            pairs.exact.tolist(), strict=True))


word_lists = st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join)


@SETTINGS
@given(word_lists, word_lists)
def test_aligned_pairs_are_monotone_and_exact_pairs_are_equal(a: str, b: str) -> None:
    tables, pairs = pair_up(a, b)
    a_index, b_index = [p[0] for p in pairs], [p[1] for p in pairs]
    assert increasing(a_index) and increasing(b_index)
    for i, j, exact in pairs:
        assert (tables[0].key(i) == tables[1].key(j)) == exact


def exact_texts(a_text: str, b_text: str) -> list[tuple[str, str]]:
    tables, pairs = pair_up(a_text, b_text)
    return [(tables[0].text(i), tables[1].text(j)) for i, j, exact in pairs if exact]


def test_a_swap_around_shared_words_pairs_the_shared_words_not_a_phrase_across() -> None:
    # "blue kettle" would be matched across the swap; the words between the two phrases are
    # what stands still.
    pairs = exact_texts("She packed the blue kettle and the lamp before dawn.",
                        "She packed the lamp and the blue kettle before dawn.")
    assert ("and", "and") in pairs and ("kettle", "kettle") not in pairs
    # Across a sentence end it is no local swap: the longer match stands.
    pairs = exact_texts("Rain fell on the roofs. Then the sun came out again.",
                        "Then the sun came out again. Rain fell on the roofs.")
    assert ("sun", "sun") in pairs


def test_an_added_sentence_slides_onto_its_own_words() -> None:
    # "The" stands before both "storm" and "children": the added block is the sentence
    # "The storm came.", not "storm came. The".
    tables, pairs = pair_up("The fishermen slept. The children ran.",
                            "The fishermen slept. The storm came. The children ran.")
    paired_b = {j for _, j, _ in pairs}
    added = [tables[1].text(j) for j in range(len(tables[1])) if j not in paired_b]
    assert added == ["The", "storm", "came", "."]


def test_a_respelled_word_faces_its_counterpart() -> None:
    tables, pairs = pair_up("They printed the most bafoonish falsifications ever seen.",
                            "They printed some bafoenish falsifications ever seen.")
    facing = {tables[0].text(i): tables[1].text(j) for i, j, _ in pairs}
    assert facing["bafoonish"] == "bafoenish"
    assert "the" not in facing and "most" not in facing  # omitted, not forced onto a word


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), max_size=12), st.lists(st.sampled_from(WORDS),
                                                               max_size=12))
def test_near_pairs_keep_order_and_never_pair_a_word_with_a_mark(a: list[str],
                                                                 b: list[str]) -> None:
    marks = {",", ".", "“", "”"}
    pairs = near_pairs(a, b, [w in marks for w in a], [w in marks for w in b])
    assert increasing([i for i, _ in pairs]) and increasing([j for _, j in pairs])
    for i, j in pairs:
        assert (a[i] in marks) == (b[j] in marks)
        assert a[i] != b[j]  # equal keys left apart here were set apart on purpose


def test_near_pairs_prefer_the_most_similar_word() -> None:
    assert near_pairs(["Rykov", "bafoonish"], ["bafoenish"], [False, False], [False]) == [(1, 0)]


# --- transpose -------------------------------------------------------------------------

def moved(n: int, start: int, length: int, to: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct keys 0..n-1, and the same with ``[start:start+length]`` put before ``to``."""
    a = np.arange(n, dtype=np.int64)
    block, rest = a[start : start + length], np.delete(a, range(start, start + length))
    return a, np.insert(rest, to, block)


def moves_of(a: np.ndarray, b: np.ndarray, min_length: int = 3) -> list[Move]:
    size = int(max(a.max(), b.max())) + 1
    weak, punct = np.zeros(size, dtype=np.bool_), np.zeros(size, dtype=np.bool_)
    pairs = align_pair(a, b, keys=[f"w{k}" for k in range(size)], weak=weak, punct=punct)
    return find_moves(a, b, pairs, min_length=min_length, weak=weak)


def draw_move(data: st.DataObject, length: int, n: int = 60) -> tuple[int, int]:
    """A block's start and destination, moved further than its own length (so that aligning
    the rest beats aligning the block)."""
    start = data.draw(st.integers(0, n - length))
    return start, data.draw(st.integers(0, n - length).filter(lambda t: abs(t - start) > length))


@SETTINGS
@given(st.data(), st.integers(3, 8))
def test_a_moved_block_is_one_move_with_both_places(data: st.DataObject, length: int) -> None:
    start, to = draw_move(data, length)
    a, b = moved(60, start, length, to)
    assert moves_of(a, b) == [Move(start, start + length, to, to + length)]


@SETTINGS
@given(st.data(), st.integers(1, 2))
def test_a_block_shorter_than_min_length_moved_far_is_no_move(data: st.DataObject,
                                                              length: int) -> None:
    """Short blocks are moves only as swaps (see test_moves.py): not beyond SWAP_REACH."""
    n = 2 * SWAP_REACH + 20
    start = data.draw(st.integers(0, n - length))
    to = data.draw(st.integers(0, n - length).filter(
        lambda t: abs(t - start) > SWAP_REACH + length))
    assert moves_of(*moved(n, start, length, to)) == []


@SETTINGS
@given(st.integers(0, 59), st.integers(0, 59))
def test_no_move_when_nothing_moved(substituted: int, deleted: int) -> None:
    a = np.arange(60, dtype=np.int64)
    b = np.where(a == substituted, 100, a)
    assert moves_of(a, a.copy()) == []
    assert moves_of(a, np.delete(b, deleted)) == []


# --- multi -----------------------------------------------------------------------------

def build_table(texts: dict[str, str], order: list[str], base: str) -> AlignmentTable:
    """Tokenize and align as ``collate`` does, the witnesses given in ``order``."""
    vocab, tables = tokenized(*(texts[w] for w in order))
    keys = [t.key_ids for t in tables]
    punct = vocab.punct_of_keys()
    pair_settings = PairSettings(keys=vocab.keys, weak=weak_keys(vocab.keys, punct, keys),
                                 punct=punct, ignore_punctuation=False, min_transposition=3)
    return align_witnesses(order, keys, [t.glued() for t in tables], order.index(base),
                           pair_settings)


edit = st.tuples(st.sampled_from(["delete", "insert", "replace"]), st.integers(0, 40),
                 st.sampled_from(WORDS))


def edited(base: list[str], edits: list[tuple[str, int, str]]) -> str:
    words = list(base)
    for kind, at, word in edits:
        at = at % (len(words) + 1)
        if kind == "insert":
            words.insert(at, word)
        elif at < len(words):
            words[at : at + 1] = [] if kind == "delete" else [word]
    return " ".join(words)


witness_sets = st.tuples(st.lists(st.sampled_from(WORDS), max_size=30),
                         st.lists(st.lists(edit, max_size=6), min_size=1, max_size=3))


@SETTINGS
@given(witness_sets, st.randoms(use_true_random=False))
def test_rows_are_lossless_and_order_of_the_others_changes_nothing(
        sets: tuple[list[str], list[list[tuple[str, int, str]]]], rng: random.Random) -> None:
    base_words, edit_lists = sets
    texts = {"base": " ".join(base_words)}
    texts.update({f"w{k}": edited(base_words, e) for k, e in enumerate(edit_lists)})
    others = sorted(texts.keys() - {"base"})
    first = build_table(texts, ["base", *others], "base")
    reordered = others[::-1]  # every pair of the others swapped; the base anywhere
    reordered.insert(rng.randrange(len(reordered) + 1), "base")
    second = build_table(texts, reordered, "base")
    _, tables = tokenized(*texts.values())
    for witness, table_w in zip(texts, tables, strict=True):
        for table in (first, second):
            row = table.row(witness)
            assert row[row >= 0].tolist() == list(range(len(table_w)))  # each token once
    assert (first.cells >= 0).any(axis=0).all()  # no empty column
    assert first.row("base").tolist() == second.row("base").tolist()
    for witness in texts:
        assert first.row(witness).tolist() == second.row(witness).tolist()


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), max_size=14), st.lists(st.sampled_from(WORDS),
                                                                max_size=14))
def test_align_short_gives_the_pairs_of_align_pair(a: list[str], b: list[str]) -> None:
    vocab, (table_a, table_b) = tokenized(" ".join(a), " ".join(b))
    punct = vocab.punct_of_keys()
    weak = weak_keys(vocab.keys, punct, [table_a.key_ids, table_b.key_ids])
    glued_a, glued_b = table_a.glued(), table_b.glued()
    pairs = align_pair(table_a.key_ids, table_b.key_ids, keys=vocab.keys, weak=weak,
                       punct=punct, glued_a=glued_a, glued_b=glued_b)
    short = align_short(table_a.key_ids.tolist(), table_b.key_ids.tolist(), vocab.keys,
                        weak.tolist(), punct.tolist(), glued_a.tolist(), glued_b.tolist())
    assert short == list(zip(pairs.a_index.tolist(), pairs.b_index.tolist(),
                             pairs.exact.tolist(), strict=True))


@given(st.lists(st.integers(0, 12), max_size=60), st.lists(st.integers(0, 12), max_size=60))
@settings(deadline=None)  # a loaded machine
def test_keys_found_once_on_each_side_are_the_same_counted_or_sorted(
        a: list[int], b: list[int]) -> None:
    # Key ids are counted (numpy.bincount) where they are small numbers, and sorted
    # otherwise: the anchors, and so the whole alignment, must not depend on which.
    import pytest

    from variorum.collation.align import anchors

    left, right = np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    counted = anchors._unique_anchors(left, right, 1)
    runs = exact_runs(left, right)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anchors, "_counted_once", lambda a, b: None)
        sorted_ = anchors._unique_anchors(left, right, 1)
        assert exact_runs(left, right) == runs
    assert [x.tolist() for x in counted] == [x.tolist() for x in sorted_]


@SETTINGS
@given(st.lists(st.integers(0, 12), max_size=80), st.lists(st.integers(0, 12), max_size=80),
       st.sampled_from([1, 2, 4]))
def test_anchors_sorted_together_or_apart_are_the_same(a: list[int], b: list[int],
                                                       n: int) -> None:
    # A small region's two sides are sorted as one (anchors._once_on_each_side), a large
    # one's apart and intersected: the anchors must not depend on which.
    import pytest

    from variorum.collation.align import anchors

    left, right = np.array(a, dtype=np.int64), np.array(b, dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anchors, "_counted_once", lambda a, b: None)
        together = anchors._unique_anchors(left, right, n)
        patch.setattr(anchors, "SORT_TOGETHER_MAX", -1)
        apart = anchors._unique_anchors(left, right, n)
    assert [x.tolist() for x in together] == [x.tolist() for x in apart]
