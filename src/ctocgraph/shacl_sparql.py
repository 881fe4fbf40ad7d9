"""SHACL validation compiled to SPARQL and run on Oxigraph: the same violations as pyshacl,
fast enough for a corpus of thousands of documents.

pyshacl evaluates constraints focus node by focus node in Python (about 9 ms per node for a
``sh:sparql`` constraint); a constraint compiled to one SELECT over an Oxigraph store checks all
focus nodes at once. The compiler covers exactly the SHACL Core components and SPARQL-based
constraints that ``ontology/shapes.ttl`` uses and refuses any other (:class:`UnsupportedShape`),
so a shape added later can never go unchecked; tests/test_shacl_sparql.py proves that both
validators find the same violations on the seeds and on a corpus with injected ones.

The properties of a shape that take at most one value are checked in two steps: one query
per shape finds the focus nodes that any of their checks could flag, and the exact checks
then run on those nodes alone. For a few named focus nodes that query looks their values up
(the screen: OPTIONAL values, one FILTER of the checks' conditions); for the whole store it
scans the properties' triples and groups them by node (the sweep), with no lookup per node.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import cache

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import RDF

from .shacl_compile import FOCUS, SH, Check, UnsupportedShape, compiled, sparql_term, subclasses
from .storefill import fill, text_parts
from .validate import ValidationReport, Violation, shapes_graph

__all__ = ["FOCUS", "UnsupportedShape", "affected", "compiled", "store_for", "validate_nodes",
           "validate_store"]


_TYPE = ox.NamedNode(str(RDF.type))


def _select(store: ox.Store, query: str) -> ox.QuerySolutions:
    """The rows of a SELECT (every query here is one)."""
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    return result


def _text(term: object) -> str:
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)


def validate_store(store: ox.Store, focus: Iterable[str] | None = None) -> ValidationReport:
    """Run every compiled constraint on the store's default graph (the union of the data, as
    a set), on every focus node or only on the IRIs ``focus`` names.

    The checks of a shape's single-valued properties run only on the focus nodes their
    screen finds (on valid data, none): one pass over the focus nodes instead of one per
    check (10,000 documents: 57 s of queries on one thread → 36 s), for the whole store as
    a sweep of grouped scans (validation 24.5 s → 14.5–16 s on two threads). The queries run on one
    thread per core, the largest classes first: Oxigraph evaluates them outside Python's
    lock for much of the time (10,000 documents: 36 s on one thread, 28 s on two)."""
    scope = "" if focus is None else _values(focus)

    def run(check: Check, scope: str = scope) -> set[Violation]:
        result = _select(store, check.query.replace(FOCUS, scope))
        has_value = "value" in {v.value for v in result.variables}
        found = set()
        for row in result:
            node = _text(row["this"])
            value = _text(row["value"]) if has_value else ""
            component, message = check.component, check.message
            if check.above is not None and int(row["n"].value) > check.above[0]:
                component, message = check.above[1:]
            message = message.replace("{?value}", value).replace("{$this}", node)
            found.add(Violation("Violation", node, check.shape, check.path, message, value,
                                component))
        return found

    def screened(checks: list[Check]) -> set[Violation]:
        """The checks that share a screen, on the focus nodes it finds (usually none)."""
        first = checks[0]
        screen = first.sweep if not scope and first.sweep else first.screen
        assert screen is not None
        found = [row["this"] for row in _select(store, screen.replace(FOCUS, scope))]
        if not found:
            return set()
        if any(not isinstance(n, ox.NamedNode) for n in found):  # a VALUES block names IRIs
            return set().union(*(run(c) for c in checks))
        return set().union(*(run(c, _values(n.value for n in found)) for c in checks))

    groups: dict[str, list[Check]] = {}
    alone: list[Check] = []
    for check in compiled():
        if check.screen is None:
            alone.append(check)
        else:
            groups.setdefault(check.screen, []).append(check)
    # the largest classes first (10,000 documents: the source spans' screen is 15 s of 36),
    # so that no long task starts when the other threads are running out of work
    size = {f"<{row['c'].value}>": int(row["n"].value)
            for row in _select(store, "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    tasks = sorted([(size.get(c.target, 0), lambda c=c: run(c)) for c in alone] +
                   [(size.get(g[0].target, 0) * len(g), lambda g=g: screened(g))
                    for g in groups.values()], key=lambda t: -t[0])
    with ThreadPoolExecutor(min(os.cpu_count() or 1, len(tasks)) or 1) as pool:
        violations = set().union(*pool.map(lambda task: task[1](), tasks))
    ordered = sorted(violations)
    return ValidationReport(not violations, [_with_sources(store, v) if n < _SOURCED else v
                                             for n, v in enumerate(ordered)])


_SOURCED = 50  # the violations a report names the sources of (a report shows 20)


def _with_sources(store: ox.Store, v: Violation) -> Violation:
    """The violation with the source files that state its node's values on its path: two
    agendas of one session that title an item apart are named, not only the item."""
    if not v.path.startswith(("http://", "https://")) or v.focus.startswith("_:"):
        return v
    rows = _select(store, f"""
        SELECT DISTINCT ?file ?o WHERE {{
          GRAPH ?g {{ <{v.focus}> <{v.path}> ?o }}
          OPTIONAL {{ GRAPH ?g {{ ?e <{_SOURCE_FILE}> ?file }} }}
        }} ORDER BY ?file STR(?o) LIMIT 20""")
    stated = tuple(f"{_text(r['file']) or 'the reference data'}: {r['o']}" for r in rows)
    return replace(v, stated_in=stated) if stated else v


_SOURCE_FILE = "https://w3id.org/ctocgraph/ontology#sourceFile"


def _values(focus: Iterable[str]) -> str:
    return f"VALUES ?this {{ {' '.join(f'<{n}>' for n in sorted(focus))} }}\n"


@cache
def _targets() -> str:
    """Every class whose instances some shape targets."""
    targets = shapes_graph().objects(None, SH.targetClass)
    return " ".join(sorted({c for t in targets for c in subclasses(sparql_term(t)).split()}))


def affected(store: ox.Store, triples: Iterable[str]) -> set[str]:
    """The focus nodes whose validation may change when these triples (N-Triples, without the
    full stop) enter or leave the store's default graph.

    Every constraint of the shapes reads at most two hops from its focus node: its values and
    their types (sh:class), or, in the SPARQL constraints, a neighbour's properties (a slot's
    session's dates, the other items of a session). So a changed triple matters to the nodes it
    names and to their neighbours. Classes (objects of rdf:type) and literals are not followed:
    no constraint reads through them, and a class links every instance.
    """
    nodes: set[str] = set()
    for t in triples:
        s, p, o = t.split(" ", 2)
        nodes.add(s[1:-1])
        if o.startswith("<") and p != f"<{RDF.type}>":
            nodes.add(o[1:-1])
    targets = {c[1:-1] for c in _targets().split()}

    def targeted(iri: str) -> bool:
        types = store.quads_for_pattern(ox.NamedNode(iri), _TYPE, None, ox.DefaultGraph())
        return any(isinstance(q.object, ox.NamedNode) and q.object.value in targets for q in types)

    found: set[str] = set()
    for n in nodes:
        found.update(x for x in _links(store, n)[1] | {n} if x not in found and targeted(x))
    return found


def _links(store: ox.Store, iri: str) -> tuple[list[ox.Quad], set[str]]:
    """The triples of the default graph that point at ``iri``, and its neighbours both ways
    (IRIs; classes, the objects of rdf:type, aside)."""
    node, default = ox.NamedNode(iri), ox.DefaultGraph()
    incoming = list(store.quads_for_pattern(None, None, node, default))
    near = {q.subject.value for q in incoming if isinstance(q.subject, ox.NamedNode)}
    near.update(q.object.value for q in store.quads_for_pattern(node, None, None, default)
                if isinstance(q.object, ox.NamedNode) and q.predicate != _TYPE)
    return incoming, near


def validate_nodes(store: ox.Store, focus: set[str]) -> ValidationReport:
    """Validate only ``focus``, on a copy of their neighbourhood: a scoped query on the whole
    store still scans every instance of the target class, a copy of a few thousand triples
    does not. The copy holds every triple that names a focus node and every triple whose
    subject is a neighbour of one (classes aside): the constraints read a focus node's links
    both ways, but a neighbour's only forwards (its type, its session, its number)."""
    near, quads = set(focus), set()
    for n in focus:
        incoming, links = _links(store, n)
        quads.update(incoming)
        near.update(links)
    for n in near:
        quads.update(store.quads_for_pattern(ox.NamedNode(n), None, None, ox.DefaultGraph()))
    small = ox.Store()
    small.extend(quads)
    return validate_store(small, focus=focus)


def store_for(graphs: list[Graph] | None = None, nquads: str | None = None) -> ox.Store:
    """An in-memory Oxigraph store whose default graph is the union of the data: a set, so a
    fact stated by several language versions counts once."""
    store = ox.Store()
    for g in graphs or []:
        store.bulk_load(g.serialize(format="nt").encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    if nquads:  # the same union as the embedded store's default graph; no named graphs,
        # since validation reads the default graph only
        fill(store, text_parts(nquads), graphs=False)
    return store
