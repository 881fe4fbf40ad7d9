"""Linked-data publication: a static site of the graph, made from the store's dataset.

Every resource IRI ``<base><path>`` gets description documents ``doc/<path>.html`` (for
people), ``.ttl``, ``.jsonld``, ``.nt`` and ``.rdf`` (for machines); each class gets an index
page; the ontology gets a documentation page; the dataset is described in VoID and DCAT and
dumped whole. Links are relative, so the site works from any web server or from disk. The
description of a resource is every statement with it as subject, once, whichever named graphs
state it (the provenance section says which documents and lines).
"""

from __future__ import annotations

import json
import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from markupsafe import Markup
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, Namespace

from .escape import csp_hash, favicon, href, templates, text
from .identifiers import DEFAULT_BASE, ONTOLOGY
from .outdir import write_folder
from .paths import project_root
from .progress import track
from .sitedata import SiteError, to_rdflib, write_dataset
from .siterecords import Reader
from .siteregister import PAGE as REGISTER_PAGE
from .siteregister import register_body
from .siteviews import heading, record
from .vocab import PREFIXES
from .void import DCAT, VOID

CTOC = Namespace(ONTOLOGY)
Term = ox.NamedNode | ox.BlankNode | ox.Literal  # what a statement of the site's data holds
FORMATS = {  # extension -> (media type, rdflib format)
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}
LABELS = [SKOS.prefLabel, RDFS.label, DCTERMS.title, CTOC.symbol]
# classes whose index is ordered by a property rather than by label
ORDER_BY = {
    "Session": CTOC.startDate,
    "Document": CTOC.symbol,
    "Resolution": CTOC.resolutionNumber,
    "Decision": CTOC.decisionDate,
    "TimeSlot": CTOC.startTime,
}
# the page's own script and style (templates/site.js, site.css), by their hashes: nothing else
# runs (no 'unsafe-inline')
_STYLE = (resources.files("ctocgraph") / "templates" / "site.css").read_text(encoding="utf-8")
_SCRIPT = (resources.files("ctocgraph") / "templates" / "site.js").read_text(encoding="utf-8")
_CSP = (f"default-src 'none'; script-src {csp_hash(_SCRIPT)}; style-src {csp_hash(_STYLE)}; "
        "img-src 'self'; base-uri 'none'; form-action 'none'")
# the switch's choices: every text, or one language (each named in itself)
SWITCH = [("all", "All languages"), ("en", "English"), ("zh", "中文"), ("fr", "Français"),
          ("es", "Español"), ("ru", "Русский"), ("ar", "العربية")]


@dataclass
class Resource:
    iri: str
    path: str  # relative to the base: "session/wg-som/7"
    triples: list[tuple[ox.NamedNode, ox.NamedNode, Term]] = field(default_factory=list)
    incoming: list[tuple[str, str]] = field(default_factory=list)  # (subject IRI, predicate IRI)
    graphs: set[str] = field(default_factory=set)


def doc_path(path: str, ext: str) -> str:
    """Where the description of a resource lives in the site, relative to the site root."""
    return f"doc/{path}.{ext}"


def _href(from_file: str, to_file: str) -> str:
    rel = os.path.relpath(to_file, os.path.dirname(from_file) or ".")
    return quote(rel.replace(os.sep, "/"), safe="/.-_~#")


def _inside(root: Path, rel: str) -> Path:
    """``root / rel`` for a path made from an IRI, refused if it would leave the site or the
    file system could not name it (a segment of more than 255 bytes)."""
    parts = rel.split("/")
    if any(p in ("", ".", "..") or "\0" in p or len(os.fsencode(p)) > 255 for p in parts):
        raise SiteError(f"cannot publish {rel!r}: not a path a file can have in the site")
    return root.joinpath(*parts)


def _lang_attr(lang: str) -> str:
    """lang (and dir for right-to-left scripts, so Arabic is shown, not reordered, in context)."""
    return f'lang="{text(lang)}"' + (' dir="rtl"' if lang in ("ar", "fa", "he", "ur") else "")


