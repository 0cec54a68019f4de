"""Proper names, numbers and sentences found without a model, on hand-written texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from variorum.text.names import find_names, is_name, name_key
from variorum.text.numbers import find_numbers, has_number, number_key
from variorum.text.sentences import sentence_spans


def names(text: str) -> list[str]:
    return [name.text for name in find_names(text)]


# --- names -------------------------------------------------------------------------------

def test_names_in_a_list_are_one_name_each_even_opening_the_sentence() -> None:
    assert names("Zinoviev, Kamenev, Rykov, Bukharin were shot.") == [
        "Zinoviev", "Kamenev", "Rykov", "Bukharin"]
    assert names("He met Victor Serge, Central Asia, Anonov-Ovseenko, Mdivani, Okudjava, "
                 "and Eliava.") == ["Victor Serge", "Central Asia", "Anonov-Ovseenko",
                                    "Mdivani", "Okudjava", "Eliava"]


def test_hyphenated_names_one_name_but_three_capitals_make_three_names() -> None:
    assert names("The treaty of Brest-Litovsk and the Stalin-Rykov-Bukharin bloc.") == [
        "Brest-Litovsk", "Stalin", "Rykov", "Bukharin"]
    # An en dash always separates; a lower-case middle keeps a place name whole.
    assert names("the Molotov–Ribbentrop pact near Stratford-upon-Avon") == [
        "Molotov", "Ribbentrop", "Stratford-upon-Avon"]


def test_particles_initials_titles_and_regnal_numerals() -> None:
    assert names("He admired Vincent van Gogh, Charles de Gaulle and Ludwig van Beethoven.") \
        == ["Vincent van Gogh", "Charles de Gaulle", "Ludwig van Beethoven"]
    assert names("Literature: I. Varnhagen, V.I. Lenin and J. R. R. Tolkien.") == [
        "I. Varnhagen", "V.I. Lenin", "J. R. R. Tolkien"]
    assert names("Louis XIV and Nicholas II ruled; so did Peter I in St. Petersburg.") == [
        "Louis XIV", "Nicholas II", "Peter I", "St. Petersburg"]
    # A particle joins only between capitals: "of" after a lower-case word is not a name.
    assert names("the heart of Moscow and the People's Commissariat of Transport") == [
        "Moscow", "People's Commissariat of Transport"]


def test_sentence_initial_words_need_evidence() -> None:
    text = ("Work began in 1922. Brisk's survey followed. Then Anatol Brisk left. "
            "Yesterday the line opened. Marta Quill emigrated. Ossary was flooded.")
    # Work: no evidence. Brisk: capitalized inside a sentence elsewhere. Marta: followed by a
    # capital. Ossary: neither, so not found (a name that only ever opens sentences is missed).
    assert names(text) == ["Brisk", "Anatol Brisk", "Marta Quill"]
    assert names("Rehn and Brisk left.") == ["Brisk"]  # Rehn: no evidence either


def test_a_common_word_seen_in_lower_case_is_no_name_at_a_sentence_start() -> None:
    assert names("Members Rehn and Quill left. The members stayed.") == ["Rehn", "Quill"]
    assert names("Members Rehn and Quill left.") == ["Members Rehn", "Quill"]


def test_function_words_months_roman_numerals_and_headings_are_not_names() -> None:
    assert names("The In It Its A There When However") == []
    assert names("It opened on 1 May 1929, a Monday, in March.") == []
    assert names("CHAPTER II\n\nTHE END. Part IV. Chapter 3.") == []
    assert names("In the year II of the Republic") == ["Republic"]


def test_all_caps_headword_and_acronyms_are_names() -> None:
    assert names("NORTHERN RAILWAY COMMISSION, the body. The NKVD and the USSR.") == [
        "NORTHERN RAILWAY COMMISSION", "NKVD", "USSR"]


def test_possessive_is_left_out_at_the_end_only() -> None:
    found = find_names("The survey of Brisk's and Stalin’s Russia.")
    assert [(n.text, n.start, n.end) for n in found] == [
        ("Brisk", 14, 19), ("Stalin’s Russia", 26, 41)]


def test_cyrillic_and_greek() -> None:
    assert names("В 1937 году Зиновьев и Каменев были расстреляны, а Бухарин позже.") == [
        "Зиновьев", "Каменев", "Бухарин"]
    assert names("Ο Περικλής ζούσε στην Αθήνα. Η Σπάρτη ήταν εχθρός της Αθήνας.") == [
        "Περικλής", "Αθήνα", "Σπάρτη", "Αθήνας"]
    assert names("В. И. Ленин умер в Горках.") == ["В. И. Ленин", "Горках"]


def test_slice_and_offsets_are_into_the_whole_text() -> None:
    text = "Preface by Serge. Zinoviev, Kamenev were shot."
    start = text.index("Zinoviev")
    found = find_names(text, start, text.index(" were"))
    assert [(n.text, n.start) for n in found] == [("Zinoviev", start),
                                                  ("Kamenev", text.index("Kamenev"))]


def test_combining_marks_stay_inside_the_name() -> None:
    decomposed = "Sieye\u0300s"
    assert names(f"The Abbé {decomposed} spoke.") == [f"Abbé {decomposed}"]


def test_name_key_folds_case_typography_and_possessive() -> None:
    assert name_key("VARNHAGEN’s") == name_key("Varnhagen") == ("varnhagen",)
    assert name_key("Anonov\u2011Ovseenko") == ("anonov-ovseenko",)


def test_is_name_for_a_single_reading() -> None:
    assert is_name("Djughachvili", "the real name of Stalin was Joseph ")
    assert is_name("Quil", "the trade-union delegate Marta ")
    assert is_name("Brisk's", "In 1937 Rehn and ")
    assert not is_name("bafoonish", "the most ")
    assert not is_name("were shot", "Zinoviev and Kamenev ")
    assert not is_name("Zinoviev, Kamenev", "In 1936 ")  # two names, not one
    assert not is_name("Work", "")
    assert not is_name("", "Rehn ")


# --- numbers -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("in 1929 and 1930s", [("1929", "year"), ("1930s", "year")]),
    ("in 1925–26 and 1917-18", [("1925–26", "range"), ("1917-18", "range")]),
    ("pages 10–12", [("10–12", "range")]),
    ("41 million crowns", [("41 million", "amount")]),
    ("£41 and $3.5 and € 7", [("£41", "amount"), ("$3.5", "amount"), ("€ 7", "amount")]),
    ("12,300 men and 12\u00a0300 women", [("12,300", "number"), ("12\u00a0300", "number")]),
    ("64% and 12 per cent", [("64%", "percent"), ("12 per cent", "percent")]),
    ("the 1st, 2nd, 3rd and 21st", [("1st", "ordinal"), ("2nd", "ordinal"), ("3rd", "ordinal"),
                                    ("21st", "ordinal")]),
    ("2 тыс. рублей, 1-й съезд", [("2 тыс.", "amount"), ("1-й", "ordinal")]),
    ("3.5 and 1.500,25", [("3.5", "number"), ("1.500,25", "number")]),
    ("on 1 May 1929.", [("1", "number"), ("1929", "year")]),
    ("B52, x2, police.1, Brest-Litovsk", []),
    ("two million travellers", []),
])
def test_find_numbers(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_numbers(text)
    assert [(n.text, n.kind) for n in found] == expected
    assert all(text[n.start : n.end] == n.text for n in found)


def test_has_number_and_number_key() -> None:
    assert has_number("shot in 1938") and has_number("64%")
    assert not has_number("shot in the spring") and not has_number("B52")
    assert number_key("1925–26") == number_key("1925-26")
    assert number_key("12,300") == number_key("12\u00a0300") == "12300"
    assert number_key("41 million") != number_key("38 million")


# --- sentences -----------------------------------------------------------------------------

def test_sentences_end_at_stops_before_capitals_and_at_blank_lines() -> None:
    text = ("Rehn succeeded her. In 1937 Dr. Brisk and I. Varnhagen left! “Why?” he asked.\n\n"
            "Literature: Commission Report (1930)\nand more")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Rehn succeeded her.", "In 1937 Dr. Brisk and I. Varnhagen left!", "“Why?” he asked.",
        "Literature: Commission Report (1930)\nand more"]


# --- properties ----------------------------------------------------------------------------

_PIECES = [*"Aa Bb Zz Жж Ωω .,;:-'’\n 19%£", "Rehn", "Marta", "Quill", " van ", " the ", "I.",
           "II", "May", "1925–26", " million"]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(_TEXTS, st.integers(0, 20), st.integers(0, 20))
def test_spans_are_exact_ordered_and_inside_the_slice(text: str, cut: int, trim: int) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - trim)
    for spans in (find_names(text, start, end), find_numbers(text, start, end)):
        previous_end = start
        for span in spans:
            assert text[span.start : span.end] == span.text
            assert previous_end <= span.start < span.end <= end
            previous_end = span.end
    previous_end = start
    for first, last in sentence_spans(text, start, end):
        assert previous_end <= first < last <= end and text[first:last].strip() == \
            text[first:last]
        previous_end = last


@given(st.text(alphabet=".!?…,;\"'”’»)]([“ \n\t\u00a0\u2003\x1cab", max_size=30))
def test_sentence_ends_counted_a_mark_at_a_time_as_runs_of_marks(text: str) -> None:
    # words_per_sentence_end counts single marks (speed); each run of marks before white
    # space, a closing mark or the end must still count once.
    from variorum.text import names

    assert len(names._SENTENCE_END_MARK.findall(text)) == len(names._SENTENCE_END.findall(text))


@given(st.text(alphabet=".!?…,;\"'”’»)]([“ \n\t\u00a0\u2003\x1c\u2028ab\U0001d400", max_size=40),
       st.integers(1, 7))
@settings(deadline=None)  # the first example builds the table of character classes
def test_sentence_ends_and_words_counted_with_numpy_as_re_and_split_count_them(
        text: str, block: int) -> None:
    # The count runs over blocks of code points (here tiny ones, so that a mark or a word
    # often straddles two): it must be the regular expression's and str.split's.
    from variorum.text import names

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(names, "_COUNT_BLOCK", block)
        counted = names._count_ends_and_words(text)
    assert counted == (len(names._SENTENCE_END_MARK.findall(text)), len(text.split()))


# The scan that reads only capitalized words and particles must find what the word-by-word
# reading finds: same names, same evidence, on any mix of the constructions that matter.
_PIECES = ["Zinoviev", "Kamenev", "van", "Gogh", "of", "the", "Party", "I.", "V.I.", "Lenin",
           "al-Rashid", "d'Artagnan", "O'Brien", "Brest-Litovsk", "NKVD", "II", "was", "shot",
           "pic.twitter.com/AbCd", "@HHSGov", "#Maria", "www.Example.org/X", "mail@Site.com",
           "Foo.community", "xhttp://Bar.com", ",", ".", ":", ";", "\n\n", "\n", " ", "“",
           "Élise", "Ørsted", "ǅemal", "𐐀xe", "Москва", "и", "café", "The", "March"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(0, 6))
def test_the_capital_scan_agrees_with_the_word_by_word_reading(pieces: list[str],
                                                               skip: int) -> None:
    from variorum.text import names

    text = " ".join(pieces)
    start = min(skip, len(text))
    slow_tokens = names._tokens(text, start, len(text))
    tokens, evidence, words = names._scan(text, start, len(text))
    assert evidence == names._evidence(slow_tokens)
    assert words == frozenset(names.WORD.findall(text, start))
    assert names.names_with_words(text, start)[0] == names._find(text, start, len(text))[0]
    assert [t for t in slow_tokens if t.capital] == [t for t in tokens if t.capital]


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_not_prose_run_by_run_finds_what_the_whole_text_scan_finds(pieces: list[str]) -> None:
    from variorum.text import names

    text = "".join(pieces) + " Mail x@y.com, see(www.site.org/a) or foo.community #tag."
    assert names.not_prose(text) == [m.span() for m in names._NOT_PROSE.finditer(text)]


def test_a_heading_line_is_a_sentence_of_its_own_but_a_broken_line_is_not() -> None:
    from variorum.text.sentences import heading_breaks

    text = ("On Social Media\nRockfall on the road. The envoy met Karl\nRadek in May, "
            "with Ivan Smirnov and\nOrlov. Members of the Board\nwere named.")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "On Social Media", "Rockfall on the road.",
        "The envoy met Karl\nRadek in May, with Ivan Smirnov and\nOrlov.",
        "Members of the Board\nwere named."]
    # a list set out one name a line: each line its own sentence
    assert heading_breaks("Members\nKarl Radek\nIvan Smirnov") == [8, 19]


def test_a_plural_possessive_inside_a_name_keeps_it_whole() -> None:
    # "Peoples’ Commissars": the apostrophe of a plural possessive joins, like "People's".
    text = "Members of the Council of Peoples’ Commissars and the Workers' Union met Orlov."
    assert [n.text for n in find_names(text)] == [
        "Council of Peoples’ Commissars", "Workers' Union", "Orlov"]
