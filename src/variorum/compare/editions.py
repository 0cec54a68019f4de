"""Editions of a corpus: a folder (one article per file), or one file cut into articles at
its headword lines (``--split REGEX``). Listing an edition reads no article: keys come from
the paths (or the headwords), so matching by key costs nothing."""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

__all__ = ["Article", "Edition", "fold_key", "list_edition", "split_articles"]

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
    kind: str  # "folder" or "split"


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


def _key_of(relative: str) -> str:
    """``people/radek.txt`` → ``people/radek``: the same article in another format keeps
    its key."""
    path = Path(relative)
    return str(path.with_suffix("")) if path.suffix else relative


def list_edition(label: str, path: str, *, split: re.Pattern[str] | None = None,
                 split_text: str | None = None, split_dir: Path | None = None) -> Edition:
    """The edition at ``path``. A folder lists its files; with ``split`` the file's text
    (``split_text``, read by the caller) is cut at its headword lines and each article is
    written to ``split_dir``."""
    where = Path(path)
    if where.is_dir():
        digest = hashlib.sha256()
        articles = []
        for file in _folder_files(where):
            relative = file.relative_to(where).as_posix()
            digest.update(relative.encode("utf-8", "surrogateescape") + b"\0")
            with open(file, "rb") as handle:
                digest.update(hashlib.file_digest(handle, "sha256").digest())
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
        file = split_dir / f"{number:06d}.txt"
        file.write_text(text, encoding="utf-8")
        articles.append(Article(key=headword, source=headword, path=str(file), written=True))
    if not articles:
        raise InputError(f"{path}: no line matches --split {split.pattern!r}",
                         hint="the pattern is matched at the start of each line")
    return Edition(label, path, sha, tuple(articles), "split")


FRONT_MATTER = "(before the first headword)"


def split_articles(text: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """``(headword, text)`` of each article: an article starts at a line the pattern matches
    (at its start) and runs to the next; its headword is the pattern's first group, or the
    matched text. Text before the first headword, if any is not white space, is an article
    of its own (``(before the first headword)``).

    >>> split_articles("A\\nfirst\\nB\\nsecond\\n", re.compile(r"[A-Z]$"))
    [('A', 'A\\nfirst\\n'), ('B', 'B\\nsecond\\n')]
    """
    starts: list[tuple[int, str]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        match = pattern.match(line)
        if match:
            found = match.group(1) if pattern.groups and match.group(1) else match.group(0)
            headword = " ".join(found.split())
            if headword:
                starts.append((position, headword))
        position += len(line)
    articles: list[tuple[str, str]] = []
    if starts and text[: starts[0][0]].strip():
        articles.append((FRONT_MATTER, text[: starts[0][0]]))
    for (start, headword), (end, _) in zip(starts, [*starts[1:], (len(text), "")],
                                           strict=True):
        articles.append((headword, text[start:end]))
    return articles
