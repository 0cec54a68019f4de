"""Hostile and faulty inputs and outputs: every case a one-line error, nothing hijacked,
nothing lost, nothing left behind, nothing that hangs (hostile files made here)."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import subprocess
import sys
import threading
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from variorum import cli as cli_module
from variorum.cli import main
from variorum.errors import InputError, VariorumError
from variorum.ingest import read_source
from variorum.output import is_one_of, write_output
from variorum.terminal import visible

Write = Callable[..., Path]
TEXT_A = "The committee met on 3 May and named Anna Lind its secretary.\n"
TEXT_B = "The committee met on 4 May and named Anna Lind its chair.\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(code: int, err: str, *expected: str) -> None:
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("variorum: "), err
    assert "Traceback" not in err
    for piece in expected:
        assert piece in err, err


def run_process(args: list[str], timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own: a hang fails the test instead of the suite."""
    return subprocess.run([sys.executable, "-m", "variorum", *args], capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


# ---------- only regular files are read ----------

def test_a_fifo_is_refused_at_once(tmp_path: Path, write: Write) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    a = write("a.txt", TEXT_A)
    done = run_process(["collate", str(fifo), str(a)], timeout=30)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"variorum: error: {fifo}: is a named pipe (FIFO), not a "
                                   "regular file (variorum reads only regular files; save "
                                   "the data to a file first)")


