"""An index of the literals a store version holds, for substring search without a scan.

``find`` keeps the labels whose lowercase text contains a string. Oxigraph has no text index,
so the SPARQL filter reads every label of the corpus (13.5 s at 10,000 documents); this index
holds each distinct literal once (214,000 at that size) with its lowercase text, in SQLite
beside the database. A library query that declares ``#narrow: VAR PARAM`` gets ``?VAR`` limited
to the candidates before it runs; its own FILTER still decides, so the index may hold more
than the data (literals removed by an in-place update stay until the next whole load) but
never less.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

INDEX = "literals.sqlite"

# the object of an N-Triples or N-Quads line, when it is a literal: subject and predicate are
# IRIs (no quotes, no spaces), so the first quote opens the object
_LITERAL = re.compile(r'^<[^>]*> <[^>]*> ("(?:[^"\\\n]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)',
                      re.M)


def literal_terms(text: str) -> set[str]:
    """The distinct literal objects of N-Triples or N-Quads text, in N-Triples form."""
    return set(_LITERAL.findall(text))


def _folded(terms: Iterable[str]) -> list[tuple[str, str]]:
    """Each term with its lowercase lexical form (SPARQL's LCASE(STR(…)); Python and Oxigraph
    both use Unicode's full lowercase mapping)."""
    terms = sorted(terms)
    doc = "".join(f"<x:s> <x:p> {t} .\n" for t in terms)
    values = [q.object.value for q in ox.parse(doc, format=ox.RdfFormat.N_TRIPLES)] if doc else []
    return [(t, v.lower()) for t, v in zip(terms, values, strict=True)]


def write(path: Path, terms: Iterable[str]) -> None:
    """Create the index at ``path`` with these literal terms, or add them to it."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS literal "
                   "(term TEXT PRIMARY KEY, folded TEXT NOT NULL) WITHOUT ROWID")
        db.executemany("INSERT OR IGNORE INTO literal VALUES (?, ?)", _folded(terms))
    db.close()


def containing(path: Path, text: str, limit: int) -> list[str] | None:
    """The literal terms whose lowercase form contains ``text`` lowercased, sorted; ``None``
    when there are more than ``limit`` (a list that long would not narrow much)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT term FROM literal WHERE instr(folded, ?) > 0 "
                          "ORDER BY term LIMIT ?", (text.lower(), limit + 1)).fetchall()
    db.close()
    return None if len(rows) > limit else [r[0] for r in rows]
