"""A labelled corpus of text reuse, generated: distractor documents with planted copies.

Everything is invented here (words are built from syllables), so no outside text enters the
repository, and a seed always gives the same corpus. Documents are paragraphs of sentences
of Zipf-distributed words, with the typographic marks real text has (curly quotes, dashes,
accented names), so that encoding damage has something to damage.

A *plant* copies a passage of one document (one to four paragraphs) into another document,
or later into the same one, in one of these ways:

``exact``      as it is
``mojibake``   some of its sentences encoded as UTF-8 and decoded as windows-1252
``edited``     5% of its words substituted, dropped, added or misspelt
``truncated``  its first or last 20-40% cut off
``reordered``  its paragraphs shuffled (at least three of them)

With ``partial_reuse``, some passages already copied whole (exact or edited) are copied once
more, in part (a run of their paragraphs), into a third document: a source reused at two
extents (kind ``partial``). The part is labelled twice, against the source and against the
first copy, so that a finder reporting one group of three copies is scored per pair.

Each plant is labelled with the character spans of the copy in both texts as written, so
found passages can be scored with PAN's character-level measures (see :func:`plagdet`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

__all__ = ["KINDS", "Case", "Corpus", "make_corpus", "plagdet", "write_corpus"]

KINDS = ("exact", "mojibake", "edited", "truncated", "reordered")
MIN_PLANT_WORDS = 60  # a copy stays above the finder's default of 40 words once cut

def _split(text: str) -> list[str]:
    return text.split()


_FUNCTION = _split(
    "the of and to a in that is was he for it with as his on be at by had "
    "not are but from or have an they which one were her all she there "
    "would their we him been has when who will more no if out so said what "
    "up its about into than them can only other new some could time these "
    "two may then do first any"
)
_ONSETS = _split(
    "b br c ch cl d dr f fl g gr h j k l m n p pl pr r s sh sk st str t th "
    "tr v w"
)
_VOWELS = _split(
    "a e i o u a e i o ai ea ou"
)
_CODAS = ["", "", "", "n", "r", "s", "t", "l", "nd", "st", "rk", "ng", "m"]
_ACCENTED = _split(
    "é è ö ü á ñ ç"
)


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    words, seen = list(_FUNCTION), set(_FUNCTION)
    while len(words) < size:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(rng.choice((1, 2, 2, 3))))
        if rng.random() < 0.05:  # names, some with accents
            word = word.capitalize()
            if rng.random() < 0.4:
                i = rng.randrange(1, len(word))
                word = word[:i] + rng.choice(_ACCENTED) + word[i + 1:]
        elif rng.random() < 0.03:
            word += "’s"
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class _Writer:
    """Sentences and paragraphs of Zipf-distributed words, drawn by numpy in bulk."""

    BULK = 1 << 16

    def __init__(self, seed: int, vocabulary_size: int = 20000) -> None:
        self.rng = random.Random(seed)
        self.np_rng = np.random.default_rng(seed)
        self.words = _vocabulary(self.rng, vocabulary_size)
        weights = 1.0 / (np.arange(len(self.words)) + 2.7)
        self.cumulative = np.cumsum(weights / weights.sum())
        self._drawn: list[str] = []
        self._lengths: list[int] = []
        self._rolls: list[float] = []

    def _refill(self) -> None:
        picks = np.searchsorted(self.cumulative, self.np_rng.random(self.BULK))
        picks = np.minimum(picks, len(self.words) - 1)
        self._drawn = [self.words[i] for i in picks.tolist()]
        self._lengths = np.maximum(4, self.np_rng.normal(18, 7, self.BULK // 8)).astype(
            int).tolist()
        self._rolls = self.np_rng.random(self.BULK).tolist()

    def sentence(self) -> str:
        if len(self._drawn) < 64 or not self._lengths or len(self._rolls) < 64:
            self._refill()
        length = self._lengths.pop()
        words = self._drawn[-length:]
        del self._drawn[-length:]
        words[0] = words[0][:1].upper() + words[0][1:]
        rolls = self._rolls[-length:]
        del self._rolls[-length:]
        for i in range(1, length - 1):
            if rolls[i] < 0.08:
                words[i] += ","
            elif rolls[i] < 0.1:
                words[i] += " —"
        if length > 6 and rolls[0] < 0.15:
            i = 1 + int(rolls[-1] * (length - 4))
            words[i] = "“" + words[i]
            words[i + 2] += "”"
        return " ".join(words) + ".....?!"[int(rolls[0] * 7)]

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 6)))

    def paragraphs(self, words: int) -> list[str]:
        result, count = [], 0
        while count < words:
            paragraph = self.paragraph()
            result.append(paragraph)
            count += paragraph.count(" ") + 1
        return result


@dataclass(frozen=True)
class Case:
    """A planted copy: ``source[start:end]`` of document ``source_doc`` reappears as
    ``target[start:end]`` of ``target_doc`` (``kind`` says how it was changed)."""

    kind: str
    source_doc: int
    source_span: tuple[int, int]
    target_doc: int
    target_span: tuple[int, int]


@dataclass
class Corpus:
    texts: list[str]
    cases: list[Case] = field(default_factory=list)

    def names(self) -> list[str]:
        return [f"doc{i:05d}.txt" for i in range(len(self.texts))]


def _mojibake(rng: random.Random, paragraph: str) -> str:
    sentences = paragraph.split(". ")
    for i in range(len(sentences)):
        if rng.random() < 0.5:
            sentences[i] = sentences[i].encode("utf-8").decode("cp1252", errors="replace")
    return ". ".join(sentences)


def _edited(rng: random.Random, writer: _Writer, paragraph: str, rate: float = 0.05) -> str:
    out: list[str] = []
    for word in paragraph.split(" "):
        roll = rng.random()
        if roll >= rate:
            out.append(word)
            continue
        kind = rng.randrange(4)
        if kind == 0:
            out.append(rng.choice(writer.words))
        elif kind == 1:
            continue  # dropped
        elif kind == 2:
            out.extend([word, rng.choice(writer.words)])
        else:
            i = rng.randrange(len(word)) if word else 0
            out.append(word[:i] + rng.choice("aeiourstnl") + word[i + 1:])
    return " ".join(out)


def _transform(kind: str, rng: random.Random, writer: _Writer, paragraphs: list[str],
               ) -> tuple[list[str], float, float]:
    """The copy's paragraphs, and which share of the source (from, to) it keeps."""
    if kind == "mojibake":
        return [_mojibake(rng, p) for p in paragraphs], 0.0, 1.0
    if kind == "edited":
        return [_edited(rng, writer, p) for p in paragraphs], 0.0, 1.0
    if kind == "reordered":
        shuffled = paragraphs[:]
        while shuffled == paragraphs:
            rng.shuffle(shuffled)
        return shuffled, 0.0, 1.0
    if kind == "truncated":
        cut = rng.uniform(0.2, 0.4)
        if rng.random() < 0.5:
            return paragraphs, cut, 1.0
        return paragraphs, 0.0, 1.0 - cut
    return paragraphs, 0.0, 1.0


