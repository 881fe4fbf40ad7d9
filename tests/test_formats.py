"""PDF and DOCX sources give the same graph as the text sources (apart from provenance), and
unreadable files give a clear error naming the file, with nothing written."""

from __future__ import annotations

import shutil

import pytest
from conftest import DATA, ctocgraph
from docfixtures import make_docx, make_docx_with_table, make_image_pdf, make_pdf
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from ctocgraph import Reference, build, source_from_path
from ctocgraph.errors import SourceError
from ctocgraph.read import sniff

CTOC = Namespace("https://w3id.org/ctocgraph/ontology#")
REF = Reference(DATA / "reference")
SEEDS = sorted(p.name for p in (DATA / "sources").glob("*.txt"))
# Arabic fails the PDF round trip (an expected failure, run every time): reportlab draws it
# unshaped, and pdfminer's layout analysis then splits lines at zero-width vowel marks, an
# artefact of the fixture rather than of UN PDFs. Arabic DOCX sources are tested below; Arabic
# PDF input is not yet verified.
PDF_SEEDS = [pytest.param(name, marks=pytest.mark.xfail(
    strict=True, reason="reportlab draws Arabic unshaped and pdfminer then splits its lines at "
                        "the vowel marks: an artefact of this fixture, not of UN PDFs"))
             if name.endswith(".ar.txt") else name for name in SEEDS]


def without_provenance(result) -> Graph:
    """The union of a build's graphs, less the lines, file name and checksum of the source."""
    g = Graph()
    spans = {s for gr in result.graphs.values() for s in gr.subjects(RDF.type, CTOC.SourceSpan)}
    for s, p, o, _ in result.dataset.quads((None, None, None, None)):
        if s in spans or p in (CTOC.sourceSpan, CTOC.sourceFile, CTOC.sha256):
            continue
        g.add((s, p, o))
    return g


def build_one(path):
    return build([source_from_path(path)], REF)


@pytest.fixture(scope="module")
def text_graphs():
    return {name: without_provenance(build_one(DATA / "sources" / name)) for name in SEEDS}


@pytest.mark.parametrize("name", PDF_SEEDS)
def test_pdf_gives_the_same_graph(tmp_path, text_graphs, name):
    lang = name.split(".")[-2]
    pdf = make_pdf(DATA / "sources" / name, tmp_path / name.replace(".txt", ".pdf"), lang)
    result = build_one(pdf)
    assert result.validation.conforms
    assert result.records[0].unparsed == []
    assert isomorphic(without_provenance(result), text_graphs[name])


@pytest.mark.parametrize("name", SEEDS)
def test_docx_gives_the_same_graph(tmp_path, text_graphs, name):
    docx = make_docx(DATA / "sources" / name, tmp_path / name.replace(".txt", ".docx"))
    result = build_one(docx)
    assert result.records[0].unparsed == []
    assert isomorphic(without_provenance(result), text_graphs[name])


@pytest.mark.parametrize("name", SEEDS)
def test_docx_with_the_schedule_as_a_table(tmp_path, text_graphs, name):
    docx = make_docx_with_table(DATA / "sources" / name, tmp_path / name.replace(".txt", ".docx"), REF)
    result = build_one(docx)
    assert result.records[0].unparsed == []
    assert isomorphic(without_provenance(result), text_graphs[name])


def test_format_is_detected_by_content_not_extension(tmp_path, text_graphs):
    name = "CTOC_COP_WG.7_2020_1.zh.txt"
    pdf = make_pdf(DATA / "sources" / name, tmp_path / "x.pdf", "zh")
    disguised = tmp_path / name  # a PDF named .txt
    shutil.copy(pdf, disguised)
    assert sniff(disguised.read_bytes()) == "pdf"
    assert isomorphic(without_provenance(build_one(disguised)), text_graphs[name])


def test_cli_builds_from_pdf_and_docx(tmp_path):
    pdf = make_pdf(DATA / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt",
                   tmp_path / "CTOC_COP_WG.7_2017_1.zh.pdf", "zh")
    docx = make_docx(DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt",
                     tmp_path / "CTOC_COP_WG.7_2017_1.en.docx")
    r = ctocgraph("build", str(pdf), str(docx), "--no-store", "--strict", "-o", str(tmp_path / "x.trig"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "[en] 1 source" in r.stdout and "[zh] 1 source" in r.stdout


@pytest.mark.parametrize("kind", ["image-only PDF", "encrypted PDF", "corrupt DOCX", "ZIP not DOCX"])
def test_unreadable_documents_give_a_clear_error_and_write_nothing(tmp_path, kind):
    path = tmp_path / "CTOC_COP_WG.7_2017_1.zh.pdf"
    if kind == "image-only PDF":
        make_image_pdf(path)
        message = "no text layer"
    elif kind == "encrypted PDF":
        make_pdf(DATA / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt", path, "zh", encrypt="secret")
        message = "encrypted PDF"
    elif kind == "corrupt DOCX":
        path = tmp_path / "CTOC_COP_WG.7_2017_1.zh.docx"
        good = make_docx(DATA / "sources" / "CTOC_COP_WG.7_2017_1.zh.txt", tmp_path / "good.docx")
        path.write_bytes(good.read_bytes()[:2000])  # cut off: a broken archive
        message = "corrupt DOCX"
    else:
        import zipfile

        path = tmp_path / "CTOC_COP_WG.7_2017_1.zh.docx"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("notes.txt", "hello")
        message = "not a DOCX"
    with pytest.raises(SourceError, match=message) as err:
        build_one(path)
    assert path.name in str(err.value)
    out = tmp_path / "out.trig"
    r = ctocgraph("build", str(path), "--no-store", "-o", str(out))
    assert r.returncode == 2 and message in r.stderr and path.name in r.stderr
    assert "Traceback" not in r.stderr and not out.exists()
