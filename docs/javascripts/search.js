// Search with Pagefind (macros/search.py indexes the built site). Pagefind fetches only
// the index fragments a query needs. `casebookPagefind(base)` loads it once for any
// script on the page (the finder uses it too); the search page's own code is below.
// Every value from the index is written as text; only Pagefind's <mark> survives
// from its excerpts.
(function () {
  "use strict";

  var loading = null;

  window.casebookPagefind = function (base) {
    if (!loading) {
      var root = new URL(base || "./", document.baseURI);
      // A large casebook's index comes in parts (macros/search.py): parts.json lists the
      // ones to merge into the first, fetched while Pagefind itself loads.
      var parts = fetch(new URL("pagefind/parts.json", root).href)
        .then(function (response) { return response.ok ? response.json() : { parts: [] }; })
        .catch(function () { return { parts: [] }; });
      loading = Promise.all([import(new URL("pagefind/pagefind.js", root).href), parts]).then(function (loaded) {
        var pagefind = loaded[0];
        // Result URLs are site-relative: resolve them from wherever the site is served.
        var options = { baseUrl: root.pathname };
        return pagefind.options(options).then(function () {
          return Promise.all(loaded[1].parts.map(function (part) {
            return pagefind.mergeIndex(new URL("pagefind/" + part, root).href, options);
          }));
        }).then(function () { return pagefind; });
      });
    }
    return loading;
  };

  // An excerpt as nodes: text, and <mark> around the matched words. Nothing else.
  window.casebookExcerpt = function (html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createDocumentFragment();
    Array.prototype.forEach.call(doc.body.firstChild.childNodes, function (node) {
      if (node.nodeType === 1 && node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  };

  var PAGE = 10;

  function searchPage(container) {
    var form = document.getElementById("cb-search-form");
    var input = document.getElementById("cb-search-q");
    var status = document.getElementById("cb-search-status");
    var list = document.getElementById("cb-search-results");
    var more = document.getElementById("cb-search-more");
    var results = [];
    var shown = 0;
    var current = 0;  // the latest query wins; slower answers to older ones are dropped

    function item(data) {
      var li = document.createElement("li");
      li.className = "cb-result";
      var title = document.createElement("a");
      title.href = data.url;
      title.className = "cb-result-title";
      title.textContent = data.meta.title || data.url;
      li.appendChild(title);
      if (data.meta.case_id) {
        var facts = document.createElement("p");
        facts.className = "cb-result-facts";
        facts.textContent = ["Case", data.meta.model, data.meta.place].filter(Boolean).join(" · ");
        li.appendChild(facts);
      }
      var excerpt = document.createElement("p");
      excerpt.appendChild(window.casebookExcerpt(data.excerpt || ""));
      li.appendChild(excerpt);
      return li;
    }

    function showMore() {
      var next = results.slice(shown, shown + PAGE);
      shown += next.length;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
        items.forEach(function (data) { list.appendChild(item(data)); });
        more.hidden = shown >= results.length;
      });
    }

    function run(query) {
      var mine = ++current;
      list.textContent = "";
      more.hidden = true;
      results = [];
      shown = 0;
      if (!query) {
        status.textContent = "Type a word or a name, then press Search.";
        return;
      }
      status.textContent = "Searching…";
      window.casebookPagefind(container.getAttribute("data-base")).then(function (pagefind) {
        return pagefind.search(query);
      }).then(function (search) {
        if (mine !== current) return;
        results = search.results;
        status.textContent = results.length
          ? results.length + (results.length === 1 ? " page matches " : " pages match ") + "“" + query + "”."
          : "Nothing matches “" + query + "”. Try fewer or other words, or browse the cases.";
        return showMore();
      }).catch(function () {
        status.textContent = "The search could not load. Browse the cases instead.";
      });
    }

    function fromAddress() {
      var query = new URLSearchParams(location.search).get("q") || "";
      input.value = query;
      run(query.trim());
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      history.pushState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
      run(query);
    });
    more.addEventListener("click", function () { showMore(); });
    window.addEventListener("popstate", fromAddress);
    fromAddress();
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

  function init() {
    var container = document.getElementById("cb-search");
    if (container && window.fetch) searchPage(container);
    copyButtons();
    drawerButton();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
