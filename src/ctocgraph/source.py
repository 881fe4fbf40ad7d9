"""A source: one language version of one document, as a file on disk.

Apart from the manifest that lists sources and from ``read`` that reads them, so that neither
imports the other to know what a source is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .identifiers import DocumentSymbol


@dataclass(frozen=True)
class Source:
    """One language version of one document, as a file on disk."""

    symbol: DocumentSymbol
    language: str
    path: Path
    label: str  # the path as recorded in provenance (relative to the data folder when listed)
    sha256: str | None = None
    status: str | None = None

    def digest(self) -> str:
        return sha256_of(self.path)


def sha256_of(path: Path) -> str:
    """Read in pieces: a file over the size limit is refused before this, and never held whole."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, hashlib.sha256).hexdigest()
