"""Curated reference facts (bodies, instruments, places) read from ``data/reference/*.toml``.

The parser uses them to recognise names in text; the mapping turns them into RDF. They are
data, so a new working group or treaty is an entry in a table, not a code change.
"""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ManifestError
from .register import FILE as REGISTER_FILE
from .register import Register, load_register


@dataclass(frozen=True)
class Named:
    """A curated entity with per-language names; the first name of a language is preferred."""

    key: str
    names: dict[str, tuple[str, ...]]
    kind: str = ""
    parent: str | None = None
    series: str | None = None
    resolution_issuer: bool = False
    extra: dict[str, object] = field(default_factory=dict, hash=False, compare=False)

    def label(self, language: str) -> str | None:
        names = self.names.get(language)
        return names[0] if names else None


def _roles(body: Named) -> list[str]:
    """The words a body answers to in its own documents ("the Conference"): its ``context``."""
    roles = body.extra.get("context", [])
    return [str(r) for r in roles] if isinstance(roles, list) else []


def _load(path: Path, table: str) -> list[Named]:
    try:
        # names are matched against NFC-normalised sources (Arabic marks have one order)
        data = tomllib.loads(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"cannot read reference data: {exc}", file=path) from exc
    out = []
    for entry in data.get(table, []):
        known = {"key", "names", "kind", "parent", "series", "resolution_issuer"}
        out.append(
            Named(
                key=entry["key"],
                names={lang: tuple(v) for lang, v in entry.get("names", {}).items()},
                kind=entry.get("kind", ""),
                parent=entry.get("parent"),
                series=entry.get("series"),
                resolution_issuer=entry.get("resolution_issuer", False),
                extra={k: v for k, v in entry.items() if k not in known},
            )
        )
    return out


class Reference:
    """Bodies, instruments and places, with look-ups by name and by symbol series."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.bodies = {b.key: b for b in _load(folder / "bodies.toml", "body")}
        self.instruments = {i.key: i for i in _load(folder / "instruments.toml", "instrument")}
        self.places = {p.key: p for p in _load(folder / "places.toml", "place")}
        # the conference's sessions and acts (optional: a corpus may bring no register)
        self.register: Register = load_register(folder / REGISTER_FILE, set(self.bodies),
                                                set(self.places))
        self._by_name: dict[tuple[str, str], dict[str, str]] = {}
        self._contexts: dict[tuple[str, str | None], dict[str, str]] = {}

    def files(self) -> list[Path]:
        names = ["bodies.toml", "instruments.toml", "places.toml"]
        if (self.folder / REGISTER_FILE).is_file():
            names.append(REGISTER_FILE)
        return [self.folder / n for n in names]

    def _names(self, table: str, language: str) -> dict[str, str]:
        """Name → key in one table ("bodies", "issuers", "instruments", "places"), made once
        per language: the parser looks a name up per citation. Not to be changed."""
        key = (table, language)
        if key not in self._by_name:
            entities: dict[str, Named] = (
                {k: b for k, b in self.bodies.items() if b.resolution_issuer}
                if table == "issuers" else getattr(self, table))
            self._by_name[key] = {n: e.key for e in entities.values()
                                  for n in e.names.get(language, ())}
        return self._by_name[key]

    def body_names(self, language: str) -> list[str]:
        return list(self._names("bodies", language))

    def issuer_names(self, language: str) -> list[str]:
        return list(self._names("issuers", language))

    def body_key(self, name: str, language: str) -> str | None:
        return self._names("bodies", language).get(name.strip())

    def instrument_names(self, language: str) -> dict[str, str]:
        return dict(self._names("instruments", language))

    def body_for_series(self, series: str) -> str | None:
        for body in self.bodies.values():
            if body.series == series:
                return body.key
        return None

    def parent_by_series(self, series: str) -> str | None:
        """The known body whose symbol series begins this one ("CTOC/COP" for an unknown
        "CTOC/COP/WG.9"): UN symbol series are hierarchical."""
        parts = series.split("/")
        for n in range(len(parts) - 1, 0, -1):
            key = self.body_for_series("/".join(parts[:n]))
            if key:
                return key
        return None

    def chain(self, key: str, series: str | None = None) -> list[str]:
        """The body and the bodies it is part of, nearest first. A body the reference data
        does not know is part of the body its symbol series says (see parent_by_series)."""
        out = [key]
        if key not in self.bodies:
            key = (self.parent_by_series(series) if series else None) or ""
            if not key:
                return out
            out.append(key)
        while self.bodies[key].parent and self.bodies[key].parent in self.bodies:
            key = self.bodies[key].parent or ""
            if key in out:
                break
            out.append(key)
        return out

    def context(self, key: str, series: str | None = None) -> dict[str, str]:
        """What the generic words of a document of this body name: role → key. Roles of
        bodies ("conference", "commission") come from the nearest body of the chain that
        takes the role; "convention" and "protocol" from the nearest body that names its
        treaty. A role nothing in the chain takes stays unresolved."""
        held = self._contexts.get((key, series))
        if held is None:  # the same for every source of a body: made once
            held = self._contexts[(key, series)] = self._context(key, series)
        return dict(held)

    def _context(self, key: str, series: str | None) -> dict[str, str]:
        out: dict[str, str] = {}
        chain = self.chain(key, series)
        for k in chain:
            body = self.bodies.get(k)
            if body is None:
                continue
            for role in _roles(body):
                out.setdefault(str(role), k)
            for role in ("convention", "protocol"):
                if body.extra.get(role):
                    out.setdefault(role, str(body.extra[role]))
        # parts of those bodies answer to their own roles: "the extended Bureau" in a working
        # group's agenda is the Bureau of the group's Conference
        for k in chain:
            for part in sorted(self.bodies.values(), key=lambda b: b.key):
                if part.parent == k:
                    for role in _roles(part):
                        out.setdefault(str(role), part.key)
        # a role that one body alone takes names it wherever it is written ("the Assembly",
        # "the Council"); a role two bodies take ("the Commission") names neither
        takers: dict[str, list[str]] = {}
        for body in self.bodies.values():
            for role in _roles(body):
                takers.setdefault(str(role), []).append(body.key)
        for role, keys in takers.items():
            if len(keys) == 1:
                out.setdefault(role, keys[0])
        return out

    def place_in(self, text: str, language: str) -> str | None:
        """The key of the known place named in a venue ("Vienna International Centre",
        "St. Petersburg, Russian Federation"): the whole text, or else the longest known name
        inside it."""
        names = dict(self._names("places", language))
        for place in self.places.values():
            buildings = place.extra.get("buildings", {})
            for name in buildings.get(language, []) if isinstance(buildings, dict) else []:
                names.setdefault(str(name), place.key)
        if text.strip() in names:
            return names[text.strip()]
        inside = [n for n in names if n in text]
        return names[max(inside, key=len)] if inside else None

    def place_named_in(self, text: str, language: str) -> str | None:
        """The longest name of a known place (or of a building in it) written in a sentence."""
        names = dict(self._names("places", language))
        for place in self.places.values():
            buildings = place.extra.get("buildings", {})
            for name in buildings.get(language, []) if isinstance(buildings, dict) else []:
                names.setdefault(str(name), place.key)
        inside = [n for n in names if n in text]
        return max(inside, key=len) if inside else None
