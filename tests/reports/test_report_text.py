"""The terminal report: sections by class, coloured inline diffs, a pager only on a terminal,
and nothing from a source ever reaching the terminal as a control sequence."""

from __future__ import annotations

import dataclasses
import os
import pty
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import variorum
from variorum.model import SUBSTANTIVE_CLASSES, Witness
from variorum.reports import ReportOptions, render
from variorum.reports.text import SECTION_ORDER, _spaced
from variorum.terminal import visible

Write = Callable[..., Path]
ROOT = Path(__file__).resolve().parents[2]
DEMO = [ROOT / "examples" / "encyclopedia" / f"{year}.txt" for year in (1949, 1953, 1956)]
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the only sequences the report itself may emit


def mixed() -> variorum.Collation:
    return variorum.collate([
        Witness.from_text("A", "The State fell in 1917 and the colour faded, said Quill."),
        Witness.from_text("B", "The state fell in 1918 and the color faded, said Quil."),
    ])


def test_sections_by_class_substantive_first() -> None:
    result = mixed()
    text = render(result, "text")
    heads = re.findall(r"^── (\w+): (\d+) variants?", text, re.M)
    classes = [name for name, _ in heads]
    assert sorted(classes, key=SECTION_ORDER.index) == classes
    assert classes[0] in SUBSTANTIVE_CLASSES and classes[-1] not in SUBSTANTIVE_CLASSES
    assert {name: int(n) for name, n in heads} == result.by_class()
    for variant in result.variants:  # each variant under its own class's heading
        at = text.index(f"\n#{variant.id} {variant.class_}")
        assert text.rindex("\n── ", 0, at) == text.index(f"\n── {variant.class_}:")


def test_ignored_classes_have_no_section() -> None:
    text = render(mixed(), "text", ReportOptions(ignore=frozenset({"case"})))
    assert "── case" not in text and "hidden by --ignore: 1 (case)" in text


def test_demo_keeps_summary_pairs_and_erasures() -> None:
    witnesses = [Witness.from_text(p.stem, p.read_text(encoding="utf-8")) for p in DEMO]
    text = render(variorum.collate(witnesses, erasures=True), "text")
    assert "12 variants (10 substantive, 2 accidental)" in text
    assert "  1949 / 1953: 10 (6 substitution, 2 omission, 1 name, 1 number)" in text
    # Variants first, then the erasures, summed up (in full with --erasures).
    assert text.index("── number: 2 variants ──") < text.index("Erasures:")
    assert "  names     Ilse Varnhagen (also Varnhagen, I. Varnhagen); Anatol Brisk" in text
    assert "  sentence  " not in text
    assert "  1953  name  …unmasked and rendered harmless. Marta [Quil] emigrated in 1936. " \
           "The line…" in text
    full = render(variorum.collate(witnesses, erasures=True), "text",
                  ReportOptions(erasure_details=True))
    assert "  sentence  Rehn succeeded her.  in 1949; not in 1953, 1956" in full


def test_empty_readings_white_space_and_repairs_are_unambiguous() -> None:
    result = variorum.collate([
        Witness.from_text("A", "The mill — old and grey — stood.\n\nIt was sold in spring."),
        Witness.from_text("B", "The mill stood.\n\nIt was sold in spring, the winter after."),
        Witness.from_text("C", "The mill — old and grey — stood. It was sold in spring."),
    ])
    lines = render(result, "text").splitlines()
    # B omits the dashes' aside: "om." outside the brackets, never "[—]" (a real dash).
    assert any(line.startswith("  B") and "…The mill om. stood." in line for line in lines)
    assert not any("[—]" in line for line in lines)
    added = render(variorum.collate([
        Witness.from_text("A", "The old mill stood by the water."),
        Witness.from_text("B", "The old red mill stood by the water.\n\nIt fell."),
        Witness.from_text("C", "The old mill stood by the water.")]), "text").splitlines()
    # B adds a word: its reading, then "add."; A and C read nothing there: ∅.
    assert "  B  addition  …The old [red] add. mill stood by the water.…" in added
    assert "  A            …The old ∅ mill stood by the water.…" in added
    assert "  A            …mill stood by the water. ∅…" in added
    # White space in a reading is one space, a paragraph break ¶: never an escape sequence.
    assert _spaced("a\n \n  b\tc\nd  e") == "a ¶ b c d e"
    assert not any("\\n" in line for line in added + lines)
    repaired = variorum.collate([
        variorum.Witness.from_text("A", "It wonâ€™t rain."),
        variorum.Witness.from_text("B", "It will rain.")])
    fixed = dataclasses.replace(repaired.witnesses[0], repairs=(
        variorum.Repair(6, 9, "â€™", "’", False, "UTF-8 read as windows-1252"),))
    shown = render(dataclasses.replace(repaired, witnesses=(fixed, repaired.witnesses[1])),
                   "text")
    assert "[won’t]" in shown and "(repaired; as found: wonâ€™t)" in shown


