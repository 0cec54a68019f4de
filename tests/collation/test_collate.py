"""Alignment and variants on small hand-written editions."""

import numpy as np
import pytest

import variorum
from variorum import CollationError, Witness, collate

from ..conftest import collate_texts, pairs


def test_identical_witnesses_have_no_variants() -> None:
    result = collate_texts("The same text.\n", "The same text.\n", "The same text.\n")
    assert result.variants == ()


def test_white_space_between_words_is_not_a_variant() -> None:
    result = collate_texts("The  same\ntext.", "The same text.")
    assert result.variants == ()


def test_near_match_is_one_substituted_word() -> None:
    result = collate_texts("the most bafoonish falsifications", "the most bafoenish falsifications")
    assert pairs(result) == [("spelling", "bafoonish", "bafoenish")]
    column = result.table.cells[:, result.variants[0].columns[0]]
    assert (column >= 0).all()  # both words in one column: not an omission plus an addition


def test_changed_word_faces_its_most_similar_counterpart_not_a_comma() -> None:
    result = collate_texts("Rehn, Brisk and Quill.", "Rehn, Brisck and Quill.")
    table = result.table
    tokens_b = result.tokens["B"]
    for column in range(table.columns):
        a, b = table.cells[:, column]
        if a >= 0 and result.tokens["A"].text(a) == "Brisk":
            assert tokens_b.text(b) == "Brisck"
            break
    else:
        pytest.fail("Brisk is in no column")


def test_case_typography_unicode_and_punctuation_classes() -> None:
    result = collate_texts(
        "The State said “no” at police.1 Then end.",
        "The state said \"no\" at police.¹ Then end!",
    )
    assert pairs(result) == [
        ("case", "State", "state"),
        ("typography", "“no”", '"no"'),
        ("unicode", "police.1", "police.¹"),
        ("punctuation", "end.", "end!"),
    ]


def test_addition_and_omission_relative_to_the_base() -> None:
    result = collate_texts("a big dog barked", "a dog barked loudly")
    assert pairs(result) == [("omission", "big", ""), ("addition", "", "loudly")]
    omission, addition = result.variants
    assert omission.readings["B"].start == omission.readings["B"].end == 2  # before "dog"
    assert addition.readings["A"].start == len("a big dog barked")


def test_base_changes_addition_into_omission() -> None:
    a = Witness.from_text("A", "a big dog")
    b = Witness.from_text("B", "a dog")
    assert [v.class_ for v in collate([a, b], base="B").variants] == ["addition"]


def test_readings_are_slices_of_the_text_as_found() -> None:
    result = collate_texts("Zinoviev, Kamenev, Rykov were shot in 1936.",
                           "Zinoviev and Rykov died in 1937!", "Zinoviev, Kamenev were shot.")
    for variant in result.variants:
        for witness in result.witnesses:
            reading = variant.readings[witness.id]
            assert witness.text[reading.start : reading.end] == reading.text


def test_transposition_is_one_move_with_its_two_places_linked() -> None:
    result = collate_texts(
        "One. Two three four five. Six seven. Eight nine ten eleven. End.",
        "One. Six seven. Eight nine ten eleven. Two three four five. End.",
    )
    assert pairs(result) == [
        ("transposition", "Two three four five.", ""),
        ("transposition", "", "Two three four five."),
    ]
    first, second = result.variants
    assert first.tags == (f"moved-to:{second.id}",)
    assert second.tags == (f"moved-from:{first.id}",)


def test_transposition_threshold_is_configurable() -> None:
    texts = ("One. Two three four five. Six seven. Eight nine ten eleven. End.",
             "One. Six seven. Eight nine ten eleven. Two three four five. End.")
    # The block has 4 words and crossed 6 ("Six seven. Eight nine ten eleven."): two
    # stretches exchanged, reported when either has min_transposition words.
    assert [v.class_ for v in collate_texts(*texts, min_transposition=6).variants] == [
        "transposition", "transposition"]
    assert [v.class_ for v in collate_texts(*texts, min_transposition=7).variants] == [
        "omission", "addition"]
    assert [v.class_ for v in collate_texts(*texts, min_transposition=0).variants] == [
        "omission", "addition"]


