"""A researcher's first hour: adding an agenda of one's own, building a file without losing the
corpus, and the one-line answers to the usual mistakes (each with its exact message and exit
code). The expected sessions and values are read by hand from the seed texts, from the register
(data/reference/register.toml) and from tests/agendas/cosp/CAC_COSP_2017_1.en.txt (the seventh
session of the UNCAC Conference, held in Vienna from 6 to 10 November 2017)."""

from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import DATA, ROOT, ctocgraph

COSP = ROOT / "tests" / "agendas" / "cosp" / "CAC_COSP_2017_1.en.txt"
SESSIONS = 'SELECT ?s WHERE { ?s a ctoc:Session } ORDER BY ?s'


@pytest.fixture()
def corpus(tmp_path):
    """A copy of the data folder, built into its own store (the working folder is the copy's
    parent, as for a researcher who cloned the project)."""
    shutil.copytree(DATA, tmp_path / "data")
    r = ctocgraph("build", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return tmp_path


def sessions(cwd) -> list[str]:
    r = ctocgraph("sparql", "-", "--format", "csv", cwd=cwd, input=SESSIONS)
    assert r.returncode == 0, r.stderr
    return r.stdout.splitlines()[1:]


def dump(cwd) -> set[str]:
    return set((cwd / ".ctocgraph" / "store" / "dataset.nq").read_text(encoding="utf-8").splitlines())


SEED_SESSIONS = ["https://w3id.org/ctocgraph/id/session/wg-som/4",
                 "https://w3id.org/ctocgraph/id/session/wg-som/7"]
# the register (data/reference/register.toml) has a [[session]] for each of the Conference's
# sessions 1 to 12; the reference graph is part of every build. In IRI order ("cop/10" before
# "cop/2"), as SESSIONS sorts them, and before "cosp/…" and "wg-som/…"
REGISTER_SESSIONS = [f"https://w3id.org/ctocgraph/id/session/cop/{n}"
                     for n in ("1", "10", "11", "12", "2", "3", "4", "5", "6", "7", "8", "9")]


def test_add_puts_an_agenda_beside_the_seeds(corpus, tmp_path_factory):
    before = dump(corpus)
    mine = tmp_path_factory.mktemp("mine") / "my_agenda.txt"  # named otherwise: read from its head
    shutil.copyfile(COSP, mine)
    r = ctocgraph("add", str(mine), cwd=corpus)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "CAC/COSP/2017/1 [en]: added as sources/CAC_COSP_2017_1.en.txt"
    copied = corpus / "data" / "sources" / "CAC_COSP_2017_1.en.txt"
    assert copied.read_bytes() == COSP.read_bytes()
    manifest = (corpus / "data" / "manifest.toml").read_text(encoding="utf-8")
    digest = hashlib.sha256(COSP.read_bytes()).hexdigest()
    assert manifest.endswith('\n[[source]]\nsymbol = "CAC/COSP/2017/1"\nlanguage = "en"\n'
                             'file = "sources/CAC_COSP_2017_1.en.txt"\n'
                             f'sha256 = "{digest}"\n')
    assert manifest.startswith((DATA / "manifest.toml").read_text(encoding="utf-8"))  # kept as written
    assert sessions(corpus) == [*REGISTER_SESSIONS, "https://w3id.org/ctocgraph/id/session/cosp/7",
                                *SEED_SESSIONS]
    assert before <= dump(corpus)  # every fact of the seeds is still there

    again = ctocgraph("add", str(mine), "--no-build", cwd=corpus)
    assert (again.returncode, again.stdout) == (
        0, "CAC/COSP/2017/1 [en]: already in the corpus as sources/CAC_COSP_2017_1.en.txt\n")
    other = mine.with_name("other.txt")
    other.write_text(COSP.read_text(encoding="utf-8").replace("Vienna", "Viena"), encoding="utf-8")
    clash = ctocgraph("add", str(other), "--no-build", cwd=corpus)
    assert (clash.returncode, clash.stderr) == (
        2, f"ctocgraph: error: {other}: CAC/COSP/2017/1 [en] is already in the corpus as "
           "sources/CAC_COSP_2017_1.en.txt (another text); add --replace to replace it\n")


def test_add_refuses_what_is_not_an_agenda_and_changes_nothing(corpus, tmp_path_factory):
    note = tmp_path_factory.mktemp("mine") / "A_1.en.txt"
    note.write_text("Shopping list\nMilk\n", encoding="utf-8")
    manifest = (corpus / "data" / "manifest.toml").read_bytes()
    r = ctocgraph("add", str(note), cwd=corpus)
    assert r.returncode == 2
    assert r.stderr.startswith(f"ctocgraph: error: {note.name}:1: not an annotated provisional agenda")
    assert (corpus / "data" / "manifest.toml").read_bytes() == manifest
    assert not (corpus / "data" / "sources" / "A_1.en.txt").exists()


def test_add_never_overwrites_a_file_it_did_not_record(corpus, tmp_path_factory):
    theirs = corpus / "data" / "sources" / "CAC_COSP_2017_1.en.txt"
    theirs.write_text("a file of the researcher's own\n", encoding="utf-8")
    mine = tmp_path_factory.mktemp("mine") / "CAC_COSP_2017_1.en.txt"
    shutil.copyfile(COSP, mine)
    r = ctocgraph("add", str(mine), cwd=corpus)
    assert (r.returncode, r.stderr) == (
        2, f"ctocgraph: error: {mine}: {corpus / 'data' / 'sources' / 'CAC_COSP_2017_1.en.txt'} "
           "exists and is not this file: move it, or give this file another symbol or language\n")
    assert theirs.read_text(encoding="utf-8") == "a file of the researcher's own\n"


def test_building_a_file_leaves_the_corpus_in_the_store(corpus):
    before = dump(corpus)
    r = ctocgraph("build", str(COSP), cwd=corpus)
    assert r.returncode == 0, r.stderr
    assert r.stderr == ("store left as it was: files named on the command line are not the corpus "
                        "(`ctocgraph add FILE` adds them; --store PATH loads them alone)\n")
    assert r.stdout.splitlines()[-1] == "wrote out/CAC_COSP_2017_1.en.trig"
    assert dump(corpus) == before and sessions(corpus) == [*REGISTER_SESSIONS, *SEED_SESSIONS]
    assert not (corpus / "out" / "ctocgraph.trig").read_text(encoding="utf-8").count("cosp/7")


def test_a_manifest_entry_without_sha256_says_what_to_write(corpus):
    manifest = corpus / "data" / "manifest.toml"
    text = manifest.read_text(encoding="utf-8")
    line = 'sha256 = "2e3b28fb1645ce1da515618ba716b8fed615bc33b1126292b29a11d08da171f6"\n'
    assert text.count(line) == 1  # the English 2017 text's entry, the third
    manifest.write_text(text.replace(line, ""), encoding="utf-8")
    r = ctocgraph("build", cwd=corpus)
    assert (r.returncode, r.stderr) == (
        2, f"ctocgraph: error: {manifest}: source #3 lacks sha256; write in "
           f"its entry: {line.strip()}\n")


@pytest.mark.parametrize(("args", "message"), [
    (("topics", "--body", "nonexistent"),
     # the reference data's 20 bodies in name order, the first twelve shown
     "body=nonexistent: no such body in the graph; the graph holds ccpcj, ccpcj-eg-cybercrime, "
     "cnd, cop, cop-extended-bureau, cosp, cosp-irg, cosp-wg-asset-recovery, "
     "cosp-wg-prevention, crime-congress-13, ecosoc, ga and 8 more"),
    (("schedule", "--session", "wg-som:99"),
     "session=wg-som:99: no such session in the graph; the graph holds wg-som:4, wg-som:7"),
    (("topics", "--lang", "xx"),
     "lang=xx: the graph has no text in this language; languages in the graph: ar, en, es, fr, ru, zh"),
    # the acts a resolution parameter can name, numbers in order, the first twelve shown: the
    # Conference's resolutions of the register (5/1, 5/3, 5/4, 5/5, 6/1, 6/2, 7/1, 8/3, 9/1, 10/1,
    # 12/4) and those the seeds cite (5/5, 6/3, 7/1, 8/2): 13; then ecosoc:2014/23 and ga:71/1
    # (cited) and the register's 24 decisions (1/1-1/6, 2/1-2/6, 3/1-3/4, 4/1-4/8): 39 in all,
    # 27 more. The extended Bureau's dated decisions are no value of this parameter.
    (("governance", "-p", "resolution=9/9"),
     "resolution=9/9: no such resolution in the graph; the graph holds 5/1, 5/3, 5/4, 5/5, 6/1, "
     "6/2, 6/3, 7/1, 8/2, 8/3, 9/1, 10/1 and 27 more"),
    # the files of queries/, in name order
    (("nosuch",),
     "no query named 'nosuch'; available: act-timeline, acts, asked-of, citations, decisions, "
     "documents, establishment, find, governance, lineage, provisions, recurring, schedule, "
     "sessions, topics"),
])
def test_a_value_the_graph_does_not_hold_is_an_error(built, args, message):
    out, _ = built
    r = ctocgraph("query", *args, "--store", str(out / "store"))
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"ctocgraph: error: {message}\n")


