// The "Propose a case" form's checks and its file, apart from the page so that the
// tests run them in node beside `python -m macros validate`:
// - problems(): the schema's errors (Ajv's standalone validator, case-schema.js) in
//   the words of macros/validate.py, then the rules a schema cannot say, in the same
//   words where the rule is the same;
// - toYaml(): the case as a YAML file laid out like templates/case.yaml;
// - lineDiff(): a change as a difference of lines, for the editors.
(function (root) {
  "use strict";

  var TYPE_NAMES = {
    object: "a mapping of fields",
    array: "a list",
    string: "text",
    integer: "a whole number",
    number: "a number",
    boolean: "true or false",
    null: "nothing",
  };
  var URL_PATTERN_START = "^https?://";

  // ('partners', 0, 'name') -> 'partners[0].name', as macros/problems.py field_path.
  function fieldPath(parts) {
    var out = "";
    parts.forEach(function (part) {
      if (typeof part === "number") out += "[" + part + "]";
      else out += (out ? "." : "") + part;
    });
    return out;
  }

  function chars(text) {
    return Array.from(text);
  }

  function pyStr(value) {
    if (value === true) return "True";
    if (value === false) return "False";
    if (value === null || value === undefined) return "None";
    return String(value);
  }

  function show(value, limit) {
    limit = limit || 60;
    var text = chars(pyStr(value).replace(/\r/g, "\\r").replace(/\n/g, "\\n"));
    if (text.length > limit) text = text.slice(0, limit - 1).concat(["\u2026"]);
    return "'" + text.join("") + "'";
  }

  function kindOf(value) {
    if (typeof value === "boolean") return "`" + String(value) + "` (true or false)";
    if (Array.isArray(value)) return "a list";
    if (value !== null && typeof value === "object") return "a mapping of fields";
    if (typeof value === "number") return "the number " + value;
    if (value === null || value === undefined) return "nothing (an empty value)";
    return "the text " + show(value);
  }

  // Python's difflib.SequenceMatcher(None, a, b).ratio(), for words shorter than 200
  // characters (where difflib's junk heuristic does not apply).
  function ratio(a, b) {
    function matches(alo, ahi, blo, bhi) {
      var best = [alo, blo, 0];
      var lengths = {};
      for (var i = alo; i < ahi; i++) {
        var next = {};
        for (var j = blo; j < bhi; j++) {
          if (a[i] !== b[j]) continue;
          var k = (lengths[j - 1] || 0) + 1;
          next[j] = k;
          if (k > best[2]) best = [i - k + 1, j - k + 1, k];
        }
        lengths = next;
      }
      var size = best[2];
      if (!size) return 0;
      return size + (alo < best[0] && blo < best[1] ? matches(alo, best[0], blo, best[1]) : 0) +
        (best[0] + size < ahi && best[1] + size < bhi ? matches(best[0] + size, ahi, best[1] + size, bhi) : 0);
    }
    var total = a.length + b.length;
    return total ? (2 * matches(0, a.length, 0, b.length)) / total : 1;
  }

  // macros/validate.py did_you_mean: difflib.get_close_matches(word, choices, n=1, cutoff=0.6).
  function didYouMean(word, choices) {
    if (typeof word !== "string") return "";
    var lower = word.toLowerCase();
    var best = null;
    choices.forEach(function (choice) {
      var score = ratio(chars(choice), chars(lower));
      if (score >= 0.6 && (!best || score > best[0] || (score === best[0] && choice > best[1]))) best = [score, choice];
    });
    var close = best ? best[1] : null;
    if (!close) {
      var inside = choices.filter(function (c) { return c.length > 2 && lower.indexOf(c) >= 0; });
      inside.sort(function (x, y) { return y.length - x.length; });
      close = inside[0] || null;
    }
    return close ? " Did you mean '" + close + "'?" : "";
  }

  function article(label) {
    return "aeiou".indexOf(label.charAt(0)) >= 0 ? "an" : "a";
  }

  function pointer(schema, path) {
    var node = schema;
    path.replace(/^#\/?/, "").split("/").filter(Boolean).forEach(function (piece) {
      node = node == null ? node : node[piece.replace(/~1/g, "/").replace(/~0/g, "~")];
    });
    return node;
  }

  // The schema an error's schemaPath starts from. The compiled validator checks each
  // $ref's target in a function of its own, whose paths start at that target: the last
  // $ref on the way down to the value.
  function baseFor(schema, parts) {
    var base = schema;
    function deref(node) {
      while (node && node.$ref) {
        base = pointer(schema, node.$ref);
        node = base;
      }
      return node;
    }
    var node = deref(schema);
    for (var i = 0; i < parts.length && node; i++) {
      node = deref(typeof parts[i] === "number" ? node.items : (node.properties || {})[parts[i]]);
    }
    return base;
  }

  function instanceParts(instancePath) {
    return instancePath.split("/").filter(Boolean).map(function (piece) {
      piece = piece.replace(/~1/g, "/").replace(/~0/g, "~");
      return /^[0-9]+$/.test(piece) ? Number(piece) : piece;
    });
  }

  function valueAt(data, parts) {
    return parts.reduce(function (node, part) { return node == null ? node : node[part]; }, data);
  }

  function problem(parts, code, message) {
    return { parts: parts, field: fieldPath(parts), code: code, message: message };
  }

  // One Ajv error in the words of macros/validate.py's _MESSAGES.
  function translate(error, data, schema, labels) {
    var parts = instanceParts(error.instancePath);
    var node = pointer(baseFor(schema, parts), error.schemaPath.replace(/\/[^/]*$/, "")) || {};
    var value = valueAt(data, parts);
    var keyword = error.keyword;
    if (keyword === "required") {
      var missing = error.params.missingProperty;
      var about = (node.properties || {})[missing] || {};
      var hint = about.description ? " (" + about.description + ")" : "";
      var where = parts.length ? "`" + fieldPath(parts) + "`" : "the case";
      return [problem(parts, "missing-field", "the required field `" + missing + "` is missing from " + where + hint + ".")];
    }
    if (keyword === "additionalProperties") {
      var allowed = Object.keys(node.properties || {});
      var extra = error.params.additionalProperty;
      return [problem(parts.concat([extra]), "unknown-field", "`" + extra + "` is not a field here." +
        didYouMean(extra, allowed) + " Allowed fields: " + allowed.join(", ") + ".")];
    }
    if (keyword === "enum") {
      var terms = error.params.allowedValues.map(String);
      var vocabulary = node["x-vocabulary"];
      var suggestion = didYouMean(value, terms);
      if (!vocabulary) {
        return [problem(parts, "schema", show(value) + " is not allowed. Allowed: " + terms.join(", ") + "." + suggestion)];
      }
      var label = (labels[vocabulary] || vocabulary).toLowerCase();
      return [problem(parts, "unknown-term", show(value) + " is not " + article(label) + " " + label +
        ". Allowed: " + terms.join(", ") + "." + suggestion)];
    }
    if (keyword === "type") {
      var names = [].concat(error.params.type.split(","));
      var wanted = names.map(function (n) { return TYPE_NAMES[n] || n; }).join(" or ");
      var more = "";
      if (names.indexOf("array") >= 0 && !Array.isArray(value)) more = " Write a list with one `- item` per line, or `[a, b]`.";
      else if (names.indexOf("string") >= 0 && (typeof value === "number" || typeof value === "boolean")) {
        more = " Put the value in quotes to keep it as text.";
      }
      return [problem(parts, "wrong-type", "expected " + wanted + ", found " + kindOf(value) + "." + more)];
    }
    if (keyword === "pattern" || keyword === "format") {
      if (keyword === "pattern" && String(node.pattern || "").indexOf(URL_PATTERN_START) === 0) {
        return [problem(parts, "url", show(value) + " is not a web address as the casebook takes it. Write a full " +
          "http or https URL, such as https://www.example.org/page, with no spaces; " +
          "percent-encode letters outside A to Z and the characters | { }.")];
      }
      if (node.format === "date" || keyword === "format") {
        return [problem(parts, "date", show(value) + " is not a real date. Write it as YYYY-MM-DD, for example 2026-11-25.")];
      }
      var described = node.patternErrorMessage || node.description || "the field's form";
      return [problem(parts, "pattern", show(value) + " is not in the expected form: " + described)];
    }
    if (keyword === "not") {
      // macros/validate.py words this one by its own rule (check_public_addresses).
      var refused = (node.not && node.not.patternErrorMessage) || "a value this field does not take.";
      return [problem(parts, "private-address", show(value) + " is not in the expected form: " + refused)];
    }
    if (keyword === "minLength") {
      if (value === "") return [problem(parts, "empty-text", "the text is empty. Write the value, or leave the field out.")];
      return [problem(parts, "too-short", "the text is " + chars(value).length + " characters long; at least " +
        error.params.limit + " are needed here.")];
    }
    if (keyword === "maxLength") {
      return [problem(parts, "too-long", "the text is " + chars(value).length + " characters long; at most " +
        error.params.limit + " are allowed here.")];
    }
    if (keyword === "minItems") {
      return [problem(parts, "empty-list", "the list is empty. Give at least one item, or leave the field out where nothing is recorded.")];
    }
    if (keyword === "uniqueItems") return [problem(parts, "duplicate-item", "the list names the same item twice. Keep one.")];
    if (keyword === "minimum" || keyword === "maximum") {
      return [problem(parts, "out-of-range", value + " is out of range: expected " + (keyword === "minimum" ? "at least" : "at most") +
        " " + error.params.limit + ".")];
    }
    if (keyword === "anyOf") {
      var needed = (node.anyOf || []).map(function (branch) { return "`" + ((branch.required || ["?"])[0]) + "`"; });
      return [problem(parts, "missing-field", "give at least one of the fields " + needed.join(", ") + ".")];
    }
    return [problem(parts, "schema", error.message)];
  }

  function schemaProblems(data, validate, schema, labels) {
    if (validate(data)) return [];
    return (validate.errors || [])
      // python-jsonschema reports an anyOf's or an if's outcome, not each branch's errors.
      .filter(function (e) { return e.keyword !== "if" && e.schemaPath.indexOf("/anyOf/") < 0; })
      .reduce(function (all, e) { return all.concat(translate(e, data, schema, labels)); }, []);
  }

  // ---- Rules a schema cannot say: macros/validate.py's, in its words ----------------

  function isObject(v) { return v !== null && typeof v === "object" && !Array.isArray(v); }

  // (parts, list) of every list of source ids; the top-level `sources` defines them.
  function sourceLists(value, parts, out) {
    if (isObject(value)) {
      Object.keys(value).forEach(function (key) {
        var here = parts.concat([key]);
        var refers = key === "classification_sources" || (key === "sources" && parts.length);
        if (refers && Array.isArray(value[key])) out.push([here, value[key]]);
        else if (parts.length || key !== "sources") sourceLists(value[key], here, out);
      });
    } else if (Array.isArray(value)) {
      value.forEach(function (child, index) { sourceLists(child, parts.concat([index]), out); });
    }
    return out;
  }

  function sourceReferences(data) {
    if (!Array.isArray(data.sources)) return [];
    var known = [];
    data.sources.forEach(function (s) {
      if (isObject(s) && typeof s.id === "string" && known.indexOf(s.id) < 0) known.push(s.id);
    });
    var fix = known.length
      ? "Add the source there, or use one of: " + known.join(", ") + "."
      : "The case's `sources` list names no source yet: add each one there, with an `id`.";
    var out = [];
    sourceLists(data, [], []).forEach(function (pair) {
      pair[1].forEach(function (ref, index) {
        if (typeof ref === "string" && known.indexOf(ref) < 0) {
          out.push(problem(pair[0].concat([index]), "unknown-source", "'" + ref +
            "' is not the id of a source in this case's `sources` list." + didYouMean(ref, known) + " " + fix));
        }
      });
    });
    var first = {};
    var duplicates = [];
    data.sources.forEach(function (s, index) {
      if (!isObject(s) || typeof s.id !== "string") return;
      if (s.id in first) duplicates.push(problem(["sources", index, "id"], "duplicate-source", "the source id '" + s.id +
        "' is used twice in `sources`. Give each source its own id."));
      else first[s.id] = index;
    });
    return duplicates.length ? duplicates : out;
  }

  function regionInNation(data, ctx) {
    var place = data.place;
    if (!isObject(place)) return [];
    var expected = ctx.region_nations[place.region];
    if (expected && typeof place.nation === "string" && place.nation !== expected) {
      return [problem(["place", "nation"], "region-nation", "the region '" + place.region + "' is in " + expected +
        ", not in " + place.nation + ". Set `nation: " + expected + "`, or correct the region.")];
    }
    return [];
  }

  function fundingNoneAlone(data) {
    var funding = data.funding;
    if (Array.isArray(funding) && funding.indexOf("none") >= 0 && funding.length > 1) {
      return [problem(["funding", funding.indexOf("none")], "funding-none", "'none' means the collaboration has no " +
        "dedicated funding, so it cannot be listed with other funding types. Remove 'none' or the others.")];
    }
    return [];
  }

  function citesStudy(data, ctx) {
    if (!("engagement" in data) || !Array.isArray(data.sources)) return [];
    var cited = data.sources.some(function (s) { return isObject(s) && s.url === ctx.study_url; });
    return cited ? [] : [problem(["sources"], "study-not-cited", "this case records the study's engagement but does " +
      "not cite the study. Add a source with `url: " + ctx.study_url + "`.")];
  }

  function basisCited(data, ctx) {
    var sources = Array.isArray(data.sources) ? data.sources : [];
    var studyIds = sources.filter(function (s) { return isObject(s) && s.url === ctx.study_url; }).map(function (s) { return s.id; });
    var entries = [];
    ["drivers", "enablers", "accountability", "learning"].forEach(function (name) {
      if (Array.isArray(data[name])) data[name].forEach(function (e, i) { if (isObject(e)) entries.push([[name, i], e]); });
    });
    if (isObject(data.measurement)) entries.push([["measurement"], data.measurement]);
    return entries.filter(function (pair) {
      var e = pair[1];
      return e.basis === "study" && Array.isArray(e.sources) && !e.sources.some(function (s) { return studyIds.indexOf(s) >= 0; });
    }).map(function (pair) {
      return problem(pair[0].concat(["basis"]), "basis-not-cited", "`basis: study` says the study itself makes this link, " +
        "so the entry must cite the study in its `sources`. Add the study's source id, or write `basis: editors` if this " +
        "is the editors' reading of the other sources.");
    });
  }

  function statusSupported(data) {
    var status = data.status;
    if (!isObject(status) || (status.value !== "active" && status.value !== "ended")) return [];
    var missing = ["as_of", "sources"].filter(function (f) { return !(f in status); });
    if (!missing.length) return [];
    return [problem(["status"], "status-unsupported", "a status of '" + status.value + "' needs " +
      missing.map(function (m) { return "`" + m + "`"; }).join(" and ") + ": the source that shows it, and that " +
      "source's date (YYYY or YYYY-MM). Where no source says, write `value: unknown`.")];
  }

  var PAST = [
    [["last_reviewed"], "the date you last checked the case against its sources", "the day you checked it"],
    [["coding", "*"], "the date you read the case's sources against the rule", "the day you read them"],
    [["started", "year"], "the year it started", ""],
    [["ended", "year"], "the year it ended", ""],
    [["status", "as_of"], "the date of the source that gives the status", ""],
    [["sources", "[]", "year"], "the year the source was published", ""],
  ];

  function at(value, steps, parts, out) {
    if (!steps.length) { out.push([parts, value]); return out; }
    var step = steps[0];
    if (step === "[]" && Array.isArray(value)) value.forEach(function (v, i) { at(v, steps.slice(1), parts.concat([i]), out); });
    else if (step === "*" && isObject(value)) Object.keys(value).forEach(function (k) { at(value[k], steps.slice(1), parts.concat([k]), out); });
    else if (isObject(value) && step in value) at(value[step], steps.slice(1), parts.concat([step]), out);
    return out;
  }

  function notFuture(data, ctx) {
    var today = ctx.today;
    var out = [];
    PAST.forEach(function (rule) {
      at(data, rule[0], [], []).forEach(function (pair) {
        var value = pair[1];
        var when = typeof value === "string" || (typeof value === "number" && Number.isInteger(value)) ? String(value) : "";
        if (/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/.test(when) && when > today.slice(0, when.length)) {
          out.push(problem(pair[0], "future-date", (typeof value === "string" ? show(value) : when) + " is later than today (" +
            today + "): " + rule[1] + " cannot be in the future. Write " + (rule[2] || "it as your source gives it") +
            ", today or earlier."));
        }
      });
    });
    return out;
  }

  function uniqueEntries(data, ctx) {
    var out = [];
    ctx.unique_lists.forEach(function (pair) {
      var name = pair[0], key = pair[1];
      if (!Array.isArray(data[name])) return;
      var seen = {};
      data[name].forEach(function (entry, index) {
        var term = isObject(entry) ? entry[key] : undefined;
        if (typeof term !== "string") return;
        if (seen[term]) out.push(problem([name, index, key], "duplicate-item", "'" + term + "' is listed twice in `" + name + "`. Merge the two entries."));
        seen[term] = true;
      });
    });
    return out;
  }

  function areaCodes(data) {
    if (!isObject(data.place) || !Array.isArray(data.identifiers)) return [];
    var areas = (data.place.areas || []).filter(function (a) { return typeof a === "string"; });
    var out = [];
    data.identifiers.forEach(function (entry, index) {
      if (!isObject(entry) || entry.scheme !== "gss") return;
      var named = entry.of;
      if (areas.indexOf(named) >= 0) return;
      var said = typeof named === "string" ? "'" + named + "' is not" : "it does not name";
      out.push(problem("of" in entry ? ["identifiers", index, "of"] : ["identifiers", index], "unknown-area",
        "an area code must say which of the case's areas it is, and " + said + " one of `place.areas`." +
        didYouMean(pyStr(named), areas) + " Set `of:` to one of: " + areas.join(", ") + "."));
    });
    return out;
  }

  // The form's own rule: a new case's id is free (no case has it, and no former case had it).
  function idFree(data, ctx) {
    var id = data.id;
    if (typeof id !== "string" || id === ctx.editing) return [];
    if (ctx.taken && Object.prototype.hasOwnProperty.call(ctx.taken, id)) {
      return [problem(["id"], "duplicate-id", "the id '" + id + "' is already used by " + ctx.taken[id] + ". Each case needs its own id.")];
    }
    if (ctx.former && Object.prototype.hasOwnProperty.call(ctx.former, id)) {
      return [problem(["id"], "former-id", "'" + id + "' was a case's id (" + ctx.former[id] + "), and its address still " +
        "leads there, so a new case cannot take it. Give a more specific id, for example with the place in it.")];
    }
    return [];
  }

  var RULES = [sourceReferences, regionInNation, areaCodes, fundingNoneAlone, citesStudy, basisCited, statusSupported,
    notFuture, uniqueEntries, idFree];

  function problems(data, validate, schema, ctx) {
    var all = schemaProblems(data, validate, schema, ctx.labels);
    RULES.forEach(function (rule) { all = all.concat(rule(data, ctx)); });
    var seen = {};
    return all.filter(function (p) {
      var key = p.field + "\u0000" + p.message;
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
  }

  // ---- The file ----------------------------------------------------------------------

  var RESERVED = /^(?:y|n|yes|no|true|false|on|off|null|~|\.inf|-\.inf|\.nan)$/i;

  // A YAML 1.1 plain scalar that reads back as this same text, or null.
  function plain(text, inFlow) {
    if (text === "" || RESERVED.test(text) || /^[\s\-?:,[\]{}#&*!|>'"%@`.+0-9]/.test(text) || /\s$/.test(text)) return null;
    if (/: |:$| #|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff"\\]/.test(text)) return null;
    if (inFlow && /[,:[\]{}]/.test(text)) return null;
    return text;
  }

  function quoted(text) {
    // JSON's double-quoted strings are YAML's, with U+2028, U+2029 and U+0085 escaped too.
    return JSON.stringify(text).replace(/[\u0085\u2028\u2029]/g, function (c) {
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    });
  }

  function scalar(value, inFlow) {
    if (typeof value === "string") return plain(value, inFlow) === null ? quoted(value) : value;
    return String(value);
  }

  function block(value, indent) {
    var pad = " ".repeat(indent);
    var lines = [];
    Object.keys(value).forEach(function (key) {
      var child = value[key];
      if (isObject(child)) {
        lines.push(pad + key + ":");
        lines = lines.concat(block(child, indent + 2));
      } else if (Array.isArray(child)) {
        lines = lines.concat(list(key, child, indent));
      } else {
        lines.push(pad + key + ": " + scalar(child, false));
      }
    });
    return lines;
  }

  function list(key, items, indent) {
    var pad = " ".repeat(indent);
    if (items.every(function (v) { return !isObject(v) && !Array.isArray(v); })) {
      var flow = pad + key + ": [" + items.map(function (v) { return scalar(v, true); }).join(", ") + "]";
      var short = items.every(function (v) { return typeof v !== "string" || plain(v, true) !== null; });
      if (short && flow.length <= 100) return [flow];
      return [pad + key + ":"].concat(items.map(function (v) { return pad + "  - " + scalar(v, false); }));
    }
    var lines = [pad + key + ":"];
    items.forEach(function (item) {
      var inner = block(item, indent + 4);
      if (!inner.length) { lines.push(pad + "  - {}"); return; }
      inner[0] = pad + "  - " + inner[0].slice(indent + 4);
      lines = lines.concat(inner);
    });
    return lines;
  }

  // The case as templates/case.yaml lays it out: the editor's schema line, its
  // comments over the fields it explains, fields in the schema's order.
  function toYaml(data, comments) {
    var lines = ["# yaml-language-server: $schema=../schema/case.schema.json", "#",
      "# A case of the Collaboration Casebook, written by the site's \"Propose a case\" form.",
      "# The field reference: CONTRIBUTING.md, and the site's \"Field reference\" page.", ""];
    Object.keys(data).forEach(function (key) {
      (comments[key] || []).forEach(function (line) { lines.push(line); });
      var one = {};
      one[key] = data[key];
      lines = lines.concat(block(one, 0));
    });
    return lines.join("\n") + "\n";
  }

  // Lines removed ("-") and added ("+") from `before` to `after`, with the lines kept
  // around each change (" "), by the longest common subsequence.
  function lineDiff(before, after) {
    var a = before.split("\n"), b = after.split("\n");
    var n = a.length, m = b.length;
    var table = [];
    for (var i = n; i >= 0; i--) {
      table[i] = [];
      for (var j = m; j >= 0; j--) {
        table[i][j] = i === n || j === m ? 0 : a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    var out = [];
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] === b[j]) { out.push(" " + a[i]); i++; j++; }
      else if (i < n && (j === m || table[i + 1][j] >= table[i][j + 1])) { out.push("-" + a[i]); i++; }
      else { out.push("+" + b[j]); j++; }
    }
    var keep = out.map(function (line, k) {
      if (line[0] !== " ") return true;
      for (var d = -2; d <= 2; d++) if (out[k + d] && out[k + d][0] !== " ") return true;
      return false;
    });
    return out.filter(function (_, k) { return keep[k]; }).join("\n");
  }

  var api = { problems: problems, schemaProblems: schemaProblems, toYaml: toYaml, lineDiff: lineDiff,
    fieldPath: fieldPath, didYouMean: didYouMean };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.casebookRules = api;
})(typeof self !== "undefined" ? self : this);
