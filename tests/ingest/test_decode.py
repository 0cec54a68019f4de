"""Decoding with a recorded reason (issue 3, part 3): every rule of ``decode`` in order, and
detection accuracy on the chardet corpus in ../shared (skipped when absent)."""

from __future__ import annotations

import codecs
from functools import cache
from pathlib import Path

import charset_normalizer
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from variorum.errors import EncodingError
from variorum.ingest.decode import Decoded, codec_name, decode, sniff_utf16_or_32

from ..conftest import needs_shared

CHARDET = Path(__file__).resolve().parents[3] / "shared" / "data" / "chardet"


def dec(data: bytes, **options: str) -> Decoded:
    return decode(data, source="f.txt", **options)


# --- 1. --encoding wins over everything ----------------------------------------------------

def test_override_wins_over_bom_declaration_and_content() -> None:
    data = codecs.BOM_UTF8 + "Sieyès".encode()
    got = dec(data, override="latin-1", declared="utf-8", declared_by="HTML meta")
    assert got == Decoded(data.decode("latin-1"), "iso8859-1", "given with --encoding")


def test_override_names_are_normalized_and_its_own_bom_dropped() -> None:
    assert dec(b"caf\xe9", override="Windows-1252").encoding == "cp1252"
    got = dec(codecs.BOM_UTF8 + "café".encode(), override="UTF8")
    assert (got.text, got.encoding) == ("café", "utf-8")


@pytest.mark.parametrize("name", ["klingon", "rot13", "base64"])
def test_override_that_is_no_text_encoding_is_a_clear_error(name: str) -> None:
    with pytest.raises(EncodingError) as caught:
        dec(b"text", override=name)
    assert f"f.txt: unknown encoding {name!r}" in caught.value.one_line()


def test_override_that_does_not_fit_names_the_byte_offset() -> None:
    with pytest.raises(EncodingError) as caught:
        dec(b"na\xefve caf\xe9", override="utf-8")
    line = caught.value.one_line()
    assert "f.txt: not valid utf-8 at byte offset 2 (byte 0xef)" in line
    assert "--encoding" in line and "\n" not in line


# --- 2. byte order mark --------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_byte_order_mark(codec: str) -> None:
    text = "Das Gedächtnis — Память"
    got = dec("\ufeff".encode(codec) + text.encode(codec), declared="cp1252")
    assert got == Decoded(text, codec, "byte order mark")


def test_a_bom_like_start_that_is_not_one_goes_on() -> None:
    got = dec(b"\xff\xfeabc")  # "ÿþabc" in Latin-1; as UTF-16-LE, half a code unit is left
    assert got.reason != "byte order mark" and got.text.endswith("abc")


# --- 3. declared charset -------------------------------------------------------------------

def test_declared_charset_is_used_and_named_by_python() -> None:
    data = "Le garçon".encode("cp1252")
    assert dec(data, declared="Windows-1252", declared_by="HTML meta") == \
        Decoded("Le garçon", "cp1252", "HTML meta")
    assert dec(data, declared="latin1", declared_by="XML declaration").encoding == "iso8859-1"


def test_declared_charset_that_fails_falls_through_and_says_so() -> None:
    data = "The Abbé Sieyès".encode("cp1252")
    got = dec(data, declared="utf-8", declared_by="HTML meta")
    assert got.text == "The Abbé Sieyès" and got.encoding == "cp1252"
    assert got.reason.startswith("guessed by charset-normalizer (")
    assert "HTML meta says 'utf-8', which fails at byte offset 7" in got.reason


def test_declared_ascii_on_utf8_bytes_falls_through_to_utf8() -> None:
    got = dec("naïve".encode(), declared="us-ascii", declared_by="XML declaration")
    assert got.encoding == "utf-8"
    assert got.reason == "valid UTF-8 (XML declaration says 'us-ascii', which fails at byte " \
        "offset 2)"


def test_unknown_declared_charset_is_passed_over() -> None:
    got = dec(b"plain", declared="who-knows-what-i-am", declared_by="HTML meta")
    assert got.reason == "valid UTF-8 (HTML meta names an unknown encoding 'who-knows-what-i-am')"


def test_declared_latin1_with_windows_quotes_is_read_as_windows_1252() -> None:
    data = "“Quoted” – dashed".encode("cp1252")
    got = dec(data, declared="ISO-8859-1", declared_by="HTTP header")
    assert got.text == "“Quoted” – dashed" and got.encoding == "cp1252"
    assert "read as windows-1252" in got.reason and got.reason.startswith("HTTP header")


def test_declared_iso_8859_2_on_windows_1250_bytes_is_passed_over() -> None:
    text = "Šťastný člověk šel přes most."  # š is 0x9a in windows-1250: a C1 control in 8859-2
    got = dec(text.encode("cp1250"), declared="iso-8859-2", declared_by="HTML meta")
    assert (got.text, got.encoding) == (text, "cp1250")
    assert "HTML meta says 'iso-8859-2', which reads byte 0x8a at offset 0 as a control " \
        "character" in got.reason


