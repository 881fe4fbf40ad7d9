"""A static timeline of every body's sessions and their agenda topics, as SVG or PNG for
reports: the Conference's sessions (from its register or agendas) and the working groups'
sessions on one time axis, with an arrow from the session that adopted an act to each session
the act governs."""

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
# sessions known without their agenda (the Conference's, from its register)
SESSIONS = """PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?lang ?body ?bodyLabel ?session ?ordinal ?start WHERE {
  ?session ctoc:sessionOf ?body ; ctoc:ordinal ?ordinal ; ctoc:startDate ?start .
  OPTIONAL { ?body rdfs:label ?bodyLabel FILTER (lang(?bodyLabel) = ?lang) }
} ORDER BY ?body ?start"""
# an act adopted at one session that governs another (a Conference resolution and the working
# group sessions that work under it)
LINKS = """PREFIX ctoc: <https://w3id.org/ctocgraph/ontology#>
SELECT DISTINCT ?number ?adopted ?governed WHERE {
  ?act ctoc:adoptedAt ?adopted ; ctoc:resolutionNumber|ctoc:decisionNumber ?number .
  ?governed ctoc:governedBy ?act .
} ORDER BY ?number ?governed"""
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
    rows += store.select(SESSIONS, {"lang": Literal(lang)})[1]
    if not rows:
        raise CtocError("the store holds no sessions")
    sessions: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["body"].value, r["session"].value)  # type: ignore[union-attr]
        s = sessions.setdefault(key, {"body": (r["bodyLabel"] or r["body"]).value,  # type: ignore[union-attr]
                                      "ordinal": r["ordinal"].value,  # type: ignore[union-attr]
                                      "start": dt.date.fromisoformat(r["start"].value),  # type: ignore[union-attr]
                                      "topics": []})
        item = r.get("number")
        if item is not None:
            title = r["title"].value if r["title"] else ""
            s["topics"].append(f"{item.value}. {title}")
    bodies = sorted({s["body"] for s in sessions.values()})
    where = {session: s for (_, session), s in sessions.items()}
    _, links = store.select(LINKS, {})
    matplotlib.rcParams.update({"font.family": FONTS, "svg.hashsalt": "ctocgraph",
                                "svg.fonttype": "none"})
    fig, ax = plt.subplots(figsize=(12, 2.2 + 3.2 * len(bodies)), dpi=100)
    starts = [s["start"] for s in sessions.values()]
    first, last = min(starts) - dt.timedelta(days=200), max(starts) + dt.timedelta(days=500)
    for (_, _), s in sorted(sessions.items(), key=lambda kv: kv[1]["start"]):
        y = bodies.index(s["body"])
        ax.plot([s["start"]], [y], "o", color="#2c3e50", markersize=9)
        # topics cut to the room before the body's next session (about 190 characters span
        # the axis), so sessions years apart on one axis do not write over each other
        after = min((o["start"] for o in sessions.values()
                     if o["body"] == s["body"] and o["start"] > s["start"]), default=last)
        room = int((after - s["start"]).days / (last - first).days * 190) - 2
        topics = "\n".join(chart_text(clip(t, max(10, min(56, room)))) for t in s["topics"])
        ax.annotate(f"#{s['ordinal']}  {s['start'].isoformat()}\n{topics}", (s["start"], y),
                    xytext=(6, -8), textcoords="offset points", va="top", fontsize=7.5)
    labelled: set[tuple[str, str]] = set()
    for link in links:
        a = where.get(link["adopted"].value)  # type: ignore[union-attr]
        b = where.get(link["governed"].value)  # type: ignore[union-attr]
        if a is None or b is None:  # a session without dates is not on the axis
            continue
        ya, yb = bodies.index(a["body"]), bodies.index(b["body"])
        ax.annotate("", (b["start"], yb), xytext=(a["start"], ya),
                    arrowprops={"arrowstyle": "->", "color": "#c0392b", "alpha": 0.6})
        number = link["number"].value  # type: ignore[union-attr]
        if (number, link["adopted"].value) not in labelled:  # type: ignore[union-attr]
            labelled.add((number, link["adopted"].value))  # type: ignore[union-attr]
            ax.annotate(chart_text(number), (a["start"], ya), xytext=(-4, 10),
                        textcoords="offset points", ha="right", fontsize=7.5, color="#c0392b")
    ax.set_yticks(range(len(bodies)), [chart_text(textwrap.fill(b, 28)) for b in bodies])
    ax.set_ylim(len(bodies) - 0.2, -0.6)
    ax.set_xlim(first, last)
    ax.grid(axis="x", color="#dfe6e9")
    ax.set_title("Sessions, agenda topics and the acts that link them" if lang == "en"
                 else "会议、议程主题及连接会议的决议")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(path, format=fmt, metadata=metadata)
    plt.close(fig)
    return path
