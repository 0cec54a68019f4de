"""The erasure report: what one edition has and another lacks, beyond the variants.

Three kinds of :class:`~variorum.Erasure`, as in the contract's ``erasures`` list, each
naming the witnesses that have the erased thing (``present_in``, with ``readings``: where it
stands in each) and those that lack it (``absent_from``):

- ``name``: a proper name present in some witnesses and absent from others
  (:mod:`.by_name`); a name merely respelled is not erased but listed by
  :func:`find_name_changes`;
- ``number``: a number or date of the base that another witness reads differently, with
  ``changed_to`` (:mod:`.by_number`);
- ``sentence``: a whole sentence some witnesses have and others lack (:mod:`.by_sentence`).

Every witness is compared with every other, so a name or sentence that a later edition brings
in is listed too; ``relation`` tells the two apart as the variant classes do: ``omission``
(the base has it) or ``addition`` (the base lacks it).
"""

from __future__ import annotations

from ...model import Collation, Erasure, NameChange
from .by_name import name_changes, name_erasures
from .by_number import number_changes
from .by_sentence import sentence_erasures

__all__ = ["find_erasures", "find_name_changes"]


def find_erasures(collation: Collation) -> tuple[Erasure, ...]:
    """Names, numbers and sentences erased between the witnesses of ``collation``: names
    first, then numbers, then sentences, each in the order of the first witness having them.

    >>> import variorum
    >>> result = variorum.collate([
    ...     variorum.Witness.from_text("1938", "Zinoviev and Rykov were shot in 1936."),
    ...     variorum.Witness.from_text("1953", "Zinoviev was shot in 1937.")])
    >>> [(e.kind, e.text, e.absent_from) for e in find_erasures(result)]
    [('name', 'Rykov', ('1953',)), ('number', '1936', ('1953',))]
    """
    return (*name_erasures(collation), *number_changes(collation),
            *sentence_erasures(collation))


def find_name_changes(collation: Collation) -> tuple[NameChange, ...]:
    """Names spelled differently in different witnesses (``kind: name-spelling``), or written
    in lower case by some (``kind: name-case``, "the State" / "the state"): for each,
    ``texts`` (how each witness having it writes it) and ``readings`` (where, first)."""
    return tuple(name_changes(collation))
