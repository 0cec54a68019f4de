"""The texts of scanned documents, kept in the work folder for excerpts.

Each scan batch writes its documents' texts as UTF-8 into one file, with, for every
``CHECKPOINT`` code points of a document, the byte offset where that code point starts. An
excerpt at a code-point offset is then read from the nearest checkpoint before it: the
texts need not be read (or decoded, or repaired) again, and no stage holds them in memory.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["CHECKPOINT", "TextReader", "TextWriter", "save_array", "text_paths"]

CHECKPOINT = 1024
IntArray = npt.NDArray[np.int64]


def text_paths(work_dir: str, batch: int) -> tuple[Path, Path, Path]:
    base = Path(work_dir)
    return (base / f"b{batch}-text.bin", base / f"b{batch}-checkpoints.npy",
            base / f"b{batch}-checkpoint-offsets.npy")


def save_array(path: Path, array: npt.NDArray[Any]) -> None:
    """``np.save(path, array)`` for the work folder's files, but a disk that fills up raises
    an ``OSError`` with its errno (ENOSPC, EDQUOT): numpy writes the data with ``tofile``,
    whose short write is an ``OSError`` with none."""
    array = np.ascontiguousarray(array)
    with path.open("wb") as handle:
        np.lib.format.write_array_header_1_0(
            handle, np.lib.format.header_data_from_array_1_0(array))
        handle.write(array.reshape(-1).view(np.uint8).data)


def _checkpoints(text: str, data: bytes) -> IntArray:
    """Byte offset of every ``CHECKPOINT``-th code point of ``text`` in ``data``, its UTF-8
    form."""
    if len(data) == len(text):  # ASCII: bytes and code points coincide
        return np.arange(0, max(len(text), 1), CHECKPOINT, dtype=np.int64)
    # A code point starts at every byte that is not a continuation byte (10xxxxxx).
    codes = np.frombuffer(data, dtype=np.uint8)
    starts: IntArray = np.flatnonzero((codes & 0xC0) != 0x80)[::CHECKPOINT]
    return starts


class TextWriter:
    """Appends the texts of one batch, in document order."""

    def __init__(self, work_dir: str, batch: int) -> None:
        self.paths = text_paths(work_dir, batch)
        self._file = self.paths[0].open("wb")
        self._position = 0
        self._checkpoints: list[IntArray] = []

    def add(self, text: str) -> None:
        data = text.encode("utf-8", "surrogatepass")
        self._checkpoints.append(_checkpoints(text, data) + self._position)
        self._file.write(data)
        self._position += len(data)

    def close(self) -> None:
        self._file.close()
        offsets = np.zeros(len(self._checkpoints) + 1, dtype=np.int64)
        np.cumsum([len(c) for c in self._checkpoints], out=offsets[1:])
        save_array(self.paths[1], np.concatenate(self._checkpoints) if self._checkpoints
                   else np.zeros(0, dtype=np.int64))
        save_array(self.paths[2], offsets)


class TextReader:
    """Reads excerpts of the documents of one batch."""

    def __init__(self, work_dir: str, batch: int) -> None:
        text_path, checkpoints_path, offsets_path = text_paths(work_dir, batch)
        self._text = text_path.open("rb")  # kept open: a large result reads many excerpts
        self._checkpoints = np.load(checkpoints_path, mmap_mode="r")
        self._offsets = np.load(offsets_path)

    def read(self, index: int, start: int, end: int) -> str:
        """Code points ``start:end`` of document ``index`` of the batch."""
        checkpoint = start // CHECKPOINT
        first = int(self._offsets[index])
        byte = int(self._checkpoints[first + checkpoint])
        skip = start - checkpoint * CHECKPOINT
        self._text.seek(byte)
        data = self._text.read(4 * (skip + end - start))
        # The read may end inside a character, past the part wanted: replace is harmless.
        text = data.decode("utf-8", "replace")
        return text[skip : skip + end - start]

    def close(self) -> None:
        self._text.close()
