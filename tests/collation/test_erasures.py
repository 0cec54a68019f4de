"""The erasure report: names, numbers and sentences one edition has and another lacks."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import variorum
from variorum.collation import erasures as _erasures
from variorum.ingest import read_source
from variorum.reports import ReportOptions, render
from variorum.reports.json_report import erasure_document, name_change_document

from ..conftest import SEED, collate_texts, needs_shared

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "encyclopedia"


def find_erasures(collation: variorum.Collation) -> list[dict[str, Any]]:
    """The erasures as the contract writes them (the JSON document's entries)."""
    return [erasure_document(e) for e in _erasures.find_erasures(collation)]


def find_name_changes(collation: variorum.Collation) -> list[dict[str, Any]]:
    return [name_change_document(c) for c in _erasures.find_name_changes(collation)]


def test_erasures_are_typed_and_frozen() -> None:
    result = collate_texts("Zinoviev and Rykov were shot.", "Zinoviev was shot.")
    (erasure,) = _erasures.find_erasures(result)
    assert isinstance(erasure, variorum.Erasure)
    assert (erasure.kind, erasure.text, erasure.present_in) == ("name", "Rykov", ("A",))
    assert erasure.readings["A"] == variorum.Reading("Rykov", 13, 18)
    with pytest.raises(dataclasses.FrozenInstanceError):
        erasure.text = "Bukharin"  # type: ignore[misc]


def brief(entries: list[dict[str, Any]]) -> list[tuple[object, ...]]:
    """Each entry as (kind, text, present_in, absent_from)."""
    return [(e["kind"], e["text"], e["present_in"], e["absent_from"]) for e in entries]


def assert_offsets_true(collation: variorum.Collation, entries: tuple[Any, ...]) -> None:
    """Every reading and occurrence is the witness's text at its offsets."""
    for entry in entries:
        found = [(wid, r) for wid, r in entry["readings"].items()]
        found += [(wid, r) for wid, rs in entry.get("occurrences", {}).items() for r in rs]
        for wid, where in found:
            assert collation.witness(wid).text[where["start"] : where["end"]] == where["text"]


def test_identical_witnesses_have_no_erasures() -> None:
    result = collate_texts("Zinoviev and Kamenev were shot in 1936.",
                           "Zinoviev and Kamenev were shot in 1936.")
    assert find_erasures(result) == []
    assert find_name_changes(result) == []


def test_a_name_dropped_from_a_list() -> None:
    result = collate_texts("Zinoviev, Kamenev, Rykov, Bukharin were shot in 1938.",
                           "Zinoviev, Kamenev, Rykov were shot in 1938.")
    (erasure,) = find_erasures(result)
    assert erasure == {
        "kind": "name", "text": "Bukharin", "present_in": ["A"], "absent_from": ["B"],
        "readings": {"A": {"text": "Bukharin", "start": 26, "end": 34}},
        "relation": "omission", "forms": ["Bukharin"],
        "occurrences": {"A": [{"text": "Bukharin", "start": 26, "end": 34}]},
    }


def test_a_respelled_name_is_a_name_change_not_an_erasure() -> None:
    result = collate_texts("The real name of Stalin was Djughachvili, said Quill.",
                           "The real name of Stalin was Djugachvili, said Quil.")
    assert find_erasures(result) == []
    changes = find_name_changes(result)
    assert [change["texts"] for change in changes] == [
        {"A": "Djughachvili", "B": "Djugachvili"}, {"A": "Quill", "B": "Quil"}]
    assert changes[0]["kind"] == "name-spelling"
    assert changes[0]["readings"] == {"A": {"text": "Djughachvili", "start": 28, "end": 40},
                                      "B": {"text": "Djugachvili", "start": 28, "end": 39}}


def test_another_person_of_the_same_surname_is_no_respelling() -> None:
    result = collate_texts("The engineer Ilse Varnhagen chaired it.",
                           "The engineer Karl Varnhagen chaired it.")
    assert brief(find_erasures(result)) == [
        ("name", "Ilse Varnhagen", ["A"], ["B"]), ("name", "Karl Varnhagen", ["B"], ["A"])]


def test_another_form_of_the_same_name_keeps_it_present() -> None:
    for later in ("The engineer I. Varnhagen chaired it, and then Varnhagen left.",
                  "The engineer Varnhagen chaired it."):
        result = collate_texts("The engineer Ilse Varnhagen chaired it.", later)
        assert find_erasures(result) == []
        assert find_name_changes(result) == []


def test_a_name_erased_then_restored() -> None:
    result = collate_texts("Its board included Tomas Rehn and Marta Quill as members.",
                           "Its board included Tomas Rehn as a member.",
                           "Its board included Tomas Rehn and Marta Quill as members.")
    assert brief(find_erasures(result)) == [("name", "Marta Quill", ["A", "C"], ["B"])]


def test_names_a_later_edition_brings_in_are_additions() -> None:
    result = collate_texts("It was founded on the proposal of the engineers.",
                           "It was founded on the initiative of the Party.")
    (erasure,) = find_erasures(result)
    assert erasure["text"] == "Party" and erasure["relation"] == "addition"
    assert erasure["present_in"] == ["B"] and erasure["absent_from"] == ["A"]


def test_cyrillic_name_erased() -> None:
    result = collate_texts("В 1938 году Бухарин и Рыков были расстреляны.",
                           "В 1938 году Рыков был расстрелян.")
    names = [e for e in find_erasures(result) if e["kind"] == "name"]
    assert brief(names) == [("name", "Бухарин", ["A"], ["B"])]


def test_a_changed_number_amount_or_date() -> None:
    result = collate_texts("The line cost 41 million crowns and opened on 1 May 1929.",
                           "The line cost 38 million crowns and opened on 1 May 1930.")
    numbers = find_erasures(result)
    assert [(e["text"], e["changed_to"], e["present_in"], e["absent_from"]) for e in numbers] \
        == [("41 million", {"B": "38 million"}, ["A"], ["B"]),
            ("1929", {"B": "1930"}, ["A"], ["B"])]
    assert numbers[0]["readings"] == {"A": {"text": "41 million", "start": 14, "end": 24},
                                      "B": {"text": "38 million", "start": 14, "end": 24}}


def test_ranges_percentages_and_ordinals_change_too() -> None:
    result = collate_texts("In 1936–37 the 3rd plan met 64% of its goal.",
                           "In 1937–38 the 2nd plan met 46% of its goal.")
    assert [(e["text"], e["changed_to"]) for e in find_erasures(result)] == [
        ("1936–37", {"B": "1937–38"}), ("3rd", {"B": "2nd"}), ("64%", {"B": "46%"})]


def test_a_number_in_another_typographic_form_is_no_change() -> None:
    result = collate_texts("the men of 1917–18 and 12,300 others",
                           "the men of 1917-18 and 12\u00a0300 others")
    assert find_erasures(result) == []


def test_numbers_inside_rewritten_words_are_left_to_the_sentence_analysis() -> None:
    result = collate_texts("Rehn was shot in 1938 by the organs.",
                           "Rehn died of illness in 1939 at home.")
    assert [e["kind"] for e in find_erasures(result)] == []


def test_whole_sentences_removed_and_added() -> None:
    result = collate_texts(
        "Rehn chaired the board. In 1931 Varnhagen was removed after a dispute over accounts. "
        "The line opened in 1929.",
        "Rehn chaired the board. The line opened in 1929. "
        "Its builders showed great enthusiasm.")
    assert brief(find_erasures(result)) == [
        ("name", "Varnhagen", ["A"], ["B"]),
        ("sentence", "In 1931 Varnhagen was removed after a dispute over accounts.",
         ["A"], ["B"]),
        ("sentence", "Its builders showed great enthusiasm.", ["B"], ["A"]),
    ]
    assert [e["relation"] for e in find_erasures(result)] == ["omission", "omission", "addition"]


def test_a_rewritten_sentence_is_not_erased() -> None:
    result = collate_texts("In 1937 Rehn and Brisk were arrested on charges of sabotage.",
                           "In 1937 Rehn was wrongly accused of sabotage.")
    assert brief(find_erasures(result)) == [("name", "Brisk", ["A"], ["B"])]


def test_a_moved_sentence_is_not_erased() -> None:
    first = "The Commission planned the trunk line from Aldermoor to the coast."
    second = "Its board included the economist Tomas Rehn and the delegate Marta Quill."
    third = "Work on the viaduct began in the spring of the following year."
    result = collate_texts(f"{first} {second} {third}", f"{second} {first} {third}")
    assert any(v.class_ == "transposition" for v in result.variants)
    assert find_erasures(result) == []


def test_the_sentence_counterpart_is_given_for_every_witness_having_it() -> None:
    result = collate_texts("Rehn chaired it. Brisk surveyed the marshes. It opened.",
                           "Rehn chaired it. It opened.",
                           "Rehn chaired it. Brisk surveyed the marshes carefully. It opened.")
    sentences = [e for e in find_erasures(result) if e["kind"] == "sentence"]
    assert brief(tuple(sentences)) == [
        ("sentence", "Brisk surveyed the marshes.", ["A", "C"], ["B"])]
    assert sentences[0]["readings"]["C"]["text"] == "Brisk surveyed the marshes carefully."


# --- the demo editions --------------------------------------------------------------------

def encyclopedia() -> variorum.Collation:
    witnesses = [read_source(str(EXAMPLES / f"{year}.txt"))[0] for year in (1949, 1953, 1956)]
    return variorum.collate(witnesses)


def test_encyclopedia_erasures_exactly() -> None:
    result = encyclopedia()
    erasures = find_erasures(result)
    later = ["1953", "1956"]
    assert brief(erasures) == [
        # Planted: Varnhagen and Brisk are gone from the later editions, in every form.
        ("name", "Ilse Varnhagen", ["1949"], later),
        ("name", "Anatol Brisk", ["1949"], later),
        # Not planted, but true: the viaduct at Ossary and Varnhagen's book went with them.
        ("name", "Ossary", ["1949"], later),
        ("name", "Kessel Line", ["1949"], later),
        # Brought in by 1953 (relation "addition"), kept in 1956.
        ("name", "Party", later, ["1949"]),
        ("name", "People's Commissariat of Transport", later, ["1949"]),
        # Planted: the cost and (in 1956) the opening date.
        ("number", "41 million", ["1949"], later),
        ("number", "1929", ["1949", "1953"], ["1956"]),
        # Planted: the 1931 sentence; and the one after it, whose "Rehn" survives only in the
        # rewritten 1937 sentence, which is the counterpart of 1949's 1937 sentence.
        ("sentence", "In 1931 Varnhagen was removed from the chairmanship after a dispute "
                     "over the accounts of the Ossary viaduct.", ["1949"], later),
        ("sentence", "Rehn succeeded her.", ["1949"], later),
    ]
    by_text = {e["text"]: e for e in erasures}
    assert by_text["Ilse Varnhagen"]["forms"] == ["Ilse Varnhagen", "Varnhagen", "I. Varnhagen"]
    assert by_text["Anatol Brisk"]["forms"] == ["Anatol Brisk", "Brisk"]
    assert len(by_text["Anatol Brisk"]["occurrences"]["1949"]) == 4
    assert [e["relation"] for e in erasures if e["kind"] == "name"] == ["omission"] * 4 + [
        "addition"] * 2
    assert by_text["41 million"]["changed_to"] == {"1953": "38 million", "1956": "38 million"}
    assert by_text["1929"]["changed_to"] == {"1956": "1930"}
    assert by_text["1929"]["readings"]["1956"]["text"] == "1930"
    assert_offsets_true(result, erasures)
    # "Brisk's survey of the Kessel marshes" is rewritten ("The survey of..."), not erased.
    assert not any(str(e["text"]).startswith(("Brisk's", "The survey")) for e in erasures)


def test_encyclopedia_quill_is_respelled_not_erased() -> None:
    result = encyclopedia()
    assert [change["texts"] for change in find_name_changes(result)] == [
        {"1949": "Marta Quill", "1953": "Marta Quil", "1956": "Marta Quill"}]
    assert_offsets_true(result, find_name_changes(result))


def test_erasures_in_the_text_and_json_reports() -> None:
    result = encyclopedia()
    result = dataclasses.replace(result, erasures=_erasures.find_erasures(result))
    text = render(result, "text", ReportOptions(erasure_details=True))
    assert "Erasures: 6 names, 2 numbers, 2 sentences" in text
    assert "  name      Ilse Varnhagen (also Varnhagen, I. Varnhagen)  in 1949; not in 1953, " \
           "1956" in text
    assert "  number    1929 → 1930 (1956)  in 1949, 1953; not in 1956" in text
    assert text.index("#1 ") < text.index("Erasures:")  # variants first
    document = json.loads(render(result, "json"))
    assert document["erasures"][0]["text"] == "Ilse Varnhagen"
    assert {e["kind"] for e in document["erasures"]} == {"name", "number", "sentence"}


def test_no_erasure_section_without_erasures() -> None:
    assert "Erasures" not in render(encyclopedia(), "text")


@needs_shared(SEED)
def test_the_two_preface_copies_erase_nothing() -> None:
    from tests.collation.test_seed import copies

    result = variorum.collate(copies())
    assert find_erasures(result) == []
    # Djughachvili is respelled; "Committee—a" was damaged into "Committeeâ€™a" in the second
    # copy (these witnesses carry no repairs), so the name's last word changed too.
    assert [change["texts"] for change in find_name_changes(result)] == [
        {"first": "Central Committee", "second": "Central Committeeâ"},
        {"first": "Djughachvili", "second": "Djugachvili"},
    ]


# --- any input ----------------------------------------------------------------------------

_SENTENCES = st.lists(st.sampled_from([
    "Rehn was shot in 1938.", "Marta Quill emigrated in 1936.", "The cost was 41 million.",
    "Brisk died in a labour camp.", "Work began.", "Zinoviev, Kamenev, Rykov were shot.",
    "Its board included Tomas Rehn.", "Квил уехала в 1936 году.", "", "\n\n", "“Why?” he asked.",
    "The line opened on 1 May 1929.", "Rehn succeeded her.", "Anatol Brisk left Ossary.",
]), max_size=8).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(_SENTENCES, min_size=2, max_size=3))
def test_any_editions_give_consistent_json_ready_entries(texts: list[str]) -> None:
    result = collate_texts(*texts)
    erasures, changes = find_erasures(result), find_name_changes(result)
    json.dumps([*erasures, *changes])
    assert_offsets_true(result, erasures)
    assert_offsets_true(result, changes)
    ids = [w.id for w in result.witnesses]
    for entry in erasures:
        present, absent = entry["present_in"], entry["absent_from"]
        assert present and absent and not set(present) & set(absent)
        assert set(present) | set(absent) <= set(ids)


