"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

Without Chromium or Playwright these tests are skipped with the reason, except on CI
(CI=true), where they must run: there a missing browser fails them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import variorum
from tests.browser_support import browser_helpers, load_bench
from tests.reports.test_html_report import (
    DEMO,
    HOSTILE_NAMES,
    HOSTILE_TEXT,
    hostile_html,
    shifted_change,
)
from variorum.cli import main
from variorum.model import ACCIDENTAL_CLASSES
from variorum.reports import ReportOptions, render

from ..conftest import REVISED, SEED, needs_shared

editions = load_bench("editions")





# --- reading the page ----------------------------------------------------------------------

def current(page: Any) -> int | None:
    value = page.get_attribute("#current-label", "data-variant")
    return None if value is None else int(value)


def shown_and_total(page: Any) -> tuple[int, int]:
    counter = page.locator("#visible-count")
    return int(counter.get_attribute("data-visible")), int(counter.get_attribute("data-total"))


def class_counts(page: Any) -> dict[str, int]:
    pairs = page.eval_on_selector_all(
        "#filters .count", "els => els.map(e => [e.dataset.class, Number(e.textContent)])")
    return dict(pairs)


def assert_clean(opened: Any, path: Path) -> None:
    assert opened.errors == []
    assert opened.dialogs == []
    assert opened.outside_requests(path) == []


def json_document(collation: variorum.Collation) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(render(collation, "json"))
    return document


def in_base_order(document: dict[str, Any], classes: set[str] | None = None) -> list[int]:
    """Variant ids in the order j visits them in the reading view."""
    base = document["base"]
    chosen = [v for v in document["variants"] if classes is None or v["class"] in classes]
    return [v["id"] for v in sorted(chosen, key=lambda v: (v["readings"][base]["start"],
                                                           v["id"]))]


def pair_count(document: dict[str, Any], a: str, b: str) -> int:
    (pair,) = [p for p in document["summary"]["pairs"] if set(p["witnesses"]) == {a, b}]
    return int(pair["variants"])


# --- the demo editions ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.html"
    assert main(["collate", *map(str, DEMO), "--format", "html", "-o", str(path)]) == 0
    witnesses = []
    for source in DEMO:
        witnesses += variorum.ingest.read_source(str(source))
    return path, json_document(variorum.collate(witnesses, erasures=True))


