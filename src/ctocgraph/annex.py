"""The annex: the proposed organization of work, a table of days, time slots and items.

A well-extracted table gives a row per line; a flattened one runs a slot's rows together
("10 a.m.–1 p.m. 1 (a) Opening of the session 1 (b) Adoption of the agenda 2 General
debate"). A row is cut where the next item of the agenda begins with its own title, so the
titles, which the agenda list already gave, tell where each row ends.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from .errors import ParseError
from .identifiers import ascii_digits
from .model import AgendaItem, ScheduledItem, Span, TimeSlot
from .normalize import Line
from .parsestate import ParseState, key

_HEADER_CELLS = 4  # lines a table's header may take, one cell to a line
_CELL = 60  # characters a table's cell alone on its line takes at most ("10.00 horas-13.00 horas")
_NUMBER_CELL = 16  # characters an item's number alone takes at most ("5 (a) (iii)", "5(a)㈢")
_ROW_START = re.compile(r"^\d")  # a row begins with its time or its item's number
_DAY_NOTE = re.compile(r"\s*[(（][^()（）]*[)）]?\s*$")  # a note in brackets after a day
_NOTE_LINES = 3  # lines a day's note may go on over
_WEEKDAY_CELL = 30  # characters: a weekday alone in the date column ("Wednesday,", "星期三")


@cache
def _day_start(day_heading: re.Pattern[str]) -> re.Pattern[str]:
    """The language's day heading at the start of a line that goes on with a row."""
    return re.compile(day_heading.pattern.removesuffix("$") + r"(?=\s|$)", day_heading.flags)


@dataclass
class Row:
    slot: TimeSlot
    number: str
    lines: list[Line]
    of_range: bool = False  # one of the sub-items of a row "5 (b)–(e)": its title is item 5's


