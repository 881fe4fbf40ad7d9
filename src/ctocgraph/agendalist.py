"""The provisional agenda: its heading, then the list of items and sub-items, each title
possibly wrapped over lines or run together with the next item on one line of a flattened page.
"""

from __future__ import annotations

import re
from functools import cache

from .errors import ParseError
from .layout import PRINTED_LINE  # a longer line is a flattened page, not a heading
from .lexicon import Lexicon
from .lexvalues import ROMAN_NUMERALS
from .model import AgendaItem, Span
from .normalize import Line
from .parsestate import ParseState

_LIST_PUNCTUATION = ".;:。；：)"
_INTRO_LINES = 6  # lines of text a list of items may follow its heading by
_SENTENCE_END = re.compile(r"(?<=[.;。；])\s*(?=\S)")


@cache
def _starts(lx: Lexicon) -> re.Pattern[str]:
    """The word starts where an item, a sub-item or an item of the third level begins (the
    table's patterns): the engine finds them, where a match at every word start of a line was
    a third of the list."""
    patterns = [_UNNAMED.sub("(?:", rx.pattern) for rx in
                (lx.item_at_re, lx.sub_item_at_re, lx.sub_sub_item_at_re) if rx is not None]
    return re.compile(r"\s+(?=" + "|".join(f"(?:{p})" for p in patterns) + ")")


_LONE_MARK = re.compile(r"\s+[(（]?[^\W\d_][)）]\s*$")  # a sub-item's letter, and nothing after
_UNNAMED = re.compile(r"\(\?P<\w+>")  # a named group as a plain one: two patterns share names


