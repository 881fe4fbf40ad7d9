"""Language versions of one symbol must agree; a deliberate disagreement is reported."""

from __future__ import annotations

import shutil

from conftest import DATA, ctocgraph

from ctocgraph import Reference, build, source_from_path

REF = Reference(DATA / "reference")
SOURCES = DATA / "sources"


def altered_pair(tmp_path, symbol_stem: str, old: str, new: str):
    zh = tmp_path / f"{symbol_stem}.zh.txt"
    en = tmp_path / f"{symbol_stem}.en.txt"
    shutil.copy(SOURCES / zh.name, zh)
    text = (SOURCES / en.name).read_text(encoding="utf-8")
    assert old in text
    en.write_text(text.replace(old, new, 1), encoding="utf-8")
    return zh, en


def test_the_seeds_agree_across_languages(seed):
    assert seed.inconsistencies == []


def test_a_changed_date_is_reported_with_both_files_and_lines(tmp_path):
    zh, en = altered_pair(tmp_path, "CTOC_COP_WG.7_2017_1", "Vienna, 11–13 September 2017",
                          "Vienna, 11–14 September 2017")
    result = build([source_from_path(zh), source_from_path(en)], REF)
    found = [str(i) for i in result.inconsistencies]
    assert found == [
        "CTOC/COP/WG.7/2017/1: end date differs between language versions: "
        "CTOC_COP_WG.7_2017_1.en.txt:3 says 2017-09-14, CTOC_COP_WG.7_2017_1.zh.txt:3 says 2017-09-13",
    ]
    # one session cannot have two end dates: the merged graph fails SHACL as well
    assert not result.validation.conforms
    assert result.validation.by_shape("https://w3id.org/ctocgraph/shapes#SessionShape")


def test_a_changed_symbol_is_reported(tmp_path):
    zh, en = altered_pair(tmp_path, "CTOC_COP_WG.7_2020_1", "(CTOC/COP/WG.7/2020/2)",
                          "(CTOC/COP/WG.7/2020/4)")
    result = build([source_from_path(zh), source_from_path(en)], REF)
    found = [(i.fact, i.line_a, i.value_a, i.line_b, i.value_b) for i in result.inconsistencies]
    assert found == [("item 2: documents", 182, "{CTOC/COP/WG.7/2020/4}", 114,
                      "{CTOC/COP/WG.7/2020/2}")]


def test_a_changed_citation_and_time_are_reported(tmp_path):
    zh, en = altered_pair(tmp_path, "CTOC_COP_WG.7_2017_1", "Conference resolution 6/3",
                          "Conference resolution 6/4")
    text = en.read_text(encoding="utf-8").replace("3–6 p.m. 4 Review", "3–5 p.m. 4 Review")
    en.write_text(text, encoding="utf-8")
    result = build([source_from_path(zh), source_from_path(en)], REF)
    facts = sorted(i.fact for i in result.inconsistencies)
    assert facts == ["item 4: resolutions cited", "time slot 2017-09-12 15:00"]


def test_strict_build_fails_on_disagreement(tmp_path):
    zh, en = altered_pair(tmp_path, "CTOC_COP_WG.7_2017_1", "Conference resolution 6/3",
                          "Conference resolution 6/4")
    r = ctocgraph("build", str(zh), str(en), "--no-store", "-o", str(tmp_path / "a.nq"))
    assert r.returncode == 0, r.stdout
    assert "inconsistent: CTOC/COP/WG.7/2017/1: item 4: resolutions cited differs" in r.stdout
    r = ctocgraph("build", str(zh), str(en), "--no-store", "--strict", "-o", str(tmp_path / "b.nq"))
    assert r.returncode == 1 and not (tmp_path / "b.nq").exists()


def test_a_date_disagreement_fails_even_without_strict(tmp_path):
    zh, en = altered_pair(tmp_path, "CTOC_COP_WG.7_2017_1", "Vienna, 11–13 September 2017",
                          "Vienna, 12–13 September 2017")
    r = ctocgraph("build", str(zh), str(en), "--no-store", "-o", str(tmp_path / "a.nq"))
    assert r.returncode == 1 and "inconsistent: CTOC/COP/WG.7/2017/1: start date" in r.stdout
    assert "DOES NOT CONFORM" in r.stdout and not (tmp_path / "a.nq").exists()
