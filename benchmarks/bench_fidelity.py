"""Are variorum's variants the ones an editor would write? (issue 14, "How it is measured")

    .venv/bin/python benchmarks/bench_fidelity.py [--stemmaweb DIR] [--no-stemmaweb] [--details]

1. **Hand-written fixtures** (``benchmarks/fidelity/*.json``, see its README): one per kind of
   failure of issue 14, each with the witnesses' texts and two truths written by hand, the
   apparatus-style variant places (each witness's reading, the class, move links) and the
   revision-style changes (the acts of revision, with the class of the whole). variorum
   (:func:`variorum.collate`, read through its JSON document) and a difflib baseline
   (:func:`fidelity_score.difflib_places`) are scored on each: one-to-one F1 of places and of
   changes, the share of expected classes matched, moves found / false. Changes are the
   wave-2 contract addition (``"changes"`` on the collation): until variorum writes them its
   change scores are "n/a"; difflib's changes are its places, one act each.
2. **Stemmaweb traditions** (``../shared/data/stemmaweb``, read by ``bench_stemmaweb.py``):
   variant places against the tradition's own collation, i.e. the ranks of its readings (a
   place is a rank at which the witnesses do not all read the same text, consecutive ranks
   grouping the witnesses alike being one place; a witness reads there the text from its
   first to its last reading in the place), one-to-one F1
   for variorum and for difflib on the same witnesses and base; class agreement per pair of
   readings an editor typed, on the formal / substantive split of ``bench_stemmaweb.py``,
   variorum's class of that pair at the full collation (the variant's ``relations``) against
   the edit-distance rule (:func:`fidelity_score.rule_class`) on the two readings; and the
   editors' transpositions found by variorum's moves (recall) and the moves that are one of
   them (precision). Skipped with a message when the data is absent.

Targets (issue 14): every fixture exact; on the traditions class agreement ≥ 0.85,
transposition recall ≥ 0.5 with precision ≥ 0.8, place F1 ≥ 0.85, each ahead of the baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_stemmaweb as stemmaweb
from fidelity_score import (
    RULE_FORMAL,
    Place,
    Score,
    collapse,
    difflib_places,
    document_changes,
    document_places,
    fixture_changes,
    fixture_places,
    fixture_witnesses,
    links_of,
    rule_class,
    score,
)

import variorum
from variorum.collation.classify import classify_pair
from variorum.reports.json_report import collation_document

FIXTURES = Path(__file__).resolve().parent / "fidelity"

CLASS_TARGET = 0.85
MOVE_RECALL_TARGET = 0.5
MOVE_PRECISION_TARGET = 0.8
PLACE_F1_TARGET = 0.85


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _precise(value: float | None, part: int, whole: int) -> str:
    """Three decimals and the counts: a figure beside its target must not round over it."""
    return "n/a" if value is None else f"{value:.3f} ({part}/{whole})"


def _met(ok: bool | None) -> str:
    return "n/a" if ok is None else ("met" if ok else "**not met**")


# --- 1. fixtures ---------------------------------------------------------------------------


def load_fixtures(folder: Path = FIXTURES) -> list[dict[str, Any]]:
    return [json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(folder.glob("*.json"))]


def variorum_document(fixture: Mapping[str, Any], order: Sequence[str] | None = None
                      ) -> dict[str, Any]:
    """The JSON document of variorum's collation of a fixture (witnesses in ``order``)."""
    texts = fixture_witnesses(fixture)
    ids = list(order or texts)
    collation = variorum.collate([variorum.Witness.from_text(w, texts[w]) for w in ids],
                                 base=fixture["base"])
    return collation_document(collation)


@dataclass
class FixtureResult:
    name: str
    kind: str
    language: str
    expected: int
    variorum: Score
    difflib: Score
    variorum_changes: Score | None  # None: the document has no changes
    difflib_changes: Score
    seconds: float


