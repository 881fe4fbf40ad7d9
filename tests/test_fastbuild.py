"""`build --jobs`: the same graph, byte for byte, made in worker processes with a cache by
content hash; a changed source is parsed again and nothing else."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
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


def test_jobs_only_sets_the_workers(tmp_path):
    """One build path: with or without --jobs, any output format, --dump and pyshacl give the
    same bytes."""
    for fmt in ("trig", "ttl"):
        one = ctocgraph("build", "-o", str(tmp_path / f"one.{fmt}"), "--no-store", "--no-cache")
        two = ctocgraph("build", "--jobs", "2", "-o", str(tmp_path / f"two.{fmt}"), "--no-store",
                        "--no-cache")
        assert one.returncode == two.returncode == 0, two.stderr
        assert (tmp_path / f"one.{fmt}").read_bytes() == (tmp_path / f"two.{fmt}").read_bytes()
    dumps = [ctocgraph("build", *jobs, "--dump", "model", "--no-cache").stdout
             for jobs in ((), ("--jobs", "2"))]
    assert dumps[0] == dumps[1] and dumps[0].startswith("[")
    py = ctocgraph("build", "--jobs", "2", "--validator", "pyshacl", "-o", str(tmp_path / "p.trig"),
                   "--no-store", "--no-cache")
    assert py.returncode == 0 and "SHACL: conforms (0 results)" in py.stdout
    assert (tmp_path / "p.trig").read_bytes() == (tmp_path / "one.trig").read_bytes()


def test_the_union_holds_each_triple_of_every_graph_once():
    """The store's default graph, as the one store fill makes it from the seeds' dump, is
    the set of the named graphs' triples (rdflib's N-Triples of each graph, independently)."""
    import pyoxigraph as ox

    from ctocgraph import build
    from ctocgraph.manifest import load_manifest
    from ctocgraph.reference import Reference
    from ctocgraph.serialize import nquads
    from ctocgraph.storefill import fill, text_parts

    result = build(load_manifest(DATA), Reference(DATA / "reference"))
    db = ox.Store()
    fill(db, text_parts(nquads(result.graphs)))
    union = [f"{q.subject} {q.predicate} {q.object} ."
             for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    expected = {ln for g in result.graphs.values()
                for ln in g.serialize(format="nt").splitlines() if ln.strip()}
    assert len(union) == len(set(union)) == len(expected)
    assert set(union) == expected
    assert len(expected) < sum(len(g) for g in result.graphs.values())  # some facts repeat


def test_a_rebuild_updates_the_store_in_place_and_equals_a_whole_load(tmp_path):
    import pyoxigraph as ox

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
    assert set(updated) == _graphs_and_union((tmp_path / "c.nq").read_text(encoding="utf-8"))
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


def change(data: Path, name: str, old_text: str, new_text: str) -> None:
    """Edit a source of the copied data folder and its manifest digest."""
    source = data / "sources" / name
    old = hashlib.sha256(source.read_bytes()).hexdigest()
    text = source.read_text(encoding="utf-8")
    assert old_text in text
    source.write_text(text.replace(old_text, new_text), encoding="utf-8")
    manifest = data / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        old, hashlib.sha256(source.read_bytes()).hexdigest()), encoding="utf-8")


def drop(data: Path, name: str) -> None:
    """Remove a source from the copied data folder's manifest."""
    import re

    manifest = data / "manifest.toml"
    entries = manifest.read_text(encoding="utf-8").split("[[source]]")
    kept = [e for e in entries if not re.search(rf'file = "sources/{re.escape(name)}"', e)]
    assert len(kept) == len(entries) - 1
    manifest.write_text("[[source]]".join(kept), encoding="utf-8")


def test_canonical_n_quads_hold_one_sorted_block_per_graph(tmp_path):
    """Graphs in name order, each graph's lines sorted and contiguous: the order a rebuild
    relies on to copy unchanged graphs as bytes."""
    from ctocgraph.serialize import split_quad

    assert ctocgraph("build", "--no-store", "-o", str(tmp_path / "a.nq")).returncode == 0
    lines = (tmp_path / "a.nq").read_text(encoding="utf-8").split("\n")[:-1]
    names = [split_quad(ln)[1] for ln in lines]
    runs = [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]
    assert runs == sorted(set(names)) and len(runs) == 9
    for name in runs:
        block = [ln for ln in lines if split_quad(ln)[1] == name]
        assert block == sorted(block)


