"""The erasure report (issue 16, item 5): every name erasure and name change on the Darwin
editions (``../shared/data/darwin``, the chapter's paragraphs joined per edition) and EDGI's
two government page pairs (``../shared/data/edgi/real_versions``), listed to be judged by
hand; erased people found / expected on a falsified roll written for this benchmark; and
``variorum collate`` (with the erasure report) against diff-match-patch's process on two
synthetic editions, run after one another.

    .venv/bin/python benchmarks/bench_erasures.py [--words 100000,1000000] [--edits 0.01,0.05]
        [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from editions import make_editions  # noqa: E402 - needs the path set above

import variorum  # noqa: E402
from variorum import Witness  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data"
EDGI_PAIRS = (("f2d5d701-707a-42e0-8881-653346d01e0a", "fc74d750-c651-46b7-bf74-434ad8c62e04"),
              ("9d4de183-a186-456c-bffb-55d82989877d", "775a8b04-9bac-4d0d-8db0-a8e133c4a964"))
# A roll written for this benchmark (invented persons); the later edition deletes four
# people (one after a colon, one opening a sentence), respells one, rewrites a fate and adds
# a sentence.
ROLL = ("Of the delegates of the northern congress: Orlovsky, Vashenko, Pertsova and Gurin "
        "were shot. Zabolin, envoy at the talks in Riga, shot. Marta Grebneva committed "
        "suicide. Kovrin, who led the mutiny, disappeared in prison. Chichirin died in exile. "
        "Lisovsky and Abashin are in prison. Kuzmich survives.")
FALSIFIED = ("Of the delegates of the northern congress: Vashenko and Gurin were shot. Marta "
             "Grebneva died. Kovrin, who led the mutiny, disappeared in prison. Tchitcherin "
             "died in exile. Lisovsky is in prison. Kuzmich survives. The congress was later "
             "praised by all.")
ERASED = {"Orlovsky", "Pertsova", "Zabolin", "Abashin"}


def report(title: str, collation: variorum.Collation) -> None:
    print(f"\n### {title}\n")
    for erasure in collation.erasures:
        if erasure.kind == "name":
            print(f"- name {erasure.text!r}: in {', '.join(erasure.present_in)}; "
                  f"not in {', '.join(erasure.absent_from)}")
    for change in collation.name_changes:
        print(f"- {change.kind}: " + " / ".join(f"{w} {t!r}" for w, t in change.texts.items()))


def darwin() -> None:
    path = DATA / "darwin" / "darwin_chapter1_paragraphs.json"
    if not path.is_file():
        print("\n(darwin data absent)")
        return
    units = json.loads(path.read_text(encoding="utf-8"))
    texts: dict[str, list[str]] = {}
    for unit in units:
        for witness in unit["witnesses"]:
            texts.setdefault(witness["id"], []).append(witness["content"])
    witnesses = [Witness.from_text(w, "\n\n".join(texts[w])) for w in sorted(texts)]
    report("Darwin, chapter 1, six editions", variorum.collate(witnesses, erasures=True))


def edgi() -> None:
    from variorum.ingest import read_source

    folder = DATA / "edgi" / "real_versions"
    for before, after in EDGI_PAIRS:
        if not (folder / f"{before}.html").is_file():
            print("\n(edgi data absent)")
            return
        witnesses = []
        for label, name in zip("AB", (before, after), strict=True):
            witnesses += read_source(f"{label}={folder / name}.html", witness_id=label)
        report(f"EDGI {before[:8]} -> {after[:8]}", variorum.collate(witnesses, erasures=True))


def roll() -> None:
    collation = variorum.collate([Witness.from_text("1938", ROLL),
                                  Witness.from_text("1953", FALSIFIED)], erasures=True)
    found = {e.text for e in collation.erasures if e.kind == "name"
             and "1953" in e.absent_from}
    print("\n### falsified roll\n")
    print(f"erased people found / expected: {len(found & ERASED)}/{len(ERASED)}; "
          f"other names reported erased: {sorted(found - ERASED)}")
    respelled = [v.class_ for v in collation.variants
                 if v.readings["1938"].text == "Chichirin"]
    print(f"Chichirin / Tchitcherin: variant class {respelled}, name changes "
          f"{[dict(c.texts) for c in collation.name_changes]}")


def timing(words: int, edits: float, repeat: int, dmp_limit: float | None) -> None:
    texts = make_editions(words, 2, edits, seed=words)
    cli = Path(sys.executable).parent / "variorum"
    print(f"\n### two {words:,}-word editions, {edits:.0%} of words revised: seconds per "
          "process\n", flush=True)
    print("| run | variorum collate (JSON, erasures) | dmp process | ratio | load |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        files = [Path(tmp) / "A.txt", Path(tmp) / "B.txt"]
        for path, text in zip(files, texts, strict=True):
            path.write_text(text, encoding="utf-8")
        for run in range(repeat):
            start = time.perf_counter()
            subprocess.run([str(cli), "collate", *map(str, files), "--format", "json", "-o",
                            os.devnull], check=True)
            ours = time.perf_counter() - start
            start = time.perf_counter()
            try:
                subprocess.run([sys.executable, str(HERE / "dmp_process.py"),
                                *map(str, files)], check=True, stdout=subprocess.DEVNULL,
                               timeout=dmp_limit)
            except subprocess.TimeoutExpired:
                assert dmp_limit is not None
                print(f"| {run + 1} | {ours:.2f} | > {dmp_limit:.0f} (stopped) | "
                      f"> {dmp_limit / ours:.2f}x | {os.getloadavg()[0]:.1f} |", flush=True)
                continue
            theirs = time.perf_counter() - start
            print(f"| {run + 1} | {ours:.2f} | {theirs:.2f} | {theirs / ours:.2f}x | "
                  f"{os.getloadavg()[0]:.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", default="100000,1000000",
                        help="words of each of the two editions, one or more sizes "
                             "(comma-separated), timed in the same run")
    parser.add_argument("--edits", default="0.01",
                        help="share of the words the second edition revises, one or more "
                             "(comma-separated), each timed")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--no-timing", action="store_true")
    parser.add_argument("--dmp-limit", type=float, default=None,
                        help="seconds after which diff-match-patch's process is stopped and "
                             "reported as taking more (default: no limit; it grows with the "
                             "words times the edits)")
    args = parser.parse_args()
    print("## erasure report: names (issue 16)")
    darwin()
    edgi()
    roll()
    if not args.no_timing:
        for size in (int(w) for w in args.words.split(",") if w.strip()):
            for edits in (float(e) for e in args.edits.split(",") if e.strip()):
                timing(size, edits, args.repeat if size <= 200_000 else 1, args.dmp_limit)


if __name__ == "__main__":
    main()
