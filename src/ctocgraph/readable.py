"""Kinds and readable names of a view's nodes, in the six languages, for the explorer.

A node is labelled as a reader would name it, never by an IRI fragment: a session
"wg-som 4 (2017-09-11)", an item "wg-som 4 · 1(b) Adoption of the agenda…", a mandate by its
verb and act ("decides · Conference of the Parties resolution 8/2"), a source span by its
document, language and lines. Names come from the store (labels, titles, symbols, numbers,
dates) and, for the ontology's own terms (mandate verbs), from the ontology file. A name exists
only in the languages the graph states it in: the page falls back to another language and
marks it, nothing is translated here.

The store is asked about the nodes it needs, by VALUES blocks in batches, never about the
whole graph: at 10,000 documents a view has 30,000 nodes and the store 7 million triples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .store import Store, Value

LANGUAGES = ("en", "zh", "fr", "es", "ru", "ar")
CTOC = "https://w3id.org/ctocgraph/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
# a node typed with several classes takes the most specific (as views.py does)
KIND_ORDER = ["AnnotatedAgenda", "Document", "Resolution", "Decision", "Mandate", "Session",
              "AgendaItem", "TimeSlot", "Body", "Provision", "Instrument", "Place", "Citation",
              "Expression", "SourceSpan", "MandateVerb"]
BATCH = 2000
# what may stand between < and > in a SPARQL query; any other IRI (a URL from a source with
# a quote or a brace) is not asked about, and is named from its own text
_IRIREF = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
PROPERTIES = {  # what the names are made of, by short name
    "label": RDFS + "label", "pref": SKOS + "prefLabel", "title": DCTERMS + "title",
    "symbol": CTOC + "symbol", "itemNumber": CTOC + "itemNumber", "ordinal": CTOC + "ordinal",
    "startDate": CTOC + "startDate", "endDate": CTOC + "endDate",
    "resolutionNumber": CTOC + "resolutionNumber", "verb": CTOC + "verb",
    "act": CTOC + "establishedBy", "cited": CTOC + "cited", "start": CTOC + "start",
    "end": CTOC + "end", "decisionDate": CTOC + "decisionDate",
}
SHOWN = ("ordinal", "startDate", "endDate", "itemNumber", "resolutionNumber", "symbol",
         "decisionDate", "start", "end")  # facts the side panel lists


def askable(iri: str) -> bool:
    return _IRIREF.fullmatch(iri) is not None


def _batches(iris: Iterable[str]) -> Iterable[str]:
    chosen = sorted(i for i in set(iris) if askable(i))
    for at in range(0, len(chosen), BATCH):
        yield " ".join(f"<{i}>" for i in chosen[at:at + BATCH])


def kinds(store: Store, iris: Iterable[str]) -> dict[str, str]:
    """Each node's most specific ctoc class ("Resource" when it has none; ontology terms by
    the ontology's own types)."""
    iris = list(iris)
    found: dict[str, set[str]] = {}
    for values in _batches(i for i in iris if not i.startswith(CTOC)):
        _, rows = store.select(f"SELECT ?node ?type WHERE {{ VALUES ?node {{ {values} }} ?node a ?type "
                               f'FILTER (STRSTARTS(STR(?type), "{CTOC}")) }}', {})
        for r in rows:
            found.setdefault(_v(r["node"]), set()).add(_v(r["type"]).removeprefix(CTOC))
    terms = ontology_terms()
    out = {}
    for iri in iris:
        ks = found.get(iri) or ({terms[iri][0]} if iri in terms else set())
        out[iri] = next((k for k in KIND_ORDER if k in ks), min(ks) if ks else "Resource")
    return out


