// Site search with Pagefind (macros/search.py indexes the built site): the search page
// here, `casebookPagefind(base)`, which loads Pagefind once for any script on the
// page, and `casebookSearch`, which asks it for the pages with every word (the finder
// uses both). Pagefind fetches only the pieces of the index a query
// needs. Every value from the index is written as text; of its excerpts, only the
// <mark> around the words found survives. What every page needs is in page.js.
(function () {
  "use strict";

  var loading = {};

  window.casebookPagefind = function (base) {
    var root = new URL(base || "./", document.baseURI);
    if (!loading[root.href]) {
      loading[root.href] = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // Result addresses are site-relative: resolve them from wherever the site is served.
        return pagefind.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () { return pagefind; });
      });
    }
    return loading[root.href];
  };

  // A search of several words finds the pages that have every word. Pagefind leaves
  // out a word that no page has (it answers "partnership zzz" as "partnership"), so
  // each word is asked alone too: if one finds nothing, that word's own (empty)
  // answer is the answer, with the options asked for (the finder's filters).
  window.casebookSearch = function (pagefind, query, options) {
    var words = (query || "").trim().split(/\s+/).filter(Boolean);
    if (words.length < 2) return pagefind.search(query || null, options);
    return Promise.all(words.map(function (word) { return pagefind.search(word); })).then(function (alone) {
      var missing = words.filter(function (word, i) { return alone[i] && alone[i].results.length === 0; });
      return pagefind.search(missing.length ? missing[0] : query, options);
    });
  };

  // An excerpt as nodes: text, and <mark> around the matched words. Nothing else.
  // Pagefind marks a word with the punctuation beside it ("schools,"): the mark keeps
  // only the word.
  window.casebookExcerpt = function (html) {
    var doc = new DOMParser().parseFromString("<p>" + (html || "") + "</p>", "text/html");
    var out = document.createDocumentFragment();
    Array.prototype.forEach.call(doc.body.firstChild.childNodes, function (node) {
      var parts = node.nodeType === 1 && node.nodeName === "MARK"
        ? node.textContent.match(/^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u) : null;
      if (parts && parts[2]) {
        var mark = document.createElement("mark");
        mark.textContent = parts[2];
        out.appendChild(document.createTextNode(parts[1]));
        out.appendChild(mark);
        out.appendChild(document.createTextNode(parts[3]));
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  };

  var PAGE = 10;
  var SECTIONS = 2;  // the parts of a page (under a heading) shown under its result

  function searchPage(container) {
    var form = document.getElementById("cb-search-form");
    var input = document.getElementById("cb-search-q");
    var status = document.getElementById("cb-search-status");
    var list = document.getElementById("cb-search-results");
    var more = document.getElementById("cb-search-more");
    var results = [];
    var asked = "";  // the query shown
    var shown = 0;
    var current = 0;  // the latest query wins; slower answers to older ones are dropped

    function el(tag, cls, text) {
      var node = document.createElement(tag);
      if (cls) node.className = cls;
      if (text !== undefined) node.textContent = text;
      return node;
    }

    // Whether a section's passage repeats the page's excerpt: eight words in a row of
    // one are in the other (Pagefind cuts the two around the same words differently).
    function words(html) {
      return new DOMParser().parseFromString(html || "", "text/html").body.textContent.toLowerCase().match(/[\p{L}\p{N}]+/gu) || [];
    }
    function repeats(one, other) {
      var a = words(one), b = " " + words(other).join(" ") + " ";
      var run = Math.min(8, a.length);
      for (var i = 0; i + run <= a.length; i++) {
        if (b.indexOf(" " + a.slice(i, i + run).join(" ") + " ") >= 0) return true;
      }
      return false;
    }

    function item(data) {
      var li = el("li", "cb-result");
      var title = el("a", "cb-result-title", data.meta.title || data.url);
      title.href = data.url;
      li.appendChild(title);
      if (data.meta.case_id) {
        li.appendChild(el("p", "cb-result-facts", ["Case", data.meta.model, data.meta.place].filter(Boolean).join(" · ")));
      }
      var excerpt = el("p");
      excerpt.appendChild(window.casebookExcerpt(data.excerpt));
      li.appendChild(excerpt);
      // The sections of the page where the words weigh most (in the page's order), each
      // under its heading; not one whose passage is the excerpt already shown.
      var weight = function (sub) {
        return (sub.weighted_locations || []).reduce(function (sum, w) { return sum + (w.balanced_score || 0); }, 0);
      };
      var sections = (data.sub_results || []).filter(function (sub) {
        return sub.url !== data.url && sub.url.indexOf("#") > 0 && sub.title !== data.meta.title &&
          !repeats(sub.excerpt, data.excerpt);
      }).map(function (sub, order) { return { sub: sub, order: order, weight: weight(sub) }; })
        .sort(function (a, b) { return b.weight - a.weight || a.order - b.order; })
        .slice(0, SECTIONS)
        .sort(function (a, b) { return a.order - b.order; })
        .map(function (s) { return s.sub; });
      if (sections.length) {
        var ul = el("ul", "cb-result-sections");
        sections.forEach(function (sub) {
          var section = el("li");
          var link = el("a", "", sub.title);
          link.href = sub.url;
          section.appendChild(document.createTextNode("In “"));
          section.appendChild(link);
          section.appendChild(document.createTextNode("”: "));
          section.appendChild(window.casebookExcerpt(sub.excerpt));
          ul.appendChild(section);
        });
        li.appendChild(ul);
      }
      return li;
    }

    // The next results (PAGE, or as many as were shown when the reader left); after
    // "More results", focus goes to the first new one.
    function showMore(mine, focus, upTo) {
      var next = results.slice(shown, Math.max(shown + PAGE, upTo || 0));
      shown += next.length;
      return Promise.all(next.map(function (r) { return r.data(); })).then(function (items) {
        if (mine !== current) return;
        var nodes = items.map(item);
        nodes.forEach(function (node) { list.appendChild(node); });
        more.hidden = shown >= results.length;
        keep();
        if (focus && nodes.length) nodes[0].querySelector("a").focus();
      });
    }

    // Back from a result returns to the same place: how many results were shown and
    // the scroll position are kept in this history entry.
    var saving = 0;
    function keep() {
      clearTimeout(saving);
      saving = setTimeout(function () {
        history.replaceState({ shown: shown, y: window.scrollY }, "", location.href);
      }, 150);
    }
    window.addEventListener("scroll", keep, { passive: true });

    function say(parts) {
      status.textContent = "";
      parts.forEach(function (part) {
        status.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
      });
    }

    function casesLink(text) {
      var a = el("a", "", text);
      a.href = container.getAttribute("data-cases");
      return a;
    }

    function run(query, back) {
      var mine = ++current;
      list.textContent = "";
      more.hidden = true;
      results = [];
      asked = query;
      shown = 0;
      if (!query) {
        say(["Type a word or a name, then press Search."]);
        return;
      }
      say(["Searching…"]);
      window.casebookPagefind(container.getAttribute("data-base")).then(function (pagefind) {
        return window.casebookSearch(pagefind, query);
      }).then(function (search) {
        if (mine !== current) return;
        results = search.results;
        var n = results.length;
        var quoted = "“" + query + "”";
        if (!n) say(["Nothing matches " + quoted + ". Try fewer or other words, or ", casesLink("browse the cases"), "."]);
        else say([n + (n === 1 ? " page matches " : " pages match ") + quoted + (n > 1 ? ", best match first." : ".")]);
        return showMore(mine, false, back && back.shown).then(function () {
          if (mine === current && back && typeof back.y === "number") window.scrollTo(0, back.y);
        });
      }).catch(function () {
        say(["The search could not load. ", casesLink("Browse the cases"), " instead."]);
      });
    }

    function fromAddress(first) {
      var query = new URLSearchParams(location.search).get("q") || "";
      input.value = query;
      var header = document.getElementById("cb-header-q");
      if (header) header.value = query;
      if (first === true && !query) input.focus();  // the header's search link lands here
      var back = history.state && typeof history.state.shown === "number" ? history.state : null;
      run(query.trim(), back);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      var url = query ? "?q=" + encodeURIComponent(query) : location.pathname;
      if (query === asked) history.replaceState(null, "", url); else history.pushState(null, "", url);  // the same search again: no new step for Back
      run(query);
    });
    more.addEventListener("click", function () { showMore(current, true); });
    window.addEventListener("popstate", fromAddress);
    fromAddress(true);
  }

  function init() {
    var container = document.getElementById("cb-search");
    if (container && window.fetch) searchPage(container);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
