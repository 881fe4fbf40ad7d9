"""Groups of a large view, for an explorer page that stays small and legible at any size.

A view of 10,000 documents has 30,000 nodes: drawn one by one they are a hairball and a page
of tens of megabytes. Its nodes are grouped by kind and by the scope their IRI names (our own,
stable scheme, see ``identifiers.py``): the sessions, items and mandates of a body
(``…/session/<body>/…``), the resolutions of an issuer (``…/resolution/<issuer>/…``), the
documents of a symbol series, the provisions of an instrument. The page holds every group and,
of each, its most recent members only (``members``, ordered by the numbers in their IRIs:
a body's sessions by ordinal, an issuer's resolutions by number), with the rest as one "N more"
unit per group and the command that lists them all. Every edge of the view is counted between
units (a member the page holds, or a group's rest), so what the page shows adds up to the view.
"""

from __future__ import annotations

import re
import shlex
from collections import Counter
from dataclasses import dataclass, field

AGGREGATE_ABOVE = 1000  # nodes: a view this large is drawn as groups
MEMBERS = 25  # members of each group the page holds
OPEN_UP_TO = 16  # a group this small, held whole, starts expanded (the bodies)
LANES = 14  # scopes drawn apart, the largest; the others are merged into one, OTHER
OTHER = "*"
_SCOPED = ("session", "resolution", "decision", "instrument")


@dataclass
class Group:
    id: str
    kind: str
    scope: str
    members: list[str] = field(default_factory=list)  # most recent first
    shown: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # the scopes of OTHER
    apart: list[str] = field(default_factory=list)  # (of OTHER) the scopes drawn apart

    @property
    def rest(self) -> str | None:
        """The unit standing for the members the page does not hold."""
        return self.id + ":more" if len(self.members) > len(self.shown) else None


def scope_of(iri: str, base: str) -> str:
    """What a node belongs to by its IRI: a body, an issuer, a symbol series, an instrument,
    a web host; "" for the rest (bodies, places)."""
    if not iri.startswith(base):
        m = re.match(r"[a-z]+://([^/]+)", iri)
        return m.group(1) if m else ""
    parts = iri[len(base):].split("/")
    if parts[0] in _SCOPED and len(parts) > 2:
        return parts[1]
    if parts[0] == "document":
        series = []
        for p in parts[1:]:
            if not p or p[0].isdigit():
                break
            series.append(p)
        return "/".join(series)
    return ""


def recency(iri: str, scope: str = "") -> tuple:
    """A sort key: the numbers in the IRI after its scope compared as numbers ("10" after
    "9"), so that the largest (the latest session of a body, an issuer's latest resolution)
    sorts last, whatever body it is of."""
    tail = iri.split(f"/{scope}/", 1)[-1] if scope else iri
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t)
                 for t in re.findall(r"\d+|\D+", tail)), iri


def group(kinds: dict[str, str], base: str, members: int = MEMBERS,
          lanes: int = LANES) -> dict[str, Group]:
    """Every node in a group; each group's members most recent first, the first ``members``
    of them shown. Of more than ``lanes`` scopes, the largest ``lanes - 1`` stay apart and
    the others are merged into :data:`OTHER` (10,000 generated documents have 125 bodies)."""
    scopes = {iri: scope_of(iri, base) for iri in kinds}
    sizes = Counter(s for s in scopes.values() if s)
    by_kind = Counter((kinds[i], s) for i, s in scopes.items() if s)
    # first the largest scope of each kind (the issuer of the resolutions), then by size
    firsts = {k: s for (k, s), _ in sorted(by_kind.items(), key=lambda t: (-t[1], t[0][1]))[::-1]}
    ranked = sorted(sizes, key=lambda s: (s not in firsts.values(), -sizes[s], s))
    apart = ranked if len(ranked) <= lanes else ranked[:lanes - 1]
    kept = set(apart)
    groups: dict[str, Group] = {}
    for iri, kind in kinds.items():
        scope = scopes[iri] if not scopes[iri] or scopes[iri] in kept else OTHER
        gid = f"group:{kind}:{scope}"
        g = groups.setdefault(gid, Group(gid, kind, scope))
        g.members.append(iri)
        if scope == OTHER and scopes[iri] not in g.merged:
            g.merged.append(scopes[iri])
    for g in groups.values():
        g.members.sort(key=lambda i: recency(i, scopes[i]), reverse=True)
        g.shown = g.members[:members]
        if g.scope == OTHER:
            g.merged.sort()
            g.apart = sorted(apart)
    return dict(sorted(groups.items()))


