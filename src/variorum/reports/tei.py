"""``--format tei``: a TEI P5 apparatus by parallel segmentation, lossless for every witness.

The body is one ``<ab xml:space="preserve">`` holding the text as found. Text all witnesses
share stands as plain text; each variant is an ``<app>`` (``@type`` its class, ``@n`` its id)
with one ``<rdg wit="#…">`` per distinct reading, witnesses reading exactly the same text
sharing one ``<rdg>``; each reading that is not the base's has ``@type``, the class of its
difference from the base's reading (the variant's ``classes``). Where the texts differ only in
white space between words (which is no variant) a small ``<app type="whitespace">`` keeps each
witness's own spacing, so that taking, for one witness, the shared text and its readings gives
back its text *exactly* (:func:`witness_texts` does that, and the tests check it).

Encodings that keep that promise (see docs/reports.md):

- characters XML 1.0 forbids (C0 controls but tab, LF, CR; also C1 controls, lone surrogates,
  U+FFFE/U+FFFF) are ``<g ref="#char-XXXX"/>``, each declared in ``<charDecl>`` with its code
  point in ``<mapping type="codepoint">``; a carriage return is the reference ``&#13;`` (a
  parser would otherwise turn CR LF into LF).
- an encoding repair is ``<choice><sic>as found</sic><corr>repaired</corr></choice>`` where
  every witness of that piece of text has it; damage that could not be repaired is
  ``<damage agent="encoding">as found</damage>``. Every repair and damaged place of a witness
  is also listed in its ``<witness>`` entry, with offsets, found and repaired text and reason,
  so none is silently applied or lost.
- witness ids become xml:ids ``wit-…``: letters, digits, ``-`` and ``.`` are kept, any other
  character is ``_HEX_``; the original id is the ``<label>`` of the ``<witness>``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..model import ACCIDENTAL_CLASSES, Collation, Variant, Witness
from . import ReportOptions, register

__all__ = ["TEI_NS", "witness_texts", "write_tei", "xml_id"]

TEI_NS = "http://www.tei-c.org/ns/1.0"

# What must not appear raw in XML 1.0 text (or would not survive a parser unchanged), and the
# markup characters. C1 controls are allowed by XML 1.0 but discouraged: shown as <g> too.
_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_MARKUP = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ID_SAFE = re.compile(r"[A-Za-z0-9.\-]")
LOW = ' cert="low"'  # a repair that variorum itself marks as suspect


def xml_id(witness_id: str) -> str:
    """The xml:id of a witness: ``wit-`` then the id, other than ``[A-Za-z0-9.-]`` as ``_HEX_``.

    >>> xml_id("1949"), xml_id("draft.docx#revised")
    ('wit-1949', 'wit-draft.docx_23_revised')
    """
    return "wit-" + "".join(c if _ID_SAFE.fullmatch(c) else f"_{ord(c):X}_" for c in witness_id)


def _char_id(code: int) -> str:
    return f"char-{code:04X}"


@dataclass
class _Writer:
    """Accumulates the document's pieces; remembers which characters needed a <g>."""

    out: list[str] = field(default_factory=list)
    chars: set[int] = field(default_factory=set)

    def _special(self, match: re.Match[str]) -> str:
        char = match.group()
        if char in _MARKUP:
            return _MARKUP[char]
        self.chars.add(ord(char))
        return f'<g ref="#{_char_id(ord(char))}"/>'

    def escape(self, text: str) -> str:
        """Text as XML character content that a parser gives back exactly."""
        return _SPECIAL.sub(self._special, text) if _SPECIAL.search(text) else text


# --- inline marks: repairs and damage ------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    start: int  # relative to the piece of text it is in
    end: int
    found: str
    repaired: str | None  # None: damage that could not be repaired
    suspect: bool


class _Marks:
    """A witness's repairs and damage, found by position."""

    def __init__(self, witness: Witness) -> None:
        marks: list[tuple[int, int, str, str | None, bool]] = [
            (r.start, r.end, r.found, r.repaired, r.suspect) for r in witness.repairs]
        marks += [(d.start, d.end, d.found, None, False) for d in witness.damage]
        marks.sort(key=lambda m: (m[0], m[1]))
        self.marks = marks
        self.starts = [m[0] for m in marks]

    def inside(self, start: int, end: int) -> tuple[_Mark, ...]:
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        return tuple(_Mark(s - start, e - start, found, repaired, suspect)
                     for s, e, found, repaired, suspect in self.marks[first:last]
                     if e <= end and s < e)