def test_declared_multibyte_encoding_falls_back_to_its_superset() -> None:
    text = "똠방각하"  # "똠" is in cp949 (UHC) but not in EUC-KR proper
    got = dec(text.encode("cp949"), declared="euc-kr", declared_by="HTML meta")
    assert (got.text, got.encoding) == (text, "cp949")
    assert "superset" in got.reason


def test_declared_utf16_is_only_believed_with_its_nul_pattern() -> None:
    got = dec(b"<p>plain</p>", declared="utf-16", declared_by="HTML meta")
    assert got.encoding == "utf-8" and "HTML meta says 'utf-16', but" in got.reason
    got = dec("<p>wide</p>".encode("utf-16-be"), declared="UTF-16", declared_by="HTTP header")
    assert (got.text, got.encoding, got.reason) == ("<p>wide</p>", "utf-16-be", "HTTP header")


# --- 4. UTF-16/32 without BOM, ISO-2022 ----------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("text", [
    "A plain English line.\nAnd a second one.\n",
    "Вчера вечером мы гуляли по набережной.\n",  # few NULs: only spaces, '.', '\n'
    "Ein Brief aus München, 1924 – mit Grüßen.\n",
])
def test_utf16_and_utf32_without_bom(codec: str, text: str) -> None:
    got = dec(text.encode(codec))
    assert (got.text, got.encoding) == (text, codec)
    assert "without a byte order mark (NUL bytes in a steady pattern)" in got.reason
    assert sniff_utf16_or_32(text.encode(codec)) == codec


def test_utf16_beyond_the_bmp_and_in_cjk() -> None:
    text = "Notes 𝔄𝔅 and 中文 text, then more English words.\n" * 3
    assert dec(text.encode("utf-16-le")).text == text


def test_nuls_without_a_pattern_are_not_utf16() -> None:
    assert sniff_utf16_or_32(b"text\x00with a NUL") is None
    assert sniff_utf16_or_32(b"\x00" * 64 + b"<title>NOT UTF-16</title>") is None
    assert dec(b"text\x00with a NUL").encoding == "utf-8"  # the text reader refuses the NUL


def test_utf16_broken_after_the_sniffed_start_is_a_clear_error() -> None:
    data = ("Long enough English text. " * 400).encode("utf-16-le")
    broken = data + b"\x00\xd8" + "end".encode("utf-16-le")  # a lone high surrogate
    with pytest.raises(EncodingError) as caught:
        dec(broken)
    line = caught.value.one_line()
    assert f"looks like UTF-16-LE (NUL bytes in a steady pattern) but is not valid UTF-16-LE " \
        f"at byte offset {len(data)}" in line and "--encoding" in line


def test_iso2022_escape_sequences() -> None:
    text = "日本語のテキストです。"
    got = dec(text.encode("iso2022_jp"))
    assert got == Decoded(text, "iso2022_jp", "ISO-2022-JP escape sequences")


# --- 5. strict UTF-8 -----------------------------------------------------------------------

def test_valid_utf8_and_ascii() -> None:
    assert dec("Sieyès — “Qu’est-ce que le tiers état ?”".encode()).reason == "valid UTF-8"
    assert dec(b"plain ASCII") == Decoded("plain ASCII", "utf-8", "valid UTF-8")
    assert dec(b"") == Decoded("", "utf-8", "valid UTF-8")


@given(st.text(st.characters(exclude_categories=("Cc", "Cs"))))
def test_any_utf8_text_decodes_to_itself(text: str) -> None:
    data = text.encode()
    expected = text.removeprefix("\ufeff")  # a leading U+FEFF is a byte order mark
    got = dec(data)
    assert (got.text, got.encoding) == (expected, "utf-8")


@given(st.text(st.characters(codec="utf-8")),
       st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]))
def test_any_text_with_a_bom_decodes_to_itself(text: str, codec: str) -> None:
    # FF FE then 00 00 is both UTF-16-LE's BOM before U+0000 and UTF-32-LE's BOM: the longer
    # BOM wins, as in every decoder; that one case is ambiguous by construction.
    assume(not (codec == "utf-16-le" and text.startswith("\x00")))
    assert dec(("\ufeff" + text).encode(codec)).text == text


@given(st.binary(max_size=300))
def test_any_bytes_decode_or_raise_encoding_error(data: bytes) -> None:
    try:
        got = dec(data)
    except EncodingError as error:
        assert "\n" not in error.one_line()
    else:  # the encoding is always a Python codec name, as codecs.lookup spells it
        assert codec_name(got.encoding) == got.encoding


