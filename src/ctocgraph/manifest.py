"""The manifest of sources (``data/manifest.toml``): symbol, language, file and sha256."""

from __future__ import annotations

import itertools
import marshal
import os
import re
import stat
import sys
import time
import tomllib
from pathlib import Path

from .errors import LexiconError, ManifestError, SymbolError
from .identifiers import SPACED_SYMBOL_PATTERN, DocumentSymbol
from .limits import MAX_BYTES
from .source import Source, sha256_of

# the parsed manifest kept in a build cache (see _parsed): a file beside the cache's program
# folders, which the cache leaves alone
KEPT_PREFIX, KEPT_SUFFIX = "manifest-", ".marshal"
_TAG = sys.implementation.cache_tag or "python"  # marshal's format is the interpreter's
_KEPT = f"{KEPT_PREFIX}{_TAG}{KEPT_SUFFIX}"  # the parsed manifest (see _parsed)
_CHECKED = f"{KEPT_PREFIX}{_TAG}-checked{KEPT_SUFFIX}"  # the files found as it says (_Checked)
# a file changed less than this long ago may change again within the file system's clock tick
# and keep its size and times: its sha256 is checked at every build until it is older
_SETTLED_NS = 2_000_000_000

_NAME_RE = re.compile(r"^(?P<stem>.+?)(?:\.(?P<lang>[a-z]{2}))?\.(?:txt|pdf|docx)$")


# a [[source]] header on a line of its own, and any line that opens a table or array
_SOURCE_HEADER = re.compile(r"^\[\[source\]\][ \t]*(?:#[^\n]*)?$", re.M)
_ANY_HEADER = re.compile(r"^[ \t]*\[", re.M)


def _pieces(text: str) -> list[str] | None:
    """The manifest cut before each ``[[source]]`` header — what comes first, then one piece
    per source, each a TOML document of its own — when it is plain enough for that: no
    other table and no line opening with "[", no multi-line string. ``None`` otherwise."""
    if '"""' in text or "'''" in text:
        return None
    heads = [m.start() for m in _SOURCE_HEADER.finditer(text)]
    if len(heads) != len(_ANY_HEADER.findall(text)):
        return None
    bounds = [*heads, len(text)]
    return [text[: bounds[0]]] + [text[a:b] for a, b in itertools.pairwise(bounds)]


def _parsed(path: Path, cache: Path | None) -> dict:
    """The manifest's TOML as data. With a cache folder, each source's piece of the manifest
    is kept there parsed, by its text, and only the pieces not seen before are parsed: a
    rebuild after one changed document changes one piece (its sha256), and `tomllib` takes
    0.28 s for the whole of a 10,000-source manifest, of a rebuild's 2–3 s. A manifest that
    cannot be cut (see :func:`_pieces`), or a piece in error, is parsed whole, so errors name
    the manifest's own lines."""
    text = path.read_bytes().decode("utf-8")
    if cache is None or (pieces := _pieces(text)) is None:
        return tomllib.loads(text)
    file = cache / _KEPT
    kept = _read_kept(file)  # empty when none yet, or damaged: every piece parsed again
    parsed = {}
    try:
        for piece in pieces:
            parsed[piece] = kept[piece] if piece in kept else tomllib.loads(piece)
    except tomllib.TOMLDecodeError:
        return tomllib.loads(text)  # raises, at the line of the whole manifest
    data = dict(parsed[pieces[0]])
    entries = []
    for piece in pieces[1:]:
        one = parsed[piece]
        if "source" in data or list(one) != ["source"] or len(one["source"]) != 1:
            return tomllib.loads(text)  # not a plain list of sources after all
        entries.append(one["source"][0])
    if entries:
        data["source"] = entries
    if parsed.keys() != kept.keys():
        _keep(file, parsed)
    return data


def _keep(file: Path, parsed: dict) -> None:
    try:
        blob = marshal.dumps(parsed)
    except ValueError:  # TOML dates and times are not kept
        return
    if _write_kept(file, blob):
        for old in file.parent.glob(f"{KEPT_PREFIX}*{KEPT_SUFFIX}"):  # an earlier layout's
            if old.name not in (_KEPT, _CHECKED):
                old.unlink(missing_ok=True)


