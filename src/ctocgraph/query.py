"""The query library: ``queries/*.rq`` files with a header, run with safely bound parameters.

A header is comment lines at the top of the file::

    #title: How a resolution governs sessions
    #description: ...
    #param: resolution resolution 7/1 The resolution (7/1, ga:71/1, ecosoc:2014/23)
    #example: ctocgraph query governance --param resolution=7/1

A parameter is ``#param: NAME TYPE DEFAULT DESCRIPTION`` (``-`` for no default: required;
``*`` for optional: left out, or given as ``*``, its variable stays free and the query answers
for every value, e.g. every body). Values are parsed by type and bound as RDF terms through the
store's own binding mechanism; they are never pasted into the query text.

``#narrow: VAR PARAM`` says that the query keeps only rows whose ``?VAR`` is a literal
containing the text of ``PARAM``, case ignored. A store with a literal index then limits
``?VAR`` to the literals that do, with a VALUES block of terms read from the store itself (not
from what the user typed); the query's own FILTER still decides, so the rows are the same.

A ``#page: …`` comment line, in a sub-select after its ORDER BY, says where a page's ``LIMIT``
and ``OFFSET`` go (:func:`sparqltext.paging_point`): that sub-select orders the rows' keys, and
the rest of the query looks up the other columns for the page's rows only.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG

from rdflib import XSD, Literal, URIRef
from rdflib.term import Node
from wcwidth import wcswidth, wcwidth

from .errors import QueryError, SymbolError
from .escape import csv_cell
from .identifiers import DEFAULT_BASE, DocumentSymbol, Iris, ResolutionRef
from .paths import queries_dir
from .sparqltext import inline_values, page_of, paging_point, place_values
from .store import Row, Store, Value

ANY = "*"  # the default of an optional parameter, and the value that leaves it out


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    description: str

    @property
    def optional(self) -> bool:
        """Left out, the variable stays free (see the module docstring)."""
        return self.default == ANY


@dataclass
class LibraryQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: list[Param] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    narrow: tuple[str, str] | None = None  # (variable, parameter): see the module docstring


_TYPES = ("resolution", "session", "body", "symbol", "string", "integer", "language", "iri")
_IRI_OK = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")


def load_query(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    q = LibraryQuery(path.stem, path, text)
    for line in text.splitlines():
        m = re.match(r"^#\s*(title|description|param|example|narrow):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.groups()
        if key == "param":
            parts = value.split(None, 3)
            if len(parts) < 3 or parts[1] not in _TYPES:
                raise QueryError(f"malformed #param line: {line!r}", file=path)
            q.params.append(Param(parts[0], parts[1], None if parts[2] == "-" else parts[2],
                                  parts[3] if len(parts) > 3 else ""))
        elif key == "example":
            q.examples.append(value)
        elif key == "narrow":
            parts = value.split()
            if len(parts) != 2:
                raise QueryError(f"malformed #narrow line (VAR PARAM): {line!r}", file=path)
            q.narrow = (parts[0], parts[1])
        else:
            setattr(q, key, (getattr(q, key) + " " + value).strip())
    if not q.title:
        raise QueryError("query has no #title: header", file=path)
    select = re.search(r"^\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(.*?)\s*WHERE", text, re.S | re.I | re.M)
    if select and not select.group(1):
        # the default graph is the union of the named graphs, where a fact stated by several
        # language versions matches once per graph: without DISTINCT rows would repeat
        raise QueryError("a library query must be SELECT DISTINCT", file=path)
    projected = set(re.findall(r"\?(\w+)", select.group(2))) if select else set()
    try:
        paging_point(text, strict=True)  # a misplaced #page: line is the library's error
    except QueryError as exc:
        raise QueryError(exc.message, file=path) from exc
    if q.narrow and q.narrow[1] not in {p.name for p in q.params}:
        raise QueryError(f"#narrow names no parameter {q.narrow[1]!r}", file=path)
    for p in q.params:
        if p.name not in projected:
            # a parameter is a column of the answer: its rows say what was asked, on every
            # engine (a rule of the library; VALUES blocks would bind it unprojected too)
            raise QueryError(f"parameter ?{p.name} is not in the SELECT clause", file=path)
    return q


def library(folder: Path | None = None) -> dict[str, LibraryQuery]:
    """The queries of a folder, each parsed again only when its file changed: parsing the
    library was a third of a small query's time (0.3 of 0.9 ms), paid on every call."""
    folder = folder or queries_dir()
    found = {}
    for path in sorted(folder.glob("*.rq")):
        q = _query_file(path, path.stat())
        if q is not None:
            found[path.stem] = q
    return found


