"use strict";
// the data is a JSON element that nothing executes, read as data: no value ever becomes code
const DATA = JSON.parse(document.getElementById("data").textContent);
const COLORS = DATA.colors;
const LANGS = DATA.languages.map(l => l[0]);
const LANG_NAMES = Object.fromEntries(DATA.languages);
const NODES = new Map(DATA.nodes.map(n => [n.id, n]));
const GROUPS = new Map(DATA.groups.map(g => [g.id, g]));
const RESTS = new Map(DATA.groups.filter(g => g.rest).map(g => [g.rest, g]));
const SHARED = ["Body", "Resolution", "Place", "Instrument", "Provision", "MandateVerb", "Resource"];
const expanded = new Set(DATA.groups.filter(g => g.open).map(g => g.id));
const LINKS = new Map();  // unit -> the view's edges at it, counted
DATA.edges.forEach(e => [e[0], e[2]].forEach(u => { if (!LINKS.has(u)) LINKS.set(u, []); LINKS.get(u).push(e); }));
let lang = DATA.lang;
// the page is built with DOM nodes and textContent, never from HTML strings holding data
const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); return e; };
const linkable = s => /^https?:\/\//i.test(String(s));
const count = n => Number(n).toLocaleString("en-US");
// a long name keeps its start and its end (where a resolution's number is)
const clip = (s, n) => s.length > n ? s.slice(0, n - 15) + "…" + s.slice(-14) : s;

// a name in the chosen language, else in another one: [text, the other language or ""]
function named(d, key) {
  if (d[key + "_" + lang]) return [d[key + "_" + lang], ""];
  for (const l of ["en", "zh", ...LANGS]) if (d[key + "_" + l]) return [d[key + "_" + l], l];
  return key === "label" && d.label ? [d.label, ""] : null;
}
// the other language is marked after the name, which alone is clipped to ``width``
const marked = (r, width = Infinity) => r ? clip(r[0], width) + (r[1] ? " [" + r[1] + "]" : "") : "";
function groupText(g) {
  const scope = named(g, "label");
  return g.kind + " ×" + count(g.count) + (scope ? " · " + marked(scope) : "");
}
function text(id, width = Infinity) {  // what a unit is called: a node, a group or a group's rest
  if (NODES.has(id)) return marked(named(NODES.get(id), "label"), width) || id;
  if (id.startsWith("lane:")) { const g = DATA.groups.find(x => x.scope === id.slice(5) && named(x, "label"));
    return g ? marked(named(g, "label"), width) + (g.scope !== "*" && g.scope !== marked(named(g, "label")) ? " (" + g.scope + ")" : "") : id.slice(5); }
  if (id.startsWith("column:")) return id.slice(7);
  if (GROUPS.has(id)) return groupText(GROUPS.get(id));
  if (RESTS.has(id)) { const g = RESTS.get(id); return "… " + count(g.count - g.shown) + " more"; }
  return id;
}
// where a unit is drawn: itself when its group is expanded (or there are no groups), else its group
function shownAs(id) {
  if (!DATA.grouped) return id;
  if (NODES.has(id)) { const g = NODES.get(id).group; return expanded.has(g) ? id : g; }
  if (RESTS.has(id)) { const g = RESTS.get(id).id; return expanded.has(g) ? id : g; }
  return id;
}
// on the graph a group is its kind and size: its lane names its scope
const nodeText = id => GROUPS.has(id) ? GROUPS.get(id).kind + " ×" + count(GROUPS.get(id).count) + (expanded.has(id) ? " ▾" : "") : text(id, DATA.grouped ? 46 : 56);
const groupOf = id => NODES.has(id) ? NODES.get(id).group : RESTS.has(id) ? RESTS.get(id).id : id;

