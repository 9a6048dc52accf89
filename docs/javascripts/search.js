// Site search (macros/search.py writes the index). A search fetches the list of index
// chunks once, the chunk of each word asked (and the next, where the word's
// continuations run on), and then one small record per result shown: what it costs
// does not grow with the casebook. `casebookSearch(base)` serves any script on the page
// (the finder uses it too); the search page's own code is below. Every value from the
// index is written as text.
(function () {
  "use strict";

  var PREFIX_MIN = 3;      // a word this long also finds the words it begins
  var PREFIX_WEIGHT = 0.5; // ... which count half as much as the word itself
  var engines = {};

  // Words as the index holds them (macros/page_text.py words): lower case, accents
  // dropped, letters and digits, one-character words left out.
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }
  window.casebookWords = function (text) {
    return (fold(text).match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) { return w.length > 1; });
  };

  function startsWith(term, word) {
    return term === word || (word.length >= PREFIX_MIN && term.lastIndexOf(word, 0) === 0);
  }

  // How rare a word is, from the number of pages that use it (BM25's idf).
  function rarity(used, pages) {
    return Math.log(1 + (pages - used + 0.5) / (used + 0.5));
  }

  window.casebookSearch = function (base) {
    var root = new URL(base || "./", document.baseURI).href;
    if (engines[root]) return engines[root];
    var cache = {};
    function get(path) {
      if (!cache[path]) {
        cache[path] = fetch(root + path, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return response.json();
        }).catch(function (error) {
          delete cache[path];  // a failed fetch is tried again by the next search
          throw error;
        });
      }
      return cache[path];
    }
    // The chunk that holds the word (the last whose first word is not after it), and
    // the next if it starts with the word's continuations.
    function chunksFor(word, firsts) {
      var low = 0, high = firsts.length - 1;
      while (low < high) {
        var middle = (low + high + 1) >> 1;
        if (firsts[middle] <= word) low = middle; else high = middle - 1;
      }
      var list = [low];
      if (low + 1 < firsts.length && startsWith(firsts[low + 1], word) && word.length >= PREFIX_MIN) list.push(low + 1);
      return list;
    }

    // The pages that have every word asked (or a word it begins), best first:
    // { words, results: [{ path, score }], capped } where capped says that a word had
    // more pages than the index keeps for it.
    function search(query) {
      var asked = window.casebookWords(query).filter(function (w, i, all) { return all.indexOf(w) === i; });
      return get("search-index/index.json").then(function (m) {
        return Promise.all(asked.map(function (word) {
          return Promise.all(chunksFor(word, m.chunks).map(function (i) { return get("search-index/chunks/" + i + ".json"); }));
        })).then(function (chunksPerWord) {
          var pages = {};
          var capped = false;
          asked.forEach(function (word, k) {
            var best = {};
            chunksPerWord[k].forEach(function (chunk) {
              Object.keys(chunk).forEach(function (term) {
                if (!startsWith(term, word)) return;
                var entries = chunk[term];
                if (entries[0] > (entries.length - 1) / 2) capped = true;
                var weight = (term === word ? 1 : PREFIX_WEIGHT) * rarity(entries[0], m.pages);
                for (var e = 1; e < entries.length; e += 2) {
                  var score = weight * entries[e + 1];
                  if (!(best[entries[e]] >= score)) best[entries[e]] = score;
                }
              });
            });
            Object.keys(best).forEach(function (path) {
              var page = pages[path] || (pages[path] = { path: path, score: 0, words: 0 });
              page.score += best[path];
              page.words += 1;
            });
          });
          var results = Object.keys(pages).map(function (path) { return pages[path]; })
            .filter(function (page) { return page.words === asked.length; })
            .sort(function (a, b) { return b.score - a.score || (a.path < b.path ? -1 : 1); });
          return { words: asked, results: results, capped: capped };
        });
      });
    }

    // What a result shows: { url (site-relative), title, excerpt, case_id, model, place }.
    function record(path) {
      return get("search-index/pages/" + path + "index.json");
    }

    engines[root] = { search: search, record: record, root: root };
    return engines[root];
  };

  // Text as nodes, with <mark> around the words that match the words asked.
  window.casebookHighlight = function (text, asked) {
    var out = document.createDocumentFragment();
    var at = 0;
    (text || "").replace(/[\p{L}\p{N}]+/gu, function (found, offset) {
      var word = fold(found);
      if (!asked.some(function (w) { return startsWith(word, w); })) return found;
      out.appendChild(document.createTextNode(text.slice(at, offset)));
      var mark = document.createElement("mark");
      mark.textContent = found;
      out.appendChild(mark);
      at = offset + found.length;
      return found;
    });
    out.appendChild(document.createTextNode((text || "").slice(at)));
    return out;
  };

  var PAGE = 10;

  function searchPage(container) {
    var form = document.getElementById("cb-search-form");
    var input = document.getElementById("cb-search-q");
    var status = document.getElementById("cb-search-status");
    var list = document.getElementById("cb-search-results");
    var more = document.getElementById("cb-search-more");
    var engine = window.casebookSearch(container.getAttribute("data-base"));
    var answer = { words: [], results: [] };
    var shown = 0;
    var current = 0;  // the latest query wins; slower answers to older ones are dropped

    function item(data) {
      var li = document.createElement("li");
      li.className = "cb-result";
      var title = document.createElement("a");
      title.href = engine.root + data.url;
      title.className = "cb-result-title";
      title.textContent = data.title || data.url;
      li.appendChild(title);
      if (data.case_id) {
        var facts = document.createElement("p");
        facts.className = "cb-result-facts";
        facts.textContent = ["Case", data.model, data.place].filter(Boolean).join(" · ");
        li.appendChild(facts);
      }
      var excerpt = document.createElement("p");
      excerpt.appendChild(window.casebookHighlight(data.excerpt || "", answer.words));
      li.appendChild(excerpt);
      return li;
    }

    function showMore(mine) {
      var next = answer.results.slice(shown, shown + PAGE);
      shown += next.length;
      return Promise.all(next.map(function (r) { return engine.record(r.path); })).then(function (items) {
        if (mine !== current) return;
        items.forEach(function (data) { list.appendChild(item(data)); });
        more.hidden = shown >= answer.results.length;
      });
    }

    function run(query) {
      var mine = ++current;
      list.textContent = "";
      more.hidden = true;
      answer = { words: [], results: [] };
      shown = 0;
      if (!query) {
        status.textContent = "Type a word or a name, then press Search.";
        return;
      }
      status.textContent = "Searching…";
      engine.search(query).then(function (found) {
        if (mine !== current) return;
        answer = found;
        var n = found.results.length;
        if (!n) {
          status.textContent = "Nothing matches “" + query + "”. Try fewer or other words, or browse the cases.";
        } else if (found.capped) {
          status.textContent = "The " + n + " best " + (n === 1 ? "match" : "matches") + " for “" + query +
            "”. More pages use these words: add a word to narrow the search, or filter the cases.";
        } else {
          status.textContent = n + (n === 1 ? " page matches " : " pages match ") + "“" + query + "”.";
        }
        return showMore(mine);
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
    more.addEventListener("click", function () { showMore(current); });
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
