"""A linked-data server over the static site and the store: content negotiation, 303 redirects
from resource IRIs to their descriptions, and a read-only SPARQL 1.1 Protocol endpoint.

Flask (routing, Accept-header negotiation, safe static files) runs under waitress, a pure-Python
multi-threaded WSGI server, so nothing here parses HTTP. SPARQL queries run in separate worker
processes, each with its own read-only handle on the Oxigraph store: a query that exceeds the
timeout is stopped by ending its process, and the server goes on answering.
"""

from __future__ import annotations

import html
import json
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, redirect, request, send_from_directory

from .query import library, prepare
from .site import FORMATS
from .sparqltext import inline_values

RESULT_TYPES = {  # media type -> pyoxigraph QueryResultsFormat name
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
FORMAT_ALIASES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "html": "text/html",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
}
DESCRIPTION_TYPES = ["text/html", *[media for media, _ in FORMATS.values()]]
EXTENSION = {"text/html": "html", **{media: ext for ext, (media, _) in FORMATS.items()}}


class _TooLarge(Exception):
    pass


class _Capped:
    """A file-like sink that refuses to grow beyond ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.parts, self.size = limit, [], 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _worker(db: str, conn: Connection, max_bytes: int) -> None:
    """Runs in its own process: answers queries on a read-only store until told to stop."""
    import pyoxigraph as ox

    store = ox.Store.read_only(db)
    while True:
        try:
            query, media = conn.recv()
        except EOFError:
            return
        sink: _Capped | None = None
        try:
            result = store.query(query)  # the default graph is the union, as a set
            sink = _Capped(max_bytes)
            if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
                fmt = RESULT_TYPES.get(media, "JSON")
                result.serialize(sink, format=getattr(ox.QueryResultsFormat, fmt))
                media = media if media in RESULT_TYPES else "application/sparql-results+json"
            else:
                fmt = GRAPH_TYPES.get(media, "TURTLE")
                result.serialize(sink, format=getattr(ox.RdfFormat, fmt))
                media = media if media in GRAPH_TYPES else "text/turtle"
            conn.send((200, media, sink.getvalue()))
        except SyntaxError as exc:
            conn.send((400, "text/plain", f"malformed query: {exc}".encode()))
        except Exception as exc:  # the sink's refusal may come back wrapped by pyoxigraph
            if sink is not None and sink.size > max_bytes:
                conn.send(
                    (413, "text/plain", f"the result exceeds {max_bytes} bytes; add a LIMIT\n".encode())
                )
            else:
                conn.send((400, "text/plain", f"query failed: {exc}\n".encode()))


@dataclass
class _Slot:
    process: mp.process.BaseProcess
    conn: Connection


class QueryPool:
    """A fixed number of worker processes; a query that overruns the timeout costs its worker."""

    def __init__(self, db: Path, size: int, timeout: float, max_bytes: int):
        self.db, self.timeout, self.max_bytes = str(db), timeout, max_bytes
        self.ctx = mp.get_context("spawn")
        self.free: queue.Queue[_Slot] = queue.Queue()
        self.lock = threading.Lock()
        for _ in range(size):
            self.free.put(self._start())

    def _start(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker, args=(self.db, child, self.max_bytes), daemon=True)
        p.start()
        child.close()
        return _Slot(p, parent)

    def run(self, query: str, media: str) -> tuple[int, str, bytes]:
        try:
            slot = self.free.get(timeout=self.timeout)
        except queue.Empty:
            return 503, "text/plain", b"all query workers are busy; try again"
        try:
            slot.conn.send((query, media))
            if slot.conn.poll(self.timeout):
                answer = slot.conn.recv()
                self.free.put(slot)
                return answer
            message = f"the query did not finish within {self.timeout:g} s\n"
        except (EOFError, OSError):
            message = "the query worker failed; the query was not answered\n"
        slot.process.kill()
        slot.process.join()
        self.free.put(self._start())
        return 503, "text/plain", message.encode()

    def close(self) -> None:
        while not self.free.empty():
            slot = self.free.get_nowait()
            slot.process.kill()


def create_app(
    site_dir: Path, store_db: Path, *, timeout: float = 10.0, max_bytes: int = 20_000_000, workers: int = 2
) -> Flask:
    """The WSGI application. ``site_dir`` is a site written by :mod:`ctocgraph.site`."""
    app = Flask(__name__, static_folder=None)
    site = site_dir.resolve()
    pool = QueryPool(store_db, workers, timeout, max_bytes)
    app.extensions["ctocgraph.pool"] = pool

    @app.after_request
    def cors(resp: Response) -> Response:
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        return resp

    def described(path: str) -> bool:
        return (site / "doc" / f"{path}.html").is_file()

    def negotiate(offers: list[str]) -> str | None:
        if not request.accept_mimetypes:
            return offers[0]
        return request.accept_mimetypes.best_match(offers)

    @app.get("/")
    def home() -> Response:
        return send_from_directory(site, "index.html")

    @app.get("/id/<path:path>")
    def resource(path: str) -> Response:
        if path == "dataset":  # the dataset itself is described by its VoID/DCAT document
            return redirect("/void.ttl", code=303)
        if not described(path):
            abort(404)
        media = negotiate(DESCRIPTION_TYPES)
        if media is None:
            return _not_acceptable()
        resp = redirect(f"/doc/{path}.{EXTENSION[media]}", code=303)
        resp.headers["Vary"] = "Accept"
        return resp

    @app.get("/ontology")
    def ontology() -> Response:
        """The namespace of the ontology's hash IRIs: its documentation or its Turtle."""
        media = negotiate(["text/html", "text/turtle", "application/ld+json"])
        if media is None:
            return _not_acceptable()
        target = {"text/html": "/ontology/index.html", "text/turtle": "/ontology/ctoc.ttl",
                  "application/ld+json": "/ontology/context.jsonld"}[media]
        resp = redirect(target, code=303)
        resp.headers["Vary"] = "Accept"
        return resp

    @app.get("/doc/<path:path>")
    def description(path: str) -> Response:
        stem, _, ext = path.rpartition(".")
        if ext in EXTENSION.values() and stem:
            resp = send_from_directory(site / "doc", path)
            if ext in FORMATS:
                resp.headers["Content-Type"] = FORMATS[ext][0] + ("; charset=utf-8" if ext != "rdf" else "")
            return resp
        if not described(path):
            abort(404)
        media = negotiate(DESCRIPTION_TYPES)
        if media is None:
            return _not_acceptable()
        resp = send_from_directory(site / "doc", f"{path}.{EXTENSION[media]}")
        resp.headers["Vary"] = "Accept"
        resp.headers["Content-Location"] = f"/doc/{path}.{EXTENSION[media]}"
        if media != "text/html":
            resp.headers["Content-Type"] = media
        return resp

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        update = request.form.get("update") if request.method == "POST" else request.args.get("update")
        if update is not None or request.mimetype == "application/sparql-update":
            return Response(
                "this SPARQL endpoint is read-only: updates are refused\n", 403, mimetype="text/plain"
            )
        if request.method == "POST" and request.mimetype == "application/sparql-query":
            query = request.get_data(as_text=True)
        elif request.method == "POST":
            query = request.form.get("query")
        else:
            query = request.args.get("query")
        wanted = FORMAT_ALIASES.get(request.values.get("format", ""))
        offers = ["text/html", *RESULT_TYPES, *GRAPH_TYPES]
        media = wanted or negotiate(offers)
        if query is None:
            if media == "text/html" or media is None:
                return Response(_form_page(), mimetype="text/html")
            return Response("missing the query parameter\n", 400, mimetype="text/plain")
        if media is None:
            return _not_acceptable()
        status, kind, body = pool.run(
            query, "application/sparql-results+json" if media == "text/html" else media
        )
        if media == "text/html" and status == 200 and kind == "application/sparql-results+json":
            return Response(_form_page(query, json.loads(body)), mimetype="text/html")
        return Response(body, status, mimetype=kind)

    @app.get("/<path:path>")
    def static_file(path: str) -> Response:
        return send_from_directory(site, path)  # werkzeug's safe_join: nothing outside the site

    return app