def test_graph_block_orders_bytes_as_the_text_form_orders_lines():
    """The bytes of a block equal the text path's lines for literals that differ only in a
    language tag or datatype, non-ASCII text, and a line separator inside a literal."""
    from ctocgraph.serialize import graph_block, sorted_nquads

    nt = ("<x:s> <x:p> \"x\"@en .\n<x:s> <x:p> \"x\" .\n<x:s> <x:p> \"x\"^^<x:d> .\n"
          "<x:s> <x:p> \"会议\u2028第二行\" .\n<x:s> <x:p> \"é\" .\n<x:s> <x:p> \"z\" .\n"
          "_:b12 <x:p> <x:o> .\n_:b1 <x:p> <x:o> .\n<x:s> <x:p> \"x\" .\n")
    text = sorted_nquads([("<x:g>", nt)])
    assert graph_block("<x:g>", nt.encode("utf-8")) == text.encode("utf-8")
    assert text.count("\n") == 8 and "\u2028" in text


def test_a_rebuild_after_a_source_goes_and_comes_back(tmp_path):
    """Graphs that leave or join are replaced in place, and the output still equals the
    ordinary build's; a build of the graphs of the previous version makes it current again."""
    data = copy_data(tmp_path)
    store = tmp_path / "s" / "store"
    args = ["--data", str(data), "--jobs", "2", "--store", str(store)]

    def plain_equals(name: str, rebuilt: subprocess.CompletedProcess[str]) -> None:
        assert rebuilt.returncode == 0, rebuilt.stderr
        plain = ctocgraph("build", "--data", str(data), "--no-store", "-o", str(tmp_path / "p.nq"))
        assert (tmp_path / name).read_bytes() == (tmp_path / "p.nq").read_bytes()
        assert report(rebuilt.stdout) == report(plain.stdout)

    assert ctocgraph("build", *args, "-o", str(tmp_path / "a.nq")).returncode == 0
    first = store.resolve()
    manifest = (data / "manifest.toml").read_text(encoding="utf-8")
    drop(data, "CTOC_COP_WG.7_2020_1.zh.txt")
    gone = ctocgraph("build", *args, "-o", str(tmp_path / "b.nq"))
    assert "(1 of 8 graphs replaced)" in gone.stdout
    plain_equals("b.nq", gone)
    (data / "manifest.toml").write_text(manifest, encoding="utf-8")
    back = ctocgraph("build", *args, "-o", str(tmp_path / "c.nq"))
    assert store.resolve() == first and "graphs replaced" not in back.stdout
    plain_equals("c.nq", back)
    drop(data, "CTOC_COP_WG.7_2020_1.zh.txt")
    assert ctocgraph("build", *args, "-o", str(tmp_path / "d.nq")).returncode == 0
    (data / "manifest.toml").write_text(manifest, encoding="utf-8")
    change(data, "CTOC_COP_WG.7_2017_1.en.txt", "Other matters", "Any other business")
    both = ctocgraph("build", *args, "-o", str(tmp_path / "e.nq"))
    assert "(2 of 9 graphs replaced)" in both.stdout  # one came back, one changed
    plain_equals("e.nq", both)
    q = ctocgraph("query", "find", "-p", "text=Any other business", "--store", str(store))
    assert q.returncode == 0 and "Any other business" in q.stdout


def test_an_unchanged_rebuild_keeps_the_version_and_the_bytes(tmp_path):
    store = tmp_path / "s" / "store"
    args = ["--jobs", "2", "--store", str(store)]
    assert ctocgraph("build", *args, "-o", str(tmp_path / "a.nq")).returncode == 0
    version = store.resolve()
    again = ctocgraph("build", *args, "-o", str(tmp_path / "b.nq"))
    assert again.returncode == 0 and "SHACL: conforms" in again.stdout
    assert store.resolve() == version
    assert (tmp_path / "b.nq").read_bytes() == (tmp_path / "a.nq").read_bytes()


