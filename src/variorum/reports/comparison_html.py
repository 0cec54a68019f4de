"""``variorum compare --format html -o DIR``: a folder to read a comparison in a browser.

``DIR/index.html`` lists the articles (sortable, most changed first to begin with; filtered
by status and by class; with the totals of the edition and of what is shown) and links each
article whose versions differ to its collation page, ``DIR/articles/NNNNNNN.html``: the
page of ``variorum collate --format html`` (:mod:`.html`), self-contained. Every page is
under the same Content-Security-Policy: its own script and stylesheet only, by their
hashes; nothing is loaded from outside.

The folder is written beside ``DIR`` under another name and renamed into place when whole:
a reader sees the old folder or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import __version__
from ..compare import STATUSES, Comparison
from ..errors import OutputError
from ..terminal import visible
from .html import (
    _UNSAFE_IN_SCRIPT,
    PAGE_HEAD,
    _asset,
    _escape_char,
    _plain,
    content_security_policy,
)

__all__ = ["index_data", "iter_index", "write_index", "write_site"]

INDEX = PAGE_HEAD + """<body>
<h1>{title}</h1>
<section id="totals" aria-label="totals"></section>
<div id="filters" role="search" aria-label="filters"></div>
<p id="shown" aria-live="polite"></p>
<table id="articles"></table>
<section id="people" aria-label="people"></section>
<noscript><p>This index is drawn by its own script: allow JavaScript for this file
(nothing is loaded from outside it).</p></noscript>
<script type="application/json" id="variorum-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


def _row(article: dict[str, Any], page: str | None) -> dict[str, Any]:
    return {
        "key": article["key"], "status": article["status"],
        "sources": article["sources"], "words": article["words"],
        "changed_words": article["changed_words"], "similarity": article["similarity"],
        "by_class": article["by_class"],
        "variants": ", ".join(f"{name} {n}" for name, n in article["by_class"].items()),
        "erasures": len(article["erasures"]), "people": len(article["people_changes"]),
        "reason": article["reason"], "page": page}


def _rest(comparison: Comparison) -> dict[str, Any]:
    """What the index's script draws besides the articles."""
    people = []
    for person in comparison.people:
        notes = [f"{c['kind']} {c['from']} → {c['to']}: {c['detail']}"
                 for c in person["changes"] if c["kind"] in ("erased", "fate-changed")]
        own = person.get("own_article")
        if own and own["change"]:
            notes.append(f"own article {own['key']} {own['change']} ({own['detail']})")
        if notes:
            people.append({"name": person["name"], "notes": notes})
    summary = comparison.summary
    return {"summary": summary, "people": people,
            "statuses": [s for s in STATUSES if s in summary["by_status"]],
            "classes": list(summary["by_class"])}


def index_data(comparison: Comparison, pages: Iterable[str | None]) -> dict[str, Any]:
    """What the index's script draws: one row per article (its page's relative link, or
    ``None``), the statuses and classes present, the summary, the people's findings."""
    return {"editions": [str(e["id"]) for e in comparison.editions],
            "articles": [_row(article, page) for article, page in
                         zip(comparison.articles, pages, strict=True)],
            **_rest(comparison)}


def _script_pieces(comparison: Comparison, pages: Iterable[str | None]) -> Iterator[str]:
    """``script_json(index_data(comparison, pages))`` in pieces, a row at a time."""
    def safe(value: object) -> str:
        return _UNSAFE_IN_SCRIPT.sub(_escape_char, json.dumps(value, ensure_ascii=False))

    yield '{"editions": ' + safe([str(e["id"]) for e in comparison.editions])
    yield ', "articles": ['
    for n, (article, page) in enumerate(zip(comparison.articles, pages, strict=True)):
        yield (", " if n else "") + safe(_row(article, page))
    yield "]"
    for name, value in _rest(comparison).items():
        yield f", {safe(name)}: {safe(value)}"
    yield "}"


def iter_index(comparison: Comparison, pages: Iterable[str | None]) -> Iterator[str]:
    """The index page in pieces (its articles' rows one at a time)."""
    style = _asset("compare.css")
    script = _asset("compare.js")
    csp = content_security_policy(script, style)
    title = "variorum compare: " + " → ".join(str(e["id"]) for e in comparison.editions)
    fields = {"csp": csp, "generator": _plain(f"variorum {__version__}"),
              "title": _plain(title), "style": style, "script": script}
    before, after = INDEX.split("{data}")
    yield before.format(**fields)
    yield from _script_pieces(comparison, pages)
    yield after.format(**fields)


def write_index(comparison: Comparison, pages: Iterable[str | None]) -> str:
    return "".join(iter_index(comparison, pages))


def write_site(comparison: Comparison, directory: str) -> None:
    """Write the index and the collation pages to ``directory`` (made, or replaced whole).
    The pages are moved from the work folder."""
    target = Path(directory)
    if target.exists() and not target.is_dir():
        raise OutputError(f"{visible(directory)}: is a file",
                          hint="--format html writes a folder: give -o a folder name")
    parent = target.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.",
                                         suffix=".partial"))
    except OSError as error:
        raise OutputError(f"{visible(directory)}: cannot write here ({error.strerror})") \
            from None
    try:
        (building / "articles").mkdir()

        def links() -> Iterator[str | None]:  # each page moved as its row is written
            for page in comparison.pages or [None] * len(comparison.articles):
                if page is None:
                    yield None
                    continue
                name = Path(page).name
                shutil.move(page, building / "articles" / name)
                yield f"articles/{name}"

        with open(building / "index.html", "w", encoding="utf-8") as index:
            for piece in iter_index(comparison, links()):
                index.write(piece)
        os.chmod(building, 0o755)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".old"))
            os.replace(target, old / "site")
        os.replace(building, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(building)
        raise