def test_demo_counts_follow_the_filters(chromium: Any, demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    by_class = document["summary"]["by_class"]
    assert class_counts(page) == by_class
    assert shown_and_total(page) == (document["summary"]["variants"],) * 2
    # Hide the commonest substantive class: the count drops by exactly its number.
    hidden = "substitution"
    page.click(f"#filters input[data-class='{hidden}']")
    assert shown_and_total(page) == (document["summary"]["variants"] - by_class[hidden],
                                     document["summary"]["variants"])
    colour = page.eval_on_selector(
        f"mark.v.k{[c for c in page.evaluate(_CLASS_NAMES)].index(hidden)}",
        "m => getComputedStyle(m).backgroundColor")
    assert colour == "rgba(0, 0, 0, 0)"
    # One click hides every accidental class; what stays is the substantive count.
    page.click("#show-all")
    page.click("#toggle-accidentals")
    assert shown_and_total(page)[0] == document["summary"]["substantive"]
    assert page.inner_text("#toggle-accidentals") == "Show accidentals"
    page.click("#toggle-accidentals")
    assert shown_and_total(page)[0] == document["summary"]["variants"]
    assert_clean(opened, path)
    page.close()


_CLASS_NAMES = "JSON.parse(document.getElementById('variorum-data').textContent)" \
               ".classes.map(c => c.name)"


def test_demo_j_and_k_step_through_the_shown_variants(chromium: Any,
                                                     demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    order = in_base_order(document)
    assert current(page) is None
    page.keyboard.press("j")
    assert current(page) == order[0]
    page.keyboard.press("j")
    assert current(page) == order[1]
    page.keyboard.press("k")
    assert current(page) == order[0]
    assert page.locator("mark.v.current").count() == 1
    assert page.is_visible("#note")
    # With a class hidden, j skips it.
    page.click("#filters input[data-class='substitution']")
    shown = in_base_order(document, set(document["summary"]["by_class"]) - {"substitution"})
    page.keyboard.press("j")
    assert current(page) == next(i for i in shown if order.index(i) > 0)
    # The heat map jumps: its last bar with variants leads to a variant in the text's end.
    bars = page.locator("#heatmap .bin:not([data-count='0'])")
    bars.last.click()
    assert current(page) == shown[-1]
    assert_clean(opened, path)
    page.close()


def test_demo_side_by_side_pairs_and_links(chromium: Any, demo: tuple[Path, Any],
                                           tmp_path: Path) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='pair']")
    assert page.is_visible("#view-pair") and not page.is_visible("#view-reading")
    differences = int(page.get_attribute("#pair-count", "data-differences"))
    assert differences == pair_count(document, "1949", "1953")
    page.select_option("#pair-b", label="1956")
    differences = int(page.get_attribute("#pair-count", "data-differences"))
    assert differences == pair_count(document, "1949", "1956")
    assert shown_and_total(page) == (differences, differences)
    left = page.locator("#pair-rows .row .cell:first-child mark.v")
    right = page.locator("#pair-rows .row .cell:last-child mark.v")
    assert left.count() == right.count() == differences
    page.keyboard.press("j")  # the select gave the keys back to the page
    first = current(page)
    assert first is not None
    assert page.locator("#pair-rows mark.v.current").count() == 2  # both sides at once
    page.keyboard.press("j")
    assert current(page) != first
    # Hovering a difference on one side marks its counterpart on the other.
    left.nth(2).hover()
    assert "linked" in (right.nth(2).get_attribute("class") or "")
    page.select_option("#pair-a", label="1953")
    assert int(page.get_attribute("#pair-count", "data-differences")) \
        == pair_count(document, "1953", "1956")
    assert current(page) is None  # a new pair starts from its beginning
    page.screenshot(path=str(tmp_path / "demo-side-by-side.png"))
    assert_clean(opened, path)
    page.close()


def test_demo_witnesses_erasures_and_screenshot(chromium: Any, demo: tuple[Path, Any],
                                                tmp_path: Path) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.keyboard.press("j")
    page.screenshot(path=str(tmp_path / "demo-reading.png"))
    page.click("#tabs button[data-tab='witnesses']")
    rows = page.locator("#witness-table tr[data-witness]")
    assert rows.count() == 3
    first = rows.first.inner_text()
    assert document["witnesses"][0]["sha256"] in first and "(base)" in first
    page.click("#tabs button[data-tab='erasures']")
    erasures = page.locator("#erasure-table tr.jump")
    assert erasures.count() == len(document["erasures"]) > 0
    assert page.locator("#name-change-table tr").count() == len(document["name_changes"]) + 1
    # An erasure the base has leads to the base text, to a variant at that place.
    (index, erasure) = next((n, e) for n, e in enumerate(document["erasures"])
                            if document["base"] in e["readings"])
    erasures.nth(index).click()
    assert page.is_visible("#view-reading")
    variant = next(v for v in document["variants"] if v["id"] == current(page))
    start = erasure["readings"][document["base"]]["start"]
    assert variant["readings"][document["base"]]["end"] >= start
    # One only later editions have leads to the base and the first of them side by side.
    (index, erasure) = next((n, e) for n, e in enumerate(document["erasures"])
                            if document["base"] not in e["readings"])
    page.click("#tabs button[data-tab='erasures']")
    erasures.nth(index).click()
    assert page.is_visible("#view-pair")
    witness = next(iter(erasure["readings"]))
    assert page.eval_on_selector("#pair-b", "s => s.selectedOptions[0].textContent") == witness
    variant = next(v for v in document["variants"] if v["id"] == current(page))
    assert variant["readings"][witness]["end"] >= erasure["readings"][witness]["start"]
    page.screenshot(path=str(tmp_path / "demo-erasure.png"))
    assert (tmp_path / "demo-reading.png").stat().st_size > 10_000
    assert_clean(opened, path)
    page.close()


def test_demo_page_text_is_each_witness_text(chromium: Any, demo: tuple[Path, Any]) -> None:
    path, _ = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    texts = [source.read_text(encoding="utf-8") for source in DEMO]
    assert page.eval_on_selector("#reading-text", OWN_TEXT) == texts[0]
    page.click("#tabs button[data-tab='pair']")
    page.select_option("#pair-b", label="1956")
    assert page.eval_on_selector("#pair-rows .row .cell:last-child",
                                 "e => e.textContent") == texts[2]
    assert_clean(opened, path)
    page.close()


# --- the Variants tab: places, or changes with their places inside ---------------------------

def listed(page: Any) -> list[dict[str, Any]]:
    """The top-level entries of the Variants tab: a change's id and its places' ids, or a
    place's id, as drawn (the pages tested are short enough to be drawn whole)."""
    return page.evaluate("""() => [...document.querySelectorAll('#list-rows .entries > .entry')]
      .map((e) => e.classList.contains('change') ?
        { change: Number(e.dataset.change), places: [...e.querySelectorAll('.entry.place')]
          .map((p) => Number(p.querySelector('button.goto').textContent.slice(1))) } :
        { place: Number(e.querySelector('button.goto').textContent.slice(1)) })""")


@pytest.fixture(scope="module")
def revised(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """Three editions where one made two places of one change (two weak words apart)."""
    texts = REVISED
    folder = tmp_path_factory.mktemp("revised")
    for wid, text in texts.items():
        (folder / f"{wid}.txt").write_text(text, encoding="utf-8")
    path = folder / "revised.html"
    sources = [str(folder / f"{wid}.txt") for wid in texts]
    assert main(["collate", *sources, "--format", "html", "-o", str(path)]) == 0
    witnesses = []
    for source in sources:
        witnesses += variorum.ingest.read_source(source)
    return path, json_document(variorum.collate(witnesses, erasures=True))


def test_variants_tab_lists_places_or_changes(chromium: Any,
                                              revised: tuple[Path, Any]) -> None:
    path, document = revised
    assert any(len(c["variants"]) > 1 for c in document["changes"])
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='variants']")
    assert page.is_visible("#view-variants") and page.is_visible("#heatmap")
    assert page.is_checked("#list-controls input[value='places']")
    order = in_base_order(document)
    assert listed(page) == [{"place": i} for i in order]
    # Places of a change of more than one place say so.
    sizes = {c["id"]: len(c["variants"]) for c in document["changes"]}
    by_id = {v["id"]: v for v in document["variants"]}
    tagged = page.eval_on_selector_all(
        "#list-rows .entry.place", "es => es.map(e => e.querySelector('.entry-head')"
        ".textContent.includes('change '))")
    assert tagged == [sizes[by_id[i]["change"]] > 1 for i in order]
    assert any(tagged)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current(page) == order[1]
    current_entry = page.locator("#list-rows .entry.current")
    assert current_entry.count() == 1
    assert current_entry.get_attribute("aria-current") == "true"
    assert current_entry.get_attribute("role") == "listitem"
    # Changes: each change once, a change of several places as a block holding them.
    page.check("#list-controls input[value='changes']")
    blocks = [c for c in document["changes"] if len(c["variants"]) > 1]
    expected = []
    for change in sorted(document["changes"], key=lambda c: min(order.index(v)
                                                                for v in c["variants"])):
        if len(change["variants"]) > 1:
            expected.append({"change": change["id"],
                             "places": sorted(change["variants"], key=order.index)})
        else:
            expected.append({"place": change["variants"][0]})
    assert listed(page) == expected
    assert len(blocks) == page.locator("#list-rows .entry.change").count() > 0
    assert shown_and_total(page) == (len(document["changes"]),) * 2
    assert "changes shown" in page.inner_text("#visible-count")
    counts: dict[str, int] = {}
    for change in document["changes"]:
        counts[change["class"]] = counts.get(change["class"], 0) + 1
    assert {k: v for k, v in class_counts(page).items() if v} == counts
    # A block shows the change's class, reason and readings as a whole.
    block = page.locator(f"#list-rows .entry.change[data-change='{blocks[0]['id']}']")
    head = block.locator(".entry-head").first.inner_text()
    assert blocks[0]["class"] in head and f"{len(blocks[0]['variants'])} places" in head
    assert block.locator(":scope > .reason").inner_text() == blocks[0]["reason"]
    whole = block.locator(":scope > table.readings td.reading .read").all_inner_texts()
    assert set(whole) == {r["text"] for r in blocks[0]["readings"].values() if r["text"]}
    # The current place stays current; j goes on in the list's order.
    assert current(page) == order[1]
    page.keyboard.press("j")  # the radio button gave the keys back to the page
    flat = [i for entry in expected for i in entry.get("places", [entry.get("place")])]
    assert current(page) == flat[flat.index(order[1]) + 1]
    # Hiding a class hides its changes (and the places inside them).
    hidden = blocks[0]["class"]
    page.click(f"#filters input[data-class='{hidden}']")
    assert not block.is_visible()
    assert shown_and_total(page)[0] == len(document["changes"]) - counts[hidden]
    page.click("#show-all")
    # The number of a place leads to it in the base text.
    page.click(f"#list-rows .entry.place button.goto >> text='#{order[-1]}'")
    assert page.is_visible("#view-reading") and current(page) == order[-1]
    assert_clean(opened, path)
    page.close()


def test_granularity_changes_starts_the_list_with_changes(
        chromium: Any, tmp_path: Path, revised: tuple[Path, Any]) -> None:
    path = tmp_path / "changes.html"
    sources = sorted(str(p) for p in revised[0].parent.glob("*.txt"))
    assert main(["collate", *sources, "--format", "html", "-o", str(path),
                 "--granularity", "changes"]) == 0
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='variants']")
    assert page.is_checked("#list-controls input[value='changes']")
    assert page.locator("#list-rows .entry.change").count() > 0
    # The keyboard chooses too: arrow keys move between the radio buttons.
    page.focus("#list-controls input[value='changes']")
    page.keyboard.press("ArrowLeft")
    assert page.is_checked("#list-controls input[value='places']")
    assert page.locator("#list-rows .entry.change").count() == 0
    assert_clean(opened, path)
    page.close()


