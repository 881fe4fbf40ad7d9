"""What the public SPARQL endpoint refuses before a query reaches the engine.

The endpoint answers from its own store and never reaches the network. Oxigraph runs a
``SERVICE`` clause by fetching the named server, and matches keywords without a word boundary
(``service:x { … }`` with an empty prefix, or ``?o trueSERVICE <x> { … }``, are SERVICE
clauses); a lexer of our own could also disagree with Oxigraph's on where a string, an IRI or
a comment starts (in ``FILTER(?a<?b)#x>`` the ``<`` is an operator and the rest a comment).
So the rule does not depend on lexing: a query holding the letters ``service`` anywhere, in
any case, is refused. A string or IRI that must hold them can write a letter as an escape
(``serv\\u0069ce``), which Oxigraph decodes inside strings and IRIs only. Updates sent as a
query (``INSERT``, ``LOAD`` …) are refused as updates (403). ``FROM`` and ``FROM NAMED`` are
read here so that the worker can refuse graphs the store does not hold (Oxigraph never
fetches them, but a clear refusal beats an empty answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sparqltext import mask

UPDATE_WORDS = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy",
                "with"}
_SERVICE = re.compile(r"service", re.I)
_WORD = re.compile(r"(?<![\w?$:@])[A-Za-z]+(?![\w:])")
_SPACE = re.compile(r"(?:\s|#[^\n]*)*")  # space and comments, read on the query
# read on the query itself, at offsets found on its mask (where IRIs and comments are blanks)
_DECLARATION = re.compile(r"(?i:base)\s*<[^>]*>|(?i:prefix)\s*([\w.-]*):\s*<([^>]*)>")
_FROM = re.compile(r"(?<![\w?$:@])(?i:from)(?![\w:])(?:\s*(?i:named)(?![\w:]))?")
_GRAPH = re.compile(r"(?:<([^<>\"{}|^`\\\x00-\x20]*)>|([\w.-]*):([\w.:%-]*))")


class Refused(Exception):
    """A query the public endpoint does not run; ``status`` is the HTTP answer."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Checked:
    """A query the endpoint may run, with the graphs its dataset clauses name (full IRIs)."""

    text: str
    graphs: tuple[str, ...]


def check(query: str) -> Checked:
    """The query if the public endpoint may run it, else :class:`Refused` (400 or 403)."""
    masked = mask(query)
    prefixes: dict[str, str] = {}
    at = 0
    while True:  # the prologue: BASE and PREFIX declarations, comments between them
        at = _SPACE.match(query, at).end()  # type: ignore[union-attr]
        declared = _DECLARATION.match(query, at)
        if declared is None:
            break
        if declared.group(2) is not None:
            prefixes[declared.group(1)] = declared.group(2)
        at = declared.end()
    first = _WORD.match(masked, at)
    if first is not None and first.group().lower() in UPDATE_WORDS:
        raise Refused(403, "this SPARQL endpoint is read-only: updates are refused")
    if _SERVICE.search(query):
        raise Refused(400, "SERVICE is refused: this endpoint never queries other servers "
                      "(the letters 'service' are refused anywhere in a query; inside a string "
                      "or IRI write one of them as an escape, e.g. \"serv\\u0069ce\")")
    graphs = []
    for m in _FROM.finditer(masked):
        iri = _GRAPH.match(query, _SPACE.match(query, m.end()).end())  # type: ignore[union-attr]
        if iri is None:
            continue  # not a dataset clause: Oxigraph reports the syntax
        if iri.group(1) is not None:
            graphs.append(iri.group(1))
        elif iri.group(2) in prefixes:
            graphs.append(prefixes[iri.group(2)] + iri.group(3))
        else:
            raise Refused(400, f"FROM {iri.group(2)}:{iri.group(3)}: unknown prefix")
    return Checked(query, tuple(graphs))
