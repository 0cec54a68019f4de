"""Reading sources into witnesses.

Every command reads its inputs through :func:`read_source` (a path) or :func:`read_bytes`,
which turn a source into witnesses and say exactly what is wrong when they cannot:

1. the size limit and the first 64 KiB are checked before the rest is read;
2. :func:`~variorum.ingest.sniff.sniff` names the format from the content;
3. the format's reader (:data:`~variorum.ingest.formats.READERS`) extracts the text(s) as
   found, decoding with :func:`~variorum.ingest.decode.decode` (which records why);
4. encoding damage is logged by :mod:`variorum.ingest.repair` (never changing the text).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError, TooLargeError
from ..model import Damage, Repair, Witness
from .decode import sniff_utf16_or_32
from .files import open_source
from .formats import READERS
from .formats.text import BINARY_HINT
from .options import ReadOptions
from .sniff import sniff

__all__ = ["ReadOptions", "distinct_ids", "parse_label", "read_bytes", "read_path",
           "read_source", "witness_from_bytes"]


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


def _stem(path: Path) -> str:
    """A file's name without its extension (``x.warc.gz`` → ``x``): its witness id."""
    return path.name.split(".")[0] if path.name.lower().endswith(".warc.gz") else path.stem


def distinct_ids(paths: Sequence[str]) -> list[str]:
    """Witness ids for files: each file's stem, or where stems collide, the shortest path
    that tells the files apart (``2019/index``, ``2020/index``; ``index.htm`` beside
    ``index.html``). The same file given twice keeps its stem (and is refused later as a
    duplicate).

    >>> distinct_ids(["2019/index.html", "2020/index.html", "about.html"])
    ['2019/index', '2020/index', 'about']
    """
    stems = [_stem(Path(path)) for path in paths]
    ids = list(stems)
    for stem in set(stems):
        members = [i for i, other in enumerate(stems) if other == stem]
        if len(members) < 2:
            continue
        folders = {i: Path(os.path.abspath(paths[i])).parent.parts[1:] for i in members}
        deepest = max(len(parts) for parts in folders.values())
        tries = [{i: "/".join((*folders[i][len(folders[i]) - depth:], stem)) for i in members}
                 for depth in range(1, deepest + 1)]
        tries.append({i: Path(paths[i]).name for i in members})
        for names in tries:
            if len(set(names.values())) == len(members):
                for i, name in names.items():
                    ids[i] = name
                break
    return ids


_PROBE_BYTES = 1 << 16  # read first: binary or empty files fail before the rest is read


def _check_start(head: bytes | bytearray, source: str, options: ReadOptions) -> str:
    """The format of a source from its first bytes; refuse empty and binary text at once."""
    if not head:
        raise InputError(f"{source}: the file is empty", hint="there is nothing to collate in it")
    format_ = sniff(bytes(head), source)
    if format_ == "text" and options.encoding is None and options.errors == "strict":
        nul = head.find(b"\x00")
        if nul >= 0 and not _utf16_or_32(head):
            raise InputError(f"{source}: looks binary (NUL byte at offset {nul})",
                             hint=BINARY_HINT)
    return format_


def _utf16_or_32(head: bytes | bytearray) -> bool:
    """Does the start look like UTF-16 or UTF-32 text (a BOM, or NULs in a steady pattern)?"""
    return head[:2] in (b"\xff\xfe", b"\xfe\xff") or sniff_utf16_or_32(head) is not None


def read_bytes(data: bytes | bytearray, *, source: str, witness_id: str,
               options: ReadOptions | None = None) -> list[Witness]:
    """Witnesses from a source's bytes: one, or several when the source holds several texts."""
    options = options or ReadOptions()
    return _witnesses(data, _check_start(data[:_PROBE_BYTES], source, options), source=source,
                      witness_id=witness_id, options=options)


