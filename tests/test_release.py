"""`ctocgraph release`: a citable, versioned folder of the seed graph (graph files, tidy tables,
data package, codebook, VoID/DCAT, CITATION.cff, data changelog, checksums)."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import DATA, ID, ROOT, ctocgraph
from rdflib import Dataset, Graph, Literal, URIRef

from ctocgraph.store import OxigraphStore
from ctocgraph.tabledefs import TABLES, Column, Table
from ctocgraph.tables import Rows, TableError, csv_text, read_table, write_parquet

DATE = "2025-01-15"
CTOC = "https://w3id.org/ctocgraph/ontology#"


@pytest.fixture(scope="module")
def release(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "ctocgraph-1.0.0"
    r = ctocgraph("release", str(out), "--version", "1.0.0", "--date", DATE,
                  "--store", str(built[0] / "store"))
    assert r.returncode == 0, r.stderr + r.stdout
    assert "21 tables" in r.stdout
    return out


def _schema(release: Path, name: str) -> dict:
    descriptor = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    return next(r["schema"] for r in descriptor["resources"] if r["name"] == name)


# -- the data package -----------------------------------------------------------------------------
def test_frictionless_validates_the_package(release):
    tool = Path(sys.executable).with_name("frictionless")
    r = subprocess.run([str(tool), "validate", str(release / "datapackage.json")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "INVALID" not in r.stdout and r.stdout.count("VALID") >= len(TABLES)


def test_frictionless_refuses_a_wrong_type_and_a_broken_join(release, tmp_path):
    """The validation can fail: an ordinal that is not an integer, a session of no body."""
    copy = tmp_path / "copy"
    shutil.copytree(release, copy)
    sessions = copy / "tables" / "sessions.csv"
    text = sessions.read_text(encoding="utf-8")
    sessions.write_text(text.replace(",4,2017-09-11,", ",four,2017-09-11,")
                        .replace(f"{ID}body/wg-som,7,", f"{ID}body/nobody,7,"), encoding="utf-8")
    tool = Path(sys.executable).with_name("frictionless")
    r = subprocess.run([str(tool), "validate", str(copy / "datapackage.json")],
                       capture_output=True, text=True, timeout=300)
    assert r.returncode != 0
    assert "type-error" in r.stdout and "foreign-key" in r.stdout


def test_codebook_describes_every_table_and_column(release):
    book = (release / "codebook.md").read_text(encoding="utf-8")
    for t in TABLES:
        assert f"\n## {t.name}\n" in book
        for c in t.columns:
            assert f"| `{c.name}` |" in book
    # a description taken from the ontology's definition of the property
    assert "The number of the session within its body (4 for the fourth meeting). (ctoc:ordinal)" in book
    assert "| `session` | IRI | yes |" in book


# -- the tables -----------------------------------------------------------------------------------
PANDAS = {"integer": "Int64", "boolean": "boolean", "string": "string"}


def _read_csv(release: Path, name: str) -> pd.DataFrame:
    """A table's CSV read by pandas with the types its schema declares."""
    fields = _schema(release, name)["fields"]
    dtypes = {f["name"]: PANDAS.get(f["type"], "string") for f in fields
              if f["type"] not in ("date", "datetime")}
    frame = pd.read_csv(release / "tables" / f"{name}.csv", dtype=dtypes, keep_default_na=False,
                        na_values=[""])
    for f in fields:
        if f["type"] == "date":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]], format="%Y-%m-%d").dt.date
        elif f["type"] == "datetime":
            frame[f["name"]] = pd.to_datetime(frame[f["name"]], format="%Y-%m-%dT%H:%M:%S")
    return frame