def evaluate_fixture(fixture: Mapping[str, Any]) -> FixtureResult:
    places = fixture_places(fixture)
    changes = fixture_changes(fixture)
    clock = time.perf_counter()
    document = variorum_document(fixture)
    seconds = time.perf_counter() - clock
    found_changes = document_changes(document)
    baseline = difflib_places(fixture_witnesses(fixture), fixture["base"])
    return FixtureResult(
        fixture["name"], fixture["kind"], fixture.get("language", "?"), len(places),
        score(places, document_places(document)), score(places, baseline),
        None if found_changes is None else score(changes, found_changes),
        score(changes, baseline), seconds)


def _total(scores: Sequence[Score | None]) -> Score | None:
    if not scores or any(s is None for s in scores):
        return None
    total = Score()
    for s in scores:
        assert s is not None
        total += s
    return total


def render_fixtures(results: Sequence[FixtureResult], details: bool) -> list[str]:
    out = [
        "## Hand-written fixtures",
        "",
        f"{len(results)} fixtures in `benchmarks/fidelity/`. Places: apparatus-style truth; "
        "changes: revision-style truth (variorum's from the document's `changes`, n/a when it "
        "has none; difflib's are its places). *exact*: every place found, none more, every "
        "class and move right.",
        "",
        "| fixture | kind | lang | places expected | variorum found / matched / classes "
        "| variorum exact | difflib found / matched / classes | difflib exact "
        "| changes exact: variorum | difflib |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        def yes(s: Score | None) -> str:
            return "n/a" if s is None else ("yes" if s.exact else "no")
        out.append(
            f"| {r.name} | {r.kind} | {r.language} | {r.expected} "
            f"| {r.variorum.found} / {r.variorum.matched} / {r.variorum.classes_matched} "
            f"| {yes(r.variorum)} "
            f"| {r.difflib.found} / {r.difflib.matched} / {r.difflib.classes_matched} "
            f"| {yes(r.difflib)} | {yes(r.variorum_changes)} | {yes(r.difflib_changes)} |")
    v, d = _total([r.variorum for r in results]), _total([r.difflib for r in results])
    vc, dc = _total([r.variorum_changes for r in results]), _total(
        [r.difflib_changes for r in results])
    assert v is not None and d is not None and dc is not None

    def row(label: str, get: Any) -> str:
        return f"| {label} | {_rate(get(v))} | {_rate(get(d))} |"

    out += [
        "",
        "| over all fixtures | variorum | difflib |",
        "|---|---|---|",
        f"| fixtures exact (places) | {v.exact_cases}/{v.cases} | {d.exact_cases}/{d.cases} |",
        f"| fixtures exact (changes) | "
        f"{'n/a' if vc is None else f'{vc.exact_cases}/{vc.cases}'} "
        f"| {dc.exact_cases}/{dc.cases} |",
        row("place F1 (one to one)", lambda s: s.f1),
        row("place precision", lambda s: s.precision),
        row("place recall", lambda s: s.recall),
        f"| change F1 (one to one) | {_rate(vc.f1) if vc else 'n/a'} | {_rate(dc.f1)} |",
        row("class agreement, places (share of expected places matched with their class)",
            lambda s: s.class_share),
        f"| class agreement, changes | {_rate(vc.class_share) if vc else 'n/a'} "
        f"| {_rate(dc.class_share)} |",
        f"| transpositions expected / found / true | {v.moves_expected} / {v.moves_found} / "
        f"{v.moves_true} | {d.moves_expected} / {d.moves_found} / {d.moves_true} |",
        row("transposition recall", lambda s: s.move_recall),
        row("transposition precision", lambda s: s.move_precision),
        "",
        f"Target: every fixture exact — {_met(v.exact_cases == v.cases)} "
        f"({v.exact_cases}/{v.cases} places"
        + ("" if vc is None else f", {vc.exact_cases}/{vc.cases} changes") + ").",
    ]
    if details:
        out += ["", "### Where variorum differs from the truth", ""]
        for r in results:
            for what, s in (("places", r.variorum), ("changes", r.variorum_changes)):
                if s is None or s.exact:
                    continue
                out.append(f"- **{r.name}**, {what}: "
                           + "; ".join([*(f"missed {_show(p)}" for p in s.missed),
                                        *(f"spurious {_show(p)}" for p in s.spurious),
                                        *(f"class {e.class_} given as {f.class_} at {_show(e)}"
                                          for e, f in s.wrong_class)]
                                       or ["moves differ"]))
    return out


def _show(place: Place, limit: int = 50) -> str:
    def cut(text: str) -> str:
        return text if len(text) <= limit else text[: limit - 10] + " … " + text[-8:]
    readings = " | ".join(f"{w}: {cut(t) or '∅'}" for w, t in place.readings)
    links = f" moves {sorted(place.links)}" if place.links else ""
    return f"[{place.class_}{links}: {readings}]"


# --- 2. Stemmaweb --------------------------------------------------------------------------


def expert_places(tradition: stemmaweb.Tradition,
                  witnesses: Sequence[stemmaweb.WitnessText]) -> list[Place]:
    """The tradition's own collation as places: each rank at which the witnesses do not all
    read the same text (a witness with no reading at a rank reads nothing) is a place, and
    consecutive such ranks that group the witnesses alike (the same witnesses agreeing with
    each other) are one place, as an apparatus gives a several-word lemma once."""
    nodes = tradition.nodes
    at_rank: dict[str, dict[int, str]] = {}
    for witness in witnesses:
        ranks: dict[int, str] = {}
        for node_id in witness.spans:
            rank = nodes[node_id].rank
            if rank is not None:
                ranks[rank] = node_id
        at_rank[witness.id] = ranks
    all_ranks = sorted(set().union(*(r.keys() for r in at_rank.values())))

    def grouping(rank: int) -> frozenset[frozenset[str]]:
        """The witnesses grouped by what they read at the rank."""
        groups: dict[str, set[str]] = {}
        for w in witnesses:
            text = collapse(nodes[at_rank[w.id][rank]].text) if rank in at_rank[w.id] else ""
            groups.setdefault(text, set()).add(w.id)
        return frozenset(frozenset(g) for g in groups.values())

    runs: list[list[int]] = []
    previous: frozenset[frozenset[str]] | None = None
    for rank in all_ranks:
        groups = grouping(rank)
        if len(groups) == 1:
            previous = None
            continue
        if groups != previous:
            runs.append([])
        runs[-1].append(rank)
        previous = groups
    places = []
    for number, run in enumerate(runs, 1):
        readings = {}
        for witness in witnesses:
            spans = [witness.spans[at_rank[witness.id][rank]] for rank in run
                     if rank in at_rank[witness.id]]
            readings[witness.id] = (witness.text[min(s for s, _ in spans):
                                                 max(e for _, e in spans)] if spans else "")
        places.append(Place.of(number, readings, "?"))
    return places


def collation_places(collation: variorum.Collation) -> list[Place]:
    return [Place.of(v.id, {w: r.text for w, r in v.readings.items()}, v.class_,
                     links_of(v.tags)) for v in collation.variants]


def _pair_class(collation: variorum.Collation, index: stemmaweb._VariantIndex,
                relationship: stemmaweb.Relationship,
                holders_a: Sequence[stemmaweb.WitnessText],
                holders_b: Sequence[stemmaweb.WitnessText]) -> str:
    """variorum's class of the two readings: at the variant of the full collation where a
    witness reading ``a`` and one reading ``b`` read them (the one most such witness pairs
    share), the class of the relation between their two groups."""
    support: Counter[int] = Counter()
    pair_of: dict[int, tuple[str, str]] = {}
    in_b = {w.id: set(index.overlapping(w.id, *w.spans[relationship.b])) for w in holders_b}
    for holder in holders_a:
        in_a = set(index.overlapping(holder.id, *holder.spans[relationship.a]))
        for other, variants_b in in_b.items():
            if other == holder.id:
                continue
            for shared in in_a & variants_b:
                support[shared] += 1
                pair_of.setdefault(shared, (holder.id, other))
    if not support:
        label, _, _ = stemmaweb._variant_of_pair(index, relationship, holders_a, holders_b)
        return label  # (equal), transposition (two sides of a move), (unmatched)
    best = min(support, key=lambda v: (-support[v], v))
    variant = collation.variants[best]
    wa, wb = pair_of[best]
    group_of = {w: i for i, group in enumerate(variant.groups) for w in group}
    ga, gb = group_of.get(wa), group_of.get(wb)
    if ga is not None and ga == gb:
        return stemmaweb.EQUAL
    if ga is not None and gb is not None:
        for relation in variant.relations:
            if set(relation.groups) == {ga, gb}:
                return relation.class_
    return classify_pair(variant.readings[wa].text, variant.readings[wb].text).class_


@dataclass
class TraditionScore:
    name: str
    witnesses: int
    base: str
    expert_places: int
    variorum_places: Score
    difflib_places: Score
    # editor's type -> [counted, variorum agrees, rule agrees]
    classes: dict[str, list[int]] = field(default_factory=dict)
    moves_expected: int = 0
    moves_recalled: int = 0
    moves_found: int = 0
    moves_true: int = 0
    seconds: float = 0.0

    def agreement(self, who: int) -> tuple[int, int]:
        counted = sum(c[0] for c in self.classes.values())
        return sum(c[who] for c in self.classes.values()), counted


def evaluate_tradition(path: Path) -> TraditionScore:
    clock = time.perf_counter()
    tradition = stemmaweb.parse_tradition(path)
    witnesses = stemmaweb.rebuild_witnesses(tradition, "own")
    base = stemmaweb.choose_base(witnesses)
    ordered = sorted(witnesses, key=lambda w: (w.id != base, -len(w.spans), w.id))
    collation = variorum.collate([variorum.Witness.from_text(w.id, w.text) for w in ordered],
                                 base=base)
    truth = expert_places(tradition, witnesses)
    found = collation_places(collation)
    baseline = difflib_places({w.id: w.text for w in ordered}, base)
    result = TraditionScore(path.name, len(witnesses), base, len(truth),
                            score(truth, found, classes=False, moves=False),
                            score(truth, baseline, classes=False, moves=False))
    index = stemmaweb._VariantIndex(collation)
    moves = _moves(collation)
    true_moves: set[frozenset[int]] = set()
    for relationship in tradition.relationships:
        holders_a = [w for w in ordered if relationship.a in w.spans]
        holders_b = [w for w in ordered if relationship.b in w.spans]
        if not holders_a or not holders_b:
            continue
        a = collapse(tradition.nodes[relationship.a].text)
        b = collapse(tradition.nodes[relationship.b].text)
        expert = stemmaweb.EXPERT_COARSE.get(relationship.type)
        if expert is not None:
            ours = _pair_class(collation, index, relationship, holders_a, holders_b)
            rule = "(identical)" if a == b else rule_class(a, b)
            rule_side = (stemmaweb.FORMAL if rule in RULE_FORMAL or rule == "(identical)"
                         else stemmaweb.SUBSTANTIVE)
            counts = result.classes.setdefault(relationship.type, [0, 0, 0])
            counts[0] += 1
            counts[1] += stemmaweb.VARIORUM_COARSE.get(ours) == expert
            counts[2] += rule_side == expert
        if relationship.type == "transposition":
            result.moves_expected += 1
            covering = [m for m in moves if _covers(index, m, relationship, holders_a, holders_b)]
            result.moves_recalled += bool(covering)
            true_moves.update(covering)
    result.moves_found = len(moves)
    result.moves_true = len(true_moves)
    result.seconds = time.perf_counter() - clock
    return result


def _moves(collation: variorum.Collation) -> set[frozenset[int]]:
    """Each move of the collation as the set of indexes of its variants (both ends)."""
    by_id = {v.id: i for i, v in enumerate(collation.variants)}
    moves: set[frozenset[int]] = set()
    for i, variant in enumerate(collation.variants):
        links = links_of(variant.tags)
        for other in links:
            moves.add(frozenset((i, by_id.get(other, i))))
        if variant.class_ == "transposition" and not links:
            moves.add(frozenset((i,)))
    return moves


def _covers(index: stemmaweb._VariantIndex, move: frozenset[int],
            relationship: stemmaweb.Relationship,
            holders_a: Sequence[stemmaweb.WitnessText],
            holders_b: Sequence[stemmaweb.WitnessText]) -> bool:
    """Does the move take in reading ``a`` (in a witness having it) and reading ``b``?"""
    def touches(holders: Sequence[stemmaweb.WitnessText], node: str) -> bool:
        return any(set(index.overlapping(w.id, *w.spans[node])) & move for w in holders)
    return touches(holders_a, relationship.a) and touches(holders_b, relationship.b)


def render_stemmaweb(results: Sequence[TraditionScore]) -> list[str]:
    out = [
        "## Stemmaweb traditions",
        "",
        "Places: the tradition's own collation (each rank where the witnesses do not all "
        "agree, consecutive ranks that group the witnesses alike as one) against variorum's "
        "variants and difflib's places, one-to-one F1 "
        "(a place matches when every witness, a.c. layers included, reads the same text). "
        "Classes: each pair of readings an editor typed, formal / substantive as in "
        "`bench_stemmaweb.py`; variorum = the class of that pair of groups at the full "
        "collation's variant (`relations`), rule = the edit-distance rule on the two readings. "
        "Transpositions: the editors' `transposition` relationships; difflib finds none.",
        "",
        "| tradition | witnesses | base | expert places | place F1 variorum | place F1 difflib "
        "| class agreement variorum | class agreement rule | transpositions expert "
        "| variorum recall | variorum moves / true | precision | s |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        va, counted = r.agreement(1)
        ra, _ = r.agreement(2)
        out.append(
            f"| {r.name} | {r.witnesses} | {r.base} | {r.expert_places} "
            f"| {_rate(r.variorum_places.f1)} | {_rate(r.difflib_places.f1)} "
            f"| {_fraction(va, counted)} | {_fraction(ra, counted)} "
            f"| {r.moves_expected} | {_fraction(r.moves_recalled, r.moves_expected)} "
            f"| {r.moves_found} / {r.moves_true} | {_fraction(r.moves_true, r.moves_found)} "
            f"| {r.seconds:.2f} |")
    out += ["", "### Class agreement per editor's type", "",
            "| tradition | editor's type | pairs | variorum | rule |", "|---|---|---|---|---|"]
    for r in results:
        for kind in [k for k in stemmaweb.EXPERT_ORDER if k in r.classes]:
            n, ours, rule = r.classes[kind]
            out.append(f"| {r.name} | {kind} | {n} | {_fraction(ours, n)} "
                       f"| {_fraction(rule, n)} |")
    overall: dict[str, list[int]] = {}
    for r in results:
        for kind, counts in r.classes.items():
            total = overall.setdefault(kind, [0, 0, 0])
            for k in range(3):
                total[k] += counts[k]
    for kind in [k for k in stemmaweb.EXPERT_ORDER if k in overall]:
        n, ours, rule = overall[kind]
        out.append(f"| **all** | {kind} | {n} | {_fraction(ours, n)} | {_fraction(rule, n)} |")

    places_v, places_d = Score(), Score()
    for r in results:
        places_v += r.variorum_places
        places_d += r.difflib_places
    counted = sum(c[0] for c in overall.values())
    agreed, agreed_rule = (sum(c[1] for c in overall.values()),
                           sum(c[2] for c in overall.values()))
    ours = agreed / counted if counted else None
    rule = agreed_rule / counted if counted else None
    expected = sum(r.moves_expected for r in results)
    recall = sum(r.moves_recalled for r in results) / expected if expected else None
    found = sum(r.moves_found for r in results)
    precision = sum(r.moves_true for r in results) / found if found else None
    macro = [r.agreement(1)[0] / r.agreement(1)[1] for r in results if r.agreement(1)[1]]
    macro_rule = [r.agreement(2)[0] / r.agreement(2)[1] for r in results if r.agreement(2)[1]]

    def ahead(a: float | None, b: float | None) -> bool | None:
        return None if a is None or b is None else a > b

    def target(value: float | None, bar: float, over: bool | None = True) -> str:
        if value is None:
            return "n/a"
        return _met(value >= bar and bool(over))

    no_moves = "**not met** (no moves)"
    out += [
        "",
        "### Against the targets (all traditions together)",
        "",
        "| measure | variorum | baseline | target | met |",
        "|---|---|---|---|---|",
        f"| class agreement (pairs of readings) | {_precise(ours, agreed, counted)} "
        f"| {_precise(rule, agreed_rule, counted)} (rule) "
        f"| ≥ {CLASS_TARGET}, ahead | {target(ours, CLASS_TARGET, ahead(ours, rule))} |",
        f"| class agreement, mean of traditions | "
        f"{_rate(sum(macro) / len(macro) if macro else None)} "
        f"| {_rate(sum(macro_rule) / len(macro_rule) if macro_rule else None)} (rule) | | |",
        f"| transposition recall | {_rate(recall)} | 0.00 (difflib) "
        f"| ≥ {MOVE_RECALL_TARGET} | {target(recall, MOVE_RECALL_TARGET)} |",
        f"| transposition precision | {_rate(precision)} | n/a (difflib) "
        f"| ≥ {MOVE_PRECISION_TARGET} | "
        f"{no_moves if precision is None else target(precision, MOVE_PRECISION_TARGET)} |",
        f"| place F1 | {_rate(places_v.f1)} | {_rate(places_d.f1)} (difflib) "
        f"| ≥ {PLACE_F1_TARGET}, ahead "
        f"| {target(places_v.f1, PLACE_F1_TARGET, ahead(places_v.f1, places_d.f1))} |",
    ]
    return out


def _fraction(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.2f}" if whole else "n/a"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help=f"default {FIXTURES}")
    parser.add_argument("--stemmaweb", type=Path, default=stemmaweb.DATA,
                        help=f"the traditions' folder (default {stemmaweb.DATA})")
    parser.add_argument("--no-stemmaweb", action="store_true", help="fixtures only")
    parser.add_argument("--details", action="store_true",
                        help="list what variorum gets wrong on each fixture")
    args = parser.parse_args(argv)
    clock = time.perf_counter()
    out = ["# Fidelity: variorum's variants against hand-written and expert truth (issue 14)",
           "", f"variorum {variorum.__version__}.", ""]
    out += render_fixtures([evaluate_fixture(f) for f in load_fixtures(args.fixtures)],
                           args.details)
    out.append("")
    if args.no_stemmaweb:
        out.append("Stemmaweb: skipped (--no-stemmaweb).")
    else:
        paths = [args.stemmaweb / name for name in stemmaweb.TRADITIONS]
        absent = [p for p in paths if not p.exists()]
        if absent:
            out.append(f"Stemmaweb: skipped, {absent[0]} is absent (../shared stands beside "
                       "the project on CI machines only; or give --stemmaweb DIR).")
        else:
            out += render_stemmaweb([evaluate_tradition(p) for p in paths])
    out += ["", f"Total time: {time.perf_counter() - clock:.1f} s.", ""]
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
