"""The linked-data server, started as `ctocgraph serve` on a free port and exercised over HTTP:
content negotiation, 303 redirects, 404s, path traversal, the read-only SPARQL endpoint with
its timeout and size cap, CORS, 100 concurrent requests; then a resource page and the query
form in headless Chromium."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from rdflib import Graph
from test_explorer import ARTIFACTS, browser  # noqa: F401  (the shared Chromium fixture)

B = "https://w3id.org/ctocgraph/id/"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, accept: str | None = None, data: bytes | None = None,
          content_type: str | None = None, method: str | None = None, follow: bool = False):
    headers = {}
    if accept is not None:
        headers["Accept"] = accept
    if content_type:
        headers["Content-Type"] = content_type
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    opener = urllib.request.build_opener() if follow else _OPENER
    try:
        with opener.open(req, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def server_log(tmp_path_factory):
    return tmp_path_factory.mktemp("serve") / "stderr.txt"


@pytest.fixture(scope="module")
def server(built, server_log):
    out, _ = built
    port = _free_port()
    # standard error to a file: the server logs every request there, and a pipe nobody
    # reads would fill and stop it
    proc = subprocess.Popen([sys.executable, "-m", "ctocgraph", "serve", "--port", str(port),
                             "--store", str(out / "store"), "--timeout", "2"],
                            stdout=subprocess.DEVNULL, stderr=server_log.open("wb"),
                            env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if fetch(url + "/")[0] == 200:
                break
        except OSError:
            pass
        assert proc.poll() is None, server_log.read_text()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.parametrize(("accept", "ext", "media"), [
    ("text/html", "html", "text/html"),
    ("text/turtle", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
    ("application/rdf+xml", "rdf", "application/rdf+xml"),
    ("*/*", "html", "text/html"),
    (BROWSER_ACCEPT, "html", "text/html"),
    ("text/turtle;q=0.5, application/ld+json", "jsonld", "application/ld+json"),
    (None, "html", "text/html"),
])
def test_resource_iri_redirects_303_to_the_negotiated_description(server, accept, ext, media):
    status, headers, _ = fetch(server + "/id/session/wg-som/7", accept)
    assert status == 303
    assert headers["Location"].endswith(f"/doc/session/wg-som/7.{ext}")
    assert "Accept" in headers.get("Vary", "")
    status, headers, body = fetch(server + headers["Location"].split(server)[-1], accept)
    assert status == 200 and headers["Content-Type"].startswith(media)
    if ext == "ttl":
        g = Graph().parse(data=body.decode(), format="turtle")
        assert len(g) > 5


def test_description_without_extension_is_negotiated_too(server):
    status, headers, body = fetch(server + "/doc/resolution/cop/7/1", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert headers["Content-Location"] == "/doc/resolution/cop/7/1.ttl"
    assert b"7/1" in body


def test_unknown_type_is_406_and_unknown_iri_is_404(server):
    assert fetch(server + "/id/session/wg-som/7", "image/png")[0] == 406
    assert fetch(server + "/id/session/wg-som/99", "text/turtle")[0] == 404
    assert fetch(server + "/doc/session/wg-som/99.ttl")[0] == 404
    assert fetch(server + "/no/such/page.html")[0] == 404


@pytest.mark.parametrize("path", ["/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                                  "/doc/..%2f..%2f..%2fetc/passwd", "/doc/%2e%2e/%2e%2e/setup.py",
                                  "/id/..%2F..%2F..%2Fetc%2Fpasswd", "/..%5c..%5cetc/passwd"])
def test_path_traversal_is_404(server, path):
    status, _, body = fetch(server + path)
    assert status == 404 and b"root:" not in body


@pytest.mark.parametrize(("accept", "check"), [
    ("application/sparql-results+json", lambda b: json.loads(b)["results"]["bindings"][0]["n"]["value"]),
    ("application/sparql-results+xml", lambda b: b.decode().split("<literal")[1].split(">")[1].split("<")[0]),
    ("text/csv", lambda b: list(csv.reader(io.StringIO(b.decode())))[1][0]),
    ("text/tab-separated-values", lambda b: b.decode().splitlines()[1].split("^^")[0].strip('"')),
])
def test_sparql_get_and_post_in_four_result_formats(server, accept, check):
    q = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <https://w3id.org/ctocgraph/ontology#Session> }"
    status, headers, body = fetch(server + "/sparql?" + urllib.parse.urlencode({"query": q}), accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert check(body) == "14"  # 2 announced by the agendas, 12 in the register
    status, _, body = fetch(server + "/sparql", accept, urllib.parse.urlencode({"query": q}).encode(),
                            "application/x-www-form-urlencoded")
    assert status == 200 and check(body) == "14"
    status, _, body = fetch(server + "/sparql", accept, q.encode(), "application/sparql-query")
    assert status == 200 and check(body) == "14"


def test_sparql_update_is_refused_and_nothing_changes(server):
    update = 'INSERT DATA { <urn:x> <urn:y> "z" }'
    for data, ctype in ((urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
                        (update.encode(), "application/sparql-update")):
        status, _, body = fetch(server + "/sparql", data=data, content_type=ctype)
        assert status == 403 and b"read-only" in body
    for sent in (update, "LOAD <http://127.0.0.1:9/x>", "# a comment\nPREFIX x: <urn:x>\nDELETE WHERE { ?s ?p ?o }"):
        # an update sent as a query is refused as an update (403), not as bad syntax
        status, _, body = fetch(server + "/sparql?" + urllib.parse.urlencode({"query": sent}))
        assert status == 403 and b"read-only" in body
    ask = urllib.parse.urlencode({"query": "ASK { <urn:x> ?p ?o }"})
    assert json.loads(fetch(server + "/sparql?" + ask, "application/sparql-results+json")[2])["boolean"] is False


def test_a_query_over_the_timeout_is_stopped_and_the_server_goes_on(server):
    status, _, body = fetch(server + "/sparql?" + urllib.parse.urlencode({"query": SLOW}), "text/csv")
    assert status == 503 and b"did not finish within 2 s" in body  # the server's own clock
    q = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    assert json.loads(fetch(server + "/sparql?" + q, "application/sparql-results+json")[2])["boolean"] is True


def test_cors_headers_and_preflight(server):
    _, headers, _ = fetch(server + "/id/session/wg-som/7", "text/turtle")
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, _ = fetch(server + "/sparql", method="OPTIONS")
    assert status == 200 and "POST" in headers["Access-Control-Allow-Methods"]


def test_one_hundred_concurrent_requests(server):
    q = urllib.parse.urlencode({"query": "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a "
                                         "<https://w3id.org/ctocgraph/ontology#AgendaItem> }"})
    jobs = []
    for k in range(100):
        if k % 3 == 0:
            jobs.append(("sparql", server + "/sparql?" + q, "text/csv"))
        elif k % 3 == 1:
            jobs.append(("303", server + "/id/resolution/cop/7/1", "text/turtle"))
        else:
            jobs.append(("page", server + "/doc/session/wg-som/4.html", "text/html"))

    def one(job):
        kind, url, accept = job
        status, headers, body = fetch(url, accept)
        if kind == "sparql":
            return status == 200 and body.decode().splitlines()[1] == "15"
        if kind == "303":
            return status == 303 and headers["Location"].endswith("/doc/resolution/cop/7/1.ttl")
        return status == 200 and b"2017-09-11" in body

    with ThreadPoolExecutor(max_workers=100) as pool:
        results = list(pool.map(one, jobs))
    assert results == [True] * 100


def test_resource_page_and_query_form_in_chromium(server, browser, built):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "/id/resolution/cop/7/1")
    assert page.url.endswith("/doc/resolution/cop/7/1.html")
    assert "7/1" in page.title()
    page.click("button[data-show=zh]")
    assert page.locator("span[lang=en]").first.is_hidden()
    page.click("button[data-show=all]")
    page.screenshot(path=str(ARTIFACTS / "site-resource.png"), full_page=True)
    page.goto(server + "/sparql")
    page.select_option("#example", "governance")
    page.click("#run")
    page.wait_for_selector("#results")
    rows = page.locator("#results tr").count() - 1
    text = page.locator("#results").inner_text()
    from conftest import ctocgraph

    out = ctocgraph("query", "governance", "--format", "csv", "--store", str(built[0] / "store"))
    expected = list(csv.reader(io.StringIO(out.stdout)))[1:]
    assert rows == len(expected) >= 2
    assert all(cell in text for row in expected for cell in row if cell)
    assert "wg-som/4" in text and "wg-som/7" in text and "decides" in text
    page.screenshot(path=str(ARTIFACTS / "sparql-form.png"), full_page=True)
    assert errors == []
    page.close()


def test_static_site_needs_no_server(built, tmp_path):
    """The site opened from disk: relative links work with file:// too."""
    from conftest import ctocgraph

    out, _ = built
    assert ctocgraph("site", str(tmp_path / "s"), "--store", str(out / "store")).returncode == 0
    assert (tmp_path / "s" / "index.html").read_text(encoding="utf-8").count('href="doc/class/') > 5
    assert Path(tmp_path / "s" / "doc" / "class" / "Session.html").is_file()


