"""The build for large corpora: sources parsed and mapped in worker processes, kept in a cache
by content hash, and everything downstream done on N-Quads text and Oxigraph.

rdflib objects are the cost of the ordinary build (more than half of mapping time, and most of
its memory), and they cannot cross between processes cheaply. Here each worker parses and maps
one source and returns its graph as N-Triples text; the parent only joins text, so the work
spreads over every core, and a source whose bytes (and the reference data, language tables and
program version) have not changed is taken from the cache without being parsed again. The
new store version is loaded and validated before anything becomes current; after a build of
the same program it is the current version with only the changed graphs replaced, validated
where the change can reach. The output is byte-identical to the ordinary build's sorted N-Quads.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ._version import __version__
from .build import acceptable, parse_source, unique_sources
from .consistency import Inconsistency, check
from .identifiers import DEFAULT_BASE, ONTOLOGY, Iris
from .manifest import Source
from .mapping import reference_to_rdf, to_ntriples
from .model import AgendaRecord
from .reference import Reference
from .serialize import quad_lines, sorted_nquads, split_quad
from .shacl_sparql import affected, store_for, validate_nodes, validate_store
from .store import STATE, Delta, Staged, current_version, prepare
from .validate import ValidationReport


@dataclass
class Mapped:
    """One source as a worker returns it and as the cache keeps it."""

    record: AgendaRecord
    graph: str  # the named graph's IRI, in N-Triples form (<…>)
    ntriples: str


@dataclass
class TextBuild:
    """A build held as text: the sorted N-Quads, the records and the validation report."""

    records: list[AgendaRecord]
    nquads: str
    validation: ValidationReport
    inconsistencies: list[Inconsistency] = field(default_factory=list)
    graph_count: int = 0
    cache_hits: int = 0
    _store: ox.Store | None = None
    staged: Staged | None = None  # the new store version; its switch makes it current
    graphs_replaced: int | None = None  # when the store version was updated, not loaded whole

    @property
    def triples(self) -> int:
        return self.nquads.count("\n")

    def class_count(self, cls: str) -> int:
        assert self._store is not None
        q = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{ONTOLOGY}{cls}> }}"
        return int(next(iter(self._store.query(q)))["n"].value)

    @property
    def cites(self) -> int:
        return self.nquads.count(f" <{ONTOLOGY}cites> ")

    def ok(self, strict: bool = False) -> bool:
        return acceptable(self.validation, self.inconsistencies, self.records, strict)


_WORKER: tuple[Reference, Iris] | None = None


def _init(reference_folder: str, base: str) -> None:
    global _WORKER
    _WORKER = (Reference(Path(reference_folder)), Iris(base))


def _map(source: Source) -> Mapped:
    assert _WORKER is not None
    reference, iris = _WORKER
    record = parse_source(source, reference)
    return Mapped(record, *to_ntriples(record, iris, reference, source.status))


def _program_digest(reference: Reference, base: str) -> str:
    """What every cached entry depends on besides its own source."""
    h = hashlib.sha256(f"{__version__}\0{base}\0".encode())
    for path in reference.files():
        h.update(path.read_bytes())
    folder = resources.files("ctocgraph")
    for name in sorted(p.name for p in (folder / "lexicons").iterdir() if p.name.endswith(".toml")):
        h.update((folder / "lexicons" / name).read_bytes())
    for module in ("parse.py", "extract.py", "mapping.py", "identifiers.py", "normalize.py",
                   "read.py", "lexicon.py", "model.py"):
        h.update((folder / module).read_bytes())
    return h.hexdigest()


def _key(source: Source, program: str) -> str:
    h = hashlib.sha256(program.encode())
    h.update(f"\0{source.symbol}\0{source.language}\0{source.status}\0{source.label}\0".encode())
    h.update(source.path.read_bytes())
    return h.hexdigest()


class _Cache:
    """Per source, by key: the record with its graph name, and the N-Triples apart, so a
    rebuild reads the text only of what it loads again."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)
            for stale in folder.glob("*.pickle"):  # entries of the first cache layout
                stale.unlink(missing_ok=True)

    def record(self, key: str) -> tuple[AgendaRecord, str] | None:
        if self.folder is None:
            return None
        entry = self.folder / f"{key}.record"
        if not entry.is_file() or not (self.folder / f"{key}.nt").is_file():
            return None
        try:
            return pickle.loads(entry.read_bytes())
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            entry.unlink(missing_ok=True)  # a damaged entry is made again
            return None

    def ntriples(self, key: str) -> str:
        assert self.folder is not None
        return (self.folder / f"{key}.nt").read_text(encoding="utf-8")

    def put(self, key: str, mapped: Mapped) -> None:
        if self.folder is None:
            return
        for suffix, data in ((".nt", mapped.ntriples.encode("utf-8")),
                             (".record", pickle.dumps((mapped.record, mapped.graph),
                                                      protocol=pickle.HIGHEST_PROTOCOL))):
            tmp = self.folder / f".{key}{suffix}.{os.getpid()}.tmp"
            tmp.write_bytes(data)
            os.replace(tmp, self.folder / f"{key}{suffix}")


