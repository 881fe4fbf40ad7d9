"""The literal index that narrows ``find``: the same rows as the plain query, fewer read."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ctocgraph import literals
from ctocgraph.query import library, narrowed, prepare, run
from ctocgraph.store import OxigraphStore

TEXTS = ["偷运移民", "smuggling of migrants", "SMUGGLING", "CTOC/COP/WG.7/2017/2", "7/1",
         "Other matters", "questionnaire", "工作组", "nothing like this", "e", ""]


@pytest.fixture(scope="module")
def store(built) -> OxigraphStore:
    out, _ = built
    return OxigraphStore(out / "store")


@pytest.mark.parametrize("text", TEXTS)
def test_find_narrowed_gives_the_rows_of_the_plain_query(store, text):
    q, bindings = prepare("find", {"text": text})
    plain = store.select(q.text, bindings)
    assert run(store, "find", {"text": text}) == plain
    # the seed store holds fewer literals than NARROW_MAX, so even "" is narrowed (to all)
    assert narrowed(q, bindings, store) != q.text


def test_find_uses_the_index_and_still_finds(store):
    q, bindings = prepare("find", {"text": "Smuggling of Migrants"})
    text = narrowed(q, bindings, store)
    assert "VALUES ?label {" in text and '"Working Group on the Smuggling of Migrants"@en' in text
    _, rows = run(store, "find", {"text": "working group on the smuggling"})
    assert {r["entity"].value for r in rows} >= {"https://w3id.org/ctocgraph/id/body/wg-som"}


def test_the_index_holds_every_literal_of_the_store(store, built):
    out, _ = built
    held = set(literals.containing(out / "store" / literals.INDEX, "", 10**7) or [])
    assert held == literals.literal_terms((out / "store" / "dataset.nq").read_text(encoding="utf-8"))
    assert len(held) > 500


TRICKY = ['"a \\"quoted\\" word"@en', '"line\\nbreak"', '"2017-09-11"^^<http://www.w3.org/2001/XMLSchema#date>',
          '"İSTANBUL"@tr', '"ΟΔΟΣ"@el', '"Straße"@de', '"ÉTUDE\\u00C9"@fr', '"偷运移民问题工作组"@zh',
          '"الفريق العامل"@ar', '"ДОКЛАД"@ru', '"Ⅻ ＣＴＯＣ"@en', '"tab\\there"']
QUERIES = ["quoted", '"QUOTED"', "line\nbreak", "2017-09", "i̇stanbul", "İstanbul", "οδος", "ΟΔΌΣ", "oδος",
           "straße", "STRASSE", "étudeé", "ÉTUDE", "偷运", "العامل", "доклад", "ⅻ", "ｃｔｏｃ", "\t", "zzz"]


def test_index_candidates_equal_oxigraph_lcase_contains(tmp_path):
    """The index folds as SPARQL's LCASE does, so it never misses what the FILTER keeps."""
    doc = "".join(f"<http://x/{n}> <http://x/p> {t} .\n" for n, t in enumerate(TRICKY))
    assert literals.literal_terms(doc) == set(TRICKY)
    literals.write(tmp_path / "i.sqlite", literals.literal_terms(doc))
    db = ox.Store()
    db.load(doc, format=ox.RdfFormat.N_TRIPLES)
    for text in QUERIES:
        found = {str(s["o"]) for s in db.query(
            "SELECT ?t ?o WHERE { ?s ?p ?o FILTER (CONTAINS(LCASE(STR(?o)), LCASE(?t))) }",
            substitutions={ox.Variable("t"): ox.Literal(text)})}
        expected = {str(o) for o in ox.parse(doc, format=ox.RdfFormat.N_TRIPLES)
                    for o in [o.object] if str(o) in found}
        candidates = set(literals.containing(tmp_path / "i.sqlite", text, 100) or [])
        parsed = {str(q.object): t for q, t in zip(ox.parse(doc, format=ox.RdfFormat.N_TRIPLES), TRICKY, strict=True)}
        assert {parsed[o] for o in expected} == candidates, text


def test_limit_and_no_index(tmp_path):
    doc = "".join(f'<http://x/{n}> <http://x/p> "label {n}" .\n' for n in range(30))
    literals.write(tmp_path / "i.sqlite", literals.literal_terms(doc))
    assert literals.containing(tmp_path / "i.sqlite", "LABEL", 29) is None
    assert len(literals.containing(tmp_path / "i.sqlite", "LABEL", 30) or []) == 30
    assert literals.containing(tmp_path / "i.sqlite", "label 2", 30) == ['"label 2"', '"label 20"', '"label 21"', '"label 22"', '"label 23"', '"label 24"', '"label 25"', '"label 26"', '"label 27"', '"label 28"', '"label 29"']
    memory = OxigraphStore(None)
    q, bindings = prepare("find", {"text": "label"})
    assert narrowed(q, bindings, memory) == q.text  # an in-memory store has no index


def test_narrow_header_must_name_a_parameter(tmp_path):
    from ctocgraph.errors import QueryError
    text = library()["find"].path.read_text(encoding="utf-8").replace("#narrow: label text", "#narrow: label words")
    (tmp_path / "find.rq").write_text(text, encoding="utf-8")
    with pytest.raises(QueryError, match="narrow"):
        library(tmp_path)