def _read_kept(file: Path) -> dict:
    """A dict kept in the cache as marshal; empty when there is none or it is damaged."""
    try:
        kept = marshal.loads(file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _write_kept(file: Path, blob: bytes) -> bool:
    """Put ``blob`` at ``file`` whole or not at all; ``False`` when it cannot be written —
    which only costs the next build the work the file would have saved."""
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
        partial.write_bytes(blob)
        os.replace(partial, file)
    except OSError:
        return False
    return True


class _Checked:
    """The source files whose sha256 an earlier build found as the manifest says, each by
    what the file system tells of it (device, inode, size, modification and change times),
    kept in a build cache: a file the file system still describes so is not read again. A
    write changes the change time, which no one can set back; so a rebuild of 10,000 sources
    reads the one that changed, not all of them (read and hashed: 0.49 s of a 5.6 s rebuild
    on a slow day). Without a cache every file is read, as before."""

    def __init__(self, cache: Path | None):
        self.file = cache / _CHECKED if cache is not None else None
        # none yet, or damaged: every file read
        self.before: dict[str, tuple] = _read_kept(self.file) if self.file is not None else {}
        self.now: dict[str, tuple] = {}
        self.settled = time.time_ns() - _SETTLED_NS

    def digest(self, path: Path, sha256: str) -> str:
        """The sha256 of the regular file at ``path``: the one expected, ``sha256``, when the
        file is as it was when found so, else read (``FileNotFoundError`` when it is no
        file)."""
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise FileNotFoundError(path)
        if info.st_size > MAX_BYTES:  # by stat: a 2 GB file is refused, not read and hashed
            raise ManifestError(f"file is {info.st_size} bytes, over the {MAX_BYTES}-byte limit "
                                "of a source", file=path)
        seen = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns,
                sha256)
        key = str(path)
        if self.file is not None and self.before.get(key) == seen:
            self.now[key] = seen
            return sha256
        actual = sha256_of(path)
        if (self.file is not None and actual == sha256
                and max(info.st_mtime_ns, info.st_ctime_ns) < self.settled):
            self.now[key] = seen
        return actual

    def keep(self) -> None:
        if self.file is not None and self.now != self.before:
            _write_kept(self.file, marshal.dumps(self.now))


def _confined(data_dir: Path, file: object, n: int, manifest: Path) -> None:
    """A source must be a file inside the data folder (links resolved): a manifest cannot
    make a build read ``/etc/passwd`` or a file beside the project."""
    if not isinstance(file, str):
        raise ManifestError(f"source #{n}: file must be a path, not {file!r}", file=manifest)
    root = data_dir.resolve()
    if os.path.isabs(file) or not (data_dir / file).resolve().is_relative_to(root):
        raise ManifestError(f"source #{n}: {file} is outside the data folder {data_dir}",
                            file=manifest)


