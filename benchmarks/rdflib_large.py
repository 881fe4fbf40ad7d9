"""rdflib's in-memory store against the embedded Oxigraph store on a large built store; appends
the results to RESULTS.md.

    python benchmarks/rdflib_large.py --size 10000            # generate and build, then measure
    python benchmarks/rdflib_large.py --store PATH [--size N]  # a store `build --jobs` made

`run.py` stops rdflib at ``--rdflib-max`` because loading it and its whole-corpus joins take
minutes to hours; this loads it once (10,000 documents: about four minutes and 10 GiB) and
times every library query that rdflib answers in useful time on the same store: the same
cases as `run.py` less those given to ``--skip`` (by default the whole-corpus `documents` and
`citations`, 150-160 s each on rdflib at 1,000 documents). Oxigraph: median of ``--repeat``
runs after a warm-up, timed before rdflib is loaded (and again beside it, for the record);
rdflib: median of ``--rdflib-repeat`` after a warm-up, or the warm-up alone when it took over
a minute. The answers are compared (rows in any order).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import _answer, host_speed_ms, library_cases, machine  # noqa: E402


def _median_ms(fn, repeat: int) -> tuple[float, int, object]:  # type: ignore[no-untyped-def]
    """Median milliseconds of ``repeat`` calls after a warm-up (the warm-up alone past 60 s),
    the number of calls timed, and the warm-up's result."""
    t = time.perf_counter()
    result = fn()
    first = time.perf_counter() - t
    if first > 60:
        return first * 1000, 1, result
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs) * 1000, repeat, result


def measure(store_path: Path, skip: set[str], repeat: int, rdflib_repeat: int) -> list[str]:
    """Each case on Oxigraph first, alone in the process; then rdflib loaded and each case on
    it, its answer compared with Oxigraph's; then Oxigraph again beside rdflib's 10 GiB, for
    the record (so a reader can see whether sharing the process changed its times)."""
    from ctocgraph.query import run
    from ctocgraph.store import OxigraphStore, RdflibStore, dump_path

    ox = OxigraphStore(store_path)
    cases = [(case, case.split(" ")[0], params) for case, params in sorted(library_cases())]
    alone: dict[str, tuple[float, object]] = {}
    for case, name, params in cases:
        if case not in skip:
            ms, _, answer = _median_ms(lambda n=name, p=params: run(ox, n, p), repeat)
            alone[case] = ms, _answer(answer)  # type: ignore[arg-type]
            print(f"{case}: Oxigraph alone {ms:.2f} ms", flush=True)
    t = time.perf_counter()
    rdf = RdflibStore(dump_path(store_path))
    load = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [f"rdflib load {load:.1f} s ({len(rdf.ds):,} triples in the union), peak RSS "
             f"{rss:,.0f} MiB; Oxigraph holds {len(ox):,} quads.", "",
             "| query | Oxigraph ms | rdflib ms | rdflib / Oxigraph | rows | same answer "
             "| Oxigraph ms beside rdflib |",
             "|---|---|---|---|---|---|---|"]
    for case, name, params in cases:
        if case in skip:
            lines.append(f"| {case} | | not run (--skip) | | | | |")
            continue
        ox_ms, here = alone[case]
        rdf_ms, runs, there = _median_ms(lambda n=name, p=params: run(rdf, n, p), rdflib_repeat)
        beside, _, _ = _median_ms(lambda n=name, p=params: run(ox, n, p), repeat)
        there = _answer(there)  # type: ignore[arg-type]
        lines.append(f"| {case} | {ox_ms:.2f} | {rdf_ms:.1f}{'' if runs > 1 else ' (one run)'} | "
                     f"{rdf_ms / ox_ms:.1f}× | {len(here[1])} | "  # type: ignore[index]
                     f"{'yes' if here == there else 'NO'} | {beside:.2f} |")
        print(lines[-1], flush=True)
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--store", type=Path, help="a store folder `build --jobs` made (else one is built)")
    ap.add_argument("--skip", default="citations,documents",
                    help="cases not run on rdflib (comma-separated, as named in the table)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--rdflib-repeat", type=int, default=3)
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    speed_at_start = host_speed_ms()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            from generate import write_corpus

            root = Path(tmp)
            write_corpus(root, args.size, seed=1)
            store = root / "store"
            subprocess.run([sys.executable, "-m", "ctocgraph", "build", "--data", str(root),
                            "--store", str(store), "--jobs", "0", "-o", str(root / "out.nq")],
                           check=True, stdout=subprocess.DEVNULL)
        lines = measure(store, skip, args.repeat, args.rdflib_repeat)
    command = "python benchmarks/rdflib_large.py " + " ".join(sys.argv[1:])
    section = (f"\n## {dt.date.today().isoformat()} — `{command}`\n\n"
               f"Machine: {machine(speed_at_start)}. {args.size:,} documents.\n\n" + "\n".join(lines) + "\n")
    with args.results.open("a", encoding="utf-8") as fh:
        fh.write(section)
    print(section)


if __name__ == "__main__":
    main()