def units(edges: list[tuple[str, str, str]], groups: dict[str, Group] | None
          ) -> list[list[object]]:
    """The view's edges counted between units: ``[source, relation, target, count]``; without
    groups, every edge as it is (count 1)."""
    if groups is None:
        return [[s, rel, o, 1] for s, rel, o in edges]
    unit: dict[str, str] = {}
    for g in groups.values():
        rest = g.rest
        for iri in g.members:
            unit[iri] = rest or iri
        for iri in g.shown:
            unit[iri] = iri
    counts = Counter((unit[s], rel, unit[o]) for s, rel, o in edges)
    return [[s, rel, o, n] for (s, rel, o), n in sorted(counts.items())]


# What puts a node of a kind in the governance view (its edges query in views.EDGES, per kind:
# a session is there by its items, as governed, or as the session that adopted a resolution
# that governs one), so that the command a group shows lists exactly the group's members;
# other views list every node of the kind under the group's IRI prefix.
GOVERNANCE = {
    "Mandate": "?x a ctoc:Mandate .",
    "AgendaItem": "?x a ctoc:AgendaItem . ?m a ctoc:Mandate ; ctoc:statedIn ?x .",
    "Session": "?x a ctoc:Session . { ?m a ctoc:Mandate ; ctoc:statedIn/ctoc:itemOf ?x } "
               "UNION { ?x ctoc:governedBy ?r } UNION { ?r ctoc:adoptedAt ?x . ?s ctoc:governedBy ?r }",
    "Resolution": "?x a ctoc:Resolution . { ?m a ctoc:Mandate ; ctoc:establishedBy ?x } "
                  "UNION { ?s ctoc:governedBy ?x }",
    "Body": "?x a ctoc:Body . ?m a ctoc:Mandate ; ctoc:addressedTo ?x .",
}


def command(view: str, g: Group, base: str, lang: str, store: str = "") -> str:
    """A shell command that lists every member of a group, with its label in ``lang`` ("" for
    nodes of no class of ours: web pages, ontology terms)."""
    if g.kind in ("Resource", "MandateVerb"):
        return ""
    pattern = (GOVERNANCE.get(g.kind) if view == "governance" else None) or \
        f"?x a ctoc:{g.kind} ."
    prefix = _prefix(g, base)
    where = f'{pattern} FILTER (STRSTARTS(STR(?x), "{prefix}"))' if prefix else pattern
    if g.scope == OTHER and prefix:  # under the kind's part of the scheme, in no scope apart
        head = prefix[:-len("*/")]
        apart = " && ".join(f'!STRSTARTS(STR(?x), "{head}{s}/")' for s in g.apart)
        where = f'{pattern} FILTER (STRSTARTS(STR(?x), "{head}") && {apart})'
    query = (f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ {where} OPTIONAL {{ ?x rdfs:label ?l "
             f'FILTER (LANG(?l) = "{lang}") }} }} GROUP BY ?x ORDER BY ?x')
    option = f" --store {shlex.quote(store)}" if store else ""
    return f"echo {shlex.quote(query)} | ctocgraph sparql{option} -"


def _prefix(g: Group, base: str) -> str:
    """The IRI prefix every member of the group starts with ("" when the kind alone says)."""
    if not g.scope or g.kind == "Resource":
        return ""
    if g.kind in ("Document", "AnnotatedAgenda", "Expression", "SourceSpan"):
        return f"{base}document/{g.scope}/"
    head = {"Session": "session", "AgendaItem": "session", "Mandate": "session",
            "TimeSlot": "session", "Resolution": "resolution", "Decision": "decision",
            "Provision": "instrument", "Instrument": "instrument"}.get(g.kind)
    if head is None:  # a citation: under whatever cites it, when that is one kind of thing
        heads = {m.group(1) if (m := re.match(re.escape(base) + r"([a-z]+)/", i)) else ""
                 for i in g.members}
        head = heads.pop() if len(heads) == 1 else ""
    return f"{base}{head}/{g.scope}/" if head else ""
