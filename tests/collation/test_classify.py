"""Every variant class, each with readings that must get it and readings that must not."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import variorum
from tests.collation.test_collate import collate_texts
from variorum import Witness, collate
from variorum.collation.classify import (
    RULES,
    Verdict,
    _collapse,
    _forms,
    classify_pair,
    most_substantive,
)
from variorum.ingest import read_source
from variorum.model import ACCIDENTAL_CLASSES

# (base reading, other reading, name?, expected class)
POSITIVE = [
    ("police.1", "police.¹", False, "unicode"),
    ("ﬁnal", "final", False, "unicode"),
    ("“won’t”", '"won\'t"', False, "typography"),
    ("1917–18", "1917-18", False, "typography"),
    ("Committee—a", "Committee'a", False, "punctuation"),
    ("said,", "said", False, "punctuation"),
    ("State", "state", False, "case"),
    ("to-day", "today", False, "hyphenation"),
    ("any one", "anyone", False, "hyphenation"),
    ("bafoonish", "bafoenish", False, "spelling"),
    ("colour", "color", False, "spelling"),
    ("Դարձեալ", "Դձլ", False, "spelling"),
    ("ἐν", "εν", False, "spelling"),
    ("ἐν αὐτῷ", "εν αυτω", False, "spelling"),   # each word respelled
    ("Djughachvili", "Djugachvili", True, "name"),
    ("cost 41 million", "cost 38 million", False, "number"),
    ("in 1937", "in 1938", False, "number"),
    ("1906–07", "1906–08", False, "number"),
    ("were shot", "died", False, "substitution"),
    ("", "and Bukharin", False, "addition"),
    ("Rykov and Bukharin", "", False, "omission"),
    ("Rykov, Bukharin", "Rykov", False, "omission"),
    ("Rykov", "Rykov, Bukharin", False, "addition"),
]


@pytest.mark.parametrize(("base", "other", "name", "expected"), POSITIVE)
def test_each_class_has_its_readings(base: str, other: str, name: bool, expected: str) -> None:
    assert classify_pair(base, other, name).class_ == expected


# Readings that look like a class but must not get it.
NEGATIVE = [
    ("State", "Stale", "case"),                   # a letter changed, not its case
    ("said,", "says", "punctuation"),             # a word changed beside the comma
    ("to-day", "to-night", "hyphenation"),
    ("cat", "dog", "spelling"),                   # different words
    ("he", "she", "spelling"),                    # too short to be a respelling
    ("colour red", "color blue", "spelling"),     # two words differ
    ("in 1937", "in 1938", "spelling"),           # numbers are never respellings
    ("Djughachvili", "Djugachvili", "name"),      # not standing as a name
    ("Rehn was shot in 1938", "Rehn died in 1939", "number"),  # the words changed too
    ("were shot", "were", "substitution"),        # a word left out: omission
    ("police.1", "police.2", "unicode"),
]


@pytest.mark.parametrize(("base", "other", "not_expected"), NEGATIVE)
def test_look_alike_readings_do_not_get_the_class(base: str, other: str,
                                                 not_expected: str) -> None:
    assert classify_pair(base, other).class_ != not_expected


def test_a_changed_number_beside_changed_words_is_tagged() -> None:
    verdict = classify_pair("Rehn was shot in 1938", "Rehn died in 1939")
    assert verdict.class_ == "substitution"
    assert "number-changed" in verdict.tags


def test_respelled_name_carries_its_tag_and_edit_distance() -> None:
    verdict = classify_pair("Djughachvili", "Djugachvili", name=True)
    assert verdict.tags == ("proper-name",)
    assert verdict.reason == "a proper name spelled differently (edit distance 1)"


def test_every_verdict_has_a_human_reason() -> None:
    for base, other, name, _ in POSITIVE:
        assert classify_pair(base, other, name).reason


def test_most_accidental_explanation_wins_and_weightiest_class_leads_a_place() -> None:
    # "Rehn," / "rehn" differs in case and punctuation: punctuation, the earlier rule,
    # does not explain the case, so the cumulative rules reach case.
    assert classify_pair("Rehn,", "rehn").class_ == "case"
    verdicts = [Verdict("spelling", "s"), Verdict("omission", "o"), Verdict("case", "c")]
    assert most_substantive(verdicts).class_ == "omission"


def test_classes_end_to_end_in_a_collation() -> None:
    result = collate_texts(
        "In 1937 Rehn, the surveyor, met Djughachvili at the harbour.",
        "In 1938 Rehn the surveyor met Djugachvili at the harbor.")
    assert [(v.class_, v.tags) for v in result.variants] == [
        ("number", ()), ("punctuation", ()), ("punctuation", ()),
        ("name", ("proper-name",)), ("spelling", ())]


def _collate_read(folder: Path, clean: str, damaged: str) -> variorum.Collation:
    """Two files written and read as the command reads them (so the damaged one is repaired)."""
    (folder / "clean.txt").write_text(clean, encoding="utf-8")
    (folder / "damaged.txt").write_text(damaged, encoding="utf-8")
    return collate([*read_source(str(folder / "clean.txt")),
                    *read_source(str(folder / "damaged.txt"))])


def test_mojibake_repaired_to_the_same_reading_is_encoding(tmp_path: Path) -> None:
    result = _collate_read(tmp_path, "He won’t go, said Lenin’s friend, and stayed.",
                           "He wonâ€™t go, said Lenin’s friend, and stayed.")
    (variant,) = result.variants
    assert (variant.class_, variant.readings["damaged"].text) == ("encoding", "wonâ€™t")


def test_a_real_change_under_mojibake_is_tagged_encoding_damage(tmp_path: Path) -> None:
    result = _collate_read(tmp_path, "He won’t go, said Lenin’s friend, and stayed.",
                           "He canâ€™t go, said Lenin’s friend, and stayed.")
    (variant,) = result.variants
    assert variant.class_ != "encoding"
    assert "encoding-damage" in variant.tags


def _slow_forms(text: str) -> tuple[str, ...]:
    forms = [_collapse(text)]
    for _, _, transform in RULES:
        forms.append(transform(forms[-1]))
    return tuple(forms)


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=30))
def test_the_ascii_shortcut_gives_the_same_forms(text: str) -> None:
    assert _forms.__wrapped__(text) == _slow_forms(text)


@pytest.mark.parametrize(("base", "other", "expected"), [
    ("", ",", "punctuation"), (";", "", "punctuation"), (",", ";", "punctuation"),
    ("", "—", "punctuation"),
    ("", "&", "addition"), ("%", "", "omission"),  # a symbol stands for words
    ("", "and", "addition"),
])
def test_lone_punctuation_is_punctuation(base: str, other: str, expected: str) -> None:
    assert classify_pair(base, other).class_ == expected


def test_lone_punctuation_in_a_collation_is_punctuation() -> None:
    result = collate_texts("He came home , and then he slept .",
                           "He came home and then he slept")
    assert [v.class_ for v in result.variants] == ["punctuation", "punctuation"]


def test_two_real_words_are_a_substitution_in_a_collation() -> None:
    result = collate_texts("He ran from the house faster than the wind, he bought bread.",
                           "He ran form the house faster then the wind, he brought bread.")
    assert [(v.readings["A"].text, v.class_) for v in result.variants] == [
        ("from", "substitution"), ("than", "substitution"), ("bought", "substitution")]
    assert "words of en (wordfreq)" in result.variants[2].reason


def test_a_respelling_of_a_real_word_into_a_non_word_stays_spelling() -> None:
    result = collate_texts("The most bafoonish falsifications were printed.",
                           "The most bafoenish falsifications were printed.")
    assert [v.class_ for v in result.variants] == ["spelling"]


def test_a_spelling_changed_throughout_stays_spelling() -> None:
    text = "They realise it, we realise it now, and you will realise it too."
    result = collate_texts(text, text.replace("realise", "realize"))
    assert [v.class_ for v in result.variants] == ["spelling"] * 3
    # once only, the two words of English are two words
    once = collate_texts("They realise it now.", "They realize it now.")
    assert [v.class_ for v in once.variants] == ["substitution"]


def test_in_a_language_without_a_lexicon_agreed_words_are_real_words() -> None:
    # Latin: no wordfreq list. "amicis" and "amicus" both stand elsewhere where the
    # witnesses agree, so amicis/amicus is two words; "quandoque"/"quandoqve" is one word
    # respelled ("quandoqve" stands nowhere else).
    base = "et in via cum amicis ambulabat et non venit quaerebat et quandoque non est"
    other = base.replace("cum amicis", "cum amicus").replace("quandoque", "quandoqve")
    tail = " sed amicus venit et amicis dixit"
    result = collate_texts(base + tail, other + tail)
    assert [(v.readings["A"].text, v.class_) for v in result.variants] == [
        ("amicis", "substitution"), ("quandoque", "spelling")]
    alone = collate_texts(base, other)  # amicus stands nowhere agreed: no evidence
    assert [v.class_ for v in alone.variants] == ["spelling", "spelling"]


def test_a_capital_is_no_evidence_of_a_name_where_sentences_are_not_marked() -> None:
    words = "and the lord spake unto them in the field by the water and they went"
    prose = f"{words}. They saw Abraam there. {words}."
    # the same text without sentence ends: one long run, as in a manuscript
    bare = f"{words} they saw Abraam there {words} " * 3
    marked = collate_texts(prose, prose.replace("Abraam", "Abraham"))
    unmarked = collate_texts(bare, bare.replace("Abraam", "Abraham", 1))
    assert [v.class_ for v in marked.variants] == ["name"]
    assert [v.class_ for v in unmarked.variants] == ["spelling"]
    assert "no evidence of a name" in unmarked.variants[0].reason


@pytest.mark.parametrize(("base", "other"), [
    ("the letter was sent", "the letters was sent"),  # an ending added
    ("une ville seule", "une ville seul"),  # an ending dropped
    ("il aimait", "il laimait"),  # a prefix of one letter (a joined article)
])
def test_an_ending_or_prefix_added_is_another_form_not_a_spelling(base: str, other: str) -> None:
    verdict = classify_pair(base, other)
    assert verdict.class_ == "substitution"
    assert "another form of the word" in verdict.reason


@pytest.mark.parametrize(("base", "other"), [
    ("Marta Quill", "Marta Quil"),  # a doubled letter written once
    ("the colour", "the color"),  # a letter dropped inside the word
    ("the bafoonish act", "the bafoenish act"),
])
def test_respellings_that_are_no_ending_stay_spellings(base: str, other: str) -> None:
    assert classify_pair(base, other).class_ == "spelling"


@pytest.mark.parametrize(("base", "other"), [
    ("աւրինակ", "օրինակ"),  # Armenian աւ / օ: only vowels differ inside, the word ends alike
    ("the Djugashvili file", "the Djugashvely file"),  # vowels only, more than one in five
    ("արքայ", "արքա"),  # a final յ after a vowel is not sounded: written or left out
    ("Տիգրան", "Դիգրան"),  # Armenian voiced / voiceless stop, one sound to many scribes
    ("in suetia", "in svecia"),  # Latin u / v and ti / ci before a vowel
    ("ὁ λόγος", "ο λόγος"),  # a one-letter word differing only in its breathing
    ("οὐκ ἐστίν", "οὐκ ἐστί"),  # Greek movable ν after ι
    ("ըզգեստ", "զգեստ"),  # Armenian ը, the neutral vowel, written or not
])
def test_respellings_by_sound_or_vowels_are_spellings(base: str, other: str) -> None:
    assert classify_pair(base, other).class_ == "spelling"


@pytest.mark.parametrize(("base", "other"), [
    ("une ville seul", "une ville seule"),  # vowels alike but the ending differs: grammar
    ("the cat sat", "the dog sat"),  # other consonants
    ("աւր", "օր"),  # one consonant is too little to tell a word by
])
def test_vowel_and_sound_rules_do_not_reach_other_words(base: str, other: str) -> None:
    assert classify_pair(base, other).class_ == "substitution"


def test_two_words_of_the_language_that_differ_in_a_vowel_are_a_substitution() -> None:
    from variorum.text.lexicon import Lexicon

    assert classify_pair("the tall man", "the till man").class_ == "spelling"
    assert classify_pair("the tall man", "the till man", words=Lexicon("en")).class_ == (
        "substitution")


@pytest.mark.parametrize(("base", "other"), [
    ("", "´"),  # a spacing accent alone: it carries no word
    ("ի", "ի´"),  # an accent written beside a word
    ("esti", "esti¯"),  # an abbreviation stroke after a word
])
def test_detached_accents_and_strokes_are_punctuation(base: str, other: str) -> None:
    assert classify_pair(base, other).class_ == "punctuation"


def test_a_mark_inside_a_word_is_no_new_word() -> None:
    # the acute splits the word into two tokens; joined again it is the same word
    assert classify_pair("մեծա´մեծքն", "մեծամեծքն").class_ in ACCIDENTAL_CLASSES


def test_a_word_cut_by_a_stroke_and_abbreviated_is_a_spelling() -> None:
    # "domin¯s": the stroke stands for the letters left out of "dominus"
    verdict = classify_pair("dominus", "domin¯s")
    assert verdict.class_ == "spelling", verdict


def test_marks_alone_are_not_an_ending() -> None:
    # a decomposed circumflex is one more code point, not one more letter
    assert classify_pair("αὐτω\u0342", "αυτω").class_ == "spelling"
    assert classify_pair("conviée", "conviées").class_ == "substitution"  # an ending


def test_common_words_capitalized_at_a_line_start_are_not_names() -> None:
    # French verse: each line opens with a capital; "Perds" / "Perd" are two forms of a
    # verb, both words of French, not a name respelled
    lines = ["Quand la nuit vient me dire\nPerds confiance et dors,\nJe ne sais que répondre.",
             "Quand la nuit vient me dire\nPerd confiance et dors,\nJe ne sais que répondre."]
    collation = collate([Witness.from_text(str(n), text) for n, text in enumerate(lines)])
    classes = [v.class_ for v in collation.variants]
    assert classes == ["substitution"], [(v.class_, v.reason) for v in collation.variants]
    # a name respelled at the same place stays a name
    names = ["Quand la nuit vient me dire\nMarkowski confiance et dors.",
             "Quand la nuit vient me dire\nMarkovski confiance et dors."]
    collation = collate([Witness.from_text(str(n), text) for n, text in enumerate(names)])
    assert [v.class_ for v in collation.variants] == ["name"]


@pytest.mark.parametrize(("base", "other"), [("won't", "wont"), ("n'est", "nest"),
                                             ("won’t", "wont")])
def test_an_apostrophe_dropped_inside_a_word_is_punctuation(base: str, other: str) -> None:
    # one written word without its apostrophe, not a word joined or split
    verdict = classify_pair(base, other)
    assert (verdict.class_, verdict.reason) == (
        "punctuation", "an apostrophe inside a word written or left out")


def test_the_same_words_in_another_order_are_a_transposition() -> None:
    verdict = classify_pair("lamp and the blue kettle", "blue kettle and the lamp")
    assert (verdict.class_, verdict.reason) == ("transposition",
                                                "the same words in another order")
    respelled = classify_pair("լինէր անցումն", "անցւմն լինէր")
    assert respelled.class_ == "transposition" and "1 of them respelled" in respelled.reason
    # other words, or a word more, are no exchange
    assert classify_pair("the red house", "the house green").class_ == "substitution"
    assert classify_pair("dog bites", "bites the dog").class_ != "transposition"
