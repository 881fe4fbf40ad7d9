"""The tidy tables of a release, as data: one row per entity or link, IRIs as keys.

Each table names the resources that are its rows (a SPARQL pattern binding ``?row``) and, per
column, the property path that gives its value; a link table is one SELECT whose variables are
its columns. The columns are typed (dates as dates, ordinals as integers); a column whose
values are the keys of another table says so (``ref``), which the data package declares as a
foreign key. An entity column holds one value: where the graph has two, the release stops
and says which (the shapes allow one; a second would be lost in a table). A column without a
description takes the definition of its property from the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("zh", "en", "fr", "es", "ru", "ar")  # the UN languages, in the project's order
KINDS = ("iri", "string", "integer", "boolean", "date", "datetime")
PREFIXES = {
    "ctoc": "https://w3id.org/ctocgraph/ontology#",
    "dcterms": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # one of KINDS
    path: str | None = None  # SPARQL property path from ?row; None: the row itself (the key)
    description: str = ""
    lang: str | None = None  # keep only literals in this language
    pattern: str | None = None  # instead of a path: a group pattern binding ?value from ?row
    ref: str | None = None  # the table whose key this column holds
    required: bool = False

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    rows: str  # entity table: a pattern binding ?row; link table: the whole WHERE group
    columns: tuple[Column, ...]
    link: bool = False  # a link table: one row per distinct binding of its columns
    rdf_type: str | None = None  # the class of the rows of an entity table

    @property
    def key(self) -> list[str]:
        """The row's IRI; for a link table, its required columns."""
        return [c.name for c in self.columns if c.required] if self.link else [self.columns[0].name]


def _key(name: str, kind: str) -> Column:
    return Column(name, "iri", None, f"The IRI of the {name} ({kind}): the key of this table.",
                  required=True)


def _texts(prefix: str, path: str, what: str) -> tuple[Column, ...]:
    names = {"zh": "Chinese", "en": "English", "fr": "French", "es": "Spanish", "ru": "Russian",
             "ar": "Arabic"}
    return tuple(Column(f"{prefix}_{lang}", "string", path, f"{what} in {names[lang]} ({path}@{lang}).",
                        lang=lang) for lang in LANGS)


def _entity(name: str, key: str, cls: str, description: str, columns: tuple[Column, ...],
            rows: str | None = None, kind: str | None = None) -> Table:
    """An entity table; ``rows`` and ``kind`` where its rows are not all of one class."""
    return Table(name, description, rows or f"?row a ctoc:{cls} .",
                 (_key(key, kind or f"a ctoc:{cls}"), *columns),
                 rdf_type=None if rows else PREFIXES["ctoc"] + cls)


def _link(name: str, description: str, where: str, columns: tuple[Column, ...]) -> Table:
    return Table(name, description, where, columns, link=True)


def _iri(name: str, path: str | None, ref: str | None = None, description: str = "",
         required: bool = False) -> Column:
    return Column(name, "iri", path, description, ref=ref, required=required)


