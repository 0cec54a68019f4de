"""``variorum compare`` (issue 18): two editions of a synthetic dictionary, N articles of
10 to 2,000 words (log-uniform: most short, a few long), written to folders with planted
dropped, added, renamed, merged and split articles, the rest the same or revised; prints
precision and recall of the statuses against the truth, and the time end to end.

    .venv/bin/python benchmarks/bench_compare.py [--articles 1000] [--workers 2]
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import make_editions

from variorum.compare import compare_editions

# Shares of the articles of the first edition (the rest are revised, "changed").
PLANTED = {"same": 0.30, "dropped": 0.05, "renamed": 0.03, "merged": 0.04, "split": 0.02}
ADDED = 0.05  # new articles in the second edition, as a share of the first's


def _length(rng: random.Random, longest: int) -> int:
    return int(math.exp(rng.uniform(math.log(10), math.log(longest))))


def _pair(seed: int, words: int, edit_rate: float) -> tuple[str, str]:
    first, second = make_editions(words, 2, edit_rate, moves=0 if words < 200 else 1,
                                  seed=seed)
    return first, second


def build(root: Path, articles: int, longest: int, seed: int = 0
          ) -> set[tuple[str, str | None, str | None]]:
    """Write editions ``root/ed1`` and ``root/ed2``; return the truth: one ``(status,
    source in ed1, source in ed2)`` per article entry expected."""
    rng = random.Random(seed)
    one, two = root / "ed1", root / "ed2"
    one.mkdir(parents=True)
    two.mkdir(parents=True)
    truth: set[tuple[str, str | None, str | None]] = set()
    plan = [status for status, share in PLANTED.items() for _ in range(int(share * articles))]
    plan += ["changed"] * (articles - len(plan))
    rng.shuffle(plan)
    number = 0
    pending_merge: str | None = None
    pending_text = ""
    for status in plan:
        number += 1
        name = f"entry-{number:05d}.txt"
        words = _length(rng, longest)
        old, new = _pair(number, words, 0.0 if status == "same" else 0.02)
        if status == "same":
            (one / name).write_text(old, "utf-8")
            (two / name).write_text(old, "utf-8")
            truth.add(("same", name, name))
        elif status == "changed":
            (one / name).write_text(old, "utf-8")
            (two / name).write_text(new, "utf-8")
            truth.add(("changed" if old != new else "same", name, name))
        elif status == "dropped":
            (one / name).write_text(old, "utf-8")
            truth.add(("dropped", name, None))
        elif status == "renamed":
            (one / name).write_text(old, "utf-8")
            (two / f"renamed-{number:05d}.txt").write_text(new, "utf-8")
            truth.add(("renamed", name, f"renamed-{number:05d}.txt"))
        elif status == "merged":
            (one / name).write_text(old, "utf-8")
            if pending_merge is None:
                pending_merge, pending_text = name, new
                continue
            merged = f"merged-{number:05d}.txt"
            (two / merged).write_text(pending_text + "\n" + new, "utf-8")
            truth.add(("merged", pending_merge, merged))
            truth.add(("merged", name, merged))
            pending_merge = None
        else:  # split
            other, other_new = _pair(number + 1_000_000, _length(rng, longest), 0.02)
            (one / name).write_text(old + "\n" + other, "utf-8")
            for part, text in (("a", new), ("b", other_new)):
                (two / f"split-{number:05d}{part}.txt").write_text(text, "utf-8")
                truth.add(("split", name, f"split-{number:05d}{part}.txt"))
    if pending_merge is not None:  # an odd one left: it stays in ed2 under its name
        (two / pending_merge).write_text(pending_text, "utf-8")
        truth.add(("changed", pending_merge, pending_merge))
    for extra in range(int(ADDED * articles)):
        name = f"new-{extra:05d}.txt"
        (two / name).write_text(_pair(2_000_000 + extra, _length(rng, longest), 0.0)[0],
                                "utf-8")
        truth.add(("added", None, name))
    return truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--longest", type=int, default=2000, help="words of the longest")
    parser.add_argument("--workers", type=int, default=0,
                        help="also run on N local Dask workers (0: in process only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        started = time.perf_counter()
        truth = build(root, args.articles, args.longest)
        made = time.perf_counter() - started
        words = sum(len(p.read_text("utf-8").split()) for p in (root / "ed1").iterdir())
        print(f"# compare: {args.articles} articles, {words:,} words in ed1 "
              f"(generated in {made:.1f} s)\n")
        runs: list[tuple[str, object]] = [("in process", None)]
        if args.workers > 1:
            from variorum.find.runner import DaskRunner

            runs.append((f"{args.workers} Dask workers", args.workers))
        timings = {}
        for title, workers in runs:
            runner = None
            if workers:
                from variorum.find.runner import DaskRunner

                runner = DaskRunner(workers=int(str(workers)), quiet=True)
            try:
                started = time.perf_counter()
                result = compare_editions([("ed1", str(root / "ed1")),
                                           ("ed2", str(root / "ed2"))],
                                          work_dir=root / f"work-{len(timings)}",
                                          runner=runner)
                timings[title] = time.perf_counter() - started
            finally:
                if runner is not None:
                    runner.close()
        found = {(a["status"], a["sources"]["ed1"], a["sources"]["ed2"])
                 for a in result.articles}
        print("| status | truth | found | precision | recall |")
        print("|---|---:|---:|---:|---:|")
        statuses = Counter(s for s, _, _ in truth) + Counter(s for s, _, _ in found)
        for status in statuses:
            want = {t for t in truth if t[0] == status}
            got = {f for f in found if f[0] == status}
            hit = len(want & got)
            print(f"| {status} | {len(want)} | {len(got)} | "
                  f"{hit / len(got) if got else 1:.3f} | {hit / len(want) if want else 1:.3f} |")
        hit = len(truth & found)
        print(f"| all | {len(truth)} | {len(found)} | {hit / len(found):.3f} | "
              f"{hit / len(truth):.3f} |\n")
        for title, seconds in timings.items():
            print(f"- {title}: {seconds:.2f} s ({words / seconds:,.0f} words of ed1 a second)")
        if len(timings) == 2:
            a, b = timings.values()
            print(f"- speed-up with workers: {a / b:.2f}×")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"- peak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