def _not_acceptable() -> Response:
    offered = ", ".join(DESCRIPTION_TYPES)
    return Response(f"not acceptable; this resource is available as {offered}\n", 406, mimetype="text/plain")


def _examples() -> dict[str, str]:
    out = {}
    for name in sorted(library()):
        q, bindings = prepare(name, {})
        out[name] = inline_values(q.text, bindings)
    return out


def _form_page(query: str | None = None, results: dict[str, Any] | None = None) -> str:
    examples = _examples()
    current = query if query is not None else examples.get("governance", "")
    options = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}</option>' for n in examples)
    table = ""
    if results is not None:
        if "boolean" in results:
            table = f"<p id=results>{results['boolean']}</p>"
        else:
            head = results["head"]["vars"]
            rows = "".join(
                "<tr>"
                + "".join(f"<td>{html.escape(b.get(v, {}).get('value', ''))}</td>" for v in head)
                + "</tr>"
                for b in results["results"]["bindings"]
            )
            table = (
                f"<p>{len(results['results']['bindings'])} rows</p><table id=results><tr>"
                + "".join(f"<th>{html.escape(v)}</th>" for v in head)
                + f"</tr>{rows}</table>"
            )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SPARQL – ctocgraph</title>'
        "<style>body{font-family:sans-serif;margin:2em auto;max-width:72em;padding:0 1em}"
        "textarea{width:100%;height:18em;font-family:monospace}td,th{border-bottom:1px solid #ddd;"
        "padding:.2em .4em;text-align:left}table{border-collapse:collapse}</style></head><body>"
        '<nav><a href="/">Home</a></nav><h1>SPARQL query</h1>'
        "<p>Read-only SPARQL 1.1 endpoint: GET or POST <code>/sparql?query=…</code>; results as JSON, "
        "XML, CSV or TSV by the Accept header or <code>format=</code>.</p>"
        f"<label>Example from the query library: <select id=example>{options}</select></label>"
        '<form method="get" action="/sparql"><textarea name="query" id="query">'
        f"{html.escape(current)}</textarea><input type=hidden name=format value=html>"
        '<p><button type="submit" id="run">Run query</button></p></form>'
        f"{table}<script>var ex={json.dumps(examples)};"
        "document.getElementById('example').value='governance';"
        "document.getElementById('example').onchange=function(e){"
        "document.getElementById('query').value=ex[e.target.value]};</script></body></html>\n"
    )


def serve(
    site_dir: Path, store_db: Path, host: str, port: int, *, timeout: float, max_bytes: int, threads: int = 16
) -> None:
    from waitress import serve as waitress_serve

    app = create_app(site_dir, store_db, timeout=timeout, max_bytes=max_bytes)
    try:
        waitress_serve(app, host=host, port=port, threads=threads, ident="ctocgraph")
    finally:
        app.extensions["ctocgraph.pool"].close()
