"""Stage 3, parse: numbered lines → :class:`AgendaRecord`, driven by a language table.

The document is read as sections — header, provisional agenda, annotations (with
documentation lists and footnotes), annex with the organization of work. Every line is either
consumed by a construct or reported in ``AgendaRecord.unparsed``: nothing is silently lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .errors import ParseError, SymbolError
from .extract import Extractor, Passage
from .identifiers import DocumentSymbol, ResolutionRef
from .lexicon import Lexicon
from .manifest import Source
from .model import (
    AgendaItem,
    AgendaRecord,
    BodyRef,
    Citation,
    DocumentEntry,
    Finding,
    Footnote,
    ScheduledItem,
    Span,
    TimeSlot,
)
from .normalize import Line

_URL_RE = re.compile(r"^https?://\S+$")


@dataclass
class _ItemText:
    """Lines collected for one item while walking the annotations."""

    heading: list[Line] = field(default_factory=list)
    paragraphs: list[list[Line]] = field(default_factory=list)
    documents: list[list[Line]] = field(default_factory=list)
    markers: list[tuple[int, int]] = field(default_factory=list)  # (footnote number, line)


@dataclass
class _Row:
    slot: TimeSlot
    number: str
    lines: list[Line]


_KEY_DROPS = re.compile(r"[\s：:；;。.，,،؛]+")


def _key(text: str) -> str:
    """Comparison key for titles: no spaces, no closing punctuation, no case ("a) открытие
    совещания" in the list is "a) Открытие совещания" as a heading)."""
    return _KEY_DROPS.sub("", text).casefold()


