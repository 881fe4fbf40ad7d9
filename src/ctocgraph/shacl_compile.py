"""The shapes of ontology/shapes.ttl compiled to SPARQL queries (see ``shacl_sparql``).

The compiler covers exactly the SHACL Core components and SPARQL-based constraints that the
shapes use and refuses any other (:class:`UnsupportedShape`), so a shape added later can never
go unchecked. The properties of a shape that take at most one value are checked in two steps:
one query per shape finds the focus nodes that any of their checks could flag (the screen for
a few named nodes, the sweep for the whole store), and the exact checks then run on those
nodes alone.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD, Namespace
from rdflib.term import Node

from .errors import CtocError
from .validate import ontology_graph, shapes_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


_CAST = {str(XSD.integer), str(XSD.date), str(XSD.dateTime), str(XSD.boolean), str(XSD.decimal)}


_NODE_KEYS = {RDF.type, RDFS.comment, RDFS.label, SH.targetClass, SH.property, SH.sparql, SH.xone}


# the property-pair comparisons: (predicate, operator, component name, variable suffix)
_COMPARISONS = ((SH.lessThan, "<", "LessThan", "lt"),
                (SH.lessThanOrEquals, "<=", "LessThanOrEquals", "le"))


_PROPERTY_KEYS = {
    SH.path,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.pattern,
    SH.minInclusive,
    SH.uniqueLang,
    SH["in"],
    SH.hasValue,
    SH.lessThan,
    SH.lessThanOrEquals,
}


class UnsupportedShape(CtocError):
    pass


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT returning ?this (and ?value, ?path when it has them)."""

    shape: str
    path: str
    component: str
    query: str
    message: str
    # a minimum and a maximum count checked by one query, which projects the count as ?n:
    # a row with more than ``most`` values violates this component instead
    above: tuple[int, str, str] | None = None  # (most, component, message)
    # the query that finds the focus nodes this check can flag (see _screen_part): it then
    # runs on those alone, and not at all when there are none
    screen: str | None = None
    # the same screen for every focus node of the store at once, as scans grouped by node
    # (see _sweep_part): a lookup per node and property made the screen of 580,000 source
    # spans take 17 s, the sweep 6 s; the screen stays for a few named focus nodes
    sweep: str | None = None
    target: str = ""  # the target class of the shape, as a SPARQL term: to order the work


def sparql_term(node: object) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"cannot write {node!r} in a query")


# where validate_store puts ``VALUES ?this { … }`` to check only some focus nodes
FOCUS = "#focus\n"


@cache
def _ontology() -> Graph:
    return ontology_graph()


def subclasses(cls: str) -> str:
    """The class and its subclasses in the ontology, as SPARQL terms: the ontology is read
    when the shapes are compiled, so the validated store holds data only."""
    node = URIRef(cls[1:-1])
    return " ".join(sorted(f"<{c}>" for c in _ontology().transitive_subjects(RDFS.subClassOf, node)))


def _individuals(cls: str) -> list[str]:
    """Instances of the class that the ontology itself defines (the mandate verbs)."""
    g, classes = _ontology(), subclasses(cls).split()
    return sorted({f"<{s}>" for c in classes for s in g.subjects(RDF.type, URIRef(c[1:-1]))
                   if isinstance(s, URIRef)})


def _instances(var: str, cls: str) -> str:
    """The pattern "``var`` is an instance of ``cls``"; for ?this, the focus nodes of a shape."""
    kind = f"?{var[1:]}_class"
    typed = f"{var} <{RDF.type}> {kind} . VALUES {kind} {{ {subclasses(cls)} }}"
    if var == "?this":
        return f"{FOCUS}{typed}"
    individuals = _individuals(cls)
    if not individuals:
        return typed
    return f"{{ {typed} }} UNION {{ VALUES {var} {{ {' '.join(individuals)} }} }}"


def _count(g: Graph, ps: Node, predicate: URIRef) -> int | None:
    """A shape's sh:minCount or sh:maxCount, when it has one."""
    value = g.value(ps, predicate)
    return None if value is None else int(str(value))


def _datatype_ok(v: str, dt: Node) -> str:
    if dt == RDF.langString:
        return f'(isLiteral({v}) && lang({v}) != "")'
    ok = f'(isLiteral({v}) && datatype({v}) = <{dt}> && lang({v}) = "")'
    if str(dt) in _CAST:  # a well-formed lexical form: the cast to the datatype succeeds
        ok = f"({ok} && COALESCE(<{dt}>(STR({v})) = <{dt}>(STR({v})), false))"
    return ok


