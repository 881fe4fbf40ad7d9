"""The annotations: each item's heading again, its paragraphs and its documentation list,
collected per item (``ItemText``) for the facts to be read from them. A heading may run on
into its first paragraph, a documentation entry into the next; a page turn may fall inside a
sentence."""

from __future__ import annotations

import re

from .facts import ItemText
from .identifiers import SPACED_SYMBOL_PATTERN
from .model import Footnote
from .normalize import Line
from .parsestate import KEY_DROPPED, ParseState, key, key_end

_SPACED_SYMBOL = SPACED_SYMBOL_PATTERN
# the end of a documentation entry, its symbol in brackets, with another entry after it
_ENTRY_END = re.compile(rf"[(（]\s*{_SPACED_SYMBOL}[^()（）]{{0,120}}?[)）][.。]?(?=\s+\S)")
_ENTRY_ANY = re.compile(rf"[(（]\s*{_SPACED_SYMBOL}")  # a document's symbol in brackets
_DROPPED = frozenset(KEY_DROPPED)
_BULLET = re.compile(r"[•·▪◦○■□‣⁃–-]\s+")  # a list mark before a documentation entry


class AnnotationsReader(ParseState):
    """Walks the annotations into ``texts``, one :class:`ItemText` per item."""

    texts: dict[str, ItemText]
    footnotes: list[Footnote]
    note: list[list[Line]]

    def annotations(self, lines: list[Line]) -> None:
        self.walk = _Walk()
        queue = list(lines)
        while queue:
            ln = queue.pop(0)
            rest = self.annotation_line(ln)
            if rest is not None:
                queue.insert(0, rest)
        self.walk.flush(self)

    def annotation_line(self, ln: Line) -> Line | None:
        """Read one line of the annotations; return the part of it that belongs to what
        follows (a heading run together with its first paragraph), to be read next."""
        w = self.walk
        opened = self.heading_for(ln)
        if opened is not None:
            number, head, rest = opened
            w.flush(self)
            w.current = number
            parent = self.rec.item(number).parent  # type: ignore[union-attr]
            if parent is None:
                w.top, w.sub = number, None
            elif parent == w.top:
                w.sub = number
            self.texts[number] = ItemText(heading=[head])
            self.take(head, role=f"annotations: item {number} heading")
            w.mode = "heading" if rest is None else "text"
            return rest
        if w.mode == "heading" and w.current is not None:
            taken, rest = self._heading_goes_on(ln, w.current)
            if taken:
                return rest
            w.mode = "text"
        if ln.is_break:
            # a page turn in a flattened text is a break inside a sentence: a paragraph
            # ends at a break only where its sentence has ended; a documentation entry ends
            # there unless its symbol is still to come (it may begin the next page)
            if w.mode == "documentation" and w.para and not _ENTRY_ANY.search(self.join(w.para)):
                w.open_entry = True
            elif not w.para or w.mode == "documentation" or \
                    self.lx.ends_paragraph(w.para[-1].text):
                w.flush(self)
            return None
        if self.lx.heading(ln.text) == "segment":  # "Serie de sesiones sobre cuestiones
            # operacionales" between the items' annotations: it ends what came before
            w.flush(self)
            w.mode = "text"
            self.take(ln, role="annotations: segment heading")
            return None
        lead = self.lx.heading_find_re.match(ln.text)
        if lead and lead.end() < len(ln.text) and self.lx.heading(lead.group()) == "documentation" \
                and (ln.text[lead.end()].isspace() or _ENTRY_ANY.search(ln.text[lead.end():])) \
                and _starts_sentence(ln.text[lead.end():]):
            # "Documentation Progress report … (CAC/COSP/2017/6)": the heading, then an entry
            # ("Документация не предусмотрена." is a sentence: its word goes on in lower case)
            ln, rest = _split(ln, lead.end())
            w.flush(self)
            w.mode = "documentation"
            self.take(ln, role="heading: documentation")
            return rest
        if self.lx.heading(ln.text) == "documentation":
            w.flush(self)
            w.mode = "documentation"
            self.take(ln, role="heading: documentation")
            return None
        if w.current is None:  # text before the first item's heading ("The reconvened
            # session will be opened on …"): the document's, as a note before the agenda is
            if w.mode == "text":
                self.take(ln, role="annotations: text before the first item")
                w.para.append(ln)
                if self.lx.ends_paragraph(ln.text):
                    w.flush(self)
            return None
        rest = None
        if w.open_entry:  # the entry before the break goes on only with its symbol
            w.open_entry = False
            if w.mode == "documentation" and not _ENTRY_ANY.match(ln.text):
                w.flush(self)
        if w.mode == "documentation":
            bullet = _BULLET.match(ln.text)
            if bullet:  # "• Report of the Executive Director … (E/CN.7/2018/2)": a web copy's
                # list mark is not part of the entry; an entry begins there
                w.flush(self)
                self.take(ln, role=f"annotations: item {w.current} documentation")
                ln = Line(ln.no, ln.text[bullet.end():], ln.col)
            m = _ENTRY_END.search(ln.text)
            if m:
                ln, rest = _split(ln, m.end())
        self.annotation_text(ln)
        return rest

    def _heading_goes_on(self, ln: Line, number: str) -> tuple[bool, Line | None]:
        """Whether the line goes on with a heading shorter than its item's title (wrapped),
        and what follows the title on it, where its paragraph begins on the same line."""
        heading = self.texts[number].heading
        wanted = len(key(self.rec.item(number).title))  # type: ignore[union-attr]
        have = len(key(self.heading_title(heading)))
        if ln.is_break or have >= wanted or self.lx.heading(ln.text):
            return False, None
        end = key_end(ln.text, wanted - have)
        if end is not None and ln.text[end:].strip(" .:;") and self.starts_part(ln.text[end:]):
            head, rest = _split(ln, end)
            heading.append(head)
            self.take(head, role=f"annotations: item {number} heading")
            self.walk.mode = "text"
            return True, rest
        heading.append(ln)
        self.take(ln, role=f"annotations: item {number} heading")
        return True, None

    def annotation_text(self, ln: Line) -> None:
        w = self.walk
        assert w.current is not None
        part = "documentation" if w.mode == "documentation" else "text"
        self.take(ln, role=f"annotations: item {w.current} {part}")
        known = {f.number for f in self.footnotes}
        calls = [m for m in self.lx.footnote_marker_re.finditer(ln.text)
                 if m.group("number") in known] if known else []  # "刑事犯罪。1", "Protocol.1"
        self.texts[w.current].markers += [(m.group("number"), ln.no) for m in calls]
        for marker in reversed(calls):
            ln = Line(ln.no, ln.text[: marker.start()] + ln.text[marker.end():], ln.col)
        w.para.append(ln)
        ends = self.lx.ends_paragraph(ln.text)
        if w.mode == "documentation":
            ends = ends or bool(self.lx.document_entry_re.match(self.join(w.para)))
        if ends:
            w.flush(self)

    def heading_for(self, ln: Line) -> tuple[str, Line, Line | None] | None:
        """The item this line opens, if it is the heading of a later item: (number, the
        heading, the rest of the line when a paragraph runs on after the title)."""
        if ln.is_break:
            return None
        w = self.walk
        m = self.lx.item_re.match(ln.text)
        number = None
        if m:
            number = self.lx.item_number(m.group("number"))
        else:
            m = self.lx.sub_item_re.match(ln.text)
            if m and w.top is not None:
                number = f"{w.top}({self.lx.letter(m.group('letter'))})"
            third = self.lx.sub_sub_item_re.match(ln.text) \
                if self.lx.sub_sub_item_re and w.sub is not None else None
            numeral = self.lx.numeral(third.group("numeral")) if third else None
            if numeral and not (number and self.rec.item(number)):  # "(i)" under "(e)"
                m, number = third, f"{w.sub}({numeral})"
        item = self.rec.item(number) if number else None
        if m is None or item is None or item.number in self.texts:
            return None
        if w.current is not None and item.order < self.rec.item(w.current).order:  # type: ignore[union-attr]
            return None
        title = m.group("title") or ""
        if title and not _starts_alike(title, item.title):
            return None  # a numbered paragraph, not this item's heading
        start = m.start("title") if m.group("title") else len(ln.text)
        wanted = len(key(item.title))
        end = key_end(title, wanted)
        if end is not None and title[end:].strip(" .:;") and self.starts_part(title[end:]):
            head, rest = _split(ln, start + end)
            return item.number, head, rest
        cut = _shortened(title, item.title) if key(title) != key(item.title) else None
        if cut is not None:  # a heading shorter than the title, its paragraph run on after it
            head, rest = _split(ln, start + cut)
            return item.number, head, rest
        return item.number, ln, None

    def starts_part(self, text: str) -> bool:
        """What follows a heading's title starts a paragraph or the next heading ("a)
        Ouverture …"), not the rest of a longer title."""
        stripped = text.lstrip(" .:;")
        return _starts_sentence(stripped) or bool(self.lx.sub_item_re.match(stripped))