@pytest.mark.parametrize(("query", "message"), [
    ("SELECT ?s WHERE { ?s a ctoc:Session\n  FILTER ( }",
     # the line is the user's (the declared prefixes do not shift it); the column is where
     # Oxigraph's parser stopped, after the "}" it could not take
     "SPARQL syntax error at line 2, column 13: unexpected text"),
    ("INSERT DATA { id:x a ctoc:Session }",
     "the store is read-only: a SPARQL Update (INSERT …) is not run; `ctocgraph build` makes the graph"),
    ("PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
     "the store is read-only: a SPARQL Update (DELETE …) is not run; `ctocgraph build` makes the graph"),
    ("ASK { ?s ?p ?o }",
     "only SELECT queries are run here, not ASK; `ctocgraph export` writes the graph"),
])
def test_ad_hoc_queries_fail_in_one_line(built, query, message):
    out, _ = built
    r = ctocgraph("sparql", "-", "--store", str(out / "store"), input=query)
    assert (r.returncode, r.stdout, r.stderr) == (2, "", f"ctocgraph: error: {message}\n")


def test_ad_hoc_queries_need_no_prefixes(built):
    out, _ = built
    r = ctocgraph("sparql", "-", "--store", str(out / "store"), "--format", "csv",
                  input="SELECT ?s ?d WHERE { ?s a ctoc:Session ; ctoc:startDate ?d } ORDER BY ?d")
    assert r.returncode == 0, r.stderr
    # the seed agendas' sessions (2017-09-11, 2020-09-08) among the register's dated sessions
    # of the Conference (register.toml's start dates; the second session has none)
    cop = "https://w3id.org/ctocgraph/id/session/cop/"
    assert r.stdout.splitlines() == [
        "s,d", f"{cop}1,2004-06-28", f"{cop}3,2006-10-09", f"{cop}4,2008-10-08",
        f"{cop}5,2010-10-18", f"{cop}6,2012-10-15", f"{cop}7,2014-10-06", f"{cop}8,2016-10-17",
        f"{SEED_SESSIONS[0]},2017-09-11", f"{cop}9,2018-10-15", f"{SEED_SESSIONS[1]},2020-09-08",
        f"{cop}10,2020-10-12", f"{cop}11,2022-10-17", f"{cop}12,2024-10-14"]


