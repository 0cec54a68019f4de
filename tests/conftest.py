"""Shared fixtures: witnesses from strings, the CLI runner, and ../shared (skipped if absent)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import variorum
from tests.browser_support import chromium  # noqa: F401 (the browser tests' fixture)

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SEED = SHARED / "seed" / "000_e21166df0cc561a9.txt"


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip with a clear reason when the read-only ../shared data is not beside the checkout."""
    return pytest.mark.skipif(
        not path.exists(), reason=f"{path} is absent (../shared is only beside the project in CI)"
    )


def collate_texts(*texts: str, **options: object) -> variorum.Collation:
    """Collate strings as witnesses named A, B, C, ..."""
    witnesses = [variorum.Witness.from_text(chr(65 + i), text) for i, text in enumerate(texts)]
    return variorum.collate(witnesses, **options)  # type: ignore[arg-type]


def pairs(result: variorum.Collation) -> list[tuple[str, ...]]:
    """Each variant as (class, reading of each witness in order)."""
    ids = [w.id for w in result.witnesses]
    return [(v.class_, *(v.readings[i].text for i in ids)) for v in result.variants]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


# Three editions where one made two places of one change (two weak words apart, one
# sentence): the reports' views of changes are tested on them.
REVISED = {"A": "The river mill of the town was rebuilt in stone after the flood. It stood "
                "for a century, and the miller's family kept it.",
           "B": "The river bridge of the city was rebuilt in brick after the war. It stood "
                "for a century, and the miller's family kept it.",
           "C": "The river mill of the town was rebuilt in stone after the flood. It stood "
                "for a decade, and the miller's sons kept it."}
