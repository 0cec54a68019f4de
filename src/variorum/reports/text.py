"""``--format text``: the readable terminal report (coloured on a terminal, plain otherwise).

Witnesses and counts first; then the variants in one section per class, substantive classes
first, each group in the contract's order (number, substitution, addition, omission,
transposition; then encoding ... name); then a short summary of the erasure report (in full
with ``--erasures``). Each witness's line gives its siglum, the class of its reading against
the base's and the reading in brackets in its context, repaired (the text as found beside
it), and where it holds damage that could not be repaired, that damage named after it;
``om.``, ``add.`` and ``∅`` stand outside the brackets. On a terminal each reading that
differs from the base's has the differing part underlined in its class's colour.

Everything that comes from a source (text, witness ids, file names) goes through
:func:`visible`: control characters, ANSI escape sequences and bidirectional overrides are
shown as Python-style escapes (``\x1b[2J``), never sent to the terminal.
"""

from __future__ import annotations

import bisect
import difflib
import io
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from ..model import (
    ACCIDENTAL_CLASSES,
    SUBSTANTIVE_CLASSES,
    Change,
    Collation,
    Damage,
    Erasure,
    NameChange,
    Reading,
    Repair,
    Variant,
    Witness,
    apply_repairs,
)
from ..terminal import visible
from . import ReportOptions, register

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

__all__ = ["CLASS_STYLES", "SECTION_ORDER", "write_text"]

_Marked = TypeVar("_Marked", Repair, Damage)

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


def _diffed(text: str, base: str, style: str) -> _Line:
    """``text`` with what differs from the base's reading underlined in ``style``.

    Compared piece by piece (words, spaces, marks); a word against one word letter by letter.
    """
    shown = _Line()
    mine, theirs = _PIECES.findall(text), _PIECES.findall(base)
    if len(mine) > DIFF_LIMIT or len(theirs) > DIFF_LIMIT or not base:
        return _Line(_spaced(text), style=style)
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        piece = "".join(mine[b1:b2])
        if op == "equal":
            shown.append(_spaced(piece))
        elif op == "replace" and a2 - a1 == 1 and b2 - b1 == 1:
            letters = difflib.SequenceMatcher(None, theirs[a1], piece, autojunk=False)
            for op2, _, _, c1, c2 in letters.get_opcodes():
                shown.append(_spaced(piece[c1:c2]),
                             style="" if op2 == "equal" else f"{style} underline")
        else:
            shown.append(_spaced(piece), style=f"{style} underline")
    return shown


def _variant_lines(variant: Variant, collation: Collation, width: int) -> list[_Line]:
    tags = variant.tags
    size = len(collation.changes[variant.change - 1].variants) if variant.change else 1
    if size > 1:  # one place of a larger act of revision
        tags = (*tags, f"change {variant.change}")
    # Where the readings differ from the base's in more than one way, each says how.
    classes = variant.classes if len(set(variant.classes.values())) > 1 else {}
    elsewhere = {wid: found for wid, reading in variant.readings.items() if not reading.text
                 if (found := _moved_copy(variant, wid, collation)) is not None}
    return _entry_lines(f"#{variant.id}", variant.class_, tags, variant.reason,
                        variant.readings, classes, collation, width, elsewhere)


def _change_lines(change: Change, collation: Collation, width: int) -> list[_Line]:
    """A change as a block: its readings as a whole, then the places it is made of."""
    lines = _entry_lines(f"change {change.id}", change.class_, (), change.reason,
                         change.readings, {}, collation, width)
    if len(change.variants) > 1:
        for variant_id in change.variants:
            lines += [_Line("    ") + line for line in
                      _variant_lines(collation.variants[variant_id - 1], collation, width)]
    return lines


