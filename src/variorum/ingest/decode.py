"""Decoding bytes to text, with the reason for the encoding chosen.

:func:`decode` tries, in order, and records which step decided (``Decoded.reason``):

1. ``override`` (``--encoding``): the user knows best; bytes that do not fit are an error;
2. a byte order mark;
3. the charset the document declares (HTTP header, HTML meta, XML declaration; passed in by
   the reader): used when the bytes decode with it, otherwise passed over *and the reason says
   so*, since declarations are often wrong;
4. UTF-16 or UTF-32 without a byte order mark, recognized by NUL bytes in a steady pattern
   (it must come before UTF-8, because ASCII in UTF-16 is valid UTF-8 full of NULs), and
   ISO-2022-JP/KR by their escape sequences (7-bit, so valid UTF-8 too);
5. strict UTF-8;
6. a guess by charset-normalizer on a bounded sample, checked by our own plausibility test when
   it names a Latin single-byte code page (see :func:`_rank_latin`): alone, charset-normalizer
   reads Western windows-1252 text as windows-1250 and turns "Sieyès" into "Sieyčs". The chosen
   codec then decodes the whole; if it fails on a part the sample did not show, the next
   candidate is tried.

Encoding names are always Python codec names (``codecs.lookup(name).name``: ``cp1252``,
``iso8859-2``, ``utf-16-le``), whatever spelling the document, the user or the detector used.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..errors import EncodingError

__all__ = ["Decoded", "codec_name", "declared_charset", "decode", "sniff_utf16_or_32"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32-LE first: its BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name, e.g. "utf-8", "cp1252", "utf-16-le"
    reason: str  # why this encoding, e.g. "byte order mark", "HTML meta", "valid UTF-8"
    # With errors="replace": each byte that could not be decoded, as (offset of its U+FFFD
    # in ``text``, offset of the byte in the data, the byte); the offset is -1 where the codec
    # cannot say (UTF-16/32).
    replaced: tuple[tuple[int, int, int], ...] = ()


def _replacing(data: bytes, codec: str, reason: str) -> Decoded:
    """``data`` in ``codec``, each byte it cannot decode read as U+FFFD and recorded.

    Undecodable bytes are first read as lone surrogates (``surrogateescape``: one per byte),
    which says exactly where each stands in the text and, re-encoding what precedes it, in
    the data.
    """
    try:
        escaped = data.decode(codec, "surrogateescape")
    except UnicodeDecodeError:  # a codec that cannot escape (UTF-16/32): no byte offsets
        text = data.decode(codec, "replace")
        return Decoded(text, codec, reason, tuple(
            (i, -1, -1) for i, char in enumerate(text) if char == "\ufffd"))
    replaced: list[tuple[int, int, int]] = []
    pieces: list[str] = []
    position = offset = 0
    for match in _ESCAPED.finditer(escaped):
        before = escaped[position : match.start()]
        offset += len(before.encode(codec))
        pieces.append(before)
        for index, char in enumerate(match.group(), start=match.start()):
            replaced.append((index, offset, ord(char) - 0xDC00))
            offset += 1
        pieces.append("\ufffd" * (match.end() - match.start()))
        position = match.end()
    pieces.append(escaped[position:])
    return Decoded("".join(pieces), codec, reason, tuple(replaced))


_ESCAPED = re.compile("[\udc80-\udcff]+")


# Labels that browsers and mail programs write but Python does not know (WHATWG names).
_ALIASES = {
    "x-sjis": "cp932", "windows-31j": "cp932", "x-euc-jp": "euc_jp", "windows-874": "cp874",
    "x-mac-roman": "mac-roman", "x-mac-cyrillic": "mac-cyrillic", "x-mac-ce": "mac-latin2",
    "x-cp1250": "cp1250", "x-cp1251": "cp1251", "x-cp1252": "cp1252", "iso-8859-8-i": "iso8859-8",
    "gb_2312-80": "gb2312", "x-gbk": "gbk", "x-x-big5": "big5", "dos-866": "cp866",
    "unicode": "utf-16", "ucs-2": "utf-16", "iso-10646-ucs-2": "utf-16",
}


def codec_name(name: str) -> str | None:
    """The Python codec name for an encoding label, or None if it names no text encoding.

    >>> codec_name("Windows-1252"), codec_name("latin1"), codec_name("x-mac-roman")
    ('cp1252', 'iso8859-1', 'mac-roman')
    >>> codec_name("rot13") is None  # a codec, but from str to str, not bytes to str
    True
    """
    label = name.strip().lower()
    try:
        info = codecs.lookup(_ALIASES.get(label, label))
    except LookupError:
        return None
    # "hex", "base64", "rot13" are codecs too, but not text encodings: bytes.decode refuses them.
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _display(codec: str) -> str:
    """The name people know an encoding by, for reasons: cp1252 -> windows-1252."""
    if re.fullmatch(r"cp125\d", codec):
        return "windows-" + codec[2:]
    if codec.startswith(("iso8859-", "utf-", "iso2022_")):
        return codec.upper().replace("ISO8859", "ISO-8859").replace("ISO2022_", "ISO-2022-")
    return {"mac-roman": "MacRoman", "mac-latin2": "Mac Central European"}.get(codec, codec)


def decode(data: bytes | bytearray, *, source: str, declared: str | None = None,
           declared_by: str = "declared charset", override: str | None = None,
           errors: str = "strict") -> Decoded:
    """Decode ``data``, saying why this encoding; :class:`EncodingError` names the byte offset.

    With ``errors="replace"`` nothing is refused: where strict decoding would fail, the bytes
    that cannot be decoded are read as U+FFFD and listed in ``replaced`` (in the encoding
    given, or else UTF-8).

    >>> decode("Abbé Sieyès".encode("cp1252"), source="a.txt").encoding
    'cp1252'
    >>> decode("Sieyès".encode("utf-8"), source="a.txt").reason
    'valid UTF-8'
    >>> decode(b"caf\\xc3\\xa9 \\xff", source="a", override="utf-8", errors="replace").replaced
    ((5, 6, 255),)
    """
    data = bytes(data)
    if errors == "replace":
        try:
            return decode(data, source=source, declared=declared, declared_by=declared_by,
                          override=override)
        except EncodingError as error:
            codec = codec_name(override) if override else "utf-8"
            if codec is None:
                raise
            strictly = error.message.removeprefix(f"{source}: ")
            how = "given with --encoding" if override else "UTF-8"
            return _replacing(data, codec, f"{how}, undecodable bytes read as U+FFFD "
                                           f"(--errors replace; strictly: {strictly})")
    if override:
        return _decode_override(data, source, override)
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(name), name, "byte order mark")
            except UnicodeDecodeError:
                continue  # a BOM-like start that is not one (e.g. "ÿþ" in latin-1): go on
    passed_over: list[str] = []  # why a declaration was not used, added to the final reason
    if declared:
        found = _decode_declared(data, declared, declared_by or "declared charset", passed_over)
        if found is not None:
            return found
    wide = sniff_utf16_or_32(data)
    if wide is not None:
        try:
            return Decoded(data.decode(wide), wide, _because(
                f"{_display(wide)} without a byte order mark (NUL bytes in a steady pattern)",
                passed_over))
        except UnicodeDecodeError as error:
            raise EncodingError(
                f"{source}: looks like {_display(wide)} (NUL bytes in a steady pattern) but is "
                f"not valid {_display(wide)} at byte offset {error.start}",
                hint="give the encoding with --encoding") from None
    stateful = _iso2022(data)
    if stateful is not None:
        return Decoded(data.decode(stateful), stateful, _because(
            f"{_display(stateful)} escape sequences", passed_over))
    try:
        return Decoded(data.decode("utf-8"), "utf-8", _because("valid UTF-8", passed_over))
    except UnicodeDecodeError as error:
        return _guess(data, source, error.start, passed_over)


def _because(reason: str, passed_over: list[str]) -> str:
    return f"{reason} ({'; '.join(passed_over)})" if passed_over else reason


def _decode_override(data: bytes, source: str, override: str) -> Decoded:
    name = codec_name(override)
    if name is None:
        raise EncodingError(f"{source}: unknown encoding {override!r}",
                            hint="give a name Python knows, e.g. utf-8, cp1252, latin-1")
    start = 0
    for bom, bom_codec in _BOMS:  # "--encoding utf-8" on a file with a BOM: drop the BOM
        if bom_codec == name and data.startswith(bom):
            start = len(bom)
            break
    try:
        return Decoded(data[start:].decode(name), name, "given with --encoding")
    except UnicodeDecodeError as error:
        offset = start + error.start
        raise EncodingError(
            f"{source}: not valid {name} at byte offset {offset} (byte 0x{data[offset]:02x})",
            hint="check the --encoding you gave") from None


# Declared names that mean a Windows code page in practice (as browsers read them, WHATWG):
# bytes 0x80-0x9f are C1 control characters in ISO-8859-1 but curly quotes, dashes, € and Œ
# in windows-1252, and pages labelled ISO-8859-1 holding them are windows-1252 text.
_WINDOWS = {"iso8859-1": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874",
            "tis-620": "cp874"}
# Multi-byte encodings whose Windows or later superset is what declarations of them mean:
# used when the declared one fails (a Big5 page with HKSCS characters, Shift_JIS with NEC
# symbols).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949", "shift_jis": "cp932",
              "big5": "big5hkscs"}
_C1 = re.compile("[\x80-\x9f]")


def _decode_declared(data: bytes, declared: str, by: str, passed_over: list[str]) -> Decoded | None:
    """The text in the declared encoding, or None (with why in ``passed_over``)."""
    name = codec_name(declared)
    if name is None:
        passed_over.append(f"{by} names an unknown encoding {declared!r}")
        return None
    if name in ("utf-16", "utf-32") or name.startswith(("utf-16-", "utf-32-")):
        # A declaration found in ASCII-compatible bytes cannot be right about UTF-16/32; and
        # one from outside (an HTTP header) is only believed when the NUL pattern agrees.
        wide = sniff_utf16_or_32(data)
        if wide is None or wide[:6] != name[:6]:
            passed_over.append(f"{by} says {declared!r}, but the bytes are not {_display(name)}")
            return None
        name = wide if len(name) == 6 else name  # no BOM: the NUL pattern gives the byte order
    try:
        text = data.decode(name)
    except UnicodeDecodeError as error:
        superset = _SUPERSETS.get(name) or _WINDOWS.get(name)
        if superset is not None:
            try:
                return Decoded(data.decode(superset), superset,
                               f"{by} ({declared}, read as its superset {_display(superset)})")
            except UnicodeDecodeError:
                pass
        passed_over.append(f"{by} says {declared!r}, which fails at byte offset {error.start}")
        return None
    control = _C1.search(text) if _single_byte(name) else None
    if control is not None:
        windows = _WINDOWS.get(name)
        if windows is not None:
            try:
                return Decoded(data.decode(windows), windows,
                               f"{by} ({declared}, read as {_display(windows)} as browsers do: "
                               f"bytes 0x80-0x9f occur)")
            except UnicodeDecodeError:
                pass
        # No real text holds C1 control characters: they are what another code page's
        # letters and quotes become (windows-1250 "š" is a control in ISO-8859-2).
        passed_over.append(f"{by} says {declared!r}, which reads byte 0x{data[control.start()]:02x}"
                           f" at offset {control.start()} as a control character")
        return None
    return Decoded(text, name, by)


def sniff_utf16_or_32(data: bytes | bytearray) -> str | None:
    """``utf-16-le``, ``utf-16-be``, ``utf-32-le`` or ``utf-32-be`` when the bytes look like
    that encoding without a byte order mark (NULs in a steady pattern), else None.

    >>> sniff_utf16_or_32("Plain words".encode("utf-16-le"))
    'utf-16-le'
    >>> sniff_utf16_or_32("Слова".encode("utf-32-be"))
    'utf-32-be'
    >>> sniff_utf16_or_32(b"Plain words") is None
    True
    """
    sample = bytes(data[:8192])
    if sample.count(0) == 0 or len(sample) < 4:
        return None  # text in 8-bit encodings holds no NULs at all
    whole = sample[: len(sample) // 4 * 4]
    lanes = [whole[i::4] for i in range(4)]
    # UTF-32: the top byte of every code unit is 0 and the next at most 0x10 (U+10FFFF).
    if not lanes[3].strip(b"\x00") and max(lanes[2]) <= 0x10 and lanes[0].strip(b"\x00"):
        return _checked(sample, "utf-32-le", 4)
    if not lanes[0].strip(b"\x00") and max(lanes[1]) <= 0x10 and lanes[3].strip(b"\x00"):
        return _checked(sample, "utf-32-be", 4)
    # UTF-16: the high byte of ASCII, digits, spaces and line ends is 0, so NULs gather in one
    # lane; the other lane holds a NUL only for a few code points (U+0100, U+4E00...). A
    # tenth of the lane as NULs allows text mostly in another script with some ASCII.
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= max(2, half // 10) and even * 8 <= odd:
        return _checked(sample, "utf-16-le", 2)
    if even >= max(2, half // 10) and odd * 8 <= even:
        return _checked(sample, "utf-16-be", 2)
    return None


# ISO-2022 text is 7-bit (so valid UTF-8) and switches character sets with escape sequences.
_ISO2022 = re.compile(rb"\x1b(\$[@B]|\$\(D|\(J|\$\)C)")


def _iso2022(data: bytes) -> str | None:
    """``iso2022_jp``/``iso2022_kr`` (and variants) when the 7-bit bytes switch character sets
    with their escape sequences and decode with that codec, else None."""
    found = _ISO2022.search(data, 0, 1 << 16)
    if found is None or re.search(rb"[\x80-\xff]", data):
        return None
    family = ("iso2022_kr",) if found.group(1) == b"$)C" else \
        ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2", "iso2022_jp_2004")
    for codec in family:
        try:
            data.decode(codec)
        except UnicodeDecodeError:
            continue
        return codec
    return None


def _checked(sample: bytes, codec: str, width: int) -> str | None:
    """The codec if the sample decodes as text with it (a binary file may have NULs in a
    pattern too): no NUL characters, hardly any other control characters."""
    try:
        text = sample[: len(sample) // width * width].decode(codec)
    except UnicodeDecodeError as error:
        if error.end < len(sample) - 4:  # not just a pair cut at the end of the sample
            return None
        text = sample[: error.start].decode(codec)
    if "\x00" in text:
        return None
    controls = sum(1 for c in text if c < " " and c not in "\t\n\r\f\v")
    return codec if controls * 50 <= len(text) else None


# --- guessing ------------------------------------------------------------------------------

_SAMPLE_WHOLE = 192 * 1024  # up to this size charset-normalizer sees everything
_HEAD = 64 * 1024
_PIECE = 32 * 1024
_BOUNDARY = re.compile(rb"[\x00-\x2f]")  # never inside a character: see _sample


def _sample(data: bytes, bad: int) -> bytes:
    """At most ~160 KiB for charset-normalizer: the start, the region of the first byte that is
    not UTF-8 (the evidence), the middle and the end.

    Pieces are cut at a byte below 0x30 (white space, quotes, punctuation): in UTF-8 and the
    CJK multi-byte encodings (Shift_JIS, EUC, GBK, Big5, GB18030) such a byte is always a
    whole character, so no piece starts or ends inside one.
    """
    if len(data) <= _SAMPLE_WHOLE:
        return data
    middle = len(data) // 2
    spans = sorted([(0, _HEAD), (max(0, bad - _PIECE // 4), bad + _PIECE * 3 // 4),
                    (middle, middle + _PIECE), (len(data) - _PIECE, len(data))])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, min(end, len(data))))
    pieces = []
    for start, end in merged:
        if start > 0:
            found = _BOUNDARY.search(data, start, end)
            start = found.start() if found else start
        if end < len(data):
            cut = max(data.rfind(bytes([b]), start, end) for b in b"\n\r\t ")
            end = cut if cut > start else end
        pieces.append(data[start:end])
    return b"\n".join(pieces)


def _guess(data: bytes, source: str, bad: int, passed_over: list[str]) -> Decoded:
    from charset_normalizer import from_bytes  # imported here: only needed for non-UTF-8 input

    sample = _sample(data, bad)
    proposed = list(dict.fromkeys(
        name for match in from_bytes(sample) if (name := codec_name(match.encoding))
        # UTF-16/32 without a BOM were ruled out by their NUL pattern; on short input the
        # detector proposes them for any even number of bytes ("Sieyès" as 3 CJK characters).
        and not name.startswith(("utf-16", "utf-32"))))
    failures: list[str] = []
    for codec, detail in _order(sample, proposed):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as error:
            # The sample decoded; a part of the file it did not include does not.
            failures.append(f"{_display(codec)} fails at byte offset {error.start}")
            continue
        notes = [*passed_over, *([detail] if detail else []), *failures]
        return Decoded(text, codec, _because("guessed by charset-normalizer", notes))
    tried = f"; {', '.join(failures)}" if failures else ""
    raise EncodingError(
        f"{source}: not valid UTF-8 at byte offset {bad} (byte 0x{data[bad]:02x}), and no "
        f"encoding could be guessed{tried}",
        hint="give the encoding with --encoding, e.g. --encoding cp1252")


def _order(sample: bytes, proposed: list[str]) -> list[tuple[str, str]]:
    """The codecs to try, best first, each with a note on why it was preferred (or "")."""
    if not proposed:
        return []
    best = proposed[0]
    in_words = _in_latin_words(sample, best)
    if best in _latin() or in_words:
        ranked = _rank_latin(sample, proposed)
        if ranked:
            note = _explain(ranked[0], best, {v.codec: v for v in ranked}, in_words)
            latin = [(ranked[0].codec, note), *((v.codec, "") for v in ranked[1:])]
            return latin + [(name, "") for name in proposed if name not in _latin()]
    if best in ("shift_jis_2004", "shift_jisx0213"):
        # JIS X 0213 files are rare, Windows' cp932 is what Japanese text is written in; the
        # two read e.g. 0x8160 as 〜 and ～. Like windows-1252, prefer it when it decodes.
        others = [(name, "") for name in proposed if name != "cp932"]
        return [("cp932", f"cp932 preferred over {best}"), *others]
    return [(name, "") for name in proposed]


_ASCII_LETTER = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ASCII_LOWER_BYTES = frozenset(b"abcdefghijklmnopqrstuvwxyz")
_LATIN_WORDS_SHARE = 0.6
_FEW_RUNS = 200


def _in_latin_words(sample: bytes, detected: str) -> bool:
    """Do most bytes above 0x7f sit inside Latin words, as accented letters do ("caf\xe9",
    "\xc9cole", "Siey\xe8s")? Then the text is in a Latin script whatever the detector says:
    on a short text it answers almost at random (Big5 for "El Ni\xf1o").

    Counted: runs of one or two such bytes between an ASCII letter and an ASCII letter, white
    space or punctuation; or between white space or punctuation and a lower-case ASCII letter;
    out of all runs but single bytes standing alone. A text whose only such bytes stand alone
    ("i \xe0 \xe8") is taken as Latin too: other scripts write words of several letters.
    On the chardet corpus that is 0.67-1.0 of the runs in every Latin-script file with
    accents; at most 0.44 in Big5 and Shift_JIS and 0.54 in Johab (their second bytes can be
    ASCII letters), so the test overrules a multi-byte answer only on a short text; about 0 in
    Cyrillic, Greek, Hebrew, Arabic and Thai.
    """
    padded = b" " + sample + b" "
    runs = list(re.finditer(rb"[\x80-\xff]+", padded))
    inside = 0
    alone = 0  # one byte between spaces or punctuation: "à", "é", "–" in Latin, but also
    for run in runs:  # one-letter words in Cyrillic or Greek, so it tells nothing
        before, after = padded[run.start() - 1], padded[run.end()]
        if run.end() - run.start() == 1 and before < 0x30 and after < 0x30:
            alone += 1
        elif run.end() - run.start() <= 2 and (
                (before in _ASCII_LETTER and (after in _ASCII_LETTER or after < 0x30))
                or (before < 0x30 and after in _ASCII_LOWER_BYTES)):
            inside += 1
    return bool(runs) and inside >= _LATIN_WORDS_SHARE * (len(runs) - alone) and (
        len(runs) < _FEW_RUNS or _single_byte(detected))


# --- choosing among Latin single-byte code pages ------------------------------------------

def _names(*labels: str) -> frozenset[str]:
    return frozenset(name for label in labels if (name := codec_name(label)))


@lru_cache(maxsize=1)
def _latin() -> frozenset[str]:
    """Detector answers that mean "some Latin-script single-byte code page": our own test
    decides. Made on first need: looking the 30 codecs up imports 30 modules, which a UTF-8
    source never needs (start-up of every command)."""
    return _names(
        "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin-1", "iso8859-2",
        "iso8859-3", "iso8859-4", "iso8859-9", "iso8859-10", "iso8859-13", "iso8859-14",
        "iso8859-15", "iso8859-16", "mac-roman", "mac-latin2", "mac-iceland", "mac-turkish",
        "cp437", "cp850", "cp852", "cp857", "cp858", "cp860", "cp861", "cp863", "cp865",
        "cp775", "hp-roman8")


# Always compared, in order of preference when equally plausible: windows-1252 first (Western
# text is by far the most common), then the other code pages in common use.
# ISO-8859-1 and -9 are left out: they read every letter as windows-1252 and -1254 do.
_LATIN_ALWAYS = ("cp1252", "iso8859-15", "cp1250", "iso8859-2", "cp1254", "cp1257",
                 "iso8859-16", "mac-roman", "cp850", "cp852")

# The letters beyond ASCII that each language writes (lower case; upper case is added). A
# decoding is plausible when one language accounts for its letters: Czech "ř ě ů" are
# plausible together, "ă" and "ő" next to "ç" and "ã" are the trace of a wrong code page.
# Languages whose accents are rare (English, Dutch, Welsh) are left to _LOANWORDS, and small
# ones with large alphabets (Faroese) left out: an alphabet such as Dutch "á é è ë ï ó ö ü"
# would fit Hungarian misread as cp850 as well.
_ALPHABETS: dict[str, str] = {
    "French": "àâæçéèêëîïôœùûüÿ", "German": "äöüß", "Spanish": "áéíóúñü",
    "Portuguese": "áâãàçéêíóôõúü", "Italian": "àèéìíîòóùú", "Catalan": "àçèéíïòóúü",
    "Danish/Norwegian": "æøåéó", "Swedish": "åäöé", "Finnish": "åäöšž",
    "Icelandic": "áðéíóúýþæö", "Estonian": "äöõüšž",
    "Czech": "áčďéěíňóřšťúůýž", "Slovak": "áäčďéíĺľňóôŕšťúýž", "Polish": "ąćęłńóśźż",
    "Hungarian": "áéíóöőúüű", "Croatian/Slovene": "čćđšž", "Romanian": "ăâîșşțţ",
    "Albanian": "çë", "Turkish": "çğıİöşüâîû", "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž", "Esperanto": "ĉĝĥĵŝŭ", "Maltese": "ċġħżàèìòù",
    # Vietnamese (windows-1258) writes tones as combining marks after the letter.
    "Vietnamese": "ăâđêôơưàáãèéìíòóõùúý\u0300\u0301\u0303\u0309\u0323",
}


def _with_upper(letters: str) -> frozenset[str]:
    return frozenset(letters) | {c.upper() for c in letters if len(c.upper()) == 1}


_LETTERS = {language: _with_upper(letters) for language, letters in _ALPHABETS.items()}
# English (and other text mostly in ASCII) quotes names and words from every Western
# language: "Sieyès, Müller, São Paulo". Any Latin-1 letter fits it, but only while such
# letters are rare: Czech or Hungarian mis-read as windows-1252 also gives Latin-1 letters
# (ø ì ù õ û), but as 5-10 % of all letters, where English quoting names stays far below 3 %.
_LOANWORDS = _with_upper("àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿœ") | {"ß"}
_LOANWORD_SHARE = 0.03
_ENGLISH = "English with foreign names"
# Between two letters these are normal (apostrophes, hyphens, Catalan middle dot, soft hyphen).
_IN_WORD = frozenset("’‘ʼ´·\u00ad‐‑–—")
# Before a lower-case letter only opening marks are normal («mot», „Wort“, ¿qué?, (sic), …and);
# "¹etali" and "¶wiat" are Croatian "š" and Polish "ś" in the wrong code page.
_OPENING = frozenset({"Ps", "Pi", "Pd"})
_OPENING_MARKS = frozenset("¿¡…")


@dataclass(frozen=True)
class _Verdict:
    """How plausible one code page's reading of the sample is (fewer unlikely = better)."""

    codec: str
    unlikely: int  # characters that are unlikely in real text: see _judge
    language: str | None  # the language whose letters fit best
    examples: tuple[str, ...]  # the unlikely characters seen most


