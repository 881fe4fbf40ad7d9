"""A :class:`Passage`: hard-wrapped source lines joined into one string, with a map from
character offsets back to line numbers, so every fact found in it keeps the lines it came from.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .model import Span
from .normalize import Line

_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”《》"
# white space between two ideographs: a line broken inside a word of a script without spaces
IDEOGRAPH_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


@dataclass
class Passage:
    """Joined text of consecutive lines, and where each line starts in it."""

    text: str
    starts: list[int]
    numbers: list[int]

    @classmethod
    def join(cls, lines: list[Line], joiner: str) -> Passage:
        starts: list[int] = []
        return cls(_joined(lines, joiner, starts), starts, [line.no for line in lines])

    @staticmethod
    def join_text(lines: list[Line], joiner: str) -> str:
        """The text :meth:`join` makes, without the map back to lines."""
        return lines[0].text if len(lines) == 1 else _joined(lines, joiner, None)

    def span(self, start: int = 0, end: int | None = None) -> Span:
        end = len(self.text) if end is None else end
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_right(self.starts, max(start, end - 1)) - 1
        return Span(self.numbers[max(first, 0)], self.numbers[max(last, 0)])

    @property
    def whole(self) -> Span:
        return Span(self.numbers[0], self.numbers[-1])


_BROKEN_WORD = re.compile(r"[^\W\d_]{2}-$")  # letters, then the hyphen that ends the line


def _joined(lines: list[Line], joiner: str, starts: list[int] | None) -> str:
    """The lines' text joined by ``joiner``, noting where each line starts when asked."""
    text = ""
    for line in lines:
        if text:
            if line.text[:1].islower() and _BROKEN_WORD.search(text):
                text = text[:-1]  # "Conven-" / "tion": a word a hyphen broke at the line's end
            else:  # a symbol broken after "/" is rejoined without a space in every language
                text += "" if text.endswith("/") else joiner
        if starts is not None:
            starts.append(len(text))
        # a script without spaces between words joins its lines with nothing: a space left
        # between two ideographs inside a line is a line broken in a flattened page too
        text += IDEOGRAPH_GAP.sub("", line.text) if not joiner else line.text
    return text


def compact(text: str) -> str:
    """The text with every run of white space one space, trimmed."""
    return re.sub(r"\s+", " ", text).strip()


def holds(text: str, words: tuple[str, ...]) -> bool:
    """Whether a pattern whose every match holds one of ``words`` can match ``text`` (no
    words: it can). A substring test is a fraction of a regular-expression search."""
    return not words or any(w in text for w in words)
