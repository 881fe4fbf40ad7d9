"""The pipeline: sources → read → normalize → parse → map → validate → (write, store).

A build either produces a conforming dataset that is written atomically and loaded into the
store, or it writes nothing and says why.
"""

from __future__ import annotations

import gc
import os
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import BinaryIO

from rdflib import RDF, Dataset, Graph, URIRef

from .consistency import Inconsistency, check
from .errors import ManifestError, naming
from .identifiers import DEFAULT_BASE, ONTOLOGY, Iris
from .layout import layout
from .lexicon import Lexicon
from .manifest import Source
from .mapping import PREFIXES, reference_to_rdf, to_rdf
from .model import AgendaRecord, Finding
from .normalize import normalize
from .parse import parse
from .progress import step, track
from .read import read_source
from .reference import Reference
from .serialize import format_for, serialize
from .summary import Summary
from .validate import ValidationReport, validate


def acceptable(validation: ValidationReport, inconsistencies: list[Inconsistency],
               summaries: list[Summary], strict: bool) -> bool:
    """May a build be written? It must conform; with ``strict``, also be fully understood,
    without errors, and agree across language versions."""
    if not validation.conforms:
        return False
    if strict:
        return not inconsistencies and not any(s.unparsed or s.errors or s.missing
                                               for s in summaries)
    return True


@dataclass
class BuildResult:
    """What a build produced. ``graphs`` holds one graph per source (and the reference data);
    ``dataset`` joins them into one rdflib Dataset, made on first use, because copying every
    triple into a context-aware store costs more than mapping them did."""

    records: list[AgendaRecord]
    graphs: dict[str, Graph]
    validation: ValidationReport
    inconsistencies: list[Inconsistency] = field(default_factory=list)

    @cached_property
    def dataset(self) -> Dataset:
        ds = Dataset()
        for prefix, ns in PREFIXES.items():
            ds.bind(prefix, ns, replace=True)
        for name in sorted(self.graphs):
            target = ds.graph(self.graphs[name].identifier)
            for t in self.graphs[name]:
                target.add(t)
        return ds

    @property
    def triples(self) -> int:
        return sum(len(g) for g in self.graphs.values())

    @property
    def graph_count(self) -> int:
        return len(self.graphs)

    @property
    def cites(self) -> int:
        """Statements of ctoc:cites, counted per graph (as the triples are)."""
        return sum(1 for g in self.graphs.values() for _ in g.triples((None, CITES, None)))

    def class_count(self, cls: str) -> int:
        """Distinct resources of a ctoc: class across all graphs."""
        subjects = set()
        for g in self.graphs.values():
            subjects.update(g.subjects(RDF.type, URIRef(ONTOLOGY + cls)))
        return len(subjects)

    @cached_property
    def summaries(self) -> list[Summary]:
        return [Summary.of(r) for r in self.records]

    def ok(self, strict: bool = False) -> bool:
        return acceptable(self.validation, self.inconsistencies, self.summaries, strict)


@lru_cache(maxsize=32)
def _lexicon(language: str, reference: Reference) -> Lexicon:
    """One compiled table per language and reference data (compiling is ~2 ms per source)."""
    return Lexicon(language, reference)


def parse_source(source: Source, reference: Reference) -> AgendaRecord:
    """Read, normalise and parse one source into its record."""
    read = read_source(source)
    record = parse_text(read.text, source, reference, source.digest())
    if read.encoding not in ("utf-8", "utf-8-sig", "pdf", "docx"):
        record.findings.insert(0, Finding("warning", "encoding",
                                          f"decoded as {read.encoding}, not UTF-8"))
    return record


def parse_text(text: str, source: Source, reference: Reference, sha256: str) -> AgendaRecord:
    """The stages after reading, for a text already read: normalise, lay out, parse."""
    lexicon = _lexicon(source.language, reference)
    laid = layout(normalize(text), lexicon, source.symbol)
    return parse(laid.lines, lexicon, source, sha256,
                 text.count("\n") + (0 if text.endswith("\n") else 1), laid.removed)


def unique_sources(sources: list[Source]) -> list[Source]:
    """One source per symbol and language: the same file twice adds nothing; two different
    files for one symbol and language are an error."""
    seen: dict[tuple[str, str], Source] = {}
    out = []
    for s in sources:
        key = (s.symbol.value, s.language)
        if key in seen:
            if seen[key].digest() != s.digest():
                raise ManifestError(f"two different sources for {s.symbol} [{s.language}]: "
                                    f"{seen[key].label} and {s.label}")
            continue
        seen[key] = s
        out.append(s)
    return out


