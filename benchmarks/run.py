"""Measure the pipeline on synthetic corpora of several sizes; append the results to RESULTS.md.

    python benchmarks/run.py --sizes 10,100,1000 [--pyshacl-max 1000] [--repeat 5]

Each size runs in its own process (so peak memory is that size's), stage by stage: parse + map
(documents/s, and instructions a document where ``perf`` counts them), SHACL validation with
pyshacl on the whole graph, loading the embedded Oxigraph store and rdflib's in-memory
store, every library query on both and on an Oxigraph server serving the built store (median
of ``--repeat`` runs after a first run, whose answers are compared across the stores; a query
with an optional body also for one body), and a rebuild after one
document changes (the ordinary build rebuilds everything; ``build --jobs`` re-parses the
changed source, updates the store version in place and validates the focus nodes the change
can affect), then ``--repeat`` more ``--jobs`` rebuilds in a row, one change each: from the
second on, a rebuild also retires the version two builds old, as every rebuild does in use.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
ONE_BODY = "wg-som"  # the body of the generator's first 40 sessions (generate.KNOWN[0])


_WRAP = (
    "import atexit, sys\n"
    "def _hwm():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM'):\n"
    "            sys.stderr.write('VmHWM ' + line.split()[1] + '\\n')\n"
    "atexit.register(_hwm)\n"
    "sys.argv = ['ctocgraph'] + sys.argv[1:]\n"
    "from ctocgraph.cli import main\n"
    "main()\n"
)


# parse + map to N-Triples of the first N sources of a corpus, as a build's worker does it
_PARSE_MAP = (
    "import sys\n"
    "from pathlib import Path\n"
    "from ctocgraph import Reference\n"
    "from ctocgraph.build import parse_source\n"
    "from ctocgraph.identifiers import Iris\n"
    "from ctocgraph.manifest import load_manifest\n"
    "from ctocgraph.mapping import to_ntriples\n"
    "root = Path(sys.argv[1]); reference = Reference(root / 'reference'); iris = Iris()\n"
    "for s in load_manifest(root)[:int(sys.argv[2])]:\n"
    "    to_ntriples(parse_source(s, reference), iris, reference, s.status)\n"
)


CALLGRIND_DOCS = 20  # documents counted under callgrind, which runs them about 50 times slower


def instructions_per_document(root: Path, size: int) -> tuple[float, str] | None:
    """Instructions that parse + map take a document, and what counted them: the run of
    ``size`` documents less a run of 2, so start-up cancels out. The host's speed moves
    seconds by up to a third within an hour here (and 1.5x between days), not instructions:
    the figure to compare code by. ``perf stat`` where the machine counts instructions, else
    valgrind's callgrind over the first ``CALLGRIND_DOCS`` documents (user-space instructions
    only, so a few percent under perf's count); ``None`` with neither."""
    if size <= 2:
        return None

    def perf(n: int) -> int | None:
        r = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "--", sys.executable,
                            "-c", _PARSE_MAP, str(root), str(n)],
                           capture_output=True, text=True)
        lines = [ln for ln in r.stderr.splitlines() if ",instructions" in ln]
        value = lines[-1].split(",")[0] if r.returncode == 0 and lines else ""
        return int(value) if value.isdigit() else None

    def callgrind(n: int) -> int | None:
        r = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                            sys.executable, "-c", _PARSE_MAP, str(root), str(n)],
                           capture_output=True, text=True)
        found = re.search(r"Collected : (\d+)", r.stderr)
        return int(found.group(1)) if r.returncode == 0 and found else None

    def per_document(count, n: int) -> float | None:  # type: ignore[no-untyped-def]
        whole, start = count(n), count(2)
        return None if whole is None or start is None else (whole - start) / (n - 2)

    if shutil.which("perf") and (found := per_document(perf, size)) is not None:
        return found, "perf"
    n = min(size, CALLGRIND_DOCS)
    if shutil.which("valgrind") and (found := per_document(callgrind, n)) is not None:
        return found, f"callgrind, {n} documents"
    return None


def _say(size: int, what: str) -> None:
    """Progress on standard error, which the parent passes through (its output is the JSON)."""
    print(f"[{size} documents] {what}…", file=sys.stderr, flush=True)


def _timed(fn):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


@contextlib.contextmanager
def server(store: Path) -> Iterator[object | None]:
    """A RemoteStore on an Oxigraph server (the test extra's `oxigraph` binary) serving the
    built store read-only, beside this process's own read-only handle; ``None`` without it."""
    sys.path.insert(0, str(HERE.parent / "tests"))  # the tests' launcher, one copy of it
    from oxserver import oxigraph_server

    from ctocgraph.remote import RemoteStore

    with contextlib.ExitStack() as stack:
        try:
            base = stack.enter_context(
                oxigraph_server(store / "oxigraph", read_only=True, timeout_s=600))
        except AssertionError:  # no binary: the column says "not run"
            yield None
            return
        yield RemoteStore(f"{base}/query", timeout=600)


