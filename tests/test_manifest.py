"""The manifest: its parsed data kept in the build cache by content, and sources that are
missing named as such."""

from __future__ import annotations

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
    return sorted(cache.glob("manifest-*.marshal"))


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


def test_an_edited_manifest_replaces_the_kept_data(data, tmp_path):
    cache = tmp_path / "cache"
    load_manifest(data, cache)
    (before,) = kept(cache)
    path = data / "manifest.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('status = "official"',
                                                             'status = "rendition"', 1),
                    encoding="utf-8")
    sources = load_manifest(data, cache)
    (after,) = kept(cache)
    assert after != before and sources[0].status == "rendition"


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
