"""The dataset part of the static site: dumps and the VoID/DCAT description."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD, Namespace

from .errors import CtocError
from .identifiers import ONTOLOGY
from .vocab import PREFIXES

if TYPE_CHECKING:
    from .site import SiteBuilder

CTOC = Namespace(ONTOLOGY)
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
LICENSE = "https://opensource.org/license/mit"


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
    v = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("xsd", XSD)):
        v.bind(prefix, ns)
    ds = URIRef(self.base + "dataset")
    v.add((ds, RDF.type, VOID.Dataset))
    v.add((ds, RDF.type, DCAT.Dataset))
    v.add((ds, DCTERMS.title, Literal("ctocgraph: CTOC/COP annotated provisional agendas", lang="en")))
    v.add(
        (
            ds,
            DCTERMS.title,
            Literal("ctocgraph：联合国打击跨国有组织犯罪公约缔约方会议临时议程说明", lang="zh"),
        )
    )
    v.add((ds, DCTERMS.license, URIRef(LICENSE)))
    modified = dt.datetime.fromtimestamp(self.nquads.stat().st_mtime, dt.UTC).replace(microsecond=0)
    v.add(
        (
            ds,
            DCTERMS.modified,
            Literal(modified.isoformat().replace("+00:00", "Z"), datatype=XSD.dateTime),
        )
    )
    v.add((ds, VOID.triples, Literal(len(self.union))))
    v.add((ds, VOID.entities, Literal(len(self.resources))))
    v.add((ds, VOID.uriSpace, Literal(self.base)))
    v.add((ds, VOID.vocabulary, URIRef(ONTOLOGY)))
    v.add((ds, VOID.sparqlEndpoint, URIRef(self.site_url + "sparql")))
    for name, media in (
        ("dump.ttl", "text/turtle"),
        ("dump.nq", "application/n-quads"),
        ("dump.jsonld", "application/ld+json"),
    ):
        url = URIRef(self.site_url + name)
        v.add((ds, VOID.dataDump, url))
        dist = URIRef(self.site_url + name + "#distribution")
        v.add((ds, DCAT.distribution, dist))
        v.add((dist, RDF.type, DCAT.Distribution))
        v.add((dist, DCAT.downloadURL, url))
        v.add((dist, DCAT.mediaType, Literal(media)))
    for name, members in classes.items():
        part = URIRef(self.base + f"dataset/class/{name}")
        v.add((ds, VOID.classPartition, part))
        v.add((part, VOID["class"], CTOC[name]))
        v.add((part, VOID.entities, Literal(len(members))))
    for expr in classes.get("Expression", []):
        v.add((ds, DCTERMS.source, URIRef(expr)))
        for pred in (CTOC.sourceFile, CTOC.sha256):
            for o in self.values(expr, pred):
                v.add((URIRef(expr), pred, Literal(o.value)))
    (root / "void.ttl").write_text(v.serialize(format="turtle"), encoding="utf-8")
    return 4
