"""Remote SPARQL 1.1 servers: queries through SPARQLWrapper, uploads through the Graph Store
Protocol. Publishing is staged so that a failure never leaves the server half-published.

The endpoint must answer queries over the union of its named graphs as the default graph
(Oxigraph ``--union-default-graph``, Fuseki ``unionDefaultGraph``, GraphDB and Virtuoso by
default), as the embedded store does.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from .errors import CtocError
from .sparqltext import inline_values, mask
from .store import Row, Value, literal

AUTH_ENV = "CTOCGRAPH_AUTH"  # "user:password" for HTTP basic authentication


class RemoteError(CtocError):
    """The server is down, refused the request, timed out or answered something unexpected."""


def _credentials() -> tuple[str, str] | None:
    raw = os.environ.get(AUTH_ENV)
    if not raw:
        return None
    if ":" not in raw:
        raise RemoteError(f"{AUTH_ENV} must be user:password")
    user, password = raw.split(":", 1)
    return user, password


def _explain(exc: BaseException, url: str, timeout: float) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        body = exc.read()[:300].decode("utf-8", "replace").strip().replace("\n", " ")
        return f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {body}" if body else "")
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (TimeoutError, socket.timeout)) or isinstance(exc, TimeoutError):
        return f"{url} did not answer within {timeout:g} s (timeout)"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot connect to {url}: connection refused (is the server running?)"
    return f"cannot reach {url}: {reason}"


class RemoteStore:
    """A SPARQL 1.1 query endpoint, asked with POST through SPARQLWrapper."""

    def __init__(self, endpoint: str, timeout: float = 60.0):
        if not endpoint.startswith(("http://", "https://")):
            raise RemoteError(f"not an http(s) endpoint: {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]:
        from SPARQLWrapper import JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, round(self.timeout))))
        credentials = _credentials()
        if credentials:
            client.setCredentials(*credentials)
        client.setQuery(inline_values(query, bindings))
        # SPARQLWrapper finds the query's form by its first keyword, but reads words of some
        # comments ("what is asked of whom … addressed to" gave ADD, an update): read it here
        # with comments, strings and IRIs masked
        form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", mask(query), re.I)
        if form:
            client.queryType = form.group(1).upper()
        try:
            result = client.queryAndConvert()
        except SPARQLWrapperException as exc:
            raise RemoteError(f"{self.endpoint} refused the query: "
                              f"{str(exc).splitlines()[0][:300]}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise RemoteError(_explain(exc, self.endpoint, self.timeout)) from exc
        except ValueError as exc:  # a response cut off, e.g. by the server's own timeout
            raise RemoteError(f"{self.endpoint} returned malformed results ({exc}); the server "
                              "may have stopped the query at its own time limit") from exc
        if not isinstance(result, dict) or "head" not in result:
            raise RemoteError(f"{self.endpoint} did not return SPARQL JSON results")
        names = list(result["head"].get("vars", []))
        return names, [{n: _value(b.get(n)) for n in names}
                       for b in result.get("results", {}).get("bindings", [])]

    def count(self, graph: str) -> int:
        names, rows = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", {})
        value = rows[0][names[0]] if rows else None
        return int(value.value) if value else 0

    def __len__(self) -> int:
        names, rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", {})
        value = rows[0][names[0]] if rows else None
        return int(value.value) if value else 0


def _value(binding: dict | None) -> Value | None:
    if binding is None:
        return None
    kind = binding["type"]
    if kind == "uri":
        return Value("iri", binding["value"])
    if kind in ("literal", "typed-literal"):
        return literal(binding["value"], binding.get("datatype"), binding.get("xml:lang"))
    return Value("bnode", binding["value"])


def _request(url: str, method: str, body: bytes | None, content_type: str | None,
             timeout: float) -> None:
    req = urllib.request.Request(url, data=body, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    credentials = _credentials()
    if credentials:
        token = base64.b64encode(":".join(credentials).encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise RemoteError(_explain(exc, url, timeout)) from exc


def default_urls(endpoint: str) -> tuple[str, str]:
    """Graph Store and update URLs beside a query URL (Oxigraph's /query, /store, /update)."""
    base = endpoint.rsplit("/", 1)[0] if endpoint.rstrip("/").endswith(("query", "sparql")) \
        else endpoint.rstrip("/")
    return f"{base}/store", f"{base}/update"


def publish(graphs: dict[str, Graph], endpoint: str, *, gsp: str | None = None,
            update: str | None = None, timeout: float = 60.0) -> dict[str, int]:
    """Replace each named graph on the server, all or nothing; returns the verified counts.

    Every graph is first uploaded to a staging graph and its triple count checked; only then
    does one SPARQL Update request move all staging graphs onto the real ones. A failure before
    that leaves the server's graphs as they were and removes the staging graphs.
    """
    store_url, update_url = default_urls(endpoint)
    store_url, update_url = gsp or store_url, update or update_url
    remote = RemoteStore(endpoint, timeout)
    run = uuid.uuid4().hex
    staged: dict[str, str] = {}
    try:
        for n, name in enumerate(sorted(graphs)):
            staging = f"urn:ctocgraph:staging:{run}:{n}"
            body = graphs[name].serialize(format="nt", encoding="utf-8")
            try:
                _request(f"{store_url}?graph={urllib.parse.quote(staging, safe='')}", "PUT", body,
                         "application/n-triples", timeout)
            except RemoteError as exc:
                raise RemoteError(f"upload of graph {name} failed: {exc.message}; "
                                  "the server's graphs were left as they were") from exc
            staged[name] = staging
            if remote.count(staging) != len(graphs[name]):
                raise RemoteError(f"graph {name}: the server holds {remote.count(staging)} of "
                                  f"{len(graphs[name])} triples after upload; nothing published")
        moves = " ;\n".join(f"MOVE SILENT <{staged[name]}> TO <{name}>" for name in sorted(staged))
        _request(update_url, "POST", moves.encode("utf-8"), "application/sparql-update", timeout)
        staged = {}
    finally:
        if staged:  # clean up after a failure; the real graphs were never touched
            drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in staged.values())
            with contextlib.suppress(RemoteError):
                _request(update_url, "POST", drops.encode("utf-8"), "application/sparql-update",
                         timeout)
    counts = {name: remote.count(name) for name in sorted(graphs)}
    wrong = {n: c for n, c in counts.items() if c != len(graphs[n])}
    if wrong:
        raise RemoteError("after publishing, the server holds other triple counts than were "
                          f"sent: {wrong}")
    return counts


def graphs_of(nquads_file: Path) -> dict[str, Graph]:
    """The named graphs of an N-Quads dump, by graph IRI."""
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(nquads_file, format="nquads")
    out = {}
    for g in ds.graphs():
        if len(g) and isinstance(g.identifier, URIRef) and \
                str(g.identifier) != "urn:x-rdflib:default":
            copy = Graph(identifier=g.identifier)
            for t in g:
                copy.add(t)
            out[str(g.identifier)] = copy
    return out
