"""Editions of a corpus: a folder (one article per file), a WARC capture (one article per
URL), or one file cut into articles at its headword lines (``--split REGEX``, or the
built-in ``--split headwords``). Listing a folder reads no article: keys come from the
paths, so matching by key costs nothing; a WARC or a split file is read once, and each
article written to the work folder."""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

__all__ = [
    "HEADWORDS",
    "Article",
    "Edition",
    "fold_key",
    "headword",
    "list_edition",
    "list_warc",
    "split_articles",
    "url_key",
]

# Files a folder edition never counts as articles: hidden files and editors' leftovers.
_SKIPPED_SUFFIXES = (".bak", ".tmp", ".swp", "~")


@dataclass(frozen=True)
class Article:
    """One article of an edition: its ``key`` (path relative to the folder without its
    extension, or the headword), what ``sources`` shows (the relative path, or the
    headword), the file to read, and whether that file is one the compare wrote (a split
    article: UTF-8, read as such whatever ``--encoding`` says)."""

    key: str
    source: str
    path: str
    written: bool = False


@dataclass(frozen=True)
class Edition:
    """An edition: its label, the path given, the sha256 of its source (the file, or for a
    folder the digest of its files' paths and contents), and its articles in order."""

    label: str
    path: str
    sha256: str
    articles: tuple[Article, ...]
    kind: str  # "folder", "warc" or "split"
    notes: tuple[str, ...] = ()


def fold_key(key: str) -> str:
    """A key as matched: case- and accent-insensitive, white space collapsed.

    >>> fold_key("Ådams, J.") == fold_key("adams, j.")
    True
    """
    decomposed = unicodedata.normalize("NFKD", key)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def _folder_files(folder: Path) -> list[Path]:
    files: list[Path] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.endswith(_SKIPPED_SUFFIXES):
                continue
            files.append(Path(root) / name)
    return files


