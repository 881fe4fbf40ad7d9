"""Property-based tests: mutated seed agendas (lines deleted, duplicated, swapped, the file cut,
random Unicode injected, numbers changed) end in a graph or a clear error — never a crash, and
never a written graph that fails SHACL."""

from __future__ import annotations

import hashlib
import re

from click.testing import CliRunner
from conftest import DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctocgraph import Lexicon, Reference, normalize, to_rdf
from ctocgraph.build import parse_text
from ctocgraph.cli import main
from ctocgraph.errors import CtocError
from ctocgraph.identifiers import Iris
from ctocgraph.layout import layout
from ctocgraph.manifest import Source, source_from_path

REF = Reference(DATA / "reference")
SEEDS = sorted((DATA / "sources").glob("*.txt"))
TEXTS = {p: p.read_text(encoding="utf-8") for p in SEEDS}
LEXICONS = {lang: Lexicon(lang, REF) for lang in {p.name.split(".")[-2] for p in SEEDS}}


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


def parse_and_map(case: tuple) -> None:
    """One mutation through normalize, layout, parse and map (the build's own stages): a
    record and a graph, or a CtocError that names the source."""
    path, text = case
    src = source_from_path(path)
    source = Source(src.symbol, src.language, path, path.name)
    try:
        record = parse_text(text, source, REF, hashlib.sha256(text.encode()).hexdigest())
        graph = to_rdf(record, Iris(), REF)
    except CtocError as exc:
        assert exc.file == path.name
        return
    assert len(graph) > 0
    laid = layout(normalize(text), LEXICONS[src.language], src.symbol)
    # every line is a fact, reported as not understood, or page furniture taken out
    assert {n for n, _ in record.unparsed} | set(record.coverage) | set(laid.removed) >= {
        ln.no for ln in normalize(text) if not ln.is_break}


def test_parse_and_map_never_crash():
    """2,000 mutations, counted here: the count is this test's own, whatever else runs."""
    runs = []

    @settings(max_examples=2000, deadline=None, suppress_health_check=list(HealthCheck),
              derandomize=True)
    @given(mutated())
    def check(case):
        runs.append(case)
        parse_and_map(case)

    check()
    assert len(runs) >= 2000


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck),
          derandomize=True)
@given(mutated())
def test_whole_build_writes_only_conforming_graphs(tmp_path_factory, case):
    """Through the command line, as a user runs it: a mutated source is written only when its
    graph conforms; otherwise nothing is written (exit 1) or the error names the source
    (exit 2)."""
    path, text = case
    folder = tmp_path_factory.mktemp("m")
    source_file = folder / path.name
    source_file.write_text(text, encoding="utf-8")
    out = folder / "graph.nq"
    r = CliRunner().invoke(main, ["build", str(source_file), "-o", str(out), "--no-store"])
    if r.exit_code == 0:
        assert "SHACL: conforms" in r.output and out.stat().st_size > 0
    elif r.exit_code == 1:
        assert "nothing written" in r.output and not out.exists()
    else:
        assert r.exit_code == 2, r.output
        assert f"error: {path.name}" in r.output and not out.exists()
