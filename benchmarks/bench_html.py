"""Benchmark the HTML report (issue 5): writing it for five 100k-word witnesses, its size,
and how soon the page answers in headless Chromium.

    .venv/bin/python benchmarks/bench_html.py [--words N] [--witnesses N] [--repeat N]

Targets: render under 3 s, file under 30 MB, interactive under 2 s, a key answered
(the next frame painted) under 100 ms. The collation itself is
timed apart (it is not part of writing the report); the JSON report of the same collation is
timed alongside as a point of comparison. Chromium is Debian's (`make chromium`); without it
or Playwright the browser row says why it was skipped. Markdown on stdout, progress on stderr.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import browser  # noqa: E402 - needs the path set above
from editions import make_editions  # noqa: E402

import variorum  # noqa: E402
from variorum.reports import render  # noqa: E402

RENDER_TARGET_S = 3.0
SIZE_TARGET_MB = 30.0
INTERACTIVE_TARGET_MS = 2000.0
KEY_TARGET_MS = 100.0


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def timed_renders(collation: variorum.Collation, name: str, repeat: int) -> tuple[list[float],
                                                                                   str]:
    times, document = [], ""
    for _ in range(repeat):
        started = time.perf_counter()
        document = render(collation, name)
        times.append(time.perf_counter() - started)
    return times, document


# One key pressed (a keydown on the document, as the viewer listens for), timed by the page
# from the event until the next frame has been laid out and painted.
PRESS = """async (key) => {
  const t = performance.now();
  document.activeElement.dispatchEvent(new KeyboardEvent("keydown",
    {key: key, shiftKey: key !== key.toLowerCase(), bubbles: true}));
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - t;
}"""
KEY_PRESSES = 20
CLICK = """async (selector) => {
  const t = performance.now();
  document.querySelector(selector).click();
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return performance.now() - t;
}"""


def key_timings(chromium: object, path: Path) -> dict[str, float]:
    """Milliseconds a key takes to answer: the first j, then the median of many j, J
    (next substantive, when the viewer has it) and k."""
    opened = browser.open_report(chromium, path)
    page = opened.page
    first = float(page.evaluate(PRESS, "j"))
    result = {"first j": first}
    for key in ("j", "J", "k"):
        result[f"{key} (median of {KEY_PRESSES})"] = statistics.median(
            float(page.evaluate(PRESS, key)) for _ in range(KEY_PRESSES))
    tab = page.query_selector("#tabs button[data-tab='synoptic']")
    if tab is not None:  # the synoptic view (issue 17): opening it, then a key there
        result["open the Synoptic tab"] = float(page.evaluate(
            CLICK, "#tabs button[data-tab='synoptic']"))
        result["j in the Synoptic tab"] = statistics.median(
            float(page.evaluate(PRESS, "j")) for _ in range(KEY_PRESSES))
    page.close()
    if opened.errors:
        raise RuntimeError(f"{path}: the page reported errors: {opened.errors[:3]}")
    return result


def browser_timings(path: Path, repeat: int) -> tuple[list[dict[str, float]],
                                                      dict[str, float]] | str:
    reason = browser.why_unavailable()
    if reason:
        return reason
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        browser.time_to_interactive(chromium, path)  # warm-up: first start of the browser
        timings = [browser.time_to_interactive(chromium, path) for _ in range(repeat)]
        keys = key_timings(chromium, path)
        chromium.close()
    return timings, keys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--witnesses", type=int, default=5)
    parser.add_argument("--rate", type=float, default=0.05, help="edit rate per edition")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    say(f"making {args.witnesses} editions of {args.words:,} words")
    texts = make_editions(args.words, args.witnesses, args.rate, seed=0)
    witnesses = [variorum.Witness.from_text(f"E{n}", text) for n, text in enumerate(texts)]
    say("collating")
    started = time.perf_counter()
    collation = variorum.collate(witnesses, erasures=True)
    collate_s = time.perf_counter() - started
    say("writing the HTML report")
    html_times, document = timed_renders(collation, "html", args.repeat)
    json_times, json_document = timed_renders(collation, "json", args.repeat)
    size_mb = len(document.encode("utf-8")) / 1e6
    json_mb = len(json_document.encode("utf-8")) / 1e6

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.html"
        path.write_text(document, encoding="utf-8")
        say("opening it in headless Chromium")
        measured = browser_timings(path, args.repeat)

    best_html, best_json = min(html_times), min(json_times)
    load = os.getloadavg()
    print(f"## HTML report: {args.witnesses} witnesses x {args.words:,} words "
          f"(edit rate {args.rate}), {len(collation.variants):,} variants, "
          f"{len(collation.erasures):,} erasures\n")
    print(f"Collation (not part of the report): {collate_s:.1f} s. "
          f"Best of {args.repeat}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
          f"on {os.cpu_count()} cores.\n")
    print("| measure | value | target | met |")
    print("| --- | ---: | ---: | :---: |")
    print(f"| render HTML | {best_html:.2f} s | < {RENDER_TARGET_S:.0f} s | "
          f"{'yes' if best_html < RENDER_TARGET_S else 'NO'} |")
    print(f"| HTML file size | {size_mb:.1f} MB | < {SIZE_TARGET_MB:.0f} MB | "
          f"{'yes' if size_mb < SIZE_TARGET_MB else 'NO'} |")
    print(f"| render JSON (comparison) | {best_json:.2f} s | | |")
    print(f"| JSON file size (comparison) | {json_mb:.1f} MB | | |")
    print(f"| HTML / JSON render time | {best_html / best_json:.2f} x | | |")
    if isinstance(measured, str):
        print(f"| time to interactive | skipped: {measured} | < 2 s | |")
    else:
        timings, keys = measured
        ready = statistics.median(t["ready_ms"] for t in timings)
        script = statistics.median(t["script_ms"] for t in timings)
        wall = statistics.median(t["wall_ms"] for t in timings)
        print(f"| time to interactive (median of {len(timings)}) | {ready:.0f} ms | "
              f"< {INTERACTIVE_TARGET_MS:.0f} ms | "
              f"{'yes' if ready < INTERACTIVE_TARGET_MS else 'NO'} |")
        print(f"| of which the viewer's script | {script:.0f} ms | | |")
        print(f"| goto to ready, seen from Python | {wall:.0f} ms | | |")
        for key, ms in keys.items():
            target = KEY_TARGET_MS if key.startswith(("j", "J", "k", "first")) else 1000.0
            print(f"| {key}, to the next frame | {ms:.0f} ms | < {target:.0f} ms | "
                  f"{'yes' if ms < target else 'NO'} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