def make_corpus(documents: int, words_per_document: int = 1500, plants: int | None = None,
                seed: int = 7, kinds: Sequence[str] = KINDS, within_share: float = 0.2,
                partial_reuse: int = 0) -> Corpus:
    """``documents`` distractor documents and ``plants`` planted copies (default: one per
    two documents), each kind in turn, and up to ``partial_reuse`` passages copied a second
    time in part (the corpus without them is the same)."""
    writer = _Writer(seed)
    rng = writer.rng
    bodies = [writer.paragraphs(words_per_document) for _ in range(documents)]
    plants = documents // 2 if plants is None else plants
    used_sources: set[tuple[int, int]] = set()
    inserts: dict[int, list[tuple[int, list[str], int]]] = {}  # target -> (at, paras, plant)
    specs = []
    for number in range(plants):
        kind = kinds[number % len(kinds)]
        for _ in range(100):
            source = rng.randrange(documents)
            count = rng.randint(3, 4) if kind == "reordered" else rng.randint(1, 4)
            if len(bodies[source]) <= count:
                continue
            first = rng.randrange(len(bodies[source]) - count + 1)
            words = sum(len(p.split()) for p in bodies[source][first:first + count])
            if words < (MIN_PLANT_WORDS * 5 // 3 if kind == "truncated" else MIN_PLANT_WORDS):
                continue
            if any((source, i) in used_sources for i in range(first, first + count)):
                continue
            if any(first < at < first + count for at, _, _ in inserts.get(source, [])):
                continue  # a copy planted inside would split the passage
            break
        else:
            continue
        used_sources.update((source, i) for i in range(first, first + count))
        copied, keep_from, keep_to = _transform(kind, rng, writer,
                                                bodies[source][first:first + count])
        if rng.random() < within_share:
            target, at = source, len(bodies[source])  # a second copy at the end
        else:
            target = rng.randrange(documents - 1)
            target += target >= source
            at = rng.randrange(len(bodies[target]) + 1)
            while (target, at - 1) in used_sources and (target, at) in used_sources:
                at = rng.randrange(len(bodies[target]) + 1)  # not inside a copied passage
        inserts.setdefault(target, []).append((at, copied, number))
        specs.append((kind, source, first, count, keep_from, keep_to, target))
    partials = _plant_partial(rng, bodies, specs, inserts, used_sources, partial_reuse)
    texts, places = _render(bodies, inserts)
    cases = []
    for number, (kind, source, first, count, keep_from, keep_to, target) in enumerate(specs):
        start = places[("body", source, first)][0]
        end = places[("body", source, first + count - 1)][1]
        copy_start, copy_end = places[("plant", target, number)]
        if kind == "truncated":
            # Cut on word boundaries of both texts alike (the copy is the source's text).
            text = texts[target][copy_start:copy_end]
            words = text.split(" ")
            low, high = int(len(words) * keep_from), math.ceil(len(words) * keep_to)
            kept = " ".join(words[low:high])
            skip = len(" ".join(words[:low])) + (1 if low else 0)
            texts[target] = (texts[target][:copy_start + skip] + kept
                             + texts[target][copy_start + skip + len(kept):])
            # Replace the cut parts by filler of the same length, so offsets stay valid.
            head = texts[target][copy_start:copy_start + skip]
            tail = texts[target][copy_start + skip + len(kept):copy_end]
            texts[target] = (texts[target][:copy_start] + _filler(writer, len(head))
                             + texts[target][copy_start + skip:copy_start + skip + len(kept)]
                             + _filler(writer, len(tail)) + texts[target][copy_end:])
            start, end = start + skip, start + skip + len(kept)
            copy_start, copy_end = copy_start + skip, copy_start + skip + len(kept)
        cases.append(Case(kind, source, (start, end), target, (copy_start, copy_end)))
    for number, whole, low, high, target in partials:
        kind, source, first, _, _, _, first_target = specs[whole]
        start = places[("body", source, first + low)][0]
        end = places[("body", source, first + high - 1)][1]
        copy = places[("plant", target, number)]
        cases.append(Case("partial", source, (start, end), target, copy))
        # The same paragraphs inside the first copy (which kept them in order).
        offsets = _paragraph_offsets(inserts[first_target], whole)
        begin = places[("plant", first_target, whole)][0]
        cases.append(Case("partial", first_target, (begin + offsets[low][0],
                                                     begin + offsets[high - 1][1]),
                          target, copy))
    return Corpus(texts, cases)


def _paragraph_offsets(planted: list[tuple[int, list[str], int]], number: int
                       ) -> list[tuple[int, int]]:
    """Spans of the paragraphs of plant ``number`` from the start of the plant."""
    paragraphs = next(paras for _, paras, plant in planted if plant == number)
    spans, position = [], 0
    for paragraph in paragraphs:
        spans.append((position, position + len(paragraph)))
        position += len(paragraph) + 2
    return spans


def _plant_partial(rng: random.Random, bodies: list[list[str]], specs: list[tuple[
        str, int, int, int, float, float, int]], inserts: dict[int, list[tuple[
            int, list[str], int]]], used: set[tuple[int, int]], wanted: int
                   ) -> list[tuple[int, int, int, int, int]]:
    """Second, partial copies of passages copied whole: (plant number, number of the whole
    copy, first and end paragraph of the part, target document)."""
    made: list[tuple[int, int, int, int, int]] = []
    if not wanted:
        return made
    candidates = [n for n, spec in enumerate(specs)
                  if spec[0] in ("exact", "edited") and spec[3] >= 2 and spec[1] != spec[6]]
    rng.shuffle(candidates)
    for whole in candidates[:wanted]:
        kind, source, first, count, _, _, first_target = specs[whole]
        copied = next(p for _, p, n in inserts[first_target] if n == whole)
        for _ in range(20):
            low = rng.randrange(count)
            high = rng.randint(low + 1, count)
            if high - low == count:
                continue  # a part, not the whole
            words = sum(len(p.split()) for p in bodies[source][first + low:first + high])
            if words >= MIN_PLANT_WORDS:
                break
        else:
            continue
        target = rng.randrange(len(bodies))
        while target in (source, first_target):
            target = rng.randrange(len(bodies))
        at = rng.randrange(len(bodies[target]) + 1)
        while (target, at - 1) in used and (target, at) in used:
            at = rng.randrange(len(bodies[target]) + 1)
        number = len(specs) + len(made)
        paragraphs = (copied[low:high] if kind == "exact"
                      else bodies[source][first + low:first + high])
        inserts.setdefault(target, []).append((at, paragraphs, number))
        made.append((number, whole, low, high, target))
    return made


def _filler(writer: _Writer, length: int) -> str:
    """Fresh distractor text of exactly ``length`` characters (so offsets stay put)."""
    if length <= 0:
        return ""
    text = ""
    while len(text) < length + 1:
        text += " " + writer.sentence()
    return text[1 : length + 1] if length > 1 else " "


class _Layout:
    """A document being written paragraph by paragraph, with each paragraph's span."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0

    def add(self, paragraph: str) -> tuple[int, int]:
        if self.pieces:
            self.pieces.append("\n\n")
            self.length += 2
        start = self.length
        self.pieces.append(paragraph)
        self.length += len(paragraph)
        return start, self.length


def _render(bodies: list[list[str]], inserts: dict[int, list[tuple[int, list[str], int]]]
            ) -> tuple[list[str], dict[tuple[str, int, int], tuple[int, int]]]:
    texts, places = [], {}
    for index, body in enumerate(bodies):
        layout = _Layout()
        planted = sorted(inserts.get(index, []), key=lambda item: item[0])
        for position in range(len(body) + 1):
            for at, paragraphs, number in planted:
                if at == position:
                    spans = [layout.add(p) for p in paragraphs]
                    places[("plant", index, number)] = (spans[0][0], spans[-1][1])
            if position < len(body):
                places[("body", index, position)] = layout.add(body[position])
        texts.append("".join(layout.pieces))
    return texts, places


def write_corpus(corpus: Corpus, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in zip(corpus.names(), corpus.texts, strict=True):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


# --- PAN's measures (Potthast et al., 2010), on characters -------------------------------

Detection = tuple[int, tuple[int, int], int, tuple[int, int]]  # doc, span, doc, span


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int] | None:
    low, high = max(a[0], b[0]), min(a[1], b[1])
    return (low, high) if low < high else None


def _oriented(case: Case, detection: Detection) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The detection's (source part, target part) if it detects the case, else None."""
    doc_1, span_1, doc_2, span_2 = detection
    for (d_s, s_s), (d_t, s_t) in (((doc_1, span_1), (doc_2, span_2)),
                                   ((doc_2, span_2), (doc_1, span_1))):
        if d_s == case.source_doc and d_t == case.target_doc:
            source, target = _overlap(s_s, case.source_span), _overlap(s_t, case.target_span)
            if source and target:
                return source, target
    return None


def _union_length(spans: list[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for start, end in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    granularity: float

    @property
    def plagdet(self) -> float:
        if self.precision + self.recall == 0:
            return 0.0
        f1 = 2 * self.precision * self.recall / (self.precision + self.recall)
        return f1 / math.log2(1 + self.granularity)


def plagdet(cases: Sequence[Case], detections: Sequence[Detection], *,
            only_detecting: bool = False) -> Scores:
    """Macro-averaged character precision and recall, and granularity (PAN 2010).

    A case's characters are those of its source span and its target span; a detection
    detects a case when it overlaps both. Precision is over all detections, or with
    ``only_detecting`` over those that detect one of ``cases`` (to score one kind of case
    among others).
    """
    detected_by: list[list[int]] = [[] for _ in cases]
    covered: dict[int, list[tuple[int, int]]] = {}  # detection -> its characters in cases
    by_docs: dict[frozenset[int], list[int]] = {}
    for d, detection in enumerate(detections):
        by_docs.setdefault(frozenset((detection[0], detection[2])), []).append(d)
    recall_sum = 0.0
    for c, case in enumerate(cases):
        source_parts, target_parts = [], []
        for d in by_docs.get(frozenset((case.source_doc, case.target_doc)), []):
            parts = _oriented(case, detections[d])
            if parts is None:
                continue
            detected_by[c].append(d)
            source_parts.append(parts[0])
            target_parts.append(parts[1])
            covered.setdefault(d, []).extend([(0, parts[0][1] - parts[0][0]),
                                              (0, parts[1][1] - parts[1][0])])
        size = (case.source_span[1] - case.source_span[0]) + (
            case.target_span[1] - case.target_span[0])
        recall_sum += (_union_length(source_parts) + _union_length(target_parts)) / size
    precision_sum = 0.0
    counted = 0
    for d, (_, span_1, _, span_2) in enumerate(detections):
        if only_detecting and d not in covered:
            continue
        counted += 1
        size = (span_1[1] - span_1[0]) + (span_2[1] - span_2[0])
        inside = sum(end - start for start, end in covered.get(d, []))
        precision_sum += min(1.0, inside / size) if size else 0.0
    detected = [len(found) for found in detected_by if found]
    return Scores(precision_sum / counted if counted else 1.0,
                  recall_sum / len(cases) if cases else 1.0,
                  sum(detected) / len(detected) if detected else 1.0)
