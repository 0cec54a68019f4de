"""The edition-wide register of ``variorum compare``: fates changed, a person named by a
dictionary's headword ("RADEK, Karl"), and the names that join a fuller one (a surname
standing alone, a name given with initials)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from variorum.compare import compare_editions

from .test_compare import RIVER, write


def _register(tmp_path: Path, *editions: tuple[str, Path], split: str | None = None
              ) -> tuple[dict[str, dict[str, Any]], Any]:
    result = compare_editions([(label, str(path)) for label, path in editions],
                              work_dir=tmp_path / "work", split=split)
    return {p["name"]: p for p in result.people}, result


def test_a_fate_changed_in_one_article_and_across_the_edition(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {
        "radek.txt": "Karl Radek was a journalist of the party. Karl Radek was shot in 1939 "
                     "after the trial.",
        "trial.txt": "The trial of 1937 was held in Moscow. Grigori Sokolnikov was shot "
                     "in 1939.",
        "river.txt": RIVER})
    second = write(tmp_path / "b", {
        "radek.txt": "Karl Radek was a journalist of the party. Karl Radek died in a labour "
                     "camp in 1939 after the trial.",
        # the trial's article dropped; the person's other fate told in another article
        "camps.txt": "The camps of the north held many. Grigori Sokolnikov died in a labour "
                     "camp in 1939.",
        "river.txt": RIVER})
    people, result = _register(tmp_path, ("1949", first), ("1953", second))
    for name, article in (("Karl Radek", "radek.txt"), ("Grigori Sokolnikov", None)):
        changes = [c for c in people[name]["changes"] if c["kind"] == "fate-changed"]
        assert len(changes) == 1, name
        assert (changes[0]["from"], changes[0]["to"], changes[0]["detail"]) == \
            ("1949", "1953", "executed → died")
        cited = {(c["witness"], c["article"]) for c in changes[0]["citations"]}
        if article:
            assert cited == {("1949", article), ("1953", article)}
        else:  # the fates stand in two articles of their own edition each
            assert cited == {("1949", "trial.txt"), ("1953", "camps.txt")}
    assert people["Grigori Sokolnikov"]["absent_from"] == []
    assert result.summary["people"]["fate_changed"] == 2
    radek = next(a for a in result.articles if a["key"] == "radek")
    assert [c for c in radek["people_changes"] if c["change"] == "fate-changed"] == [
        {"name": "Karl Radek", "change": "fate-changed",
         "fates": {"1949": ["executed"], "1953": ["died"]}, "source": "register"}]


def test_a_dictionary_headword_names_its_person(tmp_path: Path) -> None:
    (tmp_path / "d1.txt").write_text(
        "RADEK, Karl, a journalist and a speaker of the party. He wrote for papers in "
        "Berlin and in Moscow for twenty years, and was arrested in 1936.\n\n"
        "PRESS. The party press was edited by Karl Radek for many years in Moscow.\n\n"
        "MOSCOW, Karl Marx wrote, is far from the sea; the city stands on its river.\n",
        "utf-8")
    (tmp_path / "d2.txt").write_text(
        "RADEK, Karl, a journalist.\n\n"
        "PRESS. The party press was edited by Karl Radek for many years in Moscow.\n\n"
        "MOSCOW, Karl Marx wrote, is far from the sea; the city stands on its river.\n",
        "utf-8")
    people, _ = _register(tmp_path, ("d1", tmp_path / "d1.txt"), ("d2", tmp_path / "d2.txt"),
                          split="headwords")
    assert "Karl" not in people  # the given names after the headword are no person alone
    radek = people["Karl Radek"]
    assert radek["articles"] == {"d1": ["RADEK", "PRESS"], "d2": ["RADEK", "PRESS"]}
    assert "Karl" in radek["forms"]  # as found
    assert radek["own_article"]["key"] == "RADEK"
    assert radek["own_article"]["change"] == "shortened"
    # a name that runs on in prose after a capital headword is not the headword's person
    assert "Karl Marx" in people and "Karl Marx Moscow" not in people


def test_a_surname_alone_and_initials_join_the_fuller_name(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {
        "press.txt": "The party press was edited by Karl Radek for many years in Moscow.",
        "trial.txt": "At the trial of 1937 Radek spoke for two days before the court.",
        "breeds.txt": "The bantams of Sir John Sebright were bred for their laced "
                      "feathers in the north.",
        "pigeons.txt": "Sir J. Sebright kept pigeons as well, and wrote a pamphlet on "
                       "breeding."})
    second = write(tmp_path / "b", {
        "press.txt": "The party press was edited for many years in Moscow.",
        "breeds.txt": "The bantams were bred for their laced feathers in the north."})
    people, result = _register(tmp_path, ("1949", first), ("1953", second))
    radek = people["Karl Radek"]
    assert radek["articles"]["1949"] == ["press.txt", "trial.txt"]
    assert "Radek" in radek["forms"] and "Radek" not in people
    sebright = people["Sir John Sebright"]
    assert sebright["articles"]["1949"] == ["breeds.txt", "pigeons.txt"]
    assert "Sir J. Sebright" not in people
    assert result.summary["people"]["absent_from_next"] == 2


def test_a_headword_with_a_patronymic_joins_the_shorter_name(tmp_path: Path) -> None:
    for name, life in (("d1.txt", "a journalist and a speaker of the party, was arrested "
                                  "in 1936."), ("d2.txt", "a journalist.")):
        (tmp_path / name).write_text(
            f"RADEK, Karl Berngardovich (1885-1939), {life}\n\n"
            "PRESS. The party press was edited by Karl Radek for many years in Moscow.\n",
            "utf-8")
    people, _ = _register(tmp_path, ("d1", tmp_path / "d1.txt"), ("d2", tmp_path / "d2.txt"),
                          split="headwords")
    (person,) = people.values()
    assert person["name"] == "Karl Berngardovich Radek"
    assert "Karl Radek" in person["forms"]
    assert person["articles"] == {"d1": ["RADEK", "PRESS"], "d2": ["RADEK", "PRESS"]}
    assert person["own_article"]["change"] == "shortened"
