"""The build for large corpora: sources parsed and mapped in worker processes, kept in a cache
by content hash, and everything downstream done on N-Quads files and Oxigraph.

rdflib objects are the cost of the ordinary build (more than half of mapping time, and most of
its memory), and they cannot cross between processes cheaply. Here each worker parses and maps
one source, writes what later stages read of it to the cache (its block of the canonical N-Quads,
literal terms, cross-language facts, record and summary) and returns only the summary; a source
whose bytes (and the reference data, language tables and program version) have not changed is
not parsed again.

The canonical N-Quads hold one block per named graph (see ``serialize.sorted_nquads``), so
the dump of a new store version is written block by block: a block whose graph has not changed
is copied as bytes from the current version's dump, at the offset its ``build.json`` records,
and nothing holds the whole corpus in memory. When few graphs changed, the new version starts
as a copy of the current database (hard links) with only those graphs replaced, and only the
focus nodes they can affect are validated, since a committed version has no violations.
The output is byte-identical to the ordinary build's N-Quads.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import pickle
import shutil
import struct
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph

from . import literals
from ._version import __version__
from .build import acceptable, parse_source, unique_sources
from .consistency import Fact, Inconsistency, compare, facts
from .errors import ManifestError, naming
from .files import copy_atomic, copy_range, link_atomic
from .identifiers import DEFAULT_BASE, ONTOLOGY, Iris
from .manifest import KEPT_PREFIX, KEPT_SUFFIX, Source
from .mapping import reference_to_rdf, to_block
from .model import AgendaRecord
from .progress import step, track
from .reference import Reference
from .serialize import dataset_of, graph_block, graphs_of
from .shacl_sparql import affected, validate_nodes, validate_store
from .store import DUMP, STATE, Delta, Staged, apply_delta, current_version, delete_later, stage
from .summary import Summary
from .validate import ValidationReport, validate

SUMMARIES = "summaries.pickle"
_FORMAT = 3  # of build.json: graph → [key, block bytes, quads, ctoc:cites quads]
_CITES = f" <{ONTOLOGY}cites> ".encode()
# at most this many quads per bulk load, in batches of even size: Oxigraph's bulk loader holds
# the input of one call in memory, and every further call costs time (10,000 generated
# documents, 7.1 million quads and as many union triples, load and peak of the process, three
# runs each: two calls of 7.5 million 67.9–80.2 s, 1,788–1,936 MiB; four of 4 million
# 67.4–73.6 s, 1,669–1,727 MiB; eight of 2 million 79.6 s, 1,385 MiB)
_LOAD_QUADS = 4_000_000


@dataclass(frozen=True)
class Block:
    """One named graph's block in a store version's dump."""

    key: str
    size: int
    quads: int
    cites: int

    @classmethod
    def of(cls, key: str, data: bytes) -> Block:
        return cls(key, len(data), data.count(b"\n"), data.count(_CITES))


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


_WORKER: tuple[Reference, Iris, _Cache] | None = None


def _init(reference_folder: str, base: str, cache: str) -> None:
    global _WORKER
    _WORKER = (Reference(Path(reference_folder)), Iris(base), _Cache(Path(cache)))


def _map(task: tuple[Source, str]) -> tuple[str, Summary]:
    """Parse and map one source, keep everything in the cache, return what the parent needs."""
    assert _WORKER is not None
    reference, iris, cache = _WORKER
    source, key = task
    record = parse_source(source, reference)
    # the block as the dump holds it and the literal index's terms, made here in parallel;
    # the facts stay in the cache (270 MB at 10,000 documents, read a symbol at a time)
    graph, block, terms = to_block(record, iris, reference, source.status)
    summary = Summary.of(record)
    cache.put(key, graph, summary, record, block, terms, facts(record))
    return graph, summary


def _program_digest(reference: Reference, base: str) -> str:
    """What every cached entry depends on besides its own source (the entries' layout too:
    a new layout is a new cache folder, and the old one is retired)."""
    h = hashlib.sha256(f"{__version__}\0{base}\0".encode() + _Cache._MAGIC)
    for path in reference.files():
        h.update(path.read_bytes())
    # every file of the package, by construction: a hand-kept list of modules missed some,
    # and an edit there served stale entries
    folder = Path(str(resources.files("ctocgraph")))
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".toml")
                       and "__pycache__" not in p.parts):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _key(source: Source, program: str) -> str:
    h = hashlib.sha256(program.encode())
    h.update(f"\0{source.symbol}\0{source.language}\0{source.status}\0{source.label}\0".encode())
    # a manifest's sha256 was checked against the file when the manifest was read
    h.update((source.sha256 or source.digest()).encode())
    return h.hexdigest()


class _Cache:
    """Per source, by key, one file: its graph as a block of the canonical N-Quads, the
    graph's literal terms, the summary with the graph name, the facts the cross-language
    check compares, and the record (read only by ``--coverage``). A header gives each part's
    length, so a build reads only the parts it needs. One file, written whole and renamed into
    place, is an entry that is there or is not: five files and a rename each were a third of
    a worker's time (2.2 of 6.4 ms a document)."""

    _HEADER = struct.Struct("<8s5Q")
    _MAGIC = b"ctoc-e1\n"
    _PARTS = ("block", "terms", "summary", "facts", "record")

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def generation(cls, root: Path, program: str) -> _Cache:
        """The cache of this program (its code, language tables, reference data and base) in
        its own folder under ``root``. No key of a program hits another's entries, so the
        other folders are retired: moved aside at once and deleted in the background. Each
        program used to add its entries beside the others' for good, 2 GB at 10,000
        documents. A flat folder of entries (the layout before generations) goes whole."""
        folder = root / program[:16]
        root.mkdir(parents=True, exist_ok=True)
        with os.scandir(root) as found:  # the parsed manifest kept beside them stays
            others = [Path(e.path) for e in found if e.name != folder.name
                      and not (e.name.startswith(KEPT_PREFIX) and e.name.endswith(KEPT_SUFFIX))]
        if any(not p.is_dir() or p.is_symlink() for p in others):
            aside = root.with_name(f".{root.name}-trash-{os.urandom(4).hex()}")
            os.rename(root, aside)
            root.mkdir()
            delete_later([aside])
        elif others:
            trash = []
            for other in others:
                aside = root / f".trash-{os.urandom(4).hex()}"
                try:
                    os.rename(other, aside)
                except FileNotFoundError:
                    continue  # another build retired it
                trash.append(aside)
            delete_later(trash)
        return cls(folder)

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.entry"

    def _part(self, key: str, part: str) -> bytes | None:
        """One part of an entry; ``None`` when the entry is missing or cut short."""
        try:
            with self._path(key).open("rb") as fh:
                head = fh.read(self._HEADER.size)
                if len(head) != self._HEADER.size:
                    return None
                magic, *sizes = self._HEADER.unpack(head)
                if magic != self._MAGIC:
                    return None
                i = self._PARTS.index(part)
                fh.seek(sum(sizes[:i]), os.SEEK_CUR)
                data = fh.read(sizes[i])
                return data if len(data) == sizes[i] else None
        except OSError:
            return None

    def _unpickle(self, key: str, part: str) -> object:
        """An entry's pickled part; ``None`` when it is missing or damaged."""
        data = self._part(key, part)
        try:
            return None if data is None else pickle.loads(data)
        except (pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError,
                ImportError, IndexError):
            return None

    def summary(self, key: str) -> tuple[str, Summary] | None:
        found = self._unpickle(key, "summary")
        if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], Summary)):
            self._path(key).unlink(missing_ok=True)  # damaged (or missing): made again
            return None
        return found

    def record(self, key: str) -> AgendaRecord | None:
        found = self._unpickle(key, "record")
        return found if isinstance(found, AgendaRecord) else None

    def block(self, key: str) -> bytes:
        """The source's graph as a block of the canonical N-Quads."""
        data = self._part(key, "block")
        if data is None:
            raise OSError(f"cache entry {self._path(key)} is missing or damaged")
        return data

    def facts(self, key: str) -> dict[str, Fact] | None:
        """The source's language-neutral facts, for the cross-language check."""
        found = self._unpickle(key, "facts")
        return found if isinstance(found, dict) else None

    def terms(self, key: str) -> set[str] | None:
        """The literal terms of the source's graph (N-Triples escapes line feeds)."""
        data = self._part(key, "terms")
        return None if data is None else set(data.decode("utf-8").split("\n")) - {""}

    def put(self, key: str, graph: str, summary: Summary, record: AgendaRecord, block: bytes,
            terms: set[str], facts: dict[str, Fact]) -> None:
        parts = (block, "\n".join(sorted(terms)).encode("utf-8"),
                 pickle.dumps((graph, summary), pickle.HIGHEST_PROTOCOL),
                 pickle.dumps(facts, pickle.HIGHEST_PROTOCOL),
                 pickle.dumps(record, pickle.HIGHEST_PROTOCOL))
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            with tmp.open("wb") as fh:
                fh.write(self._HEADER.pack(self._MAGIC, *map(len, parts)))
                for data in parts:
                    fh.write(data)
            os.replace(tmp, self._path(key))
        except OSError as exc:  # a full disk: what the parent reads of the source is lost
            tmp.unlink(missing_ok=True)
            raise naming(exc, self._path(key)) from exc


