"""Stage 6, store: an embedded SPARQL store on disk (Oxigraph), or rdflib in memory.

``ctocgraph build`` loads the store; queries read it and never re-parse sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef
from rdflib.term import Node

from .errors import CtocError

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
    def replace(self, nquads: str) -> None: ...
    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]: ...
    def __len__(self) -> int: ...


def _ox_term(node: Node) -> Any:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise StoreError(f"cannot bind {node!r}")


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


class OxigraphStore:
    """Oxigraph on disk (or in memory with ``path=None``); the default store."""

    def __init__(self, path: Path | None = DEFAULT_STORE, *, create: bool = True):
        self.path = path
        if path is not None and not create and not path.exists():
            raise StoreError(f"no store at {path}; run `ctocgraph build` first")
        try:
            self.store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def replace(self, nquads: str) -> None:
        """Replace the whole content with the given dataset (one bulk load)."""
        self.store.clear()
        self.store.bulk_load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        self.store.flush()

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]:
        subs = {ox.Variable(k): _ox_term(v) for k, v in bindings.items()}
        try:
            result = self.store.query(query, use_default_graph_as_union=True, substitutions=subs)
        except SyntaxError as exc:
            raise StoreError(f"SPARQL syntax error: {exc}") from exc
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("only SELECT queries return rows")
        names = [v.value for v in result.variables]
        rows = [{n: _from_ox(sol[n]) for n in names} for sol in result]
        return names, rows

    def __len__(self) -> int:
        return len(self.store)


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
        result = self.ds.query(query, initBindings=bindings)
        names = [str(v) for v in result.vars or []]
        rows = []
        for sol in result:
            row: Row = {}
            for n in names:
                t = sol[n]  # type: ignore[index]
                if t is None:
                    row[n] = None
                elif isinstance(t, URIRef):
                    row[n] = Value("iri", str(t))
                elif isinstance(t, BNode):
                    row[n] = Value("bnode", str(t))
                else:
                    lit: Literal = t
                    row[n] = literal(str(lit), str(lit.datatype) if lit.datatype else None,
                                     lit.language)
            rows.append(row)
        return names, rows

    def __len__(self) -> int:
        return len(self.ds)


def dump_path(store_path: Path) -> Path:
    """Where build keeps the canonical N-Quads of what it loaded: beside the store."""
    return store_path.with_name(store_path.name + ".nq")


def open_store(kind: str = "oxigraph", path: Path | None = DEFAULT_STORE, *,
               create: bool = False) -> Store:
    if kind == "oxigraph":
        return OxigraphStore(path, create=create)
    if kind == "rdflib":
        return RdflibStore(dump_path(path) if path is not None else None)
    raise StoreError(f"unknown store {kind!r}; use oxigraph or rdflib")


def load(nquads: str, path: Path = DEFAULT_STORE) -> OxigraphStore:
    """Load a dataset into the on-disk store, replacing what it held; keep its dump beside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    store = OxigraphStore(path)
    store.replace(nquads)
    from .build import write_atomic

    write_atomic(dump_path(path), nquads)
    return store
