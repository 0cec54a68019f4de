"""The task the Runner runs for each group of matched articles: read them, collate them
when their texts differ, and write what the comparison needs of the collation to one JSON
file of the work folder (so the edition's results never sit in memory together, and an
interrupted run resumes from the files already written)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..collation.options import CollateOptions
from ..errors import VariorumError
from ..ingest.options import ReadOptions
from ..model import Collation, Witness, apply_repairs

__all__ = ["CollateTask", "Member", "batches", "count_words", "load", "page_path",
           "result_path", "run_batch", "run_task"]

_WORD = re.compile(r"\w+(?:['’]\w+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, ``don't`` one word."""
    return sum(1 for _ in _WORD.finditer(text))


@dataclass(frozen=True)
class Member:
    """One article of a group: the edition's label, the file, and whether the compare wrote
    it (a split article, in UTF-8)."""

    label: str
    path: str
    written: bool = False


@dataclass(frozen=True)
class CollateTask:
    number: int
    results: str  # the folder the result is written to
    members: tuple[Member, ...]
    read: ReadOptions
    collate: CollateOptions
    resume: bool = False
    people: bool = True  # read the people of each version (the edition-wide register)
    html: bool = False  # also write the collation's page (``--format html``)


def result_path(results: str, number: int) -> Path:
    return Path(results) / f"{number:07d}.json"


def page_path(results: str, number: int) -> Path:
    """The collation page of a task with ``html`` (written when the texts differ)."""
    return Path(results) / f"{number:07d}.html"


