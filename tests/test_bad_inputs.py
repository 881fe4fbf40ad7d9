"""The bad-input corpus: every case gives a clear error naming the file and line (or is
recognised and reported), through the API and the CLI, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, ROOT, ctocgraph

from ctocgraph import Reference, build, load_manifest, source_from_path
from ctocgraph.errors import ManifestError, ParseError, SourceError

CORPUS = ROOT / "tests" / "bad_inputs"
REF = Reference(DATA / "reference")

# case → (error class, line named, words in the message)
ERRORS = {
    "empty": (SourceError, None, "file is empty"),
    "binary": (SourceError, None, "binary file (NUL bytes)"),
    "mixed-encodings": (SourceError, 102, "mixed encodings"),
    "not-an-agenda": (ParseError, 1, "not an annotated provisional agenda"),
    "duplicate-items": (ParseError, 25, "duplicate agenda item number 2"),
    "unknown-scheduled-item": (ParseError, 236, "schedules item 9, which is not on the agenda"),
    "impossible-date": (ParseError, 47, "day is out of range for month"),
    "malformed-symbol": (ParseError, 112, "malformed document symbol 'CTOC//COP/WG.7/2017/2'"),
}
# case → what a text that stops early does not give (the build gives the rest): written from
# the text, which ends at line 238 inside the annex (its rows stop after item 4), and at line
# 142 after item 3's documentation (items 4-6 of the list have no annotation, and the
# annotations refer to the annex, "（见附件）", which is not there)
PARTIAL = {
    "truncated-annex": ["the organization of work ends before item 5 (line 238)"],
    "truncated-annotations": [
        "the text ends inside the annotation of item 3 (line 142): items 4-6 have no annotation",
        "no organization of work (the annotations refer to an annex)"],
}
# case → encoding the build reports, having read the file correctly
RECOGNISED = {"utf8-bom": None, "utf16": "utf-16", "gb18030": "gb18030", "cp1252": "cp1252"}


def source_of(case: str) -> Path:
    return next((CORPUS / case).glob("*.txt"))


def test_every_case_of_the_corpus_is_tested():
    cases = {p.name for p in CORPUS.iterdir() if p.is_dir()}
    assert cases == set(ERRORS) | set(RECOGNISED) | set(PARTIAL) | {"sha256-mismatch",
                                                                     "weekday-contradiction"}


@pytest.mark.parametrize("case", sorted(ERRORS))
def test_error(case):
    cls, line, words = ERRORS[case]
    path = source_of(case)
    with pytest.raises(cls) as err:
        build([source_from_path(path)], REF)
    assert type(err.value) is cls
    assert err.value.line == line
    assert words in err.value.message
    assert str(err.value).startswith(path.name + (f":{line}: " if line else ": "))


@pytest.mark.parametrize("case", ["empty", "mixed-encodings", "not-an-agenda", "malformed-symbol"])
def test_cli_gives_one_line_and_writes_nothing(tmp_path, case):
    out = tmp_path / "x.trig"
    r = ctocgraph("build", str(source_of(case)), "--store", str(tmp_path / "store"), "-o", str(out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.count("\n") == 1 and ERRORS[case][2] in r.stderr
    assert not out.exists() and not (tmp_path / "store").exists()


@pytest.mark.parametrize("case", sorted(PARTIAL))
def test_a_text_that_stops_early_gives_what_it_states(case):
    result = build([source_from_path(source_of(case))], REF)
    assert result.validation.conforms
    rec = result.records[0]
    assert rec.missing == PARTIAL[case]
    assert rec.ordinal == 4 and rec.start_date.isoformat() == "2017-09-11"  # from its head
    assert [i.number for i in rec.items] == ["1", "1(a)", "1(b)", "2", "3", "4", "5", "6"]


@pytest.mark.parametrize("case", sorted(PARTIAL))
def test_cli_builds_a_partial_text_and_strict_refuses_it(tmp_path, case):
    path = source_of(case)
    r = ctocgraph("build", str(path), "--no-store", "-o", str(tmp_path / "x.nq"))
    assert r.returncode == 0, r.stderr
    assert f"{path.name}:{PARTIAL[case][0].split('(line ')[1].split(')')[0]}: partial: " in r.stdout
    r = ctocgraph("build", str(path), "--strict", "--no-store", "-o", str(tmp_path / "y.nq"))
    assert r.returncode == 2 and not (tmp_path / "y.nq").exists()
    assert r.stderr.startswith(f"ctocgraph: error: {path.name}: partial source refused by --strict")


@pytest.mark.parametrize("case", sorted(RECOGNISED))
def test_recognised_encoding(case):
    result = build([source_from_path(source_of(case))], REF)
    assert result.validation.conforms
    rec = result.records[0]
    assert rec.unparsed == [] and rec.ordinal == 4 and len(rec.slots) == 5
    reported = [f.message for f in rec.findings if f.code == "encoding"]
    expected = RECOGNISED[case]
    assert reported == ([f"decoded as {expected}, not UTF-8"] if expected else [])


def test_weekday_contradicting_its_date_is_an_error_finding_with_its_line(tmp_path):
    result = build([source_from_path(source_of("weekday-contradiction"))], REF)
    found = [(f.severity, f.code, f.line) for f in result.records[0].findings
             if f.code == "weekday-mismatch"]
    assert found == [("error", "weekday-mismatch", 47)]
    r = ctocgraph("build", str(source_of("weekday-contradiction")), "--strict", "--no-store",
                  "-o", str(tmp_path / "x.nq"))
    assert r.returncode == 1 and "星期五 does not agree with 2017-09-11 (a Monday)" in r.stdout


def test_manifest_sha256_mismatch():
    with pytest.raises(ManifestError, match="sha256 mismatch for sources/CTOC_COP_WG") as err:
        load_manifest(CORPUS / "sha256-mismatch")
    assert "manifest.toml" in str(err.value)


def test_file_over_the_size_limit(tmp_path):
    from ctocgraph.read import MAX_BYTES

    path = tmp_path / "CTOC_COP_WG.7_2017_1.zh.txt"
    with path.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk used
    with pytest.raises(SourceError, match="over the 20971520-byte limit"):
        build([source_from_path(path)], REF)


def test_an_impossible_date_in_a_later_opening_sentence_is_an_error(tmp_path):
    """Every opening sentence is read, not only the first: a second one with an impossible
    date (here under item 5) is an error naming its line, as the first would be."""
    lines = (DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt").read_text(encoding="utf-8").split("\n")
    at = lines.index("As the Secretariat has not become aware of any issues to be raised under agenda ")
    lines[at:at] = ["The fourth meeting of the Working Group on the Smuggling of Migrants will be ", "",
                    "opened on Monday, 31 September 2017, at 10 a.m. ", "", " ", ""]
    path = tmp_path / "CTOC_COP_WG.7_2017_1.en.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ParseError) as err:
        build([source_from_path(path)], REF)
    assert err.value.line == at + 1
    assert "day is out of range for month" in err.value.message
