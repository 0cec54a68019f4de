"""``variorum history EXPORT --all-pages``: every page of one MediaWiki export, each page's
history a task on the Runner, one report per page (a hand-written export of three pages)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from variorum.cli import main
from variorum.find.runner import InProcessRunner
from variorum.history import build_history
from variorum.history.mediawiki import read_export
from variorum.history.pages import histories_of_pages
from variorum.reports.history import history_document

PAGES = Path(__file__).parent / "fixtures" / "pages.xml"
TITLES = ["Harrow Bell Foundry", "Orley Canal", "Penwith Lighthouse <draft>"]


def _alone(title: str) -> dict[str, object]:
    """The page's history built on its own (``--page``), as the JSON document."""
    _, witnesses, meta = read_export(str(PAGES), page=title)
    return history_document(build_history(witnesses, revisions=meta))


def test_each_page_is_the_history_of_that_page_alone(tmp_path: Path) -> None:
    listing, skipped = histories_of_pages(str(PAGES), tmp_path / "out",
                                          work_dir=tmp_path / "work",
                                          runner=InProcessRunner())
    assert skipped == []
    assert [entry["title"] for entry in listing] == TITLES
    for entry, title in zip(listing, TITLES, strict=True):
        document = json.loads(Path(str(entry["output"])).read_text(encoding="utf-8"))
        assert document.pop("page") == title
        assert document == _alone(title)
    # The first page: a master struck out in 202 and put back in 203.
    foundry = json.loads(Path(str(listing[0]["output"])).read_text(encoding="utf-8"))
    assert [e["id"] for e in foundry["editions"]] == ["r201", "r202", "r203"]
    assert foundry["editions"][2]["summary"]["sentences_reintroduced"] == 1
    assert foundry["summary"]["fought_over"][0]["text"] == \
        "Its first master was Edith Calloway."


def test_cli_all_pages_writes_a_report_and_an_index(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "histories"
    assert main(["history", str(PAGES), "--all-pages", "--revisions", "2010..",
                 "--format", "csv", "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "2 pages of" in captured.out
    assert "skipped: Penwith Lighthouse <draft>: --revisions 2010.. picks none" in captured.err
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert index["schema"] == "variorum.history-pages/1"
    assert [p["title"] for p in index["pages"]] == TITLES[:2]
    assert sorted(p.name for p in out.iterdir()) == [
        "0001-Harrow_Bell_Foundry.csv", "0002-Orley_Canal.csv", "index.json"]
    rows = (out / "0002-Orley_Canal.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("edition,start,end,introduced_in,removed_in,text")
    assert any("It has eleven locks and a tunnel." in row and ",r302,," in row
               for row in rows)


def test_cli_all_pages_refusals(tmp_path: Path) -> None:
    assert main(["history", str(PAGES), "--all-pages"]) == 2  # no -o folder
    assert main(["history", str(PAGES), "--workers", "2", "-o", str(tmp_path)]) == 2
    assert main(["history", str(PAGES), "--all-pages", "--page", "Orley Canal",
                 "-o", str(tmp_path)]) == 2
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["history", str(PAGES), "--all-pages", "-o", str(tmp_path / "file")]) == 2


def test_one_page_of_many_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(PAGES), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["editions"][0]["id"] == "r201"
    assert "holds 3 pages" in captured.err


def test_all_pages_on_a_local_dask_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    from variorum.find.runner import DaskRunner

    with DaskRunner(workers=2, quiet=True) as runner:
        listing, _ = histories_of_pages(str(PAGES), tmp_path / "out",
                                        work_dir=tmp_path / "work", runner=runner,
                                        format_="json")
    assert [entry["title"] for entry in listing] == TITLES
    for entry, title in zip(listing, TITLES, strict=True):
        document = json.loads(Path(str(entry["output"])).read_text(encoding="utf-8"))
        document.pop("page")
        assert document == _alone(title)
