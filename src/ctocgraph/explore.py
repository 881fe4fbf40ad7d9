"""A self-contained HTML explorer of a view: one file that works offline, small at any size.

Cytoscape.js (MIT licence, pinned, vendored in ``vendor/``) and the graph are inlined; a
Content-Security-Policy forbids every network request and every script but the two the page
was written with (by their hashes: no ``'unsafe-inline'``). The graph is a JSON element that
nothing executes, escaped for its place (:func:`escape.script_json`), and the page is a Jinja2
template with autoescaping: no data ever passes through template substitution, so a title
holding ``</script>``, ``<!--`` or a placeholder's name is shown as written; the page builds
its panel with DOM nodes and ``textContent``, never from HTML text.

A small view (the seeds: a few hundred nodes) is drawn node by node. A large one (more than
:data:`overview.AGGREGATE_ABOVE` nodes; 3,169 for the governance view of 1,000 documents) is
drawn as groups (:mod:`overview`) with counted relations between them; a click on a group
expands its most recent members, with "N more" and the command that lists them all, and a
member's links to what is not expanded go to its group. The page holds only what it can show,
so its size does not grow with the corpus. Labels are readable names (:mod:`readable`) in the
six languages, falling back to another language, marked, where the graph has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from markupsafe import Markup

from . import overview, readable
from .escape import csp_hash, script_json, templates
from .identifiers import DEFAULT_BASE
from .store import Store

CYTOSCAPE = "cytoscape-3.34.4.min.js"
COLORS = {
    "Resolution": "#c0392b", "Decision": "#e67e22", "Mandate": "#d35400", "Session": "#2c3e50",
    "AgendaItem": "#2980b9", "TimeSlot": "#7f8c8d", "Document": "#27ae60", "AnnotatedAgenda": "#16a085",
    "Body": "#8e44ad", "Provision": "#b7950b", "Instrument": "#f1c40f", "Place": "#95a5a6",
    "Citation": "#bdc3c7", "Expression": "#1abc9c", "SourceSpan": "#dfe6e9", "MandateVerb": "#a29bfe",
    "Resource": "#636e72",
}
# each language named in itself, as the language switch offers them
LANGUAGE_NAMES = {"en": "English", "zh": "中文", "fr": "Français", "es": "Español",
                  "ru": "Русский", "ar": "العربية"}


@dataclass
class Page:
    """The page and what it holds."""

    html: str
    nodes: int  # in the view
    edges: int
    groups: int  # 0: drawn node by node
    held: int  # nodes the page holds


def view_edges(store: Store, name: str) -> list[tuple[str, str, str]]:
    """The view's edges, as :func:`views.view` draws them, without its labels of every node
    of the graph (minutes at 10,000 documents)."""
    from .errors import CtocError
    from .views import EDGES, PREFIXES, VIEWS, _next_edges, curie

    if name not in EDGES:
        raise CtocError(f"no view named {name!r}; use one of {', '.join(VIEWS)}")
    _, rows = store.select(PREFIXES + EDGES[name], {})
    edges = {(r["s"].value, r["rel"].value, r["o"].value) for r in rows  # type: ignore[union-attr]
             if r["s"] is not None and r["o"] is not None}
    if name == "full":
        edges = {(s, curie(rel), o) for s, rel, o in edges}
    if name == "timeline":
        edges |= set(_next_edges(store))
    return sorted(edges)


def explorer(store: Store, view: str = "governance", lang: str = "en", *,
             members: int = overview.MEMBERS, aggregate: str = "auto",
             base: str = DEFAULT_BASE, store_name: str = "") -> Page:
    """The explorer page of a view. ``aggregate``: ``auto`` (groups above
    :data:`overview.AGGREGATE_ABOVE` nodes), ``always`` or ``never``; ``members``: the members
    of each group the page holds; ``store_name``: the store the groups' commands name."""
    edges = view_edges(store, view)
    nodes = sorted({s for s, _, _ in edges} | {o for _, _, o in edges})
    kinds = readable.kinds(store, nodes)
    grouped = aggregate == "always" or (aggregate == "auto" and len(nodes) > overview.AGGREGATE_ABOVE)
    groups = overview.group(kinds, base, members) if grouped else None
    held = [n for g in groups.values() for n in g.shown] if groups else nodes
    scopes = {_scope_iri(g, base): g.id for g in (groups or {}).values() if _scope_iri(g, base)}
    named = readable.names(store, {**{n: kinds[n] for n in held},
                                   **{iri: "Scope" for iri in scopes if iri not in kinds}})
    group_of = {n: g.id for g in (groups or {}).values() for n in g.shown}
    data = {
        "view": view, "lang": lang, "languages": list(LANGUAGE_NAMES.items()), "colors": COLORS,
        "grouped": grouped,
        "nodes": [{"id": n, "kind": kinds[n], **({"group": group_of[n]} if groups else {}),
                   **named[n]} for n in held],
        "groups": [_group(g, view, base, lang, store_name, named) for g in (groups or {}).values()],
        "edges": overview.units(edges, groups),
    }
    return Page(_render(view, data), len(nodes), len(edges), len(groups or {}), len(held))


def _scope_iri(g: overview.Group, base: str) -> str:
    """The resource a group's scope names (a body, an instrument), for its label."""
    if not g.scope or g.scope == overview.OTHER or not g.members[0].startswith(base):
        return ""
    head = g.members[0][len(base):].split("/", 1)[0]
    if head in ("session", "resolution", "decision"):
        return f"{base}body/{g.scope}"
    return f"{base}instrument/{g.scope}" if head == "instrument" else ""


def _group(g: overview.Group, view: str, base: str, lang: str, store_name: str,
           named: dict[str, dict[str, object]]) -> dict[str, object]:
    scope = named.get(_scope_iri(g, base), {})
    labels: dict[str, object] = {k: v for k, v in scope.items() if k.startswith("label")} if scope else \
        ({"label": g.scope} if g.scope else {})
    if g.scope and "label" not in labels:
        labels["label"] = g.scope
    if g.scope == overview.OTHER:
        labels = {"label": f"{len(g.merged)} others", "merged": g.merged}
    return {"id": g.id, "kind": g.kind, "scope": g.scope, "count": len(g.members),
            "shown": len(g.shown), "rest": g.rest,
            "open": len(g.members) == len(g.shown) and len(g.members) <= overview.OPEN_UP_TO,
            "command": overview.command(view, g, base, lang, store_name), **labels}


def _render(view: str, data: dict) -> str:
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
    # the scripts and the style are the package's own files, inserted as they are (their
    # hashes are in the policy); everything else is escaped by the template
    return templates().get_template("explorer.html").render(
        csp=csp, view=view, data=script_json(data), languages=LANGUAGE_NAMES,
        library=Markup(library), app=Markup(app), style=Markup(style))
