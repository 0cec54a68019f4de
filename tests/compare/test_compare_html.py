"""``variorum compare --format html -o DIR``: the folder (index and collation pages), and
the index in a real browser (Debian's Chromium driven by Playwright, as the HTML report's
browser tests; skipped without them, except on CI)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser_support import browser_helpers
from variorum.cli import main

from .test_compare import BUKHARIN, PASS, RADEK_1, RADEK_2, RIVER, TRACTORS, write

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<img src=x onerror=alert(1)>"






@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    first = write(root / "1949", {
        "river.txt": RIVER, "radek.txt": RADEK_1, "bukharin.txt": BUKHARIN, "pass.txt": PASS,
        f"{HOSTILE}.txt": RIVER + " It floods in spring.",
    })
    second = write(root / "1953", {
        "river.txt": RIVER, "radek.txt": RADEK_2, "tractors.txt": TRACTORS,
        "pass.txt": PASS.replace("by hand", "by machine"),
        f"{HOSTILE}.txt": RIVER,
    })
    out = root / "report"
    assert main(["compare", str(first), str(second), "--format", "html", "-o", str(out)]) == 0
    return out


def test_the_folder_holds_an_index_and_a_page_per_changed_article(site: Path) -> None:
    index = (site / "index.html").read_text("utf-8")
    pages = sorted((site / "articles").iterdir())
    assert len(pages) == 3  # radek, pass and the hostile one differ; the rest do not
    for page in [site / "index.html", *pages]:
        text = page.read_text("utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text)
        assert policy and policy.group(1).startswith("default-src 'none'; script-src 'sha256-")
        assert "<script src" not in text and "<link" not in text
    assert HOSTILE not in index  # the key is in the JSON block, escaped
    assert not list(site.parent.glob(".report.*"))  # nothing left beside the folder


def test_html_needs_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER})
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format",
                 "html"]) == 2
    assert "-o DIR" in capsys.readouterr().err
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "html",
                 "-o", str(tmp_path / "a" / "report")]) == 2
    assert not (tmp_path / "a" / "report").exists()


def test_rerun_replaces_the_folder_whole(site: Path, tmp_path: Path) -> None:
    write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER + " More."})
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.html").write_text("old", "utf-8")
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format", "html",
                 "-o", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["articles", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "out"]




def rows(page: Any) -> list[tuple[str, str, int]]:
    cells = page.eval_on_selector_all(
        "#articles tbody tr", "rows => rows.map(r => [r.dataset.key, r.dataset.status, "
        "Number(r.querySelector('td.changed').textContent)])")
    return [(key, status, n) for key, status, n in cells]


def test_index_sorts_filters_and_links(chromium: Any, site: Path) -> None:
    opened = browser_helpers.open_report(chromium, site / "index.html")
    page = opened.page
    shown = rows(page)
    assert len(shown) == 6 and {s for _, s, _ in shown} == {"same", "changed", "added",
                                                            "dropped"}
    changed = [n for _, _, n in shown]
    assert changed == sorted(changed, reverse=True) and changed[0] > 0  # most changed first
    assert shown[0][0] == "radek"
    assert HOSTILE in {k for k, _, _ in shown}  # shown as text
    totals = page.inner_text("#totals")
    assert "6 articles" in totals and "1 dropped" in totals

    page.click("th[data-column=key] button")  # by name, A to Z
    keys = [k for k, _, _ in rows(page)]
    assert keys == sorted(keys, key=str.lower)
    page.click("th[data-column=changed_words] button")  # most changed first again
    assert [n for _, _, n in rows(page)] == changed

    page.uncheck("input[data-status=same]")
    assert "same" not in {s for _, s, _ in rows(page)}
    counter = page.locator("#shown")
    assert counter.get_attribute("data-visible") == "5"
    assert counter.get_attribute("data-total") == "6"
    page.check("input[data-status=same]")
    page.select_option("#class-filter", "omission")
    assert [k for k, _, _ in rows(page)] == ["radek", HOSTILE]
    page.select_option("#class-filter", "")

    assert "Nikolai Bukharin" in page.inner_text("#people")
    with page.expect_navigation():
        page.click("a:text-is('radek')")
    page.wait_for_selector("html[data-ready]", state="attached")
    assert "Radek" in page.inner_text("#reading-text")
    assert opened.dialogs == [] and opened.errors == []
    outside = [u for u in opened.requests if not u.startswith(site.resolve().as_uri())]
    assert outside == []
    page.close()
