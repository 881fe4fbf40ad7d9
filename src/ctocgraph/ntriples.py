"""Literals as the mapper states them, and the N-Triples writer for them.

Making rdflib Literals (lexical checks, normalisation) was a third of mapping, and adding to
rdflib's store more than half of it: the mapper states :class:`Lit` values and this module
writes the rows as rdflib's N-Triples serializer would (tests/test_ntriples.py holds it to
that on every kind of term).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from rdflib import URIRef

from .vocab import XSD


class Lit(NamedTuple):
    """A literal as the mapper states it: the Python value, as rdflib's ``Literal`` takes it.

    Making rdflib Literals (lexical checks, normalisation) was a third of mapping; the
    N-Triples writer formats these itself and only :func:`to_rdf` makes rdflib terms."""

    value: str | int | bool | dt.date | dt.time
    lang: str | None = None
    datatype: URIRef | None = None


@lru_cache(maxsize=4096)
def integer(n: int) -> Lit:
    """Line numbers and orders recur on every span."""
    return Lit(n)


def rows_of(triples: Iterable[tuple[str, str, str | Lit]]) -> tuple[dict[str, None], set[str]]:
    """A graph's distinct rows (N-Triples lines without the final `` .``), in the order
    stated, and its literal objects in N-Triples form."""
    rows: dict[str, None] = {}
    terms: set[str] = set()
    join = "".join
    for s, p, o in triples:
        # join, not an f-string: formatting a str subclass (URIRef) goes through __format__,
        # five times slower per IRI
        if isinstance(o, Lit):
            obj = literal_nt(o)
            terms.add(obj)
            rows[join(("<", s, "> <", p, "> ", obj))] = None
        else:
            rows[join(("<", s, "> <", p, "> <", o, ">"))] = None
    return rows, terms


# datatype IRIs as plain strings: an f-string formats a URIRef (a str subclass) through
# __format__, several times slower (see rows_of)
_XSD_TYPES = tuple((kind, str(iri)) for kind, iri in (
    (bool, XSD.boolean), (int, XSD.integer), (dt.datetime, XSD.dateTime), (dt.date, XSD.date),
    (dt.time, XSD.time)))  # datetime before date: a subclass
_XSD_INTEGER = str(XSD.integer)


def literal_nt(term: Lit) -> str:
    """A literal as rdflib's N-Triples serializer writes it (``nt._nt_row``) for the literal
    rdflib would make of the value (the test holds it to that); IRIs, which :class:`Iris`
    and the namespaces mint, are written as they are, without checking them again per use."""
    value, lang, datatype = term
    if isinstance(value, str):
        text = value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"') \
            .replace("\r", "\\r")
        if lang:
            return f'"{text}"@{lang}'
        return "".join(('"', text, '"^^<', datatype, ">")) if datatype else f'"{text}"'
    if type(value) is int:  # line numbers, orders, ordinals: the most frequent after text
        return f'"{value}"^^<{_XSD_INTEGER}>'
    for kind, xsd in _XSD_TYPES:
        if isinstance(value, kind):
            lexical = ("true" if value else "false") if kind is bool else \
                str(value) if kind is int else value.isoformat()  # type: ignore[union-attr]
            return f'"{lexical}"^^<{xsd}>'
    raise TypeError(f"no literal for {value!r}")
