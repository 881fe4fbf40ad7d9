"""The register in the static site: an index of the Conference's sessions and the acts each
adopted (``doc/register.html``). An act's own page says what the graph knows of it (its record
view, :mod:`siteviews`): title, the session that adopted it and the day, the sessions it
governs, the mandates it establishes, the bodies it established or changed, what cites it.

Read from the site builder's statements (the store's dataset), like every other page; links
are the builder's own, so the site's link checker covers these pages as it covers the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, Namespace

from .escape import text
from .identifiers import ONTOLOGY

if TYPE_CHECKING:
    from .site import SiteBuilder

CTOC = Namespace(ONTOLOGY)
PAGE = "doc/register.html"
ACT_CLASSES = (str(CTOC.Resolution), str(CTOC.Decision))


def _first(site: SiteBuilder, iri: str, predicate: URIRef) -> str:
    return next((v.value for v in site.values(iri, predicate) if hasattr(v, "value")), "")


def _incoming(site: SiteBuilder, iri: str, predicate: URIRef) -> list[str]:
    r = site.resources.get(iri)
    return sorted({s for s, p in (r.incoming if r else []) if p == str(predicate)})


def is_act(site: SiteBuilder, iri: str) -> bool:
    return any(isinstance(t, ox.NamedNode) and t.value in ACT_CLASSES
               for t in site.values(iri, RDF.type))


def _titles(site: SiteBuilder, iri: str) -> str:
    shown = [f'<span lang="{text(v.language)}">{text(v.value)}</span>'
             for v in site.values(iri, DCTERMS.title)
             if isinstance(v, ox.Literal) and v.language]
    return " ".join(shown)


def _when(site: SiteBuilder, session: str) -> str:
    start, end = _first(site, session, CTOC.startDate), _first(site, session, CTOC.endDate)
    return f"{start} – {end}" if start else "dates not known"


def _number(site: SiteBuilder, act: str) -> tuple[int, int, str]:
    number = _first(site, act, CTOC.resolutionNumber) or _first(site, act, CTOC.decisionNumber)
    head, _, tail = number.partition("/")
    return (int(head) if head.isdigit() else 0, int(tail) if tail.isdigit() else 0, number)


def register_body(site: SiteBuilder) -> str:
    """The register index: every session that adopted an act, or that the register lists for a
    body whose acts it holds, with its documents and acts; then the bodies' establishment."""
    here = PAGE
    acts = [i for i in site.resources if is_act(site, i)]
    by_session: dict[str, list[str]] = {}
    for act in acts:
        for s in site.values(act, CTOC.adoptedAt):
            if isinstance(s, ox.NamedNode):
                by_session.setdefault(s.value, []).append(act)
    # every session of a body whose acts the graph places at a session, acts or none
    issuers = {_first(site, s, CTOC.sessionOf) for s in by_session}
    sessions = [i for i in site.resources if _first(site, i, CTOC.sessionOf) in issuers
                and any(isinstance(t, ox.NamedNode) and t.value == str(CTOC.Session)
                        for t in site.values(i, RDF.type))]
    sections = []
    for session in sorted(sessions, key=lambda s: (_first(site, s, CTOC.sessionOf),
                                                   int(_first(site, s, CTOC.ordinal) or 0), s)):
        docs = [f"{word}: {site._link(here, d)}"
                for predicate, word in ((CTOC.agendaOf, "agenda"), (CTOC.reportOf, "report"))
                for d in _incoming(site, session, predicate)]
        rows = "".join(
            f"<tr><td>{site._link(here, a)}</td><td>{_titles(site, a)}</td>"
            f"<td>{text(_first(site, a, CTOC.adoptionDate))}</td></tr>"
            for a in sorted(by_session.get(session, []), key=lambda a: _number(site, a)))
        sections.append(
            f"<h2>{site._link(here, session)}</h2><p>{text(_when(site, session))}"
            f"{' · ' + ' · '.join(docs) if docs else ''}</p>"
            + (f"<table>{rows}</table>" if rows else "<p>No act of this session in the graph.</p>"))
    changes: list[str] = []
    for body in sorted(site.resources):
        for predicate, word in ((CTOC.resultedFromAct, "established by"),
                                (CTOC.changedByAct, "changed by")):
            for act_node in site.values(body, predicate):
                if isinstance(act_node, ox.NamedNode):
                    changes.append(f"<tr><td>{site._link(here, body)}</td><td>{word}</td>"
                                   f"<td>{site._link(here, act_node.value)}</td></tr>")
    bodies = f"<h2>Bodies established and changed</h2><table>{''.join(changes)}</table>" \
        if changes else ""
    return (f"<p>{len(acts)} resolutions and decisions; the sessions that adopted them, with "
            f"the acts of each. Every fact has its sources on its page.</p>"
            + "".join(sections) + bodies)
