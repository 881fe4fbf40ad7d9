"""Cross-language consistency: the language versions of one symbol must state the same facts
(a partial version: the facts both state).

Titles and annotations are translations and are not compared; what must agree is what a
researcher would cite as fact: item numbers, dates and times, document symbols, resolution
citations, mandates and decisions. A disagreement names the symbol, the fact, both files and
both lines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .identifiers import ResolutionRef
from .model import AgendaRecord, Span

Fact = tuple[object, int | None]  # (value, first line where the text states it)


@dataclass(frozen=True)
class Inconsistency:
    symbol: str
    fact: str
    file_a: str
    line_a: int | None
    value_a: str
    file_b: str
    line_b: int | None
    value_b: str

    def __str__(self) -> str:
        def at(f: str, n: int | None) -> str:
            return f"{f}:{n}" if n else f

        return (f"{self.symbol}: {self.fact} differs between language versions: "
                f"{at(self.file_a, self.line_a)} says {self.value_a}, "
                f"{at(self.file_b, self.line_b)} says {self.value_b}")


def _first(spans: list[Span]) -> int | None:
    return min((s.first for s in spans), default=None)


def _show(value: object) -> str:
    if isinstance(value, frozenset | set):
        return "{" + ", ".join(sorted(str(v) for v in value)) + "}" if value else "nothing"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


PARTIAL = "_partial"  # the key that says a version is partial: it is compared on what it states


def facts(rec: AgendaRecord) -> dict[str, Fact]:
    """The language-neutral facts of a record, keyed by a readable name. A partial record
    gives only the facts it states: nothing for what it lacks (an ordinal it does not state,
    items without their annotation)."""
    header = rec.header_span.first if rec.header_span else None
    opening = rec.opening_span.first if rec.opening_span else None
    out: dict[str, Fact] = {
        "session ordinal": (rec.ordinal, opening),
        # a reconvened session is another session: versions that disagree put facts on two
        "reconvened": (rec.reconvened if rec.ordinal is not None else None,
                       rec.ordinal_span.first if rec.ordinal_span else None),
        "special session": (rec.special if rec.ordinal is not None else None,
                            rec.ordinal_span.first if rec.ordinal_span else None),
        "start date": (rec.start_date, header),
        "end date": (rec.end_date, header),
        "opening": (rec.opening, opening),
        "venue": (rec.venue or rec.venue_name, header),
        "plenary meetings": (rec.plenary_meetings, None),
        "agenda items": (tuple(i.number for i in rec.items), _first([i.span for i in rec.items])),
    }
    if rec.partial:
        out = {k: v for k, v in out.items() if v[0] is not None}
        out[PARTIAL] = (True, None)
        if any("inside the provisional agenda" in m for m in rec.missing):
            out.pop("agenda items", None)  # the list may go on
    for item in rec.items:
        if rec.partial and not item.annotation and not item.documents:
            continue  # not stated: its annotation is not in the text
        docs = frozenset(d.symbol.value for d in item.documents)
        out[f"item {item.number}: documents"] = (docs, _first([d.span for d in item.documents]))
        acts = [c for c in item.citations if isinstance(c.target, ResolutionRef)]
        out[f"item {item.number}: resolutions cited"] = (
            frozenset(str(c.target) for c in acts), _first([c.span for c in acts]))
        per_act: dict[str, int] = defaultdict(int)
        for m in item.mandates:
            per_act[str(m.act)] += 1
        out[f"item {item.number}: mandates"] = (
            frozenset(f"{k} ×{v}" for k, v in per_act.items()), _first([m.span for m in item.mandates]))
    out["decisions"] = (
        frozenset(f"{d.body} {d.date}{' (silence)' if d.by_silence else ''}" for d in rec.decisions),
        _first([d.span for d in rec.decisions]))
    for slot in rec.slots:
        key = f"time slot {slot.date} {slot.start:%H:%M}"
        items = tuple(f"{s.number}{' (continued)' if s.continued else ''}" for s in slot.items)
        out[key] = ((f"until {slot.end:%H:%M}", items), slot.span.first)
    return out


def check(records: list[AgendaRecord]) -> list[Inconsistency]:
    """Compare every language version of a symbol with the first one (in language order)."""
    return compare((r.symbol.value, r.language, r.source_label, facts(r)) for r in records)


Version = tuple[str, str, str, dict[str, Fact]]  # symbol, language, source label, facts


def compare(versions: Iterable[Version]) -> list[Inconsistency]:
    """``check`` on facts taken out beforehand (a large build keeps facts, not records)."""
    by_symbol: dict[str, list[Version]] = defaultdict(list)
    for version in versions:
        by_symbol[version[0]].append(version)
    found = []
    for symbol, group in sorted(by_symbol.items()):
        group = sorted(group, key=lambda v: v[1])
        _, _, base_label, base_facts = group[0]
        for _, _, other_label, other_facts in group[1:]:
            keys = base_facts.keys() | other_facts.keys()
            if PARTIAL in keys:  # a partial version is compared on what both state
                keys = base_facts.keys() & other_facts.keys()
            for key in sorted(keys - {PARTIAL}):
                va, la = base_facts.get(key, ("absent", None))
                vb, lb = other_facts.get(key, ("absent", None))
                if va != vb:
                    found.append(Inconsistency(symbol, key, base_label, la, _show(va),
                                               other_label, lb, _show(vb)))
    return found
