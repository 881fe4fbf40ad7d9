"""Stretches of head lines (:class:`Piece`) and what the head reader does with them: mask
the matches of patterns, join stretches across lines, take spans of the joined text out again.

Apart from ``header`` so that the reader reads as the parts of a head, not as string surgery.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import Line


@dataclass
class Piece:
    """A stretch of a head line not yet given a role."""

    line: Line
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.line.text[self.start:self.end]


def mask(free: list[Piece], patterns: list[re.Pattern[str]]) -> tuple[list[Piece], list[Piece]]:
    """Take every match of the patterns out of the free stretches: (what is left, the matches)."""
    hits: list[Piece] = []
    for rx in patterns:
        out = []
        for piece in free:
            at = 0
            for m in rx.finditer(piece.text):
                if m.end() == m.start():
                    continue
                out.append(Piece(piece.line, piece.start + at, piece.start + m.start()))
                hits.append(Piece(piece.line, piece.start + m.start(), piece.start + m.end()))
                at = m.end()
            out.append(Piece(piece.line, piece.start + at, piece.end))
        free = [p for p in out if p.end > p.start]
    return free, hits


def joined(pieces: list[Piece]) -> tuple[str, list[int]]:
    """The stretches' text joined by spaces, and where each starts in it."""
    text, at = "", []
    for p in pieces:
        if text:
            text += " "
        at.append(len(text))
        text += p.text
    return text, at


def piece_at(at: list[int], offset: int) -> int:
    return max(i for i, start in enumerate(at) if start <= offset) if at else 0


def take_spans(pieces: list[Piece], at: list[int], spans: list[tuple[int, int]],
                found: dict[tuple[int, int], list[str]], role: str) -> None:
    """Take the joined text's spans out of the stretches (in place), noting the role on the
    lines they cover."""
    for n in range(len(pieces) - 1, -1, -1):
        p = pieces[n]
        start, end = at[n], at[n] + len(p.text)
        cuts = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
        if not cuts:
            continue
        found.setdefault((p.line.no, p.line.col), []).append(role)
        kept, pos = [], 0
        for a, b in sorted(cuts):
            if a > pos:
                kept.append(Piece(p.line, p.start + pos, p.start + a))
            pos = max(pos, b)
        if pos < len(p.text):
            kept.append(Piece(p.line, p.start + pos, p.end))
        pieces[n:n + 1] = [k for k in kept if k.text.strip(" ,;*")]


def runs(pieces: list[Piece]) -> list[list[Piece]]:
    """Consecutive leftover stretches, one run per group of adjacent lines: a body's name
    broken by the distribution block of a two-column head reads on across lines."""
    runs: list[list[Piece]] = []
    for p in pieces:
        if runs and p.line.no - runs[-1][-1].line.no <= 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return runs
