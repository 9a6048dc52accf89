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
  // dropped, letters and digits, a word of one letter left out (a digit kept).
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
  }
  window.casebookWords = function (text) {
    return (fold(text).match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) { return w.length > 1 || /^\p{N}$/u.test(w); });
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
    // A JSON file below the site's root, fetched once (the finder's files too).
    var cache = {};
    function get(path) {
      if (!cache[path]) {
        cache[path] = fetch(root + path, { credentials: "same-origin" }).then(function (response) {
          if (!response.ok) throw new Error(path + ": HTTP " + response.status);
          return response.json();
        }).catch(function (error) {
          delete cache[path];  // a failed fetch is tried again next time
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

    // A word's entries in the index: each term it matches (itself, or a term it begins)
    // with the number of pages that use the term and its list, flat: [path, score, ...].
    // `every` also fetches the rest of each long list.
    function termsOf(word, m, every) {
      return Promise.all(chunksFor(word, m.chunks).map(function (i) {
        return get("search-index/chunks/" + i + ".json");
      })).then(function (chunks) {
        var terms = [];
        chunks.forEach(function (chunk) {
          Object.keys(chunk).forEach(function (term) {
            if (startsWith(term, word)) terms.push({ term: term, used: chunk[term][0], flat: chunk[term].slice(1) });
          });
        });
        if (!every) return terms;
        return Promise.all(terms.map(function (t) {
          var files = [];
          for (var n = 1; n <= Math.ceil((t.used - m.limit) / m.more); n++) {
            files.push(get("search-index/more/" + encodeURIComponent(t.term) + "/" + n + ".json"));
          }
          return Promise.all(files).then(function (rest) {
            t.flat = t.flat.concat.apply(t.flat, rest);
            return t;
          });
        }));
      });
    }

    // The pages that have every word asked (or a word it begins), best first:
    // { words, results: [{ path, score }], capped, used, terms, limit } where capped
    // says that a word's list was cut at its best `limit` pages (`every` fetches the
    // rest), used is the most pages any one term found uses, and terms how many terms
    // the words found.
    function search(query, every) {
      var asked = window.casebookWords(query).filter(function (w, i, all) { return all.indexOf(w) === i; });
      return get("search-index/index.json").then(function (m) {
        return Promise.all(asked.map(function (word) { return termsOf(word, m, every); })).then(function (termsPerWord) {
          var pages = {};
          var capped = false;
          var used = 0;
          var terms = 0;
          asked.forEach(function (word, k) {
            var best = {};
            termsPerWord[k].forEach(function (t) {
              if (t.used > t.flat.length / 2) capped = true;
              used = Math.max(used, t.used);
              terms += 1;
              var weight = (t.term === word ? 1 : PREFIX_WEIGHT) * rarity(t.used, m.pages);
              for (var e = 0; e < t.flat.length; e += 2) {
                var score = weight * t.flat[e + 1];
                if (!(best[t.flat[e]] >= score)) best[t.flat[e]] = score;
              }
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
          return { words: asked, results: results, capped: capped, used: used, terms: terms, limit: m.limit };
        });
      });
    }

    // What a result shows: { url (site-relative), title, excerpt, case_id, model, place }.
    function record(path) {
      return get("search-index/pages/" + path + "index.json");
    }

    engines[root] = { search: search, record: record, get: get, root: root };
    return engines[root];
  };

  // What a result shows of its page: the excerpt if it has a word asked, else the
  // passage of the page's text around the first word asked, else the excerpt.
  var AROUND = 12;  // words either side
  function passage(data, asked) {
    var has = function (word) {
      var folded = fold(word);
      return asked.some(function (w) { return startsWith(folded, w); });
    };
    var excerpt = data.excerpt || "";
    if ((excerpt.match(/[\p{L}\p{N}]+/gu) || []).some(has)) return excerpt;
    var words = (data.text || "").split(" ");
    for (var i = 0; i < words.length; i++) {
      if ((words[i].match(/[\p{L}\p{N}]+/gu) || []).some(has)) {
        var from = Math.max(0, i - AROUND);
        var to = Math.min(words.length, i + AROUND + 1);
        return (from ? "… " : "") + words.slice(from, to).join(" ") + (to < words.length ? " …" : "");
      }
    }
    return excerpt;
  }

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
    var every = document.getElementById("cb-search-every");
    var engine = window.casebookSearch(container.getAttribute("data-base"));
    var answer = { words: [], results: [] };
    var asked = "";  // the query shown
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
      excerpt.appendChild(window.casebookHighlight(passage(data, answer.words), answer.words));
      li.appendChild(excerpt);
      return li;
    }

    // The next page of results; after "More results", focus goes to the first new one.
    function showMore(mine, focus) {
      var next = answer.results.slice(shown, shown + PAGE);
      shown += next.length;
      return Promise.all(next.map(function (r) { return engine.record(r.path); })).then(function (items) {
        if (mine !== current) return;
        var nodes = items.map(item);
        nodes.forEach(function (node) { list.appendChild(node); });
        more.hidden = shown >= answer.results.length;
        if (focus && nodes.length) nodes[0].querySelector("a").focus();
      });
    }

    function say(parts) {
      status.textContent = "";
      parts.forEach(function (part) {
        if (typeof part === "string") status.appendChild(document.createTextNode(part));
        else status.appendChild(part);
      });
    }

    function casesLink(text) {
      var a = document.createElement("a");
      a.href = container.getAttribute("data-cases");
      a.textContent = text;
      return a;
    }

    // `whole`: search every page; `focus`: then move focus to the first result.
    function run(query, whole, focus) {
      var mine = ++current;
      list.textContent = "";
      more.hidden = true;
      every.hidden = true;
      answer = { words: [], results: [] };
      asked = query;
      shown = 0;
      if (!query) {
        say(["Type a word or a name, then press Search."]);
        return;
      }
      say([whole ? "Searching every page…" : "Searching…"]);
      engine.search(query, whole).then(function (found) {
        if (mine !== current) return;
        answer = found;
        var n = found.results.length;
        var quoted = "“" + query + "”";
        every.hidden = !found.capped;
        if (!n && !found.capped) {
          say(["Nothing matches " + quoted + ". Try fewer or other words, or ", casesLink("browse the cases"), "."]);
        } else if (!n) {
          say(["None of the top " + found.limit + " pages for each word has all of " + quoted + ". Search every page to look further."]);
        } else if (found.capped && found.words.length === 1) {
          say(["The " + n + " best of " + (found.terms > 1 ? "at least " : "") + found.used + " pages that match " + quoted +
            ". Add a word to narrow the search, search every page, or ", casesLink("filter the cases"), "."]);
        } else if (found.capped) {
          say(["The " + n + " best " + (n === 1 ? "match" : "matches") + " for " + quoted + " among the top " + found.limit +
            " pages for each word. Search every page to find them all."]);
        } else {
          say([n + (n === 1 ? " page matches " : " pages match ") + quoted + "."]);
        }
        return showMore(mine, focus);
      }).catch(function () {
        say(["The search could not load. ", casesLink("Browse the cases"), " instead."]);
      });
    }

    function fromAddress(first) {
      var params = new URLSearchParams(location.search);
      var query = params.get("q") || "";
      input.value = query;
      var header = document.getElementById("cb-header-q");
      if (header) header.value = query;
      if (first === true && !query) input.focus();  // the header's search link lands here
      run(query.trim(), params.get("every") === "1");
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      var url = query ? "?q=" + encodeURIComponent(query) : location.pathname;
      if (query === asked) history.replaceState(null, "", url); else history.pushState(null, "", url);  // the same search again: no new step for Back
      run(query, false);
    });
    more.addEventListener("click", function () { showMore(current, true); });
    every.addEventListener("click", function () {
      history.pushState(null, "", "?q=" + encodeURIComponent(asked) + "&every=1");
      run(asked, true, true);  // the button is gone: focus goes to the answer
    });
    window.addEventListener("popstate", fromAddress);
    fromAddress(true);
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
