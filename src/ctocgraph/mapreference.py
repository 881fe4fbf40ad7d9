"""Stage 4, map, for the curated facts: bodies, instruments, places and the register of a
conference (its sessions, acts and the acts that established or changed its bodies) → the
reference named graph.

A register session gets the IRI an agenda of that session mints (:meth:`Iris.session`), with
the labels an agenda gives it; a register act the IRI and labels a citation of it gets
(:meth:`Iris.act`, :func:`labels.act_labels`). So register facts and agenda facts meet on one
node, and a disagreement between them (two start dates, two titles in one language) is a SHACL
violation rather than two nodes. Every register entity carries its sources as dcterms:source.
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG

from .errors import ManifestError
from .identifiers import DocumentSymbol, Iris
from .labels import act_labels, session_labels
from .reference import Reference
from .register import Register
from .vocab import CTOC, SCHEMA, new_graph


def reference_graph(reference: Reference, iris: Iris) -> Graph:
    """The curated bodies, instruments, places and register, in their own named graph."""
    g = new_graph(iris.reference_graph())
    kinds = {"conference": ORG.FormalOrganization, "unit": ORG.OrganizationalUnit}
    for body in reference.bodies.values():
        b = URIRef(iris.body(body.key))
        g.add((b, RDF.type, CTOC.Body))
        g.add((b, RDF.type, ORG.Organization))
        if body.kind in kinds:
            g.add((b, RDF.type, kinds[body.kind]))
        if body.series:
            g.add((b, SKOS.notation, Literal(body.series)))
        if body.parent:
            g.add((b, ORG.subOrganizationOf, URIRef(iris.body(body.parent))))
        _names(g, b, body.names)
        _sources(g, b, body.extra)
        _wikidata(g, b, body.extra)
    for inst in reference.instruments.values():
        node = URIRef(iris.instrument(inst.key))
        g.add((node, RDF.type, CTOC.Instrument))
        if inst.parent:
            g.add((node, CTOC.supplements, URIRef(iris.instrument(inst.parent))))
        if "adopted" in inst.extra:
            g.add((node, DCTERMS.date, Literal(str(inst.extra["adopted"]), datatype=XSD.gYear)))
        _names(g, node, inst.names)
        _sources(g, node, inst.extra)
        _wikidata(g, node, inst.extra)
    for place in reference.places.values():
        node = URIRef(iris.place(place.key))
        g.add((node, RDF.type, CTOC.Place))
        if "geonames" in place.extra:
            g.add((node, OWL.sameAs, URIRef(f"https://sws.geonames.org/{place.extra['geonames']}/")))
        _names(g, node, place.names)
        _sources(g, node, place.extra)
    register_to_rdf(reference.register, reference, iris, g)
    return g


def register_to_rdf(register: Register, reference: Reference, iris: Iris, g: Graph) -> None:
    """The register's sessions, acts and body changes, added to the reference graph ``g``."""
    for s in register.sessions:
        node = URIRef(iris.session(s.body, s.ordinal))
        g.add((node, RDF.type, CTOC.Session))
        g.add((node, RDF.type, SCHEMA.Event))
        g.add((node, CTOC.sessionOf, URIRef(iris.body(s.body))))
        g.add((node, CTOC.ordinal, Literal(s.ordinal)))
        for lang, label in session_labels(reference, s.body, s.ordinal).items():
            g.add((node, RDFS.label, Literal(label, lang=lang)))
        if s.start is not None and s.end is not None:
            g.add((node, CTOC.startDate, Literal(s.start)))
            g.add((node, CTOC.endDate, Literal(s.end)))
        if s.venue:
            g.add((node, CTOC.venue, URIRef(iris.place(s.venue))))
        for symbol, link in ((s.agenda, CTOC.agendaOf), (s.report, CTOC.reportOf)):
            if symbol is not None:
                g.add((_document(g, iris, symbol), link, node))
        _urls(g, node, s.sources)
    for a in register.acts:
        node = URIRef(iris.act(a.ref))
        if a.ref.kind == "resolution":
            g.add((node, RDF.type, CTOC.Resolution))
            g.add((node, CTOC.resolutionNumber, Literal(a.ref.number)))
            g.add((node, CTOC.adoptedBy, URIRef(iris.body(a.ref.issuer))))
        else:
            g.add((node, RDF.type, CTOC.Decision))
            g.add((node, CTOC.decisionNumber, Literal(a.ref.number)))
            g.add((node, CTOC.decidedBy, URIRef(iris.body(a.ref.issuer))))
        for lang, label in act_labels(reference, a.ref).items():
            g.add((node, RDFS.label, Literal(label, lang=lang)))
        g.add((node, CTOC.adoptedAt, URIRef(iris.session(a.ref.issuer, a.session))))
        if a.date is not None:
            g.add((node, CTOC.adoptionDate, Literal(a.date)))
        for lang, title in sorted(a.titles.items()):
            g.add((node, DCTERMS.title, Literal(title, lang=lang)))
        _urls(g, node, a.sources)
    for c in register.changes:
        body = URIRef(iris.body(c.body))
        g.add((body, CTOC.resultedFromAct if c.role == "established" else CTOC.changedByAct,
               URIRef(iris.act(c.act))))
        word = f"{c.act.kind} {c.act.number}"
        g.add((body, SKOS.historyNote, Literal(f"{word.capitalize()}: {c.what}.", lang="en")))
        _urls(g, body, c.sources)


def _document(g: Graph, iris: Iris, symbol: DocumentSymbol) -> URIRef:
    """A document of a session, as an agenda's documentation list states one."""
    d = URIRef(iris.document(symbol))
    g.add((d, RDF.type, CTOC.Document))
    g.add((d, CTOC.symbol, Literal(symbol.value)))
    g.add((d, RDFS.label, Literal(symbol.value)))
    g.add((d, RDFS.seeAlso, URIRef(Iris.undocs(symbol))))
    return d


def _urls(g: Graph, node: URIRef, urls: tuple[str, ...]) -> None:
    for url in urls:
        g.add((node, DCTERMS.source, URIRef(url)))


def _sources(g: Graph, node: URIRef, extra: dict[str, object]) -> None:
    """Where a reference fact was verified: each URL a dcterms:source."""
    sources = extra.get("source", [])
    _urls(g, node, tuple(str(u) for u in sources) if isinstance(sources, list) else ())


def _wikidata(g: Graph, node: URIRef, extra: dict[str, object]) -> None:
    """The Wikidata item of a body or instrument (``wikidata = "Q…"``), where one was verified
    (skos:exactMatch); a value that is not an item is refused, not dropped."""
    item = extra.get("wikidata")
    if isinstance(item, str) and item[:1] == "Q" and item[1:].isdigit():
        g.add((node, SKOS.exactMatch, URIRef(f"http://www.wikidata.org/entity/{item}")))
    elif item is not None:
        raise ManifestError(f"reference data: wikidata = {item!r} is not an item such as \"Q42\"")


def _names(g: Graph, node: URIRef, names: dict[str, tuple[str, ...]]) -> None:
    for lang, values in names.items():
        g.add((node, RDFS.label, Literal(values[0].strip("《》"), lang=lang)))
        g.add((node, SKOS.prefLabel, Literal(values[0].strip("《》"), lang=lang)))
        for alt in {a.strip("《》") for a in values[1:]} - {values[0].strip("《》")}:
            g.add((node, SKOS.altLabel, Literal(alt, lang=lang)))
