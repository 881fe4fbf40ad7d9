"""Stage 3, parse: lines → :class:`AgendaRecord`, driven by a language table.

The document is read as parts — the head, the provisional agenda, the annotations (with
documentation lists), the annex with the organization of work, and footnote blocks wherever
pages end. A text may stop anywhere or lack a part: it gives what it states, and the record
says what is missing (``AgendaRecord.missing``). Every line is either consumed by a
construct or reported in ``AgendaRecord.unparsed``: nothing is silently lost.
"""

from __future__ import annotations

import re

from .annex import AnnexReader, Row
from .errors import ParseError
from .extract import Extractor, Passage
from .facts import FactsReader, ItemText
from .header import HeadReader
from .identifiers import SYMBOL_PATTERN, ResolutionRef
from .lexicon import Lexicon
from .manifest import Source
from .missing import account
from .model import AgendaItem, AgendaRecord, BodyRef, Footnote, Span
from .normalize import Line
from .parsestate import key, key_end

_URL_RE = re.compile(r"https?://\S+")
_SPACED_SYMBOL = SYMBOL_PATTERN.replace("/", r"/\s*")
# the end of a documentation entry, its symbol in brackets, with another entry after it
_ENTRY_END = re.compile(rf"[(（]\s*{_SPACED_SYMBOL}[^()（）]{{0,120}}?[)）][.。]?(?=\s+\S)")
_ENTRY_ANY = re.compile(rf"[(（]\s*{_SPACED_SYMBOL}")  # a document's symbol in brackets
_LIST_PUNCTUATION = ".;:。；：)"
_INTRO_LINES = 6  # lines of text a list of items may follow its heading by
_WORD_START = re.compile(r"\s+(?=\S)")
_SENTENCE_END = re.compile(r"(?<=[.;。；])\s*(?=\S)")


def series_key(series: str) -> str:
    """The key of a body the reference data does not know: its symbol series, lower-cased."""
    return re.sub(r"[^a-z0-9]+", "-", series.lower()).strip("-")


