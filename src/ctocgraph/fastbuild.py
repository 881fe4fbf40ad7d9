"""The build for large corpora: sources parsed and mapped in worker processes, kept in a cache
by content hash, and everything downstream done on N-Quads text and Oxigraph.

rdflib objects are the cost of the ordinary build (more than half of mapping time, and most of
its memory), and they cannot cross between processes cheaply. Here each worker parses and maps
one source and returns its graph as N-Triples text; the parent only joins text, so the work
spreads over every core, and a source whose bytes (and the reference data, language tables and
program version) have not changed is taken from the cache without being parsed again. The
output is byte-identical to the ordinary build's sorted N-Quads.
"""

from __future__ import annotations

import hashlib
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
from .serialize import sorted_nquads
from .shacl_sparql import store_for, validate_store
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


def build_text(sources: list[Source], reference: Reference, *, base: str = DEFAULT_BASE,
               jobs: int = 0, cache: Path | None = None) -> TextBuild:
    """Parse and map in ``jobs`` processes (0: one per core), reuse cached sources, validate
    the union on Oxigraph. Nothing is written except cache entries."""
    sources = unique_sources(sources)
    program = _program_digest(reference, base)
    keys = [_key(s, program) for s in sources]
    results: dict[int, Mapped] = {}
    if cache is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for i, key in enumerate(keys):
            entry = cache / f"{key}.pickle"
            if entry.is_file():
                try:
                    results[i] = pickle.loads(entry.read_bytes())
                except (pickle.UnpicklingError, EOFError, AttributeError):
                    entry.unlink(missing_ok=True)  # a damaged entry is made again
    hits = len(results)
    todo = [i for i in range(len(sources)) if i not in results]
    workers = min(jobs or os.cpu_count() or 1, max(len(todo), 1))
    if todo:
        if workers > 1:
            with ProcessPoolExecutor(workers, initializer=_init,
                                     initargs=(str(reference.folder), base)) as pool:
                for i, mapped in zip(todo, pool.map(_map, [sources[i] for i in todo], chunksize=4),
                                     strict=True):
                    results[i] = mapped
        else:
            _init(str(reference.folder), base)
            for i in todo:
                results[i] = _map(sources[i])
        if cache is not None:
            for i in todo:
                tmp = cache / f".{keys[i]}.{os.getpid()}.tmp"
                tmp.write_bytes(pickle.dumps(results[i], protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, cache / f"{keys[i]}.pickle")
    ref_graph = reference_to_rdf(reference, Iris(base))
    parts = [(ref_graph.identifier.n3(), ref_graph.serialize(format="nt"))]
    parts += [(results[i].graph, results[i].ntriples) for i in range(len(sources))]
    nquads = sorted_nquads(parts)
    graphs = {name for name, _ in parts}
    store = store_for(nquads=nquads)
    records = [results[i].record for i in range(len(sources))]
    return TextBuild(records, nquads, validate_store(store), check(records), len(graphs), hits,
                     store)