def _marked(writer: _Writer, text: str, marks: Sequence[_Mark]) -> str:
    """``text`` escaped, with the marks (shared by all its witnesses) as elements."""
    if not marks:
        return writer.escape(text)
    pieces: list[str] = []
    position = 0
    for mark in marks:
        if mark.start < position:
            continue  # overlapping marks: the header lists them all
        pieces.append(writer.escape(text[position : mark.start]))
        found = writer.escape(text[mark.start : mark.end])
        if mark.repaired is None:
            pieces.append(f'<damage agent="encoding">{found}</damage>')
        else:
            cert = LOW if mark.suspect else ""
            pieces.append(f"<choice><sic>{found}</sic><corr{cert}>"
                          f"{writer.escape(mark.repaired)}</corr></choice>")
        position = mark.end
    pieces.append(writer.escape(text[position:]))
    return "".join(pieces)


# --- the body: segments of shared text and apparatus entries -------------------------------


@dataclass
class _Segment:
    """Per witness ``[start, end)``; the variants it stands for (none: shared or white space)."""

    starts: list[int]
    ends: list[int]
    variants: list[Variant]


def _segments(collation: Collation) -> list[_Segment]:
    """Cut every witness's span into consecutive pieces at the variants' readings.

    Readings go forward in every witness in variant order; should one ever not (it would
    overlap the piece before it), it is merged with the pieces before until it fits, so each
    witness's pieces still tile its span exactly.
    """
    witnesses = collation.witnesses
    cursor = [w.start for w in witnesses]
    segments: list[_Segment] = []
    for variant in collation.variants:
        starts = [variant.readings[w.id].start for w in witnesses]
        ends = [variant.readings[w.id].end for w in witnesses]
        merged = [variant]
        while any(s < c for s, c in zip(starts, cursor, strict=True)) and segments:
            previous = segments.pop()
            starts = [min(a, b) for a, b in zip(starts, previous.starts, strict=True)]
            ends = [max(a, b) for a, b in zip(ends, previous.ends, strict=True)]
            merged = previous.variants + merged
            cursor = previous.starts
        starts = [max(s, c) for s, c in zip(starts, cursor, strict=True)]
        ends = [max(e, s) for e, s in zip(ends, starts, strict=True)]
        if any(s > c for s, c in zip(starts, cursor, strict=True)):
            segments.append(_Segment(cursor, starts, []))
        segments.append(_Segment(starts, ends, merged))
        cursor = ends
    finals = [w.end for w in witnesses]
    if any(f > c for f, c in zip(finals, cursor, strict=True)):
        segments.append(_Segment(cursor, finals, []))
    return segments


_WORDS = re.compile(r"(\S+)")