class AgendaListReader(ParseState):
    """Finds the heading of the provisional agenda and reads its items into the record."""

    note: list[list[Line]]  # the paragraphs before the agenda, which an introduction joins

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

    def listless_annotations(self, stream: list[Line], kinds: list[str | None]) -> int | None:
        """An annotations heading followed by item 1's heading, in a text with no list of
        items (an addendum: « Annotations » under the title, then « 1. Élection du Bureau »):
        the items are read from the annotation headings, each a paragraph of its own (a
        heading run together with its text, as a flattened page gives it, is not read)."""
        at = next((i for i, k in enumerate(kinds) if k == "annotations"), None)
        if at is None:
            return None
        headings = _heading_paragraphs(stream[at + 1:], self.lx)
        first = next(iter(headings), None)
        if first is None or not self._item_one(first[0]):
            return None
        top: AgendaItem | None = None
        for lines in headings:
            m_item = self.lx.item_re.match(lines[0].text)
            m_sub = self.lx.sub_item_re.match(lines[0].text)
            title = self.strip_title(self.join(
                [Line(lines[0].no, (m_item or m_sub).group("title") or "", lines[0].col),  # type: ignore[union-attr]
                 *lines[1:]]))
            order, span = len(self.rec.items) + 1, Span(lines[0].no, lines[-1].no)
            # in the order of the agenda, which an addendum may annotate only in part (items
            # 1, 2, 4, 5, 11, 12): the items it leaves out are not stated, so not read
            if m_item and int(self.lx.item_number(m_item.group("number"))) > \
                    max((int(i.number) for i in self.rec.items if i.parent is None), default=0):
                top = AgendaItem(self.lx.item_number(m_item.group("number")), order, title, span)
                self.rec.items.append(top)
            elif m_sub and top is not None and self.lx.letter(m_sub.group("letter")) > \
                    max((i.number[-2] for i in self.rec.items if i.parent == top.number),
                        default=""):
                self.rec.items.append(AgendaItem(
                    f"{top.number}({self.lx.letter(m_sub.group('letter'))})", order, title, span,
                    parent=top.number))
        if self.rec.items:
            self.find("warning", "items-from-annotations",
                      "the text has no list of items: the items are read from the annotation "
                      "headings", stream[at].no)
        return at if self.rec.items else None

    def agenda_list(self, lines: list[Line]) -> None:
        self.current: AgendaItem | None = None
        self.top: AgendaItem | None = None
        self.sub: AgendaItem | None = None  # the last sub-item of ``top``
        self.title_lines: list[Line] = []
        queue = [ln for ln in lines if not ln.is_break]
        first = next((n for n, ln in enumerate(queue[:_INTRO_LINES + 1]) if self._item_one(ln)), 0)
        if first:  # a sentence that announces the list ("6. The provisional agenda … is as
            # follows:"); other lines there are left for the report of what was not understood
            if queue[first - 1].text.rstrip().endswith((":", "：")):
                self.note.append(queue[:first])
                for ln in queue[:first]:
                    self.take(ln, role="agenda: introduction")
            queue = queue[first:]
        elif queue and self._item_number(queue[0]) not in (None, "1"):
            # no item 1 yet: a numbered paragraph of the note that announces the list ("3. The
            # provisional agenda … is as follows:") in a text that stops before the list; an
            # agenda's list begins at item 1, so nothing before that is an item
            first = next((n for n, ln in enumerate(queue) if self._item_one(ln)), len(queue))
            self.note.append(queue[:first])  # its facts are the document's, as a note's are
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

    def _item_number(self, ln: Line) -> str | None:
        """The number of the item a line begins, if it begins one."""
        m = self.lx.item_re.match(ln.text)
        return self.lx.item_number(m.group("number")) if m else None

    def _item_one(self, ln: Line) -> bool:
        return self._item_number(ln) == "1"

    def next_in_list(self, ln: Line) -> tuple[Line, Line | None]:
        """A line holding the next item too ("… organization of work. 2. General debate")
        in two: items and sub-items follow in order, so only the next number or letter cuts."""
        text = ln.text
        lone = _LONE_MARK.search(text)
        if lone and ln.no == self.last_line and lone.start():
            # the text stops right after the next sub-item's letter ("… de organización: a)"):
            # the letter is not part of the title before it
            return self._cut(ln, lone.start() + len(lone.group()) - len(lone.group().lstrip()))
        m_item, m_sub = self.lx.item_re.match(text), self.lx.sub_item_re.match(text)
        third = self._third(text)
        top = self.top.number if self.top else "0"
        numeral: str | None = None
        if m_item:
            top, letter = self.lx.item_number(m_item.group("number")), ""
        elif third is not None:
            _, letter, numeral = _levels(third)
        elif m_sub and self.top is not None:
            letter = self.lx.letter(m_sub.group("letter"))
        elif self.current is not None and self.current.parent:
            _, letter, numeral = _levels(self.current.number)
        else:
            letter = ""
        next_item = str(int(top) + 1)
        next_letter = chr(ord(letter) + 1) if letter else "a"
        # the third level goes on with the next numeral, or begins under the sub-item
        next_numeral = _next_numeral(numeral) if numeral else "i" if letter else None
        for gap in _starts(self.lx).finditer(text):  # a word start where an item could begin
            ws = gap.end()
            before = text[gap.start() - 1] if gap.start() else ""
            mi = self.lx.item_at_re.match(text, ws)
            if mi and self.lx.item_number(mi.group("number")) == next_item and mi.group("title"):
                return self._cut(ln, ws)
            if not (before and before in _LIST_PUNCTUATION):
                continue
            ms = self.lx.sub_item_at_re.match(text, ws)
            if ms and self.lx.letter(ms.group("letter")) == next_letter:
                return self._cut(ln, ws)
            mt = self.lx.sub_sub_item_at_re.match(text, ws) if self.lx.sub_sub_item_at_re \
                and next_numeral else None
            if mt and self.lx.numeral(mt.group("numeral")) == next_numeral:
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
            # nor before a word in lower case: "Indexing of the E/NL. series of documents",
            # "… for all; enhancing …" (a title whose parts a semicolon joins)
            if ln.text[m.end()].islower():
                continue
            if self.lx.ends_paragraph(ln.text[:m.start()].rstrip()):
                return self._cut(ln, m.end())
        return ln, None

    def list_line(self, ln: Line) -> None:
        if self.lx.heading(ln.text) == "segment":  # "Operational segment": groups the items
            self.close_title()
            self.current = None
            self.take(ln, role="agenda: segment heading")
            return
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
            self.top, self.sub = self.current, None
        elif (third := self._third(ln.text)) is not None:
            assert self.sub is not None and self.lx.sub_sub_item_re is not None
            if self.rec.item(third):
                raise ParseError(f"duplicate agenda sub-item {third}",
                                 file=self.source.label, line=ln.no)
            m_third = self.lx.sub_sub_item_re.match(ln.text)
            assert m_third is not None
            self.open_item(AgendaItem(third, len(self.rec.items) + 1, "", Span(ln.no, ln.no),
                                      parent=self.sub.number), m_third.group("title"), ln)
        elif m_sub and self.top is not None and self._sub_sub(m_sub.group("letter")):
            self.find("warning", "sub-sub-item",
                      f"({m_sub.group('letter')}) under a sub-item of item {self.top.number}: "
                      "a third level of the agenda is not read", ln.no)
            return  # "(i) Appointment of members of the Credentials Committee" under "(e)"
        elif m_sub and self.top is not None:
            number = f"{self.top.number}({self.lx.letter(m_sub.group('letter'))})"
            if self.rec.item(number):
                raise ParseError(f"duplicate agenda sub-item {number}",
                                 file=self.source.label, line=ln.no)
            self.open_item(AgendaItem(number, len(self.rec.items) + 1, "", Span(ln.no, ln.no),
                                      parent=self.top.number), m_sub.group("title"), ln)
            self.sub = self.current
        elif self.current is not None and self.continues_title(ln):
            self.title_lines.append(ln)
        else:
            return  # left for the unparsed report
        assert self.current is not None
        self.take(ln, role=f"agenda: item {self.current.number} title")

    def _third(self, text: str) -> str | None:
        """The number of the third-level item a line begins ("2(e)(i)"): the next numeral
        under the last sub-item, where the table has a third level. "(i)" after "(h)" is the
        sub-item i, unless "(h)" ends with a colon that announces a list under it."""
        if self.lx.sub_sub_item_re is None or self.sub is None or self.top is None:
            return None
        m = self.lx.sub_sub_item_re.match(text)
        numeral = self.lx.numeral(m.group("numeral")) if m else None
        under = sum(1 for i in self.rec.items if i.parent == self.sub.number)
        if numeral is None or under >= len(ROMAN_NUMERALS) or \
                numeral != _next_numeral(ROMAN_NUMERALS[under - 1] if under else None):
            return None
        _, letter, _ = _levels(self.sub.number)
        if not under and len(letter) == 1 and ord(numeral[0]) == ord(letter) + 1 and \
                len(numeral) == 1 and not self._announces():
            return None
        return f"{self.sub.number}({numeral})"

    def _announces(self) -> bool:
        """Whether the title read last ends with a colon: a list of sub-items follows."""
        last = next((ln.text for ln in reversed(self.title_lines) if ln.text), "")
        return last.rstrip().endswith((":", "："))

    def _sub_sub(self, letter: str) -> bool:
        """Whether a lettered line under a sub-item numbers a third level: "(i)" after "(e)"
        is not the next letter but a Roman numeral ("(i)" after "(h)" is a sub-item)."""
        assert self.top is not None
        subs = [i for i in self.rec.items if i.parent == self.top.number]
        if not subs:
            return False
        last = subs[-1].number[len(self.top.number) + 1:-1]
        letter = self.lx.letter(letter)
        return letter in ROMAN_NUMERALS and not (len(last) == 1 and len(letter) == 1 and
                                         ord(letter) == ord(last) + 1)

    def continues_title(self, ln: Line) -> bool:
        """A line goes on with the title before it, unless that title ended its sentence, or
        ended with a colon that announces sub-items (a line going on after a colon starts in
        lower case: "… strategies:" / "public participation, …")."""
        last = self.title_lines[-1].text
        if self.lx.ends_paragraph(last) or _LONE_MARK.fullmatch(f" {ln.text.strip()}"):
            return False  # (a sub-item's letter alone, where a text stops, is not title)
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


