"""One escaping discipline for every output context: what data may become in each.

Data (titles, labels, IRIs, query text) reaches pages, charts and files only through these
functions or through Jinja2 templates with autoescaping, which use the same MarkupSafe
escaper; never through string substitution into a template, and never into a place where a
browser would run it:

* HTML or XML text and attribute values: :func:`text` escapes ``& < > " '`` (an attribute
  quoted with ``'`` is as safe as one quoted with ``"``).
* JSON read by a page: :func:`script_json`, for a ``<script type="application/json">``
  element that nothing executes; ``< > & '`` become ``\\u003c`` …, so no ``</script>`` or
  ``<!--`` inside the data can end or change the element.
* A link from data: :func:`href`: only ``http``, ``https`` (and relative links made here);
  ``javascript:``, ``data:`` and anything else is shown as text, never linked.
* Inline scripts carry a Content-Security-Policy hash (:func:`csp_hash`): a page allows only
  the scripts it was written with, and no ``'unsafe-inline'``.
* Matplotlib labels (SVG and PNG charts): :func:`chart_text` (``$`` would start math).
* DOT identifiers: :func:`dot_string`.
* CSV and TSV cells: :func:`csv_cell` keeps a spreadsheet from running a cell as a formula.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

LINK_SCHEMES = ("http", "https")
# what a spreadsheet takes for the start of a formula (OWASP: = + - @, tab, carriage return)
_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def text(value: object) -> Markup:
    """``value`` as HTML/XML text or a quoted attribute value."""
    return escape(str(value))


def script_json(value: Any) -> Markup:
    """``value`` as JSON for a ``<script type="application/json">`` element."""
    return htmlsafe_json_dumps(value, dumps=json.dumps, ensure_ascii=False, sort_keys=True)


def href(url: str) -> Markup | None:
    """An attribute value linking to ``url`` when it is an absolute http(s) URL; ``None``
    otherwise (the caller shows it as text)."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return text(url) if scheme in LINK_SCHEMES else None


def csp_hash(script: str) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def chart_text(value: str) -> str:
    """A label for matplotlib, which would read ``$…$`` as mathematics (and fail on it)."""
    return value.replace("$", r"\$")


def dot_string(value: str) -> str:
    """A quoted DOT identifier."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def csv_cell(value: str, raw: bool = False) -> str:
    """A CSV/TSV cell a spreadsheet shows as text: one that starts like a formula (``=``,
    ``+``, ``-``, ``@``, tab, carriage return) and is not a plain number gets a leading
    ``'``, as OWASP advises. ``raw`` keeps every value exactly as it is."""
    if raw or not value or not _FORMULA.match(value) or _NUMBER.fullmatch(value):
        return value
    return "'" + value


@cache
def templates() -> Environment:
    """The package's Jinja2 templates, autoescaped."""
    return Environment(loader=PackageLoader("ctocgraph", "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       keep_trailing_newline=True)


@cache
def favicon() -> bytes:
    """The icon every page names (``favicon.svg``): the site's, the query form's."""
    return (resources.files("ctocgraph") / "templates" / "favicon.svg").read_bytes()
