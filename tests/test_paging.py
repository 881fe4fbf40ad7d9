"""Pages of a library query (`--limit`, `--offset`) and rows written as they come.

A whole-corpus list is bound by the engine's cost per row: the first page is what a reader
waits for, and a list written to a file should cost one row of memory, not the corpus. The
expected rows here are the whole answer itself, cut by hand: a page must be exactly that
slice, on every engine, whatever the query.
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import io
import json

import pytest
from conftest import ctocgraph

from ctocgraph import pagekeys
from ctocgraph.errors import QueryError
from ctocgraph.query import library, load_query, paged, prepare, run, stream, write_rows
from ctocgraph.serialize import nquads
from ctocgraph.sparqltext import (
    inline_values,
    key_select,
    mask,
    page_of,
    paging_point,
    with_keys,
)
from ctocgraph.store import OxigraphStore, RdflibStore, Value

# the library's queries that state where they are paged (#page:), and a parameter of each that
# restricts its rows (a page of one body's rows is a page of that body's rows, not of all)
# (None: citations has none); the four lists whose key is the whole row are keyed too,
# so a store on disk pages them through their kept key lists (pagekeys)
KEYED = {"asked-of": "addressee", "decisions": "body", "documents": "body", "sessions": "body",
         "acts": "body", "citations": None, "provisions": "body", "recurring": "body"}


@pytest.fixture(scope="module")
def engines(seed, oxstore, built):
    """Oxigraph in memory (pages at the paging point), Oxigraph on disk (pages through the
    key lists kept in its version's folder: pagekeys) and rdflib."""
    rdf = RdflibStore()
    rdf.replace(seed.nquads)
    disk = OxigraphStore(built[0] / "store")
    yield {"oxigraph": oxstore, "oxigraph on disk": disk, "rdflib": rdf}
    disk.close()


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


def test_the_library_states_its_paging_points():
    assert sorted(n for n, q in library().items() if paging_point(q.text)) == sorted(KEYED)


def _pages_are_the_whole_answer(store, name: str, params: dict[str, str] | None = None) -> int:
    """Every way of cutting the answer into pages gives back the whole answer, row for row:
    pages of several sizes end to end, an offset in the middle of a run of rows that share
    their first columns (a body, a date), and offsets at and past the end."""
    names, whole = run(store, name, params)
    count = len(whole)
    for offset in (0, 1, count // 2, count - 1):  # single rows
        assert run(store, name, params, limit=1, offset=max(offset, 0))[1] == \
            whole[max(offset, 0):max(offset, 0) + 1], (name, params, offset)
    for size in (3, 7, max(count // 3, 1), 100):
        got = []
        for offset in range(0, count + size, size):
            page = run(store, name, params, limit=size, offset=offset)
            assert page[0] == names
            assert page[1] == whole[offset:offset + size], (name, params, size, offset)
            got += page[1]
        assert got == whole, (name, params, size)
    for offset in (count // 2, count - 1, count, count + 5):
        assert run(store, name, params, offset=max(offset, 0))[1] == whole[max(offset, 0):]
    assert run(store, name, params, limit=0)[1] == []
    return count


@pytest.mark.parametrize("name", sorted(KEYED))
def test_a_page_by_key_is_a_slice_of_the_whole_answer_on_every_engine(engines, name):
    for store in engines.values():  # the seed cites two provisions; the generated corpus more
        assert _pages_are_the_whole_answer(store, name) >= 2, name


@pytest.fixture(scope="module")
def generated():
    """A generated corpus of several bodies, each with many sessions, in two languages: the
    seed has too few rows for pages to cross bodies, sessions and dates."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import write_corpus

    from ctocgraph import Reference, build
    from ctocgraph.manifest import load_manifest

    root = Path(__import__("tempfile").mkdtemp(prefix="paging-"))
    write_corpus(root, 200, seed=4)
    result = build(load_manifest(root), Reference(root / "reference"))
    assert result.validation.conforms
    store = OxigraphStore(None)
    store.replace(nquads(result.dataset))
    r = ctocgraph("build", "--data", str(root), "--store", str(root / "store"),
                  "--output", str(root / "out.nq"))
    assert r.returncode == 0, r.stderr
    disk = OxigraphStore(root / "store")
    yield {"in memory": store, "on disk": disk}
    disk.close()


@pytest.mark.parametrize("where", ["in memory", "on disk"])
@pytest.mark.parametrize("name", sorted(KEYED))
def test_a_page_by_key_is_a_slice_of_a_generated_corpus(generated, name, where):
    store = generated[where]
    assert _pages_are_the_whole_answer(store, name) >= 50, name
    _, every = run(store, name)
    param = KEYED[name]
    if param is None:
        return
    values = sorted({r[param].value for r in every if r[param] is not None})
    assert len(values) >= 2, name
    for value in (values[0], values[-1]):  # a page of one body's rows
        key = value.rsplit("/", 1)[-1]
        assert _pages_are_the_whole_answer(store, name, {param: key}) >= 1, (name, key)
    if any(p.name == "lang" for p in library()[name].params):  # the rows in Chinese
        assert _pages_are_the_whole_answer(store, name, {"lang": "zh"}) >= 50, name


def _kept(store: OxigraphStore, name: str, params: dict[str, str] | None = None):
    """The file of the key list kept for a library query, named as pagekeys names it."""
    q, bindings = prepare(name, params)
    found = key_select(inline_values(q.text, bindings))
    assert found is not None
    digest = hashlib.sha256(found[2].encode()).hexdigest()[:32]
    return store.version / pagekeys.KEYS / f"{digest}.tsv"


def test_later_pages_read_the_key_list_kept_by_the_first(tmp_path):
    """A store version never changes, so a list's keys are ordered once: the first page
    keeps them in the version's folder, and every later page, in any process, reads its
    rows from there. Shown by reversing the kept list by hand: the pages follow it."""
    r = ctocgraph("build", "--store", str(tmp_path / "store"), "--output", str(tmp_path / "s.nq"))
    assert r.returncode == 0, r.stderr
    store = OxigraphStore(tmp_path / "store")
    try:
        _names, whole = run(store, "sessions")
        kept = _kept(store, "sessions")
        assert not kept.exists()  # a whole answer keeps nothing
        assert run(store, "sessions", limit=2, offset=1)[1] == whole[1:3]
        head, *rows = kept.read_text(encoding="utf-8").splitlines()
        assert head.split("\t")[:2] == ["?body", "?session"] and len(rows) == len(whole)
        kept.write_text("\n".join([head, *reversed(rows)]) + "\n", encoding="utf-8")
        # the first two keys kept are now the last two of the order (the query's own ORDER BY
        # still orders a page's rows)
        assert run(store, "sessions", limit=2, offset=0)[1] == whole[-2:]
        cli = ctocgraph("query", "sessions", "--store", str(tmp_path / "store"), "--format",
                        "csv", "--limit", "1")  # another process reads it too
        assert cli.stdout.splitlines()[1].split(",")[1] == whole[-1]["session"].value
        # a body's page is another key list, kept beside it
        assert run(store, "sessions", {"body": "wg-som"}, limit=1)[1] == \
            [r for r in whole if r["body"].value.endswith("/wg-som")][:1]
        assert _kept(store, "sessions", {"body": "wg-som"}).is_file()
    finally:
        store.close()


def test_a_key_list_that_cannot_be_kept_or_written_as_terms_pages_as_before(
        tmp_path, monkeypatch, built):
    q, bindings = prepare("decisions", {})
    text = inline_values(q.text, bindings)
    store = OxigraphStore(built[0] / "store")
    try:
        _names, whole = run(store, "decisions")
        asked: list[str] = []

        def answer(keys: str) -> str | None:
            asked.append(keys)
            return store.results_tsv(keys)

        (tmp_path / pagekeys.KEYS).write_text("a file where the folder would be")
        page = pagekeys.keyed_page(text, 2, 1, tmp_path, answer)  # not kept: asked each time
        assert page is not None and pagekeys.keyed_page(text, 2, 1, tmp_path, answer) == page
        assert len(asked) == 2
        assert store.select_iter(page, {})[1] and \
            list(store.select_iter(page, {})[1]) == whole[1:3]
        monkeypatch.setattr(pagekeys, "KEPT_MAX", 10)  # a folder full of key lists
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        assert pagekeys.keyed_page(text, 2, 1, fresh, answer) == page
        assert list((fresh / pagekeys.KEYS).iterdir()) == []
        # a blank node cannot stand in a VALUES block; an engine that cannot answer, neither
        assert pagekeys.keyed_page(text, 2, 1, fresh, lambda _: "?a\n_:b0\n") is None
        assert pagekeys.keyed_page(text, 2, 1, fresh, lambda _: None) is None
        assert pagekeys.keyed_page("SELECT * { ?s ?p ?o }", 2, 1, fresh, answer) is None
        assert pagekeys.keyed_page(text, 2, 1, None, answer) is None  # in memory
    finally:
        store.close()


def test_a_key_sub_select_stands_alone_with_the_prologue():
    keyed = ("PREFIX ex: <http://e/>\nSELECT ?s ?o WHERE {\n  { SELECT ?s WHERE { ?s ex:p \"}\" }"
             " ORDER BY ?s\n    #page: here\n  }\n  ?s ?q ?o }\nORDER BY ?s\n")
    open_, close, alone = key_select(keyed)
    assert keyed[open_] == "{" and keyed[close] == "}" and keyed[open_ + 1:].startswith(" SELECT ?s")
    # without its comments and blank lines: one text for the library's query with its notes
    # (the command line) and without them (the form's examples), so both read one key list
    assert alone == 'PREFIX ex: <http://e/>\n SELECT ?s WHERE { ?s ex:p "}" } ORDER BY ?s\n'
    page = with_keys(keyed, (open_, close), ["s"], [["<http://e/a>"]])
    assert page.startswith("PREFIX ex: <http://e/>\nSELECT ?s ?o WHERE {\n  { VALUES ?s { <http://e/a> } }\n  ?s ?q ?o }")
    assert "VALUES (?a ?b) { (UNDEF 1) }" in with_keys(keyed, (open_, close), ["a", "b"],
                                                       [["UNDEF", "1"]])
    assert key_select("SELECT * { ?s ?p ?o }") is None


@pytest.mark.parametrize("name", sorted(KEYED))
def test_the_page_is_taken_inside_the_key_and_the_whole_order_is_kept(name):
    q, _ = prepare(name, {})
    text = paged(q.text, 100, 200)
    point = paging_point(q.text)
    assert point is not None
    assert text == q.text[:point[0]] + "LIMIT 100 OFFSET 200" + q.text[point[1]:]
    after = mask(text)[mask(text).rfind("}") + 1:].split()  # no page after the final order
    assert "ORDER" in after and "LIMIT" not in after and "OFFSET" not in after
    assert paged(q.text, None, 0) == q.text  # the whole answer: the text as written


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


def test_a_paging_point_is_a_sub_select_s_last_line():
    keyed = ("SELECT ?s ?o WHERE {\n  { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\n"
             "    #page: here\n  }\n  ?s ?q ?o }\nORDER BY ?s\n")
    assert page_of(keyed, 3, 6) == keyed.replace("#page: here", "LIMIT 3 OFFSET 6")
    assert page_of(keyed, None, 6) == keyed.replace("#page: here", "OFFSET 6")
    # a marker in a string, or with no sub-select, no ORDER BY or a LIMIT before it, is not
    # a paging point: the page is appended, as to any query (and the library refuses it)
    for text in ('SELECT ?s WHERE { ?s ?p """\n#page: no\n""" } ORDER BY ?s',
                 "SELECT ?s WHERE { ?s ?p ?o\n#page: no\n} ORDER BY ?s",
                 "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o }\n#page: no\n} }",
                 "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 9\n"
                 "#page: no\n} }",
                 keyed + "# and\n#page: twice\n"):
        assert page_of(text, 3, 6) == text.rstrip() + "\nLIMIT 3\nOFFSET 6\n", text
        if '"""' in text:  # not a comment: no paging point at all
            assert paging_point(text, strict=True) is None
        else:
            with pytest.raises(QueryError, match="#page:"):
                paging_point(text, strict=True)


def test_the_library_refuses_a_misplaced_paging_point(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("#title: Bad\nSELECT DISTINCT ?s WHERE { ?s ?p ?o\n#page: no\n} ORDER BY ?s\n",
                    encoding="utf-8")
    with pytest.raises(QueryError, match="#page:") as caught:
        load_query(path)
    assert "bad.rq" in str(caught.value)


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
