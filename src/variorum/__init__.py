"""variorum: compare and confront the successive editions of a text.

>>> import variorum
>>> result = variorum.collate([variorum.Witness.from_text("1938", "Zinoviev, Kamenev were shot."),
...                            variorum.Witness.from_text("1953", "Zinoviev died.")])
>>> [(v.class_, v.readings["1938"].text, v.readings["1953"].text) for v in result.variants]
[('substitution', 'Zinoviev, Kamenev were shot', 'Zinoviev died')]
"""

from typing import TYPE_CHECKING, Any

from .errors import (
    CollationError,
    EncodingError,
    FormatError,
    InputError,
    OutputError,
    ReportError,
    RunError,
    SettingsError,
    UnknownWitnessError,
    VariorumError,
)
from .model import (
    Change,
    Collation,
    Damage,
    Erasure,
    NameChange,
    Reading,
    Repair,
    Settings,
    Span,
    Variant,
    Witness,
)

__all__ = [
    "Change",
    "Collation",
    "CollationError",
    "Damage",
    "EncodingError",
    "Erasure",
    "FormatError",
    "InputError",
    "NameChange",
    "OutputError",
    "Reading",
    "Repair",
    "ReportError",
    "RunError",
    "Settings",
    "SettingsError",
    "Span",
    "UnknownWitnessError",
    "Variant",
    "VariorumError",
    "Witness",
    "collate",
]
__version__ = "0.1.0"

if TYPE_CHECKING:
    from .collation.pipeline import collate


def __getattr__(name: str) -> Any:
    """``collate``, imported on first use: it brings numpy and the aligner, which a command
    that does not collate (``--help``, ``--version``) need not load (start-up, issue 14)."""
    if name == "collate":
        from .collation.pipeline import collate

        globals()["collate"] = collate
        return collate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