class _Body:
    def __init__(self, collation: Collation, writer: _Writer) -> None:
        self.collation = collation
        self.writer = writer
        self.witnesses = collation.witnesses
        self.refs = [f"#{xml_id(w.id)}" for w in self.witnesses]
        self.marks = [_Marks(w) for w in self.witnesses]
        self.any_marks = any(m.marks for m in self.marks)

    def _shared_marks(self, members: Iterable[int], starts: Sequence[int],
                      ends: Sequence[int]) -> tuple[_Mark, ...]:
        if not self.any_marks:
            return ()
        found = [self.marks[w].inside(starts[w], ends[w]) for w in members]
        return found[0] if all(m == found[0] for m in found) else ()

    def _readings(self, starts: Sequence[int], ends: Sequence[int]) -> dict[str, list[int]]:
        """Distinct exact readings, each with the witnesses (indexes) that read it."""
        readings: dict[str, list[int]] = {}
        for w, witness in enumerate(self.witnesses):
            readings.setdefault(witness.text[starts[w] : ends[w]], []).append(w)
        return readings

    def _rdg(self, text: str, members: list[int], starts: Sequence[int],
             ends: Sequence[int], class_: str | None = None) -> str:
        wit = " ".join(self.refs[w] for w in members)
        type_ = f' type="{class_}"' if class_ else ""
        if not text:
            return f'<rdg wit="{wit}"{type_}/>'
        body = _marked(self.writer, text, self._shared_marks(members, starts, ends))
        return f'<rdg wit="{wit}"{type_}>{body}</rdg>'

    def shared_or_spacing(self, segment: _Segment) -> str:
        """A piece outside the variants: shared text, white-space apps where spacing differs."""
        readings = self._readings(segment.starts, segment.ends)
        everyone = range(len(self.witnesses))
        if len(readings) == 1:
            text = next(iter(readings))
            return _marked(self.writer, text,
                           self._shared_marks(everyone, segment.starts, segment.ends))
        split = {text: _WORDS.split(text) for text in readings}
        words = [parts[1::2] for parts in split.values()]
        if any(w != words[0] for w in words):
            return self._app("unaligned", segment.starts, segment.ends, readings)
        # Same words, different spacing: the words are shared, each gap of spacing an app.
        pieces: list[str] = []
        run = list(segment.starts)  # where the current run of shared columns began
        position = list(segment.starts)
        columns = zip(*(split[self.witnesses[w].text[s:e]]
                        for w, (s, e) in enumerate(zip(segment.starts, segment.ends,
                                                       strict=True))), strict=True)
        for index, column in enumerate(columns):
            ends = [position[w] + len(column[w]) for w in everyone]
            if not index % 2 and len(set(column)) > 1:
                pieces.append(self._shared(run, position))
                pieces.append(self._app("whitespace", position, ends,
                                        self._readings(position, ends)))
                run = ends
            position = ends
        pieces.append(self._shared(run, position))
        return "".join(pieces)

    def _shared(self, starts: Sequence[int], ends: Sequence[int]) -> str:
        """Text that every witness has at ``starts[w]:ends[w]``, with its shared marks."""
        text = self.witnesses[0].text[starts[0] : ends[0]]
        if not text:
            return ""
        return _marked(self.writer, text,
                       self._shared_marks(range(len(self.witnesses)), starts, ends))

    def _app(self, type_: str, starts: Sequence[int], ends: Sequence[int],
             readings: dict[str, list[int]], extra: str = "", notes: str = "") -> str:
        rdgs = "".join(self._rdg(text, members, starts, ends)
                       for text, members in readings.items())
        return f'<app type="{type_}"{extra}>{rdgs}{notes}</app>'

    def variant_app(self, segment: _Segment) -> str:
        variant = segment.variants[0]
        if len(segment.variants) > 1:  # readings out of order (see _segments): one entry
            ids = " ".join(str(v.id) for v in segment.variants)
            return self._app("merged", segment.starts, segment.ends,
                             self._readings(segment.starts, segment.ends),
                             f' n="{ids}"', self._notes(segment.variants))
        readings = self._readings(segment.starts, segment.ends)
        grouped = _reading_groups(readings, self._relation_classes(variant, readings))
        # Each reading but the base's says how it differs from the base's (rdg/@type).
        against_base = {text: variant.classes.get(self.witnesses[members[0]].id)
                        for text, members in readings.items()}
        rdgs = []
        for type_, subtype, texts in grouped:
            inner = "".join(self._rdg(text, readings[text], segment.starts, segment.ends,
                                      against_base[text]) for text in texts)
            if type_ is None:
                rdgs.append(inner)
            else:
                sub = f' subtype="{subtype}"' if subtype else ""
                rdgs.append(f'<rdgGrp type="{type_}"{sub}>{inner}</rdgGrp>')
        moved = [tag.split(":", 1)[1] for tag in variant.tags
                 if tag.startswith(("moved-from:", "moved-to:"))]
        corresp = (' corresp="' + " ".join(f"#app-{n}" for n in moved if n.isdigit()) + '"'
                   if moved else "")
        return (f'<app type="{variant.class_}" n="{variant.id}" xml:id="app-{variant.id}"'
                f'{corresp}>{"".join(rdgs)}{self._notes([variant])}</app>')

    def _relation_classes(self, variant: Variant, readings: dict[str, list[int]]
                          ) -> Callable[[str, str], str]:
        """The class of the difference between two readings, as the collation found it."""
        group_of = {witness: g for g, group in enumerate(variant.groups) for witness in group}
        group_of_text = {text: group_of[self.witnesses[members[0]].id]
                         for text, members in readings.items()}
        classes = {frozenset(relation.groups): relation.class_
                   for relation in variant.relations}

        def class_of(left: str, right: str) -> str:
            pair = frozenset((group_of_text[left], group_of_text[right]))
            return classes.get(pair, "substitution")

        return class_of

    def _notes(self, variants: Sequence[Variant]) -> str:
        reason = "; ".join(v.reason for v in variants)
        tags = " ".join(dict.fromkeys(t for v in variants for t in v.tags))
        notes = f'<note type="reason">{self.writer.escape(reason)}</note>'
        if tags:
            notes += f'<note type="tags">{self.writer.escape(tags)}</note>'
        return notes

    def render(self) -> str:
        return "".join(self.variant_app(segment) if segment.variants
                       else self.shared_or_spacing(segment)
                       for segment in _segments(self.collation))