def test_witnesses_given_as_tokens_and_empty_witnesses() -> None:
    tokens = variorum.Witness.from_tokens("T", [("Rehn ", None), ("and ", None),
                                                ("Brisk ", None), ("left.", None)])
    result = variorum.collate([variorum.Witness.from_text("A", "Rehn left."), tokens])
    assert brief(find_erasures(result)) == [("name", "Brisk", ["T"], ["A"])]
    empty = variorum.collate([variorum.Witness.from_text("A", "Rehn left. He died."),
                              variorum.Witness.from_text("B", "")])
    # "Rehn", no English word, opens a sentence: a name (the recognizer of the register of
    # persons), erased with its sentence.
    assert [(e["kind"], e["text"]) for e in find_erasures(empty)] == [
        ("name", "Rehn"), ("sentence", "Rehn left."), ("sentence", "He died.")]


def test_a_name_written_in_lower_case_is_a_case_change_not_an_erasure() -> None:
    result = collate_texts("In that year the State seized the mills of Rehn.",
                           "In that year the state seized the mills of Rehn.")
    assert find_erasures(result) == []
    (change,) = find_name_changes(result)
    assert change["kind"] == "name-case"
    assert change["texts"] == {"A": "State", "B": "state"}


def test_a_lower_case_word_elsewhere_does_not_hide_an_erased_name() -> None:
    # B lost "the Party" at that place; "party" elsewhere in B is not the same words there.
    result = collate_texts("The Party built the line. There was a party.",
                           "Engineers built the line. There was a party.")
    assert [e["text"] for e in find_erasures(result) if e["kind"] == "name"] == ["Party"]


