"""The HTML explorer in a real headless Chromium (Debian's, installed by
scripts/setup-system.sh): it loads offline with no console error and no network request,
renders every node of its view, and its search, panel and session filter work."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, ctocgraph

from ctocgraph.export import cytoscape
from ctocgraph.views import view

ARTIFACTS = ROOT / "test-artifacts"
B = "https://w3id.org/ctocgraph/id/"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# (--disable-dev-shm-usage: the renderer's shared memory in /tmp, not /dev/shm, as containers
# advise; a full run of the suite crashed a renderer twice, 2026-12-06)
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium is installed by scripts/setup-system.sh"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll an expression from Python: the page's CSP (rightly) forbids the eval that
    Playwright's own polling uses."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(50)


def open_page(browser, url):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    wait_until(page, "window.cy !== undefined && cy.nodes().length > 0")
    return page, errors, requests


def explore(built, tmp_path, *args: str) -> Path:
    out, _ = built
    html = tmp_path / "explorer.html"
    r = ctocgraph("explore", *args, "--store", str(out / "store"), "-o", str(html))
    assert r.returncode == 0, r.stderr
    return html


def labels(page) -> dict[str, str]:
    """Each node's label as drawn."""
    return dict(page.evaluate("cy.nodes().map(n => [n.id(), n.style('label')])"))


def set_language(page, lang: str) -> None:
    page.select_option("#lang", lang)
    wait_until(page, f"document.getElementById('lang').value === '{lang}'")


