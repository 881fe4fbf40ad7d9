"""A self-contained HTML explorer of a view: one file that works offline.

Cytoscape.js (MIT licence, pinned, vendored in ``vendor/``) and the graph are inlined; a
Content-Security-Policy forbids every network request. Nodes are coloured by kind; the search
box matches labels in Chinese and English and IRIs; clicking a node shows its properties,
IRI and links; the session filter keeps one session, what links to it and the neighbours of
what belongs to it (shared hubs such as a body or a resolution are not expanded).
"""

from __future__ import annotations

import json
from importlib import resources

import networkx as nx

from .export import cytoscape

CYTOSCAPE = "cytoscape-3.34.4.min.js"
COLORS = {
    "Resolution": "#c0392b", "Decision": "#e67e22", "Mandate": "#d35400", "Session": "#2c3e50",
    "AgendaItem": "#2980b9", "TimeSlot": "#7f8c8d", "Document": "#27ae60", "AnnotatedAgenda": "#16a085",
    "Body": "#8e44ad", "Provision": "#b7950b", "Instrument": "#f1c40f", "Place": "#95a5a6",
    "Citation": "#bdc3c7", "Expression": "#1abc9c", "SourceSpan": "#dfe6e9", "Resource": "#636e72",
}



def explorer(g: nx.MultiDiGraph, lang: str = "en") -> str:
    """The explorer page for a view, as one HTML string."""
    page = (resources.files("ctocgraph") / "templates" / "explorer.html").read_text(encoding="utf-8")
    vendor = resources.files("ctocgraph") / "vendor"
    library = (vendor / CYTOSCAPE).read_text(encoding="utf-8")
    licence = (vendor / "cytoscape-LICENSE.txt").read_text(encoding="utf-8").replace("*/", "* /")

    def js(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")

    return (page.replace("__VIEW__", g.graph.get("view", "graph"))
            .replace("__LANG__", lang)
            .replace("__LICENSE__", licence)
            .replace("__GRAPH__", js(cytoscape(g)))
            .replace("__COLORS__", js(COLORS))
            .replace("__CYTOSCAPE__", library))
