"""Regenerate src/variorum/_marks.py from the running interpreter's unicodedata."""

import re
import sys
import unicodedata
from pathlib import Path


def mark_ranges() -> list[tuple[int, int]]:
    word = re.compile(r"\w")
    ranges: list[tuple[int, int]] = []
    start = prev = -1
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if unicodedata.category(ch).startswith("M") and not word.match(ch):
            if start < 0:
                start = cp
            prev = cp
        elif start >= 0:
            ranges.append((start, prev))
            start = -1
    return ranges


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "src" / "variorum" / "_marks.py"
    print(f"{len(mark_ranges())} ranges; compare with {target}")