_ASCII_LOWER, _ASCII_UPPER, _ASCII_OTHER = 0x100, 0x101, 0x102


def _contexts(sample: bytes) -> tuple[Counter[tuple[int, int, int]], int]:
    """Each byte >= 0x80 with the bytes before and after it (ASCII ones reduced to lower,
    upper or other), counted; and the number of ASCII letters. Judging a code page then costs
    one step per distinct context, a few thousand even in a large sample."""
    def kind(byte: int) -> int:
        if byte >= 0x80:
            return byte
        if 0x61 <= byte <= 0x7A:
            return _ASCII_LOWER
        return _ASCII_UPPER if 0x41 <= byte <= 0x5A else _ASCII_OTHER

    padded = b" " + sample + b" "
    contexts: Counter[tuple[int, int, int]] = Counter()
    for found in re.finditer(rb"[\x80-\xff]", padded):
        i = found.start()
        contexts[(kind(padded[i - 1]), padded[i], kind(padded[i + 1]))] += 1
    ascii_letters = len(re.findall(rb"[A-Za-z]", sample))
    return contexts, ascii_letters


@lru_cache(maxsize=64)
def _table(codec: str) -> tuple[str | None, ...]:
    """What each byte means in a single-byte codec (None: undefined)."""
    def char(byte: int) -> str | None:
        try:
            return bytes([byte]).decode(codec)
        except UnicodeDecodeError:
            return None
    return tuple(char(byte) for byte in range(256))


