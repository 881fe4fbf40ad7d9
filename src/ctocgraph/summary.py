"""What the build report and ``--strict`` need of one parsed source.

A record holds every line's fate and every parsed object; the report needs a few counts and
its lines. A large build keeps these instead of its records (and the cross-language facts
apart, see ``fastbuild``): reading 10,000 cached records back took 10 s of a rebuild after one
changed document, reading their summaries takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import AgendaRecord


@dataclass(frozen=True)
class Summary:
    symbol: str
    language: str
    label: str  # the source as provenance names it
    session: tuple[str, int | None, bool, bool]  # body key, ordinal, reconvened, special
    items: int
    documents: int
    citations: int
    unparsed: int  # lines not understood
    errors: bool  # a finding of severity "error"
    lines: tuple[str, ...]  # the report's lines for this source
    missing: tuple[str, ...] = ()  # what a partial source does not give

    @classmethod
    def of(cls, rec: AgendaRecord) -> Summary:
        documents = sum(len(i.documents) for i in rec.items)
        citations = sum(len(i.citations) for i in rec.items)
        session = f"{rec.body.key}/{'special/' if rec.special else ''}{rec.ordinal}" + \
            ("/reconvened" if rec.reconvened else "")
        lines = [
            f"{rec.symbol} [{rec.language}] {rec.source_label}: session {session}, "
            f"{rec.start_date}..{rec.end_date}, {len(rec.items)} items, {documents} documents, "
            f"{citations} citations, {sum(len(i.mandates) for i in rec.items)} mandates, "
            f"{len(rec.decisions)} decisions, {len(rec.slots)} time slots; "
            f"{len(rec.unparsed)} lines not understood"]
        for f in rec.findings:
            where = f"{rec.source_label}:{f.line}: " if f.line else f"{rec.source_label}: "
            lines.append(f"  {f.severity}: {where}{f.message} [{f.code}]")
        lines += [f"  not understood: {rec.source_label}:{no}: {text}" for no, text in rec.unparsed]
        return cls(rec.symbol.value, rec.language, rec.source_label,
                   (rec.body.key, rec.ordinal, rec.reconvened, rec.special),
                   len(rec.items), documents, citations, len(rec.unparsed),
                   any(f.severity == "error" for f in rec.findings), tuple(lines),
                   tuple(rec.missing))


def coverage_lines(rec: AgendaRecord) -> list[str]:
    """What every line of the source became (``build --coverage``)."""
    return ([f"coverage of {rec.source_label}:"]
            + [f"  {no:>5}  {role}" for no, role in rec.coverage.items()]
            + [f"  {no:>5}  NOT UNDERSTOOD: {text}" for no, text in rec.unparsed])
