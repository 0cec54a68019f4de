import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from variorum.text import _unicode_ranges, tokens
from variorum.text.charclass import OTHER, SPACE, UNSPACED, WORD, class_table
from variorum.text.normalize import DEFAULT_LAYERS, Normalizer
from variorum.text.tokens import Vocabulary, tokenize


def tokens_of(text: str) -> list[str]:
    table = tokenize(text, Vocabulary(Normalizer(DEFAULT_LAYERS)))
    return [table.text(i) for i in range(len(table))]


def rebuild(text: str) -> str:
    table = tokenize(text, Vocabulary(Normalizer(DEFAULT_LAYERS)))
    return table.leading + "".join(table.raw(i) for i in range(len(table)))


def test_words_numbers_punctuation_and_symbols_are_tokens() -> None:
    assert tokens_of("In 1925–26, the £41 plan (¹) failed!") == [
        "In", "1925", "–", "26", ",", "the", "£", "41", "plan", "(", "¹", ")", "failed", "!"]


def test_scripts_latin_cyrillic_greek_armenian_are_words() -> None:
    assert tokens_of("Sieyès Троцкий Ἀθῆναι Երևան") == ["Sieyès", "Троцкий", "Ἀθῆναι", "Երևան"]


def test_cjk_is_tokenized_by_character() -> None:
    assert tokens_of("革命の歴史。한국어") == ["革", "命", "の", "歴", "史", "。", "한", "국", "어"]


def test_combining_marks_stay_inside_their_word() -> None:
    assert tokens_of("cafe\u0301 noe\u0308l") == ["cafe\u0301", "noe\u0308l"]


def test_dot_and_hyphen_runs_are_one_token() -> None:
    assert tokens_of("wait... so--then") == ["wait", "...", "so", "--", "then"]


def test_soft_hyphen_stays_inside_the_word() -> None:
    assert tokens_of("to\u00adday") == ["to\u00adday"]


def test_offsets_point_into_the_text_as_found() -> None:
    text = "  Hello,\n\tworld  "
    table = tokenize(text, Vocabulary(Normalizer(DEFAULT_LAYERS)))
    for i in range(len(table)):
        assert text[table.starts[i] : table.ends[i]] == table.text(i)
    assert table.leading == "  "
    assert table.raw(len(table) - 1) == "world  "


def test_a_span_is_tokenized_with_offsets_into_the_whole_text() -> None:
    text = "prefix. The span itself. suffix"
    start = text.index("The")
    stop = text.index(" suffix")
    table = tokenize(text, Vocabulary(Normalizer(DEFAULT_LAYERS)), start, stop)
    assert [table.text(i) for i in range(len(table))] == ["The", "span", "itself", "."]
    assert table.starts[0] == start


def test_same_string_same_id_across_witnesses() -> None:
    vocab = Vocabulary(Normalizer(DEFAULT_LAYERS))
    first, second = tokenize("The State", vocab), tokenize("the state", vocab)
    assert first.key_ids.tolist() == second.key_ids.tolist()
    assert first.surface_ids.tolist() != second.surface_ids.tolist()


def test_one_type_per_string_across_witnesses_and_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small blocks: every text is several blocks, each meeting known and new tokens.
    monkeypatch.setattr(tokens, "_BLOCK_CHARS", 64)
    vocab = Vocabulary(Normalizer(DEFAULT_LAYERS))
    texts = ["The cat sat on the mat, and the dog sat on the cat. " * 5,
             "A dog, a cat; the mat! Then the Cat sat. " * 7,
             "zebra The cat yak the mat " * 4]
    type_of: dict[str, int] = {}
    for text in texts:
        table = tokenize(text, vocab)
        for i in range(len(table)):
            assert type_of.setdefault(table.text(i), int(table.type_ids[i])) == \
                table.type_ids[i]
            assert vocab.surfaces[int(table.surface_ids[i])] == table.text(i)
    assert len(set(type_of.values())) == len(type_of)


def test_glue_marks_tokens_of_one_written_word() -> None:
    table = tokenize("police.1 Other 日本", Vocabulary(Normalizer(DEFAULT_LAYERS)))
    assert table.glued().tolist() == [True, True, False, False, False]


def test_large_text_is_tokenized_in_blocks_without_losing_anything() -> None:
    text = ("Alpha beta, gamma. " * 70_000) + "end"
    assert len(text) > 1 << 20
    assert rebuild(text) == text


GENERATED_FOR = re.search(r"Unicode ([0-9.]+)", _unicode_ranges.__doc__ or "")


@pytest.mark.skipif(
    GENERATED_FOR is None or GENERATED_FOR.group(1) != unicodedata.unidata_version,
    reason="the ranges were generated for another Unicode version: run "
           "scripts/gen_unicode_ranges.py with this Python",
)
def test_unicode_ranges_match_this_interpreter() -> None:
    word, space = re.compile(r"\w"), re.compile(r"\s")
    table = class_table()
    for cp in range(0x30000):
        ch = chr(cp)
        expected_word = bool(word.match(ch)) or unicodedata.category(ch).startswith("M")
        if space.match(ch):
            assert table[cp] == SPACE, hex(cp)
        elif table[cp] != UNSPACED:
            assert (table[cp] == WORD) == (expected_word or cp in (0xAD, 0x200C, 0x200D)), hex(cp)
    assert table[ord("a")] == WORD and table[ord(",")] == OTHER and table[ord("漢")] == UNSPACED
    upper = {cp for a, b in _unicode_ranges.UPPER_RANGES for cp in range(a, b + 1)}
    assert upper == {cp for cp in range(0x110000) if chr(cp).isupper() or chr(cp).istitle()}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_tokens_are_a_lossless_partition_of_any_text(text: str) -> None:
    assert rebuild(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_no_token_holds_white_space(text: str) -> None:
    assert all(token and not any(ch.isspace() for ch in token) for token in tokens_of(text))


def test_hashing_from_several_threads_at_once_agrees_with_one() -> None:
    # The tables of powers grow on demand and are shared: a thread must never see one grown
    # and the other not yet (this failed with an IndexError on a multi-threaded Dask worker).
    from concurrent.futures import ThreadPoolExecutor

    from variorum.text import tokens

    texts = [" ".join(f"w{i}x{j}" for j in range(400 * (i % 7 + 1))) for i in range(64)]
    expected = [tokens.token_hashes(text)[3] for text in texts]
    for powers in (tokens._NAMING, tokens._CHECKING):
        powers.tables = (powers.tables[0][:1], powers.tables[1][:1])  # start small again
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(lambda text: tokens.token_hashes(text)[3], texts))
    assert all((a == b).all() for a, b in zip(found, expected, strict=True))
