"""Pages of a library query (`--limit`, `--offset`) and rows written as they come.

A whole-corpus list is bound by the engine's cost per row: the first page is what a reader
waits for, and a list written to a file should cost one row of memory, not the corpus. The
expected rows here are the whole answer itself, cut by hand: a page must be exactly that
slice, on every engine, whatever the query.
"""

from __future__ import annotations

import csv
import inspect
import io
import json

import pytest
from conftest import ctocgraph

from ctocgraph.query import paged, run, stream, write_rows
from ctocgraph.sparqltext import page_of
from ctocgraph.store import RdflibStore, Value


@pytest.fixture(scope="module")
def engines(seed, oxstore):
    rdf = RdflibStore()
    rdf.replace(seed.nquads)
    return {"oxigraph": oxstore, "rdflib": rdf}


@pytest.mark.parametrize("name", ["documents", "citations", "find"])
def test_pages_are_slices_of_the_whole_answer_on_every_engine(engines, name):
    for store in engines.values():
        names, whole = run(store, name)
        assert len(whole) >= 3, name  # enough rows that a page of two is not all of them
        for limit, offset in ((2, 0), (2, 1), (2, len(whole) - 1), (1, len(whole)), (0, 0)):
            assert run(store, name, limit=limit, offset=offset) == \
                (names, whole[offset:offset + limit]), (name, limit, offset)
        assert run(store, name, offset=2)[1] == whole[2:]
        pages = [run(store, name, limit=2, offset=k)[1] for k in range(0, len(whole), 2)]
        assert [r for p in pages for r in p] == whole


def test_a_page_is_appended_after_the_final_order_and_refuses_negative_numbers():
    query = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s # the end"
    assert paged(query, 10, 20) == query + "\nLIMIT 10\nOFFSET 20\n"  # after the comment's line
    assert paged(query, None, 0) == query
    with pytest.raises(Exception, match="0 or more"):
        paged(query, -1, 0)


def test_the_form_pages_a_select_only_when_it_sets_no_page_of_its_own():
    assert page_of("SELECT * { ?s ?p ?o }", 101, 100) == "SELECT * { ?s ?p ?o }\nLIMIT 101\nOFFSET 100\n"
    assert page_of("SELECT * { ?s ?p ?o } LIMIT 5", 101) is None
    assert page_of("SELECT * { ?s ?p ?o } offset 5", 101) is None
    # a LIMIT inside a sub-select, a string or a comment is not the query's page
    sub = 'SELECT * { { SELECT ?s { ?s ?p "LIMIT 3" } LIMIT 3 } } # LIMIT'
    assert page_of(sub, 101) == sub + "\nLIMIT 101\nOFFSET 0\n"
    assert page_of("ASK { ?s ?p ?o }", 101) is None
    assert page_of("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", 101) is None


def test_the_embedded_store_gives_rows_one_at_a_time(oxstore):
    names, rows = stream(oxstore, "documents")
    assert inspect.isgenerator(rows)
    first = next(rows)
    assert set(first) == set(names)
    assert [first, *rows] == run(oxstore, "documents")[1]


def _rows(n: int, fail_after: int | None = None):
    for i in range(n):
        if fail_after is not None and i == fail_after:
            raise RuntimeError("the engine stopped")
        yield {"a": Value("literal", f"x{i}", None, "en"), "b": None if i % 2 else
               Value("iri", f"https://example.org/{i}")}


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_rows_are_written_as_they_come(fmt):
    pieces = write_rows(["a", "b"], _rows(5, fail_after=2), fmt)
    got = [next(pieces), next(pieces)]  # two rows written before the third is asked for
    assert "x0" in got[0] and "x1" in got[1] and "x1" not in got[0]
    with pytest.raises(RuntimeError):
        next(pieces)


@pytest.mark.parametrize("count", [0, 1, 4])
def test_json_written_row_by_row_is_the_whole_document(count):
    text = "".join(write_rows(["a", "b"], _rows(count), "json"))
    bindings = [{"a": {"type": "literal", "value": f"x{i}", "xml:lang": "en"},
                 "b": None if i % 2 else {"type": "iri", "value": f"https://example.org/{i}"}}
                for i in range(count)]
    whole = {"head": {"vars": ["a", "b"]}, "results": {"bindings": bindings}}
    assert text == json.dumps(whole, ensure_ascii=False, indent=2) + "\n"


def test_csv_written_row_by_row_reads_back():
    text = "".join(write_rows(["a", "b"], _rows(3), "csv"))
    assert list(csv.reader(io.StringIO(text))) == [
        ["a", "b"], ["x0", "https://example.org/0"], ["x1", ""], ["x2", "https://example.org/2"]]


def test_the_command_line_pages_and_streams(built):
    out, _ = built
    store = str(out / "store")
    whole = ctocgraph("query", "documents", "--store", store, "--format", "csv")
    assert whole.returncode == 0, whole.stderr
    lines = whole.stdout.splitlines()
    page = ctocgraph("query", "documents", "--store", store, "--format", "csv",
                     "--limit", "2", "--offset", "1")
    assert page.returncode == 0, page.stderr
    assert page.stdout.splitlines() == [lines[0], *lines[2:4]]  # the header, rows 2 and 3
    table = ctocgraph("query", "documents", "--store", store, "--limit", "1")
    assert table.stdout.rstrip().endswith("(1 row)")
    bad = ctocgraph("query", "documents", "--store", store, "--limit", "-1")
    assert bad.returncode == 2 and "-1" in bad.stderr
