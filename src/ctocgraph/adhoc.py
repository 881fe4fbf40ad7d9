"""Ad-hoc SELECT queries, as a researcher types them: the usual prefixes declared, an update
refused as such, and a syntax error told in one line with its line and column.

The query is checked on an empty in-memory Oxigraph store before it goes to the real one (or to
a server): parsing is the engine's own, and a server's long error page never reaches the user.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from .errors import QueryError
from .sparqltext import mask

# the vocabularies the ontology uses, as an ad-hoc query may name them without declaring them
USUAL_PREFIXES = {
    "ctoc": "https://w3id.org/ctocgraph/ontology#",
    "id": "https://w3id.org/ctocgraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
}
_DECLARED = re.compile(r"(?i)\bPREFIX\s+([\w.-]*):")
# in the masked text, where an IRI is blanks
_PROLOGUE = re.compile(r"(?is)\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*)*")
_FORM = re.compile(r"(?i)\s*([a-z]+)")
_UPDATES = {"insert", "delete", "load", "clear", "drop", "create", "add", "move", "copy", "with"}
_AT = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)


def with_prefixes(text: str) -> str:
    """The query with the usual prefixes it does not declare itself declared before it, on
    one line, so its own line numbers are unchanged but for that first line."""
    declared = {m.group(1) for m in _DECLARED.finditer(mask(text))}
    missing = [f"PREFIX {p}: <{iri}>" for p, iri in USUAL_PREFIXES.items() if p not in declared]
    return (" ".join(missing) + "\n" if missing else "") + text


def prepare_select(text: str) -> str:
    """The query ready to run: a SELECT with the usual prefixes; anything else is a
    :class:`QueryError` in one line."""
    masked = mask(text)
    prologue = _PROLOGUE.match(masked)
    form = _FORM.match(masked, prologue.end() if prologue else 0)
    keyword = form.group(1).lower() if form else ""
    if keyword in _UPDATES:
        raise QueryError(f"the store is read-only: a SPARQL Update ({keyword.upper()} …) is not "
                         "run; `ctocgraph build` makes the graph")
    full = with_prefixes(text)
    added = 1 if full != text else 0
    try:
        ox.Store().query(full)
    except SyntaxError as exc:
        raise QueryError(one_line(str(exc), text, added)) from None
    if keyword != "select":
        raise QueryError(f"only SELECT queries are run here, not {keyword.upper() or 'this'}; "
                         "`ctocgraph export` writes the graph")
    return full


def one_line(message: str, text: str, added: int = 0) -> str:
    """Oxigraph's syntax error (``error at 1:36: expected one of …`` and a page of character
    classes) as one line: where, the text there, and what was expected in short."""
    m = _AT.search(message)
    if not m:
        return "SPARQL syntax error: " + _short(message)
    line, column = int(m.group(1)) - added, int(m.group(2))
    lines = text.split("\n")
    near = lines[line - 1][max(0, column - 1):].strip() if 0 < line <= len(lines) else ""
    detail = m.group(3)
    if detail.startswith("expected one of"):
        detail = "unexpected text"
    where = f"line {line}, column {column}" if line > 0 else f"column {column}"
    return f"SPARQL syntax error at {where}" + (f" near {_short(near, 30)!r}" if near else "") + \
        f": {_short(detail)}"


def _short(text: str, width: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
