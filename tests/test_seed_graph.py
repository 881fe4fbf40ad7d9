"""The acceptance facts of the seed agendas, asserted on the built graph with SPARQL.

Every test reads the graph that a build produces from data/, never parser objects.
Language-neutral facts are asserted on three builds — the Chinese files alone, the English
files alone, and both — which must give the same entities with the same IRIs. Facts that are
text are asserted per language on the build of that language and on the merged build.
"""

from __future__ import annotations

import pytest
from conftest import asker, build_of


@pytest.fixture(scope="module", params=["zh", "en", "all"])
def ask(request):
    return asker(build_of(request.param))


@pytest.fixture(scope="module", params=["zh", "all"])
def ask_zh(request):
    return asker(build_of(request.param))


@pytest.fixture(scope="module", params=["en", "all"])
def ask_en(request):
    return asker(build_of(request.param))


@pytest.fixture(scope="module", params=["zh", "en", "all"])
def built(request):
    return build_of(request.param)

S4 = "<https://w3id.org/ctocgraph/id/session/wg-som/4>"
S7 = "<https://w3id.org/ctocgraph/id/session/wg-som/7>"
ID = "https://w3id.org/ctocgraph/id/"


def test_graph_conforms_to_shapes(built):
    assert built.validation.conforms, [str(v) for v in built.validation.violations]


def test_every_source_line_is_accounted_for(built):
    for rec in built.records:
        assert rec.unparsed == [], (rec.source_label, rec.unparsed)


def test_body_of_2017_session_is_the_smuggling_working_group_part_of_the_cop(ask):
    rows = ask(f"""SELECT ?en ?zh ?parent ?notation WHERE {{
        {S4} ctoc:sessionOf ?b . ?b rdfs:label ?en , ?zh ; org:subOrganizationOf ?parent ;
        skos:notation ?notation .
        FILTER(lang(?en) = "en" && lang(?zh) = "zh") }}""")
    assert rows == [("Working Group on the Smuggling of Migrants", "偷运移民问题工作组",
                     ID + "body/cop", "CTOC/COP/WG.7")]


def test_2017_session_ordinal_dates_venue_opening(ask):
    rows = ask(f"""SELECT ?o ?s ?e ?venue ?open ?plenary ?langs WHERE {{
        {S4} ctoc:ordinal ?o ; ctoc:startDate ?s ; ctoc:endDate ?e ; ctoc:venue/rdfs:label ?venue ;
        ctoc:openingTime ?open ; ctoc:plenaryMeetings ?plenary ; ctoc:interpretationLanguages ?langs .
        FILTER(lang(?venue) = "zh") }}""")
    assert rows == [("4", "2017-09-11", "2017-09-13", "维也纳", "2017-09-11T10:00:00", "5", "6")]


def test_2020_session_ordinal_dates_venue_opening(ask):
    rows = ask(f"""SELECT ?o ?s ?e ?venue ?open ?plenary WHERE {{
        {S7} ctoc:ordinal ?o ; ctoc:startDate ?s ; ctoc:endDate ?e ; ctoc:venue ?venue ;
        ctoc:openingTime ?open ; ctoc:plenaryMeetings ?plenary }}""")
    assert rows == [("7", "2020-09-08", "2020-09-09", ID + "place/vienna", "2020-09-08T10:00:00", "4")]


def test_2017_items_numbers_and_zh_titles(ask_zh):
    rows = ask_zh(f"""SELECT ?n ?title ?parent WHERE {{
        ?i ctoc:itemOf {S4} ; ctoc:itemNumber ?n ; dcterms:title ?title .
        FILTER(lang(?title) = "zh")
        OPTIONAL {{ ?i ctoc:subItemOf/ctoc:itemNumber ?parent }} }}""")
    assert rows == sorted([
        ("1", "组织事项", ""),
        ("1(a)", "会议开幕", "1"),
        ("1(b)", "通过议程和工作安排", "1"),
        ("2", "拟订用以审议《偷运移民问题议定书》实施情况的调查问卷", ""),
        ("3", "利用《联合国打击跨国有组织犯罪公约》应对与偷运移民有关的挑战", ""),
        ("4", "审查偷运移民定义的“金钱和物质利益”方面", ""),
        ("5", "其他事项", ""),
        ("6", "通过报告", ""),
    ])


