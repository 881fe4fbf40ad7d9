"""The query library: expected rows on the seed graph, identical on the embedded Oxigraph store,
rdflib's in-memory store, and live Oxigraph and Virtuoso SPARQL servers the seed graph was
published to."""

from __future__ import annotations

import itertools

import pytest
from conftest import ID
from oxserver import oxigraph_server
from vtserver import virtuoso_server

from ctocgraph.errors import QueryError
from ctocgraph.query import library, run
from ctocgraph.remote import Auth, RemoteStore, publish
from ctocgraph.serialize import nquads
from ctocgraph.store import OxigraphStore, RdflibStore


@pytest.fixture(scope="session")
def server(tmp_path_factory, seed):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as base:
        publish(seed.graphs, f"{base}/query")
        yield base


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory, seed):
    """Virtuoso with the seed graphs, published as a user would: Digest auth on its update
    and Graph Store endpoints; queried anonymously on /sparql."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso") / "db") as vt:
        publish(seed.graphs, vt.query, gsp=vt.gsp, update=vt.update,
                auth=Auth("dba", vt.password, "digest"))
        yield vt


@pytest.fixture(scope="module")
def stores(seed, server, virtuoso):
    ox = OxigraphStore(None)
    ox.replace(nquads(seed.dataset))
    rdf = RdflibStore()
    rdf.replace(nquads(seed.dataset))
    return {"oxigraph": ox, "rdflib": rdf, "server": RemoteStore(f"{server}/query", timeout=30),
            "virtuoso": RemoteStore(virtuoso.query, timeout=30)}


@pytest.fixture(params=["oxigraph", "rdflib", "server", "virtuoso"])
def store(request, stores):
    return stores[request.param]


def rows(store, name, columns, **params):
    _names, result = run(store, name, params)
    return [tuple("" if r[c] is None else r[c].value.removeprefix(ID) for c in columns)
            for r in result]


def test_every_library_query_has_a_test_here():
    import inspect
    import sys

    tested = {n.removeprefix("test_") for n, _ in inspect.getmembers(sys.modules[__name__])
              if n.startswith("test_")}
    assert set(library()) <= tested


def test_governance(store):
    cols = ("session", "itemNumber", "via", "link")
    assert rows(store, "governance", cols, resolution="7/1") == [
        ("session/wg-som/4", "1(b)", "mandate", "session/wg-som/4/item/1b/mandate/cop-7-1-1"),
        ("session/wg-som/7", "1(b)", "mandate", "session/wg-som/7/item/1b/mandate/cop-7-1-1"),
    ]
    assert rows(store, "governance", ("via", "verbs", "addressedTo"), resolution="7/1") == [
        ("mandate", "decides encourages", "body/wg-som")] * 2
    cols = ("session", "itemNumber", "via", "link", "addressedTo")
    assert rows(store, "governance", cols, resolution="cop:8/2") == [
        ("session/wg-som/4", "2", "document", "document/CTOC/COP/WG.7/2017/2", ""),
        ("session/wg-som/4", "2", "mandate", "session/wg-som/4/item/2/mandate/cop-8-2-1", "body/cop"),
        ("session/wg-som/4", "2", "mandate", "session/wg-som/4/item/2/mandate/cop-8-2-2", "body/cop"),
        ("session/wg-som/4", "2", "mandate", "session/wg-som/4/item/2/mandate/cop-8-2-3",
         "body/secretariat"),
        ("session/wg-som/4", "2", "mandate", "session/wg-som/4/item/2/mandate/cop-8-2-3",
         "body/wg-som"),
    ]
    assert rows(store, "governance", cols, resolution="ga:71/1") == []


def test_lineage(store):
    assert rows(store, "lineage", ("buildsOn", "kind", "notation"), resolution="8/2") == [
        ("document/CTOC/COP/WG.8/2016/2", "Document", "CTOC/COP/WG.8/2016/2"),
        ("resolution/cop/5/5", "Resolution", "5/5"),
    ]


def test_documents(store):
    got = rows(store, "documents", ("ordinal", "itemNumber", "symbol", "title", "preparedBy"),
               lang="zh")
    assert [g[:3] for g in got] == [
        ("4", "2", "CTOC/COP/WG.7/2017/2"), ("4", "3", "CTOC/COP/WG.7/2017/3"),
        ("4", "4", "CTOC/COP/WG.7/2017/4"), ("7", "2", "CTOC/COP/WG.7/2020/2"),
        ("7", "3", "CTOC/COP/WG.7/2020/3")]
    assert got[0][3] == "用以审议《偷运移民问题议定书》实施情况的调查问卷草案"
    assert {g[4] for g in got} == {"body/secretariat"}
    assert rows(store, "documents", ("title",), lang="en")[0] == (
        "Draft questionnaire for the review of the implementation of the Smuggling of Migrants Protocol",)


def test_topics(store):
    got = rows(store, "topics", ("ordinal", "itemNumber", "title"), body="wg-som", lang="en")
    assert [g[:2] for g in got] == [("4", n) for n in ("1", "1(a)", "1(b)", "2", "3", "4", "5", "6")] + \
        [("7", n) for n in ("1", "1(a)", "1(b)", "2", "3", "4", "5")]
    assert got[3][2].startswith("Development of a questionnaire")
    assert rows(store, "topics", ("title",), body="wg-tip", lang="en") == []


def test_schedule(store):
    got = rows(store, "schedule", ("start", "end", "itemNumber", "continued"), session="wg-som:4")
    slots = list(dict.fromkeys((s, e) for s, e, _, _ in got))
    assert slots == [("2017-09-11T10:00:00", "2017-09-11T13:00:00"),
                     ("2017-09-11T15:00:00", "2017-09-11T18:00:00"),
                     ("2017-09-12T10:00:00", "2017-09-12T13:00:00"),
                     ("2017-09-12T15:00:00", "2017-09-12T18:00:00"),
                     ("2017-09-13T10:00:00", "2017-09-13T13:00:00")]
    assert [(n, c) for _, _, n, c in got] == [
        ("1(a)", "false"), ("1(b)", "false"), ("2", "false"), ("2", "true"), ("3", "false"),
        ("4", "false"), ("5", "false"), ("6", "false")]
    got7 = rows(store, "schedule", ("itemNumber", "continued"), session="wg-som:7")
    assert got7 == [("1(a)", "false"), ("1(b)", "false"), ("2", "false"), ("2", "true"),
                    ("3", "false"), ("3", "true"), ("4", "false"), ("5", "false")]


def test_citations(store):
    assert rows(store, "citations", ("number", "items", "sessions")) == [
        ("7/1", "2", "2"), ("5/5", "1", "1"), ("6/3", "1", "1"), ("8/2", "1", "1"),
        ("2014/23", "1", "1"), ("71/1", "1", "1")]


def test_decisions(store):
    got = rows(store, "decisions", ("date", "bySilence", "session", "text"), lang="en")
    assert [g[:3] for g in got] == [("2017-04-07", "false", "session/wg-som/4"),
                                    ("2019-08-30", "true", "session/wg-som/7"),
                                    ("2020-05-01", "true", "session/wg-som/7")]
    assert got[0][3].startswith("At its meeting held on 7 April 2017, the extended Bureau")


def test_find(store):
    got = rows(store, "find", ("entity", "type"), text="7/1")
    assert ("resolution/cop/7/1", "https://w3id.org/ctocgraph/ontology#Resolution") in got
    assert rows(store, "find", ("entity",), text="维也纳") == [("place/vienna",)]
    en = rows(store, "find", ("entity",), text="smuggling of migrants protocol")
    assert ("instrument/som-protocol",) in en


def test_provisions(store):
    assert rows(store, "provisions", ("provision", "article", "paragraph", "subparagraph",
                                      "itemNumber")) == [
        ("instrument/som-protocol/art/3/subpara/a", "3", "", "a", "4"),
        ("instrument/som-protocol/art/6/para/1/subpara/a", "6", "1", "a", "4")]


# values of every parameter type, chosen by hand from the seed texts (a resolution the
# agendas cite and one they do not, both sessions and one that is not there, every language)
VALUES = {"resolution": ["7/1", "8/2", "5/5", "6/3", "ga:71/1", "ecosoc:2014/23", "9/9"],
          "session": ["wg-som:4", "wg-som:7", "wg-som:5"],
          "body": ["*", "wg-som", "cop", "wg-tip"],
          "language": ["en", "zh", "fr", "es", "ru", "ar"],
          "string": ["偷运移民", "7/1", "Smuggling of Migrants", "ВЕНА", "vienne", "Protocolo",
                     "فيينا", "no such text"]}


def cases() -> list[tuple[str, dict[str, str]]]:
    """Every library query with every combination of the values above for its parameters."""
    out = []
    for name, q in library().items():
        choices = [[(p.name, v) for v in VALUES[p.type] if v != "*" or p.optional]
                   for p in q.params]
        out += [(name, dict(combo)) for combo in itertools.product(*choices)]
    return out


def test_engines_return_identical_rows_for_the_whole_library(stores):
    """Same rows in the same order on every engine, Virtuoso included, for 96 questions (a
    value each engine would write otherwise is normalised in one place only: Virtuoso's
    booleans "1"/"0", read as the same values "true"/"false" — remote._value)."""
    answered = refused = 0
    for name, params in cases():
        results = {k: _answer(s, name, params) for k, s in stores.items()}
        assert results["oxigraph"] == results["rdflib"] == results["server"] \
            == results["virtuoso"], (name, params)
        answered += bool(results["oxigraph"][1])
        refused += results["oxigraph"][0] == "refused"
    # most questions have rows to compare; the values the seed lacks are refused alike by
    # every engine, naming what the graph holds: 9/9 (governance, lineage), wg-som:5 (schedule)
    assert len(cases()) > 90 and answered > 40 and refused == 3


def _answer(store, name, params):
    try:
        return run(store, name, params)
    except QueryError as exc:
        return "refused", exc.message


SCOPED = ("documents", "decisions", "provisions")  # the queries with an optional `body`


def test_an_optional_parameter_left_out_leaves_its_variable_free(store):
    for name in SCOPED:
        every = run(store, name)[1]
        assert every and {r["body"].value for r in every} == {ID + "body/wg-som"}, name
        assert run(store, name, {"body": "wg-som"})[1] == every, name
        assert run(store, name, {"body": "*"})[1] == every, name
        assert run(store, name, {"body": "wg-tip"})[1] == [], name


@pytest.fixture(scope="module")
def many_bodies(tmp_path_factory):
    """A generated corpus whose sessions belong to several bodies, on two engines."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import write_corpus

    from ctocgraph import Reference, build
    from ctocgraph.manifest import load_manifest

    root = tmp_path_factory.mktemp("bodies")
    write_corpus(root, 100, seed=3, languages=("en",))  # a body has 40 sessions: three bodies
    result = build(load_manifest(root), Reference(root / "reference"))
    assert result.validation.conforms
    text = nquads(result.dataset)
    ox, rdf = OxigraphStore(None), RdflibStore()
    ox.replace(text)
    rdf.replace(text)
    return {"oxigraph": ox, "rdflib": rdf}


