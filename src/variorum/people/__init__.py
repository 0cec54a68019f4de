"""``variorum people``: the register of persons named in one or more editions, what each
edition says became of them (their fates) and who they were (their roles), each citing its
words by offsets into the text as found; across editions, who was erased, respelled, or given
another fate or role. No model and no download: see :mod:`.recognize`, :mod:`.fates` and
:mod:`.register`, and docs/people.md.

>>> from variorum import Witness
>>> one = build_register([Witness.from_text("A", "Zinoviev, Kamenev and Rykov were shot.")])
>>> [(p.name, [f.fate for f in p.fates]) for p in one.people]
[('Zinoviev', ['executed']), ('Kamenev', ['executed']), ('Rykov', ['executed'])]
"""

from __future__ import annotations

from .model import FATES, PERSON_CHANGES, Citation, Fate, Person, PersonChange, Register
from .register import build_register, same_name

__all__ = ["FATES", "PERSON_CHANGES", "Citation", "Fate", "Person", "PersonChange",
           "Register", "build_register", "same_name"]