def test_2017_item_4_title_difference_is_kept_and_reported(ask_zh, records):
    rows = ask_zh(f"""SELECT ?alt WHERE {{ ?i ctoc:itemOf {S4} ; ctoc:itemNumber "4" ;
        skos:altLabel ?alt }}""")
    assert rows == [("审查偷运移民定义的“金钱和物质收益”方面",)]
    findings = [f for f in records["CTOC/COP/WG.7/2017/1", "zh"].findings if f.code == "title-differs"]
    assert [f.line for f in findings] == [143, 236]


def test_each_item_has_its_annotation(ask_zh):
    rows = dict(ask_zh(f"""SELECT ?n ?a WHERE {{ ?i ctoc:itemOf {S4} ; ctoc:itemNumber ?n ;
        ctoc:annotation ?a FILTER(lang(?a) = "zh") }}"""))
    assert set(rows) == {"1(a)", "1(b)", "2", "3", "4", "5", "6"}  # item 1 has only sub-items
    assert rows["1(a)"] == "偷运移民问题工作组第四届会议将于 2017 年 9 月 11 日星期一上午 10 时开幕。"
    assert rows["5"].startswith("鉴于秘书处尚未注意到需在议程项目 5 下提出任何议题")
    assert rows["6"] == "工作组将通过会议报告，报告草稿将由秘书处编写。"
    assert "自我评估问卷" in rows["2"] and rows["2"].count("\n") == 3  # four paragraphs


def test_2017_documents_before_items_prepared_by_secretariat(ask_zh):
    rows = ask_zh(f"""SELECT ?symbol ?n ?by ?title WHERE {{
        ?d ctoc:documentFor ?i ; ctoc:symbol ?symbol ; ctoc:preparedBy ?by ; dcterms:title ?title .
        FILTER(lang(?title) = "zh")
        ?i ctoc:itemOf {S4} ; ctoc:itemNumber ?n }}""")
    assert rows == [
        ("CTOC/COP/WG.7/2017/2", "2", ID + "body/secretariat",
         "用以审议《偷运移民问题议定书》实施情况的调查问卷草案"),
        ("CTOC/COP/WG.7/2017/3", "3", ID + "body/secretariat",
         "关于利用《联合国打击跨国有组织犯罪公约》应对与偷运移民有关的挑战的背景文件"),
        ("CTOC/COP/WG.7/2017/4", "4", ID + "body/secretariat",
         "关于审查偷运移民定义的“金钱和物质利益”方面的背景文件"),
    ]


def test_2017_document_2_prepared_pursuant_to_8_2(ask):
    rows = ask("""SELECT ?r WHERE { ?d ctoc:symbol "CTOC/COP/WG.7/2017/2" ;
        ctoc:preparedPursuantTo ?r }""")
    assert rows == [(ID + "resolution/cop/8/2",)]


def test_2017_item_2_cites_the_review_meeting_report(ask):
    rows = ask(f"""SELECT ?s WHERE {{ ?i ctoc:itemOf {S4} ; ctoc:itemNumber "2" ;
        ctoc:cites ?d . ?d a ctoc:Document ; ctoc:symbol ?s }}""")
    assert rows == [("CTOC/COP/WG.8/2016/2",)]


