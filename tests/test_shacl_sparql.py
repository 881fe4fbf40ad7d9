"""The SHACL shapes compiled to SPARQL on Oxigraph find exactly the violations pyshacl finds:
on the seed graph (none), on each shape's own mutation, on extra injected violations of every
constraint component the shapes use, and on all of them at once."""

from __future__ import annotations

import pytest
from rdflib import Graph
from test_shapes import CASES, P

from ctocgraph.shacl_sparql import UnsupportedShape, compiled, store_for, validate_store
from ctocgraph.validate import validate

S4 = "<https://w3id.org/ctocgraph/id/session/wg-som/4>"
SPAN = "<https://w3id.org/ctocgraph/id/document/CTOC/COP/WG.7/2017/1/zh/lines/3-3>"
EXTRA = {  # one more violation of each constraint component, written differently from CASES
    "datatype-ill-formed": f'INSERT DATA {{ {S4} ctoc:plenaryMeetings "five"^^xsd:integer }}',
    "datatype-plain": f'INSERT DATA {{ {S4} ctoc:startDate "2017-09-11" }}',
    "class": f"INSERT DATA {{ {S4} ctoc:venue body:cop }}",
    "in": 'DELETE { ?e ctoc:textStatus ?s } INSERT { ?e ctoc:textStatus "draft" } '
          'WHERE { ?e ctoc:textStatus ?s FILTER(?s = "official") }',
    "hasValue": 'INSERT DATA { ctoc:orders a ctoc:MandateVerb ; skos:notation "orders" }',
    "uniqueLang": 'INSERT DATA { s4i:1a dcterms:title "Another opening"@en }',
    "maxCount": f'INSERT DATA {{ {S4} ctoc:ordinal 5 }}',
    "minInclusive": f'DELETE {{ {S4} ctoc:plenaryMeetings ?n }} INSERT {{ {S4} ctoc:plenaryMeetings -1 }} '
                    f'WHERE {{ {S4} ctoc:plenaryMeetings ?n }}',
    "lessThanOrEquals": f"DELETE {{ {SPAN} ctoc:lastLine ?l }} INSERT {{ {SPAN} ctoc:lastLine 1 }} "
                        f"WHERE {{ {SPAN} ctoc:lastLine ?l }}",
    "xone-both": "INSERT DATA { bureau0407: ctoc:decisionNumber \"1/1\" }",
    "minCount": "DELETE WHERE { res71: ctoc:resolutionNumber ?n }",
    # a single-valued property that is optional (screened with a pair of values of its own)
    "maxCount-optional": "INSERT DATA { s4i:1b ctoc:subItemOf s4i:2 }",
    "class-optional": f"INSERT DATA {{ s4i:3 ctoc:subItemOf {S4} }}",
    # a screened shape with violations on several nodes and properties at once
    "screen-several": f"INSERT DATA {{ {SPAN} ctoc:firstLine 0 . s4i:4 ctoc:order \"x\" }}",
    # one query checks both counts of a property: too few on one node, too many on another
    # the register's properties: one adopting session, an adoption date, a report of one
    # session, one establishing act
    "adoptedAt-maxCount": "INSERT DATA { <https://w3id.org/ctocgraph/id/resolution/cop/9/1> "
                          "ctoc:adoptedAt <https://w3id.org/ctocgraph/id/session/cop/10> }",
    "adoptionDate-datatype": "INSERT DATA { <https://w3id.org/ctocgraph/id/resolution/cop/10/1> "
                             "ctoc:adoptionDate \"2020-10-16\" }",
    "reportOf-class": "INSERT DATA { <https://w3id.org/ctocgraph/id/document/CTOC/COP/2008/1> "
                      "ctoc:reportOf body:cop }",
    "resultedFromAct-maxCount": "INSERT DATA { body:wg-ta ctoc:resultedFromAct "
                                "<https://w3id.org/ctocgraph/id/decision/cop/3/4> }",
    "min-and-max-count": f"DELETE WHERE {{ {S4} ctoc:sessionOf ?b }} ; "
                         f"INSERT {{ ?s ctoc:sessionOf <https://w3id.org/ctocgraph/id/body/wg-tip> }} "
                         f"WHERE {{ ?s a ctoc:Session FILTER(?s != {S4}) }}",
}


