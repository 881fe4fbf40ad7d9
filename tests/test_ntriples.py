"""The one N-Triples writer (``ntriples.literal_nt``, used for every source's block) against
rdflib's, term kind by term kind: plain, language-tagged and typed text, integers, booleans,
dates, times and date-times, with any Unicode text (quotes, backslashes, line breaks,
carriage returns, separators, controls)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row

from ctocgraph.ntriples import Lit
from ctocgraph.ntriples import literal_nt as _literal

S, P = URIRef("https://w3id.org/ctocgraph/id/x"), URIRef("https://w3id.org/ctocgraph/ontology#p")
GYEAR = URIRef("http://www.w3.org/2001/XMLSchema#gYear")


def rdflib_object(value, lang=None, datatype=None) -> str:
    """The object of the row rdflib's N-Triples serializer writes for this literal."""
    row = _nt_row((S, P, Literal(value, lang=lang, datatype=datatype)))
    return row[len(f"{S.n3()} {P.n3()} "):-len(" .\n")]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(), st.sampled_from([None, "en", "zh", "ar", "fr"]))
def test_text_plain_and_tagged(text, lang):
    assert _literal(Lit(text, lang)) == rdflib_object(text, lang)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text())
def test_text_typed(text):
    assert _literal(Lit(text, None, GYEAR)) == rdflib_object(text, datatype=GYEAR)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.one_of(st.integers(-10**12, 10**12), st.booleans(), st.dates(), st.times(),
                 st.datetimes(min_value=dt.datetime(1900, 1, 1))))
def test_numbers_booleans_dates_and_times(value):
    assert _literal(Lit(value)) == rdflib_object(value)
