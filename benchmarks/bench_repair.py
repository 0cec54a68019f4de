"""Repair throughput (issue 3): variorum's positional repair log against ftfy.fix_text.

Texts are made here: the synthetic editions of ``editions.py`` dressed with typographic quotes,
dashes and accented words (the clean text), and the same text encoded as UTF-8 and read as
windows-1252 (the text full of mojibake). Both tools get the same strings in the same run.

Targets: >= 5 MB/s on text full of mojibake and >= 20 MB/s on clean text, repair log included.

    .venv/bin/python benchmarks/bench_repair.py [--mb 8]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ftfy
import ftfy.bad_codecs

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import make_editions

from variorum.ingest.repair import _fix, repair_log

ACCENTED = {"the": "thé", "and": "ánd", "was": "wäs", "for": "fór", "with": "wíth"}


def clean_text(megabytes: float) -> str:
    words = int(megabytes * 1_000_000 / 6.5)
    text = make_editions(words, 1, 0.0, seed=7)[0]
    text = text.replace("'", "\u2019").replace(" - ", " \u2014 ")
    for plain, accented in ACCENTED.items():
        text = text.replace(f" {plain} ", f" {accented} ", 3000)
    return text


def mojibake(text: str) -> str:
    return text.encode("utf-8").decode("sloppy-windows-1252")


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        _fix.cache_clear()  # every run starts cold: no word is known from a previous run
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=8.0, help="size of each text in MB")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    clean = clean_text(args.mb)
    damaged = mojibake(clean)
    assert repair_log(damaged).repaired_text == clean, "the benchmark text must round-trip"
    rows = []
    for label, text in (("clean", clean), ("mojibake", damaged)):
        size = len(text.encode("utf-8")) / 1e6
        ours = best_of(args.runs, lambda text=text: repair_log(text))
        theirs = best_of(args.runs, lambda text=text: ftfy.fix_text(text))
        rows.append((label, size, size / ours, size / theirs))
    print("| text | MB | variorum repair + log (MB/s) | ftfy.fix_text (MB/s) | ratio |")
    print("|---|---|---|---|---|")
    for label, size, ours, theirs in rows:
        print(f"| {label} | {size:.1f} | {ours:.1f} | {theirs:.1f} | {ours / theirs:.2f}x |")
    targets = {"clean": 20.0, "mojibake": 5.0}
    print()
    for label, _, ours, _ in rows:
        verdict = "met" if ours >= targets[label] else "NOT met"
        print(f"target {label}: >= {targets[label]:.0f} MB/s: {ours:.1f} MB/s, {verdict}")


if __name__ == "__main__":
    main()
