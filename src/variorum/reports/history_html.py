"""``variorum history --format html``: one self-contained page to read the life of a text.

The page shows the chosen edition's text coloured by the edition each word dates from (each
edition also has a number and an underline pattern, so colour is never the only sign), a
timeline of the editions with the words and sentences each added, removed and put back, and,
for a passage clicked, its life: the edition that introduced it, those that removed it and
those that put it back. The persons of the register, with the editions naming them, and the
passages fought over most and those that lived longest are listed beside.

As the collation's page (:mod:`.html`), it is a skeleton, a stylesheet and a script
(``html_assets/history.css`` and ``history.js``) with the history as JSON in a
``<script type="application/json">`` block, under the same Content-Security-Policy; the
script writes every text with ``textContent``, so no edition's text ever becomes markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import __version__
from ..history.model import History, Passage, Range
from . import ReportOptions, provenance, register
from .history import person_life
from .html import PAGE_HEAD, asset, content_security_policy, plain, script_json

__all__ = ["SCHEMA", "history_viewer_data", "write_history_html"]

SCHEMA = "variorum.history-html/1"


class _Lives:
    """Distinct lives (stretches ``[first, after)`` of edition indexes, ``after`` the number
    of editions when a stretch lasts to the last) and, for each given, its index."""

    def __init__(self, labels: Sequence[str]) -> None:
        self.index: dict[tuple[tuple[int, int], ...], int] = {}
        self._of = {label: k for k, label in enumerate(labels)}
        self._n = len(labels)

    def __call__(self, introduced: str, reintroduced: Sequence[str],
                 removals: Sequence[str]) -> int:
        firsts = [self._of[introduced], *(self._of[e] for e in reintroduced)]
        afters = [self._of[e] for e in removals]
        afters += [self._n] * (len(firsts) - len(afters))
        life = tuple(zip(firsts, afters, strict=True))
        return self.index.setdefault(life, len(self.index))

    def of_range(self, r: Range) -> int:
        return self(r.introduced_in, r.reintroduced_in, r.removals)

    def of_passage(self, p: Passage) -> int:
        return self(p.introduced_in, p.reintroduced_in, p.removed_in_all)

    @property
    def values(self) -> list[list[list[int]]]:
        return [[list(span) for span in life] for life in self.index]


def _columns(ranges: Sequence[Range], lives: _Lives) -> dict[str, list[int]]:
    return {"start": [r.start for r in ranges], "end": [r.end for r in ranges],
            "life": [lives.of_range(r) for r in ranges]}


def history_viewer_data(result: History) -> dict[str, Any]:
    """Everything the page shows, as the plain dict embedded in it."""
    labels = [e.witness.id for e in result.editions]
    index = {label: k for k, label in enumerate(labels)}
    lives = _Lives(labels)
    editions = []
    for edition in result.editions:
        w = edition.witness
        editions.append({
            **provenance(w),
            "span": [w.span.start, w.span.end] if w.span else None,
            "revision": dict(edition.revision) if edition.revision is not None else None,
            "summary": vars(edition.summary).copy(),
            "tokens": _columns(edition.tokens, lives),
            "sentences": _columns(edition.sentence_list, lives),
        })

    def passage(p: Passage) -> dict[str, Any]:
        return {"edition": index[p.edition], "start": p.start, "end": p.end,
                "text": p.text, "editions": p.editions, "life": lives.of_passage(p)}

    people = []
    if result.people is not None:
        for person in result.people.people:
            named, vanished, returned = person_life(person, labels)
            people.append({"name": person.name,
                           "named_in": [index[e] for e in named],
                           "vanished_in": [index[e] for e in vanished],
                           "returned_in": [index[e] for e in returned]})
    fought = [passage(p) for p in result.fought_over]
    lived = [passage(p) for p in result.longest_lived]
    return {
        "schema": SCHEMA,
        "generator": f"variorum {__version__}",
        "editions": editions,
        "texts": [e.witness.text for e in result.editions],
        "lives": lives.values,
        "fought_over": fought,
        "longest_lived": lived,
        "people": people if result.people is not None else None,
    }


_BODY = """<body>
<header id="top">
<div class="bar">
<h1 id="title">variorum history</h1>
<label>Edition <select id="edition" aria-label="the edition whose text is shown"></select></label>
<button type="button" id="older" title="the edition before ([)">&#8592; [</button>
<button type="button" id="newer" title="the edition after (])">] &#8594;</button>
<span id="edition-note"></span>
</div>
<div id="legend" role="list" aria-label="the edition each word dates from"></div>
</header>
<main>
<div class="layout">
<section id="reading" aria-label="the text of the edition">
<div id="text" class="text"></div>
</section>
<aside id="side">
<section id="life" aria-live="polite" aria-label="the life of the passage clicked">
<h2>Life of a passage</h2>
<p class="hint">Click a passage of the text to see when it came, went and came back (or
choose one of the passages listed below).</p>
</section>
<section id="passages" aria-label="passages"></section>
<section id="people" aria-label="persons" hidden></section>
</aside>
</div>
<section id="timeline" aria-label="the editions in order">
<h2>Timeline</h2>
<div id="timeline-rows" role="table" aria-label="words and sentences added, removed and put
back, per edition"></div>
</section>
</main>
<noscript><p>This report is drawn by its own script: allow JavaScript for this file
(nothing is loaded from outside it).</p></noscript>
<script type="application/json" id="variorum-data">"""
_BODY_MIDDLE = """</script>
<script>"""
_BODY_END = """</script>
</body>
</html>
"""


@register("html", "history")
def write_history_html(result: History, options: ReportOptions) -> str:
    data = history_viewer_data(result)
    style = asset("history.css")
    script = asset("history.js")
    title = "variorum history: " + (", ".join(e["id"] for e in data["editions"][:3])
                                    + (f" … {data['editions'][-1]['id']}"
                                       if len(data["editions"]) > 3 else ""))
    page = PAGE_HEAD.format(csp=content_security_policy(script, style),
                            generator=plain(data["generator"]), title=plain(title),
                            style=style)
    return page + _BODY + script_json(data) + _BODY_MIDDLE + script + _BODY_END
