"""The explorer's default page at 1,000 and 10,000 generated documents: the time it takes to
load in headless Chromium, against issue #26's target of 5 s.

    python benchmarks/explorer.py            # both sizes: about 10 minutes on 2 cores

It runs ``tests/test_explorer_scale.py`` (which checks what the page says against the
generator's model) with both sizes, reads the load times it prints, and appends them to
``benchmarks/RESULTS.md`` with the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 5.0


def main() -> None:
    env = {**os.environ, "CTOCGRAPH_SCALE_SIZES": "1000,10000"}
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider",
                        str(HERE.parent / "tests" / "test_explorer_scale.py")],
                       capture_output=True, text=True, env=env, cwd=HERE.parent)
    print(r.stdout[-3000:])
    loads = {int(n.replace(",", "")): float(s) for n, s in
             re.findall(r"(\d[\d,]*) documents: the page loaded in ([\d.]+) s", r.stdout)}
    builds = {int(n): int(s) for n, s in re.findall(r"(\d+) documents built in (\d+) s", r.stdout)}
    if r.returncode != 0 or not loads:
        sys.exit(f"the scale test failed (exit {r.returncode})")
    rows = "\n".join(f"| {n:,} | {builds.get(n, '?')} s | {s:.2f} s | {'yes' if s < TARGET_S else 'NO'} |"
                     for n, s in sorted(loads.items()))
    section = (f"\n## {dt.date.today().isoformat()} — explorer load time — "
               f"`python benchmarks/explorer.py`\n\n{platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}\n\n| documents | build (`--jobs 0`) | "
               f"page load in Chromium | under {TARGET_S:.0f} s |\n|---|---|---|---|\n{rows}\n")
    with (HERE / "RESULTS.md").open("a", encoding="utf-8") as fh:
        fh.write(section)
    print(section)
    if any(s >= TARGET_S for s in loads.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