def _prefixes(shapes: Graph) -> str:
    out = []
    for decl in shapes.objects(None, SH.declare):
        out.append(f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>")
    return "\n".join(sorted(set(out)))


def _value_conditions(ps: Node, g: Graph, v: str) -> list[tuple[str, str, str]]:
    """The value-node constraints of a property shape: (component, a condition on the value
    ``v`` that holds when it violates the constraint, message)."""
    out: list[tuple[str, str, str]] = []
    dt = g.value(ps, SH.datatype)
    if dt is not None:
        out.append(("Datatype", f"!{_datatype_ok(v, dt)}", f"Value is not of datatype {dt}"))
    cls = g.value(ps, SH["class"])
    if cls is not None:
        out.append(("Class", f"NOT EXISTS {{ {_instances(v, sparql_term(cls))} }}",
                    f"Value is not an instance of {cls}"))
    pattern = g.value(ps, SH.pattern)
    if pattern is not None:
        out.append(("Pattern", f"isBlank({v}) || !REGEX(STR({v}), {Literal(str(pattern)).n3()})",
                    f"Value does not match {pattern}"))
    low = g.value(ps, SH.minInclusive)
    if low is not None:
        out.append(("MinInclusive", f"!COALESCE({v} >= {sparql_term(low)}, false)",
                    f"Value is less than {low}"))
    members = g.value(ps, SH["in"])
    if members is not None:
        allowed = ", ".join(sparql_term(m) for m in Collection(g, members))
        out.append(("In", f"{v} NOT IN ({allowed})", "Value is not in the allowed list"))
    return out


def _property_checks(shape: str, target: str, ps: Node, g: Graph) -> list[Check]:
    extra = {p for p in g.predicates(ps, None)} - _PROPERTY_KEYS
    if extra:
        raise UnsupportedShape(f"{shape}: unsupported in a property shape: {sorted(map(str, extra))}")
    path = g.value(ps, SH.path)
    if not isinstance(path, URIRef):
        raise UnsupportedShape(f"{shape}: only predicate paths are supported, not {path!r}")
    p, focus = f"<{path}>", _instances("?this", target)
    values = f"{focus} ?this {p} ?value ."
    out: list[Check] = []

    def add(component: str, query: str, message: str) -> None:
        out.append(Check(shape, str(path), str(SH[component]), query, message))

    mn, mx = _count(g, ps, SH.minCount), _count(g, ps, SH.maxCount)
    if mn is not None and mx is not None:  # one pass over the focus nodes for both
        out.append(Check(
            shape, str(path), str(SH.MinCountConstraintComponent),
            f"SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(mn)} || COUNT(DISTINCT ?v) > {int(mx)})",
            f"Less than {mn} values",
            (int(mx), str(SH.MaxCountConstraintComponent), f"More than {mx} values"),
        ))
    elif mn is not None:
        add(
            "MinCountConstraintComponent",
            f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {p} ?v }} }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?v) < {int(mn)})",
            f"Less than {mn} values",
        )
    elif mx is not None:
        add(
            "MaxCountConstraintComponent",
            f"SELECT ?this WHERE {{ {focus} ?this {p} ?v }} GROUP BY ?this "
            f"HAVING (COUNT(DISTINCT ?v) > {int(mx)})",
            f"More than {mx} values",
        )
    # value-node constraints: one result per focus node and offending value
    per_value = _value_conditions(ps, g, "?value")
    for name, condition, message in per_value:
        add(
            f"{name}ConstraintComponent",
            f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER({condition}) }}",
            message,
        )
    if g.value(ps, SH.uniqueLang) == Literal(True):
        add(
            "UniqueLangConstraintComponent",
            f'SELECT ?this WHERE {{ {values} FILTER(lang(?value) != "") }} '
            "GROUP BY ?this (lang(?value) AS ?l) HAVING (COUNT(DISTINCT ?value) > 1)",
            "More than one value shares a language tag",
        )
    has = g.value(ps, SH.hasValue)
    if has is not None:
        add(
            "HasValueConstraintComponent",
            f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {p} {sparql_term(has)} }} }}",
            f"Missing the value {has}",
        )
    for key, op, name, _suffix in _COMPARISONS:
        other = g.value(ps, key)
        if other is not None:
            add(
                f"{name}ConstraintComponent",
                f"SELECT DISTINCT ?this ?value WHERE {{ {values} ?this <{other}> ?o2 "
                f"FILTER(!COALESCE(?value {op} ?o2, false)) }}",
                f"Value is not {op} the value of {other}",
            )
    return out


