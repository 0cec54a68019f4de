"""The HTML, Markdown and TEI readers: the text as found, the boilerplate and markup left out,
unsafe or malformed XML refused with one line (all sample texts are written for these tests)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from variorum.cli import main
from variorum.errors import FormatError, InputError, VariorumError
from variorum.ingest import ReadOptions, read_bytes, read_source
from variorum.ingest.formats import READERS
from variorum.ingest.formats.html import html_to_text, parse_html, read_html, visible_text
from variorum.ingest.formats.markdown import read_markdown
from variorum.ingest.formats.tei import read_tei
from variorum.ingest.sniff import _MARKDOWN_LINE_STARTS, _markdown_signs
from variorum.model import Witness

Write = Callable[..., Path]

LAMP = ("The keeper climbed the stair at dusk, carrying oil for the great lamp that burned "
        "above the harbour.")
WICK = ("Every evening the same ritual followed: trim the wick, polish the lens, and watch the "
        "first ship turn toward the light.")
STORM = ("In winter the storms came down from the north and the tower shook, but the flame "
         "never once went out.")


def one(data: bytes, source: str = "src", options: ReadOptions | None = None) -> Witness:
    witnesses = read_bytes(data, source=source, witness_id="w", options=options)
    assert len(witnesses) == 1
    return witnesses[0]


def refused(data: bytes, source: str, options: ReadOptions | None = None) -> VariorumError:
    with pytest.raises(VariorumError) as caught:
        read_bytes(data, source=source, witness_id="w", options=options)
    error = caught.value
    assert "\n" not in error.one_line() and error.one_line().startswith(f"{source}: ")
    return error


def test_readers_are_registered() -> None:
    assert READERS["html"] is read_html
    assert READERS["markdown"] is read_markdown
    assert READERS["tei"] is read_tei


# --- HTML -------------------------------------------------------------------------------

def page(article: str, *, head: str = '<meta charset="utf-8">') -> str:
    return f"""<!DOCTYPE html>
