"""The founding document, found alone: `collate` with the seed as its only source finds the
two copies of the preface and collates them as the two-witness collation does."""

from __future__ import annotations

import json

import pytest

from tests.collation.test_seed import END, EXPECTED, START, copies
from variorum.cli import main
from variorum.find import find
from variorum.find.repeats import collate_repeats
from variorum.ingest import read_source

from ..conftest import SEED, needs_shared

pytestmark = needs_shared(SEED)


def test_find_spans_cover_the_common_text_of_the_two_copies() -> None:
    first, second = copies()
    (group,) = find([str(SEED)]).groups
    found = [(p.start, p.end) for p in group.passages]
    assert found[0][0] <= first.start and found[0][1] >= first.end
    assert found[1][0] <= second.start and found[1][1] >= second.end
    assert found[0][1] <= found[1][0]  # two copies, not one overlapping the other


def test_single_source_collation_reports_the_same_eight_places() -> None:
    (source,) = read_source(str(SEED))
    (repeat,) = collate_repeats(source)
    ids = [w.id for w in repeat.collation.witnesses]
    found = [(v.readings[ids[0]].text, v.readings[ids[1]].text)
             for v in repeat.collation.variants]
    assert found == EXPECTED


def test_each_copy_has_what_the_other_lacks() -> None:
    (source,) = read_source(str(SEED))
    text = source.text
    (repeat,) = collate_repeats(source)
    first, second = (w.id for w in repeat.collation.witnesses)
    opening = repeat.before[first]
    assert opening is not None and repeat.after[first] is None
    assert text[opening.start : opening.end].startswith("In January 1930")
    assert opening.end <= text.index(START)
    continuation = repeat.after[second]
    assert continuation is not None and repeat.before[second] is None
    second_end = text.index(END, text.index(END) + len(END)) + len(END)
    assert continuation.start >= second_end
    assert text[continuation.start : continuation.end].rstrip().endswith("Richard Greeman")


def test_collate_command_with_the_seed_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["collate", str(SEED), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["variants"] == 8
    assert [p["unshared_before"] is not None for p in document["found"]["passages"]] == [
        True, False]
    assert main(["collate", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "8 variants" in out and out.count("words before the shared text") == 1
