"""The limits a build enforces on its inputs, checked before the input is read or expanded.

An annotated agenda is tens of kilobytes as text and a few hundred as PDF or DOCX; every limit
here is far above that and far below what would take a build's memory past 1 GiB. Each refusal
is one line naming the file and the limit.
"""

from __future__ import annotations

MAX_BYTES = 20 * 1024 * 1024  # a source file, by ``stat`` before anything is read
# the text read from it, as UTF-8 (about 400 pages): a build holds every fact it states in
# memory, and a megabyte of prose dense with citations and mandates took a build to 635 MB
MAX_TEXT = 1024 * 1024
DOCX_MAX_PARTS = 1_000  # files in the ZIP archive (a Word document has a few dozen)
# what the archive says its parts expand to, together (zipfile never returns more than a part
# declares, and python-docx holds about ten times this in memory: 32 MiB of XML took 365 MB)
DOCX_MAX_INFLATED = 32 * 1024 * 1024
PDF_MAX_OBJECTS = 100_000  # "n g obj" headers in the file
PDF_MAX_INFLATED = 64 * 1024 * 1024  # what the Flate streams expand to, together
# the PDF is read in a child process held to these: pdfminer's layout analysis is quadratic in
# the characters a page piles up (a 1.5 kB PDF ran for over ten minutes), whatever the sizes
PDF_MEMORY = 640 * 1024 * 1024  # bytes of heap the child may add to what it starts with
PDF_SECONDS = 30  # seconds of CPU (an agenda of twenty pages takes one or two)


def status_bytes(pid: int | str, field: bytes) -> int:
    """A size from a process's /proc status (``pid`` or "self"), in bytes; 0 where it cannot
    be read (not Linux, a process gone)."""
    try:
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
