"""The register of a conference: its sessions, the acts they adopted, and the acts that
established or changed its bodies, read from ``data/reference/register.toml``.

These are curated facts, each entry with the URLs it was verified at, like the rest of the
reference data; agendas say which acts a session works under, the register says when and
where an act was adopted. A register session has the IRI an agenda of that session mints, and
a register act the IRI a citation of it mints, so the two meet on one node. A malformed entry,
or one without a source, is refused with its place in the file: a half-checked register would
put unsourced facts into the graph.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ManifestError, SymbolError
from .identifiers import DocumentSymbol, ResolutionRef

KINDS = ("decision", "resolution")
ROLES = ("established", "changed")
FILE = "register.toml"


@dataclass(frozen=True)
class RegisterSession:
    """A session of a body: ordinal, dates and venue as verified, and its documents' symbols."""

    body: str
    ordinal: int
    sources: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None
    venue: str | None = None
    agenda: DocumentSymbol | None = None
    report: DocumentSymbol | None = None


@dataclass(frozen=True)
class RegisterAct:
    """A numbered act adopted at a session of its body; title and date where verified."""

    ref: ResolutionRef
    session: int
    sources: tuple[str, ...]
    date: dt.date | None = None
    titles: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class BodyChange:
    """An act that established a body (``established``) or changed its status (``changed``)."""

    body: str
    act: ResolutionRef
    role: str
    what: str
    sources: tuple[str, ...]


@dataclass
class Register:
    sessions: list[RegisterSession] = field(default_factory=list)
    acts: list[RegisterAct] = field(default_factory=list)
    changes: list[BodyChange] = field(default_factory=list)

    def act(self, ref: ResolutionRef) -> RegisterAct | None:
        return next((a for a in self.acts if a.ref == ref), None)

    def session(self, body: str, ordinal: int) -> RegisterSession | None:
        return next((s for s in self.sessions if (s.body, s.ordinal) == (body, ordinal)), None)

    def session_of_agenda(self, body: str, symbol: DocumentSymbol) -> RegisterSession | None:
        """The session the register says an agenda is the agenda of."""
        return next((s for s in self.sessions if s.body == body and s.agenda == symbol), None)


class _Entry:
    """One table of the file, read with its place for error messages."""

    def __init__(self, path: Path, table: str, n: int, data: dict[str, object]):
        self.path, self.where, self.data = path, f"[[{table}]] #{n}", data

    def fail(self, message: str) -> ManifestError:
        return ManifestError(f"register: {self.where}: {message}", file=self.path)

    def _value(self, key: str, required: bool) -> object:
        value = self.data.get(key)
        if value is None and required:
            raise self.fail(f"{key} is missing")
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self._value(key, required)
        if value is not None and not (isinstance(value, str) and value.strip()):
            raise self.fail(f"{key} = {value!r} is not a text")
        return value

    def integer(self, key: str) -> int:
        value = self._value(key, True)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(f"{key} = {value!r} is not a whole number")
        return value

    def date(self, key: str) -> dt.date | None:
        # a TOML date (2014-10-10); a date-time (a time of day given) is not what a register states
        value = self._value(key, False)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise self.fail(f"{key} = {value!r} is not a date such as 2014-10-10")
        return value

    def titles(self) -> dict[str, str]:
        value = self._value("title", False) or {}
        if not isinstance(value, dict) or not all(
                isinstance(t, str) and t.strip() for t in value.values()):
            raise self.fail('titles are title.<language> = "text"')
        return {str(k): str(v) for k, v in value.items()}

    def sources(self) -> tuple[str, ...]:
        urls = self._value("source", False)
        if not isinstance(urls, list) or not urls or not all(
                isinstance(u, str) and u.startswith(("http://", "https://")) for u in urls):
            raise self.fail('every entry needs source = ["https://…"], the pages it was verified at')
        return tuple(urls)

    def symbol(self, key: str) -> DocumentSymbol | None:
        value = self.text(key, required=False)
        try:
            return DocumentSymbol.parse(value) if value is not None else None
        except SymbolError as exc:
            raise self.fail(exc.message) from exc

    def known(self, *keys: str) -> None:
        extra = set(self.data) - set(keys)
        if extra:
            raise self.fail(f"unknown key(s) {', '.join(sorted(extra))}")


