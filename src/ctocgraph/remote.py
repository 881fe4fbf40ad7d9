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
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.term import Node

from .errors import CtocError
from .sparqltext import inline_values, mask
from .store import Row, Value, literal

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
AUTH_ENV = "CTOCGRAPH_AUTH"  # "user:password"
SCHEME_ENV = "CTOCGRAPH_AUTH_SCHEME"  # "basic" (the default) or "digest"
SCHEMES = ("basic", "digest")


class RemoteError(CtocError):
    """The server is down, refused the request, timed out or answered something unexpected."""


@dataclass(frozen=True)
class Auth:
    """Credentials for a server, and how to send them: ``basic`` with every request, or
    ``digest`` in answer to the server's challenge (Virtuoso's /sparql-auth and
    /sparql-graph-crud-auth), so the password never crosses the wire."""

    user: str
    password: str
    scheme: str = "basic"

    @classmethod
    def from_env(cls, scheme: str | None = None) -> Auth | None:
        """From ``$CTOCGRAPH_AUTH`` (user:password) and ``$CTOCGRAPH_AUTH_SCHEME`` or
        ``scheme``; never from the command line, where other users' ``ps`` would see it."""
        raw = os.environ.get(AUTH_ENV)
        scheme = (scheme or os.environ.get(SCHEME_ENV) or "basic").lower()
        if scheme not in SCHEMES:
            raise RemoteError(f"{SCHEME_ENV} must be basic or digest, not {scheme!r}")
        if not raw:
            return None
        if ":" not in raw:
            raise RemoteError(f"{AUTH_ENV} must be user:password")
        user, password = raw.split(":", 1)
        return cls(user, password, scheme)


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

    def __init__(self, endpoint: str, timeout: float = 60.0, auth: Auth | None = None):
        if not endpoint.startswith(("http://", "https://")):
            raise RemoteError(f"not an http(s) endpoint: {endpoint!r}")
        self.endpoint = endpoint
        self.timeout = timeout
        self.auth = auth if auth is not None else Auth.from_env()

    def select(self, query: str, bindings: dict[str, Node]) -> tuple[list[str], list[Row]]:
        from SPARQLWrapper import DIGEST, JSON, POST, SPARQLWrapper
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        client = SPARQLWrapper(self.endpoint)
        client.setMethod(POST)
        client.setReturnFormat(JSON)
        client.setTimeout(int(max(1, round(self.timeout))))
        if self.auth:
            if self.auth.scheme == "digest":
                client.setHTTPAuth(DIGEST)
            client.setCredentials(self.auth.user, self.auth.password)
        client.setQuery(inline_values(query, bindings))
        # SPARQLWrapper finds the query's form by its first keyword, but reads words of some
        # comments ("what is asked of whom … addressed to" gave ADD, an update): read it here
        # with comments, strings and IRIs masked
        form = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", mask(query), re.I)
        if form:
            client.queryType = form.group(1).upper()
        try:
            response = client.query()
            headers = response.info()
            result = response.convert()
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
        _complete(self.endpoint, headers)
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


def _complete(endpoint: str, headers: dict[str, str]) -> None:
    """Refuse an answer the server says it may have cut short. Virtuoso returns at most
    ``ResultSetMaxRows`` rows (10,000 in its sample virtuoso.ini) with HTTP 200, flagged only by
    ``X-SPARQL-MaxRows``; an answer cut by its "anytime" time limit is flagged by
    ``X-SPARQL-Anytime``. Rows missing without a word would be wrong answers."""
    rows = headers.get("x-sparql-maxrows")
    if rows is not None:
        raise RemoteError(f"{endpoint} returned {rows} rows, its row limit (Virtuoso: "
                          "ResultSetMaxRows in [SPARQL] of virtuoso.ini); the answer may be cut "
                          "short: raise the limit")
    if headers.get("x-sparql-anytime") is not None:
        raise RemoteError(f"{endpoint} returned a partial answer at its time limit "
                          f"({headers['x-sparql-anytime']})")


def _value(binding: dict | None) -> Value | None:
    if binding is None:
        return None
    kind = binding["type"]
    if kind == "uri":
        return Value("iri", binding["value"])
    if kind in ("literal", "typed-literal"):
        text, datatype = binding["value"], binding.get("datatype")
        if datatype == XSD_BOOLEAN and text in ("1", "0"):
            text = "true" if text == "1" else "false"  # Virtuoso's form of the same value
        return literal(text, datatype, binding.get("xml:lang"))
    return Value("bnode", binding["value"])


