"""Transpositions found and false (issue 14, part D).

    .venv/bin/python benchmarks/bench_moves.py [--stemmaweb DIR] [--darwin DIR] [--sample N]

1. Hand-written fixtures (sentences written for this benchmark): for each, whether the
   collation reports a move where one was made and none where none was.
2. The Stemmaweb traditions in ``../shared/data/stemmaweb`` whose editors typed
   ``transposition`` relationships: the witnesses are rebuilt and collated as
   ``bench_stemmaweb.py`` does; an expert transposition (readings ``a`` and ``b``) is *found*
   when a witness reading ``a`` and one reading ``b`` read them inside transposition variants
   linked to each other (or one variant holding both ends). A reported move (linked
   transposition variants) is *true* when it covers some expert transposition, else *false*:
   these editors typed every difference they judged, so an untyped move is counted false.
3. The Darwin chapter in ``../shared/data/darwin`` (six editions, no expert apparatus): the
   number of moves reported, and a sample printed to be read by eye.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_stemmaweb import (  # noqa: E402 - needs the path set above
    DATA,
    TRADITIONS,
    _VariantIndex,
    choose_base,
    parse_tradition,
    rebuild_witnesses,
)

import variorum  # noqa: E402

DARWIN = HERE.parent.parent / "shared" / "data" / "darwin"

# (witnesses, moves made): the number of moved blocks an editor would record.
FIXTURES: list[tuple[tuple[str, ...], int]] = [
    (("The lamp hung low over the table. Nobody spoke. Outside the dogs barked at the moon.",
      "Nobody spoke. Outside the dogs barked at the moon. The lamp hung low over the table."),
     1),
    (("Tunc respondit magister discipulis suis.", "Tunc magister respondit discipulis suis."), 1),
    (("She packed the blue kettle and the lantern before dawn.",
      "She packed the lantern and the blue kettle before dawn."), 1),
    (("They walked from the mill to the river at noon.",
      "They walked from the river to the mill at noon."), 1),
    (("He said that it was late, and that it was cold.",
      "He said that it was cold, and that it was late."), 1),
    (("Rain fell. The farmers waited for the harvest to dry in the barns.",
      "The farmers waited for the harvest to dry in the barns. Rain fell."), 1),
    (("Il dit alors adieu.", "Alors il dit adieu."), 1),
    (("Er sagte es leise und ging.", "Leise sagte er es und ging."), 1),
    (("He rode over the hill, and home again.", "He rode over the hill and, home again."), 0),
    (("He waited at the door for an hour. The rain went on and on. She came to stand at the "
      "door with him. They talked.",
      "He waited for an hour. The rain went on and on. She came to stand at the door with "
      "him. They talked at the door."), 0),
    (("The old man and the old dog slept by the fire.",
      "The man and the old dog slept by the old fire."), 0),
    (("The grey cat slept. The dog woke early.", "The cat slept. The grey dog woke early."), 0),
    (("When I returned the streets were empty and quiet.",
      "Such was the news; what would the whole town think? I hastened to return."), 0),
    (("a b c d , e f g h i", "a b c , d e f g h i"), 0),
]


def move_groups(collation: variorum.Collation) -> list[set[int]]:
    """Reported moves: sets of transposition variant indexes linked by their tags."""
    by_id = {v.id: index for index, v in enumerate(collation.variants)}
    parent = list(range(len(collation.variants)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    moved = [k for k, v in enumerate(collation.variants) if v.class_ == "transposition"]
    for k in moved:
        for tag in collation.variants[k].tags:
            kind, _, number = tag.partition(":")
            if kind in ("moved-from", "moved-to") and int(number) in by_id:
                parent[root(k)] = root(by_id[int(number)])
    groups: dict[int, set[int]] = {}
    for k in moved:
        groups.setdefault(root(k), set()).add(k)
    return list(groups.values())


def fixtures() -> tuple[int, int, int]:
    made = found = false = 0
    for texts, expected in FIXTURES:
        collation = variorum.collate([variorum.Witness.from_text(f"W{n}", t)
                                      for n, t in enumerate(texts, 1)])
        reported = len(move_groups(collation))
        made += expected
        found += min(reported, expected)
        false += max(reported - expected, 0)
        if reported != expected:
            print(f"  fixture: {reported} moves reported, {expected} made: {texts[0][:50]}…")
    return made, found, false


def stemmaweb(data: Path) -> tuple[int, int, int, int]:
    experts = found = reported = true = 0
    for path in (data / name for name in TRADITIONS):
        tradition = parse_tradition(path)
        relations = [r for r in tradition.relationships if r.type == "transposition"]
        if not relations:
            continue
        witnesses = rebuild_witnesses(tradition)
        base = choose_base(witnesses)
        ordered = sorted(witnesses, key=lambda w: (w.id != base, -len(w.spans), w.id))
        collation = variorum.collate([variorum.Witness.from_text(w.id, w.text)
                                      for w in ordered], base=base)
        index = _VariantIndex(collation)
        groups = move_groups(collation)
        group_of = {k: g for g, members in enumerate(groups) for k in members}
        covering: set[int] = set()
        hits = 0
        for relation in relations:
            near_a: set[int] = set()
            near_b: set[int] = set()
            for w in ordered:
                for node, near in ((relation.a, near_a), (relation.b, near_b)):
                    if node in w.spans:
                        near |= {group_of[k] for k in index.overlapping(w.id, *w.spans[node])
                                 if k in group_of}
            shared = near_a & near_b
            hits += bool(shared)
            covering |= shared
        experts += len(relations)
        found += hits
        reported += len(groups)
        true += len(covering)
        print(f"  {path.name}: {len(relations)} expert transpositions, {hits} found; "
              f"{len(groups)} moves reported, {len(covering)} true")
    return experts, found, reported, true


def darwin(data: Path, sample: int) -> None:
    units = json.loads((data / "darwin_chapter1_paragraphs.json").read_text(encoding="utf-8"))
    moves: list[tuple[int, variorum.Collation, set[int]]] = []
    variants = 0
    for number, unit in enumerate(units):
        witnesses = [variorum.Witness.from_text(w["id"], w["content"])
                     for w in unit["witnesses"]]
        collation = variorum.collate(witnesses)
        variants += len(collation.variants)
        moves.extend((number, collation, group) for group in move_groups(collation))
    print(f"  darwin: {len(units)} paragraphs, {variants} variants, {len(moves)} moves "
          f"({sum(len(g) for _, _, g in moves)} transposition variants)")
    for number, collation, group in random.Random(14).sample(moves, min(sample, len(moves))):
        print(f"  paragraph {number}:")
        for k in sorted(group):
            variant = collation.variants[k]
            shown = {w: r.text for w, r in variant.readings.items()}
            print(f"    #{variant.id} {variant.reason}: {shown}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stemmaweb", type=Path, default=DATA)
    parser.add_argument("--darwin", type=Path, default=DARWIN)
    parser.add_argument("--sample", type=int, default=10, help="Darwin moves to print")
    args = parser.parse_args(argv)
    made, found, false = fixtures()
    print(f"fixtures: {found}/{made} moves found, {false} false")
    if args.stemmaweb.is_dir():
        experts, hits, reported, true = stemmaweb(args.stemmaweb)
        recall = hits / experts if experts else float("nan")
        precision = true / reported if reported else float("nan")
        print(f"stemmaweb: recall {hits}/{experts} = {recall:.2f}, "
              f"precision {true}/{reported} = {precision:.2f}")
    if args.darwin.is_dir():
        darwin(args.darwin, args.sample)


if __name__ == "__main__":
    main()