function elements() {
  const nodes = [];
  if (!DATA.grouped) DATA.nodes.forEach(n => nodes.push({data: n}));
  else {
    // a collapsed group is one node; an expanded one, a header (click it to collapse), its
    // members and its rest; every node sits in the lane of its scope (see arrange)
    DATA.groups.forEach(g => {
      nodes.push({data: {id: g.id, kind: g.kind}, classes: expanded.has(g.id) ? "group open" : "group"});
      if (!expanded.has(g.id)) return;
      DATA.nodes.filter(n => n.group === g.id).forEach(n => nodes.push({data: n}));
      if (g.rest) nodes.push({data: {id: g.rest, kind: g.kind}, classes: "rest"});
    });
    LANES.forEach(key => nodes.push({data: {id: "lane:" + key, kind: "Lane"}, classes: "lane"}));
    COLUMNS.forEach(k => nodes.push({data: {id: "column:" + k, kind: "Lane"}, classes: "lane column"}));
  }
  const edges = new Map();
  DATA.edges.forEach(([s, rel, t, n]) => {
    const a = shownAs(s), b = shownAs(t);
    if (a === b && GROUPS.has(a)) return;  // inside a collapsed group: counted in its panel
    const key = a + "\u0000" + rel + "\u0000" + b;
    if (edges.has(key)) edges.get(key).data.n += n;
    else edges.set(key, {data: {id: key, source: a, target: b, relation: rel, n: n}});
  });
  return nodes.concat([...edges.values()]);
}

// Lanes and columns of a grouped page: a lane per scope (a body, an issuer, a series), a
// column per kind in the order the view's relations run (resolution → mandate → session →
// item), so that most relations are short and horizontal
const kindOf = u => NODES.has(u) ? NODES.get(u).kind : RESTS.has(u) ? RESTS.get(u).kind : GROUPS.has(u) ? GROUPS.get(u).kind : "";
const bodyKey = id => { const m = /\/body\/([^/]+)$/.exec(id); return m ? m[1] : null; };
const scopes = new Set(DATA.groups.map(g => g.scope));
function laneOf(id) {
  if (NODES.has(id)) { const k = bodyKey(id); if (k !== null && scopes.has(k)) return k; }
  return GROUPS.get(groupOf(id)) ? GROUPS.get(groupOf(id)).scope : "";
}
const LANES = DATA.grouped ? [...new Set(DATA.groups.map(g => g.scope).concat(DATA.nodes.map(n => laneOf(n.id))))]
  .sort((a, b) => a === b ? 0 : a === "" || b === "*" ? -1 : b === "" || a === "*" ? 1 : a < b ? -1 : 1) : [];
const COLUMNS = (() => {
  const kinds = [...new Set(DATA.groups.map(g => g.kind))].sort();
  const layer = Object.fromEntries(kinds.map(k => [k, 0]));
  const pairs = new Set(DATA.edges.map(e => kindOf(e[0]) + "\u0000" + kindOf(e[2])));
  for (let i = 0; i < kinds.length; i++) pairs.forEach(p => {
    const [a, b] = p.split("\u0000");
    if (a !== b && layer[a] !== undefined && layer[b] !== undefined) layer[b] = Math.min(kinds.length, Math.max(layer[b], layer[a] + 1));
  });
  return kinds.sort((a, b) => layer[a] - layer[b] || (a < b ? -1 : 1));
})();
const COLUMN_WIDTH = 210, STACK_WIDTH = 160, ROW = 36, PER_STACK = 14;
function arrange() {
  const cells = new Map();  // lane and column -> the nodes there, in order
  cy.nodes().not(".lane").forEach(n => {
    const key = laneOf(n.id()) + "\u0000" + kindOf(n.id());
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(n);
  });
  // a column is as wide as its widest cell: members stack PER_STACK high, side by side
  const stacks = k => Math.max(1, ...LANES.map(l => Math.ceil((cells.get(l + "\u0000" + k) || []).length / PER_STACK)));
  const x = [];
  COLUMNS.forEach((k, c) => x.push(c === 0 ? 260 : x[c - 1] + COLUMN_WIDTH + STACK_WIDTH * (stacks(COLUMNS[c - 1]) - 1)));
  let y = 40;
  LANES.forEach(lane => {
    const tallest = Math.max(1, ...COLUMNS.map(k => Math.min(PER_STACK, (cells.get(lane + "\u0000" + k) || []).length)));
    COLUMNS.forEach((k, c) => (cells.get(lane + "\u0000" + k) || []).forEach((n, i) => {
      n.position({x: x[c] + Math.floor(i / PER_STACK) * STACK_WIDTH, y: y + (i % PER_STACK) * ROW});
    }));
    cy.getElementById("lane:" + lane).position({x: 50, y: y});
    y += tallest * ROW + 26;
  });
  COLUMNS.forEach((k, c) => cy.getElementById("column:" + k).position({x: x[c], y: 0}));
}

