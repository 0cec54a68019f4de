"""Scoring variant places and changes against a hand-written truth (issue 14).

A *place* is what one witness after another reads where the witnesses differ: a mapping
witness id -> reading text, plus a class and, for the two ends of a move, links to the other
end. Two places are the same when every witness's reading is the same text once white space
is collapsed (runs of white space become one space, ends stripped). Matching is one to one:
places with equal readings are paired in text order, so a text standing three times over must
give each of its places three times.

The same scoring serves *changes* (the acts of revision of the contract's wave-2 addition:
``"change": K`` on each variant, ``"changes"`` on the collation), compared by the readings of
the whole change in each witness.

Also here: a difflib baseline (word-level :class:`difflib.SequenceMatcher` opcodes of each
witness against the base, each non-equal opcode one place, opcodes of several witnesses that
overlap on the base merged into one place) and the simple edit-distance rule that
classes its places and serves as the class baseline on the Stemmaweb traditions.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Place",
    "Score",
    "collapse",
    "difflib_places",
    "document_changes",
    "document_places",
    "fixture_changes",
    "fixture_places",
    "fixture_witnesses",
    "levenshtein",
    "match",
    "rule_class",
    "score",
]


def collapse(text: str) -> str:
    """White space collapsed to single spaces, ends stripped."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Place:
    """Readings (witness id -> collapsed text), class, and the ids of places it is linked to
    as the other end of a move (``moved-to:N`` / ``moved-from:N``)."""

    id: int
    readings: tuple[tuple[str, str], ...]
    class_: str
    links: frozenset[int] = frozenset()

    @staticmethod
    def of(id: int, readings: Mapping[str, str], class_: str,
           links: Iterable[int] = ()) -> Place:
        return Place(id, tuple(sorted((w, collapse(t)) for w, t in readings.items())), class_,
                     frozenset(links))

    def reading(self, witness: str) -> str:
        return dict(self.readings)[witness]


_MOVE_TAG = re.compile(r"moved-(?:to|from):(\d+)$")


def links_of(tags: Iterable[str]) -> set[int]:
    """The ids named by ``moved-to:N`` / ``moved-from:N`` tags."""
    return {int(m.group(1)) for tag in tags if (m := _MOVE_TAG.match(tag))}


# --- the truth of a fixture ----------------------------------------------------------------


def _copies(fixture: Mapping[str, Any]) -> tuple[int, str]:
    return int(fixture.get("repeat", 1)), str(fixture.get("repeat_separator", "\n\n"))


def fixture_witnesses(fixture: Mapping[str, Any]) -> dict[str, str]:
    """Witness id -> full text (a fixture with ``repeat: k`` stands k times over)."""
    times, separator = _copies(fixture)
    return {w: separator.join([text] * times) for w, text in fixture["witnesses"].items()}


def _repeated(entries: Sequence[Mapping[str, Any]], fixture: Mapping[str, Any],
              links: bool) -> list[Place]:
    times, _ = _copies(fixture)
    step = max((int(e["id"]) for e in entries), default=0)
    out = []
    for copy in range(times):
        for entry in entries:
            moved = links_of(entry.get("tags", ())) if links else set()
            out.append(Place.of(int(entry["id"]) + copy * step, entry["readings"],
                                entry["class"], (m + copy * step for m in moved)))
    return out


def fixture_places(fixture: Mapping[str, Any]) -> list[Place]:
    """The apparatus-style truth: the expected variant places, in text order."""
    return _repeated(fixture["places"], fixture, links=True)


def fixture_changes(fixture: Mapping[str, Any]) -> list[Place]:
    """The revision-style truth: the expected changes, in text order."""
    return _repeated(fixture.get("changes", []), fixture, links=False)


# --- what a collation document says --------------------------------------------------------


def document_places(document: Mapping[str, Any]) -> list[Place]:
    """The variants of a ``variorum.collation/1`` document as places."""
    return [Place.of(int(v["id"]), {w: r["text"] for w, r in v["readings"].items()},
                     v["class"], links_of(v.get("tags", ())))
            for v in document["variants"]]