def test_rewritten_stretch_is_one_substitution_not_a_scatter_on_function_words() -> None:
    result = collate_texts(
        "Then he went to the market in the morning and came back.",
        "Then she walked to the shops at the dawn and came back.",
    )
    assert pairs(result) == [
        ("substitution", "he went to the market in the morning",
         "she walked to the shops at the dawn"),
    ]


def test_a_word_replaced_by_an_unrelated_one_shares_its_column() -> None:
    result = collate_texts("The big dog.", "The small dog.")
    (variant,) = result.variants
    assert variant.columns[1] - variant.columns[0] == 1


def test_two_differences_inside_one_written_word_are_one_variant() -> None:
    result = collate_texts("organizations (1906–07)—has become",
                           "organizations (1906-07)'has become")
    assert pairs(result) == [("punctuation", "1906–07)—has", "1906-07)'has")]


def test_groups_list_agreeing_witnesses_largest_first() -> None:
    result = collate_texts("Marta Quill left.", "Marta Quil left.", "Marta Quill left.",
                           "Marta Quil left.", "Marta Kwill left.")
    (variant,) = result.variants
    assert variant.groups == (("A", "C"), ("B", "D"), ("E",))


def test_order_of_other_witnesses_does_not_change_the_variants() -> None:
    texts = {"A": "The old order of things was the same.",
             "B": "The new order of things was not the same.",
             "C": "The old order of all things was the same!",
             "D": "An old order of things is the same."}
    witnesses = {k: Witness.from_text(k, v) for k, v in texts.items()}
    first = collate([witnesses[k] for k in "ABCD"])
    second = collate([witnesses[k] for k in "ADCB"])
    assert first.variants == second.variants


def test_witness_ids_must_be_unique() -> None:
    with pytest.raises(CollationError, match="two witnesses have the id 'A'"):
        collate([Witness.from_text("A", "x"), Witness.from_text("A", "y")])


def test_at_least_two_witnesses() -> None:
    with pytest.raises(CollationError, match="at least two witnesses"):
        collate([Witness.from_text("A", "x")])


def test_unknown_base() -> None:
    with pytest.raises(CollationError, match="--base 'Z' is not a witness id"):
        collate_texts("x", "y", base="Z")


def test_punctuation_layer_keeps_marks_out_of_matching_but_reports_them() -> None:
    result = collate_texts("Yes, said he; no.", "Yes said he, no.", normalize="nfc,punctuation")
    assert [v.class_ for v in result.variants] == ["punctuation", "punctuation"]


def test_settings_are_recorded() -> None:
    result = collate_texts("a", "b", normalize="case")
    assert result.settings.normalize == ("nfc", "case")
    assert result.settings.min_transposition == 3


def test_result_is_immutable() -> None:
    result = collate_texts("a b c", "a x c")
    with pytest.raises(AttributeError):
        result.base = "B"  # type: ignore[misc]
    with pytest.raises(TypeError):
        result.variants[0].readings["A"] = None  # type: ignore[index]
    with pytest.raises(ValueError):
        result.table.cells[0, 0] = 5


def test_every_token_in_exactly_one_column_in_order() -> None:
    result = collate_texts("a b c d e f g", "a c b d x f g h", "z a b d e g")
    for row, witness in zip(result.table.cells, result.witnesses, strict=True):
        present = row[row >= 0]
        assert present.tolist() == list(range(len(result.tokens[witness.id])))


def test_pretokenized_witnesses_use_their_keys() -> None:
    a = Witness.from_tokens("A", [("The ", "the"), ("Cat ", "cat"), ("sat", None)])
    b = Witness.from_tokens("B", [("the ", "the"), ("cat ", "cat"), ("sat", None)])
    result = collate([a, b])
    # Each word that differs only in form is a variant of its own.
    assert pairs(result) == [("case", "The", "the"), ("case", "Cat", "cat")]
    assert a.text == "The Cat sat"


