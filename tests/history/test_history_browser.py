"""The history page in a real browser: Debian's Chromium, headless, driven by Playwright
(as tests/reports/test_html_browser.py). Skipped without them, except on CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.browser_support import browser_helpers
from variorum.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXPORT = Path(__file__).parent / "fixtures" / "article.xml"





E1 = "The mill stood by the river. Its wheel turned for a hundred years. Farmers came at dawn."
E2 = "The mill stood by the river. Farmers came at dawn."
E3 = "Its wheel turned for a hundred years. The mill stood by the river. Farmers came at noon."

HOSTILE = ('The <script>window.__pwned=1;alert(1)</script> mill "><img src=x '
           'onerror="window.__pwned=2;alert(2)"> stood & </script> <!-- by the river. '
           "Its wheel \x01\x1b\x7f\x85 turned for years. ]]>\n")
HOSTILE_NAMES = ('"><img src=x onerror=alert(5)>', "<script>alert(6)<\\script>")




def _page(tmp_path: Path, texts: dict[str, str], *extra: str) -> tuple[Path, dict[str, Any]]:
    """The page and the JSON of the history of ``texts`` (file name: text; the file names
    are the labels)."""
    sources = []
    for name, text in texts.items():
        path = tmp_path / f"{name}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append(str(path))
    output = tmp_path / "history.html"
    assert main(["history", *sources, "--format", "html", "-o", str(output), *extra]) == 0
    json_out = tmp_path / "history.json"
    assert main(["history", *sources, "--format", "json", "-o", str(json_out), *extra]) == 0
    return output, json.loads(json_out.read_text(encoding="utf-8"))


def _clean(opened: Any, path: Path) -> None:
    assert opened.errors == []
    assert opened.dialogs == []
    assert opened.outside_requests(path) == []


def _click_word(page: Any, word: str) -> None:
    """Click the range of the text holding ``word``."""
    page.locator("#text .r", has_text=word).first.click()


def test_text_legend_timeline_and_a_passages_life(chromium: Any, tmp_path: Path) -> None:
    path, document = _page(tmp_path, {"e1": E1, "e2": E2, "e3": E3})
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    # The last edition is shown first, character for character.
    assert page.eval_on_selector("#text", "e => e.textContent") == E3
    assert page.input_value("#edition") == "2"
    # Each word's edition is a number and a pattern besides the colour.
    codes = page.eval_on_selector_all(
        "#text .r", "els => els.map(e => [e.textContent, e.dataset.code || '', "
        "getComputedStyle(e, '::before').content, e.dataset.pattern])")
    assert codes[0][0] == "Its wheel turned for a hundred years."
    assert codes[0][1] == "↺1" and codes[0][2] == '"↺1"'  # put back, dates from e1
    noon = next(c for c in codes if c[0] == "noon")
    assert noon[1] == "3" and noon[3] == "2"
    legend = page.inner_text("#legend")
    assert "e1" in legend and "e3" in legend and "e2" not in legend.replace("edition", "")
    # The timeline: one row per edition with its counts as text.
    rows = page.eval_on_selector_all("#timeline-rows .row[data-edition]",
                                     "rs => rs.map(r => r.innerText)")
    assert len(rows) == 3
    for row, edition in zip(rows, document["editions"], strict=True):
        s = edition["summary"]
        assert f"+{s['words_added']}" in row and f"−{s['words_removed']}" in row
        assert f"↺{s['words_reintroduced']}" in row
    # Click the sentence put back: its life, edition by edition.
    _click_word(page, "wheel")
    life = page.inner_text("#life")
    assert "Its wheel turned for a hundred years." in life
    steps = page.eval_on_selector_all("#life .events:first-of-type li",
                                      "ls => ls.map(l => l.innerText)")
    assert [" ".join(s.split()) for s in steps] == [
        "introduced in 1 · e1", "removed in 2 · e2", "put back in 3 · e3",
        "stands in the last edition"]
    assert page.get_attribute("#life .strip", "aria-label") == "in 2 of 3 editions"
    # Exactly the sentence is marked in the text.
    marked = page.eval_on_selector_all("#text .r.chosen",
                                       "els => els.map(e => e.textContent).join('')")
    assert marked == "Its wheel turned for a hundred years."
    # Another edition: its own text.
    page.select_option("#edition", "1")
    assert page.eval_on_selector("#text", "e => e.textContent") == E2
    # e2's two sentences are one range of equal provenance; clicked, only one is marked.
    page.locator("#text .r", has_text="Farmers").first.click()
    marked = page.eval_on_selector_all("#text .r.chosen",
                                       "els => els.map(e => e.textContent).join(' ')")
    assert "".join(marked.split()) == "Farmerscameatdawn."
    page.keyboard.press("[")
    assert page.eval_on_selector("#text", "e => e.textContent") == E1
    # A fought-over passage leads to where it last stands, its life open.
    page.click("#passages .go >> nth=0")
    assert page.input_value("#edition") == "2"
    assert "put back in" in page.inner_text("#life")
    page.screenshot(path=str(tmp_path / "history.png"))
    _clean(opened, path)
    page.close()


def test_words_clicked_have_their_own_life(chromium: Any, tmp_path: Path) -> None:
    e2 = "The mill stood by the old river. Farmers came at dawn."
    path, _ = _page(tmp_path, {"a": E1, "b": e2})
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    _click_word(page, "old")
    text = " ".join(page.inner_text("#life").split())
    # The sentence is new (rewritten) in b, and so is the word.
    assert "introduced in 2 · b" in text
    _click_word(page, "Farmers")
    assert "introduced in 1 · a" in " ".join(page.inner_text("#life").split())
    _clean(opened, path)
    page.close()


def test_hostile_text_and_labels_stay_text(chromium: Any, tmp_path: Path) -> None:
    texts = {HOSTILE_NAMES[0]: HOSTILE, HOSTILE_NAMES[1]: HOSTILE.replace("mill", "mills")}
    path, _ = _page(tmp_path, texts)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    _click_word(page, "wheel")
    page.select_option("#edition", "0")
    page.click("#timeline-rows .row[data-edition='1']")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.evaluate("document.scripts.length") == 2
    assert page.eval_on_selector("#text", "e => e.textContent") == texts[HOSTILE_NAMES[1]]
    assert HOSTILE_NAMES[0] in page.inner_text("#timeline-rows")
    assert HOSTILE_NAMES[1] in page.inner_text("#legend")
    _clean(opened, path)
    page.close()


def test_bidirectional_controls_are_shown_not_applied(chromium: Any, tmp_path: Path) -> None:
    texts = {"a": "The fee was 40\u202e crowns, paid in May.", "b": "The fee was 45 crowns."}
    path, _ = _page(tmp_path, texts)
    opened = browser_helpers.open_report(chromium, path)
    page = opened.page
    page.select_option("#edition", "0")
    shown = page.eval_on_selector("#text", "e => e.textContent")
    assert shown == texts["a"].replace("\u202e", "U+202E")
    _clean(opened, path)
    page.close()


def test_export_with_people(chromium: Any, tmp_path: Path) -> None:
    output = tmp_path / "article.html"
    assert main(["history", str(EXPORT), "--people", "--format", "html",
                 "-o", str(output)]) == 0
    opened = browser_helpers.open_report(chromium, output)
    page = opened.page
    options = page.eval_on_selector_all("#edition option", "os => os.map(o => o.textContent)")
    assert options[0] == "1 · r101 (2009-03-02)"
    people = page.inner_text("#people")
    assert "Tobias Wrenfield" in people
    row = page.locator("#people tr", has_text="Tobias Wrenfield").inner_text()
    assert "r103" in row.split("\t")[2]  # vanished in the revision that removed him
    assert "r104" in row.split("\t")[3]  # and named again
    _clean(opened, output)
    page.close()
