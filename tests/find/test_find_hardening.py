"""`variorum find` under hostile conditions (the Hardening issue): Dask giving up on a task or
losing its scheduler, a work folder that is missing or fills up, SIGTERM and SIGINT
mid-run, the same file given twice, hostile file names and contents, FIFOs in a folder.

Every hostile file is made here, in tmp_path.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.find.test_find import PASSAGE, prose
from variorum.cli import main
from variorum.errors import RunError, VariorumError
from variorum.find import Progress, find, list_sources
from variorum.find import index as index_module
from variorum.find.pipeline import _Job, _run, gather_sources
from variorum.find.runner import DaskRunner, signals_held

PROJECT = Path(__file__).resolve().parents[2]


def _corpus(folder: Path) -> Path:
    """Two files sharing a passage."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "one.txt").write_text(prose(50, 100) + "\n\n" + PASSAGE, encoding="utf-8")
    (folder / "two.txt").write_text(PASSAGE + "\n\n" + prose(51, 100), encoding="utf-8")
    return folder


def _error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line]


# --- the work folder: missing, full ---------------------------------------------------------

def test_a_missing_work_dir_is_one_line_before_any_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert main(["find", str(_corpus(tmp_path / "c")), "--work-dir", str(missing)]) == 1
    assert _error_lines(capsys.readouterr().err) == [
        f"variorum: error: --work-dir {missing}: no such folder (create it, or leave "
        "--work-dir out to use the system's)"]
    with pytest.raises(RunError, match="no such folder"):
        find([str(tmp_path / "c" / "one.txt")], work_dir=str(missing))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_work_folder_is_one_line_and_the_folder_is_removed(
        code: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    save = index_module.save_array
    written: list[Path] = []

    def fill_up(path: Path, array: Any) -> None:
        if path.name.startswith("s"):  # the shingles, after the words and texts
            raise OSError(code, os.strerror(code))
        save(path, array)
        written.append(path)

    monkeypatch.setattr(index_module, "save_array", fill_up)
    work = tmp_path / "work"
    work.mkdir()
    corpus = _corpus(tmp_path / "c")
    assert main(["find", str(corpus), "--work-dir", str(work)]) == 1
    (line,) = _error_lines(capsys.readouterr().err)
    name = errno.errorcode[code]
    assert line.startswith(f"variorum: error: the work folder {work} is full ({name}: ")
    assert "after writing " in line and "MB" in line
    assert "give --work-dir a folder with about 3.4x the corpus size free" in line
    assert written and list(work.iterdir()) == []


def test_a_real_disk_full_write_has_its_errno(tmp_path: Path) -> None:
    """numpy's own writing reports a short write with no errno; the work files' writer
    keeps the system's error (a device that is always full stands for a full disk)."""
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    from variorum.find.textstore import save_array

    with pytest.raises(OSError) as caught:
        save_array(Path("/dev/full"), np.zeros(1 << 20))
    assert caught.value.errno == errno.ENOSPC
    save_array(tmp_path / "a.npy", np.arange(5))  # and an ordinary write is np.save's file
    np.save(tmp_path / "b.npy", np.arange(5))
    assert (tmp_path / "a.npy").read_bytes() == (tmp_path / "b.npy").read_bytes()


def test_a_work_folder_removed_mid_run_is_one_line(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    save = index_module.save_array

    def vanish(path: Path, array: Any) -> None:
        if path.name.startswith("s"):
            for file in path.parent.iterdir():
                file.unlink()
            path.parent.rmdir()
        save(path, array)

    monkeypatch.setattr(index_module, "save_array", vanish)
    with pytest.raises(RunError, match="was removed while find ran"):
        find([str(_corpus(tmp_path / "c") / "one.txt")], work_dir=str(tmp_path))


# --- Dask: a worker that keeps dying, an error sent back, a scheduler lost ------------------

def _die(task: int) -> int:
    os._exit(1)


def _fill(task: int) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture(scope="module")
def fragile_cluster() -> Iterator[DaskRunner]:
    """One local worker, and a scheduler that gives a task up at its first worker's death."""
    import dask

    # Imported first: it adds its defaults to dask's configuration, which leaving the
    # config.set block would otherwise take away again (for the tests after this one).
    pytest.importorskip("distributed")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            DaskRunner(workers=1, quiet=True) as runner:
        yield runner


def test_a_full_work_folder_on_a_worker_is_one_line(fragile_cluster: DaskRunner,
                                                    tmp_path: Path) -> None:
    job = _Job(fragile_cluster, Progress(), str(tmp_path), str(tmp_path), 10**8)
    with pytest.raises(RunError) as caught:
        _run(job, _fill, [1, 2], "reading")
    assert caught.value.one_line().startswith(f"the work folder {tmp_path} is full (ENOSPC")
    assert "340 MB for these 100 MB" in caught.value.one_line()


def test_killed_worker_is_one_line(fragile_cluster: DaskRunner) -> None:
    with pytest.raises(VariorumError) as caught:
        list(fragile_cluster.map(_die, [1]))
    assert isinstance(caught.value, RunError)
    assert caught.value.one_line() == (
        "a Dask worker died once on the same task (KilledWorker: _die task 1 of 1); a worker "
        "dies most often of running out of memory (try --workers 1 or more memory per "
        "worker)")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_a_scheduler_lost_mid_run_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    port = _free_port()
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--no-dashboard"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:  # until it listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the scheduler did not start"
                time.sleep(0.2)
        # No worker: the tasks wait, until the scheduler is killed under them.
        with DaskRunner(address=f"tcp://127.0.0.1:{port}", quiet=True) as runner:
            threading.Timer(1.0, scheduler.kill).start()
            with pytest.raises(RunError) as caught:
                list(runner.map(_sleep, [0.1, 0.1]))
        assert caught.value.one_line().startswith(
            "lost the connection to the Dask scheduler mid-run")
        assert "run find again" in caught.value.one_line()
    finally:
        scheduler.kill()
        scheduler.wait(timeout=30)


# --- SIGTERM and SIGINT mid-run --------------------------------------------------------------

def _big_corpus(folder: Path, megabytes: int = 30) -> Path:
    """Files of random words, enough for a run of several seconds."""
    folder.mkdir()
    rng = np.random.default_rng(7)
    vocabulary = np.array([f"w{i}x" for i in range(4000)])
    for number in range(megabytes * 10):
        words = vocabulary[rng.integers(0, len(vocabulary), size=16_000)]
        (folder / f"d{number:04d}.txt").write_text(" ".join(words), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _big_corpus(tmp_path_factory.mktemp("big") / "corpus")


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt(corpus: Path, work: Path, number: int, *options: str
               ) -> tuple[int, str, Path]:
    """Run find, send the signal once its work folder exists, and give back the exit
    status, stderr and the report's path."""
    work.mkdir()
    report = work.parent / "report.json"
    child = subprocess.Popen(
        [sys.executable, "-m", "variorum", "find", str(corpus), "--work-dir", str(work),
         "--format", "json", "-o", str(report), *options],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=PROJECT,
        # A test run started in the background by a non-interactive shell ignores SIGINT,
        # and so would the child (an ignored signal is inherited): give it the default.
        preexec_fn=_default_sigint)
    try:
        deadline = time.monotonic() + 120
        while not any(p.name.startswith("variorum-find-") for p in work.iterdir()):
            assert child.poll() is None, child.communicate()[1]
            assert time.monotonic() < deadline, "no work folder appeared"
            time.sleep(0.02)
        time.sleep(0.3)  # into the scan
        child.send_signal(number)
        _, err = child.communicate(timeout=60)  # it must not hang
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode, err, report


@pytest.mark.parametrize(("number", "status", "line"), [
    (signal.SIGTERM, 143, "variorum: terminated"),
    (signal.SIGINT, 130, "variorum: interrupted")])
def test_a_signal_mid_run_removes_the_work_folder(
        number: int, status: int, line: str, big_corpus: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    code, err, report = _interrupt(big_corpus, work, number)
    assert (code, _error_lines(err)) == (status, [line])
    assert list(work.iterdir()) == [] and not report.exists()


@pytest.mark.parametrize(("number", "status", "line"), [
    (signal.SIGTERM, 143, "variorum: terminated"),
    (signal.SIGINT, 130, "variorum: interrupted")])
def test_a_signal_swallowed_where_it_lands_still_ends_the_run(
        number: int, status: int, line: str, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The signal's exception raised inside a ``__del__`` (as inside numba's ctypes
    callbacks) is swallowed by Python: the run must end all the same, with no report."""
    class Finalized:
        def __del__(self) -> None:
            signal.raise_signal(number)  # its handler runs here, inside __del__

    save = index_module.save_array
    swallowed: list[int] = []

    def save_and_signal(path: Path, array: Any) -> None:
        save(path, array)
        if not swallowed:
            swallowed.append(1)
            Finalized()  # dropped at once: __del__ runs, its exception is "ignored"

    monkeypatch.setattr(index_module, "save_array", save_and_signal)
    work = tmp_path / "work"
    work.mkdir()
    report = tmp_path / "report.json"
    code = main(["find", str(_corpus(tmp_path / "c")), "--work-dir", str(work),
                 "--format", "json", "-o", str(report)])
    assert swallowed
    assert (code, _error_lines(capsys.readouterr().err)) == (status, [line])
    assert list(work.iterdir()) == [] and not report.exists()


def test_sigterm_on_a_local_dask_cluster_removes_the_work_folder(big_corpus: Path,
                                                                 tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    work = tmp_path / "work"
    code, err, _ = _interrupt(big_corpus, work, signal.SIGTERM, "--workers", "2")
    assert code == 143
    assert _error_lines(err)[-1] == "variorum: terminated", err
    assert not [line for line in _error_lines(err) if "Traceback" in line]
    assert list(work.iterdir()) == []


def test_keep_work_keeps_the_folder_and_says_where(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "work"
    work.mkdir()
    assert main(["find", str(_corpus(tmp_path / "c")), "--work-dir", str(work),
                 "--keep-work"]) == 0
    (kept,) = work.iterdir()
    assert _error_lines(capsys.readouterr().err) == [
        f"variorum: note: the work folder is kept: {kept}"]
    # Every stage's files are kept, for a look at them.
    assert {"s0.npy", "a0.npy", "b0-words.npy", "b0-text.bin"} <= {p.name for p in
                                                                 kept.iterdir()}


def test_a_signal_waits_for_the_work_folder_removal() -> None:
    """A second Ctrl-C while the work folder is removed takes effect once it is done."""
    class Stop(BaseException):
        pass

    def stop(number: int, frame: object) -> None:
        raise Stop

    previous = signal.signal(signal.SIGTERM, stop)
    done = []
    try:
        with pytest.raises(Stop), signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            done.append("removed")
        assert done == ["removed"]
        assert signal.getsignal(signal.SIGTERM) is stop
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_signals_held_are_delivered_once() -> None:
    """Several signals held: the first is delivered when the block ends, the others not
    (the run is ending already; a second delivery would interrupt its cleanup)."""
    calls: list[int] = []

    def record(number: int, frame: object) -> None:  # a handler that lets the run go on
        calls.append(number)

    previous = {kind: signal.signal(kind, record) for kind in (signal.SIGTERM, signal.SIGINT)}
    try:
        with signals_held():
            for kind in (signal.SIGTERM, signal.SIGINT, signal.SIGTERM):
                os.kill(os.getpid(), kind)
                time.sleep(0.02)
            assert calls == []
        assert calls == [signal.SIGTERM]
    finally:
        for kind, handler in previous.items():
            signal.signal(kind, handler)


# --- the same file given twice ---------------------------------------------------------------

def test_a_file_given_twice_is_read_once(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path / "c")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "three.txt").write_text(prose(52, 80), encoding="utf-8")
    (tmp_path / "link").symlink_to(corpus)
    one = str(corpus / "one.txt")
    given = [one, str(corpus), f"{corpus}/", str(corpus / "sub"), one,
             str(tmp_path / "link"), os.path.relpath(one)]
    assert list_sources(given) == [one, str(corpus / "two.txt"),
                                   str(corpus / "sub" / "three.txt")]
    assert gather_sources(given).repeated == 3
    assert gather_sources([str(corpus), str(corpus / "two.txt")]).repeated == 1
    assert main(["find", *given, "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["sources"] == 3
    assert _error_lines(captured.err) == [
        "variorum: note: 3 files were given more than once (the same path, or inside a "
        "folder also given) and read once"]
    (group,) = json.loads(captured.out)["groups"]  # not a copy of itself
    assert {p["source"] for p in group["passages"]} == {one, str(corpus / "two.txt")}


def test_a_folder_twice_is_no_empty_folder(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c")
    assert gather_sources([str(corpus), str(corpus)]).repeated == 2


# --- hostile names and contents --------------------------------------------------------------

HOSTILE = "evil\x1b]0;owned\x07\x1b[2J\u202etxt.exe\nvariorum: error: forged"


def test_file_names_and_excerpts_are_escaped_in_the_text_report(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    first, rest = PASSAGE.split(" ", 1)  # controls inside the passage's first words
    (folder / f"{HOSTILE}.txt").write_text(
        f"{first} \x1b\u202e\x07 {rest}\n\n{prose(53, 100)}", encoding="utf-8")
    (folder / "two.txt").write_text(prose(54, 100) + "\n\n" + PASSAGE, encoding="utf-8")
    (folder / f"{HOSTILE}-empty.txt").write_bytes(b"")
    assert main(["find", str(folder)]) == 0
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert not {"\x1b", "\x07", "\u202e"} & set(stream)
    assert "evil\\x1b]0;owned\\x07\\x1b[2J\\u202etxt.exe\\nvariorum: error: forged.txt" in (
        captured.out)
    assert f"{first} \\x1b\\u202e\\x07 " in captured.out  # in the excerpt
    assert not any(line.startswith("variorum: error") for line in captured.out.splitlines())
    (skipped, _) = _error_lines(captured.err)
    assert skipped.startswith("variorum: skipped: ") and "\\x1b]0;owned" in skipped
    # JSON keeps the names as they are (json escapes the controls itself).
    assert main(["find", str(folder), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    sources = {p["source"] for p in document["groups"][0]["passages"]}
    assert str(folder / f"{HOSTILE}.txt") in sources


def test_a_fifo_in_a_folder_is_skipped_without_hanging(tmp_path: Path) -> None:
    folder = _corpus(tmp_path / "c")
    os.mkfifo(folder / "pipe")  # nobody ever writes to it
    child = subprocess.run(
        [sys.executable, "-m", "variorum", "find", str(folder)], capture_output=True,
        text=True, timeout=120, cwd=PROJECT)
    assert child.returncode == 0, child.stderr
    assert _error_lines(child.stderr) == [
        f"variorum: skipped: {folder / 'pipe'}: is a named pipe (FIFO), not a regular file "
        "(variorum reads only regular files; save the data to a file first)",
        "variorum: skipped 1 unreadable source of 3"]
    assert child.stdout.startswith("1 group of passages found in 2 documents")
