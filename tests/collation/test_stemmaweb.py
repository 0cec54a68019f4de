"""Stemmaweb traditions (issue 4, item 7): how ``benchmarks/bench_stemmaweb.py`` reads the
GraphML collation graphs, and a reduced run of its comparison of variorum's classes with the
editors' relationship types (skipped when ../shared is absent)."""

from __future__ import annotations

import difflib
import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree  # type: ignore[import-untyped]

from ..conftest import needs_shared

STEMMAWEB = Path(__file__).resolve().parents[3] / "shared" / "data" / "stemmaweb"
BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_stemmaweb.py"

pytestmark = [needs_shared(STEMMAWEB), pytest.mark.shared]

# file -> (witnesses, a.c. layers, typed relationships), as the files hold them
EXPECTED = {
    "besoin.xml": (13, 0, 58),
    "john.xml": (28, 0, 22),
    "legendfrag.xml": (37, 0, 12),
    "florilegium_graphml.xml": (13, 4, 7),
    "milestone-570a.xml": (11, 4, 132),
    "milestone-401-related.xml": (25, 14, 671),
}
# The reduced run: two small traditions, one per GraphML dialect with typed edges in their
# own graph (Text::Tradition 3.1) and in the one graph (Neo4j export, with a.c. layers).
SMALL = ("legendfrag.xml", "milestone-570a.xml")
# Coarse (formal / substantive) agreement the code reaches on SMALL, measured after the
# spelling rule learned diacritics and contractions: 110/142 (77.5%) classifier alone, 71/142
# (50.0%) in two-witness collations, 48/142 (33.8%) in the full collation. Issue 4's target is
# 0.90: raise these floors as the classifier and the variant places improve.
# Wave 3 (places cut by grouping, inflections not spellings): per pair of readings at the full
# collation's variant 97/142 (68.3%); the variant's single weightiest class 78/142 (54.9%,
# down from 55%: an ending added is now a substitution, and weighs over the spellings beside it).
# Wave 4 (replacements judged on words, vowels and letters of one sound as spellings): per
# pair 118/142 (83.1%), weightiest class 89/142 (62.7%), two witnesses 104/142 (73.2%),
# classifier alone 120/142 (84.5%).
FLOORS = {"classifier": 0.84, "pairwise": 0.73, "end_to_end": 0.62, "end_to_end_pair": 0.83}


@cache
def bench() -> ModuleType:
    """The benchmark module, loaded from its file (benchmarks/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_stemmaweb", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_witness_is_rebuilt_and_every_relationship_found(name: str) -> None:
    bench_ = bench()
    tradition = bench_.parse_tradition(STEMMAWEB / name)
    witnesses = bench_.rebuild_witnesses(tradition, "own")
    layers = [w for w in witnesses if w.id.endswith(bench_.AC)]
    assert (len(witnesses) - len(layers), len(layers), len(tradition.relationships)) == (
        EXPECTED[name])
    assert tradition.forks == 0
    for witness in witnesses:
        assert witness.complete, f"{witness.id} does not reach #END#"
        assert witness.text.strip() and witness.spans, f"{witness.id} is empty"
        for node_id, (start, end) in witness.spans.items():
            assert witness.text[start:end] == " ".join(tradition.nodes[node_id].text.split())
    holders = {node_id for witness in witnesses for node_id in witness.spans}
    lost = [r for r in tradition.relationships if r.a not in holders or r.b not in holders]
    assert not lost, f"{len(lost)} relationship(s) with a reading in no witness: {lost[:3]}"


def test_a_c_layers_are_witnesses_of_their_own_or_left_out() -> None:
    bench_ = bench()
    tradition = bench_.parse_tradition(STEMMAWEB / "milestone-570a.xml")
    own = {w.id: w.text for w in bench_.rebuild_witnesses(tradition, "own")}
    layered = [sigil for sigil in own if sigil + bench_.AC in own]
    assert layered and all(own[sigil] != own[sigil + bench_.AC] for sigil in layered)
    skipped = bench_.rebuild_witnesses(tradition, "skip")
    assert not any(w.id.endswith(bench_.AC) for w in skipped)
    # some readings only the uncorrected text has: their relationships are then lost
    result = bench_.evaluate(tradition, "skip")
    assert len(result.missing) == 8
    assert len(result.judgements) + len(result.missing) == len(tradition.relationships)


def _tei_words(path: Path, sigil: str) -> list[str]:
    """A witness's words in a TEI parallel-segmentation file: the text outside ``app`` plus
    the ``lem``/``rdg`` that name the witness."""
    tei = "{http://www.tei-c.org/ns/1.0}"
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        if element.tag in (tei + "rdg", tei + "lem") and (
                "#" + sigil not in (element.get("wit") or "").split()):
            return
        if element.text and element.tag != tei + "app":
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(etree.parse(str(path)).getroot().find(f".//{tei}body"))
    return "".join(pieces).split()


@pytest.mark.parametrize("sigil", ["A", "C", "P", "S"])  # the witnesses without gaps
def test_rebuilt_florilegium_witness_matches_the_tei_edition(sigil: str) -> None:
    """The same tradition exported as TEI (an earlier state of the edition) gives nearly the
    same text: a check of the path walking that does not use the graph."""
    bench_ = bench()
    tradition = bench_.parse_tradition(STEMMAWEB / "florilegium_graphml.xml")
    rebuilt = {w.id: w.text.split() for w in bench_.rebuild_witnesses(tradition, "own")}
    tei = _tei_words(STEMMAWEB / "florilegium_tei_ps.xml", sigil)
    ratio = difflib.SequenceMatcher(None, tei, rebuilt[sigil], autojunk=False).ratio()
    assert ratio >= 0.95, f"{sigil}: {ratio:.3f}"


def test_coarse_agreement_on_two_small_traditions() -> None:
    bench_ = bench()
    results = bench_.run([STEMMAWEB / name for name in SMALL], "own")
    judgements = [j for result in results for j in result.judgements]
    assert len(judgements) == sum(EXPECTED[name][2] for name in SMALL)
    report = bench_.render(results, ac="own", seconds=0.0, top=5)
    assert "## Coarse agreement (formal / substantive)" in report
    assert "| **overall** |" in report
    assert "### overall" in report and "editor's type \\ variorum" in report
    agreement = bench_.Agreement.of(judgements)
    assert agreement.counted == len(judgements) - 2  # a "collated" and an "other" relation
    for measure, floor in FLOORS.items():
        assert agreement.rate(measure) >= floor, (
            f"{measure}: {agreement.agree[measure]}/{agreement.counted} "
            f"= {agreement.rate(measure):.1%} < {floor:.0%}")
