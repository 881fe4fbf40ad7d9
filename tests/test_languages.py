"""French, Spanish, Russian and Arabic: the same facts and IRIs as the Chinese and English texts.

The 2017 agenda in French, Spanish, Russian and Arabic is not among the project's sources.
tests/fixtures holds renditions we wrote in UN editorial style (inflected citations, the footnote call before the
full stop, "(1)" in Arabic, provisions "в подпункте (a) статьи 3" / "الفقرة الفرعية (أ) من المادة
3", "00/10-00/13"), so the tables are checked on a text they were not written from.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from conftest import DATA, asker

from ctocgraph import Reference, build, source_from_path
from ctocgraph.languages import detect_language
from ctocgraph.lexicon import Lexicon

REF = Reference(DATA / "reference")
SOURCES = DATA / "sources"
FIXTURES = Path(__file__).parent / "fixtures"
_EXPRESSION = re.compile(r"/(?:zh|en|fr|es|ru|ar)(?:/|$)")


def build_files(*paths: Path):
    result = build([source_from_path(p) for p in paths], REF)
    assert result.validation.conforms
    assert all(not r.unparsed for r in result.records), [r.unparsed for r in result.records]
    return result


def language_neutral_facts(result) -> set[tuple[str, str, str]]:
    """Every statement that does not depend on the language of the text: no language-tagged
    literal, no source line, nothing about the expression (file) itself."""
    out = set()
    for s, p, o, _ in result.dataset.quads((None, None, None, None)):
        if getattr(o, "language", None) or any(_EXPRESSION.search(str(x)) for x in (s, o)):
            continue
        if str(p).endswith(("firstLine", "lastLine", "sha256", "sourceSpan", "sourceFile")):
            continue
        out.add((str(s), str(p), str(o)))
    return out


@pytest.fixture(scope="module")
def facts_2020_zh():
    return language_neutral_facts(build_files(SOURCES / "CTOC_COP_WG.7_2020_1.zh.txt"))


@pytest.fixture(scope="module")
def facts_2017_en():
    return language_neutral_facts(build_files(SOURCES / "CTOC_COP_WG.7_2017_1.en.txt"))


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar"])
def test_2020_alone_states_every_fact_of_the_chinese_2020(facts_2020_zh, lang):
    facts = language_neutral_facts(build_files(SOURCES / f"CTOC_COP_WG.7_2020_1.{lang}.txt"))
    assert facts == facts_2020_zh
    assert len(facts) > 150  # sessions, items, documents, mandates, decisions, time slots …


@pytest.mark.parametrize("lang", ["fr", "es", "ru", "ar"])
def test_2017_rendition_states_every_fact_of_the_english_2017(facts_2017_en, lang):
    result = build_files(FIXTURES / f"CTOC_COP_WG.7_2017_1.{lang}.txt")
    assert language_neutral_facts(result) == facts_2017_en
    run = asker(result)
    # the footnote ("1 См., например, …" / "(1) انظر، على سبيل المثال، …") cites three acts
    rows = run("""SELECT ?r WHERE { ?i ctoc:itemNumber "4" ; ctoc:cites ?r . ?r a ctoc:Resolution }""")
    assert sorted(r[0].rsplit("/id/")[1] for r in rows) == [
        "resolution/cop/6/3", "resolution/ecosoc/2014/23", "resolution/ga/71/1"]
    notes = run("""SELECT ?n WHERE { ?i ctoc:itemNumber "4" ; ctoc:footnote ?n }""")
    assert len(notes) == 1 and notes[0][0].startswith("1 ")


@pytest.mark.parametrize("with_2017_renditions", [False, True])
def test_all_seed_files_give_one_set_of_entities_with_six_titles_per_item(with_2017_renditions):
    files = sorted(SOURCES.glob("*.txt")) + (sorted(FIXTURES.glob("*.txt")) if with_2017_renditions else [])
    result = build_files(*files)
    assert result.inconsistencies == []
    run = asker(result)
    # the two sessions the agendas announce, beside the register's twelve of the Conference
    assert run("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ctoc:Session }") == [("14",)]
    assert run("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?i ctoc:itemOf ?s }") == [("2",)]
    for session, count in (("wg-som/7", 7), ("wg-som/4", 8)):
        rows = run(f"""SELECT ?i (GROUP_CONCAT(lang(?t); separator=" ") AS ?langs) WHERE {{
            ?i ctoc:itemOf <https://w3id.org/ctocgraph/id/session/{session}> ; dcterms:title ?t }}
            GROUP BY ?i""")
        six = ["ar", "en", "es", "fr", "ru", "zh"] if with_2017_renditions or session == "wg-som/7" \
            else ["en", "zh"]
        assert len(rows) == count
        assert all(sorted(langs.split()) == six for _, langs in rows), rows


def test_arabic_is_stored_as_written():
    source = SOURCES / "CTOC_COP_WG.7_2020_1.ar.txt"
    text = unicodedata.normalize("NFC", source.read_text(encoding="utf-8"))
    run = asker(build_files(source))
    titles = [t for (t,) in run("""SELECT ?t WHERE { ?i a ctoc:AgendaItem ; dcterms:title ?t }""")]
    assert "افتتاح الاجتماع" in titles and "مسائل أخرى" in titles
    for title in titles:  # logical order, NFC, no bidi controls added
        assert title == unicodedata.normalize("NFC", title)
        assert not re.search("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", title)
        assert title.split()[0] in text


def test_arabic_indic_digits_give_the_same_graph(tmp_path, facts_2020_zh):
    """"٨ أيلول/سبتمبر ٢٠٢٠", "القرار ٧/١", "٠٠/١٠-٠٠/١٣", "١- المسائل": the same IRIs as ASCII."""
    text = (SOURCES / "CTOC_COP_WG.7_2020_1.ar.txt").read_text(encoding="utf-8")
    symbols = re.compile(r"CTOC/COP/\s*WG\.7/\d{4}/\d|COVID-19|كوفيد-19")
    out, last = [], 0
    for m in symbols.finditer(text):  # document symbols stay in Latin script, as UN texts write them
        out.append(text[last:m.start()].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
        out.append(m.group())
        last = m.end()
    out.append(text[last:].translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
    path = tmp_path / "CTOC_COP_WG.7_2020_1.ar.txt"
    path.write_text("".join(out), encoding="utf-8")
    assert "القرار ٧/١" in path.read_text(encoding="utf-8")
    assert language_neutral_facts(build_files(path)) == facts_2020_zh


@pytest.mark.parametrize("path", [*sorted(SOURCES.glob("*.txt")), *sorted(FIXTURES.glob("*.txt"))],
                         ids=lambda p: p.name)
def test_language_is_detected_from_the_text(tmp_path, path):
    unnamed = tmp_path / re.sub(r"\.[a-z]{2}\.txt$", ".txt", path.name)
    shutil.copy(path, unnamed)
    source = source_from_path(unnamed)
    assert source.language == path.name.split(".")[-2]
    lines = unnamed.read_text(encoding="utf-8").splitlines()
    assert detect_language(lines) == source.language


def test_language_detection_refuses_a_text_without_agenda_headings():
    from ctocgraph.errors import LexiconError

    with pytest.raises(LexiconError, match="cannot tell the language"):
        detect_language(["Lorem ipsum", "dolor sit amet"])


@pytest.mark.parametrize("lang", ["ru", "ar"])
def test_a_changed_time_in_one_of_six_languages_is_an_inconsistency(tmp_path, lang):
    old = {"ru": "15 ч. 00 м. – 18 ч. 00 м. 4", "ar": "00/15-00/18 4"}[lang]
    new = {"ru": "16 ч. 00 м. – 18 ч. 00 м. 4", "ar": "00/16-00/18 4"}[lang]
    for p in SOURCES.glob("CTOC_COP_WG.7_2020_1.*.txt"):
        shutil.copy(p, tmp_path / p.name)
    changed = tmp_path / f"CTOC_COP_WG.7_2020_1.{lang}.txt"
    text = changed.read_text(encoding="utf-8")
    assert old in text
    changed.write_text(text.replace(old, new), encoding="utf-8")
    result = build([source_from_path(p) for p in sorted(tmp_path.glob("*.txt"))], REF)
    assert {i.fact for i in result.inconsistencies} == {"time slot 2020-09-09 15:00",
                                                        "time slot 2020-09-09 16:00"}
    assert all(changed.name in (i.file_a, i.file_b) for i in result.inconsistencies)


def test_russian_ordinals_in_every_case_up_to_the_twenty_fifth():
    lx = Lexicon("ru", REF)
    stems = ["перв", "втор", "трет", "четверт", "пят", "шест", "седьм", "восьм", "девят", "десят",
             "одиннадцат", "двенадцат", "тринадцат", "четырнадцат", "пятнадцат", "шестнадцат",
             "семнадцат", "восемнадцат", "девятнадцат", "двадцат"]
    for n, stem in enumerate(stems, start=1):
        for ending in (("ье", "ьего", "ьей", "ьем") if stem == "трет" else
                       ("ое", "ого", "ом", "ая", "ой", "ую", "ый" if n != 2 else "ой")):
            assert lx.number(stem + ending) == n, stem + ending
    assert [lx.number(f"двадцать {w}") for w in ("первое", "второго", "третьей", "четвёртом",
                                                 "пятая")] == [21, 22, 23, 24, 25]
    with pytest.raises(ValueError):
        lx.number("седьмоеe")


def test_arabic_ordinals_masculine_and_feminine_up_to_the_twenty_fifth():
    lx = Lexicon("ar", REF)
    masc = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
            "العاشر", "الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر",
            "السادس عشر", "السابع عشر", "الثامن عشر", "التاسع عشر", "العشرون", "الحادي والعشرون",
            "الثاني والعشرون", "الثالث والعشرون", "الرابع والعشرون", "الخامس والعشرون"]
    fem = ["الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة",
           "التاسعة", "العاشرة", "الحادية عشرة", "الثانية عشرة", "الثالثة عشرة", "الرابعة عشرة",
           "الخامسة عشرة", "السادسة عشرة", "السابعة عشرة", "الثامنة عشرة", "التاسعة عشرة",
           "العشرون", "الحادية والعشرون", "الثانية والعشرون", "الثالثة والعشرون",
           "الرابعة والعشرون", "الخامسة والعشرون"]
    assert [lx.number(w) for w in masc] == list(range(1, 26))
    assert [lx.number(w) for w in fem] == list(range(1, 26))


def test_sub_item_letters_become_the_latin_letters_of_iris():
    ar, ru = Lexicon("ar", REF), Lexicon("ru", REF)
    assert [ar.letter(x) for x in ("أ", "ب", "ج", "د", "هـ", "ه", "و")] == list("abcdeef")
    assert [ru.letter(x) for x in ("a", "b", "а", "с")] == ["a", "b", "a", "c"]  # Cyrillic look-alikes
    assert ar.subparagraph_letter("أ") == "a" and ar.subparagraph_letter("ب") == "b"
