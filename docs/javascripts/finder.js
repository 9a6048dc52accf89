// The cases finder (macros/views/cases.py, cases_overview; its data: macros/finder.py).
// It never loads every case: it combines small per-term lists for filters, asks
// the site search (search.js) for words, and fetches one page of cases at a time, one small
// file per case. The counts beside the filters are the cases with each option, from
// the page itself. The view lives in the address
// (?q=...&model=a,b&funding=grant&compare=x,y&page=2), so a link reproduces it and
// Back restores it. Values are written with textContent, never as HTML.
(function () {
  "use strict";

  var MAX_COMPARE = 4;
  var NOT_RECORDED = "not recorded";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function start(finder) {
    var base = finder.getAttribute("data-base");
    var pageSize = parseInt(finder.getAttribute("data-page-size"), 10);
    var form = document.getElementById("cb-finder-form");
    var input = document.getElementById("cb-finder-q");
    var filterCount = document.getElementById("cb-filter-count");
    var status = document.getElementById("cb-status");
    var table = document.getElementById("cb-cases-table");
    var pages = document.getElementById("cb-pages");
    var downloads = document.getElementById("cb-downloads");
    var downloadStatus = document.getElementById("cb-download-status");
    var compare = document.getElementById("compare");
    var compareHint = document.getElementById("cb-compare-hint");
    var compareOutput = document.getElementById("cb-compare-output");
    var compareBar = document.getElementById("cb-compare-bar");
    var compareGo = document.getElementById("cb-compare-go");
    var facetNames = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (f) {
      return f.getAttribute("data-facet");
    });
    var state = { q: "", every: false, filters: {}, compare: [], page: 1 };
    var every = document.getElementById("cb-every");
    var current = 0;

    // ---- The address ----------------------------------------------------------
    function read() {
      var params = new URLSearchParams(location.search);
      var list = function (name) { return (params.get(name) || "").split(",").filter(Boolean); };
      state = {
        q: params.get("q") || "",
        every: params.get("every") === "1",
        filters: {},
        compare: list("compare").slice(0, MAX_COMPARE),
        page: 1,
      };
      facetNames.forEach(function (name) { if (list(name).length) state.filters[name] = list(name); });
      state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
    }

    function write(push) {
      var params = new URLSearchParams();
      if (state.q) params.set("q", state.q);
      if (state.q && state.every) params.set("every", "1");
      facetNames.forEach(function (name) {
        if ((state.filters[name] || []).length) params.set(name, state.filters[name].join(","));
      });
      if (state.compare.length) params.set("compare", state.compare.join(","));
      if (state.page > 1) params.set("page", String(state.page));
      // Commas stay readable in the address: ids never contain them.
      var query = params.toString().replace(/%2C/g, ",");
      var url = location.pathname + (query ? "?" + query : "") + location.hash;
      if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
    }

    function showState() {
      input.value = state.q;
      var active = 0;
      Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
        box.checked = (state.filters[box.name] || []).indexOf(box.value) >= 0;
        if (box.checked) active += 1;
      });
      // The bar stays as the reader left it (closed at first): results come first.
      filterCount.textContent = active ? "(" + active + " on)" : "";
    }

    // ---- Finding the cases ------------------------------------------------------
    // Three ways, by what the reader asked: nothing (the pages of all cases by name),
    // filters only (the term files, combined here), or words (the site search's cases,
    // narrowed by the filters' term files). Each ends in one page of cases, fetched one
    // small file per case.
    var total = parseInt(finder.getAttribute("data-total"), 10);
    var pristine = true;  // the first page of all cases is already in the HTML
    var matches = null;   // ids of the matching cases, in order (filters or words)
    var capped = false;   // a word had more cases than the search keeps for it
    var limit = 0;        // ... which is this many
    var engine = window.casebookSearch(base);  // the site search (search.js)
    var json = engine.get;  // each file fetched once

    function filtered() {
      return Object.keys(state.filters).some(function (n) { return state.filters[n].length; });
    }

    // A case must match one chosen term in every facet used: union within, intersection across.
    function filterMatches() {
      var facets = Object.keys(state.filters).filter(function (n) { return state.filters[n].length; });
      return Promise.all(facets.map(function (name) {
        return Promise.all(state.filters[name].map(function (term) {
          return json("api/finder/terms/" + encodeURIComponent(name) + "/" + encodeURIComponent(term) + ".json")
            .catch(function () { return { cases: [] }; });  // a term no case has
        })).then(function (lists) {
          var union = {};
          lists.forEach(function (l) { l.cases.forEach(function (pair) { union[pair[1]] = pair[0]; }); });
          return union;
        });
      })).then(function (unions) {
        var first = unions[0];
        var ids = Object.keys(first).filter(function (id) {
          return unions.every(function (u) { return u[id] !== undefined; });
        });
        ids.sort(function (a, b) { return first[a] - first[b]; });
        return ids;
      });
    }

    // The cases the site search finds for the words, best first, narrowed by the filters.
    function wordMatches() {
      return engine.search(state.q, state.every).then(function (answer) {
        var ids = answer.results.map(function (r) {
          var id = /^cases\/([^\/]+)\/$/.exec(r.path);
          return id && id[1];
        }).filter(Boolean);
        var narrowed = !filtered() ? Promise.resolve(ids) : filterMatches().then(function (allowed) {
          var keep = {};
          allowed.forEach(function (id) { keep[id] = true; });
          return ids.filter(function (id) { return keep[id]; });
        });
        return narrowed.then(function (list) { return { ids: list, capped: answer.capped, limit: answer.limit }; });
      });
    }

    function run() {
      var mine = ++current;
      matches = null;
      capped = false;
      if (!state.q && !filtered()) {
        if (pristine && state.page === 1) {
          pager(total);  // the page's own first page and words stay as they are
          return Promise.resolve();
        }
        return showPage(mine, total);
      }
      status.textContent = "Finding cases…";
      var asked = state.q ? wordMatches() : filterMatches().then(function (ids) { return { ids: ids, capped: false }; });
      return asked.then(function (found) {
        if (mine !== current) return;
        matches = found.ids;
        capped = found.capped;
        limit = found.limit;
        var count = matches.length;
        var last = Math.max(1, Math.ceil(count / pageSize));
        if (state.page > last) state.page = last;
        return showPage(mine, count);
      }).catch(function () {
        if (mine === current) status.textContent = "The finder could not load. Every case is reachable from Browse every case, below.";
      });
    }

    // One page of cases, each as its finder file (id, name, url, model, place, ...):
    // the matching cases', else the page of all cases by name.
    function pageItems() {
      var first = (state.page - 1) * pageSize;
      var ids = matches
        ? Promise.resolve(matches.slice(first, first + pageSize))
        : json("api/finder/pages/" + state.page + ".json").then(function (p) { return p.cases; });
      return ids.then(function (list) { return Promise.all(list.map(record)); });
    }

    // ---- One page of cases ------------------------------------------------------
    function cell(label, value, url) {
      var td = el("td", { "data-label": label });
      if (value && url) td.appendChild(el("a", { href: url }, value));
      else if (value) td.textContent = value;
      else td.appendChild(el("span", { "class": "cb-not-recorded" }, NOT_RECORDED));
      return td;
    }

    function row(c) {
      var tr = el("tr", { "data-case": c.id });
      var th = el("th", { scope: "row" });
      th.appendChild(el("a", { href: base + c.url }, c.name));
      tr.appendChild(th);
      tr.appendChild(cell("Model", c.model, base + c.model_url));
      tr.appendChild(cell("Place", c.place));
      tr.appendChild(cell("Status", c.status));
      tr.appendChild(cell("Summary", c.summary));
      tr.insertBefore(pickCell(c.id, c.name), tr.firstChild);
      return tr;
    }

    function showPage(mine, count) {
      pristine = false;
      var first = (state.page - 1) * pageSize;
      return pageItems().then(function (cases) {
        if (mine !== current) return;
        var body = table.tBodies[0];
        body.textContent = "";
        cases.forEach(function (c) { body.appendChild(row(c)); });
        var narrowed = state.q || filtered();
        status.textContent = count
          ? "Showing " + (first + 1) + "–" + (first + cases.length) + " of " + count +
            (count === 1 ? " case" : " cases") + (narrowed ? (count === 1 ? " that matches" : " that match") : "") +
            (state.q ? ", best match first." : ", by name.") +
            (capped ? " They come from the top " + limit + " cases for each word; more may match." : "")
          : capped ? "None of the top " + limit + " cases for each word matches. Find every matching case to look further."
          : "No case matches" + (state.q && filtered() ? ". Try other words, or untick a filter." :
            state.q ? ". Try other words." : ". Untick a filter.");
        downloads.hidden = !count;
        every.hidden = !capped;
        pager(count);
      });
    }

    function pager(total) {
      var last = Math.ceil(total / pageSize);
      pages.textContent = "";
      pages.hidden = last <= 1;
      if (last <= 1) return;
      var go = function (label, page, disabled) {
        var button = el("button", { type: "button", "class": "md-button" }, label);
        button.disabled = disabled;
        button.addEventListener("click", function () {
          state.page = page;
          write(true);
          run().then(function () { status.focus(); });
        });
        pages.appendChild(button);
      };
      go("Previous page", state.page - 1, state.page <= 1);
      pages.appendChild(el("span", { "class": "cb-page-of" }, " Page " + state.page + " of " + last + " "));
      go("Next page", state.page + 1, state.page >= last);
    }

    // ---- Comparison -------------------------------------------------------------
    function pickCell(id, name) {
      var td = el("td", { "class": "cb-pick", "data-label": "Compare" });
      var box = el("input", { type: "checkbox", id: "cb-pick-" + id, value: id });
      box.checked = state.compare.indexOf(id) >= 0;
      box.addEventListener("change", function () { pick(box); });
      td.appendChild(box);
      td.appendChild(el("label", { "for": "cb-pick-" + id, "class": "cb-visually-hidden" }, "Compare " + name));
      return td;
    }

    function pick(box) {
      if (box.checked) {
        if (state.compare.length >= MAX_COMPARE) {
          box.checked = false;
          compareHint.textContent = "You can compare up to four cases. Untick one to add another.";
          compare.hidden = false;
          return;
        }
        state.compare.push(box.value);
      } else {
        state.compare = state.compare.filter(function (id) { return id !== box.value; });
      }
      write(false);
      showComparison(false);
    }

    function record(id) {
      return json("api/finder/cases/" + encodeURIComponent(id) + ".json");
    }

    function showComparison(bringIntoView) {
      var ids = state.compare;
      compareGo.textContent = "Compare (" + ids.length + ")";
      compareBar.hidden = ids.length === 0;
      compare.hidden = ids.length === 0;
      compareOutput.textContent = "";
      if (ids.length < 2) {
        compareHint.textContent = ids.length === 1
          ? "One case chosen: tick one to three more to compare."
          : "";
        return Promise.resolve();
      }
      return Promise.all(ids.map(record)).then(function (cases) {
        if (ids !== state.compare) return;
        compareHint.textContent = "Comparing " + cases.length + " cases. Rows where they differ are marked “differs”.";
        var wrap = el("div", { "class": "cb-table-wrap", role: "region", "aria-label": "Chosen cases side by side", tabindex: "0" });
        var t = el("table", { "class": "cb-table cb-side-by-side" });
        t.appendChild(el("caption", {}, "Chosen cases side by side"));
        var head = el("tr");
        head.appendChild(el("th", { scope: "col" }, "Field"));
        cases.forEach(function (c) {
          var th = el("th", { scope: "col" });
          th.appendChild(el("a", { href: base + c.url }, c.name));
          head.appendChild(th);
        });
        var thead = el("thead");
        thead.appendChild(head);
        t.appendChild(thead);
        var body = el("tbody");
        cases[0].compare.forEach(function (pair, index) {
          var values = cases.map(function (c) { return c.compare[index][1]; });
          var differs = values.some(function (v) { return v !== values[0]; });
          var tr = el("tr", differs ? { "class": "cb-differs" } : {});
          var th = el("th", { scope: "row" }, pair[0]);
          if (differs) th.appendChild(el("span", { "class": "cb-differs-mark" }, "differs"));
          tr.appendChild(th);
          values.forEach(function (v) { tr.appendChild(el("td", {}, v)); });
          body.appendChild(tr);
        });
        t.appendChild(body);
        wrap.appendChild(t);
        compareOutput.appendChild(wrap);
        if (bringIntoView) bring();
      }).catch(function () {
        compareHint.textContent = "These cases could not be loaded: check the case ids in the address.";
        if (bringIntoView) bring();
      });
    }

    function bring() {
      compare.scrollIntoView({ block: "start" });
      document.getElementById("compare-title").focus({ preventScroll: true });
    }

    // ---- Download the current selection ------------------------------------------
    function csvCell(value) {
      return /[",\r\n]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
    }

    // Every matching case's id: those found, or (all cases) the pages by name.
    function allIds() {
      if (matches) return Promise.resolve(matches);
      var pages = [];
      for (var n = 1; n <= Math.ceil(total / pageSize); n++) pages.push(json("api/finder/pages/" + n + ".json"));
      return Promise.all(pages).then(function (list) {
        return list.reduce(function (ids, p) { return ids.concat(p.cases); }, []);
      });
    }

    function download(format) {
      downloadStatus.textContent = "Preparing the cases…";
      var columns;
      json("api/finder/facets.json").then(function (meta) {
        columns = meta.columns;
        return allIds();
      }).then(function (ids) {
        return Promise.all(ids.map(record));
      }).then(function (cases) {
        // The published CSV's order: by case id.
        cases.sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; });
        var blob;
        if (format === "csv") {
          var lines = [columns].concat(cases.map(function (c) { return c.row; }))
            .map(function (cells) { return cells.map(csvCell).join(","); });
          blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
        } else {
          var objects = cases.map(function (c) {
            var out = {};
            columns.forEach(function (name, i) { out[name] = c.row[i]; });
            return out;
          });
          blob = new Blob([JSON.stringify(objects, null, 2) + "\n"], { type: "application/json" });
        }
        var link = el("a", { href: URL.createObjectURL(blob), download: "cases." + format });
        document.body.appendChild(link);
        link.click();
        link.remove();
        downloadStatus.textContent = cases.length + " cases downloaded as " + format.toUpperCase() + ".";
      }).catch(function () {
        downloadStatus.textContent = "The download could not be prepared.";
      });
    }

    // ---- Wiring ---------------------------------------------------------------
    finder.classList.add("cb-finder-live");
    // The first page's Compare boxes are in the HTML (shown once scripts run).
    Array.prototype.forEach.call(table.querySelectorAll(".cb-pick input"), function (box) {
      box.checked = state.compare.indexOf(box.value) >= 0;
      box.addEventListener("change", function () { pick(box); });
    });
    status.setAttribute("tabindex", "-1");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = input.value.trim();
      state.every = false;  // new words: the best matches first, again
      state.page = 1;
      write(true);
      run();
    });
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox") return;
      var chosen = state.filters[box.name] || [];
      chosen = chosen.filter(function (v) { return v !== box.value; });
      if (box.checked) chosen.push(box.value);
      state.filters[box.name] = chosen;
      state.page = 1;
      write(true);
      showState();
      run();
    });
    document.getElementById("cb-clear").addEventListener("click", function () {
      state.filters = {};
      state.page = 1;
      write(true);
      showState();
      run();
    });
    every.addEventListener("click", function () {
      state.every = true;
      state.page = 1;
      write(true);
      run().then(function () { status.focus(); });  // the button is gone: the answer next
    });
    compareGo.addEventListener("click", bring);
    document.getElementById("cb-compare-clear").addEventListener("click", function () {
      state.compare = [];
      Array.prototype.forEach.call(table.querySelectorAll(".cb-pick input"), function (b) { b.checked = false; });
      write(false);
      showComparison(false);
    });
    Array.prototype.forEach.call(downloads.querySelectorAll("button"), function (button) {
      button.addEventListener("click", function () { download(button.getAttribute("data-format")); });
    });
    window.addEventListener("popstate", function () {
      read();
      showState();
      run();
      showComparison(false);
    });

    read();
    showState();
    run();
    showComparison(state.compare.length >= 2);
  }

  function init() {
    var finder = document.getElementById("cb-finder");
    if (finder && window.fetch && window.URLSearchParams && window.casebookSearch) start(finder);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
