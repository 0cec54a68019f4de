"""diff-match-patch as a command, to compare with ``variorum collate`` process to process.

    python benchmarks/dmp_process.py A.txt B.txt > diff.json

Reads two files, computes the word-mode diff exactly as :func:`baselines.dmp_word_diff`
does (same tokenizer, no time limit) and prints it as a JSON list of ``[op, tokens]``
pairs, op being -1 (only in A), 0 (in both) or 1 (only in B).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from baselines import dmp_word_diff, tokenize  # the script's own folder is on sys.path


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: dmp_process.py A.txt B.txt", file=sys.stderr)
        return 2
    a, b = (tokenize(Path(name).read_text(encoding="utf-8")) for name in argv)
    diff = dmp_word_diff(a, b)
    json.dump([[op, tokens] for op, tokens in diff], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
