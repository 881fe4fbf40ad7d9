"""A third level of items ("3 (b) (i)"): read as items of their own, under their sub-item;
and what else a real head and page carry (a reissue note, other duty stations' job numbers).

Agendas of the Crime Congress and of the Commission on Narcotic Drugs number items under a
sub-item with Roman numerals; Chinese versions write ㈠, ㈡. The texts here are written for
these tests; the expected facts are written by hand from them.
"""

from __future__ import annotations

import sys

from conftest import DATA, ROOT

from ctocgraph import Reference, build, source_from_path
from ctocgraph.identifiers import Iris

sys.path.insert(0, str(ROOT / "tests" / "agendas"))
from variants import flattened

REF = Reference(DATA / "reference")
IRIS = Iris()
SESSION = f"{IRIS.base}session/cnd/62"

CND = """United Nations                                             E/CN.7/2019/1
Economic and Social Council                                Distr.: General
                                                           20 December 2018
                                                           Original: English
Commission on Narcotic Drugs
Sixty-second session
Vienna, 14–22 March 2019

          Annotated provisional agenda

          Provisional agenda

1.   Election of officers.
2.   Adoption of the agenda and other organizational matters.
3.   Implementation of the international drug control treaties:
     (a)   Changes in the scope of control of substances;
     (b)   Challenges and future work of the Commission:
           (i)    Review of its working methods;
           (ii)   Proposals for its next session;
     (c)   International Narcotics Control Board.
4.   Adoption of the report of the Commission.

          Annotations

1.   Election of officers

The Commission will elect the officers of its bureau for the session.

2.   Adoption of the agenda and other organizational matters

The Commission will be invited to adopt the provisional agenda.

3.   Implementation of the international drug control treaties

     (a)   Changes in the scope of control of substances

Notifications received under the treaties will be before the Commission.

     (b)   Challenges and future work of the Commission

           (i)    Review of its working methods

The Commission will look at how it works, as it asked in its resolution 61/11.

           (ii)   Proposals for its next session

Members may put forward topics for the following session.

     (c)   International Narcotics Control Board

The President of the Board will present the report of the Board.

Documentation

Report of the International Narcotics Control Board for 2018 (E/INCB/2018/1)

4.   Adoption of the report of the Commission

The Commission will adopt the report on its sixty-second session.
"""

NUMBERS = ["1", "2", "3", "3(a)", "3(b)", "3(b)(i)", "3(b)(ii)", "3(c)", "4"]