def _xone_check(shape: str, target: str, members: Node, g: Graph) -> Check:
    conditions = []
    for member in Collection(g, members):
        keys = set(g.predicates(member, None))
        if keys != {SH.path, SH.minCount} or g.value(member, SH.minCount) != Literal(1):
            raise UnsupportedShape(f"{shape}: sh:xone members must be [ sh:path P ; sh:minCount 1 ]")
        conditions.append(f"IF(EXISTS {{ ?this <{g.value(member, SH.path)}> ?any }}, 1, 0)")
    return Check(
        shape,
        "",
        str(SH.XoneConstraintComponent),
        f"SELECT ?this (?this AS ?value) WHERE {{ {_instances('?this', target)} "
        f"FILTER(({' + '.join(conditions)}) != 1) }}",
        "Not exactly one of the alternatives holds",
    )


def _sparql_check(shape: str, target: str, constraint: Node, g: Graph, prefixes: str) -> Check:
    select = str(g.value(constraint, SH.select)).replace("$this", "?this")
    if "WHERE {" in select:  # scope the inner SELECT too: it is evaluated before the join
        select = select.replace("WHERE {", f"WHERE {{ {FOCUS}", 1)
    name = str(constraint) if isinstance(constraint, URIRef) else shape
    message = str(g.value(constraint, SH.message) or "")
    return Check(
        name,
        "",
        str(SH.SPARQLConstraintComponent),
        f"{prefixes}\nSELECT * WHERE {{ {_instances('?this', target)} {{ {select} }} }}",
        message,
    )


def _screen_part(k: int, ps: Node, g: Graph) -> tuple[str, list[str]] | None:
    """For a property shape with ``sh:maxCount 1``: OPTIONAL patterns that bind its value
    (and a second, different one) as ?s{k} and ?s{k}_2, and conditions of which one holds
    for every focus node that one of its checks flags (a superset: the exact checks decide).
    On valid data a single-valued property adds no row, so one pass over the focus nodes
    screens all such properties of a shape at once."""
    if g.value(ps, SH.maxCount) != Literal(1):
        return None
    p, v, v2 = f"<{g.value(ps, SH.path)}>", f"?s{k}", f"?s{k}_2"
    mn = _count(g, ps, SH.minCount)
    # a second value: for a required property, one other than the first (10,000 documents:
    # 1.5 s per property); for an optional one, a pair of its own, since a filter on a first
    # value that is mostly unbound made Oxigraph compare every node with every value (minutes)
    second = f"FILTER(!sameTerm({v2}, {v}))" if mn is not None and int(mn) >= 1 else \
        f". ?this {p} ?s{k}_1 FILTER(!sameTerm({v2}, ?s{k}_1))"
    patterns = [f"OPTIONAL {{ ?this {p} {v} }}", f"OPTIONAL {{ ?this {p} {v2} {second} }}"]
    conds = [f"BOUND({v2})"]  # maxCount; and uniqueLang needs two values
    if mn is not None and int(mn) >= 1:
        conds.append(f"!BOUND({v})" if int(mn) == 1 else "true")
    # IF: the condition only for a node with a value (with && Oxigraph still evaluated a
    # NOT EXISTS for the nodes without one, over every instance of the class: minutes)
    conds += [f"IF(BOUND({v}), {c}, false)" for _name, c, _message in _value_conditions(ps, g, v)]
    has = g.value(ps, SH.hasValue)
    if has is not None:
        conds.append(f"!BOUND({v}) || !sameTerm({v}, {sparql_term(has)})")
    for key, op, _name, suffix in _COMPARISONS:
        other = g.value(ps, key)
        if other is not None:
            o = f"?s{k}_{suffix}"
            patterns.append(f"OPTIONAL {{ ?this <{other}> {o} }}")
            conds.append(f"(BOUND({v}) && BOUND({o}) && !COALESCE({v} {op} {o}, false))")
    return " ".join(patterns), conds