def test_pandas_reads_every_table_with_the_declared_types(release):
    for t in TABLES:
        fields = {f["name"]: f["type"] for f in _schema(release, t.name)["fields"]}
        parquet = pd.read_parquet(release / "tables" / f"{t.name}.parquet",
                                  dtype_backend="numpy_nullable")
        csv = _read_csv(release, t.name)
        assert list(parquet.columns) == list(fields) == list(csv.columns)
        for name, kind in fields.items():
            dtype = str(parquet[name].dtype)
            values = parquet[name].dropna()
            if kind == "integer":
                assert dtype in ("Int64", "int64"), (t.name, name, dtype)
            elif kind == "boolean":
                assert dtype in ("boolean", "bool"), (t.name, name, dtype)
            elif kind == "date":
                assert all(isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in values)
            elif kind == "datetime":
                assert dtype.startswith("datetime64"), (t.name, name, dtype)
            else:
                assert dtype == "string", (t.name, name, dtype)
            # the CSV and the Parquet file hold the same values (no seed text looks like a formula)
            assert [None if pd.isna(v) else v for v in csv[name]] == \
                [None if pd.isna(v) else v for v in parquet[name]], (t.name, name)


def _row(release: Path, table: str, key: str) -> dict:
    frame = pd.read_parquet(release / "tables" / f"{table}.parquet", dtype_backend="numpy_nullable")
    rows = frame[frame.iloc[:, 0] == key].to_dict("records")
    assert len(rows) == 1, (table, key)
    return rows[0]


def test_tables_state_the_seed_facts(release):
    # "Vienna, 11–13 September 2017", "opened on Monday, 11 September 2017, at 10 a.m."
    s = _row(release, "sessions", ID + "session/wg-som/4")
    assert (s["ordinal"], s["start_date"], s["end_date"]) == (4, dt.date(2017, 9, 11), dt.date(2017, 9, 13))
    assert s["opening_time"] == pd.Timestamp("2017-09-11 10:00:00")
    assert s["body"] == ID + "body/wg-som" and s["venue"] == ID + "place/vienna"
    item = _row(release, "agenda_items", ID + "session/wg-som/4/item/5")
    assert (item["item_number"], item["title_en"], item["session"]) == \
        ("5", "Other matters", ID + "session/wg-som/4")
    sub = _row(release, "agenda_items", ID + "session/wg-som/7/item/1b")
    assert sub["parent"] == ID + "session/wg-som/7/item/1"
    doc = _row(release, "documents", ID + "document/CTOC/COP/WG.7/2017/2")
    assert doc["title_en"] == ("Draft questionnaire for the review of the implementation of the "
                               "Smuggling of Migrants Protocol")
    assert doc["is_agenda"] is False or doc["is_agenda"] == False  # noqa: E712 (numpy bool)
    act = _row(release, "acts", ID + "resolution/cop/7/1")
    assert (act["kind"], act["number"], act["issuer"]) == ("resolution", "7/1", ID + "body/cop")
    # "On 30 August 2019, the extended Bureau … agreed, by silence procedure"
    decision = _row(release, "bureau_decisions", ID + "decision/cop-extended-bureau/2019-08-30")
    assert decision["date"] == dt.date(2019, 8, 30) and decision["by_silence"]
    concerns = pd.read_parquet(release / "tables" / "decision_sessions.parquet")
    assert concerns[concerns.decision == decision["decision"]][["session", "item"]].values.tolist() == \
        [[ID + "session/wg-som/7", ID + "session/wg-som/7/item/1b"]]
    texts = pd.read_parquet(release / "tables" / "decision_texts.parquet")
    en = texts[(texts.decision == decision["decision"]) & (texts.language == "en")]["text"].tolist()
    assert len(en) == 1 and en[0].startswith("On 30 August 2019, the extended Bureau of the Conference agreed")
    slot = _row(release, "time_slots", ID + "session/wg-som/7/slot/2020-09-08T1500")
    assert slot["end"] == pd.Timestamp("2020-09-08 18:00:00")
    links = pd.read_parquet(release / "tables" / "slot_items.parquet")
    continued = links[(links.slot == ID + "session/wg-som/7/slot/2020-09-08T1500")]
    assert sorted(zip(continued["item"], continued["continued"], strict=True)) == [
        (ID + "session/wg-som/7/item/2", True), (ID + "session/wg-som/7/item/3", False)]


