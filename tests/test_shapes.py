"""Every SHACL shape has a graph that passes (the seed graph) and one that fails (a mutation).

Each case is a SPARQL Update that breaks exactly the rule the shape states; the test asserts
that validation then reports a result from that shape, and the seed graph reports none.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Namespace
from rdflib.namespace import RDF

from ctocgraph.validate import SH, shapes_graph, validate

SHAPES = "https://w3id.org/ctocgraph/shapes#"
P = """PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX s4i: <https://w3id.org/ctocgraph/id/session/wg-som/4/item/>
PREFIX s7i: <https://w3id.org/ctocgraph/id/session/wg-som/7/item/>
PREFIX body: <https://w3id.org/ctocgraph/id/body/>
PREFIX place: <https://w3id.org/ctocgraph/id/place/>
PREFIX inst: <https://w3id.org/ctocgraph/id/instrument/>
PREFIX res71: <https://w3id.org/ctocgraph/id/resolution/cop/7/1>
PREFIX bureau0407: <https://w3id.org/ctocgraph/id/decision/cop-extended-bureau/2017-04-07>
PREFIX cop: <https://w3id.org/ctocgraph/id/session/cop/>
"""
S4 = "<https://w3id.org/ctocgraph/id/session/wg-som/4>"
SLOT = "<https://w3id.org/ctocgraph/id/session/wg-som/4/slot/2017-09-11T1000>"
R71 = "<https://w3id.org/ctocgraph/id/resolution/cop/7/1>"
D11 = "<https://w3id.org/ctocgraph/id/decision/cop/1/1>"
D12 = "<https://w3id.org/ctocgraph/id/decision/cop/1/2>"

CASES: dict[str, str] = {
    "BodyShape": "DELETE WHERE { body:wg-som rdfs:label ?l }",
    "SessionShape": f"DELETE {{ {S4} ctoc:ordinal ?o }} INSERT {{ {S4} ctoc:ordinal 0 }} "
                    f"WHERE {{ {S4} ctoc:ordinal ?o }}",
    # a special session not stated to be a session
    "SpecialSessionShape": "INSERT DATA { cop:special a ctoc:SpecialSession }",
    "EndNotBeforeStart": f"DELETE {{ {S4} ctoc:endDate ?e }} "
                         f"INSERT {{ {S4} ctoc:endDate \"2017-09-10\"^^xsd:date }} "
                         f"WHERE {{ {S4} ctoc:endDate ?e }}",
    "OpeningWithinSession": f"DELETE {{ {S4} ctoc:openingTime ?t }} "
                            f"INSERT {{ {S4} ctoc:openingTime \"2017-09-20T10:00:00\"^^xsd:dateTime }} "
                            f"WHERE {{ {S4} ctoc:openingTime ?t }}",
    "ItemNumbersUnique": "DELETE { s4i:3 ctoc:itemNumber ?n } INSERT { s4i:3 ctoc:itemNumber \"2\" } "
                         "WHERE { s4i:3 ctoc:itemNumber ?n }",
    "AgendaItemShape": "INSERT DATA { s4i:3 dcterms:title \"另一个标题\"@zh }",
    "SubItemSameSession": "DELETE { s4i:1a ctoc:subItemOf ?p } INSERT { s4i:1a ctoc:subItemOf s7i:1 } "
                          "WHERE { s4i:1a ctoc:subItemOf ?p }",
    "DocumentShape": "DELETE { ?d ctoc:symbol ?s } INSERT { ?d ctoc:symbol \"CTOC//COP/2017\" } "
                     "WHERE { ?d ctoc:symbol ?s FILTER(?s = \"CTOC/COP/WG.7/2017/2\") }",
    "AnnotatedAgendaShape": "DELETE WHERE { ?d ctoc:agendaOf ?s }",
    "ExpressionShape": "DELETE { ?e ctoc:sha256 ?h } INSERT { ?e ctoc:sha256 \"not-a-hash\" } "
                       "WHERE { ?e ctoc:sha256 ?h }",
    "ResolutionShape": "INSERT DATA { res71: ctoc:resolutionNumber \"7-1\" }",
    "DecisionShape": "DELETE WHERE { bureau0407: ctoc:decisionDate ?d }",
    "MandateShape": "DELETE { ?m ctoc:addressedTo ?b } WHERE { ?m a ctoc:Mandate ; ctoc:addressedTo ?b }",
    "MandateVerbShape": "INSERT DATA { ctoc:orders a ctoc:MandateVerb }",
    "TimeSlotShape": f"DELETE {{ {SLOT} ctoc:end ?e }} "
                     f"INSERT {{ {SLOT} ctoc:end \"2017-09-11T09:00:00\"^^xsd:dateTime }} WHERE {{ {SLOT} ctoc:end ?e }}",
    "SlotWithinSession": f"DELETE {{ {SLOT} ctoc:start ?s ; ctoc:end ?e }} "
                         f"INSERT {{ {SLOT} ctoc:start \"2017-09-20T10:00:00\"^^xsd:dateTime ; "
                         f"ctoc:end \"2017-09-20T13:00:00\"^^xsd:dateTime }} "
                         f"WHERE {{ {SLOT} ctoc:start ?s ; ctoc:end ?e }}",
    "ScheduledItemOfSession": f"INSERT DATA {{ {SLOT} ctoc:scheduledItem s7i:3 }}",
    "ContinuedIsScheduled": f"INSERT DATA {{ {SLOT} ctoc:continuedItem s4i:5 }}",
    "InstrumentShape": "INSERT DATA { inst:untoc rdfs:label \"Palermo Convention\"@en }",
    "ProvisionShape": "DELETE { ?p ctoc:article ?a } INSERT { ?p ctoc:article 0 } "
                      "WHERE { ?p a ctoc:Provision ; ctoc:article ?a }",
    "PlaceShape": "DELETE WHERE { place:vienna rdfs:label ?l }",
    "CitationShape": "DELETE { ?c ctoc:citedAs ?t } WHERE { ?c a ctoc:Citation ; ctoc:citedAs ?t }",
    "CitationStated": "DELETE { s4i:2 ctoc:cites ?x } WHERE { s4i:2 ctoc:cites ?x }",
    "PartialSaysWhat": "DELETE { ?e ctoc:partial ?p } INSERT { ?e ctoc:partial true } "
                       "WHERE { ?e ctoc:partial ?p }",
    "WholeAgendaStatesSession": f"DELETE WHERE {{ {S4} ctoc:ordinal ?o }}",
    "CitationCitesSomething": "DELETE { ?c ctoc:cited ?x } WHERE { ?c a ctoc:Citation ; ctoc:cited ?x }",
    "MandateStatedInItemOrDocument": "DELETE { ?m ctoc:statedIn ?i } INSERT { ?m ctoc:statedIn body:wg-som } "
                                     "WHERE { ?m a ctoc:Mandate ; ctoc:statedIn ?i }",
    "UnresolvedCitationShape": "INSERT DATA { "
                               "<https://w3id.org/ctocgraph/id/x> a ctoc:Citation , ctoc:UnresolvedCitation ; "
                               "ctoc:citing s4i:2 ; ctoc:citedNumber \"7-1\" ; ctoc:citedKind \"resolution\" }",
    # the register: 7/1 said adopted at a session of a working group; 1/2 (adopted 7 July
    # 2004) said adopted at the third session (9-18 October 2006); the Working Group on the
    # Smuggling of Migrants said established by a session, and changed by a decision of the
    # first session, before the resolution of the fifth that established it
    "AdoptedAtOwnSession": f"DELETE {{ {R71} ctoc:adoptedAt ?s }} INSERT {{ {R71} ctoc:adoptedAt {S4} }} "
                           f"WHERE {{ {R71} ctoc:adoptedAt ?s }}",
    "AdoptedWithinSession": f"DELETE {{ {D12} ctoc:adoptedAt ?s }} INSERT {{ {D12} ctoc:adoptedAt cop:3 }} "
                            f"WHERE {{ {D12} ctoc:adoptedAt ?s }}",
    "BodyActIsAnAct": "INSERT DATA { body:wg-som ctoc:changedByAct cop:7 }",
    "ChangeNotBeforeEstablishment": f"INSERT DATA {{ body:wg-som ctoc:changedByAct {D11} }}",
    "SourceSpanShape": "DELETE { ?s ctoc:firstLine ?f } INSERT { ?s ctoc:firstLine 9999 } "
                       "WHERE { ?s a ctoc:SourceSpan ; ctoc:firstLine ?f }",
}


def _declared() -> set[str]:
    shapes = shapes_graph()
    names = {str(s) for s in shapes.subjects(RDF.type, SH.NodeShape)}
    names |= {str(s) for s in shapes.subjects(RDF.type, SH.SPARQLConstraint)}
    return {n.removeprefix(SHAPES) for n in names}


def test_every_shape_has_a_failing_case():
    assert _declared() == set(CASES)


def test_every_class_of_the_ontology_has_a_shape():
    from ctocgraph.validate import ontology_graph

    owl = Namespace("http://www.w3.org/2002/07/owl#")
    classes = {str(c) for c in ontology_graph().subjects(RDF.type, owl.Class)}
    targets = {str(t) for t in shapes_graph().objects(None, SH.targetClass)}
    assert classes <= targets, classes - targets


def test_seed_graph_passes_every_shape(seed):
    assert seed.validation.conforms
    assert seed.validation.violations == []


@pytest.mark.parametrize("shape", sorted(CASES))
def test_shape_rejects_its_violation(seed_graph, shape):
    g = Graph()
    g += seed_graph
    g.update(P + CASES[shape])
    assert len(g) != len(seed_graph) or set(g) != set(seed_graph), "mutation changed nothing"
    report = validate(g)
    assert not report.conforms
    assert report.by_shape(SHAPES + shape), [str(v) for v in report.violations]
