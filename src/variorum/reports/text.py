"""``--format text``: the readable terminal report (coloured on a terminal, plain otherwise)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

from ..model import ACCIDENTAL_CLASSES, Collation, Reading, Variant, Witness
from . import ReportOptions, register

__all__ = ["CLASS_STYLES", "write_text"]

CONTEXT_WORDS = 5
CLASS_STYLES: dict[str, str] = {
    "encoding": "grey50", "unicode": "grey50", "typography": "grey50", "punctuation": "grey62",
    "case": "grey62", "hyphenation": "grey62", "spelling": "cyan", "name": "magenta",
    "number": "bold yellow", "substitution": "bold red", "addition": "bold green",
    "omission": "bold red", "transposition": "bold blue",
}


def _context(witness: Witness, reading: Reading) -> tuple[str, str]:
    before = witness.text[max(witness.start, reading.start - 80) : reading.start]
    after = witness.text[reading.end : min(witness.end, reading.end + 80)]
    left = " ".join(before.split()[-CONTEXT_WORDS:])
    right = " ".join(after.split()[:CONTEXT_WORDS])
    if before[-1:].isspace():
        left += " "
    if after[:1].isspace():
        right = " " + right
    return left, right


def _variant_lines(variant: Variant, collation: Collation, width: int) -> list[Text]:
    style = CLASS_STYLES.get(variant.class_, "bold")
    head = Text(f"#{variant.id} ", style="bold")
    head.append(variant.class_, style=style)
    if variant.tags:
        head.append(f" [{', '.join(variant.tags)}]", style="dim")
    head.append(f"  {variant.reason}", style="dim")
    lines = [head]
    for witness in collation.witnesses:
        reading = variant.readings[witness.id]
        left, right = _context(witness, reading)
        line = Text(f"  {witness.id:<{width}}  ", style="bold" if witness.id == collation.base
                    else "")
        line.append("…" + left, style="dim")
        line.append(f"[{reading.text}]" if reading.text else "[—]", style=style)
        if not reading.text and right and not right[0].isspace():
            right = " " + right  # the gap stands between words
        line.append(right + "…", style="dim")
        lines.append(line)
    return lines


ERASURE_STYLES = {"name": CLASS_STYLES["name"], "number": CLASS_STYLES["number"],
                  "sentence": CLASS_STYLES["omission"]}
ERASURE_WIDTH = 72  # characters of an erased sentence shown


def _listed(value: object) -> str:
    return ", ".join(str(item) for item in value) if isinstance(value, list | tuple) else ""


def _erasure_what(erasure: Mapping[str, object]) -> str:
    text = " ".join(str(erasure.get("text", "")).split())
    if erasure.get("kind") == "sentence" and len(text) > ERASURE_WIDTH:
        text = text[: ERASURE_WIDTH - 1] + "…"
    forms = erasure.get("forms")
    if isinstance(forms, list) and len(forms) > 1:
        text += f" (also {', '.join(str(f) for f in forms if f != erasure.get('text'))})"
    changed = erasure.get("changed_to")
    if isinstance(changed, Mapping):
        by_text: dict[str, list[str]] = {}
        for wid, new in changed.items():
            by_text.setdefault(str(new), []).append(str(wid))
        text += " → " + "; ".join(f"{new} ({', '.join(ids)})" for new, ids in by_text.items())
    return text


def _erasure_lines(erasures: Sequence[Mapping[str, object]]) -> list[Text]:
    counts: dict[str, int] = {}
    for erasure in erasures:
        kind = str(erasure.get("kind"))
        counts[kind] = counts.get(kind, 0) + 1
    plural = {"name": "names", "number": "numbers", "sentence": "sentences"}
    lines = [Text("Erasures: " + ", ".join(f"{n} {plural.get(kind, kind) if n > 1 else kind}"
                                           for kind, n in counts.items()), style="bold")]
    for erasure in erasures:
        kind = str(erasure.get("kind"))
        line = Text(f"  {kind:<8}  ")
        line.append(_erasure_what(erasure), style=ERASURE_STYLES.get(kind, "bold"))
        line.append(f"  in {_listed(erasure.get('present_in'))}; "
                    f"not in {_listed(erasure.get('absent_from'))}", style="dim")
        lines.append(line)
    return lines


@register("text")
def write_text(collation: Collation, options: ReportOptions) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                      color_system="standard" if options.color else None,
                      width=options.width or 100, highlight=False, soft_wrap=True)
    width = max(len(witness.id) for witness in collation.witnesses)
    console.print(Text(f"variorum collate: {len(collation.witnesses)} witnesses, "
                       f"base {collation.base}", style="bold"))
    for witness in collation.witnesses:
        tokens = collation.tokens[witness.id]
        where = witness.source or "(text)"
        if witness.span:
            where += f" [{witness.span.start}:{witness.span.end}]"
        console.print(f"  {witness.id:<{width}}  {where}  {len(tokens):,} tokens  "
                      f"{witness.encoding or ''}  sha256 {(witness.sha256 or '')[:12]}")
    by_class = collation.by_class()
    accidental = sum(n for name, n in by_class.items() if name in ACCIDENTAL_CLASSES)
    summary = ", ".join(f"{n} {name}" for name, n in by_class.items()) or "none"
    noun = "variant" if len(collation.variants) == 1 else "variants"
    console.print(Text(f"\n{len(collation.variants)} {noun} "
                       f"({len(collation.variants) - accidental} substantive, {accidental} "
                       f"accidental): {summary}", style="bold"))
    if len(collation.witnesses) > 2:
        for a, b, counts in collation.pair_classes:
            listed = ", ".join(f"{n} {name}" for name, n in counts.items()) or "none"
            console.print(f"  {a} / {b}: {sum(counts.values())} ({listed})", style="dim")
    hidden = [v for v in collation.variants if v.class_ in options.ignore]
    if hidden:
        console.print(f"hidden by --ignore: {len(hidden)} "
                      f"({', '.join(sorted(options.ignore))})", style="dim")
    if collation.erasures:
        console.print()
        for line in _erasure_lines(collation.erasures):
            console.print(line)
    for variant in collation.variants:
        if variant.class_ in options.ignore:
            continue
        console.print()
        for line in _variant_lines(variant, collation, width):
            console.print(line)
    return buffer.getvalue()
