"""The dataset part of the static site: dumps and the VoID/DCAT description."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from .errors import CtocError
from .vocab import PREFIXES
from .void import CTOC, Description, describe

if TYPE_CHECKING:
    from .site import SiteBuilder



class SiteError(CtocError):
    pass


def to_rdflib(term: object) -> URIRef | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):  # RDF 1.1: a simple literal is an xsd:string
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise SiteError(f"blank nodes cannot be published as linked data: {term}")


def write_dataset(self: SiteBuilder, root: Path, classes: dict[str, list[str]]) -> int:
    """The whole dataset as Turtle, JSON-LD and N-Quads, and its VoID and DCAT description."""
    union = Graph()
    for prefix, ns in PREFIXES.items():
        union.bind(prefix, ns, replace=True)
    for s, p, o in self.union:
        if isinstance(s, ox.NamedNode):
            union.add((URIRef(s.value), URIRef(p.value), to_rdflib(o)))
    (root / "dump.ttl").write_text(union.serialize(format="turtle"), encoding="utf-8")
    (root / "dump.jsonld").write_text(
        union.serialize(format="json-ld", context=self.context["@context"], auto_compact=True),
        encoding="utf-8",
    )
    shutil.copyfile(self.nquads, root / "dump.nq")
    modified = dt.datetime.fromtimestamp(self.nquads.stat().st_mtime, dt.UTC).replace(microsecond=0)
    files = [(self.site_url + name, media) for name, media in (
        ("dump.ttl", "text/turtle"),
        ("dump.nq", "application/n-quads"),
        ("dump.jsonld", "application/ld+json"),
    )]
    sources = [(expr, file.value, sha.value) for expr in classes.get("Expression", [])
               for file in self.values(expr, CTOC.sourceFile) for sha in self.values(expr, CTOC.sha256)]
    v = describe(Description(
        self.base + "dataset", self.base, len(self.union), len(self.resources),
        {name: len(members) for name, members in classes.items()}, files, sources,
        (DCTERMS.modified, Literal(modified.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime)),
        endpoint=self.site_url + "sparql"))
    (root / "void.ttl").write_text(v.serialize(format="turtle"), encoding="utf-8")
    return 4
