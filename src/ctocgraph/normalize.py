"""Stage 2, normalize: text → numbered lines, with extraction artefacts undone.

Text extracted from UN PDFs separates every line by an empty line and marks paragraph breaks
with lines that hold only spaces. We detect that layout and keep a break marker only where the
source really had one, so the parser sees one kind of break whatever the extraction did.
"""

from __future__ import annotations

import re
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


# What converters leave that no reader wants, mapped per character: invisible characters
# (zero-width space, word joiner, a byte-order mark inside the text) go; no-break and fixed-width
# spaces are spaces ("10\u00a0a.m.", French "session\u202f:"); the Latin ligatures a PDF's
# fonts give ("ofﬁcers") are their letters. Chinese full-width forms are the text's own and stay
# (NFKC would change them).
_CONVERTED = {ord(c): None for c in "\u200b\u2060\ufeff"} | \
    {ord(c): " " for c in "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f"} | \
    {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st",
     0xFB06: "st"}
_SOFT_HYPHEN = "\u00ad"
# any of them: a search for one is a fraction of translating every character of a text
_ODD = re.compile("[" + "".join(map(chr, _CONVERTED)) + _SOFT_HYPHEN + "]")


# A PDF's text layer may give the glyphs' own code points: Arabic presentation forms ("ﺍﻻﺗﻔﺎﻗﻴﺔ")
# for the letters, Kangxi radicals and compatibility ideographs ("⾏") for Chinese characters.
# Each is the character NFKC makes of it; other characters are left as they are.
_GLYPH_FORMS = re.compile("[\u2f00-\u2fdf\uf900-\ufaff\ufb50-\ufdff\ufe70-\ufefe]")


def _converted(text: str) -> str:
    """The text without a converter's invisible characters, odd spaces, ligatures and glyph
    forms; a soft hyphen is a hyphen where a line ends on it (a word broken there, joined
    again with the next line's), and nothing elsewhere."""
    glyphs = _GLYPH_FORMS.search(text) is not None
    if not glyphs and _ODD.search(text) is None:
        return text
    text = text.translate(_CONVERTED)
    if glyphs:
        text = _GLYPH_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    if _SOFT_HYPHEN in text:
        text = text.replace(_SOFT_HYPHEN + "\n", "-\n").replace(_SOFT_HYPHEN, "")
    return text


def normalize(text: str) -> list[Line]:
    """Number the lines, undo double spacing, NFC-normalise, collapse runs of breaks.

    A form feed (a page boundary in text extracted from a PDF) joins the text around it.
    """
    raw = _converted(unicodedata.normalize("NFC", text)).replace("\r\n", "\n") \
        .replace("\r", "\n").split("\n")
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
