"""The explorer at scale: the default page of a generated corpus loads in headless Chromium
with no console error and no request, says what the corpus holds, and a screenshot goes to
``test-artifacts/`` (git-ignored; the path is printed).

Each corpus is written by ``benchmarks/generate.py`` and built as a user would
(``ctocgraph -q build --jobs 0``) once per module, then deleted. CI runs 1,000 documents;
``CTOCGRAPH_SCALE_SIZES=1000,10000`` adds 10,000 (a 7-minute build, 6 GB), and
``benchmarks/explorer.py`` runs both and holds the load time to the issue's 5 s (the page
loads in about 1 s): a speed target is met in a benchmark, not asserted in a unit test.

What the page says is checked against the generator's own model (``agendas``) and the
register (``data/reference/register.toml``, copied into each corpus), not against the program:
how many sessions a body has, its latest session and date.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest
from conftest import ROOT, ctocgraph
from test_explorer import ARTIFACTS, browser, wait_until  # noqa: F401  (the shared Chromium fixture)

sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import KNOWN, agendas, write_corpus

# 1,000 documents in every run; 10,000 (a 7-minute build) when asked for, as
# benchmarks/explorer.py does, which also holds the load time to the 5 s: a speed
# target is a benchmark's, not a unit test's
SIZES = [int(n) for n in os.environ.get("CTOCGRAPH_SCALE_SIZES", "1000").split(",")]
KEYS = {"CTOC/COP/WG.7": "wg-som", "CTOC/COP/WG.4": "wg-tip", "CTOC/COP/WG.6": "wg-firearms",
        "CTOC/COP/WG.3": "wg-ic", "CTOC/COP/WG.2": "wg-ta"}  # data/reference/bodies.toml
COP_ZH = "联合国打击跨国有组织犯罪公约缔约方会议"  # the Conference's name in data/reference/bodies.toml
# the Conference's resolutions in the register and the session that adopted each
# (data/reference/register.toml, each [[act]] of kind "resolution": number, session)
ADOPTED_AT = {"5/1": 5, "5/3": 5, "5/4": 5, "5/5": 5, "6/1": 6, "6/2": 6, "7/1": 7, "8/3": 8,
              "9/1": 9, "10/1": 10, "12/4": 12}


def adopting_sessions(model) -> set[int]:
    """The Conference's sessions in the governance view: each that adopted a resolution
    governing a generated session. An agenda is governed by the resolution its item 1(b)
    names (``Agenda.resolution``) and by those its items' mandates name ("In its resolution
    {number}, the Conference requested …": ``Item.cites`` of the Conference); the resolution
    such a mandate builds on is only cited."""
    governing = {a.resolution for a in model} | {
        i.cites.split()[1] for a in model for i in a.items if i.cites and i.cites.startswith("cop ")}
    return {ADOPTED_AT[r] for r in governing if r in ADOPTED_AT}


def body_key(series: str) -> str:
    """The body key of a series: the reference data's, or the one read for an unknown body
    (CTOC/COP/WG.10 -> ctoc-cop-wg-10)."""
    return KEYS.get(series) or re.sub(r"[/.]", "-", series).lower()


@pytest.fixture(scope="module", params=SIZES, ids=[f"{n}-documents" for n in SIZES])
def corpus(request, tmp_path_factory):
    count = request.param
    root = tmp_path_factory.mktemp(f"corpus{count}")
    write_corpus(root, count, seed=1)
    started = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "ctocgraph", "-q", "build", "--data", ".", "--jobs", "0",
                        "-o", "out/all.nq"], cwd=root, capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, r.stderr[-2000:]
    print(f"\n{count} documents built in {time.monotonic() - started:.0f} s")
    yield count, root
    shutil.rmtree(root, ignore_errors=True)


def test_the_default_page_at_scale(browser, corpus, tmp_path):  # noqa: F811
    count, root = corpus
    html = tmp_path / f"explorer-{count}.html"
    r = ctocgraph("explore", "--store", str(root / ".ctocgraph" / "store"), "-o", str(html))
    assert r.returncode == 0, r.stderr
    m = re.search(r"governance view: (\d+) nodes, (\d+) edges; (\d+) groups, (\d+) of the nodes in the page; "
                  r"([\d.]+) MB", r.stdout)
    assert m, r.stdout
    nodes, edges, groups, held, megabytes = int(m[1]), int(m[2]), int(m[3]), int(m[4]), float(m[5])
    size = html.stat().st_size
    print(f"{count} documents: {nodes} nodes, {edges} edges; {groups} groups, {held} nodes in the "
          f"page; {size:,} bytes")
    assert nodes > 2000  # a large view: drawn as groups
    assert held <= 25 * groups and size < 3_000_000  # the page holds what it shows, not the corpus

    page = browser.new_page(viewport={"width": 1400, "height": 900})
    errors, requests = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda q: requests.append(q.url))
    started = time.monotonic()
    page.goto(html.as_uri())
    wait_until(page, "window.explorerReady === true", timeout=60)
    seconds = time.monotonic() - started
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"explorer-governance-{count}.png"
    page.screenshot(path=str(shot))
    print(f"{count} documents: the page loaded in {seconds:.2f} s; screenshot {shot}")
    assert errors == [] and [u for u in requests if u != html.as_uri()] == []

    data = page.evaluate("({groups: DATA.groups, edges: DATA.edges.map(e => e[3]).reduce((a, n) => a + n, 0)})")
    assert sum(g["count"] for g in data["groups"]) == nodes and data["edges"] == edges
    assert len(data["groups"]) == groups
    # the generator's model: how many sessions each body has, the latest and its date; and the
    # register's sessions of the Conference that adopted a resolution governing one of them
    model = agendas(-(-count // 2), 1)
    adopting = adopting_sessions(model)
    # 5 to 10: every 5/1 … 11/5 of item 1(b) is drawn among hundreds of agendas (12/4 never is)
    assert adopting == {5, 6, 7, 8, 9, 10}
    sessions = {g["scope"]: g["count"] for g in data["groups"] if g["kind"] == "Session"}
    assert sum(sessions.values()) == len(model) + len(adopting)
    apart = [s for s in sessions if s != "*"]
    assert "cop" in apart  # the lane of the Conference, issuer of the resolutions
    assert len(apart) <= 14 and ("*" in sessions) == (len({a.series for a in model}) > 14)
    for scope in apart:
        own = [a for a in model if body_key(a.series) == scope]
        assert sessions[scope] == (len(adopting) if scope == "cop" else len(own)), scope
    # a body of the generated agendas (the Conference's lane holds only the register's sessions)
    scope = "wg-som" if "wg-som" in apart else next(s for s in apart if s != "cop")
    latest = max((a for a in model if body_key(a.series) == scope), key=lambda a: a.ordinal)
    group = f"group:Session:{scope}"
    page.evaluate(f"cy.getElementById('{group}').emit('tap')")
    wait_until(page, f"expanded.has('{group}')")
    first = page.evaluate(f"DATA.nodes.filter(n => n.group === '{group}')[0].id")
    assert page.evaluate(f"cy.getElementById('{first}').style('label')") == \
        f"{scope} {latest.ordinal} ({latest.start.isoformat()})"
    more = sessions[scope] - 25
    assert page.evaluate(f"cy.getElementById('{group}:more').style('label')") == f"… {more} more"
    # a session's items are not expanded: its link goes to the group of its body's items
    targets = page.evaluate(f"cy.getElementById('{first}').outgoers('edge').map(e => e.target().id())")
    assert f"group:AgendaItem:{scope}" in targets
    page.screenshot(path=str(ARTIFACTS / f"explorer-governance-{count}-{scope}-sessions.png"))
    # the lanes in another language: the Conference, issuer of the resolutions, in Chinese
    page.select_option("#lang", "zh")
    assert page.evaluate("text('lane:cop')") == f"{COP_ZH} (cop)"
    if scope == "wg-som":
        assert page.evaluate("text('lane:wg-som')") == f"{KNOWN[0][2]} (wg-som)"
    # the Body filter keeps one body's groups and what they link to
    page.select_option("#filter", scope)
    other = next(s for s in apart if s not in (scope, "cop"))
    wait_until(page, f"!cy.getElementById('group:Session:{other}').visible()")
    assert page.evaluate(f"cy.getElementById('group:Mandate:{scope}').visible()") is True
    assert errors == []
    page.close()
    (ARTIFACTS / f"explorer-governance-{count}.json").write_text(json.dumps(
        {"documents": count, "nodes": nodes, "edges": edges, "groups": groups, "held": held,
         "bytes": size, "megabytes": megabytes, "load_seconds": round(seconds, 2)}, indent=1) + "\n", encoding="utf-8")
