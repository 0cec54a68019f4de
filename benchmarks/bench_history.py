"""``variorum history`` (issue 19): on generated revision chains with planted insertions,
removals, moves, reintroductions and reverted vandalism (``history_chains.py``), the share of
words whose introducing and removing edition is right, beside a baseline that diffs each
consecutive pair with difflib and carries provenance forward; then the time of a history of
50 (and with ``--long``, 500) revisions of a 5,000-word article; then, when
``../shared/data/darwin`` is there, what the history of the six editions of Darwin's first
chapter shows.

    .venv/bin/python benchmarks/bench_history.py [--seeds 5] [--long]
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from history_chains import difflib_provenance, history_provenance, make_chain, score

from variorum import Witness
from variorum.history import build_history
from variorum.reports import render

DARWIN = Path(__file__).resolve().parents[2] / "shared" / "data" / "darwin" \
    / "darwin_chapter1_paragraphs.json"
DARWIN_ORDER = ["1859", "1860", "1861", "1866", "1869", "1872"]


def _witnesses(texts: list[str]) -> list[Witness]:
    return [Witness(f"E{k + 1}", text) for k, text in enumerate(texts)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="generated chains to score")
    parser.add_argument("--long", action="store_true", help="also 500 revisions")
    args = parser.parse_args()

    print("## variorum history: provenance of words on generated chains\n")
    print("| chain | words/edition | variorum | difflib baseline |")
    print("|---|---:|---:|---:|")
    ours, theirs = [], []
    for seed in range(1, args.seeds + 1):
        chain = make_chain(40, 2000, seed=seed)
        history = build_history(_witnesses(chain.texts))
        mine = score(chain, history_provenance(chain, history))
        base = score(chain, difflib_provenance(chain))
        ours.append(mine)
        theirs.append(base)
        words = sum(map(len, chain.lineages)) // len(chain.lineages)
        print(f"| seed {seed}, 40 revisions | {words} | {mine:.4f} | {base:.4f} |")
    print(f"| **mean** | | **{sum(ours) / len(ours):.4f}** | {sum(theirs) / len(theirs):.4f} |")
    print("\ntarget: ≥ 0.95\n")

    print("## speed\n")
    print("| revisions × words | seconds | peak traced MB |")
    print("|---|---:|---:|")
    sizes = [(50, 5000)] + ([(500, 5000)] if args.long else [])
    for revisions, words in sizes:
        chain = make_chain(revisions, words, seed=7)
        witnesses = _witnesses(chain.texts)
        start = time.perf_counter()
        build_history(witnesses)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        build_history(witnesses)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"| {revisions} × {words} | {elapsed:.2f} | {peak:.0f} |")
    print("\ntargets: 50 × 5,000 ≤ 5 s; 500 × 5,000 ≤ 60 s")
    darwin()


def darwin() -> None:
    """The six editions of Darwin's first chapter (paragraphs joined per edition)."""
    import json

    if not DARWIN.is_file():
        print("\n(darwin data absent)")
        return
    texts: dict[str, list[str]] = {}
    for unit in json.loads(DARWIN.read_text(encoding="utf-8")):
        for witness in unit["witnesses"]:
            texts.setdefault(witness["id"], []).append(witness["content"])
    witnesses = [Witness.from_text(w, "\n\n".join(texts[w])) for w in DARWIN_ORDER]
    start = time.perf_counter()
    history = build_history(witnesses, people=True)
    elapsed = time.perf_counter() - start
    print(f"\n## Darwin, chapter 1, six editions ({elapsed:.2f} s with the register)\n")
    print("```")
    print(render(history, "text").rstrip())
    print("```")


if __name__ == "__main__":
    main()
