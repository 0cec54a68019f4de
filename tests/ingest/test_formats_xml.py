"""TEI as editors encode it (breaks inside words, deletions and additions, three views), any
XML read as its text, HTML titles and fragments; the readings led back to source elements.

Golden cases shaped like the Frankenstein Variorum's TEI (a root <xml> around TEI elements,
page breaks with n="014" inside words, <del>/<add> pairs). All sample texts are written for
these tests.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from variorum import collate
from variorum.cli import main
from variorum.errors import FormatError, VariorumError
from variorum.ingest import ReadOptions, read_bytes
from variorum.ingest.sniff import sniff
from variorum.model import Witness

Write = Callable[..., Path]

ORIG, REG, DIPLOMATIC = (ReadOptions(tei_view=view) for view in ("orig", "reg", "diplomatic"))


def one(data: bytes | str, source: str = "src.xml", options: ReadOptions | None = None
        ) -> Witness:
    raw = data.encode() if isinstance(data, str) else data
    witnesses = read_bytes(raw, source=source, witness_id="w", options=options)
    assert len(witnesses) == 1
    return witnesses[0]


def tei(body: str) -> str:
    return ('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader>'
            "<fileDesc><titleStmt><title>Header</title></titleStmt></fileDesc></teiHeader>\n"
            f"<text><body>{body}</body></text></TEI>")


# --- breaks inside words ----------------------------------------------------------------

@pytest.mark.parametrize("element", ["pb", "lb", "cb"])
def test_a_break_with_no_white_space_around_it_is_inside_the_word(element: str) -> None:
    text = one(tei(f'<p>A fine ex<{element} n="12"/>ample of it.</p>')).text
    assert text == "A fine example of it."


@pytest.mark.parametrize("element", ["pb", "lb", "cb"])
def test_break_no_joins_the_word_whatever_the_white_space(element: str) -> None:
    text = one(tei(f'<p>A fine ex\n   <{element} n="12" break="no"/>\n   ample.</p>')).text
    assert text == "A fine example."


def test_a_break_with_white_space_on_one_side_stays_a_break() -> None:
    text = one(tei('<p>the keeper <pb n="2"/>climbed, the lamp<lb/>\n burned,'
                   ' the ship<cb/> sailed</p>')).text
    assert text == "the keeper climbed, the lamp\nburned, the ship sailed"


def test_a_break_before_inline_markup_inside_a_word_joins() -> None:
    assert one(tei('<p>ex<pb n="3"/><hi rend="i">ample</hi> here</p>')).text == "example here"


def test_a_page_break_inside_a_word_is_no_variant() -> None:
    broken = one(tei('<p>It was an ex<pb n="12"/>ample of my restless mind.</p>'))
    whole = Witness.from_text("b", "It was an example of my restless mind.")
    assert collate([broken, whole]).variants == ()


# --- views ------------------------------------------------------------------------------

REVISED = ('<p>I was <del>for ever</del><add>constantly</add> restless, and '
           '<subst><del>walked</del><add>wandered</add></subst> far.</p>')


def test_the_views_of_a_deletion_and_an_addition() -> None:
    assert one(tei(REVISED), options=ORIG).text == "I was for ever restless, and walked far."
    assert one(tei(REVISED), options=REG).text == "I was constantly restless, and wandered far."
    assert one(tei(REVISED), options=DIPLOMATIC).text == (
        "I was [-for ever-]{+constantly+} restless, and [-walked-]{+wandered+} far.")


def test_the_default_view_is_orig() -> None:
    assert one(tei(REVISED)).text == one(tei(REVISED), options=ORIG).text


def test_readers_name_the_view() -> None:
    assert [one(tei(REVISED), options=o).reader for o in (ORIG, REG, DIPLOMATIC)] == [
        "tei-orig", "tei-reg", "tei-diplomatic"]


def test_subst_inside_a_word_and_its_layout_white_space() -> None:
    body = "<p>the colo<subst>\n  <del>u</del>\n  <add></add>\n</subst>r red</p>"
    assert one(tei(body), options=ORIG).text == "the colour red"
    assert one(tei(body), options=REG).text == "the color red"


def test_deletion_and_addition_spans_across_paragraphs() -> None:
    body = ('<p>First words. <delSpan spanTo="#d1"/>Struck words</p>'
            '<p>still struck.<anchor xml:id="d1"/> Kept words.'
            ' <addSpan spanTo="#a1"/>Added later.<anchor xml:id="a1"/> The end.</p>')
    assert one(tei(body), options=ORIG).text == (
        "First words. Struck words\n\nstill struck. Kept words. The end.")
    assert one(tei(body), options=REG).text == (
        "First words.\n\nKept words. Added later. The end.")
    assert one(tei(body), options=DIPLOMATIC).text == (
        "First words. [-Struck words\n\nstill struck.-] Kept words. {+Added later.+} The end.")


def test_a_span_whose_anchor_is_missing_leaves_nothing_out() -> None:
    body = '<p>Before <delSpan spanTo="#nowhere"/>after, all of it kept.</p>'
    for options in (ORIG, REG, DIPLOMATIC):
        assert one(tei(body), options=options).text == "Before after, all of it kept."


def test_an_addition_deleted_again_and_a_restored_deletion() -> None:
    body = ("<p>one <add>two <del>three</del></add> four "
            "<restore><del>five</del></restore> six</p>")
    assert one(tei(body), options=ORIG).text == "one four five six"
    assert one(tei(body), options=REG).text == "one two four five six"


def test_choice_in_the_three_views() -> None:
    body = ("<p>a <choice><sic>shipp</sic><corr>ship</corr></choice> of "
            "<choice><abbr>Capt.</abbr><expan>Captain</expan></choice> Rowe</p>")
    assert one(tei(body), options=ORIG).text == "a shipp of Capt. Rowe"
    assert one(tei(body), options=REG).text == "a ship of Captain Rowe"
    assert one(tei(body), options=DIPLOMATIC).text == "a shipp of Capt. Rowe"


def test_orig_and_reg_collate_as_the_revision() -> None:
    before = one(tei(REVISED), options=ORIG)
    after = dataclasses.replace(one(tei(REVISED), options=REG), id="after")
    texts = [{r.text for r in v.readings.values()}
             for v in collate([before, after]).variants]
    assert texts == [{"for ever", "constantly"}, {"walked", "wandered"}]


# --- TEI recognised by its element names, and any other XML ------------------------------

FRANKENSTEIN_LIKE = """<xml xmlns:xi="http://www.w3.org/2001/XInclude">
<div type="chapter" n="014"><head n="014">Chapter 4</head>
<p n="014">From this day natural philo<pb n="014" xml:id="p014"/>sophy became nearly my
<del rend="strikethrough">for ever</del><add place="superlinear">constantly</add> sole
occupation.<lb n="014"/>
I read with ardour those works.</p>
<milestone unit="tei:p" n="014"/>
</div></xml>"""


def test_a_root_xml_holding_tei_elements_is_read_as_tei() -> None:
    witness = one(FRANKENSTEIN_LIKE, "chapter014.xml")
    assert (witness.format, witness.reader) == ("tei", "tei-orig")
    assert witness.text == ("Chapter 4\n\nFrom this day natural philosophy became nearly my "
                            "for ever sole occupation.\nI read with ardour those works.")
    reg = one(FRANKENSTEIN_LIKE, "chapter014.xml", REG).text
    assert "nearly my constantly sole" in reg


def test_attributes_of_tei_like_xml_never_become_variants() -> None:
    marked = one(FRANKENSTEIN_LIKE, "a.xml", REG)
    other = FRANKENSTEIN_LIKE.replace('n="014"', 'n="015"').replace("xi=", "xinc=")
    renumbered = Witness.from_text("b", one(other, "b.xml", REG).text)
    assert collate([marked, renumbered]).variants == ()


def test_any_xml_blocks_are_paragraphs_and_markup_is_never_text() -> None:
    data = """<?xml version="1.0"?>
