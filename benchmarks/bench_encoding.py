"""Encoding detection: variorum's ``decode`` against plain charset-normalizer (issue 3).

    .venv/bin/python benchmarks/bench_encoding.py [--corpus DIR] [--size MB] [--misses]

Accuracy is measured on the chardet test corpus (``../shared/data/chardet``: one folder per
encoding, named ``encoding`` or ``encoding-language``), for ``variorum.ingest.decode.decode``
(bytes only: no declared charset, no ``--encoding``) and, in the same run, for
``charset_normalizer.from_bytes(data).best()`` as the baseline. A file counts as correct when
the decoded text equals the text decoded with its labelled encoding, a leading U+FEFF
ignored: reading an ASCII-only file as UTF-8, or ISO-8859-1 as windows-1252 when no byte
0x80-0x9f occurs, gives the same text and is right. Files the labelled codec cannot decode
(and EUC-TW, which Python lacks) are left out and counted in the notes.

Throughput: ``decode`` on about ``--size`` MB of text built from the corpus, in UTF-8,
windows-1252, windows-1250 and UTF-16-LE without a BOM, with the baseline on the same bytes.
"""

from __future__ import annotations

import argparse
import codecs
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from variorum.errors import EncodingError
from variorum.ingest.decode import decode

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "chardet"

# Folder label (without the language) -> family. The accuracy targets of issue 3 are on the
# first three families; the others are reported for information.
FAMILIES: dict[str, tuple[str, ...]] = {
    "Latin single-byte": ("iso-8859-1", "windows-1252", "iso-8859-2", "windows-1250",
                          "iso-8859-9", "windows-1254", "MacRoman"),
    "Cyrillic": ("windows-1251", "KOI8-R", "iso-8859-5", "IBM866", "IBM855", "MacCyrillic"),
    "UTF-16/32": ("UTF-16", "UTF-16BE", "UTF-16LE", "UTF-32", "UTF-32BE", "UTF-32LE"),
    "UTF-8/ASCII": ("utf-8", "utf-8-sig", "ascii"),
    "Greek/Hebrew/Arabic/Thai": ("iso-8859-7", "windows-1255", "iso-8859-6", "windows-1256",
                                 "TIS-620"),
    "CJK": ("Big5", "CP932", "CP949", "EUC-JP", "EUC-KR", "EUC-TW", "GB2312", "Johab",
            "SHIFT_JIS", "iso-2022-jp", "iso-2022-kr"),
}
TARGETS = {"Latin single-byte": 0.95, "Cyrillic": 0.95, "UTF-16/32": 0.95}
FAMILY_OF = {label.lower(): family for family, labels in FAMILIES.items() for label in labels}


def corpus_root(path: Path) -> Path:
    """The folder holding the encoding folders (the corpus keeps them under ``tests/``)."""
    return path / "tests" if (path / "tests").is_dir() else path


def label_of(folder: str) -> str:
    """``iso-8859-2-czech`` -> ``iso-8859-2``: the encoding part of a folder name."""
    for label in FAMILY_OF:
        if folder.lower() == label or folder.lower().startswith(label + "-"):
            return label
    return folder.lower()


def same_text(got: str | None, expected: str) -> bool:
    return got is not None and got.removeprefix("\ufeff") == expected.removeprefix("\ufeff")


def variorum_text(data: bytes) -> str | None:
    try:
        return decode(data, source="corpus").text
    except EncodingError:
        return None


def baseline_text(data: bytes) -> str | None:
    best = from_bytes(data).best()
    return None if best is None else str(best)


TOOLS: dict[str, Callable[[bytes], str | None]] = {
    "variorum": variorum_text, "charset-normalizer": baseline_text}


@dataclass
class Tally:
    files: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TOOLS, 0))

    def add(self, other: Tally) -> None:
        self.files += other.files
        for tool, count in other.right.items():
            self.right[tool] += count

    def cells(self) -> list[str]:
        return [f"{self.right[tool] / self.files:7.1%} ({self.right[tool]}/{self.files})"
                if self.files else "-" for tool in TOOLS]


def measure_accuracy(root: Path) -> tuple[dict[str, Tally], list[str], list[str]]:
    """Per encoding label: files and right answers per tool; notes; misses of variorum."""
    per_label: dict[str, Tally] = defaultdict(Tally)
    notes: list[str] = []
    misses: list[str] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        label = label_of(folder.name)
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            notes.append(f"{folder.name}: no Python codec, {len(list(folder.iterdir()))} "
                         "file(s) left out")
            continue
        for path in sorted(folder.iterdir()):
            data = path.read_bytes()
            try:
                expected = data.decode(codec)
            except UnicodeDecodeError as error:
                notes.append(f"{folder.name}/{path.name}: not valid {codec} at byte "
                             f"{error.start}, left out")
                continue
            tally = per_label[label]
            tally.files += 1
            for tool, run in TOOLS.items():
                if same_text(run(data), expected):
                    tally.right[tool] += 1
                elif tool == "variorum":
                    misses.append(f"{folder.name}/{path.name}")
    return per_label, notes, misses