def test_a_device_is_refused(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.txt", TEXT_A)
    code, _, err = run(["collate", "/dev/zero", str(a)], capsys)
    one_line(code, err, "/dev/zero: is a character device, not a regular file")


def test_collatex_input_that_is_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "witnesses.json"
    os.mkfifo(fifo)
    done = run_process(["collate", "--input", str(fifo)], timeout=30)
    assert done.returncode == 1 and "is a named pipe (FIFO)" in done.stderr


def test_symbolic_links_in_a_loop_and_broken(tmp_path: Path, write: Write,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.txt", TEXT_A)
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    code, _, err = run(["collate", str(loop), str(a)], capsys)
    one_line(code, err, "loop.txt: symbolic links in a loop")
    broken = tmp_path / "broken.txt"
    broken.symlink_to(tmp_path / "gone.txt")
    code, _, err = run(["collate", str(broken), str(a)], capsys)
    one_line(code, err, "broken.txt: is a broken symbolic link")
    code, _, err = run(["collate", str(tmp_path / "nothing.txt"), str(a)], capsys)
    one_line(code, err, "nothing.txt: no such file")


def test_a_folder_is_refused_with_a_hint(tmp_path: Path, write: Write,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.txt", TEXT_A)
    code, _, err = run(["collate", str(tmp_path), str(a)], capsys)
    one_line(code, err, "is a folder, not a file", "/*.txt")


# ---------- outputs: atomic, never onto an input, nothing left behind ----------

def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".partial"))


def test_output_is_written_whole_with_the_umask(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    mask = os.umask(0o027)
    try:
        write_output("first\n", str(target))
    finally:
        os.umask(mask)
    assert target.read_text() == "first\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    target.chmod(0o604)
    write_output("second\n", str(target))  # replacing keeps the file's permissions
    assert target.read_text() == "second\n" and stat.S_IMODE(target.stat().st_mode) == 0o604
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_device_is_written_not_replaced(tmp_path: Path) -> None:
    # -o /dev/null once replaced the device with a plain file; a FIFO stands in for it.
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    write_output("through the pipe\n", str(pipe))
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert leftovers(tmp_path) == []


def test_a_planted_partial_file_or_link_is_never_used(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (tmp_path / "notes.txt.partial").symlink_to(victim)
    (tmp_path / ".notes.txt.partial").write_text("someone else's")
    write_output("report", str(tmp_path / "notes.txt"))
    assert victim.read_text() == "precious"
    assert (tmp_path / ".notes.txt.partial").read_text() == "someone else's"
    assert (tmp_path / "notes.txt").read_text() == "report"


def test_two_writers_of_one_target_never_share_a_temporary(tmp_path: Path) -> None:
    target = tmp_path / "same.json"
    documents = [f"{n}" * 200_000 for n in range(8)]
    errors: list[BaseException] = []

    def writer(document: str) -> None:
        try:
            write_output(document, str(target))
        except BaseException as error:  # pragma: no cover - the failure being tested
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_text() in documents  # one whole report, never a mixture
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("failure", [
    OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt(),
    cli_module.Terminated()])
def test_a_failed_or_interrupted_write_leaves_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException) -> None:
    target = tmp_path / "out.txt"
    target.write_text("the old report")

    def fail(descriptor: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(failure) if not isinstance(failure, OSError) else VariorumError
                       ) as raised:
        write_output("the new report", str(target))
    if isinstance(failure, OSError):
        assert "out.txt: cannot write: No space left on device" in raised.value.one_line()
    assert target.read_text() == "the old report"
    assert leftovers(tmp_path) == []


def test_output_onto_a_folder(tmp_path: Path, write: Write,
                              capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", TEXT_A), write("b.txt", TEXT_B)
    folder = tmp_path / "reports"
    folder.mkdir()
    code, _, err = run(["collate", str(a), str(b), "-o", str(folder)], capsys)
    one_line(code, err, "reports: is a folder")
    assert list(folder.iterdir()) == [] and leftovers(tmp_path) == []


def test_output_into_a_missing_folder(tmp_path: Path, write: Write,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", TEXT_A), write("b.txt", TEXT_B)
    code, _, err = run(["collate", str(a), str(b), "-o", str(tmp_path / "no" / "r.txt")],
                       capsys)
    one_line(code, err, "r.txt: cannot write: No such file or directory")


@pytest.mark.parametrize("how", ["same", "label", "symlink", "hardlink"])
def test_output_onto_an_input_is_refused(tmp_path: Path, write: Write, how: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", TEXT_A), write("b.txt", TEXT_B)
    target = a
    if how == "symlink":
        target = tmp_path / "link.txt"
        target.symlink_to(a)
    elif how == "hardlink":
        target = tmp_path / "hard.txt"
        os.link(a, target)
    source = f"A={a}" if how == "label" else str(a)
    code, _, err = main(["collate", source, str(b), "-o", str(target)]), *capsys.readouterr()
    assert code == 2 and "is one of the inputs" in err and "Traceback" not in err
    assert a.read_text() == TEXT_A
    code, _, err = main(["repair", source, "-o", str(target)]), *capsys.readouterr()
    assert code == 2 and "is one of the inputs" in err
    assert a.read_text() == TEXT_A


def test_output_inside_an_input_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(TEXT_A)
    assert is_one_of(str(corpus / "one.txt"), [str(corpus)]) == str(corpus)
    (corpus / ".hidden.json").write_text("{}")  # not read from a folder: may be written
    assert is_one_of(str(corpus / ".hidden.json"), [str(corpus)]) is None
    assert is_one_of(str(tmp_path / "new.json"), [str(corpus)]) is None
    (tmp_path / "out.json").write_text("{}")
    assert is_one_of(str(tmp_path / "out.json"), [str(corpus)]) is None


# ---------- nothing from a source reaches the terminal raw ----------

def test_file_names_in_error_lines_are_escaped(tmp_path: Path, write: Write,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.txt", TEXT_A)
    hostile = tmp_path / "x\x1b]0;owned\x07\nvariorum: all fine\u202etxt.exe"
    hostile.write_bytes(b"")
    code, _, err = run(["collate", str(hostile), str(a)], capsys)
    one_line(code, err, "\\x1b]0;owned\\x07\\nvariorum: all fine\\u202etxt.exe: the file is "
                        "empty")
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err


def test_usage_errors_are_escaped(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a\x1b[2J.txt", TEXT_A)
    code, _, err = run(["repair", str(a), "-o", str(a)], capsys)
    assert code == 2 and "\x1b" not in err and "\\x1b[2J" in err


def test_visible_escapes_every_bidi_control() -> None:
    for code in (0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
                 0x200E, 0x200F, 0x061C):
        assert visible(f"a{chr(code)}b") == f"a\\u{code:04x}b"
    assert visible("a\ud800b") == "a\\ud800b"
    assert visible("Zinóviev — 1938") == "Zinóviev — 1938"


# ---------- bugs and missing dependencies are named, never "damaged" ----------

def test_an_unexpected_exception_is_one_bug_line(
        write: Write, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", TEXT_A), write("b.txt", TEXT_B)
    def broken(*args: object, **kwargs: object) -> None:
        raise TypeError("unsupported operand\ntype(s)")

    monkeypatch.setattr(sys.modules["variorum.collation.pipeline"], "collate", broken)
    code, _, err = run(["collate", str(a), str(b)], capsys)
    # The innermost frame of variorum's own code is named (here the command calling it).
    one_line(code, err, "variorum: internal error: TypeError: unsupported operand type(s) at "
                        "collate.py:", "this is a bug in variorum")
    monkeypatch.setenv("VARIORUM_TRACEBACK", "1")
    with pytest.raises(TypeError):
        main(["collate", str(a), str(b)])


def test_html_without_its_extractor_says_what_is_missing(
        write: Write, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    page = write("page.html", f"<html><body><p>{TEXT_A}</p></body></html>")
    a = write("a.txt", TEXT_A)
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now raises ImportError
    code, _, err = run(["collate", str(page), str(a)], capsys)
    one_line(code, err, "page.html: reading HTML needs trafilatura, which cannot be imported",
             "pip install --force-reinstall variorum")


def test_a_warc_reader_bug_is_not_reported_as_damage(
        write: Write, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ingest.test_formats_archives import DATE, warc
    from variorum.ingest.formats import warc as warc_module

    capture = write("capture.warc", warc([("https://example.org/", "200 OK", "text/html",
                                           f"<p>{TEXT_A}</p>".encode(), DATE)]))
    a = write("a.txt", TEXT_B)
    code, out, err = run(["collate", str(capture), str(a)], capsys)
    assert code == 0 and "Anna Lind" in out  # a valid capture reads

    def missing(*args: object) -> str:
        raise ModuleNotFoundError("No module named 'lxml.html.clean'")

    monkeypatch.setattr(warc_module, "html_to_text", missing)
    code, _, err = run(["collate", str(capture), str(a)], capsys)
    one_line(code, err, "internal error: ModuleNotFoundError")
    assert "damaged" not in err


def test_a_pdf_stream_bomb_is_named_as_such(write: Write,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    from tests.ingest.test_formats_archives import pdf

    document = pdf([["A page of text."]])
    bomb = zlib.compress(b" " * (90 * 1024 * 1024), 9)  # 90 MB of spaces in 90 KB
    crafted, count = re.subn(
        rb"<< /Length \d+ >>\nstream\n.*?\nendstream",
        lambda _: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
        % (len(bomb), bomb), document, flags=re.S)
    assert count == 1
    # The cross-reference offsets are now wrong; pypdf rebuilds them (strict=False).
    path = write("bomb.pdf", crafted)
    a = write("a.txt", TEXT_A)
    code, _, err = run(["collate", str(path), str(a)], capsys)
    one_line(code, err, "bomb.pdf: a compressed stream of the PDF unpacks past pypdf's limit")


# ---------- labels ----------

def test_two_witnesses_with_one_label_name_both_files(
        tmp_path: Path, write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    a, b = write("one/ed.txt", TEXT_A), write("two/ed.txt", TEXT_B)
    code, _, err = run(["collate", f"ed={a}", str(b)], capsys)  # the label takes b's stem
    one_line(code, err, "two witnesses have the id 'ed'", f"({a} and {b})", "LABEL=PATH")


def test_read_source_refuses_non_regular_files_in_python(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="named pipe"):
        read_source(str(fifo))


def test_stdout_output_is_unchanged(write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = write("a.txt", TEXT_A), write("b.txt", TEXT_B)
    code, out, err = run(["collate", str(a), str(b), "--format", "csv"], capsys)
    assert code == 0 and err == "" and out.startswith("id,")
    assert io.StringIO(out).readline().strip().startswith("id,")


def test_the_error_tree_names_what_went_wrong() -> None:
    from variorum import Witness, collate
    from variorum.errors import ReportError, UnknownWitnessError
    from variorum.reports import render

    result = collate([Witness.from_text("A", "one two"), Witness.from_text("B", "one three")])
    with pytest.raises(UnknownWitnessError, match="no witness has the id 'C'") as raised:
        result.witness("C")
    assert isinstance(raised.value, KeyError) and "A, B" in raised.value.one_line()
    with pytest.raises(ReportError, match="unknown format 'pdf'"):
        render(result, "pdf")


def test_a_source_over_the_limit_says_what_collating_it_would_take(
        write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    big = write("big.txt", "word " * 2_000)
    code, _, err = run(["collate", str(big), str(big), "--max-bytes", "1000"], capsys)
    one_line(code, err, "big.txt: is 10,000 bytes, over the limit of 1,000",
             "collating these witnesses", "of memory and", "raise the limit with --max-bytes")


def test_the_cost_named_is_that_of_all_the_sources(
        write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    from variorum.collation.budget import budget_message

    small, big = write("small.txt", "word " * 1_000), write("big.txt", "word " * 2_000)
    code, _, err = run(["collate", str(small), str(big), "--max-bytes", "8000"], capsys)
    one_line(code, err, "big.txt: is 10,000 bytes", budget_message(15_000, erasures=True))
