"""Golden cases: hand-written editions and the collation each must give (see cases/README.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

import variorum
from variorum.reports.json_report import collation_document

CASES = sorted((Path(__file__).resolve().parents[1] / "cases").glob("*.json"))


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    witnesses = [variorum.Witness.from_text(wid, text) for wid, text in case["witnesses"].items()]
    document = collation_document(variorum.collate(witnesses, **case["options"]))
    return {"base": document["base"], "variants": document["variants"],
            "summary": document["summary"]}


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 8


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_golden_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert run_case(case) == case["expected"], case["description"]


if __name__ == "__main__" and "--regenerate" in sys.argv:
    for path in CASES:
        case = json.loads(path.read_text(encoding="utf-8"))
        case["expected"] = run_case(case)
        path.write_text(json.dumps(case, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"rewrote {path}")
