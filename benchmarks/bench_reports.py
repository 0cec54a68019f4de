"""How long the TEI and CSV writers take on book-length collations (issue 5).

Synthetic editions (benchmarks/editions.py), collated once; then each writer is timed (best
of ``--runs``) on the same collation, next to the JSON writer as a yardstick. No target is
set for these two formats: the table says what they cost.

    .venv/bin/python benchmarks/bench_reports.py [--words 100000] [--rate 0.02] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import make_editions

import variorum
from variorum.reports import render


def best_of(runs: int, collation: variorum.Collation, name: str) -> tuple[float, int]:
    best, size = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        document = render(collation, name)
        best = min(best, time.perf_counter() - start)
        size = len(document.encode("utf-8"))
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--rate", type=float, default=0.02)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    print(f"Report writers, {args.words:,} words per witness, edit rate {args.rate}, "
          f"best of {args.runs} (load average {load:.2f} at start).\n")
    print("| witnesses | variants | format | time (s) | size (MB) | time / JSON's |")
    print("|---:|---:|---|---:|---:|---:|")
    for count in (2, 5):
        texts = make_editions(args.words, count, args.rate, seed=0)
        witnesses = [variorum.Witness.from_text(f"E{i}", t) for i, t in enumerate(texts)]
        collation = variorum.collate(witnesses)
        timed = {name: best_of(args.runs, collation, name) for name in ("json", "tei", "csv")}
        for name, (seconds, size) in timed.items():
            print(f"| {count} | {len(collation.variants):,} | {name} | {seconds:.2f} | "
                  f"{size / 1e6:.1f} | {seconds / timed['json'][0]:.2f} |", flush=True)


if __name__ == "__main__":
    main()