def findings(report) -> set[tuple[str, str, str, str, str]]:
    return {(v.severity, v.focus, v.shape, v.path, v.component.rsplit("#", 1)[-1])
            for v in report.violations}


def both(g: Graph):
    return validate(g), validate_store(store_for([g]))


def mutated(seed_graph: Graph, *updates: str) -> Graph:
    g = Graph()
    g += seed_graph
    for u in updates:
        g.update(P + u)
    return g


def test_the_compiler_covers_every_constraint_of_the_shapes():
    checks = compiled()
    components = {c.rsplit("#", 1)[-1] for check in checks
                  for c in (check.component, *(check.above or ())[1:2])}
    assert len(checks) + sum(c.above is not None for c in checks) > 150  # constraints checked
    assert {"MinCountConstraintComponent", "MaxCountConstraintComponent", "DatatypeConstraintComponent",
            "ClassConstraintComponent", "PatternConstraintComponent", "InConstraintComponent",
            "HasValueConstraintComponent", "UniqueLangConstraintComponent", "LessThanConstraintComponent",
            "LessThanOrEqualsConstraintComponent", "MinInclusiveConstraintComponent",
            "XoneConstraintComponent", "SPARQLConstraintComponent"} == components


def test_an_unsupported_shape_is_refused_not_skipped(monkeypatch):
    from ctocgraph import shacl_compile

    g = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ;
            sh:property [ sh:path <urn:p> ; sh:maxLength 3 ] .""", format="turtle")
    monkeypatch.setattr(shacl_compile, "shapes_graph", lambda: g)
    shacl_compile.compiled.cache_clear()
    try:
        with pytest.raises(UnsupportedShape, match="maxLength"):
            shacl_compile.compiled()
    finally:
        shacl_compile.compiled.cache_clear()


def test_single_valued_properties_are_screened_a_shape_at_a_time():
    """One pass over a shape's focus nodes for its properties of sh:maxCount 1 (10,000
    documents: the source spans' eight checks, 28 s one by one, 15 s screened)."""
    checks = compiled()
    screens = {c.screen for c in checks if c.screen}
    assert len(screens) >= 10 and sum(c.screen is not None for c in checks) > len(checks) / 2
    spans = {c.component.rsplit("#", 1)[-1] for c in checks if c.shape.endswith("SourceSpanShape")
             and c.screen}
    assert {"ClassConstraintComponent", "DatatypeConstraintComponent",
            "LessThanOrEqualsConstraintComponent", "MinInclusiveConstraintComponent"} <= spans
    # the whole store is screened by a sweep of grouped scans (spans: 17 s -> 6 s)
    assert all(c.sweep for c in checks if c.screen)


def test_on_conforming_data_no_screen_or_sweep_flags_a_node(seed_graph):
    """The screens exist to spare the exact checks: on valid data they must find nothing
    (a sweep whose aggregates came out unbound once flagged all 573,000 source spans of a
    10,000-document corpus, and the exact checks then ran on each: correct, but minutes)."""
    from ctocgraph.shacl_sparql import FOCUS

    store = store_for([seed_graph])
    queries = {c.screen for c in compiled() if c.screen} | {c.sweep for c in compiled() if c.sweep}
    assert len(queries) >= 20
    for q in sorted(queries):
        assert list(store.query(q.replace(FOCUS, ""))) == [], q


def test_seed_graph_conforms_for_both(seed_graph):
    a, b = both(seed_graph)
    assert a.conforms and b.conforms


