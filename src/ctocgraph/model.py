"""The typed, language-neutral model between parsing and RDF.

The parser fills an :class:`AgendaRecord`; the mapping reads it. Neither side knows the
other's machinery: no rdflib here, no regular expressions in the mapping. Every element
carries the :class:`Span` of source lines it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from .identifiers import DocumentSymbol, ProvisionRef, ResolutionRef, UnresolvedAct


class Span(NamedTuple):
    """Inclusive range of 1-based source line numbers (a named tuple: made for every fact)."""

    first: int
    last: int

    def __or__(self, other: Span) -> Span:
        return Span(min(self.first, other.first), max(self.last, other.last))

    def __str__(self) -> str:
        return f"{self.first}" if self.first == self.last else f"{self.first}-{self.last}"


Target = ResolutionRef | DocumentSymbol | ProvisionRef | UnresolvedAct | str  # str: an instrument key


@dataclass(frozen=True)
class Citation:
    """A reference in the text to a resolution, document, treaty provision or instrument."""

    target: Target
    text: str
    span: Span
    title: str | None = None  # the title the text gives the cited act ("题为…的")


@dataclass
class Mandate:
    """What a resolution decides, requests or encourages, as a sentence of the annotation."""

    act: ResolutionRef
    verbs: tuple[str, ...]
    addressees: tuple[str, ...]
    text: str
    span: Span
    citations: list[Citation] = field(default_factory=list)


@dataclass
class DocumentEntry:
    """A document listed under "Documentation" for an item."""

    symbol: DocumentSymbol
    title: str
    span: Span
    prepared_by: str | None = None
    pursuant_to: list[Citation] = field(default_factory=list)


@dataclass
class Footnote:
    number: str  # "1", "2" … or "*" for the call after a heading
    text: str
    span: Span
    links: list[str] = field(default_factory=list)


@dataclass
class AgendaItem:
    """An item ("2") or sub-item ("1(a)") of the provisional agenda, with its annotation."""

    number: str
    order: int
    title: str
    span: Span
    parent: str | None = None
    title_variants: list[tuple[str, Span, str]] = field(default_factory=list)  # (title, span, where)
    annotation: str = ""
    annotation_span: Span | None = None
    citations: list[Citation] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    documents: list[DocumentEntry] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)


@dataclass
class BureauDecision:
    """A decision recorded in the annotations, e.g. the extended Bureau agreeing the agenda."""

    body: str
    date: dt.date
    by_silence: bool
    text: str
    span: Span
    item: str | None = None


@dataclass
class ScheduledItem:
    number: str
    continued: bool
    title: str
    span: Span


@dataclass
class TimeSlot:
    """A row of the proposed organization of work."""

    date: dt.date
    start: dt.time
    end: dt.time
    span: Span
    items: list[ScheduledItem] = field(default_factory=list)


@dataclass(frozen=True)
class Finding:
    """Something the parser noticed and reports: a warning never stops a default build."""

    severity: str  # "warning" | "error"
    code: str
    message: str
    line: int | None = None


@dataclass
class BodyRef:
    key: str
    name: str | None
    known: bool


@dataclass
class AgendaRecord:
    """Everything one language version of one annotated provisional agenda says."""

    symbol: DocumentSymbol
    language: str
    source_label: str
    sha256: str
    line_count: int
    body: BodyRef
    conference: str
    title: str | None = None
    ordinal: int | None = None
    # the head calls the session reconvened ("Reconvened thirty-first session"): a meeting of
    # its own, part of the session of that ordinal
    reconvened: bool = False
    # a special session ("Eleventh special session"): numbered apart from the regular ones
    special: bool = False
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    venue: str | None = None  # a place key when known
    venue_name: str | None = None
    header_span: Span | None = None
    opening: dt.datetime | None = None
    opening_span: Span | None = None
    plenary_meetings: int | None = None
    interpretation_languages: int | None = None
    ordinal_span: Span | None = None  # where the head states the ordinal
    venue_span: Span | None = None  # where a sentence states the venue, when the head does not
    body_span: Span | None = None  # where the head names the body
    items: list[AgendaItem] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)  # in text before the agenda
    mandates: list[Mandate] = field(default_factory=list)  # likewise
    notes: list[Footnote] = field(default_factory=list)  # footnotes of the document ("*")
    decisions: list[BureauDecision] = field(default_factory=list)
    slots: list[TimeSlot] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # symbol → URL given in the text
    findings: list[Finding] = field(default_factory=list)
    unparsed: list[tuple[int, str]] = field(default_factory=list)
    coverage: dict[int, str] = field(default_factory=dict)  # line → what it became
    # what a text that stops early, or whose later parts were not recognised, does not
    # give ("text ends inside the annotation of item 3: items 4-6 have no annotation");
    # empty for a whole text
    missing: list[str] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.missing)

    def item(self, number: str) -> AgendaItem | None:
        for i in self.items:  # a score of items: a loop is quicker than keeping an index
            if i.number == number:
                return i
        return None