def test_query_help_lists_the_parameters(built):
    r = ctocgraph("query", "schedule", "--help")
    assert r.returncode == 0
    assert "Organization of work of a session" in r.stdout
    assert "--session SESSION" in r.stdout and "default: wg-som:4" in r.stdout
    listing = ctocgraph("query", "--help").stdout
    assert all(name in listing for name in ("governance", "topics", "schedule", "find"))


def test_titles_fall_back_with_their_language(built):
    out, _ = built
    # French: only the 2020 session has a French text; the 2017 items fall back to English
    r = ctocgraph("query", "topics", "--body", "wg-som", "--lang", "fr", "--format", "csv",
                  "--store", str(out / "store"))
    rows = [line.split(",") for line in r.stdout.splitlines()[1:]]
    first = {(row[2], row[4]): (row[-2], row[-1]) for row in rows}
    assert first[("4", "1")] == ("Organizational matters", "en")
    assert first[("7", "1")] == ("Questions d'organisation", "fr")


@pytest.fixture(scope="module")
def sixty(tmp_path_factory):
    """Sixty generated agendas (30 in English, 30 in Chinese): enough for progress to show."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import write_corpus

    root = tmp_path_factory.mktemp("sixty")
    write_corpus(root / "data", 60, seed=3)
    return root


def test_progress_is_a_bar_on_a_terminal(sixty):
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal's size
    with subprocess.Popen([sys.executable, "-m", "ctocgraph", "build", "--no-store", "--no-cache",
                           "-o", "out/g.nq"], cwd=sixty, stdin=subprocess.DEVNULL,
                          stdout=subprocess.DEVNULL, stderr=child) as p:
        os.close(child)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the child closed its end
                break
            if not chunk:
                break
            seen += chunk
        assert p.wait() == 0
    os.close(main)
    text = seen.decode("utf-8", "replace")
    assert "reading sources:" in text and "/60 [" in text  # tqdm's bar: done/total [time]
    assert "validating…" in text


def test_progress_is_plain_lines_in_a_log_and_nothing_when_quiet(sixty):
    r = ctocgraph("build", "--no-store", "--no-cache", "-o", "out/g.nq", cwd=sixty,
                  env={"CTOCGRAPH_PROGRESS_SECONDS": "0"})
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert [line.split(" (")[0] for line in lines if line.startswith("reading sources")] == \
        [f"reading sources: {n}/60" for n in range(1, 61)] + ["reading sources: 60 done"]
    assert len(r.stdout.splitlines()) > 60  # a line per source, then the totals
    quiet = ctocgraph("-q", "build", "--no-store", "--no-cache", "-o", "out/g.nq", cwd=sixty,
                      env={"CTOCGRAPH_PROGRESS_SECONDS": "0"})
    assert quiet.returncode == 0 and quiet.stderr == ""
    assert not any(line.startswith(("CTOC/", "  warning")) for line in quiet.stdout.splitlines())
    assert quiet.stdout.splitlines()[-3:] == r.stdout.splitlines()[-3:]  # SHACL, wrote …


def test_tables_align_arabic_with_vowel_marks_and_chinese():
    from wcwidth import wcswidth

    from ctocgraph.query import format_rows
    from ctocgraph.store import Value

    rows = [{"title": Value("literal", t), "n": Value("literal", "1")}
            for t in ("أَثَرُ الكَوارِث", "组织事项", "Opening")]  # 8 marks take no column
    lines = format_rows(["title", "n"], rows).splitlines()
    # in a terminal each row's second column starts where the header's does
    starts = {wcswidth(line[: line.rstrip().rfind(" ") + 1]) for line in (lines[0], *lines[2:5])}
    assert starts == {len("أثر الكوارث") + 2}  # the widest title, 11 columns, then two spaces


def test_the_package_loads_little_and_its_names_are_the_functions():
    import subprocess
    import sys

    # a fresh interpreter: what `import ctocgraph` loads, and the names after the modules
    # that define them were imported by others
    code = ("import sys, ctocgraph; heavy = [m for m in ('rdflib', 'pyoxigraph', 'ctocgraph.build', 'ctocgraph.fastbuild')"
            " if m in sys.modules]; import ctocgraph.layout, ctocgraph.build, ctocgraph.validate;"
            " from ctocgraph import build, normalize, parse, read, validate, open;"
            " print(heavy, [f.__module__ for f in (build, normalize, parse, read, validate, open)])")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == ("[] ['ctocgraph.fastbuild', 'ctocgraph.normalize', 'ctocgraph.parse', "
                                "'ctocgraph.read', 'ctocgraph.validate', 'ctocgraph.api']")
