"""Parameters placed into SPARQL query text, for engines that take only text.

A query's parameters reach every engine as VALUES blocks: at the start of the outer group, and
at the start of each sub-select that projects the parameter's variable. Engines evaluate a
sub-select before joining it, so a value joined only outside leaves the sub-select to run over
the whole corpus; inside, it restricts it (Oxigraph server, 10,000 documents: `governance`
4.7 s → tens of milliseconds). Inside or outside, the answer is the same: a sub-select's rows
that disagree with the value are removed by the outer join anyway.
"""

from __future__ import annotations

import re

from rdflib.term import Node

from .errors import QueryError

# what may hold text that looks like a keyword or a brace: strings (long ones first), IRIs and
# comments; masked out, position for position, before the query's structure is read
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.S,
)
_SELECT = re.compile(r"\bSELECT\b", re.I)
_WHERE = re.compile(r"\bWHERE\s*$", re.I)
_PARENS = re.compile(r"\([^()]*\)")
_VARIABLE = re.compile(r"[?$](\w+)")


def mask(query: str) -> str:
    """The query with strings, IRIs and comments blanked (newlines kept): same length, so an
    offset found in the mask is an offset in the query."""
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)


def _selects(masked: str) -> list[tuple[int, set[str] | None]]:
    """Each SELECT's group: the offset just inside its opening brace, and the variables it
    projects as such (not those it computes with AS); ``None`` for ``SELECT *``."""
    found = []
    for m in _SELECT.finditer(masked):
        brace = masked.find("{", m.end())
        if brace < 0:
            continue
        head = _WHERE.sub("", masked[m.end():brace])
        while True:  # drop (expression AS ?name), innermost parentheses first
            shorter = _PARENS.sub(" ", head)
            if shorter == head:
                break
            head = shorter
        projected = None if "*" in head else set(_VARIABLE.findall(head))
        found.append((brace + 1, projected))
    return found


def insert_at_where(query: str, block: str) -> str:
    """The query with ``block`` at the start of its outer group (the first SELECT's)."""
    selects = _selects(mask(query))
    if not selects:
        raise QueryError("cannot bind parameters: the query has no SELECT … WHERE { group")
    at = selects[0][0]
    return query[:at] + block + query[at:]


def _values(names: list[str], bindings: dict[str, Node]) -> str:
    return (f"VALUES ({' '.join('?' + n for n in names)}) "
            f"{{ ({' '.join(bindings[n].n3() for n in names)}) }}")


def inline_values(query: str, bindings: dict[str, Node]) -> str:
    """The query with its bindings as VALUES blocks: every binding at the start of the outer
    group (in scope for filters in OPTIONALs there), and the bindings a sub-select projects at
    the start of that sub-select's group.

    Terms are serialised by rdflib from values that were parsed and validated by type, so
    nothing a user typed reaches the text as is.
    """
    if not bindings:
        return query
    selects = _selects(mask(query))
    if not selects:
        raise QueryError("cannot bind parameters: the query has no SELECT … WHERE { group")
    blocks = [(selects[0][0], f"\n  {_values(sorted(bindings), bindings)}\n")]
    for at, projected in selects[1:]:
        names = sorted(n for n in bindings if projected is not None and n in projected)
        if names:
            blocks.append((at, f" {_values(names, bindings)}"))
    for at, block in sorted(blocks, reverse=True):
        query = query[:at] + block + query[at:]
    return query
