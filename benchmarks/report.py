"""Markdown report for bench_collate: the results table and the issue 2 targets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from measure import Result

# Which variorum measurement each tool is compared with: in-process tools with variorum
# in-process, whole processes with the variorum command (start-up included on both sides).
REFERENCE = {
    "dmp": "variorum",
    "difflib": "variorum",
    "collatex": "variorum",
    "dmp process": "variorum CLI",
}


@dataclass(frozen=True, slots=True)
class Row:
    words: int
    witnesses: int
    rate: float
    tool: str
    result: Result


def words_label(words: int) -> str:
    if words >= 1_000_000 and words % 1_000_000 == 0:
        return f"{words // 1_000_000}M"
    if words >= 1_000 and words % 1_000 == 0:
        return f"{words // 1_000}k"
    return str(words)


class Results:
    """Look-up of rows by case and tool."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self._rows = {(r.words, r.witnesses, r.rate, r.tool): r.result for r in rows}

    def get(self, words: int, witnesses: int, rate: float, tool: str) -> Result | None:
        return self._rows.get((words, witnesses, rate, tool))

    def rates(self) -> list[float]:
        return sorted({key[2] for key in self._rows})


def _seconds(result: Result) -> str:
    if result.seconds is not None:
        return f"{result.seconds:.3f}" if result.seconds < 10 else f"{result.seconds:.1f}"
    if result.at_least is not None:
        return f"{result.status} (> {result.at_least:.0f} s)"
    return result.status


def _peak(result: Result) -> str:
    if result.peak_mb is None:
        return ""
    # A run stopped at the time limit was still growing: its peak is a lower bound.
    return f"{result.peak_mb:.0f}" if result.ok else f"≥ {result.peak_mb:.0f}"


def ratio(baseline: Result | None, reference: Result | None) -> tuple[str, float | None]:
    """Baseline seconds / variorum seconds, as text and as a number (a lower bound when
    the baseline did not finish)."""
    if baseline is None or reference is None or reference.seconds is None:
        return "n/a", None
    if baseline.seconds is not None:
        value = baseline.seconds / reference.seconds
        return (f"{value:.1f}x" if value < 100 else f"{value:,.0f}x"), value
    if baseline.at_least is not None:
        value = baseline.at_least / reference.seconds
        return (f"> {value:.1f}x" if value < 100 else f"> {value:,.0f}x"), value
    return "n/a", None


