"""Fuzzing the readers: whatever the bytes, the outcome is witnesses or one VariorumError.

Never another exception, never a hang: each call is timed. The budget is small (the whole
file runs in a few seconds); raise ``max_examples`` locally to search harder.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from variorum.errors import VariorumError
from variorum.ingest import ReadOptions, read_bytes
from variorum.ingest.extracted import Extracted
from variorum.ingest.formats import READERS
from variorum.model import Witness

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
SECONDS = 5.0  # far above any real call on inputs this small: more means a runaway

FORMATS = ("text", "html", "markdown", "tei", "xml")

options = st.builds(
    ReadOptions,
    encoding=st.sampled_from([None, None, None, "latin-1", "utf-16", "cp1252"]),
    tei_view=st.sampled_from(["orig", "reg", "diplomatic"]),
    tei_notes=st.booleans(),
    html_main=st.booleans(),
    html_title=st.booleans(),
)

# Pieces of markup of every kind the readers know, and the kinds that attack parsers.
PIECES = st.sampled_from([
    "<TEI>", "</TEI>", '<TEI xmlns="http://www.tei-c.org/ns/1.0">', "<text>", "</text>",
    "<teiHeader>", "</teiHeader>", "<p>", "</p>", "<div>", "</div>", "<l>", "</l>", "<lg>",
    "</lg>", "<head>", "</head>", "<choice>", "</choice>", "<orig>", "</orig>", "<reg>",
    "</reg>", "<sic>", "</sic>", "<corr>", "</corr>", "<abbr>", "</abbr>", "<expan>",
    "</expan>", "<note>", "</note>", "<lb/>", '<lb break="no"/>', "<pb/>", '<pb break="no"/>',
    "<del>", "</del>", "<add>", "</add>", "<subst>", "</subst>", '<delSpan spanTo="#a"/>',
    '<addSpan spanTo="#a"/>', '<anchor xml:id="a"/>', "<restore>", "</restore>", "<xml>",
    "</xml>", '<pb n="014"/>', "<title>", "</title>", '<a href="/x">', "</a>", "<ins>",
    "</ins>",
    "<html>", "</html>", "<body>", "</body>", "<nav>", "</nav>", "<footer>", "</footer>",
    '<div class="subscribe">', "<pre>", "</pre>", "<br>", "<script>", "</script>",
    '<meta charset="windows-1252">', '<meta charset="utf-16">', '<meta charset="bogus">',
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>',
    '<?xml version="1.0" encoding="nonsense"?>', "<!DOCTYPE TEI [", '<!ENTITY e "x">',
    '<!ENTITY x SYSTEM "file:///etc/passwd">', "]>", "&e;", "&x;", "&amp;", "&lt;", "&#x0;",
    "&#65;", "&nbsp;", "<![CDATA[", "]]>", "<!--", "-->", "<", ">", "&", "'", '"',
    "# ", "## ", "* ", "- ", "1. ", "> ", "```", "`", "[", "]", "(", ")", "](#)",
    "[Subscribe now](#)", "[Share](https://example.org)", "| a | b |\n|---|---|", "---\n",
    "\n", "\n\n", " ", "\t", "\u00a0", "\u2019", "é", "\ufeff", "\x00", "\x01",
])
WORDS = st.text(st.characters(codec="utf-8"), max_size=12)
markup = st.lists(st.one_of(PIECES, WORDS), max_size=40).map("".join)
encoded = st.tuples(markup, st.sampled_from(["utf-8", "utf-16", "cp1252"])).map(
    lambda pair: pair[0].encode(pair[1], "replace"))


def timed(call: Callable[[], object]) -> object:
    started = time.perf_counter()
    try:
        return call()
    finally:
        assert time.perf_counter() - started < SECONDS


def check_read(data: bytes, read_options: ReadOptions | None = None) -> None:
    """read_bytes gives non-empty witnesses or one VariorumError with a one-line message."""
    try:
        witnesses = timed(lambda: read_bytes(data, source="fuzz", witness_id="fuzz",
                                             options=read_options))
    except VariorumError as error:
        assert error.one_line() and "\n" not in error.one_line()
        return
    assert isinstance(witnesses, list) and witnesses
    for witness in witnesses:
        assert isinstance(witness, Witness) and witness.format in READERS
        assert witness.text.strip() and witness.sha256


def check_reader(format_: str, data: bytes, read_options: ReadOptions) -> None:
    """A reader called directly (whatever sniff would say) keeps the same promise."""
    try:
        parts = timed(lambda: READERS[format_](data, "fuzz", read_options))
    except VariorumError as error:
        assert "\n" not in error.one_line()
        return
    assert isinstance(parts, list)
    # The XML reader reads TEI-like XML as TEI, and text that only opened like XML as text.
    formats = {"xml", "tei", "text"} if format_ == "xml" else {format_}
    for part in parts:
        assert isinstance(part, Extracted) and isinstance(part.text, str)
        assert part.format in formats
        if part.source_map is not None:
            offsets = list(part.source_map.offsets)
            assert offsets == sorted(offsets) and offsets[-1] <= len(part.text)


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_through_read_bytes(data: bytes) -> None:
    check_read(data)


@FUZZ
@given(st.text(max_size=300))
def test_random_text_through_read_bytes(text: str) -> None:
    check_read(text.encode("utf-8"))


@FUZZ
@given(encoded, options)
def test_markup_like_strings_through_read_bytes(data: bytes, read_options: ReadOptions) -> None:
    check_read(data, read_options)


@FUZZ
@given(st.sampled_from(FORMATS), st.one_of(encoded, st.binary(max_size=300)), options)
def test_markup_like_strings_through_each_reader(format_: str, data: bytes,
                                                 read_options: ReadOptions) -> None:
    check_reader(format_, data, read_options)


@FUZZ
@given(st.text(st.characters(codec="utf-8", exclude_characters="<>#*-_[]`|&"), min_size=1,
               max_size=200))
def test_plain_text_path(text: str) -> None:
    data = text.encode("utf-8")
    check_reader("text", data, ReadOptions())
    try:
        witnesses = read_bytes(data, source="fuzz", witness_id="fuzz")
    except VariorumError:
        return
    assert [w.format for w in witnesses] == ["text"]
    assert witnesses[0].text == text  # plain text is the whole decoded file, unchanged


# Well-formed TEI built from random words, to check the views rather than only survival.
WORD = st.text(st.sampled_from("abcdefghij"), min_size=1, max_size=6)


@st.composite
def tei_with_choices(draw: st.DrawFn) -> tuple[bytes, list[str], list[str]]:
    orig_words: list[str] = []
    reg_words: list[str] = []
    pieces: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["word", "choice", "note", "lb", "del", "add", "subst"]))
        if kind in ("del", "add", "subst"):
            deleted, added = draw(WORD), draw(WORD)
            pair = []
            if kind != "add":
                orig_words.append(f"D{deleted}")
                pair.append(f"<del>D{deleted}</del>")
            if kind != "del":
                reg_words.append(f"A{added}")
                pair.append(f"<add>A{added}</add>")
            joined = " ".join(pair)
            pieces.append(f" <subst>{joined}</subst> " if kind == "subst" else f" {joined} ")
        elif kind == "word":
            word = draw(WORD)
            orig_words.append(word)
            reg_words.append(word)
            pieces.append(f" {word} ")
        elif kind == "choice":
            orig, reg = draw(WORD), draw(WORD)
            orig_words.append(f"O{orig}")
            reg_words.append(f"R{reg}")
            pair = [f"<orig>O{orig}</orig>", f"\n <reg>R{reg}</reg>\n"]
            pieces.append(" <choice>" + "".join(draw(st.permutations(pair))) + "</choice> ")
        elif kind == "note":
            pieces.append(f"<note>N{draw(WORD)}</note>")
        else:
            pieces.append("<lb/>")
    body = "".join(pieces)
    data = (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>{body}x</p>'
            "</body></text></TEI>").encode()
    return data, orig_words, reg_words


@FUZZ
@given(tei_with_choices())
def test_tei_views_keep_exactly_their_side(case: tuple[bytes, list[str], list[str]]) -> None:
    data, orig_words, reg_words = case
    for view, words in ((ReadOptions(tei_view="orig"), orig_words),
                        (ReadOptions(tei_view="reg"), reg_words)):
        (part,) = READERS["tei"](data, "fuzz", view)
        assert part.text.split() == [*words, "x"]