def _entry_lines(label: str, class_: str, tags: Sequence[str], reason: str,
                 readings: Mapping[str, Reading], classes: Mapping[str, str],
                 collation: Collation, width: int,
                 elsewhere: Mapping[str, tuple[int, Reading]] | None = None) -> list[_Line]:
    """The head of a place or change, then one line per witness: its siglum, the class of its
    reading against the base's (a column of its own), and the reading in brackets in its
    context. A witness that reads nothing there has ``om.`` where the base has text, ``∅``
    where it has none too (another witness adds); one that adds has ``add.`` after its
    reading; at one end of a move, the moved text ``elsewhere`` is shown instead."""
    elsewhere = elsewhere or {}
    style = CLASS_STYLES.get(class_, "bold")
    head = _Line(f"{label} ", style="bold")
    head.append(class_, style=style)
    if tags:
        head.append(f" [{visible(', '.join(tags))}]", style="dim")
    head.append(f"  {visible(reason)}", style="dim")
    lines = [head]
    base = readings[collation.base].text
    differing = {wid: c for wid, c in classes.items()}
    if not differing:  # one way of differing: the entry's own class, for each that differs
        differing = {wid: class_ for wid, r in readings.items()
                     if wid != collation.base and r.text != base}
    class_width = max((len(c) for c in differing.values()), default=0)
    for witness in collation.witnesses:
        reading = readings[witness.id]
        moved = elsewhere.get(witness.id)
        if moved is not None:
            # A move shows the moved text in each witness at its own place, not a gap.
            reading = moved[1]
        left, right = _context(witness, reading)
        own = differing.get(witness.id, "")
        line = _Line(f"  {visible(witness.id):<{width}}  ",
                    style="bold" if witness.id == collation.base else "")
        if class_width:
            line.append(f"{own:<{class_width}}  ", style=CLASS_STYLES.get(own, "dim"))
        shown, as_found = _repaired(witness, reading)
        if not shown and left and not left.endswith(" "):
            left += " "  # the mark stands apart from the word before
        line.append("…" + left, style="dim")
        if not shown:
            line.append(EMPTY_WHERE_BASE_HAS_TEXT if base else EMPTY, style=style)
        elif witness.id == collation.base or shown == base:
            line.append(f"[{_spaced(shown)}]", style=style)
        else:
            line.append("[", style=style)
            line.append_text(_diffed(shown, base, style))
            line.append("]", style=style)
        if shown and not base and witness.id != collation.base:
            line.append(f" {ADDED}", style=style)
        if not shown and right and not right[0].isspace():
            right = " " + right  # the gap stands between words
        line.append(right + "…", style="dim")
        if moved is not None:
            line.append(f"  (at #{moved[0]})", style="dim")
        if as_found is not None:
            line.append(f"  (repaired; as found: {visible(as_found)})", style="dim")
        damaged = _damage_note(witness, reading)
        if damaged:
            line.append(f"  ({damaged})", style="bold red")
        lines.append(line)
    return lines


# Marks for what a witness does not read: outside the brackets that hold readings, so no
# reading (a dash, a word "om.") can be taken for them. As in a printed apparatus: om. where
# the base has text, add. after text the base lacks; ∅ where neither has any.
EMPTY_WHERE_BASE_HAS_TEXT = "om."
ADDED = "add."
EMPTY = "∅"
_PARAGRAPH = re.compile(r"[^\S\n]*\n[^\S\n]*\n\s*")
_SPACES = re.compile(r"\s+")


def _spaced(text: str) -> str:
    """A reading as one line: a paragraph break as ``¶``, any other run of white space as
    one space (never an escape sequence); controls escaped by :func:`visible`."""
    return visible(_SPACES.sub(" ", _PARAGRAPH.sub(" ¶ ", text)))


def _repaired(witness: Witness, reading: Reading) -> tuple[str, str | None]:
    """The reading with the witness's encoding repairs applied, and the text as found when
    that differs (None otherwise)."""
    if not witness.repairs or not reading.text:
        return reading.text, None
    shown = apply_repairs(witness.text, _near(witness.repairs, reading), reading.start,
                          reading.end)
    return shown, (reading.text if shown != reading.text else None)


def _near(marks: Sequence[_Marked], reading: Reading) -> Sequence[_Marked]:
    """The repairs or damage (sorted by offset and apart, as ingest gives them) that may
    overlap the reading: found by bisection, not by a scan of every one for every reading."""
    first = max(0, bisect.bisect_left(marks, reading.start, key=_start) - 1)
    return marks[first : bisect.bisect_left(marks, reading.end, key=_start)]


def _start(mark: Repair | Damage) -> int:
    return mark.start


def _damage_note(witness: Witness, reading: Reading) -> str | None:
    """``damaged: � byte 0x9d …`` when the reading holds encoding damage that could not be
    repaired (the text shows the character as found, this says what it stands for)."""
    if not witness.damage or reading.start == reading.end:
        return None
    inside = [d for d in _near(witness.damage, reading)
              if d.start < reading.end and d.end > reading.start]
    if not inside:
        return None
    first = inside[0]
    more = f"; and {len(inside) - 1} more" if len(inside) > 1 else ""
    return f"damaged: {visible(first.found)} {visible(first.reason)}{more}"


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


def _listed(ids: Sequence[str]) -> str:
    return ", ".join(visible(item) for item in ids)


