"""What the parts of the parser share: the record being filled, the coverage of every line,
and the small text helpers each part needs (the head, the agenda list, the annotations and the
annex are read by separate modules over this one state)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from .lexicon import Lexicon
from .manifest import Source
from .model import AgendaRecord, Finding
from .normalize import Line
from .passage import IDEOGRAPH_GAP, Passage

KEY_DROPPED = "：:；;。.，,،؛"  # with white space, what a title's key leaves out
_KEY_DROPS = re.compile(rf"[\s{KEY_DROPPED}]+")


@lru_cache(maxsize=8192)
def key(text: str) -> str:
    """Comparison key for titles: no spaces, no closing punctuation, no case ("a) открытие
    совещания" in the list is "a) Открытие совещания" as a heading)."""
    return _KEY_DROPS.sub("", text).casefold()


def key_end(text: str, wanted: int) -> int | None:
    """The offset in ``text`` just after its first ``wanted`` key characters (see key), or
    None when the text has fewer."""
    if wanted <= 0:
        return 0
    m = _key_chars(wanted).match(text)
    return m.end() if m else None


@lru_cache(maxsize=1024)
def _key_chars(count: int) -> re.Pattern[str]:
    """``count`` key characters, each after what ``key`` drops (a loop per character was a
    tenth of reading the annotations)."""
    return re.compile(rf"(?:[\s{KEY_DROPPED}]*[^\s{KEY_DROPPED}]){{{count}}}")


class ParseState:
    """The record, the lines and the role each line (or piece of a line) took."""

    def __init__(self, lines: list[Line], lexicon: Lexicon, source: Source, record: AgendaRecord):
        self.lines = lines
        self.lx = lexicon
        self.source = source
        self.rec = record
        self.roles: dict[tuple[int, int], str] = {}  # (line, column) → what it became
        self.last_line = max((ln.no for ln in lines), default=0)  # where a cut-off text stops

    def find(self, severity: str, code: str, message: str, line: int | None = None) -> None:
        self.rec.findings.append(Finding(severity, code, message, line))

    def take(self, *lines: Line, role: str) -> None:
        for ln in lines:
            self.roles[(ln.no, ln.col)] = role

    def taken(self, ln: Line) -> bool:
        return (ln.no, ln.col) in self.roles

    def drop(self, ln: Line) -> None:
        self.roles.pop((ln.no, ln.col), None)

    def check_weekday(self, date: dt.date, weekday: str | None, line: int) -> None:
        if not weekday:
            return
        if self.lx.weekday(weekday) != date.isoweekday():
            self.find("error", "weekday-mismatch",
                      f"{weekday} does not agree with {date.isoformat()} "
                      f"(a {date.strftime('%A')})", line)

    def venue(self, name: str, line: int) -> None:
        """The session's venue as the text names it, and the known place it is, if any."""
        self.rec.venue_name = name
        self.rec.venue = self.lx.reference.place_in(name, self.lx.language)
        if self.rec.venue is None:
            self.find("warning", "unknown-place", f"venue not in reference data: {name}", line)

    def strip_title(self, text: str) -> str:
        text = self.lx.title_trailing_re.sub("", text).strip()
        if self.lx.unspaced:  # "以及中央 机关": a line broken inside a word
            text = IDEOGRAPH_GAP.sub("", text)
        return text

    def heading_title(self, lines: list[Line]) -> str:
        """The title an item's heading lines give, without its number or letter."""
        first = lines[0].text
        m = self.lx.item_re.match(first) or self.lx.sub_item_re.match(first) or \
            (self.lx.sub_sub_item_re.match(first) if self.lx.sub_sub_item_re else None)
        title = (m.group("title") or "") if m else first
        rest = [Line(lines[0].no, title), *lines[1:]]
        return self.strip_title(self.join(rest))

    def join(self, lines: list[Line]) -> str:
        return Passage.join_text(lines, self.lx.join)
