"""networkx views of the seed graph (built by SPARQL over the store) and their exports."""

from __future__ import annotations

import json
import subprocess
from collections import Counter

import networkx as nx
import pytest
from conftest import ctocgraph
from networkx.algorithms.isomorphism import categorical_multiedge_match, categorical_node_match

from ctocgraph.export import cytoscape, export, stats
from ctocgraph.views import VIEWS, reach, view

B = "https://w3id.org/ctocgraph/id/"
R71, R82 = B + "resolution/cop/7/1", B + "resolution/cop/8/2"
S4, S7 = B + "session/wg-som/4", B + "session/wg-som/7"
SIZES = {# the register adds the Conference's seventh session, which adopted 7/1 (one node, one
         # "adopted" link)
         "governance": (15 + 1, 22 + 1), "citations": (22, 23),
         # the register's agendas of the fourth and eighth sessions and the fourth's report, and
         # those two sessions (5 nodes, 3 links)
         "documents": (25 + 5, 23 + 3),
         # the register's body and 12 sessions (12 "held", 10 "next" between the 11 with dates),
         # the acts that govern the Working Group's sessions (7/1, 8/2: 3 "governs") and the
         # session that adopted 7/1 (1 "adopted")
         "timeline": (14 + 13 + 2, 14 + 12 + 10 + 3 + 1),
         # the seeds' 379 nodes and 771 links, and the sister family's reference data: 7 bodies,
         # 4 instruments, 1 place and the 85 pages their names were verified at (112
         # dcterms:source links), 4 org:subOrganizationOf links (3 UNCAC bodies, the CND); the
         # register: 12 sessions, 3 documents and their 3 undocs.org pages, 33 acts the seeds
         # do not cite and 30 pages not cited before (81 nodes), and 173 links (sessionOf, venue,
         # agendaOf/reportOf, seeAlso, adoptedBy/decidedBy, adoptedAt, establishing and
         # changing acts, dcterms:source); the CCPCJ's expert group on cybercrime (1 body, the 3
         # pages it was verified at: 3 dcterms:source links and 1 org:subOrganizationOf), Doha
         # and Marrakech (2 places, their 2 GeoNames IRIs and 2 pages: 2 owl:sameAs and 2
         # dcterms:source links); Kyoto (1 place, its GeoNames IRI and 1 page: 1 owl:sameAs
         # and 1 dcterms:source link)
         "full": (379 + 7 + 4 + 1 + 85 + 81 + 4 + 6 + 3, 771 + 112 + 4 + 173 + 4 + 4 + 2)}


@pytest.fixture(scope="module")
def views(oxstore):
    return {name: view(oxstore, name, "zh") for name in VIEWS}


def edges(g):
    return Counter((s, d["relation"], o) for s, o, d in g.edges(data=True))


@pytest.mark.parametrize("name", VIEWS)
def test_exact_sizes(views, name):
    g = views[name]
    assert (g.number_of_nodes(), g.number_of_edges()) == SIZES[name]
    assert all(d["iri"] == n and d["kind"] and d["label"] for n, d in g.nodes(data=True))


def test_governance_reach(views):
    g = views["governance"]
    assert reach(g, R71, "Session") == {S4, S7}
    assert reach(g, R82, "Session") == {S4}
    assert edges(g)[(R82, "establishes", S4 + "/item/2/mandate/cop-8-2-3")] == 1
    assert edges(g)[(S4 + "/item/2/mandate/cop-8-2-3", "addressedTo", B + "body/secretariat")] == 1
    assert Counter(d["kind"] for _, d in g.nodes(data=True)) == {
        "Resolution": 2, "Mandate": 5, "Session": 3, "AgendaItem": 3, "Body": 3}
    # the view starts at the Conference session that adopted 7/1 (the register's seventh)
    assert edges(g)[(B + "session/cop/7", "adopted", R71)] == 1
    assert reach(g, B + "session/cop/7", "Session") == {S4, S7}
    assert [u for u, _, k in g.in_edges(R82, keys=True) if k == "adopted"] == []  # not in the register


def test_named_edges_of_the_other_views(views):
    assert edges(views["citations"])[(S4 + "/item/4", "cites", B + "resolution/ga/71/1")] == 1
    assert edges(views["citations"])[(S4 + "/item/4", "cites",
                                      B + "instrument/som-protocol/art/6/para/1/subpara/a")] == 1
    assert edges(views["documents"])[(B + "document/CTOC/COP/WG.7/2017/2", "documentFor",
                                      S4 + "/item/2")] == 1
    assert edges(views["documents"])[(S4 + "/item/2", "cites",
                                      B + "document/CTOC/COP/WG.8/2016/2")] == 1
    assert edges(views["timeline"])[(S4, "next", S7)] == 1
    assert edges(views["timeline"])[(B + "body/wg-som", "held", S7)] == 1
    # the Conference's sessions on the same axis, linked to the Working Group's by 7/1
    assert edges(views["timeline"])[(B + "session/cop/6", "next", B + "session/cop/7")] == 1
    assert edges(views["timeline"])[(B + "session/cop/7", "adopted", R71)] == 1
    assert edges(views["timeline"])[(R71, "governs", S7)] == 1
    assert edges(views["documents"])[(B + "document/CTOC/COP/2008/19", "reportOf",
                                      B + "session/cop/4")] == 1
    assert edges(views["full"])[(S4, "ctoc:sessionOf", B + "body/wg-som")] == 1
    assert views["timeline"].nodes[S4 + "/item/4"]["label"] == "审查偷运移民定义的“金钱和物质利益”方面"


