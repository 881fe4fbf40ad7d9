"""Language tables compiled into matchers: a :class:`Lexicon` is one table's rules
(headings, numerals, date/time/citation patterns, with examples) as patterns and word lists.

A table is data (``languages`` loads it); this module is the one engine that compiles any of
them. Adding a language is a new table, not new code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .errors import LexiconError
from .identifiers import RESOLUTION_NUMBER_PATTERN, SPACED_SYMBOL_PATTERN
from .languages import HEADING_SETTINGS, available_languages, load_table
from .lexvalues import LATIN_LETTERS, ROMAN_NUMERALS, ValueReader
from .reference import Reference

_NAMED_GROUP = re.compile(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>")

_SPACED_RESNUM = RESOLUTION_NUMBER_PATTERN.replace("/", "/ ?")


def _resnum(special: list[str]) -> str:
    """An act's number, also with the language's own "S-" of a special session's act."""
    if not special:
        return _SPACED_RESNUM
    prefixes = "|".join(re.escape(x) for x in special)
    return _SPACED_RESNUM.replace("(?:S-)?", f"(?:S-|{prefixes})?", 1)


def _uncapture(pattern: str) -> str:
    """Turn named groups into plain groups so a sub-pattern can be embedded many times."""
    return _NAMED_GROUP.sub("(?:", pattern)


def _alternation(names: list[str]) -> str:
    """A regex alternation of literal names, longest first so the longest name wins."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "(?:" + "|".join(re.escape(n) for n in ordered) + ")" if ordered else "(?!)"


def _number_words(numerals: dict[str, Any]) -> dict[str, int]:
    """Number words of a table, lower-cased; ``ordinal_stems`` × ``ordinal_endings`` expand to
    every inflected form (седьм + ое/ого/ом … = 7), so case endings are data, not code."""
    words = {k.lower(): v for k, v in {**numerals.get("words", {}), **numerals.get("ordinals", {})}.items()}
    for stem, value in numerals.get("ordinal_stems", {}).items():
        for ending in numerals.get("ordinal_endings", [""]):
            words.setdefault((stem + ending).lower(), value)
    return words


def _fold(text: str, marks: re.Pattern[str] | None) -> str:
    text = text.strip().lower()
    return marks.sub("", text) if marks else text


_SPACES = re.compile(r"\s+")


def _heading_key(text: str, marks: re.Pattern[str] | None) -> str:
    """How a line is compared with a table's headings: no spaces, no case, no optional marks."""
    return _fold(_SPACES.sub("", text), marks)


# characters at the end of a text that a pattern anchored at its end ("[.;]$" behind a few
# look-behinds) can see
_TAIL = 16


@cache
def _all_chrome() -> tuple[re.Pattern[str], ...]:
    """The web-chrome patterns of every language table."""
    return tuple(re.compile(p) for lang in available_languages()
                 for p in load_table(lang).get("layout", {}).get("chrome", []))


def scoped(rx: re.Pattern[str]) -> str:
    """A pattern that may stand inside an alternation: its global flags made local."""
    pattern = rx.pattern
    if pattern.startswith("(?i)"):
        return f"(?i:{pattern[4:]})"
    return f"(?i:{pattern})" if rx.flags & re.IGNORECASE else pattern



