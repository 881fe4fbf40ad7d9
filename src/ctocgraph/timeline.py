"""A static timeline of a body's sessions and their agenda topics, as SVG or PNG for reports."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from .errors import CtocError
from .escape import chart_text
from .query import clip
from .store import Store

QUERY = """PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?lang ?body ?bodyLabel ?session ?ordinal ?start ?order ?number ?title WHERE {
  ?session ctoc:sessionOf ?body ; ctoc:ordinal ?ordinal ; ctoc:startDate ?start .
  OPTIONAL { ?body rdfs:label ?bodyLabel FILTER (lang(?bodyLabel) = ?lang) }
  ?item ctoc:itemOf ?session ; ctoc:itemNumber ?number ; ctoc:order ?order .
  FILTER NOT EXISTS { ?item ctoc:subItemOf ?parent }
  OPTIONAL { ?item dcterms:title ?title FILTER (lang(?title) = ?lang) }
} ORDER BY ?body ?start ?order"""
FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]


def timeline(store: Store, path: Path, lang: str = "en") -> Path:
    """Draw every body's sessions on a time axis with their topics; format from the suffix."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from rdflib import Literal

    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        raise CtocError("the timeline is written as .svg or .png")
    _, rows = store.select(QUERY, {"lang": Literal(lang)})
    if not rows:
        raise CtocError("the store holds no sessions")
    sessions: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["body"].value, r["session"].value)  # type: ignore[union-attr]
        s = sessions.setdefault(key, {"body": (r["bodyLabel"] or r["body"]).value,  # type: ignore[union-attr]
                                      "ordinal": r["ordinal"].value,  # type: ignore[union-attr]
                                      "start": dt.date.fromisoformat(r["start"].value),  # type: ignore[union-attr]
                                      "topics": []})
        title = r["title"].value if r["title"] else ""
        s["topics"].append(f"{r['number'].value}. {title}")  # type: ignore[union-attr]
    bodies = sorted({s["body"] for s in sessions.values()})
    matplotlib.rcParams.update({"font.family": FONTS, "svg.hashsalt": "ctocgraph",
                                "svg.fonttype": "none"})
    fig, ax = plt.subplots(figsize=(12, 2.2 + 3.2 * len(bodies)), dpi=100)
    for (_, _), s in sorted(sessions.items(), key=lambda kv: kv[1]["start"]):
        y = bodies.index(s["body"])
        ax.plot([s["start"]], [y], "o", color="#2c3e50", markersize=9)
        topics = "\n".join(chart_text(clip(t, 56)) for t in s["topics"])
        ax.annotate(f"#{s['ordinal']}  {s['start'].isoformat()}\n{topics}", (s["start"], y),
                    xytext=(6, -8), textcoords="offset points", va="top", fontsize=7.5)
    ax.set_yticks(range(len(bodies)), [chart_text(textwrap.fill(b, 28)) for b in bodies])
    ax.set_ylim(len(bodies) - 0.2, -0.6)
    starts = [s["start"] for s in sessions.values()]
    ax.set_xlim(min(starts) - dt.timedelta(days=200), max(starts) + dt.timedelta(days=500))
    ax.grid(axis="x", color="#dfe6e9")
    ax.set_title("Sessions and agenda topics" if lang == "en" else "会议及议程主题")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(path, format=fmt, metadata=metadata)
    plt.close(fig)
    return path
