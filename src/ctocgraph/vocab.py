"""The vocabularies the graph is written in, and their prefixes, in one place: the mapping
writes with them, the serialisations, the site and the pages bind them.

Terms are made once per name: rdflib's namespaces build (and its closed namespaces check) a
new URIRef on every attribute access, a fifth of the cost of mapping.
"""

from __future__ import annotations

from typing import Any

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV


class _Vocabulary(Namespace):
    """A namespace that makes each term once: ``CTOC.firstLine`` otherwise builds and
    checks a new URIRef on every use (a fifth of the cost of mapping)."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


class _Terms:
    """rdflib's closed namespaces (RDF, RDFS, SKOS, XSD, DCTERMS, ORG, PROV) check and build
    their term on every attribute access, 280 times a document; this asks once per name."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        term = getattr(self._namespace, name)
        self.__dict__[name] = term
        return term


CTOC = _Vocabulary("https://w3id.org/ctocgraph/ontology#")
ELI = _Vocabulary("http://data.europa.eu/eli/ontology#")
SCHEMA = _Vocabulary("https://schema.org/")

PREFIXES = {
    "ctoc": CTOC, "dcterms": DCTERMS, "eli": ELI, "org": ORG, "owl": OWL, "prov": PROV,
    "rdfs": RDFS, "schema": SCHEMA, "skos": SKOS, "xsd": XSD,
}
# after PREFIXES, which binds the namespaces themselves
RDF, RDFS, SKOS, XSD, DCTERMS, ORG, PROV = (  # type: ignore[assignment,misc]
    _Terms(ns) for ns in (RDF, RDFS, SKOS, XSD, DCTERMS, ORG, PROV))


def new_graph(identifier: str | None = None) -> Graph:
    g = Graph(identifier=URIRef(identifier) if identifier else None)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, replace=True)
    return g
