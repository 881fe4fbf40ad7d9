"""A researcher's own agenda into the corpus: the file copied into ``data/sources/`` under the
naming convention and recorded in the manifest with its sha256.

The manifest is edited with tomlkit so that its comments and every other entry stay as they
were written. A file is read (parsed) before anything is changed: a text that is not an agenda
is refused with the parser's message, and neither the folder nor the manifest is touched. A
file of the same name already in the folder is never overwritten unless it is the one the
manifest records for this symbol and language and ``replace`` is asked.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from .build import copy_atomic, parse_source, write_atomic
from .errors import ManifestError
from .manifest import Source, load_manifest, source_from_path
from .reference import Reference

# what a manifest entry may say a text is (ctoc:textStatus); a researcher's own copy says
# nothing: it is neither known to be the official text nor a rendition written for the project
STATUSES = ("official", "rendition")


@dataclass(frozen=True)
class Added:
    """What became of one file: ``added``, ``replaced`` or ``unchanged`` (already there)."""

    source: Source
    file: str  # the manifest's path, relative to the data folder
    action: str


def add_sources(data: Path, files: list[Path], *, symbol: str | None = None,
                lang: str | None = None, status: str | None = None, note: str | None = None,
                replace: bool = False) -> list[Added]:
    """Copy each file into the corpus and record it; all files are checked (symbol, language,
    readable as an agenda, no clash) before the first is copied."""
    if (symbol or lang) and len(files) > 1:
        raise ManifestError("--symbol and --lang apply to a single FILE")
    if status is not None and status not in STATUSES:
        raise ManifestError(f"unknown status {status!r}: one of {', '.join(STATUSES)}")
    load_manifest(data)  # the corpus as it stands must be sound before it is added to
    manifest = data / "manifest.toml"
    doc = tomlkit.parse(manifest.read_text(encoding="utf-8"))
    entries = doc.setdefault("source", tomlkit.aot())
    reference = Reference(data / "reference")
    plans: list[tuple[Path, Added, int | None]] = []
    for path in files:
        source = source_from_path(path, symbol, lang)
        parse_source(source, reference)  # not an agenda: the parser's error, nothing changed
        digest = _sha256(path)
        name = f"sources/{source.symbol.filename_stem}.{source.language}{path.suffix.lower()}"
        at = next((i for i, e in enumerate(entries)
                   if e["symbol"] == source.symbol.value and e["language"] == source.language), None)
        if at is not None and entries[at]["sha256"] == digest:
            plans.append((path, Added(source, str(entries[at]["file"]), "unchanged"), None))
            continue
        if at is not None and not replace:
            raise ManifestError(
                f"{source.symbol} [{source.language}] is already in the corpus as "
                f"{entries[at]['file']} (another text); add --replace to replace it", file=path)
        target = data / name
        recorded = at is not None and str(entries[at]["file"]) == name
        if target.exists() and not recorded and _sha256(target) != digest:
            raise ManifestError(f"{target} exists and is not this file: move it, or give this "
                                "file another symbol or language", file=path)
        plans.append((path, Added(source, name, "replaced" if at is not None else "added"), at))
    for path, added, at in plans:
        if added.action == "unchanged":
            continue
        copy_atomic(path, data / added.file)
        entry = _entry(added, _sha256(path), status, note)
        if at is None:
            if len(entries):
                entries[-1].add(tomlkit.nl())  # a blank line between entries, as written
            entries.append(entry)
        else:
            entries[at] = entry
    if any(a.action != "unchanged" for _, a, _ in plans):
        write_atomic(manifest, tomlkit.dumps(doc))
    return [a for _, a, _ in plans]


def _entry(added: Added, digest: str, status: str | None, note: str | None
           ) -> tomlkit.items.Table:
    entry = tomlkit.table()
    entry["symbol"] = added.source.symbol.value
    entry["language"] = added.source.language
    entry["file"] = added.file
    entry["sha256"] = digest
    if status:
        entry["status"] = status
    if note:
        entry["note"] = note
    return entry


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, hashlib.sha256).hexdigest()