def document_changes(document: Mapping[str, Any]) -> list[Place] | None:
    """The document's changes (the wave-2 contract addition), or ``None`` when it has none.

    A change's reading in a witness is its ``readings[w]["text"]``; a change given without
    readings reads, in each witness, its variants' readings joined by one space."""
    changes = document.get("changes")
    if changes is None:
        return None
    variants = {int(v["id"]): v for v in document["variants"]}
    out = []
    for change in changes:
        readings = change.get("readings")
        if readings:
            texts = {w: r["text"] if isinstance(r, Mapping) else str(r)
                     for w, r in readings.items()}
        else:
            members = [variants[int(i)] for i in change.get("variants", ()) if int(i) in variants]
            witnesses = members[0]["readings"] if members else {}
            texts = {w: " ".join(m["readings"][w]["text"] for m in members) for w in witnesses}
        out.append(Place.of(int(change["id"]), texts, change["class"]))
    return out


# --- matching and scores -------------------------------------------------------------------


def match(expected: Sequence[Place], found: Sequence[Place]) -> dict[int, int]:
    """One-to-one matching: index in ``expected`` -> index in ``found``. Places with equal
    readings pair up in the order given (text order)."""
    waiting: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
    for j, place in enumerate(found):
        waiting[place.readings].append(j)
    pairs: dict[int, int] = {}
    taken: dict[tuple[tuple[str, str], ...], int] = defaultdict(int)
    for i, place in enumerate(expected):
        candidates = waiting.get(place.readings, [])
        k = taken[place.readings]
        if k < len(candidates):
            pairs[i] = candidates[k]
            taken[place.readings] += 1
    return pairs


def _links(places: Sequence[Place]) -> set[frozenset[int]]:
    """Each move as the unordered pair of indexes (into ``places``) of its two ends; a move
    reported on one place only (a local swap as one variant) is a pair of one."""
    index = {p.id: i for i, p in enumerate(places)}
    out: set[frozenset[int]] = set()
    for i, place in enumerate(places):
        for other in place.links:
            out.add(frozenset((i, index.get(other, -1))))
        if place.class_ == "transposition" and not place.links:
            out.add(frozenset((i,)))
    return out


