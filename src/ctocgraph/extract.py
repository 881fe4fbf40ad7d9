"""Facts inside running text beyond citations: mandates, Bureau decisions, the opening,
where and when the session is held, and plenary meetings.

Works on a :class:`~ctocgraph.passage.Passage`, so every fact keeps the lines it came from;
the citations it builds on are found by :class:`~ctocgraph.citations.CitationFinder`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re

from .citations import CitationFinder
from .identifiers import ResolutionRef
from .model import BureauDecision, Mandate, Span
from .passage import Passage, compact, holds


class Extractor(CitationFinder):
    """Finds facts in passages, driven by one language's lexicon."""

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
                                       compact(sentence), p.span(s, e), cites))
            in_sentence = [ref for _, _, ref in acts[bisect.bisect_left(act_starts, s):
                                                     bisect.bisect_left(act_starts, e)]]
            if in_sentence:
                last_act = in_sentence[-1]
        return out, last_act

    def bodies_in(self, text: str) -> set[str]:
        found = self._named_bodies(text)
        if any(rx.search(text) for rx in self.self_ref_re):
            found.add(self.session_body)
        return {f for f in found if f}

    def _named_bodies(self, text: str) -> set[str]:
        """The bodies the text names by a name or a role word of the reference data."""
        if self.body_re is None:
            return set()
        return {k for m in self.body_re.finditer(text) if (k := self._body_key(m.group()))}

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
            out.append(BureauDecision(sorted(bodies)[0], date, silence, compact(sentence),
                                      p.span(s, e)))
        return out

    def opening(self, p: Passage
                ) -> tuple[int | None, dt.date, str | None, dt.time, Span, bool] | None:
        """"The fourth session … will be opened on Monday, 11 September 2017, at 10 a.m."
        (the ordinal, when the sentence gives it; the date and time; whether it names a
        special session)."""
        if not holds(p.text, self.lx.opening_words):
            return None
        for rx in self.lx.opening_res:
            # the first sentence of the document's own body: another group's opening may
            # come first ("The meeting of the Working Group on Firearms will be opened …")
            m = next((m for m in rx.finditer(p.text)
                      if not self._of_another_body(m.groupdict().get("body"))), None)
            if m:
                gd = m.groupdict()
                ordinal = self.lx.number(gd["ordinal"]) if gd.get("ordinal") else None
                date = self.lx.date(gd["date"])
                t = self.lx.time(gd["time"])
                return ordinal, date, gd.get("weekday"), dt.time(t.hour % 24, t.minute), \
                    p.span(m.start(), m.end()), bool(gd.get("special"))
        return None

    def opening_ordinal(self, p: Passage) -> tuple[int, Span, bool] | None:
        """The session's ordinal from a sentence that gives no date ("The Chair will open
        the twelfth session of the Commission.")."""
        if not holds(p.text, self.lx.opening_words):
            return None
        return self._ordinal_in(p, self.lx.opening_ordinal_res)

    def agenda_ordinal(self, p: Passage) -> tuple[int, Span, bool] | None:
        """The ordinal a note gives its own agenda ("The provisional agenda for the tenth
        meeting of the Working Group, approved by the Bureau, is as follows:"), read only
        before the list: an item "Provisional agenda for the seventh session" is the next's."""
        return self._ordinal_in(p, self.lx.agenda_ordinal_res)

    def _ordinal_in(self, p: Passage, patterns: list[re.Pattern[str]]
                    ) -> tuple[int, Span, bool] | None:
        for rx in patterns:
            for m in rx.finditer(p.text):
                if not self._of_another_body(m.groupdict().get("body")):
                    try:
                        return self.lx.number(m.group("ordinal")), p.span(m.start(), m.end()), \
                            bool(m.groupdict().get("special"))
                    except ValueError:
                        break
        return None

    def held_at(self, p: Passage) -> tuple[tuple[int, bool], str, Span] | None:
        """((ordinal, special), place key, span) of a sentence saying where a session will be
        held ("the sixth session will be held at St. Petersburg, …"), by the known place it
        names."""
        if not holds(p.text, self.lx.held_words):
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
                    return (ordinal, bool(m.groupdict().get("special"))), place, \
                        p.span(m.start(), end)
        return None

    def _of_another_body(self, named: str | None) -> bool:
        """Whether the body a sentence names ("the twelfth meeting of the Working Group on
        Asset Recovery will be held …") is another body than the document's."""
        if not named:
            return False
        # a body named by its name decides: "the Working Group on Firearms" is another group,
        # though its words "Working Group" would name the document's own
        bodies = self._named_bodies(named) or self.bodies_in(named)
        return bool(bodies) and self.session_body not in bodies

    def held(self, p: Passage) -> tuple[str | None, dt.date, dt.date, Span] | None:
        """Venue and dates stated in a sentence ("will be held at the Vienna International
        Centre from 2 to 6 May 2016"), for a head that gives none."""
        if not holds(p.text, self.lx.held_words):
            return None
        for rx in self.lx.held_res:
            m = rx.search(p.text)
            if m:
                start, end = self.lx.date_range(m.group("dates"))
                venue = (m.groupdict().get("venue") or "").strip() or None
                return venue, start, end, p.span(m.start(), m.end())
        return None

    def plenary(self, p: Passage) -> tuple[int, int | None] | None:
        if not holds(p.text, self.lx.plenary_words):
            return None
        for rx in self.lx.plenary_res:
            m = rx.search(p.text)
            if m:
                langs = m.groupdict().get("languages")
                return self.lx.number(m.group("count")), self.lx.number(langs) if langs else None
        return None
