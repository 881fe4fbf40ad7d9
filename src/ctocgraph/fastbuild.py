"""The build: every source parsed and mapped (in worker processes for a large corpus, from the
cache when unchanged), one canonical dump, Oxigraph, and the shapes compiled to SPARQL.

rdflib objects are the cost of mapping (more than half of its time, and most of its memory),
so the build works on N-Quads text: each source's block (see ``buildcache``), the dump written
block by block (see ``dumpfile``). When few graphs changed, the new store version starts as a
copy of the current database (hard links) with only those graphs replaced, and only the focus
nodes they can affect are validated, since a committed version has no violations. rdflib is
the edge: ``BuildResult.graphs`` and ``dataset`` are read from the dump when first asked.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from . import literals
from .build import acceptable, current_sources, parse_source, unique_sources
from .buildcache import Cache, map_sources, program_digest, source_key
from .consistency import Inconsistency, compare, facts
from .dumpfile import (
    Dump,
    Previous,
    blocks_of,
    delta_of,
    literal_terms_of,
    previous_version,
    save_state,
    write_dump,
)
from .errors import ManifestError, naming
from .files import copy_atomic, link_atomic
from .identifiers import DEFAULT_BASE, ONTOLOGY, Iris
from .manifest import Source
from .mapping import reference_to_rdf
from .model import AgendaRecord
from .progress import step
from .reference import Reference
from .serialize import dataset_of, graph_block, graphs_of
from .shacl_sparql import affected, validate_nodes, validate_store
from .store import DUMP, Delta, Staged, apply_delta, stage
from .storefill import dump_parts, fill
from .summary import Summary
from .validate import ValidationReport, validate


@dataclass
class BuildResult:
    """A build held as files: the canonical N-Quads in ``dump``, the summaries of the sources
    and the validation report."""

    summaries: list[Summary]
    dump: Path
    validation: ValidationReport
    inconsistencies: list[Inconsistency]
    graph_count: int
    triples: int
    cites: int
    cache_hits: int
    _store: ox.Store
    _load_records: Callable[[], list[AgendaRecord]]
    staged: Staged | None = None  # the new store version; its switch makes it current
    graphs_replaced: int | None = None  # when the store version was updated, not loaded whole
    _scratch: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    # (source, the revision read instead): a text its revision replaces is reported, not read
    superseded: list[tuple[str, str]] = field(default_factory=list)

    @cached_property
    def records(self) -> list[AgendaRecord]:
        """The full records (``--coverage`` needs them): from the cache, parsed when absent."""
        return self._load_records()

    @property
    def nquads(self) -> str:
        return self.dump.read_text(encoding="utf-8")

    @cached_property
    def graphs(self) -> dict[str, Graph]:
        """The named graphs as rdflib graphs, read from the dump when first asked (rdflib is
        the edge: TriG and Turtle output, pyshacl, the Python API)."""
        return graphs_of(self.dump)

    @cached_property
    def dataset(self) -> Dataset:
        """The graphs as one rdflib Dataset, with the project's prefixes."""
        return dataset_of(self.graphs)

    def class_count(self, cls: str) -> int:
        q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{ONTOLOGY}{cls}> }}"
        result = self._store.query(q)
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))["n"].value)

    def ok(self, strict: bool = False) -> bool:
        return acceptable(self.validation, self.inconsistencies, self.summaries, strict)

    def write(self, output: Path, after: Callable[[], None] | None = None) -> None:
        """Put the N-Quads at ``output`` atomically; ``after`` runs right after the rename.

        With a store, ``output`` becomes a hard link to the store version's dump (written
        read-only; a copy across file systems): 1.5 GB need not be written twice, and the
        output it replaces, a link to the previous version's dump, is not freed. A dump
        changed through the link is not trusted by the next build (see ``_previous``)."""
        if self.staged is not None:
            link_atomic(self.dump, output, after)
        else:
            copy_atomic(self.dump, output, after)


