"""Hostile inputs, built here for real: DOCX and PDF decompression bombs, a PDF whose page
piles up characters, a 2 GB file, manifest paths outside data/. Each is refused with one line
naming the file, exit 2, and the build's peak memory (its processes, measured by the kernel)
stays under 1 GiB."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from conftest import DATA, ctocgraph

from ctocgraph import pdfguard
from ctocgraph.errors import SourceError
from ctocgraph.manifest import Source, source_from_path
from ctocgraph.read import read_source

GIB = 2**30
PARAGRAPH = b"<w:p><w:r><w:t>Item 2 of the agenda; see resolution 7/1.</w:t></w:r></w:p>"
LINE = b"BT /F1 12 Tf 72 700 Td (Item 2 of the agenda; see resolution 7/1.) Tj ET\n"
MEASURE = """import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024)
print(r.stderr, end="")
"""


def measured_build(path: Path, *extra: str) -> tuple[int, int, str]:
    """`ctocgraph build FILE`, with the peak resident memory of its processes."""
    out = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "ctocgraph", "build",
                          str(path), "--symbol", "CTOC/COP/WG.7/2017/1", "--lang", "en", "--no-store",
                          "-o", str(path.with_suffix(".nq")), *extra],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    head, _, stderr = out.partition("\n")
    code, peak = map(int, head.split())
    return code, peak, stderr


def docx_with(parts: dict[str, bytes | int]) -> bytes:
    """A real DOCX (python-docx's own), with ``parts`` added or replaced; an int is a
    document.xml body of that many bytes of paragraphs, streamed into the archive."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    src = zipfile.ZipFile(base)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for info in src.infolist():
            if info.filename not in parts:
                z.writestr(info.filename, src.read(info.filename))
        for name, content in parts.items():
            if isinstance(content, bytes):
                z.writestr(name, content)
                continue
            with z.open(name, "w") as fh:
                fh.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
                block = PARAGRAPH * (1 << 14)
                for _ in range(content // len(block)):
                    fh.write(block)
                fh.write(b"</w:body></w:document>")
    return out.getvalue()


def pdf_with(stream: bytes, filters: str) -> bytes:
    """A one-page PDF whose content stream is ``stream`` (already encoded by ``filters``)."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d /Filter [%s] >>\nstream\n" % (len(stream), filters.encode()) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def deflated(size: int, twice: bool = False) -> bytes:
    """``size`` bytes of content-stream text, compressed piecewise (never held whole)."""
    c = zlib.compressobj(9)
    block = LINE * (1 << 14)
    data = b"".join(c.compress(block) for _ in range(size // len(block))) + c.flush()
    return zlib.compress(data, 9) if twice else data


def refused(tmp_path: Path, name: str, data: bytes, words: str) -> int:
    path = tmp_path / name
    path.write_bytes(data)
    code, peak, stderr = measured_build(path)
    assert code == 2, stderr
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and f": error: {name}: " in lines[0] and words in lines[0], stderr
    assert "Traceback" not in stderr
    assert peak < GIB, f"{name}: peak {peak / 2**20:.0f} MiB"
    assert not path.with_suffix(".nq").exists()
    return peak


def test_docx_bombs_are_refused_before_they_expand(tmp_path):
    honest = docx_with({"word/document.xml": 400 * 2**20})
    assert len(honest) < 2 * 2**20  # a 1 MB file …
    peaks = [refused(tmp_path, "honest.docx", honest, "expands to")]  # … holding 400 MB of XML
    # the same archive whose directory says 10 kB: zipfile reads no more than that, and the
    # part's checksum then fails
    lying = bytearray(honest)
    entry = lying.rindex(b"PK\x01\x02", 0, lying.rindex(b"word/document.xml"))
    lying[entry + 24: entry + 28] = (10_000).to_bytes(4, "little")
    peaks.append(refused(tmp_path, "lying.docx", bytes(lying), "declares 10000 bytes but expands to more"))
    many = docx_with({f"word/media/p{i}.xml": b"x" for i in range(1500)})
    peaks.append(refused(tmp_path, "many.docx", many, "1517 parts, over the limit of 1000"))
    print(json.dumps({"docx peaks MiB": [p // 2**20 for p in peaks]}))


def test_pdf_bombs_are_refused_before_they_expand(tmp_path):
    once = deflated(300 * 2**20)
    assert len(once) < 1.1 * 2**20  # about 1 MB, 300 MB expanded
    refused(tmp_path, "flate.pdf", pdf_with(once, "/FlateDecode"), "expand to more than")
    twice = deflated(300 * 2**20, twice=True)
    refused(tmp_path, "twice.pdf", pdf_with(twice, "/FlateDecode /FlateDecode"), "expand to more than")
    objects = b"".join(b"%d 0 obj null endobj\n" % i for i in range(100_001))
    refused(tmp_path, "objects.pdf", b"%PDF-1.4\n" + objects, "100001 objects")


def source(tmp_path: Path, name: str, data: bytes) -> Source:
    path = tmp_path / name
    path.write_bytes(data)
    return source_from_path(path, "CTOC/COP/WG.7/2017/1", "en")


def test_what_the_count_cannot_see_is_held_to_a_budget(tmp_path, monkeypatch):
    """A page piling 160,000 characters on one spot (1.5 kB: pdfminer's layout ran for over ten
    minutes) stops at the CPU budget; a bomb hidden from the count behind a hex filter stops
    at the memory budget. The budgets are lowered here to keep the test short."""
    monkeypatch.setattr(pdfguard, "PDF_SECONDS", 2)
    piled = source(tmp_path, "piled.pdf", pdf_with(zlib.compress(LINE * 3500, 9), "/FlateDecode"))
    with pytest.raises(SourceError, match="more than 2 s of CPU"):
        read_source(piled)
    monkeypatch.setattr(pdfguard, "PDF_MEMORY", 64 * 2**20)
    zeros = zlib.compressobj(9)
    hidden = (b"".join(zeros.compress(bytes(2**20)) for _ in range(128)) + zeros.flush()).hex().encode() + b">"
    bomb = source(tmp_path, "hidden.pdf", pdf_with(hidden, "/ASCIIHexDecode /FlateDecode"))
    with pytest.raises(SourceError, match="more than 64 MiB"):
        read_source(bomb)
    # and an ordinary PDF is read as before, in its child process
    ordinary = source(tmp_path, "ok.pdf", pdf_with(zlib.compress(b"BT /F1 12 Tf 72 700 Td (Agenda) Tj ET"), "/FlateDecode"))
    assert "Agenda" in read_source(ordinary).text


def test_a_2_gb_file_is_refused_by_its_size_unread(tmp_path):
    big = tmp_path / "CTOC_COP_WG.7_2017_1.en.txt"
    with big.open("wb") as fh:
        fh.truncate(2 * GIB)  # sparse: no disk used, and reading it would take 2 GB
    code, peak, stderr = measured_build(big)
    assert code == 2 and "over the 20971520-byte limit" in stderr and big.name in stderr
    assert peak < 256 * 2**20
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "reference").symlink_to(DATA / "reference")
    os.link(big, data / "sources" / big.name)
    (data / "manifest.toml").write_text(
        f'[[source]]\nsymbol = "CTOC/COP/WG.7/2017/1"\nlanguage = "en"\nfile = "sources/{big.name}"\n'
        f'sha256 = "{"0" * 64}"\n', encoding="utf-8")
    r = ctocgraph("build", "--data", str(data), "--no-store", "-o", str(tmp_path / "x.nq"))
    assert r.returncode == 2 and "over the 20971520-byte limit" in r.stderr  # not hashed first


@pytest.mark.parametrize("where", ["../outside.txt", "/abs", "link"])
def test_manifest_paths_stay_inside_the_data_folder(tmp_path, where):
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "reference").symlink_to(DATA / "reference")
    outside = tmp_path / "outside.txt"
    outside.write_bytes((DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt").read_bytes())
    import hashlib

    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    if where == "link":
        (data / "sources" / "a.txt").symlink_to(outside)
        where = "sources/a.txt"
    elif where == "/abs":
        where = str(outside)
    (data / "manifest.toml").write_text(
        f'[[source]]\nsymbol = "CTOC/COP/WG.7/2017/1"\nlanguage = "en"\nfile = "{where}"\n'
        f'sha256 = "{digest}"\n', encoding="utf-8")
    r = ctocgraph("build", "--data", str(data), "--no-store", "-o", str(tmp_path / "x.nq"))
    assert r.returncode == 2 and "is outside the data folder" in r.stderr, r.stderr
    assert not (tmp_path / "x.nq").exists()


def test_a_text_over_the_limit_is_refused_before_parsing(tmp_path):
    """1.5 MB of citing prose in one paragraph: under the file limit, over the text limit
    (a build holds every fact it states; 5 MB of such prose took one to 2.8 GB)."""
    unit = "In its resolution 7/1, the Conference decided that the Working Group should consider article 5 of the Convention. "
    text = (DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt").read_text(encoding="utf-8")
    anchor = "The proposed organization of work (see annex)"
    path = tmp_path / "CTOC_COP_WG.7_2017_1.en.txt"
    path.write_text(text.replace(anchor, unit * (3 * 2**19 // len(unit)) + "\n\n" + anchor), encoding="utf-8")
    code, peak, stderr = measured_build(path)
    assert code == 2 and "over the 1048576-byte limit of a source's text" in stderr, stderr
    assert peak < 256 * 2**20