def test_2017_resolutions_cited_by_item(ask):
    rows = ask(f"""SELECT ?n ?body ?num WHERE {{
        ?i ctoc:itemOf {S4} ; ctoc:itemNumber ?n ; ctoc:cites ?r .
        ?r a ctoc:Resolution ; ctoc:resolutionNumber ?num ; ctoc:adoptedBy ?body }}""")
    cop, ga, ecosoc = ID + "body/cop", ID + "body/ga", ID + "body/ecosoc"
    assert rows == sorted([
        ("1(b)", cop, "7/1"), ("2", cop, "8/2"), ("2", cop, "5/5"),
        ("4", cop, "6/3"), ("4", ecosoc, "2014/23"), ("4", ga, "71/1"),
    ])


def test_resolution_7_1_title_and_ga_71_1_link(ask):
    titles = ask("""SELECT ?t WHERE { <https://w3id.org/ctocgraph/id/resolution/cop/7/1> dcterms:title ?t }""")
    assert set(titles) <= {
        ("加强《联合国打击跨国有组织犯罪公约》及其各项议定书的实施",),
        ("Strengthening the implementation of the United Nations Convention against "
         "Transnational Organized Crime and the Protocols thereto",),
        ("Renforcement de l'application de la Convention des Nations Unies contre la criminalité "
         "transnationale organisée et des Protocoles s'y rapportant",),
        ("Fortalecimiento de la aplicación de la Convención de las Naciones Unidas contra la "
         "Delincuencia Organizada Transnacional y sus Protocolos",),
        ("Укрепление осуществления Конвенции Организации Объединенных Наций против "
         "транснациональной организованной преступности и протоколов к ней",),
        ("تعزيز تنفيذ اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة عبر الوطنية والبروتوكولات "
         "الملحقة بها",)}
    assert titles
    assert ask("""SELECT ?l WHERE { <https://w3id.org/ctocgraph/id/resolution/ga/71/1>
        rdfs:seeAlso ?l }""") == [("http://undocs.org/A/RES/71/1",)]


def test_2017_item_4_cites_protocol_provisions(ask):
    rows = ask(f"""SELECT ?a ?p ?sp ?inst WHERE {{
        ?i ctoc:itemOf {S4} ; ctoc:itemNumber "4" ; ctoc:cites ?x .
        ?x a ctoc:Provision ; ctoc:article ?a ; ctoc:provisionOf ?inst .
        OPTIONAL {{ ?x ctoc:paragraph ?p }} OPTIONAL {{ ?x ctoc:subparagraph ?sp }} }}""")
    inst = ID + "instrument/som-protocol"
    assert rows == [("3", "", "a", inst), ("6", "1", "a", inst)]


def test_2017_extended_bureau_decision(ask):
    rows = ask(f"""SELECT ?date ?silence ?by WHERE {{ ?d a ctoc:Decision ; ctoc:concerns {S4} ;
        ctoc:decisionDate ?date ; ctoc:bySilenceProcedure ?silence ; ctoc:decidedBy ?by }}""")
    assert rows == [("2017-04-07", "false", ID + "body/cop-extended-bureau")]


def test_2020_extended_bureau_decisions_by_silence(ask):
    rows = ask(f"""SELECT ?date ?silence WHERE {{ ?d a ctoc:Decision ; ctoc:concerns {S7} ;
        ctoc:decisionDate ?date ; ctoc:bySilenceProcedure ?silence }}""")
    assert rows == [("2019-08-30", "true"), ("2020-05-01", "true")]


def test_2020_extended_bureau_decision_texts(ask_zh, ask_en):
    query = f"""SELECT ?date ?text WHERE {{ ?d ctoc:concerns {S7} ; ctoc:decisionDate ?date ;
        ctoc:decisionText ?text FILTER(lang(?text) = "%s") }}"""
    zh, en = ask_zh(query % "zh"), ask_en(query % "en")
    assert "会议计划" in zh[0][1] and "实质性议题" in zh[1][1]
    assert "schedule of meetings for 2020" in en[0][1] and "substantive topics" in en[1][1]


