"""Stage 4, map: :class:`AgendaRecord` → one named RDF graph per source; reference → RDF.

IRIs come only from :class:`~ctocgraph.identifiers.Iris`. The mapping knows nothing of
languages beyond the tag it puts on literals: labels of shared entities (bodies, resolutions,
sessions) are built from reference data, so every language version yields the same triples
for them. No blank nodes are minted, so serialisations are stable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rdflib import Graph, Literal, URIRef

from ._version import __version__
from .identifiers import DocumentSymbol, Iris, ProvisionRef, ResolutionRef, UnresolvedAct
from .labels import act_labels, bureau_decision_labels, provision_labels, session_labels
from .model import AgendaItem, AgendaRecord, Citation, Mandate, Span, Target
from .ntriples import Lit, integer, rows_of
from .reference import Reference
from .vocab import CTOC, DCTERMS, ELI, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, new_graph

VERBS = {"decides": "decides", "requests": "requests", "encourages": "encourages",
         "calls-upon": "callsUpon", "urges": "urges", "invites": "invites"}


def _iri(value: str) -> URIRef:
    """A URIRef for an IRI that :class:`Iris` minted, made as rdflib's constructor makes it
    after checking the text: these are valid by construction, and the check of every one
    (80,000 in 400 documents) was a tenth of mapping. Text from a source goes to ``URIRef``."""
    return str.__new__(URIRef, value)


class _Mapper:
    def __init__(self, rec: AgendaRecord, iris: Iris, ref: Reference, status: str | None):
        self.rec, self.iris, self.ref, self.status = rec, iris, ref, status
        self.lang = rec.language
        self.graph_iri = _iri(iris.graph(rec.symbol, rec.language))
        self.triples: list[tuple[URIRef, URIRef, URIRef | Lit]] = []
        self.spans: dict[Span, URIRef] = {}  # each span's node, made once
        self.expression = _iri(iris.expression(rec.symbol, rec.language))
        # a session whose ordinal the text does not state is the session its agenda announces:
        # the register's, when the register names this agenda's session (a text cut inside its
        # head, "CTOC/COP/2008/1" alone, is the fourth session's agenda all the same)
        registered = ref.register.session_of_agenda(rec.body.key, rec.symbol) \
            if rec.ordinal is None else None
        self.session = _iri(iris.session(rec.body.key, rec.ordinal, rec.reconvened, rec.special)
                            if rec.ordinal is not None
                            else iris.session(rec.body.key, registered.ordinal) if registered
                            else iris.session_of_agenda(rec.body.key, rec.symbol))

    def add(self, s: URIRef, p: URIRef, o: URIRef | Lit) -> None:
        self.triples.append((s, p, o))

    def text(self, value: str) -> Lit:
        return Lit(value, lang=self.lang)

    def span(self, subject: URIRef, span: Span | None) -> None:
        if span is None:
            return
        node = self.spans.get(span)
        if node is not None:  # stated already: its node's own facts are in the graph
            self.add(subject, CTOC.sourceSpan, node)
            return
        node = self.spans[span] = _iri(self.iris.span(self.rec.symbol, self.lang, span.first,
                                                      span.last))
        self.add(subject, CTOC.sourceSpan, node)
        self.add(node, RDF.type, CTOC.SourceSpan)
        self.add(node, CTOC.inExpression, self.expression)
        self.add(node, CTOC.firstLine, integer(span.first))
        self.add(node, CTOC.lastLine, integer(span.last))

    def body(self, key: str) -> URIRef:
        return _iri(self.iris.body(key))

    # -- the document and its provenance ----------------------------------------------------
    def document(self) -> None:
        rec = self.rec
        doc = _iri(self.iris.document(rec.symbol))
        self.add(doc, RDF.type, CTOC.AnnotatedAgenda)
        self.add(doc, RDF.type, CTOC.Document)
        self.add(doc, CTOC.symbol, Lit(rec.symbol.value))
        self.add(doc, RDFS.label, Lit(rec.symbol.value))
        self.add(doc, CTOC.agendaOf, self.session)
        self.add(doc, RDFS.seeAlso, _iri(Iris.undocs(rec.symbol)))
        revised = rec.symbol.revises()
        if revised is not None:  # its symbol states it: "X/Rev.1" replaces "X"
            self.add(doc, DCTERMS.replaces, self.document_node(revised))
        if rec.title:
            self.add(doc, DCTERMS.title, self.text(rec.title))
        self.add(doc, ELI.is_realized_by, self.expression)
        e = self.expression
        self.add(e, RDF.type, CTOC.Expression)
        self.add(e, ELI.realizes, doc)
        self.add(e, DCTERMS.language, Lit(self.lang, datatype=XSD.language))
        self.add(e, CTOC.sourceFile, Lit(rec.source_label))
        self.add(e, CTOC.sha256, Lit(rec.sha256))
        if self.status:
            self.add(e, CTOC.textStatus, Lit(self.status))
        self.add(e, RDFS.seeAlso, _iri(Iris.undocs(rec.symbol, self.lang)))
        self.add(e, RDFS.label, Lit(f"{rec.symbol.value} ({self.lang})"))
        # a text that stops early (or whose later parts were not recognised) says so, and
        # what it does not give, so a query can tell a partial source from a whole one
        self.add(e, CTOC.partial, Lit(rec.partial))
        for what in rec.missing:
            self.add(e, CTOC.missingPart, Lit(what, lang="en"))
        for note in rec.notes:
            self.add(doc, CTOC.footnote, self.text(f"{note.number} {note.text}"))
            self.span(doc, note.span)
        self.citations(doc, rec.citations)
        for n, m in enumerate(rec.mandates, 1):
            self.mandate(doc, m, n, "the text before the agenda")
        graph_iri = self.graph_iri
        activity = _iri(self.iris.build_activity(__version__))
        self.add(graph_iri, RDF.type, PROV.Entity)
        self.add(graph_iri, PROV.wasDerivedFrom, e)
        self.add(graph_iri, PROV.wasGeneratedBy, activity)
        self.add(activity, RDF.type, PROV.Activity)
        self.add(activity, CTOC.softwareVersion, Lit(__version__))
        self.add(activity, RDFS.label, Lit(f"ctocgraph {__version__} build"))

    # -- the session ------------------------------------------------------------------------
    def session_facts(self) -> None:
        rec, s = self.rec, self.session
        kind = "special_session" if rec.special else "session"
        self.session_node(s, f"reconvened_{kind}" if rec.reconvened else kind)
        if rec.special:
            self.add(s, RDF.type, CTOC.SpecialSession)
        if rec.reconvened and rec.ordinal is not None:
            # the session it continues, which the head thereby states (its dates are another
            # agenda's)
            regular = _iri(self.iris.session(rec.body.key, rec.ordinal, special=rec.special))
            self.add(s, CTOC.reconvenes, regular)
            self.session_node(regular, kind)
            if rec.special:
                self.add(regular, RDF.type, CTOC.SpecialSession)
        if rec.start_date:
            self.add(s, CTOC.startDate, Lit(rec.start_date))
        if rec.end_date:
            self.add(s, CTOC.endDate, Lit(rec.end_date))
        if rec.venue:
            self.add(s, CTOC.venue, _iri(self.iris.place(rec.venue)))
        elif rec.venue_name:
            place = _iri(self.iris.place(rec.venue_name))
            self.add(s, CTOC.venue, place)
            self.add(place, RDF.type, CTOC.Place)
            self.add(place, RDFS.label, self.text(rec.venue_name))
        if rec.opening:
            self.add(s, CTOC.openingTime, Lit(rec.opening))
        if rec.plenary_meetings is not None:
            self.add(s, CTOC.plenaryMeetings, Lit(rec.plenary_meetings))
        if rec.interpretation_languages is not None:
            self.add(s, CTOC.interpretationLanguages, Lit(rec.interpretation_languages))
        self.span(s, rec.header_span)
        self.span(s, rec.ordinal_span)
        self.span(s, rec.venue_span)
        self.span(s, rec.opening_span)
        if not rec.body.known:
            b = self.body(rec.body.key)
            self.add(b, RDF.type, CTOC.Body)
            self.add(b, RDF.type, ORG.Organization)
            self.add(b, RDFS.label, self.text(rec.body.name or rec.body.key))
            self.add(b, SKOS.notation, Lit(rec.symbol.series))

    def session_node(self, s: URIRef, label: str) -> None:
        """A session of the record's body and ordinal, labelled by the tables' ``label``
        wording (no ordinal stated: no generated label rather than an invented one)."""
        rec = self.rec
        self.add(s, RDF.type, CTOC.Session)
        self.add(s, RDF.type, SCHEMA.Event)
        self.add(s, CTOC.sessionOf, self.body(rec.body.key))
        if rec.ordinal is None:
            return
        self.add(s, CTOC.ordinal, Lit(rec.ordinal))
        for lang, text in session_labels(self.ref, rec.body.key, rec.ordinal,
                                         {self.lang: rec.body.name or rec.body.key},
                                         label).items():
            self.add(s, RDFS.label, Lit(text, lang=lang))

    # -- items ------------------------------------------------------------------------------
    def item_iri(self, number: str) -> URIRef:
        return _iri(self.iris.item(str(self.session), number))

    def items(self) -> None:
        for item in self.rec.items:
            i = self.item_iri(item.number)
            self.add(i, RDF.type, CTOC.AgendaItem)
            self.add(i, CTOC.itemOf, self.session)
            self.add(i, CTOC.itemNumber, Lit(item.number))
            self.add(i, CTOC.order, integer(item.order))
            self.add(i, DCTERMS.title, self.text(item.title))
            self.add(i, RDFS.label, self.text(item.title))
            self.add(i, SKOS.prefLabel, self.text(item.title))
            for variant, _span, _where in item.title_variants:
                self.add(i, SKOS.altLabel, self.text(variant))
            if item.parent:
                self.add(i, CTOC.subItemOf, self.item_iri(item.parent))
            if item.annotation:
                self.add(i, CTOC.annotation, self.text(item.annotation))
            for note in item.footnotes:
                self.add(i, CTOC.footnote, self.text(f"{note.number} {note.text}"))
                self.span(i, note.span)
            self.span(i, item.span)
            self.span(i, item.annotation_span)
            self.citations(i, item.citations)
            self.documents(i, item)
            self.mandates(i, item)

    def cited(self, target: Target, title: str | None = None) -> URIRef | None:
        """The IRI of a cited thing, typed and labelled in this graph; None for an act whose
        issuer the text does not tell (it has no IRI of its own)."""
        if isinstance(target, UnresolvedAct):
            return None
        if isinstance(target, ResolutionRef):
            return self.act(target, title)
        if isinstance(target, DocumentSymbol):
            return self.document_node(target)
        if isinstance(target, ProvisionRef):
            return self.provision(target)
        return _iri(self.iris.instrument(target))

    def act(self, ref: ResolutionRef, title: str | None = None) -> URIRef:
        a = _iri(self.iris.act(ref))
        if ref.kind == "resolution":
            self.add(a, RDF.type, CTOC.Resolution)
            self.add(a, CTOC.resolutionNumber, Lit(ref.number))
            self.add(a, CTOC.adoptedBy, self.body(ref.issuer))
        else:
            self.add(a, RDF.type, CTOC.Decision)
            self.add(a, CTOC.decisionNumber, Lit(ref.number))
            self.add(a, CTOC.decidedBy, self.body(ref.issuer))
        for lang, label in act_labels(self.ref, ref).items():
            self.add(a, RDFS.label, Lit(label, lang=lang))
        if title:
            self.add(a, DCTERMS.title, self.text(title))
        for symbol, url in self.rec.links.items():
            if DocumentSymbol(symbol).as_resolution() == ref:
                self.add(a, RDFS.seeAlso, URIRef(url))
                self.add(a, CTOC.symbol, Lit(symbol))
        return a

    def document_node(self, symbol: DocumentSymbol) -> URIRef:
        d = _iri(self.iris.document(symbol))
        self.add(d, RDF.type, CTOC.Document)
        self.add(d, CTOC.symbol, Lit(symbol.value))
        self.add(d, RDFS.label, Lit(symbol.value))
        self.add(d, RDFS.seeAlso, _iri(Iris.undocs(symbol)))
        return d

    def provision(self, ref: ProvisionRef) -> URIRef:
        p = _iri(self.iris.provision(ref))
        self.add(p, RDF.type, CTOC.Provision)
        self.add(p, CTOC.provisionOf, _iri(self.iris.instrument(ref.instrument)))
        self.add(p, CTOC.article, Lit(ref.article))
        if ref.paragraph is not None:
            self.add(p, CTOC.paragraph, Lit(ref.paragraph))
        if ref.subparagraph:
            self.add(p, CTOC.subparagraph, Lit(ref.subparagraph))
        for lang, label in provision_labels(self.ref, ref).items():
            self.add(p, RDFS.label, Lit(label, lang=lang))
        return p

    def citations(self, citing: URIRef, cites: list[Citation]) -> None:
        by_target: dict[URIRef, list[Citation]] = defaultdict(list)
        unresolved: dict[UnresolvedAct, list[Citation]] = defaultdict(list)
        for c in cites:
            target = self.cited(c.target, c.title)
            if target is None:
                unresolved[c.target].append(c)  # type: ignore[index]
            else:
                by_target[target].append(c)
        for act, group in unresolved.items():
            # kept with its words and lines, given to no body
            node = _iri(self.iris.unresolved_citation(str(citing), act.kind, act.number))
            self.add(node, RDF.type, CTOC.Citation)
            self.add(node, RDF.type, CTOC.UnresolvedCitation)
            self.add(node, CTOC.citing, citing)
            self.add(node, CTOC.citedNumber, Lit(act.number))
            self.add(node, CTOC.citedKind, Lit(act.kind))
            for c in group:
                self.add(node, CTOC.citedAs, self.text(c.text))
                self.span(node, c.span)
        for target, group in by_target.items():
            self.add(citing, CTOC.cites, target)
            node = _iri(self.iris.citation(str(citing), str(target)))
            self.add(node, RDF.type, CTOC.Citation)
            self.add(node, CTOC.citing, citing)
            self.add(node, CTOC.cited, target)
            for c in group:
                self.add(node, CTOC.citedAs, self.text(c.text))
                self.span(node, c.span)

    def documents(self, i: URIRef, item: AgendaItem) -> None:
        for entry in item.documents:
            d = self.document_node(entry.symbol)
            self.add(d, CTOC.documentFor, i)
            if entry.symbol != self.rec.symbol or not self.rec.title:
                # an agenda that lists itself has its own title already, from its heading
                self.add(d, DCTERMS.title, self.text(entry.title))
            if entry.prepared_by:
                self.add(d, CTOC.preparedBy, self.body(entry.prepared_by))
            for c in entry.pursuant_to:
                r = self.cited(c.target)
                if r is None:
                    continue
                self.add(d, CTOC.preparedPursuantTo, r)
                if isinstance(c.target, ResolutionRef):
                    self.add(self.session, CTOC.governedBy, r)
            self.citations(d, entry.pursuant_to)
            self.span(d, entry.span)

    def mandates(self, i: URIRef, item: AgendaItem) -> None:
        counts: dict[ResolutionRef, int] = defaultdict(int)
        for m in item.mandates:
            counts[m.act] += 1
            self.mandate(i, m, counts[m.act], f"item {item.number}")

    def mandate(self, stated_in: URIRef, m: Mandate, n: int, where: str) -> None:
        node = _iri(self.iris.mandate(str(stated_in), m.act, n))
        act = self.act(m.act)
        self.add(node, RDF.type, CTOC.Mandate)
        self.add(node, CTOC.establishedBy, act)
        self.add(node, CTOC.statedIn, stated_in)
        for body in m.addressees:
            self.add(node, CTOC.addressedTo, self.body(body))
        for verb in m.verbs:
            self.add(node, CTOC.verb, CTOC[VERBS[verb]])
        self.add(node, CTOC.mandateText, self.text(m.text))
        under = f"under {where}" if where.startswith("item") else f"in {where}"
        self.add(node, RDFS.label, Lit(
            f"mandate {n} of {m.act.issuer} {m.act.kind} {m.act.number} {under}", lang="en"))
        self.add(self.session, CTOC.governedBy, act)
        self.citations(node, m.citations)
        self.span(node, m.span)

    # -- decisions and the organization of work -----------------------------------------------
    def decisions(self) -> None:
        seen: dict[tuple[str, str], int] = defaultdict(int)
        for d in self.rec.decisions:
            key = (d.body, d.date.isoformat())
            seen[key] += 1
            node = _iri(self.iris.bureau_decision(d.body, d.date.isoformat(), seen[key]))
            self.add(node, RDF.type, CTOC.Decision)
            self.add(node, CTOC.decidedBy, self.body(d.body))
            self.add(node, CTOC.decisionDate, Lit(d.date))
            self.add(node, CTOC.bySilenceProcedure, Lit(d.by_silence))
            self.add(node, CTOC.decisionText, self.text(d.text))
            self.add(node, CTOC.concerns, self.session)
            for lang, label in bureau_decision_labels(self.ref, d.body, d.date).items():
                self.add(node, RDFS.label, Lit(label, lang=lang))
            if d.item:
                self.add(node, CTOC.statedIn, self.item_iri(d.item))
            self.span(node, d.span)

    def slots(self) -> None:
        for slot in self.rec.slots:
            start = dt.datetime.combine(slot.date, slot.start)
            end = dt.datetime.combine(slot.date, slot.end)
            node = _iri(self.iris.time_slot(str(self.session), start.isoformat(timespec="minutes")))
            self.add(node, RDF.type, CTOC.TimeSlot)
            self.add(node, CTOC.slotOf, self.session)
            self.add(node, CTOC.start, Lit(start))
            self.add(node, CTOC.end, Lit(end))
            self.add(node, RDFS.label, Lit(
                f"{slot.date.isoformat()} {slot.start:%H:%M}–{slot.end:%H:%M}"))
            for entry in slot.items:
                i = self.item_iri(entry.number)
                self.add(node, CTOC.scheduledItem, i)
                if entry.continued:
                    self.add(node, CTOC.continuedItem, i)
            self.span(node, slot.span)

    def run(self) -> list[tuple[URIRef, URIRef, URIRef | Lit]]:
        self.document()
        self.session_facts()
        self.items()
        self.decisions()
        self.slots()
        return self.triples


def to_rdf(record: AgendaRecord, iris: Iris, reference: Reference,
           status: str | None = None) -> Graph:
    """The named graph of one source: everything its record says, with provenance."""
    mapper = _Mapper(record, iris, reference, status)
    g = new_graph(mapper.graph_iri)
    for s, p, o in mapper.run():
        g.add((s, p, Literal(o.value, lang=o.lang, datatype=o.datatype) if isinstance(o, Lit) else o))
    return g


def to_ntriples(record: AgendaRecord, iris: Iris, reference: Reference,
                status: str | None = None) -> tuple[str, str]:
    """The same graph as :func:`to_rdf`, as (graph name, N-Triples text), without an rdflib
    graph: adding to rdflib's store was more than half the cost of mapping. The lines are
    rdflib's own N-Triples rows, so the text equals ``to_rdf(...).serialize(format="nt")``
    up to order and repeats."""
    mapper = _Mapper(record, iris, reference, status)
    rows, _terms = rows_of(mapper.run())
    return mapper.graph_iri.n3(), " .\n".join(rows) + " .\n" if rows else ""


def to_block(record: AgendaRecord, iris: Iris, reference: Reference,
             status: str | None = None) -> tuple[str, bytes, set[str]]:
    """The graph name, the graph's block of the canonical N-Quads (what
    :func:`~ctocgraph.serialize.graph_block` makes of :func:`to_ntriples`' text) and its
    literal terms (what :func:`~ctocgraph.literals.literal_terms` finds there), without the
    text: reading the text again for both was a third of a build worker's time after mapping.

    A row sorts as its line does: a row that is a prefix of another ends with its object,
    after which the other continues with ``@`` or ``^^``, both above the space that follows
    a row in its line."""
    mapper = _Mapper(record, iris, reference, status)
    rows, terms = rows_of(mapper.run())
    graph = mapper.graph_iri.n3()
    suffix = f" {graph} .\n"
    block = suffix.join(sorted(rows)) + suffix if rows else ""
    return graph, block.encode("utf-8"), terms


def reference_to_rdf(reference: Reference, iris: Iris) -> Graph:
    """The curated bodies, instruments, places and the register, in their own named graph
    (made in :mod:`mapreference`)."""
    from .mapreference import reference_graph

    return reference_graph(reference, iris)