def _map_all(tasks: list[tuple[Source, str]], reference: Reference, base: str, jobs: int,
             cache: Path) -> list[tuple[str, Summary]]:
    workers = min(jobs or os.cpu_count() or 1, max(len(tasks), 1))
    args = (str(reference.folder), base, str(cache))
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_init, initargs=args) as pool:
            return list(track(pool.map(_map, tasks, chunksize=4), "reading sources", len(tasks)))
    _init(*args)
    return [_map(t) for t in track(tasks, "reading sources")]


@dataclass
class _Previous:
    """The current store version, made by a ``--jobs`` build of the same program."""

    version: Path
    blocks: dict[str, Block]  # by graph name, in dump order
    summaries: dict[str, tuple[str, Summary]]  # by key
    inconsistencies: dict[str, list[Inconsistency]]  # by symbol, where there are some

    def offsets(self) -> dict[str, int]:
        out, at = {}, 0
        for name, block in self.blocks.items():
            out[name] = at
            at += block.size
        return out


def _previous(store: Path | None, program: str) -> _Previous | None:
    version = None if store is None else current_version(store)
    if version is None or not (version / STATE).is_file():
        return None
    try:
        state = json.loads((version / STATE).read_text(encoding="utf-8"))
        if state.get("format") != _FORMAT or state.get("program") != program:
            return None
        blocks = {name: Block(*entry) for name, entry in state["graphs"].items()}
        kept = pickle.loads((version / SUMMARIES).read_bytes())
        summaries, inconsistencies = kept["summaries"], kept["inconsistencies"]
        stat = (version / DUMP).stat()
    except (OSError, ValueError, TypeError, KeyError, pickle.UnpicklingError, EOFError,
            AttributeError):
        return None
    if list(blocks) != sorted(blocks) or state.get("dump") != [stat.st_size, stat.st_mtime_ns] \
            or stat.st_size != sum(b.size for b in blocks.values()):
        return None  # not the dump this program wrote (changed through the output's link?)
    return _Previous(version, blocks, summaries, inconsistencies)


