"""Identifiers of the domain (document symbols, resolution numbers) and every IRI minted.

All IRIs of the knowledge graph are built here and nowhere else, so that the public contract
of DESIGN.md (``id/session/wg-som/4/item/1a`` …) has exactly one implementation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from .errors import SymbolError

ONTOLOGY = "https://w3id.org/ctocgraph/ontology#"
DEFAULT_BASE = "https://w3id.org/ctocgraph/id/"

# A UN document symbol: a series root in capitals, then "/"-separated components such as
# "COP", "WG.7", "CN.15", "2017", "RES", "CRP.1", "L.1", "Add.1", "Rev.2", "Corr.1".
_COMPONENT = r"(?:[A-Z][A-Za-z]*(?:\.\d+[A-Za-z]?)?|\d+(?:\.\d+)?)"
# a symbol holds a number somewhere ("N/A", "HSP/G" are not symbols)
SYMBOL_PATTERN = rf"(?=[A-Z][A-Za-z./]*\d)[A-Z][A-Z]*(?:\.\d+)?(?:/{_COMPONENT})+"
# the same, in running text where a line's end may fall after a "/" ("(E/CN.15/" + "2019/18)"):
# spaces only there, the look-ahead for a number included ("the E/NL. series under
# resolution 1985/15" holds no symbol)
SPACED_SYMBOL_PATTERN = (rf"(?=[A-Z][A-Za-z.]*(?:/\s*[A-Za-z.]*)*\d)[A-Z][A-Z]*(?:\.\d+)?"
                         rf"(?:/\s*{_COMPONENT})+")
SYMBOL_RE = re.compile(rf"^{SYMBOL_PATTERN}$")
# 7/1, 71/1, 2014/23; a special session of the General Assembly numbers its own: S-30/1
RESOLUTION_NUMBER_PATTERN = r"(?:S-)?\d{1,4}/\d{1,3}"
_RESOLUTION_NUMBER_RE = re.compile(rf"^{RESOLUTION_NUMBER_PATTERN}$")
# Resolutions published as documents: "A/RES/71/1" is General Assembly resolution 71/1.
_RESOLUTION_SYMBOLS = {"A/RES": "ga", "E/RES": "ecosoc"}


def ascii_digits(text: str) -> str:
    """Digits of any script (Arabic-Indic ٧/١, Extended ۷/۱) as ASCII, so IRIs are the same."""
    if text.isascii():
        return text
    return "".join(str(int(ch)) if ch.isdecimal() else ch for ch in text)


_REVISION = re.compile(r"^(?P<revised>.+)/Rev\.(?P<n>\d+)$")


@dataclass(frozen=True, order=True)
class DocumentSymbol:
    """A UN document symbol such as ``CTOC/COP/WG.7/2017/2`` (a work, in any language)."""

    value: str

    @classmethod
    def parse(cls, text: str) -> DocumentSymbol:
        """Parse a symbol, tolerating spaces left by a line break inside it."""
        compact = ascii_digits(re.sub(r"\s+", "", text))
        if not SYMBOL_RE.match(compact):
            raise SymbolError(f"not a well-formed UN document symbol: {text!r}")
        return cls(compact)

    @property
    def series(self) -> str:
        """The issuing series: everything before the first component that is a year/number."""
        parts = self.value.split("/")
        head: list[str] = []
        for part in parts:
            if part[0].isdigit():
                break
            head.append(part)
        return "/".join(head)

    @property
    def revision(self) -> tuple[str, int]:
        """The symbol it revises and the revision's number (``X/Rev.2`` → ``("X", 2)``); a
        text that is no revision is revision 0 of itself."""
        m = _REVISION.match(self.value)
        return (m.group("revised"), int(m.group("n"))) if m else (self.value, 0)

    def revises(self) -> DocumentSymbol | None:
        """The text a revision replaces: ``X/Rev.1`` the original ``X``, ``X/Rev.2`` ``X/Rev.1``."""
        revised, n = self.revision
        if n == 0:
            return None
        return DocumentSymbol(revised if n == 1 else f"{revised}/Rev.{n - 1}")

    @property
    def filename_stem(self) -> str:
        """The symbol as used in file names: ``CTOC_COP_WG.7_2017_1``."""
        return self.value.replace("/", "_")

    def as_resolution(self) -> ResolutionRef | None:
        """The resolution this symbol publishes (``A/RES/71/1`` → GA 71/1), if any."""
        for prefix, issuer in _RESOLUTION_SYMBOLS.items():
            if self.value.startswith(prefix + "/"):
                number = self.value[len(prefix) + 1 :]
                if _RESOLUTION_NUMBER_RE.match(number):
                    return ResolutionRef(issuer, number, "resolution")
        return None

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, order=True)
class ResolutionRef:
    """A resolution (or numbered decision) of an issuing body: COP 7/1, GA 71/1, ECOSOC 2014/23."""

    issuer: str
    number: str
    kind: str = "resolution"  # or "decision"

    def __post_init__(self) -> None:
        object.__setattr__(self, "number", ascii_digits(self.number))
        if not _RESOLUTION_NUMBER_RE.match(self.number):
            raise SymbolError(f"not a resolution number: {self.number!r}")
        if self.kind not in ("resolution", "decision"):
            raise SymbolError(f"unknown kind of act: {self.kind!r}")

    @classmethod
    def parse(cls, text: str, default_issuer: str = "cop") -> ResolutionRef:
        """Parse ``7/1``, ``cop:7/1``, ``ga:71/1`` or ``decision:cop:9/1`` as given on a CLI."""
        parts = text.strip().split(":")
        kind = "resolution"
        if parts[0] in ("resolution", "decision") and len(parts) > 1:
            kind, parts = parts[0], parts[1:]
        issuer = parts[0].lower() if len(parts) == 2 else default_issuer
        number = parts[-1].strip()
        if len(parts) > 2 or not _RESOLUTION_NUMBER_RE.match(number):
            raise SymbolError(
                f"not a resolution: {text!r} (expected e.g. 7/1, cop:7/1, ga:71/1, ecosoc:2014/23)"
            )
        return cls(issuer, number, kind)

    def __str__(self) -> str:
        return f"{self.issuer} {self.kind} {self.number}"


@dataclass(frozen=True, order=True)
class UnresolvedAct:
    """An act cited by number whose issuer the text does not tell ("resolution 5/2" in an
    agenda of a body the reference data does not know): kept as a citation, given to no body."""

    number: str
    kind: str = "resolution"

    def __str__(self) -> str:
        return f"? {self.kind} {self.number}"


@dataclass(frozen=True, order=True)
class ProvisionRef:
    """A provision of a treaty: article, optional paragraph and sub-paragraph letter."""

    instrument: str
    article: int
    paragraph: int | None = None
    subparagraph: str | None = None

    def __str__(self) -> str:
        return f"{self.article}.{self.paragraph or ''}.{self.subparagraph or ''}"


@lru_cache(maxsize=8192)
def _seg(text: str) -> str:
    """A path segment: safe characters kept, anything else percent-encoded (stable, reversible).

    Cached: the same keys, item numbers and cited targets recur in every graph, and ``quote``
    was a tenth of mapping."""
    return quote(text, safe="-._~")


class Iris:
    """Mints every IRI of the dataset from a configurable base (default DEFAULT_BASE)."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith("/") else base + "/"

    def body(self, key: str) -> str:
        return f"{self.base}body/{_seg(key)}"

    def place(self, key: str) -> str:
        return f"{self.base}place/{_seg(key)}"

    def instrument(self, key: str) -> str:
        return f"{self.base}instrument/{_seg(key)}"

    def provision(self, ref: ProvisionRef) -> str:
        iri = f"{self.instrument(ref.instrument)}/art/{ref.article}"
        if ref.paragraph is not None:
            iri += f"/para/{ref.paragraph}"
        if ref.subparagraph:
            iri += f"/subpara/{ref.subparagraph}"
        return iri

    def session(self, body: str, ordinal: int, reconvened: bool = False,
                special: bool = False) -> str:
        """``session/cnd/64``; a reconvened session is a part of it, ``session/cnd/64/reconvened``;
        special sessions are numbered apart from the regular ones, ``session/cnd/special/11``."""
        series = "special/" if special else ""
        iri = f"{self.body(body).replace('/body/', '/session/', 1)}/{series}{ordinal}"
        return f"{iri}/reconvened" if reconvened else iri

    def session_of_agenda(self, body: str, symbol: DocumentSymbol) -> str:
        """The session an agenda announces, for a text that does not state its ordinal."""
        return f"{self.body(body).replace('/body/', '/session/', 1)}/agenda/{symbol.value}"

    def item(self, session_iri: str, number: str) -> str:
        return f"{session_iri}/item/{_seg(number.replace('(', '').replace(')', ''))}"

    def time_slot(self, session_iri: str, start_iso: str) -> str:
        return f"{session_iri}/slot/{start_iso.replace(':', '')}"

    def mandate(self, item_iri: str, act: ResolutionRef, n: int) -> str:
        return f"{item_iri}/mandate/{act.issuer}-{act.number.replace('/', '-')}-{n}"

    def citation(self, citing_iri: str, cited_iri: str) -> str:
        tail = cited_iri[len(self.base) :] if cited_iri.startswith(self.base) else cited_iri
        return f"{citing_iri}/cites/{_seg(tail.replace('/', '-'))}"

    def unresolved_citation(self, citing_iri: str, kind: str, number: str) -> str:
        """A citation of an act whose issuer the text does not tell."""
        return f"{citing_iri}/cites/unresolved-{kind}-{number.replace('/', '-')}"

    def document(self, symbol: DocumentSymbol) -> str:
        return f"{self.base}document/{symbol.value}"

    def expression(self, symbol: DocumentSymbol, language: str) -> str:
        return f"{self.document(symbol)}/{language}"

    def graph(self, symbol: DocumentSymbol, language: str) -> str:
        return f"{self.base}graph/{symbol.value}/{language}"

    def span(self, symbol: DocumentSymbol, language: str, first: int, last: int) -> str:
        return f"{self.expression(symbol, language)}/lines/{first}-{last}"

    def act(self, ref: ResolutionRef) -> str:
        return f"{self.base}{ref.kind}/{_seg(ref.issuer)}/{ref.number}"

    def bureau_decision(self, body: str, date_iso: str, n: int = 1) -> str:
        suffix = "" if n == 1 else f"-{n}"
        return f"{self.base}decision/{_seg(body)}/{date_iso}{suffix}"

    def build_activity(self, version: str) -> str:
        return f"{self.base}build/ctocgraph-{_seg(version)}"

    def reference_graph(self) -> str:
        return f"{self.base}graph/reference"

    @staticmethod
    def undocs(symbol: DocumentSymbol, language: str | None = None) -> str:
        if language:
            return f"https://undocs.org/{language}/{symbol.value}"
        return f"https://undocs.org/{symbol.value}"