def test_the_dataset_iri_leads_to_its_void_description(server):
    status, headers, _ = fetch(server + "/id/dataset", "text/turtle")
    assert status == 303 and headers["Location"].endswith("/void.ttl")
    status, _, body = fetch(server + "/void.ttl")
    assert status == 200 and b"void:Dataset" in body


def test_results_over_the_size_cap_are_refused_not_cut(built):
    """The worker pool on the real store, with a 2 kB cap: a small answer passes, a large one
    is refused with 413 and the pool goes on answering."""
    from ctocgraph.querypool import QueryPool

    out, _ = built
    pool = QueryPool(out / "store" / "oxigraph", 1, 30, 2000)
    try:
        status, _, body = pool.run("SELECT * WHERE { ?s ?p ?o }", "text/csv")
        assert status == 413 and b"exceeds 2000 bytes" in body
        status, _, body = pool.run("ASK { ?s ?p ?o }", "application/sparql-results+json")
        assert status == 200 and json.loads(body)["boolean"] is True
    finally:
        pool.close()


@pytest.mark.parametrize(("accept", "target"), [("text/html", "/ontology/index.html"),
                                                ("text/turtle", "/ontology/ctoc.ttl"),
                                                (BROWSER_ACCEPT, "/ontology/index.html")])
def test_the_ontology_namespace_is_dereferenceable(server, accept, target):
    status, headers, _ = fetch(server + "/ontology", accept)
    assert status == 303 and headers["Location"].endswith(target)
    status, _, body = fetch(server + target)
    assert status == 200 and b"AgendaItem" in body


