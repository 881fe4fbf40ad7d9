"""Stage 5, validate: the dataset against ``ontology/shapes.ttl`` (SHACL), as a typed report."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.term import Node

from .paths import ontology_file, shapes_file

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result: which node, which shape, which path, what message."""

    severity: str
    focus: str
    shape: str
    path: str
    message: str
    value: str = ""
    component: str = ""  # the SHACL constraint component (sh:MinCountConstraintComponent …)
    # the source files whose graphs state the focus node's values on the path, with each
    # value ("E_CN.15_2022_2.en.txt: “Other matters”@en"): which texts disagree, not only on
    # what; not part of a result's identity (pyshacl does not give it)
    stated_in: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        line = f"{self.severity}: {self.focus}{where}: {self.message} [{self.shape}]"
        return line + "".join(f"\n    stated in {s}" for s in self.stated_in)


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)

    def by_shape(self, shape: str) -> list[Violation]:
        return [v for v in self.violations if v.shape == shape]


@cache
def _load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def shapes_graph() -> Graph:
    return _load(shapes_file())


def ontology_graph() -> Graph:
    return _load(ontology_file())


def _union(data: Dataset | Graph) -> Graph:
    g = Graph()
    for prefix, ns in data.namespaces():
        g.bind(prefix, ns, replace=True)
    triples = data.quads((None, None, None, None)) if isinstance(data, Dataset) else \
        ((s, p, o, None) for s, p, o in data)
    for s, p, o, _ in triples:
        g.add((s, p, o))
    return g


def _shape_name(node: Node | None, shapes: Graph) -> str:
    """A named shape's IRI; for a property shape, the node shape that holds it."""
    if isinstance(node, URIRef):
        return str(node)
    for parent in shapes.subjects(SH.property, node):
        return str(parent)
    for parent in shapes.subjects(SH.sparql, node):
        return str(parent)
    return str(node)


def validate(data: Dataset | Graph) -> ValidationReport:
    """Validate the union of all graphs (plus the ontology, for verbs and class terms)."""
    from pyshacl import validate as shacl_validate  # here: its import is a quarter of the CLI's

    shapes = shapes_graph()
    union = _union(data)
    union += ontology_graph()  # mandate verbs and other individuals are defined there
    conforms, results, _ = shacl_validate(
        union, shacl_graph=shapes, inference="none",
        advanced=True, allow_warnings=True,
    )
    assert isinstance(results, Graph)
    violations = []
    for r in results.subjects(SH.resultSeverity, None):
        def one(p: URIRef, r: Node = r) -> str:
            v = results.value(r, p)
            return "" if v is None else str(v)
        source = results.value(r, SH.sourceConstraint) or results.value(r, SH.sourceShape)
        shape = _shape_name(source, shapes)
        if isinstance(source, URIRef) and (source, SH.select, None) in shapes:
            shape = str(source)  # a named SPARQL constraint: report it, not its node shape
        violations.append(Violation(
            one(SH.resultSeverity).rsplit("#", 1)[-1], one(SH.focusNode), shape,
            one(SH.resultPath), one(SH.resultMessage), one(SH.value),
            one(SH.sourceConstraintComponent)))
    return ValidationReport(bool(conforms), sorted(violations))
