"""The build report printed by ``ctocgraph build``: counts, conformance, what was not understood."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .build import BuildResult

if TYPE_CHECKING:
    from .fastbuild import TextBuild


def _count(result: BuildResult | TextBuild, cls: str) -> int:
    return result.class_count(cls)


def render(result: BuildResult | TextBuild, *, strict: bool = False, max_violations: int = 20,
           coverage: bool = False) -> str:
    lines = []
    for rec in result.records:
        if coverage:
            lines.append(f"coverage of {rec.source_label}:")
            lines += [f"  {no:>5}  {role}" for no, role in rec.coverage.items()]
            lines += [f"  {no:>5}  NOT UNDERSTOOD: {text}" for no, text in rec.unparsed]
        lines.append(
            f"{rec.symbol} [{rec.language}] {rec.source_label}: session {rec.body.key}/{rec.ordinal}, "
            f"{rec.start_date}..{rec.end_date}, {len(rec.items)} items, "
            f"{sum(len(i.documents) for i in rec.items)} documents, "
            f"{sum(len(i.citations) for i in rec.items)} citations, "
            f"{sum(len(i.mandates) for i in rec.items)} mandates, {len(rec.decisions)} decisions, "
            f"{len(rec.slots)} time slots; {len(rec.unparsed)} lines not understood")
        for f in rec.findings:
            where = f"{rec.source_label}:{f.line}: " if f.line else f"{rec.source_label}: "
            lines.append(f"  {f.severity}: {where}{f.message} [{f.code}]")
        for no, text in rec.unparsed:
            lines.append(f"  not understood: {rec.source_label}:{no}: {text}")
    for inconsistency in result.inconsistencies:
        lines.append(f"  inconsistent: {inconsistency}")
    languages = sorted({r.language for r in result.records})
    for lang in languages:
        recs = [r for r in result.records if r.language == lang]
        lines.append(f"[{lang}] {len(recs)} source{'s' if len(recs) != 1 else ''}: "
                     f"{len({(r.body.key, r.ordinal) for r in recs})} sessions, "
                     f"{sum(len(r.items) for r in recs)} items, "
                     f"{sum(len(i.documents) for r in recs for i in r.items)} documents listed, "
                     f"{sum(len(i.citations) for r in recs for i in r.items)} citations, "
                     f"{sum(len(r.unparsed) for r in recs)} lines not understood")
    cites = result.cites
    lines.append(
        f"graph: {_count(result, 'Session')} sessions, {_count(result, 'AgendaItem')} agenda items, "
        f"{_count(result, 'Document')} documents, {_count(result, 'Resolution')} resolutions, "
        f"{_count(result, 'Mandate')} mandates, {_count(result, 'Decision')} decisions, "
        f"{_count(result, 'TimeSlot')} time slots, {cites} citation links, "
        f"{result.triples} triples in {result.graph_count} named graphs")
    v = result.validation
    lines.append(f"SHACL: {'conforms' if v.conforms else 'DOES NOT CONFORM'}"
                 f" ({len(v.violations)} results)")
    for violation in v.violations[:max_violations]:
        lines.append(f"  {violation}")
    if len(v.violations) > max_violations:
        lines.append(f"  … and {len(v.violations) - max_violations} more")
    if strict and not result.ok(strict=True) and v.conforms:
        lines.append("strict: failing because lines were not understood, errors were found "
                     "or language versions disagree")
    return "\n".join(lines)