def test_a_damaged_dump_is_not_trusted(tmp_path):
    """A previous dump whose size is not the one its build.json records is not copied from:
    the rebuild is whole and still right."""
    data = copy_data(tmp_path)
    store = tmp_path / "s" / "store"
    args = ["--data", str(data), "--jobs", "2", "--store", str(store)]
    assert ctocgraph("build", *args, "-o", str(tmp_path / "a.nq")).returncode == 0
    dump = store.resolve() / "dataset.nq"
    dump.chmod(0o644)
    dump.write_bytes(dump.read_bytes()[:-100])
    change(data, "CTOC_COP_WG.7_2017_1.en.txt", "Other matters", "Any other business")
    again = ctocgraph("build", *args, "-o", str(tmp_path / "b.nq"))
    assert again.returncode == 0 and "graphs replaced" not in again.stdout
    plain = ctocgraph("build", "--data", str(data), "--no-store", "-o", str(tmp_path / "c.nq"))
    assert plain.returncode == 0
    assert (tmp_path / "b.nq").read_bytes() == (tmp_path / "c.nq").read_bytes()


def test_the_output_is_a_read_only_link_and_an_edit_through_it_is_noticed(tmp_path):
    """The output shares the store version's dump; an edit through it that keeps the size
    makes the next build whole instead of copying edited bytes."""
    data = copy_data(tmp_path)
    store = tmp_path / "s" / "store"
    out = tmp_path / "a.nq"
    args = ["--data", str(data), "--jobs", "2", "--store", str(store), "-o", str(out)]
    assert ctocgraph("build", *args).returncode == 0
    dump = store.resolve() / "dataset.nq"
    assert out.samefile(dump) and not out.stat().st_mode & 0o222
    out.chmod(0o644)
    text = out.read_text(encoding="utf-8")
    assert "Other matters" in text and "Other mattres" not in text
    with out.open("r+", encoding="utf-8") as fh:  # in place, as an editor keeping links does
        fh.write(text.replace("Other matters", "Other mattres"))
    change(data, "CTOC_COP_WG.7_2017_1.en.txt", "Provisional agenda", "Provisional agenda ")
    again = ctocgraph("build", *args)
    assert again.returncode == 0 and "graphs replaced" not in again.stdout
    plain = ctocgraph("build", "--data", str(data), "--no-store", "-o", str(tmp_path / "p.nq"))
    assert plain.returncode == 0
    assert out.read_bytes() == (tmp_path / "p.nq").read_bytes()
    assert "Other mattres" not in out.read_text(encoding="utf-8")


def test_coverage_and_strict_read_what_the_ordinary_build_reads(tmp_path):
    """``--coverage`` needs every record (read from the cache on a rebuild); ``--strict``
    fails on a line not understood, as the ordinary build does."""
    data = copy_data(tmp_path)
    store = str(tmp_path / "s" / "store")
    args = ["--data", str(data), "--coverage"]
    plain = ctocgraph("build", *args, "--no-store", "-o", str(tmp_path / "p.nq"))
    first = ctocgraph("build", *args, "--jobs", "2", "--store", store, "-o", str(tmp_path / "a.nq"))
    again = ctocgraph("build", *args, "--jobs", "2", "--store", store, "-o", str(tmp_path / "b.nq"))
    assert "cache: 8 of 8 sources unchanged" in again.stdout
    assert plain.stdout.count("coverage of sources/") == 8
    assert report(first.stdout) == report(again.stdout) == report(plain.stdout)
    change(data, "CTOC_COP_WG.7_2020_1.zh.txt", " 临时议程 \n", " 临时议程 \n\n这一行不属于任何项目 \n")
    loose = ctocgraph("build", "--data", str(data), "--jobs", "2", "--store", store,
                      "-o", str(tmp_path / "c.nq"))
    assert loose.returncode == 0 and "这一行不属于任何项目" in loose.stdout
    strict = ctocgraph("build", "--data", str(data), "--jobs", "2", "--store", store, "--strict",
                       "-o", str(tmp_path / "d.nq"))
    assert strict.returncode == 1 and not (tmp_path / "d.nq").exists()


