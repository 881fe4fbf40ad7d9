"""The static linked-data site: crawled from its index like a link checker, every resource of
the graph has a page, and every page's Turtle is exactly that resource's description in the
store."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pyoxigraph as ox
import pytest
from conftest import ctocgraph
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

B = "https://w3id.org/ctocgraph/id/"
XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    out, _ = built
    target = tmp_path_factory.mktemp("site") / "site"
    r = ctocgraph("site", str(target), "--store", str(out / "store"))
    assert r.returncode == 0, r.stderr
    return target, out / "store"


def crawl(root: Path) -> tuple[set[Path], list[str]]:
    """Every file reachable from index.html by relative links; broken links and anchors."""
    seen, todo, broken = set(), [root / "index.html"], []
    anchors: dict[Path, set[str]] = {}
    wanted: list[tuple[Path, str, Path]] = []
    while todo:
        page = todo.pop()
        if page in seen:
            continue
        seen.add(page)
        if page.suffix != ".html":
            continue
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        anchors[page] = parser.ids
        for link in parser.links:
            if link.startswith(("http://", "https://", "mailto:")):
                continue
            assert not link.startswith("/"), f"{page}: absolute link {link}"
            url, fragment = urldefrag(link)
            target = (page.parent / unquote(url)).resolve() if url else page
            if not target.is_file() or root.resolve() not in target.parents:
                broken.append(f"{page.relative_to(root)} -> {link}")
                continue
            if fragment:
                wanted.append((page, fragment, target))
            todo.append(target)
    for page, fragment, target in wanted:
        if target.suffix == ".html" and fragment not in anchors.get(target, set()):
            broken.append(f"{page.relative_to(root)} -> #{fragment} in {target.relative_to(root)}")
    return seen, broken


def store_subjects(store_path: Path) -> set[str]:
    db = ox.Store.read_only(str(store_path / "oxigraph"))
    return {q.subject.value for q in db.quads_for_pattern(None, None, None, None)
            if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(B)}


def test_no_broken_internal_link_and_every_resource_has_a_reachable_page(site):
    root, store_path = site
    seen, broken = crawl(root)
    assert broken == []
    subjects = store_subjects(store_path)
    assert len(subjects) > 300
    pages = {p for p in seen if p.suffix == ".html" and "doc" in p.relative_to(root).parts}
    for iri in subjects:
        page = (root / "doc" / f"{iri[len(B):]}.html").resolve()
        assert page in {p.resolve() for p in pages}, f"{iri} has no page reachable from the index"
        for ext in ("ttl", "jsonld", "nt", "rdf"):
            assert page.with_suffix(f".{ext}").is_file()


def test_every_turtle_description_equals_the_store(site):
    root, store_path = site
    db = ox.Store.read_only(str(store_path / "oxigraph"))
    for iri in sorted(store_subjects(store_path)):
        expected = Graph()
        for q in db.quads_for_pattern(ox.NamedNode(iri), None, None, None):
            o = q.object
            obj = URIRef(o.value) if isinstance(o, ox.NamedNode) else (
                Literal(o.value, lang=o.language) if o.language else
                Literal(o.value) if o.datatype == XSD_STRING else
                Literal(o.value, datatype=URIRef(o.datatype.value)))
            expected.add((URIRef(iri), URIRef(q.predicate.value), obj))
        page = root / "doc" / f"{iri[len(B):]}.ttl"
        got = Graph().parse(page, format="turtle")
        assert isomorphic(got, expected), iri
        assert isomorphic(Graph().parse(page.with_suffix(".nt"), format="nt"), expected), iri
        assert isomorphic(Graph().parse(page.with_suffix(".rdf"), format="xml"), expected), iri


def test_json_ld_uses_the_project_context_and_round_trips(site):
    root, _ = site
    page = root / "doc" / "session" / "wg-som" / "7.jsonld"
    doc = json.loads(page.read_text(encoding="utf-8"))
    context = json.loads((root / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context["@context"]
    g = Graph().parse(page, format="json-ld")
    assert isomorphic(g, Graph().parse(page.with_suffix(".ttl"), format="turtle"))


def test_resource_page_shows_labels_links_and_provenance(site):
    root, _ = site
    text = (root / "doc" / "session" / "wg-som" / "7" / "item" / "2.html").read_text(encoding="utf-8")
    for lang in ("zh", "en", "fr", "es", "ru", "ar"):
        assert f'lang="{lang}"' in text and f'data-show="{lang}"' in text
    assert "sources/CTOC_COP_WG.7_2020_1.zh.txt" in text and "Source lines" in text
    assert "Linked from" in text and 'href="../../7.html"' in text  # the session
    assert 'rel="alternate" type="text/turtle"' in text


def _register_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def test_register_index_and_act_pages_are_reached_by_the_link_checker(site):
    """The register index (linked from the home page) lists the Conference's sessions with the
    acts each adopted; an act's page says where it was adopted, what it governs and establishes."""
    root, _ = site
    seen, broken = crawl(root)
    assert broken == []
    register = (root / "doc" / "register.html").resolve()
    assert register in {p.resolve() for p in seen}
    assert "doc/register.html" in _register_links(root / "index.html")
    links = _register_links(register)
    for path in ("session/cop/1.html", "session/cop/12.html", "resolution/cop/7/1.html",
                 "decision/cop/1/2.html", "document/CTOC/COP/2008/19.html", "body/wg-som.html"):
        assert path in links, path  # hrefs relative to doc/
    text = register.read_text(encoding="utf-8")
    assert text.index("session/cop/6.html") < text.index("resolution/cop/7/1.html") < \
        text.index("session/cop/8.html")  # 7/1 under the seventh session
    assert "2014-10-06 – 2014-10-10" in text and "dates not known" in text  # the second session
    page = (root / "doc" / "resolution" / "cop" / "7" / "1.html").read_text(encoding="utf-8")
    summary = page[page.index('<div class="record'):page.index("<h2>Statements")]  # the record view
    assert "In the register" in summary
    assert "Adopted at" in summary and 'href="../../../session/cop/7.html"' in summary
    assert ", on 2014-10-10" in summary
    assert "Sessions it governs" in summary and 'href="../../../session/wg-som/4.html"' in summary \
        and 'href="../../../session/wg-som/7.html"' in summary
    assert "Mandates it establishes" in summary and "mandate/cop-7-1-1" in summary
    assert "Bodies it changed" in summary and 'href="../../../body/wg-som.html"' in summary \
        and 'href="../../../body/wg-firearms.html"' in summary
    assert 'href="../../../register.html"' in summary


