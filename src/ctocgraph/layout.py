"""Stage 2b, layout: find where the parts of an agenda begin, whatever the line breaks.

A converter may give one line per printed line (the seeds), a whole page as one paragraph
(headings, items and the header run together), page furniture inside the text (job numbers,
barcodes, running heads, page numbers) or a web page's chrome around the document. This stage
removes the furniture and chrome, and cuts lines where a heading, an item or a row of the
annex begins, so the parser sees one part per line as it would in a well-extracted text.

Cuts are only made where the language table's patterns say a part begins; a piece keeps the
number of the source line it came from (and its column), so provenance is unchanged. What
is removed is reported per line, never silently dropped.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from .identifiers import DocumentSymbol
from .lexicon import Lexicon, scoped
from .normalize import Line

# how many characters the head of a document can take: the document's own symbol there is
# the header's, later a running head
_HEAD_CHARS = 600
PRINTED_LINE = 120  # characters: no printed line of an agenda is longer
_SPACE = re.compile(r"\s+")


@dataclass
class Layout:
    """The lines cut at the parts of the agenda, and what was removed from each source line."""

    lines: list[Line]
    removed: dict[int, list[str]] = field(default_factory=dict)  # line → what was taken out


def layout(lines: list[Line], lx: Lexicon, symbol: DocumentSymbol | None) -> Layout:
    """Remove page furniture and web chrome; cut lines where a part of the agenda begins."""
    removed: dict[int, list[str]] = defaultdict(list)
    out: list[Line] = []
    own = symbol.value if symbol else None
    busy = _screen(lines, lx, own)
    read = 0  # characters of content before this line: the head is the text's beginning
    seen_own = False
    for index, ln in enumerate(lines):
        if ln.is_break or index not in busy:
            out.append(ln)  # most lines of a well-extracted text: nothing to take out or cut
            read += len(ln.text)
            seen_own = seen_own or bool(own and own in ln.text and read <= _HEAD_CHARS)
            continue
        if lx.is_chrome(ln.text):
            removed[ln.no].append("web copy: chrome around the document")
            continue
        # the document's own symbol is the head's the first time, within the text's first
        # characters; any other time it is a running head
        keep = max(0, _HEAD_CHARS - read) if not seen_own else 0
        text, roles = _strip_furniture(ln.text, lx, own, head_until=keep)
        seen_own = seen_own or bool(own and own in ln.text[:keep])
        read += len(ln.text)
        if roles:
            removed[ln.no] += roles
        if not text.strip():
            continue
        if len(ln.text) > PRINTED_LINE:  # a page flattened into one line
            text = _rejoined(text, lx)
        if _lone_page_number(text, lx, lines, index, removed):
            removed[ln.no].append("page furniture: page number")
            continue
        for col, piece in _cut(text, lx):
            out.append(Line(ln.no, piece, col))
    return Layout(out, dict(removed))


def _screen(lines: list[Line], lx: Lexicon, own: str | None) -> set[int]:
    """The lines that may hold something to take out or a place to cut, found by searching
    the whole text once per pattern (a search per line and pattern was most of this stage);
    a line found here is then read as before, one not found cannot need it."""
    text = "\n".join(ln.text for ln in lines)
    starts = list(itertools.accumulate((len(ln.text) + 1 for ln in lines), initial=0))
    busy: set[int] = set()

    def mark(a: int, b: int) -> None:
        first = bisect.bisect_right(starts, a) - 1
        last = bisect.bisect_right(starts, max(a, b - 1)) - 1
        busy.update(range(first, last + 1))

    furniture, chrome, cuts = _screens(lx)
    for rx in furniture:
        for m in rx.finditer(text):
            mark(m.start(), m.end())
    busy.update(n for n, ln in enumerate(lines) if chrome.fullmatch(ln.text))
    if own:
        for at in _occurrences(text, own):
            mark(at, at + len(own))
    busy.update({n + 1 for n in busy} | {n - 1 for n in busy})  # a page number beside them
    # a text that is one paragraph a page (every line longer than a printed line) is read
    # whole; otherwise the lines where a part begins after another's end
    if all(len(ln.text) > PRINTED_LINE for ln in lines):
        return set(range(len(lines)))
    for rx, within in cuts:  # a cut is inside a line: a match across a line's end is not
        for m in rx.finditer(text):
            if within:
                if "\n" not in m.group():
                    mark(m.start(), m.end())
            elif m.start() and text[m.start() - 1] != "\n" and text[m.start() - 1].isspace():
                mark(m.start(), m.end())  # "\s+(?=X)" cuts only after a space inside a line
    checked: set[int] = set()
    for m in _heading_words(lx).finditer(text):  # then each line naming one, as a whole
        first = bisect.bisect_right(starts, m.start()) - 1
        if m.start() == starts[first] and m.end() == starts[first + 1] - 1:
            continue  # the heading alone on its line: nothing to cut
        for n in range(first, bisect.bisect_right(starts, max(m.start(), m.end() - 1))):
            if n not in checked:
                checked.add(n)
                if _heading_cuts(lines[n].text, lx):  # where _cut would cut
                    busy.add(n)
    return busy


@cache
def _heading_words(lx: Lexicon) -> re.Pattern[str]:
    """The heading wordings alone: a screen that begins with a word is a fast search over a
    whole text (the number before a heading is optional, which defeats that)."""
    pattern = lx.heading_find_re.pattern
    number = lx.table["headings"].get("number", "").lstrip("^")
    if number and pattern.startswith(f"(?:{number})?"):
        pattern = pattern[len(f"(?:{number})?"):]
    return re.compile(pattern)


_Screens = tuple[list[re.Pattern[str]], re.Pattern[str], list[tuple[re.Pattern[str], bool]]]


@cache
def _screens(lx: Lexicon) -> _Screens:
    """The layout's patterns for a whole text (``^`` and ``$`` at every line): furniture,
    chrome as one pattern whole lines match, and where lines are cut, each cut with whether
    its match must lie within a line. Each is searched on its own: a pattern that begins with
    a character lets the engine skip ahead to it, an alternation of them would be tried at
    every position. A screen may find more than the patterns do, never less: what it finds
    is then read line by line with the patterns themselves."""
    furniture = [re.compile(_loosened(scoped(rx)), re.M) for rx in lx.furniture_res]
    cuts = []
    for rx in lx.cut_res:
        pattern = _loosened(scoped(rx))
        ahead = _lookahead_only(pattern)
        cuts.append((re.compile(ahead or pattern, re.M), ahead is None))
    # (chrome stays a pattern per line: over the whole text its alternation of words was tried
    # at every position, 0.12 s per 300 documents against 0.07)
    return furniture, lx.chrome_line_re, cuts


_LEADING_ASSERTION = re.compile(r"\\b|\(\?<[=!](?:[^()\\]|\\.)*\)")


def _loosened(pattern: str) -> str:
    """The pattern without the word boundaries and look-behinds it begins with: they match
    nowhere the rest does not, and they keep the engine from skipping ahead to the first
    character (``\\bPage…`` was tried at every position of the text)."""
    while (m := _LEADING_ASSERTION.match(pattern)) is not None:
        pattern = pattern[m.end():]
    return pattern


def _lookahead_only(pattern: str) -> str | None:
    """``X`` for a cut written ``\\s+(?=X)`` (a space before a part that begins with X):
    searching for X itself finds its lines, and X begins with a character where the space
    could be anywhere. ``None`` for any other pattern."""
    m = re.fullmatch(r"\\s\+\(\?=(.*)\)", pattern, re.S)
    if m is None or m.group(1).startswith("(?i"):  # a case-blind start defeats the skip
        return None
    try:
        re.compile(m.group(1))
    except re.error:  # the parentheses close earlier: "\\s+(?=A)(B)"
        return None
    return m.group(1)


def _strip_furniture(text: str, lx: Lexicon, own: str | None, head_until: int
                     ) -> tuple[str, list[str]]:
    """The line without job numbers, barcodes, "Page 2", and running heads (the document's
    own symbol outside the head, not in brackets: the head is the text's first
    ``_HEAD_CHARS`` characters); a page number beside any of them goes too. A page break in
    a flattened text falls inside a sentence: the two sides are joined."""
    spans: list[tuple[int, int, str]] = []
    for rx in lx.furniture_res:
        spans += [(m.start(), m.end(), "page furniture") for m in rx.finditer(text)]
    if own:
        first = True
        for at in _occurrences(text, own, alone=True):
            if at >= head_until or not first:
                spans.append((at, at + len(own), "page furniture: running head"))
            first = False
    if not spans:
        return text, []
    if lx.page_number_re is not None:
        spans += [(m.start(), m.end(), "page furniture: page number")
                  for m in lx.page_number_re.finditer(text)
                  if _adjacent(text, m.start(), m.end(), spans)]
    spans.sort()
    kept, at = [], 0
    for s, e, _ in spans:
        if s >= at:
            kept.append(text[at:s])
            at = e
        else:
            at = max(at, e)
    kept.append(text[at:])
    joined = _SPACE.sub(" ", " ".join(k.strip() for k in kept if k.strip()))
    return joined, sorted({role for _, _, role in spans})


def _occurrences(text: str, own: str, alone: bool = False) -> list[int]:
    """Where the document's own symbol stands in the text, not overlapping; ``alone``: not
    inside a word, a longer symbol or brackets. A search for a string, not a pattern: each
    document's symbol compiled to a pattern was a compile per document."""
    out, at = [], text.find(own)
    while at >= 0:
        end = at + len(own)
        if alone and ((at and _bound(text[at - 1], "(（/")) or
                      (end < len(text) and _bound(text[end], "/)）"))):
            at = text.find(own, at + 1)
            continue
        out.append(at)
        at = text.find(own, end)
    return out


