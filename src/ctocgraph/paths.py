"""Where the project's files are: ontology, shapes, queries, data (overridable)."""

from __future__ import annotations

from pathlib import Path

# An editable install or a checkout: the repository root is three levels above this file.
_ROOT = Path(__file__).resolve().parents[2]


def project_root() -> Path:
    return _ROOT


def ontology_file() -> Path:
    return _ROOT / "ontology" / "ctoc.ttl"


def shapes_file() -> Path:
    return _ROOT / "ontology" / "shapes.ttl"


def queries_dir() -> Path:
    return _ROOT / "queries"


def default_data_dir() -> Path:
    """``./data`` when run from a folder that has one, else the repository's own data."""
    here = Path.cwd() / "data"
    return here if (here / "manifest.toml").is_file() else _ROOT / "data"