# --- 6. the guess: windows-1252 preferred for Western text ---------------------------------

WESTERN = {  # windows-1252
    "English": "The Abbé Sieyès asked “What is the Third Estate?” – and answered it himself.",
    "French": "Le garçon a vu l’éléphant près de la fenêtre où brûlait une bougie ; il était ému.",
    "German": "Die Bürger öffneten die Tür, während draußen schon die Glocken läuteten.",
    "Spanish": "El señor pidió más información sobre la canción; nadie sabía qué contestar.",
    "Portuguese": "A missão da expedição não terminou; os pescadores voltarão à ilha amanhã.",
    "Italian": "Perché la città è così tranquilla? Però domani sarà più affollata.",
    "Danish": "Søren gik over broen og så på de små både i havnen.",
    "Mixed names": "Müller, Gödel and Schrödinger met Sieyès, Pétain and Brontë in São Paulo.",
}
CENTRAL = {  # windows-1250 and ISO-8859-2
    "Czech": "Příští týden pojedeme vlakem do Brna, kde bydlí můj strýc se ženou.",
    "Czech with ť": "Příliš žluťoučký kůň úpěl ďábelské ódy.",
    "Polish": "Wczoraj wieczorem księżyc świecił nad jeziorem, a żaby głośno rechotały.",
    "Polish Ś": "Świat się zmienia, a śnieg pada na Śląsku.",
    "Hungarian": "A kőműves tegnap délután befejezte a ház falát, így végre költözhetünk.",
    "Slovak": "Včera večer sme išli do divadla a potom sme sa prechádzali po nábreží.",
    "Croatian": "Jučer smo šetali uz more i gledali kako se brodići vraćaju u luku.",
    "Slovene": "Čez potok je šel mož s košem, žena pa je čakala doma.",
}


def test_sieyes_in_windows_1252_is_read_as_windows_1252() -> None:
    # charset-normalizer alone reads this as windows-1250: "Sieyčs".
    got = dec("Sieyès".encode("cp1252"))
    assert (got.text, got.encoding) == ("Sieyès", "cp1252")
    assert got.reason.startswith("guessed by charset-normalizer (windows-1252 preferred over ")


def test_the_reason_says_why_windows_1252_won() -> None:
    got = dec(WESTERN["French"].encode("cp1252"))
    assert got.reason == (
        "guessed by charset-normalizer (windows-1252 preferred over windows-1250: 0 unlikely "
        "characters against 3 ('ç', 'ę', 'ű'), its letters fit French)")


@pytest.mark.parametrize("language", WESTERN)
def test_western_text_in_windows_1252(language: str) -> None:
    text = WESTERN[language]
    got = dec(text.encode("cp1252"))
    assert (got.text, got.encoding) == (text, "cp1252")


@pytest.mark.parametrize("codec", ["cp1250", "iso8859-2"])
@pytest.mark.parametrize("language", CENTRAL)
def test_central_european_text_stays_central_european(language: str, codec: str) -> None:
    text = CENTRAL[language]
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        pytest.skip(f"{codec} cannot write this text")
    got = dec(data)
    # The same text is what counts: Hungarian bytes are identical in both code pages.
    assert got.text == text
    assert got.encoding in ("cp1250", "iso8859-2")


def test_czech_in_windows_1250_keeps_windows_1250_and_says_why() -> None:
    got = dec(CENTRAL["Czech"].encode("cp1250"))
    assert got.encoding == "cp1250"
    assert "windows-1250 kept over windows-1252" in got.reason and "fit Czech" in got.reason


@pytest.mark.parametrize(("text", "codec"), [
    ("Öğrenciler sınavdan sonra bahçede oturup çay içtiler ve şarkı söylediler.", "cp1254"),
    ("Copiii se joacă în parcul din faţa şcolii până seara târziu.", "cp1250"),
    ("Le cœur de l'œuvre est un bœuf, payé 20 €.", "iso8859-15"),
    ("Blanchard’s “trackpad” is café-grade.", "mac-roman"),
    ("Þú ert góður maður og ég þakka þér fyrir hjálpina.", "cp1252"),
    ("Вчера вечером мы долго гуляли по набережной и разговаривали о книгах.", "cp1251"),
    ("Вчера вечером мы долго гуляли по набережной и разговаривали о книгах.", "koi8-r"),
    ("Σήμερα ο καιρός είναι καλός και θα πάμε βόλτα στη θάλασσα.", "cp1253"),
])
def test_other_single_byte_texts(text: str, codec: str) -> None:
    assert dec(text.encode(codec)).text == text


@pytest.mark.parametrize("word", ["Müller", "El Niño", "café au lait", "naïve", "i à è ì"])
def test_short_latin_text_is_not_read_as_cjk_or_arabic(word: str) -> None:
    # On a few bytes charset-normalizer answers Big5, cp1006 or UTF-16 almost at random.
    got = dec(word.encode("cp1252"))
    assert (got.text, got.encoding) == (word, "cp1252")