def _map_all(sources: list[Source], todo: list[int], reference: Reference, base: str,
             jobs: int) -> dict[int, Mapped]:
    workers = min(jobs or os.cpu_count() or 1, max(len(todo), 1))
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_init,
                                 initargs=(str(reference.folder), base)) as pool:
            return dict(zip(todo, pool.map(_map, [sources[i] for i in todo], chunksize=4),
                            strict=True))
    _init(str(reference.folder), base)
    return {i: _map(sources[i]) for i in todo}


def _previous(store: Path | None, program: str) -> tuple[Path, dict[str, str]] | None:
    """The current store version and its graphs' keys, if an earlier ``--jobs`` build of the
    same program made it."""
    version = None if store is None else current_version(store)
    if version is None or not (version / STATE).is_file():
        return None
    state = json.loads((version / STATE).read_text(encoding="utf-8"))
    return (version, state["graphs"]) if state.get("program") == program else None


def build_text(sources: list[Source], reference: Reference, *, base: str = DEFAULT_BASE,
               jobs: int = 0, cache: Path | None = None, store: Path | None = None) -> TextBuild:
    """Parse and map in ``jobs`` processes (0: one per core), reuse cached sources, and load
    and validate a new version of the ``store`` beside the current one (in memory without a
    store). When the current version was made by the same program, only the changed graphs
    are loaded again and only the focus nodes they can affect are validated, since a committed
    version has no violations. Nothing is made current: see ``TextBuild.staged``."""
    sources = unique_sources(sources)
    program = _program_digest(reference, base)
    keys = [_key(s, program) for s in sources]
    entries = _Cache(cache)
    held: dict[int, tuple[AgendaRecord, str]] = {}
    for i, key in enumerate(keys):
        found = entries.record(key)
        if found is not None:
            held[i] = found
    fresh = _map_all(sources, [i for i in range(len(sources)) if i not in held], reference,
                     base, jobs)
    for i, mapped in fresh.items():
        entries.put(keys[i], mapped)
        held[i] = (mapped.record, mapped.graph)
    records = [held[i][0] for i in range(len(sources))]
    ref_graph = reference_to_rdf(reference, Iris(base))
    graphs = {ref_graph.identifier.n3(): program}
    graphs.update((held[i][1], keys[i]) for i in range(len(sources)))

    def text(i: int) -> str:
        return fresh[i].ntriples if i in fresh else entries.ntriples(keys[i])

    by_graph = {held[i][1]: i for i in range(len(sources))}
    state = json.dumps({"program": program, "graphs": graphs}, indent=0, sort_keys=True)
    previous = _previous(store, program)
    changed = set() if previous is None else \
        {g for g in graphs.keys() | previous[1].keys() if graphs.get(g) != previous[1].get(g)}
    if previous is not None and len(changed) <= len(graphs) // 4 and len(by_graph) == len(sources):
        assert store is not None
        kept, removed = [], []
        for line in (previous[0] / "dataset.nq").read_text(encoding="utf-8").splitlines(True):
            (removed if split_quad(line)[1] in changed else kept).append(line)
        added = [ln for g in sorted(changed & by_graph.keys()) for ln in quad_lines(g, text(by_graph[g]))]
        nquads = "".join(sorted(kept + added))
        delta = Delta(frozenset(changed), removed, added)
        staged = prepare(nquads, store, delta=delta, state=state)
        db = staged.open()
        old, new = delta.triples()
        validation = validate_nodes(db, affected(db, old ^ new))
    else:
        parts = [(ref_graph.identifier.n3(), ref_graph.serialize(format="nt"))]
        parts += [(held[i][1], text(i)) for i in range(len(sources))]
        nquads = sorted_nquads(parts)
        if store is None:
            staged, db = None, store_for(nquads=nquads)
        else:
            staged = prepare(nquads, store, state=state)
            db = staged.open()
        validation = validate_store(db)
    return TextBuild(records, nquads, validation, check(records), len(graphs),
                     len(sources) - len(fresh), db, staged, len(changed) if previous else None)
