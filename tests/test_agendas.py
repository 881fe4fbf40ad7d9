"""Agendas of the family, as written and as converters leave them: every fact a text states
is in the graph with the public contract's IRIs, and nothing it does not state.

The texts and their facts are in tests/agendas/ (see its README): agendas of five bodies in
four languages, written for the project in the conventions of real ones, with facts written
by hand. Each is built as written, flattened into one paragraph a page with page furniture,
as a web copy with chrome, and cut off at ten points; a cut text states the facts whose
anchor ends before the cut, and the graph must hold those and no others.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from ctocgraph import Reference, build, source_from_path
from ctocgraph.errors import ParseError
from ctocgraph.identifiers import DocumentSymbol, Iris

sys.path.insert(0, str(ROOT / "tests" / "agendas"))
from variants import CHROME, collapse, cut_points, flattened, web_copy

CORPUS = ROOT / "tests" / "agendas"
# Texts whose facts the reader does not give yet in some variants, each with why: they stay
# in the set, as strict expected failures, so the day the reader gives them the suite says so.
GAPS = {
    ("flattened", "cnd/E_CN.7_2020_1_Add.1.fr.txt"):
        "an addendum whose annotation headings are its only statement of the agenda (no list "
        "of items): the items are read from headings that stand as paragraphs of their own, "
        "and a flattened page runs each heading into its text",
    ("flattened", "ctoc-adhoc/A_AC.254_10.en.txt"):
        "an annex whose date cells wrap in their column (\"Wednesday,\" beside the day's first "
        "row, \"28 April\" beside the next): flattened, the weekday ends the previous row and "
        "the date stands inside a row's title, so the rows are reported as not understood",
}
PATHS = sorted(CORPUS.glob("*/*.txt"))


def texts(variant: str) -> list:
    """The texts, each marked as a strict expected failure where GAPS names it for the
    variant."""
    out = []
    for p in PATHS:
        reason = GAPS.get((variant, f"{p.parent.name}/{p.name}"))
        out.append(pytest.param(p, marks=pytest.mark.xfail(reason=reason, strict=True))
                   if reason else p)
    return out
REF = Reference(DATA / "reference")
IRIS = Iris()
CTOC = "https://w3id.org/ctocgraph/ontology#"
DCT = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Fact:
    kind: str
    value: tuple
    end: int | None  # where its anchor ends in the collapsed text; None: stated by the name


def _stem(path: Path) -> tuple[str, str]:
    """(symbol, language) from a name such as CAC_COSP_IRG_2016_1.en.txt or E_CN.15_2016_1.zh.txt."""
    m = re.fullmatch(r"(?P<stem>.+)\.(?P<lang>[a-z]{2})\.txt", path.name)
    assert m, path
    return m.group("stem").replace("_", "/"), m.group("lang")


@cache
def facts(path: Path) -> tuple[list[Fact], dict]:
    """The facts of a text with where each is stated, and the raw facts file."""
    data = tomllib.loads(path.with_suffix(".facts.toml").read_text(encoding="utf-8"))
    text = collapse(path.read_text(encoding="utf-8"))

    def end(anchor: str) -> int:
        a = collapse(anchor)
        at = text.find(a)
        assert at >= 0, f"{path.name}: anchor not in the text: {anchor!r}"
        assert text.find(a, at + 1) < 0, f"{path.name}: anchor twice in the text: {anchor!r}"
        return at + len(a)

    out = []
    s = data.get("session", {})
    if "ordinal" in s:  # the head's line states whether the session is reconvened, special
        out.append(Fact("ordinal", (s["ordinal"], s.get("reconvened", False),
                                    s.get("special", False)), end(s["ordinal_anchor"])))
    for name in ("venue", "opening"):
        if name in s:
            out.append(Fact(name, (s[name],), end(s[f"{name}_anchor"])))
    if "start" in s:
        out.append(Fact("dates", (s["start"], s["end"]), end(s["dates_anchor"])))
    for item in data.get("item", []):
        out.append(Fact("item", (item["number"], item["title"]), end(item["anchor"])))
    for doc in data.get("doc", []):
        out.append(Fact("doc", (doc["symbol"], doc["item"]), end(doc["anchor"])))
    for cite in data.get("cite", []):
        out.append(Fact("cite", (cite["item"], cite["act"]), end(cite["anchor"])))
    for slot in data.get("slot", []):
        out.append(Fact("slot", (slot["date"], slot["start"], slot["end"], slot["item"]),
                        end(slot["anchor"])))
    return out, data


# -- reading the graph ---------------------------------------------------------------------------
class Graph:
    """The triples the text's own graph states, as strings, with the questions the checks ask
    of it (the reference graph's curated facts — a register's dates of the same session — are
    not the text's; validation, on the whole build, holds the two to agree)."""

    def __init__(self, result):
        self.t: set[tuple[str, str, str]] = set()
        for name, g in result.graphs.items():
            if name == IRIS.reference_graph():
                continue
            for s, p, o in g:
                self.t.add((str(s), str(p), str(o)))
        self.result = result

    def objects(self, s: str, p: str) -> set[str]:
        return {o for s2, p2, o in self.t if s2 == s and p2 == p}

    def subjects(self, p: str, o: str) -> set[str]:
        return {s for s, p2, o2 in self.t if p2 == p and o2 == o}


def _key(text: str, language: str) -> str:
    """Titles compared as the texts write them, white space aside (Chinese has none)."""
    return re.sub(r"\s+", "" if language == "zh" else " ", text).strip()


def _item_iri(session: str, number: str) -> str:
    return IRIS.item(session, number)


def _act_iri(act: str) -> str | None:
    issuer, kind, number = act.split(" ")
    return None if issuer == "?" else f"{IRIS.base}{kind}/{issuer}/{number}"


def check(path: Path, text: str, cut: int | None, tmp_path: Path) -> None:
    """Build the text and hold its graph to the facts stated up to ``cut`` (collapsed
    offset; None: the whole text)."""
    symbol, language = _stem(path)
    data_facts, data = facts(path)
    stated = [f for f in data_facts if cut is None or f.end <= cut]
    unstated = [f for f in data_facts if f not in stated]
    file = tmp_path / path.name
    file.write_text(text, encoding="utf-8")
    if not any(f.end is not None for f in stated):
        # cut inside the masthead ("UNITED / NATIONS / Economic and Social Council / Distr."):
        # nothing of an agenda is stated yet, and a text that states nothing of one may be
        # refused as not an agenda, with its file and line named, rather than given facts
        try:
            result = build([source_from_path(file)], REF)
        except ParseError as exc:
            assert "not an annotated provisional agenda" in str(exc) and path.name in str(exc)
            return
    else:
        result = build([source_from_path(file)], REF)
    assert result.validation.conforms, [str(v) for v in result.validation.violations][:5]
    g = Graph(result)
    doc = IRIS.document(DocumentSymbol.parse(symbol))
    sessions = g.objects(doc, CTOC + "agendaOf")
    assert len(sessions) == 1, ("sessions", sessions)
    session = sessions.pop()
    body = data["session"]["body"]
    has = {f.kind: f for f in stated}
    # the session: its IRI is the contract's when the ordinal is stated
    registered = REF.register.session_of_agenda(body, DocumentSymbol.parse(symbol))
    if "ordinal" in has:
        assert session == IRIS.session(body, *has["ordinal"].value), ("session", session)
    elif registered is not None:  # the register names the session this agenda is of
        assert session == IRIS.session(body, registered.ordinal), ("registered", session)
        assert g.objects(session, CTOC + "ordinal") == set(), ("ordinal unstated", session)
    else:
        assert g.objects(session, CTOC + "ordinal") == set(), ("ordinal unstated", session)
    assert g.objects(session, CTOC + "sessionOf") == {IRIS.body(body)}, \
        ("body", g.objects(session, CTOC + "sessionOf"))
    dates = (g.objects(session, CTOC + "startDate"), g.objects(session, CTOC + "endDate"))
    assert dates == (({has["dates"].value[0]}, {has["dates"].value[1]}) if "dates" in has
                     else (set(), set())), ("dates", dates)
    venue = g.objects(session, CTOC + "venue")
    assert venue == ({IRIS.place(has["venue"].value[0])} if "venue" in has else set()), \
        ("venue", venue)
    opening = {o[:16] for o in g.objects(session, CTOC + "openingTime")}
    assert opening == ({has["opening"].value[0]} if "opening" in has else set()), \
        ("opening", opening)
    # items: every one stated, with its title; none that is not listed
    expected_items = {f.value[0]: f for f in data_facts if f.kind == "item"}
    graph_items = g.subjects(CTOC + "itemOf", session)
    numbers = {}
    for i in graph_items:
        (number,) = g.objects(i, CTOC + "itemNumber")
        numbers[number] = i
    assert set(numbers) <= set(expected_items), ("items not stated", set(numbers) - set(expected_items))
    for f in stated:
        if f.kind == "item":
            number, title = f.value
            assert numbers.get(number) == _item_iri(session, number), ("item", number, sorted(numbers))
            titles = {_key(t, language) for t in g.objects(numbers[number], DCT + "title")}
            assert titles == {_key(title, language)}, ("title", number, titles)
    for number, iri in numbers.items():  # a title cut short is a beginning of the title
        title = _key(expected_items[number].value[1], language)
        for t in g.objects(iri, DCT + "title"):
            assert title.startswith(_key(t, language)), ("title beginning", number, t)
    # documents listed before items
    got_docs = {(d.removeprefix(IRIS.base + "document/"), i)
                for d, p, i in g.t if p == CTOC + "documentFor"}
    want_docs = {(f.value[0], _item_iri(session, f.value[1])) for f in stated if f.kind == "doc"}
    all_docs = {(f.value[0], _item_iri(session, f.value[1])) for f in data_facts if f.kind == "doc"}
    assert want_docs <= got_docs, ("documents missing", want_docs - got_docs)
    assert got_docs <= all_docs, ("documents not stated", got_docs - all_docs)
    # acts cited by items and by the text before the agenda
    citing_of = {"": doc} | {n: _item_iri(session, n) for n in expected_items}
    got_cites = set()
    for s, p, o in g.t:
        if p == CTOC + "cites" and (s in citing_of.values()) and \
                ("/resolution/" in o or "/decision/" in o):
            got_cites.add((s, o))
        if p == RDF_TYPE and o == CTOC + "UnresolvedCitation":
            (citing,) = g.objects(s, CTOC + "citing")
            (number,) = g.objects(s, CTOC + "citedNumber")
            (kind,) = g.objects(s, CTOC + "citedKind")
            got_cites.add((citing, f"? {kind} {number}"))

    def cite_key(f: Fact) -> tuple[str, str]:
        item, act = f.value
        return citing_of[item], _act_iri(act) or act

    want = {cite_key(f) for f in stated if f.kind == "cite"}
    everything = {cite_key(f) for f in data_facts if f.kind == "cite"}
    # a text cut between an act's number and its issuer states the act, not who adopted it:
    # kept as an unresolved citation of that number (never given to a body)
    numbered = {(citing_of[f.value[0]], "? " + f.value[1].split(" ", 1)[1])
                for f in data_facts if f.kind == "cite"} if cut is not None else set()
    assert want <= got_cites, ("citations missing", sorted(want - got_cites))
    assert got_cites <= everything | numbered, ("citations not stated",
                                                sorted(got_cites - everything - numbered))
    # the organization of work, row by row
    got_rows = set()
    for slot in g.subjects(CTOC + "slotOf", session):
        (start,) = g.objects(slot, CTOC + "start")
        (end,) = g.objects(slot, CTOC + "end")
        for item in g.objects(slot, CTOC + "scheduledItem"):
            got_rows.add((start[:16], end[11:16], item))

    def row_key(f: Fact) -> tuple[str, str, str]:
        date, start, end, item = f.value
        return f"{date}T{start}", end, _item_iri(session, item)

    want_rows = {row_key(f) for f in stated if f.kind == "slot"}
    all_rows = {row_key(f) for f in data_facts if f.kind == "slot"}
    assert want_rows <= got_rows, ("rows missing", sorted(want_rows - got_rows))
    assert got_rows <= all_rows, ("rows not stated", sorted(got_rows - all_rows))
    # a text that does not give every fact says it is partial, and what it lacks
    expression = IRIS.expression(DocumentSymbol.parse(symbol), language)
    partial = g.objects(expression, CTOC + "partial")
    if unstated:
        assert partial == {"true"}, ("not marked partial", [f.value for f in unstated][:3])
        assert g.objects(expression, CTOC + "missingPart"), "partial without what is missing"
    if cut is None:
        report = "\n".join(result.summaries[0].lines)
        for missing in data.get("missing", []):
            assert missing["what"] in report, ("report does not name", missing["what"])


IDS = [f"{p.parent.name}/{p.name}" for p in PATHS]


@pytest.mark.parametrize("path", texts("written"), ids=IDS)
def test_as_written(path, tmp_path):
    check(path, path.read_text(encoding="utf-8"), None, tmp_path)


@pytest.mark.parametrize("path", texts("flattened"), ids=IDS)
def test_flattened_with_page_furniture(path, tmp_path):
    symbol, language = _stem(path)
    check(path, flattened(path.read_text(encoding="utf-8"), symbol, language), None, tmp_path)


@pytest.mark.parametrize("path", texts("web"), ids=IDS)
def test_web_copy_with_chrome(path, tmp_path):
    _, language = _stem(path)
    check(path, web_copy(path.read_text(encoding="utf-8"), language), None, tmp_path)


@pytest.mark.parametrize("path", texts("written"), ids=IDS)
def test_cut_off_at_ten_points(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    for at in cut_points(text):
        head = text[:at]
        check(path, head, len(collapse(head)), tmp_path)


@pytest.mark.parametrize("path", texts("flattened"), ids=IDS)
def test_flattened_cut_off_at_ten_points(path, tmp_path):
    symbol, language = _stem(path)
    text = flattened(path.read_text(encoding="utf-8"), symbol, language)
    for at in cut_points(text):
        head = text[:at]
        check(path, head, _stated_length(head, symbol), tmp_path)


@pytest.mark.parametrize("path", texts("web"), ids=IDS)
def test_web_copy_cut_off_at_ten_points(path, tmp_path):
    _, language = _stem(path)
    text = web_copy(path.read_text(encoding="utf-8"), language)
    chrome = len(collapse("\n".join(CHROME.get(language, CHROME["en"])[0]))) + 1
    for at in cut_points(text):
        head = text[:at]
        check(path, head, max(0, len(collapse(head)) - chrome), tmp_path)


def _stated_length(flat: str, symbol: str) -> int:
    """How much of the text as written a flattened text cut here holds: its collapsed length
    without the page furniture the flattening added (which is never a fact)."""
    text = re.sub(rf"{re.escape(symbol)} \d+/\d+ |V\.17-\d+ \([A-Z]\) \d+/\d+|"
                  r"V\.17-\d+ \([A-Z]\) \*\d+\*", " ", flat)
    return len(collapse(text))