def test_colour_underlines_what_differs_from_the_base() -> None:
    result = variorum.collate([Witness.from_text("A", "He said bafoonish things."),
                               Witness.from_text("B", "He said bafoenish things.")])
    coloured = render(result, "text", ReportOptions(color=True))
    plain = render(result, "text")
    assert SGR.sub("", coloured) == plain
    line = next(line for line in coloured.splitlines()
                if SGR.sub("", line).startswith("  B  spelling  …"))
    # "bafo" and "nish" as the base has them, the "e" underlined (4) in the class's colour.
    assert re.search(r"bafo\x1b\[[0-9;]*4[0-9;]*me\x1b\[0mnish", line), repr(line)
    assert "\x1b" not in plain


HOSTILE = "\x1b[2J\x1b]0;owned\x07 \x1b[31mred \r\x08\x7f\x9b \u202eevil\u202c tab\there"


def test_control_sequences_from_sources_are_shown_as_escapes(write: Write) -> None:
    result = variorum.collate([
        Witness.from_text(f"a{HOSTILE}", f"Start {HOSTILE} one end.",
                          source=f"evil{HOSTILE}.txt"),
        Witness.from_text("[bold]b[/]", f"Start {HOSTILE} two end.", source="[/]"),
    ], erasures=True)
    for options in (ReportOptions(), ReportOptions(color=True)):
        text = render(result, "text", options)
        stripped = SGR.sub("", text)
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e]", stripped)
        assert visible(HOSTILE) in stripped and "\\x1b[2J" in stripped
        assert "[bold]b[/]" in stripped  # rich markup in a name is shown, not interpreted
        assert "evil\\x1b[2J" in stripped


def test_visible_escapes_only_what_acts_on_a_terminal() -> None:
    assert visible("plain — text, “quoted” é 中文") == "plain — text, “quoted” é 中文"
    assert visible("a\x1b[2Jb\tc\nd\u2028e\u202ef") == "a\\x1b[2Jb\\tc\\nd\\u2028e\\u202ef"


def run_on_terminal(args: list[str], env: dict[str, str]) -> str:
    """Run variorum with a pseudo-terminal as standard input and output; what it showed."""
    leader, follower = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "variorum", *args], stdin=follower,
                          stdout=follower, stderr=subprocess.PIPE, env=env, timeout=60,
                          check=False, cwd=ROOT)
    os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 65536):
            shown += chunk
    except OSError:  # the terminal is closed and drained
        pass
    os.close(leader)
    assert done.returncode == 0, done.stderr
    return shown.decode("utf-8", "replace")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a Linux pseudo-terminal")
def test_pager_only_for_a_long_report_on_a_terminal(tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "PAGER": f"{sys.executable} -c \"import sys, pathlib; "
           f"pathlib.Path({str(paged)!r}).write_text(sys.stdin.read())\"",
           "LINES": "20", "COLUMNS": "100", "NO_COLOR": "1"}
    env.pop("FORCE_COLOR", None)
    args = ["collate", *(str(p) for p in DEMO)]
    run_on_terminal(args, env)
    report = paged.read_text(encoding="utf-8")
    assert "── substitution: 6 variants ──" in report and "\x1b" not in report  # NO_COLOR
    paged.unlink()
    shown = run_on_terminal(args, {**env, "LINES": "500"})  # fits on the screen: no pager
    assert not paged.exists() and "── substitution: 6 variants ──" in shown
    piped = subprocess.run([sys.executable, "-m", "variorum", *args], capture_output=True,
                           text=True, env=env, check=True, cwd=ROOT)
    assert not paged.exists() and "── substitution" in piped.stdout  # piped: never paged


