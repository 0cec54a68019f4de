"""The HTML report in a real browser: Debian's Chromium, headless, driven by Playwright.

Without Chromium or Playwright these tests are skipped with the reason, except on CI
(CI=true), where they must run: there a missing browser fails them.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import variorum
from tests.reports.test_html_report import DEMO, HOSTILE_NAMES, HOSTILE_TEXT, ROOT, hostile_html
from variorum.cli import main
from variorum.reports import render

from ..conftest import SEED, needs_shared


def _load(name: str) -> ModuleType:
    """A module of benchmarks/ (shared with the benchmark and scripts/screenshot.py)."""
    spec = importlib.util.spec_from_file_location(f"variorum_bench_{name}",
                                                  ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


browser_helpers = _load("browser")
editions = _load("editions")

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = browser_helpers.why_unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
        pytest.skip(f"browser tests need Chromium and Playwright: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = browser_helpers.launch(playwright)
        yield browser
        browser.close()


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
    assert page.eval_on_selector("#reading-text", "e => e.textContent") == texts[0]
    page.click("#tabs button[data-tab='pair']")
    page.select_option("#pair-b", label="1956")
    assert page.eval_on_selector("#pair-rows .row .cell:last-child",
                                 "e => e.textContent") == texts[2]
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
    for view in ("witnesses", "erasures"):
        page.click(f"#tabs button[data-tab='{view}']")
    assert_clean(opened, path)
    page.close()


# --- untrusted text ------------------------------------------------------------------------

def test_hostile_text_and_file_names_do_not_run(chromium: Any, tmp_path: Path) -> None:
    path, _ = hostile_html(tmp_path)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    for view in ("pair", "witnesses", "erasures", "reading"):
        page.click(f"#tabs button[data-tab='{view}']")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.evaluate("document.scripts.length") == 2
    assert page.title() == "variorum: " + ", ".join(HOSTILE_NAMES)
    # The text is on the page, character for character.
    assert page.eval_on_selector("#reading-text", "e => e.textContent") == HOSTILE_TEXT
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
    assert page.eval_on_selector("#reading-text", "e => e.textContent") == texts[0]
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
