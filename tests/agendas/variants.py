"""The same agenda as a converter or a web page would leave it: flattened PDF text with page
furniture, a web copy with chrome around it, and a text that stops early.

Each function takes the text as written for the project and returns another rendering of the
same words; none adds or removes a fact, so the facts a text states hold for each (a cut text
states those whose anchor ends before the cut).
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")

# what a web copy puts around a document, per language (a viewer, download buttons, a footer)
CHROME = {
    "en": (["Skip to main content", "Download", "Print", "Share", "Page 1 of 6", "Zoom in"],
           ["Back to top", "© United Nations 2024", "Privacy notice", "Terms of use"]),
    "fr": (["Aller au contenu principal", "Télécharger", "Imprimer", "Partager", "Page 1 sur 6"],
           ["Haut de page", "© Nations Unies 2024", "Confidentialité", "Conditions d’utilisation"]),
    "es": (["Ir al contenido principal", "Descargar", "Imprimir", "Compartir", "Página 1 de 6"],
           ["Volver arriba", "© Naciones Unidas 2024", "Privacidad", "Condiciones de uso"]),
    "zh": (["下载", "打印", "分享", "文件查看器"], ["返回顶部", "© 联合国 2024", "隐私声明", "使用条款"]),
}
JOB_LETTER = {"en": "E", "fr": "F", "es": "S", "zh": "C", "ru": "R", "ar": "A"}


def collapse(text: str) -> str:
    """White space runs as one space: how anchors are compared with the text."""
    return _SPACE.sub(" ", text).strip()


def _pages(lines: list[str], page_lines: int) -> list[list[str]]:
    """The lines in pages: a page ends after ``page_lines`` lines, or where the text's own
    page ended, after a footnote block (a rule, then footnotes: the foot of a page)."""
    pages: list[list[str]] = [[]]
    foot = False
    for ln in lines:
        if foot and not (re.match(r"^(?:\d{1,2}|\*+)\s", ln) or ln.startswith("http")
                         or not re.search(r"[.。;；]$", pages[-1][-1])):
            pages.append([])
            foot = False
        if len(pages[-1]) >= page_lines and not foot:
            pages.append([])
        pages[-1].append(ln)
        foot = foot or re.fullmatch(r"_{5,}", ln) is not None
    return [p for p in pages if p]


def flattened(text: str, symbol: str, language: str, page_lines: int = 45) -> str:
    """Each page of the text as one paragraph, as some PDF converters give it, with the page
    furniture of a UN document: the job number and barcode at the foot of the first page, a
    running head (the symbol) and a page number on the others."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pages = _pages(lines, page_lines)
    total = len(pages)
    job = f"V.17-0{len(text) % 9000 + 1000} ({JOB_LETTER.get(language, 'E')})"
    barcode = f"*17{len(text) % 90000 + 10000}*"
    out = []
    for n, page in enumerate(pages, 1):
        body = " ".join(page)
        if n == 1:
            out.append(f"{body} {job} {barcode}")
        else:
            out.append(f"{symbol} {n}/{total} {body} {job} {n}/{total}")
    return "\n\n".join(out) + "\n"


def web_copy(text: str, language: str) -> str:
    """The text as a web page's copy holds it: the viewer's chrome before and after."""
    before, after = CHROME.get(language, CHROME["en"])
    return "\n".join(before) + "\n" + text.rstrip("\n") + "\n" + "\n".join(after) + "\n"


def cut_points(text: str, n: int = 10) -> list[int]:
    """``n`` offsets spread over the text, each at the end of a word: where a text that
    stops early stops."""
    points = []
    for k in range(1, n + 1):
        at = len(text) * k // (n + 1)
        while at < len(text) and not text[at].isspace():
            at += 1
        points.append(at)
    return sorted(set(points))