class SiteBuilder:
    """Reads a dataset (N-Quads) and writes the static site."""

    def __init__(
        self,
        nquads: Path,
        base: str = DEFAULT_BASE,
        site_url: str | None = None,
        ontology_dir: Path | None = None,
    ):
        self.base = base
        self.site_url = (site_url or base.removesuffix("id/")).rstrip("/") + "/"
        self.nquads = nquads
        self.ontology_dir = ontology_dir or project_root() / "ontology"
        self.store = ox.Store()
        self.store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
        self.resources: dict[str, Resource] = {}
        self.union: set[tuple[Term, ox.NamedNode, Term]] = set()
        for q in self.store.quads_for_pattern(None, None, None, None):
            if isinstance(q.subject, Term) and isinstance(q.object, Term):  # no RDF-star here
                self.union.add((q.subject, q.predicate, q.object))
            s = q.subject
            if isinstance(s, ox.NamedNode) and s.value.startswith(base):
                r = self.resources.setdefault(s.value, Resource(s.value, s.value[len(base) :]))
                r.graphs.add(q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "")
        for subject, p, o in sorted(self.union, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            if isinstance(subject, ox.NamedNode) and subject.value in self.resources:
                self.resources[subject.value].triples.append((subject, p, o))
            if isinstance(o, ox.NamedNode) and o.value in self.resources:
                self.resources[o.value].incoming.append((subject.value, p.value))
        self.reader = Reader(self.store)
        self.ontology = Graph()
        self.ontology.parse(self.ontology_dir / "ctoc.ttl", format="turtle")
        self.context = json.loads((self.ontology_dir / "context.jsonld").read_text(encoding="utf-8"))

    # -- look-ups -----------------------------------------------------------------------
    def values(self, iri: str, predicate: URIRef) -> list[Term]:
        r = self.resources.get(iri)
        return [o for _, p, o in (r.triples if r else []) if p.value == str(predicate)]

    def label(self, iri: str, lang: str = "en") -> str:
        for pred in LABELS:
            vals = self.values(iri, pred)
            for want in (lang, "en", "zh", None):
                for v in vals:
                    if isinstance(v, ox.Literal) and (want is None or v.language == want):
                        return v.value
        return iri[len(self.base) :] if iri.startswith(self.base) else iri

    def labels(self, iri: str) -> list[tuple[str, str]]:
        """(language, text) of the first label property that has any, every language."""
        for pred in LABELS:
            vals = [(v.language or "", v.value) for v in self.values(iri, pred) if isinstance(v, ox.Literal)]
            if vals:
                return sorted(set(vals))
        return [("", self.label(iri))]

    def curie(self, iri: str) -> str:
        known = {**PREFIXES, "rdf": RDF, "void": VOID, "dcat": DCAT}
        for prefix, ns in sorted(known.items(), key=lambda kv: -len(str(kv[1]))):
            if iri.startswith(str(ns)):
                return f"{prefix}:{iri[len(str(ns)) :]}"
        if iri.startswith(self.base):
            return "id:" + iri[len(self.base) :]
        return iri

    def description(self, iri: str) -> Graph:
        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns, replace=True)
        g.bind("id", self.base)
        for s, p, o in self.resources[iri].triples:
            g.add((URIRef(s.value), URIRef(p.value), to_rdflib(o)))
        return g

    def classes(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for iri, r in self.resources.items():
            for _, p, o in r.triples:
                if p.value == str(RDF.type) and isinstance(o, ox.NamedNode) and o.value.startswith(ONTOLOGY):
                    out[o.value[len(ONTOLOGY) :]].append(iri)
        for name, members in out.items():
            key = ORDER_BY.get(name)

            def order(i: str, key: URIRef | None = key) -> tuple[str, str]:
                vals = [v.value for v in self.values(i, key)] if key is not None else []
                return (min(vals) if vals else "", self.label(i))

            members.sort(key=order)
        return dict(sorted(out.items()))

    # -- writing ------------------------------------------------------------------------
    def write(self, out: Path, notice: Callable[[str], None] | None = None) -> int:
        """Write the whole site into ``out``, beside it first (see :mod:`outdir`: nothing
        ctocgraph did not write is ever deleted); returns the number of files."""
        files = 0

        def fill(root: Path) -> None:
            nonlocal files
            files = self._fill(root)

        write_folder(out, fill, notice)
        return files

    def _fill(self, root: Path) -> int:
        (root / "favicon.svg").write_bytes(favicon())
        files = 1
        for iri in track(sorted(self.resources), "writing pages"):
            files += self._write_resource(root, iri)
        classes = self.classes()
        for name, members in classes.items():
            self._page(
                root,
                f"doc/class/{name}.html",
                f"{name} ({len(members)})",
                self._class_body(f"doc/class/{name}.html", name, members),
            )
            files += 1
        self._page(root, REGISTER_PAGE, "The register", register_body(self))
        files += 1
        files += self._write_ontology(root)
        files += write_dataset(self, root, classes)
        self._page(root, "index.html", "ctocgraph linked data", self._home_body(classes))
        files += 1
        files += self._write_sitemap(root)
        return files

    def _write_resource(self, root: Path, iri: str) -> int:
        r = self.resources[iri]
        g = self.description(iri)
        for ext, (_, fmt) in FORMATS.items():
            target = _inside(root, doc_path(r.path, ext))
            target.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "json-ld":
                body = g.serialize(format="json-ld", context=self.context["@context"], auto_compact=True)
            else:
                body = g.serialize(format=fmt)
            target.write_text(body, encoding="utf-8")
        here = doc_path(r.path, "html")
        self._page(
            root,
            here,
            self.label(iri),
            self._resource_body(here, r),
            alternates={ext: _href(here, doc_path(r.path, ext)) for ext in FORMATS},
            heading=heading(self, self.reader, iri),
        )
        return len(FORMATS) + 1

    def _link(self, here: str, iri: str) -> str:
        if iri in self.resources:
            shown = "".join(
                f"<span {_lang_attr(lg)}>{text(t)}</span>" if lg else text(t)
                for lg, t in self.labels(iri)[:6]
            )
            return f'<a href="{_href(here, doc_path(self.resources[iri].path, "html"))}">{shown}</a>'
        if iri.startswith(ONTOLOGY):
            return (
                f'<a href="{_href(here, "ontology/index.html")}#{text(iri[len(ONTOLOGY) :])}">'
                f"{text(self.curie(iri))}</a>"
            )
        target = href(iri)  # a link only to http(s): never javascript: or data:
        shown = text(self.curie(iri))
        return f'<a href="{target}">{shown}</a>' if target is not None else f"<code>{shown}</code>"

    def _value(self, here: str, term: object) -> str:
        if isinstance(term, ox.NamedNode):
            return self._link(here, term.value)
        if isinstance(term, ox.Literal):
            value = text(term.value)
            if term.language:
                tag = f'<span class="lang">@{text(term.language)}</span>'
                return f"<span {_lang_attr(term.language)}>{value}{tag}</span>"
            return value
        return text(str(term))

    def _resource_body(self, here: str, r: Resource) -> str:
        rows = []
        for _, p, o in r.triples:
            rows.append(f"<tr><th>{self._link(here, p.value)}</th><td>{self._value(here, o)}</td></tr>")
        incoming = [
            f"<tr><th>{self._link(here, p)}</th><td>{self._link(here, s)}</td></tr>"
            for s, p in sorted(set(r.incoming), key=lambda t: (t[1], t[0]))
        ]
        prov = self._provenance(here, r)
        formats = " ".join(f'<a href="{_href(here, doc_path(r.path, ext))}">{ext}</a>' for ext in FORMATS)
        summary = record(self, self.reader, here, r.iri)  # the record view: the thing first
        return (
            f"<p><code>{text(r.iri)}</code> · {formats}</p>{summary}"
            f'<div class="raw"><h2>Statements</h2><table>{"".join(rows)}</table>'
            + (f"<h2>Linked from</h2><table>{''.join(incoming)}</table>" if incoming else "")
            + prov + "</div>"
        )

    def _provenance(self, here: str, r: Resource) -> str:
        spans = [o.value for o in self.values(r.iri, CTOC.sourceSpan) if isinstance(o, ox.NamedNode)]
        items = []
        for span in sorted(spans):
            expr = next((o.value for o in self.values(span, CTOC.inExpression)), None)
            file = next((o.value for o in self.values(expr, CTOC.sourceFile)), "") if expr else ""
            first = next((o.value for o in self.values(span, CTOC.firstLine)), "?")
            last = next((o.value for o in self.values(span, CTOC.lastLine)), "?")
            lines = first if first == last else f"{first}–{last}"
            items.append(
                f"<li>{self._link(here, span)}: <code>{text(file)}</code>, "
                f"line{'s' if first != last else ''} {lines}</li>"
            )
        graphs = [
            f"<li>{self._link(here, g) if g in self.resources else text(g)}</li>"
            for g in sorted(r.graphs)
        ]
        return (
            "<h2>Provenance</h2>"
            + (f"<p>Source lines:</p><ul>{''.join(items)}</ul>" if items else "")
            + f"<p>Stated in the named graphs:</p><ul>{''.join(graphs)}</ul>"
        )

    def _class_body(self, here: str, name: str, members: list[str]) -> str:
        key = ORDER_BY.get(name)
        rows = []
        for iri in members:
            extra = ""
            if key is not None:
                extra = ", ".join(text(v.value) for v in self.values(iri, key))
            rows.append(f"<tr><td>{self._link(here, iri)}</td><td>{extra}</td></tr>")
        doc = f'<a href="{_href(here, "ontology/index.html")}#{text(name)}">ctoc:{text(name)}</a>'
        return f"<p>Instances of {doc}.</p><table>{''.join(rows)}</table>"

    def _home_body(self, classes: dict[str, list[str]]) -> str:
        here = "index.html"
        links = "".join(
            f'<li><a href="{_href(here, f"doc/class/{n}.html")}">{text(n)}</a> ({len(m)})</li>'
            for n, m in classes.items()
        )
        dumps = " ".join(f'<a href="{f}">{f}</a>' for f in ("dump.ttl", "dump.nq", "dump.jsonld"))
        return (
            f"<p>{len(self.union)} distinct statements about {len(self.resources)} resources "
            f"from the annotated provisional agendas of the CTOC/COP and its working groups.</p>"
            f'<h2>By class</h2><p><a href="{_href(here, REGISTER_PAGE)}">The register</a>: '
            f"the Conference's sessions and the acts each adopted.</p><ul>{links}</ul>"
            f'<h2>Dataset</h2><p><a href="{_href(here, "ontology/index.html")}">Ontology</a> · '
            f'<a href="void.ttl">VoID and DCAT description</a> · dumps: {dumps} · '
            f'<a href="sitemap.xml">sitemap</a></p>'
        )

    def _page(
        self, root: Path, rel: str, title: str, body: str, alternates: dict[str, str] | None = None,
        heading: Markup | None = None,
    ) -> None:
        """One page of the site, from the page template: the body is HTML this module made
        (every value escaped), the heading the resource's names or the title."""
        here = rel
        page = templates().get_template("site-page.html").render(
            csp=_CSP, title=title, heading=heading if heading is not None else title, body=Markup(body),
            style=Markup(_STYLE), script=Markup(_SCRIPT), icon=_href(here, "favicon.svg"),
            alternates=[(FORMATS[e][0], h) for e, h in (alternates or {}).items()],
            home=_href(here, "index.html"), ontology=_href(here, "ontology/index.html"),
            register=_href(here, REGISTER_PAGE), languages=SWITCH)
        target = _inside(root, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")

    def _write_ontology(self, root: Path) -> int:
        folder = root / "ontology"
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("ctoc.ttl", "shapes.ttl", "context.jsonld"):
            shutil.copyfile(self.ontology_dir / name, folder / name)
        g = self.ontology
        sections = []
        kinds = [
            (OWL.Class, "Classes"),
            (OWL.ObjectProperty, "Object properties"),
            (OWL.DatatypeProperty, "Datatype properties"),
        ]
        typed = {t for kind, _ in kinds for t in g.subjects(RDF.type, kind)}
        others = {
            t for t in g.subjects() if str(t).startswith(ONTOLOGY) and str(t) != ONTOLOGY and t not in typed
        }
        for kind, title in [*kinds, (None, "Individuals and other terms")]:
            rows = []
            members = others if kind is None else set(g.subjects(RDF.type, kind))
            for term in sorted((t for t in members if str(t).startswith(ONTOLOGY)), key=str):
                name = str(term)[len(ONTOLOGY) :]
                labels = "".join(  # the style puts " · " between the labels shown
                    f'<span lang="{text(lb.language or "")}">{text(str(lb))}</span>'
                    for lb in sorted(g.objects(term, RDFS.label), key=str) if isinstance(lb, Literal)
                )
                definition = " ".join(
                    f'<span lang="{text(d.language or "en")}">{text(str(d))}</span>'
                    for d in g.objects(term, SKOS.definition) if isinstance(d, Literal)
                )
                rel = []
                for pred, word in (
                    (RDFS.subClassOf, "subclass of"),
                    (RDFS.subPropertyOf, "subproperty of"),
                    (RDFS.domain, "domain"),
                    (RDFS.range, "range"),
                ):
                    rel += [
                        f"{word} <code>{text(self.curie(str(o)))}</code>"
                        for o in g.objects(term, pred)
                        if isinstance(o, URIRef)
                    ]
                rows.append(
                    f'<tr id="{text(name)}"><th>ctoc:{text(name)}</th><td>{labels}<br>{definition}'
                    f"<br><small>{'; '.join(rel)}</small></td></tr>"
                )
            sections.append(f"<h2>{title}</h2><table>{''.join(rows)}</table>")
        body = (
            "<p>Namespace <code>" + ONTOLOGY + '</code>. Files: <a href="ctoc.ttl">ctoc.ttl</a> · '
            '<a href="shapes.ttl">shapes.ttl</a> (SHACL) · <a href="context.jsonld">context.jsonld</a>'
            "</p>" + "".join(sections)
        )
        self._page(root, "ontology/index.html", "The ctocgraph ontology", body)
        return 4

    def _write_sitemap(self, root: Path) -> int:
        pages = sorted(str(p.relative_to(root)).replace(os.sep, "/") for p in root.rglob("*.html"))
        urls = "".join(f"<url><loc>{text(self.site_url + quote(p))}</loc></url>" for p in pages)
        (root / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{urls}</urlset>\n",
            encoding="utf-8",
        )
        return 1


def build_site(nquads: Path, out: Path, base: str = DEFAULT_BASE, site_url: str | None = None,
               notice: Callable[[str], None] | None = None) -> int:
    if not nquads.is_file():
        raise SiteError(f"no dataset at {nquads}; run `ctocgraph build` first")
    return SiteBuilder(nquads, base, site_url).write(out, notice)
