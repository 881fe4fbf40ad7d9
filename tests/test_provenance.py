"""Every fact can be traced: explain shows the source lines, coverage what each line became."""

from __future__ import annotations

import shutil

from conftest import DATA, ctocgraph


def test_explain_session_item_and_resolution(built):
    out, _ = built
    store = str(out / "store")
    r = ctocgraph("explain", "id:session/wg-som/4", "--store", store)
    assert r.returncode == 0, r.stderr
    assert "sources/CTOC_COP_WG.7_2017_1.zh.txt [zh] lines 3\n       3 | 2017 年 9 月 11 日至 13 日，维也纳" in r.stdout
    assert "47 | 偷运移民问题工作组第四届会议将于 2017 年 9 月 11 日星期一上午 10 时开幕。" in r.stdout
    assert "69 | opened on Monday, 11 September 2017, at 10 a.m." in r.stdout
    r = ctocgraph("explain", "id:session/wg-som/4/item/2", "--store", store)
    assert r.returncode == 0
    assert "23 | 2. 拟订用以审议《偷运移民问题议定书》实施情况的调查问卷。" in r.stdout
    assert "158 | precise and focused self-assessment questionnaire." in r.stdout
    r = ctocgraph("explain", "https://w3id.org/ctocgraph/id/resolution/cop/7/1", "--store", store)
    assert r.returncode == 0
    assert "(via session/wg-som/7/item/1b/mandate/cop-7-1-1)" in r.stdout
    assert "57 | 施”的第 7/1 号决议中决定，除其他外，偷运移民问题工作组将成为缔约方会议的" in r.stdout


def test_explain_a_register_fact_names_the_pages_it_was_verified_at(built):
    out, _ = built
    r = ctocgraph("explain", "id:session/cop/7", "--store", str(out / "store"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "https://w3id.org/ctocgraph/id/session/cop/7",
        "  verified at http://unis.unvienna.org/unis/en/pressrels/2014/unisma74.html",
        "  verified at https://www.unodc.org/unodc/en/frontpage/2014/October/"
        "nations-to-meet-for-biennial-organized-crime-discussion.html"]
    # an act both cited by the agendas and in the register: its pages, then its lines
    r = ctocgraph("explain", "id:resolution/cop/7/1", "--store", str(out / "store"))
    lines = r.stdout.splitlines()
    assert lines[1:3] == [
        "  verified at https://vdocuments.net/resolution-91-establishment-of-the-mechanism-for-"
        "the-mechanismresolution.html",
        "  verified at https://www.unodc.org/unodc/en/treaties/CTOC/"
        "working-group-on-the-smuggling-of-migrants-2020.html"]
    assert "(via session/wg-som/7/item/1b/mandate/cop-7-1-1)" in r.stdout


def test_explain_unknown_resource_and_changed_file(built, tmp_path):
    out, _ = built
    r = ctocgraph("explain", "id:session/wg-som/99", "--store", str(out / "store"))
    assert r.returncode == 2 and "no source lines are recorded" in r.stderr
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    r = ctocgraph("explain", "id:session/wg-som/4", "--store", str(out / "store"), "--data", str(data))
    assert r.returncode == 0 and "the file has changed since the graph was built" in r.stdout


def test_coverage_accounts_for_every_line(seed):
    for rec in seed.records:
        assert rec.unparsed == []
        text = (DATA / rec.source_label).read_text(encoding="utf-8").split("\n")
        content = {n for n, line in enumerate(text, 1) if line.strip()}
        assert content == set(rec.coverage), rec.source_label
    zh17 = next(r for r in seed.records if r.source_label.endswith("2017_1.zh.txt"))
    assert zh17.coverage[1] == "header: body"
    assert zh17.coverage[143] == "annotations: item 4 heading"
    assert zh17.coverage[202] == "footnote 1"
    assert zh17.coverage[204] == "footnote 1 link"
    assert zh17.coverage[236] == "annex: time slot, item 4"


def test_coverage_option_prints_every_line(tmp_path):
    r = ctocgraph("build", str(DATA / "sources" / "CTOC_COP_WG.7_2020_1.zh.txt"), "--coverage",
                  "--no-store", "-o", str(tmp_path / "x.nq"))
    assert r.returncode == 0
    assert "\n    153  annotations: item 3 documentation\n" in r.stdout
    assert "NOT UNDERSTOOD" not in r.stdout
