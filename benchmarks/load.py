"""Load on `ctocgraph serve`: mixed requests at a concurrency, alone and beside clients that
loop the slowest query the endpoint accepts.

A corpus is generated (``generate.py``), built and served on 127.0.0.1. Each phase sends
``--requests`` requests, ``--concurrency`` at a time, a deterministic mix of pages (a
resource's HTML description), 303 redirects from resource IRIs, Turtle descriptions, static
files and SPARQL library queries; an error is an exception or any status but the expected
one. The phases: the mix alone; the mix while two clients loop the slowest library query on
this store; the mix while two clients loop a query that runs until the server's timeout (a
cartesian product: the slowest query the endpoint accepts at all). Latencies per kind: p50,
p95, p99, max.

    .venv/bin/python benchmarks/load.py [--count 200] [--requests 2000] [--concurrency 50]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from paragraph import machine  # noqa: E402

TIMEOUT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
EXPECTED = {"page": 200, "redirect": 303, "turtle": 200, "static": 200, "sparql": 200}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def get(url: str, accept: str = "text/html", timeout: float = 60) -> int:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with _OPENER.open(request, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code


def sparql_url(base: str, query: str) -> str:
    return base + "/sparql?" + urllib.parse.urlencode({"query": query})


def library_queries() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from ctocgraph.query import library, prepare
    from ctocgraph.sparqltext import inline_values

    out = {}
    for name in sorted(library()):
        q, bindings = prepare(name, {})
        out[name] = inline_values(q.text, bindings)
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path, args: argparse.Namespace, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "ctocgraph", "serve", "--store", str(store),
                             "--port", str(port), "--timeout", str(args.timeout),
                             "--workers", str(args.workers)],
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 1800  # the first start writes the site
    while time.monotonic() < deadline:
        try:
            if get(base + "/") == 200:
                return proc, base
        except OSError:
            time.sleep(0.5)
        if proc.poll() is not None:
            raise SystemExit(log.read_text())
    raise SystemExit("the server did not start")


def mix(base: str, site: Path, queries: dict[str, str], n: int, seed: int) -> list[tuple[str, str, str]]:
    """``n`` requests: (kind, URL, Accept), the same for a seed."""
    rng = random.Random(seed)
    pages = sorted(str(p.relative_to(site / "doc"))[:-5] for p in (site / "doc").rglob("*.html")
                   if "class/" not in str(p))
    statics = ["/", "/void.ttl", "/ontology/index.html", "/doc/class/Session.html", "/sitemap.xml"]
    out = []
    for _ in range(n):
        roll = rng.random()
        path = rng.choice(pages)
        if roll < 0.4:
            out.append(("page", f"{base}/doc/{path}.html", "text/html"))
        elif roll < 0.55:
            out.append(("redirect", f"{base}/id/{path}", "text/turtle"))
        elif roll < 0.7:
            out.append(("turtle", f"{base}/doc/{path}.ttl", "text/turtle"))
        elif roll < 0.8:
            out.append(("static", base + rng.choice(statics), "*/*"))
        else:
            out.append(("sparql", sparql_url(base, queries[rng.choice(sorted(queries))]), "text/csv"))
    return out


def phase(requests: list[tuple[str, str, str]], concurrency: int) -> tuple[dict, list[str], float]:
    times: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()

    def one(job: tuple[str, str, str]) -> None:
        kind, url, accept = job
        t = time.perf_counter()
        try:
            status = get(url, accept)
        except OSError as exc:
            status, detail = 0, str(exc)
        else:
            detail = str(status)
        took = time.perf_counter() - t
        with lock:
            times.setdefault(kind, []).append(took)
            if status != EXPECTED[kind]:
                errors.append(f"{kind} {url[:80]}: {detail}")

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, requests))
    return times, errors, time.perf_counter() - start


def loopers(url: str, stop: threading.Event, results: list[tuple[int, float]]) -> list[threading.Thread]:
    def loop() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            try:
                status = get(url, "text/csv", timeout=300)
            except OSError:
                status = 0
            results.append((status, time.perf_counter() - t))

    threads = [threading.Thread(target=loop) for _ in range(2)]
    for t in threads:
        t.start()
    return threads


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def report(title: str, times: dict, errors: list[str], wall: float, slow: list[tuple[int, float]]) -> None:
    total = sum(len(v) for v in times.values())
    print(f"\n**{title}**: {total} requests in {wall:.1f} s, {len(errors)} errors")
    print("\n| kind | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|")
    for kind in ("page", "redirect", "turtle", "static", "sparql"):
        v = times.get(kind, [])
        if v:
            print(f"| {kind} | {len(v)} | {pct(v, 50) * 1000:.0f} | {pct(v, 95) * 1000:.0f} | "
                  f"{pct(v, 99) * 1000:.0f} | {max(v) * 1000:.0f} |")
    static = [t for k in ("page", "turtle", "static") for t in times.get(k, [])]
    print(f"\nstatic pages (HTML, Turtle, files): p99 {pct(static, 99) * 1000:.0f} ms")
    if slow:
        statuses = sorted({s for s, _ in slow})
        print(f"slow clients: {len(slow)} queries, statuses {statuses}, "
              f"median {pct([t for _, t in slow], 50):.2f} s")
    for e in errors[:10]:
        print(f"  error: {e}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=200, help="generated source files")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--concurrency", type=int, default=50)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="ctocgraph-load-"))
    print(f"# {machine()}\n\n`{' '.join(sys.argv)}`")
    store = work / "store"
    if not (store / "oxigraph").is_dir():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--count",
                        str(args.count), "--seed", "1", "--out", str(work / "corpus")],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "ctocgraph", "build", "--data", str(work / "corpus"),
                        "--jobs", "0", "-o", str(work / "out.nq"), "--store", str(store)],
                       check=True, stdout=subprocess.DEVNULL)
    proc, base = start(store, args, work / "serve.log")
    try:
        queries = library_queries()
        timed = {}
        for name, q in queries.items():
            t = time.perf_counter()
            status = get(sparql_url(base, q), "text/csv", timeout=300)
            timed[name] = (time.perf_counter() - t, status)
        slowest = max((n for n in timed if timed[n][1] == 200), key=lambda n: timed[n][0])
        print("\nlibrary queries on this store (s): " +
              ", ".join(f"{n} {t:.2f}" for n, (t, _) in sorted(timed.items(), key=lambda kv: -kv[1][0])))
        site = store.resolve() / "site"
        requests = mix(base, site, queries, args.requests, seed=1)
        report("mix alone", *phase(requests, args.concurrency), [])
        for title, query in ((f"beside two clients looping `{slowest}` (the slowest library query)",
                              queries[slowest]),
                             (f"beside two clients looping a query stopped at the {args.timeout:g} s timeout",
                              TIMEOUT_QUERY)):
            stop, slow = threading.Event(), []
            threads = loopers(sparql_url(base, query), stop, slow)
            time.sleep(1)
            result = phase(requests, args.concurrency)
            stop.set()
            for t in threads:
                t.join()
            report(title, *result, slow)
    finally:
        print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
        proc.terminate()
        proc.wait(timeout=30)
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
