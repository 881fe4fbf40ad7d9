"""Stage 3, parse: lines → :class:`AgendaRecord`, driven by a language table.

The document is read as parts — the head, the provisional agenda, the annotations (with
documentation lists), the annex with the organization of work, and footnote blocks wherever
pages end — each by its own reader (``header``, ``agendalist``, ``annotations``, ``annex``,
``footnotes``; ``facts`` reads what they collect). A text may stop anywhere or lack a part:
it gives what it states, and the record says what is missing (``AgendaRecord.missing``).
Every line is either consumed by a construct or reported in ``AgendaRecord.unparsed``:
nothing is silently lost.
"""

from __future__ import annotations

import re

from .agendalist import AgendaListReader
from .annex import AnnexReader, Row
from .annotations import AnnotationsReader
from .errors import ParseError
from .extract import Extractor
from .facts import FactsReader, ItemText
from .footnotes import FootnoteReader, note_passage
from .header import HeadReader
from .identifiers import ResolutionRef
from .lexicon import Lexicon
from .manifest import Source
from .missing import account
from .model import AgendaRecord, BodyRef, Footnote
from .normalize import Line
from .passage import Passage


def series_key(series: str) -> str:
    """The key of a body the reference data does not know: its symbol series, lower-cased."""
    return re.sub(r"[^a-z0-9]+", "-", series.lower()).strip("-")


class _Parser(HeadReader, FootnoteReader, AgendaListReader, AnnotationsReader, FactsReader,
              AnnexReader):
    """One reader of each part over one state: the parts in the order a document gives them."""

    def __init__(self, lines: list[Line], lexicon: Lexicon, source: Source, sha256: str,
                 line_count: int, removed: dict[int, list[str]]):
        ref = lexicon.reference
        series = source.symbol.series
        known = ref.body_for_series(series)
        body = BodyRef(known, None, True) if known else BodyRef(series_key(series), None, False)
        record = AgendaRecord(symbol=source.symbol, language=source.language,
                              source_label=source.label, sha256=sha256, line_count=line_count,
                              body=body, conference="")
        super().__init__(lines, lexicon, source, record)
        self.removed = removed
        self.texts: dict[str, ItemText] = {}
        self.footnotes: list[Footnote] = []
        self.rows: list[Row] = []
        self.note: list[list[Line]] = []
        self.parts: dict[str, int | None] = {}

    # -- the parts ----------------------------------------------------------------------------
    def run(self) -> AgendaRecord:
        stream = self.footnote_blocks()
        kinds = [None if ln.is_break else self.lx.heading(ln.text) for ln in stream]
        agenda_at = self.agenda_heading(stream, kinds)
        after = agenda_at if agenda_at is not None else len(stream)
        # after the list, a title's wording heads the annotations too ("三. 临时议程说明":
        # III. Annotations to the provisional agenda, worded as the document's title)
        annotations_at = next((i for i in range(after + 1, len(stream))
                               if kinds[i] == "annotations" or
                               (agenda_at is not None and kinds[i] == "annotated_agenda")), None)
        if agenda_at is None:  # an addendum whose annotations alone state the agenda
            annotations_at = self.listless_annotations(stream, kinds)
            after = annotations_at if annotations_at is not None else after
        annex_at = next((i for i in range((annotations_at or after) + 1, len(stream))
                         if kinds[i] in ("annex", "organization_of_work")), None)
        self.parts = {"agenda": agenda_at, "annotations": annotations_at, "annex": annex_at}
        self.note = self.head(stream[:after])
        if agenda_at is None:
            if not self.rec.items:
                self.not_an_agenda(stream)
        else:
            end = annotations_at or annex_at or len(stream)
            self.take(stream[agenda_at], role="heading: provisional agenda")
            self.agenda_list(stream[agenda_at + 1:end])
        if annotations_at is not None:
            self.take(stream[annotations_at], role="heading: annotations")
            self.annotations(stream[annotations_at + 1:annex_at or len(stream)])
        if annex_at is not None:
            self.annex(stream[annex_at:])
        self.finish()
        account(self)
        return self.rec

    def not_an_agenda(self, stream: list[Line]) -> None:
        """No provisional agenda: a head that stops early is a partial agenda; a text whose
        head names no session, or that goes on with text of another kind, is refused."""
        stated = self.rec.ordinal or self.rec.start_date or self.rec.body.name or self.rec.title \
            or any("document symbol" in role for role in self.roles.values())
        unread = [ln for ln in stream if not ln.is_break and not self.taken(ln)]
        if stated and len(unread) <= 3:
            return
        first = unread[0] if unread else next((ln for ln in stream if not ln.is_break), None)
        wordings = ", ".join(f"“{self.lx.heading_wording(k)}”"
                             for k in ("agenda", "annotated_agenda", "annotations"))
        raise ParseError(f"not an annotated provisional agenda: none of its headings ({wordings}, "
                         "or another wording of the language table) was found"
                         + (f"; the text reads {first.text[:60]!r}" if first else ""),
                         file=self.source.label, line=first.no if first else None)

    # -- facts ------------------------------------------------------------------------------------
    def finish(self) -> None:
        context = self.lx.reference.context(self.rec.body.key, self.source.symbol.series)
        self.rec.conference = context.get("conference", "")
        ex = Extractor(self.lx, self.rec.conference, self.rec.body.key, context)
        last_act: ResolutionRef | None = self.note_facts(ex, self.note)
        for note in self.footnotes:
            if note.number.strip("*") == "":
                self.rec.notes.append(note)
                self.rec.citations += ex.citations(note_passage(note))
                self.footnote_links(note)
        for item in self.rec.items:  # an item's title may cite an act ("… in line with
            # General Assembly resolution 68/1")
            title = Passage(item.title, [0], [item.span.first])
            item.citations += [c for _, _, c in ex.acts(title)]
        for number, text in self.texts.items():
            found = self.rec.item(number)
            assert found is not None
            item = found
            last_act = self.item_facts(ex, item, text, last_act)
        self.schedule_facts()
        used = {id(f) for i in self.rec.items for f in i.footnotes} | {id(f) for f in self.rec.notes}
        for f in self.footnotes:
            if id(f) not in used:
                self.find("warning", "footnote-unreferenced",
                          f"footnote {f.number} is not referenced from any item", f.span.first)
        self.coverage()

    def coverage(self) -> None:
        """What every line became, and the lines no part took (``unparsed``)."""
        by_line: dict[int, list[str]] = {no: list(roles) for no, roles in self.removed.items()}
        for ln in self.lines:
            if ln.is_break:
                continue
            role = self.roles.get((ln.no, ln.col))
            if role is None:
                self.rec.unparsed.append((ln.no, ln.text))
            else:
                by_line.setdefault(ln.no, []).append(role)
        self.rec.unparsed.sort(key=lambda u: u[0])
        self.rec.coverage = {no: "; ".join(dict.fromkeys(roles))
                             for no, roles in sorted(by_line.items())}


def parse(lines: list[Line], lexicon: Lexicon, source: Source, sha256: str,
          line_count: int, removed: dict[int, list[str]] | None = None) -> AgendaRecord:
    """Parse normalised lines of one source into a record (facts, findings, unparsed lines,
    and what a partial text does not give)."""
    if not any(not ln.is_break for ln in lines) and not removed:
        raise ParseError("no text", file=source.label)
    return _Parser(lines, lexicon, source, sha256, line_count, removed or {}).run()
