"""Stage 1, read: bytes of a source file → text, with the format and encoding decided explicitly.

The format is detected by content, not by the file name: ``%PDF`` is a PDF (its text layer is
extracted with pdfminer.six), a ZIP holding ``word/document.xml`` is a DOCX (paragraphs and
table rows in document order, via python-docx); anything else must be UTF-8 text. For PDF and
DOCX sources, line numbers in reports and provenance refer to the extracted text.

Every limit of :mod:`limits` is checked before the input is read or expanded: the file's size
by ``stat``, a DOCX's part count and declared expanded size from its ZIP directory, a PDF's
object count and what its Flate streams expand to by decompressing them piecewise and
counting, never holding the output. The PDF is then read in a child process held to a memory
and CPU budget, since pdfminer can need far more than a PDF's size suggests.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import zipfile
import zlib
from dataclasses import dataclass, replace

from . import pdfguard
from .errors import SourceError
from .limits import DOCX_MAX_INFLATED, DOCX_MAX_PARTS, MAX_BYTES, MAX_TEXT
from .source import Source


def sniff(data: bytes) -> str:
    """"pdf", "docx" or "text", from the bytes themselves."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    return "text"


# Legacy encodings worth recognising, by the language a source declares. A file that is not
# UTF-8 is decoded with its language's legacy encoding only when nothing in it was UTF-8.
LEGACY = {"zh": "gb18030", "en": "cp1252", "fr": "cp1252", "es": "cp1252", "ru": "cp1251",
          "ar": "cp1256"}


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gb18030", "cp1252" …, or "pdf" / "docx"
    sha256: str = ""  # of the bytes read: the digest of what was parsed, without reading again


def read(source: Source) -> str:
    """Return the text of a source; refuse what is not a readable agenda rather than guess."""
    return read_source(source).text


def read_source(source: Source) -> SourceText:
    """The text of a source and how it was decoded (reported when not UTF-8), within
    :data:`limits.MAX_TEXT`."""
    read = _read_source(source)
    # a character is at most four bytes in UTF-8: a short text needs no encoding to tell
    size = len(read.text) if 4 * len(read.text) <= MAX_TEXT else len(read.text.encode("utf-8"))
    if size > MAX_TEXT:
        raise SourceError(f"the text is {size} bytes, over the {MAX_TEXT}-byte limit of a "
                          "source's text (an agenda is tens of kilobytes)", file=source.label)
    return read


def _read_source(source: Source) -> SourceText:
    try:
        with source.path.open("rb") as fh:
            size = os.fstat(fh.fileno()).st_size  # the limit before a byte is read
            if size > MAX_BYTES:
                raise SourceError(f"file is {size} bytes, over the {MAX_BYTES}-byte limit",
                                  file=source.label)
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", file=source.label) from exc
    if len(data) > MAX_BYTES:  # it grew while we read it
        raise SourceError(f"file is over the {MAX_BYTES}-byte limit", file=source.label)
    if not data.strip():
        raise SourceError("file is empty", file=source.label)
    kind = sniff(data)
    digest = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        return SourceText(pdfguard.read_pdf(data, source.label, _pdf_text), "pdf", digest)
    if kind == "docx":
        return SourceText(_docx_text(data, source.label), "docx", digest)
    return replace(_decode(data, source.label, source.language), sha256=digest)


