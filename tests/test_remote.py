"""Remote endpoints and publishing against a real Oxigraph server: errors are one line with a
non-zero exit, and a failed publish leaves the server's graphs as they were."""

from __future__ import annotations

import pytest
from conftest import ctocgraph
from oxserver import _free_port, oxigraph_server
from rdflib import Graph, Literal, URIRef

from ctocgraph.remote import RemoteError, RemoteStore, publish
from ctocgraph.serialize import nquads

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def counts(base: str, graphs) -> dict[str, int]:
    remote = RemoteStore(f"{base}/query")
    return {name: remote.count(name) for name in graphs}


def test_publish_replaces_each_graph_and_verifies(tmp_path, seed):
    with oxigraph_server(tmp_path / "db") as base:
        # a graph of someone else's, which publishing must leave alone
        other = Graph(identifier=URIRef("http://example.org/other"))
        other.add((URIRef("http://example.org/a"), URIRef("http://example.org/b"), Literal("c")))
        publish({"http://example.org/other": other}, f"{base}/query")
        published = publish(seed.graphs, f"{base}/query")
        assert published == {name: len(g) for name, g in seed.graphs.items()}
        published = publish(seed.graphs, f"{base}/query")  # again: replaced, not added to
        assert counts(base, seed.graphs) == {name: len(g) for name, g in seed.graphs.items()}
        assert counts(base, ["http://example.org/other"]) == {"http://example.org/other": 1}
        assert len(RemoteStore(f"{base}/query")) == seed.triples + 1  # no staging graph left


def test_cli_publish_and_query_remote(tmp_path):
    store = tmp_path / "store"
    assert ctocgraph("build", "--store", str(store), "-o", str(tmp_path / "d.nq")).returncode == 0
    with oxigraph_server(tmp_path / "db") as base:
        r = ctocgraph("publish", "--endpoint", f"{base}/query", "--store", str(store))
        assert r.returncode == 0, r.stderr
        assert r.stdout.count("(verified)") == 9  # eight sources and the reference graph
        r = ctocgraph("query", "governance", "-p", "resolution=8/2", "--endpoint", f"{base}/query")
        assert r.returncode == 0 and "(5 rows)" in r.stdout
        r = ctocgraph("sparql", "-", "--endpoint", f"{base}/query", "--format", "csv",
                      input="SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a "
                            "<https://w3id.org/ctocgraph/ontology#Session> }")
        assert r.returncode == 0 and r.stdout == "n\n14\n"  # 2 of the agendas, 12 of the register


def test_endpoint_that_is_down(tmp_path):
    url = f"http://127.0.0.1:{_free_port()}/query"
    with pytest.raises(RemoteError, match="connection refused"):
        RemoteStore(url).select("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {})
    r = ctocgraph("query", "citations", "--endpoint", url)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "connection refused" in r.stderr


def test_query_past_its_timeout(tmp_path, seed):
    with oxigraph_server(tmp_path / "db", timeout_s=3) as base:
        publish(seed.graphs, f"{base}/query")
        r = ctocgraph("sparql", "-", "--endpoint", f"{base}/query", "--timeout", "1", input=SLOW)
        assert r.returncode == 2 and r.stderr.count("\n") == 1
        assert "did not answer within 1 s (timeout)" in r.stderr
        # the server is still there for the next question
        assert RemoteStore(f"{base}/query").count(sorted(seed.graphs)[0]) > 0


def test_upload_refused_by_the_server_publishes_nothing(tmp_path, seed):
    dump = tmp_path / "seed.nq"
    dump.write_text(nquads(seed.dataset), encoding="utf-8")
    with oxigraph_server(tmp_path / "db", read_only=True, preload=dump) as base:
        before = counts(base, seed.graphs)
        with pytest.raises(RemoteError, match=r"upload of graph .* failed: .* HTTP"):
            publish(seed.graphs, f"{base}/query")
        assert counts(base, seed.graphs) == before


def test_a_graph_the_server_rejects_leaves_every_graph_as_it_was(tmp_path, seed):
    with oxigraph_server(tmp_path / "db") as base:
        publish(seed.graphs, f"{base}/query")
        before = counts(base, seed.graphs)
        changed = {}
        for name, g in seed.graphs.items():
            copy = Graph(identifier=g.identifier)
            copy += g
            copy.add((URIRef("http://example.org/new"), URIRef("http://example.org/p"), Literal(1)))
            changed[name] = copy
        last = sorted(changed)[-1]  # uploaded last: the others are staged before it fails
        # rdflib writes it, Oxigraph's IRI parser refuses it: bad percent-encoding
        changed[last].add((URIRef("http://example.org/%zz"), URIRef("http://example.org/p"),
                           Literal(2)))
        with pytest.raises(RemoteError, match=f"upload of graph {last} failed"):
            publish(changed, f"{base}/query")
        assert counts(base, seed.graphs) == before
        assert len(RemoteStore(f"{base}/query")) == seed.triples  # staging graphs removed
