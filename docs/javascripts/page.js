// What every page needs: sortable tables, the menu button on narrow screens, copy
// buttons, headings' links that say where they go, and code that scrolls by keyboard.
// Without JavaScript each is what the page has without it: complete tables, the
// theme's menu, no copy button (the text is there to select).
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

  // Sortable tables: the column headings of every table[data-sortable] become buttons.
  // The state is given by aria-sort on the heading, so screen readers announce it.
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

  // Copy buttons on citations: shown only where the clipboard can be written.
  function copyButtons() {
    if (!navigator.clipboard) return;
    Array.prototype.forEach.call(document.querySelectorAll("button.cb-copy"), function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      button.hidden = false;
      var label = button.textContent;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent).then(function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = label; }, 2000);
        });
      });
    });
  }

  // The menu on narrow screens: a button the keyboard reaches, driving the theme's
  // drawer checkbox. Closed, the drawer is hidden from Tab (casebook.css).
  function drawerButton() {
    var button = document.querySelector(".cb-drawer-button");
    var label = document.querySelector(".cb-drawer-label");
    var drawer = document.getElementById("__drawer");
    if (!button || !label || !drawer) return;
    button.hidden = false;
    label.hidden = true;
    var sync = function () { button.setAttribute("aria-expanded", String(drawer.checked)); };
    button.addEventListener("click", function () {
      drawer.checked = !drawer.checked;
      drawer.dispatchEvent(new Event("change"));
      sync();
      if (drawer.checked) {
        var first = document.querySelector(".md-sidebar--primary a[href]");
        if (first) setTimeout(function () { first.focus(); }, 50);
      }
    });
    drawer.addEventListener("change", sync);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change"));
        sync();
        button.focus();
      }
    });
  }

  // Each heading's link to itself says where it goes ("Link to the section Partners"),
  // where the theme's link says only "¶".
  function headingLinks() {
    Array.prototype.forEach.call(document.querySelectorAll("a.headerlink"), function (link) {
      var heading = link.parentNode.cloneNode(true);
      Array.prototype.forEach.call(heading.querySelectorAll(".headerlink"), function (l) { l.remove(); });
      link.setAttribute("aria-label", "Link to the section " + heading.textContent.trim());
    });
  }

  // A code example wider than the screen scrolls by keyboard too: it takes focus
  // while it overflows (on a phone), and only then.
  function scrollableCode() {
    var blocks = document.querySelectorAll(".md-typeset pre > code");
    var check = function () {
      Array.prototype.forEach.call(blocks, function (code) {
        if (code.scrollWidth > code.clientWidth + 1) code.setAttribute("tabindex", "0");
        else code.removeAttribute("tabindex");
      });
    };
    check();
    window.addEventListener("resize", check);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
    copyButtons();
    drawerButton();
    headingLinks();
    scrollableCode();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
