"""Deterministic serialisations of the dataset: same sources, byte-identical files."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from rdflib import Dataset, Graph

FORMATS = {".nq": "nquads", ".trig": "trig", ".ttl": "turtle", ".nt": "nt"}


def _graphs(data: Dataset | Mapping[str, Graph]) -> list[Graph]:
    return list(data.values()) if isinstance(data, Mapping) else list(data.graphs())


def nquads(data: Dataset | Mapping[str, Graph]) -> str:
    """Canonical N-Quads, the form of golden files and byte comparisons: see ``sorted_nquads``."""
    return sorted_nquads((g.identifier.n3(), g.serialize(format="nt")) for g in _graphs(data))


def sorted_nquads(parts: Iterable[tuple[str, str]]) -> str:
    """Canonical N-Quads from (graph name in N-Triples form, N-Triples text) pairs: the named
    graphs in name order, each one's distinct lines sorted.

    Each source's graph is one block, so ``build --jobs`` replaces a changed source's block
    and copies the rest of the previous file as bytes, without reading or sorting it.
    """
    blocks: dict[str, set[str]] = {}
    for name, text in parts:
        blocks.setdefault(name, set()).update(quad_lines(name, text))
    return "".join("".join(sorted(blocks[name])) for name in sorted(blocks))


def graph_block(name: str, ntriples: bytes) -> bytes:
    """One named graph's block of the canonical N-Quads, as UTF-8 (whose byte order is the
    code-point order ``sorted_nquads`` sorts by). A quad line sorts as its triple line does:
    after the triple both have a space."""
    suffix = b" " + name.encode("utf-8") + b" .\n"
    return b"".join(ln[:-2] + suffix for ln in sorted(set(ntriples.split(b"\n")))
                    if ln.endswith(b" ."))


def quad_lines(name: str, ntriples: str) -> list[str]:
    """The N-Triples lines as N-Quads lines in the graph ``name`` (in N-Triples form)."""
    # split at line feeds only: str.splitlines would also split at U+2028 or U+0085 inside a
    # literal, which N-Triples leaves unescaped
    return [f"{ln[:-2]} {name} .\n" for ln in ntriples.split("\n") if ln.endswith(" .")]


def split_quad(line: str) -> tuple[str, str]:
    """An N-Quads line of a named graph → (the triple without its full stop, the graph name)."""
    triple, name, _ = line.rsplit(" ", 2)
    return triple, name


def serialize(data: Dataset | Mapping[str, Graph], fmt: str) -> str:
    """The dataset in one of: nquads (sorted), trig (graphs in IRI order), turtle/nt (union)."""
    if fmt == "nquads":
        return nquads(data)
    graphs = sorted((g for g in _graphs(data) if len(g)), key=lambda g: str(g.identifier))
    if fmt == "trig":
        prefixes: set[str] = set()
        blocks = []
        for g in graphs:
            body = g.serialize(format="turtle").splitlines()
            prefixes.update(ln for ln in body if ln.startswith("@prefix"))
            # no re-indentation: it would alter multi-line literals
            inner = "\n".join(ln for ln in body if not ln.startswith("@prefix")).strip("\n")
            blocks.append(f"\n{g.identifier.n3()} {{\n{inner}\n}}\n")
        return "\n".join(sorted(prefixes)) + "\n" + "".join(blocks)
    union = Graph()
    for prefix, ns in (graphs[0].namespaces() if graphs else []):
        union.bind(prefix, ns, replace=True)
    for g in graphs:
        for t in g:
            union.add(t)
    if fmt == "nt":
        return "".join(sorted(ln + "\n" for ln in union.serialize(format="nt").splitlines()
                              if ln.strip()))
    return union.serialize(format=fmt)


def format_for(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"unknown output format {path.suffix!r}; use one of "
                         f"{', '.join(sorted(FORMATS))}") from None


def graphs_of(dump: Path) -> dict[str, Graph]:
    """The named graphs of a canonical N-Quads file, as rdflib graphs with the project's
    prefixes: for the outputs rdflib writes (TriG, Turtle) and pyshacl. A graph's lines are
    one block, so each is parsed on its own."""
    from .vocab import new_graph

    graphs: dict[str, Graph] = {}
    block: list[str] = []
    name = None

    def flush() -> None:
        if name is not None:
            g = new_graph(name[1:-1])
            g.parse(data="".join(block), format="nt")
            graphs[name[1:-1]] = g

    with dump.open(encoding="utf-8") as fh:
        for line in fh:
            triple, graph = split_quad(line.rstrip("\n"))
            if graph != name:
                flush()
                name, block = graph, []
            block.append(f"{triple} .\n")
    flush()
    return graphs


def dataset_of(graphs: Mapping[str, Graph]) -> Dataset:
    """The graphs as one rdflib Dataset with the project's prefixes, in name order (pyshacl
    validates a Dataset's union; TriG of it is the build's)."""
    from .vocab import PREFIXES

    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, replace=True)
    for name in sorted(graphs):
        target = ds.graph(graphs[name].identifier)
        for t in graphs[name]:
            target.add(t)
    return ds
