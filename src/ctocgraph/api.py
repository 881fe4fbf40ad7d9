"""The Python API a notebook user would guess: open the graph that ``ctocgraph build`` made,
ask a library query with keyword parameters, and get typed rows, a typed pandas DataFrame or a
networkx view.

    >>> import ctocgraph
    >>> with ctocgraph.open() as kg:                                # doctest: +SKIP
    ...     rows = kg.query("governance", resolution="7/1")
    ...     frame = kg.frame("governance", resolution="7/1")      # needs pandas

Values come typed as the graph types them: integers as ``int``, ``xsd:date`` as
``datetime.date``, ``xsd:dateTime`` as ``datetime.datetime``, booleans as ``bool``, IRIs and
texts as ``str`` (a text's language is in :meth:`KnowledgeGraph.select`'s raw values).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import QueryError
from .identifiers import DEFAULT_BASE
from .query import library
from .query import run as run_query
from .store import DEFAULT_STORE, Row, Store, Value, open_store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{XSD}{t}" for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                   "positiveInteger", "negativeInteger", "nonPositiveInteger",
                                   "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def python_value(value: Value | None) -> Any:
    """A result value as the Python value a notebook expects; a literal whose lexical form
    does not fit its datatype stays a string (nothing is invented)."""
    if value is None:
        return None
    if value.kind != "literal" or value.datatype is None:
        return value.value
    datatype, text = value.datatype, value.value
    try:
        if datatype in _INTEGERS:
            return int(text)
        if datatype == f"{XSD}date":
            return dt.date.fromisoformat(text)
        if datatype == f"{XSD}dateTime":
            return dt.datetime.fromisoformat(text)
        if datatype == f"{XSD}time":
            return dt.time.fromisoformat(text)
        if datatype == f"{XSD}boolean":
            return text in ("true", "1")
        if datatype == f"{XSD}decimal":
            return Decimal(text)
        if datatype in (f"{XSD}double", f"{XSD}float"):
            return float(text)
    except ValueError:
        return text
    return text


class KnowledgeGraph:
    """The built graph, read-only: the embedded store (default) or a remote SPARQL endpoint."""

    def __init__(self, store: Store, base: str = DEFAULT_BASE):
        self.store, self.base = store, base

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        close = getattr(self.store, "close", None)
        if close is not None:
            close()

    @staticmethod
    def queries() -> dict[str, dict[str, str]]:
        """The library's queries: for each, its parameters and what each means."""
        return {name: {p.name: p.description for p in q.params}
                for name, q in sorted(library().items())}

    def select(self, name: str, **params: object) -> tuple[list[str], list[Row]]:
        """A library query's columns and raw rows (values with their datatype and language)."""
        return run_query(self.store, name, {k: str(v) for k, v in params.items()}, base=self.base)

    def query(self, name: str, **params: object) -> list[dict[str, Any]]:
        """A library query's rows, typed: ``kg.query("governance", resolution="7/1")``."""
        names, rows = self.select(name, **params)
        return [{n: python_value(r[n]) for n in names} for r in rows]

    def sparql(self, text: str) -> list[dict[str, Any]]:
        """An ad-hoc SELECT query's rows, typed (the usual prefixes are declared)."""
        from .adhoc import prepare_select

        names, rows = self.store.select(prepare_select(text), {})
        return [{n: python_value(r[n]) for n in names} for r in rows]

    def frame(self, name: str, **params: object) -> pd.DataFrame:
        """A library query's rows as a pandas DataFrame with typed columns: integers as
        ``Int64``, dates and times as ``datetime64``, booleans as ``boolean``, the rest as
        ``string`` (pandas: ``pip install 'ctocgraph[pandas]'``)."""
        names, rows = self.select(name, **params)
        return to_frame(names, rows)

    def view(self, name: str = "governance", lang: str = "en") -> nx.MultiDiGraph:
        """A view of the graph as networkx (see ``ctocgraph export --help`` for the views)."""
        from .views import view

        return view(self.store, name, lang)


def to_frame(names: list[str], rows: list[Row]) -> pd.DataFrame:
    """Rows as a DataFrame whose column types follow the values' datatypes."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise QueryError("pandas is not installed: pip install 'ctocgraph[pandas]'") from exc
    columns = {}
    for n in names:
        values = [python_value(r[n]) for r in rows]
        kinds = {type(v) for v in values if v is not None}
        if kinds == {int}:
            columns[n] = pd.array(values, dtype="Int64")
        elif kinds in ({dt.date}, {dt.datetime}):
            columns[n] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif kinds == {bool}:
            columns[n] = pd.array(values, dtype="boolean")
        elif kinds == {float} or kinds == {Decimal}:
            columns[n] = pd.array([None if v is None else float(v) for v in values], dtype="Float64")
        else:
            columns[n] = pd.array([None if v is None else str(v) for v in values], dtype="string")
    return pd.DataFrame(columns, columns=names)


def open(path: Path | str = DEFAULT_STORE, *, endpoint: str | None = None,
         engine: str = "oxigraph", base: str = DEFAULT_BASE,
         timeout: float = 60.0) -> KnowledgeGraph:
    """The graph ``ctocgraph build`` loaded (``.ctocgraph/store`` by default), or a remote
    SPARQL endpoint (``endpoint=URL``)."""
    if endpoint is not None:
        from .remote import RemoteStore

        return KnowledgeGraph(RemoteStore(endpoint, timeout=timeout), base)
    return KnowledgeGraph(open_store(engine, Path(path)), base)
