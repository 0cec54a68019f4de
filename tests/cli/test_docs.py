"""The README's example output and the documented API stay true."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import variorum

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_has_the_two_quick_start_commands() -> None:
    assert "make demo" in README and "make test" in README


def test_readme_demo_output_is_what_the_demo_prints() -> None:
    block = README.split("<!-- demo-output: kept true by tests/test_docs.py -->", 1)[1]
    shown = re.search(r"```text\n(.*?)```", block, re.S)
    assert shown
    examples = ROOT / "examples" / "encyclopedia"
    done = subprocess.run(
        [sys.executable, "-m", "variorum", "collate", *(f"examples/encyclopedia/{name}.txt"
                                                         for name in ("1949", "1953", "1956"))],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )
    assert examples.exists()
    # The README shows the beginning of the output, unchanged and in order.
    assert done.stdout.startswith(shown.group(1))


def test_readme_python_example() -> None:
    result = variorum.collate([
        variorum.Witness.from_text("1938", "Zinoviev, Kamenev, Rykov, Bukharin were shot."),
        variorum.Witness.from_text("1953", "Zinoviev, Kamenev, Rykov were shot."),
    ])
    shown = [(v.class_, {w: r.text for w, r in v.readings.items()}) for v in result.variants]
    assert shown == [("omission", {"1938": "Rykov, Bukharin", "1953": "Rykov"})]
    assert "# omission {'1938': 'Rykov, Bukharin', '1953': 'Rykov'}" in README


def test_contract_doc_is_the_shared_contract_when_present() -> None:
    shared = ROOT.parent / "shared" / "design" / "contract.md"
    ours = (ROOT / "docs" / "contract.md").read_text(encoding="utf-8")
    assert "variorum.collation/1" in ours
    if shared.exists():
        assert shared.read_text(encoding="utf-8") == ours
