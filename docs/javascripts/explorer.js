// The cases explorer: filters over the cases table, and a side-by-side comparison of
// two to four ticked cases. It reads api/explorer.json and writes every value with
// textContent, never as HTML. Without JavaScript the full table stays as it is.
(function () {
  "use strict";

  var MAX_COMPARE = 4;

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function start(container) {
    var table = document.getElementById("cb-cases-table");
    if (!table) return;
    fetch(container.getAttribute("data-src"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("explorer data: HTTP " + response.status);
        return response.json();
      })
      .then(function (data) { build(container, table, data); })
      .catch(function () { /* the plain table remains */ });
  }

  function build(container, table, data) {
    var byId = {};
    data.cases.forEach(function (c) { byId[c.id] = c; });
    var chosen = {};            // facet field -> {term id: true}
    var ticked = [];            // case ids, in the order ticked

    var form = el("form", { "class": "cb-filters", "aria-labelledby": "cb-filters-title" });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.appendChild(el("h2", { id: "cb-filters-title" }, "Filter the cases"));
    form.appendChild(el("p", {}, "Tick any terms: a case must match one ticked term in every group you use."));
    data.facets.forEach(function (facet) {
      var present = {};
      data.cases.forEach(function (c) { (c[facet.field] || []).forEach(function (t) { present[t] = true; }); });
      var terms = facet.terms.filter(function (t) { return present[t.id]; });
      if (!terms.length) return;
      var set = el("fieldset", { "class": "cb-facet" });
      set.appendChild(el("legend", {}, facet.label));
      terms.forEach(function (term) {
        var id = "cb-f-" + facet.field + "-" + term.id;
        var box = el("input", { type: "checkbox", id: id, value: term.id, "data-field": facet.field });
        var label = el("label", { "for": id }, term.label);
        var wrap = el("div", { "class": "cb-option" });
        wrap.appendChild(box); wrap.appendChild(label);
        set.appendChild(wrap);
      });
      form.appendChild(set);
    });
    var clear = el("button", { type: "button", "class": "md-button" }, "Clear filters");
    form.appendChild(clear);
    var status = el("p", { "class": "cb-status-line", role: "status", "aria-live": "polite" });
    form.appendChild(status);

    var compare = el("section", { "class": "cb-compare", "aria-labelledby": "cb-compare-title" });
    compare.appendChild(el("h2", { id: "cb-compare-title" }, "Side by side"));
    var hint = el("p", { role: "status", "aria-live": "polite" },
      "Tick two to four cases in the table's Compare column to see them side by side.");
    compare.appendChild(hint);
    var output = el("div", { "class": "cb-table-wrap", role: "region", "aria-label": "Selected cases side by side", tabindex: "0" });
    compare.appendChild(output);

    container.appendChild(form);
    container.appendChild(compare);
    container.hidden = false;

    // A Compare column in the table, with a labelled checkbox per case.
    var headRow = table.tHead.rows[0];
    var th = el("th", { scope: "col", "data-nosort": "" }, "Compare");
    headRow.insertBefore(th, headRow.firstChild);
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var id = row.getAttribute("data-case");
      var cell = el("td", { "class": "cb-pick" });
      var box = el("input", { type: "checkbox", "aria-label": "Compare " + (byId[id] ? byId[id].name : id), value: id });
      box.addEventListener("change", function () { pick(box); });
      cell.appendChild(box);
      row.insertBefore(cell, row.firstChild);
    });

    function matches(c) {
      return Object.keys(chosen).every(function (field) {
        var wanted = Object.keys(chosen[field]);
        if (!wanted.length) return true;
        return (c[field] || []).some(function (t) { return chosen[field][t]; });
      });
    }

    function apply() {
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var c = byId[row.getAttribute("data-case")];
        var visible = !c || matches(c);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + data.cases.length + " cases.";
    }

    form.addEventListener("change", function (event) {
      var box = event.target;
      var field = box.getAttribute("data-field");
      if (!field) return;
      chosen[field] = chosen[field] || {};
      if (box.checked) chosen[field][box.value] = true; else delete chosen[field][box.value];
      apply();
    });
    clear.addEventListener("click", function () {
      chosen = {};
      Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (b) { b.checked = false; });
      apply();
    });

    function pick(box) {
      if (box.checked) {
        if (ticked.length >= MAX_COMPARE) {
          box.checked = false;
          hint.textContent = "You can compare up to four cases. Untick one to add another.";
          return;
        }
        ticked.push(box.value);
      } else {
        ticked = ticked.filter(function (id) { return id !== box.value; });
      }
      render();
    }

    function render() {
      output.textContent = "";
      if (ticked.length < 2) {
        hint.textContent = ticked.length === 1
          ? "One case ticked: tick one to three more to compare."
          : "Tick two to four cases in the table's Compare column to see them side by side.";
        return;
      }
      var cases = ticked.map(function (id) { return byId[id]; });
      hint.textContent = "Comparing " + cases.length + " cases.";
      var t = el("table", { "class": "cb-table cb-side-by-side" });
      t.appendChild(el("caption", {}, "Selected cases side by side"));
      var head = el("tr");
      head.appendChild(el("th", { scope: "col" }, "Field"));
      cases.forEach(function (c) {
        var cell = el("th", { scope: "col" });
        cell.appendChild(el("a", { href: container.getAttribute("data-base") + c.url }, c.name));
        head.appendChild(cell);
      });
      var thead = el("thead"); thead.appendChild(head); t.appendChild(thead);
      var body = el("tbody");
      cases[0].compare.forEach(function (pair, index) {
        var row = el("tr");
        row.appendChild(el("th", { scope: "row" }, pair[0]));
        cases.forEach(function (c) { row.appendChild(el("td", {}, c.compare[index][1])); });
        body.appendChild(row);
      });
      t.appendChild(body);
      output.appendChild(t);
    }

    apply();
  }

  function init() {
    var container = document.getElementById("cb-explorer");
    if (container && window.fetch) start(container);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
