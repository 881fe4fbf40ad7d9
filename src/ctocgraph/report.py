"""The build report printed by ``ctocgraph build``: counts, conformance, what was not understood."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .summary import coverage_lines

if TYPE_CHECKING:
    from .fastbuild import BuildResult


def _count(result: BuildResult, cls: str) -> int:
    return result.class_count(cls)


def render(result: BuildResult, *, strict: bool = False, max_violations: int = 20,
           coverage: bool = False, quiet: bool = False) -> str:
    """The report; ``quiet``: a source's lines only for its errors, then the totals."""
    lines = []
    for n, summary in enumerate(result.summaries):
        if coverage:
            lines += coverage_lines(result.records[n])
        if quiet:
            errors = [line for line in summary.lines[1:] if line.startswith("  error")]
            lines += [summary.lines[0], *errors] if errors else []
            continue
        lines += summary.lines
    for old, new in result.superseded:
        lines.append(f"  superseded: {old}, revised by {new}: the revision is read instead")
    for inconsistency in result.inconsistencies:
        lines.append(f"  inconsistent: {inconsistency}")
    for lang in sorted({s.language for s in result.summaries}):
        group = [s for s in result.summaries if s.language == lang]
        lines.append(f"[{lang}] {len(group)} source{'s' if len(group) != 1 else ''}: "
                     f"{len({s.session for s in group})} sessions, "
                     f"{sum(s.items for s in group)} items, "
                     f"{sum(s.documents for s in group)} documents listed, "
                     f"{sum(s.citations for s in group)} citations, "
                     f"{sum(s.unparsed for s in group)} lines not understood")
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
        lines.append("strict: failing because lines were not understood, errors were found, "
                     "sources are partial or language versions disagree")
    return "\n".join(lines)