def test_a_body_restricts_a_query_to_the_rows_of_that_body(many_bodies):
    for name in SCOPED:
        every = run(many_bodies["oxigraph"], name)[1]
        bodies = sorted({r["body"].value for r in every})
        assert len(bodies) >= 3, name
        assert every == run(many_bodies["rdflib"], name)[1], name
        for body in (bodies[0], bodies[-1]):
            key = body.removeprefix(ID + "body/")
            for store in many_bodies.values():
                got = run(store, name, {"body": key})[1]
                assert got and got == [r for r in every if r["body"].value == body], (name, key)


def test_the_library_reads_a_query_again_when_its_file_changes(tmp_path):
    """Parsed queries are kept between calls (a third of a small query's time), by file,
    size and modification time: an edited or added file is read again, a removed one goes."""
    import os
    import shutil

    from ctocgraph.paths import queries_dir

    folder = tmp_path / "queries"
    shutil.copytree(queries_dir(), folder)
    first = library(folder)
    assert library(folder)["schedule"] is first["schedule"]  # kept, not parsed again
    path = folder / "schedule.rq"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "#title:", "#title: Edited —", 1), encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different time even where the clock's grain is coarse
    edited = library(folder)["schedule"]
    assert edited.title.startswith("Edited —") and edited is not first["schedule"]
    (folder / "lineage.rq").unlink()
    shutil.copy(folder / "find.rq", folder / "find2.rq")
    assert set(library(folder)) == set(first) - {"lineage"} | {"find2"}


def test_a_query_is_found_by_its_name_alone(tmp_path):
    """`prepare` reads only the named file (listing the folder cost a tenth of a small query),
    sees it edited like the listing does, and names the library for a name it lacks — one
    that would reach outside the folder included."""
    import os
    import shutil

    from ctocgraph.errors import QueryError
    from ctocgraph.paths import queries_dir
    from ctocgraph.query import prepare

    folder = tmp_path / "queries"
    shutil.copytree(queries_dir(), folder)
    assert prepare("schedule", folder=folder)[0] is library(folder)["schedule"]
    path = folder / "schedule.rq"
    path.write_text(path.read_text(encoding="utf-8").replace("#title:", "#title: Edited —", 1),
                    encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert prepare("schedule", folder=folder)[0].title.startswith("Edited —")
    (tmp_path / "outside.rq").write_text((folder / "find.rq").read_text(encoding="utf-8"),
                                         encoding="utf-8")
    (folder / "folder.rq").mkdir()
    for name in ("../outside", "nosuch", "folder", "schedule.rq", ""):
        with pytest.raises(QueryError, match=r"no query named .*available: citations, "):
            prepare(name, folder=folder)