VALIDATORS = ("sparql", "pyshacl")
CITES = URIRef(ONTOLOGY + "cites")


def validate_with(validator: str, result: BuildResult) -> ValidationReport:
    """SHACL validation of the union of the graphs: compiled to SPARQL on Oxigraph (the default,
    fast) or pyshacl (the reference implementation); both report the same violations."""
    if validator == "pyshacl":
        return validate(result.dataset)
    if validator == "sparql":
        from .shacl_sparql import store_for, validate_store

        return validate_store(store_for(list(result.graphs.values())))
    raise ManifestError(f"unknown validator {validator!r}; use one of {', '.join(VALIDATORS)}")


def build(sources: list[Source], reference: Reference, *, base: str = DEFAULT_BASE,
          validator: str = "sparql") -> BuildResult:
    """Parse, map and validate every source; one named graph per source plus the reference."""
    iris = Iris(base)
    sources = unique_sources(sources)
    records = [parse_source(s, reference) for s in track(sources, "reading sources")]
    graphs: dict[str, Graph] = {}
    ref_graph = reference_to_rdf(reference, iris)
    graphs[str(ref_graph.identifier)] = ref_graph
    for source, record in track(list(zip(sources, records, strict=True)), "mapping"):
        g = to_rdf(record, iris, reference, source.status)
        graphs[str(g.identifier)] = g
    result = BuildResult(records, graphs, ValidationReport(True), check(records))
    step("validating")
    result.validation = validate_with(validator, result)
    return result


def write_atomic(path: Path, text: str, after: Callable[[], None] | None = None) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written file.

    ``after`` runs right after the rename (the store's switch), so that the output file and
    the store change together, with nothing slow between the two renames."""
    _replace(path, lambda fh: fh.write(text.encode("utf-8")), after)


def copy_atomic(source: Path, path: Path, after: Callable[[], None] | None = None) -> None:
    """``write_atomic`` with a file's bytes (copied in the kernel where the system can)."""
    def copy(fh: BinaryIO) -> None:
        with source.open("rb") as src:
            copy_range(src.fileno(), fh.fileno(), 0, os.fstat(src.fileno()).st_size)

    _replace(path, copy, after)


def link_atomic(source: Path, path: Path, after: Callable[[], None] | None = None) -> None:
    """``copy_atomic`` by a hard link where the file system allows it: no bytes copied, and
    the file it replaces is not freed when it is itself a link to a kept file (a 1.5 GB file
    freed on a file system mounted with ``discard`` cost 1.6 s here)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.link"
    try:
        os.link(source, tmp)
    except OSError:  # another file system, or no hard links
        copy_atomic(source, path, after)
        return
    try:
        _rename(tmp, path, after)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def copy_range(src: int, dst: int, offset: int, size: int) -> None:
    """Copy ``size`` bytes from ``offset`` of one open file to the position of another, in
    the kernel where the system can (a 1.5 GB dump: 0.9 s, against 1.2 s through Python)."""
    while size:
        try:
            done = os.copy_file_range(src, dst, size, offset)
        except (AttributeError, OSError):  # not Linux, or not between these file systems
            done = os.write(dst, os.pread(src, min(size, 1 << 24), offset))
        if done == 0:
            raise OSError(f"cannot copy {size} more bytes: the file is shorter than expected")
        offset += done
        size -= done


def _replace(path: Path, write: Callable[[BinaryIO], object],
             after: Callable[[], None] | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~umask())  # mkstemp makes 0600; an output is made like any file
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        _rename(Path(tmp), path, after)
    except OSError as exc:  # a full disk: the file as it was, no temporary left
        Path(tmp).unlink(missing_ok=True)
        raise naming(exc, path) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def umask() -> int:
    """The process's umask, read without changing it where the system tells (Linux)."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _rename(tmp: Path, path: Path, after: Callable[[], None] | None) -> None:
    gc.disable()  # no collection pause between the two renames
    try:
        os.replace(tmp, path)
        if after is not None:
            after()
    finally:
        gc.enable()


def write(result: BuildResult, path: Path, after_rename: Callable[[], None] | None = None) -> None:
    write_atomic(path, serialize(result.graphs, format_for(path)), after_rename)