def _reading_groups(readings: dict[str, list[int]], class_of: Callable[[str, str], str]
                    ) -> list[tuple[str | None, str | None, list[str]]]:
    """Readings in order, those that differ only in white space or only accidentally gathered
    (``rdgGrp`` type ``whitespace`` or ``accidental`` with the class as subtype); a group is
    made only when it would not hold every reading. ``class_of`` gives the class of the
    difference between two readings (from the collation: writers never classify)."""
    texts = list(readings)
    words = {text: " ".join(text.split()) for text in texts}
    first_text: dict[str, str] = {}
    for text in texts:
        first_text.setdefault(words[text], text)
    distinct = list(first_text)
    if len(texts) < 3 and len(distinct) == len(texts):
        return [(None, None, texts)]
    parent = {form: form for form in distinct}

    def root(form: str) -> str:
        while parent[form] != form:
            form = parent[form]
        return form

    classes: dict[str, str] = {}
    if len(distinct) >= 3:
        for i, left in enumerate(distinct):
            for right in distinct[i + 1 :]:
                if not left or not right or root(left) == root(right):
                    continue
                class_ = class_of(first_text[left], first_text[right])
                if class_ in ACCIDENTAL_CLASSES:
                    classes.setdefault(root(left), class_)
                    parent[root(right)] = root(left)
    clusters: dict[str, list[str]] = {}
    for text in texts:
        clusters.setdefault(root(words[text]), []).append(text)
    if len(clusters) == 1:
        return [(None, None, texts)]
    grouped: list[tuple[str | None, str | None, list[str]]] = []
    for key, members in clusters.items():
        if len(members) == 1:
            grouped.append((None, None, members))
        elif len({words[m] for m in members}) == 1:
            grouped.append(("whitespace", None, members))
        else:
            grouped.append(("accidental", classes.get(key), members))
    return grouped


# --- the header ----------------------------------------------------------------------------


def _item(writer: _Writer, name: str, value: object) -> str:
    return f'<item n="{name}">{writer.escape(str(value))}</item>'


def _witness_entry(writer: _Writer, witness: Witness, collation: Collation) -> str:
    span = (f"{witness.span.start}-{witness.span.end}" if witness.span
            else f"whole source (0-{len(witness.text)})")
    provenance = [
        _item(writer, "source", witness.source or "(given as text)"),
        _item(writer, "sha256", witness.sha256 or "unknown"),
        _item(writer, "format", witness.format),
        _item(writer, "encoding", witness.encoding or "unknown"),
    ]
    if witness.encoding_reason:
        provenance.append(_item(writer, "encoding-reason", witness.encoding_reason))
    provenance += [_item(writer, "span", span),
                   _item(writer, "tokens", len(collation.tokens[witness.id])),
                   _item(writer, "repairs", len(witness.repairs)),
                   _item(writer, "damage", len(witness.damage))]
    lines = [f'  <witness xml:id="{xml_id(witness.id)}">',
             f"   <label>{writer.escape(witness.id)}</label>",
             '   <list type="provenance">' + "".join(provenance) + "</list>"]
    if witness.repairs:
        lines.append('   <list type="repairs">' + "".join(
            f'<item n="{r.start}-{r.end}"><choice><sic>{writer.escape(r.found)}</sic>'
            f"<corr{LOW if r.suspect else ''}>{writer.escape(r.repaired)}</corr>"
            f"</choice> {writer.escape(r.reason)}</item>" for r in witness.repairs) + "</list>")
    if witness.damage:
        lines.append('   <list type="damage">' + "".join(
            f'<item n="{d.start}-{d.end}"><damage agent="encoding">{writer.escape(d.found)}'
            f"</damage> {writer.escape(d.reason)}</item>" for d in witness.damage) + "</list>")
    lines.append("  </witness>")
    return "\n".join(lines)


