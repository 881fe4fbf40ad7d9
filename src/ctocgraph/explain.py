"""Provenance for people: the source lines behind a resource of the graph.

Reads the spans the graph records (``ctoc:sourceSpan``) — the resource's own, those of the
citations of it and of the mandates it establishes — and prints those lines from the source
files, after checking each file still has the checksum it had when the graph was built. A
curated fact (a body, the register's sessions and acts) has no lines but the pages it was
verified at (``dcterms:source``), which are printed instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from .errors import CtocError
from .identifiers import DEFAULT_BASE, DocumentSymbol
from .manifest import Source
from .read import read_source
from .store import Store

QUERY = """
PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?resource ?via ?file ?sha ?lang ?first ?last WHERE {
  { ?resource ctoc:sourceSpan ?span . BIND("" AS ?via) }
  UNION { ?c ctoc:cited ?resource ; ctoc:citing ?via ; ctoc:sourceSpan ?span }
  UNION { ?via ctoc:establishedBy ?resource ; ctoc:sourceSpan ?span }
  ?span ctoc:firstLine ?first ; ctoc:lastLine ?last ; ctoc:inExpression ?e .
  ?e ctoc:sourceFile ?file ; ctoc:sha256 ?sha ; dcterms:language ?lang .
}
ORDER BY ?lang ?file ?first ?last ?via
"""


PAGES = """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT DISTINCT ?resource ?page WHERE { ?resource dcterms:source ?page } ORDER BY ?page
"""


@dataclass
class Excerpt:
    file: str
    language: str
    first: int
    last: int
    via: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    note: str = ""


def resolve(iri: str, base: str = DEFAULT_BASE) -> str:
    """Accept a full IRI or the short ``id:…`` form the tables print."""
    return base + iri[3:] if iri.startswith("id:") else iri


def explain(store: Store, iri: str, data_dir: Path, base: str = DEFAULT_BASE) -> list[Excerpt]:
    resource = URIRef(resolve(iri, base))
    _, rows = store.select(QUERY, {"resource": resource})
    if not rows and not verified_at(store, iri, base):
        raise CtocError(f"no source lines are recorded for {resource}")
    texts: dict[str, tuple[list[str], str]] = {}
    out = []
    for r in rows:
        file, sha, lang = r["file"].value, r["sha"].value, r["lang"].value  # type: ignore[union-attr]
        if file not in texts:
            texts[file] = _lines(file, sha, lang, data_dir)
        lines, note = texts[file]
        first, last = int(r["first"].value), int(r["last"].value)  # type: ignore[union-attr]
        via = r["via"].value if r["via"] else ""
        excerpt = Excerpt(file, lang, first, last, via, note=note)
        excerpt.lines = [(n, lines[n - 1].strip()) for n in range(first, last + 1)
                         if n <= len(lines) and lines[n - 1].strip()]
        out.append(excerpt)
    return out


def verified_at(store: Store, iri: str, base: str = DEFAULT_BASE) -> list[str]:
    """The pages a curated fact about the resource was verified at."""
    _, rows = store.select(PAGES, {"resource": URIRef(resolve(iri, base))})
    return [r["page"].value for r in rows if r["page"] is not None]


def _lines(label: str, sha: str, lang: str, data_dir: Path) -> tuple[list[str], str]:
    for path in (data_dir / label, Path(label)):
        if path.is_file():
            src = Source(DocumentSymbol("X/1"), lang, path, label)
            text = read_source(src).text  # within the limits, checked before reading
            note = ""
            if src.digest() != sha:  # read in pieces
                note = "the file has changed since the graph was built: lines may not match"
            return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), note
    return [], f"source file not found (looked in {data_dir} and the working folder)"


def render(resource: str, excerpts: list[Excerpt], base: str = DEFAULT_BASE,
           pages: list[str] | None = None) -> str:
    out = [resolve(resource, base)]
    out += [f"  verified at {page}" for page in pages or []]
    for e in excerpts:
        via = f" (via {e.via.removeprefix(base)})" if e.via else ""
        span = f"{e.first}" if e.first == e.last else f"{e.first}-{e.last}"
        out.append(f"  {e.file} [{e.language}] lines {span}{via}")
        if e.note:
            out.append(f"    ! {e.note}")
        out += [f"    {n:>4} | {text}" for n, text in e.lines]
    return "\n".join(out) + "\n"