<?style sheet="x"?>
<catalogue id="c-014" xmlns:xi="http://www.w3.org/2001/XInclude">
  <!-- a comment, not text -->
  <entry n="1"><name>Lamp</name>  <note>oil, <em>brass</em>, 1820</note></entry>
  <entry n="2"><name>Lens</name><note><![CDATA[glass & <polished>]]></note></entry>
  <summary>Two objects from the <place ref="#h">harbour</place> tower.</summary>
</catalogue>"""
    witness = one(data, "catalogue.xml")
    assert (witness.format, witness.reader) == ("xml", "xml")
    assert witness.text == ("Lamp\n\noil, brass, 1820\n\nLens\n\nglass & <polished>\n\n"
                            "Two objects from the harbour tower.")


def test_xml_sniffing() -> None:
    assert sniff(b"<catalogue><entry>One</entry></catalogue>", "c") == "xml"
    assert sniff(b'<?xml version="1.0"?><a/>', "c") == "xml"
    assert sniff(b"<a><b>An XML root named like an HTML link</b></a>", "a.xml") == "xml"
    assert sniff(b"<a><b>An HTML fragment</b></a>", "a.txt") == "html"
    assert sniff(b"<draft> begins these notes and nothing closes it", "n.txt") == "text"
    assert sniff(b"Plain words about <p> and </p> tags.", "n.txt") == "text"


def test_text_that_merely_looks_like_xml_is_read_as_text() -> None:
    data = "<note> to self: buy oil </note> & trim the <wick>"
    witness = one(data, "notes.txt")
    assert (witness.format, witness.text) == ("text", data)


def test_malformed_declared_xml_is_one_line() -> None:
    with pytest.raises(FormatError) as caught:
        one('<?xml version="1.0"?>\n<a>\n<b>unclosed</a>', "bad.xml")
    line = caught.value.one_line()
    assert "\n" not in line and line.startswith("bad.xml: malformed XML at line 3")


def test_xml_entity_declarations_are_refused() -> None:
    data = '<!DOCTYPE a [<!ENTITY e "boom">]><a>&e;&e;</a>'
    with pytest.raises(VariorumError, match="XML entity declarations are refused"):
        one(data, "bomb.xml")


def test_deep_xml_is_refused_in_one_line() -> None:
    data = "<doc>" + "<b>" * 300 + "deep" + "</b>" * 300 + "</doc>"
    with pytest.raises(FormatError, match="XML too large to read safely"):
        one(data, "deep.xml")


# --- the map back to the source ---------------------------------------------------------

def _tags(source: str) -> dict[tuple[int, int], str]:
    """Every start tag by (line, column), counted as an editor would."""
    found = {}
    for number, line in enumerate(source.split("\n"), 1):
        for match in re.finditer(r"<([A-Za-z][\w:.-]*)", line):
            found[number, match.start() + 1] = match.group(1)
    return found


@pytest.mark.parametrize("options", [ORIG, REG, DIPLOMATIC])
def test_every_offset_maps_to_a_start_tag(options: ReadOptions) -> None:
    witness = one(FRANKENSTEIN_LIKE, "f.xml", options)
    source_map = witness.source_map
    assert source_map is not None and len(source_map) > 3
    tags = _tags(FRANKENSTEIN_LIKE)
    assert list(source_map.offsets) == sorted(source_map.offsets)
    for line, column in zip(source_map.lines, source_map.columns, strict=True):
        assert (line, column) in tags


def test_a_reading_maps_to_its_element() -> None:
    witness = one(FRANKENSTEIN_LIKE, "f.xml", REG)
    assert witness.source_map is not None
    start = witness.text.index("constantly")
    line, column = witness.source_map.at(start)  # type: ignore[misc]
    assert _tags(FRANKENSTEIN_LIKE)[line, column] == "add"
    start = witness.text.index("sophy")  # after the page break: the text that follows it
    assert _tags(FRANKENSTEIN_LIKE)[witness.source_map.at(start)] == "pb"  # type: ignore[index]


def test_comments_cdata_and_doctype_do_not_shift_the_map() -> None:
    data = ('<?xml version="1.0"?>\n<!DOCTYPE doc [<!ELEMENT doc ANY>]>\n'
            "<doc><!-- <fake> --><a>one</a>\n<![CDATA[<b>]]><c>two</c></doc>")
    witness = one(data, "d.xml")
    assert witness.source_map is not None
    assert witness.source_map.at(witness.text.index("one")) == (3, 21)
    assert witness.source_map.at(witness.text.index("two")) == (4, 16)


def test_json_readings_carry_the_source_line_only_for_markup(
        write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    before = write("a.xml", tei("<p>The lamp\n<del>for ever</del><add>always</add> burned.</p>"))
    after = write("b.txt", "The lamp constantly burned.")
    code = main(["collate", str(before), str(after), "--format", "json", "--tei-view", "reg"])
    captured = capsys.readouterr()
    assert code == 0 and captured.err == ""
    document = json.loads(captured.out)
    assert [(w["format"], w["reader"]) for w in document["witnesses"]] == [
        ("tei", "tei-reg"), ("text", "text")]
    (variant,) = document["variants"]
    assert variant["readings"]["a"]["text"] == "always"
    assert (variant["readings"]["a"]["source_line"],
            variant["readings"]["a"]["source_column"]) == (4, 20)  # its <add>
    assert set(variant["readings"]["b"]) == {"text", "start", "end"}


def test_text_report_names_the_reader(write: Write,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    before = write("a.xml", FRANKENSTEIN_LIKE)
    after = write("b.txt", "Chapter 4 From this day natural philosophy became my sole study.")
    assert main(["collate", str(before), str(after), "--tei-view", "diplomatic"]) == 0
    header = capsys.readouterr().out.split("\n\n")[0]
    assert f"{before} (tei-diplomatic)" in header
    assert "(text)" not in header  # plain text, the usual case, goes unsaid


# --- HTML -------------------------------------------------------------------------------

def page(title: str, body: str = "<p>The keeper climbed the stair at dusk.</p>") -> str:
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home page link</a></nav><main><article>{body}"
            "</article></main><footer>Footer words</footer></body></html>")


def test_the_title_is_the_first_line() -> None:
    witness = one(page("The   Lamp\nReview"), "p.html")
    assert witness.text == "The Lamp Review\n\nThe keeper climbed the stair at dusk."
    assert witness.reader in ("html-main", "html-body")
    untitled = one(page("The Lamp Review"), "p.html", ReadOptions(html_title=False))
    assert untitled.text == "The keeper climbed the stair at dusk."


def test_a_page_whose_only_change_is_its_title(write: Write,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    first = write("2019.html", page("Flood maps"))
    second = write("2020.html", page("Flood risk maps"))
    assert main(["collate", str(first), str(second), "--format", "json"]) == 0
    variants = json.loads(capsys.readouterr().out)["variants"]
    assert [v["class"] for v in variants] == ["addition"]
    assert main(["collate", str(first), str(second), "--format", "json",
                 "--html-no-title"]) == 0
    assert json.loads(capsys.readouterr().out)["variants"] == []


@pytest.mark.parametrize("fragment", ['<a href="/x">Before</a>', "<ins>before</ins>",
                                      "<span class='x'>Before</span> and after"])
def test_fragments_are_read_as_html(fragment: str) -> None:
    witness = one(fragment, "fragment.txt")
    assert witness.format == "html"
    assert "<" not in witness.text and "href" not in witness.text
    assert witness.text.lower().startswith("before")


def test_html_all_keeps_the_furniture_html_main_drops_it() -> None:
    markup = page("T", "<p>" + "The keeper climbed the stair at dusk. " * 20 + "</p>")
    main_text = one(markup, "p.html")
    every = one(markup, "p.html", ReadOptions(html_main=False))
    assert main_text.reader == "html-main" and every.reader == "html-all"
    assert "Home page link" not in main_text.text and "Footer words" not in main_text.text
    assert "Home page link" in every.text and "Footer words" in every.text
    assert every.text.startswith("T\n\n")


def test_html_all_from_the_command_line(write: Write,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    first = write("a.html", page("T", "<p>One.</p>"))
    second = write("b.html", page("T", "<p>One.</p>").replace("Footer words", "Foot words"))
    assert main(["collate", str(first), str(second), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["variants"] == []
    assert main(["collate", str(first), str(second), "--format", "json", "--html-all"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert {w["reader"] for w in document["witnesses"]} == {"html-all"}
    assert [{r["text"] for r in v["readings"].values()} for v in document["variants"]] == [
        {"Footer", "Foot"}]


def test_a_parser_message_quoting_the_document_is_still_one_line() -> None:
    # libxml2 follows some messages with the text it stopped at, on lines of their own.
    with pytest.raises(FormatError) as caught:
        one('<?xml version="1.0"?>\n<doc>\n<![CDATA[ never\nfinished', "cut.xml")
    line = caught.value.one_line()
    assert "\n" not in line and line.startswith("cut.xml: malformed XML at line ")