def _erasure_what(erasure: Erasure) -> str:
    text = " ".join(erasure.text.split())
    if erasure.kind == "sentence" and len(text) > ERASURE_WIDTH:
        text = text[: ERASURE_WIDTH - 1] + "…"
    if len(erasure.forms) > 1:
        text += f" (also {', '.join(f for f in erasure.forms if f != erasure.text)})"
    if erasure.changed_to:
        by_text: dict[str, list[str]] = {}
        for wid, new in erasure.changed_to.items():
            by_text.setdefault(new, []).append(wid)
        text += " → " + "; ".join(f"{new} ({', '.join(ids)})" for new, ids in by_text.items())
    return visible(text)


ERASURES_IN_SUMMARY = 8  # per kind, in the short summary


def _erasure_lines(erasures: Sequence[Erasure], details: bool) -> list[_Line]:
    """The erasure report: in full (``details``), or a short summary, a line per kind."""
    by_kind: dict[str, list[Erasure]] = {}
    for erasure in erasures:
        by_kind.setdefault(erasure.kind, []).append(erasure)
    plural = {"name": "names", "number": "numbers", "sentence": "sentences"}
    lines = [_Line("Erasures: " + ", ".join(
        f"{len(found)} {plural.get(kind, kind) if len(found) > 1 else kind}"
        for kind, found in by_kind.items()), style="bold")]
    if not details:
        for kind, found in by_kind.items():
            line = _Line(f"  {plural.get(kind, kind):<9} ")
            shown = [_erasure_what(e) for e in found[:ERASURES_IN_SUMMARY]]
            if kind == "sentence":  # each sentence is long: its first words
                shown = [" ".join(what.split()[:6]) + ("…" if len(what.split()) > 6 else "")
                         for what in shown]
            line.append("; ".join(shown), style=ERASURE_STYLES.get(kind, "bold"))
            if len(found) > ERASURES_IN_SUMMARY:
                line.append(f"; and {len(found) - ERASURES_IN_SUMMARY} more", style="dim")
            lines.append(line)
        lines.append(_Line("  (where each stands and in which witnesses: --erasures)",
                          style="dim"))
        return lines
    for erasure in erasures:
        kind = erasure.kind
        line = _Line(f"  {kind:<8}  ")
        line.append(_erasure_what(erasure), style=ERASURE_STYLES.get(kind, "bold"))
        line.append(f"  in {_listed(erasure.present_in)}; "
                    f"not in {_listed(erasure.absent_from)}", style="dim")
        lines.append(line)
    return lines


def _name_change_lines(changes: Sequence[NameChange]) -> list[_Line]:
    """Names written differently (respelled, or in lower case): listed apart from erasures."""
    lines = [_Line(f"Names written differently: {len(changes)}", style="bold")]
    for change in changes:
        by_form: dict[str, list[str]] = {}
        for wid, form in change.texts.items():
            by_form.setdefault(" ".join(form.split()), []).append(wid)
        kind = "case" if change.kind == "name-case" else "spelling"
        line = _Line(f"  {kind:<8}  ")
        for number, (form, ids) in enumerate(by_form.items()):
            if number:
                line.append(" / ", style="dim")
            line.append(visible(form), style=CLASS_STYLES["name"])
            line.append(f" ({', '.join(map(visible, ids))})", style="dim")
        lines.append(line)
    return lines


def _section_head(class_: str, count: int, noun: str = "variant") -> _Line:
    head = _Line("── ", style="dim")
    head.append(class_, style=CLASS_STYLES.get(class_, "bold"))
    head.append(f": {count} {noun if count == 1 else noun + 's'}", style="bold")
    head.append(" ──", style="dim")
    return head


_RICH_STRIPS = "\a\b\v\f\r\t"  # control codes rich's Text drops, and the tab it expands


