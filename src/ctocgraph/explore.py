"""A self-contained HTML explorer of a view: one file that works offline.

Cytoscape.js (MIT licence, pinned, vendored in ``vendor/``) and the graph are inlined; a
Content-Security-Policy forbids every network request and every script but the two the page
was written with (by their hashes: no ``'unsafe-inline'``). The graph is a JSON element that
nothing executes, escaped for its place (:func:`escape.script_json`), and the page is a Jinja2
template with autoescaping: no data ever passes through template substitution, so a title
holding ``</script>``, ``<!--`` or a placeholder's name is shown as written. Nodes are coloured
by kind; the search box matches labels in Chinese and English and IRIs; clicking a node shows
its properties, IRI and links (built as DOM nodes, never as HTML text); the session filter
keeps one session, what links to it and the neighbours of what belongs to it (shared hubs
such as a body or a resolution are not expanded).
"""

from __future__ import annotations

from importlib import resources

import networkx as nx
from markupsafe import Markup

from .escape import csp_hash, script_json, templates
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
    package = resources.files("ctocgraph")
    library = (package / "vendor" / CYTOSCAPE).read_text(encoding="utf-8")
    licence = (package / "vendor" / "cytoscape-LICENSE.txt").read_text(encoding="utf-8")
    library = ("/*! Cytoscape.js 3.34.4 (https://js.cytoscape.org), bundled unmodified. Licence:\n"
               + licence.replace("*/", "* /") + "*/\n" + library)
    app = (package / "templates" / "explorer.js").read_text(encoding="utf-8")
    style = (package / "templates" / "explorer.css").read_text(encoding="utf-8")
    # styles may be inline: Cytoscape.js sets style attributes, and a style cannot run a
    # script nor, with no network allowed, send anything anywhere
    csp = (f"default-src 'none'; script-src {csp_hash(library)} {csp_hash(app)}; "
           "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'")
    data = {"graph": cytoscape(g), "colors": COLORS, "lang": lang}
    # the scripts and the style are the package's own files, inserted as they are (their
    # hashes are in the policy); everything else is escaped by the template
    return templates().get_template("explorer.html").render(
        csp=csp, view=g.graph.get("view", "graph"), data=script_json(data),
        library=Markup(library), app=Markup(app), style=Markup(style))
