"""A PDF's limits, checked before pdfminer reads it, and the budget it is read under.

pdfminer expands every Flate stream whole in memory (a 0.9 MB stream became 300 MB, and the
read 7.7 GB) and its layout analysis is quadratic in the characters a page piles up. So:

* before reading, the objects are counted and every Flate stream (any zlib data that follows a
  ``stream`` keyword, whatever its dictionary or ``/Length`` say, and zlib data found inside
  it, for a stream compressed twice) is expanded piecewise and only counted, against
  :data:`limits.PDF_MAX_INFLATED`;
* the text is then extracted in a child process (``fork``) held by the kernel to
  :data:`limits.PDF_MEMORY` more heap and :data:`limits.PDF_SECONDS` of CPU, which covers
  what the count cannot see (other filters, pdfminer's own costs); past either, the source is
  refused with one line.
"""

from __future__ import annotations

import marshal
import os
import re
import select
import signal
import time
import zlib
from collections.abc import Callable, Iterator

from .errors import SourceError
from .limits import PDF_MAX_INFLATED, PDF_MAX_OBJECTS, PDF_MEMORY, PDF_SECONDS, status_bytes

# "n g obj"; tried once per run of digits, not at each digit: a hex stream of zeros made the
# unanchored pattern quadratic (260 kB: 20 s)
_OBJECT = re.compile(rb"(?<![0-9])[0-9]+[ \t\r\n\f\0]+[0-9]+[ \t\r\n\f\0]+obj\b")
_STREAM = re.compile(rb"stream\r?\n")
_PIECE = 1 << 16


def _inflate(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """The output of a zlib stream fed piecewise, piecewise, until it ends or breaks."""
    d = zlib.decompressobj()
    try:
        for piece in pieces:
            while piece:
                out = d.decompress(piece, _PIECE)
                piece = d.unconsumed_tail
                if out:
                    yield out
                if d.eof:
                    return
    except zlib.error:
        return


def _zlib_header(data: bytes) -> bool:
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


def _counted(pieces: Iterator[bytes], budget: int, depth: int = 0) -> int:
    """Bytes a zlib stream expands to (and the stream inside it, if any), up to ``budget``."""
    total, first, inner = 0, True, None
    for out in _inflate(pieces):
        total += len(out)
        if first and depth < 2 and _zlib_header(out):
            inner = [out]
        elif inner is not None:
            inner.append(out)
        first = False
        if total > budget:
            return total
    if inner is not None:
        total += _counted(iter(inner), budget - total, depth + 1)
    return total


def check(data: bytes, label: str) -> None:
    """Refuse a PDF over the object or expanded-size limit, before anything expands it."""
    objects = sum(1 for _ in _OBJECT.finditer(data))
    if objects > PDF_MAX_OBJECTS:
        raise SourceError(f"the PDF holds {objects} objects, over the limit of {PDF_MAX_OBJECTS}",
                          file=label)
    total = 0
    for m in _STREAM.finditer(data):
        if not _zlib_header(data[m.end(): m.end() + 2]):
            continue
        pieces = (data[i: i + _PIECE] for i in range(m.end(), len(data), _PIECE))
        total += _counted(pieces, PDF_MAX_INFLATED - total)
        if total > PDF_MAX_INFLATED:
            raise SourceError(f"the PDF's compressed streams expand to more than "
                              f"{PDF_MAX_INFLATED} bytes (a decompression bomb?)", file=label)


def _heap() -> int:
    """This process's data segment (heap and private memory), in bytes; 0 if unknown."""
    return status_bytes("self", b"VmData:")


def _child(data: bytes, label: str, extract: Callable[[bytes, str], str], out: int) -> None:
    """In the forked child: extract under the budget, send back ("ok"|"error"|"memory", text)."""
    import resource  # POSIX, as fork is

    resource.setrlimit(resource.RLIMIT_CPU, (PDF_SECONDS, PDF_SECONDS + 5))
    heap = _heap()
    if heap:
        resource.setrlimit(resource.RLIMIT_DATA, (heap + PDF_MEMORY, heap + PDF_MEMORY))
    try:
        answer = ("ok", extract(data, label))
    except SourceError as exc:
        answer = ("error", exc.message)
    except MemoryError:
        answer = ("memory", "")
    blob = marshal.dumps(answer)
    view = memoryview(blob)
    while view:
        view = view[os.write(out, view):]


def read_pdf(data: bytes, label: str, extract: Callable[[bytes, str], str]) -> str:
    """The text ``extract`` finds in the PDF, read within the limits (see the module)."""
    check(data, label)
    if not hasattr(os, "fork"):
        return extract(data, label)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = 0
        try:
            os.close(read_end)
            _child(data, label, extract, write_end)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    deadline = time.monotonic() + 2 * PDF_SECONDS + 10  # CPU time, and a child that waits
    with os.fdopen(read_end, "rb") as fh:
        while select.select([fh], [], [], max(0.0, deadline - time.monotonic()))[0]:
            chunk = os.read(fh.fileno(), 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        else:
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL):
        raise SourceError(f"reading the PDF takes more than {PDF_SECONDS} s of CPU (a page "
                          "piling up characters, or a decompression bomb?)", file=label)
    try:
        kind, text = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        kind, text = "memory", ""  # the child died before it could answer
    if kind == "error":
        raise SourceError(text, file=label)
    if kind == "memory":
        raise SourceError(f"reading the PDF needs more than {PDF_MEMORY // 2**20} MiB of memory "
                          "(a decompression bomb?)", file=label)
    return text
