"""The finder's two hot loops, compiled with numba: words of a batch, and its sampled shingles.

Finding reuse in a corpus is dominated by work per character (cutting words, folding and
hashing them) and per word (hashing every run of ``n`` words). In numpy each of these steps
is a pass over the whole batch with a temporary array per step; here each is one loop that
touches every character or word once, several times faster, and with far less memory.

The loops compute exactly what the numpy definitions compute, and the tests hold them to it:

* :func:`batch_word_spans` cuts tokens as :func:`variorum.text.tokens.token_hashes` cuts them,
  hashes their folded code points with the same polynomial hash, keeps the words (letters and
  digits, or one character of a script written without spaces) with the punctuation glued to
  them, and spreads each hash with splitmix64's finalizer;
* :func:`sampled_shingles` hashes every run of ``n`` words of each document as
  :func:`variorum.find.words.ngram_hashes` does, and keeps those the sample keeps.

Compiled functions are cached on disk beside this file (numba's ``cache=True``), so only the
first run on a machine pays for compiling (a few seconds); ``nogil`` lets a Dask worker's
threads run them at once.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from numba import njit

from ..text.charclass import SPACE, UNSPACED, WORD

__all__ = ["batch_word_spans", "sampled_shingles"]

IntArray = npt.NDArray[np.int64]
HashArray = npt.NDArray[np.uint64]

# The constants of variorum.text.tokens (naming hash base, length mix) and of words._mix.
_BASE = np.uint64(0x100000001B3)
_LENGTH_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_DOT, _HYPHEN = ord("."), ord("-")


@njit(cache=True, nogil=True, inline="always")
def _splitmix(value: Any) -> Any:
    z = value ^ (value >> np.uint64(30))
    z = z * _MIX_1
    z = z ^ (z >> np.uint64(27))
    z = z * _MIX_2
    return z ^ (z >> np.uint64(31))


@njit(cache=True, nogil=True)
def _word_spans(codes: Any, classes: Any, fold: Any, starts: Any, ends: Any,
                hashes: Any) -> int:  # pragma: no cover - compiled; tested through its wrapper
    count = 0  # words written
    token_start = -1  # the open token's first character, or -1
    token_class = SPACE
    token_hash = np.uint64(0)
    previous_class = SPACE
    previous_code = np.uint32(0)
    previous_end = -1  # end of the last token closed
    lead = -1  # first character glued before the next word in this written word, or -1
    open_word = -1  # the last word, while punctuation glued after it may still extend it
    length = codes.shape[0]
    for i in range(length + 1):
        if i < length:
            code = codes[i]
            kind = classes[code]
        else:  # one space past the end closes the last token
            code = np.uint32(0)
            kind = SPACE
        continues = kind != SPACE and (
            (kind == WORD and previous_class == WORD)
            or (code == previous_code and (code == _DOT or code == _HYPHEN)))  # noqa: SIM109 (compiled)
        if token_start >= 0 and not continues:
            # Close [token_start, i). A space before it starts a new written word.
            if token_start != previous_end:
                open_word = -1
                lead = token_start
            if token_class == WORD or token_class == UNSPACED:  # noqa: SIM109 (compiled)
                starts[count] = lead if lead >= 0 else token_start
                ends[count] = i
                mixed = token_hash ^ (np.uint64(i - token_start) * _LENGTH_MIX)
                hashes[count] = _splitmix(mixed)
                open_word = count
                count += 1
                lead = -1
            else:
                if open_word >= 0:
                    ends[open_word] = i
                if lead < 0:
                    lead = token_start
            previous_end = i
            token_start = -1
        if kind != SPACE:
            if token_start < 0:
                token_start = i
                token_class = kind
                token_hash = np.uint64(0)
            token_hash = token_hash * _BASE + (np.uint64(fold[code]) + np.uint64(1))
        previous_class = kind
        previous_code = code
    return count


def batch_word_spans(codes: npt.NDArray[np.uint32], classes: npt.NDArray[np.uint8],
                     fold: npt.NDArray[np.uint32]) -> tuple[IntArray, IntArray, HashArray]:
    """Start and end (with glued punctuation) and mixed hash of every word of ``codes``.

    ``classes`` is :func:`variorum.text.charclass.class_table`, ``fold`` the finder's fold table.
    """
    length = len(codes)
    # Upper bounds, allocated but not touched: only the pages written are ever backed.
    starts = np.empty(length, dtype=np.int64)
    ends = np.empty(length, dtype=np.int64)
    hashes = np.empty(length, dtype=np.uint64)
    count = int(_word_spans(codes, classes, fold, starts, ends, hashes))
    return starts[:count].copy(), ends[:count].copy(), hashes[:count].copy()


@njit(cache=True, nogil=True)
def _sampled(hashes: Any, offsets: Any, n: int, sample: Any, out_hash: Any, out_doc: Any,
             out_pos: Any) -> int:  # pragma: no cover - compiled; tested through its wrapper
    count = 0
    for doc in range(offsets.shape[0] - 1):
        first, stop = offsets[doc], offsets[doc + 1]
        for position in range(stop - first - n + 1):
            at = first + position
            combined = hashes[at]
            for offset in range(1, n):
                combined = combined * _BASE + hashes[at + offset]
            combined = _splitmix(combined)
            if sample <= np.uint64(1) or (combined >> np.uint64(40)) % sample == np.uint64(0):
                out_hash[count] = combined
                out_doc[count] = doc
                out_pos[count] = position
                count += 1
    return count


def sampled_shingles(hashes: HashArray, offsets: IntArray, n: int, sample: int
                     ) -> tuple[HashArray, IntArray, npt.NDArray[np.int32]]:
    """Hash, document and position of every run of ``n`` words inside one document whose
    hash the sample keeps (its bits 40 and up divisible by ``sample``).

    ``hashes`` are the words of all documents, one after another; document ``d`` holds
    ``hashes[offsets[d]:offsets[d + 1]]``.
    """
    bound = max(len(hashes), 1)
    out_hash = np.empty(bound, dtype=np.uint64)
    out_doc = np.empty(bound, dtype=np.int64)
    out_pos = np.empty(bound, dtype=np.int32)
    count = int(_sampled(hashes, offsets, n, np.uint64(max(sample, 1)), out_hash, out_doc,
                         out_pos))
    return out_hash[:count].copy(), out_doc[:count].copy(), out_pos[:count].copy()
