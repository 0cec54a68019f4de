"""Matching by content beyond two editions and beyond articles without a key match: a chain
of renames over three or four editions stays one article; text absorbed into an article
that keeps its key is ``merged`` into it, and text cut out of one that keeps its key is
``split`` from it; what only looks alike is not matched."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from variorum.cli import main
from variorum.compare import compare_editions

from .test_compare import ALPHA, BETA, BUKHARIN, PASS, RADEK_1, RIVER, TRACTORS, write


def _compare(tmp_path: Path, *folders: Path) -> list[dict[str, Any]]:
    result = compare_editions([(f.name, str(f)) for f in folders],
                              work_dir=tmp_path / "work")
    return list(result.articles)


def _statuses(articles: list[dict[str, Any]]) -> list[tuple[str, dict[str, str | None]]]:
    return sorted(((a["status"], a["sources"]) for a in articles), key=repr)


def test_a_chain_of_renames_over_three_editions_is_one_article(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "t1", {"oldname.txt": RIVER})
    write(tmp_path / "t2", {"mid.txt": RIVER})
    write(tmp_path / "t3", {"final.txt": RIVER})
    assert main(["compare", *(str(tmp_path / t) for t in ("t1", "t2", "t3")),
                 "--format", "json", "--work-dir", str(tmp_path / "work")]) == 0
    (article,) = json.loads(capsys.readouterr().out)["articles"]
    assert article["status"] == "renamed"
    assert article["sources"] == {"t1": "oldname.txt", "t2": "mid.txt", "t3": "final.txt"}
    assert article["similarity"] == 1.0
    # each step said, in order
    assert article["reason"].index("'oldname' (t1) stands in 'mid' (t2)") < \
        article["reason"].index("'mid' (t2) stands in 'final' (t3)")


def test_a_chain_of_four_editions_with_a_step_kept(tmp_path: Path) -> None:
    # renamed, kept under the new name, renamed again: one article throughout
    folders = [write(tmp_path / "e1", {"a.txt": PASS, "river.txt": RIVER}),
               write(tmp_path / "e2", {"b.txt": PASS, "river.txt": RIVER}),
               write(tmp_path / "e3", {"b.txt": PASS, "river.txt": RIVER}),
               write(tmp_path / "e4", {"c.txt": PASS, "river.txt": RIVER})]
    assert _statuses(_compare(tmp_path, *folders)) == [
        ("renamed", {"e1": "a.txt", "e2": "b.txt", "e3": "b.txt", "e4": "c.txt"}),
        ("same", {"e1": "river.txt", "e2": "river.txt", "e3": "river.txt",
                  "e4": "river.txt"})]


def test_merged_articles_renamed_in_a_third_edition(tmp_path: Path) -> None:
    # alpha and beta merged into metals (1953), metals renamed mining (1956): the merged
    # entries follow the rename, no entry is added or dropped
    folders = [write(tmp_path / "1949", {"alpha.txt": ALPHA, "beta.txt": BETA}),
               write(tmp_path / "1953", {"metals.txt": ALPHA + " " + BETA}),
               write(tmp_path / "1956", {"mining.txt": ALPHA + " " + BETA})]
    articles = _compare(tmp_path, *folders)
    assert _statuses(articles) == [
        ("merged", {"1949": "alpha.txt", "1953": "metals.txt", "1956": "mining.txt"}),
        ("merged", {"1949": "beta.txt", "1953": "metals.txt", "1956": "mining.txt"})]
    assert all("then no 'metals' in 1956" in a["reason"] for a in articles)


def test_three_editions_matched_by_content_at_each_step(tmp_path: Path) -> None:
    # a rename 1949 → 1953; alpha (in 1949 and 1953) and beta (new in 1953) merged in
    # 1956; an article dropped in 1953, one added in 1956. Each merged entry carries its
    # article's editions before the merge: none is "dropped" or "added" with its text
    # still there.
    folders = [write(tmp_path / "1949", {"pass.txt": PASS, "alpha.txt": ALPHA,
                                         "bukharin.txt": BUKHARIN}),
               write(tmp_path / "1953", {"mountain pass.txt": PASS, "alpha.txt": ALPHA,
                                         "beta.txt": BETA}),
               write(tmp_path / "1956", {"mountain pass.txt": PASS,
                                         "metals.txt": ALPHA + " " + BETA,
                                         "tractors.txt": TRACTORS})]
    articles = _compare(tmp_path, *folders)
    assert _statuses(articles) == sorted([
        ("renamed", {"1949": "pass.txt", "1953": "mountain pass.txt",
                     "1956": "mountain pass.txt"}),
        ("merged", {"1949": "alpha.txt", "1953": "alpha.txt", "1956": "metals.txt"}),
        ("merged", {"1949": None, "1953": "beta.txt", "1956": "metals.txt"}),
        ("dropped", {"1949": "bukharin.txt", "1953": None, "1956": None}),
        ("added", {"1949": None, "1953": None, "1956": "tractors.txt"}),
    ], key=repr)
    merged = [a for a in articles if a["status"] == "merged"]
    assert all("'alpha', 'beta' of 1953 are merged into 'metals' of 1956" in a["reason"]
               for a in merged)


def test_an_article_absorbed_into_one_that_keeps_its_key_is_merged(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {"m1.txt": RIVER, "m2.txt": PASS, "radek.txt": RADEK_1})
    second = write(tmp_path / "b", {"m1.txt": RIVER + "\n\n" + PASS, "radek.txt": RADEK_1})
    articles = _compare(tmp_path, first, second)
    assert _statuses(articles) == [
        ("changed", {"a": "m1.txt", "b": "m1.txt"}),
        ("merged", {"a": "m2.txt", "b": "m1.txt"}),
        ("same", {"a": "radek.txt", "b": "radek.txt"})]
    merged = next(a for a in articles if a["status"] == "merged")
    assert merged["similarity"] == 1.0
    assert "'m1', 'm2' of a are merged into 'm1' of b" in merged["reason"]
    assert "stands in what 'm1' gained in b" in merged["reason"]
    kept = next(a for a in articles if a["status"] == "changed")
    assert kept["reason"].endswith("'m2' of a is merged into it in b")


def test_an_article_split_from_one_that_keeps_its_key_is_split(tmp_path: Path) -> None:
    first = write(tmp_path / "a", {"cathedral.txt": RIVER + "\n\n" + PASS})
    second = write(tmp_path / "b", {"cathedral.txt": RIVER, "pass.txt": PASS})
    articles = _compare(tmp_path, first, second)
    assert _statuses(articles) == [
        ("changed", {"a": "cathedral.txt", "b": "cathedral.txt"}),
        ("split", {"a": "cathedral.txt", "b": "pass.txt"})]
    split = next(a for a in articles if a["status"] == "split")
    assert split["key"] == "pass" and split["similarity"] == 1.0
    assert "'cathedral' of a is split into 'cathedral', 'pass' of b" in split["reason"]


def test_a_kept_article_absorbing_and_losing_at_once(tmp_path: Path) -> None:
    # one edition's m1 takes in m2's text and gives its own second half to a new article
    first = write(tmp_path / "a", {"m1.txt": RIVER + "\n\n" + BUKHARIN, "m2.txt": PASS})
    second = write(tmp_path / "b", {"m1.txt": RIVER + "\n\n" + PASS,
                                    "party.txt": BUKHARIN})
    assert _statuses(_compare(tmp_path, first, second)) == [
        ("changed", {"a": "m1.txt", "b": "m1.txt"}),
        ("merged", {"a": "m2.txt", "b": "m1.txt"}),
        ("split", {"a": "m1.txt", "b": "party.txt"})]


def test_what_a_kept_article_already_had_is_no_merge(tmp_path: Path) -> None:
    # m2 repeats text m1 had in both editions: m1 gained nothing of it, m2 is dropped;
    # likewise a new article repeating what m1 kept is added, not split from it
    first = write(tmp_path / "a", {"m1.txt": RIVER + "\n\n" + PASS, "m2.txt": PASS,
                                   "bukharin.txt": BUKHARIN})
    second = write(tmp_path / "b", {"m1.txt": RIVER + "\n\n" + PASS + " More.",
                                    "river.txt": RIVER,
                                    "bukharin.txt": BUKHARIN + " " + TRACTORS})
    assert _statuses(_compare(tmp_path, first, second)) == [
        ("added", {"a": None, "b": "river.txt"}),
        ("changed", {"a": "bukharin.txt", "b": "bukharin.txt"}),
        ("changed", {"a": "m1.txt", "b": "m1.txt"}),
        ("dropped", {"a": "m2.txt", "b": None})]


def test_an_article_missing_from_a_middle_edition_is_flagged_back(tmp_path: Path) -> None:
    folders = [write(tmp_path / "t1", {"river.txt": RIVER, "pass.txt": PASS}),
               write(tmp_path / "t2", {"pass.txt": PASS}),
               write(tmp_path / "t3", {"river.txt": RIVER, "pass.txt": PASS})]
    river = next(a for a in _compare(tmp_path, *folders) if a["key"] == "river")
    assert river["status"] == "dropped"
    assert river["sources"] == {"t1": "river.txt", "t2": None, "t3": "river.txt"}
    assert river["reason"] == ("no article with this key, nor one with its text, in t2; "
                               "back in t3")
