"""The ontology is the public API: every term is documented in English and Chinese."""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, SKOS, Graph

from ctocgraph.validate import ontology_graph

CTOC = "https://w3id.org/ctocgraph/ontology#"
DESIGN_TERMS = [
    "Body", "Session", "AgendaItem", "Document", "Resolution", "Mandate", "Decision", "TimeSlot",
    "sessionOf", "ordinal", "startDate", "endDate", "venue", "itemOf", "itemNumber", "subItemOf",
    "symbol", "documentFor", "resolutionNumber", "adoptedBy", "establishedBy", "addressedTo",
    "cites", "governedBy", "decisionDate", "decidedBy", "bySilenceProcedure", "slotOf", "start",
    "end", "scheduledItem",
]


def _terms(g: Graph) -> set:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(CTOC)}


def test_design_terms_exist():
    terms = {str(t).removeprefix(CTOC) for t in _terms(ontology_graph())}
    assert set(DESIGN_TERMS) <= terms, set(DESIGN_TERMS) - terms


def test_every_term_has_labels_in_en_and_zh_and_a_definition():
    g = ontology_graph()
    for term in _terms(g):
        langs = {label.language for label in g.objects(term, RDFS.label)}
        assert {"en", "zh"} <= langs, term
        assert g.value(term, SKOS.definition) is not None, term
        assert (term, RDFS.isDefinedBy, None) in g, term


def test_properties_declare_domain_or_range():
    g = ontology_graph()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for p in g.subjects(RDF.type, kind):
            if str(p) in (CTOC + "cites",):  # cites anything from anything, by design
                continue
            assert (p, RDFS.domain, None) in g or (p, RDFS.range, None) in g, p


def test_alignment_with_w3c_vocabularies():
    g = ontology_graph()
    sub = {(str(s).removeprefix(CTOC), str(o)) for s, o in g.subject_objects(RDFS.subClassOf)}
    assert ("Body", "http://www.w3.org/ns/org#Organization") in sub
    assert ("AgendaItem", str(SKOS.Concept)) in sub
    assert ("Document", "http://data.europa.eu/eli/ontology#Work") in sub
    assert ("Mandate", "https://w3id.org/un/ontology/undo/Relation") in sub
    assert (None, OWL.imports, None) not in g  # map, don't import
