"""Alignment: pairwise matching of token keys, moves, and the N-witness alignment table."""

from .multi import AlignmentTable, align_witnesses
from .pairwise import PairAlignment, align_pair
from .transpose import Move

__all__ = ["AlignmentTable", "Move", "PairAlignment", "align_pair", "align_witnesses"]
