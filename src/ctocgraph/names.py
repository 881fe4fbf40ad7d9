"""What an extractor recognises by name: the instruments and bodies of the reference data
and the words that name a document's own organ or treaty, with one pattern per kind that finds
them all. Built once per language table, the same for every document of that language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import Lexicon


@dataclass(frozen=True)
class Names:
    """What an extractor recognises by name, the same for every document of a language."""

    instrument_keys: dict[str, str]
    instrument_re: re.Pattern[str] | None  # names and the words for the document's treaty
    instrument_roles: dict[str, str]  # "the Convention" → "convention"
    body_keys: dict[str, str]
    body_re: re.Pattern[str] | None  # names of known bodies only
    mention_re: re.Pattern[str] | None  # and the words for the document's own organs
    body_roles: dict[str, str]  # "Conference" → "conference"
    self_ref_res: tuple[re.Pattern[str], ...]
    decision_bodies: frozenset[str]


@cache
def names_of(lexicon: Lexicon) -> Names:
    """Built once per language table (a lexicon is bound to its reference data): building
    them for each document was 2–3 % of parsing. Words that name the document's own organ or
    treaty ("the Conference", "the Convention") are found with the names; what they name is
    resolved per document (``Extractor.context``)."""
    ref, language = lexicon.reference, lexicon.language
    instruments = _with_capitals(ref.instrument_names(language))
    instrument_roles = _with_capitals(lexicon.context_instruments)
    bodies = _with_capitals({n: k for n in ref.body_names(language)
                             for k in [ref.body_key(n, language)] if k})
    body_roles = _with_capitals(lexicon.context_bodies)
    return Names(
        instruments, _names_re({**instrument_roles, **instruments}), instrument_roles,
        bodies, _names_re(bodies), _names_re({**body_roles, **bodies}), body_roles,
        tuple(lexicon._re(p) for p in lexicon.table["mandates"].get("self_reference", [])),
        frozenset(k for k, b in ref.bodies.items() if b.extra.get("agenda_decisions")),
    )


def _with_capitals(names: dict[str, str]) -> dict[str, str]:
    """The names, and each that starts in lower case also capitalised: "the Convention" opens
    a sentence as "The Convention". A script without case gains nothing."""
    return {name[:1].upper() + name[1:]: key for name, key in names.items()} | names


def _names_re(names: dict[str, str]) -> re.Pattern[str] | None:
    """Longest name first; a name that starts or ends in a letter of a cased script starts
    or ends a word there ("the Protocol" is neither the start of "the Protocols" nor the end of
    "del Protocolo")."""
    if not names:
        return None

    def alternation(group: list[str]) -> str:
        return "|".join(re.escape(n) + (r"(?![^\W\d_])" if n[-1:].lower() != n[-1:].upper()
                                        else "") for n in sorted(group, key=lambda n: (-len(n), n)))

    cased = [n for n in names if n[:1].lower() != n[:1].upper()]
    other = [n for n in names if n[:1].lower() == n[:1].upper()]
    # one look-behind before the cased names, not one per name: the engine tries the
    # alternation at every character
    parts = ([rf"(?<![^\W\d_])(?:{alternation(cased)})"] if cased else []) + \
        ([f"(?:{alternation(other)})"] if other else [])
    return re.compile("|".join(parts))
