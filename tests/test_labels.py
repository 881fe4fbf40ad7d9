"""Generated labels are worded by the language tables ([labels]) and named by the reference
data: the mapping itself holds no word of any language."""

from __future__ import annotations

import string

import pytest
from conftest import asker

from ctocgraph.identifiers import ProvisionRef, ResolutionRef
from ctocgraph.labels import act_labels, provision_labels
from ctocgraph.languages import available_languages, label_templates, load_table

# the fields each wording may use (the mapping fills exactly these)
FIELDS = {
    "session": {"body", "n"},
    "reconvened_session": {"body", "n"},
    "special_session": {"body", "n"},
    "reconvened_special_session": {"body", "n"},
    "resolution": {"issuer", "number"},
    "decision": {"issuer", "number"},
    "bureau_decision": {"body", "date"},
    "provision": {"instrument", "article", "paragraph", "subparagraph"},
    "provision_paragraph": {"paragraph"},
    "provision_subparagraph": {"subparagraph"},
}


def _labels(seed, iri: str) -> set[tuple[str, str]]:
    rows = asker(seed)(f"SELECT DISTINCT ?l (lang(?l) AS ?lang) WHERE {{ <{iri}> rdfs:label ?l }}")
    return {(lang, label) for label, lang in rows}


@pytest.mark.parametrize("lang", available_languages())
def test_every_label_wording_uses_only_the_fields_the_mapping_fills(lang):
    """A wording with a field the mapping does not fill ("{name}" for "{issuer}") would stop
    every build that labels such an entity; a key the mapping never asks for is a typo."""
    for kind, wording in load_table(lang)["labels"].items():
        assert kind in FIELDS, (lang, kind)
        used = {field for _, field, _, _ in string.Formatter().parse(wording) if field}
        assert used <= FIELDS[kind], (lang, kind, used)
    # a wording of the parts of a provision goes with a wording of the provision
    labels = load_table(lang)["labels"]
    assert ("provision" in labels) == ("provision_paragraph" in labels) \
        == ("provision_subparagraph" in labels), lang


def test_acts_provisions_and_bureau_decisions_are_labelled_as_their_tables_word_them(seed):
    """Written from the sources and the reference data: the English agenda cites "resolution
    7/1" of the Conference, whose last English name in data/reference/bodies.toml is
    "Conference of the Parties"; the Chinese agenda writes "缔约方会议第 7/1 号决议". Only the
    English and Chinese tables word the labels of acts, provisions and Bureau decisions, so
    the French, Spanish, Russian and Arabic versions of the same agenda add none."""
    assert _labels(seed, "https://w3id.org/ctocgraph/id/resolution/cop/7/1") == {
        ("en", "Conference of the Parties resolution 7/1"), ("zh", "缔约方会议第 7/1 号决议")}
    # "article 3, subparagraph (a)" of the Smuggling of Migrants Protocol (en.txt line 247);
    # 第六条第一款第㈠项 of 《偷运移民问题议定书》 (zh.txt lines 151-153), the Protocol's last
    # names in data/reference/instruments.toml
    assert _labels(seed, "https://w3id.org/ctocgraph/id/instrument/som-protocol/art/3/subpara/a") \
        == {("en", "art. 3 (a), Smuggling of Migrants Protocol"),
            ("zh", "《偷运移民问题议定书》第3条第(a)项")}
    assert _labels(seed, "https://w3id.org/ctocgraph/id/instrument/som-protocol/art/6/para/1/subpara/a") \
        == {("en", "art. 6, para. 1 (a), Smuggling of Migrants Protocol"),
            ("zh", "《偷运移民问题议定书》第6条第1款第(a)项")}
    # "At its meeting held on 7 April 2017, the extended Bureau of the Conference" (en.txt
    # line 96); 缔约方会议扩大主席团在 2017 年 4 月 7 日 (zh.txt line 62)
    assert _labels(seed, "https://w3id.org/ctocgraph/id/decision/cop-extended-bureau/2017-04-07") == {
        ("en", "decision of the extended Bureau of the Conference of the Parties, 2017-04-07"),
        ("zh", "缔约方会议扩大主席团2017-04-07的决定")}


def test_a_language_labels_an_act_when_its_table_words_it(reference):
    """Which languages label acts is the tables' say: exactly those whose [labels] word the
    kind of act; the issuer is named by its last name in that language. Decision 4/1 of the
    Conference is cited in tests/agendas/cop/CTOC_COP_2018_1 ("(decision 4/1)", en.txt line
    124; "（第 4/1 号决定）", zh.txt line 104)."""
    worded = {lang for lang in available_languages() if "decision" in load_table(lang)["labels"]}
    assert set(label_templates("decision")) == worded
    labels = act_labels(reference, ResolutionRef("cop", "4/1", "decision"))
    assert set(labels) == worded
    assert labels["en"] == "Conference of the Parties decision 4/1"
    assert labels["zh"] == "缔约方会议第 4/1 号决定"


def test_a_provision_of_an_instrument_the_reference_data_does_not_know_is_named_by_its_key(reference):
    labels = provision_labels(reference, ProvisionRef("no-such-treaty", 12, 2))
    assert labels == {"en": "art. 12, para. 2, no-such-treaty", "zh": "no-such-treaty第12条第2款"}
