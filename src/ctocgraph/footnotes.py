"""Footnote blocks, wherever a page of the PDF ended: a rule, then numbered or starred
footnotes, each with its links kept apart. They are taken out of the text before its parts are
read, and the calls to them are matched later (``FactsReader``)."""

from __future__ import annotations

import re

from .model import Footnote, Span
from .normalize import Line
from .parsestate import ParseState
from .passage import Passage

_URL_RE = re.compile(r"https?://\S+")


class FootnoteReader(ParseState):
    """Takes the footnote blocks out of the lines into ``footnotes``."""

    footnotes: list[Footnote]

    def footnote_blocks(self) -> list[Line]:
        """Take each footnote block (a rule, then numbered or starred footnotes) out of the
        text, and return what is left: the blocks fall wherever the pages of the PDF ended."""
        out: list[Line] = []
        in_block = False
        starred = _star_called(self.lines)
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
            if not in_block and starred and self.lone_starred(ln):
                starred = False  # the head's one call, answered
                continue
            in_block = False
            out.append(ln)
        return out

    def lone_starred(self, ln: Line) -> bool:
        """The starred footnote of the head's call ("… of the provisional agenda*") where a
        converter dropped the rule above it: a line "* E/CN.15/2023/1." on its own."""
        fm = self.lx.footnote_re.match(ln.text)
        if fm is None or fm.group("number").strip("*＊") or len(fm.group("number")) != 1 or \
                any(not f.number.strip("*＊") for f in self.footnotes):  # answered by a block
            return False
        self.add_footnote(fm.group("number"), fm.group("text"), ln)
        return True

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


def note_passage(note: Footnote) -> Passage:
    """A footnote's text as a passage of its first line, for the citations it holds."""
    return Passage(note.text, [0], [note.span.first])


_HEAD_LINES = 15  # lines of a document's head: the symbol, the body, the session, the item
_STAR_CALL = re.compile(r"[^\s*＊][*＊](?:\s|$)")  # "agenda*": a word and its one star


def _star_called(lines: list[Line]) -> bool:
    """Whether the head calls a starred footnote (a word ending in one star)."""
    head = [ln for ln in lines[:_HEAD_LINES * 2] if not ln.is_break][:_HEAD_LINES]
    return any(_STAR_CALL.search(ln.text) for ln in head)
