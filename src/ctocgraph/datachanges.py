"""What changed in the data between two releases, computed from their canonical N-Quads.

A fact is a triple of the dataset's union (a fact four language versions state is one fact):
it is added when the new release has it and the old one does not, removed the other way
round. An entity (an IRI of the data as a subject) is added when it is the subject of no fact
of the old release, removed when of none of the new, changed when it is in both and one of
its facts was added or removed; each is counted under every ``ctoc:`` class it has.

Both dumps are canonical (the graphs in name order, each graph's lines sorted), so a graph
whose block is byte-identical in both is skipped: only the changed graphs' triples are held
in memory, and the other graphs are read once to see whether they still state them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .identifiers import ONTOLOGY
from .serialize import split_quad

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def _lines(path: Path) -> Iterator[tuple[str, str]]:
    """(graph name, triple without its full stop) for each line of a canonical N-Quads file."""
    with path.open(encoding="utf-8", newline="\n") as fh:
        for line in fh:
            if line.endswith(" .\n"):
                triple, name = split_quad(line)
                yield name, triple


def _digests(path: Path) -> dict[str, str]:
    blocks: dict[str, hashlib._Hash] = {}
    for name, triple in _lines(path):
        h = blocks.get(name)
        if h is None:
            h = blocks[name] = hashlib.sha256()
        h.update(triple.encode("utf-8") + b"\n")
    return {name: h.hexdigest() for name, h in blocks.items()}


def _subject(triple: str) -> str:
    return triple.split(" ", 1)[0]


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)  # N-Triples lines, sorted
    removed: list[str] = field(default_factory=list)
    # class name -> ("added" | "removed" | "changed") -> entity IRIs, sorted
    entities: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def compare(old: Path, new: Path, base: str) -> Changes:
    """The facts and entities that differ between the dumps ``old`` and ``new``."""
    before, after = _digests(old), _digests(new)
    changed = {g for g in before.keys() | after.keys() if before.get(g) != after.get(g)}
    old_facts = {t for g, t in _lines(old) if g in changed}
    new_facts = {t for g, t in _lines(new) if g in changed}
    removed, added = old_facts - new_facts, new_facts - old_facts
    # a fact of a changed graph may still be stated by a graph that did not change
    for g, t in _lines(new):
        if g not in changed:
            removed.discard(t)
            added.discard(t)
    touched = {_subject(t) for t in removed | added if _subject(t).startswith(f"<{base}")}
    present: dict[str, list[bool]] = defaultdict(lambda: [False, False])
    classes: dict[str, set[str]] = defaultdict(set)
    for i, path in enumerate((old, new)):
        for _, t in _lines(path):
            s = _subject(t)
            if s in touched:
                present[s][i] = True
                p, o = t.split(" ", 2)[1:]
                if p == RDF_TYPE and o.startswith(f"<{ONTOLOGY}"):
                    classes[s].add(o[len(ONTOLOGY) + 1:-1])
    entities: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in sorted(touched):
        was, now = present[s]
        status = "added" if now and not was else "removed" if was and not now else "changed"
        for c in sorted(classes[s] or {UNTYPED}):
            entities[c][status].append(s[1:-1])
    return Changes(sorted(t + " .\n" for t in added), sorted(t + " .\n" for t in removed),
                   {c: dict(v) for c, v in sorted(entities.items())})


def first(new: Path, base: str) -> Changes:
    """A first release: every entity is added (the facts are the whole graph, not listed)."""
    classes: dict[str, set[str]] = defaultdict(set)
    for _, t in _lines(new):
        s = _subject(t)
        p, o = t.split(" ", 2)[1:]
        if s.startswith(f"<{base}") and p == RDF_TYPE and o.startswith(f"<{ONTOLOGY}"):
            classes[o[len(ONTOLOGY) + 1:-1]].add(s[1:-1])
    return Changes(entities={c: {"added": sorted(v)} for c, v in sorted(classes.items())})


STATUSES = ("added", "removed", "changed")
UNTYPED = "(no class)"


def _class(name: str) -> str:
    return name if name == UNTYPED else f"ctoc:{name}"
LISTED = 200  # entities listed per class and status in the Markdown page (all are counted)


def markdown(changes: Changes, version: str, previous: str | None) -> str:
    """The data changelog as a page: counts per class, then the entities and facts."""
    if previous is None:
        out = [f"# Data changes in {version}", "",
               "This is the first release: there is no previous release to compare with. "
               "Entities per class:", "", "| class | entities |", "|---|---|"]
        out += [f"| {_class(c)} | {len(v['added'])} |" for c, v in changes.entities.items()]
        return "\n".join(out) + "\n"
    out = [f"# Data changes in {version} since {previous}", "",
           f"Facts (triples of the union of the named graphs): {len(changes.added)} added, "
           f"{len(changes.removed)} removed; all of them are listed in `changes/added.nt` and "
           "`changes/removed.nt`.", ""]
    if not changes.entities:
        out.append("No entity changed.")
        return "\n".join(out) + "\n"
    out += ["| class | added | removed | changed |", "|---|---|---|---|"]
    for c, v in changes.entities.items():
        out.append(f"| {_class(c)} | " + " | ".join(str(len(v.get(s, []))) for s in STATUSES) + " |")
    for c, v in changes.entities.items():
        for s in STATUSES:
            members = v.get(s, [])
            if members:
                out += ["", f"## {_class(c)}, {s} ({len(members)})", ""]
                out += [f"* <{m}>" for m in members[:LISTED]]
                if len(members) > LISTED:
                    out.append(f"* … and {len(members) - LISTED} more")
    return "\n".join(out) + "\n"
