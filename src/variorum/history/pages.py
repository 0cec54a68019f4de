"""The histories of every page of one MediaWiki export, each built by a task on a Runner
(:mod:`variorum.find.runner`: in process, or on Dask with ``--workers`` / ``--scheduler``).

The export is read once, here, one page at a time: each page's picked revisions are written
to the work folder as a small JSON file, and a task (:func:`run_page`) turns their wikitext
into text, builds the page's history and writes its report beside the others in the output
folder. Tasks talk only through files, so on a cluster the work folder and the output folder
must be seen by every worker at the same path.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from .mediawiki import Revision, check_spec, iter_pages, pick_revisions

__all__ = ["PageTask", "histories_of_pages", "run_page"]

EXTENSIONS = {"text": "txt", "json": "json", "csv": "csv", "html": "html"}


@dataclass(frozen=True)
class PageTask:
    number: int
    title: str
    export: str  # the export's path, named in each edition's source
    revisions: str  # the JSON file of the page's picked revisions
    output: str  # the report's file
    format: str
    people: bool = False
    bom: bool = False


def _file_name(number: int, title: str, extension: str) -> str:
    """``0001-Title.ext``: the page's number keeps two titles that differ only in what a
    file name cannot hold apart."""
    safe = re.sub(r"[^\w.-]+", "_", title, flags=re.UNICODE).strip("._")[:80] or "page"
    return f"{number:04d}-{safe}.{extension}"


def run_page(task: PageTask) -> dict[str, Any]:
    """Build one page's history and write its report; return what the listing says of it."""
    from ..reports import ReportOptions, render
    from . import build_history
    from .mediawiki import revision_witnesses

    with open(task.revisions, encoding="utf-8") as handle:
        revisions = [Revision(**r) for r in json.load(handle)]
    witnesses, meta = revision_witnesses(task.export, revisions)
    history = build_history(witnesses, revisions=meta, people=task.people)
    if task.format == "json":
        from ..reports.history import history_document

        document = {**history_document(history), "page": task.title}
        report = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    else:
        report = render(history, task.format, ReportOptions(bom=task.bom))
    temporary = Path(task.output + ".part")
    temporary.write_text(report, encoding="utf-8", newline="")
    os.replace(temporary, task.output)
    summaries = [e.summary for e in history.editions]
    return {"number": task.number, "title": task.title, "output": task.output,
            "editions": len(history.editions),
            "words": summaries[-1].words,
            "words_added": sum(s.words_added for s in summaries),
            "words_removed": sum(s.words_removed for s in summaries),
            "words_reintroduced": sum(s.words_reintroduced for s in summaries)}


def _tasks(export: str, spec: str, work: Path, out_dir: Path, format_: str, people: bool,
           bom: bool, skipped: list[str]) -> Iterator[PageTask]:
    for number, (title, revisions) in enumerate(iter_pages(export), start=1):
        assert revisions is not None
        picked = pick_revisions(revisions, spec)
        if not picked:
            skipped.append(f"{title}: --revisions {spec} picks none of its "
                           f"{len(revisions)} revisions")
            continue
        path = work / f"{number:07d}.json"
        path.write_text(json.dumps([asdict(r) for r in picked], ensure_ascii=False),
                        encoding="utf-8")
        yield PageTask(number, title, export, str(path),
                       str(out_dir / _file_name(number, title, EXTENSIONS[format_])),
                       format_, people, bom)


def histories_of_pages(export: str, out_dir: str | Path, *, work_dir: str | Path,
                       spec: str = "all", format_: str = "json", people: bool = False,
                       bom: bool = False, runner: Any = None,
                       progress: Callable[[int, int], None] | None = None
                       ) -> tuple[list[dict[str, Any]], list[str]]:
    """Every page's history of ``export``, one report file per page in ``out_dir``; the
    listing of the pages (in the export's order) and the pages skipped, with why."""
    from ..find.runner import InProcessRunner

    check_spec(spec)
    if format_ not in EXTENSIONS:
        raise InputError(f"unknown format {format_!r} for the pages of an export")
    runner = runner or InProcessRunner()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(work_dir)
    work.mkdir(parents=True, exist_ok=True)
    skipped: list[str] = []
    tasks = list(_tasks(export, spec, work, out, format_, people, bom, skipped))
    listing: list[dict[str, Any]] = []
    if progress:
        progress(0, len(tasks))
    for result in runner.map(run_page, tasks):
        listing.append(result)
        if progress:
            progress(len(listing), len(tasks))
    listing.sort(key=lambda entry: int(entry["number"]))
    return listing, skipped
