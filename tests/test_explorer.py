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
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


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


@pytest.mark.parametrize("view_name", ["full", "governance"])
def test_explorer_in_headless_chromium(browser, built, oxstore, tmp_path, view_name):
    out, _ = built
    html = tmp_path / "explorer.html"
    r = ctocgraph("explore", "--view", view_name, "--store", str(out / "store"), "-o", str(html))
    assert r.returncode == 0, r.stderr
    expected = view(oxstore, view_name, "en")
    page, errors, requests = open_page(browser, html.as_uri())
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
    page.select_option("#session", B + "session/wg-som/7")
    # the filter's style change is applied asynchronously: wait for it, fail if it never comes
    wait_until(page, f"!cy.getElementById('{B}session/wg-som/4').visible()")
    visible = page.evaluate("cy.nodes(':visible').map(n => n.id())")
    assert B + "session/wg-som/7" in visible and B + "session/wg-som/4" not in visible
    page.select_option("#session", "")
    wait_until(page, f"cy.nodes(':visible').length === {expected.number_of_nodes()}")
    ARTIFACTS.mkdir(exist_ok=True)
    page.fill("#search", "7/1")
    page.press("#search", "Enter")
    page.screenshot(path=str(ARTIFACTS / f"explorer-{view_name}.png"))
    assert errors == []
    assert [u for u in requests if u != html.as_uri()] == []
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
