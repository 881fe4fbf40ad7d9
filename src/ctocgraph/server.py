"""A linked-data server over the static site and the store: content negotiation, 303 redirects
from resource IRIs to their descriptions, and a read-only SPARQL 1.1 Protocol endpoint.

Flask (routing, Accept-header negotiation, safe static files) runs under waitress, a pure-Python
multi-threaded WSGI server, so nothing here parses HTTP. SPARQL queries run in worker processes
(:mod:`querypool`) after :mod:`sparqlguard` has refused what the endpoint never runs.

The server follows the store: after each build it prepares the new version beside the one it
serves (holds it, writes its site if needed, starts its workers), then switches; each request
is answered from the one version it started with (its pages and its queries), and a version is
let go only when its last request is done (:mod:`storelock` keeps it from deletion till then).
Queries hold at most ``threads - PAGE_THREADS`` of the server's threads, so pages never queue
behind them.
"""

from __future__ import annotations

import json
import logging
import multiprocessing as mp
import os
import re
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, abort, g, redirect, request, send_from_directory
from werkzeug.wrappers import Response as Redirect  # what redirect() returns: any response

from . import storelock
from .escape import csp_hash, favicon, href, script_json, templates
from .pagekeys import keyed_form_page, warm
from .query import library, prepare
from .querypool import GRAPH_TYPES, RESULT_TYPES, QueryPool
from .site import FORMATS, build_site
from .sparqlguard import Refused, check
from .sparqltext import PAGE_LINE, inline_values, page_of
from .store import DUMP

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
PAGE_THREADS = 8  # threads no query may take: pages are answered while queries wait
MAX_QUERY_BYTES = 1_000_000  # a query (or a form) larger than this is refused (413)


@dataclass
class Options:
    """What `ctocgraph serve` takes: seconds and bytes of a query's answer, its workers and
    their memory (bytes), the base of the data IRIs, and waitress's threads."""

    timeout: float = 10.0
    max_bytes: int = 20_000_000
    workers: int = 4
    max_memory: int = 512 * 2**20
    base: str = ""
    threads: int = 64  # waitress's; queries may hold all but PAGE_THREADS of them


@dataclass
class Version:
    """One store version as served: held, with its site and its query workers."""

    folder: Path
    site: Path
    pool: QueryPool
    use: storelock.VersionUse | None
    refs: int = 0  # requests being answered from it
    retired: bool = False  # no longer current: closed when its last request is done

    def close(self) -> None:
        self.pool.close()
        if self.use is not None:
            self.use.close()


class Versions:
    """The version being served, and the switch to the next one after a build."""

    def __init__(self, store: Path, site: Path | None, options: Options):
        self.store, self.fixed_site, self.options = store, site, options
        self.lock = threading.Lock()
        self.preparing = ""
        self.failed: dict[str, float] = {}
        if not store.is_symlink():  # an older layout's folder: served as it is, not followed
            self.current = self._open(store, None)
            return
        use = storelock.use_current(store)
        if use is None:
            raise OSError(f"{store}: no store version to serve")
        self.current = self._open(use.version, use)

    def _open(self, folder: Path, use: storelock.VersionUse | None) -> Version:
        site = self.fixed_site or folder / "site"
        try:
            if self.fixed_site is None and not (site / "index.html").is_file():
                _write_site(folder, site, self.options.base)
            o = self.options
            pool = QueryPool(folder / "oxigraph", o.workers, o.timeout, o.max_bytes, o.max_memory)
        except BaseException:
            if use is not None:
                use.close()
            raise
        version = Version(folder, site.resolve(), pool, use)
        if use is not None:  # the library's lists ordered once, for the first visitor too
            threading.Thread(target=warm, args=(folder, pool, _lists()), daemon=True).start()
        return version

    def acquire(self) -> Version:
        self._follow()
        with self.lock:
            version = self.current
            version.refs += 1
        return version

    def release(self, version: Version) -> None:
        with self.lock:
            version.refs -= 1
            done = version.retired and version.refs == 0
        if done:
            version.close()

    def _follow(self) -> None:
        """Start preparing the version the store points at, if it is not the one served."""
        try:
            name = os.readlink(self.store)
        except OSError:
            return
        if name == self.current.folder.name or name == self.preparing:
            return
        if time.monotonic() - self.failed.get(name, -1e9) < 30:
            return
        with self.lock:
            if self.preparing:
                return
            self.preparing = name
        threading.Thread(target=self._prepare, args=(name,), daemon=True).start()

    def _prepare(self, name: str) -> None:
        try:
            use = storelock.use(self.store.parent / name)
            if use is None:
                return  # already replaced by a newer build: the next request finds that one
            try:
                fresh = self._open(use.version, use)
            except Exception as exc:
                self.failed[name] = time.monotonic()
                print(f"ctocgraph: cannot serve the new store version {name}: {exc}; "
                      f"still serving {self.current.folder.name}", file=sys.stderr, flush=True)
                return
            with self.lock:
                old, self.current = self.current, fresh
                old.retired = True
                done = old.refs == 0
            print(f"ctocgraph: now serving {name}", file=sys.stderr, flush=True)
            if done:
                old.close()
        finally:
            self.preparing = ""

    def close(self) -> None:
        with self.lock:
            self.current.close()


