"""The register of persons (``variorum people``): schema ``variorum.people/1`` as JSON, a
table for the terminal, CSV (one row per person per witness) and TEI ``<listPerson>``.

Every offset is into the witness's text as found. CSV cells of witness text are neutralized
(:func:`~variorum.reports.csv_report.neutralize`) so that a spreadsheet shows a name
beginning with ``=`` rather than running it.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..people.model import Citation, Fate, Person, PersonChange, Register
from . import ReportOptions, register
from .csv_report import BOM, neutralize

__all__ = ["SCHEMA", "people_document", "write_people_csv", "write_people_html",
           "write_people_json", "write_people_tei", "write_people_text"]

SCHEMA = "variorum.people/1"


def _citation(c: Citation) -> dict[str, Any]:
    return {"witness": c.witness, "text": c.text, "start": c.start, "end": c.end}


def _fate(f: Fate) -> dict[str, Any]:
    return {"witness": f.witness, "fate": f.fate, "text": f.text, "start": f.start,
            "end": f.end, "tags": list(f.tags)}


def _change(c: PersonChange) -> dict[str, Any]:
    return {"kind": c.kind, "from": c.from_, "to": c.to, "detail": c.detail,
            "citations": [_citation(x) for x in c.citations]}


def _person(p: Person) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "forms": list(p.forms),
            "mentions": [_citation(m) for m in p.mentions],
            "roles": [_citation(r) for r in p.roles],
            "fates": [_fate(f) for f in p.fates],
            "absent_from": list(p.absent_from),
            "changes": [_change(c) for c in p.changes]}


def people_document(result: Register) -> dict[str, Any]:
    """The register as the contract's JSON document (a plain dict)."""
    return {
        "schema": SCHEMA,
        "language": result.language,
        "witnesses": [{"id": w.id, "source": w.source, "sha256": w.sha256,
                       "format": w.format, "encoding": w.encoding,
                       "span": ({"start": w.span.start, "end": w.span.end}
                                if w.span else None)}
                      for w in result.witnesses],
        "people": [_person(p) for p in result.people],
        "places": [_citation(c) for c in result.places],
        "organisations": [_citation(c) for c in result.organisations],
        "summary": {"people": len(result.people),
                    "with_fate": sum(1 for p in result.people if p.fates),
                    "changes": sum(len(p.changes) for p in result.people)},
    }


@register("json", "people")
def write_people_json(result: Register, options: ReportOptions) -> str:
    return json.dumps(people_document(result), ensure_ascii=False, indent=2) + "\n"


def _fates_of(person: Person, witness: str) -> str:
    fates = [f for f in person.fates if f.witness == witness]
    return "; ".join(f"{f.fate}{' (hedged)' if 'hedged' in f.tags else ''}"
                     f"{' (carried)' if 'carried' in f.tags else ''} “{f.text}”"
                     for f in fates)


