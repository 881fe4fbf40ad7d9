"""Publishing to a real OpenLink Virtuoso (started once for this module, tests/vtserver.py):
Digest authentication from the environment, replaced and verified graphs, and a publish that
fails — its connection cut mid-upload, or its move aborted by the server — leaves every graph
as it was. The library's rows on Virtuoso are compared in test_queries.py."""

from __future__ import annotations

import re

import pytest
from conftest import ctocgraph
from cutproxy import cut_proxy
from rdflib import Graph, Literal, URIRef
from vtserver import virtuoso_server

from ctocgraph.remote import Auth, RemoteError, RemoteStore, publish

OTHER = "http://example.org/other"


@pytest.fixture(scope="module")
def vt(tmp_path_factory):
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso") / "db") as server:
        yield server


def ours(vt) -> dict[str, int]:
    """Triples per graph, for every graph but Virtuoso's own (its schemas and settings)."""
    _names, rows = RemoteStore(vt.query).select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {})
    return {r["g"].value: int(r["n"].value) for r in rows
            if r["g"].value.startswith(("https://w3id.org/ctocgraph/", "urn:ctocgraph:",
                                        "http://example.org/"))}


def send(vt, graphs, **kw):
    return publish(graphs, vt.query, gsp=kw.pop("gsp", vt.gsp), update=vt.update,
                   auth=kw.pop("auth", Auth("dba", vt.password, "digest")), **kw)


def changed(seed) -> dict[str, Graph]:
    """Every seed graph with one more triple: what a publish that went through would leave."""
    out = {}
    for name, g in seed.graphs.items():
        copy = Graph(identifier=g.identifier)
        copy += g
        copy.add((URIRef("http://example.org/new"), URIRef("http://example.org/p"), Literal(1)))
        out[name] = copy
    return out


def expected(seed) -> dict[str, int]:
    return {name: len(g) for name, g in seed.graphs.items()}


def test_publish_replaces_each_graph_and_verifies(vt, seed):
    other = Graph(identifier=URIRef(OTHER))
    other.add((URIRef("http://example.org/a"), URIRef("http://example.org/b"), Literal("c")))
    send(vt, {OTHER: other})
    assert send(vt, changed(seed)) == {n: c + 1 for n, c in expected(seed).items()}
    assert send(vt, seed.graphs) == expected(seed)  # replaced, not added to
    # the seed's nine graphs (eight sources and the reference data), someone else's graph
    # left alone, and no staging graph
    assert ours(vt) == {**expected(seed), OTHER: 1} and len(seed.graphs) == 9


def test_updates_need_the_right_password_sent_the_right_way(vt, seed, monkeypatch):
    send(vt, seed.graphs)
    monkeypatch.delenv("CTOCGRAPH_AUTH", raising=False)
    for auth in (None, Auth("dba", "wrong", "digest"), Auth("dba", vt.password, "basic")):
        with pytest.raises(RemoteError, match=r"upload of graph .* failed: .* HTTP 401"):
            send(vt, changed(seed), auth=auth)
    assert ours(vt) == {**expected(seed), OTHER: 1}


def test_an_upload_cut_off_midway_leaves_every_graph_as_it_was(vt, seed):
    send(vt, seed.graphs)
    port = int(vt.base.rsplit(":", 1)[1])
    # the sixth graph's upload (after the challenge, with its credentials) dies halfway
    sixth = re.compile(rb"^PUT \S*%3A5 HTTP.*^Authorization: Digest", re.S | re.M)
    with cut_proxy(port, lambda head: bool(sixth.search(head))) as proxy:
        gsp = f"http://127.0.0.1:{proxy.port}/sparql-graph-crud-auth"
        name = sorted(seed.graphs)[5]
        with pytest.raises(RemoteError, match=f"upload of graph {re.escape(name)} failed"):
            send(vt, changed(seed), gsp=gsp)
        assert proxy.cuts == 1
    # five graphs had been staged before it: none of them replaced anything, all removed
    assert ours(vt) == {**expected(seed), OTHER: 1}


def test_a_move_the_server_aborts_leaves_every_graph_as_it_was(vt, seed):
    """Virtuoso aborts a transaction whose log grows past its limit: here the move of all nine
    graphs (about 200 kB of log) goes past 60 kB, while each upload stays under it."""
    send(vt, seed.graphs)
    limit = vt.sql("select __dbf_set ('txn_after_image_limit', 60000)")
    try:
        with pytest.raises(RemoteError, match=r"the move into place failed: .*SR325.*; "
                                              r"the server's graphs were left as they were"):
            send(vt, changed(seed))
    finally:
        vt.sql(f"select __dbf_set ('txn_after_image_limit', {_number(limit)})")
    assert ours(vt) == {**expected(seed), OTHER: 1}
    assert send(vt, changed(seed)) == {n: c + 1 for n, c in expected(seed).items()}
    send(vt, seed.graphs)


def _number(isql_output: str) -> int:
    """The value __dbf_set returned (the setting before), from isql's table."""
    return int(re.search(r"^(\d+)\s*$", isql_output, re.M).group(1))  # type: ignore[union-attr]


def test_cli_publish_and_query_with_credentials_from_the_environment(vt, built):
    out, _ = built
    env = {**vt.auth_env, "CTOCGRAPH_GSP": vt.gsp, "CTOCGRAPH_UPDATE": vt.update}
    r = ctocgraph("publish", "--endpoint", vt.query, "--store", str(out / "store"), env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("(verified)") == 9
    r = ctocgraph("query", "governance", "-p", "resolution=8/2", "--endpoint", vt.query)
    assert r.returncode == 0 and "(5 rows)" in r.stdout, r.stderr
    # without the scheme, the password is sent as basic and refused: one line, exit 2
    env.pop("CTOCGRAPH_AUTH_SCHEME")
    r = ctocgraph("publish", "--endpoint", vt.query, "--store", str(out / "store"), env=env)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "HTTP 401" in r.stderr
