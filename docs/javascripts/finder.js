// The cases finder (macros/views/cases.py, cases_overview; its data: macros/finder.py).
// It never loads every case. Words and filters go to Pagefind (search.js loads it),
// whose case pages carry the finder's facets as filters (finder.search_filters): it
// answers with every matching case, best match first (by name without words), and
// with how many cases each option would give. One page of cases is shown at a time,
// one small file per case. Without words or filters, the pages of all cases by name
// are read from api/finder/pages/. The view lives in the address
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
    var filterBar = document.getElementById("cb-filter-bar");
    var chosen = document.getElementById("cb-chosen");
    var showButton = document.getElementById("cb-show-cases");
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
    var compareNote = document.getElementById("cb-compare-note");
    var facetNames = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (f) {
      return f.getAttribute("data-facet");
    });
    var state = { q: "", filters: {}, compare: [], page: 1 };
    var current = 0;

    // ---- The address ----------------------------------------------------------
    function read() {
      var params = new URLSearchParams(location.search);
      var list = function (name) { return (params.get(name) || "").split(",").filter(Boolean); };
      state = { q: params.get("q") || "", filters: {}, compare: list("compare").slice(0, MAX_COMPARE), page: 1 };
      facetNames.forEach(function (name) { if (list(name).length) state.filters[name] = list(name); });
      state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
    }

    function write(push) {
      var params = new URLSearchParams();
      if (state.q) params.set("q", state.q);
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

    function label(name, term) {
      var box = document.getElementById("cb-f-" + name + "-" + term);
      var legend = form.querySelector("fieldset[data-facet=\"" + name + "\"] legend");
      var text = box ? box.parentNode.querySelector(".cb-option-label").textContent : term;
      return { group: legend ? legend.textContent : name, option: text };
    }

    function showState() {
      input.value = state.q;
      var active = 0;
      Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
        box.checked = (state.filters[box.name] || []).indexOf(box.value) >= 0;
        if (box.checked) active += 1;
      });
      filterCount.textContent = active ? "(" + active + " on)" : "";
      // The chosen filters as tags above the results, each removable.
      chosen.textContent = "";
      chosen.hidden = !active;
      facetNames.forEach(function (name) {
        (state.filters[name] || []).forEach(function (term) {
          var words = label(name, term);
          var li = el("li");
          var button = el("button", { type: "button", "class": "cb-tag" });
          button.appendChild(el("span", {}, words.group + ": " + words.option));
          button.appendChild(el("span", { "class": "cb-visually-hidden" }, " (remove this filter)"));
          button.appendChild(el("span", { "aria-hidden": "true", "class": "cb-tag-x" }, " ×"));
          button.addEventListener("click", function () {
            state.filters[name] = state.filters[name].filter(function (t) { return t !== term; });
            state.page = 1;
            write(true);
            showState();
            run().then(function () { status.focus(); });
          });
          li.appendChild(button);
          chosen.appendChild(li);
        });
      });
    }

    // ---- Finding the cases ------------------------------------------------------
    // Two ways, by what the reader asked: nothing (the pages of all cases by name), or
    // words and filters (Pagefind: every matching case). Each ends in one page of
    // cases, fetched one small file per case.
    var total = parseInt(finder.getAttribute("data-total"), 10);
    var pristine = true;  // the first page of all cases is already in the HTML
    var found = null;     // Pagefind's answer: its results, best first, and the ids of all
    var cache = {};
    function json(path) {  // a JSON file below the site's root, fetched once
      if (!cache[path]) {
        cache[path] = fetch(new URL(path, new URL(base, document.baseURI)).href, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return response.json();
        }).catch(function (error) { delete cache[path]; throw error; });
      }
      return cache[path];
    }
    var pagefind = null;
    function engine() {
      if (!pagefind) {
        pagefind = window.casebookPagefind(base).then(function (p) {
          return p.filters().then(function () { return p; });  // every filter's counts come with each answer
        });
      }
      return pagefind;
    }

    function filtered() {
      return Object.keys(state.filters).some(function (n) { return state.filters[n].length; });
    }

    // Pagefind's filters for the view: cases only; in each group used, any one option
    // ticked; in group `except`, none of them (the cases an option there would add).
    function pagefindFilters(except) {
      var out = { kind: "case" };
      Object.keys(state.filters).forEach(function (name) {
        var terms = state.filters[name];
        if (!terms.length) return;
        out[name] = name === except ? { none: terms } : { any: terms };
      });
      return out;
    }

    function ask(p, except) {
      var options = { filters: pagefindFilters(except) };
      if (!state.q) options.sort = { name: "asc" };
      return window.casebookSearch(p, state.q, options);
    }

    // The matching cases, and how many cases each option would show: in a group not
    // used, those of the matching cases with it; in a group used, how many more it
    // would add (a search without the group's ticked options, once per group used).
    function findAll() {
      return engine().then(function (p) {
        var used = facetNames.filter(function (n) { return (state.filters[n] || []).length; });
        return Promise.all([ask(p)].concat(used.map(function (name) { return ask(p, name); }))).then(function (answers) {
          var main = answers[0];
          var counts = {};
          facetNames.forEach(function (name) { counts[name] = main.filters[name] || {}; });
          var added = {};
          used.forEach(function (name, i) { added[name] = answers[i + 1].filters[name] || {}; });
          var inCase = main.filters["case"] || {};
          var ids = Object.keys(inCase).filter(function (id) { return inCase[id] > 0; });
          return { results: main.results, ids: ids, counts: counts, added: added };
        });
      });
    }

    // The number beside each option: how many cases ticking it would show (in a group
    // in use, "+N": how many it would add); with nothing chosen, how many of all the cases have it.
    function showCounts(answer) {
      Array.prototype.forEach.call(form.querySelectorAll(".cb-count"), function (span) {
        var box = span.parentNode.parentNode.querySelector("input");
        var name = box.name, term = box.value;
        if (!answer) {
          span.textContent = span.getAttribute("data-all");
          return;
        }
        var inUse = (state.filters[name] || []).length > 0;
        if (inUse && !box.checked) span.textContent = "(+" + (answer.added[name][term] || 0) + ")";
        else span.textContent = "(" + (answer.counts[name][term] || 0) + ")";
      });
      showButton.textContent = "Show " + (answer ? answer.results.length : total) + ((answer ? answer.results.length : total) === 1 ? " case" : " cases");
    }

    // A page number beyond the last (an edited or old address) shows the last page,
    // and the address says so.
    function within(count) {
      var last = Math.max(1, Math.ceil(count / pageSize));
      if (state.page > last) {
        state.page = last;
        write(false);
      }
    }

    function run() {
      var mine = ++current;
      found = null;
      if (!state.q && !filtered()) {
        showCounts(null);
        within(total);
        if (pristine && state.page === 1) {
          pager(total);  // the page's own first page and words stay as they are
          return Promise.resolve();
        }
        return showPage(mine, total).catch(function () {
          if (mine === current) status.textContent = "The finder could not load. Every case is reachable from Browse every case, below.";
        });
      }
      status.textContent = "Finding cases…";
      return findAll().then(function (answer) {
        if (mine !== current) return;
        found = answer;
        showCounts(answer);
        var count = answer.results.length;
        within(count);
        return showPage(mine, count);
      }).catch(function () {
        if (mine === current) status.textContent = "The finder could not load. Every case is reachable from Browse every case, below.";
      });
    }

    // One page of cases, each as its finder file (id, name, url, model, place, ...):
    // the matching cases', else the page of all cases by name.
    function pageItems() {
      var first = (state.page - 1) * pageSize;
      var ids = found
        ? Promise.all(found.results.slice(first, first + pageSize).map(function (r) {
            return r.data().then(function (d) { return d.meta.case_id; });
          }))
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
        var caption = state.q ? "Cases that match, best match first" : narrowed ? "Cases that match, by name" : "Cases, by name";
        table.caption.textContent = caption;
        table.parentNode.setAttribute("aria-label", caption);  // the scrolling region the table is in
        // "Showing 26–50 of 991 cases that match", or, where one page holds them all,
        // "Showing all 3 cases that match" and "Showing the 1 case that matches".
        var which = count === 1 ? "the 1 case" : count <= pageSize ? "all " + count + " cases"
          : (first + 1) + "–" + (first + cases.length) + " of " + count + " cases";
        status.textContent = count
          ? "Showing " + which + (narrowed ? (count === 1 ? " that matches" : " that match") : "") +
            (state.q && count > 1 ? ", best match first." : count > 1 ? ", by name." : ".")
          : "No case matches" + (state.q && filtered() ? ". Try other words, or remove a filter." :
            state.q ? ". Try other words." : ". Remove a filter.");
        downloads.hidden = !count;
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
      // As the page's own rows (cases_overview.html): the word shown on a card, the name for a screen reader.
      var label = el("label", { "for": "cb-pick-" + id });
      label.appendChild(el("span", { "class": "cb-pick-word" }, "Compare"));
      label.appendChild(el("span", { "class": "cb-visually-hidden" }, " " + name));
      td.appendChild(label);
      return td;
    }

    var noteTimer = 0;
    function pick(box) {
      if (box.checked) {
        if (state.compare.length >= MAX_COMPARE) {
          box.checked = false;
          // Said in the bar, in view wherever the box was ticked, until the reader
          // compares, changes the choice, or reads on (a quarter of a minute).
          compareNote.textContent = "Four cases are chosen, the most that fit side by side. Untick one to add another.";
          clearTimeout(noteTimer);
          noteTimer = setTimeout(function () { compareNote.textContent = ""; }, 15000);
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
      compareNote.textContent = "";
      compareBar.hidden = ids.length === 0;
      // The page then ends above the bar (casebook.css).
      document.documentElement.classList.toggle("cb-comparing", ids.length > 0);
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
        // Named for a screen reader; the section's heading already says it on screen.
        t.appendChild(el("caption", { "class": "cb-visually-hidden" }, "Chosen cases side by side"));
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
        var empty = [];  // rows no chosen case records: one line under the table, not a row each
        cases[0].compare.forEach(function (pair, index) {
          var values = cases.map(function (c) { return c.compare[index][1]; });
          if (values.every(function (v) { return !v || v === NOT_RECORDED; })) {
            empty.push(pair[0]);
            return;
          }
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
        if (empty.length) {
          compareOutput.appendChild(el("p", { "class": "cb-compare-empty" },
            "Not recorded for any of " + (cases.length === 2 ? "the two" : "these " + cases.length) + " cases: " + empty.join(", ") + "."));
        }
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
      if (found) return Promise.resolve(found.ids);
      var pages = [];
      for (var n = 1; n <= Math.ceil(total / pageSize); n++) pages.push(json("api/finder/pages/" + n + ".json"));
      return Promise.all(pages).then(function (list) {
        return list.reduce(function (ids, p) { return ids.concat(p.cases); }, []);
      });
    }

    // The download's name says what it holds: cases-collaborative-councils-youth-2026-12-05.csv.
    function fileName(format) {
      var parts = ["cases"];
      facetNames.forEach(function (name) { parts = parts.concat(state.filters[name] || []); });
      parts = parts.concat(state.q.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "").match(/[\p{L}\p{N}]+/gu) || []);
      var today = new Date();
      var pad = function (n) { return (n < 10 ? "0" : "") + n; };
      parts.push(today.getFullYear() + "-" + pad(today.getMonth() + 1) + "-" + pad(today.getDate()));
      return parts.join("-").slice(0, 150) + "." + format;
    }

    function download(format) {
      downloadStatus.textContent = "Preparing the cases…";
      var meta;
      json("api/finder/facets.json").then(function (m) {
        meta = m;
        return allIds();
      }).then(function (ids) {
        // The CSV's rows are in the finder's files; the JSON holds each case's whole
        // record, as data/cases.json does (api/cases/<id>.json).
        return Promise.all(ids.map(format === "csv" ? record : function (id) {
          return json("api/cases/" + encodeURIComponent(id) + ".json");
        }));
      }).then(function (cases) {
        // The published CSV's order: by case id.
        cases.sort(function (a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; });
        var blob;
        if (format === "csv") {
          var lines = [meta.columns].concat(cases.map(function (c) { return c.row; }))
            .map(function (cells) { return cells.map(csvCell).join(","); });
          blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
        } else {
          var dataset = Object.assign({}, meta.download, { cases: cases });
          blob = new Blob([JSON.stringify(dataset, null, 2) + "\n"], { type: "application/json" });
        }
        var link = el("a", { href: URL.createObjectURL(blob), download: fileName(format) });
        document.body.appendChild(link);
        link.click();
        link.remove();
        downloadStatus.textContent = cases.length + (cases.length === 1 ? " case" : " cases") + " downloaded as " + format.toUpperCase() + ".";
      }).catch(function () {
        downloadStatus.textContent = "The download could not be prepared.";
      });
    }

    // ---- Wiring ---------------------------------------------------------------
    finder.classList.add("cb-finder-live");
    // On a wide screen the filters stay open beside the results; on a phone they wait, closed.
    if (window.matchMedia("(min-width: 60em)").matches) filterBar.open = true;
    // The first page's Compare boxes are in the HTML (shown once scripts run).
    Array.prototype.forEach.call(table.querySelectorAll(".cb-pick input"), function (box) {
      box.checked = state.compare.indexOf(box.value) >= 0;
      box.addEventListener("change", function () { pick(box); });
    });
    status.setAttribute("tabindex", "-1");

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      state.q = input.value.trim();
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
    // On a phone the filters end with a button that closes them and moves to the results.
    showButton.addEventListener("click", function () {
      filterBar.open = false;
      status.focus();
      status.scrollIntoView({ block: "start" });
    });
    compareGo.addEventListener("click", function () {
      compareNote.textContent = "";
      bring();
    });
    // The page leaves the bar's height free below what has focus (casebook.css, --cb-bar):
    // its buttons stack on a phone, a note adds a line, and text may be enlarged.
    var barHeight = function () {
      document.documentElement.style.setProperty("--cb-bar", (compareBar.hidden ? 0 : compareBar.offsetHeight) + "px");
    };
    if (window.ResizeObserver) new ResizeObserver(barHeight).observe(compareBar);
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

    // Back from a case returns to where the reader was in the list: the scroll position
    // and whether the filters were open are kept in this history entry as the reader
    // scrolls, and restored once the entry's cases are shown again.
    var saving = 0;
    var keep = function () {
      clearTimeout(saving);
      saving = setTimeout(function () {
        history.replaceState({ y: window.scrollY, filters: filterBar.open }, "", location.href);
      }, 150);
    };
    window.addEventListener("scroll", keep, { passive: true });
    filterBar.addEventListener("toggle", keep);
    var back = history.state && typeof history.state.y === "number" ? history.state : null;
    if (back && typeof back.filters === "boolean") filterBar.open = back.filters;

    read();
    showState();
    // A shared address with cases to compare lands on the comparison, once the list
    // above it has its cases (and so its height).
    run().then(function () {
      return showComparison(back === null && state.compare.length >= 2);
    }).then(function () {
      if (back) window.scrollTo(0, back.y);
    });
  }

  function init() {
    var finder = document.getElementById("cb-finder");
    if (finder && window.fetch && window.URLSearchParams && window.casebookPagefind) start(finder);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
