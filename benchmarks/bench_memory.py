"""Peak memory and time of ``variorum collate`` on huge inputs (the Hardening issue).

    .venv/bin/python benchmarks/bench_memory.py [--sizes 10,50,100,200] [--limit 180]
        [--shapes multi,single,one] [--erasures on,off] [--cache DIR] [--out FILE.md]

Runs the real command (``variorum collate A B --format json -o FILE``) in a fresh process
per case (``measure.run_command``: peak RSS from ``wait4``, a hard time limit) on generated
two-witness inputs of the given total sizes in MB:

* ``multi``: ordinary prose, paragraphs separated by blank lines (``editions.py``);
* ``single``: the same texts with every line break turned into a space, one line each;
* ``one``: one source, the two single-line witnesses one after the other in one line, which
  ``collate`` reads as a document holding a repeated passage (``passages/repeats.py``).

Each witness is made of 250,000-word chunks, made as ``editions.make_editions(..., 2, 0.01)``
makes a base and a revised edition (1% of words edited, sentences moved) but all from one
vocabulary of 60,000 words (the largest ``make_editions`` uses): a long text keeps using the
same words, as a real one does, instead of a new vocabulary every chunk. The chunks are
joined and cut at a sentence end. ``--cache DIR`` keeps the generated files between runs.
The table gives input size → peak RSS, peak/input, time, and whether the run stays within
the issue's budget (12 × the input + 200 MB).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import editions  # noqa: E402 - needs the path set above
from measure import Result, run_command  # noqa: E402

MB = 1_000_000
CHUNK_WORDS = 250_000
SIZES = (10, 50, 100, 200)
SHAPES = ("multi", "single", "one")
BUDGET_RATIO = 12.0
BUDGET_BASE_MB = 200.0
MEMORY_LIMIT_MB = 16_000.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


VOCABULARY = 60_000


def _chunk_texts(index: int) -> list[str]:
    """A base chunk and its revision, as ``make_editions(CHUNK_WORDS, 2, 0.01)`` makes them,
    but with the vocabulary of chunk 0 whatever the chunk."""
    vocabulary = editions._make_vocabulary(random.Random(0), VOCABULARY)
    rng = random.Random(1_000 + index)
    source = editions._WordSource(rng, vocabulary)
    document = editions._base_document(rng, source, CHUNK_WORDS)
    base = editions._render(document)
    document = [[editions._revise_sentence(rng, source, sentence, 0.01) for sentence in paragraph]
                for paragraph in document]
    editions._move_sentences(rng, document, 2)
    return [base, editions._render(document)]


class Inputs:
    """Generated witnesses, built from cached chunks."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)

    def _chunk(self, index: int) -> tuple[Path, Path]:
        paths = (self.folder / f"chunk{index}-a.txt", self.folder / f"chunk{index}-b.txt")
        if not all(path.exists() for path in paths):
            start = time.perf_counter()
            texts = _chunk_texts(index)
            for path, text in zip(paths, texts, strict=True):
                path.write_text(text, encoding="utf-8")
            log(f"generated chunk {index} in {time.perf_counter() - start:.1f} s")
        return paths

    def witnesses(self, total_mb: int, shape: str) -> list[Path]:
        """Two witnesses (or, for ``one``, one source) of about ``total_mb`` MB in all."""
        single = "single" if shape in ("single", "one") else "multi"
        a_path = self.folder / f"{total_mb}mb-{single}-a.txt"
        b_path = self.folder / f"{total_mb}mb-{single}-b.txt"
        if not (a_path.exists() and b_path.exists()):
            parts: list[list[str]] = [[], []]
            size = 0
            index = 0
            while size < total_mb * MB:
                for side, path in enumerate(self._chunk(index)):
                    text = path.read_text(encoding="utf-8")
                    size += len(text.encode("utf-8"))
                    parts[side].append(text.replace("\n", " ").strip() if single == "single"
                                       else text)
                index += 1
            joiner = " " if single == "single" else "\n"
            half = total_mb * MB // 2
            for path, chunks in zip((a_path, b_path), parts, strict=True):
                text = joiner.join(chunks)
                # Cut at the end of a sentence near half the total (the texts are mostly
                # ASCII, so characters stand for bytes here).
                text = text[: text.rfind(". ", 0, half) + 1]
                path.write_text(text + ("" if single == "single" else "\n"), encoding="utf-8")
        if shape != "one":
            return [a_path, b_path]
        one = self.folder / f"{total_mb}mb-one.txt"
        if not one.exists():
            with one.open("wb") as out:
                out.write(a_path.read_bytes())
                out.write(b" ")
                out.write(b_path.read_bytes())
        return [one]


