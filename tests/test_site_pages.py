"""The site's pages as people read them, in Debian's headless Chromium: a session's page reads
like its agenda (every item number and title of the seed sessions, in order, in the language
chosen; the documents before each item), the language switch keeps the reader's choice across
pages and marks a text shown in another language, Arabic pages are laid out right to left, and
a session prints as its agenda. The expected agendas are written by hand from the provisional
agendas in data/sources (their hard-wrapped lines joined, the closing ";" or "." dropped)."""

from __future__ import annotations

import pytest
from conftest import ctocgraph
from test_explorer import browser  # noqa: F401  (the shared Chromium fixture)

# CTOC/COP/WG.7/2017/1, "Provisional agenda" (English) and "临时议程" (Chinese)
WG_SOM_4 = {
    "en": [
        ("1", "Organizational matters"),
        ("1(a)", "Opening of the meeting"),
        ("1(b)", "Adoption of the agenda and organization of work"),
        ("2", "Development of a questionnaire for the review of the implementation of the Smuggling of Migrants Protocol"),
        ("3", "Use of the United Nations Convention against Transnational Organized Crime to address challenges related to the smuggling of migrants"),
        ("4", "Review of the “financial or other material benefit” aspect of the definition of smuggling of migrants"),
        ("5", "Other matters"),
        ("6", "Adoption of the report"),
    ],
    "zh": [
        ("1", "组织事项"),
        ("1(a)", "会议开幕"),
        ("1(b)", "通过议程和工作安排"),
        ("2", "拟订用以审议《偷运移民问题议定书》实施情况的调查问卷"),
        ("3", "利用《联合国打击跨国有组织犯罪公约》应对与偷运移民有关的挑战"),
        ("4", "审查偷运移民定义的“金钱和物质利益”方面"),
        ("5", "其他事项"),
        ("6", "通过报告"),
    ],
}
# CTOC/COP/WG.7/2020/1, the provisional agenda in English, Chinese, French and Arabic
WG_SOM_7 = {
    "en": [
        ("1", "Organizational matters"),
        ("1(a)", "Opening of the meeting"),
        ("1(b)", "Adoption of the agenda and organization of work"),
        ("2", "Impact of natural disasters, conflicts and crises, such as the coronavirus disease (COVID-19) pandemic, on trends in organized criminal groups and on routes for the smuggling of migrants, as well as good practices to support effective law enforcement cooperation during such crises to detect, investigate and prosecute such cases"),
        ("3", "Successful strategies concerning the use of technology, including information and communications technology, to prevent and investigate the smuggling of migrants and to mount a robust response to the increasing use of cyberspace by criminal groups"),
        ("4", "Other matters"),
        ("5", "Adoption of the report"),
    ],
    "zh": [
        ("1", "组织事项"),
        ("1(a)", "会议开幕"),
        ("1(b)", "通过议程和工作安排"),
        ("2", "自然灾害、冲突和危机（例如新冠肺炎疫情）对有组织犯罪集团趋势和偷运移民路线的影响，以及在此类危机期间支持有效执法合作以侦查、调查和起诉此类案件的良好做法"),
        ("3", "利用技术包括信息通信技术防止和调查偷运移民并对犯罪集团越来越多地利用网络空间采取有力对策方面的成功战略"),
        ("4", "其他事项"),
        ("5", "通过报告"),
    ],
    "fr": [
        ("1", "Questions d'organisation"),
        ("1(a)", "Ouverture de la réunion"),
        ("1(b)", "Adoption de l'ordre du jour et organisation des travaux"),
        ("2", "Incidences des catastrophes naturelles, des conflits et des crises, comme la pandémie de maladie à coronavirus (COVID-19), sur les tendances observées dans les groupes criminels organisés et sur les itinéraires du trafic illicite de migrants, et bonnes pratiques visant à favoriser une coopération efficace entre les services de détection et de répression pendant ces crises afin de repérer les affaires de ce type, d'enquêter sur celles-ci et d'en poursuivre les auteurs"),
        ("3", "Stratégies efficaces concernant l'utilisation des technologies, y compris les technologies de l'information et des communications, pour prévenir le trafic illicite de migrants et enquêter sur celui-ci, et pour apporter une réponse énergique à l'utilisation croissante du cyberespace par les groupes criminels"),
        ("4", "Questions diverses"),
        ("5", "Adoption du rapport"),
    ],
    "ar": [
        ("1", "المسائل التنظيمية"),
        ("1(a)", "افتتاح الاجتماع"),
        ("1(b)", "إقرار جدول الأعمال وتنظيم الأعمال"),
        ("2", "أثر الكوارث الطبيعية والنزاعات والأزمات، مثل جائحة مرض فيروس كورونا (كوفيد-19)، على الاتجاهات السائدة في الجماعات الإجرامية المنظمة وعلى مسارات تهريب المهاجرين، وكذلك الممارسات الجيدة لدعم التعاون الفعَّال في مجال إنفاذ القانون أثناء تلك الأزمات من أجل كشف تلك الحالات والتحقيق فيها وملاحقة مرتكبيها قضائيا"),
        ("3", "الاستراتيجيات الناجحة المتعلقة باستخدام التكنولوجيا، بما فيها تكنولوجيا المعلومات والاتصالات، لمنع تهريب المهاجرين والتحقيق فيه ولاتخاذ تدابير قوية للتصدي لتزايد استخدام الجماعات الإجرامية للفضاء الإلكتروني"),
        ("4", "مسائل أخرى"),
        ("5", "اعتماد التقرير"),
    ],
}
# the "Documentation" under each item of the 2017 and 2020 agendas
DOCUMENTS = {
    "wg-som/4": {"2": ["CTOC/COP/WG.7/2017/2"], "3": ["CTOC/COP/WG.7/2017/3"], "4": ["CTOC/COP/WG.7/2017/4"]},
    "wg-som/7": {"2": ["CTOC/COP/WG.7/2020/2"], "3": ["CTOC/COP/WG.7/2020/3"]},
}
# every item of the agenda, in document order: its number and its title as shown
AGENDA_JS = """() => [...document.querySelectorAll('ol.agenda > li')].map(li => [
    li.querySelector(':scope > .num').innerText.trim(),
    li.querySelector(':scope > .title').innerText.trim()])"""


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    out, _ = built
    target = tmp_path_factory.mktemp("pages") / "site"
    r = ctocgraph("site", str(target), "--store", str(out / "store"))
    assert r.returncode == 0, r.stderr
    return target


