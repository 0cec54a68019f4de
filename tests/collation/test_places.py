"""Tests of the places layer (``variants.find_places``), on tables built as ``collate`` builds
them but without classification.

- every reading is the witness's text at ``[start:end]``;
- places are in text order and do not overlap, in the table and in every witness's text;
- groups partition the witnesses, agreeing witnesses share a group, the largest first;
- two unrelated changes far apart are two places, a rewritten stretch is one (however another
  witness varies inside it), two witnesses' changes side by side are two;
- white space alone makes no place;
- a respelled word bridges nothing: the changes on either side of it stay apart.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from variorum.collation.align.multi import PairSettings, align_witnesses
from variorum.collation.align.weak import weak_keys
from variorum.collation.places import Place, find_places
from variorum.text.normalize import DEFAULT_LAYERS, Normalizer
from variorum.text.tokens import Vocabulary, tokenize

SETTINGS = settings(max_examples=150, deadline=None)

WORDS = ["the", "State", "state", "shot", "died", "Rykov", "Bukharin", "1937", "1938", "in",
         "and", "were", "prison", ",", ".", ";", "“", "”", "won’t", "police.¹", "bafoonish",
         "bafoenish", "革", "命", "e\u0301"]

texts = st.lists(st.sampled_from(WORDS), max_size=30).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "", "\n", "  "]), min_size=len(words),
                           max_size=len(words)).map(
        lambda spaces: "".join(w + s for w, s in zip(words, spaces, strict=True))))


def places_of(*witness_texts: str, base: int = 0) -> list[Place]:
    """Tokenize, align and find places as ``collate`` does; witnesses are A, B, C, ..."""
    vocab = Vocabulary(Normalizer(DEFAULT_LAYERS))
    tables = [tokenize(text, vocab) for text in witness_texts]
    keys = [t.key_ids for t in tables]
    punct = vocab.punct_of_keys()
    pair_settings = PairSettings(keys=vocab.keys, weak=weak_keys(vocab.keys, punct, keys),
                                 punct=punct, ignore_punctuation=False, min_transposition=3)
    ids = [chr(65 + i) for i in range(len(witness_texts))]
    glued = [t.glued() for t in tables]
    table = align_witnesses(ids, keys, glued, base, pair_settings)
    return find_places(table, tables, ids[base], glued)


def readings(places: list[Place]) -> list[tuple[str, ...]]:
    """Each place as the readings of A, B, C, ... in order."""
    return [tuple(r.text for _, r in sorted(p.readings.items())) for p in places]


@SETTINGS
@given(st.lists(texts, min_size=2, max_size=4))
def test_readings_are_the_text_at_their_offsets(witness_texts: list[str]) -> None:
    for place in places_of(*witness_texts):
        for witness, reading in place.readings.items():
            text = witness_texts[ord(witness) - 65]
            assert text[reading.start : reading.end] == reading.text
        assert len({" ".join(r.text.split()) for r in place.readings.values()}) > 1


@SETTINGS
@given(st.lists(texts, min_size=2, max_size=4))
def test_places_are_in_text_order_and_do_not_overlap(witness_texts: list[str]) -> None:
    places = places_of(*witness_texts)
    for place in places:
        assert place.columns[0] < place.columns[1]
    for first, second in itertools.pairwise(places):
        assert first.columns[1] <= second.columns[0]
        for witness, reading in first.readings.items():
            following = second.readings[witness]
            assert reading.start <= reading.end <= following.start <= following.end


@SETTINGS
@given(st.lists(texts, min_size=2, max_size=4))
def test_groups_partition_the_witnesses_by_reading(witness_texts: list[str]) -> None:
    for place in places_of(*witness_texts):
        members = [w for group in place.groups for w in group]
        assert sorted(members) == sorted(place.readings)
        assert [len(g) for g in place.groups] == sorted((len(g) for g in place.groups),
                                                        reverse=True)
        seen = [{" ".join(place.readings[w].text.split()) for w in g} for g in place.groups]
        assert all(len(texts_of_group) == 1 for texts_of_group in seen)
        assert len(set().union(*seen)) == len(place.groups)  # different groups, different texts


def test_agreeing_witnesses_are_one_group() -> None:
    (place,) = places_of("Rykov was shot in 1938 at dawn.", "Rykov died in 1938 at dawn.",
                         "Rykov was shot in 1938 at dawn.", "Rykov died in 1938 at dawn.")
    assert place.groups == (("A", "C"), ("B", "D"))
    assert readings([place]) == [("was shot", "died", "was shot", "died")]


BASE = ("In the spring the commission visited the northern works and reported to the "
        "committee that the line would open within two years, at a cost of forty million.")


def test_two_unrelated_changes_far_apart_are_two_places() -> None:
    other = BASE.replace("spring", "autumn").replace("forty", "thirty")
    assert readings(places_of(BASE, other)) == [("spring", "autumn"), ("forty", "thirty")]


def test_a_rewritten_stretch_is_one_place() -> None:
    other = BASE.replace("visited the northern works and reported to the committee",
                         "was dissolved by order and its members arrested on the orders of "
                         "the committee")
    ((reading_a, reading_b),) = readings(places_of(BASE, other))
    assert reading_a.startswith("visited the northern") and reading_b.startswith("was dissolved")


def test_one_witness_s_rewrite_stays_one_place_however_another_varies_inside_it() -> None:
    rewritten = BASE.replace("visited the northern works and reported",
                             "was dissolved by order and its members arrested and reported")
    varied = BASE.replace("northern", "southern")
    places = places_of(BASE, rewritten, varied)
    assert len(places) == 1
    assert "southern" in places[0].readings["C"].text


HOUSE = "They lived in a tall grey house near the station."


def test_two_witnesses_changes_side_by_side_stay_two_places() -> None:
    places = places_of(HOUSE, HOUSE.replace("tall", "low"), HOUSE.replace("grey", "white"))
    assert readings(places) == [("tall", "low", "tall"), ("grey", "grey", "white")]
    assert [p.groups for p in places] == [(("A", "C"), ("B",)), (("A", "B"), ("C",))]


def test_where_the_witnesses_group_differently_word_by_word_an_apparatus_cuts() -> None:
    # B changes both words, C the second only: "tall] low B" and "grey] white BC", as an
    # apparatus gives a new lemma where the grouping changes (the change joins them).
    places = places_of(HOUSE, HOUSE.replace("tall grey", "low white"),
                       HOUSE.replace("grey", "white"))
    assert readings(places) == [("tall", "low", "tall"), ("grey", "white", "white")]
    assert [p.groups for p in places] == [(("A", "C"), ("B",)), (("B", "C"), ("A",))]


def test_a_witness_omitting_words_the_others_vary_is_cut_with_them() -> None:
    # B omits "tall grey"; C respells "grey" only: the omission is cut where C's group
    # changes (an omission has no words whose place the cut could misstate).
    places = places_of(HOUSE, HOUSE.replace("tall grey ", ""), HOUSE.replace("grey", "gray"))
    assert readings(places) == [("tall", "", "tall"), ("grey", "", "gray")]


def test_a_lost_mark_beside_an_added_word_is_no_replacement() -> None:
    # B loses the comma and writes "came" twice: a mark lost and a word added, not one text
    # replacing another, so the apparatus cuts where C (comma lost) and D (Persia) part.
    text = "the king of Armenia, came home at last"
    places = places_of(text, text.replace("Armenia, came", "Armenia came came"),
                       text.replace(",", ""), text.replace("Armenia", "Persia"))
    assert readings(places) == [("Armenia", "Armenia", "Armenia", "Persia"),
                                (",", "", "", ","), ("", "came", "", "")]


def test_a_witness_respelling_every_word_is_not_one_departure() -> None:
    # B writes everything in capitals and also drops and adds a word far away: its
    # respellings are no departure, so C's and D's differently grouped changes stay two.
    text = "They lived in a tall grey house near the old station."
    shouted = "THEY LIVED IN A TALL GREY HOUSE NEAR THE STATION NOW."
    places = places_of(text, shouted, text.replace("tall grey", "low white"),
                       text.replace("grey", "white"))
    assert ("tall", "TALL", "low", "tall") in readings(places)
    assert ("grey", "GREY", "white", "white") in readings(places)


def test_a_long_omission_with_a_stray_word_is_cut_with_the_others() -> None:
    # B lacks eight words and has one of its own (a fragment's lacuna): mostly an omission,
    # so where C and D vary inside it the apparatus cuts as for any omission.
    text = "one two three four five six seven eight nine ten eleven twelve"
    places = places_of(text, "one two zz eleven twelve", text.replace("four", "for"),
                       text.replace("five six", "5 6"))
    assert ("four", "", "for", "four") in readings(places)
    assert ("five six", "", "five six", "5 6") in readings(places)


@SETTINGS
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25), st.data())
def test_white_space_alone_makes_no_place(words: list[str], data: st.DataObject) -> None:
    space = st.sampled_from([" ", "  ", "\n", "\t", " \n "])
    first = " ".join(words)
    second = "".join(w + data.draw(space) for w in words)
    assert places_of(first, second) == []


def test_a_respelled_word_does_not_bridge_two_changes() -> None:
    places = places_of("He met the tall Marta Quill today.", "He met the short Marta Quil again.")
    assert readings(places) == [("tall", "short"), ("Quill", "Quil"), ("today", "again")]


def test_a_changed_word_does_bridge_two_changes() -> None:
    # The control for the test above: the same shape with a real substitution in the middle.
    places = places_of("He met the tall Marta Quill today.",
                       "He met the short Marta Brisk again.")
    assert readings(places) == [("tall", "short"), ("Quill today", "Brisk again")]


def test_a_changed_number_is_never_a_respelling() -> None:
    places = places_of("They built 1937 new stations.", "They built 1938 more stations.")
    assert readings(places) == [("1937 new", "1938 more")]


def test_a_mark_glued_to_a_word_does_not_widen_over_columns_the_witness_lacks() -> None:
    # E writes "kyng." with nothing between: its full stop is glued to "kyng", yet the
    # columns between them ("old", "david") hold none of E's words, so they are not pulled
    # into the place of "king": king] kng B, kyng E; add. old C; david] om. B D E.
    text = "in the year of the king david there was rain."
    places = places_of(text, text.replace("king david", "kng"),
                       text.replace("king", "king old"), text.replace("king david", "king"),
                       text.replace("king david", "kyng."))
    assert readings(places) == [("king", "kng", "king", "king", "kyng"), ("", "", "old", "", ""),
                                ("david", "", "david", "", ""), ("", "", "", "", ".")]


def test_a_place_widened_back_over_earlier_places_absorbs_them_all() -> None:
    # Three synthetic editions where a run widened to whole written words reaches back past
    # the place before the previous one (a mark glued to different words in different
    # witnesses): every earlier place it reaches is merged, none is left inside it.
    import variorum
    from tests.browser_support import load_bench

    texts = load_bench("editions").make_editions(20_000, 3, 0.05, seed=3)
    collation = variorum.collate([variorum.Witness.from_text(f"E{n}", text)
                                  for n, text in enumerate(texts)])
    for witness in ("E0", "E1", "E2"):
        spans = sorted((v.readings[witness].start, v.readings[witness].end, v.id)
                       for v in collation.variants if "moved-from" not in " ".join(v.tags)
                       and "moved-to" not in " ".join(v.tags))
        overlapping = [(a, b) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
        assert overlapping == []


def test_the_same_words_in_other_columns_are_no_replacement() -> None:
    # Row 0 is the base. Witness 1 lacks "1 2" where the base has them and has "1 2" two
    # columns on: the alignment put the same words elsewhere, no other words were put, so
    # the stretch can be cut. Witness 2 puts "3 4" instead: a replacement, not cut inside.
    import numpy as np

    from variorum.collation.places import _inside_replacement

    shifted = np.array([[1, 2, -1, -1], [-1, -1, 1, 2]])
    replaced = np.array([[1, 2, -1, -1], [-1, -1, 3, 4]])
    for surfaces, inside in ((shifted, [False, False, False]), (replaced, [True, True, True])):
        words = surfaces >= 0
        respelled = np.zeros(surfaces.shape, dtype=np.bool_)
        found = _inside_replacement(surfaces, surfaces, words, respelled, 0)
        assert found.tolist() == inside


@pytest.mark.parametrize(("base", "other", "added"), [
    ("They fed the cat and the dog at dawn.",
     "They fed the cat and the bird and the dog at dawn.", "and the bird"),
    ("He walked in the town or in the square.",
     "He walked in the town or in the street or in the square.", "or in the street"),
    # Greek function words are known without their accents: "ἢ", "ἐν" do not end a phrase
    ("Τοὺς ἐν τῇ πόλει βλασφημοῦντας ἢ ἐν ἀγορᾷ διόρθωσον.",
     "Τοὺς ἐν τῇ πόλει βλασφημοῦντας ἢ ἐν ὁδῶ ἢ ἐν ἀγορᾷ διόρθωσον.", "ἢ ἐν ὁδῶ"),
])
def test_an_addition_among_repeated_words_is_cited_as_a_phrase(base: str, other: str,
                                                                added: str) -> None:
    # The added words could be cited at several offsets ("bird and the", "the bird and");
    # the one ending on a word that is not a function word is a phrase, as an editor cites it.
    assert readings(places_of(base, other)) == [("", added)]
