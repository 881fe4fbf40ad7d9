"""Extraction is linear in a paragraph's length, counted in work, not time: the Python calls
(functions, generators, built-ins) that parsing a paragraph of citing prose takes grow as its
length, not as its square (the quadratic engine took 0.25 MB in 3.4 s and 10 MB never ended;
`benchmarks/paragraph.py` times it)."""

from __future__ import annotations

import sys

from conftest import DATA

from ctocgraph import Reference
from ctocgraph.build import _lexicon
from ctocgraph.manifest import source_from_path
from ctocgraph.normalize import normalize
from ctocgraph.parse import parse

UNIT = ("In its resolution 7/1, the Conference of the Parties decided that the Working Group should "
        "consider article 5 of the Convention, paragraphs 1 and 2 of article 6 of the Smuggling of "
        "Migrants Protocol and document CTOC/COP/WG.7/2017/2 (see http://undocs.org/A/RES/71/1), and "
        "requested the Secretariat to report on General Assembly resolution 71/1. ")
SOURCE = DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt"
ANCHOR = "The proposed organization of work (see annex) has been prepared in accordance "


def calls_to_parse(units: int) -> tuple[int, int]:
    """The calls parsing the agenda with a paragraph of ``units`` sentences takes, and the
    mandates it finds."""
    text = SOURCE.read_text(encoding="utf-8").replace(ANCHOR, UNIT * units + "\n\n" + ANCHOR)
    lexicon = _lexicon("en", Reference(DATA / "reference"))
    lines = normalize(text)
    count = [0]

    def profile(frame: object, event: str, arg: object) -> None:
        count[0] += 1

    sys.setprofile(profile)
    try:
        record = parse(lines, lexicon, source_from_path(SOURCE), "0" * 64, text.count("\n") + 1)
    finally:
        sys.setprofile(None)
    return count[0], sum(len(item.mandates) for item in record.items)


def test_the_work_of_extraction_grows_as_the_paragraph():
    calls_to_parse(150)  # first-use costs (patterns compiled, names cached) counted nowhere
    base, found = calls_to_parse(0)
    small, found_small = calls_to_parse(150)  # about 50 kB
    large, found_large = calls_to_parse(600)  # four times as long
    assert found_large - found == 4 * (found_small - found) == 600  # a mandate a sentence
    ratio = (large - base) / (small - base)
    assert ratio < 5, f"work grew {ratio:.1f}x for 4x the text (quadratic would be about 16x)"