class AnnexReader(ParseState):
    """Reads the annex into time slots; ``rows`` keeps each row's lines for its title."""

    rows: list[Row]
    ends_in_row: int | None = None

    def annex(self, lines: list[Line]) -> None:
        year = self.rec.start_date.year if self.rec.start_date else None
        day: dt.date | None = None
        slot: TimeSlot | None = None
        queue = [ln for ln in lines if not ln.is_break]
        while queue:
            ln = queue.pop(0)
            kind = self.lx.heading(ln.text)
            if kind in ("annex", "organization_of_work", "schedule_header"):
                self.take(ln, role="annex: heading")
                continue
            if self.lx.is_chrome(ln.text):
                self.take(ln, role="web copy: chrome after the document")
                continue
            dm = self._day_heading(ln, queue) or self._wrapped_day(ln, queue)
            if dm:
                if year is None and not dm.groupdict().get("year"):
                    self.find("error", "annex-undated",
                              "the organization of work gives days but the head gives no year: "
                              "its time slots are left out", ln.no)
                    return
                day = self._day(dm, year or 0, ln)
                slot = None
                self.take(ln, role="annex: day")
                continue
            if day is None and self._header_cells(ln, queue):
                continue
            if queue and len(ln.text) <= _CELL and self.lx.time_range_re.fullmatch(ln.text.strip()):
                # a table's cells one to a line (a PDF's text in reading order): the time
                # alone opens the slot its rows follow in
                if day is None:
                    return self._before_any_day(ln)
                slot = self._slot(day, ln.text.strip(), ln)
                self.take(ln, role="annex: time slot")
                continue
            ln = self._with_title_cell(ln, queue)
            last = not queue and self.cut_short(ln)
            try:
                row = self._row(ln)
            except ParseError:
                if not last:
                    raise
                row = None
            if last and ((row is None and _ROW_START.match(ln.text)) or (row is not None and (
                    not row[2] or (not row[1] and slot is None)))):
                self.ends_in_row = ln.no  # "10 a.m.–1": the text stops inside a row
                continue
            if row is not None:
                numbers, time, title, rest = row
                if rest is not None:
                    queue.insert(0, rest)
                if time:
                    if day is None:
                        return self._before_any_day(ln)
                    slot = self._slot(day, time, ln)
                if slot is None:  # reported, and the rows from here not read, rather than
                    # the whole source refused
                    self.find("error", "annex-unread",
                              f"item {numbers[0]} is scheduled without a time: the rows of "
                              "the organization of work from here are not read", ln.no)
                    return
                lines = [Line(ln.no, title, ln.col)]  # one title, shared by a range's rows
                self.rows += [Row(slot, n, lines, len(numbers) > 1) for n in numbers]
                slot.span |= Span(ln.no, ln.no)
                named = numbers[0] if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
                self.take(ln, role=f"annex: time slot, item {named}")
                continue
            if slot is not None and self.rows and self.rows[-1].slot is slot:
                # a title going on after a page turn, then a row
                cut = self._next_row(ln.text, self.rows[-1].number)
                if cut is not None:
                    queue.insert(0, Line(ln.no, ln.text[cut:], ln.col + cut))
                    ln = Line(ln.no, ln.text[:cut].rstrip(), ln.col)
                self.rows[-1].lines.append(ln)
                slot.span |= Span(ln.no, ln.no)
                self.take(ln, role=f"annex: time slot, item {self.rows[-1].number}")

    def _before_any_day(self, ln: Line) -> None:
        """A time slot before any day this reader can tell: the rest is not read, and reported
        line by line, rather than the whole source refused."""
        self.find("error", "annex-unread",
                  "a time slot comes before any date the organization of work states in a way "
                  "this reader knows: its rows from here are not read", ln.no)

    def _with_title_cell(self, ln: Line, queue: list[Line]) -> Line:
        """A number alone ("1") with the next line, its title cell ("Election of officers"),
        as one row; any other line as it is."""
        if not queue or len(ln.text) > _NUMBER_CELL or not self._lone_number(ln, queue[0]):
            return ln
        cell = queue.pop(0)
        self.take(cell, role="annex: time slot, item title")
        return Line(ln.no, f"{ln.text.strip()} {cell.text}", ln.col)

    def _header_cells(self, ln: Line, queue: list[Line]) -> bool:
        """The table's header given one cell to a line ("Date and time" / "Item" / "Title or
        description"): taken as the header it is, with the lines that hold its cells."""
        if len(ln.text) > _CELL:  # a header's first cell is short ("Date and time")
            return False
        joined = ln.text
        for k, cell in enumerate(queue[:_HEADER_CELLS]):
            joined = f"{joined} {cell.text}"
            if self.lx.heading(joined) == "schedule_header":
                for taken in (ln, *queue[:k + 1]):
                    self.take(taken, role="annex: heading")
                del queue[:k + 1]
                return True
        return False

    def _lone_number(self, ln: Line, following: Line) -> bool:
        """Whether the line holds an item's number alone ("1", "5 (c)") and the next its
        title: a table's cells one to a line."""
        rm = self.lx.schedule_row_re.match(ln.text.strip())
        if rm is None or rm.group("time") or rm.groupdict().get("title"):
            return False
        nxt = following.text.strip()
        return bool(nxt) and not self.lx.schedule_row_re.match(nxt) and \
            not self.lx.time_range_re.fullmatch(nxt) and self.lx.day_heading_re.match(nxt) is None \
            and self.lx.heading(nxt) is None

    def _day_heading(self, ln: Line, queue: list[Line]) -> re.Match[str] | None:
        """A day of the annex, also with a note in brackets after it ("Thursday, 3 December
        (joint meetings with the Commission on Crime Prevention and Criminal Justice)"); a
        note that goes on over the next lines takes them, up to its closing bracket."""
        dm = self.lx.day_heading_re.match(ln.text)
        note = _DAY_NOTE.search(ln.text) if dm is None else None
        if note is None:
            return dm
        dm = self.lx.day_heading_re.match(ln.text[:note.start()].rstrip())
        if dm is None or note.group().rstrip().endswith((")", "）")):
            return dm
        for _ in range(_NOTE_LINES):  # the note's other lines
            if not queue or self.lx.day_heading_re.match(queue[0].text) or \
                    self.lx.schedule_row_re.match(queue[0].text):
                break
            more = queue.pop(0)
            self.take(more, role="annex: day")
            if more.text.rstrip().endswith((")", "）")):
                break
        return dm

    def _wrapped_day(self, ln: Line, queue: list[Line]) -> re.Match[str] | None:
        """A day wrapped in its column: "Wednesday," beside the day's first row, "28 April"
        beside the next (the rows between belong to it). The date is taken off the start of
        its line; what follows it there is a row of that day."""
        if len(ln.text) > _WEEKDAY_CELL or any(c.isdigit() for c in ln.text):
            return None
        for k, cand in enumerate(queue[:_NOTE_LINES]):
            joined = f"{ln.text} {cand.text}"
            dm = _day_start(self.lx.day_heading_re).match(joined)
            if dm is None:
                continue
            rest = joined[dm.end():]
            cell = len(cand.text) - len(rest)
            self.take(Line(cand.no, cand.text[:cell], cand.col), role="annex: day")
            if rest.strip():
                queue[k] = Line(cand.no, rest.lstrip(), cand.col + len(cand.text) - len(rest.lstrip()))
            else:
                del queue[k]
            return dm
        return None

    def cut_short(self, ln: Line) -> bool:
        """Whether this line is the last of the text and the text stops inside it: a row's
        number may be the start of "2 (a)"."""
        last = next((x for x in reversed(self.lines) if not x.is_break), None)
        return last is not None and (last.no, last.col) == (ln.no, ln.col)

    def _day(self, dm: object, year: int, ln: Line) -> dt.date:
        gd = dm.groupdict()  # type: ignore[attr-defined]
        year = int(ascii_digits(gd["year"])) if gd.get("year") else year  # "2018年5月28日"
        try:
            date = dt.date(year, self.lx.month(gd["month"]), int(gd["day"]))
        except ValueError as exc:
            raise ParseError(f"impossible date in the annex: {ln.text!r} ({exc})",
                             file=self.source.label, line=ln.no) from exc
        self.check_weekday(date, gd.get("weekday"), ln.no)
        return date

    def _slot(self, day: dt.date, time: str, ln: Line) -> TimeSlot:
        try:
            start, end = self.lx.time_range(time)
        except ValueError as exc:
            raise ParseError(f"impossible time in the annex: {exc}", file=self.source.label,
                             line=ln.no) from exc
        slot = TimeSlot(day, dt.time(start.hour % 24, start.minute),
                        dt.time(end.hour % 24, end.minute), Span(ln.no, ln.no))
        self.rec.slots.append(slot)
        return slot

    def _row(self, ln: Line) -> tuple[list[str], str | None, str, Line | None] | None:
        """(item numbers, time or None, title, the rest of the line when it holds the next
        row), or None when the line does not begin a row. A row "5 (b)–(e)" schedules each
        sub-item of the range."""
        rm = self.lx.schedule_row_re.match(ln.text)
        if not rm:
            return None
        top = self.lx.item_number(rm.group("number"))
        letters = [self.lx.letter(rm.group("letter"))] if rm.group("letter") else [""]
        last = rm.groupdict().get("last")
        if letters[0] and last:
            end = self.lx.letter(last)
            letters = [chr(c) for c in range(ord(letters[0]), ord(end) + 1)] or letters
        numbers = [f"{top}({a})" if a else top for a in letters]
        numeral = self._row_numeral(rm)
        if numeral:  # "5 (a) (i)": an item of the third level
            numbers = [f"{numbers[0]}({numeral})"]
        numbers += [self.lx.item_number(n) for n in re.findall(r"\d+", rm.groupdict().get("also") or "")]
        for number in numbers:
            if self.rec.item(number) is None:
                if rm.group("time") is None:
                    return None  # a title line that happens to start with digits
                raise ParseError(f"the organization of work schedules item {number}, which is "
                                 "not on the agenda", file=self.source.label, line=ln.no)
        title = rm.group("title") or ""
        rest = None
        if title:
            offset = rm.start("title")
            cut = self._next_row(title, numbers[-1])
            if cut is not None:
                rest = Line(ln.no, title[cut:].strip(), ln.col + offset + cut)
                title = title[:cut].strip()
        return numbers, rm.group("time"), title, rest

    def _row_numeral(self, rm: re.Match[str]) -> str | None:
        """The third level a row names after its sub-item's letter ("5 a) ii)"), if any."""
        if not rm.group("letter") or not rm.groupdict().get("numeral"):
            return None
        return self.lx.numeral(rm.group("numeral"))

    def _next_row(self, title: str, after: str) -> int | None:
        """Where, in a row's title, the next row begins: another item's number followed by
        the start of that item's title, or the number of the item right after this row's
        (the annex may shorten titles: "3 a) Конвенция 3 b) Протокол о торговле людьми")."""
        following = self._following(after)
        for ws in _spaces(title):
            rm = self.lx.schedule_row_re.match(title[ws:])
            if not rm or rm.group("time"):
                continue
            numeral = self._row_numeral(rm)
            number = self.lx.item_number(rm.group("number")) + (
                f"({self.lx.letter(rm.group('letter'))})" if rm.group("letter") else "") + (
                f"({numeral})" if numeral else "")
            other = self.rec.item(number)
            if other is None or not rm.group("title"):
                continue
            # the next item by number, its title shortened, begins as a title does (not "2 (b)
            # of the Protocol" inside a title citing an article)
            if (other is following and not rm.group("title")[:1].islower()) or \
                    _starts_alike(rm.group("title"), other.title):
                return ws
        return None

    def _following(self, number: str) -> AgendaItem | None:
        """The item or sub-item that comes right after ``number`` on the agenda."""
        item = self.rec.item(number)
        if item is None:
            return None
        return next((i for i in self.rec.items if i.order == item.order + 1), None)

    def schedule_facts(self) -> None:
        for row in self.rows:
            title = self.join(row.lines)
            continued = bool(self.lx.continued_re.search(title))
            title = self.strip_title(self.lx.continued_re.sub("", title))
            span = Span(row.lines[0].no, row.lines[-1].no)
            row.slot.items.append(ScheduledItem(row.number, continued, title, span))
            item = self.rec.item(row.number)
            assert item is not None
            if row.of_range:  # "5 (b)–(e) Implementation of …": the title is item 5's
                item = self.rec.item(row.number.split("(")[0]) or item
            if title and key(title) != key(item.title):
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


def _spaces(text: str) -> list[int]:
    """Offsets just after each run of white space: where a row may begin."""
    out = []
    for i in range(1, len(text)):
        if text[i - 1].isspace() and not text[i].isspace():
            out.append(i)
    return out


def _starts_alike(text: str, title: str) -> bool:
    """Whether a text begins like a title (its first key characters, up to twelve)."""
    a, b = key(text), key(title)
    n = min(12, len(a), len(b))
    return n > 0 and a[:n] == b[:n]
