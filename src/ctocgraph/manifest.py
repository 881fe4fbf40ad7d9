"""The manifest of sources (``data/manifest.toml``): symbol, language, file and sha256."""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import LexiconError, ManifestError, SymbolError
from .identifiers import DocumentSymbol

# the parsed manifest kept in a build cache (see _parsed): a file beside the cache's program
# folders, which the cache leaves alone
KEPT_PREFIX, KEPT_SUFFIX = "manifest-", ".marshal"

_NAME_RE = re.compile(r"^(?P<stem>.+?)(?:\.(?P<lang>[a-z]{2}))?\.(?:txt|pdf|docx)$")


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
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def _parsed(path: Path, cache: Path | None) -> dict:
    """The manifest's TOML as data. With a cache folder, the data is also kept there, by the
    digest of the manifest's bytes: `tomllib` takes 0.28 s for a 10,000-source manifest, a
    rebuild after one change 2–3 s in all; reading the kept data back takes milliseconds."""
    raw = path.read_bytes()
    if cache is None:
        return tomllib.loads(raw.decode("utf-8"))
    tag = sys.implementation.cache_tag or "python"  # marshal's format is the interpreter's
    kept = cache / f"{KEPT_PREFIX}{tag}-{hashlib.sha256(raw).hexdigest()[:32]}{KEPT_SUFFIX}"
    try:
        data = marshal.loads(kept.read_bytes())
        if isinstance(data, dict):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none yet, or damaged: parsed again
    data = tomllib.loads(raw.decode("utf-8"))
    try:
        blob = marshal.dumps(data)
    except ValueError:  # TOML dates and times are not kept
        return data
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        partial.write_bytes(blob)
        os.replace(partial, kept)
        for old in cache.glob(f"{KEPT_PREFIX}*{KEPT_SUFFIX}"):  # one manifest at a time
            if old != kept:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next parse
    return data


def load_manifest(data_dir: Path, cache: Path | None = None) -> list[Source]:
    """Read the manifest and check that every file exists and matches its sha256; ``cache``,
    a folder where the parsed manifest may be kept (see :func:`_parsed`)."""
    path = data_dir / "manifest.toml"
    try:
        data = _parsed(path, cache)
    except FileNotFoundError as exc:
        raise ManifestError("no manifest found", file=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"malformed manifest: {exc}", file=path) from exc
    sources = []
    for n, entry in enumerate(data.get("source", []), 1):
        missing = {"symbol", "language", "file", "sha256"} - entry.keys()
        if missing:
            raise ManifestError(f"source #{n} lacks {', '.join(sorted(missing))}", file=path)
        try:
            symbol = DocumentSymbol.parse(entry["symbol"])
        except SymbolError as exc:
            raise ManifestError(f"source #{n}: {exc.message}", file=path) from exc
        src = Source(symbol, entry["language"], data_dir / entry["file"], entry["file"],
                     entry["sha256"], entry.get("status"))
        try:  # no separate existence check: reading is one system call fewer a source
            actual = src.digest()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ManifestError(f"source #{n}: file not found: {entry['file']}",
                                file=path) from None
        if actual != entry["sha256"]:
            raise ManifestError(
                f"sha256 mismatch for {entry['file']}: manifest says {entry['sha256']}, "
                f"file has {actual}", file=path)
        sources.append(src)
    if not sources:
        raise ManifestError("the manifest lists no sources", file=path)
    return sources


def source_from_path(path: Path, symbol: str | None = None, language: str | None = None) -> Source:
    """A source named on the command line: ``CTOC_COP_WG.7_2017_1.zh.txt`` needs nothing else."""
    m = _NAME_RE.match(path.name)
    if m and symbol is None:
        stem = m.group("stem")
        # file names write "/" as "_"; dots stay (WG.7)
        symbol = stem.replace("_", "/")
    if m and language is None:
        language = m.group("lang")
    if symbol is None:
        raise ManifestError(
            "cannot tell the symbol from the file name; "
            "name it like CTOC_COP_WG.7_2017_1.zh.txt or pass --symbol", file=path)
    try:
        sym = DocumentSymbol.parse(symbol)
    except SymbolError as exc:
        if m and m.group("stem").replace("_", "/") == symbol:
            raise ManifestError(
                f"cannot tell the symbol from the file name ({exc.message}); "
                "name it like CTOC_COP_WG.7_2017_1.zh.txt or pass --symbol", file=path) from exc
        raise ManifestError(exc.message, file=path) from exc
    if not path.is_file():
        raise ManifestError("file not found", file=path)
    if language is None:  # the name does not say: the text does (its headings)
        from .lexicon import detect_language
        from .normalize import normalize
        from .read import read

        try:
            text = read(Source(sym, "und", path, path.name))
            language = detect_language([ln.text for ln in normalize(text)])
        except LexiconError as exc:
            raise ManifestError(exc.message, file=path) from exc
    return Source(sym, language, path, path.name)