def test_tables_state_the_register_facts(release):
    """The register (data/reference/register.toml) in the tables: the session that adopted an
    act and the day, and the documents of a Conference session."""
    # [[act]] resolution 7/1, session 7, date 2014-10-10 ("7/1 of 10 October 2014")
    act = _row(release, "acts", ID + "resolution/cop/7/1")
    assert (act["adopted_at"], act["adoption_date"]) == (ID + "session/cop/7", dt.date(2014, 10, 10))
    # [[act]] decision 4/4, session 4, no date; resolution 8/2 is cited by the 2017 agenda only
    act = _row(release, "acts", ID + "decision/cop/4/4")
    assert (act["kind"], act["number"], act["adopted_at"]) == ("decision", "4/4", ID + "session/cop/4")
    assert pd.isna(act["adoption_date"])
    act = _row(release, "acts", ID + "resolution/cop/8/2")
    assert pd.isna(act["adopted_at"]) and pd.isna(act["adoption_date"])
    # [[session]] cop 4: agenda CTOC/COP/2008/1, report CTOC/COP/2008/19, 8 to 17 October 2008
    s = _row(release, "sessions", ID + "session/cop/4")
    assert (s["ordinal"], s["start_date"], s["end_date"]) == (4, dt.date(2008, 10, 8), dt.date(2008, 10, 17))
    report = _row(release, "documents", ID + "document/CTOC/COP/2008/19")
    assert (report["symbol"], report["report_of"]) == ("CTOC/COP/2008/19", ID + "session/cop/4")
    assert pd.isna(report["agenda_of"])
    agenda = _row(release, "documents", ID + "document/CTOC/COP/2008/1")
    assert agenda["agenda_of"] == ID + "session/cop/4" and pd.isna(agenda["report_of"])


def _iris(nquads: Path) -> set[str]:
    ds = Dataset()
    ds.parse(nquads, format="nquads")
    return {str(t) for s, _, o, _ in ds.quads((None, None, None, None)) for t in (s, o)
            if isinstance(t, URIRef)}


def test_every_iri_of_a_table_is_in_the_graph(release):
    graph = _iris(release / "graph" / "ctocgraph.nq")
    seen = 0
    for t in TABLES:
        iris = [f["name"] for f in _schema(release, t.name)["fields"] if f.get("format") == "uri"]
        frame = pd.read_parquet(release / "tables" / f"{t.name}.parquet")
        for name in iris:
            for value in frame[name].dropna():
                assert value in graph, (t.name, name, value)
                seen += 1
    assert seen > 300  # every key and link of the seed tables


# how many rows each table has, asked of the store by SPARQL (written apart from tabledefs)
COUNTS = {
    "bodies": "SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b a ctoc:Body }",
    "sessions": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ctoc:Session }",
    "agenda_items": "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a ctoc:AgendaItem }",
    "documents": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a ctoc:Document }",
    "language_versions": "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ctoc:Expression }",
    "acts": "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { { ?a a ctoc:Resolution } UNION "
            "{ ?a a ctoc:Decision ; ctoc:decisionNumber ?x } }",
    "citations": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ctoc:Citation }",
    "mandates": "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a ctoc:Mandate }",
    "mandate_addressees": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?m ?b WHERE { ?m a ctoc:Mandate ; ctoc:addressedTo ?b } }",
    "mandate_verbs": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?m ?v WHERE { ?m a ctoc:Mandate ; ctoc:verb ?v } }",
    "bureau_decisions": "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a ctoc:Decision ; ctoc:decisionDate ?x }",
    "decision_sessions": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?d ?s WHERE { ?d ctoc:decisionDate ?x ; ctoc:concerns ?s } }",
    "decision_texts": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?d ?t WHERE { ?d ctoc:decisionDate ?x ; ctoc:decisionText ?t } }",
    "time_slots": "SELECT (COUNT(DISTINCT ?t) AS ?n) WHERE { ?t a ctoc:TimeSlot }",
    "slot_items": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?t ?i WHERE { ?t a ctoc:TimeSlot ; ctoc:scheduledItem ?i } }",
    "document_items": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?d ?i WHERE { ?d ctoc:documentFor ?i } }",
    "document_preparers": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?d ?b WHERE { ?d ctoc:preparedBy ?b } }",
    "governance": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?r WHERE { ?s ctoc:governedBy ?r } }",
    "provisions": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ctoc:Provision }",
    "instruments": "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a ctoc:Instrument }",
    "places": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a ctoc:Place }",
}


