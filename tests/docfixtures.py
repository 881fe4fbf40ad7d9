"""PDF and DOCX versions of the seed agendas, made at test time from the text sources.

PDFs use reportlab: Chinese with its built-in Adobe CID font STSong-Light (no font file
needed), Latin, Cyrillic and Arabic with DejaVu Sans (the TrueType font matplotlib ships); a
page ends wherever the page is full, as in real documents. Arabic is drawn in logical order
without contextual shaping, so the text layer holds the characters as written: this tests our
reading of a PDF text layer, not a PDF library's bidirectional reordering.
"""

from __future__ import annotations

from pathlib import Path

from ctocgraph import Lexicon, Reference, parse_source, source_from_path
from ctocgraph.normalize import Line, normalize

FONT_SIZE, LEADING, BREAK, TOP, BOTTOM = 9, 11, 14, 800, 60


def _lines(text_source: Path) -> list[Line]:
    return normalize(text_source.read_text(encoding="utf-8"))


def make_pdf(text_source: Path, out: Path, language: str, **canvas_options) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    if language == "zh":
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        font = "STSong-Light"
    else:
        import matplotlib
        from reportlab.pdfbase.ttfonts import TTFont

        ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(ttf)))
        font = "DejaVuSans"
    c = canvas.Canvas(str(out), pagesize=A4, **canvas_options)
    c.setFont(font, FONT_SIZE)
    y = TOP
    for line in _lines(text_source):
        y -= BREAK if line.is_break else 0
        if y < BOTTOM:
            c.showPage()
            c.setFont(font, FONT_SIZE)
            y = TOP
        if not line.is_break:
            c.drawString(40, y, line.text)
            y -= LEADING
    c.save()
    return out


def make_image_pdf(out: Path) -> Path:
    """A scanned page: an image and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("RGB", (400, 200), "white")
    ImageDraw.Draw(image).rectangle((20, 20, 380, 60), fill="black")
    c = canvas.Canvas(str(out), pagesize=A4)
    c.drawImage(ImageReader(image), 40, 500, 400, 200)
    c.save()
    return out


def make_docx(text_source: Path, out: Path) -> Path:
    """One Word paragraph per source line; an empty paragraph where a paragraph ends."""
    import docx

    document = docx.Document()
    for line in _lines(text_source):
        document.add_paragraph(line.text)
    document.save(str(out))
    return out


def make_docx_with_table(text_source: Path, out: Path, reference: Reference) -> Path:
    """Paragraphs, then the organization of work as a Word table, as UN documents lay it out:
    a row per day heading and per scheduled item, cells for time, item and title."""
    import docx

    source = source_from_path(text_source)
    lexicon = Lexicon(source.language, reference)
    record = parse_source(source, reference)
    lines = _lines(text_source)
    by_no = {ln.no: ln for ln in lines}
    first_row = min(s.span.first for s in record.slots)
    days = [ln for ln in lines if ln.no < first_row and lexicon.day_heading_re.match(ln.text)]
    annex_start = days[-1].no if days else first_row
    document = docx.Document()
    for line in lines:
        if line.no >= annex_start:
            break
        document.add_paragraph(line.text)
    table = document.add_table(rows=0, cols=3)
    rows = []
    for line in lines:
        if line.no >= annex_start and lexicon.day_heading_re.match(line.text):
            rows.append((line.no, [line.text, "", ""]))
    for slot in record.slots:
        for entry in slot.items:
            text = lexicon.join.join(by_no[n].text for n in range(entry.span.first, entry.span.last + 1)
                                     if n in by_no and not by_no[n].is_break)
            m = lexicon.schedule_row_re.match(text)
            assert m, text
            number = m.group("number") + (f"({m.group('letter')})" if m.group("letter") else "")
            rows.append((entry.span.first, [m.group("time") or "", number, m.group("title") or ""]))
    for _, cells in sorted(rows):
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            cell.text = value
    document.save(str(out))
    return out