def load_manifest(data_dir: Path, cache: Path | None = None) -> list[Source]:
    """Read the manifest and check that every file exists and matches its sha256; ``cache``,
    a folder where the parsed manifest and the files found as it says may be kept (see
    :func:`_parsed`, :class:`_Checked`)."""
    path = data_dir / "manifest.toml"
    try:
        data = _parsed(path, cache)
    except FileNotFoundError as exc:
        raise ManifestError("no manifest found", file=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ManifestError(f"malformed manifest: {exc}", file=path) from exc
    checked = _Checked(cache)
    sources = []
    for n, entry in enumerate(data.get("source", []), 1):
        missing = {"symbol", "language", "file", "sha256"} - entry.keys()
        if missing:
            raise ManifestError(f"source #{n} lacks {', '.join(sorted(missing))}"
                                f"{_what_to_write(data_dir, entry, missing)}", file=path)
        try:
            symbol = DocumentSymbol.parse(entry["symbol"])
        except SymbolError as exc:
            raise ManifestError(f"source #{n}: {exc.message}", file=path) from exc
        _confined(data_dir, entry["file"], n, path)
        src = Source(symbol, entry["language"], data_dir / entry["file"], entry["file"],
                     entry["sha256"], entry.get("status"))
        try:
            actual = checked.digest(src.path, entry["sha256"])
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise ManifestError(f"source #{n}: file not found: {entry['file']}",
                                file=path) from None
        if actual != entry["sha256"]:
            raise ManifestError(
                f"sha256 mismatch for {entry['file']}: manifest says {entry['sha256']}, "
                f"file has {actual}; if the file was changed on purpose, write "
                f'sha256 = "{actual}" in its entry', file=path)
        sources.append(src)
    if not sources:
        raise ManifestError("the manifest lists no sources", file=path)
    checked.keep()
    return sources


def _what_to_write(data_dir: Path, entry: dict, missing: set[str]) -> str:
    """The lines an entry lacks, where the file tells them: its sha256, its symbol and
    language from its name (``ctocgraph add FILE`` writes a whole entry)."""
    lines = []
    file = entry.get("file")
    path = data_dir / file if isinstance(file, str) else None
    if "sha256" in missing and path is not None and path.is_file() \
            and path.resolve().is_relative_to(data_dir.resolve()) \
            and path.stat().st_size <= MAX_BYTES:
        lines.append(f'sha256 = "{sha256_of(path)}"')
    m = _NAME_RE.match(Path(file).name) if isinstance(file, str) else None
    if m and "symbol" in missing and _well_formed(m.group("stem").replace("_", "/")):
        lines.append(f'symbol = "{m.group("stem").replace("_", "/")}"')
    if m and m.group("lang") and "language" in missing:
        lines.append(f'language = "{m.group("lang")}"')
    if not lines:
        return "; `ctocgraph add FILE` writes a whole entry"
    return f"; write in its entry: {'  '.join(lines)}"


def source_from_path(path: Path, symbol: str | None = None, language: str | None = None) -> Source:
    """A source named on the command line: ``CTOC_COP_WG.7_2017_1.zh.txt`` needs nothing else;
    a file named otherwise gives its symbol in its head ("United Nations CAC/COSP/2017/1")
    and its language by its headings."""
    m = _NAME_RE.match(path.name)
    if m and symbol is None:
        # file names write "/" as "_"; dots stay (WG.7)
        stem = m.group("stem").replace("_", "/")
        symbol = stem if _well_formed(stem) else None
    if m and language is None:
        language = m.group("lang")
    if not path.is_file():
        raise ManifestError("file not found", file=path)
    text: str | None = None
    if symbol is None:  # the name does not say: the head of the text does
        text = _text_of(path)
        symbol = _head_symbol(text)
        if symbol is None:
            raise ManifestError(
                "cannot tell the document's symbol: the file name does not give one and the "
                "head of the text names none; name the file like CTOC_COP_WG.7_2017_1.zh.txt "
                "or pass --symbol", file=path)
    try:
        sym = DocumentSymbol.parse(symbol)
    except SymbolError as exc:
        raise ManifestError(exc.message, file=path) from exc
    if language is None:  # the name does not say: the text does (its headings)
        from .languages import detect_language
        from .normalize import normalize

        try:
            lines = normalize(text if text is not None else _text_of(path))
            language = detect_language([ln.text for ln in lines])
        except LexiconError as exc:
            raise ManifestError(exc.message, file=path) from exc
    return Source(sym, language, path, path.name)


def _well_formed(symbol: str) -> bool:
    try:
        DocumentSymbol.parse(symbol)
    except SymbolError:
        return False
    return True


def _text_of(path: Path) -> str:
    from .read import read

    return read(Source(DocumentSymbol("X/1"), "und", path, path.name))


_SPACED = SPACED_SYMBOL_PATTERN
_HEAD_SYMBOL = re.compile(rf"(?<![(（/\w]){_SPACED}")
_HEAD_CHARS = 1500  # the head of a document: where its own symbol stands


def _head_symbol(text: str) -> str | None:
    """The first document symbol in the head of the text, outside brackets (a document the
    agenda lists is in brackets)."""
    for m in _HEAD_SYMBOL.finditer(text[:_HEAD_CHARS]):
        candidate = re.sub(r"\s+", "", m.group()).rstrip(".*")
        if _well_formed(candidate):
            return candidate
    return None
