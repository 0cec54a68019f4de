"""The comparison's entries are spooled to the work folder and the reports written from it
a piece at a time: the pieces make the same documents as the whole reports made in memory,
and a run interrupted while it spools resumes to the same bytes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tests.compare.test_compare import editions  # noqa: F401  (a fixture)
from variorum.cli import main
from variorum.compare import STATUSES, Articles, Comparison, compare_editions
from variorum.compare import pipeline as compare_pipeline
from variorum.compare import tasks as compare_tasks
from variorum.reports import ReportOptions
from variorum.reports.comparison import iter_csv, iter_json, write_csv
from variorum.reports.comparison_html import INDEX, index_data, iter_index
from variorum.reports.html import _asset, _plain, content_security_policy, script_json


def _compared(folders: tuple[Path, Path], work: Path, **options: Any) -> Comparison:
    first, second = folders
    return compare_editions([("1949", str(first)), ("1953", str(second))], work_dir=work,
                            **options)


def test_the_spool_reads_as_the_list_of_entries(editions: tuple[Path, Path],  # noqa: F811
                                                tmp_path: Path) -> None:
    result = _compared(editions, tmp_path / "work")
    assert isinstance(result.articles, Articles)
    assert result.articles.path.parent == tmp_path / "work"
    entries = list(result.articles)
    assert len(entries) == len(result.articles) == result.summary["articles"] == 9
    # in the order of the statuses, each read alone as in a pass
    ranks = [STATUSES.index(a["status"]) for a in entries]
    assert ranks == sorted(ranks) and len(set(ranks)) == 7
    assert [result.articles[i] for i in range(len(entries))] == entries
    assert result.articles[-1] == entries[-1] and result.articles[2:5] == entries[2:5]
    assert result.articles == entries and result.articles != entries[:-1]


def test_the_running_summary_counts_the_entries(editions: tuple[Path, Path],  # noqa: F811
                                                tmp_path: Path) -> None:
    result = _compared(editions, tmp_path / "work")
    entries = list(result.articles)
    summary = result.summary
    assert summary["by_status"] == {s: n for s, n in Counter(
        a["status"] for a in entries).items()}
    assert summary["changed_words"] == sum(a["changed_words"] for a in entries)
    assert summary["erasures"] == sum(len(a["erasures"]) for a in entries)
    classes: Counter[str] = Counter()
    for article in entries:
        classes.update(article["by_class"])
    assert summary["by_class"] == dict(classes)
    # a merged or split article's file stands in two entries, and counts once
    for label in ("1949", "1953"):
        files = {a["sources"][label]: a["words"][label] for a in entries
                 if a["sources"][label] is not None}
        assert summary["words"][label] == sum(files.values())


def test_streamed_reports_are_the_whole_ones(editions: tuple[Path, Path],  # noqa: F811
                                             tmp_path: Path) -> None:
    result = _compared(editions, tmp_path / "work", html=True)
    assert result.people and any(a["erasures"] for a in result.articles)
    whole = json.dumps(result.document(), ensure_ascii=False, indent=1) + "\n"
    pieces = list(iter_json(result))
    assert len(pieces) > len(result.articles) and "".join(pieces) == whole
    empty = Comparison(result.editions, [], result.summary, [])
    assert "".join(iter_json(empty)) == json.dumps(empty.document(), ensure_ascii=False,
                                                   indent=1) + "\n"
    in_memory = Comparison(result.editions, list(result.articles), result.summary,
                           result.people)
    options = ReportOptions(bom=True)
    assert "".join(iter_csv(result, options)) == write_csv(in_memory, options)
    assert len(list(iter_csv(result, options))) > len(result.articles)  # a row a piece
    # the index page, written a row at a time, is the page made of the whole data
    links = [None if page is None else f"articles/{Path(page).name}"
             for page in result.pages]
    assert any(links)
    style, script = _asset("compare.css"), _asset("compare.js")
    from variorum import __version__

    page = INDEX.format(
        csp=content_security_policy(script, style), generator=_plain(f"variorum {__version__}"),
        title=_plain("variorum compare: 1949 → 1953"), style=style, script=script,
        data=script_json(index_data(result, links)))
    assert "".join(iter_index(result, links)) == page


def _cli(folders: tuple[Path, Path], work: Path, output: Path, *extra: str) -> int:
    first, second = folders
    return main(["compare", f"1949={first}", f"1953={second}", "--format", "json",
                 "-o", str(output), "--work-dir", str(work), *extra])


@pytest.mark.parametrize("where", ["collating", "spooling"])
def test_resume_after_an_interrupted_run_gives_the_same_bytes(
        editions: tuple[Path, Path], tmp_path: Path,  # noqa: F811
        monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    assert _cli(editions, tmp_path / "fresh", tmp_path / "fresh.json") == 0
    module, name = (compare_tasks, "_result") if where == "collating" else \
        (compare_pipeline, "_article")
    real = getattr(module, name)
    calls: list[int] = []

    def interrupted(*args: Any) -> Any:
        if len(calls) == 5:
            raise KeyboardInterrupt
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(module, name, interrupted)
    work = tmp_path / "work"
    assert _cli(editions, work, tmp_path / "out.json") == 130
    assert not (tmp_path / "out.json").exists() and (work / "results").is_dir()
    if where == "spooling":  # every collation was written, the spool is half made
        assert (work / "articles.jsonl").read_bytes().count(b"\n") == 5
    monkeypatch.setattr(module, name, real)
    assert _cli(editions, work, tmp_path / "out.json", "--resume") == 0
    assert (tmp_path / "out.json").read_bytes() == (tmp_path / "fresh.json").read_bytes()
