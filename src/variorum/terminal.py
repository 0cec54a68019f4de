"""What may be printed to a terminal: every untrusted string goes through :func:`visible`.

A file name, a witness id or a reading comes from outside and may hold ESC, BEL, a newline or
a bidirectional override that would move the cursor, change the window's title, forge a
second message line or make text read backwards. They are shown as Python-style escapes
(``\\x1b``, ``\\n``, ``\\u202e``) instead, in the text reports, on stderr and in error lines.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "visible"]

# The bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
# (U+2066–U+2069), the implicit marks (LRM, RLM, ALM). Any of them can make text read in
# another order than it is stored.
BIDI_CONTROLS = frozenset([0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F),
                           *range(0x2066, 0x206A)])
# C0 and C1 controls (tab and newline too: what is shown stays on its line), the line and
# paragraph separators, the bidirectional controls and the byte-order mark.
_INVISIBLE = sorted([*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029, 0xFEFF,
                     *BIDI_CONTROLS])
_SHORT = {0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"}
_VISIBLE = {code: _SHORT.get(code, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
            for code in _INVISIBLE}
_SURROGATE = re.compile("[\ud800-\udfff]")


def visible(text: str) -> str:
    """``text`` with every character that could act on a terminal written as an escape.

    >>> visible("a\\x1b[2Jb\\tc")
    'a\\\\x1b[2Jb\\\\tc'
    >>> visible("invoice\\u202etxt.exe")
    'invoice\\\\u202etxt.exe'
    """
    text = text.translate(_VISIBLE)
    if _SURROGATE.search(text):  # a lone surrogate cannot be written out at all
        text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text
