"""Record views of the static site: the thing first, the statements below.

A session's page reads like its agenda (the numbered items and sub-items, the documents before
each, the acts cited, the mandates and the Bureau's decisions, the organization of work by day
and slot, the body's sessions before and after); a body's page says what it is and lists its
sessions with their main topics; an act's page says who adopted it, when, what it establishes,
what it governs and what cites it; a document's page gives its titles, its language versions
with their files and checksums, and the item it is before. The facts are read with SPARQL
(:mod:`siterecords`); the pages are the package's Jinja2 templates (``templates/site-*.html``,
autoescaped), never HTML strings made here. Every text keeps its language (``lang``, ``dir``),
so the page's language switch can show one language, and another one, marked, where the graph
has no text in the one chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup
from rdflib import Literal, URIRef

from . import siterecords as rec
from .escape import href as safe_href
from .escape import templates
from .identifiers import ONTOLOGY, DocumentSymbol, Iris
from .siterecords import LANGUAGES, Texts

if TYPE_CHECKING:
    from .site import SiteBuilder

RTL = ("ar", "fa", "he", "ur")
REGISTER_PAGE = "doc/register.html"
C = ONTOLOGY
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"


@dataclass
class Link:
    """A link as a page shows it: where it goes (None: shown as text) and its names."""

    href: str | None
    texts: Texts
    code: bool = False  # an identifier shown as code (an IRI, a symbol)
    dir: str = ""  # "ltr" for a number or a symbol, kept in its order on a right-to-left page


class View:
    """Links and names for the pages of one site, from one page (``here``)."""

    def __init__(self, site: SiteBuilder, reader: rec.Reader, here: str):
        self.site, self.reader, self.here = site, reader, here

    def page(self, path: str) -> str:
        from .site import _href

        return _href(self.here, path)

    def link(self, iri: str, texts: Texts | None = None) -> Link:
        from .site import doc_path

        if iri in self.site.resources:
            names = texts if texts else self.reader.names([iri])[iri]
            plain = len(names) == 1 and not names[0][0]  # a number, a symbol: no language
            return Link(self.page(doc_path(self.site.resources[iri].path, "html")),
                        names or [("", self.site.curie(iri))], dir="ltr" if plain or not names else "")
        if iri.startswith(ONTOLOGY):  # a term (a mandate's verb): by its labels in the ontology
            labels = rec.ordered([(lb.language or "", str(lb)) for lb in
                                  self.site.ontology.objects(URIRef(iri), URIRef(RDFS + "label"))
                                  if isinstance(lb, Literal)])
            return Link(self.page("ontology/index.html") + "#" + iri[len(ONTOLOGY):],
                        labels or [("", self.site.curie(iri))], code=not labels, dir="" if labels else "ltr")
        target = safe_href(iri)  # only http(s) becomes a link
        return Link(target, [("", self.site.curie(iri))], code=True, dir="ltr")

    def links(self, iris: list[str]) -> list[Link]:
        return [self.link(i) for i in iris]


def _dates(start: str, end: str) -> str:
    if start and end and start != end:
        return f"{start} – {end}"
    return start or end


def _undocs(symbol: str, languages: list[str]) -> list[tuple[str, str]]:
    """undocs.org links to a document, as the graph's own links are made
    (:meth:`identifiers.Iris.undocs`): the symbol, then each language the graph has it in."""
    try:
        parsed = DocumentSymbol.parse(symbol)
    except Exception:
        return []
    return [("", Iris.undocs(parsed))] + [(lang, Iris.undocs(parsed, lang)) for lang in languages]


def heading(site: SiteBuilder, reader: rec.Reader, iri: str) -> Markup:
    """The page's h1: the resource's names in every language (the switch shows one)."""
    names = reader.names([iri])[iri] or [("", site.label(iri))]
    return templates().get_template("site-macros.html").module.ml(names)  # type: ignore[attr-defined]


def record(site: SiteBuilder, reader: rec.Reader, here: str, iri: str) -> Markup:
    """The record view of a session, a body, an act or a document; "" for other resources."""
    kinds = rec.kinds(reader, iri)
    view = View(site, reader, here)
    if "Session" in kinds:
        name, context = "site-session.html", _session(view, iri)
    elif "Body" in kinds:
        name, context = "site-body.html", _body(view, iri)
    elif kinds & {"Resolution", "Decision"}:
        kind = "Resolution" if "Resolution" in kinds else "Decision"
        name, context = "site-act.html", _act(view, iri, kind)
    elif kinds & {"Document", "AnnotatedAgenda"}:
        name, context = "site-document.html", _document(view, iri)
    else:
        return Markup("")
    return Markup(templates().get_template(name).render(v=view, rtl=RTL, **context))


def _session(v: View, iri: str) -> dict[str, object]:
    r = v.reader
    f = r.facts(iri)
    body = next(iter(rec.iris(f, C + "sessionOf")), "")
    previous, following = rec.neighbours(r, iri, body) if body else (None, None)
    items = rec.agenda(r, iri)
    # every item at its three levels: 3, 3(b), 3(b)(i)
    every = [i for top in items
             for i in (top, *(x for sub in top.children for x in (sub, *sub.children)))]
    documents = sorted({d for i in every for d in i.documents})
    doc_facts = {d: r.facts(d) for d in documents}
    docs = {d: _document_line(v, d, doc_facts[d]) for d in documents}
    slots = rec.organization(r, iri)
    days: dict[str, list[rec.Slot]] = {}
    for slot in slots:
        days.setdefault(slot.day, []).append(slot)
    numbers = {i.iri: i.number for i in every}
    titles = {i.iri: i.titles for i in every}
    governing = rec.iris(f, C + "governedBy")
    mandates = rec.mandates(r, "?m ctoc:statedIn ?item . ?item ctoc:itemOf ?this .", iri)
    return {
        "body": v.link(body) if body else None,
        "ordinal": rec.first(f, "ordinal"),
        "dates": _dates(rec.first(f, "startDate"), rec.first(f, "endDate")),
        "venue": [v.link(p) for p in rec.iris(f, C + "venue")],
        "opening": rec.first(f, "openingTime").replace("T", " ")[:16],
        "meetings": rec.first(f, "plenaryMeetings"),
        "interpretation": rec.first(f, "interpretationLanguages"),
        "agendas": v.links(rec.incoming(r, iri, C + "agendaOf")),
        "reports": v.links(rec.incoming(r, iri, C + "reportOf")),
        "previous": _session_line(v, previous), "next": _session_line(v, following),
        "items": items, "docs": docs,
        "item_link": {i.iri: v.link(i.iri, [("", i.number)]) for i in every},
        "cited": [(v.link(c), [v.link(_item_of(every, n), [("", n)]) for n in ns])
                  for c, ns in rec.cited_in_session(r, iri)],
        "governing": [(v.link(a), [_mandate_line(v, m) for m in mandates if m.act == a]) for a in governing],
        "other_mandates": [_mandate_line(v, m) for m in mandates if m.act not in governing],
        "decisions": [(d, v.link(d.iri), v.link(d.by) if d.by else None) for d in rec.decisions(r, iri)],
        "days": days, "numbers": numbers, "titles": titles,
    }


def _item_of(items: list[rec.Item], number: str) -> str:
    return next((i.iri for i in items if i.number == number), "")


def _session_line(v: View, s: rec.SessionRef | None) -> dict[str, object] | None:
    if s is None:
        return None
    return {"link": v.link(s.iri), "dates": _dates(s.start, s.end)}


def _mandate_line(v: View, m: rec.Mandate) -> dict[str, object]:
    return {"link": v.link(m.iri), "act": v.link(m.act) if m.act else None,
            "verbs": v.links(m.verbs), "addressed": v.links(m.addressed),
            "item": v.link(m.item, [("", m.number)]) if m.item else None, "texts": m.texts}


def _document_line(v: View, iri: str, f: dict[str, list]) -> dict[str, object]:
    symbol = rec.first(f, "symbol")
    titles = rec.texts(f, DCTERMS + "title")
    languages = [lang for lang, _ in titles if lang in LANGUAGES]
    return {"link": v.link(iri, [("", symbol)] if symbol else None), "symbol": symbol, "titles": titles,
            "undocs": _undocs(symbol, languages) if symbol else []}


def _sources(v: View, iri: str) -> list[dict[str, object]]:
    out = []
    for x in rec.listings(v.reader, iri):
        lines = x.first if x.first == x.last else f"{x.first}–{x.last}"
        out.append({"listing": x, "version": v.link(x.expression), "span": v.link(x.span, [("", lines)])})
    return out


def _body(v: View, iri: str) -> dict[str, object]:
    r = v.reader
    f = r.facts(iri)
    sessions = rec.sessions_of(r, iri)
    topics = rec.topics(r, iri)
    return {
        "notation": [x.value for x in f.get(SKOS + "notation", [])],
        "parents": v.links(rec.iris(f, ORG + "subOrganizationOf")),
        "units": v.links(rec.incoming(r, iri, ORG + "subOrganizationOf")),
        "established": v.links(rec.iris(f, C + "resultedFromAct")),
        "changed": v.links(rec.iris(f, C + "changedByAct")),
        "history": [(lang, text) for lang, text in rec.texts(f, SKOS + "historyNote")],
        "sessions": [{"ref": s, "link": v.link(s.iri), "dates": _dates(s.start, s.end),
                      "venue": v.link(s.venue) if s.venue else None,
                      "topics": [(v.link(t.iri, [("", t.number)]), t.titles) for t in topics.get(s.iri, [])]}
                     for s in sessions],
    }


def _act(v: View, iri: str, kind: str) -> dict[str, object]:
    r = v.reader
    f = r.facts(iri)
    def dated(s: str) -> dict[str, object]:
        sf = r.facts(s)
        return {"link": v.link(s), "dates": _dates(rec.first(sf, "startDate"), rec.first(sf, "endDate")),
                "start": rec.first(sf, "startDate")}

    adopted = [dated(s) for s in rec.iris(f, C + "adoptedAt")]
    governed = sorted((dated(s) for s in rec.incoming(r, iri, C + "governedBy")),
                      key=lambda d: str(d["start"]))
    cites = rec.citing(r, iri)
    items = rec.item_context(r, [c.iri for c in cites if c.kind == "AgendaItem"])
    return {
        "kind": kind,
        "number": rec.first(f, "resolutionNumber") or rec.first(f, "decisionNumber"),
        "symbol": rec.first(f, "symbol"),
        "issuer": v.links(rec.iris(f, C + "adoptedBy") + rec.iris(f, C + "decidedBy")),
        "titles": rec.texts(f, DCTERMS + "title"),
        "adopted": adopted, "day": rec.first(f, "adoptionDate") or rec.first(f, "decisionDate"),
        "silence": rec.first(f, "bySilenceProcedure"),
        "concerns": v.links(rec.iris(f, C + "concerns")),
        "stated": v.links(rec.iris(f, C + "statedIn")),
        "decision_texts": rec.texts(f, C + "decisionText"),
        "in_register": bool(adopted),
        "register": v.page(REGISTER_PAGE),
        "see_also": v.links(rec.iris(f, RDFS + "seeAlso")),
        "mandates": [_mandate_line(v, m) for m in rec.mandates(r, "?m ctoc:establishedBy ?this .", iri)],
        "governed": governed,
        "items": [{"session": v.link(items[c.iri][0]) if items[c.iri][0] else None,
                   "item": v.link(c.iri, [("", items[c.iri][1])]), "titles": items[c.iri][2]}
                  for c in cites if c.kind == "AgendaItem"],
        "documents": [_document_line(v, c.iri, r.facts(c.iri)) for c in cites if c.kind == "Document"],
        "pursuant": [_document_line(v, d, r.facts(d))
                     for d in rec.incoming(r, iri, C + "preparedPursuantTo")],
        "bodies_established": v.links(rec.incoming(r, iri, C + "resultedFromAct")),
        "bodies_changed": v.links(rec.incoming(r, iri, C + "changedByAct")),
    }


def _document(v: View, iri: str) -> dict[str, object]:
    r = v.reader
    f = r.facts(iri)
    titles = rec.texts(f, DCTERMS + "title")
    versions = rec.versions(r, iri)
    languages = [lang for lang, _ in titles if lang in LANGUAGES]
    languages += [x.language for x in versions if x.language in LANGUAGES and x.language not in languages]
    symbol = rec.first(f, "symbol")
    items = rec.iris(f, C + "documentFor")
    context = rec.item_context(r, items)
    return {
        "symbol": symbol,
        "titles": titles,
        "undocs": _undocs(symbol, sorted(languages, key=LANGUAGES.index)) if symbol else [],
        "versions": [(x, v.link(x.iri)) for x in versions],
        "sources": _sources(v, iri),
        "items": [{"session": v.link(context[i][0]) if context[i][0] else None,
                   "item": v.link(i, [("", context[i][1])]), "titles": context[i][2]} for i in items],
        "agenda_of": v.links(rec.iris(f, C + "agendaOf")),
        "report_of": v.links(rec.iris(f, C + "reportOf")),
        "prepared_by": v.links(rec.iris(f, C + "preparedBy")),
        "pursuant": v.links(rec.iris(f, C + "preparedPursuantTo")),
        "cites": v.links(rec.iris(f, C + "cites")),
        "cited_by": [_document_line(v, c.iri, r.facts(c.iri))
                     for c in rec.citing(r, iri) if c.kind == "Document"],
    }
