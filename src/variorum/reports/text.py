"""``--format text``: the readable terminal report (coloured on a terminal, plain otherwise).

Witnesses, counts and the erasure report first; then the variants in one section per class,
substantive classes first, each group in the contract's order (number, substitution,
addition, omission, transposition; then encoding ... name). On a terminal each reading that
differs from the base's has the differing part underlined in its class's colour.

Everything that comes from a source (text, witness ids, file names) goes through
:func:`visible`: control characters, ANSI escape sequences and bidirectional overrides are
shown as Python-style escapes (``\x1b[2J``), never sent to the terminal.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.text import Text

from ..model import ACCIDENTAL_CLASSES, SUBSTANTIVE_CLASSES, Collation, Reading, Variant, Witness
from ..terminal import visible
from . import ReportOptions, register

__all__ = ["CLASS_STYLES", "SECTION_ORDER", "write_text"]

SECTION_ORDER: tuple[str, ...] = SUBSTANTIVE_CLASSES + ACCIDENTAL_CLASSES

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
    return visible(left), visible(right)


_PIECES = re.compile(r"\w+|\s+|[^\w\s]")
DIFF_LIMIT = 400  # pieces: longer readings are shown whole, in the class's colour


def _diffed(text: str, base: str, style: str) -> Text:
    """``text`` with what differs from the base's reading underlined in ``style``.

    Compared piece by piece (words, spaces, marks); a word against one word letter by letter.
    """
    shown = Text()
    mine, theirs = _PIECES.findall(text), _PIECES.findall(base)
    if len(mine) > DIFF_LIMIT or len(theirs) > DIFF_LIMIT or not base:
        return Text(visible(text), style=style)
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        piece = "".join(mine[b1:b2])
        if op == "equal":
            shown.append(visible(piece))
        elif op == "replace" and a2 - a1 == 1 and b2 - b1 == 1:
            letters = difflib.SequenceMatcher(None, theirs[a1], piece, autojunk=False)
            for op2, _, _, c1, c2 in letters.get_opcodes():
                shown.append(visible(piece[c1:c2]),
                             style="" if op2 == "equal" else f"{style} underline")
        else:
            shown.append(visible(piece), style=f"{style} underline")
    return shown


def _variant_lines(variant: Variant, collation: Collation, width: int) -> list[Text]:
    style = CLASS_STYLES.get(variant.class_, "bold")
    head = Text(f"#{variant.id} ", style="bold")
    head.append(variant.class_, style=style)
    if variant.tags:
        head.append(f" [{visible(', '.join(variant.tags))}]", style="dim")
    head.append(f"  {visible(variant.reason)}", style="dim")
    lines = [head]
    base = variant.readings[collation.base].text
    for witness in collation.witnesses:
        reading = variant.readings[witness.id]
        elsewhere = _moved_copy(variant, witness.id, collation) if not reading.text else None
        if elsewhere is not None:
            # A move shows the moved text in each witness at its own place, not a gap.
            reading = elsewhere[1]
        left, right = _context(witness, reading)
        line = Text(f"  {visible(witness.id):<{width}}  ",
                    style="bold" if witness.id == collation.base else "")
        line.append("…" + left, style="dim")
        if not reading.text:
            line.append("[—]", style=style)
        elif witness.id == collation.base or reading.text == base:
            line.append(f"[{visible(reading.text)}]", style=style)
        else:
            line.append("[", style=style)
            line.append_text(_diffed(reading.text, base, style))
            line.append("]", style=style)
        if not reading.text and right and not right[0].isspace():
            right = " " + right  # the gap stands between words
        line.append(right + "…", style="dim")
        if elsewhere is not None:
            line.append(f"  (at #{elsewhere[0]})", style="dim")
        lines.append(line)
    return lines


def _moved_copy(variant: Variant, witness_id: str,
                collation: Collation) -> tuple[int, Reading] | None:
    """For a witness that reads nothing at one end of a move: the variant at the other end
    where it reads the moved text, and that reading."""
    if variant.class_ != "transposition":
        return None
    for tag in variant.tags:
        kind, _, number = tag.partition(":")
        if kind not in ("moved-from", "moved-to") or not number.isdigit():
            continue
        index = int(number) - 1  # variant ids are 1, 2, ... in order
        if 0 <= index < len(collation.variants) and collation.variants[index].id == int(number):
            reading = collation.variants[index].readings[witness_id]
            if reading.text:
                return int(number), reading
    return None


ERASURE_STYLES = {"name": CLASS_STYLES["name"], "number": CLASS_STYLES["number"],
                  "sentence": CLASS_STYLES["omission"]}
ERASURE_WIDTH = 72  # characters of an erased sentence shown


def _listed(value: object) -> str:
    if not isinstance(value, list | tuple):
        return ""
    return ", ".join(visible(str(item)) for item in value)


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
    return visible(text)


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


def _name_change_lines(changes: Sequence[Mapping[str, object]]) -> list[Text]:
    """Names written differently (respelled, or in lower case): listed apart from erasures."""
    lines = [Text(f"Names written differently: {len(changes)}", style="bold")]
    for change in changes:
        texts = change.get("texts")
        if not isinstance(texts, Mapping):
            continue
        by_form: dict[str, list[str]] = {}
        for wid, form in texts.items():
            by_form.setdefault(" ".join(str(form).split()), []).append(str(wid))
        kind = "case" if change.get("kind") == "name-case" else "spelling"
        line = Text(f"  {kind:<8}  ")
        for number, (form, ids) in enumerate(by_form.items()):
            if number:
                line.append(" / ", style="dim")
            line.append(visible(form), style=CLASS_STYLES["name"])
            line.append(f" ({', '.join(map(visible, ids))})", style="dim")
        lines.append(line)
    return lines


def _section_head(class_: str, count: int) -> Text:
    head = Text("── ", style="dim")
    head.append(class_, style=CLASS_STYLES.get(class_, "bold"))
    head.append(f": {count} {'variant' if count == 1 else 'variants'}", style="bold")
    head.append(" ──", style="dim")
    return head


@register("text")
def write_text(collation: Collation, options: ReportOptions) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                      color_system="standard" if options.color else None,
                      width=options.width or 100, highlight=False, soft_wrap=True)
    width = max(len(visible(witness.id)) for witness in collation.witnesses)
    console.print(Text(f"variorum collate: {len(collation.witnesses)} witnesses, "
                       f"base {visible(collation.base)}", style="bold"))
    for witness in collation.witnesses:
        tokens = collation.tokens[witness.id]
        where = visible(witness.source or "(text)")
        if witness.span:
            where += f" [{witness.span.start}:{witness.span.end}]"
        console.print(Text(f"  {visible(witness.id):<{width}}  {where}  {len(tokens):,} tokens  "
                           f"{visible(witness.encoding or '')}  "
                           f"sha256 {visible(witness.sha256 or '')[:12]}"))
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
            console.print(Text(f"  {visible(a)} / {visible(b)}: {sum(counts.values())} "
                               f"({listed})", style="dim"))
    hidden = [v for v in collation.variants if v.class_ in options.ignore]
    if hidden:
        console.print(Text(f"hidden by --ignore: {len(hidden)} "
                           f"({', '.join(sorted(options.ignore))})", style="dim"))
    if collation.erasures:
        console.print()
        for line in _erasure_lines(collation.erasures):
            console.print(line)
    if collation.name_changes:
        console.print()
        for line in _name_change_lines(collation.name_changes):
            console.print(line)
    sections: dict[str, list[Variant]] = {}
    for variant in collation.variants:
        if variant.class_ not in options.ignore:
            sections.setdefault(variant.class_, []).append(variant)
    order = {name: rank for rank, name in enumerate(SECTION_ORDER)}
    for class_ in sorted(sections, key=lambda name: (order.get(name, len(order)), name)):
        console.print()
        console.print(_section_head(class_, len(sections[class_])))
        for variant in sections[class_]:
            console.print()
            for line in _variant_lines(variant, collation, width):
                console.print(line)
    return buffer.getvalue()
