"""The HTML report as a document: self-contained, escaped, its data true to the collation.

What it does in a browser is tested in test_html_browser.py.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import itertools
import json
import re
import tomllib
from pathlib import Path
from typing import Any

import html5lib
import lxml.html
import pytest

import variorum
from variorum.cli import main
from variorum.model import ACCIDENTAL_CLASSES, SUBSTANTIVE_CLASSES
from variorum.reports import ReportOptions, render
from variorum.reports.html import script_json
from variorum.reports.json_report import erasure_document, name_change_document

from ..conftest import REVISED, collate_texts

ROOT = Path(__file__).resolve().parents[2]
DEMO = [ROOT / "examples" / "encyclopedia" / f"{year}.txt" for year in (1949, 1953, 1956)]
XHTML = "{http://www.w3.org/1999/xhtml}"

# What an edition or a file name may hold that must stay text (see also the browser tests).
HOSTILE_TEXT = (
    'The <script>window.__pwned=1;alert(1)</script> text "><img src=x '
    'onerror="window.__pwned=2;alert(2)"> and ]]> and <!-- and </script> '
    "with \x01\x1b\x7f\x85\u2028\u2029 control & end.\n"
)
HOSTILE_OTHER = (
    'The <script>window.__pwned=3;alert(3)</script> texts "><img src=y '
    'onerror="window.__pwned=4;alert(4)"> and ]]> or <!-- and </SCRIPT > '
    "with \x02\x1b\x7f\x85\u2028 control &amp; end.\n"
)
HOSTILE_NAMES = ('"><img src=x onerror=alert(5)>', "<script>alert(6)<\\script>")


def demo_html(tmp_path: Path, *extra: str) -> str:
    output = tmp_path / "demo.html"
    assert main(["collate", *map(str, DEMO), "--format", "html", "-o", str(output),
                 *extra]) == 0
    return output.read_text(encoding="utf-8")


def hostile_html(tmp_path: Path) -> tuple[Path, str]:
    sources = []
    for name, text in zip(HOSTILE_NAMES, (HOSTILE_TEXT, HOSTILE_OTHER), strict=True):
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append(str(path))
    output = tmp_path / "hostile.html"
    assert main(["collate", *sources, "--format", "html", "-o", str(output)]) == 0
    return output, output.read_text(encoding="utf-8")


def parsed(document: str) -> Any:
    """The document as a browser's parser sees it (html5lib follows the WHATWG algorithm)."""
    return html5lib.parse(document, treebuilder="lxml", namespaceHTMLElements=False)


def embedded_data(document: str) -> dict[str, Any]:
    (block,) = parsed(document).xpath("//script[@id='variorum-data']")
    data: dict[str, Any] = json.loads(block.text)
    return data


def csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_page_is_self_contained_and_its_policy_forbids_outside_loads(tmp_path) -> None:
    document = demo_html(tmp_path)
    tree = parsed(document)
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json", None]
    (meta,) = tree.xpath("//meta[@http-equiv='Content-Security-Policy']")
    policy = dict(part.strip().split(" ", 1) for part in meta.get("content").split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["img-src"] == "data:"
    assert policy["base-uri"] == "'none'"
    # Only the page's own script and stylesheet may run: their hashes, nothing else.
    assert policy["script-src"] == csp_hash(scripts[1].text)
    (style,) = tree.xpath("//style")
    assert policy["style-src"] == csp_hash(style.text)
    # The policy stands before anything it governs.
    head = tree.xpath("/html/head/*")
    assert head[0].tag == "meta" and head[0].get("charset") == "utf-8"
    assert head[1] is meta
    # Nothing that could fetch: no URL attribute, no remote reference in script or style.
    for attribute in ("src", "href", "action", "srcset", "poster", "data", "formaction"):
        assert not tree.xpath(f"//*[@{attribute}]"), attribute
    assert not re.search(r"https?:|@import|url\(", scripts[1].text + style.text)


def test_both_parsers_read_the_same_page(tmp_path) -> None:
    document = demo_html(tmp_path)
    tree = lxml.html.document_fromstring(document)
    assert tree.xpath("//title")[0].text == "variorum: 1949, 1953, 1956"
    assert len(tree.xpath("//script")) == 2
    for view in ("reading", "pair", "variants", "witnesses", "erasures"):
        assert tree.xpath(f"//section[@id='view-{view}']")


def test_embedded_data_is_the_collation(tmp_path) -> None:
    witnesses = [variorum.Witness.from_text(path.stem, path.read_text(encoding="utf-8"),
                                            source=str(path)) for path in DEMO]
    collation = variorum.collate(witnesses, erasures=True)
    data = embedded_data(render(collation, "html"))
    assert [w["id"] for w in data["witnesses"]] == ["1949", "1953", "1956"]
    assert data["texts"] == [w.content for w in witnesses]
    assert data["witnesses"][0]["sha256"] == witnesses[0].sha256
    columns = data["variants"]
    classes = [c["name"] for c in data["classes"]]
    assert classes[: len(ACCIDENTAL_CLASSES)] == list(ACCIDENTAL_CLASSES)
    assert len(columns["id"]) == len(collation.variants)
    for n, variant in enumerate(collation.variants):
        assert columns["id"][n] == variant.id
        assert classes[columns["class"][n]] == variant.class_
        assert columns["reasons"][columns["reason"][n]] == variant.reason
        for w, witness in enumerate(witnesses):
            reading = variant.readings[witness.id]
            start, end = columns["start"][w][n], columns["end"][w][n]
            assert data["texts"][w][start:end] == reading.text
            group = variant.groups[columns["group"][w][n]]
            assert witness.id in group
    assert data["summary"]["by_class"] == collation.by_class()
    assert data["erasures"] == [erasure_document(e) for e in collation.erasures] != []
    assert data["name_changes"] == [name_change_document(c) for c in collation.name_changes]
    assert data["hidden"] == []


def test_a_span_is_sent_alone_and_readings_count_from_its_start() -> None:
    text = "HEADER junk. The cat sat. MIDDLE. The dog sat. FOOTER"
    first = variorum.Witness(id="a", text=text, span=variorum.Span(13, 25))
    second = variorum.Witness(id="b", text=text, span=variorum.Span(34, 46))
    collation = variorum.collate([first, second])
    data = embedded_data(render(collation, "html"))
    assert data["texts"] == ["The cat sat.", "The dog sat."]
    assert [w["offset"] for w in data["witnesses"]] == [13, 34]
    assert [w["span"] for w in data["witnesses"]] == [[13, 25], [34, 46]]
    (variant,) = collation.variants
    assert data["texts"][1][data["variants"]["start"][1][0]:data["variants"]["end"][1][0]] \
        == variant.readings["b"].text == "dog"


def test_ignore_hides_classes_at_first_in_the_page_only(tmp_path) -> None:
    data = embedded_data(demo_html(tmp_path, "--ignore", "name,omission"))
    names = [c["name"] for c in data["classes"]]
    assert sorted(names[n] for n in data["hidden"]) == ["name", "omission"]
    # Hidden is not removed: every variant is still in the page.
    assert len(data["variants"]["id"]) == data["summary"]["variants"] == 12


def test_hostile_text_and_file_names_stay_text(tmp_path) -> None:
    _, document = hostile_html(tmp_path)
    tree = parsed(document)
    # The parser found exactly our elements: no script, image or handler came from the data.
    assert len(tree.xpath("//script")) == 2
    assert not tree.xpath("//img | //iframe | //object | //embed | //svg | //math")
    assert not [a for e in tree.iter() if isinstance(e.tag, str)
                for a in e.attrib if a.lower().startswith("on")]
    assert tree.xpath("//title")[0].text == "variorum: " + ", ".join(HOSTILE_NAMES)
    # Inside the data block nothing can close it or open a comment.
    block = document.split('id="variorum-data">', 1)[1].split("</script>", 1)[0]
    for raw in ("<", ">", "&", "\u2028", "\u2029", "\x85", "\x7f"):
        assert raw not in block
    data = json.loads(block)
    assert data["texts"] == [HOSTILE_TEXT, HOSTILE_OTHER]
    assert [w["id"] for w in data["witnesses"]] == list(HOSTILE_NAMES)
    assert data["witnesses"][0]["source"].endswith(HOSTILE_NAMES[0] + ".txt")


def test_script_json_escapes_what_could_end_the_block() -> None:
    hostile = "</script><!--<script>]]>&\u2028\u2029\x85\ud800"
    encoded = script_json({"t": hostile})
    assert not set("<>&\u2028\u2029\x85\ud800") & set(encoded)
    assert json.loads(encoded) == {"t": hostile}


def test_lone_surrogates_do_not_break_writing_the_page(tmp_path) -> None:
    # A file name that is not valid UTF-8 reaches Python as lone surrogates.
    collation = collate_texts("one \udcff two three", "one two three")
    document = render(collation, "html")
    (tmp_path / "report.html").write_text(document, encoding="utf-8")
    assert embedded_data(document)["texts"][0] == "one \udcff two three"


def test_no_variants_gives_a_page_too() -> None:
    data = embedded_data(render(collate_texts("Same text.", "Same text."), "html"))
    assert data["variants"]["id"] == [] and data["summary"]["variants"] == 0


def test_every_class_has_a_colour_and_class_names_never_reach_a_selector() -> None:
    from variorum.reports.html import CLASS_COLORS

    assert set(CLASS_COLORS) == set(ACCIDENTAL_CLASSES) | set(SUBSTANTIVE_CLASSES)
    document = render(collate_texts("a b c", "a x c"), "html")
    style = parsed(document).xpath("//style")[0].text
    assert ".k9{" in style and "substitution" not in style


def test_the_assets_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["variorum"]
    package = ROOT / "src" / "variorum"
    shipped = {path for pattern in patterns for path in package.glob(pattern)}
    assets = set((package / "reports" / "html_assets").iterdir())
    assert assets and assets <= shipped


@pytest.mark.parametrize("ignored", [frozenset(), frozenset(ACCIDENTAL_CLASSES)])
def test_options_only_change_what_is_hidden(ignored: frozenset[str]) -> None:
    collation = collate_texts("The cat, sat on the mat.", "The Cat sat on a mat!")
    data = embedded_data(render(collation, "html", ReportOptions(ignore=ignored)))
    names = [c["name"] for c in data["classes"]]
    assert {names[n] for n in data["hidden"]} == ignored


def demo_collation() -> variorum.Collation:
    witnesses = [variorum.Witness.from_text(path.stem, path.read_text(encoding="utf-8"),
                                            source=str(path)) for path in DEMO]
    return variorum.collate(witnesses, erasures=True)


def test_embedded_changes_are_the_collations() -> None:
    collation = variorum.collate([variorum.Witness.from_text(wid, text)
                                  for wid, text in REVISED.items()])
    data = embedded_data(render(collation, "html"))
    columns, blocks, texts = data["variants"], data["changes"], data["texts"]
    reasons = columns["reasons"]
    classes = [c["name"] for c in data["classes"]]
    sent = {change_id: b for b, change_id in enumerate(blocks["id"])}
    assert any(len(change.variants) > 1 for change in collation.changes)
    change_ids = list(itertools.accumulate(columns["change_step"]))
    assert change_ids == [v.change for v in collation.variants]
    for change in collation.changes:
        # Its places are the variants that name it, in their order.
        places = [n for n, change_id in enumerate(change_ids) if change_id == change.id]
        assert [columns["id"][n] for n in places] == list(change.variants)
        if change.id not in sent:  # one place, and the change is that place
            (variant,) = [v for v in collation.variants if v.id == change.variants[0]]
            assert (variant.class_, variant.reason) == (change.class_, change.reason)
            assert dict(variant.readings) == dict(change.readings)
            continue
        b = sent[change.id]
        assert classes[blocks["class"][b]] == change.class_
        assert reasons[blocks["reason"][b]] == change.reason
        shift = blocks["shift"]
        row = shift["at"].index(b) if b in shift["at"] else None
        for w, witness in enumerate(collation.witnesses):
            # From the start of its first place to the end of its last, save for a shift.
            moved = (0, 0) if row is None else (shift["start"][w][row], shift["end"][w][row])
            start = columns["start"][w][places[0]] + moved[0]
            end = columns["end"][w][places[-1]] + moved[1]
            assert texts[w][start:end] == change.readings[witness.id].text
    assert len(blocks["id"]) == sum(len(c.variants) > 1 for c in collation.changes)
    assert data["granularity"] == "places"


def test_granularity_is_the_lists_first_choice(tmp_path) -> None:
    assert embedded_data(demo_html(tmp_path, "--granularity", "changes"))["granularity"] \
        == "changes"


def test_each_readings_class_is_sent_where_they_differ_in_more_than_one_way() -> None:
    collation = collate_texts("The colour of the sea was grey that morning.",
                              "The color of the sea was grey that morning.",
                              "The shade of the sea was grey that morning.")
    for source in (collation, demo_collation()):
        data = embedded_data(render(source, "html"))
        columns = data["variants"]
        classes = [c["name"] for c in data["classes"]]
        split = dict(zip(columns["split"]["at"], range(len(columns["split"]["at"])),
                         strict=True))
        for n, variant in enumerate(source.variants):
            if len(set(variant.classes.values())) < 2:
                assert n not in split
                continue
            row = split[n]
            sent = {w.id: columns["split"]["class"][k][row]
                    for k, w in enumerate(source.witnesses)}
            assert {wid: classes[c] for wid, c in sent.items() if c >= 0} \
                == dict(variant.classes)
        assert split  # both collations have such a place
    # colour/color is spelling, colour/shade a substitution; color/shade between the others.
    (variant,) = collation.variants
    assert dict(variant.classes) == {"B": "spelling", "C": "substitution"}


def test_relations_between_readings_other_than_the_bases_are_sent() -> None:
    collation = collate_texts("The colour of the sea was grey that morning.",
                              "The color of the sea was grey that morning.",
                              "The shade of the sea was grey that morning.",
                              "The colour of the sea was grey that morning.")
    for source in (collation, demo_collation()):
        data = embedded_data(render(source, "html"))
        columns = data["variants"]
        rows = columns["relations"]
        classes = [c["name"] for c in data["classes"]]
        sent = [(n, a, b, classes[k], columns["reasons"][r]) for n, a, b, k, r in zip(
            rows["at"], rows["a"], rows["b"], rows["class"], rows["reason"], strict=True)]
        expected = []
        for n, variant in enumerate(source.variants):
            home = next(g for g, group in enumerate(variant.groups) if source.base in group)
            expected += [(n, *r.groups, r.class_, r.reason) for r in variant.relations
                         if home not in r.groups]
        assert sent == expected != []
    (variant,) = collation.variants
    a, b = rows["a"][0], rows["b"][0]
    assert {variant.groups[a], variant.groups[b]} == {("B",), ("C",)}


def shifted_change() -> variorum.Collation:
    """Two places made one change by hand, its reading starting two words before the first
    place and ending where the last ends (the writer shows the changes it is given)."""
    collation = collate_texts("It was a cold night in the town. The dog slept.",
                              "It was a warm night in the town. The cat slept.")
    first, second = collation.variants
    assert [first.readings["B"].text, second.readings["B"].text] == ["warm", "cat"]
    readings = {}
    for witness in collation.witnesses:
        start = first.readings[witness.id].start - len("was a ")
        end = second.readings[witness.id].end
        readings[witness.id] = variorum.Reading(witness.text[start:end], start, end)
    change = variorum.Change(1, "substitution", "rewritten by hand", (1, 2), readings)
    return dataclasses.replace(
        collation, variants=tuple(dataclasses.replace(v, change=1) for v in collation.variants),
        changes=(change,))


def test_a_change_reading_beyond_its_places_is_sent_as_a_shift() -> None:
    data = embedded_data(render(shifted_change(), "html"))
    assert data["variants"]["change_step"] == [1, 0]
    assert data["changes"]["id"] == [1]
    assert data["changes"]["shift"] == {"at": [0], "start": [[-6], [-6]], "end": [[0], [0]]}


def test_each_class_has_a_code_of_its_own_besides_its_colour(tmp_path) -> None:
    from variorum.reports.html import CLASS_CODES, class_code

    data = embedded_data(demo_html(tmp_path))
    codes = [c["code"] for c in data["classes"]]
    assert len(codes) == len(set(codes)) and all(codes)
    assert len(set(CLASS_CODES.values())) == len(CLASS_CODES)
    # A plug-in's class gets letters of its name only: the code reaches the stylesheet.
    assert class_code('x"};body{') == "xbo"
    assert class_code("\u00e9\u00e9") == "?"


def test_tabs_are_a_tablist_each_with_its_panel(tmp_path) -> None:
    from variorum.reports.html import TABS

    tree = parsed(demo_html(tmp_path))
    tabs = tree.xpath("//nav[@id='tabs']/button")
    assert [t.get("data-tab") for t in tabs] == [name for name, _ in TABS]
    assert tree.xpath("//nav[@id='tabs']")[0].get("role") == "tablist"
    for tab in tabs:
        assert tab.get("role") == "tab"
        (panel,) = tree.xpath(f"//section[@id='{tab.get('aria-controls')}']")
        assert panel.get("role") == "tabpanel"
        assert panel.get("aria-labelledby") == tab.get("id")
    assert [t.get("aria-selected") for t in tabs].count("true") == 1
