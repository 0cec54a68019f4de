"""Benchmark variorum's collation against diff-match-patch, difflib and CollateX (issue 2).

    .venv/bin/python benchmarks/bench_collate.py [--quick] [--out FILE.md] [--limit SECONDS]

Every measured case runs in a fresh process (see ``measure.py``), on synthetic editions
from ``editions.py`` written to a temporary folder. The Markdown table and the evaluation
of the performance targets are printed at the end; progress goes to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from editions import make_editions  # noqa: E402 - needs the path set above
from measure import Result, run_command, run_measured  # noqa: E402
from report import Row, render_report  # noqa: E402

SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)
RATES = (0.01, 0.05)
FIVE_WITNESSES_UP_TO = 100_000
DIFFLIB_UP_TO = 100_000
# CollateX fills a full Needleman-Wunsch table (quadratic time and memory), so it is only
# run on small texts, two witnesses, one edit rate (the rate does not change its work).
COLLATEX_SIZES = (1_000, 2_000, 4_000)
QUICK_COLLATEX_SIZES = (1_000,)

# Tools whose cost grows with the number of witnesses as (witnesses - 1) pairwise diffs.
PAIRWISE = ("dmp", "difflib")


@dataclass(frozen=True, slots=True)
class Case:
    words: int
    witnesses: int
    rate: float
    tools: tuple[str, ...]

    def dominates(self, other: Case) -> bool:
        """Is this case at least as hard as ``other`` in every dimension?"""
        return (
            self.words >= other.words
            and self.witnesses >= other.witnesses
            and self.rate >= other.rate
        )


def plan(quick: bool) -> list[Case]:
    sizes = QUICK_SIZES if quick else SIZES
    collatex_sizes = QUICK_COLLATEX_SIZES if quick else COLLATEX_SIZES
    cases: list[Case] = []
    for words in sorted(set(sizes) | set(collatex_sizes)):
        if words not in sizes:
            # Extra sizes exist only to put CollateX next to variorum.
            cases.append(Case(words, 2, RATES[0], ("variorum", "dmp", "collatex")))
            continue
        for witnesses in (2, 5) if words <= FIVE_WITNESSES_UP_TO else (2,):
            for rate in RATES:
                tools = ["variorum", "variorum CLI", "dmp"]
                if witnesses == 2:
                    tools.append("dmp process")
                if words <= DIFFLIB_UP_TO:
                    tools.append("difflib")
                if words in collatex_sizes and witnesses == 2 and rate == RATES[0]:
                    tools.append("collatex")
                cases.append(Case(words, witnesses, rate, tuple(tools)))
    return cases


class Runner:
    def __init__(self, workdir: Path, limit: float) -> None:
        self.workdir = workdir
        self.limit = limit
        self.rows: list[Row] = []
        self._texts: dict[tuple[int, float], list[Path]] = {}
        self.cli = Path(sys.executable).parent / "variorum"

    def files(self, case: Case) -> list[Path]:
        # Editions are successive, so the first two of a five-witness set are exactly the
        # two-witness set: generate the larger set once and reuse it.
        key = (case.words, case.rate)
        if key not in self._texts:
            count = 5 if case.words <= FIVE_WITNESSES_UP_TO else 2
            start = time.perf_counter()
            texts = make_editions(case.words, count, case.rate, seed=case.words)
            folder = self.workdir / f"{case.words}-{case.rate}"
            folder.mkdir()
            paths = []
            for i, text in enumerate(texts):
                path = folder / f"W{i}.txt"
                path.write_text(text, encoding="utf-8")
                paths.append(path)
            self._texts[key] = paths
            log(
                f"generated {count} x {case.words:,} words, {case.rate:.0%} edits "
                f"in {time.perf_counter() - start:.1f} s"
            )
        return self._texts[key][: case.witnesses]

    def run(self, case: Case) -> None:
        files = [str(f) for f in self.files(case)]
        for tool in case.tools:
            result = self.skip_reason(case, tool) or self.measure(tool, files)
            self.rows.append(Row(case.words, case.witnesses, case.rate, tool, result))
            log(
                f"{case.words:>9,} words {case.witnesses}w {case.rate:>4.0%} "
                f"{tool:<13} {result.describe()}"
            )

    def measure(self, tool: str, files: list[str]) -> Result:
        if tool == "variorum CLI":
            if not self.cli.exists():
                return Result("error", note=f"{self.cli} not installed")
            cmd = [str(self.cli), "collate", *files, "--format", "json", "-o", "/dev/null"]
            return run_command(cmd, timeout=self.limit)
        if tool == "dmp process":
            cmd = [sys.executable, str(HERE / "dmp_process.py"), *files]
            return run_command(cmd, timeout=self.limit)
        return run_measured([tool, *files], timeout=self.limit)

    def skip_reason(self, case: Case, tool: str) -> Result | None:
        """Skip runs bound to exceed the limit, saying why; CollateX always runs (its
        memory use at the time limit is part of the result)."""
        if tool == "collatex":
            return None
        # A process variant does all the in-process work and more.
        related = (tool, "dmp") if tool == "dmp process" else (tool,)
        for row in self.rows:
            easier = Case(row.words, row.witnesses, row.rate, ())
            if row.tool in related and row.result.status == "timeout" and case.dominates(easier):
                # Sound lower bound: this case is at least as hard as one that timed out.
                return Result(
                    "skipped",
                    at_least=self.limit,
                    note=f"{row.tool} timed out at {row.words:,} words, "
                    f"{row.witnesses}w, {row.rate:.0%}",
                )
        if tool in PAIRWISE and case.witnesses > 2:
            # n - 1 independent pairwise diffs, each like the two-witness case.
            for row in self.rows:
                same = (row.words, row.rate, row.witnesses) == (case.words, case.rate, 2)
                if row.tool == tool and same and row.result.seconds is not None:
                    expected = (case.witnesses - 1) * row.result.seconds
                    if expected > self.limit:
                        # An estimate, not a bound: no ratio is derived from it.
                        return Result(
                            "skipped",
                            note=f"> {self.limit:.0f} s expected: {case.witnesses - 1} pairs "
                            f"x {row.result.seconds:.1f} s",
                        )
        return None


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only up to 10k words (smoke test)")
    parser.add_argument("--out", type=Path, help="also write the Markdown report to this file")
    parser.add_argument(
        "--limit", type=float, default=60.0, help="seconds before a run is stopped (default 60)"
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="variorum-bench-") as tmp:
        runner = Runner(Path(tmp), args.limit)
        for case in plan(args.quick):
            runner.run(case)
    header = (
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{len(os.sched_getaffinity(0))} CPUs; time limit {args.limit:.0f} s per run; "
        f"total {time.perf_counter() - started:.0f} s" + (" (--quick)" if args.quick else "")
    )
    report = render_report(runner.rows, header, args.limit)
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
