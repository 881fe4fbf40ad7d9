"""Stage 6, store: an embedded SPARQL store on disk (Oxigraph), or rdflib in memory.

``ctocgraph build`` loads the store; queries read it and never re-parse sources.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from . import literals, storelock
from .errors import CtocError, naming
from .files import alive
from .serialize import split_quad
from .sparqltext import inline_values
from .storefill import fill, text_parts

DEFAULT_STORE = Path(".ctocgraph") / "store"


class StoreError(CtocError):
    """The store is missing, locked or cannot answer."""


@dataclass(frozen=True)
class Value:
    """A query result value, independent of the store that produced it."""

    kind: str  # "iri" | "literal" | "bnode"
    value: str
    datatype: str | None = None
    language: str | None = None

    def __str__(self) -> str:
        return self.value


Row = dict[str, Value | None]


class Store(Protocol):
    """What the query side needs of a store: rows for a SELECT (embedded or remote alike)."""

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]: ...


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def literal(value: str, datatype: str | None, language: str | None) -> Value:
    """A literal value normalised alike for every store: no datatype for plain strings."""
    if language or datatype in (None, XSD_STRING):
        return Value("literal", value, None, language or None)
    return Value("literal", value, datatype, None)


def _from_ox(term: Any) -> Value | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Value("iri", term.value)
    if isinstance(term, ox.Literal):
        return literal(term.value, term.datatype.value, term.language)
    return Value("bnode", str(term))


def _rows(result: ox.QuerySolutions, names: list[str]) -> Iterator[Row]:
    """The solutions as rows, as the engine gives them, a term converted once however often it
    recurs (a session, a body, a language in every row): 10,000 documents, `documents`
    (43,937 rows): 0.8–0.95 s of conversion → 0.3–0.37 s."""
    made: dict[Any, Value] = {}
    for solution in result:
        row: Row = {}
        for name, term in zip(names, solution, strict=True):  # a solution unpacks in order
            if term is None:
                row[name] = None
                continue
            value = made.get(term)
            if value is None:
                value = made[term] = _from_ox(term)  # type: ignore[assignment]
            row[name] = value
        yield row


class OxigraphStore:
    """Oxigraph: in memory (``path=None``), or the store folder that ``load`` built, read-only.

    An on-disk store is opened at the version its folder points at now, and holds that
    version (see :mod:`storelock`) until closed: a build meanwhile makes a new version
    current but never deletes this one under it."""

    def __init__(self, path: Path | None = DEFAULT_STORE):
        self.path = path
        self.version: Path | None = None
        self._use: storelock.VersionUse | None = None
        if path is None:
            self.store = ox.Store()
            return
        if path.is_symlink():
            self._use = storelock.use_current(path)
            if self._use is not None:
                self.version = self._use.version
        db = (self.version or path) / "oxigraph"
        if not db.is_dir():
            self.close()
            raise StoreError(f"no store at {path}; run `ctocgraph build` first")
        try:
            self.store = ox.Store.read_only(str(db))
        except OSError as exc:
            self.close()
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def close(self) -> None:
        """Let the version go (a build may delete it once it is no longer current)."""
        if self._use is not None:
            self._use.close()
            self._use = None

    def literals_containing(self, text: str, limit: int) -> list[str] | None:
        """The literals whose lowercase form contains ``text`` lowercased, from the version's
        literal index; ``None`` without an index (in memory, or an older version) or past
        ``limit``."""
        folder = self.version or self.path
        index = folder / literals.INDEX if folder is not None else None
        if index is None or not index.is_file():
            return None
        return literals.containing(index, text, limit)

    def replace(self, nquads: str) -> None:
        """Replace the whole content with the given dataset (in-memory stores only)."""
        self.store.clear()
        fill(self.store, text_parts(nquads))

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]:
        names, rows = self.select_iter(query, bindings)
        return names, list(rows)

    def results_tsv(self, query: str) -> str | None:
        """A SELECT's answer as SPARQL results TSV (terms in SPARQL syntax): a list's keys,
        kept by :mod:`pagekeys` in this version's folder (:attr:`version`: named by its
        content, so what is kept there never goes stale)."""
        try:
            result = self.store.query(query)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc
        if not isinstance(result, ox.QuerySolutions):
            return None
        out = io.BytesIO()
        result.serialize(out, ox.QueryResultsFormat.TSV)
        return out.getvalue().decode("utf-8")

    def select_iter(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], Iterator[Row]]:
        """The rows one at a time, as the engine finds them: a whole-corpus list written to a
        file is never held in memory. The bindings inlined as VALUES blocks
        (:func:`inline_values`), the same text a server gets: Oxigraph plans a query before
        it substitutes, so a flat join does not start from a substituted parameter but does
        from inlined terms (10,000 documents, one body: `provisions` 108 -> 10 ms,
        `decisions` 47 -> 2 ms), and terms inlined into each sub-select restrict it as
        substitution did (`topics` 21 -> 20 ms, `governance` 76 -> 66 ms)."""
        try:
            result = self.store.query(inline_values(query, bindings))
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("only SELECT queries return rows")
        names = [v.value for v in result.variables]
        return names, _rows(result, names)  # a generator: the engine's rows as they come

    def __len__(self) -> int:
        """The number of quads in the named graphs (the default graph is their union)."""
        result = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result, ox.QuerySolutions)
        return int(next(iter(result))["n"].value)


class RdflibStore:
    """rdflib's in-memory store: slower, but needs nothing beyond rdflib.

    It reads the dataset dump that ``ctocgraph build`` writes beside the on-disk store.
    """

    def __init__(self, dump: Path | None = None) -> None:
        self.ds = Dataset(default_union=True)
        if dump is not None:
            if not dump.is_file():
                raise StoreError(f"no dataset at {dump}; run `ctocgraph build` first")
            self.ds.parse(dump, format="nquads")

    def replace(self, nquads: str) -> None:
        self.ds = Dataset(default_union=True)
        self.ds.parse(data=nquads, format="nquads")

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]:
        result = self.ds.query(query, initBindings=bindings)  # type: ignore[arg-type]
        names = [str(v) for v in result.vars or []]
        rows = []
        for sol in result:
            row: Row = {}
            for n in names:
                t = sol[n]  # type: ignore[call-overload,index]
                if t is None:
                    row[n] = None
                elif isinstance(t, URIRef):
                    row[n] = Value("iri", str(t))
                elif isinstance(t, BNode):
                    row[n] = Value("bnode", str(t))
                else:
                    assert isinstance(t, Literal)
                    lit = t
                    row[n] = literal(str(lit), str(lit.datatype) if lit.datatype else None,
                                     lit.language)
            rows.append(row)
        return names, rows

    def __len__(self) -> int:
        return len(self.ds)


DUMP = "dataset.nq"  # in every store version: the canonical N-Quads of what it holds


def dump_path(store_path: Path) -> Path:
    """The canonical N-Quads of what the store holds, kept inside the store folder."""
    return store_path / DUMP


def open_store(kind: str = "oxigraph", path: Path | None = DEFAULT_STORE) -> Store:
    if kind == "oxigraph":
        return OxigraphStore(path)
    if kind == "rdflib":
        return RdflibStore(dump_path(path) if path is not None else None)
    raise StoreError(f"unknown store {kind!r}; use oxigraph or rdflib")


# the layout of a store folder: v2 holds the deduplicated union in the default graph; v3 keeps
# its dump grouped by named graph (the canonical N-Quads: see serialize.sorted_nquads)
LAYOUT = "v3"


def load(nquads: str, path: Path = DEFAULT_STORE) -> int:
    """Make ``path`` the store of this dataset, atomically; returns the number of quads.

    Each dataset is loaded into its own folder beside ``path`` (named by its content hash)
    with the Oxigraph database and the N-Quads dump; ``path`` is a symbolic link switched to
    it with one atomic rename. A build killed at any moment leaves the previous store as it
    was; loading the same dataset again reuses its folder.
    """
    with storelock.build_lock(path):
        prepare(nquads, path).switch()
    return nquads.count("\n")


@dataclass(frozen=True)
class Delta:
    """What changed since the current store version: the graphs dropped or replaced (names
    in N-Triples form) with their old N-Quads lines, and the new lines of those still there."""

    graphs: frozenset[str]
    removed: list[str]
    added: list[str]

    def triples(self) -> tuple[set[str], set[str]]:
        """The old and the new triples of the changed graphs, without graph names."""
        return ({split_quad(ln)[0] for ln in self.removed},
                {split_quad(ln)[0] for ln in self.added})


@dataclass(frozen=True)
class Staged:
    """A store version loaded beside the current one; ``switch`` makes it current."""

    version: Path
    switch: Callable[[], None]

    def open(self) -> ox.Store:
        return ox.Store.read_only(str(self.version / "oxigraph"))


STATE = "build.json"


def current_version(path: Path = DEFAULT_STORE) -> Path | None:
    """The complete version folder that ``path`` points at, if any."""
    if not path.is_symlink():
        return None
    version = path.resolve()
    return version if (version / "complete").is_file() else None


def prepare(nquads: str, path: Path = DEFAULT_STORE) -> Staged:
    """Load the dataset into its version folder (named by its content) and return the switch
    that makes it current."""
    digest = hashlib.sha256(nquads.encode("utf-8")).hexdigest()[:16]

    def make(folder: Path) -> None:
        db = ox.Store(str(folder / "oxigraph"))
        fill(db, text_parts(nquads))
        # a bulk-loaded database answers whole-corpus queries 2-5x slower until compacted
        # (10,000 documents: optimize 11 s; find 36 -> 18 s, documents 9.6 -> 3.4 s)
        db.optimize()
        db.flush()
        del db  # release Oxigraph's lock before the folder moves
        literals.write(folder / literals.INDEX, literals.literal_terms(nquads))
        from .files import write_atomic

        write_atomic(folder / DUMP, nquads)

    return stage(path, digest, make)


def stage(path: Path, name: str, fill: Callable[[Path], None]) -> Staged:
    """A version folder of the store at ``path``, named ``name``, filled by ``fill`` (the
    Oxigraph database, the ``dataset.nq`` dump, the literal index, and what else the builder
    keeps) unless a complete one of that name exists; returns the switch that makes it
    current. The switch is one rename, so a caller that also replaces an output file can do
    both renames back to back, after all the slow work is done. A build killed at any moment
    leaves the current version as it was.
    """
    parent = path.parent
    parent.mkdir(parents=True, exist_ok=True)
    version = parent / f".{path.name}-{LAYOUT}-{name}"
    if not (version / "complete").is_file():
        tmp = parent / f".{path.name}-tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        tmp.mkdir()
        try:
            fill(tmp)
            from .files import write_atomic

            write_atomic(tmp / "complete", name + "\n")
        except OSError as exc:  # a full disk: the store as it was, no temporary left
            shutil.rmtree(tmp, ignore_errors=True)
            raise naming(exc, path) from exc
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        shutil.rmtree(version, ignore_errors=True)  # a leftover without "complete"
        os.rename(tmp, version)
    link = parent / f".{path.name}-link-{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(version.name, link)

    if path.exists() and not path.is_symlink():
        shutil.rmtree(path)  # a store folder of an older layout
    previous = path.resolve().name if path.is_symlink() else ""

    def switch() -> None:
        os.replace(link, path)  # nothing else here: the caller's rename comes right before
        _prune(parent, path.name, keep={version.name, previous})

    return Staged(version, switch)


def apply_delta(db: ox.Store, delta: Delta) -> None:
    """Replace the changed named graphs and keep the default graph their union.

    A triple leaves the union only when no named graph states it any more; data without
    blank nodes is required (a blank node's identity does not survive a reload).
    """
    if any("_:" in ln for ln in delta.added):
        raise StoreError("an incremental store update needs data without blank nodes")
    for name in sorted(delta.graphs):
        db.remove_graph(ox.NamedNode(name[1:-1]))
    if delta.added:
        db.load("".join(delta.added), format=ox.RdfFormat.N_QUADS)
    old, new = delta.triples()
    gone = "".join(f"{t} .\n" for t in sorted(old - new))
    for q in ox.parse(gone, format=ox.RdfFormat.N_TRIPLES) if gone else []:
        stated = db.quads_for_pattern(q.subject, q.predicate, q.object)
        if not any(not isinstance(x.graph_name, ox.DefaultGraph) for x in stated):
            db.remove(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()))
    if new:
        db.load("".join(f"{t} .\n" for t in sorted(new)), format=ox.RdfFormat.N_TRIPLES)


_OWN = re.compile(r"(v\d+-)?[0-9a-f]{16}|(tmp-\d+|trash)-[0-9a-f]{8}")
_LINK = re.compile(r"link-(\d+)")  # the link a build makes current at its switch


_DELETER = """
import os, shutil, sys
if os.fork() == 0:
    os.setsid()
    for p in sys.argv[1:]:
        shutil.rmtree(p, ignore_errors=True)
os._exit(0)
"""


def _prune(parent: Path, name: str, keep: set[str]) -> list[Path]:
    """Remove store folders other than ``keep``; returns them, renamed, as they go.

    Each folder is renamed to a ``trash`` name here and now, so that no build can take a
    half-deleted version for a complete one; the deleting is left to a detached process, as
    ``git gc --auto`` does, because it waits on the disk: freeing a 10,000-document version
    (its 1.7 GB dump) took 2.2 s here, most of a rebuild. Trash that a killed process left
    goes with the next prune.
    """
    trash = []
    for entry in sorted(parent.glob(f".{name}-*")):
        link = _LINK.fullmatch(entry.name[len(name) + 2:])
        if link and entry.is_symlink() and not alive(int(link.group(1))):
            entry.unlink(missing_ok=True)  # staged by a build that failed or was killed
            continue
        if entry.name in keep or not entry.is_dir() or not _OWN.fullmatch(entry.name[len(name) + 2:]):
            continue  # kept, or another store's folder (``store-b`` beside ``store``)
        if "-tmp-" in entry.name:
            pid = entry.name.split("-tmp-")[1].split("-")[0]
            if pid.isdigit() and alive(int(pid)):
                continue  # another build is writing it
        if "-trash-" not in entry.name:
            held = -1 if "-tmp-" in entry.name else storelock.claim(entry)
            if held is None:
                continue  # a reader (a query, a server) has it open: kept until it is done
            gone = parent / f".{name}-trash-{uuid.uuid4().hex[:8]}"
            try:
                os.rename(entry, gone)
            except FileNotFoundError:
                continue  # another build's prune took it
            finally:
                if held >= 0:
                    os.close(held)
            entry = gone
        trash.append(entry)
    delete_later(trash)
    return trash


def delete_later(folders: list[Path]) -> None:
    """Delete folders that no one uses any more (renamed out of the way by the caller) in a
    detached process; here, where no interpreter can be started for one (an embedded one)."""
    if folders and os.name == "posix" and sys.executable:
        try:  # the child forks the deleter and exits at once: nothing is left to reap here
            subprocess.run([sys.executable, "-I", "-S", "-c", _DELETER, *map(str, folders)],
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
            return
        except (OSError, subprocess.CalledProcessError):
            pass
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)