class _Parser:
    def __init__(self, lines: list[Line], lexicon: Lexicon, source: Source, sha256: str,
                 line_count: int):
        self.lines = lines
        self.lx = lexicon
        self.source = source
        self.roles: dict[int, str] = {}  # line → what it became: the coverage report
        ref = lexicon.reference
        body_key = ref.body_for_series(source.symbol.series)
        body = BodyRef(body_key, None, True) if body_key else BodyRef(
            re.sub(r"[^a-z0-9]+", "-", source.symbol.series.lower()).strip("-"), None, False)
        self.rec = AgendaRecord(
            symbol=source.symbol, language=source.language, source_label=source.label,
            sha256=sha256, line_count=line_count, body=body,
            conference=ref.conference_of(body.key) if body.known else "cop",
        )
        self.texts: dict[str, _ItemText] = {}
        self.footnotes: list[Footnote] = []
        self.rows: list[_Row] = []

    # -- helpers --------------------------------------------------------------------------
    def find(self, severity: str, code: str, message: str, line: int | None = None) -> None:
        self.rec.findings.append(Finding(severity, code, message, line))

    def take(self, *lines: Line, role: str) -> None:
        for ln in lines:
            self.roles[ln.no] = role

    def strip_title(self, text: str) -> str:
        return self.lx.title_trailing_re.sub("", text).strip()

    def join(self, lines: list[Line]) -> str:
        return Passage.join_text(lines, self.lx.join)

    # -- sections -------------------------------------------------------------------------
    def run(self) -> AgendaRecord:
        headings = [(i, self.lx.heading(ln.text)) for i, ln in enumerate(self.lines)]
        where = {kind: i for i, kind in reversed(headings) if kind}
        if "agenda" not in where or "annotations" not in where:
            raise ParseError(
                "not an annotated provisional agenda: the headings "
                f"{sorted(self.lx.headings['agenda'])[0]!r} and "
                f"{sorted(self.lx.headings['annotations'])[0]!r} were not found",
                file=self.source.label)
        agenda_at = where["agenda"]
        annotations_at = next((i for i, k in headings if k == "annotations" and i > agenda_at), None)
        if annotations_at is None:
            raise ParseError("the annotations heading does not follow the provisional agenda",
                             file=self.source.label, line=self.lines[agenda_at].no)
        annex_at = next((i for i, k in headings if k == "annex" and i > annotations_at),
                        len(self.lines))
        self.header(self.lines[:agenda_at])
        self.take(self.lines[agenda_at], role="heading: provisional agenda")
        self.agenda_list(self.lines[agenda_at + 1 : annotations_at])
        self.take(self.lines[annotations_at], role="heading: annotations")
        self.annotations(self.lines[annotations_at + 1 : annex_at])
        self.check_annotated(annex_at)
        if annex_at < len(self.lines):
            self.annex(self.lines[annex_at:])
            self.check_scheduled()
        elif any(rx.search(ln.text) for ln in self.lines for rx in self.lx.annex_reference_res):
            raise ParseError("the document ends without the annex its annotations refer to "
                             "(truncated?)", file=self.source.label, line=self.lines[-1].no)
        else:
            self.find("warning", "no-annex", "no annex with the organization of work was found")
        self.finish()
        return self.rec

    def check_annotated(self, annex_at: int) -> None:
        """Every item is annotated; items missing at the end mean the text was cut off."""
        missing = [i for i in self.rec.items if i.number not in self.texts
                   and not any(j.parent == i.number and j.number in self.texts for j in self.rec.items)]
        if not missing:
            return
        last_seen = max((i.order for i in self.rec.items if i.number in self.texts), default=0)
        if annex_at >= len(self.lines) and all(i.order > last_seen for i in missing):
            raise ParseError(
                f"the text ends before the annotation of item {missing[0].number} (truncated?)",
                file=self.source.label, line=self.lines[-1].no)
        for item in missing:
            self.find("error", "item-not-annotated",
                      f"item {item.number} has no annotation heading", item.span.first)

    def check_scheduled(self) -> None:
        """Every item (or its sub-items) is in the organization of work."""
        scheduled = {r.number for r in self.rows}
        leaves = [i for i in self.rec.items
                  if not any(j.parent == i.number for j in self.rec.items)]
        missing = [i for i in leaves if i.number not in scheduled]
        if not missing:
            return
        if not self.rows:
            raise ParseError("the organization of work schedules no item (truncated?)",
                             file=self.source.label, line=self.lines[-1].no)
        last = max(self.rec.item(n).order for n in scheduled)  # type: ignore[union-attr]
        if all(i.order > last for i in missing):
            raise ParseError(f"the organization of work ends before item {missing[0].number} "
                             "(truncated?)", file=self.source.label, line=self.lines[-1].no)
        for item in missing:
            self.find("warning", "item-not-scheduled",
                      f"item {item.number} is not in the organization of work", item.span.first)

    def header(self, lines: list[Line]) -> None:
        ref = self.lx.reference
        for ln in lines:
            if ln.is_break:
                continue
            kind = self.lx.heading(ln.text)
            if kind == "annotated_agenda":
                self.rec.title = ln.text
                self.take(ln, role="heading: annotated provisional agenda")
                continue
            if self.lx.is_boilerplate(ln.text):
                self.take(ln, role="header: boilerplate")
                continue
            compact = re.sub(r"\s+", "", ln.text)
            try:
                sym = DocumentSymbol.parse(compact)
            except SymbolError:
                sym = None
            if sym is not None:
                self.take(ln, role="header: document symbol")
                if sym != self.source.symbol:
                    self.find("error", "symbol-mismatch",
                              f"the header names {sym} but the source is {self.source.symbol}", ln.no)
                continue
            m = next((m for rx in self.lx.header_res for m in [rx.match(ln.text)] if m), None)
            if m and self.rec.start_date is None:
                try:
                    self.rec.start_date, self.rec.end_date = self.lx.date_range(m.group("dates"))
                except ValueError as exc:
                    raise ParseError(f"impossible date in the header: {exc}",
                                     file=self.source.label, line=ln.no) from exc
                venue = m.group("venue").strip()
                self.rec.venue_name = venue
                self.rec.venue = ref.place_key(venue, self.lx.language)
                if self.rec.venue is None:
                    self.find("warning", "unknown-place", f"venue not in reference data: {venue}",
                              ln.no)
                self.rec.header_span = Span(ln.no, ln.no)
                self.take(ln, role="header: dates and venue")
                continue
            if self.rec.body.name is None and self.rec.start_date is None:
                key = ref.body_key(ln.text, self.lx.language)
                self.rec.body.name = ln.text
                if key is None:
                    self.find("warning", "unknown-body",
                              f"body not in reference data: {ln.text!r} (kept as {self.rec.body.key})",
                              ln.no)
                elif not self.rec.body.known:
                    self.rec.body = BodyRef(key, ln.text, True)
                    self.rec.conference = ref.conference_of(key)
                elif key != self.rec.body.key:
                    self.find("warning", "body-mismatch",
                              f"header names {key} but symbol series {self.source.symbol.series} "
                              f"is {self.rec.body.key}", ln.no)
                self.take(ln, role="header: body")
                continue
        if not self.rec.body.known and self.rec.body.name is None:
            self.find("warning", "unknown-body",
                      f"no known body for series {self.source.symbol.series}; kept as "
                      f"{self.rec.body.key}")

    def agenda_list(self, lines: list[Line]) -> None:
        current: AgendaItem | None = None
        top: AgendaItem | None = None
        title_lines: list[Line] = []
        order = 0

        def close() -> None:
            if current is not None and title_lines:
                current.title = self.strip_title(self.join(title_lines))
                current.span = Span(title_lines[0].no, title_lines[-1].no)

        for ln in lines:
            if ln.is_break:
                continue
            m_item = self.lx.item_re.match(ln.text)
            m_sub = self.lx.sub_item_re.match(ln.text)
            if m_item:
                number = self.lx.item_number(m_item.group("number"))
                if self.rec.item(number):
                    raise ParseError(f"duplicate agenda item number {number}",
                                     file=self.source.label, line=ln.no)
                expected = sum(1 for i in self.rec.items if i.parent is None) + 1
                if int(number) != expected:
                    self.find("warning", "item-numbering",
                              f"item {number} follows item {expected - 1}", ln.no)
                close()
                order += 1
                current = top = AgendaItem(number, order, "", Span(ln.no, ln.no))
                self.rec.items.append(current)
                title_lines = [Line(ln.no, m_item.group("title"))]
            elif m_sub and top is not None:
                number = f"{top.number}({self.lx.letter(m_sub.group('letter'))})"
                if self.rec.item(number):
                    raise ParseError(f"duplicate agenda sub-item {number}",
                                     file=self.source.label, line=ln.no)
                close()
                order += 1
                current = AgendaItem(number, order, "", Span(ln.no, ln.no), parent=top.number)
                self.rec.items.append(current)
                title_lines = [Line(ln.no, m_sub.group("title"))]
            elif current is not None and not self.lx.paragraph_end_re.search(title_lines[-1].text) \
                    and not title_lines[-1].text.endswith(("：", ":")):
                title_lines.append(ln)
            else:
                continue  # left for the unparsed report
            self.take(ln, role=f"agenda: item {current.number} title")
        close()
        if not self.rec.items:
            raise ParseError("the provisional agenda lists no items", file=self.source.label)

    def annotations(self, lines: list[Line]) -> None:
        items = {i.number: i for i in self.rec.items}
        order = [i.number for i in self.rec.items]
        current: str | None = None
        top: str | None = None
        mode = "text"  # "heading" | "text" | "documentation" | "footnotes"
        previous_mode = "text"
        para: list[Line] = []

        def flush() -> None:
            nonlocal para
            if para and current is not None:
                bucket = self.texts[current]
                (bucket.documents if mode == "documentation" else bucket.paragraphs).append(para)
            para = []

        def heading_for(ln: Line) -> str | None:
            """The item number this line opens, if it is the heading of a later item."""
            m = self.lx.item_re.match(ln.text)
            number = None
            if m:
                number = self.lx.item_number(m.group("number"))
            else:
                m = self.lx.sub_item_re.match(ln.text)
                if m and top is not None:
                    number = f"{top}({self.lx.letter(m.group('letter'))})"
            if number not in items or number in self.texts:
                return None
            if current is not None and order.index(number) < order.index(current):
                return None
            return number

        for ln in lines:
            if mode == "footnotes":
                if ln.is_break:
                    continue
                fm = self.lx.footnote_re.match(ln.text)
                if fm:
                    self.footnotes.append(Footnote(int(fm.group("number")), fm.group("text"),
                                                   Span(ln.no, ln.no)))
                    self.take(ln, role=f"footnote {self.footnotes[-1].number}")
                    continue
                if _URL_RE.match(ln.text) and self.footnotes:
                    self.footnotes[-1].links.append(ln.text)
                    self.footnotes[-1].span |= Span(ln.no, ln.no)
                    self.take(ln, role=f"footnote {self.footnotes[-1].number} link")
                    continue
                last = self.footnotes[-1] if self.footnotes else None
                if last and not self.lx.paragraph_end_re.search(last.text) and \
                        not self.lx.heading(ln.text) and heading_for(ln) is None:
                    last.text = self.join([Line(0, last.text), ln])
                    last.span |= Span(ln.no, ln.no)
                    self.take(ln, role=f"footnote {last.number}")
                    continue
                mode = previous_mode
            if self.lx.footnote_rule_re.match(ln.text):
                flush()
                previous_mode, mode = (mode if mode != "heading" else "text"), "footnotes"
                self.take(ln, role="footnote rule")
                continue
            number = heading_for(ln)
            if number is not None:
                flush()
                current = number
                if items[number].parent is None:
                    top = number
                self.texts[number] = _ItemText(heading=[ln])
                self.take(ln, role=f"annotations: item {number} heading")
                mode = "heading"
                continue
            if mode == "heading" and current is not None:
                heading = self.texts[current].heading
                title_so_far = self.heading_title(heading)
                if not ln.is_break and len(_key(title_so_far)) < len(_key(items[current].title)) \
                        and not self.lx.heading(ln.text):
                    heading.append(ln)
                    self.take(ln, role=f"annotations: item {current} heading")
                    continue
                mode = "text"
            if ln.is_break:
                flush()
                continue
            if self.lx.heading(ln.text) == "documentation":
                flush()
                mode = "documentation"
                self.take(ln, role="heading: documentation")
                continue
            if current is None:
                continue  # text before the first item heading: reported as unparsed
            part = "documentation" if mode == "documentation" else "text"
            self.take(ln, role=f"annotations: item {current} {part}")
            marker = self.lx.footnote_marker_re.search(ln.text)
            if marker:  # "刑事犯罪。1", "Protocol.1": the marker ends its sentence
                self.texts[current].markers.append((int(marker.group("number")), ln.no))
                ln = Line(ln.no, ln.text[: marker.start()] + ln.text[marker.end():])
            para.append(ln)
            ends = self.lx.paragraph_end_re.search(ln.text)
            if mode == "documentation":
                ends = ends or self.lx.document_entry_re.match(self.join(para))
            if ends:
                flush()
        flush()

    def heading_title(self, lines: list[Line]) -> str:
        first = lines[0].text
        m = self.lx.item_re.match(first) or self.lx.sub_item_re.match(first)
        rest = [Line(lines[0].no, m.group("title") if m else first), *lines[1:]]
        return self.strip_title(self.join(rest))

    def annex(self, lines: list[Line]) -> None:
        year = self.rec.start_date.year if self.rec.start_date else None
        current_date: dt.date | None = None
        slot: TimeSlot | None = None
        for ln in lines:
            if ln.is_break:
                continue
            kind = self.lx.heading(ln.text)
            if kind in ("annex", "organization_of_work", "schedule_header"):
                self.take(ln, role="annex: heading")
                continue
            dm = self.lx.day_heading_re.match(ln.text)
            if dm:
                if year is None:
                    raise ParseError("the annex has dates but the header gave no year",
                                     file=self.source.label, line=ln.no)
                try:
                    current_date = dt.date(year, self.lx.month(dm.group("month")),
                                           int(dm.group("day")))
                except ValueError as exc:
                    raise ParseError(f"impossible date in the annex: {ln.text!r} ({exc})",
                                     file=self.source.label, line=ln.no) from exc
                self.check_weekday(current_date, dm.group("weekday"), ln.no)
                slot = None
                self.take(ln, role="annex: day")
                continue
            rm = self.lx.schedule_row_re.match(ln.text)
            number = None
            if rm:
                number = self.lx.item_number(rm.group("number")) + (
                    f"({self.lx.letter(rm.group('letter'))})" if rm.group("letter") else "")
                if self.rec.item(number) is None and rm.group("time") is None:
                    number = None  # a title line that happens to start with digits
            if rm and number is not None:
                if self.rec.item(number) is None:
                    raise ParseError(f"the organization of work schedules item {number}, "
                                     "which is not on the agenda", file=self.source.label, line=ln.no)
                if rm.group("time"):
                    if current_date is None:
                        raise ParseError("a time slot comes before any date",
                                         file=self.source.label, line=ln.no)
                    try:
                        start, end = self.lx.time_range(rm.group("time"))
                    except ValueError as exc:
                        raise ParseError(f"impossible time in the annex: {exc}",
                                         file=self.source.label, line=ln.no) from exc
                    slot = TimeSlot(current_date, dt.time(start.hour % 24, start.minute),
                                    dt.time(end.hour % 24, end.minute), Span(ln.no, ln.no))
                    self.rec.slots.append(slot)
                if slot is None:
                    raise ParseError(f"item {number} is scheduled without a time",
                                     file=self.source.label, line=ln.no)
                self.rows.append(_Row(slot, number, [Line(ln.no, rm.group("title") or "")]))
                slot.span |= Span(ln.no, ln.no)
                self.take(ln, role=f"annex: time slot, item {number}")
                continue
            if self.rows and self.rows[-1].slot is slot:
                self.rows[-1].lines.append(ln)
                slot.span |= Span(ln.no, ln.no)
                self.take(ln, role=f"annex: time slot, item {self.rows[-1].number}")

    def check_weekday(self, date: dt.date, weekday: str | None, line: int) -> None:
        if not weekday:
            return
        if self.lx.weekday(weekday) != date.isoweekday():
            self.find("error", "weekday-mismatch",
                      f"{weekday} does not agree with {date.isoformat()} "
                      f"(a {date.strftime('%A')})", line)

    # -- facts from the collected text ------------------------------------------------------
    def finish(self) -> None:
        ex = Extractor(self.lx, self.rec.conference, self.rec.body.key)
        last_act: ResolutionRef | None = None
        for number, text in self.texts.items():
            item = self.rec.item(number)
            assert item is not None
            self.item_facts(ex, item, text, last_act)
            acts = [c.target for c in item.citations
                    if isinstance(c.target, ResolutionRef) and c.target.kind == "resolution"]
            last_act = acts[-1] if acts else last_act
        self.schedule_facts()
        unused = [f for f in self.footnotes if not any(f in i.footnotes for i in self.rec.items)]
        for f in unused:
            self.find("warning", "footnote-unreferenced",
                      f"footnote {f.number} is not referenced from any item", f.span.first)
        for ln in self.lines:
            if not ln.is_break and ln.no not in self.roles:
                self.rec.unparsed.append((ln.no, ln.text))
        self.rec.coverage = dict(sorted(self.roles.items()))
        if self.rec.ordinal is None:
            raise ParseError("the session's ordinal was not found (expected an opening sentence "
                             "such as the one under item 1(a))", file=self.source.label)
        if self.rec.start_date is None:
            raise ParseError("the header gives no dates of the session", file=self.source.label)

    def item_facts(self, ex: Extractor, item: AgendaItem, text: _ItemText,
                   last_act: ResolutionRef | None) -> None:
        heading = self.heading_title(text.heading)
        if _key(heading) != _key(item.title):
            item.title_variants.append((heading, Span(text.heading[0].no, text.heading[-1].no),
                                        "annotations"))
            self.find("warning", "title-differs",
                      f"item {item.number}: the annotation heading reads {heading!r}, "
                      f"the agenda {item.title!r}", text.heading[0].no)
        paragraphs = []
        instrument: str | None = None
        for para in text.paragraphs:
            paragraphs.append(Passage.join(para, self.lx.join))
        for passage in paragraphs:
            try:
                instrument, last_act = self.passage_facts(ex, item, passage, instrument, last_act)
            except ValueError as exc:  # an impossible date or number inside the text
                raise ParseError(f"item {item.number}: {exc}", file=self.source.label,
                                 line=passage.whole.first) from exc
        self.item_annotation(ex, item, text, paragraphs, instrument)

    def passage_facts(self, ex: Extractor, item: AgendaItem, passage: Passage,
                      instrument: str | None, last_act: ResolutionRef | None,
                      ) -> tuple[str | None, ResolutionRef | None]:
        cites = ex.citations(passage, instrument)
        instruments = [c.target for c in cites if isinstance(c.target, str)]
        instrument = instruments[-1] if instruments else instrument
        item.citations += cites
        mandates, last_act = ex.mandates(passage, last_act, instrument)
        item.mandates += mandates
        for d in ex.decisions(passage):
            d.item = item.number
            self.rec.decisions.append(d)
        opening = ex.opening(passage)  # every one is read: an impossible date is an error
        if opening and self.rec.ordinal is None:
            ordinal, date, weekday, time, span = opening
            self.rec.ordinal = ordinal
            self.rec.opening = dt.datetime.combine(date, time)
            self.rec.opening_span = span
            self.check_weekday(date, weekday, span.first)
        plenary = ex.plenary(passage)
        if plenary and self.rec.plenary_meetings is None:
            self.rec.plenary_meetings, self.rec.interpretation_languages = plenary
        return instrument, last_act

    def item_annotation(self, ex: Extractor, item: AgendaItem, text: _ItemText,
                        paragraphs: list[Passage], instrument: str | None) -> None:
        if paragraphs:
            item.annotation = "\n".join(p.text for p in paragraphs)
            item.annotation_span = paragraphs[0].whole | paragraphs[-1].whole
        for number, line in text.markers:
            note = next((f for f in self.footnotes if f.number == number), None)
            if note is None:
                self.find("warning", "footnote-missing", f"footnote {number} is not in the text",
                          line)
                continue
            item.footnotes.append(note)
            fp = Passage(note.text, [0], [note.span.first])
            item.citations += ex.citations(fp, instrument)
            for link in note.links:
                tail = link.split("undocs.org/", 1)[-1] if "undocs.org/" in link else ""
                try:
                    self.rec.links[DocumentSymbol.parse(tail).value] = link
                except SymbolError:
                    continue
        for entry in text.documents:
            self.document_entry(ex, item, entry)

    def document_entry(self, ex: Extractor, item: AgendaItem, lines: list[Line]) -> None:
        passage = Passage.join(lines, self.lx.join)
        m = self.lx.document_entry_re.match(passage.text)
        bad = re.search(r"[（(]\s*([A-Za-z][^（）()\s]*/[^（）()]*?)\s*[)）]\s*[。.]?$", passage.text)
        if not m and bad:
            raise ParseError(f"item {item.number}: malformed document symbol {bad.group(1)!r}",
                             file=self.source.label, line=passage.span(bad.start(1)).first)
        if not m:
            self.find("error", "document-unrecognised",
                      f"item {item.number}: documentation entry without a document symbol",
                      lines[0].no)
            for ln in lines:
                self.roles.pop(ln.no, None)
            return
        symbol = DocumentSymbol.parse(m.group("symbol"))
        text = m.group("text").strip()
        prepared_by, pursuant = None, []
        title = text
        for rx in self.lx.prepared_res:
            pm = rx.match(text)
            if pm:
                gd = pm.groupdict()
                prepared_by = self.lx.reference.body_key(gd["by"], self.lx.language)
                title = "".join(gd.get(k) or "" for k in ("title1", "title", "title2"))
                if gd.get("pursuant"):
                    pursuant = [c for c in ex.citations(Passage(gd["pursuant"], [0], [lines[0].no]))
                                if isinstance(c.target, ResolutionRef)]
                break
        entry = DocumentEntry(symbol, self.strip_title(title), passage.whole, prepared_by,
                              pursuant)
        item.documents.append(entry)
        item.citations += [Citation(c.target, c.text, passage.span(), c.title) for c in pursuant]

    def schedule_facts(self) -> None:
        for row in self.rows:
            title = self.join(row.lines)
            continued = bool(self.lx.continued_re.search(title))
            title = self.strip_title(self.lx.continued_re.sub("", title))
            span = Span(row.lines[0].no, row.lines[-1].no)
            row.slot.items.append(ScheduledItem(row.number, continued, title, span))
            item = self.rec.item(row.number)
            assert item is not None
            if title and _key(title) != _key(item.title):
                reported = any(v[0] == title and v[2] == "annex" for v in item.title_variants)
                item.title_variants.append((title, span, "annex"))
                if reported:
                    continue  # the same wording in another row of the annex
                self.find("warning", "title-differs",
                          f"item {item.number}: the annex reads {title!r}, the agenda {item.title!r}",
                          span.first)
        if self.rec.start_date and self.rec.end_date:
            for slot in self.rec.slots:
                if not self.rec.start_date <= slot.date <= self.rec.end_date:
                    self.find("error", "slot-outside-session",
                              f"a time slot on {slot.date} is outside the session's dates",
                              slot.span.first)


def parse(lines: list[Line], lexicon: Lexicon, source: Source, sha256: str,
          line_count: int) -> AgendaRecord:
    """Parse normalised lines of one source into a record (facts, findings, unparsed lines)."""
    if not lines:
        raise ParseError("no text", file=source.label)
    return _Parser(lines, lexicon, source, sha256, line_count).run()
