"""Parameters inlined as VALUES blocks: where they go in real library queries and in awkward
text, and that the placed text means what the query with the bindings given apart means."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ctocgraph.errors import QueryError
from ctocgraph.query import prepare
from ctocgraph.sparqltext import inline_values, mask, place_values

EX = "http://example.org/"


def test_every_sub_select_that_projects_the_resolution_is_restricted_to_it():
    q, bindings = prepare("governance", {"resolution": "7/1"})
    text = inline_values(q.text, bindings)
    block = "VALUES ?resolution { <https://w3id.org/ctocgraph/id/resolution/cop/7/1> }"
    # queries/governance.rq: the outer group and each of its four sub-selects (the mandates and
    # the documents, the two branches of the UNION; the governed sessions' items; their dates),
    # each restricted at the start of its own WHERE
    assert text.count(block) == 1 + 4
    assert text.count("{ SELECT DISTINCT ?resolution ") == 4
    assert text.count("WHERE { " + block) == 4
    prepareQuery(text)


def test_a_sub_select_gets_only_the_parameters_it_projects():
    q, bindings = prepare("documents", {"body": "wg-som", "lang": "zh"})
    text = inline_values(q.text, bindings)
    body = "<https://w3id.org/ctocgraph/id/body/wg-som>"
    assert text.count(f'VALUES (?body ?lang) {{ ({body} "zh") }}') == 1  # the outer group
    # the key sub-select and the three inside it; ?lang is used outside only
    assert text.count(f"VALUES ?body {{ {body} }}") == 4
    prepareQuery(text)


def test_without_bindings_the_text_is_unchanged():
    q, _ = prepare("citations", {})
    assert inline_values(q.text, {}) == q.text


AWKWARD = """# SELECT ?a WHERE { in a comment }
PREFIX ex: <http://example.org/SELECT#WHERE>
SELECT ?a ?label (COUNT(?b) AS ?n) {
  { SELECT ?a ?label WHERE { ?a ex:label ?label FILTER (?label != "SELECT ?a WHERE {")
      OPTIONAL { ?a ex:select ?select } } }
  { select * where { ?a ex:p ?b } }
  { SELECT (SAMPLE(?a) AS ?any) ?b WHERE { ?a ex:p ?b } GROUP BY ?b }
}
GROUP BY ?a ?label
"""


def test_strings_iris_and_comments_are_not_read_as_structure():
    masked = mask(AWKWARD)
    assert len(masked) == len(AWKWARD)
    assert "SELECT ?a WHERE" not in masked and "SELECT#WHERE" not in masked
    assert masked.count("\n") == AWKWARD.count("\n")


def test_values_go_to_projecting_sub_selects_only():
    text = inline_values(AWKWARD, {"a": URIRef(EX + "x")})
    block = f"VALUES ?a {{ <{EX}x> }}"
    lines = text.splitlines()
    assert lines[3] == "  " + block  # the outer group, which has no WHERE keyword
    assert f"WHERE {{ {block} ?a ex:label" in text  # projects ?a
    assert "where { ?a ex:p ?b }" in text  # SELECT *: left as it is
    assert "WHERE { ?a ex:p ?b } GROUP BY ?b" in text  # ?a only inside an aggregate
    assert text.count(block) == 2
    assert '"SELECT ?a WHERE {"' in text and "# SELECT ?a WHERE { in a comment }" in text
    prepareQuery(text)


def test_the_placed_values_mean_what_the_bindings_mean():
    ds = Dataset()
    g = ds.graph(URIRef(EX + "g"))
    for a, label, b in (("x", "one", "p"), ("x", "one", "q"), ("y", "two", "p"), ("z", "SELECT", "r")):
        g.add((URIRef(EX + a), URIRef(EX + "SELECT#WHERElabel"), Literal(label)))
        g.add((URIRef(EX + a), URIRef(EX + "SELECT#WHEREp"), URIRef(EX + b)))
    ds.default_union = True
    bindings = {"a": URIRef(EX + "x")}

    def answer(result) -> set[tuple]:
        return {tuple(row) for row in result}

    given_apart = answer(ds.query(AWKWARD, initBindings=bindings))
    placed = answer(ds.query(inline_values(AWKWARD, bindings)))
    assert placed == given_apart
    assert {(str(a), str(label), int(n)) for a, label, n in placed} == {(EX + "x", "one", 2)}


def test_a_query_without_a_select_group_is_an_error():
    with pytest.raises(QueryError, match="no SELECT"):
        inline_values("ASK { ?s ?p ?o }", {"s": URIRef(EX + "x")})
    with pytest.raises(QueryError, match="no SELECT"):
        place_values("# SELECT ?s WHERE { }\nASK { ?s ?p ?o }", ["s"], [["<x:y>"]])


def test_rows_of_several_variables_reach_a_sub_select_as_its_columns():
    query = ("SELECT ?a ?b WHERE {\n  { SELECT ?a WHERE { ?a <x:p> ?o } }\n"
             "  { SELECT ?b ?a WHERE { ?a <x:q> ?b } }\n}")
    rows = [["<x:1>", "<x:p>"], ["<x:1>", "<x:q>"], ["<x:2>", "<x:p>"]]
    text = place_values(query, ["a", "b"], rows)
    assert "  VALUES (?a ?b) { (<x:1> <x:p>) (<x:1> <x:q>) (<x:2> <x:p>) }\n" in text
    assert "WHERE { VALUES ?a { <x:1> <x:2> } ?a <x:p> ?o }" in text  # each value once
    assert "WHERE { VALUES (?a ?b) { (<x:1> <x:p>) (<x:1> <x:q>) (<x:2> <x:p>) } ?a <x:q>" in text
    prepareQuery(text)


def test_a_hint_goes_outside_only_where_no_sub_select_takes_it():
    """``outer=False`` (the `#narrow` candidates): inside the sub-select that projects the
    variable and not outside too, where Oxigraph joined the two blocks; outside when no
    sub-select projects it."""
    q, _ = prepare("find", {"text": "7/1"})
    text = place_values(q.text, ["label"], [['"a"'], ['"b"']], outer=False)
    assert text.count('VALUES ?label { "a" "b" }') == 1
    assert 'WHERE { VALUES ?label { "a" "b" }\n      ?entity' in text
    flat = "SELECT ?s WHERE { ?s ?p ?label }"
    assert place_values(flat, ["label"], [['"a"']], outer=False) == \
        'SELECT ?s WHERE {\n  VALUES ?label { "a" }\n ?s ?p ?label }'


NESTED = """SELECT ?a ?n WHERE {
  ?a <x:p> ?o .
  { SELECT ?o (COUNT(*) AS ?n) WHERE {
      { SELECT ?a ?o WHERE { ?a <x:p> ?o } } } GROUP BY ?o }
  { SELECT ?a WHERE { { SELECT ?a WHERE { ?a <x:p> ?any } } } }
}"""


def test_a_variable_a_sub_select_keeps_to_itself_is_not_the_parameter():
    """?a inside the first sub-select is not projected by it: the ?a of the sub-select within
    is another variable, counted over every subject, and no value of the outer ?a may reach
    it; the second sub-select and the one within it both project ?a and both get it."""
    text = inline_values(NESTED, {"a": URIRef(EX + "x")})
    block = f"VALUES ?a {{ <{EX}x> }}"
    assert f"WHERE {{ {block} ?a <x:p> ?o }} }} }} GROUP BY" not in text
    assert text.count(block) == 3
    assert f"WHERE {{ {block} {{ SELECT ?a WHERE {{ {block} ?a <x:p> ?any" in text
    ds = Dataset(default_union=True)
    g = ds.graph(URIRef(EX + "g"))
    for a in ("x", "y", "z"):
        g.add((URIRef(EX + a), URIRef("x:p"), URIRef(EX + "o")))
    placed = {tuple(r) for r in ds.query(text)}
    # the oracle: the value joined in the outer group only (rdflib's initBindings would not
    # do: they reach into the inner sub-select and count one subject)
    outside = NESTED.replace("WHERE {\n", f"WHERE {{\n  {block}\n", 1)
    assert placed == {tuple(r) for r in ds.query(outside)}
    assert {(str(a), int(n)) for a, n in placed} == {(EX + "x", 3)}  # three subjects counted
