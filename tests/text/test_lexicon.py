"""Real words of a text's language (text/lexicon.py): the detected language, wordfreq's words,
the agreed words of the text where wordfreq has no list, and the spellings kept as one word."""

from __future__ import annotations

import pytest

from variorum.text.lexicon import Lexicon, detect_language, kindred_spellings, wordfreq_words


@pytest.mark.parametrize(("text", "language"), [
    ("It was the end of the day and the men went home to the town by the river.", "en"),
    ("Il était une fois un roi qui avait une fille et le roi ne voulait pas la marier.", "fr"),
    ("Der Mann ging mit dem Hund in die Stadt und es war nicht kalt.", "de"),
    ("Gallia est omnis divisa in partes tres quae cum ad flumen venit et non redit.", "la"),
    ("Ἐν ἀρχῇ ἦν ὁ λόγος", None),  # no language's function words
    ("", None),
])
def test_the_language_is_told_by_its_function_words(text: str, language: str | None) -> None:
    assert detect_language([text]) == language


def test_wordfreq_gives_no_nearest_match_for_a_language_it_lacks() -> None:
    assert wordfreq_words("la") is None  # wordfreq would answer with Italian
    words = wordfreq_words("en")
    assert words is not None and "form" in words


@pytest.mark.parametrize(("a", "b", "distinct"), [
    ("from", "form", True), ("than", "then", True), ("bought", "brought", True),
    ("county", "country", True),
    ("bafoonish", "bafoenish", False),  # not words of English
    ("harbour", "harbor", False), ("travelled", "traveled", False),  # kindred spellings
])
def test_two_english_words_are_distinct(a: str, b: str, distinct: bool) -> None:
    assert (Lexicon("en").distinct(a, b) is not None) is distinct


def test_marks_alone_never_make_two_words() -> None:
    assert Lexicon("fr").distinct("connaît", "connait") is None
    assert Lexicon("fr").distinct("seul", "seule") == "both words of fr (wordfreq)"


def test_without_a_lexicon_the_agreed_text_tells_the_words() -> None:
    lexicon = Lexicon(None, agreed=lambda: {"cum", "cur"})
    assert lexicon.distinct("cum", "cur") is not None
    assert lexicon.distinct("cum", "cvm") is None  # "cvm" stands nowhere agreed
    assert Lexicon("la", agreed=lambda: {"cum"}).distinct("cum", "cur") is None


def test_a_respelling_made_throughout_is_one_word() -> None:
    lexicon = Lexicon("en", respelled_throughout=lambda a, b: (a, b) == ("centre", "center"))
    assert lexicon.distinct("centre", "center") is None
    assert lexicon.distinct("from", "form") is not None


@pytest.mark.parametrize(("a", "b", "kindred"), [
    ("colour", "color", True), ("mediaeval", "medieval", True), ("modelled", "modeled", True),
    ("talents", "talent", False), ("seule", "seul", False), ("from", "form", False),
    ("bought", "brought", False),
])
def test_kindred_spellings(a: str, b: str, kindred: bool) -> None:
    assert kindred_spellings(a, b) is kindred
