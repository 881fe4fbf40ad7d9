"""The benchmark corpus generator writes valid, deterministic input for the real loader."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from generate import write_corpus

from ctocgraph import Reference, build
from ctocgraph.manifest import load_manifest


def test_generated_corpus_is_deterministic_and_builds_cleanly(tmp_path):
    a = write_corpus(tmp_path / "a", 12, seed=7)
    b = write_corpus(tmp_path / "b", 12, seed=7)
    assert [p.read_bytes() for p in a] == [p.read_bytes() for p in b]
    assert {p.name.split(".")[-2] for p in a} == {"en", "zh"}
    result = build(load_manifest(tmp_path / "a"), Reference(tmp_path / "a" / "reference"))
    assert result.validation.conforms
    assert all(not r.unparsed for r in result.records)
    assert result.inconsistencies == []  # the two languages of a symbol state the same facts
    assert len({r.symbol for r in result.records}) == 6  # 12 files: six agendas, in en and zh
    assert sum(len(r.items) for r in result.records) > 6 * 5


def test_generated_corpus_feeds_the_lineage_and_provisions_queries(tmp_path):
    """Mandates that build on earlier resolutions and reports, and cited articles of the
    Convention, so that every library query has rows to return at every benchmark size."""
    from ctocgraph.identifiers import ProvisionRef
    from ctocgraph.query import run
    from ctocgraph.serialize import nquads
    from ctocgraph.store import OxigraphStore

    write_corpus(tmp_path, 60, seed=1)
    result = build(load_manifest(tmp_path), Reference(tmp_path / "reference"))
    assert result.validation.conforms and result.inconsistencies == []
    mandates = [m for r in result.records for i in r.items for m in i.mandates]
    assert sum(bool(m.citations) for m in mandates) >= 20
    cited = [c.target for r in result.records for i in r.items for c in i.citations]
    assert sum(isinstance(t, ProvisionRef) for t in cited) >= 20
    store = OxigraphStore(None)
    store.replace(nquads(result.dataset))
    for name in ("lineage", "provisions"):
        assert len(run(store, name)[1]) > 0, name


def test_instructions_per_document_by_perf_or_callgrind(tmp_path):
    """The benchmark's host-independent figure: parse + map of a generated document takes
    millions of instructions, counted by ``perf`` where the machine counts them, else by
    valgrind's callgrind, and the runner says "not run" (``None``) with neither."""
    import shutil
    import subprocess

    from run import instructions_per_document

    write_corpus(tmp_path, 6, seed=7)
    counted = instructions_per_document(tmp_path, 6)
    probe = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "true"],
                           capture_output=True, text=True) if shutil.which("perf") else None
    perf_counts = probe is not None and any(
        ln.split(",")[0].isdigit() for ln in probe.stderr.splitlines() if ",instructions" in ln)
    if perf_counts:
        assert counted is not None and counted[1] == "perf"
    elif shutil.which("valgrind"):
        assert counted is not None and counted[1] == "callgrind, 6 documents"
    else:
        assert counted is None
    if counted is not None:
        assert 5e6 < counted[0] < 2e8, counted


def test_the_benchmark_server_answers_as_the_embedded_store(built):
    """The benchmark's third column: an Oxigraph server on the built store, read-only, beside
    the benchmark's own handle on it; every library query answers there as on the embedded
    store (rows compared in any order, as the benchmark compares them)."""
    from run import _answer, server

    from ctocgraph.query import library, run
    from ctocgraph.remote import RemoteStore
    from ctocgraph.store import OxigraphStore

    out, _ = built
    embedded = OxigraphStore(out / "store")
    with server(out / "store") as remote:
        assert isinstance(remote, RemoteStore)
        for name in library():
            here = _answer(run(embedded, name, {}))
            assert here[1], name
            assert _answer(run(remote, name, {})) == here, name
    schedule = run(embedded, "schedule", {})
    shuffled = (schedule[0], list(reversed(schedule[1])))
    assert _answer(shuffled) == _answer(schedule) and len(schedule[1]) > 1


def test_rdflib_at_scale_measures_every_case_but_the_skipped(built):
    """The large-store comparison: every library case timed on both stores (Oxigraph before
    rdflib is loaded, and again beside it), with its rows and whether the answers agree; a
    skipped case is reported as not run, not timed."""
    from rdflib_large import measure

    out, _ = built
    lines = measure(out / "store", {"citations"}, repeat=1, rdflib_repeat=1)
    assert lines[0].startswith("rdflib load ") and "quads" in lines[0]
    cells = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines[4:]]
    rows = {c[0]: c for c in cells}
    assert rows["citations"][1:] == ["", "not run (--skip)", "", "", "", ""]
    from ctocgraph.query import library

    # every library query, and those with an optional body once more for one body (their
    # headers say which: documents, decisions, provisions)
    scoped = [q for q in library().values() if any(p.name == "body" and p.optional for p in q.params)]
    assert len(rows) == len(library()) + len(scoped)
    for case, (_, ox_ms, rdf_ms, ratio, count, same, beside) in rows.items():
        if case != "citations":
            assert float(ox_ms) > 0 and float(beside) > 0 and int(count) > 0, case
            assert float(rdf_ms.split()[0]) > 0 and float(ratio.rstrip("×")) > 0, case
            assert same == "yes", case


def test_the_machine_line_states_the_host_speed_at_both_ends():
    """Runs on a shared host are compared through the speed each states (RESULTS.md)."""
    import re

    from run import host_speed_ms, machine

    assert host_speed_ms() > 0
    line = machine(123.4)
    assert re.search(r"\d+ cores, \d+ GiB RAM, Python 3\.\d+\.\d+; host speed \(`host_speed_ms`\) "
                     r"123 ms at the start, \d+ ms at the end$", line), line
    assert re.search(r"; host speed \(`host_speed_ms`\) \d+ ms$", machine()), machine()
