"""Document symbols, resolution numbers and the IRI patterns of DESIGN.md."""

from __future__ import annotations

import pytest

from ctocgraph.errors import SymbolError
from ctocgraph.identifiers import DocumentSymbol, Iris, ProvisionRef, ResolutionRef


@pytest.mark.parametrize("text", [
    "CTOC/COP/WG.7/2017/2", "CTOC/COP/WG.8/2016/2", "CTOC/COP/2020/CRP.1", "A/RES/71/1",
    "E/CN.15/2019/L.1/Add.1", "E/RES/2014/23", "CTOC/COP/WG.4/2023/INF/1", "A/75/123/Rev.2",
    "CTOC/COP/2018/13/Corr.1",
])
def test_well_formed_symbols(text):
    assert DocumentSymbol.parse(text).value == text


@pytest.mark.parametrize("text", ["7/1", "ctoc/cop/1", "CTOC//COP", "CTOC", "CTOC/COP/", "/A/1"])
def test_malformed_symbols(text):
    with pytest.raises(SymbolError):
        DocumentSymbol.parse(text)


def test_symbol_broken_across_lines_is_rejoined():
    assert DocumentSymbol.parse("CTOC/COP/ \nWG.7/2020/3").value == "CTOC/COP/WG.7/2020/3"


def test_series_and_file_names():
    s = DocumentSymbol.parse("CTOC/COP/WG.7/2017/1")
    assert s.series == "CTOC/COP/WG.7"
    assert s.filename_stem == "CTOC_COP_WG.7_2017_1"
    assert DocumentSymbol.parse("E/CN.15/2019/L.1").series == "E/CN.15"


def test_resolution_symbols():
    assert DocumentSymbol.parse("A/RES/71/1").as_resolution() == ResolutionRef("ga", "71/1")
    assert DocumentSymbol.parse("E/RES/2014/23").as_resolution() == ResolutionRef("ecosoc", "2014/23")
    assert DocumentSymbol.parse("CTOC/COP/WG.7/2017/2").as_resolution() is None


@pytest.mark.parametrize(("text", "expected"), [
    ("7/1", ResolutionRef("cop", "7/1")), ("cop:7/1", ResolutionRef("cop", "7/1")),
    ("ga:71/1", ResolutionRef("ga", "71/1")), ("ecosoc:2014/23", ResolutionRef("ecosoc", "2014/23")),
    ("decision:cop:9/1", ResolutionRef("cop", "9/1", "decision")),
])
def test_resolution_parse(text, expected):
    assert ResolutionRef.parse(text) == expected


@pytest.mark.parametrize("text", ["7", "7/1/2", "a:b:7/1", "7/1 } ;", ""])
def test_resolution_parse_rejects(text):
    with pytest.raises(SymbolError):
        ResolutionRef.parse(text)


def test_iri_patterns_of_the_design():
    iris = Iris()
    base = "https://w3id.org/ctocgraph/id/"
    session = iris.session("wg-som", 4)
    assert session == base + "session/wg-som/4"
    assert iris.item(session, "1") == base + "session/wg-som/4/item/1"
    assert iris.item(session, "1(a)") == base + "session/wg-som/4/item/1a"
    sym = DocumentSymbol.parse("CTOC/COP/WG.7/2017/2")
    assert iris.document(sym) == base + "document/CTOC/COP/WG.7/2017/2"
    assert iris.expression(sym, "zh") == base + "document/CTOC/COP/WG.7/2017/2/zh"
    assert iris.act(ResolutionRef("cop", "7/1")) == base + "resolution/cop/7/1"
    assert iris.act(ResolutionRef("ga", "71/1")) == base + "resolution/ga/71/1"
    assert iris.act(ResolutionRef("ecosoc", "2014/23")) == base + "resolution/ecosoc/2014/23"
    assert iris.body("cop-extended-bureau") == base + "body/cop-extended-bureau"
    assert iris.provision(ProvisionRef("som-protocol", 6, 1, "a")) == \
        base + "instrument/som-protocol/art/6/para/1/subpara/a"
    assert Iris("http://example.org/kg").session("cop", 11) == "http://example.org/kg/session/cop/11"