class _Parser(HeadReader, FactsReader, AnnexReader):
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
        self.last_line = max((ln.no for ln in lines), default=0)

    # -- the parts ----------------------------------------------------------------------------
    def run(self) -> AgendaRecord:
        stream = self.footnote_blocks()
        kinds = [None if ln.is_break else self.lx.heading(ln.text) for ln in stream]
        agenda_at = self.agenda_heading(stream, kinds)
        after = agenda_at if agenda_at is not None else len(stream)
        annotations_at = next((i for i in range(after + 1, len(stream))
                               if kinds[i] == "annotations"), None)
        annex_at = next((i for i in range((annotations_at or after) + 1, len(stream))
                         if kinds[i] in ("annex", "organization_of_work")), None)
        self.parts = {"agenda": agenda_at, "annotations": annotations_at, "annex": annex_at}
        self.note = self.head(stream[:after])
        if agenda_at is None:
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

    def agenda_heading(self, stream: list[Line], kinds: list[str | None]) -> int | None:
        """The heading of the provisional agenda: the first "Provisional agenda" followed by
        item 1, else a title ("Provisional agenda and annotations") followed by item 1, else
        the first "Provisional agenda" at all (a text that stops right after it)."""
        def followed_by_item(i: int) -> bool:
            """Item 1 follows, after at most a few lines ("6. The provisional agenda … is as
            follows:") and no other heading."""
            for ln in [ln for ln in stream[i + 1:] if not ln.is_break][:_INTRO_LINES + 1]:
                m = self.lx.item_re.match(ln.text)
                if m and self.lx.item_number(m.group("number")) == "1" and m.group("title"):
                    return True
                if self.lx.heading(ln.text):
                    return False
            return False

        for wanted in ("agenda", "annotated_agenda"):
            found = next((i for i, k in enumerate(kinds) if k == wanted and followed_by_item(i)), None)
            if found is not None:
                return found
        return next((i for i, k in enumerate(kinds) if k == "agenda"), None)

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

    # -- footnotes, wherever a page ends --------------------------------------------------------
    def footnote_blocks(self) -> list[Line]:
        """Take each footnote block (a rule, then numbered or starred footnotes) out of the
        text, and return what is left: the blocks fall wherever the pages of the PDF ended."""
        out: list[Line] = []
        in_block = False
        for ln in self.lines:
            if ln.is_break:
                if not in_block:
                    out.append(ln)
                continue
            if self.lx.footnote_rule_re.match(ln.text):
                in_block = True
                self.take(ln, role="footnote rule")
                continue
            if in_block and self.footnote_line(ln):
                continue
            in_block = False
            out.append(ln)
        return out

    def footnote_line(self, ln: Line) -> bool:
        """Read a line of a footnote block; False when the block has ended."""
        fm = self.lx.footnote_re.match(ln.text)
        last = self.footnotes[-1] if self.footnotes else None
        if fm and (last is None or fm.group("number") != last.number):
            self.add_footnote(fm.group("number"), fm.group("text"), ln)
            return True
        if _URL_RE.fullmatch(ln.text) and last is not None:
            last.links.append(ln.text)
            last.span |= Span(ln.no, ln.no)
            self.take(ln, role=f"footnote {last.number} link")
            return True
        if last is not None and not self.lx.ends_paragraph(last.text) and \
                not self.lx.heading(ln.text) and not self.lx.item_re.match(ln.text) and \
                not self.lx.sub_item_re.match(ln.text):
            last.text = self.join([Line(0, last.text), ln])
            last.span |= Span(ln.no, ln.no)
            self.take(ln, role=f"footnote {last.number}")
            return True
        return False

    def add_footnote(self, number: str, text: str, ln: Line) -> None:
        """A footnote; links in its text are kept apart, and a flattened block's next
        footnote ("… 71/1. 2 Ibid.") is cut off and read as its own."""
        nxt = str(int(number) + 1) if number.isdigit() else None
        rest = None
        if nxt:
            m = re.search(rf"(?<=[.;。；])\s+{nxt}\s+(?=\S)", text)
            if m:
                text, rest = text[:m.start()], text[m.end():]
        links = _URL_RE.findall(text)
        for link in links:
            text = text.replace(link, " ")
        note = Footnote(number, re.sub(r"\s+", " ", text).strip(), Span(ln.no, ln.no), links)
        self.footnotes.append(note)
        self.take(ln, role=f"footnote {number}")
        if rest and nxt:
            self.add_footnote(nxt, rest, ln)

    # -- the provisional agenda -----------------------------------------------------------------
    def agenda_list(self, lines: list[Line]) -> None:
        self.current: AgendaItem | None = None
        self.top: AgendaItem | None = None
        self.title_lines: list[Line] = []
        queue = [ln for ln in lines if not ln.is_break]
        first = next((n for n, ln in enumerate(queue[:_INTRO_LINES + 1])
                      for m in [self.lx.item_re.match(ln.text)]
                      if m and self.lx.item_number(m.group("number")) == "1"), 0)
        if first:  # a sentence that announces the list ("6. The provisional agenda … is as
            # follows:"); other lines there are left for the report of what was not understood
            if queue[first - 1].text.rstrip().endswith((":", "：")):
                self.note.append(queue[:first])
                for ln in queue[:first]:
                    self.take(ln, role="agenda: introduction")
            queue = queue[first:]
        while queue:
            ln = queue.pop(0)
            ln, rest = self.next_in_list(ln)
            if rest is not None:
                queue.insert(0, rest)
            ln, after = self.title_end(ln)
            if after is not None:
                queue.insert(0, after)
            self.list_line(ln)
        self.close_title()

    def next_in_list(self, ln: Line) -> tuple[Line, Line | None]:
        """A line holding the next item too ("… organization of work. 2. General debate")
        in two: items and sub-items follow in order, so only the next number or letter cuts."""
        text = ln.text
        m_item, m_sub = self.lx.item_re.match(text), self.lx.sub_item_re.match(text)
        top = self.top.number if self.top else "0"
        sub_of = None
        if m_item:
            top = self.lx.item_number(m_item.group("number"))
            sub_of, letter = top, ""
        elif m_sub and self.top is not None:
            sub_of, letter = top, self.lx.letter(m_sub.group("letter"))
        elif self.current is not None and self.current.parent:
            sub_of, letter = top, self.current.number[-2]
        else:
            sub_of, letter = top, ""
        next_item = str(int(top) + 1)
        next_letter = chr(ord(letter) + 1) if letter else "a"
        for gap in _WORD_START.finditer(text):
            ws = gap.end()
            before = text[gap.start() - 1] if gap.start() else ""
            mi = self.lx.item_at_re.match(text, ws)
            if mi and self.lx.item_number(mi.group("number")) == next_item and mi.group("title"):
                return self._cut(ln, ws)
            ms = self.lx.sub_item_at_re.match(text, ws)
            if ms and sub_of and self.lx.letter(ms.group("letter")) == next_letter and \
                    before and before in _LIST_PUNCTUATION:
                return self._cut(ln, ws)
        return ln, None

    @staticmethod
    def _cut(ln: Line, at: int) -> tuple[Line, Line]:
        return Line(ln.no, ln.text[:at].rstrip(), ln.col), Line(ln.no, ln.text[at:], ln.col + at)

    def title_end(self, ln: Line) -> tuple[Line, Line | None]:
        """An item's title ends at its sentence's end: what follows on the same line ("3.
        General debate. Operational segment") is not part of it."""
        for m in _SENTENCE_END.finditer(ln.text):
            if ln.text[m.start() - 1:m.start()] in "。；":
                return self._cut(ln, m.end())
            # a full stop with no space after it ends a sentence only before a capital: in
            # "http://x.example" or "e.g" it does not
            if m.start() == m.end() and not ln.text[m.end()].isupper():
                continue
            if self.lx.ends_paragraph(ln.text[:m.start()].rstrip()):
                return self._cut(ln, m.end())
        return ln, None

    def list_line(self, ln: Line) -> None:
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
            self.open_item(AgendaItem(number, len(self.rec.items) + 1, "", Span(ln.no, ln.no)),
                           m_item.group("title") or "", ln)
            self.top = self.current
        elif m_sub and self.top is not None:
            number = f"{self.top.number}({self.lx.letter(m_sub.group('letter'))})"
            if self.rec.item(number):
                raise ParseError(f"duplicate agenda sub-item {number}",
                                 file=self.source.label, line=ln.no)
            self.open_item(AgendaItem(number, len(self.rec.items) + 1, "", Span(ln.no, ln.no),
                                      parent=self.top.number), m_sub.group("title"), ln)
        elif self.current is not None and self.continues_title(ln):
            self.title_lines.append(ln)
        else:
            return  # left for the unparsed report
        assert self.current is not None
        self.take(ln, role=f"agenda: item {self.current.number} title")

    def continues_title(self, ln: Line) -> bool:
        """A line goes on with the title before it, unless that title ended its sentence, or
        ended with a colon that announces sub-items (a line going on after a colon starts in
        lower case: "… strategies:" / "public participation, …")."""
        last = self.title_lines[-1].text
        if self.lx.ends_paragraph(last):
            return False
        if last.endswith(("：", ":")):
            return ln.text[:1].islower()
        return True

    def open_item(self, item: AgendaItem, title: str, ln: Line) -> None:
        self.close_title()
        self.current = item
        self.rec.items.append(item)
        self.title_lines = [Line(ln.no, title, ln.col)]

    def close_title(self) -> None:
        if self.current is not None and self.title_lines:
            lines = [ln for ln in self.title_lines if ln.text]
            self.current.title = self.strip_title(self.join(lines)) if lines else ""
            self.current.span = Span(self.title_lines[0].no, self.title_lines[-1].no)

    # -- the annotations -------------------------------------------------------------------------
    def annotations(self, lines: list[Line]) -> None:
        self.walk = _Walk()
        queue = list(lines)
        while queue:
            ln = queue.pop(0)
            rest = self.annotation_line(ln)
            if rest is not None:
                queue.insert(0, rest)
        self.walk.flush(self)

    def annotation_line(self, ln: Line) -> Line | None:
        """Read one line of the annotations; return the part of it that belongs to what
        follows (a heading run together with its first paragraph), to be read next."""
        w = self.walk
        opened = self.heading_for(ln)
        if opened is not None:
            number, head, rest = opened
            w.flush(self)
            w.current = number
            if self.rec.item(number).parent is None:  # type: ignore[union-attr]
                w.top = number
            self.texts[number] = ItemText(heading=[head])
            self.take(head, role=f"annotations: item {number} heading")
            w.mode = "heading" if rest is None else "text"
            return rest
        if w.mode == "heading" and w.current is not None:
            heading = self.texts[w.current].heading
            wanted = len(key(self.rec.item(w.current).title))  # type: ignore[union-attr]
            have = len(key(self.heading_title(heading)))
            if not ln.is_break and have < wanted and not self.lx.heading(ln.text):
                end = key_end(ln.text, wanted - have)
                if end is not None and ln.text[end:].strip(" .:;") and self.starts_part(ln.text[end:]):
                    head, rest = _split(ln, end)
                    heading.append(head)
                    self.take(head, role=f"annotations: item {w.current} heading")
                    w.mode = "text"
                    return rest
                heading.append(ln)
                self.take(ln, role=f"annotations: item {w.current} heading")
                return None
            w.mode = "text"
        if ln.is_break:
            # a page turn in a flattened text is a break inside a sentence: a paragraph
            # ends at a break only where its sentence has ended
            if not w.para or w.mode == "documentation" or \
                    self.lx.ends_paragraph(w.para[-1].text):
                w.flush(self)
            return None
        lead = self.lx.heading_find_re.match(ln.text)
        if lead and lead.end() < len(ln.text) and self.lx.heading(lead.group()) == "documentation" \
                and (ln.text[lead.end()].isspace() or _ENTRY_ANY.search(ln.text[lead.end():])):
            # "Documentation Progress report … (CAC/COSP/2017/6)": the heading, then an entry
            ln, rest = _split(ln, lead.end())
            w.flush(self)
            w.mode = "documentation"
            self.take(ln, role="heading: documentation")
            return rest
        if self.lx.heading(ln.text) == "documentation":
            w.flush(self)
            w.mode = "documentation"
            self.take(ln, role="heading: documentation")
            return None
        if w.current is None:
            return None  # text before the first item heading: reported as unparsed
        rest = None
        if w.mode == "documentation":
            m = _ENTRY_END.search(ln.text)
            if m:
                ln, rest = _split(ln, m.end())
        self.annotation_text(ln)
        return rest

    def annotation_text(self, ln: Line) -> None:
        w = self.walk
        assert w.current is not None
        part = "documentation" if w.mode == "documentation" else "text"
        self.take(ln, role=f"annotations: item {w.current} {part}")
        known = {f.number for f in self.footnotes}
        calls = [m for m in self.lx.footnote_marker_re.finditer(ln.text)
                 if m.group("number") in known]  # "刑事犯罪。1", "Protocol.1", "final1 of"
        self.texts[w.current].markers += [(m.group("number"), ln.no) for m in calls]
        for marker in reversed(calls):
            ln = Line(ln.no, ln.text[: marker.start()] + ln.text[marker.end():], ln.col)
        w.para.append(ln)
        ends = self.lx.ends_paragraph(ln.text)
        if w.mode == "documentation":
            ends = ends or bool(self.lx.document_entry_re.match(self.join(w.para)))
        if ends:
            w.flush(self)

    def heading_for(self, ln: Line) -> tuple[str, Line, Line | None] | None:
        """The item this line opens, if it is the heading of a later item: (number, the
        heading, the rest of the line when a paragraph runs on after the title)."""
        if ln.is_break:
            return None
        w = self.walk
        m = self.lx.item_re.match(ln.text)
        number = None
        if m:
            number = self.lx.item_number(m.group("number"))
        else:
            m = self.lx.sub_item_re.match(ln.text)
            if m and w.top is not None:
                number = f"{w.top}({self.lx.letter(m.group('letter'))})"
        item = self.rec.item(number) if number else None
        if m is None or item is None or item.number in self.texts:
            return None
        if w.current is not None and item.order < self.rec.item(w.current).order:  # type: ignore[union-attr]
            return None
        title = m.group("title") or ""
        if title and not _starts_alike(title, item.title):
            return None  # a numbered paragraph, not this item's heading
        start = m.start("title") if m.group("title") else len(ln.text)
        wanted = len(key(item.title))
        end = key_end(title, wanted)
        if end is not None and title[end:].strip(" .:;") and self.starts_part(title[end:]):
            head, rest = _split(ln, start + end)
            return item.number, head, rest
        return item.number, ln, None

    def starts_part(self, text: str) -> bool:
        """What follows a heading's title starts a paragraph or the next heading ("a)
        Ouverture …"), not the rest of a longer title."""
        stripped = text.lstrip(" .:;")
        return _starts_sentence(stripped) or bool(self.lx.sub_item_re.match(stripped))

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


