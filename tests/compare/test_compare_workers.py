"""``variorum compare --workers 2``: the collations run on a local Dask cluster of two
processes, and the report is the one the run in this process gives (byte for byte), a file
that cannot be opened recorded as in process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.compare.test_compare import editions  # noqa: F401  (a fixture)
from variorum.cli import main


def test_two_workers_give_the_in_process_report(
        editions: tuple[Path, Path], tmp_path: Path) -> None:  # noqa: F811
    pytest.importorskip("distributed")
    first, second = editions
    os.symlink(tmp_path / "nowhere", second / "lost.txt")  # a dangling link
    reports = {}
    for name, extra in (("here", []), ("workers", ["--workers", "2"])):
        out = tmp_path / f"{name}.csv"
        work = tmp_path / f"work-{name}"
        assert main(["compare", f"1949={first}", f"1953={second}", "--format", "csv",
                     "-o", str(out), "--work-dir", str(work), *extra]) == 0
        assert not work.exists()  # removed after the run, as in process
        reports[name] = out.read_text("utf-8")
    assert reports["workers"] == reports["here"]
    assert ",merged," in reports["here"] and ",split," in reports["here"]
    lost = next(line for line in reports["here"].splitlines() if line.startswith("lost,"))
    assert "1953 could not be read" in lost
