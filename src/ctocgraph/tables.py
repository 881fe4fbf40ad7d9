"""The tidy tables of a release, read from the store by SPARQL and written as CSV and Parquet.

An entity table is read a column at a time (one query per column over the table's rows): each
query is a plain join that Oxigraph answers from its indexes, where one query holding every
column as an OPTIONAL would multiply rows on a multi-valued property instead of refusing it.
Values are converted by the column's kind (``xsd:integer`` to an integer, ``xsd:date`` to a
date …); a literal of another datatype, or a second value for one row, stops the release.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import CtocError
from .escape import csv_cell
from .store import Row, Store, Value
from .tabledefs import SPARQL_PREFIXES, Column, Table

XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = {"integer": XSD + "integer", "boolean": XSD + "boolean", "date": XSD + "date",
             "datetime": XSD + "dateTime"}
PARSE: dict[str, Callable[[str], Any]] = {
    "integer": int,
    "boolean": lambda v: v in ("true", "1"),
    "date": dt.date.fromisoformat,
    "datetime": dt.datetime.fromisoformat,
}


class TableError(CtocError):
    """The graph holds a value a table cannot hold as declared."""


@dataclass
class Rows:
    """A table's rows: one list of values per column, in key order."""

    table: Table
    columns: dict[str, list[Any]]

    def __len__(self) -> int:
        return len(next(iter(self.columns.values())))


def _convert(table: Table, column: Column, row: str, value: Value) -> Any:
    if column.kind == "iri":
        if value.kind != "iri":
            raise TableError(f"table {table.name}: {row}: {column.name} is {value.value!r}, not an IRI")
        return value.value
    if value.kind != "literal":
        raise TableError(f"table {table.name}: {row}: {column.name} is not a literal")
    if column.kind == "string":
        return value.value
    if value.datatype != DATATYPES[column.kind]:
        raise TableError(f"table {table.name}: {row}: {column.name} is {value.value!r} of type "
                         f"{value.datatype}, not {DATATYPES[column.kind]}")
    try:
        return PARSE[column.kind](value.value)
    except ValueError as exc:
        raise TableError(f"table {table.name}: {row}: {column.name}: {exc}") from exc


def column_query(table: Table, column: Column) -> str:
    """The SELECT giving (?row, ?value) for one column of an entity table; for a column of one
    language, the values of every language (the columns of a path's languages share it)."""
    if column.pattern is not None:
        where = column.pattern
    else:
        where = f"?row {column.path} ?value ."
        if column.lang:
            where += ' FILTER (LANG(?value) != "")'
    return f"{SPARQL_PREFIXES}SELECT DISTINCT ?row ?value WHERE {{ {table.rows} {where} }}"


def rows_query(table: Table) -> str:
    """The SELECT giving the rows: their IRIs (entity table) or their columns (link table)."""
    names = " ".join(f"?{c.name}" for c in table.columns) if table.link else "?row"
    return f"{SPARQL_PREFIXES}SELECT DISTINCT {names} WHERE {{ {table.rows} }}"


def read_table(store: Store, table: Table) -> Rows:
    """The rows of ``table`` from ``store``, sorted by their key."""
    _, found = store.select(rows_query(table), {})
    if table.link:
        tuples = sorted({tuple(_convert(table, c, "", r[c.name]) if r[c.name] is not None else None  # type: ignore[arg-type]
                               for c in table.columns) for r in found},
                        key=lambda t: tuple("" if v is None else str(v) for v in t))
        return Rows(table, {c.name: [t[i] for t in tuples] for i, c in enumerate(table.columns)})
    keys = sorted({r["row"].value for r in found if r["row"] is not None and r["row"].kind == "iri"})
    position = {k: i for i, k in enumerate(keys)}
    out: dict[str, list[Any]] = {table.columns[0].name: keys}
    answers: dict[str, list[Row]] = {}  # by query: a path's six languages are one query
    for column in table.columns[1:]:
        values: list[Any] = [None] * len(keys)
        query = column_query(table, column)
        if query not in answers:
            answers[query] = store.select(query, {})[1]
        for r in answers[query]:
            row, value = r["row"], r["value"]
            if row is None or value is None or row.value not in position:
                continue
            if column.lang and value.language != column.lang:
                continue
            i = position[row.value]
            converted = _convert(table, column, row.value, value)
            if values[i] is not None and values[i] != converted:
                raise TableError(f"table {table.name}: {row.value} has two values of "
                                 f"{column.name} ({values[i]!r}, {converted!r}); a table holds one")
            values[i] = converted
        if column.required and None in values:
            missing = keys[values.index(None)]
            raise TableError(f"table {table.name}: {missing} has no {column.name}")
        out[column.name] = values
    return Rows(table, out)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def csv_text(rows: Rows, raw: bool = False) -> str:
    """CSV (UTF-8, a header line, LF line ends); an empty cell is a missing value. Text cells a
    spreadsheet would run as a formula get a leading ``'`` unless ``raw``
    (:func:`escape.csv_cell`); the Parquet file keeps them as written."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = [c.name for c in rows.table.columns]
    writer.writerow(names)
    strings = {c.name for c in rows.table.columns if c.kind == "string"}
    for i in range(len(rows)):
        writer.writerow([csv_cell(_cell(rows.columns[n][i]), raw) if n in strings
                         else _cell(rows.columns[n][i]) for n in names])
    return buf.getvalue()


def write_parquet(rows: Rows, path: Path) -> None:
    """Parquet with one typed column per column (IRIs and text as strings, dates as date32,
    date-times as timestamps in seconds without a time zone: the agendas give local times).

    The file holds no time or host: pyarrow writes the schema and its own version
    (``created_by``), so the same rows give the same bytes with the same pyarrow."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"iri": pa.string(), "string": pa.string(), "integer": pa.int64(),
             "boolean": pa.bool_(), "date": pa.date32(), "datetime": pa.timestamp("s")}
    schema = pa.schema([pa.field(c.name, types[c.kind], nullable=not c.required)
                        for c in rows.table.columns])
    data = pa.table({c.name: pa.array(rows.columns[c.name], type=types[c.kind])
                     for c in rows.table.columns}, schema=schema)
    pq.write_table(data, path, compression="zstd", compression_level=9)
