"""The history of a chain of editions (``variorum history``): for every word and sentence of
every edition, the edition that introduced it, the first later one without it, and whether
it was removed and put back (:func:`build_history`)."""

from .build import MIN_BLOCK, build_history
from .chain import Chain, Lineages
from .model import EditionHistory, EditionSummary, History, Passage, Range

__all__ = ["MIN_BLOCK", "Chain", "EditionHistory", "EditionSummary", "History", "Lineages",
           "Passage", "Range", "build_history"]
