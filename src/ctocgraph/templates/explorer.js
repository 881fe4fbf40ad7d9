"use strict";
// the data is a JSON element that nothing executes, read as data: no value ever becomes code
const DATA = JSON.parse(document.getElementById("data").textContent);
const GRAPH = DATA.graph;
const COLORS = DATA.colors;
const SHARED = ["Body", "Resolution", "Place", "Instrument", "Provision", "MandateVerb", "Resource"];
let lang = DATA.lang;
// the page is built with DOM nodes and textContent, never from HTML strings holding data
const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); return e; };
const linkable = s => /^https?:\/\//i.test(String(s));
const label = n => n.data("label_" + lang) || n.data("label_en") || n.data("label_zh") || n.data("label");
const cy = cytoscape({
  container: document.getElementById("cy"),
  elements: GRAPH.elements,
  wheelSensitivity: 0.3,
  maxZoom: 1.6,
  style: [
    {selector: "node", style: {"background-color": n => COLORS[n.data("kind")] || "#636e72",
      "label": n => { const l = label(n); return l.length > 28 ? l.slice(0, 27) + "…" : l; },
      "font-size": 9, "text-valign": "bottom", "text-margin-y": 2, "width": 14, "height": 14}},
    {selector: "edge", style: {"width": 1, "line-color": "#b2bec3", "curve-style": "bezier",
      "target-arrow-shape": "triangle", "target-arrow-color": "#b2bec3", "arrow-scale": 0.6}},
    {selector: ":selected", style: {"border-width": 3, "border-color": "#e84393", "width": 22, "height": 22}},
    {selector: ".hidden", style: {"display": "none"}}
  ],
  layout: {name: "cose", animate: false, randomize: false, numIter: 600, nodeRepulsion: 9000}
});
window.cy = cy;
const status = document.getElementById("status");
const showCount = () => { status.textContent = cy.nodes(":visible").length + " nodes, " +
  cy.edges(":visible").length + " edges"; };
showCount();
const legend = document.getElementById("legend");
[...new Set(cy.nodes().map(n => n.data("kind")))].sort().forEach(k => {
  const s = document.createElement("span"); s.textContent = k; s.style.background = COLORS[k] || "#636e72";
  legend.appendChild(s);
});
function showPanel(n) {
  const panel = document.getElementById("panel");
  panel.replaceChildren();
  panel.appendChild(el("h2", label(n)));
  const head = el("p");
  head.append(el("b", n.data("kind")), el("br"));
  const iri = el("code", n.id());
  if (linkable(n.id())) { const a = el("a"); a.href = n.id(); a.rel = "noopener noreferrer"; a.appendChild(iri); head.appendChild(a); }
  else head.appendChild(iri);
  panel.appendChild(head);
  const table = el("table");
  Object.entries(n.data()).filter(([k]) => k !== "id").forEach(([k, v]) => {
    const tr = el("tr"); tr.append(el("th", k), el("td", v)); table.appendChild(tr);
  });
  panel.append(table, el("h3", "Links"));
  const list = el("ul");
  const link = (e, dir) => {
    const other = dir === "out" ? e.target() : e.source();
    const li = el("li", (dir === "out" ? "→ " : "← ") + e.data("relation") + " ");
    const a = el("a", label(other));
    a.href = "#";
    a.dataset.id = other.id();
    a.addEventListener("click", ev => {
      ev.preventDefault(); const m = cy.getElementById(a.dataset.id); cy.elements().unselect(); m.select(); showPanel(m);
    });
    li.appendChild(a);
    list.appendChild(li);
  };
  n.outgoers("edge").forEach(e => link(e, "out"));
  n.incomers("edge").forEach(e => link(e, "in"));
  panel.appendChild(list);
}
cy.on("tap", "node", e => showPanel(e.target));
function search(q) {
  q = q.trim().toLowerCase();
  cy.elements().unselect();
  if (!q) { showCount(); return cy.collection(); }
  const texts = n => [n.data("label_en"), n.data("label_zh"), n.data("label"), n.id()].map(v => (v || "").toLowerCase());
  const bounded = new RegExp("(^|[^0-9a-z/.])" + q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "($|[^0-9a-z/])");
  let hits = cy.nodes(":visible").filter(n => texts(n).some(t => bounded.test(t)));
  if (hits.length === 0) hits = cy.nodes(":visible").filter(n => texts(n).some(t => t.includes(q)));
  hits.select();
  if (hits.length) { cy.fit(hits, 80); if (hits.length === 1) showPanel(hits[0]); }
  status.textContent = hits.length + " match" + (hits.length === 1 ? "" : "es");
  return hits;
}
window.searchGraph = search;
document.getElementById("search").addEventListener("keydown", e => { if (e.key === "Enter") search(e.target.value); });
document.getElementById("search").addEventListener("search", e => search(e.target.value));
document.getElementById("lang").value = lang;
document.getElementById("lang").addEventListener("change", e => { lang = e.target.value; cy.style().update(); });
const sessionSelect = document.getElementById("session");
cy.nodes().filter(n => n.data("kind") === "Session").sort((a, b) => a.id() < b.id() ? -1 : 1).forEach(n => {
  const o = document.createElement("option"); o.value = n.id(); o.textContent = label(n); sessionSelect.appendChild(o);
});
sessionSelect.addEventListener("change", e => {
  cy.elements().removeClass("hidden");
  if (e.target.value) {
    // the session, what links to it, and the neighbours of what belongs to it; shared hubs
    // (a body, a resolution, a place) are shown but not expanded, or every session would show
    const near = cy.getElementById(e.target.value).closedNeighborhood();
    const own = near.nodes().filter(n => !SHARED.includes(n.data("kind")));
    const keep = near.union(own.closedNeighborhood());
    cy.elements().not(keep).addClass("hidden");
    cy.fit(keep, 40);
  }
  showCount();
});
