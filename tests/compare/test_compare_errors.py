"""``variorum compare`` refusing what it cannot do in one line, and going on past what an
archivist expects it to record: a split that finds no article, a file that cannot be
opened, a work folder that cannot be made, a report written inside an edition, a work
folder of the user's own."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from variorum.cli import main
from variorum.compare import compare_editions

from .test_compare import PASS, RIVER, write


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "internal error" not in err
    return lines[0]


@pytest.mark.parametrize(("text", "split", "said"), [
    ("foo\nbar\n", "^nomatch", "no line matches --split '^nomatch'"),
    ("a river rises in the hills.\nit runs to the sea.\n", "headwords",
     "no line opens with a headword"),
    ("", "^[A-Z]+$", "the file is empty"),
])
def test_a_split_that_finds_no_article_says_so(tmp_path: Path, text: str, split: str,
                                               said: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("d1.txt", "d2.txt"):
        (tmp_path / name).write_text(text, "utf-8")
    code = main(["compare", str(tmp_path / "d1.txt"), str(tmp_path / "d2.txt"),
                 "--split", split, "--work-dir", str(tmp_path / "work")])
    assert code == 1
    assert said in _one_line(capsys.readouterr().err)


def test_a_bad_split_pattern_is_a_usage_error(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("d1.txt", "d2.txt"):
        (tmp_path / name).write_text(f"RIVER\n{RIVER}\n", "utf-8")
    assert main(["compare", str(tmp_path / "d1.txt"), str(tmp_path / "d2.txt"),
                 "--split", "^([A-Z"]) == 2
    err = capsys.readouterr().err
    assert "--split" in err and "is not a pattern" in err and "internal error" not in err


def test_a_file_that_cannot_be_opened_is_recorded_not_fatal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "e1", {"river.txt": RIVER, "pass.txt": PASS})
    second = write(tmp_path / "e2", {"river.txt": RIVER, "pass.txt": PASS})
    os.symlink(tmp_path / "nonexistent", first / "lost.txt")  # a dangling link
    (second / "pass.txt").unlink()
    os.symlink(tmp_path / "nonexistent", second / "pass.txt")
    out = tmp_path / "c.json"
    assert main(["compare", str(first), str(second), "--format", "json", "-o", str(out),
                 "--work-dir", str(tmp_path / "work")]) == 0
    document = json.loads(out.read_text("utf-8"))
    articles = {a["key"]: a for a in document["articles"]}
    assert articles["river"]["status"] == "same"
    lost = articles["lost"]
    assert lost["status"] == "dropped" and "cannot be read" in lost["errors"]["e1"]
    kept = articles["pass"]  # one version readable, the other not: changed, with why
    assert kept["status"] == "changed" and set(kept["errors"]) == {"e2"}
    assert document["summary"]["unreadable"] == 2
    # the folder's digest tells the dangling link from a file holding nothing
    (first / "lost.txt").unlink()
    (first / "lost.txt").write_bytes(b"")
    again = compare_editions([("e1", str(first)), ("e2", str(second))],
                             work_dir=tmp_path / "work2")
    assert again.editions[0]["sha256"] != document["editions"][0]["sha256"]


@pytest.mark.parametrize("work", ["/proc/nope/work", "a-file"])
def test_a_work_folder_that_cannot_be_made_is_one_line(
        tmp_path: Path, work: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER})
    (tmp_path / "a-file").write_text("not a folder", "utf-8")
    where = work if work.startswith("/") else str(tmp_path / work / "under")
    code = main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--work-dir", where])
    assert code == 1
    assert "work folder cannot be made" in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize("format_", ["text", "json", "csv", "html"])
def test_output_inside_an_edition_is_refused(tmp_path: Path, format_: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER + " More."})
    target = first / "sub" / "report"
    code = main(["compare", str(first), str(tmp_path / "b"), "--format", format_,
                 "-o", str(target)])
    assert code == 2
    line = _one_line(capsys.readouterr().err)
    assert "stands inside the edition" in line and "-o" in line
    assert sorted(p.name for p in first.rglob("*")) == ["river.txt"]


def test_work_folder_inside_an_edition_is_refused(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER})
    assert main(["compare", str(first), str(tmp_path / "b"), "--work-dir",
                 str(first / "work")]) == 2
    assert "--work-dir" in _one_line(capsys.readouterr().err)
    assert not (first / "work").exists()


def test_a_work_folder_of_the_users_keeps_what_it_held(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    # ``--work-dir .`` beside the editions: the run removes what it wrote, nothing else
    write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER + " More."})
    write(tmp_path / "notes", {"keep.txt": "mine"})
    monkeypatch.chdir(tmp_path)
    assert main(["compare", "a", "b", "--work-dir", "."]) == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "a", "a/river.txt", "b", "b/river.txt", "notes", "notes/keep.txt"]
    # and a folder ``results`` it did not write is not replaced
    write(tmp_path / "results", {"table.txt": "mine too"})
    assert main(["compare", "a", "b", "--work-dir", "."]) == 1
    assert "did not write" in _one_line(capsys.readouterr().err)
    assert (tmp_path / "results" / "table.txt").read_text("utf-8") == "mine too\n"


def test_an_empty_folder_is_not_an_edition(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a", {"river.txt": RIVER})
    (tmp_path / "empty").mkdir()
    write(tmp_path / "hidden", {".river.txt": RIVER, "river.txt~": RIVER})
    for edition in ("empty", "hidden"):
        assert main(["compare", str(tmp_path / "a"), str(tmp_path / edition),
                     "--work-dir", str(tmp_path / "work")]) == 1
        assert "the folder holds no file" in _one_line(capsys.readouterr().err)


def test_a_run_refused_early_leaves_no_default_work_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import tempfile

    write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER})
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    assert main(["compare", f"x={tmp_path / 'a'}", f"x={tmp_path / 'b'}"]) == 1
    assert "the same label" in _one_line(capsys.readouterr().err)
    assert list((tmp_path / "tmp").iterdir()) == []


def test_an_earlier_versions_work_folder_resumes(tmp_path: Path) -> None:
    # written before the work folder had its stamp: a results folder of result files only
    first = write(tmp_path / "a", {"river.txt": RIVER})
    second = write(tmp_path / "b", {"river.txt": RIVER + " More."})
    work = tmp_path / "work"
    (work / "results").mkdir(parents=True)
    (work / "results" / "0000000.json").write_text("{}", "utf-8")  # not this run's: redone
    result = compare_editions([("a", str(first)), ("b", str(second))], work_dir=work,
                              resume=True)
    assert [a["status"] for a in result.articles] == ["changed"]


@pytest.mark.parametrize("format_", ["json", "html"])
def test_output_in_a_missing_folder_is_refused_before_the_work(
        tmp_path: Path, format_: str, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "a", {"river.txt": RIVER})
    write(tmp_path / "b", {"river.txt": RIVER})
    work = tmp_path / "work"
    assert main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--format", format_,
                 "-o", str(tmp_path / "missing" / "out"), "--work-dir", str(work)]) == 2
    assert "does not exist" in _one_line(capsys.readouterr().err)
    assert not work.exists()  # refused before any work


def test_an_empty_split_pattern_is_refused(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("d1.txt", "d2.txt"):
        (tmp_path / name).write_text(f"RIVER\n{RIVER}\n", "utf-8")
    assert main(["compare", str(tmp_path / "d1.txt"), str(tmp_path / "d2.txt"),
                 "--split", ""]) == 2
    assert "empty pattern" in capsys.readouterr().err
