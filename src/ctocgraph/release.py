"""``ctocgraph release OUTDIR --version X.Y.Z``: one folder that is the dataset of a version.

It reads the built store (its canonical N-Quads dump and its Oxigraph database), never the
sources or the parser, and writes: the graph as N-Quads, Turtle and JSON-LD; the tidy tables
as CSV and Parquet (``tabledefs``); the Frictionless data package, validated, and its codebook;
VoID and DCAT; ``CITATION.cff``; the licence statement; the data changelog against a previous
release (``datachanges``); and ``SHA256SUMS`` of every file. The folder is written beside
OUTDIR and switched into place (``outdir``): nothing that ctocgraph did not write is deleted.

The same store, version, date and options give the same bytes. The date is part of the
bytes (VoID, the citation, the package), so it is never read from the clock: ``--date``, or
else the ``SOURCE_DATE_EPOCH`` of reproducible builds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal
from rdflib.namespace import DCTERMS, XSD

from . import datachanges
from .datapackage import codebook, definitions, dumps, package, validate
from .errors import CtocError
from .identifiers import DEFAULT_BASE, ONTOLOGY
from .outdir import write_folder
from .paths import project_root
from .store import DUMP, OxigraphStore
from .tabledefs import TABLES
from .tables import Rows, csv_text, read_table, write_parquet
from .void import TITLES, Description, describe

NQ, TTL, JSONLD = "graph/ctocgraph.nq", "graph/ctocgraph.ttl", "graph/ctocgraph.jsonld"
SUMS = "SHA256SUMS"
_VERSION = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
ABSTRACT = ("A knowledge graph of the annotated provisional agendas of the Conference of the "
            "Parties to the United Nations Convention against Transnational Organized Crime and "
            "of its working groups and sister bodies: sessions, agenda items, documents, "
            "resolutions and decisions cited, mandates, decisions of the Bureau and the "
            "organization of work, each fact traceable to the lines of its source; as RDF and "
            "as tidy tables.")


class ReleaseError(CtocError):
    """A release cannot be made as asked."""


@dataclass(frozen=True)
class Options:
    version: str
    date: dt.date
    base: str = DEFAULT_BASE
    previous: Path | None = None
    url: str | None = None  # where the release will be published; default below the base
    authors: tuple[str, ...] = ("The ctocgraph authors",)
    raw: bool = False  # CSV cells as written, even those a spreadsheet would run
    ontology: Path = field(default_factory=lambda: project_root() / "ontology")

    @property
    def location(self) -> str:
        return self.url or f"{self.base.removesuffix('id/')}releases/{self.version}/"


def release_date(given: str | None, environ: dict[str, str] | None = None) -> dt.date:
    """The date of a release: ``--date``, else ``SOURCE_DATE_EPOCH`` (UTC), never the clock."""
    env = os.environ if environ is None else environ
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise ReleaseError(f"--date takes a date as YYYY-MM-DD, got {given!r}") from None
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError):
            raise ReleaseError(f"SOURCE_DATE_EPOCH is not a number of seconds: {epoch!r}") from None
    raise ReleaseError("a release needs its date: give --date YYYY-MM-DD or set SOURCE_DATE_EPOCH "
                       "(the date is part of the release's bytes, so it is not read from the clock)")


def check_version(version: str) -> str:
    if not _VERSION.fullmatch(version):
        raise ReleaseError(f"--version takes a version as X.Y.Z (e.g. 1.0.0), got {version!r}")
    return version


def previous_version(folder: Path) -> tuple[str, Path]:
    """The version of an earlier release folder and its N-Quads."""
    try:
        meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ReleaseError("--previous: no release here (no readable datapackage.json)",
                           file=folder) from None
    nq = folder / NQ
    if not nq.is_file() or not isinstance(meta.get("version"), str):
        raise ReleaseError(f"--previous: not a release (no {NQ} or no version)", file=folder)
    return meta["version"], nq


def make_release(store_path: Path, out: Path, opts: Options,
                 notice: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write the release of the store's current version to ``out``; returns rows per table."""
    check_version(opts.version)
    previous = previous_version(opts.previous) if opts.previous is not None else None
    if previous is not None and previous[0] == opts.version:
        raise ReleaseError(f"--previous is version {opts.version} too; give the new release "
                           "another version")
    store = OxigraphStore(store_path)
    try:
        dump = (store.version or store_path) / DUMP  # the version the store holds open
        if not dump.is_file():
            raise ReleaseError(f"no dataset at {dump}; run `ctocgraph build` first")
        counts: dict[str, int] = {}

        def fill(root: Path) -> None:
            counts.update(_fill(root, store, dump, opts, previous))

        write_folder(out, fill, notice)
        return counts
    finally:
        store.close()