def _built(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = build([source_from_path(path)], REF)
    assert result.validation.conforms, result.validation.text
    return result


def _graph(result):
    from rdflib import Dataset

    from ctocgraph.serialize import nquads

    ds = Dataset(default_union=True)
    ds.parse(data=nquads(result.dataset), format="nquads")
    return ds


def _items(result) -> dict[str, tuple[str, str | None]]:
    """Each item's number → (its IRI, the number of the item it is a sub-item of)."""
    q = """PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
    SELECT ?i ?n ?pn WHERE { ?i ctoc:itemNumber ?n .
      OPTIONAL { ?i ctoc:subItemOf ?p . ?p ctoc:itemNumber ?pn } }"""
    return {str(n): (str(i), str(pn) if pn is not None else None)
            for i, n, pn in _graph(result).query(q)}


def test_items_of_the_third_level_are_items_under_their_sub_item(tmp_path):
    result = _built(tmp_path, "E_CN.7_2019_1.en.txt", CND)
    rec = result.records[0]
    assert [i.number for i in rec.items] == NUMBERS
    assert [(i.title, i.parent) for i in rec.items if i.number.count("(") == 2] == [
        ("Review of its working methods", "3(b)"), ("Proposals for its next session", "3(b)")]
    assert not rec.unparsed
    assert not [f for f in rec.findings if f.code in ("sub-sub-item", "item-not-annotated")]
    items = _items(result)
    assert items["3(b)(i)"] == (f"{SESSION}/item/3bi", "3(b)")
    assert items["3(b)(ii)"] == (f"{SESSION}/item/3bii", "3(b)")
    assert items["3(b)"] == (f"{SESSION}/item/3b", "3")
    assert items["3(c)"] == (f"{SESSION}/item/3c", "3")


def test_the_annotation_of_an_item_of_the_third_level_is_its_own(tmp_path):
    rec = _built(tmp_path, "E_CN.7_2019_1.en.txt", CND).records[0]
    first = next(i for i in rec.items if i.number == "3(b)(i)")
    assert first.annotation == ("The Commission will look at how it works, as it asked in its "
                                "resolution 61/11.")
    assert [str(c.target) for c in first.citations] == ["cnd resolution 61/11"]
    board = next(i for i in rec.items if i.number == "3(c)")
    assert [d.symbol.value for d in board.documents] == ["E/INCB/2018/1"]
    assert next(i for i in rec.items if i.number == "3(b)").annotation == ""


def test_a_flattened_page_is_cut_at_each_numeral(tmp_path):
    text = flattened(CND, "E/CN.7/2019/1", "en")
    rec = _built(tmp_path, "E_CN.7_2019_1.en.txt", text).records[0]
    assert [i.number for i in rec.items] == NUMBERS
    assert [i.title for i in rec.items if i.number.startswith("3(b)")] == [
        "Challenges and future work of the Commission", "Review of its working methods",
        "Proposals for its next session"]
    assert not rec.unparsed


def test_i_after_h_is_the_ninth_sub_item_unless_h_announces_a_list(tmp_path):
    letters = "abcdefghi"
    listed = "".join(f"     ({c})   Topic {c.upper()};\n" for c in letters[:-1]) + \
        "     (i)   Topic I.\n"
    text = CND.replace(
        "     (a)   Changes in the scope of control of substances;\n"
        "     (b)   Challenges and future work of the Commission:\n"
        "           (i)    Review of its working methods;\n"
        "           (ii)   Proposals for its next session;\n"
        "     (c)   International Narcotics Control Board.\n", listed)
    rec = _built(tmp_path, "E_CN.7_2019_1.en.txt", text).records[0]
    assert [i.number for i in rec.items if i.parent == "3"][-2:] == ["3(h)", "3(i)"]
    announced = text.replace("Topic H;", "Topic H:")
    rec = _built(tmp_path, "E_CN.7_2019_1.en.txt", announced).records[0]
    assert [i.number for i in rec.items if i.number.startswith("3(h)")] == ["3(h)", "3(h)(i)"]


def test_an_unexpected_numeral_is_reported_not_invented(tmp_path):
    text = CND.replace("(ii)   Proposals for its next session;", "(iv)   Proposals for its next session;")
    rec = _built(tmp_path, "E_CN.7_2019_1.en.txt", text).records[0]
    assert "3(b)(iv)" not in [i.number for i in rec.items]
    assert any("(iv)" in t for _, t in rec.unparsed)


ZH_SEED = (DATA / "sources" / "CTOC_COP_WG.7_2020_1.zh.txt").read_text(encoding="utf-8")
FR_SEED = (DATA / "sources" / "CTOC_COP_WG.7_2020_1.fr.txt").read_text(encoding="utf-8")


def test_chinese_numbers_the_third_level_with_parenthesised_ideographs(tmp_path):
    text = ZH_SEED.replace("(b) 通过议程和工作安排。 \n",
                           "(b) 通过议程和工作安排： \n\n㈠ 通过议程； \n\n㈡ 工作安排。 \n", 1)
    at = text.index("2. 自然灾害", text.index("(b) 通过议程和工作安排 "))
    text = text[:at] + "㈠ 通过议程 \n\n工作组将通过议程。 \n\n㈡ 工作安排 \n\n工作组将商定工作安排。 \n\n" + \
        text[at:]
    result = _built(tmp_path, "CTOC_COP_WG.7_2020_1.zh.txt", text)
    rec = result.records[0]
    assert [(i.number, i.title) for i in rec.items if i.number.startswith("1(b)")] == [
        ("1(b)", "通过议程和工作安排"), ("1(b)(i)", "通过议程"), ("1(b)(ii)", "工作安排")]
    assert next(i for i in rec.items if i.number == "1(b)(ii)").annotation == "工作组将商定工作安排。"
    session = f"{IRIS.base}session/wg-som/7"
    assert _items(result)["1(b)(ii)"] == (f"{session}/item/1bii", "1(b)")
    # the annex schedules 1 (b): its items of the third level with it
    assert not [f for f in rec.findings if f.code == "item-not-scheduled"]


def test_french_writes_the_third_level_without_an_opening_bracket(tmp_path):
    text = FR_SEED.replace(
        "b) Adoption de l'ordre du jour et organisation des travaux. \n",
        "b) Adoption de l'ordre du jour et organisation des travaux : \n\n"
        "i) Adoption de l'ordre du jour ; \n\nii) Organisation des travaux. \n", 1)
    rec = _built(tmp_path, "CTOC_COP_WG.7_2020_1.fr.txt", text).records[0]
    assert [(i.number, i.parent) for i in rec.items if i.number.startswith("1(b)")] == [
        ("1(b)", "1"), ("1(b)(i)", "1(b)"), ("1(b)(ii)", "1(b)")]
    assert [i.title for i in rec.items if i.parent == "1(b)"] == [
        "Adoption de l'ordre du jour", "Organisation des travaux"]


def test_a_reissue_note_and_page_furniture_of_other_duty_stations(tmp_path):
    """A head with "Reissued for technical reasons / on 5 January 2019" beside the
    distribution block: that date is the date of issue, never the session's. Job numbers of
    New York ("18-22345 (E) 100119 110119") and Geneva ("GE.18-22345"), "Please recycle" and a
    page number beside them are page furniture, taken out, not left as text."""
    text = CND.replace(
        "                                                           Original: English\n",
        "                                                           Original: English\n"
        "                                                           Reissued for technical reasons\n"
        "                                                           on 5 January 2019\n")
    text = text.replace("          Annotations\n", "18-22345 (E)    100119    110119\n*1822345*\n"
                        "Please recycle\n\n          Annotations\n")
    text = text.replace("4.   Adoption of the report of the Commission\n\nThe",
                        "GE.18-22345\n2/3\n\n4.   Adoption of the report of the Commission\n\nThe")
    rec = _built(tmp_path, "E_CN.7_2019_1.en.txt", text).records[0]
    assert (str(rec.start_date), str(rec.end_date)) == ("2019-03-14", "2019-03-22")
    assert not rec.unparsed
    assert [d.symbol.value for d in rec.item("3(c)").documents] == ["E/INCB/2018/1"]
    assert not [f for f in rec.findings if f.code == "header-dates-differ"]
    furniture = [n for n, role in rec.coverage.items() if role.startswith("page furniture")]
    lines = text.splitlines()
    at = [n for n, ln in enumerate(lines, 1) if ln.startswith(("18-22345", "GE.18"))]
    assert furniture == [at[0], at[0] + 1, at[0] + 2, at[1], at[1] + 1]  # 2/3 beside GE.


def test_two_different_dates_in_the_head_are_reported(tmp_path):
    text = CND.replace("Vienna, 14–22 March 2019\n", "Vienna, 14–22 March 2019\n15–23 March 2019\n")
    rec = _built(tmp_path, "E_CN.7_2019_1.en.txt", text).records[0]
    assert (str(rec.start_date), str(rec.end_date)) == ("2019-03-14", "2019-03-22")
    assert [(f.code, f.line) for f in rec.findings if f.code == "header-dates-differ"] == [
        ("header-dates-differ", 8)]