def build_text(sources: list[Source], reference: Reference, *, base: str = DEFAULT_BASE,
               jobs: int = 0, cache: Path | None = None, store: Path | None = None,
               output: Path | None = None) -> BuildResult:
    """Parse and map in ``jobs`` processes (0: one per core), reuse cached sources, and write,
    load and validate a new version of the ``store`` beside the current one (in a temporary
    folder and an in-memory store without one). Nothing is made current: see
    ``BuildResult.staged``. Without a store, the temporary folder is beside ``output`` (the
    file the dump will become), and a failed write of the dump names it."""
    sources, superseded = current_sources(unique_sources(sources))
    program = program_digest(reference, base)
    keys = [source_key(s, program) for s in sources]
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix=".ctocgraph-build-",
                                          dir=output.parent if output is not None else None)
    entries = Cache.generation(cache, program) if cache is not None else \
        Cache(Path(scratch.name) / "cache")
    previous = previous_version(store, program)
    known = previous.summaries if previous is not None else {}
    held: dict[int, tuple[str, Summary]] = {}
    for i, key in enumerate(keys):
        found = known.get(key) or entries.summary(key)
        if found is not None:
            held[i] = found
    todo = [i for i in range(len(sources)) if i not in held]
    try:
        held.update(zip(todo, map_sources([(sources[i], keys[i]) for i in todo], reference, base,
                                          jobs, entries.folder), strict=True))
    except OSError as exc:  # a write in the temporary folder: the output's, for the user
        raise _told(exc, scratch.name, output) from exc
    plan = _Plan(sources, keys, held, reference, Iris(base), program, entries, previous)
    if store is not None:
        staged: Staged | None = stage(store, plan.name(), plan.fill)
        assert staged is not None
        dump_path = staged.version / DUMP
        db = staged.open()
    else:
        staged, dump_path = None, Path(scratch.name) / DUMP
        try:
            db = plan.in_memory(dump_path)
        except OSError as exc:
            raise _told(naming(exc, dump_path), scratch.name, output) from exc
    step("validating")
    validation = plan.validation(db, dump_path, updated=store is not None)
    blocks = plan.dump.blocks if plan.dump is not None else blocks_of(dump_path.parent)
    replaced = len(plan.dump.changed) if plan.dump is not None and plan.in_place \
        and store is not None else None
    return BuildResult(
        [held[i][1] for i in range(len(sources))], dump_path, validation,
        [i for found in plan.inconsistencies.values() for i in found],
        len(plan.graphs), sum(b.quads for b in blocks.values()),
        sum(b.cites for b in blocks.values()), len(sources) - len(todo), db, plan.records,
        staged, replaced, scratch,
        [(f"{old.label} ({old.symbol})", f"{new.label} ({new.symbol})") for old, new in superseded])


class _Plan:
    """What a build writes, once each source's graph is known: the graphs (name → key), the
    dump made from the cache's blocks and the previous version's, the store version that
    holds it (a whole load, or the previous version updated in place when few graphs
    changed), and what is validated."""

    def __init__(self, sources: list[Source], keys: list[str], held: dict[int, tuple[str, Summary]],
                 reference: Reference, iris: Iris, program: str, entries: Cache,
                 previous: Previous | None):
        self.sources, self.keys, self.reference = sources, keys, reference
        self.program, self.entries, self.previous = program, entries, previous
        self.ref_graph = reference_to_rdf(reference, iris)
        self.ref_name = self.ref_graph.identifier.n3()
        self.graphs = {self.ref_name: program} | {held[i][0]: keys[i] for i in range(len(sources))}
        self.inconsistencies = _consistency(sources, keys, held, entries, previous, reference)
        self.by_key = {key: held[i] for i, key in enumerate(keys)}
        before = {g: b.key for g, b in previous.blocks.items()} if previous is not None else {}
        changing = {g for g in self.graphs.keys() | before.keys()
                    if self.graphs.get(g) != before.get(g)}
        self.in_place = previous is not None and len(changing) <= len(self.graphs) // 4
        self.dump: Dump | None = None  # made by ``fill`` or ``in_memory``
        self.delta: Delta | None = None  # an in-place update's

    def name(self) -> str:
        """The store version's name: the same graphs make the same version."""
        state = {"program": self.program, "graphs": dict(sorted(self.graphs.items()))}
        return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]

    def new_block(self, name: str) -> bytes:
        if name == self.ref_name:
            return graph_block(name, self.ref_graph.serialize(format="nt", encoding="utf-8"))
        return self.entries.block(self.graphs[name])

    def fill(self, folder: Path) -> None:
        """Make the store version in ``folder``: its dump, database, literal index and state."""
        previous = self.previous
        dump = self.dump = write_dump(folder / DUMP, self.graphs, previous, self.new_block,
                                      self.in_place)
        if self.in_place:
            assert previous is not None
            ox.Store.read_only(str(previous.version / "oxigraph")).backup(str(folder / "oxigraph"))
            db = ox.Store(str(folder / "oxigraph"))
            self.delta = delta_of(dump)
            apply_delta(db, self.delta)
            if (previous.version / literals.INDEX).is_file():
                shutil.copyfile(previous.version / literals.INDEX, folder / literals.INDEX)
                terms = literals.literal_terms(b"".join(dump.added.values()).decode("utf-8"))
            else:
                terms = literal_terms_of(folder / DUMP, dump.blocks, self.graphs, self.entries.terms)
        else:
            db = ox.Store(str(folder / "oxigraph"))
            fill(db, dump_parts(folder / DUMP, dump.blocks))
            # a bulk-loaded database answers whole-corpus queries 2-5x slower until compacted
            # (10,000 documents: optimize 11 s; find 36 -> 18 s, documents 9.6 -> 3.4 s)
            db.optimize()
            terms = literal_terms_of(folder / DUMP, dump.blocks, self.graphs, self.entries.terms)
        db.flush()
        del db  # release Oxigraph's lock before the folder moves
        literals.write(folder / literals.INDEX, terms)
        os.chmod(folder / DUMP, 0o444)  # shared with the output file (see BuildResult.write)
        save_state(folder, self.program, dump.blocks, self.by_key, self.inconsistencies)

    def in_memory(self, dump_path: Path) -> ox.Store:
        """Without a store: the dump in the temporary folder, its union in memory (validation
        reads the default graph)."""
        dump = self.dump = write_dump(dump_path, self.graphs, None, self.new_block, sync=False)
        db = ox.Store()
        fill(db, dump_parts(dump_path, dump.blocks), graphs=False)
        return db

    def validation(self, db: ox.Store, dump_path: Path, updated: bool) -> ValidationReport:
        """The focus nodes an in-place update can affect; nothing when the store version was
        found complete and current; otherwise the whole store."""
        if self.dump is not None and self.in_place and updated:
            assert self.delta is not None
            old, new = self.delta.triples()
            return validate_nodes(db, affected(db, old ^ new))
        if self.dump is None and self.previous is not None \
                and self.previous.version == dump_path.parent:
            return ValidationReport(True)  # nothing changed: the current version conforms
        return validate_store(db)  # loaded whole, or found complete but never made current

    def records(self) -> list[AgendaRecord]:
        return [self.entries.record(k) or parse_source(s, self.reference)
                for s, k in zip(self.sources, self.keys, strict=True)]