def test_every_request_is_logged_in_the_common_log_format(server, server_log):
    assert fetch(server + "/id/no%0Aforged%20%22line%22")[0] == 404
    assert fetch(server + "/favicon.ico")[0:2][0] == 301
    lines = server_log.read_text(encoding="utf-8").splitlines()
    clf = re.compile(r'^127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] '
                     r'"(GET|POST|OPTIONS) \S+ HTTP/1\.[01]" \d{3} (\d+|-)$')
    logged = [line for line in lines if line.startswith("127.0.0.1 ")]
    assert logged and all(clf.match(line) for line in logged), [ln for ln in logged if not clf.match(ln)]
    # the decoded newline, space and quotes of the path are written as %0A, %20, %22: no
    # forged line, and the fields stay where log tools look for them
    assert any('"GET /id/no%0Aforged%20%22line%22 HTTP/1.1" 404' in line for line in logged)
    assert any('"GET /favicon.ico HTTP/1.1" 301' in line for line in logged)


def test_the_icon_and_the_query_form(server):
    status, headers, body = fetch(server + "/favicon.ico", follow=True)
    assert status == 200 and headers["Content-Type"].startswith("image/svg+xml")
    assert body.startswith(b"<svg") and b"<script" not in body
    status, _, page = fetch(server + "/sparql", accept="text/html")
    text = page.decode("utf-8")
    assert '<link rel="icon" href="/favicon.svg"' in text
    # the examples: each query's title as a comment, and none of the notes for developers;
    # a paging point (#page:) is kept, so the form pages there as the command line does
    examples = json.loads(re.search(r'<script type="application/json" id="examples">(.*?)</script>',
                                    text, re.S).group(1))
    assert examples["topics"].startswith("# Topics of a body's sessions over time\n")
    assert all(line.lstrip()[:1] != "#" or line.lstrip().startswith("#page:")
               for q in examples.values() for line in q.splitlines()[1:])
    assert sorted(n for n, q in examples.items() if "\n    #page:" in q) == \
        ["acts", "asked-of", "citations", "decisions", "documents", "provisions", "recurring",
         "sessions"]
    query = urllib.parse.quote("SELECT ?s WHERE { ?s a <https://w3id.org/ctocgraph/ontology#Session> } ORDER BY ?s")
    status, _, page = fetch(server + f"/sparql?query={query}&format=html")
    assert status == 200
    assert '<a href="https://w3id.org/ctocgraph/id/session/wg-som/4">https://w3id.org/ctocgraph/id/session/wg-som/4</a>' \
        in page.decode("utf-8")


