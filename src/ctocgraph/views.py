"""Projections of the knowledge graph onto networkx graphs, built by SPARQL over the store.

Every view is a ``networkx.MultiDiGraph`` whose nodes are IRIs with ``kind`` (the ctoc class),
``label`` (in the chosen language, falling back to any) and ``iri``; edges carry a
``relation``. Nodes and edges are added in sorted order so that exports are deterministic.

- ``governance``: session →adopted→ resolution (the session of the Conference that adopted
  it, where the register says), resolution →establishes→ mandate →appliesTo→ session
  →hasItem→ item (the items stating the mandate), mandate →addressedTo→ body, resolution
  →governs→ session. Bodies are leaves, so a resolution reaches exactly the sessions it governs.
- ``citations``: who cites which resolution, decision, document, provision or instrument.
- ``documents``: document →documentFor→ item →itemOf→ session, agenda →agendaOf→ session,
  report →reportOf→ session, item →cites→ document.
- ``timeline``: body →held→ session →next→ session (in date order), session →topic→ item,
  and the acts that link sessions of different bodies: session →adopted→ act →governs→ session.
- ``full``: every resource-to-resource triple except rdf:type (the type is the node's kind).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from rdflib import URIRef

from .errors import CtocError

if TYPE_CHECKING:  # imported where used: networkx is a fifth of the CLI's import time
    import networkx as nx
from .store import Store

CTOC = "https://w3id.org/ctocgraph/ontology#"
PREFIXES = """PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
CURIES = {
    CTOC: "ctoc:", "http://purl.org/dc/terms/": "dcterms:", "http://www.w3.org/ns/prov#": "prov:",
    "http://www.w3.org/2000/01/rdf-schema#": "rdfs:", "http://www.w3.org/ns/org#": "org:",
    "http://www.w3.org/2004/02/skos/core#": "skos:", "http://data.europa.eu/eli/ontology#": "eli:",
    "http://www.w3.org/2002/07/owl#": "owl:",
}

EDGES = {
    "governance": """SELECT DISTINCT ?s ?rel ?o WHERE {
        { ?o a ctoc:Mandate ; ctoc:establishedBy ?s . BIND("establishes" AS ?rel) }
        UNION { ?s a ctoc:Mandate ; ctoc:addressedTo ?o . BIND("addressedTo" AS ?rel) }
        UNION { ?s a ctoc:Mandate ; ctoc:statedIn/ctoc:itemOf ?o . BIND("appliesTo" AS ?rel) }
        UNION { ?m a ctoc:Mandate ; ctoc:statedIn ?o . ?o ctoc:itemOf ?s . BIND("hasItem" AS ?rel) }
        UNION { ?o ctoc:governedBy ?s . BIND("governs" AS ?rel) }
        UNION { ?o ctoc:adoptedAt ?s . FILTER EXISTS { ?x ctoc:governedBy ?o }
                BIND("adopted" AS ?rel) } }""",
    "citations": """SELECT DISTINCT ?s ?rel ?o WHERE { ?s ctoc:cites ?o . BIND("cites" AS ?rel) }""",
    "documents": """SELECT DISTINCT ?s ?rel ?o WHERE {
        { ?s ctoc:documentFor ?o . BIND("documentFor" AS ?rel) }
        UNION { ?s a ctoc:AgendaItem ; ctoc:itemOf ?o . BIND("itemOf" AS ?rel) }
        UNION { ?s ctoc:agendaOf ?o . BIND("agendaOf" AS ?rel) }
        UNION { ?s ctoc:reportOf ?o . BIND("reportOf" AS ?rel) }
        UNION { ?s a ctoc:AgendaItem ; ctoc:cites ?o . ?o a ctoc:Document . BIND("cites" AS ?rel) } }""",
    "timeline": """SELECT DISTINCT ?s ?rel ?o WHERE {
        { ?o ctoc:sessionOf ?s . BIND("held" AS ?rel) }
        UNION { ?o ctoc:itemOf ?s . FILTER NOT EXISTS { ?o ctoc:subItemOf ?p } BIND("topic" AS ?rel) }
        UNION { ?o ctoc:governedBy ?s . BIND("governs" AS ?rel) }
        UNION { ?o ctoc:adoptedAt ?s . FILTER EXISTS { ?x ctoc:governedBy ?o }
                BIND("adopted" AS ?rel) } }""",
    "full": """SELECT DISTINCT ?s ?rel ?o WHERE { ?s ?p ?o .
        FILTER (isIRI(?s) && isIRI(?o) && ?p != rdf:type) BIND (STR(?p) AS ?rel) }""",
}
VIEWS = tuple(EDGES)

