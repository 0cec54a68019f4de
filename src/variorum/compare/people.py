"""The edition-wide register of persons of a comparison.

Each collation task reads the people of each version of its article with the register of
``variorum people`` (:func:`variorum.people.build_register`, one version at a time: no
second collation), pairs them across the article's versions (by name, then a respelling
standing in both) and writes them, compactly, with the article's result. The driver then
merges every article's people into one register for the edition: a person is one name
(the same name key in any article of any edition; a surname standing alone joins the one
full name of the edition ending in it), joined across editions where an article's versions
name them in two spellings. A person named in one edition and in no article of the next is
``erased`` from it; one whose own article (its key is the person's name) was dropped, or cut
to less than half its words, is reported with it.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from ..model import Witness
from ..text.names import name_key
from ..text.spelling import same_name

__all__ = ["SHORTENED", "article_people", "edition_register", "person_changes"]

# An own article counts as shortened when its later version has fewer than this share of
# the words of the earlier one ("shortened by more than half").
SHORTENED = 0.5

Compact = dict[str, Any]  # one person of one version of one article, as written by a task


def article_people(witnesses: Sequence[Witness], language: str | None = None
                   ) -> dict[str, list[Compact]]:
    """The people of each version (witness id → people, in first-mention order), each as
    ``{"name", "forms", "mentions", "roles", "fates"}`` with offsets into the version's
    text as found. Versions with the same text are read once."""
    from ..people import build_register

    read: dict[str, list[Compact]] = {}
    people: dict[str, list[Compact]] = {}
    for witness in witnesses:
        if witness.text not in read:
            register = build_register([witness], language=language)
            read[witness.text] = [
                {"name": p.name, "forms": list(p.forms),
                 "mentions": [[m.start, m.end, m.text] for m in p.mentions],
                 "roles": [[r.start, r.end, r.text] for r in p.roles],
                 "fates": [[f.fate, f.start, f.end, f.text, list(f.tags)] for f in p.fates]}
                for p in register.people]
            _name_after_headword(witness.text, read[witness.text])
        people[witness.id] = read[witness.text]
    return people


# A dictionary entry that opens "RADEK, Karl, journalist" or "RADEK, Karl (1885–1939)":
# the surname in capitals, a comma, then the given names, ended by punctuation.
_HEADWORD = re.compile(r"\s*(?P<surname>[^\W\d_]+(?:[ '’-][^\W\d_]+){0,2}),[ \t]+")
_AFTER_GIVEN = re.compile(r"\s*(?:[,.;:(\[—–]|$)")


def _name_after_headword(text: str, persons: list[Compact]) -> None:
    """The register reads the given names of an entry opening "RADEK, Karl," as a person
    of their own (``Karl``): named in full (``Karl Radek``), so that they are the person of
    that name elsewhere in the edition, and the entry their own article."""
    opening = _HEADWORD.match(text)
    if not opening or not opening.group("surname").isupper() or \
            sum(c.isalpha() for c in opening.group("surname")) < 2:
        return
    surname = opening.group("surname").title()
    for person in persons:
        words = name_key(person["name"])
        if not 0 < len(words) <= 3 or words[-1] == name_key(surname)[-1]:
            continue
        first = next((m for m in person["mentions"] if m[0] == opening.end()), None)
        if first is None or not _AFTER_GIVEN.match(text, first[1]):
            continue
        full = f"{person['name']} {surname}"
        person["name"] = full
        if full not in person["forms"]:
            person["forms"].append(full)


def _keys(person: Compact) -> set[tuple[str, ...]]:
    return {name_key(form) for form in person["forms"]} | {name_key(person["name"])}


def _respelled(a: Compact, b: Compact) -> bool:
    """Two forms of one name: the whole names, or their last words, the same under
    transliteration, a phonetic key or one edit in four letters (:func:`same_name`)."""
    return any(same_name(x, y) or (len(x.split()) > 1 and len(y.split()) > 1
                                   and same_name(x.split()[-1], y.split()[-1])
                                   and x.split()[0][:1] == y.split()[0][:1])
               for x in a["forms"] for y in b["forms"])


def _pair(before: list[Compact], after: list[Compact]) -> list[tuple[int, int, str]]:
    """Who in ``before`` is who in ``after``: the same name key (``"same"``), else among
    those left a respelling (``"respelled"``)."""
    pairs: list[tuple[int, int, str]] = []
    index: dict[tuple[str, ...], int] = {}
    for j, person in enumerate(after):
        for key in _keys(person):
            index.setdefault(key, j)
    used_after: set[int] = set()
    left: list[int] = []
    for i, person in enumerate(before):
        same = next((index[k] for k in _keys(person) if k in index
                     and index[k] not in used_after), None)
        if same is None:
            left.append(i)
        else:
            used_after.add(same)
            pairs.append((i, same, "same"))
    rest = [j for j in range(len(after)) if j not in used_after]
    for i in left:
        other = next((j for j in rest if _respelled(before[i], after[j])), None)
        if other is not None:
            rest.remove(other)
            pairs.append((i, other, "respelled"))
    return pairs


def _fates(person: Compact) -> list[str]:
    return sorted({fate[0] for fate in person["fates"]})


def person_changes(people: dict[str, list[Compact]], labels: Sequence[str]
                   ) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """The article's ``people_changes`` between successive versions present (erased,
    added, respelled, fate-changed), and the links ``[label, i, label, j]`` joining a person
    of one version to the same person spelled otherwise in the next."""
    changes: list[dict[str, Any]] = []
    links: list[list[Any]] = []
    present = [label for label in labels if label in people]
    for before, after in itertools.pairwise(present):
        old, new = people[before], people[after]
        pairs = _pair(old, new)
        paired_old = {i for i, _, _ in pairs}
        paired_new = {j for _, j, _ in pairs}
        for i, person in enumerate(old):
            if i not in paired_old:
                changes.append({"name": person["name"], "change": "erased",
                                "present_in": [before], "absent_from": [after],
                                "source": "register"})
        for j, person in enumerate(new):
            if j not in paired_new:
                changes.append({"name": person["name"], "change": "added",
                                "present_in": [after], "absent_from": [before],
                                "source": "register"})
        for i, j, how in pairs:
            a, b = old[i], new[j]
            if how == "respelled":
                links.append([before, i, after, j])
                changes.append({"name": a["name"], "change": "respelled",
                                "texts": {before: a["name"], after: b["name"]},
                                "source": "register"})
            if _fates(a) != _fates(b):
                changes.append({"name": b["name"], "change": "fate-changed",
                                "fates": {before: _fates(a), after: _fates(b)},
                                "source": "register"})
    return changes, links


class _Union:
    def __init__(self) -> None:
        self.parent: dict[Any, Any] = {}

    def find(self, item: Any) -> Any:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent.setdefault(parent, parent)
            self.parent[item] = grand
            item, parent = parent, grand
        return item

    def join(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb, key=repr)] = min(ra, rb, key=repr)


# Titles before a name: left out when names are compared ("Sir J. Sebright", "J. Sebright").
TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "hon", "rev",
                    "professor", "prof", "st", "saint", "herr", "frau", "m", "mme", "mlle"})


def _abbreviates(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether the name ``short`` can be ``full`` written shorter: the same surname, and
    its given names (titles aside) each the initial or the whole of one of ``full``'s, in
    order, with at least one given name, and ``short`` not ``full`` itself.

    >>> _abbreviates(("sir", "j", "sebright"), ("sir", "john", "sebright"))
    True
    >>> _abbreviates(("j", "sebright"), ("sir", "john", "sebright"))
    True
    >>> _abbreviates(("t", "sebright"), ("john", "sebright"))
    False
    """
    if short == full or short[-1:] != full[-1:]:
        return False
    given = [w for w in short[:-1] if w not in TITLES]
    others = [w for w in full[:-1] if w not in TITLES]
    if not given or len(given) > len(others) or given == others:
        return given == others and short != full and bool(given)
    at = 0
    for word in given:
        while at < len(others) and not (others[at] == word or (
                len(word) == 1 and others[at].startswith(word))):
            at += 1
        if at == len(others):
            return False
        at += 1
    return True