def _bound(ch: str, marks: str) -> bool:
    """Whether a symbol next to ``ch`` is part of something longer (``\\w`` or a mark)."""
    return ch in marks or ch.isalnum() or ch == "_"


_BROKEN = re.compile(r"(?<=[^\W\d_]{2})- (?=([^\W\d_]+))")


def _rejoined(text: str, lx: Lexicon) -> str:
    """Words a hyphen broke at a printed line's end, run into one line when a page was
    flattened ("Conven- tion", "deci- sion 2/6"), whole again: a hyphen, a space, then a word
    in lower case that the table does not list as following a word's own hyphen ("pre- and
    post-trial")."""
    if "- " not in text:
        return text
    return _BROKEN.sub(lambda m: "" if m.group(1)[0].islower() and
                       m.group(1) not in lx.suspended_words else m.group(), text)


def _adjacent(text: str, start: int, end: int, spans: list[tuple[int, int, str]]) -> bool:
    """Whether only white space lies between [start, end) and one of the spans."""
    for s, e, _ in spans:
        gap = text[e:start] if e <= start else text[end:s] if s >= end else None
        if gap is not None and not gap.strip():
            return True
    return False


def _lone_page_number(text: str, lx: Lexicon, lines: list[Line], index: int,
                      removed: dict[int, list[str]]) -> bool:
    """A line holding only "2/6" next to a line that was page furniture (a footer)."""
    if lx.page_number_re is None or not lx.page_number_re.fullmatch(text.strip()):
        return False
    neighbours = [ln for ln in (lines[index - 1] if index else None,
                                lines[index + 1] if index + 1 < len(lines) else None) if ln]
    return any(any(r.startswith("page furniture") for r in removed.get(ln.no, ()))
               or any(rx.search(ln.text) for rx in lx.furniture_res) for ln in neighbours)


