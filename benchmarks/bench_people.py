"""``variorum people`` (issue 16): precision and recall of persons, and fate accuracy, on
hand-written sentences with their truth; then the time of a register across two 100k-word
editions (the synthetic editions of ``editions.py`` with a hand-written roll of invented
persons spread through them, one edition erasing, respelling and re-fating some).

    .venv/bin/python benchmarks/bench_people.py [--words 100000]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import make_editions

from variorum import Witness
from variorum.people import build_register
from variorum.text.recognize import places

# Each case: a text written for this benchmark, and its truth {person: fate or None}.
CASES: list[tuple[str, dict[str, str | None]]] = [
    ("After the trial Orlov, Vashenko, Pertsova and Gurin were shot.",
     {"Orlov": "executed", "Vashenko": "executed", "Pertsova": "executed", "Gurin": "executed"}),
    ("The purge went on. Zabolin, envoy at the talks in Riga, shot.", {"Zabolin": "executed"}),
    ("The engineers were tried in May. Likewise shot Dmitri Varakin, who designed the dam. "
     "Also Olshevsky, his deputy.", {"Dmitri Varakin": "executed", "Olshevsky": "executed"}),
    ("Pronin and Seleznev met the same fate as Kuzmich, who ran the mint, and Abashin: all in "
     "prison.", {"Pronin": "imprisoned", "Seleznev": "imprisoned", "Kuzmich": "imprisoned",
                 "Abashin": "imprisoned"}),
    ("Among the sailors, Kovrin, who led the mutiny, disappeared in prison.",
     {"Kovrin": "disappeared"}),
    ("Of the printers, Lisovsky and Marta Grebneva probably survive.",
     {"Lisovsky": "survived", "Marta Grebneva": "survived"}),
    ("Sorokin, the hero of Moscow, was shot in Kiev. Lagin fled to Mexico and died near the "
     "Volga, by the Winter Palace.", {"Sorokin": "executed", "Lagin": "died"}),
    ("The commission met. Kharitonov was shot. Two were named: Yevtushin and Balakirova.",
     {"Kharitonov": "executed", "Yevtushin": None, "Balakirova": None}),
    ("Of the men of the northern revolt, Tomin committed suicide; Karl Vedenin is in prison; "
     "Rostov-Belsky, who kept the archive, was executed.",
     {"Tomin": "suicide", "Karl Vedenin": "imprisoned", "Rostov-Belsky": "executed"}),
    ("The defenders of Samara, Yakimov and Petrenko, were exiled. Borodina was later "
     "rehabilitated. The fate of Sushkin is unknown.",
     {"Yakimov": "exiled", "Petrenko": "exiled", "Borodina": "rehabilitated",
      "Sushkin": None}),
    ("Of the two brothers, one, Ilya Fomin, was shot; the other, Fomin the younger, a weaver, "
     "is in prison.", {"Ilya Fomin": "executed", "Fomin": "imprisoned"}),
    ("The Central Committee met in Petrograd. Zaitsev, Krylova and Mosin, the delegates of "
     "the Volga, disappeared.", {"Zaitsev": "disappeared", "Krylova": "disappeared",
                                 "Mosin": "disappeared"}),
]


def score() -> None:
    tp = fp = fn = 0
    fates_right = fates_total = 0
    misses: list[str] = []
    for text, truth in CASES:
        result = build_register([Witness.from_text("A", text)])
        found = {p.name: {f.fate for f in p.fates} for p in result.people}
        for name in found:
            if name in truth:
                tp += 1
            else:
                fp += 1
                misses.append(f"false person {name!r}")
        for name, fate in truth.items():
            if name not in found:
                fn += 1
                misses.append(f"missed {name!r}")
            if fate is not None:
                fates_total += 1
                if name in found and fate in found[name]:
                    fates_right += 1
                else:
                    misses.append(f"fate of {name!r}: {found.get(name)} (truth {fate})")
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print("## people: hand-written truth\n")
    print("| cases | persons | precision | recall | fate accuracy |\n|---|---|---|---|---|")
    print(f"| {len(CASES)} | {tp + fn} | {precision:.3f} | {recall:.3f} | "
          f"{fates_right / fates_total:.3f} ({fates_right}/{fates_total}) |\n")
    for miss in misses:
        print(f"- {miss}")


SYLLABLES = ["ka", "ro", "vi", "len", "mi", "sha", "dov", "tor", "bel", "ni", "zar",
             "ko", "pet", "ust", "ra", "gin"]


def roll(rng: random.Random, count: int) -> list[str]:
    names = set()
    while len(names) < count:
        names.add("".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() + "ov")
    return sorted(names)


def timing(words: int) -> None:
    rng = random.Random(16)
    base, later = make_editions(words, 2, 0.01, seed=16)
    names = roll(rng, 200)
    fates = ["were shot", "disappeared in prison", "died", "are in prison"]
    a_parts, b_parts = [base], [later]
    for i in range(0, len(names), 4):
        group = names[i : i + 4]
        fate = fates[i // 4 % len(fates)]
        a_parts.append(f"{', '.join(group[:-1])} and {group[-1]} {fate}.")
        kept = group[1:] if i % 8 == 0 else group  # every other roll loses its first name
        b_fate = "died" if i % 12 == 0 else fate
        b_parts.append(f"{', '.join(kept[:-1])} and {kept[-1]} {b_fate}." if len(kept) > 1
                       else f"{kept[0]} {b_fate}.")
    a = Witness.from_text("A", "\n\n".join(a_parts))
    b = Witness.from_text("B", "\n\n".join(b_parts))
    start = time.perf_counter()
    result = build_register([a, b])
    seconds = time.perf_counter() - start
    mb = (len(a.text) + len(b.text)) / 1e6
    changes = sum(len(p.changes) for p in result.people)
    print(f"\n## people: two {words:,}-word editions\n")
    print("| words each | people | changes | seconds | MB/s |\n|---|---|---|---|---|")
    print(f"| {words:,} | {len(result.people)} | {changes} | {seconds:.2f} | "
          f"{mb / seconds:.2f} |")


def one_text(words: int) -> None:
    """The register of one long text (no collation): the issue's 2 MB/s target."""
    rng = random.Random(17)
    base = make_editions(words, 1, 0.0, seed=17)[0]
    names = roll(rng, 400)
    fates = ["were shot", "disappeared in prison", "died", "are in prison", "survive"]
    paragraphs = base.split("\n\n")
    step = max(1, len(paragraphs) // (len(names) // 4))
    for n, i in enumerate(range(0, len(names), 4)):
        group = names[i : i + 4]
        at = min(len(paragraphs) - 1, n * step)
        paragraphs[at] += f" {', '.join(group[:-1])} and {group[-1]} {fates[n % len(fates)]}."
    witness = Witness.from_text("A", "\n\n".join(paragraphs))
    build_register([Witness.from_text("warm", "Orlov was shot in Kiev.")])  # lexicon
    places()  # the gazetteer, loaded once per process (the sentence above does not ask it)
    wall, cpu = time.perf_counter(), time.process_time()
    result = build_register([witness])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    mb = len(witness.text) / 1e6
    with_fate = sum(1 for p in result.people if p.fates)
    print(f"\n## people: one {words:,}-word text ({mb:.1f} MB)\n")
    print("| words | people | with a fate | seconds (wall) | seconds (CPU) | MB/s (CPU) |")
    print("|---|---|---|---|---|---|")
    print(f"| {words:,} | {len(result.people)} | {with_fate} | {wall:.2f} | {cpu:.2f} | "
          f"{mb / cpu:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=100_000,
                        help="words of each of the two editions")
    parser.add_argument("--long", type=int, default=1_000_000,
                        help="words of the one long text (0: skip)")
    args = parser.parse_args()
    score()
    timing(args.words)
    if args.long:
        one_text(args.long)


if __name__ == "__main__":
    main()
