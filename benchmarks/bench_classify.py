"""What classification costs (issue 4): collation with and without it, in the same run.

Target: classification adds at most 30% to the collation time of two 100k-word editions.
"Without" replaces every comparison by a constant verdict (the variant's class, the class of
each witness's reading) and skips the per-pair counts, so the difference is exactly what
classifying the variants costs.

    .venv/bin/python benchmarks/bench_classify.py [--words 100000] [--rate 0.01]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import make_editions

import variorum
from variorum.collation import compare as compare_module
from variorum.collation.classify import Verdict, _forms, _respelled_words, classify_pair
from variorum.text.spelling import without_marks

CONSTANT = Verdict("substitution", "not classified")


def best_of(runs: int, witnesses: list[variorum.Witness], classify: bool) -> float:
    best = float("inf")
    for _ in range(runs):
        classify_pair.cache_clear()  # every run starts cold
        _forms.cache_clear()
        _respelled_words.cache_clear()
        without_marks.cache_clear()
        start = time.perf_counter()
        if classify:
            variorum.collate(witnesses)
        else:
            # Every comparison answers a constant: no variant class, no per-witness classes,
            # no per-pair counts are worked out.
            with mock.patch.object(compare_module, "classify_place", lambda *a: CONSTANT), \
                    mock.patch.object(compare_module.Comparer, "compare",
                                      lambda *a: CONSTANT), \
                    mock.patch.object(compare_module, "pair_classes", lambda *a: ()):
                variorum.collate(witnesses)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print("| editions | edit rate | variants | without classes (s) | with (s) | added |")
    print("|---|---|---:|---:|---:|---:|")
    for rate in (0.01, 0.05):
        texts = make_editions(args.words, 2, rate, seed=0)
        witnesses = [variorum.Witness.from_text(f"W{i}", t) for i, t in enumerate(texts)]
        variants = len(variorum.collate(witnesses).variants)
        without = best_of(args.runs, witnesses, classify=False)
        with_ = best_of(args.runs, witnesses, classify=True)
        added = (with_ - without) / without
        verdict = "met" if added <= 0.30 else "NOT met"
        print(f"| 2 × {args.words:,} | {rate:.0%} | {variants:,} | {without:.3f} | {with_:.3f} "
              f"| {added:+.0%} ({verdict}) |")


if __name__ == "__main__":
    main()
