"""MediaWiki XML revision exports as a chain of editions.

The export (``Special:Export`` of any MediaWiki site, with its history) is read with mwxml
(MIT), each revision's wikitext made text with mwparserfromhell (MIT):
templates, tables' markup, references and comments are dropped, links keep their shown text.
Both are imported only when an export is read.

``--revisions`` picks which revisions become editions:

* ``all`` (the default): every revision, oldest first;
* ``yearly``: the last revision of each year (the article as it stood at the year's end);
* ``every:N``: every N-th revision, and always the last;
* ``FROM..TO``: the revisions whose timestamp falls between the two dates (ISO, either may
  be left out: ``2010..``, ``..2012-06-30``), both included.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, SettingsError
from ..model import Witness

__all__ = ["Revision", "check_size", "is_export", "iter_pages", "pick_revisions",
           "read_export", "revision_witnesses"]

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2})?Z?)?)?)?$")


@dataclass(frozen=True)
class Revision:
    id: str
    timestamp: str  # ISO 8601, as the export gives it
    user: str
    comment: str
    wikitext: str


def is_export(path: str) -> bool:
    """Does ``path`` look like a MediaWiki XML export (its root element ``<mediawiki``)?"""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError:
        return False
    text = head.decode("utf-8", "replace")
    text = re.sub(r"<\?xml[^>]*\?>|<!--.*?-->", "", text, flags=re.S).lstrip("\ufeff \t\r\n")
    return text.startswith("<mediawiki")


def check_spec(spec: str) -> None:
    """Refuse a ``--revisions`` value that is none of the forms (a SettingsError)."""
    if spec in ("all", "yearly"):
        return
    if spec.startswith("every:"):
        if not spec[6:].isdigit() or int(spec[6:]) < 1:
            raise SettingsError(f"--revisions {spec!r}: N must be a whole number ≥ 1",
                                hint="e.g. every:10")
        return
    if ".." in spec:
        low, _, high = spec.partition("..")
        if all(not part or _DATE.match(part) for part in (low, high)) and (low or high):
            return
    raise SettingsError(f"unknown --revisions {spec!r}",
                        hint="choose all, yearly, every:N or FROM..TO (ISO dates)")


def pick_revisions(revisions: Sequence[Revision], spec: str) -> list[Revision]:
    """The revisions ``spec`` names, oldest first (see the module's documentation)."""
    check_spec(spec)
    ordered = sorted(revisions, key=lambda r: r.timestamp)
    if spec == "all":
        return ordered
    if spec == "yearly":
        last: dict[str, Revision] = {}
        for revision in ordered:
            last[revision.timestamp[:4]] = revision
        return list(last.values())
    if spec.startswith("every:"):
        step = int(spec[6:])
        picked = ordered[::step]
        if ordered and picked[-1] is not ordered[-1]:
            picked.append(ordered[-1])
        return picked
    low, _, high = spec.partition("..")
    return [r for r in ordered
            if (not low or r.timestamp[:len(low)] >= low)
            and (not high or r.timestamp[:len(high)] <= high)]


def wikitext_to_text(wikitext: str) -> str:
    """The text a reader of the page sees, roughly: markup, templates, references gone."""
    import mwparserfromhell

    code = mwparserfromhell.parse(wikitext)
    for tag in code.filter_tags(recursive=True):
        if str(tag.tag).strip().lower() in ("ref", "references", "gallery"):
            with contextlib.suppress(ValueError):  # already gone with its parent
                code.remove(tag)
    for heading in code.filter_headings(recursive=False):
        # A heading is a paragraph of its own, never the start of the next sentence.
        title = heading.title.strip_code().strip()
        with contextlib.suppress(ValueError):
            code.replace(heading, f"\n\n{title}\n\n")
    text: str = code.strip_code(normalize=True, collapse=True)
    return text.strip() + "\n"


def check_size(path: str, max_bytes: int | None) -> None:
    size = Path(path).stat().st_size
    if max_bytes is not None and size > max_bytes:
        from ..errors import TooLargeError

        raise TooLargeError(f"{path}: {size} bytes is over the limit of {max_bytes}",
                            size=size, limit=max_bytes)


def iter_pages(path: str, *, wanted: Callable[[str], bool] = lambda title: True
               ) -> Iterator[tuple[str, list[Revision] | None]]:
    """Each page of the export in turn: its title and its revisions (None for a page
    ``wanted`` refuses: its revisions are skipped, not kept). One page at a time is held."""
    import mwxml

    try:
        with open(path, "rb") as handle:
            dump = mwxml.Dump.from_file(handle)
            for dump_page in dump:
                title = str(dump_page.title)
                if not wanted(title):
                    for _ in dump_page:
                        pass
                    yield title, None
                    continue
                yield title, [Revision(id=str(rev.id), timestamp=str(rev.timestamp),
                                       user=str(rev.user.text) if rev.user and rev.user.text
                                       else "", comment=str(rev.comment or ""),
                                       wikitext=str(rev.text or ""))
                              for rev in dump_page]
    except InputError:
        raise
    except Exception as error:  # mwxml raises plain errors on malformed XML
        raise InputError(f"{path}: not a readable MediaWiki export ({error})") from None


def revision_witnesses(path: str, picked: Sequence[Revision]
                       ) -> tuple[list[Witness], list[dict[str, str]]]:
    """The picked revisions of a page of the export ``path`` as witnesses (their wikitext
    made text), and what the export says of each."""
    witnesses = []
    meta = []
    for revision in picked:
        witnesses.append(Witness(
            id=f"r{revision.id}", text=wikitext_to_text(revision.wikitext),
            source=f"{path}#{revision.id}",
            sha256=hashlib.sha256(revision.wikitext.encode("utf-8")).hexdigest(),
            format="mediawiki", encoding="utf-8", reader="mediawiki-text"))
        meta.append({"id": revision.id, "timestamp": revision.timestamp,
                     "user": revision.user, "comment": revision.comment})
    return witnesses, meta


def no_revision_picked(path: str, title: str, spec: str,
                       found: Sequence[Revision]) -> InputError:
    return InputError(f"{path}: --revisions {spec} picks no revision of {title!r}",
                      hint=f"its revisions run from {min(r.timestamp for r in found)} to "
                           f"{max(r.timestamp for r in found)}" if found else None)


def read_export(path: str, *, spec: str = "all", page: str | None = None,
                max_bytes: int | None = None, titles: list[str] | None = None
                ) -> tuple[str, list[Witness], list[dict[str, str]]]:
    """The title of the page (the first, or ``page``), its picked revisions as witnesses and
    what the export says of each revision; ``titles``, when given, gets every page's."""
    check_spec(spec)
    check_size(path, max_bytes)
    titles = [] if titles is None else titles
    found: list[Revision] | None = None
    title = ""

    def wanted(name: str) -> bool:  # the first page, or the one named; one only
        return found is None and (page is None or name == page)

    for name, revisions in iter_pages(path, wanted=wanted):
        titles.append(name)
        if revisions is not None and found is None:
            title, found = name, revisions
    if found is None:
        raise InputError(f"{path}: no page {page!r} in the export" if page else
                         f"{path}: the export holds no page",
                         hint=f"pages: {', '.join(titles[:10])}" if titles else None)
    picked = pick_revisions(found, spec)
    if not picked:
        raise no_revision_picked(path, title, spec, found)
    witnesses, meta = revision_witnesses(path, picked)
    return title, witnesses, meta
