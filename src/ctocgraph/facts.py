"""Facts in the collected text of an agenda: each item's annotation, documentation list and
footnotes, and the note before the agenda, read with the extractor into the record."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from .errors import ParseError, SymbolError
from .extract import Extractor
from .identifiers import SYMBOL_PATTERN, DocumentSymbol, ResolutionRef, UnresolvedAct, ascii_digits
from .model import AgendaItem, Citation, DocumentEntry, Footnote, Span
from .normalize import Line
from .parsestate import ParseState, key
from .passage import Passage


@dataclass
class ItemText:
    """Lines collected for one item while walking the annotations."""

    heading: list[Line] = field(default_factory=list)
    paragraphs: list[list[Line]] = field(default_factory=list)
    documents: list[list[Line]] = field(default_factory=list)
    markers: list[tuple[str, int]] = field(default_factory=list)  # (footnote call, line)


class FactsReader(ParseState):
    """Turns the text collected per item (and before the agenda) into citations, mandates,
    decisions, documents, the opening and the plenary meetings."""

    texts: dict[str, ItemText]
    footnotes: list[Footnote]

    def note_facts(self, ex: Extractor, paragraphs: list[list[Line]]) -> ResolutionRef | None:
        """Facts of the text before the agenda (a note by the Secretariat): they belong to
        the document, not to an item."""
        last_act: ResolutionRef | None = None
        for para in paragraphs:
            passage = Passage.join(para, self.lx.join)
            try:
                self.rec.citations += ex.citations(passage)
                mandates, last_act = ex.mandates(passage, last_act)
                self.rec.mandates += mandates
                self.rec.decisions += ex.decisions(passage)
                self.session_facts(ex, passage)
                stated = ex.agenda_ordinal(passage) if self.rec.ordinal is None else None
                if stated:
                    self.ordinal_stated(*stated)
            except ValueError as exc:
                raise ParseError(f"the note before the agenda: {exc}", file=self.source.label,
                                 line=passage.whole.first) from exc
        return last_act

    def item_facts(self, ex: Extractor, item: AgendaItem, text: ItemText,
                   last_act: ResolutionRef | None) -> ResolutionRef | None:
        heading = self.heading_title(text.heading)
        if heading and key(heading) != key(item.title):
            item.title_variants.append((heading, Span(text.heading[0].no, text.heading[-1].no),
                                        "annotations"))
            self.find("warning", "title-differs",
                      f"item {item.number}: the annotation heading reads {heading!r}, "
                      f"the agenda {item.title!r}", text.heading[0].no)
        paragraphs = [Passage.join(para, self.lx.join) for para in text.paragraphs]
        instrument: str | None = None
        for passage in paragraphs:
            try:
                instrument, last_act = self.passage_facts(ex, item, passage, instrument, last_act)
            except ValueError as exc:  # an impossible date or number inside the text
                raise ParseError(f"item {item.number}: {exc}", file=self.source.label,
                                 line=passage.whole.first) from exc
        self.item_annotation(ex, item, text, paragraphs, instrument)
        item.citations = _told_in_item(item.citations)
        acts = [c.target for c in item.citations
                if isinstance(c.target, ResolutionRef) and c.target.kind == "resolution"]
        return acts[-1] if acts else last_act

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
        self.session_facts(ex, passage)
        return instrument, last_act

    def session_facts(self, ex: Extractor, passage: Passage) -> None:
        """The opening, the ordinal, venue and dates stated in a sentence, the plenary
        meetings: the first statement of each counts, a later one must agree."""
        opening = ex.opening(passage)  # every one is read: an impossible date is an error
        if opening and self.rec.opening is None:
            ordinal, date, weekday, time, span, special = opening
            if ordinal is not None:
                self.ordinal_stated(ordinal, span, special)
            self.rec.opening = dt.datetime.combine(date, time)
            self.rec.opening_span = span
            self.check_weekday(date, weekday, span.first)
            self.opening_place(ex, passage, span)
        elif not opening:
            stated = ex.opening_ordinal(passage)
            if stated:
                self.ordinal_stated(*stated)
        held = ex.held(passage)
        if held:
            # "will be held at the Vienna International Centre from 2 to 6 May 2016": the
            # session's dates when the head gives none; its venue when the dates are the
            # head's (another meeting's dates and place are mentioned too)
            venue, start, end, span = held
            if self.rec.start_date is None:
                self.rec.start_date, self.rec.end_date = start, end
                self.rec.header_span = span
            if venue and self.rec.venue_name is None and \
                    (start, end) == (self.rec.start_date, self.rec.end_date):
                self.venue(venue, span.first)
                self.rec.venue_span = span
        where = ex.held_at(passage) if self.rec.venue_name is None else None
        if where and where[0] == (self.rec.ordinal, self.rec.special):
            self.venue(where[1], where[2].first)
            self.rec.venue_span = where[2]
        plenary = ex.plenary(passage)
        if plenary and self.rec.plenary_meetings is None:
            self.rec.plenary_meetings, self.rec.interpretation_languages = plenary

    def opening_place(self, ex: Extractor, passage: Passage, span: Span) -> None:
        """A known place named in the sentence that opens the session ("… at 9.30 a.m., in
        the plenary hall of the Vienna International Centre") is its venue, when the head
        names none."""
        if self.rec.venue_name is not None:
            return
        for s, e in ex.sentences(passage):
            sentence = passage.text[s:e]
            if passage.span(s, e).first <= span.first <= passage.span(s, e).last:
                place = self.lx.reference.place_named_in(sentence, self.lx.language)
                if place is not None:
                    self.venue(place, passage.span(s, e).first)
                    self.rec.venue_span = passage.span(s, e)
                return

    def ordinal_stated(self, ordinal: int, span: Span, special: bool = False) -> None:
        """A sentence's ordinal: the session's when the head gave none (with whether it is a
        special session); otherwise it must agree with the head's number."""
        if self.rec.ordinal is None:
            self.rec.ordinal = ordinal
            self.rec.special = special
            self.rec.ordinal_span = span
        elif self.rec.ordinal != ordinal:
            self.find("error", "ordinal-mismatch",
                      f"the text gives the session's ordinal as {ordinal} here, and as "
                      f"{self.rec.ordinal} before", span.first)

    def item_annotation(self, ex: Extractor, item: AgendaItem, text: ItemText,
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
            self.footnote_links(note)
        for entry in text.documents:
            self.document_entry(ex, item, entry)

    def footnote_links(self, note: Footnote) -> None:
        for link in note.links:
            tail = link.split("undocs.org/", 1)[-1] if "undocs.org/" in link else ""
            try:
                self.rec.links[DocumentSymbol.parse(tail).value] = link
            except SymbolError:
                continue

    def document_entry(self, ex: Extractor, item: AgendaItem, lines: list[Line]) -> None:
        passage = Passage.join(lines, self.lx.join)
        m = self.lx.document_entry_re.match(passage.text)
        cut = self.lx.entry_cut_re.search(passage.text)
        if not m and cut and lines[-1].no == self.last_line:
            # the text stops inside the entry's brackets after a whole symbol and a joining
            # mark ("… (E/CN.7/2020/13-"): the symbols it gives whole are the entry's
            m = self.lx.document_entry_re.match(passage.text[:cut.start()] + ")")
        bad = re.search(r"[（(]\s*([A-Za-z][^（）()\s]*/[^（）()]*?)\s*[)）]\s*[。.]?$", passage.text)
        if not m and bad and not _url_or_words(bad.group(1)):
            raise ParseError(f"item {item.number}: malformed document symbol {bad.group(1)!r}",
                             file=self.source.label, line=passage.span(bad.start(1)).first)
        if not m:
            self.find("error", "document-unrecognised",
                      f"item {item.number}: documentation entry without a document symbol",
                      lines[0].no)
            for ln in lines:
                self.drop(ln)
            return
        symbols = _symbols(m.group("symbol"))
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
        for symbol in symbols:  # "(A/71/1 and Corr.1)": two documents of one title
            item.documents.append(DocumentEntry(symbol, self.strip_title(title), passage.whole,
                                                prepared_by, pursuant))
        cited = {c.target for c in pursuant}
        # acts cited in a document's title ("report on the implementation of resolution 6/1")
        others = [c for _, _, c in ex.acts(passage) if c.target not in cited]
        item.citations += [Citation(c.target, c.text, passage.span(), c.title) for c in pursuant]
        item.citations += others


_PART = re.compile(rf"{SYMBOL_PATTERN.replace('/', r'/[ ]*')}|(?:Add|Corr|Rev)\.\d+")


def _symbols(text: str) -> list[DocumentSymbol]:
    """The documents a bracket lists: symbols, and parts of the one before ("Corr.1")."""
    out: list[DocumentSymbol] = []
    for m in _PART.finditer(re.sub(r"\s+", " ", text)):
        part = m.group()
        if "/" in part:
            out.append(DocumentSymbol.parse(part))
        elif out:
            out.append(DocumentSymbol.parse(f"{out[0].value}/{part}"))
    return out


def _url_or_words(text: str) -> bool:
    """A bracketed stretch with a slash that is not meant as a symbol ("N/A", "and/or", a
    link): a symbol holds a number."""
    return "://" in text or " " in text.strip() or not any(ch.isdigit() for ch in text)


def _told_in_item(cites: list[Citation]) -> list[Citation]:
    """An act cited by number alone ("… on the implementation of resolution 62/4", a
    document's title) is the act of that kind and number the same item cites with its issuer
    ("resolution 62/4 of the Commission"), when it cites exactly one; otherwise it stays a
    citation whose issuer is not told."""
    told: dict[tuple[str, str], set[ResolutionRef]] = {}
    for c in cites:
        if isinstance(c.target, ResolutionRef):
            told.setdefault((c.target.kind, ascii_digits(c.target.number)), set()).add(c.target)
    out = []
    for c in cites:
        if isinstance(c.target, UnresolvedAct):
            same = told.get((c.target.kind, c.target.number), set())
            if len(same) == 1:
                c = replace(c, target=next(iter(same)))
        out.append(c)
    return out
