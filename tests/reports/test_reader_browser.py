"""Issue 17, item by item: what the reader does in Chromium that tests/reports/
test_html_browser.py leaves unchecked — the apparatus leading the text, additions and
relations written as an apparatus writes them, synoptic columns for any number of witnesses
and the lines of a move, rewritten paragraphs as blocks, links to the synoptic view, the
erasure table's short witness lists, and the keyboard's reach into the apparatus.

Skipped without Chromium or Playwright, except on CI (CI=true), where they fail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import variorum
from tests.browser_support import browser_helpers, load_bench
from tests.reports.test_html_browser import (
    OWN_TEXT,
    _roll_files,
    app_entry,
    assert_clean,
    current,
    four_witnesses,
    in_base_order,
    json_document,
)
from tests.reports.test_html_report import DEMO
from variorum.cli import main
from variorum.model import ACCIDENTAL_CLASSES
from variorum.reports import render

editions = load_bench("editions")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("demo") / "demo.html"
    assert main(["collate", *map(str, DEMO), "--format", "html", "-o", str(path)]) == 0
    witnesses = []
    for source in DEMO:
        witnesses += variorum.ingest.read_source(str(source))
    return path, json_document(variorum.collate(witnesses, erasures=True))


def written(tmp_path: Path, name: str, collation: variorum.Collation) -> Path:
    path = tmp_path / name
    path.write_text(render(collation, "html"), encoding="utf-8")
    return path


# --- item 1: the apparatus pane ------------------------------------------------------------

def test_apparatus_scrolled_brings_the_text_along(chromium: Any, tmp_path: Path) -> None:
    texts = editions.make_editions(20_000, 3, 0.05, seed=7)
    path = written(tmp_path, "long.html", variorum.collate(
        [variorum.Witness.from_text(f"E{n}", text) for n, text in enumerate(texts)]))
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    assert page.evaluate("window.scrollY") == 0
    pane = page.locator("#app-rows").bounding_box()
    assert pane is not None
    page.mouse.move(pane["x"] + pane["width"] / 2, pane["y"] + pane["height"] / 2)
    page.mouse.wheel(0, 8000)
    page.wait_for_function("() => window.scrollY > 0")
    page.wait_for_timeout(300)
    # The entry at the top of the pane has its mark on screen in the text, below the header.
    shown = page.evaluate("""() => {
      const rows = document.getElementById('app-rows').getBoundingClientRect();
      const entry = document.elementFromPoint(rows.left + 12, rows.top + 6).closest('.app');
      const mark = document.querySelector(`#reading-text mark.v[data-v="${entry.dataset.v}"]`);
      const box = mark.getBoundingClientRect();
      return [box.top, box.bottom, document.getElementById('top').getBoundingClientRect().bottom,
              window.innerHeight];
    }""")
    top, bottom, header, height = shown
    assert bottom > header and top < height
    assert_clean(opened, path)
    page.close()


def test_an_addition_is_written_add_after_the_word_before(chromium: Any,
                                                          tmp_path: Path) -> None:
    collation = variorum.collate([
        variorum.Witness.from_text("A", "The old mill stood by the water."),
        variorum.Witness.from_text("B", "The old red mill stood by the water."),
        variorum.Witness.from_text("C", "The old mill stood by the water.")])
    (variant,) = collation.variants
    assert variant.class_ == "addition"
    opened = browser_helpers.open_report(chromium, written(tmp_path, "add.html", collation))
    page = opened.page
    entry = app_entry(page, variant.id)
    # lemma: the word before and a caret, with the sigla of the witnesses that read nothing.
    assert " ".join(entry.locator(".lemma").inner_text().split()) == "old ‸"
    assert entry.locator(":scope > .sig").inner_text() == "A C"
    reading = entry.locator(".rdg")
    assert reading.locator("i.ed").inner_text() == "add."
    assert reading.locator(":scope > .sig").inner_text() == "B"
    assert " ".join(reading.inner_text().split()).startswith("add. red")
    assert "om." not in entry.inner_text()
    page.close()


def test_each_reading_says_how_it_differs_from_the_other_readings(
        chromium: Any, demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    codes = dict(page.eval_on_selector_all(
        "#filters input[data-class]", "is => is.map(i => [i.dataset.class, "
        "i.nextElementSibling.textContent])"))
    checked = 0
    for variant in document["variants"]:
        groups = variant["groups"]
        base_group = next(n for n, g in enumerate(groups) if document["base"] in g)
        others = [r for r in variant["relations"] if base_group not in r["groups"]]
        entry = app_entry(page, variant["id"])
        relations = entry.locator(".rel")
        assert relations.count() == len(others)
        for relation in others:
            a, b = relation["groups"]
            # In the reading of group b: "≈ <sigla of a>: <code>".
            reading = entry.locator(".rdg", has=page.locator(
                f":scope > .sig:text-is('{' '.join(groups[b])}')"))
            text = " ".join(reading.locator(".rel").inner_text().split())
            assert text.startswith(f"≈ {' '.join(groups[a])}:")
            assert text.endswith(codes[relation["class"]])
            checked += 1
    assert checked > 0  # the demo has readings that differ from each other, not the base
    assert_clean(opened, path)
    page.close()


# --- item 2: the synoptic view ---------------------------------------------------------------

def test_synoptic_view_takes_any_number_of_witnesses_and_a_link_keeps_them(
        chromium: Any, tmp_path: Path) -> None:
    texts = editions.make_editions(300, 6, 0.05, seed=3)
    witnesses = [variorum.Witness.from_text(f"W{n}", text) for n, text in enumerate(texts)]
    path = written(tmp_path, "six.html", variorum.collate(witnesses))
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='synoptic']")
    heads = page.locator("#syn-rows .syn-head div")
    assert heads.all_inner_texts() == ["W0", "W1", "W2", "W3"]  # four at first
    page.check("#syn-controls input[data-witness='4']")
    page.check("#syn-controls input[data-witness='5']")
    assert heads.all_inner_texts() == [f"W{n}" for n in range(6)]
    columns = page.evaluate("""() => [...Array(6).keys()].map((n) => [...document.querySelectorAll(
        '#syn-rows .syn-row')].map((r) => r.children[n].textContent).join(''))""")
    assert columns == [w.content for w in witnesses]
    # The last moved to the front, one place at a time.
    for _ in range(5):
        page.click("#syn-controls .syn-witness[data-witness='W5'] button[title$='left']")
    order = ["W5", "W0", "W1", "W2", "W3", "W4"]
    assert heads.all_inner_texts() == order
    page.keyboard.press("j")
    page.keyboard.press("j")
    chosen = current(page)
    assert page.locator("#syn-rows mark.v.current").count() == 6
    page.wait_for_function(f"() => location.hash.includes('v={chosen}&w=')")
    link = page.url
    page.close()
    # Opening the link: the synoptic view, the same columns in the same order, the same place.
    again = chromium.new_page(viewport=browser_helpers.VIEWPORT)
    again.goto(link)
    again.wait_for_selector(browser_helpers.READY, state="attached")
    assert again.is_visible("#view-synoptic")
    assert again.locator("#syn-rows .syn-head div").all_inner_texts() == order
    assert current(again) == chosen
    assert again.locator("#syn-rows mark.v.current").count() == 6
    again.close()
    assert_clean(opened, path)


# Where each line of the move layer starts and ends, in window coordinates.
MOVE_LINES = """() => {
  const box = document.getElementById('syn-rows').getBoundingClientRect();
  return [...document.querySelectorAll('#syn-rows .moves .move-line')].map((l) => {
    const x = parseFloat(l.style.left) + box.left, y = parseFloat(l.style.top) + box.top;
    const w = parseFloat(l.style.width);
    const a = parseFloat(/rotate\\(([-0-9.e]+)rad\\)/.exec(l.style.transform)[1]);
    return [x, y, x + w * Math.cos(a), y + w * Math.sin(a)];
  });
}"""
# The centres of the marks of a variant that hold text, one per column that has it there.
MARK_CENTRES = """(n) => [...document.querySelectorAll(`#syn-rows mark.v[data-n="${n}"]`)]
  .filter((m) => m.textContent.length).map((m) => {
    const r = m.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })"""


def test_a_move_is_drawn_from_each_of_its_places_to_the_other(chromium: Any,
                                                              tmp_path: Path) -> None:
    collation = variorum.collate(four_witnesses())
    moved = next(v for v in collation.variants if any(t.startswith("moved-to:") for t in v.tags))
    partner = int(next(t for t in moved.tags if t.startswith("moved-to:")).split(":")[1])
    path = written(tmp_path, "four.html", collation)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='synoptic']")
    while current(page) != moved.id:
        page.keyboard.press("j")
    here = page.evaluate(MARK_CENTRES, moved.id)
    there = page.evaluate(MARK_CENTRES, partner)
    assert len(here) == 2 and len(there) == 2  # two witnesses have it at each end
    lines = page.evaluate(MOVE_LINES)
    # Each line joins a column that has the passage here to one that has it there, and
    # every such pair is joined.
    joined = {(round(a), round(b), round(c), round(d)) for a, b, c, d in lines}
    assert len(lines) == len(joined) == 4
    assert joined == {(round(a[0]), round(a[1]), round(b[0]), round(b[1]))
                      for a in here for b in there}
    assert_clean(opened, path)
    page.close()


# --- item 3: rewrites as blocks --------------------------------------------------------------

OLD_PARAGRAPH = (
    "Gulls wheeled above grey water while fishermen mended torn nets beside wooden sheds, "
    "counting crates of herring that trawlers landed before dawn; merchants haggled loudly "
    "over prices, carters loaded barrels onto wagons bound inland, children chased dogs "
    "between stacked lobster pots, widows sold smoked mackerel from baskets, sailors drank "
    "strong ale inside smoky taverns, customs officers inspected cargoes arriving from distant "
    "ports, shipwrights caulked hulls along slipways, ropemakers twisted hemp strands into "
    "hawsers, coopers hammered hoops around oak staves, and bells rang whenever tides turned.")
NEW_PARAGRAPH = ("Nowadays tourists photograph colourful yachts moored alongside concrete "
                 "pontoons; cafés serve espresso under striped awnings.")


def test_a_rewritten_paragraph_is_one_block_and_its_rewrite_another(chromium: Any,
                                                                     tmp_path: Path) -> None:
    first = f"Harbour notes.\n\n{OLD_PARAGRAPH}\n\nThe end.\n"
    second = f"Harbour notes.\n\n{NEW_PARAGRAPH}\n\nThe end.\n"
    collation = variorum.collate([variorum.Witness.from_text("A", first),
                                  variorum.Witness.from_text("B", second)])
    (variant,) = collation.variants  # one place: the paragraph, not a patchwork
    assert variant.class_ == "substitution"
    path = written(tmp_path, "rewrite.html", collation)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    # The base's paragraph: one mark, drawn as a block.
    mark = page.locator("#reading-text mark.v")
    assert mark.count() == 1
    assert mark.evaluate("m => getComputedStyle(m).display") == "block"
    assert mark.text_content() == variant.readings["A"].text
    assert OLD_PARAGRAPH.startswith(variant.readings["A"].text)
    # The new paragraph follows it as a block of its own, open, naming the class and witness.
    aside = page.locator("#reading-text .aside details.long")
    assert aside.count() == 1 and aside.get_attribute("open") is not None
    assert aside.locator("summary").inner_text().startswith("substitution B, 15 words")
    assert aside.locator(".block").text_content() == variant.readings["B"].text
    aside.locator("summary").click()
    assert aside.get_attribute("open") is None
    assert not aside.locator(".block").is_visible()
    # In the apparatus, both readings are blocks that fold away.
    entry = app_entry(page, variant.id)
    blocks = entry.locator("details.long")
    assert blocks.count() == 2
    assert blocks.nth(0).locator(".block").text_content() == variant.readings["A"].text
    blocks.nth(1).locator("summary").click()
    assert blocks.nth(1).get_attribute("open") is None
    assert_clean(opened, path)
    page.close()


HARBOUR_THEN = ("The old harbour was full of boats and the fishermen sold their catch on the "
                "quay every morning, while the gulls circled over the grey water and the "
                "children of the town ran between the nets.")
HARBOUR_NOW = ("The new marina is full of yachts and the tourists buy their coffee on the "
               "promenade every afternoon, while the music plays over the blue water and the "
               "visitors of the city walk between the shops.")
MARKET = ("On Saturdays the market filled the square below the church, and the farmers came in "
          "from the villages with {} and cheese to sell at the stalls.")


def test_a_paragraph_rewritten_in_many_places_is_followed_by_the_rewrite_whole(
        chromium: Any, tmp_path: Path) -> None:
    first = f"Harbour.\n\n{HARBOUR_THEN}\n\n{MARKET.format('eggs')}\n\nEnd.\n"
    second = f"Harbour.\n\n{HARBOUR_NOW}\n\n{MARKET.format('butter')}\n\nEnd.\n"
    collation = variorum.collate([variorum.Witness.from_text("A", first),
                                  variorum.Witness.from_text("B", second),
                                  variorum.Witness.from_text("C", second)])
    in_harbour = [v for v in collation.variants
                  if first.index(HARBOUR_THEN) <= v.readings["A"].start
                  < first.index(HARBOUR_THEN) + len(HARBOUR_THEN)]
    assert len(in_harbour) >= 3  # the collation cuts the rewrite into places
    path = written(tmp_path, "rewritten.html", collation)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    # After the rewritten paragraph: B's and C's paragraph whole, once, as one block.
    rewrites = page.locator("#reading-text .aside.rewrite details.long")
    assert rewrites.count() == 1 and rewrites.get_attribute("open") is not None
    assert rewrites.locator(".block").text_content() == HARBOUR_NOW
    assert rewrites.locator("summary").inner_text() == (
        f"rewritten in B C: {len(in_harbour)} places, {len(HARBOUR_NOW.split())} words")
    # It stands after the paragraph, before the next one; the market's one word is no rewrite.
    placed = page.evaluate("""() => {
      const box = document.querySelector('#reading-text .aside.rewrite');
      const before = document.createRange();
      before.setStart(document.getElementById('reading-text'), 0);
      before.setEndBefore(box);
      const copy = before.cloneContents();
      copy.querySelectorAll('[data-aside]').forEach((a) => a.remove());
      return copy.textContent;
    }""")
    assert placed == first[:first.index(HARBOUR_THEN) + len(HARBOUR_THEN)]
    rewrites.locator("summary").click()  # folds away
    assert rewrites.get_attribute("open") is None
    # The text itself is still exactly the base's, every place still marked.
    assert page.eval_on_selector("#reading-text", OWN_TEXT) == first
    assert page.locator("#reading-text mark.v").count() == len(collation.variants)
    assert_clean(opened, path)
    page.close()


# --- item 5: the erasure table's witness columns -----------------------------------------------

def test_short_witness_lists_of_erasures_take_one_line(chromium: Any, tmp_path: Path) -> None:
    texts = editions.make_editions(20_000, 3, 0.05, seed=5)
    collation = variorum.collate([variorum.Witness.from_text(f"E{n}", text)
                                  for n, text in enumerate(texts)], erasures=True)
    assert len(collation.erasures) > 40
    path = written(tmp_path, "erasures.html", collation)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.click("#tabs button[data-tab='erasures']")
    # "E0, E1" beside a long sentence: on one line, not one id a line.
    lines = page.eval_on_selector_all(
        "#erasure-table tbody td:nth-child(4) .ids, #erasure-table tbody td:nth-child(5) .ids",
        "ss => ss.filter(s => s.textContent).map(s => new Set([...s.getClientRects()]"
        ".map(r => Math.round(r.top))).size)")
    assert lines and set(lines) == {1}
    # So a row whose erased text is one line is one line high, and a screen holds many rows.
    heights = page.eval_on_selector_all(
        "#erasure-table tbody tr", """rs => rs.filter(r => r.children[1].getClientRects()
          .length === 1 && r.children[1].offsetHeight < 30).map(r => r.offsetHeight)""")
    assert heights and max(heights) < 30
    assert_clean(opened, path)
    page.close()


# --- item 5: people, when present ------------------------------------------------------------

def test_without_the_register_the_page_says_how_to_add_it(chromium: Any, demo: tuple[Path, Any],
                                                          tmp_path: Path) -> None:
    path, _ = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    assert page.locator("#tabs button[data-tab='people']").count() == 0
    page.click("#tabs button[data-tab='witnesses']")
    assert "collate --people --format html" in page.inner_text("#people-hint")
    page.close()
    with_people = tmp_path / "roll.html"
    assert main(["collate", *_roll_files(tmp_path), "--people", "--format", "html",
                 "-o", str(with_people)]) == 0
    again = browser_helpers.open_report(chromium, with_people)
    again.page.click("#tabs button[data-tab='witnesses']")
    assert again.page.locator("#people-hint").count() == 0
    assert again.page.locator("#tabs button[data-tab='people']").count() == 1
    assert_clean(again, with_people)
    assert_clean(opened, path)
    again.page.close()


# --- items 4 and 9: the keyboard -----------------------------------------------------------

def test_keyboard_reaches_the_apparatus_and_k_goes_back(chromium: Any,
                                                        demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    order = in_base_order(document)
    substantive = in_base_order(document, {v["class"] for v in document["variants"]}
                                - set(ACCIDENTAL_CLASSES))
    # Tab from the top of the page reaches the first entry's number; Enter goes to it.
    page.focus("#tab-reading")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('app-n')"):
            break
    else:
        pytest.fail("Tab never reached the apparatus")
    number = int(page.evaluate("document.activeElement.textContent"))
    assert number == order[0]
    page.keyboard.press("Tab")
    second = int(page.evaluate("document.activeElement.textContent"))
    page.keyboard.press("Enter")
    assert current(page) == second == order[1]
    assert page.locator("#reading-text mark.v.current").count() == 1
    # J and K: forwards and back among the substantive variants.
    page.keyboard.press("J")
    page.keyboard.press("J")
    at = current(page)
    assert at in substantive
    page.keyboard.press("K")
    assert current(page) == substantive[substantive.index(at) - 1]
    page.keyboard.press("k")
    assert current(page) == order[order.index(substantive[substantive.index(at) - 1]) - 1]
    assert_clean(opened, path)
    page.close()


def test_a_link_pasted_or_opened_goes_to_its_view_and_variant(
        chromium: Any, demo: tuple[Path, Any]) -> None:
    path, document = demo
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    last = in_base_order(document)[-1]
    # Pasted into the address bar of the open page: the fragment changes, the page follows.
    page.goto(path.resolve().as_uri() + f"#view=variants&v={last}")
    page.wait_for_function("() => !document.getElementById('view-variants').hidden")
    assert current(page) == last
    # Opened afresh.
    page.reload()
    page.wait_for_selector(browser_helpers.READY, state="attached")
    assert page.is_visible("#view-variants") and current(page) == last
    # Nonsense: the first view, nothing chosen, no error.
    page.goto(path.resolve().as_uri() + "#view=nowhere&v=999999")
    page.reload()
    page.wait_for_selector(browser_helpers.READY, state="attached")
    assert page.is_visible("#view-reading") and current(page) is None
    assert_clean(opened, path)
    page.close()


# Where the column heads of a view are, against the page's header and the first row.
HEADS = """(view) => {
  const rows = document.getElementById(view + '-rows');
  const head = rows.querySelector(view === 'syn' ? '.syn-head' : '.pair-head')
    .getBoundingClientRect();
  const first = rows.querySelector(view === 'syn' ? '.syn-row' : '.row').getBoundingClientRect();
  const top = document.getElementById('top').getBoundingClientRect();
  return {head: [head.top, head.bottom], first: first.top, header: top.bottom};
}"""


@pytest.mark.parametrize("width,height", [(1280, 900), (640, 450)])
def test_column_heads_stay_under_the_header_and_cover_no_text(
        chromium: Any, tmp_path: Path, width: int, height: int) -> None:
    texts = editions.make_editions(3_000, 3, 0.05, seed=11)
    path = written(tmp_path, "heads.html", variorum.collate(
        [variorum.Witness.from_text(f"E{n}", text) for n, text in enumerate(texts)]))
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.set_viewport_size({"width": width, "height": height})
    for tab, view in (("synoptic", "syn"), ("pair", "pair")):
        page.click(f"#tabs button[data-tab='{tab}']")
        page.evaluate("window.scrollTo(0, 0)")
        at_top = page.evaluate(HEADS, view)
        # In place: above the first row, not over it.
        assert at_top["head"][1] <= at_top["first"] + 1
        page.evaluate("window.scrollTo(0, 2500)")
        page.wait_for_timeout(100)
        scrolled = page.evaluate(HEADS, view)
        # Scrolled: just under the header where it stays, at the top where it scrolls away.
        assert abs(scrolled["head"][0] - max(scrolled["header"], 0)) <= 1, (tab, scrolled)
    assert_clean(opened, path)
    page.close()
