"""variorum: compare and confront the successive editions of a text.

>>> import variorum
>>> result = variorum.collate([variorum.Witness.from_text("1938", "Zinoviev, Kamenev were shot."),
...                            variorum.Witness.from_text("1953", "Zinoviev died.")])
>>> [(v.class_, v.readings["1938"].text, v.readings["1953"].text) for v in result.variants]
[('substitution', 'Zinoviev, Kamenev were shot', 'Zinoviev died')]
"""

from .collation.pipeline import collate
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
