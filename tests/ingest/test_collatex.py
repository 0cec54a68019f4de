"""CollateX interoperability, checked against what the ``collatex`` package reads and writes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from variorum.cli import main
from variorum.errors import FormatError
from variorum.ingest.collatex import witnesses_from_collatex

collatex = pytest.importorskip("collatex", reason="the collatex package is a test extra")

TOKENS_INPUT: dict[str, Any] = {"witnesses": [
    {"id": "A", "tokens": [{"t": "The ", "n": "the"}, {"t": "black ", "n": "black"},
                           {"t": "cat ", "n": "cat"}, {"t": "sat", "n": "sat"},
                           {"t": ".", "n": "."}]},
    {"id": "B", "tokens": [{"t": "The ", "n": "the"}, {"t": "white ", "n": "white"},
                           {"t": "cat ", "n": "cat"}, {"t": "sat ", "n": "sat"},
                           {"t": "down", "n": "down"}, {"t": ".", "n": "."}]},
]}

CONTENT_INPUT: dict[str, Any] = {"witnesses": [
    {"id": "1938", "content": "Zinoviev, Kamenev, Rykov, Bukharin were shot."},
    {"id": "1953", "content": "Zinoviev, Kamenev, Rykov were shot."},
    {"id": "1956", "content": "Zinoviev, Kamenev, Rykov and Bukharin died."},
]}


def collatex_table(document: dict[str, Any]) -> dict[str, Any]:
    """The collatex package's own alignment table for a CollateX JSON input."""
    collation = collatex.Collation.create_from_dict(copy.deepcopy(document))
    table = json.loads(collatex.collate(collation, output="json", segmentation=False))
    for row in table["table"]:
        for cell in row:
            for token in cell or []:
                for private in [key for key in token if key.startswith("_")]:
                    del token[private]
    return table