@pytest.mark.parametrize("view_name", ["full", "governance"])
def test_explorer_in_headless_chromium(browser, built, oxstore, tmp_path, view_name):
    html = explore(built, tmp_path, "--view", view_name)
    expected = view(oxstore, view_name, "en")
    page, errors, requests = open_page(browser, html.as_uri())
    assert page.title() == f"ctocgraph explorer: {view_name} view"
    assert page.evaluate("DATA.grouped") is False  # a few hundred nodes: every one drawn
    assert page.evaluate("cy.nodes().length") == expected.number_of_nodes()
    assert page.evaluate("cy.nodes(':visible').length") == expected.number_of_nodes()
    assert page.evaluate("cy.edges().length") == expected.number_of_edges()
    page.fill("#search", "7/1")
    page.press("#search", "Enter")
    selected = page.evaluate("cy.$(':selected').map(n => n.id())")
    assert B + "resolution/cop/7/1" in selected
    page.fill("#search", "偷运移民问题工作组")
    page.press("#search", "Enter")
    assert B + "body/wg-som" in page.evaluate("cy.$(':selected').map(n => n.id())")
    page.evaluate(f"cy.getElementById('{B}resolution/cop/7/1').emit('tap')")
    assert f"{B}resolution/cop/7/1" in page.inner_text("#panel")
    assert page.inner_text("#filter-name") == "Session"
    page.select_option("#filter", B + "session/wg-som/7")
    # the filter's style change is applied asynchronously: wait for it, fail if it never comes
    wait_until(page, f"!cy.getElementById('{B}session/wg-som/4').visible()")
    visible = page.evaluate("cy.nodes(':visible').map(n => n.id())")
    assert B + "session/wg-som/7" in visible and B + "session/wg-som/4" not in visible
    page.select_option("#filter", "")
    wait_until(page, f"cy.nodes(':visible').length === {expected.number_of_nodes()}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.fill("#search", "7/1")
    page.press("#search", "Enter")
    page.screenshot(path=str(ARTIFACTS / f"explorer-{view_name}.png"))
    assert errors == []
    assert [u for u in requests if u != html.as_uri()] == []
    page.close()


def test_the_default_view_is_governance_with_readable_names(browser, built, tmp_path):
    """Sessions by body, ordinal and date, items by number and title, mandates by verb and
    act, in the language asked or, marked, in another; never an IRI fragment."""
    html = explore(built, tmp_path)
    page, errors, _ = open_page(browser, html.as_uri())
    assert page.title() == "ctocgraph explorer: governance view"
    drawn = labels(page)
    # "Vienna, 11–13 September 2017"; "Adoption of the agenda and organization of work"; "In its
    # resolution 8/2, the Conference decided …" (CTOC/COP/WG.7/2017/1, English)
    assert drawn[B + "session/wg-som/4"] == "wg-som 4 (2017-09-11)"
    assert drawn[B + "session/wg-som/7"] == "wg-som 7 (2020-09-08)"
    # the session that adopted resolution 7/1, from the register (data/reference/register.toml:
    # [[session]] cop 7, start 2014-10-06; [[act]] resolution 7/1, session 7): named the same way
    assert drawn[B + "session/cop/7"] == "cop 7 (2014-10-06)"
    # a long name is drawn with its start and its end, and is whole in the panel
    assert drawn[B + "session/wg-som/4/item/1b"] == "wg-som 4 · 1(b) Adoption of the agenda an…zation of work"
    assert page.evaluate(f"text('{B}session/wg-som/4/item/1b')") == \
        "wg-som 4 · 1(b) Adoption of the agenda and organization of work"
    assert drawn[B + "session/wg-som/4/item/2/mandate/cop-8-2-1"] == \
        "decides · Conference of the Parties resolution 8/2"
    assert drawn[B + "body/wg-som"] == "Working Group on the Smuggling of Migrants"
    set_language(page, "zh")
    drawn = labels(page)
    assert drawn[B + "session/wg-som/4/item/2/mandate/cop-8-2-1"] == "决定 · 缔约方会议第 8/2 号决议"
    assert drawn[B + "body/wg-som"] == "偷运移民问题工作组"
    assert drawn[B + "session/wg-som/7/item/1b"] == "wg-som 7 · 1(b) 通过议程和工作安排"
    set_language(page, "fr")
    drawn = labels(page)
    # the French 2020 agenda: « Adoption de l'ordre du jour et organisation des travaux »
    assert page.evaluate(f"text('{B}session/wg-som/7/item/1b')") == \
        "wg-som 7 · 1(b) Adoption de l'ordre du jour et organisation des travaux"
    assert drawn[B + "body/wg-som"] == "Groupe de travail sur le trafic illicite de migrants"
    # no French text of 2017, no French name of a verb or an act: English, marked
    assert drawn[B + "session/wg-som/4/item/1b"].endswith(" [en]")
    assert drawn[B + "session/wg-som/4/item/2/mandate/cop-8-2-1"] == \
        "decides · Conference of the Parties resolution 8/2 [en]"
    page.evaluate(f"showPanel('{B}session/wg-som/4/item/2/mandate/cop-8-2-1')")
    assert "No Français name in the graph: shown in English." in page.inner_text("#panel")
    assert page.evaluate("[...document.querySelectorAll('#lang option')].map(o => o.value)") == \
        ["en", "zh", "fr", "es", "ru", "ar"]
    set_language(page, "ar")
    assert labels(page)[B + "body/wg-som"] == "الفريق العامل المعني بتهريب المهاجرين"
    # every edge carries its relation (shown on hover, or when zoomed in); "adopted" joins the
    # Conference's seventh session to resolution 7/1 (the register, above), the one act governing
    # a seed session that the register lists (8/2, cited in 2017, is not in it)
    assert sorted(set(page.evaluate("cy.edges().map(e => e.style('label'))"))) == \
        ["addressedTo", "adopted", "appliesTo", "establishes", "governs", "hasItem"]
    assert page.evaluate(f"cy.getElementById('{B}session/cop/7').edgesTo("
                         f"'[id = \"{B}resolution/cop/7/1\"]').map(e => e.style('label'))") == ["adopted"]
    assert errors == []
    page.close()


def test_full_view_names_no_node_by_an_iri_fragment(browser, built, tmp_path):
    """The issue's "82-98", "3-3" and "ontology#encourages": a span is named by its document,
    language and lines, a verb by its label."""
    import re

    html = explore(built, tmp_path, "--view", "full")
    page, errors, _ = open_page(browser, html.as_uri())
    drawn = labels(page)
    assert not [t for t in drawn.values() if re.fullmatch(r"\d+-\d+", t) or "ontology#" in t]
    assert drawn[B + "document/CTOC/COP/WG.7/2017/1/en/lines/126-138"] == "CTOC/COP/WG.7/2017/1 [en] lines 126–138"
    assert drawn["https://w3id.org/ctocgraph/ontology#decides"] == "decides"
    assert errors == []
    page.close()


def test_cytoscape_export_loads_in_cytoscape_js(browser, oxstore, tmp_path):
    """The Cytoscape JSON is accepted by Cytoscape.js itself, element for element."""
    g = view(oxstore, "documents", "en")
    library = (ROOT / "src" / "ctocgraph" / "vendor" / "cytoscape-3.34.4.min.js").read_text(encoding="utf-8")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_content(f"<html><body><script>{library}</script></body></html>")
    counts = page.evaluate("""data => { const cy = cytoscape({headless: true, elements: data.elements});
        return [cy.nodes().length, cy.edges().length,
                cy.edges().filter(e => e.source().length && e.target().length).length]; }""",
                           json.loads(json.dumps(cytoscape(g))))
    assert counts == [g.number_of_nodes(), g.number_of_edges(), g.number_of_edges()]
    assert errors == []