def _one_line(text: str, width: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@register("text", "people")
def write_people_text(result: Register, options: ReportOptions) -> str:
    """A table a historian can read in a terminal: each person, then for each witness the
    fate and role the text gives, and the changes between editions."""
    ids = [w.id for w in result.witnesses]
    lines = [f"{len(result.people)} persons in {', '.join(ids)}"
             f" ({sum(1 for p in result.people if p.fates)} with a fate)", ""]
    for person in result.people:
        forms = [f for f in person.forms if f != person.name]
        lines.append(f"{person.id:>4}  {person.name}"
                     + (f"  (also: {', '.join(forms)})" if forms else ""))
        for witness in ids:
            mentions = [m for m in person.mentions if m.witness == witness]
            if not mentions:
                lines.append(f"      {witness}: — not named")
                continue
            at = ", ".join(str(m.start) for m in mentions[:5]) + (
                "…" if len(mentions) > 5 else "")
            fate = _fates_of(person, witness) or "no fate stated"
            lines.append(f"      {witness}: {fate}  [at {at}]")
            roles = [r for r in person.roles if r.witness == witness]
            for role in roles[:2]:
                lines.append(f"      {' ' * len(witness)}  role: {_one_line(role.text)}")
        for change in person.changes:
            lines.append(f"      ! {change.kind} {change.from_} → {change.to}: "
                         f"{_one_line(change.detail, 90)}")
    return "\n".join(lines) + "\n"


@register("csv", "people")
def write_people_csv(result: Register, options: ReportOptions) -> str:
    """One row per person per witness naming them (and one per witness they are absent from,
    marked ``absent``)."""
    buffer = io.StringIO()
    if options.bom:
        buffer.write(BOM)
    rows = csv.writer(buffer, lineterminator="\r\n")
    rows.writerow(["id", "name", "witness", "present", "forms", "first start", "first end",
                   "fates", "fate text", "roles", "changes"])
    for person in result.people:
        for witness in (w.id for w in result.witnesses):
            mentions = [m for m in person.mentions if m.witness == witness]
            fates = [f for f in person.fates if f.witness == witness]
            roles = [r for r in person.roles if r.witness == witness]
            changes = [c for c in person.changes if witness in (c.from_, c.to)]
            rows.writerow([
                person.id, neutralize(person.name), neutralize(witness),
                "yes" if mentions else "absent",
                neutralize("; ".join(dict.fromkeys(m.text for m in mentions))),
                mentions[0].start if mentions else "", mentions[0].end if mentions else "",
                neutralize("; ".join(f.fate + ("?" if "hedged" in f.tags else "")
                                     for f in fates)),
                neutralize(" | ".join(f.text for f in fates)),
                neutralize(" | ".join(" ".join(r.text.split()) for r in roles)),
                neutralize("; ".join(f"{c.kind} {c.from_}→{c.to}" for c in changes)),
            ])
    return buffer.getvalue()


def _xml_id(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)


@register("tei", "people")
def write_people_tei(result: Register, options: ReportOptions) -> str:
    """TEI P5: a ``<listPerson>`` in the ``<standOff>``, a ``<person>`` each with a
    ``<persName>`` per form, ``<death>`` (executed, died, suicide) or ``<event>`` (the other
    fates) for each fate, ``@source`` pointing at the witness in the ``<listWit>``."""
    from xml.sax.saxutils import escape, quoteattr

    ids = {w.id: "wit-" + _xml_id(w.id) for w in result.witnesses}
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<TEI xmlns="http://www.tei-c.org/ns/1.0">', "  <teiHeader>", "    <fileDesc>",
           "      <titleStmt><title>Register of persons</title></titleStmt>",
           "      <publicationStmt><p>Made by variorum people.</p></publicationStmt>",
           "      <sourceDesc>", "        <listWit>"]
    for w in result.witnesses:
        out.append(f'          <witness xml:id="{ids[w.id]}">{escape(w.source or w.id)}'
                   "</witness>")
    out += ["        </listWit>", "      </sourceDesc>", "    </fileDesc>", "  </teiHeader>",
            "  <standOff>", "    <listPerson>"]
    for person in result.people:
        out.append(f'      <person xml:id="person-{person.id}">')
        for form in person.forms:
            out.append(f"        <persName>{escape(form)}</persName>")
        for fate in person.fates:
            element = "death" if fate.fate in ("executed", "died", "suicide") else "event"
            cert = ' cert="low"' if "hedged" in fate.tags else ""
            out.append(f'        <{element} type="{fate.fate}" source="#{ids[fate.witness]}"'
                       f"{cert}><p>{escape(fate.text)}</p></{element}>"
                       if element == "event" else
                       f'        <{element} type="{fate.fate}" source="#{ids[fate.witness]}"'
                       f"{cert}>{escape(fate.text)}</{element}>")
        for role in person.roles:
            out.append(f'        <occupation source="#{ids[role.witness]}">'
                       f"{escape(' '.join(role.text.split()))}</occupation>")
        for change in person.changes:
            out.append(f'        <note type={quoteattr(change.kind)}>'
                       f"{escape(change.detail)}</note>")
        out.append("      </person>")
    out += ["    </listPerson>", "  </standOff>", "  <text><body><p/></body></text>",
            "</TEI>"]
    return "\n".join(out) + "\n"


def _people_page() -> str:
    """The page's shell: the head every variorum page has, then the register's body."""
    from .html import PAGE_HEAD

    return PAGE_HEAD + """<body class="people-page">
<main>
<section id="view-people" class="view" aria-label="register of persons"></section>
<aside id="people-place" aria-live="polite" aria-label="the place in the text" hidden></aside>
</main>
<noscript><p>This page is drawn by its own script: allow JavaScript for this file
(nothing is loaded from outside it).</p></noscript>
<script type="application/json" id="variorum-people">{data}</script>
<script>{script}</script>
</body>
</html>
"""


@register("html", "people")
def write_people_html(result: Register, options: ReportOptions) -> str:
    """A self-contained page under the collation report's strict policy (no network, only
    its own hashed script and style): the register as a table, each citation showing its
    words in the witness's text."""
    from .html import _asset, _plain, content_security_policy, script_json

    style = _asset("viewer.css")
    script = _asset("people.js") + "\n" + _asset("people_page.js")
    csp = content_security_policy(script, style)
    data = {"register": people_document(result),
            "texts": {w.id: w.text for w in result.witnesses}}
    title = "variorum people: " + ", ".join(w.id for w in result.witnesses)
    from .. import __version__

    return _people_page().format(csp=csp, generator=_plain(f"variorum {__version__}"),
                                 title=_plain(title), style=style,
                                 data=script_json(data), script=script)
