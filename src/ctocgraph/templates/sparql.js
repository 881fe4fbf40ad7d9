"use strict";
// the examples are a JSON element read as data; the page holds no other script
const examples = JSON.parse(document.getElementById("examples").textContent);
const select = document.getElementById("example");
select.value = "governance";
select.addEventListener("change", e => { document.getElementById("query").value = examples[e.target.value]; });