def test_a_suspect_repair_does_not_make_a_respelled_name(tmp_path: Path) -> None:
    # The dash lost in "Committeeâ€™a" is repaired, as a suspect, to an apostrophe: that must
    # not make "Central Committee’a" a respelling of "Central Committee".
    clean, damaged = tmp_path / "clean.txt", tmp_path / "damaged.txt"
    clean.write_text("He was Secretary of the Central Committee—a Georgian barely known.",
                     encoding="utf-8")
    damaged.write_text("He was Secretary of the Central Committeeâ€™a Georgian barely known.",
                       encoding="utf-8")
    witnesses = [*read_source(str(clean)), *read_source(str(damaged))]
    assert any(repair.suspect for repair in witnesses[1].repairs)
    result = variorum.collate(witnesses, erasures=True)
    assert result.name_changes == ()
    assert [e["text"] for e in result.erasures if e["kind"] == "name"] == []


# --- issue 16: the recognizer of the register of persons ----------------------------------

_ROLL = ("Of the delegates of the northern congress: Orlovsky, Vashenko, Pertsova and Gurin "
         "were shot. Zabolin, envoy at the talks in Riga, shot. Marta Grebneva committed "
         "suicide. Kovrin, who led the mutiny, disappeared in prison. Chichirin died in exile. "
         "Lisovsky and Abashin are in prison. Kuzmich survives.")