@lru_cache(maxsize=64)
def _single_byte(codec: str) -> bool:
    """Does the codec read each byte on its own (windows-1252, KOI8-R), unlike Big5 or UTF-8?"""
    table = _table(codec)
    high = bytes(range(0x80, 0x100))
    return any(table[0x80:]) and \
        high.decode(codec, "replace") == "".join(c or "\ufffd" for c in table[0x80:])


def _is_letter(c: str) -> bool:
    # Lu, Ll, Lt: letters with case. ª and º (Lo) and modifier letters (Lm) count as symbols:
    # in mojibake they stand between letters ("Bucureºti" is Romanian ş read as windows-1252).
    return unicodedata.category(c) in ("Lu", "Ll", "Lt")


def _judge(codec: str, contexts: Counter[tuple[int, int, int]],
           ascii_letters: int) -> _Verdict | None:
    """How plausible the sample is when read with ``codec`` (None: it does not decode).

    Unlikely characters are: control characters (C1 controls are what windows-1252 quotes
    become in ISO-8859-x); spacing accents and modifier letters (¨ ¸ ˇ ˝ ˜ ˆ: real text puts
    accents on letters) and ¤ (the euro sign of ISO-8859-15 read as Latin-1), anywhere;
    ª and º before a letter; other symbols between two letters ("c½ur", "»asť") or, unless
    they open something, before a lower-case letter ("¹etali"); an upper-case letter right
    after a lower-case one ("BlanchardÕs" is MacRoman ’ read as windows-1252); and the
    letters that the best-fitting language does not write.
    """
    table = _table(codec)
    odd: Counter[str] = Counter()  # unlikely characters, whatever the language
    letters: Counter[str] = Counter()

    def neighbour(kind: int) -> str:  # "l" lower-case letter, "u" upper-case, "o" other
        if kind == _ASCII_LOWER:
            return "l"
        if kind == _ASCII_UPPER:
            return "u"
        if kind == _ASCII_OTHER:
            return "o"
        c = table[kind]
        if c is None or not _is_letter(c):
            return "o"
        return "u" if c.isupper() else "l"

    for (before, byte, after), count in contexts.items():
        c = table[byte]
        if c is None:
            return None
        category = unicodedata.category(c)
        prev, next_ = neighbour(before), neighbour(after)
        if (category in ("Cc", "Sk", "Lm") and c != "´") or c == "¤":
            odd[c] += count  # see above; ´ often stands for an apostrophe
        elif c in "ªº":
            if next_ != "o":
                odd[c] += count  # "nº 5", "1ª" are fine; "ºi" is Romanian "şi" misread
        elif category in ("Lu", "Ll", "Lt"):
            letters[c] += count
            if category == "Lu" and prev == "l":
                odd[c] += count
        elif category == "Mn" and prev != "o":
            letters[c] += count  # a combining mark on a letter: only Vietnamese writes these
        elif category != "Zs" and c not in _IN_WORD and (
                (prev != "o" and next_ != "o")
                or (next_ == "l" and category not in _OPENING and c not in _OPENING_MARKS)):
            odd[c] += count

    language, alphabet = _best_language(letters, ascii_letters)
    odd.update({c: n for c, n in letters.items() if c not in alphabet})
    return _Verdict(codec, odd.total(), language, tuple(c for c, _ in odd.most_common(3)))


