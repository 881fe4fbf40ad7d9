"""What the record views of the static site show, read from the store with SPARQL.

A reader looks a session, a body, an act or a document up as a catalogue record: the thing
first, the statements below (:mod:`site`). Each function here asks the site's store (the
dataset being published, its named graphs as one union) what one record shows, and returns
plain data — IRIs, values, and texts by language — that :mod:`siteviews` renders with the
package's templates. Nothing is inferred here: a fact the graph does not state is not shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .identifiers import ONTOLOGY

# the six languages of the UN, in the order the site offers them
LANGUAGES = ("en", "zh", "fr", "es", "ru", "ar")
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = """PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# the properties a thing is named by, in the order the site's pages take them
NAMING = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
          "http://purl.org/dc/terms/title", ONTOLOGY + "symbol")

Texts = list[tuple[str, str]]  # (language, text), language "" for a plain literal


def ordered(texts: Texts) -> Texts:
    """Texts in the site's language order (the six, then others), one per language."""
    rank = {lang: i for i, lang in enumerate(LANGUAGES)}
    seen: dict[str, str] = {}
    for lang, value in sorted(texts, key=lambda t: (rank.get(t[0], len(rank)), t[0], t[1])):
        seen.setdefault(lang, value)
    return list(seen.items())


@dataclass
class Reader:
    """SPARQL over the site's store, one resource at a time (``?this``)."""

    store: ox.Store
    names_cache: dict[str, Texts] = field(default_factory=dict)

    def rows(self, query: str, this: str | None = None) -> list[dict[str, ox.NamedNode | ox.Literal]]:
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] | None = None
        if this is not None:  # Oxigraph substitutes only a variable the query projects
            subs = {ox.Variable("this"): ox.NamedNode(this)}
            head, _, rest = query.partition("SELECT ")
            distinct = rest.startswith("DISTINCT ")
            query = f"{head}SELECT {'DISTINCT ' if distinct else ''}?this {rest.removeprefix('DISTINCT ')}"
        result = self.store.query(PREFIXES + query, use_default_graph_as_union=True, substitutions=subs)
        names = [v.value for v in result.variables]  # type: ignore[union-attr]
        out = []
        for solution in result:  # type: ignore[union-attr]
            out.append({n: solution[n] for n in names if solution[n] is not None})
        return out

    def facts(self, iri: str) -> dict[str, list[ox.NamedNode | ox.Literal]]:
        """Every statement with ``iri`` as subject, by predicate."""
        by: dict[str, list[ox.NamedNode | ox.Literal]] = defaultdict(list)
        for r in self.rows("SELECT DISTINCT ?p ?o WHERE { ?this ?p ?o }", iri):
            by[r["p"].value].append(r["o"])
        for values in by.values():
            values.sort(key=lambda v: (getattr(v, "language", None) or "", v.value))
        return by

    def names(self, iris: list[str]) -> dict[str, Texts]:
        """How each resource is named, in every language the graph names it in."""
        wanted = sorted({i for i in iris if i not in self.names_cache})
        found: dict[str, dict[str, Texts]] = defaultdict(lambda: defaultdict(list))
        for iri in wanted:
            for r in self.rows(f"SELECT ?p ?v WHERE {{ ?this ?p ?v FILTER (?p IN "
                               f"({', '.join(f'<{p}>' for p in NAMING)}) && isLITERAL(?v)) }}", iri):
                found[iri][r["p"].value].append((r["v"].language or "", r["v"].value))  # type: ignore[union-attr]
            by = found.get(iri, {})
            self.names_cache[iri] = next((ordered(by[p]) for p in NAMING if by.get(p)), [])
        return {i: self.names_cache[i] for i in iris}


def first(facts: dict[str, list], name: str) -> str:
    """The first value of a ctoc property, or ""."""
    values = facts.get(ONTOLOGY + name) or []
    return values[0].value if values else ""


def texts(facts: dict[str, list], predicate: str) -> Texts:
    return ordered([(v.language or "", v.value) for v in facts.get(predicate, [])
                    if isinstance(v, ox.Literal)])


def iris(facts: dict[str, list], predicate: str) -> list[str]:
    return sorted(v.value for v in facts.get(predicate, []) if isinstance(v, ox.NamedNode))