def test_row_counts_equal_the_resources_in_the_store(release, built):
    assert set(COUNTS) == {t.name for t in TABLES}
    store = OxigraphStore(built[0] / "store")
    try:
        for name, query in COUNTS.items():
            _, rows = store.select(f"PREFIX ctoc: <{CTOC}>\n{query}", {})
            expected = int(rows[0]["n"].value)
            assert pq.read_metadata(release / "tables" / f"{name}.parquet").num_rows == expected, name
            lines = (release / "tables" / f"{name}.csv").read_text(encoding="utf-8").count("\n")
            assert lines - 1 == expected, name
    finally:
        store.close()
    # the seed's own numbers, from the agendas' build report: 2 sessions, 15 items, 8 documents,
    # 9 slots; and the register's (data/reference/register.toml): the Conference's sessions 1 to
    # 12, and the documents its sessions name, the agenda and report of the fourth
    # (CTOC/COP/2008/1, CTOC/COP/2008/19) and the agenda of the eighth (CTOC/COP/2016/1)
    assert [pq.read_metadata(release / "tables" / f"{n}.parquet").num_rows
            for n in ("sessions", "agenda_items", "documents", "time_slots")] == [2 + 12, 15, 8 + 3, 9]


def test_a_second_value_for_one_row_stops_the_table():
    store = OxigraphStore(None)
    store.replace(f"<{ID}session/x/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{CTOC}Session> <{ID}graph/g> .\n"
                  f'<{ID}session/x/1> <{CTOC}ordinal> "1"^^<http://www.w3.org/2001/XMLSchema#integer> <{ID}graph/g> .\n'
                  f'<{ID}session/x/1> <{CTOC}ordinal> "2"^^<http://www.w3.org/2001/XMLSchema#integer> <{ID}graph/g> .\n'
                  f"<{ID}session/x/1> <{CTOC}sessionOf> <{ID}body/x> <{ID}graph/g> .\n")
    sessions = next(t for t in TABLES if t.name == "sessions")
    with pytest.raises(TableError, match="two values of ordinal"):
        read_table(store, sessions)


def test_csv_neutralises_formulas_and_parquet_keeps_the_text(tmp_path):
    t = Table("t", "a table", "", (Column("k", "iri", None, "key"), Column("title", "string", "dcterms:title", "x")))
    rows = Rows(t, {"k": [ID + "a", ID + "b"], "title": ["=HYPERLINK(\"http://x\")", "-5"]})
    assert csv_text(rows).splitlines()[1:] == [f'{ID}a,"\'=HYPERLINK(""http://x"")"', f"{ID}b,-5"]
    assert csv_text(rows, raw=True).splitlines()[1] == f'{ID}a,"=HYPERLINK(""http://x"")"'
    write_parquet(rows, tmp_path / "t.parquet")
    assert pq.read_table(tmp_path / "t.parquet").column("title").to_pylist()[0] == "=HYPERLINK(\"http://x\")"


# -- the graph files, the description, the citation ---------------------------------------------
def test_graph_files_hold_the_same_graph(release):
    quads = Dataset()
    quads.parse(release / "graph" / "ctocgraph.nq", format="nquads")
    expected_quads = {(s, p, o, g) for s, p, o, g in quads.quads((None, None, None, None))}
    union = {(s, p, o) for s, p, o, _ in expected_quads}
    ttl = Graph().parse(release / "graph" / "ctocgraph.ttl", format="turtle")
    assert set(ttl) == union
    jsonld = Dataset()
    jsonld.parse(release / "graph" / "ctocgraph.jsonld", format="json-ld")
    assert {(s, p, o, g) for s, p, o, g in jsonld.quads((None, None, None, None))} == expected_quads
    text = (release / "graph" / "ctocgraph.jsonld").read_text(encoding="utf-8")
    assert '"itemNumber": "5"' in text  # compacted with ontology/context.jsonld


