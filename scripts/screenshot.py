"""Make docs/images/*.png: the HTML report of the demo editions in Chromium (`make screenshots`).

demo-report.png (a variant chosen), report-first-view.png (the first view, the apparatus
beside the text), report-synoptic.png (three editions in columns), report-print.png (the
print layout, the numbered apparatus below the text).

    .venv/bin/python scripts/screenshot.py [--out PATH]

Needs Playwright and Debian's Chromium (`make chromium`). The report is written to a
temporary folder, opened, a variant chosen with `j`, and the window photographed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import browser  # noqa: E402 - needs the path set above

from variorum.cli import main as variorum_main  # noqa: E402

# Relative, as a reader would type them: the page shows each witness's source.
DEMO = [f"examples/encyclopedia/{year}.txt" for year in (1949, 1953, 1956)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images" / "demo-report.png")
    args = parser.parse_args()
    reason = browser.why_unavailable()
    if reason:
        print(f"screenshot: cannot run the browser: {reason}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    os.chdir(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "demo.html"
        status = variorum_main(["collate", *DEMO, "--format", "html",
                                "-o", str(report)])
        if status:
            return status
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            opened = browser.open_report(chromium, report)
            page = opened.page
            page.set_viewport_size({"width": 1200, "height": 760})
            for _ in range(3):
                page.keyboard.press("j")  # the third variant: a substitution with a note
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
            images = args.out.parent
            # The first view with the apparatus beside the text, nothing pressed.
            first = browser.open_report(chromium, report)
            first.page.set_viewport_size({"width": 1200, "height": 760})
            first.page.screenshot(path=str(images / "report-first-view.png"))
            # The three editions in synoptic columns, a variant chosen.
            first.page.click("#tabs button[data-tab='synoptic']")
            for _ in range(2):
                first.page.keyboard.press("j")
            first.page.screenshot(path=str(images / "report-synoptic.png"))
            # The print layout: the text with numbered variants, the apparatus below.
            first.page.click("#tabs button[data-tab='reading']")
            first.page.emulate_media(media="print")
            first.page.set_viewport_size({"width": 800, "height": 1130})
            first.page.wait_for_function(
                "() => document.querySelectorAll('#print-apparatus li').length > 0")
            first.page.screenshot(path=str(images / "report-print.png"), full_page=True)
            opened.errors += first.errors
            chromium.close()
        if opened.errors:
            print(f"screenshot: the page reported errors: {opened.errors}", file=sys.stderr)
            return 1
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