class _Reader(io.RawIOBase):
    """A file-like object over an iterator of byte chunks, for Oxigraph's bulk loader."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._rest = memoryview(b"")  # a view: taking a read off it copies nothing

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            try:
                self._rest = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def _union(dump: Path, blocks: dict[str, Block]) -> Iterator[bytes]:
    """Every quad of the dump as a triple of the default graph, block by block: the union
    of the named graphs, which Oxigraph keeps as a set (a fact stated by several language
    versions once)."""
    return _read(dump, 0, blocks, union=True)


def _read(dump: Path, offset: int, blocks: dict[str, Block], union: bool) -> Iterator[bytes]:
    """Neighbouring blocks of the dump from ``offset``, as quads or as triples."""
    with dump.open("rb") as fh:
        fh.seek(offset)
        for name, block in blocks.items():
            data = fh.read(block.size)
            yield data.replace(f" {name} .\n".encode(), b" .\n") if union else data


def _batches(blocks: dict[str, Block]) -> Iterator[tuple[int, dict[str, Block]]]:
    """Runs of neighbouring blocks of about even size, about ``_LOAD_QUADS`` quads at most,
    each with its offset in the dump."""
    total = sum(b.quads for b in blocks.values())
    runs = max(1, -(-total // _LOAD_QUADS))
    offset, done, cut = 0, 0, 0
    batch: dict[str, Block] = {}
    for name, block in blocks.items():
        if batch and done + block.quads > total * (cut + 1) / runs:
            yield offset, batch
            offset += sum(b.size for b in batch.values())
            batch, cut = {}, cut + 1
        batch[name] = block
        done += block.quads
    if batch:
        yield offset, batch


@dataclass
class _Dump:
    """The new dump, written block by block."""

    blocks: dict[str, Block]
    changed: set[str]  # the graphs that changed, came or went
    # with ``keep`` only (an in-place update needs them; a whole build would hold the corpus):
    removed: dict[str, bytes]  # the previous blocks of the graphs that changed or went away
    added: dict[str, bytes]  # the new blocks of the graphs that changed or came


def _write_dump(path: Path, graphs: dict[str, str], previous: _Previous | None,
                new_block: Callable[[str], bytes], keep: bool = False,
                sync: bool = True) -> _Dump:
    """Write the graphs (name → key) in name order: a block with its previous key copied
    from the previous dump, any other one made by ``new_block``; ``keep`` the bytes of the
    blocks that changed; ``sync`` the file to disk (a store version's dump; a scratch dump is not,
    the output file copied from it is: 1.7 GB at 10,000 documents, 2.2 s on a slow disk)."""
    out = _Dump({}, set(), {}, {})
    old = previous.blocks if previous is not None else {}
    offsets = previous.offsets() if previous is not None else {}
    src = os.open(previous.version / DUMP, os.O_RDONLY) if previous is not None else -1
    dst = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)  # less the umask
    run = [0, 0]  # the previous dump's bytes still to copy: offset, size

    def flush() -> None:
        if run[1]:
            copy_range(src, dst, run[0], run[1])
        run[:] = [0, 0]

    try:
        for name in sorted(graphs.keys() | old.keys()):
            before = old.get(name)
            if before is not None and before.key == graphs.get(name):
                if run[0] + run[1] != offsets[name]:
                    flush()
                    run[0] = offsets[name]
                run[1] += before.size  # neighbours are copied in one call
                out.blocks[name] = before
                continue
            flush()
            out.changed.add(name)
            if before is not None and keep:
                out.removed[name] = os.pread(src, before.size, offsets[name])
            if name in graphs:
                data = new_block(name)
                _write_all(dst, data)
                out.blocks[name] = Block.of(graphs[name], data)
                if keep:
                    out.added[name] = data
        flush()
        if sync:
            os.fsync(dst)
    finally:
        os.close(dst)
        if src >= 0:
            os.close(src)
    return out


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def build_text(sources: list[Source], reference: Reference, *, base: str = DEFAULT_BASE,
               jobs: int = 0, cache: Path | None = None, store: Path | None = None,
               output: Path | None = None) -> BuildResult:
    """Parse and map in ``jobs`` processes (0: one per core), reuse cached sources, and write,
    load and validate a new version of the ``store`` beside the current one (in a temporary
    folder and an in-memory store without one). Nothing is made current: see
    ``BuildResult.staged``. Without a store, the temporary folder is beside ``output`` (the
    file the dump will become), and a failed write of the dump names it."""
    sources = unique_sources(sources)
    program = _program_digest(reference, base)
    keys = [_key(s, program) for s in sources]
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix=".ctocgraph-build-",
                                          dir=output.parent if output is not None else None)
    entries = _Cache.generation(cache, program) if cache is not None else \
        _Cache(Path(scratch.name) / "cache")
    previous = _previous(store, program)
    known = previous.summaries if previous is not None else {}
    held: dict[int, tuple[str, Summary]] = {}
    for i, key in enumerate(keys):
        found = known.get(key) or entries.summary(key)
        if found is not None:
            held[i] = found
    todo = [i for i in range(len(sources)) if i not in held]
    try:
        held.update(zip(todo, _map_all([(sources[i], keys[i]) for i in todo], reference, base,
                                       jobs, entries.folder), strict=True))
    except OSError as exc:  # a write in the temporary folder: the output's, for the user
        raise _told(exc, scratch.name, output) from exc
    ref_graph = reference_to_rdf(reference, Iris(base))
    ref_name = ref_graph.identifier.n3()
    graphs = {ref_name: program} | {held[i][0]: keys[i] for i in range(len(sources))}

    inconsistencies = _consistency(sources, keys, held, entries, previous, reference)
    summaries = [held[i][1] for i in range(len(sources))]
    by_key = {key: held[i] for i, key in enumerate(keys)}

    def new_block(name: str) -> bytes:
        if name == ref_name:
            return graph_block(name, ref_graph.serialize(format="nt", encoding="utf-8"))
        return entries.block(graphs[name])

    state = {"program": program, "graphs": dict(sorted(graphs.items()))}
    name = hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:16]
    before = {g: b.key for g, b in previous.blocks.items()} if previous is not None else {}
    changing = {g for g in graphs.keys() | before.keys() if graphs.get(g) != before.get(g)}
    in_place = previous is not None and len(changing) <= len(graphs) // 4
    made: dict[str, Any] = {}  # what ``fill`` made: the dump, and an in-place update's delta

    def fill(folder: Path) -> None:
        dump = made["dump"] = _write_dump(folder / DUMP, graphs, previous, new_block, in_place)
        if in_place:
            assert previous is not None
            ox.Store.read_only(str(previous.version / "oxigraph")).backup(str(folder / "oxigraph"))
            db = ox.Store(str(folder / "oxigraph"))
            apply_delta(db, made.setdefault("delta", _delta(dump)))
            if (previous.version / literals.INDEX).is_file():
                shutil.copyfile(previous.version / literals.INDEX, folder / literals.INDEX)
                terms = literals.literal_terms(b"".join(dump.added.values()).decode("utf-8"))
            else:
                terms = _literal_terms(folder / DUMP, dump.blocks, graphs, entries)
        else:
            db = ox.Store(str(folder / "oxigraph"))
            _load(db, folder / DUMP, dump.blocks)
            # a bulk-loaded database answers whole-corpus queries 2-5x slower until compacted
            # (10,000 documents: optimize 11 s; find 36 -> 18 s, documents 9.6 -> 3.4 s)
            db.optimize()
            terms = _literal_terms(folder / DUMP, dump.blocks, graphs, entries)
        db.flush()
        del db  # release Oxigraph's lock before the folder moves
        literals.write(folder / literals.INDEX, terms)
        os.chmod(folder / DUMP, 0o444)  # shared with the output file (see BuildResult.write)
        _save_state(folder, program, dump.blocks, by_key, inconsistencies)

    if store is not None:
        staged: Staged | None = stage(store, name, fill)
        assert staged is not None
        dump_path = staged.version / DUMP
        db = staged.open()
    else:
        staged = None
        dump_path = Path(scratch.name) / DUMP
        try:
            made["dump"] = _write_dump(dump_path, graphs, None, new_block, sync=False)
        except OSError as exc:
            raise _told(naming(exc, dump_path), scratch.name, output) from exc
        db = ox.Store()  # the union only: validation reads the default graph
        db.bulk_load(io.BufferedReader(_Reader(_union(dump_path, made["dump"].blocks)), 1 << 20),
                     format=ox.RdfFormat.N_TRIPLES)
    dump = made.get("dump")
    step("validating")
    if dump is not None and in_place and store is not None:
        old, new = made["delta"].triples()
        validation = validate_nodes(db, affected(db, old ^ new))
    elif dump is None and previous is not None and previous.version == dump_path.parent:
        validation = ValidationReport(True)  # nothing changed: the current version conforms
    else:
        validation = validate_store(db)  # loaded whole, or found complete but never made current
    blocks = dump.blocks if dump is not None else _blocks(dump_path.parent)

    def load_records() -> list[AgendaRecord]:
        return [entries.record(k) or parse_source(s, reference) for s, k in zip(sources, keys,
                                                                               strict=True)]

    replaced = len(dump.changed) if dump is not None and in_place and store is not None else None
    return BuildResult(
        summaries, dump_path, validation,
        [i for found in inconsistencies.values() for i in found],
        len(graphs), sum(b.quads for b in blocks.values()), sum(b.cites for b in blocks.values()),
        len(sources) - len(todo), db, load_records, staged, replaced, scratch)


def _told(exc: OSError, scratch: str, output: Path | None) -> OSError:
    """A failed write in the build's temporary folder, told as the output's: the temporary
    file is gone when the user reads the message, and the output is what was being made."""
    if output is not None and str(exc.filename or "").startswith(scratch):
        return OSError(exc.errno, exc.strerror or str(exc), str(output))
    return exc


def _delta(dump: _Dump) -> Delta:
    def lines(blocks: dict[str, bytes]) -> list[str]:
        # line feeds only: str.splitlines would also split at U+2028 inside a literal
        return [f"{ln}\n" for ln in b"".join(blocks.values()).decode("utf-8").split("\n") if ln]

    return Delta(frozenset(dump.changed), lines(dump.removed), lines(dump.added))


def _load(db: ox.Store, dump: Path, blocks: dict[str, Block]) -> None:
    """Bulk loads of the named graphs, then of their union into the default graph, a batch
    of blocks at a time: Oxigraph's bulk loader holds what one call loads in memory."""
    batches = list(_batches(blocks))
    for union in (False, True):
        for offset, batch in batches:
            chunks = _read(dump, offset, batch, union)
            db.bulk_load(io.BufferedReader(_Reader(chunks), 1 << 20), format=ox.RdfFormat.N_QUADS)


