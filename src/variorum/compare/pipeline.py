"""``compare``: list the editions, match their articles (by key, then by content), collate
every matched group on a Runner into a work folder, and assemble the comparison."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from ..collation.options import CollateOptions
from ..errors import InputError
from ..ingest.options import ReadOptions
from .editions import HEADWORDS, Article, Edition, headword, list_edition, list_warc
from .matching import Group, match_by_content, match_by_key, shingles
from .tasks import CollateTask, Member, batches, result_path, run_batch

__all__ = ["SCHEMA", "STATUSES", "WORK_STAMP", "Articles", "Comparison", "compare_editions",
           "remove_work"]

SCHEMA = "variorum.comparison/1"
STATUSES = ("same", "changed", "added", "dropped", "renamed", "merged", "split")


@dataclass
class Comparison:
    """The result of :func:`compare_editions`: the editions, one entry per article (as the
    contract's ``articles``), the edition-wide people, and the summary. From
    :func:`compare_editions` the articles are :class:`Articles`, read from the work folder
    (which must stay until the reports are written)."""

    editions: list[dict[str, Any]]
    articles: Sequence[dict[str, Any]]
    summary: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)
    # With ``html``: the collation page of each article (a file of the work folder), or
    # ``None`` (no page: the article has one version, or its versions are the same).
    pages: list[str | None] = field(default_factory=list)

    def document(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "editions": self.editions, "articles": list(self.articles),
                "people": self.people, "summary": self.summary}


def compare_editions(editions: Sequence[tuple[str, str]], *, work_dir: str | Path,
                     split: str | None = None, read: ReadOptions | None = None,
                     collate: CollateOptions | None = None, runner: Any = None,
                     resume: bool = False, people: bool = True, html: bool = False,
                     progress: Callable[[int, int], None] | None = None) -> Comparison:
    """Compare ``editions`` (``(label, path)`` in order: folders, or files cut at the
    ``split`` headword pattern). The results of each group's collation are written to
    ``work_dir``/results; with ``resume`` those already there for the same bytes and
    options are kept. With ``people`` the people of every article are read and merged into
    the edition-wide register (``people``). With ``html`` each collation's page is written
    too (``Comparison.pages``). ``progress(done, total)`` is called as tasks complete."""
    from ..find.runner import InProcessRunner

    read = read or ReadOptions()
    collate = collate or CollateOptions(erasures=True)
    runner = runner or InProcessRunner()
    labels = [label for label, _ in editions]
    if len(editions) < 2:
        raise InputError(f"compare needs at least two editions, got {len(editions)}")
    if len(set(labels)) != len(labels):
        raise InputError("two editions have the same label",
                         hint="name them with LABEL=PATH")
    work = Path(work_dir)
    results = work / "results"
    try:
        work.mkdir(parents=True, exist_ok=True)
        if results.exists() and not (work / WORK_STAMP).exists() and not _ours(results):
            raise InputError(f"{work}: holds a folder 'results' that compare did not write",
                             hint="give --work-dir a folder of its own")
        (work / WORK_STAMP).touch()
        if results.exists() and not resume:
            shutil.rmtree(results)
        results.mkdir(exist_ok=True)
    except OSError as error:
        raise InputError(f"{work}: the work folder cannot be made or cleared: "
                         f"{error.strerror or error}",
                         hint="give --work-dir a folder this user can write") from None
    pattern: re.Pattern[str] | Callable[[str], str | None] | None = None
    if split == HEADWORDS:
        pattern = headword
    elif split:
        pattern = re.compile(split, re.MULTILINE)
    listed = [_list(label, path, pattern, read, work) for label, path in editions]

    groups = match_by_key(listed)
    groups = match_by_content(groups, labels, _shingler(read), _differ)
    tasks = [CollateTask(number, str(results),
                         tuple(Member(label, g.members[label].path, g.members[label].written)
                               for label in labels if label in g.members),
                         read, collate, resume, people, html)
             for number, g in enumerate(groups)]
    done = 0
    if progress:
        progress(0, len(tasks))
    for ran in runner.map(run_batch, batches(tasks, runner.workers)):
        done += ran
        if progress:
            progress(done, len(tasks))
    del tasks
    spool = Articles(work / "articles.jsonl")
    running = _Running(labels, groups)
    # what the task of each article that names anyone found of its people, by number
    found: dict[int, tuple[dict[str, Any], list[list[Any]]]] = {}
    with spool.writing() as write:
        for n, g in enumerate(groups):
            result = json.loads(result_path(str(results), n).read_text("utf-8"))
            entry = _article(g, labels, result)
            write(entry, str(results / result["page"]) if result.get("page") else None)
            running.add(entry)
            if people and any(result.get("people", {}).values()):
                found[n] = (result["people"], result.get("people_links", []))
            del result, entry
    register: list[dict[str, Any]] = []
    summary = running.summary()
    if people:
        from .people import edition_register

        register, summary["people"] = edition_register(spool.numbered(), found, labels)
    del found
    return Comparison(
        editions=[{"id": e.label, "path": e.path, "sha256": e.sha256, "kind": e.kind,
                   "articles": len(e.articles), **({"notes": list(e.notes)} if e.notes else {})}
                  for e in listed],
        articles=spool, summary=summary, people=register,
        pages=spool.pages() if html else [])


# Marks a work folder as compare's: what :func:`remove_work` may remove, and a
# ``results`` folder compare may replace.
WORK_STAMP = ".variorum-compare"
_WORK_ENTRIES = ("results", "split", "articles.jsonl", WORK_STAMP)


_RESULT = re.compile(r"\d{7}\.(?:json|html|part|html-part)")


def _ours(results: Path) -> bool:
    """Whether a ``results`` folder holds only the files compare writes there (one an
    earlier version, which wrote no stamp, left)."""
    try:
        return all(_RESULT.fullmatch(entry.name) for entry in results.iterdir())
    except OSError:
        return False


def remove_work(work: Path) -> None:
    """Remove what compare wrote in the work folder (and the folder, if that leaves it
    empty): never anything else, since ``--work-dir`` may name a folder of the user's
    (``--work-dir .``)."""
    if not (work / WORK_STAMP).is_file():
        with contextlib.suppress(OSError):
            work.rmdir()  # made for this run, which failed before writing anything
        return
    for name in _WORK_ENTRIES:
        entry = work / name
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()
    with contextlib.suppress(OSError):
        work.rmdir()  # only when empty


class Articles(Sequence[dict[str, Any]]):
    """The article entries of a comparison, spooled to a file (one JSON line each, with the
    article's collation page) as they are made, so that the edition's entries never sit in
    memory together: in memory stay only their offsets, in the order of the report (by
    ``STATUSES``, then in the order of matching). Each read goes to the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offsets = array("q")
        self._numbered = array("q")  # in the order of matching

    @contextlib.contextmanager
    def writing(self) -> Iterator[Callable[[dict[str, Any], str | None], None]]:
        """``write(entry, page)`` for each article in the order of matching."""
        by_status: dict[str, array[int]] = {s: array("q") for s in STATUSES}
        with open(self.path, "wb") as handle:
            def write(entry: dict[str, Any], page: str | None) -> None:
                self._numbered.append(handle.tell())
                by_status[entry["status"]].append(handle.tell())
                handle.write(json.dumps([entry, page], ensure_ascii=False).encode("utf-8"))
                handle.write(b"\n")

            yield write
        self._offsets = array("q")
        for status in STATUSES:
            self._offsets.extend(by_status[status])

    def _lines(self, offsets: Iterable[int]) -> Iterator[tuple[dict[str, Any], str | None]]:
        with open(self.path, "rb") as handle:
            for at in offsets:
                handle.seek(at)
                entry, page = json.loads(handle.readline())
                yield entry, page

    def pairs(self) -> Iterator[tuple[dict[str, Any], str | None]]:
        """``(entry, page)`` of every article, in order."""
        return self._lines(self._offsets)

    def numbered(self) -> Sequence[dict[str, Any]]:
        """The entries in the order they were written (of matching), read as asked."""
        return _Numbered(self)

    def pages(self) -> list[str | None]:
        """The collation page of each article (a file of the work folder), or ``None``."""
        return [page for _, page in self.pairs()]

    def __len__(self) -> int:
        return len(self._offsets)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [entry for entry, _ in self._lines(self._offsets[index])]
        return next(self._lines([self._offsets[index]]))[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (entry for entry, _ in self.pairs())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other,
                                                                      strict=True))

    __hash__ = None  # type: ignore[assignment]


class _Numbered(Sequence[dict[str, Any]]):
    """:meth:`Articles.numbered`."""

    def __init__(self, spool: Articles) -> None:
        self.spool = spool

    def __len__(self) -> int:
        return len(self.spool._numbered)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [entry for entry, _ in self.spool._lines(self.spool._numbered[index])]
        return next(self.spool._lines([self.spool._numbered[index]]))[0]

    def __iter__(self) -> Iterator[dict[str, Any]]:
        with open(self.spool.path, "rb") as handle:  # in the order of the file
            for line in handle:
                yield json.loads(line)[0]


class _Running:
    """The summary of the comparison, counted as the entries are made: each edition's
    words count each article once (a merged one stands in several entries)."""

    def __init__(self, labels: list[str], groups: list[Group]) -> None:
        self.labels = labels
        self.count = 0
        self.by_status: Counter[str] = Counter()
        self.by_class: Counter[str] = Counter()
        # the files in more than one entry, and those of them already counted
        files = Counter((label, a.source) for g in groups for label, a in g.members.items())
        self.shared = {file for file, n in files.items() if n > 1}
        self.seen: set[tuple[str, str]] = set()
        self.words = dict.fromkeys(labels, 0)
        self.changed_words = 0
        self.erasures = 0
        self.unreadable = 0

    def add(self, article: dict[str, Any]) -> None:
        self.count += 1
        self.by_status[article["status"]] += 1
        self.by_class.update(article["by_class"])
        for label in self.labels:
            source = article["sources"][label]
            if source is None:
                continue
            if (label, source) in self.shared:
                if (label, source) in self.seen:
                    continue
                self.seen.add((label, source))
            self.words[label] += article["words"][label] or 0
        self.changed_words += article["changed_words"]
        self.erasures += len(article["erasures"])
        self.unreadable += 1 if article.get("errors") else 0

    def summary(self) -> dict[str, Any]:
        return {
            "articles": self.count,
            "by_status": {s: self.by_status[s] for s in STATUSES if self.by_status[s]},
            "words": dict(self.words),
            "changed_words": self.changed_words,
            "by_class": dict(sorted(self.by_class.items(), key=lambda i: (-i[1], i[0]))),
            "erasures": self.erasures,
            "unreadable": self.unreadable,
        }


def _is_warc(path: str) -> bool:
    if path.lower().endswith((".warc", ".warc.gz")):
        return True
    try:
        with open(path, "rb") as handle:
            return handle.read(5) == b"WARC/"
    except OSError:
        return False


def _list(label: str, path: str, pattern: re.Pattern[str] | Callable[[str], str | None] | None,
          read: ReadOptions, work: Path) -> Edition:
    safe = re.sub(r"[^\w.-]", "_", label)
    if Path(path).is_file() and _is_warc(path):
        from ..ingest.formats.warc import read_warc

        data = Path(path).read_bytes()
        if len(data) > read.max_bytes:
            raise InputError(f"{path}: {len(data)} bytes, over --max-bytes {read.max_bytes}")
        pages = []
        for part in read_warc(data, path, read):
            url, _, date = re.sub(r"~\d+$", "", part.name or "?@?").rpartition("@")
            pages.append((url, date, part.text))
        del data
        return list_warc(label, path, pages, work / "split" / safe)
    if Path(path).is_dir() or pattern is None:
        return list_edition(label, path)
    if pattern is headword:
        marked = _marked_text(path, read)
        if marked is not None:  # bold is seen in the markup: cut the source itself
            text, suffix = marked
            return list_edition(label, path, split=pattern, split_text=text,
                                split_dir=work / "split" / safe, suffix=suffix)
    from ..ingest import read_path

    witnesses = read_path(path, witness_id=label, options=read)
    text = "\n\n".join(w.text for w in witnesses)
    return list_edition(label, path, split=pattern, split_text=text,
                        split_dir=work / "split" / safe)


def _marked_text(path: str, read: ReadOptions) -> tuple[str, str] | None:
    """A Markdown or HTML (or plain text) source decoded but not extracted, so that the
    headword rule sees bold markup, with the suffix its articles are written under (so that
    each is read by the source's reader); ``None`` for other formats."""
    from ..ingest.decode import decode
    from ..ingest.sniff import sniff

    data = Path(path).read_bytes()
    if len(data) > read.max_bytes:
        raise InputError(f"{path}: {len(data)} bytes, over --max-bytes {read.max_bytes}")
    suffix = {"markdown": ".md", "html": ".html", "text": ".txt"}.get(
        sniff(data[:65536], path))
    if suffix is None:
        return None
    return decode(data, source=path, override=read.encoding).text, suffix


def _shingler(read: ReadOptions) -> Callable[[str, Article], set[int]]:
    """Shingles of an article (only articles unmatched by key are read here), read each
    time they are asked for: kept, they would hold the edition's unmatched text."""
    import dataclasses

    from ..errors import VariorumError
    from ..ingest import read_path
    from ..model import apply_repairs

    def shingles_of(label: str, article: Article) -> set[int]:
        options = dataclasses.replace(read, encoding="utf-8") if article.written else read
        if not os.path.isfile(article.path):
            return set()  # cannot be opened (a FIFO would block): the task records why
        try:
            text = "\n\n".join(apply_repairs(w.text, w.repairs) for w in
                               read_path(article.path, witness_id=label, options=options))
        except VariorumError:
            text = ""  # the collation task records the error
        return shingles(text)

    return shingles_of


def _differ(old: Article, new: Article) -> bool:
    """Whether two versions of an article kept under its key differ in their bytes (one
    that does not absorbed nothing and lost nothing: matching by content need not read it).
    """
    try:
        if os.path.getsize(old.path) != os.path.getsize(new.path):
            return True
        with open(old.path, "rb") as a, open(new.path, "rb") as b:
            while True:
                x, y = a.read(1 << 20), b.read(1 << 20)
                if x != y:
                    return True
                if not x:
                    return False
    except OSError:
        return True  # read as any other: the collation task records why it cannot be


def _article(group: Group, labels: list[str], result: dict[str, Any]) -> dict[str, Any]:
    present = [label for label in labels if label in group.members]
    words: dict[str, int | None] = {label: result["words"].get(label) if label in present
                                    else None for label in labels}
    status, reason = _status(group, labels, present, result)
    counted = [n for n in words.values() if n is not None]
    similarity = group.similarity
    if similarity is None and len(present) >= 2 and result["common_words"] is not None:
        similarity = round(len(counted) * result["common_words"] / sum(counted), 4) \
            if sum(counted) else 1.0
    first = group.members[present[0]]
    entry: dict[str, Any] = {
        "key": first.key if group.kind != "split" else group.members[present[-1]].key,
        "status": status,
        "sources": {label: group.members[label].source if label in group.members else None
                    for label in labels},
        "words": words, "changed_words": result["changed_words"],
        "by_class": result["by_class"], "erasures": result["erasures"],
        "people_changes": result["people_changes"], "similarity": similarity,
        "reason": reason,
        "keys": {label: group.members[label].key if label in group.members else None
                 for label in labels},
    }
    if result.get("repairs"):  # how much encoding damage each version had repaired
        entry["repairs"] = result["repairs"]
    if result["errors"]:
        entry["errors"] = result["errors"]
    return entry


def _status(group: Group, labels: list[str], present: list[str],
            result: dict[str, Any]) -> tuple[str, str]:
    status, reason = (group.kind, group.reason) if group.kind != "key" else \
        _key_status(labels, present, result)
    if group.notes:  # what matching by content found merged into it or split from it
        reason += "; " + "; ".join(group.notes)
    return status, reason


def _key_status(labels: list[str], present: list[str], result: dict[str, Any]
                ) -> tuple[str, str]:
    if len(present) == len(labels):
        if result["identical"]:
            return "same", "same key; the texts are identical"
        if result.get("repaired_same"):
            return "same", "same key; the texts are the same once their encoding damage " \
                "is repaired (" + ", ".join(f"{n} repairs in {label}" for label, n in
                                             result["repairs"].items()) + ")"
        if result["variants"] == 0 and not result["errors"]:
            return "same", "same key; the texts differ only in white space"
        if result["errors"]:
            return "changed", "same key; " + "; ".join(
                f"{label} could not be read: {error}" for label, error in
                result["errors"].items())
        return "changed", f"same key; {result['variants']} places differ"
    unread = "".join(f"; {label} could not be read: {error}" for label, error in
                     result["errors"].items())
    return ("added" if labels[0] not in present else "dropped"), \
        _absence(labels, present) + unread


def _absence(labels: list[str], present: list[str]) -> str:
    """Where an article is missing, edition by edition: ``no article with this key, nor one
    with its text, in t2`` and, for one that comes back (missing from a middle edition,
    there again in a later one), ``back in t3``; a later absence, ``none in t4``."""
    runs: list[tuple[bool, list[str]]] = []
    for label in labels:
        here = label in present
        if runs and runs[-1][0] == here:
            runs[-1][1].append(label)
        else:
            runs.append((here, [label]))
    said: list[str] = []
    seen = missed = False
    for here, run in runs:
        if not here:
            said.append(("none in " if missed else
                         "no article with this key, nor one with its text, in ") +
                        ", ".join(run))
            missed = True
        else:
            if seen:
                said.append(f"back in {run[0]}")
            seen = True
    return "; ".join(said)
