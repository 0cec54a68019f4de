"""A document as the finder sees it: one 64-bit hash per word, and where each word stands.

Words are matched on the *repaired* text (so ``wonâ€™t`` is ``won’t``), folded for matching:
case, compatibility forms (superscripts, full width) and accents are folded character by
character through one lookup table, so a whole batch of documents is cut and hashed in one
compiled pass (:mod:`~variorum.find.kernels`) and no word is ever a Python string.
Punctuation takes no part in matching: a passage is a run of words. Each word's extent
includes the punctuation glued to it (``leader.``, ``“owning``), so a passage ends after its
closing full stop as a reader would cut it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ..collation.repaired import RepairedContent
from ..model import Witness
from ..text.charclass import class_table
from .kernels import batch_word_spans

__all__ = ["Words", "batch_words", "fold_table", "in_sorted", "ngram_hashes", "witness_words"]

IntArray = npt.NDArray[np.int64]
HashArray = npt.NDArray[np.uint64]

# Blocks where folding a character can matter: Latin, Greek, Cyrillic and their extensions,
# letter-like symbols, superscripts, ligatures, full-width forms. Elsewhere a character is
# its own key.
_FOLDED_BLOCKS = ((0x0000, 0x0590), (0x1D00, 0x2190), (0x2460, 0x24FF), (0xFB00, 0xFB50),
                  (0xFF00, 0xFFF0))


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else folded


@lru_cache(maxsize=1)
def fold_table() -> npt.NDArray[np.uint32]:
    """Every code point's matching key: NFKC, case-folded, without accents, where that is
    one character (``É`` → ``e``, ``¹`` → ``1``); otherwise the code point itself."""
    table = np.arange(0x110000, dtype=np.uint32)
    for first, last in _FOLDED_BLOCKS:
        for code in range(first, last):
            folded = _fold_char(chr(code))
            if len(folded) == 1:
                table[code] = ord(folded)
    table.flags.writeable = False
    return table


@dataclass(frozen=True)
class Words:
    """The words of one document: hash, and start/end in the text as found (with glued
    punctuation)."""

    hashes: HashArray
    starts: IntArray
    ends: IntArray

    def __len__(self) -> int:
        return int(self.hashes.shape[0])


def witness_words(witness: Witness) -> Words:
    """The words of a witness's content, matched on its repaired text."""
    return batch_words([witness])[0]


def batch_words(witnesses: list[Witness]) -> list[Words]:
    """:func:`witness_words` of many witnesses at once.

    Their repaired contents are joined, a line break between two, and cut and hashed in one
    compiled pass (:func:`~variorum.find.kernels.batch_word_spans`): a corpus of small
    documents would otherwise spend most of this in the cost per call. Tokens never cross a
    line break, so each document's words are the same as on its own.
    """
    contents = [RepairedContent(witness) for witness in witnesses]
    pieces = [content.text[content.start : content.end] for content in contents]
    lengths = np.asarray([len(piece) for piece in pieces], dtype=np.int64)
    bases = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(lengths + 1, out=bases[1:])
    codes = np.frombuffer("\n".join(pieces).encode("utf-32-le", "surrogatepass"),
                          dtype=np.uint32)
    word_starts, word_ends, mixed = batch_word_spans(codes, class_table(), fold_table())
    # The words of document k are those starting in [bases[k], bases[k + 1]).
    cuts = np.searchsorted(word_starts, bases)
    result: list[Words] = []
    for k, content in enumerate(contents):
        begin, stop = int(cuts[k]), int(cuts[k + 1])
        local_starts = word_starts[begin:stop] - bases[k] + content.start
        local_ends = word_ends[begin:stop] - bases[k] + content.start
        found_starts, found_ends = content.found(local_starts, local_ends)
        result.append(Words(mixed[begin:stop],
                            np.ascontiguousarray(found_starts, dtype=np.int64),
                            np.ascontiguousarray(found_ends, dtype=np.int64)))
    return result


def _mix(values: HashArray) -> HashArray:
    """splitmix64's finalizer: spreads hash bits, so hash ranges make even partitions."""
    with np.errstate(over="ignore"):
        z = values ^ (values >> np.uint64(30))
        z = z * np.uint64(0xBF58476D1CE4E5B9)
        z = z ^ (z >> np.uint64(27))
        z = z * np.uint64(0x94D049BB133111EB)
        mixed: HashArray = z ^ (z >> np.uint64(31))
    return mixed


_SHINGLE_BASE = np.uint64(0x100000001B3)


def ngram_hashes(hashes: HashArray, n: int) -> HashArray:
    """The hash of every run of ``n`` consecutive words (``len - n + 1`` of them)."""
    count = len(hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    combined = hashes[:count].copy()
    with np.errstate(over="ignore"):
        for offset in range(1, n):
            combined *= _SHINGLE_BASE
            combined += hashes[offset : offset + count]
    return _mix(combined)


def in_sorted(values: HashArray, ordered: HashArray) -> npt.NDArray[np.bool_]:
    """Which ``values`` are among the ``ordered`` ones (sorted): ``np.isin`` by binary
    search, far cheaper when the sorted side is given or small."""
    if not len(ordered):
        return np.zeros(len(values), dtype=np.bool_)
    slot = np.minimum(np.searchsorted(ordered, values), len(ordered) - 1)
    found: npt.NDArray[np.bool_] = ordered[slot] == values
    return found
