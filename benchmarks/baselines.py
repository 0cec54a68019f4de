"""Baselines that variorum is measured against, all fed the same word token lists.

* diff-match-patch in word mode: each distinct token becomes one character (the
  "lines to chars" trick applied to words), the character strings are diffed with no
  timeout, and the diff is mapped back to tokens;
* :class:`difflib.SequenceMatcher` on the token lists (``autojunk=False``, so frequent
  tokens such as "the" or "," are not silently ignored);
* the ``collatex`` package (pure Python CollateX), run in a subprocess so that a run that
  takes too long or too much memory can be stopped and reported as such.

Run ``python benchmarks/baselines.py [WORDS]`` for a quick check of all three.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from diff_match_patch import diff_match_patch

# The tokenizer is deliberately independent of variorum's: words and single punctuation
# marks, whitespace dropped. Every baseline sees exactly these tokens.
_TOKEN = re.compile(r"\w+|[^\w\s]")

# Tokens are encoded from the supplementary planes on: no surrogates (U+D800-U+DFFF) can
# occur, and there is room for 0x110000 - 0x10000 = 1,048,576 distinct tokens.
_FIRST_CODE_POINT = 0x10000
_MAX_TOKENS = 0x110000 - _FIRST_CODE_POINT

Diff = list[tuple[int, list[str]]]  # (-1 delete | 0 equal | 1 insert, tokens)
Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def tokens_to_chars(*token_lists: Sequence[str]) -> tuple[list[str], list[str]]:
    """Encode each token list as a string, one character per token.

    Returns the encoded strings and the table to decode them (index = code point - base).
    """
    codes: dict[str, str] = {}
    table: list[str] = []
    encoded: list[str] = []
    for tokens in token_lists:
        chars: list[str] = []
        for token in tokens:
            char = codes.get(token)
            if char is None:
                if len(table) >= _MAX_TOKENS:
                    raise ValueError(f"more than {_MAX_TOKENS} distinct tokens")
                char = chr(_FIRST_CODE_POINT + len(table))
                codes[token] = char
                table.append(token)
            chars.append(char)
        encoded.append("".join(chars))
    return encoded, table


def dmp_word_diff(a: Sequence[str], b: Sequence[str]) -> Diff:
    """Word-level diff of two token lists with diff-match-patch (minimal, no time limit)."""
    (text_a, text_b), table = tokens_to_chars(a, b)
    dmp = diff_match_patch()
    # 0 = no deadline: dmp then also skips its "half match" shortcut, so the diff is the
    # minimal one, which is what variorum computes as well.
    dmp.Diff_Timeout = 0
    diffs = dmp.diff_main(text_a, text_b, False)
    return [(op, [table[ord(c) - _FIRST_CODE_POINT] for c in chars]) for op, chars in diffs]


def difflib_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """Token-level opcodes from :class:`difflib.SequenceMatcher` without autojunk."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.get_opcodes()


def collatex_collate(texts: Sequence[str]) -> dict[str, object]:
    """Collate ``texts`` with the collatex package and return its JSON alignment table.

    Plain witnesses are tokenized by collatex itself (words with their trailing
    punctuation and whitespace); segmentation is off so that columns stay word-sized,
    comparable to the token alignments of the other tools.
    """
    from collatex import Collation, collate  # imported lazily: it is slow to import

    collation = Collation()
    for i, text in enumerate(texts):
        collation.add_plain_witness(f"W{i}", text)
    result = collate(collation, output="json", segmentation=False)
    parsed: dict[str, object] = json.loads(result)
    return parsed


def diff_summary(diff: Diff) -> dict[str, int]:
    """How many tokens each kind of diff operation covers (used to sanity-check runs)."""
    counts = {"equal": 0, "delete": 0, "insert": 0}
    names = {0: "equal", -1: "delete", 1: "insert"}
    for op, tokens in diff:
        counts[names[op]] += len(tokens)
    return counts


def _self_check(words: int) -> None:
    """Run the three baselines once on small generated editions and print what they give."""
    import time

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from editions import make_editions
    from measure import run_measured

    a_text, b_text = make_editions(words, 2, 0.05, seed=0)
    a, b = tokenize(a_text), tokenize(b_text)

    start = time.perf_counter()
    diff = dmp_word_diff(a, b)
    print(f"dmp      {time.perf_counter() - start:7.3f} s  {diff_summary(diff)}")
    assert [t for op, ts in diff if op >= 0 for t in ts] == b, "dmp diff must rebuild B"
    assert [t for op, ts in diff if op <= 0 for t in ts] == a, "dmp diff must rebuild A"

    start = time.perf_counter()
    opcodes = difflib_opcodes(a, b)
    changed = sum(1 for tag, *_ in opcodes if tag != "equal")
    print(f"difflib  {time.perf_counter() - start:7.3f} s  {changed} changed spans")

    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for i, text in enumerate((a_text, b_text)):
            path = Path(tmp) / f"W{i}.txt"
            path.write_text(text, encoding="utf-8")
            files.append(str(path))
        result = run_measured(["collatex", *files], timeout=60.0)
        print(f"collatex {result.describe()}")


if __name__ == "__main__":
    # CollateX is quadratic: about 15 s at 1,000 words on a 2-core machine, > 60 s at 2,000.
    _self_check(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000)