def test_void_and_dcat_give_the_version_and_its_date(release):
    void = Graph().parse(release / "void.ttl", format="turtle")
    ds = URIRef(ID + "dataset/1.0.0")
    assert void.value(ds, URIRef("http://www.w3.org/ns/dcat#version")) == Literal("1.0.0")
    assert void.value(ds, URIRef("http://purl.org/dc/terms/issued")).toPython() == dt.date(2025, 1, 15)
    assert void.value(ds, URIRef("http://purl.org/dc/terms/isVersionOf")) == URIRef(ID + "dataset")
    union = {(s, p, o) for s, p, o in Graph().parse(release / "graph" / "ctocgraph.ttl", format="turtle")}
    assert int(void.value(ds, URIRef("http://rdfs.org/ns/void#triples"))) == len(union)
    media = {str(m) for m in void.objects(None, URIRef("http://www.w3.org/ns/dcat#mediaType"))}
    assert {"application/n-quads", "text/turtle", "application/ld+json", "text/csv",
            "application/vnd.apache.parquet"} <= media


CFF_SCHEMA = json.loads((ROOT / "tests" / "fixtures" / "cff-schema-1.2.0.json").read_text(encoding="utf-8"))


def test_citation_cff_is_valid(release):
    cff = yaml.safe_load((release / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(cff, CFF_SCHEMA)
    assert (cff["type"], cff["version"], cff["date-released"]) == ("dataset", "1.0.0", DATE)
    del cff["authors"]  # the check can fail: authors are required
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(cff, CFF_SCHEMA)


def test_checksums_cover_every_file(release):
    sums = dict(reversed(line.split("  ", 1)) for line in
                (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    files = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert set(sums) == files - {"SHA256SUMS", ".ctocgraph-files"}
    for name, digest in sums.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest
    assert "LICENSE.txt" in sums and "MIT License" in (release / "LICENSE.txt").read_text(encoding="utf-8")


# -- determinism, the date, the folder ----------------------------------------------------------
def test_same_sources_and_version_give_the_same_bytes(release, tmp_path):
    """A release of another build of the same sources (with --jobs, into another store), dated
    by SOURCE_DATE_EPOCH instead of --date, is byte-identical."""
    r = ctocgraph("build", "--jobs", "1", "--no-cache", "-o", str(tmp_path / "b.nq"),
                  "--store", str(tmp_path / "store"))
    assert r.returncode == 0, r.stderr
    epoch = str(int(dt.datetime(2025, 1, 15, 12, tzinfo=dt.UTC).timestamp()))
    r = ctocgraph("release", str(tmp_path / "again"), "--version", "1.0.0",
                  "--store", str(tmp_path / "store"), env={"SOURCE_DATE_EPOCH": epoch})
    assert r.returncode == 0, r.stderr
    files = sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "again").as_posix()
                           for p in (tmp_path / "again").rglob("*") if p.is_file())
    for name in files:
        assert (release / name).read_bytes() == (tmp_path / "again" / name).read_bytes(), name


def test_a_release_needs_a_date_and_a_version(built, tmp_path):
    env = {"SOURCE_DATE_EPOCH": ""}
    store = str(built[0] / "store")
    r = ctocgraph("release", str(tmp_path / "r"), "--version", "1.0.0", "--store", store, env=env)
    assert r.returncode == 2 and "--date" in r.stderr and "SOURCE_DATE_EPOCH" in r.stderr
    r = ctocgraph("release", str(tmp_path / "r"), "--version", "v1", "--date", DATE, "--store", store)
    assert r.returncode == 2 and "X.Y.Z" in r.stderr
    assert not (tmp_path / "r").exists()


def test_a_folder_with_a_users_file_is_refused(built, tmp_path):
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    r = ctocgraph("release", str(target), "--version", "1.0.0", "--date", DATE,
                  "--store", str(built[0] / "store"))
    assert r.returncode == 2 and "not written by ctocgraph" in r.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


# -- the data changelog ---------------------------------------------------------------------------
def test_first_release_says_it_is_the_first(release):
    changes = (release / "CHANGES.md").read_text(encoding="utf-8")
    assert "This is the first release" in changes
    # 2 sessions of the seed agendas and the register's 12 of the Conference; 15 items (the agendas)
    assert "| ctoc:Session | 14 |" in changes and "| ctoc:AgendaItem | 15 |" in changes
    assert not (release / "changes").exists()


EN_2017 = "sources/CTOC_COP_WG.7_2017_1.en.txt"


def test_changelog_finds_exactly_the_changed_facts(release, tmp_path):
    """Item 5 of the fourth meeting is renamed in the English text ("Other matters" → "Any
    other business", in the agenda, the annotations and the annex); the second release's
    changelog holds those facts and the text's new SHA-256, nothing else."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    source = data / EN_2017
    old_bytes = source.read_bytes()
    text = old_bytes.decode("utf-8")
    assert text.count("Other matters") == 3
    source.write_text(text.replace("Other matters", "Any other business"), encoding="utf-8")
    old_sha = hashlib.sha256(old_bytes).hexdigest()
    new_sha = hashlib.sha256(source.read_bytes()).hexdigest()
    manifest = data / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(old_sha, new_sha), encoding="utf-8")
    r = ctocgraph("build", "--data", str(data), "-o", str(tmp_path / "b.nq"), "--store", str(tmp_path / "store"))
    assert r.returncode == 0, r.stderr + r.stdout
    out = tmp_path / "ctocgraph-1.1.0"
    r = ctocgraph("release", str(out), "--version", "1.1.0", "--date", "2025-02-01",
                  "--previous", str(release), "--store", str(tmp_path / "store"))
    assert r.returncode == 0, r.stderr + r.stdout

    item, version = f"<{ID}session/wg-som/4/item/5>", f"<{ID}document/CTOC/COP/WG.7/2017/1/en>"
    title, label = "<http://purl.org/dc/terms/title>", "<http://www.w3.org/2000/01/rdf-schema#label>"
    pref, sha = "<http://www.w3.org/2004/02/skos/core#prefLabel>", f"<{CTOC}sha256>"
    removed = {f'{item} {title} "Other matters"@en .', f'{item} {label} "Other matters"@en .',
               f'{item} {pref} "Other matters"@en .', f'{version} {sha} "{old_sha}" .'}
    added = {f'{item} {title} "Any other business"@en .', f'{item} {label} "Any other business"@en .',
             f'{item} {pref} "Any other business"@en .', f'{version} {sha} "{new_sha}" .'}
    assert set((out / "changes" / "removed.nt").read_text(encoding="utf-8").splitlines()) == removed
    assert set((out / "changes" / "added.nt").read_text(encoding="utf-8").splitlines()) == added
    changes = (out / "CHANGES.md").read_text(encoding="utf-8")
    assert "since 1.0.0" in changes and "4 added, 4 removed" in changes
    assert "| ctoc:AgendaItem | 0 | 0 | 1 |" in changes and "| ctoc:Expression | 0 | 0 | 1 |" in changes
    assert changes.count("\n| ctoc:") == 2  # no other class
    void = Graph().parse(out / "void.ttl", format="turtle")
    assert void.value(URIRef(ID + "dataset/1.1.0"), URIRef("http://www.w3.org/ns/dcat#previousVersion")) \
        == URIRef(ID + "dataset/1.0.0")


# -- one direction of flow ------------------------------------------------------------------------
PARSING = {"read", "normalize", "parse", "extract", "facts", "header", "annex", "layout", "lexicon",
           "missing", "parsestate", "manifest", "build", "fastbuild", "mapping", "model"}


def test_the_release_never_imports_the_parsing_modules():
    """The modules the release loads (imports at module level, followed through the package)
    include no stage before the store."""
    package = ROOT / "src" / "ctocgraph"
    seen, todo = set(), ["release", "cli_release"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        tree = ast.parse((package / f"{name}.py").read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                todo += [node.module] if node.module else [a.name for a in node.names]
    assert {"tables", "tabledefs", "datapackage", "datachanges", "void", "store"} <= seen
    assert not seen & PARSING, seen & PARSING