_SEPARATORS = re.compile(r"[_\-\s]+")


def own_name(key: str) -> tuple[str, ...]:
    """The name an article's key spells, as a name key: the last part of a path, ``_`` and
    ``-`` as spaces, ``Radek, Karl`` read as ``Karl Radek``.

    >>> own_name("people/radek-karl"), own_name("Radek, Karl")
    (('radek', 'karl'), ('karl', 'radek'))
    """
    last = key.rsplit("/", 1)[-1]
    if last.count(",") == 1:
        surname, given = last.split(",")
        last = f"{given} {surname}"
    return name_key(_SEPARATORS.sub(" ", last))


def edition_register(articles: Sequence[dict[str, Any]],
                     found: Mapping[int, tuple[dict[str, list[Compact]], list[list[Any]]]],
                     labels: Sequence[str]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The edition-wide people (entries as in ``variorum.people/1``, citations naming
    the article) and their summary, from the article entries and what the task of each
    article naming anyone found (``found``: ``(people by label, links)`` by the article's
    number in ``articles``; an article naming no one may be left out). ``articles`` is
    read at those numbers, and once through for the articles that are a person's own: of
    the edition, only the compact records of its people are held."""
    union = _Union()
    by_key: dict[tuple[str, ...], tuple[int, str, int]] = {}
    nodes: list[tuple[int, str, int]] = []
    seen_sources: set[tuple[str, str]] = set()
    sources: dict[int, dict[str, str | None]] = {}
    for number in sorted(found):
        people, links = found[number]
        if not any(people.values()):
            continue
        sources[number] = articles[number]["sources"]
        for label, persons in people.items():
            source = sources[number].get(label)
            if source is None or (label, source) in seen_sources:
                continue  # a merged or split article's file is read in each of its entries
            seen_sources.add((label, source))
            for index, person in enumerate(persons):
                node = (number, label, index)
                nodes.append(node)
                key = name_key(person["name"])
                union.join(node, by_key.setdefault(key, node))
        for before, i, after, j in links:
            a, b = (number, before, i), (number, after, j)
            if a in union.parent and b in union.parent:
                union.join(a, b)
    # a surname standing alone joins the one full name of the edition ending in it
    surnames: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for key in by_key:
        if len(key) > 1:
            surnames[key[-1]].add(key)
    for key, node in by_key.items():
        if len(key) == 1 and len(surnames.get(key[0], ())) == 1:
            (full,) = surnames[key[0]]
            union.join(node, by_key[full])
    # a name given with initials or a title joins the one fuller name it can abbreviate
    for keys in surnames.values():
        for key in sorted(keys):
            fuller = [other for other in keys if other != key and _abbreviates(key, other)]
            if len(fuller) == 1:
                union.join(by_key[key], by_key[fuller[0]])
    members: dict[Any, list[tuple[int, str, int]]] = defaultdict(list)
    for node in nodes:
        members[union.find(node)].append(node)
    # the articles that can be someone's own: their key is a name (or the surname of one)
    # of the register; of them, what _own_article reports
    names: set[tuple[str, ...]] = set()
    for number, label, index in nodes:
        for key in _keys(found[number][0][label][index]):
            names.update((key, key[-1:]))
    own: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for article in articles if names else ():
        for label in labels:
            key = article["keys"].get(label)
            if key is not None:
                folded = own_name(key)
                if folded and folded in names:
                    record = {k: article[k] for k in ("key", "status", "sources", "words")}
                    if record not in own[folded]:
                        own[folded].append(record)
    entries: list[dict[str, Any]] = []
    for group in members.values():
        entries.append(_entry(group, sources, found, labels, own))
    entries.sort(key=lambda e: (e["_first"], e["name"]))
    for number, entry in enumerate(entries, start=1):
        entry["id"] = number
        del entry["_first"]
    summary = {
        "named": len(entries),
        "absent_from_next": sum(1 for e in entries if any(c["kind"] == "erased"
                                                          for c in e["changes"])),
        "own_article_dropped_or_shortened": sum(1 for e in entries if e["own_article"]
                                                and e["own_article"]["change"]),
        "fate_changed": sum(1 for e in entries if any(c["kind"] == "fate-changed"
                                                      for c in e["changes"])),
    }
    return entries, summary


def _entry(group: list[tuple[int, str, int]], sources: Mapping[int, dict[str, str | None]],
           found: Mapping[int, tuple[dict[str, list[Compact]], list[list[Any]]]],
           labels: Sequence[str], own: dict[tuple[str, ...], list[dict[str, Any]]]
           ) -> dict[str, Any]:
    group.sort(key=lambda n: (labels.index(n[1]), n[0], n[2]))
    forms: list[str] = []
    mentions: list[dict[str, Any]] = []
    roles: list[dict[str, Any]] = []
    fates: list[dict[str, Any]] = []
    in_articles: dict[str, list[str]] = {label: [] for label in labels}
    name = ""
    for number, label, index in group:
        person = found[number][0][label][index]
        article = sources[number][label]
        assert article is not None  # a node is a person of a version present
        if len(name_key(person["name"])) > len(name_key(name)):
            name = person["name"]
        forms += [f for f in person["forms"] if f not in forms]
        if article not in in_articles[label]:
            in_articles[label].append(article)
        mentions += [{"witness": label, "article": article, "text": t, "start": s, "end": e}
                     for s, e, t in person["mentions"]]
        roles += [{"witness": label, "article": article, "text": t, "start": s, "end": e}
                  for s, e, t in person["roles"]]
        fates += [{"witness": label, "article": article, "fate": f, "text": t, "start": s,
                   "end": e, "tags": tags} for f, s, e, t, tags in person["fates"]]
    absent = [label for label in labels if not in_articles[label]]
    changes: list[dict[str, Any]] = []
    for before, after in itertools.pairwise(labels):
        if in_articles[before] and not in_articles[after]:
            first = next(m for m in mentions if m["witness"] == before)
            changes.append({"kind": "erased", "from": before, "to": after,
                            "detail": f"{name} is named in {len(in_articles[before])} "
                                      f"article(s) of {before}, in none of {after}",
                            "citations": [{k: first[k] for k in ("witness", "article",
                                                                  "text", "start", "end")}]})
        elif in_articles[before] and in_articles[after]:
            had = sorted({f["fate"] for f in fates if f["witness"] == before})
            has = sorted({f["fate"] for f in fates if f["witness"] == after})
            if had != has:
                cited = [next(f for f in fates if f["witness"] == w and f["fate"] in fs)
                         for w, fs in ((before, had[:1]), (after, has[:1])) if fs]
                changes.append({"kind": "fate-changed", "from": before, "to": after,
                                "detail": f"{', '.join(had) or 'no fate'} → "
                                          f"{', '.join(has) or 'no fate'}",
                                "citations": [{k: c[k] for k in ("witness", "article", "text",
                                                                  "start", "end")}
                                              for c in cited]})
            forms_before = {m["text"] for m in mentions if m["witness"] == before}
            forms_after = {m["text"] for m in mentions if m["witness"] == after}
            if not {name_key(f)[-1:] for f in forms_before} & \
                    {name_key(f)[-1:] for f in forms_after}:
                changes.append({"kind": "respelled", "from": before, "to": after,
                                "detail": f"{sorted(forms_before)[0]} → "
                                          f"{sorted(forms_after)[0]}", "citations": []})
    return {"id": 0, "name": name, "forms": forms, "mentions": mentions, "roles": roles,
            "fates": fates, "absent_from": absent, "changes": changes,
            "articles": in_articles, "own_article": _own_article(name, forms, in_articles,
                                                                  own, labels),
            "_first": (labels.index(group[0][1]), group[0][0])}


def _own_article(name: str, forms: list[str], in_articles: dict[str, list[str]],
                 own: dict[tuple[str, ...], list[dict[str, Any]]], labels: Sequence[str]
                 ) -> dict[str, Any] | None:
    """The article whose key is this person's name (the full name, or the surname of an
    article that names them), and what became of it: ``dropped`` (absent from a later
    edition), ``shortened`` (under half its words), or ``null``."""
    keys = {name_key(f) for f in forms} | {name_key(name)}
    candidates: list[dict[str, Any]] = []
    for key in keys:
        candidates += own.get(key, [])
        if len(key) > 1:
            candidates += [a for a in own.get(key[-1:], [])
                           if any(a["sources"][w] in in_articles[w] for w in labels
                                  if a["sources"][w] is not None)]
    if not candidates:
        return None
    article = candidates[0]
    change = None
    detail = ""
    for before, after in itertools.pairwise(labels):
        had, has = article["words"].get(before), article["words"].get(after)
        if had and has is None and article["status"] == "dropped":
            change, detail = "dropped", f"no article {article['key']!r} in {after}"
            break
        if had and has is not None and has < SHORTENED * had:
            change = "shortened"
            detail = f"{had} words in {before}, {has} in {after}"
            break
    return {"key": article["key"], "status": article["status"],
            "sources": article["sources"], "words": article["words"], "change": change,
            "detail": detail}
