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
    assert len({r.symbol for r in result.records}) == 6
    assert sum(len(r.items) for r in result.records) > 6 * 5