def _v(row: dict, key: str) -> str:
    return row[key].value if key in row else ""


def kinds(reader: Reader, iri: str) -> set[str]:
    """The ctoc classes of a resource, by local name."""
    return {o.value[len(ONTOLOGY):] for o in reader.facts(iri).get(RDF_TYPE, [])
            if isinstance(o, ox.NamedNode) and o.value.startswith(ONTOLOGY)}


# -- a session -----------------------------------------------------------------------------
@dataclass
class Item:
    iri: str
    number: str
    titles: Texts
    parent: str = ""
    documents: list[str] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)


def agenda(reader: Reader, session: str) -> list[Item]:
    """The session's items in agenda order, sub-items under their item, each with the
    documents before it."""
    rows = reader.rows("""SELECT DISTINCT ?item ?number ?order ?parent WHERE {
        ?item ctoc:itemOf ?this ; ctoc:itemNumber ?number .
        OPTIONAL { ?item ctoc:order ?order } OPTIONAL { ?item ctoc:subItemOf ?parent } }""", session)
    titles: dict[str, Texts] = defaultdict(list)
    for r in reader.rows("SELECT ?item ?t WHERE { ?item ctoc:itemOf ?this ; dcterms:title ?t }", session):
        titles[_v(r, "item")].append((r["t"].language or "", r["t"].value))  # type: ignore[union-attr]
    docs: dict[str, list[str]] = defaultdict(list)
    for r in reader.rows("""SELECT DISTINCT ?item ?doc ?symbol WHERE { ?item ctoc:itemOf ?this .
            ?doc ctoc:documentFor ?item OPTIONAL { ?doc ctoc:symbol ?symbol } } ORDER BY ?symbol ?doc""",
                         session):
        docs[_v(r, "item")].append(_v(r, "doc"))
    items: dict[str, Item] = {}
    for r in sorted(rows, key=lambda r: (int(_v(r, "order") or 0), _v(r, "number"))):
        iri = _v(r, "item")
        items.setdefault(iri, Item(iri, _v(r, "number"), ordered(titles[iri]), _v(r, "parent"), docs[iri]))
    top = []
    for item in items.values():
        if item.parent in items:
            items[item.parent].children.append(item)
        else:
            top.append(item)
    return top


@dataclass
class Slot:
    iri: str
    day: str
    start: str  # HH:MM
    end: str
    items: list[tuple[str, str, bool]]  # (item IRI, number, continued)


def organization(reader: Reader, session: str) -> list[Slot]:
    """The organization of work: the session's time slots in time order, with their items."""
    rows = reader.rows("""SELECT DISTINCT ?slot ?start ?end ?item ?number ?order ?continued WHERE {
        ?slot ctoc:slotOf ?this ; ctoc:start ?start ; ctoc:end ?end .
        OPTIONAL { ?slot ctoc:scheduledItem ?item . ?item ctoc:itemNumber ?number
                   OPTIONAL { ?item ctoc:order ?order }
                   BIND (EXISTS { ?slot ctoc:continuedItem ?item } AS ?continued) } }""", session)
    slots: dict[str, Slot] = {}
    for r in sorted(rows, key=lambda r: (_v(r, "start"), int(_v(r, "order") or 0), _v(r, "number"))):
        start, end = _v(r, "start"), _v(r, "end")
        slot = slots.setdefault(_v(r, "slot"), Slot(_v(r, "slot"), start[:10], start[11:16], end[11:16], []))
        if "item" in r:
            slot.items.append((_v(r, "item"), _v(r, "number"), _v(r, "continued") == "true"))
    return list(slots.values())


@dataclass
class Mandate:
    iri: str
    act: str
    verbs: list[str]
    addressed: list[str]
    item: str
    number: str
    texts: Texts


def mandates(reader: Reader, where: str, this: str) -> list[Mandate]:
    """The mandates that a pattern on ``?m`` and ``?this`` finds, each with the item that
    states it (its facts asked one mandate at a time: a join of the optional parts is slow)."""
    query = f"SELECT DISTINCT ?m WHERE {{ {where} ?m a ctoc:Mandate }}"
    found = sorted({_v(r, "m") for r in reader.rows(query, this)})
    out = []
    for m in found:
        f = reader.facts(m)
        item = next(iter(iris(f, ONTOLOGY + "statedIn")), "")
        out.append(Mandate(m, next(iter(iris(f, ONTOLOGY + "establishedBy")), ""), iris(f, ONTOLOGY + "verb"),
                           iris(f, ONTOLOGY + "addressedTo"), item,
                           first(reader.facts(item), "itemNumber") if item else "",
                           texts(f, ONTOLOGY + "mandateText")))
    return out


