"""The per-source cache of the build, and the worker processes that fill it.

Each worker parses and maps one source, writes what later stages read of it to the cache (its
block of the canonical N-Quads, literal terms, cross-language facts, record and summary) and
returns only the summary: rdflib objects cannot cross between processes cheaply. A source
whose bytes, and the program (every file of the package, the language tables, the reference
data and the base), have not changed is not parsed again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path

from ._version import __version__
from .build import parse_source
from .consistency import Fact, facts
from .errors import naming
from .identifiers import Iris
from .manifest import KEPT_PREFIX, KEPT_SUFFIX, Source
from .mapping import to_block
from .model import AgendaRecord
from .progress import track
from .reference import Reference
from .store import delete_later
from .summary import Summary

_WORKER: tuple[Reference, Iris, Cache] | None = None


def _init(reference_folder: str, base: str, cache: str) -> None:
    global _WORKER
    _WORKER = (Reference(Path(reference_folder)), Iris(base), Cache(Path(cache)))


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


def program_digest(reference: Reference, base: str) -> str:
    """What every cached entry depends on besides its own source (the entries' layout too:
    a new layout is a new cache folder, and the old one is retired)."""
    h = hashlib.sha256(f"{__version__}\0{base}\0".encode() + Cache._MAGIC)
    for path in reference.files():
        h.update(path.read_bytes())
    # every file of the package, by construction: a hand-kept list of modules missed some,
    # and an edit there served stale entries
    folder = Path(str(resources.files("ctocgraph")))
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".py", ".toml")
                       and "__pycache__" not in p.parts):
        h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def source_key(source: Source, program: str) -> str:
    h = hashlib.sha256(program.encode())
    h.update(f"\0{source.symbol}\0{source.language}\0{source.status}\0{source.label}\0".encode())
    # a manifest's sha256 was checked against the file when the manifest was read
    h.update((source.sha256 or source.digest()).encode())
    return h.hexdigest()


class Cache:
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
    def generation(cls, root: Path, program: str) -> Cache:
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


def map_sources(tasks: list[tuple[Source, str]], reference: Reference, base: str, jobs: int,
             cache: Path) -> list[tuple[str, Summary]]:
    workers = min(jobs or os.cpu_count() or 1, max(len(tasks), 1))
    args = (str(reference.folder), base, str(cache))
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_init, initargs=args) as pool:
            return list(track(pool.map(_map, tasks, chunksize=4), "reading sources", len(tasks)))
    # in this process, the reference data already read: read again, it was a fifth of a small
    # build, and its language tables compiled again for each build (they are cached per
    # reference object)
    global _WORKER
    _WORKER = (reference, Iris(base), Cache(cache))
    return [_map(t) for t in track(tasks, "reading sources")]
