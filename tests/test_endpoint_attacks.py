"""The public endpoint under attack, as `ctocgraph serve` on 127.0.0.1: SERVICE and FROM never
reach a real listener, a query that eats memory costs only its worker, idle half-sent
connections and slow queries do not stall the pages, and a name too long for the file system
is a 404, not a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from test_server import _free_port, fetch

B = "https://w3id.org/ctocgraph/id/"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f ?a ?d"


class Listener:
    """A real HTTP listener on 127.0.0.1 that counts the connections it is offered and would
    answer with a secret, as cloud metadata or an internal service would."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.sendall(b"HTTP/1.1 500 Oops\r\nContent-Length: 13\r\n\r\nSECRET-TOKEN\n")
            conn.close()

    def close(self) -> None:
        self.sock.close()


def start_server(store: Path, log: Path, *args: str) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ctocgraph", "serve", "--port", str(port),
                             "--store", str(store), *args],
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"), env=os.environ.copy())
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if fetch(url + "/")[0] == 200:
                return proc, url
        except OSError:
            pass
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def endpoint(built, tmp_path_factory):
    out, _ = built
    log = tmp_path_factory.mktemp("serve") / "stderr.txt"
    proc, url = start_server(out / "store", log, "--timeout", "4", "--workers", "2",
                             "--max-memory", "256")
    yield url, proc, log
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture()
def listener():
    one = Listener()
    yield one
    one.close()


def ask(url: str, query: str, accept: str = "application/sparql-results+json"):
    return fetch(url + "/sparql?" + urllib.parse.urlencode({"query": query}), accept)


def test_service_is_refused_and_nothing_is_fetched(endpoint, listener):
    url, _, _ = endpoint
    target = f"http://127.0.0.1:{listener.port}/x"
    attempts = [
        f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{target}> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?s ?p ?o . service<{target}>{{ ?a ?b ?c }} }}",
        # no word boundary in Oxigraph's keywords: both of these are SERVICE clauses
        f"PREFIX : <http://127.0.0.1:{listener.port}/> SELECT * WHERE {{ service:x {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p trueSERVICE <{target}> {{ ?a ?b ?c }} }}",
        # a comment to Oxigraph that a naive lexer reads as an IRI and then a long string
        f'SELECT * WHERE {{ ?a ?p ?b FILTER(?a<?b)#x>"""\nSERVICE <{target}> {{ ?s ?p ?o }} }}\n#"""',
    ]
    for query in attempts:
        status, _, body = ask(url, query)
        assert status == 400 and b"SERVICE is refused" in body, (query, body)
        assert b"SECRET" not in body
    status, _, body = ask(url, f"SELECT * FROM <{target}> WHERE {{ ?s ?p ?o }}")
    assert status == 400 and b"no such graph in this store" in body
    time.sleep(0.5)
    assert listener.connections == 0
    # a graph the store holds may be named, and the answer is that graph's
    graph = f"{B}graph/CTOC/COP/WG.7/2020/1/en"
    status, _, body = ask(url, f"ASK FROM <{graph}> WHERE {{ ?s ?p ?o }}")
    assert status == 200 and b"true" in body
    # the word in a string is refused too; written with an escape it is the same string
    assert ask(url, 'ASK { FILTER(CONTAINS("services", "service")) }')[0] == 400
    status, _, body = ask(url, r'ASK { FILTER(CONTAINS("serv\u0069ces", "serv\u0069ce")) }')
    assert status == 200 and b"true" in body


def test_workers_have_no_network_even_for_a_query_the_check_let_through(built, listener):
    """The second line: a worker lives in a network namespace of its own, so even a SERVICE
    query handed to it directly (past the check) cannot reach the listener."""
    from ctocgraph.querypool import QueryPool

    out, _ = built
    pool = QueryPool(out / "store" / "oxigraph", 1, 10, 100_000)
    try:
        if not pool.isolated:
            pytest.skip("this kernel does not let a process make its own network namespace")
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
        status, _, body = pool.run(query, "application/sparql-results+json")
        assert status == 400 and b"SECRET" not in body
        time.sleep(0.5)
        assert listener.connections == 0
    finally:
        pool.close()


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        here = todo.pop()
        for task in Path(f"/proc/{here}/task").glob("*/children"):
            kids = [int(k) for k in task.read_text().split()]
            found += kids
            todo += kids
    return found


def test_a_query_that_eats_memory_costs_only_its_worker(endpoint):
    from ctocgraph.querypool import anon_bytes

    url, proc, _ = endpoint
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max([peak, *(anon_bytes(p) for p in _descendants(proc.pid))])
            time.sleep(0.02)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        status, _, body = ask(url, HUNGRY, "text/csv")
    finally:
        done.set()
        watcher.join()
    assert status == 503 and b"needed more than 256 MiB" in body
    assert peak < 512 * 2**20  # stopped near its limit, far from the 3 GB it grew to before
    status, _, body = ask(url, "ASK { ?s ?p ?o }")
    assert status == 200 and b"true" in body  # a fresh worker answers the next query


def test_idle_half_sent_connections_do_not_stall_the_pages(endpoint):
    url, _, _ = endpoint
    port = int(url.rsplit(":", 1)[1])
    idle = []
    try:
        for _ in range(150):
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(b"GET /doc/session/wg-som/4.html HTTP/1.1\r\nHost: x\r\n")  # never finished
            idle.append(s)
        for _ in range(20):
            status, _, body = fetch(url + "/doc/session/wg-som/4.html")
            assert status == 200 and b"2017-09-11" in body
    finally:
        for s in idle:
            s.close()


def test_pages_are_answered_while_slow_queries_hold_every_worker(endpoint):
    url, _, _ = endpoint
    answers: list[int] = []
    slow = [threading.Thread(target=lambda: answers.append(ask(url, SLOW, "text/csv")[0]))
            for _ in range(12)]
    for t in slow:
        t.start()
    time.sleep(0.5)
    try:
        for _ in range(20):
            status, _, body = fetch(url + "/doc/resolution/cop/7/1.html")
            assert status == 200 and b"7/1" in body
    finally:
        for t in slow:
            t.join()
    assert set(answers) <= {503} and len(answers) == 12  # each stopped (timeout or busy)


def test_a_name_too_long_for_the_file_system_is_404_not_a_traceback(endpoint):
    url, _, log = endpoint
    for path in ("/doc/" + "a" * 300 + ".html", "/doc/" + "a" * 300, "/id/" + "b" * 300,
                 "/" + "c" * 300, "/doc/x/" + "é" * 200 + ".ttl"):
        status, _, body = fetch(url + urllib.parse.quote(path))
        assert status == 404, path
        assert b"Traceback" not in body
    assert "Traceback" not in log.read_text(encoding="utf-8", errors="replace")
