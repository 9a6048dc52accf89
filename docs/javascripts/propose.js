// "Propose a case" (macros/views/propose.py draws the form from the schema). This
// script numbers a list's rows as they are added and removed, gathers the form into a
// case (each control's name is its path: `sources.0.url`), checks it with the schema's
// compiled validator and the casebook's rules (case-rules.js), and shows the file with
// the ways to send it. Nothing leaves the browser but by a link the reader follows; the
// draft is kept in localStorage until "Clear the form". Every value is set as text.
(function () {
  "use strict";
  var root = document.getElementById("cb-propose");
  var rules = window.casebookRules;
  var validate = window.casebookSchemaValidate;
  if (!root || !rules || !validate) return;

  var ctx = JSON.parse(root.getAttribute("data-cb-context"));
  var form = document.getElementById("cb-propose-form");
  var statusLine = document.getElementById("cb-propose-status");
  var summary = document.getElementById("cb-error-summary");
  var result = document.getElementById("cb-propose-result");
  var DRAFT = "casebook-propose-draft";
  var MAX_URL = 8000; // GitHub answers longer addresses with an error
  var orders = {}; // a ticked list's order in the case it was filled from
  var editing = null; // {id, data, yaml}: the published case a change starts from
  var idTouched = false;
  var title = document.title;

  function say(text) { statusLine.textContent = text; }

  function once(url) {
    var kept = null;
    return function () {
      kept = kept || fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
      return kept;
    };
  }
  var schema = once(root.getAttribute("data-cb-schema"));
  var index = once(root.getAttribute("data-cb-index"));

  function byName(name) {
    return form.querySelector('[name="' + CSS.escape(name) + '"]');
  }

  function ownOf(row, selector) {
    return Array.prototype.filter.call(row.querySelectorAll(selector), function (el) {
      return el.closest("[data-cb-row]") === row;
    });
  }

  // ---- A list's rows ------------------------------------------------------------------

  var RENAMED = ["name", "id", "for", "aria-describedby", "data-cb-row", "data-cb-list", "data-cb-error", "data-cb-group"];

  function rename(el, before, after) {
    var prefixes = [[before, after], ["cb-f-" + before, "cb-f-" + after]];
    function mend(token) {
      for (var i = 0; i < prefixes.length; i++) {
        var p = prefixes[i][0];
        if (token === p || token.indexOf(p + ".") === 0 || token.indexOf(p + "-") === 0) {
          return prefixes[i][1] + token.slice(p.length);
        }
      }
      return token;
    }
    [el].concat(Array.prototype.slice.call(el.querySelectorAll("*"))).forEach(function (node) {
      RENAMED.forEach(function (attr) {
        var value = node.getAttribute(attr);
        if (value !== null) node.setAttribute(attr, value.split(" ").map(mend).join(" "));
      });
    });
  }

  function rowsOf(list) {
    return Array.prototype.slice.call(list.querySelector(":scope > [data-cb-rows]").children);
  }

  function itemLabel(list) {
    var template = list.querySelector(":scope > template[data-cb-row-template]");
    var label = template.content.querySelector("[data-cb-label]");
    return label.textContent.replace(/ 1$/, "");
  }

  function renumber(list) {
    var base = list.getAttribute("data-cb-list");
    var noun = itemLabel(list);
    var least = Number(list.getAttribute("data-cb-min") || 0);
    var rows = rowsOf(list);
    rows.forEach(function (row, k) {
      ownOf(row, "[data-cb-remove]").forEach(function (button) { button.hidden = rows.length <= least; });
      var now = base + "." + k;
      var before = row.getAttribute("data-cb-row");
      if (before !== now) rename(row, before, now);
      ownOf(row, "[data-cb-label]").forEach(function (label) { label.textContent = noun + " " + (k + 1); });
    });
  }

  function addRow(list) {
    var template = list.querySelector(":scope > template[data-cb-row-template]");
    var row = template.content.firstElementChild.cloneNode(true);
    var rows = list.querySelector(":scope > [data-cb-rows]");
    rename(row, row.getAttribute("data-cb-row"), list.getAttribute("data-cb-list") + "." + rows.children.length);
    rows.appendChild(row);
    renumber(list);
    return row;
  }

  // Every row of every list not itself in a row (those go with their row).
  function emptyLists() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-cb-list]"), function (list) {
      if (!list.closest("[data-cb-row]")) rowsOf(list).forEach(function (row) { row.remove(); });
    });
  }

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-cb-add]");
    var remove = event.target.closest("[data-cb-remove]");
    if (add) {
      var list = add.closest("[data-cb-list]");
      var row = addRow(list);
      var first = row.querySelector("input, select, textarea");
      if (first) first.focus();
      keep();
    } else if (remove) {
      var gone = remove.closest("[data-cb-row]");
      var owner = gone.closest("[data-cb-list]");
      var label = ownOf(gone, "[data-cb-label]")[0];
      var named = label ? label.textContent : "The entry";
      gone.remove();
      renumber(owner);
      owner.querySelector(":scope > [data-cb-add]").focus();
      say(named + " removed.");
      keep();
    }
  });

  // ---- The form as a case, and a case into the form -----------------------------------

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  function put(data, parts, value) {
    var node = data;
    parts.forEach(function (part, k) {
      if (k === parts.length - 1) { node[part] = value; return; }
      if (node[part] === undefined) node[part] = typeof parts[k + 1] === "number" ? [] : {};
      node = node[part];
    });
  }

  // Empty text, lists and groups are left out: a field not given is "not recorded".
  function prune(value) {
    if (Array.isArray(value)) {
      var items = value.map(prune).filter(function (v) { return v !== undefined; });
      return items.length ? items : undefined;
    }
    if (isObject(value)) {
      var out = {};
      Object.keys(value).forEach(function (k) {
        var v = prune(value[k]);
        if (v !== undefined) out[k] = v;
      });
      return Object.keys(out).length ? out : undefined;
    }
    return value === "" || value === undefined ? undefined : value;
  }

  function pathOf(name) {
    return name.split(".").map(function (p) { return /^[0-9]+$/.test(p) ? Number(p) : p; });
  }

  function collect() {
    var data = {};
    var ticked = {};
    Array.prototype.forEach.call(form.querySelectorAll("[name]"), function (el) {
      var kind = el.getAttribute("data-cb-kind");
      if (el.type === "checkbox") {
        ticked[el.name] = ticked[el.name] || [];
        if (el.checked) ticked[el.name].push(el.value);
        return;
      }
      var value = el.value.replace(/\r\n?/g, "\n").trim();
      if (value === "") { put(data, pathOf(el.name), ""); return; }
      if (kind === "integer" && /^-?[0-9]+$/.test(value)) value = Number(value);
      else if (kind === "boolean") value = value === "true";
      else if (kind === "refs") value = value.split(/[\s,]+/).filter(Boolean);
      put(data, pathOf(el.name), value);
    });
    Object.keys(ticked).forEach(function (name) {
      var order = orders[name] || [];
      var values = ticked[name].slice().sort(function (a, b) {
        var x = order.indexOf(a), y = order.indexOf(b);
        return (x < 0 ? order.length : x) - (y < 0 ? order.length : y);
      });
      put(data, pathOf(name), values);
    });
    // Keys in the schema's order; a case being changed keeps its own.
    var gathered = prune(reorder(data)) || {};
    return editing ? orderLike(gathered, editing.data) : gathered;
  }

  function orderLike(value, model) {
    if (Array.isArray(value)) {
      return value.map(function (item, k) { return orderLike(item, Array.isArray(model) ? model[k] : undefined); });
    }
    if (!isObject(value)) return value;
    var keys = Object.keys(isObject(model) ? model : {}).filter(function (k) { return k in value; });
    Object.keys(value).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
    var out = {};
    keys.forEach(function (k) { out[k] = orderLike(value[k], isObject(model) ? model[k] : undefined); });
    return out;
  }

  // The fields in the schema's order (the form asks for the name before the id).
  function reorder(data) {
    var out = {};
    ctx.order.concat(Object.keys(data)).forEach(function (key) {
      if (key in data && !(key in out)) out[key] = data[key];
    });
    return out;
  }

  function setControl(name, value, missed) {
    var el = byName(name);
    if (!el) { missed.push(name); return; }
    if (el.type === "checkbox") {
      var box = form.querySelector('input[type="checkbox"][name="' + CSS.escape(name) + '"][value="' + CSS.escape(String(value)) + '"]');
      if (box) box.checked = true;
      else missed.push(name);
      return;
    }
    var text = typeof value === "boolean" ? String(value) : Array.isArray(value) ? value.join(", ") : String(value);
    el.value = text;
    if (el.value !== text) missed.push(name);
  }

  // The case's values into the form; returns the fields it has no control for.
  function fill(data) {
    emptyLists();
    form.reset();
    orders = {};
    var missed = [];
    (function walk(value, parts) {
      Object.keys(value).forEach(function (key) {
        var here = parts.concat([key]);
        var name = here.join(".");
        var child = value[key];
        if (Array.isArray(child)) {
          var list = form.querySelector('[data-cb-list="' + CSS.escape(name) + '"]');
          var boxes = form.querySelectorAll('input[type="checkbox"][name="' + CSS.escape(name) + '"]');
          if (list) {
            rowsOf(list).forEach(function (row) { row.remove(); });
            for (var k = 0; k < child.length; k++) {
              addRow(list);
              if (isObject(child[k])) walk(child[k], here.concat([k]));
              else if (child[k] !== undefined) setControl(name + "." + k, child[k], missed);
            }
          } else if (boxes.length) {
            orders[name] = child.slice();
            child.forEach(function (v) {
              var box = Array.prototype.find.call(boxes, function (b) { return b.value === v; });
              if (box) box.checked = true;
              else missed.push(name);
            });
          } else {
            setControl(name, child, missed);
          }
        } else if (isObject(child)) {
          walk(child, here);
        } else {
          setControl(name, child, missed);
        }
      });
    })(data, []);
    openWhereFilled();
    return missed;
  }

  // "More fields" opens where it holds something: a value, or a problem to show.
  function openWhereFilled() {
    var more = document.getElementById("cb-more");
    if (!more) return;
    var held = Array.prototype.some.call(more.querySelectorAll("[name]"), function (el) {
      return el.type === "checkbox" ? el.checked : el.value !== "";
    });
    if (held || more.querySelector("[data-cb-row]")) more.open = true;
  }

  function startRows() {
    Array.prototype.forEach.call(form.querySelectorAll("[data-cb-list]"), function (list) {
      var wanted = Number(list.getAttribute("data-cb-min") || 0);
      while (!list.closest("[data-cb-row]") && rowsOf(list).length < wanted) addRow(list);
    });
  }

  function slug(name) {
    return name.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").replace(/['\u2019]/g, "").toLowerCase()
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  // ---- The draft ------------------------------------------------------------------------

  var timer = 0;
  function keep() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      try {
        localStorage.setItem(DRAFT, JSON.stringify({ case: editing ? editing.id : null, data: collect() }));
      } catch (e) { /* storage full or off: the form still works */ }
    }, 400);
  }

  function draft() {
    try { return JSON.parse(localStorage.getItem(DRAFT) || "null"); } catch (e) { return null; }
  }

  form.addEventListener("input", function (event) {
    if (event.target.name === "id") idTouched = event.target.value !== "";
    if (event.target.name === "name" && !idTouched && !editing) byName("id").value = slug(event.target.value);
    keep();
  });
  form.addEventListener("change", keep);

  document.getElementById("cb-propose-clear").addEventListener("click", function () {
    if (!window.confirm("Clear every box of the form, and the draft kept in this browser?")) return;
    try { localStorage.removeItem(DRAFT); } catch (e) { /* nothing kept */ }
    editing = null;
    idTouched = false;
    fill({ last_reviewed: today() });
    startRows();
    clearErrors();
    if (location.search) history.replaceState(history.state, "", location.pathname);
    say("The form is empty, and no draft is kept.");
    byName("name").focus();
  });

  // ---- Errors, as GOV.UK shows them ------------------------------------------------------

  function clearErrors() {
    summary.hidden = true;
    document.title = title;
    Array.prototype.forEach.call(form.querySelectorAll("[data-cb-error]"), function (p) {
      p.hidden = true;
      p.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
      var ids = (el.getAttribute("aria-describedby") || "").split(" ").filter(function (t) { return !/-error$/.test(t); });
      if (ids.length) el.setAttribute("aria-describedby", ids.join(" "));
      else el.removeAttribute("aria-describedby");
    });
    Array.prototype.forEach.call(form.querySelectorAll(".cb-field--error"), function (el) { el.classList.remove("cb-field--error"); });
  }

  // The place a problem is shown: the field it names, or the nearest part of the form
  // that holds it (a missing field of a group left empty is shown at the group).
  function placeOf(parts) {
    for (var n = parts.length; n > 0; n--) {
      var name = parts.slice(0, n).join(".");
      var message = form.querySelector('[data-cb-error="' + CSS.escape(name) + '"]');
      if (message) return { name: name, message: message };
    }
    return { name: "", message: null };
  }

  function controlFor(name) {
    var list = form.querySelector('[data-cb-list="' + CSS.escape(name) + '"]');
    var first = list && list.querySelector(":scope > [data-cb-rows] input, :scope > [data-cb-rows] select, :scope > [data-cb-rows] textarea");
    if (first) return first;
    return document.getElementById("cb-f-" + name) ||
      form.querySelector('[name="' + CSS.escape(name) + '"]') ||
      (form.querySelector('[data-cb-group="' + CSS.escape(name) + '"], [data-cb-row="' + CSS.escape(name) + '"]') || form)
        .querySelector("input, select, textarea, button");
  }

  // "Place, Area 1" or "Source 2, URL": the field and the groups it is in (a row names
  // itself, so its list is left out).
  function labelOf(name, message) {
    var clean = function (text) { return text.replace(" (optional)", "").trim(); };
    var el = message.parentElement;
    var own = el.querySelector(el.matches("fieldset") ? ":scope > legend" : ":scope > label");
    var words = own ? [clean(own.textContent)] : [];
    for (var up = el.parentElement.closest("fieldset:not([data-cb-list])"); up;
      up = up.parentElement.closest("fieldset:not([data-cb-list])")) {
      var legend = up.querySelector(":scope > legend");
      if (legend) words.unshift(clean(legend.textContent));
    }
    return words.join(", ") || name;
  }

  function capital(text) { return text.charAt(0).toUpperCase() + text.slice(1); }

  // validate's words, shown for a reader: `field` as code, and a missing field's
  // description left out (it is the hint above the box).
  function shown(problem) {
    var text = capital(problem.message);
    if (problem.code === "missing-field") text = text.replace(/^(The required field `[^`]+` is missing from [^(]+?) \(.*\)\.$/, "$1.");
    return text;
  }

  function write(el, text) {
    text.split("`").forEach(function (piece, k) {
      if (!piece) return;
      if (k % 2) {
        var code = document.createElement("code");
        code.textContent = piece;
        el.appendChild(code);
      } else {
        el.appendChild(document.createTextNode(piece));
      }
    });
  }

  // The problems in the form's order, each with where it is shown.
  function placed(problems) {
    return problems.map(function (p, k) { return { problem: p, place: placeOf(p.at || p.parts), k: k }; })
      .sort(function (a, b) {
        if (!a.place.message || !b.place.message || a.place.message === b.place.message) return a.k - b.k;
        return a.place.message.compareDocumentPosition(b.place.message) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
  }

  function showErrors(problems) {
    clearErrors();
    var list = document.getElementById("cb-error-list");
    list.textContent = "";
    placed(problems).forEach(function (found) {
      var place = found.place;
      var message = place.message;
      var control = controlFor(place.name) || form.querySelector("input");
      var words = shown(found.problem);
      if (message) {
        var folded = message.closest("details");
        if (folded) folded.open = true;
        var line = document.createElement("span");
        line.className = "cb-error-line";
        var hidden = document.createElement("span");
        hidden.className = "cb-visually-hidden";
        hidden.textContent = "Error: ";
        line.appendChild(hidden);
        write(line, words);
        message.appendChild(line);
        message.hidden = false;
        message.parentElement.classList.add("cb-field--error");
      }
      if (control && message) {
        // A list's problem is read with its Add button, which cannot itself be invalid.
        if (control.matches("input, select, textarea")) control.setAttribute("aria-invalid", "true");
        var ids = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (ids.indexOf(message.id) < 0) ids.push(message.id);
        control.setAttribute("aria-describedby", ids.join(" "));
      }
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#" + (control && control.id ? control.id : "cb-propose-form");
      write(link, (message ? labelOf(place.name, message) + ": " : "") + words);
      item.appendChild(link);
      list.appendChild(item);
    });
    summary.hidden = false;
    document.title = "Error: " + title;
    summary.scrollIntoView({ block: "start" });
    summary.focus({ preventScroll: true });
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) return;
    event.preventDefault();
    var field = target.closest(".cb-field, fieldset") || target;
    field.scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  });

  // ---- Check and preview -----------------------------------------------------------------

  function context() {
    return Promise.all([schema(), index()]).then(function (loaded) {
      var taken = {};
      var former = {};
      (loaded[1].cases || []).forEach(function (c) { taken[c.id] = "cases/" + c.id + ".yaml"; });
      (loaded[1].moved || []).forEach(function (m) { former[m.id] = "it moved to " + m.moved_to; });
      (loaded[1].removed || []).forEach(function (m) { former[m.id] = "it was removed"; });
      return [loaded[0], Object.assign({}, ctx, {
        today: today(), taken: taken, former: former, editing: editing ? editing.id : null,
      })];
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = collect();
    say("Checking\u2026");
    context().then(function (loaded) {
      var found = rules.problems(data, validate, loaded[0], loaded[1]);
      found.forEach(function (p) {
        if (p.code === "missing-field" && /^the required field `([^`]+)`/.test(p.message)) {
          p.at = p.parts.concat([RegExp.$1]);
        }
      });
      if (found.length) {
        say("");
        result.hidden = true;
        showErrors(found);
        return;
      }
      clearErrors();
      say("");
      show(data);
    }).catch(function (error) {
      say("The check could not load the casebook's schema (" + error.message + "). Reload the page to try again.");
    });
  });

  // ---- The file and the ways to send it -----------------------------------------------------

  function element(tag, text, attrs) {
    var el = document.createElement(tag);
    if (text) el.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return el;
  }

  function termLabel(name, value) {
    var el = byName(name);
    var option = el && el.querySelector ? el.querySelector('option[value="' + CSS.escape(String(value)) + '"]') : null;
    if (option) return option.textContent;
    var box = form.querySelector('input[type="checkbox"][name="' + CSS.escape(name) + '"][value="' + CSS.escape(String(value)) + '"]');
    return box ? form.querySelector('label[for="' + CSS.escape(box.id) + '"]').textContent : String(value);
  }

  // What the case page will open with, from the same values.
  function preview(data) {
    var box = document.getElementById("cb-preview");
    box.textContent = "";
    box.appendChild(element("h3", data.name || ""));
    if (data.summary) box.appendChild(element("p", data.summary));
    var facts = element("dl", "", { class: "cb-facts" });
    function row(label, value) {
      if (!value) return;
      facts.appendChild(element("dt", label));
      facts.appendChild(element("dd", value));
    }
    var place = data.place || {};
    row("Place", [(place.areas || []).join(", "), place.locality,
      place.region && termLabel("place.region", place.region), place.nation && termLabel("place.nation", place.nation)]
      .filter(Boolean).join("; "));
    row("Model", data.model && termLabel("model", data.model));
    row("Scope", data.scope);
    row("Funding", (data.funding || []).map(function (f) { return termLabel("funding", f); }).join(", ") || "Not recorded");
    row("Status", data.status ? termLabel("status.value", data.status.value) : "Not recorded");
    row("Partners", (data.partners || []).map(function (p) { return p.name || termLabel("partners.0.type", p.type); }).join(", ") || "Not recorded");
    box.appendChild(facts);
    box.appendChild(element("h4", "Sources"));
    var sources = element("ol");
    (data.sources || []).forEach(function (s) {
      var item = element("li");
      var link = element("a", s.title || s.url);
      if (/^https?:\/\//.test(s.url || "")) link.href = s.url;
      item.appendChild(link);
      item.appendChild(document.createTextNode(", " + [s.publisher, s.year].filter(Boolean).join(", ")));
      sources.appendChild(item);
    });
    box.appendChild(sources);
  }

  var current = ""; // the file shown

  document.getElementById("cb-copy-file").addEventListener("click", function () {
    var done = function () { say("The file is copied. Paste it on GitHub, or keep it."); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(current).then(done, select);
    else select();
    function select() {
      var range = document.createRange();
      range.selectNodeContents(document.getElementById("cb-yaml"));
      var chosen = window.getSelection();
      chosen.removeAllRanges();
      chosen.addRange(range);
      say("The file is selected: copy it with Ctrl+C (or Cmd+C).");
    }
  });

  function way(list, parts) {
    var item = element("li");
    parts.forEach(function (part) {
      item.appendChild(typeof part === "string" ? document.createTextNode(part) : part);
    });
    list.appendChild(item);
  }

  function link(text, href) {
    var a = element("a", text);
    a.href = href;
    return a;
  }

  function issueUrl(params) {
    var query = Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
    return ctx.repo + "/issues/new?" + query;
  }

  function show(data) {
    var yaml = rules.toYaml(data, ctx.comments);
    var file = "cases/" + data.id + ".yaml";
    current = yaml;
    document.getElementById("cb-yaml").textContent = yaml;
    document.getElementById("cb-yaml-name").textContent = file;
    preview(data);
    var ways = document.getElementById("cb-ways");
    ways.textContent = "";
    var changed = editing && editing.id === data.id;
    var paste = " copy the file (the button above), and paste it there.";
    if (changed && editing.yaml === yaml) {
      way(ways, ["This is the case as published: you have changed nothing yet."]);
    }
    if (changed) {
      way(ways, [link("Open the case's file on GitHub to edit it", ctx.repo + "/edit/" + ctx.branch + "/" + file),
        ", select all of its text, and paste this file over it. GitHub makes your own copy of the casebook and opens " +
        "a pull request for the editors. (The form writes the file in its own layout, so GitHub shows more lines " +
        "changed than you changed; the editors compare what it says.)"]);
    } else {
      var href = ctx.repo + "/new/" + ctx.branch + "?filename=" + encodeURIComponent(file) + "&value=" + encodeURIComponent(yaml);
      if (href.length <= MAX_URL) {
        way(ways, [link("Add the file on GitHub", href), ": GitHub opens its new-file page with this file filled in, " +
          "makes your own copy of the casebook, and opens a pull request (a proposed change) for the editors. " +
          "You need a GitHub account."]);
      } else {
        way(ways, ["The file is too long for one address: ",
          link("open GitHub's new-file page", ctx.repo + "/new/" + ctx.branch + "?filename=" + encodeURIComponent(file)), ","
          + paste]);
      }
    }
    var place = data.place || {};
    var issue = changed
      ? issueUrl({ template: ctx.issue_templates.report, title: "Change to a case: " + data.name, case: data.id,
        wrong: "The lines marked - in the difference below.",
        right: "The change, as a difference of the case file (- the published lines, + the new ones):\n\n```diff\n" +
          rules.lineDiff(editing.yaml, yaml) + "\n```\n" })
      : issueUrl({ template: ctx.issue_templates.propose, title: "Case: " + data.name, name: data.name,
        summary: data.summary || "", scope: data.scope || "", model: data.model || "", areas: (place.areas || []).join(", "),
        region: place.region || "", nation: place.nation || "",
        sources: (data.sources || []).map(function (s) { return [s.title, s.publisher, s.year, s.url].filter(Boolean).join(", "); }).join("\n"),
        case_file: yaml });
    if (issue.length <= MAX_URL) {
      way(ways, [link("Send to the editors instead", issue), ", as a GitHub issue with the " + (changed ? "change" : "file") +
        " filled in: for those who would rather not make the pull request themselves."]);
    } else {
      way(ways, ["To send it to the editors instead, ",
        link("open the issue form", issueUrl({ template: changed ? ctx.issue_templates.report : ctx.issue_templates.propose })),
        ","  + paste]);
    }
    form.hidden = true;
    result.hidden = false;
    result.scrollIntoView({ block: "start" });
    result.focus({ preventScroll: true });
  }

  document.getElementById("cb-propose-back").addEventListener("click", function () {
    result.hidden = true;
    form.hidden = false;
    form.querySelector("button[type=submit]").focus();
  });

  // ---- Start: a case to change, a draft, or an empty form ---------------------------------------

  function start() {
    var wanted = new URLSearchParams(location.search).get("case");
    var kept = draft();
    form.hidden = false;
    if (wanted && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(wanted)) {
      fetch(root.getAttribute("data-cb-cases") + wanted + ".json").then(function (r) {
        if (!r.ok) throw new Error("no case " + wanted);
        return r.json();
      }).then(function (data) {
        editing = { id: data.id, data: data, yaml: "" };
        var heading = root.closest("article") && root.closest("article").querySelector("h1");
        if (heading) heading.textContent = "Suggest a change to " + data.name;
        document.title = title = "Suggest a change to " + data.name + " - " + title;
        var missed = fill(data);
        // The published case as the form writes it: what a change is a difference from.
        editing.yaml = rules.toYaml(collect(), ctx.comments);
        if (kept && kept.case === data.id) fill(kept.data);
        say((kept && kept.case === data.id ? "Your draft of a change to " : "The form holds ") + data.name +
          (kept && kept.case === data.id ? " is restored." : " as published: change what your sources say, then check and preview.") +
          (missed.length ? " Not shown in the form: " + missed.join(", ") + "." : ""));
        root.setAttribute("data-cb-missed", missed.join(" "));
        root.setAttribute("data-cb-ready", "");
      }).catch(function () {
        say("There is no case '" + wanted + "' to change. The form is empty.");
        startEmpty(null);
      });
      return;
    }
    startEmpty(kept && !kept.case ? kept : null);
  }

  // A prefilled link names fields by their paths: ?name=...&sources.0.url=...
  function given() {
    var data = {};
    new URLSearchParams(location.search).forEach(function (value, name) {
      if (name === "case" || !/^[a-z_]+(\.([a-z_]+|[0-9]{1,2}))*$/.test(name)) return;
      put(data, pathOf(name), value);
    });
    return data;
  }

  function startEmpty(kept) {
    var linked = given();
    if (kept && !Object.keys(linked).length) {
      fill(kept.data);
      startRows();
      idTouched = !!(kept.data.id && kept.data.id !== slug(kept.data.name || ""));
      say("Your draft is restored. \u201cClear the form\u201d starts again.");
    } else {
      var missed = fill(Object.assign({ last_reviewed: today() }, linked));
      startRows();
      if (linked.name && !linked.id) byName("id").value = slug(linked.name);
      say(missed.length ? "The link names fields the form does not have: " + missed.join(", ") + "." : "");
    }
    root.setAttribute("data-cb-ready", "");
  }

  start();
})();
