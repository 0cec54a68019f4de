"""docs/demo-output.txt is exactly what `make demo` prints (the README quotes from it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_demo_output_file_is_what_the_demo_prints() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "variorum", "collate",
         *(f"examples/encyclopedia/{year}.txt" for year in (1949, 1953, 1956))],
        capture_output=True, text=True, check=True, cwd=ROOT, env={"PATH": ""},
    )
    assert done.stdout == (ROOT / "docs" / "demo-output.txt").read_text(encoding="utf-8")