_FALSIFIED = ("Of the delegates of the northern congress: Vashenko and Gurin were shot. Marta "
              "Grebneva died. Kovrin, who led the mutiny, disappeared in prison. Tchitcherin "
              "died in exile. Lisovsky is in prison. Kuzmich survives. The congress was later "
              "praised by all.")


def test_a_falsified_roll_erases_every_person_it_dropped() -> None:
    result = variorum.collate([variorum.Witness.from_text("A", _ROLL),
                               variorum.Witness.from_text("B", _FALSIFIED)], erasures=True)
    names = [(e.text, e.absent_from) for e in result.erasures if e.kind == "name"]
    # Orlovsky after a colon, Zabolin opening a sentence; Riga went with Zabolin's sentence.
    assert names == [("Orlovsky", ("B",)), ("Pertsova", ("B",)), ("Zabolin", ("B",)),
                     ("Riga", ("B",)), ("Abashin", ("B",))]
    assert [dict(c.texts) for c in result.name_changes] == [
        {"A": "Chichirin", "B": "Tchitcherin"}]
    (variant,) = [v for v in result.variants if v.readings["A"].text == "Chichirin"]
    assert variant.class_ == "name" and "transliteration" in variant.reason


def test_addresses_handles_and_hashtags_hold_no_names() -> None:
    result = collate_texts(
        "Crews reached the coast. See pic.twitter.com/QwRtZxK and @StateAgency today.",
        "Crews reached the coast. Photos #HarborWatch from @CoastDesk today.")
    assert [e["text"] for e in find_erasures(result) if e["kind"] == "name"] == []