def _char_decl(chars: set[int]) -> str:
    if not chars:
        return ""
    entries = "".join(
        f'<char xml:id="{_char_id(code)}"><charName>U+{code:04X}</charName>'
        f'<mapping type="codepoint">U+{code:04X}</mapping></char>'
        for code in sorted(chars))
    return f"\n  <charDecl>{entries}</charDecl>"


@register("tei")
def write_tei(collation: Collation, options: ReportOptions) -> str:
    del options  # an apparatus keeps every variant: hiding classes would lose text
    writer = _Writer()
    body = _Body(collation, writer).render()
    title = (f"Collation of {len(collation.witnesses)} witnesses "
             f"(base {writer.escape(collation.base)})")
    witnesses = "\n".join(_witness_entry(writer, w, collation) for w in collation.witnesses)
    settings = writer.escape(", ".join(collation.settings.normalize))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TEI xmlns="{TEI_NS}">\n'
        "<teiHeader>\n"
        " <fileDesc>\n"
        f"  <titleStmt><title>{title}</title></titleStmt>\n"
        f"  <publicationStmt><p>Written by variorum {__version__}.</p></publicationStmt>\n"
        "  <sourceDesc>\n"
        f"   <listWit>\n{witnesses}\n   </listWit>\n"
        "  </sourceDesc>\n"
        " </fileDesc>\n"
        " <encodingDesc>\n"
        '  <variantEncoding method="parallel-segmentation" location="internal"/>\n'
        f"  <p>Matching layers: {settings}; minimum transposition "
        f"{collation.settings.min_transposition} words.</p>"
        f"{_char_decl(writer.chars)}\n"
        " </encodingDesc>\n"
        "</teiHeader>\n"
        f'<text><body><ab xml:space="preserve">{body}</ab></body></text>\n'
        "</TEI>\n"
    )


# --- reading it back ------------------------------------------------------------------------


def witness_texts(document: str | bytes) -> dict[str, str]:
    """Each witness's text read back from an apparatus written by :func:`write_tei`.

    For every witness: the text outside ``<app>``, and inside each ``<app>`` the ``<rdg>``
    whose ``@wit`` names it; ``<sic>`` rather than ``<corr>``, each ``<g>`` as the character
    its ``<char>`` maps, notes left out. Keys are the witnesses' original ids (``<label>``).
    """
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    root = etree.fromstring(document.encode("utf-8") if isinstance(document, str) else document)
    ns = {"t": TEI_NS}
    chars = {
        str(char.get("{http://www.w3.org/XML/1998/namespace}id")):
            chr(int(str(char.findtext("t:mapping", namespaces=ns))[2:], 16))
        for char in root.iterfind(".//t:charDecl/t:char", ns)
    }
    labels = {}
    for witness in root.iterfind(".//t:listWit/t:witness", ns):
        label = witness.find("t:label", ns)
        assert label is not None
        labels["#" + str(witness.get("{http://www.w3.org/XML/1998/namespace}id"))] = (
            _content(label, chars, None))
    ab = root.find("t:text/t:body/t:ab", ns)
    assert ab is not None
    return {label: _content(ab, chars, ref) for ref, label in labels.items()}


def _content(element: Any, chars: dict[str, str], ref: str | None) -> str:
    """The text of ``element`` as witness ``ref`` reads it (``None``: outside the body)."""
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    pieces = [element.text or ""]
    for child in element:
        name = etree.QName(child).localname
        if name == "g":
            pieces.append(chars[str(child.get("ref"))[1:]])
        elif name == "app":
            for rdg in child.iter(f"{{{TEI_NS}}}rdg"):
                if ref in str(rdg.get("wit", "")).split():
                    pieces.append(_content(rdg, chars, ref))
        elif name == "choice":
            sic = child.find(f"{{{TEI_NS}}}sic")
            pieces.append(_content(sic, chars, ref) if sic is not None else "")
        elif name != "note":
            pieces.append(_content(child, chars, ref))
        pieces.append(child.tail or "")
    return "".join(pieces)
