"""Mojibake repair: conservative, positional, honest about what it cannot undo."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from variorum.cli import main
from variorum.ingest import read_source
from variorum.ingest.repair import apply_repairs, repair_log
from variorum.text.normalize import typography_fold

from ..conftest import SEED, SHARED, needs_shared

FTFY_CASES = SHARED / "data" / "ftfy-cases"


def test_clean_text_comes_through_unchanged() -> None:
    text = ("“Quotes”, ‘single’, l’homme, don't, ﬁne ligatures, ＷＩＤＥ, &amp; entities,\r\n"
            "café, naïve, Ελληνικά, Русский, 漢字, e\u0301, tabs\tand  spaces…")
    log = repair_log(text)
    assert log.repairs == () and log.damage == ()
    assert log.repaired_text == text


def test_each_repair_has_offsets_into_the_text_as_found() -> None:
    text = "The regimeâ€™s evolution, 1930â€“34, and the â€˜Bureauâ€™.\nNext line fine."
    log = repair_log(text)
    assert [(r.found, r.repaired) for r in log.repairs] == [
        ("â€™", "’"), ("â€“", "–"), ("â€˜", "‘"), ("â€™", "’")]
    for repair in log.repairs:
        assert text[repair.start : repair.end] == repair.found
        assert repair.reason == "UTF-8 read as windows-1252"
    assert log.repaired_text == (
        "The regime’s evolution, 1930–34, and the ‘Bureau’.\nNext line fine.")
    assert apply_repairs(text, log.repairs) == log.repaired_text


@pytest.mark.parametrize(
    ("damaged", "suspect"),
    [
        ("the Committeeâ€™a fifty", True),     # a dash was lost before the mojibake
        ("organizations (1906)â€™has become", True),
        ("their â€™monolithicâ€™ unity", True),  # the opening quote
        ("it wonâ€™t be", False),
        ("Leninâ€™s collaborators", False),
        ("thatâ€™s where", False),
        ("the Peoplesâ€™ Commissars", False),    # plural possessive
        ("lâ€™homme et dâ€™abord", False),        # French elision
    ],
)
def test_suspect_apostrophes(damaged: str, suspect: bool) -> None:
    log = repair_log(damaged)
    assert log.repairs
    assert log.repairs[0].suspect is suspect


def test_unrepairable_damage_is_logged_not_changed() -> None:
    text = "Likewise shot FayÅulla Khodjayev; a lost byte \ufffd here; a C1 \x81 there."
    log = repair_log(text)
    assert [(d.found, d.start) for d in log.damage] == [
        ("Å", text.index("Å")), ("\ufffd", text.index("\ufffd")), ("\x81", text.index("\x81"))]
    assert "a byte was lost" in log.damage[0].reason
    assert log.repaired_text == text


def test_lossy_word_in_a_long_line_is_repaired_as_far_as_it_can_be() -> None:
    # UTF-8 ” (E2 80 9D) read as windows-1252 loses its last byte. Sent whole, this line
    # (with a curly quote elsewhere in it) was left as found; alone, the word is repaired.
    line = ("The keeper said “the lamp be, " + "the lamp and the oil and the wick, " * 3
            + "and then lanternâ€\ufffd he said to them all.\n")
    log = repair_log(line)
    assert "lantern\ufffd he said" in log.repaired_text
    assert [(r.found, r.repaired) for r in log.repairs] == [("â€", "")]
    assert [d.found for d in log.damage] == ["\ufffd"]


def test_a_lead_and_a_continuation_of_different_code_pages_are_no_spot() -> None:
    from variorum.ingest.repair import _chunks

    # MacRoman's lead byte 0xD1 is "—", windows-1252's continuation 0x94 is "”": no single
    # code page reads "—”" as one UTF-8 character, and ftfy need not look at the line.
    line = "“Wait—” she said, " * 12 + "and then “Stop—” he said.\n"
    assert _chunks(line) == []
    assert repair_log(line).repaired_text == line
    assert _chunks("Ã© and â€” stay spots\n") == [(0, 22)]  # a short line goes whole


@pytest.mark.parametrize("codec", ["mac_roman", "cp437"])
def test_a_long_line_goes_whole_when_its_words_alone_are_not_enough(codec: str) -> None:
    # Some words of a long line of MacRoman or cp437 mojibake are repaired only with the
    # evidence of the rest of the line.
    clean = "Le café était fermé, mais la crème brûlée restait là, près du garçon. " * 3
    damaged = clean.encode("utf-8").decode(codec)
    assert len(damaged) > 100
    assert repair_log(damaged + "\n").repaired_text == clean + "\n"


def test_c1_controls_from_windows_1252_are_repaired() -> None:
    log = repair_log("He said \x93yes\x94 twice.")
    assert log.repaired_text == "He said “yes” twice."
    assert all(r.reason == "windows-1252 read as Latin-1" for r in log.repairs)


@needs_shared(SEED)
def test_seed_figures() -> None:
    (witness,) = read_source(str(SEED))
    text = witness.text
    second_copy = text.index("owning one is punishable", text.index("hardnosed leader."))
    assert len(witness.repairs) == 25
    assert {r.found for r in witness.repairs} == {"â€™", "â€“"}
    assert all(r.start > second_copy for r in witness.repairs)  # nothing in the first copy
    by_start = {r.start: r for r in witness.repairs}

    def repair_in(context: str) -> bool:
        at = text.index(context) + context.index("â€")
        return by_start[at].suspect

    for context in ("Committeeâ€™a", "07)â€™has", "systemâ€™an", "bureaucracyâ€™still",
                    "consciousnessâ€™drive", "â€™monolithic", "â€™Political", "â€™democratic"):
        assert repair_in(context), context
    for context in ("wonâ€™t", "Leninâ€™s", "thatâ€™s"):
        assert not repair_in(context), context
    assert [d.found for d in witness.damage] == ["Å"]
    assert text[witness.damage[0].start - 3 : witness.damage[0].end + 4] == "FayÅulla"


def _cases(name: str) -> list[dict[str, Any]]:
    path = FTFY_CASES / name
    if not path.exists():
        return []
    return [case for case in json.loads(path.read_text(encoding="utf-8"))
            if case.get("expect") == "pass"]


def _quotes_aside(text: str) -> str:
    return typography_fold(text).replace("\u00a0", " ")


@needs_shared(FTFY_CASES)
@pytest.mark.parametrize("name", ["in-the-wild.json", "synthetic.json", "language-names.json"])
def test_ftfy_cases_are_repaired_as_ftfy_expects(name: str) -> None:
    wrong = []
    for case in _cases(name):
        expected = case.get("fixed-encoding", case["fixed"])
        got = repair_log(case["original"]).repaired_text
        if _quotes_aside(got) != _quotes_aside(expected):
            wrong.append((case["label"], got, expected))
    assert not wrong, wrong


@needs_shared(FTFY_CASES)
def test_ftfy_negative_cases_are_left_alone() -> None:
    # "Unchanged" as ftfy means it: nothing but what its own expectation fixes (C1 controls).
    changed = [case["label"] for case in _cases("negative.json")
               if _quotes_aside(repair_log(case["original"]).repaired_text)
               != _quotes_aside(case.get("fixed-encoding", case["fixed"]))]
    assert not changed


def test_repair_command_prints_text_log_and_json(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "scraped.txt"
    source.write_text("their job wonâ€™t be easy; FayÅulla.\n", encoding="utf-8")
    assert main(["repair", str(source)]) == 0
    assert capsys.readouterr().out == "their job won’t be easy; FayÅulla.\n"
    assert main(["repair", str(source), "--log"]) == 0
    log = capsys.readouterr().out
    assert "1 repairs, 1 damaged places" in log and "'â€™' -> '’'" in log
    assert main(["repair", str(source), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["schema"] == "variorum.repair/1"
    assert {"source", "sha256", "format", "encoding", "encoding_reason", "repairs", "damage",
            "text"} <= set(doc)
    assert doc["repairs"] == [{"start": 13, "end": 16, "found": "â€™", "repaired": "’",
                               "suspect": False,
                               "reason": "UTF-8 read as windows-1252 (in part of the line)"}]
    assert doc["damage"][0]["found"] == "Å"
    assert doc["text"] == "their job won’t be easy; FayÅulla.\n"


@given(st.text(alphabet=st.sampled_from([*"aé ’€ÃÂ\x85\ufffdЂÐ\u00a0x—çñ\n", "\U0001F600"]),
               max_size=40))
def test_suspicious_spots_found_with_numpy_are_the_expressions_matches(text: str) -> None:
    from variorum.ingest.repair import _suspicious, _suspicious_spots

    expected = [(m.start(), m.end()) for m in _suspicious().finditer(text)]
    assert [(m.start(), m.end()) for m in _suspicious_spots(text)] == expected