def render_table(rows: list[Row]) -> str:
    results = Results(rows)
    lines = [
        "| case | words | witnesses | edit rate | tool | seconds | peak MB | x variorum | notes |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for row in rows:
        case = f"{words_label(row.words)}/{row.witnesses}w/{row.rate:.0%}"
        if row.tool in REFERENCE:
            ref = results.get(row.words, row.witnesses, row.rate, REFERENCE[row.tool])
            ratio_text = ratio(row.result, ref)[0]
        else:
            ratio_text = "(ref)"
        note = row.result.note.replace("|", "\\|")  # error messages may contain pipes
        lines.append(
            f"| {case} | {row.words:,} | {row.witnesses} | {row.rate:.0%} | {row.tool} "
            f"| {_seconds(row.result)} | {_peak(row.result)} | {ratio_text} | {note} |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- targets


@dataclass(slots=True)
class Verdict:
    text: str
    passed: bool | None  # None: could not be evaluated (a measurement is missing)


def _below(value: float | None, bound: float) -> bool | None:
    return None if value is None else value < bound


def _at_least(value: float | None, bound: float) -> bool | None:
    return None if value is None else value >= bound


def _all(checks: list[bool | None]) -> bool | None:
    if any(check is False for check in checks):
        return False
    if not checks or any(check is None for check in checks):
        return None
    return True


def _fmt(result: Result | None) -> str:
    if result is None:
        return "not measured"
    if result.seconds is not None:
        return f"{result.seconds:.3f} s"
    return _seconds(result)


def evaluate_targets(rows: list[Row]) -> list[Verdict]:
    r = Results(rows)
    rates = r.rates() or [0.01]
    verdicts: list[Verdict] = []

    def seconds(result: Result | None) -> float | None:
        return None if result is None else result.seconds

    def peak(result: Result | None) -> float | None:
        return None if result is None or not result.ok else result.peak_mb

    # 1. Two 100k-word editions: < 0.3 s in-process, faster than dmp, < 500 MB.
    parts, checks = [], []
    for rate in rates:
        v, d = r.get(100_000, 2, rate, "variorum"), r.get(100_000, 2, rate, "dmp")
        text, speedup = ratio(d, v)
        checks += [_below(seconds(v), 0.3), _at_least(speedup, 1.0), _below(peak(v), 500)]
        mb = f"{peak(v):.0f} MB" if peak(v) is not None else "? MB"
        parts.append(f"{rate:.0%}: {_fmt(v)}, {mb}, dmp {_fmt(d)} ({text})")
    verdicts.append(
        Verdict(
            "two 100k-word editions < 0.3 s, faster than dmp, peak < 500 MB — " + "; ".join(parts),
            _all(checks),
        )
    )

    # 2. Five 100k-word editions < 2 s.
    parts, checks = [], []
    for rate in rates:
        v = r.get(100_000, 5, rate, "variorum")
        checks.append(_below(seconds(v), 2.0))
        parts.append(f"{rate:.0%}: {_fmt(v)}")
    verdicts.append(Verdict("five 100k-word editions < 2 s — " + "; ".join(parts), _all(checks)))

    # 3. Two 1M-word editions < 3 s and at least 5x faster than dmp.
    parts, checks = [], []
    for rate in rates:
        v, d = r.get(1_000_000, 2, rate, "variorum"), r.get(1_000_000, 2, rate, "dmp")
        text, speedup = ratio(d, v)
        checks += [_below(seconds(v), 3.0), _at_least(speedup, 5.0)]
        parts.append(f"{rate:.0%}: {_fmt(v)}, dmp {_fmt(d)} ({text})")
    verdicts.append(
        Verdict(
            "two 1M-word editions < 3 s and ≥ 5x faster than dmp — " + "; ".join(parts),
            _all(checks),
        )
    )

    # 4. The command within 1.5x of dmp's process at 100k words, >= 4x faster at 1M.
    parts, checks = [], []
    for words, wanted in ((100_000, 1 / 1.5), (1_000_000, 4.0)):
        for rate in rates:
            c = r.get(words, 2, rate, "variorum CLI")
            d = r.get(words, 2, rate, "dmp process")
            text, speedup = ratio(d, c)
            checks.append(_at_least(speedup, wanted))
            parts.append(
                f"{words_label(words)} {rate:.0%}: CLI {_fmt(c)}, dmp process {_fmt(d)} ({text})"
            )
    verdicts.append(
        Verdict(
            "CLI ≤ 1.5x dmp process at 100k, ≥ 4x faster at 1M — " + "; ".join(parts),
            _all(checks),
        )
    )

    # 5. At least 1000x faster than CollateX on two 2,000-word witnesses.
    v, x = r.get(2_000, 2, rates[0], "variorum"), r.get(2_000, 2, rates[0], "collatex")
    text, speedup = ratio(x, v)
    verdicts.append(
        Verdict(
            f"≥ 1000x faster than CollateX on two 2,000-word witnesses — variorum {_fmt(v)}, "
            f"collatex {_fmt(x)} ({text})",
            _at_least(speedup, 1000.0),
        )
    )
    return verdicts


def render_report(rows: list[Row], header: str, limit: float) -> str:
    mark = {True: "PASS", False: "FAIL", None: "n/a"}
    targets = "\n".join(f"- **{mark[v.passed]}** {v.text}" for v in evaluate_targets(rows))
    return (
        "## Collation benchmark (issue 2)\n\n"
        f"{header}\n\n"
        f"{render_table(rows)}\n\n"
        "Seconds: in-process tools are timed from the texts in memory (tokenizing "
        "included), best of 3 when a run takes under 3 s; `variorum CLI` and `dmp process` "
        "are whole processes, start-up included. Peak MB is the process's maximum RSS. "
        "x variorum = baseline seconds / variorum seconds (the CLI for `dmp process`); "
        f"'>' marks a lower bound from a run stopped at the {limit:.0f} s limit, or, for a "
        "skipped run, from an easier case of the same tool (fewer or as many words and "
        "witnesses, lower or equal edit rate) that was stopped; `dmp process` inherits the "
        "bound of in-process `dmp`, whose work it includes. "
        "Pairwise baselines diff each edition with the previous one.\n\n"
        "### Targets\n\n"
        f"{targets}\n"
    )