class _Walk:
    """Where the walk through the annotations stands."""

    def __init__(self) -> None:
        self.current: str | None = None
        self.top: str | None = None
        self.sub: str | None = None  # the sub-item of ``top`` whose heading came last
        self.mode = "text"  # "heading" | "text" | "documentation"
        self.para: list[Line] = []
        # a documentation entry without its symbol met a break: it goes on only if the next
        # line begins with the symbol ("(E/CN.7/2020/8)", the first words of the next page)
        self.open_entry = False

    def flush(self, parser: AnnotationsReader) -> None:
        self.open_entry = False
        if self.para and self.current is not None:
            bucket = parser.texts[self.current]
            (bucket.documents if self.mode == "documentation" else bucket.paragraphs).append(self.para)
        elif self.para:  # before the first item: read with the note before the agenda
            parser.note.append(self.para)
        self.para = []



def _split(ln: Line, at: int) -> tuple[Line, Line]:
    """A line in two at ``at``: what follows starts after the punctuation that ends the first."""
    head = Line(ln.no, ln.text[:at].rstrip(), ln.col)
    rest_text = ln.text[at:]
    stripped = rest_text.lstrip(" .:;")
    return head, Line(ln.no, stripped, ln.col + len(ln.text) - len(stripped))


def _starts_alike(text: str, title: str) -> bool:
    """Whether a line begins like an item's title (its first key characters, up to twelve):
    the annotation heading of an item may word the title a little differently."""
    a, b = key(text), key(title)
    n = min(12, len(a), len(b))
    return n == 0 or a[:n] == b[:n]


def _shortened(text: str, title: str) -> int | None:
    """Where a heading that shortens its item's title ends, when a sentence runs on after it
    on the same line (a flattened page): "(a) Work of the working group In its resolution
    …" under the title "Work of the working group on improving …". The text must follow the
    title's words for twelve key characters or more, then leave them at a word that starts a
    sentence; ``None`` where it does not (a heading worded otherwise stays whole)."""
    wanted = key(title)
    matched, at = 0, None
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _DROPPED:
            continue
        if matched < len(wanted) and ch.casefold() == wanted[matched]:
            matched += 1
            continue
        at = i
        break
    if at is None or matched < 12 or not text[at - 1].isspace() or not _starts_sentence(text[at:]):
        return None
    return at


def _starts_sentence(text: str) -> bool:
    """The text after a heading's title starts a paragraph (a capital, a digit, a quotation,
    an ideograph), not the rest of a longer title."""
    stripped = text.lstrip(" .:;")
    return bool(stripped) and (stripped[0].isupper() or stripped[0].isdigit()
                               or stripped[0] in "“«\"(（" or (not stripped[0].isascii()
                               and not stripped[0].islower()))
