"""Lossless tokenization with offsets.

A witness's text is cut into tokens: words (letters, digits and the marks on them), single
CJK characters, runs of dots or hyphens, and every other visible character on its own. Each
token keeps the white space that follows it, so the leading white space of the text plus the
tokens with their trailing white space give back the text exactly.

Tokens are stored as parallel numpy arrays (about 20 bytes a token) with their distinct strings
kept once in a :class:`Vocabulary` shared by all witnesses of a collation, so equal strings
have equal ids in every witness and matching is integer comparison.

>>> vocab = Vocabulary(Normalizer(("nfc", "case")))
>>> table = tokenize("  Won't  it?", vocab)
>>> [table.text(i) for i in range(len(table))]
['Won', "'", 't', 'it', '?']
>>> table.leading + "".join(table.raw(i) for i in range(len(table)))
"  Won't  it?"
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ._marks import MARK_RANGES
from .normalize import Normalizer, is_punctuation, punctuation_flags

__all__ = ["TokenTable", "Vocabulary", "tokenize", "tokenize_pretokens"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

# Scripts written without spaces between words are tokenized character by character.
_CJK = (
    "\u1100-\u11ff\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3130-\u318f"
    "\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff"
    "\uff66-\uff9f\U00020000-\U0003134f"
)
_MARKS = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in MARK_RANGES)
# Soft hyphen and zero-width (non-)joiners sit inside words.
_WORD_EXTRA = _MARKS + "\u00ad\u200c\u200d"
_TOKEN = re.compile(
    rf"(?:[^\W{_CJK}]+(?:[{_WORD_EXTRA}][^\W{_CJK}]*)*|[{_CJK}]|[{_WORD_EXTRA}]+"
    rf"|\.{{2,}}|-{{2,}}|\S)\s*"
)
# Most texts hold neither CJK nor combining marks; for them this pattern cuts the same tokens
# twice as fast (the large character classes above cost time on every character).
_SIMPLE_TOKEN = re.compile(r"(?:\w+|\.{2,}|-{2,}|\S)\s*")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_SPECIAL_CHAR = re.compile(rf"[{_CJK}{_WORD_EXTRA}]")
_BLOCK_CHARS = 1 << 20  # tokenize in blocks so memory for Python strings stays bounded


class Vocabulary:
    """Distinct token strings of one collation, each with its surface and match-key ids.

    A *raw* string is a token with its trailing white space (what the tokenizer cuts); its
    *surface* is the token without it; its *key* is the surface under the normalization
    layers. Tokens given by the user (CollateX input) are raw types of their own, since they
    may carry a key of their own.
    """

    def __init__(self, normalizer: Normalizer) -> None:
        self.normalizer = normalizer
        self._raw_ids: dict[object, int] = {}
        self._surface_ids: dict[str, int] = {}
        self._key_ids: dict[str, int] = {}
        self.surfaces: list[str] = []
        self.keys: list[str] = []
        self._raw_surface: list[int] = []
        self._raw_key: list[int] = []
        self._raw_length: list[int] = []
        self._surface_cjk: list[bool] = []
        self._surface_key: list[int] = []
        self._key_punct: list[bool] = []

    def _key_id(self, key: str) -> int:
        key_id = self._key_ids.get(key)
        if key_id is None:
            key_id = self._key_ids[key] = len(self.keys)
            self.keys.append(key)
            self._key_punct.append(is_punctuation(key))
        return key_id

    def _add_chunks(self, chunks: list[str]) -> IntArray:
        """Register token strings (with trailing white space) not seen before, each once."""
        # Written with map/zip/update so the loops run in C: a book has tens of thousands of
        # distinct strings.
        surfaces = list(map(str.rstrip, chunks))
        fresh = [surface for surface in dict.fromkeys(surfaces)
                 if surface not in self._surface_ids]
        keys = self.normalizer.keys(fresh)
        new_keys = [key for key in dict.fromkeys(keys) if key not in self._key_ids]
        self._key_ids.update(zip(new_keys, range(len(self.keys), len(self.keys) + len(new_keys)),
                                 strict=True))
        self.keys.extend(new_keys)
        self._key_punct.extend(punctuation_flags(new_keys))
        first_surface = len(self.surfaces)
        self._surface_ids.update(zip(fresh, range(first_surface, first_surface + len(fresh)),
                                     strict=True))
        self.surfaces.extend(fresh)
        self._surface_key.extend(map(self._key_ids.__getitem__, keys))
        self._surface_cjk.extend(match is not None for match in map(_CJK_CHAR.fullmatch, fresh))
        first_raw = len(self._raw_surface)
        self._raw_ids.update(zip(chunks, range(first_raw, first_raw + len(chunks)), strict=True))
        surface_ids = list(map(self._surface_ids.__getitem__, surfaces))
        self._raw_surface.extend(surface_ids)
        self._raw_key.extend(map(self._surface_key.__getitem__, surface_ids))
        self._raw_length.extend(map(len, surfaces))
        return np.arange(first_raw, first_raw + len(chunks), dtype=np.int64)

    def _add_raw(self, raw: object, surface: str, key: str | None) -> int:
        surface_id = self._surface_ids.get(surface)
        if surface_id is None:
            surface_id = self._surface_ids[surface] = len(self.surfaces)
            self.surfaces.append(surface)
            self._surface_cjk.append(bool(_CJK_CHAR.fullmatch(surface)))
            self._surface_key.append(self._key_id(self.normalizer.key(surface)))
        key_id = self._surface_key[surface_id] if key is None else self._key_id(key)
        raw_id = self._raw_ids[raw] = len(self._raw_surface)
        self._raw_surface.append(surface_id)
        self._raw_key.append(key_id)
        self._raw_length.append(len(surface))
        return raw_id

    def raw_ids(self, chunks: Sequence[str]) -> IntArray:
        """Ids of token strings (with their trailing white space), adding the new ones."""
        first_new = len(self._raw_surface) + len(chunks) + 1
        # dict.setdefault through map() runs at C speed; a new string receives a provisional
        # id (its position offset by first_new) that is rewritten to a dense id just below.
        provisional = np.fromiter(
            map(self._raw_ids.setdefault, chunks, itertools.count(first_new)),
            dtype=np.int64, count=len(chunks),
        )
        positions = np.arange(first_new, first_new + len(chunks), dtype=np.int64)
        new_at = np.flatnonzero(provisional == positions)
        local = np.full(len(chunks), -1, dtype=np.int64)
        if len(new_at):
            local[new_at] = self._add_chunks([chunks[p] for p in new_at.tolist()])
        is_provisional = provisional >= first_new
        provisional[is_provisional] = local[provisional[is_provisional] - first_new]
        return provisional

    def pretoken_id(self, raw: str, key: str | None) -> int:
        """Id of a token given by the user (CollateX ``t`` and optional ``n``)."""
        found = self._raw_ids.get((raw, key))
        if found is not None:
            return found
        return self._add_raw((raw, key), raw.rstrip(), key)

    def surface_ids(self, raw_ids: IntArray) -> IntArray:
        return np.asarray(self._raw_surface, dtype=np.int64)[raw_ids]

    def surface_lengths(self, raw_ids: IntArray) -> IntArray:
        return np.asarray(self._raw_length, dtype=np.int64)[raw_ids]

    def key_ids(self, raw_ids: IntArray) -> IntArray:
        return np.asarray(self._raw_key, dtype=np.int64)[raw_ids]

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
    raw_ids: IntArray
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


def _freeze(*arrays: npt.NDArray[np.generic]) -> None:
    for array in arrays:
        array.flags.writeable = False


def _table(text: str, leading: str, limit: int, starts: IntArray, ends: IntArray,
           raw_ids: IntArray, vocab: Vocabulary) -> TokenTable:
    surface_ids = vocab.surface_ids(raw_ids)
    key_ids = vocab.key_ids(raw_ids)
    _freeze(starts, ends, raw_ids, surface_ids, key_ids)
    return TokenTable(text, leading, limit, starts, ends, raw_ids, surface_ids, key_ids, vocab)


def _blocks(text: str, start: int, stop: int) -> Iterable[tuple[int, int]]:
    """Cut ``text[start:stop]`` into blocks that end just after a run of white space."""
    space = re.compile(r"\s+")
    while start < stop:
        target = start + _BLOCK_CHARS
        if target >= stop:
            yield start, stop
            return
        found = space.search(text, target, stop)
        end = found.end() if found else stop
        yield start, end
        start = end


# Characters below U+0300 (but the soft hyphen), general punctuation (but the joiners),
# currency and letterlike symbols are never CJK nor combining marks nor inside-word marks: a
# block made only of them needs no closer look.
_BEYOND_SAFE = re.compile(
    "[^\\x00-\\xac\\xae-\\u02ff\\u2000-\\u200b\\u200e-\\u206f\\u20a0-\\u20cf\\u2100-\\u218f]"
)


def _pattern_for(block: str) -> re.Pattern[str]:
    """The simple pattern when the block has no CJK character and no combining mark."""
    if block.isascii() or not _BEYOND_SAFE.search(block):
        return _SIMPLE_TOKEN
    distinct = "".join(ch for ch in set(block) if not ch.isascii())
    return _TOKEN if _SPECIAL_CHAR.search(distinct) else _SIMPLE_TOKEN


def tokenize(text: str, vocab: Vocabulary, start: int = 0, stop: int | None = None) -> TokenTable:
    """Tokenize ``text[start:stop]``; offsets stay offsets into the whole ``text``."""
    stop = len(text) if stop is None else stop
    content_start = start
    while content_start < stop and text[content_start].isspace():
        content_start += 1
    starts_parts: list[IntArray] = []
    ends_parts: list[IntArray] = []
    ids_parts: list[IntArray] = []
    for block_start, block_stop in _blocks(text, content_start, stop):
        pattern = _pattern_for(text[block_start:block_stop])
        chunks = pattern.findall(text, block_start, block_stop)
        lengths = np.fromiter(map(len, chunks), dtype=np.int64, count=len(chunks))
        block_starts = np.empty(len(chunks), dtype=np.int64)
        block_starts[0:1] = 0
        np.cumsum(lengths[:-1], out=block_starts[1:])
        block_starts += block_start
        raw_ids = vocab.raw_ids(chunks)
        starts_parts.append(block_starts)
        ends_parts.append(block_starts + vocab.surface_lengths(raw_ids))
        ids_parts.append(raw_ids)
    empty = np.zeros(0, dtype=np.int64)
    starts = np.concatenate(starts_parts) if starts_parts else empty
    ends = np.concatenate(ends_parts) if ends_parts else empty.copy()
    raw_ids = np.concatenate(ids_parts) if ids_parts else empty.copy()
    return _table(text, text[start:content_start], stop, starts, ends, raw_ids, vocab)


def tokenize_pretokens(text: str, tokens: Sequence[tuple[str, str | None]],
                       vocab: Vocabulary) -> TokenTable:
    """Tokens given by the user: ``text`` is the concatenation of their raw strings."""
    raw_ids = np.fromiter(
        (vocab.pretoken_id(raw, key) for raw, key in tokens), dtype=np.int64, count=len(tokens)
    )
    lengths = np.fromiter((len(raw) for raw, _ in tokens), dtype=np.int64, count=len(tokens))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64) if len(tokens) \
        else np.zeros(0, dtype=np.int64)
    ends = starts + vocab.surface_lengths(raw_ids)
    return _table(text, "", len(text), starts, ends, raw_ids, vocab)
