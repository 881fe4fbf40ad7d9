"""The whole order of a list's keys, kept beside the store version, so a page is a lookup.

Oxigraph has no top-k sort: a page taken at a query's paging point (:mod:`sparqltext`) still
evaluates and sorts every key of the corpus, each time (10,000 documents: the first page of
`documents` 3.8 s, `asked-of` 0.9 s). A store version never changes, so the key sub-select's
answer, in its order, is the same for as long as the version is served: the first page asked
for runs it once and keeps it as a file in the version's folder (``pagekeys/``, the results'
TSV, named by the digest of the sub-select's text with its parameters); every later page, in
any process, reads its rows from there and asks the engine for the other columns of those
rows only, through a VALUES block in place of the sub-select. The rows are the same: the
VALUES block holds exactly the keys the sub-select's page would give, in the same order.

The build does not compute them: it would cost every build, also an incremental one, the
whole order of every list (about 9 s at 10,000 documents) for pages nobody may ask for.
A key holding a blank node cannot be written in a VALUES block: such a list is paged as
before, as is any page of a store that has no folder (in memory) or on another engine.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .files import write_atomic
from .sparqlguard import Refused, check
from .sparqltext import key_select, with_keys

if TYPE_CHECKING:
    from .querypool import QueryPool

KEYS = "pagekeys"  # in a store version's folder
KEPT_MAX = 256 * 2**20  # bytes of key lists a version's folder holds at most


def keyed_page(query: str, limit: int, offset: int, folder: Path | None,
               run: Callable[[str], str | None]) -> str | None:
    """The query with its page of keys in place of its key sub-select, or ``None`` when the
    query states no paging point, the version has no folder or the keys cannot be written
    as terms. ``run`` answers a SELECT as SPARQL results TSV (``None`` if it cannot)."""
    found = key_select(query)
    if found is None or folder is None:
        return None
    open_, close, keys_query = found
    digest = hashlib.sha256(keys_query.encode()).hexdigest()[:32]
    path = folder / KEYS / f"{digest}.tsv"
    page = _read(path, offset, limit)
    if page is None:
        tsv = run(keys_query)
        if tsv is None or not tsv or "\t_:" in tsv or "\n_:" in tsv or tsv.startswith("_:"):
            return None
        _keep(path, tsv)
        lines = tsv.splitlines()
        page = (lines[0], lines[1 + offset:1 + offset + limit])
    head, rows = page
    variables = [v.lstrip("?$") for v in head.split("\t")]
    terms = [[cell or "UNDEF" for cell in row.split("\t")] for row in rows]
    if any(len(row) != len(variables) for row in terms):
        return None
    return with_keys(query, (open_, close), variables, terms)


def _read(path: Path, offset: int, limit: int) -> tuple[str, list[str]] | None:
    """The header and the page's rows of a kept key list (TSV escapes tabs and newlines in a
    term, so a line is a row); ``None`` when none is kept."""
    try:
        with path.open(encoding="utf-8", newline="\n") as fh:
            head = fh.readline().rstrip("\n")
            rows = [line.rstrip("\n") for line in itertools.islice(fh, offset, offset + limit)]
    except OSError:
        return None
    return (head, rows) if head else None


def _keep(path: Path, tsv: str) -> None:
    """Keep the key list for the next pages, unless the version's folder cannot take it (a
    store read by a user who may not write there; a folder that holds ``KEPT_MAX`` already,
    so a server's visitors cannot fill its disk with key lists of queries of their own)."""
    try:
        path.parent.mkdir(exist_ok=True)
        kept = sum(p.stat().st_size for p in path.parent.iterdir())
        if kept + len(tsv) <= KEPT_MAX:
            write_atomic(path, tsv)
    except OSError:
        return


def keyed_form_page(folder: Path | None, pool: QueryPool, query: str, offset: int, limit: int,
                    graphs: tuple[str, ...] = ()) -> str | None:
    """The query form's page through a kept key list, the key list computed by one of the
    server's query workers the first time, as any query (its time and size limits hold; past
    them the page is taken at the paging point as before)."""
    def run(keys: str) -> str | None:
        try:
            check(keys)  # a part of a checked query; checked again all the same
        except Refused:
            return None
        status, _, body = pool.run(keys, "text/tab-separated-values", graphs)
        return body.decode("utf-8") if status == 200 else None

    return keyed_page(query, limit, offset, folder, run)


def warm(folder: Path, pool: QueryPool, texts: list[str]) -> None:
    """Order lists once as a served version is opened, so that their first page is as quick
    for the first visitor as for the next (a worker at a time; a list an earlier server or
    the command line ordered is read, not made again)."""
    for text in texts:
        if pool.closed:
            return
        keyed_form_page(folder, pool, text, 0, 1)
