"""Exports of a view for the tools analysts use: GraphML and GEXF (Gephi, yEd), node-link JSON
(networkx, D3), Cytoscape.js JSON (Cytoscape, the explorer), DOT (Graphviz), CSV (spreadsheets).

All outputs are deterministic: nodes and edges in sorted order, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CtocError
from .escape import csv_cell, dot_string
from .query import clip

if TYPE_CHECKING:  # imported where used: networkx is a fifth of the CLI's import time
    import networkx as nx

FORMATS = ("graphml", "gexf", "json", "cytoscape", "dot", "csv")


def _attributes(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with string attributes only (every exchange format accepts strings)."""
    import networkx as nx
    out = nx.MultiDiGraph()
    out.graph.update({k: str(v) for k, v in g.graph.items()})
    for n, d in g.nodes(data=True):
        out.add_node(n, **{k: str(v) for k, v in d.items()})
    for s, o, k, d in g.edges(keys=True, data=True):
        out.add_edge(s, o, key=k, **{a: str(v) for a, v in d.items()})
    return out


def cytoscape(g: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements: nodes and edges with explicit, stable ids."""
    nodes = [{"data": {"id": n, **d}} for n, d in g.nodes(data=True)]
    edges = [{"data": {"id": f"e{i}", "source": s, "target": o, **d}}
             for i, (s, o, d) in enumerate(g.edges(data=True))]
    return {"elements": {"nodes": nodes, "edges": edges}}


def dot(g: nx.MultiDiGraph) -> str:
    lines = [f"digraph {dot_string(g.graph.get('view', 'ctocgraph'))} {{",
             "  node [shape=box, style=rounded];"]
    for n, d in g.nodes(data=True):
        label = d.get("label", n)
        kind = dot_string(d.get("kind", ""))
        lines.append(f"  {dot_string(n)} [label={dot_string(clip(label, 60))}, kind={kind}];")
    for s, o, d in g.edges(data=True):
        lines.append(f"  {dot_string(s)} -> {dot_string(o)} [label={dot_string(d.get('relation', ''))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _csv(rows: list[list[str]], raw: bool) -> str:
    """CSV whose cells a spreadsheet shows as text, never runs as formulas (unless ``raw``)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([csv_cell(c, raw) for c in row] for row in rows)
    return buf.getvalue()


def export(g: nx.MultiDiGraph, fmt: str, path: Path, raw: bool = False) -> list[Path]:
    """Write the view to ``path`` (CSV also writes ``<stem>.nodes.csv``); returns the files.
    ``raw``: CSV cells exactly as they are, even those a spreadsheet would run as formulas."""
    import networkx as nx

    from .build import write_atomic

    if fmt not in FORMATS:
        raise CtocError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    g = _attributes(g)
    if fmt == "graphml":
        text = "\n".join(nx.generate_graphml(g, named_key_ids=True)) + "\n"
    elif fmt == "gexf":
        text = "\n".join(nx.generate_gexf(g)) + "\n"
        text = re.sub(r' lastmodifieddate="[^"]*"', "", text)  # no date: same graph, same file
    elif fmt == "json":
        text = json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "cytoscape":
        text = json.dumps(cytoscape(g), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "dot":
        text = dot(g)
    else:
        edges = [["source", "target", "relation"]] + [[s, o, d["relation"]]
                                                     for s, o, d in g.edges(data=True)]
        nodes = [["id", "kind", "label", "label_en", "label_zh"]] + [
            [n, d["kind"], d["label"], d["label_en"], d["label_zh"]] for n, d in g.nodes(data=True)]
        node_file = path.with_name(path.stem + ".nodes.csv")
        write_atomic(path, _csv(edges, raw))
        write_atomic(node_file, _csv(nodes, raw))
        return [path, node_file]
    write_atomic(path, text)
    return [path]


def stats(g: nx.MultiDiGraph, citations: nx.MultiDiGraph, governance: nx.MultiDiGraph,
          resolution: str, top: int = 10) -> str:
    """Counts by kind, most cited resolutions, centralities, governance paths, as text."""
    import networkx as nx

    from .views import governance_paths

    out = [f"view {g.graph.get('view')}: {g.number_of_nodes()} nodes, {g.number_of_edges()} edges"]
    for kind, n in sorted(Counter(d["kind"] for _, d in g.nodes(data=True)).items()):
        out.append(f"  nodes {kind}: {n}")
    for rel, n in sorted(Counter(d["relation"] for *_, d in g.edges(data=True)).items()):
        out.append(f"  edges {rel}: {n}")
    cited = sorted(((citations.in_degree(n), n) for n, d in citations.nodes(data=True)
                    if d["kind"] == "Resolution"), key=lambda t: (-t[0], t[1]))
    out.append("most cited resolutions (citing resources):")
    out += [f"  {k:>3}  {citations.nodes[n]['label']}  <{n}>" for k, n in cited[:top]]
    simple = nx.DiGraph(g)
    degree = nx.degree_centrality(simple) if len(simple) > 1 else {}
    between = nx.betweenness_centrality(simple) if len(simple) > 2 else {}
    for title, values in (("degree centrality", degree), ("betweenness centrality", between)):
        out.append(f"{title} (top {top}):")
        ranked = sorted(values.items(), key=lambda t: (-t[1], t[0]))[:top]
        out += [f"  {v:.3f}  {clip(g.nodes[n]['label'], 60)}  <{n}>" for n, v in ranked]
    out.append(f"governance paths from <{resolution}>:")
    paths = governance_paths(governance, resolution)
    if not paths:
        out.append("  (reaches no session)")
    for session, ps in paths.items():
        out.append(f"  to {governance.nodes[session]['label']}:")
        out += ["    " + " → ".join(governance.nodes[n]["kind"] + ":" + n.rsplit("/", 2)[-2] + "/"
                                    + n.rsplit("/", 1)[-1] for n in p) for p in ps]
    return "\n".join(out) + "\n"
