"""Confronting whole editions: the articles of two or more editions of an encyclopedia or
a website matched (by key, then by content), each matched group collated on a Runner, and
what was dropped, added, renamed, merged, split and rewritten reported
(``variorum.comparison/1``)."""

from .pipeline import SCHEMA, STATUSES, Articles, Comparison, compare_editions

__all__ = ["SCHEMA", "STATUSES", "Articles", "Comparison", "compare_editions"]
