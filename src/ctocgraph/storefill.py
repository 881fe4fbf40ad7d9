"""The one store fill: the named graphs into an Oxigraph store, and their union, as a set, into
its default graph.

A fact stated by several language versions is in several named graphs; Oxigraph's own union
default graph would match it once per graph and multiply every join (a library query went from
286 ms to 4 ms at 100 documents). Queries run on this default graph; GRAPH patterns still reach
each source's graph. Every fill goes through :func:`fill`: a build's store version from its dump
file (:func:`dump_parts`), the Python API's ``store.load`` and an in-memory store from N-Quads
text (:func:`text_parts`), and a build without a store (the union alone, for validation).
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from .serialize import split_quad

# at most this many quads per bulk load, in batches of even size: Oxigraph's bulk loader holds
# the input of one call in memory, and every further call costs time (10,000 generated
# documents, 7.1 million quads and as many union triples, load and peak of the process, three
# runs each: two calls of 7.5 million 67.9–80.2 s, 1,788–1,936 MiB; four of 4 million
# 67.4–73.6 s, 1,669–1,727 MiB; eight of 2 million 79.6 s, 1,385 MiB)
_LOAD_QUADS = 4_000_000

_PIECE = 1 << 20  # characters of N-Quads text handed to the loader at a time

# A part of the data, loaded by one bulk load: its N-Quads lines as quads (``False``), or as
# triples of the default graph (``True``), in chunks of bytes.
Part = Callable[[bool], Iterator[bytes]]


class Sized(Protocol):
    """What the fill needs of a block of the dump (``dumpfile.Block``)."""

    @property
    def size(self) -> int: ...  # bytes

    @property
    def quads(self) -> int: ...


def fill(db: ox.Store, parts: Sequence[Part], graphs: bool = True) -> None:
    """Bulk loads of the named graphs (unless not ``graphs``), then of their union into the
    default graph, a part at a time: Oxigraph's bulk loader holds what one call loads in
    memory. A triple line is a default-graph quad, so both go in as N-Quads; the default graph
    is a set, so a triple stated by several graphs is held once. The union as text is five
    times faster than INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }."""
    for union in (False, True) if graphs else (True,):
        for part in parts:
            db.bulk_load(io.BufferedReader(Reader(part(union)), _PIECE),
                         format=ox.RdfFormat.N_QUADS)


class Reader(io.RawIOBase):
    """A file-like object over an iterator of byte chunks, for Oxigraph's bulk loader."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._rest = memoryview(b"")  # a view: taking a read off it copies nothing

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._rest:
            try:
                self._rest = memoryview(next(self._chunks))
            except StopIteration:
                return 0
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n


def dump_parts(dump: Path, blocks: Mapping[str, Sized]) -> list[Part]:
    """The canonical dump (one block per named graph, in ``blocks``' order) in runs of
    neighbouring blocks of about even size, ``_LOAD_QUADS`` quads at most."""

    def part(offset: int, batch: dict[str, Sized]) -> Part:
        return lambda union: _read(dump, offset, batch, union)

    return [part(offset, batch) for offset, batch in _batches(blocks)]


def _read(dump: Path, offset: int, blocks: Mapping[str, Sized], union: bool) -> Iterator[bytes]:
    """Neighbouring blocks of the dump from ``offset``, as quads or as triples: a block holds
    one graph's quads, so its triples are its lines without the graph's name."""
    with dump.open("rb") as fh:
        fh.seek(offset)
        for name, block in blocks.items():
            data = fh.read(block.size)
            yield data.replace(f" {name} .\n".encode(), b" .\n") if union else data


def _batches(blocks: Mapping[str, Sized]) -> Iterator[tuple[int, dict[str, Sized]]]:
    """Runs of neighbouring blocks of about even size, about ``_LOAD_QUADS`` quads at most,
    each with its offset in the dump."""
    total = sum(b.quads for b in blocks.values())
    runs = max(1, -(-total // _LOAD_QUADS))
    offset, done, cut = 0, 0, 0
    batch: dict[str, Sized] = {}
    for name, block in blocks.items():
        if batch and done + block.quads > total * (cut + 1) / runs:
            yield offset, batch
            offset += sum(b.size for b in batch.values())
            batch, cut = {}, cut + 1
        batch[name] = block
        done += block.quads
    if batch:
        yield offset, batch


def text_parts(nquads: str) -> list[Part]:
    """N-Quads text (every quad in a named graph, in any order) in runs of whole lines of
    about even size in characters, as many as ``_LOAD_QUADS`` lines each would make; its
    triples are read line by line."""
    runs = max(1, -(-nquads.count("\n") // _LOAD_QUADS))
    cuts = [0]
    for k in range(1, runs):
        at = nquads.find("\n", max(cuts[-1], len(nquads) * k // runs))
        if at < 0:
            break
        cuts.append(at + 1)
    cuts.append(len(nquads))

    def part(start: int, end: int) -> Part:
        return lambda union: _text(nquads, start, end, union)

    return [part(a, b) for a, b in itertools.pairwise(cuts) if a < b]


def _text(nquads: str, start: int, end: int, union: bool) -> Iterator[bytes]:
    """The lines of ``nquads[start:end]`` in pieces of whole lines, as quads or as triples."""
    while start < end:
        stop = nquads.find("\n", min(start + _PIECE, end - 1))
        stop = end if stop < 0 or stop >= end else stop + 1
        piece = nquads[start:stop]
        if union:  # each line's triple; line feeds only: str.splitlines would also split at
            # U+2028 inside a literal
            piece = "".join(f"{split_quad(ln)[0]} .\n" for ln in piece.split("\n") if ln)
        yield piece.encode("utf-8")
        start = stop
