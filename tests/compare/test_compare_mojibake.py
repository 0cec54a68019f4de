"""An edition whose files were saved as UTF-8 and read back as windows-1252 (mojibake):
its articles are matched and counted as the repaired texts, and the names in them are the
repaired names."""

from __future__ import annotations

from pathlib import Path

from tests.compare.test_compare import by_key, write
from variorum.compare import compare_editions

HARBOUR = ("The harbour of Vel\u00e9ne was dredged in 1881 by Fran\u00e7ois Mu\u00f1oz, "
           "and its pier \u2014 the longest of the coast \u2014 was rebuilt after the storm "
           "of the following winter.")
ROADS = ("The coast road was laid out by Agn\u00e8s S\u00f8rensen in 1902. The road "
         "from the harbour to the market was paved by Fran\u00e7ois Mu\u00f1oz in 1890. "
         "Both were widened when the railway came to the valley.")
ROADS_LATER = ("The road from the harbour to the market was paved by Fran\u00e7ois "
               "Mu\u00f1oz in 1890. Both were widened when the railway came to the valley.")
MILLS = ("The mills on the river B\u00f6rn ground the grain of the whole district and were "
         "worked by water until the engineers of the town brought steam to them in 1874.")


def mojibake(text: str) -> str:
    """UTF-8 read as windows-1252 (every byte of these texts is a windows-1252 one)."""
    return text.encode("utf-8").decode("cp1252")


def test_damaged_files_match_and_their_names_are_repaired(tmp_path: Path) -> None:
    first = write(tmp_path / "ed1", {"harbour.txt": HARBOUR, "roads.txt": ROADS,
                                     "mills.txt": MILLS})
    second = write(tmp_path / "ed2", {"harbour.txt": mojibake(HARBOUR),
                                      "roads.txt": mojibake(ROADS_LATER),
                                      "water mills.txt": mojibake(MILLS)})
    assert "Fran\u00c3\u00a7ois" in (second / "harbour.txt").read_text("utf-8")
    result = compare_editions([("a", str(first)), ("b", str(second))],
                              work_dir=tmp_path / "work")
    articles = by_key(result.articles)
    harbour = articles["harbour"]
    assert harbour["status"] == "same" and "encoding damage is repaired" in harbour["reason"]
    assert harbour["repairs"]["b"] >= 3 and "a" not in harbour["repairs"]
    assert harbour["words"]["a"] == harbour["words"]["b"]  # "FranÃ§ois" is one word
    assert not harbour["by_class"] and harbour["changed_words"] == 0
    roads = articles["roads"]
    assert roads["status"] == "changed" and "repairs" in roads
    assert [p["name"] for p in roads["people_changes"] if p["change"] == "erased"] == [
        "Agn\u00e8s S\u00f8rensen"]
    assert {p["change"] for p in roads["people_changes"]} == {"erased"}
    # a renamed article whose new file is damaged is found by its (repaired) text
    assert articles["mills"]["status"] == "renamed"
    assert articles["mills"]["sources"]["b"] == "water mills.txt"
    assert articles["mills"]["similarity"] == 1.0
    people = {p["name"]: p for p in result.people}
    assert "Fran\u00e7ois Mu\u00f1oz" in people and "Agn\u00e8s S\u00f8rensen" in people
    assert not any("\u00c3" in name for name in people)
    assert people["Agn\u00e8s S\u00f8rensen"]["absent_from"] == ["b"]
    assert people["Fran\u00e7ois Mu\u00f1oz"]["absent_from"] == []
    # the mentions cite the text as found: the damaged form in the damaged edition
    found = [m["text"] for m in people["Fran\u00e7ois Mu\u00f1oz"]["mentions"]
             if m["witness"] == "b"]
    assert found and all(text == mojibake("Fran\u00e7ois Mu\u00f1oz") for text in found)