def _best_language(letters: Counter[str], ascii_letters: int) -> tuple[str | None, frozenset[str]]:
    """The language whose alphabet holds most of the non-ASCII letters."""
    total = letters.total()
    if not total:
        return None, frozenset()
    options = list(_LETTERS.items())
    if total <= _LOANWORD_SHARE * (total + ascii_letters):
        options.append((_ENGLISH, _LOANWORDS))
    # Ties go to the smallest alphabet: "č š ž" are Slovene rather than Czech.
    return max(options, key=lambda option: (
        sum(n for c, n in letters.items() if c in option[1]), -len(option[1])))


def _rank_latin(sample: bytes, proposed: Iterable[str]) -> list[_Verdict]:
    """Latin single-byte code pages that decode the sample, most plausible first.

    The rule: fewest unlikely characters (:func:`_judge`) wins. On a tie, a reading whose
    letters fit one language beats one that only fits as English quoting foreign names
    (Hungarian "ő ű" read as windows-1252 "õ û" fits no language, but could be names); then
    :data:`_LATIN_ALWAYS` order, windows-1252 first; then the detector's other proposals
    (exotic code pages such as cp775 win only when strictly more plausible).
    """
    order = list(dict.fromkeys(
        [*_LATIN_ALWAYS, *(name for name in proposed if name in _latin())]))
    contexts, ascii_letters = _contexts(sample[:_SAMPLE_WHOLE])
    verdicts = [v for codec in order if (v := _judge(codec, contexts, ascii_letters))]
    return sorted(verdicts, key=lambda v: (
        v.unlikely, v.language == _ENGLISH, order.index(v.codec)))


