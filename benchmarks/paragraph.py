"""Time per MB of one paragraph: is extraction linear in a paragraph's length?

The English 2017 agenda with one paragraph of citing prose inserted (resolutions, mandates,
provisions, document symbols, a link), from 0.1 to 10 MB, on one line. Each size is read,
normalised and parsed (the stages whose cost grows with a paragraph: ``normalize`` and
``parse`` with its ``extract``) in a fresh process, which reports its time and its peak
resident memory. Source files over :data:`ctocgraph.limits.MAX_TEXT` are refused by ``read``
before this, so the text is handed to the parser directly. ``--baseline REV`` runs the same
with ``extract.py`` as it was at a git revision, up to ``--baseline-seconds`` a size.

    .venv/bin/python benchmarks/paragraph.py [--sizes 0.1,0.25,0.5,1,2,5,10] [--baseline 845152d] [--no-gc]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UNIT = ("In its resolution 7/1, the Conference of the Parties decided that the Working Group should "
        "consider article 5 of the Convention, paragraphs 1 and 2 of article 6 of the Smuggling of "
        "Migrants Protocol and document CTOC/COP/WG.7/2017/2 (see http://undocs.org/A/RES/71/1), and "
        "requested the Secretariat to report on General Assembly resolution 71/1. ")
ANCHOR = "The proposed organization of work (see annex) has been prepared in accordance "

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
mb, root, extract = float(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
if sys.argv[4] == "no-gc":  # to tell the collector's share from the parser's
    import gc
    gc.disable()
sys.path.insert(0, str(root / "src"))
import ctocgraph.extract as ex
if extract:  # an earlier extract.py, in place of the current one
    exec(compile(extract, ex.__file__, "exec"), ex.__dict__)
    parse_module = sys.modules["ctocgraph.parse"]  # (the package's `parse` is the function)
    parse_module.Extractor, parse_module.Passage = ex.Extractor, ex.Passage
from ctocgraph.build import _lexicon
from ctocgraph.manifest import source_from_path
from ctocgraph.normalize import normalize
from ctocgraph.parse import parse
from ctocgraph.reference import Reference
sys.path.insert(0, str(root / "benchmarks"))
from paragraph import text_of
path = root / "data" / "sources" / "CTOC_COP_WG.7_2017_1.en.txt"
text = text_of(mb)
source = source_from_path(path)
lexicon = _lexicon("en", Reference(root / "data" / "reference"))
start = time.perf_counter()
record = parse(normalize(text), lexicon, source, "0" * 64, text.count("\n") + 1)
seconds = time.perf_counter() - start
mandates = sum(len(i.mandates) for i in record.items)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"mb": mb, "seconds": seconds, "peak": peak, "mandates": mandates}))
"""


def text_of(mb: float) -> str:
    """The agenda with a paragraph of ``mb`` MB (2**20 bytes) inserted, on one line."""
    size = int(mb * 2**20)
    paragraph = (UNIT * (size // len(UNIT) + 1))[:size].rstrip() + " "
    source = (ROOT / "data" / "sources" / "CTOC_COP_WG.7_2017_1.en.txt").read_text(encoding="utf-8")
    return source.replace(ANCHOR, paragraph + "\n\n" + ANCHOR)


def machine() -> str:
    """The CPU, cores, memory and Python, for the record."""
    def field(file: str, key: str) -> str:
        path = Path(file)
        lines = path.read_text().splitlines() if path.exists() else []
        return next((ln.split(":", 1)[1].strip() for ln in lines if ln.startswith(key)), "")

    cpu = field("/proc/cpuinfo", "model name") or platform.machine()
    memory = int(field("/proc/meminfo", "MemTotal").split()[0] or 0) // 2**20
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores, {memory} GiB, Python {platform.python_version()}; "
            f"load average {load} at the start")


def measure(mb: float, extract: str = "", timeout: float | None = None,
            gc: bool = True) -> dict | None:
    try:
        out = subprocess.run([sys.executable, "-c", CHILD, str(mb), str(ROOT), extract,
                              "gc" if gc else "no-gc"],
                             capture_output=True, text=True, timeout=timeout, check=True).stdout
    except subprocess.TimeoutExpired:
        return None
    return json.loads(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="0.1,0.25,0.5,1,2,5,10")
    ap.add_argument("--baseline", help="git revision whose extract.py to time as well")
    ap.add_argument("--baseline-seconds", type=float, default=120)
    ap.add_argument("--no-gc", action="store_true", help="with Python's garbage collector off")
    args = ap.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    old = subprocess.run(["git", "-C", str(ROOT), "show", f"{args.baseline}:src/ctocgraph/extract.py"],
                         capture_output=True, text=True, check=True).stdout if args.baseline else ""
    print(f"# {machine()}")
    print("| MB | seconds | s/MB | peak MiB | mandates |" + (" before: seconds | s/MB |" if old else ""))
    print("|---:|---:|---:|---:|---:|" + ("---:|---:|" if old else ""))
    give_up = False
    for mb in sizes:
        now = measure(mb, gc=not args.no_gc)
        assert now is not None
        row = (f"| {mb:g} | {now['seconds']:.2f} | {now['seconds'] / mb:.2f} | "
               f"{now['peak'] / 2**20:.0f} | {now['mandates']} |")
        if old:
            before = None if give_up else measure(mb, old, args.baseline_seconds)
            give_up = before is None
            row += (f" {before['seconds']:.2f} | {before['seconds'] / mb:.2f} |" if before else
                    f" > {args.baseline_seconds:g} | — |")
        print(row, flush=True)


if __name__ == "__main__":
    main()
