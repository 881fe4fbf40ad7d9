"""The labels the graph generates for shared entities: sessions, acts, Bureau decisions and
provisions. The wording is each language table's (``[labels]``), the names the reference
data's; so the mapping knows nothing of languages, every language version of an agenda gives
the same labels, and a language's labels are an entry in its table.
"""

from __future__ import annotations

import datetime as dt

from .identifiers import ProvisionRef, ResolutionRef
from .languages import label_templates
from .reference import Reference


def session_labels(ref: Reference, body_key: str, n: int,
                   unknown: dict[str, str] | None = None, kind: str = "session") -> dict[str, str]:
    """A session's generated labels, one per language of its body's names (``unknown``: the
    names of a body the reference data does not know). An agenda and the register label a
    session alike, so the two meet on one node with one label per language."""
    body = ref.bodies.get(body_key)
    names = {lang: body.label(lang) for lang in body.names} if body else dict(unknown or {})
    templates = label_templates(kind)  # "session", or "reconvened_session"
    out = {}
    for lang, name in names.items():
        # a language without a table gets no generated label rather than an English one
        # tagged with its code
        template = templates.get(lang)
        if template and name:
            out[lang] = template.format(body=name, n=n)
    return out


def act_labels(ref: Reference, act: ResolutionRef) -> dict[str, str]:
    """The short name UN texts cite an act by ("Conference of the Parties resolution 7/1",
    "缔约方会议第 7/1 号决议"): the issuer's last name in the reference data, else its key."""
    issuer = ref.bodies.get(act.issuer)
    out = {}
    for lang, template in label_templates(act.kind).items():
        names = issuer.names.get(lang) if issuer else None
        out[lang] = template.format(issuer=names[-1] if names else act.issuer, number=act.number)
    return out


def bureau_decision_labels(ref: Reference, body_key: str, date: dt.date) -> dict[str, str]:
    """A decision an agenda records of a body (the Bureau), by the body's preferred name (else
    its key) and the date."""
    body = ref.bodies.get(body_key)
    return {lang: template.format(body=(body.label(lang) if body else None) or body_key,
                                  date=date.isoformat())
            for lang, template in label_templates("bureau_decision").items()}


def provision_labels(ref: Reference, provision: ProvisionRef) -> dict[str, str]:
    """A provision as UN texts cite it ("art. 5, para. 1 (a), Organized Crime Convention"):
    article, paragraph and sub-paragraph as the citation gives them, then the instrument's
    last name in the reference data, else its key."""
    instrument = ref.instruments.get(provision.instrument)
    paragraphs = label_templates("provision_paragraph")
    subparagraphs = label_templates("provision_subparagraph")
    out = {}
    for lang, template in label_templates("provision").items():
        names = instrument.names.get(lang) if instrument else None
        paragraph = paragraphs.get(lang, "").format(paragraph=provision.paragraph) \
            if provision.paragraph is not None else ""
        subparagraph = subparagraphs.get(lang, "").format(subparagraph=provision.subparagraph) \
            if provision.subparagraph else ""
        out[lang] = template.format(instrument=names[-1] if names else provision.instrument,
                                    article=provision.article, paragraph=paragraph,
                                    subparagraph=subparagraph)
    return out
