"""SPARQL query workers for the server: separate processes on one read-only store version.

An Oxigraph query cannot be interrupted from another thread, so each runs in a worker process
that is ended when it overruns: its time (``timeout``) or its memory (``max_memory``, the
worker's anonymous resident memory, read from ``/proc`` while the query runs: an ORDER BY
over a cartesian product grew a worker by 600 MB a second). Results are serialised into a
sink that refuses to grow past ``max_bytes``. On Linux each worker first moves into a network
namespace of its own, where the kernel allows it, so no query can reach another server,
whatever :mod:`sparqlguard` let through.
"""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import queue
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO, cast

from .limits import status_bytes

RESULT_TYPES = {  # media type -> pyoxigraph QueryResultsFormat name
    "application/sparql-results+json": "JSON",
    "application/sparql-results+xml": "XML",
    "text/csv": "CSV",
    "text/tab-separated-values": "TSV",
}
GRAPH_TYPES = {
    "text/turtle": "TURTLE",
    "application/n-triples": "N_TRIPLES",
    "application/rdf+xml": "RDF_XML",
}
_CLONE_NEWUSER, _CLONE_NEWNET = 0x10000000, 0x40000000
Answer = tuple[int, str, bytes]


class _TooLarge(Exception):
    pass


class _Capped:
    """A file-like sink that refuses to grow beyond ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _TooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def isolate() -> bool:
    """Move this process, before it starts any thread, into a user and network namespace of
    its own: it then has no network at all. ``False`` where the kernel does not allow it."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) == 0
    except (OSError, AttributeError):
        return False


def _answer(store: object, query: str, graphs: tuple[str, ...], media: str, max_bytes: int) -> Answer:
    import pyoxigraph as ox

    for graph in graphs:
        try:
            held = store.contains_named_graph(ox.NamedNode(graph))  # type: ignore[attr-defined]
        except ValueError:
            held = False
        if not held:
            return 400, "text/plain", (f"FROM <{graph}>: no such graph in this store; the endpoint "
                                       "reads only its own data and fetches nothing\n").encode()
    sink: _Capped | None = None
    try:
        result = store.query(query)  # type: ignore[attr-defined]  # the default graph is the union
        sink = _Capped(max_bytes)
        if isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
            fmt = RESULT_TYPES.get(media, "JSON")
            result.serialize(cast(IO[bytes], sink), format=getattr(ox.QueryResultsFormat, fmt))
            media = media if media in RESULT_TYPES else "application/sparql-results+json"
        else:
            fmt = GRAPH_TYPES.get(media, "TURTLE")
            result.serialize(cast(IO[bytes], sink), format=getattr(ox.RdfFormat, fmt))
            media = media if media in GRAPH_TYPES else "text/turtle"
        return 200, media, sink.getvalue()
    except SyntaxError as exc:
        return 400, "text/plain", f"malformed query: {exc}\n".encode()
    except Exception as exc:  # the sink's refusal may come back wrapped by pyoxigraph
        if sink is not None and sink.size > max_bytes:
            return 413, "text/plain", f"the result exceeds {max_bytes} bytes; add a LIMIT\n".encode()
        return 400, "text/plain", f"query failed: {exc}\n".encode()


def _worker(db: str, conn: Connection, max_bytes: int) -> None:
    """Runs in its own process: answers queries on a read-only store until told to stop."""
    isolated = isolate()  # first: a process with threads cannot change its user namespace
    import pyoxigraph as ox

    store = ox.Store.read_only(db)
    try:
        conn.send(("ready", isolated))
        while True:
            query, graphs, media = conn.recv()
            conn.send(_answer(store, query, graphs, media, max_bytes))
    except (EOFError, BrokenPipeError):
        return  # the server let this worker go (or ended)


def anon_bytes(pid: int) -> int:
    """The anonymous resident memory of a process (Linux); 0 where it cannot be read."""
    return status_bytes(pid, b"RssAnon:")


@dataclass
class _Slot:
    process: mp.process.BaseProcess
    conn: Connection


class QueryPool:
    """A fixed number of worker processes on one store version; a query that overruns its
    time or memory costs its worker, and a fresh one takes its place in the background."""

    def __init__(self, db: Path, size: int, timeout: float, max_bytes: int,
                 max_memory: int = 512 * 2**20):
        self.db, self.timeout, self.max_bytes = str(db), timeout, max_bytes
        self.max_memory = max_memory
        self.ctx = mp.get_context("spawn")
        self.free: queue.Queue[_Slot] = queue.Queue()
        self.closed = False
        slots = [self._launch() for _ in range(size)]
        self.isolated = all([self._ready(slot) for slot in slots])
        for slot in slots:
            self.free.put(slot)

    def _launch(self) -> _Slot:
        parent, child = self.ctx.Pipe()
        p = self.ctx.Process(target=_worker, args=(self.db, child, self.max_bytes), daemon=True)
        p.start()
        child.close()
        return _Slot(p, parent)

    def _ready(self, slot: _Slot) -> bool:
        """Wait for a new worker to open the store; whether it is cut off from the network."""
        if not slot.conn.poll(60):
            raise OSError(f"{self.db}: a query worker did not start within 60 s")
        message = slot.conn.recv()
        return bool(message[1])

    def _replace(self, slot: _Slot) -> None:
        """End a worker and start another on a thread, so the request that cost it is answered
        now, not after the new worker has started."""
        slot.process.kill()
        slot.process.join()

        def start() -> None:
            if self.closed:
                return
            fresh = self._launch()
            try:
                self._ready(fresh)
            except (OSError, EOFError):
                fresh.process.kill()
                time.sleep(1)  # the store may be gone (the server is leaving this version)
                threading.Thread(target=start, daemon=True).start()
                return
            self._give_back(fresh)

        threading.Thread(target=start, daemon=True).start()

    def run(self, query: str, media: str, graphs: tuple[str, ...] = ()) -> Answer:
        """The query's answer: status, media type, body. It waits up to the timeout for a
        worker, then has the whole timeout to run (a query cut short by its wait would cost
        its worker, and the next queries a fresh one)."""
        try:
            slot = self.free.get(timeout=self.timeout)
        except queue.Empty:
            return 503, "text/plain", b"all query workers are busy; try again\n"
        deadline = time.monotonic() + self.timeout
        try:
            slot.conn.send((query, graphs, media))
            while not slot.conn.poll(0.02):
                if time.monotonic() > deadline:
                    message = f"the query did not finish within {self.timeout:g} s\n"
                    break
                if self.max_memory and anon_bytes(slot.process.pid or 0) > self.max_memory:
                    message = (f"the query needed more than {self.max_memory // 2**20} MiB; "
                               "it was stopped\n")
                    break
            else:
                answer = slot.conn.recv()
                if self.max_memory and anon_bytes(slot.process.pid or 0) > self.max_memory // 2:
                    self._replace(slot)  # what it kept would count against the next query
                else:
                    self._give_back(slot)
                return answer
        except (EOFError, OSError):
            message = "the query worker failed; the query was not answered\n"
        self._replace(slot)
        return 503, "text/plain", message.encode()

    def _give_back(self, slot: _Slot) -> None:
        if self.closed:  # the pool was closed while this worker answered: it goes too
            slot.process.kill()
            slot.process.join()
        else:
            self.free.put(slot)

    def close(self) -> None:
        """End the workers: the idle ones now, the busy ones when they answer."""
        self.closed = True
        while True:
            try:
                slot = self.free.get_nowait()
            except queue.Empty:
                return
            slot.process.kill()
            slot.process.join()