def _write_site(folder: Path, site: Path, base: str) -> None:
    """A version's site, written in a process of its own: writing the site of a large store
    takes minutes of Python, which in this process would hold the lock the page threads need."""
    context = mp.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        pool.submit(build_site, folder / DUMP, site, base).result()


def create_app(store: Path, site_dir: Path | None = None, options: Options | None = None) -> Flask:
    """The WSGI application over the store at ``store`` (followed after builds) and its site
    (``site_dir``: a fixed site instead of the one written beside each version)."""
    options = options or Options()
    app = Flask(__name__, static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = MAX_QUERY_BYTES
    versions = Versions(store, site_dir, options)
    app.extensions["ctocgraph.versions"] = versions

    @app.before_request
    def hold() -> None:
        g.version = versions.acquire()  # the one version this request is answered from

    @app.teardown_request
    def let_go(_exc: BaseException | None) -> None:
        version = g.pop("version", None)
        if version is not None:
            versions.release(version)

    @app.after_request
    def headers(resp: Response) -> Response:
        _log(resp)
        resp.headers["Access-Control-Allow-Origin"] = "*"
        resp.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        resp.headers["Access-Control-Allow-Headers"] = "Content-Type, Accept"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        return resp

    _description_routes(app)
    _sparql_route(app, threading.BoundedSemaphore(max(1, options.threads - PAGE_THREADS)))
    return app


ACCESS = logging.getLogger("ctocgraph.access")


def _log(resp: Response) -> None:
    """One line per request in the Common Log Format (host, time, request line, status,
    bytes), as web servers write it and log tools read it; on standard error when serving."""
    if not ACCESS.isEnabledFor(logging.INFO):
        return
    size = resp.content_length
    when = time.strftime("%d/%b/%Y:%H:%M:%S %z", time.localtime())
    path = _LOGGED.sub(lambda m: f"%{ord(m.group()):02X}", request.full_path.rstrip("?"))
    protocol = request.environ.get("SERVER_PROTOCOL", "HTTP/1.1")
    ACCESS.info('%s - - [%s] "%s %s %s" %d %s', request.remote_addr or "-", when, request.method,
                path, protocol, resp.status_code, size if size is not None else "-")


# what a path may not put into a log line as it is: white space (a field's end), quotes, a
# backslash, controls (a decoded %0A would start a forged line)
_LOGGED = re.compile(r'[\s"\\\x00-\x1f\x7f]')


def _site() -> Path:
    return g.version.site


def _described(path: str) -> bool:
    try:
        return (_site() / "doc" / f"{path}.html").is_file()
    except (OSError, ValueError):  # a name the file system cannot hold (over 255 bytes …)
        return False


def _negotiate(offers: list[str]) -> str | None:
    if not request.accept_mimetypes:
        return offers[0]
    return request.accept_mimetypes.best_match(offers)


def _description_routes(app: Flask) -> None:
    """The site's pages and files, the 303 redirects and the negotiated descriptions."""

    @app.get("/")
    def home() -> Response:
        return send_from_directory(_site(), "index.html")

    @app.get("/favicon.svg")
    def icon() -> Response:
        resp = Response(favicon(), mimetype="image/svg+xml")
        resp.headers["Cache-Control"] = "public, max-age=86400"
        return resp

    @app.get("/favicon.ico")
    def old_icon() -> Redirect:  # what a browser asks for when a page names no icon
        return redirect("/favicon.svg", code=301)

    @app.get("/id/<path:path>")
    def resource(path: str) -> Redirect:
        if path == "dataset":  # the dataset itself is described by its VoID/DCAT document
            return redirect("/void.ttl", code=303)
        if not _described(path):
            abort(404)
        media = _negotiate(DESCRIPTION_TYPES)
        if media is None:
            return _not_acceptable()
        resp = redirect(f"/doc/{path}.{EXTENSION[media]}", code=303)
        resp.headers["Vary"] = "Accept"
        return resp

    @app.get("/ontology")
    def ontology() -> Redirect:
        """The namespace of the ontology's hash IRIs: its documentation or its Turtle."""
        media = _negotiate(["text/html", "text/turtle", "application/ld+json"])
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
            resp = send_from_directory(_site() / "doc", path)
            if ext in FORMATS:
                resp.headers["Content-Type"] = FORMATS[ext][0] + ("; charset=utf-8" if ext != "rdf" else "")
            return resp
        if not _described(path):
            abort(404)
        media = _negotiate(DESCRIPTION_TYPES)
        if media is None:
            return _not_acceptable()
        resp = send_from_directory(_site() / "doc", f"{path}.{EXTENSION[media]}")
        resp.headers["Vary"] = "Accept"
        resp.headers["Content-Location"] = f"/doc/{path}.{EXTENSION[media]}"
        if media != "text/html":
            resp.headers["Content-Type"] = media
        return resp

    @app.get("/<path:path>")
    def static_file(path: str) -> Response:
        return send_from_directory(_site(), path)  # werkzeug's safe_join: nothing outside the site


def _sparql_route(app: Flask, query_slots: threading.BoundedSemaphore) -> None:
    """The read-only SPARQL 1.1 Protocol endpoint and its query form."""

    @app.route("/sparql", methods=["GET", "POST"])
    def sparql() -> Response:
        update = request.form.get("update") if request.method == "POST" else request.args.get("update")
        if update is not None or request.mimetype == "application/sparql-update":
            return _text("this SPARQL endpoint is read-only: updates are refused\n", 403)
        query: str | None
        if request.method == "POST" and request.mimetype == "application/sparql-query":
            query = request.get_data(as_text=True)
        elif request.method == "POST":
            query = request.form.get("query")
        else:
            query = request.args.get("query")
        wanted = FORMAT_ALIASES.get(request.values.get("format", ""))
        media = wanted or _negotiate(["text/html", *RESULT_TYPES, *GRAPH_TYPES])
        if query is None:
            if media == "text/html" or media is None:
                return _form_page()
            return _text("missing the query parameter\n", 400)
        if media is None:
            return _not_acceptable()
        try:
            checked = check(query)
        except Refused as exc:
            return _text(exc.message + "\n", exc.status)
        text, page = checked.text, None  # page: the form's first row, when it shows a page
        if media == "text/html":  # the form shows a page of rows, and links to the next
            asked = _offset(request.values.get("offset", "0"))
            if asked is None:
                return _text("offset: a number of rows, 0 or more\n", 400)
            paged = page_of(text, FORM_PAGE + 1, asked)
            if paged is not None:
                text, page = paged, asked
        if not query_slots.acquire(blocking=False):
            return _text("too many queries at once; try again\n", 503)
        try:
            if page is not None:  # a list's page through its kept key list (pagekeys)
                text = keyed_form_page(_folder(g.version), g.version.pool, checked.text, page,
                                       FORM_PAGE + 1, checked.graphs) or text
            status, kind, body = g.version.pool.run(
                text, "application/sparql-results+json" if media == "text/html" else media,
                checked.graphs)
        finally:
            query_slots.release()
        if media == "text/html" and status == 200 and kind == "application/sparql-results+json":
            return _form_page(query, json.loads(body), page)
        return Response(body, status, mimetype=kind)


FORM_PAGE = 100  # rows the query form shows at once


def _folder(version: Version) -> Path | None:
    """Where a version keeps its key lists: only a version the store's link pointed at is
    named by its content (an older layout's folder is not, and may change)."""
    return version.folder if version.use is not None else None


def _lists() -> list[str]:
    """The texts of the library's whole-corpus lists (every parameter optional or a
    language) that state a paging point, as the form's examples give them."""
    return [text for name, text in _examples().items() if PAGE_LINE.search(text) and
            all(p.optional or p.type == "language" for p in library()[name].params)]


def _page_link(params: dict[str, Any], offset: int) -> str:
    return "/sparql?" + urlencode({**params, "offset": offset})


def _offset(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


def _text(message: str, status: int) -> Response:
    return Response(message, status, mimetype="text/plain")


def _not_acceptable() -> Response:
    offered = ", ".join(DESCRIPTION_TYPES)
    return _text(f"not acceptable; this resource is available as {offered}\n", 406)


@cache
def _examples() -> dict[str, str]:
    """The library's queries as a reader of the form wants them: the title as a comment, then
    the query, without the notes written for the project's developers."""
    out = {}
    for name in sorted(library()):
        q, bindings = prepare(name, {})
        query = "\n".join(line for line in inline_values(q.text, bindings).splitlines()
                          if not line.lstrip().startswith("#") or PAGE_LINE.match(line))
        out[name] = f"# {q.title}\n{query}"
    return out


@cache
def _form_assets() -> tuple[str, str, str]:
    """The query form's script and style, and the policy that allows exactly them."""
    folder = resources.files("ctocgraph") / "templates"
    script = (folder / "sparql.js").read_text(encoding="utf-8")
    style = (folder / "sparql.css").read_text(encoding="utf-8")
    csp = (f"default-src 'none'; script-src {csp_hash(script)}; style-src {csp_hash(style)}; "
           "img-src 'self'; form-action 'self'; base-uri 'none'")
    return script, style, csp


def _form_page(query: str | None = None, results: dict[str, Any] | None = None,
               offset: int | None = None) -> Response:
    """The form, and the results of its query: with ``offset``, a page of at most
    ``FORM_PAGE`` rows (the query ran with one more, to know whether another page follows)."""
    from markupsafe import Markup

    examples = _examples()
    script, style, csp = _form_assets()
    head = results["head"].get("vars", []) if results else []
    pages: dict[str, Any] = {}
    if results is not None and offset is not None and "results" in results:
        rows = results["results"]["bindings"]
        more = len(rows) > FORM_PAGE
        del rows[FORM_PAGE:]
        link = {"query": query, "format": "html"}
        pages = {"first": offset + 1, "last": offset + len(rows), "size": FORM_PAGE,
                 "previous": _page_link(link, max(0, offset - FORM_PAGE)) if offset else None,
                 "next": _page_link(link, offset + FORM_PAGE) if more else None}
    page = templates().get_template("sparql.html").render(href=href,
        examples=list(examples), examples_json=script_json(examples),
        current=query if query is not None else examples.get("governance", ""),
        results=results, head=head, pages=pages, script=Markup(script), style=Markup(style))
    resp = Response(page, mimetype="text/html")
    resp.headers["Content-Security-Policy"] = csp
    return resp


def serve(store: Path, site_dir: Path | None, host: str, port: int, options: Options) -> None:
    """Serve until interrupted. Idle or half-sent connections are closed after 10 s, and up
    to 2,000 are held (limited by the open-file limit, raised to its maximum), so a crowd of
    slow clients cannot leave no room for others."""
    import resource as rlimit

    from waitress import serve as waitress_serve

    soft, hard = rlimit.getrlimit(rlimit.RLIMIT_NOFILE)
    if hard != rlimit.RLIM_INFINITY and soft < hard:
        rlimit.setrlimit(rlimit.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    connections = max(100, min(2000, (soft if soft != rlimit.RLIM_INFINITY else 4096) - 200))
    app = create_app(store, site_dir, options)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    ACCESS.addHandler(handler)
    ACCESS.setLevel(logging.INFO)
    ACCESS.propagate = False
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a stop ends the workers too
    pool = app.extensions["ctocgraph.versions"].current.pool
    print("ctocgraph: query workers " + ("run without network access" if pool.isolated else
          "could not be cut off from the network here; SERVICE is refused by the query check"),
          file=sys.stderr, flush=True)
    try:
        waitress_serve(app, host=host, port=port, threads=options.threads, ident="ctocgraph",
                       connection_limit=connections, channel_timeout=10, cleanup_interval=1,
                       asyncore_use_poll=True, max_request_body_size=MAX_QUERY_BYTES)
    finally:
        app.extensions["ctocgraph.versions"].close()
