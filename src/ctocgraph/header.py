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

from .errors import ParseError, SymbolError
from .identifiers import DocumentSymbol
from .model import BodyRef, Span
from .normalize import Line
from .parsestate import ParseState


@dataclass
class _Piece:
    """A stretch of a head line not yet given a role."""

    line: Line
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start:self.end]


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
        for ln in content[start:]:
            kind = self.lx.heading(ln.text)
            if kind == "note":
                self.take(ln, role="heading: note by the Secretariat")
                note.append(Line(ln.no, "", ln.col))  # a paragraph break
                continue
            if kind in ("annotated_agenda", "annotations") and not note:
                self.rec.title = self.rec.title or _unmarked(ln.text, self)
                self.take(ln, role="heading: annotated provisional agenda")
                note.append(Line(ln.no, "", ln.col))
                continue
            (note if note else block).append(ln)
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
        pieces: list[_Piece] = []
        roles: dict[tuple[int, int], list[str]] = {}
        furniture_near: set[int] = set()  # lines that hold the distribution block
        bodies: list[_Body] = []
        ordinal_at: int | None = None
        for index, ln in enumerate(lines):
            found: list[str] = []
            if self.lx.is_boilerplate(ln.text):
                self.take(ln, role="header: boilerplate")
                furniture_near.add(index)
                continue
            free = [_Piece(ln, 0, len(ln.text))]
            free, hit = _mask(free, self.lx.header_tokens)
            if hit:
                found.append("distribution block")
                furniture_near.add(index)
            free, names = _mask(free, [self._body_names_re()] if self._body_names_re() else [])
            for piece in names:
                bodies.append(_Body(piece.text, self.lx.reference.body_key(piece.text, self.lx.language),
                                    ln.no))
                found.append("body")
            free = self._symbols(free, found)
            free, ordinals = _mask(free, self.lx.header_ordinal_res)
            for piece in ordinals[:1]:
                self._ordinal(piece)
                ordinal_at = len(bodies)
                found.append("session ordinal")
            rest = []
            for piece in free:
                what = self._segment(piece, index, furniture_near, lines)
                if what:
                    found.append(what)
                elif piece.text.strip(" ,;*"):
                    rest.append(piece)
            pieces += rest
            roles[(ln.no, ln.col)] = found
            if found:
                self.take(ln, role="header: " + ", ".join(dict.fromkeys(found)))
        self._named(pieces, bodies, ordinal_at)

    def _body_names_re(self) -> re.Pattern[str] | None:
        from .extract import names_of

        return names_of(self.lx).body_re

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
                return

    def _segment(self, piece: _Piece, index: int, furniture_near: set[int],
                 lines: list[Line]) -> str | None:
        """The role of a free stretch of a head line: dates and venue, the date of issue,
        boilerplate; None when it is none of these (a body's name, or not understood)."""
        text = piece.text.strip(" ,;*")
        if not text:
            return None
        if self.lx.is_boilerplate(text):
            return "boilerplate"
        single = self.lx.date_re.fullmatch(text)
        if single and (index - 1 in furniture_near or index in furniture_near
                       or self._original_follows(lines, index)):
            return "date of issue"
        m = next((m for rx in self.lx.header_res for m in [rx.match(text)] if m), None)
        if m is None:
            return None
        if self.rec.start_date is not None:
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

    def _original_follows(self, lines: list[Line], index: int) -> bool:
        later = lines[index + 1:index + 2]
        return any(rx.search(ln.text) for ln in later for rx in self.lx.header_tokens)

    # -- the body ---------------------------------------------------------------------------
    def _named(self, pieces: list[_Piece], bodies: list[_Body], ordinal_at: int | None) -> None:
        """Decide the session's body from the names found and what is left of the head: a
        name split over lines by the PDF's columns is joined back before it is matched."""
        leftovers = _runs(pieces)
        for run in leftovers:
            text = " ".join(p.text.strip(" ,;") for p in run)
            names_re = self._body_names_re()
            m = names_re.search(text) if names_re else None
            if m is None:
                m = next((m for rx in self.lx.body_form_res for m in [rx.search(text)] if m), None)
                key = None
            else:
                key = self.lx.reference.body_key(m.group(), self.lx.language)
            if m is None:
                for p in run:
                    self.rec.unparsed.append((p.line.no, p.text.strip()))
                continue
            bodies.append(_Body(m.group().strip(" ,;"), key, run[0].line.no))
            for p in run:
                if not self.taken(p.line) or "body" not in self.roles[(p.line.no, p.line.col)]:
                    role = self.roles.get((p.line.no, p.line.col), "header")
                    self.take(p.line, role=(role + ", body") if role != "header" else "header: body")
        bodies.sort(key=lambda b: b.line)
        self._body(bodies, ordinal_at)

    def _body(self, bodies: list[_Body], ordinal_at: int | None) -> None:
        rec, ref = self.rec, self.lx.reference
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
        del ref, ordinal_at


def _mask(free: list[_Piece], patterns: list[re.Pattern[str]]) -> tuple[list[_Piece], list[_Piece]]:
    """Take every match of the patterns out of the free stretches: (what is left, the matches)."""
    hits: list[_Piece] = []
    for rx in patterns:
        out = []
        for piece in free:
            at = 0
            for m in rx.finditer(piece.text):
                if m.end() == m.start():
                    continue
                out.append(_Piece(piece.line, piece.start + at, piece.start + m.start()))
                hits.append(_Piece(piece.line, piece.start + m.start(), piece.start + m.end()))
                at = m.end()
            out.append(_Piece(piece.line, piece.start + at, piece.end))
        free = [p for p in out if p.end > p.start]
    return free, hits


def _runs(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Consecutive leftover stretches, one run per group of adjacent lines: a body's name
    broken by the distribution block of a two-column head reads on across lines."""
    runs: list[list[_Piece]] = []
    for p in pieces:
        if runs and p.line.no - runs[-1][-1].line.no <= 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs


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
        if state.lx.paragraph_end_re.search(ln.text):
            out.append(para)
            para = []
    if para:
        out.append(para)
    return out