def test_the_query_form_shows_a_page_of_rows_and_links_to_the_next(server):
    """Every subject of the seed graph, ordered: the form shows 100 rows at a time (the
    engine stops after 101), and its pages, followed by their links, are the whole answer."""
    from urllib.parse import urlencode

    query = "SELECT DISTINCT ?s WHERE { ?s ?p ?o } ORDER BY ?s"
    status, _, body = fetch(f"{server}/sparql?" + urlencode({"query": query}),
                            accept="application/sparql-results+json")
    assert status == 200
    whole = [b["s"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert len(whole) > 200  # three pages at least
    seen: list[str] = []
    url = f"{server}/sparql?" + urlencode({"query": query, "format": "html"})
    pages = 0
    while url:
        status, _, body = fetch(url)
        assert status == 200
        page = body.decode()
        table = page[page.index('id="results"'):]
        rows = [html.unescape(v) for v in re.findall(r'<td><a href="[^"]*">([^<]*)</a>', table)]
        assert len(rows) == min(100, len(whole) - len(seen)), pages
        first = len(seen) + 1
        assert f"Rows {first}–{first + len(rows) - 1}" in page
        seen += rows
        pages += 1
        found = re.search(r'<a href="([^"]*)" rel="next">', page)
        url = server + html.unescape(found.group(1)) if found else ""
    assert seen == whole and pages == -(-len(whole) // 100)
    assert "(the last)" in page and 'rel="prev"' in page
    # a query that sets its own LIMIT is shown as it answers, without pages
    own = fetch(f"{server}/sparql?" + urlencode({"query": query + " LIMIT 5", "format": "html"}))
    assert "5 rows" in own[2].decode() and 'rel="next"' not in own[2].decode()
    assert fetch(f"{server}/sparql?" + urlencode({"query": query, "format": "html",
                                                  "offset": "-3"}))[0] == 400


def _form_rows(page: str) -> list[list[str]]:
    """The cells of the form's results table, as text (a link's text, without the language)."""
    table = page[page.index('<table id="results">'):page.index("</table>")]
    return [[html.unescape(re.sub(r"<span class=\"lang\">[^<]*</span>|<[^>]+>", "", cell))
             for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S) if "<td>" in row]


@pytest.mark.parametrize("name", ["asked-of", "decisions", "documents", "sessions", "acts",
                                  "citations", "provisions", "recurring"])
def test_the_form_pages_a_library_query_at_its_key_as_the_command_line_does(server, oxstore,
                                                                             name, built):
    """The form is given the library's text with its #page: line (the examples keep it), so
    it pages inside the key as `query --limit --offset` does: the same rows; the first page
    keeps the key list in the served version's folder, where later pages read it."""
    import hashlib
    from urllib.parse import urlencode

    from ctocgraph.pagekeys import KEYS
    from ctocgraph.query import run
    from ctocgraph.server import _examples
    from ctocgraph.sparqltext import key_select

    text = _examples()[name]
    assert "#page:" in text
    names, whole = run(oxstore, name)
    for offset in (0, 1, len(whole) - 1):
        status, _, body = fetch(f"{server}/sparql?" + urlencode(
            {"query": text, "format": "html", "offset": offset}))
        assert status == 200, body
        cli = run(oxstore, name, limit=100, offset=offset)[1]
        assert cli == whole[offset:offset + 100]
        assert _form_rows(body.decode()) == \
            [["" if r[n] is None else r[n].value for n in names] for r in cli], (name, offset)
    keys = key_select(text)
    assert keys is not None
    digest = hashlib.sha256(keys[2].encode()).hexdigest()[:32]
    kept = (built[0] / "store").resolve() / KEYS / f"{digest}.tsv"
    assert kept.is_file() and kept.read_text(encoding="utf-8").count("\n") == len(whole) + 1


def test_a_served_version_orders_the_library_lists_once_as_it_opens(tmp_path):
    """As the server opens a store version, it orders the library's whole-corpus lists and
    keeps them (pagekeys), so the first visitor's first page is a lookup too; the command line
    reads the same key lists (one digest for the library's text with or without its notes)."""
    import hashlib

    from ctocgraph.pagekeys import KEYS
    from ctocgraph.query import library, prepare
    from ctocgraph.sparqltext import inline_values, key_select

    r = subprocess.run([sys.executable, "-m", "ctocgraph", "build", "--store",
                        str(tmp_path / "store"), "--output", str(tmp_path / "seed.nq")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    expected = set()
    for name, q in library().items():
        if all(p.optional or p.type == "language" for p in q.params):
            text, bindings = prepare(name, {})
            found = key_select(inline_values(text.text, bindings))
            if found is not None:
                expected.add(hashlib.sha256(found[2].encode()).hexdigest()[:32] + ".tsv")
    assert len(expected) == 8  # asked-of, decisions, documents, sessions; acts, citations,
    #                            provisions, recurring (keyed by the whole row)
    kept = (tmp_path / "store").resolve() / KEYS
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ctocgraph", "serve", "--port", str(port),
                             "--store", str(tmp_path / "store")], stdout=subprocess.DEVNULL,
                            stderr=(tmp_path / "serve.log").open("wb"))
    try:
        deadline = time.monotonic() + 120
        while not (kept.is_dir() and {p.name for p in kept.iterdir()} >= expected):
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline, sorted(p.name for p in kept.glob("*"))
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert {p.name for p in kept.iterdir() if not p.name.startswith(".")} == expected