def _decode(data: bytes, label: str, language: str) -> SourceText:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return SourceText(data.decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise SourceError(f"invalid {codec} text at byte {exc.start}", file=label) from exc
    if b"\x00" in data:
        raise SourceError("binary file (NUL bytes): not a text, PDF or DOCX source", file=label)
    try:
        return SourceText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        before = data[: exc.start].decode("utf-8")
        if sum(1 for ch in before if not ch.isascii()) >= 10:
            # a good stretch of real UTF-8, then something else: two encodings in one file
            # (a legacy file's first bytes can pass as UTF-8 by chance, but not for long)
            raise SourceError(
                f"mixed encodings: UTF-8 before this line, then byte 0x{byte:02x} that is not "
                "UTF-8; convert the whole file to UTF-8", file=label, line=line) from exc
        legacy = LEGACY.get(language)
        if legacy:
            try:
                text = data.decode(legacy)
            except UnicodeDecodeError:
                text = None
            if text is not None and _plausible(text, language):
                return SourceText(text, legacy)
        raise SourceError(
            f"not UTF-8 text (invalid byte 0x{byte:02x}) and not {legacy or 'a known legacy encoding'}"
            "; convert it to UTF-8", file=label, line=line) from exc


def _plausible(text: str, language: str) -> bool:
    """A legacy decoding is believed only if it reads like the declared language."""
    if language == "zh":
        han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        return han >= 0.2 * sum(1 for ch in text if not ch.isascii())
    return not any("\x80" <= ch <= "\x9f" for ch in text)


def _pdf_text(data: bytes, label: str) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.psexceptions import PSException

    try:
        text = extract_text(io.BytesIO(data), laparams=LAParams())
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise SourceError("encrypted PDF: remove the password protection first", file=label) from exc
    except (PDFException, PSException, ValueError, KeyError, TypeError) as exc:
        raise SourceError(f"corrupt or unreadable PDF ({type(exc).__name__}: {exc})",
                          file=label) from exc
    if not text.replace("\x0c", "").strip():
        raise SourceError("the PDF has no text layer (a scanned image?); run OCR on it first",
                          file=label)
    return text


def _check_part(data: bytes, part: zipfile.ZipInfo, label: str) -> None:
    """Refuse a part that expands to more than its entry declares. zipfile cuts a part at its
    declared size, but only after expanding a whole compressed stream at once (a 1 MB part
    declared as 10 kB expanded to 400 MB in memory first), so the stream is expanded here
    piecewise and only counted."""
    if part.compress_type == zipfile.ZIP_STORED:
        return  # read as the declared number of bytes
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise SourceError(f"the DOCX part {part.filename} uses an unusual compression",
                          file=label)
    head = data[part.header_offset: part.header_offset + 30]
    if len(head) < 30 or head[:4] != b"PK\x03\x04":
        raise SourceError(f"corrupt DOCX (no local header for {part.filename})", file=label)
    at = part.header_offset + 30 + int.from_bytes(head[26:28], "little") + \
        int.from_bytes(head[28:30], "little")
    d, total, tail = zlib.decompressobj(-zlib.MAX_WBITS), 0, b""
    try:
        while not d.eof and (tail or at < len(data)):
            if not tail:
                tail, at = data[at: at + (1 << 16)], at + (1 << 16)
            total += len(d.decompress(tail, 1 << 16))
            tail = d.unconsumed_tail
            if total > part.file_size:
                raise SourceError(f"the DOCX part {part.filename} declares {part.file_size} "
                                  "bytes but expands to more (a decompression bomb?)", file=label)
    except zlib.error as exc:
        raise SourceError(f"corrupt DOCX ({part.filename}: {exc})", file=label) from exc


def _docx_text(data: bytes, label: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if "word/document.xml" not in archive.namelist():
                raise SourceError("a ZIP archive that is not a DOCX document", file=label)
    except zipfile.BadZipFile as exc:
        raise SourceError(f"corrupt DOCX (not a valid ZIP archive: {exc})", file=label) from exc
    if len(parts) > DOCX_MAX_PARTS:
        raise SourceError(f"the DOCX archive holds {len(parts)} parts, over the limit of "
                          f"{DOCX_MAX_PARTS}", file=label)
    inflated = sum(part.file_size for part in parts)
    if inflated > DOCX_MAX_INFLATED:
        raise SourceError(f"the DOCX expands to {inflated} bytes, over the {DOCX_MAX_INFLATED}-"
                          "byte limit (a decompression bomb?)", file=label)
    for part in parts:
        _check_part(data, part, label)
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                # a row of the organization of work: its cells read left to right on one line
                for row in block.rows:
                    cells = [c.text.replace("\n", " ").strip() for c in row.cells]
                    lines.append(" ".join(c for c in cells if c))
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise SourceError(f"corrupt DOCX ({type(exc).__name__}: {exc})", file=label) from exc
    except Exception as exc:  # lxml raises its own XMLSyntaxError on a damaged part
        if type(exc).__module__.startswith("lxml"):
            raise SourceError(f"corrupt DOCX (damaged XML: {exc})", file=label) from exc
        raise
    if not any(line.strip() for line in lines):
        raise SourceError("the DOCX document has no text", file=label)
    return "\n".join(lines) + "\n"