def test_labels_follow_the_language(oxstore):
    assert view(oxstore, "timeline", "en").nodes[S4 + "/item/5"]["label"] == "Other matters"


def _same(a, b):
    return nx.is_isomorphic(a, b, node_match=categorical_node_match(["kind", "label"], [None, None]),
                            edge_match=categorical_multiedge_match("relation", None)) \
        and set(a.nodes) == set(b.nodes) and edges(a) == edges(b)


@pytest.mark.parametrize("name", VIEWS)
def test_graphml_gexf_and_json_read_back_as_the_view(views, tmp_path, name):
    g = views[name]
    export(g, "graphml", tmp_path / "g.graphml")
    assert _same(nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True), g)
    export(g, "gexf", tmp_path / "g.gexf")
    assert _same(nx.MultiDiGraph(nx.read_gexf(tmp_path / "g.gexf")), g)
    export(g, "json", tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert _same(nx.node_link_graph(data, edges="edges"), g)


def test_exports_are_deterministic(views, tmp_path):
    for fmt in ("graphml", "gexf", "json", "cytoscape", "dot", "csv"):
        a = export(views["governance"], fmt, tmp_path / f"a.{fmt}")
        b = export(views["governance"], fmt, tmp_path / f"b.{fmt}")
        assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b], fmt


def test_cytoscape_elements_format(views):
    data = cytoscape(views["documents"])
    nodes, links = data["elements"]["nodes"], data["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert len(nodes) == 30 and len(links) == 26 and len(ids) == 30
    assert all({"id", "source", "target"} <= set(e["data"]) for e in links)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in links)
    assert len({e["data"]["id"] for e in links} | ids) == 56  # edge and node ids all distinct


def test_dot_is_accepted_by_graphviz(views, tmp_path):
    for name in VIEWS:
        export(views[name], "dot", tmp_path / f"{name}.dot")
        done = subprocess.run(["dot", "-Tsvg", str(tmp_path / f"{name}.dot")], capture_output=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(b"<?xml") and b"<svg" in done.stdout


def test_csv_edge_list_with_node_table(views, tmp_path):
    files = export(views["timeline"], "csv", tmp_path / "timeline.csv")
    assert [p.name for p in files] == ["timeline.csv", "timeline.nodes.csv"]
    edge_rows = files[0].read_text(encoding="utf-8").splitlines()
    node_rows = files[1].read_text(encoding="utf-8").splitlines()
    assert edge_rows[0] == "source,target,relation" and len(edge_rows) == 1 + 40
    assert node_rows[0] == "id,kind,label,label_en,label_zh" and len(node_rows) == 1 + 29


def test_stats(views):
    text = stats(views["governance"], views["citations"], views["governance"], R71)
    assert "view governance: 16 nodes, 23 edges" in text
    assert "  nodes Mandate: 5" in text
    lines = text.splitlines()
    cited = lines.index("most cited resolutions (citing resources):")
    top = [ln.split("<")[-1].rstrip(">") for ln in lines[cited + 1: cited + 4]]
    assert top == [B + "resolution/cop/5/5", R71, R82]  # two citing resources each, by IRI
    assert all(ln.startswith("    2  ") for ln in lines[cited + 1: cited + 4])
    assert "betweenness centrality (top 10):" in text
    assert "    Resolution:7/1 → Mandate:mandate/cop-7-1-1 → Session:wg-som/7" in text
    assert "(reaches no session)" in stats(views["governance"], views["citations"],
                                           views["governance"], B + "resolution/ga/71/1")


def test_cli_export_stats_and_timeline(built, tmp_path):
    out, _ = built
    store = str(out / "store")
    r = ctocgraph("export", "citations", "--format", "gexf", "--lang", "en", "--store", store,
                  "-o", str(tmp_path / "c.gexf"))
    assert r.returncode == 0 and "22 nodes, 23 edges" in r.stdout
    r = ctocgraph("stats", "governance", "--resolution", "8/2", "--store", store)
    assert r.returncode == 0 and "to Working Group on the Smuggling of Migrants, session 4:" in r.stdout
    assert "session 7:" not in r.stdout.split("governance paths from")[1]
    for suffix in ("svg", "png"):
        r = ctocgraph("timeline", "--lang", "zh", "--store", store, "-o", str(tmp_path / f"t.{suffix}"))
        assert r.returncode == 0, r.stderr
    svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
    assert "偷运移民问题工作组" in svg and "#4  2017-09-11" in svg and "#7  2020-09-08" in svg
    # the Conference's sessions on the same axis (the register's, the second without dates
    # left off), and the act that links its seventh to the Working Group's sessions
    assert "联合国打击跨国有组织犯罪公约缔约方会议" in svg
    assert "#1  2004-06-28" in svg and "#12  2024-10-14" in svg and "#2  " not in svg
    assert svg.count("7/1") == 1  # labelled once, at the session that adopted it
    assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