def _sweep_part(k: int, ps: Node, g: Graph) -> tuple[list[str], list[str], list[str]]:
    """What :func:`_screen_part` screens, for every focus node at once: UNION branches that
    scan the property's triples (each row flagged ``?b`` 1 when its value breaks a value
    condition), aggregates per node, and conditions on them. Grouping scans by node costs
    no lookup per node; a class is checked on the property's distinct values (MINUS its
    instances), which on valid data leaves no row to look up; a comparison with another
    property joins the two scans in sub-selects (Oxigraph joins those by hash). No MAX or
    MIN: an aggregate over a group where the variable is unbound in some rows is unbound."""
    p, v = f"<{g.value(ps, SH.path)}>", f"?s{k}"
    row = [c for name, c, _message in _value_conditions(ps, g, v) if name != "Class"]
    has = g.value(ps, SH.hasValue)
    if has is not None:
        row.append(f"!sameTerm({v}, {sparql_term(has)})")
    # an error counts as a flag: the exact checks decide
    flag = f"COALESCE(IF({' || '.join(f'({c})' for c in row)}, 1, 0), 1)" if row else "0"
    branches = [f"{{ ?this {p} {v} BIND({flag} AS ?b) BIND(0 AS ?f) }}"]
    aggregates = [f"(COUNT({v}) AS ?n{k})"]
    conds = [f"?n{k} > 1"]  # sh:maxCount 1
    mn = _count(g, ps, SH.minCount)
    if mn is not None and int(mn) >= 1:
        conds.append(f"?n{k} < {int(mn)}")
    if has is not None:
        conds.append(f"?n{k} = 0")
    cls = g.value(ps, SH["class"])
    if cls is not None:
        c = f"?c{k}"
        branches.append(f"{{ {{ SELECT DISTINCT {c} WHERE {{ ?x{k} {p} {c} "
                        f"MINUS {{ {_instances(c, sparql_term(cls))} }} }} }} "
                        f"?this {p} {c} BIND(1 AS ?b) BIND(0 AS ?f) }}")
    for key, op, _name, suffix in _COMPARISONS:
        other = g.value(ps, key)
        if other is not None:  # every pair of values: the two scans joined by hash
            a, z = f"?l{k}_{suffix}", f"?r{k}_{suffix}"
            branches.append(
                f"{{ {{ SELECT ?this (1 AS ?b) (0 AS ?f) WHERE {{ "
                f"{{ SELECT ?this {a} WHERE {{ ?this {p} {a} }} }} "
                f"{{ SELECT ?this {z} WHERE {{ ?this <{other}> {z} }} }} "
                f"FILTER(!COALESCE({a} {op} {z}, false)) }} }} }}")
    return branches, aggregates, conds


@cache
def compiled() -> tuple[Check, ...]:
    """Every constraint of ontology/shapes.ttl as a SPARQL query, in a fixed order."""
    g = shapes_graph()
    prefixes = _prefixes(g)
    checks: list[Check] = []
    for shape in sorted(g.subjects(RDF.type, SH.NodeShape), key=str):
        extra = set(g.predicates(shape, None)) - _NODE_KEYS
        if extra:
            raise UnsupportedShape(f"{shape}: unsupported in a node shape: {sorted(map(str, extra))}")
        targets = list(g.objects(shape, SH.targetClass))
        if len(targets) != 1:
            raise UnsupportedShape(f"{shape}: exactly one sh:targetClass is supported")
        target = sparql_term(targets[0])
        first = len(checks)
        screened: list[Check] = []
        patterns: list[str] = []
        conds: list[str] = []
        branches: list[str] = []
        aggregates: list[str] = []
        totals: list[str] = []
        for ps in sorted(g.objects(shape, SH.property), key=lambda n: str(g.value(n, SH.path))):
            found = _property_checks(str(shape), target, ps, g)
            part = _screen_part(len(patterns), ps, g)
            if part is None:
                checks += found
            else:
                sweep_part = _sweep_part(len(patterns), ps, g)
                patterns.append(part[0])
                conds += part[1]
                branches += sweep_part[0]
                aggregates += sweep_part[1]
                totals += sweep_part[2]
                screened += found
        if screened:
            focus = _instances("?this", target)
            screen = (f"SELECT DISTINCT ?this WHERE {{ {focus} "
                      f"{' '.join(patterns)} FILTER({' || '.join(f'({c})' for c in conds)}) }}")
            sweep = (f"SELECT ?this WHERE {{ {{ SELECT ?this (MAX(?f) AS ?focus) (SUM(?b) AS ?bad) "
                     f"{' '.join(aggregates)} WHERE {{ {{ {focus} BIND(1 AS ?f) BIND(0 AS ?b) }} "
                     f"UNION {' UNION '.join(branches)} }} GROUP BY ?this }} "
                     f"FILTER(?focus = 1 && (?bad > 0 || {' || '.join(f'({c})' for c in totals)})) }}")
            checks += [replace(c, screen=screen, sweep=sweep) for c in screened]
        checks[first:] = [replace(c, target=target) for c in checks[first:]]
        for members in g.objects(shape, SH.xone):
            checks.append(_xone_check(str(shape), target, members, g))
        for constraint in sorted(g.objects(shape, SH.sparql), key=str):
            if isinstance(constraint, BNode) and g.value(constraint, SH.select) is None:
                raise UnsupportedShape(f"{shape}: a SPARQL constraint without sh:select")
            checks.append(_sparql_check(str(shape), target, constraint, g, prefixes))
    return tuple(checks)
