"""The VoID and DCAT description of the dataset, shared by the static site and the releases.

The site describes the dataset as built (last modified, its SPARQL endpoint); a release
describes one version of it (``dcat:version``, issued on its date, ``dcterms:isVersionOf`` the
dataset, ``dcat:previousVersion`` the release it was compared with) and every file it holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, XSD, Namespace

from .identifiers import ONTOLOGY

CTOC = Namespace(ONTOLOGY)
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
LICENSE = "https://opensource.org/license/mit"
TITLES = {"en": "ctocgraph: CTOC/COP annotated provisional agendas",
          "zh": "ctocgraph：联合国打击跨国有组织犯罪公约缔约方会议临时议程说明"}


@dataclass
class Description:
    """What VoID and DCAT say of a dataset or of one release of it."""

    iri: str
    base: str
    triples: int
    entities: int
    classes: dict[str, int]  # ctoc class name -> instances
    files: list[tuple[str, str]]  # (URL, media type); RDF dumps are also void:dataDump
    sources: list[tuple[str, str, str]] = field(default_factory=list)  # (expression, file, sha256)
    dated: tuple[URIRef, Literal] | None = None  # (dcterms:modified or dcterms:issued, date)
    endpoint: str | None = None
    version: str | None = None
    dataset: str | None = None  # the dataset a release is a version of
    previous: str | None = None  # the release before this one


DUMPS = {"text/turtle", "application/n-quads", "application/ld+json"}


def describe(d: Description) -> Graph:
    v = Graph()
    for prefix, ns in (("void", VOID), ("dcat", DCAT), ("dcterms", DCTERMS), ("xsd", XSD)):
        v.bind(prefix, ns)
    ds = URIRef(d.iri)
    v.add((ds, RDF.type, VOID.Dataset))
    v.add((ds, RDF.type, DCAT.Dataset))
    for lang, title in TITLES.items():
        v.add((ds, DCTERMS.title, Literal(title, lang=lang)))
    v.add((ds, DCTERMS.license, URIRef(LICENSE)))
    if d.dated is not None:
        v.add((ds, *d.dated))
    if d.version is not None:
        v.add((ds, DCAT.version, Literal(d.version)))
        v.add((ds, OWL.versionInfo, Literal(d.version)))
    if d.dataset is not None:
        v.add((ds, DCTERMS.isVersionOf, URIRef(d.dataset)))
    if d.previous is not None:
        v.add((ds, DCAT.previousVersion, URIRef(d.previous)))
    v.add((ds, VOID.triples, Literal(d.triples)))
    v.add((ds, VOID.entities, Literal(d.entities)))
    v.add((ds, VOID.uriSpace, Literal(d.base)))
    v.add((ds, VOID.vocabulary, URIRef(ONTOLOGY)))
    if d.endpoint is not None:
        v.add((ds, VOID.sparqlEndpoint, URIRef(d.endpoint)))
    _files(v, ds, d.files)
    for name, count in d.classes.items():
        part = URIRef(d.iri + f"/class/{name}")
        v.add((ds, VOID.classPartition, part))
        v.add((part, VOID["class"], CTOC[name]))
        v.add((part, VOID.entities, Literal(count)))
    for expr, file, sha in d.sources:
        v.add((ds, DCTERMS.source, URIRef(expr)))
        v.add((URIRef(expr), CTOC.sourceFile, Literal(file)))
        v.add((URIRef(expr), CTOC.sha256, Literal(sha)))
    return v


def _files(v: Graph, ds: URIRef, files: Iterable[tuple[str, str]]) -> None:
    for url, media in files:
        if media in DUMPS:
            v.add((ds, VOID.dataDump, URIRef(url)))
        dist = URIRef(url + "#distribution")
        v.add((ds, DCAT.distribution, dist))
        v.add((dist, RDF.type, DCAT.Distribution))
        v.add((dist, DCAT.downloadURL, URIRef(url)))
        v.add((dist, DCAT.mediaType, Literal(media)))
