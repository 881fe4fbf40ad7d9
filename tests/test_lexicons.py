"""Language tables are data with examples: every example of every table is run here."""

from __future__ import annotations

import pytest

from ctocgraph.extract import Extractor
from ctocgraph.languages import available_languages, load_table
from ctocgraph.lexicon import Lexicon
from ctocgraph.normalize import Line
from ctocgraph.passage import Passage

EXAMPLES = [(lang, i, ex) for lang in available_languages()
            for i, ex in enumerate(load_table(lang).get("examples", []))]


def test_every_table_has_examples_of_every_rule():
    for lang in available_languages():
        rules = {ex["rule"] for ex in load_table(lang)["examples"]}
        assert {"number", "date", "date_range", "time_range", "resolutions", "provisions",
                "provisions_of", "ordinal"} <= rules, lang


@pytest.mark.parametrize(("lang", "n", "example"), EXAMPLES,
                         ids=[f"{lang}-{n}-{ex['rule']}" for lang, n, ex in EXAMPLES])
def test_example(reference, lang, n, example):
    lx = Lexicon(lang, reference)
    rule, text, expected = example["rule"], example["input"], example["expected"]
    # the document's body, for the words that name its own organs ("the Conference")
    body = example.get("body", "wg-som")
    ex = Extractor(lx, reference.context(body).get("conference", ""), body)
    passage = Passage.join([Line(1, text)], lx.join)
    if rule == "number":
        assert lx.number(text) == expected
    elif rule == "date":
        assert lx.date(text).isoformat() == expected
    elif rule == "date_range":
        assert [d.isoformat() for d in lx.date_range(text)] == expected
    elif rule == "time":
        assert lx.time(text).iso() == expected
    elif rule == "time_range":
        assert [t.iso() for t in lx.time_range(text)] == expected
    elif rule == "resolutions":
        assert [str(c.target) for _, _, c in ex.acts(passage)] == expected
    elif rule == "provisions":
        assert [str(c.target) for _, c in ex.provisions(passage, "untoc")] == expected
    elif rule == "provisions_of":  # the instrument each provision belongs to, with no fallback
        assert [f"{c.target.instrument} {c.target}" for _, c in ex.provisions(passage, None)] \
            == expected
    elif rule == "ordinal":
        opening = ex.opening(passage)
        assert opening is not None and opening[0] == expected
    elif rule == "heading":  # the kind of heading a line is
        assert lx.heading(text) == (expected or None)
    elif rule == "header_ordinal":  # the session's ordinal as the head writes it
        found = [lx.number(m.group("ordinal")) for rx in lx.header_ordinal_res
                 for m in [rx.search(text)] if m]
        assert found[:1] == [expected]
    elif rule == "layout":  # where a flattened line is cut into the parts of an agenda
        from ctocgraph.layout import layout

        assert [ln.text for ln in layout([Line(1, text)], lx, None).lines] == expected
    elif rule == "furniture":  # what is left of a line once page furniture is taken out
        from ctocgraph.identifiers import DocumentSymbol
        from ctocgraph.layout import layout

        own = DocumentSymbol.parse(example["symbol"]) if example.get("symbol") else None
        lines = [Line(1, "x" * 700), Line(2, text)]  # the head is over: a symbol is a running head
        assert [ln.text for ln in layout(lines, lx, own).lines[1:]] == expected
    else:
        pytest.fail(f"unknown rule {rule!r} in the {lang} table")


def test_weekdays_cover_the_week(reference):
    for lang in available_languages():
        lx = Lexicon(lang, reference)
        assert set(lx.table["dates"]["weekdays"].values()) == set(range(1, 8)), lang


def test_zh_numerals_up_to_twenty_five(reference):
    lx = Lexicon("zh", reference)
    words = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四",
             "十五", "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五"]
    assert [lx.number(w) for w in words] == list(range(1, 26))
    assert lx.number("一百零一") == 101
    with pytest.raises(ValueError):
        lx.number("四x")


def test_unknown_language_is_a_clear_error(reference):
    from ctocgraph.errors import LexiconError

    with pytest.raises(LexiconError, match="no language table for 'xx'"):
        Lexicon("xx", reference)


def test_en_ordinals_up_to_twenty_fifth(reference):
    lx = Lexicon("en", reference)
    words = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second",
             "twenty-third", "twenty-fourth", "twenty-fifth"]
    assert [lx.number(w) for w in words] == list(range(1, 26))
    assert lx.number("Thirty-first") == 31 and lx.number("11th") == 11
    with pytest.raises(ValueError):
        lx.number("fourthish")


def test_every_table_words_the_generated_session_label(reference):
    """Labels the graph generates are worded by each language's table, never English tagged
    with another language's code."""
    for lang in available_languages():
        template = load_table(lang)["labels"]["session"]
        assert "{body}" in template and "{n}" in template, lang
    assert load_table("ar")["labels"]["session"].format(body="الفريق العامل", n=7) == "الفريق العامل، الدورة 7"


def test_every_example_holds_a_word_that_lets_its_patterns_run(reference):
    """``opening_words``, ``resolution_words`` … spare the patterns the passages that cannot
    match them; a word list that missed a form the patterns match would hide facts, so each
    table's examples of those rules must hold one of its words."""
    guarded = {"ordinal": "opening_words", "resolutions": "resolution_words",
               "provisions": "provision_words", "provisions_of": "provision_words"}
    for lang in available_languages():
        lx = Lexicon(lang, reference)
        for name in [*guarded.values(), "plenary_words"]:
            assert getattr(lx, name), (lang, name)
        for example in load_table(lang)["examples"]:
            if example["rule"] in guarded and example["expected"]:
                words = getattr(lx, guarded[example["rule"]])
                assert any(w in example["input"] for w in words), (lang, example)


def test_a_range_gives_each_provision_located_where_it_is_written(reference):
    """"articles 5 to 8", broken across lines: 5 on the first line, 8 on the second, 6 and 7
    (written nowhere by themselves) on both; a range backwards or wider than any treaty's
    articles gives none."""
    lx = Lexicon("en", reference)
    ex = Extractor(lx, "cop", "wg-som")
    passage = Passage.join([Line(10, "in accordance with articles 5 to"),
                            Line(11, "8 of the Organized Crime Convention")], lx.join)
    found = [(str(c.target), c.target.instrument, c.span.first, c.span.last)
             for _, c in ex.provisions(passage, None)]
    assert found == [("5..", "untoc", 10, 10), ("6..", "untoc", 10, 11),
                     ("7..", "untoc", 10, 11), ("8..", "untoc", 11, 11)]
    for text in ("articles 8 to 5 of the Convention", "articles 5 to 500 of the Convention"):
        assert ex.provisions(Passage.join([Line(1, text)], lx.join), "untoc") == []
