import pytest

from variorum.errors import SettingsError
from variorum.text.normalize import DEFAULT_LAYERS, Normalizer, parse_layers


@pytest.mark.parametrize(
    ("layers", "found", "key"),
    [
        ("nfc", "e\u0301", "\u00e9"),
        ("nfc", "State", "State"),
        ("nfc,case", "State", "state"),
        ("nfc,typography", "’", "'"),
        ("nfc,typography", "“", '"'),
        ("nfc,typography", "—", "-"),
        ("nfc,typography", "---", "-"),
        ("nfc,typography", "…", "..."),
        ("nfc,compat", "¹", "1"),
        ("nfc,compat", "ﬁne", "fine"),
        ("nfc,compat", "ſtate", "state"),
        ("nfc,compat", "ＡＢ", "AB"),
        ("nfc,compat", "to\u00adday", "today"),
        ("nfc", "to\u00adday", "to\u00adday"),
        ("nfc,diacritics", "Sieyès", "Sieyes"),
        ("nfc", "Sieyès", "Sieyès"),
    ],
)
def test_each_layer(layers: str, found: str, key: str) -> None:
    assert Normalizer(layers).key(found) == key


def test_default_layers() -> None:
    assert DEFAULT_LAYERS == ("nfc", "typography", "compat", "case")
    assert Normalizer(DEFAULT_LAYERS).key("“Won’t¹”") == "\"won't1\""


def test_nfc_is_always_on_and_order_is_canonical() -> None:
    assert parse_layers("case") == ("nfc", "case")
    assert parse_layers(["diacritics", "punctuation"]) == ("nfc", "punctuation", "diacritics")


def test_unknown_layer_is_a_clear_error() -> None:
    with pytest.raises(SettingsError, match="unknown normalization layer accents"):
        parse_layers("nfc,accents")


def test_punctuation_layer_flag() -> None:
    assert Normalizer("punctuation").ignore_punctuation
    assert not Normalizer(DEFAULT_LAYERS).ignore_punctuation


def test_punctuation_flags_are_is_punctuation_on_every_code_point() -> None:
    # punctuation_flags settles most texts by quick tests (str.isalnum, a search for a letter
    # or digit): on every character alone, and on mixes, it must say what is_punctuation says.
    from variorum.text.normalize import is_punctuation, punctuation_flags

    texts = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    texts += ["won", "a_b", "_", "e\u0301", "1,000", "--", "", "Ⅻ", "٣", "x²", "·"]
    assert punctuation_flags(texts) == [is_punctuation(text) for text in texts]