def cited_in_session(reader: Reader, session: str) -> list[tuple[str, list[str]]]:
    """What the session's items cite (acts, instruments, documents), with the item numbers."""
    rows = reader.rows("""SELECT DISTINCT ?cited ?number ?order WHERE {
        ?item ctoc:itemOf ?this ; ctoc:cites ?cited ; ctoc:itemNumber ?number
        OPTIONAL { ?item ctoc:order ?order } }""", session)
    by: dict[str, list[str]] = defaultdict(list)
    for r in sorted(rows, key=lambda r: (int(_v(r, "order") or 0), _v(r, "number"))):
        if _v(r, "number") not in by[_v(r, "cited")]:
            by[_v(r, "cited")].append(_v(r, "number"))
    return sorted(by.items())


@dataclass
class Decision:
    iri: str
    date: str
    by: str
    silence: str  # "true", "false" or ""
    texts: Texts


def decisions(reader: Reader, session: str) -> list[Decision]:
    """The decisions about the session (the extended Bureau agreeing its agenda …)."""
    rows = reader.rows("""SELECT DISTINCT ?d WHERE { ?d ctoc:concerns ?this }""", session)
    out = []
    for iri in sorted(_v(r, "d") for r in rows):
        f = reader.facts(iri)
        out.append(Decision(iri, first(f, "decisionDate"), next(iter(iris(f, ONTOLOGY + "decidedBy")), ""),
                            first(f, "bySilenceProcedure"), texts(f, ONTOLOGY + "decisionText")))
    return sorted(out, key=lambda d: (d.date, d.iri))


@dataclass
class SessionRef:
    iri: str
    ordinal: int | None
    start: str
    end: str
    venue: str = ""


def sessions_of(reader: Reader, body: str) -> list[SessionRef]:
    """A body's sessions in date order (those without dates by ordinal, last)."""
    rows = reader.rows("""SELECT DISTINCT ?s ?ordinal ?start ?end ?venue WHERE { ?s ctoc:sessionOf ?this
        OPTIONAL { ?s ctoc:ordinal ?ordinal } OPTIONAL { ?s ctoc:startDate ?start }
        OPTIONAL { ?s ctoc:endDate ?end } OPTIONAL { ?s ctoc:venue ?venue } }""", body)
    refs: dict[str, SessionRef] = {}
    for r in rows:
        ordinal = _v(r, "ordinal")
        refs.setdefault(_v(r, "s"), SessionRef(_v(r, "s"), int(ordinal) if ordinal.isdigit() else None,
                                               _v(r, "start"), _v(r, "end"), _v(r, "venue")))
    return sorted(refs.values(), key=lambda s: (s.start == "", s.start, s.ordinal or 0, s.iri))


def neighbours(reader: Reader, session: str, body: str) -> tuple[SessionRef | None, SessionRef | None]:
    """The body's sessions before and after this one that the graph holds (by ordinal)."""
    own = [s for s in sessions_of(reader, body) if s.ordinal is not None]
    own.sort(key=lambda s: s.ordinal or 0)
    at = next((i for i, s in enumerate(own) if s.iri == session), None)
    if at is None:
        return None, None
    return (own[at - 1] if at > 0 else None), (own[at + 1] if at + 1 < len(own) else None)


