"""Passages whole across insertions and rewrites, and each pair's own spans (issue 18, item 6).

Texts are generated words (``prose``, invented), except the Darwin test, which reads the six
editions of chapter 1 from ../shared (skipped when absent) and writes them to a temporary
folder, one file per edition.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from variorum import Witness
from variorum.cli import main
from variorum.find import FindSettings, Group, PassagePair, find
from variorum.reports.find import pair_spans, passages_document

from ..conftest import SHARED, needs_shared
from .test_find import prose

DARWIN = SHARED / "data" / "darwin" / "darwin_chapter1_paragraphs.json"


def _paragraphs(seed: int, words: int) -> list[str]:
    return prose(seed, words).split("\n\n")


def _join(*parts: list[str]) -> str:
    return "\n\n".join(paragraph for part in parts for paragraph in part)


def _only_group(result: object) -> Group:
    groups = result.groups  # type: ignore[attr-defined]
    assert len(groups) == 1, [[(p.witness_id, p.start, p.end) for p in g.passages]
                              for g in groups]
    group: Group = groups[0]
    return group


def test_a_copy_with_a_long_inserted_section_is_one_passage() -> None:
    """A text reprinted with a section inserted in its middle (far longer than the 40-word
    gap that joins pieces cut by edits): one passage in each document, not two."""
    head, tail = _paragraphs(60, 220), _paragraphs(61, 220)
    inserted = _paragraphs(62, 160)
    copied = _join(head, tail)
    a = Witness.from_text("a", _join(_paragraphs(63, 150)) + "\n\n" + copied + "\n\n"
                          + _join(_paragraphs(64, 150)))
    with_insert = _join(head, inserted, tail)
    b = Witness.from_text("b", _join(_paragraphs(65, 150)) + "\n\n" + with_insert)
    group = _only_group(find([a, b]))
    first, second = group.passages
    assert a.text[first.start : first.end] == copied
    assert b.text[second.start : second.end] == with_insert
    (pair,) = group.pairs
    assert pair.spans == ((first.start, first.end), (second.start, second.end))
    # The shared words over all the words of both copies.
    shared = 2 * len(copied.split())
    assert pair.similarity == pytest.approx(shared / (shared + len(_join(inserted).split())),
                                            abs=0.02)


def test_a_section_rewritten_in_the_later_copy_keeps_one_passage() -> None:
    """Successive editions: a paragraph of the first replaced by longer, different ones in
    the second (a gap in both copies), between long shared stretches."""
    head, tail = _paragraphs(70, 300), _paragraphs(71, 300)
    old, new = _paragraphs(72, 90), _paragraphs(73, 200)
    first_edition, second_edition = _join(head, old, tail), _join(head, new, tail)
    result = find([Witness.from_text("1859", first_edition),
                   Witness.from_text("1860", second_edition)])
    group = _only_group(result)
    assert [(p.start, p.end) for p in group.passages] == [(0, len(first_edition)),
                                                         (0, len(second_edition))]


def test_a_rewritten_last_sentence_keeps_the_copies_to_the_end() -> None:
    """Both copies end their documents with the same closing words after a few words
    rewritten (one more in the second): the copies run to the end, though comparing word
    with word stops at the first difference. A heading only one copy has stays out."""
    shared = _join(_paragraphs(75, 300))
    first = shared + " Over all these causes the slow work is by far the greatest power known."
    second = ("Causes of Change.\n\n" + shared
              + " Over all these causes the slow work seems to have been the greatest power"
              " known.")
    group = _only_group(find([Witness.from_text("a", first), Witness.from_text("b", second)]))
    assert [(p.start, p.end) for p in group.passages] == [
        (0, len(first)), (len("Causes of Change.\n\n"), len(second))]


def test_two_quotations_far_apart_stay_two_passages() -> None:
    """Two short quotations shared by two documents, in the same order but with unrelated
    text between them in each: the stretch between them is no version of the other's, so
    they are not joined into one passage."""
    first_quote, second_quote = _paragraphs(80, 60), _paragraphs(81, 60)
    a = Witness.from_text("a", _join(first_quote, _paragraphs(82, 400), second_quote))
    b = Witness.from_text("b", _join(first_quote, _paragraphs(83, 350), second_quote))
    result = find([a, b])
    spans = sorted((p.witness_id, p.start, p.end) for g in result.groups for p in g.passages)
    quote_words = len(_join(first_quote).split()) + len(_join(second_quote).split())
    assert len(spans) == 4
    for _, start, end in spans:
        assert len(a.text[start:end].split()) < quote_words


def test_a_quotation_after_a_long_shared_passage_is_not_joined_to_it() -> None:
    """A long shared passage, then unrelated text in each document, then a short shared
    quotation: joined, the copies would still be similar overall (the long passage
    outweighs the rest), but the stretch around the gap is no version of the other's, so
    the long passage ends where it ends."""
    long, quote = _paragraphs(90, 900), _paragraphs(91, 60)
    a = Witness.from_text("a", _join(long, _paragraphs(92, 300), quote))
    b = Witness.from_text("b", _join(long, _paragraphs(93, 300), quote))
    result = find([a, b])
    ends = sorted(p.end for g in result.groups for p in g.passages if p.witness_id == "a")
    assert ends == [len(_join(long)), len(a.text)]


def test_each_pair_carries_the_extent_it_aligned() -> None:
    """A source passage reused whole by one document and in part by another: the source's
    passage is the hull of both copies, but the pair with the partial copy spans only the
    part in the source."""
    whole = _paragraphs(100, 260)
    part = whole[-2:]
    assert len(_join(part).split()) > 60
    source = Witness.from_text("source", _join(_paragraphs(101, 120), whole,
                                              _paragraphs(102, 120)))
    full = Witness.from_text("full", _join(_paragraphs(103, 100), whole))
    partial = Witness.from_text("partial", _join(part, _paragraphs(104, 100)))
    group = _only_group(find([source, full, partial]))
    by_id = {p.witness_id: i for i, p in enumerate(group.passages)}
    in_source = source.text.index(_join(whole))
    assert group.passages[by_id["source"]].start == in_source
    part_start = source.text.index(_join(part))
    spans = {(group.passages[p.first].witness_id, group.passages[p.second].witness_id):
             p.spans for p in group.pairs}
    assert spans["source", "partial"] == ((part_start, part_start + len(_join(part))),
                                          (0, len(_join(part))))
    assert spans["source", "full"] == ((in_source, in_source + len(_join(whole))),
                                       (full.text.index(_join(whole)), len(full.text)))
    # Reported as they are, in JSON and in the text table.
    document = passages_document(find([source, full, partial]))
    reported = {tuple(pair["passages"]): pair["spans"] for pair in document["groups"][0]["pairs"]}
    assert reported[by_id["source"], by_id["partial"]] == [
        [part_start, part_start + len(_join(part))], [0, len(_join(part))]]


def test_the_text_report_shows_spans_narrower_than_the_passages(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    whole = _paragraphs(110, 260)
    part = whole[:2]
    (tmp_path / "source.txt").write_text(_join(whole), encoding="utf-8")
    (tmp_path / "full.txt").write_text(_join(_paragraphs(111, 80), whole), encoding="utf-8")
    (tmp_path / "partial.txt").write_text(_join(_paragraphs(112, 80), part), encoding="utf-8")
    assert main(["find", str(tmp_path)]) == 0
    table = capsys.readouterr().out
    (line,) = [line for line in table.splitlines() if line.strip().startswith("pairs:")]
    # Passages in name order: full, partial, source; the pairs with the part are narrower.
    opening = len(_join(_paragraphs(111, 80))) + 2
    partial = f"{len(_join(_paragraphs(112, 80))) + 2}-{len(_join(_paragraphs(112, 80), part))}"
    assert f"1~2 1.000 [{opening}-{opening + len(_join(part))} ~ {partial}]" in line
    assert f"2~3 1.000 [{partial} ~ 0-{len(_join(part))}]" in line
    assert "1~3 1.000," in line and line.count("[") == 2


def test_a_pair_built_without_spans_reports_its_passages() -> None:
    """For callers that build groups by hand: a pair without spans is reported with its
    passages' spans."""
    result = find([Witness.from_text("a", prose(120, 200)),
                   Witness.from_text("b", prose(120, 200))])
    group = _only_group(result)
    bare = Group(group.id, group.passages,
                 tuple(PassagePair(p.first, p.second, p.similarity) for p in group.pairs))
    first, second = group.passages
    assert pair_spans(bare, bare.pairs[0]) == ((first.start, first.end),
                                               (second.start, second.end))


