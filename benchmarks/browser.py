"""Open HTML reports in headless Chromium (Debian's, driven by Playwright for Python).

Shared by the browser tests (tests/test_html_browser.py), the HTML benchmark and
scripts/screenshot.py. Playwright cannot download its own browser here, so it drives the
system Chromium (`apt-get install chromium`; another one with VARIORUM_CHROMIUM=/path).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("VARIORUM_CHROMIUM", "/usr/bin/chromium"))
# No sandbox: CI runs as root. The rest keeps Chromium from calling home.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
READY = "html[data-ready]"  # set by viewer.js once the page is drawn and answers


def why_unavailable() -> str | None:
    """Why the browser cannot run here, or None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (apt-get install -y chromium, or set VARIORUM_CHROMIUM)"
    return None


def launch(playwright: Any) -> Any:
    """The system Chromium, headless."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@dataclass
class OpenedReport:
    """A report open in a page, with what the page said and asked on the way."""

    page: Any
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt: must stay empty
    requests: list[str] = field(default_factory=list)  # every URL the page asked for

    def outside_requests(self, path: Path) -> list[str]:
        own = path.resolve().as_uri()
        return [url for url in self.requests if url != own and not url.startswith("data:")]


def open_report(browser: Any, path: Path, timeout_ms: float = 60_000) -> OpenedReport:
    """Open ``path`` in a new page and wait until the viewer says it is ready."""
    page = browser.new_page(viewport=VIEWPORT)
    opened = OpenedReport(page)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: opened.errors.append(f"uncaught: {error}"))
    page.on("request", lambda request: opened.requests.append(request.url))

    def refuse(dialog: Any) -> None:
        opened.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector(READY, state="attached", timeout=timeout_ms)
    return opened


def time_to_interactive(browser: Any, path: Path) -> dict[str, float]:
    """Milliseconds from navigation to a page that answers, measured by the page itself.

    ``ready_ms``: from navigation start until the first chunk is drawn and painted and the
    handlers are in place; ``script_ms``: the part spent in the viewer's script (parsing the
    JSON, cutting and drawing); ``wall_ms``: goto until ready, as seen from Python.
    """
    started = time.perf_counter()
    opened = open_report(browser, path)
    wall = (time.perf_counter() - started) * 1000
    page = opened.page
    ready = float(page.evaluate("document.documentElement.dataset.ready"))
    script = float(page.evaluate("document.documentElement.dataset.scriptMs"))
    page.close()
    if opened.errors:
        raise RuntimeError(f"{path}: the page reported errors: {opened.errors[:3]}")
    return {"ready_ms": ready, "script_ms": script, "wall_ms": wall}