def topics(reader: Reader, body: str) -> dict[str, list[Item]]:
    """The main topics of each of a body's sessions: its items that are not sub-items."""
    rows = reader.rows("""SELECT DISTINCT ?s ?item ?number ?order ?t WHERE { ?s ctoc:sessionOf ?this .
        ?item ctoc:itemOf ?s ; ctoc:itemNumber ?number . FILTER NOT EXISTS { ?item ctoc:subItemOf ?p }
        OPTIONAL { ?item ctoc:order ?order } OPTIONAL { ?item dcterms:title ?t } }""", body)
    by: dict[str, dict[str, Item]] = defaultdict(dict)
    for r in sorted(rows, key=lambda r: (int(_v(r, "order") or 0), _v(r, "number"))):
        item = by[_v(r, "s")].setdefault(_v(r, "item"), Item(_v(r, "item"), _v(r, "number"), []))
        if "t" in r:
            item.titles.append((r["t"].language or "", r["t"].value))  # type: ignore[union-attr]
    for items in by.values():
        for item in items.values():
            item.titles = ordered(item.titles)
    return {s: list(items.values()) for s, items in by.items()}


def incoming(reader: Reader, iri: str, predicate: str) -> list[str]:
    """The resources that state ``predicate`` with ``iri`` as object."""
    return sorted({_v(r, "s") for r in reader.rows(f"SELECT DISTINCT ?s WHERE {{ ?s <{predicate}> ?this }}",
                                                    iri)})


@dataclass
class Citing:
    iri: str
    kind: str  # AgendaItem, Document, …
    session: str = ""
    number: str = ""


def citing(reader: Reader, act: str) -> list[Citing]:
    """The agenda items and documents that cite an act (or a document)."""
    rows = reader.rows("""SELECT DISTINCT ?x ?type ?session ?number WHERE { ?x ctoc:cites ?this ; a ?type .
        FILTER (?type IN (ctoc:AgendaItem, ctoc:Document))
        OPTIONAL { ?x ctoc:itemOf ?session ; ctoc:itemNumber ?number } }""", act)
    out = [Citing(_v(r, "x"), _v(r, "type")[len(ONTOLOGY):], _v(r, "session"), _v(r, "number")) for r in rows]
    return sorted(out, key=lambda c: (c.kind, c.session, c.number, c.iri))


@dataclass
class Version:
    iri: str
    language: str
    file: str
    sha256: str
    status: str
    partial: str
    links: list[str]


def versions(reader: Reader, document: str) -> list[Version]:
    """The language versions of a document the corpus holds: file and checksum of each."""
    out = []
    for e in incoming(reader, document, "http://data.europa.eu/eli/ontology#realizes"):
        f = reader.facts(e)
        language = next((v.value for v in f.get("http://purl.org/dc/terms/language", [])), "")
        out.append(Version(e, language, first(f, "sourceFile"), first(f, "sha256"), first(f, "textStatus"),
                           first(f, "partial"), iris(f, "http://www.w3.org/2000/01/rdf-schema#seeAlso")))
    rank = {lang: i for i, lang in enumerate(LANGUAGES)}
    return sorted(out, key=lambda v: (rank.get(v.language, len(rank)), v.language, v.iri))


@dataclass
class Listing:
    span: str
    expression: str
    language: str
    file: str
    sha256: str
    first: str
    last: str


def listings(reader: Reader, iri: str) -> list[Listing]:
    """Where the sources state a resource: each span's language version, file, lines and
    the file's checksum."""
    rows = reader.rows("""SELECT DISTINCT ?span ?e ?lang ?file ?sha ?first ?last WHERE {
        ?this ctoc:sourceSpan ?span .
        ?span ctoc:inExpression ?e ; ctoc:firstLine ?first ; ctoc:lastLine ?last .
        OPTIONAL { ?e dcterms:language ?lang } OPTIONAL { ?e ctoc:sourceFile ?file }
        OPTIONAL { ?e ctoc:sha256 ?sha } }""", iri)
    rank = {lang: i for i, lang in enumerate(LANGUAGES)}
    out = [Listing(_v(r, "span"), _v(r, "e"), _v(r, "lang"), _v(r, "file"), _v(r, "sha"), _v(r, "first"),
                   _v(r, "last")) for r in rows]
    return sorted(out, key=lambda x: (rank.get(x.language, len(rank)), x.file, int(x.first or 0), x.span))


def item_context(reader: Reader, items: list[str]) -> dict[str, tuple[str, str, Texts]]:
    """For items: their session, number and titles."""
    out = {}
    for item in items:
        f = reader.facts(item)
        session = next(iter(iris(f, ONTOLOGY + "itemOf")), "")
        out[item] = (session, first(f, "itemNumber"), texts(f, "http://purl.org/dc/terms/title"))
    return out