def test_mandates_of_7_1_and_8_2(ask_zh):
    rows = ask_zh("""SELECT ?session ?n ?to ?verb ?text WHERE {
        ?m ctoc:establishedBy <https://w3id.org/ctocgraph/id/resolution/cop/7/1> ; ctoc:statedIn ?i ; ctoc:addressedTo ?to ;
           ctoc:verb ?verb ; ctoc:mandateText ?text . ?i ctoc:itemOf ?session ; ctoc:itemNumber ?n
           FILTER(lang(?text) = "zh") }""")
    sessions = {r[0] for r in rows}
    assert sessions == {ID + "session/wg-som/4", ID + "session/wg-som/7"}
    assert {r[2] for r in rows} == {ID + "body/wg-som"}
    assert {r[3].rsplit("#")[-1] for r in rows} == {"decides", "encourages"}
    for *_, text in rows:
        assert "常设组成部分" in text and "每年" in text and "提交报告" in text
    rows = ask_zh("""SELECT ?text WHERE { ?m ctoc:establishedBy <https://w3id.org/ctocgraph/id/resolution/cop/8/2> ;
        ctoc:mandateText ?text FILTER(lang(?text) = "zh") }""")
    # item 2 of the 2017 text: "缔约方会议在第 8/2 号决议中决定…继续推进…", "在该决议中，缔约方
    # 会议还决定…制定审议机制运作的具体程序和规则" and "…在第 8/2 号决议中还决定，审议机制应
    # 逐步涉及…": three sentences of 8/2, a mandate each
    assert len(rows) == 3
    assert any("自我评估问卷" in t for (t,) in rows)


def test_mandates_in_english(ask_en):
    rows = ask_en("""SELECT ?m ?text WHERE { ?m ctoc:establishedBy ?r ; ctoc:mandateText ?text
        FILTER(lang(?text) = "en") }""")
    ids = [m.removeprefix(ID) for m, _ in rows]
    assert ids == ["session/wg-som/4/item/1b/mandate/cop-7-1-1", "session/wg-som/4/item/2/mandate/cop-8-2-1",
                   "session/wg-som/4/item/2/mandate/cop-8-2-2", "session/wg-som/4/item/2/mandate/cop-8-2-3",
                   "session/wg-som/7/item/1b/mandate/cop-7-1-1"]
    assert "constant element of the Conference" in rows[0][1]
    assert "self-assessment questionnaire" in rows[3][1]


def test_mandate_verbs_and_addressees(ask):
    rows = ask("""SELECT ?m (GROUP_CONCAT(DISTINCT ?v; separator=" ") AS ?verbs)
        (GROUP_CONCAT(DISTINCT ?to; separator=" ") AS ?bodies) WHERE {
        ?m a ctoc:Mandate ; ctoc:verb ?verb ; ctoc:addressedTo ?b .
        BIND(STRAFTER(STR(?verb), "#") AS ?v) BIND(STRAFTER(STR(?b), "/body/") AS ?to) } GROUP BY ?m""")
    got = {m.removeprefix(ID): (set(v.split()), set(b.split())) for m, v, b in rows}
    assert got == {
        "session/wg-som/4/item/1b/mandate/cop-7-1-1": ({"decides", "encourages"}, {"wg-som"}),
        "session/wg-som/4/item/2/mandate/cop-8-2-1": ({"decides"}, {"cop"}),
        "session/wg-som/4/item/2/mandate/cop-8-2-2": ({"decides"}, {"cop"}),
        "session/wg-som/4/item/2/mandate/cop-8-2-3": ({"decides"}, {"secretariat", "wg-som"}),
        "session/wg-som/7/item/1b/mandate/cop-7-1-1": ({"decides", "encourages"}, {"wg-som"}),
    }


