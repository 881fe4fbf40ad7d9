"""The family, not the two examples: variants of the seed texts that real agendas take.

Each test edits a real seed text the way another session, body or year would write it and
checks the graph that results. The edits are small and visible so the intent is clear.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA
from rdflib import URIRef

from ctocgraph import Reference, build, source_from_path
from ctocgraph.errors import ManifestError, ParseError, SourceError
from ctocgraph.identifiers import DocumentSymbol, Iris, ResolutionRef

SEED17 = (DATA / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt").read_text(encoding="utf-8")
SEED20 = (DATA / "sources" / "CTOC_COP_WG.7_2020_1.zh.txt").read_text(encoding="utf-8")
REF = Reference(DATA / "reference")
IRIS = Iris()
CTOC = "https://w3id.org/ctocgraph/ontology#"


def variant(tmp_path: Path, symbol: str, text: str):
    path = tmp_path / f"{symbol.replace('/', '_')}.zh.txt"
    path.write_text(text, encoding="utf-8")
    return build([source_from_path(path)], REF)


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def record(tmp_path: Path, name: str, text: str):
    """The record of a text written for a test, built alone from a file of that name."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build([source_from_path(path)], REF).records[0]


def built_together(tmp_path: Path, files: list[tuple[str, str]]):
    """Texts written for a test, built together: the result, which must conform, and the
    union of its graphs as an rdflib Dataset."""
    from rdflib import Dataset

    from ctocgraph.serialize import nquads

    for name, text in files:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = build([source_from_path(tmp_path / name) for name, _ in files], REF)
    assert result.validation.conforms, result.validation.text
    ds = Dataset(default_union=True)
    ds.parse(data=nquads(result.dataset), format="nquads")
    return result, ds


def rows(result, query: str):
    from rdflib import Dataset

    from ctocgraph.serialize import nquads

    ds = Dataset(default_union=True)
    ds.parse(data=nquads(result.dataset), format="nquads")
    return sorted(tuple(str(v) for v in r) for r in ds.query(
        "PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n" + query))


def test_ordinal_above_ten_and_another_year(tmp_path):
    text = SEED17.replace("第四届会议", "第十一届会议").replace("2017", "2027") \
        .replace("星期一", "星期六").replace("星期二", "星期日").replace("星期三", "星期一")
    result = variant(tmp_path, "CTOC/COP/WG.7/2027/1", text)
    assert result.validation.conforms
    rec = result.records[0]
    assert rec.ordinal == 11 and rec.start_date.isoformat() == "2027-09-11"
    assert [f for f in rec.findings if f.code == "weekday-mismatch"] == []
    # the session the agenda announces (the reference data's register adds the Conference's)
    assert rows(result, "SELECT DISTINCT ?s WHERE { ?s a ctoc:Session . ?i ctoc:itemOf ?s }") == [
        ("https://w3id.org/ctocgraph/id/session/wg-som/11",)]


def test_another_working_group_from_its_symbol_series_and_header(tmp_path):
    text = SEED20.replace("偷运移民问题工作组", "贩运人口问题工作组")
    result = variant(tmp_path, "CTOC/COP/WG.4/2020/1", text)
    assert result.validation.conforms
    assert result.records[0].body.key == "wg-tip"
    assert not [f for f in result.records[0].findings if f.code.startswith("body")]


def test_unknown_body_is_a_body_reported_not_a_crash(tmp_path):
    text = SEED20.replace("偷运移民问题工作组", "网络犯罪问题工作组")
    result = variant(tmp_path, "CTOC/COP/WG.99/2020/1", text)
    assert result.validation.conforms
    rec = result.records[0]
    assert rec.body.key == "ctoc-cop-wg-99" and rec.body.name == "网络犯罪问题工作组"
    assert [f.line for f in rec.findings if f.code == "unknown-body"] == [1]
    assert rows(result, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                        "SELECT DISTINCT ?l WHERE { ?s ctoc:sessionOf ?b . ?i ctoc:itemOf ?s . "
                        "?b rdfs:label ?l }") == [
        ("网络犯罪问题工作组",)]


def test_header_body_contradicting_the_symbol_series_is_reported(tmp_path):
    result = variant(tmp_path, "CTOC/COP/WG.4/2020/1", SEED20)  # WG.4 is trafficking
    assert [f.code for f in result.records[0].findings if f.code == "body-mismatch"] == ["body-mismatch"]


def test_sub_items_under_another_item_and_several_documents(tmp_path):
    text = SEED17.replace(
        "2. 拟订用以审议《偷运移民问题议定书》实施情况的调查问卷。 \n",
        "2. 拟订用以审议《偷运移民问题议定书》实施情况的调查问卷： \n\n"
        " (a) 问卷草案； \n\n (b) 审议机制。 \n", 1)
    text = text.replace(
        "情况的调查问卷草案（CTOC/COP/WG.7/2017/2）。 \n",
        "情况的调查问卷草案（CTOC/COP/WG.7/2017/2）。 \n\n"
        "秘书处编写的关于审议机制的会议室文件（CTOC/COP/WG.7/2017/CRP.1） \n", 1)
    result = variant(tmp_path, "CTOC/COP/WG.7/2017/1", text)
    assert result.validation.conforms, [str(v) for v in result.validation.violations]
    assert [i.number for i in result.records[0].items][:6] == ["1", "1(a)", "1(b)", "2", "2(a)", "2(b)"]
    docs = rows(result, """SELECT ?sym WHERE { ?d ctoc:documentFor ?i ; ctoc:symbol ?sym .
        ?i ctoc:itemNumber "2" }""")
    assert docs == [("CTOC/COP/WG.7/2017/2",), ("CTOC/COP/WG.7/2017/CRP.1",)]


def test_citation_broken_across_lines_and_a_cited_decision(tmp_path):
    text = SEED17.replace("以缔约方会议第 5/5 号决议所列的原则和特点为指", "以缔约方会议第 5/5 号决\n\n议和第 9/1 号决定所列的原则和特点为指")
    result = variant(tmp_path, "CTOC/COP/WG.7/2017/1", text)
    assert result.validation.conforms
    cited = rows(result, """SELECT ?x WHERE { ?i ctoc:itemNumber "2" ; ctoc:cites ?x }""")
    assert ("https://w3id.org/ctocgraph/id/resolution/cop/5/5",) in cited
    assert ("https://w3id.org/ctocgraph/id/decision/cop/9/1",) in cited


