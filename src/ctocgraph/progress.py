"""Progress of the long steps (reading sources, mapping, validating, writing pages), on
standard error so that standard output stays the report: a bar on a terminal (tqdm), a plain
line about every ten seconds and at the end otherwise (a log, CI), nothing when quiet.

Off by default: the library stays silent; the command line turns it on (and ``--quiet`` off).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

_T = TypeVar("_T")

# set by the command line: "auto" (a bar on a terminal, lines otherwise), or "off"
mode = "off"
# seconds between plain lines (CTOCGRAPH_PROGRESS_SECONDS: a log that wants more, or fewer)
_PLAIN_EVERY_S = float(os.environ.get("CTOCGRAPH_PROGRESS_SECONDS", "10"))
_SMALL = 50  # fewer items than this finish before a bar is worth drawing


def track(items: Iterable[_T], what: str, total: int | None = None) -> Iterator[_T]:
    """The items, one by one, with progress shown as :data:`mode` says."""
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if mode == "off" or (total is not None and total < _SMALL):
        yield from items
        return
    if sys.stderr.isatty():
        from tqdm import tqdm

        yield from tqdm(items, desc=what, total=total, unit="", file=sys.stderr, leave=False,
                        dynamic_ncols=True)
        return
    yield from _plain(items, what, total)


def _plain(items: Iterable[_T], what: str, total: int | None) -> Iterator[_T]:
    started = last = time.monotonic()
    done = 0
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if now - last >= _PLAIN_EVERY_S:
            last = now
            of = f"/{total}" if total is not None else ""
            print(f"{what}: {done}{of} ({now - started:.0f} s)", file=sys.stderr, flush=True)
    if time.monotonic() - started >= _PLAIN_EVERY_S and done:
        print(f"{what}: {done} done ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)


def step(what: str) -> None:
    """A step that has no count (validating, loading the store): said when it starts, where
    progress is shown and the output is a terminal."""
    if mode != "off" and sys.stderr.isatty():
        print(f"{what}…", file=sys.stderr, flush=True)