def test_headings_are_no_names_and_bodies_joined_by_and_stay_whole() -> None:
    result = collate_texts(
        "Effects of Habit; Correlated Variation; Inheritance. Habits are inherited. Water "
        "came from the Harbour Aqueduct and Sewer Authority of Tarnville.",
        "Habits are inherited. Water came from wells.")
    names = [e["text"] for e in find_erasures(result) if e["kind"] == "name"]
    assert names == ["Harbour Aqueduct and Sewer Authority of Tarnville"]


def test_a_capitalized_word_the_text_writes_in_lower_case_is_no_erased_name() -> None:
    # "Varieties" (a fairly common word) and "Acclimatisation" (an abstract noun, in a title)
    # are written in lower case elsewhere in the same edition: their capitals name no one.
    # A surname the text never writes in lower case is still an erased name.
    result = collate_texts(
        "Breeders tell Varieties from Species with pains. Many varieties of the dove differ. "
        "His 'Notes on Acclimatisation' sold. The acclimatisation of roses is slow. "
        "Vashenko wrote to Orlik.",
        "Breeders tell them apart with pains. Many varieties of the dove differ. "
        "His notes sold. The acclimatisation of roses is slow. Vashenko wrote.")
    assert [e["text"] for e in find_erasures(result) if e["kind"] == "name"] == ["Orlik"]


def test_a_common_noun_capitalized_after_the_is_no_name() -> None:
    # "the Nation's" (house style), one of the commonest words of the language, is no place;
    # a name no word of the language after "the" ("the Varna") still is one.
    result = collate_texts("Grants improve the Nation's grid and the Varna ports. Work began.",
                           "Work began.")
    names = [e["text"] for e in find_erasures(result) if e["kind"] == "name"]
    assert names == ["Varna"]


def test_a_genus_is_no_erased_name() -> None:
    # The Latin name in brackets after a noun ("the paint-root (Vellanthes)") names a plant;
    # Dr. Kessin, added with it, is a name.
    result = collate_texts("The pigs ate roots.",
                           "The pigs ate the paint-root (Vellanthes), said Dr. Kessin.")
    names = [e["text"] for e in find_erasures(result) if e["kind"] == "name"]
    assert names == ["Dr. Kessin"]


def test_a_word_opening_the_line_after_a_heading_is_no_name() -> None:
    # "Avalanche" opens the line after the heading "On the Roads": its capital proves nothing.
    result = collate_texts("On the Roads\nAvalanche or Road Works after the storm, crews say.\n"
                           "Varnok wrote.",
                           "On the Roads\nVarnok wrote.")
    names = [e["text"] for e in find_erasures(result) if e["kind"] == "name"]
    assert names == []


def test_a_kind_of_fruit_is_no_erased_name() -> None:
    result = collate_texts("He grew a Vorlan-pear and a Kessin-apple for Quill.",
                           "He grew pears for Quill.")
    names = [e["text"] for e in find_erasures(result) if e["kind"] == "name"]
    assert names == []


def test_a_respelling_shows_the_form_the_witness_alone_writes() -> None:
    # B writes "Rehn" too (earlier), but its respelling is "Rehns" (the apostrophe lost).
    result = collate_texts("Rehn wrote of it. Later the notes of Rehn's brother were read.",
                           "Rehn wrote of it. Later the notes of Rehns brother were read.")
    (change,) = find_name_changes(result)
    assert change["kind"] == "name-spelling"
    assert change["texts"] == {"A": "Rehn", "B": "Rehns"}
