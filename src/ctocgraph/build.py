"""One source through the stages before mapping: read → normalize → layout → parse, and what
decides whether a build may be written. The build itself, every source mapped and the whole
validated and stored, is :mod:`ctocgraph.fastbuild`."""

from __future__ import annotations

from functools import lru_cache

from .consistency import Inconsistency
from .errors import ManifestError
from .layout import layout
from .lexicon import Lexicon
from .manifest import Source
from .model import AgendaRecord, Finding
from .normalize import normalize
from .parse import parse
from .read import read_source
from .reference import Reference
from .summary import Summary
from .validate import ValidationReport


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


@lru_cache(maxsize=32)
def _lexicon(language: str, reference: Reference) -> Lexicon:
    """One compiled table per language and reference data (compiling is ~2 ms per source)."""
    return Lexicon(language, reference)


def parse_source(source: Source, reference: Reference) -> AgendaRecord:
    """Read, normalise and parse one source into its record."""
    read = read_source(source)
    record = parse_text(read.text, source, reference, read.sha256 or source.digest())
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


def current_sources(sources: list[Source]) -> tuple[list[Source], list[tuple[Source, Source]]]:
    """A revised agenda replaces the text it revises: of "X" and "X/Rev.1" in one language,
    only the latest revision is read (the two would state one session's items twice, worded
    apart), and each text it replaces is returned with it, to be reported, never dropped
    unsaid."""
    latest: dict[tuple[str, str], tuple[int, Source]] = {}
    for s in sources:
        revised, n = s.symbol.revision
        held = latest.get((revised, s.language))
        if held is None or n > held[0]:
            latest[(revised, s.language)] = (n, s)
    kept, superseded = [], []
    for s in sources:
        by = latest[(s.symbol.revision[0], s.language)][1]
        if by is s:
            kept.append(s)
        else:
            superseded.append((s, by))
    return kept, superseded
