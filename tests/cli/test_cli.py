"""The command line: reports, exit codes and one-line errors (never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from variorum.cli import cli, main

Write = Callable[..., Path]


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_text_report_lists_witnesses_counts_and_variants(
        write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    a = write("1938.txt", "Zinoviev, Kamenev, Rykov, Bukharin were shot.\n")
    b = write("1953.txt", "Zinoviev, Kamenev, Rykov were shot.\n")
    code, out, err = run(["collate", str(a), str(b)], capsys)
    assert code == 0 and err == ""
    assert "2 witnesses, base 1938" in out
    assert "1 variant (1 substantive, 0 accidental): 1 omission" in out
    assert "[Rykov, Bukharin]" in out and "[Rykov]" in out
    assert "\x1b[" not in out  # not a terminal: no colour codes


def test_json_follows_the_contract(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.txt", "The State said no.")
    b = write("b.txt", "The state said yes.")
    code, out, _ = run(["collate", f"first={a}", f"second={b}", "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "variorum.collation/1"
    assert doc["base"] == "first"
    assert doc["settings"]["normalize"] == ["nfc", "typography", "compat", "case"]
    witness = doc["witnesses"][0]
    assert {"id", "source", "sha256", "format", "encoding", "span", "repairs", "damage"} <= set(
        witness)
    assert witness["span"] is None and witness["source"] == str(a)
    assert [v["class"] for v in doc["variants"]] == ["case", "substitution"]
    variant = doc["variants"][0]
    assert set(variant) >= {"id", "class", "tags", "reason", "readings", "groups"}
    assert variant["readings"]["first"] == {"text": "State", "start": 4, "end": 9}
    assert variant["groups"] == [["first"], ["second"]]
    for erasure in doc["erasures"]:
        assert {"kind", "text", "present_in", "absent_from", "readings"} <= set(erasure)
        assert erasure["kind"] in ("name", "number", "sentence")
    # "State" / "state": written in lower case, the name is a case change, not an erasure.
    assert [change["kind"] for change in doc["name_changes"]] == ["name-case"]
    assert doc["summary"]["variants"] == 2
    assert doc["summary"]["by_class"] == {"case": 1, "substitution": 1}
    assert doc["summary"]["pairs"] == [{"witnesses": ["first", "second"], "variants": 2,
                                        "by_class": {"case": 1, "substitution": 1},
                                        "accidental": 1, "substantive": 1}]


def test_output_file_and_base(write: Write, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", "a big dog"), write("b.txt", "a dog")
    target = tmp_path / "out.json"
    code, out, _ = run(["collate", str(a), str(b), "--base", "b", "--format", "json",
                        "-o", str(target)], capsys)
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["variants"][0]["class"] == "addition"


def test_ignore_hides_classes_in_text_but_not_in_json(write: Write,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", "The State fell."), write("b.txt", "The state rose.")
    _, out, _ = run(["collate", str(a), str(b), "--ignore", "case"], capsys)
    assert "[State]" not in out and "hidden by --ignore: 1" in out
    _, out, _ = run(["collate", str(a), str(b), "--ignore", "case", "--format", "json"], capsys)
    assert [v["class"] for v in json.loads(out)["variants"]] == ["case", "substitution"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\t ", "holds only white space"),
        (b"text\x00with a NUL", "looks binary (NUL byte at offset 4)"),
    ],
)
def test_bad_files_are_one_line_errors_naming_the_file(
        write: Write, capsys: pytest.CaptureFixture[str], content: bytes, message: str) -> None:
    good = write("good.txt", "some text")
    bad = write("bad.txt", content)
    code, out, err = run(["collate", str(good), str(bad)], capsys)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and str(bad) in err and message in err
    assert "Traceback" not in err


def test_encoding_can_be_given(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    latin = write("latin1.txt", "Abbé Sieyès".encode("latin-1"))
    good = write("utf8.txt", "Abbé Sieyes".encode("latin-1"))  # --encoding applies to all
    code, out, _ = run(["collate", str(latin), str(good), "--encoding", "latin-1",
                        "--format", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["witnesses"][0]["encoding"] == "iso8859-1"
    assert doc["witnesses"][0]["encoding_reason"] == "given with --encoding"
    assert [v["readings"]["latin1"]["text"] for v in doc["variants"]] == ["Sieyès"]
    code, _, err = run(["collate", str(latin), str(good), "--encoding", "klingon"], capsys)
    assert code == 1 and "unknown encoding 'klingon'" in err


def test_missing_file_folder_and_single_witness(write: Write, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    good = write("good.txt", "text")
    code, _, err = run(["collate", str(good), str(tmp_path / "nope.txt")], capsys)
    assert code == 1 and "nope.txt: no such file" in err
    code, _, err = run(["collate", str(good), str(tmp_path)], capsys)
    assert code == 1 and "is a folder, not a file" in err
    code, _, err = run(["collate", str(good)], capsys)  # one source: its repeats, if any
    assert code == 1 and "good.txt: no passage of at least 40 words is repeated in it" in err
    code, _, err = run(["collate"], capsys)
    assert code == 1 and "got 0" in err


def test_duplicate_ids_and_unknown_base(write: Write, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    a = write("a.txt", "one")
    b = write("x/a.txt", "two")
    code, _, err = run(["collate", str(a), str(a)], capsys)  # one file twice: no path helps
    assert code == 1 and "two witnesses have the id 'a'" in err and "LABEL=PATH" in err
    code, _, err = run(["collate", f"a={a}", str(b)], capsys)  # a label takes the stem
    assert code == 1 and "two witnesses have the id 'a'" in err
    code, _, err = run(["collate", str(a), f"B={b}", "--base", "Z"], capsys)
    assert code == 1 and "--base 'Z' is not a witness id" in err


def test_usage_errors_exit_2(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.txt", "one")
    code, _, err = run(["collate", str(a), str(a), "--format", "docx"], capsys)
    assert code == 2 and "Invalid value for '--format'" in err
    code, _, err = run(["collate", str(a), str(a), "--ignore", "bogus"], capsys)
    assert code == 2 and "unknown class bogus" in err
    code, _, err = run(["collate", str(a), f"B={a}", "--normalize", "accents"], capsys)
    assert code == 2 and "unknown normalization layer accents" in err


def test_unwritable_output_is_a_clear_error(write: Write, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", "one"), write("b.txt", "two")
    code, _, err = run(["collate", str(a), str(b), "-o", str(tmp_path / "no" / "r.json")], capsys)
    assert code == 1 and "cannot write" in err


def test_help_has_an_example(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["collate", "--help"])
    assert result.exit_code == 0
    assert "variorum collate 1938.txt 1953.txt" in result.output


def test_console_script_runs_as_a_process(write: Write) -> None:
    a, b = write("a.txt", "a b c"), write("b.txt", "a x c")
    done = subprocess.run([sys.executable, "-m", "variorum", "collate", str(a), str(b),
                           "--format", "json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["summary"]["variants"] == 1
    done = subprocess.run([sys.executable, "-m", "variorum", "collate", str(a)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and done.stderr.startswith("variorum: error:")


def test_no_color_when_asked(write: Write, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", "a b c"), write("b.txt", "a x c")
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(["collate", str(a), str(b)], capsys)
    assert "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(["collate", str(a), str(b)], capsys)
    assert "\x1b[" not in out


def test_a_huge_binary_file_fails_before_it_is_read(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import tracemalloc

    huge = tmp_path / "huge.bin"
    with huge.open("wb") as handle:
        handle.truncate(1 << 30)  # 1 GiB of NUL bytes, sparse on disk
    good = tmp_path / "good.txt"
    good.write_text("text", encoding="utf-8")
    tracemalloc.start()
    try:
        code, _, err = run(["collate", str(good), str(huge), "--max-bytes", str(2 << 30)],
                           capsys)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 1 and "looks binary (NUL byte at offset 0)" in err
    assert peak < 32 << 20  # the gigabyte was never read


def test_sources_over_the_size_limit_are_refused(write: Write,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    big = write("big.txt", "word " * 1000)
    code, _, err = run(["collate", str(big), str(big), "--max-bytes", "1000"], capsys)
    assert code == 1 and "is 5,000 bytes, over the limit of 1,000" in err
    assert "--max-bytes" in err


def test_large_text_file_is_read_whole_and_exactly(tmp_path: Path) -> None:
    from variorum.ingest import read_source

    text = "Ünïcode text, line after line.\n" * 20_000  # > 64 KiB, multi-byte characters
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    (witness,) = read_source(str(path))
    assert witness.text == text
    import hashlib

    assert witness.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_unreadable_file_is_one_line(write: Write, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    # Tests run as root here, where chmod cannot make a file unreadable: simulate the refusal.
    locked = write("locked.txt", "secret")
    real_open = os.open

    def refuse(path: str, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    code, _, err = run(["collate", str(locked), f"B={locked}"], capsys)
    assert code == 1 and "locked.txt: cannot be read: Permission denied" in err


def test_collating_two_sources_never_imports_the_finder(tmp_path: Path) -> None:
    """Start-up (issue 14 H): the finder's numba kernels cost a third of a second to import."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"The mill by the river, edition {name}.\n")
    script = (
        "import sys\n"
        "from variorum.cli import main\n"
        "try:\n"
        f"    main(['collate', {str(tmp_path / 'a.txt')!r}, {str(tmp_path / 'b.txt')!r},"
        f" '-o', {str(tmp_path / 'out.txt')!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numba', 'dask', 'lxml')"
        " or m.startswith('variorum.find')))\n")
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True)
    assert found.stdout.strip() == "[]"
    assert (tmp_path / "out.txt").read_text().startswith("variorum collate: 2 witnesses")


