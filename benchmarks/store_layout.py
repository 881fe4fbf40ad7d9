"""Whole-corpus query times on three layouts of the same store (the experiment in RESULTS.md).

    python benchmarks/generate.py --count 10000 --seed 1 --out /tmp/c10k
    ctocgraph build --data /tmp/c10k --jobs 0 -o /tmp/c10k/out.nq --store /tmp/c10k/store
    python benchmarks/store_layout.py /tmp/c10k

Layouts: the union loaded by bulk load (uncompacted), the union made by a SPARQL INSERT, and
the bulk load compacted by ``Store.optimize()``.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from ctocgraph.query import run
from ctocgraph.store import OxigraphStore, union_ntriples


def medians(db: ox.Store, label: str) -> None:
    store = OxigraphStore(None)
    store.store = db
    for name in ("find", "documents", "governance"):
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            run(store, name)
            runs.append(time.perf_counter() - t)
        print(f"{label}: {name} {statistics.median(runs):.2f} s", flush=True)


def timed(label: str, work) -> None:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    work()
    print(f"{label}: {time.perf_counter() - t:.1f} s", flush=True)


def main() -> None:
    root = Path(sys.argv[1])
    text = (root / "out.nq").read_text(encoding="utf-8")
    for name in ("bulk", "insert", "optimized"):
        shutil.rmtree(root / f"layout-{name}", ignore_errors=True)
    bulk = ox.Store(str(root / "layout-bulk"))
    timed("bulk load with the union as text", lambda: bulk.bulk_load(
        (text + union_ntriples(text)).encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    bulk.flush()
    bulk.backup(str(root / "layout-optimized"))
    bulk = None
    medians(ox.Store.read_only(str(root / "layout-bulk")), "bulk")
    optimized = ox.Store(str(root / "layout-optimized"))
    timed("optimize", optimized.optimize)
    optimized = None
    medians(ox.Store.read_only(str(root / "layout-optimized")), "bulk + optimize")
    insert = ox.Store(str(root / "layout-insert"))
    timed("bulk load + INSERT union", lambda: (
        insert.bulk_load(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS),
        insert.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")))
    insert.flush()
    insert = None
    medians(ox.Store.read_only(str(root / "layout-insert")), "insert")


if __name__ == "__main__":
    main()
