"""Safe builds: killed at random moments, a build leaves the previous graph and store intact
and usable; the same source twice adds nothing; removing a source removes only its graph."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

from conftest import DATA, ctocgraph

from ctocgraph import Reference, build, source_from_path
from ctocgraph.serialize import nquads
from ctocgraph.store import OxigraphStore, dump_path

A = str(DATA / "sources" / "CTOC_COP_WG.7_2020_1.zh.txt")
B = str(DATA / "sources" / "CTOC_COP_WG.7_2020_1.en.txt")


def state(out, store):
    """The output file and what the store answers, or an assertion error if either is broken."""
    text = out.read_text(encoding="utf-8")
    s = OxigraphStore(store)
    dump = dump_path(store).read_text(encoding="utf-8")
    assert len(s) == dump.count("\n")
    return text, dump


def test_twenty_builds_killed_at_random_points(tmp_path):
    out, store = tmp_path / "graph.nq", tmp_path / "store"
    good = {}
    for src in (A, B):  # the two known-good results
        r = ctocgraph("build", src, "-o", str(out), "--store", str(store))
        assert r.returncode == 0, r.stderr
        good[src] = state(out, store)
    rng = random.Random(20261122)
    start = time.monotonic()
    ctocgraph("build", A, "-o", str(out), "--store", str(store))
    duration = time.monotonic() - start
    kills = 0
    for i in range(20):
        src = B if i % 2 == 0 else A
        proc = subprocess.Popen([sys.executable, "-m", "ctocgraph", "build", src, "-o", str(out),
                                 "--store", str(store)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        # each of the two is whole: the output file is one of the two known files and the store
        # one of the two known stores. They are switched by two renames back to back, so a kill
        # between them can leave the new file beside the old store; the next build makes them
        # agree again (asserted below).
        text, dump = state(out, store)
        assert text in {t for t, _ in good.values()}, f"output broken after kill {i}"
        assert dump in {d for _, d in good.values()}, f"store broken after kill {i}"
        r = ctocgraph("build", src, "-o", str(out), "--store", str(store))
        assert r.returncode == 0, r.stderr
        assert state(out, store) == good[src]
    assert kills >= 10  # most builds really were interrupted
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".store-tmp-")]
    assert leftovers == []  # interrupted loads were cleaned up by later builds


def test_the_same_source_twice_adds_nothing():
    ref = Reference(DATA / "reference")
    once = build([source_from_path(DATA / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt")], ref)
    twice = build([source_from_path(DATA / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt")] * 2, ref)
    assert nquads(once.dataset) == nquads(twice.dataset)
    assert len(twice.records) == 1


def test_removing_a_source_removes_its_graph_and_nothing_else(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    store = tmp_path / "store"
    assert ctocgraph("build", "--data", str(data), "--store", str(store), "-o",
                     str(tmp_path / "a.nq")).returncode == 0
    before = (tmp_path / "a.nq").read_text(encoding="utf-8").splitlines()
    manifest = (data / "manifest.toml").read_text(encoding="utf-8")
    entries = manifest.split("[[source]]")
    kept = [e for e in entries if "2020_1.en.txt" not in e]
    (data / "manifest.toml").write_text("[[source]]".join(kept), encoding="utf-8")
    r = ctocgraph("build", "--data", str(data), "--store", str(store), "-o", str(tmp_path / "b.nq"))
    assert r.returncode == 0, r.stderr
    after = (tmp_path / "b.nq").read_text(encoding="utf-8").splitlines()
    removed = set(before) - set(after)
    assert set(after) <= set(before)
    assert removed and all(q.endswith("<https://w3id.org/ctocgraph/id/graph/CTOC/COP/WG.7/2020/1/en> .")
                           for q in removed)
    assert dump_path(store).read_text(encoding="utf-8").splitlines() == after


def test_old_versions_are_moved_aside_at_once_and_deleted_in_the_background(tmp_path):
    """The current and the previous version stay; an older one is renamed out of the way by
    the switch (no build can reuse it half deleted) and removed by a detached process, with
    the trash a killed process left."""
    from ctocgraph.store import load

    store = tmp_path / "store"
    leftover = tmp_path / ".store-trash-0123abcd"  # as a prune killed mid-way leaves it
    (leftover / "oxigraph").mkdir(parents=True)
    versions = []
    for n in range(3):
        load(f"<x:s> <x:p> \"{n}\" <x:g> .\n", store)
        versions.append(store.resolve().name)
        mine = sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith("-trash-0123abcd"))
        names = [p for p in mine if "-trash-" not in p]
        # the versions, and the file whose lock serialises builds of this store
        assert names == sorted([".store.lock", "store", *versions[-2:]]), mine  # the oldest is gone or trash
    deadline = time.monotonic() + 60
    while any("-trash-" in p.name for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([".store.lock", "store", *versions[-2:]])
    assert OxigraphStore(store).select("SELECT ?o { GRAPH ?g { ?s ?p ?o } }", {})[1][0]["o"].value == "2"


def test_the_link_a_failed_build_staged_goes_with_the_next_switch(tmp_path):
    """A build stages a link to its version and renames it over the store's at its switch;
    one that failed or was killed before the switch leaves the link, which the next switch
    removes unless the build that made it is still running."""
    from ctocgraph.store import load

    store = tmp_path / "store"
    load("<x:s> <x:p> \"0\" <x:g> .\n", store)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    failed, running = tmp_path / f".store-link-{dead}", tmp_path / f".store-link-{os.getppid()}"
    for link in (failed, running):
        os.symlink(store.resolve().name, link)
    load("<x:s> <x:p> \"1\" <x:g> .\n", store)
    assert not failed.is_symlink() and running.is_symlink()
    assert OxigraphStore(store).select("SELECT ?o { GRAPH ?g { ?s ?p ?o } }", {})[1][0]["o"].value == "1"


def test_without_an_interpreter_to_start_old_versions_are_deleted_in_place(tmp_path, monkeypatch):
    """Where no Python can be started for the background deletion (an embedded interpreter),
    the switch deletes the old version itself rather than failing after the build."""
    from ctocgraph.store import load

    store = tmp_path / "store"
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    for n in range(3):
        load(f"<x:s> <x:p> \"{n}\" <x:g> .\n", store)
    names = sorted(p.name for p in tmp_path.iterdir() if p.name != ".store.lock")
    assert len(names) == 3 and "store" in names and not any("-trash-" in n for n in names)
