"""The manifest: its parsed data kept in the build cache by content, and sources that are
missing named as such."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import ctocgraph.manifest as manifest_module
from ctocgraph.errors import ManifestError
from ctocgraph.manifest import load_manifest

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "sources", tmp_path / "data" / "sources")
    shutil.copy(DATA / "manifest.toml", tmp_path / "data" / "manifest.toml")
    return tmp_path / "data"


def kept(cache: Path) -> list[Path]:
    """The kept parsed manifest (not the record of checked files)."""
    return sorted(p for p in cache.glob("manifest-*.marshal") if "-checked" not in p.name)


def test_the_parsed_manifest_is_kept_and_read_back_without_parsing(data, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    plain = load_manifest(data)
    assert load_manifest(data, cache) == plain and len(kept(cache)) == 1

    def no_parse(_text: str) -> dict:
        raise AssertionError("parsed again")

    monkeypatch.setattr(manifest_module.tomllib, "loads", no_parse)
    assert load_manifest(data, cache) == plain


def test_damaged_kept_data_is_parsed_again(data, tmp_path):
    cache = tmp_path / "cache"
    plain = load_manifest(data, cache)
    (file,) = kept(cache)
    file.write_bytes(file.read_bytes()[:40])
    assert load_manifest(data, cache) == plain
    assert kept(cache) == [file] and len(file.read_bytes()) > 40


def test_an_edited_source_entry_is_the_only_piece_parsed_again(data, tmp_path, monkeypatch):
    """A rebuild after one changed document changes that document's sha256 in the manifest:
    only its entry is parsed, the others are read back."""
    cache = tmp_path / "cache"
    load_manifest(data, cache)
    path = data / "manifest.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('status = "official"',
                                                             'status = "rendition"', 1),
                    encoding="utf-8")
    parsed: list[str] = []
    real = manifest_module.tomllib.loads

    def counting(text: str) -> dict:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(manifest_module.tomllib, "loads", counting)
    sources = load_manifest(data, cache)
    assert len(parsed) == 1 and parsed[0].startswith("[[source]]") and "rendition" in parsed[0]
    assert sources[0].status == "rendition" and len(kept(cache)) == 1
    assert sources == load_manifest(data)  # the whole file parsed at once agrees


TABLE_AFTER = '\n[meta]\nnote = "a table after the sources"\n'
LONG_STRING = '\n[[source]]\nsymbol = "X/1"\nnote = """two\n[[source]]\nlines"""\n'


@pytest.mark.parametrize("extra", [TABLE_AFTER, LONG_STRING], ids=["table", "long-string"])
def test_a_manifest_that_cannot_be_cut_is_parsed_whole(data, tmp_path, extra):
    """Another table after the sources, or a multi-line string holding a header: cut into
    pieces it would mean something else, so it is parsed whole, to the same data."""
    from ctocgraph.manifest import _parsed

    path = data / "manifest.toml"
    text = path.read_text(encoding="utf-8") + extra
    path.write_text(text, encoding="utf-8")
    assert _parsed(path, tmp_path / "cache") == manifest_module.tomllib.loads(text)
    assert kept(tmp_path / "cache") == []


def test_an_error_in_one_entry_names_the_line_of_the_manifest(data, tmp_path):
    path = data / "manifest.toml"
    text = path.read_text(encoding="utf-8")
    load_manifest(data, tmp_path / "cache")
    broken = text.replace('language = "en"', 'language = "en', 1)
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ManifestError) as kept_err:
        load_manifest(data, tmp_path / "cache")
    with pytest.raises(ManifestError) as whole_err:
        load_manifest(data)
    assert str(kept_err.value) == str(whole_err.value)
    line = broken[: broken.index('language = "en\n')].count("\n") + 1
    assert f"line {line}" in str(kept_err.value) and line > 10


def test_a_manifest_with_a_toml_date_loads_and_is_not_kept(data, tmp_path):
    cache = tmp_path / "cache"
    path = data / "manifest.toml"
    path.write_text("checked = 2026-11-23\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_manifest(data, cache) == load_manifest(data)
    assert kept(cache) == []


@pytest.mark.parametrize("replace", ["remove", "directory"])
def test_a_missing_source_is_named(data, replace):
    first = sorted((data / "sources").iterdir())[0]
    first.unlink()
    if replace == "directory":
        first.mkdir()
    with pytest.raises(ManifestError, match=f"file not found: sources/{first.name}"):
        load_manifest(data)


def _hashes(monkeypatch) -> list[int]:
    """Counts the files ``load_manifest`` reads and hashes."""
    calls = [0]
    real = hashlib.sha256

    def counted(data: bytes = b""):  # type: ignore[no-untyped-def]
        calls[0] += 1
        return real(data)

    monkeypatch.setattr(hashlib, "sha256", counted)  # the module every digest is made with
    return calls


def test_unchanged_files_are_not_read_again_and_a_changed_one_is(data, tmp_path, monkeypatch):
    """With a cache, a file the file system describes as when its sha256 was found right is
    not read again; one written since — same size, its modification time put back — is read
    and its mismatch reported."""
    import os
    import time

    monkeypatch.setattr(manifest_module, "_SETTLED_NS", 0)  # the files were just copied
    cache = tmp_path / "cache"
    hashes = _hashes(monkeypatch)
    plain = load_manifest(data)
    count = len(plain)
    assert hashes[0] == count
    assert load_manifest(data, cache) == plain and hashes[0] == 2 * count
    assert (cache / manifest_module._CHECKED).is_file() and len(kept(cache)) == 1
    assert load_manifest(data, cache) == plain and hashes[0] == 2 * count  # none read
    time.sleep(0.05)  # past the file system's clock tick
    source = plain[0].path
    info = source.stat()
    text = source.read_bytes()
    source.write_bytes(text[:-1] + (b"X" if text[-1:] != b"X" else b"Y"))
    os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns))
    with pytest.raises(ManifestError, match="sha256 mismatch for sources/"):
        load_manifest(data, cache)
    assert hashes[0] == 2 * count + 1  # that file alone, once (its digest is the message's)
    source.write_bytes(text)
    assert load_manifest(data, cache) == plain


def test_a_file_changed_moments_ago_is_read_at_every_build(data, tmp_path, monkeypatch):
    """A file written less than two seconds ago could change again within the same clock
    tick and keep its size and times: it is not recorded, so it is read every time."""
    cache = tmp_path / "cache"
    hashes = _hashes(monkeypatch)
    plain = load_manifest(data, cache)
    load_manifest(data, cache)
    assert hashes[0] == 2 * len(plain)
    assert not (cache / manifest_module._CHECKED).exists()


def test_a_damaged_record_of_checked_files_means_reading_them(data, tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "_SETTLED_NS", 0)
    cache = tmp_path / "cache"
    plain = load_manifest(data, cache)
    (cache / manifest_module._CHECKED).write_bytes(b"\x00damaged")
    hashes = _hashes(monkeypatch)
    assert load_manifest(data, cache) == plain and hashes[0] == len(plain)
    assert load_manifest(data, cache) == plain and hashes[0] == len(plain)  # recorded anew


def test_a_folder_in_place_of_a_source_is_named_as_missing(data, tmp_path, monkeypatch):
    monkeypatch.setattr(manifest_module, "_SETTLED_NS", 0)
    cache = tmp_path / "cache"
    plain = load_manifest(data, cache)
    plain[0].path.unlink()
    plain[0].path.mkdir()
    with pytest.raises(ManifestError, match="source #1: file not found"):
        load_manifest(data, cache)
