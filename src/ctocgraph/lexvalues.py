"""Values as a language writes them: numbers in digits or words, sub-item and
sub-paragraph letters, months and weekdays, dates and times, read by the patterns and word
lists a :class:`~ctocgraph.lexicon.Lexicon` compiled from its table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# the third level of an agenda ("2 (e) (i)") in the numbers of IRIs: lower-case Roman numerals
ROMAN_NUMERALS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
                  "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx")


@dataclass(frozen=True)
class TimeOfDay:
    hour: int
    minute: int

    def iso(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


class ValueReader:
    """Reads numbers, letters, dates and times; the word lists and patterns are the lexicon's."""

    language: str
    table: dict[str, Any]
    _words: dict[str, int]
    _subpara: dict[str, int]
    _letters: dict[str, str]
    _numerals: dict[str, str]
    _months: dict[str, int]
    _weekdays: dict[str, int]
    _periods: dict[str, str]
    date_re: re.Pattern[str]
    date_range_res: list[re.Pattern[str]]
    time_re: re.Pattern[str]
    time_range_re: re.Pattern[str]

    # -- numbers --------------------------------------------------------------------------
    def number(self, text: str) -> int:
        """Parse a cardinal or ordinal number written in digits or in this language's words."""
        text = text.strip()
        if text.isdigit():
            return int(text)
        nt = self.table["numerals"]
        if nt.get("mode") == "positional":
            text = "".join(text.split())  # "第二 十五届": a line broken inside the number
            total, pending = 0, None
            for ch in text:
                if ch in nt["digits"]:
                    pending = (pending or 0) * 10 + nt["digits"][ch] if pending else nt["digits"][ch]
                elif ch in nt.get("units", {}):
                    total += (pending if pending is not None else 1) * nt["units"][ch]
                    pending = None
                else:
                    raise ValueError(f"not a {self.language} numeral: {text!r}")
            return total + (pending or 0)
        words = self._words
        m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", text.lower())
        if m:
            return int(m.group(1))
        for a, b in nt.get("fold", {}).items():
            text = text.replace(a, b)
        tokens = [w for w in re.split(r"[-\s]+", text.lower()) if w]
        if not tokens or any(w not in words for w in tokens):
            raise ValueError(f"not a {self.language} numeral: {text!r}")
        return sum(words[w] for w in tokens)

    def subparagraph_letter(self, text: str) -> str:
        """Sub-paragraph numbers ("㈠", "a", "1") as the letter used in English citations."""
        if text in self._subpara:
            return LATIN_LETTERS[self._subpara[text] - 1]
        if text.isdigit():
            return LATIN_LETTERS[int(text) - 1]
        return self.letter(text)

    def letter(self, text: str) -> str:
        """A sub-item letter as written ("b", "(ب)" without brackets) as the Latin letter of IRIs."""
        text = text.strip()
        return self._letters.get(text, self._letters.get(text.lower(), text.lower()))

    def numeral(self, text: str) -> str | None:
        """A third-level number as written ("ii", "㈡", without brackets) as the Roman numeral
        of IRIs; ``None`` for one the table does not list."""
        text = text.strip().strip("()（）")
        found = self._numerals.get(text, self._numerals.get(text.lower()))
        return found or (text.lower() if text.lower() in ROMAN_NUMERALS else None)

    @staticmethod
    def item_number(text: str) -> str:
        """An item number as written (digits of any script, leading zeros) in canonical form."""
        return str(int(text))

    # -- dates and times ------------------------------------------------------------------
    def month(self, text: str) -> int:
        text = text.strip().lower()
        if text.isdigit():
            return int(text)
        if text in self._months:
            return self._months[text]
        raise ValueError(f"not a month: {text!r}")

    def weekday(self, text: str) -> int:
        """ISO weekday (Monday = 1) of a weekday name."""
        for name, value in self._weekdays.items():
            if name.lower() == text.strip().lower():
                return value
        raise ValueError(f"not a weekday: {text!r}")

    def date(self, text: str, default_year: int | None = None) -> dt.date:
        m = self.date_re.search(text)
        if not m:
            raise ValueError(f"not a date: {text!r}")
        gd = m.groupdict()
        year = int(gd["year"]) if gd.get("year") else default_year
        if year is None:
            raise ValueError(f"date without a year: {text!r}")
        return dt.date(year, self.month(gd["month"]), int(gd["day"]))

    def date_range(self, text: str) -> tuple[dt.date, dt.date]:
        """A date or range of dates; a single date is a range of one day."""
        for rx in self.date_range_res:
            m = rx.search(text)
            if m:
                gd = m.groupdict()
                year = int(gd.get("year") or gd["year2"])
                month = self.month(gd.get("month") or gd["month2"])
                start = dt.date(year, month, int(gd["day"]))
                end = dt.date(
                    int(gd.get("year2") or year), self.month(gd.get("month2") or gd["month"]),
                    int(gd["day2"]),
                )
                return start, end
        single = self.date(text)
        return single, single

    def _time_parts(self, text: str) -> tuple[int, int, str | None]:
        m = self.time_re.fullmatch(text.strip())
        if not m:
            raise ValueError(f"not a time: {text!r}")
        gd = m.groupdict()
        period = self._periods.get(gd["period"].lower()) if gd.get("period") else None
        # a table may write two forms of a time ("00/10" or "10:00"): the second's groups are
        # hour2 and minute2
        return int(gd.get("hour") or gd["hour2"]), int(gd.get("minute") or gd.get("minute2") or 0), \
            period

    @staticmethod
    def _apply_period(hour: int, minute: int, period: str | None) -> TimeOfDay:
        if period == "pm" and hour < 12:
            hour += 12
        elif period == "am" and hour == 12:
            hour = 0
        if not (0 <= hour <= 24 and 0 <= minute < 60):
            raise ValueError(f"impossible time {hour}:{minute:02d}")
        return TimeOfDay(hour, minute)

    def time(self, text: str) -> TimeOfDay:
        hour, minute, period = self._time_parts(text)
        return self._apply_period(hour, minute, period)

    def time_range(self, text: str) -> tuple[TimeOfDay, TimeOfDay]:
        """A range such as "下午 3 时至 6 时": a side without a period takes the other's."""
        m = self.time_range_re.search(text)
        if not m:
            raise ValueError(f"not a time range: {text!r}")
        h1, m1, p1 = self._time_parts(m.group("start"))
        h2, m2, p2 = self._time_parts(m.group("end"))
        return self._apply_period(h1, m1, p1 or p2), self._apply_period(h2, m2, p2 or p1)
