"""Stage 2, normalize: text → numbered lines, with extraction artefacts undone.

Text extracted from UN PDFs separates every line by an empty line and marks paragraph breaks
with lines that hold only spaces. We detect that layout and keep a break marker only where the
source really had one, so the parser sees one kind of break whatever the extraction did.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple


class Line(NamedTuple):
    """A source line: its 1-based number in the file and its text without outer spaces.

    An empty ``text`` is a paragraph break. A line the layout stage cut in pieces (a
    flattened PDF page holds a whole page) gives several, each with its column. A named
    tuple, not a frozen dataclass: every stage makes lines, and a frozen dataclass is three
    times slower to make.
    """

    no: int
    text: str
    col: int = 0  # where the text starts in its source line, when a line was cut in pieces

    @property
    def is_break(self) -> bool:
        return not self.text


def normalize(text: str) -> list[Line]:
    """Number the lines, undo double spacing, NFC-normalise, collapse runs of breaks.

    A form feed (a page boundary in text extracted from a PDF) joins the text around it.
    """
    raw = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = [i for i, r in enumerate(raw) if r.strip()]
    followed_by_empty = sum(1 for i in content if i + 1 < len(raw) and raw[i + 1] == "")
    double_spaced = bool(content) and followed_by_empty >= 0.6 * len(content)
    lines: list[Line] = []
    page_turn = False
    for i, r in enumerate(raw):
        if double_spaced and r == "":
            continue  # the artefact: an empty line after every line
        if "\f" in r:
            # a page boundary (form feed) is not a paragraph break: pages end mid-paragraph
            page_turn = True
            while lines and lines[-1].is_break:
                lines.pop()
        stripped = r.replace("\f", "").strip().replace("\u3000", " ")
        if not stripped:
            if page_turn or not lines or lines[-1].is_break:
                continue
        else:
            page_turn = False
        lines.append(Line(i + 1, stripped))
    while lines and lines[-1].is_break:
        lines.pop()
    return lines
