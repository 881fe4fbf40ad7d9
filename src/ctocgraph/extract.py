"""Facts inside running text: citations, mandates, decisions, the opening, plenary meetings.

Works on a :class:`Passage` — hard-wrapped source lines joined into one string, with a map
from character offsets back to line numbers, so every fact keeps the lines it came from.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from .identifiers import DocumentSymbol, ProvisionRef, ResolutionRef, UnresolvedAct, ascii_digits
from .lexicon import Lexicon
from .model import BureauDecision, Citation, Mandate, Span
from .normalize import Line

_T = TypeVar("_T")


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


_IDEOGRAPH_GAP = re.compile(r"(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”《》])\s+"
                            r"(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”《》])")


def _joined(lines: list[Line], joiner: str, starts: list[int] | None) -> str:
    """The lines' text joined by ``joiner``, noting where each line starts when asked."""
    text = ""
    for line in lines:
        if text:
            # a symbol broken after "/" is rejoined without a space in every language
            text += "" if text.endswith("/") else joiner
        if starts is not None:
            starts.append(len(text))
        # a script without spaces between words joins its lines with nothing: a space left
        # between two ideographs inside a line is a line broken in a flattened page too
        text += _IDEOGRAPH_GAP.sub("", line.text) if not joiner else line.text
    return text


