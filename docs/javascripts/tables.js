// Sortable tables: turns the column headings of every table[data-sortable] into
// buttons. Without JavaScript the table is unchanged and complete. The state is
// given by aria-sort on the heading, so screen readers announce it.
(function () {
  "use strict";

  function cellKey(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    return (cell.textContent || "").trim();
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a && String(y) === b) return x - y;
    return a.localeCompare(b, "en", { sensitivity: "base", numeric: true });
  }

  function sortBy(table, index, button) {
    var heading = button.parentNode;
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    var headings = table.querySelectorAll("thead th");
    for (var i = 0; i < headings.length; i++) headings[i].removeAttribute("aria-sort");
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var order = compare(cellKey(r1, index), cellKey(r2, index));
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  function enhance(table) {
    var headings = table.querySelectorAll("thead th");
    Array.prototype.forEach.call(headings, function (heading, index) {
      if (heading.hasAttribute("data-nosort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "cb-sort";
      while (heading.firstChild) button.appendChild(heading.firstChild);
      heading.appendChild(button);
      button.addEventListener("click", function () {
        sortBy(table, Array.prototype.indexOf.call(heading.parentNode.children, heading), button);
      });
    });
    table.classList.add("cb-sortable");
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