// relations are named on hover, or once zoomed in past the default zoom (see settle)
let edgeNames = 10;
const cy = cytoscape({
  container: document.getElementById("cy"),
  elements: elements(),
  wheelSensitivity: 0.3,
  maxZoom: 2.5,
  style: [
    {selector: "node", style: {"background-color": n => COLORS[n.data("kind")] || "#636e72",
      // a long name is shortened on the drawing; hovered, the node shows it whole
      "label": n => n.hasClass("hover") && NODES.has(n.id()) ? text(n.id()) : nodeText(n.id()),
      "font-size": DATA.grouped ? 10 : 9, "text-valign": "bottom", "text-margin-y": 2,
      // a name too small to read is not drawn (zoom in to read it, or hover the node)
      "min-zoomed-font-size": DATA.grouped ? 0 : 7,
      "text-wrap": "wrap", "text-max-width": DATA.grouped ? "145px" : "150px", "width": 14, "height": 14}},
    {selector: "node.hover", style: {"text-wrap": "wrap", "text-max-width": "260px", "z-index": 10,
      "text-background-color": "#fff", "text-background-opacity": 0.9, "min-zoomed-font-size": 0,
      "font-size": () => 11 / Math.min(1, cy.zoom())}},
    {selector: "node.group", style: {"shape": "round-rectangle", "font-size": 12, "font-weight": "bold",
      "width": n => 16 + 7 * Math.log10(GROUPS.get(n.id()).count), "height": n => 16 + 7 * Math.log10(GROUPS.get(n.id()).count),
      "text-max-width": "190px"}},
    {selector: "node.open", style: {"width": 12, "height": 12, "background-opacity": 0.25, "border-width": 2,
      "border-style": "dashed", "border-color": n => COLORS[n.data("kind")] || "#636e72", "text-valign": "top"}},
    {selector: "node.rest", style: {"shape": "round-tag", "background-opacity": 0.35, "font-style": "italic"}},
    {selector: "edge", style: {"width": e => 1 + 1.2 * Math.log10(e.data("n")), "line-color": "#b2bec3",
      "curve-style": "bezier", "target-arrow-shape": "triangle", "target-arrow-color": "#b2bec3", "arrow-scale": 0.6,
      "label": e => e.data("relation") + (e.data("n") > 1 ? " ×" + count(e.data("n")) : ""),
      "font-size": 7, "min-zoomed-font-size": () => edgeNames, "color": "#57606a", "text-rotation": "autorotate",
      "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1}},
    {selector: "edge.hover", style: {"font-size": 11, "min-zoomed-font-size": 0, "line-color": "#636e72",
      "target-arrow-color": "#636e72", "z-index": 9}},
    {selector: ":selected", style: {"border-width": 3, "border-color": "#e84393"}},
    {selector: "node:selected", style: {"width": 22, "height": 22}},
    {selector: "node.lane", style: {"background-opacity": 0, "width": 1, "height": 1, "text-halign": "right",
      "text-valign": "center", "font-size": 12, "font-weight": "bold", "color": "#444", "text-max-width": "185px",
      "text-wrap": "wrap", "events": "no"}},
    {selector: "node.column", style: {"text-halign": "center", "text-valign": "top", "color": "#888", "font-size": 13}},
    {selector: ".hidden", style: {"display": "none"}}
  ],
  layout: {name: "preset"}
});
window.cy = cy;
// Node by node, names must not overlap where they are drawn: nodes whose boxes (the node and
// its name) overlap are pushed apart along the smaller overlap, half each, round after round
// (a view of more than SPACE_UP_TO nodes is drawn too small for names at the default zoom)
const SPACE_UP_TO = 400, GAP = 3;
function spaceNames() {
  const nodes = cy.nodes(":visible");
  if (DATA.grouped || nodes.length > SPACE_UP_TO) return;
  for (let round = 0; round < 200; round++) {
    const boxes = nodes.map(n => [n, n.boundingBox({includeNodes: true, includeLabels: true, includeOverlays: false})])
      .sort((p, q) => p[1].x1 - q[1].x1);
    let moved = false;
    for (let i = 0; i < boxes.length; i++) {
      const [m, a] = boxes[i];
      for (let j = i + 1; j < boxes.length && boxes[j][1].x1 < a.x2; j++) {
        const [n, b] = boxes[j];
        if (a.y1 >= b.y2 || b.y1 >= a.y2) continue;
        const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1), dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
        if (dy <= dx) {
          const s = (dy / 2 + GAP) * (m.position("y") <= n.position("y") ? 1 : -1);
          m.shift({x: 0, y: -s}); n.shift({x: 0, y: s});
        } else {
          const s = (dx / 2 + GAP) * (m.position("x") <= n.position("x") ? 1 : -1);
          m.shift({x: -s, y: 0}); n.shift({x: s, y: 0});
        }
        moved = true;
      }
    }
    if (!moved) return;
  }
}
const layout = () => {
  if (DATA.grouped) { arrange(); cy.fit(cy.nodes(), 20); return; }
  cy.layout({name: "cose", animate: false, randomize: false, fit: false, padding: 20,
    numIter: 600, nodeRepulsion: 9000, idealEdgeLength: 32, nestingFactor: 1.2, componentSpacing: 60}).run();
  spaceNames();
  cy.fit(cy.nodes(":visible"), 20);
};
layout();

const status = document.getElementById("status");
function showCount() {
  const shown = cy.nodes(":visible").not(".lane").length + " nodes, " + cy.edges(":visible").length + " edges";
  status.textContent = DATA.grouped ? shown + " shown; the view has " + count(DATA.groups.reduce((a, g) => a + g.count, 0))
    + " nodes in " + DATA.groups.length + " groups (click one to expand it)" : shown;
}
showCount();
// the status line may have made the header taller: fit the drawing to the space left
// names are measured when first drawn: fit once they are (two frames on), and once the fonts are in
const settle = () => {
  cy.resize(); spaceNames();
  if (!cy.$(":selected").length) cy.fit(cy.nodes(":visible"), 20);
  // at the default zoom the relations' names would cross the nodes' names: drawn from 1.5× on
  // (or at the closest zoom, for a view drawn close to it already)
  if (!DATA.grouped) {
    edgeNames = Math.max(10, Math.min(7 * cy.zoom() * 1.5 + 0.01, 7 * cy.maxZoom() - 0.5));
    cy.style().update();
  }
};
requestAnimationFrame(() => requestAnimationFrame(() => { settle(); window.explorerReady = true; }));
document.fonts.ready.then(() => requestAnimationFrame(settle));
new ResizeObserver(() => cy.resize()).observe(document.getElementById("cy"));
const legend = document.getElementById("legend");
[...new Set(cy.nodes().not(".lane").map(n => n.data("kind")))].sort().forEach(k => {
  const s = el("span", k); s.style.background = COLORS[k] || "#636e72"; legend.appendChild(s);
});

// redraw after groups open or close: nodes that stay keep their place, new ones start around
// their group's place, then the layout settles from there
function redraw() {
  const was = new Map();
  cy.nodes().forEach(n => was.set(n.id(), {...n.position()}));
  const selected = cy.$(":selected").map(n => n.id());
  cy.batch(() => { cy.elements().remove(); cy.add(elements()); });
  if (!DATA.grouped) {
    let i = 0;
    cy.nodes().forEach(n => {
      const p = was.get(n.id());
      if (p) n.position(p); else { const a = i++ * 2.4; n.position({x: 40 * Math.cos(a), y: 40 * Math.sin(a)}); }
    });
  }
  layout();
  selected.forEach(id => cy.getElementById(id).select());
  applyFilter();
}
function expand(id, open = true) {
  if (!GROUPS.has(id) || expanded.has(id) === open) return false;
  if (open) expanded.add(id); else expanded.delete(id);
  redraw();
  if (open) {  // the group's members, readable
    const g = GROUPS.get(id);
    const own = cy.nodes().filter(n => n.id() === id || n.id() === g.rest || (NODES.has(n.id()) && NODES.get(n.id()).group === id));
    cy.fit(own, 40);
    if (cy.zoom() > 1.2) { cy.zoom(1.2); cy.center(own); }
  }
  return true;
}
window.expandGroup = expand;

function linkTo(id) {  // a link that brings a unit into view and shows it
  const a = el("a", text(id));
  a.href = "#";
  a.dataset.id = id;
  a.dir = "auto";
  a.addEventListener("click", ev => { ev.preventDefault(); focus(a.dataset.id); });
  return a;
}
function focus(id) {
  if (DATA.grouped && !cy.getElementById(id).length) expand(groupOf(id));
  const m = cy.getElementById(id);
  cy.elements().unselect();
  if (m.length) { m.select(); cy.animate({center: {eles: m}}, {duration: 0}); }
  show(id);
}
function show(id) {
  if (NODES.has(id)) showPanel(id);
  else showGroup(GROUPS.get(groupOf(id)));
}

function languageNote(panel, r) {
  if (r && r[1]) panel.appendChild(el("p", "No " + LANG_NAMES[lang] + " name in the graph: shown in "
    + (LANG_NAMES[r[1]] || r[1]) + ".")).className = "note";
}
function showPanel(x) {
  const id = typeof x === "string" ? x : x.id();
  const d = NODES.get(id);
  const panel = document.getElementById("panel");
  panel.replaceChildren();
  const r = named(d, "label");
  const h = panel.appendChild(el("h2", marked(r)));
  h.dir = "auto";
  languageNote(panel, r);
  const head = el("p");
  head.append(el("b", d.kind), el("br"));
  const iri = el("code", id);
  if (linkable(id)) { const a = el("a"); a.href = id; a.rel = "noopener noreferrer"; a.appendChild(iri); head.appendChild(a); }
  else head.appendChild(iri);
  panel.appendChild(head);
  const table = el("table");
  const row = (k, v) => { const tr = el("tr"); const td = el("td", v); td.dir = "auto"; tr.append(el("th", k), td); table.appendChild(tr); };
  const nm = named(d, "name");
  if (nm) row("name", marked(nm));
  (d.info || []).forEach(([k, v]) => row(k, v));
  LANGS.forEach(l => { if (d["label_" + l]) row(l, d["label_" + l]); });
  if (d.label) row("label", d.label);
  if (d.group) row("group", groupText(GROUPS.get(d.group)));
  panel.append(table, el("h3", "Links"));
  panel.appendChild(links(LINKS.get(id) || [], id));
}
function links(edges, self) {
  const list = el("ul");
  edges.forEach(([s, rel, t, n]) => {
    const out = self instanceof Set ? self.has(s) : s === self;
    const other = out ? t : s;
    const li = el("li", (out ? "→ " : "← ") + rel + (n > 1 ? " ×" + count(n) : "") + " ");
    li.appendChild(linkTo(other));
    list.appendChild(li);
  });
  return list;
}
function showGroup(g) {
  const panel = document.getElementById("panel");
  panel.replaceChildren();
  panel.appendChild(el("h2", groupText(g))).dir = "auto";
  languageNote(panel, named(g, "label"));
  panel.appendChild(el("p", count(g.count) + " " + g.kind + " nodes in the view. The page holds the "
    + (g.rest ? count(g.shown) + " most recent" : "whole group") + (g.rest ? "; " + count(g.count - g.shown) + " more are not in it." : ".")));
  const button = el("button", expanded.has(g.id) ? "Collapse" : "Expand");
  button.addEventListener("click", () => { expand(g.id, !expanded.has(g.id)); showGroup(g); });
  panel.appendChild(button);
  if (g.merged) panel.appendChild(el("p", "The " + count(g.merged.length) + " scopes other than the largest: "
    + g.merged.slice(0, 12).join(", ") + (g.merged.length > 12 ? " and " + count(g.merged.length - 12) + " more." : ".")));
  if (g.command) {
    panel.appendChild(el("h3", "All of them"));
    panel.appendChild(el("pre")).appendChild(el("code", g.command));
  }
  // relations between this group and the others, counted over every member
  const mine = new Set([...DATA.nodes.filter(n => n.group === g.id).map(n => n.id), g.rest].filter(Boolean));
  const counted = new Map();
  DATA.edges.forEach(([s, rel, t, n]) => {
    if (!mine.has(s) && !mine.has(t)) return;
    const a = mine.has(s) ? g.id : groupOf(s), b = mine.has(t) ? g.id : groupOf(t);
    const key = a + "\u0000" + rel + "\u0000" + b;
    counted.set(key, (counted.get(key) || 0) + n);
  });
  panel.appendChild(el("h3", "Relations"));
  panel.appendChild(links([...counted].map(([k, n]) => { const [a, rel, b] = k.split("\u0000"); return [a, rel, b, n]; })
    .sort((x, y) => y[3] - x[3]), new Set([g.id])));
}
window.showPanel = showPanel;
window.groupPanel = id => showGroup(GROUPS.get(id));

cy.on("tap", e => {
  const t = e.target;
  if (t === cy || !t.isNode() || t.hasClass("lane")) return;
  const id = t.id();
  if (GROUPS.has(id)) { if (!expanded.has(id)) expand(id); showGroup(GROUPS.get(id)); }
  else show(id);
});
cy.on("mouseover", "edge, node", e => e.target.addClass("hover"));
cy.on("mouseout", "edge, node", e => e.target.removeClass("hover"));

function search(q) {
  q = q.trim().toLowerCase();
  cy.elements().unselect();
  if (!q) { showCount(); return []; }
  const texts = d => Object.keys(d).filter(k => k.startsWith("label") || k.startsWith("name")).map(k => d[k])
    .concat([d.id]).map(v => String(v || "").toLowerCase());
  const bounded = new RegExp("(^|[^0-9a-z/.])" + q.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "($|[^0-9a-z/])");
  const candidates = DATA.nodes.filter(d => !hiddenByFilter(d.id));
  let hits = candidates.filter(d => texts(d).some(t => bounded.test(t)));
  if (hits.length === 0) hits = candidates.filter(d => texts(d).some(t => t.includes(q)));
  const opening = DATA.grouped ? [...new Set(hits.map(d => d.group))].filter(g => !expanded.has(g)) : [];
  if (opening.length) { opening.forEach(g => expanded.add(g)); redraw(); }
  const found = cy.collection(hits.map(d => cy.getElementById(d.id)));
  found.select();
  if (found.length) { cy.fit(found, 80); if (found.length === 1) showPanel(found[0]); }
  status.textContent = found.length + " match" + (found.length === 1 ? "" : "es")
    + (found.length === 0 && DATA.grouped ? " among the nodes this page holds; for all of the graph: ctocgraph query find --text " + JSON.stringify(q) : "");
  return hits.map(d => d.id);
}
window.searchGraph = search;
document.getElementById("search").addEventListener("keydown", e => { if (e.key === "Enter") search(e.target.value); });
document.getElementById("search").addEventListener("search", e => search(e.target.value));

document.getElementById("lang").value = lang;
// names in another language have other sizes: space and fit again once they are measured
document.getElementById("lang").addEventListener("change", e => {
  lang = e.target.value; cy.style().update(); requestAnimationFrame(() => requestAnimationFrame(settle));
});

// the filter: one session (node by node) or one body's groups (grouped), with what links to them
const filter = document.getElementById("filter");
document.getElementById("filter-name").textContent = DATA.grouped ? "Body" : "Session";
if (DATA.grouped) {
  const bodies = new Map();
  DATA.groups.forEach(g => { if (g.scope) bodies.set(g.scope, g); });
  LANES.filter(b => bodies.has(b)).forEach(b => {
    const o = el("option", b === "*" ? marked(named(bodies.get(b), "label")) : b + " · " + marked(named(bodies.get(b), "label")));
    o.value = b; filter.appendChild(o);
  });
} else {
  DATA.nodes.filter(n => n.kind === "Session").sort((a, b) => a.id < b.id ? -1 : 1).forEach(n => {
    const o = el("option", text(n.id)); o.value = n.id; filter.appendChild(o);
  });
}
function hiddenByFilter(id) { const n = cy.getElementById(shownAs(id)); return n.length > 0 && n.hasClass("hidden"); }
function applyFilter() {
  cy.elements().removeClass("hidden");
  const value = filter.value;
  if (value) {
    let keep;
    if (DATA.grouped) {
      const own = cy.nodes().filter(n => { const g = GROUPS.get(groupOf(n.id())); return g !== undefined && g.scope === value; });
      keep = own.union(own.closedNeighborhood());
      const lanes = new Set(keep.nodes().map(n => "lane:" + laneOf(n.id())));
      keep = keep.union(cy.nodes(".lane").filter(n => lanes.has(n.id()) || n.hasClass("column")));
    } else {
      // the session, what links to it, and the neighbours of what belongs to it; shared hubs
      // (a body, a resolution, a place) are shown but not expanded, or every session would show
      const near = cy.getElementById(value).closedNeighborhood();
      const own = near.nodes().filter(n => !SHARED.includes(n.data("kind")));
      keep = near.union(own.closedNeighborhood());
    }
    cy.elements().not(keep).addClass("hidden");
    cy.fit(keep, 40);
  }
  showCount();
}
filter.addEventListener("change", applyFilter);
