"""Store versions under concurrency: two real builds racing on one store, in a loop, both
succeed one after the other and leave a store that opens; a version a reader holds is never
deleted; a running server follows each build, pages and queries alike, with no error."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.parse

from conftest import DATA, ctocgraph
from test_endpoint_attacks import start_server
from test_server import fetch

from ctocgraph.store import OxigraphStore, dump_path

ZH = str(DATA / "sources" / "CTOC_COP_WG.7_2020_1.zh.txt")  # session wg-som/7 only
EN = str(DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt")  # session wg-som/4 only
OTHER = str(DATA / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt")
# the sessions the built agendas announce (the register's sessions are in every version)
SESSIONS = "SELECT DISTINCT ?s WHERE { ?i <https://w3id.org/ctocgraph/ontology#itemOf> ?s }"


def build(source: str, tmp_path, store, name: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ctocgraph", "build", source, "--store", str(store),
                             "-o", str(tmp_path / f"{name}.nq")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_builds_racing_on_one_store_in_a_loop(tmp_path):
    store = tmp_path / "store"
    assert ctocgraph("build", OTHER, "--store", str(store), "-o", str(tmp_path / "first.nq")).returncode == 0
    reader = OxigraphStore(store)  # holds a third version for the whole loop
    held = reader.version
    dumps = {}
    waited = 0
    for i in range(6):
        racing = [build(ZH, tmp_path, store, "zh"), build(EN, tmp_path, store, "en")]
        for proc in racing:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            waited += "waiting for another build" in err
        for name in ("zh", "en"):
            dumps[name] = (tmp_path / f"{name}.nq").read_text(encoding="utf-8")
        now = OxigraphStore(store)  # opens: the link points at a complete version
        dump = dump_path(store).read_text(encoding="utf-8")
        assert len(now) == dump.count("\n") and dump in dumps.values(), f"store broken in round {i}"
        now.close()
    assert waited >= 1  # the builds really met: one waited for the other
    assert held is not None and held.is_dir()  # never deleted while a reader holds it …
    assert reader.select(SESSIONS, {})[1][0]["s"].value.endswith("wg-som/4")
    assert store.resolve() != held  # … though neither current nor previous
    reader.close()
    ctocgraph("build", EN, "--store", str(store), "-o", str(tmp_path / "last.nq"))
    ctocgraph("build", ZH, "--store", str(store), "-o", str(tmp_path / "last.nq"))
    deadline = time.monotonic() + 60
    while held.is_dir() and time.monotonic() < deadline:  # let go, it goes with a later build
        time.sleep(0.1)
    assert not held.is_dir()


def sessions(url: str) -> set[str]:
    status, _, body = fetch(url + "/sparql?" + urllib.parse.urlencode({"query": SESSIONS}),
                            "application/sparql-results+json")
    assert status == 200, body
    return {b["s"]["value"].rsplit("/", 2)[-2] + "/" + b["s"]["value"].rsplit("/", 1)[-1]
            for b in json.loads(body)["results"]["bindings"]}


def test_the_server_follows_each_build(tmp_path):
    store = tmp_path / "store"
    assert ctocgraph("build", ZH, "--store", str(store), "-o", str(tmp_path / "a.nq")).returncode == 0
    proc, url = start_server(store, tmp_path / "log.txt", "--workers", "1")
    errors: list[str] = []
    stop = threading.Event()

    def keep_asking() -> None:  # pages both versions have, all through the rebuilds
        while not stop.is_set():
            for path in ("/doc/body/wg-som.html", "/id/body/wg-som", "/"):
                status, _, _ = fetch(url + path, "text/html")
                if status not in (200, 303):
                    errors.append(f"{path}: {status}")
            if sessions(url) not in ({"wg-som/7"}, {"wg-som/4"}):
                errors.append(f"mixed answer {sessions(url)}")

    asker = threading.Thread(target=keep_asking)
    asker.start()
    try:
        assert sessions(url) == {"wg-som/7"}
        for source, expected, absent in ((EN, "wg-som/4", "7"), (ZH, "wg-som/7", "4"), (EN, "wg-som/4", "7")):
            assert ctocgraph("build", source, "--store", str(store), "-o", str(tmp_path / "b.nq")).returncode == 0
            deadline = time.monotonic() + 90
            while sessions(url) != {expected} and time.monotonic() < deadline:
                time.sleep(0.2)
            assert sessions(url) == {expected}  # the queries follow the build …
            assert fetch(url + f"/doc/session/{expected}.html")[0] == 200  # … and so do the pages
            assert fetch(url + f"/doc/session/wg-som/{absent}.html")[0] == 404
    finally:
        stop.set()
        asker.join()
        proc.terminate()
        proc.wait(timeout=20)
    assert errors == []
    assert "now serving" in (tmp_path / "log.txt").read_text(encoding="utf-8")
