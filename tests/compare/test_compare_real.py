"""``compare`` on real editions in ../shared (skipped when absent): the six editions of
chapter 1 of Darwin's *Origin* (one article per paragraph unit) and EDGI's captures of US
government pages (before and after; the real pages and the small hand-made pairs)."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

from variorum.compare import compare_editions

from ..conftest import SHARED, needs_shared

DARWIN = SHARED / "data" / "darwin" / "darwin_chapter1_paragraphs.json"
EDGI = SHARED / "data" / "edgi"
# The README's pairs of real versions (before, after).
REAL_PAIRS = {"hurricane-maria": ("f2d5d701-707a-42e0-8881-653346d01e0a",
                                  "fc74d750-c651-46b7-bf74-434ad8c62e04"),
              "energy-home": ("9d4de183-a186-456c-bffb-55d82989877d",
                              "775a8b04-9bac-4d0d-8db0-a8e133c4a964")}


@needs_shared(DARWIN)
def test_darwin_six_editions_as_a_corpus(tmp_path: Path) -> None:
    units = json.loads(DARWIN.read_text("utf-8"))
    labels = ["1859", "1860", "1861", "1866", "1869", "1872"]
    for number, unit in enumerate(units, start=1):
        for witness in unit["witnesses"]:
            folder = tmp_path / witness["id"]
            folder.mkdir(exist_ok=True)
            (folder / f"paragraph-{number:02d}.txt").write_text(witness["content"], "utf-8")
    late = {f"paragraph-{n:02d}" for n, unit in enumerate(units, start=1)
            if {w["id"] for w in unit["witnesses"]} == {"1869", "1872"}}
    assert len(late) == 4  # the README: four units added in the fifth edition
    result = compare_editions([(label, str(tmp_path / label)) for label in labels],
                              work_dir=tmp_path / "work")
    by_status: dict[str, set[str]] = {}
    for article in result.articles:
        by_status.setdefault(article["status"], set()).add(article["key"])
    assert by_status["added"] == late
    assert "dropped" not in by_status and "renamed" not in by_status
    assert all(result.summary["words"][a] < result.summary["words"][b]
               for a, b in itertools.pairwise(labels[:5]))  # each revision to 1869 grew
    # every added paragraph is absent from the four first editions, present in the last two
    for article in result.articles:
        if article["status"] == "added":
            assert [label for label in labels if article["words"][label] is None] == labels[:4]
    people = {p["name"]: p for p in result.people}
    assert people  # Darwin names breeders and naturalists
    for person in people.values():
        # absent_from names editions, in order, and an erasure is between two of them
        assert person["absent_from"] == [x for x in labels if x in person["absent_from"]]
        for change in person["changes"]:
            assert labels.index(change["from"]) + 1 == labels.index(change["to"])


@needs_shared(EDGI)
def test_edgi_captures_as_a_corpus(tmp_path: Path) -> None:
    for side, which in (("before", 0), ("after", 1)):
        folder = tmp_path / side
        folder.mkdir()
        for key, ids in REAL_PAIRS.items():
            shutil.copy(EDGI / "real_versions" / f"{ids[which]}.html", folder / f"{key}.html")
        for example in (EDGI / "example_pairs").glob(f"*.{side}"):
            shutil.copy(example, folder / f"{example.stem}.html")
    result = compare_editions([("before", str(tmp_path / "before")),
                               ("after", str(tmp_path / "after"))], work_dir=tmp_path / "w")
    articles = {a["key"]: a for a in result.articles}
    assert len(articles) == 2 + len(list((EDGI / "example_pairs").glob("*.before")))
    assert {a["status"] for a in articles.values()} <= {"same", "changed"}
    # the hand-made pairs: the change each file is named after
    assert "addition" in articles["add-list"]["by_class"]
    assert "addition" in articles["add-paragraph"]["by_class"]
    assert "omission" in articles["remove-list"]["by_class"]
    assert articles["change-word-in-paragraph"]["changed_words"] == 1
    # a link's target is not text: the pages read the same
    assert articles["change-href"]["status"] == "same"
    # the rotating news list: an item added at the top, an older one dropped at the bottom
    energy = articles["energy-home"]["by_class"]
    assert energy.get("addition", 0) >= 1 and energy.get("omission", 0) >= 1
    # the mojibake of the later Hurricane Maria page is told as damage (class encoding),
    # not as rewording
    maria = articles["hurricane-maria"]["by_class"]
    assert maria["encoding"] > maria.get("substitution", 0)
    assert not any("Ã" in e["text"] for e in articles["hurricane-maria"]["erasures"])
