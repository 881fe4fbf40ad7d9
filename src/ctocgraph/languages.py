"""The language tables shipped with the package (``lexicons/<lang>.toml``): which there are,
one read as data, the language of a text told by its headings, and the wordings of the labels
the graph generates. Adding a language is a new table, not new code."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from .errors import LexiconError


def available_languages() -> list[str]:
    """Languages that have a table shipped with the package."""
    folder = resources.files("ctocgraph") / "lexicons"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


@cache
def load_table(language: str) -> dict[str, Any]:
    """The raw table of a language, as parsed from its TOML file."""
    path = resources.files("ctocgraph") / "lexicons" / f"{language}.toml"
    if not path.is_file():
        raise LexiconError(
            f"no language table for {language!r}; available: {', '.join(available_languages())}"
        )
    try:
        # tables are compared with NFC-normalised sources, so they are normalised the same way
        return tomllib.loads(unicodedata.normalize("NFC", path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"malformed language table: {exc}", file=str(path)) from exc


# [headings] keys that are settings, not kinds of heading
HEADING_SETTINGS = frozenset({"boilerplate", "number", "mark"})


def detect_language(lines: list[str]) -> str:
    """The language whose table recognises the most kinds of section heading in a text.

    For a source whose file name does not say its language. Headings (Annotations, Annex …) are
    what every agenda has and what each language writes its own way, so they decide. They are
    looked for anywhere in a line, as written (a flattened PDF runs them into the text); a
    text with no heading of any table is refused rather than guessed.
    """
    text = "\n".join(lines)
    scores: dict[str, int] = {}
    for language in available_languages():
        table = load_table(language)
        scores[language] = sum(
            1 for kind, values in table["headings"].items() if kind not in HEADING_SETTINGS
            and any(_occurs(v, text) for v in values))
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or ranked[0][1] == 0:
        raise LexiconError("cannot tell the language of the text: no agenda heading of any "
                           f"language table ({', '.join(sorted(scores))}) was found; pass --lang")
    if len(ranked) > 1 and ranked[1][1] == ranked[0][1]:
        raise LexiconError(f"cannot tell the language of the text: {ranked[0][0]} and "
                           f"{ranked[1][0]} fit equally well; pass --lang")
    return ranked[0][0]


def _occurs(wording: str, text: str) -> bool:
    """A heading wording in the text as a whole phrase, its words separated by any white
    space, as written or in capitals (tables and texts are both NFC). A script written without
    spaces between words (Chinese) has no word boundary to ask for."""
    for form in (wording, wording.upper()):
        pattern = r"\s+".join(re.escape(part) for part in form.split())
        if not _unspaced(form):
            pattern = rf"(?<!\w){pattern}(?!\w)"
        if re.search(pattern, text):
            return True
    return False


def _unspaced(text: str) -> bool:
    """Written in a script without spaces between words (CJK ideographs)."""
    return any("\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)


@cache
def label_templates(kind: str) -> Mapping[str, str]:
    """How each language words a label the graph generates (``[labels]`` of its table:
    "session", "resolution", "decision", "bureau_decision", "provision" …), for the languages
    whose table words it: a language without one gets no such label."""
    out = {}
    for language in available_languages():
        template = load_table(language).get("labels", {}).get(kind)
        if template:
            out[language] = str(template)
    return MappingProxyType(out)