def test_the_n_triples_writer_equals_rdflib_on_every_seed_and_on_awkward_text(records, reference):
    """``to_ntriples`` formats terms itself (rdflib's term checks were a fifth of mapping):
    its rows are exactly rdflib's, on every seed record and on a title with quotes,
    backslashes, line breaks, a carriage return and a U+2028."""
    from dataclasses import replace

    from ctocgraph.identifiers import Iris
    from ctocgraph.mapping import to_ntriples, to_rdf

    iris = Iris()
    seeds = list(records.values())
    awkward = replace(seeds[0], title='a "quoted" \\ back\\slash\nnew\rline\u2028sep \t tab')
    for record in [*seeds, awkward]:
        name, text = to_ntriples(record, iris, reference, "official")
        g = to_rdf(record, iris, reference, "official")
        assert name == g.identifier.n3()
        rows = text.split("\n")
        assert rows.pop() == "" and len(rows) == len(set(rows))
        assert set(rows) == {ln for ln in g.serialize(format="nt").split("\n") if ln}
    assert '\\"quoted\\" \\\\ back\\\\slash\\nnew\\rline\u2028sep \t tab"@' in text


def test_a_workers_block_and_terms_equal_those_read_from_the_n_triples(records, reference,
                                                                      tmp_path):
    """``to_block`` makes the canonical block and the literal terms from the mapped rows
    instead of reading the N-Triples text again: the same bytes and terms, on every seed, on
    awkward text, and on 40 generated documents."""
    import sys
    from dataclasses import replace

    from ctocgraph.build import parse_source
    from ctocgraph.identifiers import Iris
    from ctocgraph.manifest import load_manifest
    from ctocgraph.mapping import to_block, to_ntriples
    from ctocgraph.serialize import graph_block

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from generate import write_corpus

    write_corpus(tmp_path, 40, seed=5)
    generated = [parse_source(s, reference) for s in load_manifest(tmp_path)]
    seeds = list(records.values())
    awkward = replace(seeds[0], title='a "quoted" \\ back\\slash\nnew\rline\u2028sep \t tab',
                      start_date=None)
    iris = Iris()
    for record in [*seeds, awkward, *generated]:
        name, text = to_ntriples(record, iris, reference, "rendition")
        assert to_block(record, iris, reference, "rendition") == (
            name, graph_block(name, text.encode("utf-8")), literals.literal_terms(text))


def test_the_literal_index_is_whole_when_the_cache_lost_its_entries(tmp_path):
    """A whole load takes each graph's literal terms from its cache entry, or from the dump
    where the entry is gone (the cache deleted, or retired by another program): here three of
    eight sources change after the cache was deleted, so five graphs come from the previous
    version with no entry, and the index equals a fresh build's."""
    import sqlite3

    def index(store: Path) -> list[tuple[str, str]]:
        with sqlite3.connect(store.resolve() / literals.INDEX) as db:
            return db.execute("SELECT term, folded FROM literal ORDER BY term").fetchall()

    data = copy_data(tmp_path)
    first = tmp_path / "a" / "store"

    def build(store: Path) -> subprocess.CompletedProcess[str]:
        r = ctocgraph("build", "--data", str(data), "--jobs", "2", "--store", str(store),
                      "-o", str(store.parent / "out.nq"))
        assert r.returncode == 0, r.stderr
        return r

    build(first)
    shutil.rmtree(first.parent / "cache")
    manifest = data / "manifest.toml"
    for name in ("CTOC_COP_WG.7_2020_1.en.txt", "CTOC_COP_WG.7_2020_1.fr.txt",
                 "CTOC_COP_WG.7_2020_1.es.txt"):
        source = data / "sources" / name
        old = hashlib.sha256(source.read_bytes()).hexdigest()
        source.write_bytes(source.read_bytes() + b"\n")
        manifest.write_text(manifest.read_text(encoding="utf-8").replace(
            old, hashlib.sha256(source.read_bytes()).hexdigest()), encoding="utf-8")
    again = build(first)
    assert "cache: 5 of 8 sources unchanged" in again.stdout
    assert "graphs replaced" not in again.stdout  # a whole load, not an update in place
    fresh = tmp_path / "b" / "store"
    build(fresh)
    assert index(first) == index(fresh)
    assert len(index(first)) > 500