SCHEDULES = {
    S4: [
        ("2017-09-11T10:00:00", "2017-09-11T13:00:00", "1(a)", "false"),
        ("2017-09-11T10:00:00", "2017-09-11T13:00:00", "1(b)", "false"),
        ("2017-09-11T10:00:00", "2017-09-11T13:00:00", "2", "false"),
        ("2017-09-11T15:00:00", "2017-09-11T18:00:00", "2", "true"),
        ("2017-09-12T10:00:00", "2017-09-12T13:00:00", "3", "false"),
        ("2017-09-12T15:00:00", "2017-09-12T18:00:00", "4", "false"),
        ("2017-09-13T10:00:00", "2017-09-13T13:00:00", "5", "false"),
        ("2017-09-13T10:00:00", "2017-09-13T13:00:00", "6", "false"),
    ],
    S7: [
        ("2020-09-08T10:00:00", "2020-09-08T13:00:00", "1(a)", "false"),
        ("2020-09-08T10:00:00", "2020-09-08T13:00:00", "1(b)", "false"),
        ("2020-09-08T10:00:00", "2020-09-08T13:00:00", "2", "false"),
        ("2020-09-08T15:00:00", "2020-09-08T18:00:00", "2", "true"),
        ("2020-09-08T15:00:00", "2020-09-08T18:00:00", "3", "false"),
        ("2020-09-09T10:00:00", "2020-09-09T13:00:00", "3", "true"),
        ("2020-09-09T15:00:00", "2020-09-09T18:00:00", "4", "false"),
        ("2020-09-09T15:00:00", "2020-09-09T18:00:00", "5", "false"),
    ],
}


@pytest.mark.parametrize("session", [S4, S7])
def test_organization_of_work(ask, session):
    rows = ask(f"""SELECT ?start ?end ?n ?cont WHERE {{ ?t ctoc:slotOf {session} ; ctoc:start ?start ;
        ctoc:end ?end ; ctoc:scheduledItem ?i . ?i ctoc:itemNumber ?n .
        BIND(EXISTS {{ ?t ctoc:continuedItem ?i }} AS ?cont) }}""")
    assert rows == SCHEDULES[session]


def test_2020_items_documents_and_split_symbol(ask):
    rows = ask(f"""SELECT ?n ?symbol WHERE {{ ?i ctoc:itemOf {S7} ; ctoc:itemNumber ?n .
        OPTIONAL {{ ?d ctoc:documentFor ?i ; ctoc:symbol ?symbol }} }}""")
    assert rows == [("1", ""), ("1(a)", ""), ("1(b)", ""), ("2", "CTOC/COP/WG.7/2020/2"),
                    ("3", "CTOC/COP/WG.7/2020/3"), ("4", ""), ("5", "")]


def test_2020_cites_7_1_in_1b(ask):
    rows = ask(f"""SELECT ?n WHERE {{ ?i ctoc:itemOf {S7} ; ctoc:itemNumber ?n ;
        ctoc:cites <https://w3id.org/ctocgraph/id/resolution/cop/7/1> }}""")
    assert rows == [("1(b)",)]


def test_one_node_for_shared_body_and_resolution(ask):
    # the Working Group's sessions (from the agendas) and the Conference's (from the register)
    assert ask("""SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?s a ctoc:Session ; ctoc:sessionOf ?b }""") \
        == [("2",)]
    assert ask("""SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?s a ctoc:Session ; ctoc:sessionOf ?b .
        ?i ctoc:itemOf ?s }""") == [("1",)]
    assert ask("""SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a ctoc:Resolution ;
        ctoc:resolutionNumber "7/1" }""") == [("1",)]
    # 2 sessions of the agendas, 12 of the register; 6 resolutions cited, 9 more in the register
    assert ask("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ctoc:Session }") == [("14",)]
    assert ask("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a ctoc:Resolution }") == [("15",)]


def test_governed_by(ask):
    rows = ask("SELECT ?s ?r WHERE { ?s ctoc:governedBy ?r }")
    assert rows == sorted([
        (ID + "session/wg-som/4", ID + "resolution/cop/7/1"),
        (ID + "session/wg-som/4", ID + "resolution/cop/8/2"),
        (ID + "session/wg-som/7", ID + "resolution/cop/7/1"),
    ])