def test_class_indexes_are_ordered(site):
    root, _ = site
    sessions = (root / "doc" / "class" / "Session.html").read_text(encoding="utf-8")
    assert sessions.index("2004-06-28") < sessions.index("2017-09-11") < \
        sessions.index("2020-09-08") < sessions.index("2024-10-14")
    documents = (root / "doc" / "class" / "Document.html").read_text(encoding="utf-8")
    assert documents.index("CTOC/COP/WG.7/2017/2") < documents.index("CTOC/COP/WG.7/2020/2")


def test_dataset_description_dumps_and_sitemap(site):
    root, _ = site
    void = Graph().parse(root / "void.ttl", format="turtle")
    ds = URIRef(B + "dataset")
    VOID, DCAT = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#"
    assert (ds, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(DCAT + "Dataset")) in void
    triples = int(void.value(ds, URIRef(VOID + "triples")))
    dump = Graph().parse(root / "dump.ttl", format="turtle")
    assert triples == len(dump) > 2000
    assert isomorphic(dump, Graph().parse(root / "dump.jsonld", format="json-ld"))
    assert len(list(void.objects(ds, URIRef("http://purl.org/dc/terms/source")))) == 8  # the sources
    assert void.value(ds, URIRef("http://purl.org/dc/terms/license")) is not None
    assert void.value(ds, URIRef("http://purl.org/dc/terms/modified")) is not None
    locs = [e.text for e in ET.parse(root / "sitemap.xml").getroot().iter()
            if e.tag.endswith("loc")]
    assert len(locs) == len(list(root.rglob("*.html")))
    assert all(u.startswith("https://w3id.org/ctocgraph/") for u in locs)


def test_ontology_page_documents_every_term(site):
    root, _ = site
    text = (root / "ontology" / "index.html").read_text(encoding="utf-8")
    onto = Graph().parse(root / "ontology" / "ctoc.ttl", format="turtle")
    ns = "https://w3id.org/ctocgraph/ontology#"
    terms = {str(s)[len(ns):] for s in onto.subjects() if str(s).startswith(ns) and str(s) != ns}
    assert len(terms) > 60
    for term in terms:
        assert f'id="{term}"' in text, term
    # the labels in two languages are separated by the style, which skips a hidden one: a
    # separator written into the text stayed behind when the reader chose one language
    assert '<span lang="en">agenda item</span><span lang="zh">议程项目</span>' in text
    assert "</span> · <span" not in text


def test_every_page_names_the_icon(site):
    root, _ = site
    assert (root / "favicon.svg").read_bytes().startswith(b"<svg")
    for page in (root / "index.html", root / "ontology" / "index.html",
                 root / "doc" / "resolution" / "cop" / "7" / "1.html"):
        depth = len(page.relative_to(root).parts) - 1
        assert f'<link rel="icon" href="{"../" * depth}favicon.svg"' in page.read_text(encoding="utf-8")


def test_json_ld_context_names_every_term_of_the_ontology():
    from ctocgraph.paths import project_root

    root = project_root() / "ontology"
    context = json.loads((root / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    onto = Graph().parse(root / "ctoc.ttl", format="turtle")
    ns = "https://w3id.org/ctocgraph/ontology#"
    owl = "http://www.w3.org/2002/07/owl#"
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    terms = {str(s)[len(ns):] for kind in ("Class", "ObjectProperty", "DatatypeProperty")
             for s in onto.subjects(rdf_type, URIRef(owl + kind)) if str(s).startswith(ns)}
    assert terms and terms <= set(context), sorted(terms - set(context))
    for name in terms:
        value = context[name]
        target = value["@id"] if isinstance(value, dict) else value
        assert target == f"ctoc:{name}"