class _Walk:
    """Where the walk through the annotations stands."""

    def __init__(self) -> None:
        self.current: str | None = None
        self.top: str | None = None
        self.mode = "text"  # "heading" | "text" | "documentation"
        self.para: list[Line] = []

    def flush(self, parser: _Parser) -> None:
        if self.para and self.current is not None:
            bucket = parser.texts[self.current]
            (bucket.documents if self.mode == "documentation" else bucket.paragraphs).append(self.para)
        self.para = []


def note_passage(note: Footnote) -> Passage:
    return Passage(note.text, [0], [note.span.first])


def _split(ln: Line, at: int) -> tuple[Line, Line]:
    head = Line(ln.no, ln.text[:at].rstrip(), ln.col)
    rest_text = ln.text[at:]
    stripped = rest_text.lstrip(" .:;")
    return head, Line(ln.no, stripped, ln.col + len(ln.text) - len(stripped))


def _starts_alike(text: str, title: str) -> bool:
    """Whether a line begins like an item's title (its first key characters, up to twelve):
    the annotation heading of an item may word the title a little differently."""
    a, b = key(text), key(title)
    n = min(12, len(a), len(b))
    return n == 0 or a[:n] == b[:n]


def _starts_sentence(text: str) -> bool:
    """The text after a heading's title starts a paragraph (a capital, a digit, a quotation,
    an ideograph), not the rest of a longer title."""
    stripped = text.lstrip(" .:;")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit()
                               or stripped[0] in "“«\"(（" or (not stripped[0].isascii()
                               and not stripped[0].islower()))


def parse(lines: list[Line], lexicon: Lexicon, source: Source, sha256: str,
          line_count: int, removed: dict[int, list[str]] | None = None) -> AgendaRecord:
    """Parse normalised lines of one source into a record (facts, findings, unparsed lines,
    and what a partial text does not give)."""
    if not any(not ln.is_break for ln in lines) and not removed:
        raise ParseError("no text", file=source.label)
    return _Parser(lines, lexicon, source, sha256, line_count, removed or {}).run()