def test_provenance_of_each_named_graph(built):
    rows = asker(built)("""PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?g ?file ?sha ?version WHERE { ?g prov:wasDerivedFrom ?e ;
        prov:wasGeneratedBy/ctoc:softwareVersion ?version .
        ?e ctoc:sourceFile ?file ; ctoc:sha256 ?sha }""")
    assert sorted((r[1], r[2]) for r in rows) == sorted((r.source_label, r.sha256) for r in built.records)


def test_item_spans_point_at_source_lines(ask_zh, ask_en):
    query = f"""SELECT ?first ?last WHERE {{ ?i ctoc:itemOf {S7} ; ctoc:itemNumber "2" ;
        ctoc:sourceSpan ?s . ?s ctoc:firstLine ?first ; ctoc:lastLine ?last ;
        ctoc:inExpression <https://w3id.org/ctocgraph/id/document/CTOC/COP/WG.7/2020/1/%s> }}"""
    assert ("23", "27") in ask_zh(query % "zh")  # the title in the list, wrapped over three lines
    assert ("29", "37") in ask_en(query % "en")  # five lines in English


def test_the_seed_build_reports_exactly_the_known_differences(seed):
    found = [(r.source_label, f.severity, f.code, f.line) for r in seed.records for f in r.findings]
    assert found == [
        ("sources/CTOC_COP_WG.7_2017_1.zh.txt", "warning", "title-differs", 143),
        ("sources/CTOC_COP_WG.7_2017_1.zh.txt", "warning", "title-differs", 236),
        # the English, French, Spanish, Russian and Arabic annexes shorten "the coronavirus
        # disease (COVID-19) pandemic"
        ("sources/CTOC_COP_WG.7_2020_1.en.txt", "warning", "title-differs", 303),
        ("sources/CTOC_COP_WG.7_2020_1.fr.txt", "warning", "title-differs", 325),
        ("sources/CTOC_COP_WG.7_2020_1.es.txt", "warning", "title-differs", 315),
        ("sources/CTOC_COP_WG.7_2020_1.ru.txt", "warning", "title-differs", 275),
        ("sources/CTOC_COP_WG.7_2020_1.ar.txt", "warning", "title-differs", 223),
    ]


def test_english_titles(ask_en):
    rows = ask_en(f"""SELECT ?n ?title WHERE {{ ?i ctoc:itemOf {S4} ; ctoc:itemNumber ?n ;
        dcterms:title ?title FILTER(lang(?title) = "en") }}""")
    assert rows == sorted([
        ("1", "Organizational matters"), ("1(a)", "Opening of the meeting"),
        ("1(b)", "Adoption of the agenda and organization of work"),
        ("2", "Development of a questionnaire for the review of the implementation of the "
              "Smuggling of Migrants Protocol"),
        ("3", "Use of the United Nations Convention against Transnational Organized Crime to "
              "address challenges related to the smuggling of migrants"),
        ("4", "Review of the “financial or other material benefit” aspect of the definition of "
              "smuggling of migrants"),
        ("5", "Other matters"), ("6", "Adoption of the report"),
    ])
    docs = ask_en("""SELECT ?title WHERE { ?d ctoc:symbol "CTOC/COP/WG.7/2017/2" ; dcterms:title ?title
        FILTER(lang(?title) = "en") }""")
    assert docs == [("Draft questionnaire for the review of the implementation of the Smuggling of "
                     "Migrants Protocol",)]


def test_merged_build_has_one_title_per_language_per_item():
    run = asker(build_of("all"))
    for lang, items in (("zh", 15), ("en", 15), ("fr", 7), ("es", 7), ("ru", 7), ("ar", 7)):
        rows = run(f"""SELECT ?i (COUNT(?t) AS ?n) WHERE {{ ?i a ctoc:AgendaItem ;
            dcterms:title ?t FILTER(lang(?t) = "{lang}") }} GROUP BY ?i""")
        assert len(rows) == items and {n for _, n in rows} == {"1"}, lang