def test_a_failing_first_candidate_gives_way_to_the_next() -> None:
    # The sample (start, middle, end) shows windows-1252 text; a byte that windows-1252 does
    # not define (0x81) sits in a part the sample leaves out.
    line = "Le garçon était à l’école où il apprit à écrire. ".encode("cp1252")
    data = bytearray(line * 20_000)  # about 1 MB
    bad = len(data) * 2 // 5
    data[bad] = 0x81
    got = dec(bytes(data))
    assert got.encoding != "cp1252"
    assert f"windows-1252 fails at byte offset {bad}" in got.reason
    assert got.text == bytes(data).decode(got.encoding)


def test_the_detector_sees_a_bounded_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = charset_normalizer.from_bytes

    def spy(sample: bytes) -> charset_normalizer.CharsetMatches:
        seen.append(len(sample))
        return real(sample)

    monkeypatch.setattr(charset_normalizer, "from_bytes", spy)
    text = "Příští týden pojedeme vlakem do Brna, kde bydlí můj strýc. " * 60_000  # ~3.6 MB
    got = dec(text.encode("cp1250"))
    assert got.text == text and got.encoding == "cp1250"
    assert seen and max(seen) <= 256 * 1024


def test_a_guess_that_fails_entirely_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charset_normalizer, "from_bytes",
                        lambda sample: charset_normalizer.CharsetMatches())
    with pytest.raises(EncodingError) as caught:
        dec(b"abc \xe9\xff\xfe")
    line = caught.value.one_line()
    assert line.startswith("f.txt: not valid UTF-8 at byte offset 4 (byte 0xe9), and no "
                           "encoding could be guessed")
    assert "--encoding" in line and "\n" not in line


def test_codec_names() -> None:
    assert [codec_name(n) for n in ("UTF8", "Shift_JIS", "x-mac-roman", "KOI8-R", "ibm866")] == \
        ["utf-8", "shift_jis", "mac-roman", "koi8-r", "cp866"]
    assert codec_name("hex") is None and codec_name("nonsense") is None


# --- accuracy on the chardet corpus --------------------------------------------------------
#
# "Correct" means: the text decode() returns equals the file decoded with its labelled
# encoding (the folder name), a leading U+FEFF ignored. Equal text is what matters to a
# collation, so equivalent code pages count as correct: an ASCII-only file read as UTF-8, or
# an ISO-8859-1 file read as windows-1252 when no byte 0x80-0x9f occurs. Files the labelled
# codec itself cannot decode, and EUC-TW (Python has no codec for it), are left out.

FAMILIES = {
    "Latin single-byte": ("iso-8859-1", "windows-1252", "iso-8859-2", "windows-1250",
                          "iso-8859-9", "windows-1254", "macroman"),
    "Cyrillic": ("windows-1251", "koi8-r", "iso-8859-5", "ibm866", "ibm855", "maccyrillic"),
    "UTF-16/32": ("utf-16", "utf-16be", "utf-16le", "utf-32", "utf-32be", "utf-32le"),
}
TARGET = 0.95


def _label(folder: str) -> str:
    """``iso-8859-2-czech`` -> ``iso-8859-2``; ``UTF-16LE`` -> ``utf-16le``."""
    name = folder.lower()
    labels = [label for labels in FAMILIES.values() for label in labels]
    return next((label for label in labels if name == label or name.startswith(label + "-")),
                name)


@cache
def corpus_accuracy() -> dict[str, tuple[int, int]]:
    """(right, files) per family."""
    root = CHARDET / "tests" if (CHARDET / "tests").is_dir() else CHARDET
    family_of = {label: family for family, labels in FAMILIES.items() for label in labels}
    counts = {family: [0, 0] for family in FAMILIES}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        family = family_of.get(_label(folder.name))
        if family is None:
            continue
        codec = codecs.lookup(_label(folder.name)).name
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            try:
                expected = data.decode(codec).removeprefix("\ufeff")
            except UnicodeDecodeError:
                continue
            counts[family][1] += 1
            try:
                got = decode(data, source=path.name).text
            except EncodingError:
                continue
            counts[family][0] += got.removeprefix("\ufeff") == expected
    return {family: (right, files) for family, (right, files) in counts.items()}


@needs_shared(CHARDET)
@pytest.mark.shared
@pytest.mark.parametrize("family", FAMILIES)
def test_detection_accuracy_on_the_chardet_corpus(family: str) -> None:
    right, files = corpus_accuracy()[family]
    assert files >= 10, f"{family}: only {files} files found in {CHARDET}"
    assert right / files >= TARGET, f"{family}: {right}/{files} = {right / files:.1%}"
