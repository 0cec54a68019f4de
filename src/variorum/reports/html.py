"""``--format html``: one self-contained page to read a collation in a browser.

The page is a skeleton, a stylesheet, a script (``html_assets/``) and the collation as JSON
in a ``<script type="application/json">`` block. The script builds everything else with
``textContent``, so no witness text ever becomes markup; the text of the editions is sent
once (each witness's own span) and readings are offsets into it, so a report of five
100,000-word editions stays a few megabytes and is drawn lazily, a chunk at a time.

A Content-Security-Policy allows the page's own script and stylesheet only (by their hashes):
nothing can be loaded from outside, and an inline script smuggled into the page would not run.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from .. import __version__
from ..model import ACCIDENTAL_CLASSES, SUBSTANTIVE_CLASSES, Collation, Variant, Witness
from ..terminal import BIDI_CONTROLS
from . import ReportOptions, provenance, register
from .json_report import erasure_document, name_change_document, summary_document

__all__ = ["CLASS_COLORS", "PAGE_HEAD", "SCHEMA", "asset", "content_security_policy",
           "plain", "script_json", "viewer_data", "write_html"]

SCHEMA = "variorum.html/1"

# Accidentals in quiet colours, substantive changes in strong ones (as in the text report).
CLASS_COLORS: dict[str, str] = {
    "encoding": "#8d8d8d", "unicode": "#a1887f", "typography": "#90a4ae",
    "punctuation": "#7fa89f", "case": "#9fa8da", "hyphenation": "#bcaaa4",
    "spelling": "#0097a7", "name": "#ab47bc", "number": "#e6a100",
    "substitution": "#e53935", "addition": "#2e9e44", "omission": "#c2185b",
    "transposition": "#1e6fd9",
}
OTHER_COLOR = "#555555"  # a class a plug-in added

# Besides its colour, each class has a short code shown with it everywhere (the marks in the
# text, the apparatus, the filters), so the page never relies on colour alone; and the marks
# of accidental classes are underlined dotted, the substantive ones solid (viewer.css).
CLASS_CODES: dict[str, str] = {
    "encoding": "enc", "unicode": "uni", "typography": "typ", "punctuation": "pu",
    "case": "ca", "hyphenation": "hy", "spelling": "sp", "name": "nm", "number": "no",
    "substitution": "sub", "addition": "add", "omission": "om", "transposition": "tr",
}


def class_code(name: str) -> str:
    """The class's short code: its own, or the first three letters of a plug-in's name
    (letters only: the code reaches the stylesheet as a string)."""
    return CLASS_CODES.get(name) or re.sub("[^a-z]", "", name.lower())[:3] or "?"


# The tabs, in order: (name, label). A tab is a button of the tab bar and a section of the
# page; viewer.js draws each the first time it is shown (see VIEWS there). A tab is added
# by adding it here and its drawing function there.
TABS: list[tuple[str, str]] = [
    ("reading", "Reading"), ("synoptic", "Synoptic"), ("pair", "Side by side"),
    ("variants", "Variants"), ("witnesses", "Witnesses"), ("erasures", "Erasures"),
]

# Repairs and damaged places are counted in full; this many of each are listed by offset.
LISTED_REPAIRS = 500

# Characters that must not stand raw inside a <script> block: "<" could open "</script>" or
# "<!--", ">" and "&" are escaped as well for good measure; U+2028/2029 end a line in old
# JavaScript; lone surrogates cannot be written as UTF-8 at all; C1 controls and
# non-characters are legal but worth keeping out of an HTML parser's way.
_UNSAFE_IN_SCRIPT = re.compile("[<>&\u2028\u2029\ud800-\udfff\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _escape_char(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def script_json(data: object) -> str:
    r"""``data`` as JSON that is safe inside ``<script type="application/json">``.

    >>> script_json({"t": "</script><b>&\u2028"})
    '{"t": "\\u003c/script\\u003e\\u003cb\\u003e\\u0026\\u2028"}'
    """
    # The characters escaped only occur inside JSON strings, where \uXXXX means the same.
    return _UNSAFE_IN_SCRIPT.sub(_escape_char, json.dumps(data, ensure_ascii=False))


class _ClassIndex(dict[str, int]):
    """Class name -> index into the page's ``classes``: the known ones, those of the variants
    and changes (sorted), then any other a reading's class names, as it comes."""

    def __init__(self, collation: Collation) -> None:
        known = [*ACCIDENTAL_CLASSES, *SUBSTANTIVE_CLASSES]
        used = {v.class_ for v in collation.variants} | {c.class_ for c in collation.changes}
        super().__init__((name, n) for n, name in enumerate(known + sorted(used - set(known))))

    def __missing__(self, name: str) -> int:
        self[name] = len(self)
        return self[name]


