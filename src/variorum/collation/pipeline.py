"""The public entry point: :func:`collate` a set of witnesses."""

from __future__ import annotations

import dataclasses
import functools
import gc
from collections.abc import Callable, Iterable, Sequence
from types import MappingProxyType
from typing import ParamSpec, TypeVar

from ..errors import CollationError
from ..model import Collation, Settings, Witness
from ..text.normalize import DEFAULT_LAYERS, Normalizer
from ..text.tokens import TokenTable, Vocabulary, tokenize_pretokens
from . import compare
from .align.multi import PairSettings, align_witnesses
from .align.weak import weak_keys
from .changes import group_changes
from .options import CollateOptions
from .places import find_places
from .repaired import tokenize_repaired

__all__ = ["collate"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _gc_paused(function: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``function`` with the cyclic garbage collector paused (speed only, issue 14).

    A collation allocates some hundred thousand small objects (readings, places, variants,
    verdicts) and frees next to none until it returns, so the collector's passes find
    nothing to free; on two 100,000-word editions they took 15 % of the time (two full passes
    over a heap holding the texts, numpy and every module). None of these objects forms a
    reference cycle, so nothing is kept longer than it would be; reference counting still
    frees everything as usual, and the collector, if it was on, runs again as soon as the
    collation returns (or fails). Nested calls leave it to the outermost.
    """
    @functools.wraps(function)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused


def _check(witnesses: Sequence[Witness], base: str | None, min_transposition: int) -> str:
    if len(witnesses) < 2:
        raise CollationError(
            f"collation needs at least two witnesses, got {len(witnesses)}",
            hint="give two or more sources",
        )
    seen: dict[str, Witness] = {}
    for witness in witnesses:
        first = seen.get(witness.id)
        if first is not None:
            where = f" ({first.source} and {witness.source})" \
                if first.source and witness.source else ""
            raise CollationError(
                f"two witnesses have the id {witness.id!r}{where}",
                hint="name them with LABEL=PATH, e.g. A=first.txt B=second.txt",
            )
        seen[witness.id] = witness
    if min_transposition < 0:
        raise CollationError("min_transposition cannot be negative")
    if base is None:
        return witnesses[0].id
    if base not in seen:
        raise CollationError(
            f"--base {base!r} is not a witness id",
            hint=f"choose one of {', '.join(w.id for w in witnesses)}",
        )
    return base


def _tokens(witness: Witness, vocab: Vocabulary) -> TokenTable:
    if witness.pretokens is not None:
        return tokenize_pretokens(witness.text, witness.pretokens, vocab)
    return tokenize_repaired(witness, vocab)


@_gc_paused
def collate(witnesses: Iterable[Witness], *, base: str | None = None,
            normalize: Iterable[str] | str = DEFAULT_LAYERS,
            min_transposition: int = 3,
            progress: Callable[[str], None] | None = None,
            erasures: bool = False, options: CollateOptions | None = None) -> Collation:
    """Align two or more witnesses word by word and list where they differ.

    The settings come as ``options`` (a :class:`CollateOptions`, parsed once), or as the
    same fields given as keywords:

    ``base`` is the reference witness (default: the first); ``normalize`` the matching layers
    (see :mod:`variorum.text.normalize`); ``min_transposition`` the least number of words
    (punctuation not counted) a moved block must have to be reported as a transposition, a
    swap within one sentence being reported whatever its length (0 turns detection off;
    docs/classes.md);
    ``progress``, if given, is called with a short description of each stage as it starts;
    ``erasures`` adds the erasure report (names, numbers and sentences one edition has and
    another lacks, and names respelled), which costs about 0.15 s per 100,000-word witness.

    >>> from variorum import Witness, collate
    >>> result = collate([Witness.from_text("A", "The most bafoonish falsifications."),
    ...                   Witness.from_text("B", "The most bafoenish falsifications.")])
    >>> [(v.class_, v.readings["A"].text, v.readings["B"].text) for v in result.variants]
    [('spelling', 'bafoonish', 'bafoenish')]
    """
    loose = CollateOptions.parse(base=base, normalize=normalize,
                                 min_transposition=min_transposition, erasures=erasures)
    if options is None:
        options = loose
    elif loose != CollateOptions():
        raise CollationError("give the settings as options or as keywords, not both",
                             hint="e.g. dataclasses.replace(options, base=...)")
    base, normalize = options.base, options.normalize
    min_transposition, erasures = options.min_transposition, options.erasures
    witnesses = tuple(witnesses)
    base_id = _check(witnesses, base, min_transposition)
    say = progress or (lambda stage: None)
    normalizer = Normalizer(normalize)
    vocab = Vocabulary(normalizer)
    tables = []
    for witness in witnesses:
        say(f"tokenizing {witness.id}")
        tables.append(_tokens(witness, vocab))
    key_arrays = [table.key_ids for table in tables]
    punct = vocab.punct_of_keys()
    settings = PairSettings(
        keys=vocab.keys,
        weak=weak_keys(vocab.keys, punct, key_arrays),
        punct=punct,
        ignore_punctuation=normalizer.ignore_punctuation,
        min_transposition=min_transposition,
    )
    ids = [witness.id for witness in witnesses]
    glued = [table.glued() for table in tables]
    say(f"aligning {len(witnesses) - 1} witness(es) to {base_id}")
    table = align_witnesses(ids, key_arrays, glued, ids.index(base_id), settings)
    say("finding and classifying variants")
    places = find_places(table, tables, base_id, glued)
    comparer = compare.Comparer({witness.id: witness for witness in witnesses}, places,
                                dict(zip(ids, tables, strict=True)))
    variants, changes = group_changes(compare.variants_of(places, table, base_id, comparer),
                                      witnesses, base_id, comparer)
    result = Collation(
        witnesses=witnesses,
        base=base_id,
        settings=Settings(normalizer.layers, min_transposition),
        table=table,
        tokens=MappingProxyType(dict(zip(ids, tables, strict=True))),
        variants=variants,
        changes=changes,
        pair_classes=compare.pair_classes(places, ids, comparer),
    )
    if not erasures:
        return result
    from .erasures import find_erasures, find_name_changes

    say("finding erasures")
    return dataclasses.replace(result, erasures=find_erasures(result),
                               name_changes=find_name_changes(result))