def _cut(text: str, lx: Lexicon) -> list[tuple[int, str]]:
    """The line in pieces, cut where a heading, an item, a footnote rule or a row of the
    annex begins (the table's ``[layout] cuts``), each with its column."""
    points = set(_heading_cuts(text, lx))
    for rx in lx.cut_res:
        points.update(m.end() for m in rx.finditer(text) if 0 < m.end() < len(text))
    if not points:
        return [(0, text)]
    bounds = [0, *sorted(points), len(text)]
    out = []
    for a, b in itertools.pairwise(bounds):
        piece = text[a:b]
        stripped = piece.strip()
        if stripped:
            out.append((a + len(piece) - len(piece.lstrip()), stripped))
    return out


def _heading_cuts(text: str, lx: Lexicon) -> list[int]:
    """Before and after every heading standing as a heading: capitalised where the script has
    capitals, and followed by the end of the line or by what begins a part (a number, another
    heading, a capital after a sentence's end). "Annotated provisional agenda (CAC/…)" in a
    list of documents is a title, not a heading."""
    found = list(lx.heading_find_re.finditer(text))
    if not found:
        return []
    cuts: list[int] = []
    previous_end = -1
    starts = {m.start() for m in found}
    for m in found:
        s, e = m.start(), m.end()
        at = _heading_start(text, s, e, lx, starts, previous_end)
        numbered = lx.heading_number_re.match(m.group()) if lx.heading_number_re else None
        if at is None and numbered and numbered.end() < e - s:
            # "in resolution 74/264 A. Documentation": the letter ends what went before, it
            # does not number the heading after it
            at = _heading_start(text, s + numbered.end(), e, lx, starts, previous_end)
        if at is None:
            continue
        cuts += [at, e]
        previous_end = e
    return [c for c in cuts if 0 < c < len(text)]