TABLES: tuple[Table, ...] = (
    _entity("bodies", "body", "Body", "Bodies: the Conference, its working groups, the extended "
            "Bureau, the Secretariat and the other organs the agendas name.", (
                Column("notation", "string", "skos:notation", "The symbol series of the body's "
                       "documents, e.g. CTOC/COP/WG.7 (skos:notation)."),
                _iri("parent", "org:subOrganizationOf", "bodies",
                     "The body this one is part of (org:subOrganizationOf)."),
                *_texts("name", "skos:prefLabel", "The name of the body"))),
    _entity("sessions", "session", "Session", "Sessions of the bodies, one row per session.", (
        _iri("body", "ctoc:sessionOf", "bodies", required=True),
        Column("ordinal", "integer", "ctoc:ordinal"),
        Column("start_date", "date", "ctoc:startDate"),
        Column("end_date", "date", "ctoc:endDate"),
        Column("opening_time", "datetime", "ctoc:openingTime"),
        _iri("venue", "ctoc:venue", "places"),
        Column("plenary_meetings", "integer", "ctoc:plenaryMeetings"),
        Column("interpretation_languages", "integer", "ctoc:interpretationLanguages"))),
    _entity("agenda_items", "item", "AgendaItem", "Agenda items and sub-items, one row "
            "per item of a session's agenda, with its title in each language.", (
                _iri("session", "ctoc:itemOf", "sessions", required=True),
                Column("item_number", "string", "ctoc:itemNumber", required=True),
                Column("order", "integer", "ctoc:order", required=True),
                _iri("parent", "ctoc:subItemOf", "agenda_items",
                     "The item this sub-item belongs to (ctoc:subItemOf)."),
                *_texts("title", "dcterms:title", "The title of the item"))),
    _entity("documents", "document", "Document", "Documents (works, in any language): the "
            "annotated agendas and the documents listed before each item.", (
                Column("symbol", "string", "ctoc:symbol", required=True),
                Column("is_agenda", "boolean", None, "True for an annotated provisional agenda "
                       "(ctoc:AnnotatedAgenda).",
                       pattern="BIND (EXISTS { ?row a ctoc:AnnotatedAgenda } AS ?value)",
                       required=True),
                _iri("agenda_of", "ctoc:agendaOf", "sessions"),
                _iri("report_of", "ctoc:reportOf", "sessions"),
                _iri("undocs", "rdfs:seeAlso", None, "The document on the UN Official Document "
                     "System (rdfs:seeAlso)."),
                *_texts("title", "dcterms:title", "The title of the document"))),
    _entity("language_versions", "version", "Expression", "Language versions of the "
            "annotated agendas the graph was built from, one row per source text.", (
                _iri("document", "eli:realizes", "documents", "The document (work) this is a "
                     "version of (eli:realizes).", required=True),
                Column("language", "string", "dcterms:language", "The language of the version "
                       "(dcterms:language).", required=True),
                Column("source_file", "string", "ctoc:sourceFile", required=True),
                Column("sha256", "string", "ctoc:sha256", required=True),
                Column("text_status", "string", "ctoc:textStatus"),
                Column("partial", "boolean", "ctoc:partial", required=True),
                _iri("undocs", "rdfs:seeAlso", None, "This language version on the UN Official "
                     "Document System (rdfs:seeAlso)."))),
    _entity("acts", "act", "Resolution", "Acts: resolutions, and decisions with a number, of "
            "any body, as cited by the agendas and listed by the Conference's register.", (
                Column("kind", "string", None, "resolution or decision.", required=True,
                       pattern="{ ?row a ctoc:Resolution BIND ('resolution' AS ?value) } UNION "
                               "{ ?row ctoc:decisionNumber [] BIND ('decision' AS ?value) }"),
                Column("number", "string", "ctoc:resolutionNumber|ctoc:decisionNumber",
                       "The number of the act within its body, e.g. 7/1 (ctoc:resolutionNumber "
                       "or ctoc:decisionNumber).", required=True),
                _iri("issuer", "ctoc:adoptedBy|ctoc:decidedBy", "bodies", "The body that adopted "
                     "the act (ctoc:adoptedBy or ctoc:decidedBy).", required=True),
                Column("symbol", "string", "ctoc:symbol", "The act's UN document symbol, where "
                       "an agenda links it (ctoc:symbol)."),
                _iri("adopted_at", "ctoc:adoptedAt", "sessions", "The session that adopted the "
                     "act, where the register states it (ctoc:adoptedAt)."),
                Column("adoption_date", "date", "ctoc:adoptionDate", "The day the act was "
                       "adopted, where the register states it (ctoc:adoptionDate)."),
                *_texts("title", "dcterms:title", "The title of the act")),
            rows="{ ?row a ctoc:Resolution } UNION { ?row a ctoc:Decision ; ctoc:decisionNumber [] }",
            kind="a ctoc:Resolution, or a ctoc:Decision with a number"),
    _entity("citations", "citation", "Citation", "Citations: one row per resource citing "
            "another (an item, document or mandate citing an act, document, provision or "
            "instrument), or an act whose issuer the text does not tell.", (
                _iri("citing", "ctoc:citing", required=True),
                _iri("cited", "ctoc:cited", None, "The resource cited; empty when unresolved "
                     "(ctoc:cited)."),
                Column("unresolved", "boolean", None, "True when the text does not tell whose "
                       "act it cites (ctoc:UnresolvedCitation).", required=True,
                       pattern="BIND (EXISTS { ?row a ctoc:UnresolvedCitation } AS ?value)"),
                Column("cited_kind", "string", "ctoc:citedKind"),
                Column("cited_number", "string", "ctoc:citedNumber"))),
    _entity("mandates", "mandate", "Mandate", "Mandates: what a resolution decides, requests or "
            "encourages, as an agenda states it.", (
                _iri("resolution", "ctoc:establishedBy", "acts", required=True),
                _iri("stated_in", "ctoc:statedIn", None, "The agenda item (or document) whose "
                     "text states the mandate (ctoc:statedIn).", required=True),
                _iri("session", "ctoc:statedIn/(ctoc:itemOf|ctoc:agendaOf)", "sessions",
                     "The session whose agenda states the mandate."),
                *_texts("text", "ctoc:mandateText", "The sentence stating the mandate"))),
    _link("mandate_addressees", "The bodies each mandate is addressed to.",
          "?mandate a ctoc:Mandate ; ctoc:addressedTo ?body .",
          (_iri("mandate", None, "mandates", required=True),
           _iri("body", None, "bodies", required=True))),
    _link("mandate_verbs", "The verbs of each mandate (decides, requests, encourages …), as "
          "terms of the ontology's mandate-verb scheme.",
          "?mandate a ctoc:Mandate ; ctoc:verb ?verb .",
          (_iri("mandate", None, "mandates", required=True),
           _iri("verb", None, None, "The verb, a ctoc:MandateVerb (ctoc:verb).", required=True))),
    _entity("bureau_decisions", "decision", "Decision", "Decisions of a body on a date, such "
            "as the extended Bureau agreeing an agenda by silence procedure (one decision may "
            "concern several sessions: decision_sessions).", (
                _iri("body", "ctoc:decidedBy", "bodies", required=True),
                Column("date", "date", "ctoc:decisionDate", required=True),
                Column("by_silence", "boolean", "ctoc:bySilenceProcedure")),
            rows="?row a ctoc:Decision ; ctoc:decisionDate [] .", kind="a ctoc:Decision with a date"),
    _link("decision_sessions", "The sessions each decision of a body on a date concerns, with "
          "the agenda item of that session whose annotation records it.",
          "?decision a ctoc:Decision ; ctoc:decisionDate [] ; ctoc:concerns ?session . "
          "OPTIONAL { ?decision ctoc:statedIn ?item . ?item ctoc:itemOf ?session }",
          (_iri("decision", None, "bureau_decisions", required=True),
           _iri("session", None, "sessions", required=True),
           _iri("item", None, "agenda_items", "The agenda item whose annotation records the "
                "decision (ctoc:statedIn).", ))),
    _link("decision_texts", "The sentences recording each decision, as written in each language "
          "(one per agenda that records it).",
          "?decision a ctoc:Decision ; ctoc:decisionDate [] ; ctoc:decisionText ?text . "
          "BIND (LANG(?text) AS ?language)",
          (_iri("decision", None, "bureau_decisions", required=True),
           Column("language", "string", None, "The language of the text.", required=True),
           Column("text", "string", None, "The sentence recording the decision "
                  "(ctoc:decisionText).", required=True))),
    _entity("time_slots", "slot", "TimeSlot", "The organization of work: one row per "
            "meeting slot of a session.", (
                _iri("session", "ctoc:slotOf", "sessions", required=True),
                Column("start", "datetime", "ctoc:start", required=True),
                Column("end", "datetime", "ctoc:end", required=True))),
    _link("slot_items", "The items each time slot schedules; continued is true when the item "
          "goes on from an earlier slot.",
          "?slot a ctoc:TimeSlot ; ctoc:scheduledItem ?item . "
          "BIND (EXISTS { ?slot ctoc:continuedItem ?item } AS ?continued)",
          (_iri("slot", None, "time_slots", required=True),
           _iri("item", None, "agenda_items", required=True),
           Column("continued", "boolean", None, "The item goes on from an earlier slot "
                  "(ctoc:continuedItem).", required=True))),
    _link("document_items", "The agenda items each document is listed for.",
          "?document a ctoc:Document ; ctoc:documentFor ?item .",
          (_iri("document", None, "documents", required=True),
           _iri("item", None, "agenda_items", required=True))),
    _link("document_preparers", "The bodies that prepared each document.",
          "?document a ctoc:Document ; ctoc:preparedBy ?body .",
          (_iri("document", None, "documents", required=True),
           _iri("body", None, "bodies", required=True))),
    _link("governance", "Which resolutions govern each session: a mandate the session's agenda "
          "states, or a document before it prepared pursuant to the resolution "
          "(ctoc:governedBy).",
          "?session a ctoc:Session ; ctoc:governedBy ?resolution .",
          (_iri("session", None, "sessions", required=True),
           _iri("resolution", None, "acts", required=True))),
    _entity("provisions", "provision", "Provision", "Provisions of treaties cited.", (
        _iri("instrument", "ctoc:provisionOf", "instruments", required=True),
        Column("article", "integer", "ctoc:article", required=True),
        Column("paragraph", "integer", "ctoc:paragraph"),
        Column("subparagraph", "string", "ctoc:subparagraph"))),
    _entity("instruments", "instrument", "Instrument", "Treaties: the Convention and its "
            "Protocols and the other instruments the agendas cite.", (
                _iri("supplements", "ctoc:supplements", "instruments"),
                *_texts("name", "rdfs:label", "The name of the instrument"))),
    _entity("places", "place", "Place", "Venues of sessions.", (
        _iri("same_as", "owl:sameAs", None, "The place in GeoNames (owl:sameAs)."),
        *_texts("name", "skos:prefLabel", "The name of the place"))),
)


def table(name: str) -> Table:
    return next(t for t in TABLES if t.name == name)