def _explain(chosen: _Verdict, detected: str, verdicts: dict[str, _Verdict],
             in_words: bool) -> str:
    """Why ``chosen``, when the detector said otherwise or windows-1252 was a close call."""
    def count(verdict: _Verdict) -> str:
        return f"{verdict.unlikely} unlikely character{'' if verdict.unlikely == 1 else 's'}"

    def against(other: _Verdict, verb: str) -> str:
        head = f"{_display(chosen.codec)} {verb} {_display(other.codec)}"
        if chosen.unlikely != other.unlikely:
            fits = f", its letters fit {chosen.language}" if chosen.language else ""
            shown = ", ".join(repr(c) for c in other.examples)
            return f"{head}: {count(chosen)} against {other.unlikely} ({shown}){fits}"
        if other.language == _ENGLISH and chosen.language != _ENGLISH:
            fits = f"its letters fit {chosen.language}" if chosen.language else \
                "it reads no letters there"
            return f"{head}: {count(chosen)} each, but {fits}, not only as foreign names"
        return (f"{head}: equally plausible ({count(chosen)} each), and "
                f"{_display(chosen.codec)} is the first choice on a tie")

    if detected == chosen.codec:
        western = verdicts.get("cp1252")
        return "" if western is None or western is chosen else against(western, "kept over")
    if detected in verdicts:
        return against(verdicts[detected], "preferred over")
    reason = "bytes above 0x7f inside Latin words" if in_words else "a Latin text"
    return f"{_display(chosen.codec)} preferred over {_display(detected)}: {reason}"


_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""", re.I)


def declared_charset(data: bytes) -> tuple[str, str] | None:
    """The charset a document declares in its first bytes: (name, where it was declared).

    >>> declared_charset(b'<?xml version="1.0" encoding="ISO-8859-1"?><TEI/>')
    ('ISO-8859-1', 'XML declaration')
    >>> declared_charset(b'<html><head><meta charset="windows-1252">')
    ('windows-1252', 'HTML meta')
    """
    head = data[:4096]
    found = _XML_ENCODING.search(head)
    if found:
        return found.group(1).decode("ascii"), "XML declaration"
    found = _META_CHARSET.search(head)
    if found:
        return found.group(1).decode("ascii"), "HTML meta"
    return None
