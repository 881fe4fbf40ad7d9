"""Property-based tests: mutated seed agendas (lines deleted, duplicated, swapped, the file cut,
random Unicode injected, numbers changed) end in a graph or a clear error — never a crash, and
never a written graph that fails SHACL."""

from __future__ import annotations

import hashlib
import re

from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctocgraph import Lexicon, Reference, build, normalize, parse, to_rdf
from ctocgraph.build import write
from ctocgraph.errors import CtocError
from ctocgraph.identifiers import Iris
from ctocgraph.manifest import Source, source_from_path

REF = Reference(DATA / "reference")
SEEDS = sorted((DATA / "sources").glob("*.txt"))
TEXTS = {p: p.read_text(encoding="utf-8") for p in SEEDS}
LEXICONS = {lang: Lexicon(lang, REF) for lang in {p.name.split(".")[-2] for p in SEEDS}}
RUNS = {"parse": 0}


@st.composite
def mutated(draw):
    path = draw(st.sampled_from(SEEDS))
    lines = TEXTS[path].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "inject", "number"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if kind == "delete" and lines:
            del lines[i]
        elif kind == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif kind == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "cut":
            lines = lines[: i + 1]
        elif kind == "inject":
            text = draw(st.text(min_size=1, max_size=20))
            pos = draw(st.integers(0, len(lines[i]) if lines else 0))
            if lines:
                lines[i] = lines[i][:pos] + text + lines[i][pos:]
            else:
                lines = [text]
        elif kind == "number" and lines:
            digits = [m.start() for m in re.finditer(r"\d", lines[i])]
            if digits:
                k = draw(st.sampled_from(digits))
                lines[i] = lines[i][:k] + str(draw(st.integers(0, 9))) + lines[i][k + 1:]
    return path, "\n".join(lines)


@settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(mutated())
def test_parse_and_map_never_crash(case):
    """2,000 mutations through read, normalize, parse and map: a record and a graph, or a
    CtocError that names the source."""
    RUNS["parse"] += 1
    path, text = case
    src = source_from_path(path)
    source = Source(src.symbol, src.language, path, path.name)
    try:
        record = parse(normalize(text), LEXICONS[src.language], source,
                       hashlib.sha256(text.encode()).hexdigest(), text.count("\n") + 1)
        graph = to_rdf(record, Iris(), REF)
    except CtocError as exc:
        assert exc.file == path.name
        return
    assert len(graph) > 0
    assert {n for n, _ in record.unparsed} | set(record.coverage) >= {
        ln.no for ln in normalize(text) if not ln.is_break}


def test_the_mutation_test_ran_two_thousand_examples():
    assert RUNS["parse"] >= 2000


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(mutated())
def test_whole_build_writes_only_conforming_graphs(tmp_path_factory, case):
    """Through validation: a mutated source is written only when its graph conforms."""
    path, text = case
    folder = tmp_path_factory.mktemp("m")
    source_file = folder / path.name
    source_file.write_text(text, encoding="utf-8")
    out = folder / "graph.nq"
    try:
        result = build([source_from_path(source_file)], REF)
    except CtocError as exc:
        assert exc.file == path.name
        return
    if result.ok():
        write(result, out)
        assert result.validation.conforms and out.stat().st_size > 0
    else:
        assert not result.validation.conforms and not out.exists()
