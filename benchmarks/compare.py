"""Parse + map throughput of this tree against an earlier commit, measured in one run.

The host's speed moves by a third within an hour here, so two runs on two days say little
about a change. This runs both programs on the same generated corpus, interleaved (old, new,
new, old, …), each in a fresh process with its own ``src`` on the path, and reports the median
documents per second of each and their ratio, which the host's speed does not move.

    python benchmarks/compare.py --old 845152d --size 1000 --repeat 5

The old commit is checked out in a temporary git worktree (removed afterwards). The timed work
is what a ``build --jobs`` worker does for each source: read, normalise, parse and map to
N-Triples (``to_ntriples(parse_source(...))``), the same call in both commits.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))

_TIMED = """
import json, sys, time
from pathlib import Path
from ctocgraph import Reference
from ctocgraph.build import parse_source
from ctocgraph.identifiers import Iris
from ctocgraph.manifest import load_manifest
from ctocgraph.mapping import to_ntriples
root = Path(sys.argv[1])
sources = load_manifest(root)
reference = Reference(root / "reference")
iris = Iris()
to_ntriples(parse_source(sources[0], reference), iris, reference, sources[0].status)  # warm
start = time.perf_counter()
for s in sources:
    to_ntriples(parse_source(s, reference), iris, reference, s.status)
print(json.dumps({"seconds": time.perf_counter() - start, "documents": len(sources)}))
"""


def _run(src: Path, corpus: Path) -> float:
    out = subprocess.run([sys.executable, "-c", _TIMED, str(corpus)], capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"})
    return float(json.loads(out.stdout)["seconds"])


def compare(old: str, size: int, repeat: int) -> dict[str, object]:
    from generate import write_corpus

    with tempfile.TemporaryDirectory() as tmp:
        worktree, corpus = Path(tmp) / "old", Path(tmp) / "corpus"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), old],
                       check=True, capture_output=True)
        try:
            write_corpus(corpus, size, seed=1)
            sides = {"old": worktree / "src", "new": ROOT / "src"}
            times: dict[str, list[float]] = {"old": [], "new": []}
            for n in range(repeat):
                order = ("old", "new") if n % 2 == 0 else ("new", "old")
                for side in order:
                    times[side].append(_run(sides[side], corpus))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)],
                           check=False, capture_output=True)
    old_s, new_s = statistics.median(times["old"]), statistics.median(times["new"])
    return {"old": old, "documents": size, "repeat": repeat,
            "old_docs_per_s": round(size / old_s, 1), "new_docs_per_s": round(size / new_s, 1),
            "ratio_new_to_old": round(old_s / new_s, 3),
            "old_runs_s": [round(t, 2) for t in times["old"]],
            "new_runs_s": [round(t, 2) for t in times["new"]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, help="the commit to compare with")
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args()
    result = compare(args.old, args.size, args.repeat)
    print(json.dumps(result, indent=2))
    if not args.no_write:
        from run import machine

        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        with (Path(__file__).parent / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write(
                f"\n## Parse + map, {head} (working tree) against {args.old} — "
                f"`python benchmarks/compare.py --old {args.old} --size {args.size} "
                f"--repeat {args.repeat}`\n\n{machine()}\n\n"
                f"| commit | median documents/s | runs (s) |\n|---|---|---|\n"
                f"| {args.old} | {result['old_docs_per_s']} | {result['old_runs_s']} |\n"
                f"| {head} (working tree) | {result['new_docs_per_s']} | {result['new_runs_s']} |\n\n"
                f"Ratio new / old: **{result['ratio_new_to_old']}** (interleaved runs on one "
                f"corpus of {args.size} generated documents, seed 1).\n")


if __name__ == "__main__":
    main()