_LEVELS = re.compile(r"(\d+)(?:\(([^()])\))?(?:\(([^()]+)\))?")


def _levels(number: str) -> tuple[str, str, str | None]:
    """An item's number in its levels: "2(e)(i)" is ("2", "e", "i"), "3" is ("3", "", None)."""
    m = _LEVELS.fullmatch(number)
    if m is None:  # not a number this reader makes: no level to go on from
        return number, "", None
    return m.group(1), m.group(2) or "", m.group(3)


def _next_numeral(numeral: str | None) -> str:
    """The Roman numeral after ``numeral`` ("i" first; "" after the last the reader knows)."""
    if not numeral:
        return "i"
    at = ROMAN_NUMERALS.index(numeral) + 1 if numeral in ROMAN_NUMERALS else len(ROMAN_NUMERALS)
    return ROMAN_NUMERALS[at] if at < len(ROMAN_NUMERALS) else ""


def _heading_paragraphs(lines: list[Line], lx: Lexicon) -> list[list[Line]]:
    """The paragraphs of the annotations that are headings of items or sub-items: a numbered
    or lettered first line no longer than a printed line, and the lines after it up to the
    paragraph's end when they go on in lower case (a wrapped title)."""
    out: list[list[Line]] = []
    para: list[Line] = []
    for ln in [*lines, Line(0, "")]:
        if not ln.is_break and not (para and lx.heading(ln.text)):  # a heading ends it too
            para.append(ln)
            continue
        numbered = bool(para) and bool(lx.item_re.match(para[0].text) or
                                       lx.sub_item_re.match(para[0].text))
        if numbered and len(para[0].text) <= PRINTED_LINE and \
                all(x.text[:1].islower() for x in para[1:]):
            out.append(para)
        para = [] if ln.is_break else [ln]
    return out