def _literal_terms(dump: Path, blocks: dict[str, Block], graphs: dict[str, str],
                   entries: _Cache) -> set[str]:
    """The literal terms of every graph: from the cache, or read from the dump."""
    terms: set[str] = set()
    with dump.open("rb") as fh:
        for name, block in blocks.items():
            found = entries.terms(graphs[name])
            if found is None:  # the reference data's graph, or a cache entry lost
                found = literals.literal_terms(fh.read(block.size).decode("utf-8"))
            else:
                fh.seek(block.size, os.SEEK_CUR)
            terms |= found
    return terms


def _save_state(folder: Path, program: str, blocks: dict[str, Block],
                by_key: dict[str, tuple[str, Summary]],
                inconsistencies: dict[str, list[Inconsistency]]) -> None:
    """What the next build reads instead of the sources: each graph's block and key, each
    source's summary, and the inconsistencies per symbol."""
    stat = (folder / DUMP).stat()
    state = {"format": _FORMAT, "program": program, "dump": [stat.st_size, stat.st_mtime_ns],
             "graphs": {n: [b.key, b.size, b.quads, b.cites] for n, b in blocks.items()}}
    (folder / STATE).write_text(json.dumps(state, indent=0), encoding="utf-8")
    kept = {"summaries": by_key, "inconsistencies": inconsistencies}
    (folder / SUMMARIES).write_bytes(pickle.dumps(kept, pickle.HIGHEST_PROTOCOL))


def _consistency(sources: list[Source], keys: list[str], held: dict[int, tuple[str, Summary]],
                 entries: _Cache, previous: _Previous | None,
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


def _blocks(version: Path) -> dict[str, Block]:
    state = json.loads((version / STATE).read_text(encoding="utf-8"))
    return {name: Block(*entry) for name, entry in state["graphs"].items()}


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
