"""The explorer drawn as groups (as a large view is), on the seeds with ``--aggregate always``
so that every count can be checked by hand: groups by kind and scope with counted relations,
drill-down to the most recent members with "N more", a member's links to what is not
expanded drawn to its group, and the command each group shows listing exactly its members.
And the default page with hostile titles (from a real source) shows them as text."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from conftest import ctocgraph
from test_explorer import browser, open_page, wait_until  # noqa: F401  (the shared Chromium fixture)
from test_hostile_pages import ITEM, SCRIPT, hostile, safe  # noqa: F401

B = "https://w3id.org/ctocgraph/id/"


def grouped_page(browser, built, tmp_path, *args: str):  # noqa: F811
    out, _ = built
    html = tmp_path / "explorer.html"
    r = ctocgraph("explore", "--aggregate", "always", *args, "--store", str(out / "store"), "-o", str(html))
    assert r.returncode == 0, r.stderr
    page, errors, requests = open_page(browser, html.as_uri())
    return page, errors, requests, html


def shown_edges(page) -> set[tuple[str, str, str, int]]:
    return {tuple(e) for e in page.evaluate(
        "cy.edges().map(e => [e.source().id(), e.data('relation'), e.target().id(), e.data('n')])")}


def test_groups_count_the_view_and_open_on_the_most_recent(browser, built, tmp_path):  # noqa: F811
    # the seeds' governance view: 2 sessions of wg-som (4: 2017, 7: 2020), 3 items stating
    # mandates (4: 1(b), 2; 7: 1(b)), 5 mandates (7/1 in both 1(b); 8/2 three times in item 2),
    # resolutions 7/1 and 8/2, bodies addressed: cop, secretariat, wg-som; and the session of the
    # Conference that adopted 7/1, from the register (data/reference/register.toml: [[act]]
    # resolution 7/1, session 7): cop 7, alone in its group, so held whole and drawn open
    # (8/2 is not in the register: no adopting session)
    page, errors, requests, html = grouped_page(browser, built, tmp_path, "--members", "1")
    groups = {g["id"]: (g["count"], g["shown"]) for g in page.evaluate("DATA.groups")}
    assert groups == {"group:Session:wg-som": (2, 1), "group:AgendaItem:wg-som": (3, 1),
                      "group:Mandate:wg-som": (5, 1), "group:Resolution:cop": (2, 1),
                      "group:Body:": (3, 1), "group:Session:cop": (1, 1)}
    assert sorted(page.evaluate("DATA.nodes.map(n => n.id)")) == sorted([
        B + "session/wg-som/7", B + "session/wg-som/7/item/1b",
        B + "session/wg-som/7/item/1b/mandate/cop-7-1-1", B + "resolution/cop/8/2", B + "body/wg-som",
        B + "session/cop/7"])
    assert page.evaluate("DATA.groups.filter(g => g.open).map(g => g.id)") == ["group:Session:cop"]
    S, T, M, R, Y = (f"group:{k}" for k in ("Session:wg-som", "AgendaItem:wg-som", "Mandate:wg-som",
                                              "Resolution:cop", "Body:"))
    # cop 7 adopted 7/1, one of the (collapsed) resolutions: one edge, drawn from the session
    assert shown_edges(page) == {(R, "establishes", M, 5), (M, "addressedTo", Y, 6),
                                 (M, "appliesTo", S, 5), (S, "hasItem", T, 3), (R, "governs", S, 3),
                                 (B + "session/cop/7", "adopted", R, 1)}
    # a click on the sessions: session 7 (the most recent) and "… 1 more" (session 4)
    page.evaluate(f"cy.getElementById('{S}').emit('tap')")
    wait_until(page, f"cy.getElementById('{B}session/wg-som/7').length === 1")
    assert page.evaluate(f"cy.getElementById('{S}:more').style('label')") == "… 1 more"
    assert page.evaluate(f"cy.getElementById('{B}session/wg-som/7').style('label')") == "wg-som 7 (2020-09-08)"
    edges = shown_edges(page)
    assert (M, "appliesTo", B + "session/wg-som/7", 1) in edges and (M, "appliesTo", S + ":more", 4) in edges
    # the member's links to what is not expanded go to its group
    assert (B + "session/wg-som/7", "hasItem", T, 1) in edges and (S + ":more", "hasItem", T, 2) in edges
    assert (R, "governs", B + "session/wg-som/7", 1) in edges and (R, "governs", S + ":more", 2) in edges
    panel = page.inner_text("#panel")
    assert "2 Session nodes in the view. The page holds the 1 most recent; 1 more are not in it." in panel
    # the command the panel shows lists them all
    command = page.evaluate(f"GROUPS.get('{S}').command")
    assert command in panel
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # this ctocgraph
    listed = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "PATH": path})
    assert listed.returncode == 0, listed.stderr
    assert "id:session/wg-som/4" in listed.stdout and "id:session/wg-som/7" in listed.stdout
    assert listed.stdout.rstrip().endswith("(2 rows)")
    # what the page does not hold is not found in it, and the way to find it is said
    page.fill("#search", "wg-som 4")
    page.press("#search", "Enter")
    assert "ctocgraph query find --text" in page.inner_text("#status")
    # collapsing it draws the group again
    page.evaluate(f"expandGroup('{S}', false)")
    assert (M, "appliesTo", S, 5) in shown_edges(page)
    assert errors == [] and [u for u in requests if u != html.as_uri()] == []
    page.close()


def test_search_opens_the_group_of_what_it_finds(browser, built, tmp_path):  # noqa: F811
    page, errors, _, _ = grouped_page(browser, built, tmp_path, "--members", "1")
    assert page.inner_text("#filter-name") == "Body"
    assert page.evaluate("expanded.has('group:Resolution:cop')") is False
    page.fill("#search", "8/2")
    page.press("#search", "Enter")
    assert page.evaluate("cy.$(':selected').map(n => n.id())") == [B + "resolution/cop/8/2"]
    assert "Conference of the Parties resolution 8/2" in page.inner_text("#panel")
    assert page.evaluate("expanded.has('group:Resolution:cop')") is True
    assert errors == []
    page.close()


def test_every_command_lists_its_group(built, tmp_path):
    """Each group's command, run as written, lists exactly the group's members (governance;
    for the other views, every node of the kind under the group's IRIs: at least the group)."""
    from ctocgraph import readable
    from ctocgraph.explore import view_edges
    from ctocgraph.identifiers import DEFAULT_BASE
    from ctocgraph.overview import command, group
    from ctocgraph.store import open_store

    out, _ = built
    store = open_store("oxigraph", out / "store")
    for view_name in ("governance", "full"):
        edges = view_edges(store, view_name)
        nodes = sorted({s for s, _, _ in edges} | {o for _, _, o in edges})
        groups = group(readable.kinds(store, nodes), DEFAULT_BASE, lanes=4)  # merges scopes too
        checked = 0
        for g in groups.values():
            text = command(view_name, g, DEFAULT_BASE, "en", str(out / "store"))
            if not text:  # web pages and ontology terms: no class of ours
                assert g.kind in ("Resource", "MandateVerb")
                continue
            words = shlex.split(text)
            assert words[0] == "echo" and words[2:] == ["|", "ctocgraph", "sparql", "--store", str(out / "store"), "-"]
            r = ctocgraph("sparql", "--store", str(out / "store"), "--format", "csv", "-", input=words[1])
            assert r.returncode == 0, r.stderr
            listed = {line.split(",", 1)[0] for line in r.stdout.splitlines()[1:]}
            if view_name == "governance":
                assert listed == set(g.members), g.id
            else:
                assert listed >= set(g.members), g.id
            checked += 1
        assert checked >= 5


def test_the_default_page_shows_hostile_titles_as_text(browser, hostile):  # noqa: F811
    html = hostile / "explorer-default.html"
    r = ctocgraph("explore", "--store", str(hostile / "store"), "-o", str(html))
    assert r.returncode == 0, r.stderr
    page, errors, requests = open_page(browser, html.as_uri())
    assert page.title() == "ctocgraph explorer: governance view"
    assert page.evaluate(f"cy.getElementById('{ITEM}').data('label_en')").count(SCRIPT) == 1
    page.evaluate("id => showPanel(id)", ITEM)
    assert SCRIPT in page.inner_text("#panel") and "$\\frac$" in page.inner_text("#panel")
    safe(page, errors)
    assert [u for u in requests if u != html.as_uri()] == []
    page.close()
