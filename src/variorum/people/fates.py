"""Fates and roles read from the structure of sentences (English), with no model.

A sentence is cut into clauses at ``;`` and ``:``, a clause into segments at commas. A
segment holding a fate phrase (:data:`FATE_PHRASES`) states a fate; one made only of names
and function words lists persons; any other segment is a role (an appositive, "the hero of
Moscow", or a relative clause, "who led the Baltic Fleet") unless it opens with a
preposition ("Among the fighters of the Ural"), which frames the sentence. Reading left to
right:

* a fate goes to the persons listed since the last fate: a coordinated list shares it
  ("A, B, C and D were shot"), an elliptic clause too ("Karakhan, negotiator at
  Brest-Litovsk, shot.");
* a fate with no person before it in its sentence waits for the next persons ("Likewise shot
  X"; "only one survives: Trotsky");
* a fate whose segment has no subject of its own (only function words before it: "but have
  been in captivity", "all in prison") goes to the persons of the last fate, or to those
  listed before it in the sentence;
* the persons after "the same fate as" share the fate of those before;
* a sentence of persons without a fate that opens with "Also", "Likewise", "Similarly" (or
  "So too") carries the last fate of the sentence before, tagged ``carried``;
* a role after a list goes to the whole list, unless it is a relative clause or opens with
  *a*/*an* (then to the last person); a role before a list (after a frame or at the start)
  goes to the persons that follow;
* a hedge in the clause ("probably", "perhaps", "if they are still living", "who knows")
  tags the fate ``hedged``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..text.function_words import FUNCTION_WORDS
from ..text.sentences import sentence_spans
from ..text.words import WORD


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


__all__ = ["FATE_PHRASES", "HEDGES", "FateFound", "MentionFacts", "read_fates"]

_AUX = r"(?:(?:was|were|is|are|has|have|had|been|being|having|be)\s+)*"
# Each fate and the phrases that say it (regular expressions, case-insensitive, matched at
# word boundaries; the longest phrase at a place wins). docs/people.md lists them.
FATE_PHRASES: dict[str, tuple[str, ...]] = {
    "suicide": (r"committed\s+suicide", r"took\s+(?:his|her|their)\s+own\s+lives?",
                r"(?:killed|shot|hanged|poisoned)\s+(?:himself|herself|themselves)",
                r"suicide"),
    "executed": (_AUX + r"(?:shot|executed|hanged|hung|beheaded|guillotined|liquidated)"
                 r"(?:\s+without\s+(?:a\s+)?trial)?",
                 _AUX + r"put\s+to\s+death", r"sentenced\s+to\s+death",
                 r"before\s+a\s+firing\s+squad", r"(?:his|her|their)\s+execution"),
    "disappeared": (_AUX + r"(?:disappeared|vanished)(?:\s+(?:in|into)\s+(?:prison|jail|"
                    r"the\s+camps?|a\s+camp|captivity))?",
                    _AUX + r"(?:gone\s+)?missing", r"without\s+(?:a\s+)?trace"),
    "imprisoned": (_AUX + r"(?:(?:still|now|all)\s+)?in\s+(?:(?:a|the)\s+)?(?:prison|jail|gaol|"
                   r"camps?|concentration\s+camps?|labou?r\s+camps?|penal\s+colony|gulag)",
                   _AUX + r"in\s+(?:[a-z]+\s+){0,6}?captivity",
                   _AUX + r"(?:imprisoned|jailed|incarcerated|arrested|interned|detained)",
                   r"behind\s+bars"),
    "exiled": (_AUX + r"(?:exiled|deported|banished|expelled)", r"in\s+exile",
               r"(?:a\s+)?refugees?", r"emigrated", r"fled\s+(?:to|abroad)"),
    "died": (_AUX + r"(?:died|perished|deceased)", r"(?:is|are|was|were)\s+dead",
             r"passed\s+away",
             _AUX + r"killed(?!\s+(?:himself|herself|themselves))",
             r"succumbed(?!\s+to\s+the\s+same\s+fate)"),
    "survived": (r"(?:only\s+\w+\s+)?(?:survives?|survived)",
                 r"(?:(?:is|are|was|were)\s+(?:still\s+)?|still\s+)(?:alive|living)",
                 r"lives?\s+on"),
    "rehabilitated": (_AUX + r"(?:rehabilitated|exonerated|pardoned)",),
    "unknown": (r"(?:(?:his|her|their)\s+)?fate\s+(?:is\s+|remains\s+)?unknown",
                r"whereabouts\s+(?:are\s+|is\s+)?unknown", r"no\s+news\s+of"),
}
HEDGES: tuple[str, ...] = (
    r"probably", r"perhaps", r"possibly", r"presumably", r"reportedly", r"apparently",
    r"it\s+is\s+said", r"(?:is|are)\s+said\s+to", r"may\s+have", r"might\s+have",
    r"if\s+(?:he|she|they)\s+(?:is|are)\s+still\s+(?:alive|living)", r"who\s+knows",
    r"seems?\s+to", r"rumou?red", r"believed\s+to",
)
_SAME_FATE = re.compile(r"\b(?:succumbed\s+to|suffered|met|shares?|shared)?\s*the\s+same\s+fate"
                        r"(?:\s+as)?\b", re.IGNORECASE)
_CARRIERS = _set("also likewise similarly")
_PREPOSITIONS = _set("""of among in during after before for from with under at on by
since until about against between through throughout within without despite""")
_GOVERNING = _PREPOSITIONS | {"to", "into", "towards", "onto"}
_NOUN_BEFORE_SHOT = _set("a the big one first last his her their every")

_FATE_NAMES = list(FATE_PHRASES)
_PATTERNS = [r"\b(?:" + "|".join(phrases) + r")\b" for phrases in FATE_PHRASES.values()]
# (every hedge opens with one of the letters looked ahead for: most words are passed over at
# their first letter)
_HEDGE = r"\b(?=[abimprsw])(?:" + "|".join(HEDGES) + r")\b"
_SAME = "same"  # in every match of _SAME_FATE


class _Patterns:
    """The patterns of fates, hedges and "the same fate", case-insensitive, or the same
    patterns case-sensitive for a text in lower case (twice as fast)."""

    def __init__(self, flags: int) -> None:
        self.fates = [re.compile(p, flags) for p in _PATTERNS]
        self.hedge = re.compile(_HEDGE, flags)
        self.same = re.compile(_SAME, flags)
        self.same_fate = re.compile(_SAME_FATE.pattern, flags)
        self.trigger = re.compile(_TRIGGER.pattern, flags)


# These patterns are all lower-case letters, white space and \w, \s, \b: matched
# case-insensitively, a character matches a letter exactly when its lower case is that letter,
# and lower case keeps \w and \s — but for the dotless i and the long s (U+0131, U+017F), which
# match i and s case-insensitively and stay themselves in lower case, and for characters whose
# lower case is longer (U+0130), which would shift the offsets. Checked for every character
# by tests/people/test_people.py.
_UNFOLDED = ("\u0131", "\u017f")


def _folded(text: str) -> tuple[str, _Patterns]:
    """``text`` in lower case with the case-sensitive patterns when the two match the same
    spans as the case-insensitive patterns on ``text`` (see :data:`_UNFOLDED`), else
    ``text`` with the case-insensitive patterns."""
    lower = text.lower()
    if len(lower) == len(text) and not any(c in text for c in _UNFOLDED):
        return lower, _LOWER
    return text, _ANY_CASE


@dataclass(frozen=True, slots=True)
class FateFound:
    fate: str
    start: int
    end: int
    tags: tuple[str, ...] = ()


@dataclass
class MentionFacts:
    """What the sentences say of one mention (offsets into the analysed text)."""

    fates: list[FateFound] = field(default_factory=list)
    roles: list[tuple[int, int]] = field(default_factory=list)
    subject: bool = False  # listed as a person (not inside a role or frame)


# Every fate phrase holds one of these words: the phrases are looked for only near them (a
# phrase starting with auxiliaries is otherwise tried at every word of the text). None is
# the beginning of another, so the pattern is written as a tree of their letters (``re``
# then tries a few branches at each word, not every word of the list).
TRIGGER_WORDS: tuple[str, ...] = tuple(_set("""
suicid himself herself themselves liv lif shot execut hang hung behead guillotin liquidat
death squad disappear vanish missing trace prison jail gaol camp colon gulag captiv imprison
incarcerat arrest intern detain bars exil deport banish expel refugee emigrat fled die perish
deceas dead away kill succumb surviv aliv rehabilitat exonerat pardon unknown news
"""))


def _tree(words: Sequence[str]) -> str:
    """A pattern matching each of ``words`` (none the beginning of another)."""
    branches: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        branches.setdefault(word[0], []).append(word[1:])
    parts = [re.escape(first) + (_tree(rest) if any(rest) else "")
             for first, rest in branches.items()]
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


_TRIGGER = re.compile(r"\b(?=[a-z])" + _tree(TRIGGER_WORDS), re.IGNORECASE)
_REACH_BACK, _REACH_ON = 160, 80  # characters around a trigger word a phrase may span
_ANY_CASE = _Patterns(re.IGNORECASE)
_LOWER = _Patterns(0)


def _near_triggers(text: str, start: int, end: int,
                   patterns: _Patterns = _ANY_CASE) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for match in patterns.trigger.finditer(text, start, end):
        lo, hi = max(start, match.start() - _REACH_BACK), min(end, match.end() + _REACH_ON)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def fate_phrases(text: str, start: int, end: int,
                 folded: tuple[str, _Patterns] | None = None) -> list[FateFound]:
    """The fate phrases of ``text[start:end]``, longest first where they overlap;
    ``folded``: :func:`_folded` of ``text`` when already made."""
    found: list[FateFound] = []
    searched, patterns = _folded(text) if folded is None else folded
    for lo, hi in _near_triggers(searched, start, end, patterns):
        for fate_index, pattern in enumerate(patterns.fates):
            for match in pattern.finditer(searched, lo, hi):
                found.append(FateFound(_FATE_NAMES[fate_index], match.start(), match.end()))
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[FateFound] = []
    for fate in found:
        if fate.fate == "executed" and _noun_shot(text, fate):
            continue
        if kept and fate.start < kept[-1].end:
            if fate.end - fate.start > kept[-1].end - kept[-1].start:
                kept[-1] = fate  # the longest phrase at a place wins
            continue
        kept.append(fate)
    return kept


def _noun_shot(text: str, fate: FateFound) -> bool:
    """'a shot', 'the first shot': the noun, not the fate."""
    before = re.search(r"(\w+)\W*$", text[max(0, fate.start - 20) : fate.start])
    return (text[fate.start : fate.end].casefold() == "shot" and before is not None
            and before.group(1).casefold() in _NOUN_BEFORE_SHOT)


@dataclass
class _Segment:
    start: int
    end: int
    mentions: list[int]  # indexes into the mention list
    fates: list[FateFound]
    kind: str  # "fate", "names", "role", "frame", "empty", "aside" (see _segments)
    opener: str  # first word, casefolded
    clause: int = 0
    tail: list[int] = field(default_factory=list)  # mentions after its last fate
    tail_role: tuple[int, int] | None = None  # "of the Political Bureau" after names


def _words(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(WORD.finditer(text, start, end))


def _classify(text: str, segment: _Segment, spans: Sequence[tuple[int, int]],
              hedges: list[tuple[int, int]], words: list[re.Match[str]]) -> str:
    """``words``: the words of the segment."""
    if segment.fates:
        return "fate"
    inside = [spans[i] for i in segment.mentions]
    rest = []
    ahead = 0  # the first mention not ending before the word (mentions are sorted, apart)
    for word in words:
        at = word.start()
        while ahead < len(inside) and inside[ahead][1] <= at:
            ahead += 1
        if ahead < len(inside) and inside[ahead][0] <= at:
            continue
        if hedges and any(s <= at < e for s, e in hedges):
            continue
        rest.append(word.group().casefold())
    if not rest and not segment.mentions:
        return "empty"
    content = [w for w in rest if w not in FUNCTION_WORDS]
    if not content:
        possessed = any(text[spans[i][1] : spans[i][1] + 2] in ("'s", "’s")
                        for i in segment.mentions)
        if segment.mentions and not possessed:
            return "names"
        return "frame" if not segment.mentions else "names"
    first_content = next((w.start() for w in words
                          if w.group().casefold() not in FUNCTION_WORDS
                          or any(s <= w.start() < e for s, e in inside)), segment.end)
    opens_with_name = bool(inside) and first_content >= inside[0][0]
    last_word = words[-1]
    if inside and not opens_with_name and inside[-1][1] >= last_word.end():
        return "names"  # "After the trial Orlov": a frame, then the names it opens on
    if not opens_with_name and rest and rest[0] in _PREPOSITIONS:
        return "frame"
    if opens_with_name:
        # "Sokolnikov and Bubnov of the Political Bureau": names, then who they were
        after = [w for w in _words(text, inside[-1][1], segment.end)]
        if after and after[0].group().casefold() in _PREPOSITIONS | {"the"}:
            segment.tail_role = (after[0].start(), segment.end)
            return "names"
    return "role"


def _first_word_start(text: str, segment: _Segment) -> int:
    match = WORD.search(text, segment.start, segment.end)
    return match.start() if match else segment.end


def read_fates(text: str, spans: Sequence[tuple[int, int]],
               sentences: list[tuple[int, int]] | None = None) -> list[MentionFacts]:
    """The fates and roles of the mentions at ``spans`` (sorted ``(start, end)`` offsets
    into ``text``), one :class:`MentionFacts` each; ``sentences`` are the text's
    :func:`~variorum.text.sentences.sentence_spans` when already cut."""
    facts = [MentionFacts() for _ in spans]
    starts = [s for s, _ in spans]
    previous_fate: FateFound | None = None
    folded = _folded(text)
    searched, patterns = folded
    every_fate = fate_phrases(text, 0, len(text), folded)
    fate_starts = [f.start for f in every_fate]
    same_at = [m.start() for m in patterns.same.finditer(searched)]
    for s_start, s_end in sentence_spans(text) if sentences is None else sentences:
        first = bisect.bisect_left(starts, s_start)
        last = bisect.bisect_left(starts, s_end)
        fates = [f for f in every_fate[bisect.bisect_left(fate_starts, s_start)
                                       : bisect.bisect_left(fate_starts, s_end)]
                 if f.end <= s_end]
        if first == last:
            if fates:
                previous_fate = fates[-1]
            continue
        hedges = [m.span() for m in patterns.hedge.finditer(searched, s_start, s_end)]
        at = bisect.bisect_left(same_at, s_start)
        carriers = ([m.span() for m in patterns.same_fate.finditer(searched, s_start, s_end)]
                    if at < len(same_at) and same_at[at] < s_end else [])
        # a hedge phrase is not a fate ("if they are still living")
        fates = [f for f in fates if not any(h0 <= f.start and f.end <= h1 for h0, h1 in hedges)]
        segments = _segments(text, s_start, s_end, spans, starts, first, last, fates,
                             hedges + carriers)
        carried = _read_sentence(text, segments, spans, facts, hedges)
        if not carried and previous_fate is not None and _opener(text, s_start,
                                                                 s_end) in _CARRIERS:
            for segment in segments:
                if segment.kind == "names":
                    for index in segment.mentions:
                        facts[index].fates.append(FateFound(
                            previous_fate.fate, previous_fate.start, previous_fate.end,
                            (*previous_fate.tags, "carried")))
        if fates:
            previous_fate = fates[-1]
    return facts


def _opener(text: str, start: int, end: int) -> str:
    """The first word of ``text[start:end]``, casefolded ("" for none)."""
    match = WORD.search(text, start, end)
    return match.group().casefold() if match else ""


_CUT = re.compile(r"[,;:()—–]|\s-\s|\.(?=\s*$)")  # segments end at these


def _segments(text: str, s_start: int, s_end: int, spans: Sequence[tuple[int, int]],
              starts: Sequence[int], first: int, last: int, fates: list[FateFound],
              hedges: list[tuple[int, int]]) -> list[_Segment]:
    """The segments of a sentence whose mentions are ``spans[first:last]`` (``starts``:
    their starts, sorted) and whose fates are ``fates`` (sorted)."""
    segments: list[_Segment] = []
    clause = 0
    position = s_start
    fate_starts = [f.start for f in fates]
    for match in _CUT.finditer(text, s_start, s_end):
        cut = match.start()
        # the mention starting last before the cut (mentions do not overlap)
        at = bisect.bisect_left(starts, cut, first, last) - 1
        if at >= first and spans[at][1] > cut:
            continue
        segments.append(_segment(text, position, cut, spans, starts, first, last, fates,
                                 fate_starts, clause, hedges))
        if match.group() in ";:":
            clause += 1
        position = match.end()
    segments.append(_segment(text, position, s_end, spans, starts, first, last, fates,
                             fate_starts, clause, hedges))
    # A segment of none of these ("aside") is a role or a frame only to the names or fates
    # next to it: it is read only when it has such a neighbour (else it gives nothing).
    for at, segment in enumerate(segments):
        if segment.kind == "aside" and (
                (at > 0 and segments[at - 1].kind not in _PLAIN)
                or (at + 1 < len(segments) and segments[at + 1].kind not in _PLAIN)):
            _plain_kind(text, segment)
    return segments  # an empty one (only a hedge) still bounds its clause


_PLAIN = ("aside", "role", "frame", "empty")  # the kinds of a segment without names or fates


def _plain_kind(text: str, segment: _Segment) -> None:
    """The kind and opener of a segment without names, fates or hedges: what _classify finds
    from its words alone, read faster."""
    plain = WORD.findall(text, segment.start, segment.end)
    if not plain:
        segment.kind = "empty"
        return
    segment.opener = plain[0].casefold()
    segment.kind = "frame" if segment.opener in _PREPOSITIONS or all(
        w.casefold() in FUNCTION_WORDS for w in plain) else "role"


def _segment(text: str, start: int, end: int, spans: Sequence[tuple[int, int]],
             starts: Sequence[int], first: int, last: int, fates: list[FateFound],
             fate_starts: list[int], clause: int, hedges: list[tuple[int, int]]) -> _Segment:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    lo = bisect.bisect_left(starts, start, first, last)
    hi = bisect.bisect_left(starts, end, lo, last)  # mentions starting in the segment
    f_lo = bisect.bisect_left(fate_starts, start)
    own = [f for f in fates[f_lo : bisect.bisect_left(fate_starts, end, f_lo)] if f.end <= end]
    if not hedges and not own and lo == hi:
        return _Segment(start, end, [], [], "aside", "", clause)  # see _plain_kind
    inside = [i for i in range(lo, hi) if spans[i][1] <= end]
    words = _words(text, start, end)
    opener = words[0].group().casefold() if words else ""
    segment = _Segment(start, end, inside, own, "", opener)
    segment.kind = _classify(text, segment, spans, hedges, words)
    segment.clause = clause
    if own:
        segment.tail = [i for i in inside if spans[i][0] >= own[-1].end]
    return segment


def _hedged(fate: FateFound, segments: list[_Segment], at: int,
            hedges: list[tuple[int, int]]) -> FateFound:
    clause = segments[at].clause
    lo = min(s.start for s in segments if s.clause == clause)
    hi = max(s.end for s in segments if s.clause == clause)
    near = [h for h in hedges if lo <= h[0] and h[1] <= hi
            and (h[0] >= segments[at].start - 1 or h[1] <= fate.start)]
    return FateFound(fate.fate, fate.start, fate.end, ("hedged",)) if near else fate


def _subjectless(text: str, segment: _Segment, fate: FateFound,
                 spans: Sequence[tuple[int, int]], hedges: list[tuple[int, int]]) -> bool:
    """Only function words (or hedges) stand before the fate in its segment."""
    for word in _words(text, segment.start, fate.start):
        if any(h0 <= word.start() < h1 for h0, h1 in hedges):
            continue
        if word.group().casefold() not in FUNCTION_WORDS:
            return False
    return True


def _read_sentence(text: str, segments: list[_Segment], spans: Sequence[tuple[int, int]],
                   facts: list[MentionFacts], hedges: list[tuple[int, int]]) -> bool:
    """Give the sentence's fates and roles to its mentions; whether any fate was given."""
    pending: list[int] = []  # persons listed since the last fate
    last_group: list[int] = []  # the persons the last fate went to
    waiting: list[FateFound] = []  # fates said before any person ("Likewise shot X")
    given = False
    # Roles first: each role segment to its list.
    for segment in segments:
        if segment.kind == "names" and segment.tail_role is not None:
            for index in segment.mentions:
                facts[index].roles.append(segment.tail_role)
    for at, segment in enumerate(segments):
        if segment.kind != "role":
            continue
        before = _list_before(segments, at)
        if before:
            single = segment.opener in ("who", "whom", "whose", "which", "a", "an")
            targets = before[-1:] if single else before
        else:
            targets = _list_after(segments, at)
        for index in targets:
            facts[index].roles.append((segment.start, segment.end))
    for at, segment in enumerate(segments):
        if segment.kind in ("role", "frame", "aside"):
            continue
        events: list[tuple[int, str, object]] = [(spans[i][0], "m", i)
                                                 for i in segment.mentions
                                                 if not _possessor(text, spans[i])
                                                 and not _governed(text, spans[i])]
        events += [(f.start, "f", f) for f in segment.fates]
        events.sort(key=lambda e: e[0])
        for _, what, item in events:
            if what == "m":
                assert isinstance(item, int)
                facts[item].subject = True
                pending.append(item)
                continue
            assert isinstance(item, FateFound)
            fate = _hedged(item, segments, at, hedges)
            if pending:
                targets, last_group, pending = pending, pending, []
                for index in targets:
                    facts[index].fates.extend(waiting)
                waiting = []
            elif last_group and _subjectless(text, segment, item, spans, hedges):
                targets = last_group
            elif not last_group:
                waiting.append(fate)
                continue
            else:
                continue
            for index in targets:
                facts[index].fates.append(fate)
            given = True
    if pending and waiting:
        for index in pending:
            facts[index].fates.extend(waiting)
        given = True
    return given


def _governed(text: str, span: tuple[int, int]) -> bool:
    """A name after a preposition ("exiled to Siberia", "after Kronstadt") is no subject."""
    before = re.search(r"(\w+)[^\w.!?;:]*$", text[max(0, span[0] - 20) : span[0]])
    return before is not None and before.group(1).casefold() in _GOVERNING


def _possessor(text: str, span: tuple[int, int]) -> bool:
    return text[span[1] : span[1] + 2] in ("'s", "’s")


def _list_before(segments: list[_Segment], at: int) -> list[int]:
    found: list[int] = []
    for segment in reversed(segments[:at]):
        if segment.kind == "names":
            found = segment.mentions + found
        elif segment.kind == "fate" and not found:
            return segment.tail  # "Likewise shot X, who ...": the persons after its fate
        else:
            break
    return found


def _list_after(segments: list[_Segment], at: int) -> list[int]:
    found: list[int] = []
    for segment in segments[at + 1 :]:
        if segment.kind == "names":
            found += segment.mentions
        elif segment.kind == "fate" and segment.mentions:
            found += [i for i in segment.mentions]
            break
        else:
            break
    return found