def load_register(path: Path, bodies: set[str], places: set[str]) -> Register:
    """The register in ``path`` (an empty one when there is no such file), checked against the
    known bodies and places: every entry sourced, every act adopted at a session of its body
    whose number is the act's session part, every change naming an act of the register."""
    if not path.is_file():
        return Register()
    try:
        data = tomllib.loads(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"cannot read the register: {exc}", file=path) from exc
    reg = Register()
    for n, raw in enumerate(data.get("session", []), 1):
        e = _Entry(path, "session", n, raw)
        e.known("body", "ordinal", "start", "end", "venue", "agenda", "report", "source")
        body = str(e.text("body"))
        if body not in bodies:
            raise e.fail(f"unknown body {body!r}")
        ordinal = e.integer("ordinal")
        if ordinal < 1:
            raise e.fail("ordinal must be positive")
        start, end = e.date("start"), e.date("end")
        if (start is None) != (end is None) or (start and end and end < start):
            raise e.fail("give both start and end, the end not before the start")
        venue = e.text("venue", required=False)
        if venue is not None and venue not in places:
            raise e.fail(f"unknown place {venue!r}")
        if reg.session(body, ordinal):
            raise e.fail(f"session {body} {ordinal} is already in the register")
        reg.sessions.append(RegisterSession(body, ordinal, e.sources(), start, end, venue,
                                            e.symbol("agenda"), e.symbol("report")))
    for n, raw in enumerate(data.get("act", []), 1):
        e = _Entry(path, "act", n, raw)
        e.known("body", "kind", "number", "session", "date", "title", "source")
        body, kind = str(e.text("body")), str(e.text("kind"))
        if kind not in KINDS:
            raise e.fail(f"kind must be one of {', '.join(KINDS)}")
        try:
            ref = ResolutionRef(body, str(e.text("number")), kind)
        except SymbolError as exc:
            raise e.fail(exc.message) from exc
        ordinal = e.integer("session")
        session = reg.session(body, ordinal)
        if session is None:
            raise e.fail(f"no session {ordinal} of {body} in the register")
        if ref.number.split("/")[0] != str(ordinal):
            raise e.fail(f"{kind} {ref.number} is not numbered as an act of session {ordinal}")
        date = e.date("date")
        if date is not None and session.start is not None and session.end is not None \
                and not session.start <= date <= session.end:
            raise e.fail(f"adopted on {date}, outside the session ({session.start} to {session.end})")
        titles = e.titles()
        if reg.act(ref):
            raise e.fail(f"{kind} {ref.number} is already in the register")
        reg.acts.append(RegisterAct(ref, ordinal, e.sources(), date, titles))
    for n, raw in enumerate(data.get("change", []), 1):
        e = _Entry(path, "change", n, raw)
        e.known("body", "act", "role", "what", "source")
        body, role = str(e.text("body")), str(e.text("role"))
        if body not in bodies:
            raise e.fail(f"unknown body {body!r}")
        if role not in ROLES:
            raise e.fail(f"role must be one of {', '.join(ROLES)}")
        kind, _, number = str(e.text("act")).partition(" ")
        act = next((a for a in reg.acts if (a.ref.kind, a.ref.number) == (kind, number)), None)
        if act is None:
            raise e.fail(f"no act {kind} {number} in the register")
        if role == "established" and any(c.body == body and c.role == role for c in reg.changes):
            raise e.fail(f"{body} is already established by another act")
        reg.changes.append(BodyChange(body, act.ref, role, str(e.text("what")), e.sources()))
    return reg
