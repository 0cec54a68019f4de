"""``variorum compare`` (issue 18): two editions of a synthetic dictionary, N articles of
10 to 5,000 words (log-normal: most short, a few long), written to folders with planted
dropped, added, renamed, merged and split articles (also merged into an article that keeps
its key, and split from one that keeps it), the rest the same or revised; prints
precision and recall of the statuses against the truth, and the time end to end.

People are planted too: invented persons named in one to four articles each, in sentences
of plain English; some are erased from every article they appear in (their sentences cut in
the second edition, or their only articles dropped), the rest kept. The benchmark prints
precision and recall of the persons the edition-wide register finds absent from the whole
of the second edition. The filler prose is made of invented words, and an invented word
opening a sentence is, to a reader as to the recogniser, a name: the filler is therefore
written in lower case, so that the persons in it are the planted ones.

    .venv/bin/python benchmarks/bench_compare.py [--articles 1000] [--workers 2]
        [--corpus DIR] [--mojibake 0.1] [--no-people]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from editions import make_editions

from variorum.compare import compare_editions

# Shares of the articles of the first edition (the rest are revised, "changed").
# "absorbed": pairs of articles of which the second keeps its key in ed2 and takes in the
# first's text (the first is "merged" into it); "shed": an article that keeps its key and
# gives part of its text to a new article ("split" from it).
PLANTED = {"same": 0.30, "dropped": 0.05, "renamed": 0.03, "merged": 0.04, "split": 0.02,
           "absorbed": 0.02, "shed": 0.02}
ADDED = 0.05  # new articles in the second edition, as a share of the first's


# Article lengths are log-normal, as in encyclopedias and websites (most entries short, a
# long tail): median 300 words, mean about 500, kept between 10 and ``longest`` (5,000), so
# that 10,000 articles make about five million words, the scale.
MEDIAN_WORDS = 300
SPREAD = 1.0  # sigma of the log of the length


def _length(rng: random.Random, longest: int) -> int:
    return min(longest, max(10, int(rng.lognormvariate(math.log(MEDIAN_WORDS), SPREAD))))


# A share of the revised articles also has a section rewritten: a run of about a third of
# its sentences replaced by new prose of about the same length (a paragraph an editor wrote
# anew), as encyclopedias revise a biography's middle.
REWRITTEN = 0.25
REWRITE_MIN_WORDS = 100


def _rewrite_section(rng: random.Random, text: str, seed: int) -> str:
    """``text`` with a run of about a third of its sentences replaced by new sentences."""
    sentences = text.split(". ")
    if len(sentences) < 3:
        return text
    count = max(1, len(sentences) // 3)
    start = rng.randrange(0, len(sentences) - count + 1)
    old_words = sum(len(s.split()) for s in sentences[start : start + count])
    fresh = _pair(seed, max(10, old_words), 0.0)[0].split(". ")
    return ". ".join(sentences[:start] + fresh + sentences[start + count :])


def _pair(seed: int, words: int, edit_rate: float) -> tuple[str, str]:
    first, second = make_editions(words, 2, edit_rate, moves=0 if words < 200 else 1,
                                  seed=seed)
    return first.lower(), second.lower()


GIVEN = ("Arkady", "Olga", "Marek", "Vera", "Pavel", "Irina", "Lev", "Nina", "Oskar",
         "Daria", "Emil", "Greta", "Anton", "Lidia", "Tomas", "Zofia",
         # accented, for the mojibake to damage (each letter's UTF-8 bytes are all
         # windows-1252 characters, as in most of the mojibake met in files)
         "Zoë", "Émile", "Jürgen", "Søren", "François", "Agnès", "Ramón", "Małgorzata")
ONSETS = ("Vel", "Dra", "Tos", "Kar", "Bel", "Mir", "Sor", "Lun", "Gar", "Pet", "Ros", "Zel",
          "Hal", "Nor", "Kov", "Tar")
MIDDLES = ("mo", "vin", "se", "la", "ri", "do", "ne", "ka", "sto", "ber")
ENDINGS = ("rov", "skaya", "lin", "nek", "vich", "ova", "stein", "berg", "ski", "man")
TEMPLATES = ("In {year} {name} was elected to the council of the district.",
             "The survey of {year} was led by {name}.",
             "{name} served on the harbour commission from {year}.",
             "A report written by {name} in {year} is kept in the archive.",
             "The school was opened in {year} with the help of {name}.",
             "The bridge — begun in {year} — was finished under {name}.")


def _people(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        names.add(f"{rng.choice(GIVEN)} {rng.choice(ONSETS)}{rng.choice(MIDDLES)}"
                  f"{rng.choice(ENDINGS)}")
    return sorted(names)


def _with(text: str, sentences: list[str]) -> str:
    """``text`` with each sentence as a paragraph of its own after the first paragraph."""
    if not sentences:
        return text
    head, _, tail = text.partition("\n\n")
    return "\n\n".join([head, *sentences, tail] if tail else [head, *sentences])


# Windows-1252 as a careless decoder applies it (the five bytes it leaves undefined read
# as the Latin-1 control characters), as ftfy's "sloppy-windows-1252" does.
SLOPPY_1252 = tuple(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
                    else chr(b) for b in range(256))


def mojibake(text: str) -> str:
    """``text`` encoded as UTF-8 and read back as windows-1252 (``é`` → ``Ã©``, ``—`` →
    ``â€”``): what a file saved in UTF-8 and opened as windows-1252 ends as."""
    return "".join(SLOPPY_1252[b] for b in text.encode("utf-8"))


MOJIBAKE = 0.1  # share of the second edition's files damaged with mojibake
ERASED = 0.3  # share of the planted persons erased from the second edition
PERSONS = 0.2  # planted persons per article of the first edition


def build(root: Path, articles: int, longest: int, seed: int = 0, damaged: float = MOJIBAKE
          ) -> tuple[set[tuple[str, str | None, str | None]], set[str], set[str], list[str]]:
    """Write editions ``root/ed1`` and ``root/ed2``; return the truth: one ``(status,
    source in ed1, source in ed2)`` per article entry expected, the persons planted in ed1
    and absent from the whole of ed2, those planted in both, and the files of ed2 damaged
    with mojibake (a ``damaged`` share of them, those with a character to damage)."""
    rng = random.Random(seed)
    persons = _people(rng, max(1, int(PERSONS * articles)))
    erased = set(rng.sample(persons, int(ERASED * len(persons))))
    # people stand in articles revised or dropped (a "same" article must stay the same)
    placed: dict[int, list[str]] = {}
    named: dict[str, set[str]] = {}  # person → the planted statuses of their articles
    one, two = root / "ed1", root / "ed2"
    one.mkdir(parents=True)
    two.mkdir(parents=True)
    truth: set[tuple[str, str | None, str | None]] = set()
    plan = [status for status, share in PLANTED.items() for _ in range(int(share * articles))]
    plan += ["changed"] * (articles - len(plan))
    rng.shuffle(plan)
    hosts = [n for n, status in enumerate(plan, start=1) if status in ("changed", "dropped")]
    for person in persons:
        for host in rng.sample(hosts, min(len(hosts), rng.randint(1, 4))):
            placed.setdefault(host, []).append(person)
            named.setdefault(person, set()).add(plan[host - 1])
    number = 0
    pending_merge: str | None = None
    pending_text = ""
    pending_absorbed: str | None = None
    absorbed_text = ""
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
            if words >= REWRITE_MIN_WORDS and rng.random() < REWRITTEN:
                new = _rewrite_section(rng, new, number + 4_000_000)
            here = placed.get(number, [])
            said = [rng.choice(TEMPLATES).format(name=p, year=rng.randint(1850, 1950))
                    for p in here]
            old = _with(old, said)
            new = _with(new, [t for p, t in zip(here, said, strict=True) if p not in erased])
            (one / name).write_text(old, "utf-8")
            (two / name).write_text(new, "utf-8")
            truth.add(("changed" if old != new else "same", name, name))
        elif status == "dropped":
            said = [rng.choice(TEMPLATES).format(name=p, year=rng.randint(1850, 1950))
                    for p in placed.get(number, [])]
            (one / name).write_text(_with(old, said), "utf-8")
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
        elif status == "absorbed":
            (one / name).write_text(old, "utf-8")
            if pending_absorbed is None:
                pending_absorbed, absorbed_text = name, new
                continue
            # this one keeps its key and takes in the pending one's text
            (two / name).write_text(new + "\n" + absorbed_text, "utf-8")
            truth.add(("merged", pending_absorbed, name))
            truth.add(("changed", name, name))
            pending_absorbed = None
        elif status == "shed":
            other, other_new = _pair(number + 3_000_000, _length(rng, longest), 0.02)
            (one / name).write_text(old + "\n" + other, "utf-8")
            (two / name).write_text(new, "utf-8")  # keeps its key and its first part
            (two / f"shed-{number:05d}.txt").write_text(other_new, "utf-8")
            truth.add(("changed", name, name))
            truth.add(("split", name, f"shed-{number:05d}.txt"))
        else:  # split
            other, other_new = _pair(number + 1_000_000, _length(rng, longest), 0.02)
            (one / name).write_text(old + "\n" + other, "utf-8")
            for part, text in (("a", new), ("b", other_new)):
                (two / f"split-{number:05d}{part}.txt").write_text(text, "utf-8")
                truth.add(("split", name, f"split-{number:05d}{part}.txt"))
    for pending, text in ((pending_merge, pending_text), (pending_absorbed, absorbed_text)):
        if pending is not None:  # an odd one left: it stays in ed2 under its name
            (two / pending).write_text(text, "utf-8")
            truth.add(("changed", pending, pending))
    for extra in range(int(ADDED * articles)):
        name = f"new-{extra:05d}.txt"
        (two / name).write_text(_pair(2_000_000 + extra, _length(rng, longest), 0.0)[0],
                                "utf-8")
        truth.add(("added", None, name))
    gone = {p for p in persons if p in erased or named[p] == {"dropped"}}
    files = sorted(two.iterdir())
    spoiled = []
    for path in rng.sample(files, int(damaged * len(files))):
        text = path.read_text("utf-8")
        if not text.isascii():
            path.write_text(mojibake(text), "utf-8")
            spoiled.append(path.name)
    return truth, gone, set(persons) - gone, sorted(spoiled)


Truth = tuple[set[tuple[str, str | None, str | None]], set[str], set[str], list[str], float]


def _cached(root: Path, articles: int, longest: int, damaged: float = MOJIBAKE) -> Truth:
    """The editions in ``root`` (built there the first time, with the truth beside them in
    ``truth.json``), the truth (as :func:`build` gives it), and the seconds it took to
    build them (0 when reused)."""
    stamp = root / "truth.json"
    wanted = {"articles": articles, "longest": longest, "mojibake": damaged, "version": 6}
    if stamp.exists():
        saved = json.loads(stamp.read_text("utf-8"))
        if saved["made"] == wanted:
            return ({tuple(t) for t in saved["truth"]}, set(saved["gone"]),  # type: ignore
                    set(saved["kept"]), saved["damaged"], 0.0)
    for edition in ("ed1", "ed2"):
        shutil.rmtree(root / edition, ignore_errors=True)
    started = time.perf_counter()
    truth, gone, kept, spoiled = build(root, articles, longest, damaged=damaged)
    made = time.perf_counter() - started
    stamp.write_text(json.dumps({"made": wanted, "truth": sorted(truth, key=str),
                                 "gone": sorted(gone), "kept": sorted(kept),
                                 "damaged": spoiled}), "utf-8")
    return truth, gone, kept, spoiled, made


def _own_session() -> None:
    """Put this worker process in a session of its own. With the kernel's autogroup
    scheduling (``/proc/sys/kernel/sched_autogroup_enabled``), CPU time is shared between
    sessions, not processes: workers started from the benchmark's session would share its
    one share of a busy machine, as workers started on their own (a cluster's) do not."""
    with contextlib.suppress(OSError):
        os.setsid()


def _cpu() -> tuple[float, float]:
    """This process's CPU seconds and peak resident memory (MB)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--longest", type=int, default=5000, help="words of the longest")
    parser.add_argument("--workers", type=int, default=0,
                        help="also run on N local Dask workers (0: in process only)")
    parser.add_argument("--corpus", metavar="DIR",
                        help="build the editions here, or reuse those built here before "
                             "(default: a temporary folder)")
    parser.add_argument("--mojibake", type=float, default=MOJIBAKE, metavar="SHARE",
                        help="share of the second edition's files damaged with mojibake")
    parser.add_argument("--no-people", action="store_true",
                        help="leave out the people register")
    parser.add_argument("--shared-session", action="store_true",
                        help="leave the Dask workers in this session (see _own_session)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(args.corpus or folder)
        root.mkdir(parents=True, exist_ok=True)
        truth, gone, kept, damaged, made = _cached(root, args.articles, args.longest,
                                                   args.mojibake)
        files = list((root / "ed1").iterdir())
        words = sum(len(p.read_text("utf-8").split()) for p in files)
        megabytes = sum(p.stat().st_size for p in files) / 1e6
        print(f"# compare: {args.articles} articles, {words:,} words ({megabytes:.1f} MB) in "
              f"ed1" + (f" (generated in {made:.1f} s)" if made else " (reused)") +
              (", people register off" if args.no_people else "") + "\n")
        runs: list[tuple[str, int]] = [("in process", 0)]
        if args.workers > 1:
            runs.append((f"{args.workers} Dask workers", args.workers))
        timings: dict[str, float] = {}
        cpu: dict[str, float] = {}
        memory: dict[str, float] = {}
        loads: dict[str, str] = {}
        for title, workers in runs:
            runner = None
            if workers:
                from variorum.find.runner import DaskRunner

                runner = DaskRunner(workers=workers, quiet=True)
                if not args.shared_session:
                    runner._client.run(_own_session)
            try:
                before = runner._client.run(_cpu) if runner else {"self": _cpu()}
                started = time.perf_counter()
                result = compare_editions([("ed1", str(root / "ed1")),
                                           ("ed2", str(root / "ed2"))],
                                          work_dir=root / f"work-{len(timings)}",
                                          runner=runner, people=not args.no_people)
                timings[title] = time.perf_counter() - started
                after = runner._client.run(_cpu) if runner else {"self": _cpu()}
                cpu[title] = sum(after[k][0] - before[k][0] for k in after)
                memory[title] = max(after[k][1] for k in after)
                loads[title] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
                # the entries are read from the work folder: before it is removed
                found = {(a["status"], a["sources"]["ed1"], a["sources"]["ed2"])
                         for a in result.articles}
                shutil.rmtree(root / f"work-{len(timings) - 1}", ignore_errors=True)
            finally:
                if runner is not None:
                    runner.close()
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
              f"{hit / len(truth):.3f} |")
        if not args.no_people:
            absent = {p["name"] for p in result.people if "ed2" in p["absent_from"]}
            hit = len(absent & gone)
            print(f"| people absent from ed2 | {len(gone)} | {len(absent)} | "
                  f"{hit / len(absent) if absent else 1:.3f} | "
                  f"{hit / len(gone) if gone else 1:.3f} |\n")
            print(f"- persons planted: {len(gone) + len(kept)} ({len(gone)} erased from ed2, "
                  f"{len(kept)} kept); the register names {len(result.people)}; kept ones "
                  f"found absent: {len(absent & kept)}; others found absent: "
                  f"{len(absent - gone - kept)}")
            restored = [bytes(SLOPPY_1252.index(c) for c in
                              (root / "ed2" / name).read_text("utf-8")).decode("utf-8")
                        for name in damaged]
            hit = {p for p in kept if any(p in text for text in restored)}
            print(f"- persons kept and named in a file with mojibake: {len(hit)} "
                  f"({sum(1 for p in hit if not p.isascii())} with an accented name); "
                  f"of them found absent from ed2: {len(absent & hit)}")
        else:
            print()
        spoiled = set(damaged)
        want = {t for t in truth if t[2] in spoiled}
        got = {f for f in found if f[2] in spoiled}
        print(f"- files of ed2 with mojibake: {len(spoiled)}; their articles' statuses: "
              f"precision {len(want & got) / len(got) if got else 1:.3f}, recall "
              f"{len(want & got) / len(want) if want else 1:.3f} ({len(want)} expected)")
        for missed in sorted(truth - found, key=str)[:5]:
            print(f"- expected, not found: {missed}")
        for extra in sorted(found - truth, key=str)[:5]:
            print(f"- found, not expected: {extra}")
        for title, seconds in timings.items():
            where = "this process" if title == "in process" else "the workers"
            print(f"- {title}: {seconds:.2f} s ({words / seconds:,.0f} words of ed1 a second); "
                  f"CPU of {where}: {cpu[title]:.1f} s; peak memory of a "
                  f"{'process' if title == 'in process' else 'worker'}: "
                  f"{memory[title]:,.0f} MB; load average after: {loads[title]}")
        if len(timings) == 2:
            (a, b), (ca, cb) = timings.values(), cpu.values()
            print(f"- speed-up with workers: {a / b:.2f}× (wall clock); the workers spent "
                  f"{cb / ca:.2f}× the CPU time of one process")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"- peak memory of this process: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
