"""Citations inside running text: resolutions and decisions (with the body that adopted
them), document symbols, treaties and their articles, each with the lines it came from.

The finder holds what the extractor built on it shares: the language table, the document's
context (what "the Conference", "the Convention" name in it), the names it knows and the
sentences of a passage.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import re
from collections.abc import Callable, Iterator
from typing import TypeVar

from .errors import SymbolError
from .identifiers import DocumentSymbol, ProvisionRef, ResolutionRef, UnresolvedAct, ascii_digits
from .lexicon import Lexicon
from .model import Citation
from .names import names_of
from .passage import Passage, compact, holds

_T = TypeVar("_T")


class CitationFinder:
    """Finds citations in passages, driven by one language's lexicon and a document's context."""

    def __init__(self, lexicon: Lexicon, conference: str, session_body: str,
                 context: dict[str, str] | None = None):
        self.lx = lexicon
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
        if not holds(p.text, self.lx.resolution_words):
            return found
        after: set[int] = set()  # the citations whose issuer is named after their number
        for rx in self.lx.resolution_res:
            for m in taken.free(rx.finditer(p.text)):
                gd = m.groupdict()
                named_after = bool(gd.get("issuer")) and m.start("issuer") > m.start("numbers")
                possessive = self.lx.fold(gd.get("kind") or "") in self.lx.possessive_kinds
                around = None if gd.get("issuer") else \
                    self._issuer_around(p.text, m.start(), m.end(), possessive)
                issuer = self.issuer(gd["issuer"]) if gd.get("issuer") else \
                    (around[0] if around else None) or self._issuer_of_sentence(p, m.start())
                named_after = named_after or bool(around and around[1])
                kind = self.lx.act_kinds.get(self.lx.fold(gd.get("kind") or ""), "resolution")
                title = compact(gd["title"]) if gd.get("title") else None
                for n in self.lx.resnum_re.finditer(gd["numbers"]):
                    offset = m.start("numbers") + n.start()
                    number = n.group().replace(" ", "")  # "2020/ 21": broken, then run together
                    for prefix in self.lx.special_prefixes:  # "دإ-30/1" is S-30/1
                        if number.startswith(prefix):
                            number = "S-" + number[len(prefix):]
                    ref: ResolutionRef | UnresolvedAct = ResolutionRef(issuer, number, kind) \
                        if issuer else UnresolvedAct(ascii_digits(number), kind)
                    cite = Citation(ref, m.group(), p.span(offset, offset + len(n.group())), title)
                    found.append((m.start(), m.end(), cite))
                    if named_after:
                        after.add(id(cite))
        return self._joined_issuers(p.text, sorted(found, key=lambda t: (t[0], str(t[2].target))),
                                    after)

    def _joined_issuers(self, text: str, found: list[tuple[int, int, Citation]],
                        after: set[int]) -> list[tuple[int, int, Citation]]:
        """An act without an issuer joined to the next ("resolution 4/1 and decision 5/1 of
        the Conference") has that act's issuer, named once after both; or the previous
        act's, named once before both ("Conference resolution 6/3 and decision 9/1"), never
        one named after the previous act alone ("resolution 75/282 of the General Assembly
        and decision 10/1": the text does not say whose 10/1 is)."""
        if self.lx.act_join_re is None:
            return found
        out = list(found)
        for n in range(len(out) - 1, -1, -1):  # the issuer named after both
            s, e, cite = out[n]
            nxt = next(((s2, e2, c2) for s2, e2, c2 in out[n + 1:] if s2 >= e), None)
            if nxt is not None and self._shares(text, cite, (e, nxt[0]), nxt[2]):
                out[n] = (s, e, _with_issuer(cite, nxt[2]))
        for n in range(len(out)):  # … or the subject of both clauses of one sentence
            s, e, cite = out[n]
            k = next((k for k in range(n - 1, -1, -1) if out[k][1] <= s), None)
            if k is not None and isinstance(cite.target, UnresolvedAct) and \
                    id(found[k][2]) in after and isinstance(out[k][2].target, ResolutionRef) and \
                    any(rx.search(text[out[k][1]:s]) for rx in self.lx.act_clause_res):
                out[n] = (s, e, _with_issuer(cite, out[k][2]))
        for n in range(len(out)):  # … or before both ("缔约方会议第 5/5 号决议和第 9/1 号决定")
            s, e, cite = out[n]
            k = next((k for k in range(n - 1, -1, -1) if out[k][1] <= s), None)
            if k is not None and (id(found[k][2]) not in after or self._possessive(
                    text[out[k][1]:s])) and self._shares(text, cite, (out[k][1], s), out[k][2]):
                out[n] = (s, e, _with_issuer(cite, out[k][2]))
        return out

    def _possessive(self, gap: str) -> bool:
        """"… of the Conference and its resolution 5/4": the possessive names the issuer."""
        return self.lx.act_possessive_re is not None and bool(self.lx.act_possessive_re.search(gap))

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

    def _issuer_around(self, text: str, start: int, end: int, possessive: bool = False
                       ) -> tuple[str | None, bool] | None:
        """An issuer named as the subject right after the act ("In its resolution 7/1,
        entitled “…”, the Conference decided"; "By its resolution 58/4, the General
        Assembly"), or, where the language puts the verb first, right before it: (its key,
        whether it is named after the act)."""
        tail = text[end:end + 400]
        for rx in self.lx.issuer_after_res:
            m = rx.match(tail)
            if m:
                return self.issuer(m.group("issuer")), True
        head = text[max(0, start - 300):start]
        # an act word that says whose act it is ("قراره", its resolution) reaches further
        # back for its issuer, the subject of the sentence ("وكان المؤتمر قد قبل، في مقرره 3/1")
        before = self.lx.issuer_before_res + (self.lx.issuer_before_possessive_res
                                               if possessive else [])
        if before:
            named = list(self.lx.issuer_re.finditer(head))
            if named and any(rx.match(head[named[-1].end():]) for rx in before):
                return self.issuer(named[-1].group()), False
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
            try:
                sym = DocumentSymbol.parse(m.group().rstrip("."))
            except SymbolError:
                continue  # only a well-formed symbol is a document; never a refused source
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
        if not holds(p.text, self.lx.provision_words):
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