@pytest.mark.parametrize("case", sorted(CASES) + sorted(EXTRA))
def test_same_violations_as_pyshacl(seed_graph, case):
    g = mutated(seed_graph, CASES.get(case) or EXTRA[case])
    a, b = both(g)
    assert not a.conforms and not b.conforms
    assert findings(b) == findings(a)
    assert {(v.focus, v.shape, v.value) for v in b.violations} == \
        {(v.focus, v.shape, v.value) for v in a.violations}
    if case == "min-and-max-count":
        assert {f[-1] for f in findings(b)} == {"MinCountConstraintComponent",
                                                 "MaxCountConstraintComponent"}


def test_same_violations_with_everything_injected_at_once(seed_graph):
    updates = [CASES[k] for k in sorted(CASES)] + [EXTRA[k] for k in sorted(EXTRA)]
    a, b = both(mutated(seed_graph, *updates))
    assert len(findings(a)) > 40
    assert findings(b) == findings(a)


def test_validation_scoped_to_focus_nodes_finds_exactly_their_violations(seed_graph):
    updates = [CASES[k] for k in sorted(CASES)] + [EXTRA[k] for k in sorted(EXTRA)]
    store = store_for([mutated(seed_graph, *updates)])
    whole = validate_store(store)
    by_focus: dict[str, set] = {}
    for v in whole.violations:
        by_focus.setdefault(v.focus, set()).add(v)
    assert len(by_focus) > 10
    for focus, expected in by_focus.items():
        assert set(validate_store(store, focus={focus}).violations) == expected, focus
    clean = {str(s) for s in seed_graph.subjects() if str(s) not in by_focus}
    assert len(clean) > 20
    assert validate_store(store, focus=clean).conforms
    assert validate_store(store, focus=set()).conforms


def _lines(graphs: dict) -> dict[str, set[str]]:
    return {g.identifier.n3(): {f"{ln[:-2]} {g.identifier.n3()} .\n"
                                for ln in g.serialize(format="nt").splitlines() if ln.strip()}
            for g in graphs.values()}


@pytest.mark.parametrize("case", sorted(CASES) + sorted(EXTRA))
def test_an_incremental_update_finds_what_a_whole_validation_finds(seed, case):
    """Each injected violation arrives as a changed source graph: the store updated in place
    equals the store loaded whole, and validating only the affected focus nodes (on a copy of
    their neighbourhood) finds exactly the violations that validating everything finds."""
    import pyoxigraph as ox

    from ctocgraph.serialize import sorted_nquads
    from ctocgraph.shacl_sparql import affected, validate_nodes
    from ctocgraph.store import Delta, apply_delta
    from ctocgraph.storefill import fill, text_parts

    before = _lines(seed.graphs)
    after = {}
    for name, g in seed.graphs.items():
        copy = Graph(identifier=g.identifier)
        copy += g
        copy.update(P + (CASES.get(case) or EXTRA[case]))
        after[name] = copy
    after_lines = _lines(after)
    changed = {n for n in before if before[n] != after_lines[n]}
    assert changed, "the mutation changes no graph"
    old_text = "".join(sorted(set().union(*before.values())))
    new_text = sorted_nquads((g.identifier.n3(), g.serialize(format="nt")) for g in after.values())

    db = ox.Store()
    fill(db, text_parts(old_text))
    assert validate_store(db).conforms
    delta = Delta(frozenset(changed), sorted(set().union(*(before[n] for n in changed))),
                  sorted(set().union(*(after_lines[n] for n in changed))))
    apply_delta(db, delta)
    fresh = ox.Store()
    fill(fresh, text_parts(new_text))
    assert set(db) == set(fresh)

    whole = validate_store(fresh)
    old, new = delta.triples()
    scoped = validate_nodes(db, affected(db, old ^ new))
    assert set(scoped.violations) == set(whole.violations)
    assert not whole.conforms
