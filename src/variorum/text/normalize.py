"""Normalization layers: how token texts are turned into match keys.

Normalization decides only what aligns with what. The text as found is never changed, and a
difference that normalization hides for alignment is still reported as a variant.

Layers (``nfc`` is always on; the others are switchable):

``nfc``          canonical composition, so ``e`` + U+0301 matches ``é``
``typography``   quote, apostrophe, dash and ellipsis forms fold to ASCII ones
``compat``       NFKC (superscripts, ligatures, long s, full width) and soft hyphens dropped
``case``         case folding
``punctuation``  punctuation-only tokens do not take part in matching at all
``diacritics``   combining marks removed after decomposition

>>> Normalizer(DEFAULT_LAYERS).key("Police.¹")
'police.1'
>>> Normalizer(("nfc",)).key("Police.¹")
'Police.¹'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..errors import SettingsError

__all__ = ["DEFAULT_LAYERS", "LAYERS", "Normalizer", "parse_layers", "typography_fold"]

LAYERS: tuple[str, ...] = ("nfc", "typography", "compat", "case", "punctuation", "diacritics")
DEFAULT_LAYERS: tuple[str, ...] = ("nfc", "typography", "compat", "case")

_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\u02bc\u2039\u203a`"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_TYPOGRAPHY_MAP: dict[str, str] = {
    **dict.fromkeys(_SINGLE_QUOTES, "'"), **dict.fromkeys(_DOUBLE_QUOTES, '"'),
    **dict.fromkeys(_DASHES, "-"), "\u2026": "...",
}
# A regular expression finds the few typographic marks in C; str.translate would look up
# every character of the text in a Python dict.
_TYPOGRAPHY_CHARS = re.compile("[" + re.escape("".join(_TYPOGRAPHY_MAP)) + "]")


def typography_fold(text: str) -> str:
    """Fold typographic quote, dash and ellipsis forms to their plain ASCII forms.

    >>> typography_fold("“won’t” — 1917–18 …")
    '"won\\'t" - 1917-18 ...'
    """
    folded = _TYPOGRAPHY_CHARS.sub(lambda match: _TYPOGRAPHY_MAP[match.group()], text)
    # A run of dashes ("--", "---") is how a typewriter writes a dash.
    if len(folded) > 1 and folded.strip("-") == "":
        return "-"
    return folded


def parse_layers(spec: str | Iterable[str]) -> tuple[str, ...]:
    """Validate a layer list (``"nfc,case"`` or an iterable) and return it in canonical order.

    >>> parse_layers("case, typography")
    ('nfc', 'typography', 'case')
    """
    names = spec.split(",") if isinstance(spec, str) else list(spec)
    wanted = {name.strip().lower() for name in names if name.strip()}
    unknown = sorted(wanted - set(LAYERS))
    if unknown:
        raise SettingsError(
            f"unknown normalization layer {', '.join(unknown)!s}",
            hint=f"choose from {','.join(LAYERS)}",
        )
    wanted.add("nfc")
    return tuple(layer for layer in LAYERS if layer in wanted)


def is_punctuation(text: str) -> bool:
    """True when a token holds no letter, digit or mark: punctuation or a symbol."""
    return not any(ch.isalnum() or unicodedata.category(ch)[0] == "M" for ch in text)


def punctuation_flags(texts: list[str]) -> list[bool]:
    """:func:`is_punctuation` of many texts; quick tests settle the common cases: a text all
    letters and digits (``str.isalnum``, a word's key) is no punctuation, nor is one that a
    search finds a letter or digit in."""
    return [False if text.isalnum() or _WORD_CHAR.search(text) else is_punctuation(text)
            for text in texts]


_WORD_CHAR = re.compile(r"[^\W_]")


class Normalizer:
    """Turns a token's text into its match key under a fixed set of layers."""

    def __init__(self, layers: str | Iterable[str]) -> None:
        self.layers = parse_layers(layers)
        self._compat = "compat" in self.layers
        self._typography = "typography" in self.layers
        self._case = "case" in self.layers
        self._diacritics = "diacritics" in self.layers
        self.ignore_punctuation = "punctuation" in self.layers

    def keys(self, texts: list[str]) -> list[str]:
        """The match keys of many tokens at once (much faster than one by one).

        Tokens hold no white space, so they are joined with newlines, normalized in one pass
        and split again: no normalization here creates or removes a newline.
        """
        if not texts:
            return []
        joined = self.key("\n".join(texts))
        keys = joined.split("\n")
        if len(keys) != len(texts):  # pragma: no cover - defensive: fall back to one by one
            return [self.key(text) for text in texts]
        if self._typography and "--" in joined:  # a run of dashes holds "--" (speed)
            keys = ["-" if len(key) > 1 and key.strip("-") == "" else key for key in keys]
        return keys

    def key(self, text: str) -> str:
        """The match key of one token's text (no white space inside)."""
        if self._compat:
            key = unicodedata.normalize("NFKC", text.replace("\u00ad", ""))
        else:
            key = unicodedata.normalize("NFC", text)
        if self._typography:
            key = typography_fold(key)
        if self._diacritics:
            decomposed = unicodedata.normalize("NFD", key)
            stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
            key = unicodedata.normalize("NFC", stripped)
        if self._case:
            key = key.casefold()
        return key