class _Line:
    """One line of the report, built as rich's :class:`~rich.text.Text` is (text, and styles
    over parts of it) but made into one only for a coloured report: without colour only its
    text is written, and rich is not imported at all (start-up, issue 14)."""

    __slots__ = ("items", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style  # over the whole line, as Text's own style
        self.items: list[tuple[str, str] | _Line] = [(text, "")] if text else []

    def append(self, text: str, style: str = "") -> _Line:
        if text:
            self.items.append((text, style))
        return self

    def append_text(self, line: _Line) -> _Line:
        self.items.append(line)
        return self

    def __add__(self, other: _Line) -> _Line:
        joined = _Line(style=self.style)
        joined.items = [*self.items, other]
        return joined

    @property
    def plain(self) -> str:
        return "".join(item.plain if isinstance(item, _Line) else item[0]
                       for item in self.items)

    def rich(self) -> Text:
        """The same line as rich's Text, built by the same calls."""
        from rich.text import Text

        text = Text(style=self.style)
        for item in self.items:
            if isinstance(item, _Line):
                text.append_text(item.rich())
            else:
                text.append(item[0], style=item[1] or None)
        return text


def _console(buffer: io.StringIO, options: ReportOptions) -> Console:
    from rich.console import Console

    return Console(file=buffer, force_terminal=options.color, no_color=not options.color,
                   color_system="standard" if options.color else None,
                   width=options.width or 100, highlight=False, soft_wrap=True)


class _Printer:
    """Writes the report's lines: through rich's console for colour; otherwise each line's
    text and a newline, which is what rich writes without colour (speed only, issue 14:
    importing rich and rendering through it took a third of a two-witness run of the
    command) — soft wrap never cuts a line and no colour system renders a style. A line
    holding a control code rich drops or a tab it expands (:func:`visible` escapes those of
    the sources, so none should) goes through rich all the same."""

    def __init__(self, buffer: io.StringIO, options: ReportOptions) -> None:
        self.buffer = buffer
        self.options = options
        self._rich: Console | None = _console(buffer, options) if options.color else None

    def print(self, line: _Line | None = None) -> None:
        if self._rich is None:
            plain = "" if line is None else line.plain
            if not any(code in plain for code in _RICH_STRIPS):
                self.buffer.write(plain + "\n")
                return
            self._rich = _console(self.buffer, self.options)  # pragma: no cover - see above
        if line is None:
            self._rich.print()
        else:
            self._rich.print(line.rich())


@register("text")
def write_text(collation: Collation, options: ReportOptions) -> str:
    buffer = io.StringIO()
    console = _Printer(buffer, options)
    width = max(len(visible(witness.id)) for witness in collation.witnesses)
    console.print(_Line(f"variorum collate: {len(collation.witnesses)} witnesses, "
                       f"base {visible(collation.base)}", style="bold"))
    for witness in collation.witnesses:
        tokens = collation.tokens[witness.id]
        where = visible(witness.source or "(text)")
        if witness.span:
            where += f" [{witness.span.start}:{witness.span.end}]"
        reader = witness.reader or witness.format
        if reader != "text":  # plain text, the usual case, goes unsaid
            shown = reader if reader.startswith(witness.format) else \
                f"{witness.format}, {reader}"
            where += f" ({visible(shown)})"
        console.print(_Line(f"  {visible(witness.id):<{width}}  {where}  {len(tokens):,} tokens  "
                           f"{visible(witness.encoding or '')}  "
                           f"sha256 {visible(witness.sha256 or '')[:12]}"))
    by_class = collation.by_class()
    accidental = sum(n for name, n in by_class.items() if name in ACCIDENTAL_CLASSES)
    summary = ", ".join(f"{n} {name}" for name, n in by_class.items()) or "none"
    noun = "variant" if len(collation.variants) == 1 else "variants"
    console.print(_Line(f"\n{len(collation.variants)} {noun} "
                       f"({len(collation.variants) - accidental} substantive, {accidental} "
                       f"accidental): {summary}", style="bold"))
    if len(collation.witnesses) > 2:
        for a, b, counts in collation.pair_classes:
            listed = ", ".join(f"{n} {name}" for name, n in counts.items()) or "none"
            console.print(_Line(f"  {visible(a)} / {visible(b)}: {sum(counts.values())} "
                               f"({listed})", style="dim"))
    hidden = [v for v in collation.variants if v.class_ in options.ignore]
    if hidden:
        console.print(_Line(f"hidden by --ignore: {len(hidden)} "
                           f"({', '.join(sorted(options.ignore))})", style="dim"))
    by_change = options.granularity == "changes"
    sections: dict[str, list[Variant | Change]] = {}
    for entry in collation.changes if by_change else collation.variants:
        if entry.class_ not in options.ignore:
            sections.setdefault(entry.class_, []).append(entry)
    order = {name: rank for rank, name in enumerate(SECTION_ORDER)}
    for class_ in sorted(sections, key=lambda name: (order.get(name, len(order)), name)):
        console.print()
        console.print(_section_head(class_, len(sections[class_]),
                                    "change" if by_change else "variant"))
        for entry in sections[class_]:
            console.print()
            lines = (_change_lines(entry, collation, width) if isinstance(entry, Change)
                     else _variant_lines(entry, collation, width))
            for line in lines:
                console.print(line)
    # After the variants: what was erased, and names written differently.
    if collation.erasures:
        console.print()
        for line in _erasure_lines(collation.erasures, options.erasure_details):
            console.print(line)
    if collation.name_changes:
        console.print()
        for line in _name_change_lines(collation.name_changes):
            console.print(line)
    return buffer.getvalue()
