"""A release of a generated corpus, and the `documents` table read by pandas beside the SPARQL
list query that answers the same question, in one run.

    python benchmarks/release.py --count 10000 --keep /tmp/bench-release

generates the corpus (``generate.py``, seed 1) and builds it with ``build --jobs 0`` unless
``--keep`` already holds them, times ``ctocgraph release`` (peak memory of the process by the
kernel), then in this process: the ``documents`` table read whole with pandas from Parquet and
from CSV (the first read, then the median of ``--repeat``), and the library query
``documents`` over the whole corpus on the embedded store (median of three). The section goes
at the top of ``benchmarks/RESULTS.md``, after its introduction.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write_corpus  # noqa: E402
from run import host_speed_ms, machine  # noqa: E402

CLI = [sys.executable, "-m", "ctocgraph"]


def _run(*args: str) -> float:
    start = time.perf_counter()
    r = subprocess.run([*CLI, *args], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed: {r.stderr or r.stdout}")
    return time.perf_counter() - start


def _timed(fn, repeat: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    """(first call, median of the next ``repeat`` calls) in ms, and the last result."""
    start = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--keep", type=Path, required=True, help="folder of the corpus, store, release")
    ap.add_argument("--results", type=Path, default=HERE / "RESULTS.md")
    ap.add_argument("--no-release", action="store_true",
                    help="measure the reads on the release already in --keep")
    args = ap.parse_args()
    speed = host_speed_ms()
    corpus, store, out = args.keep / "corpus", args.keep / "corpus" / "store", args.keep / "release"
    lines = [f"`benchmarks/release.py --count {args.count} --keep {args.keep}`", ""]
    if not (corpus / "manifest.toml").is_file():
        write_corpus(corpus, args.count, 1)
    if not store.exists():
        build = _run("build", "--data", str(corpus), "--jobs", "0", "-o", str(corpus / "out.nq"),
                     "--store", str(store))
        lines.append(f"build --jobs 0: {build:.0f} s")
    if not args.no_release:
        shutil.rmtree(out, ignore_errors=True)
        made = _run("release", str(out), "--version", "1.0.0", "--date", "2026-12-06", "--store",
                    str(store))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
        lines.append(f"release: {made:.0f} s, peak {peak:.0f} MiB (the largest child process), "
                     f"{size:.0f} MiB written")
    start = time.perf_counter()
    import pandas as pd
    import pyarrow.parquet  # noqa: F401  (pandas imports it at its first Parquet read)

    imports = (time.perf_counter() - start) * 1000

    from ctocgraph.query import run
    from ctocgraph.store import OxigraphStore

    parquet = out / "tables" / "documents.parquet"
    csv = out / "tables" / "documents.csv"
    p_first, p_median, frame = _timed(lambda: pd.read_parquet(parquet), args.repeat)
    c_first, c_median, _ = _timed(lambda: pd.read_csv(csv, dtype="string", keep_default_na=False,
                                                        na_values=[""]), args.repeat)
    ox = OxigraphStore(store)
    q_first, q_median, answer = _timed(lambda: run(ox, "documents"), min(args.repeat, 3))
    ox.close()
    rows = len(answer[1])  # type: ignore[index]
    lines += [
        "",
        "| what | rows | first (ms) | median (ms) |",
        "|---|---:|---:|---:|",
        f"| `documents` table, `pandas.read_parquet` | {len(frame):,} | {p_first:.0f} | {p_median:.0f} |",  # type: ignore[arg-type]
        f"| `documents` table, `pandas.read_csv` | {len(frame):,} | {c_first:.0f} | {c_median:.0f} |",  # type: ignore[arg-type]
        f"| `ctocgraph query documents` (library query, embedded store, lang=en, every body) "
        f"| {rows:,} | {q_first:.0f} | {q_median:.0f} |",
        "",
        f"`first` is the first call in the process, after `import pandas, pyarrow.parquet` "
        f"({imports:.0f} ms, not counted); the median is of the next calls.",
        "",
        f"Machine: {machine(speed)}; load average {os.getloadavg()[0]:.1f} at the end (2 cores, "
        "shared with another engineer's runs).",
    ]
    section = (f"\n## Release of {args.count:,} documents and the `documents` table in pandas "
               f"({dt.date.today().isoformat()})\n\n" + "\n".join(lines) + "\n")
    print(section)
    # newest first, after the file's introduction (as the sections of issue #25)
    text = args.results.read_text(encoding="utf-8") if args.results.is_file() else "# Benchmark results\n"
    at = text.find("\n## ")
    at = len(text) if at < 0 else at
    args.results.write_text(text[:at] + section + text[at:], encoding="utf-8")


if __name__ == "__main__":
    main()