def open_page(browser, path, lang=None):  # noqa: F811
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    if lang:
        page.click(f'button[data-show="{lang}"]')
    return page, errors


def session_page(site, session: str):
    return site / "doc" / "session" / f"{session}.html"


@pytest.mark.parametrize(("session", "lang", "expected"),
                         [("wg-som/4", lang, items) for lang, items in WG_SOM_4.items()]
                         + [("wg-som/7", lang, items) for lang, items in WG_SOM_7.items()])
def test_the_session_page_reads_like_its_agenda(browser, site, session, lang, expected):  # noqa: F811
    page, errors = open_page(browser, session_page(site, session), lang)
    assert page.evaluate(AGENDA_JS) == [list(x) for x in expected]
    # the sub-items are a list inside their item's list item
    assert page.evaluate("document.querySelectorAll('ol.agenda > li > ol.agenda.sub > li').length") == 2
    assert errors == []
    page.close()


@pytest.mark.parametrize("session", sorted(DOCUMENTS))
def test_each_item_lists_the_documents_before_it(browser, site, session):  # noqa: F811
    page, errors = open_page(browser, session_page(site, session), "en")
    shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('ol.agenda > li')]
        .filter(li => li.querySelector(':scope > ul.docs'))
        .map(li => [li.querySelector(':scope > .num').innerText.trim(),
                    [...li.querySelectorAll(':scope > ul.docs > li > a:first-child')].map(a => a.innerText.trim())]))""")
    assert shown == DOCUMENTS[session]
    # each document links to its page and to undocs.org, in each language it is listed in
    hrefs = page.evaluate("[...document.querySelectorAll('ul.docs a')].map(a => a.getAttribute('href'))")
    first = DOCUMENTS[session]["2"][0]
    assert f"https://undocs.org/{first}" in hrefs and f"https://undocs.org/en/{first}" in hrefs
    assert errors == []
    page.close()


def test_a_title_missing_in_the_chosen_language_is_shown_in_another_marked(browser, site):  # noqa: F811
    """The 2017 agenda has no French text: its titles are shown in English, each marked."""
    page, errors = open_page(browser, session_page(site, "wg-som/4"), "fr")
    assert page.evaluate(AGENDA_JS)[1] == ["1(a)", "Opening of the meeting"]
    marks = page.evaluate("""[...document.querySelectorAll('ol.agenda > li > .title .fallback')]
        .map(e => [e.lang, getComputedStyle(e, '::after').content])""")
    assert marks == [["en", '" [en]"']] * 8
    assert page.is_visible(".fallback-note")
    # in French the 2020 agenda needs no fallback for its titles
    page.goto(session_page(site, "wg-som/7").as_uri())
    assert page.evaluate("document.querySelectorAll('ol.agenda > li > .title .fallback').length") == 0
    assert errors == []
    page.close()


def test_the_choice_is_kept_across_pages_and_arabic_is_laid_out_right_to_left(browser, site):  # noqa: F811
    page, errors = open_page(browser, session_page(site, "wg-som/7"), "ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    # the layout, not only the text: the heading and the agenda's numbers start at the right
    width = page.evaluate("document.querySelector('main').getBoundingClientRect().right")
    h1 = page.evaluate("document.querySelector('h1').getBoundingClientRect().toJSON()")
    num = page.evaluate("document.querySelector('ol.agenda .num').getBoundingClientRect().toJSON()")
    assert width - h1["right"] < 2 and width - num["right"] < 60 and num["left"] > 500
    page.click("nav a[href$='index.html']")  # to the home page, then to the body's page
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.goto((site / "doc" / "body" / "wg-som.html").as_uri())
    assert page.evaluate("document.querySelector('button[data-show=ar]').getAttribute('aria-pressed')") == "true"
    assert page.inner_text("h1") == "الفريق العامل المعني بتهريب المهاجرين"
    page.click('button[data-show="en"]')
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.inner_text("h1") == "Working Group on the Smuggling of Migrants"
    assert errors == []
    page.close()


def test_the_statements_are_still_below_the_record_views(built, site):
    """Under every record view, the Statements table has a row per statement of the resource
    in the store, as before the record views."""
    import pyoxigraph as ox

    out, _ = built
    db = ox.Store.read_only(str(out / "store" / "oxigraph"))
    checked = 0
    for page in sorted((site / "doc").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if '<div class="record' not in html:
            continue
        iri = "https://w3id.org/ctocgraph/id/" + str(page.relative_to(site / "doc"))[:-len(".html")]
        statements = {(q.predicate, q.object) for q in db.quads_for_pattern(ox.NamedNode(iri), None, None, None)}
        record, rest = html.split('<div class="raw"><h2>Statements</h2><table>', 1)
        assert html.index('<div class="record') < len(record)  # the record first
        assert rest.split("</table>", 1)[0].count("<tr>") == len(statements) > 0, iri
        checked += 1
    assert checked > 50