def _file_digest(file: Path) -> bytes:
    """The sha256 of a file's bytes, or 32 zero bytes when it cannot be opened."""
    try:
        if not stat.S_ISREG(file.stat().st_mode):  # a FIFO would block the open
            return bytes(32)
        with open(file, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").digest()
    except OSError:
        return bytes(32)


def _key_of(relative: str) -> str:
    """``people/radek.txt`` → ``people/radek``: the same article in another format keeps
    its key."""
    path = Path(relative)
    return str(path.with_suffix("")) if path.suffix else relative


def list_edition(label: str, path: str, *,
                 split: re.Pattern[str] | Callable[[str], str | None] | None = None,
                 split_text: str | None = None, split_dir: Path | None = None,
                 suffix: str = ".txt") -> Edition:
    """The edition at ``path``. A folder lists its files; with ``split`` the file's text
    (``split_text``, read by the caller) is cut at its headword lines and each article is
    written to ``split_dir`` (as ``NNNNNN`` + ``suffix``: ``.md`` or ``.html`` when the text
    cut is the source's markup, so that each article is read by the source's reader)."""
    where = Path(path)
    if where.is_dir():
        digest = hashlib.sha256()
        articles = []
        for file in _folder_files(where):
            relative = file.relative_to(where).as_posix()
            digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
            # A file that cannot be opened (a dangling link, no permission, not a regular
            # file) is still an article: its collation task records why in ``errors``, as
            # for a file no reader can read; here it digests as 32 zero bytes.
            digest.update(_file_digest(file))
            articles.append(Article(key=_key_of(relative), source=relative, path=str(file)))
        if not articles:
            raise InputError(f"{path}: the folder holds no file", hint="an edition is a "
                             "folder of articles, one a file, or one file with --split")
        return Edition(label, path, digest.hexdigest(), tuple(articles), "folder")
    if not where.exists():
        raise InputError(f"{path}: no such file or folder")
    if split is None or split_text is None or split_dir is None:
        raise InputError(f"{path}: an edition that is one file needs --split REGEX",
                         hint="give a folder of articles, or --split with the pattern of "
                              "the headword lines (e.g. --split '^[A-Z][A-Z -]+$')")
    with open(where, "rb") as handle:
        sha = hashlib.file_digest(handle, "sha256").hexdigest()
    split_dir.mkdir(parents=True, exist_ok=True)
    articles = []
    for number, (headword, text) in enumerate(split_articles(split_text, split), start=1):
        file = split_dir / f"{number:06d}{suffix}"
        file.write_text(text, encoding="utf-8")
        articles.append(Article(key=headword, source=headword, path=str(file), written=True))
    if not articles:
        if isinstance(split, re.Pattern):
            raise InputError(f"{path}: no line matches --split {split.pattern!r}",
                             hint="the pattern is matched at the start of each line")
        raise InputError(f"{path}: no line opens with a headword (--split headwords)",
                         hint="a headword is in bold or in upper case at the start of a "
                              "line; give --split REGEX for other dictionaries")
    return Edition(label, path, sha, tuple(articles), "split")


_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


def url_key(url: str) -> str:
    """A captured page's key: its URL without the scheme, a leading ``www.``, the fragment
    and a trailing slash, so that two crawls of one site match whether one went by http
    and the other by https, with or without ``www``.

    >>> url_key("https://www.Example.gov/about/#team") == url_key("http://example.gov/about")
    True
    """
    bare = _SCHEME.sub("", url.strip()).split("#", 1)[0]
    host, slash, rest = bare.partition("/")
    host = host.lower().removeprefix("www.")
    return (host + slash + rest).rstrip("/") or host


def list_warc(label: str, path: str, pages: list[tuple[str, str, str]],
              split_dir: Path) -> Edition:
    """The edition of a WARC capture: ``pages`` are the ``(url, date, text)`` of its
    response records (HTML as text), one article per URL keyed by :func:`url_key`; a URL
    captured more than once is the latest capture (and a note says so)."""
    with open(path, "rb") as handle:
        sha = hashlib.file_digest(handle, "sha256").hexdigest()
    latest: dict[str, tuple[str, str, str]] = {}
    counts: dict[str, int] = {}
    for url, date, text in pages:
        key = url_key(url)
        counts[key] = counts.get(key, 0) + 1
        if key not in latest or date >= latest[key][1]:
            latest[key] = (url, date, text)
    if not latest:
        raise InputError(f"{path}: the WARC holds no page (no response record with status "
                         "200 and an HTML or text body)")
    split_dir.mkdir(parents=True, exist_ok=True)
    articles = []
    for number, (key, (url, _, text)) in enumerate(latest.items(), start=1):
        file = split_dir / f"{number:06d}.txt"
        file.write_text(text, encoding="utf-8")
        articles.append(Article(key=key, source=url, path=str(file), written=True))
    notes = tuple(f"{latest[key][0]} is captured {n} times; the latest ({latest[key][1]}) "
                  f"is compared" for key, n in counts.items() if n > 1)
    return Edition(label, path, sha, tuple(articles), "warc", notes)


FRONT_MATTER = "(before the first headword)"


HEADWORDS = "headwords"  # --split headwords: the built-in rule, :func:`headword`

# Tags before a headword on its line (``<p>``, ``<div class="entry">``), not bold ones.
_LEADING_TAGS = re.compile(r"(?:\s*<(?!/?(?:b|strong)\b)[a-zA-Z/][^>\n]*>)*\s*", re.I)
_BOLD = re.compile(r"(?:\*\*(?P<md>[^*\n]{1,100}?)\*\*|__(?P<md2>[^_\n]{1,100}?)__"
                   r"|<(?P<tag>b|strong)\b[^>\n]*>(?P<html>[^<\n]{1,100}?)</(?P=tag)\s*>)",
                   re.I)
_CAPS = re.compile(r"[^\W\d_][\w'’]*(?:[ -][^\W\d_][\w'’]*)*")
# What may follow an upper-case headword: punctuation or the end of the line. A line that
# opens with an acronym and runs on in lower case ("USSR troops entered") is prose.
_AFTER_CAPS = re.compile(r"\s*(?:[,.;:(\[—–]|-\s|$)")
_TRAILING = " \t,.;:—–-"


def headword(line: str) -> str | None:
    """The headword a dictionary entry opens with, if the line opens one: a bold word or
    phrase at its start (``**Radek**``, ``__Radek__``, ``<b>Radek</b>``, after any other
    opening tags), or a word or phrase in upper case followed by punctuation or the end of
    the line (``RADEK, Karl``; ``ABBEY OF CLUNY.``). Upper-case headwords have at least two
    letters.

    >>> [headword(x) for x in ("RADEK, Karl, a journalist", "**Radek**, Karl",
    ...  "<p><b>Radek, Karl</b> journalist", "USSR troops entered", "Radek was", "I. The")]
    ['RADEK', 'Radek', 'Radek, Karl', None, None, None]
    """
    start = _LEADING_TAGS.match(line)
    rest = line[start.end():] if start else line
    bold = _BOLD.match(rest)
    if bold:
        found = next(g for g in (bold.group("md"), bold.group("md2"), bold.group("html"))
                     if g is not None).strip(_TRAILING)
        return " ".join(found.split()) or None
    caps = _CAPS.match(rest)
    if not caps:
        return None
    words = caps.group().split(" ")
    upper = []
    for word in words:  # the upper-case words at the start ("ABBEY OF CLUNY, the")
        if not word.isupper():
            break
        upper.append(word)
    found = " ".join(upper)
    if sum(c.isalpha() for c in found) < 2:
        return None
    if not _AFTER_CAPS.match(rest, len(found)):
        return None
    return found.strip(_TRAILING) or None


def split_articles(text: str, pattern: re.Pattern[str] | Callable[[str], str | None]
                   ) -> list[tuple[str, str]]:
    """``(headword, text)`` of each article: an article starts at a line the pattern matches
    (at its start) and runs to the next; its headword is the pattern's first group, or the
    matched text (or, for a function such as :func:`headword`, what it returns). Text
    before the first headword, if any is not white space, is an article
    of its own (``(before the first headword)``); a text without a headword has no article.

    >>> split_articles("A\\nfirst\\nB\\nsecond\\n", re.compile(r"[A-Z]$"))
    [('A', 'A\\nfirst\\n'), ('B', 'B\\nsecond\\n')]
    """
    starts: list[tuple[int, str]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        found: str | None = None
        if isinstance(pattern, re.Pattern):
            match = pattern.match(line)
            if match:
                found = match.group(1) if pattern.groups and match.group(1) else \
                    match.group(0)
        else:
            found = pattern(line.rstrip("\r\n"))
        if found and " ".join(found.split()):
            starts.append((position, " ".join(found.split())))
        position += len(line)
    articles: list[tuple[str, str]] = []
    if not starts:  # no headword at all: no article (the caller says which rule found none)
        return articles
    if text[: starts[0][0]].strip():
        articles.append((FRONT_MATTER, text[: starts[0][0]]))
    for (start, headword), (end, _) in zip(starts, [*starts[1:], (len(text), "")],
                                           strict=True):
        articles.append((headword, text[start:end]))
    return articles