def test_weekday_contradicting_the_date_is_reported_with_its_line(tmp_path):
    result = variant(tmp_path, "CTOC/COP/WG.7/2017/1", SEED17.replace("9 月 11 日星期一", "9 月 11 日星期五"))
    found = [f for f in result.records[0].findings if f.code == "weekday-mismatch"]
    assert [(f.severity, f.line) for f in found] == [("error", 47)]
    assert not result.ok(strict=True)


@pytest.mark.parametrize(("edit", "message", "line"), [
    (lambda t: t.replace("2017 年 9 月 11 日至 13 日，维也纳", "2017 年 2 月 30 日至 31 日，维也纳"),
     "impossible date in the header", 3),
    (lambda t: t.replace("3. 利用《联合国", "2. 利用《联合国", 1), "duplicate agenda item number 2", 25),
    (lambda t: t.replace("下午 3 时至 6 时 4 审查", "下午 3 时至 6 时 9 审查"),
     "schedules item 9, which is not on the agenda", 236),
    (lambda t: t.replace("9月 12日，星期二", "9月 32日，星期二"), "impossible date in the annex", 230),
])
def test_bad_documents_give_a_clear_error_naming_the_line(tmp_path, edit, message, line):
    with pytest.raises(ParseError) as err:
        variant(tmp_path, "CTOC/COP/WG.7/2017/1", edit(SEED17))
    assert message in str(err.value) and err.value.line == line
    assert "CTOC_COP_WG.7_2017_1.zh.txt" in str(err.value)


def test_a_document_that_is_not_an_agenda(tmp_path):
    with pytest.raises(ParseError, match="not an annotated provisional agenda"):
        variant(tmp_path, "CTOC/COP/WG.7/2017/1", "这是一封信。\n\n谢谢。\n")


@pytest.mark.parametrize(("content", "message"), [
    (b"", "file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary file"),
    (b"%PDF-1.7\n", "corrupt or unreadable PDF"),
])
def test_unreadable_sources(tmp_path, content, message):
    path = tmp_path / "CTOC_COP_WG.7_2017_1.zh.txt"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        build([source_from_path(path)], REF)


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "CTOC_COP_WG.7_2020_1.zh.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED20.encode("utf-8"))
    assert build([source_from_path(path)], REF).validation.conforms


def test_manifest_sha256_mismatch(tmp_path):
    from ctocgraph import load_manifest

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.zh.txt").write_text(SEED20, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '[[source]]\nsymbol = "CTOC/COP/WG.7/2020/1"\nlanguage = "zh"\nfile = "sources/a.zh.txt"\n'
        f'sha256 = "{"0" * 64}"\n', encoding="utf-8")
    with pytest.raises(ManifestError, match=r"sha256 mismatch for sources/a\.zh\.txt"):
        load_manifest(tmp_path)