def accuracy_table(per_label: dict[str, Tally]) -> tuple[str, dict[str, Tally]]:
    lines = ["| family / encoding | files | variorum | charset-normalizer |",
             "| --- | ---: | ---: | ---: |"]
    families: dict[str, Tally] = {}
    for family, labels in FAMILIES.items():
        total = Tally()
        rows = []
        for label in labels:
            tally = per_label.get(label.lower())
            if tally is None:
                continue
            total.add(tally)
            rows.append(f"| &nbsp;&nbsp;{label} | {tally.files} | " + " | ".join(tally.cells())
                        + " |")
        families[family] = total
        target = f" (target {TARGETS[family]:.0%})" if family in TARGETS else ""
        lines.append(f"| **{family}**{target} | {total.files} | "
                     + " | ".join(f"**{cell.strip()}**" for cell in total.cells()) + " |")
        lines.extend(rows)
    overall = Tally()
    for tally in families.values():
        overall.add(tally)
    lines.append(f"| **all** | {overall.files} | "
                 + " | ".join(f"**{cell.strip()}**" for cell in overall.cells()) + " |")
    return "\n".join(lines), families


def big_inputs(root: Path, megabytes: float) -> dict[str, bytes]:
    """About ``megabytes`` of real text in several encodings, by repeating corpus files."""
    def text_of(folders: tuple[str, ...], codec: str) -> str:
        parts = [p.read_bytes().decode(codec) for name in folders if (root / name).is_dir()
                 for p in sorted((root / name).iterdir())]
        return "\n".join(parts)

    size = int(megabytes * 1_000_000)
    western = text_of(("windows-1252", "iso-8859-1"), "cp1252")
    central = text_of(("windows-1250-czech", "windows-1250-hungarian", "windows-1250-polish"),
                      "cp1250")
    inputs = {}
    for name, text, codec in (("UTF-8", western + central, "utf-8"),
                              ("windows-1252 (guessed)", western, "cp1252"),
                              ("windows-1250 (guessed)", central, "cp1250"),
                              ("UTF-16-LE, no BOM", western, "utf-16-le")):
        if not text:
            continue
        unit = text.encode(codec)
        inputs[name] = unit * max(1, size // len(unit))
    return inputs


def throughput(inputs: dict[str, bytes], baseline: bool) -> str:
    lines = ["| input | MB | variorum decode | charset-normalizer best() |",
             "| --- | ---: | ---: | ---: |"]
    for name, data in inputs.items():
        cells = []
        for tool, run in TOOLS.items():
            if tool != "variorum" and not baseline:
                cells.append("not run")
                continue
            start = time.perf_counter()
            text = run(data)
            seconds = time.perf_counter() - start
            mark = "" if text is not None else " (failed)"
            cells.append(f"{len(data) / 1e6 / seconds:.0f} MB/s ({seconds:.2f} s){mark}")
        lines.append(f"| {name} | {len(data) / 1e6:.0f} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the chardet corpus (default: ../shared/data/chardet)")
    parser.add_argument("--size", type=float, default=20.0,
                        help="MB of text per throughput input (default 20; 0 skips)")
    parser.add_argument("--no-baseline-throughput", action="store_true",
                        help="time only variorum on the large inputs")
    parser.add_argument("--misses", action="store_true", help="list the files variorum gets wrong")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"{args.corpus}: no such folder (give the chardet corpus with --corpus)",
              file=sys.stderr)
        return 1
    root = corpus_root(args.corpus)
    start = time.perf_counter()
    per_label, notes, misses = measure_accuracy(root)
    seconds = time.perf_counter() - start
    table, families = accuracy_table(per_label)
    print("## Encoding detection accuracy (chardet corpus)\n")
    print(table)
    print(f"\nBoth tools on every file in {seconds:.1f} s.")
    for family, target in TARGETS.items():
        tally = families[family]
        share = tally.right["variorum"] / tally.files if tally.files else 0.0
        verdict = "met" if share >= target else "NOT met"
        print(f"- {family}: {share:.1%} against a target of {target:.0%}: {verdict}")
    for note in notes:
        print(f"- note: {note}")
    if args.misses:
        print("\nvariorum misses:\n" + "\n".join(f"- {miss}" for miss in misses))
    if args.size > 0:
        print(f"\n## Decode throughput (about {args.size:g} MB per input)\n")
        print(throughput(big_inputs(root, args.size), not args.no_baseline_throughput))
    return 0


if __name__ == "__main__":
    sys.exit(main())
