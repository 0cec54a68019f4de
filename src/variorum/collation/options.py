"""What a collation is asked to do, parsed and checked once (as ftfy's ``TextFixerConfig``).

The command line builds a :class:`CollateOptions` from its flags before reading anything, so
an unknown layer fails at once; :func:`variorum.collate` takes one, or the same fields as
keywords.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import CollationError
from ..text.normalize import DEFAULT_LAYERS, parse_layers

__all__ = ["CollateOptions"]


@dataclass(frozen=True)
class CollateOptions:
    """``base``: the reference witness (default: the first); ``normalize``: the matching
    layers, in canonical order; ``min_transposition``: least words (punctuation not counted)
    in a moved block reported as a transposition, a swap within one sentence excepted (0: no
    transpositions at all); ``erasures``: add the erasure report."""

    base: str | None = None
    normalize: tuple[str, ...] = DEFAULT_LAYERS
    min_transposition: int = 3
    erasures: bool = False

    @classmethod
    def parse(cls, *, base: str | None = None,
              normalize: Iterable[str] | str = DEFAULT_LAYERS, min_transposition: int = 3,
              erasures: bool = False) -> CollateOptions:
        """Options from loose values (``normalize`` as ``"nfc,case"`` or names), checked:
        a :class:`~variorum.errors.SettingsError` names an unknown layer."""
        if min_transposition < 0:
            raise CollationError("min_transposition cannot be negative")
        return cls(base=base, normalize=parse_layers(normalize),
                   min_transposition=min_transposition, erasures=erasures)