def ours(document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str],
         *extra: str) -> dict[str, Any]:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert main(["collate", "--input", str(path), "--format", "collatex-json", *extra]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def assert_table_shape(table: dict[str, Any], tokens: dict[str, list[str]]) -> None:
    """The invariants of collatex's table: rows per witness, null or one-token cells, each
    row giving its witness's tokens once and in order, no empty column."""
    assert set(table) == {"table", "witnesses"}
    assert table["witnesses"] == list(tokens)
    widths = {len(row) for row in table["table"]}
    assert len(widths) == 1
    for witness, row in zip(table["witnesses"], table["table"], strict=True):
        for cell in row:
            assert cell is None or (isinstance(cell, list) and len(cell) == 1)
        assert [cell[0]["t"] for cell in row if cell] == tokens[witness]
    for column in zip(*table["table"], strict=True):
        assert any(cell is not None for cell in column)


def test_our_input_files_are_what_collatex_reads() -> None:
    for document in (TOKENS_INPUT, CONTENT_INPUT):
        table = collatex_table(document)
        assert table["witnesses"] == [w["id"] for w in document["witnesses"]]


def test_pretokenized_input_gives_collatex_own_table(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert ours(TOKENS_INPUT, tmp_path, capsys) == collatex_table(TOKENS_INPUT)


def test_content_input_table_has_collatex_shape(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    table = ours(CONTENT_INPUT, tmp_path, capsys)
    witnesses = witnesses_from_collatex(CONTENT_INPUT, "input.json")
    # Our tokenizer keeps each token's trailing white space: the rows give back each text.
    for witness, row in zip(witnesses, table["table"], strict=True):
        assert "".join(cell[0]["t"] for cell in row if cell) == witness.text
    expected = {w.id: [cell[0]["t"] for cell in row if cell]
                for w, row in zip(witnesses, table["table"], strict=True)}
    assert_table_shape(table, expected)
    assert_table_shape(collatex_table(CONTENT_INPUT), {
        w["id"]: [cell[0]["t"] for cell in row if cell]
        for w, row in zip(CONTENT_INPUT["witnesses"], collatex_table(CONTENT_INPUT)["table"],
                          strict=True)})


def test_collatex_json_input_collates_to_variants(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(CONTENT_INPUT), encoding="utf-8")
    assert main(["collate", "--input", str(path), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [w["id"] for w in doc["witnesses"]] == ["1938", "1953", "1956"]
    # 1953 drops a name with its comma, 1956 joins the names with "and" and changes the verb.
    # Token by token, as CollateX and an apparatus cut it: the comma (lost in 1953 and 1956),
    # "and" (added in 1956) and "Bukharin" (lost in 1953) are three places of one change (the
    # witnesses that drop the comma depart again beside it); the verb, after the name 1956
    # keeps, is another.
    comma, joining, name, verb = doc["variants"]
    assert [r["text"] for r in comma["readings"].values()] == [",", "", ""]
    assert comma["class"] == "punctuation"
    assert [r["text"] for r in joining["readings"].values()] == ["", "", "and"]
    assert joining["class"] == "addition" and verb["class"] == "substitution"
    assert name["class"] == "omission"
    assert [r["text"] for r in name["readings"].values()] == ["Bukharin", "", "Bukharin"]
    assert comma["change"] == joining["change"] == name["change"] != verb["change"]
    assert [r["text"] for r in verb["readings"].values()] == ["were shot", "were shot", "died"]
    assert verb["groups"] == [["1938", "1953"], ["1956"]]


def test_given_keys_are_used_for_matching() -> None:
    (a, b) = witnesses_from_collatex({"witnesses": [
        {"id": "A", "tokens": [{"t": "Colour ", "n": "color"}]},
        {"id": "B", "tokens": [{"t": "color", "n": "color"}]}]}, "x.json")
    assert a.pretokens == (("Colour ", "color"),)
    assert b.text == "color"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "has no 'witnesses' list"),
        ({"witnesses": [{"content": "x"}]}, "witness 1 has no string 'id'"),
        ({"witnesses": [{"id": "A"}]}, "neither 'content' nor 'tokens'"),
        ({"witnesses": [{"id": "A", "tokens": [{"n": 3}]}]}, "needs a string 't'"),
        ({"witnesses": [{"id": "A", "tokens": ["x"]}]}, "is not an object"),
    ],
)
def test_malformed_input_is_a_clear_error(document: Any, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        witnesses_from_collatex(document, "x.json")


def test_invalid_json_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    assert main(["collate", "--input", str(path)]) == 1
    err = capsys.readouterr().err
    assert "broken.json: is not valid JSON" in err and err.count("\n") == 1


# The shape of CollateX's documented input: tokens without trailing white space, a
# normalized form "n" on some, and properties of the user's own.
DOCUMENTED_INPUT: dict[str, Any] = {"witnesses": [
    {"id": "A", "tokens": [{"t": "A", "ref": 123}, {"t": "black", "adj": True},
                           {"t": "cat", "id": "xyz"}]},
    {"id": "B", "tokens": [{"t": "A"}, {"t": "white", "adj": True},
                           {"t": "kitten.", "n": "cat"}]},
]}


def test_tokens_without_white_space_are_words_apart_and_n_matches() -> None:
    import variorum

    witnesses = witnesses_from_collatex(copy.deepcopy(DOCUMENTED_INPUT), "input.json")
    assert [w.text for w in witnesses] == ["A black cat", "A white kitten."]
    result = variorum.collate(witnesses)
    # Aligned word for word, "kitten." in the column of "cat" through its n.
    assert [int(cell) for cell in result.table.cells[1]] == [0, 1, 2]
    assert [{wid: r.text for wid, r in variant.readings.items()}
            for variant in result.variants] == [{"A": "black", "B": "white"},
                                                {"A": "cat", "B": "kitten."}]


def test_token_properties_pass_through(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    table = ours(DOCUMENTED_INPUT, tmp_path, capsys)
    assert table["table"][0][0] == [{"t": "A", "n": "a", "ref": 123}]
    assert table["table"][0][2] == [{"t": "cat", "n": "cat", "id": "xyz"}]
    assert table["table"][1][2] == [{"t": "kitten.", "n": "cat"}]
    path = tmp_path / "input.json"
    assert main(["collate", "--input", str(path), "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [w["token_properties"] for w in document["witnesses"]] == [
        [{"ref": 123}, {"adj": True}, {"id": "xyz"}], [{}, {"adj": True}, {}]]
