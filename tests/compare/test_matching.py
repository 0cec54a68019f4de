"""Matching by content gives the same groups, in the same order and with the same reasons,
whatever order the shingles' hashes come in (``hash`` of a string is salted per process)."""

from __future__ import annotations

from variorum.compare.editions import Article, Edition
from variorum.compare.matching import match_by_content, match_by_key


def _edition(label: str, keys: list[str]) -> Edition:
    return Edition(label, label, "0" * 64,
                   tuple(Article(key, key, f"/{label}/{key}") for key in keys), "folder")


def _split(parts: dict[str, set[int]]) -> list[str]:
    """The reasons of a split of ``whole`` into ``parts`` (shingles by new key)."""
    old = _edition("a", ["whole"])
    new = _edition("b", list(parts))
    whole = set().union(*parts.values())

    def shingles_of(label: str, article: Article) -> set[int]:
        return whole if label == "a" else parts[article.key]

    groups = match_by_content(match_by_key([old, new]), ["a", "b"], shingles_of)
    return [g.reason.split(";")[0] for g in groups if g.kind == "split"]


def test_split_parts_are_named_in_the_order_of_the_edition() -> None:
    # A set of small ints iterates in ascending order: the shingles of "part-2" are met
    # first in the old article's set, those of "part-1" last.
    reasons = _split({"part-1": set(range(200, 210)), "part-2": set(range(0, 10)),
                      "part-3": set(range(100, 110))})
    expected = "'whole' of a is split into 'part-1', 'part-2', 'part-3' of b"
    assert reasons == [expected] * 3
    # and the same when the hashes come in another order
    assert _split({"part-1": set(range(0, 10)), "part-2": set(range(100, 110)),
                   "part-3": set(range(200, 210))}) == [expected] * 3
