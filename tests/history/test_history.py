"""``variorum history`` (issue 19): provenance of words and sentences across a chain of
editions, on hand-written chains with planted moves and reintroductions, on generated chains
with their truth, and a hand-written MediaWiki export."""

from __future__ import annotations

import csv
import importlib.util
import io
import itertools
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from variorum.cli import main
from variorum.errors import SettingsError
from variorum.history import build_history
from variorum.history.mediawiki import Revision, pick_revisions, read_export
from variorum.model import Witness
from variorum.reports import render

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
EXPORT = Path(__file__).parent / "fixtures" / "article.xml"


@cache
def _chains() -> ModuleType:
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location("history_chains",
                                                  BENCHMARKS / "history_chains.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["history_chains"] = module
    spec.loader.exec_module(module)
    return module


def _history(*texts: str):  # type: ignore[no-untyped-def]
    return build_history([Witness(f"E{k + 1}", t) for k, t in enumerate(texts)])


def _provenance_of(history, k: int, text: str, word: str):  # type: ignore[no-untyped-def]
    """(introduced_in, removed_in) of the first occurrence of ``word`` in edition ``k``."""
    offset = text.index(word)
    for r in history.editions[k].tokens:
        if r.start <= offset < r.end:
            return r.introduced_in, r.removed_in
    raise AssertionError(f"{word!r} is in no range")


E1 = "The mill stood by the river. Its wheel turned for a hundred years. Farmers came at dawn."
E2 = "The mill stood by the river. Farmers came at dawn."
E3 = "Its wheel turned for a hundred years. The mill stood by the river. Farmers came at dawn."
E4 = "The mill stood by the river. Farmers came at dawn. Its wheel turned for a hundred years."


def test_a_removed_sentence_put_back_keeps_its_first_introduction() -> None:
    history = _history(E1, E2, E3)
    assert _provenance_of(history, 0, E1, "wheel") == ("E1", "E2")
    assert _provenance_of(history, 2, E3, "wheel") == ("E1", None)
    assert _provenance_of(history, 2, E3, "Farmers") == ("E1", None)
    summary = history.editions[2].summary
    assert summary.words_reintroduced == 7 and summary.words_added == 0
    assert history.editions[1].summary.words_removed == 7
    assert [p.text for p in history.fought_over] == ["Its wheel turned for a hundred years."]


def test_a_moved_sentence_stays_the_same_sentence() -> None:
    history = _history(E3, E4)
    assert _provenance_of(history, 1, E4, "wheel") == ("E1", None)
    assert history.editions[1].summary.words_added == 0
    assert history.editions[1].summary.words_removed == 0
    assert [(r.introduced_in, r.removed_in) for r in history.editions[1].sentence_list] == \
        [("E1", None)] * 3


def test_new_words_and_a_rewritten_sentence() -> None:
    e2 = "The mill stood by the old river. Farmers came at noon."
    history = _history(E1, e2)
    assert _provenance_of(history, 1, e2, "old") == ("E2", None)
    assert _provenance_of(history, 1, e2, "noon") == ("E2", None)
    assert _provenance_of(history, 0, E1, "dawn") == ("E1", "E2")
    assert [(r.introduced_in, r.removed_in) for r in history.editions[1].sentence_list] == \
        [("E2", None), ("E2", None)]


def test_ranges_cover_every_token_in_order() -> None:
    history = _history(E1, E2, E3)
    for edition, text in zip(history.editions, (E1, E2, E3), strict=True):
        ranges = edition.tokens
        assert ranges[0].start == 0 and ranges[-1].end == len(text)
        assert all(a.end <= b.start for a, b in itertools.pairwise(ranges))
        assert all(text[a.end:b.start].strip() == ""
                   for a, b in itertools.pairwise(ranges))


@pytest.mark.parametrize("seed", [11, 12])
def test_generated_chains_meet_the_target(seed: int) -> None:
    chains = _chains()
    chain = chains.make_chain(15, 600, seed=seed)
    history = build_history([Witness(f"E{k}", t) for k, t in enumerate(chain.texts)])
    ours = chains.score(chain, chains.history_provenance(chain, history))
    baseline = chains.score(chain, chains.difflib_provenance(chain))
    assert ours >= 0.95
    assert ours > baseline


def test_json_follows_the_contract() -> None:
    document = json.loads(render(_history(E1, E2, E3), "json"))
    assert document["schema"] == "variorum.history/1"
    assert [e["id"] for e in document["editions"]] == ["E1", "E2", "E3"]
    for edition in document["editions"]:
        for key in ("tokens", "sentences"):
            for start, end, introduced, removed in edition[key]:
                assert isinstance(start, int) and isinstance(end, int) and start < end
                assert introduced in ("E1", "E2", "E3") and removed in (None, "E2", "E3")
    assert all(r[3] is None for r in document["editions"][-1]["tokens"])
    assert document["summary"]["editions"] == 3
    assert document["summary"]["sentences_reintroduced"] == 1
    assert document["people"] == []


def test_csv_neutralises_formulas(tmp_path: Path) -> None:
    history = _history("=SUM(A1) was here. Plain words.", "Plain words.")
    rows = list(csv.reader(io.StringIO(render(history, "csv"))))
    assert rows[0] == ["edition", "start", "end", "introduced_in", "removed_in", "text",
                       "reintroduced_in", "removals"]
    assert rows[1][5].startswith("'=") and rows[1][4] == "E2"


def test_cli_runs_on_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for k, text in enumerate((E1, E2, E3)):
        path = tmp_path / f"e{k + 1}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(f"ed{k + 1}={path}")
    assert main(["history", *paths, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in document["editions"]] == ["ed1", "ed2", "ed3"]
    assert main(["history", *paths, "--revisions", "yearly"]) == 2


def test_mediawiki_export_founder_struck_and_restored() -> None:
    title, witnesses, meta = read_export(str(EXPORT))
    assert title == "Millbrook Lantern Works"
    assert [w.id for w in witnesses] == ["r101", "r102", "r103", "r104"]
    assert "[[" not in witnesses[1].text and "Infobox" not in witnesses[1].text
    assert "Parish ledger" not in witnesses[1].text  # a reference is not article text
    assert "quill river" in witnesses[0].text
    assert meta[2]["user"] == "192.0.2.9" and meta[2]["comment"] == "removed founder"
    history = build_history(witnesses, revisions=meta)
    last = witnesses[3].text
    assert _provenance_of(history, 3, last, "Wrenfield") == ("r101", None)
    assert _provenance_of(history, 1, witnesses[1].text, "Wrenfield") == ("r101", "r103")
    assert _provenance_of(history, 3, last, "frost") == ("r102", None)
    headings = [r for r in history.editions[3].sentence_list if last[r.start:r.end] == "History"]
    assert len(headings) == 1  # a heading is a sentence of its own


def test_revision_specs() -> None:
    revisions = [Revision(str(i), f"{year}-0{month}-01T00:00:00Z", "", "", "")
                 for i, (year, month) in enumerate([(2009, 3), (2009, 9), (2010, 5),
                                                    (2011, 1), (2011, 7)])]
    assert [r.id for r in pick_revisions(revisions, "yearly")] == ["1", "2", "4"]
    assert [r.id for r in pick_revisions(revisions, "every:2")] == ["0", "2", "4"]
    assert [r.id for r in pick_revisions(revisions, "every:3")] == ["0", "3", "4"]
    assert [r.id for r in pick_revisions(revisions, "2009-06..2010")] == ["1", "2"]
    assert [r.id for r in pick_revisions(revisions, "2011..")] == ["3", "4"]
    for bad in ("every:0", "monthly", "..", "2009/01..2010"):
        with pytest.raises(SettingsError):
            pick_revisions(revisions, bad)


def test_cli_reads_an_export_with_revisions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["history", str(EXPORT), "--revisions", "yearly", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [e["id"] for e in document["editions"]] == ["r102", "r103", "r104"]
    assert document["editions"][0]["revision"]["timestamp"] == "2009-11-20T08:30:00Z"
    assert main(["history", str(EXPORT), "--revisions", "weekly"]) == 2


def test_people_per_edition_say_who_vanished() -> None:
    witnesses = [Witness("E1", "Colonel Orvik Stadler led the march. The town was quiet."),
                 Witness("E2", "The town was quiet.")]
    history = build_history(witnesses, people=True)
    document = json.loads(render(history, "json"))
    assert [p["name"] for p in document["people"]] == ["Colonel Orvik Stadler"]
    assert "Colonel Orvik Stadler: E1; vanished in E2" in render(history, "text")