def _query_file(path: Path, stat: os.stat_result) -> LibraryQuery | None:
    """The query in ``path``, parsed again only when the file changed (``stat``); ``None``
    when ``path`` is no file (a folder named like a query is not one)."""
    return _parsed(path, stat.st_mtime_ns, stat.st_size) if S_ISREG(stat.st_mode) else None


def _named(name: str, folder: Path) -> LibraryQuery:
    """One query of the folder by name, without listing the folder: listing and checking every
    file was a tenth of a small query's time (10,000 documents, ``schedule``: 0.1 of 0.8 ms)."""
    if re.fullmatch(r"[\w-]+", name):
        path = folder / f"{name}.rq"
        try:
            stat = path.stat()
        except OSError:  # no such file: named as missing below
            stat = None
        q = _query_file(path, stat) if stat is not None else None
        if q is not None:
            return q
    raise QueryError(f"no query named {name!r}; available: {', '.join(library(folder))}")


@lru_cache(maxsize=256)
def _parsed(path: Path, mtime_ns: int, size: int) -> LibraryQuery:
    return load_query(path)


def bind(param: Param, raw: str, iris: Iris) -> Node:
    """Parse a parameter value by its declared type into an RDF term, or fail clearly."""
    try:
        if param.type == "resolution":
            return URIRef(iris.act(ResolutionRef.parse(raw)))
        if param.type == "session":
            m = re.fullmatch(r"([a-z0-9-]+)[:/](?:(special)[:/])?(\d+)(?:[:/](reconvened))?",
                             raw.strip())
            if not m:
                raise QueryError("expected BODY:ORDINAL, e.g. wg-som:4 (a reconvened session: "
                                 "ccpcj:31:reconvened; a special session: cnd:special:11)")
            return URIRef(iris.session(m.group(1), int(m.group(3)), bool(m.group(4)),
                                       bool(m.group(2))))
        if param.type == "body":
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", raw.strip()):
                raise QueryError("expected a body key such as wg-som or cop")
            return URIRef(iris.body(raw.strip()))
        if param.type == "symbol":
            return Literal(DocumentSymbol.parse(raw).value)
        if param.type == "integer":
            return Literal(int(raw), datatype=XSD.integer)
        if param.type == "language":
            if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]+)*", raw):
                raise QueryError("expected a language tag such as zh or en")
            return Literal(raw)
        if param.type == "iri":
            if not _IRI_OK.match(raw):
                raise QueryError("expected an http(s) IRI")
            return URIRef(raw)
        return Literal(raw)
    except (SymbolError, ValueError, QueryError) as exc:
        msg = exc.message if isinstance(exc, (SymbolError, QueryError)) else str(exc)
        raise QueryError(f"parameter {param.name}={raw!r} is not a valid {param.type}: {msg}") \
            from exc


def prepare(name: str, params: dict[str, str] | None = None, *, base: str = DEFAULT_BASE,
            folder: Path | None = None) -> tuple[LibraryQuery, dict[str, Node]]:
    """The library query and its parameters parsed into RDF terms (defaults filled in)."""
    q = _named(name, folder or queries_dir())
    params = dict(params or {})
    unknown = set(params) - {p.name for p in q.params}
    if unknown:
        raise QueryError(f"query {name} has no parameter {', '.join(sorted(unknown))}")
    iris = Iris(base)
    bindings: dict[str, Node] = {}
    for p in q.params:
        raw = params.get(p.name, p.default)
        if raw is None:
            raise QueryError(f"query {name} needs --param {p.name}=… ({p.description})")
        if raw.strip() == ANY and p.optional:
            continue
        bindings[p.name] = bind(p, raw, iris)
    return q, bindings


