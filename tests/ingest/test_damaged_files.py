"""Damaged files (issue 15): --errors replace reads what strict decoding refuses, each bad
byte as U+FFFD and listed as damage with its byte offset; nothing else is changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from variorum.cli import main
from variorum.ingest import ReadOptions, read_bytes
from variorum.ingest.decode import decode

REPLACE = ReadOptions(errors="replace")


def test_bytes_that_cannot_be_decoded_become_u_fffd_each_with_its_byte_offset() -> None:
    data = "Gießen \u2014 ".encode() + b"\xff\xfe!" + " é".encode()
    (witness,) = read_bytes(data, source="a.txt", witness_id="a", options=REPLACE)
    assert witness.text == "Gießen \u2014 \ufffd\ufffd! é"
    assert [(d.start, d.byte_offset, d.found) for d in witness.damage] == [
        (9, 12, "\ufffd"), (10, 13, "\ufffd")]
    assert "byte 0xff at byte offset 12" in witness.damage[0].reason
    assert "--errors replace" in (witness.encoding_reason or "")


def test_nul_bytes_become_u_fffd_with_their_byte_offsets() -> None:
    data = "é\x00x\x00".encode()
    (witness,) = read_bytes(data, source="a.txt", witness_id="a", options=REPLACE)
    assert witness.text == "é\ufffdx\ufffd"
    assert [(d.start, d.byte_offset) for d in witness.damage] == [(1, 2), (3, 4)]


def test_the_encoding_given_is_kept_and_strict_reading_is_unchanged() -> None:
    data = "Sieyès".encode("cp1252") + b"\x81"  # 0x81 is undefined in windows-1252
    (witness,) = read_bytes(data, source="a.txt", witness_id="a",
                            options=ReadOptions(encoding="cp1252", errors="replace"))
    assert witness.text == "Sieyès\ufffd" and witness.encoding == "cp1252"
    assert witness.damage[0].byte_offset == 6
    clean = "Sieyès".encode()
    strict = read_bytes(clean, source="a.txt", witness_id="a")
    assert read_bytes(clean, source="a.txt", witness_id="a", options=REPLACE) == strict


@given(st.binary(max_size=64))
def test_any_bytes_are_read_and_every_other_character_is_kept(data: bytes) -> None:
    decoded = decode(data, source="a.bin", override="utf-8", errors="replace")
    bad = {offset for _, offset, _ in decoded.replaced}
    kept = bytes(b for i, b in enumerate(data) if i not in bad)
    assert decoded.text.replace("\ufffd", "") == kept.decode("utf-8", "ignore").replace(
        "\ufffd", "")
    for at, offset, byte in decoded.replaced:
        assert decoded.text[at] == "\ufffd" and data[offset] == byte


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_command_line_names_the_option_and_reads_with_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "capture.txt"
    bad.write_bytes(b"The old mill\x00 by the river \xff closed.\n")
    other = tmp_path / "later.txt"
    other.write_text("The old mill by the river was closed.\n")
    code, _, err = run(["collate", str(bad), str(other)], capsys)
    assert code == 1 and "looks binary (NUL byte at offset 12)" in err
    assert "--errors replace" in err and len(err.splitlines()) == 1
    code, out, err = run(["collate", str(bad), str(other), "--errors", "replace",
                          "--format", "json"], capsys)
    assert code == 0, err
    document = json.loads(out)
    damage = document["witnesses"][0]["damage"]
    assert [(d["byte_offset"], d["found"]) for d in damage] == [(12, "\ufffd"), (27, "\ufffd")]
    assert document["witnesses"][1]["damage"] == []


@pytest.mark.parametrize("command", [["repair", "--log"], ["find"]])
def test_every_reading_command_has_the_option(tmp_path: Path, command: list[str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "capture.txt"
    bad.write_bytes(b"A line \x00 of text\n")
    code, _, err = run([*command, str(bad)], capsys)
    assert code != 0 or "skipped" in err
    code, _, err = run([*command, str(bad), "--errors", "replace"], capsys)
    assert code == 0 and "looks binary" not in err