def test_each_language_alone_gives_the_same_entities():
    """Same IRIs from zh alone, en alone and both: every domain entity, and every citation of a
    resolution or document (instrument mentions are phrasing and may differ between texts)."""
    def entities(key):
        return set(asker(build_of(key))("""SELECT DISTINCT ?s ?type WHERE { ?s a ?type
            FILTER(?type IN (ctoc:Body, ctoc:Session, ctoc:AgendaItem, ctoc:Document,
                ctoc:Resolution, ctoc:Decision, ctoc:Mandate, ctoc:TimeSlot, ctoc:Provision,
                ctoc:Place, ctoc:Instrument)) }"""))

    def citations(key):
        return set(asker(build_of(key))("""SELECT ?c WHERE { ?c a ctoc:Citation ; ctoc:cited ?x .
            ?x a ?t FILTER(?t IN (ctoc:Resolution, ctoc:Document, ctoc:Decision)) }"""))
    zh, en, both = entities("zh"), entities("en"), entities("all")
    assert zh == en == both
    assert len(zh) == 133  # 20 bodies, 7 places, 8 instruments (of the reference data), 2
    # sessions, 15 items, 8 documents, 6 resolutions, 3 decisions, 5 mandates, 9 time slots, 2
    # provisions; the register's 12 sessions, 3 documents (agendas and a report), 9 resolutions
    # the agendas do not cite and 24 decisions
    assert citations("zh") == citations("en") == citations("all")


def _entities_of(paths: list[str]) -> set:
    from conftest import DATA

    from ctocgraph import Reference, build, source_from_path

    result = build([source_from_path(DATA / "sources" / p) for p in paths], Reference(DATA / "reference"))
    assert result.validation.conforms and all(not r.unparsed for r in result.records)
    return set(asker(result)("""SELECT DISTINCT ?s ?type WHERE { ?s a ?type
        FILTER(?type IN (ctoc:Body, ctoc:Session, ctoc:AgendaItem, ctoc:Document, ctoc:Resolution,
            ctoc:Decision, ctoc:Mandate, ctoc:TimeSlot, ctoc:Provision, ctoc:Place)) }"""))


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar"])
def test_2020_alone_in_another_language_gives_the_entities_of_the_chinese_2020(lang):
    other = _entities_of([f"CTOC_COP_WG.7_2020_1.{lang}.txt"])
    assert other == _entities_of(["CTOC_COP_WG.7_2020_1.zh.txt"])
    assert (ID + "session/wg-som/7", "https://w3id.org/ctocgraph/ontology#Session") in other
    assert len(other) == 95  # 20 bodies, 7 places (of the reference data), 1 session, 7 items,
    # 3 documents, 1 resolution, 1 mandate, 2 decisions, 4 time slots; the register's 12
    # sessions, 3 documents, 10 resolutions besides 7/1 and 24 decisions


def test_french_titles_and_decision_texts(seed):
    run = asker(seed)
    titles = dict(run(f"""SELECT ?n ?t WHERE {{ ?i ctoc:itemOf {S7} ; ctoc:itemNumber ?n ;
        dcterms:title ?t FILTER(lang(?t) = "fr") }}"""))
    assert titles == {"1": "Questions d'organisation", "1(a)": "Ouverture de la réunion",
                      "1(b)": "Adoption de l'ordre du jour et organisation des travaux",
                      "2": titles["2"], "3": titles["3"], "4": "Questions diverses",
                      "5": "Adoption du rapport"}
    assert titles["2"].startswith("Incidences des catastrophes naturelles")
    texts = run(f"""SELECT ?d ?t WHERE {{ ?d ctoc:concerns {S7} ; ctoc:decisionText ?t
        FILTER(lang(?t) = "fr") }}""")
    assert [t.split(",")[0] for _, t in texts] == ["Le 30 août 2019", "En outre"]
