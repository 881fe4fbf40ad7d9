"""The Frictionless Data package of a release (``datapackage.json``) and the codebook made
from it.

Every table is a resource (its CSV file) with a Table Schema: each column's type (IRIs are
strings of format ``uri``), whether it is required, the primary key (the row's IRI; every
column of a link table), and a foreign key wherever a column holds the keys of another table,
so ``frictionless validate`` checks that the tables join. The Parquet file of each table has
the same columns, typed alike (``tables.write_parquet``); it is not a resource of the package
because frictionless reads a Parquet integer column with missing values as decimals and then
refuses it as not integer (frictionless 5.21).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .errors import CtocError
from .tabledefs import PREFIXES, TABLES, Column, Table, table

TYPES = {"iri": ("string", "uri"), "string": ("string", None), "integer": ("integer", None),
         "boolean": ("boolean", None), "date": ("date", None), "datetime": ("datetime", None)}


def definitions(ontology: Path) -> dict[str, str]:
    """The English definition of each term of the ontology, by its ``ctoc:`` name."""
    from rdflib import Graph
    from rdflib.namespace import SKOS

    g = Graph()
    g.parse(ontology, format="turtle")
    out = {}
    for term, text in g.subject_objects(SKOS.definition):
        if str(term).startswith(PREFIXES["ctoc"]) and getattr(text, "language", None) in ("en", None):
            out["ctoc:" + str(term)[len(PREFIXES["ctoc"]):]] = str(text)
    return out


def _description(column: Column, defs: dict[str, str]) -> str:
    if column.description:
        return column.description
    if column.path in defs:
        return f"{defs[column.path]} ({column.path})"
    if column.path is None and column.ref:
        return f"The {column.name}: a key of the table {column.ref}."
    raise CtocError(f"column {column.name} has no description and {column.path} no definition")


def _field(t: Table, column: Column, defs: dict[str, str]) -> dict[str, Any]:
    kind, fmt = TYPES[column.kind]
    field: dict[str, Any] = {"name": column.name, "type": kind}
    if fmt:
        field["format"] = fmt
    field["description"] = _description(column, defs)
    if column.path is None and not t.link and t.rdf_type:
        field["rdfType"] = t.rdf_type
    if column.required:
        field["constraints"] = {"required": True}
    return field


def schema(t: Table, defs: dict[str, str]) -> dict[str, Any]:
    """The Table Schema of a table, with a foreign key for each column holding another's key."""
    out: dict[str, Any] = {"fields": [_field(t, c, defs) for c in t.columns], "primaryKey": t.key}
    refs = [{"fields": [c.name], "reference": {"resource": "" if c.ref == t.name else c.ref,
                                                "fields": table(c.ref).key}}
            for c in t.columns if c.ref]
    if refs:
        out["foreignKeys"] = refs
    return out


def package(meta: dict[str, Any], defs: dict[str, str]) -> dict[str, Any]:
    """The descriptor: ``meta`` (name, title, version, created, licences …), then a resource
    per table (its CSV file)."""
    resources = [{
        "name": t.name,
        "path": f"tables/{t.name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": t.description,
        "schema": schema(t, defs),
    } for t in TABLES]
    return {**meta, "resources": resources}


def dumps(descriptor: dict[str, Any]) -> str:
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def validate(root: Path) -> None:
    """Validate ``root/datapackage.json`` and its tables with the ``frictionless`` library
    (types, required values, keys, foreign keys); a release that fails is not written."""
    try:
        import frictionless
    except ImportError as exc:
        raise CtocError("releases need the release extra: pip install 'ctocgraph[release]'") from exc
    report = frictionless.validate(str(root / "datapackage.json"))
    if not report.valid:
        errors = report.flatten(["rowNumber", "fieldName", "type", "note"])
        shown = "; ".join(" ".join(str(x) for x in e if x is not None) for e in errors[:3])
        raise CtocError(f"the data package does not validate: {shown or report.errors}")


def codebook(descriptor: dict[str, Any], counts: dict[str, int]) -> str:
    """A Markdown page describing every table and column, made from the descriptor."""
    out = [f"# {descriptor['title']} — codebook, version {descriptor['version']}", "",
           descriptor["description"], "",
           "Each table is in `tables/` as CSV (UTF-8, header, empty cell = no value) and as "
           "Parquet (typed columns). IRIs are keys: a column holding the key of another table "
           "joins with it, and every IRI is a resource of the graph (`graph/`). Rows are in the "
           "order of their key, as text. In the CSV files a text cell that a spreadsheet would "
           "run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) "
           "begins with `'`; the Parquet files hold the text as written.", ""]
    csvs = [r for r in descriptor["resources"] if r["format"] == "csv"]
    out += [f"* [{r['name']}](#{r['name']}) — {counts[r['name']]} rows" for r in csvs]
    for r in csvs:
        s = r["schema"]
        out += ["", f"## {r['name']}", "", r["description"], "",
                f"Files: `{r['path']}`, `tables/{r['name']}.parquet` · rows: {counts[r['name']]} · "
                f"key: {', '.join(f'`{k}`' for k in s['primaryKey'])}", ""]
        for fk in s.get("foreignKeys", []):
            target = fk["reference"]["resource"] or r["name"]
            out.append(f"* `{fk['fields'][0]}` → `{target}.{fk['reference']['fields'][0]}`")
        out += ["", "| column | type | required | description |", "|---|---|---|---|"]
        for f in s["fields"]:
            kind = "IRI" if f.get("format") == "uri" else f["type"]
            required = "yes" if f.get("constraints", {}).get("required") else ""
            text = f["description"].replace("|", "\\|")
            out.append(f"| `{f['name']}` | {kind} | {required} | {text} |")
    return "\n".join(out) + "\n"
