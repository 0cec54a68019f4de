"""``--format csv``: one row per variant, read back with the csv module, formulas neutralized."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

import variorum
from variorum.cli import main
from variorum.model import Witness
from variorum.reports import ReportOptions, render
from variorum.reports.csv_report import neutralize

Write = Callable[..., Path]


def rows(document: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(document.removeprefix("\ufeff"), newline="")))


def collation() -> variorum.Collation:
    return variorum.collate([
        Witness.from_text("1938", "Zinoviev, Kamenev, Rykov, Bukharin were shot in 1938."),
        Witness.from_text("1953", "Zinoviev, Kamenev, Rykov were shot in 1937."),
        Witness.from_text("1956", "Zinoviev, kamenev, Rykov, Bukharin were shot in 1937."),
    ])


def test_one_row_per_variant_with_readings_and_offsets() -> None:
    result = collation()
    read = rows(render(result, "csv"))
    assert len(read) == len(result.variants)
    assert list(read[0]) == ["id", "class", "tags", "1938 reading", "1938 start", "1938 end",
                             "1953 reading", "1953 start", "1953 end", "1956 reading",
                             "1956 start", "1956 end", "reason", "change"]
    for row, variant in zip(read, result.variants, strict=True):
        assert row["id"] == str(variant.id) and row["class"] == variant.class_
        assert row["tags"] == "; ".join(variant.tags) and row["reason"] == variant.reason
        for witness in result.witnesses:
            reading = variant.readings[witness.id]
            assert row[f"{witness.id} reading"] == reading.text
            start, end = int(row[f"{witness.id} start"]), int(row[f"{witness.id} end"])
            assert (start, end) == (reading.start, reading.end)
            assert witness.text[start:end] == reading.text


def test_ignore_hides_classes_and_bom_is_optional() -> None:
    result = collation()
    plain = render(result, "csv")
    assert not plain.startswith("\ufeff") and plain.endswith("\r\n")
    assert {row["class"] for row in rows(plain)} == {"omission", "case", "number"}
    hidden = render(result, "csv", ReportOptions(ignore=frozenset({"case"}), bom=True))
    assert hidden.startswith("\ufeff")
    assert {row["class"] for row in rows(hidden)} == {"omission", "number"}


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1",
                                  '=HYPERLINK("http://x","y")'])
def test_formula_cells_get_an_apostrophe(cell: str) -> None:
    assert neutralize(cell) == "'" + cell
    assert neutralize("a" + cell) == "a" + cell


def test_hostile_readings_and_witness_names_are_neutralized_and_read_back() -> None:
    hostile = ['=cmd|" /C calc"!A0', "+2+3", "-@SUM(1)", "@here", '<script>alert(1)</script>',
               '"><img src=x onerror=alert(1)>', "]]>", "a\x00b", "\x1b[2J", "line\r\nbreak"]
    names = ["=evil()", "-minus", "plain"]
    texts = [" ".join(f"{h} anchor{i}" for i, h in enumerate(hostile)),
             " ".join(f"word{i} anchor{i}" for i in range(len(hostile))),
             " ".join(f"{h if i % 2 else 'other'} anchor{i}" for i, h in enumerate(hostile))]
    result = variorum.collate([Witness.from_text(name, text)
                               for name, text in zip(names, texts, strict=True)])
    read = rows(render(result, "csv"))
    assert len(read) == len(result.variants) >= len(hostile)
    every_reading = {v.readings[w.id].text for v in result.variants for w in result.witnesses}
    assert all(any(h in reading for reading in every_reading) for h in hostile)
    header = list(read[0])
    assert "'=evil() reading" in header and "'-minus start" in header
    for row in read:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    for row, variant in zip(read, result.variants, strict=True):
        for witness, name in zip(result.witnesses, names, strict=True):
            text = variant.readings[witness.id].text
            assert row[f"{neutralize(name)} reading"] == neutralize(text)


def test_cli_writes_csv_with_bom(write: Write, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    a = write("a.txt", "The State said no.")
    b = write("b.txt", "The state said =yes.")
    target = tmp_path / "out.csv"
    assert main(["collate", str(a), str(b), "--format", "csv", "--csv-bom", "-o",
                 str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    read = rows(data.decode("utf-8"))
    assert [(r["class"], r["a reading"], r["b reading"]) for r in read] == [
        ("case", "State", "state"), ("substitution", "no", "'=yes")]
    assert main(["collate", str(a), str(b), "--format", "csv"]) == 0
    assert not capsys.readouterr().out.startswith("\ufeff")


def test_changes_granularity_gives_one_row_per_act_of_revision() -> None:
    result = variorum.collate([
        Witness.from_text("A", "The old mill by the river was closed in spring."),
        Witness.from_text("B", "The new mill on the river was closed in autumn."),
    ])
    places = rows(render(result, "csv"))
    changes = rows(render(result, "csv", ReportOptions(granularity="changes")))
    assert [row["A reading"] for row in places] == ["old", "by", "spring"]
    assert [row["change"] for row in places] == ["1", "2", "3"]  # content words apart
    assert [(row["id"], row["variants"], row["A reading"], row["B reading"])
            for row in changes] == [("1", "1", "old", "new"), ("2", "2", "by", "on"),
                                    ("3", "3", "spring", "autumn")]
    assert "tags" not in changes[0] and "change" not in changes[0]
