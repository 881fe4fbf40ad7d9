"""The register of the Conference (data/reference/register.toml): every fact has the URL it was
verified at; its sessions and acts are the nodes agendas mint, with the same dates; a
malformed register is refused with its place in the file.

Expected facts are written here by hand from the pages the register cites."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import DATA, ID, ROOT, asker, ctocgraph
from rdflib import URIRef
from rdflib.namespace import DCTERMS

from ctocgraph import Reference, build, source_from_path
from ctocgraph.errors import ManifestError
from ctocgraph.identifiers import Iris, ResolutionRef
from ctocgraph.mapping import reference_to_rdf

CTOC = "https://w3id.org/ctocgraph/ontology#"
COP_AGENDA = ROOT / "tests" / "agendas" / "cop" / "CTOC_COP_2018_1.en.txt"


@pytest.fixture(scope="module")
def reference_graph():
    return reference_to_rdf(Reference(DATA / "reference"), Iris())


def test_every_register_fact_carries_a_source_url(reference_graph):
    ref = Reference(DATA / "reference")
    reg = ref.register
    assert (len(reg.sessions), len(reg.acts), len(reg.changes)) == (12, 35, 7)
    iris = Iris()
    subjects = {iris.session(s.body, s.ordinal) for s in reg.sessions}
    subjects |= {iris.act(a.ref) for a in reg.acts}
    subjects |= {iris.body(c.body) for c in reg.changes}
    for s in sorted(subjects):
        urls = {str(o) for o in reference_graph.objects(URIRef(s), DCTERMS.source)}
        assert urls and all(u.startswith(("http://", "https://")) for u in urls), s
    # each entry's own sources reach its node (not only some node's)
    for a in reg.acts:
        node = URIRef(iris.act(a.ref))
        assert set(a.sources) <= {str(o) for o in reference_graph.objects(node, DCTERMS.source)}
    # a node that states a register fact is one of those: sessions with dates, acts with an
    # adopting session, bodies with an establishing or changing act
    stated = {str(s) for p in ("startDate", "adoptedAt", "adoptionDate", "resultedFromAct",
                               "changedByAct") for s in reference_graph.subjects(URIRef(CTOC + p))}
    assert stated <= subjects


def test_the_register_states_what_its_sources_say(seed):
    run = asker(seed)
    sessions = run(f"""SELECT ?o ?s ?e WHERE {{ ?x ctoc:sessionOf <{ID}body/cop> ; ctoc:ordinal ?o .
        OPTIONAL {{ ?x ctoc:startDate ?s ; ctoc:endDate ?e }} }}""")
    assert sorted(sessions, key=lambda r: int(r[0])) == [
        ("1", "2004-06-28", "2004-07-08"), ("2", "", ""), ("3", "2006-10-09", "2006-10-18"),
        ("4", "2008-10-08", "2008-10-17"), ("5", "2010-10-18", "2010-10-22"),
        ("6", "2012-10-15", "2012-10-19"), ("7", "2014-10-06", "2014-10-10"),
        ("8", "2016-10-17", "2016-10-21"), ("9", "2018-10-15", "2018-10-19"),
        ("10", "2020-10-12", "2020-10-16"), ("11", "2022-10-17", "2022-10-21"),
        ("12", "2024-10-14", "2024-10-18")]
    assert run("""SELECT ?d ?s WHERE { ?d ctoc:agendaOf|ctoc:reportOf ?s ;
        ctoc:symbol ?sym FILTER(STRSTARTS(?sym, "CTOC/COP/20") && !CONTAINS(?sym, "WG")) }""") == [
        (ID + "document/CTOC/COP/2008/1", ID + "session/cop/4"),
        (ID + "document/CTOC/COP/2008/19", ID + "session/cop/4"),
        (ID + "document/CTOC/COP/2016/1", ID + "session/cop/8")]
    dated = run("""SELECT ?n ?d WHERE { ?a ctoc:adoptionDate ?d ;
        ctoc:resolutionNumber|ctoc:decisionNumber ?n }""")
    assert dated == [("1/2", "2004-07-07"), ("5/1", "2010-10-22"), ("5/5", "2010-10-22"),
                     ("6/1", "2012-10-19"), ("7/1", "2014-10-10"), ("9/1", "2018-10-19")]
    assert run(f"SELECT ?t WHERE {{ <{ID}decision/cop/4/4> dcterms:title ?t }}") == [
        ("Trafficking in human beings",)]
    assert run("""SELECT ?b ?a WHERE { ?b ctoc:resultedFromAct ?a }""") == [
        (ID + "body/wg-firearms", ID + "resolution/cop/5/4"),
        (ID + "body/wg-ic", ID + "decision/cop/3/2"),
        (ID + "body/wg-som", ID + "resolution/cop/5/3"),
        (ID + "body/wg-ta", ID + "decision/cop/2/6"),
        (ID + "body/wg-tip", ID + "decision/cop/4/4")]
    assert run("""SELECT ?b ?a WHERE { ?b ctoc:changedByAct ?a }""") == [
        (ID + "body/wg-firearms", ID + "resolution/cop/7/1"),
        (ID + "body/wg-som", ID + "resolution/cop/7/1")]


def test_a_resolution_the_agendas_cite_and_the_register_holds_is_one_node(seed):
    """7/1: cited by both seed agendas, adopted at the register's seventh session; one node,
    one adopting body, one English title (the register's and the agendas' are the same)."""
    run = asker(seed)
    r71 = f"<{ID}resolution/cop/7/1>"
    assert run(f"SELECT ?b WHERE {{ {r71} ctoc:adoptedBy ?b }}") == [(ID + "body/cop",)]
    assert run(f"SELECT ?s WHERE {{ {r71} ctoc:adoptedAt ?s }}") == [(ID + "session/cop/7",)]
    assert run(f'SELECT ?t WHERE {{ {r71} dcterms:title ?t FILTER(lang(?t) = "en") }}') == [
        ("Strengthening the implementation of the United Nations Convention against "
         "Transnational Organized Crime and the Protocols thereto",)]
    assert {g for _, g in run(f"""SELECT ?x ?g WHERE {{ GRAPH ?g {{ {r71} a ?x }} }}""")} >= {
        ID + "graph/reference", ID + "graph/CTOC/COP/WG.7/2017/1/en"}
    assert seed.validation.conforms


def _build_cop_agenda(tmp_path: Path, text: str):
    path = tmp_path / COP_AGENDA.name
    path.write_text(text, encoding="utf-8")
    return build([source_from_path(path)], Reference(DATA / "reference"))


def test_an_agenda_of_a_register_session_meets_it_on_one_node_with_the_same_dates(tmp_path):
    """The Conference's ninth session, announced by an agenda (written for the project in the
    conventions of CTOC/COP/2018/1: "Vienna, 15–19 October 2018") and listed by the register
    (15 to 19 October 2018): one node, one start and one end date, one label per language."""
    result = _build_cop_agenda(tmp_path, COP_AGENDA.read_text(encoding="utf-8"))
    assert result.validation.conforms, [str(v) for v in result.validation.violations][:3]
    run = asker(result)
    s9 = f"<{ID}session/cop/9>"
    assert run(f"SELECT ?s ?e WHERE {{ {s9} ctoc:startDate ?s ; ctoc:endDate ?e }}") == [
        ("2018-10-15", "2018-10-19")]
    graphs = run(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {s9} ctoc:startDate ?d }} }}")
    assert graphs == [(ID + "graph/CTOC/COP/2018/1/en",), (ID + "graph/reference",)]
    labels = run(f"SELECT ?l WHERE {{ {s9} rdfs:label ?l }}")
    assert len(labels) == 6 and (
        "Conference of the Parties to the United Nations Convention against Transnational "
        "Organized Crime, session 9",) in labels
    assert run(f"SELECT ?x WHERE {{ ?x ctoc:sessionOf <{ID}body/cop> ; ctoc:ordinal 9 }}") == [
        (ID + "session/cop/9",)]


def test_an_agenda_that_disagrees_with_the_register_on_a_date_fails_validation(tmp_path):
    text = COP_AGENDA.read_text(encoding="utf-8").replace("Vienna, 15–19 October 2018",
                                                          "Vienna, 15–20 October 2018")
    result = _build_cop_agenda(tmp_path, text)
    assert not result.validation.conforms
    found = {(v.focus, v.path) for v in result.validation.violations}
    assert (ID + "session/cop/9", CTOC + "endDate") in found


# -- a malformed register is refused -----------------------------------------------------------
def _reference_with(tmp_path: Path, edit) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(DATA / "reference", folder)
    path = folder / "register.toml"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


SESSION_7 = 'ordinal = 7\nstart = 2014-10-06\nend = 2014-10-10\n'
ACT_7_1 = 'number = "7/1"\nsession = 7\ndate = 2014-10-10'


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace(ACT_7_1, 'number = "7/1"\nsession = 6\ndate = 2014-10-10'),
     r"\[\[act\]\] #31: resolution 7/1 is not numbered as an act of session 6"),
    (lambda t: t.replace(ACT_7_1, 'number = "7/1"\nsession = 7\ndate = 2014-10-11'),
     r"\[\[act\]\] #31: adopted on 2014-10-11, outside the session \(2014-10-06 to 2014-10-10\)"),
    (lambda t: t.replace(SESSION_7, 'ordinal = "7"\nstart = 2014-10-06\nend = 2014-10-10\n'),
     r"\[\[session\]\] #7: ordinal = '7' is not a whole number"),
    (lambda t: t.replace(ACT_7_1, 'number = "7/1"\nsession = 7\ndate = "2014-10-10"'),
     r"\[\[act\]\] #31: date = '2014-10-10' is not a date"),
    (lambda t: t.replace(SESSION_7, 'ordinal = 7\nstart = 2014-10-06\n'),
     r"\[\[session\]\] #7: give both start and end"),
    (lambda t: t.replace('body = "wg-som"\nact = "resolution 5/3"', 'body = "wg-som"\nact = "resolution 5/2"'),
     r"\[\[change\]\] #4: no act resolution 5/2 in the register"),
    (lambda t: t.replace('body = "wg-ta"', 'body = "wg-nosuch"'),
     r"\[\[change\]\] #1: unknown body 'wg-nosuch'"),
    (lambda t: t.replace('source = ["https://indico.un.org/event/1016686"]', 'source = []'),
     r"\[\[act\]\] #35: every entry needs source"),
    (lambda t: t.replace('source = ["https://indico.un.org/event/1016686"]',
                         'source = ["indico.un.org/event/1016686"]'),
     r"\[\[act\]\] #35: every entry needs source"),
    (lambda t: t.replace(SESSION_7, SESSION_7 + 'chair = "?"\n'),
     r"\[\[session\]\] #7: unknown key\(s\) chair"),
    (lambda t: t.replace('number = "2/6"\nsession = 2', 'number = "2/5"\nsession = 2'),
     r"\[\[act\]\] #12: decision 2/5 is already in the register"),
    (lambda t: t.replace('venue = "vienna"\nagenda = "CTOC/COP/2016/1"', 'venue = "vienna"\nagenda = "CTOC//COP/2016"'),
     r"\[\[session\]\] #8: not a well-formed UN document symbol"),
])
def test_a_malformed_register_is_refused_with_its_place(tmp_path, edit, message):
    folder = _reference_with(tmp_path, edit)
    with pytest.raises(ManifestError, match=message) as err:
        Reference(folder)
    assert str(err.value).startswith(str(folder / "register.toml") + ": register: ")


def test_a_corpus_without_a_register_has_none(tmp_path):
    folder = tmp_path / "reference"
    shutil.copytree(DATA / "reference", folder)
    (folder / "register.toml").unlink()
    ref = Reference(folder)
    assert ref.register.sessions == [] and "register.toml" not in {p.name for p in ref.files()}
    g = reference_to_rdf(ref, Iris())
    assert not list(g.subjects(URIRef(CTOC + "adoptedAt")))


def test_wikidata_items_are_exact_matches_only_when_given_as_items(tmp_path):
    """No Wikidata item could be verified (no stored page shows one), so the reference data
    gives none; one given is mapped to skos:exactMatch, a value that is not an item refused."""
    from rdflib.namespace import SKOS

    assert not list(reference_to_rdf(Reference(DATA / "reference"), Iris()).objects(
        None, SKOS.exactMatch))
    folder = tmp_path / "reference"
    shutil.copytree(DATA / "reference", folder)
    bodies = folder / "bodies.toml"
    text = bodies.read_text(encoding="utf-8")
    bodies.write_text(text.replace('key = "wg-som"\n', 'key = "wg-som"\nwikidata = "Q123"\n'),
                      encoding="utf-8")
    g = reference_to_rdf(Reference(folder), Iris())
    assert list(g.objects(URIRef(ID + "body/wg-som"), SKOS.exactMatch)) == [
        URIRef("http://www.wikidata.org/entity/Q123")]
    bodies.write_text(text.replace('key = "wg-som"\n', 'key = "wg-som"\nwikidata = "wg-som"\n'),
                      encoding="utf-8")
    with pytest.raises(ManifestError, match="wikidata = 'wg-som' is not an item"):
        reference_to_rdf(Reference(folder), Iris())


def test_register_iris_are_those_agendas_and_citations_mint():
    reg = Reference(DATA / "reference").register
    assert reg.act(ResolutionRef("cop", "7/1")).session == 7
    assert Iris().act(ResolutionRef.parse("decision:1/2")) == ID + "decision/cop/1/2"
    assert {(s.body, s.ordinal) for s in reg.sessions} == {("cop", n) for n in range(1, 13)}


def test_cli_establishment_and_governance_answer_from_the_register(built):
    out, _ = built
    r = ctocgraph("query", "establishment", "--param", "body=wg-som", "--store", str(out / "store"),
                  "--format", "csv")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "body,role,act,number,session,ordinal,start,date,what"
    assert [ln.split(",")[1:8] for ln in lines[1:]] == [
        ["established", ID + "resolution/cop/5/3", "5/3", ID + "session/cop/5", "5",
         "2010-10-18", ""],
        ["changed", ID + "resolution/cop/7/1", "7/1", ID + "session/cop/7", "7", "2014-10-06",
         "2014-10-10"]]
    r = ctocgraph("query", "governance", "--param", "resolution=7/1", "--store", str(out / "store"))
    assert r.returncode == 0, r.stderr
    rows = [ln for ln in r.stdout.splitlines() if ln.startswith("id:resolution/cop/7/1")]
    assert len(rows) == 2
    assert all("id:session/cop/7  2014-10-10" in ln for ln in rows)
    assert "id:session/wg-som/4" in rows[0] and "id:session/wg-som/7" in rows[1]