def _witnesses(data: bytes | bytearray, format_: str, *, source: str, witness_id: str,
               options: ReadOptions) -> list[Witness]:
    """:func:`read_bytes` once the format is known (sniffed from the head by the caller)."""
    digest = hashlib.sha256(data).hexdigest()
    reader = READERS.get(format_)
    if reader is None:  # pragma: no cover - sniff only names registered formats
        raise InputError(f"{source}: cannot read {format_} yet")
    witnesses: list[Witness] = []
    for part in reader(bytes(data), source, options):
        if not part.text.strip():
            what = f"part {part.name!r} holds no text" if part.name else \
                "holds only white space"
            raise InputError(f"{source}: {what}", hint="there is nothing to collate")
        repairs, damage = _repair(part.text, options)
        if part.damage:  # the reader's own finding says more (the byte offset) at its places
            taken = {(d.start, d.end) for d in part.damage}
            damage = tuple(sorted((*part.damage,
                                   *(d for d in damage if (d.start, d.end) not in taken)),
                                  key=lambda d: d.start))
        witnesses.append(Witness(
            id=f"{witness_id}#{part.name}" if part.name else witness_id,
            text=part.text, source=source, sha256=digest, format=part.format,
            encoding=part.encoding, encoding_reason=part.encoding_reason,
            repairs=repairs, damage=damage, reader=part.reader or part.format,
            source_map=part.source_map,
        ))
    return witnesses


def _repair(text: str, options: ReadOptions) -> tuple[tuple[Repair, ...], tuple[Damage, ...]]:
    if not options.repair:
        return (), ()
    from .repair import repair_log

    log = repair_log(text)
    return log.repairs, log.damage


def witness_from_bytes(data: bytes | bytearray, *, witness_id: str, source: str,
                       options: ReadOptions | None = None) -> Witness:
    """The one witness of a source (an error if the source holds several texts)."""
    witnesses = read_bytes(data, source=source, witness_id=witness_id, options=options)
    if len(witnesses) != 1:
        raise InputError(f"{source}: holds {len(witnesses)} texts, not one",
                         hint="read it with read_bytes()")
    return witnesses[0]


def _read_file(source: str, options: ReadOptions) -> tuple[bytearray, str]:
    """The file's bytes, read once into one buffer, and its format; the first 64 KiB are
    checked before the rest is read, so a large binary file fails at once."""
    with open_source(source) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > options.max_bytes:
            raise TooLargeError(
                f"{source}: is {size:,} bytes, over the limit of {options.max_bytes:,}",
                hint="raise the limit with --max-bytes if you trust this file",
                size=size, limit=options.max_bytes)
        head = handle.read(_PROBE_BYTES)
        format_ = _check_start(head, source, options)
        data = bytearray(max(size, len(head)))
        data[: len(head)] = head
        filled = len(head)
        view = memoryview(data)
        while filled < len(data):
            count = handle.readinto(view[filled:])
            if not count:
                break
            filled += count
        view.release()
        if filled < len(data):
            del data[filled:]
        # The file may have grown while we read it. (Reading "the rest" in one call would
        # make Python allocate a buffer as large as the size asked for.)
        while len(data) <= options.max_bytes:
            more = handle.read(_PROBE_BYTES)
            if not more:
                break
            data += more
    if len(data) > options.max_bytes:
        raise TooLargeError(f"{source}: is over the limit of {options.max_bytes:,} bytes",
                            hint="raise the limit with --max-bytes if you trust this file",
                            size=len(data), limit=options.max_bytes)
    return data, format_


def read_source(argument: str, *, witness_id: str | None = None,
                options: ReadOptions | None = None) -> list[Witness]:
    """Read one source given on the command line (``PATH`` or ``LABEL=PATH``): its witnesses."""
    label, path_text = parse_label(argument)
    return read_path(path_text, witness_id=witness_id or label, options=options)


def read_path(path_text: str, *, witness_id: str | None = None,
              options: ReadOptions | None = None) -> list[Witness]:
    """Read the file at ``path_text`` (never split as ``LABEL=PATH``): its witnesses, named
    ``witness_id`` or else after the file."""
    options = options or ReadOptions()
    path = Path(path_text)
    try:
        data, format_ = _read_file(path_text, options)
    except OSError as error:
        raise InputError(f"{path_text}: cannot be read: {error.strerror}",
                         hint="check its permissions") from None
    return _witnesses(data, format_, source=path_text, witness_id=witness_id or _stem(path),
                      options=options)