def _witness_entry(witness: Witness, tokens: int) -> dict[str, Any]:
    return {
        **provenance(witness),
        "span": [witness.span.start, witness.span.end] if witness.span else None,
        "offset": witness.start,  # readings in the page are counted from the span's start
        "tokens": tokens,
        "repairs": len(witness.repairs),
        "damage": len(witness.damage),
        "repair_list": [[r.start, r.end, r.found, r.repaired, r.suspect, r.reason]
                        for r in witness.repairs[:LISTED_REPAIRS]],
        "damage_list": [[d.start, d.end, d.found, d.reason]
                        for d in witness.damage[:LISTED_REPAIRS]],
    }


class _Interned:
    """Distinct strings and, for each string given, its index: "different words" is sent once."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.index.setdefault(value, len(self.index))

    @property
    def values(self) -> list[str]:
        return list(self.index)


def _variant_columns(variants: Sequence[Variant], witnesses: Sequence[Witness], base: str,
                     class_index: Mapping[str, int], reasons: _Interned) -> dict[str, Any]:
    """The variants column by column: one list per field, and per witness for readings.

    Two sparse tables ride along, one row per variant that needs it: ``split``, the class of
    each witness's difference from the base's reading (-1: none) where the readings differ
    from the base's in more than one way; and ``relations``, how two groups neither of which
    holds the base differ (group ``a`` read as the base, as in the JSON's ``relations``).
    """
    # For each variant, the number of the group of agreeing witnesses each witness is in.
    group_of = [{wid: n for n, group in enumerate(v.groups) for wid in group} for v in variants]
    starts, ends, groups = [], [], []
    for witness in witnesses:
        wid, offset = witness.id, witness.start
        readings = [v.readings[wid] for v in variants]
        starts.append([r.start - offset for r in readings])
        ends.append([r.end - offset for r in readings])
        groups.append([where[wid] for where in group_of])
    steps: list[int] = []
    split_at: list[int] = []
    split: list[list[int]] = [[] for _ in witnesses]
    rel_at, rel_a, rel_b, rel_class, rel_reason = [], [], [], [], []
    previous = 0
    for n, variant in enumerate(variants):
        steps.append(variant.change - previous)
        previous = variant.change
        classes = variant.classes
        if len(classes) > 1 and len(set(classes.values())) > 1:
            split_at.append(n)
            for column, witness in zip(split, witnesses, strict=True):
                name = classes.get(witness.id)
                column.append(-1 if name is None else class_index[name])
        if len(variant.groups) > 2:
            home = group_of[n][base]
            for relation in variant.relations:
                if home not in relation.groups:
                    rel_at.append(n)
                    rel_a.append(relation.groups[0])
                    rel_b.append(relation.groups[1])
                    rel_class.append(class_index[relation.class_])
                    rel_reason.append(reasons(relation.reason))
    return {
        "id": [v.id for v in variants],
        "class": [class_index[v.class_] for v in variants],
        "tags": [list(v.tags) for v in variants],
        "reason": [reasons(v.reason) for v in variants],
        "start": starts,
        "end": ends,
        "group": groups,
        # The change of each variant, as the step from the one before's (from 0 for the
        # first): mostly 1 or 0.
        "change_step": steps,
        "split": {"at": split_at, "class": split},
        "relations": {"at": rel_at, "a": rel_a, "b": rel_b, "class": rel_class,
                      "reason": rel_reason},
    }


def _change_columns(collation: Collation, class_index: Mapping[str, int],
                    reasons: _Interned) -> dict[str, Any]:
    """The changes that are more than their one place, column by column.

    A change of one place with that place's class, reason and readings (most changes) is
    known from the variants' ``change`` alone and is not sent again. The places of a change
    are the variants naming it; its reading in each witness runs from the start of its first
    place's reading to the end of its last place's, save where ``shift`` says by how much
    its start and end differ from those (a sparse table, one row per such change).
    """
    variants = collation.variants
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    for n, variant in enumerate(variants):
        change_id = variant.change
        if change_id not in first:
            first[change_id] = n
        last[change_id] = n
    blocks = []
    for change in collation.changes:
        if change.id not in first:
            continue  # no place names it: nothing to show it with
        only = variants[first[change.id]]
        if first[change.id] == last[change.id] and only.class_ == change.class_ \
                and only.reason == change.reason and (
                    change.readings is only.readings
                    or all(change.readings[wid] == only.readings[wid] for wid in only.readings)):
            continue
        blocks.append(change)
    # Where a change's reading is not exactly from its first place's to its last place's.
    shift_at: list[int] = []
    starts: list[list[int]] = [[] for _ in collation.witnesses]
    ends: list[list[int]] = [[] for _ in collation.witnesses]
    for b, change in enumerate(blocks):
        head, tail = variants[first[change.id]].readings, variants[last[change.id]].readings
        moved = [(change.readings[w.id].start - head[w.id].start,
                  change.readings[w.id].end - tail[w.id].end) for w in collation.witnesses]
        if any(moved_start or moved_end for moved_start, moved_end in moved):
            shift_at.append(b)
            for (moved_start, moved_end), start, end in zip(moved, starts, ends, strict=True):
                start.append(moved_start)
                end.append(moved_end)
    return {
        "id": [c.id for c in blocks],
        "class": [class_index[c.class_] for c in blocks],
        "reason": [reasons(c.reason) for c in blocks],
        "shift": {"at": shift_at, "start": starts, "end": ends},
    }


def viewer_data(collation: Collation, options: ReportOptions) -> dict[str, Any]:
    """Everything the page shows, as the plain dict embedded in it."""
    class_index = _ClassIndex(collation)
    witnesses = collation.witnesses
    reasons = _Interned()
    variants = _variant_columns(collation.variants, witnesses, collation.base, class_index,
                                reasons)
    changes = _change_columns(collation, class_index, reasons)
    variants["reasons"] = reasons.values  # of variants, changes and relations
    classes = list(class_index)  # in the order of their indices
    return {
        "schema": SCHEMA,
        "generator": f"variorum {__version__}",
        "base": next(n for n, w in enumerate(witnesses) if w.id == collation.base),
        "settings": {"normalize": list(collation.settings.normalize),
                     "min_transposition": collation.settings.min_transposition},
        "classes": [{"name": name, "accidental": name in ACCIDENTAL_CLASSES,
                     "code": class_code(name)} for name in classes],
        "hidden": sorted(class_index[name] for name in options.ignore if name in class_index),
        "granularity": options.granularity,  # what the Variants tab lists first
        "witnesses": [_witness_entry(w, len(collation.tokens[w.id])) for w in witnesses],
        "texts": [w.content for w in witnesses],
        "variants": variants,
        "changes": changes,
        "erasures": [erasure_document(erasure) for erasure in collation.erasures],
        "name_changes": [name_change_document(change) for change in collation.name_changes],
        "summary": summary_document(collation),
    }


@cache
def _asset(name: str) -> str:
    text = resources.files(__package__).joinpath("html_assets", name).read_text("utf-8")
    # The HTML parser turns CR LF into LF before the browser hashes an inline script, so the
    # hash in the policy must be of the text with LF line ends.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "</" in text or "<!--" in text:  # would end or confuse the inline block
        raise AssertionError(f"html_assets/{name} must not contain '</' or '<!--'")
    return text


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(script: str, style: str) -> str:
    """The policy of a page whose one inline script and one inline stylesheet are these:
    nothing else runs, nothing is loaded from outside, no form goes anywhere."""
    return "; ".join([
        "default-src 'none'", f"script-src {_csp_hash(script)}",
        f"style-src {_csp_hash(style)}", "img-src data:", "base-uri 'none'",
        "form-action 'none'",
    ])


def asset(name: str) -> str:
    """The text of ``html_assets/name``, as it may stand inline in a page."""
    return _asset(name)


def plain(text: str) -> str:
    """Text for a page's title or an attribute (see :func:`_plain`)."""
    return _plain(text)


def _class_rules(classes: Sequence[str]) -> str:
    """One colour per class (``k0``, ``k1``...: class names never reach a selector)."""
    rules = []
    for n, name in enumerate(classes):
        color = CLASS_COLORS.get(name, OTHER_COLOR)
        rules.append(f'.k{n}{{--c:{color};--bg:{color}38;--code:"{class_code(name)}"}}')
        rules.append(f"body.hide-k{n} .v.k{n}{{--c:transparent;--bg:transparent;"
                     f"font-weight:inherit}}")
        rules.append(f"body.hide-k{n} .v.k{n}::after{{content:none}}")
        rules.append(f"body.hide-k{n} .v.gap.k{n}{{display:none}}")
        rules.append(f"body.hide-k{n} .entry.k{n}{{display:none}}")  # the Variants tab
    return "\n".join(rules) + "\n"


_SHOWN_BIDI = {code: f"<U+{code:04X}>" for code in BIDI_CONTROLS}


def _plain(text: str) -> str:
    """Text for the page's title: escaped, bidirectional controls written out (as the
    viewer shows them), and without what UTF-8 cannot carry."""
    text = text.translate(_SHOWN_BIDI).encode("utf-8", "replace").decode("utf-8")
    return html.escape(text, quote=True)


# The head of every page variorum writes (the collation's and the history's): the policy,
# no referrer, the title, the one stylesheet.
PAGE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{generator}">
<title>{title}</title>
<style>{style}</style>
</head>
"""

PAGE = PAGE_HEAD + """<body>
<header id="top">
<div class="bar">
<h1 id="title">variorum</h1>
<nav id="tabs" role="tablist" aria-label="views">
{tabs}
</nav>
</div>
<div id="controls">
<div id="filters" role="group" aria-label="variant classes"></div>
<div id="filters-more" role="search" aria-label="filters"></div>
<div id="status">
<button type="button" id="prev" title="previous variant (k)">&#8593; k</button>
<button type="button" id="next" title="next variant (j)">&#8595; j</button>
<button type="button" id="next-substantive"
 title="next substantive variant (J)">&#8595; J substantive</button>
<button type="button" id="print" title="print the text with a numbered apparatus">Print</button>
<span id="visible-count"></span>
<span id="current-label"></span>
</div>
<div id="heatmap" role="navigation" aria-label="variation along the text"></div>
</div>
</header>
<main>
{sections}
<section id="print-apparatus"></section>
</main>
<aside id="note" aria-live="polite" hidden></aside>
<noscript><p>This report is drawn by its own script: allow JavaScript for this file
(nothing is loaded from outside it).</p></noscript>
<script type="application/json" id="variorum-data">{data}</script>
<script>{script}</script>
</body>
</html>
"""


@register("html")
def write_html(collation: Collation, options: ReportOptions) -> str:
    data = viewer_data(collation, options)
    tabs = TABS
    if options.people is not None:  # the register of persons: a People tab
        from .people import people_document

        data["people"] = people_document(options.people)
        tabs = [*TABS, ("people", "People")]
    style = _asset("viewer.css") + _class_rules([c["name"] for c in data["classes"]])
    script = _asset("people.js") + "\n" + _asset("viewer.js")
    csp = content_security_policy(script, style)
    title = "variorum: " + ", ".join(w.id for w in collation.witnesses)
    return PAGE.format(csp=csp, generator=_plain(data["generator"]), title=_plain(title),
                       style=style, data=script_json(data), script=script,
                       tabs=_tab_buttons(tabs), sections=_sections(tabs))


def _tab_buttons(tabs: Sequence[tuple[str, str]] = TABS) -> str:
    return "\n".join(
        f'<button type="button" role="tab" id="tab-{name}" data-tab="{name}" '
        f'aria-controls="view-{name}" aria-selected="{str(n == 0).lower()}" '
        f'tabindex="{0 if n == 0 else -1}">{label}</button>'
        for n, (name, label) in enumerate(tabs))


# The sections of the tabs: what each holds before viewer.js draws it.
_SECTION_BODY = {
    "reading": """<div class="reading-layout"><div id="reading-text" class="text"></div>
<aside id="apparatus" aria-label="apparatus: every reading of each variant">
<div id="app-head"></div><div id="app-rows" role="list" aria-label="apparatus"></div>
</aside></div>""",
    "synoptic": """<div id="syn-controls" role="group"
 aria-label="witnesses shown in columns"></div>
<div id="syn-rows"></div>""",
    "pair": """<div id="pair-controls"><label>Left <select id="pair-a"></select></label>
<label>Right <select id="pair-b"></select></label> <span id="pair-count"></span></div>
<div id="pair-rows"></div>""",
    "variants": """<div id="list-controls" role="radiogroup" aria-label="what the list holds">List
<label><input type="radio" name="granularity" value="places" checked> places</label>
<label><input type="radio" name="granularity" value="changes"> changes (acts of revision)</label>
<span id="list-count"></span></div>
<div id="list-rows" role="list" aria-label="variants"></div>""",
}


def _sections(tabs: Sequence[tuple[str, str]] = TABS) -> str:
    return "\n".join(
        f'<section id="view-{name}" class="view" role="tabpanel" aria-labelledby="tab-{name}"'
        f'{"" if n == 0 else " hidden"}>{_SECTION_BODY.get(name, "")}</section>'
        for n, (name, _) in enumerate(tabs))


_SECTIONS = _sections()
