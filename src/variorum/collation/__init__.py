"""Witnesses to a :class:`~variorum.model.Collation`: the pipeline (orchestration only),
alignment (:mod:`.align`), places where the texts differ (:mod:`.places`), classification
(:mod:`.classify`) and the erasure report (:mod:`.erasures`)."""

from .pipeline import collate

__all__ = ["collate"]
