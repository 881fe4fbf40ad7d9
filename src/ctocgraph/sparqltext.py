"""Parameters placed into SPARQL query text, for engines that take only text.

A query's parameters reach every engine as VALUES blocks: at the start of the outer group, and
at the start of each sub-select that projects the parameter's variable. Engines evaluate a
sub-select before joining it, so a value joined only outside leaves the sub-select to run over
the whole corpus; inside, it restricts it (Oxigraph server, 10,000 documents: `governance`
4.7 s → tens of milliseconds). Inside or outside, the answer is the same: a sub-select's rows
that disagree with the value are removed by the outer join anyway.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib.term import Node

from .errors import QueryError

# what may hold text that looks like a keyword or a brace: strings (long ones first), IRIs and
# comments; masked out, position for position, before the query's structure is read
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.S,
)
# a SELECT, and the braces that open and close groups, with what is opaque matched first (and
# passed over), so a keyword or brace inside a string, IRI or comment is never taken for one
# (nor a variable ?select, nor a prefixed name ex:select or select:x)
_TOKENS = re.compile(_OPAQUE.pattern + r"|(?P<select>(?<![\w?$:])(?i:select)(?![\w:]))"
                     r"|(?P<open>\{)|(?P<close>\})", re.S)
_WHERE = re.compile(r"\bWHERE\s*$", re.I)
_PARENS = re.compile(r"\([^()]*\)")
_VARIABLE = re.compile(r"[?$](\w+)")


def _blank(m: re.Match[str]) -> str:
    text = m.group()
    return " " * len(text) if "\n" not in text else re.sub(r"[^\n]", " ", text)


def mask(query: str) -> str:
    """The query with strings, IRIs and comments blanked (newlines kept): same length, so an
    offset found in the mask is an offset in the query."""
    return _OPAQUE.sub(_blank, query)


def _projected(head: str) -> set[str] | None:
    """The variables a SELECT's head projects as such (not those it computes with AS);
    ``None`` for ``*``."""
    text = _WHERE.sub("", mask(head))
    while True:  # drop (expression AS ?name), innermost parentheses first
        shorter = _PARENS.sub(" ", text)
        if shorter == text:
            break
        text = shorter
    return None if "*" in text else set(_VARIABLE.findall(text))


def _selects(query: str) -> list[tuple[int, set[str]]]:
    """Each SELECT's group: the offset just inside its opening brace, and the variables of the
    outer query that reach into it — for the outer query none are listed (all do); for a
    sub-select those it projects and every sub-select around it projects too (a variable a
    sub-select keeps to itself is another variable outside it); none for ``SELECT *``. One
    pass over the text (a query narrowed to 50,000 candidate literals is 5.5 MB: 0.1 s)."""
    found: list[tuple[int, set[str]]] = []
    head = -1
    depth = 0
    around: list[tuple[int, set[str] | None]] = []  # open sub-selects: depth, variables
    for m in _TOKENS.finditer(query):
        kind = m.lastgroup
        if kind == "select":
            head = m.end()
        elif kind == "open":
            depth += 1
            if head < 0:
                continue
            projected = _projected(query[head:m.start()])
            head = -1
            if not found:  # the outer query
                found.append((m.end(), set()))
                continue
            reach = set(projected or ())
            for _, outside in around:
                if outside is not None:  # SELECT * passes on what it holds
                    reach &= outside
            found.append((m.end(), reach))
            around.append((depth, projected))
        elif kind == "close":
            if around and around[-1][0] == depth:
                around.pop()
            depth -= 1
    return found


def _values(variables: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if len(variables) == 1:
        return f"VALUES ?{variables[0]} {{ {' '.join(row[0] for row in rows)} }}"
    return (f"VALUES ({' '.join('?' + v for v in variables)}) "
            f"{{ {' '.join('(' + ' '.join(row) + ')' for row in rows)} }}")


def place_values(query: str, variables: Sequence[str], rows: Sequence[Sequence[str]], *,
                 outer: bool = True) -> str:
    """The query with ``VALUES (variables) { rows }`` (terms in SPARQL syntax) at the start of
    its outer group, and, for the variables a sub-select projects, those columns of the rows
    (each once) at the start of that sub-select's group: a restriction no row of the outer
    join could pass anyway, so the rows are the same.

    ``outer=False`` leaves the outer group out when a sub-select takes the block: for a hint
    that only has to reach the query's own filter, as ``#narrow`` candidates do. Thousands of
    rows both outside and inside a sub-select made Oxigraph join the two blocks (10,000
    documents, `find` for "7/1": 0.7 s with the candidates inside only, 2.8 s with both).
    """
    selects = _selects(query)
    if not selects:
        raise QueryError("cannot bind parameters: the query has no SELECT … WHERE { group")
    blocks = []
    for at, reach in selects[1:]:
        columns = [i for i, v in enumerate(variables) if v in reach]
        if columns:
            kept = list(dict.fromkeys(tuple(row[i] for i in columns) for row in rows))
            blocks.append((at, f" {_values([variables[i] for i in columns], kept)}"))
    if outer or not blocks:
        blocks.append((selects[0][0], f"\n  {_values(variables, rows)}\n"))
    for at, block in sorted(blocks, reverse=True):
        query = query[:at] + block + query[at:]
    return query


def inline_values(query: str, bindings: dict[str, Node]) -> str:
    """The query with its bindings as VALUES blocks (:func:`place_values`): in the outer group,
    where filters in OPTIONALs see them, and in each sub-select that projects them.

    Terms are serialised by rdflib from values that were parsed and validated by type, so
    nothing a user typed reaches the text as is.
    """
    if not bindings:
        return query
    names = sorted(bindings)
    return place_values(query, names, [[bindings[n].n3() for n in names]])


_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)
_OWN_PAGE = re.compile(r"\b(LIMIT|OFFSET)\b", re.I)
# the paging point a library query states: a comment line ``#page: …`` just before the closing
# brace of the sub-select that orders the rows' keys (see :func:`paging_point`)
PAGE_LINE = re.compile(r"^[ \t]*(#[ \t]*page:[^\n]*)$", re.M | re.I)


def paging_point(query: str, *, strict: bool = False) -> tuple[int, int] | None:
    """Where a page's ``LIMIT``/``OFFSET`` go in a query that states its paging point: the
    span of its one ``#page:`` comment line, standing in a sub-select after its ORDER BY, just
    before its closing brace. ``None`` for a query with no marker, or (unless ``strict``,
    as for the library's own queries) with a misplaced one: then the page is appended.

    The sub-select selects the key of each row of the answer, in the query's whole order, from
    the fewest triples; paged there, the engine sorts keys only and joins the other columns
    for the page's rows alone (Oxigraph has no top-k sort: a page appended after the final
    ORDER BY costs the whole answer's sort)."""
    if PAGE_LINE.search(query) is None:  # most texts: not read twice (a narrowed one is MBs)
        return None
    masked = mask(query)
    found = [m for m in _OPAQUE.finditer(query)  # comments alone on their line, not strings
             if _PAGE_COMMENT.fullmatch(m.group())
             and not query[query.rfind("\n", 0, m.start()) + 1:m.start()].strip()]
    problem = None
    if len(found) > 1:
        problem = "a query states one paging point (#page:), not several"
    elif found:
        before = masked[:found[0].start()]
        depth = before.count("{") - before.count("}")  # 2: in a sub-select, after its group
        modifiers = before[before.rfind("}") + 1:]  # its own ORDER BY, and no page of its own
        if depth < 2 or not _ORDERED.match(modifiers) or _OWN_PAGE.search(modifiers) \
                or not masked[found[0].end():].lstrip().startswith("}"):
            problem = ("the #page: line belongs in a sub-select, after its ORDER BY, just "
                       "before its closing brace")
    if problem is not None and strict:
        raise QueryError(problem)
    return (found[0].start(), found[0].end()) if found and problem is None else None


_ORDERED = re.compile(r"\s*(?:GROUP\s+BY\b[^{}]*?)?(?:HAVING\b[^{}]*?)?ORDER\s+BY\b[^{}]*$", re.I)
_PAGE_COMMENT = re.compile(r"#[ \t]*page:[^\n]*", re.I)


def page_of(query: str, limit: int | None, offset: int = 0) -> str | None:
    """A SELECT with ``LIMIT`` (unless ``None``) and ``OFFSET``, so the engine stops after one
    page: at the query's paging point when it states one (:func:`paging_point`), else
    appended; ``None`` when it is not a SELECT or already sets its own after its last group
    (a ``LIMIT`` inside a sub-select is the query's business, not a page)."""
    masked = mask(query)
    form = _FORM.search(masked)
    if form is None or form.group(1).upper() != "SELECT":
        return None
    if _OWN_PAGE.search(masked[masked.rfind("}") + 1:]):
        return None
    point = paging_point(query)
    if point is not None:
        page = f"LIMIT {limit} " if limit is not None else ""
        return f"{query[:point[0]]}{page}OFFSET {offset}{query[point[1]:]}"
    page = f"\nLIMIT {limit}" if limit is not None else ""
    return f"{query.rstrip()}{page}\nOFFSET {offset}\n"


def key_select(query: str) -> tuple[int, int, str] | None:
    """The sub-select that orders the rows' keys, in a query that states its paging point:
    the offsets of its group's braces, and the same sub-select as a query of its own (the
    prologue, then the sub-select). A sub-select is evaluated before it is joined, so alone
    it gives the same keys in the same order. ``None`` without a paging point."""
    point = paging_point(query)
    if point is None:
        return None
    masked = mask(query)
    close = point[1] + len(masked[point[1]:]) - len(masked[point[1]:].lstrip())
    depth, open_ = 0, -1
    for at in range(point[0] - 1, -1, -1):
        if masked[at] == "}":
            depth += 1
        elif masked[at] == "{":
            if not depth:
                open_ = at
                break
            depth -= 1
    first = next((m for m in _TOKENS.finditer(query) if m.lastgroup == "select"), None)
    if open_ < 0 or first is None or masked[open_ + 1:].lstrip()[:6].upper() != "SELECT":
        return None
    return open_, close, _bare(f"{query[:first.start()]}{query[open_ + 1:close]}")


def _bare(query: str) -> str:
    """The query without its comments and blank lines: the same key sub-select has the same
    text, whether it came with the library's notes (the command line) or without (the
    form's examples)."""
    text = _OPAQUE.sub(lambda m: "" if m.group().startswith("#") else m.group(), query)
    return "\n".join(line.rstrip() for line in text.splitlines() if line.strip()) + "\n"


def with_keys(query: str, at: tuple[int, int], variables: Sequence[str],
              rows: Sequence[Sequence[str]]) -> str:
    """The query with the key sub-select at ``at`` (its braces) replaced by a VALUES block
    of the page's keys (terms in SPARQL syntax, ``UNDEF`` for an unbound one)."""
    block = _values(variables, rows) if rows else \
        f"VALUES ({' '.join('?' + v for v in variables)}) {{ }}"
    return f"{query[:at[0]]}{{ {block} }}{query[at[1] + 1:]}"