def test_a_respelled_word_does_not_fuse_its_neighbours_variants() -> None:
    # B respells every word; C replaces one. B's respellings must not chain C's change
    # and the untouched words around it into one place.
    result = collate_texts("the reeve rode quickly over the bridge",
                           "the reve rood quikly ovre the brigde",
                           "the reeve walked quickly over the bridge")
    rode = [v for v in result.variants if v.readings["A"].text == "rode"]
    assert len(rode) == 1
    assert len(result.variants) == 5


def test_a_fragments_missing_beginning_does_not_fuse_the_others_variants() -> None:
    # B is a fragment: its first ten words are lost. C changes two words there; they are
    # two variants, not one place running over all that B lacks.
    full = ("one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen")
    result = collate_texts(full, "eleven twelve thirteen fourteen fifteen sixteen",
                           full.replace("three", "drei").replace("eight", "acht"))
    changed = [v.readings["C"].text for v in result.variants
               if v.readings["C"].text != v.readings["A"].text]
    assert changed == ["drei", "acht"]
    assert [v.classes for v in result.variants if "drei" in v.readings["C"].text] == [
        {"B": "omission", "C": "substitution"}]


def test_a_number_change_is_not_taken_for_a_respelling() -> None:
    result = collate_texts("Rehn was shot in 1938 by the organs.",
                           "Rehn died of illness in 1939 at home.")
    assert pairs(result) == [("substitution", "was shot in 1938 by the organs",
                              "died of illness in 1939 at home")]


def test_empty_witness_is_all_addition() -> None:
    result = collate_texts("Some text here.", "")
    assert pairs(result) == [("omission", "Some text here.", "")]


def test_public_api_is_sorted_and_complete() -> None:
    assert list(variorum.__all__) == sorted(variorum.__all__)
    for name in variorum.__all__:
        assert hasattr(variorum, name)


def test_cells_are_integer_token_indices() -> None:
    result = collate_texts("a b", "a c")
    assert result.table.cells.dtype == np.int64


def test_progress_reports_each_stage() -> None:
    stages: list[str] = []
    collate_texts("a b c", "a x c", progress=stages.append)
    assert stages == ["tokenizing A", "tokenizing B", "aligning 1 witness(es) to A",
                      "finding and classifying variants"]


def test_negative_transposition_threshold_is_refused() -> None:
    with pytest.raises(CollationError, match="cannot be negative"):
        collate_texts("a", "b", min_transposition=-1)


def test_options_or_keywords_not_both() -> None:
    from variorum.collation.options import CollateOptions

    witnesses = [Witness.from_text("A", "one two"), Witness.from_text("B", "one three")]
    options = CollateOptions.parse(base="B")
    assert collate(witnesses, options=options).base == "B"
    with pytest.raises(CollationError, match="as options or as keywords, not both"):
        collate(witnesses, options=options, base="A")


def test_variants_made_field_dict_at_once_are_the_constructors() -> None:
    # compare._variant builds a Variant without its constructor (speed): every field, the
    # same object as Variant(...) gives, fields added to Variant included.
    import dataclasses
    from types import MappingProxyType

    from variorum.collation.compare import _variant
    from variorum.model import Reading, Relation, Variant

    fields = {"id": 3, "class_": "spelling", "tags": ("moved-to:4",), "reason": "r",
              "readings": MappingProxyType({"A": Reading("x", 0, 1)}),
              "groups": (("A",), ("B",)), "columns": (2, 3),
              "classes": MappingProxyType({"B": "spelling"}),
              "relations": (Relation((0, 1), "spelling", "r"),)}
    made = _variant(**fields)  # type: ignore[arg-type]
    assert made == Variant(**fields)  # type: ignore[arg-type]
    assert repr(made) == repr(Variant(**fields))  # type: ignore[arg-type]
    assert {f.name for f in dataclasses.fields(Variant)} == set(vars(made))