@cache
def ontology_terms() -> dict[str, tuple[str, dict[str, str]]]:
    """The ontology's individuals (mandate verbs): their class and labels by language."""
    import pyoxigraph as ox

    from .paths import ontology_file

    types: dict[str, str] = {}
    labels: dict[str, dict[str, str]] = {}
    for q in ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE):
        s, p, o = q.subject.value, q.predicate.value, q.object
        if not s.startswith(CTOC):
            continue
        if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" and o.value.startswith(CTOC) \
                and o.value[len(CTOC):] in KIND_ORDER:
            types[s] = o.value[len(CTOC):]
        elif p == RDFS + "label" and isinstance(o, ox.Literal) and o.language:
            labels.setdefault(s, {})[o.language] = o.value
    return {s: (k, labels.get(s, {})) for s, k in types.items()}


def _v(value: Value | None) -> str:
    return "" if value is None else value.value


def _facts(store: Store, iris: Iterable[str]) -> dict[str, dict[str, list[Value]]]:
    """The name-making properties of the nodes, by node and short name."""
    short = {v: k for k, v in PROPERTIES.items()}
    # a FILTER, not a VALUES block of predicates: Oxigraph joins two VALUES blocks with the
    # triples by scanning each predicate whole (10,000 documents, 2,000 mandates: 147 s, not 0.2 s)
    predicates = ", ".join(f"<{p}>" for p in PROPERTIES.values())
    out: dict[str, dict[str, list[Value]]] = {}
    for values in _batches(iris):
        _, rows = store.select(f"SELECT DISTINCT ?node ?p ?v WHERE {{ VALUES ?node {{ {values} }} "
                               f"?node ?p ?v FILTER (?p IN ({predicates})) }}", {})
        for r in rows:
            if r["v"] is not None:
                out.setdefault(_v(r["node"]), {}).setdefault(short[_v(r["p"])], []).append(r["v"])
    for by in out.values():
        for vs in by.values():
            vs.sort(key=lambda v: (v.language or "", v.value))
    return out


def _by_language(values: list[Value]) -> dict[str, str]:
    """Language-tagged texts by language (the first of each, in sorted order)."""
    out: dict[str, str] = {}
    for v in values:
        if v.language and v.language not in out:
            out[v.language] = v.value
    return out


def _plain(values: list[Value]) -> str:
    return next((v.value for v in values if not v.language), "")


def _after(iri: str, marker: str) -> list[str]:
    return iri.split(marker, 1)[1].split("/") if marker in iri else []


def session_prefix(iri: str) -> str:
    """"wg-som 4" for a session and whatever its IRI holds (items, slots, mandates)."""
    parts = _after(iri, "/session/")
    if len(parts) < 2:
        return ""
    return f"{parts[0]} {parts[1]}" if parts[1] != "agenda" else parts[0]