def _told(exc: OSError, scratch: str, output: Path | None) -> OSError:
    """A failed write in the build's temporary folder, told as the output's: the temporary
    file is gone when the user reads the message, and the output is what was being made."""
    if output is not None and str(exc.filename or "").startswith(scratch):
        return OSError(exc.errno, exc.strerror or str(exc), str(output))
    return exc


def _consistency(sources: list[Source], keys: list[str], held: dict[int, tuple[str, Summary]],
                 entries: Cache, previous: Previous | None,
                 reference: Reference) -> dict[str, list[Inconsistency]]:
    """The cross-language check, by symbol: a symbol none of whose language versions came,
    changed or went keeps the previous version's result; the others are compared again, with
    the facts from the cache (or from parsing, when the cache lost them)."""
    known = previous.summaries if previous is not None else {}
    now = set(keys)
    touched = {s.symbol for k, (_, s) in known.items() if k not in now}
    touched |= {held[i][1].symbol for i, k in enumerate(keys) if k not in known}
    out = {sym: found for sym, found in (previous.inconsistencies.items() if previous else ())
           if sym not in touched}
    by_symbol: dict[str, list[int]] = defaultdict(list)
    for i in range(len(keys)):
        if held[i][1].symbol in touched:
            by_symbol[held[i][1].symbol].append(i)
    for symbol in sorted(by_symbol):  # one symbol's facts in memory at a time
        versions = []
        for i in by_symbol[symbol]:
            summary = held[i][1]
            found = entries.facts(keys[i])
            if found is None:
                found = facts(parse_source(sources[i], reference))
            versions.append((summary.symbol, summary.language, summary.label, found))
        for inconsistency in compare(versions):
            out.setdefault(inconsistency.symbol, []).append(inconsistency)
    return dict(sorted(out.items()))


VALIDATORS = ("sparql", "pyshacl")


def build(sources: list[Source], reference: Reference, *, base: str = DEFAULT_BASE,
          validator: str = "sparql") -> BuildResult:
    """Parse, map and validate every source: one named graph per source plus the reference
    data. The command line's own path, in this process and without a cache; the result's
    ``graphs`` and ``dataset`` are rdflib views made when first asked."""
    if validator not in VALIDATORS:
        raise ManifestError(f"unknown validator {validator!r}; use one of {', '.join(VALIDATORS)}")
    result = build_text(sources, reference, base=base, jobs=1)
    if validator == "pyshacl":
        result.validation = validate(result.dataset)
    return result
