"""Hostile titles and URLs, from a real agenda source through a real build, in every output a
browser or a spreadsheet opens: the explorer, the static site and the query form in headless
Chromium (nothing injected runs, no CSP violation, the text is shown as written), the timeline
SVG and the CSV exports (formulas neutralised, or kept with --raw)."""

from __future__ import annotations

import csv
import io
import urllib.parse
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import DATA, ctocgraph
from test_endpoint_attacks import start_server
from test_explorer import browser, open_page  # noqa: F401  (the shared Chromium fixture)

B = "https://w3id.org/ctocgraph/id/"
SCRIPT = "</script><script>window.pwned=1</script>"
PAYLOAD = ('=HYPERLINK("http://x.example") $\\frac$ <!--<script> __COLORS__ __GRAPH__ '
           f"{SCRIPT} <img src=x onerror=window.pwned=2> '\"><svg onload=window.pwned=3> questionnaire")
URL = "http://x.example/'onfocus='window.pwned=4'autofocus='/undocs.org/A/RES/71/1"
ITEM = B + "session/wg-som/4/item/2"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The English 2017 agenda with the payload in item 2's title and the footnote's link."""
    root = tmp_path_factory.mktemp("hostile")
    text = (DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt").read_text(encoding="utf-8")
    assert text.count("Development of a questionnaire") == 4 and text.count("http://undocs.org/A/RES/71/1") == 1
    text = text.replace("Development of a questionnaire", PAYLOAD).replace("http://undocs.org/A/RES/71/1", URL)
    source = root / "CTOC_COP_WG.7_2017_1.en.txt"
    source.write_text(text, encoding="utf-8")
    r = ctocgraph("build", str(source), "--store", str(root / "store"), "-o", str(root / "out.nq"))
    assert r.returncode == 0, r.stderr
    dump = (root / "out.nq").read_text(encoding="utf-8")
    assert "window.pwned=1" in dump and "pwned=4" in dump  # the payload is in the data
    return root


def safe(page, errors) -> None:
    page.wait_for_timeout(300)  # autofocus and onload handlers would have run by now
    assert page.evaluate("window.pwned") is None
    assert page.evaluate("document.querySelectorAll('[onfocus],[onerror],[onload],[autofocus]').length") == 0
    assert errors == []  # a blocked inline script would be a CSP error here


def test_the_explorer_shows_hostile_data_as_text(browser, hostile):  # noqa: F811
    html = hostile / "explorer.html"
    r = ctocgraph("explore", "--view", "full", "--store", str(hostile / "store"), "-o", str(html))
    assert r.returncode == 0, r.stderr
    page, errors, requests = open_page(browser, html.as_uri())
    assert page.title() == "ctocgraph explorer: full view"  # no placeholder replaced by data
    assert page.evaluate(f"cy.getElementById('{ITEM}').data('label_en')").count(SCRIPT) == 1
    # the tap handler itself (a tap emitted on a node takes Chromium seconds here)
    page.evaluate("id => showPanel(cy.getElementById(id))", ITEM)
    assert SCRIPT in page.inner_text("#panel") and "$\\frac$" in page.inner_text("#panel")
    safe(page, errors)
    page.evaluate("id => showPanel(cy.getElementById(id))", B + "resolution/ga/71/1")
    links = page.evaluate("[...document.querySelectorAll('#panel a[data-id]')].map(a => a.dataset.id)")
    assert URL in links  # the link to the URL's node holds it as data, whole
    safe(page, errors)
    page.evaluate("url => [...document.querySelectorAll('#panel a[data-id]')]"
                  ".find(a => a.dataset.id === url).click()", URL)  # on to the URL's node
    assert page.evaluate("document.querySelector('#panel a[href]').getAttribute('href')") == URL
    safe(page, errors)
    assert [u for u in requests if u != html.as_uri()] == []
    page.close()


def test_the_site_shows_hostile_data_as_text(browser, hostile):  # noqa: F811
    site = hostile / "site"
    assert ctocgraph("site", str(site), "--store", str(hostile / "store")).returncode == 0
    page, errors = browser.new_page(), []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "doc" / "session" / "wg-som" / "4" / "item" / "2.html").as_uri())
    assert SCRIPT in page.inner_text("h1") and "$\\frac$" in page.inner_text("h1")
    safe(page, errors)
    # the session's record view: the title in its agenda list and its organization of work
    page.goto((site / "doc" / "session" / "wg-som" / "4.html").as_uri())
    assert SCRIPT in page.inner_text("ol.agenda") and SCRIPT in page.inner_text("table.work")
    safe(page, errors)
    page.goto((site / "doc" / "resolution" / "ga" / "71" / "1.html").as_uri())
    hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert URL in hrefs
    safe(page, errors)
    page.close()


def test_the_query_form_shows_hostile_results_as_text(browser, hostile, tmp_path):  # noqa: F811
    proc, url = start_server(hostile / "store", tmp_path / "log.txt")
    try:
        page, errors = browser.new_page(), []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        query = "SELECT ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }"
        page.goto(url + "/sparql?format=html&query=" + urllib.parse.quote(query))
        assert SCRIPT in page.inner_text("#results")
        safe(page, errors)
        page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_the_timeline_svg_holds_hostile_titles_as_text(browser, hostile):  # noqa: F811
    svg = hostile / "timeline.svg"
    r = ctocgraph("timeline", "--store", str(hostile / "store"), "-o", str(svg))
    assert r.returncode == 0, r.stderr  # "$\frac$" would have been read as broken mathematics
    texts = "".join(ET.parse(svg).getroot().itertext())  # well-formed XML
    assert '2. =HYPERLINK("http://x.example") $\\frac$ <!--<script>' in texts  # topics are clipped
    page, errors = browser.new_page(), []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(svg.as_uri())
    safe(page, errors)
    page.close()


@pytest.mark.parametrize("raw", [False, True])
def test_csv_cells_that_would_run_as_formulas_are_neutralised(hostile, tmp_path, raw):
    out = tmp_path / "view.csv"
    extra = ["--raw"] if raw else []
    r = ctocgraph("export", "full", "--format", "csv", "-o", str(out), "--store", str(hostile / "store"), *extra)
    assert r.returncode == 0, r.stderr
    nodes = list(csv.DictReader(io.StringIO(out.with_name("view.nodes.csv").read_text(encoding="utf-8"))))
    titles = [n["label_en"] for n in nodes if PAYLOAD in n["label_en"]]
    assert titles, "the hostile title is exported"
    starts = {t[:2] for t in titles if t.lstrip("'").startswith("=")}
    assert starts == ({"=H"} if raw else {"'="})
    query = "SELECT ?t WHERE { ?s <http://purl.org/dc/terms/title> ?t }"
    for fmt in ("csv", "tsv"):
        r = ctocgraph("sparql", "-", "--format", fmt, "--store", str(hostile / "store"), *extra, input=query)
        assert r.returncode == 0, r.stderr
        rows = list(csv.reader(io.StringIO(r.stdout), delimiter="," if fmt == "csv" else "\t"))
        first = {row[0][:2] for row in rows[1:] if PAYLOAD in row[0]}
        assert first == ({"=H"} if raw else {"'="})
    numbers = ctocgraph("sparql", "-", "--format", "csv", "--store", str(hostile / "store"),
                        input='SELECT ?n WHERE { VALUES ?n { -3 "+7" "-2.5e3" "@x" } }')
    assert numbers.stdout.split() == ["n", "-3", "+7", "-2.5e3", "'@x"]  # numbers stay numbers


def test_the_escaper_keeps_links_to_http(tmp_path: Path):
    from ctocgraph.escape import href, script_json

    assert href("javascript:alert(1)") is None and href(" data:text/html,x") is None
    assert href("https://x.example/a'b\"c") == "https://x.example/a&#39;b&#34;c"
    assert "<" not in script_json({"t": "</script><!--"}) and "'" not in script_json("'")
