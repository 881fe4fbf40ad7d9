"""What a text does not give: the parts a text that stops early, or whose later parts were not
recognised, leaves out. Said in words, with the line where the text ends, recorded in the
record (``AgendaRecord.missing``) and so in the source's provenance; never filled in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import AgendaItem
from .parsestate import key

if TYPE_CHECKING:
    from .parse import _Parser


def account(p: _Parser) -> None:
    """Fill ``rec.missing`` (and report it once as a finding) from the parts found."""
    rec, parts = p.rec, p.parts
    missing: list[str] = []
    end = f"line {p.last_line}"
    if rec.start_date is None:
        missing.append("the head gives no dates of the session")
    if rec.ordinal is None:
        missing.append("the session's ordinal is not stated")
    if parts["agenda"] is None and not rec.items:
        missing.append(f"the text ends before the provisional agenda ({end}): no agenda items, "
                       "no annotations, no organization of work")
    elif not rec.items:
        missing.append(f"the provisional agenda lists no items ({end})")
    elif parts["annotations"] is None and parts["annex"] is None:
        last = rec.items[-1]
        missing.append(f"the text ends inside the provisional agenda, after item {last.number} "
                       f"({end}): later items may be missing; no annotations; no organization "
                       "of work")
    else:
        missing += _annotations(p, end)
        missing += _annex(p, end, missing)
    if _ends_mid_sentence(p) and not any("ends" in m for m in missing):
        missing.append(f"the text ends mid-sentence ({end})")
    note = _ends_in_footnote(p)
    if note and not any("ends" in m for m in missing):
        missing.append(f"the text ends inside {note} ({end})")
    if missing:
        rec.missing = missing
        p.find("warning", "partial", "partial: " + "; ".join(missing), p.last_line)


def _annotations(p: _Parser, end: str) -> list[str]:
    rec = p.rec
    if p.parts["annotations"] is None:
        return ["no annotations"]
    annotated = [i for i in rec.items if _annotated(p, i)]
    if not annotated:
        return [f"the text ends before the annotation of item {rec.items[0].number} ({end}): "
                "no item has an annotation"]
    last = max(i.order for i in annotated)
    after = [i for i in rec.items if i.order > last and not _annotated(p, i)]
    for item in rec.items:
        if item.order < last and not _annotated(p, item):
            p.find("error", "item-not-annotated", f"item {item.number} has no annotation heading",
                   item.span.first)
    if after and p.parts["annex"] is None:
        current = max(annotated, key=lambda i: i.order)
        return [f"the text ends inside the annotation of item {current.number} ({end}): "
                f"{_items(after)} {'has' if len(after) == 1 else 'have'} no annotation"]
    if after:
        return [f"{_items(after)} {'has' if len(after) == 1 else 'have'} no annotation"]
    current = max(annotated, key=lambda i: i.order)
    if p.parts["annex"] is None and _heading_cut(p, current):
        return [f"the text ends inside the annotation heading of item {current.number} ({end})"]
    return []


def _heading_cut(p: _Parser, item: AgendaItem) -> bool:
    """The last item's annotation heading is all there is of it, and stops inside the title
    ("12. Adoption of the report of", for "Adoption of the report of the Commission on …")."""
    text = p.texts.get(item.number)
    if text is None or text.paragraphs or text.documents or not text.heading:
        return False
    have, wanted = key(p.heading_title(text.heading)), key(item.title)
    return len(have) < len(wanted) and wanted.startswith(have)


def _annex(p: _Parser, end: str, so_far: list[str]) -> list[str]:
    rec, lx = p.rec, p.lx
    if p.parts["annex"] is None:
        cut = any("ends inside" in m for m in so_far)
        referred = any(rx.search(ln.text) for ln in p.lines for rx in lx.annex_reference_res)
        if referred or cut:
            why = " (the annotations refer to an annex)" if referred else ""
            return [f"no organization of work{why}"]
        p.find("warning", "no-annex", "no organization of work: the text has no annex")
        return []
    if p.ends_in_row is not None:
        return [f"the text ends inside a row of the organization of work ({end})"]
    if not p.rows:
        return [f"the organization of work schedules no item ({end})"]
    scheduled = {r.number for r in p.rows}
    leaves = [i for i in rec.items if not any(j.parent == i.number for j in rec.items)]
    # a row for "1 (b)" schedules its items of the third level, 1(b)(i) and 1(b)(ii), too
    unscheduled = [i for i in leaves if i.number not in scheduled and
                   not (i.parent and i.parent in scheduled and i.parent != _top(i.number))]
    if not unscheduled:
        return []
    last = max(i.order for i in rec.items if i.number in scheduled)
    tail = [i for i in unscheduled if i.order > last]
    for item in unscheduled:
        if item.order < last:
            p.find("warning", "item-not-scheduled",
                   f"item {item.number} is not in the organization of work", item.span.first)
    if tail:
        return [f"the organization of work ends before item {tail[0].number} ({end})"]
    return []


def _top(number: str) -> str:
    """The number of the item at the top of an item's levels: "2" of "2(e)(i)"."""
    return number.split("(", 1)[0]


def _annotated(p: _Parser, item: AgendaItem) -> bool:
    """An item is annotated when it, or one of its sub-items (at any level: "2(e)(i)" is
    under 2), has an annotation heading."""
    return item.number in p.texts or any(
        j.number.startswith(f"{item.number}(") and j.number in p.texts for j in p.rec.items)


def _ends_mid_sentence(p: _Parser) -> bool:
    """The last line of the annotations (or of the list) stops before its sentence ends; an
    annex's rows and a footnote block's lines end without one."""
    if p.parts["annex"] is not None:
        return False
    last = next((ln for ln in reversed(p.lines)
                 if not ln.is_break and not p.roles.get((ln.no, ln.col), "").startswith("footnote")),
                None)
    if last is None:
        return False
    role = p.roles.get((last.no, last.col), "")
    prose = role.endswith(" text") or role.startswith("agenda:") or not role
    return prose and not p.lx.ends_paragraph(last.text) and p.lx.heading(last.text) is None


def _ends_in_footnote(p: _Parser) -> str | None:
    """The footnote the text stops in, mid-sentence ("2 See Conference resolutions 1/1, 2/1
    and 3/1, and Economic and Social Council"): what follows it is missing."""
    last = next((ln for ln in reversed(p.lines) if not ln.is_break), None)
    if last is None:
        return None
    role = p.roles.get((last.no, last.col), "")
    if not role.startswith("footnote ") or p.lx.ends_paragraph(last.text):
        return None
    return role


def _items(items: list[AgendaItem]) -> str:
    # a sub-item stands for itself unless its item is in the list too: after 4(a), "items
    # 4(b)-6" have none, not "items 5-6"
    listed = {i.number for i in items}
    numbers = [i.number for i in items if i.parent is None or i.parent not in listed]
    if len(numbers) == 1:
        return f"item {numbers[0]}"
    return f"items {numbers[0]}-{numbers[-1]}"
