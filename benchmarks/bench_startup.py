"""Start-up of the command line (issue 14, H): ``variorum collate`` of two 1,000-word files as
a process, against its target, and what ``python -X importtime`` says the imports cost.

    .venv/bin/python benchmarks/bench_startup.py [--runs N]

The editions come from ``editions.py`` (invented text). Each run is a fresh
``python -m variorum collate A.txt B.txt`` (text report, erasures on: the defaults) writing to
``/dev/null``; the best wall time and the best processor time of ``--runs`` are kept, beside
those of ``python -c pass`` and ``python -c "import numpy"`` on the same machine (what no
change to variorum removes). Compiled bytecode is kept in a temporary folder
(``PYTHONPYCACHEPREFIX``), written by one warm-up run first, as an installed package has it:
with ``PYTHONDONTWRITEBYTECODE`` set every module would be compiled again at each start,
which no installed copy does.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from editions import make_editions  # noqa: E402 - needs the path set above

TARGET_SECONDS = 0.25
WORDS = 1_000
_IMPORT_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)")


def _environment(cache: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPYCACHEPREFIX=cache)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _best(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """The best wall time and the best processor time (user and system, of the child
    alone, from :func:`os.wait4`: less disturbed by other work on the machine) of ``runs``."""
    wall = cpu = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = min(wall, time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise SystemExit(f"{' '.join(command)} failed ({child.returncode})")
        cpu = min(cpu, usage.ru_utime + usage.ru_stime)
    return wall, cpu


def import_summary(stderr: str, top: int) -> tuple[int, float, list[tuple[str, float]],
                                                   list[tuple[str, float]]]:
    """Modules imported, their total own time (s), the packages by own time and the
    slowest single modules (cumulative, the time of what each pulled in included)."""
    by_package: Counter[str] = Counter()
    cumulative: dict[str, float] = {}
    total = 0.0
    count = 0
    for line in stderr.splitlines():
        match = _IMPORT_LINE.match(line)
        if not match:
            continue
        own, whole, name = int(match[1]) / 1e6, int(match[2]) / 1e6, match[4]
        count += 1
        total += own
        parts = name.split(".")
        package = ".".join(parts[:3]) if parts[0] == "variorum" else parts[0]
        by_package[package] += own
        cumulative[name] = max(cumulative.get(name, 0.0), whole)
    slowest = sorted(cumulative.items(), key=lambda item: -item[1])[:top]
    return count, total, by_package.most_common(top), slowest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (best kept)")
    parser.add_argument("--top", type=int, default=12, help="import entries listed")
    args = parser.parse_args(argv)
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="variorum-startup-") as tmp:
        files = []
        for index, text in enumerate(make_editions(WORDS, 2, 0.05, seed=1)):
            path = Path(tmp) / f"{'AB'[index]}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        env = _environment(str(Path(tmp) / "pycache"))
        collate = [python, "-m", "variorum", "collate", *files]
        subprocess.run(collate, env=env, check=True, stdout=subprocess.DEVNULL)  # bytecode
        bare = _best([python, "-c", "pass"], env, args.runs)
        numpy = _best([python, "-c", "import numpy"], env, args.runs)
        seconds = _best(collate, env, args.runs)
        traced = subprocess.run([python, "-X", "importtime", *collate[1:]], env=env,
                                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True)
    count, total, packages, slowest = import_summary(traced.stderr, args.top)
    load = os.getloadavg()[0]
    verdict = "met" if seconds[0] <= TARGET_SECONDS else "NOT met"
    print(f"## Start-up: `variorum collate` of two {WORDS:,}-word files, as a process\n")
    print(f"Best of {args.runs} runs; load average {load:.2f} on "
          f"{len(os.sched_getaffinity(0))} CPUs (timings on a loaded machine are high).\n")
    print("| command | best wall time | best processor time | target (wall) |")
    print("|---|---|---|---|")
    print(f"| `python -m variorum collate A.txt B.txt` | {seconds[0]:.3f} s | "
          f"{seconds[1]:.3f} s | ≤ {TARGET_SECONDS:.2f} s ({verdict}) |")
    print(f"| `python -c pass` | {bare[0]:.3f} s | {bare[1]:.3f} s | |")
    print(f"| `python -c \"import numpy\"` | {numpy[0]:.3f} s | {numpy[1]:.3f} s | |")
    print(f"\n`python -X importtime`: {count} modules, {total:.3f} s of imports (own time, "
          "one traced run).\n")
    print("| package | own import time |")
    print("|---|---|")
    for package, own in packages:
        print(f"| {package} | {own * 1000:.1f} ms |")
    print("\n| module (with what it imports) | cumulative import time |")
    print("|---|---|")
    for name, whole in slowest:
        print(f"| {name} | {whole * 1000:.1f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