def run(store: Store, name: str, params: dict[str, str] | None = None, *,
        base: str = DEFAULT_BASE, folder: Path | None = None, limit: int | None = None,
        offset: int = 0) -> tuple[list[str], list[Row]]:
    """Run a library query by name; returns the column names and the rows (a page of them
    with ``limit`` and ``offset``)."""
    names, rows = stream(store, name, params, base=base, folder=folder, limit=limit,
                         offset=offset)
    return names, list(rows)


def stream(store: Store, name: str, params: dict[str, str] | None = None, *,
           base: str = DEFAULT_BASE, folder: Path | None = None, limit: int | None = None,
           offset: int = 0) -> tuple[list[str], Iterator[Row]]:
    """The column names, and the rows as the store gives them (one at a time from the
    embedded store, so that a whole-corpus list written out is never held whole)."""
    from .known import check_known

    q, bindings = prepare(name, params, base=base, folder=folder)
    check_known(store, q, bindings, base)
    text = narrowed(q, bindings, store)
    keyed = _keyed(store, text, bindings, limit, offset)
    if keyed is not None:
        text, bindings = keyed, {}
    else:
        text = paged(text, limit, offset)
    select_iter = getattr(store, "select_iter", None)
    if select_iter is not None:
        names, rows = select_iter(text, bindings)
        return names, rows
    names, held = store.select(text, bindings)
    return names, iter(held)


def _check_page(limit: int | None, offset: int) -> None:
    """A page's numbers, checked once for both ways of taking it."""
    if (limit is not None and limit < 0) or offset < 0:
        raise QueryError("--limit and --offset take a number of rows, 0 or more")


def _keyed(store: Store, text: str, bindings: dict[str, Node], limit: int | None,
           offset: int) -> str | None:
    """The page through the key list kept beside an on-disk store version
    (:mod:`pagekeys`), for a page of a query that states its paging point."""
    run = getattr(store, "results_tsv", None)
    folder = getattr(store, "version", None)
    if limit is None or run is None or folder is None or paging_point(text) is None:
        return None
    _check_page(limit, offset)
    from .pagekeys import keyed_page

    return keyed_page(inline_values(text, bindings), limit, offset, folder, run)


def paged(query: str, limit: int | None, offset: int = 0) -> str:
    """The query with ``LIMIT``/``OFFSET``: at its paging point when it states one (the
    ``#page:`` line of the sub-select that orders the rows' keys, so the engine sorts keys
    only), else after its final ORDER BY. The library's queries are ordered to the row and
    have no page of their own, so a page is the same rows on every engine."""
    _check_page(limit, offset)
    if limit is None and not offset:
        return query
    text = page_of(query, limit, offset)
    if text is None:
        raise QueryError("a page is taken of a SELECT that sets no LIMIT or OFFSET of its own")
    return text


# a bound on the query text (≈ 80 bytes a term); narrowing paid off at every size measured
# (10,000 documents: "7/1", 6,478 candidates, 13.9 s -> 0.75 s; "e", 173,958, 33 -> 23 s)
NARROW_MAX = 50_000


def narrowed(q: LibraryQuery, bindings: dict[str, Node], store: Store) -> str:
    """The query text, with ``#narrow``'s variable limited to the store's candidate literals
    when the store has a literal index (10,000 documents: ``find`` 13.5 s → milliseconds)."""
    lookup = getattr(store, "literals_containing", None)
    if q.narrow is None or lookup is None:
        return q.text
    variable, param = q.narrow
    if param not in bindings:
        return q.text
    terms = lookup(str(bindings[param]), NARROW_MAX)
    if terms is None:
        return q.text
    return place_values(q.text, [variable], [[t] for t in terms], outer=False)


