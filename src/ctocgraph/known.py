"""A query's parameter that names something the graph does not hold is an error, not "(0
rows)": ``body=nonexistent``, ``session=wg-som:99``, ``resolution=99/9``, ``lang=xx`` each
answer in one line naming the values the graph does hold.

One small query per parameter, on the store that answers the query (local or remote), and only
for the kinds of value a graph enumerates: bodies, sessions, acts, languages, symbols.
"""

from __future__ import annotations

import re

from rdflib.term import Node

from .errors import QueryError, SymbolError
from .identifiers import ResolutionRef
from .query import LibraryQuery
from .store import Store

_CTOC = "https://w3id.org/ctocgraph/ontology#"
# kind of parameter → (the class its value is an instance of, the graph's values of it)
# (a parameter of the kind "resolution" names an act: a resolution, or a decision of the
# register's early sessions written decision:1/2)
_CLASSES = {"body": f"<{_CTOC}Body>", "session": f"<{_CTOC}Session>",
            "resolution": f"<{_CTOC}Resolution> <{_CTOC}Decision>"}
_LANGUAGES = """SELECT DISTINCT (LANG(?t) AS ?x) WHERE {
  ?s <http://purl.org/dc/terms/title> ?t FILTER (LANG(?t) != "") } ORDER BY ?x"""
# a text in the language, found at once when there is one (listing the languages reads every title)
_ONE_TEXT = """SELECT ?s WHERE {
  ?s <http://purl.org/dc/terms/title> ?t FILTER (LANG(?t) = "{lang}") } LIMIT 1"""
_SYMBOLS = f"SELECT ?x WHERE {{ ?d <{_CTOC}symbol> ?x }} LIMIT 1"
_SHOWN = 12  # values named in a message


def check_known(store: Store, q: LibraryQuery, bindings: dict[str, Node], base: str) -> None:
    """Raise :class:`QueryError` for the first parameter whose value the graph lacks."""
    for p in q.params:
        value = bindings.get(p.name)
        if value is None:
            continue
        if p.type in _CLASSES:
            cls = _CLASSES[p.type]
            _, rows = store.select(f"SELECT ?x WHERE {{ VALUES ?x {{ <{value}> }} "
                                   f"VALUES ?c {{ {cls} }} ?x a ?c }} LIMIT 1", {})
            if not rows:
                _, all_rows = store.select(f"SELECT DISTINCT ?x WHERE {{ VALUES ?c {{ {cls} }} "
                                           "?x a ?c }", {})
                written = {_written(p.type, str(r["x"]), base) for r in all_rows
                           if r["x"] and "/agenda/" not in str(r["x"])}
                held = sorted((w for w in written if _nameable(p.type, w)), key=_natural)
                if p.type == "session":  # the sessions of the body asked for, if it has any
                    body = _written(p.type, str(value), base).split(":")[0]
                    held = [h for h in held if h.startswith(f"{body}:")] or held
                raise QueryError(f"{p.name}={_written(p.type, str(value), base)}: "
                                 f"no such {p.type} in the graph; {_listed(held)}")
        elif p.type == "language":
            _, rows = store.select(_ONE_TEXT.replace("{lang}", str(value)), {})
            if rows:
                continue
            _, rows = store.select(_LANGUAGES, {})
            held = [str(r["x"]) for r in rows if r["x"] is not None]
            if held:
                raise QueryError(f"{p.name}={value}: the graph has no text in this language; "
                                 f"{_listed(held, 'languages')}")
        elif p.type == "symbol":
            _, rows = store.select(_SYMBOLS.replace("?d <", f'VALUES ?x {{ "{value}" }} ?d <'), {})
            if not rows:
                raise QueryError(f"{p.name}={value}: no document with this symbol in the graph")


def _natural(value: str) -> list[object]:
    """wg-som:4 before wg-som:10, 5/1 before 10/1: numbers as numbers, words as words."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part)
            for part in re.split(r"(\d+)", value)]


def _nameable(kind: str, written: str) -> bool:
    """Whether the parameter can be given this value: an act is named by its number, so the
    extended Bureau's decisions (dated, ``decision/cop-extended-bureau/2019-08-30``) are not
    offered to a parameter of the kind resolution."""
    if kind != "resolution":
        return True
    try:
        ResolutionRef.parse(written)
    except SymbolError:
        return False
    return True


def _written(kind: str, iri: str, base: str) -> str:
    """An IRI as the parameter is written: ``wg-som``, ``wg-som:4``, ``7/1``, ``ga:71/1``."""
    rest = iri.removeprefix(base)
    if kind == "body":
        return rest.removeprefix("body/")
    if kind == "session":
        body, _, ordinal = rest.removeprefix("session/").rpartition("/")
        return f"{body}:{ordinal}"
    kind_word, _, tail = rest.partition("/")
    issuer, _, number = tail.partition("/")
    written = number if issuer == "cop" else f"{issuer}:{number}"
    return written if kind_word == "resolution" else f"{kind_word}:{written}"


def _listed(values: list[str], what: str = "the graph holds") -> str:
    if not values:
        return "the graph holds none"
    more = f" and {len(values) - _SHOWN} more" if len(values) > _SHOWN else ""
    head = "the graph holds" if what == "the graph holds" else f"{what} in the graph:"
    return f"{head} {', '.join(values[:_SHOWN])}{more}"
