"""What the browser tests share: the benchmarks' browser helpers and one Chromium per module."""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def load_bench(name: str) -> ModuleType:
    """A module of benchmarks/ (shared with the benchmark and scripts/screenshot.py)."""
    spec = importlib.util.spec_from_file_location(f"variorum_bench_{name}",
                                                  ROOT / "benchmarks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


browser_helpers = load_bench("browser")


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    reason = browser_helpers.why_unavailable()
    if reason:
        if IN_CI:
            pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
        pytest.skip(f"browser tests need Chromium and Playwright: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = browser_helpers.launch(playwright)
        yield browser
        browser.close()
