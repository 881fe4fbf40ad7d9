"""The one store fill (storefill.fill): N-Quads text in any order, cut into parts and pieces,
gives every quad and its triple once in the default graph, as the dump's blocks do."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ctocgraph import storefill

# 4 graphs, a triple stated in two of them, lines not grouped by graph, a literal holding a
# line separator (U+2028) and a space before a full stop, non-ASCII text
LINES = [
    '<x:s1> <x:p> "a" <x:g1> .\n',
    '<x:s1> <x:p> "a" <x:g2> .\n',
    '<x:s2> <x:p> "b\u2028c ." <x:g3> .\n',
    '<x:s3> <x:p> <x:o> <x:g1> .\n',
    '<x:s4> <x:p> "议程"@zh <x:g4> .\n',
    '<x:s5> <x:p> "5"^^<http://www.w3.org/2001/XMLSchema#integer> <x:g2> .\n',
]
TEXT = "".join(LINES)


def _expected(text: str) -> set[ox.Quad]:
    quads = list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    return set(quads) | {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}


@pytest.mark.parametrize(("per_load", "piece"), [(4_000_000, 1 << 20), (2, 1 << 20), (1, 7), (4, 30)])
def test_text_in_parts_and_pieces_fills_graphs_and_their_union(monkeypatch, per_load, piece):
    monkeypatch.setattr(storefill, "_LOAD_QUADS", per_load)
    monkeypatch.setattr(storefill, "_PIECE", piece)
    parts = storefill.text_parts(TEXT)
    # at most ceil(6 lines / per_load) parts (cut by characters, so two cuts may fall in one
    # long line), each of whole lines, together the text
    assert 1 <= len(parts) <= -(-len(LINES) // per_load)
    texts = [b"".join(p(False)).decode("utf-8") for p in parts]
    assert "".join(texts) == TEXT and all(t.endswith(" .\n") for t in texts)
    if per_load == 1:
        assert len(parts) > 1
    db = ox.Store()
    storefill.fill(db, parts)
    assert set(db) == _expected(TEXT)
    assert len(db) == 6 + 5  # six quads; five distinct triples (s1 p "a" stated twice)


def test_the_union_alone():
    db = ox.Store()
    storefill.fill(db, storefill.text_parts(TEXT), graphs=False)
    assert set(db) == {q for q in _expected(TEXT) if isinstance(q.graph_name, ox.DefaultGraph)}


def test_nothing_to_fill():
    assert storefill.text_parts("") == []
