"""`build --jobs`: the same graph, byte for byte, made in worker processes with a cache by
content hash; a changed source is parsed again and nothing else."""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from conftest import DATA, ctocgraph

from ctocgraph import literals

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def report(stdout: str) -> list[str]:
    return [ln for ln in stdout.splitlines() if not ln.startswith(("cache:", "wrote", "loaded"))]


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def test_parallel_build_equals_the_ordinary_build(tmp_path):
    plain = ctocgraph("build", "-o", str(tmp_path / "plain.nq"), "--no-store")
    fast = ctocgraph("build", "--jobs", "2", "-o", str(tmp_path / "fast.nq"),
                     "--store", str(tmp_path / "s" / "store"))
    assert plain.returncode == 0 and fast.returncode == 0, fast.stderr
    assert (tmp_path / "fast.nq").read_bytes() == (tmp_path / "plain.nq").read_bytes()
    assert report(fast.stdout) == report(plain.stdout)
    assert "cache: 0 of 8 sources unchanged" in fast.stdout
    again = ctocgraph("build", "--jobs", "2", "-o", str(tmp_path / "again.nq"),
                      "--store", str(tmp_path / "s" / "store"))
    assert "cache: 8 of 8 sources unchanged" in again.stdout
    assert (tmp_path / "again.nq").read_bytes() == (tmp_path / "plain.nq").read_bytes()
    q = ctocgraph("query", "governance", "--store", str(tmp_path / "s" / "store"))
    assert q.returncode == 0 and "(2 rows)" in q.stdout


def test_a_changed_source_is_parsed_again_and_the_result_follows_it(tmp_path):
    data = copy_data(tmp_path)
    store = str(tmp_path / "s" / "store")
    assert ctocgraph("build", "--data", str(data), "--jobs", "2", "-o", str(tmp_path / "a.nq"),
                     "--store", store).returncode == 0
    source = data / "sources" / "CTOC_COP_WG.7_2020_1.en.txt"
    old = hashlib.sha256(source.read_bytes()).hexdigest()
    text = source.read_text(encoding="utf-8").replace("Other matters", "Any other business")
    source.write_text(text, encoding="utf-8")
    manifest = data / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        old, hashlib.sha256(source.read_bytes()).hexdigest()), encoding="utf-8")
    fast = ctocgraph("build", "--data", str(data), "--jobs", "2", "-o", str(tmp_path / "b.nq"),
                     "--store", store)
    assert fast.returncode == 0, fast.stderr
    assert "cache: 7 of 8 sources unchanged" in fast.stdout
    plain = ctocgraph("build", "--data", str(data), "-o", str(tmp_path / "c.nq"), "--no-store")
    assert plain.returncode == 0, plain.stderr
    assert (tmp_path / "b.nq").read_bytes() == (tmp_path / "c.nq").read_bytes()
    assert '"Any other business"@en' in (tmp_path / "b.nq").read_text(encoding="utf-8")


def test_generated_corpus_gives_the_same_bytes(tmp_path):
    from generate import write_corpus

    write_corpus(tmp_path / "corpus", 16, seed=3)
    args = ["build", "--data", str(tmp_path / "corpus"), "--no-store"]
    assert ctocgraph(*args, "-o", str(tmp_path / "p.nq")).returncode == 0
    r = ctocgraph(*args, "--jobs", "2", "--no-cache", "-o", str(tmp_path / "f.nq"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "f.nq").read_bytes() == (tmp_path / "p.nq").read_bytes()


def test_jobs_writes_n_quads_only(tmp_path):
    r = ctocgraph("build", "--jobs", "2", "-o", str(tmp_path / "x.trig"), "--no-store")
    assert r.returncode == 2 and "give an output ending in .nq" in r.stderr
    r = ctocgraph("build", "--jobs", "2", "--dump", "model", "-o", str(tmp_path / "x.nq"))
    assert r.returncode == 2 and "--dump" in r.stderr


def test_the_union_holds_each_triple_of_every_graph_once():
    from ctocgraph import build
    from ctocgraph.manifest import load_manifest
    from ctocgraph.reference import Reference
    from ctocgraph.serialize import nquads, union_ntriples

    result = build(load_manifest(DATA), Reference(DATA / "reference"))
    lines = union_ntriples(nquads(result.graphs)).splitlines()
    expected = {ln for g in result.graphs.values()
                for ln in g.serialize(format="nt").splitlines() if ln.strip()}
    assert len(lines) == len(set(lines)) == len(expected)
    assert set(lines) == expected
    assert len(expected) < sum(len(g) for g in result.graphs.values())  # some facts repeat


def test_a_rebuild_updates_the_store_in_place_and_equals_a_whole_load(tmp_path):
    import pyoxigraph as ox

    from ctocgraph.store import load_with_union

    data = copy_data(tmp_path)
    store = tmp_path / "s" / "store"
    args = ["--data", str(data), "--jobs", "2", "--store", str(store)]
    first = ctocgraph("build", *args, "-o", str(tmp_path / "a.nq"))
    assert first.returncode == 0 and "graphs replaced" not in first.stdout
    source = data / "sources" / "CTOC_COP_WG.7_2017_1.en.txt"
    old = hashlib.sha256(source.read_bytes()).hexdigest()
    source.write_text(source.read_text(encoding="utf-8").replace("Other matters", "Any other business"),
                      encoding="utf-8")
    manifest = data / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        old, hashlib.sha256(source.read_bytes()).hexdigest()), encoding="utf-8")
    again = ctocgraph("build", *args, "-o", str(tmp_path / "b.nq"))
    assert again.returncode == 0, again.stderr
    assert "(1 of 9 graphs replaced)" in again.stdout
    plain = ctocgraph("build", "--data", str(data), "-o", str(tmp_path / "c.nq"), "--no-store")
    assert (tmp_path / "b.nq").read_bytes() == (tmp_path / "c.nq").read_bytes()
    assert report(again.stdout) == report(plain.stdout)
    updated = ox.Store.read_only(str(store.resolve() / "oxigraph"))
    fresh = ox.Store()
    load_with_union(fresh, (tmp_path / "c.nq").read_text(encoding="utf-8"))
    assert set(updated) == set(fresh)
    # the literal index was updated with the delta: it holds every literal of the new data
    index = store.resolve() / literals.INDEX
    held = set(literals.containing(index, "", 10**7) or [])
    assert literals.literal_terms((tmp_path / "c.nq").read_text(encoding="utf-8")) <= held
    assert literals.containing(index, "any OTHER business", 10)
    q = ctocgraph("query", "find", "-p", "text=Any other business", "--store", str(store))
    assert q.returncode == 0 and "Any other business" in q.stdout


def test_two_stores_side_by_side_keep_each_other(tmp_path):
    """Pruning old versions of ``store`` must not touch ``store-b``'s folders."""
    b = tmp_path / "store-b"
    assert ctocgraph("build", "--jobs", "2", "-o", str(tmp_path / "b.nq"), "--store", str(b)).returncode == 0
    for _ in range(2):  # the second build switches versions and prunes
        r = ctocgraph("build", "--lang", "en" if _ else "zh", "-o", str(tmp_path / "a.nq"),
                      "--store", str(tmp_path / "store"))
        assert r.returncode == 0, r.stderr
    q = ctocgraph("query", "governance", "--store", str(b))
    assert q.returncode == 0 and "(2 rows)" in q.stdout