def load(path: str) -> bytes | str:
    """The bytes of an article's file, or why it cannot be opened (a dangling link, no
    permission, not a regular file): the article then records it in its ``errors``, as a
    file no reader can read, and the comparison goes on."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would block the open
            return f"{path}: cannot be read: not a regular file"
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as error:
        return f"{path}: cannot be read: {error.strerror or error}"


def _fingerprint(task: CollateTask, contents: list[bytes | str]) -> str:
    digest = hashlib.sha256()
    digest.update(repr((dataclasses.astuple(task.read), dataclasses.astuple(task.collate),
                        [(m.label, m.path) for m in task.members], task.people,
                        task.html)).encode())
    for data in contents:
        digest.update(hashlib.sha256(data if isinstance(data, bytes) else
                                     b"\0unreadable\0" + data.encode()).digest())
    return digest.hexdigest()


def run_task(task: CollateTask) -> int:
    """Run one task; its result is the file :func:`result_path` names. Returns its number.
    With ``resume``, a result already written for the same files, bytes and options is
    kept."""
    target = result_path(task.results, task.number)
    contents = [load(member.path) for member in task.members]
    fingerprint = _fingerprint(task, contents)
    if task.resume and target.exists():
        try:
            kept = json.loads(target.read_text("utf-8"))
            if kept.get("fingerprint") == fingerprint and (
                    not kept.get("page") or page_path(task.results, task.number).exists()):
                return task.number
        except (OSError, ValueError):
            pass  # half written or damaged: made again
    record = _result(task, contents)
    record["fingerprint"] = fingerprint
    temporary = target.with_suffix(".part")
    temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, target)
    return task.number


def run_batch(tasks: tuple[CollateTask, ...]) -> int:
    """Run tasks one after the other (one Dask task for many small articles: each Dask
    task costs milliseconds of scheduling). Returns how many ran."""
    for task in tasks:
        run_task(task)
    return len(tasks)


def batches(tasks: list[CollateTask], workers: int) -> list[tuple[CollateTask, ...]]:
    """``tasks`` in order, cut into batches of about equal bytes: one a task in process;
    for ``workers`` processes about eight batches each (so that a long article does not
    leave the others idle at the end), and none over 200 tasks."""
    if workers <= 1:
        return [(task,) for task in tasks]
    sizes = [sum(_size(m.path) for m in task.members) for task in tasks]
    target = max(1, sum(sizes) // (workers * 8))
    cut: list[tuple[CollateTask, ...]] = []
    current: list[CollateTask] = []
    weight = 0
    for task, size in zip(tasks, sizes, strict=True):
        current.append(task)
        weight += size
        if weight >= target or len(current) >= 200:
            cut.append(tuple(current))
            current, weight = [], 0
    if current:
        cut.append(tuple(current))
    return cut


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # unreadable: the task records why, at no cost


def _read(member: Member, data: bytes, options: ReadOptions) -> Witness:
    from ..ingest import read_bytes

    if len(data) > options.max_bytes:
        raise VariorumError(f"{member.path}: {len(data)} bytes, over --max-bytes "
                            f"{options.max_bytes}")
    if member.written:
        options = dataclasses.replace(options, encoding="utf-8")
    witnesses = read_bytes(data, source=member.path, witness_id=member.label, options=options)
    if len(witnesses) == 1:
        return witnesses[0]
    # A file holding several texts (tracked changes, a WARC) is one article: its texts
    # joined, as the reader gives them.
    return dataclasses.replace(witnesses[0], id=member.label,
                               text="\n\n".join(w.text for w in witnesses),
                               repairs=(), damage=(), pretokens=None, token_properties=None,
                               source_map=None, span=None)


def _result(task: CollateTask, contents: list[bytes | str]) -> dict[str, Any]:
    witnesses: list[Witness] = []
    errors: dict[str, str] = {}
    for member, data in zip(task.members, contents, strict=True):
        if isinstance(data, str):  # the file could not be opened: why
            errors[member.label] = data
            continue
        try:
            witnesses.append(_read(member, data, task.read))
        except VariorumError as error:
            errors[member.label] = error.one_line()
    # The words are counted, and the texts compared, with their encoding damage repaired
    # (mojibake such as "FranÃ§ois" would count two words, and make a same text differ).
    repaired = {w.id: apply_repairs(w.text, w.repairs) if w.repairs else w.text
                for w in witnesses}
    record: dict[str, Any] = {
        "words": {w.id: count_words(repaired[w.id]) for w in witnesses},
        "repairs": {w.id: len(w.repairs) for w in witnesses if w.repairs},
        "errors": errors, "identical": False, "variants": 0, "changed_words": 0,
        "common_words": None, "by_class": {}, "erasures": [], "people_changes": [],
        "people": {}, "people_links": []}
    if task.people and witnesses:
        from .people import article_people, person_changes

        record["people"] = article_people(witnesses)
        record["people_changes"], record["people_links"] = person_changes(
            record["people"], [m.label for m in task.members])
    if len(witnesses) < 2:
        return record
    if len({w.text for w in witnesses}) == 1:
        record.update(identical=True, common_words=record["words"][witnesses[0].id])
        return record
    if len(set(repaired.values())) == 1:  # the same once the damage is repaired
        record.update(repaired_same=True, common_words=record["words"][witnesses[0].id])
        return record
    from ..collation.pipeline import collate

    collation = collate(witnesses, options=task.collate)
    if task.html:
        from ..reports import ReportOptions
        from ..reports.html import write_html

        page = page_path(task.results, task.number)
        temporary = page.with_suffix(".html-part")
        temporary.write_text(write_html(collation, ReportOptions()), encoding="utf-8")
        os.replace(temporary, page)
        record["page"] = page.name
    summary = _summary(collation, register=task.people)
    respelled = [c["texts"] for c in record["people_changes"] if c["change"] == "respelled"]
    summary["people_changes"] = record["people_changes"] + [
        c for c in summary["people_changes"] if c.get("texts") not in respelled]
    record.update(summary)
    return record


def _summary(collation: Collation, *, register: bool = False) -> dict[str, Any]:
    """What the comparison keeps of a collation: counts, classes, erasures, names. With
    ``register`` the people's erasures come from the register of persons (which tells a
    person from a place), and only the collation's name changes are added to them."""
    base = collation.witness(collation.base)
    in_variants = sum(count_words(v.readings[base.id].text) for v in collation.variants
                      if base.id in v.readings)
    changed = sum(max((count_words(r.text) for r in v.readings.values()), default=0)
                  for v in collation.variants)
    erasures = [{"kind": e.kind, "text": e.text, "present_in": list(e.present_in),
                 "absent_from": list(e.absent_from), "relation": e.relation}
                for e in collation.erasures]
    people: list[dict[str, Any]] = [] if register else [
        {"name": e.text, "change": "erased" if e.relation == "omission" else "added",
         "present_in": list(e.present_in), "absent_from": list(e.absent_from)}
        for e in collation.erasures if e.kind == "name"]
    people += [{"name": next(iter(c.texts.values()), ""), "change": c.kind,
                "texts": dict(c.texts)} for c in collation.name_changes]
    return {"variants": len(collation.variants), "changed_words": changed,
            "common_words": max(0, count_words(base.text) - in_variants),
            "by_class": collation.by_class(), "erasures": erasures, "people_changes": people}