def names(store: Store, nodes: dict[str, str]) -> dict[str, dict[str, object]]:
    """For each node (IRI → kind): ``label`` (language-neutral), ``label_<lang>``, ``name_<lang>``
    (a longer form, for the side panel) and ``info`` (the facts the panel lists)."""
    facts = _facts(store, nodes)
    acts = {_v(v) for f in facts.values() for v in f.get("act", []) + f.get("cited", [])}
    more = _facts(store, acts - set(facts))
    terms = ontology_terms()

    def labels_of(iri: str) -> dict[str, str]:
        if iri in terms:
            return dict(terms[iri][1])
        f = facts.get(iri) or more.get(iri) or {}
        return _by_language(f.get("label", []) + f.get("pref", []))

    out: dict[str, dict[str, object]] = {}
    for iri, kind in nodes.items():
        f = facts.get(iri, {})
        d: dict[str, object] = {f"label_{lang}": t for lang, t in labels_of(iri).items()
                                if lang in LANGUAGES}
        plain = _plain(f.get("label", []))
        if plain:
            d["label"] = plain
        prefix = session_prefix(iri)
        if kind == "Session":
            names_ = labels_of(iri)
            d = {f"name_{lang}": t for lang, t in names_.items() if lang in LANGUAGES}
            start = _plain(f.get("startDate", []))
            d["label"] = f"{prefix} ({start})" if start else prefix
        elif kind == "AgendaItem":
            number = _plain(f.get("itemNumber", []))
            head = f"{prefix} · {number}".strip(" ·")
            titles = _by_language(f.get("title", [])) or labels_of(iri)
            d = {f"label_{lang}": f"{head} {t}" for lang, t in titles.items() if lang in LANGUAGES}
            d["label"] = head
        elif kind == "Mandate":
            d = _mandate(f, labels_of, prefix)
        elif kind == "TimeSlot":
            start, end = _plain(f.get("start", [])), _plain(f.get("end", []))
            when = f"{start[:10]} {start[11:16]}–{end[11:16]}" if start and end else plain
            d = {"label": f"{prefix} · {when}".strip(" ·")}
        elif kind == "SourceSpan":
            d = {"label": _span(iri) or plain}
        elif kind == "Citation":
            cited = [_v(v) for v in f.get("cited", [])]
            target = labels_of(cited[0]) if cited else {}
            d = {f"label_{lang}": f"→ {t}" for lang, t in target.items() if lang in LANGUAGES}
            if cited and not target:
                d["label"] = "→ " + _tail(cited[0])
        elif kind in ("Document", "AnnotatedAgenda"):
            symbol = _plain(f.get("symbol", []))
            d = {f"name_{lang}": t for lang, t in _by_language(f.get("title", [])).items()
                 if lang in LANGUAGES}
            d["label"] = symbol or plain or _tail(iri)
        elif kind == "Resolution":
            d.update({f"name_{lang}": t for lang, t in _by_language(f.get("title", [])).items()
                      if lang in LANGUAGES})
        if not any(k.startswith("label") for k in d):
            d["label"] = _tail(iri)
        info = [[k, _plain(f[k])] for k in SHOWN if _plain(f.get(k, []))]
        if info:
            d["info"] = info
        out[iri] = d
    return out


def _mandate(f: dict[str, list[Value]], labels_of, prefix: str) -> dict[str, object]:
    """"decides · Conference of the Parties resolution 8/2" in each language that names both
    the verb and the act; the page falls back to another language for the others."""
    verbs = [_v(v) for v in f.get("verb", [])]
    acts = [_v(v) for v in f.get("act", [])]
    verb = labels_of(verbs[0]) if verbs else {}
    act = labels_of(acts[0]) if acts else {}
    d: dict[str, object] = {}
    for lang in LANGUAGES:
        parts = [p.get(lang) for p, given in ((verb, verbs), (act, acts)) if given]
        if parts and all(parts):
            d[f"label_{lang}"] = " · ".join(p for p in parts if p)
    if not d:
        neutral = [verbs[0].rsplit("#", 1)[-1] if verbs else "", _tail(acts[0]) if acts else ""]
        d["label"] = " · ".join(p for p in neutral if p) or f"{prefix} mandate"
    return d


def _span(iri: str) -> str:
    """"CTOC/COP/WG.7/2017/1 [en] lines 126–138", from the span's IRI (our own scheme)."""
    m = re.search(r"/document/(.+)/([a-z]{2,3})/lines/(\d+)-(\d+)$", iri)
    if not m:
        return ""
    symbol, lang, first, last = m.groups()
    lines = f"line {first}" if first == last else f"lines {first}–{last}"
    return f"{symbol} [{lang}] {lines}"


def _tail(iri: str) -> str:
    """A name for a node the graph names nowhere: a URL without its scheme, an ontology term's
    local name, else its path in our scheme ("graph/CTOC/COP/WG.7/2017/1/en")."""
    if iri.startswith(CTOC):
        return iri[len(CTOC):]
    if "/id/" in iri:
        return iri.rstrip("/").split("/id/", 1)[1]
    return re.sub(r"^[a-z]+://", "", iri)