def test_files_with_the_same_name_get_the_shortest_distinguishing_path(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for year, day in (("2019", "Monday"), ("2020", "Tuesday")):
        (tmp_path / "site" / year).mkdir(parents=True)
        (tmp_path / "site" / year / "index.html").write_text(f"<p>The council met on {day}.</p>")
    (tmp_path / "about.txt").write_text("The council met on Friday.")
    paths = [str(tmp_path / "site" / year / "index.html") for year in ("2019", "2020")]
    code, out, err = run(["collate", *paths, str(tmp_path / "about.txt"), "--format", "json"],
                         capsys)
    assert code == 0, err
    assert [w["id"] for w in json.loads(out)["witnesses"]] == ["2019/index", "2020/index",
                                                               "about"]
    assert err.count("told apart by their paths: 2019/index, 2020/index") == 1
    code, out, err = run(["collate", f"early={paths[0]}", paths[1], "--format", "json"], capsys)
    assert [w["id"] for w in json.loads(out)["witnesses"]] == ["early", "index"]
    assert "told apart" not in err


def test_distinct_ids_fall_back_to_the_file_name_and_keep_a_repeated_file() -> None:
    from variorum.ingest import distinct_ids

    assert distinct_ids(["a/index.html", "a/index.htm"]) == ["index.html", "index.htm"]
    assert distinct_ids(["x/a.txt", "x/a.txt"]) == ["a", "a"]
    assert distinct_ids(["one/deep/a.txt", "two/deep/a.txt"]) == ["one/deep/a", "two/deep/a"]