class Lexicon(ValueReader):
    """A compiled language table, bound to the reference data whose names it must recognise."""

    def __init__(self, language: str, reference: Reference):
        self.language = language
        self.table = load_table(language)
        self.reference = reference
        self._heading_of: dict[str, str | None] = {}  # the parser asks about a line 2-3 times
        try:
            self._compile()
        except (KeyError, re.error) as exc:
            raise LexiconError(f"language table {language!r} is incomplete or invalid: {exc}") from exc

    # -- compilation ----------------------------------------------------------------------
    def _compile(self) -> None:
        """Every rule of the table, family by family: the placeholders first, since the
        patterns of the later families are written with them."""
        t = self.table
        self._compile_context(t)
        self._compile_placeholders(t)
        self._compile_dates(t)
        self._compile_headings(t)
        self._compile_text(t)
        self._compile_items(t)
        self._compile_head(t)
        self._compile_layout(t)
        self._compile_session(t)
        self._compile_citations(t)
        self._compile_mandates(t)

    def _compile_context(self, t: dict[str, Any]) -> None:
        """Optional marks, and the words that name the document's own organs and treaty."""
        self.marks_re = re.compile(t["text"]["marks"]) if t["text"].get("marks") else None
        # words that name the document's own organ or treaty ("the Conference", "the
        # Convention"), by the role they name: the parser resolves them per document
        context = t.get("context", {})
        self.context_bodies: dict[str, str] = {
            word: role for role, words in context.get("bodies", {}).items() for word in words}
        self.context_instruments: dict[str, str] = {
            word: role for role, words in context.get("instruments", {}).items() for word in words}

    def _compile_placeholders(self, t: dict[str, Any]) -> None:
        """Numbers, days and months, symbols and names: the placeholders patterns are written with."""
        num_chars = "".join(t["numerals"].get("digits", {})) + "".join(t["numerals"].get("units", {}))
        self._words = _number_words(t["numerals"])
        words = list(self._words)
        num = rf"(?:\d|[{re.escape(num_chars)}])" if num_chars else r"\d"
        if words:  # a number in words: up to three words, "vingt et unième", "twenty-first"
            num = rf"(?:\d+|{_alternation(words)}(?:[-\s]{_alternation(words)}){{0,2}})"
        subpara = t["numerals"].get("subparagraphs", {})
        self._subpara: dict[str, int] = dict(subpara)
        self._weekdays: dict[str, int] = dict(t["dates"]["weekdays"])
        self._months: dict[str, int] = {k.lower(): v for k, v in t["dates"].get("months", {}).items()}
        self.placeholders: dict[str, str] = {
            "NUM": num,
            "SUBPARA": rf"(?:{_alternation(list(subpara))}|[a-z]|\d+)" if subpara else r"(?:[a-z]|\d+)",
            # a number broken after its "/" at a line's end, then run together with a space
            # by a converter ("第 2020/ 21 号决议"): read whole, the space dropped (citations)
            "RESNUM": _resnum(t.get("citations", {}).get("special_prefix", [])),
            # optional combining marks (Arabic vowel signs, shadda) where a table allows them
            "M": f"(?:{t['text']['marks']})*" if t["text"].get("marks") else "",
            "SYMBOL": SPACED_SYMBOL_PATTERN,
            # names of days and months match in any case: "Mardi" in a heading, "mardi" in text
            "WEEKDAY": "(?i:" + _alternation(list(self._weekdays)) + ")",
            "MONTH": "(?i:" + _alternation(list(t["dates"].get("months", {}))) + ")",
            # issuers by name, and the words that name the document's own organs ("Conference")
            "ISSUER": _alternation(self.reference.issuer_names(self.language)
                                   + list(self.context_bodies)),
            "BODY": _alternation(self.reference.body_names(self.language)),
        }

    def _compile_dates(self, t: dict[str, Any]) -> None:
        """Dates, ranges of dates, times of day and the day headings of the annex."""
        self.placeholders["DATE"] = _uncapture(self._expand(t["dates"]["date"]))
        self.date_re = self._re(t["dates"]["date"])
        self.date_range_res = [self._re(p) for p in t["dates"]["range"]]
        self.placeholders["DATE_RANGE"] = (
            "(?:" + "|".join(_uncapture(self._expand(p)) for p in t["dates"]["range"])
            + "|" + self.placeholders["DATE"] + ")"
        )
        self.placeholders["TIME"] = _uncapture(self._expand(t["times"]["point"]))
        self.time_re = self._re(t["times"]["point"])
        self.placeholders["TIME_RANGE"] = _uncapture(self._expand(t["times"]["range"]))
        self.time_range_re = self._re(t["times"]["range"])
        self.day_heading_re = self._re(t["dates"]["day_heading"])
        self._periods: dict[str, str] = {k.lower(): v for k, v in t["times"]["periods"].items()}

    def _compile_headings(self, t: dict[str, Any]) -> None:
        """The kinds of section heading, their numbers and marks, and the boilerplate."""
        hd = t["headings"]
        # the wordings of each kind of heading, as the table writes them (for messages)
        self.heading_words: dict[str, list[str]] = {
            key: list(values) for key, values in hd.items() if key not in HEADING_SETTINGS}
        self.headings = {
            key: {_heading_key(v, self.marks_re) for v in values}
            for key, values in self.heading_words.items()
        }
        # "I. Provisional agenda", "一、临时议程"; "Annotated provisional agenda*"
        self.heading_number_re = re.compile(hd["number"]) if hd.get("number") else None
        self.heading_mark_re = re.compile(hd["mark"]) if hd.get("mark") else None
        self.boilerplate = [self._re(p) for p in hd.get("boilerplate", [])]
        self.heading_find_re = self._heading_finder()

    def _compile_text(self, t: dict[str, Any]) -> None:
        """Sentences, paragraphs, titles and footnotes."""
        tx = t["text"]
        self.join = t.get("join", "")
        self.unspaced = self.join == ""  # a script without spaces between words (Chinese)
        self.sentence_split_re = self._re(tx["sentence_split"])
        self.paragraph_end_re = self._re(tx["paragraph_end"])
        self.title_trailing_re = self._re(tx["title_trailing"])
        self.footnote_rule_re = self._re(tx["footnote_rule"])
        self.footnote_re = self._re(tx["footnote"])
        self.footnote_marker_re = self._re(tx["footnote_marker"])
        self.annex_reference_res = [self._re(p) for p in tx.get("annex_reference", [])]

    def _compile_items(self, t: dict[str, Any]) -> None:
        """Items and sub-items of the agenda list, and rows of the annex."""
        it = t["items"]
        self.item_re = self._re(it["item"])
        self.sub_item_re = self._re(it["sub_item"])
        # the same, matched at a position inside a line (``pattern.match(text, pos)``: a
        # leading ``^`` would only match at the line's start)
        self.item_at_re = self._re(it["item"].removeprefix("^"))
        self.sub_item_at_re = self._re(it["sub_item"].removeprefix("^"))
        # sub-item letters in the language's own sequence ("أ", "ب" …) map to a, b … by position
        sequence = list(it["letters"])
        self._letters: dict[str, str] = {
            letter: LATIN_LETTERS[i] for i, letter in enumerate(sequence[: len(LATIN_LETTERS)])}
        self._letters |= {k: self._letters.get(v, v) for k, v in it.get("letter_aliases", {}).items()}
        # the third level ("(i)" under "(e)"), where the table has it: its numerals in the
        # language's own sequence ("i", "ii" …; "㈠", "㈡" …) map to i, ii … by position
        third = it.get("sub_sub_item")
        self.sub_sub_item_re = self._re(third) if third else None
        self.sub_sub_item_at_re = self._re(third.removeprefix("^")) if third else None
        self._numerals = {n: ROMAN_NUMERALS[i]
                          for i, n in enumerate(it.get("numerals", [])[: len(ROMAN_NUMERALS)])}
        self.schedule_row_re = self._re(it["schedule_row"])
        self.continued_re = self._re(it["continued"])

    def _compile_head(self, t: dict[str, Any]) -> None:
        """The head: dates and venue, ordinal, where the session is held, body forms."""
        hr = t["header"]
        self.header_res = [self._re(p) for p in hr["dates_venue"]]
        self.venue_start_res = [self._re(p) for p in hr.get("venue_start", [])]
        self.header_ordinal_res = [self._re(p) for p in hr.get("ordinal", [])]
        self.held_res = [self._re(p) for p in hr.get("held", [])]
        self.held_words = tuple(hr.get("held_words", ()))
        self.held_place_res = [self._re(p) for p in hr.get("held_place", [])]
        self.header_tokens = [self._re(p) for p in hr.get("tokens", [])]
        self.document_start_res = [self._re(p) for p in hr.get("document_start", [])]
        self.before_item_res = [self._re(p) for p in hr.get("before_item", [])]
        self.body_form_res = [self._re(p) for p in t.get("bodies", {}).get("forms", [])]

    def _compile_layout(self, t: dict[str, Any]) -> None:
        """Page furniture, web chrome and the cuts of a flattened page."""
        ly = t.get("layout", {})
        self.furniture_res = [self._re(p) for p in ly.get("furniture", [])]
        self.page_number_re = self._re(ly["page_number"]) if ly.get("page_number") else None
        self.chrome_res = [self._re(p) for p in ly.get("chrome", [])]
        # every table's chrome (whole lines) as one pattern a whole line matches
        self.chrome_line_re = re.compile(
            "|".join(f"(?:{scoped(rx)})" for rx in (*self.chrome_res, *_all_chrome())) or "(?!)")
        self.cut_res = [self._re(p) for p in ly.get("cuts", [])]
        # words after a hyphen that is a word's own ("pre- and post-trial"): a flattened page's
        # "Conven- tion" is a word broken at a line's end, "pre- and" is not
        self.suspended_words = frozenset(ly.get("suspended_words", []))

    def _compile_session(self, t: dict[str, Any]) -> None:
        """The opening of the session and its plenary meetings."""
        self.opening_res = [self._re(p) for p in t["session"]["opening"]]
        self.opening_ordinal_res = [self._re(p) for p in t["session"].get("opening_ordinal", [])]
        self.agenda_ordinal_res = [self._re(p) for p in t["session"].get("agenda_ordinal", [])]
        self.plenary_res = [self._re(p) for p in t["session"]["plenary"]]
        # words every match holds, tested before the patterns (none: always searched)
        self.opening_words = tuple(t["session"].get("opening_words", ()))
        self.plenary_words = tuple(t["session"].get("plenary_words", ()))

    def _compile_citations(self, t: dict[str, Any]) -> None:
        """Acts and their issuers, provisions, symbols."""
        ct = t["citations"]
        self.resolution_res = [self._re(p) for p in ct["resolution"]]
        self.act_kinds: dict[str, str] = {self.fold(k): v for k, v in ct["kinds"].items()}
        # the issuer named as the subject after the act: "In its resolution 7/1, the Conference"
        self.issuer_after_res = [self._re(p) for p in ct.get("issuer_after", [])]
        # … or before it: what may lie between the issuer named last and the act ("The
        # General Assembly, in its resolution"; Arabic "قرَّر المؤتمر، في القرار 7/1")
        self.issuer_before_res = [self._re(p) for p in ct.get("issuer_before", [])]
        self.issuer_before_possessive_res = [self._re(p)
                                             for p in ct.get("issuer_before_possessive", [])]
        self.possessive_kinds = frozenset(self.fold(k) for k in ct.get("possessive_kinds", []))
        # between two acts whose issuer is named once, after both ("resolution 4/1 and
        # decision 5/1 of the Conference")
        self.act_join_re = self._re(ct["act_join"]) if ct.get("act_join") else None
        self.act_possessive_re = self._re(ct["act_possessive"]) if ct.get("act_possessive") else None
        # a second clause of the same subject: "By its resolution 5/3, the Conference …, and in
        # its resolution 7/1 decided": the text between the two acts
        self.act_clause_res = [self._re(x) for x in ct.get("act_clause", [])]
        # the subject of the sentence, for an act with no issuer near it
        self.issuer_subject_re = self._re(ct["issuer_subject"]) if ct.get("issuer_subject") else None
        # an issuer named anywhere (before an act: "The General Assembly, in its resolution")
        self.issuer_re = self._re("{ISSUER}")
        self.provision_res = [self._re(p) for p in ct["provision"]]
        self.resolution_words = tuple(ct.get("resolution_words", ()))
        self.provision_words = tuple(ct.get("provision_words", ()))
        # how a provision is joined to the instrument named after it ("article 16 of the
        # Convention"); a language that names the instrument first has none
        self.provision_of_res = [self._re(p) for p in ct.get("provision_of", [])]
        # how the language writes the "S-" of a special session's act ("دإ-30/1" is S-30/1)
        self.special_prefixes: tuple[str, ...] = tuple(ct.get("special_prefix", ()))
        self.resnum_re = re.compile(self.placeholders["RESNUM"])
        self.symbol_re = re.compile(self.placeholders["SYMBOL"])

    def _compile_mandates(self, t: dict[str, Any]) -> None:
        """Mandates, the decisions of the Bureau and documentation entries."""
        self.mandate_trigger_res = [self._re(p) for p in t["mandates"]["trigger"]]
        self.mandate_verbs = [(self._re(p), v) for p, v in t["mandates"]["verbs"].items()]
        self.verbs_anywhere = t["mandates"].get("verb_position", "after") == "anywhere"
        self.decision_verb_res = [self._re(p) for p in t["decisions"]["verbs"]]
        self.silence_res = [self._re(p) for p in t["decisions"]["silence"]]

        self.document_entry_re = self._re(t["documents"]["entry"])
        joins = "|".join(re.escape(w) for w in t["documents"].get("entry_joins", []))
        # a text that stops inside an entry's brackets after a whole symbol and a joining
        # mark or word: "(E/CN.7/2020/13-", "(CAC/COSP/IRG/2018/7 y"
        self.entry_cut_re = re.compile(rf"(?<=[0-9A-Za-z])\s*(?:[-–—,]|\s(?:{joins}))\s*$"
                                       if joins else r"(?<=[0-9A-Za-z])\s*[-–—,]\s*$")
        self.prepared_res = [self._re(p) for p in t["documents"]["prepared"]]

    def _expand(self, pattern: str) -> str:
        def sub(m: re.Match[str]) -> str:
            key = m.group(1)
            if key not in self.placeholders:
                raise KeyError(f"unknown placeholder {{{key}}}")
            return self.placeholders[key]

        return re.sub(r"\{([A-Z_]+)\}", sub, pattern)

    def _re(self, pattern: str) -> re.Pattern[str]:
        flags = re.IGNORECASE if self.table.get("case_insensitive", False) else 0
        return re.compile(self._expand(pattern), flags)

    def fold(self, text: str) -> str:
        """A word for look-up: lower case, without the marks the table says are optional."""
        return _fold(text, self.marks_re)

    # -- headings -------------------------------------------------------------------------
    def heading(self, text: str) -> str | None:
        """The kind of section heading this line is, if it is one ("II. Annotations" and
        "Annotated provisional agenda*" are headings too)."""
        if text in self._heading_of:
            return self._heading_of[text]
        bare = text.strip()
        if self.heading_number_re is not None:
            bare = self.heading_number_re.sub("", bare, count=1)
        if self.heading_mark_re is not None:
            bare = self.heading_mark_re.sub("", bare, count=1)
        key = _heading_key(bare, self.marks_re)
        kind = next((k for k, values in self.headings.items() if key in values), None)
        if len(self._heading_of) >= 50_000:
            self._heading_of.clear()
        self._heading_of[text] = kind
        return kind

    def is_boilerplate(self, text: str) -> bool:
        return any(r.search(text) for r in self.boilerplate)

    def is_chrome(self, text: str) -> bool:
        """A line of a web page around the document (a download button, the viewer's text),
        in any language: a web page's language need not be its document's."""
        return self.chrome_line_re.fullmatch(text) is not None

    def ends_paragraph(self, text: str) -> bool:
        """Whether the text ends a sentence the way a paragraph does ("… session.", not
        "… para."): the table's pattern is anchored at the end, so only the tail is searched
        (a search over a whole paragraph tried every position)."""
        return self.paragraph_end_re.search(text[-_TAIL:]) is not None

    def heading_wording(self, kind: str) -> str:
        """The first wording of a kind of heading, for messages ("Provisional agenda")."""
        return self.heading_words.get(kind, [kind])[0]

    def _heading_finder(self) -> re.Pattern[str]:
        """Every heading wording, found anywhere in a line: written as the table writes it or
        in capitals, optionally numbered ("II. ") and marked ("*"), white space free."""
        words = {w for values in self.heading_words.values() for w in values}
        words |= {w.upper() for w in words}
        ordered = sorted(words, key=lambda w: (-len(w), w))
        body = "|".join(r"\s+".join(re.escape(part) for part in w.split()) for w in ordered)
        number = self.table["headings"].get("number", "").lstrip("^")
        mark = self.table["headings"].get("mark", "").rstrip("$")
        return re.compile(f"(?:{number})?(?:{body})(?:{mark})?" if number else
                          f"(?:{body})(?:{mark})?")