<html><head>{head}<title>The Lamp Review</title>
<style>p {{ color: grey; }}</style><script>var tracker = "script words";</script></head>
<body>
<header><a href="/">The Lamp Review</a></header>
<nav><ul><li><a href="/">Home</a></li><li><a href="/archive">Archive pages</a></li>
<li><a href="/about">About the review</a></li></ul></nav>
<main><article>
<h1>On lamps and lighthouses</h1>
{article}
</article></main>
<footer><p>Copyright 2024 The Lamp Review. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a></p></footer>
</body></html>"""


ARTICLE = f"""<p>{LAMP}</p>
<p>{WICK}</p>
<div class="subscribe-box"><p>Subscribe to our letters for more harbour stories!</p>
<form><input type="email"><button>Subscribe</button></form></div>
<p>{STORM}</p>"""


def test_html_keeps_the_article_paragraphs_in_order_and_drops_the_boilerplate() -> None:
    witness = one(page(ARTICLE).encode(), "page.html")
    assert witness.format == "html"
    lines = witness.text.splitlines()
    assert [line for line in lines if line in (LAMP, WICK, STORM)] == [LAMP, WICK, STORM]
    assert lines.index(LAMP) < lines.index(WICK) < lines.index(STORM)
    for boilerplate in ("Home", "Archive pages", "Subscribe", "Copyright", "Privacy",
                        "script words", "color"):
        assert boilerplate not in witness.text


def test_html_newsletter_and_aside_boxes_are_dropped() -> None:
    article = (f"<p>{LAMP}</p><aside><p>Read also: ten more lamps.</p></aside><p>{WICK}</p>"
               '<section id="newsletter"><h2>Never miss a story</h2><p>Sign up today.</p>'
               f"</section><p>{STORM}</p>")
    text = one(page(article).encode(), "page.html").text
    assert LAMP in text and WICK in text and STORM in text
    assert "Read also" not in text and "Never miss" not in text and "Sign up" not in text


def test_html_keeps_a_repeated_paragraph() -> None:
    refrain = "And still the lamp burns on."
    article = "".join(f"<p>{line}</p>" for line in (LAMP, refrain, WICK, refrain, STORM))
    lines = one(page(article).encode(), "refrain.html").text.splitlines()
    assert lines[-5:] == [LAMP, refrain, WICK, refrain, STORM]


def test_html_meta_charset_windows_1252() -> None:
    article = "<p>The keeper\x92s caf\xe9 served \x93strong\x94 tea \x96 always.</p>"
    markup = page(article * 3, head='<meta charset="windows-1252">')
    data = markup.encode("latin-1")  # the \x92... characters become the cp1252 bytes
    witness = one(data, "old.html")
    assert witness.encoding_reason == "HTML meta"
    assert witness.encoding == "cp1252"
    assert "The keeper’s café served “strong” tea – always." in witness.text


def test_html_meta_http_equiv_and_xml_declaration() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    data = page(f"<p>{LAMP} Caf\xe9.</p>", head=head).encode("latin-1")
    assert "Café." in one(data, "a.html").text
    xhtml = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n'
             '<html xmlns="http://www.w3.org/1999/xhtml"><body>'
             f"<p>{LAMP} Na\xefve.</p></body></html>").encode("latin-1")
    witness = one(xhtml, "a.xhtml")
    assert witness.encoding_reason == "XML declaration" and "Naïve." in witness.text


def test_html_declaring_utf16_in_ascii_bytes_is_read_as_utf8() -> None:
    data = page(f"<p>{LAMP}</p>", head='<meta charset="utf-16">').encode()
    assert LAMP in one(data, "a.html").text  # not UTF-16 gibberish


def test_html_entities_and_no_break_space_are_text_as_found() -> None:
    text = one(page("<p>Salt &amp; pepper, 5&nbsp;km, &lt;tag&gt; &#8212; done.</p>").encode(),
               "a.html").text
    assert "Salt & pepper" in text and "<tag> — done." in text


def test_tiny_html_page_still_gives_its_text() -> None:
    text = one(b"<html><body><nav>Menu</nav><p>Only a few words.</p></body></html>",
               "tiny.html").text
    assert "Only a few words." in text and "Menu" not in text


def test_visible_text_fallback_when_trafilatura_finds_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    monkeypatch.setattr(trafilatura, "extract", lambda *args, **kwargs: None)
    markup = ("<html><head><title>Title only in head</title></head><body>"
              "<nav><a href='/'>Home</a></nav><header>Masthead</header>"
              "<h1>A  heading</h1><p>First   paragraph,\n  one line.</p>"
              "<div>Second <b>bold</b>word<br>after a break</div>"
              "<ul><li>one item</li><li>two item</li></ul>"
              "<table><tr><td>cell a</td><td>cell b</td></tr></table>"
              "<pre>  kept   as\n  is</pre><script>hidden()</script>"
              "<aside>Side note</aside><footer>Foot</footer></body></html>")
    text = one(markup.encode(), "f.html").text
    assert text == ("Title only in head\n\nA heading\n\nFirst paragraph, one line.\n\n"
                    "Second boldword\nafter a break"
                    "\n\none item\ntwo item\n\ncell a cell b\n\n  kept   as\n  is")


def test_visible_text_without_a_body() -> None:
    assert visible_text(parse_html("<p>loose words</p>", "x.html")) == "loose words"


def test_html_to_text_reads_a_decoded_page_as_read_html_does() -> None:
    markup = page(ARTICLE)
    assert html_to_text(markup) == one(markup.encode(), "p.html").text
    assert html_to_text("<!-- nothing -->") == ""


def test_html_that_is_no_document_is_one_line_error() -> None:
    error = refused(b"<!-- only a comment -->", "empty.html")
    assert isinstance(error, FormatError) and "holds no HTML document" in error.message
    bare = b"<html><head><title>Nothing</title></head></html>"
    error = refused(bare, "bare.html", ReadOptions(html_title=False))
    assert isinstance(error, InputError) and "only white space" in error.message
    assert one(bare, "bare.html").text == "Nothing"  # the title is the page's one line


def test_html_beyond_the_old_parser_limits_is_read_whole() -> None:
    words = "word " * 2_200_000  # over 10 MB in one text node
    text = one(f"<html><body><pre>{words}</pre><p>{'<b>' * 300}deep</p></body></html>"
               .encode(), "big.html").text
    assert text.count("word") == 2_200_000 and text.endswith("deep")


def test_html_nested_past_the_parser_limit_is_an_error_not_a_cut() -> None:
    data = b"<html><body>" + b"<div>" * 2100 + b"deep" + b"</div>" * 2100 + b"</body></html>"
    error = refused(data, "deep.html")
    assert "HTML too large to read at line 1: Excessive depth" in error.message


def test_html_reading_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access while reading HTML")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    markup = page(ARTICLE + '<p><a href="https://example.org/more">more</a></p>'
                  '<img src="https://example.org/lamp.png">',
                  head='<meta charset="utf-8"><base href="https://example.org/">')
    assert LAMP in one(markup.encode(), "net.html").text


def test_html_is_deterministic() -> None:
    data = page(ARTICLE).encode()
    assert len({one(data, "p.html").text for _ in range(3)}) == 1


# --- Markdown ---------------------------------------------------------------------------

MARKDOWN = """---
title: Lamps and lighthouses
date: 2024-03-01
---
# On *lamps* and lighthouses