def measure(cli: Path, files: list[Path], erasures: bool, out: Path, limit: float) -> Result:
    # Past the default --max-bytes: what larger inputs would cost is what is measured.
    cmd = [str(cli), "collate", *map(str, files), "--format", "json", "-o", str(out),
           "--max-bytes", str(max(f.stat().st_size for f in files))]
    if not erasures:
        cmd.append("--no-erasures")
    try:
        return run_command(cmd, timeout=limit, memory_limit_mb=MEMORY_LIMIT_MB, max_runs=1)
    finally:
        out.unlink(missing_ok=True)


def row(shape: str, input_mb: float, erasures: bool, result: Result, limit: float) -> str:
    label = {"multi": "two, multi-line", "single": "two, single-line",
             "one": "one source, single-line"}[shape]
    peak = result.peak_mb
    budget = BUDGET_RATIO * input_mb + BUDGET_BASE_MB
    if result.ok and result.seconds is not None:
        seconds = f"{result.seconds:.1f}"
    elif result.status == "timeout":
        seconds = f"> {limit:.0f}"
    else:
        seconds = result.describe()
    peak_text = "" if peak is None else f"{peak:,.0f}" + ("" if result.ok else " (at stop)")
    ratio = "" if peak is None else f"{peak / input_mb:.1f}×"
    within = "" if peak is None else ("yes" if peak <= budget and result.ok else "no")
    return (f"| {label} | {input_mb:.0f} | {'on' if erasures else 'off'} | {peak_text} | "
            f"{ratio} | {seconds} | {budget:,.0f} | {within} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="total input sizes in MB (default 10,50,100,200)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="multi,single,one")
    parser.add_argument("--erasures", default="on,off", help="on,off (both by default)")
    parser.add_argument("--limit", type=float, default=180.0, help="seconds per run")
    parser.add_argument("--cache", type=Path, help="keep the generated inputs in this folder")
    parser.add_argument("--out", type=Path, help="also write the Markdown table to this file")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    shapes = [shape for shape in args.shapes.split(",") if shape]
    erasure_modes = [mode == "on" for mode in args.erasures.split(",") if mode]
    cli = Path(sys.executable).parent / "variorum"

    started = time.perf_counter()
    lines = [
        "| input | MB | erasures | peak RSS MB | peak / input | seconds | budget MB | within |",
        "|---|---:|---|---:|---:|---:|---:|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="variorum-memory-") as tmp:
        inputs = Inputs(args.cache or Path(tmp) / "inputs")
        for shape in shapes:
            for size in sizes:
                files = inputs.witnesses(size, shape)
                input_mb = sum(f.stat().st_size for f in files) / MB
                for erasures in erasure_modes:
                    result = measure(cli, files, erasures, Path(tmp) / "out.json", args.limit)
                    line = row(shape, input_mb, erasures, result, args.limit)
                    log(line)
                    lines.append(line)
    header = (
        f"`variorum collate --format json` on generated inputs; Python "
        f"{platform.python_version()} on {platform.machine()}, "
        f"{len(os.sched_getaffinity(0))} CPUs; limit {args.limit:.0f} s per run; budget "
        f"{BUDGET_RATIO:.0f} × input + {BUDGET_BASE_MB:.0f} MB; "
        f"total {time.perf_counter() - started:.0f} s"
    )
    report = header + "\n\n" + "\n".join(lines) + "\n"
    print(report)
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