@needs_shared(DARWIN)
def test_six_darwin_editions_are_six_whole_chapters_in_one_group(tmp_path: Path) -> None:
    """Chapter 1 of the Origin in its six editions, one file each: one group of six
    passages, each the whole chapter (not cut where an edition inserted or rewrote text)."""
    units = json.loads(DARWIN.read_text(encoding="utf-8"))
    editions: dict[str, list[str]] = {}
    for unit in units:
        for witness in unit["witnesses"]:
            editions.setdefault(witness["id"], []).append(witness["content"])
    files = []
    for edition, paragraphs in editions.items():
        path = tmp_path / f"{edition}.txt"
        path.write_text("\n\n".join(paragraphs), encoding="utf-8")
        files.append(str(path))
    assert len(files) == 6
    group = _only_group(find(files, FindSettings()))
    assert [Path(p.source).stem for p in group.passages] == sorted(editions)
    for passage in group.passages:
        text = Path(passage.source).read_text(encoding="utf-8")
        # The whole chapter, but for a trailing mark of punctuation of its last word.
        assert passage.start == 0 and passage.end >= len(text.rstrip()) - 1, passage
    assert len(group.pairs) == 15  # every two editions were aligned with each other
    for pair in group.pairs:
        assert pair.spans is not None
        for (start, end), index in zip(pair.spans, (pair.first, pair.second), strict=True):
            passage = group.passages[index]
            assert passage.start <= start < end <= passage.end