def _compact(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Extractor:
    """Finds facts in passages, driven by one language's lexicon."""

    def __init__(self, lexicon: Lexicon, conference: str, session_body: str,
                 context: dict[str, str] | None = None):
        self.lx = lexicon
        self.conference = conference
        self.session_body = session_body
        # what "the Conference", "the Convention" … name in this document: role → key
        self.context = dict(context) if context is not None else \
            lexicon.reference.context(session_body) or ({"conference": conference} if conference else {})
        names = names_of(lexicon)
        self._instrument_keys, self.instrument_re = names.instrument_keys, names.instrument_re
        self._instrument_roles = names.instrument_roles
        self._body_keys, self.body_re = names.body_keys, names.mention_re
        self._known_body_re = names.body_re
        self._body_roles = names.body_roles
        self.self_ref_re, self.decision_bodies = names.self_ref_res, names.decision_bodies
        self._memo: dict[str, tuple[tuple[object, ...], object]] = {}

    def _once(self, name: str, key: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """The last result of ``make`` for the same passage (held, compared by identity) and
        arguments: citations, mandates and provisions all want a passage's citations, which
        were found three times over (a third of parsing)."""
        held = self._memo.get(name)
        if held is not None and held[0][0] is key[0] and held[0][1:] == key[1:]:
            return held[1]  # type: ignore[return-value]
        value = make()
        self._memo[name] = (key, value)
        return value

    # -- citations ------------------------------------------------------------------------
    def acts(self, p: Passage) -> list[tuple[int, int, Citation]]:
        """Resolutions and numbered decisions, with their offsets in the passage."""
        return self._once("acts", (p,), lambda: self._acts(p))

    def _acts(self, p: Passage) -> list[tuple[int, int, Citation]]:
        found: list[tuple[int, int, Citation]] = []
        taken = _Taken()
        if not _holds(p.text, self.lx.resolution_words):
            return found
        for rx in self.lx.resolution_res:
            for m in taken.free(rx.finditer(p.text)):
                gd = m.groupdict()
                issuer = self.issuer(gd["issuer"]) if gd.get("issuer") else \
                    self._issuer_around(p.text, m.start(), m.end()) or \
                    self._issuer_of_sentence(p, m.start())
                kind = self.lx.act_kinds.get(self.lx.fold(gd.get("kind") or ""), "resolution")
                title = _compact(gd["title"]) if gd.get("title") else None
                for n in self.lx.resnum_re.finditer(gd["numbers"]):
                    offset = m.start("numbers") + n.start()
                    ref: ResolutionRef | UnresolvedAct = ResolutionRef(issuer, n.group(), kind) \
                        if issuer else UnresolvedAct(ascii_digits(n.group()), kind)
                    cite = Citation(ref, m.group(), p.span(offset, offset + len(n.group())), title)
                    found.append((m.start(), m.end(), cite))
        return self._joined_issuers(p.text, sorted(found, key=lambda t: (t[0], str(t[2].target))))

    def _joined_issuers(self, text: str, found: list[tuple[int, int, Citation]],
                        ) -> list[tuple[int, int, Citation]]:
        """An act without an issuer joined to the next ("resolution 4/1 and decision 5/1 of
        the Conference") has that act's issuer, named once after both."""
        if self.lx.act_join_re is None:
            return found
        out = list(found)
        for n in range(len(out) - 1, -1, -1):  # the issuer named after both
            s, e, cite = out[n]
            nxt = next(((s2, e2, c2) for s2, e2, c2 in out[n + 1:] if s2 >= e), None)
            if nxt is not None and self._shares(text, cite, (e, nxt[0]), nxt[2]):
                out[n] = (s, e, _with_issuer(cite, nxt[2]))
        for n in range(len(out)):  # … or before both ("缔约方会议第 5/5 号决议和第 9/1 号决定")
            s, e, cite = out[n]
            prev = next(((s2, e2, c2) for s2, e2, c2 in reversed(out[:n]) if e2 <= s), None)
            if prev is not None and self._shares(text, cite, (prev[1], s), prev[2]):
                out[n] = (s, e, _with_issuer(cite, prev[2]))
        return out

    def _shares(self, text: str, cite: Citation, gap: tuple[int, int], other: Citation) -> bool:
        """Whether an act with no issuer takes another's: only a conjunction between them."""
        return isinstance(cite.target, UnresolvedAct) and isinstance(other.target, ResolutionRef) \
            and self.lx.act_join_re is not None and bool(self.lx.act_join_re.match(text[gap[0]:gap[1]]))

    def issuer(self, name: str) -> str | None:
        """The key of a body named as an issuer: by its name, or by a word that names the
        document's own organ ("Conference"); None when the document does not tell."""
        name = name.strip()
        role = self.lx.context_bodies.get(name) or self.lx.context_bodies.get(
            name[:1].lower() + name[1:]) or self.lx.context_bodies.get(name[:1].upper() + name[1:])
        if role is not None:
            return self.context.get(role)
        return self.lx.reference.body_key(name, self.lx.language)

    def _issuer_around(self, text: str, start: int, end: int) -> str | None:
        """An issuer named as the subject right after the act ("In its resolution 7/1,
        entitled “…”, the Conference decided"; "By its resolution 58/4, the General
        Assembly"), or, where the language puts the verb first, right before it."""
        tail = text[end:end + 400]
        for rx in self.lx.issuer_after_res:
            m = rx.match(tail)
            if m:
                return self.issuer(m.group("issuer"))
        head = text[max(0, start - 300):start]
        if self.lx.issuer_before_res:
            named = list(self.lx.issuer_re.finditer(head))
            if named and any(rx.match(head[named[-1].end():]) for rx in self.lx.issuer_before_res):
                return self.issuer(named[-1].group())
        return None

    def _issuer_of_sentence(self, p: Passage, start: int) -> str | None:
        """The issuer that is the subject of the sentence holding an act that names none
        near it ("The Conference has considered the question since its fourth session
        (decision 4/1)")."""
        if self.lx.issuer_subject_re is None:
            return None
        for s, e in self.sentences(p):
            if s <= start < e:
                m = self.lx.issuer_subject_re.match(p.text[s:start])
                return self.issuer(m.group("issuer")) if m else None
        return None

    def symbols(self, p: Passage) -> list[tuple[int, Citation]]:
        urls = [(m.start(), m.end()) for m in _URL_RE.finditer(p.text)]
        out = []
        for m in self.lx.symbol_re.finditer(p.text):
            if _inside(urls, m.start(), m.start() + 1):
                continue  # a symbol inside a link is the link's, not a citation
            sym = DocumentSymbol.parse(m.group().rstrip("."))
            out.append((m.start(), Citation(sym, m.group(), p.span(m.start(), m.end()))))
        return out

    def instruments(self, p: Passage) -> list[tuple[int, Citation]]:
        return self._once("instruments", (p,), lambda: self._instruments(p))

    def _instruments(self, p: Passage) -> list[tuple[int, Citation]]:
        if self.instrument_re is None:
            return []
        # "联合国打击跨国有组织犯罪公约缔约方会议" names a body, not the Convention
        bodies: list[tuple[int, int]] | None = None
        out = []
        for m in self.instrument_re.finditer(p.text):
            if bodies is None:  # looked for once a treaty is named at all
                bodies = [(b.start(), b.end()) for b in self._known_body_re.finditer(p.text)] \
                    if self._known_body_re else []
            if _inside(bodies, m.start(), m.end(), strictly=True):
                continue
            key = self._instrument_keys.get(m.group())
            if key is None:  # "the Convention": the treaty of the document's body, if any
                key = self.context.get(self._instrument_roles.get(m.group(), ""))
            if key:
                out.append((m.start(), Citation(key, m.group(), p.span(m.start(), m.end()))))
        return out

    def provisions(self, p: Passage, fallback: str | None) -> list[tuple[int, Citation]]:
        out: list[tuple[int, Citation]] = []
        if not _holds(p.text, self.lx.provision_words):
            return out
        mentions = self.instruments(p)
        at = [pos for pos, _ in mentions]  # in text order
        taken = _Taken()
        for rx in self.lx.provision_res:  # the first pattern that covers a phrase wins it
            for m in taken.free(rx.finditer(p.text)):
                before = bisect.bisect_left(at, m.start())  # the mentions before the phrase
                instrument = self._instrument_after(p, m.end(), mentions, at) or \
                    (mentions[before - 1][1].target if before else fallback)
                if not isinstance(instrument, str):
                    continue
                gd = m.groupdict()
                if gd.get("articles") or gd.get("paragraphs"):
                    out += self._listed(p, m, instrument)
                    continue
                if gd.get("first") and gd.get("last"):
                    out += self._range(p, m, instrument)
                    continue
                ref = ProvisionRef(
                    instrument, self.lx.number(gd["article"]),
                    self.lx.number(gd["paragraph"]) if gd.get("paragraph") else None,
                    self.lx.subparagraph_letter(gd["subparagraph"]) if gd.get("subparagraph") else None,
                )
                out.append((m.start(), Citation(ref, m.group(), p.span(m.start(), m.end()))))
        return out

    def _article(self, m: re.Match[str]) -> int | None:
        """The article a list or range of paragraphs belongs to; ``None`` for articles."""
        return self.lx.number(m.group("article")) if m.groupdict().get("article") else None

    def _listed(self, p: Passage, m: re.Match[str], instrument: str) -> list[tuple[int, Citation]]:
        """A list ("articles 5 and 6", "paragraphs 1 and 2 of article 6"): each number a
        provision of its own, located at the number."""
        group = "articles" if m.groupdict().get("articles") else "paragraphs"
        article = self._article(m) if group == "paragraphs" else None
        out = []
        for n in _ARTICLE_NUMBER_RE.finditer(m.group(group)):
            at = m.start(group) + n.start()
            ref = _numbered(instrument, article, self.lx.number(n.group()))
            out.append((at, Citation(ref, m.group(), p.span(at, at + len(n.group())))))
        return out

    def _range(self, p: Passage, m: re.Match[str], instrument: str) -> list[tuple[int, Citation]]:
        """A range ("articles 5 to 8", "paragraphs 1 to 3 of article 6", 第五条至第八条): a
        provision for each number it spans, the two written ones located at their numbers and
        those between at the whole range. A range backwards, or wider than a treaty has
        articles, is a misreading and gives none."""
        first, last = self.lx.number(m.group("first")), self.lx.number(m.group("last"))
        if not first < last <= first + _RANGE_MAX:
            return []
        article = self._article(m)
        out = []
        for number in range(first, last + 1):
            start = m.start("last") if number == last else m.start("first")
            end = m.end("first") if number == first else m.end("last")
            out.append((start, Citation(_numbered(instrument, article, number), m.group(),
                                        p.span(start, end))))
        return out

    def _instrument_after(self, p: Passage, end: int, mentions: list[tuple[int, Citation]],
                          at: list[int]) -> str | None:
        """The instrument named right after a provision, where the language table says the
        text between them joins the two ("article 3 (a) of the Trafficking in Persons
        Protocol"): it wins over an instrument named earlier in the passage."""
        after = bisect.bisect_left(at, end)
        start, key = (mentions[after][0], mentions[after][1].target) if after < len(mentions) \
            else (end, None)
        if not isinstance(key, str):
            return None
        gap = p.text[end:start]
        return key if any(rx.search(gap) for rx in self.lx.provision_of_res) else None

    def located(self, p: Passage, fallback_instrument: str | None = None) -> list[tuple[int, Citation]]:
        """Every citation in the passage with its offset, in text order."""
        return self._once("located", (p, fallback_instrument),
                          lambda: self._located(p, fallback_instrument))

    def _located(self, p: Passage, fallback_instrument: str | None) -> list[tuple[int, Citation]]:
        items: list[tuple[int, Citation]] = [(s, c) for s, _, c in self.acts(p)]
        items += self.symbols(p) + self.instruments(p) + self.provisions(p, fallback_instrument)
        return sorted(items, key=lambda t: (t[0], str(t[1].target)))

    def citations(self, p: Passage, fallback_instrument: str | None = None) -> list[Citation]:
        return [c for _, c in self.located(p, fallback_instrument)]

    # -- sentences ------------------------------------------------------------------------
    def sentences(self, p: Passage) -> list[tuple[int, int]]:
        return self._once("sentences", (p,), lambda: self._sentences(p))

    def _sentences(self, p: Passage) -> list[tuple[int, int]]:
        bounds = [0] + [m.start() for m in self.lx.sentence_split_re.finditer(p.text)
                        if 0 < m.start() < len(p.text)] + [len(p.text)]
        out = []
        for s, e in itertools.pairwise(bounds):
            while s < e and p.text[s].isspace():
                s += 1
            if s < e:
                out.append((s, e))
        return out

    def mandates(
        self, p: Passage, last_act: ResolutionRef | None, fallback_instrument: str | None = None
    ) -> tuple[list[Mandate], ResolutionRef | None]:
        """Sentences in which a resolution decides, requests or encourages something.

        ``last_act`` is the resolution cited last before this passage, for "in that resolution".
        """
        acts = [(a, b, c.target) for a, b, c in self.acts(p)
                if isinstance(c.target, ResolutionRef) and c.target.kind == "resolution"]
        located = self.located(p, fallback_instrument)
        # in text order (acts are disjoint spans, or one span's several numbers): a sentence's
        # acts and citations found by bisection, not by a pass over the passage's, which was
        # quadratic in a paragraph's length
        act_starts, act_ends = [a for a, _, _ in acts], [b for _, b, _ in acts]
        cite_at = [off for off, _ in located]
        out: list[Mandate] = []
        for s, e in self.sentences(p):
            sentence = p.text[s:e]
            # the earliest trigger: "In that resolution … set out in resolution 5/5" is 8/2's
            trigger = min((m for rx in self.lx.mandate_trigger_res
                           for m in [rx.search(sentence)] if m),
                          key=lambda m: m.start(), default=None)
            if trigger is not None:
                ts, te = s + trigger.start(), s + trigger.end()
                named = [ref for a, b, ref in acts[bisect.bisect_right(act_ends, ts):
                                                    bisect.bisect_left(act_starts, te)] if b > ts]
                act = named[0] if named else last_act
                # English "In resolution 7/1, the Conference decided": the verb follows the
                # citation; Arabic puts it first ("قرَّر المؤتمر، في القرار 7/1"): a table says which
                scope = sentence if self.lx.verbs_anywhere else sentence[trigger.end():]
                verbs = sorted({v for rx, v in self.lx.mandate_verbs if rx.search(scope)})
                if act is not None and verbs:
                    addressees = (self.bodies_in(sentence) - {act.issuer}) or {act.issuer}
                    cites = [c for _, c in located[bisect.bisect_left(cite_at, s):
                                                   bisect.bisect_left(cite_at, e)] if c.target != act]
                    out.append(Mandate(act, tuple(verbs), tuple(sorted(addressees)),
                                       _compact(sentence), p.span(s, e), cites))
            in_sentence = [ref for _, _, ref in acts[bisect.bisect_left(act_starts, s):
                                                     bisect.bisect_left(act_starts, e)]]
            if in_sentence:
                last_act = in_sentence[-1]
        return out, last_act

    def bodies_in(self, text: str) -> set[str]:
        found = set()
        if self.body_re is not None:
            found |= {self._body_key(m.group()) for m in self.body_re.finditer(text)}
        if any(rx.search(text) for rx in self.self_ref_re):
            found.add(self.session_body)
        return {f for f in found if f}

    def _body_key(self, name: str) -> str:
        key = self._body_keys.get(name)
        if key is None and name in self._body_roles:
            key = self.context.get(self._body_roles[name])
        return key or ""

    def decisions(self, p: Passage) -> list[BureauDecision]:
        """Sentences recording a decision of a body whose agenda decisions we keep (the Bureau)."""
        out = []
        for s, e in self.sentences(p):
            sentence = p.text[s:e]
            # the verbs first: a few words, where the bodies are one long alternation of names
            if not any(rx.search(sentence) for rx in self.lx.decision_verb_res):
                continue
            bodies = self.bodies_in(sentence) & self.decision_bodies
            if not bodies:
                continue
            m = self.lx.date_re.search(sentence)
            if not m:
                continue
            date = self.lx.date(m.group())
            silence = any(rx.search(sentence) for rx in self.lx.silence_res)
            out.append(BureauDecision(sorted(bodies)[0], date, silence, _compact(sentence),
                                      p.span(s, e)))
        return out

    def opening(self, p: Passage) -> tuple[int | None, dt.date, str | None, dt.time, Span] | None:
        """"The fourth session … will be opened on Monday, 11 September 2017, at 10 a.m."
        (the ordinal, when the sentence gives it; the date and time)."""
        if not _holds(p.text, self.lx.opening_words):
            return None
        for rx in self.lx.opening_res:
            m = rx.search(p.text)
            if m and self._of_another_body(m.groupdict().get("body")):
                continue
            if m:
                gd = m.groupdict()
                ordinal = self.lx.number(gd["ordinal"]) if gd.get("ordinal") else None
                date = self.lx.date(gd["date"])
                t = self.lx.time(gd["time"])
                return ordinal, date, gd.get("weekday"), dt.time(t.hour % 24, t.minute), \
                    p.span(m.start(), m.end())
        return None

    def opening_ordinal(self, p: Passage) -> tuple[int, Span] | None:
        """The session's ordinal from a sentence that gives no date ("The Chair will open
        the twelfth session of the Commission.")."""
        if not _holds(p.text, self.lx.opening_words):
            return None
        for rx in self.lx.opening_ordinal_res:
            m = rx.search(p.text)
            if m and not self._of_another_body(m.groupdict().get("body")):
                try:
                    return self.lx.number(m.group("ordinal")), p.span(m.start(), m.end())
                except ValueError:
                    continue
        return None

    def held_at(self, p: Passage) -> tuple[int, str, Span] | None:
        """(ordinal, place key, span) of a sentence saying where a session will be held
        ("the sixth session will be held at St. Petersburg, …"), by the known place it names."""
        if not _holds(p.text, self.lx.held_words):
            return None
        for rx in self.lx.held_place_res:
            for m in rx.finditer(p.text):
                # the place named right after ("at St. Petersburg, …": an abbreviation's stop
                # is no sentence end here)
                end = min(len(p.text), m.end() + 60)
                place = self.lx.reference.place_named_in(p.text[m.end():end], self.lx.language)
                if place is not None:
                    try:
                        ordinal = self.lx.number(m.group("ordinal"))
                    except ValueError:
                        continue
                    return ordinal, place, p.span(m.start(), end)
        return None

    def _of_another_body(self, named: str | None) -> bool:
        """Whether the body a sentence names ("the twelfth meeting of the Working Group on
        Asset Recovery will be held …") is another body than the document's."""
        if not named:
            return False
        bodies = self.bodies_in(named)
        return bool(bodies) and self.session_body not in bodies

    def held(self, p: Passage) -> tuple[str | None, dt.date, dt.date, Span] | None:
        """Venue and dates stated in a sentence ("will be held at the Vienna International
        Centre from 2 to 6 May 2016"), for a head that gives none."""
        if not _holds(p.text, self.lx.held_words):
            return None
        for rx in self.lx.held_res:
            m = rx.search(p.text)
            if m:
                start, end = self.lx.date_range(m.group("dates"))
                venue = (m.groupdict().get("venue") or "").strip() or None
                return venue, start, end, p.span(m.start(), m.end())
        return None

    def plenary(self, p: Passage) -> tuple[int, int | None] | None:
        if not _holds(p.text, self.lx.plenary_words):
            return None
        for rx in self.lx.plenary_res:
            m = rx.search(p.text)
            if m:
                langs = m.groupdict().get("languages")
                return self.lx.number(m.group("count")), self.lx.number(langs) if langs else None
        return None


_URL_RE = re.compile(r"https?://\S+")
_RANGE_MAX = 100  # the Convention has 41 articles; a wider range is a misreading
_ARTICLE_NUMBER_RE = re.compile(r"\d+")  # in a list of articles or paragraphs: any script's digits


def _with_issuer(cite: Citation, other: Citation) -> Citation:
    """The citation of an act with no issuer, given the issuer of the act it is joined to."""
    act, issuer = cite.target, other.target
    assert isinstance(act, UnresolvedAct) and isinstance(issuer, ResolutionRef)
    return Citation(ResolutionRef(issuer.issuer, act.number, act.kind), cite.text, cite.span,
                    cite.title)


def _numbered(instrument: str, article: int | None, number: int) -> ProvisionRef:
    """A numbered member of a list or range: an article, or a paragraph of ``article``."""
    return ProvisionRef(instrument, number) if article is None else \
        ProvisionRef(instrument, article, number)


@dataclass(frozen=True)
class _Names:
    """What an extractor recognises by name, the same for every document of a language."""

    instrument_keys: dict[str, str]
    instrument_re: re.Pattern[str] | None  # names and the words for the document's treaty
    instrument_roles: dict[str, str]  # "the Convention" → "convention"
    body_keys: dict[str, str]
    body_re: re.Pattern[str] | None  # names of known bodies only
    mention_re: re.Pattern[str] | None  # and the words for the document's own organs
    body_roles: dict[str, str]  # "Conference" → "conference"
    self_ref_res: tuple[re.Pattern[str], ...]
    decision_bodies: frozenset[str]


@cache
def names_of(lexicon: Lexicon) -> _Names:
    """Built once per language table (a lexicon is bound to its reference data): building
    them for each document was 2–3 % of parsing. Words that name the document's own organ or
    treaty ("the Conference", "the Convention") are found with the names; what they name is
    resolved per document (``Extractor.context``)."""
    ref, language = lexicon.reference, lexicon.language
    instruments = _with_capitals(ref.instrument_names(language))
    instrument_roles = _with_capitals(lexicon.context_instruments)
    bodies = _with_capitals({n: k for n in ref.body_names(language)
                             for k in [ref.body_key(n, language)] if k})
    body_roles = _with_capitals(lexicon.context_bodies)
    return _Names(
        instruments, _names_re({**instrument_roles, **instruments}), instrument_roles,
        bodies, _names_re(bodies), _names_re({**body_roles, **bodies}), body_roles,
        tuple(lexicon._re(p) for p in lexicon.table["mandates"].get("self_reference", [])),
        frozenset(k for k, b in ref.bodies.items() if b.extra.get("agenda_decisions")),
    )


class _Taken:
    """Spans won so far by earlier patterns (disjoint, in text order): a pattern's matches,
    in text order, are checked against them in one sweep. A pass over every span won, for
    each match, was quadratic in a paragraph's length (parsing 0.5 MB of citing prose: 4.2 s,
    now 0.45 s)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, matches: Iterator[re.Match[str]]) -> list[re.Match[str]]:
        """The matches that overlap no span won before, which are won in turn."""
        out, i, spans = [], 0, self.spans
        for m in matches:
            while i < len(spans) and spans[i][1] <= m.start():
                i += 1
            if i < len(spans) and spans[i][0] < m.end():
                continue
            out.append(m)
        if out:
            self.spans = list(heapq.merge(spans, [(m.start(), m.end()) for m in out]))
        return out


def _inside(spans: list[tuple[int, int]], start: int, end: int, strictly: bool = False) -> bool:
    """Whether ``start``-``end`` lies within one of ``spans`` (disjoint, in text order);
    ``strictly``: and is not that span itself."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    if i < 0:
        return False
    a, b = spans[i]
    return a <= start and end <= b and not (strictly and (a, b) == (start, end))


def _holds(text: str, words: tuple[str, ...]) -> bool:
    """Whether a pattern whose every match holds one of ``words`` can match ``text`` (no
    words: it can). A substring test is a fraction of a regular-expression search."""
    return not words or any(w in text for w in words)


def _with_capitals(names: dict[str, str]) -> dict[str, str]:
    """The names, and each that starts in lower case also capitalised: "the Convention" opens
    a sentence as "The Convention". A script without case gains nothing."""
    return {name[:1].upper() + name[1:]: key for name, key in names.items()} | names


def _names_re(names: dict[str, str]) -> re.Pattern[str] | None:
    """Longest name first; a name that starts or ends in a letter of a cased script starts
    or ends a word there ("the Protocol" is neither the start of "the Protocols" nor the end of
    "del Protocolo")."""
    if not names:
        return None

    def alternation(group: list[str]) -> str:
        return "|".join(re.escape(n) + (r"(?![^\W\d_])" if n[-1:].lower() != n[-1:].upper()
                                        else "") for n in sorted(group, key=lambda n: (-len(n), n)))

    cased = [n for n in names if n[:1].lower() != n[:1].upper()]
    other = [n for n in names if n[:1].lower() == n[:1].upper()]
    # one look-behind before the cased names, not one per name: the engine tries the
    # alternation at every character
    parts = ([rf"(?<![^\W\d_])(?:{alternation(cased)})"] if cased else []) + \
        ([f"(?:{alternation(other)})"] if other else [])
    return re.compile("|".join(parts))