def _fill(root: Path, store: OxigraphStore, dump: Path, opts: Options,
          previous: tuple[str, Path] | None) -> dict[str, int]:
    (root / "graph").mkdir()
    (root / "tables").mkdir()
    tables = [read_table(store, t) for t in TABLES]  # first: a value no table can hold stops it
    for rows in tables:
        (root / "tables" / f"{rows.table.name}.csv").write_text(csv_text(rows, opts.raw),
                                                               encoding="utf-8", newline="")
        write_parquet(rows, root / "tables" / f"{rows.table.name}.parquet")
    counts = {rows.table.name: len(rows) for rows in tables}
    descriptor = package(_meta(opts), definitions(opts.ontology / "ctoc.ttl"))
    (root / "datapackage.json").write_text(dumps(descriptor), encoding="utf-8")
    validate(root)
    (root / "codebook.md").write_text(codebook(descriptor, counts), encoding="utf-8")
    shutil.copyfile(dump, root / NQ)
    shutil.copyfile(opts.ontology / "context.jsonld", root / "graph" / "context.jsonld")
    context = json.loads((opts.ontology / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    _turtle(store, root / TTL, context)
    _jsonld(dump, root / JSONLD, context)
    (root / "CITATION.cff").write_text(citation(opts), encoding="utf-8")
    (root / "LICENSE.txt").write_text(_licence(opts), encoding="utf-8")
    _changes(root, dump, opts, previous)
    (root / "void.ttl").write_text(_void(store, tables, opts, previous), encoding="utf-8")
    (root / SUMS).write_text(sha256sums(root), encoding="utf-8")
    return counts


def _prefixes(context: dict[str, object]) -> dict[str, str]:
    """The context's vocabulary prefixes, in name order; not ``id:``, whose local names would
    need every ``/`` escaped (``id:session\\/wg-som\\/4``): data IRIs are written whole."""
    return {k: v for k, v in sorted(context.items())
            if isinstance(v, str) and v.endswith(("/", "#")) and k != "id"}


def _turtle(store: OxigraphStore, path: Path, context: dict[str, object]) -> None:
    """The union of the named graphs (the store's default graph) as Turtle, streamed in the
    store's index order: grouped by subject, the same for the same triples."""
    triples = (q.triple for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    ox.serialize(triples, str(path), ox.RdfFormat.TURTLE, prefixes=_prefixes(context))


def _blocks(dump: Path) -> Iterator[tuple[str, str]]:
    """(graph name, its N-Triples) for each graph of a canonical N-Quads file, in order."""
    name, lines = None, []
    with dump.open(encoding="utf-8", newline="\n") as fh:
        for line in fh:
            triple, graph, _ = line.rsplit(" ", 2)
            if graph != name and name is not None:
                yield name, "".join(lines)
                lines = []
            name = graph
            lines.append(triple + " .\n")
    if name is not None:
        yield name, "".join(lines)


def _jsonld(dump: Path, path: Path, context: dict[str, object]) -> None:
    """The dataset with its named graphs as JSON-LD compacted with ``context.jsonld``: each
    named graph compacted by rdflib on its own (memory for one source at a time), its nodes
    in IRI order."""
    from rdflib import Graph

    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"@context": ' + json.dumps(context, ensure_ascii=False, sort_keys=True)
                 + ', "@graph": [')
        for i, (name, ntriples) in enumerate(_blocks(dump)):
            g = Graph().parse(data=ntriples, format="nt")
            doc = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
            nodes = doc.get("@graph", [doc])
            for node in nodes:
                node.pop("@context", None)
            nodes.sort(key=lambda n: n.get("@id", ""))
            fh.write(("," if i else "") + "\n" + json.dumps(
                {"@id": name[1:-1], "@graph": nodes}, ensure_ascii=False, sort_keys=True))
        fh.write("\n]}\n")


def _meta(opts: Options) -> dict[str, object]:
    return {
        "name": "ctocgraph",
        "title": TITLES["en"],
        "version": opts.version,
        "created": f"{opts.date.isoformat()}T00:00:00Z",
        "description": ABSTRACT,
        "homepage": opts.location,
        "licenses": [{"name": "MIT", "path": "https://opensource.org/license/mit",
                      "title": "MIT License"}],
        "sources": [{"title": "Annotated provisional agendas (each text, with its file and "
                     "SHA-256, in tables/language_versions.csv)"}],
    }


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def citation(opts: Options) -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0) of the release."""
    lines = ["cff-version: 1.2.0",
             f"message: {_yaml('If you use this dataset, please cite it as below.')}",
             "type: dataset", f"title: {_yaml(TITLES['en'])}", f"version: {_yaml(opts.version)}",
             f"date-released: {_yaml(opts.date.isoformat())}", "license: MIT", "authors:"]
    for author in opts.authors:
        family, comma, given = author.partition(",")
        if comma:
            lines += [f"  - family-names: {_yaml(family.strip())}",
                      f"    given-names: {_yaml(given.strip())}"]
        else:
            lines.append(f"  - name: {_yaml(author.strip())}")
    lines += [f"abstract: {_yaml(ABSTRACT)}", f"url: {_yaml(opts.location)}", "keywords:"]
    lines += [f"  - {_yaml(k)}" for k in ("United Nations", "UNTOC", "Conference of the Parties",
                                           "agendas", "knowledge graph", "linked data")]
    return "\n".join(lines) + "\n"


def _licence(opts: Options) -> str:
    licence = opts.ontology.parent / "LICENSE"
    text = licence.read_text(encoding="utf-8") if licence.is_file() else ""
    return ("The data of this release (the graph in graph/, the tables in tables/ and their "
            "descriptions) is made available under the MIT License, the licence of ctocgraph "
            "(https://opensource.org/license/mit), whose text follows. It was derived from the "
            "annotated provisional agendas listed in tables/language_versions.csv (the file and "
            "SHA-256 of each text); those texts are not part of this release.\n\n" + text)


def _changes(root: Path, dump: Path, opts: Options, previous: tuple[str, Path] | None) -> None:
    if previous is None:
        changes = datachanges.first(dump, opts.base)
    else:
        changes = datachanges.compare(previous[1], dump, opts.base)
        (root / "changes").mkdir()
        (root / "changes" / "added.nt").write_text("".join(changes.added), encoding="utf-8")
        (root / "changes" / "removed.nt").write_text("".join(changes.removed), encoding="utf-8")
    (root / "CHANGES.md").write_text(
        datachanges.markdown(changes, opts.version, previous[0] if previous else None),
        encoding="utf-8")


def _count(store: OxigraphStore, query: str) -> int:
    _, rows = store.select(query, {})
    return int(rows[0]["n"].value) if rows and rows[0]["n"] is not None else 0


def _void(store: OxigraphStore, tables: list[Rows], opts: Options,
          previous: tuple[str, Path] | None) -> str:
    base = json.dumps(opts.base)
    mine = f"FILTER (STRSTARTS(STR(?s), {base}))"
    _, found = store.select(f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a ?c {mine} "
                            f"FILTER (STRSTARTS(STR(?c), {json.dumps(ONTOLOGY)})) }} GROUP BY ?c", {})
    classes = {r["c"].value[len(ONTOLOGY):]: int(r["n"].value) for r in found
               if r["c"] is not None and r["n"] is not None}
    media = {".nq": "application/n-quads", ".ttl": "text/turtle", ".jsonld": "application/ld+json",
             ".csv": "text/csv", ".parquet": "application/vnd.apache.parquet"}
    files = [(opts.location + f, media[Path(f).suffix]) for f in (NQ, TTL, JSONLD)]
    files += [(opts.location + f"tables/{rows.table.name}{ext}", media[ext])
              for rows in tables for ext in (".csv", ".parquet")]
    versions = next(r for r in tables if r.table.name == "language_versions").columns
    sources = list(zip(versions["version"], versions["source_file"], versions["sha256"], strict=True))
    dataset = opts.base + "dataset"
    g = describe(Description(
        f"{dataset}/{opts.version}", opts.base,
        _count(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"),
        _count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p ?o {mine} }}"),
        dict(sorted(classes.items())), files, sources,
        (DCTERMS.issued, Literal(opts.date.isoformat(), datatype=XSD.date)),
        version=opts.version, dataset=dataset,
        previous=f"{dataset}/{previous[0]}" if previous else None))
    return g.serialize(format="turtle")


def sha256sums(root: Path) -> str:
    """``sha256sum -c`` input for every file of the folder but this list, in path order."""
    lines = []
    for rel in sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()):
        if rel == SUMS:
            continue
        path = root / rel
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
        lines.append(f"{digest.hexdigest()}  {rel}\n")
    return "".join(lines)
