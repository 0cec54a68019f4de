"""Lossless tokenization with offsets, vectorized.

A witness's text is cut into tokens: words (letters, digits and the marks on them), single
characters of scripts written without spaces (Han, kana, Hangul), runs of dots or hyphens,
and every other visible character on its own (see :mod:`variorum.text.charclass`). Each token
keeps the white space that follows it, so the leading white space of the text plus the tokens
with their trailing white space give back the text exactly.

Tokens are found with numpy over the code points, never as one Python string each: a token
is identified by a 64-bit polynomial hash of its characters (checked by a second, independent
one), and only the first occurrence of each distinct token becomes a string, in the
:class:`Vocabulary` that all witnesses of a collation share (so equal strings have equal ids
everywhere and matching compares integers). A token costs 40 bytes (five int64 arrays) plus,
once per distinct string, its vocabulary entry.

>>> vocab = Vocabulary(Normalizer(("nfc", "case")))
>>> table = tokenize("  Won't  it?", vocab)
>>> [table.text(i) for i in range(len(table))]
['Won', "'", 't', 'it', '?']
>>> table.leading + "".join(table.raw(i) for i in range(len(table)))
"  Won't  it?"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..arrays import unique_first
from ..errors import CollationError
from .charclass import SPACE, UNSPACED, WORD, class_table
from .normalize import Normalizer, punctuation_flags

__all__ = ["TokenTable", "Vocabulary", "token_hashes", "tokenize", "tokenize_pretokens"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
HashArray = npt.NDArray[np.uint64]

_BLOCK_CHARS = 1 << 20  # code points handled at once, so temporary arrays stay small
_LENGTH_MIX = np.uint64(0x9E3779B97F4A7C15)
_DOT, _HYPHEN = ord("."), ord("-")


class Vocabulary:
    """Distinct tokens of one collation, each with a surface id and a match-key id.

    A token's *surface* is its text as found; its *key* is the surface under the normalization
    layers. A *type* is what the tokenizer tells apart: a surface (found by its hash), or for
    tokens given by the user (CollateX input) a (raw text, key) pair, since those may carry a
    key of their own.
    """

    def __init__(self, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self.surfaces: list[str] = []
        self.keys: list[str] = []
        self._surface_ids: dict[str, int] = {}
        self._key_ids: dict[str, int] = {}
        self._surface_key: list[int] = []
        self._surface_cjk: list[bool] = []
        self._key_punct: list[bool] = []
        # The hashed types by naming hash, sorted, with their type ids and checking hashes:
        # looked up a block of tokens at a time by binary search in numpy, not one Python
        # dict lookup per distinct token (speed only).
        self._hash_names = np.zeros(0, dtype=np.uint64)
        self._hash_types = np.zeros(0, dtype=np.int64)
        self._hash_checks = np.zeros(0, dtype=np.uint64)
        self._pretoken_types: dict[tuple[str, str | None], int] = {}
        self._type_surface: list[int] = []
        self._type_key: list[int] = []

    def _key_id(self, key: str) -> int:
        found = self._key_ids.get(key)
        if found is None:
            found = self._key_ids[key] = len(self.keys)
            self.keys.append(key)
            self._key_punct.extend(punctuation_flags([key]))
        return found

    def _surface_id(self, surfaces: list[str]) -> list[int]:
        """Ids of surfaces, registering the new ones (normalized together, in one pass).

        Written with map/zip/update so the loops run in C: a book has tens of thousands of
        distinct tokens.
        """
        fresh = [s for s in dict.fromkeys(surfaces) if s not in self._surface_ids]
        if fresh:
            keys = self.normalizer.keys(fresh)
            new_keys = [key for key in dict.fromkeys(keys) if key not in self._key_ids]
            first_key = len(self.keys)
            self._key_ids.update(zip(new_keys, range(first_key, first_key + len(new_keys)),
                                     strict=True))
            self.keys.extend(new_keys)
            self._key_punct.extend(punctuation_flags(new_keys))
            first = len(self.surfaces)
            self._surface_ids.update(zip(fresh, range(first, first + len(fresh)), strict=True))
            self.surfaces.extend(fresh)
            self._surface_key.extend(map(self._key_ids.__getitem__, keys))
            # Only a single character can be one of a script written without spaces: look
            # at those alone (speed).
            cjk = [False] * len(fresh)
            singles = [i for i, length in enumerate(map(len, fresh)) if length == 1]
            if singles:
                table = class_table()
                for i in singles:
                    cjk[i] = bool(table[ord(fresh[i])] == UNSPACED)
            self._surface_cjk.extend(cjk)
        return list(map(self._surface_ids.__getitem__, surfaces))

    def _add_type(self, surface_id: int, key_id: int) -> int:
        self._type_surface.append(surface_id)
        self._type_key.append(key_id)
        return len(self._type_surface) - 1

    def hashed_types(self, names: HashArray, checks: HashArray,
                     texts_of: Callable[[list[int]], list[str]]) -> IntArray:
        """Type ids of distinct tokens known by their naming hashes.

        A new hash becomes a new type (``texts_of(indexes)`` gives the texts of the new ones,
        once); a known hash must come with the same checking hash, or two different tokens
        collided on the first.
        """
        found = np.full(len(names), -1, dtype=np.int64)
        known = np.zeros(len(names), dtype=np.bool_)
        if len(self._hash_names):
            at = np.minimum(np.searchsorted(self._hash_names, names), len(self._hash_names) - 1)
            known = self._hash_names[at] == names
            at = at[known]
            found[known] = self._hash_types[at]
            if (self._hash_checks[at] != checks[known]).any():
                raise CollationError(  # pragma: no cover - odds about 2**-128
                    "two different tokens share both 64-bit hashes",
                    hint="please report this text; it cannot be collated reliably",
                )
        new = np.flatnonzero(~known)
        if len(new):
            surface_ids = self._surface_id(texts_of(new.tolist()))
            first = len(self._type_surface)
            self._type_surface.extend(surface_ids)
            self._type_key.extend(map(self._surface_key.__getitem__, surface_ids))
            new_types = np.arange(first, first + len(new), dtype=np.int64)
            found[new] = new_types
            order = np.argsort(names[new], kind="stable")
            new_names = names[new][order]
            into = np.searchsorted(self._hash_names, new_names)
            self._hash_names = np.insert(self._hash_names, into, new_names)
            self._hash_types = np.insert(self._hash_types, into, new_types[order])
            self._hash_checks = np.insert(self._hash_checks, into, checks[new][order])
        return found

    def surface_ids_of(self, surfaces: list[str]) -> list[int]:
        """Surface ids of strings (registering new ones), e.g. damaged text as found."""
        return self._surface_id(surfaces)

    def pretoken_type(self, raw: str, key: str | None) -> int:
        """Type id of a token given by the user (CollateX ``t`` and optional ``n``)."""
        found = self._pretoken_types.get((raw, key))
        if found is None:
            (surface_id,) = self._surface_id([raw.rstrip()])
            key_id = self._surface_key[surface_id] if key is None else self._key_id(key)
            found = self._pretoken_types[(raw, key)] = self._add_type(surface_id, key_id)
        return found

    def surface_ids(self, type_ids: IntArray) -> IntArray:
        return np.asarray(self._type_surface, dtype=np.int64)[type_ids]

    def key_ids(self, type_ids: IntArray) -> IntArray:
        return np.asarray(self._type_key, dtype=np.int64)[type_ids]

    def cjk_of_surfaces(self, surface_ids: IntArray) -> BoolArray:
        return np.asarray(self._surface_cjk, dtype=np.bool_)[surface_ids]

    def punct_of_keys(self) -> BoolArray:
        """For every key id: is it punctuation only?"""
        flags: BoolArray = np.asarray(self._key_punct, dtype=np.bool_)
        return flags


@dataclass(frozen=True, eq=False)
class TokenTable:
    """The tokens of one witness as parallel arrays of offsets into the text as found.

    ``starts[i]:ends[i]`` is token ``i`` without white space; its trailing white space runs to
    ``starts[i + 1]`` (or to ``limit`` for the last token).
    """

    source_text: str
    leading: str
    limit: int
    starts: IntArray
    ends: IntArray
    type_ids: IntArray
    surface_ids: IntArray
    key_ids: IntArray
    vocabulary: Vocabulary

    def __len__(self) -> int:
        return int(self.starts.shape[0])

    def text(self, i: int) -> str:
        """Token ``i`` as found, without its trailing white space."""
        return self.source_text[int(self.starts[i]) : int(self.ends[i])]

    def raw(self, i: int) -> str:
        """Token ``i`` as found, with its trailing white space."""
        stop = int(self.starts[i + 1]) if i + 1 < len(self) else self.limit
        return self.source_text[int(self.starts[i]) : stop]

    def key(self, i: int) -> str:
        return self.vocabulary.keys[int(self.key_ids[i])]

    def glued(self) -> BoolArray:
        """``glued[i]``: token ``i`` and token ``i + 1`` form one written word (no space)."""
        if len(self) < 2:
            return np.zeros(0, dtype=np.bool_)
        cjk = self.vocabulary.cjk_of_surfaces(self.surface_ids)
        glued: BoolArray = (self.ends[:-1] == self.starts[1:]) & ~cjk[:-1] & ~cjk[1:]
        return glued


def _table(text: str, leading: str, limit: int, starts: IntArray, ends: IntArray,
           type_ids: IntArray, vocab: Vocabulary) -> TokenTable:
    surface_ids = vocab.surface_ids(type_ids)
    key_ids = vocab.key_ids(type_ids)
    for array in (starts, ends, type_ids, surface_ids, key_ids):
        array.flags.writeable = False
    return TokenTable(text, leading, limit, starts, ends, type_ids, surface_ids, key_ids, vocab)


_SPACE_RUN = re.compile(r"\s+")


def _blocks(text: str, start: int, stop: int) -> Iterable[tuple[int, int]]:
    """Cut ``text[start:stop]`` into blocks that end just after a run of white space."""
    while start < stop:
        target = start + _BLOCK_CHARS
        if target >= stop:
            yield start, stop
            return
        found = _SPACE_RUN.search(text, target, stop)
        end = found.end() if found else stop
        yield start, end
        start = end


class _Powers:
    """Powers of a hash base and of its inverse modulo 2**64, grown on demand.

    The two tables are replaced together, as one tuple, so that threads hashing at once (a
    Dask worker with several threads) never see one table grown and the other not yet.
    """

    def __init__(self, base: int) -> None:
        self.base = base
        self.tables: tuple[HashArray, HashArray] = (np.ones(1, dtype=np.uint64),
                                                    np.ones(1, dtype=np.uint64))

    def upto(self, length: int) -> tuple[HashArray, HashArray]:
        """``(up, down)``, each at least ``length`` long."""
        tables = self.tables
        if len(tables[0]) < length:
            size = max(length, 2 * len(tables[0]))
            tables = (_powers(self.base, size), _powers(pow(self.base, -1, 1 << 64), size))
            self.tables = tables
        return tables


def _powers(base: int, size: int) -> HashArray:
    """``base ** k`` modulo 2**64 for k < size, by doubling (numpy products wrap, as wanted)."""
    powers = np.ones(size, dtype=np.uint64)
    step, factor = 1, base
    if size > 1:
        powers[1] = base
    while step < size:
        # powers[step:2 step] = powers[0:step] * base**step
        chunk = min(step, size - step)
        powers[step : step + chunk] = powers[:chunk] * np.uint64(factor)
        step, factor = step + chunk, (factor * factor) % (1 << 64)
    return powers


# Two independent hashes: the first names a token, the second checks it, so two different
# tokens would have to collide on both (odds about 2**-128) to be confused.
_NAMING = _Powers(0x100000001B3)
_CHECKING = _Powers(0x9E3779B97F4A7C15 | 1)


def _cut(codes: npt.NDArray[np.uint32]) -> tuple[IntArray, IntArray]:
    """Start and end (exclusive) of every token in a block of code points."""
    classes = np.take(class_table(), codes)  # np.take: twice as fast as fancy indexing
    content = classes != SPACE
    continues = np.zeros(len(codes), dtype=np.bool_)
    if len(codes) > 1:
        same_run = (codes[1:] == codes[:-1]) & ((codes[1:] == _DOT) | (codes[1:] == _HYPHEN))
        continues[1:] = ((classes[1:] == WORD) & (classes[:-1] == WORD)) | same_run
    first = content & ~continues
    last = np.zeros(len(codes), dtype=np.bool_)
    last[:-1] = content[:-1] & ~(content[1:] & continues[1:])
    last[-1:] = content[-1:]
    return np.flatnonzero(first), np.flatnonzero(last) + 1


def _hashes(codes: npt.NDArray[np.uint32], starts: IntArray, ends: IntArray,
            powers: _Powers) -> HashArray:
    """A 64-bit polynomial hash of each token's code points, independent of its position.

    With ``P[i]`` the sum of ``(code + 1) * base**-j`` for ``j < i``, the token ``[s, e)`` hashes
    to ``(P[e] - P[s]) * base**(e - 1)``: the same wherever the token stands.
    """
    up, down = powers.upto(len(codes) + 1)
    weighted = codes.astype(np.uint64)  # in place from here: no temporary array per step
    weighted += np.uint64(1)
    weighted *= down[: len(codes)]
    # In place: weighted[k] becomes P[k + 1]. A token ending at e then has P[e] at e - 1, and
    # one starting at s has P[s] at s - 1, or 0 for the block's first character.
    np.cumsum(weighted, out=weighted)
    sums = weighted[ends - 1] - weighted[starts - 1]
    if len(starts) and starts[0] == 0:
        sums[0] = weighted[ends[0] - 1]
    lengths = (ends - starts).astype(np.uint64)
    hashes: HashArray = (sums * up[ends - 1]) ^ (lengths * _LENGTH_MIX)
    return hashes


def _checks(codes: npt.NDArray[np.uint32], starts: IntArray, ends: IntArray) -> HashArray:
    """The checking hash of the tokens ``starts[i]:ends[i]`` (one of each distinct token), on
    their code points gathered end to end: a hash does not depend on where a token stands,
    and the distinct tokens of a block are a tenth of its characters."""
    lengths = ends - starts
    if not len(lengths):
        return np.zeros(0, dtype=np.uint64)
    packed_ends = np.cumsum(lengths)
    packed_starts = packed_ends - lengths
    # Position k of the packed codes holds code starts[i] + (k - packed_starts[i]).
    gather = np.arange(int(packed_ends[-1]), dtype=np.int64) + np.repeat(
        starts - packed_starts, lengths)
    return _hashes(codes[gather], packed_starts, packed_ends, _CHECKING)


def tokenize(text: str, vocab: Vocabulary, start: int = 0, stop: int | None = None) -> TokenTable:
    """Tokenize ``text[start:stop]``; offsets stay offsets into the whole ``text``."""
    stop = len(text) if stop is None else stop
    content_start = start
    while content_start < stop and text[content_start].isspace():
        content_start += 1
    starts_parts: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    ends_parts: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    types_parts: list[IntArray] = [np.zeros(0, dtype=np.int64)]
    for block_start, block_stop in _blocks(text, content_start, stop):
        block = text[block_start:block_stop]
        codes = np.frombuffer(block.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        starts, ends = _cut(codes)
        names = _hashes(codes, starts, ends, _NAMING)
        unique, first, _, inverse = unique_first(names)
        first_starts, first_ends = starts[first], ends[first]
        checks = _checks(codes, first_starts, first_ends)

        def texts_of(indexes: list[int], block: str = block,
                     first_starts: IntArray = first_starts,
                     first_ends: IntArray = first_ends) -> list[str]:
            return [block[s:e] for s, e in zip(first_starts[indexes].tolist(),
                                               first_ends[indexes].tolist(), strict=True)]

        type_of_unique = vocab.hashed_types(unique, checks, texts_of)
        starts_parts.append(starts + block_start)
        ends_parts.append(ends + block_start)
        types_parts.append(type_of_unique[inverse])
    return _table(text, text[start:content_start], stop, np.concatenate(starts_parts),
                  np.concatenate(ends_parts), np.concatenate(types_parts), vocab)


def tokenize_pretokens(text: str, tokens: Sequence[tuple[str, str | None]],
                       vocab: Vocabulary) -> TokenTable:
    """Tokens given by the user: ``text`` is their raw strings, joined as
    :func:`variorum.model.display_gap` says."""
    from ..model import display_gap

    type_ids = np.fromiter((vocab.pretoken_type(raw, key) for raw, key in tokens),
                           dtype=np.int64, count=len(tokens))
    lengths = np.fromiter((len(raw) + len(display_gap(raw, at == len(tokens) - 1))
                           for at, (raw, _) in enumerate(tokens)),
                          dtype=np.int64, count=len(tokens))
    surface_lengths = np.fromiter((len(raw.rstrip()) for raw, _ in tokens), dtype=np.int64,
                                  count=len(tokens))
    starts = np.zeros(len(tokens), dtype=np.int64)
    if len(tokens) > 1:
        np.cumsum(lengths[:-1], out=starts[1:])
    return _table(text, "", len(text), starts, starts + surface_lengths, type_ids, vocab)


def token_hashes(text: str, start: int = 0, stop: int | None = None,
                 fold: npt.NDArray[np.uint32] | None = None,
                 ) -> tuple[IntArray, IntArray, npt.NDArray[np.uint8], HashArray]:
    """Start, end, class of the first character and 64-bit hash of every token of
    ``text[start:stop]``, without making a string or a vocabulary entry for any of them.

    Tokens are cut as :func:`tokenize` cuts them; ``fold`` (a table over all code points)
    maps each character before hashing, so tokens equal once folded (e.g. in case) hash alike.
    This is the fast path for finding repeated passages in a corpus, where no token needs a
    name. Offsets are into the whole ``text``.
    """
    stop = len(text) if stop is None else stop
    parts: list[tuple[IntArray, IntArray, npt.NDArray[np.uint8], HashArray]] = []
    table = class_table()
    for block_start, block_stop in _blocks(text, start, stop):
        codes = np.frombuffer(text[block_start:block_stop].encode("utf-32-le", "surrogatepass"),
                              dtype=np.uint32)
        starts, ends = _cut(codes)
        folded = codes if fold is None else np.take(fold, codes)
        parts.append((starts + block_start, ends + block_start, table[codes[starts]],
                      _hashes(folded, starts, ends, _NAMING)))
    if not parts:
        return (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64),
                np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.uint64))
    return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]), np.concatenate([p[3] for p in parts]))
