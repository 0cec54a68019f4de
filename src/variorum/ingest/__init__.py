"""Reading sources into witnesses.

Every command reads its inputs through :func:`read_source`, which turns a file into a
:class:`~variorum.model.Witness` and says exactly what is wrong when it cannot. This version
reads plain text in UTF-8 (with or without a byte order mark); other formats and encodings
plug in here.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import EncodingError, InputError
from ..model import Witness

__all__ = ["parse_label", "read_source", "witness_from_bytes"]

_UTF8_BOM = b"\xef\xbb\xbf"


def parse_label(argument: str) -> tuple[str | None, str]:
    """Split ``LABEL=PATH`` (a label holds no ``/``); a path that exists is never split.

    >>> parse_label("1938=editions/a.txt")
    ('1938', 'editions/a.txt')
    >>> parse_label("editions/a=b.txt")
    (None, 'editions/a=b.txt')
    """
    label, sep, path = argument.partition("=")
    if sep and label and "/" not in label and os.sep not in label and path \
            and not os.path.exists(argument):
        return label, path
    return None, argument


_PROBE_BYTES = 1 << 16  # read first: binary or empty files fail before the rest is read


def _check_start(data: bytes | bytearray, source: str) -> None:
    if not data:
        raise InputError(f"{source}: the file is empty", hint="there is nothing to collate in it")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{source}: looks binary (NUL byte at offset {nul})",
                         hint="give a text file")


def witness_from_bytes(data: bytes | bytearray, *, witness_id: str, source: str) -> Witness:
    """Decode a plain-text source; refuse binary data and invalid UTF-8 with the offset."""
    _check_start(data, source)
    digest = hashlib.sha256(data).hexdigest()
    has_bom = data.startswith(_UTF8_BOM)
    try:
        text = str(data, "utf-8-sig" if has_bom else "utf-8")
    except UnicodeDecodeError as error:
        offset = error.start + (len(_UTF8_BOM) if has_bom else 0)
        raise EncodingError(
            f"{source}: not valid UTF-8 at byte offset {offset} "
            f"(byte 0x{data[offset]:02x})",
            hint="this version reads UTF-8 only; other encodings come in a later version; "
                 "convert with: iconv -f YOUR-ENCODING -t UTF-8",
        ) from None
    if not text.strip():
        raise InputError(f"{source}: holds only white space", hint="there is nothing to collate")
    reason = "UTF-8 byte order mark" if has_bom else "valid UTF-8"
    return Witness(id=witness_id, text=text, source=source, sha256=digest, format="text",
                   encoding="utf-8", encoding_reason=reason)


def _read_bytes(path: Path, source: str) -> bytearray:
    """The file's bytes, read once into one buffer; the first 64 KiB are checked before the
    rest is read, so a large binary file fails at once."""
    with path.open("rb") as handle:
        head = handle.read(_PROBE_BYTES)
        _check_start(head, source)
        size = max(os.fstat(handle.fileno()).st_size, len(head))
        data = bytearray(size)
        data[: len(head)] = head
        filled = len(head)
        view = memoryview(data)
        while filled < size:
            count = handle.readinto(view[filled:])
            if not count:
                break
            filled += count
        view.release()
        rest = handle.read()  # the file grew while we read it
    if filled < size:
        del data[filled:]
    if rest:
        data += rest
    return data


def read_source(argument: str, *, witness_id: str | None = None) -> Witness:
    """Read one source given on the command line (``PATH`` or ``LABEL=PATH``)."""
    label, path_text = parse_label(argument)
    path = Path(path_text)
    if not path.exists():
        raise InputError(f"{path_text}: no such file", hint="check the path")
    if path.is_dir():
        raise InputError(
            f"{path_text}: is a folder, not a file",
            hint="give the files inside it, e.g. " + f"{path_text.rstrip('/')}/*.txt",
        )
    try:
        data = _read_bytes(path, path_text)
    except OSError as error:
        raise InputError(f"{path_text}: cannot be read: {error.strerror}",
                         hint="check its permissions") from None
    return witness_from_bytes(data, witness_id=witness_id or label or path.stem,
                              source=path_text)
