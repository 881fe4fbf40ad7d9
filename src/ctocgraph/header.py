"""The head of an agenda: symbol, body, session ordinal, dates and venue, title, and any
note before the agenda.

A head is read for its parts wherever they stand: a well-extracted text gives one part per
line, a flattened PDF one line for the whole head, a PDF's two columns interleave the body's
name with the distribution block. Each part is found by its form (the language table's
patterns, the reference data's names) and masked; what remains is the body's name, found by
its form ("Conference …", "Working Group …"), or reported as not understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .errors import ParseError, SymbolError
from .headpieces import Piece as _Piece
from .headpieces import joined as _joined
from .headpieces import mask as _mask
from .headpieces import piece_at as _piece_at
from .headpieces import runs as _runs
from .headpieces import take_spans as _take_spans
from .identifiers import DocumentSymbol
from .lexicon import Lexicon
from .model import BodyRef, Span
from .normalize import Line
from .parsestate import ParseState

_NEAR = 60  # characters after the distribution block within which its date of issue stands


@dataclass
class _Body:
    name: str
    key: str | None  # a known body's key; None for a body found by its form
    line: int


class HeadReader(ParseState):
    """Reads the lines before the provisional agenda into the record."""

    def head(self, lines: list[Line]) -> list[list[Line]]:
        """Read the head; return the paragraphs of any text between the head and the agenda
        (a note by the Secretariat), for the facts they state."""
        content = [ln for ln in lines if not ln.is_break]
        start = self._document_start(content)
        for ln in content[:start]:
            self.take(ln, role="web copy: before the document")
        block: list[Line] = []
        note: list[Line] = []
        rest = content[start:]
        wrapped: set[int] = set()  # the second line of a title wrapped over two
        for index, ln in enumerate(rest):
            if index in wrapped:
                continue
            kind = self.lx.heading(ln.text)
            if kind is None and not note and index + 1 < len(rest):
                # "Аннотированная предварительная повестка дня и предлагаемая" /
                # "организация работы*": a long title wrapped over two lines
                joined = Line(ln.no, f"{ln.text} {rest[index + 1].text}", ln.col)
                if self.lx.heading(joined.text) == "annotated_agenda":
                    wrapped.add(index + 1)
                    self.take(rest[index + 1], role="heading: annotated provisional agenda")
                    ln, kind = joined, "annotated_agenda"
            if kind == "addendum":  # "Addendum" under the title: the document is an addendum
                self.take(ln, role="heading: addendum")
                continue
            if kind == "note" or (note and kind):
                self.take(ln, role=f"heading: {'note by the Secretariat' if kind == 'note' else kind}")
                note.append(Line(ln.no, "", ln.col))  # a paragraph break
                continue
            if kind in ("annotated_agenda", "annotations") and not note:
                self.rec.title = self.rec.title or _unmarked(ln.text, self)
                self.take(ln, role="heading: annotated provisional agenda")
                note.append(Line(ln.no, "", ln.col))
                continue
            if note:
                note.append(ln)
                self.take(ln, role="note before the agenda")
            else:
                block.append(ln)
        self._block(block)
        return _paragraphs(note, self)

    def _document_start(self, lines: list[Line]) -> int:
        """Where the document begins in a web copy: at its first head line ("United
        Nations", "Distr.", its symbol); 0 when none is found (a text with no such head)."""
        for i, ln in enumerate(lines[:60]):
            if any(rx.search(ln.text) for rx in self.lx.document_start_res):
                return i
            if self.source.symbol.value in ln.text.replace(" ", ""):
                return i
        return 0

    # -- the head block ---------------------------------------------------------------------
    def _block(self, lines: list[Line]) -> None:
        """Read the head block in three passes: the parts that are not facts (the
        distribution block, the date of issue, the symbol) are taken out line by line; the
        bodies are then found in the text that is left, read on across lines (a PDF's two
        columns split a body's name around the distribution block); the ordinal, dates and
        venue in what is left after that; what still remains is a body found by its form,
        or not understood."""
        found: dict[tuple[int, int], list[str]] = {}
        free: list[_Piece] = []
        near: set[int] = set()  # lines that hold the distribution block
        after_item_line = False
        for index, ln in enumerate(lines):
            roles = found.setdefault((ln.no, ln.col), [])
            if self.lx.is_boilerplate(ln.text):
                roles.append("boilerplate")
                near.add(index)
                continue
            pieces, hit = _mask([_Piece(ln, 0, len(ln.text))], self.lx.header_tokens)
            if hit:
                roles.append("distribution block")
                near.add(index)
            block_ends = [h.end for h in hit]
            pieces = self._symbols(pieces, roles)
            if after_item_line:  # the title of the item "Item 2 of the provisional agenda" names
                roles.append("title of the item the document is before")
                after_item_line = False
                continue
            pieces, before = _mask(pieces, self.lx.before_item_res)
            if before:
                roles.append("the item the document is before")
                title = [p for p in pieces if p.start >= before[0].end]
                pieces = [p for p in pieces if p.start < before[0].end]
                if title:
                    roles.append("title of the item the document is before")
                else:
                    after_item_line = True
            if index - 1 in near or index in near or self._original_follows(lines, index):
                pieces, issued = self._issue_dates(pieces, block_ends)
                roles += ["date of issue"] * bool(issued)
            free += pieces
        bodies = self._known_bodies(free, found)
        free = [p for p in free if p.text.strip(" ,;*")]
        rest: list[_Piece] = []
        for piece in free:
            rest += self._session_parts(piece, found)
        self._named(rest, bodies, found)
        for ln in lines:
            roles = found.get((ln.no, ln.col), [])
            if roles:
                self.take(ln, role="header: " + ", ".join(dict.fromkeys(roles)))

    def _issue_dates(self, pieces: list[_Piece], block_ends: list[int]
                     ) -> tuple[list[_Piece], list[_Piece]]:
        """A single date beside the distribution block is the document's date of issue, not
        the session's: never a range of dates, never a date after a venue ("Vienna, 10 May
        2016"), and on the block's own line within a few words after it."""
        out: list[_Piece] = []
        hits: list[_Piece] = []
        for p in pieces:
            ranges = [(m.start(), m.end()) for rx in self.lx.date_range_res
                      for m in rx.finditer(p.text) if m.end() - m.start() > 0]
            at = 0
            for m in self.lx.date_re.finditer(p.text):
                if any(a <= m.start() < b and (a, b) != (m.start(), m.end()) for a, b in ranges):
                    continue
                if p.text[:m.start()].rstrip().endswith((",", "，", "،")):
                    continue
                at_line = p.start + m.start()
                if block_ends and not any(
                        end <= at_line and len(" ".join(p.line.text[end:at_line].split())) <= _NEAR
                        for end in block_ends):
                    continue
                out.append(_Piece(p.line, p.start + at, p.start + m.start()))
                hits.append(_Piece(p.line, p.start + m.start(), p.start + m.end()))
                at = m.end()
            out.append(_Piece(p.line, p.start + at, p.end))
        return [p for p in out if p.end > p.start], hits

    def _known_bodies(self, free: list[_Piece], found: dict[tuple[int, int], list[str]]
                      ) -> list[_Body]:
        """Known bodies named in the head, read across line ends; their stretches are taken
        out of ``free`` (in place)."""
        names_re = self._body_names_re()
        bodies: list[_Body] = []
        if names_re is None:
            return bodies
        text, at = _joined(free)
        taken: list[tuple[int, int]] = []
        for m in names_re.finditer(text):
            name = re.sub(r"\s+", "" if self.lx.unspaced else " ", m.group())
            key = self.lx.reference.body_key(name, self.lx.language)
            first = _piece_at(at, m.start())
            bodies.append(_Body(name, key, free[first].line.no))
            taken.append((m.start(), m.end()))
        _take_spans(free, at, taken, found, "body")
        return bodies

    def _session_parts(self, piece: _Piece, found: dict[tuple[int, int], list[str]]
                       ) -> list[_Piece]:
        """The ordinal, dates and venue in a stretch of the head; what is left of it."""
        roles = found.setdefault((piece.line.no, piece.line.col), [])
        pieces, ordinals = _mask([piece], self.lx.header_ordinal_res)
        for hit in ordinals[:1]:
            self._ordinal(hit)
            roles.append("session ordinal")
        rest = []
        for p in pieces:
            what = self._segment(p)
            tail = None if what else self._dates_at_end(p)
            if tail is not None:  # "…政府间工作组 2018 年 6 月 6 日至 8 日，维也纳": a flattened
                # head runs a body's name the tables do not hold into the dates after it
                what = self._segment(tail)
                p = _Piece(p.line, p.start, tail.start)
            if what:
                roles.append(what)
            if (not what or tail is not None) and p.text.strip(" ,;*"):
                rest.append(p)
        return rest

    def _dates_at_end(self, piece: _Piece) -> _Piece | None:
        """The stretch at the end of ``piece``, after a space, that is a line of dates and
        venue, when one is."""
        text = piece.text.rstrip(" ,;*")
        for m in re.finditer(r"\s(?=\S)", text):
            tail = text[m.end():]
            words = text[:m.start()].split()
            if words and words[-1][:1].islower():
                continue  # "on 5 January 2019": a word of a sentence, not a body's name
            if any(rx.match(tail) for rx in self.lx.header_res):
                return _Piece(piece.line, piece.start + m.end(), piece.start + len(text))
        return None

    def _body_names_re(self) -> re.Pattern[str] | None:
        return _spaced_names(self.lx)

    def _symbols(self, free: list[_Piece], found: list[str]) -> list[_Piece]:
        out = []
        for piece in free:
            at = 0
            for m in self.lx.symbol_re.finditer(piece.text):
                try:
                    sym = DocumentSymbol.parse(m.group().rstrip("."))
                except SymbolError:
                    continue
                out.append(_Piece(piece.line, piece.start + at, piece.start + m.start()))
                at = m.end()
                found.append("document symbol")
                if sym != self.source.symbol:
                    self.find("error", "symbol-mismatch",
                              f"the header names {sym} but the source is {self.source.symbol}",
                              piece.line.no)
            out.append(_Piece(piece.line, piece.start + at, piece.end))
        return out

    def _ordinal(self, piece: _Piece) -> None:
        for rx in self.lx.header_ordinal_res:
            m = rx.search(piece.text)
            if m:
                try:
                    self.rec.ordinal = self.lx.number(m.group("ordinal"))
                except ValueError:
                    continue
                self.rec.ordinal_span = Span(piece.line.no, piece.line.no)
                self.rec.reconvened = any(v for k, v in m.groupdict().items()
                                          if k.startswith("reconvened"))
                self.rec.special = bool(m.groupdict().get("special"))
                return

    def _segment(self, piece: _Piece) -> str | None:
        """The role of a free stretch of a head line: dates and venue, boilerplate; None when
        it is neither (a body's name, or not understood)."""
        text = piece.text.strip(" ,;*")
        if not text:
            return None
        if self.lx.is_boilerplate(text):
            return "boilerplate"
        m = next((m for rx in self.lx.header_res for m in [rx.match(text)] if m), None)
        if m is None and self._ends_text(piece):
            m = self._before_cut_heading(text)
        if m is None:
            return self._venue_alone(text, piece)
        if self.rec.start_date is not None:
            self._dates_again(m.group("dates"), piece.line.no)
            return "dates (again)"
        try:
            self.rec.start_date, self.rec.end_date = self.lx.date_range(m.group("dates"))
        except ValueError as exc:
            raise ParseError(f"impossible date in the header: {exc}", file=self.source.label,
                             line=piece.line.no) from exc
        self.rec.header_span = Span(piece.line.no, piece.line.no)
        venue = (m.groupdict().get("venue") or "").strip(" ,")
        if venue:
            self.venue(venue, piece.line.no)
            return "dates and venue"
        return "dates"

    def _dates_again(self, text: str, line: int) -> None:
        """Dates the head states a second time: the same, or reported, never silently kept
        or dropped ("on 5 January 2019", a reissue note's date, before "14–22 March 2019")."""
        try:
            again = self.lx.date_range(text)
        except ValueError:
            return
        if again != (self.rec.start_date, self.rec.end_date):
            first = self.rec.header_span.first if self.rec.header_span else None
            self.find("warning", "header-dates-differ",
                      f"the head gives the session's dates as {text.strip()!r} here and as "
                      f"{self.rec.start_date}–{self.rec.end_date} on line {first}; the first "
                      "is kept", line)

    def _ends_text(self, piece: _Piece) -> bool:
        """Whether the stretch ends the source: where a text that stops early stops."""
        return piece.line.no == self.last_line and not piece.line.text[piece.end:].strip()

    def _before_cut_heading(self, text: str) -> re.Match[str] | None:
        """The dates and venue of a head whose text stops inside the heading after them
        ("Vienna, 9 and 10 September 2019 Provisional", a flattened page cut off): the
        complete dates before at most eight words without digits that begin with a capital
        (or a letter of a script without capitals), the start of a part."""
        words = text.split()
        for n in range(1, min(8, len(words) - 1) + 1):
            tail = words[-n:]
            first = tail[0][:1]
            if any(ch.isdigit() for w in tail for ch in w) or not first.isalpha() or \
                    first.islower():
                continue
            head = " ".join(words[:-n])
            m = next((m for rx in self.lx.header_res for m in [rx.match(head)] if m), None)
            if m is not None:
                return m
        return None

    def _venue_alone(self, text: str, piece: _Piece) -> str | None:
        """A known place that begins a stretch of the head whose dates are cut off ("Vienna,
        9"): the venue. An unknown name is not taken for one (it may be a body's name)."""
        if self.rec.venue_name is not None:
            return None
        for rx in self.lx.venue_start_res:
            m = rx.match(text)
            name = m.group("venue").strip(" ,،") if m else ""
            if name and self.lx.reference.place_in(name, self.lx.language) is not None:
                self.venue(name, piece.line.no)
                self.rec.venue_span = Span(piece.line.no, piece.line.no)
                return "venue"
        return None

    def _original_follows(self, lines: list[Line], index: int) -> bool:
        """Whether the next line with text is part of the distribution block (a blank line may
        stand between: "20 November 1989", then "ORIGINAL: ENGLISH")."""
        later = [ln for ln in lines[index + 1:index + 3] if not ln.is_break][:1]
        return any(rx.search(ln.text) for ln in later for rx in self.lx.header_tokens)

    # -- the body ---------------------------------------------------------------------------
    def _named(self, pieces: list[_Piece], bodies: list[_Body],
               found: dict[tuple[int, int], list[str]]) -> None:
        """What is left of the head, read on across lines: a body found by its form
        ("Working Group on …"), or not understood; then decide the session's body."""
        for run in _runs(pieces):
            text, at = _joined(run)
            m = next((m for rx in self.lx.body_form_res for m in [rx.search(text)] if m), None)
            if m is not None:
                # the name's words, however far apart the head's columns left them
                bodies.append(_Body(" ".join(m.group().split()).strip(" ,;"), None,
                                    run[_piece_at(at, m.start())].line.no))
                _take_spans(run, at, [(m.start(), m.end())], found, "body")
            for p in run:  # a line with no part understood is reported whole, later
                if p.text.strip(" ,;*") and found.get((p.line.no, p.line.col)):
                    self.rec.unparsed.append((p.line.no, p.text.strip()))
        bodies.sort(key=lambda b: b.line)
        self._body(bodies)

    def _body(self, bodies: list[_Body]) -> None:
        rec = self.rec
        if not bodies:
            if not rec.body.known:
                self.find("warning", "unknown-body",
                          f"no known body for series {self.source.symbol.series} and none named "
                          f"in the head; kept as {rec.body.key}")
            return
        named = bodies[-1]
        rec.body_span = Span(named.line, named.line)
        if named.key is None:  # found by its form, unknown to the reference data
            rec.body = BodyRef(rec.body.key, named.name, rec.body.known)
            if rec.body.known:
                self.find("warning", "body-name",
                          f"the head names {named.name!r}, which the reference data does not "
                          f"list for {rec.body.key} (series {self.source.symbol.series})",
                          named.line)
            else:
                self.find("warning", "unknown-body",
                          f"body not in reference data: {named.name!r} (kept as {rec.body.key})",
                          named.line)
            return
        if not rec.body.known:
            rec.body = BodyRef(named.key, named.name, True)
        elif named.key != rec.body.key:
            self.find("warning", "body-mismatch",
                      f"header names {named.key} but symbol series {self.source.symbol.series} "
                      f"is {rec.body.key}", named.line)
            rec.body = BodyRef(rec.body.key, None, True)
            return
        else:
            rec.body = BodyRef(rec.body.key, named.name, True)


@cache
def _spaced_names(lx: Lexicon) -> re.Pattern[str] | None:
    """The known bodies' names, longest first, their words apart by any white space (a
    head's columns leave runs of spaces) and ending a word."""
    names = lx.reference.body_names(lx.language)
    if not names:
        return None
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    if lx.unspaced:  # "联合国反腐败公约 / 缔约国会议": a line may break anywhere in a name
        return re.compile("|".join(r"\s*".join(re.escape(ch) for ch in n.replace(" ", ""))
                                   for n in ordered))
    return re.compile("|".join(r"\s+".join(re.escape(w) for w in n.split()) + r"(?!\w)"
                               for n in ordered))


def _unmarked(text: str, state: ParseState) -> str:
    lx = state.lx
    bare = text.strip()
    if lx.heading_number_re is not None:
        bare = lx.heading_number_re.sub("", bare, count=1)
    if lx.heading_mark_re is not None:
        bare = lx.heading_mark_re.sub("", bare, count=1)
    return bare


def _paragraphs(lines: list[Line], state: ParseState) -> list[list[Line]]:
    """The note's lines as paragraphs: a break, a numbered paragraph ("2. In its …") or a
    line that ends a sentence closes one."""
    out: list[list[Line]] = []
    para: list[Line] = []
    number = re.compile(r"^\d{1,2}\s*[.．]\s+\S")
    for ln in lines:
        if ln.is_break or (number.match(ln.text) and para):
            if para:
                out.append(para)
            para = [] if ln.is_break else [ln]
            continue
        para.append(ln)
        if state.lx.ends_paragraph(ln.text):
            out.append(para)
            para = []
    if para:
        out.append(para)
    return out
