"""Shared fixtures: the seed sources, their parsed records and the built, validated dataset."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from ctocgraph import Reference, build, load_manifest, parse_source
from ctocgraph.fastbuild import BuildResult
from ctocgraph.manifest import Source
from ctocgraph.paths import project_root
from ctocgraph.serialize import nquads
from ctocgraph.store import OxigraphStore

ROOT = project_root()
DATA = ROOT / "data"
ID = "https://w3id.org/ctocgraph/id/"
PREFIXES = """
PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <https://w3id.org/ctocgraph/id/>
"""


@pytest.fixture(scope="session")
def reference() -> Reference:
    return Reference(DATA / "reference")


@pytest.fixture(scope="session")
def sources() -> list[Source]:
    return load_manifest(DATA)


@pytest.fixture(scope="session")
def records(sources, reference):
    """Parsed records keyed by (symbol, language)."""
    return {(s.symbol.value, s.language): parse_source(s, reference) for s in sources}


_BUILDS: dict[str, BuildResult] = {}


def build_of(key: str) -> BuildResult:
    """The seed build of one language ("zh", "en") or of every source ("all"), cached."""
    if key not in _BUILDS:
        chosen = [s for s in load_manifest(DATA) if key == "all" or s.language == key]
        _BUILDS[key] = build(chosen, Reference(DATA / "reference"))
    return _BUILDS[key]


def asker(result: BuildResult):
    """A SELECT over the union of all named graphs of a build; rows as sorted string tuples."""
    ds = Dataset(default_union=True)
    ds.parse(data=nquads(result.dataset), format="nquads")

    def run(query: str) -> list[tuple[str, ...]]:
        return sorted(tuple("" if v is None else str(v) for v in row)
                      for row in ds.query(PREFIXES + query))

    return run


@pytest.fixture(scope="session")
def seed() -> BuildResult:
    """The build of everything the manifest lists, as `ctocgraph build` makes it."""
    return build_of("all")


@pytest.fixture(scope="session")
def oxstore(seed: BuildResult) -> OxigraphStore:
    store = OxigraphStore(None)
    store.replace(nquads(seed.dataset))
    return store


def write_text(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def ctocgraph(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
              input: str | None = None):
    return subprocess.run([sys.executable, "-m", "ctocgraph", *args], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=300,
                          input=input)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """One real build into a temporary folder: dataset files and the on-disk store."""
    out = tmp_path_factory.mktemp("build")
    r = ctocgraph("build", "--output", str(out / "seed.nq"), "--store", str(out / "store"))
    assert r.returncode == 0, r.stderr + r.stdout
    return out, r


@pytest.fixture(scope="session")
def seed_graph(seed) -> Graph:
    """The union of the seed build's graphs as one rdflib Graph (for SHACL cases)."""
    g = Graph()
    for s, p, o, _ in seed.dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g