The keeper climbed the stair at dusk, with **oil** for the [great lamp](https://example.org/lamp).
He trimmed the `wick` by hand.

[Subscribe now](#)

[Leave a comment](#)

[Share](https://example.org/share) · [Tweet](https://example.org/t)

- the lens
- the wick
- the [oil](#oil)

> In winter the storms came from the north.

    indented   code stays

```text
fenced   code *stays*
```

Last words & an escaped \\*star\\*.
"""


def test_markdown_renders_plain_text_blocks() -> None:
    witness = one(MARKDOWN.encode(), "lamps.md")
    assert witness.format == "markdown"
    assert witness.text == (
        "On lamps and lighthouses\n\n"
        "The keeper climbed the stair at dusk, with oil for the great lamp.\n"
        "He trimmed the wick by hand.\n\n"
        "the lens\nthe wick\nthe oil\n\n"
        "In winter the storms came from the north.\n\n"
        "indented   code stays\n\n"
        "fenced   code *stays*\n\n"
        "Last words & an escaped *star*."
    )


@given(st.lists(st.sampled_from([b"\n", b"#", b" ", b"*", b"-", b">", b"`", b"a", b"](", b")"]),
                max_size=60).map(b"".join))
def test_markdown_signs_count_each_marked_line_once(view: bytes) -> None:
    # The one-pass expression counts what counting each mark after a line break counted.
    by_mark = sum(view.count(b"\n" + mark) for mark in _MARKDOWN_LINE_STARTS)
    assert _markdown_signs(view) == (by_mark + view.startswith(_MARKDOWN_LINE_STARTS)
                                     + len(re.findall(rb"\]\([^)]*\)", view)))


def test_markdown_link_only_lines_are_dropped_but_links_in_prose_kept() -> None:
    source = ("[Subscribe now](#)\n\nRead [the log](log.md) first.\n\n"
              "**[Leave a comment](#)**\n\n[Share](https://example.org/s) | [Save](#)\n")
    assert one(source.encode(), "a.md").text == "Read the log first."


def test_markdown_loose_list_tables_and_html_blocks() -> None:
    source = ("- first item\n\n- second item\n\n| Tower | Height |\n|---|---|\n"
              "| North | 40 m |\n\n<div class=\"note\">\n<b>Raw</b> html text\n</div>\n\n"
              "<!-- a comment -->\n\nEnd.\n")
    # read_markdown itself: sniff() takes a .md file holding an HTML block for HTML
    (found,) = read_markdown(source.encode(), "t.md", ReadOptions())
    assert found.text == (
        "first item\n\nsecond item\n\nTower\tHeight\nNorth\t40 m\n\nRaw html text\n\nEnd.")


def test_markdown_without_front_matter_keeps_a_leading_rule() -> None:
    source = "---\n\nAfter a rule.\n\n---\n\nAnd another.\n"
    assert one(source.encode(), "r.md").text == "After a rule.\n\nAnd another."


def test_markdown_in_cp1252_with_override() -> None:
    data = "# Caf\xe9\n\nThe keeper\x92s lamp.\n".encode("latin-1")
    witness = one(data, "a.md", ReadOptions(encoding="cp1252"))
    assert witness.text == "Café\n\nThe keeper’s lamp."
    assert witness.encoding_reason == "given with --encoding"


# --- TEI --------------------------------------------------------------------------------

def tei(body: str, *, header: bool = True, prolog: str = '<?xml version="1.0"?>\n') -> bytes:
    head = ("<teiHeader><fileDesc><titleStmt><title>Header words</title></titleStmt>"
            "</fileDesc></teiHeader>") if header else ""
    return (f'{prolog}<TEI xmlns="http://www.tei-c.org/ns/1.0">{head}\n'
            f"<text><body>{body}</body></text></TEI>").encode()


CHOICES = """<p>The keeper <choice><orig>clymbed</orig><reg>climbed</reg></choice> the stair,
   saw a <choice><sic>shipp</sic><corr>ship</corr></choice> and called
   <choice><abbr>Capt.</abbr><expan>Captain</expan></choice> Rowe.</p>"""


def test_tei_orig_view_keeps_orig_sic_abbr() -> None:
    witness = one(tei(CHOICES), "a.xml")
    assert witness.format == "tei"
    assert witness.text == "The keeper clymbed the stair, saw a shipp and called Capt. Rowe."


def test_tei_reg_view_keeps_reg_corr_expan() -> None:
    witness = one(tei(CHOICES), "a.xml", ReadOptions(tei_view="reg"))
    assert witness.text == "The keeper climbed the stair, saw a ship and called Captain Rowe."


def test_tei_choice_inside_a_word_and_other_alternatives() -> None:
    body = ("<p>colo<choice>\n  <orig>u</orig>\n  <reg></reg>\n</choice>r and "
            "<choice><unclear>mast</unclear><unclear>most</unclear></choice>.</p>")
    assert one(tei(body), "a.xml").text == "colour and mast."
    assert one(tei(body), "a.xml", ReadOptions(tei_view="reg")).text == "color and mast."


def test_tei_apparatus_reads_the_lemma() -> None:
    body = ("<p>The <app><lem>great</lem><rdg wit=\"#B\">grete</rdg></app> lamp and the "
            "<app><rdg>north</rdg><rdg>northe</rdg></app> wind.</p>")
    assert one(tei(body), "a.xml").text == "The great lamp and the north wind."


def test_tei_notes_are_left_out_unless_asked() -> None:
    body = "<p>The lamp<note place=\"foot\">Lit in 1820.</note> burned all night.</p>"
    assert one(tei(body), "a.xml").text == "The lamp burned all night."
    kept = one(tei(body), "a.xml", ReadOptions(tei_notes=True)).text
    assert kept == "The lamp Lit in 1820. burned all night."


def test_tei_line_breaks_and_joined_words() -> None:
    body = """<p>The keeper climbed the<lb/>
      stair at dusk, and the exam-<lb break="no"/>
      ple shows a joined word; a page <pb n="2"/>turns and a col<pb n="3" break="no"/>umn
      <cb/>goes on.</p>"""
    assert one(tei(body), "a.xml").text == (
        "The keeper climbed the\nstair at dusk, and the exam-ple shows a joined word; "
        "a page turns and a column goes on.")


def test_tei_blocks_whitespace_and_header() -> None:
    body = """
    <div><head>Chapter   the first</head>
      <p>  First\tparagraph
           over lines,\u00a0with a no-break space. </p>
      <pb n="4"/>
      <p>Second <hi rend="italic">para</hi>graph.<!-- an editor's comment --></p>
      <lg><l>A verse line</l>
          <l>and the next</l></lg>
      <ab>An anonymous block.</ab>
    </div>"""
    assert one(tei(body), "a.xml").text == (
        "Chapter the first\n\nFirst paragraph over lines,\u00a0with a no-break space.\n\n"
        "Second paragraph.\n\nA verse line\nand the next\n\nAn anonymous block.")


def test_tei_without_text_element_reads_the_root_and_without_namespace() -> None:
    data = b"<TEI><teiHeader><title>Not this</title></teiHeader><p>Loose text.</p></TEI>"
    assert one(data, "a.xml").text == "Loose text."
    assert one(b"<TEI><text><p>No namespace.</p></text></TEI>", "b.xml").text == "No namespace."


def test_tei_corpus_reads_every_text() -> None:
    data = (b'<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">'
            b"<TEI><text><p>First text.</p></text></TEI>"
            b"<TEI><text><p>Second text.</p></text></TEI></teiCorpus>")
    assert one(data, "c.xml").text == "First text.\n\nSecond text."


def test_tei_xml_declaration_encoding() -> None:
    data = tei("<p>Caf\xe9 au lait.</p>",
               prolog='<?xml version="1.0" encoding="ISO-8859-1"?>\n').decode().encode("latin-1")
    witness = one(data, "a.xml")
    assert witness.text == "Café au lait." and witness.encoding_reason == "XML declaration"


def test_tei_utf16_with_bom() -> None:
    data = tei("<p>Wide words.</p>", prolog='<?xml version="1.0" encoding="UTF-16"?>\n')
    witness = one(data.decode().encode("utf-16"), "w.xml")
    assert witness.text == "Wide words." and witness.encoding_reason == "byte order mark"


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE TEI [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&lol9;</p></body></text></TEI>
"""


def test_tei_entity_expansion_bomb_is_refused_without_expanding() -> None:
    started = time.perf_counter()
    error = refused(BILLION_LAUGHS.encode(), "bomb.xml")
    assert time.perf_counter() - started < 1.0
    assert isinstance(error, FormatError)
    assert error.message == "bomb.xml: XML entity declarations are refused"


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE TEI [\n  <!ENTITY % ext SYSTEM "file:///etc/passwd">\n  %ext;\n]>',
    '<!DOCTYPE TEI [<!-- a comment with ]> in it --><!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
])
def test_tei_external_entities_are_refused(doctype: str) -> None:
    data = tei("<p>Secret: &xxe;</p>" if "xxe" in doctype else "<p>Plain.</p>",
               prolog=f'<?xml version="1.0"?>\n{doctype}\n')
    error = refused(data, "xxe.xml")
    assert "XML entity declarations are refused" in error.message
    assert "root:" not in error.one_line()


def test_tei_entity_from_an_unread_external_dtd_is_an_error() -> None:
    data = tei("<p>A dash &mdash; here.</p>",
               prolog='<?xml version="1.0"?>\n<!DOCTYPE TEI SYSTEM "file:///etc/passwd">\n')
    error = refused(data, "ext.xml")
    assert "entity &mdash; is not defined" in error.message


def test_tei_doctype_without_entities_is_fine() -> None:
    data = tei("<p>Plain words.</p>", prolog='<?xml version="1.0"?>\n<!DOCTYPE TEI>\n')
    assert one(data, "d.xml").text == "Plain words."


def test_tei_malformed_xml_names_the_line() -> None:
    data = b'<?xml version="1.0"?>\n<TEI>\n<text>\n<p>Unclosed paragraph</div>\n</text></TEI>'
    error = refused(data, "bad.xml")
    assert isinstance(error, FormatError)
    assert error.message.startswith("bad.xml: malformed XML at line 4: ")
    assert "mismatch" in error.message


@pytest.mark.parametrize("data", [
    b"<TEI><text><p>An undefined &nbsp; entity.</p></text></TEI>",
    b"<TEI><text><p>Control \x01 character.</p></text></TEI>",
    b"<TEI><text><p>Cut off",
])
def test_tei_other_malformed_documents(data: bytes) -> None:
    error = refused(data, "m.xml")
    assert "malformed XML at line 1: " in error.message


@pytest.mark.parametrize("data", [
    b"<TEI>" + b"<div>" * 300 + b"deep" + b"</div>" * 300 + b"</TEI>",
    b"<TEI><text><p>" + b"word " * 2_200_000 + b"</p></text></TEI>",
])
def test_tei_beyond_the_safe_parser_limits(data: bytes) -> None:
    error = refused(data, "big.xml")
    assert error.message.startswith("big.xml: XML too large to read safely at line 1: ")


# --- end to end -------------------------------------------------------------------------

def test_read_source_names_the_format(write: Write) -> None:
    html = write("page.html", page(f"<p>{LAMP}</p><p>{WICK}</p>"))
    markdown = write("notes.md", f"# Lamps\n\n{LAMP}\n\n{WICK}\n")
    xml = write("edition.xml", tei(f"<p>{LAMP}</p><p>{WICK}</p>"))
    for path, format_ in ((html, "html"), (markdown, "markdown"), (xml, "tei")):
        (witness,) = read_source(str(path))
        assert witness.format == format_ and witness.id == path.stem
        assert LAMP in witness.text and WICK in witness.text


def test_cli_collates_html_markdown_and_tei(write: Write,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    html = write("page.html", page(f"<p>{LAMP}</p><p>{WICK}</p>"))
    markdown = write("notes.md", f"# On lamps and lighthouses\n\n{LAMP}\n\n{WICK}\n")
    xml = write("edition.xml", tei(
        f"<head>On lamps and lighthouses</head><p>{LAMP.replace('dusk', 'dawn')}</p>"
        f"<p>{WICK}</p>"))
    code = main(["collate", str(html), str(markdown), str(xml), "--format", "json",
                 "--html-no-title"])  # the page's <title> is not in the other two
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    document = json.loads(captured.out)
    assert [w["format"] for w in document["witnesses"]] == ["html", "markdown", "tei"]
    assert [w["reader"] for w in document["witnesses"]] == ["html-main", "markdown",
                                                             "tei-orig"]
    assert [w["id"] for w in document["witnesses"]] == ["page", "notes", "edition"]
    readings = [v["readings"] for v in document["variants"]]
    assert [{r["text"] for r in reading.values()} for reading in readings] == [{"dusk", "dawn"}]


def test_cli_refuses_unsafe_tei_in_one_line(write: Write,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bomb = write("bomb.xml", BILLION_LAUGHS)
    other = write("other.xml", tei("<p>Plain.</p>"))
    code = main(["collate", str(bomb), str(other)])
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err.count("\n") == 1 and "XML entity declarations are refused" in captured.err
    assert "Traceback" not in captured.err


EDGI = Path(__file__).resolve().parents[3] / "shared" / "data" / "edgi" / "real_versions"


@pytest.mark.skipif(not EDGI.exists(), reason=f"{EDGI} is absent (../shared is beside CI only)")
def test_edgi_fema_pair_mojibake_only_differences_are_encoding(
        capsys: pytest.CaptureFixture[str]) -> None:
    """The 'after' FEMA page is mojibake (UTF-8 read as Latin-1): once repaired, its
    mojibake-only differences are class encoding, so --ignore encoding hides them all."""
    import json as json_module

    from variorum.cli import main

    before = EDGI / "f2d5d701-707a-42e0-8881-653346d01e0a.html"
    after = EDGI / "fc74d750-c651-46b7-bf74-434ad8c62e04.html"
    assert main(["collate", f"before={before}", f"after={after}", "--format", "json"]) == 0
    doc = json_module.loads(capsys.readouterr().out)
    witnesses = {w["id"]: w for w in doc["witnesses"]}
    assert witnesses["before"]["repairs"] == []
    assert len(witnesses["after"]["repairs"]) >= 50
    by_before = {v["readings"]["before"]["text"]: v for v in doc["variants"]}
    for clean in ("Español", "“roaming”", "“reset”", "harm’s"):
        assert by_before[clean]["class"] == "encoding", clean
    for variant in doc["variants"]:
        texts = [reading["text"] for reading in variant["readings"].values()]
        if variant["class"] != "encoding" and any("â\x80" in text or "Ã" in text
                                                  for text in texts):
            # what is left holds a real change besides the damage (another tweet)
            assert "encoding-damage" in variant["tags"]
            assert abs(len(texts[0]) - len(texts[1])) > 10
    assert doc["summary"]["by_class"]["encoding"] >= 30