def _request(url: str, method: str, body: bytes | None, content_type: str | None,
             timeout: float, auth: Auth | None) -> None:
    req = urllib.request.Request(url, data=body, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    handlers: list[urllib.request.BaseHandler] = []
    if auth and auth.scheme == "digest":
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, auth.user, auth.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    elif auth:
        token = base64.b64encode(f"{auth.user}:{auth.password}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.build_opener(*handlers).open(req, timeout=timeout) as response:
            response.read()
    except (urllib.error.URLError, OSError) as exc:
        raise RemoteError(_explain(exc, url, timeout)) from exc


def default_urls(endpoint: str) -> tuple[str, str]:
    """Graph Store and update URLs beside a query URL (Oxigraph's /query, /store, /update)."""
    base = endpoint.rsplit("/", 1)[0] if endpoint.rstrip("/").endswith(("query", "sparql")) \
        else endpoint.rstrip("/")
    return f"{base}/store", f"{base}/update"


def publish(graphs: dict[str, Graph], endpoint: str, *, gsp: str | None = None,
            update: str | None = None, timeout: float = 60.0,
            auth: Auth | None = None) -> dict[str, int]:
    """Replace each named graph on the server, all or nothing; returns the verified counts.

    Every graph is first uploaded to a staging graph and its triple count checked; only then
    does one SPARQL Update request move all staging graphs onto the real ones. A failure before
    that leaves the server's graphs as they were and removes the staging graphs.
    """
    store_url, update_url = default_urls(endpoint)
    store_url, update_url = gsp or store_url, update or update_url
    remote = RemoteStore(endpoint, timeout, auth)
    auth = remote.auth
    run = uuid.uuid4().hex
    staged: dict[str, str] = {}
    try:
        for n, name in enumerate(sorted(graphs)):
            staging = f"urn:ctocgraph:staging:{run}:{n}"
            body = graphs[name].serialize(format="nt", encoding="utf-8")
            try:
                _request(f"{store_url}?graph={urllib.parse.quote(staging, safe='')}", "PUT", body,
                         "application/n-triples", timeout, auth)
            except RemoteError as exc:
                raise RemoteError(f"upload of graph {name} failed: {exc.message}; "
                                  "the server's graphs were left as they were") from exc
            staged[name] = staging
            if remote.count(staging) != len(graphs[name]):
                raise RemoteError(f"graph {name}: the server holds {remote.count(staging)} of "
                                  f"{len(graphs[name])} triples after upload; nothing published")
        moves = " ;\n".join(f"MOVE SILENT <{staged[name]}> TO <{name}>" for name in sorted(staged))
        try:
            _request(update_url, "POST", moves.encode("utf-8"), "application/sparql-update",
                     timeout, auth)
        except RemoteError as exc:
            done = _moved(remote, staged)
            if done is None or len(done) < len(staged):  # else only the answer was lost
                raise RemoteError(f"the move into place failed: {exc.message}; "
                                  f"{_what(done, len(staged))}") from exc
        staged = {}
    finally:
        if staged:  # clean up after a failure; the real graphs were never touched
            drops = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in staged.values())
            with contextlib.suppress(RemoteError):
                _request(update_url, "POST", drops.encode("utf-8"), "application/sparql-update",
                         timeout, auth)
    counts = {name: remote.count(name) for name in sorted(graphs)}
    wrong = {n: c for n, c in counts.items() if c != len(graphs[n])}
    if wrong:
        raise RemoteError("after publishing, the server holds other triple counts than were "
                          f"sent: {wrong}")
    return counts


def _moved(remote: RemoteStore, staged: dict[str, str]) -> list[str] | None:
    """The graphs a failed move request replaced, read from the staging graphs it emptied;
    ``None`` if the server does not answer. A request can fail with its work done (its answer
    lost on the way back) or half done: Oxigraph runs it as one transaction, and Virtuoso
    undoes it whole when it aborts it (its log limit, a deadlock, lack of memory) but keeps
    the moves made before an operation that raised an error."""
    try:
        return [name for name, staging in sorted(staged.items()) if remote.count(staging) == 0]
    except RemoteError:
        return None


def _what(done: list[str] | None, of: int) -> str:
    if done is None:
        return "the server did not answer after it; publish again"
    if not done:
        return "the server's graphs were left as they were"
    return f"the server replaced {len(done)} of {of} graphs before it ({', '.join(done)}); " \
        "publish again"


def built_graphs(store: Path) -> dict[str, Graph]:
    """The named graphs of the last build into ``store`` (its N-Quads dump)."""
    from .store import dump_path

    dump = dump_path(store)
    if not dump.is_file():
        raise RemoteError(f"no built dataset at {dump}; run `ctocgraph build` first")
    return graphs_of(dump)


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
