"""Errors that reach the user as one clear line naming the file and line, never a traceback."""

from __future__ import annotations

from pathlib import Path


class CtocError(Exception):
    """Base class: every failure the CLI reports cleanly derives from this."""

    def __init__(self, message: str, *, file: str | Path | None = None, line: int | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}{self.message}"


class SourceError(CtocError):
    """The source file cannot be read as text (missing, empty, binary, bad encoding, too big)."""


class ManifestError(CtocError):
    """The manifest is malformed, or a listed file is missing or does not match its sha256."""


class ParseError(CtocError):
    """The text is not an annotated provisional agenda this engine can read."""


class LexiconError(CtocError):
    """A language table is malformed or missing."""


class SymbolError(CtocError):
    """A string is not a well-formed UN document symbol or resolution number."""


class QueryError(CtocError):
    """A library query is unknown, or a parameter is not a valid value for its type."""


def naming(exc: OSError, path: str | Path) -> OSError:
    """``exc`` as an OSError that names a path (a failed write names none): what the CLI
    reports as one line, ``path: reason``."""
    if exc.filename:
        return exc
    return OSError(exc.errno, exc.strerror or str(exc), str(path))
