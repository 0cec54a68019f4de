"""``variorum history --format html`` as a document: the policy, the data block, and the
lives the page is given agree with the JSON history."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from variorum.cli import main
from variorum.history import build_history
from variorum.model import Witness
from variorum.reports import render
from variorum.reports.history_html import history_viewer_data

E1 = "The mill stood by the river. Its wheel turned for a hundred years. Farmers came at dawn."
E2 = "The mill stood by the river. Farmers came at dawn."
E3 = "Its wheel turned for a hundred years. The mill stood by the river. Farmers came at noon."

HOSTILE = ('The <script>window.__pwned=1</script> mill "><img src=x onerror="window.__pwned=2">'
           " stood & </script> <!-- by the river.\u2028 Its wheel turned for years. ]]>\n")


def _history(*texts: str):  # type: ignore[no-untyped-def]
    return build_history([Witness(f"E{k + 1}", t) for k, t in enumerate(texts)])


def _data_block(page: str) -> str:
    return page.split('id="variorum-data">', 1)[1].split("</script>", 1)[0]


def test_the_page_has_the_collation_pages_policy() -> None:
    page = render(_history(E1, E2, E3), "html")
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy.startswith("default-src 'none'; script-src 'sha256-")
    assert "style-src 'sha256-" in policy and "form-action 'none'" in policy
    assert "unsafe-inline" not in policy and "http" not in policy
    assert page.count("<script") == 2 and page.count("<style>") == 1


def test_hostile_text_cannot_leave_the_data_block() -> None:
    page = render(_history(HOSTILE, HOSTILE.replace("mill", "mills")), "html")
    block = _data_block(page)
    for raw in ("<", ">", "&", "\u2028"):
        assert raw not in block
    data = json.loads(block)
    assert data["texts"][0] == HOSTILE
    assert page.count("<script") == 2


def test_lives_agree_with_the_json_history() -> None:
    history = _history(E1, E2, E3)
    data = history_viewer_data(history)
    document = json.loads(render(history, "json"))
    labels = [e["id"] for e in document["editions"]]
    n = len(labels)
    for k, (shown, edition) in enumerate(zip(data["editions"], document["editions"],
                                             strict=True)):
        tokens = shown["tokens"]
        assert [[s, e] for s, e, _, _ in edition["tokens"]] == \
            [list(pair) for pair in zip(tokens["start"], tokens["end"], strict=True)]
        for (_, _, introduced, removed), life in zip(edition["tokens"], tokens["life"],
                                                     strict=True):
            stretches = data["lives"][life]
            assert labels[stretches[0][0]] == introduced
            (after,) = [a for f, a in stretches if f <= k < a]
            assert (None if after == n else labels[after]) == removed
    # The sentence put back: two stretches, E1 to E2 and E3 to the end.
    wheel = data["editions"][2]["sentences"]
    assert data["lives"][wheel["life"][0]] == [[0, 1], [2, 3]]
    assert data["fought_over"][0]["text"] == "Its wheel turned for a hundred years."


def test_cli_writes_the_page(tmp_path: Path) -> None:
    paths = []
    for k, text in enumerate((E1, E2, E3)):
        path = tmp_path / f"e{k + 1}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    output = tmp_path / "history.html"
    assert main(["history", *paths, "--format", "html", "-o", str(output)]) == 0
    assert output.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name", ["history.js", "history.css"])
def test_assets_can_stand_inline(name: str) -> None:
    from variorum.reports.html import asset

    text = asset(name)
    assert "</" not in text and "<!--" not in text