def test_a_change_shows_its_own_readings_as_a_whole(chromium: Any, tmp_path: Path) -> None:
    collation = shifted_change()
    path = tmp_path / "shifted.html"
    path.write_text(render(collation, "html", ReportOptions(granularity="changes")),
                    encoding="utf-8")
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='variants']")
    block = page.locator("#list-rows .entry.change")
    assert block.count() == 1
    whole = block.locator(":scope > table.readings td.reading .read").all_inner_texts()
    assert whole == [r.text for r in collation.changes[0].readings.values()]
    assert whole[1] == "was a warm night in the town. The cat"
    assert block.locator(".entry.place").count() == 2
    assert_clean(opened, path)
    page.close()


def test_each_reading_says_how_it_differs_from_the_bases(chromium: Any,
                                                         demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    order = in_base_order(document)
    by_id = {v["id"]: v for v in document["variants"]}
    mixed = [i for i in order if len(set(by_id[i]["classes"].values())) > 1]
    assert mixed
    for _ in range(order.index(mixed[0]) + 1):
        page.keyboard.press("j")
    variant = by_id[current(page)]
    assert variant["id"] == mixed[0]

    def rows(scope: Any) -> dict[str, list[str]]:
        """Each group's witnesses and the classes it shows."""
        return dict(scope.locator("table.readings tr").evaluate_all(
            "rs => rs.map(r => [r.children[1].textContent, [...r.querySelectorAll('.pill')]"
            ".map(p => p.textContent)])"))

    base = document["base"]
    ids = [w["id"] for w in document["witnesses"]]  # the base is the first of them here
    expected = {", ".join(sorted(group, key=ids.index)):
                sorted({variant["classes"][w] for w in group if w in variant["classes"]})
                for group in variant["groups"]}
    assert rows(page.locator("#note")) == expected
    assert expected[next(k for k in expected if base in k.split(", "))] == []
    # Between the other readings: on demand, in a <details> closed at first.
    others = [r for r in variant["relations"]
              if not any(base in variant["groups"][g] for g in r["groups"])]
    details = page.locator("#note details.relations")
    assert details.count() == (1 if others else 0)
    if others:
        assert not details.locator("table").is_visible()
        details.locator("summary").click()
        shown = details.locator("tr").all_inner_texts()
        assert len(shown) == len(others)
        for text, relation in zip(shown, others, strict=True):
            assert relation["class"] in text and relation["reason"] in text
    # A variant whose readings differ from the base's in one way only shows no class.
    plain = next(i for i in order if len(set(by_id[i]["classes"].values())) == 1)
    page.click("#tabs button[data-tab='variants']")
    entry = page.locator(f"#list-rows .entry.place:has(button.goto:text-is('#{plain}'))")
    assert entry.locator("table.readings .pill").count() == 0
    entry = page.locator(f"#list-rows .entry.place:has(button.goto:text-is('#{mixed[0]}'))")
    assert rows(entry) == expected
    assert_clean(opened, path)
    page.close()


def test_identical_witnesses_give_a_quiet_page(chromium: Any, tmp_path: Path) -> None:
    path = tmp_path / "same.html"
    path.write_text(render(variorum.collate([variorum.Witness.from_text("A", "Same text."),
                                             variorum.Witness.from_text("B", "Same text.")]),
                           "html"), encoding="utf-8")
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    assert shown_and_total(page) == (0, 0)
    page.keyboard.press("j")
    assert current(page) is None
    page.click("#tabs button[data-tab='pair']")
    assert page.get_attribute("#pair-count", "data-differences") == "0"
    page.select_option("#pair-b", label="A")  # the same witness twice: said, not drawn
    assert page.get_attribute("#pair-count", "data-differences") is None
    assert "two different" in page.inner_text("#pair-count")
    for view in ("variants", "witnesses", "erasures"):
        page.click(f"#tabs button[data-tab='{view}']")
    page.click("#tabs button[data-tab='variants']")
    page.check("#list-controls input[value='changes']")
    assert page.locator("#list-rows .entry").count() == 0
    assert shown_and_total(page) == (0, 0)
    assert_clean(opened, path)
    page.close()


# --- untrusted text ------------------------------------------------------------------------

def test_hostile_text_and_file_names_do_not_run(chromium: Any, tmp_path: Path) -> None:
    path, _ = hostile_html(tmp_path)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    for view in ("pair", "variants", "witnesses", "erasures", "synoptic", "reading"):
        page.click(f"#tabs button[data-tab='{view}']")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("window.__pwned") is None
    # The apparatus pane beside the reading text holds the hostile readings as text.
    apparatus = page.eval_on_selector("#app-rows", "e => e.textContent")
    assert "<script>" in apparatus or "<img" in apparatus
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.evaluate("document.scripts.length") == 2
    assert page.title() == "variorum: " + ", ".join(HOSTILE_NAMES)
    # The text is on the page, character for character.
    assert page.eval_on_selector("#reading-text", OWN_TEXT) == HOSTILE_TEXT
    assert HOSTILE_NAMES[1] in page.inner_text("#note")
    page.screenshot(path=str(tmp_path / "hostile.png"))
    assert_clean(opened, path)
    page.close()


def test_bidirectional_controls_are_shown_not_applied(chromium: Any, tmp_path: Path) -> None:
    # "Trojan source": an override makes "exe.txt" draw as "txt.exe" and reorders the reading.
    texts = {"a\u202etxt.exe": "The fee was 40\u202e crowns, paid\u2066 in May.\n",
             "b": "The fee was 45 crowns, paid in May.\n"}
    sources = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append(str(path))
    output = tmp_path / "bidi.html"
    assert main(["collate", *sources, "--format", "html", "-o", str(output)]) == 0
    opened = browser_helpers.open_report(chromium, output)
    page = opened.page
    shown = page.eval_on_selector("#reading-text", "e => e.textContent")
    assert "\u202e" not in shown and "\u2066" not in shown
    assert shown == texts["a\u202etxt.exe"].replace("\u202e", "U+202E").replace(
        "\u2066", "U+2066")
    marks = page.eval_on_selector_all("#reading-text .bidi", "els => els.map(e => e.title)")
    assert marks == ["bidirectional control U+202E (shown, not applied)",
                     "bidirectional control U+2066 (shown, not applied)"]
    assert page.title() == "variorum: a<U+202E>txt.exe, b"
    assert "\u202e" not in page.inner_text("#title")
    page.click("#tabs button[data-tab='witnesses']")
    assert "\u202e" not in page.inner_text("#view-witnesses")
    page.click("#tabs button[data-tab='variants']")
    listed_text = page.eval_on_selector("#list-rows", "e => e.textContent")
    assert "\u202e" not in listed_text and "\u2066" not in listed_text and "U+202E" in listed_text
    assert_clean(opened, output)
    page.close()


# --- the seed: one scraped page holding two copies of a text --------------------------------

@needs_shared(SEED)
def test_seed_report(chromium: Any, tmp_path: Path) -> None:
    from tests.collation.test_seed import copies

    first, second = copies()
    collation = variorum.collate([first, second], erasures=True)
    document = json_document(collation)
    path = tmp_path / "seed.html"
    path.write_text(render(collation, "html"), encoding="utf-8")
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    assert class_counts(page) == document["summary"]["by_class"]
    assert shown_and_total(page) == (8, 8)
    page.click("#toggle-accidentals")
    assert shown_and_total(page)[0] == document["summary"]["substantive"]
    page.click("#show-all")
    order = in_base_order(document)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current(page) == order[1]
    page.keyboard.press("k")
    assert current(page) == order[0]
    page.click("#tabs button[data-tab='pair']")
    assert int(page.get_attribute("#pair-count", "data-differences")) == 8
    page.click("#tabs button[data-tab='witnesses']")
    for witness in (first, second):
        cells = page.locator(f"#witness-table tr[data-witness='{witness.id}'] td")
        assert cells.nth(7).inner_text() == str(len(witness.repairs))
        assert cells.nth(8).inner_text() == str(len(witness.damage))
        assert cells.nth(5).inner_text() == f"{witness.start}\u2013{witness.end}"
    page.click("#tabs button[data-tab='reading']")
    page.screenshot(path=str(tmp_path / "seed.png"))
    assert_clean(opened, path)
    page.close()


# --- lazily drawn, yet the whole text --------------------------------------------------------

SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += 2000) {
    window.scrollTo(0, y);
    await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  }
}"""
PAGE_TEXTS = "JSON.parse(document.getElementById('variorum-data').textContent).texts"


def test_scrolled_through_every_chunk_shows_each_text_exactly_with_every_variant(
        chromium: Any, tmp_path: Path) -> None:
    texts = editions.make_editions(20_000, 3, 0.05, seed=3)
    collation = variorum.collate([variorum.Witness.from_text(f"E{n}", text)
                                  for n, text in enumerate(texts)])
    document = json_document(collation)
    path = tmp_path / "mid.html"
    path.write_text(render(collation, "html"), encoding="utf-8")
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    chunks = page.locator("#reading-text .chunk")
    assert chunks.count() > 20 > page.locator("#reading-text .chunk.drawn").count()
    page.evaluate(SCROLL_THROUGH)
    assert page.locator("#reading-text .chunk.drawn").count() == chunks.count()
    assert page.eval_on_selector("#reading-text", OWN_TEXT) == texts[0]
    assert page.locator("#reading-text mark.v").count() == len(collation.variants)
    page.click("#tabs button[data-tab='pair']")
    page.select_option("#pair-b", label="E2")
    page.evaluate(SCROLL_THROUGH)
    sides = page.evaluate("""() => [1, 2].map((n) => [...document.querySelectorAll(
        `#pair-rows .row .cell:nth-child(${n})`)].map((c) => c.textContent).join(''))""")
    assert sides == [texts[0], texts[2]]
    differences = pair_count(document, "E0", "E2")
    for side in ("first", "last"):
        assert page.locator(f"#pair-rows .cell:{side}-child mark.v").count() == differences
    assert page.evaluate(PAGE_TEXTS) == texts
    assert_clean(opened, path)
    page.close()


# --- book length: five 100,000-word witnesses ----------------------------------------------

@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    texts = editions.make_editions(100_000, 5, 0.05, seed=0)
    witnesses = [variorum.Witness.from_text(f"E{n}", text) for n, text in enumerate(texts)]
    collation = variorum.collate(witnesses, erasures=True)
    path = tmp_path_factory.mktemp("book") / "book.html"
    path.write_text(render(collation, "html"), encoding="utf-8")
    return path, json.loads(render(collation, "json"))["summary"]


def test_five_book_length_witnesses_open_lazily(chromium: Any, book: tuple[Path, Any],
                                                tmp_path: Path, record_property: Any) -> None:
    path, summary = book
    timing = browser_helpers.time_to_interactive(chromium, path)
    # Recorded, never asserted: the machine is shared and timings are noisy.
    line = (f"time to interactive, 5 x 100k words ({path.stat().st_size / 1e6:.1f} MB): "
            f"{timing['ready_ms']:.0f} ms since navigation, {timing['script_ms']:.0f} ms "
            f"in the viewer's script, {timing['wall_ms']:.0f} ms seen from Python")
    (tmp_path / "time-to-interactive.json").write_text(json.dumps(timing), encoding="utf-8")
    record_property("time_to_interactive_ms", timing["ready_ms"])
    print(line)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    assert shown_and_total(page) == (summary["variants"],) * 2
    # Lazy: a page drawing every chunk would hold well over 50,000 elements.
    elements = page.evaluate("document.getElementsByTagName('*').length")
    assert elements < 10_000, elements
    page.keyboard.press("j")
    assert current(page) is not None
    # A jump to the end draws the chunk there and brings the variant on screen.
    page.locator("#heatmap .bin").last.click()
    box = page.locator("#reading-text mark.v.current").bounding_box()
    assert box is not None and 0 <= box["y"] <= browser_helpers.VIEWPORT["height"]
    page.click("#tabs button[data-tab='pair']")
    page.select_option("#pair-b", label="E4")
    assert int(page.get_attribute("#pair-count", "data-differences")) == next(
        p["variants"] for p in summary["pairs"] if p["witnesses"] == ["E0", "E4"])
    page.locator("#heatmap .bin").nth(60).click()
    marks = page.locator("#pair-rows mark.v.current")
    assert marks.count() == 2
    # The two sides of a difference stand in one row: on screen together.
    for n in range(2):
        box = marks.nth(n).bounding_box()
        assert box is not None and 0 <= box["y"] <= browser_helpers.VIEWPORT["height"]
    page.click("#toggle-accidentals")
    shown, total = shown_and_total(page)
    pair = next(p for p in summary["pairs"] if p["witnesses"] == ["E0", "E4"])
    assert total == pair["variants"] and 0 < shown < total
    assert page.evaluate("document.getElementsByTagName('*').length") < 20_000
    page.screenshot(path=str(tmp_path / "book-side-by-side.png"))
    assert_clean(opened, path)
    page.close()


# --- issue 17: the apparatus beside the text, synoptic columns, filters, print, access ------

def app_entry(page: Any, variant_id: int) -> Any:
    return page.locator(f"#app-rows .app:has(> button.app-n:text-is('{variant_id}'))")


def test_every_reading_of_a_variant_is_in_the_first_view(chromium: Any,
                                                         demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    base = document["base"]
    # The first variant whose witnesses read three ways: nothing clicked or pressed.
    variant = next(v for v in document["variants"] if len(v["groups"]) == 3)
    entry = app_entry(page, variant["id"])
    assert entry.is_visible()
    text = entry.inner_text()
    for group in variant["groups"]:
        reading = variant["readings"][group[0]]["text"]
        assert " ".join(reading.split()) in " ".join(text.split())
        for witness in group:
            assert witness in text
    # lemma ] readings: the base's reading stands before the bracket.
    lemma = entry.locator(".lemma").inner_text()
    assert lemma.strip() == variant["readings"][base]["text"].strip()
    assert entry.locator(".bracket").inner_text() == "]"
    # A class code per reading where they differ in more than one way.
    codes = entry.locator(".rdg > .code").all_inner_texts()
    assert len(codes) == (len(variant["groups"]) - 1
                          if len(set(variant["classes"].values())) > 1 else 0)
    # om.: a reading that has nothing where the base has text.
    omitted = [v for v in document["variants"] if v["readings"][base]["text"]
               and any(not r["text"] for r in v["readings"].values())]
    for v in omitted:
        assert "om." in app_entry(page, v["id"]).inner_text()
    assert_clean(opened, path)
    page.close()


def test_apparatus_and_text_follow_each_other(chromium: Any, demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    order = in_base_order(document)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert current(page) == order[1]
    current_entries = page.locator("#app-rows .app.current")
    assert current_entries.count() == 1
    assert current_entries.locator("button.app-n").inner_text() == str(order[1])
    # Clicking an entry of the apparatus goes to its mark in the text, on screen.
    app_entry(page, order[-1]).locator("button.app-n").click()
    assert current(page) == order[-1]
    box = page.locator("#reading-text mark.v.current").bounding_box()
    assert box is not None and 0 <= box["y"] <= browser_helpers.VIEWPORT["height"]
    # Clicking a mark in the text makes its entry current.
    page.locator("#reading-text mark.v").first.click()
    assert page.locator("#app-rows .app.current button.app-n").inner_text() == str(order[0])
    assert_clean(opened, path)
    page.close()


def test_text_scrolled_brings_the_apparatus_along(chromium: Any, tmp_path: Path) -> None:
    texts = editions.make_editions(20_000, 3, 0.05, seed=5)
    collation = variorum.collate([variorum.Witness.from_text(f"E{n}", text)
                                  for n, text in enumerate(texts)])
    path = tmp_path / "long.html"
    path.write_text(render(collation, "html"), encoding="utf-8")
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    top = page.eval_on_selector("#app-rows", "e => e.scrollTop")
    page.mouse.move(300, 500)
    page.mouse.wheel(0, 6000)
    page.wait_for_function("() => document.getElementById('app-rows').scrollTop > 0")
    # The first entry visible in the pane is a variant on screen in the text.
    shown = page.evaluate("""() => {
      const rows = document.getElementById('app-rows').getBoundingClientRect();
      const entry = document.elementFromPoint(rows.left + 12, rows.top + 8).closest('.app');
      const mark = document.querySelector(`#reading-text mark.v[data-v="${entry.dataset.v}"]`);
      const box = mark.getBoundingClientRect();
      return [box.top, box.bottom, window.innerHeight];
    }""")
    assert page.eval_on_selector("#app-rows", "e => e.scrollTop") > top
    assert shown[1] > 0 and shown[0] < shown[2]
    assert_clean(opened, path)
    page.close()


MOVED = "Gulls circled over the grey water near the old pier every winter morning."
MIDDLE = " ".join(f"Sentence {n} tells of the {w} by the river." for n, w in enumerate(
    ["mill", "bridge", "church", "market", "school", "inn", "forge", "quay"]))


def four_witnesses() -> list[variorum.Witness]:
    first = f"The harbour was quiet. {MOVED} {MIDDLE} Later the wind rose.\n"
    second = f"The harbour was quiet. {MIDDLE} {MOVED} Later the wind rose.\n"
    return [variorum.Witness.from_text("A", first),
            variorum.Witness.from_text("B", second),
            variorum.Witness.from_text("C", first.replace("quiet", "still")),
            variorum.Witness.from_text("D", second.replace("mill", "windmill"))]


def test_synoptic_view_of_four_witnesses(chromium: Any, tmp_path: Path) -> None:
    witnesses = four_witnesses()
    collation = variorum.collate(witnesses)
    path = tmp_path / "four.html"
    path.write_text(render(collation, "html"), encoding="utf-8")
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='synoptic']")
    assert page.locator("#syn-rows .syn-head div").all_inner_texts() == ["A", "B", "C", "D"]
    assert int(page.get_attribute("#syn-count", "data-differences")) == len(collation.variants)
    columns = page.evaluate("""() => [0, 1, 2, 3].map((n) => [...document.querySelectorAll(
        '#syn-rows .syn-row')].map((r) => r.children[n].textContent).join(''))""")
    assert columns == [w.content for w in witnesses]
    # Each variant is marked in every column; j lights it in all four.
    page.keyboard.press("j")
    assert page.locator("#syn-rows mark.v.current").count() == 4
    # The move: a line from where two witnesses have the passage to where the others have it.
    moved = next(v for v in collation.variants if "moved-to:" in " ".join(v.tags))
    while current(page) != moved.id:
        page.keyboard.press("j")
    assert page.locator("#syn-rows .moves .move-line").count() == 4  # A, C to B, D
    # Reordered and narrowed by the reader.
    page.click("#syn-controls .syn-witness[data-witness='A'] button[title$='right']")
    assert page.locator("#syn-rows .syn-head div").all_inner_texts() == ["B", "A", "C", "D"]
    page.uncheck("#syn-controls input[data-witness='3']")
    assert page.locator("#syn-rows .syn-head div").all_inner_texts() == ["B", "A", "C"]
    assert_clean(opened, path)
    page.close()


def test_filters_search_and_substantive_keys(chromium: Any, demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    variants = document["variants"]
    ids = [w["id"] for w in document["witnesses"]]
    base = document["base"]

    def group(v: dict[str, Any], w: str) -> int:
        return next(n for n, g in enumerate(v["groups"]) if w in g)

    # A pair: the places where the two read differently.
    page.select_option("#filter-pair-a", label=ids[1])
    page.select_option("#filter-pair-b", label=ids[2])
    expected = sum(1 for v in variants if group(v, ids[1]) != group(v, ids[2]))
    assert shown_and_total(page) == (expected, len(variants))
    assert page.locator("#app-rows .app").count() == expected
    page.click("#clear-filters")
    # A witness: where it reads otherwise than the base.
    page.select_option("#filter-witness", label=ids[2])
    expected = sum(1 for v in variants if group(v, ids[2]) != group(v, base))
    assert shown_and_total(page)[0] == expected
    page.click("#clear-filters")
    # Words: only the variants one of whose readings holds them.
    word = "Rehn"
    page.keyboard.press("/")
    page.keyboard.type(word.lower())
    page.keyboard.press("Enter")
    expected = sum(1 for v in variants
                   if any(word.lower() in r["text"].lower() for r in v["readings"].values()))
    assert 0 < expected < len(variants)
    assert shown_and_total(page)[0] == expected
    page.click("#clear-filters")
    assert shown_and_total(page) == (len(variants), len(variants))
    # J: the next substantive variant, skipping accidental ones.
    substantive = in_base_order(document,
                                {v["class"] for v in variants} - set(ACCIDENTAL_CLASSES))
    page.keyboard.press("J")
    assert current(page) == substantive[0]
    page.keyboard.press("J")
    assert current(page) == substantive[1]
    assert_clean(opened, path)
    page.close()


def test_the_address_keeps_the_place(chromium: Any, demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    order = in_base_order(document)
    for _ in range(3):
        page.keyboard.press("j")
    page.wait_for_function("() => location.hash.includes('v=')")
    link = page.url
    assert f"v={order[2]}" in link and "view=reading" in link
    page.close()
    again = chromium.new_page(viewport=browser_helpers.VIEWPORT)
    again.goto(link)
    again.wait_for_selector(browser_helpers.READY, state="attached")
    assert current(again) == order[2]
    assert again.locator("#reading-text mark.v.current").count() == 1
    again.close()
    assert_clean(opened, path)


def test_a_long_addition_is_a_block_of_text(chromium: Any, tmp_path: Path) -> None:
    added = ("In the years that followed the town grew along the shore, and the new houses "
             "stood in rows of six behind the harbour wall, each with a garden and a gate.")
    first = "The town was small. The harbour was old.\n"
    second = f"The town was small. {added} The harbour was old.\n"
    collation = variorum.collate([variorum.Witness.from_text("A", first),
                                  variorum.Witness.from_text("B", second)])
    path = tmp_path / "added.html"
    path.write_text(render(collation, "html"), encoding="utf-8")
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    block = page.locator("#reading-text .aside details.long")
    assert block.count() == 1 and block.get_attribute("open") is not None
    assert " ".join(added.split()) in " ".join(block.inner_text().split())
    assert "add. B" in block.locator("summary").inner_text()
    block.locator("summary").click()  # folds away
    assert block.get_attribute("open") is None
    assert page.eval_on_selector("#reading-text", OWN_TEXT) == first
    entry = page.locator("#app-rows .app").first
    assert "add." in entry.inner_text() and entry.locator("details.long").count() == 1
    assert_clean(opened, path)
    page.close()


# The reading text without the blocks other witnesses' long readings are shown in.
OWN_TEXT = """e => { const copy = e.cloneNode(true);
  copy.querySelectorAll('[data-aside]').forEach((a) => a.remove()); return copy.textContent; }"""


def test_erasures_sort_filter_and_reach_every_row(chromium: Any, book: tuple[Path, Any]) -> None:
    path, _ = book
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    total = len(json.loads(page.evaluate(
        "document.getElementById('variorum-data').textContent"))["erasures"])
    page.click("#tabs button[data-tab='erasures']")
    assert int(page.get_attribute("#erasure-count", "data-shown")) == total
    rows = page.locator("#erasure-table tbody tr")
    assert 0 < rows.count() < total  # drawn as the reader comes near them
    while rows.count() < total:
        before = rows.count()
        page.locator("#view-erasures button.more").scroll_into_view_if_needed()
        page.wait_for_function(f"() => document.querySelectorAll('#erasure-table tbody tr')"
                               f".length > {before}")
    # No witness id is broken across lines.
    heights = page.eval_on_selector_all(
        "#erasure-table .wid", "ws => ws.slice(0, 200).map(w => w.getClientRects().length)")
    assert set(heights) == {1}
    # Sorted by what was erased, and back.
    page.click("#erasure-table th button:text-is('What')")
    whats = page.eval_on_selector_all("#erasure-table tbody tr td:nth-child(2)",
                                      "ts => ts.slice(0, 100).map(t => t.textContent)")
    assert page.get_attribute("#erasure-table th:nth-child(2)", "aria-sort") == "ascending"
    ordered = page.evaluate("""(ws) => ws.every((w, n) => n === 0 ||
        ws[n - 1].localeCompare(w, 'en', {numeric: true}) <= 0)""", whats)
    assert ordered
    kind = page.eval_on_selector("#erasure-kind", "s => s.options[1].value")
    page.select_option("#erasure-kind", kind)
    kinds = set(page.eval_on_selector_all("#erasure-table tbody td.kind",
                                          "ts => ts.map(t => t.textContent)"))
    assert kinds == {kind}
    assert_clean(opened, path)
    page.close()


def test_print_lays_out_the_text_with_a_numbered_apparatus(chromium: Any,
                                                          demo: tuple[Path, Any],
                                                          tmp_path: Path) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.emulate_media(media="print")
    page.wait_for_function("() => document.querySelectorAll('#print-apparatus li').length > 0")
    numbers = page.eval_on_selector_all("#print-apparatus li", "ls => ls.map(l => l.value)")
    assert numbers == in_base_order(document)
    assert not page.is_visible("#apparatus") and not page.is_visible("header#top")
    assert page.is_visible("#print-apparatus")
    # Each variant is numbered in the text, as its apparatus line is.
    after = page.eval_on_selector("#reading-text mark.v",
                                  "m => getComputedStyle(m, '::after').content")
    assert after == f'"{in_base_order(document)[0]}"'
    # A long reading's fold toggle is no control on paper: its summary prints as a plain line.
    markers = page.eval_on_selector_all(
        "details.long > summary", "ss => ss.map(s => getComputedStyle(s).listStyleType)")
    assert markers and set(markers) == {"none"}
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    (tmp_path / "demo.pdf").write_bytes(pdf)
    assert_clean(opened, path)
    page.close()


def test_keyboard_roles_codes_and_200_percent_zoom(chromium: Any, demo: tuple[Path, Any],
                                                   tmp_path: Path) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    tabs = page.locator("#tabs [role=tab]")
    assert page.get_attribute("#tabs", "role") == "tablist"
    for n in range(tabs.count()):
        panel = tabs.nth(n).get_attribute("aria-controls")
        assert page.get_attribute(f"#{panel}", "role") == "tabpanel"
    # The tab bar is one stop for Tab; arrows move along it.
    page.focus("#tab-reading")
    page.keyboard.press("ArrowRight")
    assert page.get_attribute("#tab-synoptic", "aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "tab-synoptic"
    page.keyboard.press("Home")
    assert page.get_attribute("#tab-reading", "aria-selected") == "true"
    # Not colour alone: every class has a code written beside it, distinct from the others.
    codes = page.eval_on_selector_all("#filters label .swatch", "ss => ss.map(s => s.textContent)")
    assert len(codes) == len(set(codes)) == len(document["summary"]["by_class"])
    mark_codes = page.eval_on_selector_all(
        "#reading-text mark.v", "ms => ms.map(m => getComputedStyle(m, '::after').content)")
    assert all(code.strip('"') for code in mark_codes)
    assert page.get_attribute("#app-rows", "role") == "list"
    # 200 % zoom of the usual window: one column, nothing wider than the window, the
    # apparatus below the text, the text not covered by the header.
    page.set_viewport_size({"width": 640, "height": 450})
    page.wait_for_timeout(100)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    text_box = page.locator("#reading-text").bounding_box()
    pane_box = page.locator("#apparatus").bounding_box()
    assert text_box is not None and pane_box is not None
    assert pane_box["y"] > 450 / 2 and pane_box["width"] >= 600
    page.keyboard.press("j")
    mark = page.locator("#reading-text mark.v.current").bounding_box()
    assert mark is not None and 0 <= mark["y"] < pane_box["y"]
    page.screenshot(path=str(tmp_path / "zoom-200.png"))
    assert_clean(opened, path)
    page.close()


# --- people: the People tab and the page of `variorum people --format html` -------------------

ROLL_1938 = ("Of the delegates of the northern congress: Orlovsky, Vashenko and Gurin were "
             "shot. Zabolin, envoy at the talks in Riga, shot. Kovrin, who led the mutiny, "
             "committed suicide. Chichirin died in exile. <img src=x onerror=alert(1)>Lisovsky "
             "is in prison.")
ROLL_1953 = ("Of the delegates of the northern congress: Vashenko and Gurin were shot. Kovrin, "
             "who led the mutiny, died. Tchitcherin died in exile. <img src=x onerror=alert(1)>"
             "Lisovsky is in prison.")


def _roll_files(tmp_path: Path) -> list[str]:
    files = []
    for label, text in (("1938", ROLL_1938), ("1953", ROLL_1953)):
        path = tmp_path / f"{label}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(f"{label}={path}")
    return files


def test_people_tab_lists_the_register_with_changes_linked_to_the_text(
        chromium: Any, tmp_path: Path) -> None:
    path = tmp_path / "roll.html"
    assert main(["collate", *_roll_files(tmp_path), "--people", "--format", "html",
                 "-o", str(path)]) == 0
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    register = json.loads(page.evaluate(
        "document.getElementById('variorum-data').textContent"))["people"]
    tab = page.locator("#tabs button[data-tab='people']")
    assert tab.get_attribute("role") == "tab"
    # Keyboard: the tab is reached from the tab bar with the arrow keys, as every tab is.
    page.focus("#tabs button[data-tab='erasures']")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    assert page.is_visible("#view-people")
    rows = page.locator("#people-table tbody tr.person")
    assert rows.count() == len(register["people"]) > 0
    by_name = {p["name"]: p for p in register["people"]}
    erased = by_name["Orlovsky"]
    assert [c["kind"] for c in erased["changes"]] == ["erased"]
    row = page.locator(f"#people-table tr[data-person='{erased['id']}']")
    assert "changed" in (row.get_attribute("class") or "")
    assert row.locator("td.absent[data-witness='1953']").count() == 1
    kovrin = page.locator(f"#people-table tr[data-person='{by_name['Kovrin']['id']}']")
    assert "fate-changed" in kovrin.inner_text()
    assert "suicide" in kovrin.locator("td[data-witness='1938']").inner_text()
    assert "died" in kovrin.locator("td[data-witness='1953']").inner_text()
    # Only the changed persons, then every person again.
    page.check("#people-changed")
    changed = sum(1 for p in register["people"] if p["changes"])
    assert int(page.get_attribute("#people-count", "data-shown")) == changed < rows.count() + 1
    page.uncheck("#people-changed")
    # A fate of the later edition leads to that edition's text beside the base.
    kovrin.locator("td[data-witness='1953'] button.cite").first.click()
    assert page.is_visible("#view-pair")
    # A mention in the base leads to the reading view.
    page.click("#tabs button[data-tab='people']")
    row.locator("td[data-witness='1938'] button.cite").last.click()
    assert page.is_visible("#view-reading")
    assert_clean(opened, path)
    page.close()


def test_people_page_is_self_contained_and_shows_each_citation_in_its_text(
        chromium: Any, tmp_path: Path) -> None:
    path = tmp_path / "people.html"
    assert main(["people", *_roll_files(tmp_path), "--format", "html", "-o", str(path)]) == 0
    html_text = path.read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html_text and "default-src 'none'" in html_text
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    register = json.loads(page.evaluate(
        "document.getElementById('variorum-people').textContent"))["register"]
    assert page.locator("#people-table tbody tr.person").count() == len(register["people"])
    chichirin = next(p for p in register["people"] if "Tchitcherin" in p["forms"])
    assert [c["kind"] for c in chichirin["changes"]] == ["respelled"]
    row = page.locator(f"#people-table tr[data-person='{chichirin['id']}']")
    row.locator("td[data-witness='1953'] button.cite").first.click()
    fate = next(f for f in chichirin["fates"] if f["witness"] == "1953")
    assert page.is_visible("#people-place")
    assert page.inner_text("#people-place mark") == fate["text"]
    # Hostile text stays text: the markup in the edition is shown, never made.
    lisovsky = next(p for p in register["people"] if p["name"] == "Lisovsky")
    page.locator(f"#people-table tr[data-person='{lisovsky['id']}'] button.cite").last.click()
    assert "<img src=x onerror=alert(1)>" in page.inner_text("#people-place")
    assert page.locator("img").count() == 0
    page.focus("#people-search")  # the controls and every citation are reachable by keyboard
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "people-changed"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className").startswith("cite")
    page.keyboard.press("Enter")
    assert page.is_visible("#people-place mark")
    assert_clean(opened, path)
    page.close()