def test_a_store_bulk_loaded_in_many_batches_equals_one_load(tmp_path, monkeypatch, sources, reference):
    """The bulk load goes in batches of neighbouring blocks (Oxigraph holds one call's input
    in memory): with batches of a few hundred quads (each graph a batch of its own), every quad
    of the dump and of its union is in the store, nothing else."""
    import pyoxigraph as ox

    from ctocgraph import fastbuild, storefill

    monkeypatch.setattr(storefill, "_LOAD_QUADS", 300)
    batches: list[tuple[int, dict]] = []
    real = storefill._batches

    def counted(blocks):  # type: ignore[no-untyped-def]
        batches.extend(real(blocks))
        return list(batches)

    monkeypatch.setattr(storefill, "_batches", counted)
    built = fastbuild.build_text(sources, reference, jobs=1, store=tmp_path / "store")
    assert len(batches) == 9  # the reference data and 8 sources, each a batch
    assert built.staged is not None
    dump = built.dump.read_text(encoding="utf-8")
    built.staged.switch()
    del built
    loaded = ox.Store.read_only(str((tmp_path / "store").resolve() / "oxigraph"))
    assert set(loaded) == _graphs_and_union(dump)


def _graphs_and_union(nquads: str) -> set:
    """What a store filled with ``nquads`` holds, made without the fill: every quad, and its
    triple once in the default graph."""
    import pyoxigraph as ox

    quads = list(ox.parse(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
    assert quads and all(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads)
    return set(quads) | {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}


def _settled(folder: Path) -> list[str]:
    """The names in ``folder`` once the background deletion has taken what was retired, less
    the parsed manifest kept there (a file beside the program folders)."""
    deadline = time.monotonic() + 60
    while any("trash" in p.name for p in folder.parent.iterdir() if p.name.startswith(".")) \
            or any(p.name.startswith(".trash-") for p in folder.iterdir()):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    return sorted(p.name for p in folder.iterdir()
                  if not (p.name.startswith("manifest-") and p.name.endswith(".marshal")))


def test_the_cache_keeps_one_program_and_retires_the_others(tmp_path):
    """Entries are kept per program (code, tables, reference data, base): a build by another
    program starts its own folder and the others go, in the background, with the flat
    folder of entries an older ctocgraph left. Nothing else beside the cache is touched."""
    store = tmp_path / "s" / "store"
    cache = store.parent / "cache"
    cache.mkdir(parents=True)
    for name in ("0" * 64 + ".nq", "0" * 64 + ".summary"):  # the layout before generations
        (cache / name).write_text("old", encoding="utf-8")
    (tmp_path / "s" / "notes.txt").write_text("mine", encoding="utf-8")

    def build(*extra: str) -> list[str]:
        r = ctocgraph("build", "--jobs", "2", "--store", str(store), "-o",
                      str(tmp_path / "out.nq"), *extra)
        assert r.returncode == 0, r.stderr
        return _settled(cache)

    first = build()
    # an entry per source of the manifest: 2017 in zh and en, 2020 in the six languages
    assert len(first) == 1 and len(list((cache / first[0]).glob("*.entry"))) == 8
    assert build() == first  # the same program: the same folder, every source a hit
    other = build("--base", "https://example.org/id/")
    assert len(other) == 1 and other != first
    assert len(list((cache / other[0]).glob("*.entry"))) == 8
    assert sorted(p.name for p in (tmp_path / "s").iterdir() if not p.name.startswith(".")) \
        == ["cache", "notes.txt", "store"]


def test_a_cut_short_or_foreign_cache_entry_is_made_again(tmp_path):
    """An entry is written whole and renamed into place; one cut short (a full disk, a copy
    interrupted) or not an entry at all is a miss: its source is parsed again, to the same
    bytes."""
    data = copy_data(tmp_path)
    store = tmp_path / "s" / "store"
    first = ctocgraph("build", "--data", str(data), "--jobs", "2", "--store", str(store),
                      "-o", str(tmp_path / "a.nq"))
    assert first.returncode == 0, first.stderr
    (generation,) = [p for p in (store.parent / "cache").iterdir() if p.is_dir()]
    entries = sorted(generation.glob("*.entry"))
    with entries[0].open("r+b") as fh:
        fh.truncate(entries[0].stat().st_size // 2)
    entries[1].write_bytes(b"not an entry")
    fresh = tmp_path / "t" / "store"  # no previous version: every source from the cache
    shutil.copytree(store.parent / "cache", fresh.parent / "cache")
    again = ctocgraph("build", "--data", str(data), "--jobs", "2", "--store", str(fresh),
                      "-o", str(tmp_path / "b.nq"))
    assert again.returncode == 0, again.stderr
    assert "cache: 6 of 8 sources unchanged" in again.stdout
    assert (tmp_path / "b.nq").read_bytes() == (tmp_path / "a.nq").read_bytes()


def test_the_kept_manifest_leaves_the_cache_in_place(tmp_path):
    """`--jobs` keeps the parsed manifest in the cache folder, beside the program's folder of
    entries; a file there once meant the layout before program folders, and the whole cache
    was retired at every build (found: every rebuild parsed every source again)."""
    data = copy_data(tmp_path)
    store = tmp_path / "s" / "store"
    for _ in range(2):
        r = ctocgraph("build", "--data", str(data), "--jobs", "2", "--store", str(store),
                      "-o", str(tmp_path / "a.nq"))
        assert r.returncode == 0, r.stderr
    assert "cache: 8 of 8 sources unchanged" in r.stdout
    cache = store.parent / "cache"
    folders = [p for p in cache.iterdir() if p.is_dir()]
    files = sorted(p.name for p in cache.iterdir() if not p.is_dir())
    assert len(folders) == 1  # the program's folder of entries, kept
    # the parsed manifest; and, once the copied files are two seconds old (however fast the
    # machine), the list of files found as it says
    assert files[0].startswith("manifest-") and files[0].endswith(".marshal")
    assert len(files) in (1, 2) and all(f.startswith("manifest-") for f in files)



def test_a_versions_dump_is_synced_before_the_version_is_complete(tmp_path, monkeypatch, sources,
                                                                  reference):
    """A store version's dump is synced before the version is marked complete; a scratch
    dump (no store) is not, the output copied from it is; a dump that cannot be synced fails
    the build and leaves no version."""
    import importlib
    import os

    import pytest

    from ctocgraph import fastbuild

    files = importlib.import_module("ctocgraph.files")
    events: list[str] = []
    real_fsync, real_write_atomic = os.fsync, files.write_atomic

    def fsync(fd: int) -> None:
        events.append("fsync " + Path(os.readlink(f"/proc/self/fd/{fd}")).name)
        real_fsync(fd)

    def write_atomic(path, text, after=None):  # type: ignore[no-untyped-def]
        events.append("write " + Path(path).name)
        real_write_atomic(path, text, after)

    monkeypatch.setattr(fastbuild.os, "fsync", fsync)
    monkeypatch.setattr(files, "write_atomic", write_atomic)
    built = fastbuild.build_text(sources, reference, jobs=1, store=tmp_path / "store")
    assert built.staged is not None
    dump_synced = events.index("fsync dataset.nq")
    assert dump_synced < events.index("write complete"), events

    events.clear()
    scratch = fastbuild.build_text(sources, reference, jobs=1)
    assert scratch.staged is None and "fsync dataset.nq" not in events, events
    scratch.write(tmp_path / "out.nq")
    assert any(e.startswith("fsync .out.nq.") for e in events), events
    assert (tmp_path / "out.nq").read_bytes() == built.dump.read_bytes()

    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(fastbuild.os, "fsync", failing)
    with pytest.raises(OSError, match="Input/output error"):
        fastbuild.build_text(sources, reference, jobs=1, store=tmp_path / "other" / "store")
    assert not [p for p in (tmp_path / "other").iterdir() if "tmp" in p.name or "store-" in p.name]