@dataclass
class Score:
    """Counts that add up over cases; rates computed from the sums."""

    expected: int = 0
    found: int = 0
    matched: int = 0
    classes_matched: int = 0  # expected places matched by a found place of the same class
    moves_expected: int = 0
    moves_found: int = 0
    moves_true: int = 0  # found moves whose ends match the ends of an expected move
    exact_cases: int = 0
    cases: int = 0
    missed: list[Place] = field(default_factory=list)
    spurious: list[Place] = field(default_factory=list)
    wrong_class: list[tuple[Place, Place]] = field(default_factory=list)

    def __iadd__(self, other: Score) -> Score:
        for name in ("expected", "found", "matched", "classes_matched", "moves_expected",
                     "moves_found", "moves_true", "exact_cases", "cases"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.missed += other.missed
        self.spurious += other.spurious
        self.wrong_class += other.wrong_class
        return self

    @property
    def precision(self) -> float | None:
        return self.matched / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.expected if self.expected else None

    @property
    def f1(self) -> float | None:
        total = self.expected + self.found
        return 2 * self.matched / total if total else None

    @property
    def class_share(self) -> float | None:
        return self.classes_matched / self.expected if self.expected else None

    @property
    def move_recall(self) -> float | None:
        return self.moves_true / self.moves_expected if self.moves_expected else None

    @property
    def move_precision(self) -> float | None:
        return self.moves_true / self.moves_found if self.moves_found else None

    @property
    def exact(self) -> bool:
        """Every place found, none more, every class and every move right."""
        return (self.matched == self.expected == self.found
                and self.classes_matched == self.expected
                and self.moves_true == self.moves_expected == self.moves_found)


def score(expected: Sequence[Place], found: Sequence[Place], *, classes: bool = True,
          moves: bool = True) -> Score:
    """One case: matching, classes (when ``classes``), and moves (when ``moves``)."""
    pairs = match(expected, found)
    result = Score(expected=len(expected), found=len(found), matched=len(pairs), cases=1)
    for i, j in pairs.items():
        if not classes or expected[i].class_ == found[j].class_:
            result.classes_matched += 1
        else:
            result.wrong_class.append((expected[i], found[j]))
    result.missed = [p for i, p in enumerate(expected) if i not in pairs]
    hit = set(pairs.values())
    result.spurious = [p for j, p in enumerate(found) if j not in hit]
    if moves:
        want = _links(expected)
        got = _links(found)
        back = {j: i for i, j in pairs.items()}
        result.moves_expected, result.moves_found = len(want), len(got)
        result.moves_true = sum(
            all(j in back for j in link) and frozenset(back[j] for j in link) in want
            for link in got)
    result.exact_cases = int(result.exact)
    return result


# --- the edit-distance rule ----------------------------------------------------------------

try:  # the bench extra's python-Levenshtein, when installed: same answers, in C
    from Levenshtein import distance as _fast_distance
except ImportError:  # pragma: no cover
    _fast_distance = None

_PUNCTUATION = re.compile(r"[^\w\s]", re.UNICODE)


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions of one character)."""
    if _fast_distance is not None:
        return int(_fast_distance(a, b))
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _plain(text: str) -> str:
    return collapse(_PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text)))


# At least three characters of four kept: the usual bar of a "near match" in edit-distance
# collation (one edit in a short word), stated once and not tuned on any data.
RULE_SIMILARITY = 0.75


def rule_class(base: str, other: str) -> str:
    """The baseline's class of two readings: ``addition`` / ``omission`` when one is empty,
    ``punctuation`` when equal without punctuation, ``case`` when equal case-folded,
    ``spelling`` when the case-folded, punctuation-free texts have a Levenshtein similarity
    (1 - distance / longer length) of at least :data:`RULE_SIMILARITY`, else
    ``substitution``."""
    base, other = collapse(base), collapse(other)
    if not base or not other:
        return "addition" if not base else "omission"
    a, b = _plain(base), _plain(other)
    if a == b:
        return "punctuation"
    a, b = a.casefold(), b.casefold()
    if a == b:
        return "case"
    longer = max(len(a), len(b))
    # the distance is at least the difference of the lengths: skip the long ones it rules out
    if longer and (min(len(a), len(b)) / longer >= RULE_SIMILARITY
                   and 1 - levenshtein(a, b) / longer >= RULE_SIMILARITY):
        return "spelling"
    return "substitution"


# weightiest first: a place of several witnesses takes the weightiest of their classes
RULE_WEIGHT = ("substitution", "addition", "omission", "spelling", "case", "punctuation")
RULE_FORMAL = frozenset({"spelling", "case", "punctuation"})


# --- the difflib baseline ------------------------------------------------------------------

# the tokens of benchmarks/baselines.py: words and single punctuation marks
_TOKEN = re.compile(r"\w+|[^\w\s]")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _text_of(text: str, tokens: Sequence[tuple[str, int, int]], start: int, end: int) -> str:
    return text[tokens[start][1] : tokens[end - 1][2]] if end > start else ""


def difflib_places(witnesses: Mapping[str, str], base: str) -> list[Place]:
    """Word-level difflib against the base: each non-equal opcode of each witness is a place;
    opcodes of different witnesses that overlap on the base (or insert at one point) are
    merged into one place (ranges that only touch stay apart), in which each witness reads
    what its opcodes put against that stretch of the base; readings are widened to whole
    written words. Classes by :func:`rule_class` (the weightiest over the witnesses); no moves."""
    base_tokens = _tokens(witnesses[base])
    keys = [t.casefold() for t, _, _ in base_tokens]
    opcodes: dict[str, list[tuple[str, int, int, int, int]]] = {}
    tokens: dict[str, list[tuple[str, int, int]]] = {base: base_tokens}
    spans: list[tuple[int, int]] = []
    for witness, text in witnesses.items():
        if witness == base:
            continue
        tokens[witness] = _tokens(text)
        matcher = difflib.SequenceMatcher(None, keys, [t.casefold() for t, _, _ in
                                                       tokens[witness]], autojunk=False)
        opcodes[witness] = [op for op in matcher.get_opcodes()]
        spans += [(i1, i2) for tag, i1, i2, _, _ in opcodes[witness] if tag != "equal"]
    # case-folded matching, as variorum's default normalisation does; case differences
    # inside an equal stretch are places of their own
    for witness, ops in opcodes.items():
        for tag, i1, i2, j1, _ in ops:
            if tag == "equal":
                spans += [(i1 + k, i1 + k + 1) for k in range(i2 - i1)
                          if base_tokens[i1 + k][0] != tokens[witness][j1 + k][0]]
    def merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        """Ranges that overlap, and insertions at one point, as one; ranges that only touch
        (one witness's change ending where another's begins) stay apart."""
        out: list[list[int]] = []
        for start, end in sorted(ranges):
            if out and (start < out[-1][1] or (start == end == out[-1][0] == out[-1][1])):
                out[-1][1] = max(out[-1][1], end)
            else:
                out.append([start, end])
        return [(start, end) for start, end in out]

    points: set[int] = set()  # the base points at which a place of its own is an insertion

    def where(witness: str, start: int, end: int) -> tuple[int, int]:
        """The witness's tokens against base tokens [start, end): its changes inside, and an
        insertion at an edge unless that insertion is a place of its own."""
        first = last = None
        for tag, i1, i2, j1, j2 in opcodes[witness]:
            if tag == "equal":
                lo, hi = max(i1, start), min(i2, end)
                if lo < hi:
                    first = j1 + lo - i1 if first is None else first
                    last = j1 + hi - i1
            elif start <= i1 and i2 <= end and (
                    i2 > i1 or start < i1 < end or start == end or i1 not in points):
                first = j1 if first is None else first
                last = j2
        if first is None or last is None:  # nothing of this witness here: an empty point
            position = next((j1 + max(start - i1, 0) for tag, i1, i2, j1, _ in opcodes[witness]
                             if i2 >= start), len(tokens[witness]))
            return position, position
        return first, last

    def glued(witness: str, left: int) -> bool:
        """Are the witness's tokens ``left`` and ``left + 1`` one written word?"""
        toks = tokens[witness]
        return 0 <= left < len(toks) - 1 and toks[left][2] == toks[left + 1][1]

    def widen(start: int, end: int) -> tuple[int, int]:
        """One step of widening to whole written words, as editors cite them (and as
        variorum's places are widened): a reading grows by the token before it when that
        token is glued to its first (or, for an empty reading, to the token after it), and
        by the token after it when its last token is glued to that one. Outside a place all
        witnesses agree with the base, so one token more in a witness is one in the base."""
        for witness in tokens:
            first, last = ((start, end) if witness == base else where(witness, start, end))
            if start > 0 and first > 0 and glued(witness, first - 1):
                start -= 1
            if last > first and end < len(base_tokens) and glued(witness, last - 1):
                end += 1
        return start, end

    merged = merge(spans)
    for _ in range(32):  # a written word of more tokens is cited as it stands
        points = {start for start, end in merged if start == end}
        widened = merge(widen(start, end) for start, end in merged)
        if widened == merged:
            break
        merged = widened
    points = {start for start, end in merged if start == end}

    places = []
    for number, (start, end) in enumerate(merged, 1):
        readings = {base: _text_of(witnesses[base], base_tokens, start, end)}
        for witness in opcodes:
            readings[witness] = _text_of(witnesses[witness], tokens[witness],
                                         *where(witness, start, end))
        verdicts = {rule_class(readings[base], readings[w]) for w in opcodes
                    if collapse(readings[w]) != collapse(readings[base])}
        if not verdicts:
            continue
        class_ = min(verdicts, key=RULE_WEIGHT.index)
        places.append(Place.of(number, readings, class_))
    return places
