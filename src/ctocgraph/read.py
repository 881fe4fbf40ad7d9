"""Stage 1, read: bytes of a source file → text, with the encoding decided explicitly."""

from __future__ import annotations

import codecs

from .errors import SourceError
from .manifest import Source

MAX_BYTES = 20 * 1024 * 1024  # an agenda is tens of kilobytes; anything this big is a mistake


def read(source: Source) -> str:
    """Return the text of a source; refuse what is not text rather than guess."""
    try:
        data = source.path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror}", file=source.label) from exc
    if len(data) > MAX_BYTES:
        raise SourceError(f"file is {len(data)} bytes, over the {MAX_BYTES}-byte limit",
                          file=source.label)
    if not data.strip():
        raise SourceError("file is empty", file=source.label)
    if data.startswith(b"%PDF"):
        raise SourceError("PDF sources are not supported yet; give the extracted text",
                          file=source.label)
    if data.startswith(b"PK\x03\x04"):
        raise SourceError("DOCX/ZIP sources are not supported yet; give the extracted text",
                          file=source.label)
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise SourceError(f"invalid {codec} text at byte {exc.start}",
                                  file=source.label) from exc
    if b"\x00" in data:
        raise SourceError("binary file (NUL bytes): not a text source", file=source.label)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SourceError(
            f"not UTF-8 text (invalid byte 0x{data[exc.start]:02x}); convert it to UTF-8",
            file=source.label, line=line) from exc