def to_dataframe(names: list[str], rows: list[Row]):
    """The rows as a pandas DataFrame (strings, None for unbound), when pandas is installed."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise QueryError("pandas is not installed: pip install pandas") from exc
    return pd.DataFrame([[None if r[n] is None else str(r[n]) for n in names] for r in rows],
                        columns=names)


# -- output -------------------------------------------------------------------------------------
def _short(value: str, base: str) -> str:
    return "id:" + value[len(base):] if value.startswith(base) else value


def format_rows(names: list[str], rows: list[Row], fmt: str = "table",
                base: str = DEFAULT_BASE, raw: bool = False) -> str:
    """Rows as an aligned text table (IRIs shortened to id:…), CSV, TSV or SPARQL-JSON-like.
    CSV and TSV cells a spreadsheet would run as formulas get a leading ``'`` unless ``raw``
    (:func:`escape.csv_cell`)."""
    if fmt != "table":
        return "".join(write_rows(names, rows, fmt, raw))
    return _table(names, rows, base)


def write_rows(names: list[str], rows: Iterable[Row], fmt: str, raw: bool = False) -> Iterator[str]:
    """CSV, TSV or SPARQL JSON, a piece per row as the rows come: what a whole-corpus list
    costs in memory is one row. (An aligned table needs every row first: see ``_table``.)"""
    if fmt == "json":
        yield from _json_rows(names, rows)
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(names)
        for r in rows:
            writer.writerow([csv_cell("" if r[n] is None else str(r[n]), raw) for n in names])
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        yield buf.getvalue()
    else:
        raise QueryError(f"unknown format {fmt!r}; use table, csv, tsv or json")


def _json_rows(names: list[str], rows: Iterable[Row]) -> Iterator[str]:
    """The SPARQL 1.1 JSON results document, indented as ``json.dumps(…, indent=2)`` writes it
    whole, written a binding at a time."""
    marker = "\x00rows\x00"
    whole = json.dumps({"head": {"vars": names}, "results": {"bindings": [marker]}},
                       ensure_ascii=False, indent=2)
    head, tail = whole.split(json.dumps(marker))
    first = True
    for r in rows:
        binding = {n: _json_term(r[n]) for n in names}
        text = json.dumps(binding, ensure_ascii=False, indent=2).replace("\n", "\n      ")
        yield (head if first else ",\n      ") + text
        first = False
    if first:  # no row: an empty list, as json.dumps writes it
        yield json.dumps({"head": {"vars": names}, "results": {"bindings": []}},
                         ensure_ascii=False, indent=2) + "\n"
    else:
        yield tail + "\n"


def _json_term(v: Value | None) -> dict[str, str] | None:
    if v is None:
        return None
    return {"type": v.kind, "value": v.value, **({"xml:lang": v.language} if v.language else {}),
            **({"datatype": v.datatype} if v.datatype else {})}


def _table(names: list[str], rows: list[Row], base: str) -> str:
    cells = [["" if r[n] is None else str(r[n]) for n in names] for r in rows]
    cells = [[clip(_short(c, base)) for c in row] for row in cells]
    widths = [max([_width(n)] + [_width(row[i]) for row in cells]) for i, n in enumerate(names)]
    lines = ["  ".join(_pad(n, w) for n, w in zip(names, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
              for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


TABLE_CELL_WIDTH = 60  # display columns; CSV, TSV and JSON are never cut


def clip(text: str, width: int = TABLE_CELL_WIDTH) -> str:
    """Whitespace collapsed, cut to a display width with an ellipsis (CJK counts double)."""
    text = " ".join(text.split())
    if _width(text) <= width:
        return text
    out = ""
    for ch in text:
        if _width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


def _width(text: str) -> int:
    """Display width in a terminal, by wcwidth: CJK characters take two columns, Arabic vowel
    marks and other combining characters none (counting them as one misaligned Arabic
    tables); a character with no width of its own (a control) counts as one."""
    width = wcswidth(text)
    return width if width >= 0 else sum(max(wcwidth(ch), 1) if wcwidth(ch) else 0 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
