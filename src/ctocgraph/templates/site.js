"use strict";
// The language switch: one language (or all) for every text of the page, kept across pages.
// A text given in several languages (a name, a title: its spans share a parent) shows the
// one chosen, or, where the graph has none in it, another one, marked with its code.
(function () {
  var ORDER = ["en", "zh", "fr", "es", "ru", "ar"], RTL = ["ar", "fa", "he", "ur"];
  function isGroup(e) { return e.classList.contains("ml") || e.tagName === "A"; }
  function choose(group, l) {
    var spans = [].filter.call(group.children, function (c) { return c.hasAttribute("lang"); });
    var pick = null;
    if (l !== "all") {
      spans.forEach(function (s) { if (s.lang === l) pick = s; });
      for (var i = 0; !pick && i < ORDER.length; i++)
        spans.forEach(function (s) { if (!pick && s.lang === ORDER[i]) pick = s; });
      if (!pick) pick = spans[0] || null;
    }
    spans.forEach(function (s) {
      s.classList.toggle("hidden", l !== "all" && s !== pick);
      s.classList.toggle("fallback", l !== "all" && s === pick && s.lang !== l);
    });
    return pick !== null && pick.lang !== l && l !== "all";
  }
  function show(l) {
    var root = document.documentElement, groups = [], marked = false;
    root.dir = RTL.indexOf(l) >= 0 ? "rtl" : "ltr";
    document.querySelectorAll("main [lang]").forEach(function (e) {
      var p = e.parentElement;
      if (p && isGroup(p)) { if (groups.indexOf(p) < 0) groups.push(p); }
      else e.classList.toggle("hidden", l !== "all" && e.lang !== l);
    });
    groups.forEach(function (g) { if (choose(g, l)) marked = true; });
    var note = document.querySelector(".fallback-note");
    if (note) note.hidden = !marked;
    document.querySelectorAll("button[data-show]").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.show === l));
    });
    try { localStorage.setItem("ctoc-lang", l); } catch (x) { /* storage may be refused */ }
  }
  function initial() {
    var l = null;
    try { l = localStorage.getItem("ctoc-lang"); } catch (x) { /* storage may be refused */ }
    if (l === "all" || ORDER.indexOf(l) >= 0) return l;
    var asked = (navigator.languages || [navigator.language || ""]).map(function (x) { return x.slice(0, 2); });
    for (var i = 0; i < asked.length; i++) if (ORDER.indexOf(asked[i]) >= 0) return asked[i];
    return "all";
  }
  document.addEventListener("DOMContentLoaded", function () {
    show(initial());
    document.querySelectorAll("button[data-show]").forEach(function (b) {
      b.addEventListener("click", function () { show(b.dataset.show); });
    });
  });
})();
