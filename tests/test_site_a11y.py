"""Accessibility of the site's record pages: axe-core (from npm, tests/js, installed by
scripts/setup-system.sh with ``npm ci``) run inside each page in Debian's headless Chromium
finds no serious or critical violation on a session, a body, a resolution and a document page,
in English, Chinese and Arabic; a screenshot of each goes to test-artifacts/. Also, over every
page of the site: one h1, headings in order, a strict Content-Security-Policy that allows the
page's own style and script by their hashes; on the record views every text carries its
language and direction; a session page prints as its agenda on one A4 page."""

from __future__ import annotations

import io
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from conftest import ROOT
from test_explorer import ARTIFACTS, browser  # noqa: F401  (the shared Chromium fixture)
from test_site_pages import WG_SOM_4, site  # noqa: F401  (the site of the seeds)

from ctocgraph.escape import csp_hash

AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {  # the record pages the issue names: one of each class people look up
    "session": "session/wg-som/7",
    "body": "body/wg-som",
    "resolution": "resolution/cop/7/1",
    "document": "document/CTOC/COP/WG.7/2020/2",
}


@pytest.fixture(scope="module")
def axe_page(browser):  # noqa: F811
    assert AXE.is_file(), "axe-core is installed by scripts/setup-system.sh (npm ci in tests/js)"
    # axe is added by the browser before the page's own scripts (an init script is not
    # subject to the page's Content-Security-Policy, which rightly forbids any other script)
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.add_init_script(path=str(AXE))
    yield context
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh", "ar"])
@pytest.mark.parametrize("kind", sorted(PAGES))
def test_no_serious_or_critical_accessibility_violation(axe_page, site, kind, lang):  # noqa: F811
    page = axe_page.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "doc" / f"{PAGES[kind]}.html").as_uri())
    page.click(f'button[data-show="{lang}"]')
    assert page.evaluate("typeof axe") == "object"
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
             for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert found == []
    # the checks ran: colour contrast, names of links, language attributes, headings …
    ran = {r["id"] for key in ("passes", "incomplete", "inapplicable") for r in result.get(key, [])} \
        | {v["id"] for v in result["violations"]}
    assert {"color-contrast", "link-name", "html-has-lang", "valid-lang", "list", "th-has-data-cells"} <= ran
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-{kind}-{lang}.png"), full_page=False)
    assert errors == []
    page.close()


def test_visible_focus(axe_page, site):  # noqa: F811
    """A link reached with the keyboard is outlined."""
    page = axe_page.new_page()
    page.goto((site / "doc" / "session" / "wg-som" / "4.html").as_uri())
    page.keyboard.press("Tab")  # the skip link, shown when focused
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    style = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert style == "3px"
    page.close()


def test_a_session_prints_as_its_agenda_on_one_page(axe_page, site):  # noqa: F811
    from pdfminer.high_level import extract_text
    from pdfminer.pdfpage import PDFPage

    page = axe_page.new_page()
    page.goto((site / "doc" / "session" / "wg-som" / "4.html").as_uri())
    page.click('button[data-show="en"]')
    pdf = page.pdf(format="A4")
    page.close()
    assert len(list(PDFPage.get_pages(io.BytesIO(pdf)))) == 1
    printed = " ".join(unicodedata.normalize("NFKC", extract_text(io.BytesIO(pdf))).split())  # ﬁ: fi
    for _number, title in WG_SOM_4["en"]:
        assert " ".join(title.split()[:4]) in printed, title  # long titles wrap: their start
    assert "Organization of work" in printed
    assert "Statements" not in printed and "Linked from" not in printed and "Provenance" not in printed


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.csp = ""
        self.inline: dict[str, list[str]] = {"script": [], "style": []}
        self.record_texts: list[dict[str, str | None]] = []
        self._in: str | None = None
        self._depth = 0  # inside div.record

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.csp = a.get("content") or ""
        if tag in self.inline:
            self._in = tag
            self.inline[tag].append("")
        if tag == "div" and (a.get("class") or "").startswith("record"):
            self._depth = 1
        elif self._depth and tag == "div":
            self._depth += 1
        if self._depth and "lang" in a:
            self.record_texts.append(a)

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None
        if tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._in:
            self.inline[self._in][-1] += data


def test_every_page_has_one_h1_headings_in_order_and_a_strict_policy(site):  # noqa: F811
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 400
    with_records = 0
    for path in pages:
        outline = _Outline()
        outline.feed(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(site))
        assert outline.headings.count(1) == 1 and outline.headings[0] == 1, name
        assert all(b <= a + 1 for a, b in zip(outline.headings, outline.headings[1:], strict=False)), \
            (name, outline.headings)
        csp = outline.csp
        assert "unsafe-inline" not in csp and "default-src 'none'" in csp, name
        for kind, directive in (("script", "script-src"), ("style", "style-src")):
            allowed = re.search(directive + r" ([^;]*)", csp).group(1).split()
            assert outline.inline[kind] and all(csp_hash(t) in allowed for t in outline.inline[kind]), name
        if outline.record_texts:
            with_records += 1
            assert all(a.get("dir") in ("ltr", "rtl") and (a["dir"] == "rtl") == (a["lang"] == "ar")
                       for a in outline.record_texts), name
    assert with_records > 50  # sessions, bodies, acts, documents