def test_damage_that_could_not_be_repaired_is_named_after_the_reading() -> None:
    result = variorum.collate([
        Witness.from_text("A", "The mill stood by the old water and the new bridge."),
        Witness.from_text("B", "The mill stood by the \ufffd water and the nev bridge.")])
    witness = result.witnesses[1]
    at = witness.text.index("\ufffd")
    damaged = dataclasses.replace(witness, damage=(
        variorum.Damage(at, at + 1, "\ufffd", "byte 0x9d could not be decoded"),))
    lines = render(dataclasses.replace(result, witnesses=(result.witnesses[0], damaged)),
                   "text").splitlines()
    (line,) = [line for line in lines if "[\ufffd]" in line]
    assert line.startswith("  B") and line.endswith(
        "(damaged: \ufffd byte 0x9d could not be decoded)")
    # Only the reading that holds it: the other variant of B says nothing of damage.
    assert sum("damaged:" in line for line in lines) == 1
    assert any("[nev]" in line and "damaged" not in line for line in lines)


def test_repairs_are_found_for_each_reading_among_many() -> None:
    # Mojibake throughout: each reading shows its own repairs, whatever the others.
    words = [f"caf{'Ã©' if n % 3 else 'e'}{n}" for n in range(300)]
    found = " ".join(words)
    other = " ".join(w.replace("Ã©", "é") if n % 50 else f"other{n}" for n, w in enumerate(words))
    result = variorum.collate([Witness.from_text("A", found), Witness.from_text("B", other)])
    repairs = []
    position = 0
    while (at := found.find("Ã©", position)) >= 0:
        repairs.append(variorum.Repair(at, at + 2, "Ã©", "é", False, "UTF-8 read as cp1252"))
        position = at + 2
    fixed = dataclasses.replace(result.witnesses[0], repairs=tuple(repairs))
    text = render(dataclasses.replace(result, witnesses=(fixed, result.witnesses[1])), "text")
    for variant in result.variants:
        reading = variant.readings["A"]
        expected = variorum.model.apply_repairs(found, repairs, reading.start, reading.end)
        assert f"[{expected}]" in text
        if expected != reading.text:
            assert f"(repaired; as found: {reading.text})" in text


def test_sigla_classes_and_readings_stand_in_columns() -> None:
    result = variorum.collate([
        Witness.from_text("1949", "The mill stood by the old water."),
        Witness.from_text("draft-long", "The mill stood by the grey water."),
        Witness.from_text("C", "The mill stood near the old watter.")])
    for block in render(result, "text").split("\n\n#")[1:]:
        rows = [line for line in block.splitlines()[1:] if line.startswith("  ")]
        assert len(rows) == 3
        # The reading column begins at the same place on every line, and so does the class
        # column (after the longest siglum) on the lines that have a class.
        assert len({row.index("…") for row in rows}) == 1
        classes = [row for row in rows if row[2:].split()[1] != row[row.index("…"):].split()[0]]
        assert classes
        assert {row.index(row[2:].split()[1], 2 + len(row[2:].split()[0])) for row in classes} \
            == {2 + len("draft-long") + 2}


@pytest.mark.parametrize("granularity", ["places", "changes"])
def test_the_report_without_colour_is_what_rich_writes_of_its_lines(
        granularity: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without colour the lines' text is written directly, not rendered by rich: it must be
    # byte for byte what rich's console writes of them. A line holding one of
    # _RICH_STRIPS goes through rich, and so does every line after it: patched to a letter
    # of the report's first line, the whole report is rich's.
    from variorum.reports import text

    collation = variorum.collate([Witness.from_text(p.stem, p.read_text(encoding="utf-8"))
                                  for p in DEMO], erasures=True)
    options = ReportOptions(granularity=granularity)
    direct = render(collation, "text", options)
    monkeypatch.setattr(text, "_RICH_STRIPS", "v")
    assert render(collation, "text", options) == direct
    assert direct.count("\n") > 20 and "\x1b" not in direct