def _heading_start(text: str, s: int, e: int, lx: Lexicon, starts: set[int],
                   previous_end: int) -> int | None:
    """``s`` if the heading found at ``s``-``e`` stands as a heading there, else ``None``."""
    first = next((ch for ch in text[s:e] if ch.isalpha()), "")
    if first and first.lower() != first.upper() and not first.isupper():
        return None  # "the provisional agenda" in running text
    before = text[:s].rstrip()
    if s and not text[s - 1].isspace() and not _opens_after(text[s - 1]):
        return None  # inside a word
    if _titles_item(text, s, lx):
        return None  # "(d) Organization of work": a sub-item titled as a heading is worded
    rest = text[e:].lstrip()
    if e < len(text) and not text[e].isspace():
        return None  # "Annexes", "Annotations2", "拟议工作安排（见附件）"
    strong_before = not before or before[-1] in _ENDS or previous_end == len(before) or \
        (lx.unspaced and before[-1] in _ENDS_CJK) or bool(_CALLED.search(before))
    gap = len(text[e:]) - len(rest)
    if not rest:
        strong_after = True
    elif rest[0] in "(（":
        return None  # a document's title before its symbol
    else:
        strong_after = rest[0].isdigit() or rest[0] in "*_" or (e + gap) in starts or \
            bool(lx.heading_number_re and lx.heading_number_re.match(rest) and
                 lx.heading_find_re.match(rest))
    # a capital, or any letter of a script without capitals (Arabic, Chinese)
    weak_after = rest and (rest[0].isupper() or lx.unspaced or
                           (rest[0].isalpha() and rest[0].lower() == rest[0].upper()))
    marked = text[s:e].rstrip().endswith(("*", "＊"))  # "Annotated provisional agenda*"
    return s if strong_after or marked or (weak_after and strong_before) else None


def _titles_item(text: str, s: int, lx: Lexicon) -> bool:
    """Whether the heading found at ``s`` is the title of the item, sub-item or item of the
    third level numbered right before it, at the line's start, or of a sub-item inside a
    flattened line ("… (A/CONF.234/1/Rev.1) (d) Organization of work Owing to …")."""
    before = text[:s].rstrip()
    at = max(before.rfind(" "), before.rfind("\u00a0")) + 1  # the number's own word
    # inside a line, only a letter or numeral in brackets: "… and 9. Documentation" ends a
    # sentence with a number, it does not number an item titled "Documentation"
    patterns = (lx.item_at_re, lx.sub_item_at_re, lx.sub_sub_item_at_re) if at == 0 else \
        (lx.sub_item_at_re, lx.sub_sub_item_at_re)
    for rx in patterns:
        numbered = rx.match(text, at) if rx is not None else None
        if numbered and numbered.groupdict().get("title") and numbered.start("title") == s:
            return True
    return False


_ENDS = ".;:)*”\"»]؛"
_CALLED = re.compile(r"[.;:)”»。；]\d{1,2}$")  # a sentence's end and its footnote call: "Convention.1"
_ENDS_CJK = "。；：）)”"


def _opens_after(ch: str) -> bool:
    """A character after which a heading may follow with no space (Chinese punctuation)."""
    return ch in _ENDS_CJK