def library_cases() -> list[tuple[str, dict[str, str]]]:
    """Every library query with its defaults, and a query with an optional body also for one
    body (the Working Group on the Smuggling of Migrants: 40 sessions from 80 documents on;
    for a query about a body's acts, the adopting body its #example: names, the Conference)."""
    from ctocgraph.query import library

    queries = library()
    cases: list[tuple[str, dict[str, str]]] = [(name, {}) for name in queries]
    for name, q in queries.items():
        if any(p.name == "body" and p.optional for p in q.params):
            named = [m.group(1) for e in q.examples for m in [re.search(r"body=([\w-]+)", e)] if m]
            body = ONE_BODY if not named or ONE_BODY in named else named[0]
            cases.append((f"{name} ({body})", {"body": body}))
    return cases


def _answer(names_rows: tuple[list[str], list[dict]]) -> tuple[list[str], list[str]]:
    """An answer compared across stores: rows in any order (engines break ORDER BY ties
    differently)."""
    names, rows = names_rows
    return names, sorted(repr(sorted(r.items())) for r in rows)


def measure(
    size: int, repeat: int, pyshacl_max: int, rdflib_max: int, stages_max: int, plain_max: int
) -> dict[str, object]:
    """One corpus size, in this process."""
    from generate import write_corpus

    from ctocgraph import Reference
    from ctocgraph.build import parse_source
    from ctocgraph.identifiers import Iris
    from ctocgraph.manifest import load_manifest
    from ctocgraph.mapping import reference_to_rdf, to_ntriples, to_rdf
    from ctocgraph.query import run
    from ctocgraph.serialize import dataset_of, serialize
    from ctocgraph.shacl_sparql import store_for, validate_store
    from ctocgraph.store import OxigraphStore, RdflibStore
    from ctocgraph.validate import validate

    out: dict[str, object] = {"documents": size}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        _say(size, "writing the corpus")
        write_corpus(root, size, seed=1)
        sources = load_manifest(root)
        reference = Reference(root / "reference")
        iris = Iris()

        rdf = None
        if size <= stages_max:

            def parse_and_map():  # type: ignore[no-untyped-def]
                graphs = {}
                for g in [reference_to_rdf(reference, iris)] + [
                    to_rdf(parse_source(s, reference), iris, reference, s.status) for s in sources
                ]:
                    graphs[str(g.identifier)] = g
                return graphs

            # the path of `build --jobs` workers (parse, then map to N-Triples): the median of
            # ``repeat`` runs, since one run moves with the host's speed
            _say(size, f"parse + map, {repeat} runs")
            text_seconds = statistics.median(_timed(lambda: [
                to_ntriples(parse_source(s, reference), iris, reference, s.status) for s in sources
            ])[1] for _ in range(repeat))
            counted = instructions_per_document(root, size)
            if counted is not None:
                out["parse_map_minstr_per_doc"] = round(counted[0] / 1e6, 2)
                out["instructions_counted_by"] = counted[1]
            graphs, seconds = _timed(parse_and_map)
            triples = sum(len(g) for g in graphs.values())
            out |= {
                "triples": triples,
                "parse_map_s": round(seconds, 2),
                "parse_map_docs_per_s": round(size / seconds, 1),
                "parse_map_text_docs_per_s": round(size / text_seconds, 1),
            }
            if size <= pyshacl_max:
                _say(size, "pyshacl")
                ds = dataset_of(graphs)
                report, seconds = _timed(lambda: validate(ds))
                out |= {"pyshacl_s": round(seconds, 2), "conforms": report.conforms}
                del ds
            _say(size, "SHACL as SPARQL, serialising, loading")
            report, seconds = _timed(lambda: validate_store(store_for(list(graphs.values()))))
            out |= {"sparql_shacl_s": round(seconds, 2), "sparql_conforms": report.conforms}
            nquads, seconds = _timed(lambda: serialize(graphs, "nquads"))
            out["serialize_s"] = round(seconds, 2)
            ox = OxigraphStore(None)  # the load alone; queries run on the store the CLI builds
            _, seconds = _timed(lambda: ox.replace(nquads))
            out["oxigraph_load_s"] = round(seconds, 2)
            if size <= rdflib_max:
                mem = RdflibStore()
                _, seconds = _timed(lambda: mem.replace(nquads))
                out["rdflib_load_s"] = round(seconds, 2)
                rdf = mem
            del nquads, ox

        def cli(*extra: str, store: str = "store") -> tuple[float, float]:
            """A `ctocgraph build` as a user runs it: seconds and the peak RSS (MiB) of its main
            process, read from VmHWM at exit (a forked child's ru_maxrss would start at this
            process's size)."""
            args = [
                sys.executable,
                "-c",
                _WRAP,
                "build",
                "--data",
                str(root),
                "--store",
                str(root / store),
                *extra,
            ]
            t = time.perf_counter()
            proc = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            seconds = time.perf_counter() - t
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr)
            hwm = [ln for ln in proc.stderr.splitlines() if ln.startswith("VmHWM ")][-1].split()[1]
            return round(seconds, 2), round(int(hwm) / 1024, 1)

        plain = ("-o", str(root / "out.nq"))
        jobs = ("--jobs", "0", "-o", str(root / "out-jobs.nq"))
        _say(size, "ctocgraph build, as a user runs it")
        if size <= plain_max:
            out["cli_build_s"], out["cli_peak_rss_mib"] = cli(*plain)
        out["jobs_build_s"], out["jobs_peak_rss_mib"] = cli(*jobs, store="store-jobs")
        # every query on the store a user gets (`build --jobs`: on disk, compacted, with its
        # literal index), and on rdflib's in-memory store holding the same dataset
        built = OxigraphStore(root / "store-jobs")
        cases = library_cases()
        queries: dict[str, dict[str, float]] = {}
        differ: list[str] = []  # cases whose answer is not the same on every store
        rows: dict[str, int] = {}  # a query's time grows with its rows
        with server(root / "store-jobs") as remote:
            for case, params in sorted(cases):
                name = case.split(" ")[0]
                answers = []
                for label, store in (("oxigraph", built), ("rdflib", rdf), ("server", remote)):
                    if store is not None:
                        answers.append(_answer(run(store, name, params)))  # and a warm-up
                        runs = [_timed(lambda s=store, n=name, p=params: run(s, n, p))[1]
                                for _ in range(repeat)]
                        queries.setdefault(case, {})[label] = round(statistics.median(runs) * 1000, 1)
                if any(a != answers[0] for a in answers):
                    differ.append(case)
                rows[case] = len(answers[0][1])
        out["query_median_ms"] = queries
        out["query_rows"] = rows
        out["answers_differ"] = differ
        del built, rdf
        # one changed document at a time: the first rebuild of each kind, then (``--jobs``)
        # ``repeat`` in a row, each pruning the version two builds old (the steady state)
        manifest = root / "manifest.toml"

        def change(source) -> None:  # type: ignore[no-untyped-def]
            old_sha = hashlib.sha256(source.path.read_bytes()).hexdigest()
            source.path.write_text(source.path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            new_sha = hashlib.sha256(source.path.read_bytes()).hexdigest()
            text = manifest.read_text(encoding="utf-8")
            manifest.write_text(text.replace(old_sha, new_sha), encoding="utf-8")

        change(sources[0])
        if size <= plain_max:
            out["rebuild_after_one_change_s"] = cli(*plain)[0]
        rebuilds = [cli(*jobs, store="store-jobs")]
        out["jobs_rebuild_after_one_change_s"], out["jobs_rebuild_peak_rss_mib"] = rebuilds[0]
        for i in range(1, repeat + 1):
            change(sources[i % len(sources)])
            rebuilds.append(cli(*jobs, store="store-jobs"))
        out["jobs_rebuild_again_median_s"] = statistics.median(sec for sec, _ in rebuilds[1:])
        out["jobs_rebuild_again_max_s"] = max(sec for sec, _ in rebuilds[1:])
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def machine(speed_at_start: float | None = None) -> str:
    """The machine, and the host's speed now (and at the start of the run, when given)."""
    mem = ""
    try:
        kib = int(
            next(
                ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")
            ).split()[1]
        )
        mem = f", {kib / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    cpu = ""
    with contextlib.suppress(OSError, StopIteration):
        cpu = " (" + next(
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")
        ) + ")"
    speed = f"{host_speed_ms():.0f} ms"
    if speed_at_start is not None:
        speed = f"{speed_at_start:.0f} ms at the start, {speed} at the end"
    return (f"{platform.machine()}{cpu}, {os.cpu_count()} cores{mem}, Python "
            f"{platform.python_version()}; host speed (`host_speed_ms`) {speed}")


def host_speed_ms() -> float:
    """Milliseconds for a fixed pure-Python workload (sorting 300,000 number strings), median
    of five: the shared host's speed has varied by a third within an hour and 1.7x between
    days, so each run states it, and runs are compared through it. Lower is faster."""
    times = []
    for _ in range(5):
        start = time.perf_counter()
        sorted(str(i * 7919 % 300_000) for i in range(300_000))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def table(results: list[dict[str, object]]) -> str:
    cols = [
        ("documents", "docs"),
        ("triples", "triples"),
        ("parse_map_docs_per_s", "parse+map docs/s"),
        ("parse_map_text_docs_per_s", "parse+map to N-Triples docs/s"),
        ("parse_map_minstr_per_doc", "parse+map million instructions/doc"),
        ("pyshacl_s", "pyshacl s"),
        ("sparql_shacl_s", "SHACL as SPARQL s"),
        ("oxigraph_load_s", "Oxigraph load s"),
        ("rdflib_load_s", "rdflib load s"),
        ("cli_build_s", "`ctocgraph build` s"),
        ("rebuild_after_one_change_s", "rebuild after 1 change s"),
        ("cli_peak_rss_mib", "build peak RSS MiB"),
        ("jobs_build_s", "`build --jobs 0` s"),
        ("jobs_rebuild_after_one_change_s", "`--jobs` rebuild after 1 change s"),
        ("jobs_rebuild_again_median_s", "`--jobs` next rebuilds, median s"),
        ("jobs_rebuild_again_max_s", "`--jobs` next rebuilds, max s"),
        ("jobs_peak_rss_mib", "`--jobs` peak RSS MiB"),
        ("jobs_rebuild_peak_rss_mib", "`--jobs` rebuild peak RSS MiB"),
        ("peak_rss_mib", "peak RSS MiB"),
    ]
    lines = ["| " + " | ".join(h for _, h in cols) + " |", "|" + "---|" * len(cols)]
    for r in results:
        cells = {k: str(r.get(k, "not run")) for k, _ in cols}
        if r.get("instructions_counted_by", "perf") != "perf":
            cells["parse_map_minstr_per_doc"] += f" ({r['instructions_counted_by']})"
        lines.append("| " + " | ".join(cells.values()) + " |")
    lines += ["", "Library queries, median ms (Oxigraph / rdflib / Oxigraph server):", ""]
    names = sorted(results[0]["query_median_ms"])  # type: ignore[arg-type]
    lines.append("| docs | " + " | ".join(names) + " |")
    lines.append("|" + "---|" * (len(names) + 1))
    for r in results:
        q = r["query_median_ms"]
        lines.append(
            f"| {r['documents']} | "
            + " | ".join(f"{q[n]['oxigraph']} / {q[n].get('rdflib', 'not run')}"
                         f" / {q[n].get('server', 'not run')}" for n in names)
            + " |"
        )  # type: ignore[index]
    lines += ["", "Rows of each answer:", "", "| docs | " + " | ".join(names) + " |",
              "|" + "---|" * (len(names) + 1)]
    for r in results:
        counts = r.get("query_rows") or {}
        lines.append(f"| {r['documents']} | "
                     + " | ".join(str(counts.get(n, "not run")) for n in names) + " |")  # type: ignore[union-attr]
    for r in results:
        differ = r.get("answers_differ") or []
        lines += ["", f"{r['documents']} documents: the stores' answers "
                  + (f"DIFFER for {', '.join(differ)}" if differ else "are the same for every query")
                  + "."]  # type: ignore[arg-type]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10,100,1000")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--pyshacl-max",
        type=int,
        default=1000,
        help="skip pyshacl above this size (it does not finish in useful time)",
    )
    ap.add_argument(
        "--rdflib-max",
        type=int,
        default=100,
        help="skip rdflib's in-memory store above this size (joins take minutes)",
    )
    ap.add_argument(
        "--stages-max",
        type=int,
        default=3000,
        help="time the stages in-process (rdflib graphs in memory) up to this size",
    )
    ap.add_argument(
        "--plain-max",
        type=int,
        default=3000,
        help="run the ordinary `ctocgraph build` (not --jobs) up to this size",
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    args = ap.parse_args()
    if args.one:
        print(
            json.dumps(
                measure(
                    args.one, args.repeat, args.pyshacl_max, args.rdflib_max, args.stages_max, args.plain_max
                )
            )
        )
        return
    speed_at_start = host_speed_ms()
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(size),
                "--repeat",
                str(args.repeat),
                "--pyshacl-max",
                str(args.pyshacl_max),
                "--rdflib-max",
                str(args.rdflib_max),
                "--stages-max",
                str(args.stages_max),
                "--plain-max",
                str(args.plain_max),
            ],
            stdout=subprocess.PIPE,  # the JSON; progress (standard error) shows as it comes
            text=True,
            check=True,
        )
        results.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    command = "python benchmarks/run.py " + " ".join(sys.argv[1:])
    section = (f"\n## {dt.date.today().isoformat()} — `{command}`\n\n"
               f"Machine: {machine(speed_at_start)}.\n\n{table(results)}\n")
    with args.results.open("a", encoding="utf-8") as fh:
        fh.write(section)
    print(section)


if __name__ == "__main__":
    main()
