"""Reports of found passages: a text table, and JSON of schema ``variorum.passages/1``."""

from __future__ import annotations

import json
from typing import Any

from ..find.model import FindResult, Group, Passage, PassagePair
from ..terminal import visible
from . import ReportOptions, register

__all__ = ["SCHEMA", "pair_spans", "passages_document", "write_find_json", "write_find_text"]

SCHEMA = "variorum.passages/1"


def _passage(passage: Passage) -> dict[str, Any]:
    return {"source": passage.source, "start": passage.start, "end": passage.end,
            "words": passage.words, "excerpt": passage.excerpt,
            "witness": passage.witness_id}


def pair_spans(group: Group, pair: PassagePair) -> tuple[tuple[int, int], tuple[int, int]]:
    """The spans of the two copies as aligned in ``pair``: its own, or (for a pair built
    without them) its passages'."""
    if pair.spans is not None:
        return pair.spans
    first, second = group.passages[pair.first], group.passages[pair.second]
    return (first.start, first.end), (second.start, second.end)


def _group(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "passages": [_passage(p) for p in group.passages],
        "similarity": round(group.similarity, 4),
        "pairs": [{"passages": [pair.first, pair.second],
                   "spans": [list(span) for span in pair_spans(group, pair)],
                   "similarity": pair.similarity}
                  for pair in group.pairs],
    }


def passages_document(result: FindResult) -> dict[str, Any]:
    """The contract's document (fields beyond it: ``pairs`` and their ``spans`` (wave 2 of
    the contract), ``witness``, ``documents``, ``sources``, ``skipped``, ``settings``)."""
    settings = result.settings
    return {
        "schema": SCHEMA,
        "groups": [_group(group) for group in result.groups],
        "documents": result.documents,
        "sources": result.sources,
        "skipped": list(result.skipped),
        "settings": {"min_words": settings.min_words, "threshold": settings.threshold,
                     "scope": settings.scope, "ngram": settings.ngram,
                     "sample": settings.effective_sample},
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _label(passage: Passage) -> str:
    """The source, and which of its texts when it holds several (``capture.warc.gz#2``),
    as it may be shown on a terminal."""
    part = passage.witness_id.partition("#")[2]
    return visible(f"{passage.source}#{part}" if part else passage.source)


def _text(result: FindResult) -> str:
    """The table. Names and excerpts come from the files: each goes through
    :func:`~variorum.terminal.visible`, so that no control character, newline or bidi
    override in them acts on a terminal (the JSON report keeps them as they are)."""
    lines = [f"{_plural(len(result.groups), 'group')} of passages found in "
             f"{_plural(result.documents, 'document')} ({_plural(result.sources, 'source')})"]
    for group in result.groups:
        lines.append("")
        lines.append(f"group {group.id}: {_plural(len(group.passages), 'passage')}, "
                     f"similarity {group.similarity:.3f}")
        labels = [_label(p) for p in group.passages]
        width = max(len(label) for label in labels)
        for number, (passage, label) in enumerate(zip(group.passages, labels, strict=True),
                                                  start=1):
            lines.append(f"  {number:>2}. {label:<{width}}  "
                         f"{passage.start:>9}-{passage.end:<9} {passage.words:>6} words  "
                         f"{visible(passage.excerpt)}")
        if len(group.passages) > 2:
            pairs = ", ".join(_pair(group, pair) for pair in group.pairs)
            lines.append(f"      pairs: {pairs}")
    return "\n".join(lines) + "\n"


def _pair(group: Group, pair: PassagePair) -> str:
    """``1~3 0.984``, and the spans aligned in the pair where they are narrower than the
    passages: ``1~3 0.984 [120-980 ~ 0-860]``."""
    text = f"{pair.first + 1}~{pair.second + 1} {pair.similarity:.3f}"
    spans = pair_spans(group, pair)
    first, second = group.passages[pair.first], group.passages[pair.second]
    if spans != ((first.start, first.end), (second.start, second.end)):
        text += f" [{spans[0][0]}-{spans[0][1]} ~ {spans[1][0]}-{spans[1][1]}]"
    return text


@register("json", kind="find")
def write_find_json(result: FindResult, options: ReportOptions) -> str:
    """Schema ``variorum.passages/1``."""
    return _json(passages_document(result))


@register("text", kind="find")
def write_find_text(result: FindResult, options: ReportOptions) -> str:
    """A table of the groups and their passages."""
    return _text(result)


def _json(document: dict[str, Any]) -> str:
    """The document indented, but each group on one line: json's C encoder runs only
    without indentation, and the indenting one took seconds on a large corpus's groups."""
    lines = []
    for key, value in document.items():
        if key == "groups" and value:
            groups = ",\n".join("    " + json.dumps(group, ensure_ascii=False)
                                for group in value)
            lines.append(f'  "groups": [\n{groups}\n  ]')
        else:
            encoded = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            lines.append(f"  {json.dumps(key)}: {encoded}")
    return "{\n" + ",\n".join(lines) + "\n}\n"