NODES = """SELECT DISTINCT ?node ?type ?label ?lang WHERE {
  ?node a ?type . FILTER (STRSTARTS(STR(?type), "https://w3id.org/ctocgraph/ontology#"))
  OPTIONAL { ?node rdfs:label|ctoc:symbol ?label BIND (LANG(?label) AS ?lang) }
}"""
# a node typed with several classes takes the most specific
KIND_ORDER = ["AnnotatedAgenda", "Document", "Resolution", "Decision", "Mandate", "Session",
              "AgendaItem", "TimeSlot", "Body", "Provision", "Instrument", "Place", "Citation",
              "Expression", "SourceSpan", "MandateVerb"]


def curie(iri: str) -> str:
    for ns, prefix in CURIES.items():
        if iri.startswith(ns):
            return prefix + iri[len(ns):]
    return iri


def _nodes(store: Store, lang: str) -> dict[str, dict[str, str]]:
    _, rows = store.select(PREFIXES + NODES, {})
    kinds: dict[str, set[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for r in rows:
        node = r["node"].value  # type: ignore[union-attr]
        kinds.setdefault(node, set()).add(r["type"].value.removeprefix(CTOC))  # type: ignore[union-attr]
        if r["label"] is not None:
            by_lang = labels.setdefault(node, {})
            key = r["lang"].value if r["lang"] else ""
            if key not in by_lang or r["label"].value < by_lang[key]:
                by_lang[key] = r["label"].value
    out = {}
    for node, ks in kinds.items():
        kind = next((k for k in KIND_ORDER if k in ks), sorted(ks)[0])
        out[node] = {"kind": kind, **{f"label_{k or 'plain'}": v for k, v in labels.get(node, {}).items()}}
    return out


def _label(info: dict[str, str], lang: str, iri: str) -> str:
    for key in (f"label_{lang}", "label_plain", "label_en", "label_zh"):
        if info.get(key):
            return info[key]
    others = sorted(v for k, v in info.items() if k.startswith("label_"))
    return others[0] if others else iri.rstrip("/").rsplit("/", 1)[-1]


def view(store: Store, name: str, lang: str = "en") -> nx.MultiDiGraph:
    """The named view of the store as a MultiDiGraph with typed nodes and edges."""
    import networkx as nx
    if name not in EDGES:
        raise CtocError(f"no view named {name!r}; use one of {', '.join(VIEWS)}")
    _, rows = store.select(PREFIXES + EDGES[name], {})
    edges = sorted({(r["s"].value, r["rel"].value, r["o"].value) for r in rows  # type: ignore[union-attr]
                    if r["s"] is not None and r["o"] is not None})
    if name == "full":
        edges = [(s, curie(rel), o) for s, rel, o in edges]
    if name == "timeline":
        edges += _next_edges(store)
        edges.sort()
    info = _nodes(store, lang)
    g = nx.MultiDiGraph(view=name, lang=lang)
    for node in sorted({s for s, _, _ in edges} | {o for _, _, o in edges}):
        data = info.get(node, {"kind": "Resource"})
        g.add_node(node, iri=node, kind=data["kind"], label=_label(data, lang, node),
                   label_en=data.get("label_en", ""), label_zh=data.get("label_zh", ""))
    for s, rel, o in edges:
        g.add_edge(s, o, key=rel, relation=rel)
    return g


def _next_edges(store: Store) -> list[tuple[str, str, str]]:
    """Sessions of each body in date order: session →next→ the following session."""
    _, rows = store.select(PREFIXES + """SELECT DISTINCT ?body ?session ?start WHERE {
        ?session ctoc:sessionOf ?body ; ctoc:startDate ?start }""", {})
    by_body: dict[str, list[tuple[str, str]]] = {}
    for r in rows:
        by_body.setdefault(r["body"].value, []).append((r["start"].value, r["session"].value))  # type: ignore[union-attr]
    out = []
    for sessions in by_body.values():
        ordered = [s for _, s in sorted(sessions)]
        out += [(a, "next", b) for a, b in itertools.pairwise(ordered)]
    return out


def reach(g: nx.MultiDiGraph, source: str, kind: str) -> set[str]:
    """The nodes of a kind that a node reaches along the view's edges."""
    import networkx as nx
    if source not in g:
        return set()
    return {n for n in nx.descendants(g, source) if g.nodes[n]["kind"] == kind}


def governance_paths(g: nx.MultiDiGraph, resolution: str) -> dict[str, list[list[str]]]:
    """Every simple path from a resolution to each session it reaches in the governance view."""
    import networkx as nx
    out: dict[str, list[list[str]]] = {}
    for session in sorted(reach(g, resolution, "Session")):
        paths = nx.all_simple_paths(nx.DiGraph(g), resolution, session, cutoff=4)
        out[session] = sorted(paths, key=lambda p: (len(p), p))
    return out


def resolution_iri(text: str, base: str) -> str:
    from .identifiers import Iris, ResolutionRef

    return str(URIRef(Iris(base).act(ResolutionRef.parse(text))))