def test_a_provision_belongs_to_the_instrument_named_after_it(tmp_path):
    """English names the instrument after the article ("article 6 … of the Organized Crime
    Convention"), here across a line break, after another instrument in the same passage."""
    seed = (DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt").read_text(encoding="utf-8")
    text = seed.replace("(art. 6, \n\npara. 1 (a)).",
                        "(article 6, paragraph 1 (a), of the \n\nOrganized Crime Convention).")
    assert text != seed
    path = tmp_path / "CTOC_COP_WG.7_2017_1.en.txt"
    path.write_text(text, encoding="utf-8")
    result = build([source_from_path(path)], REF)
    assert result.validation.conforms
    found = rows(result, "SELECT ?p ?instrument WHERE { ?item ctoc:cites ?p . "
                         "?p a ctoc:Provision ; ctoc:provisionOf ?instrument }")
    base = "https://w3id.org/ctocgraph/id/instrument/"
    assert found == [(f"{base}som-protocol/art/3/subpara/a", f"{base}som-protocol"),
                     (f"{base}untoc/art/6/para/1/subpara/a", f"{base}untoc")]


# a Commission's agenda flattened to one paragraph a part, whose annotation heading of 4(a)
# shortens the item's title and runs on into its paragraph (written for this test)
FLAT_SHORTENED = (
    "E/CN.15/2023/1\n"
    "Commission on Crime Prevention and Criminal Justice Thirty-second session Vienna, "
    "22–26 May 2023\n"
    "Annotated provisional agenda\n"
    "Provisional agenda 1. Election of officers. 2. Adoption of the agenda and other "
    "organizational matters. 3. Strategic management questions: (a) Work of the standing "
    "open-ended intergovernmental working group on improving the governance and financial "
    "situation of the United Nations Office on Drugs and Crime; (b) Other matters. "
    "4. Other business.\n"
    "Annotations 1. Election of officers The Commission elected its Bureau at the end of its "
    "previous session. 2. Adoption of the agenda and other organizational matters The session "
    "will be opened on Monday, 22 May 2023, at 10 a.m. 3. Strategic management questions "
    "(a) Work of the standing open-ended intergovernmental working group In its resolution "
    "2022/17, the Economic and Social Council took note of the work of the working group. "
    "(b) Other matters No documentation is expected. 4. Other business No issue has been "
    "raised.\n")


def test_a_shortened_heading_run_on_into_its_paragraph_is_cut_where_the_title_is_left(tmp_path):
    rec = record(tmp_path, "E_CN.15_2023_1.en.txt", FLAT_SHORTENED)
    item = rec.item("3(a)")
    # the heading is the words that follow the title, up to "In", which leaves it
    assert [v[0] for v in item.title_variants] == [
        "Work of the standing open-ended intergovernmental working group"]
    assert item.annotation == ("In its resolution 2022/17, the Economic and Social Council took "
                               "note of the work of the working group.")
    assert [(c.target.issuer, c.target.number) for c in item.citations] == [("ecosoc", "2022/17")]
    # a heading that is the whole title is cut after it, as before
    assert rec.item("1").annotation == ("The Commission elected its Bureau at the end of its "
                                        "previous session.")
    assert rec.item("3(b)").annotation == "No documentation is expected."
    assert not rec.missing and not rec.unparsed


def test_a_starred_footnote_without_its_rule_answers_the_heads_call(tmp_path):
    """A web copy drops the rule above the footnote of "… of the provisional agenda*": the
    line "* …" is that footnote, a note of the document, not a line left unread. Written for
    this test after the head of a Conference agenda."""
    text = (
        "CAC/COSP/2023/1\n"
        "Conference of the States Parties to the United Nations Convention against Corruption\n"
        "Tenth session\n"
        "Vienna, 11–15 December 2023\n"
        "Item 1 (b) of the provisional agenda*\n"
        "Adoption of the agenda\n"
        "Provisional agenda and annotations\n"
        "Provisional agenda\n"
        "1. Organizational matters:\n"
        "(a) Opening of the session;\n"
        "(b) Adoption of the agenda.\n"
        "2. Asset recovery.\n"
        "* Reissued for technical reasons on 2 October 2023.\n"
        "Annotations\n"
        "1. Organizational matters\n"
        "(a) Opening of the session\n"
        "The session will be opened on Monday, 11 December 2023, at 10 a.m.\n"
        "(b) Adoption of the agenda\n"
        "The Conference will adopt its agenda.\n"
        "* The star of a list, not a footnote: the head's call is answered.\n"
        "2. Asset recovery\n"
        "The Conference will consider asset recovery.\n")
    rec = record(tmp_path, "CAC_COSP_2023_1.en.txt", text)
    assert [(n.number, n.text, n.span.first) for n in rec.notes] == [
        ("*", "Reissued for technical reasons on 2 October 2023.", 13)]
    # a later starred line is text again: here a paragraph of 1(b)'s annotation
    assert rec.item("1(b)").annotation == ("The Conference will adopt its agenda.\n* The star "
                                           "of a list, not a footnote: the head's call is answered.")
    assert rec.unparsed == []
    assert [i.number for i in rec.items] == ["1", "1(a)", "1(b)", "2"]


def test_a_sentence_that_begins_with_the_word_documentation_is_not_its_heading(tmp_path):
    """"Документация не предусмотрена." ("no documentation is expected") begins with the
    heading's word, then goes on in lower case: a sentence of the annotation, not the
    heading and an entry without a symbol. Written for this test after a Commission's head."""
    text = (
        "E/CN.15/2023/1\n"
        "Комиссия по предупреждению преступности и уголовному правосудию\n"
        "Тридцать вторая сессия\n"
        "Вена, 22–26 мая 2023 года\n"
        "Предварительная повестка дня и аннотации\n"
        "Предварительная повестка дня\n"
        "1. Утверждение повестки дня.\n"
        "2. Общие прения.\n"
        "Аннотации\n"
        "1. Утверждение повестки дня\n"
        "Документация\n"
        "Аннотированная предварительная повестка дня (E/CN.15/2023/1)\n"
        "2. Общие прения\n"
        "Документация не предусмотрена.\n")
    rec = record(tmp_path, "E_CN.15_2023_1.ru.txt", text)
    assert rec.item("2").annotation == "Документация не предусмотрена."
    assert not rec.item("2").documents
    assert [d.symbol.value for d in rec.item("1").documents] == ["E/CN.15/2023/1"]
    assert not [f for f in rec.findings if f.severity == "error"] and not rec.unparsed


def test_an_opening_sentence_that_names_the_body_but_no_ordinal(tmp_path):
    """"The meeting of the Working Group on Technical Assistance will be opened on …": the
    opening, with no ordinal (the session's ordinal is then reported as not stated); the same
    sentence for another working group is that group's opening, not this one's. Written for
    this test after the head of a working group's agenda."""
    text = (
        "CTOC/COP/WG.2/2023/1\n"
        "Conference of the Parties to the United Nations Convention against Transnational "
        "Organized Crime\n"
        "Working Group on Technical Assistance\n"
        "Vienna, 30 June–1 July 2023\n"
        "Annotated provisional agenda\n"
        "Provisional agenda\n"
        "1. Opening of the meeting.\n"
        "2. Adoption of the report.\n"
        "Annotations\n"
        "1. Opening of the meeting\n"
        "The meeting of the Working Group on Firearms will be opened on Thursday, 29 June 2023, "
        "at 3 p.m.\n"
        "\n"
        "The meeting of the Working Group on Technical Assistance will be opened on Friday, "
        "30 June 2023, at 10 a.m.\n"
        "2. Adoption of the report\n"
        "The Working Group will adopt a report on its meeting.\n")
    rec = record(tmp_path, "CTOC_COP_WG.2_2023_1.en.txt", text)
    assert rec.body.key == "wg-ta"
    assert rec.opening.isoformat() == "2023-06-30T10:00:00"
    assert (rec.start_date.isoformat(), rec.end_date.isoformat()) == ("2023-06-30", "2023-07-01")
    assert rec.ordinal is None and rec.missing == ["the session's ordinal is not stated"]


@pytest.mark.parametrize("language, text, weekday", [
    ("fr", "La réunion du Groupe de travail sur les armes à feu sera ouverte le jeudi 29 juin "
           "2023 à 15 heures. La réunion du Groupe de travail sur l’assistance technique sera "
           "ouverte le vendredi 30 juin 2023 à 10 heures.", "vendredi"),
    ("es", "La reunión del Grupo de Trabajo sobre Armas de Fuego se inaugurará el jueves 29 de "
           "junio de 2023 a las 15.00 horas. La reunión del Grupo de Trabajo sobre Asistencia "
           "Técnica se inaugurará el viernes 30 de junio de 2023 a las 10.00 horas.", "viernes"),
])
def test_an_opening_with_no_ordinal_in_french_and_spanish(language, text, weekday):
    """The same two sentences as above in French and Spanish (written for this test): the
    firearms group's opening is another body's; the technical assistance group's is read."""
    from ctocgraph.build import _lexicon
    from ctocgraph.extract import Extractor
    from ctocgraph.passage import Passage

    lx = _lexicon(language, REF)
    ex = Extractor(lx, "cop", "wg-ta", REF.context("wg-ta"))
    ordinal, date, said, time, _, special = ex.opening(Passage(text, [0], [1]))
    assert special is False
    assert (ordinal, date.isoformat(), said, time.isoformat()) == (None, "2023-06-30", weekday,
                                                                   "10:00:00")


RECONVENED = (
    "E/CN.15/2022/17\n"
    "Commission on Crime Prevention and Criminal Justice\n"
    "Reconvened thirty-first session\n"
    "Vienna, 8 and 9 December 2022\n"
    "Provisional agenda and annotations\n"
    "Provisional agenda\n"
    "1. Strategic management, budgetary and administrative questions.\n"
    "2. Other business.\n"
    "Annotations\n"
    "1. Strategic management, budgetary and administrative questions\n"
    "The Commission will have before it a report on the budget (E/CN.15/2022/18).\n"
    "2. Other business\n"
    "No documentation is expected.\n")
REGULAR = (
    "E/CN.15/2022/1\n"
    "Commission on Crime Prevention and Criminal Justice\n"
    "Thirty-first session\n"
    "Vienna, 16–20 May 2022\n"
    "Provisional agenda and annotations\n"
    "Provisional agenda\n"
    "1. Election of officers.\n"
    "2. Other business.\n"
    "Annotations\n"
    "1. Election of officers\n"
    "The Commission will elect its officers.\n"
    "2. Other business\n"
    "No documentation is expected.\n")
RECONVENED_ZH = (
    "E/CN.15/2022/17\n"
    "预防犯罪和刑事司法委员会\n"
    "第三十一届会议续会\n"
    "2022年12月8日和9日，维也纳\n"
    "临时议程和说明\n"
    "临时议程\n"
    "1. 战略管理、预算和行政问题。\n"
    "2. 其他事项。\n"
    "说明\n"
    "1. 战略管理、预算和行政问题\n"
    "委员会将收到关于预算的报告（E/CN.15/2022/18）。\n"
    "2. 其他事项\n"
    "本项目无文件。\n")


def test_a_reconvened_session_is_its_own_meeting_and_part_of_the_session(tmp_path):
    """The regular and the reconvened thirty-first session of the Commission (texts written
    for this test after the heads of its agendas): two sessions with their own dates and
    items, the reconvened one part of the regular one; before, the two agendas put two pairs
    of dates and two items 1 on one session and the graph was refused."""
    from rdflib import Literal, URIRef

    result, ds = built_together(tmp_path, [
        ("E_CN.15_2022_1.en.txt", REGULAR), ("E_CN.15_2022_17.en.txt", RECONVENED),
        ("E_CN.15_2022_17.zh.txt", RECONVENED_ZH)])
    assert [(r.language, r.ordinal, r.reconvened, r.unparsed) for r in result.records] == [
        ("en", 31, False, []), ("en", 31, True, []), ("zh", 31, True, [])]
    ses = "https://w3id.org/ctocgraph/id/session/ccpcj/31"
    ctoc = "https://w3id.org/ctocgraph/ontology#"
    dates = {str(s): (str(a), str(b)) for s, a, b in ds.query(
        f"SELECT ?s ?a ?b WHERE {{ ?s <{ctoc}startDate> ?a ; <{ctoc}endDate> ?b "
        f"FILTER (STRSTARTS(STR(?s), '{ses}')) }}")}  # the register's COP sessions apart
    assert dates == {ses: ("2022-05-16", "2022-05-20"),
                     ses + "/reconvened": ("2022-12-08", "2022-12-09")}
    assert (URIRef(ses + "/reconvened"), URIRef(ctoc + "reconvenes"), URIRef(ses)) in ds
    assert (URIRef(ses + "/reconvened/item/1"), URIRef("http://purl.org/dc/terms/title"),
            Literal("Strategic management, budgetary and administrative questions",
                    lang="en")) in ds
    assert (URIRef(ses + "/item/1"), URIRef("http://purl.org/dc/terms/title"),
            Literal("Election of officers", lang="en")) in ds
    labels = {str(o) for o in ds.objects(URIRef(ses + "/reconvened"),
                                         URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    # one per language of the Commission's names in the reference data, by each table's
    # reconvened_session template
    assert labels == {
        "Commission on Crime Prevention and Criminal Justice, reconvened session 31",
        "预防犯罪和刑事司法委员会第31届会议续会",
        "Commission pour la prévention du crime et la justice pénale, reprise de la session 31",
        "Comisión de Prevención del Delito y Justicia Penal, continuación del período de "
        "sesiones 31",
        "Комиссия по предупреждению преступности и уголовному правосудию, возобновленная "
        "сессия 31",
        "لجنة منع الجريمة والعدالة الجنائية، الدورة 31 المستأنفة"}


SPECIAL = (
    "E/CN.7/1990/1\n"
    "Commission on Narcotic Drugs\n"
    "Eleventh special session\n"
    "Vienna, 29 January-2 February 1990\n"
    "Provisional agenda and annotations\n"
    "Provisional agenda\n"
    "1. Election of officers.\n"
    "2. Adoption of the agenda.\n"
    "Annotations\n"
    "1. Election of officers\n"
    "The eleventh special session of the Commission will be opened on Monday, 29 January 1990, "
    "at 10 a.m.\n"
    "2. Adoption of the agenda\n"
    "The Commission will have before it the provisional agenda (E/CN.7/1990/1).\n")
SPECIAL_FR = (
    "E/CN.7/1990/1\n"
    "Commission des stupéfiants\n"
    "Onzième session extraordinaire\n"
    "Vienne, 29 janvier-2 février 1990\n"
    "Ordre du jour provisoire annoté\n"
    "Ordre du jour provisoire\n"
    "1. Élection du Bureau.\n"
    "2. Adoption de l’ordre du jour.\n")
REGULAR_11 = (
    "E/CN.7/1956/1\n"
    "Commission on Narcotic Drugs\n"
    "Eleventh session\n"
    "Geneva, 23 April-18 May 1956\n"
    "Provisional agenda and annotations\n"
    "Provisional agenda\n"
    "1. Election of officers.\n"
    "2. Adoption of the agenda.\n")


def test_a_special_session_is_numbered_apart_from_the_regular_ones(tmp_path):
    """The Commission's eleventh special session (1990) and its eleventh session (1956),
    texts written for this test after the heads of its agendas: two sessions, each with its
    own dates and items; before, "Eleventh special session" was read as session 11 and the
    two agendas put two pairs of dates on one session."""
    from rdflib import URIRef

    result, ds = built_together(tmp_path, [
        ("E_CN.7_1990_1.en.txt", SPECIAL), ("E_CN.7_1990_1.fr.txt", SPECIAL_FR),
        ("E_CN.7_1956_1.en.txt", REGULAR_11)])
    assert [(r.language, r.ordinal, r.special) for r in result.records] == [
        ("en", 11, True), ("fr", 11, True), ("en", 11, False)]
    assert result.inconsistencies == []
    ses = "https://w3id.org/ctocgraph/id/session/cnd/"
    ctoc = "https://w3id.org/ctocgraph/ontology#"
    dates = {str(s): (str(a), str(b)) for s, a, b in ds.query(
        f"SELECT ?s ?a ?b WHERE {{ ?s <{ctoc}startDate> ?a ; <{ctoc}endDate> ?b "
        f"FILTER (STRSTARTS(STR(?s), '{ses}')) }}")}
    assert dates == {ses + "11": ("1956-04-23", "1956-05-18"),
                     ses + "special/11": ("1990-01-29", "1990-02-02")}
    special = {str(s) for s in ds.subjects(URIRef(RDF_TYPE), URIRef(ctoc + "SpecialSession"))}
    assert special == {ses + "special/11"}
    assert (URIRef(ses + "special/11"), URIRef(RDF_TYPE), URIRef(ctoc + "Session")) in ds
    opening = {str(o) for o in ds.objects(URIRef(ses + "special/11"), URIRef(ctoc + "openingTime"))}
    assert opening == {"1990-01-29T10:00:00"}
    labels = {str(o) for o in ds.objects(URIRef(ses + "special/11"),
                                         URIRef("http://www.w3.org/2000/01/rdf-schema#label"))}
    assert "Commission on Narcotic Drugs, special session 11" in labels
    assert "Commission des stupéfiants, session extraordinaire 11" in labels


@pytest.mark.parametrize("language, head, special", [
    ("zh", "第十一届特别会议", True), ("zh", "第十一届会议", False),
    ("es", "11º período extraordinario de sesiones", True),
    ("es", "11º período de sesiones", False),
    ("ru", "Одиннадцатая специальная сессия", True), ("ru", "Одиннадцатая сессия", False),
    ("ar", "الدورة الاستثنائية الحادية عشرة", True), ("ar", "الدورة الحادية عشرة", False),
    ("fr", "Onzième session extraordinaire", True), ("fr", "Onzième session", False)])
def test_special_session_heads_in_other_languages(language, head, special):
    """The head's ordinal pattern of each table reads its wording of a special session (the
    UN's terms: 特别会议, período extraordinario de sesiones, специальная сессия, الدورة
    الاستثنائية, session extraordinaire)."""
    from ctocgraph.build import _lexicon

    lx = _lexicon(language, REF)
    m = next(m for rx in lx.header_ordinal_res for m in [rx.search(head)] if m)
    assert (lx.number(m.group("ordinal")), bool(m.group("special"))) == (11, special)


def test_a_special_session_is_read_from_the_opening_when_the_head_has_no_ordinal(tmp_path):
    rec = record(tmp_path, "E_CN.7_1990_1.en.txt",
                 SPECIAL.replace("Eleventh special session\n", ""))
    assert (rec.ordinal, rec.special) == (11, True)


def test_language_versions_that_disagree_on_reconvened_are_reported(tmp_path):
    """The English head says "Reconvened thirty-first session", the Chinese one only
    第三十一届会议 (its 续会 left out): two sessions, and the cross-language check says so."""
    for name, text in [("E_CN.15_2022_17.en.txt", RECONVENED),
                       ("E_CN.15_2022_17.zh.txt", RECONVENED_ZH.replace("会议续会", "会议"))]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = build([source_from_path(tmp_path / n) for n in
                    ("E_CN.15_2022_17.en.txt", "E_CN.15_2022_17.zh.txt")], REF)
    assert [(i.fact, i.value_a, i.value_b) for i in result.inconsistencies] == [
        ("reconvened", "True", "False")]


def test_a_revised_agenda_is_read_instead_of_the_text_it_revises(tmp_path):
    """E/CN.15/2022/1 and its revision E/CN.15/2022/1/Rev.1, which retitles item 2 ("Other
    matters"): both in a collection used to put two titles on item 2 and the graph was refused.
    The revision is read, the revised text is reported as superseded; the reconvened
    session's agenda beside them is read as ever."""
    from ctocgraph.report import render

    rev = REGULAR.replace("E/CN.15/2022/1\n", "E/CN.15/2022/1/Rev.1\n").replace(
        "2. Other business", "2. Other matters")
    files = {"E_CN.15_2022_1.en.txt": REGULAR, "E_CN.15_2022_1_Rev.1.en.txt": rev,
             "E_CN.15_2022_17.en.txt": RECONVENED}
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    result = build([source_from_path(tmp_path / n) for n in files], REF)
    assert result.validation.conforms
    assert [r.symbol.value for r in result.records] == ["E/CN.15/2022/1/Rev.1", "E/CN.15/2022/17"]
    assert [i.title for i in result.records[0].items] == ["Election of officers", "Other matters"]
    assert result.superseded == [("E_CN.15_2022_1.en.txt (E/CN.15/2022/1)",
                                  "E_CN.15_2022_1_Rev.1.en.txt (E/CN.15/2022/1/Rev.1)")]
    assert ("  superseded: E_CN.15_2022_1.en.txt (E/CN.15/2022/1), revised by "
            "E_CN.15_2022_1_Rev.1.en.txt (E/CN.15/2022/1/Rev.1): the revision is read "
            "instead") in render(result).splitlines()
    # the graph says which text the revision replaces (its symbol states it)
    assert rows(result, "SELECT ?a ?b WHERE { ?a dcterms:replaces ?b }") == [(
        "https://w3id.org/ctocgraph/id/document/E/CN.15/2022/1/Rev.1",
        "https://w3id.org/ctocgraph/id/document/E/CN.15/2022/1")]


@pytest.mark.parametrize("symbol, revises", [
    ("E/CN.15/2022/1/Rev.1", "E/CN.15/2022/1"), ("CAC/COSP/2017/1/Rev.2", "CAC/COSP/2017/1/Rev.1"),
    ("E/CN.15/2022/1", None), ("CTOC/COP/WG.7/2017/1/Add.1", None)])
def test_a_revision_names_the_text_it_replaces(symbol, revises):
    from ctocgraph.identifiers import DocumentSymbol

    found = DocumentSymbol.parse(symbol).revises()
    assert (found.value if found else None) == revises


@pytest.mark.parametrize("name", [
    "cnd/E_CN.7_2018_1.en.txt", "cnd/E_CN.7_2018_1.es.txt", "cnd/E_CN.7_2018_1.fr.txt",
    "cnd/E_CN.7_2018_1.zh.txt", "cnd/E_CN.7_2019_1.en.txt", "cop/CTOC_COP_2020_1.ru.txt",
    "cop/CTOC_COP_2020_1.es.txt", "wg-ic/CTOC_COP_WG.3_2022_1.es.txt",
    "cosp/CAC_COSP_2017_1.zh.txt", "cnd/E_CN.7_2017_1.es.txt"])
def test_every_line_of_these_agendas_is_understood(name):
    """Lines that were reported as not understood: the Commission's segment headings in its
    list ("Operational segment", 业务部分, « Débat consacré aux questions normatives »), a
    title wrapped over two lines ("Аннотированная предварительная повестка дня и предлагаемая"
    / "организация работы*"), the version's language beside a body's name broken over
    lines ("contra la Delincuencia Organizada   Español"), the annex's column heads with
    wide spaces (日期和时间 项目 标题或说明)."""
    path = Path(__file__).parent / "agendas" / name
    rec = build([source_from_path(path)], REF).records[0]
    assert rec.unparsed == []


def test_an_addendum_without_a_list_gives_the_items_its_annotations_head():
    """The French addendum of the reconvened session (tests/agendas/cnd) annotates items 1,
    2, 4 (a)-(d), 5 (a)-(b), 11 and 12 and has no list: those are its items, no others (3
    and 6-10 are not stated), and the report says where they come from."""
    path = Path(__file__).parent / "agendas" / "cnd" / "E_CN.7_2020_1_Add.1.fr.txt"
    rec = build([source_from_path(path)], REF).records[0]
    assert [i.number for i in rec.items] == [
        "1", "2", "4", "4(a)", "4(b)", "4(c)", "4(d)", "5", "5(a)", "5(b)", "11", "12"]
    assert rec.item("12").title == ("Adoption du rapport de la Commission sur la reprise de sa "
                                    "soixante-troisième session")
    assert [f.code for f in rec.findings if f.code == "items-from-annotations"] == [
        "items-from-annotations"]
    assert rec.missing == []


EXPERT_GROUP = """United Nations                                                UNODC/CCPCJ/EG.4/2021/1
                                                              Distr.: General
                                                              17 February 2021
                                                              Original: English
Expert Group to Conduct a Comprehensive
Study on Cybercrime
Vienna, 6–8 April 2021

          Provisional agenda and annotations

          Provisional agenda

1.   Organizational matters:
     (a)   Opening of the meeting;
     (b)   Adoption of the agenda.
2.   Law enforcement and investigations.
3.   Other matters.
4.   Adoption of the report.

          Annotations

1.   Organizational matters

     (a)   Opening of the meeting

The seventh meeting of the Expert Group will be opened on Tuesday, 6 April 2021, at
10 a.m.

     (b)   Adoption of the agenda

In its resolution 65/230, the General Assembly requested the Commission on Crime
Prevention and Criminal Justice to establish the Expert Group.

2.   Law enforcement and investigations

In its resolution 26/4, the Commission requested the Expert Group to continue its work.

Documentation

Draft report of the Expert Group (UNODC/CCPCJ/EG.4/2021/2)

3.   Other matters

No documentation is expected.

4.   Adoption of the report

The Expert Group will adopt its report.
"""


def test_the_expert_group_on_cybercrime_is_a_known_body_of_the_commission(tmp_path):
    """A meeting of the Commission's expert group on cybercrime (a text written for this test
    after the heads of its agendas, UNODC/CCPCJ/EG.4): its body is known by the symbol's
    series, and "the Commission" in its annotations is the Commission on Crime Prevention."""
    rec = record(tmp_path, "UNODC_CCPCJ_EG.4_2021_1.en.txt", EXPERT_GROUP)
    assert (rec.body.key, rec.body.known, rec.ordinal) == ("ccpcj-eg-cybercrime", True, 7)
    assert [str(c.target) for i in rec.items for c in i.citations] == [
        "ga resolution 65/230", "ccpcj resolution 26/4"]
    assert [f.code for f in rec.findings if f.code == "unknown-body"] == []


AGENDAS = Path(__file__).parent / "agendas"


def test_a_day_whose_date_cell_wraps_beside_its_rows(tmp_path):
    """The Ad Hoc Committee's annex writes "Wednesday," beside the day's first row and
    "28 April" beside the next: both rows are that day's (28 April 1999 was a Wednesday)."""
    rec = build([source_from_path(AGENDAS / "ctoc-adhoc" / "A_AC.254_10.en.txt")], REF).records[0]
    first = [(s.date.isoformat(), s.start.isoformat("minutes")) for s in rec.slots][:2]
    assert first == [("1999-04-28", "10:00"), ("1999-04-28", "15:00")]
    assert rec.unparsed == []


def test_an_annex_whose_days_cannot_be_told_is_reported_not_refused(tmp_path):
    """Flattened, that annex runs each weekday into the row before it and each date into a
    row's title: its rows are reported as not understood, line by line, and the rest of the
    agenda is read (before, the whole source was refused)."""
    text = (AGENDAS / "ctoc-adhoc" / "A_AC.254_10.en.txt").read_text(encoding="utf-8")
    flat = " ".join(line.strip() for line in text.splitlines() if line.strip())
    rec = record(tmp_path, "A_AC.254_10.en.txt", flat)
    assert rec.slots == [] and len(rec.items) == 5 and rec.ordinal == 3
    assert any(f.code == "annex-unread" for f in rec.findings)
    assert any("10 a.m.-1 p.m." in text for _, text in rec.unparsed)


def test_text_before_the_first_items_annotation_is_the_documents(tmp_path):
    """A paragraph under "Annotations" before the first item's heading (an addendum for a
    reconvened session) states the opening: it is read as a note before the agenda is."""
    path = AGENDAS / "ccpcj" / "E_CN.15_2019_1_Add.1.en.txt"
    rec = build([source_from_path(path)], REF).records[0]
    assert rec.opening is not None and rec.opening.isoformat() == "2019-12-12T10:00:00"
    assert not any("will be opened on" in text for _, text in rec.unparsed)


def test_an_annex_day_may_state_its_year(tmp_path):
    """"2018年5月28日星期一" as a day of the annex (the year written in the row, as some
    Chinese annexes do): the day is read, its rows are that day's."""
    text = (AGENDAS / "wg-ic" / "CTOC_COP_WG.3_2018_1.zh.txt").read_text(encoding="utf-8")
    assert "5月28日,星期一" in text and "5月29日,星期二" in text
    text = text.replace("5月28日,星期一", "2018年5月28日星期一").replace(
        "5月29日,星期二", "2018年5月29日 星期二")
    rec = record(tmp_path, "CTOC_COP_WG.3_2018_1.zh.txt", text)
    assert sorted({s.date.isoformat() for s in rec.slots}) == ["2018-05-28", "2018-05-29"]
    assert len(rec.slots) == 4 and rec.unparsed == []


def test_a_head_of_1989_in_capitals_with_its_date_of_issue_apart():
    """The Commission's 1989 head: "Distr." alone, "GENERAL", "ORIGINAL: ENGLISH" after a blank
    line, the date of issue (20 November 1989) under the symbol: the session's dates are the
    line "Vienna, 29 January–2 February 1990", and the title "Indexing of the E/NL. series of
    documents" (a series named in a title, not a symbol) is read whole, not refused."""
    rec = build([source_from_path(AGENDAS / "cnd" / "E_CN.7_1990_1.en.txt")], REF).records[0]
    assert (rec.start_date.isoformat(), rec.end_date.isoformat()) == ("1990-01-29", "1990-02-02")
    assert rec.venue == "vienna" and rec.special and rec.ordinal == 11
    assert rec.item("4(b)").title == "Indexing of the E/NL. series of documents"
    assert {(s.date.isoformat(), s.start.isoformat("minutes"), n.number) for s in rec.slots
            for n in s.items if s.date.day == 29 and s.start.hour == 10} == \
        {("1990-01-29", "10:00", "1"), ("1990-01-29", "10:00", "2")}  # the row "1, 2"


def test_a_third_level_of_items_is_read_under_its_sub_item():
    """"(i) Appointment of members of the Credentials Committee" and "(ii) Report of the
    Credentials Committee" under sub-item 2 (e): items 2(e)(i) and 2(e)(ii), not sub-items
    2 (i) and 2 (ii) of item 2; each has its own annotation. The Congress's opening is read
    from "The Fourteenth Congress will be opened on Sunday, 7 March 2021, at 10 a.m."."""
    rec = build([source_from_path(AGENDAS / "crime-congress" / "A_CONF.234_1_Rev.1.en.txt")],
                REF).records[0]
    numbers = [i.number for i in rec.items]
    assert numbers[6:9] == ["2(e)", "2(e)(i)", "2(e)(ii)"] and "2(i)" not in numbers
    assert [(i.parent, i.span.first) for i in rec.items[7:9]] == [("2(e)", 19), ("2(e)", 20)]
    assert not rec.unparsed and not [f for f in rec.findings if f.code == "sub-sub-item"]
    assert rec.item("2(e)(ii)").annotation == ("The Credentials Committee will report to the "
                                               "plenary on the credentials of the representatives.")
    assert rec.opening.isoformat() == "2021-03-07T10:00:00" and rec.venue == "kyoto"


def test_a_spanish_opening_in_two_clauses():
    """"celebrará su sexta reunión a partir del miércoles 11 de septiembre de 2019; la sesión
    de apertura comenzará a las 10.00 horas": the ordinal and the opening."""
    path = AGENDAS / "wg-som" / "CTOC_COP_WG.7_2019_1.es.txt"
    rec = build([source_from_path(path)], REF).records[0]
    assert rec.ordinal == 6 and rec.opening.isoformat() == "2019-09-11T10:00:00"


def test_a_word_a_hyphen_broke_at_the_line_end_is_whole():
    """PDF text keeps the hyphen of a word broken at a line's end ("Conven-" / "tion"): the
    title, the annotation and the act it cites ("deci-" / "sion 2/6") are read whole."""
    rec = build([source_from_path(AGENDAS / "wg-ta" / "CTOC_COP_WG.2_2007_1.en.txt")],
                REF).records[0]
    assert rec.item("3(a)").title == "Needs relating to the Convention"
    cited = {(c.target.issuer, c.target.kind, c.target.number) for i in rec.items
             for c in i.citations if isinstance(c.target, ResolutionRef)}
    assert {("cop", "decision", "2/6"), ("ga", "resolution", "55/25"),
            ("cop", "decision", "3/4")} <= cited


def test_a_text_cut_in_its_head_is_the_agenda_of_the_session_the_register_names(tmp_path):
    """"CTOC/COP/2008/1" and the Conference's name, nothing more: the register says whose
    agenda that is (the fourth session's), so the document is that session's agenda, not a
    session of its own that would contradict the register."""
    text = (AGENDAS / "cop" / "CTOC_COP_2008_1.zh.txt").read_text(encoding="utf-8")
    head = text[:text.index("缔约方会议") + len("缔约方会议")]
    path = tmp_path / "CTOC_COP_2008_1.zh.txt"
    path.write_text(head, encoding="utf-8")
    result = build([source_from_path(path)], REF)
    assert result.validation.conforms
    assert result.records[0].ordinal is None  # the text does not state it
    agenda_of = {str(o) for g in result.graphs.values() for o in g.objects(
        URIRef(IRIS.document(DocumentSymbol.parse("CTOC/COP/2008/1"))), URIRef(CTOC + "agendaOf"))}
    assert agenda_of == {IRIS.session("cop", 4)}


def _triples(tmp_path: Path, name: str, text: str) -> set[str]:
    """The N-Triples of one text built alone, without its file's digest."""
    from ctocgraph.mapping import to_ntriples

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = build([source_from_path(path)], REF)
    assert result.validation.conforms
    _, nt = to_ntriples(result.records[0], IRIS, REF)
    return {t for t in nt.splitlines() if "ontology#sha256" not in t}


@pytest.mark.parametrize("artefact", ["no-break spaces", "ligatures", "soft hyphens",
                                      "zero-width spaces"])
def test_what_a_converter_leaves_in_the_text_changes_no_fact(tmp_path, artefact):
    """PDF and web converters leave no-break spaces ("10\u00a0a.m."), ligatures
    ("ofﬁcers"), soft hyphens ("Annota\u00adtions", or at a line's end) and zero-width
    spaces: the graph is the one of the clean text."""
    name = "CTOC_COP_WG.7_2020_1.en.txt"
    text = (DATA / "sources" / name).read_text(encoding="utf-8")
    changed = {
        "no-break spaces": text.replace("10 a.m.", "10\u00a0a.m.").replace(" 7/1", "\u00a07/1")
        .replace("Annotated provisional agenda", "Annotated\u00a0provisional\u00a0agenda"),
        "ligatures": text.replace("fi", "\ufb01").replace("ff", "\ufb00").replace("fl", "\ufb02"),
        "soft hyphens": text.replace("tion", "ti\u00adon").replace("Conference decided",
                                                                 "Confer\u00ad\nence decided"),
        "zero-width spaces": text.replace(" the ", " the\u200b "),
    }[artefact]
    assert changed != text
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _triples(tmp_path / "b", name, changed) == _triples(tmp_path / "a", name, text)


def test_straight_quotes_around_a_title_keep_the_act_and_its_mandate(tmp_path):
    """A web copy with straight quotes ("entitled "Strengthening …"") reads resolution 7/1,
    its title and the mandate it establishes as the typeset text does; only the quoted
    text itself differs."""
    name = "CTOC_COP_WG.7_2020_1.en.txt"
    text = (DATA / "sources" / name).read_text(encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    clean = _triples(tmp_path / "a", name, text)
    straight = _triples(tmp_path / "b", name, text.replace("“", '"').replace("”", '"'))
    assert {t for t in clean if "“" not in t} == {t for t in straight if '\\"' not in t}


def test_documentation_entries_marked_as_a_list_keep_their_titles(tmp_path):
    """A web copy marks each documentation entry as a list item ("• Report of the Executive
    Director …"): the mark is not part of the title, and an entry begins at each mark."""
    name = "E_CN.7_2018_1.en.txt"
    text = (AGENDAS / "cnd" / name).read_text(encoding="utf-8")
    marked = text.replace("\nReport of the Executive Director on the activities of the United "
                          "Nations Office on\n", "\n• Report of the Executive Director on the "
                          "activities of the United Nations Office on\n", 1)
    marked = marked.replace("\nNote by the Secretariat on the budget of the Fund",
                            "\n- Note by the Secretariat on the budget of the Fund", 1)
    assert marked.count("\n• Report") == 1 and marked.count("\n- Note") == 1
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _triples(tmp_path / "b", name, marked) == _triples(tmp_path / "a", name, text)
    rec = build([source_from_path(tmp_path / "b" / name)], REF).records[0]
    assert not rec.unparsed
    titles = {d.symbol.value: d.title for d in rec.item("4(b)").documents}
    assert titles["E/CN.7/2018/3"] == ("Report of the Executive Director on the activities of "
                                       "the United Nations Office on Drugs and Crime")


def test_an_annex_table_given_one_cell_to_a_line(tmp_path):
    """A PDF's text in reading order gives the organization of work one cell to a line
    ("Monday, 12 March" / "10 a.m.–1 p.m." / "1" / "Election of officers" / "2" / …): the
    same slots and rows as the table laid out in columns, and the source is not refused."""
    import re as _re

    name = "E_CN.7_2018_1.en.txt"
    text = (AGENDAS / "cnd" / name).read_text(encoding="utf-8")
    head, table = text.split("Date and time       Item     Title or description\n")
    cells = [c for line in table.split("\n") for c in (_re.split(r"\s{2,}", line.strip()) or [""])]
    celled = head + "Date and time\nItem\nTitle or description\n" + "\n".join(cells)
    assert "\n10 a.m.–1 p.m.\n1\nElection of officers\n2\n" in celled
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    laid, one = (_triples(tmp_path / d, name, t) for d, t in (("a", text), ("b", celled)))
    lines = "ontology#sourceSpan", "ontology#firstLine", "ontology#lastLine", "/lines/"
    assert {t for t in laid if not any(x in t for x in lines)} == \
        {t for t in one if not any(x in t for x in lines)}
    rec = build([source_from_path(tmp_path / "b" / name)], REF).records[0]
    assert not rec.unparsed and not rec.missing
    first = rec.slots[0]
    assert (str(first.date), str(first.start), str(first.end)) == ("2018-03-12", "10:00:00", "13:00:00")
    assert [i.number for i in first.items] == ["1", "2", "3"]


def _glyph_forms(text: str, first: int, last: int) -> str:
    """The text with each character that has a compatibility form in [first, last] (Arabic
    presentation forms, Kangxi radicals) written in that form, as a PDF's glyphs give it."""
    import unicodedata

    forms: dict[str, str] = {}
    for code in range(first, last + 1):
        base = unicodedata.normalize("NFKC", chr(code))
        if len(base) == 1 and base != chr(code) and (
                "ISOLATED" in unicodedata.name(chr(code), "") or "KANGXI" in unicodedata.name(chr(code), "")):
            forms.setdefault(base, chr(code))
    return "".join(forms.get(ch, ch) for ch in text)


@pytest.mark.parametrize(("name", "first", "last"), [
    ("CTOC_COP_WG.7_2020_1.ar.txt", 0xFE70, 0xFEFE),   # Arabic presentation forms
    ("CTOC_COP_WG.7_2020_1.zh.txt", 0x2F00, 0x2FDF),   # Kangxi radicals: "⽇" for "日"
])
def test_glyph_forms_of_a_pdf_text_layer_change_no_fact(tmp_path, name, first, last):
    text = (DATA / "sources" / name).read_text(encoding="utf-8")
    glyphs = _glyph_forms(text, first, last)
    assert sum(1 for a, b in zip(text, glyphs, strict=True) if a != b) > 100
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert _triples(tmp_path / "b", name, glyphs) == _triples(tmp_path / "a", name, text)


def test_a_flattened_page_rejoins_words_broken_at_its_printed_lines_ends():
    """"Conven- tion" inside a page flattened into one line is "Convention"; a hyphen that is
    a word's own ("pre- and post-trial") stays, and a line no longer than a printed line
    (not a flattened page) is left as it is."""
    from ctocgraph.layout import layout
    from ctocgraph.lexicon import Lexicon
    from ctocgraph.normalize import Line

    lx = Lexicon("en", REF)
    page = ("The Working Group will consider needs relating to the Conven- tion and to pre- and "
            "post-trial detention, as the Conference requested in its deci- sion 2/6 of 2006.")
    assert len(page) > 120
    assert [ln.text for ln in layout([Line(1, page)], lx, None).lines] == [
        "The Working Group will consider needs relating to the Convention and to pre- and "
        "post-trial detention, as the Conference requested in its decision 2/6 of 2006."]
    short = "relating to the Conven- tion"
    assert [ln.text for ln in layout([Line(1, short)], lx, None).lines] == [short]
